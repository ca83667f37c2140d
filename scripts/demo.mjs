// npm run demo: the first lab on real kernel IPVS. Uses user-mode Linux
// (Linux 6.1 with IPVS, Debian's user-mode-linux package) so it never
// touches the host's own IPVS table; every command runs through this
// project's ipvsadm, and each listing is compared with Debian's ipvsadm on
// the same live state.

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

const pre = ensureUmlPrerequisites();
console.log(`Booting Linux ${pre.version} (user-mode Linux) with IPVS...`);
const r = await bootUml({ payload, inputs: { 'steps.txt': `${steps.join('\n')}\n` }, timeoutMs: 240_000 });
process.stdout.write(r.stdout);
if (r.stderr) process.stderr.write(r.stderr);
process.exitCode = r.status;
