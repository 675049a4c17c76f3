/*
 * hist_bench.c - the numbers behind tests/bench/hist.sh:
 *   1. the cost per event of keeping the interface's histograms
 *      (hist_procs_add: all processes and the event's process, with
 *      rolling windows), the same with each call going through the
 *      queue that carries it from the sink to them (struct sl_callq),
 *      and of -c's set (hist_set_add without windows);
 *   2. the time to filter a full store of N events (default 1M) with
 *      typical regexes, as the interface does when a filter is added.
 * Prints measured figures only.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "syslens/callq.h"
#include "syslens/capture.h"
#include "syslens/hist.h"
#include "syslens/histprocs.h"
#include "syslens/options.h"
#include "syslens/store.h"
#include "syslens/view.h"
#include "../../src/ui/filter_ui.h"

#define NR_READ		0
#define NR_CLOSE	3
#define NR_GETPID	39
#define NR_OPENAT	257

static uint64_t rng = 88172645463325252ull;

/*
 * The thread's CPU time: the machine is shared, and time spent waiting
 * for a CPU is not the code's.  Every figure is the best of REPS runs.
 */
#define REPS	5

static uint64_t
cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t
xorshift(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/*
 * mixed: 16 processes, 24 syscalls drawn uniformly, durations spread over
 * 200 ns..100 us (a worst case for caches); else one process cycling
 * through openat/read/close/getpid of 1..5 us, as tar does.
 */
static void
bench_hist(size_t n, bool mixed)
{
	struct sl_event *evs = calloc(65536, sizeof(*evs));
	struct sl_hist_procs *m = hist_procs_new();
	struct sl_hist_procs *mq = hist_procs_new();
	struct sl_hist_set *s = hist_set_new(false);
	struct sl_callq *q = callq_new();
	struct sl_event out;
	uint64_t t0, t1, t2, t3, ts = 1000000000ull, span;
	uint64_t best_ui = UINT64_MAX, best_c = UINT64_MAX, best_q = UINT64_MAX;

	for (size_t i = 0; i < 65536; i++) {
		struct sl_event *e = &evs[i];

		e->type = SL_EV_SYSCALL;
		e->arch = SL_ARCH_X86_64;
		if (mixed) {
			e->pid = e->tid = (__u32)(1000 + (i / 64) % 16);	/* runs of 64 per process */
			e->nr = (uint32_t)(xorshift() % 24);
			e->ret = xorshift() % 10 ? 0 : -2;
			ts += 1000 + xorshift() % 5000;
			e->ts_enter = ts;
			e->ts_exit = ts + 200 + (xorshift() % 100000);
		} else {
			static const uint32_t nrs[] = { NR_OPENAT, NR_READ, NR_CLOSE, NR_GETPID };

			e->pid = e->tid = 4242;
			e->nr = nrs[i % 4];
			e->ret = 0;
			ts += 6000;
			e->ts_enter = ts;
			e->ts_exit = ts + 1000 + xorshift() % 4000;
		}
	}
	/* each pass over the events comes later than the last, so time moves on
	 * and the windows roll as they would live */
	span = evs[65535].ts_enter - evs[0].ts_enter + 6000;
	for (int rep = 0; rep < REPS; rep++) {
		t0 = cpu_ns();
		for (size_t i = 0; i < n; i++) {
			struct sl_event *e = &evs[i & 65535];

			hist_procs_add(m, e);
			e->ts_enter += span;
			e->ts_exit += span;
		}
		t1 = cpu_ns();
		for (size_t i = 0; i < n; i++)
			hist_set_add(s, &evs[i & 65535]);
		t2 = cpu_ns();
		/* as live: the collector pushes, the interface drains once a frame */
		for (size_t i = 0; i < n; i++) {
			callq_push(q, &evs[i & 65535]);
			if ((i & 4095) == 4095 || i + 1 == n)
				while (callq_pop(q, &out))
					hist_procs_add(mq, &out);
		}
		t3 = cpu_ns();
		best_ui = SL_MIN(best_ui, t1 - t0);
		best_c = SL_MIN(best_c, t2 - t1);
		best_q = SL_MIN(best_q, t3 - t2);
	}
	printf("hist-interface %s: %.1f ns/event (all processes with 10 s windows + the event's process; %zu events, best of %d)\n",
	       mixed ? "mixed (16 processes x 24 syscalls)" : "tar-like (1 process x 4 syscalls)",
	       (double)best_ui / (double)n, n, REPS);
	printf("hist-interface %s through the sink's queue: %.1f ns/event (both threads' share)\n",
	       mixed ? "mixed" : "tar-like", (double)best_q / (double)n);
	printf("hist-summary %s: %.1f ns/event (-c: one set, no window)\n",
	       mixed ? "mixed" : "tar-like", (double)best_c / (double)n);
	hist_procs_free(m);
	hist_procs_free(mq);
	callq_free(q);
	hist_set_free(s);
	free(evs);
}

/*
 * n events of a tar-like run; with `entries`, as the ptrace collector
 * stores them: each call's entry (in flight) and then its end.
 */
static void
fill(struct sl_ring *r, size_t n, bool entries)
{
	struct sl_event_buf b;
	static const char buf[] = "#ifndef _LINUX_TYPES_H\n#define _LINUX_TYPES_H\n";
	char path[96];
	uint64_t ts = 1000000000ull;

	/* i: the call; pushed: events stored so far */
	for (size_t i = 0, pushed = 0; pushed < n; i++, pushed++) {
		unsigned k = (unsigned)(i % 4);

		event_init(&b, SL_EV_SYSCALL);
		b.ev.pid = b.ev.tid = 4242;
		b.ev.arch = SL_ARCH_X86_64;
		b.ev.ts_enter = ts;
		b.ev.ts_exit = ts + 3000;
		ts += 5000;
		b.ev.seq = i + 1;
		snprintf(b.ev.comm, SL_COMM_LEN, "tar");
		snprintf(path, sizeof(path), "/usr/include/linux/header_%zu.h", i / 4);
		switch (k) {
		case 0:
			b.ev.nr = NR_OPENAT;
			b.ev.args[0] = (__u64)-100;
			b.ev.args[1] = 0x7ffd1000;
			b.ev.ret = i % 40 ? 3 : -2;	/* one open in ten fails */
			event_add_payload(&b, 1, SL_CAP_STR, 0, 0, path, strlen(path) + 1);
			if (b.ev.ret >= 0)
				event_add_payload(&b, SL_PL_FDPATH_RET, SL_CAP_FD, SL_PLF_EXIT, 0,
						  path, strlen(path));
			break;
		case 1:
			b.ev.nr = NR_READ;
			b.ev.args[0] = 3;
			b.ev.args[2] = 4096;
			b.ev.ret = sizeof(buf) - 1;
			event_add_payload(&b, 1, SL_CAP_BUF, SL_PLF_EXIT, 0, buf, sizeof(buf) - 1);
			event_add_payload(&b, SL_PL_FDPATH_BASE, SL_CAP_FD, 0, 0, path, strlen(path));
			break;
		case 2:
			b.ev.nr = NR_CLOSE;
			b.ev.args[0] = 3;
			event_add_payload(&b, SL_PL_FDPATH_BASE, SL_CAP_FD, 0, 0, path, strlen(path));
			break;
		default:
			b.ev.nr = NR_GETPID;
			b.ev.ret = 4242;
		}
		if (entries && pushed + 1 < n) {
			struct sl_event_buf e;

			event_init(&e, SL_EV_SYSCALL);
			e.ev.pid = e.ev.tid = 4242;
			e.ev.arch = SL_ARCH_X86_64;
			e.ev.nr = b.ev.nr;
			e.ev.ts_enter = b.ev.ts_enter;
			e.ev.flags = SL_EVF_INFLIGHT;
			e.ev.seq = b.ev.seq;
			memcpy(e.ev.args, b.ev.args, sizeof(e.ev.args));
			ring_push(r, &e.ev);
			pushed++;
		}
		ring_push(r, &b.ev);
	}
}

static void
bench_filter(size_t n, const char *re, bool entries)
{
	static struct sl_ring *rings[2];
	struct sl_ring *r;
	struct sl_options o;
	struct sl_ui_ctx ctx;
	struct sl_uifilter *uf;
	uint64_t t0, t1, pass = 0, best = UINT64_MAX;
	struct sl_event ev;

	if (!rings[entries]) {
		rings[entries] = ring_new(n, 0);
		fill(rings[entries], n, entries);
	}
	r = rings[entries];
	memset(&o, 0, sizeof(o));
	memset(&ctx, 0, sizeof(ctx));
	o.strsize = 32;
	ctx.o = &o;
	ctx.ring = r;
	uf = uifilter_new(&ctx);
	ctx.filter = uf;
	for (int rep = 0; rep < REPS; rep++) {
		if (rep)
			uifilter_pop(uf, &ctx);
		t0 = cpu_ns();
		uifilter_push(uf, &ctx, re, false);
		while (uifilter_step(uf, &ctx, 1000000000ull))
			;
		t1 = cpu_ns();
		best = SL_MIN(best, t1 - t0);
	}
	for (uint64_t i = ring_tail(r); i < ring_head(r); i++)
		if (ring_read_header(r, i, &ev) == 0 && uifilter_pass(uf, &ctx, &ev, i))
			pass++;
	printf("filter-ring%s: %.0f ms for %llu stored events with /%s/ (%.2f M events/s, %llu pass, best of %d)\n",
	       entries ? " (entries and ends, as ptrace stores them)" : " (ends only)",
	       (double)best / 1e6, (unsigned long long)(ring_head(r) - ring_tail(r)), re,
	       (double)(ring_head(r) - ring_tail(r)) / ((double)best / 1e3),
	       (unsigned long long)pass, REPS);
	uifilter_free(uf);
}

int
main(int argc, char **argv)
{
	size_t nf = argc > 1 ? strtoul(argv[1], NULL, 0) : 1000000;
	size_t nh = argc > 2 ? strtoul(argv[2], NULL, 0) : 4000000;

	bench_hist(nh, false);
	bench_hist(nh, true);
	bench_filter(nf, "ENOENT", false);
	bench_filter(nf, "^4242 +(openat|read)\\(", false);
	bench_filter(nf, "close\\(3", false);
	bench_filter(nf, "ENOENT", true);
	bench_filter(nf, "^4242 +(openat|read)\\(", true);
	return 0;
}
