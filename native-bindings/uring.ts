// A small io_uring (Linux >= 5.6: IORING_OP_SEND / IORING_OP_RECV) for one
// job: many socket operations submitted and completed in one system call.
// A listing sends one GET_DEST dump per service and reads its two reply
// datagrams; through the ring that is one io_uring_enter() per batch of
// services instead of two system calls per service (docs/performance.md).
//
// Every operation is queued with MSG_DONTWAIT: io_uring then never parks it
// to wait for the socket (a receive that finds nothing completes at once
// with EAGAIN), so the kernel runs the batch inline, in submission order,
// and the receives see the socket's datagrams in the order recv() would.

import { SyscallError } from '../src/netlink/errors.js';
import { EAGAIN, EINTR, freeBlock, lastErrno, libc, mapBlock, type NativeBlock } from './libc.js';

const SYS_IO_URING_SETUP = 425; // the same number on x86-64 and arm64
const SYS_IO_URING_ENTER = 426;
const IORING_ENTER_GETEVENTS = 1;
const IORING_OFF_SQ_RING = 0;
const IORING_OFF_SQES = 0x10000000;
const IORING_FEAT_SINGLE_MMAP = 1;
/** Linux 5.6, the release that added IORING_OP_SEND and IORING_OP_RECV. */
const IORING_FEAT_CUR_PERSONALITY = 1 << 4;
const MAP_SHARED_POPULATE = 0x01 | 0x8000;

export const IORING_OP_SEND = 26;
export const IORING_OP_RECV = 27;

/** struct io_uring_sqe: 64 bytes; the fields used here. */
const SQE = 64;
const SQE_OPCODE = 0;
const SQE_FD = 4;
const SQE_ADDR = 16;
const SQE_LEN = 24;
const SQE_MSG_FLAGS = 28;
const SQE_USER_DATA = 32;
/** struct io_uring_cqe: u64 user_data, s32 res, u32 flags. */
const CQE = 16;

/** struct io_uring_params: 120 bytes; sq_off at 40, cq_off at 80 (u32 fields). */
const PARAMS = 120;

export class Uring {
  readonly entries: number;
  private fd: number;
  private readonly maps: NativeBlock[] = [];
  private readonly ring: DataView;
  private readonly sqes: DataView;
  private readonly sqTailAt: number;
  private readonly cqHeadAt: number;
  private readonly cqTailAt: number;
  private readonly cqesAt: number;
  private readonly sqMask: number;
  private readonly cqMask: number;
  private sqTail: number;
  private cqHead: number;
  /** SQEs written since the last submit. */
  private queued = 0;

  /** Throws SyscallError when the kernel has no io_uring or refuses one (ENOSYS, EPERM, ...). */
  constructor(entries: number) {
    const c = libc();
    const params = new Uint8Array(PARAMS);
    const fd = Number(c.uringSetup(SYS_IO_URING_SETUP, entries, params));
    if (fd < 0) throw new SyscallError('io_uring_setup', lastErrno());
    this.fd = fd;
    try {
      const p = new DataView(params.buffer);
      const u32 = (at: number): number => p.getUint32(at, true);
      this.entries = u32(0);
      const cqEntries = u32(4);
      // one mmap for both rings (5.4), and SEND/RECV (5.6): else not used
      const need = IORING_FEAT_SINGLE_MMAP | IORING_FEAT_CUR_PERSONALITY;
      if ((u32(20) & need) !== need) throw new SyscallError('io_uring_setup', 95 /* EOPNOTSUPP */);
      // sq_off: head, tail, ring_mask, ring_entries, flags, dropped, array
      const sqArray = u32(40 + 24);
      // cq_off: head, tail, ring_mask, ring_entries, overflow, cqes
      const ringBytes = Math.max(sqArray + this.entries * 4, u32(80 + 20) + cqEntries * CQE);
      this.ring = new DataView(this.map(ringBytes, IORING_OFF_SQ_RING));
      this.sqes = new DataView(this.map(this.entries * SQE, IORING_OFF_SQES));
      this.sqTailAt = u32(44);
      this.sqMask = this.ring.getUint32(u32(48), true);
      this.cqHeadAt = u32(80);
      this.cqTailAt = u32(84);
      this.cqMask = this.ring.getUint32(u32(88), true);
      this.cqesAt = u32(80 + 20);
      // SQ array slot i names SQE i, once: SQEs are used in ring order
      for (let i = 0; i < this.entries; i++) this.ring.setUint32(sqArray + i * 4, i, true);
      this.sqTail = this.ring.getUint32(this.sqTailAt, true);
      this.cqHead = this.ring.getUint32(this.cqHeadAt, true);
    } catch (e) {
      this.close();
      throw e;
    }
  }

  /** The ring's memory at offset (IORING_OFF_*), shared with the kernel. */
  private map(bytes: number, offset: number): ArrayBufferLike {
    const b = mapBlock(bytes, MAP_SHARED_POPULATE, this.fd, offset);
    this.maps.push(b);
    return b.view.buffer;
  }

  /** Queues one SEND or RECV of len bytes at address addr on socket fd; userData comes back with its result. */
  prep(op: number, fd: number, addr: bigint, len: number, msgFlags: number, userData: number): void {
    if (this.queued >= this.entries) throw new RangeError('io_uring: more operations than entries');
    const s = this.sqes;
    const o = (this.sqTail & this.sqMask) * SQE;
    for (let k = 0; k < SQE; k += 8) s.setBigUint64(o + k, 0n, true);
    s.setUint8(o + SQE_OPCODE, op);
    s.setInt32(o + SQE_FD, fd, true);
    s.setBigUint64(o + SQE_ADDR, addr, true);
    s.setUint32(o + SQE_LEN, len, true);
    s.setUint32(o + SQE_MSG_FLAGS, msgFlags, true);
    s.setUint32(o + SQE_USER_DATA, userData, true);
    this.sqTail = (this.sqTail + 1) >>> 0;
    this.queued++;
  }

  /**
   * Submits what prep() queued and waits until all of it completed; each
   * result goes to results[userData] (a byte count, or -errno). A failing
   * io_uring_enter throws SyscallError; the ring must then be closed (what
   * it had not taken yet would run on the next submit).
   */
  submitAndWait(results: Int32Array): void {
    const want = this.queued;
    this.ring.setUint32(this.sqTailAt, this.sqTail, true);
    const enter = libc().uringEnter;
    let submitted = 0;
    let completed = 0;
    while (completed < want) {
      const rc = Number(enter(SYS_IO_URING_ENTER, this.fd, want - submitted, want - completed, IORING_ENTER_GETEVENTS, null, 0));
      if (rc < 0) {
        const errno = lastErrno();
        if (errno === EINTR) continue;
        throw new SyscallError('io_uring_enter', errno);
      }
      submitted += rc;
      const got = this.reap(results);
      if (rc === 0 && got === 0 && submitted < want) throw new SyscallError('io_uring_enter', EAGAIN);
      completed += got;
    }
    this.queued = 0;
  }

  private reap(results: Int32Array): number {
    const r = this.ring;
    const tail = r.getUint32(this.cqTailAt, true);
    let n = 0;
    while (this.cqHead !== tail) {
      const o = this.cqesAt + (this.cqHead & this.cqMask) * CQE;
      results[r.getUint32(o, true)] = r.getInt32(o + 8, true);
      this.cqHead = (this.cqHead + 1) >>> 0;
      n++;
    }
    r.setUint32(this.cqHeadAt, this.cqHead, true);
    return n;
  }

  close(): void {
    for (const m of this.maps.splice(0)) freeBlock(m);
    if (this.fd >= 0) libc().close(this.fd);
    this.fd = -1;
  }
}
