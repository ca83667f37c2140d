// programName(): the word ipvsadm's messages start with. The bare name when
// a PATH directory resolves to this very script (the user typed `ipvsadm`),
// else the script path as node got it; IPVSADM_PROG overrides both.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runWith } from '../../../src/app/ipvsadm.js';
import { captureIo } from '../../../src/ops/io.js';
import { lazyProgramName, programName } from '../../../src/entry/argv0.js';
import { FakeKernel } from '../helpers/fake-kernel.js';
import { deps } from './run.js';

const root = mkdtempSync(join(tmpdir(), 'progname-'));
const script = join(root, 'pkg', 'bin', 'ipvsadm.js');
mkdirSync(join(root, 'pkg', 'bin'), { recursive: true });
writeFileSync(script, '');
for (const d of ['empty', 'linked', 'other', 'dangling']) mkdirSync(join(root, d));
symlinkSync(script, join(root, 'linked', 'ipvsadm')); // what `npm install -g` makes
writeFileSync(join(root, 'other', 'ipvsadm'), ''); // another ipvsadm (Debian's)
symlinkSync(join(root, 'nowhere'), join(root, 'dangling', 'ipvsadm'));
const path = (...dirs: string[]): string => dirs.map((d) => join(root, d)).join(':');

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('programName', () => {
  it.each([
    ['found through a link in PATH', path('empty', 'dangling', 'other', 'linked'), 'ipvsadm'],
    ['an earlier, other ipvsadm in PATH does not count', path('other', 'linked'), 'ipvsadm'],
    ['not in PATH: the path as given', path('empty', 'other', 'dangling'), script],
    ['no PATH', '', script],
    ['empty PATH entries are skipped', `::${path('linked')}`, 'ipvsadm'],
  ])('%s', (_what, PATH, want) => {
    expect(programName(['node', script], { PATH })).toBe(want);
  });

  it('IPVSADM_PROG wins; no script at all is "ipvsadm"', () => {
    expect(programName(['node', script], { PATH: path('linked'), IPVSADM_PROG: 'lvs' })).toBe('lvs');
    expect(programName(['node'], { PATH: path('linked') })).toBe('ipvsadm');
  });

  it('a script that cannot be resolved is named as given', () => {
    const gone = join(root, 'gone', 'ipvsadm.js');
    expect(programName(['node', gone], { PATH: path('linked', 'other') })).toBe(gone);
  });
});

describe('the program name is worked out only when a text needs it', () => {
  it('lazyProgramName: once, on first use', () => {
    const name = lazyProgramName(['node', script], { PATH: path('linked') });
    expect(name()).toBe('ipvsadm');
    rmSync(join(root, 'linked', 'ipvsadm'));
    try {
      expect(name()).toBe('ipvsadm'); // kept, not walked again
    } finally {
      symlinkSync(script, join(root, 'linked', 'ipvsadm'));
    }
  });

  it.each([
    ['-Ln on a table', ['-Ln'], 0, 0],
    ['-A, -a', ['-A', '-t', '10.0.0.1:80'], 0, 0],
    ['an unknown option after a command (popt names the option, not the program)', ['-Ln', '--bogus'], 0, 255],
    ['no command: "Try `NAME -h\'..."', ['--bogus'], 1, 255],
    ['-h', ['-h'], 1, 0],
  ])('%s', (_what, args, asked, status) => {
    let calls = 0;
    const prog = (): string => {
      calls++;
      return 'NAME';
    };
    const k = new FakeKernel();
    const c = captureIo({});
    expect(runWith(prog, args, c.io, deps(k))).toBe(status);
    expect(calls).toBe(asked);
    if (asked) expect(c.stdout() + c.stderr()).toContain('NAME');
  });
});
