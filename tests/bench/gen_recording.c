/*
 * gen_recording.c - writes a recording of N events without tracing, for
 * the replay benchmark and the fuzz seed corpus.
 *
 *   gen_recording OUT N          synthetic events shaped like `tar c DIR`:
 *                                newfstatat/openat/getdents64/close on the
 *                                files under /usr/include, with their real
 *                                struct stat bytes
 *   gen_recording OUT N SRC      the events of recording SRC, repeated (pids,
 *                                seq and times moved on) until there are N
 *   gen_recording --count FILE   print the events in FILE and its bytes per event
 *
 * Built by tests/bench/record.sh against the syslens objects.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "syslens/capture.h"
#include "syslens/options.h"
#include "syslens/output.h"
#include "syslens/recording.h"
#include "syslens/util.h"

static struct sl_sink *sink;
static unsigned long want, made;
static struct sl_event_buf b;
static uint64_t ts = 1000000000000ull, seq;

static void
emit(void)
{
	b.ev.pid = b.ev.tid = 4242;
	b.ev.arch = SL_ARCH_X86_64;
	memcpy(b.ev.comm, "tar", 4);
	b.ev.seq = ++seq;
	b.ev.ts_enter = ts;
	b.ev.ts_exit = ts + 700 + (seq * 7919) % 900;
	ts = b.ev.ts_exit + 300 + (seq * 104729) % 500;
	if (sink_event(sink, &b.ev) < 0) {
		fprintf(stderr, "gen_recording: write failed\n");
		exit(1);
	}
	made++;
}

static void
sys(unsigned nr, int64_t ret)
{
	event_init(&b, SL_EV_SYSCALL);
	b.ev.nr = nr;
	b.ev.ret = ret;
}

static int
visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	char dents[256];

	(void)ftw;
	if (made >= want)
		return 1;
	/* newfstatat(AT_FDCWD, path, &st, AT_SYMLINK_NOFOLLOW) = 0 */
	sys(262, 0);
	b.ev.args[0] = (uint64_t)-100;
	b.ev.args[1] = 0x55d0c0a01000ull;
	b.ev.args[2] = 0x7ffd4a2b1c80ull;
	b.ev.args[3] = 0x100;
	event_add_payload(&b, 1, SL_CAP_STR, 0, 0, path, strlen(path) + 1);
	event_add_payload(&b, 2, SL_CAP_STRUCT, SL_PLF_EXIT, 0, st, sizeof(*st));
	emit();
	if (type != FTW_D || made >= want)
		return 0;
	/* openat(AT_FDCWD, path, O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY) = 3 */
	sys(257, 3);
	b.ev.args[0] = (uint64_t)-100;
	b.ev.args[1] = 0x55d0c0a01000ull;
	b.ev.args[2] = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_DIRECTORY;
	event_add_payload(&b, 1, SL_CAP_STR, 0, 0, path, strlen(path) + 1);
	emit();
	/* getdents64(3, buf, 32768) = n */
	memset(dents, 0, sizeof(dents));
	snprintf(dents + 19, sizeof(dents) - 19, "%s",
		 strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
	sys(217, 4096);
	b.ev.args[0] = 3;
	b.ev.args[1] = 0x55d0c0a09000ull;
	b.ev.args[2] = 32768;
	event_add_payload(&b, 1, SL_CAP_BUF, SL_PLF_EXIT | SL_PLF_TRUNCATED, 0, dents,
			  sizeof(dents));
	emit();
	/* close(3) = 0 */
	sys(3, 0);
	b.ev.args[0] = 3;
	emit();
	return 0;
}

static int
from_recording(const char *src)
{
	unsigned long round = 0;

	while (made < want) {
		FILE *f = fopen(src, "rb");
		char why[256];
		struct sl_rec_reader *r;
		const struct sl_event *ev;
		unsigned long before = made;
		uint64_t base = 0, last = 0;

		if (!f) {
			perror(src);
			return 1;
		}
		r = rec_reader_open(f, why, sizeof(why));
		if (!r) {
			fprintf(stderr, "gen_recording: %s: %s\n", src, why);
			return 1;
		}
		while (made < want && rec_reader_next(r, &ev) > 0) {
			memcpy(&b, ev, ev->size);
			if (!base)
				base = ev->ts_enter;
			b.ev.pid += (uint32_t)round * 7;
			b.ev.tid += (uint32_t)round * 7;
			b.ev.seq += round * 10000000ull;
			if (b.ev.ts_enter)
				b.ev.ts_enter = ts + (ev->ts_enter - base);
			if (b.ev.ts_exit)
				b.ev.ts_exit = ts + (ev->ts_exit - base);
			if (b.ev.ts_exit > last)
				last = b.ev.ts_exit;
			if (sink_event(sink, &b.ev) < 0)
				return 1;
			made++;
		}
		rec_reader_close(r);
		fclose(f);
		if (made == before)
			return 1; /* an empty recording */
		ts = last + 1000;
		round++;
	}
	return 0;
}

static int
count(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct sl_rec_reader *r;
	const struct sl_event *ev;
	char why[256];
	long bytes;
	int rc;

	if (!f) {
		perror(path);
		return 1;
	}
	r = rec_reader_open(f, why, sizeof(why));
	if (!r) {
		fprintf(stderr, "gen_recording: %s: %s\n", path, why);
		return 1;
	}
	while ((rc = rec_reader_next(r, &ev)) > 0)
		;
	fseek(f, 0, SEEK_END);
	bytes = ftell(f);
	printf("%llu events, %ld bytes, %.1f bytes/event%s%s\n",
	       (unsigned long long)rec_reader_count(r), bytes,
	       rec_reader_count(r) ? (double)bytes / (double)rec_reader_count(r) : 0.0,
	       rc < 0 ? "; " : "", rec_reader_error(r));
	rec_reader_close(r);
	fclose(f);
	return rc < 0;
}

int
main(int argc, char **argv)
{
	static char *cmd[] = {"tar", "c", "/usr/include", NULL};
	struct sl_options o;
	struct sl_collect_stats st = {0};
	char why[256];
	int rc = 0;

	if (argc == 3 && !strcmp(argv[1], "--count"))
		return count(argv[2]);
	if (argc < 3) {
		fprintf(stderr, "usage: gen_recording OUT N [SRC] | --count FILE\n");
		return 2;
	}
	want = strtoul(argv[2], NULL, 10);
	memset(&o, 0, sizeof(o));
	o.mode = SL_MODE_LAUNCH;
	o.argv = cmd;
	o.strsize = 32;
	sink = record_sink_new(argv[1], &o, "generated", why, sizeof(why));
	if (!sink) {
		fprintf(stderr, "gen_recording: %s\n", why);
		return 1;
	}
	if (argc > 3)
		rc = from_recording(argv[3]);
	else
		while (made < want)
			nftw("/usr/include", visit, 32, FTW_PHYS);
	st.events = made;
	sink->finish(sink, &st);
	sink->destroy(sink);
	printf("%lu\n", made);
	return rc;
}
