// One ipvsadm run (or one whole -R input): the IPVS client plus the
// "current operation" that ipvsadm's error texts depend on.

import type { IpvsApi } from '../ipvs/client-api.js';
import { IpvsError, type IpvsOp } from '../ipvs/errors.js';
import { ipvsStrerror } from '../ipvs/strerror.js';
import type { Info } from '../ipvs/types.js';
import type { Names } from '../common/names.js';
import type { Io } from './io.js';
import type { ProgramName } from '../common/program-name.js';

export interface Session {
  readonly client: IpvsApi;
  readonly info: Info;
  readonly names: Names;
  readonly io: Io;
  /** argv[0] as ipvsadm prints it (progText()); worked out only when a text needs it. */
  readonly prog: ProgramName;
  /** glibc strerror(), for errnos ipvsadm has no text of its own for. */
  readonly libcStrerror: (errno: number) => string;
  /**
   * libipvs' global ipvs_func: set by every library call except flush and
   * get-all-services, and kept across the lines of a -R input.
   */
  lastOp: IpvsOp;
}

/** Operations that do not update ipvs_func in libipvs.c. */
const KEEPS_LAST_OP: ReadonlySet<IpvsOp> = new Set<IpvsOp>(['flush', 'get-services']);

/**
 * Runs one client call the way libipvs would: records the operation, and on
 * failure returns the ipvs_strerror() text chosen by (current op, errno).
 */
export function call<T>(
  s: Session,
  op: IpvsOp,
  fn: (client: IpvsApi) => T,
): { ok: true; value: T } | { ok: false; message: string; errno: number } {
  if (!KEEPS_LAST_OP.has(op)) s.lastOp = op;
  try {
    return { ok: true, value: fn(s.client) };
  } catch (e) {
    if (!(e instanceof IpvsError)) throw e;
    return failed(s, e);
  }
}

/** A failed call's result: ipvs_strerror() of (current op, errno). */
export function failed(s: Session, e: IpvsError): { ok: false; message: string; errno: number } {
  return { ok: false, message: ipvsStrerror(s.lastOp, e.errno, s.libcStrerror), errno: e.errno };
}
