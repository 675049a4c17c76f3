/*
 * ebpf_floor.c - what any eBPF syscall tracer pays on this machine: the
 * ns of one getppid call with nothing attached, with an empty program at
 * syscall entry, with empty ones at entry and exit, and with a clock read
 * in both (ebpf_floor.bpf.c), each as a ratio to the first.  The eBPF
 * collector's own figures (tests/bench/ebpf.sh) read against these.
 *
 *   ebpf_floor [CALLS [REPS]]      (root: it loads BPF programs)
 *
 * Returns 0, or 1 when the programs cannot be loaded or attached.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "ebpf_floor.skel.h"

static unsigned long long
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* ns per getppid call, the best of reps runs of calls calls */
static double
ns_per_call(long calls, int reps)
{
	double best = 0;

	for (int r = 0; r < reps; r++) {
		unsigned long long t0 = now_ns();
		double ns;

		for (long i = 0; i < calls; i++)
			syscall(SYS_getppid);
		ns = (double)(now_ns() - t0) / calls;
		if (r == 0 || ns < best)
			best = ns;
	}
	return best;
}

static int
silent(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

int
main(int argc, char **argv)
{
	long calls = argc > 1 ? atol(argv[1]) : 2000000;
	int reps = argc > 2 ? atoi(argv[2]) : 5;
	struct ebpf_floor_bpf *skel;
	struct bpf_link *l1 = NULL, *l2 = NULL;
	double base, ns;
	int rc = 1;

	if (calls <= 0 || reps <= 0) {
		fprintf(stderr, "usage: ebpf_floor [CALLS [REPS]]\n");
		return 2;
	}
	if (!getenv("EBPF_FLOOR_DEBUG"))
		libbpf_set_print(silent);
	skel = ebpf_floor_bpf__open_and_load();
	if (!skel) {
		fprintf(stderr, "ebpf_floor: cannot load the programs: %s\n", strerror(errno));
		return 1;
	}
	ns_per_call(calls, 1);	/* CPU frequency, caches */
	base = ns_per_call(calls, reps);
	printf("getppid, %-34s %6.1f ns\n", "nothing attached:", base);

	struct {
		const char *what;
		struct bpf_program *enter, *exit;
	} runs[] = {
		{ "empty program at entry:", skel->progs.empty_enter, NULL },
		{ "empty programs at entry and exit:", skel->progs.empty_enter,
		  skel->progs.empty_exit },
		{ "a clock read at entry and exit:", skel->progs.clock_enter,
		  skel->progs.clock_exit },
	};
	for (size_t k = 0; k < sizeof(runs) / sizeof(runs[0]); k++) {
		l1 = bpf_program__attach(runs[k].enter);
		if (!l1)
			goto cleanup;
		if (runs[k].exit) {
			l2 = bpf_program__attach(runs[k].exit);
			if (!l2)
				goto cleanup;
		}
		ns = ns_per_call(calls, reps);
		printf("getppid, %-34s %6.1f ns  %.2fx\n", runs[k].what, ns, ns / base);
		bpf_link__destroy(l2);
		bpf_link__destroy(l1);
		l1 = l2 = NULL;
	}
	rc = 0;
cleanup:
	if (rc)
		fprintf(stderr, "ebpf_floor: cannot attach: %s\n", strerror(errno));
	bpf_link__destroy(l2);
	bpf_link__destroy(l1);
	ebpf_floor_bpf__destroy(skel);
	return rc;
}
