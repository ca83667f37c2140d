// Runs INSIDE user-mode Linux, inside one director's network namespace
// (`ip netns exec dira node agent.mjs REPO`), started by driver.mjs.
//
// Starting node inside UML takes seconds, so each director gets one
// long-lived agent that runs OUR ipvsadm in-process (the run() export of
// dist/bundle/ipvsadm.cjs, the code bin/ipvsadm.js runs) and Debian's
// /usr/sbin/ipvsadm as a child, both in this namespace, back to back.
//
// Protocol: one JSON request per line on stdin, one JSON answer per line on
// stdout, in order. Requests:
//   {op:'ours', args, stdin?}       our ipvsadm
//   {op:'debian', args}             Debian's ipvsadm
//   {op:'pair', args, first}        both, `first` ('ours'|'debian') first
//   {op:'sh', script}               /bin/sh -c script (bounded: 140 s)
//   {op:'read', path}               a file's text (or null)

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const repoRoot = process.argv[2];
const require = createRequire(import.meta.url);
const bundle = require(join(repoRoot, 'dist', 'bundle', 'ipvsadm.cjs'));
const DEBIAN_IPVSADM = '/usr/sbin/ipvsadm';
const ENV = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  HOME: '/root',
  LANG: 'C',
  ...(process.env.GLIBC_TUNABLES ? { GLIBC_TUNABLES: process.env.GLIBC_TUNABLES } : {}),
};

function readConnFile() {
  try {
    return readFileSync('/proc/net/ip_vs_conn', 'utf8');
  } catch {
    return null;
  }
}

function ours(args, stdin) {
  let out = '';
  let err = '';
  const io = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    readStdin: () => stdin ?? '',
    readConnFile,
    env: Object.freeze({ ...ENV }),
  };
  const r = { stdout: '', stderr: '', status: null };
  try {
    r.status = bundle.run('ipvsadm', [...args], io);
  } catch (e) {
    r.error = e && e.stack ? e.stack : String(e);
  }
  r.stdout = out;
  r.stderr = err;
  return r;
}

function debian(args) {
  const r = spawnSync(DEBIAN_IPVSADM, args, { argv0: 'ipvsadm', env: ENV, encoding: 'utf8', timeout: 30_000 });
  return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', status: r.status, ...(r.error ? { error: String(r.error) } : {}) };
}

function sh(script) {
  const r = spawnSync('/bin/sh', ['-c', script], { env: ENV, encoding: 'utf8', timeout: 140_000 });
  return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', status: r.status };
}

function handle(req) {
  switch (req.op) {
    case 'ours':
      return ours(req.args, req.stdin);
    case 'debian':
      return debian(req.args);
    case 'pair':
      if (req.first === 'debian') {
        const d = debian(req.args);
        return { debian: d, ours: ours(req.args) };
      } else {
        const o = ours(req.args);
        return { ours: o, debian: debian(req.args) };
      }
    case 'sh':
      return sh(req.script);
    case 'read':
      try {
        return { text: readFileSync(req.path, 'utf8') };
      } catch (e) {
        return { text: null, error: String(e) };
      }
    default:
      return { error: `unknown op ${req.op}` };
  }
}

const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  let answer;
  try {
    answer = handle(JSON.parse(line));
  } catch (e) {
    answer = { error: e && e.stack ? e.stack : String(e) };
  }
  process.stdout.write(JSON.stringify(answer) + '\n');
});
rl.on('close', () => process.exit(0));
process.stdout.write(JSON.stringify({ ready: true, pid: process.pid }) + '\n');
