/* test_hist.c - latency histograms: buckets, percentiles, rolling window. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "syslens/hist.h"

static struct sl_hist h;

static void
test_bucket_boundaries(void **state)
{
	struct sl_hist_bucket b;

	(void)state;
	assert_int_equal(hist_bucket_of(0), 0);
	assert_int_equal(hist_bucket_of(1), 0);
	assert_int_equal(hist_bucket_of(2), 1);
	assert_int_equal(hist_bucket_of(3), 1);
	assert_int_equal(hist_bucket_of(4), 2);
	assert_int_equal(hist_bucket_of(1023), 9);
	assert_int_equal(hist_bucket_of(1024), 10);
	assert_int_equal(hist_bucket_of(1000000000ull), 29);
	assert_int_equal(hist_bucket_of(UINT64_MAX), SL_HIST_LOG2 - 1);

	/* every value lands in the bucket whose range holds it */
	hist_init(&h);
	for (uint64_t v = 0; v < 70000; v += 7)
		hist_add(&h, v, false);
	for (uint64_t v = 1; v < (1ull << 38); v *= 3)
		hist_add(&h, v, false);
	for (int k = 0; k < SL_HIST_LOG2; k++) {
		uint64_t want = 0;

		b = hist_bucket(&h, k);
		for (uint64_t v = 0; v < 70000; v += 7)
			want += v >= b.lo_ns && v < b.hi_ns;
		for (uint64_t v = 1; v < (1ull << 38); v *= 3)
			want += v >= b.lo_ns && v < b.hi_ns;
		assert_true(b.count == want);
		if (k)
			assert_true(b.lo_ns == 1ull << k);
	}
	b = hist_bucket(&h, 0);
	assert_true(b.lo_ns == 0 && b.hi_ns == 2);
	b = hist_bucket(&h, SL_HIST_LOG2 - 1);
	assert_true(b.hi_ns == UINT64_MAX);

	/* exact boundaries: 2^k - 1 and 2^k fall apart */
	hist_init(&h);
	hist_add(&h, 4095, false);
	hist_add(&h, 4096, true);
	assert_true(hist_bucket(&h, 11).count == 1);
	assert_true(hist_bucket(&h, 12).count == 1);
	assert_true(h.errors == 1 && h.count == 2);
	assert_true(h.min_ns == 4095 && h.max_ns == 4096);
}

static void
test_buckets_range(void **state)
{
	struct sl_hist_bucket out[SL_HIST_LOG2];
	int n;

	(void)state;
	hist_init(&h);
	assert_int_equal(hist_buckets(&h, out, SL_HIST_LOG2), 0);
	hist_add(&h, 100, false);		/* bucket 6 */
	hist_add(&h, 50000000, false);	/* 50 ms: bucket 25 */
	n = hist_buckets(&h, out, SL_HIST_LOG2);
	assert_int_equal(n, 25 - 6 + 1);
	assert_true(out[0].lo_ns == 64 && out[0].hi_ns == 128 && out[0].count == 1);
	assert_true(out[n - 1].lo_ns == 1ull << 25 && out[n - 1].count == 1);
	for (int i = 1; i < n - 1; i++)
		assert_true(out[i].count == 0);
	/* huge values are clamped into the open last bucket */
	hist_add(&h, 1ull << 50, false);
	assert_true(hist_bucket(&h, SL_HIST_LOG2 - 1).count == 1);
	assert_true(h.max_ns == 1ull << 50);
	assert_true(hist_percentile(&h, 100) == 1ull << 50);
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void
check_percentiles(uint64_t *vals, size_t n)
{
	static const double ps[] = { 1, 10, 50, 90, 99, 99.9 };

	hist_init(&h);
	for (size_t i = 0; i < n; i++)
		hist_add(&h, vals[i], false);
	qsort(vals, n, sizeof(*vals), cmp_u64);
	for (size_t i = 0; i < sizeof(ps) / sizeof(ps[0]); i++) {
		size_t rank = (size_t)(ps[i] / 100.0 * (double)n + 0.999999);
		uint64_t want = vals[rank ? rank - 1 : 0];
		uint64_t got = hist_percentile(&h, ps[i]);
		double err = want ? (double)(got > want ? got - want : want - got) / (double)want : (double)got;

		if (err > 0.035)
			fail_msg("p%g: got %llu want %llu", ps[i],
				 (unsigned long long)got, (unsigned long long)want);
	}
	assert_true(hist_percentile(&h, 100) == vals[n - 1]);
	assert_true(hist_percentile(&h, 0) == vals[0]);
}

static void
test_percentiles(void **state)
{
	enum { N = 20000 };
	static uint64_t vals[N];
	uint64_t x = 88172645463325252ull;

	(void)state;
	/* log-uniform from 10 ns to ~10 s */
	for (size_t i = 0; i < N; i++) {
		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		vals[i] = 10 + ((x >> 11) & ((1ull << ((x % 30) + 4)) - 1));
	}
	check_percentiles(vals, N);
	/* two clusters: fast getpid and 50 ms sleeps */
	for (size_t i = 0; i < N; i++)
		vals[i] = i % 100 ? 300 + i % 50 : 50000000 + i;
	check_percentiles(vals, N);
	/* a single value */
	vals[0] = 123456;
	check_percentiles(vals, 1);
	/* small exact values */
	for (size_t i = 0; i < 31; i++)
		vals[i] = i;
	hist_init(&h);
	for (size_t i = 0; i < 31; i++)
		hist_add(&h, vals[i], false);
	assert_true(hist_percentile(&h, 50) == 15);
}

static void
test_merge(void **state)
{
	struct sl_hist a, b;

	(void)state;
	hist_init(&a);
	hist_init(&b);
	hist_add(&a, 10, false);
	hist_add(&b, 1000, true);
	hist_add(&b, 5, false);
	hist_merge(&a, &b);
	assert_true(a.count == 3 && a.errors == 1 && a.total_ns == 1015);
	assert_true(a.min_ns == 5 && a.max_ns == 1000);
	assert_true(hist_avg(&a) == 338);
}

static void
test_window(void **state)
{
	static struct sl_hist_window w;
	struct sl_hist out;
	const uint64_t S = 1000000000ull;

	(void)state;
	hist_window_init(&w);
	hist_window_sum(&w, 5 * S, &out);
	assert_true(out.count == 0);
	/* one call per second for 30 s, duration = the second's number */
	for (uint64_t t = 0; t < 30; t++)
		hist_window_add(&w, t * S + S / 2, t * 1000, t % 2);
	hist_window_sum(&w, 29 * S + 1, &out);
	assert_true(out.count == 10);		/* seconds 20..29 */
	assert_true(out.min_ns == 20000 && out.max_ns == 29000);
	assert_true(out.errors == 5);
	/* a moment later, the oldest seconds have left the window */
	hist_window_sum(&w, 33 * S, &out);
	assert_true(out.count == 6);		/* 24..29 */
	assert_true(out.min_ns == 24000);
	hist_window_sum(&w, 100 * S, &out);
	assert_true(out.count == 0);
	/* many calls in one second, then a burst later */
	for (int i = 0; i < 1000; i++)
		hist_window_add(&w, 40 * S + (uint64_t)i, 100, false);
	hist_window_add(&w, 41 * S, 5000000, false);
	hist_window_sum(&w, 41 * S, &out);
	assert_true(out.count == 1001);
	assert_true(hist_percentile(&out, 99.95) == 5000000);
	/* a late event older than the window does not wipe newer data */
	hist_window_add(&w, 31 * S, 1, false);
	hist_window_sum(&w, 41 * S, &out);
	assert_true(out.count == 1001);
}

static void
test_set(void **state)
{
	struct sl_hist_set *s = hist_set_new(true);
	struct sl_hist_entry e[8];
	struct sl_hist tot;
	struct sl_event ev;
	const struct sl_hist *g;

	(void)state;
	memset(&ev, 0, sizeof(ev));
	ev.type = SL_EV_SYSCALL;
	ev.arch = SL_ARCH_X86_64;
	ev.nr = 39;		/* getpid */
	ev.ts_enter = 1000;
	ev.ts_exit = 1300;
	assert_true(hist_set_add(s, &ev));
	ev.flags = SL_EVF_INFLIGHT;
	assert_false(hist_set_add(s, &ev));
	ev.flags = SL_EVF_NOEXIT;
	assert_false(hist_set_add(s, &ev));
	ev.flags = 0;
	ev.nr = 2;		/* open */
	ev.ret = -2;
	ev.ts_exit = 51000;
	assert_true(hist_set_add(s, &ev));
	ev.ret = 3;
	assert_true(hist_set_add(s, &ev));
	ev.type = SL_EV_EXIT;
	assert_false(hist_set_add(s, &ev));

	g = hist_set_get(s, SL_ARCH_IDX_X86_64, 2);
	assert_non_null(g);
	assert_true(g->count == 2 && g->errors == 1 && g->total_ns == 100000);
	assert_null(hist_set_get(s, SL_ARCH_IDX_X86_64, 3));
	assert_int_equal(hist_set_list(s, e, 8), 2);
	assert_int_equal(e[0].nr, 39);
	assert_int_equal(e[1].nr, 2);
	assert_non_null(e[1].w);
	hist_set_total(s, &tot);
	assert_true(tot.count == 3 && tot.max_ns == 50000);

	/* a subtree: merge a second process's set into a copy */
	struct sl_hist_set *s2 = hist_set_new(true), *sub = hist_set_new(true);
	struct sl_hist win;

	ev.type = SL_EV_SYSCALL;
	ev.nr = 39;
	ev.ret = 7;
	ev.ts_enter = 2000000000ull;
	ev.ts_exit = 2000000500ull;
	assert_true(hist_set_add(s2, &ev));
	hist_set_merge(sub, s);
	hist_set_merge(sub, s2);
	g = hist_set_get(sub, SL_ARCH_IDX_X86_64, 39);
	assert_true(g->count == 2 && g->max_ns == 500);
	g = hist_set_get(sub, SL_ARCH_IDX_X86_64, 2);
	assert_true(g->count == 2 && g->errors == 1);
	/* the windows merged too; at t=10.5 s only the newer getpid is recent */
	hist_window_sum(hist_set_window(sub, SL_ARCH_IDX_X86_64, 39),
			2000000600ull, &win);
	assert_true(win.count == 2);		/* both within 10 s of t=2 s */
	hist_window_sum(hist_set_window(sub, SL_ARCH_IDX_X86_64, 39),
			10500000000ull, &win);
	assert_true(win.count == 1 && win.max_ns == 500);
	assert_null(hist_set_window(sub, SL_ARCH_IDX_X86_64, 3));
	hist_set_free(s2);
	hist_set_free(sub);
	hist_set_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bucket_boundaries),
		cmocka_unit_test(test_buckets_range),
		cmocka_unit_test(test_percentiles),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_set),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
