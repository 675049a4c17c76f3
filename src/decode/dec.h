/*
 * dec.h - what the per-family decoders share: the decoding context, the
 * argument printers (fds, paths, strings, buffers, flags, structs) and the
 * per-syscall decoder table.  Private to src/decode/.
 */
#ifndef SYSLENS_DEC_H
#define SYSLENS_DEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "syslens/capture.h"
#include "syslens/decode.h"
#include "syslens/event.h"
#include "syslens/syscalls.h"
#include "syslens/util.h"

/* One named value of a flag set or an enumeration. */
struct sl_xval {
	uint64_t val;
	const char *name;
};
#define XV(x)		{ (uint64_t)(x), #x }
#define XEND		{ 0, NULL }

/* How the return value prints. */
enum dec_rval {
	RV_DEC = 0,	/* signed decimal */
	RV_HEX,		/* 0x... (addresses) */
	RV_OCT,		/* 0... (umask) */
	RV_FD,		/* a new fd: 3</path> with -y */
	RV_UDEC,	/* unsigned decimal */
	RV_NONE,	/* never returns: "= ?" */
};

struct dec {
	struct sl_strbuf *sb;
	const struct sl_event *ev;
	const struct sl_decode_opts *o;
	int narg;		/* arguments printed so far (for ", ") */
	bool exited;		/* the exit was seen */
	bool failed;		/* exited with -errno */
};

typedef void (*dec_args_fn)(struct dec *d);
/* Prints what follows the number in " = 1 (...)", or nothing. */
typedef void (*dec_ret_fn)(struct dec *d);

struct dec_sys {
	const char *name;
	dec_args_fn args;
	enum dec_rval rval;
	dec_ret_fn ret;
	/* when set, decides the return value's form from the arguments */
	enum dec_rval (*rvfn)(const struct dec *d);
};

#define SYS(n, f, rv, r)	{ (n), (f), (rv), (r), NULL }
#define SYS_END			{ NULL, NULL, RV_DEC, NULL, NULL }

/* Each family's table, ended by a NULL name. */
extern const struct dec_sys dec_file_table[];
extern const struct dec_sys dec_desc_table[];
extern const struct dec_sys dec_net_table[];
extern const struct dec_sys dec_process_table[];
extern const struct dec_sys dec_signal_table[];
extern const struct dec_sys dec_memory_table[];
extern const struct dec_sys dec_time_table[];
extern const struct dec_sys dec_misc_table[];
extern const struct dec_sys dec_ioctl_table[];

/* --- printing helpers (decode.c) --- */
/* Inline: most pieces are constant strings, whose length is then known. */
static inline void
dec_sep(struct dec *d)		/* ", " unless first */
{
	if (d->narg++)
		strbuf_add(d->sb, ", ", 2);
}

static inline void
dec_puts(struct dec *d, const char *s)
{
	strbuf_puts(d->sb, s);
}
void dec_printf(struct dec *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The syscall takes (as strace prints it) at least four arguments. */
static inline bool
syscall_nargs_is4(const struct dec *d)
{
	return syscall_nargs(d->ev->arch, d->ev->nr) >= 4;
}

static inline uint64_t
dec_arg(const struct dec *d, int i)
{
	return d->ev->args[i];
}

/* Each of these prints ", " first when needed, then argument i. */
void arg_int(struct dec *d, int i);		/* int, decimal */
void arg_uint(struct dec *d, int i);		/* unsigned int */
void arg_long(struct dec *d, int i);		/* long */
void arg_ulong(struct dec *d, int i);		/* unsigned long */
void arg_hex(struct dec *d, int i);		/* 0x..., 0 as 0 */
void arg_ptr(struct dec *d, int i);		/* NULL or 0x... */
void arg_oct(struct dec *d, int i);		/* 0644 */
void arg_fd(struct dec *d, int i);		/* 3 or 3</path> */
void arg_dirfd(struct dec *d, int i);		/* AT_FDCWD or fd */
void arg_path(struct dec *d, int i);		/* "..." full, or address */
void arg_str(struct dec *d, int i);		/* "..." cut at -s */
/* A buffer of `len` meaningful bytes behind argument i. */
void arg_buf(struct dec *d, int i, uint64_t len);
void arg_buf_hex(struct dec *d, int i, uint64_t len);
void arg_flags(struct dec *d, int i, const struct sl_xval *t, const char *zero);
void arg_xval(struct dec *d, int i, const struct sl_xval *t, const char *unk);

/* Value printers (no separator). */
void put_ptr(struct dec *d, uint64_t p);
void put_fd(struct dec *d, int fd, unsigned fdpath_arg);
void put_fd_part(struct dec *d, int fd, unsigned fdpath_arg, unsigned part);
void put_flags(struct dec *d, uint64_t v, const struct sl_xval *t, const char *zero);
/* Value name or `0x.. / * unk * /` when unknown; unk NULL prints a bare number. */
void put_xval(struct dec *d, uint64_t v, const struct sl_xval *t, const char *unk);
void put_xval_dec(struct dec *d, int64_t v, const struct sl_xval *t, const char *unk);
const char *xval_name(const struct sl_xval *t, uint64_t v);
void put_quoted(struct dec *d, const unsigned char *s, size_t len, size_t max,
		bool more);
void put_quoted_hex(struct dec *d, const unsigned char *s, size_t len,
		    size_t max, bool more);
void put_signame(struct dec *d, int sig);
/* A kernel sigset of `bytes` bytes: [INT TERM] or ~[...] */
void put_sigset(struct dec *d, const unsigned char *p, size_t bytes);
void put_timespec(struct dec *d, const unsigned char *p);
void put_timeval(struct dec *d, const unsigned char *p);

/*
 * The payload of argument i (part 0) when it was read and holds at least
 * `min` bytes; NULL otherwise.  *len gets its length.
 */
const unsigned char *dec_data(const struct dec *d, unsigned arg, unsigned part,
			      size_t min, size_t *len);
const struct sl_payload *dec_payload(const struct dec *d, unsigned arg,
				     unsigned part);
/* Same, choosing the copy read at exit (exit) or at entry (!exit). */
const unsigned char *dec_data_at(const struct dec *d, unsigned arg,
				 unsigned part, bool exit, size_t min, size_t *len);
/* A 4-byte int behind argument i: "[5]", or the pointer. */
void arg_intp(struct dec *d, int i);
/* A value-result int: "[128 => 16]" or "[16]" when unchanged. */
void arg_intp_vr(struct dec *d, int i);
void put_time_comment(struct dec *d, int64_t sec, int64_t nsec);
void put_clock_t(struct dec *d, int64_t ticks);

/*
 * Start a struct argument: prints ", " and returns the captured bytes
 * (at least min), or prints the pointer (NULL or address) and returns NULL.
 */
const unsigned char *arg_struct(struct dec *d, int i, size_t min, size_t *len);

/* Shared tables */
extern const struct sl_xval dec_open_flags[];
extern const struct sl_xval dec_at_flags[];
extern const struct sl_xval dec_signals[];
extern const struct sl_xval dec_clone_flags[];

void put_open_flags(struct dec *d, uint64_t v);
void put_mode(struct dec *d, unsigned mode);		/* S_IFREG|0644 */
void put_at_flags(struct dec *d, uint64_t v);
void put_wait_status(struct dec *d, int status);
void put_sockaddr(struct dec *d, const unsigned char *p, size_t len);
void put_iov(struct dec *d, int arg, uint64_t cnt, int64_t total, bool out);
void put_iov_parts(struct dec *d, int arg, unsigned arr, unsigned buf0,
		   uint64_t cnt, int64_t total);
void put_rlimit64(struct dec *d, const unsigned char *p);
void put_siginfo(struct dec *d, const unsigned char *p, size_t len);

#endif /* SYSLENS_DEC_H */
