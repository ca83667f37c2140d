// C stdio semantics for standard output: line-buffered on a terminal, fully
// buffered otherwise (written at exit, or when the buffer grows large), so
// stdout and stderr interleave as they do with the original. Writes are
// synchronous; a closed pipe (EPIPE) ends output quietly, as SIGPIPE ends
// the C tool.

import { fstatSync, writeSync } from 'node:fs';
import { isatty } from 'node:tty';

const CHUNK = 1 << 20;
const SIGPIPE_STATUS = 141;

export class StdoutSink {
  private parts: string[] = [];
  private size = 0;
  private broken = false;
  private readonly terminal: boolean;

  constructor(private readonly fd: number) {
    this.terminal = isatty(fd);
    try {
      fstatSync(fd);
    } catch {
      this.broken = true; // stdout closed: like C, output is silently lost
    }
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
