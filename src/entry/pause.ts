// A synchronous wait: the commands do all their I/O synchronously, and a
// descriptor that is non-blocking (EAGAIN) is retried after a pause rather
// than in a busy loop.

/** Blocks this thread for `ms` milliseconds. */
export function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
