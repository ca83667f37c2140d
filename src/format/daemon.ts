// list_daemon() of ipvsadm.c.

import { DAEMON_BACKUP, DAEMON_MASTER, type Daemon } from '../ipvs/types.js';
import { inetNtop } from '../common/inet.js';
import { sprintf } from './printf.js';

/** One "<type> sync daemon (...)" line, or '' when the state is neither master nor backup. */
export function formatDaemonLine(d: Daemon): string {
  let type: string;
  if (d.state & DAEMON_MASTER) type = 'master';
  else if (d.state & DAEMON_BACKUP) type = 'backup';
  else return '';
  let line = sprintf('%s sync daemon (mcast=%s, syncid=%d', type, d.mcastIfn, d.syncId);
  if (d.syncMaxLen) line += sprintf(', maxlen=%u', d.syncMaxLen);
  if (d.mcastGroup) line += sprintf(', group=%s', inetNtop(d.mcastGroup.af, d.mcastGroup.addr));
  if (d.mcastPort) line += sprintf(', port=%u', d.mcastPort);
  if (d.mcastTtl) line += sprintf(', ttl=%u', d.mcastTtl);
  return line + ')\n';
}

/** list_daemon(): the lines for the (at most two) daemons, in received order. */
export function formatDaemons(daemons: readonly Daemon[]): string {
  return daemons
    .slice(0, 2)
    .map((d) => formatDaemonLine(d))
    .join('');
}
