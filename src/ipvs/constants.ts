// Numbers of the IPVS generic netlink family, from ipvsadm 1.31's
// libipvs/ip_vs.h (same values as the kernel's include/uapi/linux/ip_vs.h).

/** IPVS_GENL_NAME */
export const IPVS_GENL_NAME = 'IPVS';
/** IPVS_GENL_VERSION */
export const IPVS_GENL_VERSION = 1;

/** enum IPVS_CMD_* (linux/ip_vs.h); the kernel calls 12/13 SET_CONFIG/GET_CONFIG */
export const CMD = {
  UNSPEC: 0,
  NEW_SERVICE: 1,
  SET_SERVICE: 2,
  DEL_SERVICE: 3,
  GET_SERVICE: 4,
  NEW_DEST: 5,
  SET_DEST: 6,
  DEL_DEST: 7,
  GET_DEST: 8,
  NEW_DAEMON: 9,
  DEL_DAEMON: 10,
  GET_DAEMON: 11,
  SET_TIMEOUT: 12,
  GET_TIMEOUT: 13,
  SET_INFO: 14,
  GET_INFO: 15,
  ZERO: 16,
  FLUSH: 17,
} as const;

/** enum IPVS_CMD_ATTR_* (linux/ip_vs.h): top-level attributes */
export const CMD_ATTR = {
  SERVICE: 1,
  DEST: 2,
  DAEMON: 3,
  TIMEOUT_TCP: 4,
  TIMEOUT_TCP_FIN: 5,
  TIMEOUT_UDP: 6,
} as const;

/** enum IPVS_SVC_ATTR_* (linux/ip_vs.h): inside IPVS_CMD_ATTR_SERVICE */
export const SVC_ATTR = {
  AF: 1,
  PROTOCOL: 2,
  ADDR: 3,
  PORT: 4,
  FWMARK: 5,
  SCHED_NAME: 6,
  FLAGS: 7,
  TIMEOUT: 8,
  NETMASK: 9,
  STATS: 10,
  PE_NAME: 11,
  STATS64: 12,
} as const;

/** enum IPVS_DEST_ATTR_* (linux/ip_vs.h): inside IPVS_CMD_ATTR_DEST */
export const DEST_ATTR = {
  ADDR: 1,
  PORT: 2,
  FWD_METHOD: 3,
  WEIGHT: 4,
  U_THRESH: 5,
  L_THRESH: 6,
  ACTIVE_CONNS: 7,
  INACT_CONNS: 8,
  PERSIST_CONNS: 9,
  STATS: 10,
  ADDR_FAMILY: 11,
  STATS64: 12,
  TUN_TYPE: 13,
  TUN_PORT: 14,
  TUN_FLAGS: 15,
} as const;

/** enum IPVS_DAEMON_ATTR_* (linux/ip_vs.h): inside IPVS_CMD_ATTR_DAEMON */
export const DAEMON_ATTR = {
  STATE: 1,
  MCAST_IFN: 2,
  SYNC_ID: 3,
  SYNC_MAXLEN: 4,
  MCAST_GROUP: 5,
  MCAST_GROUP6: 6,
  MCAST_PORT: 7,
  MCAST_TTL: 8,
} as const;

/** enum IPVS_STATS_ATTR_* (linux/ip_vs.h): inside STATS / STATS64 */
export const STATS_ATTR = {
  CONNS: 1,
  INPKTS: 2,
  OUTPKTS: 3,
  INBYTES: 4,
  OUTBYTES: 5,
  CPS: 6,
  INPPS: 7,
  OUTPPS: 8,
  INBPS: 9,
  OUTBPS: 10,
  PAD: 11,
} as const;

/** enum IPVS_INFO_ATTR_* (linux/ip_vs.h): top level of the GET_INFO reply */
export const INFO_ATTR = {
  VERSION: 1,
  CONN_TAB_SIZE: 2,
} as const;

/** Reverse lookup for DecodeError paths: namer(SVC_ATTR, 'IPVS_SVC_ATTR_')(4) = 'IPVS_SVC_ATTR_PORT'. */
export function attrNamer(group: Readonly<Record<string, number>>, prefix: string): (type: number) => string {
  const names = new Map<number, string>();
  for (const [k, v] of Object.entries(group)) names.set(v, prefix + k);
  return (type) => names.get(type) ?? `${prefix}${type}`;
}
