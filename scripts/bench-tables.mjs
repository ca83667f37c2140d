// The -R inputs the benches load: `services` TCP services (-s wlc), each
// with `dests` masquerading servers of weights 1 to 7, addresses in 10.NET.
export function table(services, dests, net) {
  const lines = [];
  for (let s = 0; s < services; s++) {
    const vip = `10.${net}.${s >> 8}.${s & 255}:80`;
    lines.push(`-A -t ${vip} -s wlc`);
    for (let d = 0; d < dests; d++) {
      const n = s * dests + d;
      lines.push(`-a -t ${vip} -r 172.${16 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}:8080 -m -w ${1 + (d % 7)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
