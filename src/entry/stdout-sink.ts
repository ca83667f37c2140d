// C stdio semantics for standard output: line-buffered on a terminal, fully
// buffered otherwise, with glibc's buffer size (st_blksize, at most BUFSIZ)
// and its flush points (a full buffer is written when more output comes),
// so stdout and stderr interleave byte for byte as they do with the
// original, also when both go to one file. Writes are synchronous; a closed
// pipe (EPIPE) ends output quietly, as SIGPIPE ends the C tool. Any other
// failed write (ENOSPC, EFBIG, EIO, ...) ends output too and is kept for
// close() to report: a saved rules file is never cut short in silence.

import { fstatSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pause } from './pause.js';

/** glibc's BUFSIZ: the stdio buffer when st_blksize says nothing smaller. */
const BUFSIZ = 8192;
/** What a shell reports for a process SIGPIPE ended. */
export const SIGPIPE_STATUS = 141;
const MEM_MAJOR = 1;
/** A full non-blocking descriptor (EAGAIN) is written again after this pause. */
const RETRY_WAIT_MS = 1;

/** Why output stopped: the reader went away, or the write failed. */
export type StdoutFailure = { readonly kind: 'pipe-closed' } | { readonly kind: 'error'; readonly error: NodeJS.ErrnoException };

function isatty(fd: number): boolean {
  const tty = createRequire(import.meta.url)('node:tty') as typeof import('node:tty');
  return tty.isatty(fd);
}

export class StdoutSink {
  /**
   * The stdio buffer, in bytes: text is copied in as it comes, so the
   * strings of a long listing die young instead of piling up in the heap
   * (in user-mode Linux each fresh page of a growing heap costs ~70 us).
   */
  private readonly buf: Buffer;
  private used = 0;
  private broken = false;
  private failure: StdoutFailure | undefined;
  private readonly terminal: boolean;

  constructor(private readonly fd: number) {
    let maybeTerminal = false;
    let size = BUFSIZ;
    try {
      const st = fstatSync(fd);
      // _IO_file_doallocate(): st_blksize when it is smaller than BUFSIZ.
      if (st.blksize > 0 && st.blksize < BUFSIZ) size = st.blksize;
      // A terminal is a character device, and not one of the memory devices
      // (major 1: /dev/null, /dev/zero, /dev/full...). node:tty, which also
      // loads node:net and the streams, is loaded only when it may be one.
      maybeTerminal = st.isCharacterDevice() && ((st.rdev >> 8) & 0xfff) !== MEM_MAJOR;
    } catch {
      // fd not open (node opens /dev/null for a closed stdout, so hardly
      // ever): the first write fails with EBADF and is reported.
    }
    this.terminal = maybeTerminal && isatty(fd);
    this.buf = Buffer.allocUnsafe(size);
  }

  write(text: string): void {
    if (this.broken) return;
    const size = this.buf.length;
    // A UTF-16 unit is at most 3 bytes of UTF-8 (a surrogate pair, 2 units, is 4).
    if (this.used + text.length * 3 <= size) {
      this.used += this.buf.write(text, this.used, 'utf8');
    } else {
      // Byte by byte as _IO_new_file_xsputn(): fill the buffer, and write
      // it when it is full and more output comes.
      const bytes = Buffer.from(text, 'utf8');
      for (let i = 0; i < bytes.length && !this.broken; ) {
        if (this.used === size) this.flush();
        const n = Math.min(size - this.used, bytes.length - i);
        bytes.copy(this.buf, this.used, i, i + n);
        this.used += n;
        i += n;
      }
    }
    if (this.terminal) this.flush();
  }

  flushIfTerminal(): void {
    if (this.terminal) this.flush();
  }

  flush(): void {
    if (this.broken || this.used === 0) return;
    const n = this.used;
    this.used = 0;
    this.writeAll(this.buf, n);
  }

  private writeAll(data: Uint8Array, length: number): void {
    let off = 0;
    while (off < length && !this.broken) {
      try {
        off += writeSync(this.fd, data, off, length - off);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (err.code === 'EAGAIN') {
          pause(RETRY_WAIT_MS);
          continue;
        }
        this.fail(err.code === 'EPIPE' ? { kind: 'pipe-closed' } : { kind: 'error', error: err });
        return;
      }
    }
  }

  private fail(f: StdoutFailure): void {
    this.broken = true;
    this.failure ??= f;
  }

  /**
   * Flushes; returns why output stopped (the first failure), or undefined
   * when everything written reached the descriptor.
   */
  close(): StdoutFailure | undefined {
    this.flush();
    return this.failure;
  }
}
