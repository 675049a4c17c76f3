/*
 * proctree.c - the process tree, kept from fork/exec/exit and syscall
 * events as they arrive: two hash tables (pid -> process, tid -> thread)
 * and the parent/child links between processes.
 *
 * Events can arrive in an order the kernel did not follow (a child's
 * first syscall before its parent's fork event, with ptrace), so every
 * lookup creates what it does not find and a later fork event re-parents.
 */
#include <stdlib.h>
#include <string.h>

#include "syslens/capture.h"
#include "syslens/proctree.h"
#include "syslens/util.h"

struct sl_proctree {
	struct sl_proc **ph;   /* pid hash */
	struct sl_thread **th; /* tid hash */
	size_t pbuckets, tbuckets;
	size_t nprocs, nthreads, nalive;
	struct sl_proc *roots, *roots_last;
	bool count_apart; /* finished calls are counted by proctree_count only */
};

static size_t
hash_int(int v, size_t buckets)
{
	return ((uint32_t)v * 2654435761u) & (buckets - 1);
}

struct sl_proctree *
proctree_new(void)
{
	struct sl_proctree *pt = xcalloc(1, sizeof(*pt));

	pt->pbuckets = pt->tbuckets = 256;
	pt->ph = xcalloc(pt->pbuckets, sizeof(*pt->ph));
	pt->th = xcalloc(pt->tbuckets, sizeof(*pt->th));
	return pt;
}

void
proctree_free(struct sl_proctree *pt)
{
	if (!pt)
		return;
	for (size_t i = 0; i < pt->tbuckets; i++) {
		struct sl_thread *t = pt->th[i], *n;

		for (; t; t = n) {
			n = t->hnext;
			free(t);
		}
	}
	for (size_t i = 0; i < pt->pbuckets; i++) {
		struct sl_proc *p = pt->ph[i], *n;

		for (; p; p = n) {
			n = p->hnext;
			free(p);
		}
	}
	free(pt->th);
	free(pt->ph);
	free(pt);
}

struct sl_proc *
proctree_find(const struct sl_proctree *pt, int pid)
{
	struct sl_proc *p = pt->ph[hash_int(pid, pt->pbuckets)];

	while (p && p->pid != pid)
		p = p->hnext;
	return p;
}

struct sl_thread *
proctree_thread(const struct sl_proctree *pt, int tid)
{
	struct sl_thread *t = pt->th[hash_int(tid, pt->tbuckets)];

	while (t && t->tid != tid)
		t = t->hnext;
	return t;
}

struct sl_proc *
proctree_roots(const struct sl_proctree *pt)
{
	return pt->roots;
}

size_t
proctree_nprocs(const struct sl_proctree *pt)
{
	return pt->nprocs;
}

size_t
proctree_nalive(const struct sl_proctree *pt)
{
	return pt->nalive;
}

static void
grow_procs(struct sl_proctree *pt)
{
	size_t nb = pt->pbuckets * 2;
	struct sl_proc **h = xcalloc(nb, sizeof(*h));

	for (size_t i = 0; i < pt->pbuckets; i++) {
		struct sl_proc *p = pt->ph[i], *n;

		for (; p; p = n) {
			size_t b = hash_int(p->pid, nb);

			n = p->hnext;
			p->hnext = h[b];
			h[b] = p;
		}
	}
	free(pt->ph);
	pt->ph = h;
	pt->pbuckets = nb;
}

static void
grow_threads(struct sl_proctree *pt)
{
	size_t nb = pt->tbuckets * 2;
	struct sl_thread **h = xcalloc(nb, sizeof(*h));

	for (size_t i = 0; i < pt->tbuckets; i++) {
		struct sl_thread *t = pt->th[i], *n;

		for (; t; t = n) {
			size_t b = hash_int(t->tid, nb);

			n = t->hnext;
			t->hnext = h[b];
			h[b] = t;
		}
	}
	free(pt->th);
	pt->th = h;
	pt->tbuckets = nb;
}

static void
link_child(struct sl_proctree *pt, struct sl_proc *parent, struct sl_proc *p)
{
	p->parent = parent;
	p->sibling = NULL;
	if (!parent) {
		if (pt->roots_last)
			pt->roots_last->sibling = p;
		else
			pt->roots = p;
		pt->roots_last = p;
		return;
	}
	if (parent->child_last)
		parent->child_last->sibling = p;
	else
		parent->child = p;
	parent->child_last = p;
}

static void
unlink_child(struct sl_proctree *pt, struct sl_proc *p)
{
	struct sl_proc **head = p->parent ? &p->parent->child : &pt->roots;
	struct sl_proc **last = p->parent ? &p->parent->child_last : &pt->roots_last;
	struct sl_proc *prev = NULL, *q;

	for (q = *head; q && q != p; q = q->sibling)
		prev = q;
	if (!q)
		return;
	if (prev)
		prev->sibling = p->sibling;
	else
		*head = p->sibling;
	if (*last == p)
		*last = prev;
	p->sibling = NULL;
	p->parent = NULL;
}

static struct sl_proc *
proc_get(struct sl_proctree *pt, int pid, const struct sl_event *ev)
{
	struct sl_proc *p = proctree_find(pt, pid);
	size_t b;

	if (p)
		return p;
	if (pt->nprocs >= pt->pbuckets * 2)
		grow_procs(pt);
	p = xcalloc(1, sizeof(*p));
	p->pid = pid;
	p->first_ts = ev->ts_enter;
	if (ev->pid == (__u32)pid)
		memcpy(p->comm, ev->comm, SL_COMM_LEN);
	p->comm[SL_COMM_LEN - 1] = '\0';
	b = hash_int(pid, pt->pbuckets);
	p->hnext = pt->ph[b];
	pt->ph[b] = p;
	pt->nprocs++;
	pt->nalive++;
	link_child(pt, NULL, p);
	return p;
}

static struct sl_thread *
thread_get(struct sl_proctree *pt, int pid, int tid, const struct sl_event *ev)
{
	struct sl_thread *t = proctree_thread(pt, tid), **pp;
	struct sl_proc *p;
	size_t b;

	if (t)
		return t;
	p = proc_get(pt, pid, ev);
	if (pt->nthreads >= pt->tbuckets * 2)
		grow_threads(pt);
	t = xcalloc(1, sizeof(*t));
	t->tid = tid;
	t->proc = p;
	memcpy(t->comm, p->comm, SL_COMM_LEN);
	/* the leader goes first, the others in order of appearance */
	if (tid == pid) {
		t->next = p->threads;
		p->threads = t;
	} else {
		for (pp = &p->threads; *pp; pp = &(*pp)->next)
			;
		*pp = t;
	}
	b = hash_int(tid, pt->tbuckets);
	t->hnext = pt->th[b];
	pt->th[b] = t;
	pt->nthreads++;
	p->nthreads++;
	return t;
}

static void
thread_exited(struct sl_thread *t, int status)
{
	if (t->exited)
		return;
	t->exited = true;
	t->inflight = false;
	t->exit_status = status;
	t->proc->nthreads--;
}

static void
proc_exited(struct sl_proctree *pt, struct sl_proc *p, int status)
{
	if (!p->exited) {
		p->exited = true;
		pt->nalive--;
	}
	p->exit_status = status;
	for (struct sl_thread *t = p->threads; t; t = t->next)
		thread_exited(t, status);
}

/* Keep the first argument of an in-flight call: an fd's path or a string. */
static void
keep_arg0(struct sl_thread *t, const struct sl_event *ev)
{
	const struct sl_payload *pl = event_payload_find(ev, SL_PL_FDPATH_BASE, 0);
	uint8_t kind = SL_ARG0_FDPATH;

	t->arg0_kind = SL_ARG0_NONE;
	t->arg0_len = 0;
	t->arg0_trunc = false;
	if (!pl) {
		pl = event_payload_find(ev, 0, 0);
		kind = SL_ARG0_STR;
		if (pl && pl->kind != SL_CAP_STR)
			pl = NULL;
	}
	if (!pl || (pl->flags & SL_PLF_UNREADABLE))
		return;
	t->arg0_kind = kind;
	t->arg0_len = (uint16_t)SL_MIN(pl->len, SL_ARG0_MAX);
	t->arg0_trunc = pl->len > SL_ARG0_MAX || (pl->flags & SL_PLF_TRUNCATED);
	memcpy(t->arg0, event_payload_data(pl), t->arg0_len);
	/* strings are captured with their NUL at times: not part of the text */
	while (t->arg0_len && t->arg0[t->arg0_len - 1] == '\0')
		t->arg0_len--;
}

static void
count_call(struct sl_thread *t, const struct sl_event *ev)
{
	t->nsys++;
	t->proc->nsys++;
	if (!(ev->flags & SL_EVF_NOEXIT) && ev->ret < 0 && ev->ret > -4096) {
		t->nerr++;
		t->proc->nerr++;
	}
}

static void
on_syscall(struct sl_proctree *pt, const struct sl_event *ev, uint64_t ref)
{
	struct sl_thread *t = thread_get(pt, (int)ev->pid, (int)ev->tid, ev);

	if (ev->comm[0]) {
		memcpy(t->comm, ev->comm, SL_COMM_LEN);
		t->comm[SL_COMM_LEN - 1] = '\0';
		if (t->tid == t->proc->pid)
			memcpy(t->proc->comm, t->comm, SL_COMM_LEN);
	}
	t->stopped = false;
	if (ev->flags & SL_EVF_INFLIGHT) {
		t->inflight = true;
		t->call = *ev;
		t->call.payload_len = 0;
		t->call.npayload = 0;
		t->call.size = sizeof(*ev);
		t->call_ref = ref;
		keep_arg0(t, ev);
		return;
	}
	if (t->inflight && t->call.seq == ev->seq)
		t->inflight = false;
	else if (t->inflight && t->call.ts_enter <= ev->ts_enter)
		t->inflight = false; /* its exit was lost: this call came after */
	if (!pt->count_apart)
		count_call(t, ev);
}

static void
on_fork(struct sl_proctree *pt, const struct sl_event *ev)
{
	int cpid = (int)ev->args[0], ctid = (int)ev->args[1];
	struct sl_proc *parent = proc_get(pt, (int)ev->pid, ev);
	struct sl_proc *child;
	struct sl_thread *t;

	if (ctid == 0)
		ctid = cpid;
	if (cpid == (int)ev->pid || (cpid == 0 && ctid)) {
		/* a new thread of the same process */
		t = thread_get(pt, (int)ev->pid, ctid, ev);
		memcpy(t->comm, parent->comm, SL_COMM_LEN);
		return;
	}
	if (cpid <= 0)
		return;
	child = proctree_find(pt, cpid);
	if (!child) {
		child = proc_get(pt, cpid, ev);
		memcpy(child->comm, parent->comm, SL_COMM_LEN);
		child->first_ts = ev->ts_exit ? ev->ts_exit : ev->ts_enter;
	}
	child->ppid = parent->pid;
	if (child->parent != parent && child != parent) {
		/* never make a loop out of a confused event order */
		for (struct sl_proc *a = parent; a; a = a->parent)
			if (a == child)
				return;
		unlink_child(pt, child);
		link_child(pt, parent, child);
	}
	t = thread_get(pt, cpid, ctid, ev);
	if (!t->comm[0])
		memcpy(t->comm, parent->comm, SL_COMM_LEN);
}

static void
on_exec(struct sl_proctree *pt, const struct sl_event *ev)
{
	struct sl_proc *p = proc_get(pt, (int)ev->pid, ev);
	const struct sl_payload *pl;
	char comm[SL_COMM_LEN] = "";

	if (ev->comm[0]) {
		memcpy(comm, ev->comm, SL_COMM_LEN);
	} else if ((pl = event_payload_find(ev, 0, 0)) != NULL) {
		const unsigned char *s = event_payload_data(pl);
		size_t n = strnlen((const char *)s, pl->len), b = n;

		while (b && s[b - 1] != '/')
			b--;
		memcpy(comm, s + b, SL_MIN(n - b, (size_t)SL_COMM_LEN - 1));
	}
	comm[SL_COMM_LEN - 1] = '\0';
	/* every other thread is gone after an exec */
	for (struct sl_thread *t = p->threads; t; t = t->next)
		if (t->tid != p->pid)
			thread_exited(t, 0);
	thread_get(pt, p->pid, p->pid, ev);
	if (comm[0]) {
		memcpy(p->comm, comm, SL_COMM_LEN);
		memcpy(p->threads->comm, comm, SL_COMM_LEN);
	}
}

static void
on_task_exit(struct sl_proctree *pt, const struct sl_event *ev)
{
	struct sl_thread *t = thread_get(pt, (int)ev->pid, (int)ev->tid, ev);

	if (ev->args[0])
		proc_exited(pt, t->proc, (int)ev->ret);
	else
		thread_exited(t, (int)ev->ret);
}

void
proctree_event(struct sl_proctree *pt, const struct sl_event *ev)
{
	proctree_event_ref(pt, ev, 0);
}

void
proctree_event_ref(struct sl_proctree *pt, const struct sl_event *ev, uint64_t ref)
{
	struct sl_thread *t;

	switch (ev->type) {
	case SL_EV_SYSCALL:
		on_syscall(pt, ev, ref);
		break;
	case SL_EV_FORK:
		on_fork(pt, ev);
		break;
	case SL_EV_EXEC:
		on_exec(pt, ev);
		break;
	case SL_EV_EXIT:
		on_task_exit(pt, ev);
		break;
	case SL_EV_STOP:
		t = thread_get(pt, (int)ev->pid, (int)ev->tid, ev);
		t->stopped = true;
		break;
	case SL_EV_SIGNAL:
	case SL_EV_DETACH:
		thread_get(pt, (int)ev->pid, (int)ev->tid, ev)->stopped = false;
		break;
	default:
		break;
	}
}

void
proctree_count_apart(struct sl_proctree *pt)
{
	pt->count_apart = true;
}

void
proctree_count(struct sl_proctree *pt, const struct sl_event *ev)
{
	struct sl_thread *t;

	if (ev->type != SL_EV_SYSCALL || (ev->flags & SL_EVF_INFLIGHT))
		return;
	t = thread_get(pt, (int)ev->pid, (int)ev->tid, ev);
	if (!t->comm[0] && ev->comm[0]) {
		/* its own events were overwritten before the tree saw them */
		memcpy(t->comm, ev->comm, SL_COMM_LEN);
		t->comm[SL_COMM_LEN - 1] = '\0';
		if (t->tid == t->proc->pid && !t->proc->comm[0])
			memcpy(t->proc->comm, t->comm, SL_COMM_LEN);
	}
	count_call(t, ev);
}

bool
proctree_in_subtree(const struct sl_proctree *pt, int pid, int ancestor)
{
	struct sl_proc *p = proctree_find(pt, pid);

	for (; p; p = p->parent)
		if (p->pid == ancestor)
			return true;
	return false;
}

static int
cmp_blocked(const void *a, const void *b)
{
	const struct sl_thread *x = *(struct sl_thread *const *)a;
	const struct sl_thread *y = *(struct sl_thread *const *)b;

	if (x->call.ts_enter != y->call.ts_enter)
		return x->call.ts_enter < y->call.ts_enter ? -1 : 1;
	return x->tid - y->tid;
}

size_t
proctree_blocked(const struct sl_proctree *pt, uint64_t now, uint64_t min_ns,
		 struct sl_thread **out, size_t max)
{
	size_t n = 0, cap = 64;
	struct sl_thread **all = xmalloc(cap * sizeof(*all));

	for (size_t i = 0; i < pt->tbuckets; i++)
		for (struct sl_thread *t = pt->th[i]; t; t = t->hnext) {
			if (!t->inflight || t->exited)
				continue;
			if (now < t->call.ts_enter || now - t->call.ts_enter < min_ns)
				continue;
			if (n == cap) {
				cap *= 2;
				all = xrealloc(all, cap * sizeof(*all));
			}
			all[n++] = t;
		}
	qsort(all, n, sizeof(*all), cmp_blocked);
	n = SL_MIN(n, max);
	memcpy(out, all, n * sizeof(*out));
	free(all);
	return n;
}

static bool
walk_one(struct sl_proc *p, int depth, bool (*fn)(struct sl_proc *, int, void *), void *arg)
{
	/* iterative over siblings, recursive over depth (trees are shallow) */
	for (; p; p = p->sibling) {
		if (!fn(p, depth, arg))
			return false;
		if (p->child && !walk_one(p->child, depth + 1, fn, arg))
			return false;
	}
	return true;
}

void
proctree_walk(const struct sl_proctree *pt, bool (*fn)(struct sl_proc *p, int depth, void *arg),
	      void *arg)
{
	walk_one(pt->roots, 0, fn, arg);
}
