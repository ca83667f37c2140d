// ipvs_cmp_services()/ipvs_cmp_dests() of libipvs and glibc qsort's msort_with_tmp(), quirks included.

import { AF_INET, AF_INET6, type DestKey, type ServiceKey } from './types.js';

/** x reduced modulo 2^32 and read as a signed 32-bit int (C int subtraction overflow). */
const i32 = (x: number): number => x | 0;

/** Big-endian 32-bit word k (0..3) of a 16-byte address (ntohl of s6_addr32[k]). */
function word(addr: Uint8Array, k: number): number {
  const o = 4 * k;
  return (((addr[o] ?? 0) << 24) | ((addr[o + 1] ?? 0) << 16) | ((addr[o + 2] ?? 0) << 8) | (addr[o + 3] ?? 0)) >>> 0;
}

/** The address part of cmpDests(); IPv6 or IPv4 by the first argument's family. */
function cmpAddr(af: number, a: Uint8Array, b: Uint8Array): number {
  if (af === AF_INET6) {
    let r = 0;
    for (let k = 0; r === 0 && k < 4; k++) r = i32(word(a, k) - word(b, k));
    return r;
  }
  return i32(word(a, 0) - word(b, 0));
}

/** ipvs_cmp_services(): fwmark, af, protocol, address, port (with 32-bit overflow). */
export function cmpServices(a: ServiceKey, b: ServiceKey): number {
  return cmpServiceKeys(serviceSortKey(a), serviceSortKey(b));
}

/** ipvs_cmp_dests(): address (family of the first argument), then port. */
export function cmpDests(a: DestKey, b: DestKey): number {
  const r = cmpAddr(a.af, a.addr, b.addr);
  if (r) return r;
  return (a.port & 0xffff) - (b.port & 0xffff);
}

/**
 * glibc msort_with_tmp(): stable top-down merge sort, left half floor(n/2),
 * so the comparator sees the same pairs in the same order as qsort() in
 * ipvsadm (it matters: ipvs_cmp_* overflow and are not transitive). Sorts
 * a copy in place with one scratch array, as glibc does.
 */
export function msort<T>(list: readonly T[], cmp: (a: T, b: T) => number): T[] {
  const out = list.slice();
  if (out.length > 1) msortRange(out, 0, out.length, new Array<T>(out.length), cmp);
  return out;
}

function msortRange<T>(b: T[], lo: number, n: number, tmp: T[], cmp: (a: T, b: T) => number): void {
  if (n <= 1) return;
  const n1 = n >>> 1;
  let n2 = n - n1;
  msortRange(b, lo, n1, tmp, cmp);
  msortRange(b, lo + n1, n2, tmp, cmp);
  let i = lo;
  let j = lo + n1;
  let k = 0;
  let left = n1;
  while (left > 0 && n2 > 0) {
    if (cmp(b[i] as T, b[j] as T) <= 0) {
      tmp[k++] = b[i++] as T;
      left--;
    } else {
      tmp[k++] = b[j++] as T;
      n2--;
    }
  }
  // What is left of the first half goes after the merged part; what is
  // left of the second half is already in place.
  while (left-- > 0) tmp[k++] = b[i++] as T;
  for (let x = 0; x < k; x++) b[lo + x] = tmp[x] as T;
}

/** cmpServices()' operands worked out once per service (a listing sorts thousands). */
interface ServiceSortKey<T> {
  readonly item: T;
  readonly fwmark: number;
  readonly af: number;
  readonly protocol: number;
  readonly w0: number;
  readonly w1: number;
  readonly w2: number;
  readonly w3: number;
  readonly port: number;
}

function serviceSortKey<T extends ServiceKey>(item: T): ServiceSortKey<T> {
  const a = item.addr;
  return {
    item,
    fwmark: item.fwmark >>> 0,
    af: item.af,
    protocol: item.protocol,
    w0: word(a, 0),
    w1: word(a, 1),
    w2: word(a, 2),
    w3: word(a, 3),
    port: item.port & 0xffff,
  };
}

/** ipvs_cmp_services() over operands worked out once (sortServices keeps them per service). */
function cmpServiceKeys<T>(a: ServiceSortKey<T>, b: ServiceSortKey<T>): number {
  let r = i32(a.fwmark - b.fwmark);
  if (r) return r;
  r = a.af - b.af;
  if (r) return r;
  r = a.protocol - b.protocol;
  if (r) return r;
  r = i32(a.w0 - b.w0);
  if (a.af === AF_INET6) {
    if (r === 0) r = i32(a.w1 - b.w1);
    if (r === 0) r = i32(a.w2 - b.w2);
    if (r === 0) r = i32(a.w3 - b.w3);
  }
  if (r) return r;
  return a.port - b.port;
}

/** ipvs_sort_services(): a new array in ipvsadm's (quirky) order. */
export function sortServices<T extends ServiceKey>(list: readonly T[]): T[] {
  const fast = list.length > 16 ? sortPlainServices(list) : undefined;
  if (fast !== undefined) return fast;
  const sorted = msort(list.map(serviceSortKey), cmpServiceKeys);
  const out = new Array<T>(sorted.length);
  for (let i = 0; i < sorted.length; i++) out[i] = (sorted[i] as ServiceSortKey<T>).item;
  return out;
}

/**
 * sortServices() of the usual table, without the merge sort: IPv4 services
 * without firewall marks whose addresses all lie less than 2^31 apart.
 * There no subtraction of cmpServiceKeys overflows, so it is a total order
 * (protocol, then address, then port, all ascending) under which distinct
 * services never tie, and every correct sort gives msort's result: here
 * the typed-array sort of the numbers address * 65536 + port, per protocol.
 * Anything else (IPv6, fwmark, far-apart addresses, two services with the
 * same key) gives undefined, and the merge sort decides.
 */
export function sortPlainServices<T extends ServiceKey>(list: readonly T[]): T[] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  const byProtocol = new Map<number, Map<number, T>>();
  for (const s of list) {
    if (s.af !== AF_INET || s.fwmark !== 0) return undefined;
    const w = word(s.addr, 0);
    if (w < lo) lo = w;
    if (w > hi) hi = w;
    let byKey = byProtocol.get(s.protocol);
    if (byKey === undefined) byProtocol.set(s.protocol, (byKey = new Map()));
    byKey.set(w * 65536 + (s.port & 0xffff), s);
  }
  if (hi - lo >= 2 ** 31) return undefined;
  const out: T[] = [];
  for (const p of Float64Array.from(byProtocol.keys()).sort()) {
    const byKey = byProtocol.get(p) as Map<number, T>;
    for (const k of Float64Array.from(byKey.keys()).sort()) out.push(byKey.get(k) as T);
  }
  return out.length === list.length ? out : undefined; // two services with one key: msort
}

/** ipvs_sort_dests(): a new array in ipvsadm's (quirky) order. */
export function sortDests<T extends DestKey>(list: readonly T[]): T[] {
  return msort(list, cmpDests);
}
