// NetlinkSocket: a blocking AF_NETLINK socket implementing Transport through
// libc (socket, bind, getsockname, setsockopt, sendto, recv, close).

import type { Transport } from '../src/netlink/transport.js';
import { SyscallError } from '../src/netlink/errors.js';
import {
  AF_NETLINK, check, EINTR, freeNativeBuffer, lastErrno, libc, MSG_TRUNC, MSG_WAITFORONE, type NativeBuffer, nativeBuffer,
  NETLINK_EXT_ACK, NETLINK_GENERIC, SO_RCVBUF, SO_RCVBUFFORCE, SO_RCVTIMEO, SOCK_CLOEXEC, SOCK_RAW,
  SOL_NETLINK, SOL_SOCKET,
} from './libc.js';

export interface NetlinkSocketOptions {
  /** Netlink protocol (default NETLINK_GENERIC). */
  readonly protocol?: number;
  /** Requested receive buffer in bytes (default 4 MiB; best effort). */
  readonly rcvbuf?: number;
  /** Receive timeout in ms (default 10 000); a missing reply then fails with EAGAIN. 0 = none. */
  readonly timeoutMs?: number;
  /**
   * Datagrams one receive system call may take (recvmmsg), default 8; 1 =
   * plain recv(). See receive().
   */
  readonly batch?: number;
}

/** struct sockaddr_nl { u16 nl_family; u16 pad; u32 nl_pid; u32 nl_groups } */
function sockaddrNl(pid: number): Uint8Array {
  const b = new Uint8Array(12);
  const v = new DataView(b.buffer);
  v.setUint16(0, AF_NETLINK, true);
  v.setUint32(4, pid, true);
  return b;
}

function intOpt(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, v, true);
  return b;
}

const RECV_BYTES = 1 << 20;
const EMSGSIZE = 90;
/** One recvmmsg slot: twice the largest datagram netlink builds for a dump (32 KiB). */
const SLOT_BYTES = 1 << 16;
/** struct iovec and struct mmsghdr on LP64 (x86_64, arm64). */
const IOVEC_BYTES = 16;
const MMSGHDR_BYTES = 64;
const MSGHDR_IOV = 16;
const MSGHDR_IOVLEN = 24;
const MSGHDR_FLAGS = 48;
const MMSG_LEN = 56;

/**
 * The native side of recvmmsg: `n` slots of SLOT_BYTES, their iovecs and
 * the struct mmsghdr array pointing at them, all in one native block.
 */
class ReceiveSlots {
  readonly mem: NativeBuffer;
  private readonly dv: DataView;

  constructor(readonly n: number) {
    const vecBytes = n * MMSGHDR_BYTES;
    const iovBytes = n * IOVEC_BYTES;
    this.mem = nativeBuffer(vecBytes + iovBytes + n * SLOT_BYTES, vecBytes + iovBytes);
    const b = this.mem.bytes;
    this.dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    for (let i = 0; i < n; i++) {
      const iov = vecBytes + i * IOVEC_BYTES;
      const slot = vecBytes + iovBytes + i * SLOT_BYTES;
      this.dv.setBigUint64(iov, this.mem.address + BigInt(slot), true); // iov_base
      this.dv.setBigUint64(iov + 8, BigInt(SLOT_BYTES), true); // iov_len
      const h = i * MMSGHDR_BYTES;
      this.dv.setBigUint64(h + MSGHDR_IOV, this.mem.address + BigInt(iov), true); // msg_iov
      this.dv.setBigUint64(h + MSGHDR_IOVLEN, 1n, true); // msg_iovlen
    }
  }

  /** The real length of datagram i (with MSG_TRUNC, also when it did not fit). */
  length(i: number): number {
    return this.dv.getUint32(i * MMSGHDR_BYTES + MMSG_LEN, true);
  }

  /** Datagram i, copied out of native memory. */
  datagram(i: number, len: number): Uint8Array {
    const start = this.n * (MMSGHDR_BYTES + IOVEC_BYTES) + i * SLOT_BYTES;
    return this.mem.bytes.slice(start, start + len);
  }

  /** Clears msg_flags (the kernel sets them) before a call. */
  reset(): void {
    for (let i = 0; i < this.n; i++) this.dv.setInt32(i * MMSGHDR_BYTES + MSGHDR_FLAGS, 0, true);
  }
}

export class NetlinkSocket implements Transport {
  readonly portId: number;
  private fd: number;
  private buf: Uint8Array | undefined;
  readonly receiveBufferBytes: number | undefined;
  private readonly kernel = sockaddrNl(0);
  private readonly batch: number;
  private slots: ReceiveSlots | undefined;
  /** Datagrams a recvmmsg returned beyond the one asked for, in order. */
  private queued: Uint8Array[] = [];
  private queuedAt = 0;

  constructor(opts: NetlinkSocketOptions = {}) {
    const c = libc();
    this.batch = Math.max(1, opts.batch ?? 8);
    this.fd = check('socket', c.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, opts.protocol ?? NETLINK_GENERIC));
    try {
      const rcvbuf = intOpt(opts.rcvbuf ?? 4 * 1024 * 1024);
      if (c.setsockopt(this.fd, SOL_SOCKET, SO_RCVBUFFORCE, rcvbuf, 4) < 0) {
        c.setsockopt(this.fd, SOL_SOCKET, SO_RCVBUF, rcvbuf, 4); // best effort
      }
      const got = new Uint8Array(4);
      this.receiveBufferBytes =
        c.getsockopt(this.fd, SOL_SOCKET, SO_RCVBUF, got, [4]) === 0 ? new DataView(got.buffer).getInt32(0, true) : undefined;
      c.setsockopt(this.fd, SOL_NETLINK, NETLINK_EXT_ACK, intOpt(1), 4); // best effort
      const ms = opts.timeoutMs ?? 10000;
      if (ms > 0) {
        const tv = new Uint8Array(16); // struct timeval { long tv_sec; long tv_usec } (LP64)
        const v = new DataView(tv.buffer);
        v.setBigInt64(0, BigInt(Math.floor(ms / 1000)), true);
        v.setBigInt64(8, BigInt((ms % 1000) * 1000), true);
        check('setsockopt', c.setsockopt(this.fd, SOL_SOCKET, SO_RCVTIMEO, tv, 16));
      }
      check('bind', c.bind(this.fd, sockaddrNl(0), 12));
      const addr = new Uint8Array(12);
      check('getsockname', c.getsockname(this.fd, addr, [12]));
      this.portId = new DataView(addr.buffer).getUint32(4, true);
    } catch (e) {
      c.close(this.fd);
      this.fd = -1;
      throw e;
    }
  }

  send(datagram: Uint8Array): void {
    const c = libc();
    this.open();
    for (;;) {
      const n = c.sendto(this.fd, datagram, datagram.length, 0, this.kernel, 12);
      if (n >= 0) return;
      const errno = lastErrno();
      if (errno !== EINTR) throw new SyscallError('sendto', errno);
    }
  }

  /**
   * One whole datagram. A datagram is never cut: a receive area larger than
   * anything generic netlink sends (dump datagrams are at most 32 KiB) and
   * MSG_TRUNC make one that still did not fit an error (EMSGSIZE).
   *
   * With batch > 1 one recvmmsg(MSG_WAITFORONE) call waits for the first
   * datagram and also takes those already queued behind it, which later
   * calls return without a system call: a dump's NLMSG_DONE comes as its own
   * datagram right behind the data (the kernel builds it while the data is
   * read), and a long dump's next datagram likewise, so a listing makes
   * half the receive calls. Only replies to our own requests arrive on this
   * socket (it joins no multicast group), and Conn reads each request's
   * replies to the end before sending the next, so nothing queued here can
   * belong to a later request.
   */
  receive(): Uint8Array {
    this.open();
    if (this.queuedAt < this.queued.length) {
      const d = this.queued[this.queuedAt++] as Uint8Array;
      if (this.queuedAt === this.queued.length) {
        this.queued = [];
        this.queuedAt = 0;
      }
      return d;
    }
    return this.batch > 1 ? this.receiveMany() : this.receiveOne();
  }

  private receiveOne(): Uint8Array {
    const c = libc();
    const buf = (this.buf ??= new Uint8Array(RECV_BYTES));
    for (;;) {
      const n = c.recv(this.fd, buf, buf.length, MSG_TRUNC);
      if (n < 0) {
        const errno = lastErrno();
        if (errno === EINTR) continue;
        throw new SyscallError('recv', errno);
      }
      if (n > buf.length) throw new SyscallError('recv', EMSGSIZE);
      return buf.slice(0, n);
    }
  }

  private receiveMany(): Uint8Array {
    const c = libc();
    const slots = (this.slots ??= new ReceiveSlots(this.batch));
    for (;;) {
      slots.reset();
      const n = c.recvmmsg(this.fd, slots.mem.ptr, slots.n, MSG_WAITFORONE | MSG_TRUNC, null);
      if (n < 0) {
        const errno = lastErrno();
        if (errno === EINTR) continue;
        throw new SyscallError('recv', errno);
      }
      let first: Uint8Array | undefined;
      for (let i = 0; i < n; i++) {
        const len = slots.length(i);
        if (len > SLOT_BYTES) throw new SyscallError('recv', EMSGSIZE);
        const d = slots.datagram(i, len);
        if (first === undefined) first = d;
        else this.queued.push(d);
      }
      if (first !== undefined) return first;
    }
  }

  close(): void {
    if (this.fd >= 0) libc().close(this.fd);
    this.fd = -1;
    if (this.slots !== undefined) freeNativeBuffer(this.slots.mem);
    this.slots = undefined;
  }

  private open(): void {
    if (this.fd < 0) throw new SyscallError('send', 9 /* EBADF */);
  }
}
