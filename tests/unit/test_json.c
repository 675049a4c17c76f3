/* test_json.c - JSON string escaping and the JSON lines writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "syslens/output.h"
#include "syslens/syscalls.h"

static char *
quote(const char *s, size_t len)
{
	static struct sl_strbuf sb;

	strbuf_reset(&sb);
	json_quote(&sb, (const unsigned char *)s, len);
	return sb.s;
}

#define Q(lit)	quote(lit, sizeof(lit) - 1)

static void
test_quote(void **state)
{
	(void)state;
	assert_string_equal(Q("plain /etc/passwd"), "\"plain /etc/passwd\"");
	assert_string_equal(Q("a\"b\\c"), "\"a\\\"b\\\\c\"");
	assert_string_equal(Q("\n\t\r"), "\"\\n\\t\\r\"");
	/* terminal escapes never pass raw */
	assert_string_equal(Q("\033[2J\a\b\x7f"), "\"\\u001b[2J\\u0007\\u0008\\u007f\"");
	assert_string_equal(Q("nul\0byte"), "\"nul\\u0000byte\"");
	/* valid UTF-8 is kept */
	assert_string_equal(Q("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
			    "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
	/* C1 controls (CSI is U+009B) are escaped */
	assert_string_equal(Q("\xc2\x9b" "31m"), "\"\\u009b31m\"");
	/* invalid UTF-8: each bad byte as \u00XX */
	assert_string_equal(Q("\xff\xfe"), "\"\\u00ff\\u00fe\"");
	assert_string_equal(Q("\xc3"), "\"\\u00c3\"");		/* cut short */
	assert_string_equal(Q("\xc3(x"), "\"\\u00c3(x\"");	/* bad continuation */
	assert_string_equal(Q("\xc0\xaf"), "\"\\u00c0\\u00af\"");	/* overlong */
	assert_string_equal(Q("\xed\xa0\x80"), "\"\\u00ed\\u00a0\\u0080\"");	/* surrogate */
	assert_string_equal(Q("\xf4\x90\x80\x80"), "\"\\u00f4\\u0090\\u0080\\u0080\"");	/* > U+10FFFF */
	assert_string_equal(Q(""), "\"\"");
}

/* Every byte of a JSON line is printable ASCII or part of valid UTF-8. */
static void
assert_clean(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\n')
			continue;
		assert_true(*p >= 0x20 && *p != 0x7f);
	}
}

static bool
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static char *
run(struct sl_sink *(*mk)(FILE *, const struct sl_options *),
    const struct sl_options *o, const struct sl_event **evs, int n,
    const struct sl_collect_stats *st)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct sl_sink *s = mk(f, o);

	for (int i = 0; i < n; i++)
		assert_int_equal(sink_event(s, evs[i]), 0);
	s->finish(s, st);
	s->destroy(s);
	fclose(f);
	return buf;
}

static void
syscall_event(struct sl_event_buf *b, const char *name, int64_t ret)
{
	event_init(b, SL_EV_SYSCALL);
	b->ev.arch = SL_ARCH_X86_64;
	b->ev.nr = (uint32_t)syscall_lookup(SL_ARCH_X86_64, name);
	b->ev.pid = 100;
	b->ev.tid = 101;
	b->ev.ret = ret;
	b->ev.seq = 7;
	b->ev.ts_enter = 5000000000ull;
	b->ev.ts_exit = 5000123456ull;
	memcpy(b->ev.comm, "evil\033[31m\xff", 11);
}

static void
test_writer(void **state)
{
	static struct sl_event_buf a, b, c, d, e;
	struct sl_options o;
	struct sl_collect_stats st = { 3, 2, 1 };
	const struct sl_event *evs[5] = { &a.ev, &b.ev, &c.ev, &d.ev, &e.ev };
	char *out, *line2, *line3;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.strsize = 32;
	o.mode = SL_MODE_REPLAY;	/* made-up pids: no /proc look-ups */
	realtime_offset_set(1700000000ll * 1000000000ll);
	syscall_event(&a, "openat", -2);
	a.ev.args[0] = (uint64_t)-100;
	a.ev.args[1] = 0x7ffd00001000ull;
	event_add_payload(&a, 1, 1, 0, 0, "/tmp/\033]0;x\a\xfe", 13);
	syscall_event(&b, "getpid", 100);
	b.ev.flags = SL_EVF_INFLIGHT;	/* not written: the finished one is */
	syscall_event(&c, "exit_group", 0);
	c.ev.flags = SL_EVF_NOEXIT | SL_EVF_TRUNCATED;
	c.ev.ts_exit = 0;
	event_init(&d, SL_EV_EXIT);
	d.ev.pid = d.ev.tid = 100;
	d.ev.args[0] = 1;
	d.ev.ret = 3 << 8;
	d.ev.ts_enter = 6000000000ull;
	event_init(&e, SL_EV_EXIT);
	e.ev.pid = e.ev.tid = 102;
	e.ev.ret = 9;		/* killed by SIGKILL */

	out = run(json_sink_new, &o, evs, 5, &st);
	assert_clean(out);
	/* one object per line: openat, exit_group, two exits, stats */
	int lines = 0;
	for (char *p = out; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 5);
	assert_true(starts(out, "{\"type\":\"syscall\",\"seq\":7,\"ts_ns\":5000000000,"
			    "\"time\":\"2023-11-14T22:13:25.000000000Z\",\"epoch_ns\":1700000005000000000,"
			    "\"pid\":100,\"tid\":101,\"ns_pid\":0,\"cgroup\":null,\"container\":null,\"comm\":\"evil\\u001b[31m\\u00ff\","
			    "\"ts_exit_ns\":5000123456,\"syscall\":\"openat\",\"nr\":257,\"arch\":\"x86_64\","
			    "\"args\":"));
	assert_non_null(strstr(out, "\"raw_args\":[\"0xffffffffffffff9c\",\"0x7ffd00001000\","));
	assert_non_null(strstr(out, "\"ret\":-2,"));
	assert_non_null(strstr(out, "\"duration_ns\":123456,\"flags\":[]}\n"));
	assert_null(strstr(out, "getpid"));
	line2 = strchr(out, '\n') + 1;
	assert_true(strncmp(line2, "{\"type\":\"syscall\"", 17) == 0);
	assert_non_null(strstr(line2, "\"syscall\":\"exit_group\""));
	assert_non_null(strstr(line2, "\"ret\":null,\"errno\":null,\"duration_ns\":null,"
			    "\"flags\":[\"truncated\",\"noexit\"]}"));
	line3 = strchr(line2, '\n') + 1;
	assert_true(strncmp(line3, "{\"type\":\"exit\"", 14) == 0);
	assert_non_null(strstr(line3, "\"process\":true,\"status\":768,\"exit_code\":3,"
			    "\"signal\":null,\"core_dumped\":false"));
	assert_non_null(strstr(out, "\"process\":false,\"status\":9,\"exit_code\":null,\"signal\":"));
	assert_non_null(strstr(out, "{\"type\":\"stats\",\"events\":3,\"lost\":2,\"truncated\":1}\n"));
	free(out);
}

static void
test_process_events(void **state)
{
	static struct sl_event_buf f, x, s, l;
	struct sl_options o;
	const struct sl_event *evs[4] = { &f.ev, &x.ev, &s.ev, &l.ev };
	char *out;

	(void)state;
	memset(&o, 0, sizeof(o));
	event_init(&f, SL_EV_FORK);
	f.ev.pid = 10;
	f.ev.args[0] = 11;
	f.ev.args[1] = 11;
	f.ev.args[2] = 0x11;
	event_init(&x, SL_EV_EXEC);
	x.ev.pid = 11;
	event_add_payload(&x, 0, 1, 0, 0, "/bin/\xffsh", 8);
	event_add_payload(&x, 1, 8, 0, 0, "sh", 2);
	event_add_payload(&x, 1, 8, 0, 1, "-c\n", 3);
	event_init(&s, SL_EV_SIGNAL);
	s.ev.pid = 10;
	s.ev.args[0] = 17;
	s.ev.args[1] = 1;
	s.ev.args[2] = 11;
	event_init(&l, SL_EV_LOST);
	l.ev.args[0] = 42;
	out = run(json_sink_new, &o, evs, 4, NULL);
	assert_clean(out);
	assert_non_null(strstr(out, "{\"type\":\"fork\""));
	assert_non_null(strstr(out, "\"child_pid\":11,\"child_tid\":11,\"clone_flags\":\"0x11\""));
	assert_non_null(strstr(out, "\"path\":\"/bin/\\u00ffsh\",\"argv\":[\"sh\",\"-c\\n\"]"));
	assert_non_null(strstr(out, "{\"type\":\"signal\""));
	assert_non_null(strstr(out, "\"signo\":17,\"si_code\":1,\"si_pid\":11"));
	assert_non_null(strstr(out, "{\"type\":\"lost\""));
	assert_non_null(strstr(out, "\"count\":42"));
	assert_null(strstr(out, "stats"));
	free(out);
}

/* A live process: its cgroup from /proc; the event's own ns_pid wins. */
static void
test_process_info(void **state)
{
	static struct sl_event_buf a, b;
	const struct sl_event *evs[2] = { &a.ev, &b.ev };
	struct sl_options o;
	char *out, *line2, want[64];

	(void)state;
	memset(&o, 0, sizeof(o));
	syscall_event(&a, "getpid", 0);
	a.ev.pid = a.ev.tid = (__u32)getpid();
	syscall_event(&b, "getpid", 0);
	b.ev.pid = b.ev.tid = (__u32)getpid();
	b.ev.ns_pid = 2;
	out = run(json_sink_new, &o, evs, 2, NULL);
	assert_clean(out);
	snprintf(want, sizeof(want), "\"pid\":%d,\"tid\":%d,\"ns_pid\":0,\"cgroup\":\"/",
		 (int)getpid(), (int)getpid());
	assert_non_null(strstr(out, want));
	line2 = strchr(out, '\n') + 1;
	assert_non_null(strstr(line2, "\"ns_pid\":2,\"cgroup\":\"/"));
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quote),
		cmocka_unit_test(test_writer),
		cmocka_unit_test(test_process_events),
		cmocka_unit_test(test_process_info),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
