// The kernel state of ipvsadm-cli.md §13 as typed entries, plus a -L/-S renderer.

import type { ListFormat } from '../../../src/cli/command.js';
import { formatDestLine, formatServiceLine, formatTitle, formatVersionLine } from '../../../src/format/list.js';
import type { Names, ProtoName } from '../../../src/common/names.js';
import { formatSaveDest, formatSaveService } from '../../../src/format/save.js';
import { sortDests, sortServices } from '../../../src/ipvs/sort.js';
import {
  AF_INET,
  AF_INET6,
  FWD,
  SVC_F,
  TUN_FLAG,
  TUN_TYPE,
  type DestEntry,
  type ServiceEntry,
  type Stats,
} from '../../../src/ipvs/types.js';

export const ZERO: Stats = {
  conns: 0n, inpkts: 0n, outpkts: 0n, inbytes: 0n, outbytes: 0n,
  cps: 0n, inpps: 0n, outpps: 0n, inbps: 0n, outbps: 0n,
};

export function v4(text: string): Uint8Array {
  const out = new Uint8Array(16);
  text.split('.').forEach((p, i) => (out[i] = Number(p)));
  return out;
}

/** Minimal IPv6 text → bytes for fixtures (hex groups with one optional '::'). */
export function v6(text: string): Uint8Array {
  const [head = '', tail] = text.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const n = parseInt(g, 16);
    out[2 * i] = n >> 8;
    out[2 * i + 1] = n & 0xff;
  });
  return out;
}

export function svc(p: Partial<ServiceEntry>): ServiceEntry {
  return {
    af: AF_INET, protocol: 6, addr: new Uint8Array(16), port: 0, fwmark: 0,
    schedName: 'wlc', peName: '', flags: SVC_F.HASHED, timeout: 0, netmask: 0xffffffff,
    stats: ZERO, ...p,
  };
}

export function dest(p: Partial<DestEntry>): DestEntry {
  return {
    af: AF_INET, addr: new Uint8Array(16), port: 0, fwdMethod: FWD.DROUTE, weight: 1,
    uThreshold: 0, lThreshold: 0, tunType: TUN_TYPE.IPIP, tunPort: 0, tunFlags: TUN_FLAG.NOCSUM,
    activeConns: 0, inactConns: 0, persistConns: 0, stats: ZERO, ...p,
  };
}

const SVC_STATS: Stats = {
  conns: 1234n, inpkts: 250000000n, outpkts: 98765n, inbytes: 123456789012n, outbytes: 5000000000000000n,
  cps: 12n, inpps: 345n, outpps: 300n, inbps: 2500000n, outbps: 123456789n,
};
const DEST_STATS: Stats = {
  conns: 617n, inpkts: 125000000n, outpkts: 40000n, inbytes: 61728394506n, outbytes: 2500000000000000n,
  cps: 6n, inpps: 170n, outpps: 150n, inbps: 1250000n, outbps: 61728394n,
};

export const WEB = svc({ protocol: 6, addr: v4('207.175.44.110'), port: 80, schedName: 'rr', stats: SVC_STATS });
export const DNS = svc({
  protocol: 17, addr: v4('10.0.0.5'), port: 53, schedName: 'sh',
  flags: SVC_F.HASHED | SVC_F.SCHED2 | SVC_F.ONEPACKET,
});
export const FWM1 = svc({
  protocol: 0, fwmark: 1, flags: SVC_F.HASHED | SVC_F.PERSISTENT, timeout: 600, netmask: 0xffffff00, peName: 'sip',
});
export const V6 = svc({
  af: AF_INET6, protocol: 6, addr: v6('2001:db8::80'), port: 443, schedName: 'wrr',
  flags: SVC_F.HASHED | SVC_F.PERSISTENT, timeout: 360, netmask: 64,
});

const webDest = (last: number, weight: number): DestEntry =>
  dest({ addr: v4(`192.168.10.${last}`), port: 80, fwdMethod: FWD.MASQ, weight, activeConns: 3, inactConns: 11, stats: DEST_STATS });

/** Kernel (dump) order: deliberately not the sorted order; servers newest first. */
export const KERNEL: ReadonlyArray<{ svc: ServiceEntry; dests: DestEntry[] }> = [
  { svc: FWM1, dests: [dest({ addr: v4('192.168.10.3'), port: 0, fwdMethod: FWD.DROUTE, uThreshold: 100, lThreshold: 10 })] },
  { svc: V6, dests: [dest({ af: AF_INET6, addr: v6('2001:db8::a0a0'), port: 443, fwdMethod: FWD.MASQ, weight: 3 })] },
  { svc: WEB, dests: [webDest(2, 2), webDest(1, 1)] },
  {
    svc: DNS,
    dests: [dest({ addr: v4('10.0.1.1'), port: 53, fwdMethod: FWD.TUNNEL, tunType: TUN_TYPE.GUE, tunPort: 6080, tunFlags: TUN_FLAG.CSUM })],
  },
];

export const INFO = { version: 0x010201, connTabSize: 4096 };

export function fmt(p: Partial<ListFormat> = {}): ListFormat {
  return {
    numeric: false, exact: false, stats: false, rate: false, thresholds: false, persistentConn: false,
    tunInfo: false, nosort: false, connection: false, timeout: false, daemon: false, ...p,
  };
}

const SERVICES: Record<ProtoName, Record<number, string>> = {
  tcp: { 22: 'ssh', 80: 'http', 443: 'https', 8080: 'http-alt', 53: 'domain' },
  udp: { 53: 'domain', 443: 'https', 80: 'http' },
  sctp: { 80: 'http' },
};

/** A table Names: hosts from `hosts` (numeric text → name), services like /etc/services. */
export function tableNames(hosts: Record<string, string> = {}): Names {
  return {
    hostByAddr: (af, addr) => {
      const key = af === AF_INET ? Array.from(addr.subarray(0, 4)).join('.') : Array.from(addr).join(',');
      return hosts[key] ?? null;
    },
    serviceByPort: (port, proto) => SERVICES[proto][port] ?? null,
    addrByHost: () => null,
    portByService: () => null,
  };
}

function entries(f: ListFormat): Array<{ svc: ServiceEntry; dests: DestEntry[] }> {
  const bySvc = new Map(KERNEL.map((e) => [e.svc, e.dests]));
  const list = f.nosort ? KERNEL.map((e) => e.svc) : sortServices(KERNEL.map((e) => e.svc));
  return list.map((s) => {
    const d = bySvc.get(s) ?? [];
    return { svc: s, dests: f.nosort ? d : sortDests(d) };
  });
}

/** What list_all() prints for the §13 state. */
export function renderList(f: ListFormat, names: Names): string {
  let out = formatVersionLine(INFO) + formatTitle(f);
  for (const e of entries(f)) {
    out += formatServiceLine(e.svc, f, names);
    for (const d of e.dests) out += formatDestLine(e.svc, d, f, names);
  }
  return out;
}

/** What list_all(FMT_RULE) prints for the §13 state. */
export function renderSave(numeric: boolean, names: Names): string {
  let out = '';
  for (const e of entries(fmt())) {
    out += formatSaveService(e.svc, numeric, names);
    for (const d of e.dests) out += formatSaveDest(e.svc, d, numeric, names);
  }
  return out;
}
