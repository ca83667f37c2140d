// glibc inet_aton() (inet_addr.c), which ipvsadm.c relies on, ported
// literally; inet_pton() lives with inet_ntop in src/format/inet.ts.

/** C isspace() in the C locale. */
const isCSpace = (c: string | undefined): boolean => c !== undefined && ' \t\n\v\f\r'.includes(c) && c.length === 1;

/** glibc inet_aton(): 1-4 parts, decimal/octal/hex, stops at white space. Host-order uint32 or null. */
export function inetAton(s: string): number | null {
  // parts[0..2] as in glibc (no array: this runs for every address of a
  // restore); val is the last part. Character codes, NaN past the end.
  let p0 = 0;
  let p1 = 0;
  let p2 = 0;
  let nparts = 0;
  let i = 0;
  let val = 0;
  for (;;) {
    let c = s.charCodeAt(i);
    if (!(c >= 48 && c <= 57)) return null;
    // strtoul(cp, &end, 0): the part starts with a digit here.
    let base = 10;
    if (c === 48) {
      const x = s.charCodeAt(i + 1);
      if ((x === 120 || x === 88) && hexCode(s.charCodeAt(i + 2)) >= 0) {
        base = 16;
        i += 2;
      } else {
        base = 8;
      }
    }
    val = 0;
    for (;;) {
      const d = hexCode(s.charCodeAt(i));
      if (d < 0 || d >= base) break;
      val = Math.min(val * base + d, 2 ** 33); // saturate: anything > 0xffffffff fails
      i++;
    }
    if (val > 0xffffffff) return null;
    c = s.charCodeAt(i);
    if (c !== 46) break; // '.'
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

/** The value of an ASCII hex digit's code, else -1 (NaN, past the end, is not one). */
function hexCode(x: number): number {
  if (x >= 48 && x <= 57) return x - 48;
  const l = x | 0x20; // ASCII lower case
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

