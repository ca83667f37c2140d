// Runs INSIDE user-mode Linux (root, real IPVS), started by scripts/bench-ab.mjs:
//   node bench-ab-driver.mjs WORKDIR REPO OTHER ROUNDS
// Times the commands of both checkouts and Debian's, rotating their order
// each round, and writes WORKDIR/ab.json: { row: { who: [ms per round] } }.

import { spawnSync } from 'node:child_process';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [work, repo, other, roundsArg] = process.argv.slice(2);
const ROUNDS = Number(roundsArg);
const env = { PATH: process.env.PATH, HOME: '/root', LANG: 'C', LC_ALL: 'C', GLIBC_TUNABLES: process.env.GLIBC_TUNABLES ?? '' };
const COMMANDS = {
  debian: ['/usr/sbin/ipvsadm'],
  'this': [process.execPath, join(repo, 'bin', 'ipvsadm.js')],
  'this (launcher)': [join(repo, 'bin', 'ipvsadm.js')],
  other: [process.execPath, join(other, 'bin', 'ipvsadm.js')],
};

/** One run of argv, stdout to /dev/null; its time in ms (a failure stops the bench). */
function run(argv, stdin) {
  const inFd = stdin ? openSync(stdin, 'r') : 'ignore';
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { stdio: [inFd, 'ignore', 'pipe'], env });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (typeof inFd === 'number') closeSync(inFd);
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: status ${r.status} ${r.stderr}`);
  return ms;
}

const results = {};
function row(name, args, who, base) {
  const times = Object.fromEntries([...who, ...(base ? ['node -e 0'] : [])].map((w) => [w, []]));
  const order = Object.keys(times);
  for (let i = 0; i < ROUNDS; i++) {
    for (const w of [...order.slice(i % order.length), ...order.slice(0, i % order.length)]) {
      times[w].push(w === 'node -e 0' ? run([process.execPath, '-e', '0']) : run([...COMMANDS[w], ...args]));
    }
  }
  results[name] = times;
  writeFileSync(join(work, 'ab.json'), JSON.stringify(results));
}

run(COMMANDS.debian.concat('-R'), join(work, 'small.txt'));
for (let i = 0; i < 2; i++) for (const w of ['this', 'other']) run(COMMANDS[w].concat('-Ln')); // warm the page cache
row('-Ln, small table', ['-Ln'], ['debian', 'this', 'this (launcher)', 'other'], true);
run(COMMANDS.debian.concat('-C'));
run(COMMANDS.debian.concat('-R'), join(work, 'restore.txt'));
row('-Ln, 2,000 x 5', ['-Ln'], ['debian', 'this', 'other']);
row('-Sn, 2,000 x 5', ['-Sn'], ['debian', 'this', 'other']);
