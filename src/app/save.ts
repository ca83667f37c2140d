// ipvsadm-save [-n]: Debian's script, `ipvsadm -S [-n]`, run in this process.

import type { Io } from '../ops/io.js';
import type { Deps } from './init.js';
import { runWith } from './ipvsadm.js';

/** ipvsadm-save with args (argv without argv[0]); `prog` names the script in its usage text. */
export function saveWith(prog: string, args: readonly string[], io: Io, deps: Deps): number {
  let numeric = false;
  for (const a of args) {
    if (a === '-n') numeric = true;
    else if (a.startsWith('-')) {
      io.err(`${prog}: Script to save the IPVS table to stdout.\n   With the -n option, prints out the table in numeric format.\n`);
      return 1;
    }
  }
  // The script runs `ipvsadm` through PATH, so its messages name `ipvsadm`.
  return runWith('ipvsadm', numeric ? ['-S', '-n'] : ['-S'], io, deps);
}
