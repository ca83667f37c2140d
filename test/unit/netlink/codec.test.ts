import { describe, expect, it } from 'vitest';
import { nlaAlign, nlmsgAlign } from '../../../src/netlink/align.js';
import { AttrTable, iterAttrs } from '../../../src/netlink/attr-reader.js';
import { AttrWriter } from '../../../src/netlink/attr-writer.js';
import { fromHex, readBe16, readU64, toHex, writeU64 } from '../../../src/netlink/bytes.js';
import { DecodeError } from '../../../src/netlink/errors.js';
import { hexBytes } from '../helpers/hex.js';

describe('align', () => {
  it('rounds up to 4', () => {
    expect([0, 1, 4, 5, 7, 8].map(nlaAlign)).toEqual([0, 4, 4, 8, 8, 8]);
    expect(nlmsgAlign(17)).toBe(20);
  });
});

describe('bytes', () => {
  it('u64 round trip and be16', () => {
    const b = new Uint8Array(8);
    writeU64(b, 0, 0x0102030405060708n);
    expect(toHex(b)).toBe('0807060504030201');
    expect(readU64(b, 0)).toBe(0x0102030405060708n);
    expect(readBe16(fromHex('0050'), 0)).toBe(80);
  });
});

describe('AttrWriter (libnl semantics)', () => {
  it('pads every attribute as written', () => {
    const w = new AttrWriter().u8(8, 5).u16(4, 0x04b0).str(2, 'lo').be16(14, 6080);
    expect(w.finish()).toEqual(
      hexBytes([
        '0500 0800 05 000000', // u8: len 5, 3 bytes padding
        '0600 0400 b004 0000', // u16 host order
        '0700 0200 6c6f00 00', // "lo\0"
        '0600 0e00 17c0 0000', // be16 6080
      ]),
    );
  });

  it('empty string is a 1-byte payload', () => {
    expect(toHex(new AttrWriter().str(6, '').finish())).toBe('0500060000000000');
  });

  it('nest sets NLA_F_NESTED and its length includes the last child padding', () => {
    const w = new AttrWriter().nest(3, (n) => n.u32(1, 2).u8(8, 5));
    expect(w.finish()).toEqual(
      hexBytes([
        '1400 0380', // nest len 20 = 4 + 8 + 8 (the u8 attr incl. its 3 pad bytes)
        '0800 0100 02000000',
        '0500 0800 05 000000',
      ]),
    );
  });

  it('drops an empty nest', () => {
    expect(new AttrWriter().nest(1, () => {}).finish()).toHaveLength(0);
  });
});

describe('AttrTable / iterAttrs', () => {
  const buf = hexBytes([
    '0600 0180 0200 0000', // type 1 with NLA_F_NESTED: masked to 1
    '0800 0200 01000000',
    '0800 0200 02000000', // duplicate: last wins (nla_parse)
    '0600 0400 0050 0000',
    '0300', // truncated tail: ignored like nla_ok()
  ]);

  it('masks type flags and stops at a truncated tail', () => {
    expect([...iterAttrs(buf)].map((a) => a.type)).toEqual([1, 2, 2, 4]);
  });

  it('typed getters with length checks and a path', () => {
    const t = new AttrTable(buf, ['TOP'], (n) => `A${n}`);
    expect(t.u16(1)).toBe(2);
    expect(t.u32(2)).toBe(2);
    expect(t.be16(4)).toBe(80);
    expect(() => t.u32(4)).toThrow(new DecodeError(['TOP', 'A4'], 'want 4 bytes, got 2'));
    expect(() => t.u32(9)).toThrow(/TOP › A9: missing/);
    expect(t.opt(9, t.u32)).toBeUndefined();
    expect(t.opt(2, t.u32)).toBe(2);
  });

  it('strings stop at NUL; nested tables extend the path', () => {
    const t = new AttrTable(hexBytes(['1400 0100', '0800 0600 776c6300', '0500 0200 00 000000']), [], (n) => `N${n}`);
    const inner = t.nested(1, (n) => `S${n}`);
    expect(inner.str(6)).toBe('wlc');
    expect(inner.str(2)).toBe('');
    expect(() => inner.u8(7)).toThrow(/N1 › S7: missing/);
  });
});

describe('AttrWriter growth', () => {
  it('keeps every value when the buffer grows mid-write', () => {
    const w = new AttrWriter();
    for (let i = 0; i < 100; i++) w.u64(1, BigInt(i)).u32(2, i).u16(3, i).u8(4, i).be16(5, i).be32(6, i);
    const vals = [...iterAttrs(w.finish())].filter((a) => a.type === 1).map((a) => readU64(a.data, 0));
    expect(vals).toEqual(Array.from({ length: 100 }, (_, i) => BigInt(i)));
  });
});
