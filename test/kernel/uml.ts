// Boots Debian's user-mode Linux kernel (real IPVS) with this machine's
// filesystem as root (hostfs), runs a shell payload as root inside it and
// hands back what the payload wrote. See /work/shared/notes/real-kernel.md.
//
// Everything here fails loudly: a missing kernel, a panic, a hang or a
// payload that never reported back is an Error carrying the console tail.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statfsSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** The checkout: the nearest folder above this file with a package.json (also from dist/). */
export const repoRoot = findRepoRoot(here);

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return resolve(from, '..', '..');
  }
}

export const UML_KERNEL = '/usr/bin/linux.uml';
export const UML_MODULES = '/usr/lib/uml/modules';
export const DEBIAN_IPVSADM = '/usr/sbin/ipvsadm';
const SHIM_SOURCE = join(repoRoot, 'test', 'kernel', 'uml-xstate-shim.c');
const CACHE_DIR = join(repoRoot, 'node_modules', '.cache', 'ipvsadm-uml');

/** glibc must not pick AVX-512 code paths inside UML (see the shim). */
export const UML_GLIBC_TUNABLES =
  'glibc.cpu.hwcaps=-AVX512F,-AVX512VL,-AVX512BW,-AVX512DQ,-AVX512CD';

const REQUIRED: ReadonlyArray<{ path: string; pkg: string }> = [
  { path: UML_KERNEL, pkg: 'user-mode-linux' },
  { path: DEBIAN_IPVSADM, pkg: 'ipvsadm' },
  { path: '/usr/sbin/ipvsadm-save', pkg: 'ipvsadm' },
  { path: '/usr/sbin/ipvsadm-restore', pkg: 'ipvsadm' },
  { path: '/usr/sbin/modprobe', pkg: 'kmod' },
  { path: '/usr/sbin/ip', pkg: 'iproute2' },
];

export interface UmlPrerequisites {
  kernel: string;
  /** Kernel (and module directory) version, e.g. "6.1.176". */
  version: string;
  /** Absolute path of the compiled LD_PRELOAD shim. */
  shim: string;
}

let cachedPrereqs: UmlPrerequisites | undefined;

function findGcc(): string | undefined {
  for (const p of ['/usr/bin/gcc', '/usr/bin/cc', '/usr/local/bin/gcc']) {
    if (existsSync(p)) return p;
  }
  return undefined;
}

function aptInstall(pkgs: string[]): void {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `UML prerequisites missing and not running as root; install them with:\n` +
        `  apt-get install -y ${pkgs.join(' ')}`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const argv of [
    ['apt-get', 'update'],
    ['apt-get', 'install', '-y', '--no-install-recommends', ...pkgs],
  ]) {
    const r = spawnSync(argv[0]!, argv.slice(1), { env, encoding: 'utf8' });
    if (r.status !== 0) {
      throw new Error(
        `${argv.join(' ')} failed (status ${String(r.status)}):\n${(r.stdout ?? '') + (r.stderr ?? '')}`.slice(-4000),
      );
    }
  }
}

/**
 * Makes sure linux.uml, Debian's ipvsadm, modprobe and ip exist (installing
 * them with apt-get when missing and running as root) and that the xstate
 * shim is compiled and current. Throws when anything cannot be provided.
 */
export function ensureUmlPrerequisites(): UmlPrerequisites {
  if (cachedPrereqs) return cachedPrereqs;
  const missing = new Set<string>();
  for (const r of REQUIRED) if (!existsSync(r.path)) missing.add(r.pkg);
  if (!findGcc()) missing.add('gcc');
  if (missing.size > 0) aptInstall([...missing]);
  for (const r of REQUIRED) {
    if (!existsSync(r.path)) throw new Error(`${r.path} still missing after installing ${r.pkg}`);
  }
  const gcc = findGcc();
  if (!gcc) throw new Error('no C compiler (gcc) to build the UML xstate shim');

  let versions: string[] = [];
  try {
    versions = readdirSync(UML_MODULES).filter((v) => existsSync(join(UML_MODULES, v, 'modules.dep')));
  } catch {
    /* reported below */
  }
  if (versions.length === 0) throw new Error(`no UML kernel modules under ${UML_MODULES}`);
  versions.sort();
  const version = versions[versions.length - 1]!;

  // Compile the shim into the cache, keyed on the source's hash.
  const src = readFileSync(SHIM_SOURCE);
  const hash = createHash('sha256').update(src).digest('hex').slice(0, 16);
  const shim = join(CACHE_DIR, `uml-xstate-shim-${hash}.so`);
  if (!existsSync(shim)) {
    mkdirSync(CACHE_DIR, { recursive: true });
    const tmp = `${shim}.${process.pid}.tmp`;
    const r = spawnSync(gcc, ['-O2', '-shared', '-fPIC', '-o', tmp, SHIM_SOURCE, '-ldl'], {
      encoding: 'utf8',
    });
    if (r.status !== 0) {
      throw new Error(`compiling ${SHIM_SOURCE} failed:\n${r.stderr ?? ''}${r.stdout ?? ''}`);
    }
    renameSync(tmp, shim);
  }
  cachedPrereqs = { kernel: UML_KERNEL, version, shim };
  return cachedPrereqs;
}

/**
 * Makes sure extra programs a kernel test uses inside UML exist on this
 * machine (UML runs on its filesystem), installing the named Debian
 * packages with apt-get when missing and running as root.
 */
export function ensureHostPackages(required: ReadonlyArray<{ path: string; pkg: string }>): void {
  const missing = new Set<string>();
  for (const r of required) if (!existsSync(r.path)) missing.add(r.pkg);
  if (missing.size > 0) aptInstall([...missing]);
  for (const r of required) {
    if (!existsSync(r.path)) throw new Error(`${r.path} still missing after installing ${r.pkg}`);
  }
}

export interface BootOptions {
  /** Shell commands (sh) run as root inside UML after IPVS is loaded. */
  payload: string;
  /** UML memory in MB (default 1536). */
  memMB?: number;
  /** Hard limit for the whole boot (default 300 s). */
  timeoutMs?: number;
  /** Extra files to place in the work directory before booting (name -> content). */
  inputs?: Record<string, string>;
  /** Names of files the payload writes in its work directory ($W, also its cwd) to read back. */
  collect?: string[];
  /** Keep the work directory afterwards (default: only when the boot failed). */
  keep?: boolean;
}

export interface BootResult {
  /** linux.uml's own stdout+stderr (kernel chatter). */
  console: string;
  /** What the payload wrote to stdout / stderr, and its exit status. */
  stdout: string;
  stderr: string;
  status: number;
  /** Work directory (host path, same path inside UML). Removed unless keep. */
  dir: string;
  /** Wall time of the whole boot, and of the payload alone (UML uptime). */
  totalMs: number;
  payloadMs: number;
  /** Seconds of UML uptime when IPVS was loaded and the payload started. */
  readyAtS: number;
  /** Contents of the files named in `collect` (missing ones are absent). */
  files: Record<string, string>;
}

function tail(text: string, lines = 40): string {
  return text.split('\n').slice(-lines).join('\n');
}

function initScript(dir: string, version: string): string {
  return `#!/bin/sh
# PID 1 inside UML (generated by test/kernel/uml.ts)
export W=${dir}
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C LC_ALL=C
export GLIBC_TUNABLES=${UML_GLIBC_TUNABLES}
exec >"$W/init.log" 2>&1
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t tmpfs tmpfs /run
mkdir -p /run/netns
mount -t tmpfs tmpfs /dev/shm 2>/dev/null
D=/run/modroot
mkdir -p "$D/lib/modules"
ln -s ${UML_MODULES}/${version} "$D/lib/modules/${version}"
printf '#!/bin/sh\\nexec /usr/sbin/modprobe -d %s "$@"\\n' "$D" >/run/modprobe-wrapper
chmod 755 /run/modprobe-wrapper
echo /run/modprobe-wrapper >/proc/sys/kernel/modprobe
ip link set lo up
if ! modprobe -d "$D" ip_vs; then
  echo "modprobe ip_vs failed" >"$W/init.error"
  sync; poweroff -f
fi
for m in $(cd "$D/lib/modules/${version}" && find . -name 'ip_vs_*.ko*' | sed 's,.*/,,; s,\\.ko.*$,,'); do
  modprobe -d "$D" "$m" || echo "modprobe $m failed"
done
echo "init: Linux $(uname -r), $(grep -c '^ip_vs' /proc/modules) ip_vs modules loaded"
cut -d' ' -f1 /proc/uptime >"$W/ready"
cd "$W"
/bin/sh "$W/payload.sh" >"$W/payload.out" 2>"$W/payload.err" </dev/null
echo $? >"$W/payload.status.tmp"
cut -d' ' -f1 /proc/uptime >"$W/done"
mv "$W/payload.status.tmp" "$W/payload.status"
sync
poweroff -f
`;
}

function parseUptime(s: string): number {
  const n = Number.parseFloat(s.trim());
  return Number.isFinite(n) ? n : NaN;
}

/**
 * Boots linux.uml once, runs `payload` inside, returns its output. Throws
 * (with the console and init log tails) if UML cannot start, dies, hangs
 * past timeoutMs, or the payload never reported an exit status.
 */
export async function bootUml(opts: BootOptions): Promise<BootResult> {
  const pre = ensureUmlPrerequisites();
  const memMB = opts.memMB ?? 1536;
  const timeoutMs = opts.timeoutMs ?? 300_000;
  const dir = mkdtempSync(join(tmpdir(), 'ipvsadm-uml-'));
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'payload.sh'), opts.payload);
  for (const [name, content] of Object.entries(opts.inputs ?? {})) {
    writeFileSync(join(dir, name), content);
  }
  const init = join(dir, 'init.sh');
  writeFileSync(init, initScript(dir, pre.version), { mode: 0o755 });

  const umid = `ipvsadm-test-${process.pid}-${Date.now()}`;
  const args = [
    `mem=${memMB}M`,
    'rootfstype=hostfs',
    'rw',
    `init=${init}`,
    'con=null',
    `umid=${umid}`,
  ];
  // A fresh, small environment: UML hands nothing of ours to init anyway,
  // but TMPDIR decides where its memory file goes (/dev/shm by default).
  const env: Record<string, string> = {
    PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: process.env['HOME'] ?? '/root',
    LD_PRELOAD: pre.shim,
  };
  // UML backs its RAM with a sparse file in /dev/shm; small /dev/shm
  // (containers default to 64 MB) makes it die with SIGBUS, so fall back to
  // a disk-backed temp dir when /dev/shm cannot hold all of it.
  const free = (path: string): number => {
    try {
      const st = statfsSync(path);
      return Number(st.bavail) * Number(st.bsize);
    } catch {
      return 0;
    }
  };
  const need = (memMB + 256) * 1024 * 1024;
  if (free('/dev/shm') < need) {
    const tmp = tmpdir();
    if (free(tmp) < need) {
      throw new Error(`neither /dev/shm nor ${tmp} has ${memMB + 256} MB free for UML's memory`);
    }
    env['TMPDIR'] = tmp;
  }
  const started = Date.now();
  const child = spawn(pre.kernel, args, {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group, so a hung UML can be killed whole
  });
  let consoleText = '';
  child.stdout.on('data', (b: Buffer) => (consoleText += b.toString('latin1')));
  child.stderr.on('data', (b: Buffer) => (consoleText += b.toString('latin1')));

  let timedOut = false;
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>(
    (res) => {
      const timer = setTimeout(() => {
        timedOut = true;
        try {
          if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }, timeoutMs);
      child.on('error', (error) => {
        clearTimeout(timer);
        res({ code: null, signal: null, error });
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        res({ code, signal });
      });
    },
  );
  // Reap any stragglers of this UML's process group (its helper processes).
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    /* group already gone */
  }
  // UML removes ~/.uml/<umid> itself on a clean poweroff, not when killed.
  rmSync(join(env['HOME']!, '.uml', umid), { recursive: true, force: true });
  const totalMs = Date.now() - started;
  const read = (name: string): string | undefined => {
    try {
      return readFileSync(join(dir, name), 'utf8');
    } catch {
      return undefined;
    }
  };
  const statusText = read('payload.status');
  const fail = (why: string): never => {
    const initLog = read('init.log') ?? '(no init.log: init.sh never ran)';
    throw new Error(
      `user-mode Linux run failed: ${why}\n` +
        `kernel: ${pre.kernel} ${args.join(' ')} (LD_PRELOAD=${pre.shim})\n` +
        `work dir kept: ${dir}\n` +
        `--- init.log (tail) ---\n${tail(initLog)}\n` +
        `--- payload stderr (tail) ---\n${tail(read('payload.err') ?? '')}\n` +
        `--- console (tail) ---\n${tail(consoleText)}`,
    );
  };
  if (exit.error) fail(`could not start ${pre.kernel}: ${exit.error.message}`);
  if (timedOut) fail(`timed out after ${timeoutMs} ms (killed)`);
  const initError = read('init.error');
  if (initError) fail(initError.trim());
  if (statusText === undefined) {
    fail(
      `no payload status file (UML exit code ${String(exit.code)}, signal ${String(exit.signal)}); ` +
        `the kernel probably panicked or init died`,
    );
  }
  const ready = parseUptime(read('ready') ?? '');
  const done = parseUptime(read('done') ?? '');
  const result: BootResult = {
    console: consoleText,
    stdout: read('payload.out') ?? '',
    stderr: read('payload.err') ?? '',
    status: Number.parseInt(statusText!.trim(), 10),
    dir,
    totalMs,
    payloadMs: Math.round((done - ready) * 1000),
    readyAtS: ready,
    files: {},
  };
  for (const name of opts.collect ?? []) {
    const content = read(name);
    if (content !== undefined) result.files[name] = content;
  }
  if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  return result;
}
