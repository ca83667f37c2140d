// Every error / exit example of the spec (§2–§5, §9, §13): one line per case.
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../src/cli/parse.js';
import { helpText, versionText } from '../../../src/cli/usage.js';
import { tableNames } from './names-fixture.js';

const TRY = "Try `ipvsadm -h' or 'ipvsadm --help' for more information.\n";
type Want = { readonly stdout?: string; readonly stderr: string; readonly status: number };
const err = (text: string, status = 2): Want => ({ stderr: `${text}\n`, status });
const popt = (text: string): Want => ({ stderr: `${text}\n`, status: 255 });
const tryHelp: Want = { stderr: TRY, status: 255 };
const HELP: Want = { stdout: helpText('ipvsadm'), stderr: '', status: 0 };

const S = '-t 10.0.0.1:80'; // a service for -a/-e/-d lines

const cases: readonly (readonly [string, Want])[] = [
  // §2.3 the first option must be a command
  ['-V', tryHelp],
  ['foo', tryHelp],
  ['""', tryHelp],
  ['-t 1.2.3.4:80 -A', tryHelp],
  ['-nL', tryHelp],
  ['--ipv6', tryHelp],
  ['--foo', tryHelp],
  ['--lis', tryHelp],
  ['--list=3', tryHelp],
  ['-L=3', tryHelp],
  ['--start-daemon', tryHelp],
  ['-h', HELP],
  ['--help', HELP],
  ['-h --foo', HELP],
  ['-hq', HELP],
  ['-v', { stdout: versionText(), stderr: '', status: 0 }],
  ['--version -q', { stdout: versionText(), stderr: '', status: 0 }],
  ['--start-daemon foo', err('illegal start-daemon parameter specified')],
  ['--start-daemon Master', err('illegal start-daemon parameter specified')],
  ['--stop-daemon foo', err('illegal start_daemon specified')],
  // §2.4 remaining options
  ['-L -h', err("invalid option `-h'")],
  ['-L -v', err("invalid option `-v'")],
  ['-LA', err("invalid option `-LA'")],
  ['-L -C', err("invalid option `-C'")],
  ['-L --start-daemon master', err("invalid option `master'")],
  ['-L --start-daemon=master', err("invalid option `--start-daemon=master'")],
  ['-A -list 10.0.0.10:80', err("invalid option `-list'")],
  ['-L -R', err("invalid option `-R'")],
  [`-a ${S} -r 2.2.2.2 -g -m`, err("multiple 'forwarding-method' options specified")],
  ['-A -t 1.2.3.4:80 -f 1', err("multiple 'service-address' options specified")],
  ['-A -t 1.2.3.4:80 -t bad', err("multiple 'service-address' options specified")],
  ['-Lnn', err("multiple 'numeric' options specified")],
  ['-L --foo', popt('--foo: unknown option')],
  ['-Lq', popt('-Lq: unknown option')],
  ['-A -t', popt('-t: missing argument')],
  ['-Ln=3', popt('-Ln=3: option does not take an argument')],
  ['--set 1 2 -3', popt('-3: unknown option')],
  ['--start-daemon master -I 5', popt('-I: unknown option')],
  ['-L --list', err("invalid option `--list'")],
  ['-L --numeric=1', popt('--numeric=1: option does not take an argument')],
  ['-A -t 1.2.3.4:80 -s rr --lis', popt('--lis: unknown option')],
  ['-A -t bad --foo', err('illegal virtual server address[:port] specified')],
  ['-A -t 1.2.3.4:80 -p -s', popt('-s: missing argument')],
  // §2.5 order of the final checks
  ['--set 1 2', err('--set option requires 3 timeout values')],
  ['--set', err('--set option requires 3 timeout values')],
  ['--set 1 2 2678401', err("invalid timeout value `2678401' specified")],
  ['--set 1 x 2678401', err("invalid timeout value `x' specified")],
  ['--set 1 2 3 4', err('unexpected argument 4')],
  ['--set 1 2 3 -n', err("Illegal 'numeric' option with the 'set' command")],
  ['-L -n foo bar', err('unexpected argument foo')],
  ['-L -', err('unexpected argument -')],
  ['--add-service -t 10.0.0.9:80 -- -s rr', err('unexpected argument -s')],
  ['-A -t 10.0.0.8:80 -pM 30 255.255.255.0', err("invalid timeout value `M' specified")],
  ['-A -t 10.0.0.8:80 -p rr', err("invalid timeout value `rr' specified")],
  ['-A -t 10.0.0.8:80 -p=', err("invalid timeout value `' specified")],
  ['-A -t 10.0.0.8:80 -p 0', err("invalid timeout value `0' specified")],
  ['-A -t 10.0.0.8:80 -p 2678401', err("invalid timeout value `2678401' specified")],
  ['-L -b foo', err("invalid scheduler flag `foo'")],
  ['-L -b flag-1', err("Illegal 'sched-flags' option with the 'list' command")],
  ['-L -b foo x', err('unexpected argument x')],
  ['-A -t 10.9.0.1:80 -b sh-port', err("incompatible scheduler flag `sh-port'")],
  ['-A -t 10.9.0.1:80 -s sh -b sh-port,bogus', err("invalid scheduler flag `bogus'")],
  ['-A -t 10.9.0.1:80 -s shx -b sh-port', err("incompatible scheduler flag `sh-port'")],
  // §3.2 the matrix
  ['-a -r 1.1.1.1', err("You need to supply the 'service-address' option for the 'add-server' command")],
  [`-a ${S}`, err("You need to supply the 'real-server' option for the 'add-server' command")],
  [`-d ${S} -w 2`, err("You need to supply the 'real-server' option for the 'delete-server' command")],
  ['-A', err("You need to supply the 'service-address' option for the 'add-service' command")],
  ['-L --daemon -c', err("The option 'daemon' conflicts with the 'connection' option in the 'list' command")],
  ['-L --daemon --timeout', err("The option 'daemon' conflicts with the 'timeout' option in the 'list' command")],
  ['-L -c -t 1.1.1.1:80', err("The option 'service-address' conflicts with the 'connection' option in the 'list' command")],
  ['-L -t 1.1.1.1:80 -c', err("The option 'service-address' conflicts with the 'connection' option in the 'list' command")],
  ['-S -t 1.2.3.4:80', err("Illegal 'service-address' option with the 'save' command")],
  ['-C -n', err("Illegal 'numeric' option with the 'flush' command")],
  ['-R -n', err("Illegal 'numeric' option with the 'restore' command")],
  ['-E -t 10.9.0.1:80 -w 3', err("Illegal 'weight' option with the 'edit-service' command")],
  ['-L -s rr -i', err("Illegal 'scheduler' option with the 'list' command")],
  ['-list', err("Illegal 'scheduler' option with the 'list' command")],
  ['-L --tun-type gue', err("Illegal 'tun-type' option with the 'list' command")],
  [`-a ${S} -r 2.2.2.2 --tun-info`, err("Illegal 'tun-info' option with the 'add-server' command")],
  ['-S -c', err("Illegal 'connection' option with the 'save' command")],
  ['-D -t 1.2.3.4:80 -s rr', err("Illegal 'scheduler' option with the 'delete-service' command")],
  ['-Z -n', err("Illegal 'numeric' option with the 'zero' command")],
  ['--stop-daemon master --mcast-interface eth1', err("Illegal 'mcast-interface' option with the 'stop-daemon' command")],
  ['--start-daemon master --mcast-interface eth1 -n', err("Illegal 'numeric' option with the 'start-daemon' command")],
  // §3.3 command-specific checks
  ['-A -t 10.0.0.1', err('Zero port specified for non-persistent service')],
  ['-A -t [1.2.3.4]:80', err('Zero port specified for non-persistent service')],
  ['-E -t 10.0.0.1:0', err('Zero port specified for non-persistent service')],
  ['-A -t 10.0.0.3:80 -o', err('One-Packet Scheduling is only for UDP virtual services')],
  ['-A --sctp-service 10.0.0.3:80 -o', err('One-Packet Scheduling is only for UDP virtual services')],
  ['-a -t 10.2.0.1:80 -r [2001:db8::98]:80 -m', err('Different address family is allowed only for tunneling servers')],
  ['-a -t 10.2.0.1:80 -r [2001:db8::98]:80', err('Different address family is allowed only for tunneling servers')],
  ['-a -f 1 -6 -r 1.2.3.4', err('Different address family is allowed only for tunneling servers')],
  [`-a ${S} -r 2.2.2.1 -i --tun-type gue`, err("You need to supply the 'tun-port' option for the 'gue' tunnel type")],
  [`-a ${S} -r 2.2.2.1 -i --tun-type gue --tun-port 5555 --tun-csum --tun-remcsum`, err("The option 'tun-remcsum' conflicts with the 'tun-csum' option in the 'gue' tunnel type")],
  [`-a ${S} -r 2.2.2.1 -i --tun-type gue --tun-port 5555 --tun-remcsum --tun-nocsum`, err("The option 'tun-remcsum' conflicts with the 'tun-nocsum' option in the 'gue' tunnel type")],
  [`-a ${S} -r 2.2.2.1 -i --tun-type gre --tun-remcsum`, err("Illegal 'tun-remcsum' option with the 'gre' tunnel type")],
  [`-a ${S} -r 2.2.2.1 -i --tun-type gre --tun-port 1`, err("Illegal 'tun-port' option with the 'gre' tunnel type")],
  [`-e ${S} -r 2.2.2.1 -i --tun-type gre --tun-csum --tun-nocsum`, err("The option 'tun-csum' conflicts with the 'tun-nocsum' option in the 'gre' tunnel type")],
  [`-a ${S} -r 2.2.2.1 -i --tun-csum`, err("Illegal 'tun-csum' option with the 'ipip' tunnel type")],
  [`-a ${S} -r 2.2.2.1 -i --tun-port 5`, err("Illegal 'tun-port' option with the 'ipip' tunnel type")],
  [`-a ${S} -r 2.2.2.1 --tun-type gue`, err('Tunnel options conflict with forward method')],
  [`-a ${S} -r 2.2.2.1 -m --tun-nocsum`, err('Tunnel options conflict with forward method')],
  ['-Lc --stats', err('options conflicts in the list command')],
  ['-L --timeout --rate', err('options conflicts in the list command')],
  ['-L --daemon --thresholds', err('options conflicts in the list command')],
  ['-L --daemon --persistent-conn', err('options conflicts in the list command')],
  ['-L --timeout --persistent-conn', err('options conflicts in the list command')],
  // §4 values
  ['-A -f 0', err("invalid fwmark value `0' specified")],
  ['-A -f -1', err("invalid fwmark value `-1' specified")],
  ['-A -f 0x10', err("invalid fwmark value `0x10' specified")],
  ['-A -f 1x', err("invalid fwmark value `1x' specified")],
  ['-A -f 4294967296', err("invalid fwmark value `4294967296' specified")],
  ['-A -6 -f 1', { stderr: '-6 used before -f\n\n', status: 2 }],
  ['-L -6', { stderr: '-6 used before -f\n\n', status: 2 }],
  ['-A -t 1.2.3.4:80 -6', { stderr: '-6 used before -f\n\n', status: 2 }],
  ['-A -t 1.2.3.4:80 -M foo', err('illegal virtual server persistent mask specified')],
  ['-A -t 1.2.3.4:80 -M 1.2.3.256', err('illegal virtual server persistent mask specified')],
  ['-A -t [2001::3]:80 -M abc', err('illegal ipv6 netmask specified')],
  ['-A -t [2001::3]:80 -M 0', err('illegal ipv6 netmask specified')],
  ['-A -t [2001::3]:80 -M 129', err('illegal ipv6 netmask specified')],
  ['-A -t [2001::3]:80 -M -1', err('illegal ipv6 netmask specified')],
  ['-A -f 1 -6 -M 255.255.255.0', err('illegal ipv6 netmask specified')],
  [`-a ${S} -r 2.2.2.2 -w 2147483648`, err('illegal weight specified')],
  [`-a ${S} -r 2.2.2.2 -w -1`, err('illegal weight specified')],
  [`-a ${S} -r 2.2.2.2 -x 2147483648`, err('illegal u_threshold specified')],
  [`-a ${S} -r 2.2.2.2 -y x`, err('illegal l_threshold specified')],
  [`-a ${S} -r 2.2.2.2 -i --tun-type GUE`, err('illegal tunnel type specified')],
  [`-a ${S} -r 2.2.2.2 -i --tun-type gue --tun-port 0`, err('illegal tunnel port specified')],
  [`-a ${S} -r 2.2.2.2 -i --tun-type gue --tun-port 65536`, err('illegal tunnel port specified')],
  ['--start-daemon master --syncid 256', err('illegal syncid specified')],
  ['--stop-daemon master --syncid -1', err('illegal syncid specified')],
  ['-L --syncid x', err('illegal syncid specified')],
  ['--start-daemon master --sync-maxlen 65508', err('illegal sync-maxlen specified')],
  ['--start-daemon master --sync-maxlen 0', err('illegal sync-maxlen specified')],
  ['--start-daemon master --mcast-port 0', err('illegal mcast-port specified')],
  ['--start-daemon master --mcast-port 65536', err('illegal mcast-port specified')],
  ['--start-daemon master --mcast-ttl 0', err('illegal mcast-ttl specified')],
  ['--start-daemon master --mcast-ttl 256', err('illegal mcast-ttl specified')],
  ['--start-daemon master --mcast-group 224.0.0.01', err("invalid IPv4 mcast-group `224.0.0.01'")],
  ['--start-daemon master --mcast-group 10.0.0.1', err("invalid IPv4 mcast-group `10.0.0.1'")],
  ['--start-daemon master --mcast-group 240.0.0.1', err("invalid IPv4 mcast-group `240.0.0.1'")],
  ['--start-daemon master --mcast-group fe80::1', err("invalid IPv6 mcast-group `fe80::1'")],
  ['--start-daemon master --mcast-group ff02::1%eth0', err("invalid IPv6 mcast-group `ff02::1%eth0'")],
  // §5 addresses
  ['-A -t [::1]', err('illegal virtual server address[:port] specified')],
  ['-A -t 09.1.1.1:80', err('illegal virtual server address[:port] specified')],
  ['-A -t 10.0.0.2:HTTP', err('illegal virtual server address[:port] specified')],
  ['-A -t -L', err('illegal virtual server address[:port] specified')],
  ['-A --sctp-service 1.2.3.4:http', err('illegal virtual server address[:port] specified')],
  ['-A -u 1.2.3.4:telnet', err('illegal virtual server address[:port] specified')],
  ['-a -t 10.0.0.1:80 -r [2001:db8::10]', err('illegal real server address[:port] specified')],
  ['-a -r 2.2.2.2:http -t 10.0.0.1:80', err('illegal real server address[:port] specified')],
  ['-a -t 10.0.0.1:80 -r 1234', err('illegal real server address[:port] specified')],
  // the first bad value on the line wins, before the matrix
  ['-A -t 10.0.0.1:80 -w x -s', err('illegal weight specified')],
];

const split = (line: string): string[] => (line === '""' ? [''] : line.split(' '));

describe('parseCommandLine: errors and exits', () => {
  it.each(cases)('ipvsadm %s', (line, want) => {
    const r = parseCommandLine('ipvsadm', split(line), tableNames, {});
    expect(r.kind).toBe('exit');
    if (r.kind !== 'exit') return;
    expect({ stdout: r.stdout, stderr: r.stderr, status: r.status }).toEqual({ stdout: want.stdout ?? '', ...want });
    expect(r.continuable).toBe(want.status === 255 && want.stderr !== TRY);
  });

  it('prints <prog> verbatim in try-help and help', () => {
    const r = parseCommandLine('/usr/sbin/ipvsadm', ['-V'], tableNames, {});
    expect(r).toMatchObject({ stderr: "Try `/usr/sbin/ipvsadm -h' or '/usr/sbin/ipvsadm --help' for more information.\n" });
    const h = parseCommandLine('./ipvsadm', ['-h'], tableNames, {});
    expect(h).toMatchObject({ stdout: helpText('./ipvsadm'), status: 0 });
  });

  it('POSIXLY_CORRECT / POSIX_ME_HARDER: the first non-option word ends the options', () => {
    const run = (env: Record<string, string | undefined>, line: string) =>
      parseCommandLine('ipvsadm', line.split(' '), tableNames, env);
    expect(run({}, '-L -n foo --bar')).toMatchObject({ stderr: '--bar: unknown option\n', status: 255 });
    expect(run({ POSIXLY_CORRECT: '' }, '-L -n foo --bar')).toMatchObject({ stderr: 'unexpected argument foo\n', status: 2 });
    expect(run({ POSIX_ME_HARDER: '1' }, '-L -n foo --bar')).toMatchObject({ stderr: 'unexpected argument foo\n' });
    expect(run({}, 'foo -L')).toMatchObject({ stderr: 'unexpected argument foo\n' });
    expect(run({ POSIXLY_CORRECT: '1' }, 'foo -L')).toMatchObject({ stderr: TRY, status: 255 });
    expect(run({ POSIXLY_CORRECT: undefined }, 'foo -L')).toMatchObject({ stderr: 'unexpected argument foo\n' });
  });
});
