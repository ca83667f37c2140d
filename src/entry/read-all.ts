// Reading a whole input (standard input, a rules file) as text, or an
// InputError: a read that fails part-way (EISDIR, EIO, EBADF, an input too
// large to hold as one string) is never handed on as a shorter input.

import { closeSync, openSync, readSync } from 'node:fs';
import { constants as bufferConstants } from 'node:buffer';
import { InputError } from '../ops/io.js';
import { errnoText } from './errno-text.js';
import { pause } from './pause.js';

const CHUNK = 64 * 1024;
/** Standard input whose writer has not written yet reads EAGAIN when it is non-blocking. */
const RETRY_WAIT_MS = 10;

/**
 * All bytes of `fd` up to end of file, as UTF-8 text. Throws InputError
 * naming `what` when a read fails or the input is longer than `maxBytes`
 * (by default the longest string node can hold). A non-blocking descriptor
 * is waited on, as a blocking read would wait.
 */
export function readAllText(
  fd: number,
  what: string,
  libcStrerror?: (errno: number) => string,
  maxBytes: number = bufferConstants.MAX_STRING_LENGTH,
): string {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(CHUNK);
      let n: number;
      try {
        n = readSync(fd, buf, 0, CHUNK, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
          pause(RETRY_WAIT_MS);
          continue;
        }
        throw new InputError(what, errnoText(e, libcStrerror));
      }
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new InputError(what, `too large to hold (more than ${maxBytes} bytes)`);
      chunks.push(n === CHUNK ? buf : buf.subarray(0, n));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    // Buffer or string allocation failed (RangeError, ERR_STRING_TOO_LONG).
    throw new InputError(what, `too large to hold (${total} bytes read)`);
  }
}

/** The whole file at `path` as text, or an InputError naming it. */
export function readFileText(path: string, libcStrerror?: (errno: number) => string): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new InputError(path, errnoText(e, libcStrerror));
  }
  try {
    return readAllText(fd, path, libcStrerror);
  } finally {
    closeSync(fd);
  }
}
