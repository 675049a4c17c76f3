/* record.c - the recording writer: not built yet. */
#include <stdio.h>

#include "syslens/output.h"

struct sl_sink *
record_sink_new(const char *path, const struct sl_options *o,
		const char *backend, char *why, size_t whylen)
{
	(void)o;
	(void)backend;
	snprintf(why, whylen, "%s: recordings are not built yet", path);
	return NULL;
}
