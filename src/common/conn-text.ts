// The text of /proc/net/ip_vs_conn (what ipvsadm -c lists; IPVS has no
// netlink dump of connections) read the way print_conn() of ipvsadm.c reads
// it: fgets() chunks of at most 255 characters, sscanf() of each line, and
// the address fields taken as IPv6 text, dotted IPv4 or 8 hex digits. The
// -c listing, its --json document and the library's readConnections() all
// use this one parser (decodeConnLine). Pure: the file is read at the edges.

import { inetPton4, inetPton6 } from './inet.js';
import { AF_INET, AF_INET6, IPPROTO_SCTP, IPPROTO_TCP, IPPROTO_UDP } from '../ipvs/types.js';

export const CONN_PROC_FILE = '/proc/net/ip_vs_conn';

/** fgets(buffer, 256, f) repeatedly: lines, split into chunks of at most 255 characters. */
export function fgetsChunks(text: string, size = 256): string[] {
  const chunks: string[] = [];
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    let end = nl < 0 ? text.length : nl + 1;
    if (end - pos > size - 1) end = pos + size - 1;
    chunks.push(text.slice(pos, end));
    pos = end;
  }
  return chunks;
}

const isSpace = (c: string | undefined): boolean => c !== undefined && ' \t\n\v\f\r'.includes(c);

/** A cursor over one line with the scanf conversions print_conn() uses. */
class Scanner {
  pos = 0;
  constructor(private readonly s: string) {}
  /** Skip white space; false when the input is exhausted. */
  private skip(): boolean {
    while (isSpace(this.s[this.pos])) this.pos++;
    return this.pos < this.s.length;
  }
  /** %s */
  str(): string | null {
    if (!this.skip()) return null;
    const start = this.pos;
    while (this.pos < this.s.length && !isSpace(this.s[this.pos])) this.pos++;
    return this.s.slice(start, this.pos);
  }
  /** %hX / %d: strtol-style integer in `base`, null on input or matching failure. */
  int(base: 10 | 16): bigint | null {
    if (!this.skip()) return null;
    const m = (base === 16 ? /[+-]?(?:0[xX](?=[0-9a-fA-F]))?[0-9a-fA-F]+/y : /[+-]?[0-9]+/y);
    m.lastIndex = this.pos;
    const r = m.exec(this.s);
    if (!r) return null;
    this.pos = m.lastIndex;
    let text = r[0];
    const neg = text.startsWith('-');
    text = text.replace(/^[+-]/, '').replace(/^0[xX]/, '');
    const v = BigInt(base === 16 ? `0x${text}` : text);
    return neg ? -v : v;
  }
  /** True when at least one non-space character remains. */
  more(): boolean {
    return this.skip();
  }
}

/** The fields sscanf("%s %s %hX %s %hX %s %hX %s %d %s %s") gives, and its count (-1 = EOF). */
export interface ConnFields {
  n: number;
  protocol: string;
  caddr: string;
  cport: number;
  vaddr: string;
  vport: number;
  daddr: string;
  dport: number;
  state: string;
  expires: number;
  peName: string;
  peData: string;
}

/** sscanf() of one connection line as print_conn() does it. */
export function scanConnLine(line: string): ConnFields {
  const f: ConnFields = {
    n: 0, protocol: '', caddr: '', cport: 0, vaddr: '', vport: 0,
    daddr: '', dport: 0, state: '', expires: 0, peName: '', peData: '',
  };
  const sc = new Scanner(line);
  if (!sc.more()) {
    f.n = -1;
    return f;
  }
  const u16 = (v: bigint): number => Number(BigInt.asUintN(16, v));
  const steps: Array<() => boolean> = [
    () => ((f.protocol = sc.str() ?? ''), f.protocol !== ''),
    () => ((f.caddr = sc.str() ?? ''), f.caddr !== ''),
    () => { const v = sc.int(16); if (v === null) return false; f.cport = u16(v); return true; },
    () => ((f.vaddr = sc.str() ?? ''), f.vaddr !== ''),
    () => { const v = sc.int(16); if (v === null) return false; f.vport = u16(v); return true; },
    () => ((f.daddr = sc.str() ?? ''), f.daddr !== ''),
    () => { const v = sc.int(16); if (v === null) return false; f.dport = u16(v); return true; },
    () => ((f.state = sc.str() ?? ''), f.state !== ''),
    () => { const v = sc.int(10); if (v === null) return false; f.expires = Number(BigInt.asUintN(32, v)); return true; },
    () => ((f.peName = sc.str() ?? ''), f.peName !== ''),
    () => ((f.peData = sc.str() ?? ''), f.peData !== ''),
  ];
  for (const step of steps) {
    if (!step()) break;
    f.n++;
  }
  return f;
}

/** htonl(strtoul(s, NULL, 16)) as network-order bytes (16-byte union, IPv4 in the first 4). */
function hexAddr(s: string): Uint8Array {
  const m = /^[ \t\n\v\f\r]*([+-]?)(?:0[xX](?=[0-9a-fA-F]))?([0-9a-fA-F]*)/.exec(s);
  let v = m && m[2] ? BigInt(`0x${m[2]}`) : 0n;
  if (v > 0xffff_ffff_ffff_ffffn) v = 0xffff_ffff_ffff_ffffn; // strtoul overflow → ULONG_MAX
  if (m && m[1] === '-') v = -v;
  const u = Number(BigInt.asUintN(32, v));
  const out = new Uint8Array(16);
  out[0] = u >>> 24;
  out[1] = (u >>> 16) & 0xff;
  out[2] = (u >>> 8) & 0xff;
  out[3] = u & 0xff;
  return out;
}

function pad16(b: Uint8Array | null): Uint8Array {
  const out = new Uint8Array(16);
  if (b) out.set(b);
  return out;
}

/** How print_conn() reads an address field: IPv6 text, else dotted IPv4, else hex digits. */
type AddrForm = 'inet6' | 'inet4' | 'hex';

const formAf = (form: AddrForm): number => (form === 'inet6' ? AF_INET6 : AF_INET);

/** An address field, and the form it was read in: 16 bytes, IPv4 in the first 4. */
function readAddr(text: string): [AddrForm, Uint8Array] {
  const a6 = inetPton6(text);
  if (a6) return ['inet6', a6];
  const a4 = inetPton4(text);
  return a4 ? ['inet4', pad16(a4)] : ['hex', hexAddr(text)];
}

/** text read in `form` (text that is not of the form reads as zeros). */
function addrAs(form: AddrForm, text: string): Uint8Array {
  if (form === 'inet6') return pad16(inetPton6(text));
  if (form === 'inet4') return pad16(inetPton4(text));
  return hexAddr(text);
}

function connProto(protocol: string): number {
  if (protocol === 'TCP') return IPPROTO_TCP;
  if (protocol === 'UDP') return IPPROTO_UDP;
  if (protocol === 'SCTP') return IPPROTO_SCTP;
  return 0;
}

/** One end of a connection: family, 16-byte address (IPv4 in the first 4 bytes), host-order port. */
export interface ConnEndpoint {
  readonly af: number;
  readonly addr: Uint8Array;
  readonly port: number;
}

/** One line of /proc/net/ip_vs_conn, decoded as print_conn() decodes it. */
export interface ConnLine {
  /** How many of the 11 fields sscanf() converted (9 on a kernel line, 11 with a persistence engine). */
  readonly fields: number;
  /** The protocol as the kernel names it: `TCP`, `UDP`, `SCTP`, `IP`, … */
  readonly protocolName: string;
  /** IPPROTO_TCP, IPPROTO_UDP or IPPROTO_SCTP; 0 for any other name. */
  readonly protocol: number;
  /** Client and virtual address share one family (the client's). */
  readonly client: ConnEndpoint;
  readonly virtual: ConnEndpoint;
  /** The real server's family is its own (an IPv6 server may sit behind an IPv4 service). */
  readonly dest: ConnEndpoint;
  readonly state: string;
  /** Seconds until the entry expires. */
  readonly expires: number;
  readonly peName: string;
  readonly peData: string;
}

/**
 * print_conn()'s decoding of one line; null when sscanf() meets the end of
 * input (a blank line). The client's field decides how the client and
 * virtual addresses are read; the real server's is read on its own.
 */
export function decodeConnLine(line: string): ConnLine | null {
  const f = scanConnLine(line);
  if (f.n === -1) return null;
  const [cform, caddr] = readAddr(f.caddr);
  const [dform, daddr] = readAddr(f.daddr);
  const af = formAf(cform);
  return {
    fields: f.n,
    protocolName: f.protocol,
    protocol: connProto(f.protocol),
    client: { af, addr: caddr, port: f.cport },
    virtual: { af, addr: addrAs(cform, f.vaddr), port: f.vport },
    dest: { af: formAf(dform), addr: daddr, port: f.dport },
    state: f.state,
    expires: f.expires,
    peName: f.peName,
    peData: f.peData,
  };
}

/** A connection entry of IPVS (one line of /proc/net/ip_vs_conn, what `ipvsadm -c` lists). */
export interface Connection {
  /** IPPROTO_TCP, IPPROTO_UDP or IPPROTO_SCTP; 0 for any other protocol. */
  readonly protocol: number;
  /** The protocol as the kernel names it: `TCP`, `UDP`, `SCTP`, `IP` (e.g. a fwmark persistence template), … */
  readonly protocolName: string;
  readonly client: ConnEndpoint;
  readonly virtual: ConnEndpoint;
  /** The real server (its family may differ from the service's). */
  readonly dest: ConnEndpoint;
  /** The kernel's state name: `ESTABLISHED`, `TIME_WAIT`, `UDP`, `NONE`, … */
  readonly state: string;
  /** Seconds until the entry expires. */
  readonly expires: number;
  /** The persistence engine and its data (e.g. `sip` and a Call-ID), when the entry has one. */
  readonly pe: { readonly name: string; readonly data: string } | null;
}

/**
 * The connection entries of /proc/net/ip_vs_conn text, in the file's order
 * (the kernel's hash-table order). The header line is skipped, and so is
 * any line that is not a connection (blank, or fewer than 9 fields).
 */
export function readConnections(procText: string): Connection[] {
  const out: Connection[] = [];
  for (const chunk of fgetsChunks(procText).slice(1)) {
    const c = decodeConnLine(chunk);
    if (c === null || c.fields < 9) continue;
    out.push({
      protocol: c.protocol,
      protocolName: c.protocolName,
      client: c.client,
      virtual: c.virtual,
      dest: c.dest,
      state: c.state,
      expires: c.expires,
      pe: c.fields === 11 ? { name: c.peName, data: c.peData } : null,
    });
  }
  return out;
}
