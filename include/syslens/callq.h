/*
 * callq.h - every finished syscall, on its way from the sink to the
 * interface's counting models (process tree counts, histograms).
 *
 * The live ring keeps only the newest events, and the interface takes
 * them once a frame, so calls the ring overwrote before then would never
 * be counted.  This queue loses nothing: the collector thread appends a
 * small record for each finished call as it enters the store (the sink
 * side), the interface thread drains them.  One writer, one reader, no
 * lock: records sit in chunks handed over with release/acquire, the
 * writer never waits (it takes a new chunk when one is full).
 */
#ifndef SYSLENS_CALLQ_H
#define SYSLENS_CALLQ_H

#include <stdbool.h>
#include <stddef.h>

#include "syslens/event.h"
#include "syslens/sink.h"

struct sl_callq;

/* An empty queue.  Never fails (allocation failure aborts). */
struct sl_callq *callq_new(void);
/* Free the queue and what is still in it.  No writer may be left. */
void callq_free(struct sl_callq *q);
/*
 * Append ev when it is a finished syscall (in-flight entries and other
 * events are left out).  Writer only (one thread).  O(1); allocates one
 * chunk per few hundred calls unless the reader gave one back.
 */
void callq_push(struct sl_callq *q, const struct sl_event *ev);
/*
 * Take the oldest call into out as a header-only event (type, flags,
 * pid, tid, nr, arch, ret, ts_enter, ts_exit, comm; no payload, no
 * arguments).  Reader only (one thread).  Returns false when empty.
 */
bool callq_pop(struct sl_callq *q, struct sl_event *out);
/*
 * A sink that pushes every event into q (which it does not own).  Never
 * fails.
 */
struct sl_sink *callq_sink_new(struct sl_callq *q);

#endif /* SYSLENS_CALLQ_H */
