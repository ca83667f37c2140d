// completion/_ipvsadm, the zsh completion: valid zsh (zsh -n), and its
// suggestions as a real interactive zsh (compinit, in a pseudo-terminal:
// zsh-driver.zsh) offers them, with `ipvsadm` a fake on PATH printing a
// saved table. Needs zsh (.ci/run installs it); fails, never skips, without.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { COMPLETION_NAMES, ZSH_COMPLETION } from '../../../src/app/systemd/install.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DIR = resolve(import.meta.dirname, '..', '..', '..', 'completion');
const DRIVER = join(import.meta.dirname, 'zsh-driver.zsh');
const ZSH = '/usr/bin/zsh';
let tmp: string;
let got: Map<string, string[]>;

const LINES = [
  'ipvsadm --j',
  'ipvsadm -L --j',
  'ipvsadm -Lnc --j',
  'ipvsadm -A -t 1.2.3.4:80 --j',
  'ipvsadm -R --te',
  'ipvsadm -L --te',
  'ipvsadm -D -t ',
  'ipvsadm -D -u ',
  'ipvsadm -d -t 10.0.0.1:80 -r ',
  'ipvsadm -A -t 1.2.3.4:80 -s w',
  'ipvsadm -L --ra',
  'ipvsadm-save -',
  'ipvsadm-restore --',
  'ipvsadm-restore --apply --',
  'ipvsadm-restore --apply -',
  'ipvsadm-restore --test -',
  'ipvsadm-restore --apply --drain=30 ru',
  'ipvsadm-restore --test ru',
  'ipvsadm-restore ru',
  'ipvsadm-ts-systemd ',
  'ipvsadm-ts-systemd install --st',
  'ipvsadm-ts-systemd install --style ',
  'ipvsadm-ts-systemd uninstall --pu',
  'ipvsadm-ts-systemd start --',
  'ipvsadm-ts-systemd reload --',
  'ipvsadm-ts-systemd install --zs',
];

/** The driver's output as line -> sorted matches. */
function parse(text: string): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const block of text.split('<<LINE>> ').slice(1)) {
    const [line, ...rest] = block.split('\n');
    const end = rest.indexOf('<<END>>');
    if (end < 0) throw new Error(`no completion result for ${JSON.stringify(line)}`);
    m.set(line!, rest.slice(0, end).filter(Boolean).sort());
  }
  return m;
}

beforeAll(() => {
  if (!existsSync(ZSH)) throw new Error('zsh is missing: apt-get install -y zsh (.ci/run installs it)');
  tmp = mkdtempSync(join(tmpdir(), 'ipvsadm-zsh-completion-'));
  mkdirSync(join(tmp, 'bin'));
  mkdirSync(join(tmp, 'work', 'rules.d'), { recursive: true });
  writeFileSync(join(tmp, 'work', 'rules.txt'), '');
  writeFileSync(
    join(tmp, 'bin', 'ipvsadm'),
    "#!/bin/sh\n[ \"$1\" = -Sn ] || exit 1\nprintf '%s\\n' '-A -t 10.0.0.1:80 -s rr' '-a -t 10.0.0.1:80 -r 192.168.1.10:80 -m -w 1' '-A -u 10.0.0.2:53 -s rr'\n",
    { mode: 0o755 },
  );
  const r = spawnSync(ZSH, ['-f', DRIVER, DIR, join(tmp, 'matches'), ...LINES], {
    cwd: join(tmp, 'work'),
    encoding: 'utf8',
    timeout: 120_000,
    env: { PATH: `${join(tmp, 'bin')}:/usr/bin:/bin`, HOME: tmp, LANG: 'C', TERM: 'dumb' },
  });
  if (r.status !== 0) throw new Error(`zsh driver failed (${String(r.status)}): ${r.stderr}`);
  got = parse(r.stdout);
}, 130_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const complete = (line: string): string[] => {
  const m = got.get(line);
  if (!m) throw new Error(`line not driven: ${line}`);
  return m;
};

describe('zsh completion', () => {
  it('is valid zsh and names the four commands', () => {
    expect(spawnSync(ZSH, ['-n', join(DIR, '_ipvsadm')]).status).toBe(0);
    expect(readFileSync(join(DIR, '_ipvsadm'), 'utf8').split('\n')[0]).toBe('#compdef ipvsadm ipvsadm-save ipvsadm-restore ipvsadm-ts-systemd');
    // the same commands the installer writes the bash completion for
    expect(readFileSync(join(DIR, ZSH_COMPLETION), 'utf8').split('\n')[0]!.split(' ').slice(1)).toEqual(COMPLETION_NAMES);
  });

  it('ipvsadm: --json with a listing or no command, --test with -R only', () => {
    expect(complete('ipvsadm --j')).toEqual(['--json']);
    expect(complete('ipvsadm -L --j')).toEqual(['--json']);
    expect(complete('ipvsadm -Lnc --j')).toEqual(['--json']);
    expect(complete('ipvsadm -A -t 1.2.3.4:80 --j')).toEqual([]);
    expect(complete('ipvsadm -R --te')).toEqual(['--test']);
    expect(complete('ipvsadm -L --te')).toEqual([]);
  });

  it("ipvsadm: ipvsadm's own options, schedulers, services and servers", () => {
    expect(complete('ipvsadm -D -t ')).toEqual(['10.0.0.1:80']);
    expect(complete('ipvsadm -D -u ')).toEqual(['10.0.0.2:53']);
    expect(complete('ipvsadm -d -t 10.0.0.1:80 -r ')).toEqual(['192.168.1.10:80']);
    expect(complete('ipvsadm -A -t 1.2.3.4:80 -s w')).toEqual(['wlc', 'wrr']);
    expect(complete('ipvsadm -L --ra')).toEqual(['--rate']);
    expect(complete('ipvsadm-save -')).toEqual(['-n']);
  });

  it('ipvsadm-restore: the options, FILE only after one of them', () => {
    expect(complete('ipvsadm-restore --')).toEqual(['--apply', '--drain', '--dry-run', '--test', '--verbose']);
    expect(complete('ipvsadm-restore --apply --')).toEqual(['--drain', '--dry-run', '--verbose']);
    expect(complete('ipvsadm-restore --apply -')).toEqual(['--drain', '--dry-run', '--verbose', '-v']);
    expect(complete('ipvsadm-restore --test -')).toEqual([]);
    expect(complete('ipvsadm-restore --apply --drain=30 ru')).toEqual(['rules.d', 'rules.txt']);
    expect(complete('ipvsadm-restore --test ru')).toEqual(['rules.d', 'rules.txt']);
    expect(complete('ipvsadm-restore ru')).toEqual([]);
  });

  it('ipvsadm-ts-systemd: actions, options, values', () => {
    expect(complete('ipvsadm-ts-systemd ')).toEqual(
      ['help', 'install', 'reload', 'restart', 'save', 'start', 'status', 'stop', 'uninstall'],
    );
    expect(complete('ipvsadm-ts-systemd install --st')).toEqual(['--style']);
    expect(complete('ipvsadm-ts-systemd install --style ')).toEqual(['debian', 'rhel']);
    expect(complete('ipvsadm-ts-systemd uninstall --pu')).toEqual(['--purge']);
    expect(complete('ipvsadm-ts-systemd start --')).toEqual(['--config']);
    expect(complete('ipvsadm-ts-systemd reload --')).toEqual(['--config']);
    expect(complete('ipvsadm-ts-systemd install --zs')).toEqual(['--zsh-completion-dir']);
  });
});
