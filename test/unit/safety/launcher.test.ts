// Issue "never a silent loss", points 5 and 6: bin/*.js are bash scripts
// node reads as JavaScript. Started as commands they find node without
// PATH, keep the caller's NODE_OPTIONS from node, and where node could not
// start under the process's limits (it would abort with a native stack or
// wait for ever) print one line and exit 71. Needs `npm run build` and root
// (ulimit -u only binds other users; a pids cgroup is made for the test).

import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '..', '..', '..');
const bin = (name: string): string => join(repo, 'bin', `${name}.js`);
const restore = bin('ipvsadm-restore');
const VERSION_RE = /^ipvsadm-restore \(ipvsadm-ts [^)]+\), running ipvsadm v1\.31 /;
const LIMIT_STATUS = 71;
const tmp = mkdtempSync(join(tmpdir(), 'launcher-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs a bash command line with $1... = args; a clean environment unless `env` is given. */
function bash(script: string, args: string[] = [], env: NodeJS.ProcessEnv = { PATH: '/usr/bin:/bin' }) {
  // stdin not a socket: bash -c would read ~/.bashrc, as under rshd
  const r = spawnSync('/bin/bash', ['-c', script, 'bash', ...args], {
    encoding: 'utf8',
    env,
    timeout: 30_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(join(repo, 'dist', 'bundle', 'ipvsadm-restore.cjs'))) throw new Error('run `npm run build` first');
  if (process.getuid?.() !== 0) throw new Error('these tests run as root (setpriv, cgroups)');
  chmodSync(tmp, 0o755);
});

describe('the launchers', () => {
  it('are one bash launcher each, then the line node runs', () => {
    const names = readdirSync(join(repo, 'bin')).filter((f) => f.endsWith('.js'));
    expect(names.sort()).toEqual(['ipvsadm-restore.js', 'ipvsadm-save.js', 'ipvsadm-ts-systemd.js', 'ipvsadm.js']);
    const texts = names.map((n) => readFileSync(join(repo, 'bin', n), 'utf8'));
    const header = (t: string): string => t.slice(0, t.indexOf('\n*/\n') + 4);
    for (const t of texts) {
      expect(t.startsWith("#!/bin/bash -p\n':' /*\n")).toBe(true);
      expect(header(t)).toBe(header(texts[0]!));
      // Nothing in the bash part may end node's comment early.
      expect(header(t).slice(0, -4)).not.toContain('*/');
    }
    for (const n of names) {
      expect(spawnSync(process.execPath, ['--check', join(repo, 'bin', n)]).status, n).toBe(0);
    }
    // bash's part parses (bash never reads past its last exec).
    expect(spawnSync('/bin/bash', ['-n'], { input: header(texts[0]!).slice(0, -4) }).status).toBe(0);
  });

  it('run without node on PATH (env -i), and `node bin/NAME.js` still works', () => {
    const r = bash('exec env -i "$1" --version', [restore]);
    expect(r.stdout).toMatch(VERSION_RE);
    expect(r.status).toBe(0);
    expect(bash('exec "$1" "$2" --version', [process.execPath, restore]).stdout).toMatch(VERSION_RE);
  });

  it('prefer the node next to the command (npm links it into node’s own bin directory)', () => {
    const dir = join(tmp, 'prefix', 'bin');
    mkdirSync(dir, { recursive: true });
    const marker = join(tmp, 'used');
    writeFileSync(join(dir, 'node'), `#!/bin/sh\necho "$@" > ${marker}\nexec ${process.execPath} "$@"\n`, { mode: 0o755 });
    symlinkSync(restore, join(dir, 'ipvsadm-restore'));
    const r = bash('exec "$1" --version', [join(dir, 'ipvsadm-restore')], {});
    expect(r.stdout).toMatch(VERSION_RE);
    expect(readFileSync(marker, 'utf8')).toBe(`-- ${join(dir, 'ipvsadm-restore')} --version\n`);
  });

  it('keep a NODE_OPTIONS meant for other programs from node', () => {
    const env = {
      PATH: '/usr/bin:/bin',
      NODE_OPTIONS: '--require=/nonexistent/preload.js',
      NODE_DEBUG: 'module',
      BASH_ENV: join(tmp, 'bash-env'),
      'BASH_FUNC_exec%%': '() { echo hijacked; }',
    };
    writeFileSync(join(tmp, 'bash-env'), 'echo sourced >&2\n');
    const r = spawnSync(restore, ['--version'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(r.stdout).toMatch(VERSION_RE);
  });
});

describe('under limits node cannot start with: one line, status 71, within seconds', () => {
  it.each([8, 12, 16])('ulimit -n %i', (n) => {
    const r = bash(`ulimit -n ${n}; exec "$1" --version`, [restore]);
    expect(r).toEqual({
      status: LIMIT_STATUS,
      stdout: '',
      stderr: `ipvsadm-restore: cannot start node: the open files limit (ulimit -n) is ${n}; it needs 32\n`,
    });
  });

  it('a low soft open-files limit under a higher hard one is raised: the command runs', () => {
    const r = bash('ulimit -Sn 12; exec "$1" --version', [restore]);
    expect(r.stdout).toMatch(VERSION_RE);
  });

  it('ulimit -v 200000 (KiB); a soft limit alone is raised', () => {
    expect(bash('ulimit -v 200000; exec "$1" --version', [restore])).toEqual({
      status: LIMIT_STATUS,
      stdout: '',
      stderr: 'ipvsadm-restore: cannot start node: the address space limit (ulimit -v) is 200000 KiB; it needs 1048576 KiB\n',
    });
    expect(bash('ulimit -Sv 200000; exec "$1" --version', [restore]).stdout).toMatch(VERSION_RE);
  });

  // `node` itself hangs (a V8 worker thread that cannot start is waited
  // for) or aborts here; the launchers count the tasks left and run node
  // with one V8 worker when that is what fits.
  const asNobody = (script: string) =>
    bash(`exec setpriv --reuid=65534 --regid=65534 --clear-groups /bin/bash -c '${script}' bash "$1"`, [restore]);

  it('ulimit -u as another user: too few tasks is one line; 4 in all is enough', () => {
    for (const u of [1, 2, 3]) {
      expect(asNobody(`ulimit -u ${u}; exec "$1" --version`)).toEqual({
        status: LIMIT_STATUS,
        stdout: '',
        stderr: `ipvsadm-restore: cannot start node: too few processes or threads are left (ulimit -u, or the cgroup's pids.max): ${u - 1} more; it needs 3\n`,
      });
    }
    for (const u of [4, 5, 6, 7, 20]) {
      const r = asNobody(`ulimit -u ${u}; exec "$1" --version`);
      expect({ u, ...r, stdout: r.stdout.replace(VERSION_RE, 'VERSION ') }).toMatchObject({ u, status: 0, stderr: '' });
    }
  });

  it("a cgroup's pids.max: the same", () => {
    const hierarchy = ['/sys/fs/cgroup/pids', '/sys/fs/cgroup'].find((d) => existsSync(join(d, 'cgroup.procs')) && (d.endsWith('pids') || readFileSync(join(d, 'cgroup.controllers'), 'utf8').includes('pids')));
    if (hierarchy === undefined) throw new Error('no cgroup hierarchy with the pids controller');
    const cg = join(hierarchy, `ipvsadm-launcher-test-${process.pid}`);
    mkdirSync(cg);
    try {
      for (const [max, ok] of [[3, false], [4, true], [8, true]] as const) {
        writeFileSync(join(cg, 'pids.max'), `${max}\n`);
        const r = bash(`echo $$ > ${cg}/cgroup.procs; exec "$1" --version`, [restore]);
        if (ok) expect({ max, status: r.status, stdout: VERSION_RE.test(r.stdout) }).toEqual({ max, status: 0, stdout: true });
        else expect(r.stderr).toBe(`ipvsadm-restore: cannot start node: too few processes or threads are left (ulimit -u, or the cgroup's pids.max): 2 more; it needs 3\n`);
      }
    } finally {
      spawnSync('rmdir', [cg]);
    }
  });
});
