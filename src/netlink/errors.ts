// Errors of the netlink layer. They carry numbers and paths, never parsed text.

export { ERRNO } from './errno.js';

/** A reply that does not parse: path names the attribute chain. */
export class DecodeError extends Error {
  constructor(
    readonly path: readonly string[],
    readonly detail: string,
  ) {
    super(path.length > 0 ? `${path.join(' › ')}: ${detail}` : detail);
    this.name = 'DecodeError';
  }
}

/** The kernel answered NLMSG_ERROR with -errno (errno is positive here). */
export class NetlinkError extends Error {
  constructor(
    readonly errno: number,
    readonly extAckMsg?: string,
  ) {
    super(`netlink error ${errno}${extAckMsg ? `: ${extAckMsg}` : ''}`);
    this.name = 'NetlinkError';
  }
}

/** Reply stream out of step: wrong sequence number or port id, overrun, interrupted dump. */
export class ProtocolError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'ProtocolError';
  }
}

/** A failed system call (native-bindings throws these). */
export class SyscallError extends Error {
  constructor(
    readonly syscall: string,
    readonly errno: number,
  ) {
    super(`${syscall}: errno ${errno}`);
    this.name = 'SyscallError';
  }
}

/** errno of any thrown value that carries a numeric `errno` property, else undefined. */
export function errnoOf(e: unknown): number | undefined {
  if (typeof e === 'object' && e !== null && 'errno' in e) {
    const v = (e as { errno: unknown }).errno;
    if (typeof v === 'number' && Number.isInteger(v)) return Math.abs(v);
  }
  return undefined;
}
