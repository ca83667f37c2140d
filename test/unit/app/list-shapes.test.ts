// Whatever the shape of the table, and with dumps cut into small
// datagrams, -S must give back every rule once: what -R was given, nothing
// lost and nothing repeated; -L lists every service and server once.

import { describe, expect, it } from 'vitest';
import { FakeKernel } from '../helpers/fake-kernel.js';
import { ipvsadm } from './run.js';

/** Save-format rules of `services` services, service i with servers(i) servers. */
function rules(services: number, servers: (i: number) => number): string[] {
  const out: string[] = [];
  for (let i = 0; i < services; i++) {
    const vip = `10.1.${i >> 8}.${i & 255}:80`;
    out.push(`-A -t ${vip} -s rr`);
    for (let d = 0; d < servers(i); d++) out.push(`-a -t ${vip} -r 172.16.${i & 255}.${d + 1}:8080 -m -w ${1 + (d % 5)}`);
  }
  return out;
}

describe('listings of many services', () => {
  const shapes: [string, number, (i: number) => number][] = [
    ['100 x 3', 100, () => 3],
    ['70 x 30', 70, () => 30],
    ['small first, then big', 60, (i) => (i < 10 ? 1 : 25)],
    ['big first, then small', 60, (i) => (i < 10 ? 40 : 0)],
    ['7 services', 7, (i) => i],
    ['8 services', 8, () => 2],
    ['9 services', 9, () => 2],
    ['33 x 0', 33, () => 0],
  ];
  for (const [name, n, servers] of shapes) {
    it(`-Sn gives back every rule once: ${name}`, () => {
      const k = new FakeKernel({ perDatagram: 3 });
      const input = rules(n, servers);
      const r = ipvsadm(k, ['-R'], `${input.join('\n')}\n`);
      expect(r.status).toBe(0);
      const saved = ipvsadm(k, ['-Sn']);
      expect(saved.status).toBe(0);
      expect(saved.stderr).toBe('');
      const lines = saved.stdout.split('\n').filter((l) => l !== '');
      expect(lines).toHaveLength(input.length);
      expect([...lines].sort()).toEqual([...input].sort());
      const listed = ipvsadm(k, ['-Ln']).stdout.split('\n');
      expect(listed.filter((l) => l.startsWith('TCP  '))).toHaveLength(n);
      expect(listed.filter((l) => l.startsWith('  -> ') && !l.includes('RemoteAddress'))).toHaveLength(input.length - n);
    });
  }
});
