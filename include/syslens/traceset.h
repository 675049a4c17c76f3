/*
 * traceset.h - the -e trace=SET expression: which syscalls are traced.
 */
#ifndef SYSLENS_TRACESET_H
#define SYSLENS_TRACESET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "syslens/syscalls.h"

struct sl_traceset {
	uint64_t bits[SL_ARCH_COUNT][SL_NR_MAX / 64];
};

/*
 * Parse strace's syntax: "trace=open,read", "%file", "!%network", "all",
 * "none", with or without the "trace=" prefix.  Returns 0; or -EINVAL with
 * one line naming the unknown syscall or class in err.
 */
int traceset_parse(struct sl_traceset *ts, const char *expr, char *err,
		   size_t errlen);
/* Everything traced. */
void traceset_all(struct sl_traceset *ts);

static inline bool
traceset_has(const struct sl_traceset *ts, int arch_idx, uint32_t nr)
{
	if (!ts)
		return true;
	if (arch_idx < 0 || nr >= SL_NR_MAX)
		return true;	/* unknown calls are shown, never hidden */
	return (ts->bits[arch_idx][nr / 64] >> (nr % 64)) & 1;
}

#endif /* SYSLENS_TRACESET_H */
