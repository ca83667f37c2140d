// Standard error as C's unbuffered stderr: each message is written at once,
// synchronously (process.stderr is asynchronous on a pipe and can throw
// EPIPE later, out of reach). A failed write never raises and never changes
// what the command does: the message is lost, as fprintf(stderr) loses it.
// Only a closed pipe changes the exit status: SIGPIPE would have ended the
// C tool, so the run ends with SIGPIPE_STATUS (after doing all it would
// have done with a working stderr).

import { writeSync } from 'node:fs';
import { pause } from './pause.js';

const RETRY_WAIT_MS = 1;

export class StderrSink {
  private pipeClosed = false;
  private lost = false;

  constructor(private readonly fd: number = 2) {}

  write(text: string): void {
    if (this.lost || text.length === 0) return;
    const data = Buffer.from(text, 'utf8');
    let off = 0;
    while (off < data.length) {
      try {
        off += writeSync(this.fd, data, off, data.length - off);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          pause(RETRY_WAIT_MS);
          continue;
        }
        // A closed pipe stays closed; a full or failing device may not,
        // so later messages are still tried.
        if (code === 'EPIPE') {
          this.pipeClosed = true;
          this.lost = true;
        }
        return;
      }
    }
  }

  /** True when a write found the reading end of a pipe closed. */
  sawClosedPipe(): boolean {
    return this.pipeClosed;
  }
}
