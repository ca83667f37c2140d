// Byte-order helpers. Netlink headers and most attribute payloads are in
// host byte order; the host order is detected once here. Ports, IPv4
// addresses and the IPv4 netmask are big-endian ("be") on the wire.
// Every 64-bit value is a bigint.

/** True on little-endian hosts (x86, arm64): decided once. */
export const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function view(buf: Uint8Array): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

export function readU8(buf: Uint8Array, off: number): number {
  return view(buf).getUint8(off);
}
export function readU16(buf: Uint8Array, off: number): number {
  return view(buf).getUint16(off, HOST_LE);
}
export function readS32(buf: Uint8Array, off: number): number {
  return view(buf).getInt32(off, HOST_LE);
}
export function readU32(buf: Uint8Array, off: number): number {
  return view(buf).getUint32(off, HOST_LE);
}
export function readU64(buf: Uint8Array, off: number): bigint {
  return view(buf).getBigUint64(off, HOST_LE);
}
export function readBe16(buf: Uint8Array, off: number): number {
  return view(buf).getUint16(off, false);
}
export function readBe32(buf: Uint8Array, off: number): number {
  return view(buf).getUint32(off, false);
}

export function writeU8(buf: Uint8Array, off: number, v: number): void {
  view(buf).setUint8(off, v & 0xff);
}
export function writeU16(buf: Uint8Array, off: number, v: number): void {
  view(buf).setUint16(off, v & 0xffff, HOST_LE);
}
export function writeU32(buf: Uint8Array, off: number, v: number): void {
  view(buf).setUint32(off, v >>> 0, HOST_LE);
}
export function writeU64(buf: Uint8Array, off: number, v: bigint): void {
  view(buf).setBigUint64(off, BigInt.asUintN(64, v), HOST_LE);
}
export function writeBe16(buf: Uint8Array, off: number, v: number): void {
  view(buf).setUint16(off, v & 0xffff, false);
}
export function writeBe32(buf: Uint8Array, off: number, v: number): void {
  view(buf).setUint32(off, v >>> 0, false);
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
