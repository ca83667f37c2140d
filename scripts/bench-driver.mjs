// Runs INSIDE user-mode Linux (root, real IPVS), started by scripts/bench.mjs:
//   node bench-driver.mjs WORKDIR REPO REPS
// Times Debian's /usr/sbin/ipvsadm and ours (node bin/ipvsadm.js, a real
// process each time) on the same kernel, alternating them, and writes
// WORKDIR/bench.json. Outputs of listing tasks are compared byte for byte.

import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [work, repo, repsArg] = process.argv.slice(2);
const REPS = Number(repsArg ?? 5);
const DEBIAN = ['/usr/sbin/ipvsadm'];
const OURS = [process.execPath, join(repo, 'bin', 'ipvsadm.js')];
const NODE0 = [process.execPath, '-e', '0'];
const env = { PATH: process.env.PATH, HOME: '/root', LANG: 'C', LC_ALL: 'C', GLIBC_TUNABLES: process.env.GLIBC_TUNABLES ?? '' };

/** Runs argv once; stdin from a file (or none), stdout to a file; returns ms, status, stderr. */
function run(argv, { stdin, out = '/dev/null', rss = false } = {}) {
  const inFd = stdin ? openSync(stdin, 'r') : 'ignore';
  const outFd = openSync(out, 'w');
  const rssFile = join(work, 'rss.txt');
  const full = rss ? ['/usr/bin/time', '-f', '%M', '-o', rssFile, ...argv] : argv;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(full[0], full.slice(1), { stdio: [inFd, outFd, 'pipe'], env, maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (typeof inFd === 'number') closeSync(inFd);
  closeSync(outFd);
  const res = { ms, status: r.status, stderr: r.stderr?.toString() ?? String(r.error) };
  if (rss) res.rssKB = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
  return res;
}

function must(argv, opts) {
  const r = run(argv, opts);
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const results = [];
const notes = [];

/**
 * Times `args` with both tools, alternating, `reps` times each. before()
 * runs untimed before every timed run (e.g. to reset the table). When
 * compare, the stdout/stderr/status of each tool's first run must match.
 */
function task(name, args, { reps = REPS, stdin, before, compare = false, rss = false, base, wrap } = {}) {
  const times = { debian: [], ours: [], base: [] };
  const outs = {};
  for (let i = 0; i < reps; i++) {
    for (const who of i % 2 ? ['ours', 'debian'] : ['debian', 'ours']) {
      before?.();
      const out = join(work, `${who}.out`);
      const r = run([...(wrap?.() ?? []), ...(who === 'ours' ? OURS : DEBIAN), ...args], { stdin, out });
      if (i === 0) outs[who] = { stdout: readFileSync(out, 'utf8'), stderr: r.stderr, status: r.status };
      times[who].push(r.ms);
    }
    if (base) times.base.push(run(base).ms);
  }
  const row = { task: name, debianMs: median(times.debian), oursMs: median(times.ours), reps };
  // Each ours run sits next to a Debian run (and a node -e 0 run): the
  // median of those pairs' ratios is steadier than a ratio of medians when
  // the machine's speed drifts during the bench.
  row.ratio = median(times.ours.map((o, i) => o / times.debian[i]));
  if (base) {
    row.nodeMs = median(times.base);
    row.nodeRatio = median(times.ours.map((o, i) => o / times.base[i]));
  }
  if (compare) {
    const d = outs.debian;
    const o = outs.ours;
    row.identical = d.stdout === o.stdout && d.stderr === o.stderr && d.status === o.status;
    row.bytes = d.stdout.length;
    if (!row.identical) notes.push(`${name}: outputs differ (debian ${d.stdout.length} B status ${d.status} err ${JSON.stringify(d.stderr.slice(0, 200))}; ours ${o.stdout.length} B status ${o.status} err ${JSON.stringify(o.stderr.slice(0, 200))})`);
    if (o.stderr) notes.push(`${name}: ours wrote to stderr: ${o.stderr.slice(0, 300)}`);
  }
  if (rss) {
    before?.();
    row.debianRssKB = run([...DEBIAN, ...args], { stdin, rss: true }).rssKB;
    before?.();
    row.oursRssKB = run([...OURS, ...args], { stdin, rss: true }).rssKB;
  }
  results.push(row);
  process.stdout.write(`${JSON.stringify(row)}\n`);
  return row;
}

const snapshot = () => {
  const out = join(work, 'snap.out');
  must([...DEBIAN, '-Sn'], { out });
  return readFileSync(out, 'utf8');
};
const clear = () => must([...DEBIAN, '-C']);

// --- start-up: one command on a small table
clear();
must([...DEBIAN, '-R'], { stdin: join(work, 'small.txt') });
for (let i = 0; i < 2; i++) run(NODE0), run(OURS.concat('-Ln')); // warm the page cache
task('-Ln (small table)', ['-Ln'], { reps: REPS * 2, base: NODE0, compare: true });
task('-A (small table)', ['-A', '-t', '10.250.0.1:80', '-s', 'rr'], {
  reps: REPS * 2,
  base: NODE0,
  before: () => run([...DEBIAN, '-D', '-t', '10.250.0.1:80']),
});

// --- -R of 2,000 services x 5 servers
const big = join(work, 'restore.txt');
const restoreRow = task('-R (12,000 lines)', ['-R'], { reps: Math.max(3, REPS - 2), stdin: big, before: clear });
// same resulting table with both tools
clear();
must([...DEBIAN, '-R'], { stdin: big });
const debState = snapshot();
clear();
must([...OURS, '-R'], { stdin: big });
const ourState = snapshot();
restoreRow.identical = debState === ourState && debState.split('\n').length - 1 === 12000;
if (!restoreRow.identical) notes.push(`-R: resulting tables differ or wrong size (${debState.length} vs ${ourState.length} bytes)`);

// The same input restored into a fresh network namespace each time: a new,
// empty IPVS instance, as at boot (where the systemd unit restores). After
// `ipvsadm -C` the kernel keeps the flushed servers in its trash list for a
// while and searches that list on every server added, which both tools pay.
// Its loopback is brought up: with no address at all a namespace has no
// local routing table, and the kernel then refuses every server
// ("address not unicast", EINVAL), so the restore would time 10,000 errors.
let netns = 0;
const fresh = () => {
  if (netns > 0) run(['ip', 'netns', 'del', `bench${netns}`]);
  netns += 1;
  must(['ip', 'netns', 'add', `bench${netns}`]);
  must(['ip', '-n', `bench${netns}`, 'link', 'set', 'lo', 'up']);
};
const freshRow = task('-R (12,000 lines, fresh namespace)', ['-R'], {
  reps: Math.max(3, REPS - 2),
  stdin: big,
  before: fresh,
  wrap: () => ['ip', 'netns', 'exec', `bench${netns}`],
  compare: true,
});
// the restore took, whole, in the last namespace
const inNs = join(work, 'ns.out');
must(['ip', 'netns', 'exec', `bench${netns}`, ...DEBIAN, '-Sn'], { out: inNs });
const nsLines = readFileSync(inNs, 'utf8').split('\n').length - 1;
freshRow.identical = freshRow.identical && nsLines === 12000;
if (nsLines !== 12000) notes.push(`-R into a fresh namespace: ${nsLines} lines in the table, not 12000`);
if (netns > 0) run(['ip', 'netns', 'del', `bench${netns}`]);

// --- listings of that table
task('-Ln (2,000 svc x 5)', ['-Ln'], { compare: true, rss: true });
task('-Sn (2,000 svc x 5)', ['-Sn'], { compare: true, rss: true });
task('-Ln --stats (2,000 svc x 5)', ['-Ln', '--stats'], { compare: true, rss: true });

// --- 100,000 destinations (1,000 services x 100), loaded with ours
clear();
const t0 = process.hrtime.bigint();
must([...OURS, '-R'], { stdin: join(work, 'huge.txt') });
notes.push(`loading 101,000 lines (ours -R): ${Math.round(Number(process.hrtime.bigint() - t0) / 1e6)} ms`);
task('-Ln (100,000 dests)', ['-Ln'], { reps: 3, compare: true, rss: true });
task('-Sn (100,000 dests)', ['-Sn'], { reps: 3, compare: true, rss: true });
clear();

writeFileSync(join(work, 'bench.json'), JSON.stringify({ results, notes, uname: readFileSync('/proc/version', 'utf8').trim() }));
