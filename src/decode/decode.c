/*
 * decode.c - the entry points of decoding and the printers every family
 * shares: strace's string quoting, errno and signal names, return values,
 * process events, fds, paths, buffers and flag sets.
 *
 * Everything here is a pure function of an event and its payloads, so a
 * hand-built event decodes the same as a captured one.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "syslens/capture.h"
#include "syslens/decode.h"
#include "syslens/syscalls.h"
#include "dec.h"

/* ---------------------------------------------------------------- quoting */

/*
 * strace's quoting: \" \\ \f \n \r \t \v, printable ASCII as is, the rest
 * in octal, three digits when an octal digit follows (so "\1" "2" stays
 * unambiguous), as few as possible otherwise.
 */
/* Bytes strace prints as they are: printable ASCII but " and \\ */
static const bool quote_plain[256] = {
	[0x20 ... 0x21] = true, [0x23 ... 0x5b] = true, [0x5d ... 0x7e] = true,
};

static void
quote_bytes(struct sl_strbuf *sb, const unsigned char *s, size_t n, bool hex)
{
	char tmp[8];

	strbuf_putc(sb, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned c = s[i];
		int k = 0;

		if (!hex && quote_plain[c]) {
			/* a run of bytes printed as they are, in one copy */
			size_t j = i + 1;

			while (j < n && quote_plain[s[j]])
				j++;
			strbuf_add(sb, (const char *)s + i, j - i);
			i = j - 1;
			continue;
		}
		if (hex) {
			tmp[0] = '\\';
			tmp[1] = 'x';
			tmp[2] = "0123456789abcdef"[c >> 4];
			tmp[3] = "0123456789abcdef"[c & 15];
			strbuf_add(sb, tmp, 4);
			continue;
		}
		switch (c) {
		case '"': case '\\':
			tmp[k++] = '\\'; tmp[k++] = (char)c; break;
		case '\f': tmp[k++] = '\\'; tmp[k++] = 'f'; break;
		case '\n': tmp[k++] = '\\'; tmp[k++] = 'n'; break;
		case '\r': tmp[k++] = '\\'; tmp[k++] = 'r'; break;
		case '\t': tmp[k++] = '\\'; tmp[k++] = 't'; break;
		case '\v': tmp[k++] = '\\'; tmp[k++] = 'v'; break;
		default:
			if (c >= ' ' && c <= 0x7e) {
				tmp[k++] = (char)c;
				break;
			}
			tmp[k++] = '\\';
			if (i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '7') {
				tmp[k++] = (char)('0' + (c >> 6));
				tmp[k++] = (char)('0' + ((c >> 3) & 7));
			} else if (c >> 3) {
				if (c >> 6)
					tmp[k++] = (char)('0' + (c >> 6));
				tmp[k++] = (char)('0' + ((c >> 3) & 7));
			}
			tmp[k++] = (char)('0' + (c & 7));
		}
		strbuf_add(sb, tmp, (size_t)k);
	}
	strbuf_putc(sb, '"');
}

void
decode_quote(struct sl_strbuf *sb, const unsigned char *s, size_t len,
	     size_t maxlen, bool truncated)
{
	quote_bytes(sb, s, len < maxlen ? len : maxlen, false);
	if (truncated || len > maxlen)
		strbuf_puts(sb, "...");
}

void
put_quoted(struct dec *d, const unsigned char *s, size_t len, size_t max,
	   bool more)
{
	decode_quote(d->sb, s, len, max, more);
}

void
put_quoted_hex(struct dec *d, const unsigned char *s, size_t len, size_t max,
	       bool more)
{
	quote_bytes(d->sb, s, len < max ? len : max, true);
	if (more || len > max)
		strbuf_puts(d->sb, "...");
}

/* ------------------------------------------------------------ errno names */

#define EN(x)	[x] = #x
static const char *const errno_names[] = {
	EN(EPERM), EN(ENOENT), EN(ESRCH), EN(EINTR), EN(EIO), EN(ENXIO),
	EN(E2BIG), EN(ENOEXEC), EN(EBADF), EN(ECHILD), EN(EAGAIN),
	EN(ENOMEM), EN(EACCES), EN(EFAULT), EN(ENOTBLK), EN(EBUSY),
	EN(EEXIST), EN(EXDEV), EN(ENODEV), EN(ENOTDIR), EN(EISDIR),
	EN(EINVAL), EN(ENFILE), EN(EMFILE), EN(ENOTTY), EN(ETXTBSY),
	EN(EFBIG), EN(ENOSPC), EN(ESPIPE), EN(EROFS), EN(EMLINK), EN(EPIPE),
	EN(EDOM), EN(ERANGE), EN(EDEADLK), EN(ENAMETOOLONG), EN(ENOLCK),
	EN(ENOSYS), EN(ENOTEMPTY), EN(ELOOP), EN(ENOMSG), EN(EIDRM),
	EN(ECHRNG), EN(EL2NSYNC), EN(EL3HLT), EN(EL3RST), EN(ELNRNG),
	EN(EUNATCH), EN(ENOCSI), EN(EL2HLT), EN(EBADE), EN(EBADR),
	EN(EXFULL), EN(ENOANO), EN(EBADRQC), EN(EBADSLT), EN(EBFONT),
	EN(ENOSTR), EN(ENODATA), EN(ETIME), EN(ENOSR), EN(ENONET),
	EN(ENOPKG), EN(EREMOTE), EN(ENOLINK), EN(EADV), EN(ESRMNT),
	EN(ECOMM), EN(EPROTO), EN(EMULTIHOP), EN(EDOTDOT), EN(EBADMSG),
	EN(EOVERFLOW), EN(ENOTUNIQ), EN(EBADFD), EN(EREMCHG), EN(ELIBACC),
	EN(ELIBBAD), EN(ELIBSCN), EN(ELIBMAX), EN(ELIBEXEC), EN(EILSEQ),
	EN(ERESTART), EN(ESTRPIPE), EN(EUSERS), EN(ENOTSOCK),
	EN(EDESTADDRREQ), EN(EMSGSIZE), EN(EPROTOTYPE), EN(ENOPROTOOPT),
	EN(EPROTONOSUPPORT), EN(ESOCKTNOSUPPORT), EN(EOPNOTSUPP),
	EN(EPFNOSUPPORT), EN(EAFNOSUPPORT), EN(EADDRINUSE),
	EN(EADDRNOTAVAIL), EN(ENETDOWN), EN(ENETUNREACH), EN(ENETRESET),
	EN(ECONNABORTED), EN(ECONNRESET), EN(ENOBUFS), EN(EISCONN),
	EN(ENOTCONN), EN(ESHUTDOWN), EN(ETOOMANYREFS), EN(ETIMEDOUT),
	EN(ECONNREFUSED), EN(EHOSTDOWN), EN(EHOSTUNREACH), EN(EALREADY),
	EN(EINPROGRESS), EN(ESTALE), EN(EUCLEAN), EN(ENOTNAM), EN(ENAVAIL),
	EN(EISNAM), EN(EREMOTEIO), EN(EDQUOT), EN(ENOMEDIUM),
	EN(EMEDIUMTYPE), EN(ECANCELED), EN(ENOKEY), EN(EKEYEXPIRED),
	EN(EKEYREVOKED), EN(EKEYREJECTED), EN(EOWNERDEAD),
	EN(ENOTRECOVERABLE), EN(ERFKILL), EN(EHWPOISON),
};

/* The kernel's own codes, which leak to a tracer but never to libc. */
static const char *const kerrno_names[] = {
	"ERESTARTSYS", "ERESTARTNOINTR", "ERESTARTNOHAND", "ENOIOCTLCMD",
	"ERESTART_RESTARTBLOCK", "EPROBE_DEFER", "EOPENSTALE", "ENOPARAM",
	NULL, "EBADHANDLE", "ENOTSYNC", "EBADCOOKIE", "ENOTSUPP",
	"ETOOSMALL", "ESERVERFAULT", "EBADTYPE", "EJUKEBOX", "EIOCBQUEUED",
	"ERECALLCONFLICT", "ENOGRACE",
};
static const char *const kerrno_texts[] = {
	"To be restarted if SA_RESTART is set", "To be restarted",
	"To be restarted if no handler", NULL, "Interrupted by signal",
};

const char *
decode_errno_name(int err)
{
	if (err > 0 && (size_t)err < ARRAY_SIZE(errno_names))
		return errno_names[err];
	if (err >= 512 && (size_t)(err - 512) < ARRAY_SIZE(kerrno_names))
		return kerrno_names[err - 512];
	return NULL;
}

const char *
decode_errno_text(int err)
{
	if (err >= 512 && (size_t)(err - 512) < ARRAY_SIZE(kerrno_texts) &&
	    kerrno_texts[err - 512])
		return kerrno_texts[err - 512];
	return strerrordesc_np(err);
}

/* ----------------------------------------------------------- signal names */

#define SV(x)	{ x, #x }
const struct sl_xval dec_signals[] = {
	SV(SIGHUP), SV(SIGINT), SV(SIGQUIT), SV(SIGILL), SV(SIGTRAP),
	SV(SIGABRT), SV(SIGBUS), SV(SIGFPE), SV(SIGKILL), SV(SIGUSR1),
	SV(SIGSEGV), SV(SIGUSR2), SV(SIGPIPE), SV(SIGALRM), SV(SIGTERM),
	SV(SIGSTKFLT), SV(SIGCHLD), SV(SIGCONT), SV(SIGSTOP), SV(SIGTSTP),
	SV(SIGTTIN), SV(SIGTTOU), SV(SIGURG), SV(SIGXCPU), SV(SIGXFSZ),
	SV(SIGVTALRM), SV(SIGPROF), SV(SIGWINCH), SV(SIGIO), SV(SIGPWR),
	SV(SIGSYS), XEND
};

static const char *const rt_names[] = {
	"SIGRTMIN", "SIGRT_1", "SIGRT_2", "SIGRT_3", "SIGRT_4", "SIGRT_5",
	"SIGRT_6", "SIGRT_7", "SIGRT_8", "SIGRT_9", "SIGRT_10", "SIGRT_11",
	"SIGRT_12", "SIGRT_13", "SIGRT_14", "SIGRT_15", "SIGRT_16",
	"SIGRT_17", "SIGRT_18", "SIGRT_19", "SIGRT_20", "SIGRT_21",
	"SIGRT_22", "SIGRT_23", "SIGRT_24", "SIGRT_25", "SIGRT_26",
	"SIGRT_27", "SIGRT_28", "SIGRT_29", "SIGRT_30", "SIGRT_31",
	"SIGRT_32",
};

const char *
decode_signal_name(int sig)
{
	if (sig >= 32 && sig <= 64)
		return rt_names[sig - 32];
	return xval_name(dec_signals, (uint64_t)sig);
}

void
put_signame(struct dec *d, int sig)
{
	const char *n = decode_signal_name(sig);

	if (n)
		dec_puts(d, n);
	else
		dec_printf(d, "%d", sig);
}

void
put_sigset(struct dec *d, const unsigned char *p, size_t bytes)
{
	unsigned nsig = (unsigned)(bytes * 8), set = 0;
	bool inv, first = true;

	if (nsig > 64)
		nsig = 64;
	for (unsigned i = 0; i < nsig; i++)
		set += (p[i / 8] >> (i % 8)) & 1;
	inv = set * 2 > nsig;
	if (inv)
		dec_puts(d, "~");
	dec_puts(d, "[");
	for (unsigned i = 0; i < nsig; i++) {
		bool on = ((p[i / 8] >> (i % 8)) & 1) != inv;
		const char *n;

		if (!on)
			continue;
		n = decode_signal_name((int)i + 1);
		if (!first)
			dec_puts(d, " ");
		first = false;
		if (n)
			dec_puts(d, n + 3);
		else
			dec_printf(d, "%u", i + 1);
	}
	dec_puts(d, "]");
}

/* ------------------------------------------------------------- primitives */

void
dec_printf(struct dec *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vprintf(d->sb, fmt, ap);
	va_end(ap);
}

const struct sl_payload *
dec_payload(const struct dec *d, unsigned arg, unsigned part)
{
	return event_payload_find(d->ev, arg, part);
}

const unsigned char *
dec_data(const struct dec *d, unsigned arg, unsigned part, size_t min,
	 size_t *len)
{
	const struct sl_payload *pl = dec_payload(d, arg, part);

	if (!pl || (pl->flags & SL_PLF_UNREADABLE) || pl->len < min)
		return NULL;
	if (len)
		*len = pl->len;
	return event_payload_data(pl);
}

const unsigned char *
dec_data_at(const struct dec *d, unsigned arg, unsigned part, bool exit,
	    size_t min, size_t *len)
{
	const struct sl_payload *pl;

	for (pl = event_payload_first(d->ev); pl; pl = event_payload_next(d->ev, pl)) {
		if (pl->arg != arg || pl->part != part)
			continue;
		if (!!(pl->flags & SL_PLF_EXIT) != exit)
			continue;
		if ((pl->flags & SL_PLF_UNREADABLE) || pl->len < min)
			return NULL;
		if (len)
			*len = pl->len;
		return event_payload_data(pl);
	}
	return NULL;
}

void
arg_intp(struct dec *d, int i)
{
	const unsigned char *p = arg_struct(d, i, 4, NULL);
	int32_t v;

	if (!p)
		return;
	memcpy(&v, p, 4);
	dec_printf(d, "[%d]", v);
}

void
arg_intp_vr(struct dec *d, int i)
{
	const unsigned char *in = dec_data_at(d, (unsigned)i, 0, false, 4, NULL);
	const unsigned char *out = d->exited && !d->failed ?
		dec_data_at(d, (unsigned)i, 0, true, 4, NULL) : NULL;
	int32_t a = 0, b = 0;

	dec_sep(d);
	if (!in && !out) {
		put_ptr(d, dec_arg(d, i));
		return;
	}
	if (in)
		memcpy(&a, in, 4);
	if (out)
		memcpy(&b, out, 4);
	if (in && out && a != b)
		dec_printf(d, "[%d => %d]", a, b);
	else
		dec_printf(d, "[%d]", out ? b : a);
}

void
put_time_comment(struct dec *d, int64_t sec, int64_t nsec)
{
	time_t t = (time_t)sec;
	struct tm tm;
	char buf[64], z[16];

	if (!localtime_r(&t, &tm))
		return;
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(z, sizeof(z), "%z", &tm);
	if (nsec)
		dec_printf(d, " /* %s.%09lld%s */", buf, (long long)nsec, z);
	else
		dec_printf(d, " /* %s%s */", buf, z);
}

void
put_ptr(struct dec *d, uint64_t p)
{
	if (p)
		strbuf_put_hex(d->sb, p);
	else
		dec_puts(d, "NULL");
}

const char *
xval_name(const struct sl_xval *t, uint64_t v)
{
	for (; t->name; t++)
		if (t->val == v)
			return t->name;
	return NULL;
}

void
put_xval(struct dec *d, uint64_t v, const struct sl_xval *t, const char *unk)
{
	const char *n = xval_name(t, v);

	if (n)
		dec_puts(d, n);
	else if (unk)
		dec_printf(d, "%#llx /* %s */", (unsigned long long)v, unk);
	else
		strbuf_put_hex(d->sb, v);
}

void
put_xval_dec(struct dec *d, int64_t v, const struct sl_xval *t, const char *unk)
{
	const char *n = xval_name(t, (uint64_t)v);

	if (n)
		dec_puts(d, n);
	else if (unk)
		dec_printf(d, "%lld /* %s */", (long long)v, unk);
	else
		strbuf_put_dec(d->sb, v);
}

void
put_flags(struct dec *d, uint64_t v, const struct sl_xval *t, const char *zero)
{
	bool any = false;

	if (!v) {
		const char *n = xval_name(t, 0);

		dec_puts(d, n ? n : zero ? zero : "0");
		return;
	}
	for (; t->name; t++) {
		if (!t->val || (v & t->val) != t->val)
			continue;
		if (any)
			strbuf_putc(d->sb, '|');
		strbuf_puts(d->sb, t->name);
		v &= ~t->val;
		any = true;
	}
	if (v) {
		if (any)
			strbuf_putc(d->sb, '|');
		strbuf_put_hex(d->sb, v);
	}
}

void
put_fd(struct dec *d, int fd, unsigned fdpath_arg)
{
	put_fd_part(d, fd, fdpath_arg, 0);
}

static void
put_fdpath(struct dec *d, unsigned fdpath_arg, unsigned part)
{
	const unsigned char *p;
	size_t len;

	p = dec_data(d, fdpath_arg, part, 1, &len);
	if (!p)
		return;
	/* strace escapes the path, without quotes, inside <...>; the
	 * " (deleted)" the kernel appends to an unlinked file goes after */
	{
		static const char del[] = " (deleted)";
		struct sl_strbuf tmp = SL_STRBUF_INIT;
		size_t n = strnlen((const char *)p, len), dl = sizeof(del) - 1;
		bool deleted = n > dl && memcmp(p + n - dl, del, dl) == 0;

		if (deleted)
			n -= dl;
		decode_quote(&tmp, p, n, n, false);
		dec_puts(d, "<");
		strbuf_add(d->sb, tmp.s + 1, tmp.len - 2);
		dec_puts(d, deleted ? ">(deleted)" : ">");
		strbuf_free(&tmp);
	}
}

void
put_fd_part(struct dec *d, int fd, unsigned fdpath_arg, unsigned part)
{
	strbuf_put_dec(d->sb, fd);
	if (d->o->fdpaths && fd >= 0)
		put_fdpath(d, fdpath_arg, part);
}

/* ------------------------------------------------------- argument printers */

void
arg_int(struct dec *d, int i)
{
	dec_sep(d);
	strbuf_put_dec(d->sb, (int)dec_arg(d, i));
}

void
arg_uint(struct dec *d, int i)
{
	dec_sep(d);
	strbuf_put_udec(d->sb, (unsigned)dec_arg(d, i));
}

void
arg_long(struct dec *d, int i)
{
	dec_sep(d);
	strbuf_put_dec(d->sb, (int64_t)dec_arg(d, i));
}

void
arg_ulong(struct dec *d, int i)
{
	dec_sep(d);
	strbuf_put_udec(d->sb, dec_arg(d, i));
}

void
arg_hex(struct dec *d, int i)
{
	dec_sep(d);
	strbuf_put_hex(d->sb, dec_arg(d, i));
}

void
arg_ptr(struct dec *d, int i)
{
	dec_sep(d);
	put_ptr(d, dec_arg(d, i));
}

void
arg_oct(struct dec *d, int i)
{
	dec_sep(d);
	dec_printf(d, "%#llo", (unsigned long long)dec_arg(d, i));
}

void
arg_fd(struct dec *d, int i)
{
	dec_sep(d);
	put_fd(d, (int)dec_arg(d, i), SL_PL_FDPATH_BASE + (unsigned)i);
}

void
arg_dirfd(struct dec *d, int i)
{
	if ((int)dec_arg(d, i) == -100) {
		dec_sep(d);
		dec_puts(d, "AT_FDCWD");
		if (d->o->fdpaths)
			put_fdpath(d, SL_PL_FDPATH_BASE + (unsigned)i, 0);
		return;
	}
	arg_fd(d, i);
}

static void
arg_string(struct dec *d, int i, size_t max)
{
	const struct sl_payload *pl = dec_payload(d, (unsigned)i, 0);
	uint64_t a = dec_arg(d, i);

	dec_sep(d);
	if (!a) {
		dec_puts(d, "NULL");
		return;
	}
	if (!pl || (pl->flags & SL_PLF_UNREADABLE)) {
		put_ptr(d, a);
		return;
	}
	{
		const unsigned char *s = event_payload_data(pl);
		size_t n = strnlen((const char *)s, pl->len);
		bool cut = n == pl->len && (pl->flags & SL_PLF_TRUNCATED);

		decode_quote(d->sb, s, n, max, cut);
	}
}

void
arg_path(struct dec *d, int i)
{
	arg_string(d, i, 4096);
}

void
arg_str(struct dec *d, int i)
{
	arg_string(d, i, d->o->strsize);
}

static void
arg_buffer(struct dec *d, int i, uint64_t len, bool hex)
{
	const struct sl_payload *pl = dec_payload(d, (unsigned)i, 0);
	uint64_t a = dec_arg(d, i);
	size_t max = d->o->strsize, have, show;

	dec_sep(d);
	if (!a && !len) {
		dec_puts(d, "NULL");
		return;
	}
	if (!pl || (pl->flags & SL_PLF_UNREADABLE)) {
		put_ptr(d, a);
		return;
	}
	have = pl->len;
	show = len < max ? (size_t)len : max;
	if (show > have)
		show = have;
	if (hex)
		put_quoted_hex(d, event_payload_data(pl), show, show, len > show);
	else
		put_quoted(d, event_payload_data(pl), show, show, len > show);
}

void
arg_buf(struct dec *d, int i, uint64_t len)
{
	arg_buffer(d, i, len, false);
}

void
arg_buf_hex(struct dec *d, int i, uint64_t len)
{
	arg_buffer(d, i, len, true);
}

void
arg_flags(struct dec *d, int i, const struct sl_xval *t, const char *zero)
{
	dec_sep(d);
	put_flags(d, dec_arg(d, i), t, zero);
}

void
arg_xval(struct dec *d, int i, const struct sl_xval *t, const char *unk)
{
	dec_sep(d);
	put_xval(d, dec_arg(d, i), t, unk);
}

const unsigned char *
arg_struct(struct dec *d, int i, size_t min, size_t *len)
{
	const unsigned char *p;

	dec_sep(d);
	p = dec_arg(d, i) ? dec_data(d, (unsigned)i, 0, min, len) : NULL;
	if (!p)
		put_ptr(d, dec_arg(d, i));
	return p;
}

void
put_timespec(struct dec *d, const unsigned char *p)
{
	int64_t s, ns;

	memcpy(&s, p, 8);
	memcpy(&ns, p + 8, 8);
	dec_printf(d, "{tv_sec=%lld, tv_nsec=%lld}", (long long)s, (long long)ns);
}

void
put_timeval(struct dec *d, const unsigned char *p)
{
	int64_t s, us;

	memcpy(&s, p, 8);
	memcpy(&us, p + 8, 8);
	dec_printf(d, "{tv_sec=%lld, tv_usec=%lld}", (long long)s, (long long)us);
}

/* ---------------------------------------------------------- the dispatch */

static const struct dec_sys *const families[] = {
	dec_file_table, dec_desc_table, dec_net_table, dec_process_table,
	dec_signal_table, dec_memory_table, dec_time_table, dec_misc_table,
	dec_ioctl_table,
};

/*
 * The decoders read structs in the x86_64 layout.  A 32-bit tracee's
 * calls use them only where the layout does not depend on the word size
 * (strings, ints, sockaddrs, termios, pollfd); the rest print raw.
 */
static const char *const i386_same[] = {
	"open", "openat", "creat", "access", "faccessat", "faccessat2", "close",
	"read", "write", "dup", "dup2", "dup3", "mkdir", "mkdirat", "rmdir",
	"unlink", "unlinkat", "rename", "renameat", "renameat2", "link",
	"linkat", "symlink", "symlinkat", "chdir", "fchdir", "chmod", "fchmod",
	"fchmodat", "chroot", "readlink", "readlinkat", "getcwd", "umask",
	"exit", "exit_group", "kill", "tkill", "tgkill", "brk", "munmap",
	"mprotect", "madvise", "socket", "connect", "bind", "listen",
	"shutdown", "pipe", "pipe2", "ioctl", "poll", "epoll_ctl",
	"epoll_create", "epoll_create1", "setuid", "setgid", "setpgid",
	"getpgid", "getsid", "eventfd2", "inotify_init1", "memfd_create",
	NULL
};

static bool
i386_layout_same(const char *name)
{
	for (const char *const *n = i386_same; *n; n++)
		if (strcmp(*n, name) == 0)
			return true;
	return false;
}

static const struct dec_sys *by_nr[SL_ARCH_COUNT][SL_NR_MAX];
static pthread_once_t by_nr_once = PTHREAD_ONCE_INIT;

static void
dispatch_build(void)
{
	static const uint32_t arches[SL_ARCH_COUNT] = { SL_ARCH_X86_64, SL_ARCH_I386 };

	for (int a = 0; a < SL_ARCH_COUNT; a++)
		for (size_t f = 0; f < ARRAY_SIZE(families); f++)
			for (const struct dec_sys *s = families[f]; s->name; s++) {
				int nr = syscall_lookup(arches[a], s->name);

				if (nr < 0)
					continue;
				if (arches[a] == SL_ARCH_I386 && !i386_layout_same(s->name))
					continue;
				by_nr[a][nr] = s;
			}
}

static const struct dec_sys *
dispatch(const struct sl_event *ev)
{
	int a = syscall_arch_index(ev->arch);

	pthread_once(&by_nr_once, dispatch_build);
	if (a < 0 || ev->nr >= SL_NR_MAX)
		return NULL;
	return by_nr[a][ev->nr];
}

static void
dec_init(struct dec *d, struct sl_strbuf *sb, const struct sl_event *ev,
	 const struct sl_decode_opts *o)
{
	static const struct sl_decode_opts defaults = SL_DECODE_OPTS_DEFAULT;

	memset(d, 0, sizeof(*d));
	d->sb = sb;
	d->ev = ev;
	d->o = o ? o : &defaults;
	d->exited = !(ev->flags & (SL_EVF_INFLIGHT | SL_EVF_NOEXIT));
	d->failed = d->exited && ev->ret < 0 && ev->ret >= -4095;
}

void
decode_call(struct sl_strbuf *sb, const struct sl_event *ev,
	    const struct sl_decode_opts *o)
{
	const char *name = syscall_name(ev->arch, ev->nr);
	const struct dec_sys *s = dispatch(ev);
	struct dec d;

	dec_init(&d, sb, ev, o);
	if (!name) {
		strbuf_printf(sb, "syscall_%#x(", ev->nr);
		for (int i = 0; i < SL_NARGS; i++)
			arg_hex(&d, i);
		strbuf_putc(sb, ')');
		return;
	}
	strbuf_puts(sb, name);
	strbuf_putc(sb, '(');
	if (s && s->args) {
		s->args(&d);
	} else {
		int n = syscall_nargs(ev->arch, ev->nr);

		for (int i = 0; i < n; i++)
			arg_hex(&d, i);
	}
	strbuf_putc(sb, ')');
}

void
decode_retval(struct sl_strbuf *sb, const struct sl_event *ev,
	      const struct sl_decode_opts *o)
{
	const struct dec_sys *s = dispatch(ev);
	enum dec_rval rv = s ? s->rval : RV_DEC;
	struct dec d;

	dec_init(&d, sb, ev, o);
	if (s && s->rvfn)
		rv = s->rvfn(&d);
	if ((ev->flags & SL_EVF_NOEXIT) || rv == RV_NONE) {
		strbuf_puts(sb, " = ?");
		if (ev->flags & SL_EVF_DETACHED)
			strbuf_puts(sb, " <detached ...>");
		return;
	}
	if (d.failed) {
		int err = (int)-ev->ret;
		const char *n = decode_errno_name(err);
		const char *t = decode_errno_text(err);

		if (err == 512 || err == 513 || err == 514 || err == 516) {
			strbuf_printf(sb, " = ? %s (%s)", n, t);
			return;
		}
		strbuf_puts(sb, " = -1 ");
		if (n)
			strbuf_puts(sb, n);
		else
			strbuf_printf(sb, "ERRNO_%d", err);
		if (t) {
			strbuf_add(sb, " (", 2);
			strbuf_puts(sb, t);
			strbuf_putc(sb, ')');
		} else
			strbuf_printf(sb, " (Unknown error %d)", err);
		return;
	}
	switch (rv) {
	case RV_HEX:
		strbuf_add(sb, " = ", 3);
		strbuf_put_hex(sb, (uint64_t)ev->ret);
		break;
	case RV_OCT:
		strbuf_printf(sb, " = %#03llo", (unsigned long long)ev->ret);
		break;
	case RV_UDEC:
		strbuf_add(sb, " = ", 3);
		strbuf_put_udec(sb, (uint64_t)ev->ret);
		break;
	case RV_FD:
		strbuf_puts(sb, " = ");
		put_fd(&d, (int)ev->ret, SL_PL_FDPATH_RET);
		break;
	default:
		strbuf_add(sb, " = ", 3);
		strbuf_put_dec(sb, ev->ret);
	}
	if (s && s->ret)
		s->ret(&d);
}

void
decode_syscall(struct sl_strbuf *sb, const struct sl_event *ev,
	       const struct sl_decode_opts *o)
{
	decode_call(sb, ev, o);
	if (!(ev->flags & SL_EVF_INFLIGHT))
		decode_retval(sb, ev, o);
}

/* -------------------------------------------------------- process events */

static const struct sl_xval si_codes[] = {
	{ (uint64_t)(int64_t)SI_USER, "SI_USER" },
	{ (uint64_t)(int64_t)SI_KERNEL, "SI_KERNEL" },
	{ (uint64_t)(int64_t)SI_QUEUE, "SI_QUEUE" },
	{ (uint64_t)(int64_t)SI_TIMER, "SI_TIMER" },
	{ (uint64_t)(int64_t)SI_MESGQ, "SI_MESGQ" },
	{ (uint64_t)(int64_t)SI_ASYNCIO, "SI_ASYNCIO" },
	{ (uint64_t)(int64_t)SI_SIGIO, "SI_SIGIO" },
	{ (uint64_t)(int64_t)SI_TKILL, "SI_TKILL" },
	{ (uint64_t)(int64_t)SI_DETHREAD, "SI_DETHREAD" },
	{ (uint64_t)(int64_t)SI_ASYNCNL, "SI_ASYNCNL" },
	XEND
};
static const struct sl_xval cld_codes[] = {
	XV(CLD_EXITED), XV(CLD_KILLED), XV(CLD_DUMPED), XV(CLD_TRAPPED),
	XV(CLD_STOPPED), XV(CLD_CONTINUED), XEND
};
static const struct sl_xval segv_codes[] = {
	XV(SEGV_MAPERR), XV(SEGV_ACCERR), { 3, "SEGV_BNDERR" },
	{ 4, "SEGV_PKUERR" }, XEND
};
static const struct sl_xval bus_codes[] = {
	XV(BUS_ADRALN), XV(BUS_ADRERR), XV(BUS_OBJERR), { 4, "BUS_MCEERR_AR" },
	{ 5, "BUS_MCEERR_AO" }, XEND
};
static const struct sl_xval ill_codes[] = {
	XV(ILL_ILLOPC), XV(ILL_ILLOPN), XV(ILL_ILLADR), XV(ILL_ILLTRP),
	XV(ILL_PRVOPC), XV(ILL_PRVREG), XV(ILL_COPROC), XV(ILL_BADSTK), XEND
};
static const struct sl_xval fpe_codes[] = {
	XV(FPE_INTDIV), XV(FPE_INTOVF), XV(FPE_FLTDIV), XV(FPE_FLTOVF),
	XV(FPE_FLTUND), XV(FPE_FLTRES), XV(FPE_FLTINV), XV(FPE_FLTSUB), XEND
};
static const struct sl_xval trap_codes[] = {
	XV(TRAP_BRKPT), XV(TRAP_TRACE), { 3, "TRAP_BRANCH" }, { 4, "TRAP_HWBKPT" },
	XEND
};
static const struct sl_xval poll_codes[] = {
	XV(POLL_IN), XV(POLL_OUT), XV(POLL_MSG), XV(POLL_ERR), XV(POLL_PRI),
	XV(POLL_HUP), XEND
};

static int32_t
rd32(const unsigned char *p, size_t off)
{
	int32_t v;

	memcpy(&v, p + off, 4);
	return v;
}

static int64_t
rd64(const unsigned char *p, size_t off)
{
	int64_t v;

	memcpy(&v, p + off, 8);
	return v;
}

/* Clock ticks, with their value in seconds when not zero. */
void
put_clock_t(struct dec *d, int64_t v)
{
	static long hz;

	if (!hz)
		hz = sysconf(_SC_CLK_TCK) > 0 ? sysconf(_SC_CLK_TCK) : 100;
	dec_printf(d, "%lld", (long long)v);
	if (v > 0)
		dec_printf(d, " /* %lld.%02lld s */", (long long)(v / hz),
			   (long long)((v % hz) * 100 / hz));
}

/*
 * A siginfo_t as strace prints it.  `p` is the raw 128-byte siginfo_t;
 * the fields used are the x86_64 layout.
 */
void
put_siginfo(struct dec *d, const unsigned char *p, size_t len)
{
	int signo = rd32(p, 0), err = rd32(p, 4), code = rd32(p, 8);
	const struct sl_xval *codes = NULL;
	const char *cn;

	(void)len;
	dec_puts(d, "{si_signo=");
	put_signame(d, signo);
	dec_puts(d, ", si_code=");
	cn = xval_name(si_codes, (uint64_t)(int64_t)code);
	if (!cn && code > 0) {
		switch (signo) {
		case SIGCHLD: codes = cld_codes; break;
		case SIGSEGV: codes = segv_codes; break;
		case SIGBUS: codes = bus_codes; break;
		case SIGILL: codes = ill_codes; break;
		case SIGFPE: codes = fpe_codes; break;
		case SIGTRAP: codes = trap_codes; break;
		case SIGIO: codes = poll_codes; break;
		}
		if (codes)
			cn = xval_name(codes, (uint64_t)code);
	}
	if (cn)
		dec_puts(d, cn);
	else
		dec_printf(d, "%d", code);
	if (err) {
		const char *en = decode_errno_name(err);

		if (en)
			dec_printf(d, ", si_errno=%s", en);
		else
			dec_printf(d, ", si_errno=%d", err);
	}
	if (code <= 0 || code == SI_KERNEL) {
		switch (code) {
		case SI_USER:
		case SI_TKILL:
			dec_printf(d, ", si_pid=%d, si_uid=%u", rd32(p, 16),
				   (unsigned)rd32(p, 20));
			break;
		case SI_QUEUE:
		case SI_MESGQ:
			dec_printf(d, ", si_pid=%d, si_uid=%u, si_int=%d, si_ptr=",
				   rd32(p, 16), (unsigned)rd32(p, 20), rd32(p, 24));
			put_ptr(d, (uint64_t)rd64(p, 24));
			break;
		case SI_TIMER:
			dec_printf(d, ", si_timerid=%#x, si_overrun=%d, si_int=%d, si_ptr=",
				   (unsigned)rd32(p, 16), rd32(p, 20), rd32(p, 24));
			put_ptr(d, (uint64_t)rd64(p, 24));
			break;
		case SI_KERNEL:
			if (signo == SIGSEGV || signo == SIGBUS || signo == SIGILL ||
			    signo == SIGFPE) {
				dec_puts(d, ", si_addr=");
				put_ptr(d, (uint64_t)rd64(p, 16));
			}
			break;
		}
		dec_puts(d, "}");
		return;
	}
	switch (signo) {
	case SIGCHLD:
		dec_printf(d, ", si_pid=%d, si_uid=%u, si_status=", rd32(p, 16),
			   (unsigned)rd32(p, 20));
		if (code == CLD_EXITED)
			dec_printf(d, "%d", rd32(p, 24));
		else
			put_signame(d, rd32(p, 24));
		dec_puts(d, ", si_utime=");
		put_clock_t(d, rd64(p, 32));
		dec_puts(d, ", si_stime=");
		put_clock_t(d, rd64(p, 40));
		break;
	case SIGSEGV: case SIGBUS: case SIGILL: case SIGFPE: case SIGTRAP:
		dec_puts(d, ", si_addr=");
		put_ptr(d, (uint64_t)rd64(p, 16));
		break;
	case SIGIO:
		dec_printf(d, ", si_band=%lld, si_fd=%d", (long long)rd64(p, 16),
			   rd32(p, 24));
		break;
	case SIGSYS:
		dec_puts(d, ", si_call_addr=");
		put_ptr(d, (uint64_t)rd64(p, 16));
		dec_printf(d, ", si_syscall=%d, si_arch=%#x", rd32(p, 24),
			   (unsigned)rd32(p, 28));
		break;
	default:
		dec_printf(d, ", si_pid=%d, si_uid=%u", rd32(p, 16),
			   (unsigned)rd32(p, 20));
	}
	dec_puts(d, "}");
}

/* Build the raw siginfo from the event's own fields when no payload came. */
static void
siginfo_from_args(const struct sl_event *ev, unsigned char *si)
{
	int32_t v;
	int code = (int)ev->args[1], signo = (int)ev->args[0];
	int64_t addr = (int64_t)ev->args[5];

	memset(si, 0, 128);
	v = signo; memcpy(si, &v, 4);
	v = (int32_t)ev->ret; memcpy(si + 4, &v, 4);
	v = code; memcpy(si + 8, &v, 4);
	if ((signo == SIGSEGV || signo == SIGBUS || signo == SIGILL ||
	     signo == SIGFPE || signo == SIGTRAP) && code > 0) {
		memcpy(si + 16, &addr, 8);
		return;
	}
	v = (int32_t)ev->args[2]; memcpy(si + 16, &v, 4);
	v = (int32_t)ev->args[3]; memcpy(si + 20, &v, 4);
	if (signo == SIGCHLD && code > 0) {
		v = (int32_t)ev->args[4];
		memcpy(si + 24, &v, 4);
	} else {
		memcpy(si + 24, &addr, 8);
	}
}

void
decode_process_event(struct sl_strbuf *sb, const struct sl_event *ev)
{
	struct dec d;
	int st = (int)ev->ret;

	dec_init(&d, sb, ev, NULL);
	switch (ev->type) {
	case SL_EV_EXIT:
		if (WIFSIGNALED(st))
			strbuf_printf(sb, "+++ killed by %s%s +++",
				      decode_signal_name(WTERMSIG(st)) ?
				      decode_signal_name(WTERMSIG(st)) : "?",
				      WCOREDUMP(st) ? " (core dumped)" : "");
		else
			strbuf_printf(sb, "+++ exited with %d +++", WEXITSTATUS(st));
		break;
	case SL_EV_SIGNAL: {
		unsigned char si[128];
		const unsigned char *p = dec_data(&d, 0, 0, 48, NULL);

		if (!p) {
			siginfo_from_args(ev, si);
			p = si;
		}
		strbuf_puts(sb, "--- ");
		put_signame(&d, (int)ev->args[0]);
		strbuf_puts(sb, " ");
		put_siginfo(&d, p, 128);
		strbuf_puts(sb, " ---");
		break;
	}
	case SL_EV_EXEC:
		/* a thread other than the leader exec'd: it took the leader's pid */
		if (ev->args[0])
			strbuf_printf(sb, "+++ superseded by execve in pid %llu +++",
				      (unsigned long long)ev->args[0]);
		break;
	case SL_EV_STOP:
		strbuf_puts(sb, "--- stopped by ");
		put_signame(&d, (int)ev->args[0]);
		strbuf_puts(sb, " ---");
		break;
	default:
		break;
	}
}
