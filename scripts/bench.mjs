// npm run bench: ours against Debian's ipvsadm 1.31 on real kernel IPVS
// (user-mode Linux, test/kernel/uml.ts), both as real processes in the same
// boot. Not part of the test suite. See docs/performance.md.
//
//   npm run bench            (BENCH_REPS=N to change the repetitions, default 5)

import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { table } from './bench-tables.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// The harness is built into dist/test/kernel by `npm run build` (tsconfig.harness.json).
const loadUml = () => import('../dist/test/kernel/uml.js');

const reps = Number(process.env.BENCH_REPS ?? 5);
const { bootUml } = await loadUml();
const started = Date.now();
const boot = await bootUml({
  payload: `exec node ${JSON.stringify(join(repo, 'scripts', 'bench-driver.mjs'))} "$W" ${JSON.stringify(repo)} ${reps}\n`,
  inputs: {
    'small.txt': table(2, 3, 1),
    'restore.txt': table(2000, 5, 2),
    'huge.txt': table(1000, 100, 3),
  },
  collect: ['bench.json'],
  timeoutMs: 1_500_000,
});
const text = boot.files['bench.json'];
if (boot.status !== 0 || text === undefined) {
  process.stderr.write(`bench driver failed (status ${boot.status}):\n${boot.stdout.slice(-3000)}\n${boot.stderr.slice(-6000)}\n`);
  process.exit(1);
}
const { results, notes, uname } = JSON.parse(text);

const fmt = (n) => (n === undefined ? '' : n >= 100 ? n.toFixed(0) : n.toFixed(1));
const mb = (kb) => (kb === undefined ? '' : `${(kb / 1024).toFixed(1)}`);
const rows = [['task', 'Debian ms', 'ours ms', 'ratio', 'target', 'node -e 0 ms', 'ours/node', 'same output', 'Debian RSS MB', 'ours RSS MB']];
const target = (t) =>
  t.startsWith('-R') ? '<= 0.33' : t.includes('small') ? '<= 1.25 x node' : t.includes('100,000') ? 'same output, RSS < 200 MB' : '<= 1.0';
for (const r of results) {
  rows.push([
    r.task,
    fmt(r.debianMs),
    fmt(r.oursMs),
    (r.ratio ?? r.oursMs / r.debianMs).toFixed(2),
    target(r.task),
    fmt(r.nodeMs),
    r.nodeMs ? (r.nodeRatio ?? r.oursMs / r.nodeMs).toFixed(2) : '',
    r.identical === undefined ? '' : r.identical ? 'yes' : 'NO',
    mb(r.debianRssKB),
    mb(r.oursRssKB),
  ]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(line(rows[0]));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows.slice(1)) console.log(line(r));
console.log(`\nmedians of ${reps} runs (start-up rows: ${reps * 2}); ratio and ours/node: medians of the per-run ratios (runs side by side); ${uname}`);
console.log(`host: ${cpus().length} x ${cpus()[0]?.model ?? '?'}, node ${process.version}; boot+bench ${((Date.now() - started) / 1000).toFixed(0)} s`);
for (const n of notes) console.log(`note: ${n}`);
const bad = results.some((r) => r.identical === false);
process.exit(bad ? 1 : 0);
