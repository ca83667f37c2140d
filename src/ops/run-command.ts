// process_options() of ipvsadm.c: parse one command line and run it; and
// restore_table(): the same for every line of standard input.

import type { ParseResult } from '../cli/command.js';
import { parseCommandLine } from '../cli/parse.js';
import { tryHelp } from '../cli/usage.js';
import { progText } from '../common/program-name.js';
import { runList, runSave } from './list.js';
import { modifyOp, runModify } from './modify.js';
import { done, exitWith, printEarlyExit, type Outcome } from './outcome.js';
import { RestoreBatch } from './restore-batch.js';
import { INPUT_ERROR_STATUS, readStdinOrReport } from './io.js';
import { RestoreLineReader } from './restore-input.js';
import type { Session } from './session.js';

/** Runs one command line (words after the program name). */
export function runCommandLine(s: Session, args: readonly string[]): Outcome {
  return runParsed(s, parse(s, args), false);
}

function parse(s: Session, args: readonly string[]): ParseResult {
  return parseCommandLine(s.prog, args, s.names, s.io.env);
}

function runParsed(s: Session, parsed: ParseResult, readingStdin: boolean): Outcome {
  if (parsed.kind === 'exit') {
    const status = printEarlyExit(s.io, parsed);
    return parsed.continuable ? done(status) : exitWith(status);
  }
  const cmd = parsed.command;
  const op = modifyOp(cmd);
  if (op) return done(runModify(s, op));
  switch (cmd.name) {
    case 'list':
      return runList(s, cmd);
    case 'save':
      return runSave(s, cmd);
    case 'restore':
      if (readingStdin) {
        s.io.err(tryHelp(s.prog));
        return exitWith(255);
      }
      return runRestore(s);
    default:
      throw new Error(`unhandled command ${cmd.name}`);
  }
}

/**
 * ports restore_table() / config_stream_read(): each line runs as its own
 * command line; exit()-style failures end the input, kernel errors do not;
 * the status is the last line's. Consecutive modifying lines are sent to
 * the kernel as one batch (the kernel runs them in order, each with its own
 * ACK), and their messages are printed in line order before anything the
 * next non-modifying line prints, so nothing observable changes. Lines are
 * read, parsed and sent as they come (a batch holds at most
 * RestoreBatch.LIMIT lines), so memory stays flat however long the input.
 * An input that cannot be read completely runs no line at all: one message,
 * status INPUT_ERROR_STATUS (ipvsadm would take a read error for the end of
 * its input and run what it had).
 */
function runRestore(s: Session): Outcome {
  const input = readStdinOrReport(s.io, progText(s.prog));
  if (input === undefined) return exitWith(INPUT_ERROR_STATUS);
  const batch = new RestoreBatch(s);
  let last: Outcome = done(0);
  const lines = new RestoreLineReader(input);
  for (let line = lines.next(); line !== undefined; line = lines.next()) {
    const parsed = parse(s, line.words);
    const op = parsed.kind === 'command' ? modifyOp(parsed.command) : undefined;
    if (op) {
      // A full batch is sent at once: its lines' messages come out in
      // order, before anything a later line prints, as they would anyway.
      const flushed = batch.add(op);
      if (flushed !== undefined) last = done(flushed);
      continue;
    }
    const flushed = batch.flush();
    if (flushed !== undefined) last = done(flushed);
    last = runParsed(s, parsed, true);
    if (last.fatal) return last;
  }
  const flushed = batch.flush();
  if (flushed !== undefined) last = done(flushed);
  return done(last.status === 0 ? 0 : 255);
}
