/* ui.c - the interactive interface: not built yet. */
#include <stdio.h>

#include "syslens/ui.h"

int
ui_available(char *why, size_t whylen)
{
	snprintf(why, whylen, "the interface is not built yet");
	return -1;
}

int
ui_run(struct sl_collector *c, const struct sl_options *o, struct sl_sink *extra)
{
	(void)c;
	(void)o;
	(void)extra;
	return 1;
}
