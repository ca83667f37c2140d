// The service's settings, in the style of RHEL's /etc/sysconfig/ipvsadm-config:
// IPVS_* variables read from an environment file (what systemd's
// EnvironmentFile= hands the unit) and overridden by the process environment.

/** Debian-style locations (the default). */
export const DEBIAN_CONFIG = '/etc/default/ipvsadm-config';
/** Debian's own ipvsadm package's settings (its init script's DAEMON, IFACE, SYNCID). */
export const DEBIAN_DEFAULTS = '/etc/default/ipvsadm';
export const DEBIAN_RULES = '/etc/ipvsadm.rules';
/** RHEL-style locations. */
export const RHEL_CONFIG = '/etc/sysconfig/ipvsadm-config';
export const RHEL_RULES = '/etc/sysconfig/ipvsadm';

export interface ServiceConfig {
  /** IPVS_RULES_FILE: what start restores and stop saves. */
  readonly rulesFile: string;
  /** IPVS_MODULES_UNLOAD: unload the ip_vs modules after stop clears the table. */
  readonly modulesUnload: boolean;
  /** IPVS_SAVE_ON_STOP: save the table into the rules file on stop. */
  readonly saveOnStop: boolean;
  /** IPVS_SAVE_ON_RESTART: save the table on restart (the unit's reload). */
  readonly saveOnRestart: boolean;
  /** IPVS_STATUS_NUMERIC: `status` lists with -n. */
  readonly statusNumeric: boolean;
  /** DAEMON, IFACE, SYNCID: the connection sync daemon(s) start runs after the rules. */
  readonly sync: SyncDaemonConfig;
}

export type SyncDaemonMode = 'none' | 'master' | 'backup' | 'both';

/** Debian's keys, with the meaning its /etc/init.d/ipvsadm gives them. */
export interface SyncDaemonConfig {
  /** DAEMON=none|master|backup|both (anything else: none, like Debian's script). */
  readonly mode: SyncDaemonMode;
  /** IFACE: --mcast-interface (default eth0). */
  readonly iface: string;
  /** SYNCID: --syncid, passed as written (default 0: no filtering). */
  readonly syncId: string;
}

export const SYNC_KEYS = ['DAEMON', 'IFACE', 'SYNCID'] as const;

export const DEFAULTS: ServiceConfig = {
  rulesFile: DEBIAN_RULES,
  modulesUnload: false,
  saveOnStop: false,
  saveOnRestart: false,
  statusNumeric: true,
  sync: { mode: 'none', iface: 'eth0', syncId: '0' },
};

/** The sync daemon settings from DAEMON, IFACE and SYNCID. */
export function syncFrom(vars: Readonly<Record<string, string | undefined>>): SyncDaemonConfig {
  const mode = vars['DAEMON']?.trim().toLowerCase();
  const iface = vars['IFACE']?.trim();
  const syncId = vars['SYNCID']?.trim();
  return {
    mode: mode === 'master' || mode === 'backup' || mode === 'both' ? mode : 'none',
    iface: iface ? iface : DEFAULTS.sync.iface,
    syncId: syncId ? syncId : DEFAULTS.sync.syncId,
  };
}

/** DAEMON, IFACE and SYNCID of `vars` only (Debian's file also holds AUTO, which the unit does not use). */
export function syncVars(vars: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of SYNC_KEYS) if (vars[k] !== undefined) out[k] = vars[k];
  return out;
}

/**
 * Parses an environment file the way systemd's EnvironmentFile= does for
 * the simple cases (and the way `. file` does in sh): KEY=VALUE lines,
 * `#`/`;` comments, optional `export`, one level of single or double quotes.
 */
export function parseEnvironmentFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2]!;
    const q = value[0];
    if ((q === '"' || q === "'") && value.length >= 2 && value.endsWith(q)) {
      value = value.slice(1, -1);
      if (q === '"') value = value.replace(/\\(["\\$`])/g, '$1');
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    env[m[1]!] = value;
  }
  return env;
}

/** yes/true/1/on (any case) is true; no/false/0/off is false; anything else the default. */
export function parseFlag(value: string | undefined, dflt: boolean): boolean {
  if (value === undefined) return dflt;
  const v = value.trim().toLowerCase();
  if (['yes', 'y', 'true', '1', 'on'].includes(v)) return true;
  if (['no', 'n', 'false', '0', 'off'].includes(v)) return false;
  return dflt;
}

/** Settings from the variables (file values first, then the environment's). */
export function configFrom(vars: Readonly<Record<string, string | undefined>>): ServiceConfig {
  const rules = vars['IPVS_RULES_FILE']?.trim();
  return {
    rulesFile: rules ? rules : DEFAULTS.rulesFile,
    modulesUnload: parseFlag(vars['IPVS_MODULES_UNLOAD'], DEFAULTS.modulesUnload),
    saveOnStop: parseFlag(vars['IPVS_SAVE_ON_STOP'], DEFAULTS.saveOnStop),
    saveOnRestart: parseFlag(vars['IPVS_SAVE_ON_RESTART'], DEFAULTS.saveOnRestart),
    statusNumeric: parseFlag(vars['IPVS_STATUS_NUMERIC'], DEFAULTS.statusNumeric),
    sync: syncFrom(vars),
  };
}

/** The IPVS_* variables of `env` only (so unrelated variables never leak in). */
export function ipvsVars(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (k.startsWith('IPVS_') && v !== undefined) out[k] = v;
  return out;
}
