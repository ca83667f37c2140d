// ipvsadm's main() with every edge injected (Deps, Io): the command line
// goes to ipvsadm's parser untouched unless it holds one of the words this
// project adds before a `--`:
//   --json       a list command answered with one JSON document (docs/json.md)
//   -R --test    the rules on standard input checked, IPVS never opened

import { parseCommandLine } from '../cli/parse.js';
import { defaultListFormat } from '../cli/parse.js';
import { progText, type ProgramName } from '../common/program-name.js';
import { checkRules } from '../ops/check.js';
import { INPUT_ERROR_STATUS, readStdinOrReport, type Io } from '../ops/io.js';
import { listAll } from '../ops/list.js';
import { runJson } from '../ops/list-json.js';
import { printEarlyExit } from '../ops/outcome.js';
import { runCommandLine } from '../ops/run-command.js';
import { withIpvs, type Deps } from './init.js';

export type { Deps };

const JSON_FLAG = '--json';
const TEST_FLAG = '--test';

/** Runs ipvsadm with `args` (argv without argv[0]); returns the exit status. */
export function runWith(prog: ProgramName, args: readonly string[], io: Io, deps: Deps): number {
  const json = extractFlag(args, JSON_FLAG);
  const test = extractFlag(args, TEST_FLAG);
  if (test.present && !json.present) return checkRestoreInput(prog, test.args, io, deps);
  return withIpvs(prog, io, deps, (session) => {
    if (json.present) return runJson(session, json.args);
    if (args.length === 0) return listAll(session, defaultListFormat(), false).status;
    return runCommandLine(session, args).status;
  });
}

/**
 * Removes every `flag` word that comes before a `--`; `present` says
 * whether there was one. Other words stay as they are, in order.
 */
export function extractFlag(args: readonly string[], flag: string): { present: boolean; args: string[] } {
  const out: string[] = [];
  let present = false;
  let ended = false;
  for (const a of args) {
    if (!ended && a === '--') ended = true;
    if (!ended && a === flag) {
      present = true;
      continue;
    }
    out.push(a);
  }
  return { present, args: out };
}

/** `ipvsadm -R --test`: checks standard input line by line; nothing touches IPVS. */
function checkRestoreInput(prog: ProgramName, args: readonly string[], io: Io, deps: Deps): number {
  const parsed = parseCommandLine(prog, args, deps.names, io.env);
  if (parsed.kind === 'exit') return printEarlyExit(io, parsed);
  if (parsed.command.name !== 'restore') {
    io.err(`${progText(prog)}: --test can only be used with -R/--restore\n`);
    return 2;
  }
  const input = readStdinOrReport(io, progText(prog));
  if (input === undefined) return INPUT_ERROR_STATUS;
  const r = checkRules(input, {
    prog,
    file: '-',
    names: deps.names,
    env: io.env,
    stripComments: false,
    simulate: false,
  });
  for (const p of r.problems) io.err(`${p}\n`);
  return r.problems.length === 0 ? 0 : 1;
}
