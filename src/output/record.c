/*
 * record.c - the recording writer (-w FILE), a sink.
 *
 * Events are encoded (src/store/recording.c) into one of two block
 * buffers on the collector's thread; a writer thread compresses and
 * writes the other, so the collector never waits on zlib or the disk
 * unless the disk falls a whole block behind.  A block goes out when it is
 * full or 100 to 150 ms after its first event, so a file cut at any point
 * (the process killed, the disk full) loses at most the last 150 ms.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "syslens/output.h"
#include "syslens/recording.h"
#include "syslens/util.h"

/* a block is handed to the writer thread past either limit */
#define REC_BLOCK_EVENTS 16384
#define REC_BLOCK_BYTES (1u << 20)
#define REC_BLOCK_CAP (REC_BLOCK_BYTES + 2 * SL_EVENT_MAX + 4096)
#define REC_FLUSH_NS 100000000ull

_Static_assert(REC_BLOCK_CAP <= SL_REC_RAW_MAX, "block fits what a reader accepts");

struct rec_block {
	unsigned char *data;
	size_t len;
	uint32_t nevents;
	uint64_t first_ns; /* when its first event came */
	struct sl_rec_codec codec;
};

struct record_sink {
	struct sl_sink sink;
	int fd;
	char *path;

	pthread_mutex_t lock;
	pthread_cond_t work; /* writer: a block to write, or stop */
	pthread_cond_t idle; /* collector: the writer took its block */
	pthread_t thread;
	bool thread_started;
	struct rec_block blocks[2];
	struct rec_block *cur; /* being filled, under lock */
	struct rec_block *out; /* being written, or NULL */
	bool stopping;
	int error;   /* first write error, -errno */
	z_stream zs; /* raw deflate; writer thread only */
	bool zinit;
	unsigned char *zbuf;
	size_t zcap;

	/* for the end block */
	struct sl_collect_stats stats;
	uint64_t recorded;
	bool launch;
	bool have_root;
	uint32_t root_pid;
	int exit_status;
};

static int
write_all(int fd, const struct iovec *iov_in, int n)
{
	struct iovec iov[2];

	memcpy(iov, iov_in, sizeof(*iov) * (size_t)n);
	while (n > 0) {
		ssize_t w = writev(fd, iov, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		while (n > 0 && (size_t)w >= iov[0].iov_len) {
			w -= (ssize_t)iov[0].iov_len;
			memmove(iov, iov + 1, sizeof(*iov) * (size_t)(n - 1));
			n--;
		}
		if (n > 0) {
			iov[0].iov_base = (char *)iov[0].iov_base + w;
			iov[0].iov_len -= (size_t)w;
		}
	}
	return 0;
}

/* Compress and write one block.  Writer thread (or the last flush). */
static int
block_write(struct record_sink *r, unsigned type, const unsigned char *raw, size_t len,
	    uint32_t nevents)
{
	unsigned char hdr[SL_REC_BLOCK_HDR];
	const unsigned char *data = raw;
	unsigned comp = SL_REC_C_STORED;
	size_t stored = len;
	struct iovec iov[2];

	if (type == SL_REC_B_EVENTS && r->zinit) {
		size_t zlen = deflateBound(&r->zs, (uLong)len);

		if (zlen > r->zcap) {
			free(r->zbuf);
			r->zcap = zlen;
			r->zbuf = xmalloc(zlen);
		}
		deflateReset(&r->zs);
		r->zs.next_in = (unsigned char *)raw;
		r->zs.avail_in = (uInt)len;
		r->zs.next_out = r->zbuf;
		r->zs.avail_out = (uInt)zlen;
		if (deflate(&r->zs, Z_FINISH) == Z_STREAM_END && r->zs.total_out < len) {
			data = r->zbuf;
			stored = r->zs.total_out;
			comp = SL_REC_C_ZLIB;
		}
	}
	rec_block_header_build(hdr, type, comp, data, (uint32_t)stored, (uint32_t)len, nevents);
	iov[0].iov_base = hdr;
	iov[0].iov_len = sizeof(hdr);
	iov[1].iov_base = (void *)data;
	iov[1].iov_len = stored;
	return write_all(r->fd, iov, 2);
}

static void
block_reset(struct rec_block *b)
{
	b->len = 0;
	b->nevents = 0;
	rec_codec_reset(&b->codec);
}

/* Give the current block to the writer thread.  Called under lock. */
static void
handoff(struct record_sink *r)
{
	while (r->out && !r->error)
		pthread_cond_wait(&r->idle, &r->lock);
	if (r->error) {
		block_reset(r->cur); /* nowhere to write it */
		return;
	}
	r->out = r->cur;
	r->cur = r->cur == &r->blocks[0] ? &r->blocks[1] : &r->blocks[0];
	block_reset(r->cur);
	pthread_cond_signal(&r->work);
}

static void *
writer_main(void *arg)
{
	struct record_sink *r = arg;
	struct timespec ts;

	pthread_mutex_lock(&r->lock);
	for (;;) {
		if (!r->out && r->cur->nevents &&
		    (r->stopping || now_ns() - r->cur->first_ns >= REC_FLUSH_NS))
			handoff(r);
		if (r->out) {
			struct rec_block *b = r->out;
			int rc;

			pthread_mutex_unlock(&r->lock);
			rc = block_write(r, SL_REC_B_EVENTS, b->data, b->len, b->nevents);
			pthread_mutex_lock(&r->lock);
			if (rc < 0 && !r->error)
				r->error = rc;
			block_reset(b);
			r->out = NULL;
			pthread_cond_broadcast(&r->idle);
			continue;
		}
		if (r->stopping)
			break;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += REC_FLUSH_NS / 2;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&r->work, &r->lock, &ts);
	}
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

/* The launched command's exit status, from its process's exit event. */
static void
note_exit(struct record_sink *r, const struct sl_event *ev)
{
	int st = (int)ev->ret;

	if (!r->launch)
		return;
	if (!r->have_root) {
		r->have_root = true;
		r->root_pid = ev->pid;
	}
	if (ev->type != SL_EV_EXIT || ev->pid != r->root_pid)
		return;
	if (ev->args[0] != 1 && ev->tid != r->root_pid)
		return;
	if (WIFEXITED(st))
		r->exit_status = WEXITSTATUS(st);
	else if (WIFSIGNALED(st))
		r->exit_status = 128 + WTERMSIG(st);
}

static int
record_event(struct sl_sink *s, const struct sl_event *ev)
{
	struct record_sink *r = (struct record_sink *)s;
	struct rec_block *b;
	int rc;

	if (ev->type < SL_EV_SYSCALL || ev->type > SL_EV_DETACH)
		return 0;
	/* an entry whose exit comes later: the finished call is recorded */
	if (ev->type == SL_EV_SYSCALL && (ev->flags & SL_EVF_INFLIGHT) &&
	    !(ev->flags & SL_EVF_NOEXIT))
		return 0;
	pthread_mutex_lock(&r->lock);
	if (r->error) {
		rc = r->error;
		goto out;
	}
	if (r->cur->len + rec_encode_bound(ev) > REC_BLOCK_CAP)
		handoff(r);
	b = r->cur;
	if (!b->nevents)
		b->first_ns = now_ns();
	b->len += rec_encode_event(&b->codec, b->data + b->len, ev);
	b->nevents++;
	r->recorded++;
	note_exit(r, ev);
	if (b->nevents >= REC_BLOCK_EVENTS || b->len >= REC_BLOCK_BYTES)
		handoff(r);
	rc = r->error;
out:
	pthread_mutex_unlock(&r->lock);
	return rc;
}

static void
record_finish(struct sl_sink *s, const struct sl_collect_stats *st)
{
	struct record_sink *r = (struct record_sink *)s;

	/* only the counters: the writer thread flushes on its own clock, and
	 * finish may come often while the run goes on */
	pthread_mutex_lock(&r->lock);
	if (st)
		r->stats = *st;
	pthread_mutex_unlock(&r->lock);
}

static void
record_destroy(struct sl_sink *s)
{
	struct record_sink *r = (struct record_sink *)s;
	unsigned char end[SL_REC_END_LEN];
	struct sl_rec_end e;
	int rc;

	if (r->thread_started) {
		pthread_mutex_lock(&r->lock);
		r->stopping = true;
		pthread_cond_signal(&r->work);
		pthread_mutex_unlock(&r->lock);
		pthread_join(r->thread, NULL);
	}
	memset(&e, 0, sizeof(e));
	e.stats = r->stats;
	e.recorded = r->recorded;
	e.exit_status = r->exit_status;
	rec_end_build(end, &e);
	rc = r->error;
	if (!rc)
		rc = block_write(r, SL_REC_B_END, end, sizeof(end), 0);
	if (!rc && close(r->fd) < 0)
		rc = -errno;
	else if (rc)
		close(r->fd);
	if (rc)
		fprintf(stderr, "syslens: writing recording '%s': %s\n", r->path, strerror(-rc));
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->work);
	pthread_cond_destroy(&r->idle);
	for (int i = 0; i < 2; i++)
		free(r->blocks[i].data);
	if (r->zinit)
		deflateEnd(&r->zs);
	free(r->zbuf);
	free(r->path);
	free(r);
}

static void
info_fill(struct sl_rec_info *info, const struct sl_options *o, const char *backend)
{
	struct utsname u;
	struct timespec rt;
	struct tm tm;
	struct sl_strbuf cmd = SL_STRBUF_INIT;

	memset(info, 0, sizeof(*info));
	info->version = SL_REC_VERSION;
	info->flags = o->fdpaths ? SL_REC_HF_FDPATHS : 0;
	info->strsize = o->strsize;
#if defined(__x86_64__)
	info->arch = SL_ARCH_X86_64;
#elif defined(__i386__)
	info->arch = SL_ARCH_I386;
#endif
	info->mode = o->mode;
	clock_gettime(CLOCK_REALTIME, &rt);
	info->start_realtime_ns = (uint64_t)rt.tv_sec * 1000000000ull + (uint64_t)rt.tv_nsec;
	if (localtime_r(&rt.tv_sec, &tm)) {
		info->utc_offset = (int32_t)tm.tm_gmtoff;
		info->flags |= SL_REC_HF_UTCOFF;
	}
	info->realtime_offset_ns = realtime_offset_ns();
	if (uname(&u) == 0) {
		snprintf(info->str[SL_REC_S_HOST], SL_REC_STR_MAX, "%s", u.nodename);
		snprintf(info->str[SL_REC_S_KERNEL], SL_REC_STR_MAX, "%s %s", u.release, u.version);
		snprintf(info->str[SL_REC_S_MACHINE], SL_REC_STR_MAX, "%s", u.machine);
	}
	snprintf(info->str[SL_REC_S_BACKEND], SL_REC_STR_MAX, "%s", backend ? backend : "");
	snprintf(info->str[SL_REC_S_TRACE], SL_REC_STR_MAX, "%s",
		 o->trace_expr ? o->trace_expr : "");
	if (o->mode == SL_MODE_LAUNCH && o->argv) {
		for (char **a = o->argv; *a; a++)
			strbuf_printf(&cmd, "%s%s", a == o->argv ? "" : " ", *a);
	} else if (o->mode == SL_MODE_ATTACH) {
		strbuf_puts(&cmd, "-p ");
		for (int i = 0; i < o->npids; i++)
			strbuf_printf(&cmd, "%s%d", i ? "," : "", (int)o->pids[i]);
	} else if (o->mode == SL_MODE_ALL) {
		strbuf_puts(&cmd, "-a");
	}
	snprintf(info->str[SL_REC_S_COMMAND], SL_REC_STR_MAX, "%s", strbuf_str(&cmd));
	strbuf_free(&cmd);
}

static bool
same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return lstat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/*
 * Create the file: never through a symbolic link, only a regular file,
 * readable by its owner alone (it may hold secrets).  Returns the fd or
 * -errno with a line in why.
 */
static int
record_open(const char *path, char *why, size_t whylen)
{
	struct stat st;
	int fd, err;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0600);
	if (fd < 0) {
		err = errno;
		if (err == ELOOP)
			snprintf(
				why, whylen,
				"cannot write recording '%s': it is a symbolic link (not followed)",
				path);
		else
			snprintf(why, whylen, "cannot write recording '%s': %s", path,
				 strerror(err));
		return -err;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(why, whylen, "cannot write recording '%s': not a regular file", path);
		close(fd);
		return -EINVAL;
	}
	if ((st.st_mode & 077) && fchmod(fd, 0600) < 0) {
		err = errno;
		snprintf(why, whylen, "cannot write recording '%s': %s", path, strerror(err));
		close(fd);
		return -err;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

struct sl_sink *
record_sink_new(const char *path, const struct sl_options *o, const char *backend, char *why,
		size_t whylen)
{
	struct record_sink *r;
	struct sl_rec_info *info;
	unsigned char *hdr;
	struct iovec iov;
	pthread_condattr_t ca;
	sigset_t all, old;
	size_t hlen;
	int fd, rc;

	if (o->mode == SL_MODE_REPLAY && o->replay_path &&
	    same_file(path, o->replay_path)) {
		/* truncating it would lose the recording before it is read */
		snprintf(why, whylen, "cannot write recording '%s': it is the recording being replayed",
			 path);
		return NULL;
	}
	fd = record_open(path, why, whylen);
	if (fd < 0)
		return NULL;
	info = xmalloc(sizeof(*info));
	hdr = xmalloc(SL_REC_HEADER_MAX);
	info_fill(info, o, backend);
	hlen = rec_header_build(hdr, info);
	iov.iov_base = hdr;
	iov.iov_len = hlen;
	rc = write_all(fd, &iov, 1);
	free(hdr);
	free(info);
	if (rc < 0) {
		snprintf(why, whylen, "cannot write recording '%s': %s", path, strerror(-rc));
		close(fd);
		return NULL;
	}

	r = xcalloc(1, sizeof(*r));
	r->sink.event = record_event;
	r->sink.finish = record_finish;
	r->sink.destroy = record_destroy;
	r->fd = fd;
	r->path = xstrdup(path);
	/* a replay written again: its root process is the recorded command's */
	r->launch = o->mode == SL_MODE_LAUNCH || o->mode == SL_MODE_REPLAY;
	r->exit_status = -1;
	for (int i = 0; i < 2; i++) {
		r->blocks[i].data = xmalloc(REC_BLOCK_CAP);
		block_reset(&r->blocks[i]);
	}
	r->cur = &r->blocks[0];
	/* without zlib's own header and Adler-32: each block has a CRC-32 */
	r->zinit = deflateInit2(&r->zs, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK;
	pthread_mutex_init(&r->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&r->work, &ca);
	pthread_condattr_destroy(&ca);
	pthread_cond_init(&r->idle, NULL);
	/* signals are for the collector's thread (they interrupt its waits) */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	rc = pthread_create(&r->thread, NULL, writer_main, r);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc) {
		snprintf(why, whylen, "cannot write recording '%s': no writer thread: %s", path,
			 strerror(rc));
		record_destroy(&r->sink);
		return NULL;
	}
	r->thread_started = true;
	return &r->sink;
}
