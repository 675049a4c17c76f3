/*
 * hist.h - syscall latency histograms: the one module behind -c and the
 * interface's histogram pane.
 *
 * A struct sl_hist is one latency distribution: count, errors, total,
 * min, max, and HDR-style buckets (values below 32 ns exact, then 16
 * linear sub-buckets per power of two), so percentiles are within about
 * 3% of the exact value.  The coarse log2 buckets the pane draws as bars
 * are sums of whole groups of sub-buckets, hence exact.  hist_add is
 * O(1) and never allocates.
 *
 * A struct sl_hist_window is a ring of per-second histograms for "the
 * last N seconds"; a struct sl_hist_set keeps one histogram (and
 * optionally one window) per syscall.  The interface keeps one set for
 * all processes and one per process it wants (keyed as it likes).
 */
#ifndef SYSLENS_HIST_H
#define SYSLENS_HIST_H

#include <stdbool.h>
#include <stdint.h>
#include "syslens/event.h"
#include "syslens/syscalls.h"

#define SL_HIST_SUB_BITS	4
#define SL_HIST_SUB		(1 << SL_HIST_SUB_BITS)	/* sub-buckets per power of two */
#define SL_HIST_LOG2		40	/* log2 buckets: [0,2) [2,4) ... [2^39, inf) */
/* sub-bucket slots: values < 2*SUB exact, then SUB per power of two */
#define SL_HIST_NSLOT		((SL_HIST_LOG2 - SL_HIST_SUB_BITS + 1) * SL_HIST_SUB)
#define SL_HIST_WINDOW		10	/* seconds kept by a rolling window */

struct sl_hist {
	uint64_t count;
	uint64_t errors;
	uint64_t total_ns;
	uint64_t min_ns;	/* UINT64_MAX while empty */
	uint64_t max_ns;
	uint64_t slot[SL_HIST_NSLOT];
};

/* One log2 bucket: durations in [lo_ns, hi_ns); hi_ns UINT64_MAX = open. */
struct sl_hist_bucket {
	uint64_t lo_ns;
	uint64_t hi_ns;
	uint64_t count;
};

void hist_init(struct sl_hist *h);
/* Account one call of `ns` nanoseconds; `error` when it failed. */
void hist_add(struct sl_hist *h, uint64_t ns, bool error);
/* h += src. */
void hist_merge(struct sl_hist *h, const struct sl_hist *src);
/*
 * The duration at percentile p (0..100): the smallest bucketed value at
 * or below which p% of the calls lie, within ~3%, clamped to [min, max].
 * 0 when empty.
 */
uint64_t hist_percentile(const struct sl_hist *h, double p);
static inline uint64_t
hist_avg(const struct sl_hist *h)
{
	return h->count ? h->total_ns / h->count : 0;
}

/* The log2 bucket (0..SL_HIST_LOG2-1) a duration falls in. */
int hist_bucket_of(uint64_t ns);
/* Bucket b's range and count. */
struct sl_hist_bucket hist_bucket(const struct sl_hist *h, int b);
/*
 * Fill out[] with the log2 buckets from the lowest to the highest
 * non-empty one (empty ones between included, for bars).  Returns how
 * many were written (0 when h is empty), at most `max`.
 */
int hist_buckets(const struct sl_hist *h, struct sl_hist_bucket *out, int max);

/* A rolling window of SL_HIST_WINDOW one-second histograms. */
struct sl_hist_window {
	uint64_t sec[SL_HIST_WINDOW];	/* which second each slot holds, +1 (0: empty) */
	struct sl_hist h[SL_HIST_WINDOW];
};

void hist_window_init(struct sl_hist_window *w);
/* Account a call that ended at monotonic time `ts_ns`.  O(1), no allocation. */
void hist_window_add(struct sl_hist_window *w, uint64_t ts_ns, uint64_t ns,
		     bool error);
/*
 * out = the calls that ended in the SL_HIST_WINDOW seconds up to and
 * including the second of `now_ns` (pass the clock, or the last event's
 * time in a replay).
 */
void hist_window_sum(const struct sl_hist_window *w, uint64_t now_ns,
		     struct sl_hist *out);

/* Per-syscall histograms of finished syscall events. */
struct sl_hist_set;

struct sl_hist_entry {
	int arch_idx;		/* enum sl_arch_idx */
	uint32_t nr;
	const struct sl_hist *h;		/* since start */
	const struct sl_hist_window *w;	/* NULL without a window */
};

/* A new empty set (never NULL); `window`: keep rolling windows too. */
struct sl_hist_set *hist_set_new(bool window);
void hist_set_free(struct sl_hist_set *s);
/*
 * Account a syscall event.  In-flight events, calls that never return
 * (exit_group) and non-syscall events are ignored; returns true when the
 * event was counted.  The first call of a syscall allocates its entry;
 * later ones are O(1) with no allocation.
 */
bool hist_set_add(struct sl_hist_set *s, const struct sl_event *ev);
/* The histogram of one syscall, or NULL when it was never seen. */
const struct sl_hist *hist_set_get(const struct sl_hist_set *s, int arch_idx,
				   uint32_t nr);
/*
 * The syscalls seen, in first-seen order, into out[] (at most max).
 * Returns how many there are in all (may exceed max).
 */
int hist_set_list(const struct sl_hist_set *s, struct sl_hist_entry *out,
		  int max);
/*
 * dst += src, syscall by syscall (entries dst lacks are added; windows
 * are merged when both sets keep them): a subtree's histograms from its
 * processes' sets.
 */
void hist_set_merge(struct sl_hist_set *dst, const struct sl_hist_set *src);
/* The rolling window of one syscall, or NULL (never seen, or no windows). */
const struct sl_hist_window *hist_set_window(const struct sl_hist_set *s,
					     int arch_idx, uint32_t nr);
/* All calls of the set merged into out. */
void hist_set_total(const struct sl_hist_set *s, struct sl_hist *out);
/* Failed: a return value in the errno range (-4095..-1). */
bool hist_event_failed(const struct sl_event *ev);

#endif /* SYSLENS_HIST_H */
