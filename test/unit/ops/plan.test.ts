// The no-flush plan of `ipvsadm-restore --apply`, against the fake kernel.

import { describe, expect, it } from 'vitest';
import { noNames } from '../../../src/common/names.js';
import { IpvsClient } from '../../../src/ipvs/client.js';
import type { Io } from '../../../src/ops/io.js';
import { applyPlan, computePlan, desiredFromRules, planLine } from '../../../src/ops/plan.js';
import { readTable } from '../../../src/ops/table.js';
import { isRestoreExtension, parseRestoreOptions, restoreExtension } from '../../../src/app/restore.js';
import { FakeKernel } from '../helpers/fake-kernel.js';
import { deps, ipvsadm } from '../app/run.js';

const ropts = { prog: 'ipvsadm', file: 'f', names: noNames, env: {}, stripComments: true };

function kernelWith(rules: string): FakeKernel {
  const k = new FakeKernel();
  const r = ipvsadm(k, ['-R'], rules);
  expect(r.stderr).toBe('');
  return k;
}

function plan(k: FakeKernel, file: string): string[] {
  const d = desiredFromRules(file, ropts);
  expect(d.problems).toEqual([]);
  return computePlan(readTable(new IpvsClient(k)), d.table).map(planLine);
}

const CURRENT = [
  '-A -t 10.0.0.1:80 -s rr',
  '-a -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 1',
  '-a -t 10.0.0.1:80 -r 192.168.1.2:80 -m -w 1',
  '-A -t 10.0.0.2:80 -s wlc',
  '-a -t 10.0.0.2:80 -r 192.168.1.1:80 -m -w 1',
  '-A -u 10.0.0.3:53 -s rr',
  '',
].join('\n');

describe('computePlan', () => {
  it('nothing to do when the file is the table', () => {
    const k = kernelWith(CURRENT);
    const saved = ipvsadm(k, ['-Sn']).stdout;
    expect(plan(k, saved)).toEqual([]);
    expect(plan(k, CURRENT)).toEqual([]);
  });

  it('edits what changed, adds what is missing, deletes what is gone; never flushes', () => {
    const k = kernelWith(CURRENT);
    const file = [
      '# new desired table',
      '-A -t 10.0.0.1:80 -s rr',
      '-a -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 1',
      '-a -t 10.0.0.1:80 -r 192.168.1.3:80 -m -w 1',
      '-A -t 10.0.0.2:80 -s wrr -p 300',
      '-a -t 10.0.0.2:80 -r 192.168.1.1:80 -m -w 5 -x 50',
      '-A -f 9 -s sh -b sh-fallback',
      '-a -f 9 -r 192.168.1.9:0 -g',
      '',
    ].join('\n');
    expect(plan(k, file)).toEqual([
      '-D -u 10.0.0.3:53',
      '-d -t 10.0.0.1:80 -r 192.168.1.2:80',
      '-a -t 10.0.0.1:80 -r 192.168.1.3:80 -m -w 1',
      '-E -t 10.0.0.2:80 -s wrr -p 300',
      '-e -t 10.0.0.2:80 -r 192.168.1.1:80 -m -w 5 -x 50',
      '-A -f 9 -s sh -b sh-fallback',
      '-a -f 9 -r 192.168.1.9:0 -g -w 1',
    ]);
    const before = k.sent.length;
    const d = desiredFromRules(file, ropts);
    const ops = computePlan(readTable(new IpvsClient(k)), d.table);
    const client = new IpvsClient(k);
    expect(applyPlan(client, ops)).toEqual({ applied: 7 });
    expect(k.sent.length).toBeGreaterThan(before);
    // Applying again is a no-op, and the table is the file's canonical form.
    expect(plan(k, file)).toEqual([]);
    const fresh = kernelWith(file.split('\n').filter((l) => !l.startsWith('#')).join('\n'));
    expect(ipvsadm(k, ['-Sn']).stdout).toBe(ipvsadm(fresh, ['-Sn']).stdout);
  });

  it('only -A, -a, --set and --start-daemon lines can be applied; problems carry line numbers', () => {
    const d = desiredFromRules('-A -t 10.0.0.1:80\n-C\n-a -t 10.0.0.2:80 -r 1.1.1.1\n--set 1 2 3\n', ropts);
    expect(d.problems).toEqual([
      'f:2: only -A, -a, --set and --start-daemon lines can be applied: -C',
      'f:3: Service not defined',
    ]);
  });

  it('a failure part-way stops and says what was and was not applied', () => {
    const k = kernelWith(CURRENT);
    const file = '-A -t 10.0.0.1:80 -s rr\n-A -t 10.0.0.5:80 -s rr\n-a -t 10.0.0.5:80 -r 192.168.1.1:80 -m\n-a -t 10.0.0.5:80 -r 192.168.1.2:80 -m\n';
    // Another writer adds one of "our" servers between reading and applying.
    let stdout = '';
    let stderr = '';
    const io: Io = { out: (t) => (stdout += t), err: (t) => (stderr += t), readStdin: () => '', readConnFile: () => null, env: {} };
    const d = deps(k);
    const status = restoreExtension(['--apply', 'f'], {
      io,
      deps: {
        ...d,
        openClient: () => {
          const c = new IpvsClient(k);
          const realApply = c.apply.bind(c);
          c.apply = (op) => {
            realApply(op);
            if (op.op === 'add-service') ipvsadm(k, ['-a', '-t', '10.0.0.5:80', '-r', '192.168.1.2:80', '-m']);
          };
          return c;
        },
      },
      readFile: () => file,
      prog: 'ipvsadm-restore',
    });
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      [
        'ipvsadm-restore: applied: 6 of 7',
        '  -D -t 10.0.0.2:80',
        '  -D -u 10.0.0.3:53',
        '  -d -t 10.0.0.1:80 -r 192.168.1.1:80',
        '  -d -t 10.0.0.1:80 -r 192.168.1.2:80',
        '  -A -t 10.0.0.5:80 -s rr',
        '  -a -t 10.0.0.5:80 -r 192.168.1.1:80 -m -w 1',
        'ipvsadm-restore: failed: -a -t 10.0.0.5:80 -r 192.168.1.2:80 -m -w 1: Destination already exists',
        'ipvsadm-restore: not applied: 1 of 7',
        '  -a -t 10.0.0.5:80 -r 192.168.1.2:80 -m -w 1',
        '',
      ].join('\n'),
    );
  });
});

describe('ipvsadm-restore options', () => {
  const env = (k: FakeKernel, file: string, stdin = '') => {
    const out = { stdout: '', stderr: '' };
    const io: Io = { out: (t) => (out.stdout += t), err: (t) => (out.stderr += t), readStdin: () => stdin, readConnFile: () => null, env: {} };
    return {
      out,
      env: {
        io,
        deps: deps(k),
        readFile: (p: string) => {
          if (p !== 'rules') throw new Error('ENOENT: no such file');
          return file;
        },
        prog: 'ipvsadm-restore',
      },
    };
  };

  it('only the new words select the new behaviour', () => {
    expect(isRestoreExtension([])).toBe(false);
    expect(isRestoreExtension(['-n', 'file', '--help'])).toBe(false);
    expect(isRestoreExtension(['--test'])).toBe(true);
    expect(isRestoreExtension(['x', '--dry-run'])).toBe(true);
  });

  it('parses with commander without leaking its texts', () => {
    expect(parseRestoreOptions(['--test', 'a'])).toEqual({ test: true, apply: false, dryRun: false, verbose: false, file: 'a' });
    expect(parseRestoreOptions(['--dry-run'])).toEqual({ test: false, apply: true, dryRun: true, verbose: false, file: undefined });
    expect(parseRestoreOptions(['--test', '--bogus'])).toEqual({ error: 'unknown option: --bogus' });
    expect(parseRestoreOptions(['--test', 'a', 'b'])).toEqual({ error: 'only one FILE can be given' });
    expect(parseRestoreOptions(['--test', '--apply'])).toEqual({ error: '--test cannot be combined with --apply or --dry-run' });
    expect(parseRestoreOptions(['--test', '-h'])).toEqual({ error: 'unknown option: -h' });
  });

  it('--test FILE and --test on stdin', () => {
    const k = new FakeKernel();
    const a = env(k, '-A -t 10.0.0.1:80\n-A -t 10.0.0.1:80\n');
    expect(restoreExtension(['--test', 'rules'], a.env)).toBe(1);
    expect(a.out).toEqual({ stdout: '', stderr: 'rules:2: Service already exists\n' });
    const b = env(k, '', '-A -t 10.0.0.1:80\n');
    expect(restoreExtension(['--test'], b.env)).toBe(0);
    expect(b.out).toEqual({ stdout: '', stderr: '' });
    const c = env(k, '');
    expect(restoreExtension(['--test', 'missing'], c.env)).toBe(2);
    expect(c.out.stderr).toBe('ipvsadm-restore: cannot read missing: ENOENT: no such file\n');
    const d = env(k, '');
    expect(restoreExtension(['--test', '--nope'], d.env)).toBe(2);
    expect(d.out.stderr).toBe('ipvsadm-restore: unknown option: --nope\nusage: ipvsadm-restore [--test | --apply [--dry-run] [--drain[=SECONDS]] [-v]] [FILE]\n');
    expect(k.sent).toHaveLength(0);
  });

  it('--apply --dry-run prints the plan and changes nothing; --apply applies it', () => {
    const k = kernelWith(CURRENT);
    const file = '-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 2\n';
    const dry = env(k, file);
    const before = ipvsadm(k, ['-Sn']).stdout;
    expect(restoreExtension(['--apply', '--dry-run', 'rules'], dry.env)).toBe(0);
    expect(dry.out).toEqual({
      stdout: '-D -t 10.0.0.2:80\n-D -u 10.0.0.3:53\n-d -t 10.0.0.1:80 -r 192.168.1.2:80\n-e -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 2\n',
      stderr: '',
    });
    expect(ipvsadm(k, ['-Sn']).stdout).toBe(before);
    const real = env(k, file);
    expect(restoreExtension(['--apply', 'rules'], real.env)).toBe(0);
    expect(real.out).toEqual({ stdout: '', stderr: '' });
    expect(ipvsadm(k, ['-Sn']).stdout).toBe('-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 2\n');
  });

  it('--apply with problems in the file applies nothing', () => {
    const k = kernelWith(CURRENT);
    const e = env(k, '-A -t 10.0.0.1:80\n-Z\n');
    const before = k.sent.length;
    expect(restoreExtension(['--apply', 'rules'], e.env)).toBe(1);
    expect(e.out.stderr).toBe('rules:2: only -A, -a, --set and --start-daemon lines can be applied: -Z\nipvsadm-restore: nothing applied\n');
    expect(k.sent.length).toBe(before);
  });
});
