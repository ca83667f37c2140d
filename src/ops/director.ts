// The rest of a director beside the virtual-server table, for
// `ipvsadm-restore --apply` and `ipvsadm-save --all`: the timeouts (`--set
// TCP TCPFIN UDP` lines) and the connection sync daemons (`--start-daemon
// master|backup ...` lines). Pure but for applyDirectorOp.
//
// Convergence rules:
// * --set: the values the file's --set lines leave (applied in order, a 0
//   keeps the value before it, as ipvsadm does) are compared with the
//   kernel's; one `--set` is planned when any non-zero value differs.
// * --start-daemon: the last line per kind (master, backup) is what that
//   daemon should be. A running daemon of that kind with the same interface,
//   syncid, group, port and ttl (defaults 0, 224.0.0.81, 8848, 1 when the
//   line does not give them) and, for a master, the same --sync-maxlen when
//   the line gives one, is left running; one with other settings is stopped
//   and started again; a missing one is started. (A backup's maxlen is not
//   compared: the kernel reports its own receive length for it.) Daemons of
//   a kind the file does not name are not touched (keepalived may own them).

import type { Command } from '../cli/command.js';
import { inetNtop } from '../common/inet.js';
import type { IpvsApi } from '../ipvs/client-api.js';
import { DAEMON_BACKUP, DAEMON_MASTER, type Daemon, type Timeouts } from '../ipvs/types.js';

const AF_INET = 2;
const DEFAULT_GROUP = { af: AF_INET, addr: new Uint8Array([224, 0, 0, 81, ...new Array<number>(12).fill(0)]) };
const DEFAULT_PORT = 8848;
const DEFAULT_TTL = 1;

/** What a rules file says about the director beside its table. */
export interface DesiredDirector {
  /** The timeouts the --set lines leave (0: not set); undefined without --set lines. */
  readonly timeouts?: Timeouts;
  /** The daemon per kind, master first; empty without --start-daemon lines. */
  readonly daemons: readonly Daemon[];
}

export type DirectorOp =
  | { readonly op: 'set-timeout'; readonly timeouts: Timeouts }
  | { readonly op: 'start-daemon' | 'stop-daemon'; readonly daemon: Daemon };

export const NO_DIRECTOR: DesiredDirector = { daemons: [] };

/** The desired director of the --set and --start-daemon commands of a file, in file order. */
export function directorFromCommands(cmds: readonly Command[]): DesiredDirector {
  let timeouts: Timeouts | undefined;
  const byKind = new Map<number, Daemon>();
  for (const c of cmds) {
    if (c.name === 'set') {
      const t = c.timeouts;
      const p = timeouts ?? { tcp: 0, tcpFin: 0, udp: 0 };
      timeouts = { tcp: t.tcp || p.tcp, tcpFin: t.tcpFin || p.tcpFin, udp: t.udp || p.udp };
    } else if (c.name === 'start-daemon') {
      byKind.set(c.daemon.state & DAEMON_MASTER ? DAEMON_MASTER : DAEMON_BACKUP, c.daemon);
    }
  }
  const daemons = [DAEMON_MASTER, DAEMON_BACKUP].flatMap((k) => (byKind.has(k) ? [byKind.get(k)!] : []));
  return timeouts ? { timeouts, daemons } : { daemons };
}

const kindOf = (d: Daemon): number => (d.state & DAEMON_MASTER ? DAEMON_MASTER : DAEMON_BACKUP);
const groupText = (d: Daemon): string => {
  const g = d.mcastGroup ?? DEFAULT_GROUP;
  return inetNtop(g.af, g.addr) ?? '';
};

/** True when the running daemon `have` already is what `want` asks for. */
export function daemonMatches(have: Daemon, want: Daemon): boolean {
  if (kindOf(have) !== kindOf(want)) return false;
  if (have.mcastIfn !== want.mcastIfn || have.syncId !== want.syncId) return false;
  if (groupText(have) !== groupText(want)) return false;
  if ((have.mcastPort || DEFAULT_PORT) !== (want.mcastPort || DEFAULT_PORT)) return false;
  if ((have.mcastTtl || DEFAULT_TTL) !== (want.mcastTtl || DEFAULT_TTL)) return false;
  if (kindOf(want) === DAEMON_MASTER && want.syncMaxLen && have.syncMaxLen !== want.syncMaxLen) return false;
  return true;
}

/** The operations bringing the kernel's timeouts and daemons to `want`. */
export function planDirector(
  haveTimeouts: Timeouts | undefined,
  haveDaemons: readonly Daemon[],
  want: DesiredDirector,
): DirectorOp[] {
  const ops: DirectorOp[] = [];
  const t = want.timeouts;
  if (t && haveTimeouts) {
    const differs =
      (t.tcp !== 0 && t.tcp !== haveTimeouts.tcp) ||
      (t.tcpFin !== 0 && t.tcpFin !== haveTimeouts.tcpFin) ||
      (t.udp !== 0 && t.udp !== haveTimeouts.udp);
    if (differs) ops.push({ op: 'set-timeout', timeouts: t });
  }
  for (const d of want.daemons) {
    const running = haveDaemons.find((h) => kindOf(h) === kindOf(d));
    if (running && daemonMatches(running, d)) continue;
    if (running) ops.push({ op: 'stop-daemon', daemon: running });
    ops.push({ op: 'start-daemon', daemon: d });
  }
  return ops;
}

/** The ipvsadm command line of an operation (the options a daemon line gives, in ipvsadm's order). */
export function directorLine(op: DirectorOp): string {
  if (op.op === 'set-timeout') return `--set ${op.timeouts.tcp} ${op.timeouts.tcpFin} ${op.timeouts.udp}`;
  const kind = kindOf(op.daemon) === DAEMON_MASTER ? 'master' : 'backup';
  if (op.op === 'stop-daemon') return `--stop-daemon ${kind}`;
  return daemonLine(op.daemon);
}

/** A --start-daemon line for a daemon (as requested, or as GET_DAEMON reports it). */
export function daemonLine(d: Daemon): string {
  const kind = kindOf(d) === DAEMON_MASTER ? 'master' : 'backup';
  let line = `--start-daemon ${kind} --mcast-interface ${d.mcastIfn} --syncid ${d.syncId}`;
  if (d.syncMaxLen) line += ` --sync-maxlen ${d.syncMaxLen}`;
  const group = d.mcastGroup ? inetNtop(d.mcastGroup.af, d.mcastGroup.addr) : null;
  if (group) line += ` --mcast-group ${group}`;
  if (d.mcastPort) line += ` --mcast-port ${d.mcastPort}`;
  if (d.mcastTtl) line += ` --mcast-ttl ${d.mcastTtl}`;
  return line;
}

/** Runs one operation through the client (throws IpvsError). */
export function applyDirectorOp(client: IpvsApi, op: DirectorOp): void {
  switch (op.op) {
    case 'set-timeout':
      return client.setTimeouts(op.timeouts);
    case 'stop-daemon':
      return client.stopDaemon(op.daemon);
    case 'start-daemon':
      return client.startDaemon(op.daemon);
  }
}

/** The lines `ipvsadm-save --all` adds after the table: the timeouts, then each running daemon. */
export function directorLines(timeouts: Timeouts, daemons: readonly Daemon[]): string {
  const lines = [`--set ${timeouts.tcp} ${timeouts.tcpFin} ${timeouts.udp}`];
  for (const d of daemons) if (d.state & (DAEMON_MASTER | DAEMON_BACKUP)) lines.push(daemonLine(d));
  return lines.map((l) => `${l}\n`).join('');
}
