/*
 * store.h - the live ring: the in-memory store of recent events.
 *
 * One writer (the collector thread, through ring_sink_new) and any number
 * of readers (the interface).  The writer never waits: each event header
 * lives in a fixed slot, its payloads in a bounded byte arena, and when
 * either is full the oldest events are dropped and counted.  Readers copy
 * an event out and learn afterwards whether the writer overwrote it while
 * they copied (a seqlock over the index of the oldest kept event).
 *
 * Events are numbered from 0 in arrival order; the numbers never repeat,
 * so an index kept by a view stays meaningful (it just goes stale).
 */
#ifndef SYSLENS_STORE_H
#define SYSLENS_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "syslens/event.h"
#include "syslens/sink.h"

/*
 * Payload bytes kept per event on average: the arena is ring_size times
 * this.  With the default --ring of 1M events the store takes at most
 * 1M * (152 + 64) bytes, about 206 MiB; pages are only touched as they
 * fill.
 */
#define SL_RING_ARENA_PER_EVENT 64

struct sl_ring;

/*
 * A ring of `nevents` slots and `arena` payload bytes (0: nevents *
 * SL_RING_ARENA_PER_EVENT; never less than one event's worth).  Never
 * fails (allocation failure aborts); free with ring_free.
 */
struct sl_ring *ring_new(size_t nevents, size_t arena);
void ring_free(struct sl_ring *r);

/*
 * Append a copy of ev, dropping the oldest events as needed.  Writer
 * only (one thread).  Payloads too big for the arena are dropped and the
 * copy marked truncated.  Returns the new event's index.
 */
uint64_t ring_push(struct sl_ring *r, const struct sl_event *ev);

/* Index the next event will get (events [tail, head) are readable). */
uint64_t ring_head(const struct sl_ring *r);
/* Index of the oldest event still kept. */
uint64_t ring_tail(const struct sl_ring *r);
/* Events dropped to make room. */
uint64_t ring_overwritten(const struct sl_ring *r);
/* Slots, and payload bytes, of the ring. */
size_t ring_capacity(const struct sl_ring *r);
size_t ring_arena_size(const struct sl_ring *r);
/* Bytes the ring holds allocated (slots and arena). */
size_t ring_memory(const struct sl_ring *r);

/*
 * Copy event `idx` with its payloads into out.  Returns 0, -ENOENT when
 * idx has not been written yet, -ESTALE when it was overwritten (before
 * or during the copy).  Any thread.
 */
int ring_read(const struct sl_ring *r, uint64_t idx, struct sl_event_buf *out);
/* The same for the header only (cheap: no payload copy). */
int ring_read_header(const struct sl_ring *r, uint64_t idx, struct sl_event *out);

/*
 * A sink that pushes every event into r (which it does not own) and
 * keeps the collector's latest stats for ring_stats().  Never fails.
 */
struct sl_sink *ring_sink_new(struct sl_ring *r);
/* Latest stats the collector reported through the sink's finish(). */
void ring_stats(const struct sl_ring *r, struct sl_collect_stats *st);

#endif /* SYSLENS_STORE_H */
