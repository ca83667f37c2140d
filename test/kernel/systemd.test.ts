// ipvsadm.service against real kernel IPVS (user-mode Linux): the unit's
// ExecStop= / ExecStart= / ExecReload= command lines, parsed from the unit
// that `ipvsadm-ts-systemd install` writes and run as systemd runs them (a
// clean environment plus EnvironmentFile= and Environment=), keep the rules
// across a simulated reboot; a missing rules file starts with an empty
// table; a broken one fails start and reload naming the bad line and leaves
// the loaded table as it was (Debian's ipvsadm -Sn before and after); reload
// keeps an established TCP connection through a service the file does not
// change (its /proc/net/ip_vs_conn entry stays, data keeps flowing), which
// the unit's stop and start break.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnvironmentFile } from '../../src/app/systemd/config.js';
import { parseUnit, shq, type ParsedUnit } from '../install/unit-file.js';
import { bootUml, DEBIAN_IPVSADM, repoRoot, UML_GLIBC_TUNABLES, type BootResult } from './uml.js';
import { NAT_LAB } from './ext-lab/lab.js';

const LAB = join(repoRoot, 'test', 'kernel', 'ext-lab');
// The connection lab: a client namespace (10.0.1.2) reaches 10.0.1.1:80,
// NATed to an echo server at 10.0.2.2:80. CONN_LOADED is the table when the
// connection is made; CONN_RULES keeps 10.0.1.1:80 as it is, changes
// 10.0.1.1:81 and adds 10.0.1.1:82.
const CONN_LOADED = [
  '-A -t 10.0.1.1:80 -s rr',
  '-a -t 10.0.1.1:80 -r 10.0.2.2:80 -m -w 1',
  '-A -t 10.0.1.1:81 -s rr',
  '-a -t 10.0.1.1:81 -r 10.0.2.2:81 -m -w 1',
  '',
].join('\n');
const CONN_RULES = [
  '# reloaded rules',
  '-A -t 10.0.1.1:80 -s rr',
  '-a -t 10.0.1.1:80 -r 10.0.2.2:80 -m -w 1',
  '-A -t 10.0.1.1:81 -s wrr',
  '-a -t 10.0.1.1:81 -r 10.0.2.2:81 -m -w 3',
  '-A -t 10.0.1.1:82 -s lc',
  '-a -t 10.0.1.1:82 -r 10.0.2.2:82 -m -w 1',
  '',
].join('\n');

const SETUP = [
  '-A -t 10.0.0.1:80 -s wlc -p 300',
  '-a -t 10.0.0.1:80 -r 192.168.1.10:80 -m -w 3',
  '-a -t 10.0.0.1:80 -r 192.168.1.11:80 -g -w 0',
  '-A -u 10.0.0.2:53 -s rr',
  '-a -u 10.0.0.2:53 -r 192.168.1.20:53 -i',
  '-A -f 7 -s sh -b sh-port',
  '-a -f 7 -r 192.168.1.30:0 -g',
  '-A -t [2001:db8::1]:443 -s mh -b mh-port',
  '-a -t [2001:db8::1]:443 -r [2001:db8::10]:443 -m -x 100 -y 50',
];
const BAD_LINE = '-a -t 10.1.1.1:80 -r 10.2.2.2:80 -m -w 99999999999';
const BROKEN = ['# hand-written rules', '-A -t 10.1.1.1:80 -s rr', BAD_LINE, '-A -t 10.3.3.3:80 -s rr', ''].join(
  '\n',
);

describe('ipvsadm.service in user-mode Linux (real IPVS)', () => {
  let root: string;
  let unit: ParsedUnit;
  let env: Record<string, string>;
  let rules: string;
  let boot: BootResult;
  const file = (name: string): string => {
    const v = boot.files[name];
    if (v === undefined) throw new Error(`payload did not write ${name}; stderr:\n${boot.stderr}`);
    return v;
  };
  const status = (name: string): number => Number.parseInt(file(`${name}.status`).trim(), 10);

  beforeAll(async () => {
    const helper = join(repoRoot, 'dist', 'bundle', 'ipvsadm-ts-systemd.cjs');
    if (!existsSync(helper)) throw new Error(`${helper} missing: run \`npm run build\` first`);
    root = mkdtempSync(join(tmpdir(), 'ipvsadm-unit-'));
    const inst = spawnSync(
      process.execPath,
      [join(repoRoot, 'bin', 'ipvsadm-ts-systemd.js'), 'install', '--root', root, '--style', 'debian', '--no-reload'],
      { encoding: 'utf8' },
    );
    if (inst.status !== 0) throw new Error(`install failed: ${inst.stderr}${inst.stdout}`);
    unit = parseUnit(readFileSync(join(root, 'etc/systemd/system/ipvsadm.service'), 'utf8'));

    // The config the unit names, as installed, with the settings under test.
    rules = join(root, 'ipvsadm.rules');
    const ef = unit.environmentFiles[0];
    if (!ef) throw new Error('unit has no EnvironmentFile=');
    const cfgPath = join(root, ef.path);
    const cfg = readFileSync(cfgPath, 'utf8')
      .replace(/^IPVS_RULES_FILE=.*$/m, `IPVS_RULES_FILE="${rules}"`)
      .replace(/^IPVS_SAVE_ON_STOP=.*$/m, 'IPVS_SAVE_ON_STOP="yes"');
    writeFileSync(cfgPath, cfg);
    // systemd: EnvironmentFile= first, then Environment= (IPVS_CONFIG, mapped into the staging root).
    env = { ...parseEnvironmentFile(cfg), ...unit.environment };
    if (env['IPVS_CONFIG']) env['IPVS_CONFIG'] = join(root, env['IPVS_CONFIG']);

    const envWords = [
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin',
      `GLIBC_TUNABLES=${UML_GLIBC_TUNABLES}`, // UML-only need (see uml.ts)
      ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
    ]
      .map(shq)
      .join(' ');
    const cmd = (argvs: string[][]): string => {
      if (argvs.length !== 1) throw new Error(`expected one command line, got ${argvs.length}`);
      return argvs[0]!.map(shq).join(' ');
    };
    const deb = DEBIAN_IPVSADM;
    const payload = `
cd "$W"
unitrun() { n=$1; shift; env -i ${envWords} "$@" >"$W/$n.out" 2>"$W/$n.err" </dev/null; echo $? >"$W/$n.status"; }
START=${shq(cmd(unit.execStart))}
STOP=${shq(cmd(unit.execStop))}
RELOAD=${shq(cmd(unit.execReload))}
${SETUP.map((l) => `${deb} ${l} || echo "setup failed: ${l}" >&2`).join('\n')}
${deb} -Sn >before.txt
eval "unitrun stop $STOP"
${deb} -Sn >after-stop.txt
cp ${shq(rules)} saved-rules.txt
eval "unitrun start $START"
${deb} -Sn >after-start.txt
${deb} -A -t 10.9.9.9:80 -s rr
eval "unitrun reload $RELOAD"
${deb} -Sn >after-reload.txt
# Debian's /etc/default/ipvsadm asks for both sync daemons (a copy of
# /etc/default with that file, bind-mounted inside UML only)
/run/modprobe-wrapper dummy && ip link add ha0 type dummy && ip link set ha0 up
mkdir -p "$W/etc-default" && cp -a /etc/default/. "$W/etc-default/"
printf 'AUTO="false"\nDAEMON="both"\nIFACE="ha0"\t\nSYNCID="5"\n' >"$W/etc-default/ipvsadm"
mount --bind "$W/etc-default" /etc/default
eval "unitrun dstart $START"
${deb} -L --daemon >daemon-after-start.txt
${deb} -Sn >daemon-rules.txt
eval "unitrun dreload $RELOAD"
${deb} -L --daemon >daemon-after-reload.txt
eval "unitrun dstop $STOP"
${deb} -L --daemon >daemon-after-stop.txt
umount /etc/default
rm -f ${shq(rules)}
${deb} -A -u 10.0.0.53:53 -s rr
eval "unitrun missing $START"
${deb} -Sn >after-missing.txt
${SETUP.map((l) => `${deb} ${l} || echo "setup failed: ${l}" >&2`).join('\n')}
${deb} -Sn >before-broken.txt
cp broken.rules ${shq(rules)}
eval "unitrun broken $START"
${deb} -Sn >after-broken.txt
eval "unitrun breload $RELOAD"
${deb} -Sn >after-breload.txt
(cd /usr/sbin && echo ${shq(BAD_LINE)} | PATH=/usr/sbin:$PATH ipvsadm -R) 2>debian-bad.err
# --- an established connection across reload, then across stop + start ---
${deb} -C
P=/usr/bin/python3
${NAT_LAB}
ip netns exec s1 $P "$W/echo_server.py" 80 >server.log 2>&1 &
SPID=$!
${deb} -R <conn-loaded.rules 2>conn-setup.err
cp conn.rules ${shq(rules)}
sleep 1
ip netns exec c $P "$W/client.py" "$W" >client.log 2>&1 &
CPID=$!
i=0; while [ ! -e client.count ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
cat /proc/net/ip_vs_conn >conn-before.txt
cat client.count >count-before-reload.txt
eval "unitrun creload $RELOAD"
sleep 2
cat client.count >count-after-reload.txt
[ -e client.fail ] && cp client.fail fail-after-reload.txt
cat /proc/net/ip_vs_conn >conn-after-reload.txt
${deb} -Sn >sn-after-reload.txt
${deb} -C; grep -v '^#' conn.rules | ${deb} -R; ${deb} -Sn >sn-conn-rules.txt
${deb} -C; ${deb} -R <conn-loaded.rules
eval "unitrun cstop $STOP"
eval "unitrun cstart $START"
sleep 4
[ -e client.fail ] && cp client.fail fail-after-restart.txt
cat /proc/net/ip_vs_conn >conn-after-restart.txt
kill $CPID $SPID 2>/dev/null
exit 0
`;
    const names = ['before.txt', 'after-stop.txt', 'saved-rules.txt', 'after-start.txt', 'after-reload.txt'];
    names.push('after-missing.txt', 'before-broken.txt', 'after-broken.txt', 'after-breload.txt', 'debian-bad.err');
    names.push('conn-setup.err', 'client.port', 'client.log', 'conn-before.txt', 'count-before-reload.txt');
    names.push('count-after-reload.txt', 'fail-after-reload.txt', 'conn-after-reload.txt', 'sn-after-reload.txt');
    names.push('sn-conn-rules.txt', 'fail-after-restart.txt', 'conn-after-restart.txt');
    names.push('daemon-after-start.txt', 'daemon-rules.txt', 'daemon-after-reload.txt', 'daemon-after-stop.txt');
    for (const n of ['stop', 'start', 'reload', 'missing', 'broken', 'breload', 'dstart', 'dreload', 'dstop', 'creload', 'cstop', 'cstart']) {
      names.push(`${n}.out`, `${n}.err`, `${n}.status`);
    }
    const inputs: Record<string, string> = { 'broken.rules': BROKEN, 'conn-loaded.rules': CONN_LOADED, 'conn.rules': CONN_RULES };
    for (const n of ['echo_server.py', 'client.py']) inputs[n] = readFileSync(join(LAB, n), 'utf8');
    boot = await bootUml({ payload, inputs, collect: names, timeoutMs: 400_000 });
    console.log(`[kernel systemd] boot ${boot.totalMs} ms, payload ${boot.payloadMs} ms`);
  }, 600_000);

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('the unit runs the helper by absolute paths, with the config as EnvironmentFile', () => {
    expect(unit.service['Type']).toEqual(['oneshot']);
    expect(unit.service['RemainAfterExit']).toEqual(['yes']);
    expect(unit.execStart[0]).toEqual([process.execPath, join(repoRoot, 'bin', 'ipvsadm-ts-systemd.js'), 'start']);
    expect(unit.execStop[0]?.at(-1)).toBe('stop');
    expect(unit.environmentFiles).toEqual([{ path: '/etc/default/ipvsadm-config', optional: true }]);
    expect(boot.stderr).toBe('');
  });

  it('stop saves the table and clears it; start restores it (a simulated reboot)', () => {
    const before = file('before.txt');
    expect(before.split('\n').filter(Boolean)).toHaveLength(SETUP.length);
    expect([status('stop'), file('stop.err')]).toEqual([0, '']);
    expect(file('after-stop.txt')).toBe('');
    expect(file('saved-rules.txt')).toMatch(/^# ipvsadm\.rules/);
    expect(file('saved-rules.txt').replace(/^#.*\n/gm, '')).toBe(before);
    expect([status('start'), file('start.err'), file('start.out')]).toEqual([0, '', '']);
    expect(file('after-start.txt')).toBe(before);
  });

  it('reload (IPVS_SAVE_ON_RESTART=no) brings the table back to the rules file', () => {
    expect([status('reload'), file('reload.err')]).toEqual([0, '']);
    expect(file('after-reload.txt')).toBe(file('before.txt'));
  });

  it("DAEMON/IFACE/SYNCID of Debian's /etc/default/ipvsadm: start runs the sync daemons after the rules, reload keeps them, stop stops them", () => {
    expect([status('dstart'), file('dstart.err')]).toEqual([0, '']);
    expect(file('daemon-rules.txt')).toBe(file('before.txt'));
    const both =
      /^master sync daemon \(mcast=ha0, syncid=5, [^\n]*\)\nbackup sync daemon \(mcast=ha0, syncid=5, [^\n]*\)\n$/;
    expect(file('daemon-after-start.txt')).toMatch(both);
    expect([status('dreload'), file('dreload.err')]).toEqual([0, '']);
    expect(file('daemon-after-reload.txt')).toBe(file('daemon-after-start.txt'));
    expect([status('dstop'), file('dstop.err')]).toEqual([0, '']);
    expect(file('daemon-after-stop.txt')).toBe('');
  });

  it('a missing rules file: start succeeds with an empty table', () => {
    expect(status('missing')).toBe(0);
    expect(file('missing.err')).toContain('does not exist; starting with an empty IPVS table');
    expect(file('after-missing.txt')).toBe('');
  });

  it("a broken rules file: start and reload fail with ipvsadm's message as file:line and leave the loaded table as it was", () => {
    const before = file('before-broken.txt');
    expect(before.split('\n').filter(Boolean)).toHaveLength(SETUP.length);
    const debianMessage = file('debian-bad.err');
    expect(debianMessage).not.toBe('');
    for (const run of ['broken', 'breload']) {
      expect(status(run)).toBe(1);
      expect(file(`${run}.err`).startsWith(`${rules}:3: ${debianMessage}`), file(`${run}.err`)).toBe(true);
    }
    expect(file('broken.err')).toContain('not restored: the IPVS table is left as it was\n');
    expect(file('breload.err')).toContain('ipvsadm-ts-systemd: nothing applied\n');
    expect(file('after-broken.txt')).toBe(before);
    expect(file('after-breload.txt')).toBe(before);
  });

  it('the unit reloads with ipvsadm-ts-systemd reload', () => {
    expect(unit.execReload[0]?.at(-1)).toBe('reload');
  });

  it('reload keeps an established connection through a service the file does not change; stop + start breaks it', () => {
    expect(file('conn-setup.err')).toBe('');
    const port = file('client.port').trim();
    // /proc/net/ip_vs_conn: Pro FromIP FPrt ToIP TPrt DestIP DPrt State Expires (hex addresses and ports)
    const hex = (ip: string, p: number): string =>
      `${ip.split('.').map((o) => Number(o).toString(16).padStart(2, '0')).join('').toUpperCase()} ${p.toString(16).padStart(4, '0').toUpperCase()}`;
    const entry = new RegExp(
      `^TCP ${hex('10.0.1.2', Number(port))} ${hex('10.0.1.1', 80)} ${hex('10.0.2.2', 80)} ESTABLISHED `,
      'm',
    );
    expect(file('conn-before.txt')).toMatch(entry);
    expect([status('creload'), file('creload.err'), file('creload.out')]).toEqual([0, '', '']);
    expect(boot.files['fail-after-reload.txt']).toBeUndefined();
    expect(Number(file('count-after-reload.txt'))).toBeGreaterThan(Number(file('count-before-reload.txt')) + 20);
    expect(file('conn-after-reload.txt')).toMatch(entry);
    // The table is the file's, as Debian's ipvsadm -R of it leaves it.
    expect(file('sn-after-reload.txt')).toBe(file('sn-conn-rules.txt'));
    expect(file('sn-after-reload.txt')).toContain('-A -t 10.0.1.1:82 -s lc\n');
    // The contrast: stop (clear) and start (restore) of the same rules lose the connection.
    expect([status('cstop'), status('cstart')]).toEqual([0, 0]);
    const broke = boot.files['fail-after-restart.txt'];
    expect({ broke: broke ?? null, gone: !entry.test(file('conn-after-restart.txt')) }).toEqual({
      broke: expect.any(String),
      gone: true,
    });
  });
});
