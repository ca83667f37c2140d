// Boots user-mode Linux once (test/kernel/uml.ts, built into dist/test by
// `npm run build`) and runs a bench driver there as root with `$W`, its
// work directory, as first argument. Returns the JSON the driver wrote to
// $W/OUTPUT; if the boot or the driver failed, prints their output's tail
// and exits with status 1.

import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function runDriver(driver, args, inputs, output) {
  const { bootUml } = await import('../dist/test/kernel/uml.js');
  const quoted = args.map((a) => JSON.stringify(String(a))).join(' ');
  const boot = await bootUml({
    payload: `exec node ${JSON.stringify(join(repo, 'scripts', driver))} "$W" ${quoted}\n`,
    inputs,
    collect: [output],
    timeoutMs: 1_500_000,
  });
  const text = boot.files[output];
  if (boot.status !== 0 || text === undefined) {
    process.stderr.write(`bench driver failed (status ${boot.status}):\n${boot.stdout.slice(-3000)}\n${boot.stderr.slice(-6000)}\n`);
    process.exit(1);
  }
  return JSON.parse(text);
}
