/* test_callq.c - the queue of finished calls behind the interface's
 * counts: only finished syscalls go in, all of them come out in order
 * (across many chunks), and a writer and a reader running at once lose
 * none.  And the process tree counting them apart from its shape. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "syslens/callq.h"
#include "syslens/proctree.h"

#define NCALLS 100000 /* many chunks */

static void
make_call(struct sl_event *ev, uint64_t i)
{
	memset(ev, 0, sizeof(*ev));
	ev->size = sizeof(*ev);
	ev->type = SL_EV_SYSCALL;
	ev->pid = 100 + (__u32)(i % 7);
	ev->tid = ev->pid;
	ev->nr = (__u32)(i % 300);
	ev->arch = SL_ARCH_X86_64;
	ev->ret = i % 5 ? (__s64)i : -2;
	ev->ts_enter = 1000 * i;
	ev->ts_exit = 1000 * i + 10 + i % 13;
	ev->seq = i;
	strcpy(ev->comm, "prog");
}

static void
assert_call(const struct sl_event *ev, uint64_t i)
{
	struct sl_event want;

	make_call(&want, i);
	assert_int_equal(ev->type, SL_EV_SYSCALL);
	assert_int_equal(ev->flags, 0);
	assert_int_equal(ev->pid, want.pid);
	assert_int_equal(ev->tid, want.tid);
	assert_int_equal(ev->nr, want.nr);
	assert_int_equal(ev->arch, want.arch);
	assert_int_equal(ev->ret, want.ret);
	assert_int_equal(ev->ts_enter, want.ts_enter);
	assert_int_equal(ev->ts_exit, want.ts_exit);
	assert_string_equal(ev->comm, "prog");
}

static void
test_only_finished(void **state)
{
	struct sl_callq *q = callq_new();
	struct sl_sink *s = callq_sink_new(q);
	struct sl_event ev, out;

	(void)state;
	assert_false(callq_pop(q, &out));
	make_call(&ev, 1);
	ev.flags = SL_EVF_INFLIGHT;
	sink_event(s, &ev);		/* an entry: its end will come */
	ev.type = SL_EV_FORK;
	ev.flags = 0;
	sink_event(s, &ev);		/* not a call */
	make_call(&ev, 1);
	sink_event(s, &ev);
	make_call(&ev, 2);
	ev.flags = SL_EVF_NOEXIT;	/* exit_group: counted, as the tree does */
	sink_event(s, &ev);
	assert_true(callq_pop(q, &out));
	assert_call(&out, 1);
	assert_true(callq_pop(q, &out));
	assert_int_equal(out.flags, SL_EVF_NOEXIT);
	assert_false(callq_pop(q, &out));
	s->destroy(s);
	callq_free(q);
}

static void
test_order_across_chunks(void **state)
{
	struct sl_callq *q = callq_new();
	struct sl_event ev;
	uint64_t next = 0;

	(void)state;
	/* in bursts, with the reader sometimes catching up, sometimes not */
	for (uint64_t i = 0; i < NCALLS; i++) {
		make_call(&ev, i);
		callq_push(q, &ev);
		if (i % 1777 == 0)
			while (callq_pop(q, &ev))
				assert_call(&ev, next++);
	}
	while (callq_pop(q, &ev))
		assert_call(&ev, next++);
	assert_int_equal(next, NCALLS);
	/* left in it at the end: freed with it */
	for (uint64_t i = 0; i < 2000; i++) {
		make_call(&ev, i);
		callq_push(q, &ev);
	}
	callq_free(q);
}

static void *
writer_main(void *arg)
{
	struct sl_callq *q = arg;
	struct sl_event ev;

	for (uint64_t i = 0; i < NCALLS; i++) {
		make_call(&ev, i);
		callq_push(q, &ev);
	}
	return NULL;
}

static void
test_concurrent(void **state)
{
	struct sl_callq *q = callq_new();
	struct sl_event ev;
	pthread_t w;
	uint64_t next = 0;

	(void)state;
	assert_int_equal(pthread_create(&w, NULL, writer_main, q), 0);
	while (next < NCALLS)
		if (callq_pop(q, &ev))
			assert_call(&ev, next++);
	pthread_join(w, NULL);
	assert_false(callq_pop(q, &ev));
	callq_free(q);
}

/* The tree keeps its shape from one source and its counts from another. */
static void
test_proctree_count_apart(void **state)
{
	struct sl_proctree *pt = proctree_new();
	struct sl_event ev;
	struct sl_proc *p;

	(void)state;
	proctree_count_apart(pt);
	make_call(&ev, 5);	/* pid 105, failed */
	proctree_event(pt, &ev);
	p = proctree_find(pt, 105);
	assert_non_null(p);
	assert_int_equal(p->nsys, 0);
	proctree_count(pt, &ev);
	make_call(&ev, 12);	/* pid 105, succeeded; the tree never saw it */
	proctree_count(pt, &ev);
	assert_int_equal(p->nsys, 2);
	assert_int_equal(p->nerr, 1);
	/* a process whose every event the ring overwrote still shows, named */
	make_call(&ev, 1);
	strcpy(ev.comm, "gone");
	proctree_count(pt, &ev);
	p = proctree_find(pt, 101);
	assert_non_null(p);
	assert_int_equal(p->nsys, 1);
	assert_string_equal(p->comm, "gone");
	/* entries are not counted */
	ev.flags = SL_EVF_INFLIGHT;
	proctree_count(pt, &ev);
	assert_int_equal(p->nsys, 1);
	proctree_free(pt);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_only_finished),
		cmocka_unit_test(test_order_across_chunks),
		cmocka_unit_test(test_concurrent),
		cmocka_unit_test(test_proctree_count_apart),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
