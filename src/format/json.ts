// `--json` (no ipvsadm has it): pure formatters turning the typed IPVS values
// into the one documented, stable JSON schema (docs/json.md). Addresses are
// always numeric, ports are numbers, every 64-bit counter is an exact decimal
// string, and server counters are the kernel's full 64 bits (no 32-bit cut).

import { formatVersionLine, netmaskText, schedFlagList } from './list.js';
import { inetNtop } from '../common/inet.js';
import { readConnections } from '../common/conn-text.js';
import {
  AF_INET,
  AF_INET6,
  DAEMON_BACKUP,
  DAEMON_MASTER,
  FWD,
  FWD_MASK,
  IPPROTO_SCTP,
  IPPROTO_TCP,
  IPPROTO_UDP,
  SVC_F,
  TUN_TYPE,
  type Daemon,
  type DestEntry,
  type Info,
  type ServiceEntry,
  type Stats,
  type Timeouts,
} from '../ipvs/types.js';

/**
 * The value of every document's "schema" member; bumped only on incompatible
 * changes. /2: `netmask` is a prefix length (a number) for both families,
 * `netmaskDotted` added, the raw `flags` member dropped. The JSON Schema of
 * this version is docs/ipvsadm-json.schema.json.
 */
export const JSON_SCHEMA = 'ipvsadm-json/2';

export interface JsonCounters {
  readonly conns: string;
  readonly inpkts: string;
  readonly outpkts: string;
  readonly inbytes: string;
  readonly outbytes: string;
}

export interface JsonRates {
  readonly cps: string;
  readonly inpps: string;
  readonly outpps: string;
  readonly inbps: string;
  readonly outbps: string;
}

export interface JsonTunnel {
  readonly type: 'ipip' | 'gue' | 'gre' | 'unknown';
  /** GUE only; null otherwise. */
  readonly port: number | null;
  /** GUE and GRE only; null for ipip. */
  readonly checksum: 'nocsum' | 'csum' | 'remcsum' | 'unknown' | null;
}

export interface JsonDest {
  readonly af: 'inet' | 'inet6';
  readonly address: string;
  readonly port: number;
  readonly forward: 'masq' | 'local' | 'tunnel' | 'route' | 'bypass' | 'unknown';
  readonly weight: number;
  readonly upperThreshold: number;
  readonly lowerThreshold: number;
  readonly activeConns: number;
  readonly inactiveConns: number;
  readonly persistentConns: number;
  /** Tunnel settings for "tunnel" servers, else null. */
  readonly tunnel: JsonTunnel | null;
  readonly stats: JsonCounters;
  readonly rate: JsonRates;
}

export interface JsonService {
  readonly af: 'inet' | 'inet6';
  /** null for firewall-mark services. */
  readonly protocol: 'tcp' | 'udp' | 'sctp' | 'unknown' | null;
  readonly address: string | null;
  readonly port: number | null;
  /** The mark of a firewall-mark service, else null. */
  readonly fwmark: number | null;
  readonly scheduler: string;
  /** Scheduler flag names as -L prints them (sh-fallback, flag-1, ...). */
  readonly schedFlags: readonly string[];
  readonly persistent: boolean;
  /** Persistence timeout in seconds, null when not persistent. */
  readonly persistenceTimeout: number | null;
  /**
   * Persistence netmask as a prefix length: 0-32 (inet), 1-128 (inet6).
   * null when not persistent, or for an inet mask that is not contiguous
   * (ipvsadm accepts -M 255.0.255.0): then only netmaskDotted gives it.
   */
  readonly netmask: number | null;
  /** inet persistent services: the mask as ipvsadm prints it (dotted quad); null for inet6 or not persistent. */
  readonly netmaskDotted: string | null;
  /** Persistence engine, null when none. */
  readonly pe: string | null;
  readonly onePacket: boolean;
  readonly stats: JsonCounters;
  readonly rate: JsonRates;
  readonly dests: readonly JsonDest[];
}

export interface JsonServicesDoc {
  readonly schema: typeof JSON_SCHEMA;
  readonly kind: 'services';
  readonly ipvs: { readonly version: string; readonly connTableSize: number };
  readonly services: readonly JsonService[];
}

export interface JsonEndpoint {
  readonly address: string;
  readonly port: number;
}

export interface JsonConnection {
  readonly protocol: string;
  readonly client: JsonEndpoint;
  readonly virtual: JsonEndpoint;
  readonly destination: JsonEndpoint;
  readonly state: string;
  /** Seconds until the entry expires. */
  readonly expires: number;
  /** Persistence engine data (when the kernel reports it), else null. */
  readonly pe: { readonly name: string; readonly data: string } | null;
}

export interface JsonConnectionsDoc {
  readonly schema: typeof JSON_SCHEMA;
  readonly kind: 'connections';
  readonly connections: readonly JsonConnection[];
}

export interface JsonTimeoutsDoc {
  readonly schema: typeof JSON_SCHEMA;
  readonly kind: 'timeouts';
  readonly timeouts: { readonly tcp: number; readonly tcpFin: number; readonly udp: number };
}

export interface JsonDaemon {
  readonly state: 'master' | 'backup' | 'unknown';
  readonly mcastInterface: string;
  readonly syncId: number;
  readonly syncMaxLen: number | null;
  readonly mcastGroup: string | null;
  readonly mcastPort: number | null;
  readonly mcastTtl: number | null;
}

export interface JsonDaemonsDoc {
  readonly schema: typeof JSON_SCHEMA;
  readonly kind: 'daemons';
  readonly daemons: readonly JsonDaemon[];
}

export type JsonDoc = JsonServicesDoc | JsonConnectionsDoc | JsonTimeoutsDoc | JsonDaemonsDoc;

/** The text printed for a document: two-space indented JSON and a newline. */
export function renderJson(doc: JsonDoc): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

const u64 = (v: bigint): string => BigInt.asUintN(64, v).toString(10);

function afName(af: number): 'inet' | 'inet6' {
  return af === AF_INET6 ? 'inet6' : 'inet';
}

function addrText(af: number, addr: Uint8Array): string {
  return inetNtop(af, af === AF_INET ? addr.subarray(0, 4) : addr.subarray(0, 16)) ?? '';
}

function protoText(p: number): 'tcp' | 'udp' | 'sctp' | 'unknown' {
  if (p === IPPROTO_TCP) return 'tcp';
  if (p === IPPROTO_UDP) return 'udp';
  if (p === IPPROTO_SCTP) return 'sctp';
  return 'unknown';
}

export function jsonCounters(s: Stats): JsonCounters {
  return { conns: u64(s.conns), inpkts: u64(s.inpkts), outpkts: u64(s.outpkts), inbytes: u64(s.inbytes), outbytes: u64(s.outbytes) };
}

export function jsonRates(s: Stats): JsonRates {
  return { cps: u64(s.cps), inpps: u64(s.inpps), outpps: u64(s.outpps), inbps: u64(s.inbps), outbps: u64(s.outbps) };
}

function forwardName(flags: number): JsonDest['forward'] {
  switch (flags & FWD_MASK) {
    case FWD.MASQ:
      return 'masq';
    case FWD.LOCALNODE:
      return 'local';
    case FWD.TUNNEL:
      return 'tunnel';
    case FWD.DROUTE:
      return 'route';
    case FWD.BYPASS:
      return 'bypass';
    default:
      return 'unknown';
  }
}

const CSUM: readonly JsonTunnel['checksum'][] = ['nocsum', 'csum', 'remcsum'];

function tunnelOf(d: DestEntry): JsonTunnel | null {
  if ((d.fwdMethod & FWD_MASK) !== FWD.TUNNEL) return null;
  const csum = CSUM[d.tunFlags] ?? 'unknown';
  switch (d.tunType) {
    case TUN_TYPE.IPIP:
      return { type: 'ipip', port: null, checksum: null };
    case TUN_TYPE.GUE:
      return { type: 'gue', port: d.tunPort & 0xffff, checksum: csum };
    case TUN_TYPE.GRE:
      return { type: 'gre', port: null, checksum: csum };
    default:
      return { type: 'unknown', port: null, checksum: null };
  }
}

export function jsonDest(d: DestEntry): JsonDest {
  return {
    af: afName(d.af),
    address: addrText(d.af, d.addr),
    port: d.port & 0xffff,
    forward: forwardName(d.fwdMethod),
    weight: d.weight,
    upperThreshold: d.uThreshold,
    lowerThreshold: d.lThreshold,
    activeConns: d.activeConns,
    inactiveConns: d.inactConns,
    persistentConns: d.persistConns,
    tunnel: tunnelOf(d),
    stats: jsonCounters(d.stats),
    rate: jsonRates(d.stats),
  };
}

/** The prefix length of a host-order IPv4 mask (255.255.255.0 -> 24), or null when its one bits are not contiguous. */
export function prefixLength(mask: number): number | null {
  const m = mask >>> 0;
  const inv = ~m >>> 0; // zero bits of a contiguous mask: 2^k - 1
  if ((inv & (inv + 1)) !== 0) return null;
  return Math.clz32(inv); // 32 minus the k zero bits
}

export function jsonService(svc: ServiceEntry, dests: readonly DestEntry[]): JsonService {
  const persistent = (svc.flags & SVC_F.PERSISTENT) !== 0;
  const inet6 = svc.af === AF_INET6;
  const fw = svc.fwmark !== 0;
  return {
    af: afName(svc.af),
    protocol: fw ? null : protoText(svc.protocol),
    address: fw ? null : addrText(svc.af, svc.addr),
    port: fw ? null : svc.port & 0xffff,
    fwmark: fw ? svc.fwmark >>> 0 : null,
    scheduler: svc.schedName,
    schedFlags: schedFlagList(svc),
    persistent,
    persistenceTimeout: persistent ? svc.timeout : null,
    netmask: !persistent ? null : inet6 ? svc.netmask >>> 0 : prefixLength(svc.netmask),
    netmaskDotted: persistent && !inet6 ? netmaskText(svc.netmask) : null,
    pe: svc.peName === '' ? null : svc.peName,
    onePacket: (svc.flags & SVC_F.ONEPACKET) !== 0,
    stats: jsonCounters(svc.stats),
    rate: jsonRates(svc.stats),
    dests: dests.map(jsonDest),
  };
}

export function servicesDoc(
  info: Info,
  table: readonly { readonly service: ServiceEntry; readonly dests: readonly DestEntry[] }[],
): JsonServicesDoc {
  const version = /version (\S+)/.exec(formatVersionLine(info))?.[1] ?? '';
  return {
    schema: JSON_SCHEMA,
    kind: 'services',
    ipvs: { version, connTableSize: info.connTabSize },
    services: table.map((e) => jsonService(e.service, e.dests)),
  };
}

export function timeoutsDoc(t: Timeouts): JsonTimeoutsDoc {
  return { schema: JSON_SCHEMA, kind: 'timeouts', timeouts: { tcp: t.tcp, tcpFin: t.tcpFin, udp: t.udp } };
}

export function jsonDaemon(d: Daemon): JsonDaemon {
  const state = d.state & DAEMON_MASTER ? 'master' : d.state & DAEMON_BACKUP ? 'backup' : 'unknown';
  return {
    state,
    mcastInterface: d.mcastIfn,
    syncId: d.syncId,
    syncMaxLen: d.syncMaxLen || null,
    mcastGroup: d.mcastGroup ? inetNtop(d.mcastGroup.af, d.mcastGroup.addr) : null,
    mcastPort: d.mcastPort || null,
    mcastTtl: d.mcastTtl || null,
  };
}

/** Like list_daemon(): at most two, only master/backup states. */
export function daemonsDoc(daemons: readonly Daemon[]): JsonDaemonsDoc {
  return {
    schema: JSON_SCHEMA,
    kind: 'daemons',
    daemons: daemons
      .slice(0, 2)
      .filter((d) => (d.state & (DAEMON_MASTER | DAEMON_BACKUP)) !== 0)
      .map(jsonDaemon),
  };
}

/**
 * The connection table from the text of /proc/net/ip_vs_conn (header line
 * skipped). null when the file is empty (ipvsadm: "unexpected input").
 */
export function connectionsDoc(procText: string): JsonConnectionsDoc | null {
  if (procText === '') return null;
  const connections: JsonConnection[] = readConnections(procText).map((c) => ({
    protocol: c.protocolName.toLowerCase(),
    client: { address: addrText(c.client.af, c.client.addr), port: c.client.port },
    virtual: { address: addrText(c.virtual.af, c.virtual.addr), port: c.virtual.port },
    destination: { address: addrText(c.dest.af, c.dest.addr), port: c.dest.port },
    state: c.state,
    expires: c.expires,
    pe: c.pe,
  }));
  return { schema: JSON_SCHEMA, kind: 'connections', connections };
}
