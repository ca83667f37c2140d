// The process's edges of `ipvsadm-restore --drain` (src/entry/system.ts):
// the sleep ends early when the wait is stopped, and SIGINT / SIGTERM reach
// the wait only while it watches them.

import { describe, expect, it } from 'vitest';
import { processDrainEdges } from '../../../src/entry/system.js';
import type { StopSignal } from '../../../src/app/drain-wait.js';

describe('processDrainEdges', () => {
  it('polls every second on a monotonic clock', () => {
    const e = processDrainEdges();
    expect(e.pollMs).toBe(1000);
    const a = e.now();
    expect(e.now()).toBeGreaterThanOrEqual(a);
  });

  it('sleep: resolves after the time, or at once when stopped', async () => {
    const e = processDrainEdges();
    const t0 = e.now();
    await e.sleep(20, new AbortController().signal);
    expect(e.now() - t0).toBeGreaterThanOrEqual(19);
    const stop = new AbortController();
    const t1 = e.now();
    const slept = e.sleep(60_000, stop.signal);
    setTimeout(() => stop.abort(), 10);
    await slept;
    expect(e.now() - t1).toBeLessThan(5_000);
    const stopped = new AbortController();
    stopped.abort();
    await e.sleep(60_000, stopped.signal);
  });

  it('watchSignals: SIGTERM and SIGINT reach the handler until unwatched, and the listeners go', async () => {
    const e = processDrainEdges();
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    const got: StopSignal[] = [];
    const unwatch = e.watchSignals((s) => got.push(s));
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before.map((n) => n + 1));
    process.kill(process.pid, 'SIGTERM');
    process.kill(process.pid, 'SIGINT');
    for (let i = 0; i < 100 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    unwatch();
    expect(got.sort()).toEqual(['SIGINT', 'SIGTERM']);
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
  });
});
