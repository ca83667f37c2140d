// The only I/O boundary of the netlink stack. native-bindings/ implements it
// with libc calls through koffi; tests implement it with a fake kernel.

export interface Transport {
  /** The socket's netlink port id (nl_pid from getsockname). */
  readonly portId: number;
  /**
   * The socket's receive buffer in bytes (SO_RCVBUF as the kernel counts
   * it), when known: Conn bounds how many replies one batch may queue.
   */
  readonly receiveBufferBytes?: number | undefined;
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
  close(): void;
}
