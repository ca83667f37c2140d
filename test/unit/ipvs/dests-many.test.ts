// getDestsMany() (Conn.dumpMany) against a fake kernel that runs dumps as
// the real one does: one dump at a time per socket, its first datagram
// queued by the send and each next one by the receive that takes the one
// before, a dump request sent while another runs turned away with EBUSY;
// and a sendEach() that sends each datagram and then receives only what is
// already queued, as NetlinkSocket's io_uring does.

import { describe, expect, it } from 'vitest';
import { IpvsClient } from '../../../src/ipvs/client.js';
import { IpvsError } from '../../../src/ipvs/errors.js';
import type { DestEntry, ServiceEntry } from '../../../src/ipvs/types.js';
import { CMD_ATTR, SVC_ATTR } from '../../../src/ipvs/constants.js';
import { AttrTable } from '../../../src/netlink/attr-reader.js';
import { SyscallError } from '../../../src/netlink/errors.js';
import { NLM_F, parseMessages } from '../../../src/netlink/message.js';
import type { SentBatch, Transport } from '../../../src/netlink/transport.js';
import { writeS32 } from '../helpers/bytes-extra.js';
import { FakeKernel, type FakeKernelOptions } from '../helpers/fake-kernel.js';

const EBUSY = 16;

interface LazyOptions {
  /** sendEach refuses (undefined), as a kernel without io_uring. */
  noRing?: boolean;
  /** sendEach takes at most this many datagrams a call. */
  limit?: number;
  /** The send of these requests (0-based, all calls counted) fails with this errno. */
  failSends?: Map<number, number>;
  /** receive() throws ENOBUFS at the n-th receive (0-based). */
  failReceiveAt?: number;
  /** Dump requests for a service with this port are refused with EPERM. */
  refusePort?: number;
}

const EPERM = 1;

/** The NLMSG_ERROR the kernel answers a refused request with (errno, then the request's header). */
function errorReply(datagram: Uint8Array, portId: number, errno: number): Uint8Array {
  const h = new Uint8Array(36);
  const v = new DataView(h.buffer);
  v.setUint32(0, h.length, true);
  v.setUint16(4, 2, true); // NLMSG_ERROR
  v.setUint32(8, new DataView(datagram.buffer, datagram.byteOffset).getUint32(8, true), true);
  v.setUint32(12, portId, true);
  writeS32(h, 16, -errno);
  h.set(datagram.subarray(0, 16), 20);
  return h;
}

/** The SERVICE nest's port of a GET_DEST request datagram. */
function requestPort(datagram: Uint8Array): number {
  const m = parseMessages(datagram.slice())[0];
  if (m === undefined) return -1;
  const t = new AttrTable(m.payload.subarray(4));
  if (!t.has(CMD_ATTR.SERVICE)) return -1;
  const svc = new AttrTable(t.raw(CMD_ATTR.SERVICE));
  return svc.has(SVC_ATTR.PORT) ? new DataView(svc.raw(SVC_ATTR.PORT).buffer, svc.raw(SVC_ATTR.PORT).byteOffset).getUint16(0, false) : -1;
}

class LazyDumpKernel implements Transport {
  readonly portId: number;
  private readonly visible: Uint8Array[] = [];
  private pending: Uint8Array[] = [];
  sendEachCalls = 0;
  busy = 0;
  sends = 0;
  receives = 0;

  constructor(
    readonly inner: FakeKernel,
    private readonly opts: LazyOptions = {},
  ) {
    this.portId = inner.portId;
  }

  send(datagram: Uint8Array): void {
    const isDump = ((datagram[6] ?? 0) | ((datagram[7] ?? 0) << 8)) & NLM_F.DUMP;
    if (isDump && this.pending.length > 0) {
      // netlink_dump_start(): a dump is running on this socket
      this.visible.push(errorReply(datagram, this.portId, EBUSY));
      this.busy++;
      return;
    }
    if (isDump && this.opts.refusePort !== undefined && requestPort(datagram) === this.opts.refusePort) {
      this.visible.push(errorReply(datagram, this.portId, EPERM));
      return;
    }
    this.inner.send(datagram);
    const out: Uint8Array[] = [];
    for (;;) {
      try {
        out.push(this.inner.receive());
      } catch {
        break;
      }
    }
    if (!isDump) {
      this.visible.push(...out);
      return;
    }
    const first = out.shift();
    if (first !== undefined) this.visible.push(first);
    this.pending = out;
  }

  receive(): Uint8Array {
    if (this.receives++ === this.opts.failReceiveAt) throw new SyscallError('recv', 105 /* ENOBUFS */);
    const d = this.visible.shift();
    if (d === undefined) throw new SyscallError('recv', 11);
    // netlink_recvmsg(): the running dump builds its next datagram
    const next = this.pending.shift();
    if (next !== undefined) this.visible.push(next);
    return d;
  }

  sendEach(bytes: Uint8Array, bounds: readonly number[], receivesEach: number): SentBatch | undefined {
    if (this.opts.noRing) return undefined;
    this.sendEachCalls++;
    const count = Math.min(bounds.length - 1, this.opts.limit ?? Infinity);
    const sendErrno = new Int32Array(count);
    const received: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      const fail = this.opts.failSends?.get(this.sends++);
      if (fail !== undefined) sendErrno[i] = fail;
      else this.send(bytes.slice(bounds[i], bounds[i + 1]));
      for (let k = 0; k < receivesEach && this.visible.length > 0; k++) received.push(this.receive());
    }
    return { count, sendErrno, received };
  }

  close(): void {}
}

/** TCP services 10.0.0.<i+1>:80 with dests[i] servers each. */
function table(dests: readonly number[], opts: FakeKernelOptions = {}): { k: FakeKernel; services: ServiceEntry[] } {
  const k = new FakeKernel(opts);
  const c = new IpvsClient(k, { seq: 1 });
  const base = { schedName: 'rr', peName: '', flags: 0, timeout: 0, netmask: 0xffffffff, protocol: 6, fwmark: 0, af: 2 };
  dests.forEach((n, i) => {
    const addr = new Uint8Array(16);
    addr.set([10, 0, 0, i + 1]);
    const svc = { ...base, addr, port: 80 };
    c.addService(svc);
    for (let d = 0; d < n; d++) {
      const daddr = new Uint8Array(16);
      daddr.set([172, 16, i, d + 1]);
      c.addDest(svc, { af: 2, addr: daddr, port: 8080, connFlags: 0, weight: 1 + d, uThreshold: 0, lThreshold: 0, tunType: 0, tunPort: 0, tunFlags: 0 });
    }
  });
  return { k, services: c.getServices() };
}

const one = (c: IpvsClient, services: readonly ServiceEntry[]): (DestEntry[] | IpvsError)[] =>
  services.map((s) => {
    try {
      return c.getDests(s);
    } catch (e) {
      return e as IpvsError;
    }
  });

describe('getDestsMany()', () => {
  const sizes = [5, 0, 1, 5, 40, 3, 0, 7, ...Array.from({ length: 70 }, (_, i) => i % 6)];

  it('gives what getDests gives one by one, through batches, busy dumps retried', () => {
    const { k, services } = table(sizes, { perDatagram: 4 });
    const lazy = new LazyDumpKernel(k);
    const got = new IpvsClient(lazy, { seq: 100 }).getDestsMany(services);
    expect(got).toEqual(one(new IpvsClient(new LazyDumpKernel(k), { seq: 900 }), services));
    expect(got.map((d) => (d instanceof IpvsError ? -1 : d.length))).toEqual(sizes);
    // 78 services in batches of 32: three sendEach calls; the 40-server dump
    // (11 datagrams) was still running when the next requests came
    expect(lazy.sendEachCalls).toBe(3);
    expect(lazy.busy).toBeGreaterThan(0);
  });

  it('the same without sendEach, and when sendEach refuses', () => {
    const { k, services } = table(sizes, { perDatagram: 4 });
    const want = one(new IpvsClient(new LazyDumpKernel(k), { seq: 900 }), services);
    expect(new IpvsClient(k, { seq: 5 }).getDestsMany(services)).toEqual(want);
    const refusing = new LazyDumpKernel(k, { noRing: true });
    expect(new IpvsClient(refusing, { seq: 5 }).getDestsMany(services)).toEqual(want);
    expect(refusing.sendEachCalls).toBe(0);
  });

  it('a transport that takes a few datagrams a call, and sends that fail, still give every service', () => {
    const { k, services } = table(sizes, { perDatagram: 2 });
    const want = one(new IpvsClient(new LazyDumpKernel(k), { seq: 900 }), services);
    const lazy = new LazyDumpKernel(k, { limit: 5, failSends: new Map([[0, 105], [7, 11], [31, 105]]) });
    expect(new IpvsClient(lazy, { seq: 7 }).getDestsMany(services)).toEqual(want);
    expect(lazy.sendEachCalls).toBeGreaterThanOrEqual(Math.ceil(sizes.length / 5));
  });

  it('a refused dump gets the error getDests throws; the others their servers', () => {
    const { k, services } = table([2, 3, 1], { perDatagram: 4 });
    const refused = { ...(services[1] as ServiceEntry), port: 81 };
    const keys = [services[0] as ServiceEntry, refused, services[2] as ServiceEntry];
    const got = new IpvsClient(new LazyDumpKernel(k, { refusePort: 81 }), { seq: 3 }).getDestsMany(keys);
    const want = one(new IpvsClient(new LazyDumpKernel(k, { refusePort: 81 }), { seq: 900 }), keys);
    expect((want[1] as IpvsError).errno).toBe(EPERM);
    expect(want[1]).toBeInstanceOf(IpvsError);
    expect(got[1]).toBeInstanceOf(IpvsError);
    expect((got[1] as IpvsError).errno).toBe((want[1] as IpvsError).errno);
    expect((got[1] as IpvsError).op).toBe('get-dests');
    expect([got[0], got[2]]).toEqual([want[0], want[2]]);
  });

  it('interrupted dumps (NLM_F_DUMP_INTR) are taken again, what was read of them dropped', () => {
    const { k, services } = table(sizes.slice(0, 12), { perDatagram: 2 });
    const want = one(new IpvsClient(new LazyDumpKernel(k), { seq: 900 }), services.slice(0, 12));
    const k2 = new FakeKernel({ perDatagram: 2, interruptDumps: 3 });
    k2.services.push(...k.services);
    expect(new IpvsClient(new LazyDumpKernel(k2), { seq: 11 }).getDestsMany(services.slice(0, 12))).toEqual(want);
  });

  it('a receive that fails ends every dump not done by then with its error; the ones done keep their servers', () => {
    const { k, services } = table([2, 2, 2, 2], { perDatagram: 1 });
    const want = one(new IpvsClient(new LazyDumpKernel(k), { seq: 900 }), services);
    // the batch takes the first datagrams; the receive after it fails
    const lazy = new LazyDumpKernel(k, { failReceiveAt: 5 });
    const got = new IpvsClient(lazy, { seq: 13 }).getDestsMany(services);
    const firstBad = got.findIndex((d) => d instanceof IpvsError);
    expect(firstBad).toBeGreaterThan(-1);
    expect(got.slice(0, firstBad)).toEqual(want.slice(0, firstBad));
    for (const d of got.slice(firstBad)) expect((d as IpvsError).errno).toBe(105);
  });
});
