// The process edges handed to run(): where text goes and where input comes from.

export interface Io {
  /** Standard output (ipvsadm's fully buffered stdout). */
  out(text: string): void;
  /** Standard error (unbuffered). */
  err(text: string): void;
  /**
   * All of standard input, for -R. Throws InputError when it cannot be read
   * completely: a failed read never looks like a short or empty input.
   */
  readStdin(): string;
  /** Contents of /proc/net/ip_vs_conn, or null when it cannot be opened. */
  readConnFile(): string | null;
  /** Environment (POSIXLY_CORRECT, ...). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Writes out what standard output holds, before a long wait (absent: nothing is held). */
  flushOut?(): void;
}

/** An input (standard input, a rules file) that could not be read completely. */
export class InputError extends Error {
  /**
   * @param what   what was being read: 'standard input', a file name
   * @param reason why, as strerror() says it (`Is a directory`) or in words
   */
  constructor(
    readonly what: string,
    readonly reason: string,
  ) {
    super(`cannot read ${what}: ${reason}`);
    this.name = 'InputError';
  }
}

/** The exit status of a run whose input could not be read (nothing was changed). */
export const INPUT_ERROR_STATUS = 2;

/**
 * All of standard input, or undefined after printing
 * `<prog>: cannot read standard input: <reason>` when it cannot be read
 * completely (the caller then changes nothing and exits INPUT_ERROR_STATUS).
 */
export function readStdinOrReport(io: Io, prog: string): string | undefined {
  try {
    return io.readStdin();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    io.err(`${prog}: ${e.message}\n`);
    return undefined;
  }
}

/** An Io that keeps what is written (in-process runs: -R replay, services, tests). */
export interface CapturedIo {
  readonly io: Io;
  stdout(): string;
  stderr(): string;
}

export function captureIo(
  opts: {
    /** Standard input, or the InputError reading it gives. */
    stdin?: string | InputError;
    env?: Readonly<Record<string, string | undefined>>;
    readConnFile?: () => string | null;
  } = {},
): CapturedIo {
  let out = '';
  let err = '';
  return {
    io: {
      out: (t) => void (out += t),
      err: (t) => void (err += t),
      readStdin: () => {
        if (opts.stdin instanceof InputError) throw opts.stdin;
        return opts.stdin ?? '';
      },
      readConnFile: opts.readConnFile ?? (() => null),
      env: opts.env ?? {},
    },
    stdout: () => out,
    stderr: () => err,
  };
}
