// Help, version and try-help texts: ports usage_exit(), version() and tryhelp_exit() of ipvsadm.c.

import { progText, type ProgramName } from '../common/program-name.js';

/** The version line, as version() prints it (also the help's first line). */
export const VERSION_LINE = 'ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)';

/** usage_exit(): the -h text; <prog> is argv[0] verbatim. Ends with a newline. */
export function helpText(prog: ProgramName): string {
  const p = progText(prog);
  const lines: string[] = [
    VERSION_LINE,
    `Usage:`,
    `  ${p} -A|E virtual-service [-s scheduler] [-p [timeout]] [-M netmask] [--pe persistence_engine] [-b sched-flags]`,
    `  ${p} -D virtual-service`,
    `  ${p} -C`,
    `  ${p} -R`,
    `  ${p} -S [-n]`,
    `  ${p} -a|e virtual-service -r server-address [options]`,
    `  ${p} -d virtual-service -r server-address`,
    `  ${p} -L|l [virtual-service] [options]`,
    `  ${p} -Z [virtual-service]`,
    `  ${p} --set tcp tcpfin udp`,
    `  ${p} --start-daemon {master|backup} [daemon-options]`,
    `  ${p} --stop-daemon {master|backup}`,
    `  ${p} -h`,
    ``,
    `Commands:`,
    `Either long or short options are allowed.`,
    `  --add-service     -A        add virtual service with options`,
    `  --edit-service    -E        edit virtual service with options`,
    `  --delete-service  -D        delete virtual service`,
    `  --clear           -C        clear the whole table`,
    `  --restore         -R        restore rules from stdin`,
    `  --save            -S        save rules to stdout`,
    `  --add-server      -a        add real server with options`,
    `  --edit-server     -e        edit real server with options`,
    `  --delete-server   -d        delete real server`,
    `  --list            -L|-l     list the table`,
    `  --zero            -Z        zero counters in a service or all services`,
    `  --set tcp tcpfin udp        set connection timeout values`,
    `  --start-daemon              start connection sync daemon`,
    `  --stop-daemon               stop connection sync daemon`,
    `  --help            -h        display this help message`,
    ``,
    `virtual-service:`,
    `  --tcp-service|-t  service-address   service-address is host[:port]`,
    `  --udp-service|-u  service-address   service-address is host[:port]`,
    `  --sctp-service    service-address   service-address is host[:port]`,
    `  --fwmark-service|-f fwmark          fwmark is an integer greater than zero`,
    ``,
    `Options:`,
    `  --ipv6         -6                   fwmark entry uses IPv6`,
    `  --scheduler    -s scheduler         one of rr|wrr|lc|wlc|lblc|lblcr|dh|sh|sed|nq|fo|ovf|mh,`,
    `                                      the default scheduler is wlc.`,
    `  --pe            engine              alternate persistence engine may be sip,`,
    `                                      not set by default.`,
    `  --persistent   -p [timeout]         persistent service`,
    `  --netmask      -M netmask           persistent granularity mask`,
    `  --real-server  -r server-address    server-address is host (and port)`,
    `  --gatewaying   -g                   gatewaying (direct routing) (default)`,
    `  --ipip         -i                   ipip encapsulation (tunneling)`,
    `  --masquerading -m                   masquerading (NAT)`,
    `  --tun-type      type                one of ipip|gue|gre,`,
    `                                      the default tunnel type is ipip.`,
    `  --tun-port      port                tunnel destination port`,
    `  --tun-nocsum                        tunnel encapsulation without checksum`,
    `  --tun-csum                          tunnel encapsulation with checksum`,
    `  --tun-remcsum                       tunnel encapsulation with remote checksum`,
    `  --weight       -w weight            capacity of real server`,
    `  --u-threshold  -x uthreshold        upper threshold of connections`,
    `  --l-threshold  -y lthreshold        lower threshold of connections`,
    `  --connection   -c                   output of current IPVS connections`,
    `  --timeout                           output of timeout (tcp tcpfin udp)`,
    `  --daemon                            output of daemon information`,
    `  --stats                             output of statistics information`,
    `  --rate                              output of rate information`,
    `  --exact                             expand numbers (display exact values)`,
    `  --thresholds                        output of thresholds information`,
    `  --persistent-conn                   output of persistent connection info`,
    `  --tun-info                          output of tunnel information`,
    `  --nosort                            disable sorting output of service/server entries`,
    `  --sort                              does nothing, for backwards compatibility`,
    `  --ops          -o                   one-packet scheduling`,
    `  --numeric      -n                   numeric output of addresses and ports`,
    `  --sched-flags  -b flags             scheduler flags (comma-separated)`,
    `Daemon Options:`,
    `  --syncid sid                        syncid for connection sync (default=255)`,
    `  --sync-maxlen length                Max sync message length (default=1472)`,
    `  --mcast-interface interface         multicast interface for connection sync`,
    `  --mcast-group address               IPv4/IPv6 group (default=224.0.0.81)`,
    `  --mcast-port port                   UDP port (default=8848)`,
    `  --mcast-ttl ttl                     Multicast TTL (default=1)`,
  ];
  return lines.join('\n') + '\n';
}

/** version(): the -v output. */
export function versionText(): string {
  return VERSION_LINE + '\n';
}

/** tryhelp_exit(): the one-line hint printed on ERR (exit 255). */
export function tryHelpText(prog: ProgramName): string {
  const p = progText(prog);
  return `Try \`${p} -h' or '${p} --help' for more information.\n`;
}

/** Alias of tryHelpText() (the name other modules import). */
export const tryHelp = tryHelpText;
