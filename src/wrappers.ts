// ipvsadm-save and ipvsadm-restore: the behaviour of Debian's two bash
// scripts, run in this process instead of spawning ipvsadm.

import { basename } from 'node:path';
import { readFileSync } from 'node:fs';
import { isRestoreExtension, restoreExtension } from './ext/restore-cli.js';
import { processIo, run, systemDeps } from './main.js';
import { StdoutSink } from './stdout-sink.js';
import type { Io } from './io.js';

// The scripts run `ipvsadm` through PATH, so its messages name `ipvsadm`.
const INNER_PROG = 'ipvsadm';

/** ipvsadm-save [-n]: `ipvsadm -S [-n]`. */
export function saveMain(argv: readonly string[] = process.argv): number {
  const args = argv.slice(2);
  let numeric = false;
  for (const a of args) {
    if (a === '-n') numeric = true;
    else if (a.startsWith('-')) {
      process.stderr.write(
        `${basename(argv[1] ?? 'ipvsadm-save')}: Script to save the IPVS table to stdout.\n` +
          '   With the -n option, prints out the table in numeric format.\n',
      );
      return 1;
    }
  }
  const sink = new StdoutSink(1);
  const status = run(INNER_PROG, numeric ? ['-S', '-n'] : ['-S'], processIo(sink));
  return sink.close() ?? status;
}

/** The rules text `ipvsadm -R` receives: `grep -v '^#'`, then `echo "$(...)"`. */
export function restoreText(input: string): string {
  const kept = input.split('\n').filter((l, i, all) => !(l.startsWith('#') || (i === all.length - 1 && l === '')));
  return `${kept.join('\n').replace(/\n+$/, '')}\n`;
}

/**
 * ipvsadm-restore: `ipvsadm -C`, then the input without comment lines into
 * `ipvsadm -R` (arguments ignored, as Debian's script). Only the new options
 * --test, --apply and --dry-run change that (src/ext/restore-cli.ts).
 */
export function restoreMain(argv: readonly string[] = process.argv): number {
  const args = argv.slice(2);
  if (isRestoreExtension(args)) {
    const sink = new StdoutSink(1);
    const status = restoreExtension(args, {
      io: processIo(sink),
      deps: systemDeps(),
      readFile: (path) => readFileSync(path, 'utf8'),
      prog: basename(argv[1] ?? 'ipvsadm-restore').replace(/\.js$/, ''),
    });
    return sink.close() ?? status;
  }
  const sink = new StdoutSink(1);
  const io = processIo(sink);
  const input = io.readStdin();
  run(INNER_PROG, ['-C'], io);
  const rIo: Io = { ...io, readStdin: () => restoreText(input) };
  const status = run(INNER_PROG, ['-R'], rIo);
  return sink.close() ?? status;
}
