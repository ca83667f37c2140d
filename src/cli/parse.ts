// argv → Command or an exact ipvsadm error: ports parse_options() and the
// checks of process_options() in ipvsadm.c (1.31, popt build, Debian weight
// limit). Pure: no I/O; names are resolved through the given Names.

import type { Command, CommandName, ListFormat, ParseResult } from './command.js';
import type { Names } from '../common/names.js';
import type { Daemon, Dest, Service, Timeouts } from '../ipvs/types.js';
import { AF_INET, AF_INET6, FWD, IPPROTO_SCTP, IPPROTO_TCP, IPPROTO_UDP, SVC_F } from '../ipvs/types.js';
import { tokenize, type TokenEvent } from './tokenize.js';
import { initialState, PLAIN_FORMAT, type State } from './parse-state.js';
import { parseSimple } from './parse-simple.js';
import { actionOptName, type OptName } from './options.js';
import { checkListCommand, checkServerCommand, checkServiceCommand, genericOptCheck } from './legality.js';
import { helpText, tryHelpText, versionText } from './usage.js';
import type { ProgramName } from '../common/program-name.js';
import {
  CliFail,
  MAX_TIMEOUT,
  numberOrFail,
  parseFwmark,
  parseMcastGroup,
  parseNetmask4,
  parseNetmask6,
  parseSchedFlags,
  parseService,
  parseTimeout,
  parseTunType,
  truncate,
} from './values.js';

const PROTOCOLS = { tcp: IPPROTO_TCP, udp: IPPROTO_UDP, sctp: IPPROTO_SCTP } as const;

/**
 * parse_service() writes IPv4 into the first 4 bytes only of the (copied)
 * service address; addr is parse_service's fresh result, zero past 4 bytes
 * for IPv4, so it serves as is unless base has bytes there (an IPv6 service
 * with an IPv4 tunnel server keeps the service's last 12 bytes).
 */
function overlayAddr(base: Uint8Array, af: number, addr: Uint8Array): Uint8Array {
  if (af === AF_INET6) return addr;
  let tail = false;
  for (let i = 4; i < 16; i++) if (base[i] !== 0) tail = true;
  if (!tail) return addr;
  const out = base.slice();
  for (let i = 0; i < 4; i++) out[i] = addr[i] as number;
  return out;
}

/** One option after the command: the body of parse_options()' while loop. */
function applyOption(st: State, ev: Extract<TokenEvent, { kind: 'option' }>, names: Names): void {
  const action = ev.spec.action;
  if (action.type === 'command' || action.type === 'help' || action.type === 'version') {
    throw new CliFail(`invalid option \`${ev.word}'`);
  }
  const bit = actionOptName(action);
  if (bit !== null) {
    if (st.present.has(bit)) throw new CliFail(`multiple '${bit}' options specified`);
    st.present.add(bit);
  }
  const { svc, dest, daemon } = st;
  const arg = ev.arg ?? '';
  switch (action.type) {
    case 'service': {
      svc.protocol = PROTOCOLS[action.protocol];
      const r = parseService(arg, svc.protocol, names);
      if (r === null) throw new CliFail('illegal virtual server address[:port] specified');
      svc.af = r.af;
      svc.addr = overlayAddr(svc.addr, r.af, r.addr);
      if (r.af === AF_INET6) svc.netmask = 128;
      if (r.port !== null) svc.port = r.port;
      return;
    }
    case 'fwmark':
      svc.af = AF_INET;
      svc.protocol = IPPROTO_TCP; // only used for -r port-name lookups
      svc.fwmark = parseFwmark(arg);
      return;
    case 'ipv6':
      if (svc.fwmark === 0) throw new CliFail('-6 used before -f\n');
      svc.af = AF_INET6;
      svc.netmask = 128;
      return;
    case 'sort':
      return;
    case 'forward':
      dest.fwdMethod = action.method;
      return;
    case 'tun-flag':
      dest.tunFlags |= action.flag;
      return;
    case 'plain':
      break;
  }
  switch (action.opt) {
    case 'scheduler':
      svc.schedName = truncate(arg, 15, 'drop');
      return;
    case 'persistent':
      svc.flags |= SVC_F.PERSISTENT;
      svc.timeout = parseTimeout(ev.arg, 1, MAX_TIMEOUT);
      return;
    case 'netmask':
      svc.netmask = svc.af === AF_INET6 ? parseNetmask6(arg) : parseNetmask4(arg, names);
      return;
    case 'real-server': {
      const r = parseService(arg, svc.protocol, names);
      if (r === null) throw new CliFail('illegal real server address[:port] specified');
      dest.af = r.af;
      dest.addr = overlayAddr(svc.addr, r.af, r.addr);
      dest.port = r.port ?? svc.port;
      return;
    }
    case 'weight':
      dest.weight = numberOrFail(arg, 0, 2147483647, 'illegal weight specified');
      return;
    case 'u-threshold':
      dest.uThreshold = numberOrFail(arg, 0, 2147483647, 'illegal u_threshold specified');
      return;
    case 'l-threshold':
      dest.lThreshold = numberOrFail(arg, 0, 2147483647, 'illegal l_threshold specified');
      return;
    case 'mcast-interface':
      daemon.mcastIfn = truncate(arg, 15, 'drop');
      return;
    case 'syncid':
      daemon.syncId = numberOrFail(arg, 0, 255, 'illegal syncid specified');
      return;
    case 'ops':
      svc.flags |= SVC_F.ONEPACKET;
      return;
    case 'pe':
      svc.peName = truncate(arg, 16, 'drop');
      return;
    case 'sched-flags':
      st.schedFlagsArg = truncate(arg, 127);
      return;
    case 'mcast-group':
      daemon.mcastGroup = parseMcastGroup(arg);
      return;
    case 'mcast-port':
      daemon.mcastPort = numberOrFail(arg, 1, 65535, 'illegal mcast-port specified');
      return;
    case 'mcast-ttl':
      daemon.mcastTtl = numberOrFail(arg, 1, 255, 'illegal mcast-ttl specified');
      return;
    case 'sync-maxlen':
      daemon.syncMaxLen = numberOrFail(arg, 1, 65535 - 20 - 8, 'illegal sync-maxlen specified');
      return;
    case 'tun-type':
      dest.tunType = parseTunType(arg);
      return;
    case 'tun-port':
      dest.tunPort = numberOrFail(arg, 1, 65535, 'illegal tunnel port specified');
      return;
    default:
      return; // list modifiers: the bit is all they set
  }
}

/** The end of parse_options() and the checks of process_options(), in order. */
function finish(st: State, positionals: readonly string[]): void {
  const { cmd, svc, dest, present } = st;
  let rest = positionals;
  if (cmd === 'set') {
    const [tcp, fin, udp] = positionals;
    if (tcp === undefined || fin === undefined || udp === undefined) {
      throw new CliFail('--set option requires 3 timeout values');
    }
    st.timeouts.tcp = parseTimeout(tcp, 0, MAX_TIMEOUT);
    st.timeouts.tcpFin = parseTimeout(fin, 0, MAX_TIMEOUT);
    st.timeouts.udp = parseTimeout(udp, 0, MAX_TIMEOUT);
    rest = positionals.slice(3);
  }
  if (rest[0] !== undefined) throw new CliFail(`unexpected argument ${rest[0]}`);
  if (st.schedFlagsArg !== '') svc.flags |= parseSchedFlags(svc.schedName, st.schedFlagsArg);

  genericOptCheck(cmd, present);

  if (cmd === 'add-service' || cmd === 'edit-service') {
    checkServiceCommand(svc);
    if (svc.schedName === '') svc.schedName = 'wlc';
  }
  if (cmd === 'start-daemon' && st.daemon.mcastIfn === '') st.daemon.mcastIfn = 'eth0';
  if (cmd === 'add-server' || cmd === 'edit-server') {
    if (svc.fwmark === 0 && (dest.fwdMethod === FWD.TUNNEL || dest.fwdMethod === FWD.DROUTE)) {
      dest.port = svc.port;
    }
    checkServerCommand(svc.af, dest.af, dest.fwdMethod, dest.tunType, present);
  }
  if (cmd === 'list') checkListCommand(present);
}

/** The format of a plain `ipvsadm` / `ipvsadm -L`: every modifier off. */
export function defaultListFormat(): ListFormat {
  return formatOf(new Set());
}

const FORMAT_OPTS: readonly OptName[] = ['numeric', 'exact', 'stats', 'rate', 'thresholds', 'persistent-conn', 'tun-info', 'nosort', 'connection', 'timeout', 'daemon'];

const FORMAT_SET: ReadonlySet<OptName> = new Set(FORMAT_OPTS);

function formatOf(present: ReadonlySet<OptName>): ListFormat {
  let modifier = false;
  for (const o of present) if (FORMAT_SET.has(o)) modifier = true;
  if (!modifier) return PLAIN_FORMAT;
  return {
    numeric: present.has('numeric'),
    exact: present.has('exact'),
    stats: present.has('stats'),
    rate: present.has('rate'),
    thresholds: present.has('thresholds'),
    persistentConn: present.has('persistent-conn'),
    tunInfo: present.has('tun-info'),
    nosort: present.has('nosort'),
    connection: present.has('connection'),
    timeout: present.has('timeout'),
    daemon: present.has('daemon'),
  };
}

function build(st: State): Command {
  const { svc } = st;
  let serviceGiven = st.present.has('service-address');
  // -Z with an all-zero non-fwmark service sends no service (libipvs ipvs_zero_service).
  if (st.cmd === 'zero' && svc.fwmark === 0 && svc.port === 0 && svc.addr.every((b) => b === 0)) {
    serviceGiven = false;
  }
  // The state is this parse's own and dropped here: no copies needed.
  return {
    name: st.cmd,
    service: svc,
    serviceGiven,
    dest: st.dest,
    timeouts: st.timeouts,
    daemon: st.daemon,
    format: formatOf(st.present),
  };
}

function exit(stdout: string, stderr: string, status: number, continuable = false): ParseResult {
  return { kind: 'exit', stdout, stderr, status, continuable };
}

/**
 * Parse one ipvsadm command line. args excludes argv[0]; prog is argv[0]
 * verbatim. No arguments at all means `-L` (main() of ipvsadm.c).
 */
export function parseCommandLine(
  prog: ProgramName,
  args: readonly string[],
  names: Names,
  env: Readonly<Record<string, string | undefined>>,
): ParseResult {
  const simple = parseSimple(args);
  return simple !== undefined ? { kind: 'command', command: simple } : parseCommandLineFull(prog, args, names, env);
}

/** parseCommandLine() without the shortcut of parse-simple.ts: the reference it must agree with. */
export function parseCommandLineFull(
  prog: ProgramName,
  args: readonly string[],
  names: Names,
  env: Readonly<Record<string, string | undefined>>,
): ParseResult {
  if (args.length === 0) return { kind: 'command', command: build(initialState('list')) };
  const posix = env['POSIXLY_CORRECT'] !== undefined || env['POSIX_ME_HARDER'] !== undefined;
  const { events, positionals } = tokenize(args, posix);
  const first = events[0];
  if (first === undefined || first.kind === 'error') return exit('', tryHelpText(prog), 255);
  const action = first.spec.action;
  if (action.type === 'help') return exit(helpText(prog), '', 0);
  if (action.type === 'version') return exit(versionText(), '', 0);
  if (action.type !== 'command') return exit('', tryHelpText(prog), 255);
  try {
    const st = initialState(action.command);
    if (action.command === 'start-daemon' || action.command === 'stop-daemon') {
      const state = first.arg === 'master' ? 1 : first.arg === 'backup' ? 2 : 0;
      if (state === 0) {
        throw new CliFail(
          action.command === 'start-daemon'
            ? 'illegal start-daemon parameter specified'
            : 'illegal start_daemon specified',
        );
      }
      st.daemon.state = state;
    }
    for (let i = 1; i < events.length; i++) {
      const ev = events[i] as TokenEvent;
      if (ev.kind === 'error') return exit('', `${ev.word}: ${ev.text}\n`, 255, true);
      applyOption(st, ev, names);
    }
    finish(st, positionals);
    return { kind: 'command', command: build(st) };
  } catch (e) {
    if (e instanceof CliFail) return exit('', `${e.message}\n`, e.status);
    throw e;
  }
}
