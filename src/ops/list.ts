// -L / -l / no arguments, and -S: the fetch-and-print order of list_all(),
// list_service() and print_service_entry() in ipvsadm.c. Formatters stay pure;
// this file decides what is fetched when, so output on a mid-way failure is
// the original's.

import type { Command, ListFormat } from '../cli/command.js';
import { formatConnections } from '../format/conn.js';
import { formatDaemons } from '../format/daemon.js';
import { formatDestLine, formatServiceLine, formatTitle, formatVersionLine } from '../format/list.js';
import { formatSaveDest, formatSaveService, saveServiceName } from '../format/save.js';
import { formatTimeouts } from '../format/timeout.js';
import { sortDests, sortServices } from '../ipvs/sort.js';
import type { DestEntry, ServiceEntry } from '../ipvs/types.js';
import { done, exitWith, type Outcome } from './outcome.js';
import { call, type Session } from './session.js';

/** Runs -L (any form). */
export function runList(s: Session, cmd: Command): Outcome {
  const f = cmd.format;
  if (f.connection) return listConnections(s, f);
  if (cmd.serviceGiven) return listService(s, cmd);
  if (f.timeout) return listTimeout(s);
  if (f.daemon) return listDaemon(s);
  return listAll(s, f, false);
}

/** Runs -S. */
export function runSave(s: Session, cmd: Command): Outcome {
  return listAll(s, cmd.format, true);
}

// ports list_all()
export function listAll(s: Session, f: ListFormat, save: boolean): Outcome {
  if (!save) s.io.out(formatVersionLine(s.info));
  const r = call(s, 'get-services', (c) => c.getServices());
  if (!r.ok) {
    s.io.err(`${r.message}\n`);
    return exitWith(1);
  }
  const services = save || !f.nosort ? sortServices(r.value) : r.value;
  if (!save) s.io.out(formatTitle(f));
  for (const svc of services) {
    const d = call(s, 'get-dests', (c) => c.getDests(svc));
    if (!d.ok) {
      s.io.err(`${d.message}\n`);
      return exitWith(1);
    }
    printService(s, svc, d.value, f, save);
  }
  return done(0);
}

// ports print_service_entry(): the servers are fetched before the service line
function printService(s: Session, svc: ServiceEntry, got: DestEntry[], f: ListFormat, save: boolean): void {
  const dests = save || !f.nosort ? sortDests(got) : got;
  const parts: string[] = [];
  if (save) {
    // ipvsadm works the service's name out once, for its -A and -a lines.
    const name = saveServiceName(svc, f.numeric, s.names);
    parts.push(formatSaveService(svc, f.numeric, s.names, name));
    for (const d of dests) parts.push(formatSaveDest(svc, d, f.numeric, s.names, name));
  } else {
    parts.push(formatServiceLine(svc, f, s.names));
    for (const d of dests) parts.push(formatDestLine(svc, d, f, s.names));
  }
  s.io.out(parts.join(''));
}

// ports list_service()
function listService(s: Session, cmd: Command): Outcome {
  const key = { ...cmd.service, schedName: '', peName: '', flags: 0, timeout: 0, netmask: 0 };
  const r = call(s, 'get-service', (c) => c.getService(key));
  if (!r.ok) {
    s.io.err(`${r.message}\n`);
    return exitWith(1);
  }
  s.io.out(formatTitle(cmd.format));
  const svc = r.value;
  const d = call(s, 'get-dests', (c) => c.getDests(svc));
  if (!d.ok) {
    s.io.err(`${d.message}\n`);
    return exitWith(1);
  }
  printService(s, svc, d.value, cmd.format, false);
  return done(0);
}

// ports list_timeout()
function listTimeout(s: Session): Outcome {
  const r = call(s, 'get-timeout', (c) => c.getTimeouts());
  if (!r.ok) return exitWith(1);
  s.io.out(formatTimeouts(r.value));
  return done(0);
}

// ports list_daemon()
function listDaemon(s: Session): Outcome {
  const r = call(s, 'get-daemon', (c) => c.getDaemons());
  if (!r.ok) return exitWith(1);
  s.io.out(formatDaemons(r.value));
  return done(0);
}

// ports list_conn()
function listConnections(s: Session, f: ListFormat): Outcome {
  const text = s.io.readConnFile();
  if (text === null) {
    s.io.err('cannot open file /proc/net/ip_vs_conn\n');
    return exitWith(1);
  }
  const r = formatConnections(text, f, s.names);
  s.io.out(r.out);
  if (r.err) s.io.err(r.err);
  return r.status === 0 ? done(0) : exitWith(r.status);
}
