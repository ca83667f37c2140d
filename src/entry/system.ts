// The composition root: the only module that wires native-bindings, the
// process streams and files into the programs of src/app.

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { libcNames, libcStrerror } from '../../native-bindings/names.js';
import { canOpenRawSocket, keepFreedMemory } from '../../native-bindings/libc.js';
import type { DrainEdges, StopSignal } from '../app/drain-wait.js';
import type { Deps } from '../app/init.js';
import { CONN_PROC_FILE } from '../common/conn-text.js';
import { ERRNO } from '../netlink/errors.js';
import { openIpvs } from '../library.js';
import type { Io } from '../ops/io.js';
import { readAllText } from './read-all.js';
import type { ProcessStreams } from './streams.js';

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
    missingFamilyErrno: () => (canOpenRawSocket() ? ERRNO.ENOPROTOOPT : ERRNO.EPERM),
  };
}

/** /proc/net/ip_vs_conn of this network namespace, or null when it cannot be read. */
export function readProcConnFile(): string | null {
  try {
    return readFileSync(CONN_PROC_FILE, 'utf8');
  } catch {
    return null;
  }
}

/**
 * Process I/O for one run: stdout buffered like C stdio (StdoutSink),
 * stderr written at once (StderrSink), standard input read whole or an
 * InputError.
 */
export function processIo(streams: ProcessStreams): Io {
  return {
    out: (text) => streams.out.write(text),
    err: (text) => {
      streams.out.flushIfTerminal();
      streams.err.write(text);
    },
    flushOut: () => streams.out.flush(),
    readStdin: () => readAllText(0, 'standard input', libcStrerror),
    readConnFile: readProcConnFile,
    // A snapshot: -R reads the environment once per line.
    env: { ...process.env },
  };
}

/** True when the descriptor is a terminal (node:tty is loaded only when asked). */
export function isTerminal(fd: number): boolean {
  const { isatty } = createRequire(import.meta.url)('node:tty') as typeof import('node:tty');
  return isatty(fd);
}

/** The process's clock, timers and SIGINT / SIGTERM, polling every second, for `--drain`. */
export function processDrainEdges(): DrainEdges {
  return {
    now: () => performance.now(),
    sleep: (ms, stop) =>
      new Promise<void>((resolve) => {
        if (stop.aborted) return resolve();
        const done = (): void => {
          clearTimeout(timer);
          stop.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        stop.addEventListener('abort', done, { once: true });
      }),
    watchSignals: (onSignal) => {
      const handlers = (['SIGINT', 'SIGTERM'] as const).map((sig: StopSignal) => [sig, () => onSignal(sig)] as const);
      for (const [sig, h] of handlers) process.on(sig, h);
      return () => {
        for (const [sig, h] of handlers) process.off(sig, h);
      };
    },
    pollMs: 1000,
  };
}
