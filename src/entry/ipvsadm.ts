// The ipvsadm command: bin/ipvsadm.js calls main().

import { runWith } from '../app/ipvsadm.js';
import { progText, type ProgramName } from '../common/program-name.js';
import type { Io } from '../ops/io.js';
import { lazyProgramName } from './argv0.js';
import { StdoutSink } from './stdout-sink.js';
import { processIo, systemDeps } from './system.js';

/**
 * Runs one ipvsadm command line in this process with the given streams
 * (what the kernel test harness uses to run many commands per process).
 */
export function run(prog: ProgramName, args: readonly string[], io: Io): number {
  return runWith(prog, args, io, systemDeps());
}

/** Runs the CLI for this process; returns the exit status. */
export function main(argv: readonly string[] = process.argv): number {
  const sink = new StdoutSink(1);
  const prog = lazyProgramName(argv);
  let status: number;
  try {
    status = run(prog, argv.slice(2), processIo(sink));
  } catch (e) {
    // Never a stack trace: one line naming the problem.
    sink.close();
    const what = e instanceof Error ? e.message : String(e);
    process.stderr.write(`${progText(prog)}: internal error: ${what.replace(/\s*\n\s*/g, ' ')}\n`);
    return 70;
  }
  return sink.close() ?? status;
}
