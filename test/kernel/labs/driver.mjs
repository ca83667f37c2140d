// Runs INSIDE user-mode Linux (as root, real IPVS loaded), started by
// test/kernel/labs.test.ts:   node driver.mjs input.json output.json
//
// The classic LVS labs (NAT, DR with a firewall mark, TUN, persistence) with
// real HTTP traffic. Every IPVS configuration command goes through OUR
// ipvsadm (in-process: run() from dist/src/entry/ipvsadm.js). Every listing is taken
// with ours and with Debian's /usr/sbin/ipvsadm back to back on the same
// live state and both outputs are recorded; the host side asserts.
//
// Ticking values. Between the two listings the kernel may move on: rates
// are recomputed by the estimator every 2 s and connection expiry timers
// (-c) count down each second. listBoth() therefore lists ours then Debian
// immediately after each other (a few ms apart) and, if they differ, tries
// again (up to RETRIES times, alternating which tool goes first, short
// pauses in between). Only if every attempt differed, and only for listings
// that tick, it judges the last pair with the ticking fields allowed to
// differ and reports result 'masked':
//   -c:     same entries in the same order, every line byte-identical except
//           that the expiry of the LATER listing may be exactly one second
//           lower (with 50-100 entries some timer nearly always crosses a
//           second boundary in the ~50 ms Debian's ipvsadm needs to start);
//   --rate, --stats: identical except the numbers on service and server
//           lines (the kernel refreshes both counters and rates every 2 s;
//           the labs wait for such a tick after traffic before listing).
// Anything else is 'differs'. The host test accepts 'exact' and 'masked'
// and prints how many listings needed a retry or the tolerance.
//
// Topology (built once, shared by all labs):
//
//   client ns            director (root ns)                 rs1 ns / rs2 ns
//   eth0 192.168.10.100 -- veth-client 192.168.10.13 (VIP)
//        192.168.10.101    br0 192.168.100.13 (DIP) --+-- eth0 192.168.100.14 (rs1)
//                                                     +-- eth0 192.168.100.15 (rs2)
//
// The real servers sit on one L2 segment with the director (a bridge), as
// LVS-DR requires, and route everything else via the DIP.

import { spawnSync } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [inputPath, outputPath] = process.argv.slice(2);
const input = JSON.parse(readFileSync(inputPath, 'utf8'));
const repoRoot = input.repoRoot;
const W = process.env.W ?? process.cwd();
const SERVER_PY = join(repoRoot, 'test', 'kernel', 'labs', 'server.py');
const DEBIAN_IPVSADM = '/usr/sbin/ipvsadm';
const RETRIES = 6;

const VIP = '192.168.10.13';
const DIP = '192.168.100.13';
const RS = { rs1: '192.168.100.14', rs2: '192.168.100.15' };
const CLIENT_A = '192.168.10.100';
const CLIENT_B = '192.168.10.101';

// This UML kernel refuses iptables-nft's tables ("TABLE_ADD failed
// (Operation not supported)"), so inside UML `iptables` is the legacy
// (x_tables) backend of the same Debian package: a link in LAB_BIN.
const LAB_BIN = '/run/lab-bin';
const ENV = {
  PATH: `${LAB_BIN}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
  HOME: '/root',
  LANG: 'C',
  ...(process.env.GLIBC_TUNABLES ? { GLIBC_TUNABLES: process.env.GLIBC_TUNABLES } : {}),
};

const now = () => Number(process.hrtime.bigint() / 1000n) / 1000; // ms
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const t0 = now();

const main = await import(pathToFileURL(join(repoRoot, 'dist', 'src', 'entry', 'ipvsadm.js')).href);
const { captureIo } = await import(pathToFileURL(join(repoRoot, 'dist', 'src', 'ops', 'io.js')).href);

/** Splits a command line on blanks (the labs need no quoting). */
const words = (s) => s.trim().split(/\s+/).filter((w) => w !== '');

function ours(args, stdin) {
  const c = captureIo({ stdin, env: Object.freeze({ ...ENV }), readConnFile: main.readProcConnFile });
  let status = null;
  let error;
  try {
    status = main.run('ipvsadm', args, c.io);
  } catch (e) {
    error = e && e.stack ? e.stack : String(e);
  }
  const r = { stdout: c.stdout(), stderr: c.stderr(), status };
  if (error) r.error = error;
  return r;
}

function debian(args) {
  const r = spawnSync(DEBIAN_IPVSADM, args, { argv0: 'ipvsadm', env: ENV, encoding: 'utf8' });
  return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', status: r.status };
}

function shRaw(script) {
  const r = spawnSync('/bin/sh', ['-c', script], { env: ENV, encoding: 'utf8', timeout: 120_000 });
  return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', status: r.status };
}

// ------------------------------------------------------------ recording

const labs = [];
let lab;
let stepNo = 0;

function startLab(id, title) {
  lab = { id, title, steps: [], ms: 0, t: now() };
  labs.push(lab);
}

function record(step) {
  step.n = ++stepNo;
  lab.steps.push(step);
  return step;
}

/** Prose for the docs. */
const note = (text) => record({ kind: 'note', text });

/** Shell commands (network setup, sysctls, iptables): must succeed. */
function sh(id, script, { show = true } = {}) {
  const r = shRaw(`set -e\n${script}`);
  record({ kind: 'sh', id, script: script.trim(), show, ...r });
  if (r.status !== 0) throw new Error(`shell step ${id} failed (${r.status}):\n${script}\n${r.stdout}${r.stderr}`);
  return r;
}

/**
 * One configuration command through OUR ipvsadm. Options: stdinFile (the
 * command's stdin, like `< file`), stdoutFile (its stdout, like `> file`).
 */
function ipvsadm(id, cmdline, { stdinFile, stdoutFile, expectStatus = 0 } = {}) {
  const stdin = stdinFile ? readFileSync(stdinFile, 'utf8') : undefined;
  const r = ours(words(cmdline), stdin);
  if (stdoutFile) writeFileSync(stdoutFile, r.stdout);
  const shown =
    `ipvsadm ${cmdline}` +
    (stdinFile ? ` < ${stdinFile.replace(`${W}/`, '')}` : '') +
    (stdoutFile ? ` > ${stdoutFile.replace(`${W}/`, '')}` : '');
  record({ kind: 'ipvsadm', id, cmd: shown, ...r, ...(stdoutFile ? { toFile: true } : {}) });
  if (r.status !== expectStatus || r.error) {
    throw new Error(`ours: ${shown} exited ${r.status}${r.error ? ` (${r.error})` : ''}:\n${r.stdout}${r.stderr}`);
  }
  return r;
}

/**
 * The kernel (6.1) folds its per-CPU counters into what --stats shows, and
 * recomputes the rates, only in the estimator timer, every 2 seconds: wait
 * for one tick after a burst so both are up to date.
 */
const estimatorTick = () => sleep(2200);

const same = (a, b) => a.stdout === b.stdout && a.stderr === b.stderr && a.status === b.status;

/** --rate, --stats: masks every number after the address on service and server lines. */
function maskTicking(text, kind) {
  return text
    .split('\n')
    .map((line) => {
      const m = /^((?:TCP|UDP|SCTP|FWM)\s+\S+|\s+->\s+\S+)(.*)$/.exec(line);
      return m ? m[1] + m[2].replace(/\d+[KMGT]?/g, '#').replace(/\s+/g, ' ') : line;
    })
    .join('\n');
}

/**
 * -c listings taken one after the other: the same entries in the same order,
 * each line identical except that the expiry in the later listing may be one
 * second lower (its timer crossed a second boundary in between).
 */
function connTicked(earlier, later) {
  const a = earlier.split('\n');
  const b = later.split('\n');
  if (a.length !== b.length) return false;
  const re = /^(\S+\s+)(\d\d):(\d\d)(\s.*)$/;
  return a.every((x, i) => {
    const y = b[i];
    if (x === y) return true;
    const mx = re.exec(x);
    const my = re.exec(y);
    if (!mx || !my || mx[1] !== my[1] || mx[4] !== my[4]) return false;
    const sx = Number(mx[2]) * 60 + Number(mx[3]);
    const sy = Number(my[2]) * 60 + Number(my[3]);
    return sx - sy === 1;
  });
}

/**
 * Lists with ours and Debian back to back on the same live state (see the
 * top of this file for how ticking values are handled). `ticking` ('conn'
 * for -c, 'rate' for --rate) says what may legitimately tick; the mask is
 * applied only for such listings and only when every retry differed.
 */
async function listBoth(id, cmdline, { ticking = false } = {}) {
  const args = words(cmdline);
  let o;
  let d;
  let attempts = 0;
  for (; attempts < RETRIES; ) {
    attempts++;
    if (attempts % 2 === 1) {
      o = ours(args);
      d = debian(args);
    } else {
      d = debian(args);
      o = ours(args);
    }
    if (same(o, d)) break;
    await sleep(100 * attempts);
  }
  let result = same(o, d) ? 'exact' : 'differs';
  // Who listed first in the last attempt (odd attempts: ours first).
  const first = attempts % 2 === 1 ? 'ours' : 'debian';
  if (result === 'differs' && ticking && !o.error && o.status === d.status && o.stderr === d.stderr) {
    if (ticking === 'conn') {
      const [a, b] = first === 'ours' ? [o.stdout, d.stdout] : [d.stdout, o.stdout];
      if (connTicked(a, b)) result = 'masked';
    } else if (maskTicking(o.stdout, ticking) === maskTicking(d.stdout, ticking)) result = 'masked';
  }
  return record({ kind: 'list', id, cmd: `ipvsadm ${cmdline}`, ours: o, debian: d, attempts, first, result, ticking });
}

/**
 * n HTTP requests from the client namespace, one curl (one new TCP
 * connection) each, from source address `src`; returns who answered.
 */
function traffic(id, { n, src = CLIENT_A, port = 80, vip = VIP }) {
  const url = `http://${vip}${port === 80 ? '' : `:${port}`}/`;
  const script =
    `ip netns exec client sh -c 'for i in $(seq ${n}); do ` +
    `curl -s -m 5 --interface ${src} ${url} || echo FAIL; done'`;
  const r = shRaw(script);
  const lines = r.stdout.split('\n').filter((l) => l !== '');
  const answers = lines.map((l) => (/^(rs[12]) /.exec(l)?.[1] ?? `?${l}`));
  const shown = `for i in $(seq ${n}); do curl -s --interface ${src} ${url}; done`;
  record({ kind: 'traffic', id, cmd: shown, src, port, n, stdout: r.stdout, stderr: r.stderr, status: r.status, answers });
  return answers;
}

// ------------------------------------------------------------ topology

function topology() {
  startLab('setup', 'The test network');
  note(`
One machine plays all roles, with network namespaces: the director is the
root namespace, the client and the two real servers have their own.

\`\`\`text
  client ns                 director (root ns)                    real servers
  eth0 192.168.10.100  ---  veth-client 192.168.10.13 (VIP)
       192.168.10.101       br0         192.168.100.13 (DIP) --+-- rs1 eth0 192.168.100.14
                                                               +-- rs2 eth0 192.168.100.15
\`\`\`

The real servers share one L2 segment with the director (the bridge \`br0\`),
as LVS-DR needs, and route everything else via the DIP, as LVS-NAT needs.
The director forwards (\`ip_forward=1\`). The client has two addresses so
that the labs can show what happens to two different clients.
`);
  sh(
    'modules',
    `for m in veth bridge ipip ip_tables iptable_mangle xt_mark; do /run/modprobe-wrapper $m; done
mkdir -p ${LAB_BIN}
ln -sf /usr/sbin/iptables-legacy ${LAB_BIN}/iptables`,
    { show: false },
  );
  sh(
    'net',
    `
sysctl -qw net.ipv4.ip_forward=1
ip netns add client
ip netns add rs1
ip netns add rs2
# client side: VIP on the director's veth-client
ip link add veth-client type veth peer name eth0 netns client
ip addr add ${VIP}/24 dev veth-client
ip link set veth-client up
ip -n client link set lo up
ip -n client addr add ${CLIENT_A}/24 dev eth0
ip -n client addr add ${CLIENT_B}/24 dev eth0
ip -n client link set eth0 up
# server side: the DIP on a bridge, one veth per real server
ip link add br0 type bridge
ip addr add ${DIP}/24 dev br0
ip link set br0 up
for i in 1 2; do
  ip link add veth-rs$i type veth peer name eth0 netns rs$i
  ip link set veth-rs$i master br0 up
  ip -n rs$i link set lo up
  ip -n rs$i addr add 192.168.100.1$((3 + i))/24 dev eth0
  ip -n rs$i link set eth0 up
  ip -n rs$i route add default via ${DIP}
done
`,
  );
  note(`
Each real server runs a tiny HTTP server (\`test/kernel/labs/server.py\`)
on ports 80 and 23 that answers with its own name, so every answer shows
who served it:
`);
  sh(
    'servers',
    `
cd ${JSON.stringify(join(repoRoot, 'test', 'kernel', 'labs'))}
ip netns exec rs1 python3 ${SERVER_PY} 'rs1 ${RS.rs1}' >/dev/null 2>&1 &
ip netns exec rs2 python3 ${SERVER_PY} 'rs2 ${RS.rs2}' >/dev/null 2>&1 &
for ip in ${RS.rs1} ${RS.rs2}; do
  for port in 80 23; do
    i=0
    until curl -s -m 1 http://$ip:$port/ >/dev/null; do
      i=$((i + 1)); [ $i -lt 100 ] || { echo "no server on $ip:$port"; exit 1; }; sleep 0.1
    done
  done
  curl -s http://$ip/
done
`,
  );
}

// ------------------------------------------------------------ lab 1: NAT

async function labNat() {
  startLab('nat', 'LVS-NAT');
  note(`
The director rewrites the destination of each new connection to the chosen
real server (masquerading, \`-m\`) and the replies back. Start with
round robin:
`);
  ipvsadm('add-service', `-A -t ${VIP}:80 -s rr`);
  ipvsadm('add-rs1', `-a -t ${VIP}:80 -r ${RS.rs1}:80 -m`);
  ipvsadm('add-rs2', `-a -t ${VIP}:80 -r ${RS.rs2}:80 -m`);
  await listBoth('list-rr', '-L -n');
  note('Ten requests from the client, one TCP connection each, alternate between the two servers:');
  traffic('rr', { n: 10 });
  await listBoth('list-after-rr', '-L -n');
  note(`
Give the servers weights 2 and 3 (\`-e\` edits a server) and switch the
service to weighted round robin (\`-E\` edits the service). Of ten
requests, four go to rs1 and six to rs2:
`);

  ipvsadm('weight-rs1', `-e -t ${VIP}:80 -r ${RS.rs1}:80 -m -w 2`);
  ipvsadm('weight-rs2', `-e -t ${VIP}:80 -r ${RS.rs2}:80 -m -w 3`);
  ipvsadm('wrr', `-E -t ${VIP}:80 -s wrr`);
  await listBoth('list-wrr', '-L -n');
  traffic('wrr', { n: 10 });

  note('Take rs1 out of the service: everything goes to rs2.');
  ipvsadm('delete-rs1', `-d -t ${VIP}:80 -r ${RS.rs1}:80`);
  await listBoth('list-deleted', '-L -n');
  traffic('deleted', { n: 6 });

  note(`
Put rs1 back and use source hashing: each client address is hashed to one
server and keeps reaching it (two addresses may well hash to the same one).
`);
  ipvsadm('readd-rs1', `-a -t ${VIP}:80 -r ${RS.rs1}:80 -m -w 2`);
  ipvsadm('sh', `-E -t ${VIP}:80 -s sh`);
  await listBoth('list-sh', '-L -n');
  traffic('sh-a', { n: 5, src: CLIENT_A });
  traffic('sh-b', { n: 5, src: CLIENT_B });

 note(`
A second virtual service, port 23, weighted least-connection:
`);
  ipvsadm('add-telnet', `-A -t ${VIP}:23 -s wlc`);
  ipvsadm('add-telnet-rs1', `-a -t ${VIP}:23 -r ${RS.rs1}:23 -m`);
  ipvsadm('add-telnet-rs2', `-a -t ${VIP}:23 -r ${RS.rs2}:23 -m`);
  traffic('telnet', { n: 4, port: 23 });
  await listBoth('list-two', '-L -n');
  note(`
Counters (\`--stats\`: connections, packets and bytes in and out since the
service was created), rates (\`--rate\`: per second; the kernel refreshes
both every 2 seconds) and the connection table (\`-c\`; finished connections
wait in TIME_WAIT, with the expiry counting down):
`);
  await estimatorTick();
  await listBoth('stats', '-L -n --stats', { ticking: 'rate' });
  await listBoth('rate', '-L -n --rate', { ticking: 'rate' });
  await listBoth('conns', '-L -n -c', { ticking: 'conn' });
  note('`-Z` zeroes the counters and rates:');
  ipvsadm('zero', '-Z');
  await listBoth('stats-zeroed', '-L -n --stats', { ticking: 'rate' });
  await listBoth('rate-zeroed', '-L -n --rate', { ticking: 'rate' });

  note(`
Save the table as rules, clear it, and restore it from the saved rules:
`);
  const rules = join(W, 'lvs-nat.rules');
  ipvsadm('save', '-S -n', { stdoutFile: rules });
  await listBoth('save-both', '-S -n');
  ipvsadm('clear', '-C');
  await listBoth('list-cleared', '-L -n');
  ipvsadm('restore', '-R', { stdinFile: rules });
  await listBoth('list-restored', '-L -n');
  await listBoth('save-restored', '-S -n');
  lab.savedRules = readFileSync(rules, 'utf8');
  ipvsadm('cleanup', '-C');
}

// ------------------------------------------------------------ lab 2: DR + fwmark

async function labDr() {
  startLab('dr', 'LVS-DR with a firewall mark');
  note(`
With direct routing (\`-g\`) the director only rewrites the destination MAC
address: the packet still goes to the VIP, so every real server holds the VIP
on \`lo\` and must neither answer ARP for it (\`arp_ignore=1\`) nor announce
it (\`arp_announce=2\`). The service is a firewall mark instead of an
address and port: iptables marks the packets for VIP:80 with 6 and the
service matches mark 6.

(Inside the test's user-mode Linux kernel \`iptables\` is the legacy x_tables
backend, \`iptables-legacy\`: that kernel refuses iptables-nft's tables.)
The real servers answer the client directly, with the VIP as source. In a
real DR setup their default route is a router of their own; here it is the
director, which must then accept packets from its own VIP on \`br0\`
(\`accept_local\`).
`);
  sh(
    'director',
    `
iptables -t mangle -A PREROUTING -d ${VIP}/32 -p tcp --dport 80 -j MARK --set-mark 6
# the real servers' replies (source: the VIP) come back through br0
sysctl -qw net.ipv4.conf.br0.accept_local=1
`,
  );
  sh(
    'real-servers',
    `
for ns in rs1 rs2; do
  ip netns exec $ns sysctl -qw net.ipv4.conf.all.arp_ignore=1
  ip netns exec $ns sysctl -qw net.ipv4.conf.all.arp_announce=2
  ip -n $ns addr add ${VIP}/32 dev lo
done
`,
  );
  note(`
Configure the service; servers of a firewall-mark service have no port
(they answer on the port the client asked for):
`);
  ipvsadm('add-service', '-A -f 6 -s rr');
  ipvsadm('add-rs1', `-a -f 6 -r ${RS.rs1} -g`);
  ipvsadm('add-rs2', `-a -f 6 -r ${RS.rs2} -g`);
  await listBoth('list', '-L -n');
  traffic('rr', { n: 10 });
  await listBoth('list-after', '-L -n');
  await estimatorTick();
  await listBoth('stats', '-L -n --stats', { ticking: 'rate' });
  await listBoth('conns', '-L -n -c', { ticking: 'conn' });
  note(`
The mark rule counted the client's packets:
`);
  sh('mangle', 'iptables -t mangle -L PREROUTING -n -v');
  ipvsadm('cleanup', '-C');
  sh(
    'teardown',
    `
iptables -t mangle -F PREROUTING
for ns in rs1 rs2; do ip -n $ns addr del ${VIP}/32 dev lo; done
`,
    { show: false },
  );
}

// ------------------------------------------------------------ lab 3: TUN

async function labTun() {
  startLab('tun', 'LVS-TUN');
  note(`
With tunnelling (\`-i\`) the director wraps each packet for the VIP in an
IP-in-IP packet to the real server, which unwraps it on \`tunl0\` (the
\`ipip\` module), holds the VIP there and answers the client directly.
Reverse-path filtering must be off for \`tunl0\`: the client is not
reached through the tunnel.
`);
  sh(
    'real-servers',
    `
for ns in rs1 rs2; do
  ip -n $ns link set tunl0 up
  ip -n $ns addr add ${VIP}/32 dev tunl0
  ip netns exec $ns sysctl -qw net.ipv4.conf.all.rp_filter=0
  ip netns exec $ns sysctl -qw net.ipv4.conf.tunl0.rp_filter=0
  ip netns exec $ns sysctl -qw net.ipv4.conf.all.arp_ignore=1
  ip netns exec $ns sysctl -qw net.ipv4.conf.all.arp_announce=2
done
`,
  );
  ipvsadm('add-service', `-A -t ${VIP}:80 -s rr`);
  ipvsadm('add-rs1', `-a -t ${VIP}:80 -r ${RS.rs1} -i`);
  ipvsadm('add-rs2', `-a -t ${VIP}:80 -r ${RS.rs2} -i`);
  await listBoth('list', '-L -n');
  note(`
(InActConn is not 0 from the start: the NAT lab's connections, still in
TIME_WAIT, belong to the same VIP:80 → RIP:80 destinations, which the kernel
kept after \`-C\` and revives for this service.)
`);
  traffic('rr', { n: 10 });
  await listBoth('list-after', '-L -n');
  await estimatorTick();
  await listBoth('stats', '-L -n --stats', { ticking: 'rate' });
  note(`
rs1's \`tunl0\` received the encapsulated packets and sent nothing (the
replies leave through \`eth0\`, straight to the client):
`);
  sh('tunl0', `ip -n rs1 -s link show tunl0`);
  ipvsadm('cleanup', '-C');
  sh(
    'teardown',
    `for ns in rs1 rs2; do ip -n $ns addr del ${VIP}/32 dev tunl0; ip -n $ns link set tunl0 down; done`,
    { show: false },
  );
}

// ------------------------------------------------------------ lab 4: persistence

async function labPersistence() {
  startLab('persist', 'Persistence: PCC, PPC and PFM');
  note(`
With \`-p\` the director remembers for each client which server it chose
(a connection *template*, kept for the persistence timeout, 300 s here) and
sends that client's new connections to the same server. These labs use NAT
(\`-m\`) and the two client addresses: with \`rr\`, the first client's
template goes to one server and the second client's to the other.

**Persistent client connection (PCC)**: port 0 makes the service cover
every port of the VIP, so a client sticks to one server for all ports
(here 80 and 23):
`);
  // PCC: port 0 = every port of the VIP; one client sticks to one server
  // for all its ports.
  ipvsadm('pcc', `-A -t ${VIP}:0 -s rr -p 300`);
  ipvsadm('pcc-rs1', `-a -t ${VIP}:0 -r ${RS.rs1} -m`);
  ipvsadm('pcc-rs2', `-a -t ${VIP}:0 -r ${RS.rs2} -m`);
  await listBoth('pcc-list', '-L -n');
  traffic('pcc-a80', { n: 4, src: CLIENT_A, port: 80 });
  traffic('pcc-a23', { n: 4, src: CLIENT_A, port: 23 });
  traffic('pcc-b80', { n: 4, src: CLIENT_B, port: 80 });
  traffic('pcc-b23', { n: 4, src: CLIENT_B, port: 23 });
  note(`
\`--persistent-conn\` adds the number of templates per server; \`-c\` lists
the templates (client port 0, virtual port 0 for PCC) among the connections:
`);
  await listBoth('pcc-persistent', '-L -n --persistent-conn');
  await listBoth('pcc-conns', '-L -n -c', { ticking: 'conn' });
  ipvsadm('pcc-clear', '-C');

  // PPC: persistence per service (VIP:80 only).
  note(`
**Persistent port connection (PPC)**: persistence for one service, VIP:80:
`);
  ipvsadm('ppc', `-A -t ${VIP}:80 -s rr -p 300`);
  ipvsadm('ppc-rs1', `-a -t ${VIP}:80 -r ${RS.rs1}:80 -m`);
  ipvsadm('ppc-rs2', `-a -t ${VIP}:80 -r ${RS.rs2}:80 -m`);
  await listBoth('ppc-list', '-L -n');
  traffic('ppc-a', { n: 5, src: CLIENT_A });
  traffic('ppc-b', { n: 5, src: CLIENT_B });
  await listBoth('ppc-persistent', '-L -n --persistent-conn');
  await listBoth('ppc-conns', '-L -n -c', { ticking: 'conn' });
  ipvsadm('ppc-clear', '-C');

  // PFM: persistence per firewall mark.
  note(`
**Persistent firewall mark (PFM)**: persistence for whatever iptables marks,
here VIP:80 marked 6:
`);
  sh('pfm-mark', `iptables -t mangle -A PREROUTING -d ${VIP}/32 -p tcp --dport 80 -j MARK --set-mark 6`);
  ipvsadm('pfm', '-A -f 6 -s rr -p 300');
  ipvsadm('pfm-rs1', `-a -f 6 -r ${RS.rs1} -m`);
  ipvsadm('pfm-rs2', `-a -f 6 -r ${RS.rs2} -m`);
  await listBoth('pfm-list', '-L -n');
  traffic('pfm-a', { n: 5, src: CLIENT_A });
  traffic('pfm-b', { n: 5, src: CLIENT_B });
  await listBoth('pfm-persistent', '-L -n --persistent-conn');
  note(`
The templates of the PCC and PPC services above are still listed: \`-C\`
removes services, while connection entries and templates expire on their own.
`);
  await listBoth('pfm-conns', '-L -n -c', { ticking: 'conn' });
  ipvsadm('pfm-clear', '-C');
  sh('pfm-teardown', 'iptables -t mangle -F PREROUTING', { show: false });
}

// ------------------------------------------------------------ run

const output = { labs, ms: 0 };
async function guarded(fn) {
  try {
    await fn();
  } catch (e) {
    lab.crash = e && e.stack ? e.stack : String(e);
    shRaw(`${DEBIAN_IPVSADM} -C; iptables -t mangle -F PREROUTING`);
  }
  lab.ms = Math.round(now() - lab.t);
}
await guarded(topology);
if (!labs[0].crash) {
  const only = input.only ? new Set(input.only) : undefined;
  for (const [id, fn] of [
    ['nat', labNat],
    ['dr', labDr],
    ['tun', labTun],
    ['persist', labPersistence],
  ]) {
    if (!only || only.has(id)) await guarded(fn);
  }
}
output.ms = Math.round(now() - t0);
writeFileSync(outputPath + '.tmp', JSON.stringify(output));
renameSync(outputPath + '.tmp', outputPath);
