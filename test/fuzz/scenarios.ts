// Turns generated fuzz cases (test/fuzz/gen.ts) into differential Scenario
// objects (test/kernel/differential.ts): many cases per scenario, so one
// UML boot and few kernel resets carry thousands of cases. Each scenario
// starts from a clean table; both tools see the same command sequence, so
// state built by earlier cases in a scenario is the same for both.

import type { Command, DifferentialRun, Scenario } from '../kernel/differential.js';
import { genArgv, genRestore, showArgv } from './gen.js';

export interface FuzzPlan {
  seed: number;
  /** argv cases (indices first..first+cases-1). */
  cases: number;
  /** -R input cases. */
  restores: number;
  /** First case index (default 0). */
  first?: number;
  /** Cases per scenario (default 40). */
  perScenario?: number;
}

/** Builds the scenarios; every third scenario runs with POSIXLY_CORRECT set. */
export function fuzzScenarios(plan: FuzzPlan): Scenario[] {
  const first = plan.first ?? 0;
  const per = plan.perScenario ?? 40;
  const cmds: Command[] = [];
  const file = `fuzz-seed-${plan.seed}`;
  for (let i = 0; i < plan.cases; i++) {
    const args = genArgv(plan.seed, first + i);
    cmds.push({ tool: 'ipvsadm', args, file, line: first + i, text: `argv#${first + i}: ${showArgv(args)}` });
  }
  const restores: Command[] = [];
  for (let i = 0; i < plan.restores; i++) {
    const stdin = genRestore(plan.seed, first + i);
    const args = (first + i) % 7 === 3 ? ['--restore'] : ['-R'];
    restores.push({ tool: 'ipvsadm', args, stdin, file, line: 1_000_000 + first + i, text: `restore#${first + i}` });
  }
  // interleave: spread the restore cases evenly among the argv cases
  const all: Command[] = [];
  const ratio = restores.length === 0 ? Infinity : cmds.length / restores.length;
  let ri = 0;
  cmds.forEach((c, i) => {
    all.push(c);
    while (ri < restores.length && i + 1 >= (ri + 1) * ratio) all.push(restores[ri++] as Command);
  });
  while (ri < restores.length) all.push(restores[ri++] as Command);
  const scenarios: Scenario[] = [];
  for (let s = 0; s * per < all.length; s++) {
    const commands = all.slice(s * per, (s + 1) * per);
    scenarios.push({
      id: `${file}#${first}+${s}`,
      name: `fuzz seed ${plan.seed} block ${s}`,
      file,
      line: s,
      env: s % 3 === 2 ? { POSIXLY_CORRECT: '1' } : {},
      snapshot: 'end',
      commands,
    });
  }
  return scenarios;
}

export interface Divergence {
  scenario: string;
  text: string;
  args: string[];
  stdin?: string;
  differs: string[];
  debian: { stdout: string; stderr: string; status: number | null; signal?: string };
  ours: { stdout: string; stderr: string; status: number | null; error?: string };
}

const clip = (s: string, n = 600): string => (s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s);

/** Every command whose stdout, stderr or status differed, and every snapshot difference. */
export function divergences(run: DifferentialRun): { commands: Divergence[]; snapshots: string[]; crashes: string[] } {
  const commands: Divergence[] = [];
  const snapshots: string[] = [];
  const crashes: string[] = [];
  for (const o of run.scenarios) {
    if (o.crash) crashes.push(`${o.scenario.id}: ${o.crash}`);
    for (const c of o.commands) {
      if (c.differs.length === 0) continue;
      const d: Divergence = {
        scenario: o.scenario.id,
        text: c.command.text,
        args: c.command.args,
        differs: c.differs,
        debian: { stdout: c.debian.stdout, stderr: c.debian.stderr, status: c.debian.status, ...(c.debian.signal ? { signal: c.debian.signal } : {}) },
        ours: { stdout: c.ours.stdout, stderr: c.ours.stderr, status: c.ours.status, ...(c.ours.error ? { error: c.ours.error } : {}) },
      };
      if (c.command.stdin !== undefined) d.stdin = c.command.stdin;
      commands.push(d);
    }
    for (const s of o.snapshotDiffs) snapshots.push(`${o.scenario.id}: kernel state differs\n--- debian\n${clip(s.debian, 2000)}\n--- ours\n${clip(s.ours, 2000)}`);
  }
  return { commands, snapshots, crashes };
}

/** Human-readable report of one divergence. */
export function formatDivergence(d: Divergence): string {
  const lines = [`[${d.scenario}] ${d.text}  (differs: ${d.differs.join(', ')})`];
  lines.push(`  argv: ${JSON.stringify(d.args)}`);
  if (d.stdin !== undefined) lines.push(`  stdin: ${JSON.stringify(d.stdin)}`);
  lines.push(`  debian: status ${String(d.debian.status)}${d.debian.signal ? ` ${d.debian.signal}` : ''} stdout ${JSON.stringify(clip(d.debian.stdout))} stderr ${JSON.stringify(clip(d.debian.stderr))}`);
  lines.push(`  ours:   status ${String(d.ours.status)} stdout ${JSON.stringify(clip(d.ours.stdout))} stderr ${JSON.stringify(clip(d.ours.stderr))}`);
  if (d.ours.error) lines.push(`  ours error: ${clip(d.ours.error, 1500)}`);
  return lines.join('\n');
}
