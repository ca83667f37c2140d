// `ipvsadm-restore --apply`: bring the kernel's virtual-server table to what
// a rules file describes with the fewest operations, never flushing.
// Pure: the table in, the plan out (plus a small apply loop over IpvsApi).
//
// Plan order: services that are gone (-D, which takes their servers with
// them), then for each kept service -E if it changed, -d for its servers
// that are gone, -e for changed ones, -a for new ones; then new services,
// each -A followed by its -a lines. Deleting first frees nothing the kernel
// counts, but keeps the plan readable and the "gone" part first.

import type { IpvsApi } from '../ipvs/client-api.js';
import { IpvsError, type IpvsOp } from '../ipvs/errors.js';
import type { Op } from '../ipvs/operations.js';
import { addrportToAnyname } from '../format/address.js';
import { noNames } from '../common/names.js';
import { formatSaveDest, formatSaveService, saveServiceName } from '../format/save.js';
import {
  FWD,
  FWD_MASK,
  SVC_F,
  type Dest,
  type DestEntry,
  type Service,
  type ServiceEntry,
  type Stats,
} from '../ipvs/types.js';
import type { Command } from '../cli/command.js';
import { checkRules, destKeyOf, serviceKeyOf, type CheckOptions } from './check.js';
import type { TableEntry } from './table.js';
import { directorFromCommands, type DesiredDirector } from './director.js';

/** The table a rules file describes. */
export type DesiredTable = readonly TableEntry[];

/** The operations a plan is made of: services and servers added, edited or deleted. */
export type PlanOp = Extract<Op, { readonly svc: Service }>;

/**
 * The desired table of a rules file: only -A and -a lines (what
 * ipvsadm-save writes), and --set and --start-daemon lines (what
 * `ipvsadm-save --all` adds: the director, see director.ts) are accepted;
 * every other command, every parse error and every line the kernel would
 * refuse on an empty table is a problem. The result is only meaningful
 * when there are no problems.
 */
export function desiredFromRules(
  text: string,
  opts: Omit<CheckOptions, 'simulate'>,
): { table: DesiredTable; director: DesiredDirector; problems: string[] } {
  const r = checkRules(text, { ...opts, simulate: true });
  const problems = [...r.problems];
  const byKey = new Map<string, { service: Service; dests: Dest[] }>();
  const order: { service: Service; dests: Dest[] }[] = [];
  const directorCmds: Command[] = [];
  for (const { lineNo, words, command: cmd } of r.commands) {
    if (cmd.name === 'add-service') {
      const e = { service: cmd.service, dests: [] as Dest[] };
      if (!byKey.has(serviceKeyOf(cmd.service))) {
        byKey.set(serviceKeyOf(cmd.service), e);
        order.push(e);
      }
    } else if (cmd.name === 'add-server') {
      byKey.get(serviceKeyOf(cmd.service))?.dests.push(cmd.dest);
    } else if (cmd.name === 'set' || cmd.name === 'start-daemon') {
      directorCmds.push(cmd);
    } else {
      problems.push(
        `${opts.file}:${lineNo}: only -A, -a, --set and --start-daemon lines can be applied: ${words.join(' ')}`,
      );
    }
  }
  const lineOf = (p: string): number => Number(/:(\d+): /.exec(p)?.[1] ?? 0);
  problems.sort((a, b) => lineOf(a) - lineOf(b));
  return { table: order, director: directorFromCommands(directorCmds), problems };
}

const SVC_COMPARED = ~SVC_F.HASHED;

/** True when an -E is needed to turn `have` into `want`. */
export function serviceDiffers(have: Service, want: Service): boolean {
  if (have.schedName !== want.schedName || have.peName !== want.peName) return true;
  if ((have.flags & SVC_COMPARED) !== (want.flags & SVC_COMPARED)) return true;
  if (want.flags & SVC_F.PERSISTENT) {
    if (have.timeout !== want.timeout || have.netmask >>> 0 !== want.netmask >>> 0) return true;
  }
  return false;
}

/** True when an -e is needed to turn `have` into `want`. */
export function destDiffers(have: Dest, want: Dest): boolean {
  const fwd = want.fwdMethod & FWD_MASK;
  if ((have.fwdMethod & FWD_MASK) !== fwd) return true;
  if (have.weight !== want.weight || have.uThreshold !== want.uThreshold || have.lThreshold !== want.lThreshold) {
    return true;
  }
  if (fwd === FWD.TUNNEL) {
    if (have.tunType !== want.tunType || have.tunFlags !== want.tunFlags) return true;
    if ((have.tunPort & 0xffff) !== (want.tunPort & 0xffff)) return true;
  }
  return false;
}

/** The fewest operations turning `current` into `desired`; see the file comment for the order. */
export function computePlan(current: readonly TableEntry[], desired: DesiredTable): PlanOp[] {
  const want = new Map(desired.map((e) => [serviceKeyOf(e.service), e]));
  const have = new Map(current.map((e) => [serviceKeyOf(e.service), e]));
  const ops: PlanOp[] = [];
  for (const e of current) {
    if (!want.has(serviceKeyOf(e.service))) ops.push({ op: 'del-service', svc: e.service });
  }
  for (const w of desired) {
    const h = have.get(serviceKeyOf(w.service));
    if (!h) continue;
    if (serviceDiffers(h.service, w.service)) ops.push({ op: 'edit-service', svc: w.service });
    const wantDests = new Map(w.dests.map((d) => [destKeyOf(d), d]));
    const haveDests = new Map(h.dests.map((d) => [destKeyOf(d), d]));
    for (const d of h.dests) {
      if (!wantDests.has(destKeyOf(d))) ops.push({ op: 'del-dest', svc: w.service, dest: d });
    }
    for (const d of w.dests) {
      const hd = haveDests.get(destKeyOf(d));
      if (hd && destDiffers(hd, d)) ops.push({ op: 'edit-dest', svc: w.service, dest: d });
    }
    for (const d of w.dests) {
      if (!haveDests.has(destKeyOf(d))) ops.push({ op: 'add-dest', svc: w.service, dest: d });
    }
  }
  for (const w of desired) {
    if (have.has(serviceKeyOf(w.service))) continue;
    ops.push({ op: 'add-service', svc: w.service });
    for (const d of w.dests) ops.push({ op: 'add-dest', svc: w.service, dest: d });
  }
  return ops;
}

const ZERO: Stats = { conns: 0n, inpkts: 0n, outpkts: 0n, inbytes: 0n, outbytes: 0n, cps: 0n, inpps: 0n, outpps: 0n, inbps: 0n, outbps: 0n };
const entry = (s: Service): ServiceEntry => ({ ...s, stats: ZERO });
const destEntry = (d: Dest): DestEntry => ({ ...d, activeConns: 0, inactConns: 0, persistConns: 0, stats: ZERO });

/** The ipvsadm command line of one operation, in -Sn syntax (thresholds added as -x/-y when set). */
export function planLine(op: PlanOp): string {
  const svc = entry(op.svc);
  switch (op.op) {
    case 'add-service':
    case 'edit-service': {
      const line = formatSaveService(svc, true, noNames).replace(/\n$/, '');
      return op.op === 'add-service' ? line : `-E${line.slice(2)}`;
    }
    case 'del-service':
      return `-D ${saveServiceName(svc, true, noNames)}`;
    case 'del-dest':
      return `-d ${saveServiceName(svc, true, noNames)} -r ${addrportToAnyname(op.dest.af, op.dest.addr, op.dest.port, svc.protocol, true, noNames)}`;
    case 'add-dest':
    case 'edit-dest': {
      let line = formatSaveDest(svc, destEntry(op.dest), true, noNames).replace(/\n$/, '');
      if (op.dest.uThreshold) line += ` -x ${op.dest.uThreshold}`;
      if (op.dest.lThreshold) line += ` -y ${op.dest.lThreshold}`;
      return op.op === 'add-dest' ? line : `-e${line.slice(2)}`;
    }
  }
}

export interface ApplyResult {
  /** How many operations took effect (a prefix of the plan). */
  readonly applied: number;
  /** The operation that failed, with its errno; absent when all were applied. */
  readonly failure?: { readonly index: number; readonly op: IpvsOp; readonly errno: number };
}

/** Applies the plan in order, stopping at the first failure. */
export function applyPlan(client: IpvsApi, ops: readonly PlanOp[]): ApplyResult {
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    try {
      client.apply(op);
    } catch (e) {
      if (!(e instanceof IpvsError)) throw e;
      return { applied: i, failure: { index: i, op: op.op, errno: e.errno } };
    }
  }
  return { applied: ops.length };
}
