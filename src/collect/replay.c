/*
 * replay.c - the replay collector (-r FILE): reads a recording and pushes
 * its events into the sink, as a live collector would have.
 *
 * Times are the recording's (its wall-clock offset is installed before
 * any event flows), nothing needs root or eBPF, and every event has been
 * checked by the reader (src/store/recording.c) before a sink sees it.  A
 * damaged or cut file replays up to the damage; run() then returns
 * -EBADMSG and `note` says where it stopped.
 *
 * Reading costs more than most sinks (checksums, inflate, decoding), so
 * run() reads on a thread of its own: it decodes events straight into
 * batches, and the calling thread hands each batch's events to the sink
 * while the next batches are read.  Events still flow one way and in
 * order; only the calling thread ever touches the sink.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
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

/*
 * Bytes of events handed over at once, and batches in flight: 2 MiB, a
 * few thousand events, so that a thread that loses its CPU for a time
 * slice to another program does not leave the other thread idle.
 */
#define REPLAY_BATCH_BYTES (128u << 10)
#define REPLAY_NBATCH 16

/* Events decoded back to back, each at an 8-aligned offset. */
struct replay_batch {
	unsigned char *mem; /* REPLAY_BATCH_BYTES */
	size_t len;
};

struct replay {
	struct sl_collector c;
	FILE *f;
	struct sl_rec_reader *r;
	struct sl_sink *sink;
	const struct sl_traceset *trace;
	volatile sig_atomic_t stop;

	/* the reading thread and the batches it fills (under lock) */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct replay_batch batch[REPLAY_NBATCH];
	unsigned head;	  /* next batch the reader fills */
	unsigned filled;  /* batches ready for the sink, from head - filled */
	bool reader_done; /* no batch will come after the filled ones */
	bool quit;	  /* the sink side stopped: the reader should too */
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

/* Whether the replay passes this event on (-e trace=SET narrows it). */
static inline bool
replay_wanted(const struct replay *rp, const struct sl_event *ev)
{
	return ev->type != SL_EV_SYSCALL ||
	       traceset_has(rp->trace, syscall_arch_index(ev->arch), ev->nr);
}

/* Hand one event to the sink, counting it as the live collector did. */
static inline int
replay_deliver(struct replay *rp, const struct sl_event *ev)
{
	struct sl_collector *c = &rp->c;

	if (ev->type == SL_EV_LOST)
		c->stats.lost += ev->args[0];
	collect_stats_count(&c->stats, ev);
	return sink_event(rp->sink, ev);
}

/* The reading thread: fills batches until the end, damage, or stop. */
static void *
replay_reader(void *arg)
{
	struct replay *rp = arg;
	bool end = false;

	while (!end) {
		struct replay_batch *b;

		pthread_mutex_lock(&rp->lock);
		while (rp->filled == REPLAY_NBATCH && !rp->quit)
			pthread_cond_wait(&rp->cond, &rp->lock);
		if (rp->quit) {
			pthread_mutex_unlock(&rp->lock);
			break;
		}
		b = &rp->batch[rp->head];
		pthread_mutex_unlock(&rp->lock);

		/* outside the lock: this batch is the reader's alone */
		b->len = 0;
		while (b->len + sizeof(struct sl_event_buf) <= REPLAY_BATCH_BYTES) {
			struct sl_event_buf *eb = (struct sl_event_buf *)(b->mem + b->len);

			if (rp->stop || rec_reader_next_into(rp->r, eb) <= 0) {
				end = true;
				break;
			}
			if (replay_wanted(rp, &eb->ev))
				b->len += SL_ALIGN8((size_t)eb->ev.size);
		}

		pthread_mutex_lock(&rp->lock);
		if (b->len) {
			rp->head = (rp->head + 1) % REPLAY_NBATCH;
			rp->filled++;
		}
		if (end)
			rp->reader_done = true;
		pthread_cond_broadcast(&rp->cond);
		pthread_mutex_unlock(&rp->lock);
	}
	return NULL;
}

/* The sink side of the pipeline, on the thread that called run(). */
static int
replay_consume(struct replay *rp)
{
	int rc = 0;

	for (;;) {
		struct replay_batch *b;
		size_t off;

		pthread_mutex_lock(&rp->lock);
		while (!rp->filled && !rp->reader_done)
			pthread_cond_wait(&rp->cond, &rp->lock);
		if (!rp->filled) {
			pthread_mutex_unlock(&rp->lock);
			break;
		}
		b = &rp->batch[(rp->head + REPLAY_NBATCH - rp->filled) % REPLAY_NBATCH];
		pthread_mutex_unlock(&rp->lock);

		for (off = 0; off < b->len && rc == 0 && !rp->stop;) {
			const struct sl_event *ev = (const struct sl_event *)(b->mem + off);

			off += SL_ALIGN8((size_t)ev->size);
			rc = replay_deliver(rp, ev);
		}

		pthread_mutex_lock(&rp->lock);
		rp->filled--;
		pthread_cond_broadcast(&rp->cond);
		pthread_mutex_unlock(&rp->lock);
		if (rc < 0 || rp->stop)
			break;
	}
	return rc;
}

/*
 * Read and deliver on two threads, with what the sink returned in *rc.
 * Returns false, having read nothing, when the reading thread cannot start.
 */
static bool
replay_pipeline(struct replay *rp, int *rc)
{
	pthread_t thread;
	sigset_t all, old;
	int err;

	for (int i = 0; i < REPLAY_NBATCH; i++)
		if (!rp->batch[i].mem)
			rp->batch[i].mem = xmalloc(REPLAY_BATCH_BYTES);
	rp->head = rp->filled = 0;
	rp->reader_done = rp->quit = false;
	/* signals stay with the threads that handled them before */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(&thread, NULL, replay_reader, rp);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err)
		return false;
	*rc = replay_consume(rp);
	pthread_mutex_lock(&rp->lock);
	rp->quit = true;
	pthread_cond_broadcast(&rp->cond);
	pthread_mutex_unlock(&rp->lock);
	pthread_join(thread, NULL);
	return true;
}

static int
replay_run(struct sl_collector *c)
{
	struct replay *rp = (struct replay *)c;
	const struct sl_rec_end *end;
	const struct sl_event *ev;
	int rc = 0, n;

	if (!replay_pipeline(rp, &rc)) {
		/* no second thread: read and deliver in turn */
		while (!rp->stop && (n = rec_reader_next(rp->r, &ev)) > 0) {
			if (!replay_wanted(rp, ev))
				continue;
			rc = replay_deliver(rp, ev);
			if (rc < 0)
				break;
		}
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
	for (int i = 0; i < REPLAY_NBATCH; i++)
		free(rp->batch[i].mem);
	pthread_cond_destroy(&rp->cond);
	pthread_mutex_destroy(&rp->lock);
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
	pthread_mutex_init(&rp->lock, NULL);
	pthread_cond_init(&rp->cond, NULL);
	return &rp->c;
}
