/* test_filter.c - PCRE2 filter stacks, errors, limits, spans, the sink. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <cmocka.h>

#include "syslens/filter.h"
#include "syslens/output.h"
#include "syslens/syscalls.h"

static bool
m(struct sl_filters *f, const char *line)
{
	return filters_match(f, line, strlen(line), NULL);
}

static void
test_stack(void **state)
{
	struct sl_filters *f = filters_new();
	char err[256];
	bool ex;

	(void)state;
	assert_true(m(f, "anything"));
	assert_int_equal(filters_add(f, "openat", err, sizeof(err)), 0);
	assert_true(m(f, "123  openat(AT_FDCWD, \"/etc/passwd\") = 3"));
	assert_false(m(f, "123  read(3, \"\", 10) = 0"));
	/* includes narrow: every one must match */
	assert_int_equal(filters_add(f, "= -1 E", err, sizeof(err)), 0);
	assert_false(m(f, "123  openat(AT_FDCWD, \"/etc/passwd\") = 3"));
	assert_true(m(f, "123  openat(AT_FDCWD, \"/nope\") = -1 ENOENT (No such file)"));
	/* an exclude drops what it matches */
	assert_int_equal(filters_add(f, "!nope", err, sizeof(err)), 0);
	assert_false(m(f, "123  openat(AT_FDCWD, \"/nope\") = -1 ENOENT (No such file)"));
	assert_true(m(f, "123  openat(AT_FDCWD, \"/x\") = -1 EACCES (Permission denied)"));
	assert_int_equal(filters_count(f), 3);
	assert_string_equal(filters_pattern(f, 2, &ex), "nope");
	assert_true(ex);
	assert_string_equal(filters_pattern(f, 0, &ex), "openat");
	assert_false(ex);
	assert_null(filters_pattern(f, 3, &ex));
	/* removed one by one */
	assert_int_equal(filters_remove(f, 1), 0);
	assert_true(m(f, "123  openat(AT_FDCWD, \"/etc/passwd\") = 3"));
	assert_int_equal(filters_remove(f, 5), -ENOENT);
	assert_int_equal(filters_remove(f, 0), 0);
	assert_int_equal(filters_remove(f, 0), 0);
	assert_int_equal(filters_count(f), 0);
	assert_true(m(f, "whatever"));
	/* "\!" matches a '!', it is not an exclude */
	assert_int_equal(filters_add(f, "\\!x", err, sizeof(err)), 0);
	assert_true(m(f, "a !x b"));
	assert_false(m(f, "a x b"));
	/* inline options work */
	assert_int_equal(filters_remove(f, 0), 0);
	assert_int_equal(filters_add(f, "(?i)ENOENT", err, sizeof(err)), 0);
	assert_true(m(f, "enoent"));
	filters_free(f);
}

static void
test_errors(void **state)
{
	struct sl_filters *f = filters_new();
	char err[256];

	(void)state;
	assert_int_equal(filters_add(f, "open(at", err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "regex 'open(at'"));
	assert_non_null(strstr(err, "missing closing parenthesis"));
	assert_non_null(strstr(err, "at offset 7"));
	assert_null(strchr(err, '\n'));
	assert_int_equal(filters_add(f, "!a[", err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "at offset 2"));
	assert_int_equal(filters_add(f, "x{2,1}", err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "offset"));
	/* the stack is unchanged by failures */
	assert_int_equal(filters_count(f), 0);
	filters_free(f);
}

static void
test_limits(void **state)
{
	struct sl_filters *f = filters_new();
	char err[256], line[64];
	bool lim = false;

	(void)state;
	memset(line, 'a', 40);
	strcpy(line + 40, "!");
	/* catastrophic backtracking, without the JIT's shortcuts */
	assert_int_equal(filters_add(f, "^(a+)+$", err, sizeof(err)), 0);
	filters_set_limits(f, 10000, 100);
	assert_true(filters_match(f, line, strlen(line), &lim));
	assert_true(lim);
	assert_true(filters_limit_hits(f) == 1);
	/* as an exclude, the line is kept too */
	assert_int_equal(filters_remove(f, 0), 0);
	assert_int_equal(filters_add(f, "!^(a+)+$", err, sizeof(err)), 0);
	assert_true(filters_match(f, line, strlen(line), &lim));
	assert_true(lim);
	assert_true(filters_limit_hits(f) == 2);
	/* a normal line does not count */
	assert_true(filters_match(f, "bbb", 3, &lim));
	assert_false(lim);
	assert_true(filters_limit_hits(f) == 2);
	filters_free(f);
}

static void
test_spans(void **state)
{
	struct sl_filters *f = filters_new();
	struct sl_span sp[8];
	char err[256];
	const char *line = "12  openat(AT_FDCWD, \"/etc/passwd\") = -1 ENOENT";

	(void)state;
	assert_int_equal(filters_add(f, "e[tn]", err, sizeof(err)), 0);
	assert_int_equal(filters_add(f, "!zzz", err, sizeof(err)), 0);
	assert_int_equal(filters_add(f, "ENOENT", err, sizeof(err)), 0);
	int n = filters_spans(f, line, strlen(line), sp, 8);
	assert_int_equal(n, 3);
	assert_int_equal(sp[0].start, 6);		/* "en" in openat */
	assert_int_equal(sp[0].end, 8);
	assert_int_equal(sp[1].start, 23);	/* "et" in /etc */
	assert_int_equal(sp[2].start, strlen(line) - 6);
	assert_int_equal(sp[2].end, strlen(line));
	/* empty matches do not loop */
	assert_int_equal(filters_remove(f, 0), 0);
	assert_int_equal(filters_add(f, "x*", err, sizeof(err)), 0);
	assert_int_equal(filters_spans(f, "abc", 3, sp, 8), 0);
	assert_int_equal(filters_spans(f, line, strlen(line), sp, 1), 1);
	filters_free(f);
}

/* A sink that counts what reaches it. */
struct count_sink {
	struct sl_sink sink;
	int events, finished;
};

static int
count_event(struct sl_sink *s, const struct sl_event *ev)
{
	(void)ev;
	((struct count_sink *)s)->events++;
	return 0;
}

static void
count_finish(struct sl_sink *s, const struct sl_collect_stats *st)
{
	(void)st;
	((struct count_sink *)s)->finished++;
}

static void
test_sink(void **state)
{
	static struct count_sink cs = { { count_event, count_finish, NULL }, 0, 0 };
	struct sl_decode_opts d = SL_DECODE_OPTS_DEFAULT;
	struct sl_filters *f = filters_new();
	struct sl_sink *s;
	struct sl_event ev;
	char err[256];

	(void)state;
	assert_int_equal(filters_add(f, "^42 +getpid\\(", err, sizeof(err)), 0);
	s = filter_sink_new(&cs.sink, f, &d);
	memset(&ev, 0, sizeof(ev));
	ev.type = SL_EV_SYSCALL;
	ev.arch = SL_ARCH_X86_64;
	ev.pid = ev.tid = 42;
	ev.nr = (uint32_t)syscall_lookup(SL_ARCH_X86_64, "getpid");
	ev.ret = 42;
	assert_int_equal(sink_event(s, &ev), 0);
	assert_int_equal(cs.events, 1);
	ev.nr = (uint32_t)syscall_lookup(SL_ARCH_X86_64, "getppid");
	assert_int_equal(sink_event(s, &ev), 0);
	assert_int_equal(cs.events, 1);
	/* in-flight entries and process events pass */
	ev.flags = SL_EVF_INFLIGHT;
	sink_event(s, &ev);
	assert_int_equal(cs.events, 2);
	ev.flags = 0;
	ev.type = SL_EV_EXIT;
	ev.args[0] = 1;
	sink_event(s, &ev);
	assert_int_equal(cs.events, 3);
	s->finish(s, NULL);
	assert_int_equal(cs.finished, 1);
	/* destroying it destroys filters and inner (none here) */
	s->destroy(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stack),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_spans),
		cmocka_unit_test(test_sink),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
