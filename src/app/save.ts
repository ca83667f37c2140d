// ipvsadm-save [-n]: Debian's script, `ipvsadm -S [-n]`, run in this process.
// `ipvsadm-save --all [-n]` (this project's word; without it the output is
// Debian's) also writes the director beside the table: a `--set TCP TCPFIN
// UDP` line with the kernel's timeouts and a `--start-daemon` line per
// running sync daemon, which `ipvsadm-restore --apply` converges to.

import { IpvsError } from '../ipvs/errors.js';
import { ipvsStrerror } from '../ipvs/strerror.js';
import { directorLines } from '../ops/director.js';
import type { Io } from '../ops/io.js';
import { withIpvs, type Deps } from './init.js';
import { runWith } from './ipvsadm.js';

/** ipvsadm-save with args (argv without argv[0]); `prog` names the script in its usage text. */
export function saveWith(prog: string, args: readonly string[], io: Io, deps: Deps): number {
  let numeric = false;
  let all = false;
  for (const a of args) {
    if (a === '-n') numeric = true;
    else if (a === '--all') all = true;
    else if (a.startsWith('-')) {
      io.err(`${prog}: Script to save the IPVS table to stdout.\n   With the -n option, prints out the table in numeric format.\n`);
      return 1;
    }
  }
  // The script runs `ipvsadm` through PATH, so its messages name `ipvsadm`.
  const status = runWith('ipvsadm', numeric ? ['-S', '-n'] : ['-S'], io, deps);
  if (!all || status !== 0) return status;
  return withIpvs('ipvsadm', io, deps, (s) => {
    try {
      io.out(directorLines(s.client.getTimeouts(), s.client.getDaemons()));
      return 0;
    } catch (e) {
      if (!(e instanceof IpvsError)) throw e;
      io.err(`${prog}: cannot read the timeouts and sync daemons: ${ipvsStrerror(e.op, e.errno, s.libcStrerror)}\n`);
      return 2;
    }
  });
}
