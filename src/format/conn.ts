// list_conn() and print_conn() of ipvsadm.c: the -L -c listing from /proc/net/ip_vs_conn text.

import type { ListFormat } from '../common/list-format.js';
import { CONN_PROC_FILE, decodeConnLine, fgetsChunks } from '../common/conn-text.js';
import { addrportToAnyname } from './address.js';
import type { Names } from '../common/names.js';
import { sprintf } from './printf.js';

/** What list_conn() produced: OUT text, exit status, ERR text (with its newline). */
export interface ConnListing {
  readonly out: string;
  readonly status: number;
  readonly err: string;
}

/** print_conn(): the output line for one connection; null when sscanf() hit EOF (exit 1). */
export function formatConnLine(line: string, format: ListFormat, names: Names): string | null {
  const c = decodeConnLine(line);
  if (c === null) return null;
  const proto = c.protocol;
  const numeric = format.numeric;
  const cname = addrportToAnyname(c.client.af, c.client.addr, c.client.port, proto, numeric, names);
  const vname = addrportToAnyname(c.virtual.af, c.virtual.addr, c.virtual.port, proto, numeric, names);
  const dname = addrportToAnyname(c.dest.af, c.dest.addr, c.dest.port, proto, numeric, names);
  const expireStr = sprintf('%02d:%02d', Math.floor(c.expires / 60), c.expires % 60);

  if (format.persistentConn && c.fields === 11) {
    return sprintf(
      '%-3s %-6s %-11s %-18s %-18s %-16s %-18s %s\n',
      c.protocolName, expireStr, c.state, cname, vname, dname, c.peName, c.peData,
    );
  }
  return sprintf('%-3s %-6s %-11s %-18s %-18s %s\n', c.protocolName, expireStr, c.state, cname, vname, dname);
}

/** list_conn(): the whole -L -c output from the text of /proc/net/ip_vs_conn. */
export function formatConnections(fileText: string, format: ListFormat, names: Names): ConnListing {
  const chunks = fgetsChunks(fileText);
  if (chunks.length === 0) {
    return { out: '', status: 1, err: `unexpected input from ${CONN_PROC_FILE}\n` };
  }
  let out = 'IPVS connection entries\n';
  out += format.persistentConn
    ? sprintf('pro expire %-11s %-18s %-18s %-18s %-16s %s\n', 'state', 'source', 'virtual', 'destination', 'pe name', 'pe_data')
    : sprintf('pro expire %-11s %-18s %-18s %s\n', 'state', 'source', 'virtual', 'destination');
  for (const chunk of chunks.slice(1)) {
    const line = formatConnLine(chunk, format, names);
    if (line === null) return { out, status: 1, err: '' };
    out += line;
  }
  return { out, status: 0, err: '' };
}
