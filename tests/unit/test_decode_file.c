/* test_decode_file.c - open, stat, statx, access, readlink, execve... as strace prints them. */
#include <sys/stat.h>

#include "decode_test.h"

#define AT_FDCWD_ARG	((uint64_t)(int64_t)-100)

static void
stat_buf(unsigned char *st, unsigned mode, int64_t size, uint64_t rdev)
{
	memset(st, 0, 144);
	memcpy(st + 24, &mode, 4);
	memcpy(st + 40, &rdev, 8);
	memcpy(st + 48, &size, 8);
}

static void
test_openat(void **state)
{
	struct sl_decode_opts y = { .strsize = 32, .fdpaths = true };

	(void)state;
	sys("openat", 3, AT_FDCWD_ARG, 0x1000, 02000000, 0, 0, 0);
	pl_str(1, "/etc/ld.so.cache");
	expect("openat(AT_FDCWD, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC) = 3");

	sys("openat", -2, AT_FDCWD_ARG, 0x1000, 0, 0, 0, 0);
	pl_str(1, "/nonexistent");
	expect("openat(AT_FDCWD, \"/nonexistent\", O_RDONLY) = -1 ENOENT (No such file or directory)");

	/* the mode only with O_CREAT or O_TMPFILE; 0 prints as 000 */
	sys("openat", 3, 5, 0x1000, 01 | 0100 | 01000, 0644, 0, 0);
	pl_str(1, "a.txt");
	expect("openat(5, \"a.txt\", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 3");
	sys("openat", -20, AT_FDCWD_ARG, 0x1000, 020200002, 0, 0, 0);
	pl_str(1, "/tmp");
	expect("openat(AT_FDCWD, \"/tmp\", O_RDWR|O_TMPFILE, 000) = -1 ENOTDIR (Not a directory)");

	/* strace's order, the kernel's O_LARGEFILE, unknown bits in hex */
	sys("openat", 3, AT_FDCWD_ARG, 0x1000, 04000 | 02000000 | 0200000 | 0100000 | 0x1000000, 0, 0, 0);
	pl_str(1, "/etc");
	expect("openat(AT_FDCWD, \"/etc\", O_RDONLY|O_NONBLOCK|O_LARGEFILE|O_CLOEXEC|O_DIRECTORY|0x1000000) = 3");

	/* unreadable path: the address */
	sys("openat", -14, AT_FDCWD_ARG, 0xdead0000, 0, 0, 0, 0);
	pl_part(1, SL_CAP_STR, 0, SL_PLF_UNREADABLE, NULL, 0);
	expect("openat(AT_FDCWD, 0xdead0000, O_RDONLY) = -1 EFAULT (Bad address)");
	/* NULL path */
	sys("openat", -14, AT_FDCWD_ARG, 0, 0, 0, 0, 0);
	expect("openat(AT_FDCWD, NULL, O_RDONLY) = -1 EFAULT (Bad address)");

	/* -y: the cwd after AT_FDCWD, the path after the new fd */
	sys("openat", 3, AT_FDCWD_ARG, 0x1000, 0, 0, 0, 0);
	pl_str(1, "/etc/passwd");
	pl(SL_PL_FDPATH_BASE + 0, SL_CAP_FD, "/root", 5);
	pl(SL_PL_FDPATH_RET, SL_CAP_FD, "/etc/passwd", 11);
	expect_opts("openat(AT_FDCWD</root>, \"/etc/passwd\", O_RDONLY) = 3</etc/passwd>", &y);
	expect("openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY) = 3");
}

static void
test_hostile_path(void **state)
{
	(void)state;
	/* escapes and invalid UTF-8 never reach the terminal raw; no -s cut on paths */
	sys("open", -2, 0x1000, 0, 0, 0, 0, 0);
	pl_str(0, "/tmp/\033[31mred\xff\xfe\n-and-a-rather-long-tail-beyond-32-bytes");
	expect("open(\"/tmp/\\33[31mred\\377\\376\\n-and-a-rather-long-tail-beyond-32-bytes\", O_RDONLY) = -1 ENOENT (No such file or directory)");
	/* a path cut by the capture is marked */
	sys("open", -36, 0x1000, 0, 0, 0, 0, 0);
	pl_part(0, SL_CAP_STR, 0, SL_PLF_TRUNCATED, "/aaaa", 5);
	expect("open(\"/aaaa\"..., O_RDONLY) = -1 ENAMETOOLONG (File name too long)");
}

static void
test_stat(void **state)
{
	unsigned char st[144];

	(void)state;
	stat_buf(st, S_IFREG | 0644, 43831, 0);
	sys("newfstatat", 0, 3, 0x1000, 0x2000, 0x1000, 0, 0);
	pl_str(1, "");
	pl(2, SL_CAP_STRUCT, st, sizeof(st));
	expect("newfstatat(3, \"\", {st_mode=S_IFREG|0644, st_size=43831, ...}, AT_EMPTY_PATH) = 0");

	stat_buf(st, S_IFDIR | S_ISVTX | 0777, 4096, 0);
	sys("newfstatat", 0, AT_FDCWD_ARG, 0x1000, 0x2000, 0, 0, 0);
	pl_str(1, "/tmp");
	pl(2, SL_CAP_STRUCT, st, sizeof(st));
	expect("newfstatat(AT_FDCWD, \"/tmp\", {st_mode=S_IFDIR|S_ISVTX|0777, st_size=4096, ...}, 0) = 0");

	/* devices print their numbers instead of the size */
	stat_buf(st, S_IFCHR | 0620, 0, 0x8801);
	sys("fstat", 0, 1, 0x2000, 0, 0, 0, 0);
	pl(1, SL_CAP_STRUCT, st, sizeof(st));
	expect("fstat(1, {st_mode=S_IFCHR|0620, st_rdev=makedev(0x88, 0x1), ...}) = 0");

	/* failed: the buffer's address; flags with unknown bits */
	sys("newfstatat", -2, AT_FDCWD_ARG, 0x1000, 0x7ffd1000, 0x100 | 0x10000, 0, 0);
	pl_str(1, "/x");
	expect("newfstatat(AT_FDCWD, \"/x\", 0x7ffd1000, AT_SYMLINK_NOFOLLOW|0x10000) = -1 ENOENT (No such file or directory)");
	sys("stat", -14, 0x1000, 0, 0, 0, 0, 0);
	pl_str(0, "/x");
	expect("stat(\"/x\", NULL) = -1 EFAULT (Bad address)");
}

static void
test_statx(void **state)
{
	unsigned char sx[256] = { 0 };
	uint32_t mask = 0x17ff;
	uint16_t mode = S_IFDIR | 0755;
	uint64_t size = 4096;

	(void)state;
	memcpy(sx, &mask, 4);
	memcpy(sx + 28, &mode, 2);
	memcpy(sx + 40, &size, 8);
	sys("statx", 0, AT_FDCWD_ARG, 0x1000, 0x100 | 0x800, 0x2 | 0x4 | 0x8 | 0x10 | 0x40 | 0x200, 0x3000, 0);
	pl_str(1, "/etc");
	pl(4, SL_CAP_STRUCT, sx, sizeof(sx));
	expect("statx(AT_FDCWD, \"/etc\", AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW|AT_NO_AUTOMOUNT, "
	       "STATX_MODE|STATX_NLINK|STATX_UID|STATX_GID|STATX_MTIME|STATX_SIZE, "
	       "{stx_mask=STATX_BASIC_STATS|STATX_MNT_ID, stx_attributes=0, stx_mode=S_IFDIR|0755, stx_size=4096, ...}) = 0");
	sys("statx", -9, 99, 0x1000, 0x1000, 0x7ff, 0x3000, 0);
	pl_str(1, "");
	expect("statx(99, \"\", AT_STATX_SYNC_AS_STAT|AT_EMPTY_PATH, STATX_BASIC_STATS, 0x3000) = -1 EBADF (Bad file descriptor)");
}

static void
test_misc_file(void **state)
{
	int64_t ts[4] = { 1600000000, 0, 1600000000, 500 };

	(void)state;
	sys("access", -2, 0x1000, 4, 0, 0, 0, 0);
	pl_str(0, "/etc/ld.so.preload");
	expect("access(\"/etc/ld.so.preload\", R_OK) = -1 ENOENT (No such file or directory)");
	sys("access", 0, 0x1000, 0, 0, 0, 0, 0);
	pl_str(0, "/");
	expect("access(\"/\", F_OK) = 0");
	sys("faccessat2", 0, AT_FDCWD_ARG, 0x1000, 1, 0x200, 0, 0);
	pl_str(1, "/usr/bin/python3");
	expect("faccessat2(AT_FDCWD, \"/usr/bin/python3\", X_OK, AT_EACCESS) = 0");

	sys("readlink", 21, 0x1000, 0x2000, 22, 0, 0, 0);
	pl_str(0, "/etc/os-release");
	pl(1, SL_CAP_BUF, "../usr/lib/os-release", 21);
	expect("readlink(\"/etc/os-release\", \"../usr/lib/os-release\", 22) = 21");
	sys("readlink", -22, 0x1000, 0x2000, 38, 0, 0, 0);
	pl_str(0, "/etc/passwd");
	expect("readlink(\"/etc/passwd\", 0x2000, 38) = -1 EINVAL (Invalid argument)");

	sys("rename", 0, 0x1000, 0x2000, 0, 0, 0, 0);
	pl_str(0, "a.txt");
	pl_str(1, "c.txt");
	expect("rename(\"a.txt\", \"c.txt\") = 0");
	sys("mkdir", -17, 0x1000, 0755, 0, 0, 0, 0);
	pl_str(0, "/tmp");
	expect("mkdir(\"/tmp\", 0755) = -1 EEXIST (File exists)");
	sys("chmod", 0, 0x1000, 04755, 0, 0, 0, 0);
	pl_str(0, "x");
	expect("chmod(\"x\", 04755) = 0");
	sys("fchmodat", 0, AT_FDCWD_ARG, 0x1000, 0, 0, 0, 0);
	pl_str(1, "x");
	expect("fchmodat(AT_FDCWD, \"x\", 000) = 0");
	sys("chown", 0, 0x1000, 0, (uint64_t)-1, 0, 0, 0);
	pl_str(0, "x");
	expect("chown(\"x\", 0, -1) = 0");
	sys("unlinkat", -2, 5, 0x1000, 0x200, 0, 0, 0);
	pl_str(1, "/x");
	expect("unlinkat(5, \"/x\", AT_REMOVEDIR) = -1 ENOENT (No such file or directory)");
	sys("mknodat", -2, AT_FDCWD_ARG, 0x1000, S_IFCHR | 0644, 0x801, 0, 0);
	pl_str(1, "/proc/x");
	expect("mknodat(AT_FDCWD, \"/proc/x\", S_IFCHR|0644, makedev(0x8, 0x1)) = -1 ENOENT (No such file or directory)");

	sys("utimensat", 0, AT_FDCWD_ARG, 0x1000, 0x2000, 0, 0, 0);
	pl_str(1, "c.txt");
	pl(2, SL_CAP_STRUCT, ts, sizeof(ts));
	expect("utimensat(AT_FDCWD, \"c.txt\", [{tv_sec=1600000000, tv_nsec=0} /* 2020-09-13T12:26:40+0000 */, "
	       "{tv_sec=1600000000, tv_nsec=500} /* 2020-09-13T12:26:40.000000500+0000 */], 0) = 0");
	sys("utimensat", 0, AT_FDCWD_ARG, 0x1000, 0, 0x100, 0, 0);
	pl_str(1, "c.txt");
	expect("utimensat(AT_FDCWD, \"c.txt\", NULL, AT_SYMLINK_NOFOLLOW) = 0");

	sys("getcwd", 16, 0x1000, 129, 0, 0, 0, 0);
	pl_str(0, "/work/wt/decode");
	expect("getcwd(\"/work/wt/decode\", 129) = 16");
	sys("umask", 022, 022, 0, 0, 0, 0, 0);
	expect("umask(022) = 022");
	sys("getxattr", -61, 0x1000, 0x2000, 0, 0, 0, 0);
	pl_str(0, "/etc");
	pl_str(1, "system.posix_acl_access");
	expect("getxattr(\"/etc\", \"system.posix_acl_access\", NULL, 0) = -1 ENODATA (No data available)");
}

static void
test_execve(void **state)
{
	uint32_t n = 37;

	(void)state;
	sys("execve", 0, 0x1000, 0x2000, 0x7ffd0000, 0, 0, 0);
	pl_str(0, "/usr/bin/sh");
	pl_part(1, SL_CAP_STRV, 0, 0, "sh", 2);
	pl_part(1, SL_CAP_STRV, 1, 0, "-c", 2);
	pl_part(1, SL_CAP_STRV, 2, 0, "ls -l /etc/hostname | cat; sleep 1", 34);
	pl(2, SL_CAP_STRV_COUNT, &n, 4);
	expect("execve(\"/usr/bin/sh\", [\"sh\", \"-c\", \"ls -l /etc/hostname | cat; sleep\"...], 0x7ffd0000 /* 37 vars */) = 0");

	/* more strings than captured; env not captured; failure */
	sys("execve", -2, 0x1000, 0x2000, 0x7ffd0000, 0, 0, 0);
	pl_str(0, "/nope");
	pl_part(1, SL_CAP_STRV, 0, 0, "a", 1);
	pl_part(1, SL_CAP_STRV, 1, SL_PLF_TRUNCATED, NULL, 0);
	expect("execve(\"/nope\", [\"a\", ...], 0x7ffd0000) = -1 ENOENT (No such file or directory)");

	/* unreadable argv, NULL envp */
	sys("execve", -14, 0x1000, 0xbad, 0, 0, 0, 0);
	pl_str(0, "/bin/true");
	pl_part(1, SL_CAP_STRV, 0, SL_PLF_UNREADABLE, NULL, 0);
	expect("execve(\"/bin/true\", 0xbad, NULL) = -1 EFAULT (Bad address)");

	/* -s limits the strings of argv too */
	{
		struct sl_decode_opts o = { .strsize = 4, .fdpaths = false };

		sys("execve", 0, 0x1000, 0x2000, 0x3000, 0, 0, 0);
		pl_str(0, "/usr/bin/echo");
		pl_part(1, SL_CAP_STRV, 0, 0, "echo", 4);
		pl_part(1, SL_CAP_STRV, 1, 0, "hello", 5);
		n = 1;
		pl(2, SL_CAP_STRV_COUNT, &n, 4);
		expect_opts("execve(\"/usr/bin/echo\", [\"echo\", \"hell\"...], 0x3000 /* 1 var */) = 0", &o);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_openat),
		cmocka_unit_test(test_hostile_path),
		cmocka_unit_test(test_stat),
		cmocka_unit_test(test_statx),
		cmocka_unit_test(test_misc_file),
		cmocka_unit_test(test_execve),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
