/*
 * hist.c - latency histograms (see hist.h): HDR-style slots for
 * percentiles, log2 buckets for bars, per-second rings for the recent
 * past, and a per-syscall set of them.
 */
#include <stdlib.h>
#include <string.h>

#include "syslens/hist.h"
#include "syslens/util.h"

#define NS_PER_SEC 1000000000ull

static inline int
ilog2(uint64_t v)
{
	return 63 - __builtin_clzll(v);
}

static inline unsigned
slot_of(uint64_t ns)
{
	int k;

	if (ns < SL_HIST_SUB)
		return (unsigned)ns;
	k = ilog2(ns);
	if (k >= SL_HIST_LOG2)
		return SL_HIST_NSLOT - 1;
	return (unsigned)((k - SL_HIST_SUB_BITS + 1) * SL_HIST_SUB) +
	       (unsigned)((ns >> (k - SL_HIST_SUB_BITS)) & (SL_HIST_SUB - 1));
}

/* The range [lo, hi) of slot i. */
static void
slot_range(unsigned i, uint64_t *lo, uint64_t *hi)
{
	unsigned g, k, sub;
	uint64_t width;

	if (i < SL_HIST_SUB) {
		*lo = i;
		*hi = i + 1;
		return;
	}
	g = i / SL_HIST_SUB;
	sub = i % SL_HIST_SUB;
	k = g + SL_HIST_SUB_BITS - 1;
	width = 1ull << (k - SL_HIST_SUB_BITS);
	*lo = (1ull << k) + sub * width;
	*hi = *lo + width;
}

void
hist_init(struct sl_hist *h)
{
	memset(h, 0, sizeof(*h));
	h->min_ns = UINT64_MAX;
}

void
hist_add(struct sl_hist *h, uint64_t ns, bool error)
{
	h->count++;
	h->errors += error;
	h->total_ns += ns;
	if (ns < h->min_ns)
		h->min_ns = ns;
	if (ns > h->max_ns)
		h->max_ns = ns;
	h->slot[slot_of(ns)]++;
}

void
hist_merge(struct sl_hist *h, const struct sl_hist *src)
{
	if (!src->count)
		return;
	h->count += src->count;
	h->errors += src->errors;
	h->total_ns += src->total_ns;
	if (src->min_ns < h->min_ns)
		h->min_ns = src->min_ns;
	if (src->max_ns > h->max_ns)
		h->max_ns = src->max_ns;
	for (unsigned i = 0; i < SL_HIST_NSLOT; i++)
		h->slot[i] += src->slot[i];
}

uint64_t
hist_percentile(const struct sl_hist *h, double p)
{
	uint64_t rank, cum = 0, lo, hi, v;

	if (!h->count)
		return 0;
	if (p <= 0)
		return h->min_ns;
	if (p >= 100)
		return h->max_ns;
	rank = (uint64_t)(p / 100.0 * (double)h->count + 0.999999);
	if (rank < 1)
		rank = 1;
	for (unsigned i = 0; i < SL_HIST_NSLOT; i++) {
		cum += h->slot[i];
		if (cum < rank)
			continue;
		slot_range(i, &lo, &hi);
		v = lo + (hi - lo - 1) / 2;
		if (v < h->min_ns)
			v = h->min_ns;
		if (v > h->max_ns)
			v = h->max_ns;
		return v;
	}
	return h->max_ns;
}

int
hist_bucket_of(uint64_t ns)
{
	int k;

	if (ns < 2)
		return 0;
	k = ilog2(ns);
	return k >= SL_HIST_LOG2 ? SL_HIST_LOG2 - 1 : k;
}

/* Slots [first, last] making up log2 bucket b. */
static void
bucket_slots(int b, unsigned *first, unsigned *last)
{
	if (b == 0) {
		*first = 0;
		*last = 1;
	} else if (b < SL_HIST_SUB_BITS) {
		*first = 1u << b;
		*last = (2u << b) - 1;
	} else {
		*first = (unsigned)(b - SL_HIST_SUB_BITS + 1) * SL_HIST_SUB;
		*last = *first + SL_HIST_SUB - 1;
	}
}

struct sl_hist_bucket
hist_bucket(const struct sl_hist *h, int b)
{
	struct sl_hist_bucket r = {0, 0, 0};
	unsigned first, last;

	if (b < 0 || b >= SL_HIST_LOG2)
		return r;
	r.lo_ns = b ? 1ull << b : 0;
	r.hi_ns = b == SL_HIST_LOG2 - 1 ? UINT64_MAX : 2ull << b;
	bucket_slots(b, &first, &last);
	for (unsigned i = first; i <= last; i++)
		r.count += h->slot[i];
	return r;
}

int
hist_buckets(const struct sl_hist *h, struct sl_hist_bucket *out, int max)
{
	int lo, hi, n = 0;

	if (!h->count)
		return 0;
	lo = hist_bucket_of(h->min_ns);
	hi = hist_bucket_of(h->max_ns);
	for (int b = lo; b <= hi && n < max; b++)
		out[n++] = hist_bucket(h, b);
	return n;
}

void
hist_window_init(struct sl_hist_window *w)
{
	memset(w->sec, 0, sizeof(w->sec));
}

void
hist_window_add(struct sl_hist_window *w, uint64_t ts_ns, uint64_t ns, bool error)
{
	uint64_t sec = ts_ns / NS_PER_SEC + 1;
	unsigned i = (unsigned)(sec % SL_HIST_WINDOW);

	if (w->sec[i] != sec) {
		/* a newer second reuses the slot; never let an old event
		 * wipe a newer second */
		if (w->sec[i] > sec)
			return;
		hist_init(&w->h[i]);
		w->sec[i] = sec;
	}
	hist_add(&w->h[i], ns, error);
}

void
hist_window_sum(const struct sl_hist_window *w, uint64_t now_ns, struct sl_hist *out)
{
	uint64_t now = now_ns / NS_PER_SEC + 1;

	hist_init(out);
	for (unsigned i = 0; i < SL_HIST_WINDOW; i++)
		if (w->sec[i] && w->sec[i] <= now && w->sec[i] + SL_HIST_WINDOW > now)
			hist_merge(out, &w->h[i]);
}

struct hist_node {
	struct sl_hist h;
	struct sl_hist_window *w;
	int arch_idx;
	uint32_t nr;
};

struct sl_hist_set {
	bool window;
	struct hist_node *by_nr[SL_ARCH_COUNT][SL_NR_MAX];
	/* unknown arch or number: one catch-all node */
	struct hist_node *other;
	struct hist_node **order;
	int n, cap;
};

struct sl_hist_set *
hist_set_new(bool window)
{
	struct sl_hist_set *s = xcalloc(1, sizeof(*s));

	s->window = window;
	return s;
}

void
hist_set_free(struct sl_hist_set *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->n; i++) {
		free(s->order[i]->w);
		free(s->order[i]);
	}
	free(s->order);
	free(s);
}

bool
hist_event_failed(const struct sl_event *ev)
{
	return ev->ret < 0 && ev->ret >= -4095 && !(ev->flags & SL_EVF_NOEXIT);
}

static struct hist_node *
node_new(struct sl_hist_set *s, int arch_idx, uint32_t nr)
{
	struct hist_node *n = xcalloc(1, sizeof(*n));

	hist_init(&n->h);
	n->arch_idx = arch_idx;
	n->nr = nr;
	if (s->window) {
		n->w = xmalloc(sizeof(*n->w));
		hist_window_init(n->w);
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->order = xrealloc(s->order, sizeof(*s->order) * (size_t)s->cap);
	}
	s->order[s->n++] = n;
	return n;
}

static struct hist_node *
node_get(struct sl_hist_set *s, int a, uint32_t nr)
{
	struct hist_node **slot;

	if (a < 0 || a >= SL_ARCH_COUNT || nr >= SL_NR_MAX)
		slot = &s->other;
	else
		slot = &s->by_nr[a][nr];
	if (!*slot)
		*slot = node_new(s, a, nr);
	return *slot;
}

bool
hist_set_add(struct sl_hist_set *s, const struct sl_event *ev)
{
	struct hist_node *n;
	uint64_t ns;
	bool err;

	if (ev->type != SL_EV_SYSCALL || (ev->flags & (SL_EVF_INFLIGHT | SL_EVF_NOEXIT)))
		return false;
	n = node_get(s, syscall_arch_index(ev->arch), ev->nr);
	ns = ev->ts_exit > ev->ts_enter ? ev->ts_exit - ev->ts_enter : 0;
	err = hist_event_failed(ev);
	hist_add(&n->h, ns, err);
	if (n->w)
		hist_window_add(n->w, ev->ts_exit, ns, err);
	return true;
}

const struct sl_hist *
hist_set_get(const struct sl_hist_set *s, int arch_idx, uint32_t nr)
{
	if (arch_idx < 0 || arch_idx >= SL_ARCH_COUNT || nr >= SL_NR_MAX)
		return s->other ? &s->other->h : NULL;
	return s->by_nr[arch_idx][nr] ? &s->by_nr[arch_idx][nr]->h : NULL;
}

int
hist_set_list(const struct sl_hist_set *s, struct sl_hist_entry *out, int max)
{
	for (int i = 0; i < s->n && i < max; i++) {
		out[i].arch_idx = s->order[i]->arch_idx;
		out[i].nr = s->order[i]->nr;
		out[i].h = &s->order[i]->h;
		out[i].w = s->order[i]->w;
	}
	return s->n;
}

static void
window_merge(struct sl_hist_window *dst, const struct sl_hist_window *src)
{
	for (unsigned i = 0; i < SL_HIST_WINDOW; i++) {
		if (!src->sec[i] || src->sec[i] < dst->sec[i])
			continue;
		if (src->sec[i] > dst->sec[i]) {
			hist_init(&dst->h[i]);
			dst->sec[i] = src->sec[i];
		}
		hist_merge(&dst->h[i], &src->h[i]);
	}
}

void
hist_set_merge(struct sl_hist_set *dst, const struct sl_hist_set *src)
{
	for (int i = 0; i < src->n; i++) {
		const struct hist_node *sn = src->order[i];
		struct hist_node *dn = node_get(dst, sn->arch_idx, sn->nr);

		hist_merge(&dn->h, &sn->h);
		if (dn->w && sn->w)
			window_merge(dn->w, sn->w);
	}
}

const struct sl_hist_window *
hist_set_window(const struct sl_hist_set *s, int arch_idx, uint32_t nr)
{
	const struct hist_node *n;

	if (arch_idx < 0 || arch_idx >= SL_ARCH_COUNT || nr >= SL_NR_MAX)
		n = s->other;
	else
		n = s->by_nr[arch_idx][nr];
	return n ? n->w : NULL;
}

void
hist_set_total(const struct sl_hist_set *s, struct sl_hist *out)
{
	hist_init(out);
	for (int i = 0; i < s->n; i++)
		hist_merge(out, &s->order[i]->h);
}
