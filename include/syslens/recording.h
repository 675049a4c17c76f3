/*
 * recording.h - the recording file format, shared by the writer (-w,
 * src/output/record.c) and the reader (-r, src/collect/replay.c).
 *
 * docs/recording.md describes the format byte by byte.  In short: a file
 * header (magic, version, where and how the run was recorded), then
 * blocks, each with its own header (lengths, event count, CRC-32 of the
 * header and of the data), holding events in a compact delta encoding,
 * deflate-compressed or stored plain; an end block closes the file with the
 * collector's counters and the command's exit status.  Every integer in a
 * fixed header is little-endian.
 *
 * A block is complete or ignored, so a file cut anywhere replays up to its
 * last complete block; the reader checks every length, count and checksum
 * before it trusts it and never allocates more than SL_REC_RAW_MAX bytes
 * for a block.
 */
#ifndef SYSLENS_RECORDING_H
#define SYSLENS_RECORDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "syslens/event.h"
#include "syslens/sink.h"

#define SL_REC_MAGIC		"\x89SLREC\r\n"	/* 8 bytes, no NUL */
#define SL_REC_MAGIC_LEN	8
#define SL_REC_VERSION		1

/* file header: fixed part, then SL_REC_NSTR strings, then a CRC-32 */
#define SL_REC_HEADER_FIXED	48
#define SL_REC_HEADER_MAX	16384
#define SL_REC_STR_MAX		1024	/* bytes of one header string */

enum sl_rec_hflags {
	SL_REC_HF_FDPATHS = 1 << 0,	/* recorded with -y: fd paths captured */
	SL_REC_HF_UTCOFF = 1 << 1,	/* utc_offset is known */
};

/* the strings of the header, in file order */
enum sl_rec_str {
	SL_REC_S_HOST,		/* uname nodename */
	SL_REC_S_KERNEL,	/* uname release and version */
	SL_REC_S_MACHINE,	/* uname machine */
	SL_REC_S_BACKEND,	/* collector that recorded: ebpf, ptrace */
	SL_REC_S_TRACE,		/* -e expression, "" for everything */
	SL_REC_S_COMMAND,	/* the command line traced, or "-p PID", "-a" */
	SL_REC_NSTR
};

/* block header */
#define SL_REC_BLOCK_MAGIC	"SLBK"
#define SL_REC_BLOCK_HDR	28
/* decompressed bytes of one block at the most (the writer stays well under) */
#define SL_REC_RAW_MAX		(4u << 20)

enum sl_rec_block_type {
	SL_REC_B_EVENTS = 1,
	SL_REC_B_END = 2,
};

enum sl_rec_compression {
	SL_REC_C_STORED = 0,
	SL_REC_C_ZLIB = 1,	/* raw deflate (RFC 1951), no zlib header */
};

/* the end block's data: 5 little-endian fields, 40 bytes */
#define SL_REC_END_LEN		40

/* flag bits of an encoded event's mask (docs/recording.md) */
enum sl_rec_mask {
	SL_REC_M_ARG0 = 1 << 0,		/* bits 0..5: args[i] differs */
	SL_REC_M_TSEXIT = 1 << 6,
	SL_REC_M_PID = 1 << 7,
	SL_REC_M_TID = 1 << 8,
	SL_REC_M_ARCH = 1 << 9,
	SL_REC_M_SEQ = 1 << 10,
	SL_REC_M_CGROUP = 1 << 11,
	SL_REC_M_NSPID = 1 << 12,
	SL_REC_M_COMM = 1 << 13,
	SL_REC_M_RESV = 1 << 14,
	SL_REC_M_ALL = (1 << 15) - 1,
};

/* slots of the per-block "previous args and ret" table */
#define SL_REC_NR_SLOTS		1024
#define SL_REC_SLOTS		(SL_REC_NR_SLOTS + 16)

/* What the file header says about the run. */
struct sl_rec_info {
	unsigned version;
	uint32_t flags;			/* enum sl_rec_hflags */
	uint32_t strsize;		/* -s of the recording run */
	uint32_t arch;			/* SL_ARCH_* of the recording host */
	uint32_t mode;			/* enum sl_mode of the recording run */
	int32_t utc_offset;		/* local time - UTC in s on the recording
					 * machine when it began */
	uint64_t start_realtime_ns;	/* CLOCK_REALTIME when recording began */
	int64_t realtime_offset_ns;	/* CLOCK_REALTIME - CLOCK_MONOTONIC then */
	char str[SL_REC_NSTR][SL_REC_STR_MAX + 1];
};

/* What the end block says. */
struct sl_rec_end {
	struct sl_collect_stats stats;	/* the collector's counters */
	uint64_t recorded;		/* events in the file */
	int32_t exit_status;		/* launched command's, or -1 */
};

/*
 * Delta-encoding state of one block: the previous event, and per syscall
 * the previous arguments and return value.  Both sides reset it at the
 * start of every block, so each block decodes on its own.
 */
struct sl_rec_codec {
	struct sl_event prev;
	uint64_t args[SL_REC_SLOTS][SL_NARGS];
	int64_t ret[SL_REC_SLOTS];
};

void rec_codec_reset(struct sl_rec_codec *c);

/*
 * Encode `ev` at `out` (room for rec_encode_bound(ev) bytes) and update
 * the codec.  Returns the bytes written.  Payloads that do not walk inside
 * the event are left out (the event is marked truncated), so what is
 * written always decodes.
 */
size_t rec_encode_bound(const struct sl_event *ev);
size_t rec_encode_event(struct sl_rec_codec *c, unsigned char *out,
			const struct sl_event *ev);

/*
 * Decode one event from p[0..len) into `buf` and update the codec.
 * Returns the bytes consumed, or -EBADMSG with a reason in *err (a static
 * string) when the bytes do not make a valid event.
 */
long rec_decode_event(struct sl_rec_codec *c, const unsigned char *p,
		      size_t len, struct sl_event_buf *buf, const char **err);

/*
 * Serialize a file header into out (SL_REC_HEADER_MAX bytes).  Strings
 * longer than SL_REC_STR_MAX are cut.  Returns its length.
 */
size_t rec_header_build(unsigned char *out, const struct sl_rec_info *info);
/* A block header for `stored` data bytes into out (SL_REC_BLOCK_HDR bytes). */
void rec_block_header_build(unsigned char *out, unsigned type,
			    unsigned compression, const unsigned char *stored,
			    uint32_t stored_len, uint32_t raw_len,
			    uint32_t nevents);
/* The end block's data into out (SL_REC_END_LEN bytes). */
void rec_end_build(unsigned char *out, const struct sl_rec_end *end);

/*
 * The reader: pulls events one by one out of a recording on a stream.
 * rec_reader_open reads and checks the header: returns NULL with one line
 * in why (not a recording, a newer version, a damaged header).  The
 * reader does not close `f`.
 */
struct sl_rec_reader;

struct sl_rec_reader *rec_reader_open(FILE *f, char *why, size_t whylen);
const struct sl_rec_info *rec_reader_info(const struct sl_rec_reader *r);
/*
 * The next event: 1 with *ev set (valid until the next call; checked:
 * size, payload_len and every payload inside), 0 at the end block, or
 * -EBADMSG when the file is cut or damaged: rec_reader_error() then says
 * where and why.
 */
int rec_reader_next(struct sl_rec_reader *r, const struct sl_event **ev);
/*
 * The same, decoding the event into the caller's `buf` (so that a caller
 * who keeps events decodes them straight where it keeps them): 1 with the
 * event in buf->ev, 0 at the end block, -EBADMSG as above.  buf may be
 * any 8-aligned memory with room for a whole struct sl_event_buf.
 */
int rec_reader_next_into(struct sl_rec_reader *r, struct sl_event_buf *buf);
/* "recording damaged at byte N: why", or "" when nothing went wrong. */
const char *rec_reader_error(const struct sl_rec_reader *r);
/* The end block, or NULL when none was read (yet). */
const struct sl_rec_end *rec_reader_end(const struct sl_rec_reader *r);
/* Events returned so far. */
uint64_t rec_reader_count(const struct sl_rec_reader *r);
void rec_reader_close(struct sl_rec_reader *r);

#endif /* SYSLENS_RECORDING_H */
