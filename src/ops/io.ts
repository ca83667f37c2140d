// The process edges handed to run(): where text goes and where input comes from.

export interface Io {
  /** Standard output (ipvsadm's fully buffered stdout). */
  out(text: string): void;
  /** Standard error (unbuffered). */
  err(text: string): void;
  /** All of standard input, for -R. */
  readStdin(): string;
  /** Contents of /proc/net/ip_vs_conn, or null when it cannot be opened. */
  readConnFile(): string | null;
  /** Environment (POSIXLY_CORRECT, ...). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** An Io that keeps what is written (in-process runs: -R replay, services, tests). */
export interface CapturedIo {
  readonly io: Io;
  stdout(): string;
  stderr(): string;
}

export function captureIo(
  opts: {
    stdin?: string;
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
      readStdin: () => opts.stdin ?? '',
      readConnFile: opts.readConnFile ?? (() => null),
      env: opts.env ?? {},
    },
    stdout: () => out,
    stderr: () => err,
  };
}
