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

/** The header offset of the last attribute of `type` in [start, end), or -1 (nla_find()). */
export function findAttr(buf: Uint8Array, start: number, end: number, type: number): number {
  let found = -1;
  for (let off = start; off + NLA_HDRLEN <= end; ) {
    const len = readU16(buf, off);
    if (len < NLA_HDRLEN || off + len > end) break;
    if ((readU16(buf, off + 2) & NLA_TYPE_MASK) === type) found = off;
    off += nlaAlign(len);
  }
  return found;
}

/** nla_get_string() of the payload [p, end) of buf: up to the first NUL (or the end). */
function readStr(b: Uint8Array, p: number, end: number): string {
  // Short ASCII names (schedulers, interfaces) without a decoder call.
  let s = '';
  for (let i = p; i < end; i++) {
    const c = b[i] as number;
    if (c === 0) return s;
    if (c >= 0x80) {
      const nul = b.indexOf(0, p);
      return new TextDecoder().decode(b.subarray(p, nul < 0 || nul > end ? end : nul));
    }
    s += String.fromCharCode(c);
  }
  return s;
}

const NO_PATH: readonly string[] = [];
const defaultNamer: AttrNamer = (t) => `attr ${t}`;
/** Types below this are indexed in an array; others (rare) in a Map. */
const NEAR_TYPES = 64;

/**
 * nla_parse(): the last attribute of a type wins. The table keeps offsets
 * into the one buffer it was built over, never a view per attribute: a
 * big dump has tens of attributes per message, and allocating a subarray
 * for each was most of a listing's garbage. Getters read straight from
 * the buffer; only raw() makes a view, bytes() a copy.
 */
export class AttrTable {
  /** near[type] = offset of the attribute's header in buf. */
  private readonly near: number[] = [];
  private far: Map<number, number> | undefined;
  private parent: AttrTable | undefined;
  private parentType = 0;

  constructor(
    private readonly buf: Uint8Array,
    private readonly basePath: readonly string[] = NO_PATH,
    private readonly namer: AttrNamer = defaultNamer,
    start = 0,
    end = buf.length,
  ) {
    // iterAttrs() inlined: this runs for every nest of every dump message.
    let off = start;
    while (off + NLA_HDRLEN <= end) {
      const len = readU16(buf, off);
      if (len < NLA_HDRLEN || off + len > end) break;
      const type = readU16(buf, off + 2) & NLA_TYPE_MASK;
      if (type < NEAR_TYPES) this.near[type] = off;
      else (this.far ??= new Map()).set(type, off);
      off += nlaAlign(len);
    }
  }

  /** Names of the enclosing attributes (for error messages), built on demand. */
  get path(): readonly string[] {
    const p = this.parent;
    return p === undefined ? this.basePath : [...p.path, p.namer(this.parentType)];
  }

  /** Offset of the attribute header, or -1. */
  private find(type: number): number {
    const o = type < NEAR_TYPES ? this.near[type] : this.far?.get(type);
    return o === undefined ? -1 : o;
  }

  has(type: number): boolean {
    return this.find(type) >= 0;
  }

  private fail(type: number, detail: string): never {
    throw new DecodeError([...this.path, this.namer(type)], detail);
  }

  /** Offset of the attribute header; throws when missing. */
  private header(type: number): number {
    const h = this.find(type);
    if (h < 0) this.fail(type, 'missing');
    return h;
  }

  /** [start, end) of an attribute's payload in the buffer; throws when missing. */
  private span(type: number): [number, number] {
    const h = this.header(type);
    return [h + NLA_HDRLEN, h + readU16(this.buf, h)];
  }

  /** Raw payload (a view into the buffer); throws when missing. */
  raw(type: number): Uint8Array {
    const h = this.header(type);
    return this.buf.subarray(h + NLA_HDRLEN, h + readU16(this.buf, h));
  }

  /** Offset of a payload of exactly `size` bytes; throws when missing or another size. */
  private sized(type: number, size: number): number {
    // find() written out: every field a decoder reads comes through here
    const h = (type < NEAR_TYPES ? this.near[type] : this.far?.get(type)) ?? -1;
    if (h < 0) this.fail(type, 'missing');
    const len = readU16(this.buf, h) - NLA_HDRLEN;
    if (len !== size) this.fail(type, `want ${size} bytes, got ${len}`);
    return h + NLA_HDRLEN;
  }

  u8(type: number): number {
    return readU8(this.buf, this.sized(type, 1));
  }
  u16(type: number): number {
    return readU16(this.buf, this.sized(type, 2));
  }
  u32(type: number): number {
    return readU32(this.buf, this.sized(type, 4));
  }
  u64(type: number): bigint {
    return readU64(this.buf, this.sized(type, 8));
  }
  be16(type: number): number {
    return readBe16(this.buf, this.sized(type, 2));
  }
  be32(type: number): number {
    return readBe32(this.buf, this.sized(type, 4));
  }
  /** Exactly `size` bytes (a copy). */
  bytes(type: number, size: number): Uint8Array {
    const p = this.sized(type, size);
    return this.buf.slice(p, p + size);
  }
  /** nla_get_string(): up to the first NUL (or the end of the payload). */
  str(type: number): string {
    const [p, end] = this.span(type);
    return readStr(this.buf, p, end);
  }
  /** nla_parse_nested(): a table over a nested attribute. */
  nested(type: number, namer: AttrNamer): AttrTable {
    const [p, end] = this.span(type);
    const t = new AttrTable(this.buf, NO_PATH, namer, p, end);
    t.parent = this;
    t.parentType = type;
    return t;
  }

  /** Optional variants: undefined when the attribute is absent. */
  opt<T>(type: number, get: (type: number) => T): T | undefined {
    return this.has(type) ? get.call(this, type) : undefined;
  }
}
