// A shortcut of parseCommandLine() for the lines ipvsadm-save writes, which
// are nearly all of a -R input:
//
//   -A -t|-u A.B.C.D:PORT [-s SCHED] [-p [TIMEOUT]]
//   -a -t|-u A.B.C.D:PORT -r A.B.C.D:PORT [-g|-i|-m] [-w N] [-x N] [-y N]
//
// each option once, every value an ordinary word (numeric IPv4 in canonical
// decimal, a port 1-65535, a lower-case scheduler name, decimal numbers).
// For such a line every check of the full parse passes (the options are
// legal for the command, both addresses IPv4, no tunnel options) and every
// value parser has an obvious answer, so the Command can be built without
// popt's model, the option table or the legality walk. Anything else,
// including every line the full parse would refuse, is declined
// (undefined) and goes the full way. test/unit/cli/parse-simple.test.ts
// holds the two equal on generated lines.

import type { Command } from './command.js';
import { blankDaemon, blankDest, blankService, blankTimeouts, PLAIN_FORMAT } from './parse-state.js';
import { MAX_TIMEOUT, DEFAULT_PERSISTENT_TIMEOUT, v4Bytes } from './values.js';
import type { Daemon, Timeouts } from '../ipvs/types.js';
import { AF_INET, FWD, IPPROTO_TCP, IPPROTO_UDP, SVC_F } from '../ipvs/types.js';

/** A decimal number without sign or leading zeros, up to max; -1 otherwise. */
function plainNumber(s: string, from: number, to: number, max: number): number {
  const n = to - from;
  if (n <= 0 || n > 10) return -1;
  if (n > 1 && s.charCodeAt(from) === 48) return -1;
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v <= max ? v : -1;
}

/** "A.B.C.D:PORT" in canonical decimal, PORT 1-65535: host-order IPv4 and port; else undefined. */
function addrPort(s: string | undefined): { addr: number; port: number } | undefined {
  if (s === undefined) return undefined;
  let at = 0;
  let addr = 0;
  for (let part = 0; part < 4; part++) {
    const stop = part < 3 ? 46 : 58; // '.' after A, B, C; ':' after D
    let end = at;
    while (end < s.length && s.charCodeAt(end) !== stop) end++;
    if (end === s.length) return undefined;
    const v = plainNumber(s, at, end, 255);
    if (v < 0) return undefined;
    addr = addr * 256 + v;
    at = end + 1;
  }
  const port = plainNumber(s, at, s.length, 65535);
  if (port <= 0) return undefined;
  return { addr, port };
}

// -A/-a have no --set or daemon values: one frozen blank each for all of them.
const NO_TIMEOUTS: Timeouts = Object.freeze(blankTimeouts());
const NO_DAEMON: Daemon = Object.freeze(blankDaemon());

/** A scheduler name as written: 1-15 lower-case letters. */
function plainName(s: string | undefined): boolean {
  if (s === undefined || s.length === 0 || s.length > 15) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 97 || c > 122) return false;
  }
  return true;
}

// Option letters seen, one bit each (duplicates are the full parse's error).
const S = 1;
const P = 2;
const R = 4;
const FWD_BIT = 8;
const W = 16;
const X = 32;
const Y = 64;

/** The Command parseCommandLine() would return for args, when args is such a plain line; else undefined. */
export function parseSimple(args: readonly string[]): Command | undefined {
  const c = args[0];
  const service = c === '-A';
  if (!service && c !== '-a') return undefined;
  const t = args[1];
  const protocol = t === '-t' ? IPPROTO_TCP : t === '-u' ? IPPROTO_UDP : 0;
  const vip = protocol === 0 ? undefined : addrPort(args[2]);
  if (vip === undefined) return undefined;
  const svc = blankService();
  const dest = blankDest();
  svc.af = AF_INET;
  svc.protocol = protocol;
  svc.addr = v4Bytes(vip.addr);
  svc.port = vip.port;
  let seen = 0;
  for (let i = 3; i < args.length; i++) {
    const w = args[i];
    const v = args[i + 1];
    let bit: number;
    if (service) {
      if (w === '-s') {
        if (!plainName(v)) return undefined;
        svc.schedName = v as string;
        bit = S;
        i++;
      } else if (w === '-p') {
        // an optional argument: the next word unless there is none or it starts with '-'
        let timeout = DEFAULT_PERSISTENT_TIMEOUT;
        if (v !== undefined && !v.startsWith('-')) {
          timeout = plainNumber(v, 0, v.length, MAX_TIMEOUT);
          if (timeout < 1) return undefined;
          i++;
        }
        svc.flags |= SVC_F.PERSISTENT;
        svc.timeout = timeout;
        bit = P;
      } else {
        return undefined;
      }
    } else if (w === '-r') {
      const rip = addrPort(v);
      if (rip === undefined) return undefined;
      dest.af = AF_INET;
      dest.addr = v4Bytes(rip.addr);
      dest.port = rip.port;
      bit = R;
      i++;
    } else if (w === '-m' || w === '-g' || w === '-i') {
      dest.fwdMethod = w === '-m' ? FWD.MASQ : w === '-g' ? FWD.DROUTE : FWD.TUNNEL;
      bit = FWD_BIT;
    } else if (w === '-w' || w === '-x' || w === '-y') {
      const n = v === undefined ? -1 : plainNumber(v, 0, v.length, 2147483647);
      if (n < 0) return undefined;
      if (w === '-w') dest.weight = n;
      else if (w === '-x') dest.uThreshold = n;
      else dest.lThreshold = n;
      bit = w === '-w' ? W : w === '-x' ? X : Y;
      i++;
    } else {
      return undefined;
    }
    if ((seen & bit) !== 0) return undefined;
    seen |= bit;
  }
  if (service) {
    if (svc.schedName === '') svc.schedName = 'wlc';
  } else {
    if ((seen & R) === 0) return undefined; // -r is required
    if (dest.fwdMethod === FWD.TUNNEL || dest.fwdMethod === FWD.DROUTE) dest.port = svc.port;
  }
  return {
    name: service ? 'add-service' : 'add-server',
    service: svc,
    serviceGiven: true,
    dest,
    timeouts: NO_TIMEOUTS,
    daemon: NO_DAEMON,
    format: PLAIN_FORMAT,
  };
}
