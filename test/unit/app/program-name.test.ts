// programName(): the word ipvsadm's messages start with. The bare name when
// a PATH directory resolves to this very script (the user typed `ipvsadm`),
// else the script path as node got it; IPVSADM_PROG overrides both.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { programName } from '../../../src/program-name.js';

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
