// Name lookups as ipvsadm 1.31 does them through glibc. Production passes the
// libc-backed implementation (native-bindings/names.ts); tests pass tables.

export type ProtoName = 'tcp' | 'udp' | 'sctp';

export interface Names {
  /** gethostbyaddr(): first name for the address, or null. addr is 4 or 16 bytes. */
  hostByAddr(af: number, addr: Uint8Array): string | null;
  /** getservbyport(htons(port), proto)->s_name, or null. */
  serviceByPort(port: number, proto: ProtoName): string | null;
  /** gethostbyname(): first IPv4 address (4 bytes, network order), or null. */
  addrByHost(name: string): Uint8Array | null;
  /** getservbyname(name, proto)->s_port in host order, or null. */
  portByService(name: string, proto: ProtoName): number | null;
}

/** Names that never resolve anything (numeric behaviour everywhere). */
export const noNames: Names = {
  hostByAddr: () => null,
  serviceByPort: () => null,
  addrByHost: () => null,
  portByService: () => null,
};
