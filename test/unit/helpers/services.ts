// A fake kernel holding TCP services 10.0.0.<n>:80 (rr), for dump tests.

import { IpvsClient } from '../../../src/ipvs/client.js';
import { FakeKernel, type FakeKernelOptions } from './fake-kernel.js';

export function kernelWithServices(lastOctets: readonly number[], opts: FakeKernelOptions = {}): FakeKernel {
  const k = new FakeKernel(opts);
  const c = new IpvsClient(k, { seq: 1 });
  const base = { schedName: 'rr', peName: '', flags: 0, timeout: 0, netmask: 0xffffffff, protocol: 6, fwmark: 0, af: 2 };
  for (const last of lastOctets) {
    const addr = new Uint8Array(16);
    addr.set([10, 0, 0, last]);
    c.addService({ ...base, addr, port: 80 });
  }
  return k;
}
