/* rules.c - the security lens: not built yet. */
#include <stdio.h>

#include "syslens/rules.h"

int
rules_main(const struct sl_options *o)
{
	(void)o;
	fprintf(stderr, "syslens: rules are not built yet\n");
	return 1;
}
