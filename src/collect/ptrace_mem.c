/*
 * ptrace_mem.c - reading a tracee's memory into event payloads, as the
 * capture table (capture.h) says, for every kind of argument.
 *
 * Reads go through process_vm_readv with the remote range split at page
 * boundaries, so that a string ending just before an unmapped page is still
 * read (partial transfers happen per iovec element).  When the call is not
 * allowed at all we fall back to PTRACE_PEEKDATA, a word at a time.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <unistd.h>

#include "ptrace_int.h"
#include "syslens/util.h"

#define PAGE		4096u
#define SOCKADDR_MAX	128u	/* sizeof(struct sockaddr_storage) */
#define MAX_SEGS	(SL_PAYLOAD_MAX / PAGE + 2)

static ssize_t
mem_peek(pid_t tid, uint64_t addr, unsigned char *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		long w;
		size_t n = SL_MIN(sizeof(w), len - done);

		errno = 0;
		w = ptrace(PTRACE_PEEKDATA, tid, (void *)(uintptr_t)(addr + done), NULL);
		if (errno)
			break;
		memcpy(buf + done, &w, n);
		done += n;
	}
	return done ? (ssize_t)done : -1;
}

ssize_t
ptrace_mem_read(pid_t tid, uint64_t addr, void *buf, size_t len)
{
	struct iovec local, remote[MAX_SEGS];
	size_t off = 0;
	int n = 0;
	ssize_t got;

	if (!len)
		return 0;
	if (len > SL_PAYLOAD_MAX)
		len = SL_PAYLOAD_MAX;
	while (off < len && n < (int)MAX_SEGS) {
		uint64_t a = addr + off;
		size_t seg = PAGE - (size_t)(a & (PAGE - 1));

		if (seg > len - off)
			seg = len - off;
		remote[n].iov_base = (void *)(uintptr_t)a;
		remote[n].iov_len = seg;
		off += seg;
		n++;
	}
	local.iov_base = buf;
	local.iov_len = off;
	got = process_vm_readv(tid, &local, 1, remote, (unsigned long)n, 0);
	if (got > 0)
		return got;
	if (got < 0 && errno == ESRCH)
		return -1;
	/* EPERM, ENOSYS, or a page process_vm_readv refuses (PROT_NONE) */
	return mem_peek(tid, addr, buf, off);
}

/* Values of arguments as the tracee's ABI sees them. */
struct cap_ctx {
	struct sl_event_buf *buf;
	pid_t tid;
	bool compat;		/* i386: 4-byte pointers and longs */
	bool at_exit;
	int64_t ret;
	unsigned capsize;
	unsigned plflags;	/* SL_PLF_EXIT at exit */
	unsigned char scratch[SL_CAPTURE_MAX + 8];
};

static uint64_t
cap_arg(const struct cap_ctx *c, unsigned i)
{
	uint64_t v = c->buf->ev.args[i];

	return c->compat ? (uint32_t)v : v;
}

/* Add a payload of up to want bytes read at addr; returns bytes kept. */
static size_t
cap_bytes(struct cap_ctx *c, unsigned arg, unsigned kind, unsigned part,
	  uint64_t addr, uint64_t want, uint64_t limit)
{
	size_t n = want > limit ? limit : (size_t)want;
	unsigned flags = c->plflags;
	ssize_t got;

	if (n > sizeof(c->scratch))
		n = sizeof(c->scratch);
	if (want > n)
		flags |= SL_PLF_TRUNCATED;
	got = ptrace_mem_read(c->tid, addr, c->scratch, n);
	if (got < 0 && n) {
		event_add_payload(c->buf, arg, kind, flags | SL_PLF_UNREADABLE, part,
				  NULL, 0);
		return 0;
	}
	if (got < (ssize_t)n)
		flags |= SL_PLF_TRUNCATED;
	event_add_payload(c->buf, arg, kind, flags, part, c->scratch,
			  got > 0 ? (size_t)got : 0);
	return got > 0 ? (size_t)got : 0;
}

static void
cap_str(struct cap_ctx *c, unsigned arg, unsigned kind, unsigned part,
	uint64_t addr)
{
	unsigned flags = c->plflags;
	size_t n = c->capsize;
	ssize_t got;
	unsigned char *nul;

	got = ptrace_mem_read(c->tid, addr, c->scratch, n);
	if (got <= 0) {
		event_add_payload(c->buf, arg, kind, flags | SL_PLF_UNREADABLE, part,
				  NULL, 0);
		return;
	}
	nul = memchr(c->scratch, 0, (size_t)got);
	if (nul)
		got = nul - c->scratch;
	else
		flags |= SL_PLF_TRUNCATED;
	event_add_payload(c->buf, arg, kind, flags, part, c->scratch, (size_t)got);
}

/* A pointer-sized value at p in the tracee's ABI. */
static uint64_t
cap_ptr_at(const struct cap_ctx *c, const unsigned char *p)
{
	if (c->compat) {
		uint32_t v;

		memcpy(&v, p, sizeof(v));
		return v;
	}
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void
cap_strv(struct cap_ctx *c, unsigned arg, uint64_t addr)
{
	unsigned psz = c->compat ? 4 : 8;
	unsigned char ptrs[(SL_ARRAY_MAX + 1) * 8];
	ssize_t got;
	unsigned i, n;

	got = ptrace_mem_read(c->tid, addr, ptrs, (SL_ARRAY_MAX + 1) * psz);
	if (got < (ssize_t)psz) {
		event_add_payload(c->buf, arg, SL_CAP_STRV,
				  c->plflags | SL_PLF_UNREADABLE, 0, NULL, 0);
		return;
	}
	n = (unsigned)got / psz;
	for (i = 0; i < n && i < SL_ARRAY_MAX; i++) {
		uint64_t p = cap_ptr_at(c, ptrs + i * psz);

		if (!p)
			return;
		if (event_room(c->buf) < 16)
			break;
		cap_str(c, arg, SL_CAP_STRV, i, p);
	}
	/* more strings than kept (or the array ran into unreadable memory) */
	if (i < n && !cap_ptr_at(c, ptrs + i * psz))
		return;
	event_add_payload(c->buf, arg, SL_CAP_STRV, c->plflags | SL_PLF_TRUNCATED,
			  i, NULL, 0);
}

/*
 * iovec array of cnt entries at addr: part `base` the array, part
 * base + 1 + i buffer i, at most `total` bytes of buffers in all.
 */
static void
cap_iov(struct cap_ctx *c, unsigned arg, unsigned kind, unsigned base,
	uint64_t addr, uint64_t cnt, uint64_t total, unsigned bufpart)
{
	unsigned isz = c->compat ? 8 : 16;
	unsigned char iov[SL_ARRAY_MAX * 16];
	size_t n = cnt > SL_ARRAY_MAX ? SL_ARRAY_MAX : (size_t)cnt;
	ssize_t got;

	if (!addr || !n)
		return;
	got = ptrace_mem_read(c->tid, addr, iov, n * isz);
	if (got <= 0) {
		event_add_payload(c->buf, arg, kind, c->plflags | SL_PLF_UNREADABLE,
				  base, NULL, 0);
		return;
	}
	event_add_payload(c->buf, arg, kind,
			  c->plflags | (cnt > n || got < (ssize_t)(n * isz) ?
					SL_PLF_TRUNCATED : 0),
			  base, iov, (size_t)got);
	n = (size_t)got / isz;
	for (size_t i = 0; i < n && total > 0; i++) {
		uint64_t b = cap_ptr_at(c, iov + i * isz);
		uint64_t l = cap_ptr_at(c, iov + i * isz + isz / 2);

		if (l > total)
			l = total;
		total -= l;
		if (event_room(c->buf) < 16)
			break;
		cap_bytes(c, arg, kind, bufpart + (unsigned)i, b, l, c->capsize);
	}
}

static void
cap_msghdr(struct cap_ctx *c, unsigned arg, uint64_t addr)
{
	/* struct msghdr: name, namelen, iov, iovlen, control, controllen, flags */
	unsigned char m[56];
	unsigned msz = c->compat ? 28 : 56;
	uint64_t name, namelen, iov, iovlen, ctl, ctllen, total;
	ssize_t got;

	got = ptrace_mem_read(c->tid, addr, m, msz);
	if (got < (ssize_t)msz) {
		event_add_payload(c->buf, arg, SL_CAP_MSGHDR,
				  c->plflags | SL_PLF_UNREADABLE, 0, NULL, 0);
		return;
	}
	event_add_payload(c->buf, arg, SL_CAP_MSGHDR, c->plflags, 0, m, msz);
	if (c->compat) {
		uint32_t v[7];

		memcpy(v, m, sizeof(v));
		name = v[0], namelen = v[1], iov = v[2], iovlen = v[3];
		ctl = v[4], ctllen = v[5];
	} else {
		uint64_t v[7];
		uint32_t nl;

		memcpy(v, m, sizeof(v));
		memcpy(&nl, m + 8, sizeof(nl));
		name = v[0], namelen = nl, iov = v[2], iovlen = v[3];
		ctl = v[4], ctllen = v[5];
	}
	if (name && namelen)
		cap_bytes(c, arg, SL_CAP_MSGHDR, 1, name, namelen, SOCKADDR_MAX);
	if (ctl && ctllen)
		cap_bytes(c, arg, SL_CAP_MSGHDR, 3, ctl, ctllen, c->capsize);
	total = c->at_exit && c->ret >= 0 ? (uint64_t)c->ret : UINT64_MAX;
	cap_iov(c, arg, SL_CAP_MSGHDR, 2, iov, iovlen, total, 4);
}

/*
 * A buffer larger than the scratch area (capture.h: BUF with a size),
 * read straight into the payload.
 */
static void
cap_big(struct cap_ctx *c, unsigned arg, unsigned kind, uint64_t addr,
	uint64_t want, uint64_t limit)
{
	size_t n = want > limit ? (size_t)limit : (size_t)want;
	unsigned flags = c->plflags | (want > n ? SL_PLF_TRUNCATED : 0);
	unsigned char *dst;
	struct sl_payload *pl;
	ssize_t got;

	if (n > event_room(c->buf))
		n = event_room(c->buf);
	dst = event_add_payload(c->buf, arg, kind, flags, 0, NULL, n);
	if (!dst || !n)
		return;
	pl = (struct sl_payload *)dst - 1;
	got = ptrace_mem_read(c->tid, addr, dst, pl->len);
	if (got < (ssize_t)pl->len) {
		memset(dst + (got > 0 ? got : 0), 0, pl->len - (size_t)(got > 0 ? got : 0));
		pl->flags |= got > 0 ? SL_PLF_TRUNCATED : SL_PLF_UNREADABLE;
		c->buf->ev.flags |= got > 0 ? SL_EVF_TRUNCATED : SL_EVF_UNREADABLE;
	}
}

/* Count the pointers of a NULL-terminated array (execve's envp). */
static void
cap_strv_count(struct cap_ctx *c, unsigned arg, uint64_t addr)
{
	unsigned psz = c->compat ? 4 : 8;
	uint32_t count = 0;
	unsigned flags = c->plflags | SL_PLF_TRUNCATED;

	for (unsigned chunk = 0; chunk < 64; chunk++) {
		ssize_t got = ptrace_mem_read(c->tid, addr + (uint64_t)chunk * 512 * psz,
					      c->scratch, 512 * psz);

		if (got < (ssize_t)psz)
			break;
		for (size_t off = 0; off + psz <= (size_t)got; off += psz) {
			if (!cap_ptr_at(c, c->scratch + off)) {
				flags &= ~SL_PLF_TRUNCATED;
				goto done;
			}
			count++;
		}
		if (got < (ssize_t)(512 * psz))
			break;
	}
done:
	event_add_payload(c->buf, arg, SL_CAP_STRV_COUNT, flags, 0, &count,
			  sizeof(count));
}

/* rt_sigreturn: the mask in the ucontext at the stack pointer. */
static void
cap_sigmask_sp(struct cap_ctx *c, unsigned arg, unsigned off)
{
	struct user_regs_struct regs;
	unsigned char mask[8];

	if (c->compat || ptrace(PTRACE_GETREGS, c->tid, NULL, &regs) < 0)
		return;
	if (ptrace_mem_read(c->tid, regs.rsp + off, mask, sizeof(mask)) != sizeof(mask))
		return;
	event_add_payload(c->buf, arg, SL_CAP_SIGMASK_SP, c->plflags, 0, mask,
			  sizeof(mask));
}

static uint64_t
cap_len(const struct cap_ctx *c, unsigned len_arg)
{
	if (len_arg == SL_LEN_RET)
		return c->ret > 0 ? (uint64_t)c->ret : 0;
	if (len_arg < SL_NARGS)
		return cap_arg(c, len_arg);
	return 0;
}

/* The path of fd (AT_FDCWD: the working directory) as payload (arg, part). */
static void
fdpath_part(struct sl_event_buf *buf, pid_t tid, unsigned arg, unsigned part,
	    int fd, unsigned flags)
{
	char path[64], link[SL_CAPTURE_MAX];
	ssize_t n;

	if (fd == AT_FDCWD)
		snprintf(path, sizeof(path), "/proc/%d/cwd", tid);
	else if (fd >= 0)
		snprintf(path, sizeof(path), "/proc/%d/fd/%d", tid, fd);
	else
		return;
	n = readlink(path, link, sizeof(link));
	if (n < 0) {
		event_add_payload(buf, arg, SL_CAP_FD, flags | SL_PLF_UNREADABLE, part,
				  NULL, 0);
		return;
	}
	if (n == (ssize_t)sizeof(link))
		flags |= SL_PLF_TRUNCATED;
	event_add_payload(buf, arg, SL_CAP_FD, flags, part, link, (size_t)n);
}

/* -y: the paths of the fds held in a captured pollfd array or fd_set. */
static void
cap_fd_paths(struct cap_ctx *c, unsigned arg, unsigned flags, size_t got,
	     unsigned size)
{
	unsigned k = 0;

	if (flags & SL_CAPF_FDS) {
		for (size_t off = 0; off + 4 <= got && k < SL_ARRAY_MAX; off += size) {
			int32_t fd;

			memcpy(&fd, c->scratch + off, sizeof(fd));
			fdpath_part(c->buf, c->tid, SL_PL_FDPATH_BASE + arg, k++, fd, 0);
		}
	} else if (flags & SL_CAPF_FDSET) {
		for (size_t fd = 0; fd < got * 8 && k < SL_ARRAY_MAX; fd++)
			if ((c->scratch[fd / 8] >> (fd % 8)) & 1)
				fdpath_part(c->buf, c->tid, SL_PL_FDPATH_BASE + arg, k++,
					    (int)fd, 0);
	}
}

void
ptrace_capture_fdpath(struct sl_event_buf *buf, pid_t tid, unsigned arg, int fd,
		      unsigned flags)
{
	fdpath_part(buf, tid, arg, 0, fd, flags);
}

void
ptrace_capture(struct sl_event_buf *buf, pid_t tid, const struct sl_cap_entry *ce,
	       bool at_exit, int64_t ret, unsigned capsize, bool fdpaths)
{
	static __thread struct cap_ctx c;
	unsigned want = at_exit ? SL_AT_EXIT : SL_AT_ENTRY;
	bool cut = ret == -516 /* ERESTART_RESTARTBLOCK */ || ret == -EINTR;

	if (at_exit && ret < 0 && !cut)
		return;		/* exit reads only on success */
	c.buf = buf;
	c.tid = tid;
	c.compat = buf->ev.arch == SL_ARCH_I386;
	c.at_exit = at_exit;
	c.ret = ret;
	c.capsize = capsize;
	c.plflags = at_exit ? SL_PLF_EXIT : 0;
	for (unsigned i = 0; i < SL_NARGS; i++) {
		const struct sl_cap_arg *a = &ce->arg[i];
		uint64_t v = cap_arg(&c, i);
		uint64_t len;

		if (a->kind == SL_CAP_NONE || !(a->when & want))
			continue;
		if (at_exit && ret < 0 && !(a->when & SL_AT_CUT))
			continue;
		if (a->kind == SL_CAP_FD) {
			if (fdpaths && !at_exit && ((int)v >= 0 || (int)v == AT_FDCWD))
				ptrace_capture_fdpath(buf, tid, SL_PL_FDPATH_BASE + i,
						      (int)v, 0);
			continue;
		}
		if (a->kind == SL_CAP_SIGMASK_SP) {
			cap_sigmask_sp(&c, i, a->size);
			continue;
		}
		if (!v)
			continue;	/* NULL: the raw argument says it all */
		switch (a->kind) {
		case SL_CAP_STR:
			cap_str(&c, i, a->kind, 0, v);
			break;
		case SL_CAP_BUF:
			len = cap_len(&c, a->len_arg);
			if (a->len_arg == SL_LEN_NONE)
				len = capsize;
			if (a->size > capsize)
				cap_big(&c, i, a->kind, v, len, a->size);
			else
				cap_bytes(&c, i, a->kind, 0, v, len, capsize);
			break;
		case SL_CAP_STRUCT:
		case SL_CAP_INTP: {
			size_t got;

			len = a->size ? a->size : 4;
			got = cap_bytes(&c, i, a->kind, 0, v, len, SL_CAPTURE_MAX);
			if (fdpaths && !at_exit && (a->reserved & SL_CAPF_FDSET))
				cap_fd_paths(&c, i, a->reserved, got, 0);
			break;
		}
		case SL_CAP_ARRAY: {
			uint64_t cnt = cap_len(&c, a->len_arg);
			uint64_t max = (uint64_t)SL_ARRAY_MAX * a->size;

			if (!a->size)
				break;
			if (max > SL_CAPTURE_MAX)
				max = SL_CAPTURE_MAX / a->size * a->size;
			len = cap_bytes(&c, i, a->kind, 0, v, cnt * a->size, max);
			if (fdpaths && !at_exit && (a->reserved & SL_CAPF_FDS))
				cap_fd_paths(&c, i, a->reserved, (size_t)len, a->size);
			break;
		}
		case SL_CAP_SOCKADDR:
			len = cap_len(&c, a->len_arg);
			if ((int64_t)len > 0)
				cap_bytes(&c, i, a->kind, 0, v, (uint32_t)len, SOCKADDR_MAX);
			break;
		case SL_CAP_SOCKADDR_P: {
			uint32_t sl = 0;
			uint64_t lp = a->len_arg < SL_NARGS ? cap_arg(&c, a->len_arg) : 0;

			if (!lp || ptrace_mem_read(tid, lp, &sl, sizeof(sl)) != sizeof(sl)) {
				cap_bytes(&c, i, a->kind, 0, v, SOCKADDR_MAX, SOCKADDR_MAX);
				break;
			}
			if (sl)
				cap_bytes(&c, i, a->kind, 0, v, sl, SOCKADDR_MAX);
			break;
		}
		case SL_CAP_STRV:
			cap_strv(&c, i, v);
			break;
		case SL_CAP_STRV_COUNT:
			cap_strv_count(&c, i, v);
			break;
		case SL_CAP_FDPAIR: {
			int32_t fds[2];

			if (cap_bytes(&c, i, a->kind, 0, v, 8, 8) != 8 || !fdpaths)
				break;
			memcpy(fds, c.scratch, sizeof(fds));
			fdpath_part(buf, tid, SL_PL_FDPATH_BASE + i, 0, fds[0], c.plflags);
			fdpath_part(buf, tid, SL_PL_FDPATH_BASE + i, 1, fds[1], c.plflags);
			break;
		}
		case SL_CAP_IOV:
			cap_iov(&c, i, a->kind, 0, v, cap_len(&c, a->len_arg),
				at_exit ? (uint64_t)(ret > 0 ? ret : 0) : UINT64_MAX, 1);
			break;
		case SL_CAP_MSGHDR:
			cap_msghdr(&c, i, v);
			break;
		default:
			break;
		}
	}
	if (at_exit && fdpaths && ce->ret_fd && ret >= 0)
		ptrace_capture_fdpath(buf, tid, SL_PL_FDPATH_RET, (int)ret, SL_PLF_EXIT);
}
