// main() of ipvsadm.c with every edge injected: initialise IPVS (running
// modprobe once if needed), warn on an old kernel IPVS, then run the command.

import type { IpvsApi } from './ipvs/client-api.js';
import { IpvsError } from './ipvs/errors.js';
import { ipvsStrerror } from './ipvs/strerror.js';
import type { Info } from './ipvs/types.js';
import type { Names } from './format/names.js';
import type { Io } from './io.js';
import { listAll } from './ops/list.js';
import { runCommandLine } from './ops/run-command.js';
import type { Session } from './ops/session.js';
import { defaultListFormat } from './cli/parse.js';
import { extensionOf, runOffline } from './ext/hooks.js';
import type { ProgramName } from './program-name.js';

export interface Deps {
  /** Opens the IPVS client (one socket for the whole run). */
  openClient(): IpvsApi;
  readonly names: Names;
  libcStrerror(errno: number): string;
  /** Runs `/sbin/modprobe -- ip_vs`; true when it ran and exited 0. */
  modprobe(): boolean;
  /**
   * The errno to report when the IPVS family does not exist: what libipvs'
   * raw-socket fallback would give (EPERM without CAP_NET_RAW, else ENOPROTOOPT).
   */
  missingFamilyErrno(): number;
}

const ENOENT = 2;
const MIN_IPVS_VERSION = 0x010104;

/** Runs ipvsadm with `args` (argv without argv[0]); returns the exit status. */
export function runWith(prog: ProgramName, args: readonly string[], io: Io, deps: Deps): number {
  // Extensions no ipvsadm has (src/ext): `--json` and `-R --test`. Without
  // those words, args reach ipvsadm's parser untouched.
  const offline = runOffline(prog, args, io, deps);
  if (offline !== undefined) return offline;
  const ext = extensionOf(args);
  return withIpvs(prog, io, deps, (session) => {
    if (ext) return ext(session);
    if (args.length === 0) return listAll(session, defaultListFormat(), false).status;
    return runCommandLine(session, args).status;
  });
}

/**
 * Initialises IPVS as ipvsadm does (modprobe retry, "Can't initialize ipvs"
 * with status 2, the old-version warning), runs body with a session on the
 * open client, and closes it.
 */
export function withIpvs(prog: ProgramName, io: Io, deps: Deps, body: (session: Session) => number): number {
  const init = initialise(deps);
  if ('errno' in init) {
    io.err(
      `Can't initialize ipvs: ${ipvsStrerror('init', init.errno, deps.libcStrerror)}\n` +
        'Are you sure that IP Virtual Server is built in the kernel or as module?\n',
    );
    return 2;
  }
  try {
    if (init.info.version < MIN_IPVS_VERSION) io.err(versionWarning(init.info.version));
    const session: Session = {
      client: init.client,
      info: init.info,
      names: deps.names,
      io,
      prog,
      libcStrerror: deps.libcStrerror,
      lastOp: 'init',
    };
    return body(session);
  } finally {
    init.client.close();
  }
}

// ports ipvs_init() + the modprobe retry in main()
function initialise(deps: Deps): { client: IpvsApi; info: Info } | { errno: number } {
  const first = tryInit(deps);
  if (!('errno' in first)) return first;
  if (!deps.modprobe()) return first;
  return tryInit(deps);
}

function tryInit(deps: Deps): { client: IpvsApi; info: Info } | { errno: number } {
  let client: IpvsApi | undefined;
  try {
    client = deps.openClient();
    return { client, info: client.getInfo() };
  } catch (e) {
    client?.close();
    if (!(e instanceof IpvsError)) throw e;
    // No IPVS family: libipvs falls back to the raw-socket interface, which
    // fails as missingFamilyErrno() says.
    return { errno: e.op === 'init' && e.errno === ENOENT ? deps.missingFamilyErrno() : e.errno };
  }
}

// ports check_ipvs_version()
function versionWarning(v: number): string {
  const text = `${(v >> 16) & 0xff}.${(v >> 8) & 0xff}.${v & 0xff}`;
  return (
    'Warning: IPVS version mismatch: \n' +
    `  Kernel compiled with IPVS version ${text}\n` +
    '  ipvsadm v1.31  requires minimum IPVS version 1.1.4\n\n'
  );
}
