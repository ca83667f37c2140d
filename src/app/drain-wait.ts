// The wait of `ipvsadm-restore --apply --drain`: polls the drained servers'
// connections until none is left, the time is up, or SIGINT / SIGTERM
// arrives; shows progress on standard error meanwhile. Every edge (clock,
// sleep, signals) is injected: src/entry wires the process's own.

import { drainProgress } from '../ops/drain.js';

export type StopSignal = 'SIGINT' | 'SIGTERM';

/** The edges of the wait. */
export interface DrainEdges {
  /** A monotonic clock, in milliseconds. */
  now(): number;
  /** Resolves after `ms` milliseconds, or as soon as `stop` is aborted. */
  sleep(ms: number, stop: AbortSignal): Promise<void>;
  /** Calls onSignal for each SIGINT and SIGTERM until the returned function is called. */
  watchSignals(onSignal: (signal: StopSignal) => void): () => void;
  /** Milliseconds between two readings of the kernel's servers. */
  readonly pollMs: number;
}

export type DrainOutcome =
  | { readonly kind: 'drained' }
  | { readonly kind: 'timed-out'; readonly servers: number; readonly conns: number }
  | { readonly kind: 'interrupted'; readonly signal: StopSignal };

/** How the progress is shown on standard error. */
export interface ProgressOutput {
  err(text: string): void;
  /** On a terminal: one line rewritten in place; else a plain line when the numbers change, at most every PLAIN_EVERY_MS. */
  readonly terminal: boolean;
  /** Prefix of each line (`ipvsadm-restore: `). */
  readonly prefix: string;
}

/** The least time between two plain progress lines. */
export const PLAIN_EVERY_MS = 5000;

const CLEAR_LINE = '\r\x1b[K';

/**
 * Waits until `count()` reports no connection left (drained), `seconds`
 * pass (timed-out, with what was left), or a signal arrives (interrupted).
 * count() is called once per poll; what it throws ends the wait and is
 * thrown on. The progress line, on a terminal, is cleared before it returns.
 */
export async function waitForDrain(
  count: () => { servers: number; conns: number },
  seconds: number,
  edges: DrainEdges,
  out: ProgressOutput,
): Promise<DrainOutcome> {
  const deadline = edges.now() + seconds * 1000;
  const stop = new AbortController();
  let signal: StopSignal | undefined;
  const unwatch = edges.watchSignals((s) => {
    signal ??= s;
    stop.abort();
  });
  let shown = false;
  let lastText = '';
  let lastAt = -Infinity;
  try {
    for (;;) {
      const left = count();
      if (left.conns === 0) return { kind: 'drained' };
      const now = edges.now();
      const ms = deadline - now;
      if (ms <= 0) return { kind: 'timed-out', ...left };
      if (out.terminal) {
        out.err(`${CLEAR_LINE}${out.prefix}${drainProgress(left.servers, left.conns, Math.ceil(ms / 1000))}`);
        shown = true;
      } else {
        const numbers = `${left.servers} ${left.conns}`;
        if (numbers !== lastText && now - lastAt >= PLAIN_EVERY_MS) {
          out.err(`${out.prefix}${drainProgress(left.servers, left.conns, Math.ceil(ms / 1000))}\n`);
          lastText = numbers;
          lastAt = now;
        }
      }
      await edges.sleep(Math.min(edges.pollMs, ms), stop.signal);
      if (signal !== undefined) return { kind: 'interrupted', signal };
    }
  } finally {
    unwatch();
    if (shown) out.err(CLEAR_LINE);
  }
}
