/*
 * test_record.c - recordings: writer -> file -> reader round trips with
 * hand-built events, the safe creation of the file, and every kind of
 * damaged or crafted file the reader must survive.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <time.h>
#include <zlib.h>
#include <cmocka.h>

#include "syslens/collector.h"
#include "syslens/event.h"
#include "syslens/options.h"
#include "syslens/output.h"
#include "syslens/recording.h"
#include "syslens/traceset.h"
#include "syslens/util.h"

static char tmpdir[] = "/tmp/test_record.XXXXXX";

static char *
tmp_path(const char *name)
{
	static char p[256];

	snprintf(p, sizeof(p), "%s/%s", tmpdir, name);
	return p;
}

static void
opts_init(struct sl_options *o)
{
	static char *argv[] = {"prog", "arg", NULL};

	memset(o, 0, sizeof(*o));
	o->mode = SL_MODE_LAUNCH;
	o->argv = argv;
	o->strsize = 32;
	o->fdpaths = true;
}

/* A varied event, deterministic in i. */
static void
make_event(struct sl_event_buf *b, unsigned i)
{
	static const char *paths[] = {"/etc/passwd", "/usr/include/stdio.h", "", "x"};
	char big[600];

	event_init(b, SL_EV_SYSCALL);
	b->ev.pid = 1000 + (i % 7 == 0 ? i % 3 : 0);
	b->ev.tid = b->ev.pid + (i % 11 == 0 ? 5 : 0);
	b->ev.nr = (i * 37) % 450;
	b->ev.arch = i % 97 == 0 ? SL_ARCH_I386 : SL_ARCH_X86_64;
	for (int a = 0; a < SL_NARGS; a++)
		b->ev.args[a] = a == 1 ? 0x7ffc12345000ull + (i % 5) * 16 : (uint64_t)(i * a);
	b->ev.ret = i % 13 == 0 ? -2 : (int64_t)(i % 4096);
	b->ev.ts_enter = 1000000000000ull + (uint64_t)i * 1500 - (i % 3) * 7000;
	b->ev.ts_exit = i % 17 == 0 ? 0 : b->ev.ts_enter + 800 + i % 50;
	b->ev.seq = i + (i % 29 == 0 ? 3 : 0);
	b->ev.cgroup_id = i % 101 == 0 ? 77 : 5;
	b->ev.ns_pid = i % 103 == 0 ? 12 : 0;
	b->ev.reserved = i % 211 == 0 ? 9 : 0;
	b->ev.reserved2 = i % 223 == 0 ? 0xdeadbeef : 0;
	b->ev.flags = (uint16_t)(i % 19 == 0 ? SL_EVF_INTERRUPTED : 0);
	snprintf(b->ev.comm, sizeof(b->ev.comm), "comm%u", i % 3);
	if (i % 2)
		event_add_payload(b, 1, 1, 0, 0, paths[i % 4], strlen(paths[i % 4]) + 1);
	if (i % 5 == 0) {
		memset(big, (int)(i & 0xff), sizeof(big));
		event_add_payload(b, SL_PL_RET, 2, SL_PLF_EXIT, 0, big, 100 + i % 500);
	}
	if (i % 23 == 0)
		event_add_payload(b, 3, 7, SL_PLF_UNREADABLE, 2, NULL, 0);
}

/* Write events 0..n-1 (plus process events) to path; returns events written. */
static unsigned
write_recording(const char *path, unsigned n, unsigned root_exit)
{
	struct sl_options o;
	struct sl_collect_stats st = {.events = n + 10, .lost = 3, .truncated = 1};
	char why[256];
	struct sl_sink *s;
	static struct sl_event_buf b;
	unsigned written = 0;

	opts_init(&o);
	s = record_sink_new(path, &o, "ptrace", why, sizeof(why));
	assert_non_null(s);
	for (unsigned i = 0; i < n; i++) {
		make_event(&b, i);
		assert_int_equal(sink_event(s, &b.ev), 0);
		written++;
	}
	/* an in-flight entry that finishes later: not recorded */
	make_event(&b, 1);
	b.ev.flags |= SL_EVF_INFLIGHT;
	assert_int_equal(sink_event(s, &b.ev), 0);
	/* the root process exits */
	event_init(&b, SL_EV_EXIT);
	b.ev.pid = b.ev.tid = 1000;
	b.ev.args[0] = 1;
	b.ev.ret = (int64_t)(root_exit << 8);
	assert_int_equal(sink_event(s, &b.ev), 0);
	written++;
	s->finish(s, &st);
	s->destroy(s);
	return written;
}

static unsigned char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	p = xmalloc((size_t)n + 1);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return p;
}

static FILE *
mem_file(const void *p, size_t n)
{
	FILE *f = tmpfile();

	assert_non_null(f);
	if (n)
		assert_int_equal(fwrite(p, 1, n, f), n);
	rewind(f);
	return f;
}

/*
 * Read everything from bytes; returns events read, -1 when open failed.
 * why gets the open error or the damage message ("" when clean).
 */
static long
read_all(const unsigned char *p, size_t n, char *why, size_t whylen, struct sl_rec_end *end)
{
	FILE *f = mem_file(p, n);
	struct sl_rec_reader *r;
	const struct sl_event *ev;
	long count = 0;
	int rc;

	why[0] = '\0';
	r = rec_reader_open(f, why, whylen);
	if (!r) {
		fclose(f);
		return -1;
	}
	while ((rc = rec_reader_next(r, &ev)) > 0) {
		const struct sl_payload *pl;
		size_t walked = 0;

		/* what a sink is promised */
		assert_true(ev->size >= sizeof(*ev));
		assert_int_equal(ev->size, sizeof(*ev) + ev->payload_len);
		for (pl = event_payload_first(ev); pl; pl = event_payload_next(ev, pl))
			walked++;
		assert_int_equal(walked, ev->npayload);
		count++;
	}
	if (rc < 0)
		snprintf(why, whylen, "%s", rec_reader_error(r));
	if (end && rec_reader_end(r))
		*end = *rec_reader_end(r);
	rec_reader_close(r);
	fclose(f);
	return count;
}

static void
test_round_trip(void **state)
{
	const char *path = tmp_path("rt.slrec");
	static struct sl_event_buf want;
	const struct sl_event *ev;
	const struct sl_rec_info *info;
	const struct sl_rec_end *end;
	struct sl_rec_reader *r;
	unsigned n = 40000, written, i = 0;
	char why[256];
	FILE *f;
	int rc;

	(void)state;
	written = write_recording(path, n, 3);
	f = fopen(path, "rb");
	assert_non_null(f);
	r = rec_reader_open(f, why, sizeof(why));
	assert_non_null(r);
	info = rec_reader_info(r);
	assert_int_equal(info->version, SL_REC_VERSION);
	assert_int_equal(info->strsize, 32);
	assert_true(info->flags & SL_REC_HF_FDPATHS);
	assert_int_equal(info->mode, SL_MODE_LAUNCH);
	assert_string_equal(info->str[SL_REC_S_BACKEND], "ptrace");
	assert_string_equal(info->str[SL_REC_S_COMMAND], "prog arg");
	assert_int_equal(info->realtime_offset_ns, realtime_offset_ns());
	while ((rc = rec_reader_next(r, &ev)) > 0) {
		if (i < n)
			make_event(&want, i);
		else
			break;
		if (ev->size != want.ev.size || memcmp(ev, &want.ev, want.ev.size)) {
			fprintf(stderr, "event %u differs\n", i);
			fail();
		}
		i++;
	}
	assert_int_equal(rc, 1);
	assert_int_equal(ev->type, SL_EV_EXIT);
	assert_int_equal(rec_reader_next(r, &ev), 0);
	assert_int_equal(i, n);
	assert_int_equal(rec_reader_count(r), written);
	end = rec_reader_end(r);
	assert_non_null(end);
	assert_int_equal(end->exit_status, 3);
	assert_int_equal(end->recorded, written);
	assert_int_equal(end->stats.events, n + 10);
	assert_int_equal(end->stats.lost, 3);
	assert_string_equal(rec_reader_error(r), "");
	rec_reader_close(r);
	fclose(f);
}

/* Events are recorded byte for byte, edge values included. */
static void
test_round_trip_edges(void **state)
{
	static struct sl_rec_codec enc, dec;
	static struct sl_event_buf b, out;
	static unsigned char buf[2 * SL_EVENT_MAX + 256];
	static char big[SL_PAYLOAD_MAX];
	const char *err = NULL;
	size_t n;
	long m;

	(void)state;
	rec_codec_reset(&enc);
	rec_codec_reset(&dec);
	event_init(&b, SL_EV_SIGNAL);
	b.ev.pid = UINT32_MAX;
	b.ev.tid = 0;
	b.ev.nr = UINT32_MAX;
	b.ev.arch = UINT32_MAX;
	b.ev.flags = 0xffff;
	for (int a = 0; a < SL_NARGS; a++)
		b.ev.args[a] = a % 2 ? UINT64_MAX : 0x8000000000000000ull;
	b.ev.ret = INT64_MIN;
	b.ev.ts_enter = UINT64_MAX;
	b.ev.ts_exit = 1;
	b.ev.seq = UINT64_MAX;
	b.ev.cgroup_id = UINT64_MAX;
	b.ev.ns_pid = UINT32_MAX;
	b.ev.reserved = 0xffff;
	b.ev.reserved2 = UINT32_MAX;
	memset(b.ev.comm, 0xff, sizeof(b.ev.comm));
	memset(big, 'a', sizeof(big));
	event_add_payload(&b, 255, 255, 255, 255, big, sizeof(big));
	assert_true(rec_encode_bound(&b.ev) <= sizeof(buf));
	for (int k = 0; k < 3; k++) {
		n = rec_encode_event(&enc, buf, &b.ev);
		assert_true(n <= rec_encode_bound(&b.ev));
		m = rec_decode_event(&dec, buf, n, &out, &err);
		assert_int_equal(m, (long)n);
		assert_int_equal(out.ev.size, b.ev.size);
		assert_memory_equal(&out.ev, &b.ev, b.ev.size);
		b.ev.ts_enter = k; /* backwards, then forwards */
		b.ev.pid = 1;
	}
}

/*
 * Numbers of every length decode as encoded, whether the block goes on
 * after them (the reader takes 8 bytes at once) or ends right there.
 */
static void
test_round_trip_varints(void **state)
{
	static struct sl_rec_codec enc, dec;
	static struct sl_event_buf b, out;
	static unsigned char buf[SL_EVENT_MAX + 256];
	const char *err = NULL;
	uint64_t x = 0x9e3779b97f4a7c15ull;

	(void)state;
	for (unsigned i = 0; i < 64 * 4 + 200; i++) {
		uint64_t v;
		size_t n;

		if (i < 64 * 4) {
			/* 2^k - 1, 2^k, and both negated: every length, every edge */
			v = (1ull << (i / 4)) - (i % 2);
			if (i % 4 >= 2)
				v = -v;
		} else {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			v = x >> (x % 64);
		}
		for (int tail = 0; tail < 2; tail++) {
			rec_codec_reset(&enc);
			rec_codec_reset(&dec);
			event_init(&b, SL_EV_SYSCALL);
			b.ev.args[0] = v;
			b.ev.args[5] = ~v;
			b.ev.ret = (int64_t)v;
			b.ev.ts_enter = v;	/* the last number of the event */
			b.ev.seq = 1;
			n = rec_encode_event(&enc, buf, &b.ev);
			memset(buf + n, tail ? 0xff : 0x00, 16);
			assert_int_equal(rec_decode_event(&dec, buf, n + (tail ? 16 : 0), &out, &err),
					 (long)n);
			assert_memory_equal(&out.ev, &b.ev, sizeof(b.ev));
		}
	}
}

/* A malformed event from a collector is recorded as what walks inside it. */
static void
test_encode_bad_event(void **state)
{
	static struct sl_rec_codec enc, dec;
	static struct sl_event_buf b, out;
	static unsigned char buf[2 * SL_EVENT_MAX + 256];
	const char *err = NULL;
	size_t n;

	(void)state;
	rec_codec_reset(&enc);
	rec_codec_reset(&dec);
	event_init(&b, SL_EV_SYSCALL);
	event_add_payload(&b, 0, 1, 0, 0, "abc", 3);
	event_add_payload(&b, 1, 1, 0, 0, "defg", 4);
	/* the second payload claims more than the event holds */
	((struct sl_payload *)(b.data + 16))->len = 5000;
	n = rec_encode_event(&enc, buf, &b.ev);
	assert_int_equal(rec_decode_event(&dec, buf, n, &out, &err), (long)n);
	assert_int_equal(out.ev.npayload, 1);
	assert_true(out.ev.flags & SL_EVF_TRUNCATED);
}

static void
test_file_mode_and_symlink(void **state)
{
	struct sl_options o;
	struct sl_sink *s;
	struct stat st;
	char why[256];
	const char *p;
	int fd;

	(void)state;
	opts_init(&o);
	p = tmp_path("mode.slrec");
	fd = open(p, O_CREAT | O_WRONLY, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "old contents", 12), 12);
	fchmod(fd, 0644);
	close(fd);
	s = record_sink_new(p, &o, "ptrace", why, sizeof(why));
	assert_non_null(s);
	s->destroy(s);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	assert_int_equal(symlink(p, tmp_path("link.slrec")), 0);
	s = record_sink_new(tmp_path("link.slrec"), &o, "ptrace", why, sizeof(why));
	assert_null(s);
	assert_non_null(strstr(why, "symbolic link"));

	s = record_sink_new(tmpdir, &o, "ptrace", why, sizeof(why));
	assert_null(s);
	assert_non_null(strstr(why, "cannot write recording"));

	s = record_sink_new(tmp_path("nodir/x.slrec"), &o, "ptrace", why, sizeof(why));
	assert_null(s);
	assert_non_null(strstr(why, "No such file or directory"));
}

static void
test_bad_headers(void **state)
{
	static struct sl_rec_info info;
	unsigned char h[SL_REC_HEADER_MAX];
	char why[256];
	size_t n;

	(void)state;
	assert_int_equal(read_all((const unsigned char *)"", 0, why, sizeof(why), NULL), -1);
	assert_non_null(strstr(why, "empty"));
	assert_int_equal(
		read_all((const unsigned char *)"#!/bin/sh\necho hi\n", 18, why, sizeof(why), NULL),
		-1);
	assert_non_null(strstr(why, "bad magic"));

	memset(&info, 0, sizeof(info));
	strcpy(info.str[SL_REC_S_HOST], "host\x1b[2Jx");
	n = rec_header_build(h, &info);
	/* no blocks at all: cut short */
	assert_int_equal(read_all(h, n, why, sizeof(why), NULL), 0);
	assert_non_null(strstr(why, "cut short"));

	/* future version */
	h[8] = SL_REC_VERSION + 1;
	assert_int_equal(read_all(h, n, why, sizeof(why), NULL), -1);
	assert_non_null(strstr(why, "newer"));
	h[8] = 0;
	assert_int_equal(read_all(h, n, why, sizeof(why), NULL), -1);
	h[8] = SL_REC_VERSION;
	/* header checksum */
	h[20] ^= 1;
	assert_int_equal(read_all(h, n, why, sizeof(why), NULL), -1);
	assert_non_null(strstr(why, "checksum"));
	h[20] ^= 1;
	/* header length beyond the file, and absurd */
	h[10] = 0xff;
	h[11] = 0x3f;
	assert_int_equal(read_all(h, n, why, sizeof(why), NULL), -1);
	h[11] = 0xff;
	assert_int_equal(read_all(h, n, why, sizeof(why), NULL), -1);
	assert_non_null(strstr(why, "header length"));
}

/* Header strings reach the user printable only. */
static void
test_header_strings_escaped(void **state)
{
	static struct sl_rec_info info;
	unsigned char h[SL_REC_HEADER_MAX];
	struct sl_rec_reader *r;
	char why[256];
	FILE *f;
	size_t n;

	(void)state;
	memset(&info, 0, sizeof(info));
	strcpy(info.str[SL_REC_S_HOST], "host\x1b[2Jx");
	n = rec_header_build(h, &info);
	f = mem_file(h, n);
	r = rec_reader_open(f, why, sizeof(why));
	assert_non_null(r);
	assert_string_equal(rec_reader_info(r)->str[SL_REC_S_HOST], "host?[2Jx");
	rec_reader_close(r);
	fclose(f);
}

/* Offsets of the blocks of a file: fills offs, returns how many. */
static int
block_offsets(const unsigned char *p, size_t n, size_t *offs, uint32_t *nev, int max)
{
	size_t off = (size_t)(p[10] | p[11] << 8);
	int k = 0;

	while (off + SL_REC_BLOCK_HDR <= n && k < max) {
		uint32_t stored;

		memcpy(&stored, p + off + 8, 4);
		memcpy(&nev[k], p + off + 16, 4);
		offs[k++] = off;
		off += SL_REC_BLOCK_HDR + stored;
	}
	return k;
}

/* Cut at every point of a block boundary region: replays whole blocks only. */
static void
test_truncated(void **state)
{
	const char *path = tmp_path("cut.slrec");
	size_t n, offs[16], cuts[64];
	uint32_t nev[16];
	unsigned char *p;
	char why[256];
	int nb, nc = 0;
	long got, total;

	(void)state;
	write_recording(path, 40000, 0);
	p = slurp(path, &n);
	nb = block_offsets(p, n, offs, nev, 16);
	assert_true(nb >= 4); /* 3 event blocks and the end block */
	total = read_all(p, n, why, sizeof(why), NULL);
	assert_string_equal(why, "");
	for (int b = 0; b < nb; b++) {
		cuts[nc++] = offs[b];
		cuts[nc++] = offs[b] + 1;
		cuts[nc++] = offs[b] + SL_REC_BLOCK_HDR;
		cuts[nc++] = offs[b] + SL_REC_BLOCK_HDR + 100;
	}
	cuts[nc++] = n - 1;
	for (int c = 0; c < nc; c++) {
		long want = 0;

		if (cuts[c] >= n)
			continue;
		for (int b = 0; b < nb && offs[b] + SL_REC_BLOCK_HDR <= cuts[c]; b++) {
			uint32_t stored;

			memcpy(&stored, p + offs[b] + 8, 4);
			if (offs[b] + SL_REC_BLOCK_HDR + stored <= cuts[c])
				want += nev[b];
		}
		got = read_all(p, cuts[c], why, sizeof(why), NULL);
		assert_int_equal(got, want);
		assert_non_null(strstr(why, "recording damaged at byte"));
		assert_true(got <= total);
	}
	/* every cut inside the file header: an error, never a crash */
	for (size_t c = 1; c < offs[0]; c++) {
		got = read_all(p, c, why, sizeof(why), NULL);
		assert_int_equal(got, -1);
		assert_true(why[0] != '\0');
	}
	free(p);
}

/* A flipped byte anywhere: stops at the damage with a message, never crashes. */
static void
test_bit_flips(void **state)
{
	const char *path = tmp_path("flip.slrec");
	size_t n, offs[16];
	uint32_t nev[16];
	unsigned char *p;
	char why[256];
	long got, total;
	int nb;

	(void)state;
	write_recording(path, 300, 0);
	p = slurp(path, &n);
	nb = block_offsets(p, n, offs, nev, 16);
	assert_true(nb >= 2);
	total = read_all(p, n, why, sizeof(why), NULL);
	for (size_t i = 0; i < n; i += (i < 200 || n - i < 200) ? 1 : 7) {
		long want = -1;

		/* events of the blocks before the damaged one */
		for (int b = 0; b < nb && offs[b] <= i; b++)
			want = b == 0 ? 0 : want + nev[b - 1];
		if (nb && i >= offs[nb - 1])
			want = total; /* the end block: every event is in */
		for (int bit = 0; bit < 8; bit += 3) {
			p[i] ^= (unsigned char)(1 << bit);
			got = read_all(p, n, why, sizeof(why), NULL);
			p[i] ^= (unsigned char)(1 << bit);
			assert_true(why[0] != '\0');
			assert_int_equal(got, want);
		}
	}
	/* a flip in the data is a checksum mismatch */
	p[offs[0] + SL_REC_BLOCK_HDR + 5] ^= 0x40;
	assert_int_equal(read_all(p, n, why, sizeof(why), NULL), 0);
	assert_non_null(strstr(why, "data checksum mismatch"));
	free(p);
}

/* A file built piece by piece, checksums right, contents crafted. */
struct craft {
	unsigned char buf[1 << 16];
	size_t len;
};

static void
craft_header(struct craft *c)
{
	static struct sl_rec_info info;

	memset(&info, 0, sizeof(info));
	c->len = rec_header_build(c->buf, &info);
}

static void
craft_block(struct craft *c, unsigned type, unsigned comp, const void *data, uint32_t stored,
	    uint32_t raw, uint32_t nev)
{
	rec_block_header_build(c->buf + c->len, type, comp, data, stored, raw, nev);
	c->len += SL_REC_BLOCK_HDR;
	memcpy(c->buf + c->len, data, stored);
	c->len += stored;
}

static void
craft_end(struct craft *c)
{
	static const struct sl_rec_end e = {.exit_status = 7};
	unsigned char end[SL_REC_END_LEN];

	rec_end_build(end, &e);
	craft_block(c, SL_REC_B_END, SL_REC_C_STORED, end, sizeof(end), sizeof(end), 0);
}

/* encoded bytes of n simple events */
static size_t
craft_events(unsigned char *out, unsigned n)
{
	static struct sl_rec_codec enc;
	static struct sl_event_buf b;
	size_t len = 0;

	rec_codec_reset(&enc);
	for (unsigned i = 0; i < n; i++) {
		make_event(&b, i);
		len += rec_encode_event(&enc, out + len, &b.ev);
	}
	return len;
}

/* Raw deflate, as the writer compresses. */
static size_t
raw_deflate(unsigned char *out, size_t cap, const unsigned char *in, size_t len)
{
	z_stream zs;
	size_t n;

	memset(&zs, 0, sizeof(zs));
	assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
	zs.next_in = (unsigned char *)in;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	n = zs.total_out;
	deflateEnd(&zs);
	return n;
}

/* Change a field of a block header, keeping its checksum right. */
static void
block_patch(unsigned char *hdr, unsigned off, uint32_t v)
{
	uint32_t crc;

	memcpy(hdr + off, &v, 4);
	crc = (uint32_t)crc32(0, hdr, 24);
	memcpy(hdr + 24, &crc, 4);
}

static void
expect(struct craft *c, long events, const char *msg)
{
	char why[256];
	long got = read_all(c->buf, c->len, why, sizeof(why), NULL);

	if (got != events || !strstr(why, msg)) {
		fprintf(stderr, "got %ld events, '%s'; want %ld, '%s'\n", got, why, events, msg);
		fail();
	}
}

static void
test_crafted(void **state)
{
	static struct craft c;
	static unsigned char ev[30000], z[40000];
	struct sl_rec_end end;
	char why[256];
	size_t len;
	size_t zlen;
	uint32_t big;

	(void)state;
	len = craft_events(ev, 50);

	/* a sound crafted file reads back, end block and all */
	craft_header(&c);
	craft_block(&c, SL_REC_B_EVENTS, SL_REC_C_STORED, ev, (uint32_t)len, (uint32_t)len, 50);
	craft_end(&c);
	assert_int_equal(read_all(c.buf, c.len, why, sizeof(why), &end), 50);
	assert_string_equal(why, "");
	assert_int_equal(end.exit_status, 7);

	/* more events claimed than the block holds */
	craft_header(&c);
	craft_block(&c, SL_REC_B_EVENTS, SL_REC_C_STORED, ev, (uint32_t)len, (uint32_t)len, 51);
	craft_end(&c);
	expect(&c, 50, "runs past the block");

	/* fewer: bytes left over */
	craft_header(&c);
	craft_block(&c, SL_REC_B_EVENTS, SL_REC_C_STORED, ev, (uint32_t)len, (uint32_t)len, 49);
	craft_end(&c);
	expect(&c, 49, "after its last event");

	/* a huge event count */
	craft_header(&c);
	craft_block(&c, SL_REC_B_EVENTS, SL_REC_C_STORED, ev, (uint32_t)len, (uint32_t)len,
		    0xffffffffu);
	expect(&c, 0, "cannot fit");

	/* a huge block length, checksums right */
	craft_header(&c);
	craft_block(&c, SL_REC_B_EVENTS, SL_REC_C_STORED, ev, (uint32_t)len, (uint32_t)len, 50);
	big = 0x7fffffff;
	block_patch(c.buf + c.len - len - SL_REC_BLOCK_HDR, 8, big);
	block_patch(c.buf + c.len - len - SL_REC_BLOCK_HDR, 12, big);
	expect(&c, 0, "larger than");

	/* a block length beyond the end of the file */
	craft_header(&c);
	craft_block(&c, SL_REC_B_EVENTS, SL_REC_C_STORED, ev, (uint32_t)len, (uint32_t)len, 50);
	block_patch(c.buf + c.len - len - SL_REC_BLOCK_HDR, 8, (uint32_t)len + 1000);
	block_patch(c.buf + c.len - len - SL_REC_BLOCK_HDR, 12, (uint32_t)len + 1000);
	expect(&c, 0, "cut short inside block");

	/* stored lengths that disagree */
	craft_header(&c);
	craft_block(&c, SL_REC_B_EVENTS, SL_REC_C_STORED, ev, (uint32_t)len, (uint32_t)len + 1, 50);
	expect(&c, 0, "disagree");

	/* a decompressed size that lies, both ways */
	zlen = raw_deflate(z, sizeof(z), ev, len);
	craft_header(&c);
	craft_block(&c, SL_REC_B_EVENTS, SL_REC_C_ZLIB, z, (uint32_t)zlen, (uint32_t)len, 50);
	craft_end(&c);
	expect(&c, 50, "");
	craft_header(&c);
	craft_block(&c, SL_REC_B_EVENTS, SL_REC_C_ZLIB, z, (uint32_t)zlen, (uint32_t)len - 1, 50);
	expect(&c, 0, "decompresses to more than");
	craft_header(&c);
	craft_block(&c, SL_REC_B_EVENTS, SL_REC_C_ZLIB, z, (uint32_t)zlen, (uint32_t)len + 1, 50);
	expect(&c, 0, "not the");
	/* compressed data that is not deflate */
	memset(z, 0xff, 64);
	craft_header(&c);
	craft_block(&c, SL_REC_B_EVENTS, SL_REC_C_ZLIB, z, 64, (uint32_t)len, 50);
	expect(&c, 0, "compressed data damaged");
	/* a deflate stream that ends early, or goes on after its end */
	zlen = raw_deflate(z, sizeof(z), ev, len);
	craft_header(&c);
	craft_block(&c, SL_REC_B_EVENTS, SL_REC_C_ZLIB, z, (uint32_t)zlen - 3, (uint32_t)len, 50);
	expect(&c, 0, "ends early");
	craft_header(&c);
	craft_block(&c, SL_REC_B_EVENTS, SL_REC_C_ZLIB, z, (uint32_t)zlen + 3, (uint32_t)len, 50);
	expect(&c, 0, "after its compressed data");

	/* unknown block type and compression */
	craft_header(&c);
	craft_block(&c, 9, SL_REC_C_STORED, ev, (uint32_t)len, (uint32_t)len, 50);
	expect(&c, 0, "unknown block type");
	craft_header(&c);
	craft_block(&c, SL_REC_B_EVENTS, 5, ev, (uint32_t)len, (uint32_t)len, 50);
	expect(&c, 0, "unknown compression");

	/* block magic */
	craft_header(&c);
	craft_block(&c, SL_REC_B_EVENTS, SL_REC_C_STORED, ev, (uint32_t)len, (uint32_t)len, 50);
	c.buf[c.len - len - SL_REC_BLOCK_HDR] = 'X';
	expect(&c, 0, "bad block magic");

	/* a short end block */
	craft_header(&c);
	craft_block(&c, SL_REC_B_END, SL_REC_C_STORED, ev, 8, 8, 0);
	expect(&c, 0, "bad end block");

	/* bytes after the end block */
	craft_header(&c);
	craft_end(&c);
	c.buf[c.len++] = 0;
	expect(&c, 0, "after the end block");
}

/* Event contents that lie, inside a block whose checksums are right. */
static void
test_crafted_events(void **state)
{
	static struct craft c;
	static const struct {
		unsigned char bytes[24];
		size_t len;
		const char *msg;
	} cases[] = {
		/* type 0 */
		{{0x00, 0, 0, 0, 0, 0}, 6, "unknown event type"},
		/* type 15 */
		{{0x0f, 0, 0, 0, 0, 0}, 6, "unknown event type"},
		/* unknown mask bits */
		{{0x01, 0x80, 0x80, 0x02, 0, 0, 0, 0}, 8, "unknown fields"},
		/* a varint that never ends */
		{{0x01, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
		 13,
		 "runs past"},
		/* an 11-byte varint */
		{{0x01, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0,
		  0, 0},
		 16,
		 "runs past"},
		/* 3000 payloads */
		{{0x01, 0x00, 0x00, 0x00, 0x00, 0xb8, 0x17}, 7, "too many payloads"},
		/* a payload longer than the block */
		{{0x01, 0x00, 0x00, 0x00, 0x00, 0x01, 1, 1, 0, 0, 0x7f, 'a'},
		 12,
		 "payload runs past"},
		/* a payload longer than an event may carry */
		{{0x01, 0x00, 0x00, 0x00, 0x00, 0x01, 1, 1, 0, 0, 0x80, 0x81, 0x01},
		 13,
		 "larger than an event"},
		/* a cut comm */
		{{0x01, 0x80, 0x40, 0x00, 0x00, 0x00, 'a', 'b'}, 8, "runs past"},
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		unsigned char data[SL_PAYLOAD_MAX + 256];
		size_t len = cases[i].len;

		memset(data, 'x', sizeof(data));
		memcpy(data, cases[i].bytes, len);
		/* room for a 'payload larger than an event' to be there */
		if (strstr(cases[i].msg, "larger"))
			len = sizeof(data);
		craft_header(&c);
		craft_block(&c, SL_REC_B_EVENTS, SL_REC_C_STORED, data, (uint32_t)len,
			    (uint32_t)len, 1);
		expect(&c, 0, cases[i].msg);
	}
}

/* The replay collector: pushes the events, takes the exit status and time. */
struct count_sink {
	struct sl_sink sink;
	unsigned n, exits;
};

static int
count_event(struct sl_sink *s, const struct sl_event *ev)
{
	struct count_sink *c = (struct count_sink *)s;

	c->n++;
	c->exits += ev->type == SL_EV_EXIT;
	return 0;
}

static void
test_replay_collector(void **state)
{
	const char *path = tmp_path("replay.slrec");
	struct count_sink cs = {.sink = {.event = count_event}};
	struct sl_collector *c;
	struct sl_options o;
	char why[256];
	unsigned written;
	size_t n;
	unsigned char *p;
	int fd;

	(void)state;
	written = write_recording(path, 1000, 42);
	memset(&o, 0, sizeof(o));
	o.mode = SL_MODE_REPLAY;
	o.replay_path = path;
	c = replay_collector_new(why, sizeof(why));
	assert_non_null(c);
	assert_string_equal(c->name, "replay");
	assert_int_equal(c->start(c, &o, &cs.sink, why, sizeof(why)), 0);
	assert_int_equal(c->run(c), 0);
	assert_int_equal(cs.n, written);
	assert_int_equal(cs.exits, 1);
	assert_int_equal(c->exit_status, 42);
	assert_int_equal(c->stats.lost, 3);
	assert_true(c->finished);
	c->destroy(c);

	/* cut short: replays what is whole, says where it stopped */
	p = slurp(path, &n);
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_int_equal(write(fd, p, n - 10), (ssize_t)(n - 10));
	close(fd);
	free(p);
	cs.n = 0;
	c = replay_collector_new(why, sizeof(why));
	assert_int_equal(c->start(c, &o, &cs.sink, why, sizeof(why)), 0);
	assert_int_equal(c->run(c), -EBADMSG);
	assert_int_equal(cs.n, written);
	assert_non_null(strstr(c->note, "recording damaged at byte"));
	assert_non_null(strstr(c->note, "replayed 1001 events"));
	assert_int_equal(c->exit_status, -1);
	c->destroy(c);

	/* not there, not a recording */
	o.replay_path = tmp_path("missing");
	c = replay_collector_new(why, sizeof(why));
	assert_true(c->start(c, &o, &cs.sink, why, sizeof(why)) < 0);
	assert_non_null(strstr(why, "No such file"));
	c->destroy(c);
	o.replay_path = "/etc/passwd";
	c = replay_collector_new(why, sizeof(why));
	assert_true(c->start(c, &o, &cs.sink, why, sizeof(why)) < 0);
	assert_non_null(strstr(why, "not a syslens recording"));
	c->destroy(c);
}

/*
 * A sink that checks the replay hands over every event in the order
 * written, and can fail or ask the collector to stop at one of them.
 */
struct order_sink {
	struct sl_sink sink;
	struct sl_collector *c;
	const struct sl_traceset *trace;
	unsigned n, next, bad;
	unsigned fail_at, stop_at; /* 0: never */
};

static int
order_event(struct sl_sink *s, const struct sl_event *ev)
{
	struct order_sink *os = (struct order_sink *)s;
	static struct sl_event_buf want;

	os->n++;
	if (ev->type == SL_EV_SYSCALL) {
		/* the next written event this replay passes on */
		for (;;) {
			make_event(&want, os->next++);
			if (traceset_has(os->trace, syscall_arch_index(want.ev.arch), want.ev.nr))
				break;
		}
		if (ev->seq != want.ev.seq || ev->nr != want.ev.nr || ev->size != want.ev.size ||
		    memcmp(ev, &want.ev, want.ev.size) != 0)
			os->bad++;
	}
	if (os->stop_at && os->n == os->stop_at)
		os->c->stop(os->c);
	if (os->fail_at && os->n == os->fail_at)
		return -EIO;
	return 0;
}

/* Replay reads on its own thread: order, counts, stop and sink errors hold. */
static void
test_replay_pipeline(void **state)
{
	const char *path = tmp_path("pipeline.slrec");
	struct order_sink os = {.sink = {.event = order_event}};
	static struct sl_traceset ts;
	struct sl_collector *c;
	struct sl_options o;
	char why[256], err[128];
	unsigned written, passed = 0;
	static struct sl_event_buf b;

	(void)state;
	/* many times the events the reading thread hands over at once */
	written = write_recording(path, 40000, 0);
	memset(&o, 0, sizeof(o));
	o.mode = SL_MODE_REPLAY;
	o.replay_path = path;

	/* everything, in order */
	c = replay_collector_new(why, sizeof(why));
	os.c = c;
	assert_int_equal(c->start(c, &o, &os.sink, why, sizeof(why)), 0);
	assert_int_equal(c->run(c), 0);
	assert_int_equal(os.n, written);
	assert_int_equal(os.next, 40000);
	assert_int_equal(os.bad, 0);
	c->destroy(c);

	/* a sink that fails ends the run there, with its error */
	memset(&os, 0, sizeof(os));
	os.sink.event = order_event;
	os.fail_at = 12345;
	c = replay_collector_new(why, sizeof(why));
	os.c = c;
	assert_int_equal(c->start(c, &o, &os.sink, why, sizeof(why)), 0);
	assert_int_equal(c->run(c), -EIO);
	assert_int_equal(os.n, 12345);
	assert_int_equal(os.bad, 0);
	assert_true(c->finished);
	c->destroy(c);

	/* stop() ends it without an error and without another event */
	memset(&os, 0, sizeof(os));
	os.sink.event = order_event;
	os.stop_at = 777;
	c = replay_collector_new(why, sizeof(why));
	os.c = c;
	assert_int_equal(c->start(c, &o, &os.sink, why, sizeof(why)), 0);
	assert_int_equal(c->run(c), 0);
	assert_int_equal(os.n, 777);
	assert_int_equal(os.bad, 0);
	c->destroy(c);

	/* -e trace=SET at replay: only those syscalls, still in order */
	assert_int_equal(traceset_parse(&ts, "trace=%file", err, sizeof(err)), 0);
	for (unsigned i = 0; i < 40000; i++) {
		make_event(&b, i);
		passed += traceset_has(&ts, syscall_arch_index(b.ev.arch), b.ev.nr);
	}
	assert_true(passed > 0 && passed < 40000);
	memset(&os, 0, sizeof(os));
	os.sink.event = order_event;
	os.trace = &ts;
	o.trace = &ts;
	c = replay_collector_new(why, sizeof(why));
	os.c = c;
	assert_int_equal(c->start(c, &o, &os.sink, why, sizeof(why)), 0);
	assert_int_equal(c->run(c), 0);
	assert_int_equal(os.n, passed + (written - 40000));
	assert_int_equal(os.bad, 0);
	c->destroy(c);
}

/* Replay installs the recording's wall-clock offset before events flow. */
static void
test_replay_offset(void **state)
{
	const char *path = tmp_path("off.slrec");
	struct count_sink cs = {.sink = {.event = count_event}};
	static struct sl_rec_info info;
	unsigned char h[SL_REC_HEADER_MAX];
	struct sl_collector *c;
	struct sl_options o;
	char why[256];
	size_t n;
	FILE *f;

	(void)state;
	memset(&info, 0, sizeof(info));
	info.realtime_offset_ns = 1234567890123456789ll;
	n = rec_header_build(h, &info);
	f = fopen(path, "wb");
	assert_non_null(f);
	fwrite(h, 1, n, f);
	fclose(f);
	memset(&o, 0, sizeof(o));
	o.mode = SL_MODE_REPLAY;
	o.replay_path = path;
	c = replay_collector_new(why, sizeof(why));
	assert_int_equal(c->start(c, &o, &cs.sink, why, sizeof(why)), 0);
	assert_int_equal(realtime_offset_ns(), 1234567890123456789ll);
	c->destroy(c);

	/* and local time as on the recording machine */
	for (int k = 0; k < 2; k++) {
		time_t t = 0;
		struct tm tm;

		info.flags = SL_REC_HF_UTCOFF;
		info.utc_offset = k ? -(3 * 3600 + 1800) : 5 * 3600 + 1800;
		n = rec_header_build(h, &info);
		f = fopen(path, "wb");
		fwrite(h, 1, n, f);
		fclose(f);
		c = replay_collector_new(why, sizeof(why));
		assert_int_equal(c->start(c, &o, &cs.sink, why, sizeof(why)), 0);
		localtime_r(&t, &tm);
		assert_int_equal(tm.tm_gmtoff, info.utc_offset);
		assert_int_equal(tm.tm_hour, k ? 20 : 5);
		assert_int_equal(tm.tm_min, 30);
		c->destroy(c);
	}
	unsetenv("TZ");
	tzset();
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int
teardown(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_round_trip_edges),
		cmocka_unit_test(test_round_trip_varints),
		cmocka_unit_test(test_encode_bad_event),
		cmocka_unit_test(test_file_mode_and_symlink),
		cmocka_unit_test(test_bad_headers),
		cmocka_unit_test(test_header_strings_escaped),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bit_flips),
		cmocka_unit_test(test_crafted),
		cmocka_unit_test(test_crafted_events),
		cmocka_unit_test(test_replay_collector),
		cmocka_unit_test(test_replay_pipeline),
		cmocka_unit_test(test_replay_offset),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
