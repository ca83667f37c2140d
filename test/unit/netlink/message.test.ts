import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../src/netlink/errors.js';
import { decodeFamilyId, encodeGetFamily, GENL_ID_CTRL } from '../../../src/netlink/genl.js';
import { encodeMessage, NLM_F, parseDone, parseError, parseMessages } from '../../../src/netlink/message.js';
import { hexBytes } from '../helpers/hex.js';

describe('nlmsghdr', () => {
  it('encodes the CTRL_CMD_GETFAMILY request for IPVS (spec §3)', () => {
    const got = encodeMessage({ type: GENL_ID_CTRL, flags: NLM_F.REQUEST | NLM_F.ACK, seq: 7, pid: 99 }, encodeGetFamily('IPVS'));
    expect(got).toEqual(
      hexBytes(
        [
          '20000000', // nlmsg_len 32
          '1000', // type GENL_ID_CTRL
          '0500', // flags REQUEST|ACK
          'SEQ', // seq
          'PID', // port id
          '03 01 0000', // CTRL_CMD_GETFAMILY, version 1
          '0900 0200 49505653 00 000000', // CTRL_ATTR_FAMILY_NAME "IPVS\0" + 3 pad
        ],
        7,
        99,
      ),
    );
  });

  it('splits a datagram into messages', () => {
    const a = encodeMessage({ type: 0x25, flags: 2, seq: 1, pid: 5 }, new Uint8Array([1, 2, 3]));
    const b = encodeMessage({ type: 3, flags: 2, seq: 1, pid: 5 }, new Uint8Array(4));
    const msgs = parseMessages(Buffer.concat([a, b]));
    expect(msgs.map((m) => [m.type, m.flags, m.seq, m.pid, m.payload.length])).toEqual([
      [0x25, 2, 1, 5, 3],
      [3, 2, 1, 5, 4],
    ]);
  });

  it('rejects truncated messages', () => {
    expect(() => parseMessages(new Uint8Array(10))).toThrow(DecodeError);
    expect(() => parseMessages(hexBytes(['40000000 0200 0000 00000000 00000000']))).toThrow(/bad nlmsg_len/);
  });
});

describe('nlmsgerr', () => {
  const err = (flags: number, fields: string[]) => parseError({ type: 2, flags, seq: 1, pid: 0, payload: hexBytes(fields) });

  it('ACK and -errno', () => {
    expect(err(0x100, ['00000000', '14000000 2500 0500 01000000 00000000'])).toEqual({ errno: 0 });
    expect(err(0, ['fdffffff', '14000000 2500 0500 01000000 00000000'])).toEqual({ errno: 3 });
  });

  it('reads the ext-ack message after a capped or full echo', () => {
    const tlv = '1000 0100 6261642061747472 00 000000'; // NLMSGERR_ATTR_MSG "bad attr"
    expect(err(0x300, ['eaffffff', '18000000 2500 0500 01000000 00000000', tlv])).toEqual({ errno: 22, extAckMsg: 'bad attr' });
    expect(err(0x200, ['eaffffff', '14000000 2500 0500 01000000 00000000', '0f010000', tlv])).toEqual({
      errno: 22,
      extAckMsg: 'bad attr',
    });
  });

  it('NLMSG_DONE carries an int error', () => {
    expect(parseDone({ type: 3, flags: 2, seq: 1, pid: 0, payload: hexBytes(['00000000']) })).toEqual({ errno: 0 });
    expect(parseDone({ type: 3, flags: 2, seq: 1, pid: 0, payload: hexBytes(['f9ffffff']) })).toEqual({ errno: 7 });
  });
});

describe('genl controller', () => {
  it('decodes CTRL_ATTR_FAMILY_ID from a NEWFAMILY reply', () => {
    const payload = hexBytes([
      '01 02 0000', // CTRL_CMD_NEWFAMILY, version 2
      '0900 0200 49505653 00 000000', // FAMILY_NAME "IPVS"
      '0600 0100 2500 0000', // FAMILY_ID 0x25
      '0800 0300 01000000', // VERSION 1
    ]);
    expect(decodeFamilyId(payload)).toBe(0x25);
    expect(() => decodeFamilyId(hexBytes(['01 02 0000']))).toThrow(/CTRL_ATTR_FAMILY_ID: missing/);
  });
});
