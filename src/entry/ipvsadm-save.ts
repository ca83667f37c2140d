// The ipvsadm-save command: bin/ipvsadm-save.js calls saveMain().

import { basename } from 'node:path';
import { saveWith } from '../app/save.js';
import { ProcessStreams } from './streams.js';
import { processIo, systemDeps } from './system.js';

export function saveMain(argv: readonly string[] = process.argv): number {
  // The script's help names `basename $0`, as typed.
  const script = basename(argv[1] ?? 'ipvsadm-save');
  const streams = new ProcessStreams(script.replace(/\.js$/, ''));
  const status = saveWith(script, argv.slice(2), processIo(streams), systemDeps());
  return streams.finish(status);
}
