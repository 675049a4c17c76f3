/*
 * ptrace_int.h - what the parts of the ptrace collector share: the
 * collector's state and tracee table (ptrace.c), launching and attaching
 * (ptrace_start.c), reading tracee memory into payloads (ptrace_mem.c) and
 * the seccomp filter for -e (ptrace_seccomp.c).  Private to src/collect/.
 */
#ifndef SYSLENS_PTRACE_INT_H
#define SYSLENS_PTRACE_INT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/ptrace.h>
#include <sys/types.h>
#include <time.h>

#include "syslens/capture.h"
#include "syslens/collector.h"
#include "syslens/event.h"
#include "syslens/syscalls.h"
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

#define PT_OPTIONS	(PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACECLONE | \
			 PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | \
			 PTRACE_O_TRACEEXEC | PTRACE_O_TRACEEXIT)

/* What we know of each traced thread. */
enum tracee_flags {
	T_INSYSCALL = 1 << 0,	/* between entry and exit */
	T_SKIP = 1 << 1,	/* the call in flight is not emitted */
	T_HIDE = 1 << 2,	/* launched child, not yet at its execve */
	T_LISTEN = 1 << 3,	/* in group-stop, held with PTRACE_LISTEN */
	T_DETACHING = 1 << 4,	/* interrupted: detach at its next stop */
	T_DEAD = 1 << 5,	/* a ptrace call said ESRCH: wait for its end */
};

struct tracee {
	struct tracee *next;	/* hash chain */
	pid_t tid;
	pid_t tgid;
	pid_t ns_pid;		/* tgid inside its own pid namespace, 0: the same */
	uint64_t cgroup_id;	/* its cgroup v2 directory's inode, 0: unknown */
	unsigned flags;
	char comm[SL_COMM_LEN];
	uint32_t resume_nr;	/* 1 + the call ERESTART_RESTARTBLOCK cut (0: none),
				 * what its restart_syscall resumes */
	struct sl_event_buf *ev;	/* the call in flight (allocated once) */
};

/* Syscall numbers the loop treats specially, per arch index. */
struct special_nrs {
	int exit, exit_group, execve, execveat, clone, clone3, prctl, restart;
};

struct ptrace_collector {
	struct sl_collector c;
	const struct sl_options *o;
	struct sl_sink *sink;

	struct tracee **buckets;
	size_t nbuckets;
	size_t ntracees;

	pid_t launched;		/* the launched command, 0 when attaching */
	bool seccomp;		/* every tracee runs under our filter */
	bool pinned;		/* SYSLENS_PIN=1: tracer and command on one CPU */
	struct ptrace_filter filter;
	unsigned capsize;
	uint64_t seq;
	int sink_error;
	bool quiet;		/* no more events: start() failed, or following
				 * quietly after a stop (follow_quietly) */

	struct special_nrs nrs[SL_ARCH_COUNT];

	volatile sig_atomic_t stopping;
	volatile sig_atomic_t stops;	/* stop() calls so far */
	volatile sig_atomic_t timer_ready;
	timer_t timer;

	pid_t *detached;	/* tids detached while shutting down */
	size_t ndetached, detached_cap;
};

/* The tracee table (ptrace.c).  find returns NULL for an unknown tid. */
struct tracee *ptrace_tracee_find(const struct ptrace_collector *pt, pid_t tid);
struct tracee *ptrace_tracee_add(struct ptrace_collector *pt, pid_t tid, pid_t tgid);
void ptrace_tracee_del(struct ptrace_collector *pt, struct tracee *t);

/* /proc/TID/comm into comm; left as it was when unreadable. */
void ptrace_proc_comm(pid_t tid, char comm[SL_COMM_LEN]);
/*
 * The thread group id of tid as its own pid namespace numbers it (the
 * last field of NStgid: in /proc/TID/status), or 0 when that is tgid
 * itself or unreadable.  Read once per thread, never per syscall.
 */
pid_t ptrace_proc_ns_pid(pid_t tid, pid_t tgid);
/* The cgroup v2 id (directory inode) of tid, as eBPF gives it, or 0. */
uint64_t ptrace_proc_cgroup_id(pid_t tid);
/* A number field of /proc/TID/status ("Tgid:"), or -1; state gets State:. */
long ptrace_proc_status_field(pid_t tid, const char *field, char *state);

/*
 * Start the command of pt->o, seized before it execs (ptrace_start.c).
 * Returns 0, or -errno with one line in why and no process left.
 */
int ptrace_launch(struct ptrace_collector *pt, char *why, size_t whylen);
/*
 * Seize every thread of pid and interrupt each, so that the run loop can
 * start stepping them.  Returns 0, or -errno with one line in why (the
 * caller detaches what was seized).
 */
int ptrace_attach(struct ptrace_collector *pt, pid_t pid, char *why, size_t whylen);

#endif /* SYSLENS_PTRACE_INT_H */
