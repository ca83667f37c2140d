// glibc's strerror() text for an error from node's fs calls, as the C tool
// would print it: `No space left on device`, not node's `ENOSPC: no space
// left on device, write`. The errors file I/O can give are spelled out here
// (each held equal to glibc's by test/unit/app/errno-text.test.ts), so a
// write error on a full disk is reported without loading libc through
// koffi; any other errno asks libc.

/** glibc 2.36's strerror() texts of the errors reading or writing a file or pipe can give. */
const GLIBC_TEXT: Readonly<Record<string, string>> = {
  EPERM: 'Operation not permitted',
  ENOENT: 'No such file or directory',
  EINTR: 'Interrupted system call',
  EIO: 'Input/output error',
  ENXIO: 'No such device or address',
  EBADF: 'Bad file descriptor',
  EAGAIN: 'Resource temporarily unavailable',
  ENOMEM: 'Cannot allocate memory',
  EACCES: 'Permission denied',
  EFAULT: 'Bad address',
  ENODEV: 'No such device',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EINVAL: 'Invalid argument',
  ENFILE: 'Too many open files in system',
  EMFILE: 'Too many open files',
  ETXTBSY: 'Text file busy',
  EFBIG: 'File too large',
  ENOSPC: 'No space left on device',
  ESPIPE: 'Illegal seek',
  EROFS: 'Read-only file system',
  EPIPE: 'Broken pipe',
  ENAMETOOLONG: 'File name too long',
  ELOOP: 'Too many levels of symbolic links',
  EOVERFLOW: 'Value too large for defined data type',
  ECONNRESET: 'Connection reset by peer',
  ENOTCONN: 'Transport endpoint is not connected',
  ESTALE: 'Stale file handle',
  EDQUOT: 'Disk quota exceeded',
};

/** The error codes errnoText() answers without libc (for its test). */
export const KNOWN_ERRNO_CODES: readonly string[] = Object.keys(GLIBC_TEXT);

/**
 * strerror() text of `e` (a node system error: `code` 'ENOSPC', `errno`
 * -28): from the table above, else from `libcStrerror` when given and it
 * works, else node's own message.
 */
export function errnoText(e: unknown, libcStrerror?: (errno: number) => string): string {
  const err = e as NodeJS.ErrnoException | undefined;
  const code = typeof err?.code === 'string' ? err.code : undefined;
  if (code !== undefined && Object.hasOwn(GLIBC_TEXT, code)) return GLIBC_TEXT[code]!;
  if (libcStrerror !== undefined && typeof err?.errno === 'number') {
    try {
      return libcStrerror(Math.abs(err.errno));
    } catch {
      // libc could not be loaded: node's text below
    }
  }
  if (e instanceof Error) return e.message.replace(/\s*\n\s*/g, ' ');
  return String(e);
}
