/*
 * ring.c - the live ring: fixed slots for event headers, a bounded byte
 * arena for their payloads, one writer that never waits, readers that
 * detect being overtaken.
 *
 * Positions in the arena are absolute byte counts (taken modulo its
 * size), so "was this payload overwritten" is one subtraction.  The
 * writer first moves the tail past every event it is about to overwrite,
 * then writes; a reader copies, then re-reads the tail: if its event fell
 * behind the tail meanwhile, the copy is thrown away (a seqlock whose
 * sequence is the tail).
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "syslens/store.h"
#include "syslens/util.h"

struct slot {
	struct sl_event ev; /* header; payload_len bytes sit in the arena */
	uint64_t apos;	    /* absolute arena position of the payloads */
};

struct sl_ring {
	struct slot *slots;
	size_t cap;
	unsigned char *arena;
	size_t asize;
	size_t map_slots, map_arena; /* bytes mapped */

	_Atomic uint64_t head; /* next index */
	_Atomic uint64_t tail; /* oldest kept index */
	_Atomic uint64_t overwritten;
	uint64_t apos_next; /* writer only */

	pthread_mutex_t stats_lock;
	struct sl_collect_stats stats;
};

struct ring_sink {
	struct sl_sink sink;
	struct sl_ring *ring;
};

/*
 * Big zeroed mappings: untouched pages cost nothing, so a 1M-event ring
 * only takes memory as it fills.
 */
static void *
map_zeroed(size_t n)
{
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		       -1, 0);

	if (p == MAP_FAILED)
		return xcalloc(1, n); /* aborts when memory is really short */
	return p;
}

struct sl_ring *
ring_new(size_t nevents, size_t arena)
{
	struct sl_ring *r = xcalloc(1, sizeof(*r));

	if (nevents < 2)
		nevents = 2;
	if (arena == 0)
		arena = nevents * SL_RING_ARENA_PER_EVENT;
	if (arena < SL_PAYLOAD_MAX)
		arena = SL_PAYLOAD_MAX;
	arena = SL_ALIGN8(arena);
	r->cap = nevents;
	r->asize = arena;
	r->map_slots = nevents * sizeof(struct slot);
	r->map_arena = arena;
	r->slots = map_zeroed(r->map_slots);
	r->arena = map_zeroed(r->map_arena);
	pthread_mutex_init(&r->stats_lock, NULL);
	return r;
}

void
ring_free(struct sl_ring *r)
{
	if (!r)
		return;
	munmap(r->slots, r->map_slots);
	munmap(r->arena, r->map_arena);
	pthread_mutex_destroy(&r->stats_lock);
	free(r);
}

uint64_t
ring_push(struct sl_ring *r, const struct sl_event *ev)
{
	uint64_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
	uint64_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
	uint64_t tail0 = tail, pos, end;
	size_t plen = ev->payload_len;
	struct slot *s;

	if (plen > SL_PAYLOAD_MAX || plen + sizeof(*ev) > ev->size)
		plen = 0; /* damaged record: keep the header only */
	pos = r->apos_next;
	/* payloads are kept contiguous: skip the arena's end if they straddle it */
	if (pos % r->asize + plen > r->asize)
		pos += r->asize - pos % r->asize;
	end = pos + plen;

	while (tail < head &&
	       (head - tail >= r->cap || end - r->slots[tail % r->cap].apos > r->asize))
		tail++;
	if (tail != tail0) {
		atomic_store_explicit(&r->tail, tail, memory_order_relaxed);
		atomic_fetch_add_explicit(&r->overwritten, tail - tail0, memory_order_relaxed);
		/* readers that see any byte written below also see the new tail */
		atomic_thread_fence(memory_order_release);
	}

	s = &r->slots[head % r->cap];
	memcpy(&s->ev, ev, sizeof(*ev));
	if (plen != ev->payload_len) {
		s->ev.payload_len = 0;
		s->ev.npayload = 0;
		s->ev.flags |= SL_EVF_TRUNCATED;
	}
	s->ev.size = (__u32)(sizeof(*ev) + plen);
	s->apos = pos;
	if (plen)
		memcpy(r->arena + pos % r->asize, ev + 1, plen);
	r->apos_next = end;
	atomic_store_explicit(&r->head, head + 1, memory_order_release);
	return head;
}

uint64_t
ring_head(const struct sl_ring *r)
{
	return atomic_load_explicit(&((struct sl_ring *)r)->head, memory_order_acquire);
}

uint64_t
ring_tail(const struct sl_ring *r)
{
	return atomic_load_explicit(&((struct sl_ring *)r)->tail, memory_order_acquire);
}

uint64_t
ring_overwritten(const struct sl_ring *r)
{
	return atomic_load_explicit(&((struct sl_ring *)r)->overwritten, memory_order_relaxed);
}

size_t
ring_capacity(const struct sl_ring *r)
{
	return r->cap;
}

size_t
ring_arena_size(const struct sl_ring *r)
{
	return r->asize;
}

size_t
ring_memory(const struct sl_ring *r)
{
	return r->map_slots + r->map_arena;
}

/* Copy slot idx (header and, when pl, payloads); check it was not overtaken. */
static int
ring_copy(const struct sl_ring *r, uint64_t idx, struct sl_event *out, unsigned char *pl)
{
	struct sl_ring *rw = (struct sl_ring *)r;
	const struct slot *s;
	uint64_t apos;
	size_t plen;

	if (idx >= atomic_load_explicit(&rw->head, memory_order_acquire))
		return -ENOENT;
	if (idx < atomic_load_explicit(&rw->tail, memory_order_acquire))
		return -ESTALE;
	s = &r->slots[idx % r->cap];
	memcpy(out, &s->ev, sizeof(*out));
	apos = s->apos;
	plen = out->payload_len;
	if (plen > SL_PAYLOAD_MAX)
		plen = 0; /* torn read: caught by the check below */
	if (pl && plen)
		memcpy(pl, r->arena + apos % r->asize, plen);
	atomic_thread_fence(memory_order_acquire);
	if (idx < atomic_load_explicit(&rw->tail, memory_order_relaxed))
		return -ESTALE;
	if (!pl) {
		out->payload_len = 0;
		out->npayload = 0;
		out->size = sizeof(*out);
	}
	return 0;
}

int
ring_read(const struct sl_ring *r, uint64_t idx, struct sl_event_buf *out)
{
	return ring_copy(r, idx, &out->ev, out->data);
}

int
ring_read_header(const struct sl_ring *r, uint64_t idx, struct sl_event *out)
{
	return ring_copy(r, idx, out, NULL);
}

static int
ring_sink_event(struct sl_sink *s, const struct sl_event *ev)
{
	ring_push(((struct ring_sink *)s)->ring, ev);
	return 0;
}

static void
ring_sink_finish(struct sl_sink *s, const struct sl_collect_stats *st)
{
	struct sl_ring *r = ((struct ring_sink *)s)->ring;

	pthread_mutex_lock(&r->stats_lock);
	r->stats = *st;
	pthread_mutex_unlock(&r->stats_lock);
}

static void
ring_sink_destroy(struct sl_sink *s)
{
	free(s);
}

struct sl_sink *
ring_sink_new(struct sl_ring *r)
{
	struct ring_sink *rs = xcalloc(1, sizeof(*rs));

	rs->sink.event = ring_sink_event;
	rs->sink.finish = ring_sink_finish;
	rs->sink.destroy = ring_sink_destroy;
	rs->ring = r;
	return &rs->sink;
}

void
ring_stats(const struct sl_ring *r, struct sl_collect_stats *st)
{
	struct sl_ring *rw = (struct sl_ring *)r;

	pthread_mutex_lock(&rw->stats_lock);
	*st = r->stats;
	pthread_mutex_unlock(&rw->stats_lock);
}
