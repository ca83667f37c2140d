// generic_opt_check()/tunnel_opt_check(): the walk that visits only the
// columns that can fail must report what the full walk of every column does.
import { describe, expect, it } from 'vitest';
import { COMMANDS_V_OPTIONS, genericOptCheck, TUNNEL_TYPES_V_OPTIONS, tunnelOptCheck } from '../../../src/cli/legality.js';
import { OPT_NAMES, type OptName } from '../../../src/cli/options.js';
import type { CommandName } from '../../../src/cli/command.js';

/** The plain transcription of generic_opt_check(): every column in index order. */
function fullWalk(row: string, cols: readonly OptName[], present: ReadonlySet<OptName>, name: string, kind: string): string | null {
  let first: OptName | null = null;
  for (let j = 0; j < cols.length; j++) {
    const opt = cols[j] as OptName;
    const rule = row[j];
    if (!present.has(opt)) {
      if (rule === '+') return `You need to supply the '${opt}' option for the '${name}' ${kind}`;
      continue;
    }
    if (rule === 'x') return `Illegal '${opt}' option with the '${name}' ${kind}`;
    if (rule === '1') {
      if (first === null) first = opt;
      else return `The option '${opt}' conflicts with the '${first}' option in the '${name}' ${kind}`;
    }
  }
  return null;
}

const message = (f: () => void): string | null => {
  try {
    f();
    return null;
  } catch (e) {
    return (e as Error).message;
  }
};

describe('legality checks', () => {
  it('report the first problem in column order, as the full walk does', () => {
    let seed = 3;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    const commands = Object.keys(COMMANDS_V_OPTIONS) as CommandName[];
    let failures = 0;
    for (let round = 0; round < 3000; round++) {
      const cmd = commands[rnd(commands.length)] as CommandName;
      const present = new Set<OptName>();
      for (let k = rnd(6); k > 0; k--) present.add(OPT_NAMES[rnd(OPT_NAMES.length)] as OptName);
      const want = fullWalk(COMMANDS_V_OPTIONS[cmd], OPT_NAMES, present, cmd, 'command');
      expect(message(() => genericOptCheck(cmd, present))).toBe(want);
      if (want !== null) failures++;
      const tun = rnd(TUNNEL_TYPES_V_OPTIONS.length);
      const [tname, trow] = TUNNEL_TYPES_V_OPTIONS[tun] as readonly [string, string];
      const tcols: OptName[] = ['tun-port', 'tun-nocsum', 'tun-csum', 'tun-remcsum'];
      expect(message(() => tunnelOptCheck(tun, present))).toBe(fullWalk(trow, tcols, present, tname, 'tunnel type'));
    }
    expect(failures).toBeGreaterThan(500);
  });
});
