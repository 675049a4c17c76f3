/* test_decode_desc.c - read/write, iovecs, fcntl, pipes, getdents64, poll, select, epoll, ioctl. */
#include "decode_test.h"

static void
test_read_write(void **state)
{
	struct sl_decode_opts y = { .strsize = 32, .fdpaths = true };
	static const unsigned char elf[40] = "\177ELF\2\1\1\3\0\0\0\0\0\0\0\0\3\0>\0\1\0\0\0\20t\2\0\0\0\0\0\0\0\0\0\0\0\0";

	(void)state;
	sys("read", 832, 3, 0x1000, 832, 0, 0, 0);
	pl(1, SL_CAP_BUF, elf, sizeof(elf));
	expect("read(3, \"\\177ELF\\2\\1\\1\\3\\0\\0\\0\\0\\0\\0\\0\\0\\3\\0>\\0\\1\\0\\0\\0\\20t\\2\\0\\0\\0\\0\\0\"..., 832) = 832");
	/* failed read: the buffer's address */
	sys("read", -11, 0, 0x7ffc1000, 4096, 0, 0, 0);
	expect("read(0, 0x7ffc1000, 4096) = -1 EAGAIN (Resource temporarily unavailable)");
	/* EOF */
	sys("read", 0, 3, 0x1000, 4096, 0, 0, 0);
	pl(1, SL_CAP_BUF, "", 0);
	expect("read(3, \"\", 4096) = 0");
	sys("write", 29, 1, 0x1000, 29, 0, 0, 0);
	pl(1, SL_CAP_BUF, "Fri Nov 27 23:49:27 UTC 2026\n", 29);
	expect("write(1, \"Fri Nov 27 23:49:27 UTC 2026\\n\", 29) = 29");
	/* hostile bytes: a terminal escape, invalid UTF-8 */
	sys("write", 8, 1, 0x1000, 8, 0, 0, 0);
	pl(1, SL_CAP_BUF, "\033]0;x\007\xc3(", 8);
	expect("write(1, \"\\33]0;x\\7\\303(\", 8) = 8");
	/* unreadable buffer */
	sys("write", -14, 1, 0xdead, 5, 0, 0, 0);
	pl_part(1, SL_CAP_BUF, 0, SL_PLF_UNREADABLE, NULL, 0);
	expect("write(1, 0xdead, 5) = -1 EFAULT (Bad address)");
	/* -y */
	sys("write", 3, 1, 0x1000, 3, 0, 0, 0);
	pl(1, SL_CAP_BUF, "hi\n", 3);
	pl(SL_PL_FDPATH_BASE + 0, SL_CAP_FD, "/dev/pts/0", 10);
	expect_opts("write(1</dev/pts/0>, \"hi\\n\", 3) = 3", &y);
	sys("pread64", 784, 3, 0x1000, 784, 64, 0, 0);
	pl(1, SL_CAP_BUF, "\6\0\0\0", 4);
	expect("pread64(3, \"\\6\\0\\0\\0\"..., 784, 64) = 784");
}

static void
test_iov(void **state)
{
	uint64_t iov[4] = { 0x1000, 3, 0x2000, 4 };

	(void)state;
	sys("writev", 7, 1, 0x3000, 2, 0, 0, 0);
	pl_part(1, SL_CAP_IOV, 0, 0, iov, sizeof(iov));
	pl_part(1, SL_CAP_IOV, 1, 0, "abc", 3);
	pl_part(1, SL_CAP_IOV, 2, 0, "defg", 4);
	expect("writev(1, [{iov_base=\"abc\", iov_len=3}, {iov_base=\"defg\", iov_len=4}], 2) = 7");
	/* a read fills only ret bytes */
	sys("readv", 4, 3, 0x3000, 2, 0, 0, 0);
	pl_part(1, SL_CAP_IOV, 0, SL_PLF_EXIT, iov, sizeof(iov));
	pl_part(1, SL_CAP_IOV, 1, SL_PLF_EXIT, "abc", 3);
	pl_part(1, SL_CAP_IOV, 2, SL_PLF_EXIT, "d", 1);
	expect("readv(3, [{iov_base=\"abc\", iov_len=3}, {iov_base=\"d\", iov_len=4}], 2) = 4");
	sys("readv", -9, 99, 0x3000, 2, 0, 0, 0);
	expect("readv(99, 0x3000, 2) = -1 EBADF (Bad file descriptor)");
}

static void
test_fcntl_pipe_dup(void **state)
{
	int32_t fds[2] = { 3, 4 };
	struct sl_decode_opts y = { .strsize = 32, .fdpaths = true };

	(void)state;
	sys("fcntl", 0x38800, 4, 3, 0, 0, 0, 0);
	expect("fcntl(4, F_GETFL) = 0x38800 (flags O_RDONLY|O_NONBLOCK|O_LARGEFILE|O_NOFOLLOW|O_DIRECTORY)");
	sys("fcntl", 1, 4, 1, 0, 0, 0, 0);
	expect("fcntl(4, F_GETFD) = 0x1 (flags FD_CLOEXEC)");
	sys("fcntl", 0, 4, 1, 0, 0, 0, 0);
	expect("fcntl(4, F_GETFD) = 0");
	sys("fcntl", 0, 4, 2, 1, 0, 0, 0);
	expect("fcntl(4, F_SETFD, FD_CLOEXEC) = 0");
	sys("fcntl", 0, 10, 4, 04001, 0, 0, 0);
	expect("fcntl(10, F_SETFL, O_WRONLY|O_NONBLOCK) = 0");
	sys("fcntl", 20, 10, 1030, 20, 0, 0, 0);
	expect("fcntl(10, F_DUPFD_CLOEXEC, 20) = 20");
	sys("fcntl", -22, 20, 9999, 3, 0, 0, 0);
	expect("fcntl(20, 0x270f /* F_??? */, 0x3) = -1 EINVAL (Invalid argument)");

	sys("pipe2", 0, 0x1000, 0, 0, 0, 0, 0);
	pl(0, SL_CAP_FDPAIR, fds, sizeof(fds));
	expect("pipe2([3, 4], 0) = 0");
	pl_part(SL_PL_FDPATH_BASE, SL_CAP_FD, 0, SL_PLF_EXIT, "pipe:[123]", 10);
	pl_part(SL_PL_FDPATH_BASE, SL_CAP_FD, 1, SL_PLF_EXIT, "pipe:[123]", 10);
	expect_opts("pipe2([3<pipe:[123]>, 4<pipe:[123]>], 0) = 0", &y);
	sys("pipe2", -14, 0, 02004000, 0, 0, 0, 0);
	expect("pipe2(NULL, O_NONBLOCK|O_CLOEXEC) = -1 EFAULT (Bad address)");
	sys("dup2", 255, 3, 255, 0, 0, 0, 0);
	expect("dup2(3, 255) = 255");
	sys("dup3", -9, 100, 101, 02000000, 0, 0, 0);
	expect("dup3(100, 101, O_CLOEXEC) = -1 EBADF (Bad file descriptor)");
	sys("lseek", 54, 3, (uint64_t)-60, 1, 0, 0, 0);
	expect("lseek(3, -60, SEEK_CUR) = 54");
	sys("lseek", -9, 99, 0, 9, 0, 0, 0);
	expect("lseek(99, 0, 0x9 /* SEEK_??? */) = -1 EBADF (Bad file descriptor)");
	sys("close", 0, 3, 0, 0, 0, 0, 0);
	pl(SL_PL_FDPATH_BASE, SL_CAP_FD, "/etc/a\nb", 8);
	expect_opts("close(3</etc/a\\nb>) = 0", &y);
	/* an unlinked file: the kernel's " (deleted)" goes after the path */
	sys("close", 0, 3, 0, 0, 0, 0, 0);
	pl(SL_PL_FDPATH_BASE, SL_CAP_FD, "/tmp/x (deleted)", 16);
	expect_opts("close(3</tmp/x>(deleted)) = 0", &y);
	sys("close", 0, 3, 0, 0, 0, 0, 0);
	pl(SL_PL_FDPATH_BASE, SL_CAP_FD, " (deleted)", 10);
	expect_opts("close(3< (deleted)>) = 0", &y);
}

static void
test_getdents(void **state)
{
	unsigned char b[64] = { 0 };
	uint16_t rl = 24;

	(void)state;
	memcpy(b + 16, &rl, 2);
	memcpy(b + 24 + 16, &rl, 2);
	sys("getdents64", 48, 3, 0x55d0c0e0, 32768, 0, 0, 0);
	pl(1, SL_CAP_BUF, b, 48);
	expect("getdents64(3, 0x55d0c0e0 /* 2 entries */, 32768) = 48");
	/* a capture shorter than the result: no count rather than a wrong one */
	sys("getdents64", 4656, 3, 0x55d0c0e0, 32768, 0, 0, 0);
	pl_part(1, SL_CAP_BUF, 0, SL_PLF_TRUNCATED, b, 48);
	expect("getdents64(3, 0x55d0c0e0, 32768) = 4656");
	sys("getdents64", 0, 3, 0x55d0c0e0, 32768, 0, 0, 0);
	expect("getdents64(3, 0x55d0c0e0 /* 0 entries */, 32768) = 0");
	sys("getdents64", -9, 99, 0x55d0c0e0, 32768, 0, 0, 0);
	expect("getdents64(99, 0x55d0c0e0, 32768) = -1 EBADF (Bad file descriptor)");
}

static void
test_poll_select_epoll(void **state)
{
	unsigned char pin[16] = { 3, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0 };
	unsigned char pout[16] = { 3, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0, 4, 0, 4, 0 };
	unsigned char fds_in[128] = { 0x18 }, fds_out[128] = { 0x08 };
	int64_t tv_in[2] = { 1, 0 }, tv_out[2] = { 0, 999 };
	unsigned char ev[12] = { 1, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0 };

	(void)state;
	sys("poll", 1, 0x1000, 2, 0, 0, 0, 0);
	pl_part(0, SL_CAP_ARRAY, 0, 0, pin, 16);
	pl_part(0, SL_CAP_ARRAY, 0, SL_PLF_EXIT, pout, 16);
	expect("poll([{fd=3, events=POLLIN}, {fd=4, events=POLLOUT}], 2, 0) = 1 ([{fd=4, revents=POLLOUT}])");
	{
		struct sl_decode_opts y = { .strsize = 32, .fdpaths = true };

		sys("poll", 1, 0x1000, 2, 0, 0, 0, 0);
		pl_part(0, SL_CAP_ARRAY, 0, 0, pin, 16);
		pl_part(0, SL_CAP_ARRAY, 0, SL_PLF_EXIT, pout, 16);
		pl_part(SL_PL_FDPATH_BASE, SL_CAP_FD, 0, 0, "pipe:[7]", 8);
		pl_part(SL_PL_FDPATH_BASE, SL_CAP_FD, 1, 0, "/dev/null", 9);
		expect_opts("poll([{fd=3<pipe:[7]>, events=POLLIN}, {fd=4</dev/null>, events=POLLOUT}], 2, 0) = 1 ([{fd=4, revents=POLLOUT}])", &y);
	}
	sys("poll", 0, 0x1000, 1, 100, 0, 0, 0);
	pl_part(0, SL_CAP_ARRAY, 0, 0, pin, 8);
	expect("poll([{fd=3, events=POLLIN}], 1, 100) = 0 (Timeout)");

	sys("select", 1, 5, 0x1000, 0, 0, 0x2000, 0);
	pl_part(1, SL_CAP_STRUCT, 0, 0, fds_in, sizeof(fds_in));
	pl_part(1, SL_CAP_STRUCT, 0, SL_PLF_EXIT, fds_out, sizeof(fds_out));
	pl_part(4, SL_CAP_STRUCT, 0, 0, tv_in, sizeof(tv_in));
	pl_part(4, SL_CAP_STRUCT, 0, SL_PLF_EXIT, tv_out, sizeof(tv_out));
	expect("select(5, [3 4], NULL, NULL, {tv_sec=1, tv_usec=0}) = 1 (in [3], left {tv_sec=0, tv_usec=999})");

	sys("epoll_create1", 5, 02000000, 0, 0, 0, 0, 0);
	expect("epoll_create1(EPOLL_CLOEXEC) = 5");
	sys("epoll_ctl", 0, 5, 1, 3, 0x1000, 0, 0);
	pl(3, SL_CAP_STRUCT, ev, sizeof(ev));
	expect("epoll_ctl(5, EPOLL_CTL_ADD, 3, {events=EPOLLIN, data={u32=5, u64=5}}) = 0");
	sys("epoll_ctl", -14, 99, 7, 98, 0, 0, 0);
	expect("epoll_ctl(99, 0x7 /* EPOLL_CTL_??? */, 98, NULL) = -1 EFAULT (Bad address)");
	sys("epoll_wait", 1, 5, 0x1000, 4, 100, 0, 0);
	pl_part(1, SL_CAP_ARRAY, 0, SL_PLF_EXIT, ev, sizeof(ev));
	expect("epoll_wait(5, [{events=EPOLLIN, data={u32=5, u64=5}}], 4, 100) = 1");
	sys("epoll_wait", 0, 5, 0x1000, 4, 0, 0, 0);
	expect("epoll_wait(5, [], 4, 0) = 0");
}

static void
test_ioctl(void **state)
{
	uint32_t t[9] = { 0x500, 0x5, 0xbf, 0x8a3b, 0, 0, 0, 0, 0 };
	uint16_t ws[4] = { 24, 80, 0, 0 };
	int32_t n = 0;

	(void)state;
	sys("ioctl", 0, 0, 0x5401, 0x1000, 0, 0, 0);
	pl_part(2, SL_CAP_STRUCT, 0, SL_PLF_EXIT, t, 36);
	expect("ioctl(0, TCGETS, {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, "
	       "c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE, ...}) = 0");
	sys("ioctl", -25, 1, 0x5401, 0x7fff7539, 0, 0, 0);
	expect("ioctl(1, TCGETS, 0x7fff7539) = -1 ENOTTY (Inappropriate ioctl for device)");
	sys("ioctl", 0, 1, 0x5413, 0x1000, 0, 0, 0);
	pl_part(2, SL_CAP_STRUCT, 0, SL_PLF_EXIT, ws, 8);
	expect("ioctl(1, TIOCGWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}) = 0");
	t[3] &= ~010u;
	sys("ioctl", 0, 0, 0x5403, 0x1000, 0, 0, 0);
	pl_part(2, SL_CAP_STRUCT, 0, 0, t, 36);
	expect("ioctl(0, SNDCTL_TMR_STOP or TCSETSW, {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, "
	       "c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE, ...}) = 0");
	sys("ioctl", 0, 3, 0x541b, 0x1000, 0, 0, 0);
	pl_part(2, SL_CAP_STRUCT, 0, SL_PLF_EXIT, &n, 4);
	expect("ioctl(3, FIONREAD, [0]) = 0");
	sys("ioctl", 0, 3, 0x5451, 0, 0, 0, 0);
	expect("ioctl(3, FIOCLEX) = 0");
	sys("ioctl", -9, 99, 0xdeadbeef, 0, 0, 0, 0);
	expect("ioctl(99, _IOC(_IOC_READ|_IOC_WRITE, 0xbe, 0xef, 0x1ead), 0) = -1 EBADF (Bad file descriptor)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_write),
		cmocka_unit_test(test_iov),
		cmocka_unit_test(test_fcntl_pipe_dup),
		cmocka_unit_test(test_getdents),
		cmocka_unit_test(test_poll_select_epoll),
		cmocka_unit_test(test_ioctl),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
