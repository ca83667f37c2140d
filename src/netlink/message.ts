// struct nlmsghdr encode/parse, datagram splitting, and struct nlmsgerr
// (linux/netlink.h), tolerant of extended-ack TLVs.

import { NLMSG_HDRLEN, nlmsgAlign } from './align.js';
import { readS32, readU16, readU32, writeU16, writeU32 } from './bytes.js';
import { iterAttrs } from './attr-reader.js';
import { DecodeError } from './errors.js';

/** NLMSG_* message types */
export const NLMSG = { NOOP: 1, ERROR: 2, DONE: 3, OVERRUN: 4 } as const;

/** NLM_F_* header flags */
export const NLM_F = {
  REQUEST: 0x1,
  MULTI: 0x2,
  ACK: 0x4,
  ECHO: 0x8,
  DUMP_INTR: 0x10,
  DUMP_FILTERED: 0x20,
  ROOT: 0x100,
  MATCH: 0x200,
  DUMP: 0x300,
  /** on NLMSG_ERROR: the request payload is not echoed */
  CAPPED: 0x100,
  /** on NLMSG_ERROR / NLMSG_DONE: ext-ack TLVs follow */
  ACK_TLVS: 0x200,
} as const;

/** enum nlmsgerr_attrs */
export const NLMSGERR_ATTR = { MSG: 1, OFFS: 2, COOKIE: 3 } as const;

export interface MessageHeader {
  readonly type: number;
  readonly flags: number;
  readonly seq: number;
  readonly pid: number;
}

export interface Message extends MessageHeader {
  /** Everything after the 16-byte header, up to nlmsg_len. */
  readonly payload: Uint8Array;
}

/** nlmsg_alloc + nlmsg_put + append: one message, len filled in. */
export function encodeMessage(h: MessageHeader, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(nlmsgAlign(NLMSG_HDRLEN + payload.length));
  putMessage(out, 0, h, payload);
  return out;
}

/**
 * Writes one message at `off` of a datagram being built (which must have
 * room and be zero where the alignment padding goes); returns the offset
 * of the next message.
 */
export function putMessage(out: Uint8Array, off: number, h: MessageHeader, payload: Uint8Array): number {
  const len = NLMSG_HDRLEN + payload.length;
  writeU32(out, off, len);
  writeU16(out, off + 4, h.type);
  writeU16(out, off + 6, h.flags);
  writeU32(out, off + 8, h.seq);
  writeU32(out, off + 12, h.pid);
  out.set(payload, off + NLMSG_HDRLEN);
  return off + nlmsgAlign(len);
}

/** nlmsg_ok / nlmsg_next over one datagram: a truncated header or a bad nlmsg_len is a DecodeError. */
export function checkDatagram(datagram: Uint8Array): void {
  let off = 0;
  while (off < datagram.length) {
    if (datagram.length - off < NLMSG_HDRLEN) {
      throw new DecodeError(['nlmsghdr'], `truncated header: ${datagram.length - off} bytes left`);
    }
    const len = readU32(datagram, off);
    if (len < NLMSG_HDRLEN || off + len > datagram.length) {
      throw new DecodeError(['nlmsghdr'], `bad nlmsg_len ${len} with ${datagram.length - off} bytes left`);
    }
    off += nlmsgAlign(len);
  }
}

/** The messages of one datagram (checkDatagram() first: a truncated message is an error). */
export function parseMessages(datagram: Uint8Array): Message[] {
  checkDatagram(datagram);
  const out: Message[] = [];
  for (let off = 0; off < datagram.length; ) {
    const len = readU32(datagram, off);
    out.push({
      type: readU16(datagram, off + 4),
      flags: readU16(datagram, off + 6),
      seq: readU32(datagram, off + 8),
      pid: readU32(datagram, off + 12),
      payload: datagram.subarray(off + NLMSG_HDRLEN, off + len),
    });
    off += nlmsgAlign(len);
  }
  return out;
}

export interface ErrorInfo {
  /** Positive errno; 0 for an ACK. */
  readonly errno: number;
  /** NLMSGERR_ATTR_MSG when the kernel sent extended ack TLVs. */
  readonly extAckMsg?: string;
}

/** Decodes struct nlmsgerr (NLMSG_ERROR payload), skipping the echoed request. */
export function parseError(msg: Message): ErrorInfo {
  const p = msg.payload;
  if (p.length < 4) throw new DecodeError(['nlmsgerr'], `want 4 bytes, got ${p.length}`);
  const errno = -readS32(p, 0) | 0;
  if ((msg.flags & NLM_F.ACK_TLVS) === 0 || p.length < 4 + NLMSG_HDRLEN) return { errno };
  // The echoed request: its header only (CAPPED) or header + payload.
  const echoed = (msg.flags & NLM_F.CAPPED) !== 0 ? NLMSG_HDRLEN : readU32(p, 4);
  const tlvStart = 4 + nlmsgAlign(Math.max(echoed, NLMSG_HDRLEN));
  return withExtAck(errno, p.subarray(Math.min(tlvStart, p.length)));
}

/** NLMSG_DONE payload: int error (0 or -errno), then optional ext-ack TLVs. */
export function parseDone(msg: Message): ErrorInfo {
  const p = msg.payload;
  if (p.length < 4) return { errno: 0 };
  const errno = -readS32(p, 0) | 0;
  return (msg.flags & NLM_F.ACK_TLVS) !== 0 ? withExtAck(errno, p.subarray(4)) : { errno };
}

function withExtAck(errno: number, tlvs: Uint8Array): ErrorInfo {
  for (const a of iterAttrs(tlvs)) {
    if (a.type === NLMSGERR_ATTR.MSG) {
      const nul = a.data.indexOf(0);
      return { errno, extAckMsg: new TextDecoder().decode(nul < 0 ? a.data : a.data.subarray(0, nul)) };
    }
  }
  return { errno };
}
