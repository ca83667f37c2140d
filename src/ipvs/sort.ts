// ipvs_cmp_services()/ipvs_cmp_dests() of libipvs and glibc qsort's msort_with_tmp(), quirks included.

import { AF_INET6, type DestKey, type ServiceKey } from './types.js';

/** x reduced modulo 2^32 and read as a signed 32-bit int (C int subtraction overflow). */
const i32 = (x: number): number => x | 0;

/** Big-endian 32-bit word k (0..3) of a 16-byte address (ntohl of s6_addr32[k]). */
function word(addr: Uint8Array, k: number): number {
  const o = 4 * k;
  return (((addr[o] ?? 0) << 24) | ((addr[o + 1] ?? 0) << 16) | ((addr[o + 2] ?? 0) << 8) | (addr[o + 3] ?? 0)) >>> 0;
}

/** The address part of both comparators; IPv6 or IPv4 by the first argument's family. */
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
  let r = i32((a.fwmark >>> 0) - (b.fwmark >>> 0));
  if (r) return r;
  r = a.af - b.af;
  if (r) return r;
  r = a.protocol - b.protocol;
  if (r) return r;
  r = cmpAddr(a.af, a.addr, b.addr);
  if (r) return r;
  return (a.port & 0xffff) - (b.port & 0xffff);
}

/** ipvs_cmp_dests(): address (family of the first argument), then port. */
export function cmpDests(a: DestKey, b: DestKey): number {
  const r = cmpAddr(a.af, a.addr, b.addr);
  if (r) return r;
  return (a.port & 0xffff) - (b.port & 0xffff);
}

/** glibc msort_with_tmp(): stable top-down merge sort, left half floor(n/2). */
export function msort<T>(list: readonly T[], cmp: (a: T, b: T) => number): T[] {
  const n = list.length;
  if (n <= 1) return list.slice();
  const n1 = Math.floor(n / 2);
  const left = msort(list.slice(0, n1), cmp);
  const right = msort(list.slice(n1), cmp);
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const l = left[i] as T;
    const r = right[j] as T;
    if (cmp(l, r) <= 0) {
      out.push(l);
      i++;
    } else {
      out.push(r);
      j++;
    }
  }
  while (i < left.length) out.push(left[i++] as T);
  while (j < right.length) out.push(right[j++] as T);
  return out;
}

/** ipvs_sort_services(): a new array in ipvsadm's (quirky) order. */
export function sortServices<T extends ServiceKey>(list: readonly T[]): T[] {
  return msort(list, cmpServices);
}

/** ipvs_sort_dests(): a new array in ipvsadm's (quirky) order. */
export function sortDests<T extends DestKey>(list: readonly T[]): T[] {
  return msort(list, cmpDests);
}
