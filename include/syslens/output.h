/*
 * output.h - the headless writers: strace-format text, JSON lines, the -c
 * summary table, and the recording file.  Each is a sink.
 */
#ifndef SYSLENS_OUTPUT_H
#define SYSLENS_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>
#include "syslens/decode.h"
#include "syslens/options.h"
#include "syslens/sink.h"
#include "syslens/util.h"

/*
 * Writers on an open stream.  The sink does not close `f`.  Never fail
 * (write errors end the run through the event callback's return value).
 */
struct sl_sink *text_sink_new(FILE *f, const struct sl_options *o);
struct sl_sink *json_sink_new(FILE *f, const struct sl_options *o);
struct sl_sink *summary_sink_new(FILE *f, const struct sl_options *o);

/* What a text line shows besides the decoded call. */
struct sl_text_opts {
	struct sl_decode_opts dopts;
	int timestamps;		/* 0, or -t 1, -tt 2, -ttt 3 */
	bool durations;		/* -T */
};

void text_opts_from(struct sl_text_opts *to, const struct sl_options *o);
/*
 * Append the line --text prints for ev, without the newline: "PID  " and
 * the timestamp, then the call with its return value at strace's column
 * and the -T duration, or a process event.  Returns false (appending
 * nothing) for events text does not show: in-flight entries, fork/exec.
 */
bool text_render(struct sl_strbuf *sb, const struct sl_event *ev,
		 const struct sl_text_opts *to);
/*
 * Whether a writer on f flushes every line, as strace does, so that a
 * line is readable before the next (maybe blocking) call: yes, except on
 * /dev/null and other non-terminal character devices.
 */
bool output_flushes(FILE *f);
/* Whether an event is one that headless outputs show (finished calls). */
bool text_event_shown(const struct sl_event *ev);

/*
 * Append s[0..len) as a JSON string, quotes included: valid UTF-8 is
 * copied, control characters (C0, DEL, C1) are \u escapes, and each byte
 * of an invalid UTF-8 sequence is written as \u00XX (XX the byte).
 */
void json_quote(struct sl_strbuf *sb, const unsigned char *s, size_t len);

struct sl_hist_set;
/*
 * Append the -c table for the histograms in `set` (what the summary sink
 * writes at the end), with a line for `lost` events when non-zero.
 */
void summary_format(struct sl_strbuf *sb, const struct sl_hist_set *set,
		    uint64_t lost);

/*
 * The recording writer (-w).  Creates `path` safely (no symlink followed,
 * mode 0600).  Returns NULL with one line in `why` when it cannot.
 */
struct sl_sink *record_sink_new(const char *path, const struct sl_options *o,
				const char *backend, char *why, size_t whylen);

#endif /* SYSLENS_OUTPUT_H */
