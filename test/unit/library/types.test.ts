// The published types (package.json "types", dist/src/index.d.ts) as a
// TypeScript user meets them: a consumer importing 'ipvsadm-ts' compiles
// under strict with skipLibCheck false and no ambient @types (types: []),
// so the declarations need no @types/node and have no error of their own.
// Needs `npm run build` first (the declarations are its output).

import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'dts-consumer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Uses the main types the way a user would; every line must type-check. */
const CONSUMER = `
import {
  openIpvs, makeService, makeDest, sortDests, sortServices, formatAddress, parseAddress,
  IpvsClient, IpvsError, FWD, AF_INET, IPPROTO_TCP, getConnections, readConnections,
  type Connection, type ConnEndpoint, type IpvsApi, type IpvsErrorCode, type Service, type ServiceEntry, type Dest, type DestEntry,
  type Stats, type Timeouts, type Transport,
} from 'ipvsadm-ts';

declare function report(...values: unknown[]): void;

function describeError(e: unknown): string {
  if (!(e instanceof IpvsError)) return String(e);
  const code: IpvsErrorCode = e.code;
  switch (e.code) {
    case 'EEXIST':
      return \`exists: \${e.message} (\${e.op}, errno \${e.errno})\`;
    case 'ESRCH':
    case 'ENOENT':
      return \`missing: \${e.message}\`;
    case 'UNKNOWN':
      return \`errno \${e.errno}\${e.detail === undefined ? '' : \`: \${e.detail}\`}\`;
    default:
      return \`\${code}: \${e.message}\`;
  }
}

const ipvs: IpvsClient = openIpvs({ timeoutMs: 5000 });
const api: IpvsApi = ipvs;
try {
  const svc: Service = makeService({ address: '192.0.2.10', port: 80, scheduler: 'rr', protocol: IPPROTO_TCP });
  const dest: Dest = makeDest({ address: '198.51.100.1', port: 8080, forward: FWD.MASQ, weight: 2 });
  api.addService(svc);
  api.addDest(svc, dest);
  const services: ServiceEntry[] = sortServices(api.getServices());
  for (const s of services) {
    const stats: Stats = s.stats;
    const conns: bigint = stats.conns;
    const dests: DestEntry[] = sortDests(api.getDests(s));
    for (const d of dests) report(formatAddress(d.af, d.addr), d.port, d.weight, d.activeConns, conns);
  }
  const t: Timeouts = api.getTimeouts();
  api.setTimeouts({ ...t, tcp: 900 });
  const { af, addr } = parseAddress('2001:db8::1');
  const isV4: boolean = af === AF_INET;
  const bytes: Uint8Array = addr;
  report(isV4, bytes.length, api.getInfo().version);
  api.delService(svc);
} catch (e) {
  report(describeError(e));
} finally {
  ipvs.close();
}

const conns: Connection[] = [...getConnections(), ...readConnections('')];
for (const c of conns) {
  const real: ConnEndpoint = c.dest;
  const pe: string = c.pe === null ? '-' : \`\${c.pe.name} \${c.pe.data}\`;
  report(c.protocolName, c.protocol === IPPROTO_TCP, formatAddress(c.client.af, c.client.addr), c.virtual.port, real.port, c.state, c.expires, pe);
}

const fake: Transport = {
  portId: 1,
  send(_datagram: Uint8Array): void {},
  receive(): Uint8Array {
    return new Uint8Array(0);
  },
  close(): void {},
};
new IpvsClient(fake).close();
`;

describe('the published .d.ts files', () => {
  it("compile in a strict consumer with skipLibCheck false and types: []", () => {
    const index = join(repo, 'dist', 'src', 'index.d.ts');
    if (!existsSync(index)) throw new Error('dist/src/index.d.ts is missing: run `npm run build` first');
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(repo, join(dir, 'node_modules', 'ipvsadm-ts'), 'dir');
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    const file = join(dir, 'consumer.ts');
    writeFileSync(file, CONSUMER);
    const program = ts.createProgram([file], {
      strict: true,
      skipLibCheck: false,
      types: [],
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2022.d.ts'],
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      const name = d.file ? d.file.fileName.replace(`${repo}/`, '') : '';
      return `${name}${where ? `:${where.line + 1}:${where.character + 1}` : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(diagnostics).toEqual([]);
    // It is the published declarations that were checked, without @types/node.
    const files = program.getSourceFiles().map((f) => f.fileName);
    expect(files.some((f) => f.endsWith('/dist/src/index.d.ts'))).toBe(true);
    expect(files.filter((f) => f.includes('@types/node'))).toEqual([]);
  });
});
