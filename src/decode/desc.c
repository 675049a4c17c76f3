/*
 * desc.c - decoders of the fd syscalls: read, write and their vector
 * forms, close, lseek, dup, fcntl, pipes, getdents64, poll, select,
 * epoll, eventfd, sendfile and friends.
 */
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>

#include "dec.h"

static uint64_t
u64at(const unsigned char *p, size_t off)
{
	uint64_t v;

	memcpy(&v, p + off, 8);
	return v;
}

static uint32_t
u32at(const unsigned char *p, size_t off)
{
	uint32_t v;

	memcpy(&v, p + off, 4);
	return v;
}

static bool
ok(const struct dec *d)
{
	return d->exited && !d->failed;
}

static void
d_fd(struct dec *d)
{
	arg_fd(d, 0);
}

static void
d_read(struct dec *d)		/* read, pread64 */
{
	arg_fd(d, 0);
	if (ok(d))
		arg_buf(d, 1, (uint64_t)d->ev->ret);
	else
		arg_ptr(d, 1);
	arg_ulong(d, 2);
	if (syscall_nargs_is4(d))
		arg_long(d, 3);
}

static void
d_write(struct dec *d)		/* write, pwrite64 */
{
	arg_fd(d, 0);
	arg_buf(d, 1, dec_arg(d, 2));
	arg_ulong(d, 2);
	if (syscall_nargs_is4(d))
		arg_long(d, 3);
}

/*
 * An iovec array in parts: `arr` the array, `buf0 + k` the bytes of
 * buffer k; `total` bytes of data in all (the return value of a read),
 * or -1 for all of each buffer.
 */
void
put_iov_parts(struct dec *d, int arg, unsigned arr, unsigned buf0, uint64_t cnt,
	      int64_t total)
{
	size_t len;
	const unsigned char *p = dec_data(d, (unsigned)arg, arr, 16, &len);
	unsigned max = d->o->strsize;

	if (!p) {
		dec_puts(d, "NULL");
		return;
	}
	dec_puts(d, "[");
	for (size_t k = 0; k < cnt && k * 16 + 16 <= len; k++) {
		uint64_t base = u64at(p, k * 16), ilen = u64at(p, k * 16 + 8);
		uint64_t show = ilen;
		const struct sl_payload *bp = dec_payload(d, (unsigned)arg,
							  buf0 + (unsigned)k);

		if (k)
			dec_puts(d, ", ");
		if (k >= max) {
			dec_puts(d, "...");
			break;
		}
		if (total >= 0) {
			show = (uint64_t)total < ilen ? (uint64_t)total : ilen;
			total -= (int64_t)show;
		}
		dec_puts(d, "{iov_base=");
		if (bp && !(bp->flags & SL_PLF_UNREADABLE)) {
			size_t n = show < bp->len ? (size_t)show : bp->len;

			n = n < max ? n : max;
			put_quoted(d, event_payload_data(bp), n, n, show > n);
		} else if (show == 0 && total >= 0 && base) {
			dec_puts(d, "\"\"");
		} else {
			put_ptr(d, base);
		}
		dec_printf(d, ", iov_len=%llu}", (unsigned long long)ilen);
	}
	if (cnt * 16 > len && len / 16 < max)
		dec_puts(d, len ? ", ..." : "...");
	dec_puts(d, "]");
}

void
put_iov(struct dec *d, int arg, uint64_t cnt, int64_t total, bool out)
{
	dec_sep(d);
	if (!dec_arg(d, arg) || (out && !ok(d)) ||
	    !dec_data(d, (unsigned)arg, 0, 16, NULL)) {
		put_ptr(d, dec_arg(d, arg));
		return;
	}
	put_iov_parts(d, arg, 0, 1, cnt, total);
}

static void
d_readv(struct dec *d)
{
	arg_fd(d, 0);
	put_iov(d, 1, dec_arg(d, 2), ok(d) ? d->ev->ret : -1, true);
	arg_int(d, 2);
}

static void
d_writev(struct dec *d)
{
	arg_fd(d, 0);
	put_iov(d, 1, dec_arg(d, 2), -1, false);
	arg_int(d, 2);
}

static void
d_preadv(struct dec *d)
{
	d_readv(d);
	arg_long(d, 3);
}

static void
d_pwritev(struct dec *d)
{
	d_writev(d);
	arg_long(d, 3);
}

static const struct sl_xval rwf_flags[] = {
	{ 1, "RWF_HIPRI" }, { 2, "RWF_DSYNC" }, { 4, "RWF_SYNC" },
	{ 8, "RWF_NOWAIT" }, { 16, "RWF_APPEND" }, XEND
};

static void
d_preadv2(struct dec *d)
{
	d_preadv(d);
	arg_flags(d, 5, rwf_flags, "0");
}

static void
d_pwritev2(struct dec *d)
{
	d_pwritev(d);
	arg_flags(d, 5, rwf_flags, "0");
}

static const struct sl_xval whences[] = {
	XV(SEEK_SET), XV(SEEK_CUR), XV(SEEK_END), { 3, "SEEK_DATA" }, { 4, "SEEK_HOLE" },
	XEND
};

static void
d_lseek(struct dec *d)
{
	arg_fd(d, 0);
	arg_long(d, 1);
	arg_xval(d, 2, whences, "SEEK_???");
}

static void
d_dup2(struct dec *d)
{
	arg_fd(d, 0);
	arg_fd(d, 1);
}

static const struct sl_xval cloexec_flag[] = { XV(O_CLOEXEC), XEND };

static void
d_dup3(struct dec *d)
{
	arg_fd(d, 0);
	arg_fd(d, 1);
	arg_flags(d, 2, cloexec_flag, "0");
}

static const struct sl_xval fcntl_cmds[] = {
	XV(F_DUPFD), XV(F_GETFD), XV(F_SETFD), XV(F_GETFL), XV(F_SETFL),
	XV(F_GETLK), XV(F_SETLK), XV(F_SETLKW), XV(F_SETOWN), XV(F_GETOWN),
	XV(F_SETSIG), XV(F_GETSIG), XV(F_SETOWN_EX), XV(F_GETOWN_EX),
	{ 36, "F_OFD_GETLK" }, { 37, "F_OFD_SETLK" }, { 38, "F_OFD_SETLKW" },
	XV(F_SETLEASE), XV(F_GETLEASE), XV(F_NOTIFY), XV(F_DUPFD_CLOEXEC),
	XV(F_SETPIPE_SZ), XV(F_GETPIPE_SZ), { 1033, "F_ADD_SEALS" },
	{ 1034, "F_GET_SEALS" }, XEND
};
static const struct sl_xval fd_flags[] = { XV(FD_CLOEXEC), XEND };
static const struct sl_xval seals[] = {
	{ 1, "F_SEAL_SEAL" }, { 2, "F_SEAL_SHRINK" }, { 4, "F_SEAL_GROW" },
	{ 8, "F_SEAL_WRITE" }, { 16, "F_SEAL_FUTURE_WRITE" }, XEND
};
static const struct sl_xval lock_types[] = {
	XV(F_RDLCK), XV(F_WRLCK), XV(F_UNLCK), XEND
};
static const struct sl_xval lease_types[] = {
	XV(F_RDLCK), XV(F_WRLCK), XV(F_UNLCK), XEND
};

static void
put_flock(struct dec *d, const unsigned char *p, bool pid)
{
	int16_t type, whence;

	memcpy(&type, p, 2);
	memcpy(&whence, p + 2, 2);
	dec_puts(d, "{l_type=");
	put_xval(d, (uint64_t)type, lock_types, NULL);
	dec_puts(d, ", l_whence=");
	put_xval(d, (uint64_t)whence, whences, NULL);
	dec_printf(d, ", l_start=%lld, l_len=%lld", (long long)u64at(p, 8),
		   (long long)u64at(p, 16));
	if (pid)
		dec_printf(d, ", l_pid=%d", (int32_t)u32at(p, 24));
	dec_puts(d, "}");
}

static void
d_fcntl(struct dec *d)
{
	unsigned cmd = (unsigned)dec_arg(d, 1);
	const unsigned char *p;

	arg_fd(d, 0);
	arg_xval(d, 1, fcntl_cmds, "F_???");
	switch (cmd) {
	case F_GETFD: case F_GETFL: case F_GETOWN: case F_GETSIG:
	case F_GETLEASE: case F_GETPIPE_SZ: case 1034:
		break;
	case F_SETFD:
		arg_flags(d, 2, fd_flags, "0");
		break;
	case F_SETFL:
		dec_sep(d);
		put_open_flags(d, dec_arg(d, 2));
		break;
	case F_DUPFD: case F_DUPFD_CLOEXEC: case F_SETOWN: case F_SETPIPE_SZ:
		arg_int(d, 2);
		break;
	case F_SETSIG:
		dec_sep(d);
		put_signame(d, (int)dec_arg(d, 2));
		break;
	case F_SETLEASE:
		arg_xval(d, 2, lease_types, NULL);
		break;
	case 1033:
		arg_flags(d, 2, seals, "0");
		break;
	case F_SETLK: case F_SETLKW: case F_GETLK: case 36: case 37: case 38:
		p = arg_struct(d, 2, 32, NULL);
		if (p)
			put_flock(d, p, cmd == F_GETLK || cmd == 36);
		break;
	default:
		arg_hex(d, 2);
	}
}

static void
r_fcntl(struct dec *d)
{
	unsigned cmd = (unsigned)dec_arg(d, 1);
	int64_t r = d->ev->ret;

	if (cmd == F_GETFL) {
		dec_puts(d, " (flags ");
		put_open_flags(d, (uint64_t)r);
		dec_puts(d, ")");
	} else if (cmd == F_GETFD && r) {
		dec_puts(d, " (flags ");
		put_flags(d, (uint64_t)r, fd_flags, "0");
		dec_puts(d, ")");
	} else if (cmd == 1034) {
		dec_puts(d, " (seals ");
		put_flags(d, (uint64_t)r, seals, "0");
		dec_puts(d, ")");
	}
}

/* fcntl prints F_GETFL and F_GETFD results in hex, F_DUPFD as an fd. */
static enum dec_rval
rv_fcntl_kind(const struct dec *d)
{
	unsigned cmd = (unsigned)dec_arg(d, 1);

	if (cmd == F_GETFL || (cmd == F_GETFD && d->ev->ret) || cmd == 1034)
		return RV_HEX;
	if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC)
		return RV_FD;
	return RV_DEC;
}

static void
d_pipe(struct dec *d)
{
	const unsigned char *p = NULL;

	if (ok(d)) {
		p = arg_struct(d, 0, 8, NULL);
	} else {
		arg_ptr(d, 0);
	}
	if (p) {
		dec_puts(d, "[");
		put_fd_part(d, (int32_t)u32at(p, 0), SL_PL_FDPATH_BASE, 0);
		dec_puts(d, ", ");
		put_fd_part(d, (int32_t)u32at(p, 4), SL_PL_FDPATH_BASE, 1);
		dec_puts(d, "]");
	}
}

static void
d_pipe2(struct dec *d)
{
	d_pipe(d);
	dec_sep(d);
	put_flags(d, dec_arg(d, 1) & 0xffffffff, dec_open_flags, "0");
}

static void
d_getdents(struct dec *d)
{
	const struct sl_payload *pl = dec_payload(d, 1, 0);

	arg_fd(d, 0);
	arg_ptr(d, 1);
	/* the count only when the whole array was captured: never a wrong one */
	if (ok(d) && pl && !(pl->flags & SL_PLF_UNREADABLE) &&
	    pl->len >= (uint64_t)d->ev->ret) {
		const unsigned char *p = event_payload_data(pl);
		uint64_t n = 0, off = 0, len = (uint64_t)d->ev->ret;

		while (off + 19 <= len) {
			uint16_t rl;

			memcpy(&rl, p + off + 16, 2);
			if (!rl)
				break;
			off += rl;
			n++;
		}
		dec_printf(d, " /* %llu entries */", (unsigned long long)n);
	} else if (ok(d) && d->ev->ret == 0) {
		dec_puts(d, " /* 0 entries */");
	}
	arg_uint(d, 2);
}

static const struct sl_xval poll_events[] = {
	{ 0x1, "POLLIN" }, { 0x2, "POLLPRI" }, { 0x4, "POLLOUT" },
	{ 0x8, "POLLERR" }, { 0x10, "POLLHUP" }, { 0x20, "POLLNVAL" },
	{ 0x40, "POLLRDNORM" }, { 0x80, "POLLRDBAND" }, { 0x100, "POLLWRNORM" },
	{ 0x200, "POLLWRBAND" }, { 0x400, "POLLMSG" }, { 0x1000, "POLLREMOVE" },
	{ 0x2000, "POLLRDHUP" }, XEND
};

static void
put_pollfds(struct dec *d, const unsigned char *p, size_t len, uint64_t n,
	    bool revents)
{
	bool first = true;
	unsigned shown = 0;

	dec_puts(d, "[");
	for (uint64_t k = 0; k < n && k * 8 + 8 <= len; k++) {
		int32_t fd = (int32_t)u32at(p, k * 8);
		uint16_t ev;

		memcpy(&ev, p + k * 8 + (revents ? 6 : 4), 2);
		if (revents && !ev)
			continue;
		if (!first)
			dec_puts(d, ", ");
		first = false;
		if (shown++ >= d->o->strsize) {
			dec_puts(d, "...");
			break;
		}
		dec_puts(d, "{fd=");
		if (revents)
			dec_printf(d, "%d", fd);
		else
			put_fd_part(d, fd, SL_PL_FDPATH_BASE + 0, (unsigned)k);
		dec_puts(d, revents ? ", revents=" : ", events=");
		put_flags(d, ev, poll_events, "0");
		dec_puts(d, "}");
	}
	dec_puts(d, "]");
}

static void
arg_pollfds(struct dec *d)
{
	size_t len;
	const unsigned char *p;

	dec_sep(d);
	p = dec_arg(d, 0) ? dec_data_at(d, 0, 0, false, 8, &len) : NULL;
	if (!p) {
		put_ptr(d, dec_arg(d, 0));
		return;
	}
	put_pollfds(d, p, len, dec_arg(d, 1), false);
}

static void
d_poll(struct dec *d)
{
	arg_pollfds(d);
	arg_uint(d, 1);
	arg_int(d, 2);
}

static void
r_pollfds(struct dec *d, bool left)
{
	size_t len;
	const unsigned char *p = dec_data_at(d, 0, 0, true, 8, &len);

	if (d->ev->ret == 0) {
		dec_puts(d, " (Timeout)");
		return;
	}
	if (!p)
		return;
	dec_puts(d, " (");
	put_pollfds(d, p, len, dec_arg(d, 1), true);
	if (left) {
		const unsigned char *t = dec_data_at(d, 2, 0, true, 16, NULL);

		if (t) {
			dec_puts(d, ", left ");
			put_timespec(d, t);
		}
	}
	dec_puts(d, ")");
}

static void
r_poll(struct dec *d)
{
	r_pollfds(d, false);
}

static void
r_ppoll(struct dec *d)
{
	r_pollfds(d, true);
}

static void
arg_sigmask(struct dec *d, int i, uint64_t size)
{
	const unsigned char *p = arg_struct(d, i, 8, NULL);

	if (p)
		put_sigset(d, p, size < 8 ? (size_t)size : 8);
}

static void
arg_ts_in(struct dec *d, int i)
{
	const unsigned char *p;

	dec_sep(d);
	p = dec_arg(d, i) ? dec_data_at(d, (unsigned)i, 0, false, 16, NULL) : NULL;
	if (p)
		put_timespec(d, p);
	else
		put_ptr(d, dec_arg(d, i));
}

static void
d_ppoll(struct dec *d)
{
	arg_pollfds(d);
	arg_uint(d, 1);
	arg_ts_in(d, 2);
	arg_sigmask(d, 3, dec_arg(d, 4));
	arg_ulong(d, 4);
}

/* An fd_set; with `arg` >= 0 the fds carry their -y paths (k-th set bit). */
static void
put_fdset(struct dec *d, const unsigned char *p, size_t len, int nfds, int arg)
{
	bool first = true;
	unsigned k = 0;

	dec_puts(d, "[");
	for (int fd = 0; (size_t)fd / 8 < len; fd++) {
		if (!((p[fd / 8] >> (fd % 8)) & 1))
			continue;
		if (fd >= nfds)
			break;
		if (!first)
			dec_puts(d, " ");
		first = false;
		if (arg >= 0)
			put_fd_part(d, fd, SL_PL_FDPATH_BASE + (unsigned)arg, k++);
		else
			dec_printf(d, "%d", fd);
	}
	dec_puts(d, "]");
}

static void
arg_fdset(struct dec *d, int i, int nfds)
{
	size_t len;
	const unsigned char *p;

	dec_sep(d);
	p = dec_arg(d, i) ? dec_data_at(d, (unsigned)i, 0, false, 1, &len) : NULL;
	if (!p || nfds < 0) {
		put_ptr(d, dec_arg(d, i));
		return;
	}
	put_fdset(d, p, len, nfds, i);
}

static void
d_select(struct dec *d)
{
	int nfds = (int)dec_arg(d, 0);
	const unsigned char *t;

	arg_int(d, 0);
	arg_fdset(d, 1, nfds);
	arg_fdset(d, 2, nfds);
	arg_fdset(d, 3, nfds);
	dec_sep(d);
	t = dec_arg(d, 4) ? dec_data_at(d, 4, 0, false, 16, NULL) : NULL;
	if (t)
		put_timeval(d, t);
	else
		put_ptr(d, dec_arg(d, 4));
}

static void
d_pselect6(struct dec *d)
{
	int nfds = (int)dec_arg(d, 0);

	arg_int(d, 0);
	arg_fdset(d, 1, nfds);
	arg_fdset(d, 2, nfds);
	arg_fdset(d, 3, nfds);
	arg_ts_in(d, 4);
	arg_ptr(d, 5);
}

static void
r_select_common(struct dec *d, bool ts)
{
	static const char *const names[] = { "in", "out", "except" };
	int nfds = (int)dec_arg(d, 0);
	bool any = false;
	const unsigned char *t;

	if (d->ev->ret == 0) {
		dec_puts(d, " (Timeout)");
		return;
	}
	for (int i = 1; i <= 3; i++) {
		size_t len;
		const unsigned char *p = dec_arg(d, i) ?
			dec_data_at(d, (unsigned)i, 0, true, 1, &len) : NULL;
		bool nonempty = false;

		if (!p)
			continue;
		for (int fd = 0; fd < nfds && (size_t)fd / 8 < len; fd++)
			if ((p[fd / 8] >> (fd % 8)) & 1)
				nonempty = true;
		if (!nonempty)
			continue;
		dec_printf(d, "%s%s ", any ? ", " : " (", names[i - 1]);
		put_fdset(d, p, len, nfds, -1);
		any = true;
	}
	t = dec_arg(d, 4) ? dec_data_at(d, 4, 0, true, 16, NULL) : NULL;
	if (t) {
		dec_puts(d, any ? ", left " : " (left ");
		if (ts)
			put_timespec(d, t);
		else
			put_timeval(d, t);
		any = true;
	}
	if (any)
		dec_puts(d, ")");
}

static void
r_select(struct dec *d)
{
	r_select_common(d, false);
}

static void
r_pselect6(struct dec *d)
{
	r_select_common(d, true);
}

static const struct sl_xval epoll_events[] = {
	{ 0x1, "EPOLLIN" }, { 0x2, "EPOLLPRI" }, { 0x4, "EPOLLOUT" },
	{ 0x8, "EPOLLERR" }, { 0x10, "EPOLLHUP" }, { 0x20, "EPOLLNVAL" },
	{ 0x40, "EPOLLRDNORM" }, { 0x80, "EPOLLRDBAND" },
	{ 0x100, "EPOLLWRNORM" }, { 0x200, "EPOLLWRBAND" }, { 0x400, "EPOLLMSG" },
	{ 0x2000, "EPOLLRDHUP" }, { 1u << 28, "EPOLLEXCLUSIVE" },
	{ 1u << 29, "EPOLLWAKEUP" }, { 1u << 30, "EPOLLONESHOT" },
	{ 1u << 31, "EPOLLET" }, XEND
};
static const struct sl_xval epoll_ops[] = {
	{ 1, "EPOLL_CTL_ADD" }, { 2, "EPOLL_CTL_DEL" }, { 3, "EPOLL_CTL_MOD" },
	XEND
};

static void
put_epoll_event(struct dec *d, const unsigned char *p)
{
	uint64_t data = u64at(p, 4);

	dec_puts(d, "{events=");
	put_flags(d, u32at(p, 0), epoll_events, "0");
	dec_printf(d, ", data={u32=%u, u64=%llu}}", (uint32_t)data,
		   (unsigned long long)data);
}

static void
d_epoll_ctl(struct dec *d)
{
	const unsigned char *p;

	arg_fd(d, 0);
	arg_xval(d, 1, epoll_ops, "EPOLL_CTL_???");
	arg_fd(d, 2);
	p = arg_struct(d, 3, 12, NULL);
	if (p)
		put_epoll_event(d, p);
}

static void
arg_epoll_events(struct dec *d)
{
	size_t len;
	const unsigned char *p = NULL;

	if (!ok(d)) {
		arg_ptr(d, 1);
		return;
	}
	dec_sep(d);
	if (d->ev->ret == 0) {
		dec_puts(d, "[]");
		return;
	}
	p = dec_data(d, 1, 0, 12, &len);
	if (!p) {
		put_ptr(d, dec_arg(d, 1));
		return;
	}
	dec_puts(d, "[");
	for (int64_t k = 0; k < d->ev->ret && (size_t)k * 12 + 12 <= len; k++) {
		if (k)
			dec_puts(d, ", ");
		if ((uint64_t)k >= d->o->strsize) {
			dec_puts(d, "...");
			break;
		}
		put_epoll_event(d, p + k * 12);
	}
	dec_puts(d, "]");
}

static void
d_epoll_wait(struct dec *d)
{
	arg_fd(d, 0);
	arg_epoll_events(d);
	arg_int(d, 2);
	arg_int(d, 3);
}

static void
d_epoll_pwait(struct dec *d)
{
	d_epoll_wait(d);
	arg_sigmask(d, 4, dec_arg(d, 5));
	arg_ulong(d, 5);
}

static void
d_epoll_pwait2(struct dec *d)
{
	arg_fd(d, 0);
	arg_epoll_events(d);
	arg_int(d, 2);
	arg_ts_in(d, 3);
	arg_sigmask(d, 4, dec_arg(d, 5));
	arg_ulong(d, 5);
}

static void
d_epoll_create(struct dec *d)
{
	arg_int(d, 0);
}

static const struct sl_xval epoll_cloexec[] = {
	{ O_CLOEXEC, "EPOLL_CLOEXEC" }, XEND
};

static void
d_epoll_create1(struct dec *d)
{
	arg_flags(d, 0, epoll_cloexec, "0");
}

static const struct sl_xval efd_flags[] = {
	{ 1, "EFD_SEMAPHORE" }, { 02000000, "EFD_CLOEXEC" },
	{ 04000, "EFD_NONBLOCK" }, XEND
};

static void
d_eventfd2(struct dec *d)
{
	arg_uint(d, 0);
	arg_flags(d, 1, efd_flags, "0");
}

static void
d_eventfd(struct dec *d)
{
	arg_uint(d, 0);
}

static const struct sl_xval tfd_flags[] = {
	{ 02000000, "TFD_CLOEXEC" }, { 04000, "TFD_NONBLOCK" }, XEND
};
static const struct sl_xval sfd_flags[] = {
	{ 02000000, "SFD_CLOEXEC" }, { 04000, "SFD_NONBLOCK" }, XEND
};
static const struct sl_xval in_flags[] = {
	{ 02000000, "IN_CLOEXEC" }, { 04000, "IN_NONBLOCK" }, XEND
};

static void
d_inotify_init1(struct dec *d)
{
	arg_flags(d, 0, in_flags, "0");
}

static void
d_signalfd4(struct dec *d)
{
	arg_fd(d, 0);
	arg_sigmask(d, 1, dec_arg(d, 2));
	arg_ulong(d, 2);
	arg_flags(d, 3, sfd_flags, "0");
}

extern const struct sl_xval dec_clocks[];

static void
d_timerfd_create(struct dec *d)
{
	arg_xval(d, 0, dec_clocks, "CLOCK_???");
	arg_flags(d, 1, tfd_flags, "0");
}

/* loff_t *: "[0] => [12]" when the kernel moved it (sendfile), NULL */
static void
arg_offp_vr(struct dec *d, int i, bool show_out)
{
	const unsigned char *in = dec_data_at(d, (unsigned)i, 0, false, 8, NULL);
	const unsigned char *out = ok(d) ? dec_data_at(d, (unsigned)i, 0, true, 8, NULL) : NULL;

	dec_sep(d);
	if (!in) {
		put_ptr(d, dec_arg(d, i));
		return;
	}
	dec_printf(d, "[%lld]", (long long)u64at(in, 0));
	if (show_out && out && u64at(out, 0) != u64at(in, 0))
		dec_printf(d, " => [%lld]", (long long)u64at(out, 0));
}

static void
arg_offp(struct dec *d, int i)
{
	arg_offp_vr(d, i, false);
}

static void
d_sendfile(struct dec *d)
{
	arg_fd(d, 0);
	arg_fd(d, 1);
	arg_offp_vr(d, 2, true);
	arg_ulong(d, 3);
}

static void
d_copy_file_range(struct dec *d)
{
	arg_fd(d, 0);
	arg_offp(d, 1);
	arg_fd(d, 2);
	arg_offp(d, 3);
	arg_ulong(d, 4);
	arg_uint(d, 5);
}

static const struct sl_xval splice_flags[] = {
	{ 1, "SPLICE_F_MOVE" }, { 2, "SPLICE_F_NONBLOCK" }, { 4, "SPLICE_F_MORE" },
	{ 8, "SPLICE_F_GIFT" }, XEND
};

static void
d_splice(struct dec *d)
{
	arg_fd(d, 0);
	arg_offp(d, 1);
	arg_fd(d, 2);
	arg_offp(d, 3);
	arg_ulong(d, 4);
	arg_flags(d, 5, splice_flags, "0");
}

static void
d_tee(struct dec *d)
{
	arg_fd(d, 0);
	arg_fd(d, 1);
	arg_ulong(d, 2);
	arg_flags(d, 3, splice_flags, "0");
}

static const struct sl_xval flock_ops[] = {
	XV(LOCK_SH), XV(LOCK_EX), XV(LOCK_NB), XV(LOCK_UN), XEND
};

static void
d_flock(struct dec *d)
{
	arg_fd(d, 0);
	arg_flags(d, 1, flock_ops, "0");
}

static const struct sl_xval fadvs[] = {
	{ 0, "POSIX_FADV_NORMAL" }, { 1, "POSIX_FADV_RANDOM" },
	{ 2, "POSIX_FADV_SEQUENTIAL" }, { 3, "POSIX_FADV_WILLNEED" },
	{ 4, "POSIX_FADV_DONTNEED" }, { 5, "POSIX_FADV_NOREUSE" }, XEND
};

static void
d_fadvise64(struct dec *d)
{
	arg_fd(d, 0);
	arg_long(d, 1);
	arg_long(d, 2);
	arg_xval(d, 3, fadvs, "POSIX_FADV_???");
}

static const struct sl_xval falloc_flags[] = {
	{ 1, "FALLOC_FL_KEEP_SIZE" }, { 2, "FALLOC_FL_PUNCH_HOLE" },
	{ 4, "FALLOC_FL_NO_HIDE_STALE" }, { 8, "FALLOC_FL_COLLAPSE_RANGE" },
	{ 0x10, "FALLOC_FL_ZERO_RANGE" }, { 0x20, "FALLOC_FL_INSERT_RANGE" },
	{ 0x40, "FALLOC_FL_UNSHARE_RANGE" }, XEND
};

static void
d_fallocate(struct dec *d)
{
	arg_fd(d, 0);
	arg_flags(d, 1, falloc_flags, "0");
	arg_long(d, 2);
	arg_long(d, 3);
}

static void
d_readahead(struct dec *d)
{
	arg_fd(d, 0);
	arg_long(d, 1);
	arg_ulong(d, 2);
}

static const struct sl_xval close_range_flags[] = {
	{ 2, "CLOSE_RANGE_UNSHARE" }, { 4, "CLOSE_RANGE_CLOEXEC" }, XEND
};

static void
d_close_range(struct dec *d)
{
	arg_uint(d, 0);
	arg_uint(d, 1);
	arg_flags(d, 2, close_range_flags, "0");
}

static const struct sl_xval sfr_flags[] = {
	{ 1, "SYNC_FILE_RANGE_WAIT_BEFORE" }, { 2, "SYNC_FILE_RANGE_WRITE" },
	{ 4, "SYNC_FILE_RANGE_WAIT_AFTER" }, XEND
};

static void
d_sync_file_range(struct dec *d)
{
	arg_fd(d, 0);
	arg_long(d, 1);
	arg_long(d, 2);
	arg_flags(d, 3, sfr_flags, "0");
}

static void
d_pidfd_open(struct dec *d)
{
	arg_int(d, 0);
	arg_uint(d, 1);
}

const struct dec_sys dec_desc_table[] = {
	SYS("read", d_read, RV_DEC, NULL),
	SYS("write", d_write, RV_DEC, NULL),
	SYS("pread64", d_read, RV_DEC, NULL),
	SYS("pwrite64", d_write, RV_DEC, NULL),
	SYS("readv", d_readv, RV_DEC, NULL),
	SYS("writev", d_writev, RV_DEC, NULL),
	SYS("preadv", d_preadv, RV_DEC, NULL),
	SYS("pwritev", d_pwritev, RV_DEC, NULL),
	SYS("preadv2", d_preadv2, RV_DEC, NULL),
	SYS("pwritev2", d_pwritev2, RV_DEC, NULL),
	SYS("close", d_fd, RV_DEC, NULL),
	SYS("fsync", d_fd, RV_DEC, NULL),
	SYS("fdatasync", d_fd, RV_DEC, NULL),
	SYS("syncfs", d_fd, RV_DEC, NULL),
	SYS("lseek", d_lseek, RV_DEC, NULL),
	SYS("dup", d_fd, RV_FD, NULL),
	SYS("dup2", d_dup2, RV_FD, NULL),
	SYS("dup3", d_dup3, RV_FD, NULL),
	{ "fcntl", d_fcntl, RV_DEC, r_fcntl, rv_fcntl_kind },
	SYS("pipe", d_pipe, RV_DEC, NULL),
	SYS("pipe2", d_pipe2, RV_DEC, NULL),
	SYS("getdents64", d_getdents, RV_DEC, NULL),
	SYS("getdents", d_getdents, RV_DEC, NULL),
	SYS("poll", d_poll, RV_DEC, r_poll),
	SYS("ppoll", d_ppoll, RV_DEC, r_ppoll),
	SYS("select", d_select, RV_DEC, r_select),
	SYS("pselect6", d_pselect6, RV_DEC, r_pselect6),
	SYS("epoll_create", d_epoll_create, RV_FD, NULL),
	SYS("epoll_create1", d_epoll_create1, RV_FD, NULL),
	SYS("epoll_ctl", d_epoll_ctl, RV_DEC, NULL),
	SYS("epoll_wait", d_epoll_wait, RV_DEC, NULL),
	SYS("epoll_pwait", d_epoll_pwait, RV_DEC, NULL),
	SYS("epoll_pwait2", d_epoll_pwait2, RV_DEC, NULL),
	SYS("eventfd", d_eventfd, RV_FD, NULL),
	SYS("eventfd2", d_eventfd2, RV_FD, NULL),
	SYS("inotify_init1", d_inotify_init1, RV_FD, NULL),
	SYS("signalfd4", d_signalfd4, RV_FD, NULL),
	SYS("timerfd_create", d_timerfd_create, RV_FD, NULL),
	SYS("sendfile", d_sendfile, RV_DEC, NULL),
	SYS("copy_file_range", d_copy_file_range, RV_DEC, NULL),
	SYS("splice", d_splice, RV_DEC, NULL),
	SYS("tee", d_tee, RV_DEC, NULL),
	SYS("flock", d_flock, RV_DEC, NULL),
	SYS("fadvise64", d_fadvise64, RV_DEC, NULL),
	SYS("fallocate", d_fallocate, RV_DEC, NULL),
	SYS("readahead", d_readahead, RV_DEC, NULL),
	SYS("close_range", d_close_range, RV_DEC, NULL),
	SYS("sync_file_range", d_sync_file_range, RV_DEC, NULL),
	SYS("pidfd_open", d_pidfd_open, RV_FD, NULL),
	SYS_END
};
