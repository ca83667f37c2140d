// glibc inet_ntop()/inet_pton() (resolv/inet_ntop.c, resolv/inet_pton.c) for AF_INET and AF_INET6.

import { AF_INET, AF_INET6 } from '../ipvs/types.js';

/** inet_ntop4: dotted decimal of the first 4 bytes. */
export function inetNtop4(addr: Uint8Array): string {
  return `${addr[0] ?? 0}.${addr[1] ?? 0}.${addr[2] ?? 0}.${addr[3] ?? 0}`;
}

/** inet_ntop6: glibc's compressed IPv6 text, incl. the ::a.b.c.d and ::ffff:a.b.c.d forms. */
export function inetNtop6(addr: Uint8Array): string {
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push(((addr[2 * i] ?? 0) << 8) | (addr[2 * i + 1] ?? 0));
  // Longest run of zero words (first one on ties); runs of 1 are not compressed.
  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (words[i] === 0) {
      if (curBase === -1) {
        curBase = i;
        curLen = 1;
      } else curLen++;
    } else if (curBase !== -1) {
      if (bestBase === -1 || curLen > bestLen) {
        bestBase = curBase;
        bestLen = curLen;
      }
      curBase = -1;
    }
  }
  if (curBase !== -1 && (bestBase === -1 || curLen > bestLen)) {
    bestBase = curBase;
    bestLen = curLen;
  }
  if (bestBase !== -1 && bestLen < 2) bestBase = -1;

  let out = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase !== -1 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      out += inetNtop4(addr.subarray(12, 16));
      return out;
    }
    out += (words[i] ?? 0).toString(16);
  }
  if (bestBase !== -1 && bestBase + bestLen === 8) out += ':';
  return out;
}

/** inet_ntop(): text for AF_INET/AF_INET6, null (C NULL) for any other family. */
export function inetNtop(af: number, addr: Uint8Array): string | null {
  if (af === AF_INET) return inetNtop4(addr);
  if (af === AF_INET6) return inetNtop6(addr);
  return null;
}

/** inet_pton4: strict dotted quad (no leading zeros, 4 parts, each ≤ 255). */
export function inetPton4(src: string): Uint8Array | null {
  const tmp = new Uint8Array(4);
  let tp = 0;
  let sawDigit = false;
  let octets = 0;
  for (const ch of src) {
    if (ch >= '0' && ch <= '9') {
      const cur = tmp[tp] ?? 0;
      const next = cur * 10 + (ch.charCodeAt(0) - 48);
      if (sawDigit && cur === 0) return null;
      if (next > 255) return null;
      tmp[tp] = next;
      if (!sawDigit) {
        if (++octets > 4) return null;
        sawDigit = true;
      }
    } else if (ch === '.' && sawDigit) {
      if (octets === 4) return null;
      tp++;
      tmp[tp] = 0;
      sawDigit = false;
    } else return null;
  }
  if (octets < 4) return null;
  return tmp;
}

function hexDigit(ch: string): number {
  if (ch >= '0' && ch <= '9') return ch.charCodeAt(0) - 48;
  if (ch >= 'a' && ch <= 'f') return ch.charCodeAt(0) - 87;
  if (ch >= 'A' && ch <= 'F') return ch.charCodeAt(0) - 55;
  return -1;
}

/** inet_pton6: glibc's IPv6 text parser (one '::', optional trailing dotted IPv4). */
export function inetPton6(src: string): Uint8Array | null {
  // Every address the parser below accepts has at least two colons (eight
  // groups, six groups and a dotted quad, or a "::"): reject the rest, e.g.
  // every IPv4 host[:port] the command line tries here first, without work.
  const first = src.indexOf(':');
  if (first < 0 || src.indexOf(':', first + 1) < 0) return null;
  const tmp = new Uint8Array(16);
  const endp = 16;
  let tp = 0;
  let colonp = -1;
  let pos = 0;
  const end = src.length;
  if (end === 0) return null;
  if (src[0] === ':') {
    pos++;
    if (pos === end || src[pos] !== ':') return null;
  }
  let curtok = pos;
  let xdigits = 0;
  let val = 0;
  while (pos < end) {
    const ch = src[pos++] ?? '';
    const digit = hexDigit(ch);
    if (digit >= 0) {
      if (xdigits === 4) return null;
      val = (val << 4) | digit;
      if (val > 0xffff) return null;
      xdigits++;
      continue;
    }
    if (ch === ':') {
      curtok = pos;
      if (xdigits === 0) {
        if (colonp !== -1) return null;
        colonp = tp;
        continue;
      } else if (pos === end) return null;
      if (tp + 2 > endp) return null;
      tmp[tp++] = (val >> 8) & 0xff;
      tmp[tp++] = val & 0xff;
      xdigits = 0;
      val = 0;
      continue;
    }
    if (ch === '.' && tp + 4 <= endp) {
      const v4 = inetPton4(src.slice(curtok));
      if (v4) {
        tmp.set(v4, tp);
        tp += 4;
        xdigits = 0;
        break;
      }
    }
    return null;
  }
  if (xdigits > 0) {
    if (tp + 2 > endp) return null;
    tmp[tp++] = (val >> 8) & 0xff;
    tmp[tp++] = val & 0xff;
  }
  if (colonp !== -1) {
    if (tp === endp) return null;
    const n = tp - colonp;
    const moved = tmp.slice(colonp, tp);
    tmp.fill(0, colonp, endp);
    tmp.set(moved, endp - n);
    tp = endp;
  }
  if (tp !== endp) return null;
  return tmp;
}
