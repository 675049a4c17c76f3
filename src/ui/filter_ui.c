/*
 * filter_ui.c - the interface's regex filters (see filter_ui.h).
 *
 * A line is what filter_line renders ("TID  name(args) = ret", as for
 * --filter on text output), so one regex means the same on screen and in
 * --text.  Decisions are one bit per ring slot: the events [lo, next) of
 * the store are decided.  New events are decided as the syscall pane asks
 * for them; older ones by uifilter_step, newest first, a time budget per
 * frame, so a million stored events fill in over a few frames.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syslens/decode.h"
#include "syslens/filter.h"
#include "syslens/proctree.h"
#include "syslens/store.h"
#include "syslens/syscalls.h"
#include "filter_ui.h"
#include "ui_int.h"

#define REBUILD_NS 300000000ull /* the pane refreshes this often while filling */
#define ERROR_NS 8000000000ull	/* a regex error stays this long */
#define SEARCH_MAX 200000	/* rows n / N look through */
#define MAX_SPANS 32

struct sl_uifilter {
	struct sl_filters *f;
	uint8_t *bits; /* pass bit of each ring slot */
	size_t cap;
	uint64_t lo, next;  /* events [lo, next) are decided */
	uint64_t scan_from; /* where the backward scan began */
	bool scanning;
	uint64_t last_gen_bump;
	struct sl_event_buf buf;
	struct sl_strbuf line;
	struct sl_decode_opts dopts;

	bool prompt, prompt_exclude;
	char text[256];
	size_t len;
	char err[256];
	uint64_t err_at;
};

/*
 * The line filters see, as filter_line renders it; *pre: bytes before the
 * call text, *call: bytes up to the end of the call (the result follows).
 */
static void
render_line(struct sl_uifilter *uf, const struct sl_event *ev, size_t *pre, size_t *call)
{
	unsigned id = ev->tid ? ev->tid : ev->pid;
	char num[16];
	int n = 0;

	/* "%-5u " without printf: this runs for every stored event */
	strbuf_reset(&uf->line);
	do
		num[sizeof(num) - 1 - n++] = (char)('0' + id % 10);
	while ((id /= 10) && n < 15);
	strbuf_add(&uf->line, num + sizeof(num) - n, (size_t)n);
	strbuf_add(&uf->line, "      ", n < 5 ? (size_t)(6 - n) : 1);
	if (pre)
		*pre = uf->line.len;
	if (ev->type == SL_EV_SYSCALL) {
		decode_call(&uf->line, ev, &uf->dopts);
		if (call)
			*call = uf->line.len;
		decode_retval(&uf->line, ev, &uf->dopts);
		return;
	}
	decode_process_event(&uf->line, ev);
	if (call)
		*call = uf->line.len;
}

static void
bit_set(struct sl_uifilter *uf, uint64_t idx, bool on)
{
	size_t s = (size_t)(idx % uf->cap);

	if (on)
		uf->bits[s / 8] |= (uint8_t)(1u << (s % 8));
	else
		uf->bits[s / 8] &= (uint8_t) ~(1u << (s % 8));
}

static bool
bit_get(const struct sl_uifilter *uf, uint64_t idx)
{
	size_t s = (size_t)(idx % uf->cap);

	return uf->bits[s / 8] & (1u << (s % 8));
}

/* Decide store event idx; false when it is gone. */
static bool
decide(struct sl_uifilter *uf, struct sl_ui_ctx *ctx, uint64_t idx)
{
	bool pass = false;

	/* a call's entry, stored while it runs, is never a row: only its end is */
	if (ring_read_header(ctx->ring, idx, &uf->buf.ev) == 0 &&
	    uf->buf.ev.type == SL_EV_SYSCALL && (uf->buf.ev.flags & SL_EVF_INFLIGHT)) {
		bit_set(uf, idx, false);
		return false;
	}
	if (ring_read(ctx->ring, idx, &uf->buf) == 0) {
		render_line(uf, &uf->buf.ev, NULL, NULL);
		pass = filters_match(uf->f, strbuf_str(&uf->line), uf->line.len, NULL);
	}
	bit_set(uf, idx, pass);
	return pass;
}

static void
restart(struct sl_uifilter *uf, struct sl_ui_ctx *ctx)
{
	uf->next = uf->lo = uf->scan_from = ring_head(ctx->ring);
	uf->scanning = filters_count(uf->f) > 0;
	uf->last_gen_bump = 0;
	ctx->scope_gen++;
}

struct sl_uifilter *
uifilter_new(struct sl_ui_ctx *ctx)
{
	struct sl_uifilter *uf = xcalloc(1, sizeof(*uf));
	char err[256];

	uf->f = filters_new();
	uf->cap = ring_capacity(ctx->ring);
	uf->bits = xcalloc(uf->cap / 8 + 1, 1);
	uf->dopts = (struct sl_decode_opts)SL_DECODE_OPTS_DEFAULT;
	uf->dopts.strsize = ctx->o ? ctx->o->strsize : 32;
	uf->dopts.fdpaths = true; /* as the syscall pane shows them */
	for (int i = 0; ctx->o && i < ctx->o->nfilters; i++)
		(void)filters_add(uf->f, ctx->o->filters[i], err, sizeof(err));
	restart(uf, ctx);
	ctx->row_filter = ui_row_filter;
	ctx->row_filter_arg = ctx;
	return uf;
}

void
uifilter_free(struct sl_uifilter *uf)
{
	if (!uf)
		return;
	filters_free(uf->f);
	free(uf->bits);
	strbuf_free(&uf->line);
	free(uf);
}

int
uifilter_push(struct sl_uifilter *uf, struct sl_ui_ctx *ctx, const char *re, bool exclude)
{
	struct sl_strbuf spec = SL_STRBUF_INIT;
	int rc;

	/* filters_add reads a leading '!' as exclude: escape it for an include */
	if (exclude)
		strbuf_putc(&spec, '!');
	else if (re[0] == '!')
		strbuf_putc(&spec, '\\');
	strbuf_puts(&spec, re);
	rc = filters_add(uf->f, strbuf_str(&spec), uf->err, sizeof(uf->err));
	strbuf_free(&spec);
	if (rc < 0) {
		uf->err_at = now_ns();
		return rc;
	}
	uf->err[0] = '\0';
	restart(uf, ctx);
	return 0;
}

int
uifilter_pop(struct sl_uifilter *uf, struct sl_ui_ctx *ctx)
{
	int n = filters_count(uf->f);

	if (!n)
		return -ENOENT;
	filters_remove(uf->f, n - 1);
	restart(uf, ctx);
	return 0;
}

int
uifilter_count(const struct sl_uifilter *uf)
{
	return filters_count(uf->f);
}

/* ctx->filter_status: what the status line shows of the drill-down and filters. */
static void
status_update(struct sl_uifilter *uf, struct sl_ui_ctx *ctx)
{
	struct sl_strbuf sb = SL_STRBUF_INIT;
	const char *p;

	uifilter_status(uf, ctx, &sb);
	p = strbuf_str(&sb);
	if (strncmp(p, " | ", 3) == 0)
		p += 3;
	snprintf(ctx->filter_status, sizeof(ctx->filter_status), "%s", p);
	strbuf_free(&sb);
}

static bool
step(struct sl_uifilter *uf, struct sl_ui_ctx *ctx, uint64_t budget_ns)
{
	uint64_t tail = ring_tail(ctx->ring), t0, t;
	unsigned k = 0;

	if (!uf->scanning)
		return false;
	t0 = now_ns();
	if (uf->lo < tail)
		uf->lo = tail;
	while (uf->lo > tail) {
		decide(uf, ctx, uf->lo - 1);
		uf->lo--;
		if (++k % 512 == 0 && now_ns() - t0 >= budget_ns)
			break;
	}
	t = now_ns();
	if (uf->lo <= tail) {
		uf->scanning = false;
		ctx->scope_gen++;
	} else if (t - uf->last_gen_bump >= REBUILD_NS) {
		uf->last_gen_bump = t;
		ctx->scope_gen++;
	}
	return uf->scanning;
}

bool
uifilter_step(struct sl_uifilter *uf, struct sl_ui_ctx *ctx, uint64_t budget_ns)
{
	bool more = step(uf, ctx, budget_ns);

	status_update(uf, ctx);
	return more;
}

int
uifilter_progress(const struct sl_uifilter *uf, const struct sl_ui_ctx *ctx)
{
	uint64_t tail = ring_tail(ctx->ring), total, done;

	if (!uf->scanning || uf->scan_from <= tail)
		return 100;
	total = uf->scan_from - tail;
	done = uf->scan_from > uf->lo ? uf->scan_from - uf->lo : 0;
	return (int)(done * 100 / total);
}

bool
uifilter_pass(struct sl_uifilter *uf, struct sl_ui_ctx *ctx, const struct sl_event *ev,
	      uint64_t idx)
{
	(void)ev;
	if (!filters_count(uf->f))
		return true;
	if (idx >= uf->next) {
		uint64_t tail = ring_tail(ctx->ring);

		/* anything between is decided too: the decided range stays whole */
		if (uf->next < tail)
			uf->next = tail;
		if (uf->lo > uf->next)
			uf->lo = uf->next;
		while (uf->next <= idx)
			decide(uf, ctx, uf->next++);
	}
	if (idx < uf->lo)
		return false; /* not reached yet */
	return bit_get(uf, idx);
}

bool
uifilter_has_match(struct sl_uifilter *uf, struct sl_ui_ctx *ctx, const struct sl_event *ev)
{
	struct sl_span sp[1];

	(void)ctx;
	render_line(uf, ev, NULL, NULL);
	return filters_spans(uf->f, strbuf_str(&uf->line), uf->line.len, sp, 1) > 0;
}

bool
ui_row_filter(void *arg, const struct sl_event *ev, uint64_t idx)
{
	struct sl_ui_ctx *ctx = arg;

	if (ctx->drill) {
		uint64_t d;

		if (ev->type != SL_EV_SYSCALL || (ev->flags & (SL_EVF_INFLIGHT | SL_EVF_NOEXIT)))
			return false;
		if (syscall_arch_index(ev->arch) != ctx->drill_arch || ev->nr != ctx->drill_nr)
			return false;
		d = ev->ts_exit > ev->ts_enter ? ev->ts_exit - ev->ts_enter : 0;
		if (d < ctx->drill_lo || d >= ctx->drill_hi)
			return false;
	}
	return !ctx->filter || uifilter_pass(ctx->filter, ctx, ev, idx);
}

bool
ui_row_match(struct sl_ui_ctx *ctx, const struct sl_event *ev, uint64_t idx)
{
	return ui_ctx_match(ctx, ev) && ui_row_filter(ctx, ev, idx);
}

bool
ui_blocked_match(struct sl_ui_ctx *ctx, const struct sl_thread *t)
{
	struct sl_uifilter *uf = ctx->filter;

	if (ctx->drill)
		return false;
	if (!uf || !filters_count(uf->f))
		return true;
	/* the stored entry has the payloads, while it is still this call */
	if (ring_read(ctx->ring, t->call_ref, &uf->buf) < 0 || uf->buf.ev.tid != (__u32)t->tid ||
	    uf->buf.ev.seq != t->call.seq)
		uf->buf.ev = t->call;
	render_line(uf, &uf->buf.ev, NULL, NULL);
	return filters_match(uf->f, strbuf_str(&uf->line), uf->line.len, NULL);
}

/* The match style over bytes [s, e) of a text drawn from x, w cells shown. */
static void
mark_part(struct sl_grid *g, int y, int x, int w, long s, long e)
{
	if (e <= 0 || w <= 0)
		return;
	if (s < 0)
		s = 0;
	if (s >= w)
		return;
	if (e > w)
		e = w;
	grid_set_role(g, x + (int)s, y, (int)(e - s), SL_ROLE_MATCH);
}

void
ui_filter_mark(struct sl_ui_ctx *ctx, struct sl_grid *g, const struct sl_event *ev, int y,
	       int pid_x, int pid_w, int call_x, int call_w, int ret_x, int ret_w)
{
	struct sl_uifilter *uf = ctx->filter;
	struct sl_span sp[MAX_SPANS];
	size_t pre, call;
	int n;

	if (!uf || !filters_count(uf->f))
		return;
	render_line(uf, ev, &pre, &call);
	n = filters_spans(uf->f, strbuf_str(&uf->line), uf->line.len, sp, MAX_SPANS);
	for (int i = 0; i < n; i++) {
		long s = (long)sp[i].start, e = (long)sp[i].end;

		if (sp[i].start < pre) /* in the thread id: the pid column */
			grid_set_role(g, pid_x, y, pid_w, SL_ROLE_MATCH);
		if (ret_x < 0) { /* the result drawn right after the call */
			mark_part(g, y, call_x, call_w, s - (long)pre, e - (long)pre);
			continue;
		}
		mark_part(g, y, call_x, call_w, s - (long)pre, SL_MIN(e, (long)call) - (long)pre);
		mark_part(g, y, ret_x, ret_w, s - (long)call, e - (long)call);
	}
}

void
uifilter_prompt_open(struct sl_uifilter *uf, bool exclude)
{
	uf->prompt = true;
	uf->prompt_exclude = exclude;
	uf->len = 0;
	uf->text[0] = '\0';
	uf->err[0] = '\0';
}

bool
uifilter_prompting(const struct sl_uifilter *uf)
{
	return uf->prompt;
}

void
uifilter_prompt_key(struct sl_uifilter *uf, struct sl_ui_ctx *ctx, int key)
{
	switch (key) {
	case SL_KEY_ESC:
		uf->prompt = false;
		return;
	case SL_KEY_ENTER:
		uf->prompt = false;
		if (uf->len)
			(void)uifilter_push(uf, ctx, uf->text, uf->prompt_exclude);
		return;
	case SL_KEY_BACKSPACE:
	case 0x7f:
	case 0x08:
		if (uf->len) {
			/* a whole UTF-8 character */
			do
				uf->len--;
			while (uf->len && ((unsigned char)uf->text[uf->len] & 0xc0) == 0x80);
			uf->text[uf->len] = '\0';
		} else {
			uf->prompt = false;
		}
		return;
	case 0x15: /* Ctrl-U */
		uf->len = 0;
		uf->text[0] = '\0';
		return;
	}
	if (key < 0x20 || key == 0x7f || key >= 0x110000)
		return;
	/* UTF-8 encode */
	{
		char b[4];
		size_t n;

		if (key < 0x80) {
			b[0] = (char)key;
			n = 1;
		} else if (key < 0x800) {
			b[0] = (char)(0xc0 | (key >> 6));
			b[1] = (char)(0x80 | (key & 0x3f));
			n = 2;
		} else if (key < 0x10000) {
			b[0] = (char)(0xe0 | (key >> 12));
			b[1] = (char)(0x80 | ((key >> 6) & 0x3f));
			b[2] = (char)(0x80 | (key & 0x3f));
			n = 3;
		} else {
			b[0] = (char)(0xf0 | (key >> 18));
			b[1] = (char)(0x80 | ((key >> 12) & 0x3f));
			b[2] = (char)(0x80 | ((key >> 6) & 0x3f));
			b[3] = (char)(0x80 | (key & 0x3f));
			n = 4;
		}
		if (uf->len + n < sizeof(uf->text)) {
			memcpy(uf->text + uf->len, b, n);
			uf->len += n;
			uf->text[uf->len] = '\0';
		}
	}
}

bool
uifilter_prompt_draw(const struct sl_uifilter *uf, struct sl_grid *g, int y, int w)
{
	const char *lead = uf->prompt_exclude ? "exclude \\" : "filter /";
	int x;

	if (!uf->prompt)
		return false;
	grid_fill(g, (struct sl_rect){0, y, w, 1}, SL_ROLE_NORMAL);
	x = grid_put(g, 0, y, w, SL_ROLE_KEY, lead);
	x += grid_put(g, x, y, w - x - 1, SL_ROLE_NORMAL, uf->text);
	if (x < w)
		grid_put(g, x, y, 1, SL_ROLE_SELECTION, " ");
	return true;
}

void
uifilter_status(struct sl_uifilter *uf, struct sl_ui_ctx *ctx, struct sl_strbuf *sb)
{
	int n = uf ? filters_count(uf->f) : 0;

	if (ctx->drill)
		strbuf_printf(sb, " | %s", ctx->drill_label);
	if (!n)
		return;
	strbuf_puts(sb, " |");
	for (int i = 0; i < n; i++) {
		bool ex;
		const char *p = filters_pattern(uf->f, i, &ex);

		strbuf_printf(sb, " %s/%s/", ex ? "!" : "", p);
	}
	if (uf->scanning)
		strbuf_printf(sb, " (filtering %d%%)", uifilter_progress(uf, ctx));
	if (filters_limit_hits(uf->f))
		strbuf_printf(sb, " (%llu hit the match limit, kept)",
			      (unsigned long long)filters_limit_hits(uf->f));
}

bool
uifilter_error(const struct sl_uifilter *uf, uint64_t now, struct sl_strbuf *sb)
{
	if (!uf || !uf->err[0] || (now > uf->err_at && now - uf->err_at > ERROR_NS))
		return false;
	strbuf_printf(sb, " %s", uf->err);
	return true;
}
