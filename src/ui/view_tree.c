/*
 * view_tree.c - the process tree pane: parent -> children -> threads,
 * with comm, pid, state, syscall and error counts; a thread in a syscall
 * past --blocked shows the call, its first argument and the wait; exited
 * processes stay, dimmed, with how they ended.
 *
 * Rows are rebuilt from the model each frame (the model is small next to
 * the event store); the selection is kept by pid/tid, so it survives new
 * processes and resizes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syslens/decode.h"
#include "syslens/container.h"
#include "syslens/proctree.h"
#include "syslens/rules.h"
#include "syslens/syscalls.h"
#include "ui_int.h"

struct trow {
	struct sl_proc *p;
	struct sl_thread *t; /* a thread row, or NULL */
	int depth;
	bool last;	/* last among its siblings */
	uint32_t lines; /* bit d: an ancestor at depth d has siblings below */
};

struct treeview {
	struct sl_view v;
	struct trow *rows;
	size_t n, cap;
	int sel_id; /* pid, or tid when sel_thread */
	bool sel_thread;
	size_t sel, top;
	int height;
	struct sl_strbuf sb;
	struct sl_event_buf buf; /* an in-flight call read from the store */
};

struct walk {
	struct treeview *tv;
	uint32_t lines;
};

static void
add_row(struct treeview *tv, struct trow r)
{
	if (tv->n == tv->cap) {
		tv->cap = tv->cap ? tv->cap * 2 : 64;
		tv->rows = xrealloc(tv->rows, tv->cap * sizeof(*tv->rows));
	}
	tv->rows[tv->n++] = r;
}

static bool
walk_proc(struct sl_proc *p, int depth, void *arg)
{
	struct walk *w = arg;
	struct trow r = {.p = p, .depth = depth, .last = p->sibling == NULL};

	/* lines[d] for the rows below this one: does depth d continue? */
	if (depth < 32) {
		if (r.last)
			w->lines &= ~(1u << depth);
		else
			w->lines |= 1u << depth;
	}
	r.lines = w->lines;
	add_row(w->tv, r);
	/* the process row stands for its main thread; the others go below it */
	for (struct sl_thread *t = p->threads; t; t = t->next) {
		struct trow tr = {.p = p,
				  .t = t,
				  .depth = depth + 1,
				  .last = t->next == NULL && !p->child,
				  .lines = w->lines};

		if (t->tid != p->pid)
			add_row(w->tv, tr);
	}
	return true;
}

static void
build(struct treeview *tv, struct sl_ui_ctx *ctx)
{
	struct walk w = {.tv = tv};

	tv->n = 0;
	if (ctx->tree)
		proctree_walk(ctx->tree, walk_proc, &w);
	/* find the selection again */
	tv->sel = 0;
	for (size_t i = 0; i < tv->n; i++) {
		struct trow *r = &tv->rows[i];

		if (tv->sel_thread ? r->t && r->t->tid == tv->sel_id
				   : !r->t && r->p->pid == tv->sel_id) {
			tv->sel = i;
			return;
		}
	}
	if (tv->n) {
		tv->sel_id = tv->rows[0].p->pid;
		tv->sel_thread = false;
	}
}

static void
exit_text(char *buf, size_t len, int status)
{
	const char *sig = decode_signal_name(status & 0x7f);

	if ((status & 0x7f) == 0)
		snprintf(buf, len, "exit %d", (status >> 8) & 0xff);
	else if (sig)
		snprintf(buf, len, "killed %s", sig);
	else
		snprintf(buf, len, "killed %d", status & 0x7f);
}

/* "2.4s read(3</tmp/fifo>, ..." for a thread in a syscall. */
static void
call_text(struct treeview *tv, struct sl_ui_ctx *ctx, const struct sl_thread *t)
{
	char d[16];

	/* the wait first: it is what must survive a narrow pane */
	ui_fmt_duration(d, sizeof(d), ctx->now > t->call.ts_enter ? ctx->now - t->call.ts_enter : 0);
	strbuf_printf(&tv->sb, "%s ", d);
	ui_inflight_call(&tv->sb, ctx, t, &tv->buf);
}

/*
 * " [4f1c1a2b3c4d pid 1]": the container a process runs in (short id) and
 * its pid inside its pid namespace, when they differ from the host's view.
 */
static void
container_tag(struct sl_strbuf *sb, struct sl_ui_ctx *ctx, int pid)
{
	char id[SL_CONTAINER_ID_MAX];
	pid_t ns_pid;
	bool ns;

	if (!alert_log_proc(ctx->alerts, (__u32)pid, id, sizeof(id), &ns_pid))
		return;
	ns = ns_pid > 0 && ns_pid != pid;
	if (!id[0] && !ns)
		return;
	strbuf_puts(sb, " [");
	if (id[0])
		strbuf_printf(sb, "%.12s%s", id, ns ? " " : "");
	if (ns)
		strbuf_printf(sb, "pid %d", (int)ns_pid);
	strbuf_putc(sb, ']');
}

static void
draw_prefix(struct sl_grid *g, int *x, int y, int maxx, const struct trow *r,
	    const struct sl_glyphs *gl, enum sl_role role)
{
	for (int d = 0; d < r->depth && *x + 2 <= maxx; d++) {
		const char *s;

		/* an ancestor level: a line while that ancestor has siblings below */
		if (d == r->depth - 1)
			s = r->last ? gl->corner : gl->tee;
		else
			s = (d < 31 && (r->lines >> (d + 1) & 1)) ? gl->vline : " ";
		*x += grid_put(g, *x, y, 1, role, s);
		*x += grid_put(g, *x, y, 1, role, d == r->depth - 1 ? gl->hline : " ");
	}
}

static void
treeview_render(struct sl_view *v, struct sl_ui_ctx *ctx, struct sl_grid *g, struct sl_rect r,
		bool focus)
{
	struct treeview *tv = (struct treeview *)v;
	const struct sl_glyphs *gl = ui_glyphs(ctx->ascii);
	uint64_t blocked_ns = ctx->o ? ctx->o->blocked_ns : 1000000000ull;
	char right[48];
	int numw = r.w >= 40 ? 17 : 0;

	build(tv, ctx);
	snprintf(right, sizeof(right), "%zu procs", ctx->tree ? proctree_nprocs(ctx->tree) : 0);
	r = ui_title(g, r, focus, "Processes", right);
	if (r.h <= 0)
		return;
	tv->height = r.h;
	if (numw) {
		grid_fill(g, (struct sl_rect){r.x, r.y, r.w, 1}, SL_ROLE_HEADER);
		grid_put(g, r.x, r.y, r.w, SL_ROLE_HEADER, "COMM PID");
		grid_printf(g, r.x + r.w - numw, r.y, numw, SL_ROLE_HEADER, "%-2s%8s%7s", "S",
			    "SYS", "ERR");
		r.y++;
		r.h--;
	}
	if (tv->sel < tv->top)
		tv->top = tv->sel;
	if (r.h > 0 && tv->sel >= tv->top + (size_t)r.h)
		tv->top = tv->sel - (size_t)r.h + 1;
	for (int y = r.y; y < r.y + r.h; y++) {
		size_t i = tv->top + (size_t)(y - r.y);
		struct trow *row;
		enum sl_role role = SL_ROLE_NORMAL, lrole;
		const char *state = "R";
		char st[24] = "";
		uint64_t nsys, nerr;
		int x = r.x, right_x = r.x + r.w - numw;
		bool blocked = false, exited;
		unsigned nalert;

		grid_fill(g, (struct sl_rect){r.x, y, r.w, 1}, SL_ROLE_NORMAL);
		if (i >= tv->n)
			continue;
		row = &tv->rows[i];
		exited = row->t ? row->t->exited : row->p->exited;
		nsys = row->t ? row->t->nsys : row->p->nsys;
		nerr = row->t ? row->t->nerr : row->p->nerr;
		if (exited) {
			role = SL_ROLE_DIM;
			state = "X";
		} else {
			/* a process row shows its main thread's state */
			struct sl_thread *t = row->t ? row->t : row->p->threads;

			if (t && t->stopped)
				state = "T";
			if (t && t->inflight) {
				state = "S";
				if (ctx->now >= t->call.ts_enter &&
				    ctx->now - t->call.ts_enter >= blocked_ns) {
					state = "B";
					blocked = true;
					role = SL_ROLE_BLOCKED;
				}
			}
		}
		if (i == tv->sel)
			role = focus ? SL_ROLE_SELECTION : SL_ROLE_SELECTION_DIM;
		grid_fill(g, (struct sl_rect){r.x, y, r.w, 1}, role);
		lrole = role == SL_ROLE_NORMAL ? SL_ROLE_BRANCH : role;
		draw_prefix(g, &x, y, right_x, row, gl, lrole);

		strbuf_reset(&tv->sb);
		/* a process that raised security alerts is flagged with "!" */
		nalert = !row->t && ctx->alerts ? alert_log_pid_count(ctx->alerts, (__u32)row->p->pid) : 0;
		if (nalert)
			strbuf_puts(&tv->sb, "! ");
		ui_escape(&tv->sb, (const unsigned char *)(row->t ? row->t->comm : row->p->comm),
			  strnlen(row->t ? row->t->comm : row->p->comm, SL_COMM_LEN));
		strbuf_printf(&tv->sb, " %d", row->t ? row->t->tid : row->p->pid);
		if (!row->t && ctx->alerts)
			container_tag(&tv->sb, ctx, row->p->pid);
		if (blocked) {
			strbuf_puts(&tv->sb, " ");
			call_text(tv, ctx, row->t ? row->t : row->p->threads);
		} else if (exited) {
			exit_text(st, sizeof(st),
				  row->t ? row->t->exit_status : row->p->exit_status);
			strbuf_printf(&tv->sb, " (%s)", st);
		}
		if (x < right_x) {
			int room = right_x - x - 1;

			if ((int)tv->sb.len > room && room > 1) {
				grid_put(g, x, y, room - 1, role, strbuf_str(&tv->sb));
				grid_put(g, x + room - 1, y, 1, role, ">");
			} else {
				grid_put(g, x, y, room, role, strbuf_str(&tv->sb));
			}
			if (nalert && room > 1 && role == SL_ROLE_NORMAL)
				grid_set_role(g, x, y, 1, SL_ROLE_ALERT);
		}
		if (numw)
			grid_printf(g, right_x, y, numw,
				    role == SL_ROLE_NORMAL && nerr ? role : role, "%-2s%8llu%7llu",
				    state, (unsigned long long)nsys, (unsigned long long)nerr);
		if (numw && nerr && role == SL_ROLE_NORMAL)
			grid_set_role(g, right_x + 10, y, 7, SL_ROLE_ERROR);
	}
	if (tv->n == 0)
		grid_put(g, r.x + 1, r.y, r.w - 1, SL_ROLE_DIM, "(no process yet)");
}

static void
select_row(struct treeview *tv, size_t i)
{
	if (i >= tv->n)
		return;
	tv->sel = i;
	tv->sel_thread = tv->rows[i].t != NULL;
	tv->sel_id = tv->sel_thread ? tv->rows[i].t->tid : tv->rows[i].p->pid;
}

static bool
treeview_key(struct sl_view *v, struct sl_ui_ctx *ctx, int key)
{
	struct treeview *tv = (struct treeview *)v;
	long page = tv->height > 2 ? tv->height - 1 : 1;
	long d = 0;

	(void)ctx;
	switch (key) {
	case SL_KEY_UP:
	case 'k':
		d = -1;
		break;
	case SL_KEY_DOWN:
	case 'j':
		d = 1;
		break;
	case SL_KEY_PGUP:
		d = -page;
		break;
	case SL_KEY_PGDN:
		d = page;
		break;
	case SL_KEY_WHEEL_UP:
		d = -3;
		break;
	case SL_KEY_WHEEL_DOWN:
		d = 3;
		break;
	case SL_KEY_HOME:
	case 'g':
		d = -(long)tv->n;
		break;
	case SL_KEY_END:
	case 'G':
		d = (long)tv->n;
		break;
	default:
		return false;
	}
	if (tv->n == 0)
		return true;
	if (d < 0 && (size_t)-d > tv->sel)
		select_row(tv, 0);
	else if ((size_t)((long)tv->sel + d) >= tv->n)
		select_row(tv, tv->n - 1);
	else
		select_row(tv, (size_t)((long)tv->sel + d));
	return true;
}

static void
treeview_click(struct sl_view *v, struct sl_ui_ctx *ctx, int x, int y)
{
	struct treeview *tv = (struct treeview *)v;
	int first = v->rect.w >= 40 ? 2 : 1; /* title, header */

	(void)ctx;
	(void)x;
	if (y >= first)
		select_row(tv, tv->top + (size_t)(y - first));
}

static void
treeview_destroy(struct sl_view *v)
{
	struct treeview *tv = (struct treeview *)v;

	free(tv->rows);
	strbuf_free(&tv->sb);
	free(tv);
}

static const struct sl_view_ops treeview_ops = {
	.name = "tree",
	.render = treeview_render,
	.key = treeview_key,
	.click = treeview_click,
	.destroy = treeview_destroy,
};

struct sl_view *
treeview_new(void)
{
	struct treeview *tv = xcalloc(1, sizeof(*tv));

	tv->v.ops = &treeview_ops;
	tv->sel_id = -1;
	return &tv->v;
}

bool
treeview_selected(struct sl_view *v, int *id, bool *thread)
{
	struct treeview *tv = (struct treeview *)v;

	if (tv->sel >= tv->n)
		return false;
	*id = tv->sel_id;
	*thread = tv->sel_thread;
	return true;
}
