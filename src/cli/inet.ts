// glibc inet_aton() (inet_addr.c), which ipvsadm.c relies on, ported
// literally; inet_pton() lives with inet_ntop in src/format/inet.ts.

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
/** C isspace() in the C locale. */
const isCSpace = (c: string | undefined): boolean => c !== undefined && ' \t\n\v\f\r'.includes(c) && c.length === 1;

/** glibc inet_aton(): 1-4 parts, decimal/octal/hex, stops at white space. Host-order uint32 or null. */
export function inetAton(s: string): number | null {
  const max = [0xffffffff, 0xffffff, 0xffff, 0xff];
  const parts: number[] = [];
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
    if (parts.length > 2 || val > 0xff) return null;
    parts.push(val);
    i++;
  }
  if (i < s.length && !isCSpace(s[i])) return null;
  if (val > (max[parts.length] ?? 0)) return null;
  let word = 0;
  parts.forEach((p, k) => {
    word += p * 2 ** (24 - 8 * k);
  });
  return word + val;
}

function hexValue(c: string | undefined): number {
  if (c === undefined) return -1;
  const v = '0123456789abcdef'.indexOf(c.toLowerCase());
  return c.length === 1 ? v : -1;
}

function digitValue(c: string | undefined, base: number): number {
  const v = hexValue(c);
  return v >= 0 && v < base ? v : -1;
}
