/*
 * test_histui.c - the interface's histograms and filters without a
 * terminal: per-process sets and their merge, the histogram pane rendered
 * into a grid (buckets, sorting, drill-down), and the filter stack over a
 * store (progressive fill, new events, exclude, errors, highlighting).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "syslens/capture.h"
#include "syslens/filter.h"
#include "syslens/histprocs.h"
#include "syslens/options.h"
#include "syslens/proctree.h"
#include "syslens/store.h"
#include "syslens/view.h"
#include "../../src/ui/filter_ui.h"
#include "../../src/ui/ui_int.h"

#define SEC		1000000000ull
#define NR_GETPID	39
#define NR_NANOSLEEP	35
#define NR_OPENAT	257
#define NR_CLOSE	3

static struct sl_event_buf b;
static uint64_t seq;

struct fixture {
	struct sl_options o;
	struct sl_ring *ring;
	struct sl_proctree *tree;
	struct sl_ui_ctx ctx;
	struct sl_view *hist;
};

static void
push(struct fixture *f)
{
	uint64_t idx = ring_push(f->ring, &b.ev);

	proctree_event_ref(f->tree, &b.ev, idx);
	if (f->hist)
		f->hist->ops->event(f->hist, &f->ctx, &b.ev, idx);
}

static void
sys(struct fixture *f, int pid, unsigned nr, long long ret, uint64_t ts, uint64_t dur)
{
	event_init(&b, SL_EV_SYSCALL);
	b.ev.pid = b.ev.tid = (__u32)pid;
	b.ev.arch = SL_ARCH_X86_64;
	b.ev.ts_enter = ts;
	b.ev.ts_exit = ts + dur;
	b.ev.seq = ++seq;
	b.ev.nr = nr;
	b.ev.ret = ret;
	snprintf(b.ev.comm, SL_COMM_LEN, "p%d", pid);
	push(f);
}

static void
fork_ev(struct fixture *f, int pid, int child, uint64_t ts)
{
	event_init(&b, SL_EV_FORK);
	b.ev.pid = b.ev.tid = (__u32)pid;
	b.ev.ts_enter = ts;
	b.ev.args[0] = (__u64)child;
	b.ev.args[1] = (__u64)child;
	push(f);
}

static struct fixture *
fixture_new(size_t ring)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->o.strsize = 32;
	f->o.blocked_ns = SEC;
	f->ring = ring_new(ring, 0);
	f->tree = proctree_new();
	f->ctx.o = &f->o;
	f->ctx.ring = f->ring;
	f->ctx.tree = f->tree;
	f->ctx.ascii = true;
	return f;
}

static void
fixture_free(struct fixture *f)
{
	if (f->hist)
		f->hist->ops->destroy(f->hist);
	uifilter_free(f->ctx.filter);
	proctree_free(f->tree);
	ring_free(f->ring);
	free(f);
}

static char *
render(struct fixture *f, int w, int h)
{
	struct sl_grid *g = grid_new(w, h);
	struct sl_strbuf sb = SL_STRBUF_INIT;
	char *s;

	f->ctx.now = 100 * SEC;
	f->hist->ops->render(f->hist, &f->ctx, g, (struct sl_rect){ 0, 0, w, h }, true);
	grid_text(g, &sb);
	grid_free(g);
	s = strdup(strbuf_str(&sb));
	strbuf_free(&sb);
	return s;
}

/* The line of s that starts (after blanks) with what, or NULL. */
static const char *
line_of(const char *s, const char *what)
{
	const char *p = strstr(s, what);

	return p;
}

static void
test_procs_model(void **state)
{
	struct sl_hist_procs *m = hist_procs_new();
	struct sl_event ev;
	const struct sl_hist *h;

	(void)state;
	memset(&ev, 0, sizeof(ev));
	ev.type = SL_EV_SYSCALL;
	ev.arch = SL_ARCH_X86_64;
	for (int i = 0; i < 1000; i++) {
		ev.pid = (__u32)(100 + i % 10);
		ev.nr = NR_GETPID;
		ev.ts_enter = (uint64_t)i * 1000;
		ev.ts_exit = ev.ts_enter + 500;
		assert_true(hist_procs_add(m, &ev));
	}
	ev.flags = SL_EVF_INFLIGHT;
	assert_false(hist_procs_add(m, &ev));
	assert_int_equal(hist_procs_count(m), 10);
	h = hist_set_get(hist_procs_all(m), SL_ARCH_IDX_X86_64, NR_GETPID);
	assert_non_null(h);
	assert_true(h->count == 1000);
	h = hist_set_get(hist_procs_pid(m, 105), SL_ARCH_IDX_X86_64, NR_GETPID);
	assert_non_null(h);
	assert_true(h->count == 100 && h->max_ns == 500);
	assert_null(hist_procs_pid(m, 99));
	/* many processes: the table grows and keeps every one */
	ev.flags = 0;
	for (int i = 0; i < 3000; i++) {
		ev.pid = (__u32)(1000 + i);
		hist_procs_add(m, &ev);
	}
	assert_int_equal(hist_procs_count(m), 3010);
	for (int i = 0; i < 3000; i += 97)
		assert_non_null(hist_procs_pid(m, 1000 + i));
	hist_procs_free(m);
}

/* 200 fast getpids, 3 nanosleeps of 50 ms in pid 10; 5 slow closes in its child 11 */
static void
scene(struct fixture *f)
{
	uint64_t t = 92 * SEC;

	for (int r = 0; r < 3; r++) {
		for (int i = 0; i < 200; i++, t += 1000)
			sys(f, 10, NR_GETPID, 10, t, 300 + (uint64_t)(i % 3) * 1000);
		sys(f, 10, NR_NANOSLEEP, 0, t, 50000000);
		t += 50000000;
	}
	fork_ev(f, 10, 11, t);
	for (int i = 0; i < 5; i++, t += 1000)
		sys(f, 11, NR_CLOSE, -9, t, 2000000);	/* EBADF, 2 ms */
}

static void
test_pane(void **state)
{
	struct fixture *f = fixture_new(4096);
	char *s;

	(void)state;
	f->hist = hist_view_new(&f->ctx);
	s = render(f, 100, 12);
	assert_non_null(strstr(s, "(no finished syscalls yet)"));
	free(s);
	scene(f);

	/* by calls: getpid first and selected; its buckets in ns and us */
	s = render(f, 100, 12);
	assert_non_null(strstr(s, "all processes  since start  sort calls"));
	assert_non_null(line_of(s, "getpid                600"));
	assert_true(strstr(s, "getpid   ") < strstr(s, "nanosleep   "));
	assert_non_null(strstr(s, "256ns-512ns          201"));
	assert_non_null(strstr(s, "1us-2us              201"));
	free(s);

	/* by total: nanosleep first; its calls in the 32ms-64ms bucket */
	assert_true(f->hist->ops->key(f->hist, &f->ctx, 'T'));
	assert_true(f->hist->ops->key(f->hist, &f->ctx, 'g'));
	s = render(f, 100, 12);
	assert_non_null(strstr(s, "sort total"));
	assert_true(strstr(s, "nanosleep   ") < strstr(s, "getpid   "));
	assert_non_null(strstr(s, "nanosleep  p50 50ms  p99 50ms  max 50ms"));
	assert_non_null(strstr(s, "32ms-64ms              3 #"));
	free(s);

	/* by errors: close (5 EBADF) first */
	f->hist->ops->key(f->hist, &f->ctx, 'E');
	f->hist->ops->key(f->hist, &f->ctx, 'g');
	s = render(f, 100, 12);
	assert_non_null(strstr(s, "close" "                   5" "      5"));
	free(s);

	/* Enter: the drill-down into the slowest bucket of close */
	assert_true(f->hist->ops->key(f->hist, &f->ctx, SL_KEY_ENTER));
	assert_true(f->ctx.drill);
	assert_int_equal(f->ctx.drill_nr, NR_CLOSE);
	assert_true(f->ctx.drill_lo == 1ull << 20 && f->ctx.drill_hi == 1ull << 21);
	assert_string_equal(f->ctx.drill_label, "close 1ms-2ms");
	f->ctx.drill = false;

	/* scoped to the child's subtree and to the parent alone */
	f->ctx.scope = SL_SCOPE_SUBTREE;
	f->ctx.scope_id = 10;
	s = render(f, 100, 12);
	assert_non_null(strstr(s, "pid 10+children"));
	assert_non_null(strstr(s, "close "));
	free(s);
	sys(f, 11, NR_CLOSE, 0, 99 * SEC, 100);	/* kept up to date after the merge */
	s = render(f, 100, 12);
	assert_non_null(strstr(s, "close" "                   6" "      5"));
	free(s);
	f->ctx.scope = SL_SCOPE_PROC;
	s = render(f, 100, 12);
	assert_null(strstr(s, "close "));
	assert_non_null(strstr(s, "nanosleep "));
	free(s);

	/* the last 10 s: at 100 s what ended from 91 s on; at 200 s nothing */
	f->ctx.scope = SL_SCOPE_ALL;
	f->hist->ops->key(f->hist, &f->ctx, 'w');
	s = render(f, 100, 12);
	assert_non_null(strstr(s, "last 10s"));
	assert_non_null(strstr(s, "getpid "));
	free(s);
	/* a process's last 10 s: from the store, then kept live */
	f->ctx.scope = SL_SCOPE_PROC;
	f->ctx.scope_id = 11;
	s = render(f, 100, 12);
	assert_non_null(strstr(s, "pid 11  last 10s"));
	assert_non_null(strstr(s, "close" "                   6" "      5"));
	assert_null(strstr(s, "getpid "));
	free(s);
	sys(f, 11, NR_CLOSE, 0, 99 * SEC + 5000, 100);
	sys(f, 10, NR_CLOSE, 0, 99 * SEC + 6000, 100);
	s = render(f, 100, 12);
	assert_non_null(strstr(s, "close" "                   7" "      5"));
	free(s);
	f->ctx.scope = SL_SCOPE_ALL;
	{
		struct sl_grid *g = grid_new(100, 12);
		struct sl_strbuf sb = SL_STRBUF_INIT;

		f->ctx.now = 200 * SEC;
		f->hist->ops->render(f->hist, &f->ctx, g, (struct sl_rect){ 0, 0, 100, 12 }, true);
		grid_text(g, &sb);
		assert_non_null(strstr(strbuf_str(&sb), "(no syscalls ended in the last 10 s)"));
		strbuf_free(&sb);
		grid_free(g);
	}
	fixture_free(f);
}

static int
rows_passing(struct fixture *f)
{
	struct sl_event ev;
	int n = 0;

	for (uint64_t i = ring_tail(f->ring); i < ring_head(f->ring); i++)
		if (ring_read_header(f->ring, i, &ev) == 0 && ui_row_match(&f->ctx, &ev, i))
			n++;
	return n;
}

static void
test_filters(void **state)
{
	struct fixture *f = fixture_new(1 << 16);
	struct sl_strbuf sb = SL_STRBUF_INIT;
	unsigned gen;
	int rc, k = 0;

	(void)state;
	for (int i = 0; i < 50000; i++)
		sys(f, 20 + i % 2, i % 5 ? NR_GETPID : NR_CLOSE, i % 5 ? 20 + i % 2 : -9, i * 1000ull,
		    100);
	f->ctx.filter = uifilter_new(&f->ctx);
	assert_int_equal(rows_passing(f), 50000);

	/* an include filter: old events fill in step by step, newest first */
	gen = f->ctx.scope_gen;
	assert_int_equal(uifilter_push(f->ctx.filter, &f->ctx, "close", false), 0);
	assert_true(f->ctx.scope_gen != gen);
	assert_int_equal(rows_passing(f), 0);
	while (uifilter_step(f->ctx.filter, &f->ctx, 1000))
		k++;
	assert_true(k > 0);
	assert_int_equal(uifilter_progress(f->ctx.filter, &f->ctx), 100);
	assert_int_equal(rows_passing(f), 10000);

	/* new events are decided as they come; a call's entry is never a row */
	sys(f, 20, NR_CLOSE, 0, 60 * SEC, 100);
	b.ev.flags = SL_EVF_INFLIGHT;
	push(f);
	{
		struct sl_event h;

		ring_read_header(f->ring, ring_head(f->ring) - 1, &h);
		assert_false(ui_row_match(&f->ctx, &h, ring_head(f->ring) - 1));
	}
	sys(f, 20, NR_GETPID, 20, 60 * SEC, 100);
	assert_int_equal(rows_passing(f), 10001);

	/* an exclude filter stacks: no EBADF */
	assert_int_equal(uifilter_push(f->ctx.filter, &f->ctx, "EBADF", true), 0);
	while (uifilter_step(f->ctx.filter, &f->ctx, 1000000000))
		;
	assert_int_equal(rows_passing(f), 1);
	uifilter_status(f->ctx.filter, &f->ctx, &sb);
	assert_string_equal(strbuf_str(&sb), " | /close/ !/EBADF/");

	/* a regex that does not compile: message and offset; the stack stays */
	rc = uifilter_push(f->ctx.filter, &f->ctx, "open(at", false);
	assert_int_equal(rc, -EINVAL);
	assert_int_equal(uifilter_count(f->ctx.filter), 2);
	strbuf_reset(&sb);
	assert_true(uifilter_error(f->ctx.filter, now_ns(), &sb));
	assert_non_null(strstr(strbuf_str(&sb), "missing closing parenthesis"));
	assert_non_null(strstr(strbuf_str(&sb), "offset 7"));
	assert_int_equal(rows_passing(f), 1);

	/* removed one by one */
	assert_int_equal(uifilter_pop(f->ctx.filter, &f->ctx), 0);
	while (uifilter_step(f->ctx.filter, &f->ctx, 1000000000))
		;
	assert_int_equal(rows_passing(f), 10001);
	assert_int_equal(uifilter_pop(f->ctx.filter, &f->ctx), 0);
	assert_int_equal(uifilter_pop(f->ctx.filter, &f->ctx), -ENOENT);
	assert_int_equal(rows_passing(f), 50003);	/* the entry too: no filter, no row check here */

	/* the prompt: typed text, Backspace, Enter pushes it */
	uifilter_prompt_open(f->ctx.filter, false);
	assert_true(uifilter_prompting(f->ctx.filter));
	uifilter_prompt_key(f->ctx.filter, &f->ctx, 'g');
	uifilter_prompt_key(f->ctx.filter, &f->ctx, 'x');
	uifilter_prompt_key(f->ctx.filter, &f->ctx, SL_KEY_BACKSPACE);
	uifilter_prompt_key(f->ctx.filter, &f->ctx, 'e');
	uifilter_prompt_key(f->ctx.filter, &f->ctx, 't');
	uifilter_prompt_key(f->ctx.filter, &f->ctx, SL_KEY_ENTER);
	assert_false(uifilter_prompting(f->ctx.filter));
	assert_int_equal(uifilter_count(f->ctx.filter), 1);
	strbuf_reset(&sb);
	uifilter_status(f->ctx.filter, &f->ctx, &sb);
	assert_non_null(strstr(strbuf_str(&sb), "/get/"));

	/* the match style on the matched cells only */
	{
		struct sl_grid *g = grid_new(60, 1);
		struct sl_event_buf eb;

		ring_read(f->ring, ring_head(f->ring) - 1, &eb);	/* getpid() = 20 */
		grid_put(g, 10, 0, 40, SL_ROLE_NORMAL, "getpid() = 20");
		ui_filter_mark(&f->ctx, g, &eb.ev, 0, 0, 2, 10, 40, -1, 0);
		assert_int_equal(g->cells[9].role, SL_ROLE_NORMAL);
		for (int x = 10; x < 13; x++)
			assert_int_equal(g->cells[x].role, SL_ROLE_MATCH);
		assert_int_equal(g->cells[13].role, SL_ROLE_NORMAL);
		assert_true(uifilter_has_match(f->ctx.filter, &f->ctx, &eb.ev));

		/* a result drawn apart from its call: a match in it lands there */
		assert_int_equal(uifilter_push(f->ctx.filter, &f->ctx, "= 20", false), 0);
		grid_fill(g, (struct sl_rect){ 0, 0, 60, 1 }, SL_ROLE_NORMAL);
		grid_put(g, 10, 0, 8, SL_ROLE_NORMAL, "getpid()");
		grid_put(g, 30, 0, 10, SL_ROLE_NORMAL, " = 20");
		ui_filter_mark(&f->ctx, g, &eb.ev, 0, 0, 2, 10, 8, 30, 10);
		for (int x = 10; x < 13; x++)
			assert_int_equal(g->cells[x].role, SL_ROLE_MATCH);
		assert_int_equal(g->cells[30].role, SL_ROLE_NORMAL);
		for (int x = 31; x < 35; x++)
			assert_int_equal(g->cells[x].role, SL_ROLE_MATCH);
		assert_int_equal(g->cells[35].role, SL_ROLE_NORMAL);
		grid_free(g);
	}
	strbuf_free(&sb);
	fixture_free(f);
}

/* The line the interface matches is the one --filter matches (filter_line). */
static void
test_filter_line(void **state)
{
	struct fixture *f = fixture_new(1024);
	struct sl_strbuf sb = SL_STRBUF_INIT;
	struct sl_decode_opts o = SL_DECODE_OPTS_DEFAULT;
	struct sl_event_buf eb;
	char re[256];
	const int pids[] = { 7, 21, 12345, 1234567 };

	(void)state;
	o.fdpaths = true;
	f->ctx.filter = uifilter_new(&f->ctx);
	for (size_t k = 0; k < sizeof(pids) / sizeof(pids[0]); k++) {
		sys(f, pids[k], NR_GETPID, pids[k], SEC, 100);
		ring_read(f->ring, ring_head(f->ring) - 1, &eb);
		strbuf_reset(&sb);
		filter_line(&sb, &eb.ev, &o);
		/* the whole line, quoted, must match */
		snprintf(re, sizeof(re), "^\\Q%s\\E$", strbuf_str(&sb));
		assert_int_equal(uifilter_push(f->ctx.filter, &f->ctx, re, false), 0);
		assert_true(uifilter_has_match(f->ctx.filter, &f->ctx, &eb.ev));
		uifilter_pop(f->ctx.filter, &f->ctx);
	}
	strbuf_free(&sb);
	fixture_free(f);
}

/* Threads blocked now: shown under the filters' rule, never in a drill-down. */
static void
test_blocked(void **state)
{
	struct fixture *f = fixture_new(1024);
	struct sl_thread *t;

	(void)state;
	f->ctx.filter = uifilter_new(&f->ctx);
	sys(f, 30, NR_GETPID, 30, SEC, 100);
	event_init(&b, SL_EV_SYSCALL);
	b.ev.pid = b.ev.tid = 30;
	b.ev.arch = SL_ARCH_X86_64;
	b.ev.nr = 0;	/* read */
	b.ev.args[0] = 5;
	b.ev.ts_enter = 2 * SEC;
	b.ev.seq = ++seq;
	b.ev.flags = SL_EVF_INFLIGHT;
	push(f);
	t = proctree_thread(f->tree, 30);
	assert_non_null(t);
	assert_true(t->inflight);
	assert_true(ui_blocked_match(&f->ctx, t));
	uifilter_push(f->ctx.filter, &f->ctx, "^30 +read\\(", false);
	assert_true(ui_blocked_match(&f->ctx, t));
	uifilter_push(f->ctx.filter, &f->ctx, "read", true);
	assert_false(ui_blocked_match(&f->ctx, t));
	uifilter_pop(f->ctx.filter, &f->ctx);
	f->ctx.drill = true;
	assert_false(ui_blocked_match(&f->ctx, t));
	fixture_free(f);
}

/* The drill-down narrows rows to one syscall and one latency range. */
static void
test_drill_rows(void **state)
{
	struct fixture *f = fixture_new(4096);

	(void)state;
	scene(f);
	f->ctx.drill = true;
	f->ctx.drill_arch = SL_ARCH_IDX_X86_64;
	f->ctx.drill_nr = NR_GETPID;
	f->ctx.drill_lo = 1024;
	f->ctx.drill_hi = 2048;
	assert_int_equal(rows_passing(f), 201);
	f->ctx.drill_nr = NR_NANOSLEEP;
	f->ctx.drill_lo = 1ull << 25;
	f->ctx.drill_hi = 1ull << 26;
	assert_int_equal(rows_passing(f), 3);
	fixture_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_procs_model),
		cmocka_unit_test(test_pane),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_drill_rows),
		cmocka_unit_test(test_filter_line),
		cmocka_unit_test(test_blocked),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
