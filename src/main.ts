// Composition root: the only module that wires native-bindings, the process
// streams and files into runWith(). bin/ipvsadm.js calls main().

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { libcNames, libcStrerror } from '../native-bindings/names.js';
import { canOpenRawSocket, keepFreedMemory } from '../native-bindings/libc.js';
import { runWith, type Deps } from './app.js';
import { openIpvs } from './ext/library.js';
import type { Io } from './io.js';
import { lazyProgramName, progText, type ProgramName } from './program-name.js';
import { StdoutSink } from './stdout-sink.js';

const EPERM = 1;
const ENOPROTOOPT = 92;

/** The production dependencies: libc through koffi, /sbin/modprobe. */
export function systemDeps(): Deps {
  return {
    openClient: () => {
      keepFreedMemory();
      return openIpvs();
    },
    names: libcNames(),
    libcStrerror,
    modprobe: () => {
      // node:child_process is loaded only here: most runs never need it.
      const { spawnSync } = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
      const r = spawnSync('/sbin/modprobe', ['--', 'ip_vs'], { stdio: 'inherit' });
      return r.error === undefined && r.status === 0;
    },
    missingFamilyErrno: () => (canOpenRawSocket() ? ENOPROTOOPT : EPERM),
  };
}

/** /proc/net/ip_vs_conn of this network namespace, or null when it cannot be read. */
export function readProcConnFile(): string | null {
  try {
    return readFileSync('/proc/net/ip_vs_conn', 'utf8');
  } catch {
    return null;
  }
}

/** Process I/O for one run; stdout is buffered like C stdio (see StdoutSink). */
export function processIo(sink: StdoutSink): Io {
  return {
    out: (text) => sink.write(text),
    err: (text) => {
      sink.flushIfTerminal();
      process.stderr.write(text);
    },
    readStdin: () => {
      try {
        return readFileSync(0, 'utf8');
      } catch {
        return '';
      }
    },
    readConnFile: readProcConnFile,
    // A snapshot: process.env calls into the C library on every read, and
    // -R reads it once per line.
    env: { ...process.env },
  };
}

/**
 * Runs one ipvsadm command line in this process with the given streams
 * (what the kernel test harness uses to run many commands per process).
 */
export function run(prog: ProgramName, args: readonly string[], io: Io): number {
  return runWith(prog, args, io, systemDeps());
}

/** Runs the CLI for this process; returns the exit status. */
export function main(argv: readonly string[] = process.argv): number {
  const sink = new StdoutSink(1);
  const prog = lazyProgramName(argv);
  let status: number;
  try {
    status = run(prog, argv.slice(2), processIo(sink));
  } catch (e) {
    // Never a stack trace: one line naming the problem.
    sink.close();
    const what = e instanceof Error ? e.message : String(e);
    process.stderr.write(`${progText(prog)}: internal error: ${what.replace(/\s*\n\s*/g, ' ')}\n`);
    return 70;
  }
  return sink.close() ?? status;
}
