// Modifying -R lines collected and sent together (IpvsApi.applyBatch), with
// each line's outcome reported exactly as a one-by-one run would.

import type { Command } from '../cli/command.js';
import type { BatchOp } from '../ipvs/client-api.js';
import { IpvsError } from '../ipvs/errors.js';
import { ipvsStrerror } from '../ipvs/strerror.js';
import { opOf } from './modify.js';
import type { Session } from './session.js';

export class RestoreBatch {
  /**
   * Lines per batch: enough to fill a few datagrams (Conn packs them, up
   * to 64 KiB each), few enough that a long input is never held whole.
   */
  static readonly LIMIT = 1024;

  private ops: BatchOp[] = [];

  constructor(private readonly s: Session) {}

  /** Adds a line; when the batch is full, sends it (see flush()) and returns its status. */
  add(cmd: Command): number | undefined {
    this.ops.push(toBatchOp(cmd));
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

function toBatchOp(cmd: Command): BatchOp {
  const op = opOf(cmd);
  switch (op) {
    case 'add-service':
    case 'edit-service':
    case 'del-service':
      return { op, svc: cmd.service };
    case 'zero':
      return { op, svc: cmd.serviceGiven ? cmd.service : null };
    case 'add-dest':
    case 'edit-dest':
    case 'del-dest':
      return { op, svc: cmd.service, dest: cmd.dest };
    case 'flush':
      return { op };
    case 'set-timeout':
      return { op, timeouts: cmd.timeouts };
    case 'start-daemon':
    case 'stop-daemon':
      return { op, daemon: cmd.daemon };
    default:
      throw new Error(`not a batchable operation: ${op}`);
  }
}
