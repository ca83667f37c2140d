// ipvs_init() and the start of main() in ipvsadm.c, with every edge
// injected: open the client (running modprobe once if needed), report
// "Can't initialize ipvs" with status 2, warn on an old kernel IPVS.

import type { IpvsApi } from '../ipvs/client-api.js';
import { IpvsError } from '../ipvs/errors.js';
import { ipvsStrerror } from '../ipvs/strerror.js';
import type { Info } from '../ipvs/types.js';
import { ERRNO } from '../netlink/errors.js';
import type { Names } from '../common/names.js';
import type { ProgramName } from '../common/program-name.js';
import type { Io } from '../ops/io.js';
import type { Session } from '../ops/session.js';

/** The edges of a run, wired by src/entry/system.ts (unit tests pass fakes). */
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

const MIN_IPVS_VERSION = 0x010104;

/**
 * Initialises IPVS as ipvsadm does (modprobe retry, "Can't initialize ipvs"
 * with status 2, the old-version warning), runs body with a session on the
 * open client, and closes it: when body returns, or, when it returns a
 * promise, when that promise settles.
 */
export function withIpvs(prog: ProgramName, io: Io, deps: Deps, body: (session: Session) => number): number;
export function withIpvs(
  prog: ProgramName,
  io: Io,
  deps: Deps,
  body: (session: Session) => number | Promise<number>,
): number | Promise<number>;
export function withIpvs(
  prog: ProgramName,
  io: Io,
  deps: Deps,
  body: (session: Session) => number | Promise<number>,
): number | Promise<number> {
  const init = initialise(deps);
  if ('errno' in init) {
    io.err(
      `Can't initialize ipvs: ${ipvsStrerror('init', init.errno, deps.libcStrerror)}\n` +
        'Are you sure that IP Virtual Server is built in the kernel or as module?\n',
    );
    return 2;
  }
  let closeNow = true;
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
    const status = body(session);
    if (typeof status === 'number') return status;
    closeNow = false;
    return status.finally(() => init.client.close());
  } finally {
    if (closeNow) init.client.close();
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
    return { errno: e.op === 'init' && e.errno === ERRNO.ENOENT ? deps.missingFamilyErrno() : e.errno };
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
