import { describe, expect, it } from 'vitest';
import { noNames } from '../../../src/common/names.js';
import { formatSaveDest, formatSaveService } from '../../../src/format/save.js';
import { AF_INET6, FWD, SVC_F, TUN_FLAG, TUN_TYPE } from '../../../src/ipvs/types.js';
import { dest, renderSave, svc, tableNames, v4, v6 } from './fixture.js';
import { golden, S_NAMES, SN } from './goldens.js';

describe('§13 -S', () => {
  it('-Sn', () => expect(renderSave(true, tableNames())).toBe(golden(SN)));
  it('-S (names)', () => expect(renderSave(false, tableNames())).toBe(golden(S_NAMES)));
  it('long IPv6 name cut at 59 characters', () => {
    const nm = tableNames({ [Array.from(v6('2001:db8::77')).join(',')]: 'averyveryverylongv6hostname.example.internal.domain.test' });
    const s = svc({ af: AF_INET6, addr: v6('2001:db8::77'), port: 80 });
    expect(formatSaveService(s, false, nm)).toBe('-A -t [averyveryverylongv6hostname.example.internal.domain.test]: -s wlc\n');
  });
});

describe('§6.9 rule details', () => {
  const s = (p: Parameters<typeof svc>[0]): string => formatSaveService(svc(p), true, noNames);
  it('sched flags may be empty, leaving a trailing space', () => {
    expect(s({ addr: v4('10.0.0.1'), port: 80, schedName: 'sh', flags: SVC_F.SCHED3 })).toBe('-A -t 10.0.0.1:80 -s sh -b \n');
  });
  it('--pe even when not persistent; -o; fwmark IPv6; sctp; unknown protocol', () => {
    expect(s({ protocol: 17, addr: v4('10.0.0.1'), port: 53, peName: 'sip', flags: SVC_F.ONEPACKET })).toBe(
      '-A -u 10.0.0.1:53 -s wlc --pe sip -o\n',
    );
    expect(s({ af: AF_INET6, protocol: 0, fwmark: 2 })).toBe('-A -f 2 -6 -s wlc\n');
    expect(s({ protocol: 132, addr: v4('10.0.0.1'), port: 80 })).toBe('-A --sctp-service 10.0.0.1:80 -s wlc\n');
    expect(s({ protocol: 99, addr: v4('10.0.0.1'), port: 80 })).toBe('-A --xxx-service 10.0.0.1:80 -s wlc\n');
    expect(s({ addr: v4('10.0.0.1'), flags: SVC_F.PERSISTENT, timeout: 300, netmask: 0xffff0000, schedName: 'rr' })).toBe(
      '-A -t 10.0.0.1:0 -s rr -p 300 -M 255.255.0.0\n',
    );
  });
  it('server lines: tunnels, local, unknown method', () => {
    const web = svc({ addr: v4('10.0.0.1'), port: 80 });
    const d = (p: Parameters<typeof dest>[0]): string => formatSaveDest(web, dest({ addr: v4('10.0.1.1'), port: 80, ...p }), true, noNames);
    expect(d({ fwdMethod: FWD.TUNNEL, tunType: TUN_TYPE.GRE, tunFlags: TUN_FLAG.REMCSUM })).toBe(
      '-a -t 10.0.0.1:80 -r 10.0.1.1:80 -i -w 1 --tun-type gre --tun-remcsum\n',
    );
    expect(d({ fwdMethod: FWD.TUNNEL, tunType: TUN_TYPE.GUE, tunPort: 5555, tunFlags: TUN_FLAG.NOCSUM })).toBe(
      '-a -t 10.0.0.1:80 -r 10.0.1.1:80 -i -w 1 --tun-type gue --tun-port 5555 --tun-nocsum\n',
    );
    expect(d({ fwdMethod: FWD.TUNNEL, tunType: TUN_TYPE.IPIP })).toBe('-a -t 10.0.0.1:80 -r 10.0.1.1:80 -i -w 1 --tun-type ipip\n');
    expect(d({ fwdMethod: FWD.TUNNEL, tunType: 9 })).toBe('-a -t 10.0.0.1:80 -r 10.0.1.1:80 -i -w 1\n');
    expect(d({ fwdMethod: FWD.LOCALNODE, weight: 0 })).toBe('-a -t 10.0.0.1:80 -r 10.0.1.1:80 -g -w 0\n');
    expect(d({ fwdMethod: FWD.BYPASS })).toBe('-a -t 10.0.0.1:80 -r 10.0.1.1:80 (null) -w 1\n');
  });
});
