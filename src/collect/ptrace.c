/*
 * ptrace.c - the ptrace collector: launches a command or attaches to
 * processes with PTRACE_SEIZE, follows every fork, clone and exec, and
 * turns each stop into events for the sink.
 *
 * The loop is kept tight: one waitpid, one PTRACE_GET_SYSCALL_INFO and one
 * resume per stop, plus the payload reads the capture table asks for.
 * Nothing here formats text; sinks decode lazily.
 *
 * Rules that keep the tracee unharmed: signals are passed on unchanged;
 * a group-stop is held with PTRACE_LISTEN so that a stopped tracee stays
 * stopped until SIGCONT; on the way out every tracee is interrupted and
 * detached from whatever stop it reports, so it goes on exactly as it was
 * (running, sleeping, or stopped); attached processes never get
 * PTRACE_O_EXITKILL, so they survive syslens being killed.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/sched.h>

#include "ptrace_int.h"
#include "syslens/collector.h"
#include "syslens/container.h"
#include "syslens/syscalls.h"
#include "syslens/traceset.h"
#include "syslens/util.h"

/* the kernel's restart codes, seen by tracers only */
#define ERESTARTSYS		512
#define ERESTART_RESTARTBLOCK	516

/* ---- the tracee table ---- */

static size_t
tid_hash(const struct ptrace_collector *pt, pid_t tid)
{
	return ((uint32_t)tid * 2654435761u) & (pt->nbuckets - 1);
}

struct tracee *
ptrace_tracee_find(const struct ptrace_collector *pt, pid_t tid)
{
	struct tracee *t;

	for (t = pt->buckets[tid_hash(pt, tid)]; t; t = t->next)
		if (t->tid == tid)
			return t;
	return NULL;
}

static void
tracee_link(struct ptrace_collector *pt, struct tracee *t)
{
	size_t h = tid_hash(pt, t->tid);

	t->next = pt->buckets[h];
	pt->buckets[h] = t;
}

static void
table_grow(struct ptrace_collector *pt)
{
	struct tracee **old = pt->buckets;
	size_t n = pt->nbuckets;

	pt->nbuckets *= 2;
	pt->buckets = xcalloc(pt->nbuckets, sizeof(*pt->buckets));
	for (size_t i = 0; i < n; i++) {
		struct tracee *t = old[i], *next;

		for (; t; t = next) {
			next = t->next;
			tracee_link(pt, t);
		}
	}
	free(old);
}

struct tracee *
ptrace_tracee_add(struct ptrace_collector *pt, pid_t tid, pid_t tgid)
{
	struct tracee *t = xcalloc(1, sizeof(*t));

	t->tid = tid;
	t->tgid = tgid;
	t->ns_pid = ptrace_proc_ns_pid(tid, tgid);
	t->cgroup_id = ptrace_proc_cgroup_id(tid);
	if (pt->ntracees >= pt->nbuckets)
		table_grow(pt);
	tracee_link(pt, t);
	pt->ntracees++;
	return t;
}

static void
tracee_unlink(struct ptrace_collector *pt, struct tracee *t)
{
	struct tracee **pp = &pt->buckets[tid_hash(pt, t->tid)];

	for (; *pp; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			pt->ntracees--;
			return;
		}
}

static void
tracee_free(struct tracee *t)
{
	free(t->ev);
	free(t);
}

void
ptrace_tracee_del(struct ptrace_collector *pt, struct tracee *t)
{
	tracee_unlink(pt, t);
	tracee_free(t);
}

/* ---- /proc ---- */

void
ptrace_proc_comm(pid_t tid, char comm[SL_COMM_LEN])
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/comm", tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, comm, SL_COMM_LEN - 1);
	close(fd);
	if (n <= 0)
		return;
	if (comm[n - 1] == '\n')
		n--;
	memset(comm + n, 0, SL_COMM_LEN - (size_t)n);
}

pid_t
ptrace_proc_ns_pid(pid_t tid, pid_t tgid)
{
	char path[64], line[256];
	long v = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", tid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		char *p, *end;

		/* the thread group's numbers, outermost first: the event's pid is the tgid */
		if (strncmp(line, "NStgid:", 7) != 0)
			continue;
		for (p = line + 7;; p = end) {
			long n = strtol(p, &end, 10);

			if (end == p)
				break;
			v = n;
		}
		break;
	}
	fclose(f);
	return v > 0 && v != tgid ? (pid_t)v : 0;
}

uint64_t
ptrace_proc_cgroup_id(pid_t tid)
{
	char path[64], line[SL_CGROUP_PATH_MAX + 64], dir[SL_CGROUP_PATH_MAX + 320];
	struct stat st;
	uint64_t id = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/cgroup", tid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "0::", 3) != 0)
			continue;
		line[strcspn(line, "\n")] = '\0';
		snprintf(dir, sizeof(dir), "%s%s", container_cgroup_root(), line + 3);
		if (stat(dir, &st) == 0)
			id = (uint64_t)st.st_ino;
		break;
	}
	fclose(f);
	return id;
}

/* A field of /proc/TID/status ("Tgid:"), or -1. */
long
ptrace_proc_status_field(pid_t tid, const char *field, char *state)
{
	char path[64], line[256];
	size_t flen = strlen(field);
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", tid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (state && !strncmp(line, "State:", 6))
			sscanf(line + 6, " %c", state);
		if (!strncmp(line, field, flen))
			v = strtol(line + flen, NULL, 10);
	}
	fclose(f);
	return v;
}

/* True when tid no longer exists or is a zombie (it will never stop). */
static bool
proc_gone(pid_t tid)
{
	char state = 0;

	if (ptrace_proc_status_field(tid, "Tgid:", &state) < 0)
		return true;
	return state == 'Z' || state == 'X';
}

/* ---- events ---- */

static void
emit(struct ptrace_collector *pt, const struct sl_event *ev)
{
	int rc;

	if (pt->quiet)
		return;
	collect_stats_count(&pt->c.stats, ev);
	rc = sink_event(pt->sink, ev);
	if (rc < 0 && !pt->sink_error) {
		pt->sink_error = rc;
		pt->stopping = 1;
	}
}

static void
event_for(struct sl_event_buf *b, unsigned type, const struct tracee *t)
{
	event_init(b, type);
	b->ev.pid = (__u32)t->tgid;
	b->ev.tid = (__u32)t->tid;
	b->ev.ns_pid = (__u32)t->ns_pid;
	b->ev.cgroup_id = t->cgroup_id;
	memcpy(b->ev.comm, t->comm, SL_COMM_LEN);
	b->ev.ts_enter = now_ns();
}

/* A process event with up to three args, no payloads. */
static void
emit_simple(struct ptrace_collector *pt, const struct tracee *t, unsigned type,
	    uint64_t a0, uint64_t a1, uint64_t a2, int64_t ret)
{
	struct sl_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = (__u16)type;
	ev.size = sizeof(ev);
	ev.pid = (__u32)t->tgid;
	ev.tid = (__u32)t->tid;
	ev.ns_pid = (__u32)t->ns_pid;
	ev.cgroup_id = t->cgroup_id;
	memcpy(ev.comm, t->comm, SL_COMM_LEN);
	ev.ts_enter = ev.ts_exit = now_ns();
	ev.seq = ++pt->seq;
	ev.args[0] = a0;
	ev.args[1] = a1;
	ev.args[2] = a2;
	ev.ret = ret;
	emit(pt, &ev);
}

/*
 * The call in flight ends without a result: the tracee is gone, or we leave
 * it (why = SL_EVF_DETACHED).
 */
static void
flush_inflight(struct ptrace_collector *pt, struct tracee *t, unsigned why)
{
	if ((t->flags & T_INSYSCALL) && !(t->flags & T_SKIP) && t->ev) {
		t->ev->ev.flags &= (__u16)~SL_EVF_INFLIGHT;
		t->ev->ev.flags |= (__u16)(SL_EVF_NOEXIT | why);
		t->ev->ev.ts_exit = now_ns();
		emit(pt, &t->ev->ev);
	}
	t->flags &= ~(unsigned)(T_INSYSCALL | T_SKIP);
}

/* ---- resuming ---- */

static void
resume(struct ptrace_collector *pt, struct tracee *t, int sig)
{
	int req = pt->seccomp && !(t->flags & T_INSYSCALL) ? PTRACE_CONT : PTRACE_SYSCALL;

	if (ptrace(req, t->tid, 0, (void *)(long)sig) < 0 && errno == ESRCH)
		t->flags |= T_DEAD;	/* killed: its end is reported by waitpid */
}

/* ---- syscall stops ---- */

static const struct special_nrs *
nrs_for(const struct ptrace_collector *pt, int idx)
{
	static const struct special_nrs none = { -1, -1, -1, -1, -1, -1, -1, -1 };

	return idx >= 0 ? &pt->nrs[idx] : &none;
}

static void
on_entry(struct ptrace_collector *pt, struct tracee *t,
	 const struct __ptrace_syscall_info *si)
{
	uint32_t nr = (uint32_t)si->entry.nr;
	int idx = syscall_arch_index(si->arch);
	const struct special_nrs *sn = nrs_for(pt, idx);
	struct sl_event_buf *b;
	bool is_exec = (int)nr == sn->execve || (int)nr == sn->execveat;

	if (t->flags & T_INSYSCALL)
		flush_inflight(pt, t, 0);	/* an exit we never saw */
	t->flags |= T_INSYSCALL;
	if (t->flags & T_HIDE) {
		if (!is_exec) {
			t->flags |= T_SKIP;	/* syslens's own set-up calls */
			return;
		}
		t->flags &= ~(unsigned)T_HIDE;
	}
	if (!traceset_has(pt->o->trace, idx, nr)) {
		/* attached tracees have no filter: drop the call here */
		t->flags |= T_SKIP;
		return;
	}
	if (!t->ev)
		t->ev = xmalloc(sizeof(*t->ev));
	b = t->ev;
	event_for(b, SL_EV_SYSCALL, t);
	b->ev.nr = nr;
	b->ev.arch = si->arch;
	for (int i = 0; i < SL_NARGS; i++)
		b->ev.args[i] = si->entry.args[i];
	if ((int)nr == sn->restart) {
		b->ev.args[0] = t->resume_nr;	/* see event.h */
		t->resume_nr = 0;
	}
	b->ev.seq = ++pt->seq;
	ptrace_capture(b, t->tid, capture_lookup(si->arch, nr), false, 0,
		       pt->capsize, pt->o->fdpaths);
	if ((int)nr == sn->exit || (int)nr == sn->exit_group) {
		/* never returns: one event, "= ?" */
		b->ev.flags |= SL_EVF_NOEXIT;
		b->ev.ts_exit = b->ev.ts_enter;
		t->flags &= ~(unsigned)T_INSYSCALL;
		emit(pt, &b->ev);
		return;
	}
	b->ev.flags |= SL_EVF_INFLIGHT;
	emit(pt, &b->ev);
}

static void
on_exit_call(struct ptrace_collector *pt, struct tracee *t,
	     const struct __ptrace_syscall_info *si)
{
	struct sl_event_buf *b = t->ev;
	int64_t ret = si->exit.rval;

	if (!(t->flags & T_INSYSCALL))
		return;		/* attached in the middle of this call */
	t->flags &= ~(unsigned)T_INSYSCALL;
	if (t->flags & T_SKIP) {
		t->flags &= ~(unsigned)T_SKIP;
		return;
	}
	if ((t->flags & T_DETACHING) && si->exit.rval <= -ERESTARTSYS &&
	    si->exit.rval >= -ERESTART_RESTARTBLOCK) {
		/* cut by our own interrupt as we leave: it goes on untraced */
		t->flags |= T_INSYSCALL;
		flush_inflight(pt, t, SL_EVF_DETACHED);
		return;
	}
	b->ev.ts_exit = now_ns();
	if (b->ev.arch == SL_ARCH_I386)	/* 32-bit: an address may be >= 2 GiB */
		ret = si->exit.is_error ? (int64_t)(int32_t)ret : (int64_t)(uint32_t)ret;
	b->ev.ret = ret;
	b->ev.flags &= (__u16)~SL_EVF_INFLIGHT;
	if (ret <= -ERESTARTSYS && ret >= -ERESTART_RESTARTBLOCK)
		b->ev.flags |= SL_EVF_INTERRUPTED;
	if (ret == -ERESTART_RESTARTBLOCK)	/* a restart cut again resumes the same */
		t->resume_nr = (int)b->ev.nr == nrs_for(pt, syscall_arch_index(b->ev.arch))->restart ?
			       (uint32_t)b->ev.args[0] : b->ev.nr + 1;
	ptrace_capture(b, t->tid, capture_lookup(b->ev.arch, b->ev.nr), true, ret,
		       pt->capsize, pt->o->fdpaths);
	emit(pt, &b->ev);
	if (ret == 0 && (int)b->ev.nr == nrs_for(pt, syscall_arch_index(b->ev.arch))->prctl &&
	    b->ev.args[0] == 15 /* PR_SET_NAME */)
		ptrace_proc_comm(t->tid, t->comm);
}

static void
on_syscall_stop(struct ptrace_collector *pt, struct tracee *t)
{
	struct __ptrace_syscall_info si;

	if (ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, (void *)sizeof(si), &si) <= 0) {
		t->flags |= T_DEAD;
		return;
	}
	if (si.op == PTRACE_SYSCALL_INFO_ENTRY || si.op == PTRACE_SYSCALL_INFO_SECCOMP)
		on_entry(pt, t, &si);
	else if (si.op == PTRACE_SYSCALL_INFO_EXIT)
		on_exit_call(pt, t, &si);
}

/* ---- process events ---- */

/* Clone flags of the fork/clone t is making. */
static uint64_t
clone_flags(struct ptrace_collector *pt, struct tracee *t, int event)
{
	struct user_regs_struct regs;
	uint64_t nr, a0, flags = 0;
	int idx;

	if (event == PTRACE_EVENT_FORK)
		return SIGCHLD;
	if (event == PTRACE_EVENT_VFORK)
		return CLONE_VM | CLONE_VFORK | SIGCHLD;
	if ((t->flags & T_INSYSCALL) && !(t->flags & T_SKIP) && t->ev) {
		idx = syscall_arch_index(t->ev->ev.arch);
		nr = t->ev->ev.nr;
		a0 = t->ev->ev.args[0];
	} else {
		/* the call is not traced: ask the registers */
		if (ptrace(PTRACE_GETREGS, t->tid, 0, &regs) < 0)
			return 0;
		idx = regs.cs == 0x23 ? SL_ARCH_IDX_I386 : SL_ARCH_IDX_X86_64;
		nr = regs.orig_rax;
		a0 = idx == SL_ARCH_IDX_I386 ? (uint32_t)regs.rbx : regs.rdi;
	}
	if (idx < 0)
		return 0;
	if ((int)nr == pt->nrs[idx].clone)
		return a0;
	if ((int)nr == pt->nrs[idx].clone3 &&
	    ptrace_mem_read(t->tid, a0, &flags, sizeof(flags)) == sizeof(flags))
		return flags;
	return 0;
}

static void
on_fork(struct ptrace_collector *pt, struct tracee *t, int event)
{
	unsigned long msg = 0;
	uint64_t flags;
	struct tracee *ct;
	pid_t child, tgid;

	if (ptrace(PTRACE_GETEVENTMSG, t->tid, 0, &msg) < 0)
		return;
	child = (pid_t)msg;
	flags = clone_flags(pt, t, event);
	ct = ptrace_tracee_find(pt, child);
	if (!ct) {
		if (flags & CLONE_THREAD)
			tgid = t->tgid;
		else if (flags || event != PTRACE_EVENT_CLONE)
			tgid = child;
		else
			tgid = (pid_t)ptrace_proc_status_field(child, "Tgid:", NULL);
		ct = ptrace_tracee_add(pt, child, tgid > 0 ? tgid : child);
		memcpy(ct->comm, t->comm, SL_COMM_LEN);
		ct->flags |= t->flags & T_DETACHING;
	}
	emit_simple(pt, t, SL_EV_FORK, (uint64_t)ct->tgid, (uint64_t)child, flags, 0);
}

/* The path and argv of the program t just exec'd. */
static void
exec_payloads(struct sl_event_buf *b, const struct tracee *t, const struct tracee *caller,
	      const struct ptrace_collector *pt)
{
	char path[64], *buf;
	const struct sl_payload *pl = NULL;
	ssize_t n;
	int fd;

	if (caller && caller->ev && (caller->flags & T_INSYSCALL) &&
	    !(caller->flags & T_SKIP)) {
		const struct sl_event *ce = &caller->ev->ev;
		int idx = syscall_arch_index(ce->arch);
		unsigned parg = idx >= 0 && (int)ce->nr == pt->nrs[idx].execveat ? 1 : 0;

		pl = event_payload_find(ce, parg, 0);
		if (pl && pl->kind != SL_CAP_STR)
			pl = NULL;
	}
	if (pl) {
		event_add_payload(b, 0, SL_CAP_STR, pl->flags, 0, event_payload_data(pl),
				  pl->len);
	} else {
		char link[PATH_MAX];

		snprintf(path, sizeof(path), "/proc/%d/exe", t->tid);
		n = readlink(path, link, sizeof(link));
		if (n < 0)
			event_add_payload(b, 0, SL_CAP_STR, SL_PLF_UNREADABLE, 0, NULL, 0);
		else
			event_add_payload(b, 0, SL_CAP_STR, 0, 0, link, (size_t)n);
	}
	/* argv: the new program's, exactly as the kernel laid it out */
	snprintf(path, sizeof(path), "/proc/%d/cmdline", t->tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		event_add_payload(b, 1, SL_CAP_STRV, SL_PLF_UNREADABLE, 0, NULL, 0);
		return;
	}
	buf = xmalloc(SL_PAYLOAD_MAX);
	n = read(fd, buf, SL_PAYLOAD_MAX);
	close(fd);
	if (n > 0) {
		size_t off = 0;
		unsigned part = 0;

		while (off < (size_t)n && part < SL_ARRAY_MAX) {
			size_t len = strnlen(buf + off, (size_t)n - off);
			unsigned cap = pt->capsize;

			if (event_room(b) < 16)
				break;
			event_add_payload(b, 1, SL_CAP_STRV, len > cap ? SL_PLF_TRUNCATED : 0,
					  part++, buf + off, len > cap ? cap : len);
			off += len + 1;
		}
		if (off < (size_t)n || n == SL_PAYLOAD_MAX)
			event_add_payload(b, 1, SL_CAP_STRV, SL_PLF_TRUNCATED, part, NULL, 0);
	}
	free(buf);
}

static void
on_exec(struct ptrace_collector *pt, struct tracee *t)
{
	unsigned long msg = 0;
	pid_t former;
	struct tracee *old = NULL;
	struct sl_event_buf *b;

	if (ptrace(PTRACE_GETEVENTMSG, t->tid, 0, &msg) < 0)
		msg = (unsigned long)t->tid;
	former = (pid_t)msg;
	if (former != t->tid) {
		/*
		 * A non-leader thread exec'd: it now has the leader's tid, and the
		 * old leader is gone without a word.  Its call in flight ends here;
		 * the exec'ing thread's state moves into the leader's place.
		 */
		old = ptrace_tracee_find(pt, former);
		flush_inflight(pt, t, 0);
		if (old) {
			struct sl_event_buf *ev = t->ev;

			t->ev = old->ev;
			old->ev = ev;
			t->flags = old->flags;
			if (t->ev)
				t->ev->ev.tid = (__u32)t->tid;
			tracee_unlink(pt, old);
		}
	}
	t->flags &= ~(unsigned)T_HIDE;
	ptrace_proc_comm(t->tid, t->comm);
	/* runtimes move a process into the container's cgroup, then exec */
	t->ns_pid = ptrace_proc_ns_pid(t->tid, t->tgid);
	t->cgroup_id = ptrace_proc_cgroup_id(t->tid);
	b = xmalloc(sizeof(*b));
	event_for(b, SL_EV_EXEC, t);
	b->ev.ts_exit = b->ev.ts_enter;
	b->ev.seq = ++pt->seq;
	b->ev.args[0] = former != t->tid ? (uint64_t)former : 0;
	exec_payloads(b, t, t, pt);
	if (t->ev && (t->flags & T_INSYSCALL)) {
		memcpy(t->ev->ev.comm, t->comm, SL_COMM_LEN);
		t->ev->ev.ns_pid = (__u32)t->ns_pid;
		t->ev->ev.cgroup_id = t->cgroup_id;
	}
	emit(pt, &b->ev);
	free(b);
	if (old)
		tracee_free(old);
}

static void
on_signal(struct ptrace_collector *pt, struct tracee *t, int sig)
{
	siginfo_t si;
	uint64_t a[6] = { (uint64_t)sig, 0, 0, 0, 0, 0 };
	int64_t err = 0;
	struct sl_event ev;

	memset(&si, 0, sizeof(si));
	if (ptrace(PTRACE_GETSIGINFO, t->tid, 0, &si) == 0) {
		a[1] = (uint64_t)(int64_t)si.si_code;
		err = si.si_errno;
		bool fault = sig == SIGSEGV || sig == SIGBUS || sig == SIGILL ||
			     sig == SIGFPE || sig == SIGTRAP;

		if (fault && si.si_code > 0) {
			/* raised by the CPU: the faulting address is what matters */
			a[5] = (uint64_t)(uintptr_t)si.si_addr;
		} else {
			a[2] = (uint64_t)si.si_pid;
			a[3] = (uint64_t)si.si_uid;
			if (sig == SIGCHLD)
				a[4] = (uint64_t)(int64_t)si.si_status;
			else
				a[5] = (uint64_t)(uintptr_t)si.si_value.sival_ptr;
		}
	}
	memset(&ev, 0, sizeof(ev));
	ev.type = SL_EV_SIGNAL;
	ev.size = sizeof(ev);
	ev.pid = (__u32)t->tgid;
	ev.tid = (__u32)t->tid;
	ev.ns_pid = (__u32)t->ns_pid;
	ev.cgroup_id = t->cgroup_id;
	memcpy(ev.comm, t->comm, SL_COMM_LEN);
	ev.ts_enter = ev.ts_exit = now_ns();
	ev.seq = ++pt->seq;
	memcpy(ev.args, a, sizeof(a));
	ev.ret = err;
	emit(pt, &ev);
}

/* waitpid said tid ended. */
static void
on_gone(struct ptrace_collector *pt, struct tracee *t, int status)
{
	flush_inflight(pt, t, 0);
	emit_simple(pt, t, SL_EV_EXIT, t->tid == t->tgid, 0, 0, status);
	if (t->tid == pt->launched && t->tid == t->tgid) {
		if (WIFEXITED(status))
			pt->c.exit_status = WEXITSTATUS(status);
		else if (WIFSIGNALED(status))
			pt->c.exit_status = 128 + WTERMSIG(status);
	}
	ptrace_tracee_del(pt, t);
}

static bool
is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

/* A tracee we have not met: a new child whose parent's event comes later. */
static struct tracee *
tracee_new_unknown(struct ptrace_collector *pt, pid_t tid)
{
	long tgid = ptrace_proc_status_field(tid, "Tgid:", NULL);
	struct tracee *t = ptrace_tracee_add(pt, tid, tgid > 0 ? (pid_t)tgid : tid);

	ptrace_proc_comm(tid, t->comm);
	return t;
}

/* One stop of a tracee during normal running. */
static void
on_stop(struct ptrace_collector *pt, struct tracee *t, int status)
{
	int sig = WSTOPSIG(status);
	int event = (unsigned)status >> 16;

	if (sig == (SIGTRAP | 0x80)) {
		on_syscall_stop(pt, t);
		resume(pt, t, 0);
		return;
	}
	switch (event) {
	case 0:
		/* signal-delivery-stop */
		if ((t->flags & T_HIDE) && sig == SIGSTOP) {
			resume(pt, t, 0);	/* the child's own "ready" stop */
			return;
		}
		on_signal(pt, t, sig);
		resume(pt, t, sig);
		return;
	case PTRACE_EVENT_SECCOMP:
		on_syscall_stop(pt, t);
		resume(pt, t, 0);
		return;
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
	case PTRACE_EVENT_CLONE:
		on_fork(pt, t, event);
		resume(pt, t, 0);
		return;
	case PTRACE_EVENT_EXEC:
		on_exec(pt, t);
		resume(pt, t, 0);
		return;
	case PTRACE_EVENT_EXIT:
		flush_inflight(pt, t, 0);
		resume(pt, t, 0);
		return;
	case PTRACE_EVENT_STOP:
		if (is_stop_signal(sig)) {
			/* group-stop: stay stopped until SIGCONT */
			if (!(t->flags & T_LISTEN))
				emit_simple(pt, t, SL_EV_STOP, (uint64_t)sig, 0, 0, 0);
			t->flags |= T_LISTEN;
			if (ptrace(PTRACE_LISTEN, t->tid, 0, 0) < 0 && errno == ESRCH)
				t->flags |= T_DEAD;
			return;
		}
		/* PTRACE_INTERRUPT, a new child's first stop, or the end of a group-stop */
		t->flags &= ~(unsigned)T_LISTEN;
		resume(pt, t, 0);
		return;
	default:
		resume(pt, t, 0);
		return;
	}
}

static void
handle_wait(struct ptrace_collector *pt, pid_t pid, int status)
{
	struct tracee *t = ptrace_tracee_find(pt, pid);

	if (WIFEXITED(status) || WIFSIGNALED(status)) {
		if (t)
			on_gone(pt, t, status);
		return;
	}
	if (!WIFSTOPPED(status))
		return;
	if (!t)
		t = tracee_new_unknown(pt, pid);
	on_stop(pt, t, status);
}

/* ---- leaving: detach or kill ---- */

static bool
was_detached(const struct ptrace_collector *pt, pid_t tid)
{
	for (size_t i = 0; i < pt->ndetached; i++)
		if (pt->detached[i] == tid)
			return true;
	return false;
}

static void
note_detached(struct ptrace_collector *pt, pid_t tid)
{
	if (pt->ndetached == pt->detached_cap) {
		pt->detached_cap = pt->detached_cap ? pt->detached_cap * 2 : 64;
		pt->detached = xrealloc(pt->detached, pt->detached_cap * sizeof(pid_t));
	}
	pt->detached[pt->ndetached++] = tid;
}

/* t is in a ptrace-stop while we are leaving: let it go from there. */
static void
detach_at_stop(struct ptrace_collector *pt, struct tracee *t, int status)
{
	int sig = WSTOPSIG(status);
	int event = (unsigned)status >> 16;
	int inject = 0;

	if (sig == (SIGTRAP | 0x80) || event == PTRACE_EVENT_SECCOMP) {
		on_syscall_stop(pt, t);
	} else if (event == 0) {
		if (!((t->flags & T_HIDE) && sig == SIGSTOP)) {
			on_signal(pt, t, sig);
			inject = sig;
		}
	} else if (event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK ||
		   event == PTRACE_EVENT_CLONE) {
		unsigned long msg = 0;

		/* the new child reports a stop of its own: wait for it too */
		if (ptrace(PTRACE_GETEVENTMSG, t->tid, 0, &msg) == 0 &&
		    !ptrace_tracee_find(pt, (pid_t)msg) && !was_detached(pt, (pid_t)msg))
			on_fork(pt, t, event);
	} else if (event == PTRACE_EVENT_EXEC) {
		on_exec(pt, t);
	}
	/* the call in flight goes on untraced: its result stays unknown */
	flush_inflight(pt, t, SL_EVF_DETACHED);
	if (ptrace(PTRACE_DETACH, t->tid, 0, (void *)(long)inject) < 0 && errno == ESRCH &&
	    !proc_gone(t->tid)) {
		t->flags |= T_DEAD;
		return;		/* killed meanwhile: waitpid reports its end */
	}
	emit_simple(pt, t, SL_EV_DETACH, 0, 0, 0, 0);
	note_detached(pt, t->tid);
	ptrace_tracee_del(pt, t);
}

static void
for_each_tracee(struct ptrace_collector *pt, void (*fn)(struct ptrace_collector *, struct tracee *))
{
	for (size_t i = 0; i < pt->nbuckets; i++) {
		struct tracee *t = pt->buckets[i], *next;

		for (; t; t = next) {
			next = t->next;
			fn(pt, t);
		}
	}
}

static void
interrupt_one(struct ptrace_collector *pt, struct tracee *t)
{
	if (t->flags & T_DETACHING)
		return;
	t->flags |= T_DETACHING;
	if (ptrace(PTRACE_INTERRUPT, t->tid, 0, 0) < 0 || proc_gone(t->tid)) {
		/* gone, or a zombie leader that will never stop again */
		if (proc_gone(t->tid)) {
			flush_inflight(pt, t, 0);
			ptrace_tracee_del(pt, t);
		}
	}
}

/* Wait for every tracee to stop or end; detach each as it stops. */
static int
detach_all(struct ptrace_collector *pt)
{
	int status;
	pid_t pid;

	for_each_tracee(pt, interrupt_one);
	while (pt->ntracees > 0) {
		struct tracee *t;

		pid = waitpid(-1, &status, __WALL);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		t = ptrace_tracee_find(pt, pid);
		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			if (t)
				on_gone(pt, t, status);
			continue;
		}
		if (!WIFSTOPPED(status))
			continue;
		if (!t) {
			t = tracee_new_unknown(pt, pid);
			t->flags |= T_DETACHING;
		}
		detach_at_stop(pt, t, status);
	}
	return 0;
}

static void
kill_one(struct ptrace_collector *pt, struct tracee *t)
{
	kill(t->tgid, SIGKILL);
}

/* -K style quit: the launched tree is killed and reaped. */
static int
kill_all(struct ptrace_collector *pt)
{
	int status;
	pid_t pid;

	for_each_tracee(pt, kill_one);
	while (pt->ntracees > 0) {
		struct tracee *t;

		pid = waitpid(-1, &status, __WALL);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		t = ptrace_tracee_find(pt, pid);
		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			if (t)
				on_gone(pt, t, status);
			continue;
		}
		if (!t)
			t = tracee_new_unknown(pt, pid);
		kill(t->tgid, SIGKILL);
		ptrace(PTRACE_CONT, pid, 0, 0);
	}
	return 0;
}

/* ---- stop(): wake run() from a signal handler or another thread ---- */

static volatile sig_atomic_t wake_ticks;	/* timer ticks so far */

static void
wake_handler(int sig)
{
	(void)sig;	/* here to interrupt waitpid, and count the tick */
	wake_ticks++;
}

static int
wake_signal(void)
{
	return SIGRTMIN + 5;
}

static void
wake_setup(struct ptrace_collector *pt)
{
	struct sigaction sa;
	struct sigevent sev;
	sigset_t set;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = wake_handler;	/* no SA_RESTART: waitpid returns EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(wake_signal(), &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, wake_signal());
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = wake_signal();
	sev._sigev_un._tid = (pid_t)syscall(SYS_gettid);
	if (timer_create(CLOCK_MONOTONIC, &sev, &pt->timer) == 0)
		pt->timer_ready = 1;
}

static void
wake_arm(struct ptrace_collector *pt)
{
	/* repeat, so that a stop() landing just before waitpid still wakes it */
	struct itimerspec its = { { 0, 20 * 1000000L }, { 0, 1000000L } };

	if (pt->timer_ready)
		timer_settime(pt->timer, 0, &its, NULL);
}

/*
 * --cgroup / --container: a process the runtime puts into the cgroup later
 * (docker exec, kubectl exec) is not a child of one we trace, so it is
 * looked for: the wake timer ticks every RESCAN_MS while tracing, and each
 * tick attaches to what cgroup.procs lists that is not traced yet.
 */
#define RESCAN_MS	250

static void
rescan_arm(struct ptrace_collector *pt)
{
	struct itimerspec its = { { 0, RESCAN_MS * 1000000L }, { 0, RESCAN_MS * 1000000L } };

	if (pt->timer_ready && pt->o->cgroup_dir)
		timer_settime(pt->timer, 0, &its, NULL);
}

static void
rescan_cgroup(struct ptrace_collector *pt)
{
	char why[256];
	pid_t *pids;
	int n;

	if (!pt->o->cgroup_dir || pt->stopping || pt->quiet ||
	    container_pids(pt->o->cgroup_dir, &pids, &n) < 0)
		return;
	/* one that ended meanwhile, or is a child we hold already but whose
	 * first stop is still to come, fails to attach: nothing to say */
	for (int i = 0; i < n; i++)
		if (!ptrace_tracee_find(pt, pids[i]) && pids[i] != getpid())
			ptrace_attach(pt, pids[i], why, sizeof(why));
	free(pids);
}

static void
wake_disarm(struct ptrace_collector *pt)
{
	struct itimerspec its = { { 0, 0 }, { 0, 0 } };

	if (pt->timer_ready)
		timer_settime(pt->timer, 0, &its, NULL);
}

/*
 * Asked to stop while a launched command runs under our -e filter: a filter
 * cannot be taken back, and without a tracer the kernel fails every call of
 * the set with ENOSYS.  Leaving it would break the command, so follow it
 * quietly until it ends; a second stop() leaves it anyway.
 */
static void
follow_quietly(struct ptrace_collector *pt)
{
	/* said only if the command is still there after SAY_NS: one that
	 * ends at once (the interface's SIGHUP) needs no word */
	const uint64_t SAY_NS = 300000000;
	struct itimerspec its = { { 0, 0 }, { 0, SAY_NS } };
	uint64_t say_at = now_ns() + SAY_NS;
	int status, stops = pt->stops;
	bool said = false;
	pid_t pid;

	if (!pt->launched || !pt->seccomp || pt->o->kill_on_quit || pt->sink_error ||
	    pt->ntracees == 0 || pt->quiet)
		return;
	pt->quiet = true;
	wake_disarm(pt);
	if (pt->timer_ready)
		timer_settime(pt->timer, 0, &its, NULL);	/* one tick, to say it */
	while (pt->ntracees > 0 && pt->stops == stops) {
		if (!said && now_ns() >= say_at) {
			fprintf(stderr, "syslens: the command keeps the -e filter, and its calls "
				"in the set would fail untraced: following it quietly until "
				"it ends (interrupt again to leave it anyway)\n");
			said = true;
		}
		pid = waitpid(-1, &status, __WALL);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		handle_wait(pt, pid, status);
	}
	if (pt->ntracees > 0)
		fprintf(stderr, "syslens: left it: its calls in the -e set now fail with ENOSYS\n");
}

static void
wake_teardown(struct ptrace_collector *pt)
{
	if (pt->timer_ready) {
		pt->timer_ready = 0;
		timer_delete(pt->timer);
	}
}

/* ---- start ---- */

static void
nrs_init(struct ptrace_collector *pt)
{
	static const uint32_t arches[SL_ARCH_COUNT] = { SL_ARCH_X86_64, SL_ARCH_I386 };

	for (int a = 0; a < SL_ARCH_COUNT; a++) {
		struct special_nrs *n = &pt->nrs[a];

		n->exit = syscall_lookup(arches[a], "exit");
		n->exit_group = syscall_lookup(arches[a], "exit_group");
		n->execve = syscall_lookup(arches[a], "execve");
		n->execveat = syscall_lookup(arches[a], "execveat");
		n->clone = syscall_lookup(arches[a], "clone");
		n->clone3 = syscall_lookup(arches[a], "clone3");
		n->prctl = syscall_lookup(arches[a], "prctl");
		n->restart = syscall_lookup(arches[a], "restart_syscall");
	}
}

static int
ptrace_start(struct sl_collector *c, const struct sl_options *o,
	     struct sl_sink *sink, char *why, size_t whylen)
{
	struct ptrace_collector *pt = (struct ptrace_collector *)c;
	int rc = 0;

	pt->o = o;
	pt->sink = sink;
	pt->capsize = capture_size(o->strsize);
	c->exit_status = -1;
	if (o->mode == SL_MODE_LAUNCH) {
		if (!o->argv || !o->argv[0]) {
			snprintf(why, whylen, "no command to run");
			return -EINVAL;
		}
		return ptrace_launch(pt, why, whylen);
	}
	if (o->mode != SL_MODE_ATTACH || o->npids <= 0) {
		snprintf(why, whylen, "the ptrace backend launches a command or attaches with -p");
		return -EINVAL;
	}
	for (int i = 0; i < o->npids && !rc; i++)
		rc = ptrace_attach(pt, o->pids[i], why, whylen);
	if (rc < 0) {
		/* leave nothing attached, nothing stopped, nothing said */
		pt->quiet = true;
		pt->stopping = 1;
		detach_all(pt);
	}
	return rc;
}

/*
 * The next stop.  A tracee resumed a moment ago is usually back within
 * microseconds; sleeping in waitpid meanwhile lets this CPU go idle, and
 * rousing an idle vCPU for each stop costs far more than the stop itself
 * (make bench: 3-5x on an idle 2-vCPU VM).  So look without sleeping for
 * SPIN_NS first, then sleep.  Not when pinned: the tracee then needs this
 * very CPU to get back.
 */
#define SPIN_NS	50000

static pid_t
wait_next(struct ptrace_collector *pt, int *status)
{
	uint64_t until = now_ns() + (pt->pinned ? 0 : SPIN_NS);
	pid_t pid;

	do {
		pid = waitpid(-1, status, __WALL | WNOHANG);
		if (pid != 0)
			return pid;
	} while (now_ns() < until);
	return waitpid(-1, status, __WALL);
}

static int
ptrace_run(struct sl_collector *c)
{
	struct ptrace_collector *pt = (struct ptrace_collector *)c;
	int status, rc = 0;
	sig_atomic_t ticks = wake_ticks;
	pid_t pid;

	wake_setup(pt);
	if (pt->stopping)
		wake_arm(pt);
	else
		rescan_arm(pt);
	while (pt->ntracees > 0 && !pt->stopping) {
		/* a tick of the timer, even one that landed while a busy
		 * tracee kept waitpid from sleeping */
		if (wake_ticks != ticks) {
			ticks = wake_ticks;
			rescan_cgroup(pt);
		}
		pid = wait_next(pt, &status);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			if (errno != ECHILD)
				rc = -errno;
			break;
		}
		handle_wait(pt, pid, status);
	}
	if (!(pt->launched && pt->o->kill_on_quit))
		follow_quietly(pt);
	if (pt->ntracees > 0) {
		if (pt->launched && pt->o->kill_on_quit)
			kill_all(pt);
		else
			detach_all(pt);
	}
	wake_teardown(pt);
	c->finished = true;
	if (pt->sink_error)
		rc = pt->sink_error;
	return rc;
}

static void
ptrace_stop(struct sl_collector *c)
{
	struct ptrace_collector *pt = (struct ptrace_collector *)c;

	pt->stops++;
	pt->stopping = 1;
	wake_arm(pt);
}

static void
free_one(struct ptrace_collector *pt, struct tracee *t)
{
	ptrace_tracee_del(pt, t);
}

static void
ptrace_destroy(struct sl_collector *c)
{
	struct ptrace_collector *pt = (struct ptrace_collector *)c;

	for_each_tracee(pt, free_one);
	free(pt->buckets);
	free(pt->detached);
	ptrace_filter_free(&pt->filter);
	free(pt);
}

struct sl_collector *
ptrace_collector_new(char *why, size_t whylen)
{
	struct ptrace_collector *pt = xcalloc(1, sizeof(*pt));

	(void)why;
	(void)whylen;
	pt->c.name = "ptrace";
	pt->c.start = ptrace_start;
	pt->c.run = ptrace_run;
	pt->c.stop = ptrace_stop;
	pt->c.destroy = ptrace_destroy;
	pt->c.exit_status = -1;
	pt->nbuckets = 64;
	pt->buckets = xcalloc(pt->nbuckets, sizeof(*pt->buckets));
	nrs_init(pt);
	return &pt->c;
}
