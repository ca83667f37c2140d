// Annotated hex for golden tests: each array element is one field, written
// as hex with optional spaces; SEQ and PID placeholders stand for the
// little-endian sequence number and port id.
import { fromHex } from '../../../src/netlink/bytes.js';

function le32(v: number): string {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v, true);
  return Buffer.from(b).toString('hex');
}

export function hexBytes(fields: readonly string[], seq = 0, pid = 0): Uint8Array {
  return fromHex(fields.join('').replace(/SEQ/g, le32(seq)).replace(/PID/g, le32(pid)));
}
