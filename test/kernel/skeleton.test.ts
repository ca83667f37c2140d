// Walking skeleton against real kernel IPVS (user-mode Linux): every command
// of scenarios/skeleton.txt through Debian's ipvsadm 1.31 and through ours,
// compared byte for byte. Plus the host without IPVS (no UML).
//
// IPVSADM_OURS=debian runs Debian against itself (harness self-test);
// IPVSADM_OURS=process|inproc forces how ours runs.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  effectiveOverride,
  formatScenario,
  formatTiming,
  loadScenarioFile,
  runDifferential,
  type DifferentialRun,
  type ScenarioOutcome,
} from './differential.js';
import { DEBIAN_IPVSADM, ensureUmlPrerequisites, repoRoot } from './uml.js';

const scenarios = loadScenarioFile('skeleton.txt');

describe('real kernel IPVS (UML): walking skeleton, ours vs Debian ipvsadm', () => {
  let run: DifferentialRun;
  const outcome = (name: string): ScenarioOutcome => {
    const o = run.scenarios.find((s) => s.scenario.name === name);
    if (!o) throw new Error(`no scenario named ${name}`);
    return o;
  };

  beforeAll(async () => {
    run = await runDifferential(scenarios);
    console.log(`[kernel skeleton] ${formatTiming(run)}`);
  }, 600_000);

  it('the Debian side really drove kernel IPVS (harness sanity)', () => {
    const sk = outcome('walking skeleton');
    expect(sk.crash).toBeUndefined();
    const d = sk.commands.map((c) => c.debian);
    for (const r of d) expect(r.status, JSON.stringify(r)).toBe(0);
    expect(d[0]!.stderr).toBe('');
    expect(d[1]!.stdout).toMatch(/^IP Virtual Server version \d+\.\d+\.\d+ \(size=\d+\)\n/);
    expect(d[1]!.stdout).toContain('TCP  192.168.10.13:80 rr');
    expect(d[4]!.stdout).toMatch(/-> 192\.168\.100\.14:80 +Masq +1 +0 +0/);
    expect(d[8]!.stdout).toContain('TCP  192.168.10.13:80 wrr');
    expect(d[8]!.stdout).toMatch(/-> 192\.168\.100\.15:80 +Masq +3 /);
    expect(d[11]!.stdout).toMatch(/-> 127\.0\.0\.1:80 +Route +1 /);
    expect(d[11]!.stdout).not.toContain('192.168.100.15');
    expect(d[13]!.stdout).not.toContain('TCP');
    for (const name of [
      'error: add a duplicate service',
      'error: delete a missing service',
      'error: add a server to a missing service',
    ]) {
      const failing = outcome(name).commands.find((c) => c.debian.status !== 0);
      expect(failing, name).toBeDefined();
      expect(failing!.debian.stderr, name).not.toBe('');
    }
  });

  for (const sc of scenarios) {
    it(`${sc.name}`, () => {
      const o = outcome(sc.name);
      if (!o.ok) throw new Error(`\n${formatScenario(o)}`);
    });
  }
});

describe('host without IPVS (no UML): ours vs Debian ipvsadm', () => {
  const env = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C' };
  const debian = () => {
    ensureUmlPrerequisites();
    const r = spawnSync(DEBIAN_IPVSADM, ['-Ln'], { argv0: 'ipvsadm', env, encoding: 'utf8' });
    return { stdout: r.stdout, stderr: r.stderr, status: r.status };
  };
  const self = effectiveOverride() === 'debian';

  it('ipvsadm -Ln as a process', () => {
    const expected = debian();
    if (!existsSync('/proc/net/ip_vs')) {
      expect(expected.status).toBe(2);
      expect(expected.stderr).toContain("Can't initialize ipvs: Protocol not available\n");
    }
    const r = self
      ? spawnSync(DEBIAN_IPVSADM, ['-Ln'], { argv0: 'ipvsadm', env, encoding: 'utf8' })
      : spawnSync(process.execPath, [join(repoRoot, 'bin', 'ipvsadm.js'), '-Ln'], { env, encoding: 'utf8' });
    expect({ stdout: r.stdout, stderr: r.stderr, status: r.status }).toEqual(expected);
  });

  it.skipIf(self)('ipvsadm -Ln in-process (modprobe child output aside)', async () => {
    const expected = debian();
    const main = (await import(pathToFileURL(join(repoRoot, 'dist', 'src', 'entry', 'ipvsadm.js')).href)) as {
      run: (prog: string, args: string[], io: unknown) => number | Promise<number>;
    };
    const out: string[] = [];
    const err: string[] = [];
    const status = await main.run('ipvsadm', ['-Ln'], {
      out: (s: string) => void out.push(s),
      err: (s: string) => void err.push(s),
      readStdin: () => '',
      readConnFile: () => null,
      env,
    });
    // The modprobe line comes from the modprobe child's own stderr, which an
    // in-process run may not route through io.err.
    const strip = (s: string) => s.replace(/^modprobe: .*\n/gm, '');
    expect({ stdout: out.join(''), stderr: strip(err.join('')), status }).toEqual({
      stdout: expected.stdout,
      stderr: strip(expected.stderr),
      status: expected.status,
    });
  });
});
