// Request attribute encoders in libipvs order (libipvs.c). Each writes into
// an AttrWriter; order and presence are part of the wire contract (spec §6).

import type { AttrWriter } from '../netlink/attr-writer.js';
import { writeU32 } from '../netlink/bytes.js';
import { GENL_HDRLEN } from '../netlink/align.js';
import { CMD_ATTR, DAEMON_ATTR, DEST_ATTR, IPVS_GENL_VERSION, SVC_ATTR } from './constants.js';
import { AF_INET, AF_INET6, FWD_MASK } from './types.js';
import type { Daemon, Dest, Service, ServiceKey, Timeouts } from './types.js';

/** The 16-byte union nf_inet_addr: the given bytes, zero-filled. */
export function inetAddr16(addr: Uint8Array): Uint8Array {
  const out = new Uint8Array(16);
  out.set(addr.subarray(0, 16));
  return out;
}

/** The genl header of an IPVS request (version 1), the attributes to follow. */
export function putIpvsHeader(w: AttrWriter, cmd: number): void {
  const at = w.reserveRaw(GENL_HDRLEN);
  w.patchU8(at, cmd).patchU8(at + 1, IPVS_GENL_VERSION);
}

// The nests below are written with nestStart/nestEnd rather than nest(fn):
// no closure per request (a restore encodes one per line).

/** ports ipvs_nl_fill_service_attr() (libipvs.c): the full SERVICE nest. */
export function encodeService(w: AttrWriter, svc: Service): void {
  const nest = w.nestStart();
  putKeyAttrs(w, svc);
  w.str(SVC_ATTR.SCHED_NAME, svc.schedName);
  if (svc.peName) w.str(SVC_ATTR.PE_NAME, svc.peName);
  w.bytes(SVC_ATTR.FLAGS, encodeFlags(svc.flags));
  w.u32(SVC_ATTR.TIMEOUT, svc.timeout);
  if (svc.af === AF_INET6) w.u32(SVC_ATTR.NETMASK, svc.netmask);
  else w.be32(SVC_ATTR.NETMASK, svc.netmask);
  w.nestEnd(nest, CMD_ATTR.SERVICE);
}

/** struct ip_vs_flags { u32 flags; u32 mask = ~0 } in host order. */
function encodeFlags(flags: number): Uint8Array {
  const b = new Uint8Array(8);
  writeU32(b, 0, flags);
  writeU32(b, 4, 0xffffffff);
  return b;
}

/** ports the SERVICE key nest of ipvs_get_dests() (libipvs.c): AF + FWMARK or AF + PROTOCOL + ADDR + PORT. */
export function encodeServiceKey(w: AttrWriter, key: ServiceKey): void {
  const nest = w.nestStart();
  putKeyAttrs(w, key);
  w.nestEnd(nest, CMD_ATTR.SERVICE);
}

/** The key attributes a SERVICE nest starts with: AF, then FWMARK or PROTOCOL + ADDR + PORT. */
function putKeyAttrs(w: AttrWriter, key: ServiceKey): void {
  w.u16(SVC_ATTR.AF, key.af);
  if (key.fwmark) {
    w.u32(SVC_ATTR.FWMARK, key.fwmark);
  } else {
    w.u16(SVC_ATTR.PROTOCOL, key.protocol);
    w.bytes(SVC_ATTR.ADDR, key.addr, 16);
    w.be16(SVC_ATTR.PORT, key.port);
  }
}

/** ports ipvs_nl_fill_dest_attr() (libipvs.c): the DEST nest. */
export function encodeDest(w: AttrWriter, dest: Dest): void {
  const nest = w.nestStart();
  w.u16(DEST_ATTR.ADDR_FAMILY, dest.af);
  w.bytes(DEST_ATTR.ADDR, dest.addr, 16);
  w.be16(DEST_ATTR.PORT, dest.port);
  w.u32(DEST_ATTR.FWD_METHOD, dest.fwdMethod & FWD_MASK);
  w.u32(DEST_ATTR.WEIGHT, dest.weight);
  w.u8(DEST_ATTR.TUN_TYPE, dest.tunType);
  w.be16(DEST_ATTR.TUN_PORT, dest.tunPort);
  w.u16(DEST_ATTR.TUN_FLAGS, dest.tunFlags);
  w.u32(DEST_ATTR.U_THRESH, dest.uThreshold);
  w.u32(DEST_ATTR.L_THRESH, dest.lThreshold);
  w.nestEnd(nest, CMD_ATTR.DEST);
}

/** ports ipvs_start_daemon() (libipvs.c): STATE, IFN, SYNC_ID, then the optional ones. */
export function encodeDaemonStart(w: AttrWriter, d: Daemon): void {
  w.nest(CMD_ATTR.DAEMON, (n) => {
    n.u32(DAEMON_ATTR.STATE, d.state);
    n.str(DAEMON_ATTR.MCAST_IFN, d.mcastIfn);
    n.u32(DAEMON_ATTR.SYNC_ID, d.syncId);
    if (d.syncMaxLen) n.u16(DAEMON_ATTR.SYNC_MAXLEN, d.syncMaxLen);
    if (d.mcastPort) n.u16(DAEMON_ATTR.MCAST_PORT, d.mcastPort);
    if (d.mcastTtl) n.u8(DAEMON_ATTR.MCAST_TTL, d.mcastTtl);
    const g = d.mcastGroup;
    if (g?.af === AF_INET6) n.bytes(DAEMON_ATTR.MCAST_GROUP6, g.addr, 16);
    else if (g?.af === AF_INET) n.bytes(DAEMON_ATTR.MCAST_GROUP, g.addr.slice(0, 4));
  });
}

/** ports ipvs_stop_daemon() (libipvs.c): STATE, empty IFN, SYNC_ID. */
export function encodeDaemonStop(w: AttrWriter, d: Daemon): void {
  w.nest(CMD_ATTR.DAEMON, (n) => {
    n.u32(DAEMON_ATTR.STATE, d.state);
    n.str(DAEMON_ATTR.MCAST_IFN, '');
    n.u32(DAEMON_ATTR.SYNC_ID, d.syncId);
  });
}

/** ports ipvs_set_timeout() (libipvs.c): the three top-level u32 values, always. */
export function encodeTimeouts(w: AttrWriter, t: Timeouts): void {
  w.u32(CMD_ATTR.TIMEOUT_TCP, t.tcp);
  w.u32(CMD_ATTR.TIMEOUT_TCP_FIN, t.tcpFin);
  w.u32(CMD_ATTR.TIMEOUT_UDP, t.udp);
}
