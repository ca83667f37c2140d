// Runs INSIDE user-mode Linux (as root, real IPVS loaded), started by
// test/kernel/differential.ts:   node driver.mjs input.json output.json
//
// For every scenario: reset the kernel, run all its commands with Debian's
// tools, snapshot the state; reset, run them all with ours, snapshot.
// Writes everything to output.json; the host side compares.
//
// "Ours" is run in one of three ways, per scenario (or per line):
//   inproc  - import { run } from dist/src/entry/ipvsadm.js, run(prog, args, io)
//   process - node bin/ipvsadm.js ARGS (a real process, ~0.5 s each in UML)
//   debian  - Debian's binary again (harness self-test)
// ipvsadm-save / ipvsadm-restore lines always run as processes.

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [inputPath, outputPath] = process.argv.slice(2);
if (!inputPath || !outputPath) {
  process.stderr.write('usage: node driver.mjs input.json output.json\n');
  process.exit(64);
}
const input = JSON.parse(readFileSync(inputPath, 'utf8'));
const repoRoot = input.repoRoot;

const DEBIAN = {
  ipvsadm: '/usr/sbin/ipvsadm',
  'ipvsadm-save': '/usr/sbin/ipvsadm-save',
  'ipvsadm-restore': '/usr/sbin/ipvsadm-restore',
};
const OURS_BIN = {
  ipvsadm: join(repoRoot, 'bin', 'ipvsadm.js'),
  'ipvsadm-save': join(repoRoot, 'bin', 'ipvsadm-save.js'),
  'ipvsadm-restore': join(repoRoot, 'bin', 'ipvsadm-restore.js'),
};
const MAIN_JS = join(repoRoot, 'dist', 'src', 'entry', 'ipvsadm.js');

// Run our bin scripts through symlinks named like the installed commands
// (what npm's bin links give), so process.argv[1] ends in `ipvsadm-save`,
// not `ipvsadm-save.js`, as it does for users.
const LINK_DIR = '/run/ipvsadm-ours-bin';
mkdirSync(LINK_DIR, { recursive: true });
for (const [name, target] of Object.entries(OURS_BIN)) {
  const link = join(LINK_DIR, name);
  rmSync(link, { force: true });
  symlinkSync(target, link);
  OURS_BIN[name] = link;
}

const BASE_ENV = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  HOME: '/root',
  LANG: 'C',
  ...(process.env.GLIBC_TUNABLES ? { GLIBC_TUNABLES: process.env.GLIBC_TUNABLES } : {}),
};

const now = () => Number(process.hrtime.bigint() / 1000n) / 1000; // ms

function spawnTool(file, args, { argv0, stdin, env, node }) {
  const t0 = now();
  const argv = node ? [file, ...args] : args;
  const r = spawnSync(node ? process.execPath : file, argv, {
    argv0: node ? undefined : argv0,
    input: stdin ?? '',
    env,
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  const res = {
    stdout: r.stdout ? r.stdout.toString('utf8') : '',
    stderr: r.stderr ? r.stderr.toString('utf8') : '',
    status: r.status,
    ms: Math.round((now() - t0) * 10) / 10,
  };
  if (r.signal) res.signal = r.signal;
  // EPIPE only means the tool exited without reading all of its stdin (e.g.
  // `-R -n` fails before reading): a shell would not report that either.
  const epipe = r.error && r.error.code === 'EPIPE' && (r.status !== null || r.signal);
  if (r.error && !epipe) res.error = String(r.error.message ?? r.error);
  return res;
}

let mainModule;
let mainError;
let ioModule;
async function loadMain() {
  if (mainModule || mainError) return;
  const t0 = now();
  try {
    mainModule = await import(pathToFileURL(MAIN_JS).href);
    ioModule = await import(pathToFileURL(join(repoRoot, 'dist', 'src', 'ops', 'io.js')).href);
    if (typeof mainModule.run !== 'function') {
      mainError = `${MAIN_JS} does not export run()`;
      mainModule = undefined;
    }
  } catch (e) {
    mainError = `cannot import ${MAIN_JS}: ${e && e.stack ? e.stack : String(e)}`;
  }
  timing.importMainMs = Math.round(now() - t0);
}

class ExitTrap extends Error {
  constructor(code) {
    super(`process.exit(${code}) called in-process`);
    this.code = code;
  }
}

async function runInProcess(prog, args, { stdin, env }) {
  const t0 = now();
  await loadMain();
  if (!mainModule) {
    return { stdout: '', stderr: '', status: null, error: mainError, ms: 0 };
  }
  const captured = ioModule.captureIo({ stdin, env: Object.freeze({ ...env }), readConnFile: mainModule.readProcConnFile });
  const io = captured.io;
  const realExit = process.exit;
  let status = null;
  let error;
  process.exit = (code) => {
    throw new ExitTrap(code);
  };
  try {
    const r = await mainModule.run(prog, [...args], io);
    status = typeof r === 'number' ? r : null;
    if (typeof r !== 'number') error = `run() returned ${JSON.stringify(r)}, not a number`;
  } catch (e) {
    error = e instanceof ExitTrap ? e.message : `run() threw: ${e && e.stack ? e.stack : String(e)}`;
    if (e instanceof ExitTrap) status = e.code ?? 0;
  } finally {
    process.exit = realExit;
  }
  const res = { stdout: captured.stdout(), stderr: captured.stderr(), status, ms: Math.round((now() - t0) * 10) / 10 };
  if (error) res.error = error;
  if (args.includes('--start-daemon')) settleSyncThreads();
  return res;
}

/**
 * In-process commands follow each other within microseconds, which no two
 * processes do. A sync daemon's kernel thread that is stopped before it
 * first ran makes kthread_stop() return -EINTR, and IPVS then answers
 * DEL_DAEMON with no ACK at all (Debian's ipvsadm would wait for it
 * forever, ours times out): a kernel race, not a difference between the
 * tools (docs/reliability.md). Give the new thread the moment a process
 * start would give it.
 */
function settleSyncThreads() {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
}

function debianQuiet(args) {
  spawnSync(DEBIAN.ipvsadm, args, { argv0: 'ipvsadm', stdio: 'ignore', env: BASE_ENV });
}

function reset() {
  debianQuiet(['-C']);
  debianQuiet(['--set', '900', '120', '300']);
  debianQuiet(['--stop-daemon', 'master']);
  debianQuiet(['--stop-daemon', 'backup']);
}

/** Kernel state as Debian's ipvsadm sees it (independent of the tool under test). */
function snapshot(env) {
  const parts = [];
  for (const args of [['-Sn'], ['-L', '--timeout'], ['-L', '--daemon']]) {
    const r = spawnTool(DEBIAN.ipvsadm, args, { argv0: 'ipvsadm', env });
    parts.push(`$ ipvsadm ${args.join(' ')} [${r.status}]\n${r.stdout}${r.stderr}`);
  }
  return parts.join('');
}

function shell(cmd, env) {
  return spawnTool('/bin/sh', ['-c', cmd], { argv0: 'sh', env });
}

async function runCommand(side, cmd, scenarioMode, env) {
  if (cmd.tool === 'sh') return shell(cmd.args[0] ?? '', env);
  const prog = cmd.tool;
  const opts = { argv0: prog, stdin: cmd.stdin, env };
  if (side === 'debian') return spawnTool(DEBIAN[prog], cmd.args, opts);
  const mode = input.oursOverride ?? cmd.mode ?? scenarioMode;
  if (mode === 'debian') return spawnTool(DEBIAN[prog], cmd.args, opts);
  if (mode === 'process' || prog !== 'ipvsadm') {
    // As if the user typed the bare name: our bin links are found through
    // PATH, so ours prints `ipvsadm` (not the link's path) as <prog>, the
    // way Debian's binary prints the argv[0] it was given.
    const pathEnv = { ...env, PATH: `${LINK_DIR}:${env.PATH ?? ''}` };
    return spawnTool(OURS_BIN[prog], cmd.args, { ...opts, env: pathEnv, node: true });
  }
  return runInProcess(prog, cmd.args, opts);
}

async function runPass(side, sc, mode, env) {
  reset();
  const results = [];
  const snaps = [];
  for (const cmd of sc.commands) {
    results.push(await runCommand(side, cmd, mode, env));
    if (sc.snapshot === 'each' && cmd.tool !== 'sh') snaps.push(snapshot(env));
  }
  if (sc.snapshot !== 'none') snaps.push(snapshot(env));
  return { results, snapshots: snaps };
}

const timing = { importMainMs: 0, scenariosMs: 0 };
const output = { scenarios: [], timing };
const t0 = now();
for (const sc of input.scenarios) {
  const mode = input.oursOverride ?? sc.mode ?? input.defaultMode;
  const env = { ...BASE_ENV, ...(sc.env ?? {}) };
  const ts = now();
  let entry;
  try {
    const debian = await runPass('debian', sc, mode, env);
    const ours = await runPass('ours', sc, mode, env);
    entry = { id: sc.id, mode, debian, ours };
  } catch (e) {
    entry = { id: sc.id, mode, crash: e && e.stack ? e.stack : String(e) };
  }
  entry.ms = Math.round(now() - ts);
  output.scenarios.push(entry);
}
reset();
timing.scenariosMs = Math.round(now() - t0);
writeFileSync(outputPath + '.tmp', JSON.stringify(output));
renameSync(outputPath + '.tmp', outputPath); // a half-written file never looks complete
