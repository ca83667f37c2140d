import { describe, expect, it } from 'vitest';
import { inetAton } from '../../../src/cli/inet.js';
import { inetPton4, inetPton6 } from '../../../src/common/inet.js';
import { atoi, parseSchedFlags, parseService, stringToNumber, strtol10 } from '../../../src/cli/values.js';
import { tableNames } from './names-fixture.js';

const dotted = (n: number | null): string | null =>
  n === null ? null : [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
const hex16 = (b: Uint8Array | null): string | null => (b === null ? null : Buffer.from(b).toString('hex'));

describe('string_to_number (strtol base 10, whole string)', () => {
  const cases: readonly (readonly [string, number | null])[] = [
    ['5', 5],
    [' 5', 5],
    ['\t\n\v\f\r5', 5],
    ['+5', 5],
    ['05', 5],
    ['-0', 0],
    ['5 ', null],
    ['0x5', null],
    ['5k', null],
    ['', null],
    [' ', null],
    ['+', null],
    ['-', null],
    ['65535', 65535],
    ['65536', null],
    ['-1', null],
    ['99999999999999999999999', null],
  ];
  it.each(cases)('%j → %j', (s, want) => expect(stringToNumber(s, 0, 65535)).toBe(want));
});

describe('atoi', () => {
  const cases: readonly (readonly [string, number])[] = [
    ['64', 64],
    ['64x', 64],
    [' +7', 7],
    ['abc', 0],
    ['-1', -1],
    ['4294967297', 1],
    ['99999999999999999999', -1],
  ];
  it.each(cases)('%j → %j', (s, want) => expect(atoi(s)).toBe(want));
});

describe('inet_aton (glibc)', () => {
  const cases: readonly (readonly [string, string | null])[] = [
    ['1.2.3.4', '1.2.3.4'],
    ['1.2.3', '1.2.0.3'],
    ['1.2', '1.0.0.2'],
    ['16909060', '1.2.3.4'],
    ['0x01020305', '1.2.3.5'],
    ['0X1.0x2.0x3.0xff', '1.2.3.255'],
    ['010.0.0.1', '8.0.0.1'],
    ['09.1.1.1', null],
    ['08', null],
    ['0x', null],
    ['0xg', null],
    ['1.2.3.4 junk', '1.2.3.4'],
    ['1.2.3.4\tjunk', '1.2.3.4'],
    ['1.2.3.4x', null],
    ['1', '0.0.0.1'],
    ['4294967295', '255.255.255.255'],
    ['4294967296', null],
    ['1.2.3.256', null],
    ['1.2.65535', '1.2.255.255'],
    ['1.2.65536', null],
    ['1.16777215', '1.255.255.255'],
    ['256.1', null],
    ['1.2.3.4.5', null],
    ['1..2', null],
    ['', null],
    [' 1.2.3.4', null],
    ['+1', null],
    ['24', '0.0.0.24'],
    ['255.255.255.0', '255.255.255.0'],
  ];
  it.each(cases)('%j → %j', (s, want) => expect(dotted(inetAton(s))).toBe(want));
});

describe('inet_pton (glibc, strict)', () => {
  const v6: readonly (readonly [string, string | null])[] = [
    ['::', '00000000000000000000000000000000'],
    ['::1', '00000000000000000000000000000001'],
    ['1::', '00010000000000000000000000000000'],
    ['1:2:3:4:5:6:7:8', '00010002000300040005000600070008'],
    ['1:2:3:4:5:6:7::', '00010002000300040005000600070000'],
    ['::2:3:4:5:6:7:8', '00000002000300040005000600070008'],
    ['1:2:3:4:5:6:7:8:9', null],
    ['1:2:3:4:5:6:7:8::', null],
    ['1::2::3', null],
    [':1', null],
    ['1:', null],
    [':::', null],
    ['12345::', null],
    ['fe80::1%eth0', null],
    ['::ffff:1.2.3.4', '00000000000000000000ffff01020304'],
    ['::1.2.3.4', '00000000000000000000000001020304'],
    ['::ffff:01.2.3.4', null],
    ['1.2.3.4', null],
    ['2001:DB8::A0A0', '20010db8' + '0000'.repeat(5) + 'a0a0'],
    ['ff02::1', 'ff020000000000000000000000000001'],
    ['::3:80', '00000000000000000000000000030080'],
    ['', null],
    ['g::', null],
  ];
  it.each(v6)('v6 %j → %j', (s, want) => expect(hex16(inetPton6(s))).toBe(want));

  const v4cases: readonly (readonly [string, string | null])[] = [
    ['224.0.0.81', 'e0000051'],
    ['1.2.3.4', '01020304'],
    ['01.2.3.4', null],
    ['1.2.3', null],
    ['1.2.3.4.', null],
    ['256.1.1.1', null],
    ['1.2.3.4 ', null],
    ['0.0.0.0', '00000000'],
  ];
  it.each(v4cases)('v4 %j → %j', (s, want) => expect(hex16(inetPton4(s))).toBe(want));
});

describe('parse_service (§5.1)', () => {
  type Want = readonly [string, string, number | null] | null; // [af, addr, port]
  const show = (input: string, proto: number): Want => {
    const r = parseService(input, proto, tableNames);
    if (r === null) return null;
    const addr = r.af === 2 ? Array.from(r.addr.subarray(0, 4)).join('.') : hex16(r.addr) ?? '';
    return [r.af === 2 ? 'v4' : 'v6', addr, r.port];
  };
  const TCP = 6;
  const UDP = 17;
  const SCTP = 132;
  const cases: readonly (readonly [string, number, Want])[] = [
    ['10.0.0.1:http', TCP, ['v4', '10.0.0.1', 80]],
    ['10.0.0.1:www', TCP, ['v4', '10.0.0.1', 80]],
    ['1.2.3:80', TCP, ['v4', '1.2.0.3', 80]],
    ['16909060:80', TCP, ['v4', '1.2.3.4', 80]],
    ['0x01020305:80', TCP, ['v4', '1.2.3.5', 80]],
    ['010.0.0.1:80', TCP, ['v4', '8.0.0.1', 80]],
    ['09.1.1.1:80', TCP, null],
    ['1.2.3.4 junk:80', TCP, ['v4', '1.2.3.4', 80]],
    ['1:81', TCP, ['v4', '0.0.0.1', 81]],
    ['4294967295:83', TCP, ['v4', '255.255.255.255', 83]],
    ['1.2.3.256', TCP, null],
    ['4294967296', TCP, null],
    [':80', TCP, null],
    ['1234', TCP, null],
    ['', TCP, null],
    ['1.2.3.4:', TCP, null],
    ['1.2.3.4:99999', TCP, null],
    ['1.2.3.4:-1', TCP, null],
    ['1.2.3.4:0x50', TCP, null],
    ['1.2.3.4:80:90', TCP, null],
    ['10.0.0.2:HTTP', TCP, null],
    ['1.2.3.4: 80', TCP, ['v4', '1.2.3.4', 80]],
    ['1.2.3.4:+80', TCP, ['v4', '1.2.3.4', 80]],
    ['1.2.3.4:080', TCP, ['v4', '1.2.3.4', 80]],
    ['1.2.3.4', TCP, ['v4', '1.2.3.4', null]],
    ['localhost:80', TCP, ['v4', '127.0.0.1', 80]],
    ['localhost', TCP, ['v4', '127.0.0.1', null]],
    ['nosuchhost:80', TCP, null],
    ['[::ffff:1.2.3.4]:89', TCP, ['v6', '00000000000000000000ffff01020304', 89]],
    ['[2001:db8::80]:https', TCP, ['v6', '20010db8000000000000000000000080', 443]],
    ['[::1]', TCP, null],
    ['[::1]80', TCP, null],
    ['[::1', TCP, null],
    ['[::1]:', TCP, null],
    ['[1.2.3.4]:80', TCP, ['v4', '1.2.3.4', null]],
    ['[1.2.3.4:81]:80', TCP, ['v4', '1.2.3.4', 81]],
    ['::3:80', TCP, ['v6', '00000000000000000000000000030080', null]],
    ['1.2.3.4:http', SCTP, null],
    ['1.2.3.4:telnet', UDP, null],
    ['1.2.3.4:telnet', TCP, ['v4', '1.2.3.4', 23]],
    ['1.2.3.4:domain', UDP, ['v4', '1.2.3.4', 53]],
    ['1.2.3.4:http', 0, null],
    ['1.2.3.4:80', 0, ['v4', '1.2.3.4', 80]],
  ];
  it.each(cases)('%j (proto %d) → %j', (s, proto, want) => expect(show(s, proto)).toEqual(want));
});

describe('parse_sched_flags (§4.6)', () => {
  const cases: readonly (readonly [string, string, number | string])[] = [
    ['', 'flag-1', 0x08],
    ['wlc', 'flag-2,flag-3', 0x30],
    ['rr', 'flag-1,,flag-2', 0x18],
    ['sh', 'sh-fallback,sh-port', 0x18],
    ['mh', 'mh-fallback,mh-port', 0x18],
    ['sh', 'sh-port,mh-port', "incompatible scheduler flag `mh-port'"],
    ['', 'sh-port', "incompatible scheduler flag `sh-port'"],
    ['sh', 'bogus,sh-port', "invalid scheduler flag `bogus'"],
    ['sh', 'sh-port,bogus', "invalid scheduler flag `bogus'"],
    ['rr', ',', 0],
    ['rr', 'FLAG-1', "invalid scheduler flag `FLAG-1'"],
    ['rr', 'toString', "invalid scheduler flag `toString'"],
  ];
  it.each(cases)('sched %j flags %j → %j', (sched, arg, want) => {
    if (typeof want === 'number') expect(parseSchedFlags(sched, arg)).toBe(want);
    else expect(() => parseSchedFlags(sched, arg)).toThrow(want);
  });
});

// The allocation-free inetAton and the digits fast path of stringToNumber
// against their plain ports, on random inputs.
describe('fast paths agree with the plain ports', () => {
  function refInetAton(s: string): number | null {
    const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
    const hexValue = (c: string | undefined): number =>
      c === undefined ? -1 : c.length === 1 ? '0123456789abcdef'.indexOf(c.toLowerCase()) : -1;
    const digitValue = (c: string | undefined, base: number): number => {
      const v = hexValue(c);
      return v >= 0 && v < base ? v : -1;
    };
    const max = [0xffffffff, 0xffffff, 0xffff, 0xff];
    const parts: number[] = [];
    let i = 0;
    let val = 0;
    for (;;) {
      if (!isDigit(s[i])) return null;
      let base = 10;
      if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && hexValue(s[i + 2]) >= 0) {
        base = 16;
        i += 2;
      } else if (s[i] === '0') base = 8;
      val = 0;
      for (let d = digitValue(s[i], base); d >= 0; d = digitValue(s[i], base)) {
        val = Math.min(val * base + d, 2 ** 33);
        i++;
      }
      if (val > 0xffffffff) return null;
      if (s[i] !== '.') break;
      if (parts.length > 2 || val > 0xff) return null;
      parts.push(val);
      i++;
    }
    if (i < s.length && !' \t\n\v\f\r'.includes(s[i] as string)) return null;
    if (val > (max[parts.length] ?? 0)) return null;
    let word = 0;
    parts.forEach((p, k) => {
      word += p * 2 ** (24 - 8 * k);
    });
    return word + val;
  }
  function refStringToNumber(s: string, min: number, max: number): number | null {
    const r = strtol10(s);
    if (r.end === 0 || r.end !== s.length || r.overflow) return null;
    if (r.value < BigInt(min) || r.value > BigInt(max)) return null;
    return Number(r.value);
  }
  let seed = 4242;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const pick = (alphabet: string[], len: number): string => {
    let out = '';
    for (let i = 0; i < len; i++) out += alphabet[rnd(alphabet.length)];
    return out;
  };

  it('inetAton: 20,000 random strings', () => {
    const alphabet = ['0', '1', '2', '5', '7', '8', '9', '.', '.', 'x', 'X', 'a', 'F', 'g', ' ', '\t', '255', '256', '0x', '4294967295', 'é'];
    for (let k = 0; k < 20000; k++) {
      const s = pick(alphabet, 1 + rnd(9));
      expect(inetAton(s), JSON.stringify(s)).toBe(refInetAton(s));
    }
  });

  it('stringToNumber: 20,000 random strings and ranges', () => {
    const alphabet = ['0', '1', '3', '9', '9', '-', '+', ' ', 'a', '00', '65535', '2147483647', '99999999'];
    for (let k = 0; k < 20000; k++) {
      const s = pick(alphabet, rnd(6));
      const [min, max] = [[0, 65535], [1, 255], [0, 2147483647], [1, 0xffffffff]][rnd(4)] as [number, number];
      expect(stringToNumber(s, min, max), JSON.stringify([s, min, max])).toBe(refStringToNumber(s, min, max));
    }
  });
});
