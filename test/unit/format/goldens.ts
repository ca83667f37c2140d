// Goldens copied verbatim from ipvsadm-cli.md §13 (`$` marks end of line).

export const LN = String.raw`
IP Virtual Server version 1.2.1 (size=4096)$
Prot LocalAddress:Port Scheduler Flags$
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn$
TCP  207.175.44.110:80 rr$
  -> 192.168.10.1:80              Masq    1      3          11        $
  -> 192.168.10.2:80              Masq    2      3          11        $
UDP  10.0.0.5:53 sh (sh-port) ops$
  -> 10.0.1.1:53                  Tunnel  1      0          0         $
TCP  [2001:db8::80]:443 wrr persistent 360 mask 64$
  -> [2001:db8::a0a0]:443         Masq    3      0          0         $
FWM  1 wlc persistent 600 mask 255.255.255.0 pe sip$
  -> 192.168.10.3:0               Route   1      0          0         $
`;
export const L_NAMES = String.raw`
IP Virtual Server version 1.2.1 (size=4096)$
Prot LocalAddress:Port Scheduler Flags$
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn$
TCP  207.175.44.110:http rr$
  -> 192.168.10.1:http            Masq    1      3          11        $
  -> 192.168.10.2:http            Masq    2      3          11        $
UDP  10.0.0.5:domain sh (sh-port) ops$
  -> 10.0.1.1:domain              Tunnel  1      0          0         $
TCP  [2001:db8::80]:https wrr persistent 360 mask 64$
  -> [2001:db8::a0a0]:https       Masq    3      0          0         $
FWM  1 wlc persistent 600 mask 255.255.255.0 pe sip$
  -> 192.168.10.3:0               Route   1      0          0         $
`;
export const LN_STATS = String.raw`
IP Virtual Server version 1.2.1 (size=4096)$
Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes$
  -> RemoteAddress:Port$
TCP  207.175.44.110:80                1234  250000K    98765     123G    5000T$
  -> 192.168.10.1:80                   617  125000K    40000   61728M    2500T$
  -> 192.168.10.2:80                   617  125000K    40000   61728M    2500T$
UDP  10.0.0.5:53                         0        0        0        0        0$
  -> 10.0.1.1:53                         0        0        0        0        0$
TCP  [2001:db8::80]:443                  0        0        0        0        0$
  -> [2001:db8::a0a0]:443                0        0        0        0        0$
FWM  1                                   0        0        0        0        0$
  -> 192.168.10.3:0                      0        0        0        0        0$
`;
export const LN_STATS_EXACT_FIRST3 = String.raw`
TCP  207.175.44.110:80                1234 250000000    98765 123456789012 5000000000000000$
  -> 192.168.10.1:80                   617 125000000    40000 61728394506 2500000000000000$
  -> 192.168.10.2:80                   617 125000000    40000 61728394506 2500000000000000$
`;
export const LN_RATE = String.raw`
IP Virtual Server version 1.2.1 (size=4096)$
Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS   OutBPS$
  -> RemoteAddress:Port$
TCP  207.175.44.110:80                  12      345      300  2500000  123456K$
  -> 192.168.10.1:80                     6      170      150  1250000 61728394$
  -> 192.168.10.2:80                     6      170      150  1250000 61728394$
UDP  10.0.0.5:53                         0        0        0        0        0$
  -> 10.0.1.1:53                         0        0        0        0        0$
TCP  [2001:db8::80]:443                  0        0        0        0        0$
  -> [2001:db8::a0a0]:443                0        0        0        0        0$
FWM  1                                   0        0        0        0        0$
  -> 192.168.10.3:0                      0        0        0        0        0$
`;
export const LN_THRESHOLDS = String.raw`
IP Virtual Server version 1.2.1 (size=4096)$
Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn $
  -> RemoteAddress:Port$
TCP  207.175.44.110:80 rr$
  -> 192.168.10.1:80              0          0          3          11        $
  -> 192.168.10.2:80              0          0          3          11        $
UDP  10.0.0.5:53 sh (sh-port) ops$
  -> 10.0.1.1:53                  0          0          0          0         $
TCP  [2001:db8::80]:443 wrr persistent 360 mask 64$
  -> [2001:db8::a0a0]:443         0          0          0          0         $
FWM  1 wlc persistent 600 mask 255.255.255.0 pe sip$
  -> 192.168.10.3:0               100        10         0          0         $
`;
export const LN_PERSISTENT_CONN = String.raw`
IP Virtual Server version 1.2.1 (size=4096)$
Prot LocalAddress:Port            Weight    PersistConn ActiveConn InActConn $
  -> RemoteAddress:Port$
TCP  207.175.44.110:80 rr$
  -> 192.168.10.1:80              1         0           3          11        $
  -> 192.168.10.2:80              2         0           3          11        $
UDP  10.0.0.5:53 sh (sh-port) ops$
  -> 10.0.1.1:53                  1         0           0          0         $
TCP  [2001:db8::80]:443 wrr persistent 360 mask 64$
  -> [2001:db8::a0a0]:443         3         0           0          0         $
FWM  1 wlc persistent 600 mask 255.255.255.0 pe sip$
  -> 192.168.10.3:0               1         0           0          0         $
`;
export const LN_TUN_INFO = String.raw`
IP Virtual Server version 1.2.1 (size=4096)$
Prot LocalAddress:Port Scheduler Flags$
  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn$
TCP  207.175.44.110:80 rr$
  -> 192.168.10.1:80              Masq    n/a           1      3          11        $
  -> 192.168.10.2:80              Masq    n/a           2      3          11        $
UDP  10.0.0.5:53 sh (sh-port) ops$
  -> 10.0.1.1:53                  Tunnel  gue:6080:+c   1      0          0         $
TCP  [2001:db8::80]:443 wrr persistent 360 mask 64$
  -> [2001:db8::a0a0]:443         Masq    n/a           3      0          0         $
FWM  1 wlc persistent 600 mask 255.255.255.0 pe sip$
  -> 192.168.10.3:0               Route   n/a           1      0          0         $
`;
export const SN = String.raw`
-A -t 207.175.44.110:80 -s rr
-a -t 207.175.44.110:80 -r 192.168.10.1:80 -m -w 1
-a -t 207.175.44.110:80 -r 192.168.10.2:80 -m -w 2
-A -u 10.0.0.5:53 -s sh -o -b sh-port
-a -u 10.0.0.5:53 -r 10.0.1.1:53 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum
-A -t [2001:db8::80]:443 -s wrr -p 360 -M 64
-a -t [2001:db8::80]:443 -r [2001:db8::a0a0]:443 -m -w 3
-A -f 1 -s wlc -p 600 -M 255.255.255.0 --pe sip
-a -f 1 -r 192.168.10.3:0 -g -w 1
`;
export const S_NAMES = String.raw`
-A -t 207.175.44.110:http -s rr
-a -t 207.175.44.110:http -r 192.168.10.1:http -m -w 1
-a -t 207.175.44.110:http -r 192.168.10.2:http -m -w 2
-A -u 10.0.0.5:domain -s sh -o -b sh-port
-a -u 10.0.0.5:domain -r 10.0.1.1:domain -i -w 1 --tun-type gue --tun-port 6080 --tun-csum
-A -t [2001:db8::80]:https -s wrr -p 360 -M 64
-a -t [2001:db8::80]:https -r [2001:db8::a0a0]:https -m -w 3
-A -f 1 -s wlc -p 600 -M 255.255.255.0 --pe sip
-a -f 1 -r 192.168.10.3:0 -g -w 1
`;
export const LN_ONE_SERVICE = String.raw`
Prot LocalAddress:Port Scheduler Flags$
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn$
TCP  207.175.44.110:80 rr$
  -> 192.168.10.1:80              Masq    1      3          11        $
  -> 192.168.10.2:80              Masq    2      3          11        $
`;
export const LN_NOSORT_HEAD = String.raw`
IP Virtual Server version 1.2.1 (size=4096)$
Prot LocalAddress:Port Scheduler Flags$
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn$
TCP  207.175.44.110:80 rr$
  -> 192.168.10.2:80              Masq    2      3          11        $
  -> 192.168.10.1:80              Masq    1      3          11        $
`;

/** A golden block as output text: drop the leading newline and the `$` end markers. */
export function golden(block: string): string {
  return block.replace(/^\n/, '').replace(/\$$/gm, '');
}
