// The -S (FMT_RULE) lines of ipvsadm.c's print_service_entry, fwd_switch and the tunnel options.

import {
  AF_INET6,
  FWD,
  FWD_MASK,
  IPPROTO_SCTP,
  IPPROTO_TCP,
  IPPROTO_UDP,
  SVC_F,
  TUN_TYPE,
  type DestEntry,
  type ServiceEntry,
} from '../ipvs/types.js';
import { addrportToAnyname } from './address.js';
import { hasSchedFlags, persistMask, schedFlagNames } from './list.js';
import type { Names } from '../common/names.js';
import { intText, sprintf } from './printf.js';

function ruleServiceOption(proto: number): string {
  if (proto === IPPROTO_TCP) return '-t';
  if (proto === IPPROTO_UDP) return '-u';
  if (proto === IPPROTO_SCTP) return '--sctp-service';
  return '--xxx-service';
}

/** print_service_entry()'s svc_name for -S: "-f n[ -6]" or "<opt> <addr:port>" (not cut). */
export function saveServiceName(svc: ServiceEntry, numeric: boolean, names: Names): string {
  if (svc.fwmark) {
    return svc.af === AF_INET6 ? sprintf('-f %d -6', svc.fwmark) : sprintf('-f %d', svc.fwmark);
  }
  const vname = addrportToAnyname(svc.af, svc.addr, svc.port, svc.protocol, numeric, names);
  return sprintf('%s %s', ruleServiceOption(svc.protocol), vname);
}

/** print_service_entry() with FMT_RULE: the "-A ..." line (svcName as for formatSaveDest). */
export function formatSaveService(
  svc: ServiceEntry,
  numeric: boolean,
  names: Names,
  svcName: string = saveServiceName(svc, numeric, names),
): string {
  let line = `-A ${svcName} -s ${svc.schedName}`;
  if (svc.flags & SVC_F.PERSISTENT) {
    line += sprintf(' -p %u', svc.timeout);
    const mask = persistMask(svc);
    if (mask !== null) line += ` -M ${mask}`;
  }
  if (svc.peName) line += ` --pe ${svc.peName}`;
  if (svc.flags & SVC_F.ONEPACKET) line += ' -o';
  if (hasSchedFlags(svc)) line += ` -b ${schedFlagNames(svc)}`;
  return line + '\n';
}

/** fwd_switch(): -m / -i / -g (Route and Local), null ("(null)") otherwise. */
export function fwdSwitch(flags: number): string | null {
  switch (flags & FWD_MASK) {
    case FWD.MASQ:
      return '-m';
    case FWD.TUNNEL:
      return '-i';
    case FWD.LOCALNODE:
    case FWD.DROUTE:
      return '-g';
    default:
      return null;
  }
}

/** The --tun-*csum option names, indexed by the tunnel flags. */
const TUN_CSUM_OPT: readonly string[] = ['--tun-nocsum', '--tun-csum', '--tun-remcsum'];

/**
 * print_service_entry() with FMT_RULE: one "-a ..." line. svcName is the
 * service's saveServiceName(), which ipvsadm works out once per service.
 */
export function formatSaveDest(
  svc: ServiceEntry,
  dest: DestEntry,
  numeric: boolean,
  names: Names,
  svcName: string = saveServiceName(svc, numeric, names),
): string {
  const d = addrportToAnyname(dest.af, dest.addr, dest.port, svc.protocol, numeric, names);
  if ((dest.fwdMethod & FWD_MASK) === FWD.TUNNEL) {
    const head = sprintf('-a %s -r %s %s -w %d', svcName, d, fwdSwitch(dest.fwdMethod), dest.weight);
    // Flags above 2 are undefined in the original; we print "(null)".
    const csum = TUN_CSUM_OPT[dest.tunFlags] ?? null;
    switch (dest.tunType) {
      case TUN_TYPE.GRE:
        return head + sprintf(' --tun-type gre %s\n', csum);
      case TUN_TYPE.GUE:
        return head + sprintf(' --tun-type gue --tun-port %d %s\n', dest.tunPort & 0xffff, csum);
      case TUN_TYPE.IPIP:
        return head + ' --tun-type ipip\n';
      default:
        return head + '\n';
    }
  }
  const weight = intText(dest.weight);
  if (weight !== null) return `-a ${svcName} -r ${d} ${fwdSwitch(dest.fwdMethod) ?? '(null)'} -w ${weight}\n`;
  return sprintf('-a %s -r %s %s -w %d\n', svcName, d, fwdSwitch(dest.fwdMethod), dest.weight);
}
