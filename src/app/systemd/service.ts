// The start/stop logic of ipvsadm.service, runnable (and testable) without
// systemd. Every edge is injected: how one ipvsadm or ipvsadm-restore
// command line runs, the rules file, the streams, module unloading.
//
//   start   : no rules file -> empty table, success. Else the file is first
//             checked as `ipvsadm-restore --test` checks it; a problem
//             leaves the table as it was: every `FILE:LINE: message` goes
//             to stderr, status 1. A clean file is restored with
//             ipvsadm-restore semantics (flush, then every line as
//             `ipvsadm -R` input, in order); a line the kernel refuses
//             stops the start: its ipvsadm message and `FILE:LINE: text`
//             go to stderr, status 1. Then the connection sync daemon(s)
//             of DAEMON=master|backup|both (Debian's /etc/default/ipvsadm
//             keys, with IFACE and SYNCID): one already running with the
//             same interface and syncid is left running, one with other
//             settings is restarted.
//   reload  : `ipvsadm-restore --apply FILE`: the table is made equal to
//             the file with the fewest changes, never flushed, so unchanged
//             services keep their connections; a file with a problem
//             changes nothing (status 1). Then the DAEMON sync daemon(s),
//             as start. A missing rules file converges to an empty table.
//   stop    : [save-on-stop] `ipvsadm -S -n` into a temp file renamed over
//             the rules file (a failed save leaves the old file and the
//             table alone, status 1); then the DAEMON sync daemon(s) that
//             run are stopped; then `ipvsadm -C`; [modules-unload].
//   restart : stop (saving per IPVS_SAVE_ON_RESTART, leaving the sync
//             daemons running), then start. Without that save the file is
//             checked first, so a bad file leaves the table as it was.
//   save    : the save step alone; status: `ipvsadm -L [-n]`.

import type { Names } from '../../common/names.js';
import { checkRestoreRules } from '../../ops/check.js';
import { captureIo, type Io } from '../../ops/io.js';
import type { ServiceConfig, SyncDaemonConfig } from './config.js';

export interface ServiceDeps {
  /** Runs one ipvsadm command line (argv without argv[0]) with these streams. */
  run(args: readonly string[], io: Io): number;
  /**
   * Runs one ipvsadm-restore command line (argv without argv[0]) with these
   * streams; it reads a FILE argument itself and names itself HELPER.
   */
  restore(args: readonly string[], io: Io): number;
  /** The name lookups ipvsadm's parser uses (host and service names in the rules file). */
  readonly names: Names;
  /** Contents of a file, or undefined when it does not exist (other errors throw). */
  readFile(path: string): string | undefined;
  /** Replaces `path` with `data` atomically (temp file + rename); throws on failure. */
  writeFileAtomic(path: string, data: string): void;
  out(text: string): void;
  err(text: string): void;
  /** Unloads the ip_vs modules; returns an error text, or undefined on success. */
  unloadModules(): string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const HELPER = 'ipvsadm-ts-systemd';
/** First line of a file written by save. */
export const SAVE_HEADER = '# ipvsadm.rules (saved by ipvsadm-ts-systemd: ipvsadm -S -n)\n';

interface Captured {
  status: number;
  out: string;
  err: string;
}

type Runner = (args: readonly string[], io: Io) => number;

function captureWith(runner: Runner, deps: ServiceDeps, args: readonly string[], stdin: string): Captured {
  const c = captureIo({ stdin, env: deps.env });
  const status = runner(args, c.io);
  return { status, out: c.stdout(), err: c.stderr() };
}

/** Runs an ipvsadm command line with its output captured. */
const capture = (deps: ServiceDeps, args: readonly string[], stdin = ''): Captured =>
  captureWith((a, io) => deps.run(a, io), deps, args, stdin);

/** Runs an ipvsadm-restore command line with its output captured. */
const captureRestore = (deps: ServiceDeps, args: readonly string[], stdin = ''): Captured =>
  captureWith((a, io) => deps.restore(a, io), deps, args, stdin);

/** Runs a command with its output passed through; returns its status. */
function passThrough(deps: ServiceDeps, args: readonly string[]): number {
  const r = capture(deps, args);
  if (r.out) deps.out(r.out);
  if (r.err) deps.err(r.err);
  return r.status;
}

/** A rules-file line ipvsadm -R would run: not a comment, some word other than "ipvsadm". */
function isCommandLine(line: string): boolean {
  if (line.startsWith('#')) return false; // ipvsadm-restore's grep -v '^#'
  return line.split(/[ \t\r]+/).some((w) => w !== '' && w !== 'ipvsadm');
}

type DaemonKind = 'master' | 'backup';
interface RunningDaemon {
  kind: DaemonKind;
  iface: string;
  syncId: string;
}

const wanted = (sync: SyncDaemonConfig): DaemonKind[] =>
  sync.mode === 'both' ? ['master', 'backup'] : sync.mode === 'none' ? [] : [sync.mode];

/** The sync daemons `ipvsadm -L --daemon` lists, or undefined (reported) when it fails. */
function runningDaemons(deps: ServiceDeps): RunningDaemon[] | undefined {
  const r = capture(deps, ['-L', '--daemon']);
  if (r.status !== 0) {
    deps.err(r.err);
    deps.err(`${HELPER}: cannot list the connection sync daemons (ipvsadm -L --daemon: status ${r.status})\n`);
    return undefined;
  }
  const found: RunningDaemon[] = [];
  for (const line of r.out.split('\n')) {
    const m = /^(master|backup) sync daemon \(mcast=([^,]*), syncid=(\d+)/.exec(line);
    if (m) found.push({ kind: m[1] as DaemonKind, iface: m[2]!, syncId: m[3]! });
  }
  return found;
}

const sameSyncId = (a: string, b: string): boolean => /^\d+$/.test(a) && /^\d+$/.test(b) && Number(a) === Number(b);

/**
 * Brings the sync daemons DAEMON names to IFACE and SYNCID: starts the
 * missing ones, restarts those with other settings, leaves matching ones
 * alone. Daemons DAEMON does not name are not touched (keepalived may own them).
 */
export function startDaemons(cfg: ServiceConfig, deps: ServiceDeps): number {
  const kinds = wanted(cfg.sync);
  if (kinds.length === 0) return 0;
  const running = runningDaemons(deps);
  if (!running) return 1;
  const { iface, syncId } = cfg.sync;
  for (const kind of kinds) {
    const now = running.find((d) => d.kind === kind);
    if (now && now.iface === iface && sameSyncId(now.syncId, syncId)) continue;
    if (now) {
      const stopped = passThrough(deps, ['--stop-daemon', kind]);
      if (stopped !== 0) return stopped;
    }
    const r = capture(deps, ['--start-daemon', kind, '--mcast-interface', iface, '--syncid', syncId]);
    if (r.out) deps.out(r.out);
    if (r.err) deps.err(r.err);
    if (r.status !== 0) {
      deps.err(
        `${HELPER}: could not start the ${kind} sync daemon (DAEMON=${cfg.sync.mode} IFACE=${iface} SYNCID=${syncId})\n`,
      );
      return 1;
    }
  }
  return 0;
}

/** Stops the sync daemons DAEMON names that are running. */
export function stopDaemons(cfg: ServiceConfig, deps: ServiceDeps): number {
  const kinds = wanted(cfg.sync);
  if (kinds.length === 0) return 0;
  const running = runningDaemons(deps);
  if (!running) return 1;
  let status = 0;
  for (const kind of kinds) {
    if (!running.some((d) => d.kind === kind)) continue;
    const r = passThrough(deps, ['--stop-daemon', kind]);
    if (r !== 0) status = r;
  }
  return status;
}

/** The rules file's text; undefined when it does not exist; null (reported) when it cannot be read. */
function readRules(cfg: ServiceConfig, deps: ServiceDeps): string | undefined | null {
  try {
    return deps.readFile(cfg.rulesFile);
  } catch (e) {
    deps.err(`${HELPER}: cannot read ${cfg.rulesFile}: ${(e as Error).message}\n`);
    return null;
  }
}

/**
 * Checks the rules as `ipvsadm-restore --test` does; reports every problem
 * as `FILE:LINE: message` and returns false when there is one.
 */
function rulesAreClean(cfg: ServiceConfig, text: string, deps: ServiceDeps, what: string): boolean {
  const { problems } = checkRestoreRules(text, cfg.rulesFile, deps.names, deps.env);
  if (problems.length === 0) return true;
  deps.err(problems.map((p) => `${p}\n`).join(''));
  deps.err(
    `${HELPER}: ${cfg.rulesFile}: ${problems.length} problem(s); ${what}: the IPVS table is left as it was\n`,
  );
  return false;
}

export function start(cfg: ServiceConfig, deps: ServiceDeps): number {
  const text = readRules(cfg, deps);
  if (text === null) return 1;
  if (text !== undefined && !rulesAreClean(cfg, text, deps, 'not restored')) return 1;
  const flushed = passThrough(deps, ['-C']);
  if (flushed !== 0) return flushed;
  if (text === undefined) {
    deps.err(`${HELPER}: ${cfg.rulesFile} does not exist; starting with an empty IPVS table\n`);
    return startDaemons(cfg, deps);
  }
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  let applied = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!isCommandLine(line)) continue;
    const r = capture(deps, ['-R'], `${line}\n`);
    if (r.out) deps.out(r.out);
    if (r.status !== 0) {
      deps.err(r.err);
      deps.err(`${HELPER}: ${cfg.rulesFile}:${i + 1}: ${line.trim()}\n`);
      deps.err(
        `${HELPER}: restore stopped at line ${i + 1}; ${applied} rule line(s) before it are in effect\n`,
      );
      return 1;
    }
    if (r.err) deps.err(r.err);
    applied++;
  }
  return startDaemons(cfg, deps);
}

/**
 * Makes the table equal to the rules file as `ipvsadm-restore --apply`
 * does (no flush: unchanged services keep their connections), then brings
 * the DAEMON sync daemons in line as start does. A file with a problem
 * changes nothing.
 */
export function reload(cfg: ServiceConfig, deps: ServiceDeps): number {
  const text = readRules(cfg, deps);
  if (text === null) return 1;
  let r: Captured;
  if (text === undefined) {
    deps.err(`${HELPER}: ${cfg.rulesFile} does not exist; reloading to an empty IPVS table\n`);
    r = captureRestore(deps, ['--apply', '-']);
  } else {
    r = captureRestore(deps, ['--apply', cfg.rulesFile]);
  }
  if (r.out) deps.out(r.out);
  if (r.err) deps.err(r.err);
  if (r.status !== 0) {
    deps.err(`${HELPER}: reload of ${cfg.rulesFile} failed (status ${r.status})\n`);
    return 1;
  }
  return startDaemons(cfg, deps);
}

/** Saves the table into the rules file; the old file stays untouched on any failure. */
export function save(cfg: ServiceConfig, deps: ServiceDeps): number {
  const r = capture(deps, ['-S', '-n']);
  if (r.status !== 0) {
    deps.err(r.err);
    deps.err(`${HELPER}: ipvsadm -S -n failed (status ${r.status}); ${cfg.rulesFile} left unchanged\n`);
    return 1;
  }
  if (r.err) deps.err(r.err);
  try {
    deps.writeFileAtomic(cfg.rulesFile, SAVE_HEADER + r.out);
  } catch (e) {
    deps.err(`${HELPER}: cannot save to ${cfg.rulesFile}: ${(e as Error).message}; old rules left unchanged\n`);
    return 1;
  }
  return 0;
}

export function stop(
  cfg: ServiceConfig,
  deps: ServiceDeps,
  saveFirst = cfg.saveOnStop,
  daemonsToo = true,
): number {
  if (saveFirst) {
    const saved = save(cfg, deps);
    if (saved !== 0) {
      deps.err(`${HELPER}: not clearing the IPVS table since it could not be saved\n`);
      return saved;
    }
  }
  const daemons = daemonsToo ? stopDaemons(cfg, deps) : 0;
  const cleared = passThrough(deps, ['-C']);
  if (cleared !== 0) return cleared;
  if (daemons !== 0) return daemons;
  if (cfg.modulesUnload) {
    const why = deps.unloadModules();
    if (why !== undefined) deps.err(`${HELPER}: warning: could not unload the IPVS modules: ${why}\n`);
  }
  return 0;
}

export function restart(cfg: ServiceConfig, deps: ServiceDeps): number {
  if (!cfg.saveOnRestart) {
    // The file start will restore: checked before stop clears anything.
    const text = readRules(cfg, deps);
    if (text === null) return 1;
    if (text !== undefined && !rulesAreClean(cfg, text, deps, 'not restarted')) return 1;
  }
  const stopped = stop(cfg, deps, cfg.saveOnRestart, false);
  if (stopped !== 0) return stopped;
  return start(cfg, deps);
}

export function status(cfg: ServiceConfig, deps: ServiceDeps): number {
  return passThrough(deps, cfg.statusNumeric ? ['-L', '-n'] : ['-L']);
}
