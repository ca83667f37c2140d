// `ipvsadm-restore --apply --drain`: a plan reordered so that nothing the
// file removes is deleted while it still carries connections.
//
// Each real server the file removes (-d), and each real server of a service
// it removes (-D), is first edited to weight 0 (its other settings kept:
// the scheduler sends it no new connection); then the rest of the plan
// (edits and additions) runs; the caller waits until those servers have no
// active and no inactive connections left; then the deletions run, in plan
// order. Pure but for connectionsLeft, which reads the kernel's servers.

import type { IpvsApi } from '../ipvs/client-api.js';
import type { Dest, Service } from '../ipvs/types.js';
import { noNames } from '../common/names.js';
import { addrportToAnyname } from '../format/address.js';
import { destKeyOf, serviceKeyOf } from './check.js';
import type { PlanOp } from './plan.js';
import type { TableEntry } from './table.js';

/** A real server being drained, with the service it belongs to. */
export interface DrainTarget {
  readonly svc: Service;
  readonly dest: Dest;
}

export interface DrainPlan {
  /** Weight-0 edits of the drained servers, then the plan's edits and additions in plan order. */
  readonly before: readonly PlanOp[];
  /** The servers waited for (those whose weight is already 0 included). */
  readonly watched: readonly DrainTarget[];
  /** The plan's deletions, in plan order: run after the wait. */
  readonly after: readonly PlanOp[];
}

/** The plan for --drain; `current` is the table the plan was computed from. */
export function drainPlan(plan: readonly PlanOp[], current: readonly TableEntry[]): DrainPlan {
  const byKey = new Map(current.map((e) => [serviceKeyOf(e.service), e]));
  const watched: DrainTarget[] = [];
  const rest: PlanOp[] = [];
  const after: PlanOp[] = [];
  for (const op of plan) {
    if (op.op === 'del-dest') {
      watched.push({ svc: op.svc, dest: op.dest });
      after.push(op);
    } else if (op.op === 'del-service') {
      for (const dest of byKey.get(serviceKeyOf(op.svc))?.dests ?? []) watched.push({ svc: op.svc, dest });
      after.push(op);
    } else {
      rest.push(op);
    }
  }
  const zero: PlanOp[] = watched
    .filter((t) => t.dest.weight !== 0)
    .map((t) => ({ op: 'edit-dest', svc: t.svc, dest: { ...t.dest, weight: 0 } }));
  return { before: [...zero, ...rest], watched, after };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The line --dry-run and -v show where the wait happens. */
export function drainWaitLine(servers: number, seconds: number): string {
  return `# drain: wait until ${plural(servers, 'server')} ${servers === 1 ? 'has' : 'have'} no connections (at most ${seconds} s)`;
}

/** The progress text: `draining: 2 servers, 5 connections, 280 s left`. */
export function drainProgress(servers: number, conns: number, secondsLeft: number): string {
  return `draining: ${plural(servers, 'server')}, ${plural(conns, 'connection')}, ${secondsLeft} s left`;
}

/** `2 servers with 5 connections`, for the timeout message. */
export function serversWithConns(servers: number, conns: number): string {
  return `${plural(servers, 'server')} with ${plural(conns, 'connection')}`;
}

/** `10.0.0.1:80 -> 10.0.1.2:80` (numeric; `FWM 3 -> …` for a fwmark service). */
export function drainTargetText(t: DrainTarget): string {
  const s = t.svc;
  const svc = s.fwmark ? `FWM ${s.fwmark >>> 0}` : addrportToAnyname(s.af, s.addr, s.port, s.protocol, true, noNames);
  return `${svc} -> ${addrportToAnyname(t.dest.af, t.dest.addr, t.dest.port, s.protocol, true, noNames)}`;
}

/**
 * How many of the watched servers still have connections, and how many
 * (ActiveConn + InActConn) they have, as the kernel reports now. A server,
 * or a service, that is gone counts as drained. Throws IpvsError when the
 * kernel cannot be read.
 */
export function connectionsLeft(client: IpvsApi, watched: readonly DrainTarget[]): { servers: number; conns: number } {
  const bySvc = new Map<string, { svc: Service; dests: Set<string> }>();
  for (const t of watched) {
    const k = serviceKeyOf(t.svc);
    const e = bySvc.get(k) ?? { svc: t.svc, dests: new Set<string>() };
    e.dests.add(destKeyOf(t.dest));
    bySvc.set(k, e);
  }
  let servers = 0;
  let conns = 0;
  for (const { svc, dests } of bySvc.values()) {
    // The kernel dumps no server for a service that is gone.
    for (const d of client.getDests(svc)) {
      const n = d.activeConns + d.inactConns;
      if (dests.has(destKeyOf(d)) && n > 0) {
        servers++;
        conns += n;
      }
    }
  }
  return { servers, conns };
}
