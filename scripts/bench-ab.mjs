// npm run bench:ab -- OTHER_CHECKOUT [ROUNDS]: this checkout against another
// built checkout of the project (e.g. a `git worktree` of an older commit,
// after `npm run build` there), with Debian's ipvsadm beside them, in one
// boot of user-mode Linux, runs interleaved and their order rotated each
// round. What docs/performance.md asks of a speed trick: a side-by-side
// comparison in the same boot. Prints each variant's median time and the
// median of its per-round ratios (to `node -e 0` for the small table, to
// Debian for the 2,000 x 5 listings).

import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { table } from './bench-tables.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [otherArg, roundsArg] = process.argv.slice(2);
if (otherArg === undefined) {
  process.stderr.write('usage: npm run bench:ab -- OTHER_CHECKOUT [ROUNDS]\n');
  process.exit(2);
}
const other = resolve(otherArg);
const rounds = Number(roundsArg ?? 10);
const { bootUml } = await import('../dist/test/kernel/uml.js');
const boot = await bootUml({
  payload: `exec node ${JSON.stringify(join(repo, 'scripts', 'bench-ab-driver.mjs'))} "$W" ${JSON.stringify(repo)} ${JSON.stringify(other)} ${rounds}\n`,
  inputs: { 'small.txt': table(2, 3, 1), 'restore.txt': table(2000, 5, 2) },
  collect: ['ab.json'],
  timeoutMs: 1_500_000,
});
const text = boot.files['ab.json'];
if (boot.status !== 0 || text === undefined) {
  process.stderr.write(`bench driver failed (status ${boot.status}):\n${boot.stdout.slice(-3000)}\n${boot.stderr.slice(-3000)}\n`);
  process.exit(1);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const [row, times] of Object.entries(JSON.parse(text))) {
  const base = times['node -e 0'] ?? times.debian;
  console.log(`${row} (ratio to ${times['node -e 0'] ? 'node -e 0' : 'Debian'}, median of ${base.length} rounds)`);
  for (const [who, xs] of Object.entries(times)) {
    console.log(`  ${who.padEnd(18)} ${median(xs.map((x, i) => x / base[i])).toFixed(3)}  ${median(xs).toFixed(0)} ms`);
  }
}
