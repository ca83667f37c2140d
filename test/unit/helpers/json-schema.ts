// The JSON Schema of `--json` (docs/ipvsadm-json.schema.json) compiled with
// ajv (draft 2020-12, strict mode), in two forms: as shipped (open: later
// releases may add members) and closed (every object of the schema refuses
// members it does not list), which is what our own documents must meet so
// that a member added to src/format/json.ts without the schema fails a test.

import { readFileSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';
import { join, resolve } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { inetNtop, inetPton6 } from '../../../src/common/inet.js';
import { AF_INET6 } from '../../../src/ipvs/types.js';

export const SCHEMA_PATH = join(resolve(import.meta.dirname, '..', '..', '..'), 'docs', 'ipvsadm-json.schema.json');

type Node = Record<string, unknown>;

export function loadSchema(): Node {
  return JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Node;
}

/** Every `type: "object"` node with `properties`, below the root. */
export function objectNodes(schema: Node): Node[] {
  const out: Node[] = [];
  const walk = (n: unknown, root: boolean): void => {
    if (Array.isArray(n)) return n.forEach((x) => walk(x, false));
    if (n === null || typeof n !== 'object') return;
    const o = n as Node;
    if (!root && o['type'] === 'object' && o['properties']) out.push(o);
    for (const v of Object.values(o)) walk(v, false);
  };
  walk(schema, true);
  return out;
}

/** A copy of the schema whose object nodes refuse unlisted members. */
export function closedSchema(schema: Node): Node {
  const copy = structuredClone(schema);
  for (const o of objectNodes(copy)) o['additionalProperties'] = false;
  copy['$id'] = `${String(copy['$id'])}:closed`;
  return copy;
}

/** An IPv6 address in the RFC 5952 form inet_ntop() gives. */
const ipv6Canonical = (s: string): boolean => {
  if (!isIPv6(s)) return false;
  const b = inetPton6(s);
  return b !== null && inetNtop(AF_INET6, b) === s;
};

function compile(schema: Node): ValidateFunction {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  ajv.addFormat('ipv4', (s: string) => isIPv4(s));
  ajv.addFormat('ipv6', ipv6Canonical);
  return ajv.compile(schema);
}

const open = compile(loadSchema());
const closed = compile(closedSchema(loadSchema()));

/** ajv's errors as text, '' when `doc` validates (closed unless `asShipped`). */
export function schemaErrors(doc: unknown, asShipped = false): string {
  const v = asShipped ? open : closed;
  if (v(doc)) return '';
  return (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('\n');
}
