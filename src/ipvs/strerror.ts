// ports ipvs_strerror() (libipvs.c) as data: (operation, errno) → text,
// first match wins, '*' matches every operation; no match → libc strerror.
// Which operation is "current" (flush and get-services do not update it in
// 1.31) is the caller's business.

import { ERRNO } from '../netlink/errors.js';
import type { IpvsOp } from './op.js';

type Row = readonly [op: IpvsOp | '*', errno: number, message: string];

const { EEXIST, ENOENT, ESRCH, EPERM, EINVAL, ENOPROTOOPT, ENOMEM, EOPNOTSUPP, EAFNOSUPPORT, EMSGSIZE } = ERRNO;

/** The table of ipvs_strerror(), in libipvs order. */
export const IPVS_STRERROR_TABLE: readonly Row[] = [
  ['add-service', EEXIST, 'Service already exists'],
  ['add-service', ENOENT, 'Scheduler or persistence engine not found'],
  ['edit-service', ESRCH, 'No such service'],
  ['edit-service', ENOENT, 'Scheduler or persistence engine not found'],
  ['del-service', ESRCH, 'No such service'],
  ['zero', ESRCH, 'No such service'],
  ['add-dest', ESRCH, 'Service not defined'],
  ['add-dest', EEXIST, 'Destination already exists'],
  ['edit-dest', ESRCH, 'Service not defined'],
  ['edit-dest', ENOENT, 'No such destination'],
  ['del-dest', ESRCH, 'Service not defined'],
  ['del-dest', ENOENT, 'No such destination'],
  ['start-daemon', EEXIST, 'Daemon has already run'],
  ['stop-daemon', ESRCH, 'No daemon is running'],
  ['get-services', ESRCH, 'No such service'],
  ['get-dests', ESRCH, 'No such service'],
  ['get-service', ESRCH, 'No such service'],
  ['*', EPERM, 'Permission denied (you must be root)'],
  ['*', EINVAL, 'Invalid operation.  Possibly wrong module version, address not unicast, ...'],
  ['*', ENOPROTOOPT, 'Protocol not available'],
  ['*', ENOMEM, 'Memory allocation problem'],
  ['*', EOPNOTSUPP, 'Operation not supported with IPv6'],
  ['*', EAFNOSUPPORT, 'Operation not supported with specified address family'],
  ['*', EMSGSIZE, 'Module is wrong version'],
];

/** ports ipvs_strerror() (libipvs.c). */
export function ipvsStrerror(op: IpvsOp, errno: number, libcStrerror: (e: number) => string): string {
  for (const [rowOp, rowErrno, message] of IPVS_STRERROR_TABLE) {
    if ((rowOp === '*' || rowOp === op) && rowErrno === errno) return message;
  }
  return libcStrerror(errno);
}
