// Faults (issue 8), all in ONE user-mode Linux boot with real IPVS, ours
// (bin/ipvsadm.js, a real process, or dist/src/entry/ipvsadm.js run() in-process)
// next to Debian's /usr/sbin/ipvsadm:
// * not privileged: CAP_NET_ADMIN dropped (setpriv), also CAP_NET_RAW, and
//   an ordinary uid — same message and status as Debian;
// * output closed early: `ipvsadm -Sn | head -1` on 5,000 services —
//   quiet, same visible behaviour (first line, no stderr, SIGPIPE status);
// * a dump racing concurrent changes: every listing is a consistent table,
//   any error an ipvsadm-style line;
// * where the kernel cuts a service dump on the command's socket and on the
//   new one a repeated dump goes through: in different places;
// * a huge dump (50,000 destinations): -Sn complete and identical to
//   Debian's (the socket's big SO_RCVBUF, no ENOBUFS loss);
// * two restores racing on one table: each command applied or reported,
//   final table what the commands imply;
// * a reply that never comes: the real socket's SO_RCVTIMEO gives EAGAIN
//   (the one-line CLI message is unit-tested in test/unit/fuzz/faults.test.ts);
// * no IPVS in the kernel (ip_vs unloaded last, module autoload disabled):
//   same message and status as Debian, with and without CAP_NET_RAW.

import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bootUml, repoRoot } from './uml.js';

interface Run {
  stdout: string;
  stderr: string;
  status: number | null;
  signal?: string | null;
}
type Pair = { debian: Run; ours: Run };

interface Results {
  unpriv: Record<string, Pair>;
  head: { debian: Run; ours: Run; firstLine: string; services: number };
  race: { listings: number; bad: string[]; errors: string[]; churnRounds: number };
  cuts: { services: number; first: number[]; second: number[] };
  huge: { dests: number; restoreStatus: number | null; restoreStderr: string; debianLines: number; same: boolean; oursStatus: number | null; oursStderr: string; debianMs: number; oursMs: number; firstDiff?: string };
  restoreRace: { a: Run; b: Run; sexists: number; dexists: number; other: string[]; services: number; dests: number; expected: number };
  timeout: { errno: number | null; name: string; ms: number; defaultOk: boolean };
  noipvs: Record<string, Pair>;
  log: string[];
}

// The driver runs inside UML (node, as root). Written as plain JS.
const DRIVER = String.raw`
import { spawnSync, spawn } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const REPO = process.argv[2];
const OUT = process.argv[3];
const res = { unpriv: {}, noipvs: {}, log: [] };
const log = (s) => { res.log.push(s); };
const save = () => writeFileSync(OUT, JSON.stringify(res));
const BASE = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
mkdirSync('/run/dbin', { recursive: true });
mkdirSync('/run/obin', { recursive: true });
rmSync('/run/dbin/ipvsadm', { force: true });
rmSync('/run/obin/ipvsadm', { force: true });
symlinkSync('/usr/sbin/ipvsadm', '/run/dbin/ipvsadm');
symlinkSync(join(REPO, 'bin', 'ipvsadm.js'), '/run/obin/ipvsadm');
const ENV = {
  debian: { PATH: '/run/dbin:' + BASE, HOME: '/root', LANG: 'C', GLIBC_TUNABLES: process.env.GLIBC_TUNABLES ?? '' },
  ours: { PATH: '/run/obin:' + BASE, HOME: '/root', LANG: 'C', GLIBC_TUNABLES: process.env.GLIBC_TUNABLES ?? '', IPVSADM_PROG: 'ipvsadm' },
};
const t = () => Number(process.hrtime.bigint() / 1000000n);

/** Runs argv (argv[0] looked up in PATH) for one side. */
function run(side, argv, input = '') {
  const r = spawnSync(argv[0], argv.slice(1), { env: ENV[side], input, maxBuffer: 256 << 20, timeout: 300000 });
  return { stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), status: r.status, signal: r.signal ?? null, ...(r.error ? { error: String(r.error) } : {}) };
}
const both = (argv, input = '') => ({ debian: run('debian', argv, input), ours: run('ours', argv, input) });
const dq = (args, input = '') => run('debian', ['ipvsadm', ...args], input);

dq(['-C']);

// ---- not privileged
const PRIV = {
  'no-net-admin': ['setpriv', '--inh-caps=-net_admin', '--bounding-set=-net_admin', '--'],
  'no-net-admin-no-net-raw': ['setpriv', '--inh-caps=-net_admin,-net_raw', '--bounding-set=-net_admin,-net_raw', '--'],
  'uid-nobody': ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'],
};
for (const [name, pre] of Object.entries(PRIV)) {
  for (const args of [['-Ln'], ['-A', '-t', '10.0.0.1:80'], ['-Sn'], ['--set', '1', '2', '3']]) {
    res.unpriv[name + ' ' + args.join(' ')] = both([...pre, 'ipvsadm', ...args]);
  }
}
save();
log('unpriv done');

// ---- output closed early
{
  const N = 5000;
  let s = '';
  for (let i = 0; i < N; i++) s += '-A -t 10.3.' + (i >> 8) + '.' + (i & 255) + ':80 -s rr\n';
  dq(['-R'], s);
  const full = dq(['-Sn']).stdout;
  const pipe = (side) => {
    const r = spawnSync('/bin/sh', ['-c', '{ ipvsadm -Sn 2>"$E"; echo $? >"$S"; } | head -1'], {
      env: { ...ENV[side], E: '/run/head.err', S: '/run/head.st' }, maxBuffer: 64 << 20,
    });
    return { stdout: String(r.stdout), stderr: readFileSync('/run/head.err', 'utf8'), status: Number(readFileSync('/run/head.st', 'utf8').trim()) };
  };
  res.head = { debian: pipe('debian'), ours: pipe('ours'), firstLine: full.split('\n')[0] + '\n', services: full.split('\n').length - 1 };
  dq(['-C']);
}
save();
log('head done');

// ---- a dump racing concurrent changes
{
  let stable = '';
  for (let i = 0; i < 40; i++) {
    stable += '-A -t 10.4.0.' + i + ':80 -s rr\n';
    stable += '-a -t 10.4.0.' + i + ':80 -r 192.168.4.1:80 -m -w 2\n';
    stable += '-a -t 10.4.0.' + i + ':80 -r 192.168.4.2:80 -m -w 3\n';
  }
  dq(['-R'], stable);
  let add = '';
  let del = '';
  for (let i = 0; i < 150; i++) {
    add += '-A -t 10.5.0.' + i + ':80 -s wlc\n-a -t 10.5.0.' + i + ':80 -r 192.168.5.1:80 -m\n';
    del += '-D -t 10.5.0.' + i + ':80\n';
  }
  writeFileSync('/run/churn.add', add);
  writeFileSync('/run/churn.del', del);
  rmSync('/run/churn.stop', { force: true });
  const churn = spawn('/bin/sh', ['-c', 'n=0; while [ ! -e /run/churn.stop ]; do ipvsadm -R </run/churn.add; ipvsadm -R </run/churn.del; n=$((n+1)); done; echo $n >/run/churn.n'], { env: ENV.debian, stdio: 'ignore' });
  const main = await import(pathToFileURL(join(REPO, 'dist', 'src', 'entry', 'ipvsadm.js')).href);
  const bad = [];
  const errors = [];
  let listings = 0;
  const svcRe = /^TCP  (10\.[45]\.0\.\d+):80 (rr|wlc)$/;
  const dstRe = /^  -> (192\.168\.[45]\.[12]):80 +Masq +(\d+) +0 +0 *$/;
  const t0 = t();
  while (t() - t0 < 25000 || listings < 20) {
    let out = '';
    let err = '';
    const io = { out: (x) => { out += x; }, err: (x) => { err += x; }, readStdin: () => '', readConnFile: () => null, env: {} };
    const status = main.run('ipvsadm', ['-Ln'], io);
    listings++;
    const lines = out.split('\n');
    const problems = [];
    if (lines.pop() !== '') problems.push('no final newline');
    if (!/^IP Virtual Server version \d+\.\d+\.\d+ \(size=\d+\)$/.test(lines[0] ?? '')) problems.push('title');
    if (lines[1] !== 'Prot LocalAddress:Port Scheduler Flags') problems.push('header 1');
    if (lines[2] !== '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn') problems.push('header 2');
    const seen = new Map();
    let cur;
    for (const l of lines.slice(3)) {
      let m;
      if ((m = svcRe.exec(l))) { cur = m[1]; if (seen.has(cur)) problems.push('duplicate ' + l); seen.set(cur, []); }
      else if ((m = dstRe.exec(l)) && cur) seen.get(cur).push(m[1] + '/' + m[2]);
      else problems.push('garbled line ' + JSON.stringify(l));
    }
    for (let i = 0; i < 40; i++) {
      const d = seen.get('10.4.0.' + i);
      if (status === 0 && (!d || [...d].sort().join(',') !== '192.168.4.1/2,192.168.4.2/3')) problems.push('stable service 10.4.0.' + i + ' ' + JSON.stringify(d));
    }
    for (const [k, d] of seen) if (k.startsWith('10.5.') && d.length > 1) problems.push('churn service ' + k + ' ' + JSON.stringify(d));
    if (status !== 0 || err !== '') {
      errors.push(status + ' ' + JSON.stringify(err));
      if (!/^[A-Z][^\n]*\n$/.test(err) || /Error|\bat /.test(err) || status === 0) problems.push('error text ' + JSON.stringify(err) + ' status ' + status);
    }
    if (problems.length) bad.push(problems.slice(0, 5).join('; '));
  }
  writeFileSync('/run/churn.stop', '');
  await new Promise((r) => churn.on('close', r));
  res.race = { listings, bad: bad.slice(0, 20), errors: [...new Set(errors)].slice(0, 20), churnRounds: Number(readFileSync('/run/churn.n', 'utf8')) };
  dq(['-C']);
}
save();
log('race done');

// ---- where the kernel cuts a service dump: on the command's socket and on
// the new one getServices() takes every second dump through
{
  let svcs = '';
  for (let i = 0; i < 190; i++) svcs += '-A -t 10.8.0.' + i + ':80 -s rr\n';
  dq(['-R'], svcs);
  const { NetlinkSocket } = await import(pathToFileURL(join(REPO, 'dist', 'native-bindings', 'netlink-socket.js')).href);
  const { IpvsClient } = await import(pathToFileURL(join(REPO, 'dist', 'src', 'ipvs', 'client.js')).href);
  const cuts = { first: [], second: [] };
  let into = cuts.first;
  const c = new IpvsClient(new NetlinkSocket(), {
    trace: (dir, d) => { if (dir === 'recv' && d.length > 20) into.push(d.length); },
    openDumpTransport: () => { into = cuts.second; return new NetlinkSocket(); },
  });
  c.getInfo();
  cuts.first.length = 0;
  const services = c.getServices().length;
  c.close();
  res.cuts = { services, ...cuts };
  dq(['-C']);
}
save();
log('cuts done');

// ---- huge dump: 50,000 destinations (built by Debian's -R), listed by both
{
  const N = 50000;
  const parts = [];
  for (let s = 0; s < 4; s++) parts.push('-A -t 10.6.0.' + s + ':80 -s rr\n');
  for (let i = 0; i < N; i++) parts.push('-a -t 10.6.0.' + (i % 4) + ':80 -r 10.' + (7 + (i >> 16)) + '.' + ((i >> 8) & 255) + '.' + (i & 255) + ':80 -m -w ' + (i % 7) + '\n');
  const r = dq(['-R'], parts.join(''));
  let t0 = t();
  const d = dq(['-Sn']);
  const debianMs = t() - t0;
  t0 = t();
  const o = run('ours', ['ipvsadm', '-Sn']);
  const oursMs = t() - t0;
  const same = d.stdout === o.stdout && d.status === o.status;
  let firstDiff;
  if (!same) {
    const a = d.stdout.split('\n');
    const b = o.stdout.split('\n');
    const i = a.findIndex((l, k) => l !== b[k]);
    firstDiff = 'line ' + i + ': ' + JSON.stringify(a[i]) + ' vs ' + JSON.stringify(b[i]) + ' (' + a.length + ' vs ' + b.length + ' lines)';
  }
  res.huge = { dests: N, restoreStatus: r.status, restoreStderr: r.stderr.slice(0, 2000), debianLines: d.stdout.split('\n').length - 1, same, oursStatus: o.status, oursStderr: o.stderr.slice(0, 2000), debianMs, oursMs, ...(firstDiff ? { firstDiff } : {}) };
  dq(['-C']);
}
save();
log('huge done');

// ---- two restores racing on the same table (ours, batched)
{
  const lines = (lo, hi) => {
    let s = '';
    for (let i = lo; i < hi; i++) s += '-A -t 10.8.0.1:' + (1000 + i) + ' -s rr\n-a -t 10.8.0.1:' + (1000 + i) + ' -r 192.168.8.1:80 -m\n';
    return s;
  };
  writeFileSync('/run/ra.txt', lines(0, 600));
  writeFileSync('/run/rb.txt', lines(300, 900));
  const go = (f) => new Promise((resolve) => {
    const c = spawn('/bin/sh', ['-c', 'exec ipvsadm -R <' + f], { env: ENV.ours });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (b) => { stdout += b; });
    c.stderr.on('data', (b) => { stderr += b; });
    c.on('close', (status) => resolve({ stdout, stderr, status }));
  });
  const [a, b] = await Promise.all([go('/run/ra.txt'), go('/run/rb.txt')]);
  const errLines = (a.stderr + b.stderr).split('\n').filter((l) => l !== '');
  const sexists = errLines.filter((l) => l === 'Service already exists').length;
  const dexists = errLines.filter((l) => l === 'Destination already exists').length;
  const other = errLines.filter((l) => l !== 'Service already exists' && l !== 'Destination already exists');
  const saved = dq(['-Sn']).stdout.split('\n');
  let expectedOk = true;
  for (let i = 0; i < 900; i++) {
    if (!saved.includes('-A -t 10.8.0.1:' + (1000 + i) + ' -s rr')) expectedOk = false;
    if (!saved.includes('-a -t 10.8.0.1:' + (1000 + i) + ' -r 192.168.8.1:80 -m -w 1')) expectedOk = false;
  }
  res.restoreRace = {
    a: { ...a, stderr: a.stderr.slice(0, 300) }, b: { ...b, stderr: b.stderr.slice(0, 300) }, sexists, dexists, other: other.slice(0, 10),
    services: saved.filter((l) => l.startsWith('-A ')).length, dests: saved.filter((l) => l.startsWith('-a ')).length, expected: expectedOk ? 1 : 0,
  };
  dq(['-C']);
}
save();
log('restore race done');

// ---- a reply that never comes: the real socket times out with EAGAIN
{
  const { NetlinkSocket } = await import(pathToFileURL(join(REPO, 'dist', 'native-bindings', 'netlink-socket.js')).href);
  const s = new NetlinkSocket({ timeoutMs: 400 });
  const t0 = t();
  let errno = null;
  let name = '';
  try {
    s.receive();
  } catch (e) {
    errno = e.errno ?? null;
    name = e.name;
  }
  const ms = t() - t0;
  s.close();
  let defaultOk = false;
  try {
    const d = new NetlinkSocket();
    d.close();
    defaultOk = true;
  } catch (e) {
    log('default socket: ' + e);
  }
  res.timeout = { errno, name, ms, defaultOk };
}
save();
log('timeout done');

// ---- no IPVS in the kernel: unload every ip_vs module, disable autoload
{
  writeFileSync('/proc/sys/kernel/modprobe', '\n');
  for (let round = 0; round < 4; round++) {
    const mods = readFileSync('/proc/modules', 'utf8').split('\n').map((l) => l.split(' ')[0]).filter((m) => m && m.startsWith('ip_vs'));
    if (mods.length === 0) break;
    // schedulers and helpers first, ip_vs last
    for (const m of mods.sort((x, y) => (x === 'ip_vs' ? 1 : y === 'ip_vs' ? -1 : 0))) spawnSync('rmmod', [m], { stdio: 'ignore' });
  }
  const left = readFileSync('/proc/modules', 'utf8').split('\n').filter((l) => l.startsWith('ip_vs'));
  log('ip_vs modules left: ' + left.length + ' ' + left.map((l) => l.split(' ')[0]).join(','));
  for (const args of [['-Ln'], ['-A', '-t', '10.0.0.1:80'], ['-C'], ['-h'], ['-Q']]) {
    res.noipvs[args.join(' ')] = both(['ipvsadm', ...args]);
  }
  res.noipvs['no-net-raw -Ln'] = both(['setpriv', '--inh-caps=-net_raw', '--bounding-set=-net_raw', '--', 'ipvsadm', '-Ln']);
  res.noipvs['uid-nobody -Ln'] = both(['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--', 'ipvsadm', '-Ln']);
}
save();
log('noipvs done');
`;

const enabled = existsSync('/usr/bin/linux.uml') || process.env['UML_REQUIRED'] === '1';

describe.runIf(enabled)('faults in user-mode Linux (ours vs Debian ipvsadm)', () => {
  let r: Results;

  beforeAll(async () => {
    if (!existsSync(join(repoRoot, 'dist', 'src', 'entry', 'ipvsadm.js'))) throw new Error('run `npm run build` first');
    const boot = await bootUml({
      payload: `exec node "$W/faults.mjs" ${JSON.stringify(repoRoot)} "$W/results.json"\n`,
      inputs: { 'faults.mjs': DRIVER },
      collect: ['results.json'],
      timeoutMs: 900_000,
    });
    const text = boot.files['results.json'];
    if (text === undefined) throw new Error(`no results (status ${boot.status}):\n${boot.stderr.slice(-4000)}`);
    r = JSON.parse(text) as Results;
    console.log(`[faults] huge ${JSON.stringify(r.huge)}; race ${JSON.stringify(r.race)}; restore race ${JSON.stringify(r.restoreRace)}; timeout ${JSON.stringify(r.timeout)}`);
    console.log(`[faults] payload ${boot.payloadMs} ms; ${r.log.join('; ')}; driver status ${boot.status}${boot.status ? `\n${boot.stderr.slice(-3000)}` : ''}`);
  }, 1_200_000);

  const same = (p: Pair): void => {
    expect({ stdout: p.ours.stdout, stderr: p.ours.stderr, status: p.ours.status }).toEqual({
      stdout: p.debian.stdout,
      stderr: p.debian.stderr,
      status: p.debian.status,
    });
  };

  it('not privileged: same message and status as Debian (no CAP_NET_ADMIN, no CAP_NET_RAW, uid nobody)', () => {
    expect(Object.keys(r.unpriv).length).toBe(12);
    for (const [name, p] of Object.entries(r.unpriv)) {
      expect(p.debian.status, name).not.toBe(0);
      same(p);
    }
    expect(r.unpriv['no-net-admin -Ln']?.ours.stderr).toContain('Permission denied');
  });

  it('output closed early (-Sn | head -1 on 5,000 services): first line only, no trace, SIGPIPE status like Debian', () => {
    expect(r.head.services).toBe(5000);
    expect(r.head.ours.stdout).toBe(r.head.firstLine);
    expect(r.head.ours.stderr).toBe('');
    expect(r.head.debian.stdout).toBe(r.head.firstLine);
    expect(r.head.ours.status).toBe(r.head.debian.status);
  });

  it('a dump racing concurrent changes: every listing consistent, errors ipvsadm-style', () => {
    expect(r.race.churnRounds).toBeGreaterThan(0);
    expect(r.race.listings).toBeGreaterThanOrEqual(20);
    expect(r.race.bad).toEqual([]);
    for (const e of r.race.errors) expect(e).toMatch(/^1 "(No such service|Memory allocation problem)\\n"$/);
  });

  it('a repeated service dump through a new socket is cut into datagrams elsewhere (so one cut cannot lose the same services every time)', () => {
    expect(r.cuts.services).toBe(190);
    const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
    expect(r.cuts.second.length).toBeGreaterThan(1);
    expect(sum(r.cuts.second)).toBe(sum(r.cuts.first));
    expect(r.cuts.second[0]).toBeLessThan(r.cuts.first[0] as number);
  });

  it('a huge dump (50,000 destinations): -Sn complete and identical to Debian', () => {
    expect(r.huge.restoreStatus).toBe(0);
    expect(r.huge.restoreStderr).toBe('');
    expect(r.huge.debianLines).toBe(50_004);
    expect(r.huge.oursStderr).toBe('');
    expect(r.huge.firstDiff).toBeUndefined();
    expect(r.huge.same).toBe(true);
  });

  it('two restores racing: every overlapping command reported once, final table as implied', () => {
    expect(r.restoreRace.other).toEqual([]);
    expect(r.restoreRace.sexists).toBe(300);
    expect(r.restoreRace.dexists).toBe(300);
    expect(r.restoreRace.services).toBe(900);
    expect(r.restoreRace.dests).toBe(900);
    expect(r.restoreRace.expected).toBe(1);
  });

  it('a reply that never comes: the socket times out with EAGAIN (SO_RCVTIMEO wired)', () => {
    expect(r.timeout.name).toBe('SyscallError');
    expect(r.timeout.errno).toBe(11);
    expect(r.timeout.ms).toBeGreaterThanOrEqual(300);
    expect(r.timeout.ms).toBeLessThan(5000);
    expect(r.timeout.defaultOk).toBe(true);
  });

  it('no IPVS in the kernel: same message and status as Debian', () => {
    expect(r.log.some((l) => l.startsWith('ip_vs modules left: 0'))).toBe(true);
    for (const [name, p] of Object.entries(r.noipvs)) {
      if (name !== '-h' && name !== '-Q') expect(p.debian.stderr, name).toContain("Can't initialize ipvs");
      same(p);
    }
  });
});
