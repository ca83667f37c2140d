// AttrWriter: appends netlink attributes with libnl 3.7 semantics (lib/attr.c):
// - every attribute is zero-padded to 4 bytes as it is written (nla_reserve);
// - nest() sets NLA_F_NESTED (nla_nest_start);
// - a nest's length runs to the tail, so it includes its last child's padding
//   (nla_nest_end);
// - an empty nest is cancelled (_nest_end drops a nest of length NLA_HDRLEN).

import { NLA_HDRLEN, nlaAlign } from './align.js';
import { writeBe16, writeBe32, writeU16, writeU32, writeU64, writeU8 } from './bytes.js';

/** NLA_F_NESTED */
export const NLA_F_NESTED = 0x8000;
/** NLA_F_NET_BYTEORDER */
export const NLA_F_NET_BYTEORDER = 0x4000;
/** NLA_TYPE_MASK: ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) */
export const NLA_TYPE_MASK = 0x3fff;

/** One encoder for every non-ASCII string attribute. */
const utf8 = new TextEncoder();

export class AttrWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  /** Bytes written so far (a copy). */
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  get length(): number {
    return this.len;
  }

  // For building whole datagrams in one writer (Conn.requestManyWith):
  // raw space for headers, patched in place once the lengths are known.

  /** n zero bytes at the end, for a header filled in later; returns their offset. */
  reserveRaw(n: number): number {
    return this.reserve(n);
  }

  /** data as is, no attribute header, no padding. */
  rawBytes(data: Uint8Array): this {
    const off = this.reserve(data.length);
    this.buf.set(data, off);
    return this;
  }

  /** Zero padding up to a multiple of 4 bytes (NLMSG_ALIGN). */
  align(): this {
    this.reserve(((this.len + 3) & ~3) - this.len);
    return this;
  }

  /** Drops everything from byte n on (n <= length). */
  truncate(n: number): this {
    this.len = n;
    return this;
  }

  /** The bytes written so far, not copied: valid until the next write. */
  view(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }

  /** Overwrites a host-order u16 at off (< length). */
  patchU16(off: number, v: number): this {
    writeU16(this.buf, off, v);
    return this;
  }

  /** Overwrites a host-order u32 at off (< length). */
  patchU32(off: number, v: number): this {
    writeU32(this.buf, off, v);
    return this;
  }

  /** Overwrites a byte at off (< length). */
  patchU8(off: number, v: number): this {
    writeU8(this.buf, off, v);
    return this;
  }

  private reserve(n: number): number {
    const need = this.len + n;
    if (need > this.buf.length) {
      const next = new Uint8Array(Math.max(need, this.buf.length * 2));
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
    const off = this.len;
    const b = this.buf;
    for (let i = off; i < need; i++) b[i] = 0; // a reused buffer holds old bytes
    this.len = need;
    return off;
  }

  /** nla_put(): header, payload, zero padding. Returns the payload offset. */
  private put(type: number, size: number): number {
    const off = this.reserve(nlaAlign(NLA_HDRLEN + size));
    writeU16(this.buf, off, NLA_HDRLEN + size);
    writeU16(this.buf, off + 2, type);
    return off + NLA_HDRLEN;
  }

  u8(type: number, v: number): this {
    const off = this.put(type, 1); // put() may grow this.buf: read it after
    writeU8(this.buf, off, v);
    return this;
  }
  u16(type: number, v: number): this {
    const off = this.put(type, 2); // put() may grow this.buf: read it after
    writeU16(this.buf, off, v);
    return this;
  }
  u32(type: number, v: number): this {
    const off = this.put(type, 4); // put() may grow this.buf: read it after
    writeU32(this.buf, off, v);
    return this;
  }
  u64(type: number, v: bigint): this {
    const off = this.put(type, 8); // put() may grow this.buf: read it after
    writeU64(this.buf, off, v);
    return this;
  }
  /** u16 in network byte order (ports). */
  be16(type: number, v: number): this {
    const off = this.put(type, 2); // put() may grow this.buf: read it after
    writeBe16(this.buf, off, v);
    return this;
  }
  /** u32 in network byte order (IPv4 netmask). */
  be32(type: number, v: number): this {
    const off = this.put(type, 4); // put() may grow this.buf: read it after
    writeBe32(this.buf, off, v);
    return this;
  }
  /** nla_put_string(): NUL-terminated, the length includes the NUL. */
  str(type: number, s: string): this {
    let ascii = true;
    for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) ascii = false;
    if (!ascii) return this.bytes(type, appendNul(utf8.encode(s)));
    const off = this.put(type, s.length + 1); // reserve() zeroed the NUL
    const b = this.buf;
    for (let i = 0; i < s.length; i++) b[off + i] = s.charCodeAt(i);
    return this;
  }
  /**
   * nla_put() of `size` bytes (default data.length): data's first bytes,
   * zero-filled when data is shorter (e.g. an IPv4 address in the 16-byte
   * nf_inet_addr).
   */
  bytes(type: number, data: Uint8Array, size = data.length): this {
    const off = this.put(type, size);
    this.buf.set(data.length > size ? data.subarray(0, size) : data, off);
    return this;
  }

  /** nla_nest_start() + fn + nla_nest_end(). */
  nest(type: number, fn: (w: this) => void): this {
    const start = this.nestStart();
    fn(this);
    return this.nestEnd(start, type);
  }

  /** nla_nest_start(): returns where the nest begins, for nestEnd(). */
  nestStart(): number {
    return this.reserve(NLA_HDRLEN);
  }

  /** nla_nest_end() of the nest begun at start: its header, or the nest cancelled when empty. */
  nestEnd(start: number, type: number): this {
    const size = this.len - start;
    if (size === NLA_HDRLEN) {
      this.len = start; // _nest_end: cancel an empty nest
      return this;
    }
    writeU16(this.buf, start, size);
    writeU16(this.buf, start + 2, type | NLA_F_NESTED);
    return this;
  }
}

function appendNul(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length + 1);
  out.set(b);
  return out;
}
