/*
 * text.c - strace-format text, as `strace -f -q -o FILE` writes it:
 * "PID  name(args) = ret", the return value aligned to column 40 as
 * strace aligns it, with -t/-tt/-ttt timestamps and -T durations.  Each
 * syscall is one line written when it finishes (never an
 * unfinished/resumed pair); process events as strace prints them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "syslens/decode.h"
#include "syslens/output.h"
#include "syslens/util.h"

/* strace's column for " = ret" (its acolumn) */
#define TEXT_RET_COLUMN 40
/* lines gathered before one fwrite, when nobody watches them one by one */
#define TEXT_BLOCK 65536

struct text_sink {
	struct sl_sink sink;
	FILE *f;
	struct sl_text_opts to;
	struct sl_strbuf line;
	bool finished;
	bool flush;
};

static void
put_time(struct sl_strbuf *sb, uint64_t mono_ns, int style)
{
	int64_t wall = (int64_t)mono_ns + realtime_offset_ns();
	time_t sec = (time_t)(wall / 1000000000);
	long usec = (long)(wall % 1000000000) / 1000;
	struct tm tm;

	if (wall < 0) {
		sec = 0;
		usec = 0;
	}
	if (style >= 3) {
		strbuf_printf(sb, "%lld.%06ld ", (long long)sec, usec);
		return;
	}
	localtime_r(&sec, &tm);
	strbuf_printf(sb, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (style == 2)
		strbuf_printf(sb, ".%06ld", usec);
	strbuf_putc(sb, ' ');
}

/* Whether a sink that shows finished calls only shows this event. */
bool
text_event_shown(const struct sl_event *ev)
{
	if (ev->type != SL_EV_SYSCALL)
		return true;
	/* an in-flight entry is shown when it finishes, unless it never will */
	return !(ev->flags & SL_EVF_INFLIGHT) || (ev->flags & SL_EVF_NOEXIT);
}

bool
text_render(struct sl_strbuf *sb, const struct sl_event *ev, const struct sl_text_opts *to)
{
	static const char spaces[TEXT_RET_COLUMN] = "                                       ";
	size_t start = sb->len;

	if (!text_event_shown(ev))
		return false;
	/* strace -f prints the thread's id, not its process's */
	strbuf_put_udec(sb, ev->tid ? ev->tid : ev->pid);
	if (sb->len - start < 6)
		strbuf_add(sb, spaces, 6 - (sb->len - start));
	else
		strbuf_putc(sb, ' ');
	if (to->timestamps)
		put_time(sb, ev->ts_enter ? ev->ts_enter : ev->ts_exit, to->timestamps);
	if (ev->type == SL_EV_SYSCALL) {
		decode_call(sb, ev, &to->dopts);
		/* strace: ") " then pad to its column, then "= ret" */
		if (sb->len - start < TEXT_RET_COLUMN - 1)
			strbuf_add(sb, spaces, TEXT_RET_COLUMN - 1 - (sb->len - start));
		decode_retval(sb, ev, &to->dopts);
		if (to->durations && !(ev->flags & SL_EVF_NOEXIT)) {
			uint64_t d = ev->ts_exit > ev->ts_enter ? ev->ts_exit - ev->ts_enter : 0;

			strbuf_printf(sb, " <%llu.%06llu>", (unsigned long long)(d / 1000000000),
				      (unsigned long long)(d % 1000000000 / 1000));
		}
		return true;
	}
	{
		size_t before = sb->len;

		decode_process_event(sb, ev);
		if (sb->len == before) {
			sb->len = start;
			if (sb->s)
				sb->s[start] = '\0';
			return false;
		}
	}
	return true;
}

bool
output_flushes(FILE *f)
{
	struct stat st;
	int fd = fileno(f);

	if (fd < 0 || fstat(fd, &st) < 0)
		return true;
	/* /dev/null and the like: nobody is waiting for the lines */
	return !(S_ISCHR(st.st_mode) && !isatty(fd));
}

void
text_opts_from(struct sl_text_opts *to, const struct sl_options *o)
{
	to->dopts.strsize = o->strsize;
	to->dopts.fdpaths = o->fdpaths;
	to->timestamps = o->timestamps;
	to->durations = o->durations;
}

/* Write the lines gathered so far. */
static int
text_drain(struct text_sink *t)
{
	size_t n = t->line.len;
	bool ok = !n || fwrite(t->line.s, 1, n, t->f) == n;

	strbuf_reset(&t->line);
	if (!ok)
		return errno ? -errno : -EIO;
	return 0;
}

static int
text_event(struct sl_sink *s, const struct sl_event *ev)
{
	struct text_sink *t = (struct text_sink *)s;
	int rc;

	if (!text_render(&t->line, ev, &t->to))
		return 0;
	strbuf_putc(&t->line, '\n');
	if (!t->flush && t->line.len < TEXT_BLOCK)
		return 0;
	rc = text_drain(t);
	if (rc < 0)
		return rc;
	if (t->flush && fflush(t->f) != 0)
		return errno ? -errno : -EIO;
	return 0;
}

static void
text_finish(struct sl_sink *s, const struct sl_collect_stats *st)
{
	struct text_sink *t = (struct text_sink *)s;

	if (t->finished)
		return;
	t->finished = true;
	text_drain(t);
	if (st && st->lost)
		fprintf(t->f, "+++ syslens: %llu events lost +++\n", (unsigned long long)st->lost);
	fflush(t->f);
}

static void
text_destroy(struct sl_sink *s)
{
	struct text_sink *t = (struct text_sink *)s;

	text_drain(t);
	fflush(t->f);
	strbuf_free(&t->line);
	free(t);
}

struct sl_sink *
text_sink_new(FILE *f, const struct sl_options *o)
{
	struct text_sink *t = xcalloc(1, sizeof(*t));

	t->sink.event = text_event;
	t->sink.finish = text_finish;
	t->sink.destroy = text_destroy;
	t->f = f;
	t->flush = output_flushes(f);
	text_opts_from(&t->to, o);
	return &t->sink;
}
