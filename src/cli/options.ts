// The option table as data: ports options_table[] of parse_options() and the
// OPT_* bits / optnames[] of ipvsadm.c (1.31, popt build). Order matters:
// popt searches the table in this order ("--list" matches -L first).

import type { CommandName } from './command.js';

/** popt argument kinds: POPT_ARG_NONE, POPT_ARG_STRING, STRING|ARGFLAG_OPTIONAL. */
export type ArgKind = 'none' | 'required' | 'optional';

/** optnames[] of ipvsadm 1.31, in check order (index = bit number). */
export const OPT_NAMES = [
  'numeric',
  'connection',
  'service-address',
  'scheduler',
  'persistent',
  'netmask',
  'real-server',
  'forwarding-method',
  'weight',
  'u-threshold',
  'l-threshold',
  'mcast-interface',
  'timeout',
  'daemon',
  'stats',
  'rate',
  'thresholds',
  'persistent-conn',
  'nosort',
  'syncid',
  'exact',
  'ops',
  'pe',
  'sched-flags',
  'mcast-group',
  'mcast-port',
  'mcast-ttl',
  'sync-maxlen',
  'tun-info',
  'tun-type',
  'tun-port',
  'tun-nocsum',
  'tun-csum',
  'tun-remcsum',
] as const;

export type OptName = (typeof OPT_NAMES)[number];

/** Option bit index of an optname (OPT_* = 1 << index). */
export function optIndex(name: OptName): number {
  return OPT_NAMES.indexOf(name);
}

/** What an option does once popt has returned it (the `val` of the table entry). */
export type OptAction =
  | { readonly type: 'command'; readonly command: CommandName }
  | { readonly type: 'help' }
  | { readonly type: 'version' }
  | { readonly type: 'service'; readonly protocol: 'tcp' | 'udp' | 'sctp' }
  | { readonly type: 'fwmark' }
  | { readonly type: 'ipv6' }
  | { readonly type: 'sort' }
  | { readonly type: 'forward'; readonly method: number }
  | { readonly type: 'tun-flag'; readonly flag: number }
  /** Any other option: sets its bit, then a value handler named after it. */
  | { readonly type: 'plain'; readonly opt: OptName };

export interface OptionSpec {
  /** Long name without the dashes, or null. */
  readonly long: string | null;
  /** Single-letter short name, or null. */
  readonly short: string | null;
  readonly arg: ArgKind;
  readonly action: OptAction;
}

const cmd = (command: CommandName): OptAction => ({ type: 'command', command });
const plain = (opt: OptName): OptAction => ({ type: 'plain', opt });

/** options_table[] (data; exempt from the size rule). */
export const OPTIONS: readonly OptionSpec[] = [
  { long: 'add-service', short: 'A', arg: 'none', action: cmd('add-service') },
  { long: 'edit-service', short: 'E', arg: 'none', action: cmd('edit-service') },
  { long: 'delete-service', short: 'D', arg: 'none', action: cmd('delete-service') },
  { long: 'clear', short: 'C', arg: 'none', action: cmd('flush') },
  { long: 'list', short: 'L', arg: 'none', action: cmd('list') },
  { long: 'list', short: 'l', arg: 'none', action: cmd('list') },
  { long: 'zero', short: 'Z', arg: 'none', action: cmd('zero') },
  { long: 'add-server', short: 'a', arg: 'none', action: cmd('add-server') },
  { long: 'edit-server', short: 'e', arg: 'none', action: cmd('edit-server') },
  { long: 'delete-server', short: 'd', arg: 'none', action: cmd('delete-server') },
  { long: 'set', short: null, arg: 'none', action: cmd('set') },
  { long: 'help', short: 'h', arg: 'none', action: { type: 'help' } },
  { long: 'version', short: 'v', arg: 'none', action: { type: 'version' } },
  { long: 'restore', short: 'R', arg: 'none', action: cmd('restore') },
  { long: 'save', short: 'S', arg: 'none', action: cmd('save') },
  { long: 'start-daemon', short: null, arg: 'required', action: cmd('start-daemon') },
  { long: 'stop-daemon', short: null, arg: 'required', action: cmd('stop-daemon') },
  { long: 'tcp-service', short: 't', arg: 'required', action: { type: 'service', protocol: 'tcp' } },
  { long: 'udp-service', short: 'u', arg: 'required', action: { type: 'service', protocol: 'udp' } },
  { long: 'sctp-service', short: null, arg: 'required', action: { type: 'service', protocol: 'sctp' } },
  { long: 'fwmark-service', short: 'f', arg: 'required', action: { type: 'fwmark' } },
  { long: 'scheduler', short: 's', arg: 'required', action: plain('scheduler') },
  { long: 'persistent', short: 'p', arg: 'optional', action: plain('persistent') },
  { long: 'netmask', short: 'M', arg: 'required', action: plain('netmask') },
  { long: 'real-server', short: 'r', arg: 'required', action: plain('real-server') },
  { long: 'masquerading', short: 'm', arg: 'none', action: { type: 'forward', method: 0 } },
  { long: 'ipip', short: 'i', arg: 'none', action: { type: 'forward', method: 2 } },
  { long: 'gatewaying', short: 'g', arg: 'none', action: { type: 'forward', method: 3 } },
  { long: 'weight', short: 'w', arg: 'required', action: plain('weight') },
  { long: 'u-threshold', short: 'x', arg: 'required', action: plain('u-threshold') },
  { long: 'l-threshold', short: 'y', arg: 'required', action: plain('l-threshold') },
  { long: 'numeric', short: 'n', arg: 'none', action: plain('numeric') },
  { long: 'connection', short: 'c', arg: 'none', action: plain('connection') },
  { long: 'mcast-interface', short: null, arg: 'required', action: plain('mcast-interface') },
  { long: 'syncid', short: null, arg: 'required', action: plain('syncid') },
  { long: 'timeout', short: null, arg: 'none', action: plain('timeout') },
  { long: 'daemon', short: null, arg: 'none', action: plain('daemon') },
  { long: 'stats', short: null, arg: 'none', action: plain('stats') },
  { long: 'rate', short: null, arg: 'none', action: plain('rate') },
  { long: 'thresholds', short: null, arg: 'none', action: plain('thresholds') },
  { long: 'persistent-conn', short: null, arg: 'none', action: plain('persistent-conn') },
  { long: 'nosort', short: null, arg: 'none', action: plain('nosort') },
  { long: 'sort', short: null, arg: 'none', action: { type: 'sort' } },
  { long: 'exact', short: 'X', arg: 'none', action: plain('exact') },
  { long: 'ipv6', short: '6', arg: 'none', action: { type: 'ipv6' } },
  { long: 'ops', short: 'o', arg: 'none', action: plain('ops') },
  { long: 'pe', short: null, arg: 'required', action: plain('pe') },
  { long: 'sched-flags', short: 'b', arg: 'required', action: plain('sched-flags') },
  { long: 'mcast-group', short: null, arg: 'required', action: plain('mcast-group') },
  { long: 'mcast-port', short: null, arg: 'required', action: plain('mcast-port') },
  { long: 'mcast-ttl', short: null, arg: 'required', action: plain('mcast-ttl') },
  { long: 'sync-maxlen', short: null, arg: 'required', action: plain('sync-maxlen') },
  { long: 'tun-info', short: null, arg: 'none', action: plain('tun-info') },
  { long: 'tun-type', short: null, arg: 'required', action: plain('tun-type') },
  { long: 'tun-port', short: null, arg: 'required', action: plain('tun-port') },
  { long: 'tun-nocsum', short: null, arg: 'none', action: { type: 'tun-flag', flag: 0 } },
  { long: 'tun-csum', short: null, arg: 'none', action: { type: 'tun-flag', flag: 1 } },
  { long: 'tun-remcsum', short: null, arg: 'none', action: { type: 'tun-flag', flag: 2 } },
];

/** popt findOption() for "--name": exact match only, first entry wins. */
export function findLong(name: string): OptionSpec | undefined {
  return name === '' ? undefined : OPTIONS.find((o) => o.long === name);
}

/** popt findOption() for a short letter. */
export function findShort(letter: string): OptionSpec | undefined {
  return OPTIONS.find((o) => o.short === letter);
}

/** The option bit an action sets (null: -6 and --sort set none; commands none). */
export function actionOptName(action: OptAction): OptName | null {
  switch (action.type) {
    case 'service':
    case 'fwmark':
      return 'service-address';
    case 'forward':
      return 'forwarding-method';
    case 'tun-flag':
      return action.flag === 0 ? 'tun-nocsum' : action.flag === 1 ? 'tun-csum' : 'tun-remcsum';
    case 'plain':
      return action.opt;
    default:
      return null;
  }
}
