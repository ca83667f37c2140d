// NetlinkSocket: a blocking AF_NETLINK socket implementing Transport through
// libc (socket, bind, getsockname, setsockopt, sendto, recvmmsg, close).

import type { Transport } from '../src/netlink/transport.js';
import { readU32, writeU64 } from '../src/netlink/bytes.js';
import { ERRNO, SyscallError } from '../src/netlink/errors.js';
import {
  AF_NETLINK, allocBlock, check, freeBlock, lastErrno, libc, MSG_TRUNC, MSG_WAITFORONE, type NativeBlock,
  NETLINK_EXT_ACK, NETLINK_GENERIC, SO_RCVBUF, SO_RCVBUFFORCE, SO_RCVTIMEO, SOCK_CLOEXEC, SOCK_RAW, SOL_NETLINK, SOL_SOCKET,
} from './libc.js';

export interface NetlinkSocketOptions {
  /** Netlink protocol (default NETLINK_GENERIC). */
  readonly protocol?: number;
  /** Requested receive buffer in bytes (default 4 MiB; best effort). */
  readonly rcvbuf?: number;
  /** Receive timeout in ms (default 10 000); a missing reply then fails with EAGAIN. 0 = none. */
  readonly timeoutMs?: number;
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

// One recvmmsg() takes up to SLOTS datagrams that are already queued: a
// dump's NLMSG_DONE (built by the kernel while the data datagram is read)
// comes with the data, one system call instead of two. The native block
// holds the message vector (struct mmsghdr, 64 bytes on LP64), one struct
// iovec per slot (16 bytes) and the slots' buffers.
const SLOTS = 4;
const MMSGHDR = 64;
const IOVEC = 16;
const SLOT_AT = SLOTS * (MMSGHDR + IOVEC);
/** struct msghdr offsets: msg_iov 16, msg_iovlen 24, msg_flags 48; mmsghdr.msg_len 56. */
const MSG_IOV = 16;
const MSG_IOVLEN = 24;
const MSG_FLAGS = 48;
const MSG_LEN = 56;

export class NetlinkSocket implements Transport {
  readonly portId: number;
  private fd: number;
  private block: NativeBlock | undefined;
  /** Datagrams of the last recvmmsg() not handed out yet: slots [next, got). */
  private next = 0;
  private got = 0;
  readonly receiveBufferBytes: number | undefined;
  private readonly kernel = sockaddrNl(0);

  constructor(opts: NetlinkSocketOptions = {}) {
    const c = libc();
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
      if (errno !== ERRNO.EINTR) throw new SyscallError('sendto', errno);
    }
  }

  /**
   * One whole datagram. Each slot is larger than anything generic netlink
   * sends (dump datagrams are at most 32 KiB), so no MSG_PEEK round trip is
   * needed; MSG_TRUNC makes a datagram that still did not fit an error
   * (EMSGSIZE) instead of a silently cut one. The first datagram is waited
   * for (SO_RCVTIMEO), the others recvmmsg takes only when already queued
   * (MSG_WAITFORONE), and they are handed out in order by the next calls,
   * so callers see exactly the datagrams, in the order, that recv() would
   * give. The bytes are a view of the socket's native buffers, valid until
   * the next receive (Transport).
   */
  receive(): Uint8Array {
    this.open();
    const b = (this.block ??= this.makeBlock());
    if (this.next >= this.got) {
      const c = libc();
      for (;;) {
        const n = c.recvmmsg(this.fd, b.address, SLOTS, MSG_TRUNC | MSG_WAITFORONE, null);
        if (n > 0) {
          this.got = n;
          this.next = 0;
          break;
        }
        const errno = lastErrno();
        if (errno === ERRNO.EINTR) continue;
        throw new SyscallError('recv', errno);
      }
    }
    const i = this.next++;
    const v = b.view;
    const len = readU32(v, i * MMSGHDR + MSG_LEN);
    if (len > RECV_BYTES || (readU32(v, i * MMSGHDR + MSG_FLAGS) & MSG_TRUNC) !== 0) {
      throw new SyscallError('recv', ERRNO.EMSGSIZE);
    }
    const at = SLOT_AT + i * RECV_BYTES;
    return v.subarray(at, at + len);
  }

  /** The message vector, pointing each slot's iovec at its buffer. */
  private makeBlock(): NativeBlock {
    const b = allocBlock(SLOT_AT + SLOTS * RECV_BYTES);
    b.view.fill(0, 0, SLOT_AT);
    for (let i = 0; i < SLOTS; i++) {
      const iov = SLOTS * MMSGHDR + i * IOVEC;
      writeU64(b.view, iov, b.address + BigInt(SLOT_AT + i * RECV_BYTES));
      writeU64(b.view, iov + 8, BigInt(RECV_BYTES));
      writeU64(b.view, i * MMSGHDR + MSG_IOV, b.address + BigInt(iov));
      writeU64(b.view, i * MMSGHDR + MSG_IOVLEN, 1n);
    }
    return b;
  }

  close(): void {
    if (this.fd >= 0) libc().close(this.fd);
    this.fd = -1;
    if (this.block !== undefined) freeBlock(this.block);
    this.block = undefined;
    this.next = this.got = 0;
  }

  private open(): void {
    if (this.fd < 0) throw new SyscallError('send', ERRNO.EBADF);
  }
}
