// Differential runner: every scenario runs inside one user-mode Linux boot,
// once with Debian's ipvsadm and once with ours, from the same clean kernel
// state; stdout, stderr and exit status are compared byte for byte per
// command, and the kernel state (Debian's `ipvsadm -Sn`, `-L --timeout`,
// `-L --daemon`) after each scenario.
//
// Scenario text format (files under test/kernel/scenarios/*.txt):
//
//   # comment                      ignored (whole-line only)
//   <blank line>                   ends the current scenario
//   % name Some title              scenario name (default: file:line)
//   % mode inproc|process|debian   how "ours" runs (default inproc)
//   % env KEY=VALUE                environment for both tools (repeatable)
//   % snapshot end|each|none       when to compare kernel state (default end)
//   ! shell command                run with /bin/sh -c in both passes, not compared
//   [TOOL] [@process|@inproc] ARGS [<<EOF | <<< WORD | < FILE]
//
// TOOL is ipvsadm (default when the first word is not a tool name),
// ipvsadm-save or ipvsadm-restore (those two always run as processes).
// ARGS are split like a shell without expansion: '...' "..." $'...' and \x.
// `<<EOF` takes the following lines up to a line `EOF` as stdin; `<<< WORD`
// gives WORD plus a newline; `< FILE` reads FILE relative to the scenario file.
// A line ending in a backslash continues on the next line.

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { bootUml, repoRoot, type BootResult } from './uml.js';

export type OursMode = 'inproc' | 'process' | 'debian';
export type Tool = 'ipvsadm' | 'ipvsadm-save' | 'ipvsadm-restore' | 'sh';
export type SnapshotWhen = 'end' | 'each' | 'none';

export interface Command {
  tool: Tool;
  args: string[];
  stdin?: string;
  /** Per-line override of how ours runs. */
  mode?: OursMode;
  /** Where it came from, for reports. */
  file: string;
  line: number;
  text: string;
}

export interface Scenario {
  id: string;
  name: string;
  file: string;
  line: number;
  mode?: OursMode;
  env: Record<string, string>;
  snapshot: SnapshotWhen;
  commands: Command[];
}

export interface RunResult {
  stdout: string;
  stderr: string;
  status: number | null;
  signal?: string;
  error?: string;
  ms: number;
}

interface PassResult {
  results: RunResult[];
  snapshots: string[];
}

interface DriverScenarioOutput {
  id: string;
  mode: OursMode;
  ms: number;
  debian?: PassResult;
  ours?: PassResult;
  crash?: string;
}

interface DriverOutput {
  scenarios: DriverScenarioOutput[];
  timing: { importMainMs: number; scenariosMs: number };
}

export interface CommandOutcome {
  command: Command;
  debian: RunResult;
  ours: RunResult;
  /** Which of stdout / stderr / status differ (empty: identical). */
  differs: Array<'stdout' | 'stderr' | 'status' | 'error'>;
}

export interface ScenarioOutcome {
  scenario: Scenario;
  mode: OursMode;
  ms: number;
  commands: CommandOutcome[];
  /** Pairs of differing kernel-state snapshots. */
  snapshotDiffs: Array<{ index: number; debian: string; ours: string }>;
  crash?: string;
  ok: boolean;
}

export interface DifferentialRun {
  scenarios: ScenarioOutcome[];
  ok: boolean;
  boot: Pick<BootResult, 'totalMs' | 'payloadMs' | 'readyAtS'>;
  timing: DriverOutput['timing'];
}

// ---------------------------------------------------------------- parsing

const TOOLS: ReadonlySet<string> = new Set(['ipvsadm', 'ipvsadm-save', 'ipvsadm-restore']);
const MODES: ReadonlySet<string> = new Set(['inproc', 'process', 'debian']);

interface Word {
  text: string;
  quoted: boolean;
}

/** Shell-like word splitting without any expansion. */
export function splitWords(line: string, where = 'line'): Word[] {
  const words: Word[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && /\s/.test(line[i]!)) i++;
    if (i >= n) break;
    let text = '';
    let quoted = false;
    while (i < n && !/\s/.test(line[i]!)) {
      const c = line[i]!;
      if (c === "'") {
        const end = line.indexOf("'", i + 1);
        if (end < 0) throw new Error(`${where}: unterminated '`);
        text += line.slice(i + 1, end);
        quoted = true;
        i = end + 1;
      } else if (c === '$' && line[i + 1] === "'") {
        i += 2;
        quoted = true;
        for (;;) {
          if (i >= n) throw new Error(`${where}: unterminated $'`);
          const d = line[i]!;
          if (d === "'") {
            i++;
            break;
          }
          if (d !== '\\') {
            text += d;
            i++;
            continue;
          }
          const e = line[i + 1] ?? '';
          i += 2;
          const simple: Record<string, string> = {
            n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', f: '\f', v: '\v',
            '\\': '\\', "'": "'", '"': '"', '?': '?',
          };
          if (e in simple) text += simple[e];
          else if (e === 'x') {
            const m = /^[0-9a-fA-F]{1,2}/.exec(line.slice(i));
            if (!m) throw new Error(`${where}: bad \\x escape`);
            text += String.fromCharCode(parseInt(m[0], 16));
            i += m[0].length;
          } else if (/[0-7]/.test(e)) {
            const m = /^[0-7]{0,2}/.exec(line.slice(i))!;
            text += String.fromCharCode(parseInt(e + m[0], 8));
            i += m[0].length;
          } else text += '\\' + e;
        }
      } else if (c === '"') {
        i++;
        quoted = true;
        for (;;) {
          if (i >= n) throw new Error(`${where}: unterminated "`);
          const d = line[i]!;
          if (d === '"') {
            i++;
            break;
          }
          if (d === '\\' && i + 1 < n && '"\\$`'.includes(line[i + 1]!)) {
            text += line[i + 1];
            i += 2;
          } else {
            text += d;
            i++;
          }
        }
      } else if (c === '\\') {
        if (i + 1 >= n) throw new Error(`${where}: trailing backslash`);
        text += line[i + 1];
        quoted = true;
        i += 2;
      } else {
        text += c;
        i++;
      }
    }
    words.push({ text, quoted });
  }
  return words;
}

export interface ParseOptions {
  /** Used in ids and to resolve `< FILE`; defaults to "<inline>". */
  file?: string;
  /** Defaults applied to every scenario in the text. */
  mode?: OursMode;
  snapshot?: SnapshotWhen;
}

/** Parses scenario text (format at the top of this file). */
export function parseScenarios(text: string, opts: ParseOptions = {}): Scenario[] {
  const file = opts.file ?? '<inline>';
  const shown = file.startsWith('/') ? relative(repoRoot, file) : file;
  const lines = text.split('\n');
  const scenarios: Scenario[] = [];
  let cur: Scenario | undefined;
  const finish = (): void => {
    if (cur && cur.commands.length > 0) scenarios.push(cur);
    cur = undefined;
  };
  const start = (lineNo: number): Scenario => {
    cur ??= {
      id: `${shown}:${lineNo}`,
      name: `${shown}:${lineNo}`,
      file: shown,
      line: lineNo,
      env: {},
      snapshot: opts.snapshot ?? 'end',
      commands: [],
      ...(opts.mode ? { mode: opts.mode } : {}),
    };
    return cur;
  };
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let raw = lines[i]!;
    const where = `${shown}:${lineNo}`;
    if (raw.trim() === '') {
      finish();
      continue;
    }
    if (/^\s*#/.test(raw)) continue;
    while (raw.endsWith('\\') && !raw.endsWith('\\\\') && i + 1 < lines.length) {
      raw = raw.slice(0, -1) + ' ' + lines[++i]!;
    }
    const trimmed = raw.trim();
    const sc = start(lineNo);
    if (trimmed.startsWith('%')) {
      const m = /^%\s*(\S+)\s*(.*)$/.exec(trimmed);
      const key = m?.[1] ?? '';
      const value = (m?.[2] ?? '').trim();
      if (key === 'name') sc.name = value;
      else if (key === 'mode') {
        if (!MODES.has(value)) throw new Error(`${where}: mode must be inproc|process|debian`);
        sc.mode = value as OursMode;
      } else if (key === 'env') {
        const eq = value.indexOf('=');
        if (eq <= 0) throw new Error(`${where}: % env KEY=VALUE`);
        sc.env[value.slice(0, eq)] = value.slice(eq + 1);
      } else if (key === 'snapshot') {
        if (!['end', 'each', 'none'].includes(value)) throw new Error(`${where}: snapshot end|each|none`);
        sc.snapshot = value as SnapshotWhen;
      } else throw new Error(`${where}: unknown directive % ${key}`);
      continue;
    }
    if (trimmed.startsWith('!')) {
      sc.commands.push({ tool: 'sh', args: [trimmed.slice(1).trim()], file: shown, line: lineNo, text: trimmed });
      continue;
    }
    const words = splitWords(trimmed, where);
    let tool: Tool = 'ipvsadm';
    let mode: OursMode | undefined;
    if (words[0] && !words[0].quoted && TOOLS.has(words[0].text)) tool = words.shift()!.text as Tool;
    if (words[0] && !words[0].quoted && /^@(inproc|process|debian)$/.test(words[0].text)) {
      mode = words.shift()!.text.slice(1) as OursMode;
    }
    let stdin: string | undefined;
    const args: string[] = [];
    for (let w = 0; w < words.length; w++) {
      const word = words[w]!;
      if (!word.quoted && word.text.startsWith('<<<')) {
        const rest = word.text.slice(3) || words[++w]?.text;
        if (rest === undefined) throw new Error(`${where}: <<< needs a word`);
        stdin = rest + '\n';
      } else if (!word.quoted && word.text.startsWith('<<')) {
        const delim = word.text.slice(2) || words[++w]?.text;
        if (!delim) throw new Error(`${where}: << needs a delimiter`);
        const body: string[] = [];
        for (;;) {
          i++;
          if (i >= lines.length) throw new Error(`${where}: heredoc ${delim} not terminated`);
          if (lines[i] === delim) break;
          body.push(lines[i]! + '\n');
        }
        stdin = body.join('');
      } else if (!word.quoted && word.text.startsWith('<')) {
        const name = word.text.slice(1) || words[++w]?.text;
        if (!name) throw new Error(`${where}: < needs a file`);
        const base = file.startsWith('/') ? dirname(file) : process.cwd();
        stdin = readFileSync(resolve(base, name), 'utf8');
      } else args.push(word.text);
    }
    const cmd: Command = { tool, args, file: shown, line: lineNo, text: trimmed.split('\n')[0]! };
    if (stdin !== undefined) cmd.stdin = stdin;
    if (mode) cmd.mode = mode;
    sc.commands.push(cmd);
  }
  finish();
  return scenarios;
}

export const SCENARIO_DIR = join(repoRoot, 'test', 'kernel', 'scenarios');

/** Parses one scenario file (absolute, or relative to test/kernel/scenarios). */
export function loadScenarioFile(path: string, opts: Omit<ParseOptions, 'file'> = {}): Scenario[] {
  const abs = resolve(SCENARIO_DIR, path);
  return parseScenarios(readFileSync(abs, 'utf8'), { ...opts, file: abs });
}

/** All scenario files (*.txt) in a directory, sorted by name, minus `exclude` (basenames). */
export function loadScenarioDir(dir = SCENARIO_DIR, exclude: string[] = []): Scenario[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt') && !exclude.includes(f))
    .sort()
    .flatMap((f) => loadScenarioFile(join(dir, f)));
}

// ---------------------------------------------------------------- running

export interface DifferentialOptions {
  /** How ours runs when a scenario does not say (default inproc). */
  defaultMode?: OursMode;
  /**
   * Force a mode for every scenario and line. Defaults to the IPVSADM_OURS
   * environment variable; IPVSADM_OURS=debian runs Debian against itself
   * (harness self-test).
   */
  oursOverride?: OursMode;
  timeoutMs?: number;
  memMB?: number;
  /** Directory holding ours (dist/src/entry/ipvsadm.js, bin/*.js); default: this checkout. */
  oursRoot?: string;
}

function oursFromEnv(): OursMode | undefined {
  const v = process.env['IPVSADM_OURS'];
  if (v === undefined || v === '') return undefined;
  if (!MODES.has(v)) throw new Error(`IPVSADM_OURS must be inproc|process|debian, not ${v}`);
  return v as OursMode;
}

/** The mode ours will effectively run in (for test titles and sanity checks). */
export function effectiveOverride(opts: DifferentialOptions = {}): OursMode | undefined {
  return opts.oursOverride ?? oursFromEnv();
}

/**
 * Boots UML once and runs all scenarios through both tools. Throws if UML
 * or the driver fails; per-command differences are reported, not thrown.
 */
export async function runDifferential(
  scenarios: Scenario[],
  opts: DifferentialOptions = {},
): Promise<DifferentialRun> {
  const ids = new Set<string>();
  for (const s of scenarios) {
    if (ids.has(s.id)) throw new Error(`duplicate scenario id ${s.id}`);
    ids.add(s.id);
  }
  const override = effectiveOverride(opts);
  const driver = join(repoRoot, 'test', 'kernel', 'driver.mjs');
  const oursRoot = opts.oursRoot ?? repoRoot;
  const input = {
    repoRoot: oursRoot,
    defaultMode: opts.defaultMode ?? 'inproc',
    ...(override ? { oursOverride: override } : {}),
    scenarios,
  };
  if (override === undefined) {
    const needsMain = scenarios.some((s) =>
      s.commands.some((c) => c.tool === 'ipvsadm' && (c.mode ?? s.mode ?? input.defaultMode) === 'inproc'),
    );
    if (needsMain && !existsSync(join(oursRoot, 'dist', 'src', 'entry', 'ipvsadm.js'))) {
      throw new Error('dist/src/entry/ipvsadm.js is missing: run `npm run build` first (or IPVSADM_OURS=debian to self-test the harness)');
    }
  }
  const payload = `exec node ${JSON.stringify(driver)} "$W/input.json" "$W/output.json"\n`;
  const commandCount = scenarios.reduce((n, s) => n + s.commands.length, 0);
  const boot = await bootUml({
    payload,
    inputs: { 'input.json': JSON.stringify(input) },
    collect: ['output.json'],
    timeoutMs: opts.timeoutMs ?? 60_000 + commandCount * 5_000,
    ...(opts.memMB ? { memMB: opts.memMB } : {}),
  });
  const outText = boot.files['output.json'];
  if (boot.status !== 0 || outText === undefined) {
    throw new Error(
      `differential driver failed inside UML (status ${boot.status}, output ${outText === undefined ? 'missing' : 'present'}):\n` +
        `--- driver stdout ---\n${boot.stdout.slice(-4000)}\n--- driver stderr ---\n${boot.stderr.slice(-8000)}`,
    );
  }
  const out = JSON.parse(outText) as DriverOutput;
  const byId = new Map(out.scenarios.map((s) => [s.id, s]));
  const outcomes: ScenarioOutcome[] = scenarios.map((scenario) => {
    const r = byId.get(scenario.id);
    if (!r) {
      return { scenario, mode: 'inproc', ms: 0, commands: [], snapshotDiffs: [], crash: 'no result from driver', ok: false };
    }
    if (r.crash || !r.debian || !r.ours) {
      return { scenario, mode: r.mode, ms: r.ms, commands: [], snapshotDiffs: [], crash: r.crash ?? 'incomplete', ok: false };
    }
    const commands: CommandOutcome[] = scenario.commands.map((command, i) => {
      const debian = r.debian!.results[i]!;
      const ours = r.ours!.results[i]!;
      const differs: CommandOutcome['differs'] = [];
      if (command.tool !== 'sh') {
        if (debian.stdout !== ours.stdout) differs.push('stdout');
        if (debian.stderr !== ours.stderr) differs.push('stderr');
        if (debian.status !== ours.status || debian.signal !== ours.signal) differs.push('status');
        if (ours.error !== undefined || debian.error !== undefined) differs.push('error');
      }
      return { command, debian, ours, differs };
    });
    const snapshotDiffs: ScenarioOutcome['snapshotDiffs'] = [];
    r.debian.snapshots.forEach((d, index) => {
      const o = r.ours!.snapshots[index] ?? '';
      if (d !== o) snapshotDiffs.push({ index, debian: d, ours: o });
    });
    const ok = commands.every((c) => c.differs.length === 0) && snapshotDiffs.length === 0;
    return { scenario, mode: r.mode, ms: r.ms, commands, snapshotDiffs, ok };
  });
  return {
    scenarios: outcomes,
    ok: outcomes.every((o) => o.ok),
    boot: { totalMs: boot.totalMs, payloadMs: boot.payloadMs, readyAtS: boot.readyAtS },
    timing: out.timing,
  };
}

// ---------------------------------------------------------------- reporting

function lineDiff(expected: string, actual: string): string[] {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const n = a.length;
  const m = b.length;
  if (n * m > 4_000_000) return [...a.map((l) => `- ${l}$`), ...b.map((l) => `+ ${l}$`)];
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const outLines: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      outLines.push(`  ${a[i]}$`);
      i++;
      j++;
    } else if (i < n && (j >= m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      outLines.push(`- ${a[i]}$`);
      i++;
    } else {
      outLines.push(`+ ${b[j]}$`);
      j++;
    }
  }
  return outLines;
}

function indent(lines: string[], pad = '      '): string {
  return lines.map((l) => pad + l).join('\n');
}

function describeCommand(c: Command): string {
  if (c.tool === 'sh') return `! ${c.args[0] ?? ''}`;
  const q = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return [c.tool, ...c.args.map(q)].join(' ') + (c.stdin !== undefined ? ` <<stdin(${c.stdin.length} bytes)` : '');
}

/** Readable report of the differences in one scenario ('' when identical). */
export function formatScenario(o: ScenarioOutcome): string {
  if (o.ok) return '';
  const parts: string[] = [`scenario ${o.scenario.name} (${o.scenario.id}) [ours: ${o.mode}]`];
  if (o.crash) parts.push(`  driver crashed: ${o.crash}`);
  for (const c of o.commands) {
    if (c.differs.length === 0) continue;
    parts.push(`  ${c.command.file}:${c.command.line}: ${describeCommand(c.command)}`);
    if (c.differs.includes('status')) {
      parts.push(`    status: expected ${String(c.debian.status)}${c.debian.signal ? ` (${c.debian.signal})` : ''}, got ${String(c.ours.status)}${c.ours.signal ? ` (${c.ours.signal})` : ''}`);
    }
    for (const stream of ['stdout', 'stderr'] as const) {
      if (!c.differs.includes(stream)) continue;
      parts.push(`    ${stream} (- expected Debian, + actual ours, $ = end of line):`);
      parts.push(indent(lineDiff(c.debian[stream], c.ours[stream])));
    }
    if (c.ours.error) parts.push(`    ours error: ${c.ours.error}`);
    if (c.debian.error) parts.push(`    debian error: ${c.debian.error}`);
  }
  for (const s of o.snapshotDiffs) {
    parts.push(`  kernel state after ${o.scenario.snapshot === 'each' ? `command #${s.index + 1}` : 'scenario'} differs (- after Debian, + after ours):`);
    parts.push(indent(lineDiff(s.debian, s.ours)));
  }
  return parts.join('\n');
}

/** Readable report of all differences ('' when everything matched). */
export function formatReport(run: DifferentialRun): string {
  return run.scenarios
    .map(formatScenario)
    .filter((s) => s !== '')
    .join('\n\n');
}

/** One-line timing summary. */
export function formatTiming(run: DifferentialRun): string {
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  const cmds = run.scenarios.flatMap((s) =>
    s.commands
      .filter((c) => c.command.tool !== 'sh')
      .map((c) => ({ ...c, how: c.command.tool === 'ipvsadm' ? (c.command.mode ?? s.mode) : `${s.mode === 'debian' ? 'debian' : 'process'}` })),
  );
  const per = (label: string, ms: number[]): string =>
    ms.length === 0 ? '' : `, ${label} ${ms.length}× ${(sum(ms) / ms.length).toFixed(1)} ms`;
  const hows = [...new Set(cmds.map((c) => c.how))].sort();
  return (
    `UML boot to IPVS ready ${run.boot.readyAtS.toFixed(2)} s (uptime), driver ${run.boot.payloadMs} ms, ` +
    `wall ${run.boot.totalMs} ms; ${run.scenarios.length} scenarios, ${cmds.length} commands; per command: ` +
    `debian ${(sum(cmds.map((c) => c.debian.ms)) / Math.max(1, cmds.length)).toFixed(1)} ms` +
    hows.map((h) => per(`ours[${h}]`, cmds.filter((c) => c.how === h).map((c) => c.ours.ms))).join('') +
    `; import main.js ${run.timing.importMainMs} ms`
  );
}
