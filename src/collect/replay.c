/*
 * replay.c - the replay collector (-r FILE): reads a recording and pushes
 * its events into the sink, as a live collector would have.
 *
 * Times are the recording's (its wall-clock offset is installed before
 * any event flows), nothing needs root or eBPF, and every event has been
 * checked by the reader (src/store/recording.c) before a sink sees it.  A
 * damaged or cut file replays up to the damage; run() then returns
 * -EBADMSG and `note` says where it stopped.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "syslens/collector.h"
#include "syslens/recording.h"
#include "syslens/traceset.h"
#include "syslens/util.h"

struct replay {
	struct sl_collector c;
	FILE *f;
	struct sl_rec_reader *r;
	struct sl_sink *sink;
	const struct sl_traceset *trace;
	volatile sig_atomic_t stop;
};

/*
 * Local time as on the recording machine: a fixed zone at its offset from
 * UTC when the recording began (-t and -tt print local times).
 */
static void
zone_set(int32_t off)
{
	char tz[40];
	long a = off < 0 ? -(long)off : off;

	if (a > 26 * 3600)
		return; /* not an offset any zone has */
	/* POSIX counts west of Greenwich as positive: the sign flips */
	snprintf(tz, sizeof(tz), "<%c%02ld%02ld>%c%ld:%02ld:%02ld", off < 0 ? '-' : '+', a / 3600,
		 a / 60 % 60, off < 0 ? '+' : '-', a / 3600, a / 60 % 60, a % 60);
	setenv("TZ", tz, 1);
	tzset();
}

static int
replay_start(struct sl_collector *c, const struct sl_options *o, struct sl_sink *sink, char *why,
	     size_t whylen)
{
	struct replay *rp = (struct replay *)c;
	const struct sl_rec_info *info;
	const char *path = o->replay_path;
	char msg[256] = "", when[64] = "";
	struct stat st;
	struct tm tm;
	time_t secs;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		snprintf(why, whylen, "cannot read recording '%s': %s", path, strerror(err));
		return -err;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(why, whylen, "cannot read recording '%s': %s", path, strerror(EISDIR));
		close(fd);
		return -EISDIR;
	}
	rp->f = fdopen(fd, "r");
	if (!rp->f) {
		err = errno;
		close(fd);
		snprintf(why, whylen, "cannot read recording '%s': %s", path, strerror(err));
		return -err;
	}
	setvbuf(rp->f, NULL, _IOFBF, 1 << 16);
	rp->r = rec_reader_open(rp->f, msg, sizeof(msg));
	if (!rp->r) {
		snprintf(why, whylen, "'%s': %s", path, msg);
		fclose(rp->f);
		rp->f = NULL;
		return -EBADMSG;
	}
	info = rec_reader_info(rp->r);
	/* times print as they did when recorded: same clock, same zone */
	realtime_offset_set(info->realtime_offset_ns);
	if (info->flags & SL_REC_HF_UTCOFF)
		zone_set(info->utc_offset);
	rp->sink = sink;
	rp->trace = o->trace;

	secs = (time_t)(info->start_realtime_ns / 1000000000ull);
	if (localtime_r(&secs, &tm))
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
	snprintf(c->note, sizeof(c->note), "'%.40s' recorded on %.24s at %s",
		 info->str[SL_REC_S_COMMAND], info->str[SL_REC_S_HOST], when);
	return 0;
}

static int
replay_run(struct sl_collector *c)
{
	struct replay *rp = (struct replay *)c;
	const struct sl_rec_end *end;
	const struct sl_event *ev;
	int rc = 0, n;

	while (!rp->stop && (n = rec_reader_next(rp->r, &ev)) > 0) {
		if (ev->type == SL_EV_SYSCALL &&
		    !traceset_has(rp->trace, syscall_arch_index(ev->arch), ev->nr))
			continue;
		if (ev->type == SL_EV_LOST)
			c->stats.lost += ev->args[0];
		if (ev->flags & SL_EVF_TRUNCATED)
			c->stats.truncated++;
		c->stats.events++;
		rc = sink_event(rp->sink, ev);
		if (rc < 0)
			break;
	}
	end = rec_reader_end(rp->r);
	if (end) {
		/* the live run's counters, as its writers reported them */
		c->stats = end->stats;
		c->exit_status = end->exit_status;
	}
	if (rc == 0 && !rp->stop && *rec_reader_error(rp->r)) {
		snprintf(c->note, sizeof(c->note), "%s; replayed %llu events",
			 rec_reader_error(rp->r), (unsigned long long)rec_reader_count(rp->r));
		rc = -EBADMSG;
	}
	c->finished = true;
	return rc;
}

static void
replay_stop(struct sl_collector *c)
{
	((struct replay *)c)->stop = 1;
}

static void
replay_destroy(struct sl_collector *c)
{
	struct replay *rp = (struct replay *)c;

	rec_reader_close(rp->r);
	if (rp->f)
		fclose(rp->f);
	free(rp);
}

struct sl_collector *
replay_collector_new(char *why, size_t whylen)
{
	struct replay *rp = xcalloc(1, sizeof(*rp));

	(void)why;
	(void)whylen;
	rp->c.name = "replay";
	rp->c.start = replay_start;
	rp->c.run = replay_run;
	rp->c.stop = replay_stop;
	rp->c.destroy = replay_destroy;
	rp->c.exit_status = -1;
	return &rp->c;
}
