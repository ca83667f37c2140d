// addrport_to_anyname() / addr_to_anyname() / port_to_anyname() of ipvsadm.c.

import { AF_INET, IPPROTO_SCTP, IPPROTO_TCP, IPPROTO_UDP } from '../ipvs/types.js';
import { inetNtop } from '../common/inet.js';
import type { Names, ProtoName } from '../common/names.js';
import { sprintf } from './printf.js';

/** The buffer addrport_to_anyname snprintf()s into (60 bytes → 59 characters). */
export const ADDRPORT_BUFSIZE = 60;

/** port_to_service()'s protocol string, or null when the protocol has none. */
export function protoName(proto: number): ProtoName | null {
  if (proto === IPPROTO_TCP) return 'tcp';
  if (proto === IPPROTO_UDP) return 'udp';
  if (proto === IPPROTO_SCTP) return 'sctp';
  return null;
}

/** The address bytes gethostbyaddr()/inet_ntop() look at: 4 for IPv4, 16 otherwise. */
export function addrBytes(af: number, addr: Uint8Array): Uint8Array {
  return af === AF_INET ? addr.subarray(0, 4) : addr.subarray(0, 16);
}

/** addr_to_anyname(): the reverse-lookup name, else the numeric text (null if af unknown). */
export function addrToAnyname(af: number, addr: Uint8Array, names: Names): string | null {
  const bytes = addrBytes(af, addr);
  return names.hostByAddr(af, bytes) ?? inetNtop(af, bytes);
}

/** port_to_anyname(): the service name for the protocol, else the decimal port. */
export function portToAnyname(port: number, proto: number, names: Names): string {
  const p = protoName(proto);
  const name = p === null ? null : names.serviceByPort(port & 0xffff, p);
  return name ?? sprintf('%u', port & 0xffff);
}

/**
 * addrport_to_anyname(): "a.b.c.d:port" / "[v6]:port", numeric or with names,
 * cut to 59 characters like snprintf(buf, 60, ...).
 */
export function addrportToAnyname(
  af: number,
  addr: Uint8Array,
  port: number,
  proto: number,
  numeric: boolean,
  names: Names,
): string {
  if (numeric && af === AF_INET) {
    // sprintf('%s:%u') of inet_ntop: at most 21 characters, never cut.
    return `${addr[0] ?? 0}.${addr[1] ?? 0}.${addr[2] ?? 0}.${addr[3] ?? 0}:${port & 0xffff}`;
  }
  const open = af === AF_INET ? '' : '[';
  const close = af === AF_INET ? '' : ']';
  const text = numeric
    ? sprintf('%s%s%s:%u', open, inetNtop(af, addrBytes(af, addr)), close, port & 0xffff)
    : sprintf('%s%s%s:%s', open, addrToAnyname(af, addr, names), close, portToAnyname(port, proto, names));
  return text.slice(0, ADDRPORT_BUFSIZE - 1);
}
