// `ipvsadm-restore --apply` beyond the table: --set and --start-daemon lines
// converge the timeouts and sync daemons; `ipvsadm-save --all` writes them.
// Against the fake kernel (which reports a daemon as it was started).

import { describe, expect, it } from 'vitest';
import { noNames } from '../../../src/common/names.js';
import { restoreExtension } from '../../../src/app/restore.js';
import { saveWith } from '../../../src/app/save.js';
import { daemonMatches, planDirector } from '../../../src/ops/director.js';
import type { Io } from '../../../src/ops/io.js';
import { desiredFromRules } from '../../../src/ops/plan.js';
import { IpvsError } from '../../../src/ipvs/errors.js';
import { DAEMON_BACKUP, DAEMON_MASTER, type Daemon } from '../../../src/ipvs/types.js';
import { FakeKernel } from '../helpers/fake-kernel.js';
import { deps, ipvsadm } from '../app/run.js';

const ropts = { prog: 'ipvsadm', file: 'f', names: noNames, env: {}, stripComments: true };

function capture(stdin = '') {
  const out = { stdout: '', stderr: '' };
  const io: Io = { out: (t) => (out.stdout += t), err: (t) => (out.stderr += t), readStdin: () => stdin, readConnFile: () => null, env: {} };
  return { out, io };
}

function restore(k: FakeKernel, args: string[], file: string) {
  const c = capture();
  const status = restoreExtension([...args, 'rules'], { io: c.io, deps: deps(k), readFile: () => file, prog: 'ipvsadm-restore' });
  return { status, ...c.out };
}

const TABLE = '-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 192.168.1.1:80 -g -w 1\n';
const daemon = (over: Partial<Daemon>): Daemon => ({
  state: DAEMON_MASTER,
  mcastIfn: 'eth0',
  syncId: 0,
  syncMaxLen: 0,
  mcastGroup: null,
  mcastPort: 0,
  mcastTtl: 0,
  ...over,
});

describe('the director lines of a rules file', () => {
  it('--set lines apply in order (0 keeps the value before); the last --start-daemon per kind counts', () => {
    const d = desiredFromRules(
      '--set 3600 0 300\n--set 0 100 0\n--start-daemon backup --syncid 1\n--start-daemon master --syncid 5\n--start-daemon backup --syncid 2\n',
      ropts,
    );
    expect(d.problems).toEqual([]);
    expect(d.director.timeouts).toEqual({ tcp: 3600, tcpFin: 100, udp: 300 });
    expect(d.director.daemons.map((x) => [x.state, x.syncId, x.mcastIfn])).toEqual([
      [DAEMON_MASTER, 5, 'eth0'],
      [DAEMON_BACKUP, 2, 'eth0'],
    ]);
    expect(desiredFromRules('--stop-daemon master\n', ropts).problems).toEqual([
      'f:1: only -A, -a, --set and --start-daemon lines can be applied: --stop-daemon master',
    ]);
  });

  it('a daemon matches with the defaults filled in; a backup\'s maxlen is the kernel\'s own', () => {
    const group = { af: 2, addr: new Uint8Array([224, 0, 0, 81, ...new Array<number>(12).fill(0)]) };
    const reported = daemon({ syncMaxLen: 1472, mcastGroup: group, mcastPort: 8848, mcastTtl: 1 });
    expect(daemonMatches(reported, daemon({}))).toBe(true);
    expect(daemonMatches(reported, daemon({ syncMaxLen: 1472 }))).toBe(true);
    expect(daemonMatches(reported, daemon({ syncMaxLen: 1200 }))).toBe(false);
    expect(daemonMatches({ ...reported, state: DAEMON_BACKUP }, daemon({ state: DAEMON_BACKUP, syncMaxLen: 1000 }))).toBe(true);
    expect(daemonMatches(reported, daemon({ mcastTtl: 2 }))).toBe(false);
    expect(daemonMatches(reported, daemon({ mcastPort: 8849 }))).toBe(false);
    expect(daemonMatches(reported, daemon({ syncId: 1 }))).toBe(false);
    expect(daemonMatches(reported, daemon({ mcastIfn: 'eth1' }))).toBe(false);
    expect(daemonMatches(reported, daemon({ state: DAEMON_BACKUP }))).toBe(false);
    // timeouts: only the values the file sets are compared
    expect(planDirector({ tcp: 900, tcpFin: 120, udp: 300 }, [], { timeouts: { tcp: 0, tcpFin: 120, udp: 0 }, daemons: [] })).toEqual([]);
  });
});

describe('ipvsadm-restore --apply with --set and --start-daemon lines', () => {
  const FILE = `${TABLE}--set 3600 120 300\n--start-daemon master --mcast-interface eth0 --syncid 51\n`;

  it('--dry-run plans them after the table; --apply applies them; then nothing is left to do', () => {
    const k = new FakeKernel();
    const dry = restore(k, ['--apply', '--dry-run'], FILE);
    expect(dry).toEqual({
      status: 0,
      stdout: `${TABLE}--set 3600 120 300\n--start-daemon master --mcast-interface eth0 --syncid 51\n`,
      stderr: '',
    });
    expect(k.timeouts).toEqual({ tcp: 900, tcpFin: 120, udp: 300 });
    expect(k.daemons.size).toBe(0);
    expect(restore(k, ['--apply'], FILE)).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(ipvsadm(k, ['-L', '--timeout']).stdout).toBe('Timeout (tcp tcpfin udp): 3600 120 300\n');
    expect(ipvsadm(k, ['-L', '--daemon']).stdout).toBe('master sync daemon (mcast=eth0, syncid=51)\n');
    // A running daemon with the same settings is left running, the timeouts are not set again.
    const running = k.daemons.get(DAEMON_MASTER);
    const timeouts = k.timeouts;
    expect(restore(k, ['--apply', '--dry-run'], FILE).stdout).toBe('');
    expect(restore(k, ['--apply'], FILE)).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(k.daemons.get(DAEMON_MASTER)).toBe(running);
    expect(k.timeouts).toBe(timeouts);
    expect(ipvsadm(k, ['-L', '--daemon']).stdout).toBe('master sync daemon (mcast=eth0, syncid=51)\n');
  });

  it('a daemon with other settings is restarted; a kind the file does not name is left alone', () => {
    const k = new FakeKernel();
    ipvsadm(k, ['--start-daemon', 'master', '--mcast-interface', 'eth0', '--syncid', '7']);
    ipvsadm(k, ['--start-daemon', 'backup', '--mcast-interface', 'eth0', '--syncid', '9']);
    const file = `${TABLE}--start-daemon master --mcast-interface eth0 --syncid 51 --mcast-ttl 2\n`;
    expect(restore(k, ['--apply', '--dry-run'], file).stdout).toBe(
      `${TABLE}--stop-daemon master\n--start-daemon master --mcast-interface eth0 --syncid 51 --mcast-ttl 2\n`,
    );
    expect(restore(k, ['--apply'], file).status).toBe(0);
    expect(ipvsadm(k, ['-L', '--daemon']).stdout).toBe(
      'master sync daemon (mcast=eth0, syncid=51, ttl=2)\nbackup sync daemon (mcast=eth0, syncid=9)\n',
    );
  });

  it('--test accepts the lines; a failing daemon start is reported like a failing table operation', () => {
    const k = new FakeKernel();
    expect(restore(k, ['--test'], FILE)).toEqual({ status: 0, stdout: '', stderr: '' });
    // A kernel that refuses the daemon (e.g. no such interface).
    const d = deps(k);
    const c = capture();
    const status = restoreExtension(['--apply', 'rules'], {
      io: c.io,
      deps: {
        ...d,
        openClient: () => {
          const client = d.openClient();
          client.startDaemon = () => {
            throw new IpvsError('start-daemon', 19); // ENODEV
          };
          return client;
        },
      },
      readFile: () => FILE,
      prog: 'ipvsadm-restore',
    });
    expect(status).toBe(1);
    expect(c.out.stderr).toMatch(/^ipvsadm-restore: applied: 3 of 4\n/);
    expect(c.out.stderr).toMatch(/\nipvsadm-restore: failed: --start-daemon master --mcast-interface eth0 --syncid 51: .+\nipvsadm-restore: not applied: 1 of 4\n/);
  });
});

describe('ipvsadm-save --all', () => {
  it('writes the table, the timeouts and each running daemon; without --all the output is unchanged', () => {
    const k = new FakeKernel();
    ipvsadm(k, ['-R'], TABLE);
    ipvsadm(k, ['--set', '3600', '0', '0']);
    ipvsadm(k, ['--start-daemon', 'backup', '--mcast-interface', 'eth1', '--syncid', '3', '--mcast-group', '239.1.2.3', '--mcast-port', '8850']);
    const plain = capture();
    expect(saveWith('ipvsadm-save', ['-n'], plain.io, deps(k))).toBe(0);
    expect(plain.out.stdout).toBe(ipvsadm(k, ['-S', '-n']).stdout);
    const all = capture();
    expect(saveWith('ipvsadm-save', ['--all', '-n'], all.io, deps(k))).toBe(0);
    expect(all.out).toEqual({
      stdout:
        `${plain.out.stdout}--set 3600 120 300\n` +
        '--start-daemon backup --mcast-interface eth1 --syncid 3 --mcast-group 239.1.2.3 --mcast-port 8850\n',
      stderr: '',
    });
    // What it saved applies back as nothing to do.
    expect(restore(k, ['--apply', '--dry-run'], all.out.stdout)).toEqual({ status: 0, stdout: '', stderr: '' });
    const bad = capture();
    expect(saveWith('ipvsadm-save', ['--al'], bad.io, deps(k))).toBe(1);
  });
});
