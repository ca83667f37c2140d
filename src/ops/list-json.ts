// `ipvsadm ... --json` (src/app/ipvsadm.ts takes the word out): the rest is
// parsed by ipvsadm's unchanged parser, and a list command is answered
// with one JSON document (docs/json.md). Nothing is printed on stdout
// unless the whole document could be built, so a failure never leaves half
// a document behind.

import type { Command } from '../cli/command.js';
import { parseCommandLine } from '../cli/parse.js';
import type { DestEntry, ServiceEntry } from '../ipvs/types.js';
import { progText } from '../common/program-name.js';
import { connectionsDoc, daemonsDoc, renderJson, servicesDoc, timeoutsDoc } from '../format/json.js';
import { printEarlyExit } from './outcome.js';
import { call, type Session } from './session.js';
import { listedDests, listedServices, type TableEntry } from './table.js';

/** Runs `args` (with --json already removed) as a JSON listing; returns the exit status. */
export function runJson(s: Session, args: readonly string[]): number {
  const parsed = parseCommandLine(s.prog, [...args], s.names, s.io.env);
  if (parsed.kind === 'exit') return printEarlyExit(s.io, parsed);
  const cmd = parsed.command;
  if (cmd.name !== 'list') {
    s.io.err(`${progText(s.prog)}: --json can only be used with -L/-l/--list (or no command)\n`);
    return 2;
  }
  return listJson(s, cmd);
}

function fail(s: Session, message: string): number {
  s.io.err(`${message}\n`);
  return 1;
}

function listJson(s: Session, cmd: Command): number {
  const f = cmd.format;
  if (f.connection) {
    const text = s.io.readConnFile();
    if (text === null) return fail(s, 'cannot open file /proc/net/ip_vs_conn');
    const doc = connectionsDoc(text);
    if (doc === null) return fail(s, 'unexpected input from /proc/net/ip_vs_conn');
    s.io.out(renderJson(doc));
    return 0;
  }
  if (!cmd.serviceGiven && f.timeout) {
    const r = call(s, 'get-timeout', (c) => c.getTimeouts());
    if (!r.ok) return fail(s, r.message);
    s.io.out(renderJson(timeoutsDoc(r.value)));
    return 0;
  }
  if (!cmd.serviceGiven && f.daemon) {
    const r = call(s, 'get-daemon', (c) => c.getDaemons());
    if (!r.ok) return fail(s, r.message);
    s.io.out(renderJson(daemonsDoc(r.value)));
    return 0;
  }
  const query = { service: cmd.serviceGiven ? cmd.service : undefined, sorted: !f.nosort };
  const r = call(s, cmd.serviceGiven ? 'get-service' : 'get-services', (c) => listedServices(c, query));
  if (!r.ok) return fail(s, r.message);
  const table: TableEntry<ServiceEntry, DestEntry>[] = [];
  for (const service of r.value) {
    const d = call(s, 'get-dests', (c) => listedDests(c, service, query.sorted));
    if (!d.ok) return fail(s, d.message);
    table.push({ service, dests: d.value });
  }
  s.io.out(renderJson(servicesDoc(s.info, table)));
  return 0;
}
