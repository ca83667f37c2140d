// The ipvsadm-save command: bin/ipvsadm-save.js calls saveMain().

import { basename } from 'node:path';
import { saveWith } from '../app/save.js';
import { StdoutSink } from './stdout-sink.js';
import { processIo, systemDeps } from './system.js';

export function saveMain(argv: readonly string[] = process.argv): number {
  const sink = new StdoutSink(1);
  const status = saveWith(basename(argv[1] ?? 'ipvsadm-save'), argv.slice(2), processIo(sink), systemDeps());
  return sink.close() ?? status;
}
