/*
 * test_writers.c - the text and JSON writers give the same bytes whether
 * they write each line as it comes (a file, a pipe, a terminal) or gather
 * lines into blocks (an output nobody watches, such as /dev/null).
 */
#include <fcntl.h>
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

#include "syslens/capture.h"
#include "syslens/output.h"
#include "syslens/syscalls.h"

#define NEVENTS 6000

static struct sl_event_buf bufs[NEVENTS];

/* Varied events: several syscalls, pids, return values, times over many seconds. */
static void
make_events(void)
{
	static const char *const names[] = { "openat", "close", "read", "newfstatat", "mmap",
					     "getppid", "write", "brk", "fcntl" };

	for (int i = 0; i < NEVENTS; i++) {
		struct sl_event_buf *b = &bufs[i];
		const char *name = names[i % ARRAY_SIZE(names)];
		char path[64];

		if (i % 1000 == 999) {
			event_init(b, SL_EV_EXIT);
			b->ev.ret = (i / 1000) << 8;
			b->ev.args[0] = 1;
		} else {
			event_init(b, SL_EV_SYSCALL);
			b->ev.arch = SL_ARCH_X86_64;
			b->ev.nr = (uint32_t)syscall_lookup(SL_ARCH_X86_64, name);
			b->ev.ret = i % 7 == 0 ? -2 : i * 37;
			for (int a = 0; a < SL_NARGS; a++)
				b->ev.args[a] = (uint64_t)i * 0x1000 + (uint64_t)a;
			b->ev.args[0] = (uint64_t)(i % 5);
			snprintf(path, sizeof(path), "/usr/include/x%d \"q\"\t\xc3\xa9.h", i);
			event_add_payload(b, 1, 1, 0, 0, path, strlen(path) + 1);
		}
		b->ev.pid = 1000 + (unsigned)(i % 3) * 7777;
		b->ev.tid = b->ev.pid + (unsigned)(i % 2);
		b->ev.seq = (uint64_t)i + 1;
		b->ev.ts_enter = 1000000000000ull + (uint64_t)i * 3333333ull;
		b->ev.ts_exit = b->ev.ts_enter + 1500 + (uint64_t)(i % 13) * 1000;
		memcpy(b->ev.comm, "tar", 4);
	}
}

static void
feed(struct sl_sink *s, const struct sl_collect_stats *st)
{
	for (int i = 0; i < NEVENTS; i++)
		assert_int_equal(sink_event(s, &bufs[i].ev), 0);
	s->finish(s, st);
	s->destroy(s);
}

/* Line by line: into a memory stream (never a character device). */
static char *
run_lines(struct sl_sink *(*mk)(FILE *, const struct sl_options *),
	  const struct sl_options *o, const struct sl_collect_stats *st, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	feed(mk(f, o), st);
	fclose(f);
	return buf;
}

/*
 * In blocks: the writer is made on /dev/null, so it gathers lines, then
 * the descriptor underneath is swapped for a file to read them back.
 */
static char *
run_blocks(struct sl_sink *(*mk)(FILE *, const struct sl_options *),
	   const struct sl_options *o, const struct sl_collect_stats *st, size_t *len)
{
	char tmpl[] = "/tmp/syslens-writers.XXXXXX";
	int fd = mkstemp(tmpl);
	FILE *f = fopen("/dev/null", "w");
	struct sl_sink *s;
	char *buf;
	off_t n;

	assert_true(fd >= 0);
	assert_non_null(f);
	unlink(tmpl);
	s = mk(f, o);
	assert_true(dup2(fd, fileno(f)) >= 0);
	feed(s, st);
	fclose(f);
	n = lseek(fd, 0, SEEK_END);
	assert_true(n > 0);
	buf = malloc((size_t)n + 1);
	assert_int_equal(pread(fd, buf, (size_t)n, 0), n);
	buf[n] = '\0';
	close(fd);
	*len = (size_t)n;
	return buf;
}

static void
check_same(struct sl_sink *(*mk)(FILE *, const struct sl_options *), bool timestamps)
{
	struct sl_options o;
	struct sl_collect_stats st = { NEVENTS, 5, 1 };
	size_t la, lb;
	char *a, *b;

	memset(&o, 0, sizeof(o));
	o.strsize = 32;
	if (timestamps) {
		o.timestamps = 2;
		o.durations = true;
	}
	realtime_offset_set(1700000000ll * 1000000000ll);
	make_events();
	a = run_lines(mk, &o, &st, &la);
	b = run_blocks(mk, &o, &st, &lb);
	/* many blocks' worth, so that the gathering really happened */
	assert_true(la > 4 * 65536);
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	free(a);
	free(b);
}

static void
test_text_blocks(void **state)
{
	(void)state;
	check_same(text_sink_new, false);
	check_same(text_sink_new, true);
}

static void
test_json_blocks(void **state)
{
	(void)state;
	check_same(json_sink_new, false);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_blocks),
		cmocka_unit_test(test_json_blocks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
