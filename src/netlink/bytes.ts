// Byte-order helpers. Netlink headers and most attribute payloads are in
// host byte order; the host order is detected once here. Ports, IPv4
// addresses and the IPv4 netmask are big-endian ("be") on the wire.
// Every 64-bit value is a bigint.

/** True on little-endian hosts (x86, arm64): decided once. */
export const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

// Plain byte arithmetic: a DataView per read costs more than the read itself
// on big dumps. Out-of-range offsets are the caller's check (attr-reader
// sizes every payload first); bytes past the end read as 0.

// Bitwise operators read a missing byte (undefined) as 0, so no `?? 0`.
function be16(b: Uint8Array, o: number): number {
  return ((b[o] as number) << 8) | (b[o + 1] as number);
}
function le16(b: Uint8Array, o: number): number {
  return (b[o] as number) | ((b[o + 1] as number) << 8);
}
function be32(b: Uint8Array, o: number): number {
  return (((b[o] as number) << 24) | ((b[o + 1] as number) << 16) | ((b[o + 2] as number) << 8) | (b[o + 3] as number)) >>> 0;
}
function le32(b: Uint8Array, o: number): number {
  return ((b[o] as number) | ((b[o + 1] as number) << 8) | ((b[o + 2] as number) << 16) | ((b[o + 3] as number) << 24)) >>> 0;
}
// A Uint8Array stores a number modulo 256, so no `& 0xff`.
function putLe16(b: Uint8Array, o: number, v: number): void {
  b[o] = v;
  b[o + 1] = v >>> 8;
}
function putBe16(b: Uint8Array, o: number, v: number): void {
  b[o] = v >>> 8;
  b[o + 1] = v;
}
function putLe32(b: Uint8Array, o: number, v: number): void {
  b[o] = v;
  b[o + 1] = v >>> 8;
  b[o + 2] = v >>> 16;
  b[o + 3] = v >>> 24;
}
function putBe32(b: Uint8Array, o: number, v: number): void {
  b[o] = v >>> 24;
  b[o + 1] = v >>> 16;
  b[o + 2] = v >>> 8;
  b[o + 3] = v;
}
const put16Host = HOST_LE ? putLe16 : putBe16;
const put32Host = HOST_LE ? putLe32 : putBe32;

export function readU8(buf: Uint8Array, off: number): number {
  return buf[off] ?? 0;
}
/** Host-order reads, the byte order picked once (decoders call these per attribute). */
export const readU16: (buf: Uint8Array, off: number) => number = HOST_LE ? le16 : be16;
export const readU32: (buf: Uint8Array, off: number) => number = HOST_LE ? le32 : be32;
export function readS32(buf: Uint8Array, off: number): number {
  return readU32(buf, off) | 0;
}
export function readU64(buf: Uint8Array, off: number): bigint {
  const lo = HOST_LE ? le32(buf, off) : be32(buf, off + 4);
  const hi = HOST_LE ? le32(buf, off + 4) : be32(buf, off);
  return hi === 0 ? BigInt(lo) : (BigInt(hi) << 32n) | BigInt(lo);
}
export const readBe16: (buf: Uint8Array, off: number) => number = be16;
export const readBe32: (buf: Uint8Array, off: number) => number = be32;

export function writeU8(buf: Uint8Array, off: number, v: number): void {
  buf[off] = v & 0xff;
}
export function writeU16(buf: Uint8Array, off: number, v: number): void {
  put16Host(buf, off, v);
}
export function writeU32(buf: Uint8Array, off: number, v: number): void {
  put32Host(buf, off, v >>> 0);
}
export function writeU64(buf: Uint8Array, off: number, v: bigint): void {
  const u = BigInt.asUintN(64, v);
  const lo = Number(u & 0xffffffffn);
  const hi = Number(u >> 32n);
  put32Host(buf, off + (HOST_LE ? 0 : 4), lo);
  put32Host(buf, off + (HOST_LE ? 4 : 0), hi);
}
export function writeBe16(buf: Uint8Array, off: number, v: number): void {
  putBe16(buf, off, v & 0xffff);
}
export function writeBe32(buf: Uint8Array, off: number, v: number): void {
  putBe32(buf, off, v >>> 0);
}

/** Concatenates byte arrays into a new one. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** Lower-case hex without separators (debugging and tests). */
export function toHex(buf: Uint8Array): string {
  return Array.from(buf, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Parses hex, ignoring whitespace (tests write annotated byte dumps). */
export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new Error(`bad hex: ${hex}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}
