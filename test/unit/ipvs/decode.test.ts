// Kernel-like replies built by hand in the attribute order of spec §7.3/§7.4
// (kernel replies do not set NLA_F_NESTED).
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../src/netlink/errors.js';
import { createHash } from 'node:crypto';
import { decodeDaemon, decodeDest, decodeInfo, decodeService, decodeTimeouts, serviceIdentity } from '../../../src/ipvs/decode.js';
import { hexBytes } from '../helpers/hex.js';

/** A stats nest: 32-bit counters (STATS) or all 64-bit (STATS64); values 1..10 (+ high bits for 64). */
function stats(type: number, wide: boolean, high = 0, count = 10): string[] {
  const out: string[] = [];
  for (let i = 1; i <= count; i++) {
    const w = wide || i === 4 || i === 5;
    const hi = high.toString(16).padStart(2, '0');
    out.push(w ? `0c00 ${i.toString(16).padStart(2, '0')}00 ${i.toString(16).padStart(2, '0')}000000 ${hi}000000` : `0800 ${i.toString(16).padStart(2, '0')}00 ${i.toString(16).padStart(2, '0')}000000`);
  }
  const len = out.reduce((n, s) => n + s.replace(/ /g, '').length / 2, 4);
  return [`${len.toString(16).padStart(2, '0')}00 ${type.toString(16).padStart(2, '0')}00`, ...out];
}
const nestLen = (fields: string[]) => fields.reduce((n, s) => n + s.replace(/ /g, '').length / 2, 4);
function top(type: number, fields: string[]): string[] {
  const len = nestLen(fields);
  return [`${(len & 0xff).toString(16).padStart(2, '0')}${(len >> 8).toString(16).padStart(2, '0')} ${type.toString(16).padStart(2, '0')}00`, ...fields];
}

const svcTcp = [
  '0600 0100 0200 0000', // AF 2
  '0600 0200 0600 0000', // PROTOCOL 6
  '1400 0300 0a000001 00000000 00000000 00000000', // ADDR 10.0.0.1
  '0600 0400 0050 0000', // PORT 80
  '0800 0600 776c6300', // SCHED_NAME wlc
  '0c00 0700 03000000 ffffffff', // FLAGS PERSISTENT|HASHED
  '0800 0800 2c010000', // TIMEOUT 300
  '0800 0900 ffffff00', // NETMASK 255.255.255.0
];

describe('decodeService', () => {
  it('TCP service with STATS then STATS64: 64-bit values win', () => {
    const s = decodeService(hexBytes(top(1, [...svcTcp, ...stats(10, false), ...stats(12, true, 1)])));
    expect(s).toMatchObject({ af: 2, protocol: 6, port: 80, fwmark: 0, schedName: 'wlc', peName: '', flags: 3, timeout: 300, netmask: 0xffffff00 });
    expect(Array.from(s.addr)).toEqual([10, 0, 0, 1, ...new Array<number>(12).fill(0)]);
    expect(s.stats.conns).toBe(1n + (1n << 32n));
    expect(s.stats.outbps).toBe(10n + (1n << 32n));
  });

  it('STATS only: u32 counters, u64 byte counters', () => {
    const s = decodeService(hexBytes(top(1, [...svcTcp, ...stats(10, false)])));
    expect(s.stats).toEqual({ conns: 1n, inpkts: 2n, outpkts: 3n, inbytes: 4n, outbytes: 5n, cps: 6n, inpps: 7n, outpps: 8n, inbps: 9n, outbps: 10n });
  });

  it('no stats: zeros; fwmark IPv6 service with PE and prefix netmask', () => {
    const s = decodeService(
      hexBytes(
        top(1, [
          '0600 0100 0a00 0000', // AF 10
          '0800 0500 05000000', // FWMARK 5
          '0800 0600 6d6800 00', // SCHED_NAME mh
          '0800 0b00 73697000', // PE_NAME sip
          '0c00 0700 13000000 0f000000', // FLAGS 0x13 & mask 0x0f
          '0800 0800 00000000', // TIMEOUT
          '0800 0900 40000000', // NETMASK /64, host order
        ]),
      ),
    );
    expect(s).toMatchObject({ af: 10, protocol: 0, port: 0, fwmark: 5, schedName: 'mh', peName: 'sip', flags: 3, netmask: 64 });
    expect(s.stats.conns).toBe(0n);
  });

  it('missing required attributes are DecodeErrors with a path', () => {
    expect(() => decodeService(hexBytes(top(1, svcTcp.filter((f) => !f.startsWith('0800 0900')))))).toThrow(
      /IPVS_CMD_ATTR_SERVICE › IPVS_SVC_ATTR_NETMASK: missing/,
    );
    expect(() => decodeService(hexBytes(top(1, svcTcp.filter((f) => !f.startsWith('0600 0400')))))).toThrow(DecodeError);
    expect(() => decodeService(hexBytes(top(1, [...svcTcp, ...stats(10, false, 0, 5)])))).toThrow(/IPVS_STATS_ATTR_CPS: missing/);
    expect(() => decodeService(hexBytes([]))).toThrow(/IPVS_CMD_ATTR_SERVICE: missing/);
  });
});

describe('stats nests', () => {
  /** STATS64 with every counter = lo + hi << 32. */
  const wide = (lo: number, hi: number): string[] => {
    const h = (n: number) => n.toString(16).padStart(2, '0');
    const out: string[] = [];
    for (let i = 1; i <= 10; i++) out.push(`0c00 ${h(i)}00 ${h(lo)}000000 ${h(hi)}000000`);
    return ['7c00 0c00', ...out];
  };
  const zero = { conns: 0n, inpkts: 0n, outpkts: 0n, inbytes: 0n, outbytes: 0n, cps: 0n, inpps: 0n, outpps: 0n, inbps: 0n, outbps: 0n };

  it('idle counters decode as zeros', () => {
    expect(decodeService(hexBytes(top(1, [...svcTcp, ...wide(0, 0)]))).stats).toEqual(zero);
  });

  it('a counter with only high bits set is not taken for zero', () => {
    expect(decodeService(hexBytes(top(1, [...svcTcp, ...wide(0, 1)]))).stats.conns).toBe(1n << 32n);
  });

  it('a counter of the wrong size is a DecodeError naming it; the last of a type wins', () => {
    const bad = [...svcTcp, '7800 0c00', '0800 0100 01000000', ...wide(0, 0).slice(2)];
    expect(() => decodeService(hexBytes(top(1, bad)))).toThrow(/IPVS_STATS_ATTR_CONNS: want 8 bytes, got 4/);
    const fixed = [...svcTcp, '8400 0c00', '0800 0100 01000000', ...wide(2, 0).slice(1)];
    expect(decodeService(hexBytes(top(1, fixed))).stats.conns).toBe(2n);
  });

  it('attributes may start after a genl header (start offset)', () => {
    const body = hexBytes(top(1, [...svcTcp, ...stats(10, false)]));
    const withHeader = new Uint8Array(4 + body.length);
    withHeader.set([4, 1, 0, 0]);
    withHeader.set(body, 4);
    expect(decodeService(withHeader, 4)).toEqual(decodeService(body));
  });
});

describe('serviceIdentity', () => {
  it('is equal exactly when family, fwmark and (without fwmark) protocol, port and all 16 address bytes are', () => {
    let seed = 5;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    const pick = <T,>(xs: readonly T[]): T => xs[rnd(xs.length)] as T;
    const svcs = Array.from({ length: 400 }, () => {
      const addr = new Uint8Array(16);
      addr[0] = pick([10, 192]);
      addr[3] = pick([1, 2]);
      if (rnd(8) === 0) addr[pick([4, 9, 15])] = 1; // bytes past an IPv4 address
      return { af: pick([2, 10]), protocol: pick([6, 17, 132, 31, 32]), port: pick([0, 80, 65535]), fwmark: pick([0, 0, 0, 1, 4294967295]), addr };
    });
    const same = (a: (typeof svcs)[number], b: (typeof svcs)[number]): boolean =>
      a.af === b.af && a.fwmark === b.fwmark && (a.fwmark !== 0 || (a.protocol === b.protocol && a.port === b.port && a.addr.every((x, i) => x === b.addr[i])));
    const id = (x: (typeof svcs)[number]) => serviceIdentity(x.af, x.protocol, x.port, x.fwmark, x.addr);
    let numbers = 0;
    for (const a of svcs) {
      if (typeof id(a) === 'number') numbers++;
      for (const b of svcs) expect(id(a) === id(b), JSON.stringify([a, b])).toBe(same(a, b));
    }
    expect(numbers).toBeGreaterThan(50); // the usual IPv4 services get numbers
  });
});

describe('decodeDest', () => {
  const destAttrs = [
    '1400 0100 c0a80a01 00000000 00000000 00000000', // ADDR 192.168.10.1
    '0600 0200 1f90 0000', // PORT 8080
    '0800 0300 02000000', // FWD_METHOD tunnel
    '0800 0400 05000000', // WEIGHT 5
    '0500 0d00 01 000000', // TUN_TYPE gue
    '0600 0e00 17c0 0000', // TUN_PORT 6080
    '0600 0f00 0100 0000', // TUN_FLAGS csum
    '0800 0500 64000000', // U_THRESH 100
    '0800 0600 0a000000', // L_THRESH 10
    '0800 0700 07000000', // ACTIVE_CONNS 7
    '0800 0800 08000000', // INACT_CONNS 8
    '0800 0900 09000000', // PERSIST_CONNS 9
  ];

  it('kernel order with ADDR_FAMILY, STATS, STATS64 (full 64-bit values kept)', () => {
    const d = decodeDest(hexBytes(top(2, [...destAttrs, '0600 0b00 0200 0000', ...stats(10, false), ...stats(12, true, 2)])), 10);
    expect(d).toMatchObject({
      af: 2, port: 8080, fwdMethod: 2, weight: 5, tunType: 1, tunPort: 6080, tunFlags: 1,
      uThreshold: 100, lThreshold: 10, activeConns: 7, inactConns: 8, persistConns: 9,
    });
    expect(d.stats.conns).toBe(1n + (2n << 32n));
  });

  it('ADDR_FAMILY and tunnel attributes absent: service family, zeros', () => {
    const d = decodeDest(hexBytes(top(2, destAttrs.filter((f) => !/^0[56]00 0[def]00/.test(f)))), 10);
    expect(d).toMatchObject({ af: 10, tunType: 0, tunPort: 0, tunFlags: 0 });
  });

  it('ACTIVE_CONNS is required', () => {
    expect(() => decodeDest(hexBytes(top(2, destAttrs.filter((f) => !f.startsWith('0800 0700')))), 2)).toThrow(/IPVS_DEST_ATTR_ACTIVE_CONNS/);
  });
});

describe('info, timeouts, daemons', () => {
  it('GET_INFO reply needs both attributes', () => {
    expect(decodeInfo(hexBytes(['0800 0100 01020100', '0800 0200 00100000']))).toEqual({ version: 0x010201, connTabSize: 4096 });
    expect(() => decodeInfo(hexBytes(['0800 0100 01020100']))).toThrow(/IPVS_INFO_ATTR_CONN_TAB_SIZE: missing/);
  });

  it('timeouts are optional', () => {
    expect(decodeTimeouts(hexBytes(['0800 0400 84030000', '0800 0600 2c010000']))).toEqual({ tcp: 900, tcpFin: 0, udp: 300 });
  });

  it('daemon with an IPv4 group (network order bytes)', () => {
    const d = decodeDaemon(
      hexBytes(
        top(3, [
          '0800 0100 01000000', // STATE master
          '0900 0200 65746830 00 000000', // MCAST_IFN eth0
          '0800 0300 00000000', // SYNC_ID 0
          '0600 0400 c005 0000', // SYNC_MAXLEN 1472
          '0600 0700 9022 0000', // MCAST_PORT 8848, host order
          '0500 0800 01 000000', // MCAST_TTL 1
          '0800 0500 e0000051', // MCAST_GROUP 224.0.0.81
        ]),
      ),
    );
    expect(d).toMatchObject({ state: 1, mcastIfn: 'eth0', syncId: 0, syncMaxLen: 1472, mcastPort: 8848, mcastTtl: 1 });
    expect(d.mcastGroup?.af).toBe(2);
    expect(Array.from(d.mcastGroup?.addr.subarray(0, 4) ?? [])).toEqual([224, 0, 0, 81]);
  });
});

describe('decoders on random mutations of valid replies', () => {
  const svcTcp = [
    '0600 0100 0200 0000', '0600 0200 0600 0000', '1400 0300 0a000001 00000000 00000000 00000000', '0600 0400 0050 0000',
    '0800 0600 776c6300', '0c00 0700 03000000 ffffffff', '0800 0800 2c010000', '0800 0900 ffffff00',
  ];
  const svcMark = ['0600 0100 0a00 0000', '0800 0500 05000000', '0800 0600 6d6800 00', '0c00 0700 00000000 ffffffff', '0800 0800 00000000', '0800 0900 40000000', '0800 0b00 73697000'];
  const dest = [
    '1400 0100 c0a80a01 00000000 00000000 00000000', '0600 0200 1f90 0000', '0800 0300 02000000', '0800 0400 05000000',
    '0500 0d00 01 000000', '0600 0e00 17c0 0000', '0600 0f00 0100 0000', '0800 0500 64000000', '0800 0600 0a000000',
    '0800 0700 07000000', '0800 0800 08000000', '0800 0900 09000000', '0600 0b00 0200 0000',
  ];
  const outcome = (f: () => unknown): unknown => {
    try {
      return { ok: f() };
    } catch (e) {
      return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
    }
  };
  let seed = 5;
  const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;

  // DIGEST: the outcomes (values and DecodeError messages) these 2,000
  // replies had from the table decoders when the listing decoders were
  // fast scans checked against them; the one decoder per nest must keep them.
  const DIGEST = '6594f05b37a94e4bbe29341cf6c90d42b0606b3d69fdab5d66d8c9f647b01fed';

  it('give the values and the precise errors the table reference gave', () => {
    const cases: Array<[string, Uint8Array]> = [
      ['svc', hexBytes(top(1, [...svcTcp, ...stats(10, false), ...stats(12, true, 1)]))],
      ['svc', hexBytes(top(1, [...svcMark, ...stats(10, false)]))],
      ['svc', hexBytes(top(1, svcTcp))],
      ['dest', hexBytes(top(2, [...dest, ...stats(10, false), ...stats(12, true, 3)]))],
      ['dest', hexBytes(top(2, dest.slice(0, 4).concat(dest.slice(7, 12))))],
    ];
    const hash = createHash('sha256');
    let ok = 0;
    for (const [kind, good] of cases) {
      for (let round = 0; round < 400; round++) {
        const b = good.slice();
        const flips = round === 0 ? 0 : 1 + rnd(3);
        for (let k = 0; k < flips; k++) b[rnd(b.length)] = rnd(4) === 0 ? 0 : rnd(256);
        const got = kind === 'svc' ? outcome(() => decodeService(b)) : outcome(() => decodeDest(b, 10));
        if ('ok' in (got as object)) ok++;
        hash.update(JSON.stringify(got, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? Array.from(v) : v)));
      }
    }
    expect(ok).toBe(931);
    expect(hash.digest('hex')).toBe(DIGEST);
  });
});
