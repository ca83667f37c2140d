// The only module that loads koffi: thin, checked bindings of the libc
// calls the netlink socket and the name lookups need. koffi and libc.so.6
// are loaded lazily on first use, so importing this module loads nothing native.

import { createRequire } from 'node:module';
import type * as Koffi from 'koffi';
import { SyscallError } from '../src/netlink/errors.js';

type KoffiModule = typeof Koffi;

/**
 * f's value, computed on the first call and the same on every later one:
 * for what is loaded once per process (a native library, its types).
 */
function once<T>(f: () => T): () => T {
  let value: { readonly v: T } | undefined;
  return () => (value ??= { v: f() }).v;
}

/** koffi through its package entry, loaded on first use (so nothing native loads at import time). */
const koffi = once(() => createRequire(import.meta.url)('koffi') as KoffiModule);

export const AF_INET = 2;
export const AF_NETLINK = 16;
export const SOCK_RAW = 3;
export const SOCK_CLOEXEC = 0o2000000;
export const IPPROTO_RAW = 255;
export const NETLINK_GENERIC = 16;
export const SOL_SOCKET = 1;
export const SO_RCVBUF = 8;
export const SO_SNDBUF = 7;
export const SO_RCVTIMEO = 20;
export const SO_RCVBUFFORCE = 33;
export const SOL_NETLINK = 270;
export const NETLINK_EXT_ACK = 11;
export const MSG_PEEK = 0x2;
export const MSG_TRUNC = 0x20;
export const MSG_WAITFORONE = 0x10000;

/** A C pointer as koffi 3 passes it: a BigInt, NULL as null. */
type Ptr = bigint | null;

interface Libc {
  socket(domain: number, type: number, protocol: number): number;
  bind(fd: number, addr: Uint8Array, len: number): number;
  getsockname(fd: number, addr: Uint8Array, len: number[]): number;
  sendto(fd: number, buf: Uint8Array, len: number, flags: number, addr: Uint8Array, alen: number): number;
  recv(fd: number, buf: Uint8Array, len: number, flags: number): number;
  recvmmsg(fd: number, msgvec: bigint, vlen: number, flags: number, timeout: null): number;
  setsockopt(fd: number, level: number, opt: number, val: Uint8Array, len: number): number;
  getsockopt(fd: number, level: number, opt: number, val: Uint8Array, len: number[]): number;
  close(fd: number): number;
  strerror(errno: number): string;
  mallopt(param: number, value: number): number;
  gethostbyaddr(addr: Uint8Array, len: number, type: number): Ptr;
  gethostbyname(name: string): Ptr;
  getservbyport(port: number, proto: string): Ptr;
  getservbyname(name: string, proto: string): Ptr;
  mmap(addr: null, len: number, prot: number, flags: number, fd: number, offset: number): Ptr;
  munmap(addr: bigint, len: number): number;
}

interface HostEnt {
  h_name: string | null;
  h_addrtype: number;
  h_length: number;
  h_addr_list: Ptr;
}

interface ServEnt {
  s_name: string | null;
  s_port: number;
}

/** Structs of glibc's <netdb.h>; pointers we walk ourselves are void*. */
const netdb = once((): { hostent: Koffi.TypeObject; servent: Koffi.TypeObject } => ({
  hostent: koffi().struct('hostent', {
    h_name: 'const char *',
    h_aliases: 'void *',
    h_addrtype: 'int',
    h_length: 'int',
    h_addr_list: 'void *',
  }),
  servent: koffi().struct('servent', {
    s_name: 'const char *',
    s_aliases: 'void *',
    s_port: 'int',
    s_proto: 'const char *',
  }),
}));

/** The C prototype of every function of Libc, as koffi parses it. */
const PROTOTYPES: Readonly<Record<keyof Libc, string>> = {
  socket: 'int socket(int, int, int)',
  bind: 'int bind(int, const void *, uint32_t)',
  getsockname: 'int getsockname(int, void *, _Inout_ uint32_t *)',
  sendto: 'intptr_t sendto(int, const void *, size_t, int, const void *, uint32_t)',
  recv: 'intptr_t recv(int, void *, size_t, int)',
  recvmmsg: 'int recvmmsg(int, void *, unsigned int, int, void *)',
  setsockopt: 'int setsockopt(int, int, int, const void *, uint32_t)',
  getsockopt: 'int getsockopt(int, int, int, void *, _Inout_ uint32_t *)',
  close: 'int close(int)',
  strerror: 'const char *strerror(int)',
  mallopt: 'int mallopt(int, int)',
  gethostbyaddr: 'void *gethostbyaddr(const void *, uint32_t, int)',
  gethostbyname: 'void *gethostbyname(const char *)',
  getservbyport: 'void *getservbyport(int, const char *)',
  getservbyname: 'void *getservbyname(const char *, const char *)',
  mmap: 'void *mmap(void *, size_t, int, int, int, intptr_t)',
  munmap: 'int munmap(void *, size_t)',
};

/**
 * libc.so.6 through koffi, loaded once; each function is bound when first
 * called (koffi parses its prototype then): a command uses about half of
 * them, and each binding is start-up time.
 */
export const libc = once((): Libc => {
  const so = koffi().load('libc.so.6');
  const out = {} as Record<keyof Libc, unknown>;
  for (const name of Object.keys(PROTOTYPES) as (keyof Libc)[]) {
    Object.defineProperty(out, name, {
      configurable: true,
      enumerable: true,
      get() {
        const f: unknown = so.func(PROTOTYPES[name]);
        Object.defineProperty(out, name, { value: f, enumerable: true });
        return f;
      },
    });
  }
  return out as unknown as Libc;
});

/** Native memory the kernel can be handed pointers into, and a typed-array view of it. */
export interface NativeBlock {
  readonly address: bigint;
  readonly view: Uint8Array;
  readonly bytes: number;
}

const PROT_READ_WRITE = 3;
const MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;
const MAP_FAILED = 0xffffffffffffffffn;

/**
 * Allocates a NativeBlock of fresh zero pages (an anonymous mmap), which
 * cost nothing until touched: a receive buffer is megabytes of which a
 * listing uses the first pages (see docs/performance.md). Throws
 * SyscallError('mmap') on failure; freeBlock() releases it.
 */
export function allocBlock(bytes: number): NativeBlock {
  const address = libc().mmap(null, bytes, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0) ?? MAP_FAILED;
  if (address === MAP_FAILED) throw new SyscallError('mmap', lastErrno());
  return { address, view: new Uint8Array(koffi().view(address, bytes)), bytes };
}

export function freeBlock(b: NativeBlock): void {
  libc().munmap(b.address, b.bytes);
}

const M_TRIM_THRESHOLD = -1;
const M_MMAP_THRESHOLD = -3;
const M_ARENA_MAX = -8;

/**
 * For a short-lived command: glibc malloc keeps the memory it frees instead
 * of giving it back to the kernel (trimming the heap top, unmapping large
 * blocks), so V8's compiler zones and buffers reuse pages already touched.
 * And it keeps one arena for all threads: V8 compiles on worker threads,
 * and with an arena per thread the memory one job freed was never reused
 * by a job on another thread. That saves page faults, which are expensive
 * in user-mode Linux (see docs/performance.md). Process-wide, so only the
 * CLI calls it, never the library.
 */
export function keepFreedMemory(): void {
  const c = libc();
  c.mallopt(M_MMAP_THRESHOLD, 64 << 20);
  c.mallopt(M_TRIM_THRESHOLD, 1 << 30);
  c.mallopt(M_ARENA_MAX, 1);
}

/** errno of the libc call just made. */
export function lastErrno(): number {
  return koffi().errno();
}

/** Throws SyscallError(name, errno) when rc < 0; returns rc. */
export function check(name: string, rc: number): number {
  if (rc < 0) throw new SyscallError(name, lastErrno());
  return rc;
}

/** Decodes a struct hostent* (null → null). */
export function readHostent(p: Ptr): HostEnt | null {
  return p === null ? null : (koffi().decode(p, netdb().hostent) as HostEnt);
}

/** Decodes a struct servent* (null → null). */
export function readServent(p: Ptr): ServEnt | null {
  return p === null ? null : (koffi().decode(p, netdb().servent) as ServEnt);
}

/** The first entry of a NULL-terminated char** (h_addr_list[0]) as `len` bytes. */
export function readFirstAddr(list: Ptr, len: number): Uint8Array | null {
  if (list === null) return null;
  const first = koffi().decode(list, 'void *') as Ptr;
  if (first === null) return null;
  return Uint8Array.from(koffi().decode(first, 'uint8_t', len) as number[]);
}

/**
 * Whether socket(AF_INET, SOCK_RAW, IPPROTO_RAW) succeeds, i.e. whether
 * libipvs' raw-socket fallback could start (CAP_NET_RAW).
 */
export function canOpenRawSocket(): boolean {
  const c = libc();
  const fd = c.socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
  if (fd < 0) return false;
  c.close(fd);
  return true;
}
