/*
 * view_hist.c - the histogram pane: per-syscall latency for every traced
 * process or for the process (or subtree) selected in the tree, since
 * start or over the last 10 seconds.
 *
 * On the left the syscalls, sortable by calls, total time, max and
 * errors; on the right the selected syscall's log2 buckets as bars with
 * their ranges and counts, under its p50, p99 and max.  Enter on a bucket
 * narrows the syscall pane to the calls in it.
 *
 * The histograms are kept one event at a time (struct sl_hist_procs); a
 * subtree's set is merged from its processes' once, when it is chosen,
 * and then kept up to date here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syslens/histprocs.h"
#include "syslens/proctree.h"
#include "syslens/store.h"
#include "syslens/syscalls.h"
#include "ui_int.h"

enum sort_key { SORT_CALLS, SORT_TOTAL, SORT_MAX, SORT_ERRORS, SORT_COUNT };

static const char *const sort_names[SORT_COUNT] = {"calls", "total", "max", "errors"};

#define LIST_W 52 /* name, calls, errors, total, max */

struct row {
	int arch_idx;
	uint32_t nr;
	uint64_t count, errors, total, max;
	const struct sl_hist *h; /* since start */
	const struct sl_hist_window *w;
};

struct histview {
	struct sl_view v;
	struct sl_hist_procs *m;
	/* a process or subtree: its sets, kept up to date from when it was chosen */
	struct sl_hist_set *sc_start;  /* since start: merged from its processes */
	struct sl_hist_set *sc_recent; /* windows: its last 10 s of the store, then live */
	enum sl_scope_kind sc_kind;
	int sc_id;
	int sc_pid; /* the process (a thread's process) */
	enum sort_key sort;
	bool recent; /* the last SL_HIST_WINDOW seconds */
	int sel, top;
	bool have_sel;
	int sel_arch;
	uint32_t sel_nr;
	int bucket; /* selected log2 bucket, -1: the slowest */
	int btop;
	uint64_t last_ts; /* latest end of a call seen */
	struct row *rows;
	int nrows, cap;
	struct sl_hist shown; /* the selected syscall's histogram as drawn */
	int list_h;
	bool ascii;
};

/* Whether an event belongs to the scope the scoped sets are for. */
static bool
in_scope(const struct histview *hv, struct sl_ui_ctx *ctx, const struct sl_event *ev)
{
	if (hv->sc_kind == SL_SCOPE_SUBTREE)
		return ctx->tree && proctree_in_subtree(ctx->tree, (int)ev->pid, hv->sc_pid);
	return (int)ev->pid == hv->sc_pid;
}

static void
hv_event(struct sl_view *v, struct sl_ui_ctx *ctx, const struct sl_event *ev, uint64_t idx)
{
	struct histview *hv = (struct histview *)v;

	(void)idx;
	if (!hist_procs_add(hv->m, ev))
		return;
	if (ev->ts_exit > hv->last_ts)
		hv->last_ts = ev->ts_exit;
	if (hv->sc_start && in_scope(hv, ctx, ev)) {
		hist_set_add(hv->sc_start, ev);
		hist_set_add(hv->sc_recent, ev);
	}
}

static void
merge_tree(struct histview *hv, const struct sl_proc *p)
{
	const struct sl_hist_set *s = hist_procs_pid(hv->m, p->pid);

	if (s)
		hist_set_merge(hv->sc_start, s);
	for (const struct sl_proc *c = p->child; c; c = c->sibling)
		merge_tree(hv, c);
}

static uint64_t window_now(struct histview *hv, struct sl_ui_ctx *ctx);

/*
 * The scope's last 10 s from the store, newest first, until the calls end
 * before the window (a second of slack: calls are stored as they end, so
 * in rough order of their end).  Per-process windows are not kept for
 * every process: at 50 KB per process and syscall they would cost more
 * than the store.
 */
static void
recent_from_store(struct histview *hv, struct sl_ui_ctx *ctx)
{
	uint64_t now = window_now(hv, ctx), tail = ring_tail(ctx->ring);
	uint64_t sec = now / 1000000000ull;
	/* the window holds seconds sec-9..sec; stop a second before */
	uint64_t from = sec >= SL_HIST_WINDOW ? (sec - SL_HIST_WINDOW) * 1000000000ull : 0;
	struct sl_event ev;

	for (uint64_t i = ring_head(ctx->ring); i > tail; i--) {
		if (ring_read_header(ctx->ring, i - 1, &ev) < 0)
			break;
		if (ev.type != SL_EV_SYSCALL || (ev.flags & SL_EVF_INFLIGHT))
			continue;
		if (ev.ts_exit < from)
			break;
		if (in_scope(hv, ctx, &ev))
			hist_set_add(hv->sc_recent, &ev);
	}
}

static void
scope_drop(struct histview *hv)
{
	hist_set_free(hv->sc_start);
	hist_set_free(hv->sc_recent);
	hv->sc_start = hv->sc_recent = NULL;
}

/* The set the context's scope and the mode ask for; NULL when none. */
static const struct sl_hist_set *
scoped_set(struct histview *hv, struct sl_ui_ctx *ctx)
{
	struct sl_thread *t;
	struct sl_proc *p;
	int pid = ctx->scope_id;

	if (ctx->scope == SL_SCOPE_ALL) {
		scope_drop(hv);
		return hist_procs_all(hv->m);
	}
	if (hv->sc_start && hv->sc_kind == ctx->scope && hv->sc_id == ctx->scope_id)
		return hv->recent ? hv->sc_recent : hv->sc_start;
	scope_drop(hv);
	if (ctx->scope == SL_SCOPE_THREAD) {
		t = ctx->tree ? proctree_thread(ctx->tree, ctx->scope_id) : NULL;
		pid = t ? t->proc->pid : -1;
	}
	hv->sc_kind = ctx->scope;
	hv->sc_id = ctx->scope_id;
	hv->sc_pid = pid;
	hv->sc_start = hist_set_new(false);
	hv->sc_recent = hist_set_new(true);
	p = ctx->tree ? proctree_find(ctx->tree, pid) : NULL;
	if (ctx->scope == SL_SCOPE_SUBTREE && p) {
		merge_tree(hv, p);
	} else {
		const struct sl_hist_set *s = hist_procs_pid(hv->m, pid);

		if (s)
			hist_set_merge(hv->sc_start, s);
	}
	recent_from_store(hv, ctx);
	return hv->recent ? hv->sc_recent : hv->sc_start;
}

static uint64_t
row_key(const struct row *r, enum sort_key k)
{
	switch (k) {
	case SORT_TOTAL:
		return r->total;
	case SORT_MAX:
		return r->max;
	case SORT_ERRORS:
		return r->errors;
	default:
		return r->count;
	}
}

static enum sort_key cmp_key;

static int
row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	uint64_t kx = row_key(x, cmp_key), ky = row_key(y, cmp_key);

	if (kx != ky)
		return kx > ky ? -1 : 1;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	if (x->arch_idx != y->arch_idx)
		return x->arch_idx - y->arch_idx;
	return x->nr < y->nr ? -1 : x->nr > y->nr;
}

static uint64_t
window_now(struct histview *hv, struct sl_ui_ctx *ctx)
{
	/* a recording's last 10 s are those before its last call */
	if ((ctx->o && ctx->o->mode == SL_MODE_REPLAY) || ctx->now < hv->last_ts)
		return hv->last_ts;
	return ctx->now;
}

/* Rows of the scoped set, sorted; the selection follows its syscall. */
static void
rows_build(struct histview *hv, struct sl_ui_ctx *ctx)
{
	const struct sl_hist_set *s = scoped_set(hv, ctx);
	struct sl_hist_entry *e;
	uint64_t now = window_now(hv, ctx);
	int n = s ? hist_set_list(s, NULL, 0) : 0, k = 0;

	hv->nrows = 0;
	if (!n)
		return;
	if (n > hv->cap) {
		hv->cap = n;
		hv->rows = xrealloc(hv->rows, sizeof(*hv->rows) * (size_t)n);
	}
	e = xmalloc(sizeof(*e) * (size_t)n);
	hist_set_list(s, e, n);
	for (int i = 0; i < n; i++) {
		struct row *r = &hv->rows[k];
		const struct sl_hist *h = e[i].h;

		if (hv->recent) {
			if (!e[i].w)
				continue;
			hist_window_sum(e[i].w, now, &hv->shown);
			h = &hv->shown;
		}
		if (!h->count)
			continue;
		*r = (struct row){e[i].arch_idx, e[i].nr,   h->count, h->errors,
				  h->total_ns,	 h->max_ns, e[i].h,   e[i].w};
		k++;
	}
	free(e);
	hv->nrows = k;
	cmp_key = hv->sort;
	qsort(hv->rows, (size_t)k, sizeof(*hv->rows), row_cmp);
	if (hv->have_sel)
		for (int i = 0; i < k; i++)
			if (hv->rows[i].arch_idx == hv->sel_arch && hv->rows[i].nr == hv->sel_nr) {
				hv->sel = i;
				break;
			}
	if (hv->sel >= k)
		hv->sel = k - 1;
	if (hv->sel < 0)
		hv->sel = 0;
	/* until the user picks a syscall, the selection stays on the first
	 * row (the busiest), as the syscall pane follows its tail */
	hv->sel_arch = hv->rows[hv->sel].arch_idx;
	hv->sel_nr = hv->rows[hv->sel].nr;
}

static const char *
row_name(const struct row *r, char *buf, size_t len)
{
	uint32_t arch = r->arch_idx == SL_ARCH_IDX_I386 ? SL_ARCH_I386 : SL_ARCH_X86_64;
	const char *n = r->arch_idx >= 0 ? syscall_name(arch, r->nr) : NULL;

	if (n && r->arch_idx == SL_ARCH_IDX_I386)
		snprintf(buf, len, "%s/i386", n);
	else if (n)
		snprintf(buf, len, "%s", n);
	else
		snprintf(buf, len, "syscall_%#x", r->nr);
	return buf;
}

/* 2^k ns as "32ms": binary steps, named by the nearest decimal unit. */
static void
pow2_label(char *buf, size_t len, int k)
{
	static const char *const units[] = {"ns", "us", "ms", "s"};

	if (k >= SL_HIST_LOG2)
		snprintf(buf, len, "inf");
	else
		snprintf(buf, len, "%u%s", 1u << (k % 10), units[k / 10]);
}

static void
bucket_label(char *buf, size_t len, int b)
{
	char lo[16], hi[16];

	if (b == 0)
		snprintf(lo, sizeof(lo), "0");
	else
		pow2_label(lo, sizeof(lo), b);
	pow2_label(hi, sizeof(hi), b + 1);
	snprintf(buf, len, "%s-%s", lo, hi);
}

/* The selected syscall's histogram (since start or recent) into hv->shown. */
static const struct row *
selected(struct histview *hv, struct sl_ui_ctx *ctx)
{
	const struct row *r;

	if (!hv->nrows)
		return NULL;
	r = &hv->rows[hv->sel];
	if (hv->recent && r->w)
		hist_window_sum(r->w, window_now(hv, ctx), &hv->shown);
	else
		hv->shown = *r->h;
	return r;
}

/* Bucket range [lo, hi] (log2 indices) of the shown histogram. */
static bool
bucket_range(const struct histview *hv, int *lo, int *hi)
{
	if (!hv->shown.count)
		return false;
	*lo = hist_bucket_of(hv->shown.min_ns);
	*hi = hist_bucket_of(hv->shown.max_ns);
	return true;
}

static int
current_bucket(const struct histview *hv)
{
	int lo, hi;

	if (!bucket_range(hv, &lo, &hi))
		return -1;
	if (hv->bucket < lo || hv->bucket > hi || !hist_bucket(&hv->shown, hv->bucket).count)
		return hi; /* the slowest calls: the ones worth a look */
	return hv->bucket;
}

static void
draw_list(struct histview *hv, struct sl_grid *g, struct sl_rect r, bool focus)
{
	char name[40], tot[16], mx[16];

	grid_fill(g, (struct sl_rect){r.x, r.y, r.w, 1}, SL_ROLE_HEADER);
	grid_printf(g, r.x, r.y, r.w, SL_ROLE_HEADER, "%-16s %8s %6s %9s %8s", "syscall",
		    hv->sort == SORT_CALLS ? "calls*" : "calls",
		    hv->sort == SORT_ERRORS ? "errs*" : "errs",
		    hv->sort == SORT_TOTAL ? "total*" : "total",
		    hv->sort == SORT_MAX ? "max*" : "max");
	hv->list_h = r.h - 1;
	if (hv->list_h <= 0)
		return;
	if (hv->sel < hv->top)
		hv->top = hv->sel;
	if (hv->sel >= hv->top + hv->list_h)
		hv->top = hv->sel - hv->list_h + 1;
	for (int i = 0; i < hv->list_h && hv->top + i < hv->nrows; i++) {
		const struct row *w = &hv->rows[hv->top + i];
		int y = r.y + 1 + i;
		enum sl_role role = SL_ROLE_NORMAL;

		if (hv->top + i == hv->sel)
			role = focus ? SL_ROLE_SELECTION : SL_ROLE_SELECTION_DIM;
		grid_fill(g, (struct sl_rect){r.x, y, r.w, 1}, role);
		ui_fmt_duration(tot, sizeof(tot), w->total);
		ui_fmt_duration(mx, sizeof(mx), w->max);
		grid_printf(g, r.x, y, r.w, role, "%-16.16s %8llu %6llu %9s %8s",
			    row_name(w, name, sizeof(name)), (unsigned long long)w->count,
			    (unsigned long long)w->errors, tot, mx);
		if (w->errors && role == SL_ROLE_NORMAL)
			grid_set_role(g, r.x + 26, y, 6, SL_ROLE_ERROR);
	}
}

static void
draw_buckets(struct histview *hv, const struct row *sr, struct sl_grid *g, struct sl_rect r,
	     bool focus)
{
	char name[40], p50[16], p99[16], mx[16], label[32];
	int lo, hi, cur, rows, barw;
	uint64_t most = 1;
	const char *bar = hv->ascii ? "#" : "\u2588";

	if (r.h <= 0 || r.w <= 0)
		return;
	if (!sr || !bucket_range(hv, &lo, &hi)) {
		grid_put(g, r.x + 1, r.y, r.w - 1, SL_ROLE_DIM,
			 hv->recent ? "(no syscalls ended in the last 10 s)"
				    : "(no finished syscalls yet)");
		return;
	}
	ui_fmt_duration(p50, sizeof(p50), hist_percentile(&hv->shown, 50));
	ui_fmt_duration(p99, sizeof(p99), hist_percentile(&hv->shown, 99));
	ui_fmt_duration(mx, sizeof(mx), hv->shown.max_ns);
	grid_printf(g, r.x, r.y, r.w, SL_ROLE_TITLE, "%s  p50 %s  p99 %s  max %s",
		    row_name(sr, name, sizeof(name)), p50, p99, mx);
	rows = r.h - 1;
	cur = current_bucket(hv);
	for (int b = lo; b <= hi; b++) {
		uint64_t c = hist_bucket(&hv->shown, b).count;

		if (c > most)
			most = c;
	}
	/* keep the chosen bucket in sight */
	if (hv->btop < lo || hv->btop > hi)
		hv->btop = lo;
	if (cur < hv->btop)
		hv->btop = cur;
	if (rows > 0 && cur >= hv->btop + rows)
		hv->btop = cur - rows + 1;
	if (rows > 0 && hi - lo + 1 <= rows)
		hv->btop = lo;
	barw = r.w - 27;
	for (int i = 0; i < rows && hv->btop + i <= hi; i++) {
		int b = hv->btop + i, y = r.y + 1 + i, n;
		uint64_t c = hist_bucket(&hv->shown, b).count;
		enum sl_role role = b == cur ? (focus ? SL_ROLE_SELECTION : SL_ROLE_SELECTION_DIM)
					     : SL_ROLE_NORMAL;

		bucket_label(label, sizeof(label), b);
		grid_fill(g, (struct sl_rect){r.x, y, 26, 1}, role);
		grid_printf(g, r.x, y, 26, role, " %-14s %9llu ", label, (unsigned long long)c);
		if (barw <= 0)
			continue;
		n = c ? (int)((c * (uint64_t)barw + most - 1) / most) : 0;
		for (int k = 0; k < n; k++)
			grid_put(g, r.x + 26 + k, y, 1, SL_ROLE_BAR, bar);
	}
}

static void
hv_render(struct sl_view *v, struct sl_ui_ctx *ctx, struct sl_grid *g, struct sl_rect r, bool focus)
{
	struct histview *hv = (struct histview *)v;
	char right[96], scope[40];
	const struct row *sr;
	struct sl_rect lr, br;

	switch (ctx->scope) {
	case SL_SCOPE_PROC:
		snprintf(scope, sizeof(scope), "pid %d", ctx->scope_id);
		break;
	case SL_SCOPE_THREAD:
		snprintf(scope, sizeof(scope), "tid %d's process", ctx->scope_id);
		break;
	case SL_SCOPE_SUBTREE:
		snprintf(scope, sizeof(scope), "pid %d+children", ctx->scope_id);
		break;
	default:
		snprintf(scope, sizeof(scope), "all processes");
	}
	snprintf(right, sizeof(right), "%s  %s  sort %s (s C T M E)  w", scope,
		 hv->recent ? "last 10s" : "since start", sort_names[hv->sort]);
	hv->ascii = ctx->ascii;
	r = ui_title(g, r, focus, "Histograms", right);
	grid_fill(g, r, SL_ROLE_NORMAL);
	if (r.h <= 0)
		return;
	rows_build(hv, ctx);
	sr = selected(hv, ctx);
	if (!hv->nrows) {
		grid_put(g, r.x + 1, r.y, r.w - 1, SL_ROLE_DIM,
			 hv->recent ? "(no syscalls ended in the last 10 s)"
				    : "(no finished syscalls yet)");
		return;
	}
	if (r.w >= LIST_W + 30) {
		lr = (struct sl_rect){r.x, r.y, LIST_W, r.h};
		br = (struct sl_rect){r.x + LIST_W + 2, r.y, r.w - LIST_W - 2, r.h};
	} else {
		int lh = SL_MAX(r.h / 2, 2);

		lr = (struct sl_rect){r.x, r.y, r.w, lh};
		br = (struct sl_rect){r.x, r.y + lh, r.w, r.h - lh};
	}
	draw_list(hv, g, lr, focus);
	draw_buckets(hv, sr, g, br, focus);
}

static void
select_row(struct histview *hv, int sel)
{
	if (!hv->nrows)
		return;
	hv->sel = SL_MAX(0, SL_MIN(sel, hv->nrows - 1));
	hv->have_sel = true;
	hv->sel_arch = hv->rows[hv->sel].arch_idx;
	hv->sel_nr = hv->rows[hv->sel].nr;
	hv->bucket = -1;
}

/* Move the chosen bucket to the next non-empty one in direction d. */
static void
move_bucket(struct histview *hv, int d)
{
	int lo, hi, b = current_bucket(hv);

	if (b < 0 || !bucket_range(hv, &lo, &hi))
		return;
	for (b += d; b >= lo && b <= hi; b += d)
		if (hist_bucket(&hv->shown, b).count) {
			hv->bucket = b;
			return;
		}
}

static bool
drill(struct histview *hv, struct sl_ui_ctx *ctx)
{
	const struct row *r = selected(hv, ctx);
	struct sl_hist_bucket bk;
	char name[40], label[32];
	int b = current_bucket(hv);

	if (!r || b < 0)
		return false;
	bk = hist_bucket(&hv->shown, b);
	ctx->drill = true;
	ctx->drill_arch = r->arch_idx;
	ctx->drill_nr = r->nr;
	ctx->drill_lo = bk.lo_ns;
	ctx->drill_hi = bk.hi_ns;
	bucket_label(label, sizeof(label), b);
	snprintf(ctx->drill_label, sizeof(ctx->drill_label), "%s %s",
		 row_name(r, name, sizeof(name)), label);
	ctx->scope_gen++;
	return true;
}

static bool
hv_key(struct sl_view *v, struct sl_ui_ctx *ctx, int key)
{
	struct histview *hv = (struct histview *)v;
	int page = hv->list_h > 1 ? hv->list_h - 1 : 1;

	rows_build(hv, ctx); /* keys act on the order shown now */
	switch (key) {
	case SL_KEY_UP:
	case 'k':
	case SL_KEY_WHEEL_UP:
		select_row(hv, hv->sel - 1);
		return true;
	case SL_KEY_DOWN:
	case 'j':
	case SL_KEY_WHEEL_DOWN:
		select_row(hv, hv->sel + 1);
		return true;
	case SL_KEY_PGUP:
		select_row(hv, hv->sel - page);
		return true;
	case SL_KEY_PGDN:
		select_row(hv, hv->sel + page);
		return true;
	case SL_KEY_HOME:
	case 'g':
		select_row(hv, 0);
		return true;
	case SL_KEY_END:
	case 'G':
		select_row(hv, hv->nrows - 1);
		return true;
	case SL_KEY_LEFT:
	case '<':
		selected(hv, ctx);
		move_bucket(hv, -1);
		return true;
	case SL_KEY_RIGHT:
	case '>':
		selected(hv, ctx);
		move_bucket(hv, 1);
		return true;
	case 's':
		hv->sort = (enum sort_key)((hv->sort + 1) % SORT_COUNT);
		return true;
	case 'C':
	case 'T':
	case 'M':
	case 'E':
		hv->sort = key == 'C'	? SORT_CALLS
			   : key == 'T' ? SORT_TOTAL
			   : key == 'M' ? SORT_MAX
					: SORT_ERRORS;
		return true;
	case 'w':
		hv->recent = !hv->recent;
		hv->bucket = -1;
		return true;
	case SL_KEY_ENTER:
		return drill(hv, ctx);
	}
	return false;
}

static void
hv_click(struct sl_view *v, struct sl_ui_ctx *ctx, int x, int y)
{
	struct histview *hv = (struct histview *)v;

	(void)ctx;
	/* row 0 is the title, row 1 the list's header */
	if (x < LIST_W && y >= 2)
		select_row(hv, hv->top + y - 2);
}

static void
hv_destroy(struct sl_view *v)
{
	struct histview *hv = (struct histview *)v;

	hist_procs_free(hv->m);
	scope_drop(hv);
	free(hv->rows);
	free(hv);
}

static const struct sl_view_ops hist_ops = {
	.name = "histograms",
	.event = hv_event,
	.render = hv_render,
	.key = hv_key,
	.click = hv_click,
	.destroy = hv_destroy,
};

struct sl_view *
hist_view_new(struct sl_ui_ctx *ctx)
{
	struct histview *hv = xcalloc(1, sizeof(*hv));

	(void)ctx;
	hv->v.ops = &hist_ops;
	hv->m = hist_procs_new();
	hv->bucket = -1;
	return &hv->v;
}
