// Decoder robustness (issue 8): seeded mutation fuzzing of everything that
// reads kernel bytes — nlmsghdr splitting, nlmsgerr / NLMSG_DONE, the
// attribute reader, genl header, decodeService / Dest / Info / Daemon /
// Timeouts / family id, Conn's reply discipline and the IpvsClient on top,
// and the whole CLI (runWith) over a transport answering mutated replies.
// Only typed errors may come out (DecodeError, NetlinkError, ProtocolError,
// IpvsError, SyscallError from the transport), never another exception, and
// every loop ends (the transports count their calls).

import { describe, expect, it } from 'vitest';
import { runWith } from '../../../src/app/ipvsadm.js';
import { noNames } from '../../../src/common/names.js';
import type { Io } from '../../../src/ops/io.js';
import { CMD } from '../../../src/ipvs/constants.js';
import { decodeDaemon, decodeDest, decodeInfo, decodeService, decodeTimeouts } from '../../../src/ipvs/decode.js';
import { IpvsError } from '../../../src/ipvs/errors.js';
import { IpvsClient } from '../../../src/ipvs/client.js';
import { AF_INET, AF_INET6, IPPROTO_TCP, IPPROTO_UDP } from '../../../src/ipvs/types.js';
import { AttrTable, iterAttrs } from '../../../src/netlink/attr-reader.js';
import { Conn } from '../../../src/netlink/conn.js';
import { DecodeError, NetlinkError, ProtocolError, SyscallError } from '../../../src/netlink/errors.js';
import { decodeFamilyId, parseGenl } from '../../../src/netlink/genl.js';
import { parseDone, parseError, parseMessages } from '../../../src/netlink/message.js';
import type { Transport } from '../../../src/netlink/transport.js';
import { caseRng, type Rng } from '../../fuzz/gen.js';
import { FakeKernel } from '../helpers/fake-kernel.js';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20240601);
/** Cases per target; 5 direct targets + 2 transport targets below, ≥100,000 in all. */
const N = Number(process.env['FUZZ_DECODE_CASES'] ?? 20000);
/** Cases of the (slower) transport-level targets. */
const NT = Math.max(1, Math.floor(N / 5));

const TYPED = [DecodeError, NetlinkError, ProtocolError, IpvsError, SyscallError];
const isTyped = (e: unknown): boolean => TYPED.some((T) => e instanceof T);

const int = (r: Rng, n: number): number => Math.floor(r() * n);

// ---------------------------------------------------------------- corpus

/** A FakeKernel that records every datagram it answers with. */
class Recording extends FakeKernel {
  readonly replies: Uint8Array[] = [];
  override receive(): Uint8Array {
    const d = super.receive();
    this.replies.push(new Uint8Array(d)); // a copy (Buffer#slice would share memory)
    return d;
  }
}

const v4 = (a: number, b: number, c: number, d: number): Uint8Array => {
  const x = new Uint8Array(16);
  x.set([a, b, c, d]);
  return x;
};
const v6 = (last: number): Uint8Array => {
  const x = new Uint8Array(16);
  x.set([0x20, 0x01, 0x0d, 0xb8]);
  x[15] = last;
  return x;
};

/** Real replies of every kind: controller, info, service/dest dumps, single get, timeouts, daemons, acks, errors. */
function corpus(): Uint8Array[] {
  const k = new Recording({ perDatagram: 3 });
  const c = new IpvsClient(k, { seq: 1 });
  const base = { schedName: 'rr', peName: '', flags: 0, timeout: 0, netmask: 0xffffffff };
  const s1 = { ...base, af: AF_INET, protocol: IPPROTO_TCP, addr: v4(10, 0, 0, 1), port: 80, fwmark: 0 };
  const s2 = { ...base, af: AF_INET6, protocol: IPPROTO_UDP, addr: v6(1), port: 53, fwmark: 0, netmask: 128, peName: 'sip', flags: 1, timeout: 300 };
  const s3 = { ...base, af: AF_INET, protocol: 0, addr: new Uint8Array(16), port: 0, fwmark: 7, schedName: 'wlc' };
  c.getInfo();
  for (const s of [s1, s2, s3]) c.addService(s);
  const dest = (addr: Uint8Array, af: number, fwd: number) => ({
    af, addr, port: 8080, fwdMethod: fwd, weight: 3, uThreshold: 10, lThreshold: 2, tunType: 1, tunPort: 6080, tunFlags: 1,
  });
  c.addDest(s1, dest(v4(192, 168, 0, 1), AF_INET, 0));
  c.addDest(s1, dest(v4(192, 168, 0, 2), AF_INET, 2));
  c.addDest(s2, dest(v6(9), AF_INET6, 3));
  try {
    c.addService(s1);
  } catch {
    /* EEXIST: an error reply for the corpus */
  }
  c.getServices();
  c.getService(s1);
  for (const s of [s1, s2, s3]) c.getDests(s);
  c.getTimeouts();
  c.startDaemon({ state: 1, mcastIfn: 'eth0', syncId: 5, syncMaxLen: 1400, mcastGroup: { af: AF_INET, addr: v4(224, 0, 0, 81) }, mcastPort: 8848, mcastTtl: 1 });
  c.startDaemon({ state: 2, mcastIfn: 'lo', syncId: 9, syncMaxLen: 0, mcastGroup: { af: AF_INET6, addr: v6(0x81) }, mcastPort: 0, mcastTtl: 0 });
  c.getDaemons();
  c.applyBatch([{ op: 'flush' }, { op: 'set-timeout', timeouts: { tcp: 1, tcpFin: 2, udp: 3 } }]);
  return k.replies;
}

const CORPUS = corpus();

// ---------------------------------------------------------------- mutation

function writeRandomLen(r: Rng, d: Uint8Array, off: number, width: 2 | 4): void {
  if (off + width > d.length) return;
  const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
  const choices = [0, 1, 3, 4, 15, 16, 17, 19, 20, d.length - off, d.length - off + 1, d.length, 0xffff, 0xffffffff, 0x80000000, int(r, 256)];
  const x = choices[int(r, choices.length)] as number;
  if (width === 2) v.setUint16(off, x & 0xffff, true);
  else v.setUint32(off, x >>> 0, true);
}

/** Attribute header offsets inside a datagram (best effort, walks nests). */
function attrOffsets(d: Uint8Array): number[] {
  const out: number[] = [];
  const walk = (start: number, end: number, depth: number): void => {
    let off = start;
    while (off + 4 <= end && depth < 4) {
      const len = d[off]! | (d[off + 1]! << 8);
      if (len < 4 || off + len > end) return;
      out.push(off);
      walk(off + 4, off + len, depth + 1);
      off += (len + 3) & ~3;
    }
  };
  let off = 0;
  while (off + 20 <= d.length) {
    const len = new DataView(d.buffer, d.byteOffset).getUint32(off, true);
    if (len < 16 || off + len > d.length) break;
    walk(off + 20, off + len, 0);
    off += (len + 3) & ~3;
  }
  return out;
}

/** One mutated copy of a datagram: 1–4 of bit flips, byte sets, truncation, extension, length-field corruption. */
export function mutateDatagram(r: Rng, src: Uint8Array): Uint8Array {
  let d = new Uint8Array(src); // a copy: FakeKernel replies may be Buffers, whose slice() shares memory
  const n = 1 + int(r, 4);
  for (let i = 0; i < n; i++) {
    const k = int(r, 10);
    if (d.length === 0) d = new Uint8Array(int(r, 40));
    switch (k) {
      case 0:
        d[int(r, d.length)]! ^= 1 << int(r, 8);
        break;
      case 1:
        d[int(r, d.length)] = int(r, 256);
        break;
      case 2:
        d = d.slice(0, int(r, d.length + 1));
        break;
      case 3: {
        const extra = new Uint8Array(int(r, 24)).map(() => int(r, 256));
        const e = new Uint8Array(d.length + extra.length);
        e.set(d);
        e.set(extra, d.length);
        d = e;
        break;
      }
      case 4: // nlmsg_len of the first message
        writeRandomLen(r, d, 0, 4);
        break;
      case 5:
      case 6: {
        const offs = attrOffsets(d);
        if (offs.length > 0) writeRandomLen(r, d, offs[int(r, offs.length)]!, 2);
        break;
      }
      case 7: {
        // attribute type: another number, or the NESTED / NET_BYTEORDER bits
        const offs = attrOffsets(d);
        if (offs.length > 0) {
          const o = offs[int(r, offs.length)]! + 2;
          const v = new DataView(d.buffer, d.byteOffset);
          v.setUint16(o, int(r, 3) === 0 ? v.getUint16(o, true) ^ 0xc000 : int(r, 40), true);
        }
        break;
      }
      case 8: {
        // cut an attribute's payload short inside the datagram
        const offs = attrOffsets(d);
        if (offs.length > 0) {
          const o = offs[int(r, offs.length)]!;
          d = d.slice(0, Math.min(d.length, o + 4 + int(r, 8)));
        }
        break;
      }
      default:
        d = new Uint8Array(int(r, 64)).map(() => int(r, 256)); // pure noise
    }
  }
  return d;
}

function pickCorpus(r: Rng): Uint8Array {
  return CORPUS[int(r, CORPUS.length)]!;
}

// ---------------------------------------------------------------- targets

const decoders: Array<(attrs: Uint8Array) => unknown> = [
  decodeService,
  (a) => decodeDest(a, AF_INET),
  (a) => decodeDest(a, AF_INET6),
  decodeInfo,
  decodeDaemon,
  decodeTimeouts,
  (a) => {
    const t = new AttrTable(a);
    for (let i = 0; i < 12; i++) {
      if (!t.has(i)) continue;
      t.opt(i, t.u8);
      t.opt(i, t.u16);
      t.opt(i, t.u32);
      t.opt(i, t.u64);
      t.opt(i, t.be16);
      t.opt(i, t.be32);
      t.str(i);
      t.nested(i, (x) => `n${x}`).has(1);
    }
    return [...iterAttrs(a)].length;
  },
];

/** Everything that reads one received datagram, as the client would. */
function decodeAll(d: Uint8Array): void {
  for (const m of parseMessages(d)) {
    if (m.type === 2) parseError(m);
    else if (m.type === 3) parseDone(m);
    else {
      if (m.type === 0x10) decodeFamilyId(m.payload);
      const g = parseGenl(m.payload);
      for (const dec of decoders) {
        try {
          dec(g.attrs);
        } catch (e) {
          if (!isTyped(e)) throw e;
        }
      }
    }
  }
}

interface Tally {
  cases: number;
  typed: number;
  ok: number;
}

function expectOnlyTyped(name: string, n: number, salt: number, body: (r: Rng) => void): Tally {
  const t: Tally = { cases: 0, typed: 0, ok: 0 };
  for (let i = 0; i < n; i++) {
    const r = caseRng(SEED, i, salt);
    try {
      body(r);
      t.ok++;
    } catch (e) {
      if (!isTyped(e)) {
        throw new Error(`${name}: case ${i} (seed ${SEED}) threw ${e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e)}`);
      }
      t.typed++;
    }
    t.cases++;
  }
  return t;
}

/**
 * A transport that answers each request with the corpus reply of the same
 * kind, mutated, re-stamped with the request's sequence number most of the
 * time (so the decoders, not just the seq check, see the damage). After
 * `limit` receives it fails with EAGAIN, like the socket's SO_RCVTIMEO;
 * reaching that limit would mean a reply loop did not end on its own.
 */
class MutatingTransport implements Transport {
  readonly portId = 1234;
  receives = 0;
  private queue: Uint8Array[] = [];
  private readonly real = new FakeKernel({ perDatagram: 2 });
  constructor(
    private readonly r: Rng,
    private readonly rate: number,
    private readonly limit = 500,
  ) {
    // give the fake some state so dumps have content
    const c = new IpvsClient(this.real, { seq: 1 });
    const base = { schedName: 'rr', peName: '', flags: 0, timeout: 0, netmask: 0xffffffff, protocol: IPPROTO_TCP, port: 80, fwmark: 0 };
    c.addService({ ...base, af: AF_INET, addr: v4(10, 0, 0, 1) });
    c.addService({ ...base, af: AF_INET6, addr: v6(1), netmask: 128 });
    c.addDest({ ...base, af: AF_INET, addr: v4(10, 0, 0, 1) }, { af: AF_INET, addr: v4(10, 1, 1, 1), port: 80, fwdMethod: 2, weight: 1, uThreshold: 0, lThreshold: 0, tunType: 0, tunPort: 0, tunFlags: 0 });
    c.startDaemon({ state: 1, mcastIfn: 'eth0', syncId: 5, syncMaxLen: 0, mcastGroup: null, mcastPort: 0, mcastTtl: 0 });
  }
  send(d: Uint8Array): void {
    this.real.send(d);
    for (;;) {
      let x: Uint8Array;
      try {
        x = this.real.receive();
      } catch {
        break;
      }
      this.queue.push(this.r() < this.rate ? this.mangle(x) : x);
    }
    if (this.r() < 0.05) this.queue.push(mutateDatagram(this.r, pickCorpus(this.r))); // a stray extra
    if (this.r() < 0.05) this.queue.splice(int(this.r, this.queue.length + 1), 1); // a lost datagram
  }
  private mangle(x: Uint8Array): Uint8Array {
    const seq = new DataView(x.buffer, x.byteOffset).getUint32(8, true);
    const y = mutateDatagram(this.r, x);
    if (this.r() < 0.8 && y.length >= 12) new DataView(y.buffer, y.byteOffset).setUint32(8, seq, true);
    return y;
  }
  receive(): Uint8Array {
    if (++this.receives > this.limit) throw new Error('receive loop did not end');
    const d = this.queue.shift();
    if (d === undefined) throw new SyscallError('recv', 11);
    return d;
  }
  close(): void {}
}

function clientOps(c: IpvsClient, r: Rng): void {
  const key = { af: AF_INET, protocol: IPPROTO_TCP, addr: v4(10, 0, 0, 1), port: 80, fwmark: 0 };
  const svc = { ...key, schedName: 'rr', peName: '', flags: 0, timeout: 0, netmask: 0xffffffff };
  const ops: Array<() => unknown> = [
    () => c.getInfo(),
    () => c.getServices(),
    () => c.getService(key),
    () => c.getDests(key),
    () => c.getTimeouts(),
    () => c.getDaemons(),
    () => c.addService({ ...svc, port: 81 }),
    () => c.delService({ ...svc, port: 99 }),
    () => c.applyBatch([{ op: 'add-service', svc: { ...svc, port: 82 } }, { op: 'del-service', svc: { ...svc, port: 83 } }, { op: 'flush' }]),
  ];
  for (let i = 0; i < 3; i++) ops[int(r, ops.length)]!();
}

// ---------------------------------------------------------------- tests

describe('decoder fuzz (seeded, only typed errors)', () => {
  const counts: Record<string, Tally> = {};

  it('corpus covers every reply kind', () => {
    expect(CORPUS.length).toBeGreaterThan(20);
    for (const d of CORPUS) expect(() => decodeAll(d)).not.toThrow();
  });

  it('parseMessages / parseError / parseDone / genl / all decoders on mutated datagrams', () => {
    counts['datagram'] = expectOnlyTyped('datagram', 2 * N, 1, (r) => decodeAll(mutateDatagram(r, pickCorpus(r))));
  }, 120_000);

  it('decoders on mutated attribute areas (framing skipped)', () => {
    counts['attrs'] = expectOnlyTyped('attrs', 2 * N, 2, (r) => {
      const d = mutateDatagram(r, pickCorpus(r));
      const attrs = d.subarray(Math.min(d.length, 20));
      decoders[int(r, decoders.length)]!(attrs);
    });
  }, 120_000);

  it('decoders on random bytes', () => {
    counts['noise'] = expectOnlyTyped('noise', N, 3, (r) => {
      const d = new Uint8Array(int(r, 200)).map(() => (r() < 0.3 ? 0 : int(r, 256)));
      decoders[int(r, decoders.length)]!(d);
    });
  }, 120_000);

  it('Conn + IpvsClient over a transport answering mutated replies', () => {
    counts['client'] = expectOnlyTyped('client', NT, 4, (r) => {
      const c = new IpvsClient(new MutatingTransport(r, 0.5), { seq: 1 });
      try {
        clientOps(c, r);
      } catch (e) {
        // the client's contract: every failure is an IpvsError
        if (e instanceof IpvsError) throw e;
        throw new Error(`client let a non-IpvsError out: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
      }
    });
  }, 120_000);

  it('Conn.dump / request / requestMany directly', () => {
    counts['conn'] = expectOnlyTyped('conn', NT, 5, (r) => {
      const t = new MutatingTransport(r, 0.7);
      const conn = new Conn(t, { seq: 1, dumpRetries: 2 });
      // resolve the family through the fake, then poke it
      const fam = 0x25;
      const k = int(r, 3);
      const body = new Uint8Array([CMD.GET_SERVICE, 1, 0, 0]);
      if (k === 0) conn.dump(fam, body);
      else if (k === 1) conn.request(fam, 5, new Uint8Array([CMD.GET_INFO, 1, 0, 0]));
      else conn.requestMany([{ type: fam, payload: new Uint8Array([CMD.FLUSH, 1, 0, 0]) }, { type: fam, payload: new Uint8Array([CMD.ZERO, 1, 0, 0]) }]);
    });
  }, 120_000);

  it('the CLI turns a damaged reply into ipvsadm-style lines and a non-zero status, never an exception', () => {
    const argvs = [['-Ln'], ['-L'], ['-Sn'], ['-L', '--stats', '-n'], ['-L', '--daemon'], ['-L', '--timeout'], ['-L', '-t', '10.0.0.1:80', '-n'], ['-A', '-t', '10.0.0.9:80'], ['-Z'], ['-R']];
    let nonzero = 0;
    counts['cli'] = expectOnlyTyped('cli', NT, 6, (r) => {
      let err = '';
      const io: Io = { out: () => undefined, err: (s) => void (err += s), readStdin: () => '-A -t 10.0.0.8:80\n-Ln\n', readConnFile: () => null, env: {} };
      const t = new MutatingTransport(r, 0.6);
      const status = runWith('ipvsadm', argvs[int(r, argvs.length)]!, io, {
        openClient: () => new IpvsClient(t, { seq: 1 }),
        names: noNames,
        libcStrerror: (e) => `libc error ${e}`,
        modprobe: () => false,
        missingFamilyErrno: () => 92,
      });
      if (status !== 0) {
        nonzero++;
        // every error line is a plain message: no stack frames, no JS error names
        expect(err).not.toMatch(/^\s+at |TypeError|RangeError|ReferenceError|Error:/m);
      }
    });
    expect(nonzero).toBeGreaterThan(NT / 10);
  }, 120_000);

  it('a damaged GET_SERVICE dump reads as libipvs EINVAL for the user', () => {
    let out = '';
    let err = '';
    const io: Io = { out: (s) => void (out += s), err: (s) => void (err += s), readStdin: () => '', readConnFile: () => null, env: {} };
    const k = new FakeKernel();
    const c0 = new IpvsClient(k, { seq: 1 });
    c0.addService({ af: AF_INET, protocol: IPPROTO_TCP, addr: v4(10, 0, 0, 1), port: 80, fwmark: 0, schedName: 'rr', peName: '', flags: 0, timeout: 0, netmask: 0xffffffff });
    // a transport cutting the SVC_ATTR nest out of every dump message
    const t: Transport = {
      portId: k.portId,
      send: (d) => k.send(d),
      receive: () => {
        const d = k.receive();
        const ms = parseMessages(d);
        if (ms.some((m) => m.type === 0x25 && (m.flags & 2) !== 0)) {
          const x = new Uint8Array(d);
          new DataView(x.buffer).setUint16(20, 4, true); // first attribute (CMD_ATTR_SERVICE) now empty
          return x;
        }
        return d;
      },
      close: () => undefined,
    };
    const status = runWith('ipvsadm', ['-Ln'], io, {
      openClient: () => new IpvsClient(t, { seq: 1 }),
      names: noNames,
      libcStrerror: (e) => `libc error ${e}`,
      modprobe: () => false,
      missingFamilyErrno: () => 92,
    });
    // list_all() prints its title before asking for the services, as the original
    expect(out).toBe('IP Virtual Server version 1.2.1 (size=4096)\n');
    expect(err).toBe('Invalid operation.  Possibly wrong module version, address not unicast, ...\n');
    expect(status).toBe(1);
  });

  it('reached ≥100,000 cases', () => {
    const total = Object.values(counts).reduce((n, t) => n + t.cases, 0);
    console.log(`[decoder fuzz] seed ${SEED}: ${JSON.stringify(counts)} total ${total}`);
    if (process.env['FUZZ_DECODE_CASES'] === undefined) expect(total).toBeGreaterThanOrEqual(100_000);
  });
});
