// The table a listing shows, fetched the one way every listing fetches it
// (-L, -S, --json, ipvsadm-restore --apply): the services, then each
// service's servers, in that order; sorted as ipvsadm sorts them unless the
// listing asks for the kernel's order (--nosort). Throws IpvsError.

import type { IpvsApi } from '../ipvs/client-api.js';
import { sortDests, sortServices } from '../ipvs/sort.js';
import type { Dest, DestEntry, Service, ServiceEntry, ServiceKey } from '../ipvs/types.js';

/** One service of a table with its servers. */
export interface TableEntry<S extends Service = Service, D extends Dest = Dest> {
  readonly service: S;
  readonly dests: readonly D[];
}

/** The kernel's table as read. */
export type KernelTable = readonly TableEntry<ServiceEntry, DestEntry>[];

/** Which services a listing shows, and in which order. */
export interface TableQuery {
  /** The one service of `-L -t/-u/-f ...` (GET_SERVICE); all services when absent (the dump). */
  readonly service?: ServiceKey;
  /** ipvsadm's order (true) or the kernel's (false, --nosort). */
  readonly sorted: boolean;
}

/** The services of a listing (GET_SERVICE of the one asked for, or the dump). */
export function listedServices(client: IpvsApi, q: TableQuery): ServiceEntry[] {
  if (q.service !== undefined) return [client.getService(q.service)];
  const all = client.getServices();
  return q.sorted ? sortServices(all) : all;
}

/** One service's servers (GET_DEST dump). */
export function listedDests(client: IpvsApi, svc: ServiceEntry, sorted: boolean): DestEntry[] {
  const dests = client.getDests(svc);
  return sorted ? sortDests(dests) : dests;
}

/** The whole table at once (the services, then each one's servers). */
export function readTable(client: IpvsApi, q: TableQuery = { sorted: true }): KernelTable {
  return listedServices(client, q).map((service) => ({ service, dests: listedDests(client, service, q.sorted) }));
}
