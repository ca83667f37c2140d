// The ipvsadm-restore command: bin/ipvsadm-restore.js calls restoreMain().

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { restoreWith } from '../app/restore.js';
import { StdoutSink } from './stdout-sink.js';
import { processIo, systemDeps } from './system.js';

export function restoreMain(argv: readonly string[] = process.argv): number {
  const sink = new StdoutSink(1);
  const status = restoreWith(argv.slice(2), {
    io: processIo(sink),
    deps: systemDeps(),
    readFile: (path) => readFileSync(path, 'utf8'),
    prog: basename(argv[1] ?? 'ipvsadm-restore').replace(/\.js$/, ''),
  });
  return sink.close() ?? status;
}
