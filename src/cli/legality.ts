// Command/option legality: ports commands_v_options[] + generic_opt_check(),
// tunnel_types_v_options[] + tunnel_opt_check(), and the command-specific
// checks of process_options() in ipvsadm.c (1.31).

import type { CommandName } from './command.js';
import { OPT_NAMES, type OptName } from './options.js';
import { CliFail } from './values.js';
import { FWD } from '../ipvs/types.js';

/**
 * commands_v_options[]: one row per command, one column per option index
 * 0…33 of OPT_NAMES ('+' required, 'x' illegal, '1' at most one of them,
 * '.' optional). Transcribed from the table of spec §3.2.
 */
export const COMMANDS_V_OPTIONS: Readonly<Record<CommandName, string>> = {
  'add-service': 'xx+...xxxxxxxxxxxxxxx...xxxxxxxxxx',
  'edit-service': 'xx+...xxxxxxxxxxxxxxx...xxxxxxxxxx',
  'delete-service': 'xx+xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  flush: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  list: '.11xxxxxxxxx11.......xxxxxxx.xxxxx',
  'add-server': 'xx+xxx+....xxxxxxxxxxxxxxxxxx.....',
  'delete-server': 'xx+xxx+xxxxxxxxxxxxxxxxxxxxxxxxxxx',
  'edit-server': 'xx+xxx+....xxxxxxxxxxxxxxxxxx.....',
  set: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  'start-daemon': 'xxxxxxxxxxx.xxxxxxx.xxxx....xxxxxx',
  'stop-daemon': 'xxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxx',
  restore: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  save: '.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  zero: 'xx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
};

/** tunnel_types_v_options[]: columns tun-port, tun-nocsum, tun-csum, tun-remcsum. */
export const TUNNEL_TYPES_V_OPTIONS: readonly (readonly [string, string])[] = [
  ['ipip', 'xxxx'],
  ['gue', '+111'],
  ['gre', 'x11x'],
];
const TUN_OPTS: readonly OptName[] = ['tun-port', 'tun-nocsum', 'tun-csum', 'tun-remcsum'];
/** Every tunnel option (the forward-method conflict check). */
const TUNNEL_OPTS: readonly OptName[] = ['tun-type', ...TUN_OPTS];

/**
 * The shared walk of generic_opt_check() / tunnel_opt_check(): the columns
 * in index order, the first problem wins. Only the columns that can be a
 * problem are visited (the options given, and the required ones missing),
 * in the same order; the message is built only on failure.
 */
function checkRow(row: string, cols: readonly OptName[], present: ReadonlySet<OptName>, name: string, kind: string): void {
  const visit: number[] = [];
  for (const opt of present) {
    const j = cols.indexOf(opt);
    if (j >= 0) visit.push(j);
  }
  for (let j = 0; j < cols.length && j < row.length; j++) {
    if (row[j] === '+' && !present.has(cols[j] as OptName)) visit.push(j);
  }
  visit.sort((a, b) => a - b);
  let first: OptName | null = null;
  for (const j of visit) {
    const opt = cols[j] as OptName;
    const rule = row[j];
    if (!present.has(opt)) {
      if (rule === '+') throw new CliFail(`You need to supply the '${opt}' option for the '${name}' ${kind}`);
      continue;
    }
    if (rule === 'x') throw new CliFail(`Illegal '${opt}' option with the '${name}' ${kind}`);
    if (rule === '1') {
      if (first === null) first = opt;
      else throw new CliFail(`The option '${opt}' conflicts with the '${first}' option in the '${name}' ${kind}`);
    }
  }
}

/** generic_opt_check(): index order; the first problem wins. */
export function genericOptCheck(command: CommandName, present: ReadonlySet<OptName>): void {
  checkRow(COMMANDS_V_OPTIONS[command], OPT_NAMES, present, command, 'command');
}

/** tunnel_opt_check() for tunnel type 0/1/2. */
export function tunnelOptCheck(tunType: number, present: ReadonlySet<OptName>): void {
  const entry = TUNNEL_TYPES_V_OPTIONS[tunType];
  if (entry === undefined) return;
  checkRow(entry[1], TUN_OPTS, present, entry[0], 'tunnel type');
}

/** The -A/-E checks of process_options(). */
export function checkServiceCommand(svc: {
  readonly fwmark: number;
  readonly port: number;
  readonly protocol: number;
  readonly flags: number;
}): void {
  if (svc.fwmark === 0 && svc.port === 0 && (svc.flags & 0x1) === 0) {
    throw new CliFail('Zero port specified for non-persistent service');
  }
  if ((svc.flags & 0x4) !== 0 && svc.fwmark === 0 && svc.protocol !== 17) {
    throw new CliFail('One-Packet Scheduling is only for UDP virtual services');
  }
}

/** The -a/-e checks of process_options() (after the port rule). */
export function checkServerCommand(svcAf: number, destAf: number, method: number, tunType: number, present: ReadonlySet<OptName>): void {
  if (destAf !== svcAf && method !== FWD.TUNNEL) {
    throw new CliFail('Different address family is allowed only for tunneling servers');
  }
  if (method !== FWD.TUNNEL && TUNNEL_OPTS.some((o) => present.has(o))) {
    throw new CliFail('Tunnel options conflict with forward method');
  }
  tunnelOptCheck(tunType, present);
}

/** The -L check of process_options(). */
export function checkListCommand(present: ReadonlySet<OptName>): void {
  const has = (...o: OptName[]): boolean => o.some((x) => present.has(x));
  if (
    (has('connection', 'timeout', 'daemon') && has('stats', 'rate', 'thresholds')) ||
    (has('timeout', 'daemon') && has('persistent-conn'))
  ) {
    throw new CliFail('options conflicts in the list command');
  }
}
