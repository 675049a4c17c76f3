/*
 * ptrace_int.h - what the parts of the ptrace collector share: reading
 * tracee memory into payloads (ptrace_mem.c) and building the seccomp
 * filter for -e (ptrace_seccomp.c).  Private to src/collect/.
 */
#ifndef SYSLENS_PTRACE_INT_H
#define SYSLENS_PTRACE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "syslens/capture.h"
#include "syslens/event.h"
#include "syslens/traceset.h"

/*
 * Read up to len bytes at addr in tid's memory into buf.  Returns the
 * bytes read: fewer than len when readable memory ends first, -1 when
 * nothing could be read.  Uses process_vm_readv, falling back to
 * PTRACE_PEEKDATA (the tracee must then be in a ptrace-stop).
 */
ssize_t ptrace_mem_read(pid_t tid, uint64_t addr, void *buf, size_t len);

/*
 * Append to buf the payloads that entry ce asks for at this point of the
 * call (at_exit false: entry; true: exit, the call returned ret).  capsize
 * is capture_size(-s); fdpaths adds the paths of fd arguments.  Never fails:
 * what cannot be read is marked unreadable in its payload.
 */
void ptrace_capture(struct sl_event_buf *buf, pid_t tid,
		    const struct sl_cap_entry *ce, bool at_exit, int64_t ret,
		    unsigned capsize, bool fdpaths);

/* Add the path of fd as payload arg `arg` (readlink of /proc/TID/fd/FD). */
void ptrace_capture_fdpath(struct sl_event_buf *buf, pid_t tid, unsigned arg,
			   int fd, unsigned flags);

/*
 * A compiled seccomp-bpf program that makes every syscall in ts stop the
 * tracer (SECCOMP_RET_TRACE) and lets every other one run, for x86_64 and
 * i386 alike.  Built before fork so that the child only has to load it.
 */
struct ptrace_filter {
	void *prog;		/* struct sock_filter[len] */
	unsigned short len;
};

/* Returns 0 or -errno (with one line in why).  Free with ptrace_filter_free. */
int ptrace_filter_build(struct ptrace_filter *f, const struct sl_traceset *ts,
			char *why, size_t whylen);
/*
 * Install f on the calling process.  Async-signal-safe (called between
 * fork and exec).  Returns 0 or -errno.
 */
int ptrace_filter_load(const struct ptrace_filter *f);
void ptrace_filter_free(struct ptrace_filter *f);

#endif /* SYSLENS_PTRACE_INT_H */
