// StdoutSink writes what glibc's stdio would have written by each moment:
// the buffer is st_blksize (at most BUFSIZ) bytes, written when it is full
// and more output comes, so stdout and stderr interleave as with ipvsadm.
import { closeSync, fstatSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StdoutSink } from '../../../src/entry/stdout-sink.js';

describe('StdoutSink', () => {
  it('has written, after each piece, the whole blocks glibc would have written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sink-'));
    try {
      const file = join(dir, 'out');
      const fd = openSync(file, 'w');
      const blk = fstatSync(fd).blksize;
      const size = blk > 0 && blk < 8192 ? blk : 8192;
      const sink = new StdoutSink(fd);
      let seed = 9;
      const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
      let total = 0;
      let all = '';
      for (let i = 0; i < 400; i++) {
        const len = rnd(5) === 0 ? rnd(3 * size) : rnd(300);
        let piece = '';
        for (let k = 0; k < len; k++) piece += rnd(40) === 0 ? 'é' : rnd(200) === 0 ? '😀' : String.fromCharCode(97 + rnd(26));
        sink.write(piece);
        all += piece;
        total += Buffer.byteLength(piece);
        // Full blocks are written once more output comes: an exactly full buffer waits.
        const written = total === 0 ? 0 : Math.ceil(total / size) * size - size;
        expect(fstatSync(fd).size).toBe(written);
      }
      expect(sink.close()).toBeUndefined();
      closeSync(fd);
      expect(readFileSync(file, 'utf8')).toBe(all);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
