/*
 * ebpf_floor.c - what any eBPF syscall tracer pays on this machine: the
 * ns of one getppid call and the time of a tar run with nothing attached,
 * then with each pair of programs of ebpf_floor.bpf.c attached (empty
 * ones, a clock read, a record per call, a record plus a user-memory
 * read), each as a ratio to the first.  The eBPF collector's own figures
 * (tests/bench/ebpf.sh) read against these.  The records are drained by
 * a thread on a 10 ms timer, as syslens drains its ring buffer.
 *
 *   ebpf_floor [CALLS [REPS]]      (root: it loads BPF programs)
 *
 * Returns 0, or 1 when the programs cannot be loaded or attached.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "ebpf_floor.skel.h"

/* the tar of tests/bench/ebpf.sh */
#define TAR_CMD "tar -cf - -C /usr include | cat >/dev/null"

static atomic_int stop;
static atomic_long drained;

static unsigned long long
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* ns per getppid call, the best of reps runs of calls calls */
static double
getppid_ns(long calls, int reps)
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

/* ms of the tar pipeline, the best of reps runs; 0 when it failed */
static double
tar_ms(int reps)
{
	double best = 0;

	for (int r = 0; r < reps; r++) {
		unsigned long long t0 = now_ns();
		double ms;

		if (system(TAR_CMD) != 0)
			return 0;
		ms = (double)(now_ns() - t0) / 1e6;
		if (r == 0 || ms < best)
			best = ms;
	}
	return best;
}

static int
on_record(void *ctx, void *data, size_t size)
{
	atomic_fetch_add(&drained, 1);
	return 0;
}

static void *
drain(void *arg)
{
	struct ring_buffer *rb = arg;

	while (!atomic_load(&stop)) {
		/* records come without a wakeup: read them on a timer */
		ring_buffer__consume(rb);
		usleep(10000);
	}
	ring_buffer__consume(rb);
	return NULL;
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
	struct ring_buffer *rb = NULL;
	struct bpf_link *l1 = NULL, *l2 = NULL;
	double base, tar_base, ns, ms;
	pthread_t drainer;
	int rc = 1, have_drainer = 0;

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
	rb = ring_buffer__new(bpf_map__fd(skel->maps.rb), on_record, NULL, NULL);
	if (!rb || pthread_create(&drainer, NULL, drain, rb) != 0) {
		fprintf(stderr, "ebpf_floor: cannot drain the ring buffer\n");
		goto cleanup;
	}
	have_drainer = 1;
	getppid_ns(calls, 1);	/* CPU frequency, caches */
	tar_ms(1);
	base = getppid_ns(calls, reps);
	tar_base = tar_ms(reps);
	printf("%-44s %6.1f ns          tar %6.1f ms\n", "nothing attached:", base, tar_base);

	struct {
		const char *what;
		struct bpf_program *enter, *exit;
	} runs[] = {
		{ "empty program at entry:", skel->progs.empty_enter, NULL },
		{ "empty programs at entry and exit:", skel->progs.empty_enter,
		  skel->progs.empty_exit },
		{ "a clock read at entry and exit:", skel->progs.clock_enter,
		  skel->progs.clock_exit },
		{ "that, and a ring-buffer record per call:", skel->progs.rec_enter,
		  skel->progs.rec_exit },
		{ "that, and one read of user memory:", skel->progs.rec_enter,
		  skel->progs.read_exit },
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
		ns = getppid_ns(calls, reps);
		ms = tar_ms(reps);
		printf("%-44s %6.1f ns  %.2fx   tar %6.1f ms  %.2fx\n", runs[k].what,
		       ns, ns / base, ms, tar_base > 0 && ms > 0 ? ms / tar_base : 0);
		bpf_link__destroy(l2);
		bpf_link__destroy(l1);
		l1 = l2 = NULL;
	}
	rc = 0;
cleanup:
	if (rc && have_drainer)
		fprintf(stderr, "ebpf_floor: cannot attach: %s\n", strerror(errno));
	bpf_link__destroy(l2);
	bpf_link__destroy(l1);
	if (have_drainer) {
		atomic_store(&stop, 1);
		pthread_join(drainer, NULL);
	}
	ring_buffer__free(rb);
	ebpf_floor_bpf__destroy(skel);
	return rc;
}
