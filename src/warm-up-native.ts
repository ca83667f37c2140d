// Build time only (scripts/bundle.mjs), after warmUp(): the parts of a real
// run that the stand-in kernel cannot reach — main's wiring, the libc
// binding, the netlink socket — run once in the build's
// process on a real socket, so that the code cache holds them compiled too.
// Without this a small `ipvsadm -Ln` compiled ~40 of the bundle's functions
// on every run (counted with V8's function events in user-mode Linux; see
// docs/performance.md). Only nlctrl, which every Linux has, is asked, and
// only to read: nothing on the build machine changes. Where anything is
// missing (no netlink, another platform) the cache simply
// lacks those functions. Nothing here runs when a command runs.

import { NetlinkSocket } from '../native-bindings/netlink-socket.js';
import { processIo, systemDeps } from './main.js';
import { Conn } from './netlink/conn.js';
import { encodeGetFamily, GENL_ID_CTRL } from './netlink/genl.js';
import { NLM_F } from './netlink/message.js';
import { programName } from './program-name.js';
import { StdoutSink } from './stdout-sink.js';

/**
 * Runs the native path once; outFd takes what a command would write (give
 * it /dev/null). Returns how many nlctrl replies the dump gave
 * (0 when the native path could not run here).
 */
export function warmUpNative(outFd: number): number {
  const sink = new StdoutSink(outFd);
  let seen = 0;
  try {
    processIo(sink).out('');
    programName(['node', '/nonexistent/ipvsadm.js'], { PATH: '/nonexistent' });
    // openClient() opens the socket (and loads koffi and libc) but asks
    // nothing until a request; the client is closed unused.
    systemDeps().openClient().close();
    const sock = new NetlinkSocket({ timeoutMs: 1000 });
    try {
      const conn = new Conn(sock);
      conn.request(GENL_ID_CTRL, NLM_F.REQUEST | NLM_F.ACK, encodeGetFamily('nlctrl'));
      const all = encodeGetFamily('').subarray(0, 4); // CTRL_CMD_GETFAMILY as a dump
      seen = conn.dump(GENL_ID_CTRL, all).length;
    } finally {
      sock.close();
    }
  } catch {
    // a build machine without netlink or koffi: those functions stay out of the cache
  } finally {
    sink.close();
  }
  return seen;
}
