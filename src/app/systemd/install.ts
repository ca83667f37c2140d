// `ipvsadm-ts-systemd install|uninstall`: puts ipvsadm.service, its config
// file and the bash and zsh completions in place (under --root DIR when staging).

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEBIAN_CONFIG, DEBIAN_RULES, RHEL_CONFIG, RHEL_RULES } from './config.js';

export interface InstallOptions {
  /** Staging root (like DESTDIR); paths written into files never include it. */
  root: string;
  style: 'debian' | 'rhel';
  /** Directory of the unit (default /etc/systemd/system). */
  unitDir: string;
  /** Config and rules paths (defaults by style). */
  config: string;
  rules: string;
  /** Bash completion directory (default /usr/local/share/bash-completion/completions). */
  completionDir: string;
  /** Zsh completion directory, one of zsh's $fpath (default /usr/local/share/zsh/site-functions). */
  zshCompletionDir: string;
  /** Absolute paths of node and of bin/ipvsadm-ts-systemd.js written into the unit. */
  node: string;
  helper: string;
  /** Overwrite an existing config file. */
  force: boolean;
}

export const UNIT_NAME = 'ipvsadm.service';
/** The commands completion/ipvsadm.bash completes: one copy per name, as bash-completion loads by name. */
export const COMPLETION_NAMES = ['ipvsadm', 'ipvsadm-save', 'ipvsadm-restore', 'ipvsadm-ts-systemd'];
/** completion/_ipvsadm, the zsh completion of the same commands (its #compdef line names them). */
export const ZSH_COMPLETION = '_ipvsadm';

/**
 * IPVS_SAVE_ON_STOP as the distribution's ipvsadm does it: RHEL's
 * ipvsadm.service saves the table at every stop; Debian's init script never
 * does (its `save` action is run by hand).
 */
export function saveOnStopFor(style: InstallOptions['style']): 'yes' | 'no' {
  return style === 'rhel' ? 'yes' : 'no';
}

/** The package's root directory (holds systemd/, completion/, bin/). */
export function packageRoot(): string {
  // dist/src/app/systemd/install.js (or its .ts under vitest), or a bundle:
  // the nearest directory above holding systemd/ipvsadm.service.in.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'systemd', 'ipvsadm.service.in'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the package directory (systemd/ipvsadm.service.in)');
    dir = up;
  }
}

export function detectStyle(root = '/'): 'debian' | 'rhel' {
  if (existsSync(join(root, 'etc/debian_version'))) return 'debian';
  if (existsSync(join(root, 'etc/redhat-release')) || existsSync(join(root, 'etc/sysconfig'))) return 'rhel';
  return 'debian';
}

export function defaultInstallOptions(over: Partial<InstallOptions> = {}): InstallOptions {
  const root = over.root ?? '/';
  const style = over.style ?? detectStyle(root);
  return {
    root,
    style,
    unitDir: over.unitDir ?? '/etc/systemd/system',
    config: over.config ?? (style === 'rhel' ? RHEL_CONFIG : DEBIAN_CONFIG),
    rules: over.rules ?? (style === 'rhel' ? RHEL_RULES : DEBIAN_RULES),
    completionDir: over.completionDir ?? '/usr/local/share/bash-completion/completions',
    zshCompletionDir: over.zshCompletionDir ?? '/usr/local/share/zsh/site-functions',
    node: over.node ?? process.execPath,
    helper: over.helper ?? join(packageRoot(), 'bin', 'ipvsadm-ts-systemd.js'),
    force: over.force ?? false,
  };
}

/** Fills a template's @NODE@, @HELPER@, @CONFIG@, @RULES@, @SAVE_ON_STOP@. */
export function render(
  template: string,
  o: Pick<InstallOptions, 'node' | 'helper' | 'config' | 'rules' | 'style'>,
): string {
  for (const [k, v] of Object.entries({ node: o.node, helper: o.helper, config: o.config, rules: o.rules })) {
    if (/\s/.test(v)) throw new Error(`${k} path must not contain white space: ${JSON.stringify(v)}`);
  }
  return template
    .replaceAll('@NODE@', o.node)
    .replaceAll('@HELPER@', o.helper)
    .replaceAll('@CONFIG@', o.config)
    .replaceAll('@RULES@', o.rules)
    .replaceAll('@SAVE_ON_STOP@', saveOnStopFor(o.style));
}

export function renderUnit(o: InstallOptions): string {
  return render(readFileSync(join(packageRoot(), 'systemd', 'ipvsadm.service.in'), 'utf8'), o);
}

export function renderConfig(o: InstallOptions): string {
  return render(readFileSync(join(packageRoot(), 'systemd', 'ipvsadm-config.in'), 'utf8'), o);
}

const under = (root: string, path: string): string => join(root, path);

function writeFile(path: string, data: string, mode = 0o644): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data, { mode });
}

/** Installs; returns the lines to report (what was written, what was kept). */
export function install(o: InstallOptions): string[] {
  const report: string[] = [];
  const unit = under(o.root, join(o.unitDir, UNIT_NAME));
  writeFile(unit, renderUnit(o));
  report.push(`wrote ${unit}`);
  const cfg = under(o.root, o.config);
  if (existsSync(cfg) && !o.force) {
    report.push(`kept ${cfg} (exists; --force to overwrite)`);
  } else {
    writeFile(cfg, renderConfig(o));
    report.push(`wrote ${cfg}`);
  }
  const completion = readFileSync(join(packageRoot(), 'completion', 'ipvsadm.bash'), 'utf8');
  for (const name of COMPLETION_NAMES) {
    const p = under(o.root, join(o.completionDir, name));
    writeFile(p, completion);
    report.push(`wrote ${p}`);
  }
  const zsh = under(o.root, join(o.zshCompletionDir, ZSH_COMPLETION));
  writeFile(zsh, readFileSync(join(packageRoot(), 'completion', ZSH_COMPLETION), 'utf8'));
  report.push(`wrote ${zsh}`);
  return report;
}

/** Removes the unit and the completions (and the config with purge); keeps the rules file. */
export function uninstall(o: InstallOptions, purge: boolean): string[] {
  const report: string[] = [];
  const paths = [
    join(o.unitDir, UNIT_NAME),
    ...COMPLETION_NAMES.map((n) => join(o.completionDir, n)),
    join(o.zshCompletionDir, ZSH_COMPLETION),
    ...(purge ? [o.config] : []),
  ];
  for (const rel of paths) {
    const p = under(o.root, rel);
    if (existsSync(p)) {
      rmSync(p);
      report.push(`removed ${p}`);
    }
  }
  report.push(`kept the rules file ${under(o.root, o.rules)}`);
  return report;
}
