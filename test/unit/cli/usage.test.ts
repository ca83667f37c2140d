import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../src/cli/parse.js';
import { VERSION_LINE, helpText, tryHelpText, versionText } from '../../../src/cli/usage.js';
import { tableNames } from './names-fixture.js';

const SPEC = '/work/shared/spec/ipvsadm-cli.md';

describe('help / version / try-help texts (§10)', () => {
  it('version line', () => {
    expect(versionText()).toBe('ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)\n');
  });

  it('help: 82 lines, version first, no trailing blanks, blank lines where the original has them', () => {
    const text = helpText('ipvsadm');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).toHaveLength(82);
    expect(lines[0]).toBe(VERSION_LINE);
    expect(lines.filter((l) => / $/.test(l))).toEqual([]);
    const blankAfter = lines.flatMap((l, i) => (l === '' ? [lines[i - 1]] : []));
    expect(blankAfter).toEqual([
      '  ipvsadm -h',
      '  --help            -h        display this help message',
      '  --fwmark-service|-f fwmark          fwmark is an integer greater than zero',
    ]);
    expect(lines[lines.indexOf('Daemon Options:') - 1]).toBe(
      '  --sched-flags  -b flags             scheduler flags (comma-separated)',
    );
    expect(lines.at(-1)).toBe('  --mcast-ttl ttl                     Multicast TTL (default=1)');
  });

  it('help: <prog> is argv[0] verbatim, 13 times', () => {
    const text = helpText('/usr/sbin/ipvsadm');
    expect(text.split('/usr/sbin/ipvsadm ').length - 1).toBe(13);
    expect(text).toContain('  /usr/sbin/ipvsadm -A|E virtual-service [-s scheduler] [-p [timeout]]');
  });

  it.skipIf(!existsSync(SPEC))('help matches the spec block byte for byte', () => {
    const spec = readFileSync(SPEC, 'utf8');
    const start = spec.indexOf('```\nipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)\nUsage:');
    const block = spec.slice(start + 4, spec.indexOf('```', start + 4));
    expect(helpText('<prog>')).toBe(block);
  });

  it('try-help', () => {
    expect(tryHelpText('./x')).toBe("Try `./x -h' or './x --help' for more information.\n");
  });

  it('-h goes to stdout with status 0', () => {
    expect(parseCommandLine('ipvsadm', ['--help'], tableNames, {})).toEqual({
      kind: 'exit',
      stdout: helpText('ipvsadm'),
      stderr: '',
      status: 0,
      continuable: false,
    });
  });
});
