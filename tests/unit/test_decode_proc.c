/*
 * test_decode_proc.c - process, signal, memory, time and system calls:
 * clone/clone3, wait4, rt_sigaction, sigsets, mmap, futex, prlimit64,
 * uname, prctl, capget...
 */
#include "decode_test.h"

static void
test_clone_wait(void **state)
{
	uint64_t ca[11] = { 0x3d0f00, 0, 0x7f10, 0x7f10, 0, 0x7f00, 0x7fff80, 0x7f20, 0, 0, 0 };
	int32_t st;

	(void)state;
	sys("clone", 8004, 0x1200000 | 17, 0, 0, 0x7f19, 0, 0);
	expect("clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f19) = 8004");
	sys("clone3", 8003, 0x1000, 88, 0, 0, 0, 0);
	pl(0, SL_CAP_STRUCT, ca, sizeof(ca) - 0);
	expect("clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|"
	       "CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7f10, parent_tid=0x7f10, exit_signal=0, "
	       "stack=0x7f00, stack_size=0x7fff80, tls=0x7f20} => {parent_tid=[8003]}, 88) = 8003");
	sys("vfork", 9, 0, 0, 0, 0, 0, 0);
	expect("vfork() = 9");

	st = 3 << 8;
	sys("wait4", 8004, 8004, 0x1000, 0, 0, 0, 0);
	pl_part(1, SL_CAP_INTP, 0, SL_PLF_EXIT, &st, 4);
	expect("wait4(8004, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = 8004");
	st = 9;
	sys("wait4", 8005, (uint64_t)-1, 0x1000, 1 | 0x40000000, 0, 0, 0);
	pl_part(1, SL_CAP_INTP, 0, SL_PLF_EXIT, &st, 4);
	expect("wait4(-1, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}], WNOHANG|__WALL, NULL) = 8005");
	st = 11 | 0x80;
	sys("wait4", 8006, (uint64_t)-1, 0x1000, 0, 0, 0, 0);
	pl_part(1, SL_CAP_INTP, 0, SL_PLF_EXIT, &st, 4);
	expect("wait4(-1, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV && WCOREDUMP(s)}], 0, NULL) = 8006");
	sys("wait4", -10, (uint64_t)-1, 0x7ffe, 1, 0, 0, 0);
	expect("wait4(-1, 0x7ffe, WNOHANG, NULL) = -1 ECHILD (No child processes)");
	sys("exit_group", 0, 0, 0, 0, 0, 0, 0);
	expect("exit_group(0) = ?");
	sys("kill", 0, 8005, 9, 0, 0, 0, 0);
	expect("kill(8005, SIGKILL) = 0");
	sys("kill", -3, 99999999, 0, 0, 0, 0, 0);
	expect("kill(99999999, 0) = -1 ESRCH (No such process)");
	sys("tgkill", -3, 99999999, 5, 34, 0, 0, 0);
	expect("tgkill(99999999, 5, SIGRT_2) = -1 ESRCH (No such process)");
}

static void
test_signals(void **state)
{
	uint64_t act[4] = { 0x5615b49f, 0x04000000 | 0x10000000, 0x7f6d4690, 0 };
	uint64_t old[4] = { 0, 0, 0, 0 };
	uint64_t mask = ~((1ull << 31) | (1ull << 32));
	uint64_t set = (1ull << 9) | (1ull << 14) | (1ull << 33);

	(void)state;
	act[3] = mask;
	sys("rt_sigaction", 0, 2, 0x1000, 0x2000, 8, 0, 0);
	pl(1, SL_CAP_STRUCT, act, sizeof(act));
	pl_part(2, SL_CAP_STRUCT, 0, SL_PLF_EXIT, old, sizeof(old));
	expect("rt_sigaction(SIGINT, {sa_handler=0x5615b49f, sa_mask=~[RTMIN RT_1], sa_flags=SA_RESTORER|SA_RESTART, "
	       "sa_restorer=0x7f6d4690}, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8) = 0");
	sys("rt_sigaction", 0, 17, 0, 0x2000, 8, 0, 0);
	old[0] = 1;
	old[1] = 0xffffffff;
	pl_part(2, SL_CAP_STRUCT, 0, SL_PLF_EXIT, old, sizeof(old));
	expect("rt_sigaction(SIGCHLD, NULL, {sa_handler=SIG_IGN, sa_mask=[], sa_flags=SA_RESTORER|SA_ONSTACK|"
	       "SA_RESTART|SA_INTERRUPT|SA_NODEFER|SA_RESETHAND|SA_SIGINFO|SA_NOCLDSTOP|SA_NOCLDWAIT|0x3fffff8, sa_restorer=NULL}, 8) = 0");
	sys("rt_sigprocmask", 0, 0, 0x1000, 0x2000, 8, 0, 0);
	pl(1, SL_CAP_STRUCT, &set, 8);
	mask = ~((1ull << 8) | (1ull << 18));
	pl_part(2, SL_CAP_STRUCT, 0, SL_PLF_EXIT, &mask, 8);
	expect("rt_sigprocmask(SIG_BLOCK, [USR1 TERM RT_2], ~[KILL STOP], 8) = 0");
	sys("rt_sigprocmask", 0, 7, 0, 0, 8, 0, 0);
	expect("rt_sigprocmask(0x7 /* SIG_??? */, NULL, NULL, 8) = 0");
	mask = 1ull << 1;
	sys("rt_sigreturn", 0, 0, 0, 0, 0, 0, 0);
	pl(0, SL_CAP_SIGMASK_SP, &mask, 8);
	expect("rt_sigreturn({mask=[INT]}) = 0");
	sys("rt_sigreturn", 0, 0, 0, 0, 0, 0, 0);
	expect("rt_sigreturn() = 0");
	/* restart_syscall: args[0] = 1 + the call it resumes, 0 unknown */
	sys("restart_syscall", 0,
	    (uint64_t)syscall_lookup(SL_ARCH_X86_64, "clock_nanosleep") + 1, 0, 0, 0, 0, 0);
	expect("restart_syscall(<... resuming interrupted clock_nanosleep ...>) = 0");
	sys("restart_syscall", -516, 0, 0, 0, 0, 0, 0);
	expect("restart_syscall(<... resuming interrupted call ...>) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)");
	sys("restart_syscall", 0, 5000, 0, 0, 0, 0, 0);
	expect("restart_syscall(<... resuming interrupted call ...>) = 0");
}

static void
test_memory(void **state)
{
	(void)state;
	sys("mmap", 0x7f6d46ab4000, 0, 8192, 3, 0x22, (uint64_t)-1, 0);
	expect("mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f6d46ab4000");
	sys("mmap", 0x7f6d468ed000, 0x7f6d468ed000, 1400832, 5, 0x812, 3, 0x26000);
	expect("mmap(0x7f6d468ed000, 1400832, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, 0x26000) = 0x7f6d468ed000");
	sys("mmap", -9, 0, 4096, 0, 3, (uint64_t)-1, 0);
	expect("mmap(NULL, 4096, PROT_NONE, MAP_SHARED_VALIDATE, -1, 0) = -1 EBADF (Bad file descriptor)");
	sys("mprotect", 0, 0, 0, 0x1000000f, 0, 0, 0);
	expect("mprotect(NULL, 0, PROT_READ|PROT_WRITE|PROT_EXEC|PROT_SEM|0x10000000) = 0");
	sys("brk", 0x5615def1c000, 0, 0, 0, 0, 0, 0);
	expect("brk(NULL) = 0x5615def1c000");
	sys("madvise", -22, 0, 4096, 1000, 0, 0, 0);
	expect("madvise(NULL, 4096, 0x3e8 /* MADV_??? */) = -1 EINVAL (Invalid argument)");
	sys("munmap", 0, 0x7f6d46aa9000, 43831, 0, 0, 0, 0);
	expect("munmap(0x7f6d46aa9000, 43831) = 0");
}

static void
test_time_futex(void **state)
{
	int64_t ts[2] = { 0, 10000000 };

	(void)state;
	sys("clock_nanosleep", 0, 0, 0, 0x1000, 0x7ffc, 0, 0);
	pl(2, SL_CAP_STRUCT, ts, sizeof(ts));
	expect("clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=10000000}, 0x7ffc) = 0");
	sys("clock_gettime", -22, 99, 0, 0, 0, 0, 0);
	expect("clock_gettime(0x63 /* CLOCK_??? */, NULL) = -1 EINVAL (Invalid argument)");
	sys("futex", 0, 0x7f0e, 0x81, 2147483647, 0, 0, 0);
	expect("futex(0x7f0e, FUTEX_WAKE_PRIVATE, 2147483647) = 0");
	sys("futex", 0, 0x7f19, 0x109, 8003, 0, 0, 0xffffffff);
	expect("futex(0x7f19, FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME, 8003, NULL, FUTEX_BITSET_MATCH_ANY) = 0");
	sys("futex", -110, 0x7ffe, 0, 0, 0x1000, 0, 0);
	ts[1] = 1000;
	pl(3, SL_CAP_STRUCT, ts, sizeof(ts));
	expect("futex(0x7ffe, FUTEX_WAIT, 0, {tv_sec=0, tv_nsec=1000}) = -1 ETIMEDOUT (Connection timed out)");
	sys("futex", -38, 0, 999, 1, 0, 0, 0);
	expect("futex(NULL, 0x3e7 /* FUTEX_??? */, 1, NULL, NULL, 0) = -1 ENOSYS (Function not implemented)");
	sys("nanosleep", -516, 0x1000, 0x2000, 0, 0, 0, 0);
	ts[0] = 5;
	ts[1] = 0;
	pl(0, SL_CAP_STRUCT, ts, sizeof(ts));
	expect("nanosleep({tv_sec=5, tv_nsec=0}, 0x2000) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)");
	/* cut by a signal: the remaining time the kernel wrote */
	{
		int64_t rem[2] = { 3, 250 };

		sys("nanosleep", -516, 0x1000, 0x2000, 0, 0, 0, 0);
		pl(0, SL_CAP_STRUCT, ts, sizeof(ts));
		pl_part(1, SL_CAP_STRUCT, 0, SL_PLF_EXIT, rem, sizeof(rem));
		expect("nanosleep({tv_sec=5, tv_nsec=0}, {tv_sec=3, tv_nsec=250}) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)");
		sys("clock_nanosleep", -516, 1, 0, 0x1000, 0x2000, 0, 0);
		pl(2, SL_CAP_STRUCT, ts, sizeof(ts));
		pl_part(3, SL_CAP_STRUCT, 0, SL_PLF_EXIT, rem, sizeof(rem));
		expect("clock_nanosleep(CLOCK_MONOTONIC, 0, {tv_sec=5, tv_nsec=0}, {tv_sec=3, tv_nsec=250}) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)");
		/* absolute: the kernel writes nothing back */
		sys("clock_nanosleep", -514, 1, 1, 0x1000, 0x2000, 0, 0);
		pl(2, SL_CAP_STRUCT, ts, sizeof(ts));
		pl_part(3, SL_CAP_STRUCT, 0, SL_PLF_EXIT, rem, sizeof(rem));
		expect("clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, {tv_sec=5, tv_nsec=0}, 0x2000) = ? ERESTARTNOHAND (To be restarted if no handler)");
		/* done: only the pointer, as strace */
		sys("nanosleep", 0, 0x1000, 0x2000, 0, 0, 0, 0);
		pl(0, SL_CAP_STRUCT, ts, sizeof(ts));
		expect("nanosleep({tv_sec=5, tv_nsec=0}, 0x2000) = 0");
	}
}

/* Interval timers and sigevents, as strace prints them. */
static void
test_timers(void **state)
{
	int64_t its[4] = { 0, 0, 1, 500 };
	int64_t itv[4] = { 0, 0, 0, 0 };
	unsigned char sev[64] = { 0 };
	int32_t v;
	uint64_t u;

	(void)state;
	sys("timerfd_settime", 0, 3, 1, 0x1000, 0x2000, 0, 0);
	pl(2, SL_CAP_STRUCT, its, sizeof(its));
	pl_part(3, SL_CAP_STRUCT, 0, SL_PLF_EXIT, itv, sizeof(itv));
	expect("timerfd_settime(3, TFD_TIMER_ABSTIME, {it_interval={tv_sec=0, tv_nsec=0}, it_value={tv_sec=1, tv_nsec=500}}, {it_interval={tv_sec=0, tv_nsec=0}, it_value={tv_sec=0, tv_nsec=0}}) = 0");
	/* failed: the output is only an address */
	sys("timer_gettime", -22, (uint64_t)-1, 0x2000, 0, 0, 0, 0);
	expect("timer_gettime(-1, 0x2000) = -1 EINVAL (Invalid argument)");
	sys("setitimer", 0, 1, 0x1000, 0, 0, 0, 0);
	pl(1, SL_CAP_STRUCT, its, sizeof(its));
	expect("setitimer(ITIMER_VIRTUAL, {it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=1, tv_usec=500}}, NULL) = 0");
	/* SIGEV_NONE: the signal number as a number */
	v = 1;
	memcpy(sev + 12, &v, 4);
	sys("timer_create", 0, 1, 0x1000, 0x2000, 0, 0, 0);
	pl(1, SL_CAP_STRUCT, sev, sizeof(sev));
	v = 0;
	pl_part(2, SL_CAP_INTP, 0, SL_PLF_EXIT, &v, 4);
	expect("timer_create(CLOCK_MONOTONIC, {sigev_signo=0, sigev_notify=SIGEV_NONE}, [0]) = 0");
	/* a value and a signal; a thread with its function */
	u = 42;
	memcpy(sev, &u, 8);
	v = 12;
	memcpy(sev + 8, &v, 4);
	v = 2;
	memcpy(sev + 12, &v, 4);
	u = 0x401000;
	memcpy(sev + 16, &u, 8);
	sys("timer_create", -22, 0, 0x1000, 0x2000, 0, 0, 0);
	pl(1, SL_CAP_STRUCT, sev, sizeof(sev));
	expect("timer_create(CLOCK_REALTIME, {sigev_value={sival_int=42, sival_ptr=0x2a}, sigev_signo=SIGUSR2, sigev_notify=SIGEV_THREAD, sigev_notify_function=0x401000, sigev_notify_attributes=NULL}, 0x2000) = -1 EINVAL (Invalid argument)");
	v = 4;
	memcpy(sev + 12, &v, 4);
	v = 4242;
	memcpy(sev + 16, &v, 4);
	sys("timer_create", -22, 0, 0x1000, 0x2000, 0, 0, 0);
	pl(1, SL_CAP_STRUCT, sev, sizeof(sev));
	expect("timer_create(CLOCK_REALTIME, {sigev_value={sival_int=42, sival_ptr=0x2a}, sigev_signo=SIGUSR2, sigev_notify=SIGEV_THREAD_ID, sigev_notify_thread_id=4242}, 0x2000) = -1 EINVAL (Invalid argument)");
}

static void
test_system(void **state)
{
	unsigned char u[390] = { 0 };
	uint64_t rl[2] = { 8192 * 1024, ~0ull };
	uint32_t hdr[2] = { 0x20080522, 0 }, caps[6] = { 0x21, 0x21, 0, 0, 0, 0 };
	unsigned char rnd[8] = { 0x67, 0x79, 0x57, 0x1a, 0x61, 0x49, 0xac, 0x92 };

	(void)state;
	memcpy(u, "Linux", 5);
	memcpy(u + 65, "vm", 2);
	sys("uname", 0, 0x1000, 0, 0, 0, 0, 0);
	pl(0, SL_CAP_STRUCT, u, sizeof(u));
	expect("uname({sysname=\"Linux\", nodename=\"vm\", ...}) = 0");
	sys("prlimit64", 0, 0, 3, 0, 0x1000, 0, 0);
	pl(3, SL_CAP_STRUCT, rl, sizeof(rl));
	expect("prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}) = 0");
	sys("prlimit64", -22, 0, 99, 0, 0, 0, 0);
	expect("prlimit64(0, 0x63 /* RLIMIT_??? */, NULL, NULL) = -1 EINVAL (Invalid argument)");
	sys("getrandom", 8, 0x1000, 8, 1, 0, 0, 0);
	pl(0, SL_CAP_BUF, rnd, sizeof(rnd));
	expect("getrandom(\"\\x67\\x79\\x57\\x1a\\x61\\x49\\xac\\x92\", 8, GRND_NONBLOCK) = 8");
	sys("capget", 0, 0x1000, 0x2000, 0, 0, 0, 0);
	pl(0, SL_CAP_STRUCT, hdr, sizeof(hdr));
	pl_part(1, SL_CAP_STRUCT, 0, SL_PLF_EXIT, caps, sizeof(caps));
	expect("capget({version=_LINUX_CAPABILITY_VERSION_3, pid=0}, {effective=1<<CAP_CHOWN|1<<CAP_KILL, "
	       "permitted=1<<CAP_CHOWN|1<<CAP_KILL, inheritable=0}) = 0");
	sys("prctl", 0, 15, 0x1000, 0, 0, 0, 0);
	pl(1, SL_CAP_STR, "probe2", 6);
	expect("prctl(PR_SET_NAME, \"probe2\") = 0");
	sys("prctl", 1, 3, 0, 0, 0, 0, 0);
	expect("prctl(PR_GET_DUMPABLE) = 1 (SUID_DUMP_USER)");
	sys("prctl", -22, 999, 1, 2, 3, 4, 0);
	expect("prctl(0x3e7 /* PR_??? */, 0x1, 0x2, 0x3, 0x4) = -1 EINVAL (Invalid argument)");
	sys("arch_prctl", 0, 0x1002, 0x7f6d468c4740, 0, 0, 0, 0);
	expect("arch_prctl(ARCH_SET_FS, 0x7f6d468c4740) = 0");
	sys("arch_prctl", -22, 0x3001, 0, 0, 0, 0, 0);
	expect("arch_prctl(0x3001 /* ARCH_??? */, 0) = -1 EINVAL (Invalid argument)");
	sys("rseq", 0, 0x7f6d468c5060, 0x20, 0, 0x53053053, 0, 0);
	expect("rseq(0x7f6d468c5060, 0x20, 0, 0x53053053) = 0");
	sys("set_tid_address", 9929, 0x7f6d468c4a10, 0, 0, 0, 0, 0);
	expect("set_tid_address(0x7f6d468c4a10) = 9929");
	sys("getuid", 0, 0, 0, 0, 0, 0, 0);
	expect("getuid() = 0");
	sys("getgroups", 0, 0, 0x1000, 0, 0, 0, 0);
	expect("getgroups(0, []) = 0");
	sys("getgroups", 0, 0, 0, 0, 0, 0, 0);
	expect("getgroups(0, NULL) = 0");
	{
		unsigned char sev[64] = { 0 };
		int32_t signo = 14, zero = 0;

		memcpy(sev + 8, &signo, 4);
		sys("timer_create", 0, 0, 0x1000, 0x2000, 0, 0, 0);
		pl(1, SL_CAP_STRUCT, sev, sizeof(sev));
		pl_part(2, SL_CAP_INTP, 0, SL_PLF_EXIT, &zero, 4);
		expect("timer_create(CLOCK_REALTIME, {sigev_signo=SIGALRM, sigev_notify=SIGEV_SIGNAL}, [0]) = 0");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clone_wait),
		cmocka_unit_test(test_signals),
		cmocka_unit_test(test_memory),
		cmocka_unit_test(test_time_futex),
		cmocka_unit_test(test_timers),
		cmocka_unit_test(test_system),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
