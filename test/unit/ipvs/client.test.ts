// IpvsClient end to end over the fake kernel (kernel rules of spec §10).
import { describe, expect, it } from 'vitest';
import { type BatchOp, IpvsClient, IpvsFamilyNotFoundError } from '../../../src/ipvs/client.js';
import { IpvsError } from '../../../src/ipvs/errors.js';
import type { Dest, Service } from '../../../src/ipvs/types.js';
import { encodeMessage } from '../../../src/netlink/message.js';
import { FakeKernel } from '../helpers/fake-kernel.js';

const v4 = (...b: number[]) => new Uint8Array([...b, ...new Array<number>(12).fill(0)]);
const svc = (s: Partial<Service> = {}): Service => ({
  af: 2, protocol: 6, addr: v4(10, 0, 0, 1), port: 80, fwmark: 0,
  schedName: 'wlc', peName: '', flags: 0, timeout: 0, netmask: 0xffffffff, ...s,
});
const dest = (d: Partial<Dest> = {}): Dest => ({
  af: 2, addr: v4(192, 168, 10, 1), port: 80, fwdMethod: 3, weight: 1,
  uThreshold: 0, lThreshold: 0, tunType: 0, tunPort: 0, tunFlags: 0, ...d,
});
const fails = (fn: () => unknown): { op: string; errno: number } => {
  try {
    fn();
  } catch (e) {
    if (e instanceof IpvsError) return { op: e.op, errno: e.errno };
    throw e;
  }
  throw new Error('did not fail');
};
const setup = (opts = {}) => {
  const k = new FakeKernel(opts);
  return { k, c: new IpvsClient(k, { seq: 1000 }) };
};

describe('IpvsClient over the fake kernel', () => {
  it('getInfo reads data + ACK', () => {
    const { c } = setup();
    expect(c.getInfo()).toEqual({ version: 0x010201, connTabSize: 4096 });
    expect(c.getInfo().version).toBe(0x010201); // socket reused, nothing stale
  });

  it('services: add, list (across datagrams), get, edit, delete, errors', () => {
    const { c } = setup({ perDatagram: 1 });
    c.addService(svc());
    c.addService(svc({ port: 443, schedName: 'rr', flags: 1, timeout: 300 }));
    c.addService(svc({ protocol: 0, addr: new Uint8Array(16), port: 0, fwmark: 9, schedName: 'sh' }));
    expect(fails(() => c.addService(svc()))).toEqual({ op: 'add-service', errno: 17 });
    expect(fails(() => c.addService(svc({ port: 1, schedName: 'nosuch' })))).toEqual({ op: 'add-service', errno: 2 });
    const all = c.getServices();
    expect(all.map((s) => [s.port, s.fwmark, s.schedName, s.flags])).toEqual([
      [80, 0, 'wlc', 2],
      [443, 0, 'rr', 3],
      [0, 9, 'sh', 2],
    ]);
    expect(c.getService({ af: 2, protocol: 6, addr: v4(10, 0, 0, 1), port: 443, fwmark: 0 }).timeout).toBe(300);
    expect(fails(() => c.getService({ af: 2, protocol: 6, addr: v4(10, 0, 0, 1), port: 9, fwmark: 0 }))).toEqual({ op: 'get-service', errno: 3 });
    c.editService(svc({ schedName: 'rr' }));
    expect(fails(() => c.editService(svc({ port: 9 })))).toEqual({ op: 'edit-service', errno: 3 });
    c.delService(svc({ schedName: '' }));
    expect(fails(() => c.delService(svc()))).toEqual({ op: 'del-service', errno: 3 });
    expect(c.getServices()).toHaveLength(2);
    c.zero(null);
    expect(fails(() => c.zero(svc()))).toEqual({ op: 'zero', errno: 3 });
    c.flush();
    expect(c.getServices()).toEqual([]);
  });

  it('destinations: newest first, EEXIST / ENOENT / ESRCH / ERANGE', () => {
    const { c } = setup();
    const s = svc();
    c.addService(s);
    c.addDest(s, dest());
    c.addDest(s, dest({ addr: v4(192, 168, 10, 2), fwdMethod: 0, weight: 7, tunPort: 0 }));
    expect(fails(() => c.addDest(s, dest()))).toEqual({ op: 'add-dest', errno: 17 });
    expect(fails(() => c.addDest(svc({ port: 9 }), dest()))).toEqual({ op: 'add-dest', errno: 3 });
    expect(fails(() => c.addDest(s, dest({ port: 81, uThreshold: 5, lThreshold: 10 })))).toEqual({ op: 'add-dest', errno: 34 });
    expect(fails(() => c.editDest(s, dest({ port: 99 })))).toEqual({ op: 'edit-dest', errno: 2 });
    expect(fails(() => c.delDest(s, dest({ port: 99 })))).toEqual({ op: 'del-dest', errno: 2 });
    const ds = c.getDests(c.getServices()[0] ?? s);
    expect(ds.map((d) => [d.addr[3], d.weight, d.fwdMethod, d.af])).toEqual([
      [2, 7, 0, 2],
      [1, 1, 3, 2],
    ]);
    expect(ds[0]?.stats.conns).toBe(0n);
    c.delDest(s, dest());
    expect(c.getDests(s)).toHaveLength(1);
    expect(c.getDests(svc({ port: 1234 }))).toEqual([]); // missing service: empty dump
  });

  it("errors carry ipvsadm's message and the errno's name", () => {
    const { c } = setup();
    const caught = (fn: () => unknown): IpvsError => {
      try {
        fn();
      } catch (e) {
        if (e instanceof IpvsError) return e;
        throw e;
      }
      throw new Error('did not fail');
    };
    const s = svc();
    c.addService(s);
    expect(caught(() => c.addService(s))).toMatchObject({ op: 'add-service', errno: 17, code: 'EEXIST', message: 'Service already exists' });
    expect(caught(() => c.editService(svc({ port: 9 })))).toMatchObject({ code: 'ESRCH', message: 'No such service' });
    expect(caught(() => c.addDest(s, dest({ uThreshold: 5, lThreshold: 10 })))).toMatchObject({
      op: 'add-dest', errno: 34, code: 'ERANGE', message: 'Numerical result out of range', // no text of ipvsadm's: glibc's
    });
    const e = caught(() => c.delDest(s, dest()));
    expect([e.code, e.message, e.name]).toEqual(['ENOENT', 'No such destination', 'IpvsError']);
    expect(new IpvsError('flush', 4242)).toMatchObject({ code: 'UNKNOWN', message: 'errno 4242' });
  });

  it('timeouts and daemons', () => {
    const { c } = setup();
    expect(c.getTimeouts()).toEqual({ tcp: 900, tcpFin: 120, udp: 300 });
    c.setTimeouts({ tcp: 10, tcpFin: 0, udp: 30 });
    expect(c.getTimeouts()).toEqual({ tcp: 10, tcpFin: 120, udp: 30 });
    const d = { state: 1, mcastIfn: 'eth0', syncId: 4, syncMaxLen: 0, mcastGroup: null, mcastPort: 0, mcastTtl: 0 };
    c.startDaemon(d);
    expect(fails(() => c.startDaemon(d))).toEqual({ op: 'start-daemon', errno: 17 });
    c.startDaemon({ ...d, state: 2, mcastIfn: 'lo' });
    expect(c.getDaemons().map((x) => [x.state, x.mcastIfn, x.syncId])).toEqual([
      [1, 'eth0', 4],
      [2, 'lo', 4],
    ]);
    c.stopDaemon(d);
    expect(fails(() => c.stopDaemon(d))).toEqual({ op: 'stop-daemon', errno: 3 });
  });

  it('family not found → IpvsFamilyNotFoundError (init, ENOENT)', () => {
    const { c } = setup({ ipvs: false });
    let err: unknown;
    try {
      c.getInfo();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IpvsFamilyNotFoundError);
    expect(err).toMatchObject({ op: 'init', errno: 2, code: 'ENOENT' });
    expect((err as Error).message).toMatch(/^IP Virtual Server is not available/);
  });

  it('protocol and decode failures → EINVAL; socket errors → their errno', () => {
    const { k, c } = setup();
    c.getInfo();
    // a stale reply with a foreign sequence number
    k.push(encodeMessage({ type: 2, flags: 0, seq: 1, pid: 1234 }, new Uint8Array(20)));
    expect(fails(() => c.flush())).toEqual({ op: 'flush', errno: 22 });
    // a receive timeout
    const t = setup();
    t.c.getInfo();
    t.k.receive = () => {
      throw Object.assign(new Error('recv'), { errno: 11 });
    };
    expect(fails(() => t.c.getTimeouts())).toEqual({ op: 'get-timeout', errno: 11 });
  });

  it('applyBatch: one errno per operation, few datagrams', () => {
    const { k, c } = setup();
    c.getInfo();
    const before = k.sent.length;
    const s = svc();
    const res = c.applyBatch([
      { op: 'add-service', svc: s },
      { op: 'add-service', svc: s }, // EEXIST
      { op: 'add-dest', svc: s, dest: dest() },
      { op: 'add-dest', svc: svc({ port: 9 }), dest: dest() }, // ESRCH
      { op: 'set-timeout', timeouts: { tcp: 1, tcpFin: 2, udp: 3 } },
      { op: 'zero', svc: null },
    ]);
    expect(res).toEqual([0, 17, 0, 3, 0, 0]);
    expect(k.sent.length - before).toBe(1);
    expect(c.getDests(s)).toHaveLength(1);
    expect(c.applyBatch([])).toEqual([]);
  });

  it('applyBatch: each operation is the very message its single method sends', () => {
    const daemon = { state: 1, mcastIfn: 'eth0', syncId: 5, syncMaxLen: 1400, mcastGroup: { af: 2, addr: v4(224, 0, 0, 81) }, mcastPort: 8848, mcastTtl: 2 };
    const six = svc({ af: 10, addr: new Uint8Array(16).fill(7), netmask: 128, peName: 'sip', flags: 1, timeout: 300 });
    const cases: [BatchOp, (c: IpvsClient) => void][] = [
      [{ op: 'add-service', svc: svc() }, (c) => c.addService(svc())],
      [{ op: 'edit-service', svc: six }, (c) => c.editService(six)],
      [{ op: 'del-service', svc: svc({ fwmark: 7 }) }, (c) => c.delService(svc({ fwmark: 7 }))],
      [{ op: 'zero', svc: null }, (c) => c.zero(null)],
      [{ op: 'zero', svc: svc() }, (c) => c.zero(svc())],
      [{ op: 'add-dest', svc: svc(), dest: dest({ weight: 7, uThreshold: 9 }) }, (c) => c.addDest(svc(), dest({ weight: 7, uThreshold: 9 }))],
      [{ op: 'edit-dest', svc: svc(), dest: dest({ fwdMethod: 2, tunType: 1, tunPort: 6080, tunFlags: 1 }) }, (c) => c.editDest(svc(), dest({ fwdMethod: 2, tunType: 1, tunPort: 6080, tunFlags: 1 }))],
      [{ op: 'del-dest', svc: six, dest: dest() }, (c) => c.delDest(six, dest())],
      [{ op: 'flush' }, (c) => c.flush()],
      [{ op: 'set-timeout', timeouts: { tcp: 1, tcpFin: 2, udp: 3 } }, (c) => c.setTimeouts({ tcp: 1, tcpFin: 2, udp: 3 })],
      [{ op: 'start-daemon', daemon }, (c) => c.startDaemon(daemon)],
      [{ op: 'stop-daemon', daemon }, (c) => c.stopDaemon(daemon)],
    ];
    const lastMessage = (k: FakeKernel) => {
      const d = k.sent[k.sent.length - 1] as Uint8Array;
      return Buffer.from(d.subarray(4, 6)).toString('hex') + Buffer.from(d.subarray(16)).toString('hex');
    };
    for (const [op, single] of cases) {
      const a = setup();
      a.c.getInfo();
      try {
        single(a.c);
      } catch {
        // the fake kernel's answer does not matter here, only what was sent
      }
      const b = setup();
      b.c.getInfo();
      b.c.applyBatch([op]);
      expect(lastMessage(b.k), op.op).toBe(lastMessage(a.k));
    }
    // several in one datagram: the same messages back to back, padded to 4 bytes
    const b = setup();
    b.c.getInfo();
    b.c.applyBatch(cases.map(([op]) => op));
    const d = b.k.sent[b.k.sent.length - 1] as Uint8Array;
    let off = 0;
    let n = 0;
    while (off < d.length) {
      const len = d[off]! | (d[off + 1]! << 8);
      expect(len % 4).toBe(0);
      off += len;
      n++;
    }
    expect(n).toBe(cases.length);
  });

  it('close closes the transport', () => {
    const { k, c } = setup();
    c.close();
    expect(k.closed).toBe(true);
  });
});
