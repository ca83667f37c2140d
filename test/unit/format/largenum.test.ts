import { describe, expect, it } from 'vitest';
import { printLargenum } from '../../../src/format/largenum.js';

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
});
