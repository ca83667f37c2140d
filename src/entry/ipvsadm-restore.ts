// The ipvsadm-restore command: bin/ipvsadm-restore.js calls restoreMain().

import { basename } from 'node:path';
import { libcStrerror } from '../../native-bindings/names.js';
import { restoreWith } from '../app/restore.js';
import type { Io } from '../ops/io.js';
import { readFileText } from './read-all.js';
import { ProcessStreams, STD_FDS } from './streams.js';
import { isTerminal, processDrainEdges, processIo, systemDeps } from './system.js';

/** Runs one ipvsadm-restore command line in this process with the given streams, as `prog`. */
export function runRestore(prog: string, args: readonly string[], io: Io): number {
  return restoreWith(args, {
    io,
    deps: systemDeps(),
    readFile: (path) => readFileText(path, libcStrerror),
    prog,
  });
}

/** The exit status; a promise of it while `--drain` waits. */
export function restoreMain(argv: readonly string[] = process.argv): number | Promise<number> {
  const prog = basename(argv[1] ?? 'ipvsadm-restore').replace(/\.js$/, '');
  const streams = new ProcessStreams(prog);
  const status = restoreWith(argv.slice(2), {
    io: processIo(streams),
    deps: systemDeps(),
    readFile: (path) => readFileText(path, libcStrerror),
    prog,
    get stderrIsTerminal() {
      return isTerminal(STD_FDS.err);
    },
    drain: processDrainEdges(),
  });
  return typeof status === 'number' ? streams.finish(status) : status.then((s) => streams.finish(s));
}
