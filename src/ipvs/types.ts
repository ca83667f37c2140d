// Typed IPVS values, as libipvs (ipvsadm 1.31) and linux/ip_vs.h define them.
// Identity and extended types are kept apart: ServiceKey ⊂ Service ⊂ ServiceEntry.

export const AF_INET = 2;
export const AF_INET6 = 10;

export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const IPPROTO_SCTP = 132;

/** Identity of a virtual service (what the kernel looks it up by). */
export interface ServiceKey {
  /** 2 (AF_INET) or 10 (AF_INET6). */
  readonly af: number;
  /** 6 TCP, 17 UDP, 132 SCTP; 0 for fwmark services. */
  readonly protocol: number;
  /** Always 16 bytes (union nf_inet_addr): IPv4 uses the first 4, network order. */
  readonly addr: Uint8Array;
  /** Host-order port number (0 for fwmark services). */
  readonly port: number;
  /** Firewall mark, 0 for non-fwmark services. */
  readonly fwmark: number;
}

/** A virtual service as ipvsadm configures it. */
export interface Service extends ServiceKey {
  readonly schedName: string;
  /** Persistence engine name, '' when none. */
  readonly peName: string;
  /** IP_VS_SVC_F_* bits (already `flags & mask`). */
  readonly flags: number;
  /** Persistence timeout in seconds. */
  readonly timeout: number;
  /** IPv4: the mask as a 32-bit number (255.255.255.0 = 0xffffff00); IPv6: prefix length. */
  readonly netmask: number;
}

/** The ten IPVS counters, all 64-bit. */
export interface Stats {
  readonly conns: bigint;
  readonly inpkts: bigint;
  readonly outpkts: bigint;
  readonly inbytes: bigint;
  readonly outbytes: bigint;
  readonly cps: bigint;
  readonly inpps: bigint;
  readonly outpps: bigint;
  readonly inbps: bigint;
  readonly outbps: bigint;
}

/** A service as the kernel reports it (dump or single get). */
export interface ServiceEntry extends Service {
  /** Full 64-bit counters (STATS64 when present, else STATS). */
  readonly stats: Stats;
}

/** Identity of a real server inside a service. */
export interface DestKey {
  readonly af: number;
  readonly addr: Uint8Array;
  /** Host-order port. */
  readonly port: number;
}

/** A real server as ipvsadm configures it. */
export interface Dest extends DestKey {
  /** Connection flags; the forwarding method is `fwdMethod & 7` (IP_VS_CONN_F_FWD_MASK). */
  readonly fwdMethod: number;
  readonly weight: number;
  readonly uThreshold: number;
  readonly lThreshold: number;
  /** 0 ipip, 1 gue, 2 gre. */
  readonly tunType: number;
  /** Host-order tunnel port. */
  readonly tunPort: number;
  /** 0 nocsum, 1 csum, 2 remcsum. */
  readonly tunFlags: number;
}

/** A real server as the kernel reports it. */
export interface DestEntry extends Dest {
  readonly activeConns: number;
  readonly inactConns: number;
  readonly persistConns: number;
  /** Full 64-bit counters as the kernel sent them (STATS64 when present). */
  readonly stats: Stats;
}

export interface Timeouts {
  readonly tcp: number;
  readonly tcpFin: number;
  readonly udp: number;
}

export const DAEMON_MASTER = 1;
export const DAEMON_BACKUP = 2;

/** A sync daemon: request (start/stop) and reply (GET_DAEMON) alike. */
export interface Daemon {
  /** 1 master, 2 backup. */
  readonly state: number;
  readonly mcastIfn: string;
  readonly syncId: number;
  /** 0 = not given / not reported. */
  readonly syncMaxLen: number;
  /** Multicast group; null = not given / not reported. */
  readonly mcastGroup: { readonly af: number; readonly addr: Uint8Array } | null;
  /** 0 = not given. */
  readonly mcastPort: number;
  /** 0 = not given. */
  readonly mcastTtl: number;
}

export interface Info {
  /** (major<<16)|(minor<<8)|patch, 0x010201 on current kernels. */
  readonly version: number;
  readonly connTabSize: number;
}

/** IP_VS_SVC_F_* */
export const SVC_F = {
  PERSISTENT: 0x0001,
  HASHED: 0x0002,
  ONEPACKET: 0x0004,
  SCHED1: 0x0008,
  SCHED2: 0x0010,
  SCHED3: 0x0020,
} as const;

/** IP_VS_CONN_F_* forwarding methods (low 3 bits). */
export const FWD = {
  MASQ: 0,
  LOCALNODE: 1,
  TUNNEL: 2,
  DROUTE: 3,
  BYPASS: 4,
} as const;
export const FWD_MASK = 0x7;

/** IP_VS_CONN_F_TUNNEL_TYPE_* */
export const TUN_TYPE = { IPIP: 0, GUE: 1, GRE: 2 } as const;
/** IP_VS_TUNNEL_ENCAP_FLAG_* */
export const TUN_FLAG = { NOCSUM: 0, CSUM: 1, REMCSUM: 2 } as const;
