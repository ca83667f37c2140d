// docs/ipvsadm-json.schema.json: it compiles (ajv, draft 2020-12, strict),
// names the schema string the code prints, lists every member as required,
// accepts docs/json.md's examples, and refuses what it must (the /1 shape,
// a missing or unlisted member, a number where a decimal string belongs).
// Every document json.test.ts produces is checked against it there.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMA, prefixLength } from '../../../src/format/json.js';
import { loadSchema, objectNodes, schemaErrors, SCHEMA_PATH } from '../helpers/json-schema.js';

const docsDir = join(SCHEMA_PATH, '..');
const pkg = JSON.parse(readFileSync(join(docsDir, '..', 'package.json'), 'utf8')) as { files: string[]; exports: Record<string, unknown> };

/** The complete JSON documents in docs/json.md's ```json blocks. */
function mdExamples(): unknown[] {
  const md = readFileSync(join(docsDir, 'json.md'), 'utf8');
  return [...md.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!) as unknown);
}

const service = {
  af: 'inet', protocol: 'tcp', address: '10.0.0.1', port: 80, fwmark: null, scheduler: 'rr', schedFlags: [],
  persistent: true, persistenceTimeout: 300, netmask: 24, netmaskDotted: '255.255.255.0', pe: null, onePacket: false,
  stats: { conns: '1', inpkts: '2', outpkts: '3', inbytes: '4', outbytes: '5' },
  rate: { cps: '0', inpps: '0', outpps: '0', inbps: '0', outbps: '0' },
  dests: [],
};
const doc = (svc: Record<string, unknown>) => ({ schema: JSON_SCHEMA, kind: 'services', ipvs: { version: '1.2.1', connTableSize: 4096 }, services: [svc] });

describe('docs/ipvsadm-json.schema.json', () => {
  it('is the schema of JSON_SCHEMA and ships in the package', () => {
    const s = loadSchema() as { properties: { schema: { const: string } }; $defs: Record<string, { properties?: { schema?: { const: string } } }> };
    expect(JSON_SCHEMA).toBe('ipvsadm-json/2');
    expect(s.properties.schema.const).toBe(JSON_SCHEMA);
    for (const [name, d] of Object.entries(s.$defs)) if (d.properties?.schema) expect(d.properties.schema.const, name).toBe(JSON_SCHEMA);
    expect(pkg.files).toContain('docs');
    expect(pkg.exports['./ipvsadm-json.schema.json']).toBe('./docs/ipvsadm-json.schema.json');
  });

  it('lists every member of every object as required (members are always present)', () => {
    const nodes = objectNodes(loadSchema());
    expect(nodes.length).toBeGreaterThanOrEqual(12);
    for (const o of nodes) expect([...(o['required'] as string[])].sort()).toEqual(Object.keys(o['properties'] as object).sort());
  });

  it("accepts every example of docs/json.md", () => {
    const ex = mdExamples();
    expect(ex.map((d) => (d as { kind: string }).kind)).toEqual(['services', 'connections', 'timeouts', 'daemons']);
    for (const d of ex) expect(schemaErrors(d)).toBe('');
  });

  it('accepts a valid service, and a non-contiguous inet mask as netmask null', () => {
    expect(schemaErrors(doc(service))).toBe('');
    expect(schemaErrors(doc({ ...service, netmask: null, netmaskDotted: '255.0.255.0' }))).toBe('');
    expect(schemaErrors(doc({ ...service, af: 'inet6', address: '2001:db8::1', netmask: 64, netmaskDotted: null }))).toBe('');
  });

  it('refuses what it must', () => {
    const bad: Array<[string, unknown]> = [
      ['schema /1', { ...doc(service), schema: 'ipvsadm-json/1' }],
      ['dotted netmask (the /1 shape)', doc({ ...service, netmask: '255.255.255.0' })],
      ['inet prefix above 32', doc({ ...service, netmask: 33 })],
      ['inet6 with netmaskDotted', doc({ ...service, af: 'inet6', address: '2001:db8::1', netmask: 64 })],
      ['not persistent but a netmask', doc({ ...service, persistent: false, persistenceTimeout: null })],
      ['counter as a number', doc({ ...service, stats: { ...service.stats, conns: 1 } })],
      ['missing member', doc(Object.fromEntries(Object.entries(service).filter(([k]) => k !== 'onePacket')))],
      ['fwmark service with an address', doc({ ...service, fwmark: 7 })],
      ['IPv6 not in RFC 5952 form', doc({ ...service, af: 'inet6', address: '2001:DB8:0::1', netmask: 64, netmaskDotted: null })],
      ['unknown kind', { schema: JSON_SCHEMA, kind: 'other' }],
    ];
    for (const [what, d] of bad) expect(schemaErrors(d, true), what).not.toBe('');
    // the raw flags member of /1 is an unlisted member: refused by the closed form only
    const withFlags = doc({ ...service, flags: 3 });
    expect(schemaErrors(withFlags, true)).toBe('');
    expect(schemaErrors(withFlags)).toMatch(/additional properties/);
  });
});

describe('prefixLength', () => {
  it('counts the one bits of a contiguous IPv4 mask, null otherwise', () => {
    expect(prefixLength(0xffffffff)).toBe(32);
    expect(prefixLength(0xffffff00)).toBe(24);
    expect(prefixLength(0x80000000)).toBe(1);
    expect(prefixLength(0)).toBe(0);
    expect(prefixLength(0xff00ff00)).toBeNull();
    expect(prefixLength(0x00ffffff)).toBeNull();
    expect(prefixLength(1)).toBeNull();
    for (let n = 0; n <= 32; n++) expect(prefixLength(n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0)).toBe(n);
  });
});
