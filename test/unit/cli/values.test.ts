import { describe, expect, it } from 'vitest';
import { inetAton } from '../../../src/cli/inet.js';
import { inetPton4, inetPton6 } from '../../../src/format/inet.js';
import { atoi, parseSchedFlags, parseService, stringToNumber } from '../../../src/cli/values.js';
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
