// `--json` on every list mode, against the fake kernel (docs/json.md).

import { describe, expect, it } from 'vitest';
import { extractFlag, runWith } from '../../../src/app/ipvsadm.js';
import { captureIo } from '../../../src/ops/io.js';
import { connectionsDoc, JSON_SCHEMA } from '../../../src/format/json.js';
import { FakeKernel } from '../helpers/fake-kernel.js';
import { deps, ipvsadm } from '../app/run.js';
import { schemaErrors } from '../helpers/json-schema.js';

const CONN_FILE =
  'Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n' +
  'TCP 0A000002 C350 0A000001 0050 C0A80A02 1F90 ESTABLISHED     899\n' +
  'UDP 2001:0db8:0000:0000:0000:0000:0000:0001 0035 2001:0db8:0000:0000:0000:0000:0000:0002 0035 2001:0db8:0000:0000:0000:0000:0000:0003 0035 UDP             59 sip 4142\n';

function run(k: FakeKernel, args: string[], conn: string | null = null) {
  const c = captureIo({ readConnFile: () => conn });
  const status = runWith('ipvsadm', args, c.io, deps(k));
  // every document printed meets docs/ipvsadm-json.schema.json (closed: no unlisted member)
  if (status === 0 && extractFlag(args, '--json').present) expect(schemaErrors(JSON.parse(c.stdout())), args.join(' ')).toBe('');
  return { stdout: c.stdout(), stderr: c.stderr(), status };
}

function setup(): FakeKernel {
  const k = new FakeKernel();
  const r = ipvsadm(k, ['-R'], [
    '-A -t 10.0.0.1:80 -s rr',
    '-a -t 10.0.0.1:80 -r 192.168.10.2:8080 -m -w 3 -x 100 -y 10',
    '-a -t 10.0.0.1:80 -r 192.168.10.3:8080 -i --tun-type gue --tun-port 6080 --tun-csum',
    '-A -u [2001:db8::1]:53 -s sh -b sh-port -p 60 -M 64',
    '-A -f 7 -s wlc -o',
    '-A -t 10.0.0.5:443 -s rr -p 30 -M 255.255.255.0',
    '-A -t 10.0.0.6:443 -s rr -p -M 255.0.255.0',
    '',
  ].join('\n'));
  expect(r.stderr).toBe('');
  return k;
}

describe('--json', () => {
  it('extractFlag takes the word only before --', () => {
    expect(extractFlag(['-L', '--json', '-n'], '--json')).toEqual({ present: true, args: ['-L', '-n'] });
    expect(extractFlag(['-L', '--', '--json'], '--json')).toEqual({ present: false, args: ['-L', '--', '--json'] });
    expect(extractFlag(['-L'], '--json')).toEqual({ present: false, args: ['-L'] });
  });

  it('-L --json: the whole table, numeric, sorted, every field', () => {
    const k = setup();
    const big = 2n ** 60n + 7n;
    k.services.find((s) => s.key.includes('0050'))!.stats = {
      conns: big, inpkts: 5n, outpkts: 6n, inbytes: 2n ** 64n - 1n, outbytes: 8n, cps: 1n, inpps: 2n, outpps: 3n, inbps: 4n, outbps: 5n,
    };
    const r = run(k, ['-L', '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.schema).toBe(JSON_SCHEMA);
    expect(doc.kind).toBe('services');
    expect(doc.ipvs).toEqual({ version: '1.2.1', connTableSize: 4096 });
    expect(doc.services.map((s: { fwmark: number | null; address: string | null }) => s.fwmark ?? s.address)).toEqual([
      '10.0.0.1', '10.0.0.5', '10.0.0.6', '2001:db8::1', 7,
    ]);
    const [tcp, mask24, maskOdd, udp, fwm] = doc.services;
    expect(tcp).toMatchObject({
      af: 'inet', protocol: 'tcp', address: '10.0.0.1', port: 80, fwmark: null, scheduler: 'rr', schedFlags: [],
      persistent: false, persistenceTimeout: null, netmask: null, netmaskDotted: null, pe: null, onePacket: false,
      stats: { conns: big.toString(), inpkts: '5', outpkts: '6', inbytes: '18446744073709551615', outbytes: '8' },
      rate: { cps: '1', inpps: '2', outpps: '3', inbps: '4', outbps: '5' },
    });
    expect(tcp.dests).toHaveLength(2);
    expect(tcp.dests[0]).toEqual({
      af: 'inet', address: '192.168.10.2', port: 8080, forward: 'masq', weight: 3, upperThreshold: 100, lowerThreshold: 10,
      activeConns: 0, inactiveConns: 0, persistentConns: 0, tunnel: null,
      stats: { conns: '0', inpkts: '0', outpkts: '0', inbytes: '0', outbytes: '0' },
      rate: { cps: '0', inpps: '0', outpps: '0', inbps: '0', outbps: '0' },
    });
    expect(tcp.dests[1]).toMatchObject({ forward: 'tunnel', port: 80, tunnel: { type: 'gue', port: 6080, checksum: 'csum' } });
    expect(udp).toMatchObject({
      af: 'inet6', protocol: 'udp', port: 53, scheduler: 'sh', schedFlags: ['sh-port'], persistent: true,
      persistenceTimeout: 60, netmask: 64, netmaskDotted: null,
    });
    // the prefix length for both families; a mask with no prefix length only as its dotted quad
    expect(mask24).toMatchObject({ persistent: true, persistenceTimeout: 30, netmask: 24, netmaskDotted: '255.255.255.0' });
    expect(maskOdd).toMatchObject({ persistent: true, persistenceTimeout: 360, netmask: null, netmaskDotted: '255.0.255.0' });
    // no raw flags member (the kernel's internal HASHED bit is not the user's)
    for (const s of doc.services) expect(Object.keys(s)).not.toContain('flags');
    expect(fwm).toMatchObject({ af: 'inet', protocol: null, address: null, port: null, fwmark: 7, onePacket: true, scheduler: 'wlc' });
    expect(r.stdout.endsWith('}\n')).toBe(true);
  });

  it('every -L modifier gives the same document', () => {
    const k = setup();
    const base = run(k, ['-L', '--json']).stdout;
    for (const mod of [['--stats'], ['--rate'], ['--thresholds'], ['--persistent-conn'], ['--tun-info'], ['-n'], ['--exact'], ['-n', '--stats', '--exact']]) {
      expect(run(k, ['-L', ...mod, '--json']).stdout, mod.join(' ')).toBe(base);
    }
    expect(run(k, ['--json']).stdout).toBe(base);
    expect(run(k, ['--json', '-l']).stdout).toBe(base);
  });

  it('server counters keep all 64 bits (no ipvsadm 32-bit cut)', () => {
    const k = setup();
    const svc = k.services.find((s) => s.key.includes('0050'))!;
    svc.dests[0]!.stats = { ...svc.dests[0]!.stats, conns: 2n ** 40n, inpps: 2n ** 33n };
    const doc = JSON.parse(run(k, ['-L', '--json', '--nosort']).stdout);
    const all = doc.services.flatMap((s: { dests: { stats: { conns: string }; rate: { inpps: string } }[] }) => s.dests);
    expect(all.some((d: { stats: { conns: string }; rate: { inpps: string } }) => d.stats.conns === String(2n ** 40n) && d.rate.inpps === String(2n ** 33n))).toBe(true);
  });

  it('one service: -L -t ... --json; a missing one is ipvsadm\'s error and no output', () => {
    const k = setup();
    const doc = JSON.parse(run(k, ['-L', '-t', '10.0.0.1:80', '--json']).stdout);
    expect(doc.services).toHaveLength(1);
    expect(doc.services[0].dests).toHaveLength(2);
    const r = run(k, ['-L', '-t', '10.9.9.9:80', '--json']);
    expect(r).toEqual({ stdout: '', stderr: 'No such service\n', status: 1 });
  });

  it('--timeout, --daemon', () => {
    const k = setup();
    expect(JSON.parse(run(k, ['-L', '--timeout', '--json']).stdout)).toEqual({
      schema: JSON_SCHEMA, kind: 'timeouts', timeouts: { tcp: 900, tcpFin: 120, udp: 300 },
    });
    expect(JSON.parse(run(k, ['--json', '-L', '--daemon']).stdout)).toEqual({ schema: JSON_SCHEMA, kind: 'daemons', daemons: [] });
    expect(ipvsadm(k, ['--start-daemon', 'master', '--mcast-interface', 'eth1', '--syncid', '5']).status).toBe(0);
    expect(JSON.parse(run(k, ['-L', '--daemon', '--json']).stdout).daemons).toEqual([
      { state: 'master', mcastInterface: 'eth1', syncId: 5, syncMaxLen: null, mcastGroup: null, mcastPort: null, mcastTtl: null },
    ]);
  });

  it('-c: the connection table from /proc/net/ip_vs_conn', () => {
    const k = setup();
    const r = run(k, ['-L', '-c', '--json'], CONN_FILE);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      schema: JSON_SCHEMA,
      kind: 'connections',
      connections: [
        {
          protocol: 'tcp', client: { address: '10.0.0.2', port: 50000 }, virtual: { address: '10.0.0.1', port: 80 },
          destination: { address: '192.168.10.2', port: 8080 }, state: 'ESTABLISHED', expires: 899, pe: null,
        },
        {
          protocol: 'udp', client: { address: '2001:db8::1', port: 53 }, virtual: { address: '2001:db8::2', port: 53 },
          destination: { address: '2001:db8::3', port: 53 }, state: 'UDP', expires: 59, pe: { name: 'sip', data: '4142' },
        },
      ],
    });
    expect(run(k, ['-Lc', '--json', '--persistent-conn'], CONN_FILE).stdout).toBe(r.stdout);
    expect(run(k, ['-L', '-c', '--json'], null)).toEqual({ stdout: '', stderr: 'cannot open file /proc/net/ip_vs_conn\n', status: 1 });
    expect(connectionsDoc('')).toBeNull();
  });

  it('--json with anything but a list is an error; parse errors stay ipvsadm\'s', () => {
    const k = setup();
    for (const args of [['-S', '--json'], ['-A', '-t', '1.2.3.4:80', '--json'], ['-C', '--json']]) {
      const r = run(k, args);
      expect(r, args.join(' ')).toEqual({ stdout: '', stderr: 'ipvsadm: --json can only be used with -L/-l/--list (or no command)\n', status: 2 });
    }
    expect(k.services).toHaveLength(5);
    const plain = run(k, ['-L', '--bogus']);
    expect(run(k, ['-L', '--bogus', '--json'])).toEqual(plain);
  });

  it('without --json nothing changes', () => {
    const k = setup();
    const r = run(k, ['-Ln']);
    expect(r.stdout).toContain('TCP  10.0.0.1:80 rr\n');
    expect(run(k, ['-L', '--', '--json']).stdout).toBe(run(k, ['-L', '--', '--json']).stdout);
  });
});
