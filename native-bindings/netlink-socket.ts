// NetlinkSocket: a blocking AF_NETLINK socket implementing Transport through
// libc (socket, bind, getsockname, setsockopt, sendto, recv, close).

import type { Transport } from '../src/netlink/transport.js';
import { SyscallError } from '../src/netlink/errors.js';
import {
  AF_NETLINK, check, EINTR, lastErrno, libc, MSG_TRUNC, NETLINK_EXT_ACK, NETLINK_GENERIC,
  SO_RCVBUF, SO_RCVBUFFORCE, SO_RCVTIMEO, SOCK_CLOEXEC, SOCK_RAW, SOL_NETLINK, SOL_SOCKET,
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
const EMSGSIZE = 90;

export class NetlinkSocket implements Transport {
  readonly portId: number;
  private fd: number;
  private readonly buf = new Uint8Array(RECV_BYTES);
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
      if (errno !== EINTR) throw new SyscallError('sendto', errno);
    }
  }

  /**
   * One whole datagram in one recv(): the buffer is larger than anything
   * generic netlink sends (dump datagrams are at most 32 KiB), so no
   * MSG_PEEK round trip is needed; MSG_TRUNC makes a datagram that still did
   * not fit an error (EMSGSIZE) instead of a silently cut one.
   */
  receive(): Uint8Array {
    const c = libc();
    this.open();
    for (;;) {
      const n = c.recv(this.fd, this.buf, this.buf.length, MSG_TRUNC);
      if (n < 0) {
        const errno = lastErrno();
        if (errno === EINTR) continue;
        throw new SyscallError('recv', errno);
      }
      if (n > this.buf.length) throw new SyscallError('recv', EMSGSIZE);
      return this.buf.slice(0, n);
    }
  }

  close(): void {
    if (this.fd >= 0) libc().close(this.fd);
    this.fd = -1;
  }

  private open(): void {
    if (this.fd < 0) throw new SyscallError('send', 9 /* EBADF */);
  }
}
