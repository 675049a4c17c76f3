/*
 * capture.c - the capture table: what each syscall argument points to and
 * when collectors read it.  Indexed by syscall name so that one table
 * serves every arch.  The decoders in src/decode/ read exactly these
 * payloads, so an entry here and its decoder change together.
 */
#include <pthread.h>
#include <string.h>

#include "syslens/capture.h"
#include "syslens/syscalls.h"

#define NONE_		{ SL_CAP_NONE, 0, 0, 0, 0 }
#define STR_IN		{ SL_CAP_STR, SL_AT_ENTRY, SL_LEN_NONE, 0, 0 }
#define STR_OUT		{ SL_CAP_STR, SL_AT_EXIT, SL_LEN_NONE, 0, 0 }
#define FD		{ SL_CAP_FD, SL_AT_ENTRY, SL_LEN_NONE, 0, 0 }
#define BUF_IN(n)	{ SL_CAP_BUF, SL_AT_ENTRY, (n), 0, 0 }
#define BUF_OUT		{ SL_CAP_BUF, SL_AT_EXIT, SL_LEN_RET, 0, 0 }
#define BUF_OUTN(n)	{ SL_CAP_BUF, SL_AT_EXIT, (n), 0, 0 }
#define BUF_OUT_BIG(sz)	{ SL_CAP_BUF, SL_AT_EXIT, SL_LEN_RET, 0, (sz) }
#define IN(sz)		{ SL_CAP_STRUCT, SL_AT_ENTRY, SL_LEN_NONE, 0, (sz) }
#define OUT(sz)		{ SL_CAP_STRUCT, SL_AT_EXIT, SL_LEN_NONE, 0, (sz) }
#define OUT_CUT(sz)	{ SL_CAP_STRUCT, SL_AT_EXIT | SL_AT_CUT, SL_LEN_NONE, 0, (sz) }
#define BOTH(sz)	{ SL_CAP_STRUCT, SL_AT_BOTH, SL_LEN_NONE, 0, (sz) }
#define ARR_IN(n, sz)	{ SL_CAP_ARRAY, SL_AT_ENTRY, (n), 0, (sz) }
#define ARR_BOTH(n, sz)	{ SL_CAP_ARRAY, SL_AT_BOTH, (n), 0, (sz) }
#define POLLFDS(n)	{ SL_CAP_ARRAY, SL_AT_BOTH, (n), SL_CAPF_FDS, 8 }
#define FDSET		{ SL_CAP_STRUCT, SL_AT_BOTH, SL_LEN_NONE, SL_CAPF_FDSET, 128 }
#define ARR_RET(sz)	{ SL_CAP_ARRAY, SL_AT_EXIT, SL_LEN_RET, 0, (sz) }
#define SA_IN(n)	{ SL_CAP_SOCKADDR, SL_AT_ENTRY, (n), 0, 0 }
#define SA_OUT(n)	{ SL_CAP_SOCKADDR_P, SL_AT_EXIT, (n), 0, 0 }
#define INTP_BOTH	{ SL_CAP_INTP, SL_AT_BOTH, SL_LEN_NONE, 0, 4 }
#define INTP_OUT	{ SL_CAP_INTP, SL_AT_EXIT, SL_LEN_NONE, 0, 4 }
#define INTP_IN		{ SL_CAP_INTP, SL_AT_ENTRY, SL_LEN_NONE, 0, 4 }
#define LONGP_BOTH	{ SL_CAP_INTP, SL_AT_BOTH, SL_LEN_NONE, 0, 8 }
#define STRV_IN		{ SL_CAP_STRV, SL_AT_ENTRY, SL_LEN_NONE, 0, 0 }
#define STRVN_IN	{ SL_CAP_STRV_COUNT, SL_AT_ENTRY, SL_LEN_NONE, 0, 0 }
#define IOV_IN(n)	{ SL_CAP_IOV, SL_AT_ENTRY, (n), 0, 0 }
#define IOV_OUT(n)	{ SL_CAP_IOV, SL_AT_EXIT, (n), 0, 0 }
#define MSG_IN		{ SL_CAP_MSGHDR, SL_AT_ENTRY, SL_LEN_NONE, 0, 0 }
#define MSG_OUT		{ SL_CAP_MSGHDR, SL_AT_EXIT, SL_LEN_NONE, 0, 0 }
#define FDPAIR		{ SL_CAP_FDPAIR, SL_AT_EXIT, SL_LEN_NONE, 0, 8 }
#define SIGMASK_SP	{ SL_CAP_SIGMASK_SP, SL_AT_ENTRY, SL_LEN_NONE, 0, 296 }

/* struct sizes, x86_64 */
#define SZ_STAT		144
#define SZ_STATX	256
#define SZ_TS		16	/* timespec, timeval, itimerspec half */
#define SZ_ITS		32	/* itimerspec, itimerval */
#define SZ_RLIM		16
#define SZ_SIGACT	32	/* kernel struct sigaction */
#define SZ_SIGSET	8
#define SZ_UTS		390
#define SZ_SYSINFO	112
#define SZ_TERMIOS	36	/* kernel struct termios (TCGETS) */
#define SZ_CLONE_ARGS	88
#define SZ_POLLFD	8
#define SZ_EPOLL_EV	12
#define SZ_FDSET	128
#define SZ_RUSAGE	144
#define SZ_STATFS	120
#define SZ_CAPHDR	8
#define SZ_CAPDATA	24
#define SZ_SIGINFO	128
#define SZ_STACK	24
#define SZ_TIMEX	208
#define SZ_SCHED_ATTR	56
#define SZ_OPEN_HOW	24
#define SZ_TMS		32
#define SZ_CPUSET	128
#define SZ_FLOCK	32

struct cap_named {
	const char *name;
	struct sl_cap_entry e;
};

#define E(n, ret, ...)	{ n, { { __VA_ARGS__ }, ret } }

static const struct cap_named cap_table[] = {
	/* file */
	E("open", 1, STR_IN),
	E("openat", 1, FD, STR_IN),
	E("openat2", 1, FD, STR_IN, IN(SZ_OPEN_HOW)),
	E("creat", 1, STR_IN),
	E("stat", 0, STR_IN, OUT(SZ_STAT)),
	E("lstat", 0, STR_IN, OUT(SZ_STAT)),
	E("fstat", 0, FD, OUT(SZ_STAT)),
	E("newfstatat", 0, FD, STR_IN, OUT(SZ_STAT)),
	E("statx", 0, FD, STR_IN, NONE_, NONE_, OUT(SZ_STATX)),
	E("statfs", 0, STR_IN, OUT(SZ_STATFS)),
	E("fstatfs", 0, FD, OUT(SZ_STATFS)),
	E("access", 0, STR_IN),
	E("faccessat", 0, FD, STR_IN),
	E("faccessat2", 0, FD, STR_IN),
	E("readlink", 0, STR_IN, BUF_OUT),
	E("readlinkat", 0, FD, STR_IN, BUF_OUT),
	E("rename", 0, STR_IN, STR_IN),
	E("renameat", 0, FD, STR_IN, FD, STR_IN),
	E("renameat2", 0, FD, STR_IN, FD, STR_IN),
	E("link", 0, STR_IN, STR_IN),
	E("linkat", 0, FD, STR_IN, FD, STR_IN),
	E("symlink", 0, STR_IN, STR_IN),
	E("symlinkat", 0, STR_IN, FD, STR_IN),
	E("unlink", 0, STR_IN),
	E("unlinkat", 0, FD, STR_IN),
	E("mkdir", 0, STR_IN),
	E("mkdirat", 0, FD, STR_IN),
	E("rmdir", 0, STR_IN),
	E("mknod", 0, STR_IN),
	E("mknodat", 0, FD, STR_IN),
	E("chdir", 0, STR_IN),
	E("fchdir", 0, FD),
	E("chroot", 0, STR_IN),
	E("chmod", 0, STR_IN),
	E("fchmod", 0, FD),
	E("fchmodat", 0, FD, STR_IN),
	E("chown", 0, STR_IN),
	E("lchown", 0, STR_IN),
	E("fchown", 0, FD),
	E("fchownat", 0, FD, STR_IN),
	E("truncate", 0, STR_IN),
	E("ftruncate", 0, FD),
	E("utime", 0, STR_IN, IN(SZ_TS)),
	E("utimes", 0, STR_IN, IN(SZ_ITS)),
	E("utimensat", 0, FD, STR_IN, IN(SZ_ITS)),
	E("futimesat", 0, FD, STR_IN, IN(SZ_ITS)),
	E("getcwd", 0, STR_OUT),
	E("getxattr", 0, STR_IN, STR_IN, BUF_OUT),
	E("lgetxattr", 0, STR_IN, STR_IN, BUF_OUT),
	E("fgetxattr", 0, FD, STR_IN, BUF_OUT),
	E("setxattr", 0, STR_IN, STR_IN, BUF_IN(3)),
	E("lsetxattr", 0, STR_IN, STR_IN, BUF_IN(3)),
	E("fsetxattr", 0, FD, STR_IN, BUF_IN(3)),
	E("listxattr", 0, STR_IN, BUF_OUT),
	E("llistxattr", 0, STR_IN, BUF_OUT),
	E("flistxattr", 0, FD, BUF_OUT),
	E("inotify_add_watch", 0, FD, STR_IN),
	E("mount", 0, STR_IN, STR_IN, STR_IN),
	E("umount2", 0, STR_IN),
	E("swapon", 0, STR_IN),
	E("swapoff", 0, STR_IN),
	E("acct", 0, STR_IN),
	E("execve", 0, STR_IN, STRV_IN, STRVN_IN),
	E("execveat", 0, FD, STR_IN, STRV_IN, STRVN_IN),
	E("memfd_create", 1, STR_IN),

	/* desc */
	E("read", 0, FD, BUF_OUT),
	E("write", 0, FD, BUF_IN(2)),
	E("pread64", 0, FD, BUF_OUT),
	E("pwrite64", 0, FD, BUF_IN(2)),
	E("readv", 0, FD, IOV_OUT(2)),
	E("writev", 0, FD, IOV_IN(2)),
	E("preadv", 0, FD, IOV_OUT(2)),
	E("pwritev", 0, FD, IOV_IN(2)),
	E("preadv2", 0, FD, IOV_OUT(2)),
	E("pwritev2", 0, FD, IOV_IN(2)),
	E("close", 0, FD),
	E("lseek", 0, FD),
	E("dup", 1, FD),
	E("dup2", 1, FD, FD),
	E("dup3", 1, FD, FD),
	E("fcntl", 1, FD, NONE_, IN(SZ_FLOCK)),
	E("ioctl", 0, FD, NONE_, BOTH(SZ_TERMIOS)),
	E("pipe", 0, FDPAIR),
	E("pipe2", 0, FDPAIR),
	E("getdents64", 0, FD, BUF_OUT_BIG(12288)),
	E("getdents", 0, FD, BUF_OUT_BIG(12288)),
	E("fsync", 0, FD),
	E("fdatasync", 0, FD),
	E("flock", 0, FD),
	E("fadvise64", 0, FD),
	E("fallocate", 0, FD),
	E("readahead", 0, FD),
	E("sync_file_range", 0, FD),
	E("syncfs", 0, FD),
	E("sendfile", 0, FD, FD, LONGP_BOTH),
	E("copy_file_range", 0, FD, LONGP_BOTH, FD, LONGP_BOTH),
	E("splice", 0, FD, LONGP_BOTH, FD, LONGP_BOTH),
	E("tee", 0, FD, FD),
	E("poll", 0, POLLFDS(1)),
	E("ppoll", 0, POLLFDS(1), NONE_, BOTH(SZ_TS), IN(SZ_SIGSET)),
	E("select", 0, NONE_, FDSET, FDSET, FDSET, BOTH(SZ_TS)),
	E("pselect6", 0, NONE_, FDSET, FDSET, FDSET, BOTH(SZ_TS), IN(16)),
	E("epoll_create", 1),
	E("epoll_create1", 1),
	E("epoll_ctl", 0, FD, NONE_, FD, IN(SZ_EPOLL_EV)),
	E("epoll_wait", 0, FD, ARR_RET(SZ_EPOLL_EV)),
	E("epoll_pwait", 0, FD, ARR_RET(SZ_EPOLL_EV), NONE_, NONE_, IN(SZ_SIGSET)),
	E("epoll_pwait2", 0, FD, ARR_RET(SZ_EPOLL_EV), NONE_, IN(SZ_TS), IN(SZ_SIGSET)),
	E("eventfd", 1),
	E("eventfd2", 1),
	E("signalfd4", 1, FD, IN(SZ_SIGSET)),
	E("timerfd_create", 1),
	E("timerfd_settime", 0, FD, NONE_, IN(SZ_ITS), OUT(SZ_ITS)),
	E("timerfd_gettime", 0, FD, OUT(SZ_ITS)),
	E("inotify_init1", 1),
	E("pidfd_open", 1),
	E("close_range", 0),

	/* network */
	E("socket", 1),
	E("socketpair", 0, NONE_, NONE_, NONE_, FDPAIR),
	E("connect", 0, FD, SA_IN(2)),
	E("bind", 0, FD, SA_IN(2)),
	E("listen", 0, FD),
	E("accept", 1, FD, SA_OUT(2), INTP_BOTH),
	E("accept4", 1, FD, SA_OUT(2), INTP_BOTH),
	E("getsockname", 0, FD, SA_OUT(2), INTP_BOTH),
	E("getpeername", 0, FD, SA_OUT(2), INTP_BOTH),
	E("sendto", 0, FD, BUF_IN(2), NONE_, NONE_, SA_IN(5)),
	E("recvfrom", 0, FD, BUF_OUT, NONE_, NONE_, SA_OUT(5), INTP_BOTH),
	E("sendmsg", 0, FD, MSG_IN),
	E("recvmsg", 0, FD, MSG_OUT),
	E("shutdown", 0, FD),
	E("setsockopt", 0, FD, NONE_, NONE_, BUF_IN(4)),
	E("getsockopt", 0, FD, NONE_, NONE_, BUF_OUTN(4), INTP_BOTH),

	/* process */
	E("clone3", 0, IN(SZ_CLONE_ARGS)),
	E("wait4", 0, NONE_, INTP_OUT, NONE_, OUT(SZ_RUSAGE)),
	E("waitid", 0, NONE_, NONE_, OUT(SZ_SIGINFO), NONE_, OUT(SZ_RUSAGE)),
	E("prlimit64", 0, NONE_, NONE_, IN(SZ_RLIM), OUT(SZ_RLIM)),
	E("getrlimit", 0, NONE_, OUT(SZ_RLIM)),
	E("setrlimit", 0, NONE_, IN(SZ_RLIM)),
	E("getrusage", 0, NONE_, OUT(SZ_RUSAGE)),
	E("uname", 0, OUT(SZ_UTS)),
	E("sysinfo", 0, OUT(SZ_SYSINFO)),
	E("times", 0, OUT(SZ_TMS)),
	E("capget", 0, BOTH(SZ_CAPHDR), OUT(SZ_CAPDATA)),
	E("capset", 0, IN(SZ_CAPHDR), IN(SZ_CAPDATA)),
	E("prctl", 0, NONE_, { SL_CAP_STR, SL_AT_BOTH, SL_LEN_NONE, 0, 0 }),
	E("getcpu", 0, INTP_OUT),
	E("sched_getparam", 0, NONE_, INTP_OUT),
	E("sched_getaffinity", 0, NONE_, NONE_, BUF_OUT),
	E("sched_setaffinity", 0, NONE_, NONE_, BUF_IN(1)),
	E("getresuid", 0, INTP_OUT, INTP_OUT, INTP_OUT),
	E("getresgid", 0, INTP_OUT, INTP_OUT, INTP_OUT),
	E("getgroups", 0, NONE_, BUF_OUTN(0)),
	E("setgroups", 0, NONE_, BUF_IN(0)),
	E("getrandom", 0, BUF_OUT),
	E("set_robust_list", 0),
	E("sethostname", 0, BUF_IN(1)),
	E("setdomainname", 0, BUF_IN(1)),
	E("sched_setscheduler", 0, NONE_, NONE_, INTP_IN),
	E("inotify_rm_watch", 0, FD),
	E("pidfd_send_signal", 0, FD),

	/* signal */
	E("rt_sigaction", 0, NONE_, IN(SZ_SIGACT), OUT(SZ_SIGACT)),
	E("rt_sigprocmask", 0, NONE_, IN(SZ_SIGSET), OUT(SZ_SIGSET)),
	E("rt_sigpending", 0, OUT(SZ_SIGSET)),
	E("rt_sigsuspend", 0, IN(SZ_SIGSET)),
	E("rt_sigtimedwait", 0, IN(SZ_SIGSET), OUT(SZ_SIGINFO), IN(SZ_TS)),
	E("rt_sigqueueinfo", 0, NONE_, NONE_, IN(SZ_SIGINFO)),
	E("rt_tgsigqueueinfo", 0, NONE_, NONE_, NONE_, IN(SZ_SIGINFO)),
	E("rt_sigreturn", 0, SIGMASK_SP),
	E("sigaltstack", 0, IN(SZ_STACK), OUT(SZ_STACK)),

	/* time */
	E("nanosleep", 0, IN(SZ_TS), OUT_CUT(SZ_TS)),
	E("clock_nanosleep", 0, NONE_, NONE_, IN(SZ_TS), OUT_CUT(SZ_TS)),
	E("clock_gettime", 0, NONE_, OUT(SZ_TS)),
	E("clock_getres", 0, NONE_, OUT(SZ_TS)),
	E("clock_settime", 0, NONE_, IN(SZ_TS)),
	E("gettimeofday", 0, OUT(SZ_TS)),
	E("settimeofday", 0, IN(SZ_TS)),
	E("time", 0, { SL_CAP_INTP, SL_AT_EXIT, SL_LEN_NONE, 0, 8 }),
	E("getitimer", 0, NONE_, OUT(SZ_ITS)),
	E("setitimer", 0, NONE_, IN(SZ_ITS), OUT(SZ_ITS)),
	E("timer_create", 0, NONE_, IN(64), INTP_OUT),
	E("timer_settime", 0, NONE_, NONE_, IN(SZ_ITS), OUT(SZ_ITS)),
	E("timer_gettime", 0, NONE_, OUT(SZ_ITS)),
	E("futex", 0, NONE_, NONE_, NONE_, IN(SZ_TS)),
	E("sched_rr_get_interval", 0, NONE_, OUT(SZ_TS)),
	E("adjtimex", 0, BOTH(SZ_TIMEX)),

	/* memory */
	E("mmap", 0, NONE_, NONE_, NONE_, NONE_, FD),
	E("mincore", 0),
};

#undef E

static struct sl_cap_entry by_nr[SL_ARCH_COUNT][SL_NR_MAX];
static pthread_once_t built = PTHREAD_ONCE_INIT;

static void
capture_build(void)
{
	static const uint32_t arches[SL_ARCH_COUNT] = { SL_ARCH_X86_64, SL_ARCH_I386 };

	for (int a = 0; a < SL_ARCH_COUNT; a++)
		for (size_t i = 0; i < sizeof(cap_table) / sizeof(cap_table[0]); i++) {
			int nr = syscall_lookup(arches[a], cap_table[i].name);

			if (nr >= 0)
				by_nr[a][nr] = cap_table[i].e;
		}
}

const struct sl_cap_entry *
capture_lookup(uint32_t arch, uint32_t nr)
{
	static const struct sl_cap_entry none;
	int a = syscall_arch_index(arch);

	pthread_once(&built, capture_build);
	if (a < 0 || nr >= SL_NR_MAX)
		return &none;
	return &by_nr[a][nr];
}
