// npm run bench: ours against Debian's ipvsadm 1.31 on real kernel IPVS
// (user-mode Linux, test/kernel/uml.ts), both as real processes in the same
// boot. Not part of the test suite. See docs/performance.md.
//
//   npm run bench            (BENCH_REPS=N to change the repetitions, default 5)

import { cpus } from 'node:os';
import { repo, runDriver } from './bench-boot.mjs';
import { table } from './bench-tables.mjs';

const reps = Number(process.env.BENCH_REPS ?? 5);
const started = Date.now();
const inputs = { 'small.txt': table(2, 3, 1), 'restore.txt': table(2000, 5, 2), 'huge.txt': table(1000, 100, 3) };
const { results, notes, uname } = await runDriver('bench-driver.mjs', [repo, reps], inputs, 'bench.json');

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
