// Where the extensions enter ipvsadm's command line (called by app.ts):
// `--json` on list commands and `-R --test`. A word is only taken when it
// comes before a `--`; when neither word is present nothing changes and the
// arguments go to ipvsadm's parser as they are.

import type { Deps } from '../app.js';
import { parseCommandLine } from '../cli/parse.js';
import type { Io } from '../io.js';
import type { Session } from '../ops/session.js';
import { progText, type ProgramName } from '../program-name.js';
import { checkRules } from './check.js';
import { extractFlag, JSON_FLAG, runJson } from './json-run.js';

export const TEST_FLAG = '--test';

/**
 * `ipvsadm -R --test`: checks standard input without opening IPVS at all.
 * undefined when args do not ask for it (then IPVS is initialised as usual).
 */
export function runOffline(prog: ProgramName, args: readonly string[], io: Io, deps: Deps): number | undefined {
  const t = extractFlag(args, TEST_FLAG);
  if (!t.present || extractFlag(args, JSON_FLAG).present) return undefined;
  const parsed = parseCommandLine(prog, t.args, deps.names, io.env);
  if (parsed.kind === 'exit') {
    if (parsed.stdout) io.out(parsed.stdout);
    if (parsed.stderr) io.err(parsed.stderr);
    return parsed.status;
  }
  if (parsed.command.name !== 'restore') {
    io.err(`${progText(prog)}: --test can only be used with -R/--restore\n`);
    return 2;
  }
  const r = checkRules(io.readStdin(), {
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

/** The `--json` run for args, or undefined when there is no `--json` word. */
export function extensionOf(args: readonly string[]): ((s: Session) => number) | undefined {
  const j = extractFlag(args, JSON_FLAG);
  if (!j.present) return undefined;
  return (s) => runJson(s, j.args);
}
