/* test_core.c - the event record, the syscall table, options. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "syslens/event.h"
#include "syslens/options.h"
#include "syslens/syscalls.h"
#include "syslens/util.h"

static void
test_payloads(void **state)
{
	struct sl_event_buf b;
	const struct sl_payload *pl;

	(void)state;
	event_init(&b, SL_EV_SYSCALL);
	assert_non_null(event_add_payload(&b, 1, 1, 0, 0, "/etc/passwd", 11));
	assert_non_null(event_add_payload(&b, 2, 2, 0, 3, "abc", 3));
	assert_int_equal(b.ev.npayload, 2);
	assert_int_equal(b.ev.size, sizeof(b.ev) + 8 + 16 + 8 + 8);
	pl = event_payload_find(&b.ev, 2, 3);
	assert_non_null(pl);
	assert_memory_equal(event_payload_data(pl), "abc", 3);
	assert_null(event_payload_find(&b.ev, 3, 0));
}

static void
test_payload_overflow(void **state)
{
	static struct sl_event_buf b;
	static char big[SL_PAYLOAD_MAX * 2];

	(void)state;
	event_init(&b, SL_EV_SYSCALL);
	assert_non_null(event_add_payload(&b, 0, 1, 0, 0, big, sizeof(big)));
	assert_true(b.ev.flags & SL_EVF_TRUNCATED);
	assert_true(b.ev.payload_len <= SL_PAYLOAD_MAX);
	assert_null(event_add_payload(&b, 1, 1, 0, 0, "x", 1));
}

static void
test_syscall_table(void **state)
{
	(void)state;
	assert_string_equal(syscall_name(SL_ARCH_X86_64, 0), "read");
	assert_string_equal(syscall_name(SL_ARCH_X86_64, 257), "openat");
	assert_int_equal(syscall_lookup(SL_ARCH_X86_64, "getppid"), 110);
	/* i386 numbering is its own */
	assert_string_equal(syscall_name(SL_ARCH_I386, 5), "open");
	assert_null(syscall_name(SL_ARCH_X86_64, 511));
	assert_null(syscall_name(0x1234, 0));
}

static void
test_durations(void **state)
{
	uint64_t ns;

	(void)state;
	assert_int_equal(parse_duration("1s", &ns), 0);
	assert_true(ns == 1000000000ull);
	assert_int_equal(parse_duration("250ms", &ns), 0);
	assert_true(ns == 250000000ull);
	assert_int_equal(parse_duration("2.5", &ns), 0);
	assert_true(ns == 2500000000ull);
	assert_int_equal(parse_duration("1m", &ns), 0);
	assert_true(ns == 60000000000ull);
	assert_int_not_equal(parse_duration("fast", &ns), 0);
	assert_int_not_equal(parse_duration("-1s", &ns), 0);
	assert_int_not_equal(parse_duration("3 s", &ns), 0);
}

static void
test_options_modes(void **state)
{
	struct sl_options o;
	char *a1[] = { "syslens", "-p", "1,2", NULL };
	char *a2[] = { "syslens", "--text", "-s", "64", "--", "ls", "-l", NULL };
	char *a3[] = { "syslens", NULL };
	char *a4[] = { "syslens", "-s", "-1", "ls", NULL };

	(void)state;
	assert_int_equal(options_parse(&o, 3, a1), 0);
	assert_int_equal(o.mode, SL_MODE_ATTACH);
	assert_int_equal(o.npids, 2);
	options_free(&o);
	assert_int_equal(options_parse(&o, 7, a2), 0);
	assert_int_equal(o.mode, SL_MODE_LAUNCH);
	assert_int_equal(o.strsize, 64);
	assert_string_equal(o.argv[0], "ls");
	assert_string_equal(o.argv[1], "-l");
	options_free(&o);
	assert_int_equal(options_parse(&o, 1, a3), 2);
	options_free(&o);
	assert_int_equal(options_parse(&o, 4, a4), 1);
	options_free(&o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_payloads),
		cmocka_unit_test(test_payload_overflow),
		cmocka_unit_test(test_syscall_table),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_options_modes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
