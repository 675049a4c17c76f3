// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * syslens.bpf.c - the kernel side of the eBPF collector.
 *
 * Syscall entry and exit (tp_btf raw_syscalls), process fork, exec and
 * exit, signal delivery and the scheduler's switch (see struct scratch),
 * filtered in the kernel by the traced-pid set (grown at fork), a cgroup
 * and the -e syscall bitmap; payloads read as the shared capture table
 * says.  Records go to one ring buffer, submitted without a wakeup: the
 * loader drains it on a short timer, and is only woken when the buffer
 * fills past a threshold, because a wakeup per event costs more than the
 * rest of the program.  Entry state lives in task storage (no shared
 * hash to contend on), where an iterator can also find calls in flight.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#include "syslens_bpf.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Knobs, set by the loader before load. */
const volatile __u32 own_tgid = 0;
const volatile __u32 filter = 0;
const volatile __u32 use_traceset = 0;
const volatile __u32 want_cgroup = 0;
const volatile __u32 cap_bytes = SL_CAPTURE_MIN;
const volatile __u64 wake_bytes = 1 << 20;
const volatile __u64 inflight_ns = 100000000;
const volatile __u32 fdpaths = 0;	/* -y: name fds in the kernel */
const volatile __u64 traceset[SLB_ARCHES][SLB_NR_MAX / 64] = {};
const volatile struct slb_cap caps[SLB_ARCHES][SLB_NR_MAX] = {};
/* Set by the loader when it leaves: the iterator reports every call. */
volatile __u32 report_all = 0;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20);
} rb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, __u32);
	__type(value, __u32);
} pids SEC(".maps");

struct task_state {
	__u64 ts;		/* entry time, 0 when not in a syscall */
	__u32 traced;		/* passed the pid filter once: no more lookups */
	__u32 ns_pid;		/* its process's pid in its own namespace, 0: ours */
	__u64 args[SL_NARGS];
	__u64 reported;		/* ts of the call last reported in flight */
	__u32 nr;
	__u32 arch;
	__u32 had_entry;	/* an ENTRY record was built (sent, or pending) */
	__u32 retry;		/* string args unreadable at entry: read at exit */
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct task_state);
} tstate SEC(".maps");

/*
 * A CPU's record being built.  An ENTRY record is not sent at once: it
 * waits here (pending) for the call's exit, which adds its own payloads
 * and sends the whole call as one record, the common case of a call that
 * does not block.  Should the thread stop running first (it blocks, or is
 * preempted), the switch sends the ENTRY record on its own, as should any
 * other record that needs the buffer (scratch_get).  `busy` is claimed with
 * an atomic exchange: under a preemptible kernel a program can be switched
 * out, and the switch or another thread's call can run on this CPU.
 *
 * One limit: a call that runs on its CPU past the in-flight threshold
 * without being switched out is reported in flight without what its ENTRY
 * record holds (which still comes whole at its exit), and if syslens leaves
 * then, the "detached" line lacks it too.
 */
struct scratch {
	__u64 busy;		/* 64 bits: what the atomic exchange takes */
	__u32 pending;		/* buf holds an ENTRY record not yet sent */
	__u32 pend_tid;		/* ... of this thread */
	__u64 pend_ts;		/* ... for the call entered then */
	__u8 buf[SLB_SCRATCH_SIZE];
};

/* Per CPU: records sent, and whether the last fill check found the
 * backlog past wake_bytes (see wake_flag). */
struct wake_state {
	__u32 count;
	__u32 above;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct wake_state);
} wakest SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch);
} scratch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SLB_LOST_CAUSES);
	__type(key, __u32);
	__type(value, __u64);
} lost SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} cgmap SEC(".maps");

struct pathbuf {
	__u8 buf[2 * SLB_PATHBUF_HALF];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct pathbuf);
} pathbuf SEC(".maps");

#define TS_COMPAT	0x0002	/* x86 thread_info.status: 32-bit syscall */
#define SIGKILL		9
#define SIGSTOP_	19
#define SIGTSTP_	20
#define SIGTTIN_	21
#define SIGTTOU_	22

/* Payload-building state, passed to bpf_loop callbacks. */
struct cap_ctx {
	__u64 args[SL_NARGS];
	__s64 ret;
	__u64 base;		/* array being walked */
	__u64 budget;		/* bytes left for iovec buffers */
	__u32 off;		/* payload bytes used */
	__u32 npl;
	__u32 nr;
	__u32 a;		/* arch index */
	__u32 phase;		/* SLB_AT_ENTRY or SLB_AT_EXIT */
	__u32 evflags;
	__u32 arg;		/* argument being walked */
	__u32 count;		/* elements in the array being walked */
	__u32 part;		/* first part number for the walk */
	__u32 done;
	__u32 retry;		/* bit per argument: string to read again at exit */
	__u64 sp;		/* user stack pointer at entry */
	__u32 kind;		/* kind of the payloads of the walk */
	__u32 mask;		/* bit per argument arg_cb is to read */
};

static __always_inline void
count_lost(__u32 cause)
{
	__u64 *v = bpf_map_lookup_elem(&lost, &cause);

	if (v)
		__sync_fetch_and_add(v, 1);
}

/*
 * No wakeup per record (each one is an interrupt, a VM exit on a guest):
 * the reader drains on its own timer.  Only when the backlog has grown
 * past wake_bytes is it woken, once per fill as each CPU sees it.  The
 * fill is looked at on every WAKE_EVERY-th record of a CPU, not on each:
 * the query is a helper call, and WAKE_EVERY records are a few kB against
 * a threshold of a quarter of the buffer.
 */
#define WAKE_EVERY	64

static __always_inline __u64
wake_flag(void)
{
	__u32 zero = 0;
	struct wake_state *w = bpf_map_lookup_elem(&wakest, &zero);
	__u64 avail;

	if (!w || ++w->count % WAKE_EVERY)
		return BPF_RB_NO_WAKEUP;
	avail = bpf_ringbuf_query(&rb, BPF_RB_AVAIL_DATA);
	if (avail < wake_bytes) {
		w->above = 0;
		return BPF_RB_NO_WAKEUP;
	}
	if (w->above)
		return BPF_RB_NO_WAKEUP;
	w->above = 1;
	return BPF_RB_FORCE_WAKEUP;
}

static __always_inline bool
in_cgroup(void)
{
	return !(filter & SLB_F_CGROUP) ||
	       bpf_current_task_under_cgroup(&cgmap, 0) == 1;
}

/* Whether process events of this thread group are wanted. */
static __always_inline bool
traced_tgid(__u32 tgid)
{
	if (tgid == own_tgid)
		return false;
	if ((filter & SLB_F_PIDS) && !bpf_map_lookup_elem(&pids, &tgid))
		return false;
	return in_cgroup();
}

/*
 * The task's storage in tstate, or NULL.  A task no BPF program ever gave
 * storage to (every untraced one, unless another tool did) is told by one
 * load, without the helper's locking and lookup: what keeps the cost for
 * untraced processes near nothing.
 */
static __always_inline struct task_state *
state_of(struct task_struct *task)
{
	if (bpf_core_field_exists(task->bpf_storage) && !task->bpf_storage)
		return NULL;
	return bpf_task_storage_get(&tstate, task, 0, 0);
}

static __always_inline __u32
arch_index(struct task_struct *task)
{
	return (task->thread_info.status & TS_COMPAT) ? 1 : 0;
}

/* The process's pid in its own pid namespace, 0 when that is ours. */
static __always_inline __u32
ns_tgid(struct task_struct *t)
{
	struct pid *p = BPF_CORE_READ(t, group_leader, thread_pid);
	unsigned int level = BPF_CORE_READ(p, level);
	struct upid up = {};

	if (!p || !level)
		return 0;
	bpf_probe_read_kernel(&up, sizeof(up), (void *)p +
			      bpf_core_field_offset(struct pid, numbers) +
			      (level & 63) * sizeof(struct upid));
	return up.nr;
}

static __always_inline bool
in_traceset(__u32 a, __u32 nr)
{
	/* masks the verifier can see, whatever the compiler knows */
	barrier_var(nr);
	barrier_var(a);
	nr &= SLB_NR_MAX - 1;
	a &= 1;
	return (traceset[a][nr / 64] >> (nr % 64)) & 1;
}

static __always_inline bool
is_exec(__u32 a, __u32 nr)
{
	return a == 0 ? (nr == 59 || nr == 322) : (nr == 11 || nr == 358);
}

/*
 * What bpf_get_current_pid_tgid() and bpf_get_current_cgroup_id() return,
 * read from the task by plain loads: a helper call per record is a call
 * and a return through the mitigations (retpoline, SRSO return thunk),
 * which on the hot path cost more than the loads.  The cgroup id is the
 * helper's own walk: the task's css_set, its default-hierarchy cgroup,
 * that cgroup's kernfs node id.
 */
static __always_inline __u64
pid_tgid_of(struct task_struct *task)
{
	return (__u64)(__u32)task->tgid << 32 | (__u32)task->pid;
}

static __always_inline __u64
cgroup_id_of(struct task_struct *task)
{
	struct css_set *cs = task->cgroups;
	struct cgroup *cg;
	struct kernfs_node *kn;

	if (!cs)
		return 0;
	cg = cs->dfl_cgrp;
	if (!cg)
		return 0;
	kn = cg->kn;
	return kn ? kn->id : 0;
}

/* The header of a record about `pid_tgid`, sent by the current task `cur`. */
static __always_inline void
fill_header(struct sl_event *e, __u32 type, __u64 pid_tgid, struct task_struct *cur)
{
	e->size = sizeof(*e);
	e->type = type;
	e->flags = 0;
	e->pid = pid_tgid >> 32;
	e->tid = (__u32)pid_tgid;
	e->nr = 0;
	e->arch = SL_ARCH_X86_64;
	/* ring buffer and scratch memory hold older records: clear it all */
	__builtin_memset(e->args, 0, sizeof(e->args));
	e->ret = 0;
	e->ts_enter = 0;
	e->ts_exit = 0;
	e->seq = 0;
	/* every record names its cgroup (a few loads), so that a recording
	 * knows each process's container as the live run did */
	e->cgroup_id = cgroup_id_of(cur);
	e->ns_pid = 0;
	e->payload_len = 0;
	e->npayload = 0;
	e->reserved = SLB_REC_FULL;
	e->reserved2 = 0;
	/* syscall records leave comm to the loader's per-thread cache (it
	 * learns names from process events), which saves a copy per call */
	if (type != SL_EV_SYSCALL)
		bpf_get_current_comm(e->comm, sizeof(e->comm));
	else
		__builtin_memset(e->comm, 0, sizeof(e->comm));
}

/* Send the record in s as it is (its header complete). */
static __always_inline void
scratch_out(struct scratch *s)
{
	struct sl_event *e = (void *)s->buf;
	__u64 size = e->size;

	barrier_var(size);
	if (size > sizeof(*e) + SL_PAYLOAD_MAX)
		size = sizeof(*e) + SL_PAYLOAD_MAX;
	if (bpf_ringbuf_output(&rb, s->buf, size, wake_flag()))
		count_lost(SLB_LOST_RINGBUF);
}

/* Send the ENTRY record waiting in s, if one is. */
static __always_inline void
scratch_flush(struct scratch *s)
{
	if (!s->pending)
		return;
	s->pending = 0;
	scratch_out(s);
}

/* Whether this program now owns s (nobody else on this CPU was using it). */
static __always_inline bool
scratch_claim(struct scratch *s)
{
	return __sync_lock_test_and_set(&s->busy, 1) == 0;
}

static __always_inline struct scratch *
scratch_get(void)
{
	__u32 zero = 0;
	struct scratch *s = bpf_map_lookup_elem(&scratch, &zero);

	if (!s)
		return NULL;
	if (!scratch_claim(s)) {
		/* preempted in the middle of another record on this CPU */
		count_lost(SLB_LOST_BUSY);
		return NULL;
	}
	scratch_flush(s);
	return s;
}

/* Complete the header of the record in s from what c built. */
static __always_inline void
scratch_seal(struct scratch *s, struct cap_ctx *c)
{
	struct sl_event *e = (void *)s->buf;
	__u64 size = c->off;

	barrier_var(size);
	if (size > SL_PAYLOAD_MAX)
		size = SL_PAYLOAD_MAX;
	e->payload_len = size;
	e->npayload = c->npl;
	e->flags |= c->evflags;
	e->size = size + sizeof(*e);
}

static __always_inline void
scratch_send(struct scratch *s, struct cap_ctx *c)
{
	scratch_seal(s, c);
	scratch_out(s);
	s->busy = 0;
}

#define RD_BYTES	0
#define RD_USTR		1
#define RD_KSTR		2
#define RD_KBYTES	3
#define RD_VAL		4	/* `ptr` is the value itself (<= 8 bytes) */

#define SOCKADDR_MAX	128	/* sizeof(struct sockaddr_storage) */
#define STRV_COUNT_MAX	4096	/* envp pointers counted at the most */

#define put_payload_val(s, c, spec, v)	put_payload(s, c, (v), 0, spec)

#define SPEC(arg, kind, part, plf, max, mode) \
	((__u64)(arg) | (__u64)(kind) << 8 | (__u64)(part) << 16 | \
	 (__u64)(plf) << 24 | (__u64)(max) << 32 | (__u64)(mode) << 48)

/*
 * Append one payload read from `ptr`: `len` bytes (or a string), no more
 * than `max` nor what is left of the record; spec packs argument, kind,
 * part, payload flags, max and read mode (SPEC()).  A read that faults (a
 * page not resident) leaves the payload empty and marked unreadable, never
 * stale.  A global function, so the verifier checks it once rather than at
 * every call with every state.  Returns 0, 1 when the bytes could not be
 * read, or -1 when the record is full.
 */
__noinline int
put_payload(struct scratch *s, struct cap_ctx *c, __u64 ptr, __u64 len, __u64 spec)
{
	__u32 arg = spec & 0xff, kind = (spec >> 8) & 0xff, part = (spec >> 16) & 0xff;
	__u32 plf = (spec >> 24) & 0xff, max = (spec >> 32) & 0xffff;
	int mode = (spec >> 48) & 0xff;
	struct sl_payload *pl;
	__u32 off, room, n;
	__u8 *data;
	long r;

	if (!s || !c)
		return -1;
	off = c->off;
	if (off > SL_PAYLOAD_MAX - sizeof(*pl)) {
		c->evflags |= SL_EVF_TRUNCATED;
		return -1;
	}
	room = SL_PAYLOAD_MAX - sizeof(*pl) - off;
	if (mode == RD_USTR || mode == RD_KSTR || mode == RD_VAL)
		len = max;
	n = len > max ? max : (__u32)len;
	if (len > max && mode != RD_USTR && mode != RD_KSTR)
		plf |= SL_PLF_TRUNCATED;
	if (n > room) {
		n = room;
		plf |= SL_PLF_TRUNCATED;
	}
	/* bounds the verifier can see, whatever the compiler knows */
	if (n > SL_CAPTURE_MAX && mode != RD_BYTES)
		n = SL_CAPTURE_MAX;
	barrier_var(off);
	off &= SL_PAYLOAD_MAX - 1;
	pl = (void *)(s->buf + sizeof(struct sl_event) + off);
	data = (__u8 *)(pl + 1);
	if (mode == RD_BYTES && n > SL_CAPTURE_MAX) {
		/* more than one read can take: SL_CAPTURE_MAX at a time */
		__u32 done = 0;

		for (int k = 0; k < SL_PAYLOAD_MAX / SL_CAPTURE_MAX; k++) {
			__u32 at = (off + sizeof(*pl) + done) & (SL_PAYLOAD_MAX - 1);
			__u32 chunk = n - done;

			if (done >= n)
				break;
			if (chunk > SL_CAPTURE_MAX)
				chunk = SL_CAPTURE_MAX;
			barrier_var(chunk);
			chunk &= 2 * SL_CAPTURE_MAX - 1;
			if (bpf_probe_read_user(s->buf + sizeof(struct sl_event) + at, chunk,
						(void *)(ptr + done)))
				break;
			done += chunk;
		}
		if (done < n)
			plf |= done ? SL_PLF_TRUNCATED : SL_PLF_UNREADABLE;
		n = done;
		goto filled;
	}
	barrier_var(n);
	n &= 2 * SL_CAPTURE_MAX - 1;
	if (mode == RD_VAL) {
		n = n > 8 ? 8 : n;
		if (n)
			__builtin_memcpy(data, &ptr, 8);
	} else if (mode == RD_BYTES || mode == RD_KBYTES) {
		if (n) {
			r = mode == RD_BYTES ?
			    bpf_probe_read_user(data, n, (void *)ptr) :
			    bpf_probe_read_kernel(data, n, (void *)ptr);
			if (r) {
				n = 0;
				plf |= SL_PLF_UNREADABLE;
			}
		}
	} else if (n) {
		/* room for the terminating NUL beyond n bytes of text */
		r = mode == RD_USTR ?
		    bpf_probe_read_user_str(data, n + 1, (void *)ptr) :
		    bpf_probe_read_kernel_str(data, n + 1, (void *)ptr);
		if (r <= 0) {
			n = 0;
			plf |= SL_PLF_UNREADABLE;
		} else if (r - 1 >= n) {
			char next = 0;

			/* exactly n bytes, or more? look one byte further */
			if (mode == RD_USTR)
				bpf_probe_read_user(&next, 1, (void *)(ptr + n));
			else
				bpf_probe_read_kernel(&next, 1, (void *)(ptr + n));
			if (next)
				plf |= SL_PLF_TRUNCATED;
		} else {
			n = r - 1;
		}
	} else {
		plf |= SL_PLF_TRUNCATED;
	}
filled:
	pl->arg = arg;
	pl->kind = kind;
	pl->flags = plf;
	pl->part = part;
	pl->len = n;
	if (plf & SL_PLF_TRUNCATED)
		c->evflags |= SL_EVF_TRUNCATED;
	if (plf & SL_PLF_UNREADABLE)
		c->evflags |= SL_EVF_UNREADABLE;
	c->off = off + sizeof(*pl) + ((n + 7) & ~7u);
	c->npl++;
	return plf & SL_PLF_UNREADABLE ? 1 : 0;
}

/* ---- -y: fd paths -------------------------------------------------------- */

#define PIPEFS_MAGIC		0x50495045
#define SOCKFS_MAGIC		0x534F434B
#define TMPFS_MAGIC	0x01021994
#define ANON_INODE_FS_MAGIC	0x09041934
#define AT_FDCWD_		-100
#define PB_MASK			(SLB_PATHBUF_HALF - 1)

/* Write the decimal digits of v before pos in b; returns the new pos. */
static __always_inline __u32
put_num_back(__u8 *b, __u32 pos, __u64 v)
{
	for (int k = 0; k < 20 && pos > 0; k++) {
		pos--;
		b[pos & PB_MASK] = '0' + v % 10;
		v /= 10;
		if (!v)
			break;
	}
	return pos;
}

#define WALK_MORE	0
#define WALK_DONE	1
#define WALK_FAIL	2

/* One step up a path: dentry and mount as numbers, the path built so far
 * ends at the middle of the per-CPU path buffer and starts at pos. */
struct walk_ctx {
	__u64 d;
	__u64 m;
	__u32 pos;
	__u32 state;
};

/* One component of the path, or one mount crossed (bpf_loop callback). */
static int
walk_cb(__u32 k, struct walk_ctx *w)
{
	struct dentry *d = (void *)w->d, *parent;
	struct mount *m = (void *)w->m, *mp;
	const unsigned char *name;
	struct pathbuf *pbuf;
	__u32 zero = 0, pos = w->pos, len;
	__u8 *b;

	pbuf = bpf_map_lookup_elem(&pathbuf, &zero);
	if (!pbuf) {
		w->state = WALK_FAIL;
		return 1;
	}
	b = pbuf->buf;
	if (d == BPF_CORE_READ(m, mnt.mnt_root)) {
		mp = BPF_CORE_READ(m, mnt_parent);
		if (!mp || mp == m) {
			w->state = WALK_DONE;
			return 1;
		}
		w->d = (__u64)BPF_CORE_READ(m, mnt_mountpoint);
		w->m = (__u64)mp;
		return 0;
	}
	parent = BPF_CORE_READ(d, d_parent);
	if (!parent || parent == d) {
		w->state = WALK_DONE;
		return 1;
	}
	len = BPF_CORE_READ(d, d_name.len);
	name = BPF_CORE_READ(d, d_name.name);
	if (len > 255 || pos > SLB_PATHBUF_HALF || pos < len + 1 + 64) {
		w->state = WALK_FAIL;
		return 1;
	}
	pos -= len;
	if (bpf_probe_read_kernel(b + (pos & PB_MASK), len & 255, name)) {
		w->state = WALK_FAIL;
		return 1;
	}
	pos--;
	b[pos & PB_MASK] = '/';
	w->pos = pos;
	w->d = (__u64)parent;
	return 0;
}

/*
 * The path of fd (AT_FDCWD: the working directory) of the current task as
 * payload `arg`, as readlink of /proc/PID/fd/N gives it: the dentry chain
 * up to the root of every mount on the way, " (deleted)" after an unlinked
 * file, "pipe:[INO]", "socket:[INO]", "anon_inode:NAME".  Anything else
 * (deeper than SLB_PATH_DEPTH, other pseudo files named by d_dname) adds
 * nothing, and the loader reads the link itself.  An fd not open adds an
 * empty unreadable payload: read later, the number may name another file.
 * plf_part packs the payload flags (low byte) and part (next byte).
 * Returns 0 when a payload was added, -1 otherwise.
 */
__noinline int
put_fdpath(struct scratch *s, struct cap_ctx *c, __u32 arg, __s64 fd, __u32 plf_part)
{
	__u32 plf = plf_part & 0xff, part = (plf_part >> 8) & 0xff;
	struct task_struct *task = bpf_get_current_task_btf();
	struct dentry *d;
	struct vfsmount *vm;
	struct fdtable *fdt;
	struct file **fda;
	struct file *f = NULL;
	struct sl_payload *pl;
	struct pathbuf *pbuf;
	__u32 zero = 0, pos = SLB_PATHBUF_HALF, end = SLB_PATHBUF_HALF;
	__u32 len, n, off, room;
	const unsigned char *name;
	unsigned long magic;
	struct walk_ctx w;
	bool deleted;
	__u8 *b;

	if (!s || !c)
		return -1;
	pbuf = bpf_map_lookup_elem(&pathbuf, &zero);
	if (!pbuf)
		return -1;
	b = pbuf->buf;
	if (fd == AT_FDCWD_) {
		vm = BPF_CORE_READ(task, fs, pwd.mnt);
		d = BPF_CORE_READ(task, fs, pwd.dentry);
	} else {
		if (fd < 0)
			return -1;
		fdt = BPF_CORE_READ(task, files, fdt);
		if (!fdt)
			return -1;
		fda = BPF_CORE_READ(fdt, fd);
		if (fd < BPF_CORE_READ(fdt, max_fds) &&
		    (!fda || bpf_probe_read_kernel(&f, sizeof(f), fda + fd)))
			return -1;
		if (!f) {
			/* not open: said now, not guessed later */
			pos = end;
			plf |= SL_PLF_UNREADABLE;
			goto out;
		}
		vm = BPF_CORE_READ(f, f_path.mnt);
		d = BPF_CORE_READ(f, f_path.dentry);
	}
	if (!d || !vm)
		return -1;

	magic = BPF_CORE_READ(d, d_sb, s_magic);
	if (magic == PIPEFS_MAGIC || magic == SOCKFS_MAGIC) {
		pos--;
		b[pos & PB_MASK] = ']';
		pos = put_num_back(b, pos, BPF_CORE_READ(d, d_inode, i_ino));
		if (magic == PIPEFS_MAGIC) {
			pos -= 6;
			__builtin_memcpy(b + (pos & PB_MASK), "pipe:[", 6);
		} else {
			pos -= 8;
			__builtin_memcpy(b + (pos & PB_MASK), "socket:[", 8);
		}
		goto out;
	}
	if (magic == ANON_INODE_FS_MAGIC) {
		len = BPF_CORE_READ(d, d_name.len);
		name = BPF_CORE_READ(d, d_name.name);
		if (len > 255)
			return -1;
		pos -= len;
		if (bpf_probe_read_kernel(b + (pos & PB_MASK), len & 255, name))
			return -1;
		pos -= 11;
		__builtin_memcpy(b + (pos & PB_MASK), "anon_inode:", 11);
		goto out;
	}
	if (BPF_CORE_READ(d, d_op) && BPF_CORE_READ(d, d_op, d_dname)) {
		/* other pseudo files name themselves: left to the loader;
		 * but shmem's (memfd, SysV shm) are named as the kernel's
		 * simple_dname does, "/NAME (deleted)", and are often the
		 * files of processes gone before the loader could look */
		if (magic != TMPFS_MAGIC)
			return -1;
		len = BPF_CORE_READ(d, d_name.len);
		name = BPF_CORE_READ(d, d_name.name);
		if (len > 255)
			return -1;
		pos -= len;
		if (bpf_probe_read_kernel(b + (pos & PB_MASK), len & 255, name))
			return -1;
		pos--;
		b[pos & PB_MASK] = '/';
		__builtin_memcpy(b + SLB_PATHBUF_HALF, " (deleted)", 10);
		end += 10;
		goto out;
	}

	/* unlinked: unhashed, and not a root */
	deleted = !BPF_CORE_READ(d, d_hash.pprev) && BPF_CORE_READ(d, d_parent) != d;
	w.m = (__u64)vm - bpf_core_field_offset(struct mount, mnt);
	w.d = (__u64)d;
	w.pos = pos;
	w.state = WALK_MORE;
	bpf_loop(SLB_PATH_DEPTH, walk_cb, &w, 0);
	if (w.state != WALK_DONE)
		return -1;
	pos = w.pos;
	if (pos > SLB_PATHBUF_HALF)
		return -1;
	if (pos == SLB_PATHBUF_HALF) {
		pos--;
		b[pos & PB_MASK] = '/';
	}
	if (deleted) {
		__builtin_memcpy(b + SLB_PATHBUF_HALF, " (deleted)", 10);
		end += 10;
	}
out:
	if (pos > end || (pos == end && !(plf & SL_PLF_UNREADABLE)))
		return -1;
	n = end - pos;
	off = c->off;
	if (off > SL_PAYLOAD_MAX - sizeof(*pl))
		return -1;
	room = SL_PAYLOAD_MAX - sizeof(*pl) - off;
	if (n > room || n > SL_CAPTURE_MAX)
		return -1;
	barrier_var(off);
	off &= SL_PAYLOAD_MAX - 1;
	pl = (void *)(s->buf + sizeof(struct sl_event) + off);
	barrier_var(n);
	n &= 2 * SL_CAPTURE_MAX - 1;
	if (bpf_probe_read_kernel((__u8 *)(pl + 1), n, b + (pos & PB_MASK)))
		return -1;
	pl->arg = arg;
	pl->kind = SLB_K_FD;
	pl->flags = plf;
	pl->part = part;
	pl->len = n;
	c->off = off + sizeof(*pl) + ((n + 7) & ~7u);
	c->npl++;
	return 0;
}

static __always_inline struct scratch *
scratch_cur(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&scratch, &zero);
}

static __always_inline __u32
plflags(struct cap_ctx *c)
{
	return c->phase == SLB_AT_EXIT ? SL_PLF_EXIT : 0;
}

/* argv/envp: one payload per string, part = index. */
static int
strv_cb(__u32 j, struct cap_ctx *c)
{
	struct scratch *s = scratch_cur();
	__u64 p = 0;
	__u32 psz = c->a ? 4 : 8;

	if (!s)
		return 1;
	if (bpf_probe_read_user(&p, psz, (void *)(c->base + (__u64)j * psz))) {
		put_payload(s, c, 0, 0,
		    SPEC(c->arg, SLB_K_STRV, j, plflags(c) | SL_PLF_UNREADABLE, 0, RD_BYTES));
		c->done = 1;
		return 1;
	}
	if (!p) {
		c->done = 1;
		return 1;
	}
	if (put_payload(s, c, p, 0,
		    SPEC(c->arg, SLB_K_STRV, j, plflags(c), cap_bytes, RD_USTR)) < 0) {
		c->done = 1;
		return 1;
	}
	return 0;
}

/* iovec buffers: part c->part + i, at most c->budget bytes in all. */
static int
iov_cb(__u32 j, struct cap_ctx *c)
{
	struct scratch *s = scratch_cur();
	__u64 iov[2] = {};
	__u32 iov32[2] = {};

	if (!s || j >= c->count || !c->budget)
		return 1;
	if (c->a) {
		if (bpf_probe_read_user(iov32, sizeof(iov32), (void *)(c->base + j * 8)))
			return 1;
		iov[0] = iov32[0];
		iov[1] = iov32[1];
	} else if (bpf_probe_read_user(iov, sizeof(iov), (void *)(c->base + j * 16))) {
		return 1;
	}
	if (iov[1] > c->budget)
		iov[1] = c->budget;
	c->budget -= iov[1];
	if (put_payload(s, c, iov[0], iov[1],
		    SPEC(c->arg, c->kind, c->part + j, plflags(c), cap_bytes, RD_BYTES)) < 0)
		return 1;
	return 0;
}

/* iovec array of cnt entries: part `arrpart` the array, part bufpart + i
 * buffer i, no more than c->budget bytes of buffers in all. */
static __always_inline void
capture_iov(struct scratch *s, struct cap_ctx *c, __u32 i, __u32 kind,
	    __u64 iovp, __u64 cnt, __u32 arrpart, __u32 bufpart)
{
	__u32 esz = c->a ? 8 : 16;

	if (!iovp || !cnt)
		return;
	if (cnt > 65536)
		cnt = 65536;
	if (put_payload(s, c, iovp, cnt * esz,
			SPEC(i, kind, arrpart, plflags(c), SL_ARRAY_MAX * esz, RD_BYTES)) == 1)
		return;
	c->base = iovp;
	c->kind = kind;
	c->count = cnt > SL_ARRAY_MAX ? SL_ARRAY_MAX : cnt;
	c->arg = i;
	c->part = bufpart;
	c->budget = c->phase == SLB_AT_EXIT ? (__u64)c->ret : ~0ULL;
	bpf_loop(SL_ARRAY_MAX, iov_cb, c, 0);
}

/* envp: only how many pointers there are before the NULL, 8 at a time. */
static int
strvcount_cb(__u32 j, struct cap_ctx *c)
{
	__u64 p[8] = {};
	__u32 psz = c->a ? 4 : 8;

	if (bpf_probe_read_user(p, 8 * psz, (void *)(c->base + (__u64)j * 8 * psz)))
		return 1;	/* unreadable: the walk stops, count marked cut */
	for (int k = 0; k < 8; k++) {
		__u64 v = psz == 4 ? (k & 1 ? p[k / 2] >> 32 : p[k / 2] & 0xffffffff) : p[k];

		if (!v) {
			c->done = 1;
			return 1;
		}
		c->count++;
	}
	return 0;
}

struct msghdr64 {
	__u64 name;
	__u32 namelen;
	__u32 pad;
	__u64 iov;
	__u64 iovlen;
	__u64 control;
	__u64 controllen;
	__u32 flags;
	__u32 pad2;
};

/* -y: the fd of one pollfd, or one bit of an fd_set (bpf_loop callback):
 * c->base the array, c->count its elements (bits), c->kind SLB_CAPF_*. */
static int
fdlist_cb(__u32 j, struct cap_ctx *c)
{
	struct scratch *s = scratch_cur();
	__s32 fd = -1;
	__u8 byte = 0;

	if (!s || j >= c->count || c->part >= SL_ARRAY_MAX)
		return 1;
	if (c->kind == SLB_CAPF_FDS) {
		if (bpf_probe_read_user(&fd, sizeof(fd), (void *)(c->base + (__u64)j * c->done)))
			return 1;
	} else {
		if (bpf_probe_read_user(&byte, 1, (void *)(c->base + j / 8)))
			return 1;
		if (!((byte >> (j % 8)) & 1))
			return 0;
		fd = j;
	}
	put_fdpath(s, c, SL_PL_FDPATH_BASE + c->arg, fd, (c->part & 0xff) << 8);
	c->part++;
	return 0;
}

static int
arg_cb(__u32 i, struct cap_ctx *c)
{
	struct scratch *s = scratch_cur();
	__u32 a = c->a, nr = c->nr, kind, when, len_arg, size, plf, n32 = 0;
	__u64 ptr, len = 0;
	bool again;
	int r = 0;

	/* masks the verifier can see, whatever the compiler knows */
	barrier_var(i);
	barrier_var(a);
	barrier_var(nr);
	i &= 7;
	a &= 1;
	nr &= SLB_NR_MAX - 1;
	if (!s || i >= SL_NARGS)
		return 1;
	if (!((c->mask >> i) & 1))
		return 0;
	kind = caps[a][nr].arg[i].kind;
	when = caps[a][nr].arg[i].when;
	len_arg = caps[a][nr].arg[i].len_arg;
	size = caps[a][nr].arg[i].size;
	ptr = c->args[i];
	/* read at entry from a page that was not resident: the call has
	 * faulted it in by now (it read the argument itself), read again */
	again = c->phase == SLB_AT_EXIT && (c->retry & (1u << i));
	/* -y: the fd named now, before the call closes or reuses it */
	if (kind == SLB_K_FD && fdpaths && c->phase == SLB_AT_ENTRY)
		put_fdpath(s, c, SL_PL_FDPATH_BASE + i, (__s64)(int)ptr, 0);
	/* which arguments are read in this phase the masks said (walk_args):
	 * at exit of a failed call only those a signal's cut leaves written
	 * (nanosleep's rem); an fd is named, not read */
	if (!again && kind == SLB_K_FD)
		return 0;
	plf = plflags(c);
	if (kind == SLB_K_SIGMASK_SP) {
		/* rt_sigreturn: the mask saved in the frame on the stack */
		if (!a)
			put_payload(s, c, c->sp + size, 8, SPEC(i, kind, 0, plf, 8, RD_BYTES));
		return 0;
	}
	if (!ptr)
		return 0;	/* NULL: the raw argument says it all */
	if (len_arg == SLB_LEN_RET)
		len = c->phase == SLB_AT_EXIT ? (__u64)c->ret : 0;
	else if (len_arg < SL_NARGS)
		len = c->args[len_arg & 7];
	switch (kind) {
	case SLB_K_STR:
		r = put_payload(s, c, ptr, 0, SPEC(i, kind, 0, plf, cap_bytes, RD_USTR));
		break;
	case SLB_K_BUF:
		if (len_arg == SLB_LEN_NONE)
			len = cap_bytes;
		/* a whole array when the table asks (getdents64) */
		r = put_payload(s, c, ptr, len, SPEC(i, kind, 0, plf,
						     size > cap_bytes ? size : cap_bytes, RD_BYTES));
		break;
	case SLB_K_FDPAIR: {
		__s32 fds[2];

		put_payload(s, c, ptr, 8, SPEC(i, kind, 0, plf, 8, RD_BYTES));
		/* -y: pipe2, socketpair: the new fds named at once */
		if (fdpaths && c->phase == SLB_AT_EXIT &&
		    !bpf_probe_read_user(fds, sizeof(fds), (void *)ptr)) {
			put_fdpath(s, c, SL_PL_FDPATH_BASE + i, fds[0], plf);
			put_fdpath(s, c, SL_PL_FDPATH_BASE + i, fds[1], plf | 1 << 8);
		}
		break;
	}
	case SLB_K_STRUCT:
	case SLB_K_INTP:
		r = put_payload(s, c, ptr, size ? size : 4,
				SPEC(i, kind, 0, plf, SL_CAPTURE_MAX, RD_BYTES));
		break;
	case SLB_K_ARRAY: {
		__u32 max = size * SL_ARRAY_MAX;

		if (!size)
			break;
		if (max > SL_CAPTURE_MAX)
			max = SL_CAPTURE_MAX / size * size;
		if (len > 65536)
			len = 65536;
		r = put_payload(s, c, ptr, len * size, SPEC(i, kind, 0, plf, max, RD_BYTES));
		break;
	}
	case SLB_K_SOCKADDR:
		if ((__s64)len > 0)
			r = put_payload(s, c, ptr, (__u32)len,
					SPEC(i, kind, 0, plf, SOCKADDR_MAX, RD_BYTES));
		break;
	case SLB_K_SOCKADDR_P:
		if (len_arg >= SL_NARGS || !c->args[len_arg & 7] ||
		    bpf_probe_read_user(&n32, 4, (void *)c->args[len_arg & 7]))
			n32 = SOCKADDR_MAX;	/* length unknown: all there may be */
		if (n32)
			put_payload(s, c, ptr, n32,
				    SPEC(i, kind, 0, plf, SOCKADDR_MAX, RD_BYTES));
		break;
	case SLB_K_STRV:
		c->base = ptr;
		c->arg = i;
		c->done = 0;
		bpf_loop(SL_ARRAY_MAX, strv_cb, c, 0);
		if (!c->done)	/* more strings than we keep */
			put_payload(s, c, 0, 0,
				    SPEC(i, kind, SL_ARRAY_MAX, plf | SL_PLF_TRUNCATED, 0, RD_BYTES));
		break;
	case SLB_K_STRV_COUNT: {
		__u32 cnt;

		c->base = ptr;
		c->count = 0;
		c->done = 0;
		bpf_loop(STRV_COUNT_MAX / 8, strvcount_cb, c, 0);
		cnt = c->count;
		put_payload_val(s, c, SPEC(i, kind, 0, plf | (c->done ? 0 : SL_PLF_TRUNCATED),
					   4, RD_VAL), cnt);
		break;
	}
	case SLB_K_IOV:
		capture_iov(s, c, i, kind, ptr, len, 0, 1);
		break;
	case SLB_K_MSGHDR: {
		struct msghdr64 m = {};

		if (a || bpf_probe_read_user(&m, sizeof(m), (void *)ptr)) {
			put_payload(s, c, 0, 0,
				    SPEC(i, kind, 0, plf | SL_PLF_UNREADABLE, 0, RD_BYTES));
			break;
		}
		put_payload(s, c, ptr, sizeof(m), SPEC(i, kind, 0, plf, sizeof(m), RD_BYTES));
		if (m.name && m.namelen)
			put_payload(s, c, m.name, m.namelen,
				    SPEC(i, kind, 1, plf, SOCKADDR_MAX, RD_BYTES));
		if (m.control && m.controllen)
			put_payload(s, c, m.control, m.controllen,
				    SPEC(i, kind, 3, plf, cap_bytes, RD_BYTES));
		capture_iov(s, c, i, kind, m.iov, m.iovlen, 2, 4);
		break;
	}
	default:
		/* a kind this side cannot read: said so, not left out */
		put_payload(s, c, 0, 0, SPEC(i, kind, 0, plf | SL_PLF_UNREADABLE, 0, RD_BYTES));
		break;
	}
	/* -y: the fds of poll's array or select's sets, named now */
	if (fdpaths && c->phase == SLB_AT_ENTRY && size &&
	    (caps[a][nr].arg[i].flags & (SLB_CAPF_FDS | SLB_CAPF_FDSET))) {
		c->base = ptr;
		c->arg = i;
		c->part = 0;
		if (caps[a][nr].arg[i].flags & SLB_CAPF_FDS) {
			c->kind = SLB_CAPF_FDS;
			c->done = size;		/* element size */
			c->count = len < SL_ARRAY_MAX ? len : SL_ARRAY_MAX;
		} else {
			c->kind = SLB_CAPF_FDSET;
			c->count = c->args[0] < size * 8 ? c->args[0] : size * 8;
		}
		bpf_loop(1024, fdlist_cb, c, 0);
	}
	/* unreadable at entry: try again at exit (one read of an argument
	 * only read at entry; not after an exec, whose memory is another) */
	if (r == 1 && c->phase == SLB_AT_ENTRY && when == SLB_AT_ENTRY &&
	    !(caps[a][nr].special & SLB_CAP_EXEC))
		c->retry |= 1u << i;
	return 0;
}

/*
 * Read the arguments whose bit is set in mask: the walk stops after the
 * highest one, and arg_cb passes over the others at once, so a call with
 * nothing to read costs no walk and one with a buffer in its second
 * argument no look at the other four.
 */
static __always_inline void
walk_args(struct cap_ctx *c, __u32 mask)
{
	__u32 n = mask >= 32 ? 6 : mask >= 16 ? 5 : mask >= 8 ? 4 :
		  mask >= 4 ? 3 : mask >= 2 ? 2 : mask ? 1 : 0;

	c->mask = mask;
	if (n)
		bpf_loop(n, arg_cb, c, 0);
}

static __always_inline void
ctx_init(struct cap_ctx *c, __u32 a, __u32 nr, __u32 phase)
{
	c->off = 0;
	c->npl = 0;
	c->a = a;
	c->nr = nr;
	c->phase = phase;
	c->evflags = 0;
	c->retry = 0;
	c->sp = 0;
}

static __always_inline void
read_args(struct pt_regs *regs, __u32 a, __u64 *args)
{
	if (a) {
		args[0] = (__u32)regs->bx;
		args[1] = (__u32)regs->cx;
		args[2] = (__u32)regs->dx;
		args[3] = (__u32)regs->si;
		args[4] = (__u32)regs->di;
		args[5] = (__u32)regs->bp;
	} else {
		args[0] = regs->di;
		args[1] = regs->si;
		args[2] = regs->dx;
		args[3] = regs->r10;
		args[4] = regs->r8;
		args[5] = regs->r9;
	}
}

SEC("tp_btf/sys_enter")
int BPF_PROG(sys_enter, struct pt_regs *regs, long id)
{
	struct task_struct *task = bpf_get_current_task_btf();
	__u32 tgid, a, nr = (__u32)id;
	struct task_state *st;
	struct scratch *s;
	struct sl_event *e;
	struct cap_ctx c;

	/* a thread once found in the pid set is marked in its task
	 * storage, which is cheaper to find than the shared hash; the
	 * cheapest tests first, so an untraced thread costs a few loads
	 * (syslens's own threads are never marked) */
	st = state_of(task);
	a = arch_index(task);
	if (!(st && st->traced)) {
		tgid = task->tgid;
		if (tgid == own_tgid)
			return 0;
		if (filter & SLB_F_PIDS) {
			__u32 *v = bpf_map_lookup_elem(&pids, &tgid);

			if (!v)
				return 0;
			if (*v == SLB_PID_AWAIT_EXEC) {
				if (!is_exec(a, nr))
					return 0;
				*v = SLB_PID_TRACED;
			}
		}
	}
	if (!in_cgroup())
		return 0;
	/* numbers past the table are unknown calls: shown, never hidden */
	if (use_traceset && nr < SLB_NR_MAX && !in_traceset(a, nr))
		return 0;

	if (nr < SLB_NR_MAX && (caps[a][nr].special & SLB_CAP_NOEXIT)) {
		/* exit, exit_group: no exit event will come, so the call is
		 * complete now */
		e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);
		if (!e) {
			count_lost(SLB_LOST_RINGBUF);
			return 0;
		}
		fill_header(e, SL_EV_SYSCALL, pid_tgid_of(task), task);
		e->nr = nr;
		e->arch = a ? SL_ARCH_I386 : SL_ARCH_X86_64;
		read_args(regs, a, e->args);
		e->ts_enter = bpf_ktime_get_ns();
		e->flags = SL_EVF_NOEXIT;
		e->ns_pid = st ? st->ns_pid : ns_tgid(task);
		bpf_ringbuf_submit(e, wake_flag());
		return 0;
	}

	if (!st) {
		st = bpf_task_storage_get(&tstate, task, 0,
					  BPF_LOCAL_STORAGE_GET_F_CREATE);
		if (!st) {
			count_lost(SLB_LOST_NOSTATE);
			return 0;
		}
	}
	if (!st->traced) {
		st->traced = 1;
		st->ns_pid = ns_tgid(task);
	}
	read_args(regs, a, st->args);
	st->nr = nr;
	st->arch = a;
	st->had_entry = 0;
	st->retry = 0;
	st->ts = bpf_ktime_get_ns();
	if (nr >= SLB_NR_MAX || !caps[a][nr].entry_mask)
		return 0;

	/* something to read now: an ENTRY record, which the exit completes */
	s = scratch_get();
	if (!s)
		return 0;
	e = (void *)s->buf;
	fill_header(e, SL_EV_SYSCALL, pid_tgid_of(task), task);
	e->nr = nr;
	e->arch = a ? SL_ARCH_I386 : SL_ARCH_X86_64;
	e->ts_enter = st->ts;
	e->flags = SL_EVF_INFLIGHT;
	e->reserved = SLB_REC_ENTRY;
	e->ns_pid = st->ns_pid;
	__builtin_memcpy(e->args, st->args, sizeof(e->args));
	__builtin_memcpy(c.args, st->args, sizeof(c.args));
	c.ret = 0;
	ctx_init(&c, a, nr, SLB_AT_ENTRY);
	c.sp = regs->sp;
	walk_args(&c, caps[a][nr & (SLB_NR_MAX - 1)].entry_mask);
	st->had_entry = 1;
	st->retry = c.retry;
	/* an exec's ENTRY goes at once (the exec event joins it), and so
	 * does one with a string to read again at exit, or with a payload
	 * it could not read (the loader's join lets the exit's read of the
	 * same argument replace it) */
	if (c.retry || (c.evflags & SL_EVF_UNREADABLE) ||
	    (caps[a][nr & (SLB_NR_MAX - 1)].special & SLB_CAP_EXEC)) {
		scratch_send(s, &c);
		return 0;
	}
	scratch_seal(s, &c);
	s->pend_tid = e->tid;
	s->pend_ts = st->ts;
	s->pending = 1;
	barrier();	/* the record and its marks are in place before release */
	s->busy = 0;
	return 0;
}

/*
 * The ENTRY record of this thread's call waiting in the CPU's buffer, taken
 * for the exit to complete; NULL when there is none (the call had nothing
 * to read at entry, or its ENTRY went on its own: at once, as an exec's
 * does, or when the thread stopped running or another record needed the
 * buffer).
 */
static __always_inline struct scratch *
scratch_take(__u32 tid, __u64 ts)
{
	__u32 zero = 0;
	struct scratch *s = bpf_map_lookup_elem(&scratch, &zero);

	if (!s || !scratch_claim(s))
		return NULL;
	if (!s->pending || s->pend_tid != tid || s->pend_ts != ts) {
		s->busy = 0;
		return NULL;
	}
	s->pending = 0;
	return s;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit, struct pt_regs *regs, long ret)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct task_state *st;
	struct sl_event *e;
	struct scratch *s;
	struct cap_ctx c;
	__u32 a, nr, noexit;
	__u64 ts;

	st = state_of(task);
	if (!st || !st->ts)
		return 0;
	ts = st->ts;
	st->ts = 0;
	a = st->arch & 1;
	nr = st->nr;
	/* a thread being killed (exit_group, SIGKILL): its call does not
	 * return to the program, as strace's "= ?" says */
	noexit = task->pending.signal.sig[0] & (1UL << (SIGKILL - 1)) ? SL_EVF_NOEXIT : 0;
	if (st->had_entry && (s = scratch_take(task->pid, ts))) {
		/* its ENTRY record is still here: the exit completes it */
		e = (void *)s->buf;
		e->flags = (e->flags & ~SL_EVF_INFLIGHT) | noexit;
		e->reserved = SLB_REC_FULL;
		e->ret = ret;
		e->ts_exit = bpf_ktime_get_ns();
		ctx_init(&c, a, nr, SLB_AT_EXIT);
		c.off = e->payload_len;
		c.npl = e->npayload;
		__builtin_memcpy(c.args, st->args, sizeof(c.args));
		c.ret = ret;
		goto exit_payloads;
	}
	if ((nr >= SLB_NR_MAX || !caps[a][nr].at_exit ||
	     (ret < 0 && !caps[a][nr].cut_mask)) && !st->retry) {
		e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);
		if (!e) {
			count_lost(SLB_LOST_RINGBUF);
			return 0;
		}
		fill_header(e, SL_EV_SYSCALL, pid_tgid_of(task), task);
		e->nr = nr;
		e->arch = a ? SL_ARCH_I386 : SL_ARCH_X86_64;
		__builtin_memcpy(e->args, st->args, sizeof(e->args));
		e->ret = ret;
		e->ts_enter = ts;
		e->ts_exit = bpf_ktime_get_ns();
		e->flags = noexit;
		e->ns_pid = st->ns_pid;
		if (st->had_entry) {
			e->reserved = SLB_REC_EXIT;
			e->reserved2 = SLB_R2_HAD_ENTRY;
		}
		bpf_ringbuf_submit(e, wake_flag());
		return 0;
	}
	s = scratch_get();
	if (!s)
		return 0;
	e = (void *)s->buf;
	fill_header(e, SL_EV_SYSCALL, pid_tgid_of(task), task);
	e->nr = nr;
	e->arch = a ? SL_ARCH_I386 : SL_ARCH_X86_64;
	__builtin_memcpy(e->args, st->args, sizeof(e->args));
	__builtin_memcpy(c.args, st->args, sizeof(c.args));
	e->ret = ret;
	e->ts_enter = ts;
	e->ts_exit = bpf_ktime_get_ns();
	e->flags = noexit;
	e->ns_pid = st->ns_pid;
	if (st->had_entry) {
		e->reserved = SLB_REC_EXIT;
		e->reserved2 = SLB_R2_HAD_ENTRY;
	}
	c.ret = ret;
	ctx_init(&c, a, nr, SLB_AT_EXIT);
	c.retry = st->retry;
exit_payloads:
	walk_args(&c, (ret < 0 ? caps[a][nr & (SLB_NR_MAX - 1)].cut_mask :
			 caps[a][nr & (SLB_NR_MAX - 1)].exit_mask) | c.retry);
	/* -y: the new fd, named before another thread can close it */
	if (fdpaths && ret >= 0 && !noexit && nr < SLB_NR_MAX &&
	    caps[a][nr & (SLB_NR_MAX - 1)].fd_ret)
		put_fdpath(s, &c, SL_PL_FDPATH_RET, ret, SL_PLF_EXIT);
	scratch_send(s, &c);
	return 0;
}

/*
 * A thread stops running on this CPU: an ENTRY record waiting for its
 * call's exit goes now, so that a call that blocks is known with what it
 * was given (its path, its buffer) while it waits.
 */
SEC("tp_btf/sched_switch")
int BPF_PROG(sched_switch, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	__u32 zero = 0;
	struct scratch *s = bpf_map_lookup_elem(&scratch, &zero);

	if (s && s->pending && scratch_claim(s)) {
		scratch_flush(s);
		s->busy = 0;
	}
	return 0;
}

static __always_inline __u64
clone_flags_of(struct task_struct *task)
{
	struct task_state *st = bpf_task_storage_get(&tstate, task, 0, 0);
	__u64 fl = 0;

	if (!st || !st->ts)
		return 0;
	if (st->arch == 0) {
		switch (st->nr) {
		case 56:	/* clone */
			return st->args[0];
		case 57:	/* fork */
			return 17;	/* SIGCHLD */
		case 58:	/* vfork */
			return 0x4000 | 0x100 | 17;
		case 435:	/* clone3 */
			bpf_probe_read_user(&fl, sizeof(fl), (void *)st->args[0]);
			return fl;
		}
	} else {
		switch (st->nr) {
		case 120:
			return st->args[0];
		case 2:
			return 17;
		case 190:
			return 0x4000 | 0x100 | 17;
		case 435:
			bpf_probe_read_user(&fl, sizeof(fl), (void *)st->args[0]);
			return fl;
		}
	}
	return 0;
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(sched_process_fork, struct task_struct *parent, struct task_struct *child)
{
	__u32 ptgid = parent->tgid, ctgid = child->tgid, v = SLB_PID_TRACED;
	struct sl_event *e;

	if (!traced_tgid(ptgid))
		return 0;
	if ((filter & SLB_F_PIDS) && ctgid != ptgid &&
	    bpf_map_update_elem(&pids, &ctgid, &v, BPF_ANY))
		count_lost(SLB_LOST_PIDMAP);
	e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);
	if (!e) {
		count_lost(SLB_LOST_RINGBUF);
		return 0;
	}
	fill_header(e, SL_EV_FORK, ((__u64)ptgid << 32) | (__u32)parent->pid,
		    bpf_get_current_task_btf());
	e->ns_pid = ns_tgid(parent);
	e->args[0] = ctgid;
	e->args[1] = child->pid;
	e->args[2] = clone_flags_of(bpf_get_current_task_btf());
	e->ts_enter = e->ts_exit = bpf_ktime_get_ns();
	bpf_ringbuf_submit(e, wake_flag());
	return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(sched_process_exec, struct task_struct *p, pid_t old_pid,
	     struct linux_binprm *bprm)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct scratch *s;
	struct sl_event *e;
	struct cap_ctx c;
	__u64 start, end;

	if (!traced_tgid(pid_tgid >> 32))
		return 0;
	s = scratch_get();
	if (!s)
		return 0;
	e = (void *)s->buf;
	fill_header(e, SL_EV_EXEC, pid_tgid, bpf_get_current_task_btf());
	e->ns_pid = ns_tgid(p);
	e->ts_enter = e->ts_exit = bpf_ktime_get_ns();
	if ((__u32)old_pid != (__u32)pid_tgid)
		e->args[0] = (__u32)old_pid;
	ctx_init(&c, 0, 0, SLB_AT_ENTRY);
	put_payload(s, &c, (__u64)BPF_CORE_READ(bprm, filename), 0,
		    SPEC(0, SLB_K_STR, 0, 0, cap_bytes, RD_KSTR));
	start = BPF_CORE_READ(p, mm, arg_start);
	end = BPF_CORE_READ(p, mm, arg_end);
	if (end > start)
		put_payload(s, &c, start, end - start,
		    SPEC(1, SLB_KIND_ARGBLOB, 0, 0, SL_CAPTURE_MAX, RD_BYTES));
	scratch_send(s, &c);
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(sched_process_exit, struct task_struct *p)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u32 tgid = pid_tgid >> 32;
	struct sl_event *e;
	bool group_dead;

	if (!traced_tgid(tgid))
		return 0;
	group_dead = BPF_CORE_READ(p, signal, live.counter) == 0;
	/* the leader of a process whose other thread exec's dies so that
	 * thread can take its pid: no process ended (ptrace never sees it) */
	if (!group_dead && p->pid == p->tgid &&
	    bpf_core_field_exists(p->signal->group_exec_task) &&
	    BPF_CORE_READ(p, signal, group_exec_task))
		return 0;
	e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);
	if (e) {
		fill_header(e, SL_EV_EXIT, pid_tgid, bpf_get_current_task_btf());
		e->ns_pid = ns_tgid(p);
		e->ret = p->exit_code;
		e->args[0] = group_dead;
		e->ts_enter = e->ts_exit = bpf_ktime_get_ns();
		/* a process must not be missed as it ends: wake the reader */
		bpf_ringbuf_submit(e, group_dead ? BPF_RB_FORCE_WAKEUP : wake_flag());
	} else {
		count_lost(SLB_LOST_RINGBUF);
	}
	if (group_dead && (filter & SLB_F_PIDS))
		bpf_map_delete_elem(&pids, &tgid);
	return 0;
}

SEC("tp_btf/signal_deliver")
int BPF_PROG(signal_deliver, int sig, struct kernel_siginfo *info,
	     struct k_sigaction *ka)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid(), ts;
	struct task_struct *cur = bpf_get_current_task_btf();
	struct sl_event *e;
	__u32 ns;

	/* SIGKILL ends a process (its exit says so); ptrace never sees it */
	if (sig == SIGKILL || !traced_tgid(pid_tgid >> 32))
		return 0;
	e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);
	if (!e) {
		count_lost(SLB_LOST_RINGBUF);
		return 0;
	}
	ns = ns_tgid(cur);
	ts = bpf_ktime_get_ns();
	fill_header(e, SL_EV_SIGNAL, pid_tgid, cur);
	e->ns_pid = ns;
	e->args[0] = sig;
	e->args[1] = (__u32)BPF_CORE_READ(info, si_code);
	e->args[2] = (__u32)BPF_CORE_READ(info, _sifields._kill._pid);
	e->args[3] = (__u32)BPF_CORE_READ(info, _sifields._kill._uid);
	e->args[4] = (__u32)BPF_CORE_READ(info, _sifields._sigchld._status);
	e->args[5] = (__u64)BPF_CORE_READ(info, _sifields._sigfault._addr);
	e->ret = BPF_CORE_READ(info, si_errno);
	e->ts_enter = e->ts_exit = ts;
	bpf_ringbuf_submit(e, wake_flag());
	/* a stop signal with its default action: the group stops now, as
	 * ptrace's group-stop says ("--- stopped by SIGSTOP ---") */
	if (sig != SIGSTOP_ &&
	    ((sig != SIGTSTP_ && sig != SIGTTIN_ && sig != SIGTTOU_) ||
	     BPF_CORE_READ(ka, sa.sa_handler)))
		return 0;
	e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);
	if (!e) {
		count_lost(SLB_LOST_RINGBUF);
		return 0;
	}
	fill_header(e, SL_EV_STOP, pid_tgid, cur);
	e->ns_pid = ns;
	e->args[0] = sig;
	e->ts_enter = e->ts_exit = ts;
	bpf_ringbuf_submit(e, wake_flag());
	return 0;
}

/*
 * A signal the kernel drops at generation (SIGCHLD and others whose default
 * is to ignore them, or SIG_IGN) never reaches signal_deliver; under ptrace
 * it is delivered, and strace shows it.  Report it as delivered to its
 * target, so both backends print the same lines.
 */
SEC("tp_btf/signal_generate")
int BPF_PROG(signal_generate, int sig, struct kernel_siginfo *info,
	     struct task_struct *task, int group, int result)
{
	__u32 tgid = task->tgid;
	struct sl_event *e;

	if (result != 1 /* TRACE_SIGNAL_IGNORED */ || tgid == own_tgid)
		return 0;
	if (filter & SLB_F_CGROUP)
		return 0;	/* the target's cgroup is not at hand */
	if ((filter & SLB_F_PIDS) && !bpf_map_lookup_elem(&pids, &tgid))
		return 0;
	e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);
	if (!e) {
		count_lost(SLB_LOST_RINGBUF);
		return 0;
	}
	fill_header(e, SL_EV_SIGNAL, ((__u64)tgid << 32) | (__u32)task->pid,
		    bpf_get_current_task_btf());
	e->ns_pid = ns_tgid(task);
	bpf_probe_read_kernel(e->comm, sizeof(e->comm), task->comm);
	e->cgroup_id = 0;
	e->args[0] = sig;
	e->args[1] = (__u32)BPF_CORE_READ(info, si_code);
	e->args[2] = (__u32)BPF_CORE_READ(info, _sifields._kill._pid);
	e->args[3] = (__u32)BPF_CORE_READ(info, _sifields._kill._uid);
	e->args[4] = (__u32)BPF_CORE_READ(info, _sifields._sigchld._status);
	e->args[5] = (__u64)BPF_CORE_READ(info, _sifields._sigfault._addr);
	e->ret = BPF_CORE_READ(info, si_errno);
	e->ts_enter = e->ts_exit = bpf_ktime_get_ns();
	bpf_ringbuf_submit(e, wake_flag());
	return 0;
}

/*
 * Calls in flight: the loader runs this iterator every ~100 ms and gets one
 * record per thread whose current call has lasted longer than inflight_ns
 * and was not reported yet.  Costs nothing per syscall.
 */
#define TASK_SLEEPING	0x0003	/* TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE */
#define TASK_HALTED	0x000c	/* __TASK_STOPPED | __TASK_TRACED */

static __always_inline struct task_state *
seed_blocked(struct task_struct *task, __u64 now)
{
	__u32 tgid = task->tgid, *v, a;
	unsigned int state = task->__state;
	struct task_state *st;
	struct pt_regs *regs;
	long nr;

	if (!(filter & SLB_F_PIDS) || (task->flags & 0x00200000 /* PF_KTHREAD */))
		return NULL;
	v = bpf_map_lookup_elem(&pids, &tgid);
	if (!v || *v != SLB_PID_TRACED)
		return NULL;
	if (!(state & TASK_SLEEPING) || (state & TASK_HALTED))
		return NULL;
	regs = (struct pt_regs *)bpf_task_pt_regs(task);
	if (!regs)
		return NULL;
	nr = (long)regs->orig_ax;
	a = arch_index(task);
	if (nr < 0 || nr >= SLB_NR_MAX || (use_traceset && !in_traceset(a, (__u32)nr)))
		return NULL;
	st = bpf_task_storage_get(&tstate, task, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!st || st->ts)	/* it entered a call meanwhile: that one counts */
		return NULL;
	st->traced = 1;
	st->ns_pid = ns_tgid(task);
	read_args(regs, a, st->args);
	st->nr = (__u32)nr;
	st->arch = a;
	st->had_entry = 0;
	st->retry = 0;
	st->ts = now;
	return st;
}

SEC("iter/task")
int inflight(struct bpf_iter__task *ctx)
{
	struct task_struct *task = ctx->task;
	struct slb_inflight r = {};
	struct task_state *st;
	__u64 now;

	if (!task)
		return 0;
	now = bpf_ktime_get_ns();
	st = bpf_task_storage_get(&tstate, task, 0, 0);
	if (!st) {
		/* a thread of a -p process asleep in a call since before we
		 * came: no entry was seen, so take the call from its saved
		 * registers, as /proc/PID/syscall does, and report it now */
		st = seed_blocked(task, now);
		if (!st)
			return 0;
	} else if (!st->ts || (!report_all &&
				(st->reported == st->ts || now - st->ts < inflight_ns))) {
		return 0;
	}
	st->reported = st->ts;
	r.pid = task->tgid;
	r.tid = task->pid;
	r.nr = st->nr;
	r.arch = st->arch ? SL_ARCH_I386 : SL_ARCH_X86_64;
	__builtin_memcpy(r.args, st->args, sizeof(r.args));
	r.ts_enter = st->ts;
	r.cgroup_id = 0;
	bpf_probe_read_kernel(r.comm, sizeof(r.comm), task->comm);
	bpf_seq_write(ctx->meta->seq, &r, sizeof(r));
	return 0;
}
