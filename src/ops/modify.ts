// The modifying commands: -A -E -D -Z -C -a -e -d --set --start-daemon
// --stop-daemon. Success prints nothing; a kernel error prints ipvsadm's
// text and gives -1 (exit 255), as process_options() in ipvsadm.c.

import type { Command } from '../cli/command.js';
import type { Op } from '../ipvs/operations.js';
import { call, type Session } from './session.js';

/** The operation a command performs when it changes kernel state, else undefined. */
export function modifyOp(cmd: Command): Op | undefined {
  switch (cmd.name) {
    case 'add-service':
      return { op: 'add-service', svc: cmd.service };
    case 'edit-service':
      return { op: 'edit-service', svc: cmd.service };
    case 'delete-service':
      return { op: 'del-service', svc: cmd.service };
    case 'zero':
      return { op: 'zero', svc: cmd.serviceGiven ? cmd.service : null };
    case 'flush':
      return { op: 'flush' };
    case 'add-server':
      return { op: 'add-dest', svc: cmd.service, dest: cmd.dest };
    case 'edit-server':
      return { op: 'edit-dest', svc: cmd.service, dest: cmd.dest };
    case 'delete-server':
      return { op: 'del-dest', svc: cmd.service, dest: cmd.dest };
    case 'set':
      return { op: 'set-timeout', timeouts: cmd.timeouts };
    case 'start-daemon':
      return { op: 'start-daemon', daemon: cmd.daemon };
    case 'stop-daemon':
      return { op: 'stop-daemon', daemon: cmd.daemon };
    default:
      return undefined;
  }
}

/** Runs a modifying operation; returns 0 or 255. */
export function runModify(s: Session, op: Op): number {
  const r = call(s, op.op, (c) => c.apply(op));
  if (r.ok) return 0;
  s.io.err(`${r.message}\n`);
  return 255;
}
