import { describe, expect, it } from 'vitest';
import { Conn } from '../../../src/netlink/conn.js';
import { NetlinkError, ProtocolError, SyscallError } from '../../../src/netlink/errors.js';
import { encodeMessage, NLM_F, NLMSG, parseMessages } from '../../../src/netlink/message.js';
import type { Transport } from '../../../src/netlink/transport.js';

const PID = 4321;

/** A transport answering each sent datagram through a script. */
class Scripted implements Transport {
  readonly portId = PID;
  readonly sent: Uint8Array[] = [];
  private queue: Uint8Array[] = [];
  constructor(private readonly answer: (datagram: Uint8Array, n: number) => Uint8Array[]) {}
  send(d: Uint8Array): void {
    this.sent.push(d.slice()); // Conn may reuse the bytes after the call
    this.queue.push(...this.answer(d, this.sent.length - 1));
  }
  receive(): Uint8Array {
    const d = this.queue.shift();
    if (!d) throw new SyscallError('recv', 11);
    return d;
  }
  close(): void {}
}

const msg = (type: number, flags: number, seq: number, payload: Uint8Array = new Uint8Array(0), pid = PID) =>
  encodeMessage({ type, flags, seq, pid }, payload);
const errPayload = (errno: number) => {
  const p = new Uint8Array(20);
  new DataView(p.buffer).setInt32(0, -errno, true);
  return p;
};
const ack = (seq: number, errno = 0) => msg(NLMSG.ERROR, 0, seq, errPayload(errno));
const done = (seq: number, flags: number = NLM_F.MULTI) => msg(NLMSG.DONE, flags, seq, new Uint8Array(4));
const seqOf = (d: Uint8Array) => new DataView(d.buffer, d.byteOffset).getUint32(8, true);

describe('Conn', () => {
  it('numbers requests from the given seq and puts the port id in', () => {
    const t = new Scripted((d) => [ack(seqOf(d))]);
    const c = new Conn(t, { seq: 100 });
    c.request(0x25, 5, new Uint8Array([1, 1, 0, 0]));
    c.request(0x25, 5, new Uint8Array([1, 1, 0, 0]));
    expect(t.sent.map((d) => parseMessages(d)[0]).map((m) => [m?.seq, m?.pid, m?.flags])).toEqual([
      [100, PID, 5],
      [101, PID, 5],
    ]);
  });

  it('reads a data reply and then its ACK in a separate datagram', () => {
    const t = new Scripted((d) => [msg(0x25, 0, seqOf(d), new Uint8Array([14, 1, 0, 0])), ack(seqOf(d))]);
    const c = new Conn(t, { seq: 1 });
    const r = c.request(0x25, 5, new Uint8Array(4));
    expect(r).toHaveLength(1);
    expect(r[0]?.payload[0]).toBe(14);
    // nothing stale left: the next request gets its own answer
    expect(c.request(0x25, 5, new Uint8Array(4))).toHaveLength(1);
  });

  it('throws NetlinkError on NLMSG_ERROR -errno', () => {
    const c = new Conn(new Scripted((d) => [ack(seqOf(d), 3)]), { seq: 1 });
    expect(() => c.request(0x25, 5, new Uint8Array(4))).toThrow(new NetlinkError(3));
  });

  it('rejects a sequence or port id mismatch', () => {
    const c = new Conn(new Scripted((d) => [ack(seqOf(d) + 1)]), { seq: 1 });
    expect(() => c.request(0x25, 5, new Uint8Array(4))).toThrow(ProtocolError);
    const c2 = new Conn(new Scripted((d) => [msg(NLMSG.ERROR, 0, seqOf(d), errPayload(0), 999)]), { seq: 1 });
    expect(() => c2.request(0x25, 5, new Uint8Array(4))).toThrow(/port id mismatch/);
  });

  it('collects a multi-part dump across datagrams up to NLMSG_DONE', () => {
    const t = new Scripted((d) => {
      const s = seqOf(d);
      const part = (n: number) => msg(0x25, NLM_F.MULTI, s, new Uint8Array([1, 1, 0, n]));
      return [Buffer.concat([part(1), part(2)]), Buffer.concat([part(3), done(s)])];
    });
    const c = new Conn(t, { seq: 1 });
    const r = c.dump(0x25, new Uint8Array([4, 1, 0, 0]));
    expect(r.map((m) => m.payload[3])).toEqual([1, 2, 3]);
    expect(parseMessages(t.sent[0] as Uint8Array)[0]?.flags).toBe(0x305);
  });

  it('restarts a dump marked NLM_F_DUMP_INTR, and gives up after the retries', () => {
    let intr = 2;
    const t = new Scripted((d) => {
      const f = intr-- > 0 ? NLM_F.DUMP_INTR : 0;
      return [Buffer.concat([msg(0x25, NLM_F.MULTI | f, seqOf(d), new Uint8Array(4)), done(seqOf(d), NLM_F.MULTI | f)])];
    });
    expect(new Conn(t, { seq: 1 }).dump(0x25, new Uint8Array(4))).toHaveLength(1);
    expect(t.sent).toHaveLength(3);
    const always = new Scripted((d) => [done(seqOf(d), NLM_F.MULTI | NLM_F.DUMP_INTR)]);
    expect(() => new Conn(always, { seq: 1, dumpRetries: 2 }).dump(0x25, new Uint8Array(4))).toThrow(/interrupted/);
    expect(always.sent).toHaveLength(3);
  });

  it('NLMSG_DONE with an error fails the dump', () => {
    const c = new Conn(new Scripted((d) => [msg(NLMSG.DONE, NLM_F.MULTI, seqOf(d), errPayload(1).subarray(0, 4))]), { seq: 1 });
    expect(() => c.dump(0x25, new Uint8Array(4))).toThrow(new NetlinkError(1));
  });

  it('propagates transport errors (receive timeout)', () => {
    const c = new Conn(new Scripted(() => []), { seq: 1 });
    expect(() => c.request(0x25, 5, new Uint8Array(4))).toThrow(SyscallError);
  });

  it('requestMany: packs requests into few datagrams and returns errno per request', () => {
    const t = new Scripted((d) => {
      // answer every message of the datagram; the 3rd and 7th fail
      const out = parseMessages(d).map((m) => ack(m.seq, m.payload[0] === 3 ? 17 : m.payload[0] === 7 ? 3 : 0));
      return [Buffer.concat(out.slice(0, 2)), ...out.slice(2)];
    });
    const c = new Conn(t, { seq: 10, batchBytes: 100 });
    const reqs = Array.from({ length: 10 }, (_, i) => ({ type: 0x25, payload: new Uint8Array([i + 1, 1, 0, 0]) }));
    expect(c.requestMany(reqs)).toEqual([0, 0, 17, 0, 0, 0, 3, 0, 0, 0]);
    // 20 bytes per message, 100 bytes per datagram: 5 per send
    expect(t.sent.map((d) => parseMessages(d).length)).toEqual([5, 5]);
    const all = t.sent.flatMap((d) => parseMessages(d));
    expect(all.map((m) => m.seq)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    // only the last request of each datagram asks for an ACK
    expect(all.map((m) => m.flags)).toEqual([1, 1, 1, 1, 5, 1, 1, 1, 1, 5]);
  });

  it('requestMany: reads until the last request of a datagram is acknowledged (errors only before it)', () => {
    const t = new Scripted((d) => {
      // a real kernel: replies only for failures and for requests with NLM_F_ACK
      const out = parseMessages(d)
        .filter((m) => m.payload[0] === 2 || m.payload[0] === 3 || (m.flags & 4) !== 0)
        .map((m) => ack(m.seq, m.payload[0] === 2 ? 17 : m.payload[0] === 3 ? 2 : 0));
      return out;
    });
    const c = new Conn(t, { seq: 0xfffffffe, batchMessages: 3 });
    const reqs = Array.from({ length: 7 }, (_, i) => ({ type: 0x25, payload: new Uint8Array([i + 1, 1, 0, 0]) }));
    expect(c.requestMany(reqs)).toEqual([0, 17, 2, 0, 0, 0, 0]);
    expect(t.sent.map((d) => parseMessages(d).length)).toEqual([3, 3, 1]);
  });

  it('requestMany: an unknown sequence number is a protocol error', () => {
    const c = new Conn(new Scripted(() => [ack(999)]), { seq: 1 });
    expect(() => c.requestMany([{ type: 0x25, payload: new Uint8Array(4) }])).toThrow(ProtocolError);
  });
});
