// The byte readers and writers agree with DataView (host order = little
// endian on the machines we run on) for any number they may be given.
import { describe, expect, it } from 'vitest';
import {
  HOST_LE, readBe16, readBe32, readU16, readU32, readU64, writeBe16, writeBe32, writeU16, writeU32, writeU64,
} from '../../../src/netlink/bytes.js';

describe('bytes', () => {
  it('match DataView for random values, out-of-range and odd numbers too', () => {
    let seed = 13;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) >>> 0);
    const odd = [0, 1, -1, 0xffff, 0x10000, -0x8000, 0xffffffff, 0x100000000, -0x80000000, 1.5, -2.7, 1e10, NaN, Infinity];
    for (let i = 0; i < 2000; i++) {
      const v = i < odd.length ? (odd[i] as number) : rnd() * (rnd() % 3 === 0 ? -1 : 1) + (rnd() % 5 === 0 ? 0.5 : 0);
      const b = new Uint8Array(12);
      const d = new DataView(b.buffer);
      const int = Number.isFinite(v) ? Math.trunc(v) : 0;
      writeU16(b, 1, v);
      expect(d.getUint16(1, HOST_LE)).toBe(((int % 65536) + 65536) % 65536);
      expect(readU16(b, 1)).toBe(d.getUint16(1, HOST_LE));
      writeBe16(b, 3, v);
      expect(readBe16(b, 3)).toBe(d.getUint16(3, false));
      expect(d.getUint16(3, false)).toBe(((int % 65536) + 65536) % 65536);
      writeU32(b, 5, v);
      expect(d.getUint32(5, HOST_LE)).toBe(v >>> 0);
      expect(readU32(b, 5)).toBe(v >>> 0);
      writeBe32(b, 6, v);
      expect(readBe32(b, 6)).toBe(d.getUint32(6, false));
      expect(d.getUint32(6, false)).toBe(v >>> 0);
      const big = (BigInt(rnd()) << 32n) | BigInt(rnd());
      writeU64(b, 2, big);
      expect(d.getBigUint64(2, HOST_LE)).toBe(big);
      expect(readU64(b, 2)).toBe(big);
    }
    // Reads past the end see zero bytes.
    expect(readU32(new Uint8Array([1, 2]), 0)).toBe(HOST_LE ? 0x0201 : 0x01020000);
    expect(readBe16(new Uint8Array([7]), 0)).toBe(0x0700);
  });
});
