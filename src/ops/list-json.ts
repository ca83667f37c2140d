// `ipvsadm ... --json` (src/app/ipvsadm.ts takes the word out): the rest is
// parsed by ipvsadm's unchanged parser, and a list command is answered
// with one JSON document (docs/json.md). Nothing is printed on stdout
// unless the whole document could be built, so a failure never leaves half
// a document behind.

import type { Command } from '../cli/command.js';
import { parseCommandLine } from '../cli/parse.js';
import { sortDests, sortServices } from '../ipvs/sort.js';
import type { DestEntry, ServiceEntry } from '../ipvs/types.js';
import { progText } from '../common/program-name.js';
import { connectionsDoc, daemonsDoc, renderJson, servicesDoc, timeoutsDoc } from '../format/json.js';
import { printEarlyExit } from './outcome.js';
import { call, type Session } from './session.js';

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
  let services: ServiceEntry[];
  if (cmd.serviceGiven) {
    const key = { ...cmd.service, schedName: '', peName: '', flags: 0, timeout: 0, netmask: 0 };
    const r = call(s, 'get-service', (c) => c.getService(key));
    if (!r.ok) return fail(s, r.message);
    services = [r.value];
  } else {
    const r = call(s, 'get-services', (c) => c.getServices());
    if (!r.ok) return fail(s, r.message);
    services = f.nosort ? r.value : sortServices(r.value);
  }
  const table: { service: ServiceEntry; dests: DestEntry[] }[] = [];
  for (const svc of services) {
    const r = call(s, 'get-dests', (c) => c.getDests(svc));
    if (!r.ok) return fail(s, r.message);
    table.push({ service: svc, dests: f.nosort ? r.value : sortDests(r.value) });
  }
  s.io.out(renderJson(servicesDoc(s.info, table)));
  return 0;
}
