// Names sent to the kernel (-s, --pe, --mcast-interface) are cut to their C
// buffer size in bytes; a character cut in half must not become U+FFFD (three
// bytes), or the name overflows the kernel's limit and the kernel answers
// EINVAL where Debian's ipvsadm gets ENOENT / ENODEV (seen in UML,
// scenarios/grammar-edge3.txt).

import { describe, expect, it } from 'vitest';
import { truncate } from '../../../src/cli/values.js';
import type { Command } from '../../../src/cli/command.js';
import { parseCommandLine } from '../../../src/cli/parse.js';
import { tableNames } from './names-fixture.js';

function parseArgs(args: string[]): Command {
  const r = parseCommandLine('ipvsadm', args, tableNames, {});
  if (r.kind !== 'command') throw new Error(`not a command: ${JSON.stringify(r)}`);
  return r.command;
}

describe("truncate(..., 'drop')", () => {
  it('leaves out a multi-byte character cut in half', () => {
    expect(truncate('é'.repeat(17), 15, 'drop')).toBe('é'.repeat(7));
    expect(new TextEncoder().encode(truncate('é'.repeat(17), 15, 'drop')).length).toBe(14);
    expect(truncate('aé'.repeat(10), 16, 'drop')).toBe('aé'.repeat(5) + 'a');
    expect(truncate('€'.repeat(6), 15, 'drop')).toBe('€'.repeat(5));
    expect(truncate('€'.repeat(6), 14, 'drop')).toBe('€'.repeat(4));
  });

  it('is a plain byte cut when no character is split', () => {
    expect(truncate('abcdefghijklmnopq', 15, 'drop')).toBe('abcdefghijklmno');
    expect(truncate('lé', 15, 'drop')).toBe('lé');
  });

  it('the parser keeps -s, --pe and --mcast-interface within their byte limits', () => {
    const bytes = (s: string): number => new TextEncoder().encode(s).length;
    const a = parseArgs(['-A', '-t', '10.0.0.7:80', '-s', 'é'.repeat(17), '-p', '--pe', 'é'.repeat(12)]);
    expect(bytes(a.service.schedName)).toBe(14);
    expect(bytes(a.service.peName)).toBe(16);
    const d = parseArgs(['--start-daemon', 'master', '--mcast-interface', 'é'.repeat(10)]);
    expect(bytes(d.daemon.mcastIfn)).toBe(14);
  });
});
