/*
 * view.h - what the interface's panes are made of: a cell grid they draw
 * into, the state they share, and the small interface every pane
 * implements (tree, syscalls, histograms, details...).
 *
 * Views never touch the terminal: they write text and a style role per
 * cell into a struct sl_grid, which the terminal back end (the only code
 * that includes <curses.h>) turns into output, and which tests turn into
 * plain text.  A new pane is a struct sl_view_ops plus a constructor; the
 * interface loop feeds it every new event, draws it into its rectangle,
 * and offers it the keys it does not handle itself.
 */
#ifndef SYSLENS_VIEW_H
#define SYSLENS_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "syslens/event.h"
#include "syslens/options.h"
#include "syslens/util.h"

/* Style roles: views say what a cell is, themes say how it looks. */
enum sl_role {
	SL_ROLE_NORMAL = 0,
	SL_ROLE_DIM,	       /* exited processes, secondary text */
	SL_ROLE_ERROR,	       /* failing syscalls */
	SL_ROLE_BLOCKED,       /* syscalls in flight longer than --blocked */
	SL_ROLE_SELECTION,     /* the selected row of the focused pane */
	SL_ROLE_SELECTION_DIM, /* the selected row of another pane */
	SL_ROLE_BRANCH,	       /* tree lines */
	SL_ROLE_HEADER,	       /* column headers */
	SL_ROLE_TITLE,	       /* pane titles */
	SL_ROLE_TITLE_FOCUS,   /* the focused pane's title */
	SL_ROLE_BORDER,
	SL_ROLE_STATUS,	     /* the status line */
	SL_ROLE_STATUS_WARN, /* lost events, errors in the status line */
	SL_ROLE_KEY,	     /* key names in help and hints */
	SL_ROLE_MATCH,	     /* filter matches */
	SL_ROLE_BAR,	     /* histogram bars */
	SL_ROLE_ALERT,	     /* security rule hits */
	SL_ROLE_PID,
	SL_ROLE_TIME,
	SL_ROLE_COUNT
};

/* Role names as theme files spell them ("error", "tree-branch", ...). */
const char *role_name(enum sl_role r);
/* The role for a name, or -1. */
int role_lookup(const char *name);

struct sl_cell {
	uint32_t ch;  /* a Unicode code point, never a control character */
	uint8_t role; /* enum sl_role */
};

struct sl_grid {
	int w, h;
	struct sl_cell *cells; /* h rows of w cells */
};

struct sl_rect {
	int x, y, w, h;
};

/* A grid of w x h blank cells.  Never fails; free with grid_free. */
struct sl_grid *grid_new(int w, int h);
void grid_free(struct sl_grid *g);
/* Blank cells of the given role over r (clipped to the grid). */
void grid_fill(struct sl_grid *g, struct sl_rect r, enum sl_role role);
/*
 * Write UTF-8 text at (x, y), at most maxw cells, clipped to the grid.
 * Control characters and invalid UTF-8 become '?': nothing a view writes
 * can reach the terminal as a control sequence.  Returns cells written.
 */
int grid_put(struct sl_grid *g, int x, int y, int maxw, enum sl_role role, const char *s);
int grid_printf(struct sl_grid *g, int x, int y, int maxw, enum sl_role role, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* Change the role of cells [x, x+w) of row y, keeping their text. */
void grid_set_role(struct sl_grid *g, int x, int y, int w, enum sl_role role);
/* The grid as text, one line per row, trailing blanks kept (UTF-8). */
void grid_text(const struct sl_grid *g, struct sl_strbuf *sb);

/* Keys as views see them: characters, or these. */
enum sl_key {
	SL_KEY_UP = 0x110000,
	SL_KEY_DOWN,
	SL_KEY_LEFT,
	SL_KEY_RIGHT,
	SL_KEY_PGUP,
	SL_KEY_PGDN,
	SL_KEY_HOME,
	SL_KEY_END,
	SL_KEY_ENTER,
	SL_KEY_ESC,
	SL_KEY_TAB,
	SL_KEY_BACKTAB,
	SL_KEY_BACKSPACE,
	SL_KEY_WHEEL_UP,
	SL_KEY_WHEEL_DOWN,
	SL_KEY_RESIZE,
};

struct sl_ring;
struct sl_proctree;
struct sl_uifilter;
struct sl_alert_log;

/* What the syscall pane (and others) are narrowed to. */
enum sl_scope_kind {
	SL_SCOPE_ALL = 0,
	SL_SCOPE_PROC,	  /* one process (all its threads) */
	SL_SCOPE_SUBTREE, /* a process and its descendants */
	SL_SCOPE_THREAD,  /* one thread */
};

/* The state panes share; owned by the interface loop. */
struct sl_ui_ctx {
	const struct sl_options *o;
	struct sl_ring *ring;
	struct sl_proctree *tree;
	uint64_t now;	     /* CLOCK_MONOTONIC ns of this frame */
	int64_t time_offset; /* add to event times for wall clock */
	bool ascii;	     /* no line drawing characters */
	enum sl_scope_kind scope;
	int scope_id; /* pid or tid */
	bool errors_only;
	unsigned scope_gen; /* bumped when scope or errors_only change */
	char message[160];  /* one line for the status line */
	/*
	 * More filtering of the syscall pane's rows (the regex filters):
	 * whether event idx (ev is its header) is shown; NULL shows all.
	 * Whoever sets or changes it bumps scope_gen.  filter_status is
	 * what the status line shows of it ("" when none).
	 */
	bool (*row_filter)(void *arg, const struct sl_event *ev, uint64_t idx);
	void *row_filter_arg;
	char filter_status[96];

	/* drill-down from the histogram pane: one syscall, durations [lo, hi) */
	bool drill;
	int drill_arch; /* enum sl_arch_idx */
	uint32_t drill_nr;
	uint64_t drill_lo, drill_hi;
	char drill_label[48];	    /* "nanosleep 32ms-64ms" */
	struct sl_uifilter *filter; /* the regex filters (filter_ui.c), or NULL */
	struct sl_alert_log *alerts; /* security rule hits (rules.h), or NULL */
};

/* Whether an event falls within the context's scope and errors_only. */
bool ui_ctx_match(const struct sl_ui_ctx *ctx, const struct sl_event *ev);

struct sl_view;

struct sl_view_ops {
	const char *name;
	/* A new event from the store (index idx), in order.  Optional. */
	void (*event)(struct sl_view *v, struct sl_ui_ctx *ctx, const struct sl_event *ev,
		      uint64_t idx);
	/* Draw into r of g.  `focus`: the pane has the keyboard. */
	void (*render)(struct sl_view *v, struct sl_ui_ctx *ctx, struct sl_grid *g,
		       struct sl_rect r, bool focus);
	/* A key; returns true when the view used it.  Optional. */
	bool (*key)(struct sl_view *v, struct sl_ui_ctx *ctx, int key);
	/* A click at (x, y) inside the view's rectangle.  Optional. */
	void (*click)(struct sl_view *v, struct sl_ui_ctx *ctx, int x, int y);
	void (*destroy)(struct sl_view *v);
};

/* Views embed this first. */
struct sl_view {
	const struct sl_view_ops *ops;
	struct sl_rect rect; /* where it was drawn last */
};

/*
 * The histogram pane.  Returns a new view (never NULL), owned by the
 * caller (free through ops->destroy).
 */
struct sl_view *hist_view_new(struct sl_ui_ctx *ctx);

/* Helpers for views. */
/* "2.4s", "1m03s", "350ms", "12us": a duration in at most 7 cells. */
void ui_fmt_duration(char *buf, size_t len, uint64_t ns);
/*
 * Append tracee bytes as printable ASCII: \n, \t, \\, \ooo for the rest;
 * never a control character.
 */
void ui_escape(struct sl_strbuf *sb, const unsigned char *s, size_t len);

#endif /* SYSLENS_VIEW_H */
