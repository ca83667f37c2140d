// The layer order of docs/architecture.md, enforced: dependency-cruiser with
// .dependency-cruiser.cjs over src/ and native-bindings/ reports no circle
// and no import against the order; and on a small tree with a circle and
// an upward import it reports both (so the check cannot pass vacuously).

import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(REPO, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
}

interface Summary {
  readonly violations: readonly Violation[];
  readonly totalCruised: number;
}

/** Runs dependency-cruiser in `cwd` on `paths` with the project's rules; returns its summary. */
function cruise(cwd: string, paths: readonly string[]): Summary {
  const r = spawnSync(process.execPath, [CLI, '--config', join(REPO, '.dependency-cruiser.cjs'), '--output-type', 'json', ...paths], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (r.error) throw r.error;
  const json = JSON.parse(r.stdout) as { summary: Summary };
  return json.summary;
}

describe('layering', () => {
  it('src/ and native-bindings/ follow the documented layer order, with no import circle', () => {
    const s = cruise(REPO, ['src', 'native-bindings']);
    expect(s.totalCruised).toBeGreaterThan(50);
    expect(s.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).toEqual([]);
  }, 60_000);

  it('reports an import circle and an upward import', () => {
    const dir = mkdtempSync(join(tmpdir(), 'layering-'));
    try {
      cpSync(join(REPO, 'tsconfig.json'), join(dir, 'tsconfig.json'));
      const put = (path: string, text: string): void => {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      };
      put('src/ops/a.ts', "import { b } from './b.js';\nexport const a = (): number => b() + 1;\n");
      put('src/ops/b.ts', "import { a } from './a.js';\nexport const b = (): number => (a.length > 9 ? 0 : 1);\n");
      put('src/format/f.ts', "import { c } from '../cli/c.js';\nexport const f = c;\n");
      put('src/cli/c.ts', 'export const c = 1;\n');
      const rules = cruise(dir, ['src']).violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
      expect(rules).toContain('no-circular: src/ops/a.ts -> src/ops/b.ts');
      expect(rules).toContain('layer-format: src/format/f.ts -> src/cli/c.ts');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
