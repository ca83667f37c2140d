// Conn: request/reply discipline over a Transport, as libnl's nl_send_auto +
// nl_recvmsgs (lib/nl.c) plus what reusing one socket needs: every request
// is read to its end (the ACK, or NLMSG_DONE for a dump) so that no stale
// reply leaks into the next request. Replies must carry the request's
// sequence number and our port id (or 0).

import { NLMSG_HDRLEN, nlmsgAlign } from './align.js';
import { AttrWriter } from './attr-writer.js';
import { readU16, readU32 } from './bytes.js';
import { NetlinkError, ProtocolError } from './errors.js';
import {
  checkDatagram, type Message, NLM_F, NLMSG, parseDone, parseError, parseMessages,
} from './message.js';
import type { Transport } from './transport.js';

export interface ConnOptions {
  /** First sequence number; default Math.floor(Date.now() / 1000) like libnl. */
  readonly seq?: number;
  /** How many times a dump interrupted by NLM_F_DUMP_INTR is restarted (default 3). */
  readonly dumpRetries?: number;
  /** Upper bound of one send() in requestMany (default 65536). */
  readonly batchBytes?: number;
  /** Upper bound of the requests in one send() of requestMany (default 2048). */
  readonly batchMessages?: number;
  /** Called with every datagram sent and received (debug hex dumps). */
  readonly trace?: (dir: 'send' | 'recv', datagram: Uint8Array) => void;
}

/**
 * A request's payload (generic netlink header + attributes): its bytes, or
 * a function that writes them into the request being built. A function
 * may be called again (a dump taken again) and must then write the same bytes.
 */
export type Payload = Uint8Array | ((w: AttrWriter) => void);

/** One doit request of a batch. */
export interface BatchRequest {
  readonly type: number;
  /** Generic netlink header + attributes. */
  readonly payload: Uint8Array;
}

/**
 * Gets one data message of a reply: its payload is [at, end) of datagram,
 * which is only valid during the call (the transport may reuse its buffer).
 */
export type MessageVisitor = (datagram: Uint8Array, at: number, end: number) => void;

export class Conn {
  private seq: number;
  private readonly dumpRetries: number;
  private readonly batchBytes: number;
  private readonly batchMessages: number;
  private readonly trace: ((dir: 'send' | 'recv', datagram: Uint8Array) => void) | undefined;

  constructor(
    private readonly transport: Transport,
    opts: ConnOptions = {},
  ) {
    this.seq = (opts.seq ?? Math.floor(Date.now() / 1000)) >>> 0;
    this.dumpRetries = opts.dumpRetries ?? 3;
    this.batchBytes = opts.batchBytes ?? 65536;
    this.batchMessages = opts.batchMessages ?? 2048;
    this.trace = opts.trace;
  }

  get portId(): number {
    return this.transport.portId;
  }

  /**
   * How many datagrams carried the data of the last request or dump. The
   * kernel builds each dump datagram in one pass under its lock, so a dump
   * that came in one datagram is a consistent snapshot; a longer one is not.
   */
  lastDatagrams = 0;

  /** The next sequence number (libnl nl_socket_use_seq: one per message). */
  nextSeq(): number {
    const s = this.seq;
    this.seq = (this.seq + 1) >>> 0;
    return s;
  }

  /**
   * Sends one request and reads every reply to it: until an NLMSG_ERROR
   * (ACK or error) or NLMSG_DONE with its sequence number. Returns the data
   * messages. Kernel errors throw NetlinkError; out-of-step replies throw
   * ProtocolError; transport errors propagate.
   * Without NLM_F_ACK or NLM_F_DUMP the first datagram with a reply ends it.
   */
  request(type: number, flags: number, payload: Payload): Message[] {
    const data: Message[] = [];
    this.exchange(type, flags, payload, (d, at, end) => data.push(copyMessage(d, at, end)));
    return data;
  }

  /** A dump (REQUEST|ACK|DUMP): all NLM_F_MULTI messages up to NLMSG_DONE, restarted on NLM_F_DUMP_INTR. */
  dump(type: number, payload: Payload): Message[] {
    let data: Message[] = [];
    this.dumpEach(type, payload, (d, at, end) => data.push(copyMessage(d, at, end)), () => (data = []));
    return data;
  }

  /**
   * dump() without Message objects or copies: visit gets each data message
   * as it is read (see MessageVisitor). On NLM_F_DUMP_INTR, restart() is
   * called (drop what was collected) and the dump is taken again.
   */
  dumpEach(type: number, payload: Payload, visit: MessageVisitor, restart: () => void): void {
    for (let attempt = 0; ; attempt++) {
      if (!this.exchange(type, NLM_F.REQUEST | NLM_F.ACK | NLM_F.DUMP, payload, visit)) return;
      if (attempt >= this.dumpRetries) throw new ProtocolError('dump interrupted (NLM_F_DUMP_INTR)');
      restart();
    }
  }

  /**
   * Sends many doit requests (one sequence number each), packed into as few
   * datagrams as the limits allow. Only the last request of a datagram asks
   * for an ACK: the kernel runs the requests of a datagram in order and
   * answers a request without NLM_F_ACK only when it fails, so once the
   * last one's ACK is read every earlier error has been read too. That is
   * one reply datagram per datagram sent instead of one per request.
   * Returns, in request order, 0 or the errno the kernel answered.
   * Transport and protocol errors throw.
   */
  requestMany(reqs: readonly BatchRequest[]): number[] {
    return this.requestManyWith(reqs.length, (i, w) => {
      const r = reqs[i] as BatchRequest;
      w.rawBytes(r.payload);
      return r.type;
    });
  }

  /**
   * requestMany() with each request's payload written straight into the
   * datagram being built, without a payload array per request: write(i, w)
   * appends the payload of request i to w and returns its message type.
   * write may be called again for the same i (when its message did not fit
   * the datagram, it starts the next one), so it must write the same bytes.
   */
  requestManyWith(count: number, write: (i: number, w: AttrWriter) => number): number[] {
    const results = new Array<number>(count).fill(0);
    // Each failing request queues an NLMSG_ERROR; keep them within what the
    // receive buffer holds (an error echoes the request: a few hundred bytes).
    const rcvbuf = this.transport.receiveBufferBytes;
    const maxCount = Math.max(1, rcvbuf === undefined ? this.batchMessages : Math.min(this.batchMessages, Math.floor(rcvbuf / 4096)));
    const w = this.writer;
    let i = 0;
    while (i < count) {
      const first = i;
      const firstSeq = this.seq;
      w.truncate(0);
      let last = 0;
      for (; i < count && i - first < maxCount; i++) {
        const at = w.reserveRaw(NLMSG_HDRLEN);
        const type = write(i, w);
        const len = w.length - at;
        w.align();
        if (i > first && w.length > this.batchBytes) {
          w.truncate(at); // sent with the next datagram
          break;
        }
        this.putHeader(at, len, type, NLM_F.REQUEST, this.nextSeq());
        last = at;
      }
      // only the last request of the datagram asks for an ACK
      w.patchU16(last + 6, NLM_F.REQUEST | NLM_F.ACK);
      const end = i;
      const lastSeq = (firstSeq + (end - first - 1)) >>> 0;
      this.send(w.view());
      for (let open = true; open; ) {
        for (const m of this.receive()) {
          const idx = (m.seq - firstSeq) >>> 0;
          if (idx >= end - first) throw new ProtocolError(`unexpected sequence number ${m.seq}`);
          this.checkPid(m.pid);
          if (m.type === NLMSG.ERROR || m.type === NLMSG.DONE) {
            results[first + idx] = (m.type === NLMSG.ERROR ? parseError(m) : parseDone(m)).errno;
            if (m.seq === lastSeq) open = false;
          }
        }
      }
    }
    return results;
  }

  /** The writer every request is built in (requestManyWith, exchange), kept between them. */
  private readonly writer = new AttrWriter();

  /** The nlmsghdr of the message at `at` of the writer (its 16 bytes reserved before). */
  private putHeader(at: number, len: number, type: number, flags: number, seq: number): void {
    this.writer.patchU32(at, len).patchU16(at + 4, type).patchU16(at + 6, flags).patchU32(at + 8, seq).patchU32(at + 12, this.portId);
  }

  close(): void {
    this.transport.close();
  }

  /**
   * Sends one request and reads its replies up to the ACK/NLMSG_DONE
   * (libnl nl_recvmsgs), handing each data message to visit as it is read;
   * returns whether any reply carried NLM_F_DUMP_INTR. Kernel errors throw
   * NetlinkError, out-of-step replies ProtocolError, malformed datagrams
   * DecodeError (parseMessages' checks, before any message of the datagram
   * is used); transport errors propagate. Without NLM_F_ACK or NLM_F_DUMP
   * the first datagram with a reply ends it.
   */
  private exchange(type: number, flags: number, payload: Payload, visit: MessageVisitor): boolean {
    const seq = this.nextSeq();
    // Built in the connection's writer: no datagram array per request (a
    // listing sends one per service).
    const w = this.writer;
    w.truncate(0).reserveRaw(NLMSG_HDRLEN);
    if (typeof payload === 'function') payload(w);
    else w.rawBytes(payload);
    const len = w.length;
    w.align();
    this.putHeader(0, len, type, flags, seq);
    this.send(w.view());
    let interrupted = false;
    let count = 0;
    const waitsForEnd = (flags & (NLM_F.ACK | NLM_F.DUMP)) !== 0;
    this.lastDatagrams = 0;
    for (;;) {
      const before = count;
      const d = this.transport.receive();
      this.trace?.('recv', d);
      checkDatagram(d);
      for (let off = 0; off < d.length; ) {
        const len = readU32(d, off);
        const mtype = readU16(d, off + 4);
        const mflags = readU16(d, off + 6);
        const mseq = readU32(d, off + 8);
        const pid = readU32(d, off + 12);
        if (mseq !== seq) throw new ProtocolError(`sequence mismatch: want ${seq}, got ${mseq}`);
        this.checkPid(pid);
        if ((mflags & NLM_F.DUMP_INTR) !== 0) interrupted = true;
        if (mtype === NLMSG.ERROR || mtype === NLMSG.DONE) {
          const m: Message = { type: mtype, flags: mflags, seq: mseq, pid, payload: d.subarray(off + NLMSG_HDRLEN, off + len) };
          const e = mtype === NLMSG.ERROR ? parseError(m) : parseDone(m);
          if (e.errno !== 0) throw new NetlinkError(e.errno, e.extAckMsg);
          if (count > before) this.lastDatagrams++;
          return interrupted;
        }
        if (mtype === NLMSG.OVERRUN) throw new ProtocolError('NLMSG_OVERRUN');
        if (mtype !== NLMSG.NOOP) {
          count++;
          visit(d, off + NLMSG_HDRLEN, off + len);
        }
        off += nlmsgAlign(len);
      }
      if (count > before) this.lastDatagrams++;
      if (!waitsForEnd && count > 0) return interrupted;
    }
  }

  private checkPid(pid: number): void {
    if (pid !== 0 && pid !== this.portId) {
      throw new ProtocolError(`port id mismatch: want ${this.portId}, got ${pid}`);
    }
  }

  private send(datagram: Uint8Array): void {
    this.trace?.('send', datagram);
    this.transport.send(datagram);
  }

  private receive(): Message[] {
    const d = this.transport.receive();
    this.trace?.('recv', d);
    return parseMessages(d);
  }
}

/** A data message of a datagram as a Message that outlives the datagram (payload copied). */
function copyMessage(d: Uint8Array, at: number, end: number): Message {
  const h = at - NLMSG_HDRLEN;
  return { type: readU16(d, h + 4), flags: readU16(d, h + 6), seq: readU32(d, h + 8), pid: readU32(d, h + 12), payload: d.slice(at, end) };
}

