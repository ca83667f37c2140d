// struct genlmsghdr (linux/genetlink.h) and the generic netlink controller
// request used to resolve a family name (genl_ctrl_resolve in libnl).

import { GENL_HDRLEN } from './align.js';
import { AttrTable } from './attr-reader.js';
import { AttrWriter } from './attr-writer.js';
import { readU8 } from './bytes.js';
import { DecodeError } from './errors.js';

/** GENL_ID_CTRL: nlmsg type of the controller */
export const GENL_ID_CTRL = 0x10;

/** enum CTRL_CMD_* (linux/genetlink.h) */
export const CTRL_CMD = { UNSPEC: 0, NEWFAMILY: 1, DELFAMILY: 2, GETFAMILY: 3 } as const;

/** enum CTRL_ATTR_* (linux/genetlink.h) */
export const CTRL_ATTR = {
  UNSPEC: 0,
  FAMILY_ID: 1,
  FAMILY_NAME: 2,
  VERSION: 3,
  HDRSIZE: 4,
  MAXATTR: 5,
  OPS: 6,
  MCAST_GROUPS: 7,
} as const;

export interface GenlMessage {
  readonly cmd: number;
  readonly version: number;
  /** The attribute area after the 4-byte genl header. */
  readonly attrs: Uint8Array;
}

/** genlmsg_put: cmd, version, reserved 0, followed by attributes. */
export function encodeGenl(cmd: number, version: number, attrs: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(GENL_HDRLEN + attrs.length);
  out[0] = cmd;
  out[1] = version;
  out.set(attrs, GENL_HDRLEN);
  return out;
}

/** Splits a generic netlink payload into its header fields and attribute area. */
export function parseGenl(payload: Uint8Array): GenlMessage {
  return { cmd: readU8(payload, 0), version: readU8(payload, 1), attrs: payload.subarray(genlAttrStart(payload)) };
}

/**
 * Where the attributes of a generic netlink payload start (parseGenl's
 * check, without making a view of them): decoders take (payload, start).
 */
export function genlAttrStart(payload: Uint8Array): number {
  return genlAttrsAt(payload, 0, payload.length);
}

/** genlAttrStart() of a payload that is [at, end) of a datagram: where its attributes start. */
export function genlAttrsAt(buf: Uint8Array, at: number, end: number): number {
  if (end - at < GENL_HDRLEN) {
    throw new DecodeError(['genlmsghdr'], `want ${GENL_HDRLEN} bytes, got ${end - at}`);
  }
  return at + GENL_HDRLEN;
}

/** CTRL_CMD_GETFAMILY with CTRL_ATTR_FAMILY_NAME (genl_ctrl_probe_by_name in libnl). */
export function encodeGetFamily(name: string): Uint8Array {
  const w = new AttrWriter().str(CTRL_ATTR.FAMILY_NAME, name);
  return encodeGenl(CTRL_CMD.GETFAMILY, 1, w.finish());
}

const ctrlNames: Record<number, string> = {
  1: 'CTRL_ATTR_FAMILY_ID',
  2: 'CTRL_ATTR_FAMILY_NAME',
  3: 'CTRL_ATTR_VERSION',
};

/** The family id (CTRL_ATTR_FAMILY_ID, u16) of a CTRL_CMD_NEWFAMILY reply payload. */
export function decodeFamilyId(payload: Uint8Array): number {
  const t = new AttrTable(parseGenl(payload).attrs, ['ctrl'], (n) => ctrlNames[n] ?? `CTRL_ATTR ${n}`);
  return t.u16(CTRL_ATTR.FAMILY_ID);
}
