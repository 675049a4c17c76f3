/* text.c - strace-format text: "PID  name(args) = ret", one line a call. */
#include <stdio.h>
#include <stdlib.h>

#include "syslens/decode.h"
#include "syslens/output.h"
#include "syslens/util.h"

struct text_sink {
	struct sl_sink sink;
	FILE *f;
	struct sl_decode_opts dopts;
	struct sl_strbuf line;
};

static int
text_event(struct sl_sink *s, const struct sl_event *ev)
{
	struct text_sink *t = (struct text_sink *)s;

	if (ev->type == SL_EV_SYSCALL && (ev->flags & SL_EVF_INFLIGHT))
		return 0;
	strbuf_reset(&t->line);
	if (ev->type == SL_EV_SYSCALL)
		decode_syscall(&t->line, ev, &t->dopts);
	else
		decode_process_event(&t->line, ev);
	if (!t->line.len)
		return 0;
	if (fprintf(t->f, "%-5u %s\n", ev->pid, strbuf_str(&t->line)) < 0)
		return -1;
	return 0;
}

static void
text_destroy(struct sl_sink *s)
{
	struct text_sink *t = (struct text_sink *)s;

	fflush(t->f);
	strbuf_free(&t->line);
	free(t);
}

struct sl_sink *
text_sink_new(FILE *f, const struct sl_options *o)
{
	struct text_sink *t = xcalloc(1, sizeof(*t));

	t->sink.event = text_event;
	t->sink.destroy = text_destroy;
	t->f = f;
	t->dopts.strsize = o->strsize;
	t->dopts.fdpaths = o->fdpaths;
	return &t->sink;
}
