// The typed IPVS client: one method per libipvs operation. Synchronous: the
// transport blocks (one socket per client, reused for every call).
// Every failure throws IpvsError(op, errno).

import type { Daemon, Dest, DestEntry, Info, Service, ServiceEntry, ServiceKey, Timeouts } from './types.js';

/** One modifying operation of a batch (see IpvsApi.applyBatch). */
export type BatchOp =
  | { readonly op: 'add-service' | 'edit-service' | 'del-service'; readonly svc: Service }
  | { readonly op: 'zero'; readonly svc: Service | null }
  | { readonly op: 'add-dest' | 'edit-dest' | 'del-dest'; readonly svc: Service; readonly dest: Dest }
  | { readonly op: 'flush' }
  | { readonly op: 'set-timeout'; readonly timeouts: Timeouts }
  | { readonly op: 'start-daemon' | 'stop-daemon'; readonly daemon: Daemon };

export interface IpvsApi {
  /** GET_INFO (ipvs_init + ipvs_getinfo). */
  getInfo(): Info;
  /** GET_SERVICE dump, in kernel order. */
  getServices(): ServiceEntry[];
  /** GET_SERVICE doit for one service (the request carries the full nest, netmask 0). */
  getService(key: ServiceKey): ServiceEntry;
  /** GET_DEST dump for one service, in kernel order (newest first). */
  getDests(key: ServiceEntry | ServiceKey): DestEntry[];
  addService(svc: Service): void;
  editService(svc: Service): void;
  delService(svc: Service): void;
  /** ZERO; null zeroes everything. */
  zero(svc: Service | null): void;
  addDest(svc: Service, dest: Dest): void;
  editDest(svc: Service, dest: Dest): void;
  delDest(svc: Service, dest: Dest): void;
  flush(): void;
  getTimeouts(): Timeouts;
  setTimeouts(t: Timeouts): void;
  getDaemons(): Daemon[];
  startDaemon(d: Daemon): void;
  stopDaemon(d: Daemon): void;
  /**
   * Sends many modifying operations in as few datagrams as fit, the kernel
   * running them in order; returns 0 or the errno of each, in order.
   */
  applyBatch(ops: readonly BatchOp[]): number[];
  close(): void;
}
