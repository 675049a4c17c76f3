/*
 * filter_ui.h - the regex filters of the interface: the stack the user
 * builds with / and \ (and --filter), applied to every event of the store
 * (progressively, newest first, so a full ring never freezes the screen)
 * and to new events as they come; the prompt in the status line; match
 * highlighting; n / N.
 */
#ifndef SYSLENS_FILTER_UI_H
#define SYSLENS_FILTER_UI_H

#include <stdbool.h>
#include <stdint.h>

#include "syslens/view.h"

/*
 * A filter stack over ctx->ring with the --filter regexes of ctx->o (they
 * were checked at start: one that does not compile is skipped); sets
 * ctx->row_filter.  Never NULL; free with uifilter_free.
 */
struct sl_uifilter *uifilter_new(struct sl_ui_ctx *ctx);
void uifilter_free(struct sl_uifilter *uf);

/*
 * Push a filter ("!re" or exclude set: hides matching lines).  Returns 0,
 * or -EINVAL with PCRE2's message and offset kept for the status line
 * (the stack and the view stay as they were).
 */
int uifilter_push(struct sl_uifilter *uf, struct sl_ui_ctx *ctx, const char *re, bool exclude);
/* Remove the newest filter; -ENOENT when there is none. */
int uifilter_pop(struct sl_uifilter *uf, struct sl_ui_ctx *ctx);
int uifilter_count(const struct sl_uifilter *uf);

/*
 * Decide more of the store's older events, for at most budget_ns; bumps
 * ctx->scope_gen now and then so the syscall pane shows what is decided.
 * Returns true while events remain.
 */
bool uifilter_step(struct sl_uifilter *uf, struct sl_ui_ctx *ctx, uint64_t budget_ns);
/* Share of the store decided, 0..100 (100 when idle). */
int uifilter_progress(const struct sl_uifilter *uf, const struct sl_ui_ctx *ctx);
/*
 * The syscall pane's row filter (ctx->row_filter, which uifilter_new sets
 * with ctx as its argument): the histogram drill-down and the regex
 * filters; an event the filters have not reached yet is not a row until
 * they do.
 */
bool ui_row_filter(void *ctx, const struct sl_event *ev, uint64_t idx);
/* ui_ctx_match and ui_row_filter together: a row of the syscall pane. */
bool ui_row_match(struct sl_ui_ctx *ctx, const struct sl_event *ev, uint64_t idx);
/* Whether store event idx passes (deciding it now if it is new). */
bool uifilter_pass(struct sl_uifilter *uf, struct sl_ui_ctx *ctx, const struct sl_event *ev,
		   uint64_t idx);
/*
 * Whether a thread blocked now is shown below the rows: never during a
 * drill-down (its call has no duration yet), and only when the line of
 * its call so far passes the filters.
 */
struct sl_thread;
bool ui_blocked_match(struct sl_ui_ctx *ctx, const struct sl_thread *t);
/* Whether the event's line holds a match of an include filter. */
bool uifilter_has_match(struct sl_uifilter *uf, struct sl_ui_ctx *ctx, const struct sl_event *ev);

/*
 * The match style over the include filters' matches in a row the syscall
 * pane drew on row y: the pid at pid_x (pid_w cells), the call text from
 * call_x (call_w cells shown), its result from ret_x (ret_w cells shown),
 * or, with ret_x < 0, right after the call within call_w.  ev must carry
 * its payloads.
 */
void ui_filter_mark(struct sl_ui_ctx *ctx, struct sl_grid *g, const struct sl_event *ev, int y,
		    int pid_x, int pid_w, int call_x, int call_w, int ret_x, int ret_w);

/* The prompt: / (include) or \ (exclude) opens it. */
void uifilter_prompt_open(struct sl_uifilter *uf, bool exclude);
bool uifilter_prompting(const struct sl_uifilter *uf);
/* A key while the prompt is open: Enter applies, Esc cancels. */
void uifilter_prompt_key(struct sl_uifilter *uf, struct sl_ui_ctx *ctx, int key);
/* Draw the prompt on row y when it is open; returns whether it drew. */
bool uifilter_prompt_draw(const struct sl_uifilter *uf, struct sl_grid *g, int y, int w);

/*
 * The status line's part: the drill-down, the filters and the progress
 * (" | getpid 1us-2us | /open/ !/ENOENT/ (filtering 40%)").
 */
void uifilter_status(struct sl_uifilter *uf, struct sl_ui_ctx *ctx, struct sl_strbuf *sb);
/*
 * A regex that did not compile, with PCRE2's message and offset, while it
 * is fresh: appended to sb, returns true.
 */
bool uifilter_error(const struct sl_uifilter *uf, uint64_t now, struct sl_strbuf *sb);

#endif /* SYSLENS_FILTER_UI_H */
