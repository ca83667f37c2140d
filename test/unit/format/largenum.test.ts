import { describe, expect, it } from 'vitest';
import { printLargenum } from '../../../src/format/largenum.js';
import { sprintf } from '../../../src/format/printf.js';

describe('§6.7 print_largenum', () => {
  it('abbreviates at the documented thresholds', () => {
    expect(printLargenum(0n, false)).toBe('        0');
    expect(printLargenum(99999999n, false)).toBe(' 99999999');
    expect(printLargenum(100000000n, false)).toBe('  100000K');
    expect(printLargenum(250000000n, false)).toBe('  250000K');
    expect(printLargenum(999999999n, false)).toBe('  999999K');
    expect(printLargenum(1000000000n, false)).toBe('    1000M');
    expect(printLargenum(61728394506n, false)).toBe('   61728M');
    expect(printLargenum(123456789012n, false)).toBe('     123G');
    expect(printLargenum(99999999999999n, false)).toBe('   99999G');
    expect(printLargenum(5000000000000000n, false)).toBe('    5000T');
    expect(printLargenum(18446744073709551615n, false)).toBe('18446744T');
  });
  it('--exact: 9 wide up to 8 digits, else one leading space', () => {
    expect(printLargenum(1234n, true)).toBe('     1234');
    expect(printLargenum(12345678n, true)).toBe(' 12345678');
    expect(printLargenum(250000000n, true)).toBe(' 250000000');
    expect(printLargenum(5000000000000000n, true)).toBe(' 5000000000000000');
  });
  it('is print_largenum through printf itself, on values around every threshold, negative and past 2^64', () => {
    const U64 = 1n << 64n;
    const viaPrintf = (value: bigint, exact: boolean): string => {
      const i = ((value % U64) + U64) % U64;
      if (exact) {
        const len = sprintf('%llu', i).length;
        return sprintf(`%${len <= 8 ? 9 : len + 1}llu`, i);
      }
      if (i < 100000000n) return sprintf('%9llu', i);
      if (i < 1000000000n) return sprintf('%8lluK', i / 1000n);
      if (i < 100000000000n) return sprintf('%8lluM', i / 1000000n);
      if (i < 100000000000000n) return sprintf('%8lluG', i / 1000000000n);
      return sprintf('%8lluT', i / 1000000000000n);
    };
    const values: bigint[] = [];
    for (const t of [0n, 10n ** 8n, 10n ** 9n, 10n ** 11n, 10n ** 14n, 10n ** 17n, 10n ** 19n, U64, 1n << 53n, 1n << 32n]) {
      for (const d of [-2n, -1n, 0n, 1n, 7n]) values.push(t + d, -(t + d), t + d + U64, t * 3n + d);
    }
    let seed = 3n;
    for (let k = 0; k < 500; k++) values.push((seed = (seed * 6364136223846793005n + 1442695040888963407n) % (U64 * 4n)) - U64 * 2n);
    for (const v of values) for (const exact of [false, true]) expect(printLargenum(v, exact)).toBe(viaPrintf(v, exact));
  });
});
