// Checking a rules file (`ipvsadm-restore --test`, `ipvsadm -R --test`):
// every line goes through ipvsadm's own parser (parseCommandLine) and, when
// the starting table is known (ipvsadm-restore flushes first, so it starts
// empty), through a model of the kernel's table, so problems the kernel
// would report ("Service already exists", "Service not defined", ...) are
// found too. Nothing here touches the kernel. Every problem is reported,
// as `file:line: <ipvsadm message>`.

import type { Command } from '../cli/command.js';
import { parseCommandLine } from '../cli/parse.js';
import { tryHelp } from '../cli/usage.js';
import type { Names } from '../common/names.js';
import type { DestKey, ServiceKey } from '../ipvs/types.js';
import { splitRestoreInput } from './restore-input.js';
import type { ProgramName } from '../common/program-name.js';

export interface CheckOptions {
  /** ipvsadm's argv[0] for the parser's messages ("ipvsadm"). */
  readonly prog: ProgramName;
  /** What problems are prefixed with: the file name, or "-" for stdin. */
  readonly file: string;
  readonly names: Names;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Drop lines starting with '#' (ipvsadm-restore's grep -v '^#'); line numbers stay the file's. */
  readonly stripComments: boolean;
  /**
   * Model the kernel table from empty (true for ipvsadm-restore, which
   * flushes first); false checks each line on its own only.
   */
  readonly simulate: boolean;
}

/** One line that parsed into a command. */
export interface CheckedLine {
  readonly lineNo: number;
  readonly words: readonly string[];
  readonly command: Command;
}

export interface CheckResult {
  /** `file:line: message` lines, in input order, without newlines. */
  readonly problems: string[];
  /** The lines that parsed, in order. */
  readonly commands: CheckedLine[];
}

/** Schedulers and persistence engines Linux ships (anything else fails with ENOENT). */
export const KNOWN_SCHEDULERS: ReadonlySet<string> = new Set([
  'rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'fo', 'ovf', 'mh', 'twos',
]);
export const KNOWN_PES: ReadonlySet<string> = new Set(['sip']);

export function serviceKeyOf(k: ServiceKey): string {
  if (k.fwmark) return `fwm/${k.af}/${k.fwmark >>> 0}`;
  return `${k.af}/${k.protocol}/${Buffer.from(k.addr.subarray(0, 16)).toString('hex')}/${k.port & 0xffff}`;
}

export function destKeyOf(d: DestKey): string {
  return `${d.af}/${Buffer.from(d.addr.subarray(0, 16)).toString('hex')}/${d.port & 0xffff}`;
}

/** Splits input into lines the way ipvsadm -R does, keeping the file's line numbers. */
export function inputLines(text: string, stripComments: boolean): { lineNo: number; words: readonly string[] }[] {
  const src = stripComments ? text.split('\n').map((l) => (l.startsWith('#') ? '' : l)).join('\n') : text;
  return splitRestoreInput(src);
}

/** Checks a whole rules text; see CheckOptions. */
export function checkRules(text: string, opts: CheckOptions): CheckResult {
  const problems: string[] = [];
  const commands: CheckedLine[] = [];
  const table = new Map<string, Set<string>>();
  const report = (lineNo: number, message: string): void => {
    for (const line of message.replace(/\n+$/, '').split('\n')) {
      problems.push(`${opts.file}:${lineNo}: ${line}`);
    }
  };
  for (const { lineNo, words } of inputLines(text, opts.stripComments)) {
    const parsed = parseCommandLine(opts.prog, [...words], opts.names, opts.env);
    if (parsed.kind === 'exit') {
      if (parsed.status === 0) report(lineNo, 'help or version request: it prints text and ends the restore here');
      else report(lineNo, parsed.stderr || `exit status ${parsed.status}`);
      continue;
    }
    const cmd = parsed.command;
    if (cmd.name === 'restore') {
      report(lineNo, tryHelp(opts.prog));
      continue;
    }
    commands.push({ lineNo, words, command: cmd });
    if (!opts.simulate) continue;
    const msg = simulate(table, cmd);
    if (msg !== null) report(lineNo, msg);
  }
  return { problems, commands };
}

/**
 * The check `ipvsadm-restore --test` runs (and ipvsadm-ts-systemd before it
 * restores): ipvsadm's parser on every line not starting with '#', and the
 * kernel's refusals on a table modelled from empty, since the restore
 * flushes first.
 */
export function checkRestoreRules(
  text: string,
  file: string,
  names: Names,
  env: Readonly<Record<string, string | undefined>>,
): CheckResult {
  return checkRules(text, { prog: 'ipvsadm', file, names, env, stripComments: true, simulate: true });
}

/** Applies cmd to the model table; returns ipvsadm's message when the kernel would refuse it. */
function simulate(table: Map<string, Set<string>>, cmd: Command): string | null {
  const sk = serviceKeyOf(cmd.service);
  const dests = table.get(sk);
  const schedOk = (): string | null => {
    if (cmd.service.schedName !== '' && !KNOWN_SCHEDULERS.has(cmd.service.schedName)) {
      return 'Scheduler or persistence engine not found';
    }
    if (cmd.service.peName !== '' && !KNOWN_PES.has(cmd.service.peName)) {
      return 'Scheduler or persistence engine not found';
    }
    return null;
  };
  switch (cmd.name) {
    case 'add-service': {
      if (dests) return 'Service already exists';
      const bad = schedOk();
      if (bad) return bad;
      table.set(sk, new Set());
      return null;
    }
    case 'edit-service':
      if (!dests) return 'No such service';
      return schedOk();
    case 'delete-service':
      if (!dests) return 'No such service';
      table.delete(sk);
      return null;
    case 'zero':
      return cmd.serviceGiven && !dests ? 'No such service' : null;
    case 'flush':
      table.clear();
      return null;
    case 'add-server': {
      if (!dests) return 'Service not defined';
      const dk = destKeyOf(cmd.dest);
      if (dests.has(dk)) return 'Destination already exists';
      dests.add(dk);
      return null;
    }
    case 'edit-server':
    case 'delete-server': {
      if (!dests) return 'Service not defined';
      const dk = destKeyOf(cmd.dest);
      if (!dests.has(dk)) return 'No such destination';
      if (cmd.name === 'delete-server') dests.delete(dk);
      return null;
    }
    default:
      return null;
  }
}
