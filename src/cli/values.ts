// Option-value parsers of ipvsadm.c (string_to_number, parse_service,
// parse_fwmark, parse_timeout, parse_netmask, parse_sched_flags, ...) and the
// C library helpers they rely on (strtol, atoi; inet_aton/inet_pton in inet.ts).
// Pure: name lookups go through Names.

import type { Names, ProtoName } from '../common/names.js';
import { AF_INET, AF_INET6, IPPROTO_SCTP, IPPROTO_TCP, IPPROTO_UDP, SVC_F } from '../ipvs/types.js';
import { inetPton4, inetPton6 } from '../common/inet.js';
import { inetAton } from './inet.js';

/** A validation failure: fail(status, text) in ipvsadm.c. `message` excludes the final newline. */
export class CliFail extends Error {
  constructor(
    message: string,
    readonly status: number = 2,
  ) {
    super(message);
    this.name = 'CliFail';
  }
}

/** MAX_TIMEOUT: 31 days. */
export const MAX_TIMEOUT = 86400 * 31;
/** IPVS_SVC_PERSISTENT_TIMEOUT (libipvs): -p without a value. */
export const DEFAULT_PERSISTENT_TIMEOUT = 360;

/** C isspace() in the C locale. */
export function isCSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/**
 * strtol(s, &end, 10) on a 64-bit long: value (clamped like ERANGE) and the
 * index where parsing stopped (0 when no digits were found).
 */
export function strtol10(s: string): { value: bigint; end: number; overflow: boolean } {
  let i = 0;
  while (isCSpace(s[i])) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') {
    neg = s[i] === '-';
    i++;
  }
  const start = i;
  while (isDigit(s[i])) i++;
  if (i === start) return { value: 0n, end: 0, overflow: false };
  let v = BigInt(s.slice(start, i));
  if (neg) v = -v;
  const max = (1n << 63n) - 1n;
  const min = -(1n << 63n);
  if (v > max) return { value: max, end: i, overflow: true };
  if (v < min) return { value: min, end: i, overflow: true };
  return { value: v, end: i, overflow: false };
}

/** str_is_digit(): every character a decimal digit (true for ""). */
function isAllDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** string_to_number(): whole string, base 10, min…max, else null (C: -1). */
export function stringToNumber(s: string, min: number, max: number): number | null {
  // Plain digits that fit a double exactly (the usual weight or port):
  // strtol's answer without a bigint.
  if (s.length > 0 && s.length <= 15 && isAllDigits(s)) {
    let v = 0;
    for (let i = 0; i < s.length; i++) v = v * 10 + (s.charCodeAt(i) - 48);
    return v < min || v > max ? null : v;
  }
  const r = strtol10(s);
  if (r.end === 0 || r.end !== s.length || r.overflow) return null;
  if (r.value < BigInt(min) || r.value > BigInt(max)) return null;
  return Number(r.value);
}

/** C atoi(): (int)strtol(s, NULL, 10), rest of the string ignored. */
export function atoi(s: string): number {
  return Number(BigInt.asIntN(32, strtol10(s).value));
}

/** IPv4 host-order number → 16-byte nf_inet_addr (first 4 bytes, network order). */
export function v4Bytes(addr: number): Uint8Array {
  const out = new Uint8Array(16);
  out[0] = (addr >>> 24) & 0xff;
  out[1] = (addr >>> 16) & 0xff;
  out[2] = (addr >>> 8) & 0xff;
  out[3] = addr & 0xff;
  return out;
}

function protoName(protocol: number): ProtoName | null {
  if (protocol === IPPROTO_TCP) return 'tcp';
  if (protocol === IPPROTO_UDP) return 'udp';
  if (protocol === IPPROTO_SCTP) return 'sctp';
  return null;
}

/** host_to_addr() then inet_aton(): an IPv4 host-order number or null. */
function hostToV4(host: string, names: Names): number | null {
  const a = inetAton(host);
  if (a !== null) return a;
  const b = names.addrByHost(host);
  if (b === null || b.length < 4) return null;
  return (((b[0] ?? 0) << 24) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0)) >>> 0;
}

/** What parse_service() found: the address, and the port when one was written. */
export interface ParsedService {
  readonly af: number;
  readonly addr: Uint8Array;
  /** null = no port part (C: SERVICE_ADDR only). */
  readonly port: number | null;
}

/** parse_service(): host[:port] / [v6]:port / bare v6 for protocol P; null = rejected. */
export function parseService(input: string, protocol: number, names: Names): ParsedService | null {
  if (isAllDigits(input)) return null; // str_is_digit(), true for ""
  let buf = input;
  let portText: string | null = null;
  if (buf.startsWith('[')) {
    const close = buf.indexOf(']');
    if (close < 0 || buf[close + 1] !== ':') return null;
    portText = buf.slice(close + 2);
    buf = buf.slice(1, close);
  }
  const v6 = inetPton6(buf);
  let af: number;
  let addr: Uint8Array;
  if (v6 !== null) {
    af = AF_INET6;
    addr = v6;
  } else {
    const colon = buf.lastIndexOf(':'); // the port after "]" is dropped here
    portText = colon < 0 ? null : buf.slice(colon + 1);
    const v4 = hostToV4(colon < 0 ? buf : buf.slice(0, colon), names);
    if (v4 === null) return null;
    af = AF_INET;
    addr = v4Bytes(v4);
  }
  if (portText === null) return { af, addr, port: null };
  let port = stringToNumber(portText, 0, 65535);
  if (port === null) {
    const proto = protoName(protocol);
    port = proto === null ? null : names.portByService(portText, proto);
  }
  return port === null ? null : { af, addr, port };
}

/** parse_fwmark(): strtoul base 10, whole string, 1…4294967295. */
export function parseFwmark(s: string): number {
  const v = stringToNumber(s, 1, 0xffffffff);
  if (v === null) throw new CliFail(`invalid fwmark value \`${s}' specified`);
  return v;
}

/** parse_timeout(): null (no value) → 360, else min…max. */
export function parseTimeout(s: string | null, min: number, max: number): number {
  if (s === null) return DEFAULT_PERSISTENT_TIMEOUT;
  const v = stringToNumber(s, min, max);
  if (v === null) throw new CliFail(`invalid timeout value \`${s}' specified`);
  return v;
}

/** parse_netmask() (IPv4): inet_aton, then host name; the mask as a host-order number. */
export function parseNetmask4(s: string, names: Names): number {
  const v = hostToV4(s, names);
  if (v === null) throw new CliFail('illegal virtual server persistent mask specified');
  return v;
}

/** The IPv6 branch of -M: atoi() into a u_int32_t, 1…128. */
export function parseNetmask6(s: string): number {
  const v = atoi(s) >>> 0;
  if (v < 1 || v > 128) throw new CliFail('illegal ipv6 netmask specified');
  return v;
}

/** string_to_number() with a fixed error text (weight, thresholds, ports, ...). */
export function numberOrFail(s: string, min: number, max: number, message: string): number {
  const v = stringToNumber(s, min, max);
  if (v === null) throw new CliFail(message);
  return v;
}

/** parse_sched_flags(): comma tokens against the final scheduler ('' → wlc). */
export function parseSchedFlags(sched: string, arg: string): number {
  const name = sched === '' ? 'wlc' : sched;
  const table: Record<string, readonly [number, string | null]> = {
    'flag-1': [SVC_F.SCHED1, null],
    'flag-2': [SVC_F.SCHED2, null],
    'flag-3': [SVC_F.SCHED3, null],
    'sh-fallback': [SVC_F.SCHED1, 'sh'],
    'sh-port': [SVC_F.SCHED2, 'sh'],
    'mh-fallback': [SVC_F.SCHED1, 'mh'],
    'mh-port': [SVC_F.SCHED2, 'mh'],
  };
  let flags = 0;
  // strtok(",") skips empty tokens; a value of only commas crashes the
  // original (SIGSEGV) — here it simply yields no flags.
  for (const token of arg.split(',').filter((t) => t !== '')) {
    const entry = Object.prototype.hasOwnProperty.call(table, token) ? table[token] : undefined;
    if (entry === undefined) throw new CliFail(`invalid scheduler flag \`${token}'`);
    flags |= entry[0];
    if (entry[1] !== null && entry[1] !== name) throw new CliFail(`incompatible scheduler flag \`${token}'`);
  }
  return flags;
}

/** --tun-type: exact ipip / gue / gre → 0 / 1 / 2. */
export function parseTunType(s: string): number {
  const i = ['ipip', 'gue', 'gre'].indexOf(s);
  if (i < 0) throw new CliFail('illegal tunnel type specified');
  return i;
}

/** --mcast-group: strict inet_pton v6 (if it has ':') in ff00::/8, else v4 in 224.0.0.0/4. */
export function parseMcastGroup(s: string): { af: number; addr: Uint8Array } {
  if (s.includes(':')) {
    const a = inetPton6(s);
    if (a === null || a[0] !== 0xff) throw new CliFail(`invalid IPv6 mcast-group \`${s}'`);
    return { af: AF_INET6, addr: a };
  }
  const a = inetPton4(s);
  if (a === null || ((a[0] ?? 0) & 0xf0) !== 0xe0) throw new CliFail(`invalid IPv4 mcast-group \`${s}'`);
  const addr = new Uint8Array(16);
  addr.set(a);
  return { af: AF_INET, addr };
}

/**
 * strncpy(dst, s, n) into an n+1 buffer: at most n characters.
 * partial: what becomes of a multi-byte character cut in half. 'fffd' (for
 * text ipvsadm prints back, e.g. the -b token) decodes it as U+FFFD, as
 * Debian's bytes decode; 'drop' (for names sent to the kernel: -s, --pe,
 * --mcast-interface) leaves it out, because U+FFFD would re-encode as three
 * bytes and overflow the kernel's length limit (EINVAL instead of the
 * ENOENT / ENODEV Debian gets for the cut name).
 */
export function truncate(s: string, n: number, partial: 'fffd' | 'drop' = 'fffd'): string {
  // C cuts bytes (strncpy into char[n+1]), not characters: cut the UTF-8
  // encoding.
  const b = new TextEncoder().encode(s);
  if (b.length <= n) return s;
  let cut = n;
  if (partial === 'drop') {
    // b[cut] is the first byte left out: while it continues a character,
    // that character started inside the kept part; leave all of it out.
    while (cut > 0 && ((b[cut] ?? 0) & 0xc0) === 0x80) cut--;
  }
  return new TextDecoder().decode(b.subarray(0, cut));
}
