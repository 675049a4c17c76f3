/*
 * recording.c - the recording file format: the compact event encoding,
 * the file and block headers, and the reader that checks all of it.
 *
 * The writer (src/output/record.c) and the replay collector
 * (src/collect/replay.c) meet here, so the two sides cannot drift apart.
 * docs/recording.md is the description of the same bytes in prose.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#ifdef SL_HAVE_LIBDEFLATE
#include <libdeflate.h>
#endif

#include "syslens/recording.h"
#include "syslens/util.h"

/* the smallest encoded event: head, mask, nr, ret, ts_enter, npayload */
#define REC_EVENT_MIN 6

/*
 * Fuzzing builds (make fuzz) let a bad checksum pass, so that mutated
 * inputs reach the block and event decoding behind it.
 */
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
#define crc_ok(a, b) ((void)(a), (void)(b), true)
#else
#define crc_ok(a, b) ((a) == (b))
#endif

/* CRC-32 of a block's data: libdeflate's is the same sum, several times faster. */
static uint32_t
data_crc(const unsigned char *p, size_t n)
{
#ifdef SL_HAVE_LIBDEFLATE
	return libdeflate_crc32(0, p, n);
#else
	return (uint32_t)crc32(0, p, (uInt)n);
#endif
}

/* ---- little-endian fields and varints ---- */

static void
put_le16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void
put_le32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void
put_le64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint16_t
get_le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t
get_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t
get_le64(const unsigned char *p)
{
	return (uint64_t)get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

static inline unsigned char *
put_uv(unsigned char *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	*p++ = (unsigned char)v;
	return p;
}

static inline unsigned char *
put_sv(unsigned char *p, int64_t v)
{
	return put_uv(p, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

/* Read a varint; NULL when it runs past end or past 64 bits. */
static inline const unsigned char *
get_uv(const unsigned char *p, const unsigned char *end, uint64_t *v)
{
	uint64_t r = 0;

	/* most numbers of an event take one or two bytes */
	if (__builtin_expect(p < end && *p < 0x80, 1)) {
		*v = *p;
		return p + 1;
	}
	if (end - p >= 2 && p[1] < 0x80) {
		*v = (uint64_t)(p[0] & 0x7f) | (uint64_t)p[1] << 7;
		return p + 2;
	}
	if (end - p >= 10) {
		/* room for the longest varint: no bound check per byte */
		r = (uint64_t)(p[0] & 0x7f) | (uint64_t)(p[1] & 0x7f) << 7;
		for (unsigned i = 2; i < 10; i++) {
			uint64_t b = p[i];

			r |= (b & 0x7f) << (7 * i);
			if (b < 0x80) {
				if (i == 9 && b > 1)
					return NULL;
				*v = r;
				return p + i + 1;
			}
		}
		return NULL;
	}
	for (unsigned shift = 0; shift < 64; shift += 7) {
		uint64_t b;

		if (p >= end)
			return NULL;
		b = *p++;
		if (shift == 63 && b > 1)
			return NULL;
		r |= (b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*v = r;
			return p;
		}
	}
	return NULL;
}

static inline const unsigned char *
get_sv(const unsigned char *p, const unsigned char *end, int64_t *v)
{
	uint64_t u;

	p = get_uv(p, end, &u);
	if (p)
		*v = (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
	return p;
}

/* ---- the event encoding ---- */

void
rec_codec_reset(struct sl_rec_codec *c)
{
	memset(c, 0, sizeof(*c));
}

static inline unsigned
codec_slot(unsigned type, uint32_t nr)
{
	if (type == SL_EV_SYSCALL && nr < SL_REC_NR_SLOTS)
		return nr;
	return SL_REC_NR_SLOTS + (type & 15);
}

/* Payload bytes of ev that lie inside both size and payload_len. */
static size_t
event_avail(const struct sl_event *ev)
{
	size_t avail = ev->payload_len;

	if (avail > SL_PAYLOAD_MAX)
		avail = SL_PAYLOAD_MAX;
	if (ev->size < sizeof(*ev))
		return 0;
	if (avail > ev->size - sizeof(*ev))
		avail = ev->size - sizeof(*ev);
	return avail;
}

/* How many of ev's payloads walk inside it (all of them, when it is sound). */
static unsigned
event_sound_payloads(const struct sl_event *ev, size_t avail)
{
	const unsigned char *base = (const unsigned char *)(ev + 1);
	size_t off = 0;
	unsigned n;

	for (n = 0; n < ev->npayload; n++) {
		const struct sl_payload *pl = (const void *)(base + off);

		if (off + sizeof(*pl) > avail || pl->len > avail - off - sizeof(*pl))
			break;
		off += sizeof(*pl) + SL_ALIGN8((size_t)pl->len);
	}
	return n;
}

size_t
rec_encode_bound(const struct sl_event *ev)
{
	/* fixed fields at most ~200 bytes; a payload grows by at most 1 byte
	 * (4 bytes + a 5-byte varint for its 8-byte header) */
	return 256 + 2 * event_avail(ev);
}

size_t
rec_encode_event(struct sl_rec_codec *c, unsigned char *out, const struct sl_event *ev)
{
	struct sl_event *prev = &c->prev;
	unsigned slot = codec_slot(ev->type, ev->nr);
	uint64_t *last = c->args[slot];
	size_t avail = event_avail(ev);
	unsigned npl = event_sound_payloads(ev, avail);
	unsigned flags = ev->flags;
	unsigned mask = 0;
	unsigned char *p = out;
	const unsigned char *base;
	size_t off;

	if (npl < ev->npayload)
		flags |= SL_EVF_TRUNCATED;
	for (int i = 0; i < SL_NARGS; i++)
		if (ev->args[i] != last[i])
			mask |= SL_REC_M_ARG0 << i;
	if (ev->ts_exit)
		mask |= SL_REC_M_TSEXIT;
	if (ev->pid != prev->pid)
		mask |= SL_REC_M_PID;
	if (ev->tid != ev->pid)
		mask |= SL_REC_M_TID;
	if (ev->arch != prev->arch)
		mask |= SL_REC_M_ARCH;
	if (ev->seq != prev->seq + 1)
		mask |= SL_REC_M_SEQ;
	if (ev->cgroup_id != prev->cgroup_id)
		mask |= SL_REC_M_CGROUP;
	if (ev->ns_pid != prev->ns_pid)
		mask |= SL_REC_M_NSPID;
	if (memcmp(ev->comm, prev->comm, SL_COMM_LEN))
		mask |= SL_REC_M_COMM;
	if (ev->reserved || ev->reserved2)
		mask |= SL_REC_M_RESV;

	p = put_uv(p, (uint64_t)(ev->type & 15) | (uint64_t)flags << 4);
	p = put_uv(p, mask);
	if (mask & SL_REC_M_PID)
		p = put_sv(p, (int64_t)ev->pid - (int64_t)prev->pid);
	if (mask & SL_REC_M_TID)
		p = put_sv(p, (int64_t)ev->tid - (int64_t)ev->pid);
	if (mask & SL_REC_M_ARCH)
		p = put_uv(p, ev->arch);
	p = put_uv(p, ev->nr);
	for (int i = 0; i < SL_NARGS; i++) {
		if (mask & (SL_REC_M_ARG0 << i)) {
			p = put_sv(p, (int64_t)(ev->args[i] - last[i]));
			last[i] = ev->args[i];
		}
	}
	p = put_sv(p, (int64_t)((uint64_t)ev->ret - (uint64_t)c->ret[slot]));
	c->ret[slot] = ev->ret;
	p = put_sv(p, (int64_t)(ev->ts_enter - prev->ts_enter));
	if (mask & SL_REC_M_TSEXIT)
		p = put_sv(p, (int64_t)(ev->ts_exit - ev->ts_enter));
	if (mask & SL_REC_M_SEQ)
		p = put_sv(p, (int64_t)(ev->seq - prev->seq - 1));
	if (mask & SL_REC_M_CGROUP)
		p = put_uv(p, ev->cgroup_id);
	if (mask & SL_REC_M_NSPID)
		p = put_uv(p, ev->ns_pid);
	if (mask & SL_REC_M_COMM) {
		memcpy(p, ev->comm, SL_COMM_LEN);
		p += SL_COMM_LEN;
	}
	if (mask & SL_REC_M_RESV) {
		p = put_uv(p, ev->reserved);
		p = put_uv(p, ev->reserved2);
	}
	p = put_uv(p, npl);
	base = (const unsigned char *)(ev + 1);
	off = 0;
	for (unsigned n = 0; n < npl; n++) {
		const struct sl_payload *pl = (const void *)(base + off);

		*p++ = pl->arg;
		*p++ = pl->kind;
		*p++ = pl->flags;
		*p++ = pl->part;
		p = put_uv(p, pl->len);
		memcpy(p, pl + 1, pl->len);
		p += pl->len;
		off += sizeof(*pl) + SL_ALIGN8((size_t)pl->len);
	}

	prev->pid = ev->pid;
	prev->arch = ev->arch;
	prev->ts_enter = ev->ts_enter;
	prev->seq = ev->seq;
	prev->cgroup_id = ev->cgroup_id;
	prev->ns_pid = ev->ns_pid;
	memcpy(prev->comm, ev->comm, SL_COMM_LEN);
	return (size_t)(p - out);
}

#define BAD(why)                                                                                   \
	do {                                                                                       \
		*err = (why);                                                                      \
		return -EBADMSG;                                                                   \
	} while (0)
#define GET_UV(v)                                                                                  \
	do {                                                                                       \
		if (!(p = get_uv(p, end, &(v))))                                                   \
			BAD("a number runs past the block");                                       \
	} while (0)
#define GET_SV(v)                                                                                  \
	do {                                                                                       \
		if (!(p = get_sv(p, end, &(v))))                                                   \
			BAD("a number runs past the block");                                       \
	} while (0)

long
rec_decode_event(struct sl_rec_codec *c, const unsigned char *start, size_t len,
		 struct sl_event_buf *buf, const char **err)
{
	const unsigned char *p = start, *end = start + len;
	struct sl_event *ev = &buf->ev, *prev = &c->prev;
	uint64_t u, mask, npl, head, *last;
	int64_t s;
	unsigned slot;
	size_t off;

	/* every field of ev is set below: no memset of the whole header */
	GET_UV(head);
	ev->type = (uint16_t)(head & 15);
	if (ev->type < SL_EV_SYSCALL || ev->type > SL_EV_DETACH)
		BAD("unknown event type");
	if (head >> 4 > 0xffff)
		BAD("bad event flags");
	ev->flags = (uint16_t)(head >> 4);
	GET_UV(mask);
	if (mask & ~(uint64_t)SL_REC_M_ALL)
		BAD("unknown fields in an event");
	ev->pid = prev->pid;
	if (mask & SL_REC_M_PID) {
		GET_SV(s);
		ev->pid = (uint32_t)((int64_t)prev->pid + s);
	}
	ev->tid = ev->pid;
	if (mask & SL_REC_M_TID) {
		GET_SV(s);
		ev->tid = (uint32_t)((int64_t)ev->pid + s);
	}
	ev->arch = prev->arch;
	if (mask & SL_REC_M_ARCH) {
		GET_UV(u);
		if (u > UINT32_MAX)
			BAD("bad arch");
		ev->arch = (uint32_t)u;
	}
	GET_UV(u);
	if (u > UINT32_MAX)
		BAD("bad syscall number");
	ev->nr = (uint32_t)u;
	slot = codec_slot(ev->type, ev->nr);
	last = c->args[slot];
	if (mask & (SL_REC_M_ARG0 * 0x3f)) {
		for (int i = 0; i < SL_NARGS; i++) {
			if (mask & (SL_REC_M_ARG0 << i)) {
				GET_SV(s);
				last[i] += (uint64_t)s;
			}
		}
	}
	memcpy(ev->args, last, sizeof(ev->args));
	GET_SV(s);
	c->ret[slot] = (int64_t)((uint64_t)c->ret[slot] + (uint64_t)s);
	ev->ret = c->ret[slot];
	GET_SV(s);
	ev->ts_enter = prev->ts_enter + (uint64_t)s;
	ev->ts_exit = 0;
	if (mask & SL_REC_M_TSEXIT) {
		GET_SV(s);
		ev->ts_exit = ev->ts_enter + (uint64_t)s;
	}
	ev->seq = prev->seq + 1;
	if (mask & SL_REC_M_SEQ) {
		GET_SV(s);
		ev->seq += (uint64_t)s;
	}
	ev->cgroup_id = prev->cgroup_id;
	if (mask & SL_REC_M_CGROUP) {
		GET_UV(u);
		ev->cgroup_id = u;
	}
	ev->ns_pid = prev->ns_pid;
	if (mask & SL_REC_M_NSPID) {
		GET_UV(u);
		if (u > UINT32_MAX)
			BAD("bad namespace pid");
		ev->ns_pid = (uint32_t)u;
	}
	if (mask & SL_REC_M_COMM) {
		if ((size_t)(end - p) < SL_COMM_LEN)
			BAD("an event runs past the block");
		memcpy(ev->comm, p, SL_COMM_LEN);
		p += SL_COMM_LEN;
	} else {
		memcpy(ev->comm, prev->comm, SL_COMM_LEN);
	}
	ev->reserved = 0;
	ev->reserved2 = 0;
	if (mask & SL_REC_M_RESV) {
		GET_UV(u);
		if (u > UINT16_MAX)
			BAD("bad reserved field");
		ev->reserved = (uint16_t)u;
		GET_UV(u);
		if (u > UINT32_MAX)
			BAD("bad reserved field");
		ev->reserved2 = (uint32_t)u;
	}
	GET_UV(npl);
	if (npl > SL_PAYLOAD_MAX / sizeof(struct sl_payload))
		BAD("too many payloads");
	off = 0;
	for (uint64_t n = 0; n < npl; n++) {
		struct sl_payload *pl;
		uint64_t plen;
		unsigned char hdr[4];

		if (end - p < 4)
			BAD("an event runs past the block");
		memcpy(hdr, p, 4);
		p += 4;
		GET_UV(plen);
		if (plen > (uint64_t)(end - p))
			BAD("a payload runs past the block");
		if (plen > SL_PAYLOAD_MAX ||
		    off + sizeof(*pl) + SL_ALIGN8((size_t)plen) > SL_PAYLOAD_MAX)
			BAD("payloads larger than an event may carry");
		pl = (struct sl_payload *)(buf->data + off);
		pl->arg = hdr[0];
		pl->kind = hdr[1];
		pl->flags = hdr[2];
		pl->part = hdr[3];
		pl->len = (uint32_t)plen;
		/* zero the padding first: one word, then the data over it */
		if (plen & 7)
			memset((unsigned char *)(pl + 1) + (plen & ~(uint64_t)7), 0, 8);
		memcpy(pl + 1, p, plen);
		p += plen;
		off += sizeof(*pl) + SL_ALIGN8((size_t)plen);
	}
	ev->npayload = (uint16_t)npl;
	ev->payload_len = (uint32_t)off;
	ev->size = (uint32_t)(sizeof(*ev) + off);

	prev->pid = ev->pid;
	prev->arch = ev->arch;
	prev->ts_enter = ev->ts_enter;
	prev->seq = ev->seq;
	prev->cgroup_id = ev->cgroup_id;
	prev->ns_pid = ev->ns_pid;
	memcpy(prev->comm, ev->comm, SL_COMM_LEN);
	return (long)(p - start);
}

#undef GET_SV
#undef GET_UV
#undef BAD

/* ---- headers ---- */

size_t
rec_header_build(unsigned char *out, const struct sl_rec_info *info)
{
	unsigned char *p = out + SL_REC_HEADER_FIXED;
	size_t len;

	memset(out, 0, SL_REC_HEADER_FIXED);
	memcpy(out, SL_REC_MAGIC, SL_REC_MAGIC_LEN);
	put_le16(out + 8, SL_REC_VERSION);
	put_le32(out + 12, info->flags);
	put_le32(out + 16, info->strsize);
	put_le32(out + 20, info->arch);
	put_le32(out + 24, info->mode);
	put_le32(out + 28, (uint32_t)info->utc_offset);
	put_le64(out + 32, info->start_realtime_ns);
	put_le64(out + 40, (uint64_t)info->realtime_offset_ns);
	for (int i = 0; i < SL_REC_NSTR; i++) {
		size_t n = strnlen(info->str[i], SL_REC_STR_MAX);

		put_le16(p, (uint16_t)n);
		memcpy(p + 2, info->str[i], n);
		p += 2 + n;
	}
	len = (size_t)(p - out) + 4;
	put_le16(out + 10, (uint16_t)len);
	put_le32(p, (uint32_t)crc32(0, out, (uInt)(len - 4)));
	return len;
}

void
rec_block_header_build(unsigned char *out, unsigned type, unsigned compression,
		       const unsigned char *stored, uint32_t stored_len, uint32_t raw_len,
		       uint32_t nevents)
{
	memcpy(out, SL_REC_BLOCK_MAGIC, 4);
	out[4] = (unsigned char)type;
	out[5] = (unsigned char)compression;
	put_le16(out + 6, 0);
	put_le32(out + 8, stored_len);
	put_le32(out + 12, raw_len);
	put_le32(out + 16, nevents);
	put_le32(out + 20, data_crc(stored, stored_len));
	put_le32(out + 24, (uint32_t)crc32(0, out, 24));
}

void
rec_end_build(unsigned char *out, const struct sl_rec_end *end)
{
	put_le64(out, end->stats.events);
	put_le64(out + 8, end->stats.lost);
	put_le64(out + 16, end->stats.truncated);
	put_le64(out + 24, end->recorded);
	put_le32(out + 32, (uint32_t)end->exit_status);
	put_le32(out + 36, 0);
}

/* ---- the reader ---- */

struct sl_rec_reader {
	FILE *f;
	struct sl_rec_info info;
	uint64_t off;	    /* file offset of the next block */
	uint64_t block_off; /* file offset of the current block */
	unsigned char *stored, *raw;
	size_t stored_cap, raw_cap;
	size_t raw_len, raw_pos;
	uint32_t block_left; /* events of the current block not yet read */
	uint32_t block_no;
	z_stream zs;
	bool zinit;
#ifdef SL_HAVE_LIBDEFLATE
	/* reads the same deflate data as zlib in about half the time */
	struct libdeflate_decompressor *ld;
#endif
	bool done, damaged, have_end;
	struct sl_rec_end end;
	uint64_t count;
	char err[320];
	struct sl_rec_codec codec;
	struct sl_event_buf buf;
};

static int
reader_damage(struct sl_rec_reader *r, uint64_t at, const char *fmt, ...)
{
	char why[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	snprintf(r->err, sizeof(r->err), "recording damaged at byte %llu: %s",
		 (unsigned long long)at, why);
	r->damaged = true;
	return -EBADMSG;
}

/* Read exactly n bytes; returns the bytes read (short at end of file). */
static size_t
read_full(FILE *f, void *p, size_t n)
{
	return fread(p, 1, n, f);
}

/* Header strings come from the file: keep them printable. */
static void
str_clean(char *dst, const unsigned char *src, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? (char)src[i] : '?';
	dst[n] = '\0';
}

struct sl_rec_reader *
rec_reader_open(FILE *f, char *why, size_t whylen)
{
	struct sl_rec_reader *r;
	unsigned char fixed[SL_REC_HEADER_FIXED], *hdr = NULL;
	const unsigned char *p, *end;
	size_t n, hlen;
	unsigned version;

	n = read_full(f, fixed, 12);
	if (n == 0) {
		snprintf(why, whylen, "empty file, not a syslens recording");
		return NULL;
	}
	if (n < SL_REC_MAGIC_LEN || memcmp(fixed, SL_REC_MAGIC, SL_REC_MAGIC_LEN)) {
		snprintf(why, whylen, "not a syslens recording (bad magic)");
		return NULL;
	}
	if (n < 12) {
		snprintf(why, whylen, "recording damaged: cut short in the file header");
		return NULL;
	}
	version = get_le16(fixed + 8);
	if (version == 0) {
		snprintf(why, whylen, "recording damaged: bad format version 0");
		return NULL;
	}
	if (version > SL_REC_VERSION) {
		snprintf(why, whylen,
			 "recording format version %u is newer than this syslens reads (%u)",
			 version, SL_REC_VERSION);
		return NULL;
	}
	hlen = get_le16(fixed + 10);
	if (hlen < SL_REC_HEADER_FIXED + 2 * SL_REC_NSTR + 4 || hlen > SL_REC_HEADER_MAX) {
		snprintf(why, whylen, "recording damaged: bad file header length %zu", hlen);
		return NULL;
	}
	hdr = xmalloc(hlen);
	memcpy(hdr, fixed, 12);
	if (read_full(f, hdr + 12, hlen - 12) != hlen - 12) {
		snprintf(why, whylen, "recording damaged: cut short in the file header");
		goto fail;
	}
	if (!crc_ok(get_le32(hdr + hlen - 4), (uint32_t)crc32(0, hdr, (uInt)(hlen - 4)))) {
		snprintf(why, whylen, "recording damaged: file header checksum mismatch");
		goto fail;
	}
	r = xcalloc(1, sizeof(*r));
	r->f = f;
	r->info.version = version;
	r->info.flags = get_le32(hdr + 12);
	r->info.strsize = get_le32(hdr + 16);
	r->info.arch = get_le32(hdr + 20);
	r->info.mode = get_le32(hdr + 24);
	r->info.utc_offset = (int32_t)get_le32(hdr + 28);
	r->info.start_realtime_ns = get_le64(hdr + 32);
	r->info.realtime_offset_ns = (int64_t)get_le64(hdr + 40);
	p = hdr + SL_REC_HEADER_FIXED;
	end = hdr + hlen - 4;
	for (int i = 0; i < SL_REC_NSTR; i++) {
		size_t sl;

		if (end - p < 2) {
			snprintf(why, whylen,
				 "recording damaged: header strings run past the header");
			free(r);
			goto fail;
		}
		sl = get_le16(p);
		p += 2;
		if (sl > SL_REC_STR_MAX || sl > (size_t)(end - p)) {
			snprintf(why, whylen,
				 "recording damaged: header strings run past the header");
			free(r);
			goto fail;
		}
		str_clean(r->info.str[i], p, sl);
		p += sl;
	}
	r->off = hlen;
	free(hdr);
	return r;
fail:
	free(hdr);
	return NULL;
}

const struct sl_rec_info *
rec_reader_info(const struct sl_rec_reader *r)
{
	return &r->info;
}

static void
buf_reserve(unsigned char **buf, size_t *cap, size_t need)
{
	if (need <= *cap)
		return;
	/* need is at most SL_REC_RAW_MAX: the growth stays bounded */
	*cap = need < 65536 ? 65536 : need;
	free(*buf);
	*buf = xmalloc(*cap);
}

static int
reader_inflate(struct sl_rec_reader *r, uint32_t stored_len, uint32_t raw_len)
{
	int zrc;

#ifdef SL_HAVE_LIBDEFLATE
	if (!r->ld)
		r->ld = libdeflate_alloc_decompressor();
	if (r->ld) {
		size_t in = 0, out = 0;

		if (libdeflate_deflate_decompress_ex(r->ld, r->stored, stored_len, r->raw, raw_len,
						     &in, &out) == LIBDEFLATE_SUCCESS) {
			if (out != raw_len)
				return reader_damage(r, r->block_off,
						     "block %u decompresses to %zu bytes, not the "
						     "%u its header says",
						     r->block_no, out, raw_len);
			if (in != stored_len)
				return reader_damage(r, r->block_off,
						     "block %u has bytes after its compressed data",
						     r->block_no);
			return 0;
		}
		/* damaged: zlib below says how, as precisely as it can */
	}
#endif
	if (!r->zinit) {
		/* raw deflate: the block's CRC-32 already guards the data */
		if (inflateInit2(&r->zs, -15) != Z_OK)
			return reader_damage(r, r->block_off, "zlib cannot start");
		r->zinit = true;
	} else {
		inflateReset(&r->zs);
	}
	r->zs.next_in = r->stored;
	r->zs.avail_in = stored_len;
	r->zs.next_out = r->raw;
	r->zs.avail_out = raw_len;
	zrc = inflate(&r->zs, Z_FINISH);
	if (zrc == Z_STREAM_END) {
		if (r->zs.total_out != raw_len)
			return reader_damage(
				r, r->block_off,
				"block %u decompresses to %lu bytes, not the %u its header says",
				r->block_no, r->zs.total_out, raw_len);
		if (r->zs.total_in != stored_len)
			return reader_damage(r, r->block_off,
					     "block %u has bytes after its compressed data",
					     r->block_no);
		return 0;
	}
	if (zrc == Z_OK || zrc == Z_BUF_ERROR) {
		if (r->zs.avail_out == 0)
			return reader_damage(
				r, r->block_off,
				"block %u decompresses to more than the %u bytes its header says",
				r->block_no, raw_len);
		return reader_damage(r, r->block_off, "block %u: compressed data ends early",
				     r->block_no);
	}
	return reader_damage(r, r->block_off, "block %u: compressed data damaged (%s)", r->block_no,
			     r->zs.msg ? r->zs.msg : "zlib error");
}

/* Read the next block.  0 when it holds events or was the end block. */
static int
reader_load_block(struct sl_rec_reader *r)
{
	unsigned char h[SL_REC_BLOCK_HDR];
	uint32_t stored_len, raw_len, nevents;
	unsigned type, comp;
	size_t n;

	r->block_off = r->off;
	r->block_no++;
	n = read_full(r->f, h, sizeof(h));
	if (n == 0)
		return reader_damage(r, r->off, "the file ends before the end block (cut short)");
	if (n < sizeof(h))
		return reader_damage(r, r->off, "cut short in a block header");
	if (memcmp(h, SL_REC_BLOCK_MAGIC, 4))
		return reader_damage(r, r->off, "not a block header (bad block magic)");
	if (!crc_ok(get_le32(h + 24), (uint32_t)crc32(0, h, 24)))
		return reader_damage(r, r->off, "block header checksum mismatch");
	type = h[4];
	comp = h[5];
	stored_len = get_le32(h + 8);
	raw_len = get_le32(h + 12);
	nevents = get_le32(h + 16);
	if (type != SL_REC_B_EVENTS && type != SL_REC_B_END)
		return reader_damage(r, r->off, "unknown block type %u", type);
	if (comp != SL_REC_C_STORED && comp != SL_REC_C_ZLIB)
		return reader_damage(r, r->off, "unknown compression %u", comp);
	if (raw_len > SL_REC_RAW_MAX || stored_len > SL_REC_RAW_MAX)
		return reader_damage(r, r->off, "block of %u bytes is larger than %u",
				     SL_MAX(raw_len, stored_len), SL_REC_RAW_MAX);
	if (comp == SL_REC_C_STORED && stored_len != raw_len)
		return reader_damage(r, r->off, "stored block lengths disagree");
	if (type == SL_REC_B_EVENTS && (uint64_t)nevents * REC_EVENT_MIN > raw_len)
		return reader_damage(r, r->off, "%u events cannot fit in %u bytes", nevents,
				     raw_len);
	if (type == SL_REC_B_END && (nevents != 0 || raw_len < SL_REC_END_LEN))
		return reader_damage(r, r->off, "bad end block");
	buf_reserve(&r->stored, &r->stored_cap, stored_len);
	n = read_full(r->f, r->stored, stored_len);
	if (n != stored_len)
		return reader_damage(r, r->off, "cut short inside block %u (%zu of %u bytes)",
				     r->block_no, n, stored_len);
	if (!crc_ok(get_le32(h + 20), data_crc(r->stored, stored_len)))
		return reader_damage(r, r->off, "block %u data checksum mismatch", r->block_no);
	if (comp == SL_REC_C_ZLIB) {
		buf_reserve(&r->raw, &r->raw_cap, raw_len);
		if (reader_inflate(r, stored_len, raw_len) < 0)
			return -EBADMSG;
	} else {
		/* stored plain: read it where it lies */
		unsigned char *t = r->raw;
		size_t tc = r->raw_cap;

		r->raw = r->stored;
		r->raw_cap = r->stored_cap;
		r->stored = t;
		r->stored_cap = tc;
	}
	r->off += sizeof(h) + stored_len;
	r->raw_len = raw_len;
	r->raw_pos = 0;
	if (type == SL_REC_B_END) {
		const unsigned char *e = r->raw;

		r->end.stats.events = get_le64(e);
		r->end.stats.lost = get_le64(e + 8);
		r->end.stats.truncated = get_le64(e + 16);
		r->end.recorded = get_le64(e + 24);
		r->end.exit_status = (int32_t)get_le32(e + 32);
		r->have_end = true;
		r->done = true;
		r->raw_pos = r->raw_len;
		if (fgetc(r->f) != EOF)
			return reader_damage(r, r->off, "data after the end block");
		return 0;
	}
	r->block_left = nevents;
	rec_codec_reset(&r->codec);
	return 0;
}

int
rec_reader_next_into(struct sl_rec_reader *r, struct sl_event_buf *buf)
{
	for (;;) {
		if (r->damaged)
			return -EBADMSG;
		if (r->block_left) {
			const char *why = NULL;
			long n = rec_decode_event(&r->codec, r->raw + r->raw_pos,
						  r->raw_len - r->raw_pos, buf, &why);

			if (n < 0)
				return reader_damage(r, r->block_off,
						     "block %u, event at offset %zu: %s",
						     r->block_no, r->raw_pos, why);
			r->raw_pos += (size_t)n;
			r->block_left--;
			r->count++;
			return 1;
		}
		if (r->done)
			return 0;
		if (r->raw_pos != r->raw_len)
			return reader_damage(r, r->block_off,
					     "block %u has %zu bytes after its last event",
					     r->block_no, r->raw_len - r->raw_pos);
		if (reader_load_block(r) < 0)
			return -EBADMSG;
	}
}

int
rec_reader_next(struct sl_rec_reader *r, const struct sl_event **ev)
{
	int rc = rec_reader_next_into(r, &r->buf);

	if (rc > 0)
		*ev = &r->buf.ev;
	return rc;
}

const char *
rec_reader_error(const struct sl_rec_reader *r)
{
	return r->err;
}

const struct sl_rec_end *
rec_reader_end(const struct sl_rec_reader *r)
{
	return r->have_end ? &r->end : NULL;
}

uint64_t
rec_reader_count(const struct sl_rec_reader *r)
{
	return r->count;
}

void
rec_reader_close(struct sl_rec_reader *r)
{
	if (!r)
		return;
	if (r->zinit)
		inflateEnd(&r->zs);
#ifdef SL_HAVE_LIBDEFLATE
	if (r->ld)
		libdeflate_free_decompressor(r->ld);
#endif
	free(r->stored);
	free(r->raw);
	free(r);
}
