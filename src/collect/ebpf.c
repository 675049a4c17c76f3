/*
 * ebpf.c - the eBPF collector: loads syslens.bpf.c, launches or attaches,
 * and drains the ring buffer into the sink.
 *
 * run() is the drain loop (the interface calls it from its own thread, so
 * the screen never slows collection).  It wakes every few milliseconds
 * (the BPF side submits without waking it, except past a fill threshold),
 * joins ENTRY and EXIT records of one call, and every 100 ms:
 *   - reads the per-CPU loss counters and reports new losses as SL_EV_LOST;
 *   - runs the in-flight iterator, which finds calls blocked longer than
 *     100 ms in task storage and reports each once as SL_EVF_INFLIGHT
 *     (rather than sending an entry event for every call, which would
 *     double the cost of tracing);
 *   - checks whether the traced processes are all gone.
 * It drains at most BATCH_RECORDS records between those turns, so a flood
 * delays neither them nor stop().
 *
 * SL_EV_LOST carries in args[0] the events lost since the last report and
 * in args[1..4] the same by cause: ring buffer full, per-CPU scratch busy,
 * no task storage, pid map full.
 *
 * Environment knobs for tests and debugging: SYSLENS_EBPF_RINGBUF_KB (ring
 * buffer size), SYSLENS_EBPF_STATS=FILE (counters written at the end),
 * SYSLENS_EBPF_DEBUG (libbpf's and the verifier's messages on stderr).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/capability.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "syslens/capture.h"
#include "syslens/collector.h"
#include "syslens/syscalls.h"
#include "syslens/traceset.h"
#include "syslens/util.h"
#include "../bpf/syslens_bpf.h"
#include "syslens.skel.h"

_Static_assert(SLB_K_STR == SL_CAP_STR && SLB_K_BUF == SL_CAP_BUF &&
	       SLB_K_STRUCT == SL_CAP_STRUCT && SLB_K_ARRAY == SL_CAP_ARRAY &&
	       SLB_K_SOCKADDR == SL_CAP_SOCKADDR &&
	       SLB_K_SOCKADDR_P == SL_CAP_SOCKADDR_P && SLB_K_STRV == SL_CAP_STRV &&
	       SLB_K_IOV == SL_CAP_IOV && SLB_K_MSGHDR == SL_CAP_MSGHDR &&
	       SLB_K_FD == SL_CAP_FD && SLB_K_INTP == SL_CAP_INTP &&
	       SLB_K_STRV_COUNT == SL_CAP_STRV_COUNT &&
	       SLB_K_SIGMASK_SP == SL_CAP_SIGMASK_SP &&
	       SLB_K_FDPAIR == SL_CAP_FDPAIR &&
	       SLB_AT_ENTRY == SL_AT_ENTRY && SLB_AT_EXIT == SL_AT_EXIT &&
	       SLB_LEN_RET == SL_LEN_RET && SLB_LEN_NONE == SL_LEN_NONE,
	       "capture.h and syslens_bpf.h agree");
_Static_assert(SLB_NR_MAX == SL_NR_MAX && SLB_ARCHES == SL_ARCH_COUNT,
	       "table sizes agree");

#define POLL_MS			10
#define BATCH_RECORDS		65536	/* records drained between housekeeping */
#define HOUSEKEEP_NS		100000000ULL	/* 100 ms */
#define INFLIGHT_NS		100000000ULL	/* report calls blocked this long */
#define RINGBUF_DEFAULT		(16u << 20)
#define PIDS_MAX		65536
#define TID_BUCKETS		1024
#define NSPID_SLOTS		4096
#define CGROUP2_MAGIC		0x63677270

/* What we know about a thread between its records. */
struct tid_state {
	struct tid_state *next;
	__u32 tid;
	struct sl_event *entry;	/* ENTRY record awaiting its EXIT */
	__u64 inflight_ts;	/* ts_enter of the call reported in flight */
	__u64 inflight_seq;
	__u32 resume_nr;	/* 1 + the call ERESTART_RESTARTBLOCK cut, 0: none */
};

struct nspid_slot {
	__u32 pid;
	__u32 ns_pid;
};

struct comm_slot {
	__u32 tid;
	char comm[SL_COMM_LEN];
};

struct ebpf_collector {
	struct sl_collector c;
	const struct sl_options *o;
	struct sl_sink *sink;
	struct syslens_bpf *skel;
	struct ring_buffer *rb;
	volatile sig_atomic_t stopping;
	int sink_err;
	unsigned batch;		/* records drained since the loop's last turn */
	pid_t child;		/* launch: the command, until reaped */
	__u64 seq;
	__u64 lost_seen[SLB_LOST_CAUSES];
	__u64 run_cpu;		/* the drain loop's thread CPU time at its start */
	int ncpus;
	struct tid_state *tids[TID_BUCKETS];
	struct nspid_slot nspid[NSPID_SLOTS];
	struct comm_slot comms[NSPID_SLOTS];
	int restart_nr[SL_ARCH_COUNT];	/* restart_syscall's number per arch */
	int prctl_nr[SL_ARCH_COUNT];
	struct sl_event_buf buf;
};

static char libbpf_last[256];

static int
libbpf_log(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char line[256];

	if (getenv("SYSLENS_EBPF_DEBUG"))
		return vfprintf(stderr, fmt, ap);
	if (level != LIBBPF_WARN)
		return 0;
	vsnprintf(line, sizeof(line), fmt, ap);
	line[strcspn(line, "\n")] = '\0';
	if (line[0])
		snprintf(libbpf_last, sizeof(libbpf_last), "%s", line);
	return 0;
}

/* ---- threads ---------------------------------------------------------- */

static struct tid_state *
tid_get(struct ebpf_collector *eb, __u32 tid, bool create)
{
	struct tid_state **pp = &eb->tids[tid % TID_BUCKETS], *t;

	for (t = *pp; t; t = t->next)
		if (t->tid == tid)
			return t;
	if (!create)
		return NULL;
	t = xcalloc(1, sizeof(*t));
	t->tid = tid;
	t->next = *pp;
	*pp = t;
	return t;
}

static void
tid_drop(struct ebpf_collector *eb, __u32 tid)
{
	struct tid_state **pp = &eb->tids[tid % TID_BUCKETS], *t;

	for (; (t = *pp); pp = &t->next)
		if (t->tid == tid) {
			*pp = t->next;
			free(t->entry);
			free(t);
			return;
		}
}

/* ---- pid namespaces ---------------------------------------------------- */

/* The pid as its own namespace sees it (0: the same as ours, or gone). */
static __u32
nspid_lookup(struct ebpf_collector *eb, __u32 pid)
{
	struct nspid_slot *sl = &eb->nspid[pid % NSPID_SLOTS];
	char path[64], line[256];
	__u32 ns = 0;
	FILE *f;

	if (sl->pid == pid)
		return sl->ns_pid;
	snprintf(path, sizeof(path), "/proc/%u/status", pid);
	f = fopen(path, "re");
	if (f) {
		while (fgets(line, sizeof(line), f))
			if (!strncmp(line, "NSpid:", 6)) {
				char *last = strrchr(line, '\t');
				unsigned long v;

				/* more than one field: in a child namespace */
				if (last && last != strchr(line, '\t') &&
				    sscanf(last, "%lu", &v) == 1)
					ns = (__u32)v;
				break;
			}
		fclose(f);
	}
	sl->pid = pid;
	sl->ns_pid = ns;
	return ns;
}

/* ---- thread names --------------------------------------------------------- */

/* Syscall records come without comm: fill it from what process events
 * said, or from /proc the first time a thread is seen. */
static void
comm_fill(struct ebpf_collector *eb, struct sl_event *ev)
{
	struct comm_slot *sl = &eb->comms[ev->tid % NSPID_SLOTS];
	char path[64];
	ssize_t n = 0;
	int fd;

	if (sl->tid != ev->tid) {
		memset(sl->comm, 0, sizeof(sl->comm));
		snprintf(path, sizeof(path), "/proc/%u/task/%u/comm", ev->pid, ev->tid);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			n = read(fd, sl->comm, sizeof(sl->comm) - 1);
			close(fd);
		}
		if (n > 0 && sl->comm[n - 1] == '\n')
			sl->comm[n - 1] = '\0';
		sl->tid = ev->tid;
	}
	memcpy(ev->comm, sl->comm, sizeof(ev->comm));
}

static void
comm_learn(struct ebpf_collector *eb, __u32 tid, const char *comm)
{
	struct comm_slot *sl = &eb->comms[tid % NSPID_SLOTS];

	sl->tid = tid;
	memcpy(sl->comm, comm, sizeof(sl->comm));
}

/*
 * A thread that renamed itself with prctl(PR_SET_NAME): its later events
 * carry the new name (the kernel side sends no name with each record).
 */
static void
comm_renamed(struct ebpf_collector *eb, const struct sl_event *ev)
{
	int idx = syscall_arch_index(ev->arch);
	const struct sl_payload *pl;
	char comm[SL_COMM_LEN] = "";

	if (idx < 0 || (int)ev->nr != eb->prctl_nr[idx] || ev->args[0] != 15 /* PR_SET_NAME */ ||
	    ev->ret != 0 || (ev->flags & (SL_EVF_INFLIGHT | SL_EVF_NOEXIT)))
		return;
	pl = event_payload_find(ev, 1, 0);
	if (!pl || pl->kind != SL_CAP_STR || (pl->flags & SL_PLF_UNREADABLE))
		return;
	memcpy(comm, event_payload_data(pl), pl->len < SL_COMM_LEN - 1 ? pl->len : SL_COMM_LEN - 1);
	comm_learn(eb, ev->tid, comm);
}

/* ---- delivery ---------------------------------------------------------- */

/*
 * The path of fd (AT_FDCWD: the working directory) as payload (arg, part),
 * as the ptrace backend records it.  Read when the event is delivered, a
 * few milliseconds after the call: an fd closed by then reads as
 * unreadable.
 */
static void
add_fdpath(struct sl_event_buf *b, unsigned arg, unsigned part, __u32 tid,
	   long long fd, unsigned flags)
{
	char path[64], link[SL_CAPTURE_MAX];
	ssize_t n;

	if (fd == AT_FDCWD)
		snprintf(path, sizeof(path), "/proc/%u/cwd", tid);
	else if (fd >= 0 && fd <= 0x7fffffff)
		snprintf(path, sizeof(path), "/proc/%u/fd/%lld", tid, fd);
	else
		return;
	n = readlink(path, link, sizeof(link));
	if (n < 0) {
		event_add_payload(b, arg, SL_CAP_FD, flags | SL_PLF_UNREADABLE, part, NULL, 0);
		return;
	}
	if (n == (ssize_t)sizeof(link))
		flags |= SL_PLF_TRUNCATED;
	event_add_payload(b, arg, SL_CAP_FD, flags, part, link, (size_t)n);
}

/* -y: the paths of every fd the call names, returns or fills in. */
static void
add_fdpaths(struct sl_event_buf *b, const struct sl_cap_entry *ce)
{
	struct sl_event *ev = &b->ev;
	const struct sl_payload *pl;
	unsigned char data[SL_CAPTURE_MAX];

	for (int i = 0; i < SL_NARGS; i++) {
		const struct sl_cap_arg *a = &ce->arg[i];
		unsigned k = 0;
		size_t len;

		if (a->kind == SL_CAP_FD) {
			/* named in the kernel at entry, unless it could not be */
			if (!event_payload_find(ev, SL_PL_FDPATH_BASE + i, 0))
				add_fdpath(b, SL_PL_FDPATH_BASE + i, 0, ev->tid,
					   (long long)(int)ev->args[i], 0);
			continue;
		}
		if (a->kind != SL_CAP_FDPAIR && !(a->reserved & (SL_CAPF_FDS | SL_CAPF_FDSET)))
			continue;
		/* named in the kernel at entry (poll, select) */
		if (event_payload_find(ev, SL_PL_FDPATH_BASE + i, 0))
			continue;
		/* copied out: adding payloads may move what follows */
		pl = event_payload_find(ev, i, 0);
		if (!pl || (pl->flags & SL_PLF_UNREADABLE))
			continue;
		if (a->kind == SL_CAP_FDPAIR && !(pl->flags & SL_PLF_EXIT))
			continue;
		len = pl->len < sizeof(data) ? pl->len : sizeof(data);
		memcpy(data, event_payload_data(pl), len);
		if (a->kind == SL_CAP_FDPAIR && len == 8 &&
		    !event_payload_find(ev, SL_PL_FDPATH_BASE + i, 0)) {
			int32_t fds[2];

			memcpy(fds, data, sizeof(fds));
			add_fdpath(b, SL_PL_FDPATH_BASE + i, 0, ev->tid, fds[0], SL_PLF_EXIT);
			add_fdpath(b, SL_PL_FDPATH_BASE + i, 1, ev->tid, fds[1], SL_PLF_EXIT);
		} else if ((a->reserved & SL_CAPF_FDS) && a->size) {
			for (size_t off = 0; off + 4 <= len && k < SL_ARRAY_MAX; off += a->size) {
				int32_t fd;

				memcpy(&fd, data + off, sizeof(fd));
				add_fdpath(b, SL_PL_FDPATH_BASE + i, k++, ev->tid, fd, 0);
			}
		} else if (a->reserved & SL_CAPF_FDSET) {
			for (size_t fd = 0; fd < len * 8 && k < SL_ARRAY_MAX; fd++)
				if ((data[fd / 8] >> (fd % 8)) & 1)
					add_fdpath(b, SL_PL_FDPATH_BASE + i, k++, ev->tid,
						   (long long)fd, 0);
		}
	}
	if (ce->ret_fd && !(ev->flags & (SL_EVF_INFLIGHT | SL_EVF_NOEXIT)) && ev->ret >= 0 &&
	    !event_payload_find(ev, SL_PL_FDPATH_RET, 0))
		add_fdpath(b, SL_PL_FDPATH_RET, 0, ev->tid, ev->ret, SL_PLF_EXIT);
}

/*
 * restart_syscall names the call it resumes in args[0] (event.h): the last
 * call of the thread that ERESTART_RESTARTBLOCK cut.
 */
static void
resume_track(struct ebpf_collector *eb, struct sl_event *ev)
{
	int idx = syscall_arch_index(ev->arch);
	bool restart = idx >= 0 && (int)ev->nr == eb->restart_nr[idx];
	bool done = !(ev->flags & SL_EVF_INFLIGHT);
	bool cut = done && ev->ret == -516;	/* ERESTART_RESTARTBLOCK */
	struct tid_state *t;

	if (!restart && !cut)
		return;
	t = tid_get(eb, ev->tid, cut);
	if (restart)
		ev->args[0] = t ? t->resume_nr : 0;
	if (cut)
		t->resume_nr = restart ? (__u32)ev->args[0] : ev->nr + 1;
	else if (t && restart && done)
		t->resume_nr = 0;
}

/* Push the event in eb->buf to the sink. */
static void
deliver(struct ebpf_collector *eb, __u64 seq)
{
	struct sl_event *ev = &eb->buf.ev;

	ev->reserved = 0;
	ev->reserved2 = 0;
	ev->seq = seq ? seq : ++eb->seq;

	if (ev->type == SL_EV_SYSCALL && ev->tid && !ev->comm[0])
		comm_fill(eb, ev);
	if (ev->type == SL_EV_SYSCALL) {
		resume_track(eb, ev);
		comm_renamed(eb, ev);
	}
	_Static_assert(SLB_CAPF_FDS == SL_CAPF_FDS && SLB_CAPF_FDSET == SL_CAPF_FDSET,
		       "capture flags differ between the two sides");
	if (eb->o->fdpaths && ev->type == SL_EV_SYSCALL)
		add_fdpaths(&eb->buf, capture_lookup(ev->arch, ev->nr));
	if (ev->type == SL_EV_SYSCALL && ev->ret <= -512 && ev->ret >= -516 &&
	    !(ev->flags & SL_EVF_INFLIGHT))
		ev->flags |= SL_EVF_INTERRUPTED;	/* ERESTART*: restarted */
	ev->size = sizeof(*ev) + ev->payload_len;
	collect_stats_count(&eb->c.stats, ev);
	if (!eb->sink_err && sink_event(eb->sink, ev) < 0)
		eb->sink_err = 1;
}

/* Copy a record (header and payloads) into eb->buf. */
static void
buf_load(struct ebpf_collector *eb, const struct sl_event *e)
{
	__u32 plen = e->payload_len;

	if (plen > SL_PAYLOAD_MAX)
		plen = SL_PAYLOAD_MAX;
	memcpy(&eb->buf.ev, e, sizeof(*e));
	memcpy(eb->buf.data, e + 1, plen);
	eb->buf.ev.payload_len = plen;
}

/*
 * Join an ENTRY record and its EXIT record in eb->buf: the entry's payloads
 * (except those the exit read again, their page having been absent at
 * entry), then the exit's.
 */
static void
buf_join(struct ebpf_collector *eb, const struct sl_event *entry,
	 const struct sl_event *exit)
{
	const struct sl_payload *pl, *again;

	memcpy(&eb->buf.ev, entry, sizeof(*entry));
	eb->buf.ev.payload_len = 0;
	eb->buf.ev.npayload = 0;
	eb->buf.ev.flags &= ~(SL_EVF_INFLIGHT | SL_EVF_UNREADABLE | SL_EVF_TRUNCATED);
	for (pl = event_payload_first(entry); pl; pl = event_payload_next(entry, pl)) {
		again = event_payload_find(exit, pl->arg, pl->part);
		if (again && again->kind == pl->kind && (pl->flags & SL_PLF_UNREADABLE))
			continue;
		event_add_payload(&eb->buf, pl->arg, pl->kind, pl->flags, pl->part,
				  event_payload_data(pl), pl->len);
	}
}

/* Append the payloads of e after those already in eb->buf. */
static void
buf_append_payloads(struct ebpf_collector *eb, const struct sl_event *e)
{
	const struct sl_payload *pl;

	for (pl = event_payload_first(e); pl; pl = event_payload_next(e, pl))
		event_add_payload(&eb->buf, pl->arg, pl->kind, pl->flags, pl->part,
				  event_payload_data(pl), pl->len);
}

/* A call whose ENTRY record will never be joined: it cannot return. */
static void
flush_entry(struct ebpf_collector *eb, struct tid_state *t, unsigned flag)
{
	__u64 seq = 0;

	if (!t || !t->entry)
		return;
	buf_load(eb, t->entry);
	if (t->inflight_ts == t->entry->ts_enter)
		seq = t->inflight_seq;
	eb->buf.ev.flags = (eb->buf.ev.flags & ~SL_EVF_INFLIGHT) | flag;
	if (flag & SL_EVF_INFLIGHT)
		eb->buf.ev.flags |= SL_EVF_INFLIGHT;
	free(t->entry);
	t->entry = NULL;
	deliver(eb, seq);
}

static void
on_syscall(struct ebpf_collector *eb, const struct sl_event *e)
{
	struct tid_state *t;
	__u64 seq = 0;

	if (e->reserved == SLB_REC_ENTRY) {
		t = tid_get(eb, e->tid, true);
		/* an older entry whose exit was lost: already counted */
		free(t->entry);
		t->entry = xmalloc(sizeof(*e) + e->payload_len);
		memcpy(t->entry, e, sizeof(*e) + e->payload_len);
		return;
	}
	t = tid_get(eb, e->tid, false);
	if (e->reserved == SLB_REC_EXIT) {
		if (t && t->entry && t->entry->ts_enter == e->ts_enter) {
			buf_join(eb, t->entry, e);
			eb->buf.ev.flags |= e->flags & ~(SL_EVF_UNREADABLE | SL_EVF_TRUNCATED);
			eb->buf.ev.ret = e->ret;
			eb->buf.ev.ts_exit = e->ts_exit;
			eb->buf.ev.pid = e->pid;
			eb->buf.ev.tid = e->tid;
			memcpy(eb->buf.ev.comm, e->comm, sizeof(e->comm));
			buf_append_payloads(eb, e);
			free(t->entry);
			t->entry = NULL;
		} else {
			/* the ENTRY record was lost: what it carried is missing */
			buf_load(eb, e);
			eb->buf.ev.flags |= SL_EVF_TRUNCATED;
		}
	} else {
		buf_load(eb, e);
		if (t && t->entry && t->entry->ts_enter < e->ts_enter) {
			/* its EXIT record was lost (counted): a later call
			 * of the thread finished, so that one cannot be
			 * in flight any more */
			free(t->entry);
			t->entry = NULL;
		}
	}
	if (t && t->inflight_ts && t->inflight_ts == e->ts_enter) {
		seq = t->inflight_seq;
		t->inflight_ts = 0;
	}
	deliver(eb, seq);
}

/*
 * The execve of a freshly forked child often names strings in pages its page
 * tables do not map yet (fork copies no page-table entries for file-backed
 * data such as string literals), and a BPF program cannot fault them in: the
 * entry record then marks the path and argv unreadable.  The kernel has read
 * them by the time the exec event fires, which carries the same path and
 * argv: fill the pending entry's unreadable ones from it, cut at -s as the
 * entry would have been.  For execveat the kernel's name of a path relative
 * to a directory fd is /dev/fd/N/..., not what the caller passed: only an
 * absolute path (or one relative to AT_FDCWD) is taken.
 */
static void
exec_fill_entry(struct ebpf_collector *eb, struct tid_state *t,
		const struct sl_event_buf *exec)
{
	const struct sl_event *in = t ? t->entry : NULL;
	const struct sl_payload *pl, *path, *argv;
	struct sl_event_buf *out;
	const char *name;
	unsigned parg, cap = capture_size(eb->o->strsize);
	bool fix_path, fix_argv = false;

	if (!in)
		return;
	name = syscall_name(in->arch, in->nr);
	if (!name || (strcmp(name, "execve") && strcmp(name, "execveat")))
		return;
	parg = name[6] ? 1 : 0;
	path = event_payload_find(in, parg, 0);
	fix_path = path && path->kind == SL_CAP_STR && (path->flags & SL_PLF_UNREADABLE);
	if (fix_path && parg && (int)in->args[0] != AT_FDCWD) {
		pl = event_payload_find(&exec->ev, 0, 0);
		fix_path = pl && !(pl->len >= 8 &&
				   !memcmp(event_payload_data(pl), "/dev/fd/", 8));
	}
	for (argv = event_payload_first(in); argv; argv = event_payload_next(in, argv))
		if (argv->arg == parg + 1 && argv->kind == SL_CAP_STRV &&
		    (argv->flags & SL_PLF_UNREADABLE))
			fix_argv = true;
	if (!fix_path && !fix_argv)
		return;
	out = xmalloc(sizeof(*out));
	event_init(out, in->type);
	memcpy(&out->ev, in, sizeof(*in));
	out->ev.payload_len = 0;
	out->ev.npayload = 0;
	for (pl = event_payload_first(in); pl; pl = event_payload_next(in, pl)) {
		if ((fix_path && pl->arg == parg) || (fix_argv && pl->arg == parg + 1))
			continue;
		event_add_payload(out, pl->arg, pl->kind, pl->flags, pl->part,
				  event_payload_data(pl), pl->len);
	}
	for (pl = event_payload_first(&exec->ev); pl; pl = event_payload_next(&exec->ev, pl)) {
		unsigned arg = pl->arg == 0 ? parg : parg + 1;
		unsigned flags = pl->flags;
		size_t len = pl->len;

		if ((pl->arg == 0 && !fix_path) || (pl->arg == 1 && !fix_argv) || pl->arg > 1)
			continue;
		if (len > cap) {
			len = cap;
			flags |= SL_PLF_TRUNCATED;
		}
		event_add_payload(out, arg, pl->kind, flags, pl->part,
				  event_payload_data(pl), len);
	}
	free(t->entry);
	t->entry = xmalloc(sizeof(out->ev) + out->ev.payload_len);
	memcpy(t->entry, &out->ev, sizeof(out->ev) + out->ev.payload_len);
	free(out);
}

/* Rewrite an exec record's argv blob as one SL_CAP_STRV payload a string. */
static void
on_exec(struct ebpf_collector *eb, const struct sl_event *e)
{
	const struct sl_payload *pl;
	struct tid_state *t, *old;

	if (e->args[0] && e->args[0] != e->tid) {
		/* a non-leader exec'd: it now has the leader's tid.  The
		 * leader's own call can never finish; the exec'ing thread's
		 * execve finishes under the new tid. */
		t = tid_get(eb, e->tid, false);
		flush_entry(eb, t, SL_EVF_NOEXIT);
		old = tid_get(eb, (__u32)e->args[0], false);
		if (old) {
			t = tid_get(eb, e->tid, true);
			t->entry = old->entry;
			old->entry = NULL;
			if (t->entry)
				t->entry->tid = e->tid;
			t->inflight_ts = old->inflight_ts;
			t->inflight_seq = old->inflight_seq;
			tid_drop(eb, (__u32)e->args[0]);
		}
	}
	event_init(&eb->buf, SL_EV_EXEC);
	memcpy(&eb->buf.ev, e, sizeof(*e));
	eb->buf.ev.payload_len = 0;
	eb->buf.ev.npayload = 0;
	for (pl = event_payload_first(e); pl; pl = event_payload_next(e, pl)) {
		const unsigned char *d = event_payload_data(pl);
		unsigned part = 0;
		size_t i = 0;

		if (pl->kind != SLB_KIND_ARGBLOB) {
			event_add_payload(&eb->buf, pl->arg, pl->kind, pl->flags,
					  pl->part, d, pl->len);
			continue;
		}
		while (i < pl->len && part < SL_ARRAY_MAX) {
			size_t n = strnlen((const char *)d + i, pl->len - i);
			unsigned f = i + n >= pl->len ? (pl->flags & SL_PLF_TRUNCATED) : 0;

			event_add_payload(&eb->buf, pl->arg, SL_CAP_STRV, f, part++,
					  d + i, n);
			i += n + 1;
		}
		if (i < pl->len)
			event_add_payload(&eb->buf, pl->arg, SL_CAP_STRV,
					  SL_PLF_TRUNCATED, part, NULL, 0);
	}
	exec_fill_entry(eb, tid_get(eb, e->tid, false), &eb->buf);
	deliver(eb, 0);
}

static void on_record_one(struct ebpf_collector *eb, const struct sl_event *e);

/*
 * libbpf consumes for as long as records keep coming, which under a flood
 * is forever: stop after a batch (or when asked to stop), so the loop gets
 * to its housekeeping and to stop() in time.  The record at hand is
 * handled first; libbpf has already moved past it.
 */
static int
on_record(void *ctx, void *data, size_t size)
{
	struct ebpf_collector *eb = ctx;
	const struct sl_event *e = data;

	if (size >= sizeof(*e) && sizeof(*e) + (size_t)e->payload_len <= size)
		on_record_one(eb, e);
	if (eb->stopping || ++eb->batch >= BATCH_RECORDS)
		return -EAGAIN;
	return 0;
}

static void
on_record_one(struct ebpf_collector *eb, const struct sl_event *e)
{
	switch (e->type) {
	case SL_EV_SYSCALL:
		on_syscall(eb, e);
		break;
	case SL_EV_EXEC:
		comm_learn(eb, e->tid, e->comm);
		on_exec(eb, e);
		break;
	case SL_EV_FORK:
		/* the child starts with its parent's name */
		comm_learn(eb, (__u32)e->args[1], e->comm);
		buf_load(eb, e);
		deliver(eb, 0);
		break;
	case SL_EV_EXIT:
		flush_entry(eb, tid_get(eb, e->tid, false), SL_EVF_NOEXIT);
		tid_drop(eb, e->tid);
		buf_load(eb, e);
		deliver(eb, 0);
		/* the numbers may come back for another thread */
		if (eb->comms[e->tid % NSPID_SLOTS].tid == e->tid)
			eb->comms[e->tid % NSPID_SLOTS].tid = 0;
		if (e->args[0])
			eb->nspid[e->pid % NSPID_SLOTS].pid = 0;
		break;
	default:
		buf_load(eb, e);
		deliver(eb, 0);
		break;
	}
}

/* ---- housekeeping -------------------------------------------------------- */

static void
check_lost(struct ebpf_collector *eb)
{
	int fd = bpf_map__fd(eb->skel->maps.lost);
	__u64 vals[eb->ncpus], total = 0, delta[SLB_LOST_CAUSES], all = 0;

	for (__u32 k = 0; k < SLB_LOST_CAUSES; k++) {
		__u64 sum = 0;

		delta[k] = 0;
		if (bpf_map_lookup_elem(fd, &k, vals))
			continue;
		for (int i = 0; i < eb->ncpus; i++)
			sum += vals[i];
		delta[k] = sum - eb->lost_seen[k];
		eb->lost_seen[k] = sum;
		total += sum;
		all += delta[k];
	}
	if (!all)
		return;
	eb->c.stats.lost = total;
	event_init(&eb->buf, SL_EV_LOST);
	eb->buf.ev.args[0] = all;
	/* by cause: ring buffer full, scratch busy, no task storage,
	 * pid map full */
	for (int k = 0; k < SLB_LOST_CAUSES && k + 1 < SL_NARGS; k++)
		eb->buf.ev.args[k + 1] = delta[k];
	eb->buf.ev.ts_enter = eb->buf.ev.ts_exit = now_ns();
	deliver(eb, 0);
}

/*
 * Calls blocked past INFLIGHT_NS, reported once each as in flight.
 * Leaving (asked to stop while the traced processes run on): every call
 * in flight now, however young, ends as "? <detached ...>", as the ptrace
 * backend says of the calls it leaves.
 */
static void
report_inflight(struct ebpf_collector *eb, bool leaving)
{
	struct slb_inflight r;
	int fd;

	if (!eb->skel->links.inflight)
		return;
	if (leaving)
		eb->skel->bss->report_all = 1;
	fd = bpf_iter_create(bpf_link__fd(eb->skel->links.inflight));
	if (fd < 0)
		return;
	while (read(fd, &r, sizeof(r)) == (ssize_t)sizeof(r)) {
		struct tid_state *t = tid_get(eb, r.tid, true);
		__u64 seq;

		if (!leaving && t->inflight_ts == r.ts_enter)
			continue;
		if (t->entry && t->entry->ts_enter == r.ts_enter) {
			buf_load(eb, t->entry);
			if (leaving) {
				free(t->entry);
				t->entry = NULL;
			}
		} else {
			event_init(&eb->buf, SL_EV_SYSCALL);
			eb->buf.ev.pid = r.pid;
			eb->buf.ev.tid = r.tid;
			eb->buf.ev.nr = r.nr;
			eb->buf.ev.arch = r.arch;
			memcpy(eb->buf.ev.args, r.args, sizeof(r.args));
			eb->buf.ev.ts_enter = r.ts_enter;
			eb->buf.ev.ns_pid = nspid_lookup(eb, r.pid);
			memcpy(eb->buf.ev.comm, r.comm, sizeof(r.comm));
		}
		if (leaving) {
			seq = t->inflight_ts == r.ts_enter ? t->inflight_seq : 0;
			eb->buf.ev.flags &= ~SL_EVF_INFLIGHT;
			eb->buf.ev.flags |= SL_EVF_NOEXIT | SL_EVF_DETACHED;
			eb->buf.ev.ts_exit = now_ns();
			t->inflight_ts = 0;
		} else {
			eb->buf.ev.flags |= SL_EVF_INFLIGHT;
			t->inflight_ts = r.ts_enter;
			seq = t->inflight_seq = ++eb->seq;
		}
		deliver(eb, seq);
	}
	close(fd);
}

/*
 * Whether any traced process is left.  Exits normally leave the map as the
 * BPF side deletes them; a pid whose exit was lost is swept here.
 */
static bool
traced_left(struct ebpf_collector *eb)
{
	int fd = bpf_map__fd(eb->skel->maps.pids);
	__u32 key, next, *prev = NULL;
	bool any = false;

	while (bpf_map_get_next_key(fd, prev, &next) == 0) {
		key = next;
		prev = &key;
		if (kill((pid_t)key, 0) < 0 && errno == ESRCH) {
			bpf_map_delete_elem(fd, &key);
			prev = NULL;	/* restart: deleting breaks the walk */
			continue;
		}
		any = true;
		break;
	}
	return any;
}

static void
reap_child(struct ebpf_collector *eb, bool block)
{
	int status;
	pid_t r;

	if (eb->child <= 0)
		return;
	r = waitpid(eb->child, &status, block ? 0 : WNOHANG);
	if (r == eb->child) {
		if (WIFEXITED(status))
			eb->c.exit_status = WEXITSTATUS(status);
		else if (WIFSIGNALED(status))
			eb->c.exit_status = 128 + WTERMSIG(status);
		eb->child = 0;
	} else if (r < 0 && errno == ECHILD) {
		eb->child = 0;
	}
}

/* ---- start ------------------------------------------------------------- */

static unsigned
ringbuf_size(void)
{
	const char *env = getenv("SYSLENS_EBPF_RINGBUF_KB");
	long page = sysconf(_SC_PAGESIZE);
	unsigned long want = RINGBUF_DEFAULT, n;

	if (env && *env)
		want = strtoul(env, NULL, 10) * 1024;
	for (n = (unsigned long)page; n < want && n < (1ul << 30); n <<= 1)
		;
	return (unsigned)n;
}

static void
fill_caps(struct syslens_bpf *skel, bool fdpaths)
{
	static const uint32_t arches[SL_ARCH_COUNT] = { SL_ARCH_X86_64, SL_ARCH_I386 };

	for (int a = 0; a < SL_ARCH_COUNT; a++)
		for (uint32_t nr = 0; nr < SL_NR_MAX; nr++) {
			const struct sl_cap_entry *ce = capture_lookup(arches[a], nr);
			struct slb_cap *bc = (struct slb_cap *)&skel->rodata->caps[a][nr];
			const char *name = syscall_name(arches[a], nr);

			memset(bc, 0, sizeof(*bc));
			for (int i = 0; i < SL_NARGS; i++) {
				bc->arg[i].kind = ce->arg[i].kind;
				bc->arg[i].when = ce->arg[i].when;
				bc->arg[i].len_arg = ce->arg[i].len_arg;
				bc->arg[i].size = ce->arg[i].size;
				bc->arg[i].flags = fdpaths ? ce->arg[i].reserved : 0;
				/* -y: fds are named in the kernel at entry */
				if (ce->arg[i].kind == SL_CAP_FD && fdpaths)
					bc->entry_mask |= 1u << i;
				if (ce->arg[i].kind == SL_CAP_FD || !ce->arg[i].kind)
					continue;
				if (ce->arg[i].when & SL_AT_ENTRY)
					bc->entry_mask |= 1u << i;
				if (ce->arg[i].when & SL_AT_EXIT) {
					bc->at_exit = 1;
					bc->exit_mask |= 1u << i;
					if (ce->arg[i].when & SL_AT_CUT)
						bc->cut_mask |= 1u << i;
				}
			}
			if (fdpaths && ce->ret_fd) {
				bc->fd_ret = 1;
				bc->at_exit = 1;
			}
			if (name && (!strcmp(name, "exit") || !strcmp(name, "exit_group")))
				bc->special |= SLB_CAP_NOEXIT;
			if (name && (!strcmp(name, "execve") || !strcmp(name, "execveat")))
				bc->special |= SLB_CAP_EXEC;
		}
}

static int
find_cgroup2_mount(char *out, size_t outlen)
{
	char line[1024], dev[256], dir[768], type[64];
	FILE *f = fopen("/proc/self/mounts", "re");
	int rc = -ENOENT;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%255s %767s %63s", dev, dir, type) == 3 &&
		    !strcmp(type, "cgroup2")) {
			snprintf(out, outlen, "%s", dir);
			rc = 0;
			break;
		}
	fclose(f);
	return rc;
}

static const char *container_want;
static char container_found[4096];

static int
container_walk(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	if (flag == FTW_D && strstr(path + ftw->base, container_want)) {
		snprintf(container_found, sizeof(container_found), "%s", path);
		return 1;
	}
	return 0;
}

/* Open the cgroup v2 directory --cgroup or --container names. */
static int
open_cgroup(const struct sl_options *o, char *why, size_t whylen)
{
	char mnt[768], path[4096];
	struct statfs sfs;
	int fd;

	if (o->cgroup_dir) {
		/* resolved already (container.c): one rule for every backend */
		fd = open(o->cgroup_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0) {
			snprintf(why, whylen, "cgroup %s: %s", o->cgroup_dir, strerror(errno));
			return -errno;
		}
		return fd;
	}
	if (find_cgroup2_mount(mnt, sizeof(mnt)) < 0) {
		snprintf(why, whylen, "no cgroup v2 hierarchy is mounted");
		return -ENOENT;
	}
	if (o->container) {
		container_want = o->container;
		container_found[0] = '\0';
		nftw(mnt, container_walk, 16, FTW_PHYS);
		if (!container_found[0]) {
			snprintf(why, whylen, "container '%s': no cgroup found under %s",
				 o->container, mnt);
			return -ENOENT;
		}
		snprintf(path, sizeof(path), "%s", container_found);
	} else {
		snprintf(path, sizeof(path), "%s", o->cgroup);
	}
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0 && fstatfs(fd, &sfs) == 0 && sfs.f_type != CGROUP2_MAGIC) {
		close(fd);
		fd = -1;
	}
	if (fd < 0 && !o->container) {
		/* a path as /proc/PID/cgroup shows it, under the mount */
		snprintf(path, sizeof(path), "%s/%s", mnt, o->cgroup);
		fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	if (fd < 0) {
		snprintf(why, whylen, "cgroup '%s': not a cgroup v2 directory",
			 o->cgroup ? o->cgroup : path);
		return -ENOENT;
	}
	return fd;
}

/* The tgid of a pid (a tid given to -p means its whole process). */
static int
pid_tgid(pid_t pid, __u32 *tgid)
{
	char path[64], line[256];
	FILE *f;
	int rc = -ESRCH;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return -ESRCH;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Tgid: %u", tgid) == 1) {
			rc = 0;
			break;
		}
	fclose(f);
	return rc;
}

/* Whether pid is a kernel thread (PF_KTHREAD in the flags of its stat):
 * it makes no syscalls, so waiting for one would wait for ever. */
static bool
pid_is_kthread(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long flags = 0;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	/* after "(comm)": state ppid pgrp session tty_nr tpgid flags */
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %lu", &flags) != 1)
		return false;
	return flags & 0x00200000;	/* PF_KTHREAD */
}

/* Look the command up in PATH as execvp would, so only its execve shows. */
static char *
resolve_command(const char *cmd)
{
	const char *path = getenv("PATH");
	char *dirs, *dir, *save = NULL, *full = NULL;

	if (strchr(cmd, '/'))
		return xstrdup(cmd);
	dirs = xstrdup(path && *path ? path : "/usr/local/bin:/usr/bin:/bin");
	for (dir = strtok_r(dirs, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		struct stat st;
		size_t n = strlen(dir) + strlen(cmd) + 2;

		full = xmalloc(n);
		snprintf(full, n, "%s/%s", *dir ? dir : ".", cmd);
		if (stat(full, &st) == 0 && S_ISREG(st.st_mode) &&
		    access(full, X_OK) == 0)
			break;
		free(full);
		full = NULL;
	}
	free(dirs);
	return full;
}

static int
launch(struct ebpf_collector *eb, char *why, size_t whylen)
{
	const struct sl_options *o = eb->o;
	int go[2] = { -1, -1 }, err[2] = { -1, -1 }, e = 0, rc = 0;
	__u32 v = SLB_PID_AWAIT_EXEC, key;
	char *path = resolve_command(o->argv[0]);
	ssize_t n;
	pid_t pid;

	if (!path) {
		snprintf(why, whylen, "cannot run '%s': command not found", o->argv[0]);
		return -ENOENT;
	}
	if (pipe2(go, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0) {
		rc = -errno;
		snprintf(why, whylen, "pipe: %s", strerror(errno));
		goto out;
	}
	pid = fork();
	if (pid < 0) {
		rc = -errno;
		snprintf(why, whylen, "fork: %s", strerror(errno));
		goto out;
	}
	if (pid == 0) {
		char c;

		close(go[1]);
		close(err[0]);
		if (o->launch_tty_fd >= 0) {
			dup2(o->launch_tty_fd, 0);
			dup2(o->launch_tty_fd, 1);
			dup2(o->launch_tty_fd, 2);
		}
		signal(SIGPIPE, SIG_DFL);
		volatile size_t touch = 0;

		/* wait until our pid is in the traced set */
		if (read(go[0], &c, 1) != 1)
			_exit(127);
		/* fault in what execve will be read from: a page of the
		 * parent's that fork did not map here (file-backed, say)
		 * cannot be read by the kernel side */
		touch += strlen(path);
		for (char **a = o->argv; *a; a++)
			touch += strlen(*a);
		execv(path, o->argv);
		e = errno;
		if (write(err[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	eb->child = pid;
	close(go[0]);
	go[0] = -1;
	close(err[1]);
	err[1] = -1;
	key = (__u32)pid;
	if (bpf_map_update_elem(bpf_map__fd(eb->skel->maps.pids), &key, &v, BPF_ANY) < 0) {
		rc = -errno;
		snprintf(why, whylen, "cannot trace pid %d: %s", pid, strerror(errno));
		kill(pid, SIGKILL);
		reap_child(eb, true);
		goto out;
	}
	if (write(go[1], "x", 1) != 1) {
		rc = -EIO;
		snprintf(why, whylen, "cannot start '%s'", o->argv[0]);
		goto out;
	}
	n = read(err[0], &e, sizeof(e));
	if (n == (ssize_t)sizeof(e)) {
		rc = -e;
		snprintf(why, whylen, "cannot run '%s': %s", o->argv[0], strerror(e));
		reap_child(eb, true);
		bpf_map_delete_elem(bpf_map__fd(eb->skel->maps.pids), &key);
	}
out:
	free(path);
	for (int i = 0; i < 2; i++) {
		if (go[i] >= 0)
			close(go[i]);
		if (err[i] >= 0)
			close(err[i]);
	}
	return rc;
}

static int
ebpf_start(struct sl_collector *c, const struct sl_options *o,
	   struct sl_sink *sink, char *why, size_t whylen)
{
	struct ebpf_collector *eb = (struct ebpf_collector *)c;
	struct syslens_bpf *skel;
	unsigned rbsize = ringbuf_size();
	__u32 filt = 0;
	int err, cgfd = -1;

	eb->o = o;
	eb->sink = sink;
	eb->restart_nr[syscall_arch_index(SL_ARCH_X86_64)] =
		syscall_lookup(SL_ARCH_X86_64, "restart_syscall");
	eb->restart_nr[syscall_arch_index(SL_ARCH_I386)] =
		syscall_lookup(SL_ARCH_I386, "restart_syscall");
	eb->prctl_nr[syscall_arch_index(SL_ARCH_X86_64)] = syscall_lookup(SL_ARCH_X86_64, "prctl");
	eb->prctl_nr[syscall_arch_index(SL_ARCH_I386)] = syscall_lookup(SL_ARCH_I386, "prctl");
	eb->ncpus = libbpf_num_possible_cpus();
	if (eb->ncpus <= 0)
		eb->ncpus = 1;
	if (o->cgroup || o->container) {
		cgfd = open_cgroup(o, why, whylen);
		if (cgfd < 0)
			return cgfd;
		filt |= SLB_F_CGROUP;
	}
	if (o->mode == SL_MODE_LAUNCH || o->mode == SL_MODE_ATTACH)
		filt |= SLB_F_PIDS;

	libbpf_set_print(libbpf_log);
	skel = syslens_bpf__open();
	if (!skel) {
		err = -errno;
		snprintf(why, whylen, "cannot open the BPF program: %s", strerror(-err));
		goto fail;
	}
	eb->skel = skel;
	/* attached by hand, in their own order (see below) */
	bpf_program__set_autoattach(skel->progs.sched_switch, false);
	bpf_program__set_autoattach(skel->progs.sys_enter, false);
	skel->rodata->own_tgid = (__u32)getpid();
	skel->rodata->filter = filt;
	skel->rodata->cap_bytes = capture_size(o->strsize);
	skel->rodata->wake_bytes = rbsize / 4;
	skel->rodata->inflight_ns = INFLIGHT_NS;
	skel->rodata->want_cgroup = o->mode == SL_MODE_ALL || (filt & SLB_F_CGROUP);
	if (o->trace) {
		skel->rodata->use_traceset = 1;
		memcpy((void *)skel->rodata->traceset, o->trace->bits,
		       sizeof(o->trace->bits));
	}
	fill_caps(skel, o->fdpaths);
	skel->rodata->fdpaths = o->fdpaths ? 1 : 0;
	bpf_map__set_max_entries(skel->maps.rb, rbsize);
	bpf_map__set_max_entries(skel->maps.pids, PIDS_MAX);

	err = syslens_bpf__load(skel);
	if (err) {
		snprintf(why, whylen, "cannot load the BPF program: %s%s%s",
			 strerror(-err), libbpf_last[0] ? ": " : "", libbpf_last);
		goto fail;
	}
	if (cgfd >= 0) {
		__u32 zero = 0;

		if (bpf_map_update_elem(bpf_map__fd(skel->maps.cgmap), &zero, &cgfd, BPF_ANY)) {
			err = -errno;
			snprintf(why, whylen, "cgroup filter: %s", strerror(errno));
			goto fail;
		}
		close(cgfd);
		cgfd = -1;
	}
	if (o->mode == SL_MODE_ATTACH) {
		int fd = bpf_map__fd(skel->maps.pids);
		__u32 v = SLB_PID_TRACED, tgid;

		for (int i = 0; i < o->npids; i++) {
			if (pid_tgid(o->pids[i], &tgid) < 0 || kill(o->pids[i], 0) < 0) {
				err = -ESRCH;
				snprintf(why, whylen, "pid %d: no such process",
					 (int)o->pids[i]);
				goto fail;
			}
			if (tgid == (__u32)getpid()) {
				err = -EPERM;
				snprintf(why, whylen, "pid %d: syslens does not trace itself",
					 (int)o->pids[i]);
				goto fail;
			}
			if (pid_is_kthread(o->pids[i])) {
				err = -EPERM;
				snprintf(why, whylen, "pid %d: a kernel thread, which makes no "
					 "syscalls", (int)o->pids[i]);
				goto fail;
			}
			bpf_map_update_elem(fd, &tgid, &v, BPF_ANY);
		}
	}
	eb->rb = ring_buffer__new(bpf_map__fd(skel->maps.rb), on_record, eb, NULL);
	if (!eb->rb) {
		err = -errno;
		snprintf(why, whylen, "ring buffer: %s", strerror(errno));
		goto fail;
	}
	/* the switch first and sys_enter last: a call's ENTRY record can
	 * wait for its exit only once a switch in between is sure to send
	 * it (else the EXIT record could come first), and once sys_exit is
	 * there to take it (else it would wait until some later record) */
	skel->links.sched_switch = bpf_program__attach(skel->progs.sched_switch);
	err = skel->links.sched_switch ? syslens_bpf__attach(skel) : -errno;
	if (!err) {
		skel->links.sys_enter = bpf_program__attach(skel->progs.sys_enter);
		if (!skel->links.sys_enter)
			err = -errno;
	}
	if (err) {
		snprintf(why, whylen, "cannot attach the BPF program: %s%s%s",
			 strerror(-err), libbpf_last[0] ? ": " : "", libbpf_last);
		goto fail;
	}
	if (o->mode == SL_MODE_LAUNCH) {
		err = launch(eb, why, whylen);
		if (err)
			goto fail;
	}
	return 0;
fail:
	if (cgfd >= 0)
		close(cgfd);
	ring_buffer__free(eb->rb);
	eb->rb = NULL;
	syslens_bpf__destroy(eb->skel);
	eb->skel = NULL;
	return err < 0 ? err : -EINVAL;
}

/* SYSLENS_EBPF_STATS=FILE: the counters at the end, for tests and
 * benchmarks. */
static void
write_stats(struct ebpf_collector *eb)
{
	const char *path = getenv("SYSLENS_EBPF_STATS");
	FILE *f;

	if (!path || !*path || !(f = fopen(path, "we")))
		return;
	fprintf(f, "events %llu\nlost %llu\ntruncated %llu\n",
		(unsigned long long)eb->c.stats.events,
		(unsigned long long)eb->c.stats.lost,
		(unsigned long long)eb->c.stats.truncated);
	for (int k = 0; k < SLB_LOST_CAUSES; k++)
		fprintf(f, "lost_cause%d %llu\n", k, (unsigned long long)eb->lost_seen[k]);
	/* what reading the records cost: the drain loop's CPU time */
	fprintf(f, "reader_cpu_ns %llu\n",
		(unsigned long long)(clock_ns(CLOCK_THREAD_CPUTIME_ID) - eb->run_cpu));
	fclose(f);
}

static int
ebpf_run(struct sl_collector *c)
{
	struct ebpf_collector *eb = (struct ebpf_collector *)c;
	bool launch_or_attach = eb->o->mode == SL_MODE_LAUNCH ||
				eb->o->mode == SL_MODE_ATTACH;
	__u64 next = now_ns() + HOUSEKEEP_NS;
	int rc = 0;

	if (!eb->rb)
		return -EINVAL;
	eb->run_cpu = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	/* -p: the calls the processes are in now, known at once rather than
	 * at the first sweep, which a call returning before it would miss */
	if (eb->o->mode == SL_MODE_ATTACH)
		report_inflight(eb, false);
	while (!eb->stopping && !eb->sink_err) {
		int n;

		eb->batch = 0;
		n = ring_buffer__poll(eb->rb, POLL_MS);
		if (n < 0 && n != -EINTR && n != -EAGAIN) {
			rc = n;
			break;
		}
		if (eb->batch < BATCH_RECORDS)
			ring_buffer__consume(eb->rb);
		if (now_ns() < next)
			continue;
		next = now_ns() + HOUSEKEEP_NS;
		check_lost(eb);
		report_inflight(eb, false);
		reap_child(eb, false);
		if (launch_or_attach && !traced_left(eb))
			break;
	}
	/* what the kernel side sent before the end (all of it, unless
	 * asked to stop: then the user wants out, not a backlog) */
	do
		eb->batch = 0;
	while (ring_buffer__consume(eb->rb) == -EAGAIN && !eb->stopping &&
	       !eb->sink_err);
	check_lost(eb);
	if (eb->o->mode == SL_MODE_LAUNCH)
		reap_child(eb, !eb->stopping);
	/* leaving processes that run on: their calls in flight are left */
	if (eb->stopping && launch_or_attach && !eb->sink_err &&
	    !(eb->child > 0 && eb->o->kill_on_quit))
		report_inflight(eb, true);
	/* calls still in flight at the end are shown as such */
	for (int b = 0; b < TID_BUCKETS; b++)
		for (struct tid_state *t = eb->tids[b]; t; t = t->next)
			flush_entry(eb, t, SL_EVF_INFLIGHT);
	if (eb->stopping && eb->child > 0 && eb->o->kill_on_quit) {
		kill(eb->child, SIGKILL);
		reap_child(eb, true);
	}
	write_stats(eb);
	c->finished = true;
	if (eb->sink_err)
		return -EIO;
	return rc;
}

static void
ebpf_stop(struct sl_collector *c)
{
	((struct ebpf_collector *)c)->stopping = 1;
}

static void
ebpf_destroy(struct sl_collector *c)
{
	struct ebpf_collector *eb = (struct ebpf_collector *)c;

	ring_buffer__free(eb->rb);
	syslens_bpf__destroy(eb->skel);
	for (int b = 0; b < TID_BUCKETS; b++)
		while (eb->tids[b])
			tid_drop(eb, eb->tids[b]->tid);
	free(eb);
}

/* Whether this process may load tracing programs: root, or CAP_BPF and
 * CAP_PERFMON. */
static bool
has_bpf_caps(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];

	if (geteuid() == 0)
		return true;
	if (syscall(SYS_capget, &hdr, data) < 0)
		return false;
	/* CAP_PERFMON 38, CAP_BPF 39: in the second word */
	return (data[1].effective & (1u << (38 - 32))) &&
	       (data[1].effective & (1u << (39 - 32)));
}

struct sl_collector *
ebpf_collector_new(char *why, size_t whylen)
{
	struct ebpf_collector *eb;

	if (!has_bpf_caps()) {
		snprintf(why, whylen, "not root and no CAP_BPF + CAP_PERFMON");
		return NULL;
	}
	if (access("/sys/kernel/btf/vmlinux", R_OK) < 0) {
		snprintf(why, whylen, "the kernel has no BTF (/sys/kernel/btf/vmlinux)");
		return NULL;
	}
	libbpf_set_print(libbpf_log);
	if (libbpf_probe_bpf_map_type(BPF_MAP_TYPE_RINGBUF, NULL) <= 0 ||
	    libbpf_probe_bpf_map_type(BPF_MAP_TYPE_TASK_STORAGE, NULL) <= 0) {
		snprintf(why, whylen, "the kernel lacks BPF ring buffers or task storage");
		return NULL;
	}
	eb = xcalloc(1, sizeof(*eb));
	eb->c.name = "ebpf";
	eb->c.start = ebpf_start;
	eb->c.run = ebpf_run;
	eb->c.stop = ebpf_stop;
	eb->c.destroy = ebpf_destroy;
	eb->c.exit_status = -1;
	return &eb->c;
}
