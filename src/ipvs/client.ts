// IpvsClient: one method per libipvs operation (libipvs.c), over one Conn
// (one socket reused for every call; libipvs opens one per call). The
// family id of "IPVS" is resolved lazily once and cached on the instance.
//
// Errors: every failure throws IpvsError(op, errno):
// - NLMSG_ERROR -E from the kernel → E;
// - decode / sequence / protocol failures → EINVAL (22), as libipvs;
// - transport (socket) errors → their errno (e.g. EAGAIN on receive timeout);
// - family "IPVS" not found (the controller answers ENOENT) →
//   IpvsFamilyNotFoundError, an IpvsError('init', ENOENT). No other path
//   yields op 'init' with ENOENT, so (op, errno) is the marker; the caller
//   maps it to what 1.31's raw-socket fallback would report: ENOPROTOOPT
//   "Protocol not available", or EPERM when it cannot open a raw socket
//   (see native-bindings/libc.ts canOpenRawSocket()).

import { Conn, type ConnOptions, type Payload } from '../netlink/conn.js';
import { DecodeError, ERRNO, errnoOf, NetlinkError, ProtocolError } from '../netlink/errors.js';
import { decodeFamilyId, encodeGetFamily, genlAttrStart, genlAttrsAt, GENL_ID_CTRL } from '../netlink/genl.js';
import { type Message, NLM_F } from '../netlink/message.js';
import type { AttrWriter } from '../netlink/attr-writer.js';
import type { Transport } from '../netlink/transport.js';
import type { IpvsApi } from './client-api.js';
import { CMD, IPVS_GENL_NAME } from './constants.js';
import {
  decodeDaemon, decodeDest, decodeInfo, decodeService, decodeTimeouts, serviceIdentity, type ServiceIdentity,
} from './decode.js';
import * as enc from './encode.js';
import { IpvsError, type IpvsOp } from './errors.js';
import { type Op, writeOp } from './operations.js';
import type { Daemon, Dest, DestEntry, Info, Service, ServiceEntry, ServiceKey, Timeouts } from './types.js';

export interface IpvsClientOptions extends ConnOptions {
  /**
   * Opens another socket for every second service dump of getServices()
   * (the CLI: a new NetlinkSocket), closed after that dump. The kernel cuts
   * a dump into datagrams by the socket's history (the first datagram on a
   * new socket is one page, later ones up to 32 KiB), and a dump can lose
   * services where a datagram resumes while the table changes: on one
   * socket every repeat is cut at the same places, on two the places
   * differ. Without it every dump goes through the one transport.
   */
  readonly openDumpTransport?: () => Transport;
}

/**
 * The most service dumps getServices() takes of a changing table. Four
 * were not always enough: under constant churn all four could be disturbed
 * and lose the same services (see docs/reliability.md); the extra dumps
 * are taken only while dumps keep disagreeing.
 */
const SERVICE_DUMPS = 8;

/** The "IPVS" generic netlink family does not exist (kernel without IPVS): op 'init', code 'ENOENT'. */
export class IpvsFamilyNotFoundError extends IpvsError {
  constructor() {
    super(
      'init',
      ERRNO.ENOENT,
      'generic netlink family IPVS not found',
      'IP Virtual Server is not available (no generic netlink family IPVS; is the ip_vs module loaded?)',
    );
    this.name = 'IpvsFamilyNotFoundError';
  }
}

/** One modifying operation of a batch (ipvsadm-restore). */
export type { BatchOp } from './client-api.js';

/** Maps anything thrown below the client to an errno (libipvs rules). */
export function errnoOfFailure(e: unknown): number {
  if (e instanceof NetlinkError) return e.errno;
  if (e instanceof DecodeError || e instanceof ProtocolError) return ERRNO.EINVAL;
  return errnoOf(e) ?? ERRNO.EINVAL;
}

/** Anything thrown below the client as the IpvsError of op (an IpvsError as it is). */
function ipvsErrorOf(op: IpvsOp, e: unknown): IpvsError {
  if (e instanceof IpvsError) return e;
  const detail = e instanceof NetlinkError ? e.extAckMsg : e instanceof Error ? e.message : undefined;
  return new IpvsError(op, errnoOfFailure(e), detail);
}

function sameKeys(a: ReadonlySet<ServiceIdentity>, b: ReadonlySet<ServiceIdentity>): boolean {
  if (a.size !== b.size) return false;
  for (const k of a) if (!b.has(k)) return false;
  return true;
}

/** The payload of an IPVS request: the genl header of cmd, then what attrs writes. */
function ipvsPayload(cmd: number, attrs?: (w: AttrWriter) => void): Payload {
  return (w) => {
    enc.putIpvsHeader(w, cmd);
    attrs?.(w);
  };
}

export class IpvsClient implements IpvsApi {
  private readonly conn: Conn;
  private familyId: number | undefined;

  constructor(
    transport: Transport,
    private readonly opts: IpvsClientOptions = {},
  ) {
    this.conn = new Conn(transport, opts);
  }

  /** ports ipvs_nl_message() family lookup (genl_ctrl_resolve): cached after the first call. */
  family(): number {
    if (this.familyId !== undefined) return this.familyId;
    let msgs: Message[];
    try {
      msgs = this.conn.request(GENL_ID_CTRL, NLM_F.REQUEST | NLM_F.ACK, encodeGetFamily(IPVS_GENL_NAME));
    } catch (e) {
      if (e instanceof NetlinkError && e.errno === ERRNO.ENOENT) throw new IpvsFamilyNotFoundError();
      throw ipvsErrorOf('init', e);
    }
    const first = msgs[0];
    if (first === undefined) throw new IpvsError('init', ERRNO.EINVAL, 'empty controller reply');
    try {
      this.familyId = decodeFamilyId(first.payload);
    } catch (e) {
      throw new IpvsError('init', ERRNO.EINVAL, e instanceof Error ? e.message : undefined);
    }
    return this.familyId;
  }

  /** Runs fn, turning every failure into IpvsError(op, errno). */
  private run<T>(op: IpvsOp, fn: (family: number) => T): T {
    const family = this.family();
    try {
      return fn(family);
    } catch (e) {
      throw ipvsErrorOf(op, e);
    }
  }

  /**
   * decode gets each reply as it is read: the datagram and where the
   * message's attributes start and end (valid only during the call).
   */
  private dump<T>(op: IpvsOp, payload: Payload, decode: (buf: Uint8Array, start: number, end: number) => T, conn = this.conn): T[] {
    return this.run(op, (f) => {
      let out: T[] = [];
      conn.dumpEach(f, payload, (d, at, end) => out.push(decode(d, genlAttrsAt(d, at, end), end)), () => (out = []));
      return out;
    });
  }

  /** The one data message a GET doit answers with. */
  private single<T>(op: IpvsOp, payload: Payload, decode: (payload: Uint8Array, start: number) => T): T {
    return this.run(op, (f) => {
      const m = this.conn.request(f, NLM_F.REQUEST | NLM_F.ACK, payload)[0];
      if (m === undefined) throw new ProtocolError('no data in reply');
      return decode(m.payload, genlAttrStart(m.payload));
    });
  }

  /** ports ipvs_getinfo() (libipvs.c). */
  getInfo(): Info {
    return this.single('init', ipvsPayload(CMD.GET_INFO), decodeInfo);
  }

  /**
   * ports ipvs_get_services() (libipvs.c). The kernel's service dump resumes
   * each datagram at a saved index into its hash table, so a service added
   * or deleted meanwhile shifts that index: the dump can repeat a service or
   * silently skip one (issue 8). Repeats are dropped. A dump that came in one
   * datagram without repeats is a consistent snapshot; otherwise the dump is
   * taken again until two in a row (one on each socket) list the same
   * services without repeats (at most SERVICE_DUMPS), and the result is every service any of them
   * listed, in the order first seen, so a service that existed throughout
   * is not missing. Every second dump goes through another socket when
   * opts.openDumpTransport is given, so that repeats are not all cut into
   * datagrams at the same places. Unsorted (sortServices() gives ipvsadm's
   * order).
   */
  getServices(): ServiceEntry[] {
    const byKey = new Map<ServiceIdentity, ServiceEntry>();
    let previous: Set<ServiceIdentity> | undefined;
    for (let attempt = 0; attempt < SERVICE_DUMPS; attempt++) {
      const conn = attempt % 2 === 1 ? this.otherConn() : this.conn;
      let services: ServiceEntry[];
      try {
        services = this.dump('get-services', ipvsPayload(CMD.GET_SERVICE), decodeService, conn);
      } finally {
        if (conn !== this.conn) conn.close();
      }
      const keys = new Set<ServiceIdentity>();
      let repeated = false;
      for (const e of services) {
        const k = serviceIdentity(e.af, e.protocol, e.port, e.fwmark, e.addr);
        if (keys.has(k)) repeated = true;
        keys.add(k);
        if (!byKey.has(k)) byKey.set(k, e);
      }
      if (repeated) {
        // a repeat proves a concurrent change; the next clean dump is
        // compared with one after it, never with one before this.
        previous = undefined;
        continue;
      }
      if (conn.lastDatagrams <= 1) break;
      if (previous !== undefined && sameKeys(keys, previous)) break;
      previous = keys;
    }
    return [...byKey.values()];
  }

  /** A connection on another socket (openDumpTransport), or this one when there is none or it cannot be opened. */
  private otherConn(): Conn {
    let t: Transport | undefined;
    try {
      t = this.opts.openDumpTransport?.();
    } catch {
      // no second socket (e.g. out of file descriptors): the one we have will do
    }
    return t === undefined ? this.conn : new Conn(t, { ...this.opts, seq: this.conn.nextSeq() });
  }

  /** ports ipvs_get_service() (libipvs.c): full nest from a zeroed service. */
  getService(key: ServiceKey): ServiceEntry {
    const svc: Service = {
      af: key.af, protocol: key.protocol, addr: key.addr, port: key.port, fwmark: key.fwmark,
      schedName: '', peName: '', flags: 0, timeout: 0, netmask: 0,
    };
    return this.single('get-service', ipvsPayload(CMD.GET_SERVICE, (w) => enc.encodeService(w, svc)), decodeService);
  }

  /** ports ipvs_get_dests() (libipvs.c) without its sort: the kernel's order, newest first (sortDests() gives ipvsadm's). */
  getDests(key: ServiceEntry | ServiceKey): DestEntry[] {
    const af = key.af;
    return this.dump('get-dests', ipvsPayload(CMD.GET_DEST, (w) => enc.encodeServiceKey(w, key)), (d, start, end) => decodeDest(d, af, start, end));
  }

  /** One modifying operation: its request (operations.ts), acknowledged by the kernel. */
  apply(op: Op): void {
    this.run(op.op, (f) => this.conn.request(f, NLM_F.REQUEST | NLM_F.ACK, (w) => writeOp(w, op)));
  }

  /** ports ipvs_add_service() (libipvs.c). */
  addService(svc: Service): void {
    this.apply({ op: 'add-service', svc });
  }

  /** ports ipvs_update_service() (libipvs.c). */
  editService(svc: Service): void {
    this.apply({ op: 'edit-service', svc });
  }

  /** ports ipvs_del_service() (libipvs.c). */
  delService(svc: Service): void {
    this.apply({ op: 'del-service', svc });
  }

  /** ports ipvs_zero_service() (libipvs.c). */
  zero(svc: Service | null): void {
    this.apply({ op: 'zero', svc });
  }

  /** ports ipvs_add_dest() (libipvs.c). */
  addDest(svc: Service, dest: Dest): void {
    this.apply({ op: 'add-dest', svc, dest });
  }

  /** ports ipvs_update_dest() (libipvs.c). */
  editDest(svc: Service, dest: Dest): void {
    this.apply({ op: 'edit-dest', svc, dest });
  }

  /** ports ipvs_del_dest() (libipvs.c). */
  delDest(svc: Service, dest: Dest): void {
    this.apply({ op: 'del-dest', svc, dest });
  }

  /** ports ipvs_flush() (libipvs.c). */
  flush(): void {
    this.apply({ op: 'flush' });
  }

  /** ports ipvs_get_timeout() (libipvs.c). */
  getTimeouts(): Timeouts {
    return this.single('get-timeout', ipvsPayload(CMD.GET_TIMEOUT), decodeTimeouts);
  }

  /** ports ipvs_set_timeout() (libipvs.c). */
  setTimeouts(t: Timeouts): void {
    this.apply({ op: 'set-timeout', timeouts: t });
  }

  /** ports ipvs_get_daemon() (libipvs.c): slot 0 = first message, slot 1 = the last of the others. */
  getDaemons(): Daemon[] {
    const all = this.dump('get-daemon', ipvsPayload(CMD.GET_DAEMON), decodeDaemon);
    const first = all[0];
    const last = all.length > 1 ? all[all.length - 1] : undefined;
    return first === undefined ? [] : last === undefined ? [first] : [first, last];
  }

  /** ports ipvs_start_daemon() (libipvs.c). */
  startDaemon(d: Daemon): void {
    this.apply({ op: 'start-daemon', daemon: d });
  }

  /** ports ipvs_stop_daemon() (libipvs.c). */
  stopDaemon(d: Daemon): void {
    this.apply({ op: 'stop-daemon', daemon: d });
  }

  /**
   * Sends many modifying operations at once (fast restore): the same request
   * bytes as the single methods, packed into few datagrams. Returns, in order,
   * 0 or the kernel's errno per operation. A transport or protocol failure
   * of the whole batch throws IpvsError with the op of the first operation.
   */
  applyBatch(ops: readonly Op[]): number[] {
    if (ops.length === 0) return [];
    const first = ops[0] as Op;
    return this.run(first.op, (family) =>
      this.conn.requestManyWith(ops.length, (i, w) => {
        writeOp(w, ops[i] as Op);
        return family;
      }),
    );
  }

  close(): void {
    this.conn.close();
  }
}
