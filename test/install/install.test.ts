// "Install it like a system tool": a global install from an `npm pack`
// tarball into a temporary prefix (npm's default settings: install scripts
// not approved, so nothing is built at install time), then the installed
// commands, man pages, the systemd unit the installed helper writes
// (checked by `systemd-analyze verify`), the bash and zsh completions and
// the JSON Schema of --json.
// Needs systemd-analyze, man, nroff and zsh: installed with apt-get when missing
// (as root); the test fails, never skips, when they cannot be provided.

import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseUnit } from './unit-file.js';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  name: string;
  bin: Record<string, string>;
  man: string[];
  dependencies: Record<string, string>;
};

const NEEDED: Array<{ path: string; pkg: string }> = [
  { path: '/usr/bin/systemd-analyze', pkg: 'systemd' },
  { path: '/usr/bin/man', pkg: 'man-db' },
  { path: '/usr/bin/nroff', pkg: 'groff-base' },
  { path: '/usr/sbin/ipvsadm', pkg: 'ipvsadm' },
  { path: '/usr/bin/zsh', pkg: 'zsh' },
];

function ensureTools(): void {
  const missing = NEEDED.filter((n) => !existsSync(n.path)).map((n) => n.pkg);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`missing ${missing.join(' ')}; install them with: apt-get install -y ${missing.join(' ')}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const argv of [['update'], ['install', '-y', '--no-install-recommends', ...missing]]) {
    const r = spawnSync('apt-get', argv, { env, encoding: 'utf8' });
    if (r.status !== 0) {
      throw new Error(`apt-get ${argv.join(' ')} failed:\n${(r.stdout ?? '') + (r.stderr ?? '')}`.slice(-3000));
    }
  }
  for (const n of NEEDED) if (!existsSync(n.path)) throw new Error(`${n.path} still missing after apt-get`);
}

/** The environment without npm's run-script variables (npm_config_prefix would redirect -g). */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return { ...env, ...extra };
}

function sh(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}) {
  return spawnSync(cmd, args, { encoding: 'utf8', cwd: opts.cwd ?? '/', env: opts.env ?? cleanEnv(), input: opts.input });
}

function must(r: SpawnSyncReturns<string>, what: string): SpawnSyncReturns<string> {
  if (r.error) throw new Error(`${what}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${what} failed (status ${String(r.status)}):\n${r.stdout}\n${r.stderr}`.slice(-4000));
  return r;
}

describe('global install from an npm pack tarball', () => {
  let tmp: string;
  let prefix: string;
  let tarball: string;
  let installLog: string;
  let files: string[];
  const bin = (name: string): string => join(prefix, 'bin', name);
  const pkgDir = (): string => join(prefix, 'lib', 'node_modules', pkg.name);
  const userPath = (): string => `${join(prefix, 'bin')}:/usr/local/bin:/usr/bin:/bin`;

  beforeAll(() => {
    ensureTools();
    tmp = mkdtempSync(join(tmpdir(), 'ipvsadm-install-'));
    prefix = join(tmp, 'prefix');
    const packed = must(sh('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: repoRoot }), 'npm pack');
    const info = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as Array<{
      filename: string;
      files: Array<{ path: string }>;
    }>;
    tarball = join(tmp, info[0]!.filename);
    files = info[0]!.files.map((f) => f.path);
    const inst = must(
      sh('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], {
        cwd: tmp,
      }),
      'npm install -g',
    );
    installLog = inst.stdout + inst.stderr;
  }, 300_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('the tarball ships the built code, man pages, unit template and completion, no sources or tests', () => {
    for (const f of [
      'dist/src/entry/ipvsadm.js',
      'dist/src/entry/ipvsadm-save.js',
      'dist/src/entry/ipvsadm-restore.js',
      'dist/src/entry/ipvsadm-ts-systemd.js',
      // what bin/*.js run (build/bundle.mjs), and what makes bin/*.js CommonJS
      ...Object.keys(pkg.bin).flatMap((n) => ['.cjs', '.bundle.js', '.bundle.cache'].map((e) => `dist/bundle/${n}${e}`)),
      'bin/package.json',
      'systemd/ipvsadm.service.in',
      'systemd/ipvsadm-config.in',
      'completion/ipvsadm.bash',
      'completion/_ipvsadm',
      'docs/ipvsadm-json.schema.json',
      ...Object.values(pkg.bin),
      ...pkg.man,
    ]) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
  });

  it('installs with no dev dependency and no install script run (npm 11 default)', () => {
    const deps = readdirSync(join(pkgDir(), 'node_modules')).filter((d) => !d.startsWith('.'));
    // koffi's prebuilt module comes in its platform package, an optional dependency of koffi
    const scoped = deps.includes('@koromix') ? readdirSync(join(pkgDir(), 'node_modules', '@koromix')).map((d) => `@koromix/${d}`) : [];
    expect([...deps.filter((d) => d !== '@koromix'), ...scoped].sort()).toEqual(
      [...Object.keys(pkg.dependencies), `@koromix/koffi-linux-${process.arch}`].sort(),
    );
    expect(existsSync(join(pkgDir(), 'node_modules', 'typescript'))).toBe(false);
    // (npm may only warn that koffi's install script was not approved.)
    expect(installLog).not.toMatch(/ERR!/);
  });

  it('puts the four commands in PREFIX/bin', () => {
    for (const name of Object.keys(pkg.bin)) expect(existsSync(bin(name)), name).toBe(true);
  });

  it("`ipvsadm -Ln` without kernel IPVS fails exactly like Debian's (any directory)", () => {
    const debian = sh('/usr/sbin/ipvsadm', ['-Ln'], { cwd: tmpdir() });
    const ours = sh(bin('ipvsadm'), ['-Ln'], { cwd: tmpdir(), env: cleanEnv({ PATH: userPath() }) });
    expect(ours.stderr).toContain("Can't initialize ipvs: Protocol not available\n");
    expect({ status: ours.status, stdout: ours.stdout, stderr: ours.stderr }).toEqual({
      status: debian.status,
      stdout: debian.stdout,
      stderr: debian.stderr,
    });
    expect(ours.status).toBe(2);
  });

  it('the installed commands run with an empty environment (no PATH: cron, keepalived, systemd)', () => {
    const debian = sh('env', ['-i', '/usr/sbin/ipvsadm', '-h'], { cwd: tmpdir(), env: {} });
    const ours = sh('env', ['-i', bin('ipvsadm'), '-h'], { cwd: tmpdir(), env: {} });
    expect(ours.stderr).not.toMatch(/^env: |cannot start node/m);
    expect({ status: ours.status, stdout: ours.stdout, stderr: ours.stderr.replaceAll(bin('ipvsadm'), '/usr/sbin/ipvsadm') }).toEqual({
      status: debian.status,
      stdout: debian.stdout,
      stderr: debian.stderr,
    });
    const version = sh('env', ['-i', bin('ipvsadm-restore'), '--version'], { env: {} });
    expect(version).toMatchObject({ status: 0, stderr: '' });
    expect(version.stdout).toMatch(/^ipvsadm-restore \(ipvsadm-ts /);
  });

  it('ipvsadm-save and ipvsadm-restore run from PATH', () => {
    const env = cleanEnv({ PATH: userPath() });
    const save = sh('ipvsadm-save', ['-x'], { env });
    const debSave = sh('/usr/sbin/ipvsadm-save', ['-x']);
    expect([save.status, save.stderr]).toEqual([debSave.status, debSave.stderr]);
    const restore = sh('ipvsadm-restore', [], { env, input: '' });
    expect(restore.stderr).toContain("Can't initialize ipvs");
  });

  it('man pages are linked under PREFIX/share/man and render', () => {
    for (const page of pkg.man) {
      const name = page.replace(/^man\//, '');
      const installed = join(prefix, 'share', 'man', 'man8', name);
      expect(existsSync(installed), installed).toBe(true);
      const r = must(sh('man', ['--warnings', '-l', installed], { env: cleanEnv({ MANWIDTH: '80', LANG: 'C' }) }), `man -l ${name}`);
      expect(r.stdout).toMatch(/NAME\n\s+ipvsadm/);
      // groff's warnings (bad macros, unknown escapes, lines it cannot break) go to stderr
      expect(r.stderr, `man --warnings -l ${name}`).toBe('');
    }
    // the extensions are documented where operators look
    const render = (name: string): string =>
      must(sh('man', ['-l', join(prefix, 'share', 'man', 'man8', name)], { env: cleanEnv({ MANWIDTH: '200', LANG: 'C' }) }), name).stdout;
    expect(render('ipvsadm.8')).toMatch(/^EXTENSIONS$[\s\S]*--json[\s\S]*-R --test/m);
    expect(render('ipvsadm-restore.8')).toMatch(/ipvsadm-restore --apply \[--dry-run\] \[--drain\[=seconds\]\] \[-v\] \[file\][\s\S]*--drain[\s\S]*--verbose[\s\S]*^EXIT STATUS$/m);
    // `man ipvsadm` finds this page first when PREFIX/bin comes first in PATH
    // (man-db derives PREFIX/share/man from it), ahead of Debian's page.
    const envNoManpath = cleanEnv({ PATH: `${userPath()}:/usr/sbin:/sbin` });
    delete envNoManpath['MANPATH'];
    const w = must(sh('man', ['-w', 'ipvsadm'], { env: envNoManpath }), 'man -w');
    expect(realpathSync(w.stdout.trim())).toBe(realpathSync(join(prefix, 'share', 'man', 'man8', 'ipvsadm.8')));
    const page = sh('man', ['-l', join(prefix, 'share/man/man8/ipvsadm.8')], { env: cleanEnv({ MANWIDTH: '80' }) });
    expect(page.stdout).toContain('2147483647');
  });

  it('the installed helper writes a unit that systemd-analyze verify accepts; uninstall removes it', () => {
    const root = join(tmp, 'root');
    const env = cleanEnv({ PATH: userPath() });
    must(sh('ipvsadm-ts-systemd', ['install', '--root', root, '--no-reload'], { env }), 'ipvsadm-ts-systemd install');
    const unitPath = join(root, 'etc/systemd/system/ipvsadm.service');
    const unit = parseUnit(readFileSync(unitPath, 'utf8'));
    expect(unit.execStart[0]).toEqual([process.execPath, join(pkgDir(), 'bin', 'ipvsadm-ts-systemd.js'), 'start']);
    expect(unit.execStop[0]?.[2]).toBe('stop');
    // Documentation=man:... entries are checked against the installed pages.
    const verify = sh('systemd-analyze', ['verify', unitPath], {
      env: cleanEnv({ MANPATH: `${join(prefix, 'share', 'man')}:/usr/share/man`, SYSTEMD_LOG_LEVEL: 'warning' }),
    });
    const complaints = (verify.stdout + verify.stderr)
      .split('\n')
      .filter((l) => l.includes('ipvsadm'))
      .join('\n');
    expect({ status: verify.status, complaints }).toEqual({ status: 0, complaints: '' });
    expect(readFileSync(join(root, 'etc/default/ipvsadm-config'), 'utf8')).toContain(
      'IPVS_RULES_FILE="/etc/ipvsadm.rules"',
    );
    for (const n of ['ipvsadm', 'ipvsadm-save', 'ipvsadm-restore', 'ipvsadm-ts-systemd']) {
      expect(existsSync(join(root, 'usr/local/share/bash-completion/completions', n))).toBe(true);
    }
    expect(readFileSync(join(root, 'usr/local/share/zsh/site-functions/_ipvsadm'), 'utf8')).toBe(
      readFileSync(join(pkgDir(), 'completion', '_ipvsadm'), 'utf8'),
    );
    expect(unit.execReload[0]?.[2]).toBe('reload');
    must(sh('ipvsadm-ts-systemd', ['uninstall', '--root', root, '--no-reload'], { env }), 'uninstall');
    expect(existsSync(unitPath)).toBe(false);
    expect(existsSync(join(root, 'usr/local/share/zsh/site-functions/_ipvsadm'))).toBe(false);
    expect(existsSync(join(root, 'etc/default/ipvsadm-config'))).toBe(true);
  });

  it('systemd-analyze verify rejects a broken unit (the check has teeth)', () => {
    const bad = join(tmp, 'bad');
    mkdirSync(bad, { recursive: true });
    const p = join(bad, 'ipvsadm.service');
    writeFileSync(p, '[Service]\nType=oneshot\nExecStart=relative/path start\n');
    const verify = sh('systemd-analyze', ['verify', p]);
    expect(verify.status).not.toBe(0);
  });

  it('bash completion: commands, schedulers, defined services and their real servers', () => {
    const fakeBin = join(tmp, 'fakebin');
    mkdirSync(fakeBin, { recursive: true });
    writeFileSync(
      join(fakeBin, 'ipvsadm'),
      '#!/bin/sh\n[ "$1 $2" = "-Sn " ] || [ "$1" = "-Sn" ] || exit 1\n' +
        "printf '%s\\n' '-A -t 10.0.0.1:80 -s rr' '-a -t 10.0.0.1:80 -r 192.168.1.10:80 -m -w 1' " +
        "'-A -u 10.0.0.2:53 -s wrr' '-a -u 10.0.0.2:53 -r 192.168.1.20:53 -g -w 1' '-A -f 7 -s sh'\n",
      { mode: 0o755 },
    );
    const completion = join(pkgDir(), 'completion', 'ipvsadm.bash');
    const complete = (line: string): string[] => {
      const script =
        `source ${JSON.stringify(completion)}\n` +
        `COMP_LINE=${JSON.stringify(line)}; COMP_POINT=\${#COMP_LINE}\n` +
        `read -ra COMP_WORDS <<<"$COMP_LINE"; [[ $COMP_LINE == *' ' ]] && COMP_WORDS+=('')\n` +
        `COMP_CWORD=$((\${#COMP_WORDS[@]} - 1))\n` +
        `_ipvsadm_ts; printf '%s\\n' "\${COMPREPLY[@]}"\n`;
      const r = must(sh('bash', ['--norc', '--noprofile', '-c', script], { env: cleanEnv({ PATH: `${fakeBin}:/usr/bin:/bin` }) }), 'bash');
      return r.stdout.split('\n').filter(Boolean).sort();
    };
    expect(complete('ipvsadm -s ')).toEqual('dh fo lblc lblcr lc mh nq ovf rr sed sh wlc wrr'.split(' '));
    expect(complete('ipvsadm -A -t 1.2.3.4:80 -s w')).toEqual(['wlc', 'wrr']);
    expect(complete('ipvsadm --ad')).toEqual(['--add-server', '--add-service']);
    expect(complete('ipvsadm -D -t ')).toEqual(['10.0.0.1:80']);
    expect(complete('ipvsadm -D -u ')).toEqual(['10.0.0.2:53']);
    expect(complete('ipvsadm -D -f ')).toEqual(['7']);
    expect(complete('ipvsadm -d -u 10.0.0.2:53 -r ')).toEqual(['192.168.1.20:53']);
    expect(complete('ipvsadm -L --ra')).toEqual(['--rate']);
    expect(complete('ipvsadm -L --js')).toEqual(['--json']);
    expect(complete('ipvsadm -R ')).toEqual(['--test']);
    expect(must(sh('bash', ['-n', completion]), 'bash -n').status).toBe(0);
  });

  it('zsh completion ships and is valid zsh; the JSON Schema resolves as ipvsadm-ts/ipvsadm-json.schema.json', () => {
    const zshFile = join(pkgDir(), 'completion', '_ipvsadm');
    must(sh('zsh', ['-n', zshFile]), 'zsh -n');
    expect(readFileSync(zshFile, 'utf8')).toMatch(/^#compdef ipvsadm ipvsadm-save ipvsadm-restore ipvsadm-ts-systemd\n/);
    const r = must(
      sh(process.execPath, ['-e', `const p = require.resolve('${pkg.name}/ipvsadm-json.schema.json'); console.log(require(p).properties.schema.const)`], {
        cwd: join(prefix, 'lib'),
      }),
      'resolve the schema',
    );
    expect(r.stdout).toBe('ipvsadm-json/2\n');
  });
});
