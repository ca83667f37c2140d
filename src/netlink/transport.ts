// The only I/O boundary of the netlink stack. native-bindings/ implements it
// with libc calls through koffi; tests implement it with a fake kernel.

export interface Transport {
  /** The socket's netlink port id (nl_pid from getsockname). */
  readonly portId: number;
  /**
   * The socket's receive buffer in bytes (SO_RCVBUF as the kernel counts
   * it), when known: Conn bounds how many replies one batch may queue.
   */
  readonly receiveBufferBytes?: number;
  /**
   * Send one datagram to the kernel (port 0). The bytes are only valid
   * during the call: Conn builds batches in one buffer it reuses.
   */
  send(datagram: Uint8Array): void;
  /**
   * Receive one whole datagram. The bytes need only stay valid until the
   * next receive(): a transport may hand out a view of one buffer it reuses
   * (Conn copies what it keeps). Throws a SyscallError-like error with an
   * errno on failure (e.g. EAGAIN on timeout, ENOBUFS on overrun).
   */
  receive(): Uint8Array;
  /**
   * Optional. Sends the datagrams [bounds[i], bounds[i + 1]) of `bytes` in
   * order and, right after each, receives up to `receivesEach` datagrams
   * that are already queued (never waiting), in as few system calls as the
   * transport can (NetlinkSocket: one io_uring_enter). It may take only a
   * prefix of the datagrams (SentBatch.count, at least one). Returns
   * undefined, having sent nothing, when it cannot (no io_uring here):
   * the caller then sends them one by one.
   */
  sendEach?(bytes: Uint8Array, bounds: readonly number[], receivesEach: number): SentBatch | undefined;
  close(): void;
}

/** What Transport.sendEach did. */
export interface SentBatch {
  /** How many datagrams it took: the first `count` (at least one). */
  readonly count: number;
  /** Per datagram taken: 0 if it was sent, else the errno of its send (not sent). */
  readonly sendErrno: Int32Array;
  /**
   * Every datagram received, in the order the socket delivered them (the
   * order recv() would have given). Views valid until the next sendEach.
   */
  readonly received: readonly Uint8Array[];
}
