// A fixed-seed slice of the differential fuzzer (scripts/fuzz.mjs,
// test/fuzz/gen.ts): a few hundred hostile argv vectors and -R inputs run
// through Debian's ipvsadm and ours in one user-mode Linux boot; stdout,
// stderr, exit status and the final kernel state must match byte for byte.
// The big run: `npm run fuzz -- --cases 5000 --seed N` (docs/reliability.md).
// FUZZ_SLICE_SEED / FUZZ_SLICE_CASES change the slice while iterating.

import { beforeAll, describe, expect, it } from 'vitest';
import { formatTiming, runDifferential, type DifferentialRun } from './differential.js';
import { divergences, formatDivergence, fuzzScenarios } from '../fuzz/scenarios.js';

const seed = Number(process.env['FUZZ_SLICE_SEED'] ?? 1);
const cases = Number(process.env['FUZZ_SLICE_CASES'] ?? 260);
const scenarios = fuzzScenarios({ seed, cases, restores: Math.ceil(cases / 8), perScenario: 50 });

describe(`differential fuzz slice (seed ${seed}, ${cases} argv cases): ours vs Debian ipvsadm`, () => {
  let run: DifferentialRun;

  beforeAll(async () => {
    run = await runDifferential(scenarios);
    console.log(`[kernel fuzz slice] ${formatTiming(run)}`);
  }, 900_000);

  it('no divergence in stdout, stderr, status or kernel state', () => {
    const d = divergences(run);
    const report = [...d.crashes, ...d.commands.map(formatDivergence), ...d.snapshots].join('\n\n');
    expect(report, report).toBe('');
    expect(run.scenarios.reduce((n, s) => n + s.commands.length, 0)).toBe(cases + Math.ceil(cases / 8));
  });
});
