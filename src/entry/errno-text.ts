// glibc's strerror() text for an error from node's fs calls, as the C tool
// would print it: `No space left on device`, not node's `ENOSPC: no space
// left on device, write`. The texts come from the errno table
// (src/netlink/errno.ts, held equal to glibc's by its test), so a write
// error on a full disk is reported without loading libc through koffi;
// an errno the table does not know asks libc.

import { errnoTextOfCode } from '../netlink/errno.js';

/**
 * strerror() text of `e` (a node system error: `code` 'ENOSPC', `errno`
 * -28): from the errno table, else from `libcStrerror` when given and it
 * works, else node's own message.
 */
export function errnoText(e: unknown, libcStrerror?: (errno: number) => string): string {
  const err = e as NodeJS.ErrnoException | undefined;
  const code = typeof err?.code === 'string' ? err.code : undefined;
  const known = code === undefined ? undefined : errnoTextOfCode(code);
  if (known !== undefined) return known;
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
