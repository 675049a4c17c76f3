/* traceset.c - parsing -e trace=SET (names only so far). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syslens/event.h"
#include "syslens/traceset.h"
#include "syslens/util.h"

void
traceset_all(struct sl_traceset *ts)
{
	memset(ts->bits, 0xff, sizeof(ts->bits));
}

int
traceset_parse(struct sl_traceset *ts, const char *expr, char *err, size_t errlen)
{
	char *dup, *tok, *save = NULL;
	int rc = 0;

	if (!strncmp(expr, "trace=", 6))
		expr += 6;
	memset(ts->bits, 0, sizeof(ts->bits));
	dup = xstrdup(expr);
	for (tok = strtok_r(dup, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int nr = syscall_lookup(SL_ARCH_X86_64, tok);

		if (nr < 0) {
			snprintf(err, errlen, "unknown syscall '%s'", tok);
			rc = -EINVAL;
			break;
		}
		ts->bits[0][nr / 64] |= 1ull << (nr % 64);
	}
	free(dup);
	return rc;
}
