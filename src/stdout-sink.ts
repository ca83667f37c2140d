// C stdio semantics for standard output: line-buffered on a terminal, fully
// buffered otherwise (written at exit, or when the buffer grows large), so
// stdout and stderr interleave as they do with the original. Writes are
// synchronous; a closed pipe (EPIPE) ends output quietly, as SIGPIPE ends
// the C tool.

import { fstatSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';

const CHUNK = 1 << 20;
const SIGPIPE_STATUS = 141;
const MEM_MAJOR = 1;

function isatty(fd: number): boolean {
  const tty = createRequire(import.meta.url)('node:tty') as typeof import('node:tty');
  return tty.isatty(fd);
}

export class StdoutSink {
  private parts: string[] = [];
  private size = 0;
  private broken = false;
  private readonly terminal: boolean;

  constructor(private readonly fd: number) {
    let maybeTerminal = false;
    try {
      const st = fstatSync(fd);
      // A terminal is a character device, and not one of the memory devices
      // (major 1: /dev/null, /dev/zero, /dev/full...). node:tty, which also
      // loads node:net and the streams, is loaded only when it may be one.
      maybeTerminal = st.isCharacterDevice() && ((st.rdev >> 8) & 0xfff) !== MEM_MAJOR;
    } catch {
      this.broken = true; // stdout closed: like C, output is silently lost
    }
    this.terminal = maybeTerminal && isatty(fd);
  }

  write(text: string): void {
    if (this.broken) return;
    this.parts.push(text);
    this.size += text.length;
    if (this.terminal || this.size >= CHUNK) this.flush();
  }

  flushIfTerminal(): void {
    if (this.terminal) this.flush();
  }

  flush(): void {
    if (this.broken || this.parts.length === 0) return;
    const data = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.size = 0;
    let off = 0;
    while (off < data.length) {
      try {
        off += writeSync(this.fd, data, off);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') continue;
        this.broken = true;
        this.pipeClosed = code === 'EPIPE';
        return;
      }
    }
  }

  private pipeClosed = false;

  /** Flushes; returns an exit status to use instead (141 after EPIPE), else undefined. */
  close(): number | undefined {
    this.flush();
    return this.pipeClosed ? SIGPIPE_STATUS : undefined;
  }
}
