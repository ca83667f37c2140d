import { describe, expect, it } from 'vitest';
import {
  formatDestLine,
  formatServiceLine,
  formatTitle,
  formatVersionLine,
  fwdName,
} from '../../../src/format/list.js';
import { noNames } from '../../../src/common/names.js';
import { sortDests } from '../../../src/ipvs/sort.js';
import { AF_INET6, FWD, SVC_F, TUN_FLAG, TUN_TYPE } from '../../../src/ipvs/types.js';
import { dest, fmt, INFO, KERNEL, renderList, svc, tableNames, v4, v6, WEB, ZERO } from './fixture.js';
import {
  golden,
  L_NAMES,
  LN,
  LN_NOSORT_HEAD,
  LN_ONE_SERVICE,
  LN_PERSISTENT_CONN,
  LN_RATE,
  LN_STATS,
  LN_STATS_EXACT_FIRST3,
  LN_THRESHOLDS,
  LN_TUN_INFO,
} from './goldens.js';

const names = tableNames();

describe('§13 whole-table listings', () => {
  it('-Ln', () => expect(renderList(fmt({ numeric: true }), names)).toBe(golden(LN)));
  it('-L (names)', () => expect(renderList(fmt(), names)).toBe(golden(L_NAMES)));
  it('-Ln --stats', () => expect(renderList(fmt({ numeric: true, stats: true }), names)).toBe(golden(LN_STATS)));
  it('-Ln --stats --exact (first three data lines)', () => {
    const lines = renderList(fmt({ numeric: true, stats: true, exact: true }), names).split('\n');
    expect(lines.slice(3, 6).join('\n') + '\n').toBe(golden(LN_STATS_EXACT_FIRST3));
  });
  it('-Ln --rate', () => expect(renderList(fmt({ numeric: true, rate: true }), names)).toBe(golden(LN_RATE)));
  it('-Ln --thresholds', () =>
    expect(renderList(fmt({ numeric: true, thresholds: true }), names)).toBe(golden(LN_THRESHOLDS)));
  it('-Ln --persistent-conn', () =>
    expect(renderList(fmt({ numeric: true, persistentConn: true }), names)).toBe(golden(LN_PERSISTENT_CONN)));
  it('-Ln --tun-info', () => expect(renderList(fmt({ numeric: true, tunInfo: true }), names)).toBe(golden(LN_TUN_INFO)));
  it('priority: stats > rate > thresholds > persistent-conn > tun-info', () => {
    const all = { numeric: true, stats: true, rate: true, thresholds: true, persistentConn: true, tunInfo: true };
    expect(renderList(fmt(all), names)).toBe(golden(LN_STATS));
    expect(renderList(fmt({ ...all, stats: false }), names)).toBe(golden(LN_RATE));
    expect(renderList(fmt({ ...all, stats: false, rate: false }), names)).toBe(golden(LN_THRESHOLDS));
    expect(renderList(fmt({ numeric: true, persistentConn: true, tunInfo: true }), names)).toBe(golden(LN_PERSISTENT_CONN));
  });
  it('-Ln --nosort keeps kernel order of servers', () => {
    const f = fmt({ numeric: true, nosort: true });
    const web = KERNEL.find((e) => e.svc === WEB);
    let out = formatVersionLine(INFO) + formatTitle(f) + formatServiceLine(WEB, f, names);
    for (const d of web?.dests ?? []) out += formatDestLine(WEB, d, f, names);
    expect(out).toBe(golden(LN_NOSORT_HEAD));
  });
  it('-Ln -t 207.175.44.110:80 (no version line)', () => {
    const f = fmt({ numeric: true });
    const web = KERNEL.find((e) => e.svc === WEB);
    let out = formatTitle(f) + formatServiceLine(WEB, f, names);
    for (const d of sortDests(web?.dests ?? [])) out += formatDestLine(WEB, d, f, names);
    expect(out).toBe(golden(LN_ONE_SERVICE));
  });
  it('version line', () => {
    expect(formatVersionLine({ version: 0x010201, connTabSize: 4096 })).toBe('IP Virtual Server version 1.2.1 (size=4096)\n');
  });
});

describe('§6.4 service lines', () => {
  const n = fmt({ numeric: true });
  const line = (p: Parameters<typeof svc>[0]): string => formatServiceLine(svc(p), n, noNames);
  it('examples', () => {
    expect(line({ addr: v4('207.175.44.110'), port: 80, schedName: 'rr' })).toBe('TCP  207.175.44.110:80 rr\n');
    expect(line({ protocol: 17, addr: v4('10.0.0.5'), port: 53, schedName: 'sh', flags: SVC_F.SCHED2 | SVC_F.ONEPACKET })).toBe(
      'UDP  10.0.0.5:53 sh (sh-port) ops\n',
    );
    expect(
      line({ af: AF_INET6, addr: v6('2001:db8::80'), port: 443, schedName: 'wrr', flags: SVC_F.PERSISTENT, timeout: 360, netmask: 64 }),
    ).toBe('TCP  [2001:db8::80]:443 wrr persistent 360 mask 64\n');
    expect(line({ protocol: 0, fwmark: 1, flags: SVC_F.PERSISTENT, timeout: 600, netmask: 0xffffff00, peName: 'sip' })).toBe(
      'FWM  1 wlc persistent 600 mask 255.255.255.0 pe sip\n',
    );
    expect(line({ addr: v4('10.9.0.6'), port: 80, schedName: 'mh', flags: SVC_F.SCHED1 | SVC_F.SCHED2 })).toBe(
      'TCP  10.9.0.6:80 mh (mh-fallback,mh-port)\n',
    );
    expect(line({ af: AF_INET6, protocol: 0, fwmark: 3 })).toBe('FWM  3 IPv6 wlc\n');
  });
  it('SCTP, unnamed sched flags, sh ()', () => {
    expect(line({ protocol: 132, addr: v4('10.0.0.1'), port: 80 })).toBe('SCTP 10.0.0.1:80 wlc\n');
    expect(line({ addr: v4('10.0.0.1'), port: 80, schedName: 'sh', flags: SVC_F.SCHED3 })).toBe('TCP  10.0.0.1:80 sh ()\n');
    expect(line({ addr: v4('10.0.0.1'), port: 80, flags: SVC_F.SCHED1 | SVC_F.SCHED3 })).toBe(
      'TCP  10.0.0.1:80 wlc (flag-1,flag-3)\n',
    );
  });
  it('pe only shown when persistent; full masks hidden', () => {
    expect(line({ addr: v4('10.0.0.1'), port: 80, peName: 'sip' })).toBe('TCP  10.0.0.1:80 wlc\n');
    expect(line({ addr: v4('10.0.0.1'), port: 0, flags: SVC_F.PERSISTENT, timeout: 360 })).toBe(
      'TCP  10.0.0.1:0 wlc persistent 360\n',
    );
    expect(line({ af: AF_INET6, addr: v6('::1'), port: 1, flags: SVC_F.PERSISTENT, timeout: 1, netmask: 128 })).toBe(
      'TCP  [::1]:1 wlc persistent 1\n',
    );
  });
  it('fwmark ≥ 2^31 prints negative', () => {
    expect(line({ protocol: 0, fwmark: 0x80000000 })).toBe('FWM  -2147483648 wlc\n');
  });
});

describe('§13 truncation with long names', () => {
  const hosts = {
    '10.0.0.77': 'averyveryverylonghostname.example.internal.domain.test',
    [Array.from(v6('2001:db8::77')).join(',')]: 'averyveryverylongv6hostname.example.internal.domain.test',
  };
  const nm = tableNames(hosts);
  const f = fmt();
  it('IPv4 service cut to 33, server cut to 28', () => {
    const s = svc({ addr: v4('10.0.0.77'), port: 80 });
    expect(formatServiceLine(s, f, nm)).toBe('TCP  averyveryverylonghostname.ex wlc\n');
    const d = dest({ addr: v4('10.0.0.77'), port: 80, fwdMethod: FWD.MASQ });
    expect(formatDestLine(s, d, f, nm)).toBe(golden('  -> averyveryverylonghostname.ex Masq    1      0          0         $\n'));
  });
  it('IPv6 only cut at 59 characters', () => {
    const s = svc({ af: AF_INET6, addr: v6('2001:db8::77'), port: 80 });
    expect(formatServiceLine(s, f, nm)).toBe('TCP  [averyveryverylongv6hostname.example.internal.domain.test]: wlc\n');
    const d = dest({ af: AF_INET6, addr: v6('2001:db8::77'), port: 80, fwdMethod: FWD.MASQ });
    expect(formatDestLine(s, d, f, nm)).toBe(
      golden('  -> [averyveryverylongv6hostname.example.internal.domain.test]: Masq    1      0          0         $\n'),
    );
  });
});

describe('§13 large values and the server counter quirk', () => {
  it('server conns 5000000000 → 705032K; inpps 4294967301 → 5', () => {
    const d = dest({ addr: v4('10.0.0.2'), port: 80, stats: { ...ZERO, conns: 5000000000n, inpps: 4294967301n } });
    expect(formatDestLine(WEB, d, fmt({ numeric: true, stats: true }), noNames)).toContain(' 705032K');
    expect(formatDestLine(WEB, d, fmt({ numeric: true, rate: true }), noNames)).toBe(
      `  -> ${'10.0.0.2:80'.padEnd(28)}        0        5        0        0        0\n`,
    );
  });
  it('service counters use all 64 bits; 1234G18446744T adjacency', () => {
    const s = svc({ addr: v4('10.0.0.1'), port: 80, stats: { ...ZERO, conns: 5000000000n, inbytes: 1234000000000n, outbytes: 18446744073709551615n } });
    const out = formatServiceLine(s, fmt({ numeric: true, stats: true }), noNames);
    expect(out).toContain('    5000M');
    expect(out).toContain('1234G18446744T\n');
  });
  it('server byte counters keep 64 bits', () => {
    const d = dest({ addr: v4('10.0.0.2'), port: 80, stats: { ...ZERO, outbytes: 18446744073709551615n } });
    expect(formatDestLine(WEB, d, fmt({ numeric: true, stats: true }), noNames)).toBe(
      `  -> ${'10.0.0.2:80'.padEnd(28)}        0        0        0        018446744T\n`,
    );
  });
  it('inactive 4294967295 fills the 10-column field exactly', () => {
    const d = dest({ addr: v4('10.0.0.2'), port: 80, inactConns: 4294967295 });
    expect(formatDestLine(WEB, d, fmt({ numeric: true }), noNames)).toBe(
      '  -> 10.0.0.2:80                  Route   1      0          4294967295\n',
    );
  });
});

describe('§6.5 server details', () => {
  it('forward names incl. (null)', () => {
    expect([0, 1, 2, 3, 4, 7].map((m) => fwdName(m))).toEqual(['Masq', 'Local', 'Tunnel', 'Route', null, null]);
    const d = dest({ addr: v4('10.0.0.2'), port: 80, fwdMethod: FWD.BYPASS });
    expect(formatDestLine(WEB, d, fmt({ numeric: true }), noNames)).toBe(
      '  -> 10.0.0.2:80                  (null)  1      0          0         \n',
    );
  });
  it('tunnel info variants', () => {
    const t = fmt({ numeric: true, tunInfo: true });
    const mk = (tunType: number, tunFlags: number, tunPort = 0): string =>
      formatDestLine(WEB, dest({ addr: v4('1.2.3.4'), port: 80, fwdMethod: FWD.TUNNEL, tunType, tunFlags, tunPort }), t, noNames).slice(42, 56);
    expect(mk(TUN_TYPE.IPIP, 0)).toBe('ipip          ');
    expect(mk(TUN_TYPE.GUE, TUN_FLAG.REMCSUM, 65535)).toBe('gue:65535:r+c ');
    expect(mk(TUN_TYPE.GRE, TUN_FLAG.NOCSUM)).toBe('gre:-c        ');
    expect(mk(7, 0)).toBe('n/a           ');
  });
  it('fwmark servers print numeric ports even with names', () => {
    const s = svc({ protocol: 0, fwmark: 1 });
    const d = dest({ addr: v4('192.168.10.3'), port: 80 });
    expect(formatDestLine(s, d, fmt(), tableNames())).toMatch(/^ {2}-> 192\.168\.10\.3:80 /);
  });
});
