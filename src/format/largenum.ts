// print_largenum() of ipvsadm.c: 9-column counters, abbreviated K/M/G/T unless --exact.

const U64 = 0x1_0000_0000_0000_0000n;

/**
 * print_largenum(i, format): `v` is taken as an unsigned 64-bit value.
 * The printf conversions written out (%Nllu of a value already reduced is
 * its decimal digits right-aligned to N): a --stats listing prints ten of
 * these per service and five per server.
 */
export function printLargenum(value: bigint, exact: boolean): string {
  const i = value >= 0n && value < U64 ? value : ((value % U64) + U64) % U64;
  if (exact) {
    const t = String(i);
    return t.padStart(t.length <= 8 ? 9 : t.length + 1);
  }
  if (i < 100000000n) return String(i).padStart(9); // less than 100 million
  if (i < 1000000000n) return `${String(i / 1000n).padStart(8)}K`; // less than 1 billion
  if (i < 100000000000n) return `${String(i / 1000000n).padStart(8)}M`; // less than 100 billion
  if (i < 100000000000000n) return `${String(i / 1000000000n).padStart(8)}G`; // less than 100 trillion
  return `${String(i / 1000000000000n).padStart(8)}T`;
}
