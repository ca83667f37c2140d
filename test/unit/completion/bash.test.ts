// completion/ipvsadm.bash: sourced in a plain bash (no bash-completion
// package, the file's own fallback), each completion function called with
// COMP_WORDS / COMP_CWORD set as bash sets them; `ipvsadm` is a fake on PATH
// printing a saved table. Checks the extensions (--json, -R --test,
// ipvsadm-restore's options and FILE names, ipvsadm-ts-systemd) and that
// ipvsadm's own completions stay.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPLETION_NAMES } from '../../../src/app/systemd/install.js';

const FILE = resolve(import.meta.dirname, '..', '..', '..', 'completion', 'ipvsadm.bash');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ipvsadm-bash-completion-'));
  mkdirSync(join(dir, 'bin'));
  mkdirSync(join(dir, 'work', 'rules.d'), { recursive: true });
  writeFileSync(join(dir, 'work', 'rules.txt'), '');
  writeFileSync(join(dir, 'work', 'other'), '');
  writeFileSync(
    join(dir, 'bin', 'ipvsadm'),
    "#!/bin/sh\n[ \"$1\" = -Sn ] || exit 1\nprintf '%s\\n' '-A -t 10.0.0.1:80 -s rr' '-a -t 10.0.0.1:80 -r 192.168.1.10:80 -m -w 1'\n",
    { mode: 0o755 },
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The sorted suggestions for `line` (the cursor at its end; a trailing space starts a new word). */
function complete(line: string): string[] {
  const words = line.split(' ');
  const fn = { ipvsadm: '_ipvsadm_ts', 'ipvsadm-save': '_ipvsadm_ts_save', 'ipvsadm-restore': '_ipvsadm_ts_restore', 'ipvsadm-ts-systemd': '_ipvsadm_ts_systemd' }[words[0]!];
  if (!fn) throw new Error(`no completion for ${words[0]!}`);
  const script =
    `source ${JSON.stringify(FILE)}\n` +
    `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}\n` +
    `COMP_LINE=${JSON.stringify(line)}; COMP_POINT=\${#COMP_LINE}\n` +
    `${fn} ${words[0]!} "\${COMP_WORDS[COMP_CWORD]}" "\${COMP_WORDS[COMP_CWORD-1]}"\n` +
    `printf '%s\\n' "\${COMPREPLY[@]}"\n`;
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', script], {
    cwd: join(dir, 'work'),
    encoding: 'utf8',
    env: { PATH: `${join(dir, 'bin')}:/usr/bin:/bin`, HOME: dir, LANG: 'C' },
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout.split('\n').filter(Boolean).sort();
}

describe('bash completion', () => {
  it('is valid bash and registers all four commands', () => {
    expect(spawnSync('bash', ['-n', FILE]).status).toBe(0);
    const r = spawnSync('bash', ['--norc', '-c', `source ${JSON.stringify(FILE)}; complete -p`], { encoding: 'utf8' });
    for (const c of ['ipvsadm', 'ipvsadm-save', 'ipvsadm-restore', 'ipvsadm-ts-systemd']) expect(r.stdout).toMatch(new RegExp(`-F \\S+ ${c}$`, 'm'));
  });

  it('ipvsadm: --json on list commands (and alone), not on others', () => {
    expect(complete('ipvsadm --j')).toEqual(['--json']);
    expect(complete('ipvsadm -L --j')).toEqual(['--json']);
    expect(complete('ipvsadm -Lnc --js')).toEqual(['--json']);
    expect(complete('ipvsadm -L -n ')).toContain('--json');
    expect(complete('ipvsadm -l -t 10.0.0.1:80 --j')).toEqual(['--json']);
    expect(complete('ipvsadm -A -t 10.0.0.1:80 --j')).toEqual([]);
  });

  it('ipvsadm: --test after -R', () => {
    expect(complete('ipvsadm -R ')).toEqual(['--test']);
    expect(complete('ipvsadm --restore --t')).toEqual(['--test']);
  });

  it("ipvsadm: ipvsadm's own completions stay", () => {
    expect(complete('ipvsadm -A -t 1.2.3.4:80 -s w')).toEqual(['wlc', 'wrr']);
    expect(complete('ipvsadm -D -t ')).toEqual(['10.0.0.1:80']);
    expect(complete('ipvsadm -d -t 10.0.0.1:80 -r ')).toEqual(['192.168.1.10:80']);
    expect(complete('ipvsadm --ad')).toEqual(['--add-server', '--add-service']);
    expect(complete('ipvsadm-save ')).toEqual(['-n']);
  });

  it('ipvsadm-restore: --test, --apply, --dry-run, --drain, --verbose, then FILE names', () => {
    expect(complete('ipvsadm-restore ')).toEqual(['--apply', '--drain', '--dry-run', '--test', '--verbose']);
    expect(complete('ipvsadm-restore --')).toEqual(['--apply', '--drain', '--dry-run', '--test', '--verbose']);
    expect(complete('ipvsadm-restore -v --')).toEqual(['--apply', '--drain', '--dry-run', '--verbose']);
    expect(complete('ipvsadm-restore --apply --')).toEqual(['--apply', '--drain', '--dry-run', '--verbose']);
    expect(complete('ipvsadm-restore --dry-run --d')).toEqual(['--drain', '--dry-run']);
    expect(complete('ipvsadm-restore --apply --drain -v ru')).toEqual(['rules.d', 'rules.txt']);
    expect(complete('ipvsadm-restore --test --')).toEqual([]);
    expect(complete('ipvsadm-restore --test ')).toEqual(['other', 'rules.d', 'rules.txt']);
    expect(complete('ipvsadm-restore --apply --dry-run ru')).toEqual(['rules.d', 'rules.txt']);
    // plain ipvsadm-restore ignores its arguments: no FILE offered
    expect(complete('ipvsadm-restore ru')).toEqual([]);
  });

  it('ipvsadm-ts-systemd: actions, each action\'s options, their values', () => {
    expect(complete('ipvsadm-ts-systemd ')).toEqual(['--help', 'help', 'install', 'reload', 'restart', 'save', 'start', 'status', 'stop', 'uninstall']);
    expect(complete('ipvsadm-ts-systemd st')).toEqual(['start', 'status', 'stop']);
    expect(complete('ipvsadm-ts-systemd install --')).toEqual(
      ['--completion-dir', '--config', '--force', '--no-reload', '--root', '--rules', '--style', '--unit-dir', '--zsh-completion-dir'],
    );
    expect(complete('ipvsadm-ts-systemd install --zsh')).toEqual(['--zsh-completion-dir']);
    expect(complete('ipvsadm-ts-systemd uninstall --zsh')).toEqual(['--zsh-completion-dir']);
    expect(complete('ipvsadm-ts-systemd install --zsh-completion-dir ')).toEqual(['rules.d']);
    expect(complete('ipvsadm-ts-systemd install --zsh-completion-dir rules.d --f')).toEqual(['--force']);
    expect(complete('ipvsadm-ts-systemd reload --')).toEqual(['--config']);
    expect(complete('ipvsadm-ts-systemd uninstall --p')).toEqual(['--purge']);
    expect(complete('ipvsadm-ts-systemd start --')).toEqual(['--config']);
    expect(complete('ipvsadm-ts-systemd install --style ')).toEqual(['debian', 'rhel']);
    expect(complete('ipvsadm-ts-systemd install --root ')).toEqual(['rules.d']);
    expect(complete('ipvsadm-ts-systemd --config rules.txt st')).toEqual(['start', 'status', 'stop']);
    expect(complete('ipvsadm-ts-systemd install --config ru')).toEqual(['rules.d', 'rules.txt']);
  });

  it('registers exactly the names the installer writes it under (COMPLETION_NAMES)', () => {
    const r = spawnSync('bash', ['--norc', '--noprofile', '-c', `source ${JSON.stringify(FILE)}\ncomplete -p`], {
      encoding: 'utf8',
      env: { PATH: '/usr/bin:/bin', LANG: 'C' },
    });
    expect(r.status).toBe(0);
    const registered = r.stdout
      .split('\n')
      .map((l) => /^complete -F \S+ (\S+)$/.exec(l)?.[1])
      .filter((n): n is string => n !== undefined);
    expect(registered.sort()).toEqual([...COMPLETION_NAMES].sort());
    expect(COMPLETION_NAMES).toContain('ipvsadm-ts-systemd');
  });
});
