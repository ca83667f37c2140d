// getConnections(): the file read, then the -c listing's parser.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatAddress, getConnections } from '../../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'conn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('getConnections', () => {
  it('reads the given file (the kernel\'s format) and returns its entries', () => {
    const file = join(dir, 'ip_vs_conn');
    writeFileSync(
      file,
      'Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n' +
        'TCP 0A000102 CA2C 0A000101 0050 0A000202 0050 TIME_WAIT        92\n',
    );
    const [c, ...rest] = getConnections(file);
    expect(rest).toEqual([]);
    expect([formatAddress(c!.client.af, c!.client.addr), c!.client.port, c!.state, c!.expires]).toEqual(['10.0.1.2', 0xca2c, 'TIME_WAIT', 92]);
  });

  it("a file that cannot be read: node's error", () => {
    expect(() => getConnections(join(dir, 'missing'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
