/*
 * ui.c - the interactive interface: starts the collector on its own
 * thread, then runs one loop in htop's ScreenManager shape:
 *
 *   wait for a key or the frame timer -> take new events from the store
 *   into the models and views -> draw the views into the cell grid ->
 *   send the cells that changed to the terminal.
 *
 * The collector pushes into the live ring and never waits for this loop.
 * On quit, on a signal or a crash the terminal is restored and the
 * collector stopped, so attached processes are detached.
 */
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "syslens/callq.h"
#include "syslens/decode.h"
#include "syslens/proctree.h"
#include "syslens/rules.h"
#include "syslens/store.h"
#include "syslens/ui.h"
#include "filter_ui.h"
#include "ui_int.h"

#define FRAME_BUSY_MS 50	   /* 20 frames a second at the most */
#define FRAME_IDLE_MS 250	   /* live timers (blocked calls) still tick */
#define INTAKE_MAX 400000	   /* events taken per frame, so a flood cannot freeze keys */
#define CALLS_MAX 1000000	   /* finished calls counted per frame; the rest wait */
#define FILTER_STEP_NS 25000000ull /* filtering the stored events, per frame */

enum right_mode {
	RIGHT_SYSCALLS,
	RIGHT_BLOCKED,
	RIGHT_DETAIL,
	RIGHT_OUTPUT,
	RIGHT_HIST,
	RIGHT_ALERTS,
};
enum pane { PANE_TREE, PANE_RIGHT, PANE_BOTTOM, PANE_COUNT };

struct ui {
	struct sl_ui_ctx ctx;
	struct sl_options opts;
	struct sl_collector *c;
	struct sl_sink *sink;
	struct sl_ring *ring;
	struct sl_callq *calls; /* every finished call, for the counts */
	struct sl_proctree *tree;

	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int start_rc; /* 1 while starting */
	char why[512];
	atomic_bool done;

	struct sl_view *treev, *sysv, *histv, *blockedv, *outv, *detailv, *alertv;
	enum right_mode right;
	enum pane focus;
	bool show[PANE_COUNT]; /* panes the current size has room for */
	struct sl_rect rect[PANE_COUNT];
	bool help;
	int help_top;	 /* first help line shown, when it does not fit */
	int help_rows;	 /* help lines the last draw had room for */
	bool input_mode;
	bool quit;
	int pty; /* launched command's terminal, or -1 */
	bool pty_eof;

	uint64_t seen;		 /* next store index to take */
	uint64_t missed;	 /* events the interface fell behind on */
	int run_rc;		 /* what the collector's run() returned */
	uint64_t rate_n, rate_t; /* events/s over the last second */
	double rate;
	uint64_t msg_until;
	uint64_t frames, frame_ns, frame_max; /* for SYSLENS_UI_STATS */
	struct sl_grid *grid;
	struct sl_event_buf buf;
};

static struct ui *live; /* for the signal handlers */
static volatile sig_atomic_t got_signal;
static volatile sig_atomic_t signal_count;	/* quit signals so far */
static int saved_stderr = -1; /* the real stderr while curses owns the screen */
static int stderr_pipe = -1;  /* what was written to stderr meanwhile */

/* ---- the collector thread ---- */

static void *
collector_main(void *arg)
{
	struct ui *u = arg;
	int rc;

	/* ptrace ties tracees to the thread that attached: start and run here */
	rc = u->c->start(u->c, &u->opts, u->sink, u->why, sizeof(u->why));
	pthread_mutex_lock(&u->lock);
	u->start_rc = rc < 0 ? rc : 0;
	pthread_cond_signal(&u->cond);
	pthread_mutex_unlock(&u->lock);
	if (rc < 0) {
		atomic_store(&u->done, true);
		return NULL;
	}
	u->run_rc = u->c->run(u->c);
	if (u->sink->finish)
		u->sink->finish(u->sink, &u->c->stats);
	u->c->finished = true;
	atomic_store(&u->done, true);
	return NULL;
}

/* ---- signals and crashes ---- */

static void
on_quit_signal(int sig)
{
	got_signal = sig;
	signal_count++;
}

static void
on_crash(int sig)
{
	struct ui *u = live;

	/* give the terminal back and let the collector detach, then die */
	term_end();
	if (saved_stderr >= 0)
		dup2(saved_stderr, STDERR_FILENO);
	if (u) {
		struct timespec ts = {0, 10000000};

		if (u->pty >= 0)
			close(u->pty);
		u->c->stop(u->c);
		for (int i = 0; i < 100 && !atomic_load(&u->done); i++)
			nanosleep(&ts, NULL);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
signals_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_quit_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/*
 * While curses owns the screen nothing may write to the terminal: stderr
 * goes into a pipe whose lines the status line shows.
 */
static void
stderr_capture(void)
{
	int p[2];

	if (pipe2(p, O_CLOEXEC | O_NONBLOCK) < 0)
		return;
	saved_stderr = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 0);
	if (saved_stderr < 0) {
		close(p[0]);
		close(p[1]);
		return;
	}
	dup2(p[1], STDERR_FILENO);
	close(p[1]);
	stderr_pipe = p[0];
}

static void message(struct ui *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The last line written to stderr, for the status line; or on release, all of it. */
static void
stderr_drain(struct ui *u, bool release)
{
	char buf[1024];
	ssize_t n;

	if (stderr_pipe < 0)
		return;
	if (release) {
		dup2(saved_stderr, STDERR_FILENO);
		close(saved_stderr);
		saved_stderr = -1;
	}
	while ((n = read(stderr_pipe, buf, sizeof(buf) - 1)) > 0) {
		char *line, *nl;

		if (release) {
			(void)!write(STDERR_FILENO, buf, (size_t)n);
			continue;
		}
		buf[n] = '\0';
		while (n > 0 && buf[n - 1] == '\n')
			buf[--n] = '\0';
		line = (nl = strrchr(buf, '\n')) ? nl + 1 : buf;
		for (char *c = line; *c; c++)
			if ((unsigned char)*c < 0x20 || *c == 0x7f)
				*c = '?';
		message(u, "%s", line);
	}
	if (release) {
		close(stderr_pipe);
		stderr_pipe = -1;
	}
}

/* ---- the launched command's terminal ---- */

static int
pty_open(int *slave)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	struct winsize ws = {.ws_row = 24, .ws_col = 80};
	char *name;

	if (m < 0)
		return -1;
	if (grantpt(m) < 0 || unlockpt(m) < 0 || !(name = ptsname(m)))
		goto fail;
	*slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (*slave < 0)
		goto fail;
	ioctl(m, TIOCSWINSZ, &ws);
	fcntl(m, F_SETFL, fcntl(m, F_GETFL) | O_NONBLOCK);
	return m;
fail:
	close(m);
	return -1;
}

static void
pty_read(struct ui *u)
{
	unsigned char buf[4096];
	ssize_t n;

	while (u->pty >= 0 && !u->pty_eof) {
		n = read(u->pty, buf, sizeof(buf));
		if (n > 0) {
			outview_feed(u->outv, buf, (size_t)n);
			continue;
		}
		if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
			/* EIO: every holder of the other side closed it */
			u->pty_eof = true;
			term_watch_fd(-1);
		}
		break;
	}
}

static void
pty_send_key(struct ui *u, int key)
{
	char b[8];
	size_t n = 0;

	switch (key) {
	case SL_KEY_ENTER:
		b[n++] = '\r';
		break;
	case SL_KEY_BACKSPACE:
		b[n++] = 0x7f;
		break;
	case SL_KEY_TAB:
		b[n++] = '\t';
		break;
	case SL_KEY_ESC:
		b[n++] = 0x1b;
		break;
	case SL_KEY_UP:
		memcpy(b, "\033[A", 3);
		n = 3;
		break;
	case SL_KEY_DOWN:
		memcpy(b, "\033[B", 3);
		n = 3;
		break;
	case SL_KEY_RIGHT:
		memcpy(b, "\033[C", 3);
		n = 3;
		break;
	case SL_KEY_LEFT:
		memcpy(b, "\033[D", 3);
		n = 3;
		break;
	default:
		if (key > 0 && key < 256)
			b[n++] = (char)key;
	}
	if (n && u->pty >= 0 && !u->pty_eof)
		(void)!write(u->pty, b, n);
}

/* ---- models ---- */

static void
views_event(struct ui *u, const struct sl_event *ev, uint64_t idx)
{
	/* the histograms count from u->calls, not from the ring */
	struct sl_view *vs[] = {u->sysv, u->treev};

	for (size_t i = 0; i < ARRAY_SIZE(vs); i++)
		if (vs[i] && vs[i]->ops->event)
			vs[i]->ops->event(vs[i], &u->ctx, ev, idx);
}

/* Take new events from the store into the models; true when there were. */
static bool
intake(struct ui *u)
{
	uint64_t head = ring_head(u->ring), tail = ring_tail(u->ring), n = 0, counted = 0;
	struct sl_event *ev = &u->buf.ev;

	if (u->seen < tail) {
		u->missed += tail - u->seen;
		u->seen = tail;
	}
	for (; u->seen < head && n < INTAKE_MAX; u->seen++, n++) {
		int rc = ring_read_header(u->ring, u->seen, ev);

		/* payloads only where the models keep some */
		if (rc == 0 && (ev->flags & SL_EVF_INFLIGHT || ev->type == SL_EV_EXEC))
			rc = ring_read(u->ring, u->seen, &u->buf);
		if (rc < 0) {
			u->missed++;
			continue;
		}
		proctree_event_ref(u->tree, ev, u->seen);
		views_event(u, ev, u->seen);
	}
	/*
	 * Counts and histograms from every finished call, including those
	 * the ring overwrote before this loop took them.
	 */
	for (; counted < CALLS_MAX && callq_pop(u->calls, ev); counted++) {
		proctree_count(u->tree, ev);
		if (u->histv->ops->event)
			u->histv->ops->event(u->histv, &u->ctx, ev, UINT64_MAX);
	}
	u->rate_n += n;
	if (u->ctx.now - u->rate_t >= 1000000000ull) {
		u->rate = (double)u->rate_n * 1e9 / (double)(u->ctx.now - u->rate_t);
		u->rate_n = 0;
		u->rate_t = u->ctx.now;
	}
	return n > 0 || counted > 0;
}

/* ---- layout and drawing ---- */

static void
message(struct ui *u, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(u->ctx.message, sizeof(u->ctx.message), fmt, ap);
	va_end(ap);
	u->msg_until = now_ns() + 4000000000ull;
}

static struct sl_view *
right_view(struct ui *u)
{
	switch (u->right) {
	case RIGHT_BLOCKED:
		return u->blockedv;
	case RIGHT_DETAIL:
		return u->detailv ? u->detailv : u->sysv;
	case RIGHT_OUTPUT:
		return u->outv;
	case RIGHT_HIST:
		return u->histv;
	case RIGHT_ALERTS:
		return u->alertv;
	default:
		return u->sysv;
	}
}

static struct sl_view *
pane_view(struct ui *u, enum pane p)
{
	switch (p) {
	case PANE_TREE:
		return u->treev;
	case PANE_RIGHT:
		return right_view(u);
	default:
		return u->histv;
	}
}

/*
 * Room decides the panes: everything at 100x30 and more; without the
 * histograms below that; one pane (the focused one) under 80 columns.
 */
static void
layout(struct ui *u, int w, int h)
{
	int body = h - 1, top = body, treew;

	memset(u->show, 0, sizeof(u->show));
	memset(u->rect, 0, sizeof(u->rect));
	if (w >= 100 && h >= 30 && u->right != RIGHT_HIST) {
		int bh = body / 3;

		top = body - bh;
		u->show[PANE_BOTTOM] = true;
		u->rect[PANE_BOTTOM] = (struct sl_rect){0, top, w, bh};
	}
	if (w >= 80 && h >= 14) {
		treew = SL_MIN(w * 9 / 20, 64);
		u->show[PANE_TREE] = u->show[PANE_RIGHT] = true;
		u->rect[PANE_TREE] = (struct sl_rect){0, 0, treew, top};
		u->rect[PANE_RIGHT] = (struct sl_rect){treew + 1, 0, w - treew - 1, top};
	} else if (u->focus == PANE_TREE) {
		u->show[PANE_TREE] = true;
		u->rect[PANE_TREE] = (struct sl_rect){0, 0, w, top};
	} else {
		u->show[PANE_RIGHT] = true;
		u->rect[PANE_RIGHT] = (struct sl_rect){0, 0, w, top};
	}
	if (!u->show[u->focus])
		u->focus = PANE_RIGHT;
}

static const char *
scope_text(struct ui *u, char *buf, size_t len)
{
	switch (u->ctx.scope) {
	case SL_SCOPE_PROC:
		snprintf(buf, len, "pid %d", u->ctx.scope_id);
		break;
	case SL_SCOPE_SUBTREE:
		snprintf(buf, len, "pid %d+children", u->ctx.scope_id);
		break;
	case SL_SCOPE_THREAD:
		snprintf(buf, len, "tid %d", u->ctx.scope_id);
		break;
	default:
		buf[0] = '\0';
	}
	return buf;
}

static void
status_draw(struct ui *u, int y, int w)
{
	struct sl_strbuf sb = SL_STRBUF_INIT;
	struct sl_collect_stats st = u->c->stats;
	/* what the interface missed was overwritten too: count it once */
	uint64_t over = SL_MAX(ring_overwritten(u->ring), u->missed);
	uint64_t used = ring_head(u->ring) - ring_tail(u->ring);
	enum sl_role role = SL_ROLE_STATUS;
	char scope[48];
	size_t name_len = 0;
	int hint_w, room;

	if (uifilter_prompt_draw(u->ctx.filter, u->grid, y, w))
		return;
	grid_fill(u->grid, (struct sl_rect){0, y, w, 1}, SL_ROLE_STATUS);
	if (uifilter_error(u->ctx.filter, u->ctx.now, &sb)) {
		role = SL_ROLE_STATUS_WARN;
	} else if (u->ctx.message[0] && u->ctx.now < u->msg_until) {
		strbuf_printf(&sb, " %s", u->ctx.message);
		role = SL_ROLE_STATUS_WARN;
	} else {
		u->ctx.message[0] = '\0';
		strbuf_printf(&sb, " %s", u->c->name);
		name_len = sb.len;
		strbuf_printf(&sb, " | %llu ev %.0f/s", (unsigned long long)ring_head(u->ring),
			      u->rate);
		if (st.lost || over) {
			strbuf_printf(&sb, " | lost %llu+%llu", (unsigned long long)st.lost,
				      (unsigned long long)over);
			role = SL_ROLE_STATUS_WARN;
		}
		strbuf_printf(&sb, " | ring %llu%%",
			      (unsigned long long)(used * 100 / ring_capacity(u->ring)));
		if (u->ctx.alerts && alert_log_count(u->ctx.alerts))
			strbuf_printf(&sb, " | %zu alerts (a)", alert_log_count(u->ctx.alerts));
		if (scope_text(u, scope, sizeof(scope))[0])
			strbuf_printf(&sb, " | %s", scope);
		if (u->ctx.errors_only)
			strbuf_puts(&sb, " | errors");
		if (u->ctx.filter_status[0])
			strbuf_printf(&sb, " | %s", u->ctx.filter_status);
		strbuf_puts(&sb, sysview_paused(u->sysv)      ? " | PAUSED"
				 : sysview_following(u->sysv) ? " | following"
							      : " | scrolled");
		if (u->input_mode)
			strbuf_puts(&sb, " | INPUT (Ctrl-] leaves)");
		if (atomic_load(&u->done)) {
			int es = u->c->exit_status;

			/* a replay ends as the recorded command did */
			bool launched = u->opts.mode == SL_MODE_LAUNCH ||
					u->opts.mode == SL_MODE_REPLAY;

			if (launched && es > 128 && decode_signal_name(es - 128))
				strbuf_printf(&sb, " | ended: killed by %s",
					      decode_signal_name(es - 128));
			else if (launched && es > 128)
				strbuf_printf(&sb, " | ended: killed by signal %d", es - 128);
			else if (launched && es >= 0)
				strbuf_printf(&sb, " | ended: exit %d", es);
			else
				strbuf_puts(&sb, " | ended");
		} else {
			strbuf_puts(&sb, " | running");
		}
	}
	hint_w = w >= 70 ? 16 : 0;
	/* why this backend, in the room left by the rest (how the run ended
	 * matters more), cut with a mark */
	room = w - hint_w - (int)sb.len - 3;
	if (name_len && u->c->note[0] && room >= 12) {
		struct sl_strbuf full = SL_STRBUF_INIT;
		int len = (int)strlen(u->c->note);

		strbuf_add(&full, sb.s, name_len);
		if (len > room)
			strbuf_printf(&full, " (%.*s>)", room - 1, u->c->note);
		else
			strbuf_printf(&full, " (%s)", u->c->note);
		strbuf_puts(&full, sb.s + name_len);
		strbuf_free(&sb);
		sb = full;
	}
	grid_put(u->grid, 0, y, w - hint_w, role, strbuf_str(&sb));
	if (role == SL_ROLE_STATUS_WARN)
		grid_set_role(u->grid, 0, y, w - hint_w, role);
	if (hint_w)
		grid_put(u->grid, w - hint_w, y, hint_w, SL_ROLE_STATUS, "  ? help  q quit");
	strbuf_free(&sb);
}

static const char *const help_lines[][2] = {
	{"q", "quit (tracees are detached, a launched command gets SIGHUP)"},
	{"?", "this help (arrows scroll it, any other key closes it)"},
	{"Tab", "next pane (the histograms too, when they have none)"},
	{"Up Down j k", "move"},
	{"PgUp PgDn", "move a page"},
	{"g G", "first row / last row (G follows the tail)"},
	{"space", "pause the view (collection goes on)"},
	{"f", "follow the tail again"},
	{"Enter", "syscalls: detail of the call; tree: narrow to the process"},
	{"c", "tree: narrow to the process and its children"},
	{"Esc", "back: close detail / list, then widen to everything"},
	{"e", "errors only (toggle)"},
	{"b", "threads blocked now, longest first"},
	{"t", "process tree"},
	{"h", "histograms"},
	{"o", "the launched command's output (toggle)"},
	{"a", "security alerts, newest first (Enter: go to the call)"},
	{"i", "type to the launched command (Ctrl-] leaves)"},
	{"/ \\ n N", "include / exclude filter, next / previous match"},
	{"-", "remove the newest filter"},
	{"s C T M E", "histograms: sort (cycle) / by calls, total, max, errors"},
	{"w", "histograms: since start / last 10 s"},
	{"Left Right", "histograms: bucket; Enter shows its calls (Esc: all)"},
	{"mouse", "click selects and focuses, the wheel scrolls"},
};

/* The key list in a box; when the terminal is too short for it, the
 * arrows and pages scroll it and the bottom line says what is left. */
static void
help_draw(struct ui *u, int w, int h)
{
	int n = (int)ARRAY_SIZE(help_lines);
	int bw = SL_MIN(w - 2, 76), bh = SL_MIN(h - 2, n + 3);
	int x0 = (w - bw) / 2, y0 = (h - bh) / 2, rows;
	bool fits = bh >= n + 3;
	struct sl_rect r = {x0, y0, bw, bh};

	grid_fill(u->grid, r, SL_ROLE_NORMAL);
	r = ui_title(u->grid, r, true, "syslens keys",
		     fits ? "any key closes" : "arrows scroll, other keys close");
	rows = fits ? n : SL_MAX(r.h - 2, 1);
	u->help_rows = rows;
	u->help_top = SL_MAX(SL_MIN(u->help_top, n - rows), 0);
	for (int i = 0; i < rows && u->help_top + i < n; i++) {
		int k = u->help_top + i;

		grid_put(u->grid, r.x + 2, r.y + 1 + i, 13, SL_ROLE_KEY, help_lines[k][0]);
		grid_put(u->grid, r.x + 16, r.y + 1 + i, r.w - 17, SL_ROLE_NORMAL,
			 help_lines[k][1]);
	}
	if (!fits)
		grid_printf(u->grid, r.x + 2, r.y + 1 + rows, r.w - 3, SL_ROLE_DIM,
			    "lines %d-%d of %d (arrows scroll)", u->help_top + 1,
			    SL_MIN(u->help_top + rows, n), n);
}

static void
draw(struct ui *u)
{
	int w, h;

	term_size(&w, &h);
	if (!u->grid || u->grid->w != w || u->grid->h != h) {
		grid_free(u->grid);
		u->grid = grid_new(w, h);
	}
	grid_fill(u->grid, (struct sl_rect){0, 0, w, h}, SL_ROLE_NORMAL);
	if (w < 40 || h < 10) {
		grid_put(u->grid, 0, h / 2, w, SL_ROLE_STATUS_WARN, "terminal too small");
		if (h / 2 + 1 < h)
			grid_printf(u->grid, 0, h / 2 + 1, w, SL_ROLE_DIM, "%dx%d < 40x10", w, h);
		term_draw(u->grid);
		return;
	}
	layout(u, w, h);
	for (int p = 0; p < PANE_COUNT; p++) {
		struct sl_view *v = pane_view(u, (enum pane)p);

		if (!u->show[p])
			continue;
		v->rect = u->rect[p];
		v->ops->render(v, &u->ctx, u->grid, u->rect[p], (int)u->focus == p);
	}
	if (u->show[PANE_TREE] && u->show[PANE_RIGHT]) {
		const struct sl_glyphs *gl = ui_glyphs(u->ctx.ascii);
		struct sl_rect t = u->rect[PANE_TREE];

		for (int y = t.y; y < t.y + t.h; y++)
			grid_put(u->grid, t.x + t.w, y, 1, SL_ROLE_BORDER, gl->vline);
	}
	status_draw(u, h - 1, w);
	if (u->help)
		help_draw(u, w, h);
	term_draw(u->grid);
}

/* ---- keys ---- */

static void
set_scope(struct ui *u, enum sl_scope_kind k, int id)
{
	u->ctx.scope = k;
	u->ctx.scope_id = id;
	u->ctx.scope_gen++;
}

static void
close_detail(struct ui *u)
{
	if (u->detailv) {
		u->detailv->ops->destroy(u->detailv);
		u->detailv = NULL;
	}
}

static void
set_right(struct ui *u, enum right_mode m)
{
	if (u->right == RIGHT_DETAIL && m != RIGHT_DETAIL)
		close_detail(u);
	u->right = m;
	u->focus = PANE_RIGHT;
}

static enum pane
pane_at(struct ui *u, int x, int y)
{
	for (int p = 0; p < PANE_COUNT; p++) {
		struct sl_rect r = u->rect[p];

		if (u->show[p] && x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h)
			return (enum pane)p;
	}
	return PANE_COUNT;
}

static void
key_enter(struct ui *u)
{
	uint64_t idx;
	int id;
	bool thread;

	if (pane_view(u, u->focus) == u->histv) {
		/* a histogram bucket: the syscall pane narrowed to its calls */
		if (u->histv->ops->key(u->histv, &u->ctx, SL_KEY_ENTER)) {
			set_right(u, RIGHT_SYSCALLS);
			sysview_follow(u->sysv);
		}
		return;
	}
	if (u->focus == PANE_TREE) {
		if (treeview_selected(u->treev, &id, &thread))
			set_scope(u, thread ? SL_SCOPE_THREAD : SL_SCOPE_PROC, id);
		return;
	}
	if (u->focus == PANE_RIGHT && u->right == RIGHT_ALERTS &&
	    alertview_selected(u->alertv, &u->ctx, &idx)) {
		struct sl_event ev;

		/* the call may be outside the current narrowing: widen it */
		if (ring_read_header(u->ring, idx, &ev) == 0 && !ui_ctx_match(&u->ctx, &ev)) {
			u->ctx.errors_only = false;
			set_scope(u, SL_SCOPE_ALL, 0);
		}
		set_right(u, RIGHT_SYSCALLS);
		sysview_jump(u->sysv, idx);
		return;
	}
	if (u->focus == PANE_RIGHT && u->right == RIGHT_SYSCALLS &&
	    sysview_selected(u->sysv, &idx)) {
		close_detail(u);
		u->detailv = detailview_new(&u->ctx, idx);
		u->right = RIGHT_DETAIL;
	}
}

static void
key_esc(struct ui *u)
{
	if (u->right != RIGHT_SYSCALLS) {
		set_right(u, RIGHT_SYSCALLS);
		return;
	}
	if (u->ctx.drill) {
		u->ctx.drill = false;
		u->ctx.scope_gen++;
		return;
	}
	if (u->ctx.scope != SL_SCOPE_ALL || u->ctx.errors_only) {
		u->ctx.errors_only = false;
		set_scope(u, SL_SCOPE_ALL, 0);
	}
}

static void
next_pane(struct ui *u, int dir)
{
	enum { STOP_TREE, STOP_RIGHT, STOP_HIST, STOP_COUNT } at, to;

	/*
	 * Without room for the histograms below (under 100x30), they are a
	 * stop of their own, shown in the right pane as `h` shows them: Tab
	 * goes tree, right pane, histograms (one pane at a time under 80x14).
	 */
	if (!u->show[PANE_BOTTOM]) {
		if (u->focus == PANE_TREE)
			at = STOP_TREE;
		else
			at = u->right == RIGHT_HIST ? STOP_HIST : STOP_RIGHT;
		to = (at + STOP_COUNT + (dir > 0 ? 1 : -1)) % STOP_COUNT;
		if (to == STOP_TREE)
			u->focus = PANE_TREE;
		else if (to == STOP_HIST)
			set_right(u, RIGHT_HIST);
		else if (u->right == RIGHT_HIST)
			set_right(u, RIGHT_SYSCALLS);
		else
			u->focus = PANE_RIGHT;
		return;
	}
	for (int i = 1; i <= PANE_COUNT; i++) {
		int p = ((int)u->focus + dir * i + PANE_COUNT) % PANE_COUNT;

		if (u->show[p]) {
			u->focus = (enum pane)p;
			return;
		}
	}
}

static bool
has_match(struct sl_ui_ctx *ctx, const struct sl_event *ev, void *arg)
{
	(void)arg;
	return uifilter_has_match(ctx->filter, ctx, ev);
}

static void
filter_key(struct ui *u, int key)
{
	struct sl_uifilter *uf = u->ctx.filter;
	int dir = key == 'n' ? 1 : -1;

	switch (key) {
	case '/':
	case '\\':
		uifilter_prompt_open(uf, key == '\\');
		return;
	case '-':
		if (uifilter_pop(uf, &u->ctx) < 0)
			message(u, "no filter to remove");
		return;
	}
	if (u->right != RIGHT_SYSCALLS)
		set_right(u, RIGHT_SYSCALLS);
	u->focus = PANE_RIGHT;
	if (!uifilter_count(uf)) {
		message(u, "no filter: / adds one");
		return;
	}
	if (!sysview_search(u->sysv, &u->ctx, dir, 200000, has_match, NULL))
		message(u, "no %s match", dir > 0 ? "further" : "earlier");
}

static void
handle_key(struct ui *u, int key, int mx, int my)
{
	struct sl_view *v;
	enum pane p;

	if (key == SL_KEY_HANGUP) {
		u->quit = true;
		return;
	}
	if (u->input_mode) {
		if (key == 0x1d) { /* Ctrl-] */
			u->input_mode = false;
			term_raw(false);
		} else {
			pty_send_key(u, key);
		}
		return;
	}
	if (uifilter_prompting(u->ctx.filter)) {
		uifilter_prompt_key(u->ctx.filter, &u->ctx, key);
		return;
	}
	if (u->help) {
		int page = SL_MAX(u->help_rows - 1, 1);

		switch (key) {	/* a help taller than the screen scrolls */
		case SL_KEY_UP: case 'k': case SL_KEY_WHEEL_UP:
			u->help_top -= 1;
			return;
		case SL_KEY_DOWN: case 'j': case SL_KEY_WHEEL_DOWN:
			u->help_top += 1;
			return;
		case SL_KEY_PGUP:
			u->help_top -= page;
			return;
		case SL_KEY_PGDN: case ' ':
			u->help_top += page;
			return;
		case SL_KEY_RESIZE: /* the help is drawn again at the new size */
			return;
		}
		u->help = false;
		if (key != SL_KEY_CLICK && key != SL_KEY_WHEEL_UP && key != SL_KEY_WHEEL_DOWN)
			return;
	}
	if (key == SL_KEY_CLICK || key == SL_KEY_WHEEL_UP || key == SL_KEY_WHEEL_DOWN) {
		p = pane_at(u, mx, my);
		if (p == PANE_COUNT)
			return;
		v = pane_view(u, p);
		if (key == SL_KEY_CLICK) {
			u->focus = p;
			if (v->ops->click)
				v->ops->click(v, &u->ctx, mx - u->rect[p].x, my - u->rect[p].y);
		} else if (v->ops->key) {
			v->ops->key(v, &u->ctx, key);
		}
		return;
	}
	switch (key) {
	case 'q':
		u->quit = true;
		return;
	case '?':
		u->help = true;
		u->help_top = 0;
		return;
	case SL_KEY_TAB:
		next_pane(u, 1);
		return;
	case SL_KEY_BACKTAB:
		next_pane(u, -1);
		return;
	case ' ':
		sysview_set_paused(u->sysv, !sysview_paused(u->sysv));
		return;
	case 'f':
		sysview_follow(u->sysv);
		if (u->right != RIGHT_SYSCALLS)
			set_right(u, RIGHT_SYSCALLS);
		return;
	case 'e':
		u->ctx.errors_only = !u->ctx.errors_only;
		u->ctx.scope_gen++;
		set_right(u, RIGHT_SYSCALLS);
		return;
	case 'b':
		set_right(u, u->right == RIGHT_BLOCKED ? RIGHT_SYSCALLS : RIGHT_BLOCKED);
		return;
	case 't':
		if (u->right == RIGHT_HIST)
			set_right(u, RIGHT_SYSCALLS);
		u->focus = PANE_TREE;
		return;
	case 'h':
		if (u->show[PANE_BOTTOM])
			u->focus = PANE_BOTTOM;
		else
			set_right(u, u->right == RIGHT_HIST ? RIGHT_SYSCALLS : RIGHT_HIST);
		return;
	case 'o':
		if (u->pty < 0) {
			message(u, "no output: the command was not launched by syslens");
			return;
		}
		set_right(u, u->right == RIGHT_OUTPUT ? RIGHT_SYSCALLS : RIGHT_OUTPUT);
		return;
	case 'a':
		set_right(u, u->right == RIGHT_ALERTS ? RIGHT_SYSCALLS : RIGHT_ALERTS);
		return;
	case 'i':
		if (u->pty < 0 || u->pty_eof) {
			message(u, "no command to type to");
			return;
		}
		set_right(u, RIGHT_OUTPUT);
		u->input_mode = true;
		term_raw(true);
		return;
	case SL_KEY_ENTER:
		key_enter(u);
		return;
	case SL_KEY_ESC:
		key_esc(u);
		return;
	case SL_KEY_RESIZE:
		return;
	}
	v = pane_view(u, u->focus);
	if (v->ops->key && v->ops->key(v, &u->ctx, key))
		return;
	if (u->focus == PANE_TREE && key == 'c') {
		int id;
		bool thread;

		if (treeview_selected(u->treev, &id, &thread)) {
			struct sl_thread *t = thread ? proctree_thread(u->tree, id) : NULL;

			set_scope(u, SL_SCOPE_SUBTREE, t ? t->proc->pid : id);
		}
		return;
	}
	if (key == '/' || key == '\\' || key == 'n' || key == 'N' || key == '-') {
		filter_key(u, key);
		return;
	}
	/* movement keys on a pane that has none go to the syscall pane */
	if (u->focus != PANE_RIGHT && u->sysv->ops->key(u->sysv, &u->ctx, key))
		return;
}

/* ---- the loop ---- */

static int
loop(struct ui *u)
{
	bool busy = true;
	uint64_t t0;

	while (!u->quit && !got_signal) {
		int mx = 0, my = 0, key;

		u->ctx.now = now_ns();
		busy = intake(u);
		if (uifilter_step(u->ctx.filter, &u->ctx, FILTER_STEP_NS))
			busy = true;
		if (u->pty >= 0 && term_fd_ready())
			pty_read(u);
		stderr_drain(u, false);
		t0 = now_ns();
		draw(u);
		t0 = now_ns() - t0;
		u->frames++;
		u->frame_ns += t0;
		u->frame_max = SL_MAX(u->frame_max, t0);
		key = term_getkey(busy ? FRAME_BUSY_MS : FRAME_IDLE_MS, &mx, &my);
		/* a burst of keys is taken before the next frame */
		while (key && !u->quit) {
			u->ctx.now = now_ns();
			handle_key(u, key, mx, my);
			key = term_getkey(0, &mx, &my);
		}
	}
	return 0;
}

int
ui_available(char *why, size_t whylen)
{
	return term_check(why, whylen);
}

int
ui_theme_check(const char *spec, char *why, size_t whylen)
{
	struct sl_theme t;

	return theme_load(&t, spec, why, whylen) < 0 ? -1 : 0;
}

/*
 * SYSLENS_UI_STATS=FILE: frame times and store figures for the benchmark
 * (tests/bench/ui.sh); written after the terminal is restored.
 */
static void
stats_write(struct ui *u)
{
	const char *path = getenv("SYSLENS_UI_STATS");
	FILE *f;

	if (!path || !*path || !(f = fopen(path, "w")))
		return;
	fprintf(f, "frames %llu\nframe_avg_us %.1f\nframe_max_us %.1f\n",
		(unsigned long long)u->frames,
		u->frames ? (double)u->frame_ns / (double)u->frames / 1e3 : 0.0,
		(double)u->frame_max / 1e3);
	fprintf(f, "events %llu\nkept %llu\noverwritten %llu\nmissed %llu\n",
		(unsigned long long)ring_head(u->ring),
		(unsigned long long)(ring_head(u->ring) - ring_tail(u->ring)),
		(unsigned long long)ring_overwritten(u->ring), (unsigned long long)u->missed);
	fprintf(f, "ring_bytes %zu\nring_capacity %zu\n", ring_memory(u->ring),
		ring_capacity(u->ring));
	fclose(f);
}

static void
ui_free(struct ui *u)
{
	struct sl_view *vs[] = {u->treev,    u->sysv, u->histv,  u->blockedv,
				u->outv,     u->detailv, u->alertv};

	for (size_t i = 0; i < ARRAY_SIZE(vs); i++)
		if (vs[i])
			vs[i]->ops->destroy(vs[i]);
	grid_free(u->grid);
	uifilter_free(u->ctx.filter);
	if (u->sink)
		u->sink->destroy(u->sink);
	proctree_free(u->tree);
	callq_free(u->calls);
	ring_free(u->ring);
	pthread_mutex_destroy(&u->lock);
	pthread_cond_destroy(&u->cond);
	free(u);
}

int
ui_run(struct sl_collector *c, const struct sl_options *o, struct sl_sink *extra)
{
	struct ui *u = xcalloc(1, sizeof(*u));
	struct sl_theme theme;
	struct sl_sink *sinks[2];
	struct sl_ruleset *rules;
	char err[512];
	int slave = -1, status = 0;
	bool mono;

	u->c = c;
	u->opts = *o;
	u->opts.fdpaths = true; /* the tree and detail show fd paths */
	u->pty = -1;
	pthread_mutex_init(&u->lock, NULL);
	pthread_cond_init(&u->cond, NULL);

	/* everything that can fail with a message, before curses owns the screen */
	mono = o->no_color || (getenv("NO_COLOR") && *getenv("NO_COLOR"));
	if (mono && !o->theme) {
		theme_mono(&theme);
	} else if (theme_load(&theme, o->theme, err, sizeof(err)) < 0) {
		fprintf(stderr, "syslens: %s\n", err);
		if (extra)
			extra->destroy(extra);
		ui_free(u);
		return 1;
	}
	if (mono)
		theme_mono(&theme);
	setlocale(LC_CTYPE, "");
	u->ctx.ascii = strcmp(nl_langinfo(CODESET), "UTF-8") != 0;
	u->ctx.o = &u->opts;
	u->ctx.time_offset = realtime_offset_ns();

	u->ring = ring_new(o->ring_size, 0);
	u->tree = proctree_new();
	u->ctx.ring = u->ring;
	u->ctx.tree = u->tree;
	/* security rules mark matching calls on their way into the ring */
	rules = rules_from_options(o, err, sizeof(err));
	if (!rules) {
		fprintf(stderr, "syslens: %s\n", err);
		if (extra)
			extra->destroy(extra);
		ui_free(u);
		return 1;
	}
	/* the ring keeps the newest events; the call queue counts all of them */
	u->calls = callq_new();
	proctree_count_apart(u->tree);
	sinks[0] = ring_sink_new(u->ring);
	sinks[1] = callq_sink_new(u->calls);
	sinks[0] = alert_mark_sink_new(sink_tee_new(sinks, 2), rules,
				       o->mode != SL_MODE_REPLAY, &u->ctx.alerts);
	sinks[1] = extra;
	u->sink = extra ? sink_tee_new(sinks, 2) : sinks[0];
	u->treev = treeview_new();
	u->sysv = sysview_new();
	u->ctx.filter = uifilter_new(&u->ctx);
	u->histv = hist_view_new(&u->ctx);
	u->blockedv = blockedview_new();
	u->outv = outview_new();
	u->alertv = alertview_new();
	u->focus = PANE_RIGHT;

	if (o->mode == SL_MODE_LAUNCH && o->launch_tty_fd < 0) {
		u->pty = pty_open(&slave);
		u->opts.launch_tty_fd = slave;
	}

	u->start_rc = 1;
	live = u;
	signals_install();
	/* from here what the collector writes to stderr goes to the status line */
	stderr_capture();
	if (pthread_create(&u->thread, NULL, collector_main, u) != 0) {
		stderr_drain(u, true);
		fprintf(stderr, "syslens: cannot start the collector thread\n");
		live = NULL;
		ui_free(u);
		return 1;
	}
	pthread_mutex_lock(&u->lock);
	while (u->start_rc == 1)
		pthread_cond_wait(&u->cond, &u->lock);
	pthread_mutex_unlock(&u->lock);
	if (slave >= 0)
		close(slave); /* the command holds it now: EOF when it is gone */
	if (u->start_rc < 0) {
		pthread_join(u->thread, NULL);
		live = NULL;
		stderr_drain(u, true);
		fprintf(stderr, "syslens: %s\n", u->why);
		if (u->pty >= 0)
			close(u->pty);
		ui_free(u);
		return 1;
	}
	/* started: a replay has installed the recording's clock by now */
	u->ctx.time_offset = realtime_offset_ns();
	if (term_init(&theme, mono, err, sizeof(err)) < 0) {
		c->stop(c);
		pthread_join(u->thread, NULL);
		live = NULL;
		stderr_drain(u, true);
		fprintf(stderr, "syslens: %s\n", err);
		ui_free(u);
		return 1;
	}
	if (u->pty >= 0)
		term_watch_fd(u->pty);

	loop(u);

	/* the command's terminal goes away first: a launched command gets SIGHUP */
	if (u->pty >= 0) {
		close(u->pty);
		u->pty = -1;
	}
	c->stop(c);
	/*
	 * The terminal goes back before the collector ends: it may go on
	 * following a command it cannot leave (ptrace -e), saying so on
	 * stderr; a quit signal then asks it once more.
	 */
	term_end();
	stderr_drain(u, true);
	{
		struct timespec ts = {0, 20000000};
		sig_atomic_t seen = signal_count;

		while (!atomic_load(&u->done)) {
			if (signal_count != seen) {
				seen = signal_count;
				c->stop(c);
			}
			nanosleep(&ts, NULL);
		}
	}
	pthread_join(u->thread, NULL);
	live = NULL;
	stats_write(u);
	if ((o->mode == SL_MODE_LAUNCH || o->mode == SL_MODE_REPLAY) && c->exit_status >= 0 &&
	    atomic_load(&u->done) && !got_signal)
		status = c->exit_status;
	/* a damaged recording: said on the status line, and once more here */
	if (o->mode == SL_MODE_REPLAY && atomic_load(&u->done) && u->run_rc < 0 && !got_signal) {
		fprintf(stderr, "syslens: %s\n", c->note);
		status = 1;
	}
	if (got_signal)
		status = 128 + got_signal;
	ui_free(u);
	return status;
}
