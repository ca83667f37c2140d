// glibc inet_aton() (inet_addr.c), which ipvsadm.c relies on, ported
// literally; inet_pton() lives with inet_ntop in src/format/inet.ts.

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
/** C isspace() in the C locale. */
const isCSpace = (c: string | undefined): boolean => c !== undefined && ' \t\n\v\f\r'.includes(c) && c.length === 1;

/** glibc inet_aton(): 1-4 parts, decimal/octal/hex, stops at white space. Host-order uint32 or null. */
export function inetAton(s: string): number | null {
  // parts[0..2] as in glibc (no array: this runs for every address of a
  // restore); val is the last part.
  let p0 = 0;
  let p1 = 0;
  let p2 = 0;
  let nparts = 0;
  let i = 0;
  let val = 0;
  for (;;) {
    if (!isDigit(s[i])) return null;
    // strtoul(cp, &end, 0): the part starts with a digit here.
    let base = 10;
    if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && hexValue(s[i + 2]) >= 0) {
      base = 16;
      i += 2;
    } else if (s[i] === '0') {
      base = 8;
    }
    val = 0;
    for (let d = digitValue(s[i], base); d >= 0; d = digitValue(s[i], base)) {
      val = Math.min(val * base + d, 2 ** 33); // saturate: anything > 0xffffffff fails
      i++;
    }
    if (val > 0xffffffff) return null;
    if (s[i] !== '.') break;
    if (nparts > 2 || val > 0xff) return null;
    if (nparts === 0) p0 = val;
    else if (nparts === 1) p1 = val;
    else p2 = val;
    nparts++;
    i++;
  }
  if (i < s.length && !isCSpace(s[i])) return null;
  const max = nparts === 0 ? 0xffffffff : nparts === 1 ? 0xffffff : nparts === 2 ? 0xffff : 0xff;
  if (val > max) return null;
  let word = 0;
  if (nparts > 0) word += p0 * 2 ** 24;
  if (nparts > 1) word += p1 * 2 ** 16;
  if (nparts > 2) word += p2 * 2 ** 8;
  return word + val;
}

function hexValue(c: string | undefined): number {
  if (c === undefined || c.length !== 1) return -1;
  const x = c.charCodeAt(0);
  if (x >= 48 && x <= 57) return x - 48;
  const l = x | 0x20; // ASCII lower case
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

function digitValue(c: string | undefined, base: number): number {
  const v = hexValue(c);
  return v >= 0 && v < base ? v : -1;
}
