// `ipvsadm-restore --apply --drain` against real kernel IPVS (user-mode
// Linux), in one boot. A live TCP stream (client.py, every echo checked)
// runs through 10.0.1.1:80 to real server s1 (10.0.2.2); the rules file
// replaces s1 by s2 (10.0.3.2):
// * a drain interrupted by SIGINT exits 130, says what it left, and leaves
//   s1 at weight 0 with s2 added (Debian's ipvsadm -Sn);
// * the drain run again: while it waits, new connections (burst.py) all go
//   to s2; the stream completes with all its data and no reset; s1 is
//   deleted only after the stream ended (and its connection entry expired),
//   and Debian's ipvsadm -Ln no longer lists it.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { NAT_LAB, SECOND_SERVER } from './ext-lab/lab.js';
import { bootUml, DEBIAN_IPVSADM, repoRoot, type BootResult } from './uml.js';

const LAB = join(repoRoot, 'test', 'kernel', 'ext-lab');
const NODE = process.execPath;
const ROUNDS = 4000;

const LOADED = '-A -t 10.0.1.1:80 -s rr\n-a -t 10.0.1.1:80 -r 10.0.2.2:80 -m -w 1\n';
const RULES = '-A -t 10.0.1.1:80 -s rr\n-a -t 10.0.1.1:80 -r 10.0.3.2:80 -m -w 1\n';

function payload(): string {
  return `
R="${NODE} ${repoRoot}/bin/ipvsadm-restore.js"; D=${DEBIAN_IPVSADM}; P=/usr/bin/python3
cd "$W"
up() { cut -d' ' -f1 /proc/uptime; }
waitfor() { i=0; while ! eval "$1" && [ $i -lt $2 ]; do sleep 0.2; i=$((i+1)); done; }
${NAT_LAB}
${SECOND_SERVER}
ip netns exec s1 $P echo_server.py 80 >s1.log 2>&1 &
S1=$!
ip netns exec s2 $P echo_server.py 80 >s2.log 2>&1 &
S2=$!
$D -R <loaded.rules 2>setup.err
sleep 1
ip netns exec c $P client.py "$W" ${ROUNDS} >client.log 2>&1 &
waitfor '[ -e client.count ]' 100

# --- a drain interrupted by SIGINT ---
$R --apply --drain=100 drain.rules >int.out 2>int.err &
RPID=$!
waitfor 'grep -q draining int.err' 150
kill -INT $RPID
wait $RPID; echo $? >int.status
$D -Sn >int-table.txt

# --- the drain ---
$R --apply --drain=240 -v drain.rules >drain.out 2>drain.err &
RPID=$!
waitfor 'grep -q draining drain.err' 150
ip netns exec c $P burst.py >burst.out 2>&1
cat /proc/net/ip_vs_conn >conn-during.txt
$D -Ln >ln-during.txt
cp drain.out drain-out-during.txt
[ -e client.done ] && echo "the stream ended before the burst" >early.txt
waitfor '[ -e client.done ] || [ -e client.fail ]' 600
up >stream-end.txt
kill -0 $RPID 2>/dev/null && echo running >drain-running-at-stream-end.txt
wait $RPID; echo $? >drain.status
up >drain-end.txt
$D -Ln >ln-after.txt
$D -Sn >sn-after.txt
kill $S1 $S2 2>/dev/null
exit 0
`;
}

const COLLECT = ['setup.err', 'client.port', 'client.done', 'client.fail', 'client.log', 'burst.out', 'early.txt'];
COLLECT.push('int.out', 'int.err', 'int.status', 'int-table.txt', 'drain.out', 'drain.err', 'drain.status');
COLLECT.push('conn-during.txt', 'ln-during.txt', 'drain-out-during.txt', 'stream-end.txt', 'drain-running-at-stream-end.txt');
COLLECT.push('drain-end.txt', 'ln-after.txt', 'sn-after.txt');

/** /proc/net/ip_vs_conn's hex `ADDR PORT` of an IPv4 address and port. */
const hex = (ip: string, p: number): string =>
  `${ip.split('.').map((o) => Number(o).toString(16).padStart(2, '0')).join('').toUpperCase()} ${p.toString(16).padStart(4, '0').toUpperCase()}`;

describe('ipvsadm-restore --apply --drain in user-mode Linux (real IPVS)', () => {
  let r: BootResult;
  const f = (name: string): string => {
    const v = r.files[name];
    if (v === undefined) throw new Error(`payload did not write ${name}\n--- stderr ---\n${r.stderr}`);
    return v;
  };

  beforeAll(async () => {
    const inputs: Record<string, string> = { 'loaded.rules': LOADED, 'drain.rules': RULES };
    for (const n of ['echo_server.py', 'burst.py', 'client.py']) inputs[n] = readFileSync(join(LAB, n), 'utf8');
    r = await bootUml({ payload: payload(), inputs, collect: COLLECT, timeoutMs: 500_000 });
    console.log(`[kernel drain] boot ${r.totalMs} ms, payload ${r.payloadMs} ms`);
  }, 600_000);

  it('the lab came up and the stream started', () => {
    expect(f('setup.err')).toBe('');
    expect(r.stderr).toBe('');
    expect(Number(f('client.port'))).toBeGreaterThan(0);
  });

  it('SIGINT while draining: status 130, says what was left; s1 stays at weight 0 and s2 is added', () => {
    expect(f('int.status').trim()).toBe('130');
    expect(f('int.out')).toBe('');
    expect(f('int.err')).toBe(
      'ipvsadm-restore: draining: 1 server, 1 connection, 100 s left\n' +
        'ipvsadm-restore: drain interrupted; left at weight 0: 10.0.1.1:80 -> 10.0.2.2:80\n',
    );
    expect(f('int-table.txt')).toBe(
      '-A -t 10.0.1.1:80 -s rr\n-a -t 10.0.1.1:80 -r 10.0.2.2:80 -m -w 0\n-a -t 10.0.1.1:80 -r 10.0.3.2:80 -m -w 1\n',
    );
  });

  it('while draining, no new connection goes to the server at weight 0; the stream stays on it', () => {
    expect(r.files['early.txt']).toBeUndefined();
    expect(f('burst.out')).toBe('burst done\n');
    const port = Number(f('client.port'));
    const entries = f('conn-during.txt')
      .split('\n')
      .filter((l) => l.startsWith('TCP ') && l.includes(` ${hex('10.0.1.1', 80)} `));
    const stream = entries.filter((l) => l.startsWith(`TCP ${hex('10.0.1.2', port)} `));
    const others = entries.filter((l) => !l.startsWith(`TCP ${hex('10.0.1.2', port)} `));
    expect(stream).toHaveLength(1);
    expect(stream[0]).toContain(` ${hex('10.0.2.2', 80)} ESTABLISHED `);
    expect(others.length).toBeGreaterThanOrEqual(5);
    for (const l of others) expect(l).toContain(` ${hex('10.0.3.2', 80)} `);
    // Debian's listing while waiting: s1 at weight 0 with the stream as its active connection.
    expect(f('ln-during.txt')).toMatch(/-> 10\.0\.2\.2:80\s+Masq\s+0\s+1\s+0\s*\n/);
  });

  it('the stream completes with all its data and no reset', () => {
    expect(r.files['client.fail']).toBeUndefined();
    expect(f('client.done')).toBe(String(ROUNDS));
  });

  it('s1 is deleted after the stream ended; -v printed what was applied; Debian\'s ipvsadm -Ln lists s2 only', () => {
    expect(f('drain-running-at-stream-end.txt')).toBe('running\n');
    expect(f('drain.status').trim()).toBe('0');
    expect(Number(f('drain-end.txt'))).toBeGreaterThan(Number(f('stream-end.txt')));
    const waitLine = '# drain: wait until 1 server has no connections (at most 240 s)\n';
    // -v: the lines before the wait are out while it waits.
    expect(f('drain-out-during.txt')).toBe(waitLine);
    expect(f('drain.out')).toBe(`${waitLine}-d -t 10.0.1.1:80 -r 10.0.2.2:80\n`);
    expect(f('drain.err')).toMatch(/^ipvsadm-restore: draining: 1 server, 1 connection, 24\d s left\n/);
    expect(f('drain.err')).not.toContain('timed out');
    expect(f('sn-after.txt')).toBe(RULES);
    expect(f('ln-after.txt')).toContain('-> 10.0.3.2:80');
    expect(f('ln-after.txt')).not.toContain('10.0.2.2');
  });
});
