#!/usr/bin/env node
// Differential fuzzing of ipvsadm: seeded hostile argv vectors and -R inputs
// (test/fuzz/gen.ts) run through Debian's /usr/sbin/ipvsadm and ours
// (dist/src/entry/ipvsadm.js, in-process) inside user-mode Linux with real IPVS;
// stdout, stderr, exit status and the final kernel state are compared and
// every divergence is printed. Exit status 1 when anything diverged.
//
//   npm run fuzz -- --cases 5000 --seed 7 [--restores 500] [--first 0]
//                   [--per-boot 2500] [--per-scenario 40] [--json out.json]
//
// Cases are split into several UML boots of at most --per-boot commands
// (one boot's driver output is held in memory; smaller boots also keep a
// stuck boot from costing the whole run).

import { register } from 'node:module';
import { writeFileSync } from 'node:fs';

register('./fuzz-loader.mjs', import.meta.url);

function parseArgs(argv) {
  const o = { cases: 5000, seed: 1, restores: undefined, first: 0, perBoot: 2500, perScenario: 40, json: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${a} needs a value`);
      return x;
    };
    if (a === '--cases') o.cases = Number(v());
    else if (a === '--seed') o.seed = Number(v());
    else if (a === '--restores') o.restores = Number(v());
    else if (a === '--first') o.first = Number(v());
    else if (a === '--per-boot') o.perBoot = Number(v());
    else if (a === '--per-scenario') o.perScenario = Number(v());
    else if (a === '--json') o.json = v();
    else throw new Error(`unknown argument ${a}`);
  }
  o.restores ??= Math.max(0, Math.ceil(o.cases / 10));
  for (const k of ['cases', 'seed', 'restores', 'first', 'perBoot', 'perScenario']) {
    if (!Number.isInteger(o[k]) || o[k] < 0) throw new Error(`--${k} must be a non-negative integer`);
  }
  return o;
}

const opts = parseArgs(process.argv.slice(2));
const { fuzzScenarios, divergences, formatDivergence } = await import('../test/fuzz/scenarios.ts');
const { runDifferential, formatTiming } = await import('../test/kernel/differential.ts');

const t0 = Date.now();
const boots = Math.max(1, Math.ceil((opts.cases + opts.restores) / opts.perBoot));
const all = { commands: [], snapshots: [], crashes: [] };
let ran = { argv: 0, restore: 0 };
for (let b = 0; b < boots; b++) {
  const lo = (n) => Math.floor((n * b) / boots);
  const hi = (n) => Math.floor((n * (b + 1)) / boots);
  const cases = hi(opts.cases) - lo(opts.cases);
  const restores = hi(opts.restores) - lo(opts.restores);
  // restores of boot b use indices first+lo..: keep argv and restore slices aligned per boot
  const scenarios = fuzzScenarios({ seed: opts.seed, cases, restores, first: opts.first + lo(opts.cases), perScenario: opts.perScenario });
  // (restore case indices also start at this boot's argv start: distinct across boots)
  process.stderr.write(`[fuzz] boot ${b + 1}/${boots}: ${cases} argv + ${restores} restore cases in ${scenarios.length} scenarios…\n`);
  const run = await runDifferential(scenarios);
  process.stderr.write(`[fuzz] ${formatTiming(run)}\n`);
  const d = divergences(run);
  all.commands.push(...d.commands);
  all.snapshots.push(...d.snapshots);
  all.crashes.push(...d.crashes);
  ran.argv += cases;
  ran.restore += restores;
  for (const x of d.commands) process.stdout.write(`${formatDivergence(x)}\n\n`);
  for (const x of d.snapshots) process.stdout.write(`${x}\n\n`);
  for (const x of d.crashes) process.stdout.write(`driver crash: ${x}\n\n`);
}
const secs = ((Date.now() - t0) / 1000).toFixed(0);
process.stdout.write(
  `[fuzz] seed ${opts.seed}: ${ran.argv} argv cases + ${ran.restore} restore inputs in ${secs} s; ` +
    `${all.commands.length} diverging commands, ${all.snapshots.length} kernel-state differences, ${all.crashes.length} driver crashes\n`,
);
if (opts.json) writeFileSync(opts.json, JSON.stringify({ opts, ran, ...all }, null, 1));
process.exitCode = all.commands.length + all.snapshots.length + all.crashes.length > 0 ? 1 : 0;
