// Golden request bytes (spec §6), captured from Debian's ipvsadm 1.31, as
// sent by IpvsClient over the fake kernel. Sequence numbers are injected:
// SEQ0 is the family lookup, SEQ the request under test.
import { describe, expect, it } from 'vitest';
import { AttrTable, iterAttrs } from '../../../src/netlink/attr-reader.js';
import { toHex } from '../../../src/netlink/bytes.js';
import { parseGenl } from '../../../src/netlink/genl.js';
import { parseMessages } from '../../../src/netlink/message.js';
import { IpvsClient } from '../../../src/ipvs/client.js';
import type { Daemon, Dest, Service } from '../../../src/ipvs/types.js';
import { FakeKernel } from '../helpers/fake-kernel.js';
import { hexBytes } from '../helpers/hex.js';

const SEQ0 = 0x5f5e1000;
const PID = 0x1234;

/** Runs fn on a fresh client and returns the bytes of the request after the family lookup. */
function sentBy(fn: (c: IpvsClient) => void, prepare?: (c: IpvsClient) => void): Uint8Array {
  const k = new FakeKernel({ portId: PID });
  const c = new IpvsClient(k, { seq: SEQ0 });
  prepare?.(c);
  const before = k.sent.length;
  try {
    fn(c);
  } catch {
    // errors do not matter here, the request bytes do
  }
  return k.sent[Math.max(before, 1)] as Uint8Array;
}
const golden = (fields: string[], n = 1) => hexBytes(fields, SEQ0 + n, PID);

/** [type, payload hex] of every attribute inside the nest `top` of a sent request. */
function nest(d: Uint8Array, top: number): [number, string][] {
  const m = parseMessages(d)[0];
  if (!m) throw new Error('no message');
  const inner = new AttrTable(parseGenl(m.payload).attrs).raw(top);
  return [...iterAttrs(inner)].map((a) => [a.type, toHex(a.data)]);
}

const v4 = (...b: number[]) => new Uint8Array([...b, ...new Array<number>(12).fill(0)]);
const svc = (s: Partial<Service>): Service => ({
  af: 2, protocol: 6, addr: v4(10, 0, 0, 1), port: 80, fwmark: 0,
  schedName: 'wlc', peName: '', flags: 0, timeout: 0, netmask: 0xffffffff, ...s,
});
const dest = (d: Partial<Dest>): Dest => ({
  af: 2, addr: v4(192, 168, 10, 1), port: 80, fwdMethod: 3, weight: 1,
  uThreshold: 0, lThreshold: 0, tunType: 0, tunPort: 0, tunFlags: 0, ...d,
});

describe('requests without attributes (spec §6.3)', () => {
  it.each([
    ['GET_INFO', (c: IpvsClient) => c.getInfo(), '0f', '0500'],
    ['GET_SERVICE dump', (c: IpvsClient) => c.getServices(), '04', '0503'],
    ['GET_TIMEOUT', (c: IpvsClient) => c.getTimeouts(), '0d', '0500'],
    ['GET_DAEMON dump', (c: IpvsClient) => c.getDaemons(), '0b', '0503'],
    ['FLUSH', (c: IpvsClient) => c.flush(), '11', '0500'],
    ['ZERO (all)', (c: IpvsClient) => c.zero(null), '10', '0500'],
  ])('%s', (_name, fn, cmd, flags) => {
    expect(sentBy(fn)).toEqual(
      golden([
        '14000000', // len 20
        '2500', // IPVS family id
        flags, // REQUEST|ACK (0x5), dumps |DUMP (0x305)
        'SEQ',
        'PID',
        `${cmd} 01 0000`, // cmd, version 1
      ]),
    );
  });

  it('first message is the family lookup of "IPVS"', () => {
    const k = new FakeKernel({ portId: PID });
    new IpvsClient(k, { seq: SEQ0 }).flush();
    expect(k.sent[0]).toEqual(hexBytes(['20000000 1000 0500 SEQ PID', '03 01 0000', '0900 0200 49505653 00 000000'], SEQ0, PID));
    expect(k.sent).toHaveLength(2); // family id cached
  });
});

describe('NEW_SERVICE (spec §6.1)', () => {
  it('-A -t 10.0.0.1:80 (full message, 104 bytes)', () => {
    expect(sentBy((c) => c.addService(svc({})))).toEqual(
      golden([
        '68000000 2500 0500 SEQ PID', // len 0x68, family, REQUEST|ACK
        '01 01 0000', // NEW_SERVICE, version 1
        '5400 0180', // SERVICE, NLA_F_NESTED, len 0x54
        '0600 0100 0200 0000', // AF = 2
        '0600 0200 0600 0000', // PROTOCOL = 6
        '1400 0300 0a000001 00000000 00000000 00000000', // ADDR 10.0.0.1
        '0600 0400 0050 0000', // PORT 80, network order
        '0800 0600 776c6300', // SCHED_NAME "wlc"
        '0c00 0700 00000000 ffffffff', // FLAGS {0, mask ~0}
        '0800 0800 00000000', // TIMEOUT 0
        '0800 0900 ffffffff', // NETMASK 255.255.255.255
      ]),
    );
  });

  it('-A -t 192.168.1.1:80 -s rr -p', () => {
    const d = sentBy((c) => c.addService(svc({ addr: v4(192, 168, 1, 1), schedName: 'rr', flags: 1, timeout: 360 })));
    expect(nest(d, 1)).toEqual([
      [1, '0200'],
      [2, '0600'],
      [3, 'c0a80101000000000000000000000000'],
      [4, '0050'],
      [6, '727200'],
      [7, '01000000ffffffff'],
      [8, '68010000'],
      [9, 'ffffffff'],
    ]);
  });

  it('-A -u 10.0.0.1:53 -s sh -b sh-port,sh-fallback -o', () => {
    const d = sentBy((c) => c.addService(svc({ protocol: 17, port: 53, schedName: 'sh', flags: 0x1c })));
    expect(nest(d, 1)).toEqual([
      [1, '0200'],
      [2, '1100'],
      [3, '0a000001000000000000000000000000'],
      [4, '0035'],
      [6, '736800'],
      [7, '1c000000ffffffff'],
      [8, '00000000'],
      [9, 'ffffffff'],
    ]);
  });

  it('-A -f 5 -s mh -b mh-port -p 600 -M 255.255.0.0 --pe sip', () => {
    const s = svc({ protocol: 0, addr: new Uint8Array(16), port: 0, fwmark: 5, schedName: 'mh', peName: 'sip', flags: 0x11, timeout: 600, netmask: 0xffff0000 });
    expect(nest(sentBy((c) => c.addService(s)), 1)).toEqual([
      [1, '0200'],
      [5, '05000000'],
      [6, '6d6800'],
      [11, '73697000'],
      [7, '11000000ffffffff'],
      [8, '58020000'],
      [9, 'ffff0000'],
    ]);
  });

  it('-A -t [2001:db8::1]:443 -s wrr -p 100 -M 64 (IPv6 netmask = prefix, host order)', () => {
    const addr = new Uint8Array([0x20, 0x01, 0x0d, 0xb8, ...new Array<number>(11).fill(0), 1]);
    const s = svc({ af: 10, addr, port: 443, schedName: 'wrr', flags: 1, timeout: 100, netmask: 64 });
    expect(nest(sentBy((c) => c.addService(s)), 1)).toEqual([
      [1, '0a00'],
      [2, '0600'],
      [3, '20010db8000000000000000000000001'],
      [4, '01bb'],
      [6, '77727200'],
      [7, '01000000ffffffff'],
      [8, '64000000'],
      [9, '40000000'],
    ]);
  });

  it('-E -t 10.9.0.1:80 -s rr -p 60 -M 255.255.255.0 (SET_SERVICE)', () => {
    const s = svc({ addr: v4(10, 9, 0, 1), schedName: 'rr', flags: 1, timeout: 60, netmask: 0xffffff00 });
    const d = sentBy((c) => c.editService(s));
    expect(d[16]).toBe(2); // SET_SERVICE
    expect(nest(d, 1).slice(4)).toEqual([
      [6, '727200'],
      [7, '01000000ffffffff'],
      [8, '3c000000'],
      [9, 'ffffff00'],
    ]);
  });

  it('-Z -f 2 -6 (ZERO with a service)', () => {
    const s = svc({ af: 10, protocol: 0, addr: new Uint8Array(16), port: 0, fwmark: 2, schedName: '', netmask: 128 });
    const d = sentBy((c) => c.zero(s));
    expect(d[16]).toBe(16); // ZERO
    expect(nest(d, 1)).toEqual([
      [1, '0a00'],
      [5, '02000000'],
      [6, '00'],
      [7, '00000000ffffffff'],
      [8, '00000000'],
      [9, '80000000'],
    ]);
  });

  it('DEL_SERVICE carries the full nest', () => {
    expect(sentBy((c) => c.delService(svc({ schedName: '' })))[16]).toBe(3);
  });
});

describe('GET_SERVICE doit and GET_DEST key (spec §6.3)', () => {
  it('-L -t 10.0.0.1:80: full nest from a zeroed service, netmask 0', () => {
    const key = { af: 2, protocol: 6, addr: v4(10, 0, 0, 1), port: 80, fwmark: 0 };
    expect(sentBy((c) => c.getService(key))).toEqual(
      golden([
        '68000000 2500 0500 SEQ PID', // doit: REQUEST|ACK
        '04 01 0000', // GET_SERVICE
        '5400 0180', // SERVICE nest
        '0600 0100 0200 0000', // AF
        '0600 0200 0600 0000', // PROTOCOL
        '1400 0300 0a000001 00000000 00000000 00000000', // ADDR
        '0600 0400 0050 0000', // PORT
        '0500 0600 00 000000', // SCHED_NAME ""
        '0c00 0700 00000000 ffffffff', // FLAGS {0, ~0}
        '0800 0800 00000000', // TIMEOUT 0
        '0800 0900 00000000', // NETMASK 0
      ]),
    );
  });

  it('GET_DEST for a TCP service: AF, PROTOCOL, ADDR, PORT', () => {
    const key = { af: 2, protocol: 6, addr: v4(10, 0, 0, 1), port: 80, fwmark: 0 };
    expect(sentBy((c) => c.getDests(key))).toEqual(
      golden([
        '44000000 2500 0503 SEQ PID', // dump: REQUEST|ACK|DUMP
        '08 01 0000', // GET_DEST
        '3000 0180', // SERVICE nest, len 0x30
        '0600 0100 0200 0000', // AF
        '0600 0200 0600 0000', // PROTOCOL
        '1400 0300 0a000001 00000000 00000000 00000000', // ADDR
        '0600 0400 0050 0000', // PORT
      ]),
    );
  });

  it('GET_DEST for a fwmark service: AF, FWMARK', () => {
    const key = { af: 2, protocol: 0, addr: new Uint8Array(16), port: 0, fwmark: 7 };
    expect(sentBy((c) => c.getDests(key))).toEqual(
      golden([
        '28000000 2500 0503 SEQ PID',
        '08 01 0000', // GET_DEST
        '1400 0180', // SERVICE nest
        '0600 0100 0200 0000', // AF
        '0800 0500 07000000', // FWMARK 7
      ]),
    );
  });
});

describe('NEW_DEST (spec §6.2)', () => {
  it('-a -t 10.0.0.1:80 -r 192.168.10.1 -m -w 5 (full message, 200 bytes)', () => {
    expect(sentBy((c) => c.addDest(svc({ schedName: '' }), dest({ fwdMethod: 0, weight: 5 })))).toEqual(
      golden([
        'c8000000 2500 0500 SEQ PID', // len 200
        '05 01 0000', // NEW_DEST
        '5400 0180', // SERVICE nest
        '0600 0100 0200 0000', // AF
        '0600 0200 0600 0000', // PROTOCOL
        '1400 0300 0a000001 00000000 00000000 00000000', // ADDR
        '0600 0400 0050 0000', // PORT
        '0500 0600 00 000000', // SCHED_NAME ""
        '0c00 0700 00000000 ffffffff', // FLAGS
        '0800 0800 00000000', // TIMEOUT
        '0800 0900 ffffffff', // NETMASK
        '6000 0280', // DEST nest, len 0x60
        '0600 0b00 0200 0000', // ADDR_FAMILY 2
        '1400 0100 c0a80a01 00000000 00000000 00000000', // ADDR 192.168.10.1
        '0600 0200 0050 0000', // PORT 80
        '0800 0300 00000000', // FWD_METHOD masq
        '0800 0400 05000000', // WEIGHT 5
        '0500 0d00 00 000000', // TUN_TYPE 0
        '0600 0e00 0000 0000', // TUN_PORT 0
        '0600 0f00 0000 0000', // TUN_FLAGS 0
        '0800 0500 00000000', // U_THRESH
        '0800 0600 00000000', // L_THRESH
      ]),
    );
  });

  it('-r 10.1.1.1 -i --tun-type gue --tun-port 6080 --tun-csum', () => {
    const d = sentBy((c) => c.addDest(svc({ schedName: '' }), dest({ addr: v4(10, 1, 1, 1), fwdMethod: 2, tunType: 1, tunPort: 6080, tunFlags: 1 })));
    const n = new Map(nest(d, 2));
    expect([n.get(3), n.get(13), n.get(14), n.get(15)]).toEqual(['02000000', '01', '17c0', '0100']);
  });

  it('-r 192.168.10.2:8080 -m -w 70000; -d keeps defaults', () => {
    const d = sentBy((c) => c.editDest(svc({ schedName: '' }), dest({ port: 8080, fwdMethod: 0, weight: 70000 })));
    expect(d[16]).toBe(6); // SET_DEST
    const n = new Map(nest(d, 2));
    expect([n.get(2), n.get(4)]).toEqual(['1f90', '70110100']);
    const del = new Map(nest(sentBy((c) => c.delDest(svc({ schedName: '' }), dest({ addr: v4(10, 2, 2, 2), port: 8080 }))), 2));
    expect([del.get(3), del.get(4)]).toEqual(['03000000', '01000000']);
  });
});

describe('daemons and timeouts (spec §6.3)', () => {
  const daemon = (d: Partial<Daemon>): Daemon => ({
    state: 1, mcastIfn: 'eth0', syncId: 0, syncMaxLen: 0, mcastGroup: null, mcastPort: 0, mcastTtl: 0, ...d,
  });

  it('--start-daemon backup --mcast-interface lo --mcast-ttl 5 --mcast-port 1000 --mcast-group ff05::1 --sync-maxlen 1200 --syncid 255', () => {
    const g = new Uint8Array(16);
    g.set([0xff, 0x05]);
    g[15] = 1;
    const d = daemon({ state: 2, mcastIfn: 'lo', syncId: 255, syncMaxLen: 1200, mcastPort: 1000, mcastTtl: 5, mcastGroup: { af: 10, addr: g } });
    expect(sentBy((c) => c.startDaemon(d))).toEqual(
      golden([
        '5c000000 2500 0500 SEQ PID',
        '09 01 0000', // NEW_DAEMON
        '4800 0380', // DAEMON nest
        '0800 0100 02000000', // STATE 2 (backup)
        '0700 0200 6c6f00 00', // MCAST_IFN "lo"
        '0800 0300 ff000000', // SYNC_ID 255
        '0600 0400 b004 0000', // SYNC_MAXLEN 1200
        '0600 0700 e803 0000', // MCAST_PORT 1000, host order
        '0500 0800 05 000000', // MCAST_TTL 5
        '1400 0600 ff050000 00000000 00000000 00000001', // MCAST_GROUP6
      ]),
    );
  });

  it('--start-daemon master --mcast-group 239.1.2.3 --sync-maxlen 1000', () => {
    const d = daemon({ syncMaxLen: 1000, mcastGroup: { af: 2, addr: v4(239, 1, 2, 3) } });
    expect(nest(sentBy((c) => c.startDaemon(d)), 3)).toEqual([
      [1, '01000000'],
      [2, '6574683000'],
      [3, '00000000'],
      [4, 'e803'],
      [5, 'ef010203'],
    ]);
  });

  it('--stop-daemon master: STATE, empty MCAST_IFN, SYNC_ID', () => {
    expect(sentBy((c) => c.stopDaemon(daemon({ syncId: 3 })))).toEqual(
      golden([
        '30000000 2500 0500 SEQ PID',
        '0a 01 0000', // DEL_DAEMON
        '1c00 0380', // DAEMON nest
        '0800 0100 01000000', // STATE master
        '0500 0200 00 000000', // MCAST_IFN ""
        '0800 0300 03000000', // SYNC_ID 3
      ]),
    );
  });

  it('--set 10 0 30', () => {
    expect(sentBy((c) => c.setTimeouts({ tcp: 10, tcpFin: 0, udp: 30 }))).toEqual(
      golden([
        '2c000000 2500 0500 SEQ PID',
        '0c 01 0000', // SET_TIMEOUT
        '0800 0400 0a000000', // TIMEOUT_TCP 10
        '0800 0500 00000000', // TIMEOUT_TCP_FIN 0
        '0800 0600 1e000000', // TIMEOUT_UDP 30
      ]),
    );
  });
});
