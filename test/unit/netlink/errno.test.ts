// The errno table: each row's number is the system's, each text glibc's strerror().

import { constants } from 'node:os';
import { describe, expect, it } from 'vitest';
import { libcStrerror } from '../../../native-bindings/names.js';
import { ERRNO, ERRNO_CODES, errnoCode, errnoTextOfCode, strerror } from '../../../src/netlink/errno.js';

describe('errno table', () => {
  const system = constants.errno as Record<string, number>;

  it("every row: the system's number and glibc's strerror() text", () => {
    for (const code of ERRNO_CODES) {
      const n = ERRNO[code];
      expect(n, code).toBe(system[code]);
      expect(strerror(n), code).toBe(libcStrerror(n));
      expect(errnoCode(n), code).toBe(code);
      expect(errnoTextOfCode(code), code).toBe(libcStrerror(n));
    }
  });

  it('an errno it does not know: no code, `errno N` as text', () => {
    expect(errnoCode(10)).toBeUndefined();
    expect(strerror(10)).toBe('errno 10');
    expect(errnoTextOfCode('ECHILD')).toBeUndefined();
    expect(errnoTextOfCode('toString')).toBeUndefined();
  });
});
