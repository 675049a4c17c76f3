/*
 * process.c - decoders of the process syscalls: clone, clone3, wait4,
 * waitid, exit, resource limits, ids, namespaces.
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

const struct sl_xval dec_clone_flags[] = {
	{ 0x00000100, "CLONE_VM" }, { 0x00000200, "CLONE_FS" },
	{ 0x00000400, "CLONE_FILES" }, { 0x00000800, "CLONE_SIGHAND" },
	{ 0x00001000, "CLONE_PIDFD" }, { 0x00002000, "CLONE_PTRACE" },
	{ 0x00004000, "CLONE_VFORK" }, { 0x00008000, "CLONE_PARENT" },
	{ 0x00010000, "CLONE_THREAD" }, { 0x00020000, "CLONE_NEWNS" },
	{ 0x00040000, "CLONE_SYSVSEM" }, { 0x00080000, "CLONE_SETTLS" },
	{ 0x00100000, "CLONE_PARENT_SETTID" }, { 0x00200000, "CLONE_CHILD_CLEARTID" },
	{ 0x00400000, "CLONE_DETACHED" }, { 0x00800000, "CLONE_UNTRACED" },
	{ 0x01000000, "CLONE_CHILD_SETTID" }, { 0x02000000, "CLONE_NEWCGROUP" },
	{ 0x04000000, "CLONE_NEWUTS" }, { 0x08000000, "CLONE_NEWIPC" },
	{ 0x10000000, "CLONE_NEWUSER" }, { 0x20000000, "CLONE_NEWPID" },
	{ 0x40000000, "CLONE_NEWNET" }, { 0x80000000, "CLONE_IO" },
	{ 0x100000000ull, "CLONE_CLEAR_SIGHAND" },
	{ 0x200000000ull, "CLONE_INTO_CGROUP" }, { 0x80, "CLONE_NEWTIME" },
	XEND
};

static void
d_clone(struct dec *d)
{
	uint64_t fl = dec_arg(d, 0);
	uint64_t rest = fl & ~0xffull;
	unsigned sig = (unsigned)(fl & 0xff);

	dec_sep(d);
	dec_puts(d, "child_stack=");
	put_ptr(d, dec_arg(d, 1));
	dec_puts(d, ", flags=");
	if (rest)
		put_flags(d, rest, dec_clone_flags, "0");
	if (sig) {
		if (rest)
			dec_puts(d, "|");
		put_signame(d, (int)sig);
	}
	if (!rest && !sig)
		dec_puts(d, "0");
	if (fl & (0x00100000 | 0x00001000)) {
		dec_puts(d, ", parent_tid=");
		if (ok(d) && (fl & 0x00100000))
			dec_printf(d, "[%lld]", (long long)d->ev->ret);
		else
			put_ptr(d, dec_arg(d, 2));
	}
	if (fl & 0x00080000) {
		dec_puts(d, ", tls=");
		put_ptr(d, dec_arg(d, 4));
	}
	if (fl & (0x00200000 | 0x01000000)) {
		dec_puts(d, ", child_tidptr=");
		put_ptr(d, dec_arg(d, 3));
	}
}

static void
d_clone3(struct dec *d)
{
	size_t len = 0;
	const unsigned char *p = arg_struct(d, 0, 64, &len);
	uint64_t fl;

	if (p) {
		fl = u64at(p, 0);
		dec_puts(d, "{flags=");
		put_flags(d, fl, dec_clone_flags, "0");
		if (fl & 0x1000) {
			dec_puts(d, ", pidfd=");
			put_ptr(d, u64at(p, 8));
		}
		if (fl & (0x00200000 | 0x01000000)) {
			dec_puts(d, ", child_tid=");
			put_ptr(d, u64at(p, 16));
		}
		if (fl & 0x00100000) {
			dec_puts(d, ", parent_tid=");
			put_ptr(d, u64at(p, 24));
		}
		dec_puts(d, ", exit_signal=");
		if (u64at(p, 32))
			put_signame(d, (int)u64at(p, 32));
		else
			dec_puts(d, "0");
		dec_puts(d, ", stack=");
		put_ptr(d, u64at(p, 40));
		dec_printf(d, ", stack_size=%#llx", (unsigned long long)u64at(p, 48));
		if (fl & 0x00080000) {
			dec_puts(d, ", tls=");
			put_ptr(d, u64at(p, 56));
		}
		if (len >= 80 && (u64at(p, 64) || u64at(p, 72))) {
			dec_puts(d, ", set_tid=");
			put_ptr(d, u64at(p, 64));
			dec_printf(d, ", set_tid_size=%llu", (unsigned long long)u64at(p, 72));
		}
		if (len >= 88 && (fl & 0x200000000ull))
			dec_printf(d, ", cgroup=%llu", (unsigned long long)u64at(p, 80));
		dec_puts(d, "}");
		if (ok(d) && (fl & 0x00100000))
			dec_printf(d, " => {parent_tid=[%lld]}", (long long)d->ev->ret);
	}
	arg_ulong(d, 1);
}

static const struct sl_xval wait_opts[] = {
	{ 1, "WNOHANG" }, { 4, "WEXITED" }, { 2, "WSTOPPED" }, { 8, "WCONTINUED" },
	{ 0x1000000, "WNOWAIT" }, { 0x80000000u, "__WCLONE" },
	{ 0x40000000, "__WALL" }, { 0x20000000, "__WNOTHREAD" }, XEND
};

void
put_wait_status(struct dec *d, int s)
{
	const char *n;

	if ((s & 0x7f) == 0) {
		dec_printf(d, "[{WIFEXITED(s) && WEXITSTATUS(s) == %d}", (s >> 8) & 0xff);
	} else if ((s & 0xff) == 0x7f) {
		n = decode_signal_name((s >> 8) & 0xff);
		dec_puts(d, "[{WIFSTOPPED(s) && WSTOPSIG(s) == ");
		if (n)
			dec_puts(d, n);
		else
			dec_printf(d, "%d", (s >> 8) & 0xff);
		dec_puts(d, "}");
		if (s >> 16)
			dec_printf(d, " | PTRACE_EVENT_%d << 16", s >> 16);
		dec_puts(d, "]");
		return;
	} else if (s == 0xffff) {
		dec_puts(d, "[{WIFCONTINUED(s)}]");
		return;
	} else {
		n = decode_signal_name(s & 0x7f);
		dec_puts(d, "[{WIFSIGNALED(s) && WTERMSIG(s) == ");
		if (n)
			dec_puts(d, n);
		else
			dec_printf(d, "%d", s & 0x7f);
		if (s & 0x80)
			dec_puts(d, " && WCOREDUMP(s)");
		dec_puts(d, "}");
	}
	dec_puts(d, "]");
}

static void
put_rusage(struct dec *d, const unsigned char *p)
{
	dec_puts(d, "{ru_utime=");
	put_timeval(d, p);
	dec_puts(d, ", ru_stime=");
	put_timeval(d, p + 16);
	dec_puts(d, ", ...}");
}

static void
arg_rusage(struct dec *d, int i)
{
	const unsigned char *p;

	if (!ok(d)) {
		arg_ptr(d, i);
		return;
	}
	p = arg_struct(d, i, 144, NULL);
	if (p)
		put_rusage(d, p);
}

static void
d_wait4(struct dec *d)
{
	const unsigned char *p;

	arg_int(d, 0);
	if (ok(d) && d->ev->ret > 0 && (p = arg_struct(d, 1, 4, NULL))) {
		int32_t s;

		memcpy(&s, p, 4);
		put_wait_status(d, s);
	} else if (!(ok(d) && d->ev->ret > 0)) {
		arg_ptr(d, 1);
	}
	arg_flags(d, 2, wait_opts, "0");
	if (ok(d) && d->ev->ret > 0)
		arg_rusage(d, 3);
	else
		arg_ptr(d, 3);
}

static const struct sl_xval idtypes[] = {
	{ 0, "P_ALL" }, { 1, "P_PID" }, { 2, "P_PGID" }, { 3, "P_PIDFD" }, XEND
};

static void
d_waitid(struct dec *d)
{
	const unsigned char *p;

	arg_xval(d, 0, idtypes, "P_???");
	arg_int(d, 1);
	if (ok(d)) {
		p = arg_struct(d, 2, 48, NULL);
		if (p) {
			int32_t signo;

			memcpy(&signo, p, 4);
			if (signo)
				put_siginfo(d, p, 128);
			else
				dec_puts(d, "{}");
		}
	} else {
		arg_ptr(d, 2);
	}
	arg_flags(d, 3, wait_opts, "0");
	arg_rusage(d, 4);
}

static void
d_int1(struct dec *d)
{
	arg_int(d, 0);
}

static void
d_int2(struct dec *d)
{
	arg_int(d, 0);
	arg_int(d, 1);
}

static void
d_int3(struct dec *d)
{
	arg_int(d, 0);
	arg_int(d, 1);
	arg_int(d, 2);
}

static const struct sl_xval rlimits[] = {
	{ 0, "RLIMIT_CPU" }, { 1, "RLIMIT_FSIZE" }, { 2, "RLIMIT_DATA" },
	{ 3, "RLIMIT_STACK" }, { 4, "RLIMIT_CORE" }, { 5, "RLIMIT_RSS" },
	{ 6, "RLIMIT_NPROC" }, { 7, "RLIMIT_NOFILE" }, { 8, "RLIMIT_MEMLOCK" },
	{ 9, "RLIMIT_AS" }, { 10, "RLIMIT_LOCKS" }, { 11, "RLIMIT_SIGPENDING" },
	{ 12, "RLIMIT_MSGQUEUE" }, { 13, "RLIMIT_NICE" }, { 14, "RLIMIT_RTPRIO" },
	{ 15, "RLIMIT_RTTIME" }, XEND
};

static void
put_rlim(struct dec *d, uint64_t v, const char *inf)
{
	if (v == ~0ull)
		dec_puts(d, inf);
	else if (v > 1024 && v % 1024 == 0)
		dec_printf(d, "%llu*1024", (unsigned long long)(v / 1024));
	else
		dec_printf(d, "%llu", (unsigned long long)v);
}

static void
put_rlimit(struct dec *d, const unsigned char *p, const char *inf)
{
	dec_puts(d, "{rlim_cur=");
	put_rlim(d, u64at(p, 0), inf);
	dec_puts(d, ", rlim_max=");
	put_rlim(d, u64at(p, 8), inf);
	dec_puts(d, "}");
}

void
put_rlimit64(struct dec *d, const unsigned char *p)
{
	put_rlimit(d, p, "RLIM64_INFINITY");
}

static void
d_prlimit64(struct dec *d)
{
	const unsigned char *p;

	arg_int(d, 0);
	arg_xval(d, 1, rlimits, "RLIMIT_???");
	p = arg_struct(d, 2, 16, NULL);
	if (p)
		put_rlimit64(d, p);
	if (ok(d)) {
		p = arg_struct(d, 3, 16, NULL);
		if (p)
			put_rlimit64(d, p);
	} else {
		arg_ptr(d, 3);
	}
}

static void
d_getrlimit(struct dec *d)
{
	const unsigned char *p;

	arg_xval(d, 0, rlimits, "RLIMIT_???");
	if (!ok(d)) {
		arg_ptr(d, 1);
		return;
	}
	p = arg_struct(d, 1, 16, NULL);
	if (p)
		put_rlimit(d, p, "RLIM_INFINITY");
}

static void
d_setrlimit(struct dec *d)
{
	const unsigned char *p;

	arg_xval(d, 0, rlimits, "RLIMIT_???");
	p = arg_struct(d, 1, 16, NULL);
	if (p)
		put_rlimit(d, p, "RLIM_INFINITY");
}

static const struct sl_xval rusage_who[] = {
	{ 0, "RUSAGE_SELF" }, { (uint64_t)-1, "RUSAGE_CHILDREN" },
	{ 1, "RUSAGE_THREAD" }, XEND
};

static void
d_getrusage(struct dec *d)
{
	dec_sep(d);
	put_xval_dec(d, (int)dec_arg(d, 0), rusage_who, "RUSAGE_???");
	arg_rusage(d, 1);
}

static void
d_unshare(struct dec *d)
{
	arg_flags(d, 0, dec_clone_flags, "0");
}

static void
d_setns(struct dec *d)
{
	arg_fd(d, 0);
	arg_flags(d, 1, dec_clone_flags, "0");
}

/* getresuid's three out ints */
static void
d_getresuid(struct dec *d)
{
	for (int i = 0; i < 3; i++) {
		if (ok(d))
			arg_intp(d, i);
		else
			arg_ptr(d, i);
	}
}

static void
d_getgroups(struct dec *d)
{
	size_t len;
	const unsigned char *p;
	int n = ok(d) ? (int)d->ev->ret : 0;

	arg_int(d, 0);
	if (ok(d) && dec_arg(d, 1) && !dec_arg(d, 0)) {
		dec_sep(d);
		dec_puts(d, "[]");
		return;
	}
	if (!ok(d) || !dec_arg(d, 1) || !dec_arg(d, 0) ||
	    !(p = dec_data(d, 1, 0, 0, &len))) {
		arg_ptr(d, 1);
		return;
	}
	dec_sep(d);
	dec_puts(d, "[");
	for (int k = 0; k < n && (size_t)k * 4 + 4 <= len; k++) {
		uint32_t g;

		memcpy(&g, p + k * 4, 4);
		dec_printf(d, "%s%u", k ? ", " : "", g);
	}
	dec_puts(d, "]");
}

static void
d_setgroups(struct dec *d)
{
	size_t len;
	const unsigned char *p;
	int n = (int)dec_arg(d, 0);

	arg_int(d, 0);
	if (!dec_arg(d, 1) || !(p = dec_data(d, 1, 0, 0, &len))) {
		arg_ptr(d, 1);
		return;
	}
	dec_sep(d);
	dec_puts(d, "[");
	for (int k = 0; k < n && (size_t)k * 4 + 4 <= len; k++) {
		uint32_t g;

		memcpy(&g, p + k * 4, 4);
		dec_printf(d, "%s%u", k ? ", " : "", g);
	}
	dec_puts(d, "]");
}

static void
put_cpuset(struct dec *d, const unsigned char *p, size_t len)
{
	bool first = true;

	dec_puts(d, "[");
	for (size_t b = 0; b < len * 8; b++) {
		if (!((p[b / 8] >> (b % 8)) & 1))
			continue;
		dec_printf(d, "%s%zu", first ? "" : " ", b);
		first = false;
	}
	dec_puts(d, "]");
}

static void
d_sched_getaffinity(struct dec *d)
{
	size_t len;
	const unsigned char *p;

	arg_int(d, 0);
	arg_uint(d, 1);
	if (!ok(d) || !(p = dec_data(d, 2, 0, 1, &len))) {
		arg_ptr(d, 2);
		return;
	}
	dec_sep(d);
	if ((int64_t)len > d->ev->ret)
		len = (size_t)d->ev->ret;
	put_cpuset(d, p, len);
}

static void
d_sched_setaffinity(struct dec *d)
{
	size_t len;
	const unsigned char *p;

	arg_int(d, 0);
	arg_uint(d, 1);
	if (!(p = dec_data(d, 2, 0, 1, &len))) {
		arg_ptr(d, 2);
		return;
	}
	dec_sep(d);
	put_cpuset(d, p, len);
}

static const struct sl_xval policies[] = {
	{ 0, "SCHED_OTHER" }, { 1, "SCHED_FIFO" }, { 2, "SCHED_RR" },
	{ 3, "SCHED_BATCH" }, { 5, "SCHED_IDLE" }, { 6, "SCHED_DEADLINE" }, XEND
};

static void
r_policy(struct dec *d)
{
	const char *n = xval_name(policies, (uint64_t)d->ev->ret);

	if (n)
		dec_printf(d, " (%s)", n);
}

static const struct sl_xval prio_which[] = {
	{ 0, "PRIO_PROCESS" }, { 1, "PRIO_PGRP" }, { 2, "PRIO_USER" }, XEND
};

static void
d_getpriority(struct dec *d)
{
	arg_xval(d, 0, prio_which, "PRIO_???");
	arg_int(d, 1);
}

static void
d_setpriority(struct dec *d)
{
	d_getpriority(d);
	arg_int(d, 2);
}

static void
d_uint1(struct dec *d)
{
	arg_uint(d, 0);
}

static void
d_sched_getparam(struct dec *d)
{
	arg_int(d, 0);
	if (ok(d))
		arg_intp(d, 1);
	else
		arg_ptr(d, 1);
}

const struct dec_sys dec_process_table[] = {
	SYS("clone", d_clone, RV_DEC, NULL),
	SYS("clone3", d_clone3, RV_DEC, NULL),
	SYS("wait4", d_wait4, RV_DEC, NULL),
	SYS("waitid", d_waitid, RV_DEC, NULL),
	SYS("exit_group", d_int1, RV_NONE, NULL),
	SYS("exit", d_int1, RV_NONE, NULL),
	SYS("prlimit64", d_prlimit64, RV_DEC, NULL),
	SYS("getrlimit", d_getrlimit, RV_DEC, NULL),
	SYS("setrlimit", d_setrlimit, RV_DEC, NULL),
	SYS("getrusage", d_getrusage, RV_DEC, NULL),
	SYS("unshare", d_unshare, RV_DEC, NULL),
	SYS("setns", d_setns, RV_DEC, NULL),
	SYS("setuid", d_uint1, RV_DEC, NULL),
	SYS("setgid", d_uint1, RV_DEC, NULL),
	SYS("setfsuid", d_uint1, RV_DEC, NULL),
	SYS("setfsgid", d_uint1, RV_DEC, NULL),
	SYS("setreuid", d_int2, RV_DEC, NULL),
	SYS("setregid", d_int2, RV_DEC, NULL),
	SYS("setresuid", d_int3, RV_DEC, NULL),
	SYS("setresgid", d_int3, RV_DEC, NULL),
	SYS("getresuid", d_getresuid, RV_DEC, NULL),
	SYS("getresgid", d_getresuid, RV_DEC, NULL),
	SYS("getgroups", d_getgroups, RV_DEC, NULL),
	SYS("setgroups", d_setgroups, RV_DEC, NULL),
	SYS("setpgid", d_int2, RV_DEC, NULL),
	SYS("getpgid", d_int1, RV_DEC, NULL),
	SYS("getsid", d_int1, RV_DEC, NULL),
	SYS("sched_getaffinity", d_sched_getaffinity, RV_DEC, NULL),
	SYS("sched_setaffinity", d_sched_setaffinity, RV_DEC, NULL),
	SYS("sched_getscheduler", d_int1, RV_DEC, r_policy),
	SYS("sched_getparam", d_sched_getparam, RV_DEC, NULL),
	SYS("getpriority", d_getpriority, RV_DEC, NULL),
	SYS("setpriority", d_setpriority, RV_DEC, NULL),
	SYS_END
};
