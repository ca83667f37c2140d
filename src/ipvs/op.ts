// The names of libipvs' operations, as IpvsError and ipvsadm's error texts use them.

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
