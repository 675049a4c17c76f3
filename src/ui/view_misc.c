/*
 * view_misc.c - the smaller views: pane titles, "blocked now", the
 * detail of one event, the launched command's output.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "syslens/capture.h"
#include "syslens/container.h"
#include "syslens/decode.h"
#include "syslens/proctree.h"
#include "syslens/rules.h"
#include "syslens/store.h"
#include "syslens/syscalls.h"
#include "ui_int.h"

static const struct sl_glyphs glyphs_utf8 = {
	.vline = "\u2502",
	.hline = "\u2500",
	.tee = "\u251c",
	.corner = "\u2514",
	.more = "\u203a",
};
static const struct sl_glyphs glyphs_ascii = {
	.vline = "|",
	.hline = "-",
	.tee = "|",
	.corner = "`",
	.more = ">",
};

const struct sl_glyphs *
ui_glyphs(bool ascii)
{
	return ascii ? &glyphs_ascii : &glyphs_utf8;
}

struct sl_rect
ui_title(struct sl_grid *g, struct sl_rect r, bool focus, const char *title, const char *right)
{
	enum sl_role role = focus ? SL_ROLE_TITLE_FOCUS : SL_ROLE_TITLE;
	int rw = right ? (int)strlen(right) : 0;

	if (r.h <= 0)
		return r;
	grid_fill(g, (struct sl_rect){r.x, r.y, r.w, 1}, role);
	grid_put(g, r.x + 1, r.y, r.w - 1, role, title);
	if (right && rw + (int)strlen(title) + 3 < r.w)
		grid_put(g, r.x + r.w - rw - 1, r.y, rw, role, right);
	r.y++;
	r.h--;
	return r;
}

/* ---- blocked now ---- */

#define BLOCKED_MAX 512

void
ui_inflight_call(struct sl_strbuf *sb, struct sl_ui_ctx *ctx, const struct sl_thread *t,
		 struct sl_event_buf *buf)
{
	struct sl_decode_opts dopts = SL_DECODE_OPTS_DEFAULT;

	dopts.strsize = ctx->o ? ctx->o->strsize : 32;
	dopts.fdpaths = true;
	if (!ctx->ring || ring_read(ctx->ring, t->call_ref, buf) < 0 ||
	    buf->ev.tid != (__u32)t->tid || buf->ev.seq != t->call.seq) {
		/* the entry was overwritten: its header and first argument, as kept */
		event_init(buf, SL_EV_SYSCALL);
		buf->ev = t->call;
		buf->ev.size = sizeof(buf->ev);
		buf->ev.payload_len = 0;
		buf->ev.npayload = 0;
		if (t->arg0_kind == SL_ARG0_FDPATH)
			event_add_payload(buf, SL_PL_FDPATH_BASE, SL_CAP_FD,
					  t->arg0_trunc ? SL_PLF_TRUNCATED : 0, 0, t->arg0,
					  t->arg0_len);
		else if (t->arg0_kind == SL_ARG0_STR)
			event_add_payload(buf, 0, SL_CAP_STR, t->arg0_trunc ? SL_PLF_TRUNCATED : 0,
					  0, t->arg0, t->arg0_len);
	}
	decode_call(sb, &buf->ev, &dopts);
	strbuf_puts(sb, " ...");
}

struct blockedview {
	struct sl_view v;
	size_t sel, top;
	int sel_tid;
	struct sl_strbuf sb;
	struct sl_event_buf buf;
};

static void
blockedview_render(struct sl_view *v, struct sl_ui_ctx *ctx, struct sl_grid *g, struct sl_rect r,
		   bool focus)
{
	struct blockedview *b = (struct blockedview *)v;
	static struct sl_thread *list[BLOCKED_MAX];
	uint64_t min = ctx->o ? ctx->o->blocked_ns : 1000000000ull;
	char title[64], d[16];
	size_t n = 0;

	if (ctx->tree)
		n = proctree_blocked(ctx->tree, ctx->now, min, list, BLOCKED_MAX);
	ui_fmt_duration(d, sizeof(d), min);
	snprintf(title, sizeof(title), "%zu in a syscall for %s or more", n, d);
	r = ui_title(g, r, focus, "Blocked now", title);
	if (r.h <= 0)
		return;
	grid_fill(g, (struct sl_rect){r.x, r.y, r.w, 1}, SL_ROLE_HEADER);
	grid_put(g, r.x, r.y, r.w, SL_ROLE_HEADER, " WAITING  TID        COMM             SYSCALL");
	r.y++;
	r.h--;
	for (size_t i = 0; i < n; i++)
		if (list[i]->tid == b->sel_tid)
			b->sel = i;
	if (b->sel >= n)
		b->sel = n ? n - 1 : 0;
	if (b->sel < b->top)
		b->top = b->sel;
	if (r.h > 0 && b->sel >= b->top + (size_t)r.h)
		b->top = b->sel - (size_t)r.h + 1;
	for (int y = r.y; y < r.y + r.h; y++) {
		size_t i = b->top + (size_t)(y - r.y);
		struct sl_thread *t;
		enum sl_role role = SL_ROLE_BLOCKED;

		grid_fill(g, (struct sl_rect){r.x, y, r.w, 1}, SL_ROLE_NORMAL);
		if (i >= n)
			continue;
		t = list[i];
		if (i == b->sel) {
			role = focus ? SL_ROLE_SELECTION : SL_ROLE_SELECTION_DIM;
			b->sel_tid = t->tid;
		}
		grid_fill(g, (struct sl_rect){r.x, y, r.w, 1}, role);
		ui_fmt_duration(d, sizeof(d), ctx->now - t->call.ts_enter);
		strbuf_reset(&b->sb);
		strbuf_printf(&b->sb, " %7s  %-10d ", d, t->tid);
		ui_escape(&b->sb, (const unsigned char *)t->comm, strnlen(t->comm, SL_COMM_LEN));
		while (b->sb.len < 37)
			strbuf_putc(&b->sb, ' ');
		strbuf_putc(&b->sb, ' ');
		ui_inflight_call(&b->sb, ctx, t, &b->buf);
		grid_put(g, r.x, y, r.w, role, strbuf_str(&b->sb));
	}
	if (n == 0)
		grid_put(g, r.x + 1, r.y, r.w - 1, SL_ROLE_DIM, "(no thread is blocked)");
}

static bool
blockedview_key(struct sl_view *v, struct sl_ui_ctx *ctx, int key)
{
	struct blockedview *b = (struct blockedview *)v;

	(void)ctx;
	switch (key) {
	case SL_KEY_UP:
	case 'k':
	case SL_KEY_WHEEL_UP:
		if (b->sel)
			b->sel--;
		b->sel_tid = -1;
		return true;
	case SL_KEY_DOWN:
	case 'j':
	case SL_KEY_WHEEL_DOWN:
		b->sel++;
		b->sel_tid = -1;
		return true;
	}
	return false;
}

static void
blockedview_destroy(struct sl_view *v)
{
	strbuf_free(&((struct blockedview *)v)->sb);
	free(v);
}

static const struct sl_view_ops blockedview_ops = {
	.name = "blocked",
	.render = blockedview_render,
	.key = blockedview_key,
	.destroy = blockedview_destroy,
};

struct sl_view *
blockedview_new(void)
{
	struct blockedview *b = xcalloc(1, sizeof(*b));

	b->v.ops = &blockedview_ops;
	b->sel_tid = -1;
	return &b->v;
}

/* ---- detail ---- */

struct detailview {
	struct sl_view v;
	char **lines;
	size_t n, cap;
	size_t top;
	int height;
	bool bottom; /* G: show the last page */
	uint64_t idx; /* the event shown */
	int hexn;     /* bytes per hex dump line: 16, or 8 in a narrow pane */
};

static void
dline(struct detailview *d, const char *s)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->lines = xrealloc(d->lines, d->cap * sizeof(*d->lines));
	}
	d->lines[d->n++] = xstrdup(s);
}

static void dprintf_line(struct detailview *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
dprintf_line(struct detailview *d, const char *fmt, ...)
{
	struct sl_strbuf sb = SL_STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vprintf(&sb, fmt, ap);
	va_end(ap);
	dline(d, strbuf_str(&sb));
	strbuf_free(&sb);
}

static void
fmt_wall(char *buf, size_t len, uint64_t ts, int64_t off)
{
	int64_t wall = (int64_t)ts + off;
	time_t sec = (time_t)(wall / 1000000000);
	struct tm tm;

	localtime_r(&sec, &tm);
	snprintf(buf, len, "%02d:%02d:%02d.%09lld (monotonic %llu.%09llu)", tm.tm_hour, tm.tm_min,
		 tm.tm_sec, (long long)(wall % 1000000000), (unsigned long long)(ts / 1000000000),
		 (unsigned long long)(ts % 1000000000));
}

static const char *
kind_name(unsigned arg, unsigned kind)
{
	static const char *const names[] = {
		"none",	    "string",	    "buffer", "struct", "array",   "sockaddr",
		"sockaddr", "string array", "iovec",  "msghdr", "fd path", "int",
	};

	if (arg >= SL_PL_FDPATH_BASE)
		return "fd path";
	return kind < ARRAY_SIZE(names) ? names[kind] : "data";
}

static void
hexdump(struct detailview *d, const unsigned char *p, size_t n)
{
	size_t per = (size_t)d->hexn;

	for (size_t off = 0; off < n; off += per) {
		struct sl_strbuf sb = SL_STRBUF_INIT;

		strbuf_printf(&sb, "    %04zx  ", off);
		for (size_t i = 0; i < per; i++) {
			if (off + i < n)
				strbuf_printf(&sb, "%02x ", p[off + i]);
			else
				strbuf_puts(&sb, "   ");
			if (i == per / 2 - 1)
				strbuf_putc(&sb, ' ');
		}
		strbuf_puts(&sb, " |");
		for (size_t i = 0; i < per && off + i < n; i++)
			strbuf_putc(&sb, p[off + i] >= 0x20 && p[off + i] < 0x7f ? (char)p[off + i]
										 : '.');
		strbuf_putc(&sb, '|');
		dline(d, strbuf_str(&sb));
		strbuf_free(&sb);
	}
}

static void
detail_build(struct detailview *d, struct sl_ui_ctx *ctx, const struct sl_event *ev, uint64_t idx)
{
	struct sl_decode_opts dopts = {.strsize = SL_CAPTURE_MAX, .fdpaths = true};
	struct sl_strbuf sb = SL_STRBUF_INIT;
	const struct sl_payload *pl;
	const char *name = syscall_name(ev->arch, ev->nr);
	char t[96];

	if (ev->type == SL_EV_SYSCALL) {
		decode_syscall(&sb, ev, &dopts);
	} else {
		decode_process_event(&sb, ev);
		if (!sb.len)
			strbuf_printf(&sb, "process event type %u", ev->type);
	}
	dline(d, strbuf_str(&sb));
	dline(d, "");
	strbuf_reset(&sb);
	ui_escape(&sb, (const unsigned char *)ev->comm, strnlen(ev->comm, SL_COMM_LEN));
	dprintf_line(d, "process   pid %u  tid %u  comm \"%s\"", ev->pid, ev->tid, strbuf_str(&sb));
	if (ctx->alerts) {
		const struct sl_rule_info *ri = NULL;
		char id[SL_CONTAINER_ID_MAX];
		pid_t ns_pid = 0;

		if (alert_log_proc(ctx->alerts, ev->pid, id, sizeof(id), &ns_pid) && id[0])
			dprintf_line(d, "container %s", id);
		if (ns_pid > 0 && (__u32)ns_pid != ev->pid)
			dprintf_line(d, "ns pid    %d (inside its pid namespace)", (int)ns_pid);
		if (ev->flags & SL_EVF_ALERT)
			ri = alert_log_find(ctx->alerts, ev->seq);
		if (ri)
			dprintf_line(d, "alert     %s (%s): %s", ri->name,
				     rules_severity_name(ri->severity), ri->message);
	}
	if (ev->type == SL_EV_SYSCALL) {
		int nargs = SL_MIN(syscall_nargs(ev->arch, ev->nr), SL_NARGS), pw = 0;
		const char *what = syscall_what(ev->arch, ev->nr);
		char pn[SL_NARGS][24];

		dprintf_line(d, "syscall   %s (nr %u, %s)", name ? name : "unknown", ev->nr,
			     ev->arch == SL_ARCH_I386 ? "i386" : "x86_64");
		if (what)
			dprintf_line(d, "          %s", what);
		/* the arguments the call takes (all six when unknown), by the
		 * kernel's names for them where known */
		for (int i = 0; i < nargs; i++) {
			syscall_param(ev->arch, ev->nr, i, pn[i], sizeof(pn[i]));
			pw = SL_MAX(pw, (int)strlen(pn[i]));
		}
		for (int i = 0; i < nargs; i++)
			dprintf_line(d, "arg %d     %-*s%s%#llx (%lld)", i, pw, pn[i], pw ? "  " : "",
				     (unsigned long long)ev->args[i], (long long)ev->args[i]);
		if (ev->flags & SL_EVF_INFLIGHT)
			dline(d, "result    (still in flight)");
		else if (ev->flags & SL_EVF_DETACHED)
			dline(d, "result    ? (left in flight when tracing stopped)");
		else if (ev->flags & SL_EVF_NOEXIT)
			dline(d, "result    ? (never returns)");
		else if (ev->ret < 0 && ev->ret > -4096) {
			const char *en = decode_errno_name((int)-ev->ret);

			dprintf_line(d, "result    -1 %s%s(%s), errno %lld", en ? en : "",
				     en ? " " : "", decode_errno_text((int)-ev->ret),
				     (long long)-ev->ret);
		} else
			dprintf_line(d, "result    %lld (%#llx)", (long long)ev->ret,
				     (unsigned long long)ev->ret);
	}
	fmt_wall(t, sizeof(t), ev->ts_enter, ctx->time_offset);
	dprintf_line(d, "entered   %s", t);
	if (ev->ts_exit) {
		char dur[16];

		fmt_wall(t, sizeof(t), ev->ts_exit, ctx->time_offset);
		dprintf_line(d, "exited    %s", t);
		ui_fmt_duration(dur, sizeof(dur), ev->ts_exit - ev->ts_enter);
		dprintf_line(d, "duration  %s (%llu ns)", dur,
			     (unsigned long long)(ev->ts_exit - ev->ts_enter));
	}
	dprintf_line(d, "event     #%llu in the store, seq %llu%s%s%s%s", (unsigned long long)idx,
		     (unsigned long long)ev->seq, ev->flags & SL_EVF_TRUNCATED ? ", truncated" : "",
		     ev->flags & SL_EVF_UNREADABLE ? ", unreadable" : "",
		     ev->flags & SL_EVF_INTERRUPTED ? ", interrupted" : "",
		     ev->flags & SL_EVF_ALERT ? ", alert" : "");
	if (event_payload_first(ev))
		dline(d, "");
	for (pl = event_payload_first(ev); pl; pl = event_payload_next(ev, pl)) {
		const unsigned char *p = event_payload_data(pl);
		const char *what = pl->arg == SL_PL_RET ? "result" : "arg";
		unsigned a = pl->arg >= SL_PL_FDPATH_BASE ? pl->arg - SL_PL_FDPATH_BASE : pl->arg;

		strbuf_reset(&sb);
		if (pl->arg >= SL_PL_FDPATH_BASE)
			what = a == SL_PL_RET ? "result fd" : "fd arg";
		if (a == SL_PL_RET)
			strbuf_puts(&sb, what);
		else
			strbuf_printf(&sb, "%s %u", what, a);
		if (pl->part)
			strbuf_printf(&sb, " part %u", pl->part);
		strbuf_printf(&sb, ": %s, %u bytes%s%s%s", kind_name(pl->arg, pl->kind), pl->len,
			      pl->flags & SL_PLF_TRUNCATED ? ", cut" : "",
			      pl->flags & SL_PLF_UNREADABLE ? ", unreadable" : "",
			      pl->flags & SL_PLF_EXIT ? ", read at exit" : "");
		dline(d, strbuf_str(&sb));
		if (pl->kind == SL_CAP_STR || pl->kind == SL_CAP_STRV ||
		    pl->arg >= SL_PL_FDPATH_BASE) {
			strbuf_reset(&sb);
			strbuf_puts(&sb, "    ");
			decode_quote(&sb, p, strnlen((const char *)p, pl->len), pl->len,
				     pl->flags & SL_PLF_TRUNCATED);
			dline(d, strbuf_str(&sb));
		} else {
			hexdump(d, p, pl->len);
		}
	}
	strbuf_free(&sb);
}


/*
 * How much of a line the next row of width w takes: all that is left when
 * it fits, else up to the last space in the row's second half (the space
 * stays, so nothing of a string is lost), else w characters.
 */
static size_t
wrap_len(const char *s, size_t len, size_t w)
{
	if (len <= w)
		return len;
	for (size_t k = w; k > w / 2; k--)
		if (s[k - 1] == ' ')
			return k;
	return w;
}

static size_t
wrapped_rows(const char *s, size_t w)
{
	size_t len = strlen(s), off = 0, rows = 0;

	do {
		off += wrap_len(s + off, len - off, w);
		rows++;
	} while (off < len);
	return rows;
}

static void
detailview_render(struct sl_view *v, struct sl_ui_ctx *ctx, struct sl_grid *g, struct sl_rect r,
		  bool focus)
{
	struct detailview *d = (struct detailview *)v;
	size_t row = 0, w;

	r = ui_title(g, r, focus, "Detail", "Esc back");
	grid_fill(g, r, SL_ROLE_NORMAL);
	if (r.h <= 0 || r.w <= 2)
		return;
	d->height = r.h;
	w = SL_MIN((size_t)r.w - 1, 1023);
	/* a hex dump line (78 cells at 16 bytes) that would wrap: 8 bytes a line */
	if (d->hexn != (r.w - 1 >= 78 ? 16 : 8)) {
		static struct sl_event_buf buf;

		d->hexn = r.w - 1 >= 78 ? 16 : 8;
		if (ring_read(ctx->ring, d->idx, &buf) == 0) {
			for (size_t i = 0; i < d->n; i++)
				free(d->lines[i]);
			d->n = 0;
			detail_build(d, ctx, &buf.ev, d->idx);
		}
	}
	/* scroll no further than the last page, which G shows */
	for (size_t i = 0; i < d->n; i++)
		row += wrapped_rows(d->lines[i], w);
	if (d->bottom || d->top + (size_t)r.h > row)
		d->top = row > (size_t)r.h ? row - (size_t)r.h : 0;
	d->bottom = false;
	row = 0;
	/* long lines wrap: the detail view never cuts a string */
	for (size_t i = 0; i < d->n; i++) {
		const char *s = d->lines[i];
		size_t len = strlen(s), off = 0;

		do {
			char buf[1024];
			size_t k = wrap_len(s + off, len - off, w);

			if (row >= d->top && row < d->top + (size_t)r.h) {
				memcpy(buf, s + off, k);
				buf[k] = '\0';
				grid_put(g, r.x + 1, r.y + (int)(row - d->top), (int)w,
					 i == 0 ? SL_ROLE_HEADER : SL_ROLE_NORMAL, buf);
			}
			row++;
			off += k;
		} while (off < len);
	}
}

static bool
detailview_key(struct sl_view *v, struct sl_ui_ctx *ctx, int key)
{
	struct detailview *d = (struct detailview *)v;
	size_t page = d->height > 2 ? (size_t)d->height - 1 : 1;

	(void)ctx;
	switch (key) {
	case SL_KEY_UP:
	case 'k':
	case SL_KEY_WHEEL_UP:
		if (d->top)
			d->top--;
		return true;
	case SL_KEY_DOWN:
	case 'j':
	case SL_KEY_WHEEL_DOWN:
		d->top++;
		return true;
	case SL_KEY_PGUP:
		d->top = d->top > page ? d->top - page : 0;
		return true;
	case SL_KEY_PGDN:
		d->top += page;
		return true;
	case 'g':
	case SL_KEY_HOME:
		d->top = 0;
		return true;
	case 'G':
	case SL_KEY_END:
		d->bottom = true;
		return true;
	}
	return false;
}

static void
detailview_destroy(struct sl_view *v)
{
	struct detailview *d = (struct detailview *)v;

	for (size_t i = 0; i < d->n; i++)
		free(d->lines[i]);
	free(d->lines);
	free(d);
}

static const struct sl_view_ops detailview_ops = {
	.name = "detail",
	.render = detailview_render,
	.key = detailview_key,
	.destroy = detailview_destroy,
};

struct sl_view *
detailview_new(struct sl_ui_ctx *ctx, uint64_t idx)
{
	struct detailview *d = xcalloc(1, sizeof(*d));
	static struct sl_event_buf buf;

	d->v.ops = &detailview_ops;
	d->idx = idx;
	d->hexn = 16;
	if (ring_read(ctx->ring, idx, &buf) < 0)
		dline(d, "(this event was overwritten in the meantime)");
	else
		detail_build(d, ctx, &buf.ev, idx);
	return &d->v;
}

/* ---- the launched command's output ---- */

#define OUT_LINES 2000
#define OUT_COLS 512

struct outview {
	struct sl_view v;
	char *lines[OUT_LINES];
	size_t first, n; /* a ring of lines */
	size_t col;
	int esc;     /* 0, 1 after ESC, 2 in CSI, 3 in OSC/DCS string */
	size_t back; /* lines scrolled back */
	int height;
};

static char *
out_cur(struct outview *o)
{
	if (o->n == 0) {
		o->lines[0] = xcalloc(1, OUT_COLS + 1);
		o->n = 1;
	}
	return o->lines[(o->first + o->n - 1) % OUT_LINES];
}

static void
out_newline(struct outview *o)
{
	size_t slot;

	out_cur(o);
	if (o->n == OUT_LINES) {
		slot = o->first;
		o->first = (o->first + 1) % OUT_LINES;
		memset(o->lines[slot], 0, OUT_COLS + 1);
	} else {
		slot = (o->first + o->n) % OUT_LINES;
		o->lines[slot] = xcalloc(1, OUT_COLS + 1);
		o->n++;
	}
	o->col = 0;
}

/*
 * Keep the printable text; drop escape sequences and control characters
 * (the command's terminal codes must never reach ours).
 */
void
outview_feed(struct sl_view *v, const unsigned char *buf, size_t n)
{
	struct outview *o = (struct outview *)v;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = buf[i];
		char *line = out_cur(o);

		if (o->esc == 1) {
			o->esc = c == '['					  ? 2
				 : (c == ']' || c == 'P' || c == '_' || c == '^') ? 3
										  : 0;
			continue;
		}
		if (o->esc == 2) {
			if (c >= 0x40 && c <= 0x7e)
				o->esc = 0;
			continue;
		}
		if (o->esc == 3) {
			if (c == 7 || c == 0x9c)
				o->esc = 0;
			else if (c == 0x1b)
				o->esc = 1;
			continue;
		}
		switch (c) {
		case 0x1b:
			o->esc = 1;
			break;
		case '\n':
			out_newline(o);
			break;
		case '\r':
			o->col = 0;
			break;
		case '\b':
			if (o->col)
				o->col--;
			break;
		case '\t':
			do {
				if (o->col < OUT_COLS)
					line[o->col++] = ' ';
			} while (o->col % 8 && o->col < OUT_COLS);
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				break;
			if (o->col < OUT_COLS)
				line[o->col++] = (char)c;
			break;
		}
	}
}

static void
outview_render(struct sl_view *v, struct sl_ui_ctx *ctx, struct sl_grid *g, struct sl_rect r,
	       bool focus)
{
	struct outview *o = (struct outview *)v;
	size_t end, cnt;

	r = ui_title(g, r, focus, "Output", "i: type to it  o: close");
	grid_fill(g, r, SL_ROLE_NORMAL);
	if (r.h <= 0)
		return;
	o->height = r.h;
	if (o->back > o->n)
		o->back = o->n;
	/* lines [end - cnt, end) fill the pane from the top */
	end = o->n - o->back;
	cnt = SL_MIN(end, (size_t)r.h);
	for (size_t k = 0; k < cnt; k++)
		grid_put(g, r.x, r.y + (int)k, r.w, SL_ROLE_NORMAL,
			 o->lines[(o->first + end - cnt + k) % OUT_LINES]);
	if (o->n == 0)
		grid_put(g, r.x + 1, r.y, r.w - 1, SL_ROLE_DIM, "(no output yet)");
}

static bool
outview_key(struct sl_view *v, struct sl_ui_ctx *ctx, int key)
{
	struct outview *o = (struct outview *)v;

	(void)ctx;
	switch (key) {
	case SL_KEY_UP:
	case 'k':
	case SL_KEY_WHEEL_UP:
		o->back++;
		return true;
	case SL_KEY_DOWN:
	case 'j':
	case SL_KEY_WHEEL_DOWN:
		if (o->back)
			o->back--;
		return true;
	case SL_KEY_PGUP:
		o->back += (size_t)(o->height > 1 ? o->height - 1 : 1);
		return true;
	case SL_KEY_PGDN:
	case 'G':
		o->back = 0;
		return true;
	}
	return false;
}

static void
outview_destroy(struct sl_view *v)
{
	struct outview *o = (struct outview *)v;

	for (size_t i = 0; i < OUT_LINES; i++)
		free(o->lines[i]);
	free(o);
}

static const struct sl_view_ops outview_ops = {
	.name = "output",
	.render = outview_render,
	.key = outview_key,
	.destroy = outview_destroy,
};

struct sl_view *
outview_new(void)
{
	struct outview *o = xcalloc(1, sizeof(*o));

	o->v.ops = &outview_ops;
	return &o->v;
}
