// Errors of the IPVS client: the operation and errno (numbers, never parsed
// strings), with ipvsadm's text for them and the errno's name.

import { errnoCode, strerror, type ErrnoCode } from '../netlink/errno.js';
import type { IpvsOp } from './op.js';
import { ipvsStrerror } from './strerror.js';

export type { IpvsOp } from './op.js';

/** The name of an IpvsError's errno (`'EEXIST'`, …); `'UNKNOWN'` for one outside the errno table. */
export type IpvsErrorCode = ErrnoCode | 'UNKNOWN';

/**
 * A failed IPVS operation: errno as the kernel (or libipvs' rules) gave it.
 * `message` is ipvsadm's text for (op, errno) (`Service already exists`),
 * glibc's strerror() text where ipvsadm has none; `code` names the errno;
 * `detail` says what failed below the kernel's answer (a reply that did not
 * parse, a socket error), when that is what happened.
 */
export class IpvsError extends Error {
  readonly code: IpvsErrorCode;

  constructor(
    readonly op: IpvsOp,
    readonly errno: number,
    readonly detail?: string,
    message: string = ipvsStrerror(op, errno, strerror),
  ) {
    super(message);
    this.name = 'IpvsError';
    this.code = errnoCode(errno) ?? 'UNKNOWN';
  }
}
