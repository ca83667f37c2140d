// A tiny in-memory kernel behind Transport: the generic netlink controller
// (resolves "IPVS" to family 0x25) and IPVS with the rules of spec §10 for
// services, destinations, timeouts and daemons. Replies echo each request's
// sequence number and carry the socket's port id, like the kernel.

import { AttrTable } from '../../../src/netlink/attr-reader.js';
import { AttrWriter } from '../../../src/netlink/attr-writer.js';
import { SyscallError } from '../../../src/netlink/errors.js';
import { CTRL_ATTR, CTRL_CMD, encodeGenl, GENL_ID_CTRL, parseGenl } from '../../../src/netlink/genl.js';
import { encodeMessage, type Message, NLM_F, NLMSG, parseMessages } from '../../../src/netlink/message.js';
import { writeS32 } from './bytes-extra.js';
import type { Transport } from '../../../src/netlink/transport.js';
import { CMD, CMD_ATTR, DAEMON_ATTR, DEST_ATTR, INFO_ATTR, STATS_ATTR, SVC_ATTR } from '../../../src/ipvs/constants.js';
import type { Stats } from '../../../src/ipvs/types.js';

export const FAKE_FAMILY = 0x25;
const E = { ENOENT: 2, ESRCH: 3, EEXIST: 17, EINVAL: 22, ERANGE: 34 } as const;
const SCHEDULERS = new Set(['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'fo', 'ovf', 'mh', 'none']);

export interface FakeService {
  key: string;
  attrs: Map<number, Uint8Array>; // raw SERVICE attrs as last set
  flags: number;
  stats: Stats;
  dests: FakeDest[]; // newest first
}
export interface FakeDest {
  key: string;
  attrs: Map<number, Uint8Array>;
  stats: Stats;
}

export interface FakeKernelOptions {
  portId?: number;
  /** false: the controller answers ENOENT for "IPVS". */
  ipvs?: boolean;
  /** Dump messages per datagram (default 2, so dumps span datagrams). */
  perDatagram?: number;
  /** Mark this many dumps with NLM_F_DUMP_INTR. */
  interruptDumps?: number;
}

const zeroStats: Stats = { conns: 0n, inpkts: 0n, outpkts: 0n, inbytes: 0n, outbytes: 0n, cps: 0n, inpps: 0n, outpps: 0n, inbps: 0n, outbps: 0n };

function attrMap(buf: Uint8Array): Map<number, Uint8Array> {
  const t = new AttrTable(buf);
  const m = new Map<number, Uint8Array>();
  for (let i = 1; i < 20; i++) if (t.has(i)) m.set(i, t.raw(i));
  return m;
}
const hex = (b: Uint8Array | undefined): string => (b ? Buffer.from(b).toString('hex') : '-');
const u32 = (b: Uint8Array | undefined): number => (b ? new DataView(b.buffer, b.byteOffset).getUint32(0, true) : 0);

function writeStats(w: AttrWriter, type: number, s: Stats, wide: boolean): void {
  w.nest(type, (n) => {
    const v = [s.conns, s.inpkts, s.outpkts, s.inbytes, s.outbytes, s.cps, s.inpps, s.outpps, s.inbps, s.outbps];
    v.forEach((x, i) => {
      const t = i + 1;
      if (wide || t === STATS_ATTR.INBYTES || t === STATS_ATTR.OUTBYTES) n.u64(t, x);
      else n.u32(t, Number(x & 0xffffffffn));
    });
  });
}

export class FakeKernel implements Transport {
  readonly portId: number;
  readonly sent: Uint8Array[] = [];
  readonly services: FakeService[] = [];
  timeouts = { tcp: 900, tcpFin: 120, udp: 300 };
  daemons: Map<number, Map<number, Uint8Array>> = new Map();
  closed = false;
  private queue: Uint8Array[] = [];
  private interrupts: number;

  constructor(private readonly opts: FakeKernelOptions = {}) {
    this.portId = opts.portId ?? 1234;
    this.interrupts = opts.interruptDumps ?? 0;
  }

  send(datagram: Uint8Array): void {
    // The sender may reuse the bytes after the call (Transport.send): what is kept is a copy.
    const copy = datagram.slice();
    this.sent.push(copy);
    for (const m of parseMessages(copy)) this.handle(m);
  }

  receive(): Uint8Array {
    const d = this.queue.shift();
    if (d === undefined) throw new SyscallError('recv', 11); // EAGAIN: the timeout
    return d;
  }

  close(): void {
    this.closed = true;
  }

  /** Queues one datagram (tests use it to inject raw replies). */
  push(datagram: Uint8Array): void {
    this.queue.push(datagram);
  }

  private reply(req: Message, type: number, flags: number, payload: Uint8Array): Uint8Array {
    return encodeMessage({ type, flags, seq: req.seq, pid: this.portId }, payload);
  }

  private ack(req: Message, errno: number): void {
    const p = new Uint8Array(4 + 16);
    writeS32(p, 0, -errno);
    p.set(encodeMessage(req, new Uint8Array(0)).subarray(0, 16), 4);
    this.push(this.reply(req, NLMSG.ERROR, errno ? 0 : NLM_F.CAPPED, p));
  }

  private handle(m: Message): void {
    if (m.type === GENL_ID_CTRL) return this.ctrl(m);
    if (m.type !== FAKE_FAMILY || this.opts.ipvs === false) return this.ack(m, E.ENOENT);
    const g = parseGenl(m.payload);
    const dump = (m.flags & NLM_F.DUMP) === NLM_F.DUMP;
    try {
      const data = this.ipvs(g.cmd, new AttrTable(g.attrs), dump);
      if (dump) this.dump(m, data ?? []);
      else {
        for (const d of data ?? []) this.push(this.reply(m, FAKE_FAMILY, 0, d));
        if (m.flags & NLM_F.ACK) this.ack(m, 0);
      }
    } catch (e) {
      if (typeof e !== 'number') throw e;
      this.ack(m, e);
    }
  }

  private dump(m: Message, data: Uint8Array[]): void {
    const per = this.opts.perDatagram ?? 2;
    const intr = this.interrupts > 0 ? NLM_F.DUMP_INTR : 0;
    if (intr) this.interrupts--;
    const msgs = data.map((d) => this.reply(m, FAKE_FAMILY, NLM_F.MULTI | intr, d));
    msgs.push(this.reply(m, NLMSG.DONE, NLM_F.MULTI | intr, new Uint8Array(4)));
    for (let i = 0; i < msgs.length; i += per) this.push(Buffer.concat(msgs.slice(i, i + per)));
  }

  private ctrl(m: Message): void {
    const g = parseGenl(m.payload);
    const name = new AttrTable(g.attrs).str(CTRL_ATTR.FAMILY_NAME);
    if (g.cmd !== CTRL_CMD.GETFAMILY || name !== 'IPVS' || this.opts.ipvs === false) return this.ack(m, E.ENOENT);
    const w = new AttrWriter().str(CTRL_ATTR.FAMILY_NAME, 'IPVS').u16(CTRL_ATTR.FAMILY_ID, FAKE_FAMILY);
    w.u32(CTRL_ATTR.VERSION, 1).u32(CTRL_ATTR.HDRSIZE, 0).u32(CTRL_ATTR.MAXATTR, 6);
    this.push(this.reply(m, GENL_ID_CTRL, 0, encodeGenl(CTRL_CMD.NEWFAMILY, 2, w.finish())));
    this.ack(m, 0);
  }

  private svcKey(a: Map<number, Uint8Array>): string {
    if (!a.has(SVC_ATTR.AF)) throw E.EINVAL;
    if (a.has(SVC_ATTR.FWMARK)) return `${hex(a.get(SVC_ATTR.AF))}/fw${hex(a.get(SVC_ATTR.FWMARK))}`;
    if (!a.has(SVC_ATTR.PROTOCOL) || !a.has(SVC_ATTR.ADDR) || !a.has(SVC_ATTR.PORT)) throw E.EINVAL;
    return [SVC_ATTR.AF, SVC_ATTR.PROTOCOL, SVC_ATTR.ADDR, SVC_ATTR.PORT].map((t) => hex(a.get(t))).join('/');
  }

  private findSvc(t: AttrTable): { a: Map<number, Uint8Array>; svc: FakeService | undefined } {
    if (!t.has(CMD_ATTR.SERVICE)) throw E.EINVAL;
    const a = attrMap(t.raw(CMD_ATTR.SERVICE));
    const key = this.svcKey(a);
    return { a, svc: this.services.find((s) => s.key === key) };
  }

  private ipvs(cmd: number, t: AttrTable, dump: boolean): Uint8Array[] | void {
    switch (cmd) {
      case CMD.GET_INFO:
        return [encodeGenl(CMD.SET_INFO, 1, new AttrWriter().u32(INFO_ATTR.VERSION, 0x010201).u32(INFO_ATTR.CONN_TAB_SIZE, 4096).finish())];
      case CMD.FLUSH:
        this.services.length = 0;
        return;
      case CMD.NEW_SERVICE:
      case CMD.SET_SERVICE: {
        const { a, svc } = this.findSvc(t);
        for (const r of [SVC_ATTR.SCHED_NAME, SVC_ATTR.FLAGS, SVC_ATTR.TIMEOUT, SVC_ATTR.NETMASK]) if (!a.has(r)) throw E.EINVAL;
        if (cmd === CMD.NEW_SERVICE && svc) throw E.EEXIST;
        if (cmd === CMD.SET_SERVICE && !svc) throw E.ESRCH;
        const sched = new TextDecoder().decode(a.get(SVC_ATTR.SCHED_NAME)).replace(/\0.*$/s, '');
        if (!SCHEDULERS.has(sched)) throw E.ENOENT;
        const flags = u32(a.get(SVC_ATTR.FLAGS)) | 0x2;
        if (svc) Object.assign(svc, { attrs: a, flags });
        else this.services.push({ key: this.svcKey(a), attrs: a, flags, stats: zeroStats, dests: [] });
        return;
      }
      case CMD.DEL_SERVICE: {
        const { svc } = this.findSvc(t);
        if (!svc) throw E.ESRCH;
        this.services.splice(this.services.indexOf(svc), 1);
        return;
      }
      case CMD.ZERO: {
        if (!t.has(CMD_ATTR.SERVICE)) {
          for (const s of this.services) s.stats = zeroStats;
          return;
        }
        const { svc } = this.findSvc(t);
        if (!svc) throw E.ESRCH;
        svc.stats = zeroStats;
        return;
      }
      case CMD.GET_SERVICE: {
        if (dump) return this.services.map((s) => this.svcReply(s));
        const { svc } = this.findSvc(t);
        if (!svc) throw E.ESRCH;
        return [this.svcReply(svc)];
      }
      case CMD.NEW_DEST:
      case CMD.SET_DEST:
      case CMD.DEL_DEST:
        return this.destCmd(cmd, t);
      case CMD.GET_DEST: {
        const { svc } = this.findSvc(t);
        return (svc?.dests ?? []).map((d) => this.destReply(d));
      }
      case CMD.SET_TIMEOUT: {
        const v = (x: number, old: number): number => (t.has(x) && t.u32(x) ? t.u32(x) : old);
        this.timeouts = { tcp: v(CMD_ATTR.TIMEOUT_TCP, this.timeouts.tcp), tcpFin: v(CMD_ATTR.TIMEOUT_TCP_FIN, this.timeouts.tcpFin), udp: v(CMD_ATTR.TIMEOUT_UDP, this.timeouts.udp) };
        return;
      }
      case CMD.GET_TIMEOUT: {
        const w = new AttrWriter().u32(CMD_ATTR.TIMEOUT_TCP, this.timeouts.tcp).u32(CMD_ATTR.TIMEOUT_TCP_FIN, this.timeouts.tcpFin).u32(CMD_ATTR.TIMEOUT_UDP, this.timeouts.udp);
        return [encodeGenl(CMD.SET_TIMEOUT, 1, w.finish())];
      }
      case CMD.NEW_DAEMON:
      case CMD.DEL_DAEMON: {
        if (!t.has(CMD_ATTR.DAEMON)) throw E.EINVAL;
        const a = attrMap(t.raw(CMD_ATTR.DAEMON));
        const state = u32(a.get(DAEMON_ATTR.STATE));
        if (cmd === CMD.DEL_DAEMON) {
          if (!this.daemons.delete(state)) throw E.ESRCH;
          return;
        }
        if (!a.has(DAEMON_ATTR.MCAST_IFN) || !a.has(DAEMON_ATTR.SYNC_ID)) throw E.EINVAL;
        if (this.daemons.has(state)) throw E.EEXIST;
        this.daemons.set(state, a);
        return;
      }
      case CMD.GET_DAEMON:
        return [...this.daemons.keys()].sort().map((s) => {
          const a = this.daemons.get(s) as Map<number, Uint8Array>;
          const w = new AttrWriter().nest(CMD_ATTR.DAEMON, (n) => {
            for (const [k, v] of a) n.bytes(k, v);
          });
          return encodeGenl(CMD.NEW_DAEMON, 1, w.finish());
        });
      default:
        throw E.EINVAL;
    }
  }

  private destCmd(cmd: number, t: AttrTable): void {
    const { svc } = this.findSvc(t);
    if (!t.has(CMD_ATTR.DEST)) throw E.EINVAL;
    const a = attrMap(t.raw(CMD_ATTR.DEST));
    if (!a.has(DEST_ATTR.ADDR) || !a.has(DEST_ATTR.PORT)) throw E.EINVAL;
    if (cmd !== CMD.DEL_DEST) {
      for (const r of [DEST_ATTR.FWD_METHOD, DEST_ATTR.WEIGHT, DEST_ATTR.U_THRESH, DEST_ATTR.L_THRESH]) if (!a.has(r)) throw E.EINVAL;
    }
    if (!svc) throw E.ESRCH;
    if (cmd !== CMD.DEL_DEST) {
      if ((u32(a.get(DEST_ATTR.WEIGHT)) | 0) < 0) throw E.ERANGE;
      const up = u32(a.get(DEST_ATTR.U_THRESH));
      if (up && u32(a.get(DEST_ATTR.L_THRESH)) > up) throw E.ERANGE;
    }
    const key = `${hex(a.get(DEST_ATTR.ADDR))}/${hex(a.get(DEST_ATTR.PORT))}`;
    const d = svc.dests.find((x) => x.key === key);
    if (cmd === CMD.NEW_DEST) {
      if (d) throw E.EEXIST;
      svc.dests.unshift({ key, attrs: a, stats: zeroStats });
    } else {
      if (!d) throw E.ENOENT;
      if (cmd === CMD.SET_DEST) d.attrs = a;
      else svc.dests.splice(svc.dests.indexOf(d), 1);
    }
  }

  /** Service reply in kernel attribute order (spec §7.3). */
  private svcReply(s: FakeService): Uint8Array {
    const w = new AttrWriter();
    const a = s.attrs;
    w.nest(CMD_ATTR.SERVICE, (n) => {
      n.bytes(SVC_ATTR.AF, a.get(SVC_ATTR.AF) as Uint8Array);
      const keys = a.has(SVC_ATTR.FWMARK) ? [SVC_ATTR.FWMARK] : [SVC_ATTR.PROTOCOL, SVC_ATTR.ADDR, SVC_ATTR.PORT];
      for (const k of keys) n.bytes(k, a.get(k) as Uint8Array);
      n.bytes(SVC_ATTR.SCHED_NAME, a.get(SVC_ATTR.SCHED_NAME) as Uint8Array);
      const pe = a.get(SVC_ATTR.PE_NAME);
      if (pe) n.bytes(SVC_ATTR.PE_NAME, pe);
      const fl = new Uint8Array(8);
      new DataView(fl.buffer).setUint32(0, s.flags, true);
      new DataView(fl.buffer).setUint32(4, 0xffffffff, true);
      n.bytes(SVC_ATTR.FLAGS, fl);
      n.bytes(SVC_ATTR.TIMEOUT, a.get(SVC_ATTR.TIMEOUT) as Uint8Array);
      n.bytes(SVC_ATTR.NETMASK, a.get(SVC_ATTR.NETMASK) as Uint8Array);
      writeStats(n, SVC_ATTR.STATS, s.stats, false);
      writeStats(n, SVC_ATTR.STATS64, s.stats, true);
    });
    return encodeGenl(CMD.NEW_SERVICE, 1, w.finish());
  }

  /** Dest reply in kernel attribute order (spec §7.4). */
  private destReply(d: FakeDest): Uint8Array {
    const a = d.attrs;
    const w = new AttrWriter();
    w.nest(CMD_ATTR.DEST, (n) => {
      n.bytes(DEST_ATTR.ADDR, a.get(DEST_ATTR.ADDR) as Uint8Array);
      n.bytes(DEST_ATTR.PORT, a.get(DEST_ATTR.PORT) as Uint8Array);
      for (const k of [DEST_ATTR.FWD_METHOD, DEST_ATTR.WEIGHT, DEST_ATTR.TUN_TYPE, DEST_ATTR.TUN_PORT, DEST_ATTR.TUN_FLAGS, DEST_ATTR.U_THRESH, DEST_ATTR.L_THRESH]) {
        const v = a.get(k);
        if (v) n.bytes(k, v);
      }
      n.u32(DEST_ATTR.ACTIVE_CONNS, 0).u32(DEST_ATTR.INACT_CONNS, 0).u32(DEST_ATTR.PERSIST_CONNS, 0);
      const af = a.get(DEST_ATTR.ADDR_FAMILY);
      if (af) n.bytes(DEST_ATTR.ADDR_FAMILY, af);
      writeStats(n, DEST_ATTR.STATS, d.stats, false);
      writeStats(n, DEST_ATTR.STATS64, d.stats, true);
    });
    return encodeGenl(CMD.NEW_DEST, 1, w.finish());
  }
}
