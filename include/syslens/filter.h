/*
 * filter.h - PCRE2 regex filters over the rendered line (what the user
 * sees), for the interface and for --filter on headless outputs.
 *
 * A stack of regexes: each include filter narrows what is shown (a line
 * must match every include filter) and a line matching any exclude filter
 * (given with a leading '!') is hidden.  Regexes are JIT-compiled where
 * PCRE2 can, and matched with match and depth limits so a pathological
 * pattern cannot hang syslens: a line on which a regex hits a limit is
 * counted and shown, never silently dropped.
 *
 * A stack is not thread-safe: use one per thread.
 */
#ifndef SYSLENS_FILTER_H
#define SYSLENS_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "syslens/decode.h"
#include "syslens/sink.h"

struct sl_filters;

/* A match in a line: bytes [start, end). */
struct sl_span {
	size_t start;
	size_t end;
};

/* Default limits (pcre2_set_match_limit / pcre2_set_depth_limit). */
#define SL_FILTER_MATCH_LIMIT	1000000u
#define SL_FILTER_DEPTH_LIMIT	5000u

/* An empty stack (shows everything).  Never NULL; free with filters_free. */
struct sl_filters *filters_new(void);
void filters_free(struct sl_filters *f);

/*
 * Push a regex; a leading '!' makes it an exclude filter (write "\!" to
 * match a '!' first).  Returns 0; or -EINVAL with one line in err made of
 * PCRE2's message and the offset in the pattern (the stack is unchanged).
 */
int filters_add(struct sl_filters *f, const char *spec, char *err,
		size_t errlen);
/* Remove filter i (0 = oldest).  Returns 0 or -ENOENT. */
int filters_remove(struct sl_filters *f, int i);
int filters_count(const struct sl_filters *f);
/* Filter i's pattern (without the '!'), and whether it excludes; NULL if none. */
const char *filters_pattern(const struct sl_filters *f, int i, bool *exclude);
/* Whether filter i was JIT-compiled. */
bool filters_jit(const struct sl_filters *f, int i);
/* Change the limits for later matches (tests, tuning). */
void filters_set_limits(struct sl_filters *f, uint32_t match_limit,
			uint32_t depth_limit);

/*
 * Whether a line is shown: it matches every include filter and no exclude
 * filter.  When a regex hits a limit on this line, the line is shown,
 * *limited (if not NULL) is set and the limit counter grows.
 */
bool filters_match(struct sl_filters *f, const char *line, size_t len,
		   bool *limited);
/* Lines on which some regex hit a match or depth limit, so far. */
uint64_t filters_limit_hits(const struct sl_filters *f);

/*
 * The non-overlapping matches of the include filters in a line, in order
 * of start (spans of different filters may overlap), for highlighting.
 * Writes at most max into out; returns how many were written.
 */
int filters_spans(struct sl_filters *f, const char *line, size_t len,
		  struct sl_span *out, int max);

/*
 * Append the line filters match for an event: "TID  name(args) = ret" for
 * a syscall (the thread id, as strace -f prints it; no timestamp, no
 * duration), as the decoder renders it.
 */
void filter_line(struct sl_strbuf *sb, const struct sl_event *ev,
		 const struct sl_decode_opts *o);

/*
 * A sink passing to `inner` only the finished syscalls whose line passes
 * `filters`; in-flight entries and process events always pass.  Takes
 * ownership of inner and filters.  At finish, if some line hit a regex
 * limit, says so in one line on stderr.
 */
struct sl_sink *filter_sink_new(struct sl_sink *inner, struct sl_filters *filters,
				const struct sl_decode_opts *o);

#endif /* SYSLENS_FILTER_H */
