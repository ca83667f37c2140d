// The build-time native warm-up (src/warm-up-native.ts) must really run the
// native path on this host, and leave nothing open or written behind.
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { warmUpNative } from '../../../src/warm-up-native.js';

describe('warmUpNative', () => {
  it('dumps nlctrl, closes its sockets, writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warm-native-'));
    try {
      const file = join(dir, 'out');
      const fd = openSync(file, 'w');
      const fds = readdirSync('/proc/self/fd').length;
      const seen = warmUpNative(fd);
      // every Linux has a few generic netlink families
      expect(seen).toBeGreaterThanOrEqual(3);
      expect(readdirSync('/proc/self/fd').length).toBe(fds);
      closeSync(fd);
      expect(readFileSync(file, 'utf8')).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
