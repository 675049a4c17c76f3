/*
 * time.c - decoders of the clock, sleep, timer and futex syscalls.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "dec.h"

const struct sl_xval dec_clocks[] = {
	{ 0, "CLOCK_REALTIME" }, { 1, "CLOCK_MONOTONIC" },
	{ 2, "CLOCK_PROCESS_CPUTIME_ID" }, { 3, "CLOCK_THREAD_CPUTIME_ID" },
	{ 4, "CLOCK_MONOTONIC_RAW" }, { 5, "CLOCK_REALTIME_COARSE" },
	{ 6, "CLOCK_MONOTONIC_COARSE" }, { 7, "CLOCK_BOOTTIME" },
	{ 8, "CLOCK_REALTIME_ALARM" }, { 9, "CLOCK_BOOTTIME_ALARM" },
	{ 11, "CLOCK_TAI" }, XEND
};

static bool
ok(const struct dec *d)
{
	return d->exited && !d->failed;
}

static void
arg_clock(struct dec *d, int i)
{
	arg_xval(d, i, dec_clocks, "CLOCK_???");
}

/* A timespec read at entry. */
static void
arg_ts(struct dec *d, int i)
{
	const unsigned char *p = arg_struct(d, i, 16, NULL);

	if (p)
		put_timespec(d, p);
}

/* A timespec the kernel fills: printed after success, else the pointer. */
static void
arg_ts_out(struct dec *d, int i)
{
	const unsigned char *p;

	if (!ok(d)) {
		arg_ptr(d, i);
		return;
	}
	p = arg_struct(d, i, 16, NULL);
	if (p)
		put_timespec(d, p);
}

/*
 * The remaining time the kernel writes when a signal cuts the sleep, as
 * strace shows it; otherwise (done, failed, or an absolute clock_nanosleep)
 * only the pointer.
 */
static void
arg_ts_rem(struct dec *d, int i, bool absolute)
{
	const unsigned char *p;

	if (!d->exited || absolute || (d->ev->ret != -516 && d->ev->ret != -EINTR)) {
		arg_ptr(d, i);
		return;
	}
	p = arg_struct(d, i, 16, NULL);
	if (p)
		put_timespec(d, p);
}

static void
d_nanosleep(struct dec *d)
{
	arg_ts(d, 0);
	arg_ts_rem(d, 1, false);
}

static const struct sl_xval timer_abstime[] = { { 1, "TIMER_ABSTIME" }, XEND };

static void
d_clock_nanosleep(struct dec *d)
{
	arg_clock(d, 0);
	arg_flags(d, 1, timer_abstime, "0");
	arg_ts(d, 2);
	arg_ts_rem(d, 3, d->ev->args[1] & 1 /* TIMER_ABSTIME */);
}

static void
d_clock_gettime(struct dec *d)
{
	arg_clock(d, 0);
	arg_ts_out(d, 1);
}

static void
d_clock_settime(struct dec *d)
{
	arg_clock(d, 0);
	arg_ts(d, 1);
}

static void
d_gettimeofday(struct dec *d)
{
	const unsigned char *p;

	if (!ok(d)) {
		arg_ptr(d, 0);
	} else {
		p = arg_struct(d, 0, 16, NULL);
		if (p)
			put_timeval(d, p);
	}
	arg_ptr(d, 1);
}

static void
d_time(struct dec *d)
{
	const unsigned char *p;

	if (!ok(d) || !dec_arg(d, 0)) {
		arg_ptr(d, 0);
		return;
	}
	p = arg_struct(d, 0, 8, NULL);
	if (p) {
		int64_t t;

		memcpy(&t, p, 8);
		dec_printf(d, "[%lld", (long long)t);
		put_time_comment(d, t, 0);
		dec_puts(d, "]");
	}
}

static void
r_time(struct dec *d)
{
	time_t t = (time_t)d->ev->ret;
	struct tm tm;
	char buf[64];

	if (!localtime_r(&t, &tm))
		return;
	strftime(buf, sizeof(buf), " (%Y-%m-%dT%H:%M:%S%z)", &tm);
	dec_puts(d, buf);
}

static const struct sl_xval itimers[] = {
	{ 0, "ITIMER_REAL" }, { 1, "ITIMER_VIRTUAL" }, { 2, "ITIMER_PROF" }, XEND
};

static void
put_itimerval(struct dec *d, const unsigned char *p)
{
	dec_puts(d, "{it_interval=");
	put_timeval(d, p);
	dec_puts(d, ", it_value=");
	put_timeval(d, p + 16);
	dec_puts(d, "}");
}

static void
put_itimerspec(struct dec *d, const unsigned char *p)
{
	dec_puts(d, "{it_interval=");
	put_timespec(d, p);
	dec_puts(d, ", it_value=");
	put_timespec(d, p + 16);
	dec_puts(d, "}");
}

/*
 * An interval timer argument (itimerval or itimerspec, 32 bytes either
 * way); an output one only when the call succeeded, else its address.
 */
static void
arg_itimer(struct dec *d, int i, bool out,
	   void (*put)(struct dec *, const unsigned char *))
{
	const unsigned char *p;

	if (out && !ok(d)) {
		arg_ptr(d, i);
		return;
	}
	p = arg_struct(d, i, 32, NULL);
	if (p)
		put(d, p);
}

static void
d_getitimer(struct dec *d)
{
	arg_xval(d, 0, itimers, "ITIMER_???");
	arg_itimer(d, 1, true, put_itimerval);
}

static void
d_setitimer(struct dec *d)
{
	arg_xval(d, 0, itimers, "ITIMER_???");
	arg_itimer(d, 1, false, put_itimerval);
	arg_itimer(d, 2, true, put_itimerval);
}

static const struct sl_xval tfd_set_flags[] = {
	{ 1, "TFD_TIMER_ABSTIME" }, { 2, "TFD_TIMER_CANCEL_ON_SET" }, XEND
};

static void
d_timerfd_settime(struct dec *d)
{
	arg_fd(d, 0);
	arg_flags(d, 1, tfd_set_flags, "0");
	arg_itimer(d, 2, false, put_itimerspec);
	arg_itimer(d, 3, true, put_itimerspec);
}

static void
d_timerfd_gettime(struct dec *d)
{
	arg_fd(d, 0);
	arg_itimer(d, 1, true, put_itimerspec);
}

static void
d_alarm(struct dec *d)
{
	arg_uint(d, 0);
}

/* --- futex --- */

static const struct sl_xval futex_ops[] = {
	{ 0, "FUTEX_WAIT" }, { 1, "FUTEX_WAKE" }, { 2, "FUTEX_FD" },
	{ 3, "FUTEX_REQUEUE" }, { 4, "FUTEX_CMP_REQUEUE" }, { 5, "FUTEX_WAKE_OP" },
	{ 6, "FUTEX_LOCK_PI" }, { 7, "FUTEX_UNLOCK_PI" },
	{ 8, "FUTEX_TRYLOCK_PI" }, { 9, "FUTEX_WAIT_BITSET" },
	{ 10, "FUTEX_WAKE_BITSET" }, { 11, "FUTEX_WAIT_REQUEUE_PI" },
	{ 12, "FUTEX_CMP_REQUEUE_PI" }, { 13, "FUTEX_LOCK_PI2" }, XEND
};
static const struct sl_xval futex_wake_ops[] = {
	{ 0, "FUTEX_OP_SET" }, { 1, "FUTEX_OP_ADD" }, { 2, "FUTEX_OP_OR" },
	{ 3, "FUTEX_OP_ANDN" }, { 4, "FUTEX_OP_XOR" }, XEND
};
static const struct sl_xval futex_cmps[] = {
	{ 0, "FUTEX_OP_CMP_EQ" }, { 1, "FUTEX_OP_CMP_NE" },
	{ 2, "FUTEX_OP_CMP_LT" }, { 3, "FUTEX_OP_CMP_LE" },
	{ 4, "FUTEX_OP_CMP_GT" }, { 5, "FUTEX_OP_CMP_GE" }, XEND
};

static void
put_bitset(struct dec *d, uint32_t v)
{
	if (v == 0xffffffffu)
		dec_puts(d, "FUTEX_BITSET_MATCH_ANY");
	else
		dec_printf(d, "%#x", v);
}

static void
d_futex(struct dec *d)
{
	uint32_t op = (uint32_t)dec_arg(d, 1);
	uint32_t cmd = op & 127;
	uint32_t val = (uint32_t)dec_arg(d, 2);
	uint32_t val3 = (uint32_t)dec_arg(d, 5);
	const char *n = xval_name(futex_ops, cmd);

	arg_ptr(d, 0);
	dec_sep(d);
	if (!n) {
		dec_printf(d, "%#x /* FUTEX_??? */", op);
		dec_printf(d, ", %u", val);
		arg_ptr(d, 3);
		arg_ptr(d, 4);
		dec_printf(d, ", %#x", val3);
		return;
	}
	dec_puts(d, n);
	if (op & 128)
		dec_puts(d, "_PRIVATE");
	if (op & 256)
		dec_puts(d, "|FUTEX_CLOCK_REALTIME");
	if (op & ~(127u | 128u | 256u))
		dec_printf(d, "|%#x", op & ~(127u | 128u | 256u));
	switch (cmd) {
	case 0:			/* WAIT */
		dec_printf(d, ", %u", val);
		arg_ts(d, 3);
		break;
	case 9:			/* WAIT_BITSET */
		dec_printf(d, ", %u", val);
		arg_ts(d, 3);
		dec_puts(d, ", ");
		put_bitset(d, val3);
		break;
	case 10:		/* WAKE_BITSET */
		dec_printf(d, ", %u, ", val);
		put_bitset(d, val3);
		break;
	case 1: case 2:		/* WAKE, FD */
		dec_printf(d, ", %u", val);
		break;
	case 3:			/* REQUEUE */
		dec_printf(d, ", %u, %u", val, (uint32_t)dec_arg(d, 3));
		arg_ptr(d, 4);
		break;
	case 4: case 12:	/* CMP_REQUEUE, CMP_REQUEUE_PI */
		dec_printf(d, ", %u, %u", val, (uint32_t)dec_arg(d, 3));
		arg_ptr(d, 4);
		dec_printf(d, ", %u", val3);
		break;
	case 5: {		/* WAKE_OP */
		unsigned wop = (val3 >> 28) & 7, cmp = (val3 >> 24) & 15;

		dec_printf(d, ", %u, %u", val, (uint32_t)dec_arg(d, 3));
		arg_ptr(d, 4);
		dec_puts(d, ", ");
		if (val3 & (8u << 28))
			dec_puts(d, "FUTEX_OP_OPARG_SHIFT<<28|");
		put_xval(d, wop, futex_wake_ops, NULL);
		dec_printf(d, "<<28|%#x<<12|", (val3 >> 12) & 0xfff);
		put_xval(d, cmp, futex_cmps, NULL);
		dec_printf(d, "<<24|%#x", val3 & 0xfff);
		break;
	}
	case 6: case 13:	/* LOCK_PI */
		arg_ts(d, 3);
		break;
	case 7: case 8:		/* UNLOCK_PI, TRYLOCK_PI */
		break;
	case 11:		/* WAIT_REQUEUE_PI */
		dec_printf(d, ", %u", val);
		arg_ts(d, 3);
		arg_ptr(d, 4);
		break;
	}
}

static void
d_sched_rr_get_interval(struct dec *d)
{
	arg_int(d, 0);
	arg_ts_out(d, 1);
}

static const struct sl_xval sigev_notifies[] = {
	{ 0, "SIGEV_SIGNAL" }, { 1, "SIGEV_NONE" }, { 2, "SIGEV_THREAD" },
	{ 4, "SIGEV_THREAD_ID" }, XEND
};

/*
 * struct sigevent as strace prints it: the value when it is not zero, the
 * signal by name when one is sent, the thread or function it goes to.
 */
static void
put_sigevent(struct dec *d, const unsigned char *p)
{
	int32_t signo, notify, tid;
	uint64_t val, fn, attr;

	memcpy(&val, p, 8);
	memcpy(&signo, p + 8, 4);
	memcpy(&notify, p + 12, 4);
	memcpy(&tid, p + 16, 4);
	memcpy(&fn, p + 16, 8);
	memcpy(&attr, p + 24, 8);
	dec_puts(d, "{");
	if (val) {
		dec_printf(d, "sigev_value={sival_int=%d, sival_ptr=", (int32_t)val);
		put_ptr(d, val);
		dec_puts(d, "}, ");
	}
	dec_puts(d, "sigev_signo=");
	if (notify == 0 || notify == 2 || notify == 4)	/* SIGNAL, THREAD, THREAD_ID */
		put_signame(d, signo);
	else
		dec_printf(d, "%u", (uint32_t)signo);
	dec_puts(d, ", sigev_notify=");
	put_xval(d, (uint32_t)notify, sigev_notifies, "SIGEV_???");
	if (notify == 4) {
		dec_printf(d, ", sigev_notify_thread_id=%d", tid);
	} else if (notify == 2) {
		dec_puts(d, ", sigev_notify_function=");
		put_ptr(d, fn);
		dec_puts(d, ", sigev_notify_attributes=");
		put_ptr(d, attr);
	}
	dec_puts(d, "}");
}

static void
d_timer_create(struct dec *d)
{
	const unsigned char *p;

	arg_clock(d, 0);
	p = arg_struct(d, 1, 32, NULL);
	if (p)
		put_sigevent(d, p);
	if (ok(d))
		arg_intp(d, 2);
	else
		arg_ptr(d, 2);
}

static void
d_timer_settime(struct dec *d)
{
	arg_int(d, 0);
	arg_flags(d, 1, timer_abstime, "0");
	arg_itimer(d, 2, false, put_itimerspec);
	arg_itimer(d, 3, true, put_itimerspec);
}

static void
d_timer_gettime(struct dec *d)
{
	arg_int(d, 0);
	arg_itimer(d, 1, true, put_itimerspec);
}

const struct dec_sys dec_time_table[] = {
	SYS("nanosleep", d_nanosleep, RV_DEC, NULL),
	SYS("clock_nanosleep", d_clock_nanosleep, RV_DEC, NULL),
	SYS("clock_gettime", d_clock_gettime, RV_DEC, NULL),
	SYS("clock_getres", d_clock_gettime, RV_DEC, NULL),
	SYS("clock_settime", d_clock_settime, RV_DEC, NULL),
	SYS("gettimeofday", d_gettimeofday, RV_DEC, NULL),
	SYS("time", d_time, RV_DEC, r_time),
	SYS("getitimer", d_getitimer, RV_DEC, NULL),
	SYS("setitimer", d_setitimer, RV_DEC, NULL),
	SYS("timerfd_settime", d_timerfd_settime, RV_DEC, NULL),
	SYS("timerfd_gettime", d_timerfd_gettime, RV_DEC, NULL),
	SYS("alarm", d_alarm, RV_DEC, NULL),
	SYS("futex", d_futex, RV_DEC, NULL),
	SYS("sched_rr_get_interval", d_sched_rr_get_interval, RV_DEC, NULL),
	SYS("timer_create", d_timer_create, RV_DEC, NULL),
	SYS("timer_settime", d_timer_settime, RV_DEC, NULL),
	SYS("timer_gettime", d_timer_gettime, RV_DEC, NULL),
	SYS_END
};
