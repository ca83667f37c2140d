// Small conveniences for library users (exported from src/index.ts): build
// the typed values without knowing the 16-byte address layout or
// ipvsadm's defaults, open a client on the real netlink socket, and read
// the connection table.

import { readFileSync } from 'node:fs';
import { NetlinkSocket, type NetlinkSocketOptions } from '../native-bindings/netlink-socket.js';
import { CONN_PROC_FILE, readConnections, type Connection } from './common/conn-text.js';
import { inetNtop, inetPton4, inetPton6 } from './common/inet.js';
import { IpvsClient } from './ipvs/client.js';
import {
  AF_INET,
  AF_INET6,
  FWD,
  IPPROTO_TCP,
  type Dest,
  type Service,
} from './ipvs/types.js';

/**
 * Opens a client on a real AF_NETLINK socket. koffi (and libc) are loaded
 * on this first use, not when the library is imported. Close it when done.
 * A repeated service dump of a changing table goes through a second socket
 * of the same options (IpvsClientOptions.openDumpTransport).
 */
export function openIpvs(opts: NetlinkSocketOptions = {}): IpvsClient {
  return new IpvsClient(new NetlinkSocket(opts), { openDumpTransport: () => new NetlinkSocket(opts) });
}

/** An IPv4 or IPv6 address in text form as the client wants it: family and 16 bytes. */
export function parseAddress(text: string): { af: number; addr: Uint8Array } {
  const v4 = inetPton4(text);
  if (v4) {
    const addr = new Uint8Array(16);
    addr.set(v4);
    return { af: AF_INET, addr };
  }
  const v6 = inetPton6(text);
  if (v6) return { af: AF_INET6, addr: v6 };
  throw new TypeError(`not an IPv4 or IPv6 address: ${text}`);
}

/** The numeric text of an address (4 or 16 bytes used by family). */
export function formatAddress(af: number, addr: Uint8Array): string {
  return inetNtop(af, af === AF_INET ? addr.subarray(0, 4) : addr.subarray(0, 16)) ?? '';
}

export interface ServiceSpec {
  /** "10.0.0.1" or "2001:db8::1"; omit for a firewall-mark service. */
  readonly address?: string;
  readonly port?: number;
  /** 6 (TCP, default), 17 (UDP), 132 (SCTP). */
  readonly protocol?: number;
  readonly fwmark?: number;
  /** For firewall-mark services: 2 (default) or 10. */
  readonly af?: number;
  /** Default 'wlc', as ipvsadm. */
  readonly scheduler?: string;
  readonly pe?: string;
  readonly flags?: number;
  readonly timeout?: number;
  readonly netmask?: number;
}

/** A Service with ipvsadm's defaults (wlc, netmask /32 or /128). */
export function makeService(spec: ServiceSpec): Service {
  const a = spec.address !== undefined ? parseAddress(spec.address) : { af: spec.af ?? AF_INET, addr: new Uint8Array(16) };
  return {
    af: a.af,
    protocol: spec.protocol ?? IPPROTO_TCP,
    addr: a.addr,
    port: spec.port ?? 0,
    fwmark: spec.fwmark ?? 0,
    schedName: spec.scheduler ?? 'wlc',
    peName: spec.pe ?? '',
    flags: spec.flags ?? 0,
    timeout: spec.timeout ?? 0,
    netmask: spec.netmask ?? (a.af === AF_INET6 ? 128 : 0xffffffff),
  };
}

export interface DestSpec {
  readonly address: string;
  readonly port: number;
  /** FWD.MASQ, FWD.DROUTE (default, as ipvsadm), FWD.TUNNEL, FWD.LOCALNODE. */
  readonly forward?: number;
  readonly weight?: number;
  readonly upperThreshold?: number;
  readonly lowerThreshold?: number;
  readonly tunType?: number;
  readonly tunPort?: number;
  readonly tunFlags?: number;
}

/** A Dest with ipvsadm's defaults (route, weight 1). */
export function makeDest(spec: DestSpec): Dest {
  const a = parseAddress(spec.address);
  return {
    af: a.af,
    addr: a.addr,
    port: spec.port,
    fwdMethod: spec.forward ?? FWD.DROUTE,
    weight: spec.weight ?? 1,
    uThreshold: spec.upperThreshold ?? 0,
    lThreshold: spec.lowerThreshold ?? 0,
    tunType: spec.tunType ?? 0,
    tunPort: spec.tunPort ?? 0,
    tunFlags: spec.tunFlags ?? 0,
  };
}

/**
 * The connection entries of IPVS, as `ipvsadm -c` lists them, typed (IPVS
 * has no netlink dump of connections: this reads /proc/net/ip_vs_conn of the
 * process's network namespace, or `file`). In the kernel's order; the
 * file's read errors are thrown as node's (`ENOENT` when IPVS is not loaded).
 */
export function getConnections(file: string = CONN_PROC_FILE): Connection[] {
  return readConnections(readFileSync(file, 'utf8'));
}
