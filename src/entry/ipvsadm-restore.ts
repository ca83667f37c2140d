// The ipvsadm-restore command: bin/ipvsadm-restore.js calls restoreMain().

import { basename } from 'node:path';
import { libcStrerror } from '../../native-bindings/names.js';
import { restoreWith } from '../app/restore.js';
import { readFileText } from './read-all.js';
import { ProcessStreams } from './streams.js';
import { processIo, systemDeps } from './system.js';

export function restoreMain(argv: readonly string[] = process.argv): number {
  const prog = basename(argv[1] ?? 'ipvsadm-restore').replace(/\.js$/, '');
  const streams = new ProcessStreams(prog);
  const status = restoreWith(argv.slice(2), {
    io: processIo(streams),
    deps: systemDeps(),
    readFile: (path) => readFileText(path, libcStrerror),
    prog,
  });
  return streams.finish(status);
}
