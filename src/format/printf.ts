// The small subset of C printf() that ipvsadm.c's output uses (glibc semantics).
//
// Supported conversions: %s %d %i %u %lu %llu %x and %%, each with optional
// '-' / '0' flags and a decimal field width, e.g. "%-28s", "%8llu", "%02d".
// Arguments: %s takes a string (null prints "(null)" like glibc); %d/%i take a
// number or bigint reduced to signed 32 bits; %u/%x to unsigned 32 bits;
// %lu/%llu take a bigint or number reduced to unsigned 64 bits.

export type PrintfArg = string | number | bigint | null;

const U32 = 0x1_0000_0000n;
const U64 = 0x1_0000_0000_0000_0000n;

function toBig(v: PrintfArg): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  return 0n;
}

function mod(v: bigint, m: bigint): bigint {
  const r = v % m;
  return r < 0n ? r + m : r;
}

/** Reduce to a signed 32-bit C int (the value a %d of an int prints). */
export function int32(v: number | bigint): number {
  return Number(BigInt.asIntN(32, toBig(v)));
}

/** Reduce to an unsigned 32-bit C unsigned int. */
export function uint32(v: number | bigint): number {
  return Number(mod(toBig(v), U32));
}

/** Pad `s` to `width` with spaces, on the right when `left`. */
export function pad(s: string, width: number, left: boolean): string {
  return left ? s.padEnd(width) : s.padStart(width);
}

/** The text %d prints for a number that is already a C int, else null (then sprintf decides). */
export function intText(v: number): string | null {
  return (v | 0) === v ? String(v) : null;
}

/** The text %u prints for a number that is already a C unsigned int, else null. */
export function uintText(v: number): string | null {
  return v >>> 0 === v ? String(v) : null;
}

type Conv = 's' | 'd' | 'i' | 'u' | 'x' | 'lu' | 'llu';
const CONVERSIONS: ReadonlySet<string> = new Set(['s', 'd', 'i', 'u', 'x', 'lu', 'llu', '%']);

function convert(conv: Conv, arg: PrintfArg): string {
  if (conv === 's') return arg === null ? '(null)' : String(arg);
  // Fast path: a non-negative safe integer prints as itself where it fits.
  if (typeof arg === 'number' && Number.isSafeInteger(arg) && arg >= 0) {
    if (conv === 'lu' || conv === 'llu') return String(arg);
    if (arg <= 0x7fffffff || ((conv === 'u' || conv === 'x') && arg <= 0xffffffff)) {
      return conv === 'x' ? arg.toString(16) : String(arg);
    }
  }
  switch (conv) {
    case 'd':
    case 'i':
      return String(BigInt.asIntN(32, toBig(arg)));
    case 'u':
      return String(mod(toBig(arg), U32));
    case 'x':
      return mod(toBig(arg), U32).toString(16);
    default: // lu, llu
      return String(mod(toBig(arg), U64));
  }
}

/** C-style sprintf for the subset above, read as it goes. Throws on an unknown conversion. */
export function sprintf(fmt: string, ...args: PrintfArg[]): string {
  let out = '';
  let argi = 0;
  for (let i = 0; i < fmt.length; ) {
    const pc = fmt.indexOf('%', i);
    if (pc < 0) return out + fmt.slice(i);
    out += fmt.slice(i, pc);
    // %[-0]*[0-9]*(s|d|i|u|x|lu|llu|%)
    let at = pc + 1;
    let left = false;
    let zero = false;
    for (; fmt[at] === '-' || fmt[at] === '0'; at++) {
      if (fmt[at] === '-') left = true;
      else zero = true;
    }
    let width = 0;
    for (; at < fmt.length && fmt.charCodeAt(at) >= 48 && fmt.charCodeAt(at) <= 57; at++) width = width * 10 + fmt.charCodeAt(at) - 48;
    const conv = fmt.startsWith('llu', at) ? 'llu' : fmt.startsWith('lu', at) ? 'lu' : fmt[at];
    if (conv === undefined || !CONVERSIONS.has(conv)) {
      throw new Error(`sprintf: unsupported conversion in ${JSON.stringify(fmt)}`);
    }
    i = at + conv.length;
    if (conv === '%') {
      out += '%';
      continue;
    }
    const arg = argi < args.length ? args[argi] : undefined;
    argi += 1;
    if (arg === undefined) throw new Error(`sprintf: missing argument for %${conv}`);
    let text = convert(conv as Conv, arg);
    if (conv !== 's' && !left && zero && text.length < width) {
      // '0' flag: zeros go after the sign.
      const sign = text.startsWith('-') ? '-' : '';
      text = sign + '0'.repeat(width - text.length) + text.slice(sign.length);
    }
    out += pad(text, width, left);
  }
  return out;
}
