// npm run bench:ab -- OTHER_CHECKOUT [ROUNDS]: this checkout against another
// built checkout of the project (e.g. a `git worktree` of an older commit,
// after `npm run build` there), with Debian's ipvsadm beside them, in one
// boot of user-mode Linux, runs interleaved and their order rotated each
// round. What docs/performance.md asks of a speed trick: a side-by-side
// comparison in the same boot. Prints each variant's median time and the
// median of its per-round ratios (to `node -e 0` for the small table, to
// Debian for the 2,000 x 5 listings).

import { resolve } from 'node:path';
import { repo, runDriver } from './bench-boot.mjs';
import { table } from './bench-tables.mjs';

const [otherArg, roundsArg] = process.argv.slice(2);
if (otherArg === undefined) {
  process.stderr.write('usage: npm run bench:ab -- OTHER_CHECKOUT [ROUNDS]\n');
  process.exit(2);
}
const other = resolve(otherArg);
const rounds = Number(roundsArg ?? 10);
const inputs = { 'small.txt': table(2, 3, 1), 'restore.txt': table(2000, 5, 2) };
const times = await runDriver('bench-ab-driver.mjs', [repo, other, rounds], inputs, 'ab.json');
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const [row, byWho] of Object.entries(times)) {
  const base = byWho['node -e 0'] ?? byWho.debian;
  console.log(`${row} (ratio to ${byWho['node -e 0'] ? 'node -e 0' : 'Debian'}, median of ${base.length} rounds)`);
  for (const [who, xs] of Object.entries(byWho)) {
    console.log(`  ${who.padEnd(18)} ${median(xs.map((x, i) => x / base[i])).toFixed(3)}  ${median(xs).toFixed(0)} ms`);
  }
}
