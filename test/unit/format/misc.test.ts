import { describe, expect, it } from 'vitest';
import { addrportToAnyname } from '../../../src/format/address.js';
import { formatDaemons } from '../../../src/format/daemon.js';
import { noNames } from '../../../src/common/names.js';
import { sprintf } from '../../../src/format/printf.js';
import { formatTimeouts } from '../../../src/format/timeout.js';
import { AF_INET, AF_INET6, type Daemon } from '../../../src/ipvs/types.js';
import { tableNames, v4, v6 } from './fixture.js';

describe('§6.6 addrport_to_anyname', () => {
  const nm = tableNames();
  it('numeric and named forms', () => {
    expect(addrportToAnyname(AF_INET, v4('10.0.0.1'), 80, 6, true, nm)).toBe('10.0.0.1:80');
    expect(addrportToAnyname(AF_INET6, v6('2001:db8::80'), 443, 6, true, nm)).toBe('[2001:db8::80]:443');
    expect(addrportToAnyname(AF_INET, v4('10.0.0.1'), 80, 6, false, nm)).toBe('10.0.0.1:http');
    expect(addrportToAnyname(AF_INET, v4('10.0.0.1'), 8080, 6, false, nm)).toBe('10.0.0.1:http-alt');
    expect(addrportToAnyname(AF_INET, v4('10.0.0.1'), 22, 6, false, nm)).toBe('10.0.0.1:ssh');
    expect(addrportToAnyname(AF_INET6, v6('2001:db8::80'), 443, 6, false, nm)).toBe('[2001:db8::80]:https');
    expect(addrportToAnyname(AF_INET, v4('10.0.0.1'), 80, 0, false, nm)).toBe('10.0.0.1:80');
    expect(addrportToAnyname(AF_INET, v4('10.0.0.1'), 9999, 6, false, nm)).toBe('10.0.0.1:9999');
  });
  it('a 54-character host name with port http-alt is cut to …name:http', () => {
    const host = 'h'.repeat(50) + '.com';
    expect(host).toHaveLength(54);
    const r = addrportToAnyname(AF_INET, v4('10.0.0.7'), 8080, 6, false, tableNames({ '10.0.0.7': host }));
    expect(r).toBe(`${host}:http`);
    expect(r).toHaveLength(59);
  });
});

describe('§6.10 / §6.11', () => {
  it('timeouts', () => {
    expect(formatTimeouts({ tcp: 900, tcpFin: 120, udp: 300 })).toBe('Timeout (tcp tcpfin udp): 900 120 300\n');
  });
  const base: Daemon = { state: 1, mcastIfn: 'eth0', syncId: 0, syncMaxLen: 0, mcastGroup: null, mcastPort: 0, mcastTtl: 0 };
  it('the verified master example', () => {
    const d: Daemon = { ...base, syncMaxLen: 1472, mcastGroup: { af: AF_INET, addr: v4('224.0.0.81') }, mcastPort: 8848, mcastTtl: 1 };
    expect(formatDaemons([d])).toBe('master sync daemon (mcast=eth0, syncid=0, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)\n');
  });
  it('backup, IPv6 group, skipped states, at most two', () => {
    const b: Daemon = { ...base, state: 2, mcastIfn: 'eth1', syncId: 5, mcastGroup: { af: AF_INET6, addr: v6('ff02::1') } };
    expect(formatDaemons([{ ...base, state: 0 }, b])).toBe('backup sync daemon (mcast=eth1, syncid=5, group=ff02::1)\n');
    expect(formatDaemons([base, b, base])).toBe('master sync daemon (mcast=eth0, syncid=0)\nbackup sync daemon (mcast=eth1, syncid=5, group=ff02::1)\n');
    expect(formatDaemons([])).toBe('');
  });
});

describe('printf subset', () => {
  it('widths, flags, C integer conversions', () => {
    expect(sprintf('%-4s|%8s|%s', 'TCP', 'x', null)).toBe('TCP |       x|(null)');
    expect(sprintf('%d %u %-10u|', -1, -1, 5)).toBe('-1 4294967295 5         |');
    expect(sprintf('%8llu|%02d:%02d|%%', 18446744073709551615n, 5, 7)).toBe('18446744073709551615|05:07|%');
    expect(sprintf('%-05d|%05d|%5s|', -3, -3, 'ab')).toBe('-3   |-0003|   ab|');
    expect(() => sprintf('%f', 1)).toThrow(/unsupported conversion/);
    expect(() => sprintf('%l', 1)).toThrow(/unsupported conversion/);
    expect(() => sprintf('%d')).toThrow(/missing argument/);
    expect(sprintf('%d', 0x80000000)).toBe('-2147483648');
  });
});
