// npm run demo: the first lab on real kernel IPVS. On a host whose kernel
// has IPVS (and as root) it runs in a new network namespace there, so the
// host's own table is never touched; otherwise it boots Linux 6.1 as
// user-mode Linux (Debian's user-mode-linux package). Every command runs
// through this project's ipvsadm, and each listing is compared with
// Debian's ipvsadm on the same live state.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureUmlPrerequisites, bootUml, repoRoot } from '../dist/test/kernel/uml.js';

const VIP = '192.168.10.13:80';
const steps = [
  `-A -t ${VIP} -s rr`,
  `-a -t ${VIP} -r 192.168.100.14 -m`,
  `-a -t ${VIP} -r 192.168.100.15 -m`,
  '-Ln',
  `-e -t ${VIP} -r 192.168.100.14 -m -w 2`,
  `-e -t ${VIP} -r 192.168.100.15 -m -w 3`,
  `-E -t ${VIP} -s wrr`,
  '-Ln',
  '-A -u 192.168.10.13:53 -s sh -b sh-port -o',
  '-a -u 192.168.10.13:53 -r 192.168.100.14 -m',
  '-A -f 6 -s rr -p 300',
  '-a -f 6 -r 192.168.100.15 -g',
  '-Ln --persistent-conn',
  '-Sn',
  `-d -t ${VIP} -r 192.168.100.15`,
  `-A -t ${VIP}`,
  '-Ln',
];

const payload = `
mkdir -p "$W/bin"
ln -s ${repoRoot}/bin/ipvsadm.js "$W/bin/ipvsadm"
export PATH="$W/bin:$PATH"
same=0; differ=0
while IFS= read -r cmd; do
  printf '\\n# ipvsadm %s\\n' "$cmd"
  ipvsadm $cmd >"$W/ours.out" 2>"$W/ours.err"; st=$?
  cat "$W/ours.out" "$W/ours.err"
  [ "$st" = 0 ] || echo "(exit status $st)"
  case "$cmd" in -L*|-S*)
    /usr/sbin/ipvsadm $cmd >"$W/deb.out" 2>"$W/deb.err"
    if cmp -s "$W/ours.out" "$W/deb.out" && cmp -s "$W/ours.err" "$W/deb.err"; then
      echo "  [identical to Debian's ipvsadm 1.31]"; same=$((same+1))
    else
      echo "  [DIFFERS from Debian's ipvsadm:]"; diff "$W/deb.out" "$W/ours.out"; differ=$((differ+1))
    fi;;
  esac
done < "$W/steps.txt"
printf '\\n%s listings identical to Debian ipvsadm, %s different\\n' "$same" "$differ"
[ "$differ" = 0 ]
`;

function hostHasIpvs() {
  return process.getuid?.() === 0 && existsSync('/proc/net/ip_vs') && existsSync('/usr/sbin/ipvsadm') &&
    spawnSync('unshare', ['-n', 'true']).status === 0;
}

if (hostHasIpvs()) {
  console.log('This kernel has IPVS: running in a new network namespace on the host...');
  const W = mkdtempSync(join(tmpdir(), 'ipvsadm-demo-'));
  writeFileSync(join(W, 'steps.txt'), `${steps.join('\n')}\n`);
  const r = spawnSync('unshare', ['-n', 'sh', '-c', payload], { env: { ...process.env, W }, stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const pre = ensureUmlPrerequisites();
console.log(`Booting Linux ${pre.version} (user-mode Linux) with IPVS...`);
const r = await bootUml({ payload, inputs: { 'steps.txt': `${steps.join('\n')}\n` }, timeoutMs: 240_000 });
process.stdout.write(r.stdout);
if (r.stderr) process.stderr.write(r.stderr);
process.exitCode = r.status;
