/*
 * test_views.c - views rendered into a grid at fixed sizes, with no
 * terminal: the tree and "blocked now" against golden text files under
 * tests/golden/ (SYSLENS_GOLDEN_UPDATE=1 rewrites them), the syscall pane
 * and the detail view by their structure and style roles.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "syslens/capture.h"
#include "syslens/decode.h"
#include "syslens/options.h"
#include "syslens/proctree.h"
#include "syslens/store.h"
#include "syslens/view.h"
#include "../../src/ui/ui_int.h"

#define SEC 1000000000ull
#define T0 (3600 * SEC) /* 01:00:00 UTC with time_offset 0 */

static struct sl_event_buf b;
static uint64_t seq;

struct fixture {
	struct sl_options o;
	struct sl_ring *ring;
	struct sl_proctree *tree;
	struct sl_ui_ctx ctx;
	struct sl_view *sys;
};

static void
push(struct fixture *f)
{
	uint64_t idx = ring_push(f->ring, &b.ev);

	proctree_event_ref(f->tree, &b.ev, idx);
	if (f->sys)
		f->sys->ops->event(f->sys, &f->ctx, &b.ev, idx);
}

static void
ev(unsigned type, int pid, int tid, const char *comm, uint64_t ts)
{
	event_init(&b, type);
	b.ev.pid = (__u32)pid;
	b.ev.tid = (__u32)tid;
	b.ev.arch = SL_ARCH_X86_64;
	b.ev.ts_enter = ts;
	b.ev.seq = ++seq;
	snprintf(b.ev.comm, SL_COMM_LEN, "%s", comm);
}

static void
sys(struct fixture *f, int pid, int tid, const char *comm, unsigned nr, long long ret, uint64_t ts,
    uint64_t dur)
{
	ev(SL_EV_SYSCALL, pid, tid, comm, ts);
	b.ev.nr = nr;
	b.ev.ret = ret;
	b.ev.ts_exit = ts + dur;
	push(f);
}

static void
fork_ev(struct fixture *f, int pid, int cpid, int ctid, uint64_t ts)
{
	ev(SL_EV_FORK, pid, pid, "", ts);
	b.ev.args[0] = (__u64)cpid;
	b.ev.args[1] = (__u64)ctid;
	push(f);
}

/* The scene: a parent, a thread blocked on a fifo, a child that exits 3,
 * a grandchild, a process with a hostile name. */
static void
scene(struct fixture *f)
{
	sys(f, 100, 100, "server", 39, 100, T0, 500);
	fork_ev(f, 100, 100, 101, T0 + 1000);
	ev(SL_EV_SYSCALL, 100, 101, "reader", T0 + SEC);
	b.ev.nr = 0;
	b.ev.args[0] = 3;
	b.ev.flags = SL_EVF_INFLIGHT;
	event_add_payload(&b, SL_PL_FDPATH_BASE, SL_CAP_FD, 0, 0, "/tmp/fifo", 9);
	push(f);
	fork_ev(f, 100, 102, 102, T0 + 2000);
	sys(f, 102, 102, "worker", 257, -ENOENT, T0 + 3000, 4000);
	sys(f, 102, 102, "worker", 39, 102, T0 + 4000, 400);
	fork_ev(f, 102, 103, 103, T0 + 5000);
	sys(f, 103, 103, "sh", 39, 103, T0 + 6000, 300);
	ev(SL_EV_EXIT, 102, 102, "worker", T0 + 7000);
	b.ev.args[0] = 1;
	b.ev.ret = 3 << 8;
	push(f);
	fork_ev(f, 100, 104, 104, T0 + 8000);
	sys(f, 104, 104, "\033]0;x\007", 39, 104, T0 + 9000, 300);
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	setenv("TZ", "UTC", 1);
	tzset();
	seq = 0;
	f->o.strsize = 32;
	f->o.blocked_ns = SEC;
	f->ring = ring_new(1000, 0);
	f->tree = proctree_new();
	f->ctx.o = &f->o;
	f->ctx.ring = f->ring;
	f->ctx.tree = f->tree;
	f->ctx.now = T0 + 3 * SEC + 400 * 1000000ull; /* reader waits 2.4s */
	f->sys = sysview_new();
	scene(f);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	f->sys->ops->destroy(f->sys);
	proctree_free(f->tree);
	ring_free(f->ring);
	free(f);
	return 0;
}

static void
golden(const struct sl_grid *g, const char *name)
{
	struct sl_strbuf sb = SL_STRBUF_INIT;
	char path[256], want[16384];
	FILE *fp;
	size_t n;

	grid_text(g, &sb);
	snprintf(path, sizeof(path), "tests/golden/%s.txt", name);
	if (getenv("SYSLENS_GOLDEN_UPDATE")) {
		fp = fopen(path, "w");
		assert_non_null(fp);
		fputs(strbuf_str(&sb), fp);
		fclose(fp);
	}
	fp = fopen(path, "r");
	if (!fp)
		fail_msg("%s missing (SYSLENS_GOLDEN_UPDATE=1 writes it)", path);
	n = fread(want, 1, sizeof(want) - 1, fp);
	want[n] = '\0';
	fclose(fp);
	if (strcmp(want, strbuf_str(&sb)) != 0)
		fail_msg("%s differs; got:\n%s", path, strbuf_str(&sb));
	strbuf_free(&sb);
}

/* Row y of the grid as text. */
static const char *
row_text(const struct sl_grid *g, int y)
{
	static struct sl_strbuf sb;
	struct sl_grid one = {g->w, 1, g->cells + y * g->w};

	strbuf_reset(&sb);
	grid_text(&one, &sb);
	return strbuf_str(&sb);
}

static int
find_row(const struct sl_grid *g, const char *needle)
{
	for (int y = 0; y < g->h; y++)
		if (strstr(row_text(g, y), needle))
			return y;
	return -1;
}

static void
test_tree(void **state)
{
	struct fixture *f = *state;
	struct sl_view *v = treeview_new();
	struct sl_grid *g = grid_new(64, 10);

	v->ops->render(v, &f->ctx, g, (struct sl_rect){0, 0, 64, 10}, true);
	golden(g, "tree-64x10");
	/* the blocked thread in the blocked style, the exited child dimmed */
	assert_int_equal(g->cells[find_row(g, "reader 101") * g->w + 40].role, SL_ROLE_BLOCKED);
	assert_int_equal(g->cells[find_row(g, "worker 102") * g->w + 5].role, SL_ROLE_DIM);
	/* the live elapsed time moves with the clock */
	f->ctx.now += 61 * SEC;
	v->ops->render(v, &f->ctx, g, (struct sl_rect){0, 0, 64, 10}, true);
	assert_non_null(strstr(row_text(g, find_row(g, "reader 101")), "1m03s read(3</tmp/fifo>, "));
	grid_free(g);

	/* narrow and ASCII: no count columns, no line drawing characters */
	f->ctx.ascii = true;
	g = grid_new(30, 8);
	v->ops->render(v, &f->ctx, g, (struct sl_rect){0, 0, 30, 8}, false);
	golden(g, "tree-30x8-ascii");
	grid_free(g);
	v->ops->destroy(v);
}

static void
test_blocked(void **state)
{
	struct fixture *f = *state;
	struct sl_view *v = blockedview_new();
	struct sl_grid *g = grid_new(70, 5);

	v->ops->render(v, &f->ctx, g, (struct sl_rect){0, 0, 70, 5}, true);
	golden(g, "blocked-70x5");
	v->ops->destroy(v);
	grid_free(g);
}

/*
 * Calls in flight read in the tree and "blocked now" as the syscall pane
 * decodes them: wait4(-1, ..., not 4294967295; a restart_syscall names
 * the call it resumes; once the store lost the entry, what the tree kept
 * of it (the first argument's path) still shows.
 */
static void
test_inflight_decoded(void **state)
{
	struct fixture *f = *state;
	struct sl_view *tv = treeview_new(), *bv = blockedview_new();
	struct sl_grid *g = grid_new(120, 14);
	struct sl_strbuf sb = SL_STRBUF_INIT;
	uint64_t idx;

	fork_ev(f, 100, 110, 110, T0 + 10000);
	ev(SL_EV_SYSCALL, 110, 110, "sh", T0 + SEC / 2);
	b.ev.nr = 61; /* wait4 */
	b.ev.args[0] = 0xffffffff;
	b.ev.flags = SL_EVF_INFLIGHT;
	push(f);
	fork_ev(f, 110, 111, 111, T0 + 11000);
	ev(SL_EV_SYSCALL, 111, 111, "sleep", T0 + SEC / 2);
	b.ev.nr = 219; /* restart_syscall */
	b.ev.args[0] = 1 + 230; /* resuming clock_nanosleep */
	b.ev.flags = SL_EVF_INFLIGHT;
	push(f);
	/* an entry the store no longer has: the tree gets a stale index */
	fork_ev(f, 100, 112, 112, T0 + 12000);
	ev(SL_EV_SYSCALL, 112, 112, "cat", T0 + SEC / 2);
	b.ev.nr = 0; /* read */
	b.ev.args[0] = 7;
	b.ev.flags = SL_EVF_INFLIGHT;
	event_add_payload(&b, SL_PL_FDPATH_BASE, SL_CAP_FD, 0, 0, "/dev/tty", 8);
	idx = ring_push(f->ring, &b.ev);
	proctree_event_ref(f->tree, &b.ev, idx + 1000);

	tv->ops->render(tv, &f->ctx, g, (struct sl_rect){0, 0, 120, 14}, true);
	grid_text(g, &sb);
	assert_non_null(strstr(sb.s, "sh 110 2.9s wait4(-1, "));
	assert_null(strstr(sb.s, "4294967295"));
	assert_non_null(
		strstr(sb.s, "sleep 111 2.9s restart_syscall(<... resuming interrupted clock_nanosleep ...>"));
	assert_non_null(strstr(sb.s, "cat 112 2.9s read(7</dev/tty>, "));

	strbuf_reset(&sb);
	bv->ops->render(bv, &f->ctx, g, (struct sl_rect){0, 0, 120, 14}, true);
	grid_text(g, &sb);
	assert_non_null(strstr(sb.s, "wait4(-1, "));
	assert_null(strstr(sb.s, "0xffffffff"));
	assert_non_null(strstr(sb.s, "restart_syscall(<... resuming interrupted clock_nanosleep ...>"));
	assert_null(strstr(sb.s, "0xe7"));
	assert_non_null(strstr(sb.s, "read(7</dev/tty>, "));
	strbuf_free(&sb);
	tv->ops->destroy(tv);
	bv->ops->destroy(bv);
	grid_free(g);
}

static void
test_syscalls(void **state)
{
	struct fixture *f = *state;
	struct sl_decode_opts dopts = {.strsize = 32, .fdpaths = true};
	struct sl_strbuf want = SL_STRBUF_INIT;
	struct sl_grid *g = grid_new(100, 12);
	struct sl_event_buf eb;
	int y;

	f->sys->ops->render(f->sys, &f->ctx, g, (struct sl_rect){0, 0, 100, 12}, true);
	/* title, then rows in order: the first row at 01:00:00.000 */
	assert_non_null(strstr(row_text(g, 0), "Syscalls"));
	assert_non_null(strstr(row_text(g, 0), "following"));
	assert_non_null(strstr(row_text(g, 1), "01:00:00.000 100 "));
	/* the failing open: decoded as decode_syscall says, in the error style */
	assert_int_equal(ring_read(f->ring, 4, &eb), 0);
	assert_int_equal(eb.ev.nr, 257);
	decode_syscall(&want, &eb.ev, &dopts);
	y = find_row(g, "102 ");
	assert_true(y > 0);
	assert_non_null(
		strstr(row_text(g, y), strbuf_str(&want))
			? ""
			: (strncmp(row_text(g, y) + 26, strbuf_str(&want), 20) == 0 ? "" : NULL));
	assert_int_equal(g->cells[y * g->w + 30].role, SL_ROLE_ERROR);
	assert_non_null(strstr(row_text(g, y), "4us"));
	/* the exit of the child is a row too */
	assert_true(find_row(g, "+++") > 0);
	/* the blocked read sits below the last row, live */
	y = find_row(g, "blocked 2.4s");
	assert_true(y > 0);
	assert_non_null(strstr(row_text(g, y), "100/101"));
	assert_int_equal(g->cells[y * g->w + 2].role, SL_ROLE_BLOCKED);
	/* the hostile name never reaches the grid raw */
	for (int i = 0; i < g->w * g->h; i++)
		assert_true(g->cells[i].ch >= 0x20 && g->cells[i].ch != 0x7f);

	/* errors only: one row, the failing open */
	f->ctx.errors_only = true;
	f->ctx.scope_gen++;
	f->sys->ops->render(f->sys, &f->ctx, g, (struct sl_rect){0, 0, 100, 12}, true);
	assert_non_null(strstr(row_text(g, 0), "errors only"));
	assert_true(find_row(g, "102 ") == 1);
	assert_true(find_row(g, "01:00:00.000 100 ") < 0);
	f->ctx.errors_only = false;

	/* narrowed to process 103 and scrolled: no time column under 60 cells */
	f->ctx.scope = SL_SCOPE_PROC;
	f->ctx.scope_id = 103;
	f->ctx.scope_gen++;
	grid_free(g);
	g = grid_new(50, 6);
	f->sys->ops->render(f->sys, &f->ctx, g, (struct sl_rect){0, 0, 50, 6}, true);
	assert_true(find_row(g, "103 ") == 1);
	assert_true(find_row(g, "100 ") < 0);
	assert_true(f->sys->ops->key(f->sys, &f->ctx, SL_KEY_UP));
	f->sys->ops->render(f->sys, &f->ctx, g, (struct sl_rect){0, 0, 50, 6}, true);
	assert_non_null(strstr(row_text(g, 0), "scrolled"));
	sysview_follow(f->sys);
	sysview_set_paused(f->sys, true);
	f->sys->ops->render(f->sys, &f->ctx, g, (struct sl_rect){0, 0, 50, 6}, true);
	assert_non_null(strstr(row_text(g, 0), "PAUSED"));
	strbuf_free(&want);
	grid_free(g);
}

/* In a narrow pane the call is cut before the result; a result that is
 * still too long is cut with a mark, never silently (a cut address is
 * another address). */
static void
test_narrow_results(void **state)
{
	struct fixture *f = *state;
	struct sl_grid *g = grid_new(66, 14);
	const char *row;
	int y;

	ev(SL_EV_SYSCALL, 106, 106, "mapper", T0 + 20 * SEC);
	b.ev.nr = 9; /* mmap(NULL, 4395, PROT_READ, MAP_PRIVATE, 3, 0) */
	b.ev.args[1] = 4395;
	b.ev.args[2] = 1;
	b.ev.args[3] = 2;
	b.ev.args[4] = 3;
	b.ev.ret = 0x7f71417e9000;
	b.ev.ts_exit = b.ev.ts_enter + 1000;
	push(f);
	f->sys->ops->render(f->sys, &f->ctx, g, (struct sl_rect){0, 0, 66, 14}, true);
	y = find_row(g, "106 ");
	assert_true(y > 0);
	row = row_text(g, y);
	assert_non_null(strstr(row, "mmap("));
	assert_non_null(strstr(row, "> = 0x7f71417e9000 "));
	/* the failing open: its errno text does not fit, and the cut shows */
	y = find_row(g, "102 ");
	assert_true(y > 0);
	row = row_text(g, y);
	assert_non_null(strstr(row, "> = -1 ENOENT (N> "));
	grid_free(g);
}

/* A scope change while scrolled near the end keeps the selection and
 * still fills the pane with the rows above it. */
static void
test_scope_change_fills(void **state)
{
	struct fixture *f = *state;
	struct sl_grid *g = grid_new(100, 8);
	int shown = 0;

	for (int i = 0; i < 30; i++)
		sys(f, 105, 105, "many", 257, i % 3 ? 3 : -ENOENT, T0 + 10 * SEC + i * 1000, 100);
	f->sys->ops->render(f->sys, &f->ctx, g, (struct sl_rect){0, 0, 100, 8}, true);
	assert_true(f->sys->ops->key(f->sys, &f->ctx, 'k'));
	f->ctx.errors_only = true;
	f->ctx.scope_gen++;
	f->sys->ops->render(f->sys, &f->ctx, g, (struct sl_rect){0, 0, 100, 8}, true);
	for (int y = 1; y < 8; y++)
		shown += strstr(row_text(g, y), "openat(") != NULL;
	assert_int_equal(shown, 7);
	assert_true(find_row(g, "105 ") == 1);
	grid_free(g);
}

static bool
only_getpid(void *arg, const struct sl_event *e, uint64_t idx)
{
	(void)arg;
	(void)idx;
	return e->nr == 39;
}

/* A row filter (as the regex filters plug in) narrows the pane. */
static void
test_row_filter(void **state)
{
	struct fixture *f = *state;
	struct sl_grid *g = grid_new(100, 12);

	f->ctx.row_filter = only_getpid;
	f->ctx.scope_gen++;
	f->sys->ops->render(f->sys, &f->ctx, g, (struct sl_rect){0, 0, 100, 12}, true);
	assert_true(find_row(g, "getpid") > 0);
	assert_true(find_row(g, "openat") < 0);
	assert_true(find_row(g, "+++") < 0);
	assert_int_equal(sysview_rows(f->sys), 4);
	/* errors only, and the filter leaves none of the failures: it says so */
	f->ctx.errors_only = true;
	f->ctx.scope_gen++;
	f->sys->ops->render(f->sys, &f->ctx, g, (struct sl_rect){0, 0, 100, 12}, true);
	assert_true(find_row(g, "(the filters hide every failing syscall)") >= 0);
	assert_true(find_row(g, "(no failing syscalls yet)") < 0);
	/* without any failure to hide it is the usual line */
	f->ctx.row_filter = NULL;
	f->ctx.scope_gen++;
	sys(f, 100, 100, "server", 39, 100, T0 + 10 * SEC, 500); /* none failed here */
	f->ctx.scope = SL_SCOPE_THREAD;
	f->ctx.scope_id = 100;
	f->ctx.scope_gen++;
	f->sys->ops->render(f->sys, &f->ctx, g, (struct sl_rect){0, 0, 100, 12}, true);
	assert_true(find_row(g, "(no failing syscalls yet)") >= 0);
	grid_free(g);
}

static void
test_detail(void **state)
{
	struct fixture *f = *state;
	struct sl_grid *g = grid_new(80, 30);
	struct sl_view *v;
	struct sl_strbuf sb = SL_STRBUF_INIT;

	/* the blocked read's entry: fd path, arguments, no result yet */
	v = detailview_new(&f->ctx, 2);
	v->ops->render(v, &f->ctx, g, (struct sl_rect){0, 0, 80, 30}, true);
	grid_text(g, &sb);
	assert_non_null(strstr(sb.s, "pid 100  tid 101  comm \"reader\""));
	assert_non_null(strstr(sb.s, "(still in flight)"));
	assert_non_null(strstr(sb.s, "fd arg 0: fd path, 9 bytes"));
	assert_non_null(strstr(sb.s, "\"/tmp/fifo\""));
	assert_non_null(strstr(sb.s, "entered   01:00:01.000000000"));
	/* read takes three arguments: no more are listed, each by the
	 * kernel's name for it, under what the call does */
	assert_non_null(strstr(sb.s, "read up to count bytes from a file descriptor"));
	assert_non_null(strstr(sb.s, "arg 0     fd     0x3 (3)"));
	assert_non_null(strstr(sb.s, "arg 2     count "));
	/* narrower: the description wraps between words, not inside one */
	{
		struct sl_grid *n = grid_new(51, 30);
		struct sl_strbuf nb = SL_STRBUF_INIT;

		v->ops->render(v, &f->ctx, n, (struct sl_rect){0, 0, 51, 30}, true);
		grid_text(n, &nb);
		assert_non_null(strstr(nb.s, "descriptor into buf"));
		strbuf_free(&nb);
		grid_free(n);
	}
	assert_null(strstr(sb.s, "arg 3 "));
	v->ops->destroy(v);
	/* the failing open: errno text and duration */
	v = detailview_new(&f->ctx, 4);
	v->ops->render(v, &f->ctx, g, (struct sl_rect){0, 0, 80, 30}, true);
	strbuf_reset(&sb);
	grid_text(g, &sb);
	assert_non_null(strstr(sb.s, "No such file or directory"));
	assert_non_null(strstr(sb.s, "duration  4us (4000 ns)"));
	v->ops->destroy(v);
	strbuf_free(&sb);
	grid_free(g);
}

/* A buffer's hex dump fits the detail pane: 16 bytes a line where there
 * is room, 8 in a narrow pane (where 16 would wrap the ASCII column). */
static void
test_detail_hexdump(void **state)
{
	struct fixture *f = *state;
	struct sl_grid *g;
	struct sl_view *v;
	struct sl_strbuf sb = SL_STRBUF_INIT;
	uint64_t idx;

	ev(SL_EV_SYSCALL, 107, 107, "reader", T0 + 30 * SEC);
	b.ev.nr = 0;
	b.ev.args[0] = 3;
	b.ev.args[2] = 32;
	b.ev.ret = 32;
	b.ev.ts_exit = b.ev.ts_enter + 1000;
	event_add_payload(&b, 1, SL_CAP_BUF, SL_PLF_EXIT, 0, "0123456789abcdefghijklmnopqrstuv", 32);
	idx = ring_push(f->ring, &b.ev);
	v = detailview_new(&f->ctx, idx);

	g = grid_new(100, 40);
	v->ops->render(v, &f->ctx, g, (struct sl_rect){0, 0, 100, 40}, true);
	grid_text(g, &sb);
	assert_non_null(strstr(sb.s, "0010  67 68 69 6a"));
	assert_non_null(strstr(sb.s, "|ghijklmnopqrstuv|"));
	grid_free(g);

	g = grid_new(60, 40);
	v->ops->render(v, &f->ctx, g, (struct sl_rect){0, 0, 60, 40}, true);
	strbuf_reset(&sb);
	grid_text(g, &sb);
	assert_non_null(strstr(sb.s, "0008  38 39 61 62 "));
	assert_non_null(strstr(sb.s, "|89abcdef|"));
	grid_free(g);
	v->ops->destroy(v);
	strbuf_free(&sb);
}

static void
test_grid_escapes(void **state)
{
	struct sl_grid *g = grid_new(20, 1);
	struct sl_strbuf sb = SL_STRBUF_INIT;
	char d[16];

	(void)state;
	grid_put(g, 0, 0, 20, SL_ROLE_NORMAL, "a\033[2J\x9b\xff\xc3\xa9z");
	grid_text(g, &sb);
	assert_string_equal(sb.s, "a?[2J??\xc3\xa9z           \n");
	strbuf_reset(&sb);
	ui_escape(&sb, (const unsigned char *)"\033]0;x\007\n", 7);
	assert_string_equal(sb.s, "\\33]0;x\\7\\n");
	ui_fmt_duration(d, sizeof(d), 2400000000ull);
	assert_string_equal(d, "2.4s");
	ui_fmt_duration(d, sizeof(d), 63 * SEC);
	assert_string_equal(d, "1m03s");
	ui_fmt_duration(d, sizeof(d), 350 * 1000000ull);
	assert_string_equal(d, "350ms");
	strbuf_free(&sb);
	grid_free(g);
}

static void
test_themes(void **state)
{
	struct sl_theme t;
	char err[256];

	(void)state;
	assert_int_equal(
		theme_parse(&t, "# c\n\nerror = fg=red,bold\nblocked = fg=black,bg=bright-yellow\n",
			    "x.theme", err, sizeof(err)),
		0);
	assert_int_equal(t.role[SL_ROLE_ERROR].fg, 1);
	assert_true(t.role[SL_ROLE_ERROR].attrs & SL_ATTR_BOLD);
	assert_int_equal(t.role[SL_ROLE_BLOCKED].bg, 11);
	assert_int_equal(theme_parse(&t, "error = fg=red\n\nblocked = fg=rouge\n", "x.theme", err,
				     sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "x.theme:3: unknown colour 'rouge'");
	assert_int_equal(theme_parse(&t, "errors = bold\n", "y.theme", err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "y.theme:1: unknown role 'errors'");
	assert_int_equal(theme_parse(&t, "error bold\n", "z.theme", err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "z.theme:1: expected 'ROLE = STYLE'");
	/* every shipped theme loads */
	assert_int_equal(theme_load(&t, "themes/default.theme", err, sizeof(err)), 0);
	assert_int_equal(theme_load(&t, "themes/light.theme", err, sizeof(err)), 0);
	assert_int_equal(theme_load(&t, "themes/monochrome.theme", err, sizeof(err)), 0);
	assert_int_equal(theme_load(&t, "themes/high-contrast.theme", err, sizeof(err)), 0);
	assert_int_equal(theme_load(&t, "no-such", err, sizeof(err)), -ENOENT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blocked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inflight_decoded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_syscalls, setup, teardown),
		cmocka_unit_test_setup_teardown(test_narrow_results, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scope_change_fills, setup, teardown),
		cmocka_unit_test_setup_teardown(test_row_filter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_detail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_detail_hexdump, setup, teardown),
		cmocka_unit_test(test_grid_escapes),
		cmocka_unit_test(test_themes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
