// list_timeout() of ipvsadm.c.

import type { Timeouts } from '../ipvs/types.js';
import { sprintf } from './printf.js';

/** list_timeout(): "Timeout (tcp tcpfin udp): <tcp> <tcpfin> <udp>". */
export function formatTimeouts(t: Timeouts): string {
  return sprintf('Timeout (tcp tcpfin udp): %d %d %d\n', t.tcp, t.tcpFin, t.udp);
}
