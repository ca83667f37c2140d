// The process's standard output and error for one command, and the exit
// status they make of the command's own: a failed write to standard output
// is reported on standard error, one line, and never ends with status 0;
// a closed pipe on either ends with SIGPIPE_STATUS, as SIGPIPE ends the C
// tool.

import { libcStrerror } from '../../native-bindings/names.js';
import { progText, type ProgramName } from '../common/program-name.js';
import { errnoText } from './errno-text.js';
import { StderrSink } from './stderr-sink.js';
import { SIGPIPE_STATUS, StdoutSink } from './stdout-sink.js';

/** Descriptors of standard output and error (tests pass files of their own). */
export interface StreamFds {
  readonly out: number;
  readonly err: number;
}

export const STD_FDS: StreamFds = { out: 1, err: 2 };

/** The status of a run whose output could not be written completely (when it had none worse). */
export const WRITE_ERROR_STATUS = 1;

export class ProcessStreams {
  readonly out: StdoutSink;
  readonly err: StderrSink;

  /** `prog` names the command in the write-error line. */
  constructor(
    private readonly prog: ProgramName,
    fds: StreamFds = STD_FDS,
  ) {
    this.out = new StdoutSink(fds.out);
    this.err = new StderrSink(fds.err);
  }

  /**
   * Flushes standard output and returns the exit status: `status`, or
   * WRITE_ERROR_STATUS when it was 0 and standard output failed
   * (`<prog>: write error: No space left on device` is printed), or
   * SIGPIPE_STATUS when either stream found its pipe closed.
   */
  finish(status: number): number {
    const failure = this.out.close();
    let result = status;
    if (failure?.kind === 'error') {
      this.err.write(`${progText(this.prog)}: write error: ${errnoText(failure.error, libcStrerror)}\n`);
      if (result === 0) result = WRITE_ERROR_STATUS;
    }
    if (failure?.kind === 'pipe-closed' || this.err.sawClosedPipe()) return SIGPIPE_STATUS;
    return result;
  }
}
