// Reply decoders with libipvs's required-attribute rules (libipvs.c parse
// callbacks; spec §7), one per attribute nest. Each takes the attribute
// area of one generic netlink message (after the genl header) and reads
// each nest's attributes once, through an AttrTable. A missing required
// attribute or a wrong payload size throws DecodeError naming the
// attribute's path (the client maps it to EINVAL).

import { NLA_HDRLEN } from '../netlink/align.js';
import { AttrTable, type AttrNamer, findAttr } from '../netlink/attr-reader.js';
import { readBe32, readU16, readU32 } from '../netlink/bytes.js';
import { DecodeError } from '../netlink/errors.js';
import { attrNamer, CMD_ATTR, DAEMON_ATTR, DEST_ATTR, INFO_ATTR, STATS_ATTR, SVC_ATTR } from './constants.js';
import { inetAddr16 } from './encode.js';
import { AF_INET, AF_INET6 } from './types.js';
import type { Daemon, DestEntry, Info, ServiceEntry, Stats, Timeouts } from './types.js';

const cmdAttrName = attrNamer(CMD_ATTR, 'IPVS_CMD_ATTR_');
const svcAttrName = attrNamer(SVC_ATTR, 'IPVS_SVC_ATTR_');
const destAttrName = attrNamer(DEST_ATTR, 'IPVS_DEST_ATTR_');
const daemonAttrName = attrNamer(DAEMON_ATTR, 'IPVS_DAEMON_ATTR_');
const statsAttrName = attrNamer(STATS_ATTR, 'IPVS_STATS_ATTR_');
const infoAttrName = attrNamer(INFO_ATTR, 'IPVS_INFO_ATTR_');

/** Counters of an idle entry: one shared object (see docs/performance.md). */
const ZERO_STATS: Stats = {
  conns: 0n, inpkts: 0n, outpkts: 0n, inbytes: 0n, outbytes: 0n,
  cps: 0n, inpps: 0n, outpps: 0n, inbps: 0n, outbps: 0n,
};

/** A counter: u64, or in STATS (not wide) u32 but for the byte counters. */
function counter(t: AttrTable, type: number, wide: boolean): bigint {
  if (wide || type === STATS_ATTR.INBYTES || type === STATS_ATTR.OUTBYTES) return t.u64(type);
  const v = t.u32(type);
  return v === 0 ? 0n : BigInt(v);
}

/**
 * ports ipvs_parse_stats() / ipvs_parse_stats64() (libipvs.c) of the
 * STATS64 nest of t, else its STATS nest, else zeros: all ten counters
 * required.
 */
function decodeStats(t: AttrTable, stats: number, stats64: number): Stats {
  const wide = t.has(stats64);
  if (!wide && !t.has(stats)) return ZERO_STATS;
  const s = t.nested(wide ? stats64 : stats, statsAttrName);
  const conns = counter(s, STATS_ATTR.CONNS, wide);
  const inpkts = counter(s, STATS_ATTR.INPKTS, wide);
  const outpkts = counter(s, STATS_ATTR.OUTPKTS, wide);
  const inbytes = counter(s, STATS_ATTR.INBYTES, wide);
  const outbytes = counter(s, STATS_ATTR.OUTBYTES, wide);
  const cps = counter(s, STATS_ATTR.CPS, wide);
  const inpps = counter(s, STATS_ATTR.INPPS, wide);
  const outpps = counter(s, STATS_ATTR.OUTPPS, wide);
  const inbps = counter(s, STATS_ATTR.INBPS, wide);
  const outbps = counter(s, STATS_ATTR.OUTBPS, wide);
  if (!(conns || inpkts || outpkts || inbytes || outbytes || cps || inpps || outpps || inbps || outbps)) return ZERO_STATS;
  return { conns, inpkts, outpkts, inbytes, outbytes, cps, inpps, outpps, inbps, outbps };
}

/**
 * The one nest a reply message carries (SERVICE, DEST, DAEMON) as a table:
 * the last of its type at the top level, as in nla_parse.
 */
function topNest(attrs: Uint8Array, start: number, end: number, type: number, namer: AttrNamer): AttrTable {
  const h = findAttr(attrs, start, end, type);
  if (h < 0) throw new DecodeError([cmdAttrName(type)], 'missing');
  return new AttrTable(attrs, [cmdAttrName(type)], namer, h + NLA_HDRLEN, h + readU16(attrs, h));
}

/** First n characters of a string (libipvs strncpy into fixed buffers). */
function cut(s: string, n: number): string {
  return s.length > n ? s.slice(0, n) : s;
}

/**
 * A service's identity (family, protocol, address, port, fwmark): equal
 * identities, same service. A fwmark service has no protocol, address or
 * port (decodeService leaves them zero). The usual IPv4 services get a
 * number (no string built per service of a dump): -fwmark, or protocol,
 * port and address packed into 53 bits when the protocol is below 32 and
 * the address has nothing past its 4 bytes; every other service a string.
 * A number never equals a string, so the two kinds cannot collide.
 */
export type ServiceIdentity = number | string;

export function serviceIdentity(af: number, protocol: number, port: number, fwmark: number, addr: Uint8Array): ServiceIdentity {
  if (fwmark !== 0) return af === AF_INET ? -fwmark : `${af}/f${fwmark}`;
  const w1 = readU32(addr, 4);
  const w2 = readU32(addr, 8);
  const w3 = readU32(addr, 12);
  if (af === AF_INET && protocol < 32 && (w1 | w2 | w3) === 0) return protocol * 2 ** 48 + port * 2 ** 32 + readBe32(addr, 0);
  return `${af}/${protocol}/${port}/${readU32(addr, 0)}/${w1}/${w2}/${w3}`;
}

/** ports ipvs_services_parse_cb() (libipvs.c); the attributes are [start, end) of attrs. */
export function decodeService(attrs: Uint8Array, start = 0, end = attrs.length): ServiceEntry {
  const t = topNest(attrs, start, end, CMD_ATTR.SERVICE, svcAttrName);
  const af = t.u16(SVC_ATTR.AF);
  let protocol = 0;
  let addr: Uint8Array;
  let port = 0;
  let fwmark = 0;
  if (t.has(SVC_ATTR.FWMARK)) {
    fwmark = t.u32(SVC_ATTR.FWMARK);
    addr = new Uint8Array(16);
  } else if (t.has(SVC_ATTR.PROTOCOL) && t.has(SVC_ATTR.ADDR) && t.has(SVC_ATTR.PORT)) {
    protocol = t.u16(SVC_ATTR.PROTOCOL);
    addr = t.bytes(SVC_ATTR.ADDR, 16);
    port = t.be16(SVC_ATTR.PORT);
  } else {
    throw new DecodeError([...t.path], 'neither FWMARK nor PROTOCOL+ADDR+PORT');
  }
  const schedName = cut(t.str(SVC_ATTR.SCHED_NAME), 15);
  const netmask = af === AF_INET6 ? t.u32(SVC_ATTR.NETMASK) : t.be32(SVC_ATTR.NETMASK);
  const timeout = t.u32(SVC_ATTR.TIMEOUT);
  const fl = t.bytes(SVC_ATTR.FLAGS, 8);
  const flags = (readU32(fl, 0) & readU32(fl, 4)) >>> 0;
  const peName = t.has(SVC_ATTR.PE_NAME) ? cut(t.str(SVC_ATTR.PE_NAME), 16) : '';
  const stats = decodeStats(t, SVC_ATTR.STATS, SVC_ATTR.STATS64);
  return { af, protocol, addr, port, fwmark, schedName, peName, flags, timeout, netmask, stats };
}

/** ports ipvs_dests_parse_cb() (libipvs.c); svcAf stands in for a missing ADDR_FAMILY; the attributes are [start, end). */
export function decodeDest(attrs: Uint8Array, svcAf: number, start = 0, end = attrs.length): DestEntry {
  const t = topNest(attrs, start, end, CMD_ATTR.DEST, destAttrName);
  const addr = t.bytes(DEST_ATTR.ADDR, 16);
  const port = t.be16(DEST_ATTR.PORT);
  const fwdMethod = t.u32(DEST_ATTR.FWD_METHOD);
  const weight = t.u32(DEST_ATTR.WEIGHT) | 0;
  const uThreshold = t.u32(DEST_ATTR.U_THRESH);
  const lThreshold = t.u32(DEST_ATTR.L_THRESH);
  const activeConns = t.u32(DEST_ATTR.ACTIVE_CONNS);
  const inactConns = t.u32(DEST_ATTR.INACT_CONNS);
  const persistConns = t.u32(DEST_ATTR.PERSIST_CONNS);
  const tunType = t.has(DEST_ATTR.TUN_TYPE) ? t.u8(DEST_ATTR.TUN_TYPE) : 0;
  const tunPort = t.has(DEST_ATTR.TUN_PORT) ? t.be16(DEST_ATTR.TUN_PORT) : 0;
  const tunFlags = t.has(DEST_ATTR.TUN_FLAGS) ? t.u16(DEST_ATTR.TUN_FLAGS) : 0;
  const af = t.has(DEST_ATTR.ADDR_FAMILY) ? t.u16(DEST_ATTR.ADDR_FAMILY) : svcAf;
  const stats = decodeStats(t, DEST_ATTR.STATS, DEST_ATTR.STATS64);
  return {
    af, addr, port, fwdMethod, weight, uThreshold, lThreshold, tunType, tunPort, tunFlags,
    activeConns, inactConns, persistConns, stats,
  };
}

/** ports ipvs_getinfo_parse_cb() (libipvs.c): VERSION and CONN_TAB_SIZE required. */
export function decodeInfo(attrs: Uint8Array, start = 0, end = attrs.length): Info {
  const t = new AttrTable(attrs, [], infoAttrName, start, end);
  return { version: t.u32(INFO_ATTR.VERSION), connTabSize: t.u32(INFO_ATTR.CONN_TAB_SIZE) };
}

/** ports ipvs_timeout_parse_cb() (libipvs.c): each value optional (0 when absent). */
export function decodeTimeouts(attrs: Uint8Array, start = 0, end = attrs.length): Timeouts {
  const t = new AttrTable(attrs, [], cmdAttrName, start, end);
  const get = (type: number): number => (t.has(type) ? t.u32(type) : 0);
  return {
    tcp: get(CMD_ATTR.TIMEOUT_TCP),
    tcpFin: get(CMD_ATTR.TIMEOUT_TCP_FIN),
    udp: get(CMD_ATTR.TIMEOUT_UDP),
  };
}

/** ports ipvs_daemon_parse_cb() (libipvs.c): STATE, MCAST_IFN, SYNC_ID required. */
export function decodeDaemon(attrs: Uint8Array, start = 0, end = attrs.length): Daemon {
  const t = topNest(attrs, start, end, CMD_ATTR.DAEMON, daemonAttrName);
  const state = t.u32(DAEMON_ATTR.STATE);
  const mcastIfn = cut(t.str(DAEMON_ATTR.MCAST_IFN), 15);
  const syncId = t.u32(DAEMON_ATTR.SYNC_ID);
  const syncMaxLen = t.has(DAEMON_ATTR.SYNC_MAXLEN) ? t.u16(DAEMON_ATTR.SYNC_MAXLEN) : 0;
  const mcastPort = t.has(DAEMON_ATTR.MCAST_PORT) ? t.u16(DAEMON_ATTR.MCAST_PORT) : 0;
  const mcastTtl = t.has(DAEMON_ATTR.MCAST_TTL) ? t.u8(DAEMON_ATTR.MCAST_TTL) : 0;
  let mcastGroup: Daemon['mcastGroup'] = null;
  if (t.has(DAEMON_ATTR.MCAST_GROUP)) {
    mcastGroup = { af: AF_INET, addr: inetAddr16(t.bytes(DAEMON_ATTR.MCAST_GROUP, 4)) };
  } else if (t.has(DAEMON_ATTR.MCAST_GROUP6)) {
    mcastGroup = { af: AF_INET6, addr: t.bytes(DAEMON_ATTR.MCAST_GROUP6, 16) };
  }
  return { state, mcastIfn, syncId, syncMaxLen, mcastGroup, mcastPort, mcastTtl };
}
