// What running one command line gave: its status, and whether ipvsadm would
// have ended the whole process there (fail()/exit() rather than a return).

import type { ParseResult } from '../cli/command.js';
import type { Io } from './io.js';

export interface Outcome {
  readonly status: number;
  /** True where ipvsadm calls exit(): a -R input stops at this line. */
  readonly fatal: boolean;
}

export const done = (status: number): Outcome => ({ status, fatal: false });
export const exitWith = (status: number): Outcome => ({ status, fatal: true });

/** A parse that ended early (help, version, an error): prints its texts, returns its status. */
export function printEarlyExit(io: Io, parsed: Extract<ParseResult, { kind: 'exit' }>): number {
  if (parsed.stdout) io.out(parsed.stdout);
  if (parsed.stderr) io.err(parsed.stderr);
  return parsed.status;
}
