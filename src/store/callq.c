/*
 * callq.c - a lossless single-writer single-reader queue of finished
 * calls (see callq.h).
 *
 * Records live in fixed chunks linked in order.  The writer fills its
 * chunk and publishes how many records it holds with a release store;
 * when the chunk is full it links a new one.  The reader frees a chunk
 * only once it has read all of it and the next is linked, so the writer
 * never touches a chunk the reader may free.  One spare chunk goes back
 * from the reader to the writer, so a steady stream allocates nothing.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "syslens/callq.h"
#include "syslens/util.h"

/* what the counting models read of a call: 64 bytes */
struct call {
	__u32 pid, tid, nr, arch;
	__u16 flags;
	__u16 pad16;
	__u32 pad32;
	__s64 ret;
	__u64 ts_enter, ts_exit;
	char comm[SL_COMM_LEN];
};
_Static_assert(sizeof(struct call) == 64, "one call per cache line");

#define CHUNK_CALLS 510 /* a chunk just under 32 KiB: below malloc's mmap threshold */

struct chunk {
	_Atomic size_t n;	      /* records written */
	_Atomic(struct chunk *) next; /* set once this one is full */
	struct call c[CHUNK_CALLS];
};

struct sl_callq {
	struct chunk *wchunk; /* writer only */
	struct chunk *rchunk; /* reader only */
	size_t rpos;	      /* reader only */
	_Atomic(struct chunk *) spare;
};

struct callq_sink {
	struct sl_sink sink;
	struct sl_callq *q;
};

static struct chunk *
chunk_new(void)
{
	struct chunk *c = xmalloc(sizeof(*c));

	atomic_init(&c->n, 0);
	atomic_init(&c->next, NULL);
	return c;
}

struct sl_callq *
callq_new(void)
{
	struct sl_callq *q = xcalloc(1, sizeof(*q));

	q->wchunk = q->rchunk = chunk_new();
	atomic_init(&q->spare, NULL);
	return q;
}

void
callq_free(struct sl_callq *q)
{
	struct chunk *c, *next;

	if (!q)
		return;
	for (c = q->rchunk; c; c = next) {
		next = atomic_load_explicit(&c->next, memory_order_relaxed);
		free(c);
	}
	free(atomic_load_explicit(&q->spare, memory_order_relaxed));
	free(q);
}

void
callq_push(struct sl_callq *q, const struct sl_event *ev)
{
	struct chunk *w = q->wchunk;
	size_t n = atomic_load_explicit(&w->n, memory_order_relaxed);
	struct call *c;

	if (ev->type != SL_EV_SYSCALL || (ev->flags & SL_EVF_INFLIGHT))
		return;
	if (n == CHUNK_CALLS) {
		struct chunk *fresh =
			atomic_exchange_explicit(&q->spare, NULL, memory_order_acquire);

		if (fresh) {
			atomic_store_explicit(&fresh->n, 0, memory_order_relaxed);
			atomic_store_explicit(&fresh->next, NULL, memory_order_relaxed);
		} else {
			fresh = chunk_new();
		}
		atomic_store_explicit(&w->next, fresh, memory_order_release);
		q->wchunk = w = fresh;
		n = 0;
	}
	c = &w->c[n];
	c->pid = ev->pid;
	c->tid = ev->tid;
	c->nr = ev->nr;
	c->arch = ev->arch;
	c->flags = ev->flags;
	c->ret = ev->ret;
	c->ts_enter = ev->ts_enter;
	c->ts_exit = ev->ts_exit;
	memcpy(c->comm, ev->comm, SL_COMM_LEN);
	atomic_store_explicit(&w->n, n + 1, memory_order_release);
}

bool
callq_pop(struct sl_callq *q, struct sl_event *out)
{
	struct chunk *r = q->rchunk;
	const struct call *c;

	if (q->rpos == CHUNK_CALLS) {
		struct chunk *next = atomic_load_explicit(&r->next, memory_order_acquire);

		if (!next)
			return false;
		/* the writer has left r for good: hand it back, or free it */
		r = atomic_exchange_explicit(&q->spare, r, memory_order_release);
		free(r);
		q->rchunk = r = next;
		q->rpos = 0;
	}
	if (q->rpos >= atomic_load_explicit(&r->n, memory_order_acquire))
		return false;
	c = &r->c[q->rpos++];
	/* field by field: a memset of the header costs more than the rest */
	out->size = sizeof(*out);
	out->type = SL_EV_SYSCALL;
	out->flags = c->flags;
	out->pid = c->pid;
	out->tid = c->tid;
	out->nr = c->nr;
	out->arch = c->arch;
	for (int i = 0; i < SL_NARGS; i++)
		out->args[i] = 0;
	out->ret = c->ret;
	out->ts_enter = c->ts_enter;
	out->ts_exit = c->ts_exit;
	out->seq = 0;
	out->cgroup_id = 0;
	out->ns_pid = 0;
	out->payload_len = 0;
	out->npayload = 0;
	out->reserved = 0;
	out->reserved2 = 0;
	memcpy(out->comm, c->comm, SL_COMM_LEN);
	return true;
}

static int
callq_sink_event(struct sl_sink *s, const struct sl_event *ev)
{
	callq_push(((struct callq_sink *)s)->q, ev);
	return 0;
}

static void
callq_sink_destroy(struct sl_sink *s)
{
	free(s);
}

struct sl_sink *
callq_sink_new(struct sl_callq *q)
{
	struct callq_sink *cs = xcalloc(1, sizeof(*cs));

	cs->sink.event = callq_sink_event;
	cs->sink.destroy = callq_sink_destroy;
	cs->q = q;
	return &cs->sink;
}
