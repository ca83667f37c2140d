// The -L listing lines of ipvsadm.c: list_all's version line, print_title, print_service_entry.

import type { ListFormat } from '../common/list-format.js';
import {
  AF_INET,
  AF_INET6,
  FWD,
  FWD_MASK,
  IPPROTO_SCTP,
  IPPROTO_TCP,
  IPPROTO_UDP,
  SVC_F,
  TUN_TYPE,
  type DestEntry,
  type Info,
  type ServiceEntry,
} from '../ipvs/types.js';
import { addrportToAnyname } from './address.js';
import { printLargenum } from './largenum.js';
import type { Names } from '../common/names.js';
import { intText, sprintf, uintText } from './printf.js';

const SCHED_ALL = SVC_F.SCHED1 | SVC_F.SCHED2 | SVC_F.SCHED3;
const LOW32 = 0xffff_ffffn;

/** list_all(): "IP Virtual Server version X.Y.Z (size=N)" (NVERSION of the kernel version). */
export function formatVersionLine(info: Info): string {
  const v = info.version;
  return sprintf(
    'IP Virtual Server version %d.%d.%d (size=%d)\n',
    (v >> 16) & 0xff,
    (v >> 8) & 0xff,
    v & 0xff,
    info.connTabSize,
  );
}

/** print_title(): the two heading lines (never called for -S). */
export function formatTitle(format: ListFormat): string {
  const first = 'Prot LocalAddress:Port';
  if (format.stats)
    return sprintf('%-33s %8s %8s %8s %8s %8s\n  -> RemoteAddress:Port\n', first, 'Conns', 'InPkts', 'OutPkts', 'InBytes', 'OutBytes');
  if (format.rate)
    return sprintf('%-33s %8s %8s %8s %8s %8s\n  -> RemoteAddress:Port\n', first, 'CPS', 'InPPS', 'OutPPS', 'InBPS', 'OutBPS');
  if (format.thresholds)
    return sprintf('%-33s %-10s %-10s %-10s %-10s\n  -> RemoteAddress:Port\n', first, 'Uthreshold', 'Lthreshold', 'ActiveConn', 'InActConn');
  if (format.persistentConn)
    return sprintf('%-33s %-9s %-11s %-10s %-10s\n  -> RemoteAddress:Port\n', first, 'Weight', 'PersistConn', 'ActiveConn', 'InActConn');
  if (format.tunInfo)
    return 'Prot LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn\n';
  return 'Prot LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n';
}

/** print_sched_flags(): the scheduler-specific flag names joined by ','. */
export function schedFlagNames(svc: ServiceEntry): string {
  return schedFlagList(svc).join(',');
}

/** The scheduler flag names of a service, in ipvsadm's order. */
export function schedFlagList(svc: ServiceEntry): string[] {
  const names: string[] = [];
  if (svc.schedName === 'sh' || svc.schedName === 'mh') {
    if (svc.flags & SVC_F.SCHED1) names.push(`${svc.schedName}-fallback`);
    if (svc.flags & SVC_F.SCHED2) names.push(`${svc.schedName}-port`);
  } else {
    if (svc.flags & SVC_F.SCHED1) names.push('flag-1');
    if (svc.flags & SVC_F.SCHED2) names.push('flag-2');
    if (svc.flags & SVC_F.SCHED3) names.push('flag-3');
  }
  return names;
}

/** True when any of the SCHED1/2/3 flags is set. */
export function hasSchedFlags(svc: ServiceEntry): boolean {
  return (svc.flags & SCHED_ALL) !== 0;
}

/** inet_ntoa() of the persistence netmask (kept as a host-order 32-bit number). */
export function netmaskText(netmask: number): string {
  const m = netmask >>> 0;
  return `${m >>> 24}.${(m >>> 16) & 0xff}.${(m >>> 8) & 0xff}.${m & 0xff}`;
}

/** " mask ..."/" -M ..." value of a persistent service, or null when the mask is full. */
export function persistMask(svc: ServiceEntry): string | null {
  if (svc.af === AF_INET && svc.netmask >>> 0 !== 0xffffffff) return netmaskText(svc.netmask);
  if (svc.af === AF_INET6 && svc.netmask !== 128) return sprintf('%i', svc.netmask);
  return null;
}

function listProtoName(proto: number): string {
  if (proto === IPPROTO_TCP) return 'TCP';
  if (proto === IPPROTO_UDP) return 'UDP';
  if (proto === IPPROTO_SCTP) return 'SCTP';
  return '?';
}

/** print_service_entry()'s svc_name for -L: "FWM  n[ IPv6]" or "%-4s %s" (IPv4 cut to 33). */
export function listServiceName(svc: ServiceEntry, numeric: boolean, names: Names): string {
  if (svc.fwmark) {
    return svc.af === AF_INET6 ? sprintf('FWM  %d IPv6', svc.fwmark) : sprintf('FWM  %d', svc.fwmark);
  }
  const vname = addrportToAnyname(svc.af, svc.addr, svc.port, svc.protocol, numeric, names);
  const name = `${listProtoName(svc.protocol).padEnd(4)} ${vname}`; // "%-4s %s"
  return svc.af !== AF_INET6 ? name.slice(0, 33) : name;
}

/** print_service_entry(): the service line of -L in every list mode. */
export function formatServiceLine(svc: ServiceEntry, format: ListFormat, names: Names): string {
  const name = listServiceName(svc, format.numeric, names);
  const s = svc.stats;
  const ex = format.exact;
  if (format.stats) {
    return `${name.padEnd(33)}${printLargenum(s.conns, ex)}${printLargenum(s.inpkts, ex)}${printLargenum(s.outpkts, ex)}${printLargenum(s.inbytes, ex)}${printLargenum(s.outbytes, ex)}\n`;
  }
  if (format.rate) {
    return `${name.padEnd(33)}${printLargenum(s.cps, ex)}${printLargenum(s.inpps, ex)}${printLargenum(s.outpps, ex)}${printLargenum(s.inbps, ex)}${printLargenum(s.outbps, ex)}\n`;
  }
  let line = `${name} ${svc.schedName}`;
  if (hasSchedFlags(svc)) line += ` (${schedFlagNames(svc)})`;
  if (svc.flags & SVC_F.PERSISTENT) {
    line += sprintf(' persistent %u', svc.timeout);
    const mask = persistMask(svc);
    if (mask !== null) line += ` mask ${mask}`;
    if (svc.peName) line += ` pe ${svc.peName}`;
  }
  if (svc.flags & SVC_F.ONEPACKET) line += ' ops';
  return line + '\n';
}

/** fwd_name(): Masq/Local/Tunnel/Route, null (printed "(null)") otherwise. */
export function fwdName(flags: number): string | null {
  switch (flags & FWD_MASK) {
    case FWD.MASQ:
      return 'Masq';
    case FWD.LOCALNODE:
      return 'Local';
    case FWD.TUNNEL:
      return 'Tunnel';
    case FWD.DROUTE:
      return 'Route';
    default:
      return null;
  }
}

/** The tunflags[] table of ipvsadm.c, indexed by the tunnel flags. */
export const TUN_CSUM_SHORT: readonly string[] = ['-c', '+c', 'r+c'];

/** fwd_tun_info(): "ipip", "gue:<port>:<csum>", "gre:<csum>" for tunnel servers, else "n/a". */
export function fwdTunInfo(dest: DestEntry): string {
  if ((dest.fwdMethod & FWD_MASK) !== FWD.TUNNEL) return 'n/a';
  // Flags above 2 read past the table in the original (undefined); we print "(null)".
  const csum = TUN_CSUM_SHORT[dest.tunFlags] ?? null;
  switch (dest.tunType) {
    case TUN_TYPE.IPIP:
      return 'ipip';
    case TUN_TYPE.GUE:
      return sprintf('gue:%d:%s', dest.tunPort & 0xffff, csum);
    case TUN_TYPE.GRE:
      return sprintf('gre:%s', csum);
    default:
      return 'n/a';
  }
}

/** The libipvs STATS64 quirk: server counters other than bytes keep only their low 32 bits. */
function low32(v: bigint): bigint {
  return v & LOW32;
}

/** print_service_entry()'s dname for -L: the server address string, IPv4 cut to 28. */
export function listDestName(svc: ServiceEntry, dest: DestEntry, numeric: boolean, names: Names): string {
  const dname = addrportToAnyname(dest.af, dest.addr, dest.port, svc.protocol, numeric, names);
  return dest.af !== AF_INET6 ? dname.slice(0, 28) : dname;
}

/** print_service_entry(): one real-server line of -L in every list mode. */
export function formatDestLine(svc: ServiceEntry, dest: DestEntry, format: ListFormat, names: Names): string {
  const dname = listDestName(svc, dest, format.numeric, names);
  const s = dest.stats;
  const ex = format.exact;
  if (format.stats) {
    // sprintf('  -> %-28s', dname) and the five counters, written out
    return `  -> ${dname.padEnd(28)}${printLargenum(low32(s.conns), ex)}${printLargenum(low32(s.inpkts), ex)}${printLargenum(low32(s.outpkts), ex)}${printLargenum(s.inbytes, ex)}${printLargenum(s.outbytes, ex)}\n`;
  }
  if (format.rate) {
    return (
      sprintf('  -> %-28s %8llu %8llu %8llu', dname, low32(s.cps), low32(s.inpps), low32(s.outpps)) +
      printLargenum(low32(s.inbps), ex) +
      printLargenum(low32(s.outbps), ex) +
      '\n'
    );
  }
  if (format.thresholds) {
    return sprintf('  -> %-28s %-10u %-10u %-10u %-10u\n', dname, dest.uThreshold, dest.lThreshold, dest.activeConns, dest.inactConns);
  }
  if (format.persistentConn) {
    return sprintf('  -> %-28s %-9u %-11u %-10u %-10u\n', dname, dest.weight, dest.persistConns, dest.activeConns, dest.inactConns);
  }
  if (format.tunInfo) {
    return sprintf(
      '  -> %-28s %-7s %-13s %-6d %-10u %-10u\n',
      dname,
      fwdName(dest.fwdMethod),
      fwdTunInfo(dest),
      dest.weight,
      dest.activeConns,
      dest.inactConns,
    );
  }
  const weight = intText(dest.weight);
  const active = uintText(dest.activeConns);
  const inactive = uintText(dest.inactConns);
  if (weight !== null && active !== null && inactive !== null) {
    // The sprintf below, written out (the line of every server of a plain -L).
    const fwd = fwdName(dest.fwdMethod) ?? '(null)';
    return `  -> ${dname.padEnd(28)} ${fwd.padEnd(7)} ${weight.padEnd(6)} ${active.padEnd(10)} ${inactive.padEnd(10)}\n`;
  }
  return sprintf('  -> %-28s %-7s %-6d %-10u %-10u\n', dname, fwdName(dest.fwdMethod), dest.weight, dest.activeConns, dest.inactConns);
}
