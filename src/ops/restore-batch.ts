// Modifying -R lines collected and sent together (IpvsApi.applyBatch), with
// each line's outcome reported exactly as a one-by-one run would.

import { IpvsError } from '../ipvs/errors.js';
import { ipvsStrerror } from '../ipvs/strerror.js';
import type { Op } from '../ipvs/operations.js';
import type { Session } from './session.js';

export class RestoreBatch {
  /**
   * Lines per batch: enough to fill a few datagrams (Conn packs them, up
   * to 64 KiB each), few enough that a long input is never held whole.
   */
  static readonly LIMIT = 1024;

  private ops: Op[] = [];

  constructor(private readonly s: Session) {}

  /** Adds a line's operation; when the batch is full, sends it (see flush()) and returns its status. */
  add(op: Op): number | undefined {
    this.ops.push(op);
    return this.ops.length >= RestoreBatch.LIMIT ? this.flush() : undefined;
  }

  /**
   * Sends what was collected; prints each failed line's message in order.
   * Returns the status of the last line sent (0 or 255), or undefined when
   * nothing was pending.
   */
  flush(): number | undefined {
    const ops = this.ops;
    if (ops.length === 0) return undefined;
    this.ops = [];
    let errnos: number[];
    try {
      errnos = this.s.client.applyBatch(ops);
    } catch (e) {
      if (!(e instanceof IpvsError)) throw e;
      // The batch as a whole failed (socket or protocol error): no line is
      // known to have taken effect, so every line reports the failure.
      errnos = ops.map(() => e.errno);
    }
    let status = 0;
    ops.forEach((op, i) => {
      if (op.op !== 'flush') this.s.lastOp = op.op;
      const errno = errnos[i] ?? 0;
      status = errno === 0 ? 0 : 255;
      if (errno !== 0) this.s.io.err(`${ipvsStrerror(this.s.lastOp, errno, this.s.libcStrerror)}\n`);
    });
    return status;
  }
}
