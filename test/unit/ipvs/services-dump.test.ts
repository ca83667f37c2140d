// getServices() against a dump that skips a service, as the kernel's does
// when a service before the dump's saved index is deleted between two
// datagrams (no NLM_F_DUMP_INTR is set for IPVS dumps).

import { describe, expect, it } from 'vitest';
import { IpvsClient } from '../../../src/ipvs/client.js';
import { CMD } from '../../../src/ipvs/constants.js';
import type { Transport } from '../../../src/netlink/transport.js';
import type { FakeKernel } from '../helpers/fake-kernel.js';
import { kernelWithServices } from '../helpers/services.js';

/** Three services, one per datagram; the first `skipping` service dumps lose their second datagram's service. */
function skippingKernel(skipping: number, perDatagram = 1): { t: Transport; dumps: () => number; kernel: FakeKernel } {
  const k = kernelWithServices([1, 2, 3], { perDatagram });
  let dumps = 0;
  let datagram = 0;
  const t: Transport = {
    portId: k.portId,
    send: (d) => {
      k.send(d);
      if ((new DataView(d.buffer, d.byteOffset).getUint16(6, true) & 0x300) === 0x300 && d[16] === CMD.GET_SERVICE) {
        dumps++;
        datagram = 0;
      }
    },
    receive: () => {
      const d = k.receive();
      datagram++;
      if (dumps === 0 || dumps > skipping || datagram !== 2) return d;
      return k.receive(); // the second service never arrives
    },
    close: () => undefined,
  };
  return { t, dumps: () => dumps, kernel: k };
}

const addrs = (c: IpvsClient): number[] => c.getServices().map((s) => s.addr[3] ?? 0);

describe('getServices() and a dump that skips a service', () => {
  it('a multi-datagram dump is taken again until two agree; the union lists every service', () => {
    const { t, dumps } = skippingKernel(1);
    expect(addrs(new IpvsClient(t, { seq: 1 })).sort()).toEqual([1, 2, 3]);
    expect(dumps()).toBe(3);
  });

  it('a consistent multi-datagram table costs one extra dump', () => {
    const { t, dumps } = skippingKernel(0);
    expect(addrs(new IpvsClient(t, { seq: 1 }))).toHaveLength(3);
    expect(dumps()).toBe(2);
  });

  it('a dump in one datagram is a snapshot: one dump', () => {
    const { t, dumps } = skippingKernel(0, 10);
    expect(addrs(new IpvsClient(t, { seq: 1 }))).toHaveLength(3);
    expect(dumps()).toBe(1);
  });
});

describe('getServices() with a second socket for every second dump', () => {
  /** Every dump through `main` loses the service of its second datagram (cut at the same place each time); other() opens a socket that does not. */
  function losingOnOneSocket(): { main: Transport; other: () => Transport; opened: () => number; closed: () => number } {
    const { t, kernel: k } = skippingKernel(Infinity);
    let opened = 0;
    let closed = 0;
    const other = (): Transport => {
      opened++;
      return { portId: k.portId, send: (d) => k.send(d), receive: () => k.receive(), close: () => void closed++ };
    };
    return { main: t, other, opened: () => opened, closed: () => closed };
  }

  it('a service every dump on one socket loses is found by the dump on the other', () => {
    const s = losingOnOneSocket();
    const c = new IpvsClient(s.main, { seq: 1, openDumpTransport: s.other });
    expect(addrs(c).sort()).toEqual([1, 2, 3]);
    expect(s.opened()).toBeGreaterThan(0);
    expect(s.closed()).toBe(s.opened());
  });

  it('without it, the same loss on every dump stays lost (what the option is for)', () => {
    const s = losingOnOneSocket();
    expect(addrs(new IpvsClient(s.main, { seq: 1 })).sort()).toEqual([1, 3]);
    expect(s.opened()).toBe(0);
  });

  it('a second socket that cannot be opened: the dumps go through the first', () => {
    const s = losingOnOneSocket();
    const c = new IpvsClient(s.main, {
      seq: 1,
      openDumpTransport: () => {
        throw new Error('EMFILE');
      },
    });
    expect(addrs(c).sort()).toEqual([1, 3]);
  });

  it('a dump with a repeat is never one of the two that agree', () => {
    // main loses service 2 on every dump; the first dump on another socket
    // loses it too and repeats service 3, later ones list all three. The
    // clean dump after the repeated one must not stop the listing by
    // agreeing with the clean dump before it.
    const s = losingOnOneSocket();
    const { kernel: k } = skippingKernel(0);
    let opened = 0;
    const other = (): Transport => {
      const first = ++opened === 1;
      let datagram = 0;
      let held: Uint8Array | undefined;
      return {
        portId: k.portId,
        send: (d) => k.send(d),
        receive: () => {
          if (!first) return k.receive();
          datagram++;
          if (datagram === 2) k.receive(); // service 2 lost
          if (datagram === 3 && held !== undefined) return held; // service 3 again
          const d = k.receive();
          if (datagram === 2) held = d;
          return d;
        },
        close: () => undefined,
      };
    };
    const c = new IpvsClient(s.main, { seq: 1, openDumpTransport: other });
    expect(addrs(c).sort()).toEqual([1, 2, 3]);
    expect(opened).toBeGreaterThan(1);
  });

  it('a one-datagram dump opens no second socket', () => {
    const k = kernelWithServices([1, 2, 3], { perDatagram: 10 });
    let opened = 0;
    const c = new IpvsClient(k, { seq: 1, openDumpTransport: () => (opened++, k) });
    expect(addrs(c)).toHaveLength(3);
    expect(opened).toBe(0);
  });
});
