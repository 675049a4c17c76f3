/*
 * ui_int.h - the pieces of the interface that only src/ui/ shares: the
 * built-in views, themes and the terminal back end.
 */
#ifndef SYSLENS_UI_INT_H
#define SYSLENS_UI_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "syslens/view.h"

/* The syscall pane. */
struct sl_view *sysview_new(void);
/* Ring index of the selected row; false when nothing is selected. */
bool sysview_selected(struct sl_view *v, uint64_t *idx);
bool sysview_following(struct sl_view *v);
bool sysview_paused(struct sl_view *v);
void sysview_set_paused(struct sl_view *v, bool paused);
void sysview_follow(struct sl_view *v);
/*
 * Select the next (dir > 0) or previous row after the selection (from the
 * top, or the tail, while following) for which pred holds, looking at
 * most max rows.  Returns whether one was found.
 */
bool sysview_search(struct sl_view *v, struct sl_ui_ctx *ctx, int dir, size_t max,
		    bool (*pred)(struct sl_ui_ctx *ctx, const struct sl_event *ev, void *arg),
		    void *arg);
/* Rows the pane holds (after scope), for the status line. */
size_t sysview_rows(struct sl_view *v);
/* Select the row of store event idx at the next draw (stops following). */
void sysview_jump(struct sl_view *v, uint64_t idx);

/* Security alerts, newest first (view_alerts.c). */
struct sl_view *alertview_new(void);
/* Store index of the selected alert's syscall; false when none. */
bool alertview_selected(struct sl_view *v, struct sl_ui_ctx *ctx, uint64_t *idx);

/* The process tree pane. */
struct sl_view *treeview_new(void);
/* The selected process (or thread when thread is set); false when none. */
bool treeview_selected(struct sl_view *v, int *id, bool *thread);

/* "Blocked now": every thread in a syscall past --blocked, longest first. */
struct sl_view *blockedview_new(void);

/* Everything captured of store event idx (a snapshot taken now). */
struct sl_view *detailview_new(struct sl_ui_ctx *ctx, uint64_t idx);

struct sl_thread;
/*
 * Append the call thread t is in, decoded as the syscall pane shows it
 * ("wait4(-1, ..."): from its entry in the store, or from what the tree
 * kept of it once the store overwrote that.  buf is scratch space.
 */
void ui_inflight_call(struct sl_strbuf *sb, struct sl_ui_ctx *ctx, const struct sl_thread *t,
		      struct sl_event_buf *buf);

/* The launched command's terminal output. */
struct sl_view *outview_new(void);
/* Feed bytes the command wrote. */
void outview_feed(struct sl_view *v, const unsigned char *buf, size_t n);

/* Line drawing, UTF-8 or ASCII. */
struct sl_glyphs {
	const char *vline, *hline, *tee, *corner, *more;
};
const struct sl_glyphs *ui_glyphs(bool ascii);

/* Draw a pane's title bar on row r.y; returns the rectangle below it. */
struct sl_rect ui_title(struct sl_grid *g, struct sl_rect r, bool focus, const char *title,
			const char *right);

/* Themes: role -> colours and attributes. */
enum sl_attr {
	SL_ATTR_BOLD = 1 << 0,
	SL_ATTR_DIM = 1 << 1,
	SL_ATTR_UNDERLINE = 1 << 2,
	SL_ATTR_REVERSE = 1 << 3,
	SL_ATTR_ITALIC = 1 << 4,
	SL_ATTR_BLINK = 1 << 5,
};

#define SL_COLOR_DEFAULT -1

struct sl_style {
	short fg, bg;	/* 0-255, or SL_COLOR_DEFAULT */
	unsigned attrs; /* enum sl_attr */
};

struct sl_theme {
	char name[64];
	struct sl_style role[SL_ROLE_COUNT];
};

/* The built-in monochrome theme (attributes only). */
void theme_mono(struct sl_theme *t);
/*
 * Load a theme: a NAME looked up in the theme directories, or a PATH (has
 * a '/' or ends in .theme).  Returns 0, or -errno with one line in err
 * naming file, line and problem.
 */
int theme_load(struct sl_theme *t, const char *name_or_path, char *err, size_t errlen);
/* Parse theme text (for tests); `file` names it in errors. */
int theme_parse(struct sl_theme *t, const char *text, const char *file, char *err, size_t errlen);

/* The terminal back end: the only code that includes <curses.h>. */
int term_check(char *why, size_t whylen);
int term_init(const struct sl_theme *theme, bool mono, char *why, size_t whylen);
void term_size(int *w, int *h);
/* Write the cells of g that differ from what is on screen. */
void term_draw(const struct sl_grid *g);
/* Wait up to timeout_ms for a key; returns a key, 0 on timeout, or
 * SL_KEY_RESIZE.  Mouse: *mx, *my set and SL_KEY_* / 'M' returned. */
int term_getkey(int timeout_ms, int *mx, int *my);
#define SL_KEY_CLICK 0x120000
#define SL_KEY_HANGUP 0x120001 /* the terminal went away */
/* Give the terminal back (idempotent, async-signal-tolerant). */
void term_end(void);
/* Raw input (Ctrl-C as a key, for typing to the command) or not. */
void term_raw(bool on);
/* Whether fd (when >= 0) has input is checked too while waiting. */
void term_watch_fd(int fd);
bool term_fd_ready(void);

#endif /* SYSLENS_UI_INT_H */
