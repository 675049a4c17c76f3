/*
 * fuzz_replay.c - libFuzzer target for the recording reader: any bytes
 * given as a recording must end in a clean error or in events that are
 * sound, and those events must go through the text and JSON writers
 * without a crash, and the -c summary
 * too.  Run with `make fuzz` (FUZZ_SECONDS=60 by default);
 * tests/fuzz/corpus/ holds the seeds.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syslens/options.h"
#include "syslens/output.h"
#include "syslens/recording.h"

static FILE *devnull;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sl_options o;
	struct sl_sink *text, *json, *summary;
	struct sl_collect_stats st = {0};
	struct sl_rec_reader *r;
	const struct sl_event *ev;
	char why[256];
	FILE *f;

	if (size == 0)
		return 0;
	if (!devnull)
		devnull = fopen("/dev/null", "w");
	f = fmemopen((void *)data, size, "r");
	if (!f)
		return 0;
	r = rec_reader_open(f, why, sizeof(why));
	if (!r) {
		if (!why[0])
			abort(); /* a failure always says why */
		fclose(f);
		return 0;
	}
	memset(&o, 0, sizeof(o));
	o.strsize = 32;
	o.fdpaths = true;
	o.durations = true;
	o.timestamps = 3;
	text = text_sink_new(devnull, &o);
	json = json_sink_new(devnull, &o);
	summary = summary_sink_new(devnull, &o);
	while (rec_reader_next(r, &ev) > 0) {
		/* what every sink is promised */
		if (ev->size < sizeof(*ev) || ev->size != sizeof(*ev) + ev->payload_len ||
		    ev->payload_len > SL_PAYLOAD_MAX)
			abort();
		text->event(text, ev);
		json->event(json, ev);
		summary->event(summary, ev);
	}
	if (rec_reader_end(r))
		st = rec_reader_end(r)->stats;
	if (text->finish)
		text->finish(text, &st);
	if (json->finish)
		json->finish(json, &st);
	if (summary->finish)
		summary->finish(summary, &st);
	text->destroy(text);
	json->destroy(json);
	summary->destroy(summary);
	rec_reader_close(r);
	fclose(f);
	return 0;
}
