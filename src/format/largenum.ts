// print_largenum() of ipvsadm.c: 9-column counters, abbreviated K/M/G/T unless --exact.

import { sprintf } from './printf.js';

const U64 = 0x1_0000_0000_0000_0000n;

/** print_largenum(i, format): `v` is taken as an unsigned 64-bit value. */
export function printLargenum(value: bigint, exact: boolean): string {
  const i = ((value % U64) + U64) % U64;
  if (exact) {
    const len = sprintf('%llu', i).length;
    const width = len <= 8 ? 9 : len + 1;
    return sprintf(`%${width}llu`, i);
  }
  if (i < 100000000n) return sprintf('%9llu', i); // less than 100 million
  if (i < 1000000000n) return sprintf('%8lluK', i / 1000n); // less than 1 billion
  if (i < 100000000000n) return sprintf('%8lluM', i / 1000000n); // less than 100 billion
  if (i < 100000000000000n) return sprintf('%8lluG', i / 1000000000n); // less than 100 trillion
  return sprintf('%8lluT', i / 1000000000000n);
}
