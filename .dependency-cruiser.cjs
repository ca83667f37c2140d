// The layer order of docs/architecture.md, checked by test/unit/layering.test.ts
// (`npx depcruise --config .dependency-cruiser.cjs src native-bindings`).
// A module may import its own folder and the layers listed as allowed below
// it; nothing may import upwards, and no import circle is allowed.

/** Folder patterns, top to bottom. */
const L = {
  entry: '^src/entry/',
  library: '^src/(index|library)[.]ts$',
  app: '^src/app/',
  ops: '^src/ops/',
  cli: '^src/cli/',
  format: '^src/format/',
  common: '^src/common/',
  ipvs: '^src/ipvs/',
  native: '^native-bindings/',
  netlink: '^src/netlink/',
};

/** What each layer may import besides itself (node built-ins and packages are always allowed). */
const ALLOWED = {
  entry: ['library', 'app', 'ops', 'cli', 'format', 'common', 'ipvs', 'native', 'netlink'],
  library: ['ops', 'cli', 'format', 'common', 'ipvs', 'native', 'netlink'],
  app: ['ops', 'cli', 'format', 'common', 'ipvs', 'netlink'],
  ops: ['cli', 'format', 'common', 'ipvs', 'netlink'],
  cli: ['common', 'ipvs'],
  format: ['common', 'ipvs'],
  common: ['ipvs'],
  ipvs: ['netlink'],
  native: ['common', 'ipvs', 'netlink'],
  netlink: [],
};

const ours = '^(src|native-bindings)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle: flow runs one way (docs/architecture.md).',
      from: { path: ours },
      to: { circular: true },
    },
    {
      name: 'no-unknown-module',
      severity: 'error',
      comment: 'Every module of src/ and native-bindings/ belongs to a layer of docs/architecture.md.',
      from: { path: ours, pathNot: Object.values(L) },
      to: {},
    },
    ...Object.entries(ALLOWED).map(([layer, allowed]) => ({
      name: `layer-${layer}`,
      severity: 'error',
      comment: `${layer} may import only: ${[layer, ...allowed].join(', ')} (docs/architecture.md).`,
      from: { path: L[layer] },
      to: { path: ours, pathNot: [L[layer], ...allowed.map((a) => L[a])] },
    })),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|test)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
