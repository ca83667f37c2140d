// The typed IPVS client: one method per libipvs operation. Synchronous: the
// transport blocks (one socket per client, reused for every call).
// Every failure throws IpvsError(op, errno): message ipvsadm's text, code the errno's name.

import type { Op } from './operations.js';
import type { Daemon, Dest, DestEntry, Info, Service, ServiceEntry, ServiceKey, Timeouts } from './types.js';

/** One modifying operation (the name the library exported it by first). */
export type BatchOp = Op;

export interface IpvsApi {
  /** GET_INFO (ipvs_init + ipvs_getinfo). */
  getInfo(): Info;
  /**
   * GET_SERVICE dump: every service, in the kernel's (hash-table) order,
   * unsorted; sortServices() gives ipvsadm's listing order.
   */
  getServices(): ServiceEntry[];
  /** GET_SERVICE doit for one service (the request carries the full nest, netmask 0). */
  getService(key: ServiceKey): ServiceEntry;
  /**
   * GET_DEST dump for one service: its real servers in the kernel's order
   * (newest first), unsorted; sortDests() gives ipvsadm's listing order.
   * A service that does not exist gives an empty list.
   */
  getDests(key: ServiceEntry | ServiceKey): DestEntry[];
  /** One modifying operation (what addService() and the others below send). */
  apply(op: Op): void;
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
  applyBatch(ops: readonly Op[]): number[];
  close(): void;
}
