/*
 * view_syscalls.c - the syscall pane: one row per finished syscall (and
 * per process exit or signal), failing calls in the error style, and
 * below the last row the calls blocked right now, with a live elapsed
 * time, so a hang shows at once rather than when it ends.
 *
 * The pane keeps a list of store indices that match the scope, appended
 * as events arrive and rebuilt from the store only when the scope
 * changes; rows are decoded only when drawn.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "syslens/decode.h"
#include "syslens/proctree.h"
#include "syslens/rules.h"
#include "syslens/store.h"
#include "filter_ui.h"
#include "ui_int.h"

#define BLOCKED_ROWS 32

struct sysview {
	struct sl_view v;
	uint64_t *idx;
	size_t start, n, cap; /* idx[start..n) are the rows */
	unsigned gen;	      /* scope_gen the list was built for */
	uint64_t seen;	      /* store index up to which the list is built */
	uint64_t hidden;      /* rows in scope the filters left out */
	size_t sel;	      /* selected row (absolute in idx) */
	size_t top;
	bool follow;
	bool paused;
	size_t paused_n; /* rows shown while paused */
	bool jump;	 /* select store index jump_idx at the next draw */
	uint64_t jump_idx;
	int rows;	 /* rows drawn last time */
	struct sl_event_buf buf;
	struct sl_strbuf sb, ret;
};

static bool
row_event(const struct sl_event *ev)
{
	switch (ev->type) {
	case SL_EV_SYSCALL:
		return !(ev->flags & SL_EVF_INFLIGHT);
	case SL_EV_EXIT:
		return ev->args[0] != 0;
	case SL_EV_SIGNAL:
		return true;
	default:
		return false;
	}
}

static void
list_add(struct sysview *s, uint64_t idx)
{
	if (s->n == s->cap) {
		/* drop the dead front before growing */
		if (s->start > s->cap / 2) {
			memmove(s->idx, s->idx + s->start, (s->n - s->start) * sizeof(*s->idx));
			s->n -= s->start;
			s->sel = s->sel > s->start ? s->sel - s->start : 0;
			s->top = s->top > s->start ? s->top - s->start : 0;
			s->paused_n = s->paused_n > s->start ? s->paused_n - s->start : 0;
			s->start = 0;
		} else {
			s->cap = s->cap ? s->cap * 2 : 4096;
			s->idx = xrealloc(s->idx, s->cap * sizeof(*s->idx));
		}
	}
	s->idx[s->n++] = idx;
}

static void
sysview_event(struct sl_view *v, struct sl_ui_ctx *ctx, const struct sl_event *ev, uint64_t idx)
{
	struct sysview *s = (struct sysview *)v;

	if (idx < s->seen)
		return;
	s->seen = idx + 1;
	if (s->gen != ctx->scope_gen)
		return; /* rebuilt from the store at the next draw */
	if (row_event(ev) && ui_ctx_match(ctx, ev)) {
		if (!ctx->row_filter || ctx->row_filter(ctx->row_filter_arg, ev, idx))
			list_add(s, idx);
		else
			s->hidden++;
	}
}

/* Rebuild the list from the whole store after a scope change. */
static void
rebuild(struct sysview *s, struct sl_ui_ctx *ctx)
{
	uint64_t head = ring_head(ctx->ring), i = ring_tail(ctx->ring);
	uint64_t keep = s->n > s->start && s->sel < s->n ? s->idx[s->sel] : UINT64_MAX;
	struct sl_event ev;

	s->start = s->n = 0;
	s->hidden = 0;
	for (; i < head && i < s->seen; i++) {
		if (ring_read_header(ctx->ring, i, &ev) < 0)
			continue;
		if (!row_event(&ev) || !ui_ctx_match(ctx, &ev))
			continue;
		if (!ctx->row_filter || ctx->row_filter(ctx->row_filter_arg, &ev, i))
			list_add(s, i);
		else
			s->hidden++;
	}
	s->gen = ctx->scope_gen;
	s->paused_n = s->n;
	/* keep the selection on the same event, or the nearest after it */
	s->sel = s->n ? s->n - 1 : 0;
	if (!s->follow && keep != UINT64_MAX)
		for (size_t k = 0; k < s->n; k++)
			if (s->idx[k] >= keep) {
				s->sel = k;
				break;
			}
}

static void
fmt_time(char *buf, size_t len, uint64_t ts, int64_t off)
{
	int64_t wall = (int64_t)ts + off;
	time_t sec = (time_t)(wall / 1000000000);
	struct tm tm;

	localtime_r(&sec, &tm);
	snprintf(buf, len, "%02d:%02d:%02d.%03d", tm.tm_hour, tm.tm_min, tm.tm_sec,
		 (int)(wall / 1000000 % 1000));
}

static bool
failed(const struct sl_event *ev)
{
	return ev->type == SL_EV_SYSCALL && !(ev->flags & (SL_EVF_NOEXIT | SL_EVF_INFLIGHT)) &&
	       ev->ret < 0 && ev->ret > -4096;
}

/*
 * One row: time, pid[/tid], the decoded call, its duration at the right
 * (or, for a call still in flight, how long it has been waiting).
 */
static void
draw_row(struct sysview *s, struct sl_ui_ctx *ctx, struct sl_grid *g, struct sl_rect r, int y,
	 const struct sl_event *ev, enum sl_role role, bool inflight)
{
	struct sl_decode_opts dopts = SL_DECODE_OPTS_DEFAULT;
	char tbuf[32], pbuf[32], dbuf[32];
	int x = r.x, w = r.w, durw = 8, n, rw;
	uint64_t dur = 0;
	bool cut;
	int pid_x, call_w, ret_x, ret_w; /* where the text went, for match marks */

	grid_fill(g, (struct sl_rect){r.x, y, r.w, 1}, role);
	dopts.strsize = ctx->o ? ctx->o->strsize : 32;
	dopts.fdpaths = true;
	if (w >= 56) {
		fmt_time(tbuf, sizeof(tbuf), ev->ts_enter, ctx->time_offset);
		x += grid_put(g, x, y, 13, role == SL_ROLE_NORMAL ? SL_ROLE_TIME : role, tbuf) + 1;
	}
	if (ev->tid != ev->pid)
		snprintf(pbuf, sizeof(pbuf), "%u/%u", ev->pid, ev->tid);
	else
		snprintf(pbuf, sizeof(pbuf), "%u", ev->pid);
	pid_x = x;
	n = grid_printf(g, x, y, 13, role == SL_ROLE_NORMAL ? SL_ROLE_PID : role, "%-11s", pbuf);
	x += n + 1;

	strbuf_reset(&s->sb);
	strbuf_reset(&s->ret);
	if ((ev->flags & SL_EVF_ALERT) && ctx->alerts) {
		const struct sl_rule_info *ri = alert_log_find(ctx->alerts, ev->seq);

		if (ri)
			strbuf_printf(&s->sb, "[%s] ", ri->name);
	}
	if (ev->type == SL_EV_SYSCALL) {
		/* the result apart, so a long call is cut before it, not it */
		decode_call(&s->sb, ev, &dopts);
		if (!inflight && !(ev->flags & SL_EVF_INFLIGHT))
			decode_retval(&s->ret, ev, &dopts);
	} else
		decode_process_event(&s->sb, ev);
	if (ev->type == SL_EV_SIGNAL && s->sb.len == 0)
		strbuf_printf(&s->sb, "--- signal %llu ---", (unsigned long long)ev->args[0]);
	if (ev->type == SL_EV_EXIT && s->sb.len == 0)
		strbuf_printf(&s->sb, "+++ exited (status %#llx) +++", (unsigned long long)ev->ret);
	if (inflight) {
		dur = ctx->now > ev->ts_enter ? ctx->now - ev->ts_enter : 0;
		strbuf_puts(&s->sb, " ...");
	} else if (ev->type == SL_EV_SYSCALL && ev->ts_exit >= ev->ts_enter) {
		dur = ev->ts_exit - ev->ts_enter;
	}
	dbuf[0] = '\0';
	if (dur || inflight)
		ui_fmt_duration(dbuf, sizeof(dbuf), dur);
	if (inflight && r.w - (x - r.x) > 24) {
		char b[24];

		snprintf(b, sizeof(b), "blocked %s", dbuf);
		snprintf(dbuf, sizeof(dbuf), "%s", b);
		durw = 16;
	}
	w = r.x + r.w - x - durw;
	if (w < 4) {
		w = r.x + r.w - x;
		dbuf[0] = '\0';
	}
	/*
	 * The result gets up to half the row, and more if its value (what
	 * comes before an errno text or an fd path) would be cut otherwise,
	 * as long as the call keeps a dozen cells.
	 */
	rw = (int)s->ret.len;
	if (rw > w / 2) {
		int core = (int)strcspn(strbuf_str(&s->ret) + 1, "(<") + 1;

		rw = SL_MAX(w / 2, SL_MIN(core, w - SL_MIN((int)s->sb.len, 12) - 1));
		rw = SL_MIN(rw, (int)s->ret.len);
	}
	if ((int)s->sb.len + rw > w && w - rw > 1) {
		grid_put(g, x, y, w - rw - 1, role, strbuf_str(&s->sb));
		grid_put(g, x + w - rw - 1, y, 1, role, ">");
		grid_put(g, x + w - rw, y, rw, role, strbuf_str(&s->ret));
		cut = (int)s->ret.len > rw;
		call_w = w - rw - 1;
		ret_x = x + w - rw;
		ret_w = rw;
	} else {
		n = grid_put(g, x, y, w, role, strbuf_str(&s->sb));
		grid_put(g, x + n, y, w - n, role, strbuf_str(&s->ret));
		cut = (int)(s->sb.len + s->ret.len) > w;
		call_w = n;
		ret_x = x + n;
		ret_w = w - n;
	}
	/* a result cut short is marked too: a cut address is another address */
	if (cut && w > 0)
		grid_put(g, x + w - 1, y, 1, role, ">");
	if (dbuf[0])
		grid_printf(g, r.x + r.w - durw, y, durw, role, "%*s", durw, dbuf);
	ui_filter_mark(ctx, g, ev, y, pid_x, (int)strlen(pbuf), x, call_w, ret_x, ret_w);
}

static bool
thread_in_scope(struct sl_ui_ctx *ctx, const struct sl_thread *t)
{
	return ui_ctx_match(ctx, &t->call) && ui_blocked_match(ctx, t);
}

static void
clamp(struct sysview *s, size_t nrows, int h)
{
	size_t last = nrows ? nrows - 1 : 0;

	if (s->sel < s->start)
		s->sel = s->start;
	if (s->sel > last && nrows > s->start)
		s->sel = last;
	if (s->follow) {
		s->sel = nrows > s->start ? last : s->start;
		/* the tail fills the pane: the last row at the bottom */
		s->top = h > 0 && s->sel + 1 >= s->start + (size_t)h ? s->sel + 1 - (size_t)h
								     : s->start;
	}
	if (s->top < s->start)
		s->top = s->start;
	if (s->sel < s->top)
		s->top = s->sel;
	if (h > 0 && s->sel >= s->top + (size_t)h)
		s->top = s->sel - (size_t)h + 1;
	/* no blank rows below the last one while rows above are hidden
	 * (after a scope change kept the selection near the end) */
	if (h > 0 && s->top > s->start && nrows < s->top + (size_t)h)
		s->top = nrows > s->start + (size_t)h ? nrows - (size_t)h : s->start;
}

static void
sysview_render(struct sl_view *v, struct sl_ui_ctx *ctx, struct sl_grid *g, struct sl_rect r,
	       bool focus)
{
	struct sysview *s = (struct sysview *)v;
	struct sl_thread *blocked[BLOCKED_ROWS];
	uint64_t tail = ring_tail(ctx->ring);
	size_t nrows, nb = 0, shown = 0;
	char right[64];
	int y, h;

	if (s->gen != ctx->scope_gen)
		rebuild(s, ctx);
	while (s->start < s->n && s->idx[s->start] < tail)
		s->start++;
	nrows = s->paused ? SL_MAX(s->paused_n, s->start) : s->n;

	snprintf(right, sizeof(right), "%s%s", ctx->errors_only ? "errors only  " : "",
		 s->paused   ? "PAUSED"
		 : s->follow ? "following"
			     : "scrolled");
	r = ui_title(g, r, focus, "Syscalls", right);
	h = r.h;
	if (h <= 0)
		return;
	/* calls blocked now sit below the last row while following the tail */
	if (s->follow && !s->paused && ctx->tree) {
		struct sl_thread *all[BLOCKED_ROWS];
		size_t k = proctree_blocked(ctx->tree, ctx->now,
					    ctx->o ? ctx->o->blocked_ns : 1000000000ull, all,
					    BLOCKED_ROWS);

		for (size_t i = 0; i < k; i++)
			if (thread_in_scope(ctx, all[i]))
				blocked[nb++] = all[i];
		/* longest first is oldest first: the order they came in the flow */
		if (nb > (size_t)h / 2)
			nb = (size_t)h / 2;
	}
	s->rows = h;
	if (s->jump) {
		/* rows are in store order: the first at or after the index */
		size_t lo = s->start, hi = nrows;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (s->idx[mid] < s->jump_idx)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < nrows) {
			s->sel = lo;
			s->follow = false;
		}
		s->jump = false;
	}
	clamp(s, nrows, h - (int)nb);
	y = r.y;
	for (size_t i = s->top; i < nrows && y < r.y + h - (int)nb; i++, y++) {
		enum sl_role role = SL_ROLE_NORMAL;
		int rc = ring_read(ctx->ring, s->idx[i], &s->buf);

		if (rc < 0) {
			grid_fill(g, (struct sl_rect){r.x, y, r.w, 1}, SL_ROLE_DIM);
			grid_put(g, r.x, y, r.w, SL_ROLE_DIM, "(overwritten)");
			continue;
		}
		if (s->buf.ev.flags & SL_EVF_ALERT)
			role = SL_ROLE_ALERT;
		else if (failed(&s->buf.ev))
			role = SL_ROLE_ERROR;
		else if (s->buf.ev.type != SL_EV_SYSCALL)
			role = SL_ROLE_DIM;
		/* no cursor while following the tail: the rows keep their styles */
		if (i == s->sel && !s->follow)
			role = focus ? SL_ROLE_SELECTION : SL_ROLE_SELECTION_DIM;
		draw_row(s, ctx, g, r, y, &s->buf.ev, role, false);
		shown++;
	}
	for (; y < r.y + h - (int)nb; y++)
		grid_fill(g, (struct sl_rect){r.x, y, r.w, 1}, SL_ROLE_NORMAL);
	for (size_t i = 0; i < nb; i++, y++) {
		struct sl_thread *t = blocked[i];

		if (ring_read(ctx->ring, t->call_ref, &s->buf) < 0 ||
		    s->buf.ev.tid != (__u32)t->tid || s->buf.ev.seq != t->call.seq)
			s->buf.ev = t->call;
		draw_row(s, ctx, g, r, y, &s->buf.ev, SL_ROLE_BLOCKED, true);
	}
	if (nrows == s->start && nb == 0) {
		const char *why;

		/* say so when there are calls to show and the filters hide them */
		if (s->hidden)
			why = ctx->errors_only ? "(the filters hide every failing syscall)"
					       : "(the filters hide every syscall)";
		else
			why = ctx->errors_only ? "(no failing syscalls yet)" : "(no syscalls yet)";
		grid_put(g, r.x + 1, r.y, r.w - 1, SL_ROLE_DIM, why);
	}
	(void)shown;
}

static void
move(struct sysview *s, long d)
{
	size_t nrows = s->paused ? s->paused_n : s->n;

	s->follow = false;
	if (d < 0 && (size_t)-d > s->sel - s->start)
		s->sel = s->start;
	else
		s->sel = (size_t)((long)s->sel + d);
	if (nrows && s->sel >= nrows) {
		s->sel = nrows - 1;
		if (!s->paused)
			s->follow = true; /* back at the tail: follow again */
	}
}

static bool
sysview_key(struct sl_view *v, struct sl_ui_ctx *ctx, int key)
{
	struct sysview *s = (struct sysview *)v;
	long page = s->rows > 2 ? s->rows - 1 : 1;

	(void)ctx;
	switch (key) {
	case SL_KEY_UP:
	case 'k':
		move(s, -1);
		return true;
	case SL_KEY_DOWN:
	case 'j':
		move(s, 1);
		return true;
	case SL_KEY_PGUP:
		move(s, -page);
		return true;
	case SL_KEY_PGDN:
		move(s, page);
		return true;
	case SL_KEY_WHEEL_UP:
		move(s, -3);
		return true;
	case SL_KEY_WHEEL_DOWN:
		move(s, 3);
		return true;
	case SL_KEY_HOME:
	case 'g':
		s->follow = false;
		s->sel = s->start;
		return true;
	case SL_KEY_END:
	case 'G':
		sysview_follow(v);
		return true;
	}
	return false;
}

static void
sysview_click(struct sl_view *v, struct sl_ui_ctx *ctx, int x, int y)
{
	struct sysview *s = (struct sysview *)v;
	size_t row = s->top + (size_t)(y - 1);
	size_t nrows = s->paused ? s->paused_n : s->n;

	(void)ctx;
	(void)x;
	if (y < 1 || row >= nrows)
		return;
	s->follow = false;
	s->sel = row;
}

static void
sysview_destroy(struct sl_view *v)
{
	struct sysview *s = (struct sysview *)v;

	free(s->idx);
	strbuf_free(&s->sb);
	strbuf_free(&s->ret);
	free(s);
}

static const struct sl_view_ops sysview_ops = {
	.name = "syscalls",
	.event = sysview_event,
	.render = sysview_render,
	.key = sysview_key,
	.click = sysview_click,
	.destroy = sysview_destroy,
};

struct sl_view *
sysview_new(void)
{
	struct sysview *s = xcalloc(1, sizeof(*s));

	s->v.ops = &sysview_ops;
	s->follow = true;
	return &s->v;
}

bool
sysview_selected(struct sl_view *v, uint64_t *idx)
{
	struct sysview *s = (struct sysview *)v;

	if (s->sel < s->start || s->sel >= s->n)
		return false;
	*idx = s->idx[s->sel];
	return true;
}

bool
sysview_following(struct sl_view *v)
{
	return ((struct sysview *)v)->follow;
}

bool
sysview_paused(struct sl_view *v)
{
	return ((struct sysview *)v)->paused;
}

void
sysview_set_paused(struct sl_view *v, bool paused)
{
	struct sysview *s = (struct sysview *)v;

	s->paused = paused;
	s->paused_n = s->n;
}

void
sysview_follow(struct sl_view *v)
{
	struct sysview *s = (struct sysview *)v;

	s->paused = false;
	s->follow = true;
}

bool
sysview_search(struct sl_view *v, struct sl_ui_ctx *ctx, int dir, size_t max,
	       bool (*pred)(struct sl_ui_ctx *ctx, const struct sl_event *ev, void *arg), void *arg)
{
	struct sysview *s = (struct sysview *)v;
	size_t nrows = s->paused ? SL_MAX(s->paused_n, s->start) : s->n;
	long i = (long)s->sel, lo = (long)s->start, hi = (long)nrows;

	if (hi <= lo)
		return false;
	if (s->follow || i < lo || i >= hi)
		i = dir > 0 ? lo - 1 : hi; /* from the top / the tail */
	for (size_t k = 0; k < max; k++) {
		i += dir > 0 ? 1 : -1;
		if (i < lo || i >= hi)
			return false;
		if (ring_read(ctx->ring, s->idx[i], &s->buf) < 0)
			continue;
		if (pred(ctx, &s->buf.ev, arg)) {
			s->follow = false;
			s->sel = (size_t)i;
			return true;
		}
	}
	return false;
}

void
sysview_jump(struct sl_view *v, uint64_t idx)
{
	struct sysview *s = (struct sysview *)v;

	s->jump = true;
	s->jump_idx = idx;
	s->paused = false;
	s->follow = false;
}

size_t
sysview_rows(struct sl_view *v)
{
	struct sysview *s = (struct sysview *)v;

	return s->n - s->start;
}
