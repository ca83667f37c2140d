// glibc address parsers that ipvsadm.c relies on: inet_aton() (inet_addr.c)
// and inet_pton() (inet_pton.c: inet_pton4, inet_pton6), ported literally.

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

/** glibc inet_pton(AF_INET): strict dotted quad, no leading zeros. */
export function inetPton4(s: string): Uint8Array | null {
  const out = new Uint8Array(4);
  let sawDigit = false;
  let octets = 0;
  let tp = 0;
  for (const ch of s) {
    if (isDigit(ch)) {
      const cur = out[tp] ?? 0;
      const n = cur * 10 + Number(ch);
      if (sawDigit && cur === 0) return null;
      if (n > 255) return null;
      out[tp] = n;
      if (!sawDigit) {
        if (++octets > 4) return null;
        sawDigit = true;
      }
    } else if (ch === '.' && sawDigit) {
      if (octets === 4) return null;
      tp += 1;
      out[tp] = 0;
      sawDigit = false;
    } else {
      return null;
    }
  }
  return octets < 4 ? null : out;
}

/** glibc inet_pton(AF_INET6) (inet_pton6): 16 bytes or null. No zone ids. */
export function inetPton6(s: string): Uint8Array | null {
  const tmp = new Uint8Array(16);
  let tp = 0;
  let colonp = -1;
  let i = 0;
  if (s.length === 0) return null;
  if (s[0] === ':') {
    i = 1;
    if (s[1] !== ':') return null;
  }
  let curtok = i;
  let xdigits = 0;
  let val = 0;
  while (i < s.length) {
    const ch = s[i] ?? '';
    i++;
    const digit = hexValue(ch);
    if (digit >= 0) {
      if (xdigits === 4) return null;
      val = (val << 4) | digit;
      xdigits++;
      continue;
    }
    if (ch === ':') {
      curtok = i;
      if (xdigits === 0) {
        if (colonp >= 0) return null;
        colonp = tp;
        continue;
      } else if (i === s.length) {
        return null;
      }
      if (tp + 2 > 16) return null;
      tmp[tp++] = (val >> 8) & 0xff;
      tmp[tp++] = val & 0xff;
      xdigits = 0;
      val = 0;
      continue;
    }
    if (ch === '.' && tp + 4 <= 16) {
      const v4 = inetPton4(s.slice(curtok));
      if (v4 !== null) {
        tmp.set(v4, tp);
        tp += 4;
        xdigits = 0;
        break;
      }
    }
    return null;
  }
  if (xdigits > 0) {
    if (tp + 2 > 16) return null;
    tmp[tp++] = (val >> 8) & 0xff;
    tmp[tp++] = val & 0xff;
  }
  if (colonp >= 0) {
    if (tp === 16) return null;
    const n = tp - colonp;
    const moved = tmp.slice(colonp, tp);
    tmp.fill(0, colonp, 16);
    tmp.set(moved, 16 - n);
    tp = 16;
  }
  return tp === 16 ? tmp : null;
}
