// ipvsadm-restore: Debian's script (`ipvsadm -C`, then the input without
// comment lines into `ipvsadm -R`), run in this process, and the new
// options no ipvsadm has:
//   ipvsadm-restore --test [FILE]            check the whole input, change nothing
//   ipvsadm-restore --apply [--dry-run] [--drain[=SECONDS]] [-v] [FILE]
//                                            make the kernel match FILE without flushing
//                                            (its table, and its --set and --start-daemon lines);
//                                            --drain: removed servers first go to weight 0 and
//                                            are deleted when their connections are gone
// Only these exact words select the new behaviour (isRestoreExtension).
// Unlike Debian's script, which ignores its arguments and flushes: -h,
// --help and --version print and exit, any other option is a usage error,
// and the whole input is read before the flush, so a restore whose input
// could not be read leaves the table as it was.
// Exit status: 0 clean / applied / help; 1 problems in the input (nothing
// changed) or an operation failed part-way; 2 usage error, unreadable
// input, no IPVS; 130 / 143 a drain interrupted by SIGINT / SIGTERM.

import { createRequire } from 'node:module';
import { VERSION_LINE } from '../cli/usage.js';
import { PACKAGE_VERSION } from '../common/version.js';
import { IpvsError } from '../ipvs/errors.js';
import { ipvsStrerror } from '../ipvs/strerror.js';
import { checkRestoreRules } from '../ops/check.js';
import { INPUT_ERROR_STATUS, InputError, readStdinOrReport, type Io } from '../ops/io.js';
import { planDirector, type DirectorOp } from '../ops/director.js';
import { computePlan, desiredFromRules } from '../ops/plan.js';
import { readTable, type KernelTable } from '../ops/table.js';
import type { DrainEdges } from './drain-wait.js';
import { withIpvs, type Deps } from './init.js';
import { applyOrShow } from './restore-apply.js';
import { runWith } from './ipvsadm.js';

/** commander, loaded on first use: only these new options need it. */
function commander(): typeof import('commander') {
  return createRequire(import.meta.url)('commander') as typeof import('commander');
}

const NEW_OPTIONS: ReadonlySet<string> = new Set(['--test', '--apply', '--dry-run', '--drain', '-v', '--verbose']);
const DRAIN = '--drain';
/** --drain's SECONDS when the option has none. */
export const DEFAULT_DRAIN_SECONDS = 300;
const HELP_OPTIONS: ReadonlySet<string> = new Set(['-h', '--help']);
const VERSION_OPTION = '--version';
const USAGE = 'usage: ipvsadm-restore [--test | --apply [--dry-run] [--drain[=SECONDS]] [-v]] [FILE]\n';
// The inner messages are ipvsadm's (the script runs `ipvsadm`).
const INNER_PROG = 'ipvsadm';
const USAGE_STATUS = 2;

/** The -h / --help text (standard output, status 0). */
export function restoreHelp(prog: string): string {
  return (
    `Usage: ${prog} < RULES\n` +
    `       ${prog} --test [FILE]\n` +
    `       ${prog} --apply [--dry-run] [--drain[=SECONDS]] [-v] [FILE]\n` +
    `       ${prog} -h | --help | --version\n` +
    '\n' +
    'Without options: reads all the rules on standard input (ipvsadm-save\n' +
    'format; lines starting with # are dropped), then clears the IPVS table\n' +
    '(ipvsadm -C) and runs the rules with ipvsadm -R. An input that cannot be\n' +
    'read leaves the table as it was.\n' +
    '\n' +
    'Options:\n' +
    '  --test       check every rule of FILE (default: standard input) as the\n' +
    '               restore would run it; print each problem as FILE:LINE; change nothing\n' +
    '  --apply      make the table match FILE with the fewest changes, without\n' +
    '               clearing it; nothing is changed when a rule is invalid\n' +
    '  --dry-run    with --apply: print the changes, make none\n' +
    '  --drain[=SECONDS]\n' +
    '               with --apply: set the real servers FILE removes to weight 0\n' +
    '               first, and delete them (and the services FILE removes) once\n' +
    `               their connections are gone or SECONDS (default ${DEFAULT_DRAIN_SECONDS}) have passed\n` +
    '  -v, --verbose\n' +
    '               with --apply: print each change on standard output as it is made\n' +
    '  -h, --help   print this text\n' +
    '  --version    print the version\n'
  );
}

/** The --version text (standard output, status 0). */
export function restoreVersion(prog: string): string {
  return `${prog} (ipvsadm-ts ${PACKAGE_VERSION}), running ${VERSION_LINE}\n`;
}

/**
 * ipvsadm-restore with args (argv without argv[0]); returns the exit status,
 * or a promise of it when a drain waits (only with env.drain).
 */
export function restoreWith(args: readonly string[], env: RestoreEnv & { readonly drain?: undefined }): number;
export function restoreWith(args: readonly string[], env: RestoreEnv): number | Promise<number>;
export function restoreWith(args: readonly string[], env: RestoreEnv): number | Promise<number> {
  const { io, prog } = env;
  if (args.some((a) => HELP_OPTIONS.has(a))) {
    io.out(restoreHelp(prog));
    return 0;
  }
  if (args.includes(VERSION_OPTION)) {
    io.out(restoreVersion(prog));
    return 0;
  }
  if (isRestoreExtension(args)) return restoreExtension(args, env);
  // Debian's script ignores its arguments; an option it would ignore is
  // refused here before anything is read or flushed.
  const unknown = args.find((a) => a.length > 1 && a.startsWith('-'));
  if (unknown !== undefined) {
    io.err(`${prog}: unknown option: ${unknown}\n${USAGE}`);
    return USAGE_STATUS;
  }
  // INPUT="$(grep -v '^#')" comes first: an input that cannot be read
  // completely stops here, before `ipvsadm -C`.
  const input = readStdinOrReport(io, prog);
  if (input === undefined) return INPUT_ERROR_STATUS;
  runWith(INNER_PROG, ['-C'], io, env.deps);
  const rIo: Io = { ...io, readStdin: () => restoreText(input) };
  return runWith(INNER_PROG, ['-R'], rIo, env.deps);
}

/** The rules text `ipvsadm -R` receives: `grep -v '^#'`, then `echo "$(...)"`. */
export function restoreText(input: string): string {
  const kept = input.split('\n').filter((l, i, all) => !(l.startsWith('#') || (i === all.length - 1 && l === '')));
  return `${kept.join('\n').replace(/\n+$/, '')}\n`;
}

/** True when args contain one of the new options (else: Debian's behaviour). */
export function isRestoreExtension(args: readonly string[]): boolean {
  return args.some((a) => NEW_OPTIONS.has(a) || a.startsWith(`${DRAIN}=`));
}

export interface RestoreOptions {
  readonly test: boolean;
  readonly apply: boolean;
  readonly dryRun: boolean;
  /** -v / --verbose. */
  readonly verbose: boolean;
  /** --drain's SECONDS; undefined without --drain. */
  readonly drain: number | undefined;
  readonly file: string | undefined;
}

/**
 * Takes --drain and --drain=SECONDS out of args (before a `--`): commander's
 * optional values would take a following FILE for SECONDS.
 */
function takeDrain(args: readonly string[]): { rest: string[]; drain: number | undefined } | { error: string } {
  const end = args.indexOf('--');
  const head = end < 0 ? args : args.slice(0, end);
  let drain: number | undefined;
  for (const a of head) {
    if (a === DRAIN) drain = DEFAULT_DRAIN_SECONDS;
    else if (a.startsWith(`${DRAIN}=`)) {
      const v = a.slice(DRAIN.length + 1);
      const n = Number(v);
      if (!/^[0-9]+$/.test(v) || !Number.isSafeInteger(n)) {
        return { error: `bad --drain seconds: '${v}' (a whole number of seconds, 0 or more)` };
      }
      drain = n;
    }
  }
  const rest = head.filter((a) => a !== DRAIN && !a.startsWith(`${DRAIN}=`));
  return { rest: end < 0 ? rest : [...rest, ...args.slice(end)], drain };
}

/** Parses the new options with commander; its texts and exits never leak. */
export function parseRestoreOptions(args: readonly string[]): RestoreOptions | { error: string } {
  const taken = takeDrain(args);
  if ('error' in taken) return taken;
  const { Command, CommanderError } = commander();
  const program = new Command('ipvsadm-restore')
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {}, outputError: () => {} })
    .helpOption(false)
    .allowExcessArguments(false)
    .option('--test')
    .option('--apply')
    .option('--dry-run')
    .option('-v, --verbose')
    .argument('[file]');
  try {
    program.parse(taken.rest, { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    const why =
      e.code === 'commander.unknownOption'
        ? `unknown option: ${/'([^']*)'/.exec(e.message)?.[1] ?? ''}`
        : e.code === 'commander.excessArguments'
          ? 'only one FILE can be given'
          : 'bad arguments';
    return { error: why };
  }
  const o = program.opts<{ test?: boolean; apply?: boolean; dryRun?: boolean; verbose?: boolean }>();
  const opts: RestoreOptions = {
    test: o.test === true,
    apply: o.apply === true || o.dryRun === true,
    dryRun: o.dryRun === true,
    verbose: o.verbose === true,
    drain: taken.drain,
    file: program.args[0],
  };
  if (opts.test && opts.apply) return { error: '--test cannot be combined with --apply or --dry-run' };
  if (opts.drain !== undefined && !opts.apply) return { error: '--drain needs --apply' };
  if (opts.verbose && !opts.apply) return { error: '-v/--verbose needs --apply' };
  return opts;
}

export interface RestoreEnv {
  readonly io: Io;
  readonly deps: Deps;
  /** Reads FILE; throws an InputError (or an Error with a message) when it cannot read it completely. */
  readFile(path: string): string;
  /** Program name for our own messages. */
  readonly prog: string;
  /** True when standard error is a terminal (absent: false). */
  readonly stderrIsTerminal?: boolean;
  /** The clock, sleep and signals --drain waits with (absent: --drain is refused, status 2, nothing changed). */
  readonly drain?: DrainEdges;
}

/** Runs ipvsadm-restore with the new options; returns the exit status (a promise of it when a drain waits). */
export function restoreExtension(args: readonly string[], env: RestoreEnv & { readonly drain?: undefined }): number;
export function restoreExtension(args: readonly string[], env: RestoreEnv): number | Promise<number>;
export function restoreExtension(args: readonly string[], env: RestoreEnv): number | Promise<number> {
  const { io, prog } = env;
  const opts = parseRestoreOptions(args);
  if ('error' in opts) {
    io.err(`${prog}: ${opts.error}\n${USAGE}`);
    return USAGE_STATUS;
  }
  const drainEdges = env.drain;
  if (opts.drain !== undefined && drainEdges === undefined) {
    io.err(`${prog}: --drain cannot wait here\n`);
    return USAGE_STATUS;
  }
  let text: string;
  const label = opts.file === undefined || opts.file === '-' ? '-' : opts.file;
  try {
    text = label === '-' ? io.readStdin() : env.readFile(label);
  } catch (e) {
    const why = e instanceof InputError ? e.reason : e instanceof Error ? e.message : String(e);
    io.err(`${prog}: cannot read ${label}: ${why}\n`);
    return INPUT_ERROR_STATUS;
  }
  const checkOpts = { prog: INNER_PROG, file: label, names: env.deps.names, env: io.env, stripComments: true };
  if (opts.test) {
    const r = checkRestoreRules(text, label, env.deps.names, io.env);
    for (const p of r.problems) io.err(`${p}\n`);
    return r.problems.length === 0 ? 0 : 1;
  }
  const desired = desiredFromRules(text, checkOpts);
  if (desired.problems.length > 0) {
    for (const p of desired.problems) io.err(`${p}\n`);
    io.err(`${prog}: nothing applied\n`);
    return 1;
  }
  return withIpvs(INNER_PROG, io, env.deps, (s) => {
    let current: KernelTable;
    let directorPlan: DirectorOp[] = [];
    try {
      current = readTable(s.client);
      // The timeouts and daemons are read only when the file speaks of them.
      const d = desired.director;
      if (d.timeouts || d.daemons.length > 0) {
        directorPlan = planDirector(
          d.timeouts ? s.client.getTimeouts() : undefined,
          d.daemons.length > 0 ? s.client.getDaemons() : [],
          d,
        );
      }
    } catch (e) {
      if (!(e instanceof IpvsError)) throw e;
      io.err(`${prog}: cannot read the IPVS table: ${ipvsStrerror(e.op, e.errno, s.libcStrerror)}\n`);
      return 2;
    }
    return applyOrShow(s, current, computePlan(current, desired.table), directorPlan, {
      prog,
      dryRun: opts.dryRun,
      verbose: opts.verbose,
      drain: opts.drain !== undefined && drainEdges ? { seconds: opts.drain, edges: drainEdges } : undefined,
      stderrIsTerminal: env.stderrIsTerminal === true,
    });
  });
}
