/*
 * signal.c - decoders of the signal syscalls: rt_sigaction,
 * rt_sigprocmask, rt_sigreturn, kill and friends, sigaltstack.
 */
#include <string.h>

#include "dec.h"

static bool
ok(const struct dec *d)
{
	return d->exited && !d->failed;
}

static uint64_t
u64at(const unsigned char *p, size_t off)
{
	uint64_t v;

	memcpy(&v, p + off, 8);
	return v;
}

static void
arg_sig(struct dec *d, int i)
{
	int sig = (int)dec_arg(d, i);

	dec_sep(d);
	if (sig == 0)
		dec_puts(d, "0");
	else
		put_signame(d, sig);
}

static const struct sl_xval sa_flags[] = {
	{ 0x04000000, "SA_RESTORER" }, { 0x08000000, "SA_ONSTACK" },
	{ 0x10000000, "SA_RESTART" }, { 0x20000000, "SA_INTERRUPT" },
	{ 0x40000000, "SA_NODEFER" }, { 0x80000000, "SA_RESETHAND" },
	{ 4, "SA_SIGINFO" }, { 1, "SA_NOCLDSTOP" }, { 2, "SA_NOCLDWAIT" },
	XEND
};

static void
put_sigaction(struct dec *d, const unsigned char *p)
{
	uint64_t h = u64at(p, 0), fl = u64at(p, 8);

	dec_puts(d, "{sa_handler=");
	if (h == 0)
		dec_puts(d, "SIG_DFL");
	else if (h == 1)
		dec_puts(d, "SIG_IGN");
	else
		put_ptr(d, h);
	dec_puts(d, ", sa_mask=");
	put_sigset(d, p + 24, 8);
	dec_puts(d, ", sa_flags=");
	put_flags(d, fl, sa_flags, "0");
	if (fl & 0x04000000) {
		dec_puts(d, ", sa_restorer=");
		put_ptr(d, u64at(p, 16));
	}
	dec_puts(d, "}");
}

static void
d_rt_sigaction(struct dec *d)
{
	const unsigned char *p;

	arg_sig(d, 0);
	p = arg_struct(d, 1, 32, NULL);
	if (p)
		put_sigaction(d, p);
	if (ok(d)) {
		p = arg_struct(d, 2, 32, NULL);
		if (p)
			put_sigaction(d, p);
	} else {
		arg_ptr(d, 2);
	}
	arg_ulong(d, 3);
}

static const struct sl_xval sig_hows[] = {
	{ 0, "SIG_BLOCK" }, { 1, "SIG_UNBLOCK" }, { 2, "SIG_SETMASK" }, XEND
};

static void
arg_sigset_n(struct dec *d, int i, uint64_t size)
{
	const unsigned char *p = arg_struct(d, i, 8, NULL);

	if (p)
		put_sigset(d, p, size < 8 ? (size_t)size : 8);
}

static void
d_rt_sigprocmask(struct dec *d)
{
	uint64_t sz = dec_arg(d, 3);

	arg_xval(d, 0, sig_hows, "SIG_???");
	arg_sigset_n(d, 1, sz);
	if (ok(d))
		arg_sigset_n(d, 2, sz);
	else
		arg_ptr(d, 2);
	arg_ulong(d, 3);
}

static void
d_rt_sigpending(struct dec *d)
{
	if (ok(d))
		arg_sigset_n(d, 0, dec_arg(d, 1));
	else
		arg_ptr(d, 0);
	arg_ulong(d, 1);
}

static void
d_rt_sigsuspend(struct dec *d)
{
	arg_sigset_n(d, 0, dec_arg(d, 1));
	arg_ulong(d, 1);
}

static void
d_rt_sigreturn(struct dec *d)
{
	const unsigned char *p = dec_data(d, 0, 0, 8, NULL);

	if (!p)
		return;
	dec_puts(d, "{mask=");
	put_sigset(d, p, 8);
	dec_puts(d, "}");
}

static void
d_rt_sigtimedwait(struct dec *d)
{
	const unsigned char *p;

	arg_sigset_n(d, 0, dec_arg(d, 3));
	if (ok(d)) {
		p = arg_struct(d, 1, 48, NULL);
		if (p)
			put_siginfo(d, p, 128);
	} else {
		arg_ptr(d, 1);
	}
	p = arg_struct(d, 2, 16, NULL);
	if (p)
		put_timespec(d, p);
	arg_ulong(d, 3);
}

static void
r_signame(struct dec *d)
{
	const char *n = decode_signal_name((int)d->ev->ret);

	if (n)
		dec_printf(d, " (%s)", n);
}

static void
d_kill(struct dec *d)
{
	arg_int(d, 0);
	arg_sig(d, 1);
}

static void
d_tgkill(struct dec *d)
{
	arg_int(d, 0);
	arg_int(d, 1);
	arg_sig(d, 2);
}

static void
d_rt_sigqueueinfo(struct dec *d)
{
	const unsigned char *p;

	arg_int(d, 0);
	arg_sig(d, 1);
	p = arg_struct(d, 2, 48, NULL);
	if (p)
		put_siginfo(d, p, 128);
}

static void
d_rt_tgsigqueueinfo(struct dec *d)
{
	const unsigned char *p;

	arg_int(d, 0);
	arg_int(d, 1);
	arg_sig(d, 2);
	p = arg_struct(d, 3, 48, NULL);
	if (p)
		put_siginfo(d, p, 128);
}

static const struct sl_xval ss_flags[] = {
	{ 1, "SS_ONSTACK" }, { 2, "SS_DISABLE" }, { 1u << 31, "SS_AUTODISARM" },
	XEND
};

static void
put_stack(struct dec *d, const unsigned char *p)
{
	uint32_t fl;

	memcpy(&fl, p + 8, 4);
	dec_puts(d, "{ss_sp=");
	put_ptr(d, u64at(p, 0));
	dec_puts(d, ", ss_flags=");
	put_flags(d, fl, ss_flags, "0");
	dec_printf(d, ", ss_size=%llu}", (unsigned long long)u64at(p, 16));
}

static void
d_sigaltstack(struct dec *d)
{
	const unsigned char *p = arg_struct(d, 0, 24, NULL);

	if (p)
		put_stack(d, p);
	if (ok(d)) {
		p = arg_struct(d, 1, 24, NULL);
		if (p)
			put_stack(d, p);
	} else {
		arg_ptr(d, 1);
	}
}

const struct dec_sys dec_signal_table[] = {
	SYS("rt_sigaction", d_rt_sigaction, RV_DEC, NULL),
	SYS("rt_sigprocmask", d_rt_sigprocmask, RV_DEC, NULL),
	SYS("rt_sigpending", d_rt_sigpending, RV_DEC, NULL),
	SYS("rt_sigsuspend", d_rt_sigsuspend, RV_DEC, NULL),
	SYS("rt_sigreturn", d_rt_sigreturn, RV_DEC, NULL),
	SYS("rt_sigtimedwait", d_rt_sigtimedwait, RV_DEC, r_signame),
	SYS("rt_sigqueueinfo", d_rt_sigqueueinfo, RV_DEC, NULL),
	SYS("rt_tgsigqueueinfo", d_rt_tgsigqueueinfo, RV_DEC, NULL),
	SYS("kill", d_kill, RV_DEC, NULL),
	SYS("tkill", d_kill, RV_DEC, NULL),
	SYS("tgkill", d_tgkill, RV_DEC, NULL),
	SYS("sigaltstack", d_sigaltstack, RV_DEC, NULL),
	SYS_END
};
