// §13 "Assorted single commands", verbatim (kernel-dependent rows only check that parsing succeeds).
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../src/cli/parse.js';
import { tableNames } from './names-fixture.js';

const TRY = "Try `ipvsadm -h' or 'ipvsadm --help' for more information.\n";
type Row = readonly [line: string, stderr: string | 'command', status: number];
const A = '-a -t 10.0.0.1:80';

const rows: readonly Row[] = [
  ['-V', TRY, 255],
  ['-L -h', "invalid option `-h'\n", 2],
  ['-t 1.2.3.4:80 -A', TRY, 255],
  ['-L -n foo bar', 'unexpected argument foo\n', 2],
  ['-Lq', '-Lq: unknown option\n', 255],
  ['-A -t', '-t: missing argument\n', 255],
  ['-A -t 10.0.0.1', 'Zero port specified for non-persistent service\n', 2],
  ['-A -t 10.0.0.1 -p', 'command', 0],
  ['-A -t 10.0.0.3:80 -o', 'One-Packet Scheduling is only for UDP virtual services\n', 2],
  ['-A -t [::1]', 'illegal virtual server address[:port] specified\n', 2],
  ['-A -t [1.2.3.4]:80', 'Zero port specified for non-persistent service\n', 2],
  ['-A -6 -f 1', '-6 used before -f\n\n', 2],
  ['-A -t 10.9.0.1:80 -b sh-port', "incompatible scheduler flag `sh-port'\n", 2],
  ['-a -t 10.0.0.1:80 -r [2001:db8::10]', 'illegal real server address[:port] specified\n', 2],
  ['-a -t 10.2.0.1:80 -r [2001:db8::98]:80 -m', 'Different address family is allowed only for tunneling servers\n', 2],
  [`${A} -r 2.2.2.1 -i --tun-type gue`, "You need to supply the 'tun-port' option for the 'gue' tunnel type\n", 2],
  [`${A} -r 2.2.2.1 -i --tun-type gue --tun-port 5555 --tun-csum --tun-remcsum`, "The option 'tun-remcsum' conflicts with the 'tun-csum' option in the 'gue' tunnel type\n", 2],
  [`${A} -r 2.2.2.1 -i --tun-type gre --tun-remcsum`, "Illegal 'tun-remcsum' option with the 'gre' tunnel type\n", 2],
  [`${A} -r 2.2.2.1 --tun-type gue`, 'Tunnel options conflict with forward method\n', 2],
  ['--set 1 2', '--set option requires 3 timeout values\n', 2],
  ['--set 1 2 2678401', "invalid timeout value `2678401' specified\n", 2],
  ['-L --timeout', 'command', 0],
  ['-Lc --stats', 'options conflicts in the list command\n', 2],
  ['-L -c -t 1.1.1.1:80', "The option 'service-address' conflicts with the 'connection' option in the 'list' command\n", 2],
  ['-Ln -t 9.9.9.9:80', 'command', 0],
  ['-C -n', "Illegal 'numeric' option with the 'flush' command\n", 2],
  ['-E -t 10.9.0.1:80 -w 3', "Illegal 'weight' option with the 'edit-service' command\n", 2],
  ['--start-daemon', TRY, 255],
  ['--stop-daemon foo', 'illegal start_daemon specified\n', 2],
  ['--start-daemon master -I 5', '-I: unknown option\n', 255],
  ['-A -t 10.0.0.8:80 -pM 30 255.255.255.0', "invalid timeout value `M' specified\n", 2],
  ['--add-service -t 10.0.0.9:80 -- -s rr', 'unexpected argument -s\n', 2],
  ['-A -list 10.0.0.10:80', "invalid option `-list'\n", 2],
  ['-L --start-daemon master', "invalid option `master'\n", 2],
];

describe('§13 assorted single commands', () => {
  it.each(rows)('ipvsadm %s', (line, stderr, status) => {
    const r = parseCommandLine('ipvsadm', line.split(' '), tableNames, {});
    if (stderr === 'command') {
      expect(r.kind).toBe('command');
      return;
    }
    expect(r).toMatchObject({ kind: 'exit', stdout: '', stderr, status });
  });
});
