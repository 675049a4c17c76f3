/*
 * sink.h - where collectors deliver events.
 *
 * Every consumer of events is a sink: the in-memory ring, the recording
 * writer, the text, JSON and summary writers.  Collectors push into one
 * sink (a tee fans out to several) and know nothing of what is behind it.
 */
#ifndef SYSLENS_SINK_H
#define SYSLENS_SINK_H

#include <stdint.h>
#include "syslens/event.h"

/* Counters a collector keeps about what it could not deliver. */
struct sl_collect_stats {
	uint64_t events;	/* events delivered */
	uint64_t lost;		/* events the kernel side could not deliver */
	uint64_t truncated;	/* events with some payload cut */
};

/* Count an event delivered, as every collector counts: a call once, when
 * it returns, not the notice of it in flight. */
static inline void
collect_stats_count(struct sl_collect_stats *st, const struct sl_event *ev)
{
	if (ev->flags & SL_EVF_INFLIGHT)
		return;
	st->events++;
	if (ev->flags & SL_EVF_TRUNCATED)
		st->truncated++;
}

struct sl_sink {
	/*
	 * One event.  For syscalls, collectors that see entry and exit apart
	 * push the entry with SL_EVF_INFLIGHT first (sinks that only want
	 * finished calls ignore it) and then the finished call, with the same
	 * seq.  The event is only valid during the call: copy what you keep.
	 * Returns 0, or a negative errno (a sink that cannot write ends the
	 * run).
	 */
	int (*event)(struct sl_sink *s, const struct sl_event *ev);
	/* The run ended (or stats changed); called from the collector. */
	void (*finish)(struct sl_sink *s, const struct sl_collect_stats *st);
	/* Free the sink. */
	void (*destroy)(struct sl_sink *s);
};

static inline int
sink_event(struct sl_sink *s, const struct sl_event *ev)
{
	return s->event(s, ev);
}

/*
 * A sink that forwards to each of `n` sinks in order.  Takes ownership of
 * the sinks (destroying it destroys them).  Never fails.
 */
struct sl_sink *sink_tee_new(struct sl_sink **sinks, int n);

#endif /* SYSLENS_SINK_H */
