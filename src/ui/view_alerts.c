/*
 * view_alerts.c - the security alerts so far, newest first: time, pid,
 * severity, rule and the call itself.  Enter (handled by the interface
 * loop through alertview_selected) jumps to the call in the syscall pane.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "syslens/decode.h"
#include "syslens/rules.h"
#include "syslens/store.h"
#include "ui_int.h"

struct alertview {
	struct sl_view v;
	size_t sel;		/* selected row, 0 = newest */
	size_t top;
	size_t count;		/* alerts at the last draw */
	int rows;
	struct sl_event_buf buf;
	struct sl_strbuf sb;
};

static void
alertview_render(struct sl_view *v, struct sl_ui_ctx *ctx, struct sl_grid *g,
		 struct sl_rect r, bool focus)
{
	struct alertview *a = (struct alertview *)v;
	size_t n = ctx->alerts ? alert_log_count(ctx->alerts) : 0;
	char right[64];

	/* new alerts come in on top: keep the selection on the same one */
	if (n > a->count && a->sel > 0)
		a->sel += n - a->count;
	a->count = n;
	if (n && a->sel >= n)
		a->sel = n - 1;
	snprintf(right, sizeof(right), "%zu  Enter: go to the call", n);
	r = ui_title(g, r, focus, "Alerts", right);
	a->rows = r.h;
	if (r.h <= 0)
		return;
	if (a->sel < a->top)
		a->top = a->sel;
	if (a->sel >= a->top + (size_t)r.h)
		a->top = a->sel - (size_t)r.h + 1;
	for (int y = r.y; y < r.y + r.h; y++) {
		size_t i = a->top + (size_t)(y - r.y);
		struct sl_decode_opts dopts = SL_DECODE_OPTS_DEFAULT;
		const struct sl_rule_info *ri;
		enum sl_role role = SL_ROLE_NORMAL;
		struct sl_alert al;
		int x = r.x;
		char t[32];
		time_t sec;
		struct tm tm;
		int64_t wall;

		grid_fill(g, (struct sl_rect){ r.x, y, r.w, 1 }, SL_ROLE_NORMAL);
		if (i >= n || alert_log_get(ctx->alerts, i, &al) < 0)
			continue;
		ri = alert_log_rule(ctx->alerts, al.rule);
		if (i == a->sel)
			role = focus ? SL_ROLE_SELECTION : SL_ROLE_SELECTION_DIM;
		grid_fill(g, (struct sl_rect){ r.x, y, r.w, 1 }, role);
		wall = (int64_t)al.ts + ctx->time_offset;
		sec = (time_t)(wall / 1000000000);
		localtime_r(&sec, &tm);
		snprintf(t, sizeof(t), "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
		if (r.w >= 60)
			x += grid_put(g, x, y, 9, role == SL_ROLE_NORMAL ? SL_ROLE_TIME : role, t) + 1;
		x += grid_printf(g, x, y, 8, role == SL_ROLE_NORMAL ? SL_ROLE_PID : role,
				 "%-7u", al.pid) + 1;
		x += grid_printf(g, x, y, 9, role, "%-8s", rules_severity_name(ri->severity)) + 1;
		x += grid_printf(g, x, y, SL_MAX(r.x + r.w - x, 0),
				 role == SL_ROLE_NORMAL ? SL_ROLE_ALERT : role, "%-22s", ri->name) + 1;
		strbuf_reset(&a->sb);
		if (ring_read(ctx->ring, al.index, &a->buf) == 0 && a->buf.ev.seq == al.seq) {
			dopts.strsize = ctx->o ? ctx->o->strsize : 32;
			decode_syscall(&a->sb, &a->buf.ev, &dopts);
		} else {
			strbuf_puts(&a->sb, "(overwritten)");
		}
		if (x < r.x + r.w)
			grid_put(g, x, y, r.x + r.w - x, role, strbuf_str(&a->sb));
	}
	if (n == 0)
		grid_put(g, r.x + 1, r.y, r.w - 1, SL_ROLE_DIM, "(no alerts)");
}

static bool
alertview_key(struct sl_view *v, struct sl_ui_ctx *ctx, int key)
{
	struct alertview *a = (struct alertview *)v;
	size_t n = ctx->alerts ? alert_log_count(ctx->alerts) : 0;
	size_t page = a->rows > 2 ? (size_t)a->rows - 1 : 1;

	switch (key) {
	case SL_KEY_UP:
	case 'k':
	case SL_KEY_WHEEL_UP:
		a->sel = a->sel ? a->sel - 1 : 0;
		return true;
	case SL_KEY_DOWN:
	case 'j':
	case SL_KEY_WHEEL_DOWN:
		if (a->sel + 1 < n)
			a->sel++;
		return true;
	case SL_KEY_PGUP:
		a->sel = a->sel > page ? a->sel - page : 0;
		return true;
	case SL_KEY_PGDN:
		a->sel = n && a->sel + page < n ? a->sel + page : (n ? n - 1 : 0);
		return true;
	case SL_KEY_HOME:
	case 'g':
		a->sel = 0;
		return true;
	case SL_KEY_END:
	case 'G':
		a->sel = n ? n - 1 : 0;
		return true;
	}
	return false;
}

static void
alertview_click(struct sl_view *v, struct sl_ui_ctx *ctx, int x, int y)
{
	struct alertview *a = (struct alertview *)v;
	size_t row = a->top + (size_t)(y - 1);

	(void)x;
	if (y >= 1 && ctx->alerts && row < alert_log_count(ctx->alerts))
		a->sel = row;
}

static void
alertview_destroy(struct sl_view *v)
{
	struct alertview *a = (struct alertview *)v;

	strbuf_free(&a->sb);
	free(a);
}

static const struct sl_view_ops alertview_ops = {
	.name = "alerts",
	.render = alertview_render,
	.key = alertview_key,
	.click = alertview_click,
	.destroy = alertview_destroy,
};

struct sl_view *
alertview_new(void)
{
	struct alertview *a = xcalloc(1, sizeof(*a));

	a->v.ops = &alertview_ops;
	return &a->v;
}

bool
alertview_selected(struct sl_view *v, struct sl_ui_ctx *ctx, uint64_t *idx)
{
	struct alertview *a = (struct alertview *)v;
	struct sl_alert al;

	if (!ctx->alerts || alert_log_get(ctx->alerts, a->sel, &al) < 0)
		return false;
	*idx = al.index;
	return true;
}
