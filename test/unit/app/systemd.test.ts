// ipvsadm-ts-systemd's start/stop logic with a fake ipvsadm (no kernel).

import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureIo, type Io } from '../../../src/ops/io.js';
import { configFrom, parseEnvironmentFile, DEFAULTS, syncVars } from '../../../src/app/systemd/config.js';
import {
  HELPER,
  reload,
  restart,
  save,
  start,
  status,
  stop,
  SAVE_HEADER,
  type ServiceDeps,
} from '../../../src/app/systemd/service.js';
import { writeFileAtomic } from '../../../src/entry/ipvsadm-ts-systemd.js';
import {
  COMPLETION_NAMES,
  defaultInstallOptions,
  install,
  uninstall,
  ZSH_COMPLETION,
} from '../../../src/app/systemd/install.js';
import { runWith } from '../../../src/app/ipvsadm.js';
import { restoreWith } from '../../../src/app/restore.js';
import { noNames } from '../../../src/common/names.js';
import { CMD } from '../../../src/ipvs/constants.js';
import { parseGenl } from '../../../src/netlink/genl.js';
import { parseMessages } from '../../../src/netlink/message.js';
import { FAKE_FAMILY, FakeKernel } from '../helpers/fake-kernel.js';
import { deps as kernelDeps } from './run.js';

/** A fake ipvsadm: -C clears, -R with "bad" in the line fails, -S prints the table. */
function fake(files: Record<string, string> = {}, opts: { saveFails?: boolean } = {}) {
  const table: string[] = [];
  const calls: string[] = [];
  /** Running sync daemons: kind -> [interface, syncid]. */
  const daemons = new Map<string, [string, string]>();
  let out = '';
  let err = '';
  const deps: ServiceDeps = {
    run(args: readonly string[], io: Io): number {
      calls.push(args.join(' '));
      if (args[0] === '-C') {
        table.length = 0;
        return 0;
      }
      if (args[0] === '-R') {
        const line = io.readStdin().trim();
        if (line.includes('bad')) {
          io.err('Illegal weight specified\n');
          return 255;
        }
        table.push(line);
        return 0;
      }
      if (args[0] === '-S') {
        if (opts.saveFails) {
          io.err("Can't initialize ipvs: Protocol not available\n");
          return 2;
        }
        io.out(table.map((l) => `${l}\n`).join(''));
        return 0;
      }
      if (args[0] === '-L' && args[1] === '--daemon') {
        for (const kind of ['master', 'backup']) {
          const d = daemons.get(kind);
          if (d) io.out(`${kind} sync daemon (mcast=${d[0]}, syncid=${d[1]}, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)\n`);
        }
        return 0;
      }
      if (args[0] === '--start-daemon') {
        const kind = args[1]!;
        if (daemons.has(kind)) {
          io.err('File exists\n');
          return 2;
        }
        if (args[3] === 'nosuchdev') {
          io.err('No such device\n');
          return 2;
        }
        daemons.set(kind, [args[3]!, String(Number(args[5]))]);
        return 0;
      }
      if (args[0] === '--stop-daemon') {
        return daemons.delete(args[1]!) ? 0 : (io.err('No daemon is running\n'), 2);
      }
      if (args[0] === '-L') {
        io.out(`list ${args.join(' ')}\n`);
        return 0;
      }
      return 1;
    },
    restore(args: readonly string[]): number {
      calls.push(`restore ${args.join(' ')}`);
      return 0;
    },
    names: noNames,
    readFile: (p) => files[p],
    writeFileAtomic: (p, d) => {
      files[p] = d;
    },
    out: (t) => (out += t),
    err: (t) => (err += t),
    unloadModules: () => undefined,
    env: {},
  };
  return { deps, table, calls, daemons, files, out: () => out, err: () => err };
}

const cfg = (over: Record<string, string> = {}) => configFrom({ IPVS_RULES_FILE: '/r', ...over });

describe('config', () => {
  it('parses environment files like systemd/sh', () => {
    expect(
      parseEnvironmentFile('# c\nIPVS_SAVE_ON_STOP="yes"\nexport IPVS_RULES_FILE=/x/y # note\n; c\nA=\'b c\'\n'),
    ).toEqual({ IPVS_SAVE_ON_STOP: 'yes', IPVS_RULES_FILE: '/x/y', A: 'b c' });
  });
  it('has Debian-friendly defaults and reads yes/no', () => {
    expect(configFrom({})).toEqual(DEFAULTS);
    expect(DEFAULTS.rulesFile).toBe('/etc/ipvsadm.rules');
    const c = configFrom({ IPVS_SAVE_ON_STOP: 'yes', IPVS_STATUS_NUMERIC: 'no', IPVS_MODULES_UNLOAD: 'YES' });
    expect([c.saveOnStop, c.statusNumeric, c.modulesUnload, c.saveOnRestart]).toEqual([true, false, true, false]);
  });
});

describe('start', () => {
  it('a missing rules file gives an empty table and success', () => {
    const f = fake();
    f.table.push('-A -t 1.2.3.4:80 -s rr');
    expect(start(cfg(), f.deps)).toBe(0);
    expect(f.table).toEqual([]);
    expect(f.err()).toContain('/r does not exist');
  });
  it('flushes, skips comments and blank lines, runs each line as -R input', () => {
    const f = fake({ '/r': '# saved\n-A -t 1.2.3.4:80 -s rr\n\n  \nipvsadm\n-a -t 1.2.3.4:80 -r 5.6.7.8:80 -m -w 1\n' });
    f.table.push('old');
    expect(start(cfg(), f.deps)).toBe(0);
    expect(f.table).toEqual(['-A -t 1.2.3.4:80 -s rr', '-a -t 1.2.3.4:80 -r 5.6.7.8:80 -m -w 1']);
    expect(f.calls[0]).toBe('-C');
    expect(f.err()).toBe('');
  });
  it("a line the kernel refuses stops the start naming file:line after ipvsadm's message", () => {
    // The fake's -R refuses any line holding "bad", which the check cannot know.
    const f = fake({ '/r': '# x\n-A -t 1.2.3.4:80 -s rr\n--start-daemon master --mcast-interface bad0\n-A -t 9.9.9.9:80\n' });
    expect(start(cfg(), f.deps)).toBe(1);
    expect(f.err()).toMatch(/^Illegal weight specified\nipvsadm-ts-systemd: \/r:3: --start-daemon master --mcast-interface bad0\n/);
    expect(f.table).toEqual(['-A -t 1.2.3.4:80 -s rr']);
  });
});

/**
 * The service wired as the entry wires it, against the in-memory kernel:
 * ipvsadm is runWith, ipvsadm-restore is restoreWith (reading `files`).
 * Records every ipvsadm and ipvsadm-restore command line run.
 */
function wired(k: FakeKernel, files: Record<string, string>) {
  const calls: string[] = [];
  let out = '';
  let err = '';
  const deps: ServiceDeps = {
    run(args, io) {
      calls.push(args.join(' '));
      return runWith('ipvsadm', args, io, kernelDeps(k));
    },
    restore(args, io) {
      calls.push(`restore ${args.join(' ')}`);
      return restoreWith(args, {
        io,
        deps: kernelDeps(k),
        readFile: (p) => {
          const t = files[p];
          if (t === undefined) throw new Error('No such file or directory');
          return t;
        },
        prog: HELPER,
      });
    },
    names: noNames,
    readFile: (p) => files[p],
    writeFileAtomic: (p, d) => {
      files[p] = d;
    },
    out: (t) => (out += t),
    err: (t) => (err += t),
    unloadModules: () => undefined,
    env: {},
  };
  return { deps, calls, out: () => out, err: () => err };
}

/** `ipvsadm ARGS` on the in-memory kernel: [status, stdout, stderr]. */
function ipvsadmOn(k: FakeKernel, args: string[], stdin = ''): [number, string, string] {
  const c = captureIo({ stdin });
  const status = runWith('ipvsadm', args, c.io, kernelDeps(k));
  return [status, c.stdout(), c.stderr()];
}
const saved = (k: FakeKernel): string => ipvsadmOn(k, ['-Sn'])[1];

/** The generic netlink commands sent to IPVS so far. */
function ipvsCommands(k: FakeKernel): number[] {
  return k.sent.flatMap((d) => parseMessages(d).filter((m) => m.type === FAKE_FAMILY).map((m) => parseGenl(m.payload).cmd));
}

const LOADED = [
  '-A -t 10.0.0.1:80 -s rr',
  '-a -t 10.0.0.1:80 -r 192.168.1.10:80 -m -w 1',
  '-A -t 10.0.0.2:80 -s wlc',
  '-a -t 10.0.0.2:80 -r 192.168.1.20:80 -m -w 1',
  '-A -u 10.0.0.3:53 -s rr',
  '',
].join('\n');
const MODIFYING = new Set<number>([
  CMD.NEW_SERVICE, CMD.SET_SERVICE, CMD.DEL_SERVICE, CMD.NEW_DEST, CMD.SET_DEST, CMD.DEL_DEST, CMD.FLUSH, CMD.ZERO,
]);

describe('a bad rules file leaves the table as it was (the ipvsadm-restore --test check)', () => {
  const BAD_LINE = '-a -t 10.9.9.9:80 -r 10.2.2.2:80 -m -w 99999999999';
  const BAD = ['# hand-written', '-A -t 10.9.9.9:80 -s rr', BAD_LINE, '-A -t 10.9.9.9:80 -s rr', '-A -t 10.9.9.8:80 -s rr', ''].join('\n');

  function loaded(): FakeKernel {
    const k = new FakeKernel();
    expect(ipvsadmOn(k, ['-R'], LOADED)[0]).toBe(0);
    k.sent.length = 0;
    return k;
  }

  it('start: no -C, no change sent to the kernel; every problem as ipvsadm-restore --test prints it', () => {
    const k = loaded();
    const before = saved(k);
    const w = wired(k, { '/r': BAD });
    expect(start(cfg(), w.deps)).toBe(1);
    expect(w.calls).not.toContain('-C');
    expect(ipvsCommands(k).filter((c) => MODIFYING.has(c))).toEqual([]);
    expect(saved(k)).toBe(before);
    // The same lines `ipvsadm-restore --test /r` prints, then one summary line.
    const t = captureIo();
    const testStatus = restoreWith(['--test', '/r'], { io: t.io, deps: kernelDeps(k), readFile: () => BAD, prog: 'ipvsadm-restore' });
    expect(testStatus).toBe(1);
    expect(w.err()).toBe(`${t.stderr()}${HELPER}: /r: 2 problem(s); not restored: the IPVS table is left as it was\n`);
    // Line 3 carries ipvsadm's own message for that line (as `ipvsadm -R` prints it).
    const [, , message] = ipvsadmOn(new FakeKernel(), ['-R'], `${BAD_LINE}\n`);
    expect(message).not.toBe('');
    expect(w.err()).toContain(`/r:3: ${message}`);
    expect(w.err()).toContain('/r:4: Service already exists\n');
  });

  it('restart without IPVS_SAVE_ON_RESTART checks before stop clears anything', () => {
    const k = loaded();
    const before = saved(k);
    const w = wired(k, { '/r': BAD });
    expect(restart(cfg(), w.deps)).toBe(1);
    expect(w.calls).toEqual([]);
    expect(saved(k)).toBe(before);
    expect(w.err()).toContain('not restarted: the IPVS table is left as it was');
  });

  it('reload: nothing changes, status 1, the problems as file:line', () => {
    const k = loaded();
    const before = saved(k);
    const w = wired(k, { '/r': BAD });
    expect(reload(cfg(), w.deps)).toBe(1);
    expect(w.calls).toEqual(['restore --apply /r']);
    expect(ipvsCommands(k).filter((c) => MODIFYING.has(c))).toEqual([]);
    expect(saved(k)).toBe(before);
    expect(w.err()).toContain('/r:4: Service already exists\n');
    expect(w.err()).toContain(`${HELPER}: nothing applied\n`);
  });

  it('a good file still restores by flush and replay, as ipvsadm-restore would', () => {
    const good = '# kept\n-A -t 10.0.0.1:80 -s wrr\n-a -t 10.0.0.1:80 -r 192.168.1.11:80 -g -w 2\n';
    const k = loaded();
    const w = wired(k, { '/r': good });
    expect(start(cfg(), w.deps)).toBe(0);
    expect(w.calls[0]).toBe('-C');
    const ref = new FakeKernel();
    const c = captureIo({ stdin: good });
    expect(restoreWith([], { io: c.io, deps: kernelDeps(ref), readFile: () => good, prog: 'ipvsadm-restore' })).toBe(0);
    expect(saved(k)).toBe(saved(ref));
  });
});

describe('reload converges as ipvsadm-restore --apply does', () => {
  // 10.0.0.1:80 unchanged, 10.0.0.2:80 gets another server, 10.0.0.3:53 goes, 10.0.0.4:80 is new.
  const DESIRED = [
    '-A -t 10.0.0.1:80 -s rr',
    '-a -t 10.0.0.1:80 -r 192.168.1.10:80 -m -w 1',
    '-A -t 10.0.0.2:80 -s wlc',
    '-a -t 10.0.0.2:80 -r 192.168.1.20:80 -m -w 1',
    '-a -t 10.0.0.2:80 -r 192.168.1.21:80 -m -w 1',
    '-A -t 10.0.0.4:80 -s rr',
    '',
  ].join('\n');

  it('no flush; services the file does not change keep their kernel entries; the result is what start gives', () => {
    const k = new FakeKernel();
    expect(ipvsadmOn(k, ['-R'], LOADED)[0]).toBe(0);
    const kept = k.services.slice(0, 2);
    const traffic = { ...kept[0]!.stats, conns: 7n, inpkts: 70n };
    kept[0]!.stats = traffic;
    k.sent.length = 0;
    const w = wired(k, { '/r': DESIRED });
    expect(reload(cfg(), w.deps)).toBe(0);
    expect(w.err()).toBe('');
    expect(w.calls).toEqual(['restore --apply /r']);
    const cmds = ipvsCommands(k);
    expect(cmds).not.toContain(CMD.FLUSH);
    expect(cmds.filter((c) => c === CMD.DEL_SERVICE)).toHaveLength(1);
    expect(k.services[0]).toBe(kept[0]);
    expect(k.services[1]).toBe(kept[1]);
    expect(k.services[0]!.stats).toBe(traffic);
    // The same table a start (flush and replay) of the file leaves.
    const ref = new FakeKernel();
    expect(start(cfg(), wired(ref, { '/r': DESIRED }).deps)).toBe(0);
    expect(saved(k)).toBe(saved(ref));
    // Reloading again changes nothing.
    k.sent.length = 0;
    expect(reload(cfg(), w.deps)).toBe(0);
    expect(ipvsCommands(k).filter((c) => MODIFYING.has(c))).toEqual([]);
  });

  it('a missing rules file reloads to an empty table, as start would leave it', () => {
    const k = new FakeKernel();
    expect(ipvsadmOn(k, ['-R'], LOADED)[0]).toBe(0);
    const w = wired(k, {});
    expect(reload(cfg(), w.deps)).toBe(0);
    expect(w.calls).toEqual(['restore --apply -']);
    expect(saved(k)).toBe('');
    expect(ipvsCommands(k)).not.toContain(CMD.FLUSH);
    expect(w.err()).toContain('/r does not exist; reloading to an empty IPVS table');
  });
});

describe('stop, save, restart', () => {
  it('stop without save-on-stop only clears', () => {
    const f = fake({ '/r': 'keep\n' });
    f.table.push('-A -u 1.1.1.1:53 -s rr');
    expect(stop(cfg(), f.deps)).toBe(0);
    expect(f.files['/r']).toBe('keep\n');
    expect(f.table).toEqual([]);
  });
  it('stop with save-on-stop saves -S -n then clears', () => {
    const f = fake();
    f.table.push('-A -u 1.1.1.1:53 -s rr');
    expect(stop(cfg({ IPVS_SAVE_ON_STOP: 'yes' }), f.deps)).toBe(0);
    expect(f.calls).toEqual(['-S -n', '-C']);
    expect(f.files['/r']).toBe(`${SAVE_HEADER}-A -u 1.1.1.1:53 -s rr\n`);
    expect(f.table).toEqual([]);
  });
  it('a failed save keeps the old rules file and the table', () => {
    const f = fake({ '/r': 'old rules\n' }, { saveFails: true });
    f.table.push('x');
    expect(stop(cfg({ IPVS_SAVE_ON_STOP: 'yes' }), f.deps)).toBe(1);
    expect(f.files['/r']).toBe('old rules\n');
    expect(f.table).toEqual(['x']);
    expect(f.err()).toContain('left unchanged');
  });
  it('restart saves per IPVS_SAVE_ON_RESTART, then restores; reload is not a restart', () => {
    const f = fake({ '/r': '-A -t 1.1.1.1:80\n' });
    f.table.push('-A -t 2.2.2.2:80');
    expect(restart(cfg({ IPVS_SAVE_ON_STOP: 'yes' }), f.deps)).toBe(0);
    expect(f.table).toEqual(['-A -t 1.1.1.1:80']);
    f.table.push('-A -t 3.3.3.3:80');
    expect(restart(cfg({ IPVS_SAVE_ON_RESTART: 'yes' }), f.deps)).toBe(0);
    expect(f.table).toEqual(['-A -t 1.1.1.1:80', '-A -t 3.3.3.3:80']);
    f.calls.length = 0;
    expect(reload(cfg(), f.deps)).toBe(0);
    expect(f.calls).toEqual(['restore --apply /r']);
  });
  it('IPVS_MODULES_UNLOAD unloads after clearing; a failure is only a warning', () => {
    const f = fake();
    let unloaded = 0;
    f.deps.unloadModules = () => {
      unloaded++;
      return 'Module ip_vs is in use';
    };
    expect(stop(cfg(), f.deps)).toBe(0);
    expect(unloaded).toBe(0);
    expect(stop(cfg({ IPVS_MODULES_UNLOAD: 'yes' }), f.deps)).toBe(0);
    expect(unloaded).toBe(1);
    expect(f.err()).toContain('warning: could not unload the IPVS modules: Module ip_vs is in use');
  });
  it('status lists with -n per IPVS_STATUS_NUMERIC', () => {
    const f = fake();
    expect(status(cfg(), f.deps)).toBe(0);
    expect(status(cfg({ IPVS_STATUS_NUMERIC: 'no' }), f.deps)).toBe(0);
    expect(f.out()).toBe('list -L -n\nlist -L\n');
  });
  it('save writes through a temp file and a rename; a failed write leaves the old file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvsadm-svc-'));
    const p = join(dir, 'rules');
    writeFileSync(p, 'old\n', { mode: 0o640 });
    writeFileAtomic(p, 'new\n');
    expect(readFileSync(p, 'utf8')).toBe('new\n');
    expect(readdirSync(dir)).toEqual(['rules']);
    const f = fake({}, {});
    f.deps.writeFileAtomic = (path, data) => writeFileAtomic(join(dir, 'no', 'such', 'dir', path), data);
    f.table.push('t');
    expect(save(cfg(), f.deps)).toBe(1);
    expect(readFileSync(p, 'utf8')).toBe('new\n');
  });
});

describe('sync daemon (DAEMON, IFACE, SYNCID as in /etc/default/ipvsadm)', () => {
  it("reads Debian's keys with its defaults; anything but master|backup|both is none", () => {
    expect(configFrom({}).sync).toEqual({ mode: 'none', iface: 'eth0', syncId: '0' });
    expect(configFrom({ DAEMON: 'Backup', IFACE: 'eth1', SYNCID: '5' }).sync).toEqual({ mode: 'backup', iface: 'eth1', syncId: '5' });
    expect(configFrom({ DAEMON: 'yes' }).sync.mode).toBe('none');
    // Debian's shipped file, as is (a tab after IFACE's value, AUTO unused)
    const debian = parseEnvironmentFile('# ipvsadm\nAUTO="false"\nDAEMON="master"\nIFACE="eth0"\t\n# SYNCID="0"\n');
    expect(syncVars(debian)).toEqual({ DAEMON: 'master', IFACE: 'eth0' });
    // our config's keys win over Debian's file
    expect(configFrom({ ...syncVars({ DAEMON: 'master', IFACE: 'eth0' }), DAEMON: 'both' }).sync.mode).toBe('both');
  });
  it('start restores the rules, then starts the daemon; stop stops it before clearing', () => {
    const f = fake({ '/r': '-A -t 1.1.1.1:80 -s rr\n' });
    const c = cfg({ DAEMON: 'master', IFACE: 'eth1', SYNCID: '7' });
    expect(start(c, f.deps)).toBe(0);
    expect(f.calls).toEqual(['-C', '-R', '-L --daemon', '--start-daemon master --mcast-interface eth1 --syncid 7']);
    expect([...f.daemons]).toEqual([['master', ['eth1', '7']]]);
    f.calls.length = 0;
    expect(stop(c, f.deps)).toBe(0);
    expect(f.calls).toEqual(['-L --daemon', '--stop-daemon master', '-C']);
    expect(f.daemons.size).toBe(0);
    expect(f.err()).toBe('');
  });
  it('both starts master and backup; none touches no daemon (keepalived may own them)', () => {
    const f = fake();
    expect(start(cfg({ DAEMON: 'both' }), f.deps)).toBe(0);
    expect([...f.daemons.keys()]).toEqual(['master', 'backup']);
    f.calls.length = 0;
    expect(start(cfg(), f.deps)).toBe(0);
    expect(stop(cfg({ DAEMON: 'none' }), f.deps)).toBe(0);
    expect(f.calls.filter((x) => x.includes('daemon'))).toEqual([]);
    expect(f.daemons.size).toBe(2);
  });
  it('a running daemon with the same settings is left running, one with other settings restarted', () => {
    const f = fake();
    f.daemons.set('backup', ['eth0', '0']);
    expect(start(cfg({ DAEMON: 'backup' }), f.deps)).toBe(0);
    expect(f.calls.filter((x) => x.includes('daemon'))).toEqual(['-L --daemon']);
    f.calls.length = 0;
    expect(start(cfg({ DAEMON: 'backup', SYNCID: '9' }), f.deps)).toBe(0);
    expect(f.calls.filter((x) => x.includes('daemon'))).toEqual([
      '-L --daemon',
      '--stop-daemon backup',
      '--start-daemon backup --mcast-interface eth0 --syncid 9',
    ]);
    expect(f.daemons.get('backup')).toEqual(['eth0', '9']);
  });
  it("restart and reload keep a matching daemon running, reload starts a missing one; a daemon that cannot start fails the start with ipvsadm's message", () => {
    const f = fake({ '/r': '' });
    const c = cfg({ DAEMON: 'master' });
    expect(start(c, f.deps)).toBe(0);
    f.calls.length = 0;
    expect(restart(c, f.deps)).toBe(0);
    expect(f.calls.filter((x) => x.includes('daemon'))).toEqual(['-L --daemon']);
    f.calls.length = 0;
    expect(reload(c, f.deps)).toBe(0);
    expect(f.calls).toEqual(['restore --apply /r', '-L --daemon']);
    expect(reload(cfg({ DAEMON: 'backup' }), f.deps)).toBe(0);
    expect([...f.daemons.keys()]).toEqual(['master', 'backup']);
    const g = fake();
    expect(start(cfg({ DAEMON: 'master', IFACE: 'nosuchdev' }), g.deps)).toBe(1);
    expect(g.err()).toContain(
      '\nNo such device\nipvsadm-ts-systemd: could not start the master sync daemon (DAEMON=master IFACE=nosuchdev SYNCID=0)\n',
    );
  });
});

describe('install', () => {
  it('writes the unit with absolute paths, keeps an existing config, uninstalls', () => {
    const root = mkdtempSync(join(tmpdir(), 'ipvsadm-inst-'));
    const o = defaultInstallOptions({ root, style: 'rhel', node: '/usr/bin/node', helper: '/opt/x/bin/h.js' });
    install(o);
    const unit = readFileSync(join(root, 'etc/systemd/system/ipvsadm.service'), 'utf8');
    expect(unit).toContain('ExecStart=/usr/bin/node /opt/x/bin/h.js start\n');
    expect(unit).toContain('ExecStop=/usr/bin/node /opt/x/bin/h.js stop\n');
    expect(unit).toContain('EnvironmentFile=-/etc/sysconfig/ipvsadm-config\n');
    expect(unit).toContain('\nBefore=keepalived.service\n');
    expect(unit).not.toContain('@');
    const cfgPath = join(root, 'etc/sysconfig/ipvsadm-config');
    expect(readFileSync(cfgPath, 'utf8')).toContain('IPVS_RULES_FILE="/etc/sysconfig/ipvsadm"');
    writeFileSync(cfgPath, 'IPVS_SAVE_ON_STOP=yes\n');
    const report = install(o);
    expect(report.join('\n')).toContain('kept');
    expect(readFileSync(cfgPath, 'utf8')).toBe('IPVS_SAVE_ON_STOP=yes\n');
    expect(unit).toContain('ExecReload=/usr/bin/node /opt/x/bin/h.js reload\n');
    // bash completion under every name it completes, and the zsh completion in $fpath
    const bashDir = join(root, 'usr/local/share/bash-completion/completions');
    const zshFile = join(root, 'usr/local/share/zsh/site-functions', ZSH_COMPLETION);
    expect(readdirSync(bashDir).sort()).toEqual([...COMPLETION_NAMES].sort());
    expect(readdirSync(bashDir)).toContain('ipvsadm-ts-systemd');
    expect(readFileSync(zshFile, 'utf8')).toBe(readFileSync(join(import.meta.dirname, '../../../completion/_ipvsadm'), 'utf8'));
    uninstall(o, false);
    expect(readdirSync(join(root, 'etc/systemd/system'))).toEqual([]);
    expect(readdirSync(bashDir)).toEqual([]);
    expect(existsSync(zshFile)).toBe(false);
    expect(readFileSync(cfgPath, 'utf8')).toBe('IPVS_SAVE_ON_STOP=yes\n');
  });
});

describe('saving on stop follows the distribution the unit is installed on', () => {
  // RHEL's ipvsadm.service saves at every stop (ExecStop= ipvsadm-save -n >
  // /etc/sysconfig/ipvsadm); Debian's /etc/init.d/ipvsadm never saves at stop.
  it('RHEL style writes IPVS_SAVE_ON_STOP="yes", Debian style "no"; the helper reads what was written', () => {
    for (const [style, want] of [['rhel', true], ['debian', false]] as const) {
      const root = mkdtempSync(join(tmpdir(), 'ipvsadm-inst-'));
      const o = defaultInstallOptions({ root, style, node: '/usr/bin/node', helper: '/opt/x/bin/h.js' });
      install(o);
      const text = readFileSync(join(root, o.config), 'utf8');
      expect(text).not.toContain('@');
      expect(configFrom(parseEnvironmentFile(text)).saveOnStop).toBe(want);
    }
  });
  it('the style comes from the root: /etc/redhat-release is RHEL, /etc/debian_version Debian', () => {
    const rhel = mkdtempSync(join(tmpdir(), 'ipvsadm-inst-'));
    mkdirSync(join(rhel, 'etc'));
    writeFileSync(join(rhel, 'etc/redhat-release'), 'Rocky Linux release 9.4\n');
    expect(defaultInstallOptions({ root: rhel, node: '/n', helper: '/h' }).style).toBe('rhel');
    const deb = mkdtempSync(join(tmpdir(), 'ipvsadm-inst-'));
    mkdirSync(join(deb, 'etc'));
    writeFileSync(join(deb, 'etc/debian_version'), '12.7\n');
    expect(defaultInstallOptions({ root: deb, node: '/n', helper: '/h' }).style).toBe('debian');
  });
});
