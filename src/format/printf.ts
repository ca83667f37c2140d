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
  if (s.length >= width) return s;
  const fill = ' '.repeat(width - s.length);
  return left ? s + fill : fill + s;
}

/** C-style sprintf for the subset above. Throws on an unknown conversion. */
export function sprintf(fmt: string, ...args: PrintfArg[]): string {
  let out = '';
  let argi = 0;
  const re = /%([-0]*)(\d*)(s|d|i|u|x|lu|llu|%)/gy;
  let i = 0;
  while (i < fmt.length) {
    const pc = fmt.indexOf('%', i);
    if (pc < 0) {
      out += fmt.slice(i);
      break;
    }
    out += fmt.slice(i, pc);
    re.lastIndex = pc;
    const m = re.exec(fmt);
    if (!m) throw new Error(`sprintf: unsupported conversion in ${JSON.stringify(fmt)}`);
    i = re.lastIndex;
    const [, flags = '', widthText, conv] = m;
    const left = flags.includes('-');
    if (conv === '%') {
      out += '%';
      continue;
    }
    const arg = argi < args.length ? args[argi] : undefined;
    argi += 1;
    if (arg === undefined) throw new Error(`sprintf: missing argument for ${m[0]}`);
    let text: string;
    switch (conv) {
      case 's':
        text = arg === null ? '(null)' : String(arg);
        break;
      case 'd':
      case 'i':
        text = String(BigInt.asIntN(32, toBig(arg)));
        break;
      case 'u':
        text = String(mod(toBig(arg), U32));
        break;
      case 'x':
        text = mod(toBig(arg), U32).toString(16);
        break;
      default: // lu, llu
        text = String(mod(toBig(arg), U64));
        break;
    }
    const width = widthText ? Number(widthText) : 0;
    if (conv !== 's' && flags.includes('0') && !left && text.length < width) {
      // '0' flag: zeros go after the sign.
      const sign = text.startsWith('-') ? '-' : '';
      text = sign + '0'.repeat(width - text.length) + text.slice(sign.length);
    }
    out += pad(text, width, left);
  }
  return out;
}
