// Issue "never a silent loss", point 3: standard input or a rules FILE that
// cannot be read completely is reported, the command exits non-zero, and
// nothing is changed: `ipvsadm -R` runs no line, `ipvsadm-restore` never
// flushes. Point 4: ipvsadm-restore's -h, --help, --version and unknown
// options never touch the table.

import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { restoreWith, type RestoreEnv } from '../../../src/app/restore.js';
import { PACKAGE_VERSION } from '../../../src/common/version.js';
import { CMD } from '../../../src/ipvs/constants.js';
import { captureIo, InputError } from '../../../src/ops/io.js';
import { readAllText, readFileText } from '../../../src/entry/read-all.js';
import { FakeKernel } from '../helpers/fake-kernel.js';
import { deps, ipvsadm } from '../app/run.js';
import pkg from '../../../package.json' with { type: 'json' };

const dir = mkdtempSync(join(tmpdir(), 'input-failures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Generic netlink commands the fake kernel was sent (family lookups excluded). */
function ipvsCommands(k: FakeKernel): number[] {
  return k.sent.filter((d) => d.length > 16 && new DataView(d.buffer, d.byteOffset).getUint16(4, true) !== 0x10).map((d) => d[16]!);
}

function kernelWithOneService(): FakeKernel {
  const k = new FakeKernel();
  expect(ipvsadm(k, ['-A', '-t', '10.0.0.1:80', '-s', 'rr']).status).toBe(0);
  k.sent.length = 0;
  return k;
}

const EISDIR = new InputError('standard input', 'Is a directory');

function restore(k: FakeKernel, args: string[], stdin: string | InputError = '') {
  const c = captureIo({ stdin });
  const env: RestoreEnv = {
    io: c.io,
    deps: deps(k),
    readFile: (p) => {
      throw new InputError(p, 'Is a directory');
    },
    prog: 'ipvsadm-restore',
  };
  const status = restoreWith(args, env);
  return { status, stdout: c.stdout(), stderr: c.stderr() };
}

describe('ipvsadm -R with standard input that cannot be read', () => {
  it('runs no line: one message, status 2, the table as it was', () => {
    const k = kernelWithOneService();
    const r = ipvsadm(k, ['-R'], EISDIR);
    expect(r).toEqual({ status: 2, stdout: '', stderr: 'ipvsadm: cannot read standard input: Is a directory\n' });
    // IPVS was opened (GET_INFO, as ipvsadm does before it reads), nothing else.
    expect(ipvsCommands(k).filter((cmd) => cmd !== CMD.GET_INFO)).toEqual([]);
    expect(ipvsadm(k, ['-Sn']).stdout).toBe('-A -t 10.0.0.1:80 -s rr\n');
  });

  it('-R --test: the same message and status, IPVS never opened', () => {
    const k = new FakeKernel();
    const r = ipvsadm(k, ['-R', '--test'], EISDIR);
    expect(r).toEqual({ status: 2, stdout: '', stderr: 'ipvsadm: cannot read standard input: Is a directory\n' });
    expect(k.sent).toHaveLength(0);
  });
});

describe('ipvsadm-restore (Debian behaviour) with input that cannot be read', () => {
  it('never flushes: one message, status 2, no command sent', () => {
    const k = kernelWithOneService();
    const r = restore(k, [], EISDIR);
    expect(r).toEqual({ status: 2, stdout: '', stderr: 'ipvsadm-restore: cannot read standard input: Is a directory\n' });
    expect(k.sent).toHaveLength(0);
    expect(ipvsadm(k, ['-Sn']).stdout).toBe('-A -t 10.0.0.1:80 -s rr\n');
  });

  it('a readable input still flushes first, then restores (Debian order)', () => {
    const k = kernelWithOneService();
    const r = restore(k, [], '# saved\n-A -t 10.0.0.2:80 -s wlc\n');
    expect(r).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(ipvsCommands(k)).toContain(CMD.FLUSH);
    expect(ipvsadm(k, ['-Sn']).stdout).toBe('-A -t 10.0.0.2:80 -s wlc\n');
  });

  it('--test / --apply with an unreadable FILE or stdin: status 2, nothing sent', () => {
    const k = kernelWithOneService();
    expect(restore(k, ['--apply', 'rules'])).toEqual({
      status: 2,
      stdout: '',
      stderr: 'ipvsadm-restore: cannot read rules: Is a directory\n',
    });
    expect(restore(k, ['--apply'], EISDIR)).toEqual({
      status: 2,
      stdout: '',
      stderr: 'ipvsadm-restore: cannot read -: Is a directory\n',
    });
    expect(k.sent).toHaveLength(0);
  });
});

describe('ipvsadm-restore -h, --help, --version, unknown options: the table is never touched', () => {
  it.each([['-h'], ['--help'], ['--test', '--help'], ['x', '-h']])('%s: usage on stdout, status 0', (...args) => {
    const k = kernelWithOneService();
    const r = restore(k, args, '-A -t 10.0.0.9:80\n');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Usage: ipvsadm-restore < RULES\n/);
    for (const o of ['--test', '--apply', '--dry-run', '--help', '--version']) expect(r.stdout).toContain(o);
    expect(k.sent).toHaveLength(0);
  });

  it('--version: one line on stdout, status 0', () => {
    const k = kernelWithOneService();
    const r = restore(k, ['--version']);
    expect(r).toEqual({
      status: 0,
      stdout: `ipvsadm-restore (ipvsadm-ts ${PACKAGE_VERSION}), running ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)\n`,
      stderr: '',
    });
    expect(k.sent).toHaveLength(0);
    expect(PACKAGE_VERSION).toBe(pkg.version);
  });

  it.each([['-n'], ['--bogus'], ['-C'], ['--'], ['rules', '-x']])('%s: usage error, status 2', (...args) => {
    const k = kernelWithOneService();
    const r = restore(k, args, '-A -t 10.0.0.9:80\n');
    expect(r).toEqual({
      status: 2,
      stdout: '',
      stderr: `ipvsadm-restore: unknown option: ${args.find((a) => a.startsWith('-'))}\nusage: ipvsadm-restore [--test | --apply [--dry-run] [--drain[=SECONDS]] [-v]] [FILE]\n`,
    });
    expect(k.sent).toHaveLength(0);
    expect(ipvsadm(k, ['-Sn']).stdout).toBe('-A -t 10.0.0.1:80 -s rr\n');
  });

  it("a lone '-' and other words are ignored, as Debian's script ignores them", () => {
    const k = kernelWithOneService();
    expect(restore(k, ['-', 'whatever'], '-A -t 10.0.0.2:80 -s rr\n').status).toBe(0);
    expect(ipvsadm(k, ['-Sn']).stdout).toBe('-A -t 10.0.0.2:80 -s rr\n');
  });
});

describe('readAllText / readFileText', () => {
  it('reads a whole file, in chunks, as UTF-8', () => {
    const text = 'é-A -t 10.0.0.1:80\n'.repeat(10_000);
    writeFileSync(join(dir, 'rules'), text);
    expect(readFileText(join(dir, 'rules'))).toBe(text);
  });

  it('a directory: InputError "Is a directory"', () => {
    const fd = openSync(dir, 'r');
    try {
      expect(() => readAllText(fd, 'standard input')).toThrow(new InputError('standard input', 'Is a directory'));
    } finally {
      closeSync(fd);
    }
    expect(() => readFileText(dir)).toThrow(`cannot read ${dir}: Is a directory`);
  });

  it('a descriptor not open for reading: "Bad file descriptor"', () => {
    const fd = openSync(join(dir, 'wo'), 'w');
    try {
      expect(() => readAllText(fd, 'standard input')).toThrow('cannot read standard input: Bad file descriptor');
    } finally {
      closeSync(fd);
    }
  });

  it('a missing file: "No such file or directory"', () => {
    expect(() => readFileText(join(dir, 'missing'))).toThrow(/: No such file or directory$/);
  });

  it('an input larger than can be held: InputError, never a shorter text', () => {
    writeFileSync(join(dir, 'big'), 'x'.repeat(200_000));
    const fd = openSync(join(dir, 'big'), 'r');
    try {
      expect(() => readAllText(fd, 'standard input', undefined, 100_000)).toThrow(
        /^cannot read standard input: too large to hold/,
      );
    } finally {
      closeSync(fd);
    }
  });
});
