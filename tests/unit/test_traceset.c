/* test_traceset.c - -e trace=SET parsing, strace's syntax. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <cmocka.h>

#include "syslens/event.h"
#include "syslens/traceset.h"

static struct sl_traceset ts;
static char err[256];

static int
parse(const char *expr)
{
	err[0] = '\0';
	return traceset_parse(&ts, expr, err, sizeof(err));
}

static bool
has(const char *name)
{
	int nr = syscall_lookup(SL_ARCH_X86_64, name);

	assert_true(nr >= 0);
	return traceset_has(&ts, SL_ARCH_IDX_X86_64, (uint32_t)nr);
}

static bool
has32(const char *name)
{
	int nr = syscall_lookup(SL_ARCH_I386, name);

	assert_true(nr >= 0);
	return traceset_has(&ts, SL_ARCH_IDX_I386, (uint32_t)nr);
}

static void
test_names(void **state)
{
	(void)state;
	assert_int_equal(parse("trace=openat,close"), 0);
	assert_true(has("openat"));
	assert_true(has("close"));
	assert_false(has("read"));
	/* both arches, each with its own numbers */
	assert_true(has32("openat"));
	assert_true(has32("close"));
	assert_false(has32("read"));
	/* without the prefix, and the short one */
	assert_int_equal(parse("getpid"), 0);
	assert_true(has("getpid"));
	assert_false(has("openat"));
	assert_int_equal(parse("t=getpid"), 0);
	assert_true(has("getpid"));
	/* empty tokens are skipped, as strace does */
	assert_int_equal(parse("open,,close"), 0);
	assert_true(has("open") && has("close"));
	/* a name only one arch has */
	assert_int_equal(parse("socketcall"), 0);
	assert_true(has32("socketcall"));
	/* unknown set: NULL means everything */
	assert_true(traceset_has(NULL, 0, 1));
}

static void
test_negation(void **state)
{
	(void)state;
	assert_int_equal(parse("trace=!openat,close"), 0);
	assert_false(has("openat"));
	assert_false(has("close"));
	assert_true(has("read"));
	assert_true(has("getpid"));
	assert_false(has32("openat"));
	assert_true(has32("read"));
	assert_int_equal(parse("!!openat"), 0);
	assert_true(has("openat"));
	assert_false(has("read"));
}

static void
test_all_none(void **state)
{
	(void)state;
	assert_int_equal(parse("all"), 0);
	assert_true(has("read") && has("getppid") && has32("open"));
	assert_int_equal(parse("none"), 0);
	assert_false(has("read") || has("getppid") || has32("open"));
	assert_int_equal(parse("!all"), 0);
	assert_false(has("read"));
	assert_int_equal(parse("!none"), 0);
	assert_true(has("read"));
}

static void
test_classes(void **state)
{
	(void)state;
	assert_int_equal(parse("%file"), 0);
	assert_true(has("openat"));
	assert_false(has("read"));
	assert_false(has("getpid"));
	assert_int_equal(parse("%desc"), 0);
	assert_true(has("read") && has("write") && has("close"));
	assert_true(has32("read"));
	/* the old spelling without '%' */
	assert_int_equal(parse("file"), 0);
	assert_true(has("openat"));
	assert_false(has("read"));
	/* "signal" is the class, as in strace, not i386's signal call */
	assert_int_equal(parse("signal"), 0);
	assert_true(has("rt_sigaction") && has("kill"));
	assert_int_equal(parse("trace=signal"), 0);
	assert_true(has("rt_sigprocmask"));
	assert_int_equal(parse("!%file"), 0);
	assert_false(has("openat"));
	assert_true(has("read"));
	/* classes mix with names */
	assert_int_equal(parse("%file,getpid"), 0);
	assert_true(has("openat") && has("getpid"));
	/* every documented class parses */
	static const char *const all[] = {
		"%file", "%network", "%net", "%process", "%signal", "%memory",
		"%desc", "%ipc", "%creds", "%clock", "%pure", "%stat", "%lstat",
		"%fstat", "%%stat", "%statfs", "%fstatfs", "%%statfs",
		"network", "process", "signal", "memory", "desc", "ipc",
	};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (parse(all[i]) != 0)
			fail_msg("%s: %s", all[i], err);
	/* the stat families, kept by name */
	assert_int_equal(parse("%%stat"), 0);
	assert_true(has("stat") && has("lstat") && has("newfstatat") && has("statx"));
	assert_false(has("statfs"));
	assert_int_equal(parse("%fstat"), 0);
	assert_true(has("fstat") && has("statx"));
	assert_false(has("stat"));
	assert_int_equal(parse("%%statfs"), 0);
	assert_true(has("statfs") && has("fstatfs"));
}

static void
test_regex_and_ignore(void **state)
{
	(void)state;
	assert_int_equal(parse("/^get.*pid$"), 0);
	assert_true(has("getpid") && has("getppid"));
	assert_false(has("read"));
	assert_int_equal(parse("/^(read|write)$,close"), 0);
	assert_true(has("read") && has("write") && has("close"));
	assert_false(has("pread64"));
	assert_int_equal(parse("?nosuchcall,getpid"), 0);
	assert_true(has("getpid"));
	assert_int_equal(parse("?%nosuchclass,getpid"), 0);
	assert_true(has("getpid"));
}

static void
test_errors(void **state)
{
	(void)state;
	assert_int_equal(parse("trace=open,nosuchcall"), -EINVAL);
	assert_string_equal(err, "unknown syscall 'nosuchcall'");
	assert_int_equal(parse("%nosuchclass"), -EINVAL);
	assert_string_equal(err, "unknown syscall class '%nosuchclass'");
	assert_int_equal(parse("/("), -EINVAL);
	assert_non_null(strstr(err, "invalid regex '/('"));
	assert_int_equal(parse("trace="), -EINVAL);
	assert_int_equal(parse("signal=SIGCHLD"), -EINVAL);
	assert_non_null(strstr(err, "signal="));
	assert_null(strchr(err, '\n'));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_negation),
		cmocka_unit_test(test_all_none),
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_regex_and_ignore),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
