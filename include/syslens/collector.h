/*
 * collector.h - the sources of events: ptrace, eBPF, a replayed recording.
 *
 * A collector starts (launches or attaches), then runs until every traced
 * process is gone or it is asked to stop, pushing events into one sink.
 * Nothing downstream knows which collector fed it.
 */
#ifndef SYSLENS_COLLECTOR_H
#define SYSLENS_COLLECTOR_H

#include <stdbool.h>
#include "syslens/options.h"
#include "syslens/sink.h"

struct sl_collector {
	const char *name;		/* "ptrace", "ebpf", "replay" */
	/*
	 * Launch or attach as the options say.  Returns 0, or a negative
	 * errno with one line for the user in `why` (nothing is left
	 * running or stopped on failure).
	 */
	int (*start)(struct sl_collector *c, const struct sl_options *o,
		     struct sl_sink *sink, char *why, size_t whylen);
	/*
	 * Collect until every traced process is gone or stop() is called.
	 * On return every attached process is detached and running.
	 * Returns 0 or a negative errno.
	 */
	int (*run)(struct sl_collector *c);
	/* Ask run() to return soon.  Async-signal-safe; any thread. */
	void (*stop)(struct sl_collector *c);
	void (*destroy)(struct sl_collector *c);

	struct sl_collect_stats stats;	/* kept up to date while running */
	int exit_status;		/* launched command: as the shell gives it,
					 * 128+N when killed by signal N; -1 unknown */
	bool finished;			/* run() returned */
	char note[256];			/* why this backend (auto's fallback) */
};

/* Constructors.  Return NULL with `why` filled in when unavailable here. */
struct sl_collector *ptrace_collector_new(char *why, size_t whylen);
struct sl_collector *ebpf_collector_new(char *why, size_t whylen);
struct sl_collector *replay_collector_new(char *why, size_t whylen);
/* Made-up events for testing the interface (SYSLENS_FAKE_COLLECTOR set). */
struct sl_collector *fake_collector_new(char *why, size_t whylen);

#endif /* SYSLENS_COLLECTOR_H */
