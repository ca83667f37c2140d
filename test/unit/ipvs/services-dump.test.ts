// getServices() against a dump that skips a service, as the kernel's does
// when a service before the dump's saved index is deleted between two
// datagrams (no NLM_F_DUMP_INTR is set for IPVS dumps).

import { describe, expect, it } from 'vitest';
import { IpvsClient } from '../../../src/ipvs/client.js';
import { CMD } from '../../../src/ipvs/constants.js';
import type { Transport } from '../../../src/netlink/transport.js';
import { kernelWithServices } from '../helpers/services.js';

/** Three services, one per datagram; the first `skipping` service dumps lose their second datagram's service. */
function skippingKernel(skipping: number, perDatagram = 1): { t: Transport; dumps: () => number } {
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
  return { t, dumps: () => dumps };
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
