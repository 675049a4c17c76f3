/* test_decode.c - quoting, errno and signal names, return values, process events. */
#include "decode_test.h"

static void
quote(const char *s, size_t len, size_t max, bool trunc, const char *want)
{
	struct sl_strbuf sb = SL_STRBUF_INIT;

	decode_quote(&sb, (const unsigned char *)s, len, max, trunc);
	assert_string_equal(strbuf_str(&sb), want);
	strbuf_free(&sb);
}

static void
test_quote(void **state)
{
	(void)state;
	quote("hello", 5, 32, false, "\"hello\"");
	quote("a\"b\\c", 5, 32, false, "\"a\\\"b\\\\c\"");
	quote("\t\n\v\f\r", 5, 32, false, "\"\\t\\n\\v\\f\\r\"");
	/* octal: shortest form, three digits before an octal digit */
	quote("\0\0011\033[31m\177", 9, 32, false, "\"\\0\\0011\\33[31m\\177\"");
	quote("\x01" "8", 2, 32, false, "\"\\18\"");
	/* invalid UTF-8 and 8-bit bytes never go out raw */
	quote("\xc3\xa9\xff", 3, 32, false, "\"\\303\\251\\377\"");
	/* -s cuts and marks the cut */
	quote("abcdef", 6, 4, false, "\"abcd\"...");
	quote("abcd", 4, 4, true, "\"abcd\"...");
	quote("abcd", 4, 4, false, "\"abcd\"");
	quote("", 0, 32, false, "\"\"");
	/* the digit rule looks at the next printed byte only */
	quote("\0011", 2, 1, false, "\"\\1\"...");
}

static void
test_errno(void **state)
{
	(void)state;
	assert_string_equal(decode_errno_name(2), "ENOENT");
	assert_string_equal(decode_errno_name(11), "EAGAIN");
	assert_string_equal(decode_errno_name(95), "EOPNOTSUPP");
	assert_string_equal(decode_errno_name(512), "ERESTARTSYS");
	assert_string_equal(decode_errno_name(516), "ERESTART_RESTARTBLOCK");
	assert_null(decode_errno_name(4000));
	assert_null(decode_errno_name(0));
	assert_string_equal(decode_errno_text(2), "No such file or directory");
	assert_string_equal(decode_errno_text(512), "To be restarted if SA_RESTART is set");
	assert_string_equal(decode_signal_name(9), "SIGKILL");
	assert_string_equal(decode_signal_name(17), "SIGCHLD");
	assert_string_equal(decode_signal_name(32), "SIGRTMIN");
	assert_string_equal(decode_signal_name(34), "SIGRT_2");
	assert_string_equal(decode_signal_name(64), "SIGRT_32");
	assert_null(decode_signal_name(0));
	assert_null(decode_signal_name(65));
}

static void
test_retvals(void **state)
{
	(void)state;
	sys("close", -9, 1234, 0, 0, 0, 0, 0);
	expect("close(1234) = -1 EBADF (Bad file descriptor)");
	sys("close", -4000, 3, 0, 0, 0, 0, 0);
	expect("close(3) = -1 ERRNO_4000 (Unknown error 4000)");
	sys("pause", -514, 0, 0, 0, 0, 0, 0);
	expect("pause() = ? ERESTARTNOHAND (To be restarted if no handler)");
	sys("pause", -512, 0, 0, 0, 0, 0, 0);
	expect("pause() = ? ERESTARTSYS (To be restarted if SA_RESTART is set)");
	sys("pause", -516, 0, 0, 0, 0, 0, 0);
	expect("pause() = ? ERESTART_RESTARTBLOCK (Interrupted by signal)");
	sys("exit_group", 0, 0, 0, 0, 0, 0, 0);
	tb.ev.flags |= SL_EVF_NOEXIT;
	expect("exit_group(0) = ?");
	sys("pause", 0, 0, 0, 0, 0, 0, 0);
	tb.ev.flags |= SL_EVF_NOEXIT | SL_EVF_DETACHED;
	expect("pause() = ? <detached ...>");
	sys("getpid", 1234, 0, 0, 0, 0, 0, 0);
	expect("getpid() = 1234");
}

static void
test_unknown_syscall(void **state)
{
	(void)state;
	event_init(&tb, SL_EV_SYSCALL);
	tb.ev.arch = SL_ARCH_X86_64;
	tb.ev.nr = 0x1ff;
	tb.ev.args[0] = 1;
	tb.ev.args[1] = 0xdeadbeef;
	tb.ev.ret = -38;
	expect("syscall_0x1ff(0x1, 0xdeadbeef, 0, 0, 0, 0) = -1 ENOSYS (Function not implemented)");
	/* an unknown arch decodes the same, never crashes */
	tb.ev.arch = 0x1234;
	tb.ev.nr = 0;
	expect("syscall_0(0x1, 0xdeadbeef, 0, 0, 0, 0) = -1 ENOSYS (Function not implemented)");
}

static void
test_i386(void **state)
{
	(void)state;
	/* a 32-bit call: same names where they match, args zero-extended */
	event_init(&tb, SL_EV_SYSCALL);
	tb.ev.arch = SL_ARCH_I386;
	tb.ev.nr = 5;		/* open */
	tb.ev.args[0] = 0x1000;
	tb.ev.args[1] = 02000000;
	tb.ev.ret = 3;
	event_add_payload(&tb, 0, SL_CAP_STR, 0, 0, "/etc/passwd", 11);
	expect("open(\"/etc/passwd\", O_RDONLY|O_CLOEXEC) = 3");
	tb.ev.nr = 295;		/* openat */
	tb.ev.args[0] = 0xffffff9c;
	tb.ev.args[1] = 0x1000;
	tb.ev.args[2] = 0;
	event_init(&tb, SL_EV_SYSCALL);
	tb.ev.arch = SL_ARCH_I386;
	tb.ev.nr = 295;
	tb.ev.args[0] = 0xffffff9c;
	tb.ev.args[1] = 0x1000;
	tb.ev.ret = 3;
	event_add_payload(&tb, 1, SL_CAP_STR, 0, 0, "x", 1);
	expect("openat(AT_FDCWD, \"x\", O_RDONLY) = 3");
	/* struct layouts that differ print raw rather than wrong */
	event_init(&tb, SL_EV_SYSCALL);
	tb.ev.arch = SL_ARCH_I386;
	tb.ev.nr = 195;		/* stat64 */
	tb.ev.args[0] = 0x1000;
	tb.ev.args[1] = 0x2000;
	expect("stat64(0x1000, 0x2000) = 0");
}

static void
pev(const char *want)
{
	struct sl_strbuf sb = SL_STRBUF_INIT;

	decode_process_event(&sb, &tb.ev);
	assert_string_equal(strbuf_str(&sb), want);
	strbuf_free(&sb);
}

static void
test_process_events(void **state)
{
	unsigned char si[128] = { 0 };
	int32_t v;
	int64_t l;

	(void)state;
	event_init(&tb, SL_EV_EXIT);
	tb.ev.ret = 0;
	pev("+++ exited with 0 +++");
	tb.ev.ret = 3 << 8;
	pev("+++ exited with 3 +++");
	tb.ev.ret = 9;
	pev("+++ killed by SIGKILL +++");
	tb.ev.ret = 11 | 0x80;
	pev("+++ killed by SIGSEGV (core dumped) +++");

	event_init(&tb, SL_EV_SIGNAL);
	tb.ev.args[0] = 17;
	tb.ev.args[1] = 1;	/* CLD_EXITED */
	tb.ev.args[2] = 1235;
	tb.ev.args[3] = 0;
	tb.ev.args[4] = 0;
	pev("--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=1235, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---");
	tb.ev.args[1] = 2;	/* CLD_KILLED */
	tb.ev.args[4] = 9;
	pev("--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=1235, si_uid=0, si_status=SIGKILL, si_utime=0, si_stime=0} ---");

	/* the raw siginfo wins when present */
	v = 17; memcpy(si, &v, 4);
	v = 1; memcpy(si + 8, &v, 4);
	v = 77; memcpy(si + 16, &v, 4);
	v = 1000; memcpy(si + 20, &v, 4);
	v = 2; memcpy(si + 24, &v, 4);
	l = 3; memcpy(si + 32, &l, 8);
	l = 0; memcpy(si + 40, &l, 8);
	event_add_payload(&tb, 0, SL_CAP_STRUCT, 0, 0, si, sizeof(si));
	pev("--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=77, si_uid=1000, si_status=2, si_utime=3 /* 0.03 s */, si_stime=0} ---");

	event_init(&tb, SL_EV_SIGNAL);
	tb.ev.args[0] = 15;
	tb.ev.args[1] = 0;	/* SI_USER */
	tb.ev.args[2] = 1;
	pev("--- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=1, si_uid=0} ---");
	tb.ev.args[1] = (uint64_t)-6;	/* SI_TKILL */
	pev("--- SIGTERM {si_signo=SIGTERM, si_code=SI_TKILL, si_pid=1, si_uid=0} ---");
	tb.ev.args[0] = 11;
	tb.ev.args[1] = 1;	/* SEGV_MAPERR */
	tb.ev.args[5] = 0;
	pev("--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---");
	tb.ev.args[5] = 0x1000;
	pev("--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x1000} ---");
	tb.ev.args[0] = 14;
	tb.ev.args[1] = 0x80;	/* SI_KERNEL */
	pev("--- SIGALRM {si_signo=SIGALRM, si_code=SI_KERNEL} ---");

	event_init(&tb, SL_EV_STOP);
	tb.ev.args[0] = 19;
	pev("--- stopped by SIGSTOP ---");
	event_init(&tb, SL_EV_FORK);
	pev("");
	event_init(&tb, SL_EV_EXEC);
	pev("");
	tb.ev.args[0] = 1235;	/* a non-leader thread exec'd */
	pev("+++ superseded by execve in pid 1235 +++");
}

/* Every byte of a decoded line is printable ASCII: nothing raw from the tracee. */
static void
assert_printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			fail_msg("raw byte %#x in a decoded line", (unsigned char)*s);
}

static uint64_t rnd_state = 88172645463325252ull;

static uint64_t
rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

/*
 * Garbage in, a line out: every syscall of both arches with random
 * arguments, results, flags and payloads of random kinds and sizes
 * (runs under ASan/UBSan in make test SAN=1).
 */
static void
test_garbage(void **state)
{
	static const uint32_t arches[] = { SL_ARCH_X86_64, SL_ARCH_I386 };
	struct sl_decode_opts o[2] = { { 32, false }, { 4, true } };
	struct sl_strbuf sb = SL_STRBUF_INIT;
	unsigned char junk[512];

	(void)state;
	for (int a = 0; a < 2; a++)
		for (uint32_t nr = 0; nr < SL_NR_MAX; nr++)
			for (int round = 0; round < 6; round++) {
				event_init(&tb, round == 5 ? SL_EV_SIGNAL : SL_EV_SYSCALL);
				tb.ev.arch = arches[a];
				tb.ev.nr = nr;
				for (int i = 0; i < SL_NARGS; i++)
					tb.ev.args[i] = round & 1 ? rnd() : rnd() % 300;
				tb.ev.ret = round == 2 ? -(int64_t)(rnd() % 600) :
					    (int64_t)(rnd() % 5000);
				tb.ev.flags = (uint16_t)(rnd() & (SL_EVF_INFLIGHT | SL_EVF_NOEXIT));
				for (int k = (int)(rnd() % 8); k > 0; k--) {
					size_t len = rnd() % sizeof(junk);

					for (size_t j = 0; j < len; j++)
						junk[j] = (unsigned char)rnd();
					event_add_payload(&tb, (unsigned)(rnd() % 16),
							  (unsigned)(rnd() % SL_CAP_KIND_MAX),
							  (unsigned)(rnd() & 7),
							  (unsigned)(rnd() % 8), junk, len);
				}
				strbuf_reset(&sb);
				if (tb.ev.type == SL_EV_SYSCALL)
					decode_syscall(&sb, &tb.ev, &o[round & 1]);
				else
					decode_process_event(&sb, &tb.ev);
				assert_true(sb.len > 0);
				assert_printable(strbuf_str(&sb));
			}
	strbuf_free(&sb);
}

/* What the detail view says of a call: its parameters and a line. */
static void
test_syscall_doc(void **state)
{
	int rd = syscall_lookup(SL_ARCH_X86_64, "read");
	int gp = syscall_lookup(SL_ARCH_X86_64, "getpid");
	int mm32 = syscall_lookup(SL_ARCH_I386, "mmap");
	char n[16];

	(void)state;
	assert_true(syscall_param(SL_ARCH_X86_64, (uint32_t)rd, 0, n, sizeof(n)));
	assert_string_equal(n, "fd");
	assert_true(syscall_param(SL_ARCH_X86_64, (uint32_t)rd, 2, n, sizeof(n)));
	assert_string_equal(n, "count");
	/* past the arguments it takes, none at all, too small, unknown */
	assert_false(syscall_param(SL_ARCH_X86_64, (uint32_t)rd, 3, n, sizeof(n)));
	assert_string_equal(n, "");
	assert_false(syscall_param(SL_ARCH_X86_64, (uint32_t)gp, 0, n, sizeof(n)));
	assert_false(syscall_param(SL_ARCH_X86_64, (uint32_t)rd, 2, n, 3));
	assert_false(syscall_param(SL_ARCH_X86_64, 511, 0, n, sizeof(n)));
	assert_false(syscall_param(SL_ARCH_X86_64, (uint32_t)rd, -1, n, sizeof(n)));
	/* i386's old mmap takes one pointer: x86_64's names do not apply */
	assert_false(syscall_param(SL_ARCH_I386, (uint32_t)mm32, 0, n, sizeof(n)));
	assert_non_null(strstr(syscall_what(SL_ARCH_X86_64, (uint32_t)rd), "read"));
	assert_null(syscall_what(SL_ARCH_X86_64, 511));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quote),
		cmocka_unit_test(test_errno),
		cmocka_unit_test(test_retvals),
		cmocka_unit_test(test_unknown_syscall),
		cmocka_unit_test(test_syscall_doc),
		cmocka_unit_test(test_process_events),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_i386),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
