/*
 * test_strbuf.c - the growable string, and strbuf_printf against
 * snprintf: every conversion it formats by itself must give the bytes
 * printf gives, for edge values and random ones.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "syslens/util.h"

/* Append fmt to a buffer that already holds "pre:", compare with snprintf. */
#define SAME(fmt, ...)                                                              \
	do {                                                                        \
		char want[512];                                                     \
		struct sl_strbuf sb = SL_STRBUF_INIT;                               \
		strbuf_puts(&sb, "pre:");                                           \
		strbuf_printf(&sb, fmt, __VA_ARGS__);                               \
		snprintf(want, sizeof(want), "pre:" fmt, __VA_ARGS__);              \
		assert_string_equal(strbuf_str(&sb), want);                         \
		assert_int_equal(sb.len, strlen(want));                             \
		strbuf_free(&sb);                                                   \
	} while (0)

static const long long svals[] = {
	0, 1, -1, 7, 8, 9, 10, -10, 99, 100, 255, 256, 4095, -4095, 65535, 0x7fffffff,
	-0x7fffffffLL - 1, 0x80000000LL, 1234567890123LL, LLONG_MAX, LLONG_MIN,
};

/* '-' with '0' (printf ignores the '0'): only a format built at run time says so without a warning */
static void
check_runtime_format(int i)
{
	static const char *const fmts[] = { "%-05d|", "%0-5d|" };

	for (size_t k = 0; k < ARRAY_SIZE(fmts); k++) {
		char want[64];
		struct sl_strbuf sb = SL_STRBUF_INIT;

		strbuf_printf(&sb, fmts[k], i);
		snprintf(want, sizeof(want), fmts[k], i);
		assert_string_equal(strbuf_str(&sb), want);
		strbuf_free(&sb);
	}
}

/* strbuf_put_dec/udec/hex against "%lld", "%llu", "%#llx" */
static void
check_put(long long v)
{
	char want[128];
	struct sl_strbuf sb = SL_STRBUF_INIT;

	strbuf_put_dec(&sb, v);
	strbuf_putc(&sb, ' ');
	strbuf_put_udec(&sb, (uint64_t)v);
	strbuf_putc(&sb, ' ');
	strbuf_put_hex(&sb, (uint64_t)v);
	snprintf(want, sizeof(want), "%lld %llu %#llx", v, (unsigned long long)v,
		 (unsigned long long)v);
	assert_string_equal(strbuf_str(&sb), want);
	assert_int_equal(sb.len, strlen(want));
	strbuf_free(&sb);
}

static void
check_value(long long v)
{
	check_put(v);
	int i = (int)v;
	unsigned u = (unsigned)v;
	unsigned long long ull = (unsigned long long)v;

	SAME("%d", i);
	SAME("%i|%u", i, u);
	SAME("%x %X %o", u, u, u);
	SAME("%#x %#X %#o", u, u, u);
	SAME("%lld %llu", v, ull);
	SAME("%ld %lu %lx", (long)v, (unsigned long)ull, (unsigned long)ull);
	SAME("%#llx %#llo %llx", ull, ull, ull);
	SAME("%#03llo %#03o", ull, u);
	SAME("%-5u|%5u|%05u", u, u, u);
	SAME("%-10d|%10d|%010d", i, i, i);
	SAME("%02d:%02lld %09lld %06ld", i, v, v, (long)v);
	SAME("%04x %08x %02x %04zx %zu", u, u, u, (size_t)ull, (size_t)ull);
	SAME("%#08x %#08llo %-#8x|", u, ull, u);
	SAME("%11llu %9llu %06llu", ull, ull, ull);
	check_runtime_format(i);
}

static void
test_printf_integers(void **state)
{
	(void)state;
	for (size_t k = 0; k < ARRAY_SIZE(svals); k++)
		check_value(svals[k]);
	srand(12345);
	for (int k = 0; k < 20000; k++) {
		unsigned long long r = ((unsigned long long)rand() << 40) ^
				       ((unsigned long long)rand() << 20) ^ (unsigned long long)rand();
		long long v = (long long)(r >> 1);

		check_value(v >> (rand() % 63));
		check_value(-(v >> (rand() % 63)));
		check_value((long long)r);
	}
}

static void
test_printf_strings(void **state)
{
	(void)state;
	SAME("%s", "");
	SAME("%s(", "openat");
	SAME("%s%s|%s", "", "a", "bc");
	SAME("%7s|%-7s|%3s", "ab", "ab", "abcdef");
	SAME("%c%c", 'x', '|');
	SAME("%3c|%-3c|", 'x', 'y');
	SAME("100%% %s %%d", "done");
	SAME("no conversions%s", "");
	SAME("{tv_sec=%lld, tv_nsec=%lld}", 1700000000LL, 123456789LL);
	SAME("syscall_%#x(", 0x1ffu);
	SAME(" /* %s.%09lld%s */", "2026-01-01T00:00:00", 5LL, "+0000");
}

/* What the fast path hands to vsnprintf still comes out right. */
static void
test_printf_fallback(void **state)
{
	(void)state;
	SAME("%6.2f|%.0f|%11.6f", 3.14159, 2.5, 1.0 / 3);
	SAME("%.3s|%.*s", "abcdef", 2, "xyz");
	SAME("%+d % d %*d", 5, 5, 4, 7);
	SAME("%p", (void *)0x1234);
	SAME("%hd %hhu", (short)-3, (unsigned char)200);
	SAME("%d then %5.1f then %s", 42, 1.25, "end");
}

static void
test_add_and_reset(void **state)
{
	struct sl_strbuf sb = SL_STRBUF_INIT;

	(void)state;
	assert_string_equal(strbuf_str(&sb), "");
	for (int i = 0; i < 1000; i++)
		strbuf_putc(&sb, (char)('a' + i % 26));
	assert_int_equal(sb.len, 1000);
	assert_int_equal(sb.s[1000], '\0');
	assert_int_equal(sb.s[27], 'b');
	strbuf_reset(&sb);
	assert_string_equal(strbuf_str(&sb), "");
	strbuf_printf(&sb, "%s", "");
	assert_non_null(sb.s);
	assert_int_equal(sb.len, 0);
	strbuf_printf(&sb, "%0600d", 1);
	assert_int_equal(sb.len, 600);
	assert_int_equal(sb.s[599], '1');
	assert_int_equal(sb.s[0], '0');
	strbuf_free(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_printf_integers),
		cmocka_unit_test(test_printf_strings),
		cmocka_unit_test(test_printf_fallback),
		cmocka_unit_test(test_add_and_reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
