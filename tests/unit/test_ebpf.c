/*
 * test_ebpf.c - the eBPF collector driven directly, its events kept by a
 * sink that copies them: payload bytes (hostile strings, an unreadable
 * page, exit-time buffers, exec argv), in-flight reports and their pairing
 * with the finished call.  Skips (with the reason) where the backend
 * cannot load: not root, no BTF.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "syslens/capture.h"
#include "syslens/collector.h"
#include "syslens/event.h"
#include "syslens/options.h"
#include "syslens/syscalls.h"
#include "syslens/util.h"

#define TRACEE	"build/progs/ebpf_tracee"

struct keep_sink {
	struct sl_sink sink;
	struct sl_event **ev;
	size_t n, cap;
};

static int
keep_event(struct sl_sink *s, const struct sl_event *ev)
{
	struct keep_sink *k = (struct keep_sink *)s;

	if (k->n == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 256;
		k->ev = xrealloc(k->ev, k->cap * sizeof(*k->ev));
	}
	k->ev[k->n] = xmalloc(ev->size);
	memcpy(k->ev[k->n], ev, ev->size);
	k->n++;
	return 0;
}

static void
keep_free(struct keep_sink *k)
{
	for (size_t i = 0; i < k->n; i++)
		free(k->ev[i]);
	free(k->ev);
	memset(k, 0, sizeof(*k));
}

static char skip_why[256];

/* Trace argv to its end; events in k.  Returns the exit status, or -1
 * when the backend is unavailable (skip_why says why). */
static int
trace_with(struct keep_sink *k, char **argv, bool ebpf)
{
	struct sl_options o;
	struct sl_collector *c;
	char why[256];
	int rc;

	memset(k, 0, sizeof(*k));
	k->sink.event = keep_event;
	memset(&o, 0, sizeof(o));
	o.mode = SL_MODE_LAUNCH;
	o.backend = SL_BACKEND_EBPF;
	o.argv = argv;
	o.strsize = 32;
	o.launch_tty_fd = -1;
	if (geteuid() != 0) {
		snprintf(skip_why, sizeof(skip_why), "needs root");
		return -1;
	}
	c = ebpf ? ebpf_collector_new(why, sizeof(why)) :
		   ptrace_collector_new(why, sizeof(why));
	if (!c) {
		snprintf(skip_why, sizeof(skip_why), "%s", why);
		return -1;
	}
	if (c->start(c, &o, &k->sink, why, sizeof(why)) < 0) {
		snprintf(skip_why, sizeof(skip_why), "%s", why);
		c->destroy(c);
		return -1;
	}
	assert_int_equal(c->run(c), 0);
	rc = c->exit_status;
	c->destroy(c);
	return rc;
}

static int
trace(struct keep_sink *k, char **argv)
{
	return trace_with(k, argv, true);
}

/* The first syscall event named `name` from index `from`, in flight or
 * finished. */
static const struct sl_event *
find_call(struct keep_sink *k, const char *name, size_t from, bool inflight)
{
	for (size_t i = from; i < k->n; i++) {
		const struct sl_event *e = k->ev[i];
		const char *n = syscall_name(e->arch, e->nr);

		if (e->type == SL_EV_SYSCALL && n && !strcmp(n, name) &&
		    !!(e->flags & SL_EVF_INFLIGHT) == inflight)
			return e;
	}
	return NULL;
}

static void
test_hostile_paths(void **state)
{
	static const char *want[] = {
		"/nonexistent/\x1b[31mred\x1b[0m",
		"/nonexistent/\xff\xfe invalid utf-8",
		"/nonexistent/quote\"back\\slash\nnewline",
	};
	char *argv[] = { TRACEE, "hostile", NULL };
	struct keep_sink k;
	const struct sl_event *e;
	const struct sl_payload *pl;
	size_t seen = 0, unreadable = 0, late = 0;

	(void)state;
	if (trace(&k, argv) < 0)
		fail_msg("ebpf backend unavailable: %s", skip_why);
	for (size_t i = 0; i < k.n; i++) {
		e = k.ev[i];
		if (e->type != SL_EV_SYSCALL || strcmp(syscall_name(e->arch, e->nr) ?: "", "openat"))
			continue;
		pl = event_payload_find(e, 1, 0);
		if (!pl)
			continue;
		for (size_t j = 0; j < 3; j++)
			if (pl->len == strlen(want[j]) &&
			    !memcmp(event_payload_data(pl), want[j], pl->len) &&
			    !(pl->flags & (SL_PLF_TRUNCATED | SL_PLF_UNREADABLE)))
				seen |= 1u << j;
		/* a never-touched page the call did not read: no bytes, and
		 * said so (never stale ones) */
		if ((pl->flags & SL_PLF_UNREADABLE) && pl->len == 0 &&
		    (e->flags & SL_EVF_UNREADABLE) && e->ret == -22)
			unreadable++;
		/* one the call read (faulting it in): read again at exit */
		if (!(pl->flags & SL_PLF_UNREADABLE) && (pl->flags & SL_PLF_EXIT) &&
		    pl->len == 0 && !(e->flags & SL_EVF_UNREADABLE) && e->ret == -2)
			late++;
	}
	assert_int_equal(seen, 7);
	assert_int_equal(unreadable, 1);
	assert_int_equal(late, 1);
	keep_free(&k);
}

static void
test_exit_buffer_and_exec(void **state)
{
	char *argv[] = { TRACEE, "execargs", NULL };
	static const char *want[] = { "true", "plain", "\x1b]0;title\a", "tab\there",
				      "\xc3\x28", "" };
	struct keep_sink k;
	const struct sl_event *e = NULL;
	const struct sl_payload *pl;
	int execs = 0;

	(void)state;
	if (trace(&k, argv) < 0)
		fail_msg("ebpf backend unavailable: %s", skip_why);
	/* the loader reads the ELF header of libc: bytes read at exit */
	e = find_call(&k, "read", 0, false);
	assert_non_null(e);
	assert_true(e->ret > 4);
	pl = event_payload_find(e, 1, 0);
	assert_non_null(pl);
	assert_true(pl->flags & SL_PLF_EXIT);
	assert_memory_equal(event_payload_data(pl), "\177ELF", 4);
	/* the exec of /bin/true: its path and every argv string */
	for (size_t i = 0; i < k.n; i++) {
		e = k.ev[i];
		if (e->type != SL_EV_EXEC)
			continue;
		pl = event_payload_find(e, 0, 0);
		assert_non_null(pl);
		if (pl->len != 9 || memcmp(event_payload_data(pl), "/bin/true", 9))
			continue;
		for (unsigned j = 0; j < 6; j++) {
			pl = event_payload_find(e, 1, j);
			assert_non_null(pl);
			assert_int_equal(pl->kind, 7 /* SL_CAP_STRV */);
			assert_int_equal(pl->len, strlen(want[j]));
			assert_memory_equal(event_payload_data(pl), want[j], pl->len);
		}
		assert_null(event_payload_find(e, 1, 6));
		execs++;
	}
	assert_int_equal(execs, 1);
	keep_free(&k);
}

static void
test_inflight(void **state)
{
	char *argv[] = { "/bin/sleep", "1.5", NULL };
	struct keep_sink k;
	const struct sl_event *in, *done;

	(void)state;
	if (trace(&k, argv) < 0)
		fail_msg("ebpf backend unavailable: %s", skip_why);
	in = find_call(&k, "clock_nanosleep", 0, true);
	assert_non_null(in);
	done = find_call(&k, "clock_nanosleep", 0, false);
	assert_non_null(done);
	assert_true(in->seq == done->seq);
	assert_true(in->ts_enter == done->ts_enter);
	assert_true(done->ts_exit - done->ts_enter >= 1400000000ull);
	/* reported while blocked, so before the finished call */
	for (size_t i = 0; i < k.n; i++) {
		if (k.ev[i] == done)
			fail_msg("finished call delivered before its in-flight report");
		if (k.ev[i] == in)
			break;
	}
	keep_free(&k);
}

/* Whether a payload's bytes are the same in every run (no addresses). */
static bool
stable_bytes(const struct sl_payload *pl)
{
	switch (pl->kind) {
	case SL_CAP_IOV:
		return pl->part >= 1;
	case SL_CAP_MSGHDR:
		return pl->part == 1 || pl->part == 3 || pl->part >= 4;
	case SL_CAP_STRUCT:
	case SL_CAP_ARRAY:
	case SL_CAP_SIGMASK_SP:
	case SL_CAP_INTP:
		return false;	/* may hold pointers, times, inode numbers */
	default:
		return true;
	}
}

static const struct sl_payload *
payload_of(const struct sl_event *e, unsigned arg, unsigned part, unsigned kind)
{
	const struct sl_payload *pl;

	for (pl = event_payload_first(e); pl; pl = event_payload_next(e, pl))
		if (pl->arg == arg && pl->part == part && pl->kind == kind)
			return pl;
	return NULL;
}

/* The finished syscalls of a run, in order (one thread: one order). */
static size_t
finished(struct keep_sink *k, const struct sl_event **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < k->n && n < max; i++)
		if (k->ev[i]->type == SL_EV_SYSCALL &&
		    !(k->ev[i]->flags & SL_EVF_INFLIGHT))
			out[n++] = k->ev[i];
	return n;
}

/*
 * Both backends follow one capture table: for the same program, every
 * call has the same payloads (argument, part, kind, flags, length), with
 * the same bytes wherever they do not hold addresses.
 */
static void
compare_backends(char **argv)
{
	static const struct sl_event *pe[4096], *ee[4096];
	struct keep_sink kp, ke;
	size_t np, ne, checked = 0;
	char what[128];

	if (trace_with(&kp, argv, false) < 0)
		fail_msg("ptrace backend unavailable: %s", skip_why);
	assert_int_equal(trace_with(&ke, argv, true), 0);
	np = finished(&kp, pe, 4096);
	ne = finished(&ke, ee, 4096);
	assert_int_equal(np, ne);
	for (size_t i = 0; i < np; i++) {
		const struct sl_payload *a, *b;
		const char *name = syscall_name(pe[i]->arch, pe[i]->nr);

		snprintf(what, sizeof(what), "call %zu (%s)", i, name ? name : "?");
		assert_int_equal(pe[i]->nr, ee[i]->nr);
		for (a = event_payload_first(pe[i]); a; a = event_payload_next(pe[i], a)) {
			if (a->arg >= SL_PL_FDPATH_BASE)
				continue;
			b = payload_of(ee[i], a->arg, a->part, a->kind);
			if (!b)
				fail_msg("%s: arg %u part %u kind %u: only ptrace has it",
					 what, a->arg, a->part, a->kind);
			if (a->len != b->len || (a->flags & ~SL_PLF_EXIT) != (b->flags & ~SL_PLF_EXIT))
				fail_msg("%s: arg %u part %u: len %u/%u flags %#x/%#x",
					 what, a->arg, a->part, a->len, b->len, a->flags, b->flags);
			if (stable_bytes(a) &&
			    memcmp(event_payload_data(a), event_payload_data(b), a->len))
				fail_msg("%s: arg %u part %u: bytes differ", what, a->arg, a->part);
			checked++;
		}
		for (b = event_payload_first(ee[i]); b; b = event_payload_next(ee[i], b))
			/* kinds newer than the ptrace backend may be ours only */
			if (b->arg < SL_PL_FDPATH_BASE && b->kind < SL_CAP_STRV_COUNT &&
			    !payload_of(pe[i], b->arg, b->part, b->kind))
				fail_msg("%s: arg %u part %u kind %u: only ebpf has it",
					 what, b->arg, b->part, b->kind);
	}
	assert_true(checked > 20);
	keep_free(&kp);
	keep_free(&ke);
}

static void
test_same_payloads_io(void **state)
{
	char *argv[] = { TRACEE, "io", NULL };

	(void)state;
	compare_backends(argv);
}

static void
test_same_payloads_exec(void **state)
{
	char *argv[] = { TRACEE, "execargs", NULL };

	(void)state;
	compare_backends(argv);
}

int
main(void)
{
	struct sl_collector *c;
	char why[256];
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostile_paths),
		cmocka_unit_test(test_exit_buffer_and_exec),
		cmocka_unit_test(test_inflight),
		cmocka_unit_test(test_same_payloads_io),
		cmocka_unit_test(test_same_payloads_exec),
	};

	/* cmocka's TAP output calls a skipped test "not ok": say it here */
	c = geteuid() == 0 ? ebpf_collector_new(why, sizeof(why)) : NULL;
	if (geteuid() != 0)
		snprintf(why, sizeof(why), "needs root");
	if (!c) {
		for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
			printf("ok - %s # SKIP %s\n", tests[i].name, why);
		return 0;
	}
	c->destroy(c);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
