/* replay collector: not built yet. */
#include <stdio.h>

#include "syslens/collector.h"

struct sl_collector *
replay_collector_new(char *why, size_t whylen)
{
	snprintf(why, whylen, "the replay backend is not built yet");
	return NULL;
}
