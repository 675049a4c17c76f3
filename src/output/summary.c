/* summary.c - the -c table: not built yet. */
#include <stdlib.h>

#include "syslens/output.h"
#include "syslens/util.h"

static int
summary_event(struct sl_sink *s, const struct sl_event *ev)
{
	(void)s;
	(void)ev;
	return 0;
}

static void
summary_destroy(struct sl_sink *s)
{
	free(s);
}

struct sl_sink *
summary_sink_new(FILE *f, const struct sl_options *o)
{
	struct sl_sink *s = xcalloc(1, sizeof(*s));

	(void)f;
	(void)o;
	s->event = summary_event;
	s->destroy = summary_destroy;
	return s;
}
