// Divergences found by the differential fuzzer (docs/reliability.md), one test each.

import { describe, expect, it } from 'vitest';
import { truncate } from '../../../src/cli/values.js';
import { FakeKernel } from '../helpers/fake-kernel.js';
import { ipvsadm } from '../app/run.js';

describe('fuzz seed 7 argv#2019: -b value cut to 127 bytes, not characters', () => {
  it('truncate() counts UTF-8 bytes like strncpy', () => {
    expect(truncate('abc', 2)).toBe('ab');
    expect(truncate('é'.repeat(10), 4)).toBe('éé');
    expect(truncate('é'.repeat(10), 5)).toBe('éé\uFFFD'); // half a character, as Debian's bytes decode
    expect(truncate('é', 2)).toBe('é');
  });

  it('the invalid-flag message shows the first 127 bytes', () => {
    const r = ipvsadm(new FakeKernel(), ['-A', '-p', '1793', '--sched-flags', 'é'.repeat(130)]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`invalid scheduler flag \`${'é'.repeat(63)}\uFFFD'\n`);
  });
});
