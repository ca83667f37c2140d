// readConnections(): /proc/net/ip_vs_conn text → typed entries, with the
// parser the -c listing uses. Lines are written from the kernel's format
// (ipvs-netlink.md §12), and one file is as the real kernel wrote it.

import { describe, expect, it } from 'vitest';
import { readConnections } from '../../../src/common/conn-text.js';
import { inetNtop } from '../../../src/common/inet.js';

const HEADER = 'Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n';
const full6 = (last: string): string => `2001:0db8:0000:0000:0000:0000:0000:${last}`;
/** One kernel line: `%-3s %08X %04X %08X %04X %s %04X %-11s %7u%s` (ipvs-netlink.md §12). */
const kline = (p: string, c: string, cp: string, v: string, vp: string, d: string, dp: string, st: string, exp: number, pe = ''): string =>
  `${p.padEnd(3)} ${c} ${cp} ${v} ${vp} ${d} ${dp} ${st.padEnd(11)} ${String(exp).padStart(7)}${pe}\n`;

const text = (e: { af: number; addr: Uint8Array; port: number }): string =>
  `${e.af} ${inetNtop(e.af, e.af === 2 ? e.addr.subarray(0, 4) : e.addr)} ${e.port}`;
const summary = (t: string) =>
  readConnections(t).map((c) => [c.protocol, c.protocolName, text(c.client), text(c.virtual), text(c.dest), c.state, c.expires, c.pe]);

/**
 * /proc/net/ip_vs_conn as Linux wrote it in the lab of test/kernel/ext.test.ts
 * (client 10.0.1.2, NAT service 10.0.1.1:80 → 10.0.2.2:80, five short
 * connections, tcp-fin timeout 120 s), where readConnections() of it was
 * checked against Debian's ipvsadm -Lnc of the same moment.
 */
const KERNEL_CAPTURE = `Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData
TCP 0A000102 CA2C 0A000101 0050 0A000202 0050 TIME_WAIT        92
TCP 0A000102 CA22 0A000101 0050 0A000202 0050 TIME_WAIT        92
TCP 0A000102 CA1E 0A000101 0050 0A000202 0050 TIME_WAIT        92
TCP 0A000102 CA0E 0A000101 0050 0A000202 0050 TIME_WAIT        92
TCP 0A000102 CA3C 0A000101 0050 0A000202 0050 TIME_WAIT        92
`;

describe('readConnections', () => {
  it('the kernel\'s file: five TCP entries in TIME_WAIT, in the file\'s order', () => {
    expect(summary(KERNEL_CAPTURE)).toEqual(
      [0xca2c, 0xca22, 0xca1e, 0xca0e, 0xca3c].map((port) => [
        6, 'TCP', `2 10.0.1.2 ${port}`, '2 10.0.1.1 80', '2 10.0.2.2 80', 'TIME_WAIT', 92, null,
      ]),
    );
  });

  it('IPv4, IPv6, an IPv6 server behind an IPv4 service, SCTP, other protocols', () => {
    const t =
      HEADER +
      kline('TCP', 'C0A80A64', 'D431', '0A000001', '0050', 'C0A80A01', '0050', 'ESTABLISHED', 899) +
      kline('UDP', '7F000001', '0035', '0A000002', '0035', '01010101', '0035', 'UDP', 299) +
      kline('SCTP', '0A000063', '0050', '0A000001', '0050', 'C0A80A01', '0050', 'ESTABLISHED', 3601) +
      kline('TCP', full6('0063'), 'D431', full6('0001'), '01BB', full6('0010'), '01BB', 'SYN_RECV', 30) +
      kline('TCP', '0A000064', '0400', '0A000001', '0050', full6('0010'), '0050', 'NONE', 5) +
      kline('IP', '0A000064', '0000', '0A000001', '0000', '0A000002', '0000', 'NONE', 119);
    expect(summary(t)).toEqual([
      [6, 'TCP', '2 192.168.10.100 54321', '2 10.0.0.1 80', '2 192.168.10.1 80', 'ESTABLISHED', 899, null],
      [17, 'UDP', '2 127.0.0.1 53', '2 10.0.0.2 53', '2 1.1.1.1 53', 'UDP', 299, null],
      [132, 'SCTP', '2 10.0.0.99 80', '2 10.0.0.1 80', '2 192.168.10.1 80', 'ESTABLISHED', 3601, null],
      [6, 'TCP', '10 2001:db8::63 54321', '10 2001:db8::1 443', '10 2001:db8::10 443', 'SYN_RECV', 30, null],
      [6, 'TCP', '2 10.0.0.100 1024', '2 10.0.0.1 80', '10 2001:db8::10 80', 'NONE', 5, null],
      [0, 'IP', '2 10.0.0.100 0', '2 10.0.0.1 0', '2 10.0.0.2 0', 'NONE', 119, null],
    ]);
    const first = readConnections(t)[0]!;
    expect(first.client.addr).toEqual(new Uint8Array([192, 168, 10, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
  });

  it('a persistence engine entry carries its name and data', () => {
    const t = HEADER + kline('UDP', '0A000063', '13C4', '0A000001', '13C4', 'C0A80A01', '13C4', 'UDP', 59, ' sip 1234567890abcdef');
    expect(readConnections(t)[0]?.pe).toEqual({ name: 'sip', data: '1234567890abcdef' });
  });

  it('an empty file, the header alone, blank and short lines: no entries from them', () => {
    expect(readConnections('')).toEqual([]);
    expect(readConnections(HEADER)).toEqual([]);
    const ok = kline('TCP', '0A000001', '0050', '0A000001', '0050', '0A000001', '0050', 'CLOSE', 10);
    expect(readConnections(HEADER + '\n' + 'TCP 0A000001 zz\n' + ok)).toHaveLength(1);
  });
});
