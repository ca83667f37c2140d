import { describe, expect, it } from 'vitest';
import { inetNtop, inetNtop6, inetPton4, inetPton6 } from '../../../src/common/inet.js';
import { AF_INET, AF_INET6 } from '../../../src/ipvs/types.js';

const ntop = (text: string): string => {
  const b = inetPton6(text);
  if (!b) throw new Error(`bad fixture ${text}`);
  return inetNtop6(b);
};

describe('§6.6 glibc inet_ntop (IPv6)', () => {
  it.each([
    ['::2', '::2'],
    ['::1:2', '::0.1.0.2'],
    ['::0.1.0.0', '::0.1.0.0'],
    ['::ffff:0:0', '::ffff:0.0.0.0'],
    ['::1:0:0', '::1:0:0'],
    ['1:0:0:1:0:0:0:1', '1:0:0:1::1'],
    ['1:0:0:1:0:0:1:1', '1::1:0:0:1:1'],
    ['2001:DB8::A', '2001:db8::a'],
    ['::ffff:ffff:1.2.3.4', '::ffff:ffff:102:304'],
    ['::', '::'],
  ])('%s → %s', (input, expected) => expect(ntop(input)).toBe(expected));
  it('single zero groups and trailing runs', () => {
    expect(ntop('1:0:2:3:4:5:6:7')).toBe('1:0:2:3:4:5:6:7');
    expect(ntop('1:2::')).toBe('1:2::');
    expect(ntop('::1')).toBe('::1');
    expect(ntop('::ffff:1.2.3.4')).toBe('::ffff:1.2.3.4');
  });
  it('IPv4 and unknown families', () => {
    expect(inetNtop(AF_INET, Uint8Array.from([192, 168, 1, 1]))).toBe('192.168.1.1');
    expect(inetNtop(AF_INET6, new Uint8Array(16))).toBe('::');
    expect(inetNtop(0, new Uint8Array(16))).toBeNull();
  });
});

describe('glibc inet_pton', () => {
  it('IPv4 is strict', () => {
    expect(inetPton4('10.0.0.1')).toEqual(Uint8Array.from([10, 0, 0, 1]));
    for (const bad of ['10.0.0', '10.0.0.01', '256.0.0.1', '1.2.3.4.5', 'C0A80A64', '', '1..2.3']) expect(inetPton4(bad)).toBeNull();
  });
  it('IPv6 accepts :: once and a trailing dotted quad', () => {
    expect(inetPton6('2001:db8::1')).not.toBeNull();
    for (const bad of ['1:::2', ':1::2', '1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', '1:', 'C0A80A64', '10.0.0.1']) {
      expect(inetPton6(bad)).toBeNull();
    }
    expect(inetPton6('C0A8::')).not.toBeNull();
  });
});
