// The build-time warm-up (src/warm-up.ts) must really run its command
// lines: each one's output reaches the file it is given, none fails.
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WARM_UP_LINES, warmUp } from '../../../src/warm-up.js';
import { FakeKernel } from '../helpers/fake-kernel.js';

describe('warmUp', () => {
  it('runs every line against the stand-in kernel, output to the given file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warm-'));
    try {
      const file = join(dir, 'out');
      const fd = openSync(file, 'w');
      const kernel = new FakeKernel();
      warmUp(() => kernel, fd);
      closeSync(fd);
      const out = readFileSync(file, 'utf8');
      // -L, -Ln and the six -Ln variants each print a version line
      expect(out.split('IP Virtual Server version 1.2.1 (size=4096)\n').length - 1).toBeGreaterThanOrEqual(9);
      // the table the first lines built, as -Sn saves it
      expect(out).toContain('-A -t 10.0.0.1:80 -s wrr\n');
      expect(out).toContain('-a -t 10.0.0.1:80 -r 10.1.0.2:80 -g -w 5\n');
      expect(out).toContain('-A -u 10.0.0.2:53 -s wlc -p 300\n');
      // --timeout, the connection list
      expect(out).toContain('Timeout (tcp tcpfin udp): 900 120 300\n');
      expect(out).toMatch(/TCP +\d+:\d+ +ESTABLISHED/);
      // the lines end with -C: the kernel is empty again
      expect(kernel.services).toHaveLength(0);
      expect(WARM_UP_LINES.length).toBeGreaterThan(20);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
