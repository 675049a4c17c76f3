/*
 * output.h - the headless writers: strace-format text, JSON lines, the -c
 * summary table, and the recording file.  Each is a sink.
 */
#ifndef SYSLENS_OUTPUT_H
#define SYSLENS_OUTPUT_H

#include <stdio.h>
#include "syslens/options.h"
#include "syslens/sink.h"

/*
 * Writers on an open stream.  The sink does not close `f`.  Never fail
 * (write errors end the run through the event callback's return value).
 */
struct sl_sink *text_sink_new(FILE *f, const struct sl_options *o);
struct sl_sink *json_sink_new(FILE *f, const struct sl_options *o);
struct sl_sink *summary_sink_new(FILE *f, const struct sl_options *o);

/*
 * The recording writer (-w).  Creates `path` safely (no symlink followed,
 * mode 0600).  Returns NULL with one line in `why` when it cannot.
 */
struct sl_sink *record_sink_new(const char *path, const struct sl_options *o,
				const char *backend, char *why, size_t whylen);

#endif /* SYSLENS_OUTPUT_H */
