/*
 * term.c - the terminal back end: the only code that includes <curses.h>.
 *
 * It turns a cell grid into output, writing only the cells that changed
 * since the last frame (and ncurses then sends only what differs on the
 * screen), and turns terminal input into the keys views understand.
 */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>
#include <wchar.h>

#include "ui_int.h"

static bool active;
static bool colors;
static attr_t role_attr[SL_ROLE_COUNT];
static struct sl_grid *shadow;
static int watch_fd = -1;
static bool fd_ready;

int
term_check(char *why, size_t whylen)
{
	const char *term = getenv("TERM");
	int err = 0;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(why, whylen, "not a terminal");
		return -1;
	}
	if (!term || !*term || strcmp(term, "dumb") == 0) {
		snprintf(why, whylen, "TERM is %s", term && *term ? term : "not set");
		return -1;
	}
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK) {
		snprintf(why, whylen, "unknown terminal type '%s'", term);
		return -1;
	}
	if (!tigetstr("cup") || tigetstr("cup") == (char *)-1) {
		snprintf(why, whylen, "terminal '%s' cannot move the cursor", term);
		del_curterm(cur_term);
		return -1;
	}
	del_curterm(cur_term);
	return 0;
}

/*
 * A colour the terminal may not have: bright ones fall back to their base
 * colour (bold brightens the text), but a bright-black background would
 * turn into black, so it becomes white.
 */
static short
map_color(short c, bool bg)
{
	if (c < 0)
		return -1;
	if (c >= COLORS) {
		if (bg && c == 8)
			return COLOR_WHITE;
		return c % 8;
	}
	return c;
}

static attr_t
style_attr(const struct sl_style *st, short pair)
{
	attr_t a = 0;

	if (st->attrs & SL_ATTR_BOLD)
		a |= A_BOLD;
	if (st->attrs & SL_ATTR_DIM)
		a |= A_DIM;
	if (st->attrs & SL_ATTR_UNDERLINE)
		a |= A_UNDERLINE;
	if (st->attrs & SL_ATTR_REVERSE)
		a |= A_REVERSE;
	if (st->attrs & SL_ATTR_ITALIC)
		a |= A_ITALIC;
	if (st->attrs & SL_ATTR_BLINK)
		a |= A_BLINK;
	/* bright colours on an 8-colour terminal: bold gives the bright half */
	if (st->fg >= 8 && st->fg < 16 && COLORS < 16)
		a |= A_BOLD;
	if (pair)
		a |= COLOR_PAIR(pair);
	return a;
}

int
term_init(const struct sl_theme *theme, bool mono, char *why, size_t whylen)
{
	SCREEN *s = newterm(NULL, stdout, stdin);

	if (!s) {
		snprintf(why, whylen, "cannot start the terminal");
		return -1;
	}
	active = true;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	colors = !mono && has_colors();
	if (colors) {
		start_color();
		use_default_colors();
	}
	for (int i = 0; i < SL_ROLE_COUNT; i++) {
		const struct sl_style *st = &theme->role[i];
		short pair = 0;

		if (colors && (st->fg >= 0 || st->bg >= 0)) {
			pair = (short)(i + 1);
			init_pair(pair, map_color(st->fg, false), map_color(st->bg, true));
		}
		role_attr[i] = style_attr(st, pair);
	}
	/* the normal role is the window's background, so erased cells get it */
	bkgdset(' ' | role_attr[SL_ROLE_NORMAL]);
	grid_free(shadow);
	shadow = NULL;
	erase();
	return 0;
}

void
term_size(int *w, int *h)
{
	*w = COLS;
	*h = LINES;
}

void
term_draw(const struct sl_grid *g)
{
	wchar_t run[1024];
	bool full = !shadow || shadow->w != g->w || shadow->h != g->h;

	if (full) {
		grid_free(shadow);
		shadow = grid_new(g->w, g->h);
		for (int i = 0; i < g->w * g->h; i++)
			shadow->cells[i].ch = 0; /* differs from everything */
	}
	for (int y = 0; y < g->h; y++) {
		const struct sl_cell *row = &g->cells[y * g->w];
		struct sl_cell *old = &shadow->cells[y * g->w];
		int x = 0;

		while (x < g->w) {
			int start, n = 0;
			uint8_t role;

			if (row[x].ch == old[x].ch && row[x].role == old[x].role) {
				x++;
				continue;
			}
			start = x;
			role = row[x].role;
			/* a run of changed cells of one role */
			while (x < g->w && n < (int)ARRAY_SIZE(run) - 1 && row[x].role == role &&
			       (row[x].ch != old[x].ch || row[x].role != old[x].role)) {
				run[n++] = (wchar_t)row[x].ch;
				old[x] = row[x];
				x++;
			}
			run[n] = L'\0';
			attrset(role_attr[role < SL_ROLE_COUNT ? role : 0]);
			/* the last cell of the screen: ncurses inserts rather than scroll */
			mvaddnwstr(y, start, run, n);
		}
	}
	attrset(A_NORMAL);
	if (full)
		clearok(curscr, TRUE);
	refresh();
}

void
term_watch_fd(int fd)
{
	watch_fd = fd;
}

bool
term_fd_ready(void)
{
	bool r = fd_ready;

	fd_ready = false;
	return r;
}

static int
map_key(int k, int *mx, int *my)
{
	MEVENT me;

	switch (k) {
	case KEY_UP:
		return SL_KEY_UP;
	case KEY_DOWN:
		return SL_KEY_DOWN;
	case KEY_LEFT:
		return SL_KEY_LEFT;
	case KEY_RIGHT:
		return SL_KEY_RIGHT;
	case KEY_PPAGE:
		return SL_KEY_PGUP;
	case KEY_NPAGE:
		return SL_KEY_PGDN;
	case KEY_HOME:
		return SL_KEY_HOME;
	case KEY_END:
		return SL_KEY_END;
	case KEY_ENTER:
	case '\n':
	case '\r':
		return SL_KEY_ENTER;
	case 27:
		return SL_KEY_ESC;
	case '\t':
		return SL_KEY_TAB;
	case KEY_BTAB:
		return SL_KEY_BACKTAB;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		return SL_KEY_BACKSPACE;
	case KEY_RESIZE:
		return SL_KEY_RESIZE;
	case KEY_MOUSE:
		if (getmouse(&me) != OK)
			return 0;
		*mx = me.x;
		*my = me.y;
		if (me.bstate & BUTTON4_PRESSED)
			return SL_KEY_WHEEL_UP;
		if (me.bstate & BUTTON5_PRESSED)
			return SL_KEY_WHEEL_DOWN;
		if (me.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
			return SL_KEY_CLICK;
		return 0;
	}
	if (k >= KEY_MIN)
		return 0; /* function keys: nothing depends on them */
	return k;
}

int
term_getkey(int timeout_ms, int *mx, int *my)
{
	struct pollfd p[2] = {
		{.fd = STDIN_FILENO, .events = POLLIN},
		{.fd = watch_fd, .events = POLLIN},
	};
	int k;

	/* ncurses may hold bytes it already read (the rest of a sequence) */
	nodelay(stdscr, TRUE);
	k = getch();
	if (k != ERR)
		return map_key(k, mx, my);
	if (poll(p, watch_fd >= 0 ? 2 : 1, timeout_ms) <= 0) {
		/* EINTR: a resize or a signal; getch reports the resize */
		k = getch();
		return k == ERR ? 0 : map_key(k, mx, my);
	}
	if (watch_fd >= 0 && (p[1].revents & (POLLIN | POLLHUP | POLLERR)))
		fd_ready = true;
	if (!(p[0].revents & POLLIN) && (p[0].revents & (POLLHUP | POLLERR | POLLNVAL)))
		return SL_KEY_HANGUP;
	if (!(p[0].revents & POLLIN))
		return 0;
	k = getch();
	return k == ERR ? 0 : map_key(k, mx, my);
}

void
term_raw(bool on)
{
	if (!active)
		return;
	if (on)
		raw();
	else
		cbreak();
}

void
term_end(void)
{
	if (!active)
		return;
	active = false;
	mousemask(0, NULL);
	curs_set(1);
	endwin();
}
