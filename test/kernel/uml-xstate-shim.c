/*
 * LD_PRELOAD shim for Debian's linux.uml (Linux 6.1) on hosts whose CPU has
 * large XSAVE state (AMX): UML restores FP state with PTRACE_SETREGSET
 * NT_X86_XSTATE using its own 832-byte buffer, and the host kernel refuses any
 * size but the full one with EFAULT ("ptrace set fp regs failed, errno = 14"),
 * which kills init. We read the full state, lay UML's part over it, and set
 * the full buffer. Everything else goes to libc's ptrace untouched.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <stdarg.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

typedef long (*ptrace_fn)(int, ...);

static char full_state[65536] __attribute__((aligned(64)));

long ptrace(enum __ptrace_request request, ...)
{
	va_list ap;
	va_start(ap, request);
	pid_t pid = va_arg(ap, pid_t);
	void *addr = va_arg(ap, void *);
	void *data = va_arg(ap, void *);
	va_end(ap);

	if (request == PTRACE_SETREGSET && (long)addr == NT_X86_XSTATE && data) {
		struct iovec *iov = data;
		struct iovec whole = { full_state, sizeof full_state };
		if (syscall(SYS_ptrace, PTRACE_GETREGSET, pid, addr, &whole) == 0 &&
		    whole.iov_len > iov->iov_len) {
			memcpy(full_state, iov->iov_base, iov->iov_len);
			return syscall(SYS_ptrace, PTRACE_SETREGSET, pid, addr, &whole);
		}
	}
	static ptrace_fn real;
	if (!real)
		real = (ptrace_fn)dlsym(RTLD_NEXT, "ptrace");
	return real(request, pid, addr, data);
}
