// The ipvsadm-restore command: bin/ipvsadm-restore.js calls restoreMain().

import { basename } from 'node:path';
import { libcStrerror } from '../../native-bindings/names.js';
import { restoreWith } from '../app/restore.js';
import type { Io } from '../ops/io.js';
import { readFileText } from './read-all.js';
import { ProcessStreams } from './streams.js';
import { processIo, systemDeps } from './system.js';

/** Runs one ipvsadm-restore command line in this process with the given streams, as `prog`. */
export function runRestore(prog: string, args: readonly string[], io: Io): number {
  return restoreWith(args, {
    io,
    deps: systemDeps(),
    readFile: (path) => readFileText(path, libcStrerror),
    prog,
  });
}

export function restoreMain(argv: readonly string[] = process.argv): number {
  const prog = basename(argv[1] ?? 'ipvsadm-restore').replace(/\.js$/, '');
  const streams = new ProcessStreams(prog);
  const status = runRestore(prog, argv.slice(2), processIo(streams));
  return streams.finish(status);
}
