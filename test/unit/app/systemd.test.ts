// ipvsadm-ts-systemd's start/stop logic with a fake ipvsadm (no kernel).

import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../../src/ops/io.js';
import { configFrom, parseEnvironmentFile, DEFAULTS, syncVars } from '../../../src/app/systemd/config.js';
import { restart, save, start, status, stop, SAVE_HEADER, type ServiceDeps } from '../../../src/app/systemd/service.js';
import { writeFileAtomic } from '../../../src/entry/ipvsadm-ts-systemd.js';
import { defaultInstallOptions, install, uninstall } from '../../../src/app/systemd/install.js';

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
  it('a broken line fails the start naming file:line after ipvsadm\'s message', () => {
    const f = fake({ '/r': '# x\n-A -t 1.2.3.4:80 -s rr\n-a -t 1.2.3.4:80 -r 5.6.7.8 -w bad\n-A -t 9.9.9.9:80\n' });
    expect(start(cfg(), f.deps)).toBe(1);
    expect(f.err()).toMatch(/^Illegal weight specified\nipvsadm-ts-systemd: \/r:3: -a -t 1\.2\.3\.4:80 -r 5\.6\.7\.8 -w bad\n/);
    expect(f.table).toEqual(['-A -t 1.2.3.4:80 -s rr']);
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
  it('restart saves per IPVS_SAVE_ON_RESTART, then restores', () => {
    const f = fake({ '/r': '-A -t 1.1.1.1:80\n' });
    f.table.push('-A -t 2.2.2.2:80');
    expect(restart(cfg({ IPVS_SAVE_ON_STOP: 'yes' }), f.deps)).toBe(0);
    expect(f.table).toEqual(['-A -t 1.1.1.1:80']);
    f.table.push('-A -t 3.3.3.3:80');
    expect(restart(cfg({ IPVS_SAVE_ON_RESTART: 'yes' }), f.deps)).toBe(0);
    expect(f.table).toEqual(['-A -t 1.1.1.1:80', '-A -t 3.3.3.3:80']);
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
  it("reload (restart) keeps a matching daemon running; a daemon that cannot start fails the start with ipvsadm's message", () => {
    const f = fake({ '/r': '' });
    const c = cfg({ DAEMON: 'master' });
    expect(start(c, f.deps)).toBe(0);
    f.calls.length = 0;
    expect(restart(c, f.deps)).toBe(0);
    expect(f.calls.filter((x) => x.includes('daemon'))).toEqual(['-L --daemon']);
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
    uninstall(o, false);
    expect(readdirSync(join(root, 'etc/systemd/system'))).toEqual([]);
    expect(readFileSync(cfgPath, 'utf8')).toBe('IPVS_SAVE_ON_STOP=yes\n');
  });
});
