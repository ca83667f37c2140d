// ipvsadm-restore --apply --drain and -v/--verbose against the fake kernel,
// with a fake clock, sleep and signal source.

import { describe, expect, it } from 'vitest';
import { PLAIN_EVERY_MS, waitForDrain, type DrainEdges, type StopSignal } from '../../../src/app/drain-wait.js';
import { isRestoreExtension, parseRestoreOptions, restoreExtension } from '../../../src/app/restore.js';
import { IpvsClient } from '../../../src/ipvs/client.js';
import { IpvsError } from '../../../src/ipvs/errors.js';
import type { DestEntry } from '../../../src/ipvs/types.js';
import type { Io } from '../../../src/ops/io.js';
import { FakeKernel } from '../helpers/fake-kernel.js';
import { deps, ipvsadm } from './run.js';

const USAGE = 'usage: ipvsadm-restore [--test | --apply [--dry-run] [--drain[=SECONDS]] [-v]] [FILE]\n';

const CURRENT = [
  '-A -t 10.0.0.1:80 -s rr',
  '-a -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 1',
  '-a -t 10.0.0.1:80 -r 192.168.1.2:80 -m -w 3 -x 50',
  '-A -t 10.0.0.2:80 -s wlc',
  '-a -t 10.0.0.2:80 -r 192.168.1.1:80 -m -w 1',
  '-A -u 10.0.0.3:53 -s rr',
  '',
].join('\n');

/** Keeps 10.0.0.1:80 without 192.168.1.2, 192.168.1.1 at weight 2; removes the other two services. */
const DESIRED = '-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 2\n';

const DRAIN_PLAN = [
  '-e -t 10.0.0.2:80 -r 192.168.1.1:80 -m -w 0',
  '-e -t 10.0.0.1:80 -r 192.168.1.2:80 -m -w 0 -x 50',
  '-e -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 2',
  '# drain: wait until 2 servers have no connections (at most 300 s)',
  '-D -t 10.0.0.2:80',
  '-D -u 10.0.0.3:53',
  '-d -t 10.0.0.1:80 -r 192.168.1.2:80',
  '',
].join('\n');

function kernelWith(rules: string): FakeKernel {
  const k = new FakeKernel();
  expect(ipvsadm(k, ['-R'], rules).stderr).toBe('');
  return k;
}

const destText = (d: DestEntry): string => `${d.addr.slice(0, 4).join('.')}:${d.port}`;

/** A clock that moves only when the loop sleeps; signals sent by `during(sleepNo, send)`. */
function fakeEdges(during: (sleepNo: number, send: (s: StopSignal) => void) => void = () => {}) {
  let t = 0;
  let sleeps = 0;
  let handler: ((s: StopSignal) => void) | undefined;
  let watching = false;
  const edges: DrainEdges = {
    now: () => t,
    sleep: async (ms, stop) => {
      sleeps++;
      during(sleeps, (s) => handler?.(s));
      if (!stop.aborted) t += ms;
    },
    watchSignals: (h) => {
      handler = h;
      watching = true;
      return () => {
        handler = undefined;
        watching = false;
      };
    },
    pollMs: 1000,
  };
  return { edges, sleeps: () => sleeps, watching: () => watching };
}

/**
 * An ipvsadm-restore run whose kernel reports `conns(server, sleepsSoFar)`
 * connections (ActiveConn; InActConn 1 of them when there are any).
 */
function setup(opts: { conns?: (server: string, sleeps: number) => number; tty?: boolean; edges?: ReturnType<typeof fakeEdges> } = {}) {
  const k = kernelWith(CURRENT);
  const fake = opts.edges ?? fakeEdges();
  const conns = opts.conns ?? (() => 0);
  const out = { stdout: '', stderr: '' };
  const flushed: string[] = [];
  const io: Io = {
    out: (t) => (out.stdout += t),
    err: (t) => (out.stderr += t),
    readStdin: () => '',
    readConnFile: () => null,
    env: {},
    flushOut: () => flushed.push(out.stdout),
  };
  const env = {
    io,
    deps: deps(k, {
      openClient: () => {
        const c = new IpvsClient(k);
        const getDests = c.getDests.bind(c);
        c.getDests = (key) =>
          getDests(key).map((d) => {
            const n = conns(destText(d), fake.sleeps());
            return { ...d, activeConns: n > 0 ? n - 1 : 0, inactConns: n > 0 ? 1 : 0 };
          });
        return c;
      },
    }),
    readFile: () => DESIRED,
    prog: 'ipvsadm-restore',
    stderrIsTerminal: opts.tty === true,
    drain: fake.edges,
  };
  const run = (args: string[]): number | Promise<number> => restoreExtension([...args, 'rules'], env);
  return { k, out, flushed, env, run, fake, table: () => ipvsadm(k, ['-Sn']).stdout };
}

describe('ipvsadm-restore --drain and -v: options', () => {
  it('--drain takes SECONDS only after =, never the FILE', () => {
    expect(parseRestoreOptions(['--apply', '--drain'])).toMatchObject({ apply: true, drain: 300, file: undefined });
    expect(parseRestoreOptions(['--drain', 'f', '--apply'])).toMatchObject({ drain: 300, file: 'f' });
    expect(parseRestoreOptions(['--drain=30', '--apply', 'f'])).toMatchObject({ drain: 30, file: 'f', verbose: false });
    expect(parseRestoreOptions(['--drain=0', '--dry-run'])).toMatchObject({ apply: true, dryRun: true, drain: 0 });
    expect(parseRestoreOptions(['--apply', '-v'])).toMatchObject({ verbose: true, drain: undefined });
    expect(parseRestoreOptions(['--verbose', '--apply', '--', '--drain'])).toMatchObject({ verbose: true, drain: undefined, file: '--drain' });
    expect(isRestoreExtension(['--drain=5'])).toBe(true);
    expect(isRestoreExtension(['-v'])).toBe(true);
  });

  it.each([
    [['--drain'], '--drain needs --apply'],
    [['--test', '--drain=3'], '--drain needs --apply'],
    [['-v'], '-v/--verbose needs --apply'],
    [['--test', '--verbose'], '-v/--verbose needs --apply'],
    [['--apply', '--drain=-1'], "bad --drain seconds: '-1' (a whole number of seconds, 0 or more)"],
    [['--apply', '--drain=1.5'], "bad --drain seconds: '1.5' (a whole number of seconds, 0 or more)"],
    [['--apply', '--drain='], "bad --drain seconds: '' (a whole number of seconds, 0 or more)"],
    [['--apply', '--drain=5s'], "bad --drain seconds: '5s' (a whole number of seconds, 0 or more)"],
  ])('%j: usage error, status 2, nothing sent', (args, why) => {
    const s = setup();
    const before = s.k.sent.length;
    expect(s.run(args)).toBe(2);
    expect(s.out).toEqual({ stdout: '', stderr: `ipvsadm-restore: ${why}\n${USAGE}` });
    expect(s.k.sent.length).toBe(before);
  });
});

describe('ipvsadm-restore --apply --dry-run --drain', () => {
  it('shows the weight-0 edits first, the wait, then the deletions; changes nothing', () => {
    const s = setup();
    const before = s.table();
    expect(s.run(['--apply', '--dry-run', '--drain'])).toBe(0);
    expect(s.out).toEqual({ stdout: DRAIN_PLAN, stderr: '' });
    expect(s.table()).toBe(before);
    const v = setup();
    expect(v.run(['--dry-run', '--drain', '-v'])).toBe(0);
    expect(v.out).toEqual({ stdout: DRAIN_PLAN, stderr: '' });
  });

  it('a server already at weight 0 is waited for but not edited; no removal, no wait line', () => {
    const s = setup();
    ipvsadm(s.k, ['-e', '-t', '10.0.0.1:80', '-r', '192.168.1.2:80', '-m', '-w', '0']);
    expect(s.run(['--dry-run', '--drain=7'])).toBe(0);
    expect(s.out.stdout).toBe(
      [
        '-e -t 10.0.0.2:80 -r 192.168.1.1:80 -m -w 0',
        '-e -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 2',
        '# drain: wait until 2 servers have no connections (at most 7 s)',
        '-D -t 10.0.0.2:80',
        '-D -u 10.0.0.3:53',
        '-d -t 10.0.0.1:80 -r 192.168.1.2:80',
        '',
      ].join('\n'),
    );
    const none = setup();
    ipvsadm(none.k, ['-D', '-t', '10.0.0.2:80']);
    ipvsadm(none.k, ['-d', '-t', '10.0.0.1:80', '-r', '192.168.1.2:80']);
    expect(none.run(['--dry-run', '--drain'])).toBe(0);
    expect(none.out.stdout).toBe('-e -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 2\n-D -u 10.0.0.3:53\n');
  });
});

describe('ipvsadm-restore --apply --drain: the wait', () => {
  const DONE = '-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 2\n';
  const AT_WEIGHT_0 = [
    '-A -t 10.0.0.1:80 -s rr',
    '-a -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 2',
    '-a -t 10.0.0.1:80 -r 192.168.1.2:80 -m -w 0',
    '-A -t 10.0.0.2:80 -s wlc',
    '-a -t 10.0.0.2:80 -r 192.168.1.1:80 -m -w 0',
    '-A -u 10.0.0.3:53 -s rr',
    '',
  ].join('\n');

  it('deletes when the connections are gone; while waiting the rest is applied and the servers are at weight 0', async () => {
    const tables: string[] = [];
    const edges = fakeEdges(() => tables.push(ipvsadm(s.k, ['-Sn']).stdout));
    const s = setup({ edges, conns: (server, n) => (server === '192.168.1.2:80' ? [3, 3, 1][n] ?? 0 : 0) });
    const status = s.run(['--apply', '--drain']);
    expect(status).toBeInstanceOf(Promise);
    expect(await status).toBe(0);
    expect(s.out).toEqual({ stdout: '', stderr: 'ipvsadm-restore: draining: 1 server, 3 connections, 300 s left\n' });
    expect(edges.sleeps()).toBe(3);
    expect(tables).toEqual([AT_WEIGHT_0, AT_WEIGHT_0, AT_WEIGHT_0]);
    expect(s.table()).toBe(DONE);
    expect(edges.watching()).toBe(false);
  });

  it('-v prints each operation as applied, the wait line before waiting; a terminal gets the progress in place and the summary', async () => {
    const s = setup({ tty: true, conns: (server, n) => (server === '192.168.1.1:80' && n < 2 ? 4 - n : 0) });
    expect(await s.run(['--apply', '--drain', '-v'])).toBe(0);
    expect(s.out.stdout).toBe(DRAIN_PLAN);
    // Standard output is written out before the wait: a log shows the lines while it waits.
    expect(s.flushed).toEqual([DRAIN_PLAN.split('-D -t')[0]]);
    // 192.168.1.1:80 is in 10.0.0.1:80 (kept, not waited for) and in 10.0.0.2:80 (removed: waited for).
    expect(s.out.stderr).toBe(
      '\r\x1b[Kipvsadm-restore: draining: 1 server, 4 connections, 300 s left' +
        '\r\x1b[Kipvsadm-restore: draining: 1 server, 3 connections, 299 s left' +
        '\r\x1b[K' +
        'ipvsadm-restore: applied 6 operations\n',
    );
    expect(s.table()).toBe(DONE);
  });

  it('at the timeout the servers are deleted anyway, and it says so', async () => {
    const s = setup({ conns: (server) => (server === '192.168.1.2:80' ? 5 : 0) });
    expect(await s.run(['--apply', '--drain=3'])).toBe(0);
    expect(s.out.stderr).toBe(
      'ipvsadm-restore: draining: 1 server, 5 connections, 3 s left\n' +
        'ipvsadm-restore: drain timed out after 3 s; removing 1 server with 5 connections\n',
    );
    expect(s.fake.sleeps()).toBe(3);
    expect(s.table()).toBe(DONE);
  });

  it('--drain=0 with connections: removed at once, with the timeout message', async () => {
    const s = setup({ conns: () => 2 });
    expect(await s.run(['--apply', '--drain=0'])).toBe(0);
    expect(s.out.stderr).toBe('ipvsadm-restore: drain timed out after 0 s; removing 2 servers with 4 connections\n');
    expect(s.table()).toBe(DONE);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s while waiting: the servers stay at weight 0, the rest applied, status %i', async (sig, status) => {
    const edges = fakeEdges((n, send) => n === 2 && send(sig));
    const s = setup({ edges, tty: true, conns: () => 1 });
    expect(await s.run(['--apply', '--drain', '-v'])).toBe(status);
    expect(s.out.stdout).toBe(DRAIN_PLAN.split('-D -t')[0]);
    expect(s.out.stderr).toMatch(
      /\r\x1b\[Kipvsadm-restore: drain interrupted; left at weight 0: 10\.0\.0\.2:80 -> 192\.168\.1\.1:80, 10\.0\.0\.1:80 -> 192\.168\.1\.2:80\n$/,
    );
    expect(s.out.stderr).not.toContain('applied');
    expect(edges.sleeps()).toBe(2);
    expect(edges.watching()).toBe(false);
    expect(s.table()).toBe(AT_WEIGHT_0);
  });

  it('the kernel unreadable while waiting: the error, the servers left at weight 0, status 1', async () => {
    const s = setup({
      conns: (_server, n) => {
        if (n === 1) throw new IpvsError('get-dests', 12);
        return 1;
      },
    });
    expect(await s.run(['--apply', '--drain'])).toBe(1);
    expect(s.out.stderr).toMatch(
      /\nipvsadm-restore: cannot read the IPVS table: [^\n;]+; left at weight 0: 10\.0\.0\.2:80 -> 192\.168\.1\.1:80, 10\.0\.0\.1:80 -> 192\.168\.1\.2:80\n$/,
    );
    expect(s.table()).toBe(AT_WEIGHT_0);
  });

  it('a caller that gives no drain edges (the systemd helper): --drain is refused, nothing sent', () => {
    const s = setup();
    const { drain: _none, ...noEdges } = s.env;
    const before = s.k.sent.length;
    expect(restoreExtension(['--apply', '--drain', 'rules'], noEdges)).toBe(2);
    expect(s.out).toEqual({ stdout: '', stderr: 'ipvsadm-restore: --drain cannot wait here\n' });
    expect(s.k.sent.length).toBe(before);
  });

  it('nothing removed: no wait at all, the result is a number', () => {
    const s = setup();
    ipvsadm(s.k, ['-C']);
    expect(s.run(['--apply', '--drain'])).toBe(0);
    expect(s.fake.sleeps()).toBe(0);
    expect(s.table()).toBe(DONE);
  });
});

describe('ipvsadm-restore --apply -v and the summary', () => {
  const PLAN = '-D -t 10.0.0.2:80\n-D -u 10.0.0.3:53\n-d -t 10.0.0.1:80 -r 192.168.1.2:80\n-e -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 2\n';

  it('-v prints what --dry-run prints, as it is applied; silent on stderr when it is no terminal', () => {
    const s = setup();
    expect(s.run(['--apply', '-v'])).toBe(0);
    expect(s.out).toEqual({ stdout: PLAN, stderr: '' });
    const again = setup();
    ipvsadm(again.k, ['-C']);
    ipvsadm(again.k, ['-R'], DESIRED);
    expect(again.run(['--apply', '--verbose'])).toBe(0);
    expect(again.out).toEqual({ stdout: '', stderr: '' });
  });

  it('a terminal gets `applied N operations` (singular for one, 0 when nothing changed), with or without -v', () => {
    const s = setup({ tty: true });
    expect(s.run(['--apply'])).toBe(0);
    expect(s.out).toEqual({ stdout: '', stderr: 'ipvsadm-restore: applied 4 operations\n' });
    expect(s.run(['--apply'])).toBe(0);
    expect(s.out.stderr).toBe('ipvsadm-restore: applied 4 operations\nipvsadm-restore: applied 0 operations\n');
    const one = setup({ tty: true });
    ipvsadm(one.k, ['-C']);
    ipvsadm(one.k, ['-R'], '-A -t 10.0.0.1:80 -s rr\n');
    expect(one.run(['--apply', '-v'])).toBe(0);
    expect(one.out).toEqual({ stdout: '-a -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 2\n', stderr: 'ipvsadm-restore: applied 1 operation\n' });
  });

  it('--dry-run prints no summary, even on a terminal', () => {
    const s = setup({ tty: true });
    expect(s.run(['--dry-run', '-v'])).toBe(0);
    expect(s.out).toEqual({ stdout: PLAN, stderr: '' });
  });
});

describe('waitForDrain', () => {
  it('plain progress: a line when the numbers change, at most every PLAIN_EVERY_MS', async () => {
    const { edges } = fakeEdges();
    let polls = 0;
    const lines: string[] = [];
    const r = await waitForDrain(() => ({ servers: 1, conns: 20 - polls++ }), 60, edges, {
      err: (t) => lines.push(t),
      terminal: false,
      prefix: 'p: ',
    });
    expect(r).toEqual({ kind: 'drained' });
    expect(PLAIN_EVERY_MS).toBe(5000);
    expect(lines).toEqual([
      'p: draining: 1 server, 20 connections, 60 s left\n',
      'p: draining: 1 server, 15 connections, 55 s left\n',
      'p: draining: 1 server, 10 connections, 50 s left\n',
      'p: draining: 1 server, 5 connections, 45 s left\n',
    ]);
  });

  it('what count() throws ends the wait and is thrown on; the signals are no longer watched', async () => {
    const f = fakeEdges();
    const boom = new Error('boom');
    await expect(
      waitForDrain(() => {
        throw boom;
      }, 5, f.edges, { err: () => {}, terminal: true, prefix: '' }),
    ).rejects.toBe(boom);
    expect(f.watching()).toBe(false);
  });
});
