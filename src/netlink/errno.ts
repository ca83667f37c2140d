// The errno table: Linux's number and glibc's strerror() text of each error
// this project names. Every row is held equal to the running system's
// numbering (node's os.constants.errno) and glibc's strerror() by
// test/unit/netlink/errno.test.ts, so a message needs no libc.

/** name → [Linux errno, glibc 2.36 strerror() text]. */
const TABLE = {
  EPERM: [1, 'Operation not permitted'],
  ENOENT: [2, 'No such file or directory'],
  ESRCH: [3, 'No such process'],
  EINTR: [4, 'Interrupted system call'],
  EIO: [5, 'Input/output error'],
  ENXIO: [6, 'No such device or address'],
  E2BIG: [7, 'Argument list too long'],
  EBADF: [9, 'Bad file descriptor'],
  EAGAIN: [11, 'Resource temporarily unavailable'],
  ENOMEM: [12, 'Cannot allocate memory'],
  EACCES: [13, 'Permission denied'],
  EFAULT: [14, 'Bad address'],
  EBUSY: [16, 'Device or resource busy'],
  EEXIST: [17, 'File exists'],
  ENODEV: [19, 'No such device'],
  ENOTDIR: [20, 'Not a directory'],
  EISDIR: [21, 'Is a directory'],
  EINVAL: [22, 'Invalid argument'],
  ENFILE: [23, 'Too many open files in system'],
  EMFILE: [24, 'Too many open files'],
  ETXTBSY: [26, 'Text file busy'],
  EFBIG: [27, 'File too large'],
  ENOSPC: [28, 'No space left on device'],
  ESPIPE: [29, 'Illegal seek'],
  EROFS: [30, 'Read-only file system'],
  EPIPE: [32, 'Broken pipe'],
  ERANGE: [34, 'Numerical result out of range'],
  ENAMETOOLONG: [36, 'File name too long'],
  ENOSYS: [38, 'Function not implemented'],
  ELOOP: [40, 'Too many levels of symbolic links'],
  EPROTO: [71, 'Protocol error'],
  EOVERFLOW: [75, 'Value too large for defined data type'],
  ENOTSOCK: [88, 'Socket operation on non-socket'],
  EMSGSIZE: [90, 'Message too long'],
  ENOPROTOOPT: [92, 'Protocol not available'],
  EPROTONOSUPPORT: [93, 'Protocol not supported'],
  EOPNOTSUPP: [95, 'Operation not supported'],
  EAFNOSUPPORT: [97, 'Address family not supported by protocol'],
  EADDRINUSE: [98, 'Address already in use'],
  EADDRNOTAVAIL: [99, 'Cannot assign requested address'],
  ENETDOWN: [100, 'Network is down'],
  ENETUNREACH: [101, 'Network is unreachable'],
  ECONNRESET: [104, 'Connection reset by peer'],
  ENOBUFS: [105, 'No buffer space available'],
  ENOTCONN: [107, 'Transport endpoint is not connected'],
  ETIMEDOUT: [110, 'Connection timed out'],
  ECONNREFUSED: [111, 'Connection refused'],
  EHOSTUNREACH: [113, 'No route to host'],
  ESTALE: [116, 'Stale file handle'],
  EDQUOT: [122, 'Disk quota exceeded'],
} as const satisfies Readonly<Record<string, readonly [number, string]>>;

/** The name of an errno the table knows (`'EEXIST'`, `'ESRCH'`, …). */
export type ErrnoCode = keyof typeof TABLE;

/** The table's codes, in errno order. */
export const ERRNO_CODES: readonly ErrnoCode[] = Object.keys(TABLE) as ErrnoCode[];

/** errno numbers by name (Linux numbering): `ERRNO.EEXIST` is 17. */
export const ERRNO: { readonly [K in ErrnoCode]: (typeof TABLE)[K][0] } = Object.freeze(
  Object.fromEntries(ERRNO_CODES.map((c) => [c, TABLE[c][0]])) as { [K in ErrnoCode]: (typeof TABLE)[K][0] },
);

const CODE_OF: ReadonlyMap<number, ErrnoCode> = new Map(ERRNO_CODES.map((c) => [TABLE[c][0], c]));

/** The name of errno `n` (a positive number), or undefined when the table does not know it. */
export function errnoCode(n: number): ErrnoCode | undefined {
  return CODE_OF.get(n);
}

/** glibc's strerror() text of the errno named `code`, or undefined when the table does not know it. */
export function errnoTextOfCode(code: string): string | undefined {
  return Object.hasOwn(TABLE, code) ? TABLE[code as ErrnoCode][1] : undefined;
}

/** glibc's strerror() text of errno `n`; `errno N` for one the table does not know. */
export function strerror(n: number): string {
  const code = CODE_OF.get(n);
  return code === undefined ? `errno ${n}` : TABLE[code][1];
}
