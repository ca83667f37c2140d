// Reply decoders with libipvs's required-attribute rules (libipvs.c parse
// callbacks; spec §7). Each takes the attribute area of one generic netlink
// message (after the genl header). A missing required attribute or a wrong
// payload size throws DecodeError (the client maps it to EINVAL).

import { NLA_HDRLEN } from '../netlink/align.js';
import { AttrTable, type AttrNamer, findAttr, indexAttrs, readStr } from '../netlink/attr-reader.js';
import { readBe16, readBe32, readU16, readU32, readU64 } from '../netlink/bytes.js';
import { DecodeError } from '../netlink/errors.js';
import { attrNamer, CMD_ATTR, DAEMON_ATTR, DEST_ATTR, INFO_ATTR, STATS_ATTR, SVC_ATTR } from './constants.js';
import { inetAddr16 } from './encode.js';
import { AF_INET, AF_INET6 } from './types.js';
import type { Daemon, DestEntry, Info, ServiceEntry, ServiceKey, Stats, Timeouts } from './types.js';

const cmdAttrName = attrNamer(CMD_ATTR, 'IPVS_CMD_ATTR_');
const svcAttrName = attrNamer(SVC_ATTR, 'IPVS_SVC_ATTR_');
const destAttrName = attrNamer(DEST_ATTR, 'IPVS_DEST_ATTR_');
const daemonAttrName = attrNamer(DAEMON_ATTR, 'IPVS_DAEMON_ATTR_');
const statsAttrName = attrNamer(STATS_ATTR, 'IPVS_STATS_ATTR_');
const infoAttrName = attrNamer(INFO_ATTR, 'IPVS_INFO_ATTR_');

export const ZERO_STATS: Stats = {
  conns: 0n, inpkts: 0n, outpkts: 0n, inbytes: 0n, outbytes: 0n,
  cps: 0n, inpps: 0n, outpps: 0n, inbps: 0n, outbps: 0n,
};

/** ports ipvs_parse_stats() / ipvs_parse_stats64() (libipvs.c): all ten counters required. */
export function decodeStatsNest(t: AttrTable, wide: boolean): Stats {
  const n = (type: number): bigint => (wide ? t.u64(type) : BigInt(t.u32(type)));
  return {
    conns: n(STATS_ATTR.CONNS),
    inpkts: n(STATS_ATTR.INPKTS),
    outpkts: n(STATS_ATTR.OUTPKTS),
    inbytes: t.u64(STATS_ATTR.INBYTES),
    outbytes: t.u64(STATS_ATTR.OUTBYTES),
    cps: n(STATS_ATTR.CPS),
    inpps: n(STATS_ATTR.INPPS),
    outpps: n(STATS_ATTR.OUTPPS),
    inbps: n(STATS_ATTR.INBPS),
    outbps: n(STATS_ATTR.OUTBPS),
  };
}

// The fast path of decodeStats: one scan of the nest into these offsets
// (module scratch: decoding is synchronous and never nested), no table, and
// idle counters shared (0n is a constant, ZERO_STATS one object) rather than
// allocated: a listing decodes a stats nest per entry. Anything the scan
// does not like goes to the table path, which throws the precise error.
const statsAt = new Int32Array(STATS_ATTR.OUTBPS + 1);

/** Payload size of a counter: byte counters are u64 in STATS too. */
function counterBytes(type: number, wide: boolean): number {
  return wide || type === STATS_ATTR.INBYTES || type === STATS_ATTR.OUTBYTES ? 8 : 4;
}

function counter(buf: Uint8Array, type: number, wide: boolean): bigint {
  const at = (statsAt[type] as number) + NLA_HDRLEN;
  const lo = readU32(buf, at);
  if (counterBytes(type, wide) === 4) return lo === 0 ? 0n : BigInt(lo);
  return lo === 0 && readU32(buf, at + 4) === 0 ? 0n : readU64(buf, at);
}

function scanStats(buf: Uint8Array, start: number, end: number, wide: boolean): Stats | undefined {
  indexAttrs(buf, start, end, statsAt);
  let bits = 0;
  for (let type = 1; type <= STATS_ATTR.OUTBPS; type++) {
    const h = statsAt[type] as number;
    if (h < 0) return undefined;
    const len = readU16(buf, h);
    if (len - NLA_HDRLEN !== counterBytes(type, wide)) return undefined;
    for (let i = h + NLA_HDRLEN; i < h + len; i++) bits |= buf[i] as number;
  }
  if (bits === 0) return ZERO_STATS;
  return {
    conns: counter(buf, STATS_ATTR.CONNS, wide),
    inpkts: counter(buf, STATS_ATTR.INPKTS, wide),
    outpkts: counter(buf, STATS_ATTR.OUTPKTS, wide),
    inbytes: counter(buf, STATS_ATTR.INBYTES, wide),
    outbytes: counter(buf, STATS_ATTR.OUTBYTES, wide),
    cps: counter(buf, STATS_ATTR.CPS, wide),
    inpps: counter(buf, STATS_ATTR.INPPS, wide),
    outpps: counter(buf, STATS_ATTR.OUTPPS, wide),
    inbps: counter(buf, STATS_ATTR.INBPS, wide),
    outbps: counter(buf, STATS_ATTR.OUTBPS, wide),
  };
}

/** STATS64 preferred, else STATS (u32 counters, u64 bytes), else zeros. */
function decodeStats(t: AttrTable, stats: number, stats64: number): Stats {
  const wide = t.has(stats64);
  const type = wide ? stats64 : stats;
  if (!wide && !t.has(stats)) return ZERO_STATS;
  const [start, end] = t.span(type);
  return scanStats(t.buffer, start, end, wide) ?? decodeStatsNest(t.nested(type, statsAttrName), wide);
}

/**
 * The one nest a reply message carries (SERVICE, DEST, DAEMON) as a table,
 * found by scanning the top level (the last of its type wins, as in
 * nla_parse) instead of building a table for it.
 */
function topNest(attrs: Uint8Array, start: number, end: number, type: number, path: readonly string[], namer: AttrNamer): AttrTable {
  const h = findAttr(attrs, start, end, type);
  if (h < 0) return new AttrTable(attrs, [], cmdAttrName, start, end).nested(type, namer); // throws "missing"
  return new AttrTable(attrs, path, namer, h + NLA_HDRLEN, h + readU16(attrs, h));
}

const SERVICE_PATH = [cmdAttrName(CMD_ATTR.SERVICE)];
const DEST_PATH = [cmdAttrName(CMD_ATTR.DEST)];
const DAEMON_PATH = [cmdAttrName(CMD_ATTR.DAEMON)];

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

export function serviceIdentity(af: number, protocol: number, port: number, fwmark: number, addr: Uint8Array, at = 0): ServiceIdentity {
  if (fwmark !== 0) return af === AF_INET ? -fwmark : `${af}/f${fwmark}`;
  const w1 = readU32(addr, at + 4);
  const w2 = readU32(addr, at + 8);
  const w3 = readU32(addr, at + 12);
  if (af === AF_INET && protocol < 32 && (w1 | w2 | w3) === 0) return protocol * 2 ** 48 + port * 2 ** 32 + readBe32(addr, at);
  return `${af}/${protocol}/${port}/${readU32(addr, at)}/${w1}/${w2}/${w3}`;
}

const svcKeyAt = new Int32Array(SVC_ATTR.FWMARK + 1);

/**
 * The key fields of a GET_SERVICE reply read straight from the bytes, into
 * this module scratch: fwmark -1 when there is no FWMARK attribute, else
 * protocol, port and addrAt (offset of the 16 address bytes). false when
 * decodeService would not accept the key (the caller then decodes, which
 * throws the precise error).
 */
const replyKey = { af: 0, fwmark: -1, protocol: 0, port: 0, addrAt: 0 };

function readReplyKey(attrs: Uint8Array, start: number, end: number): boolean {
  const nest = findAttr(attrs, start, end, CMD_ATTR.SERVICE);
  if (nest < 0) return false;
  const at = indexAttrs(attrs, nest + NLA_HDRLEN, nest + readU16(attrs, nest), svcKeyAt);
  const hAf = at[SVC_ATTR.AF] as number;
  const hMark = at[SVC_ATTR.FWMARK] as number;
  if (sizeAt(attrs, hAf) !== 2) return false;
  replyKey.af = readU16(attrs, hAf + NLA_HDRLEN);
  if (hMark >= 0) {
    if (sizeAt(attrs, hMark) !== 4) return false;
    replyKey.fwmark = readU32(attrs, hMark + NLA_HDRLEN);
    return true;
  }
  const hProto = at[SVC_ATTR.PROTOCOL] as number;
  const hAddr = at[SVC_ATTR.ADDR] as number;
  const hPort = at[SVC_ATTR.PORT] as number;
  if (sizeAt(attrs, hProto) !== 2 || sizeAt(attrs, hAddr) !== 16 || sizeAt(attrs, hPort) !== 2) return false;
  replyKey.fwmark = -1;
  replyKey.protocol = readU16(attrs, hProto + NLA_HDRLEN);
  replyKey.port = readBe16(attrs, hPort + NLA_HDRLEN);
  replyKey.addrAt = hAddr + NLA_HDRLEN;
  return true;
}

/**
 * serviceIdentity() of a GET_SERVICE reply straight from its bytes, without
 * decoding the service (repeat dumps only need to know which services they
 * list). undefined when the reply is not one decodeService would accept
 * the key of; the caller then decodes it, which throws the precise error.
 */
export function serviceIdentityOf(attrs: Uint8Array, start = 0, end = attrs.length): ServiceIdentity | undefined {
  if (!readReplyKey(attrs, start, end)) return undefined;
  const k = replyKey;
  if (k.fwmark >= 0) return serviceIdentity(k.af, 0, 0, k.fwmark, attrs);
  return serviceIdentity(k.af, k.protocol, k.port, 0, attrs, k.addrAt);
}

/**
 * Whether a GET_SERVICE reply names the service `e` (serviceIdentityOf()
 * of it would equal e's serviceIdentity()), read from the bytes without
 * building the identity. false also for anything serviceIdentityOf() would
 * have to look at more closely.
 */
export function serviceIdentityMatches(e: ServiceKey, attrs: Uint8Array, start: number, end: number): boolean {
  if (!readReplyKey(attrs, start, end)) return false;
  const k = replyKey;
  if (k.af !== e.af) return false;
  if (k.fwmark >= 0) return k.fwmark !== 0 && k.fwmark === e.fwmark;
  if (e.fwmark !== 0 || k.protocol !== e.protocol || k.port !== e.port) return false;
  for (let i = 0; i < 16; i++) if (attrs[k.addrAt + i] !== (e.addr[i] ?? 0)) return false;
  return true;
}

// The fast paths of decodeService/decodeDest: one scan of the nest into
// offsets (module scratch, as statsAt), then straight reads. They accept
// only what the table decoders would decode to the same values and return
// undefined for anything else, which then goes to the table decoders, the
// ones that throw the precise errors.
const svcAt = new Int32Array(SVC_ATTR.STATS64 + 1);
const destAt = new Int32Array(DEST_ATTR.TUN_FLAGS + 1);

/** Payload size of the attribute whose header is at h, or -1 when absent (h < 0). */
function sizeAt(buf: Uint8Array, h: number): number {
  return h < 0 ? -1 : readU16(buf, h) - NLA_HDRLEN;
}

/** decodeStats() over an index: STATS64, else STATS, else zeros; undefined when the scan refuses. */
function scanStatsAt(buf: Uint8Array, stats: number, stats64: number): Stats | undefined {
  const h = stats64 >= 0 ? stats64 : stats;
  if (h < 0) return ZERO_STATS;
  return scanStats(buf, h + NLA_HDRLEN, h + readU16(buf, h), stats64 >= 0);
}

// The scans below are written without closures or helper calls per field:
// a listing runs them once per entry in a short-lived process, mostly
// before V8 optimises them, where each call and closure counts.
function scanService(buf: Uint8Array, start: number, end: number): ServiceEntry | undefined {
  const at = indexAttrs(buf, start, end, svcAt);
  const hAf = at[SVC_ATTR.AF] as number;
  const hMark = at[SVC_ATTR.FWMARK] as number;
  const hSched = at[SVC_ATTR.SCHED_NAME] as number;
  const hMask = at[SVC_ATTR.NETMASK] as number;
  const hTimeout = at[SVC_ATTR.TIMEOUT] as number;
  const hFlags = at[SVC_ATTR.FLAGS] as number;
  const hPe = at[SVC_ATTR.PE_NAME] as number;
  if (sizeAt(buf, hAf) !== 2 || hSched < 0 || sizeAt(buf, hMask) !== 4 || sizeAt(buf, hTimeout) !== 4 || sizeAt(buf, hFlags) !== 8) {
    return undefined;
  }
  const af = readU16(buf, hAf + NLA_HDRLEN);
  let protocol = 0;
  let addr: Uint8Array;
  let port = 0;
  let fwmark = 0;
  if (hMark >= 0) {
    if (sizeAt(buf, hMark) !== 4) return undefined;
    fwmark = readU32(buf, hMark + NLA_HDRLEN);
    addr = new Uint8Array(16);
  } else {
    const hProto = at[SVC_ATTR.PROTOCOL] as number;
    const hAddr = at[SVC_ATTR.ADDR] as number;
    const hPort = at[SVC_ATTR.PORT] as number;
    if (sizeAt(buf, hProto) !== 2 || sizeAt(buf, hAddr) !== 16 || sizeAt(buf, hPort) !== 2) return undefined;
    protocol = readU16(buf, hProto + NLA_HDRLEN);
    addr = buf.slice(hAddr + NLA_HDRLEN, hAddr + NLA_HDRLEN + 16);
    port = readBe16(buf, hPort + NLA_HDRLEN);
  }
  const stats = scanStatsAt(buf, at[SVC_ATTR.STATS] as number, at[SVC_ATTR.STATS64] as number);
  if (stats === undefined) return undefined;
  const schedName = cut(readStr(buf, hSched + NLA_HDRLEN, hSched + readU16(buf, hSched)), 15);
  const netmask = af === AF_INET6 ? readU32(buf, hMask + NLA_HDRLEN) : readBe32(buf, hMask + NLA_HDRLEN);
  const timeout = readU32(buf, hTimeout + NLA_HDRLEN);
  const flags = (readU32(buf, hFlags + NLA_HDRLEN) & readU32(buf, hFlags + NLA_HDRLEN + 4)) >>> 0;
  const peName = hPe >= 0 ? cut(readStr(buf, hPe + NLA_HDRLEN, hPe + readU16(buf, hPe)), 16) : '';
  return { af, protocol, addr, port, fwmark, schedName, peName, flags, timeout, netmask, stats };
}

/** ports ipvs_services_parse_cb() (libipvs.c); the attributes are [start, end) of attrs. */
export function decodeService(attrs: Uint8Array, start = 0, end = attrs.length): ServiceEntry {
  const h = findAttr(attrs, start, end, CMD_ATTR.SERVICE);
  const fast = h < 0 ? undefined : scanService(attrs, h + NLA_HDRLEN, h + readU16(attrs, h));
  return fast ?? decodeServiceTable(attrs, start, end);
}

/** decodeService() through an AttrTable: the reference the fast path must agree with, and the precise errors. */
export function decodeServiceTable(attrs: Uint8Array, start: number, end: number): ServiceEntry {
  const t = topNest(attrs, start, end, CMD_ATTR.SERVICE, SERVICE_PATH, svcAttrName);
  const af = t.u16(SVC_ATTR.AF);
  let protocol = 0;
  let addr: Uint8Array = new Uint8Array(16);
  let port = 0;
  let fwmark = 0;
  if (t.has(SVC_ATTR.FWMARK)) {
    fwmark = t.u32(SVC_ATTR.FWMARK);
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

/** The DEST attributes that must be there with a u32 payload. */
const DEST_U32 = [
  DEST_ATTR.FWD_METHOD, DEST_ATTR.WEIGHT, DEST_ATTR.U_THRESH, DEST_ATTR.L_THRESH,
  DEST_ATTR.ACTIVE_CONNS, DEST_ATTR.INACT_CONNS, DEST_ATTR.PERSIST_CONNS,
];

function scanDest(buf: Uint8Array, start: number, end: number, svcAf: number): DestEntry | undefined {
  const at = indexAttrs(buf, start, end, destAt);
  const hAddr = at[DEST_ATTR.ADDR] as number;
  const hPort = at[DEST_ATTR.PORT] as number;
  if (sizeAt(buf, hAddr) !== 16 || sizeAt(buf, hPort) !== 2) return undefined;
  for (let i = 0; i < DEST_U32.length; i++) if (sizeAt(buf, at[DEST_U32[i] as number] as number) !== 4) return undefined;
  const hTunType = at[DEST_ATTR.TUN_TYPE] as number;
  const hTunPort = at[DEST_ATTR.TUN_PORT] as number;
  const hTunFlags = at[DEST_ATTR.TUN_FLAGS] as number;
  const hFamily = at[DEST_ATTR.ADDR_FAMILY] as number;
  if ((hTunType >= 0 && sizeAt(buf, hTunType) !== 1) || (hTunPort >= 0 && sizeAt(buf, hTunPort) !== 2)) return undefined;
  if ((hTunFlags >= 0 && sizeAt(buf, hTunFlags) !== 2) || (hFamily >= 0 && sizeAt(buf, hFamily) !== 2)) return undefined;
  const stats = scanStatsAt(buf, at[DEST_ATTR.STATS] as number, at[DEST_ATTR.STATS64] as number);
  if (stats === undefined) return undefined;
  const p = NLA_HDRLEN;
  return {
    af: hFamily < 0 ? svcAf : readU16(buf, hFamily + p),
    addr: buf.slice(hAddr + p, hAddr + p + 16),
    port: readBe16(buf, hPort + p),
    fwdMethod: readU32(buf, (at[DEST_ATTR.FWD_METHOD] as number) + p),
    weight: readU32(buf, (at[DEST_ATTR.WEIGHT] as number) + p) | 0,
    uThreshold: readU32(buf, (at[DEST_ATTR.U_THRESH] as number) + p),
    lThreshold: readU32(buf, (at[DEST_ATTR.L_THRESH] as number) + p),
    tunType: hTunType < 0 ? 0 : (buf[hTunType + p] as number),
    tunPort: hTunPort < 0 ? 0 : readBe16(buf, hTunPort + p),
    tunFlags: hTunFlags < 0 ? 0 : readU16(buf, hTunFlags + p),
    activeConns: readU32(buf, (at[DEST_ATTR.ACTIVE_CONNS] as number) + p),
    inactConns: readU32(buf, (at[DEST_ATTR.INACT_CONNS] as number) + p),
    persistConns: readU32(buf, (at[DEST_ATTR.PERSIST_CONNS] as number) + p),
    stats,
  };
}

/** ports ipvs_dests_parse_cb() (libipvs.c); svcAf stands in for a missing ADDR_FAMILY; the attributes are [start, end). */
export function decodeDest(attrs: Uint8Array, svcAf: number, start = 0, end = attrs.length): DestEntry {
  const h = findAttr(attrs, start, end, CMD_ATTR.DEST);
  const fast = h < 0 ? undefined : scanDest(attrs, h + NLA_HDRLEN, h + readU16(attrs, h), svcAf);
  return fast ?? decodeDestTable(attrs, svcAf, start, end);
}

/** decodeDest() through an AttrTable: the reference the fast path must agree with, and the precise errors. */
export function decodeDestTable(attrs: Uint8Array, svcAf: number, start: number, end: number): DestEntry {
  const t = topNest(attrs, start, end, CMD_ATTR.DEST, DEST_PATH, destAttrName);
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
  const t = topNest(attrs, start, end, CMD_ATTR.DAEMON, DAEMON_PATH, daemonAttrName);
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
