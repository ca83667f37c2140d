// The modifying IPVS operations, in one table: each operation's name (an
// IpvsOp), the IPVS command it sends and the attributes its request
// carries, in libipvs order (libipvs.c). IpvsClient sends one (apply) or
// many at once (applyBatch) from here, so both send the same bytes.

import type { AttrWriter } from '../netlink/attr-writer.js';
import { CMD } from './constants.js';
import * as enc from './encode.js';
import type { Daemon, Dest, Service, Timeouts } from './types.js';

/** One modifying operation; `op` names it as IpvsError and ipvsadm's messages do. */
export type Op =
  | { readonly op: 'add-service' | 'edit-service' | 'del-service'; readonly svc: Service }
  | { readonly op: 'zero'; readonly svc: Service | null }
  | { readonly op: 'add-dest' | 'edit-dest' | 'del-dest'; readonly svc: Service; readonly dest: Dest }
  | { readonly op: 'flush' }
  | { readonly op: 'set-timeout'; readonly timeouts: Timeouts }
  | { readonly op: 'start-daemon' | 'stop-daemon'; readonly daemon: Daemon };

type Entry<N extends Op['op']> = readonly [cmd: number, attrs: (w: AttrWriter, o: Op & { readonly op: N }) => void];

const service = (w: AttrWriter, o: { svc: Service }): void => enc.encodeService(w, o.svc);

/** The SERVICE nest, then the DEST nest: the attributes of every server request. */
function serviceDest(w: AttrWriter, o: { svc: Service; dest: Dest }): void {
  enc.encodeService(w, o.svc);
  enc.encodeDest(w, o.dest);
}

const OPERATIONS: { readonly [N in Op['op']]: Entry<N> } = {
  'add-service': [CMD.NEW_SERVICE, service],
  'edit-service': [CMD.SET_SERVICE, service],
  'del-service': [CMD.DEL_SERVICE, service],
  // ports ipvs_zero_service(): the nest only when fwmark, address or port is set
  zero: [CMD.ZERO, (w, o) => (o.svc === null || isZeroKey(o.svc) ? undefined : enc.encodeService(w, o.svc))],
  'add-dest': [CMD.NEW_DEST, serviceDest],
  'edit-dest': [CMD.SET_DEST, serviceDest],
  'del-dest': [CMD.DEL_DEST, serviceDest],
  flush: [CMD.FLUSH, () => undefined],
  'set-timeout': [CMD.SET_TIMEOUT, (w, o) => enc.encodeTimeouts(w, o.timeouts)],
  'start-daemon': [CMD.NEW_DAEMON, (w, o) => enc.encodeDaemonStart(w, o.daemon)],
  'stop-daemon': [CMD.DEL_DAEMON, (w, o) => enc.encodeDaemonStop(w, o.daemon)],
};

function isZeroKey(svc: Service): boolean {
  return !svc.fwmark && !svc.port && svc.addr.every((b) => b === 0);
}

/** The generic netlink payload of an operation's request (genl header, attributes), written into w. */
export function writeOp(w: AttrWriter, o: Op): void {
  const [cmd, attrs] = OPERATIONS[o.op] as Entry<Op['op']>;
  enc.putIpvsHeader(w, cmd);
  attrs(w, o);
}
