// "Never a silent loss" on a real kernel table, in ONE user-mode Linux boot,
// ours (bin/*.js as installed commands) next to Debian's ipvsadm,
// ipvsadm-save and ipvsadm-restore, each run from the same table:
// * ipvsadm-restore and ipvsadm -R with standard input that cannot be read
//   (a directory, a descriptor open only for writing): Debian's script
//   flushes and restores nothing; ours says why, exits 2, and the table is
//   as it was;
// * ipvsadm-restore -h / --help / --version / an unknown option with rules
//   on standard input: Debian's script ignores them and flushes; ours
//   prints and exits, the table as it was;
// * a save to a full device (a 64 KiB tmpfs, /dev/full): Debian's file is
//   cut short with status 0; ours says `write error: No space left on
//   device` and exits 1;
// * standard error full, closed, or a pipe closed early: the status Debian
//   gives (SIGPIPE's 141 for the pipe), nothing raised.

import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bootUml, repoRoot } from './uml.js';

interface Run {
  stdout: string;
  stderr: string;
  status: number | null;
  signal: string | null;
  /** `ipvsadm -Sn` (Debian's) right after the run. */
  table: string;
}
type Pair = { debian: Run; ours: Run };

interface Results {
  base: string;
  unreadable: Record<string, Pair>;
  restoreArgs: Record<string, Pair>;
  full: Record<string, Pair & { debianFile: number; oursFile: number; complete: number }>;
  stderrFaults: Record<string, Pair>;
  log: string[];
}

// Runs inside UML (node, as root). Plain JS.
const DRIVER = String.raw`
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const REPO = process.argv[2];
const OUT = process.argv[3];
const res = { unreadable: {}, restoreArgs: {}, full: {}, stderrFaults: {}, log: [] };
const save = () => writeFileSync(OUT, JSON.stringify(res));
const BASE = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const CMDS = ['ipvsadm', 'ipvsadm-save', 'ipvsadm-restore'];
for (const d of ['/run/dbin', '/run/obin']) mkdirSync(d, { recursive: true });
for (const c of CMDS) {
  rmSync('/run/dbin/' + c, { force: true });
  rmSync('/run/obin/' + c, { force: true });
  symlinkSync('/usr/sbin/' + c, '/run/dbin/' + c);
  symlinkSync(join(REPO, 'bin', c + '.js'), '/run/obin/' + c);
}
const ENV = {
  debian: { PATH: '/run/dbin:' + BASE, HOME: '/root', LANG: 'C', GLIBC_TUNABLES: process.env.GLIBC_TUNABLES ?? '' },
  ours: { PATH: '/run/obin:' + BASE, HOME: '/root', LANG: 'C', GLIBC_TUNABLES: process.env.GLIBC_TUNABLES ?? '', IPVSADM_PROG: 'ipvsadm' },
};
const dq = (args, input = '') => spawnSync('/usr/sbin/ipvsadm', args, { input, encoding: 'utf8', maxBuffer: 64 << 20 });
const table = () => dq(['-Sn']).stdout;

let rules = '';
for (let i = 0; i < 3; i++) {
  rules += '-A -t 10.7.0.' + i + ':80 -s rr\n';
  rules += '-a -t 10.7.0.' + i + ':80 -r 192.168.7.1:80 -m -w 2\n';
}
const setBase = () => { dq(['-C']); dq(['-R'], rules); };
setBase();
res.base = table();
writeFileSync('/run/other.rules', '# other\n-A -u 10.8.0.1:53 -s wlc\n');
writeFileSync('/run/wo', '');

/** A shell command line for one side, from the base table; stdout, stderr, status, then the table. */
function sh(side, script) {
  setBase();
  const r = spawnSync('/bin/sh', ['-c', script], { env: ENV[side], encoding: 'utf8', maxBuffer: 64 << 20, timeout: 120000 });
  return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', status: r.status, signal: r.signal ?? null, table: table() };
}
const both = (script) => ({ debian: sh('debian', script), ours: sh('ours', script) });

// ---- input that cannot be read
res.unreadable['ipvsadm-restore < directory'] = both('ipvsadm-restore </run');
res.unreadable['ipvsadm-restore 0> write-only file'] = both('ipvsadm-restore 0>/run/wo');
res.unreadable['ipvsadm -R < directory'] = both('ipvsadm -R </run');
res.unreadable['ipvsadm -R 0> write-only file'] = both('ipvsadm -R 0>/run/wo');
save();
res.log.push('unreadable done');

// ---- ipvsadm-restore's arguments
for (const a of ['-h', '--help', '--version', '--bogus', '-n']) {
  res.restoreArgs[a] = both('ipvsadm-restore ' + a + ' </run/other.rules');
}
res.restoreArgs['(none)'] = both('ipvsadm-restore </run/other.rules');
save();
res.log.push('restore args done');

// ---- a save to a full device
{
  mkdirSync('/mnt/full', { recursive: true });
  spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', '/mnt/full']);
  let big = '';
  for (let i = 0; i < 5000; i++) big += '-A -t 10.9.' + (i >> 8) + '.' + (i & 255) + ':80 -s rr\n';
  const complete = (() => { dq(['-C']); dq(['-R'], big); return table().length; })();
  const cases = {
    'ipvsadm -Sn > 64k tmpfs': 'ipvsadm -Sn > /mnt/full/rules',
    'ipvsadm-save -n > 64k tmpfs': 'ipvsadm-save -n > /mnt/full/rules',
    'ipvsadm -Ln > 64k tmpfs': 'ipvsadm -Ln > /mnt/full/rules',
    'ipvsadm -Sn > /dev/full': 'ipvsadm -Sn > /dev/full',
  };
  for (const [name, script] of Object.entries(cases)) {
    const one = (side) => {
      rmSync('/mnt/full/rules', { force: true });
      dq(['-C']);
      dq(['-R'], big);
      const r = spawnSync('/bin/sh', ['-c', script], { env: ENV[side], encoding: 'utf8' });
      let size = 0;
      try { size = statSync('/mnt/full/rules').size; } catch {}
      return { run: { stdout: r.stdout, stderr: r.stderr, status: r.status, signal: r.signal ?? null, table: '' }, size };
    };
    const d = one('debian');
    const o = one('ours');
    res.full[name] = { debian: d.run, ours: o.run, debianFile: d.size, oursFile: o.size, complete };
  }
  spawnSync('umount', ['/mnt/full']);
}
save();
res.log.push('full done');

// ---- standard error that fails
res.stderrFaults['2>/dev/full'] = both('ipvsadm -A -t 10.7.0.0:80 2>/dev/full');
res.stderrFaults['2>&-'] = both('ipvsadm -A -t 10.7.0.0:80 2>&-');
res.stderrFaults['-R, 2>/dev/full'] = both("printf '%s\\n' '-A -t 10.7.0.0:80' '-A -t 10.7.9.9:80' | ipvsadm -R 2>/dev/full");
// stderr a pipe whose reader is gone before the command starts (python
// gives the child SIGPIPE's default action); prints the child's status,
// -13 for SIGPIPE.
const CLOSED_PIPE = "python3 -c 'import os, subprocess, sys; r, w = os.pipe(); os.close(r); print(subprocess.run(sys.argv[1:], stderr=w).returncode)'";
res.stderrFaults['stderr a closed pipe'] = both(CLOSED_PIPE + ' ipvsadm -A -t 10.7.0.0:80');
res.stderrFaults['-R, stderr a closed pipe'] = both(CLOSED_PIPE + " sh -c \"printf '%s\\\\n' '-A -t 10.7.0.0:80' '-A -t 10.7.9.9:80' | ipvsadm -R\"");
res.log.push('stderr done');
save();
`;

const enabled = existsSync('/usr/bin/linux.uml') || process.env['UML_REQUIRED'] === '1';

describe.runIf(enabled)('never a silent loss, on a real table (ours vs Debian)', () => {
  let r: Results;

  beforeAll(async () => {
    if (!existsSync(join(repoRoot, 'dist', 'bundle', 'ipvsadm.cjs'))) throw new Error('run `npm run build` first');
    const boot = await bootUml({
      payload: `exec node "$W/safety.mjs" ${JSON.stringify(repoRoot)} "$W/results.json"\n`,
      inputs: { 'safety.mjs': DRIVER },
      collect: ['results.json'],
      timeoutMs: 900_000,
    });
    const text = boot.files['results.json'];
    if (text === undefined) throw new Error(`no results (status ${boot.status}):\n${boot.stderr.slice(-4000)}`);
    r = JSON.parse(text) as Results;
    console.log(`[safety] payload ${boot.payloadMs} ms; ${r.log.join('; ')}; driver status ${boot.status}${boot.status ? `\n${boot.stderr.slice(-3000)}` : ''}`);
  }, 1_200_000);

  it('the base table is there', () => {
    expect(r.base.split('\n').filter(Boolean)).toHaveLength(6);
    expect(r.log).toContain('stderr done');
  });

  it('ipvsadm-restore / ipvsadm -R from input that cannot be read: ours says why, exits 2, the table as it was', () => {
    const why: Record<string, string> = {
      'ipvsadm-restore < directory': 'ipvsadm-restore: cannot read standard input: Is a directory\n',
      'ipvsadm-restore 0> write-only file': 'ipvsadm-restore: cannot read standard input: Bad file descriptor\n',
      'ipvsadm -R < directory': 'ipvsadm: cannot read standard input: Is a directory\n',
      'ipvsadm -R 0> write-only file': 'ipvsadm: cannot read standard input: Bad file descriptor\n',
    };
    for (const [name, p] of Object.entries(r.unreadable)) {
      expect({ name, status: p.ours.status, stderr: p.ours.stderr, stdout: p.ours.stdout, table: p.ours.table }).toEqual({
        name,
        status: 2,
        stderr: why[name],
        stdout: '',
        table: r.base,
      });
    }
    // What the reference does: its restore script flushes the table.
    expect(r.unreadable['ipvsadm-restore < directory']!.debian.table).toBe('');
    expect(r.unreadable['ipvsadm-restore 0> write-only file']!.debian.table).toBe('');
    expect(r.unreadable['ipvsadm -R < directory']!.debian.status).toBe(0);
  });

  it('ipvsadm-restore -h / --help / --version / unknown options never flush', () => {
    for (const a of ['-h', '--help']) {
      const p = r.restoreArgs[a]!;
      expect({ a, status: p.ours.status, stderr: p.ours.stderr, table: p.ours.table }).toEqual({ a, status: 0, stderr: '', table: r.base });
      expect(p.ours.stdout).toMatch(/^Usage: ipvsadm-restore < RULES\n/);
    }
    expect(r.restoreArgs['--version']!.ours).toMatchObject({ status: 0, stderr: '', table: r.base });
    expect(r.restoreArgs['--version']!.ours.stdout).toMatch(/^ipvsadm-restore \(ipvsadm-ts /);
    for (const a of ['--bogus', '-n']) {
      expect(r.restoreArgs[a]!.ours).toEqual({
        stdout: '',
        stderr: `ipvsadm-restore: unknown option: ${a}\nusage: ipvsadm-restore [--test | --apply [--dry-run] [--drain[=SECONDS]] [-v]] [FILE]\n`,
        status: 2,
        signal: null,
        table: r.base,
      });
    }
    // Debian's script ignores them all and restores standard input.
    const other = r.restoreArgs['(none)']!;
    expect(other.ours).toEqual(other.debian);
    expect(other.ours.table).toBe('-A -u 10.8.0.1:53 -s wlc\n');
    for (const a of ['-h', '--help', '--version', '--bogus', '-n']) expect(r.restoreArgs[a]!.debian.table).toBe(other.debian.table);
  });

  it('a save to a full device fails loudly (Debian: a cut file, status 0)', () => {
    for (const [name, f] of Object.entries(r.full)) {
      expect({ name, status: f.ours.status, stderr: f.ours.stderr }).toEqual({
        name,
        status: 1,
        stderr: `${name.startsWith('ipvsadm-save') ? 'ipvsadm-save' : 'ipvsadm'}: write error: No space left on device\n`,
      });
      expect(f.debian, name).toMatchObject({ status: 0, stderr: '' });
    }
    const tmpfs = r.full['ipvsadm -Sn > 64k tmpfs']!;
    expect(tmpfs.complete).toBeGreaterThan(64 * 1024);
    expect(tmpfs.debianFile).toBeLessThan(tmpfs.complete);
    expect(tmpfs.oursFile).toBeLessThan(tmpfs.complete);
  });

  it('standard error full or closed: the status Debian gives, the same table', () => {
    for (const name of ['2>/dev/full', '2>&-', '-R, 2>/dev/full']) {
      const p = r.stderrFaults[name]!;
      expect({ name, status: p.ours.status, table: p.ours.table, stdout: p.ours.stdout }).toEqual({
        name,
        status: p.debian.status,
        table: p.debian.table,
        stdout: p.debian.stdout,
      });
    }
    expect(r.stderrFaults['2>/dev/full']!.ours.status).toBe(255);
    expect(r.stderrFaults['-R, 2>/dev/full']!.ours.table).toContain('10.7.9.9:80');
  });

  it('standard error a closed pipe: SIGPIPE ends Debian (-13), ours exits 141; ours still applies every line', () => {
    const one = r.stderrFaults['stderr a closed pipe']!;
    expect(one.debian.stdout).toBe('-13\n');
    expect(one.ours.stdout).toBe('141\n');
    expect(one.ours.table).toBe(one.debian.table);
    // -R: the C tool dies at its first message, before the next line; ours
    // does all it would do with a working stderr, then exits 141.
    const restore = r.stderrFaults['-R, stderr a closed pipe']!;
    expect(restore.ours.stdout).toBe('141\n');
    expect(restore.ours.table).toBe(`${r.base}-A -t 10.7.9.9:80 -s wlc\n`);
    expect({ stdout: restore.debian.stdout, table: restore.debian.table }).toEqual({ stdout: '141\n', table: r.base });
  });
});
