// Issue 7 ("what no ipvsadm has") against real kernel IPVS, in one
// user-mode Linux boot: `--json` for every list mode checked against the
// live state and Debian's ipvsadm figures, `--test` on a broken rules file,
// the library examples of docs/library.md, and a long-running TCP stream
// through IPVS NAT that survives `ipvsadm-restore --apply` of a file changing
// other services, but not a plain `ipvsadm-restore` (flush + replay) of it.
//
// The lab: client namespace c (10.0.1.2) -> director (10.0.1.1, the VIP) ->
// real server namespace s1 (10.0.2.2, echo server on :80), NAT.
// net.ipv4.vs.expire_nodest_conn=1 (the usual production setting): a packet
// that meets a connection whose server is gone expires the entry at once,
// so the flush of a plain restore is seen instead of hidden by
// retransmission while the server is briefly missing.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { bootUml, repoRoot, type BootResult } from './uml.js';
import { NAT_LAB } from './ext-lab/lab.js';
import { schemaErrors } from '../unit/helpers/json-schema.js';
import { readConnections } from '../../src/common/conn-text.js';
import { inetNtop } from '../../src/common/inet.js';

const LAB = join(repoRoot, 'test', 'kernel', 'ext-lab');
const NODE = process.execPath;
const INDEX_URL = pathToFileURL(join(repoRoot, 'dist', 'src', 'index.js')).href;

const INITIAL = `-A -t 10.0.1.1:80 -s rr
-a -t 10.0.1.1:80 -r 10.0.2.2:80 -m -w 1
-A -t 10.0.1.1:81 -s rr
-a -t 10.0.1.1:81 -r 10.0.2.2:81 -m -w 1
-a -t 10.0.1.1:81 -r 10.0.2.3:81 -m -w 1 -x 100 -y 10
-a -t 10.0.1.1:81 -r 10.0.2.4:81 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum
-A -u 10.0.1.1:53 -s wlc
-a -u 10.0.1.1:53 -r 10.0.2.2:53 -m -w 1
-A -f 5 -s sh -b sh-fallback -p 120
-a -f 5 -r 10.0.2.2:0 -g -w 2
-A -t [2001:db8::1]:443 -s lc
-a -t [2001:db8::1]:443 -r [2001:db8:1::2]:443 -m -w 3
`;

// Changes every service but the one carrying the stream (10.0.1.1:80).
const NEW_RULES = `# desired table
-A -t 10.0.1.1:80 -s rr
-a -t 10.0.1.1:80 -r 10.0.2.2:80 -m -w 1
-A -t 10.0.1.1:81 -s wrr
-a -t 10.0.1.1:81 -r 10.0.2.2:81 -m -w 4
-a -t 10.0.1.1:81 -r 10.0.2.5:81 -m -w 1
-A -f 5 -s sh -b sh-fallback -p 120
-a -f 5 -r 10.0.2.2:0 -g -w 2
-A -t [2001:db8::1]:443 -s lc
-a -t [2001:db8::1]:443 -r [2001:db8:1::2]:443 -m -w 3
-A -t 10.0.1.1:8080 -s lc -p 60
-a -t 10.0.1.1:8080 -r 10.0.2.2:8080 -m -w 1
`;

// What ipvsadm -Sn prints after a plain restore of NEW_RULES.
const NEW_CANONICAL = `-A -t 10.0.1.1:80 -s rr
-a -t 10.0.1.1:80 -r 10.0.2.2:80 -m -w 1
-A -t 10.0.1.1:81 -s wrr
-a -t 10.0.1.1:81 -r 10.0.2.2:81 -m -w 4
-a -t 10.0.1.1:81 -r 10.0.2.5:81 -m -w 1
-A -t 10.0.1.1:8080 -s lc -p 60
-a -t 10.0.1.1:8080 -r 10.0.2.2:8080 -m -w 1
-A -t [2001:db8::1]:443 -s lc
-a -t [2001:db8::1]:443 -r [2001:db8:1::2]:443 -m -w 3
-A -f 5 -s sh -p 120 -b sh-fallback
-a -f 5 -r 10.0.2.2:0 -g -w 2
`;

const BAD_RULES = `# several problems
-A -t 10.0.1.1:80 -s rr
-A -t 10.0.1.1:80 -s rr
-a -t 10.0.9.9:80 -r 10.0.2.2:80 -m
-A -t 10.0.1.1:82 -s bogus
-A -t 10.0.1.1
-a -t 10.0.1.1:80 -r 10.0.2.2:80 -m

-a -t 10.0.1.1:80 -r 10.0.2.2:80 -m -w 2
-A -t 10.0.1.1:83 --frobnicate
`;

/** The `// example:` js blocks of docs/library.md with the `text` block after each. */
function libraryExamples(): { name: string; code: string; expected: string }[] {
  const md = readFileSync(join(repoRoot, 'docs', 'library.md'), 'utf8');
  const out: { name: string; code: string; expected: string }[] = [];
  const re = /```js\n(\/\/ example: (\S+)\n[\s\S]*?)```[\s\S]*?```text\n([\s\S]*?)```/g;
  for (let m = re.exec(md); m; m = re.exec(md)) {
    out.push({ name: m[2]!, code: m[1]!.replaceAll("'ipvsadm-ts'", `'${INDEX_URL}'`), expected: m[3]! });
  }
  return out;
}

const examples = libraryExamples();

function payload(): string {
  const ours = `${NODE} ${repoRoot}/bin/ipvsadm.js`;
  const restore = `${NODE} ${repoRoot}/bin/ipvsadm-restore.js`;
  const ex = examples
    .map((e) => `${NODE} $W/example-${e.name}.mjs >ex-${e.name}.out 2>ex-${e.name}.err; echo $? >ex-${e.name}.status`)
    .join('\n');
  return `
O="${ours}"; R="${restore}"; D=/usr/sbin/ipvsadm; P=/usr/bin/python3
cd "$W"
# --- lab ---
${NAT_LAB}
ip netns exec s1 $P $W/echo_server.py 80 >server.log 2>&1 &
SPID=$!
$D --set 900 120 300
$D -R <initial.rules 2>setup.err
sleep 1
ip netns exec c $P $W/burst.py >burst.out 2>&1
sleep 3

# --- JSON vs Debian, every list mode ---
$D -Ln --exact --stats >d-stats1.txt; $O -L --stats --json >j-stats.json; $D -Ln --exact --stats >d-stats2.txt
$D -Ln --exact --rate >d-rate1.txt; $O -L --rate --json >j-rate.json; $D -Ln --exact --rate >d-rate2.txt
$O -L --json >j-list.json
$O --json >j-bare.json
$O -Ln --thresholds --json >j-thr.json; $D -Ln --thresholds >d-thr.txt
$O -Ln --persistent-conn --json >j-pc.json; $D -Ln --persistent-conn >d-pc.txt
$O -Ln --tun-info --json >j-tun.json; $D -Ln --tun-info >d-tun.txt
$O -L -t 10.0.1.1:81 --json >j-one.json
$D -Lnc >d-conn1.txt; $O -Lc --json >j-conn.json; cat /proc/net/ip_vs_conn >proc-conn.txt; $D -Lnc >d-conn2.txt
$D -L --timeout >d-timeout.txt; $O -L --timeout --json >j-timeout.json
$D --start-daemon master --mcast-interface vc --syncid 7 2>daemon.err
$D --start-daemon backup --mcast-interface vc --syncid 8 2>>daemon.err
$D -L --daemon >d-daemon.txt; $O -L --daemon --json >j-daemon.json
$D --stop-daemon master; $D --stop-daemon backup
$O -S --json >j-bad.out 2>j-bad.err; echo $? >j-bad.status
$D -Ln >d-plain.txt; $O -Ln >o-plain.txt
# persistence masks as Debian lists them and as the document gives them (added, listed, removed again)
$D -A -t 10.0.1.1:82 -s rr -p 60 -M 255.255.255.0 2>mask.err
$D -A -t 10.0.1.1:83 -s rr -p -M 255.0.255.0 2>>mask.err
$D -A -u [2001:db8::1]:53 -s rr -p 30 -M 64 2>>mask.err
$D -Ln >d-mask.txt; $O -L --json >j-mask.json
$D -D -t 10.0.1.1:82; $D -D -t 10.0.1.1:83; $D -D -u [2001:db8::1]:53

# --- --test ---
$D -Sn >sn-before-test.txt
$R --test $W/bad.rules >t-file.out 2>t-file.err; echo $? >t-file.status
$R --test <bad.rules >t-stdin.out 2>t-stdin.err; echo $? >t-stdin.status
$O -R --test <bad.rules >t-r.out 2>t-r.err; echo $? >t-r.status
$R --test $W/new.rules >t-good.out 2>t-good.err; echo $? >t-good.status
$D -Sn >sn-after-test.txt
$D -A -t 10.0.1.1 2>d-line6.err
$D -A -t 10.0.1.1:83 --frobnicate 2>d-line10.err

# --- library examples ---
${ex}
$D -Sn >sn-after-examples.txt

# --- the stream: --apply keeps it, a plain restore breaks it ---
ip netns exec c $P $W/client.py $W >client.log 2>&1 &
CPID=$!
i=0; while [ ! -e client.count ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
$D -Lnc >conn-before.txt
$R --apply --dry-run $W/new.rules >dry.out 2>dry.err; echo $? >dry.status
$D -Sn >sn-after-dry.txt
cat client.count >count-before-apply.txt
$R --apply $W/new.rules >apply.out 2>apply.err; echo $? >apply.status
sleep 2
cat client.count >count-after-apply.txt
[ -e client.fail ] && cp client.fail fail-after-apply.txt
$D -Lnc >conn-after-apply.txt
$D -Sn >sn-after-apply.txt
$R --apply --dry-run $W/new.rules >dry2.out 2>dry2.err
$R <new.rules >plain.out 2>plain.err; echo $? >plain.status
sleep 4
$D -Lnc >conn-after-plain.txt
cat client.count >count-after-plain.txt
[ -e client.fail ] && cp client.fail fail-after-plain.txt
$D -Sn >sn-after-plain.txt
kill $CPID $SPID 2>/dev/null
true
`;
}

const COLLECT = [
  'setup.err', 'burst.out',
  'd-stats1.txt', 'j-stats.json', 'd-stats2.txt', 'd-rate1.txt', 'j-rate.json', 'd-rate2.txt', 'j-list.json', 'j-bare.json',
  'j-thr.json', 'd-thr.txt', 'j-pc.json', 'd-pc.txt', 'j-tun.json', 'd-tun.txt', 'j-one.json',
  'd-conn1.txt', 'j-conn.json', 'proc-conn.txt', 'd-conn2.txt', 'd-timeout.txt', 'j-timeout.json', 'daemon.err', 'd-daemon.txt', 'j-daemon.json',
  'j-bad.out', 'j-bad.err', 'j-bad.status', 'd-plain.txt', 'o-plain.txt', 'mask.err', 'd-mask.txt', 'j-mask.json',
  'sn-before-test.txt', 't-file.out', 't-file.err', 't-file.status', 't-stdin.out', 't-stdin.err', 't-stdin.status',
  't-r.out', 't-r.err', 't-r.status', 't-good.out', 't-good.err', 't-good.status', 'sn-after-test.txt', 'd-line6.err', 'd-line10.err',
  ...examples.flatMap((e) => [`ex-${e.name}.out`, `ex-${e.name}.err`, `ex-${e.name}.status`]), 'sn-after-examples.txt',
  'client.log', 'client.port', 'conn-before.txt', 'dry.out', 'dry.err', 'dry.status', 'sn-after-dry.txt', 'count-before-apply.txt',
  'apply.out', 'apply.err', 'apply.status', 'count-after-apply.txt', 'fail-after-apply.txt', 'conn-after-apply.txt',
  'sn-after-apply.txt', 'dry2.out', 'dry2.err', 'plain.out', 'plain.err', 'plain.status', 'conn-after-plain.txt',
  'count-after-plain.txt', 'fail-after-plain.txt', 'sn-after-plain.txt', 'server.log',
];

type Counters = Record<string, bigint[]>;

/** Debian's `-Ln --exact --stats|--rate`: name -> the five numbers, services and servers. */
function parseFigures(text: string): Counters {
  const out: Counters = {};
  let svc = '';
  for (const line of text.split('\n')) {
    let m = /^(TCP|UDP|SCTP)\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$/.exec(line);
    if (m) {
      svc = `${m[1]} ${m[2]}`;
      out[svc] = m.slice(3, 8).map(BigInt);
      continue;
    }
    m = /^FWM\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$/.exec(line);
    if (m) {
      svc = `FWM ${m[1]}`;
      out[svc] = m.slice(2, 7).map(BigInt);
      continue;
    }
    m = /^ {2}-> (\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$/.exec(line);
    if (m) out[`${svc} -> ${m[1]}`] = m.slice(2, 7).map(BigInt);
  }
  return out;
}

interface JDest { af: string; address: string; port: number; stats: Record<string, string>; rate: Record<string, string>; [k: string]: unknown }
interface JSvc { af: string; protocol: string | null; address: string | null; port: number | null; fwmark: number | null; stats: Record<string, string>; rate: Record<string, string>; dests: JDest[]; [k: string]: unknown }

const hostport = (af: string, a: string, p: number): string => (af === 'inet6' ? `[${a}]:${p}` : `${a}:${p}`);
const svcName = (s: JSvc): string => (s.fwmark !== null ? `FWM ${s.fwmark}` : `${s.protocol!.toUpperCase()} ${hostport(s.af, s.address!, s.port!)}`);

function jsonFigures(doc: { services: JSvc[] }, part: 'stats' | 'rate'): Counters {
  const keys = part === 'stats' ? ['conns', 'inpkts', 'outpkts', 'inbytes', 'outbytes'] : ['cps', 'inpps', 'outpps', 'inbps', 'outbps'];
  const out: Counters = {};
  for (const s of doc.services) {
    out[svcName(s)] = keys.map((k) => BigInt(s[part][k]!));
    for (const d of s.dests) out[`${svcName(s)} -> ${hostport(d.af, d.address, d.port)}`] = keys.map((k) => BigInt(d[part][k]!));
  }
  return out;
}

const withoutRates = (doc: { services: JSvc[] }): unknown =>
  doc.services.map((s) => ({ ...s, rate: null, dests: s.dests.map((d) => ({ ...d, rate: null })) }));

describe('real kernel IPVS (UML): --json, --test, --apply, library', () => {
  let r: BootResult;
  const f = (name: string): string => {
    const v = r.files[name];
    if (v === undefined) throw new Error(`payload did not write ${name}\n--- stderr ---\n${r.stderr}`);
    return v;
  };
  const json = <T = { services: JSvc[] }>(name: string): T => JSON.parse(f(name)) as T;

  beforeAll(async () => {
    const inputs: Record<string, string> = {
      'initial.rules': INITIAL,
      'new.rules': NEW_RULES,
      'bad.rules': BAD_RULES,
    };
    for (const n of ['echo_server.py', 'burst.py', 'client.py']) inputs[n] = readFileSync(join(LAB, n), 'utf8');
    for (const e of examples) inputs[`example-${e.name}.mjs`] = e.code;
    r = await bootUml({ payload: payload(), inputs, collect: COLLECT, timeoutMs: 400_000 });
    console.log(`[kernel ext] boot ${r.totalMs} ms, payload ${r.payloadMs} ms`);
  }, 600_000);

  it('the lab came up and traffic went through IPVS', () => {
    expect(f('setup.err')).toBe('');
    expect(f('burst.out')).toBe('burst done\n');
    expect(parseFigures(f('d-stats1.txt'))['TCP 10.0.1.1:80']![0]).toBeGreaterThanOrEqual(5n);
  });

  it('-L --stats --json: every counter equals Debian\'s -Ln --exact --stats', () => {
    const d1 = parseFigures(f('d-stats1.txt'));
    const d2 = parseFigures(f('d-stats2.txt'));
    const j = jsonFigures(json('j-stats.json'), 'stats');
    expect(Object.keys(j).sort()).toEqual(Object.keys(d1).sort());
    for (const [k, v] of Object.entries(j)) {
      expect([d1[k], d2[k]], k).toContainEqual(v);
    }
    expect(Object.values(j).some((v) => v[0]! > 0n)).toBe(true);
  });

  it('-L --rate --json: every rate equals Debian\'s -Ln --exact --rate (taken just before or after)', () => {
    const d1 = parseFigures(f('d-rate1.txt'));
    const d2 = parseFigures(f('d-rate2.txt'));
    const j = jsonFigures(json('j-rate.json'), 'rate');
    expect(Object.keys(j).sort()).toEqual(Object.keys(d1).sort());
    for (const [k, v] of Object.entries(j)) {
      for (let i = 0; i < 5; i++) expect([d1[k]![i], d2[k]![i]], `${k} #${i}`).toContain(v[i]);
    }
  });

  it('the document is the same for every list modifier (rates aside), and for a bare --json', () => {
    const base = withoutRates(json('j-list.json'));
    for (const n of ['j-bare.json', 'j-stats.json', 'j-rate.json', 'j-thr.json', 'j-pc.json', 'j-tun.json']) {
      expect(withoutRates(json(n)), n).toEqual(base);
    }
  });

  it('the document describes the live table: services, flags, servers, thresholds, tunnels', () => {
    const doc = json<{ schema: string; kind: string; ipvs: { version: string; connTableSize: number }; services: JSvc[] }>('j-list.json');
    expect(doc.schema).toBe('ipvsadm-json/2');
    expect(doc.kind).toBe('services');
    const head = /^IP Virtual Server version (\S+) \(size=(\d+)\)/.exec(f('d-plain.txt'))!;
    expect(doc.ipvs).toEqual({ version: head[1], connTableSize: Number(head[2]) });
    expect(doc.services.map(svcName)).toEqual(['TCP 10.0.1.1:80', 'TCP 10.0.1.1:81', 'UDP 10.0.1.1:53', 'TCP [2001:db8::1]:443', 'FWM 5']);
    const by = Object.fromEntries(doc.services.map((s) => [svcName(s), s]));
    expect(by['FWM 5']).toMatchObject({ scheduler: 'sh', schedFlags: ['sh-fallback'], persistent: true, persistenceTimeout: 120, netmask: 32, netmaskDotted: '255.255.255.255' });
    expect(by['FWM 5']!.dests).toMatchObject([{ address: '10.0.2.2', port: 0, forward: 'route', weight: 2 }]);
    const s81 = by['TCP 10.0.1.1:81']!;
    expect(s81).toMatchObject({ scheduler: 'rr', persistent: false, pe: null, onePacket: false });
    expect(s81.dests.map((d) => [d.address, d.forward, d.weight, d.upperThreshold, d.lowerThreshold, d.tunnel])).toEqual([
      ['10.0.2.2', 'masq', 1, 0, 0, null],
      ['10.0.2.3', 'masq', 1, 100, 10, null],
      ['10.0.2.4', 'tunnel', 1, 0, 0, { type: 'gue', port: 6080, checksum: 'csum' }],
    ]);
    expect(f('d-tun.txt')).toMatch(/-> 10\.0\.2\.4:81 +Tunnel +gue:6080:\+c /);
    expect(by['TCP [2001:db8::1]:443']!.dests).toMatchObject([{ af: 'inet6', address: '2001:db8:1::2', port: 443, forward: 'masq', weight: 3 }]);
    // --thresholds and --persistent-conn figures match Debian's
    const thr = json('j-thr.json');
    for (const s of thr.services) {
      for (const d of s.dests) {
        const esc = hostport(d.af, d.address, d.port).replace(/[.[\]]/g, '\\$&');
        expect(f('d-thr.txt')).toMatch(new RegExp(`-> ${esc} +${String(d['upperThreshold'])} +${String(d['lowerThreshold'])} +${String(d['activeConns'])} +${String(d['inactiveConns'])} *\\n`));
      }
    }
    for (const s of json('j-pc.json').services) {
      for (const d of s.dests) {
        const esc = hostport(d.af, d.address, d.port).replace(/[.[\]]/g, '\\$&');
        expect(f('d-pc.txt')).toMatch(new RegExp(`-> ${esc} +${String(d['weight'])} +${String(d['persistentConns'])} +${String(d['activeConns'])} +${String(d['inactiveConns'])} *\\n`));
      }
    }
    const one = json('j-one.json');
    expect(one.services.map(svcName)).toEqual(['TCP 10.0.1.1:81']);
    const all = withoutRates(json('j-list.json')) as JSvc[];
    expect(withoutRates(one)).toEqual(all.filter((s) => svcName(s) === 'TCP 10.0.1.1:81'));
  });

  it('every document meets docs/ipvsadm-json.schema.json (closed: no unlisted member)', () => {
    const docs = COLLECT.filter((n) => n.startsWith('j-') && n.endsWith('.json'));
    expect(docs).toHaveLength(12);
    for (const n of docs) expect(schemaErrors(json(n)), n).toBe('');
  });

  it('persistence masks: the prefix length (both families) and the dotted quad are Debian\'s "mask"', () => {
    expect(f('mask.err')).toBe('');
    // Debian's -Ln: "TCP  10.0.1.1:82 rr persistent 60 mask 255.255.255.0"; no "mask" for /32 and /128
    const text: Record<string, { timeout: number; mask: string | null }> = {};
    for (const m of f('d-mask.txt').matchAll(/^(TCP|UDP|FWM) +(\S+) .*persistent (\d+)(?: mask (\S+))?/gm)) {
      text[`${m[1]} ${m[2]}`] = { timeout: Number(m[3]), mask: m[4] ?? null };
    }
    const doc = json('j-mask.json');
    const persistent = doc.services.filter((s) => s['persistent'] === true);
    expect(persistent.map(svcName).sort()).toEqual(Object.keys(text).sort());
    for (const s of persistent) {
      const t = text[svcName(s)]!;
      expect(s['persistenceTimeout'], svcName(s)).toBe(t.timeout);
      if (s.af === 'inet6') {
        expect([s['netmask'], s['netmaskDotted']], svcName(s)).toEqual([Number(t.mask ?? '128'), null]);
      } else {
        const dotted = t.mask ?? '255.255.255.255';
        const bits = dotted.split('.').map((o) => Number(o).toString(2).padStart(8, '0')).join('');
        const prefix = /^1*0*$/.test(bits) ? (bits.includes('0') ? bits.indexOf('0') : 32) : null;
        expect([s['netmask'], s['netmaskDotted']], svcName(s)).toEqual([prefix, dotted]);
      }
    }
    const by = Object.fromEntries(persistent.map((s) => [svcName(s), [s['netmask'], s['netmaskDotted']]]));
    expect(by).toEqual({
      'TCP 10.0.1.1:82': [24, '255.255.255.0'],
      'TCP 10.0.1.1:83': [null, '255.0.255.0'],
      'UDP [2001:db8::1]:53': [64, null],
      'FWM 5': [32, '255.255.255.255'],
    });
  });

  it('-Lc --json: the connection entries of Debian\'s -Lnc', () => {
    const doc = json<{ kind: string; connections: { protocol: string; client: { address: string; port: number }; virtual: { address: string; port: number }; destination: { address: string; port: number }; state: string; expires: number; pe: unknown }[] }>('j-conn.json');
    expect(doc.kind).toBe('connections');
    const rows = (t: string) =>
      t.split('\n').slice(2).filter(Boolean).map((l) => {
        const [pro, exp, state, src, vip, dst] = l.trim().split(/\s+/);
        const [mm, ss] = exp!.split(':').map(Number);
        return { key: `${pro!.toLowerCase()} ${state} ${src} ${vip} ${dst}`, expires: mm! * 60 + ss! };
      });
    const d1 = rows(f('d-conn1.txt'));
    const d2 = rows(f('d-conn2.txt'));
    const j = doc.connections.map((c) => ({
      key: `${c.protocol} ${c.state} ${c.client.address}:${c.client.port} ${c.virtual.address}:${c.virtual.port} ${c.destination.address}:${c.destination.port}`,
      expires: c.expires,
    }));
    expect(j.length).toBeGreaterThanOrEqual(5);
    expect(j.map((c) => c.key).sort()).toEqual(d1.map((c) => c.key).sort());
    for (const c of j) {
      const a = d1.find((x) => x.key === c.key)!.expires;
      const b = d2.find((x) => x.key === c.key)?.expires ?? 0;
      expect(c.expires, c.key).toBeLessThanOrEqual(a);
      expect(c.expires, c.key).toBeGreaterThanOrEqual(b);
    }
  });

  it("readConnections() of the kernel's /proc/net/ip_vs_conn: the entries of Debian's -Lnc", () => {
    const rows = (t: string) =>
      t.split('\n').slice(2).filter(Boolean).map((l) => {
        const [pro, exp, state, src, vip, dst] = l.trim().split(/\s+/);
        const [mm, ss] = exp!.split(':').map(Number);
        return { key: `${pro} ${state} ${src} ${vip} ${dst}`, expires: mm! * 60 + ss! };
      });
    const d1 = rows(f('d-conn1.txt'));
    const d2 = rows(f('d-conn2.txt'));
    const ep = (e: { af: number; addr: Uint8Array; port: number }): string => {
      const a = inetNtop(e.af, e.af === 2 ? e.addr.subarray(0, 4) : e.addr) ?? '';
      return e.af === 2 ? `${a}:${e.port}` : `[${a}]:${e.port}`;
    };
    const conns = readConnections(f('proc-conn.txt'));
    expect(conns.length).toBeGreaterThanOrEqual(5);
    const keys = conns.map((c) => `${c.protocolName} ${c.state} ${ep(c.client)} ${ep(c.virtual)} ${ep(c.dest)}`);
    expect(keys.sort()).toEqual(d1.map((c) => c.key).sort());
    for (const c of conns) {
      const key = `${c.protocolName} ${c.state} ${ep(c.client)} ${ep(c.virtual)} ${ep(c.dest)}`;
      expect(c.protocol, key).toBe(6);
      expect(c.pe, key).toBeNull();
      expect(c.expires, key).toBeLessThanOrEqual(d1.find((x) => x.key === key)!.expires);
      expect(c.expires, key).toBeGreaterThanOrEqual(d2.find((x) => x.key === key)?.expires ?? 0);
    }
  });

  it('--timeout --json and --daemon --json', () => {
    expect(f('d-timeout.txt')).toBe('Timeout (tcp tcpfin udp): 900 120 300\n');
    expect(json('j-timeout.json')).toEqual({ schema: 'ipvsadm-json/2', kind: 'timeouts', timeouts: { tcp: 900, tcpFin: 120, udp: 300 } });
    expect(f('daemon.err')).toBe('');
    // Debian's lines, field by field, are the document's daemons.
    const lines = f('d-daemon.txt').split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    const fromText = lines.map((l) => {
      const m = /^(master|backup) sync daemon \(mcast=(\S+), syncid=(\d+)(?:, maxlen=(\d+))?(?:, group=([^,)]+))?(?:, port=(\d+))?(?:, ttl=(\d+))?\)$/.exec(l)!;
      const n = (v: string | undefined): number | null => (v === undefined ? null : Number(v));
      return { state: m[1], mcastInterface: m[2], syncId: Number(m[3]), syncMaxLen: n(m[4]), mcastGroup: m[5] ?? null, mcastPort: n(m[6]), mcastTtl: n(m[7]) };
    });
    expect(fromText.map((d) => [d.state, d.mcastInterface, d.syncId])).toEqual([['master', 'vc', 7], ['backup', 'vc', 8]]);
    expect(json<{ schema: string; kind: string; daemons: unknown[] }>('j-daemon.json')).toEqual({ schema: 'ipvsadm-json/2', kind: 'daemons', daemons: fromText });
    expect(f('j-bad.out')).toBe('');
    // prefixed with the program name as invoked (argv[0], like ipvsadm's own messages)
    expect(f('j-bad.err')).toMatch(/^\S*ipvsadm(\.js)?: --json can only be used with -L\/-l\/--list \(or no command\)\n$/);
    expect(f('j-bad.status')).toBe('2\n');
    expect(f('o-plain.txt')).toBe(f('d-plain.txt'));
  });

  it('--test reports every problem with its line number and changes nothing', () => {
    const line6 = f('d-line6.err').trim().split('\n');
    const line10 = f('d-line10.err').trim().split('\n');
    const expected = (file: string) =>
      [
        `${file}:3: Service already exists`,
        `${file}:4: Service not defined`,
        `${file}:5: Scheduler or persistence engine not found`,
        ...line6.map((l) => `${file}:6: ${l}`),
        `${file}:9: Destination already exists`,
        ...line10.map((l) => `${file}:10: ${l}`),
      ].join('\n') + '\n';
    expect(f('t-file.err')).toBe(expected(`${r.dir}/bad.rules`));
    expect(f('t-file.status')).toBe('1\n');
    expect(f('t-stdin.err')).toBe(expected('-'));
    expect(f('t-stdin.status')).toBe('1\n');
    expect(f('t-file.out') + f('t-stdin.out')).toBe('');
    // ipvsadm -R --test: no comment stripping and no table model (the kernel's table is unknown)
    expect(f('t-r.status')).toBe('1\n');
    expect([...new Set(f('t-r.err').split('\n').filter(Boolean).map((l) => l.split(':')[1]))]).toEqual(['1', '6', '10']);
    expect(f('t-good.err')).toBe('');
    expect(f('t-good.status')).toBe('0\n');
    expect(f('sn-after-test.txt')).toBe(f('sn-before-test.txt'));
  });

  for (const e of examples) {
    it(`docs/library.md example "${e.name}" prints what the doc says`, () => {
      expect({ out: f(`ex-${e.name}.out`), err: f(`ex-${e.name}.err`), status: f(`ex-${e.name}.status`) }).toEqual({
        out: e.expected,
        err: '',
        status: '0\n',
      });
    });
  }
  it('the library examples cleaned up after themselves', () => {
    expect(f('sn-after-examples.txt')).toBe(f('sn-after-test.txt'));
  });

  it('--apply --dry-run prints the plan and changes nothing', () => {
    expect(f('dry.err')).toBe('');
    expect(f('dry.status')).toBe('0\n');
    expect(f('dry.out')).toBe(
      [
        '-D -u 10.0.1.1:53',
        '-E -t 10.0.1.1:81 -s wrr',
        '-d -t 10.0.1.1:81 -r 10.0.2.3:81',
        '-d -t 10.0.1.1:81 -r 10.0.2.4:81',
        '-e -t 10.0.1.1:81 -r 10.0.2.2:81 -m -w 4',
        '-a -t 10.0.1.1:81 -r 10.0.2.5:81 -m -w 1',
        '-A -t 10.0.1.1:8080 -s lc -p 60',
        '-a -t 10.0.1.1:8080 -r 10.0.2.2:8080 -m -w 1',
        '',
      ].join('\n'),
    );
    expect(f('sn-after-dry.txt')).toBe(f('sn-after-examples.txt'));
  });

  it('the stream survives --apply: entry still listed, data still flowing; -Sn is the file\'s canonical form', () => {
    const port = f('client.port').trim();
    const entry = new RegExp(`^TCP +\\S+ +ESTABLISHED +10\\.0\\.1\\.2:${port} +10\\.0\\.1\\.1:80 +10\\.0\\.2\\.2:80\\s*$`, 'm');
    expect(f('conn-before.txt')).toMatch(entry);
    expect(f('apply.err')).toBe('');
    expect(f('apply.out')).toBe('');
    expect(f('apply.status')).toBe('0\n');
    expect(r.files['fail-after-apply.txt']).toBeUndefined();
    expect(Number(f('count-after-apply.txt'))).toBeGreaterThan(Number(f('count-before-apply.txt')) + 20);
    expect(f('conn-after-apply.txt')).toMatch(entry);
    expect(f('sn-after-apply.txt')).toBe(NEW_CANONICAL);
    expect(f('dry2.out')).toBe('');
  });

  it('a plain ipvsadm-restore (flush + replay) of the same file breaks the stream', () => {
    const port = f('client.port').trim();
    const entry = new RegExp(`ESTABLISHED +10\\.0\\.1\\.2:${port} `);
    expect(f('plain.err')).toBe('');
    expect(f('plain.status')).toBe('0\n');
    const broke = r.files['fail-after-plain.txt'];
    const gone = !entry.test(f('conn-after-plain.txt'));
    expect({ broke: broke ?? null, gone }).toEqual({ broke: expect.any(String), gone: true });
    expect(f('sn-after-plain.txt')).toBe(NEW_CANONICAL);
    expect(f('sn-after-apply.txt')).toBe(f('sn-after-plain.txt'));
  });
});
