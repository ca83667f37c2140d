// The planned operations of `ipvsadm-restore --apply`, printed (--dry-run)
// or run: each line printed as it is applied with -v (standard output), a
// summary on standard error when it is a terminal, and the report of a
// failure part-way. With --drain the deletions wait for the drained
// servers' connections (drain-wait.ts) and run last.
//
// Exit status: 0 applied (also after a drain that timed out); 1 an operation
// failed, or the kernel could not be read while waiting; 130 / 143 the
// wait was interrupted by SIGINT / SIGTERM (the servers stay at weight 0).

import type { IpvsApi } from '../ipvs/client-api.js';
import { IpvsError, type IpvsOp } from '../ipvs/errors.js';
import { ipvsStrerror } from '../ipvs/strerror.js';
import { applyDirectorOp, directorLine, type DirectorOp } from '../ops/director.js';
import {
  connectionsLeft,
  drainPlan,
  drainTargetText,
  drainWaitLine,
  serversWithConns,
  type DrainTarget,
} from '../ops/drain.js';
import { planLine, type PlanOp } from '../ops/plan.js';
import type { Session } from '../ops/session.js';
import type { TableEntry } from '../ops/table.js';
import { waitForDrain, type DrainEdges, type StopSignal } from './drain-wait.js';

/** One operation of the run: its line and how it is applied. */
interface Step {
  readonly line: string;
  readonly op: IpvsOp;
  run(client: IpvsApi): void;
}

const planStep = (op: PlanOp): Step => ({ line: planLine(op), op: op.op, run: (c) => c.apply(op) });
const directorStep = (op: DirectorOp): Step => ({
  line: directorLine(op),
  op: op.op,
  run: (c) => applyDirectorOp(c, op),
});

export interface ApplyOptions {
  /** Program name for the messages (`ipvsadm-restore`). */
  readonly prog: string;
  readonly dryRun: boolean;
  readonly verbose: boolean;
  /** --drain's SECONDS and the edges of its wait; undefined without --drain. */
  readonly drain: { readonly seconds: number; readonly edges: DrainEdges } | undefined;
  /** True when standard error is a terminal (the summary, the progress line). */
  readonly stderrIsTerminal: boolean;
}

export const SIGNAL_STATUS: Readonly<Record<StopSignal, number>> = { SIGINT: 130, SIGTERM: 143 };

/** Prints (--dry-run) or runs the plan then the director's operations; see the file comment. */
export function applyOrShow(
  s: Session,
  current: readonly TableEntry[],
  plan: readonly PlanOp[],
  directorPlan: readonly DirectorOp[],
  o: ApplyOptions,
): number | Promise<number> {
  const d = o.drain === undefined ? { before: plan, watched: [], after: [] } : drainPlan(plan, current);
  const first = [...d.before.map(planStep), ...directorPlan.map(directorStep)];
  const all = [...first, ...d.after.map(planStep)];
  const waitLine = o.drain && d.watched.length > 0 ? drainWaitLine(d.watched.length, o.drain.seconds) : undefined;
  if (o.dryRun) {
    const lines = [...first.map((x) => x.line), ...(waitLine ? [waitLine] : []), ...d.after.map(planLine)];
    s.io.out(lines.map((l) => `${l}\n`).join(''));
    return 0;
  }
  const failed = runSteps(s, all, 0, first.length, o);
  if (failed !== undefined) return failed;
  if (waitLine === undefined || o.drain === undefined) return finish(s, all, first.length, o);
  if (o.verbose) s.io.out(`${waitLine}\n`);
  // What -v printed shows before the wait, in a log too.
  s.io.flushOut?.();
  return drainThenFinish(s, all, first.length, d.watched, o.drain.seconds, o.drain.edges, o);
}

const leftAtWeight0 = (watched: readonly DrainTarget[]): string =>
  `left at weight 0: ${watched.map(drainTargetText).join(', ')}\n`;

async function drainThenFinish(
  s: Session,
  all: readonly Step[],
  from: number,
  watched: readonly DrainTarget[],
  seconds: number,
  edges: DrainEdges,
  o: ApplyOptions,
): Promise<number> {
  const { io } = s;
  const { prog } = o;
  let outcome;
  try {
    outcome = await waitForDrain(() => connectionsLeft(s.client, watched), seconds, edges, {
      err: (text) => io.err(text),
      terminal: o.stderrIsTerminal,
      prefix: `${prog}: `,
    });
  } catch (e) {
    if (!(e instanceof IpvsError)) throw e;
    io.err(`${prog}: cannot read the IPVS table: ${ipvsStrerror(e.op, e.errno, s.libcStrerror)}; ${leftAtWeight0(watched)}`);
    return 1;
  }
  if (outcome.kind === 'interrupted') {
    io.err(`${prog}: drain interrupted; ${leftAtWeight0(watched)}`);
    return SIGNAL_STATUS[outcome.signal];
  }
  if (outcome.kind === 'timed-out') {
    io.err(`${prog}: drain timed out after ${seconds} s; removing ${serversWithConns(outcome.servers, outcome.conns)}\n`);
  }
  return finish(s, all, from, o);
}

/** Runs the steps from `from` to the end, then prints the summary on a terminal. */
function finish(s: Session, all: readonly Step[], from: number, o: ApplyOptions): number {
  const failed = runSteps(s, all, from, all.length, o);
  if (failed !== undefined) return failed;
  if (o.stderrIsTerminal) s.io.err(`${o.prog}: applied ${all.length} operation${all.length === 1 ? '' : 's'}\n`);
  return 0;
}

/**
 * Runs all[from..to) in order (printing each line first with -v); on the
 * first the kernel refuses, reports what was and was not applied of `all`
 * and returns 1; else undefined.
 */
function runSteps(s: Session, all: readonly Step[], from: number, to: number, o: ApplyOptions): number | undefined {
  const { prog } = o;
  for (let i = from; i < to; i++) {
    const step = all[i]!;
    try {
      step.run(s.client);
    } catch (e) {
      if (!(e instanceof IpvsError)) throw e;
      const lines = all.map((x) => x.line);
      const list = (ls: string[]): string => ls.map((l) => `  ${l}\n`).join('');
      const total = lines.length;
      s.io.err(
        `${prog}: applied: ${i} of ${total}\n` +
          list(lines.slice(0, i)) +
          `${prog}: failed: ${lines[i]}: ${ipvsStrerror(step.op, e.errno, s.libcStrerror)}\n` +
          `${prog}: not applied: ${total - i} of ${total}\n` +
          list(lines.slice(i)),
      );
      return 1;
    }
    if (o.verbose) s.io.out(`${step.line}\n`);
  }
  return undefined;
}
