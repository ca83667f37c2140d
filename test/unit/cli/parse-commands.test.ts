// Successful parses: the Command each line yields (§4 defaults, §7 table, §13 setup lines).
import { describe, expect, it } from 'vitest';
import type { Command } from '../../../src/cli/command.js';
import { defaultListFormat, parseCommandLine } from '../../../src/cli/parse.js';
import { inetPton6 } from '../../../src/common/inet.js';
import { tableNames } from './names-fixture.js';

// In case lines, ␠ stands for a space inside one word.

/** 16-byte address from dotted IPv4 or IPv6 text. */
function a(text: string): Uint8Array {
  if (text.includes(':')) return inetPton6(text) ?? new Uint8Array(16);
  const out = new Uint8Array(16);
  out.set(text.split('.').map(Number));
  return out;
}

function parse(line: string, env: Record<string, string> = {}): Command {
  const r = parseCommandLine('ipvsadm', line === '' ? [] : line.split(' ').map((w) => w.replace('␠', ' ')), tableNames, env);
  if (r.kind !== 'command') throw new Error(`not a command: ${JSON.stringify(r)}`);
  return r.command;
}

type Partial = Parameters<ReturnType<typeof expect<Command>>['toMatchObject']>[0];

const cases: readonly (readonly [string, Partial])[] = [
  // §13 setup lines
  ['-A -t 207.175.44.110:80 -s rr', { name: 'add-service', serviceGiven: true, service: { af: 2, protocol: 6, addr: a('207.175.44.110'), port: 80, fwmark: 0, schedName: 'rr', peName: '', flags: 0, timeout: 0, netmask: 0xffffffff } }],
  ['-a -t 207.175.44.110:80 -r 192.168.10.1:80 -m', { name: 'add-server', service: { schedName: '', port: 80 }, dest: { af: 2, addr: a('192.168.10.1'), port: 80, fwdMethod: 0, weight: 1, uThreshold: 0, lThreshold: 0, tunType: 0, tunPort: 0, tunFlags: 0 } }],
  ['-a -t 207.175.44.110:80 -r 192.168.10.2:80 -m -w 2', { dest: { addr: a('192.168.10.2'), weight: 2, fwdMethod: 0 } }],
  ['-A -u 10.0.0.5:53 -s sh -b sh-port -o', { service: { protocol: 17, port: 53, schedName: 'sh', flags: 0x14 } }],
  ['-a -u 10.0.0.5:53 -r 10.0.1.1 -i --tun-type gue --tun-port 6080 --tun-csum', { dest: { addr: a('10.0.1.1'), port: 53, fwdMethod: 2, tunType: 1, tunPort: 6080, tunFlags: 1 } }],
  ['-A -f 1 -p 600 -M 255.255.255.0 --pe sip', { service: { af: 2, fwmark: 1, port: 0, addr: a('0.0.0.0'), schedName: 'wlc', peName: 'sip', flags: 1, timeout: 600, netmask: 0xffffff00 } }],
  ['-a -f 1 -r 192.168.10.3 -g -x 100 -y 10', { dest: { addr: a('192.168.10.3'), port: 0, fwdMethod: 3, uThreshold: 100, lThreshold: 10 } }],
  ['-A -t [2001:db8::80]:443 -s wrr -p -M 64', { service: { af: 10, addr: a('2001:db8::80'), port: 443, schedName: 'wrr', flags: 1, timeout: 360, netmask: 64 } }],
  ['-a -t [2001:db8::80]:443 -r [2001:db8::a0a0]:443 -m -w 3', { dest: { af: 10, addr: a('2001:db8::a0a0'), port: 443, weight: 3 } }],
  // §2.2 tokenising
  ['-At10.0.0.1:80', { name: 'add-service', service: { addr: a('10.0.0.1'), port: 80, schedName: 'wlc' } }],
  ['-A -t=10.0.0.1:80 -srr', { service: { port: 80, schedName: 'rr' } }],
  ['-A -t 10.0.0.1:80 -s --', { service: { schedName: '--' } }],
  ['-A -t 10.0.0.1:80 -p50', { service: { flags: 1, timeout: 50 } }],
  ['-A -t 10.0.0.1:80 -p=50', { service: { timeout: 50 } }],
  ['-A -t 10.0.0.1:80 --persistent=2678400', { service: { timeout: 2678400 } }],
  ['-A -t 10.0.0.1:80 -p -s rr', { service: { flags: 1, timeout: 360, schedName: 'rr' } }],
  ['-A -t !#:+ 10.0.0.1:80', { service: { addr: a('10.0.0.1'), port: 80 } }],
  ['-Ln', { name: 'list', serviceGiven: false, format: { ...defaultListFormat(), numeric: true } }],
  ['-Lnc', { format: { numeric: true, connection: true } }],
  ['-lnt 10.0.0.1:80', { name: 'list', serviceGiven: true, service: { port: 80 }, format: { numeric: true } }],
  ['-L --sort --sort -n', { name: 'list', format: { numeric: true, nosort: false } }],
  ['-L --stats --exact --nosort -n', { format: { stats: true, exact: true, nosort: true, numeric: true } }],
  ['-L -X --rate', { format: { exact: true, rate: true } }],
  ['-L --thresholds --persistent-conn --tun-info', { format: { thresholds: true, persistentConn: true, tunInfo: true } }],
  ['-L -c --persistent-conn -n --exact --tun-info --nosort', { format: { connection: true, persistentConn: true } }],
  ['-L --timeout', { format: { timeout: true } }],
  ['-L --daemon', { format: { daemon: true } }],
  ['-L --syncid 7', { name: 'list', daemon: { syncId: 7 } }],
  ['-Sn', { name: 'save', format: { numeric: true } }],
  ['-S', { name: 'save', format: defaultListFormat() }],
  ['-C', { name: 'flush' }],
  ['-R', { name: 'restore' }],
  ['', { name: 'list', serviceGiven: false, format: defaultListFormat() }],
  // --set
  ['--set 1 2 3', { name: 'set', timeouts: { tcp: 1, tcpFin: 2, udp: 3 } }],
  ['1 2 3 --set', { timeouts: { tcp: 1, tcpFin: 2, udp: 3 } }],
  ['--set 1 -- 2 3', { timeouts: { tcp: 1, tcpFin: 2, udp: 3 } }],
  ['--set 0 +5 2678400', { timeouts: { tcp: 0, tcpFin: 5, udp: 2678400 } }],
  // defaults (§4, §7)
  ['-E -t 10.0.0.1:80', { name: 'edit-service', service: { schedName: 'wlc', flags: 0, timeout: 0, netmask: 0xffffffff } }],
  ['-A -t 10.0.0.1:80 -s ', { service: { schedName: 'wlc' } }],
  ['-A -t 10.0.0.1 -p', { service: { port: 0, flags: 1, timeout: 360 } }],
  ['-A -u 10.0.0.1:53 -o', { service: { flags: 4 } }],
  ['-A -f 7 -o', { service: { fwmark: 7, flags: 4 } }],
  ['-A -f 4294967295', { service: { fwmark: 4294967295 } }],
  ['-A -f ␠12', { service: { fwmark: 12 } }],
  ['-A -f 1 -6', { service: { af: 10, fwmark: 1, netmask: 128 } }],
  ['-A -f 1 -M 64 -6', { service: { af: 10, netmask: 128 } }],
  ['-A -f 1 -6 -M 64x', { service: { af: 10, netmask: 64 } }],
  ['-A -M 48 -t [2001::3]:80', { service: { af: 10, netmask: 128 } }],
  ['-A -t [2001::3]:80 -M 48', { service: { netmask: 48 } }],
  ['-A -t 10.0.0.1:80 -M 24', { service: { netmask: 24 } }],
  ['-A -t 10.0.0.1:80 -M localhost', { service: { netmask: 0x7f000001 } }],
  ['-A -t 10.0.0.1:80 -M 255.255.255.0', { service: { netmask: 0xffffff00 } }],
  ['-A -t 10.0.0.1:80 --pe 12345678901234567', { service: { peName: '1234567890123456' } }],
  ['-A -t 10.0.0.1:80 -s 1234567890123456', { service: { schedName: '123456789012345' } }],
  ['-A -t 10.0.0.1:80 -b ', { service: { flags: 0 } }],
  ['-A -t 10.0.0.1:80 -b ,', { service: { flags: 0 } }],
  ['-A -t 10.0.0.1:80 -s mh -b mh-port,flag-3', { service: { flags: 0x30 } }],
  ['-A -t 10.0.0.1:80 -b flag-1,,flag-2', { service: { schedName: 'wlc', flags: 0x18 } }],
  ['-A -t localhost:http', { service: { addr: a('127.0.0.1'), port: 80 } }],
  ['-A -t [::ffff:1.2.3.4]:89', { service: { af: 10, addr: a('::ffff:1.2.3.4'), port: 89, netmask: 128 } }],
  ['-A -t 1.2.3.4:www', { service: { port: 80 } }],
  ['-A -u 1.2.3.4:domain', { service: { protocol: 17, port: 53 } }],
  ['-A --sctp-service 1.2.3.4:80', { service: { protocol: 132, port: 80 } }],
  ['-D -t 10.0.0.1:80', { name: 'delete-service', service: { schedName: '', flags: 0, timeout: 0 } }],
  // real-server port rules (§4.11, §7 table)
  ['-a -t 10.0.0.1:80 -r 2.2.2.2:8080', { dest: { port: 80, fwdMethod: 3 } }],
  ['-a -t 10.0.0.1:80 -r 2.2.2.2:8080 -i', { dest: { port: 80, fwdMethod: 2 } }],
  ['-a -t 10.0.0.1:80 -r 2.2.2.2:8080 -m', { dest: { port: 8080 } }],
  ['-a -t 10.0.0.1:80 -r 2.2.2.2 -m', { dest: { port: 80 } }],
  ['-a -r 2.2.2.2 -t 10.0.0.1:80 -m', { dest: { port: 0 } }],
  ['-a -r 2.2.2.2 -t 10.0.0.1:80', { dest: { port: 80 } }],
  ['-a -f 1 -r 2.2.2.2:8080', { dest: { port: 8080 } }],
  ['-a -f 1 -r 2.2.2.2:http', { dest: { port: 80 } }],
  ['-a -f 1 -r 2.2.2.2', { dest: { port: 0 } }],
  ['-d -t 10.0.0.1:80 -r 2.2.2.2:8080', { name: 'delete-server', dest: { port: 8080, weight: 1, fwdMethod: 3 } }],
  ['-e -t 10.0.0.1:80 -r 2.2.2.2', { name: 'edit-server', dest: { weight: 1, fwdMethod: 3, uThreshold: 0, lThreshold: 0 } }],
  ['-a -t 10.0.0.1:80 -r 2.2.2.2 -w 2147483647 -x 0 -y 2147483647', { dest: { weight: 2147483647, uThreshold: 0, lThreshold: 2147483647 } }],
  ['-a -t 10.0.0.1:80 -r 2.2.2.2 -w 0', { dest: { weight: 0 } }],
  ['-a -t 10.0.0.1:80 -r [2001:db8::10]:80 -i', { dest: { af: 10, addr: a('2001:db8::10'), port: 80 } }],
  ['-a -t 10.0.0.1:80 -r 2001:db8::10 -i', { dest: { af: 10, addr: a('2001:db8::10'), port: 80 } }],
  ['-a -t 10.0.0.1:80 -r 2.2.2.1 -i --tun-type gre --tun-csum', { dest: { tunType: 2, tunFlags: 1 } }],
  ['-a -t 10.0.0.1:80 -r 2.2.2.1 -i --tun-type gue --tun-port 1 --tun-remcsum', { dest: { tunType: 1, tunPort: 1, tunFlags: 2 } }],
  ['-a -t 10.0.0.1:80 -r 2.2.2.1 -i --tun-type ipip', { dest: { tunType: 0 } }],
  // ipvsadm copies the service before parsing -r: an IPv4 server only overwrites the first 4 bytes
  ['-a -t [2001:db8::80]:443 -r 10.0.0.1 -i', { dest: { af: 2, port: 443, addr: Uint8Array.from([10, 0, 0, 1, ...a('2001:db8::80').subarray(4)]) } }],
  // -Z (§7): all-zero non-fwmark service = no service part
  ['-Z', { name: 'zero', serviceGiven: false }],
  ['-Z -t 0.0.0.0', { serviceGiven: false }],
  ['-Z -t 0.0.0.0:0', { serviceGiven: false }],
  ['-Z -t [::]:0', { serviceGiven: false }],
  ['-Z -t 0.0.0.0:80', { serviceGiven: true }],
  ['-Z -t 1.2.3.4', { serviceGiven: true }],
  ['-Z -f 1', { serviceGiven: true, service: { fwmark: 1 } }],
  ['-L -t 0.0.0.0', { name: 'list', serviceGiven: true }],
  // daemons (§4.17)
  ['--start-daemon master', { name: 'start-daemon', daemon: { state: 1, mcastIfn: 'eth0', syncId: 0, syncMaxLen: 0, mcastGroup: null, mcastPort: 0, mcastTtl: 0 } }],
  ['--start-daemon=backup --mcast-interface eth1234567890123456 --syncid 255', { daemon: { state: 2, mcastIfn: 'eth123456789012', syncId: 255 } }],
  ['--start-daemon master --mcast-interface ', { daemon: { mcastIfn: 'eth0' } }],
  ['--start-daemon master --sync-maxlen 65507 --mcast-port 65535 --mcast-ttl 255', { daemon: { syncMaxLen: 65507, mcastPort: 65535, mcastTtl: 255 } }],
  ['--start-daemon master --mcast-group 224.0.0.81', { daemon: { mcastGroup: { af: 2, addr: a('224.0.0.81') } } }],
  ['--start-daemon master --mcast-group 239.255.255.255', { daemon: { mcastGroup: { af: 2, addr: a('239.255.255.255') } } }],
  ['--start-daemon master --mcast-group ff02::1', { daemon: { mcastGroup: { af: 10, addr: a('ff02::1') } } }],
  ['--stop-daemon backup', { name: 'stop-daemon', daemon: { state: 2, mcastIfn: '', syncId: 0 } }],
  ['--stop-daemon master --syncid 3', { daemon: { state: 1, syncId: 3 } }],
  ['--start-daemon !#:+ master', { daemon: { state: 1 } }],
];

describe('parseCommandLine: commands', () => {
  it.each(cases)('ipvsadm %s', (line, want) => {
    expect(parse(line)).toMatchObject(want);
  });

  it('ipvsadm "" is not "no arguments"', () => {
    expect(parseCommandLine('ipvsadm', [''], tableNames, {})).toMatchObject({ kind: 'exit', status: 255 });
  });

  it('IPv4 addresses use the first 4 bytes, network order, of 16', () => {
    const c = parse('-A -t 1.2.3.4:80');
    expect(Array.from(c.service.addr)).toEqual([1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
