// A table-backed Names for the CLI tests (a tiny /etc/hosts + /etc/services).

import type { Names, ProtoName } from '../../../src/common/names.js';

const HOSTS: Record<string, readonly number[]> = { localhost: [127, 0, 0, 1] };

const SERVICES: readonly (readonly [string, number, readonly ProtoName[]])[] = [
  ['http', 80, ['tcp']],
  ['www', 80, ['tcp']],
  ['domain', 53, ['tcp', 'udp']],
  ['https', 443, ['tcp', 'udp']],
  ['telnet', 23, ['tcp']],
];

export const tableNames: Names = {
  hostByAddr: () => null,
  serviceByPort: (port, proto) => SERVICES.find(([, p, protos]) => p === port && protos.includes(proto))?.[0] ?? null,
  addrByHost: (name) => {
    const a = Object.prototype.hasOwnProperty.call(HOSTS, name) ? HOSTS[name] : undefined;
    return a === undefined ? null : Uint8Array.from(a);
  },
  portByService: (name, proto) => SERVICES.find(([n, , protos]) => n === name && protos.includes(proto))?.[1] ?? null,
};
