// Issue "never a silent loss", points 1 and 2: a failed write to standard
// output other than a closed pipe (ENOSPC, EFBIG, ...) is one line on
// standard error and a non-zero status; a closed pipe stays quiet with 141.
// Standard error that is closed, full or a closed pipe never raises and
// never changes what is done; only a closed pipe changes the status (141,
// as SIGPIPE ends the C tool). In-process with real descriptors, then
// through the built commands (`npm run build` first).

import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libcStrerror } from '../../../native-bindings/names.js';
import { errnoText } from '../../../src/entry/errno-text.js';
import { ERRNO_CODES } from '../../../src/netlink/errno.js';
import { StderrSink } from '../../../src/entry/stderr-sink.js';
import { StdoutSink } from '../../../src/entry/stdout-sink.js';
import { ProcessStreams } from '../../../src/entry/streams.js';
import { constants } from 'node:os';

const repo = resolve(import.meta.dirname, '..', '..', '..');
const restoreBin = join(repo, 'bin', 'ipvsadm-restore.js');
const dir = mkdtempSync(join(tmpdir(), 'output-failures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function withFds<T>(out: string, err: string, body: (fds: { out: number; err: number }) => T): T {
  const o = openSync(out, out === '/dev/full' ? 'w' : 'w+');
  const e = openSync(err, err === '/dev/full' ? 'w' : 'w+');
  try {
    return body({ out: o, err: e });
  } finally {
    closeSync(o);
    closeSync(e);
  }
}

describe('errnoText', () => {
  it("every code it knows reads as glibc's strerror()", () => {
    const errno = constants.errno as Record<string, number>;
    for (const code of ERRNO_CODES) {
      expect(errnoText(Object.assign(new Error(code), { code, errno: -errno[code]! })), code).toBe(libcStrerror(errno[code]!));
    }
  });

  it('other errnos ask libc; without it, node’s message on one line', () => {
    expect(errnoText({ code: 'ECHILD', errno: -10 }, libcStrerror)).toBe('No child processes');
    expect(errnoText(new Error('a\nb'))).toBe('a b');
  });
});

describe('ProcessStreams', () => {
  it('a full device on stdout: one line naming the error, status 1 (a worse status is kept)', () => {
    const errFile = join(dir, 'err1');
    const statuses = withFds('/dev/full', errFile, (fds) => {
      const s = new ProcessStreams('ipvsadm', fds);
      s.out.write('-A -t 10.0.0.1:80 -s rr\n'.repeat(1000));
      return [s.finish(0)];
    });
    expect(statuses).toEqual([1]);
    expect(readFileSync(errFile, 'utf8')).toBe('ipvsadm: write error: No space left on device\n');
    withFds('/dev/full', join(dir, 'err2'), (fds) => {
      const s = new ProcessStreams('ipvsadm-save', fds);
      s.out.write('x\n');
      expect(s.finish(255)).toBe(255);
    });
    expect(readFileSync(join(dir, 'err2'), 'utf8')).toBe('ipvsadm-save: write error: No space left on device\n');
  });

  it('nothing written to a full device: nothing to report', () => {
    withFds('/dev/full', join(dir, 'err3'), (fds) => {
      expect(new ProcessStreams('ipvsadm', fds).finish(0)).toBe(0);
    });
    expect(readFileSync(join(dir, 'err3'), 'utf8')).toBe('');
  });

  it('a full stderr loses its messages and changes no status', () => {
    withFds(join(dir, 'out4'), '/dev/full', (fds) => {
      const s = new ProcessStreams('ipvsadm', fds);
      s.err.write('Service already exists\n');
      s.out.write('listing\n');
      s.err.write('another\n');
      expect(s.finish(255)).toBe(255);
    });
    expect(readFileSync(join(dir, 'out4'), 'utf8')).toBe('listing\n');
  });

  it('a stderr descriptor that is not open never raises', () => {
    const sink = new StderrSink(987);
    expect(() => sink.write('message\n')).not.toThrow();
    expect(sink.sawClosedPipe()).toBe(false);
    const out = new StdoutSink(988);
    out.write('x');
    expect(out.close()).toMatchObject({ kind: 'error', error: { code: 'EBADF' } });
  });
});

/** Runs `argv` with stdout / stderr as given ('closed-pipe': a pipe whose reader is gone). */
function runBin(
  argv: string[],
  stdio: { out: 'closed-pipe' | 'pipe'; err: 'closed-pipe' | 'pipe' },
): Promise<{ status: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    // Closing our end at once: the child's first write finds no reader.
    if (stdio.out === 'closed-pipe') child.stdout.destroy();
    else child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    if (stdio.err === 'closed-pipe') child.stderr.destroy();
    else child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (status, signal) => done({ status, signal, stdout, stderr }));
  });
}

describe('the built commands (ipvsadm-restore --help / --bogus need no IPVS)', () => {
  beforeAll(() => {
    if (!existsSync(join(repo, 'dist', 'bundle', 'ipvsadm-restore.cjs'))) throw new Error('run `npm run build` first');
  });

  it('stdout on a full device: the write error, status 1', () => {
    const r = spawnSync('sh', ['-c', `exec "$0" "$1" --help > /dev/full`, process.execPath, restoreBin], { encoding: 'utf8' });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 1, stderr: 'ipvsadm-restore: write error: No space left on device\n' });
  });

  it('stdout over the file-size limit (SIGXFSZ ignored, EFBIG): the write error, status 1', () => {
    const out = join(dir, 'fsize');
    const r = spawnSync('sh', ['-c', `ulimit -f 0; exec "$0" "$1" --help > "$2"`, process.execPath, restoreBin, out], {
      encoding: 'utf8',
    });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 1, stderr: 'ipvsadm-restore: write error: File too large\n' });
  });

  it('stdout a closed pipe: quiet, 141', async () => {
    expect(await runBin([restoreBin, '--help'], { out: 'closed-pipe', err: 'pipe' })).toEqual({
      status: 141,
      signal: null,
      stdout: '',
      stderr: '',
    });
  });

  it('stderr a closed pipe: no exception, 141 as SIGPIPE gives the C tool', async () => {
    const r = await runBin([restoreBin, '--bogus'], { out: 'pipe', err: 'closed-pipe' });
    expect(r).toEqual({ status: 141, signal: null, stdout: '', stderr: '' });
  });

  it('stderr full or closed: the status the command would give anyway', () => {
    for (const redirect of ['2>/dev/full', '2>&-']) {
      const r = spawnSync('sh', ['-c', `"$0" "$1" --bogus ${redirect}; echo "status $?"`, process.execPath, restoreBin], {
        encoding: 'utf8',
      });
      expect(r.stdout, redirect).toBe('status 2\n');
      expect(r.stderr, redirect).toBe('');
    }
  });
});
