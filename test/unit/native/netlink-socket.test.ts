// The one native test: real libc through koffi on this host.
import { describe, expect, it } from 'vitest';
import { NetlinkSocket } from '../../../native-bindings/netlink-socket.js';
import { libcNames, libcStrerror } from '../../../native-bindings/names.js';
import { Conn } from '../../../src/netlink/conn.js';
import { CTRL_ATTR, decodeFamilyId, encodeGetFamily, GENL_ID_CTRL } from '../../../src/netlink/genl.js';
import { AttrTable } from '../../../src/netlink/attr-reader.js';
import { NLM_F } from '../../../src/netlink/message.js';
import { NetlinkError } from '../../../src/netlink/errors.js';

describe('NetlinkSocket (real kernel)', () => {
  it('resolves the nlctrl family (id 0x10) and reads the ACK', () => {
    const sock = new NetlinkSocket({ timeoutMs: 2000 });
    try {
      expect(sock.portId).toBeGreaterThan(0);
      const conn = new Conn(sock);
      const msgs = conn.request(GENL_ID_CTRL, NLM_F.REQUEST | NLM_F.ACK, encodeGetFamily('nlctrl'));
      expect(msgs).toHaveLength(1);
      expect(decodeFamilyId((msgs[0] as { payload: Uint8Array }).payload)).toBe(0x10);
      // the same socket answers a second request (no stale ACK left behind)
      expect(() => conn.request(GENL_ID_CTRL, NLM_F.REQUEST | NLM_F.ACK, encodeGetFamily('no-such-family-x'))).toThrow(
        NetlinkError,
      );
      const again = conn.request(GENL_ID_CTRL, NLM_F.REQUEST | NLM_F.ACK, encodeGetFamily('nlctrl'));
      expect(again).toHaveLength(1);
    } finally {
      sock.close();
    }
  });

  it('hands out every datagram of a dump, in order, when one recvmmsg takes several', () => {
    const sock = new NetlinkSocket({ timeoutMs: 2000 });
    try {
      const conn = new Conn(sock);
      // CTRL_CMD_GETFAMILY as a dump: every family, then NLMSG_DONE.
      const names = (): string[] =>
        conn.dump(GENL_ID_CTRL, encodeGetFamily('').subarray(0, 4)).map((m) => {
          const t = new AttrTable(m.payload, [], undefined, 4);
          return t.str(CTRL_ATTR.FAMILY_NAME);
        });
      const first = names();
      expect(first).toContain('nlctrl');
      expect(new Set(first).size).toBe(first.length);
      // The same again on the same socket: nothing left over from the first.
      expect(names()).toEqual(first);
      const again = conn.request(GENL_ID_CTRL, NLM_F.REQUEST | NLM_F.ACK, encodeGetFamily('nlctrl'));
      expect(decodeFamilyId((again[0] as { payload: Uint8Array }).payload)).toBe(0x10);
    } finally {
      sock.close();
    }
  });

  it('libc strerror and names', () => {
    expect(libcStrerror(3)).toBe('No such process');
    expect(libcStrerror(2)).toBe('No such file or directory');
    const names = libcNames();
    expect(names.serviceByPort(80, 'tcp')).toBe('http');
    expect(names.portByService('http', 'tcp')).toBe(80);
    expect(names.serviceByPort(1, 'sctp')).toBeNull();
    expect(names.addrByHost('127.0.0.1')).toEqual(new Uint8Array([127, 0, 0, 1]));
    expect(typeof names.hostByAddr(2, new Uint8Array([127, 0, 0, 1]))).toBe('string');
  });
});
