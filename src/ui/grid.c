/*
 * grid.c - the in-memory cell grid views draw into, and small helpers
 * every view uses (durations, escaping tracee bytes, scope matching).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syslens/proctree.h"
#include "syslens/view.h"

static const char *const role_names[SL_ROLE_COUNT] = {
	[SL_ROLE_NORMAL] = "normal",
	[SL_ROLE_DIM] = "dim",
	[SL_ROLE_ERROR] = "error",
	[SL_ROLE_BLOCKED] = "blocked",
	[SL_ROLE_SELECTION] = "selection",
	[SL_ROLE_SELECTION_DIM] = "selection-unfocused",
	[SL_ROLE_BRANCH] = "tree-branch",
	[SL_ROLE_HEADER] = "header",
	[SL_ROLE_TITLE] = "title",
	[SL_ROLE_TITLE_FOCUS] = "title-focus",
	[SL_ROLE_BORDER] = "border",
	[SL_ROLE_STATUS] = "status",
	[SL_ROLE_STATUS_WARN] = "status-warn",
	[SL_ROLE_KEY] = "key",
	[SL_ROLE_MATCH] = "match",
	[SL_ROLE_BAR] = "bar",
	[SL_ROLE_ALERT] = "alert",
	[SL_ROLE_PID] = "pid",
	[SL_ROLE_TIME] = "time",
};

const char *
role_name(enum sl_role r)
{
	return (unsigned)r < SL_ROLE_COUNT ? role_names[r] : "?";
}

int
role_lookup(const char *name)
{
	for (int i = 0; i < SL_ROLE_COUNT; i++)
		if (strcmp(role_names[i], name) == 0)
			return i;
	return -1;
}

struct sl_grid *
grid_new(int w, int h)
{
	struct sl_grid *g = xcalloc(1, sizeof(*g));

	g->w = w > 0 ? w : 1;
	g->h = h > 0 ? h : 1;
	g->cells = xcalloc((size_t)g->w * (size_t)g->h, sizeof(*g->cells));
	grid_fill(g, (struct sl_rect){0, 0, g->w, g->h}, SL_ROLE_NORMAL);
	return g;
}

void
grid_free(struct sl_grid *g)
{
	if (!g)
		return;
	free(g->cells);
	free(g);
}

/* Clip r to the grid; false when nothing is left. */
static bool
clip(const struct sl_grid *g, struct sl_rect *r)
{
	if (r->x < 0) {
		r->w += r->x;
		r->x = 0;
	}
	if (r->y < 0) {
		r->h += r->y;
		r->y = 0;
	}
	if (r->x + r->w > g->w)
		r->w = g->w - r->x;
	if (r->y + r->h > g->h)
		r->h = g->h - r->y;
	return r->w > 0 && r->h > 0;
}

void
grid_fill(struct sl_grid *g, struct sl_rect r, enum sl_role role)
{
	if (!clip(g, &r))
		return;
	for (int y = r.y; y < r.y + r.h; y++)
		for (int x = r.x; x < r.x + r.w; x++) {
			g->cells[y * g->w + x].ch = ' ';
			g->cells[y * g->w + x].role = (uint8_t)role;
		}
}

/* Next code point of UTF-8 s, advancing *i; '?' for anything invalid. */
static uint32_t
utf8_next(const unsigned char *s, size_t *i)
{
	unsigned char c = s[*i];
	uint32_t cp;
	int n;

	(*i)++;
	if (c < 0x80)
		return c;
	if ((c & 0xe0) == 0xc0) {
		cp = c & 0x1f;
		n = 1;
	} else if ((c & 0xf0) == 0xe0) {
		cp = c & 0x0f;
		n = 2;
	} else if ((c & 0xf8) == 0xf0) {
		cp = c & 0x07;
		n = 3;
	} else {
		return '?';
	}
	for (int k = 0; k < n; k++) {
		if ((s[*i] & 0xc0) != 0x80)
			return '?';
		cp = (cp << 6) | (s[*i] & 0x3f);
		(*i)++;
	}
	if (cp < 0x80 || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
		return '?';
	/* C1 controls would act like ESC sequences on some terminals */
	if (cp >= 0x80 && cp < 0xa0)
		return '?';
	return cp;
}

int
grid_put(struct sl_grid *g, int x, int y, int maxw, enum sl_role role, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	int n = 0;

	if (y < 0 || y >= g->h)
		return 0;
	while (u[i] && n < maxw) {
		uint32_t cp = utf8_next(u, &i);

		if (cp < 0x20 || cp == 0x7f)
			cp = '?';
		if (x + n >= 0 && x + n < g->w) {
			g->cells[y * g->w + x + n].ch = cp;
			g->cells[y * g->w + x + n].role = (uint8_t)role;
		}
		n++;
	}
	return n;
}

int
grid_printf(struct sl_grid *g, int x, int y, int maxw, enum sl_role role, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return grid_put(g, x, y, maxw, role, buf);
}

void
grid_set_role(struct sl_grid *g, int x, int y, int w, enum sl_role role)
{
	struct sl_rect r = {x, y, w, 1};

	if (!clip(g, &r))
		return;
	for (int i = r.x; i < r.x + r.w; i++)
		g->cells[r.y * g->w + i].role = (uint8_t)role;
}

static void
put_utf8(struct sl_strbuf *sb, uint32_t cp)
{
	char b[4];

	if (cp < 0x80) {
		strbuf_putc(sb, (char)cp);
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f));
		strbuf_add(sb, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		strbuf_add(sb, b, 3);
	} else {
		b[0] = (char)(0xf0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		strbuf_add(sb, b, 4);
	}
}

void
grid_text(const struct sl_grid *g, struct sl_strbuf *sb)
{
	for (int y = 0; y < g->h; y++) {
		for (int x = 0; x < g->w; x++)
			put_utf8(sb, g->cells[y * g->w + x].ch);
		strbuf_putc(sb, '\n');
	}
}

void
ui_fmt_duration(char *buf, size_t len, uint64_t ns)
{
	if (ns < 1000)
		snprintf(buf, len, "%lluns", (unsigned long long)ns);
	else if (ns < 1000000)
		snprintf(buf, len, "%lluus", (unsigned long long)(ns / 1000));
	else if (ns < 1000000000)
		snprintf(buf, len, "%llums", (unsigned long long)(ns / 1000000));
	else if (ns < 60000000000ull)
		snprintf(buf, len, "%llu.%llus", (unsigned long long)(ns / 1000000000),
			 (unsigned long long)(ns / 100000000 % 10));
	else if (ns < 3600000000000ull)
		snprintf(buf, len, "%llum%02llus", (unsigned long long)(ns / 60000000000ull),
			 (unsigned long long)(ns / 1000000000 % 60));
	else
		snprintf(buf, len, "%lluh%02llum", (unsigned long long)(ns / 3600000000000ull),
			 (unsigned long long)(ns / 60000000000ull % 60));
}

void
ui_escape(struct sl_strbuf *sb, const unsigned char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (c == '\n')
			strbuf_puts(sb, "\\n");
		else if (c == '\t')
			strbuf_puts(sb, "\\t");
		else if (c == '\\')
			strbuf_puts(sb, "\\\\");
		else if (c >= 0x20 && c < 0x7f)
			strbuf_putc(sb, (char)c);
		else
			strbuf_printf(sb, "\\%o", c);
	}
}

bool
ui_ctx_match(const struct sl_ui_ctx *ctx, const struct sl_event *ev)
{
	if (ctx->errors_only && !(ev->type == SL_EV_SYSCALL && ev->ret < 0 && ev->ret > -4096 &&
				  !(ev->flags & SL_EVF_NOEXIT)))
		return false;
	switch (ctx->scope) {
	case SL_SCOPE_ALL:
		return true;
	case SL_SCOPE_PROC:
		return (int)ev->pid == ctx->scope_id;
	case SL_SCOPE_THREAD:
		return (int)ev->tid == ctx->scope_id;
	case SL_SCOPE_SUBTREE:
		return proctree_in_subtree(ctx->tree, (int)ev->pid, ctx->scope_id);
	}
	return true;
}
