import { describe, expect, it } from 'vitest';
import { formatConnections } from '../../../src/format/conn.js';
import { fgetsChunks, scanConnLine } from '../../../src/common/conn-text.js';
import { noNames } from '../../../src/common/names.js';
import { fmt, tableNames } from './fixture.js';

const HEADER = 'Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n';
const full6 = (last: string): string => `2001:0db8:0000:0000:0000:0000:0000:${last}`;
/** One kernel line: `%-3s %08X %04X %08X %04X %s %04X %-11s %7u%s` (ipvs-netlink.md §12). */
const kline = (p: string, c: string, cp: string, v: string, vp: string, d: string, dp: string, st: string, exp: number, pe = ''): string =>
  `${p.padEnd(3)} ${c} ${cp} ${v} ${vp} ${d} ${dp} ${st.padEnd(11)} ${String(exp).padStart(7)}${pe}\n`;

const PROC =
  HEADER +
  kline('TCP', 'C0A80A64', 'D431', '0A000001', '0050', 'C0A80A01', '0050', 'ESTABLISHED', 899) +
  kline('UDP', '7F000001', '0035', '0A000002', '0035', '01010101', '0035', 'UDP', 299) +
  kline('SCTP', '0A000063', '0050', '0A000001', '0050', 'C0A80A01', '0050', 'ESTABLISHED', 3601) +
  kline('TCP', full6('0063'), 'D431', full6('0001'), '01BB', full6('0010'), '01BB', 'SYN_RECV', 30) +
  kline('TCP', '0A000064', '0400', '0A000001', '0050', full6('0010'), '0050', 'NONE', 5);

// ipvsadm-cli.md §6.12, verbatim.
const EXPECTED_N = `IPVS connection entries
pro expire state       source             virtual            destination
TCP 14:59  ESTABLISHED 192.168.10.100:54321 10.0.0.1:80        192.168.10.1:80
UDP 04:59  UDP         127.0.0.1:53       10.0.0.2:53        1.1.1.1:53
SCTP 60:01  ESTABLISHED 10.0.0.99:80       10.0.0.1:80        192.168.10.1:80
TCP 00:30  SYN_RECV    [2001:db8::63]:54321 [2001:db8::1]:443  [2001:db8::10]:443
TCP 00:05  NONE        10.0.0.100:1024    10.0.0.1:80        [2001:db8::10]:80
`;

describe('§6.12 -L -c', () => {
  it('the -n example', () => {
    expect(formatConnections(PROC, fmt({ numeric: true, connection: true }), noNames)).toEqual({ out: EXPECTED_N, status: 0, err: '' });
  });
  it('names: localhost:domain, 10.0.0.1:http, [2001:db8::1]:https', () => {
    const r = formatConnections(PROC, fmt({ connection: true }), tableNames({ '127.0.0.1': 'localhost' }));
    expect(r.out).toContain('localhost:domain');
    expect(r.out).toContain('10.0.0.1:http');
    expect(r.out).toContain('[2001:db8::1]:https');
  });
  it('--persistent-conn header and the SIP entry', () => {
    const text = HEADER + kline('TCP', '0A000063', '1F90', '0A000001', '0050', 'C0A80A01', '1F90', 'FIN_WAIT', 59, ' sip 1234567890abcdef');
    const r = formatConnections(text, fmt({ numeric: true, connection: true, persistentConn: true }), noNames);
    expect(r.out).toBe(
      'IPVS connection entries\n' +
        'pro expire state       source             virtual            destination        pe name          pe_data\n' +
        'TCP 00:59  FIN_WAIT    10.0.0.99:8080     10.0.0.1:80        192.168.10.1:8080 sip                1234567890abcdef\n',
    );
    // Without --persistent-conn the PE fields are not shown.
    expect(formatConnections(text, fmt({ numeric: true }), noNames).out.split('\n')[2]).toBe(
      'TCP 00:59  FIN_WAIT    10.0.0.99:8080     10.0.0.1:80        192.168.10.1:8080',
    );
  });
  it('expiry: 3601 → 60:01, 360000 → 6000:00', () => {
    const text = HEADER + kline('TCP', '0A000001', '0050', '0A000001', '0050', '0A000001', '0050', 'CLOSE', 360000);
    expect(formatConnections(text, fmt({ numeric: true }), noNames).out.split('\n')[2]?.slice(0, 12)).toBe('TCP 6000:00 ');
  });
  it('dotted IPv4 fields and unknown protocols (numeric ports)', () => {
    const text = HEADER + 'IP 10.0.0.9 0050 10.0.0.1 0050 10.0.0.2 0050 NONE 61\n';
    expect(formatConnections(text, fmt(), tableNames()).out.split('\n')[2]).toBe(
      'IP  01:01  NONE        10.0.0.9:80        10.0.0.1:80        10.0.0.2:80',
    );
  });
  it('an empty line ends with status 1 and no message', () => {
    const lines = PROC.split('\n');
    const text = [lines[0], lines[1], '', lines[2]].join('\n') + '\n';
    const r = formatConnections(text, fmt({ numeric: true }), noNames);
    expect(r).toEqual({ out: EXPECTED_N.split('\n').slice(0, 3).join('\n') + '\n', status: 1, err: '' });
  });
  it('empty file → unexpected input', () => {
    expect(formatConnections('', fmt(), noNames)).toEqual({ out: '', status: 1, err: 'unexpected input from /proc/net/ip_vs_conn\n' });
  });
  it('header only → just the two heading lines', () => {
    expect(formatConnections(HEADER, fmt(), noNames)).toEqual({
      out: 'IPVS connection entries\npro expire state       source             virtual            destination\n',
      status: 0,
      err: '',
    });
  });
  it('fgets chunks and sscanf counts', () => {
    expect(fgetsChunks('a\nb')).toEqual(['a\n', 'b']);
    expect(fgetsChunks('x'.repeat(300) + '\n').map((c) => c.length)).toEqual([255, 46]);
    expect(scanConnLine('   \n').n).toBe(-1);
    expect(scanConnLine('TCP 0A000001 zz').n).toBe(2);
    expect(scanConnLine('TCP 0A000001 0050 0A000001 0050 0A000001 0050 NONE 5 sip x').n).toBe(11);
  });
});
