// The ipvsadm command: bin/ipvsadm.js calls main().

import { runWith } from '../app/ipvsadm.js';
import { progText, type ProgramName } from '../common/program-name.js';
import type { Io } from '../ops/io.js';
import { lazyProgramName } from './argv0.js';
import { ProcessStreams, STD_FDS, type StreamFds } from './streams.js';
import { processIo, systemDeps } from './system.js';

// What the kernel test harness needs to run commands in its own process.
export { readProcConnFile } from './system.js';

/**
 * Runs one ipvsadm command line in this process with the given streams
 * (what the kernel test harness uses to run many commands per process).
 */
export function run(prog: ProgramName, args: readonly string[], io: Io): number {
  return runWith(prog, args, io, systemDeps());
}

/** An exception nobody expected (a bug): EX_SOFTWARE of sysexits.h. */
const INTERNAL_ERROR_STATUS = 70;

/** Runs the CLI for this process; returns the exit status. */
export function main(argv: readonly string[] = process.argv, fds: StreamFds = STD_FDS): number {
  const prog = lazyProgramName(argv);
  const streams = new ProcessStreams(prog, fds);
  let status: number;
  try {
    status = run(prog, argv.slice(2), processIo(streams));
  } catch (e) {
    // Never a stack trace: one line naming the problem.
    streams.out.flush();
    const what = e instanceof Error ? e.message : String(e);
    streams.err.write(`${progText(prog)}: internal error: ${what.replace(/\s*\n\s*/g, ' ')}\n`);
    status = INTERNAL_ERROR_STATUS;
  }
  return streams.finish(status);
}
