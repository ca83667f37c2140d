// Names and strerror backed by glibc (byte-identical to what ipvsadm 1.31
// prints): gethostbyaddr, getservbyport, gethostbyname, getservbyname.

import type { Names, ProtoName } from '../src/common/names.js';
import { AF_INET, libc, readFirstAddr, readHostent, readServent } from './libc.js';

/** htons / ntohs for a 16-bit value on this (little-endian) host. */
function swap16(v: number): number {
  return ((v & 0xff) << 8) | ((v >> 8) & 0xff);
}

/** glibc strerror() text, e.g. 3 → "No such process". */
export function libcStrerror(errno: number): string {
  return libc().strerror(errno);
}

/** Names implemented with the libc resolver functions. */
export function libcNames(): Names {
  return {
    hostByAddr(af: number, addr: Uint8Array): string | null {
      const len = af === AF_INET ? 4 : 16;
      const bytes = new Uint8Array(len);
      bytes.set(addr.subarray(0, len));
      return readHostent(libc().gethostbyaddr(bytes, len, af))?.h_name ?? null;
    },
    serviceByPort(port: number, proto: ProtoName): string | null {
      return readServent(libc().getservbyport(swap16(port), proto))?.s_name ?? null;
    },
    addrByHost(name: string): Uint8Array | null {
      const h = readHostent(libc().gethostbyname(name));
      if (h === null || h.h_addrtype !== AF_INET || h.h_length !== 4) return null;
      return readFirstAddr(h.h_addr_list, 4);
    },
    portByService(name: string, proto: ProtoName): number | null {
      const s = readServent(libc().getservbyname(name, proto));
      return s === null ? null : swap16(s.s_port & 0xffff);
    },
  };
}
