// Runs INSIDE user-mode Linux (as root, real IPVS loaded), started by
// test/kernel/ha.test.ts:   node driver.mjs input.json output.json
//
// Two directors: IPVS connection synchronisation and keepalived failover,
// driven by OUR ipvsadm, proven with a live TCP connection.
//
// Topology: one bridge (br0, in the root namespace, multicast snooping off)
// and five namespaces on it, LVS-DR:
//
//   client 192.168.50.100 ---+
//   dira   192.168.50.2   ---+  directors: eth0; the VIP 192.168.50.10 on
//   dirb   192.168.50.3   ---+  the active one's eth0
//   rs1    192.168.50.11  ---+  real servers: the VIP on lo, arp_ignore=1,
//   rs2    192.168.50.12  ---+  arp_announce=2, an echo server on :80
//
// Each director namespace has its own IPVS table and sync daemons, and a
// long-lived agent (agent.mjs) that runs OUR ipvsadm in-process and
// Debian's ipvsadm as a child. Every configuration command goes through
// ours unless a step says Debian's; every listing is taken with both, back
// to back, retried (alternating who goes first) until identical; -c and
// --stats/--rate listings may, only if every retry differed, differ in the
// ticking fields (expiry one second lower in the later listing; counters).
//
// Phase 1 (sync by hand): the VIP on dira, rules loaded with `ipvsadm -R`
// on both, sync daemons started with `--start-daemon master|backup`:
// defaults (both ours), then every daemon option with ours as master and
// Debian's as backup, then the other way round. Each time a new client
// connection must show up in dirb's -Lnc and in /proc/net/ip_vs_conn_sync
// with origin Sync.
// Phase 2 (keepalived): tables cleared; keepalived in both directors
// programs the virtual server itself and moves the VIP; its notify hook
// (a shell script calling OUR bin/ipvsadm.js) switches the sync daemons.
// A long stream L is opened and synced; dira's master daemon is stopped,
// a control connection C is opened (never synced) and the daemon started
// again; dira's link goes down; dirb takes the VIP; L carries on through
// dirb to the same real server, in order, and C is reset.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const [inputPath, outputPath] = process.argv.slice(2);
const input = JSON.parse(readFileSync(inputPath, 'utf8'));
const repoRoot = input.repoRoot;
const W = process.env.W ?? process.cwd();
const HERE = join(repoRoot, 'test', 'kernel', 'ha');
const STREAM = join(HERE, 'stream.py');
const AGENT = join(HERE, 'agent.mjs');
const OUR_IPVSADM = join(repoRoot, 'bin', 'ipvsadm.js');
const RETRIES = 6;

const VIP = '192.168.50.10';
const NET = {
  client: '192.168.50.100',
  dira: '192.168.50.2',
  dirb: '192.168.50.3',
  rs1: '192.168.50.11',
  rs2: '192.168.50.12',
};
const ENV = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  HOME: '/root',
  LANG: 'C',
  ...(process.env.GLIBC_TUNABLES ? { GLIBC_TUNABLES: process.env.GLIBC_TUNABLES } : {}),
};

const now = () => Number(process.hrtime.bigint() / 1000n) / 1000; // ms
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const t0 = now();
const words = (s) => s.trim().split(/\s+/).filter((w) => w !== '');

// ------------------------------------------------------------ recording

const steps = [];
const output = { steps, ms: 0, timings: {}, files: {} };
let phase = 'setup';
const record = (s) => {
  s.phase = phase;
  s.t = Math.round(now() - t0);
  steps.push(s);
  return s;
};
const note = (text) => record({ kind: 'note', text });

function shRaw(script, timeout = 60_000) {
  const r = spawnSync('/bin/sh', ['-c', script], { env: ENV, encoding: 'utf8', timeout });
  return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', status: r.status };
}

/** Shell commands in the root namespace: must succeed. */
function sh(id, script) {
  const r = shRaw(`set -e\n${script}`);
  record({ kind: 'sh', id, script: script.trim(), ...r });
  if (r.status !== 0) throw new Error(`shell step ${id} failed (${r.status}):\n${script}\n${r.stdout}${r.stderr}`);
  return r;
}

/** Bounded wait: polls fn (async ok) until it returns a truthy value. */
async function waitFor(what, fn, { timeoutMs = 20_000, everyMs = 100 } = {}) {
  const start = now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

// ------------------------------------------------------------ agents

class Agent {
  constructor(ns) {
    this.ns = ns;
    this.queue = [];
    this.child = spawn('ip', ['netns', 'exec', ns, process.execPath, AGENT, repoRoot], {
      env: ENV,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.stderr = '';
    this.child.stderr.on('data', (b) => (this.stderr += b.toString()));
    this.child.on('exit', (code, sig) => {
      const why = new Error(`agent in ${ns} exited (${code ?? sig}):\n${this.stderr}`);
      for (const q of this.queue.splice(0)) q.reject(why);
      this.dead = why;
    });
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      const q = this.queue.shift();
      if (q) q.resolve(JSON.parse(line));
    });
    this.ready = new Promise((resolve, reject) => this.queue.push({ resolve, reject }));
  }
  ask(req, timeoutMs = 90_000) {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`agent in ${this.ns}: no answer to ${JSON.stringify(req).slice(0, 200)} in ${timeoutMs} ms`)), timeoutMs);
      this.queue.push({
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.child.stdin.write(JSON.stringify(req) + '\n');
    });
  }
  close() {
    this.child.stdin.end();
  }
}

const agents = {};

/** One command through OUR ipvsadm (or Debian's: tool 'debian') in a director. */
async function ipvsadm(ns, cmdline, { tool = 'ours', stdin, stdinName, expectStatus = 0 } = {}) {
  const args = words(cmdline);
  const r = await agents[ns].ask(tool === 'ours' ? { op: 'ours', args, stdin } : { op: 'debian', args });
  const shown = `${tool === 'ours' ? 'ipvsadm' : '/usr/sbin/ipvsadm'} ${cmdline}${stdinName ? ` < ${stdinName}` : ''}`;
  record({ kind: 'ipvsadm', ns, tool, cmd: shown, ...r });
  if (r.error || (expectStatus !== null && r.status !== expectStatus)) {
    throw new Error(`${ns}: ${shown} exited ${r.status}${r.error ? ` (${r.error})` : ''}:\n${r.stdout}${r.stderr}`);
  }
  return r;
}

async function nsSh(ns, script) {
  const r = await agents[ns].ask({ op: 'sh', script });
  return r;
}

const same = (a, b) => a.stdout === b.stdout && a.stderr === b.stderr && a.status === b.status;

function maskNumbers(text) {
  return text
    .split('\n')
    .map((line) => {
      const m = /^((?:TCP|UDP|SCTP|FWM)\s+\S+|\s+->\s+\S+)(.*)$/.exec(line);
      return m ? m[1] + m[2].replace(/\d+[KMGT]?/g, '#').replace(/\s+/g, ' ') : line;
    })
    .join('\n');
}

/** -c listings one after the other: identical but for expiry one second lower in the later. */
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
    return Number(mx[2]) * 60 + Number(mx[3]) - (Number(my[2]) * 60 + Number(my[3])) === 1;
  });
}

/** Lists with ours and Debian's on the same live state of director ns. */
async function listBoth(ns, id, cmdline, { ticking = false } = {}) {
  const args = words(cmdline);
  let r;
  let attempts = 0;
  while (attempts < RETRIES) {
    attempts++;
    r = await agents[ns].ask({ op: 'pair', args, first: attempts % 2 === 1 ? 'ours' : 'debian' });
    if (same(r.ours, r.debian) && !r.ours.error) break;
    await sleep(100 * attempts);
  }
  const first = attempts % 2 === 1 ? 'ours' : 'debian';
  let result = same(r.ours, r.debian) && !r.ours.error ? 'exact' : 'differs';
  if (result === 'differs' && ticking && !r.ours.error && r.ours.status === r.debian.status && r.ours.stderr === r.debian.stderr) {
    if (ticking === 'conn') {
      const [a, b] = first === 'ours' ? [r.ours.stdout, r.debian.stdout] : [r.debian.stdout, r.ours.stdout];
      if (connTicked(a, b)) result = 'masked';
    } else if (maskNumbers(r.ours.stdout) === maskNumbers(r.debian.stdout)) result = 'masked';
  }
  return record({ kind: 'list', ns, id, cmd: `ipvsadm ${cmdline}`, ours: r.ours, debian: r.debian, attempts, first, result, ticking });
}

/** Every listing the issue names, on one director. */
async function listAll(ns, tag) {
  await listBoth(ns, `${tag}-L`, '-Ln');
  await listBoth(ns, `${tag}-S`, '-Sn');
  await listBoth(ns, `${tag}-c`, '-Lnc', { ticking: 'conn' });
  await listBoth(ns, `${tag}-daemon`, '-Ln --daemon');
  await listBoth(ns, `${tag}-timeout`, '-L --timeout');
  await listBoth(ns, `${tag}-stats`, '-Ln --stats', { ticking: 'stats' });
}

// ------------------------------------------------------------ helpers

/** Parsed /proc/net/ip_vs_conn_sync of a director: {proto, cport, vip..., state, origin}. */
async function syncTable(ns) {
  const r = await agents[ns].ask({ op: 'read', path: '/proc/net/ip_vs_conn_sync' });
  const text = r.text ?? '';
  const rows = text
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 9)
    .map((f) => ({ proto: f[0], cport: parseInt(f[2], 16), vport: parseInt(f[4], 16), state: f[7], origin: f[8], line: f.join(' ') }));
  return { text, rows };
}

/** Waits until connection `port` is in ns's sync table with origin SYNC (and a state `state` matches). */
async function waitSynced(ns, port, what, state = /^ESTABLISHED$/) {
  const t = now();
  const row = await waitFor(`${what} (client port ${port}) to appear in ${ns}'s /proc/net/ip_vs_conn_sync with origin SYNC and state ${state}`, async () => {
    const { rows } = await syncTable(ns);
    return rows.find((x) => x.cport === port && x.origin === 'SYNC' && state.test(x.state));
  }, { timeoutMs: 15_000, everyMs: 250 });
  const { text } = await syncTable(ns);
  record({ kind: 'synced', ns, what, port, state: row.state, ms: Math.round(now() - t), row: row.line, table: text });
  return row;
}

const streams = {};
/** Starts a stream client in the client namespace (stream.py client). */
function openStream(name, { burst = 0 } = {}) {
  const out = join(W, `stream-${name}.json`);
  const child = spawn('ip', ['netns', 'exec', 'client', '/usr/bin/python3', STREAM, 'client', VIP, '80', out, '--interval', '0.1', '--burst', String(burst)], {
    env: ENV,
    stdio: ['ignore', 'ignore', openSync(`${out}.err`, 'w')],
  });
  streams[name] = { out, child, t: now() };
  return streams[name];
}
const streamLog = (name) => {
  try {
    return readFileSync(`${streams[name].out}.log`, 'utf8');
  } catch {
    return '';
  }
};
const answers = (name) => streamLog(name).split('\n').filter((l) => /^\d+ \d+ \S+$/.test(l)).length;
const localPort = async (name) =>
  Number(
    (await waitFor(`stream ${name} to connect`, () => /^\d+ connected (\d+)$/m.exec(streamLog(name))?.[1], { timeoutMs: 20_000 })),
  );
async function waitAnswers(name, n, timeoutMs = 30_000) {
  await waitFor(`${n} answers on stream ${name} (log so far:\n${streamLog(name).slice(-800)})`, () => answers(name) >= n || /error/.test(streamLog(name)), { timeoutMs });
  if (/error/.test(streamLog(name))) throw new Error(`stream ${name} failed:\n${streamLog(name).slice(-1500)}`);
}
async function stopStream(name) {
  writeFileSync(`${streams[name].out}.stop`, '');
  const s = streams[name];
  await waitFor(`stream ${name} to write its summary`, () => existsSync(s.out), { timeoutMs: 40_000 });
  const res = JSON.parse(readFileSync(s.out, 'utf8'));
  res.log = streamLog(name);
  output.streams = { ...(output.streams ?? {}), [name]: res };
  return res;
}

async function hasVip(ns) {
  const r = await nsSh(ns, 'ip -o -4 addr show dev eth0');
  return r.stdout.includes(` ${VIP}/`);
}

// ------------------------------------------------------------ topology

function topology() {
  sh(
    'net',
    `
for m in veth bridge; do /run/modprobe-wrapper $m; done
ip link add br0 type bridge mcast_snooping 0
ip link set br0 up
for ns in client dira dirb rs1 rs2; do
  ip netns add $ns
  ip link add v-$ns type veth peer name eth0 netns $ns
  ip link set v-$ns master br0 up
  ip -n $ns link set lo up
  ip -n $ns link set eth0 up
done
ip -n client addr add ${NET.client}/24 dev eth0
ip -n dira addr add ${NET.dira}/24 dev eth0
ip -n dirb addr add ${NET.dirb}/24 dev eth0
for ns in rs1 rs2; do
  ip netns exec $ns sysctl -qw net.ipv4.conf.all.arp_ignore=1
  ip netns exec $ns sysctl -qw net.ipv4.conf.all.arp_announce=2
  ip -n $ns addr add ${VIP}/32 dev lo
done
ip -n rs1 addr add ${NET.rs1}/24 dev eth0
ip -n rs2 addr add ${NET.rs2}/24 dev eth0
`,
  );
  sh(
    'servers',
    `
ip netns exec rs1 /usr/bin/python3 ${STREAM} server rs1 80 >/dev/null 2>&1 &
ip netns exec rs2 /usr/bin/python3 ${STREAM} server rs2 80 >/dev/null 2>&1 &
`,
  );
}

const RULES = `-A -t ${VIP}:80 -s rr
-a -t ${VIP}:80 -r ${NET.rs1}:80 -g -w 1
-a -t ${VIP}:80 -r ${NET.rs2}:80 -g -w 1
`;

// ------------------------------------------------------------ phase 1

async function syncRound(id, { master, backup, opts }) {
  phase = id;
  const masterTool = master;
  await ipvsadm('dira', `--start-daemon master ${opts}`, { tool: masterTool });
  await ipvsadm('dirb', `--start-daemon backup ${opts}`, { tool: backup });
  // The kernel's sync thread must have run before it is stopped again.
  await sleep(300);
  const s = openStream(id, { burst: 5 });
  const port = await localPort(id);
  await waitAnswers(id, 5);
  await waitSynced('dirb', port, `stream ${id}`);
  for (const ns of ['dira', 'dirb']) await listAll(ns, `${id}-${ns}`);
  // The client closes: the master syncs the state change (not ESTABLISHED any more).
  await stopStream(id);
  await waitSynced('dirb', port, `stream ${id} closed`, /^(?!ESTABLISHED$)/);
  await ipvsadm('dira', '--stop-daemon master', { tool: masterTool });
  await ipvsadm('dirb', '--stop-daemon backup', { tool: backup });
  return s;
}

async function phaseSync() {
  phase = 'rules';
  sh('vip-on-dira', `ip -n dira addr add ${VIP}/32 dev eth0`);
  writeFileSync(join(W, 'lvs.rules'), RULES);
  for (const ns of ['dira', 'dirb']) {
    await ipvsadm(ns, '-R', { stdin: RULES, stdinName: 'lvs.rules' });
    await ipvsadm(ns, '--set 3600 120 300');
  }
  await syncRound('sync-default', { master: 'ours', backup: 'ours', opts: '' });
  const all = '--mcast-interface eth0 --syncid 7 --sync-maxlen 1200 --mcast-group 239.255.7.7 --mcast-port 8850 --mcast-ttl 2';
  await syncRound('sync-options-ours-master', { master: 'ours', backup: 'debian', opts: all });
  await syncRound('sync-options-debian-master', { master: 'debian', backup: 'ours', opts: all.replace('--syncid 7', '--syncid 9') });
  await phaseDirectorFile();
  phase = 'cleanup-1';
  sh('vip-off-dira', `ip -n dira addr del ${VIP}/32 dev eth0`);
  for (const ns of ['dira', 'dirb']) await ipvsadm(ns, '-C');
}

// ------------------------------------------------------------ a whole director in a file

/**
 * `ipvsadm-restore --apply` with --set and --start-daemon lines, and
 * `ipvsadm-save --all`, on dira (rules loaded, no daemon running): our
 * bin/ipvsadm-restore.js and bin/ipvsadm-save.js, one shell in dira.
 */
async function phaseDirectorFile() {
  phase = 'director-file';
  const file = join(W, 'director.rules');
  writeFileSync(file, `${RULES}--set 3600 120 300\n--start-daemon master --mcast-interface eth0 --syncid 21 --mcast-ttl 2\n`);
  const bin = (n) => `${process.execPath} ${join(repoRoot, 'bin', n)}`;
  const steps = [
    ['test', `${bin('ipvsadm-restore.js')} --test ${file}`],
    ['dry1', `${bin('ipvsadm-restore.js')} --apply --dry-run ${file}`],
    ['apply', `${bin('ipvsadm-restore.js')} --apply ${file}`],
    ['dry2', `${bin('ipvsadm-restore.js')} --apply --dry-run ${file}`],
    ['save-plain', `${bin('ipvsadm-save.js')} -n`],
    ['debian-save-plain', '/usr/sbin/ipvsadm-save -n'],
    ['save-all', `${bin('ipvsadm-save.js')} --all -n`],
    ['dry3', `${bin('ipvsadm-restore.js')} --apply --dry-run ${W}/df-save-all.out`],
  ];
  const script = steps
    .map(([id, cmd]) => `${cmd} >${W}/df-${id}.out 2>${W}/df-${id}.err; echo $? >${W}/df-${id}.status`)
    .join('\n');
  const r = await agents.dira.ask({ op: 'sh', script }, 150_000);
  const read = (f) => {
    try {
      return readFileSync(join(W, f), 'utf8');
    } catch {
      return null;
    }
  };
  const results = {};
  for (const [id, cmd] of steps) {
    results[id] = { cmd: cmd.replaceAll(`${W}/`, ''), stdout: read(`df-${id}.out`), stderr: read(`df-${id}.err`), status: Number(read(`df-${id}.status`)) };
  }
  record({ kind: 'director-file', file: readFileSync(file, 'utf8'), results, sh: r });
  await listBoth('dira', 'director-file-daemon', '-Ln --daemon');
  await listBoth('dira', 'director-file-timeout', '-L --timeout');
  await ipvsadm('dira', '--stop-daemon master');
}

// ------------------------------------------------------------ phase 2

const SYNC_OPTS = '--mcast-interface eth0 --syncid 51';

function notifyScript(ns) {
  return `#!/bin/sh
# keepalived notify hook: keeps this director's IPVS sync daemons in step
# with its VRRP state. keepalived runs it as: ipvs-sync-notify.sh STATE
IPVSADM=${OUR_IPVSADM}
SYNC="${SYNC_OPTS}"
STATE_FILE=/run/ipvs-sync-${ns}.state
LOG=${W}/notify-${ns}.log
echo "$1" >"$STATE_FILE"
# keepalived may start the next hook before this one is done: one at a
# time, and each converges to the latest state.
exec 9>"/run/ipvs-sync-${ns}.lock"
flock -w 60 9 || exit 1
state=$(cat "$STATE_FILE")
echo "$(cut -d' ' -f1 /proc/uptime) hook $1, converging to $state" >>"$LOG"
case $state in
MASTER)
  $IPVSADM --stop-daemon backup >>"$LOG" 2>&1
  $IPVSADM --start-daemon master $SYNC >>"$LOG" 2>&1 ;;
BACKUP|FAULT)
  $IPVSADM --stop-daemon master >>"$LOG" 2>&1
  $IPVSADM --start-daemon backup $SYNC >>"$LOG" 2>&1 ;;
STOP)
  $IPVSADM --stop-daemon master >>"$LOG" 2>&1
  $IPVSADM --stop-daemon backup >>"$LOG" 2>&1 ;;
esac
echo "$(cut -d' ' -f1 /proc/uptime) done with $state" >>"$LOG"
`;
}

function keepalivedConf(ns, { state, priority }) {
  const hook = join(W, `ipvs-sync-notify-${ns}.sh`);
  return `global_defs {
  router_id ${ns}
  enable_script_security
  script_user root
}

vrrp_instance VI_1 {
  state ${state}
  interface eth0
  virtual_router_id 51
  priority ${priority}
  advert_int 1
  virtual_ipaddress {
    ${VIP}/32 dev eth0
  }
  notify_master "${hook} MASTER"
  notify_backup "${hook} BACKUP"
  notify_fault "${hook} FAULT"
  notify_stop "${hook} STOP"
}

virtual_server ${VIP} 80 {
  delay_loop 5
  lvs_sched rr
  lvs_method DR
  protocol TCP
  real_server ${NET.rs1} 80 {
    weight 1
    TCP_CHECK {
      connect_timeout 2
    }
  }
  real_server ${NET.rs2} 80 {
    weight 1
    TCP_CHECK {
      connect_timeout 2
    }
  }
}
`;
}

const keepalived = {};
function startKeepalived(ns, conf) {
  const f = (x) => join(W, `keepalived-${ns}.${x}`);
  writeFileSync(f('conf'), conf);
  writeFileSync(join(W, `ipvs-sync-notify-${ns}.sh`), notifyScript(ns), { mode: 0o755 });
  const argv = ['-n', '-l', '-D', '-f', f('conf'), '-p', f('pid'), '-r', f('vrrp.pid'), '-c', f('check.pid')];
  record({ kind: 'keepalived', ns, cmd: `ip netns exec ${ns} keepalived ${argv.join(' ').replaceAll(`${W}/`, '')}`, conf });
  const child = spawn('sh', ['-c', `exec ip netns exec ${ns} /usr/sbin/keepalived ${argv.join(' ')} >${f('log')} 2>&1`], { env: ENV, stdio: 'ignore' });
  keepalived[ns] = { child, log: f('log') };
}
const kaLog = (ns) => {
  try {
    return readFileSync(keepalived[ns].log, 'utf8');
  } catch {
    return '';
  }
};
const daemonListing = async (ns) => (await agents[ns].ask({ op: 'debian', args: ['-L', '--daemon'] })).stdout;

async function phaseKeepalived() {
  phase = 'keepalived';
  startKeepalived('dira', keepalivedConf('dira', { state: 'MASTER', priority: 150 }));
  startKeepalived('dirb', keepalivedConf('dirb', { state: 'BACKUP', priority: 100 }));
  const tStart = now();
  await waitFor(`dira to take the VIP (keepalived log:\n${kaLog('dira').slice(-2000)})`, () => hasVip('dira'), { timeoutMs: 30_000, everyMs: 200 });
  output.timings.masterAfterMs = Math.round(now() - tStart);
  await waitFor('keepalived to program the virtual server in both directors', async () => {
    for (const ns of ['dira', 'dirb']) {
      const r = await agents[ns].ask({ op: 'debian', args: ['-Ln'] });
      if (!r.stdout.includes(`${NET.rs2}:80`) || !r.stdout.includes(`${NET.rs1}:80`)) return false;
    }
    return true;
  }, { timeoutMs: 30_000, everyMs: 250 });
  // The notify hooks (our ipvsadm) leave a master daemon on dira and a backup on dirb.
  await waitFor('the notify hooks to start the sync daemons (master on dira, backup on dirb only)', async () => {
    const a = await daemonListing('dira');
    const b = await daemonListing('dirb');
    return /^master sync daemon/.test(a) && !/backup/.test(a) && /^backup sync daemon/.test(b) && !/master/.test(b);
  }, { timeoutMs: 90_000, everyMs: 500 });
  output.timings.hooksDoneAfterMs = Math.round(now() - tStart);
  for (const ns of ['dira', 'dirb']) await listAll(ns, `ka-${ns}`);

  phase = 'stream';
  openStream('L');
  const portL = await localPort('L');
  await waitAnswers('L', 10);
  await waitSynced('dirb', portL, 'stream L');

  phase = 'control';
  await ipvsadm('dira', '--stop-daemon master');
  openStream('C', { burst: 5 });
  const portC = await localPort('C');
  await waitAnswers('C', 5);
  // Longer than the master's 2 s flush: C would be on dirb by now if synced.
  await sleep(3000);
  const syncB = await syncTable('dirb');
  record({ kind: 'not-synced', ns: 'dirb', port: portC, table: syncB.text, found: syncB.rows.some((r) => r.cport === portC) });
  await ipvsadm('dira', `--start-daemon master ${SYNC_OPTS}`);
  await sleep(500);
  for (const ns of ['dira', 'dirb']) {
    await listBoth(ns, `before-failover-${ns}-c`, '-Lnc', { ticking: 'conn' });
    await listBoth(ns, `before-failover-${ns}-daemon`, '-Ln --daemon');
  }

  phase = 'failover';
  const answersBefore = answers('L');
  const tFail = now();
  sh('fail-dira', 'ip -n dira link set eth0 down');
  await waitFor(`dirb to take the VIP (keepalived log:\n${kaLog('dirb').slice(-2000)})`, () => hasVip('dirb'), { timeoutMs: 30_000, everyMs: 50 });
  output.timings.vipMovedMs = Math.round(now() - tFail);
  writeFileSync(`${streams.C.out}.resume`, '');
  await waitAnswers('L', answersBefore + 30, 60_000);
  output.timings.streamResumedMs = Math.round(now() - tFail);
  const c = await waitFor('the control connection C to end', () => existsSync(streams.C.out), { timeoutMs: 60_000, everyMs: 200 })
    .then(() => JSON.parse(readFileSync(streams.C.out, 'utf8')));
  c.log = streamLog('C');
  output.streams = { ...(output.streams ?? {}), C: c };
  await waitFor('the notify hook on dirb to switch its sync daemon to master', async () => /^master sync daemon/.test(await daemonListing('dirb')) && !/backup/.test(await daemonListing('dirb')), {
    timeoutMs: 90_000,
    everyMs: 500,
  });
  output.timings.dirbMasterDaemonMs = Math.round(now() - tFail);
  for (const ns of ['dirb', 'dira']) await listAll(ns, `after-${ns}`);
  const l = await stopStream('L');
  output.timings.streamMaxGapMs = l.maxGapMs;
  // What the client saw: from the moment dira's link was set down to the
  // first answer after the longest silence (both on the monotonic clock).
  output.timings.takeoverMs = Math.round(l.t0 + l.gapEndMs - tFail);
}

// ------------------------------------------------------------ run

async function main() {
  topology();
  agents.dira = new Agent('dira');
  agents.dirb = new Agent('dirb');
  await Promise.all([agents.dira.ready, agents.dirb.ready]);
  const probe = (ip) =>
    `ip netns exec client /usr/bin/python3 -c 'import socket; s = socket.create_connection(("${ip}", 80), 1); s.sendall(b"0\\n"); print(s.recv(99).decode().strip())'`;
  await waitFor('both echo servers', () => shRaw(`${probe(NET.rs1)} && ${probe(NET.rs2)}`).status === 0, { timeoutMs: 20_000, everyMs: 300 });
  await phaseSync();
  await phaseKeepalived();
}

try {
  await main();
} catch (e) {
  output.crash = `[phase ${phase}] ${e && e.stack ? e.stack : String(e)}`;
}
for (const ns of ['dira', 'dirb']) {
  if (!keepalived[ns]) continue;
  shRaw(`kill $(cat ${join(W, `keepalived-${ns}.pid`)}) 2>/dev/null`);
}
for (const ns of ['dira', 'dirb']) {
  if (!keepalived[ns]) continue;
  await waitFor(`keepalived in ${ns} to stop`, () => keepalived[ns].child.exitCode !== null, { timeoutMs: 10_000 }).catch(() => keepalived[ns].child.kill('SIGKILL'));
  output.files[`keepalived-${ns}.log`] = kaLog(ns);
  for (const f of [`notify-${ns}.log`, `keepalived-${ns}.conf`, `ipvs-sync-notify-${ns}.sh`]) {
    try {
      output.files[f] = readFileSync(join(W, f), 'utf8');
    } catch {
      /* not written */
    }
  }
}
for (const [name, s] of Object.entries(streams)) {
  if (!output.streams?.[name]) output.files[`stream-${name}.log`] = streamLog(name);
  if (s.child.exitCode === null) s.child.kill();
}
for (const a of Object.values(agents)) a.close();
output.ms = Math.round(now() - t0);
writeFileSync(outputPath + '.tmp', JSON.stringify(output));
renameSync(outputPath + '.tmp', outputPath);
process.exit(0);
