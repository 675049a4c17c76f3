/*
 * misc.c - decoders of the system-information and per-thread setup
 * syscalls: uname, sysinfo, getrandom, prctl, capget, arch_prctl, rseq.
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

static uint32_t
u32at(const unsigned char *p, size_t off)
{
	uint32_t v;

	memcpy(&v, p + off, 4);
	return v;
}

static void
put_field(struct dec *d, const char *name, const unsigned char *p, bool first)
{
	size_t n = strnlen((const char *)p, 65);

	dec_printf(d, "%s%s=", first ? "" : ", ", name);
	put_quoted(d, p, n, n, false);
}

static void
d_uname(struct dec *d)
{
	const unsigned char *p;

	if (!ok(d)) {
		arg_ptr(d, 0);
		return;
	}
	p = arg_struct(d, 0, 390, NULL);
	if (!p)
		return;
	dec_puts(d, "{");
	put_field(d, "sysname", p, true);
	put_field(d, "nodename", p + 65, false);
	dec_puts(d, ", ...}");
}

static void
d_sysinfo(struct dec *d)
{
	const unsigned char *p;
	uint16_t procs;

	if (!ok(d)) {
		arg_ptr(d, 0);
		return;
	}
	p = arg_struct(d, 0, 108, NULL);
	if (!p)
		return;
	memcpy(&procs, p + 80, 2);
	dec_printf(d, "{uptime=%lld, loads=[%llu, %llu, %llu], totalram=%llu, "
		   "freeram=%llu, sharedram=%llu, bufferram=%llu, totalswap=%llu, "
		   "freeswap=%llu, procs=%u, totalhigh=%llu, freehigh=%llu, "
		   "mem_unit=%u}",
		   (long long)u64at(p, 0), (unsigned long long)u64at(p, 8),
		   (unsigned long long)u64at(p, 16), (unsigned long long)u64at(p, 24),
		   (unsigned long long)u64at(p, 32), (unsigned long long)u64at(p, 40),
		   (unsigned long long)u64at(p, 48), (unsigned long long)u64at(p, 56),
		   (unsigned long long)u64at(p, 64), (unsigned long long)u64at(p, 72),
		   procs, (unsigned long long)u64at(p, 88),
		   (unsigned long long)u64at(p, 96), u32at(p, 104));
}

static void
d_times(struct dec *d)
{
	const unsigned char *p;

	if (!ok(d)) {
		arg_ptr(d, 0);
		return;
	}
	p = arg_struct(d, 0, 32, NULL);
	if (p) {
		dec_puts(d, "{tms_utime=");
		put_clock_t(d, (int64_t)u64at(p, 0));
		dec_puts(d, ", tms_stime=");
		put_clock_t(d, (int64_t)u64at(p, 8));
		dec_puts(d, ", tms_cutime=");
		put_clock_t(d, (int64_t)u64at(p, 16));
		dec_puts(d, ", tms_cstime=");
		put_clock_t(d, (int64_t)u64at(p, 24));
		dec_puts(d, "}");
	}
}

static const struct sl_xval grnd_flags[] = {
	{ 1, "GRND_NONBLOCK" }, { 2, "GRND_RANDOM" }, { 4, "GRND_INSECURE" }, XEND
};

static void
d_getrandom(struct dec *d)
{
	if (ok(d))
		arg_buf_hex(d, 0, (uint64_t)d->ev->ret);
	else
		arg_ptr(d, 0);
	arg_ulong(d, 1);
	arg_flags(d, 2, grnd_flags, "0");
}

static const char *const cap_names[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
	"CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP",
	"CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST",
	"CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
	"CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
	"CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
	"CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD",
	"CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
	"CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
	"CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
	"CAP_CHECKPOINT_RESTORE",
};

static void
put_cap(struct dec *d, uint64_t c)
{
	if (c < ARRAY_SIZE(cap_names))
		dec_puts(d, cap_names[c]);
	else
		dec_printf(d, "%#llx /* CAP_??? */", (unsigned long long)c);
}

static void
put_capset(struct dec *d, uint64_t v)
{
	bool first = true;

	if (!v) {
		dec_puts(d, "0");
		return;
	}
	for (unsigned b = 0; b < 64; b++) {
		if (!((v >> b) & 1))
			continue;
		if (!first)
			dec_puts(d, "|");
		first = false;
		if (b < ARRAY_SIZE(cap_names))
			dec_printf(d, "1<<%s", cap_names[b]);
		else
			dec_printf(d, "1<<%u", b);
	}
}

static const struct sl_xval cap_versions[] = {
	{ 0x19980330, "_LINUX_CAPABILITY_VERSION_1" },
	{ 0x20071026, "_LINUX_CAPABILITY_VERSION_2" },
	{ 0x20080522, "_LINUX_CAPABILITY_VERSION_3" }, XEND
};

static void
put_caphdr(struct dec *d, const unsigned char *p)
{
	dec_puts(d, "{version=");
	put_xval(d, u32at(p, 0), cap_versions, "_LINUX_CAPABILITY_VERSION_???");
	dec_printf(d, ", pid=%d}", (int32_t)u32at(p, 4));
}

static void
put_capdata(struct dec *d, const unsigned char *p, size_t len)
{
	uint64_t e = u32at(p, 0), pe = u32at(p, 4), in = u32at(p, 8);

	if (len >= 24) {
		e |= (uint64_t)u32at(p, 12) << 32;
		pe |= (uint64_t)u32at(p, 16) << 32;
		in |= (uint64_t)u32at(p, 20) << 32;
	}
	dec_puts(d, "{effective=");
	put_capset(d, e);
	dec_puts(d, ", permitted=");
	put_capset(d, pe);
	dec_puts(d, ", inheritable=");
	put_capset(d, in);
	dec_puts(d, "}");
}

static void
d_capget(struct dec *d)
{
	size_t len;
	const unsigned char *p;

	dec_sep(d);
	p = dec_arg(d, 0) ? dec_data_at(d, 0, 0, false, 8, NULL) : NULL;
	if (p)
		put_caphdr(d, p);
	else
		put_ptr(d, dec_arg(d, 0));
	if (!ok(d)) {
		arg_ptr(d, 1);
		return;
	}
	p = arg_struct(d, 1, 12, &len);
	if (p)
		put_capdata(d, p, len);
}

static void
d_capset(struct dec *d)
{
	size_t len;
	const unsigned char *p = arg_struct(d, 0, 8, NULL);

	if (p)
		put_caphdr(d, p);
	p = arg_struct(d, 1, 12, &len);
	if (p)
		put_capdata(d, p, len);
}

static const struct sl_xval arch_codes[] = {
	{ 0x1001, "ARCH_SET_GS" }, { 0x1002, "ARCH_SET_FS" },
	{ 0x1003, "ARCH_GET_FS" }, { 0x1004, "ARCH_GET_GS" },
	{ 0x1011, "ARCH_GET_CPUID" }, { 0x1012, "ARCH_SET_CPUID" },
	{ 0x1021, "ARCH_GET_XCOMP_SUPP" }, { 0x1022, "ARCH_GET_XCOMP_PERM" },
	{ 0x1023, "ARCH_REQ_XCOMP_PERM" }, { 0x2001, "ARCH_MAP_VDSO_X32" },
	{ 0x2002, "ARCH_MAP_VDSO_32" }, { 0x2003, "ARCH_MAP_VDSO_64" }, XEND
};

static void
d_arch_prctl(struct dec *d)
{
	arg_xval(d, 0, arch_codes, "ARCH_???");
	arg_hex(d, 1);
}

static void
d_set_tid_address(struct dec *d)
{
	arg_ptr(d, 0);
}

static void
d_set_robust_list(struct dec *d)
{
	arg_ptr(d, 0);
	arg_ulong(d, 1);
}

static void
d_get_robust_list(struct dec *d)
{
	arg_int(d, 0);
	arg_ptr(d, 1);
	arg_ptr(d, 2);
}

static void
d_rseq(struct dec *d)
{
	arg_ptr(d, 0);
	arg_hex(d, 1);
	arg_int(d, 2);
	arg_hex(d, 3);
}

static void
d_getcpu(struct dec *d)
{
	if (ok(d))
		arg_intp(d, 0);
	else
		arg_ptr(d, 0);
	arg_ptr(d, 1);
	arg_ptr(d, 2);
}

/* --- prctl --- */

static const struct sl_xval prctl_opts[] = {
	{ 1, "PR_SET_PDEATHSIG" }, { 2, "PR_GET_PDEATHSIG" },
	{ 3, "PR_GET_DUMPABLE" }, { 4, "PR_SET_DUMPABLE" },
	{ 5, "PR_GET_UNALIGN" }, { 6, "PR_SET_UNALIGN" },
	{ 7, "PR_GET_KEEPCAPS" }, { 8, "PR_SET_KEEPCAPS" },
	{ 9, "PR_GET_FPEMU" }, { 10, "PR_SET_FPEMU" },
	{ 11, "PR_GET_FPEXC" }, { 12, "PR_SET_FPEXC" },
	{ 13, "PR_GET_TIMING" }, { 14, "PR_SET_TIMING" },
	{ 15, "PR_SET_NAME" }, { 16, "PR_GET_NAME" },
	{ 19, "PR_GET_ENDIAN" }, { 20, "PR_SET_ENDIAN" },
	{ 21, "PR_GET_SECCOMP" }, { 22, "PR_SET_SECCOMP" },
	{ 23, "PR_CAPBSET_READ" }, { 24, "PR_CAPBSET_DROP" },
	{ 25, "PR_GET_TSC" }, { 26, "PR_SET_TSC" },
	{ 27, "PR_GET_SECUREBITS" }, { 28, "PR_SET_SECUREBITS" },
	{ 29, "PR_SET_TIMERSLACK" }, { 30, "PR_GET_TIMERSLACK" },
	{ 31, "PR_TASK_PERF_EVENTS_DISABLE" }, { 32, "PR_TASK_PERF_EVENTS_ENABLE" },
	{ 33, "PR_MCE_KILL" }, { 34, "PR_MCE_KILL_GET" }, { 35, "PR_SET_MM" },
	{ 36, "PR_SET_CHILD_SUBREAPER" }, { 37, "PR_GET_CHILD_SUBREAPER" },
	{ 38, "PR_SET_NO_NEW_PRIVS" }, { 39, "PR_GET_NO_NEW_PRIVS" },
	{ 40, "PR_GET_TID_ADDRESS" }, { 41, "PR_SET_THP_DISABLE" },
	{ 42, "PR_GET_THP_DISABLE" }, { 45, "PR_SET_FP_MODE" },
	{ 46, "PR_GET_FP_MODE" }, { 47, "PR_CAP_AMBIENT" },
	{ 50, "PR_SVE_SET_VL" }, { 51, "PR_SVE_GET_VL" },
	{ 52, "PR_GET_SPECULATION_CTRL" }, { 53, "PR_SET_SPECULATION_CTRL" },
	{ 59, "PR_SET_SYSCALL_USER_DISPATCH" }, { 62, "PR_SCHED_CORE" },
	{ 0x59616d61, "PR_SET_PTRACER" }, { 0x53564d41, "PR_SET_VMA" }, XEND
};
static const struct sl_xval seccomp_modes[] = {
	{ 0, "SECCOMP_MODE_DISABLED" }, { 1, "SECCOMP_MODE_STRICT" },
	{ 2, "SECCOMP_MODE_FILTER" }, XEND
};
static const struct sl_xval dumpables[] = {
	{ 0, "SUID_DUMP_DISABLE" }, { 1, "SUID_DUMP_USER" }, { 2, "SUID_DUMP_ROOT" },
	XEND
};

static void
d_prctl(struct dec *d)
{
	uint32_t opt = (uint32_t)dec_arg(d, 0);

	dec_sep(d);
	if (!xval_name(prctl_opts, opt)) {
		dec_printf(d, "%#x /* PR_??? */", opt);
		for (int i = 1; i < 5; i++)
			arg_hex(d, i);
		return;
	}
	put_xval(d, opt, prctl_opts, NULL);
	switch (opt) {
	case 1:		/* PR_SET_PDEATHSIG */
		dec_sep(d);
		if (dec_arg(d, 1))
			put_signame(d, (int)dec_arg(d, 1));
		else
			dec_puts(d, "0");
		break;
	case 15:	/* PR_SET_NAME */
		arg_str(d, 1);
		break;
	case 16:	/* PR_GET_NAME */
		if (ok(d)) {
			const unsigned char *p = dec_data_at(d, 1, 0, true, 0, NULL);
			size_t len = 0;

			if (p) {
				dec_data_at(d, 1, 0, true, 0, &len);
				dec_sep(d);
				put_quoted(d, p, strnlen((const char *)p, len), 16, false);
				break;
			}
		}
		arg_ptr(d, 1);
		break;
	case 22:	/* PR_SET_SECCOMP */
		arg_xval(d, 1, seccomp_modes, "SECCOMP_MODE_???");
		if (dec_arg(d, 1) == 2)
			arg_ptr(d, 2);
		break;
	case 23: case 24:	/* PR_CAPBSET_* */
		dec_sep(d);
		put_cap(d, dec_arg(d, 1));
		break;
	case 4: case 8: case 36: case 41: case 29:
		arg_ulong(d, 1);
		break;
	case 2: case 37:
		arg_ptr(d, 1);
		break;
	case 38:	/* PR_SET_NO_NEW_PRIVS */
		for (int i = 1; i < 5; i++)
			arg_ulong(d, i);
		break;
	case 39:
		for (int i = 1; i < 5; i++)
			arg_ulong(d, i);
		break;
	case 0x59616d61:
		dec_sep(d);
		if ((int64_t)dec_arg(d, 1) == -1)
			dec_puts(d, "PR_SET_PTRACER_ANY");
		else
			dec_printf(d, "%d", (int)dec_arg(d, 1));
		break;
	case 3: case 7: case 21: case 30: case 42: case 46: case 19:
	case 27: case 25:
		break;
	default:
		for (int i = 1; i < 5; i++)
			arg_hex(d, i);
	}
}

static void
r_prctl(struct dec *d)
{
	if ((uint32_t)dec_arg(d, 0) == 3) {
		const char *n = xval_name(dumpables, (uint64_t)d->ev->ret);

		if (n)
			dec_printf(d, " (%s)", n);
	}
}

static void
d_personality(struct dec *d)
{
	arg_hex(d, 0);
}

static void
d_int1(struct dec *d)
{
	arg_int(d, 0);
}

static void
d_inotify_rm_watch(struct dec *d)
{
	arg_fd(d, 0);
	arg_int(d, 1);
}

static const struct sl_xval sched_policies[] = {
	{ 0, "SCHED_OTHER" }, { 1, "SCHED_FIFO" }, { 2, "SCHED_RR" },
	{ 3, "SCHED_BATCH" }, { 5, "SCHED_IDLE" }, { 6, "SCHED_DEADLINE" }, XEND
};

static void
d_sched_prio(struct dec *d)
{
	dec_sep(d);
	put_xval_dec(d, (int)dec_arg(d, 0), sched_policies, "SCHED_???");
}

static void
d_sched_setscheduler(struct dec *d)
{
	arg_int(d, 0);
	dec_sep(d);
	put_xval_dec(d, (int)dec_arg(d, 1), sched_policies, "SCHED_???");
	if (ok(d) || dec_data(d, 2, 0, 4, NULL))
		arg_intp(d, 2);
	else
		arg_ptr(d, 2);
}

static const struct sl_xval mount_flags[] = {
	{ 1, "MS_RDONLY" }, { 2, "MS_NOSUID" }, { 4, "MS_NODEV" },
	{ 8, "MS_NOEXEC" }, { 16, "MS_SYNCHRONOUS" }, { 32, "MS_REMOUNT" },
	{ 64, "MS_MANDLOCK" }, { 128, "MS_DIRSYNC" }, { 256, "MS_NOSYMFOLLOW" },
	{ 1024, "MS_NOATIME" }, { 2048, "MS_NODIRATIME" }, { 4096, "MS_BIND" },
	{ 8192, "MS_MOVE" }, { 16384, "MS_REC" }, { 32768, "MS_SILENT" },
	{ 1 << 16, "MS_POSIXACL" }, { 1 << 17, "MS_UNBINDABLE" },
	{ 1 << 18, "MS_PRIVATE" }, { 1 << 19, "MS_SLAVE" }, { 1 << 20, "MS_SHARED" },
	{ 1 << 21, "MS_RELATIME" }, { 1 << 22, "MS_KERNMOUNT" },
	{ 1 << 23, "MS_I_VERSION" }, { 1 << 24, "MS_STRICTATIME" },
	{ 1 << 25, "MS_LAZYTIME" }, XEND
};

static void
d_mount(struct dec *d)
{
	arg_str(d, 0);
	arg_path(d, 1);
	arg_str(d, 2);
	arg_flags(d, 3, mount_flags, "0");
	arg_ptr(d, 4);
}

static void
d_sethostname(struct dec *d)
{
	arg_buf(d, 0, dec_arg(d, 1));
	arg_uint(d, 1);
}

static void
d_pidfd_send_signal(struct dec *d)
{
	arg_fd(d, 0);
	dec_sep(d);
	if (dec_arg(d, 1))
		put_signame(d, (int)dec_arg(d, 1));
	else
		dec_puts(d, "0");
	arg_ptr(d, 2);
	arg_uint(d, 3);
}

/* The call it resumes, as the collector saw it cut (event.h); "call" when unknown. */
static void
d_restart_syscall(struct dec *d)
{
	const char *name = NULL;

	if (d->ev->args[0] && d->ev->args[0] <= 4096)
		name = syscall_name(d->ev->arch, (uint32_t)d->ev->args[0] - 1);
	dec_printf(d, "<... resuming interrupted %s ...>", name ? name : "call");
}

const struct dec_sys dec_misc_table[] = {
	SYS("restart_syscall", d_restart_syscall, RV_DEC, NULL),
	SYS("inotify_rm_watch", d_inotify_rm_watch, RV_DEC, NULL),
	SYS("timer_delete", d_int1, RV_DEC, NULL),
	SYS("timer_getoverrun", d_int1, RV_DEC, NULL),
	SYS("sched_get_priority_max", d_sched_prio, RV_DEC, NULL),
	SYS("sched_get_priority_min", d_sched_prio, RV_DEC, NULL),
	SYS("sched_setscheduler", d_sched_setscheduler, RV_DEC, NULL),
	SYS("mount", d_mount, RV_DEC, NULL),
	SYS("sethostname", d_sethostname, RV_DEC, NULL),
	SYS("setdomainname", d_sethostname, RV_DEC, NULL),
	SYS("pidfd_send_signal", d_pidfd_send_signal, RV_DEC, NULL),
	SYS("uname", d_uname, RV_DEC, NULL),
	SYS("sysinfo", d_sysinfo, RV_DEC, NULL),
	SYS("times", d_times, RV_DEC, NULL),
	SYS("getrandom", d_getrandom, RV_DEC, NULL),
	SYS("capget", d_capget, RV_DEC, NULL),
	SYS("capset", d_capset, RV_DEC, NULL),
	SYS("arch_prctl", d_arch_prctl, RV_DEC, NULL),
	SYS("set_tid_address", d_set_tid_address, RV_DEC, NULL),
	SYS("set_robust_list", d_set_robust_list, RV_DEC, NULL),
	SYS("get_robust_list", d_get_robust_list, RV_DEC, NULL),
	SYS("rseq", d_rseq, RV_DEC, NULL),
	SYS("getcpu", d_getcpu, RV_DEC, NULL),
	SYS("prctl", d_prctl, RV_DEC, r_prctl),
	SYS("personality", d_personality, RV_HEX, NULL),
	SYS_END
};
