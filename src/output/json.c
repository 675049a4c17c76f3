/* json.c - JSON lines: not built yet, writes text. */
#include "syslens/output.h"

struct sl_sink *
json_sink_new(FILE *f, const struct sl_options *o)
{
	return text_sink_new(f, o);
}
