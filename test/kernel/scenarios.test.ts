// Every scenario file in test/kernel/scenarios/ except skeleton.txt (which
// has its own test file), in one user-mode Linux boot: ours vs Debian's
// ipvsadm 1.31 against real kernel IPVS, byte for byte. Add scenarios by
// adding lines or files there; the format is described in differential.ts.
// Run Debian against itself (harness self-test) with IPVSADM_OURS=debian.

import { beforeAll, describe, it } from 'vitest';
import {
  formatScenario,
  formatTiming,
  loadScenarioDir,
  runDifferential,
  type DifferentialRun,
} from './differential.js';

// SCENARIOS=regex narrows the run to matching file names while iterating,
// e.g. SCENARIOS='^errors-' npx vitest run test/kernel/scenarios.test.ts
const only = process.env['SCENARIOS'] ? new RegExp(process.env['SCENARIOS']) : undefined;
const scenarios = loadScenarioDir(undefined, ['skeleton.txt']).filter(
  (s) => !only || only.test(s.file.replace(/^.*\//, '')),
);

describe('real kernel IPVS (UML): scenario files, ours vs Debian ipvsadm', () => {
  let run: DifferentialRun;

  beforeAll(async () => {
    run = await runDifferential(scenarios);
    console.log(`[kernel scenarios] ${formatTiming(run)}`);
  }, 1_800_000);

  for (const sc of scenarios) {
    it(`${sc.id} ${sc.name === sc.id ? '' : sc.name}`.trim(), () => {
      const o = run.scenarios.find((s) => s.scenario.id === sc.id);
      if (!o) throw new Error(`no outcome for ${sc.id}`);
      if (!o.ok) throw new Error(`\n${formatScenario(o)}`);
    });
  }
});
