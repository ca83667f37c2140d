// The state parse_options() fills in (struct ipvs_command_entry and the
// option bits), shared by the full parse (parse.ts) and its shortcut for
// plain lines (parse-simple.ts), so both start from the same defaults.

import type { CommandName, ListFormat } from './command.js';
import type { OptName } from './options.js';
import type { Daemon, Dest, Service, Timeouts } from '../ipvs/types.js';
import { FWD } from '../ipvs/types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** struct ipvs_command_entry plus the option bits and the -b text. */
export interface State {
  cmd: CommandName;
  present: Set<OptName>;
  svc: Mutable<Service>;
  dest: Mutable<Dest>;
  timeouts: Mutable<Timeouts>;
  daemon: Mutable<Daemon>;
  schedFlagsArg: string;
}

/**
 * The all-zero address of a fresh state. Shared: addresses are replaced,
 * never written in place (parse_service's results are fresh arrays).
 */
const NO_ADDR = new Uint8Array(16);

/** process_options(): memset 0, weight 1, DR, netmask /32. */
export function initialState(cmd: CommandName): State {
  return {
    cmd,
    present: new Set(),
    svc: blankService(),
    dest: blankDest(),
    timeouts: blankTimeouts(),
    daemon: blankDaemon(),
    schedFlagsArg: '',
  };
}

/** The service part of a fresh state: all zero, netmask /32. */
export function blankService(): Mutable<Service> {
  return {
    af: 0,
    protocol: 0,
    addr: NO_ADDR,
    port: 0,
    fwmark: 0,
    schedName: '',
    peName: '',
    flags: 0,
    timeout: 0,
    netmask: 0xffffffff,
  };
}

/** The real-server part of a fresh state: DR, weight 1. */
export function blankDest(): Mutable<Dest> {
  return {
    af: 0,
    addr: NO_ADDR,
    port: 0,
    fwdMethod: FWD.DROUTE,
    weight: 1,
    uThreshold: 0,
    lThreshold: 0,
    tunType: 0,
    tunPort: 0,
    tunFlags: 0,
  };
}

export function blankTimeouts(): Mutable<Timeouts> {
  return { tcp: 0, tcpFin: 0, udp: 0 };
}

export function blankDaemon(): Mutable<Daemon> {
  return { state: 0, mcastIfn: '', syncId: 0, syncMaxLen: 0, mcastGroup: null, mcastPort: 0, mcastTtl: 0 };
}

/** The format when no list modifier was given (most commands): one shared, frozen object. */
export const PLAIN_FORMAT: ListFormat = Object.freeze({
  numeric: false,
  exact: false,
  stats: false,
  rate: false,
  thresholds: false,
  persistentConn: false,
  tunInfo: false,
  nosort: false,
  connection: false,
  timeout: false,
  daemon: false,
});
