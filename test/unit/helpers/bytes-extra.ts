// Small byte helpers for tests.
export function writeS32(buf: Uint8Array, off: number, v: number): void {
  new DataView(buf.buffer, buf.byteOffset, buf.byteLength).setInt32(off, v, true);
}
