// The typed result of parsing one ipvsadm command line (pure; see parse.ts).

import type { ListFormat } from '../common/list-format.js';
import type { Daemon, Dest, Service, Timeouts } from '../ipvs/types.js';

export type { ListFormat };

/** ipvsadm 1.31's command names (cmdnames[]), plus help and version. */
export type CommandName =
  | 'add-service'
  | 'edit-service'
  | 'delete-service'
  | 'flush'
  | 'list'
  | 'add-server'
  | 'delete-server'
  | 'edit-server'
  | 'set'
  | 'start-daemon'
  | 'stop-daemon'
  | 'restore'
  | 'save'
  | 'zero';

/** A fully validated command, with ipvsadm 1.31's defaults filled in. */
export interface Command {
  readonly name: CommandName;
  /**
   * The service part (ipvs_service_t as ipvsadm.c fills it): af, protocol,
   * addr, port, fwmark, scheduler (default 'wlc' for -A/-E, '' otherwise),
   * pe, flags, timeout, netmask.
   */
  readonly service: Service;
  /** True when -t/-u/--sctp-service/-f was given. */
  readonly serviceGiven: boolean;
  /** The real-server part (defaults: DR, weight 1, ipip, thresholds 0). */
  readonly dest: Dest;
  /** --set values. */
  readonly timeouts: Timeouts;
  /** --start-daemon / --stop-daemon values. */
  readonly daemon: Daemon;
  readonly format: ListFormat;
}

/**
 * What parsing produced: a command to run, or text to print and an exit
 * status (help/version: stdout and 0; errors: stderr and 2 or 255).
 */
export type ParseResult =
  | { readonly kind: 'command'; readonly command: Command }
  | {
      readonly kind: 'exit';
      readonly stdout: string;
      readonly stderr: string;
      readonly status: number;
      /**
       * True for a popt error after the first option ("<word>: unknown
       * option", exit 255): -R prints it and continues. All other 'exit'
       * results end a restore.
       */
      readonly continuable: boolean;
    };
