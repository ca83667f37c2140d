// ipvsadm-ts-systemd: the actions behind ipvsadm.service, and its installer.
//
//   ipvsadm-ts-systemd start|stop|reload|restart|save|status [--config FILE]
//   ipvsadm-ts-systemd install [--root DIR] [--style debian|rhel] [--force]
//                              [--config FILE] [--rules FILE] [--unit-dir DIR]
//                              [--completion-dir DIR] [--zsh-completion-dir DIR] [--no-reload]
//   ipvsadm-ts-systemd uninstall [--root DIR] [--purge] [...same paths]

import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  configFrom,
  DEBIAN_CONFIG,
  DEBIAN_DEFAULTS,
  ipvsVars,
  parseEnvironmentFile,
  RHEL_CONFIG,
  syncVars,
} from '../app/systemd/config.js';
import { defaultInstallOptions, install, uninstall, UNIT_NAME, type InstallOptions } from '../app/systemd/install.js';
import { HELPER, reload, restart, save, start, status, stop, type ServiceDeps } from '../app/systemd/service.js';
import { run } from './ipvsadm.js';
import { runRestore } from './ipvsadm-restore.js';
import { systemDeps } from './system.js';
import { ProcessStreams } from './streams.js';

const USAGE = `Usage:
  ${HELPER} start|stop|reload|restart|save|status [--config FILE]
  ${HELPER} install [--root DIR] [--style debian|rhel] [--force] [--no-reload]
                     [--config FILE] [--rules FILE] [--unit-dir DIR] [--completion-dir DIR]
                     [--zsh-completion-dir DIR]
  ${HELPER} uninstall [--root DIR] [--purge] [--no-reload] [same path options]

start    check the rules file as ipvsadm-restore --test does (a problem: the table is
         left as it was, status 1), then restore it (empty table if it is missing),
         then start the sync daemon(s) of DAEMON=master|backup|both (IFACE, SYNCID)
stop     save the table if IPVS_SAVE_ON_STOP=yes, stop the DAEMON sync daemon(s), clear the table
reload   make the table equal to the rules file as ipvsadm-restore --apply does
         (no flush; a problem changes nothing), then the DAEMON sync daemon(s) as start
restart  stop (saving if IPVS_SAVE_ON_RESTART=yes), then start
save     save the table into the rules file (ipvsadm -S -n)
status   list the table (ipvsadm -L, with -n if IPVS_STATUS_NUMERIC=yes)
install  write ${UNIT_NAME}, the config file (if absent), the bash and zsh completions
`;

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Writes a sibling temp file, fsyncs it, renames it over `path`. */
export function writeFileAtomic(path: string, data: string): void {
  let mode = 0o644;
  try {
    mode = statSync(path).mode & 0o7777;
  } catch {
    /* new file */
  }
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', mode);
    const buf = Buffer.from(data, 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  try {
    const dfd = openSync(dirname(path), 'r');
    fsyncSync(dfd);
    closeSync(dfd);
  } catch {
    /* best effort */
  }
}

function unloadModules(): string | undefined {
  const text = readOrUndefined('/proc/modules') ?? '';
  const mods = text
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((m) => m.startsWith('ip_vs'));
  if (mods.length === 0) return undefined;
  // Schedulers and helpers first, ip_vs itself last.
  mods.sort((a, b) => (a === 'ip_vs' ? 1 : b === 'ip_vs' ? -1 : a.localeCompare(b)));
  const r = spawnSync('/sbin/modprobe', ['-r', ...mods], { encoding: 'utf8' });
  if (r.error) return r.error.message;
  if (r.status !== 0) return (r.stderr || `modprobe -r exited ${String(r.status)}`).trim();
  return undefined;
}

function configPath(env: NodeJS.ProcessEnv, explicit: string | undefined): string | undefined {
  if (explicit) return explicit;
  if (env['IPVS_CONFIG']) return env['IPVS_CONFIG'];
  for (const p of [DEBIAN_CONFIG, RHEL_CONFIG]) if (existsSync(p)) return p;
  return undefined;
}

interface Parsed {
  action: string;
  opts: Map<string, string | true>;
}

const VALUED = new Set([
  '--root',
  '--style',
  '--config',
  '--rules',
  '--unit-dir',
  '--completion-dir',
  '--zsh-completion-dir',
]);
const FLAGS = new Set(['--force', '--purge', '--no-reload', '--help', '-h']);

function parseArgs(args: readonly string[]): Parsed | string {
  let action: string | undefined;
  const opts = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    let a = args[i]!;
    let value: string | undefined;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0) {
      value = a.slice(eq + 1);
      a = a.slice(0, eq);
    }
    if (a === '--prefix') a = '--root';
    if (VALUED.has(a)) {
      if (value === undefined) {
        value = args[++i];
        if (value === undefined) return `option ${a} needs a value`;
      }
      opts.set(a, value);
    } else if (FLAGS.has(a) && value === undefined) {
      opts.set(a, true);
    } else if (a.startsWith('-')) {
      return `unknown option ${a}`;
    } else if (action === undefined) {
      action = a;
    } else {
      return `unexpected argument ${a}`;
    }
  }
  return { action: action ?? '', opts };
}

function systemdRunning(): boolean {
  return existsSync('/run/systemd/system');
}

export function serviceMain(argv: readonly string[] = process.argv): number {
  const streams = new ProcessStreams(HELPER);
  const out = (t: string): void => streams.out.write(t);
  const err = (t: string): void => {
    streams.out.flushIfTerminal();
    streams.err.write(t);
  };
  return streams.finish(serviceRun(argv.slice(2), out, err, () => streams.out.flush()));
}

/** `flush` writes what `out` holds (before a child writes to the same stdout). */
function serviceRun(
  args: readonly string[],
  out: (t: string) => void,
  err: (t: string) => void,
  flush: () => void,
): number {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    err(`${HELPER}: ${parsed}\n${USAGE}`);
    return 2;
  }
  const { action, opts } = parsed;
  const str = (k: string): string | undefined => {
    const v = opts.get(k);
    return typeof v === 'string' ? v : undefined;
  };
  if (opts.has('--help') || opts.has('-h') || action === 'help') {
    out(USAGE);
    return 0;
  }
  if (action === 'install' || action === 'uninstall') {
    const style = str('--style');
    if (style !== undefined && style !== 'debian' && style !== 'rhel') {
      err(`${HELPER}: --style must be debian or rhel\n`);
      return 2;
    }
    const over: Partial<InstallOptions> = { force: opts.has('--force') };
    if (str('--root')) over.root = str('--root')!;
    if (style) over.style = style;
    if (str('--config')) over.config = str('--config')!;
    if (str('--rules')) over.rules = str('--rules')!;
    if (str('--unit-dir')) over.unitDir = str('--unit-dir')!;
    if (str('--completion-dir')) over.completionDir = str('--completion-dir')!;
    if (str('--zsh-completion-dir')) over.zshCompletionDir = str('--zsh-completion-dir')!;
    const o = defaultInstallOptions(over);
    try {
      const report = action === 'install' ? install(o) : uninstall(o, opts.has('--purge'));
      for (const l of report) out(`${l}\n`);
    } catch (e) {
      err(`${HELPER}: ${action} failed: ${(e as Error).message}\n`);
      return 1;
    }
    const live = o.root === '/' && systemdRunning();
    if (live && !opts.has('--no-reload')) {
      flush();
      const r = spawnSync('systemctl', ['daemon-reload'], { stdio: 'inherit' });
      if (r.status !== 0) err(`${HELPER}: warning: systemctl daemon-reload failed\n`);
    }
    if (action === 'install') {
      out(
        `next: edit ${o.config} (IPVS_SAVE_ON_STOP, IPVS_RULES_FILE=${o.rules}), then\n` +
          `      systemctl enable --now ${UNIT_NAME}\n`,
      );
    }
    return 0;
  }

  const file = configPath(process.env, str('--config'));
  let fileVars: Record<string, string> = {};
  if (file !== undefined) {
    try {
      const text = readOrUndefined(file);
      if (text !== undefined) fileVars = parseEnvironmentFile(text);
      else if (str('--config')) {
        err(`${HELPER}: ${file}: no such file\n`);
        return 1;
      }
    } catch (e) {
      err(`${HELPER}: cannot read ${file}: ${(e as Error).message}\n`);
      return 1;
    }
  }
  // Debian's /etc/default/ipvsadm: its DAEMON, IFACE and SYNCID, unless our config sets them.
  let debianVars: Record<string, string> = {};
  try {
    debianVars = syncVars(parseEnvironmentFile(readOrUndefined(DEBIAN_DEFAULTS) ?? ''));
  } catch (e) {
    err(`${HELPER}: warning: cannot read ${DEBIAN_DEFAULTS}: ${(e as Error).message}\n`);
  }
  const cfg = configFrom({ ...debianVars, ...fileVars, ...ipvsVars(process.env) });
  const deps: ServiceDeps = {
    run: (args, io) => run('ipvsadm', args, io),
    restore: (args, io) => runRestore(HELPER, args, io),
    names: systemDeps().names,
    readFile: readOrUndefined,
    writeFileAtomic,
    out,
    err,
    unloadModules,
    env: process.env,
  };
  try {
    switch (action) {
      case 'start':
        return start(cfg, deps);
      case 'stop':
        return stop(cfg, deps);
      case 'restart':
        return restart(cfg, deps);
      case 'reload':
        return reload(cfg, deps);
      case 'save':
        return save(cfg, deps);
      case 'status':
        return status(cfg, deps);
      default:
        err(action ? `${HELPER}: unknown action ${action}\n${USAGE}` : USAGE);
        return 2;
    }
  } catch (e) {
    err(`${HELPER}: ${action}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
