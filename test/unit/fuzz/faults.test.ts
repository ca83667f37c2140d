// Faults that need no kernel (issue 8): a netlink reply that never comes
// (the transport's receive timeout, EAGAIN) and an exception nobody
// expected reaching main(). The kernel-side faults are in
// test/kernel/faults.test.ts.

import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SyscallError } from '../../../src/netlink/errors.js';
import type { Transport } from '../../../src/netlink/transport.js';
import { FakeKernel } from '../helpers/fake-kernel.js';
import { kernelWithServices } from '../helpers/services.js';
import { ipvsadm } from '../app/run.js';
import { IpvsClient } from '../../../src/ipvs/client.js';
import { CMD } from '../../../src/ipvs/constants.js';

// main() with runWith() replaced by one that throws: the in-process way to
// force an uncaught exception without a production backdoor.
const boom = vi.hoisted(() => ({ error: undefined as unknown }));
vi.mock('../../../src/app/ipvsadm.js', async (orig) => {
  const real = await orig<typeof import('../../../src/app/ipvsadm.js')>();
  return {
    ...real,
    runWith: (...args: Parameters<typeof real.runWith>) => {
      if (boom.error !== undefined) throw boom.error;
      return real.runWith(...args);
    },
  };
});

/** Answers the controller and GET_INFO, then never answers again. */
class GoesSilent implements Transport {
  private readonly k = new FakeKernel();
  readonly portId = this.k.portId;
  sends = 0;
  receives = 0;
  constructor(private readonly answered: number) {}
  send(d: Uint8Array): void {
    if (++this.sends <= this.answered) this.k.send(d);
  }
  receive(): Uint8Array {
    if (++this.receives > 100) throw new Error('still waiting: would hang');
    try {
      return this.k.receive();
    } catch {
      throw new SyscallError('recv', 11); // what SO_RCVTIMEO gives
    }
  }
  close(): void {}
}

describe('a netlink reply that never comes', () => {
  const run = (answered: number, args: string[]) => {
    const t = new GoesSilent(answered);
    return { t, ...ipvsadm(new FakeKernel(), args, '', { openClient: () => new IpvsClient(t, { seq: 1 }), libcStrerror: (e) => (e === 11 ? 'Resource temporarily unavailable' : `errno ${e}`) }) };
  };

  it('during initialisation: one clear message, status 2', () => {
    const r = run(0, ['-Ln']);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      "Can't initialize ipvs: Resource temporarily unavailable\nAre you sure that IP Virtual Server is built in the kernel or as module?\n",
    );
    expect(r.status).toBe(2);
    expect(r.t.receives).toBeLessThan(10);
  });

  it('during a listing: the title, then one line naming the problem, status 1', () => {
    const r = run(2, ['-Ln']);
    expect(r.stdout).toBe('IP Virtual Server version 1.2.1 (size=4096)\n');
    expect(r.stderr).toBe('Resource temporarily unavailable\n');
    expect(r.status).toBe(1);
  });

  it('during a change: one line, status 255', () => {
    const r = run(2, ['-A', '-t', '10.0.0.1:80']);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('Resource temporarily unavailable\n');
    expect(r.status).toBe(255);
  });

  it('during a restore: each line reports it, no hang', () => {
    const r = run(2, ['-R']);
    expect(r.status).toBe(0); // empty input: nothing to do
    const r2 = (() => {
      const t = new GoesSilent(2);
      return ipvsadm(new FakeKernel(), ['-R'], '-A -t 10.0.0.1:80\n-A -t 10.0.0.2:80\n', {
        openClient: () => new IpvsClient(t, { seq: 1 }),
        libcStrerror: (e) => (e === 11 ? 'Resource temporarily unavailable' : `errno ${e}`),
      });
    })();
    expect(r2.stderr).toMatch(/^(Resource temporarily unavailable\n)+$/);
    expect(r2.status).toBe(255);
  });
});

describe('an uncaught exception reaching main()', () => {
  afterEach(() => {
    boom.error = undefined;
    vi.restoreAllMocks();
  });

  for (const [what, error, text] of [
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'af')"), "Cannot read properties of undefined (reading 'af')"],
    ['a thrown string', 'something odd', 'something odd'],
    ['an Error with a multi-line message', new Error('first line\nsecond line'), 'first line second line'],
  ] as const) {
    it(`${what}: one line naming the problem, non-zero status, no stack trace`, async () => {
      const { main } = await import('../../../src/entry/ipvsadm.js');
      boom.error = error;
      const dir = mkdtempSync(join(tmpdir(), 'faults-'));
      const out = openSync(join(dir, 'out'), 'w+');
      const errFd = openSync(join(dir, 'err'), 'w+');
      let status: number;
      try {
        status = main(['node', '/usr/sbin/ipvsadm', '-Ln'], { out, err: errFd });
      } finally {
        closeSync(out);
        closeSync(errFd);
      }
      const err = readFileSync(join(dir, 'err'), 'utf8');
      rmSync(dir, { recursive: true, force: true });
      expect(status).not.toBe(0);
      expect(err.split('\n').filter((l) => l !== '')).toHaveLength(1);
      expect(err).toMatch(/^\S*ipvsadm: internal error: /);
      expect(err.endsWith(`${text}\n`)).toBe(true);
      expect(err).toContain(text.split(' ')[0]);
      expect(err).not.toMatch(/\n\s+at /);
    });
  }
});

describe('a service dump racing concurrent changes', () => {
  /** Repeats the first service message of the first `bad` dumps, as a shifted kernel dump does. */
  function racing(bad: number): { t: Transport; dumps: () => number } {
    const k = kernelWithServices([1, 2, 3], { perDatagram: 10 });
    let dumps = 0;
    const t: Transport = {
      portId: k.portId,
      send: (d) => {
        k.send(d);
        if ((new DataView(d.buffer, d.byteOffset).getUint16(6, true) & 0x300) === 0x300 && d[16] === CMD.GET_SERVICE) dumps++;
      },
      receive: () => {
        const d = k.receive();
        if (dumps > bad || d.length < 40 || new DataView(d.buffer, d.byteOffset).getUint16(4, true) !== 0x25) return d;
        const first = new DataView(d.buffer, d.byteOffset).getUint32(0, true);
        const out = new Uint8Array(d.length + first);
        out.set(d.subarray(0, first));
        out.set(d, first); // the first service message twice
        return out;
      },
      close: () => undefined,
    };
    return { t, dumps: () => dumps };
  }

  it('a repeated service makes the client dump again; the listing shows each service once', () => {
    const { t, dumps } = racing(1);
    const r = ipvsadm(new FakeKernel(), ['-Ln'], '', { openClient: () => new IpvsClient(t, { seq: 1 }) });
    expect(r.status).toBe(0);
    expect(r.stdout.match(/^TCP {2}10\.0\.0\.\d:80 rr$/gm)).toEqual(['TCP  10.0.0.1:80 rr', 'TCP  10.0.0.2:80 rr', 'TCP  10.0.0.3:80 rr']);
    expect(dumps()).toBe(2);
  });

  it('repeats that persist are dropped after a few dumps, never shown twice', () => {
    const { t, dumps } = racing(100);
    const r = ipvsadm(new FakeKernel(), ['-Sn'], '', { openClient: () => new IpvsClient(t, { seq: 1 }) });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('-A -t 10.0.0.1:80 -s rr\n-A -t 10.0.0.2:80 -s rr\n-A -t 10.0.0.3:80 -s rr\n');
    expect(dumps()).toBe(8);
  });
});
