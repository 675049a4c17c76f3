/* time.c - clocks and durations. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "syslens/util.h"

uint64_t
clock_ns(int clock)
{
	struct timespec ts;

	clock_gettime((clockid_t)clock, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t
now_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

static int64_t rt_off;
static int rt_off_done;

int64_t
realtime_offset_ns(void)
{
	static int64_t off;
	static int done;
	struct timespec rt, mo;

	if (__atomic_load_n(&rt_off_done, __ATOMIC_ACQUIRE))
		return rt_off;
	if (!done) {
		clock_gettime(CLOCK_REALTIME, &rt);
		clock_gettime(CLOCK_MONOTONIC, &mo);
		off = ((int64_t)rt.tv_sec - mo.tv_sec) * 1000000000ll +
		      ((int64_t)rt.tv_nsec - mo.tv_nsec);
		done = 1;
	}
	return off;
}

void
realtime_offset_set(int64_t off)
{
	rt_off = off;
	__atomic_store_n(&rt_off_done, 1, __ATOMIC_RELEASE);
}

int
parse_duration(const char *s, uint64_t *ns)
{
	static const struct { const char *unit; double mult; } units[] = {
		{ "ns", 1 }, { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 },
		{ "m", 60e9 }, { "h", 3600e9 }, { "", 1e9 },
	};
	char *end;
	double v;

	if (!s || !*s)
		return -EINVAL;
	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || v < 0 || v > 1e6)
		return -EINVAL;
	for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
		if (strcmp(end, units[i].unit) == 0) {
			*ns = (uint64_t)(v * units[i].mult);
			return 0;
		}
	}
	return -EINVAL;
}
