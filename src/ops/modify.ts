// The modifying commands: -A -E -D -Z -C -a -e -d --set --start-daemon
// --stop-daemon. Success prints nothing; a kernel error prints ipvsadm's
// text and gives -1 (exit 255), as process_options() in ipvsadm.c.

import type { Command } from '../cli/command.js';
import type { IpvsOp } from '../ipvs/errors.js';
import type { IpvsApi } from '../ipvs/client-api.js';
import { call, type Session } from './session.js';

type Modify = (c: IpvsApi, cmd: Command) => void;

const MODIFY: Partial<Record<Command['name'], [IpvsOp, Modify]>> = {
  'add-service': ['add-service', (c, cmd) => c.addService(cmd.service)],
  'edit-service': ['edit-service', (c, cmd) => c.editService(cmd.service)],
  'delete-service': ['del-service', (c, cmd) => c.delService(cmd.service)],
  zero: ['zero', (c, cmd) => c.zero(cmd.serviceGiven ? cmd.service : null)],
  flush: ['flush', (c) => c.flush()],
  'add-server': ['add-dest', (c, cmd) => c.addDest(cmd.service, cmd.dest)],
  'edit-server': ['edit-dest', (c, cmd) => c.editDest(cmd.service, cmd.dest)],
  'delete-server': ['del-dest', (c, cmd) => c.delDest(cmd.service, cmd.dest)],
  set: ['set-timeout', (c, cmd) => c.setTimeouts(cmd.timeouts)],
  'start-daemon': ['start-daemon', (c, cmd) => c.startDaemon(cmd.daemon)],
  'stop-daemon': ['stop-daemon', (c, cmd) => c.stopDaemon(cmd.daemon)],
};

/** True when the command changes kernel state (handled by runModify). */
export function isModify(cmd: Command): boolean {
  return MODIFY[cmd.name] !== undefined;
}

/** The libipvs operation a modifying command performs. */
export function opOf(cmd: Command): IpvsOp {
  const entry = MODIFY[cmd.name];
  if (!entry) throw new Error(`not a modifying command: ${cmd.name}`);
  return entry[0];
}

/** Runs a modifying command; returns 0 or 255. */
export function runModify(s: Session, cmd: Command): number {
  const entry = MODIFY[cmd.name];
  if (!entry) throw new Error(`not a modifying command: ${cmd.name}`);
  const [op, fn] = entry;
  const r = call(s, op, (c) => fn(c, cmd));
  if (r.ok) return 0;
  s.io.err(`${r.message}\n`);
  return 255;
}
