/* test_summary.c - the -c table and the text line layout. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "syslens/hist.h"
#include "syslens/output.h"
#include "syslens/syscalls.h"

static struct sl_event ev;

static void
call(struct sl_sink *s, const char *name, uint64_t ns, int64_t ret)
{
	memset(&ev, 0, sizeof(ev));
	ev.type = SL_EV_SYSCALL;
	ev.arch = SL_ARCH_X86_64;
	ev.nr = (uint32_t)syscall_lookup(SL_ARCH_X86_64, name);
	ev.pid = ev.tid = 1;
	ev.ret = ret;
	ev.ts_enter = 1000000;
	ev.ts_exit = ev.ts_enter + ns;
	assert_int_equal(sink_event(s, &ev), 0);
}

/* The row of the table for a syscall, as fields. */
static int
row(const char *table, const char *name, double f[8], char *errs)
{
	const char *p = table;

	while ((p = strstr(p, name))) {
		const char *bol = p;

		while (bol > table && bol[-1] != '\n')
			bol--;
		if ((p[strlen(name)] == '\n') && p[-1] == ' ') {
			int n = sscanf(bol, "%lf %lf %lf %lf %lf %lf %lf", &f[0], &f[1],
				       &f[2], &f[3], &f[4], &f[5], &f[6]);

			/* the errors column is blank when there were none */
			*errs = bol[85] == ' ' ? 0 : 1;
			f[7] = *errs ? strtod(bol + 77, NULL) : 0;
			return n == 7 ? (int)(bol - table) : -1;
		}
		p++;
	}
	return -1;
}

static void
test_table(void **state)
{
	struct sl_options o;
	struct sl_collect_stats st = { 0, 5, 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct sl_sink *s;
	double r[8];
	char e;
	int pos_sleep, pos_getpid, pos_open, pos_total;

	(void)state;
	memset(&o, 0, sizeof(o));
	s = summary_sink_new(f, &o);
	/* 99 fast getpids (1..99 us) */
	for (int i = 1; i <= 99; i++)
		call(s, "getpid", (uint64_t)i * 1000, 1);
	/* 2 slow sleeps of 50 ms */
	call(s, "nanosleep", 50000000, 0);
	call(s, "nanosleep", 50000000, 0);
	/* 4 openat, 3 failing */
	call(s, "openat", 20000, -2);
	call(s, "openat", 20000, -13);
	call(s, "openat", 20000, -2);
	call(s, "openat", 20000, 3);
	/* in flight and never returning: not counted */
	memset(&ev, 0, sizeof(ev));
	ev.type = SL_EV_SYSCALL;
	ev.arch = SL_ARCH_X86_64;
	ev.nr = 231;
	ev.flags = SL_EVF_NOEXIT;
	sink_event(s, &ev);
	s->finish(s, &st);
	s->destroy(s);
	fclose(f);

	assert_true(strncmp(buf, "% time     seconds  usecs/call   p50 usecs   p99 usecs"
			    "   max usecs     calls    errors syscall\n"
			    "------ ----------- ", 80) == 0);
	assert_null(strstr(buf, "exit_group"));
	pos_sleep = row(buf, "nanosleep", r, &e);
	assert_true(pos_sleep > 0);
	assert_true(r[1] > 0.0999 && r[1] < 0.1001);	/* seconds */
	assert_true(r[2] == 50000);		/* avg us */
	assert_true(r[3] > 48500 && r[3] <= 50000);	/* p50 within 3% */
	assert_true(r[5] == 50000);		/* max */
	assert_true(r[6] == 2);			/* calls */
	assert_int_equal(e, 0);
	pos_getpid = row(buf, "getpid", r, &e);
	assert_true(pos_getpid > pos_sleep);		/* sorted by total time */
	assert_true(r[6] == 99);
	assert_true(r[2] == 50);			/* avg 50 us */
	assert_true(r[3] >= 48 && r[3] <= 52);	/* p50 */
	assert_true(r[4] >= 96 && r[4] <= 99);	/* p99 */
	assert_true(r[5] == 99);
	pos_open = row(buf, "openat", r, &e);
	assert_true(pos_open > pos_getpid);
	assert_true(r[6] == 4);
	assert_int_equal(e, 1);
	assert_true(r[7] == 3);
	pos_total = row(buf, "total", r, &e);
	assert_true(pos_total > pos_open);
	assert_true(r[0] > 99.99 && r[0] < 100.01);
	assert_true(r[6] == 105);
	assert_true(r[7] == 3);
	assert_true(r[5] == 50000);
	assert_non_null(strstr(buf, "\n5 events lost (not counted above)\n"));
	free(buf);
}

/*
 * strace's layout: ") " then spaces up to column 40, then "= ret": the
 * '=' is at (0-based) column 40, or right after ") " on a longer line.
 */
static void
assert_aligned(const char *line)
{
	const char *eq = strstr(line, " = ");
	const char *close;
	long want;

	assert_non_null(eq);
	close = eq;
	while (close > line && close[-1] == ' ')
		close--;
	want = close - line + 1;
	if (want < 40)
		want = 40;
	assert_int_equal(eq - line + 1, want);
}

static void
test_text_lines(void **state)
{
	struct sl_text_opts to = { SL_DECODE_OPTS_DEFAULT, 0, false };
	struct sl_strbuf sb = SL_STRBUF_INIT;
	const char *eq;

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	realtime_offset_set(1700000000ll * 1000000000ll);
	memset(&ev, 0, sizeof(ev));
	ev.type = SL_EV_SYSCALL;
	ev.arch = SL_ARCH_X86_64;
	ev.nr = (uint32_t)syscall_lookup(SL_ARCH_X86_64, "getpid");
	ev.pid = 1234;
	ev.ret = 1234;
	ev.ts_enter = 3000000000ull + 456789000ull;
	ev.ts_exit = ev.ts_enter + 1234567;

	/* "PID  " then the call, " = " at strace's column 40 */
	assert_true(text_render(&sb, &ev, &to));
	assert_true(strncmp(sb.s, "1234  getpid(", 13) == 0);
	assert_aligned(sb.s);
	assert_non_null(strstr(sb.s, " = 1234"));
	assert_null(strchr(sb.s, '\n'));
	/* -T */
	to.durations = true;
	strbuf_reset(&sb);
	text_render(&sb, &ev, &to);
	assert_non_null(strstr(sb.s, " = 1234 <0.001234>"));
	/* -t, -tt, -ttt from the wall clock */
	to.durations = false;
	to.timestamps = 1;
	strbuf_reset(&sb);
	text_render(&sb, &ev, &to);
	assert_true(strncmp(sb.s, "1234  22:13:23 getpid(", 22) == 0);
	to.timestamps = 2;
	strbuf_reset(&sb);
	text_render(&sb, &ev, &to);
	assert_true(strncmp(sb.s, "1234  22:13:23.456789 getpid(", 29) == 0);
	to.timestamps = 3;
	strbuf_reset(&sb);
	text_render(&sb, &ev, &to);
	assert_true(strncmp(sb.s, "1234  1700000003.456789 getpid(", 31) == 0);
	assert_aligned(sb.s);
	/* a thread: its own id, as strace -f prints it */
	to.timestamps = 0;
	ev.tid = 1240;
	strbuf_reset(&sb);
	text_render(&sb, &ev, &to);
	assert_true(strncmp(sb.s, "1240  getpid(", 13) == 0);
	/* long pids push the call right, as %-5d does */
	ev.tid = 0;
	ev.pid = 1234567;
	strbuf_reset(&sb);
	text_render(&sb, &ev, &to);
	assert_true(strncmp(sb.s, "1234567 getpid(", 15) == 0);
	/* in-flight entries print nothing; calls that never return print "= ?" */
	ev.flags = SL_EVF_INFLIGHT;
	strbuf_reset(&sb);
	assert_false(text_render(&sb, &ev, &to));
	assert_int_equal(sb.len, 0);
	ev.flags = SL_EVF_NOEXIT;
	assert_true(text_render(&sb, &ev, &to));
	assert_non_null(strstr(sb.s, " = ?"));
	/* a long call: one space before "=" */
	ev.flags = 0;
	ev.nr = (uint32_t)syscall_lookup(SL_ARCH_X86_64, "mmap");
	ev.args[0] = 0x7fffffffffffull;
	ev.args[1] = 0x7fffffffffffull;
	strbuf_reset(&sb);
	text_render(&sb, &ev, &to);
	eq = strstr(sb.s, ") = ");
	assert_non_null(eq);
	assert_true(eq - sb.s + 1 > 40);
	assert_aligned(sb.s);
	/* process events: fork prints nothing, a process exit prints */
	memset(&ev, 0, sizeof(ev));
	ev.type = SL_EV_FORK;
	ev.pid = 5;
	strbuf_reset(&sb);
	assert_false(text_render(&sb, &ev, &to));
	ev.type = SL_EV_EXIT;
	ev.args[0] = 1;
	assert_true(text_render(&sb, &ev, &to));
	assert_string_equal(sb.s, "5     +++ exited with 0 +++");
	strbuf_free(&sb);
}

static void
test_text_lost(void **state)
{
	struct sl_options o;
	struct sl_collect_stats st = { 10, 7, 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct sl_sink *s;

	(void)state;
	memset(&o, 0, sizeof(o));
	s = text_sink_new(f, &o);
	s->finish(s, &st);
	s->destroy(s);
	fclose(f);
	assert_string_equal(buf, "+++ syslens: 7 events lost +++\n");
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_text_lines),
		cmocka_unit_test(test_text_lost),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
