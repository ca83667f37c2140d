// Errors of the IPVS client. They carry numbers, never parsed strings.

/**
 * The libipvs operation that failed. ipvsadm picks its error text by
 * (operation, errno); see strerror.ts.
 */
export type IpvsOp =
  | 'init'
  | 'add-service'
  | 'edit-service'
  | 'del-service'
  | 'zero'
  | 'add-dest'
  | 'edit-dest'
  | 'del-dest'
  | 'set-timeout'
  | 'start-daemon'
  | 'stop-daemon'
  | 'get-services'
  | 'get-service'
  | 'get-dests'
  | 'get-timeout'
  | 'get-daemon'
  | 'flush';

/** A failed IPVS operation: errno as the kernel (or libipvs' rules) gave it. */
export class IpvsError extends Error {
  constructor(
    readonly op: IpvsOp,
    readonly errno: number,
    detail?: string,
  ) {
    super(`${op}: errno ${errno}${detail ? ` (${detail})` : ''}`);
    this.name = 'IpvsError';
  }
}
