// Build time only (scripts/bundle.mjs): runs the usual command lines once
// in the build's process against a stand-in for the kernel, so that the V8
// code cache taken of a bundle afterwards holds the functions they run
// already compiled. Without it the cache has only what the bundle's top
// level compiled, and each command compiles the rest as it first calls it:
// in user-mode Linux that was ~8% of a small command's time (see
// docs/performance.md). Nothing here runs when a command runs.

import { runWith } from './app.js';
import { noNames } from './format/names.js';
import type { Io } from './io.js';
import { IpvsClient } from './ipvs/client.js';
import type { Transport } from './netlink/transport.js';
import { StdoutSink } from './stdout-sink.js';

/** The lines run, in order, on one stand-in kernel: they build a table, list it every way, change it, restore and clear it. */
export const WARM_UP_LINES: readonly (readonly string[])[] = [
  ['-A', '-t', '10.0.0.1:80', '-s', 'rr'],
  ['-A', '-u', '10.0.0.2:53', '-s', 'wlc', '-p', '300'],
  ['-a', '-t', '10.0.0.1:80', '-r', '10.1.0.1:80', '-m', '-w', '2'],
  ['-a', '-t', '10.0.0.1:80', '-r', '10.1.0.2:80', '-g'],
  ['--add-server', '--tcp-service', '10.0.0.1:80', '--real-server', '10.1.0.3:80', '--weight', '3', '--ipip'],
  ['-e', '-t', '10.0.0.1:80', '-r', '10.1.0.2:80', '-g', '-w', '5'],
  ['-E', '-t', '10.0.0.1:80', '-s', 'wrr'],
  ['-L'],
  ['-Ln'],
  ['-Ln', '--stats'],
  ['-Ln', '--rate'],
  ['-Ln', '--exact'],
  ['-Ln', '--thresholds'],
  ['-Ln', '--persistent-conn'],
  ['-Ln', '--tun-info'],
  ['-Ln', '-t', '10.0.0.1:80'],
  ['-S'],
  ['-Sn'],
  ['-Ln', '--timeout'],
  ['-Ln', '--daemon'],
  ['-Lnc'],
  ['-Z'],
  ['--set', '900', '120', '300'],
  ['-d', '-t', '10.0.0.1:80', '-r', '10.1.0.3:80'],
  ['-D', '-u', '10.0.0.2:53'],
  ['-R'],
  ['-C'],
  [],
];

/** What -R reads in the warm-up: ipvsadm-save's lines. */
const RESTORE_TEXT = '-A -t 10.0.0.5:80 -s wlc\n-a -t 10.0.0.5:80 -r 10.1.0.5:8080 -m -w 1\n-a -t 10.0.0.5:80 -r 10.1.0.6:8080 -m -w 1\n';

/** A /proc/net/ip_vs_conn with one entry, for -Lnc. */
const CONN_TEXT =
  'Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n' +
  'TCP 0A000001 0050 0A000001 0050 0A010001 0050 ESTABLISHED     899\n';

/**
 * Runs each line on the kernel `transport()` stands in for, output to
 * outFd through the CLI's stdout sink (give it /dev/null), errors dropped.
 */
export function warmUp(transport: () => Transport, outFd: number, lines: readonly (readonly string[])[] = WARM_UP_LINES): void {
  const kernel = transport();
  const sink = new StdoutSink(outFd);
  const io: Io = {
    out: (text) => sink.write(text),
    err: () => undefined,
    readStdin: () => RESTORE_TEXT,
    readConnFile: () => CONN_TEXT,
    env: {},
  };
  const deps = {
    openClient: () => new IpvsClient(kernel),
    names: noNames,
    libcStrerror: (errno: number) => `errno ${errno}`,
    modprobe: () => false,
    missingFamilyErrno: () => 92,
  };
  for (const args of lines) runWith('ipvsadm', args, io, deps);
  sink.close();
}
