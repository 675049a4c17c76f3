/* test_proctree.c - the process tree model fed by hand-built events. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "syslens/capture.h"
#include "syslens/proctree.h"

static struct sl_event_buf b;

static const struct sl_event *
ev_syscall(int pid, int tid, unsigned nr, long long ret, uint64_t ts, uint64_t seq, unsigned flags)
{
	event_init(&b, SL_EV_SYSCALL);
	b.ev.pid = (__u32)pid;
	b.ev.tid = (__u32)tid;
	b.ev.nr = nr;
	b.ev.arch = SL_ARCH_X86_64;
	b.ev.ret = ret;
	b.ev.ts_enter = ts;
	b.ev.seq = seq;
	b.ev.flags = (__u16)flags;
	strcpy(b.ev.comm, "prog");
	return &b.ev;
}

static const struct sl_event *
ev_fork(int pid, int cpid, int ctid)
{
	event_init(&b, SL_EV_FORK);
	b.ev.pid = b.ev.tid = (__u32)pid;
	b.ev.args[0] = (__u64)cpid;
	b.ev.args[1] = (__u64)ctid;
	return &b.ev;
}

static const struct sl_event *
ev_exit(int pid, int tid, int whole, int status)
{
	event_init(&b, SL_EV_EXIT);
	b.ev.pid = (__u32)pid;
	b.ev.tid = (__u32)tid;
	b.ev.args[0] = (__u64)whole;
	b.ev.ret = status;
	return &b.ev;
}

static void
test_fork_exec_exit(void **state)
{
	struct sl_proctree *pt = proctree_new();
	struct sl_proc *p, *c;

	(void)state;
	proctree_event(pt, ev_syscall(100, 100, 0, 5, 10, 1, 0));
	proctree_event(pt, ev_fork(100, 101, 101));
	proctree_event(pt, ev_fork(100, 102, 102));
	/* exec in the first child: comm from the exec event */
	event_init(&b, SL_EV_EXEC);
	b.ev.pid = b.ev.tid = 101;
	event_add_payload(&b, 0, SL_CAP_STR, 0, 0, "/usr/bin/true", 14);
	proctree_event(pt, &b.ev);
	ev_syscall(101, 101, 2, -2, 20, 2, 0);
	strcpy(b.ev.comm, "true");
	proctree_event(pt, &b.ev);
	proctree_event(pt, ev_exit(101, 101, 1, 3 << 8));

	p = proctree_roots(pt);
	assert_non_null(p);
	assert_int_equal(p->pid, 100);
	assert_null(p->sibling);
	assert_string_equal(p->comm, "prog");
	c = p->child;
	assert_non_null(c);
	assert_int_equal(c->pid, 101);
	assert_int_equal(c->ppid, 100);
	assert_string_equal(c->comm, "true");
	assert_int_equal(c->nsys, 1);
	assert_int_equal(c->nerr, 1);
	assert_true(c->exited);
	assert_int_equal(c->exit_status, 3 << 8);
	assert_non_null(c->sibling);
	assert_int_equal(c->sibling->pid, 102);
	assert_int_equal(proctree_nprocs(pt), 3);
	assert_int_equal(proctree_nalive(pt), 2);
	assert_true(proctree_in_subtree(pt, 102, 100));
	assert_false(proctree_in_subtree(pt, 100, 102));
	proctree_free(pt);
}

/* A child seen before its parent's fork event is re-parented by it. */
static void
test_child_first(void **state)
{
	struct sl_proctree *pt = proctree_new();
	struct sl_proc *p;

	(void)state;
	proctree_event(pt, ev_syscall(200, 200, 39, 200, 1, 1, 0));
	proctree_event(pt, ev_syscall(201, 201, 39, 201, 2, 2, 0));
	assert_non_null(proctree_roots(pt)->sibling);
	proctree_event(pt, ev_fork(200, 201, 201));
	p = proctree_roots(pt);
	assert_int_equal(p->pid, 200);
	assert_null(p->sibling);
	assert_int_equal(p->child->pid, 201);
	proctree_free(pt);
}

static void
test_threads_inflight(void **state)
{
	struct sl_proctree *pt = proctree_new();
	struct sl_thread *blocked[8];
	struct sl_thread *t;
	struct sl_proc *p;

	(void)state;
	proctree_event(pt, ev_syscall(300, 300, 39, 300, 1, 1, 0));
	proctree_event(pt, ev_fork(300, 300, 301)); /* a thread */
	proctree_event(pt, ev_fork(300, 300, 302));
	p = proctree_find(pt, 300);
	assert_int_equal(p->nthreads, 3);
	assert_null(p->child);
	assert_int_equal(p->threads->tid, 300);
	assert_int_equal(p->threads->next->tid, 301);

	/* thread 301 enters read(3) on a fifo and stays there */
	ev_syscall(300, 301, 0, 0, 1000, 10, SL_EVF_INFLIGHT);
	b.ev.args[0] = 3;
	event_add_payload(&b, SL_PL_FDPATH_BASE, SL_CAP_FD, 0, 0, "/tmp/fifo", 9);
	proctree_event(pt, &b.ev);
	/* thread 302 enters a call that returns quickly */
	proctree_event(pt, ev_syscall(300, 302, 35, 0, 2000, 11, SL_EVF_INFLIGHT));
	assert_int_equal(proctree_blocked(pt, 5000, 0, blocked, 8), 2);
	proctree_event(pt, ev_syscall(300, 302, 35, 0, 2000, 11, 0));

	t = proctree_thread(pt, 301);
	assert_true(t->inflight);
	assert_int_equal(t->call.nr, 0);
	assert_int_equal(t->arg0_kind, SL_ARG0_FDPATH);
	assert_int_equal(t->arg0_len, 9);
	assert_memory_equal(t->arg0, "/tmp/fifo", 9);
	assert_false(proctree_thread(pt, 302)->inflight);
	assert_int_equal(proctree_thread(pt, 302)->nsys, 1);

	assert_int_equal(proctree_blocked(pt, 5000, 0, blocked, 8), 1);
	assert_ptr_equal(blocked[0], t);
	/* under the threshold: not blocked yet */
	assert_int_equal(proctree_blocked(pt, 1500, 1000, blocked, 8), 0);

	/* a second blocked thread that entered earlier sorts first */
	proctree_event(pt, ev_syscall(300, 300, 61, 0, 500, 12, SL_EVF_INFLIGHT));
	assert_int_equal(proctree_blocked(pt, 5000, 1000, blocked, 8), 2);
	assert_int_equal(blocked[0]->tid, 300);
	assert_int_equal(blocked[1]->tid, 301);

	/* the read returns */
	proctree_event(pt, ev_syscall(300, 301, 0, 6, 1000, 10, 0));
	assert_false(t->inflight);
	assert_int_equal(proctree_blocked(pt, 5000, 1000, blocked, 8), 1);

	/* a thread exits; then the whole process: nothing stays in flight */
	proctree_event(pt, ev_exit(300, 302, 0, 0));
	assert_true(proctree_thread(pt, 302)->exited);
	assert_int_equal(p->nthreads, 2);
	proctree_event(pt, ev_exit(300, 300, 1, 9));
	assert_true(p->exited);
	assert_int_equal(p->exit_status, 9);
	assert_int_equal(proctree_blocked(pt, 5000, 0, blocked, 8), 0);
	proctree_free(pt);
}

static bool
count_walk(struct sl_proc *p, int depth, void *arg)
{
	int *v = arg;

	(void)p;
	v[0]++;
	if (depth > v[1])
		v[1] = depth;
	return true;
}

/* Many processes: the hash tables grow; the walk sees every one. */
static void
test_many(void **state)
{
	struct sl_proctree *pt = proctree_new();
	int v[2] = {0, 0};

	(void)state;
	proctree_event(pt, ev_syscall(1000, 1000, 39, 0, 1, 1, 0));
	for (int i = 1; i < 3000; i++)
		proctree_event(pt, ev_fork(1000 + (i - 1) / 2, 1000 + i, 1000 + i));
	assert_int_equal(proctree_nprocs(pt), 3000);
	for (int i = 0; i < 3000; i++)
		assert_non_null(proctree_find(pt, 1000 + i));
	proctree_walk(pt, count_walk, v);
	assert_int_equal(v[0], 3000);
	assert_int_equal(v[1], 11);
	proctree_free(pt);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fork_exec_exit),
		cmocka_unit_test(test_child_first),
		cmocka_unit_test(test_threads_inflight),
		cmocka_unit_test(test_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
