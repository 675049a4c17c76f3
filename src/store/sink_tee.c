/* sink_tee.c - one sink that forwards every event to several. */
#include <stdlib.h>

#include "syslens/sink.h"
#include "syslens/util.h"

struct tee {
	struct sl_sink sink;
	struct sl_sink **sinks;
	int n;
};

static int
tee_event(struct sl_sink *s, const struct sl_event *ev)
{
	struct tee *t = (struct tee *)s;
	int rc = 0;

	for (int i = 0; i < t->n; i++) {
		int r = t->sinks[i]->event(t->sinks[i], ev);

		if (r < 0 && rc == 0)
			rc = r;
	}
	return rc;
}

static void
tee_finish(struct sl_sink *s, const struct sl_collect_stats *st)
{
	struct tee *t = (struct tee *)s;

	for (int i = 0; i < t->n; i++)
		if (t->sinks[i]->finish)
			t->sinks[i]->finish(t->sinks[i], st);
}

static void
tee_destroy(struct sl_sink *s)
{
	struct tee *t = (struct tee *)s;

	for (int i = 0; i < t->n; i++)
		if (t->sinks[i]->destroy)
			t->sinks[i]->destroy(t->sinks[i]);
	free(t->sinks);
	free(t);
}

struct sl_sink *
sink_tee_new(struct sl_sink **sinks, int n)
{
	struct tee *t = xcalloc(1, sizeof(*t));

	t->sink.event = tee_event;
	t->sink.finish = tee_finish;
	t->sink.destroy = tee_destroy;
	t->sinks = xcalloc((size_t)n, sizeof(*sinks));
	for (int i = 0; i < n; i++)
		t->sinks[i] = sinks[i];
	t->n = n;
	return &t->sink;
}
