import { describe, expect, it } from 'vitest';
import { cmpDests, cmpServices, msort, sortDests, sortPlainServices, sortServices } from '../../../src/ipvs/sort.js';
import { AF_INET6, type ServiceEntry } from '../../../src/ipvs/types.js';
import { dest, fmt, KERNEL, svc, v4, v6 } from '../format/fixture.js';
import { formatServiceLine } from '../../../src/format/list.js';
import { noNames } from '../../../src/common/names.js';

const label = (s: ServiceEntry): string => formatServiceLine(s, fmt({ numeric: true }), noNames).replace(/( wlc)?\n$/, '');
const tcp = (a: string, port = 80): ServiceEntry => svc({ addr: v4(a), port });

describe('§6.8 comparators', () => {
  it('overflowing IPv4 subtraction', () => {
    expect(cmpServices(tcp('192.168.1.1'), tcp('10.0.0.1'))).toBeLessThan(0);
    expect(cmpServices(tcp('10.0.0.1'), tcp('192.168.1.1'))).toBeGreaterThan(0);
    // not transitive: 10.0.0.1 < 127.0.0.1 < 192.168.1.1 < 10.0.0.1
    expect(cmpServices(tcp('10.0.0.1'), tcp('127.0.0.1'))).toBeLessThan(0);
    expect(cmpServices(tcp('127.0.0.1'), tcp('192.168.1.1'))).toBeLessThan(0);
    expect(cmpDests(dest({ addr: v4('1.0.0.1') }), dest({ addr: v4('200.0.0.1') }))).toBeGreaterThan(0);
  });
  it('fwmark, af, protocol, then port', () => {
    expect(cmpServices(tcp('10.0.0.1'), svc({ protocol: 0, fwmark: 1 }))).toBeLessThan(0);
    expect(cmpServices(tcp('10.0.0.1'), svc({ protocol: 0, fwmark: 0x80000001 }))).toBeGreaterThan(0);
    expect(cmpServices(svc({ protocol: 0, fwmark: 2 }), svc({ af: AF_INET6, protocol: 0, fwmark: 2 }))).toBeLessThan(0);
    expect(cmpServices(tcp('10.0.0.1', 22), tcp('10.0.0.1', 80))).toBe(22 - 80);
  });
});

describe('§6.8 sorted orders', () => {
  it('192.168.1.1 lists before 10.0.0.1 (either input order)', () => {
    expect(sortServices([tcp('10.0.0.1'), tcp('192.168.1.1')]).map(label)).toEqual(['TCP  192.168.1.1:80', 'TCP  10.0.0.1:80']);
    expect(sortServices([tcp('192.168.1.1'), tcp('10.0.0.1')]).map(label)).toEqual(['TCP  192.168.1.1:80', 'TCP  10.0.0.1:80']);
  });
  it('the typical table 200.0.0.1, 1.0.0.1, 10.0.0.1:22, 10.0.0.1:80, 127.0.0.1, 128.0.0.1', () => {
    const want = ['TCP  200.0.0.1:80', 'TCP  1.0.0.1:80', 'TCP  10.0.0.1:22', 'TCP  10.0.0.1:80', 'TCP  127.0.0.1:80', 'TCP  128.0.0.1:80'];
    const asListed = [tcp('200.0.0.1'), tcp('1.0.0.1'), tcp('10.0.0.1', 22), tcp('10.0.0.1'), tcp('127.0.0.1'), tcp('128.0.0.1')];
    expect(sortServices(asListed).map(label)).toEqual(want);
    // The spec does not give the kernel's input order; the reversed table also sorts to it.
    expect(sortServices(asListed.slice().reverse()).map(label)).toEqual(want);
  });
  it('[ff00::1] before [::1]', () => {
    const a = svc({ af: AF_INET6, addr: v6('::1'), port: 80 });
    const b = svc({ af: AF_INET6, addr: v6('ff00::1'), port: 80 });
    expect(sortServices([a, b]).map(label)).toEqual(['TCP  [ff00::1]:80', 'TCP  [::1]:80']);
  });
  it('non-fwmark first, IPv4 before IPv6, TCP < UDP < SCTP, FWM 2 before FWM 2 IPv6', () => {
    const list = [
      svc({ af: AF_INET6, protocol: 0, fwmark: 2 }),
      svc({ protocol: 0, fwmark: 2 }),
      svc({ af: AF_INET6, addr: v6('::1'), port: 80 }),
      svc({ protocol: 132, addr: v4('10.0.0.1'), port: 80 }),
      svc({ protocol: 17, addr: v4('10.0.0.1'), port: 80 }),
      tcp('10.0.0.1'),
    ];
    expect(sortServices(list).map(label)).toEqual([
      'TCP  10.0.0.1:80', 'UDP  10.0.0.1:80', 'SCTP 10.0.0.1:80', 'TCP  [::1]:80', 'FWM  2', 'FWM  2 IPv6',
    ]);
  });
  it('§13 kernel order sorts to the listed order; inputs are not mutated', () => {
    const input = KERNEL.map((e) => e.svc);
    const copy = input.slice();
    expect(sortServices(input).map(label)).toEqual(['TCP  207.175.44.110:80 rr', 'UDP  10.0.0.5:53 sh (sh-port) ops',
      'TCP  [2001:db8::80]:443 wrr persistent 360 mask 64', 'FWM  1 wlc persistent 600 mask 255.255.255.0 pe sip']);
    expect(input).toEqual(copy);
    const d = sortDests([dest({ addr: v4('192.168.10.2') }), dest({ addr: v4('192.168.10.1') })]);
    expect(d.map((x) => x.addr[3])).toEqual([1, 2]);
  });
});

describe('msort_with_tmp', () => {
  it('is stable and splits floor(n/2) first', () => {
    const items = [3, 1, 2, 1, 3, 2].map((k, i) => ({ k, i }));
    expect(msort(items, (a, b) => a.k - b.k).map((x) => x.i)).toEqual([1, 3, 2, 5, 0, 4]);
  });
  it('with an inconsistent comparator gives the merge-sort result, not a generic sort', () => {
    // cmp(a,b) = 1 unless b === a + 1: trace for [0,1,2]: left [0], right sort([1,2]) = [1,2];
    // merge: cmp(0,1) = -1 → 0; then 1, 2 → [0,1,2]. For [2,0,1]: left [2], right [0,1];
    // cmp(2,0) = 1 → 0; cmp(2,1) = 1 → 1; then 2 → [0,1,2].
    const cmp = (a: number, b: number): number => (b === a + 1 ? -1 : 1);
    expect(msort([0, 1, 2], cmp)).toEqual([0, 1, 2]);
    expect(msort([2, 0, 1], cmp)).toEqual([0, 1, 2]);
    // [1,0,2,3]: left sort([1,0]) → cmp(1,0)=1 → [0,1]; right [2,3] → [2,3];
    // merge: cmp(0,2)=1 → 2; cmp(0,3)=1 → 3; then 0,1 → [2,3,0,1].
    expect(msort([1, 0, 2, 3], cmp)).toEqual([2, 3, 0, 1]);
  });
  it('asks the comparator the same pairs in the same order as the allocating recursion', () => {
    // The plain transcription of glibc's msort_with_tmp (a new array per
    // level), kept here as the reference for the in-place version.
    const reference = <T>(list: readonly T[], cmp: (a: T, b: T) => number): T[] => {
      if (list.length <= 1) return list.slice();
      const n1 = Math.floor(list.length / 2);
      const l = reference(list.slice(0, n1), cmp);
      const r = reference(list.slice(n1), cmp);
      const out: T[] = [];
      let i = 0;
      let j = 0;
      while (i < l.length && j < r.length) out.push(cmp(l[i] as T, r[j] as T) <= 0 ? (l[i++] as T) : (r[j++] as T));
      return out.concat(l.slice(i), r.slice(j));
    };
    let seed = 7;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    for (let round = 0; round < 300; round++) {
      const items = Array.from({ length: rnd(40) }, (_, i) => ({ k: rnd(2) ? rnd(8) : rnd(0x7fffffff) * 3, i }));
      // C int subtraction: overflowing, so not transitive.
      const calls: Array<[number, number]> = [];
      const quirky = (log: Array<[number, number]>) => (a: { k: number; i: number }, b: { k: number; i: number }): number => {
        log.push([a.i, b.i]);
        return (a.k - b.k) | 0;
      };
      const refCalls: Array<[number, number]> = [];
      const got = msort(items, quirky(calls)).map((x) => x.i);
      expect(got).toEqual(reference(items, quirky(refCalls)).map((x) => x.i));
      expect(calls).toEqual(refCalls);
    }
  });
  it('sortServices (operands worked out once) orders as msort with cmpServices', () => {
    let seed = 11;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)] as T;
    for (let round = 0; round < 200; round++) {
      const list = Array.from({ length: rnd(60) }, (_, id) => {
        const addr = new Uint8Array(16);
        for (let i = 0; i < 16; i++) addr[i] = rnd(3) === 0 ? 0 : pick([0, 1, 10, 127, 128, 192, 255]);
        return {
          af: pick([2, 10]),
          protocol: pick([6, 17, 132]),
          addr,
          port: pick([0, 80, 443, 0x8000, 0xffff, 0x1ffff]),
          fwmark: rnd(4) === 0 ? pick([1, 2, 0x7fffffff, 0x80000000, 0xffffffff]) : 0,
          id,
        };
      });
      expect(sortServices(list).map((x) => x.id)).toEqual(msort(list, cmpServices).map((x) => x.id));
    }
  });
  it('plain IPv4 tables (the typed-array sort) order as msort with cmpServices, near and far addresses, repeats', () => {
    let seed = 5;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)] as T;
    let fast = 0;
    for (let round = 0; round < 300; round++) {
      // first bytes within 0..127 (less than 2^31 apart) or anywhere (merge sort)
      const spread = [8, 128, 256][round % 3] as number;
      const base = spread === 256 ? 0 : rnd(256 - spread);
      const pool = Array.from({ length: 1 + rnd(60) }, () => {
        const addr = new Uint8Array(16);
        addr[0] = base + rnd(spread);
        for (let i = 1; i < 4; i++) addr[i] = rnd(4) === 0 ? pick([0, 255]) : rnd(256);
        return addr;
      });
      const list = Array.from({ length: 17 + rnd(400) }, (_, id) => {
        const addr = pick(pool).slice(); // several ports per address
        return { af: 2, protocol: pick([6, 6, 17, 132]), addr, port: pick([0, 80, 443, 0x8000, 0xffff, 0x1ffff, rnd(65536)]), fwmark: 0, id };
      });
      const seen = new Set<string>();
      const unique = list.filter((x) => {
        const k = `${x.protocol} ${x.addr.join('.')} ${x.port & 0xffff}`;
        return !seen.has(k) && seen.add(k) !== undefined;
      });
      list.length = 0;
      list.push(...unique);
      if (round % 7 === 0) list.push({ ...(list[rnd(list.length)] as (typeof list)[number]), id: 9999 }); // a repeated key
      const want = msort(list, cmpServices).map((x) => x.id);
      expect(sortServices(list).map((x) => x.id)).toEqual(want);
      if (sortPlainServices(list) !== undefined) fast++;
    }
    expect(fast).toBeGreaterThan(150); // two thirds near, less the repeats
  });
});
