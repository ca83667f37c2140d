// Attribute reader: an iterator (nla_for_each_attr) plus an AttrTable with
// typed getters (nla_parse + nla_get_*). Every getter checks the payload
// length and throws DecodeError carrying the attribute path.

import { NLA_HDRLEN, nlaAlign } from './align.js';
import { readBe16, readBe32, readU16, readU32, readU64, readU8 } from './bytes.js';
import { DecodeError } from './errors.js';
import { NLA_TYPE_MASK } from './attr-writer.js';

export interface Attr {
  /** Type with NLA_F_NESTED / NLA_F_NET_BYTEORDER masked off. */
  readonly type: number;
  readonly data: Uint8Array;
}

/** Names attribute types for error paths. */
export type AttrNamer = (type: number) => string;

/** nla_for_each_attr(): stops, like nla_ok(), at a truncated tail. */
export function* iterAttrs(buf: Uint8Array): Generator<Attr> {
  let off = 0;
  while (off + NLA_HDRLEN <= buf.length) {
    const len = readU16(buf, off);
    if (len < NLA_HDRLEN || off + len > buf.length) return;
    const type = readU16(buf, off + 2) & NLA_TYPE_MASK;
    yield { type, data: buf.subarray(off + NLA_HDRLEN, off + len) };
    off += nlaAlign(len);
  }
}

/** nla_parse(): the last attribute of a type wins. */
export class AttrTable {
  private readonly map = new Map<number, Uint8Array>();

  constructor(
    buf: Uint8Array,
    readonly path: readonly string[] = [],
    private readonly namer: AttrNamer = (t) => `attr ${t}`,
  ) {
    // iterAttrs() inlined: this runs for every nest of every dump message.
    let off = 0;
    while (off + NLA_HDRLEN <= buf.length) {
      const len = readU16(buf, off);
      if (len < NLA_HDRLEN || off + len > buf.length) break;
      this.map.set(readU16(buf, off + 2) & NLA_TYPE_MASK, buf.subarray(off + NLA_HDRLEN, off + len));
      off += nlaAlign(len);
    }
  }

  has(type: number): boolean {
    return this.map.has(type);
  }

  private fail(type: number, detail: string): never {
    throw new DecodeError([...this.path, this.namer(type)], detail);
  }

  /** Raw payload; throws when missing. */
  raw(type: number): Uint8Array {
    const d = this.map.get(type);
    if (d === undefined) this.fail(type, 'missing');
    return d;
  }

  private sized(type: number, size: number): Uint8Array {
    const d = this.raw(type);
    if (d.length !== size) this.fail(type, `want ${size} bytes, got ${d.length}`);
    return d;
  }

  u8(type: number): number {
    return readU8(this.sized(type, 1), 0);
  }
  u16(type: number): number {
    return readU16(this.sized(type, 2), 0);
  }
  u32(type: number): number {
    return readU32(this.sized(type, 4), 0);
  }
  u64(type: number): bigint {
    return readU64(this.sized(type, 8), 0);
  }
  be16(type: number): number {
    return readBe16(this.sized(type, 2), 0);
  }
  be32(type: number): number {
    return readBe32(this.sized(type, 4), 0);
  }
  /** Exactly `size` bytes (a copy). */
  bytes(type: number, size: number): Uint8Array {
    return this.sized(type, size).slice();
  }
  /** nla_get_string(): up to the first NUL (or the end of the payload). */
  str(type: number): string {
    const d = this.raw(type);
    const nul = d.indexOf(0);
    return new TextDecoder().decode(nul < 0 ? d : d.subarray(0, nul));
  }
  /** nla_parse_nested(): a table over a nested attribute. */
  nested(type: number, namer: AttrNamer): AttrTable {
    return new AttrTable(this.raw(type), [...this.path, this.namer(type)], namer);
  }

  /** Optional variants: undefined when the attribute is absent. */
  opt<T>(type: number, get: (type: number) => T): T | undefined {
    return this.map.has(type) ? get.call(this, type) : undefined;
  }
}
