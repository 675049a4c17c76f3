/*
 * file.c - decoders of the syscalls that take a file name: open, stat,
 * statx, access, readlink, rename, mkdir, chmod, chown, utimensat,
 * xattrs, execve; and the open flags, modes and AT_* tables they share.
 */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "dec.h"

/* the kernel's values: glibc defines O_LARGEFILE as 0 on 64-bit */
#define K_O_LARGEFILE	0100000
#define K_O_TMPFILE	020000000
#define K_O_SYNC	04000000

/* strace's order, which is not the bits' order */
const struct sl_xval dec_open_flags[] = {
	XV(O_CREAT), XV(O_EXCL), XV(O_NOCTTY), XV(O_TRUNC), XV(O_APPEND),
	XV(O_NONBLOCK), { K_O_SYNC | O_DSYNC, "O_SYNC" }, XV(O_DSYNC),
	XV(O_DIRECT), { K_O_LARGEFILE, "O_LARGEFILE" }, XV(O_NOFOLLOW), XV(O_NOATIME),
	XV(O_CLOEXEC), XV(O_PATH), { K_O_TMPFILE | O_DIRECTORY, "O_TMPFILE" },
	XV(O_DIRECTORY), { 020000, "FASYNC" }, XEND
};

void
put_open_flags(struct dec *d, uint64_t v)
{
	static const char *const acc[] = { "O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE" };

	v &= 0xffffffff;
	dec_puts(d, acc[v & 3]);
	v &= ~3ull;
	if (v) {
		dec_puts(d, "|");
		put_flags(d, v, dec_open_flags, NULL);
	}
}

const struct sl_xval dec_at_flags[] = {
	XV(AT_SYMLINK_NOFOLLOW), XV(AT_REMOVEDIR), XV(AT_SYMLINK_FOLLOW),
	XV(AT_NO_AUTOMOUNT), XV(AT_EMPTY_PATH), { 0x8000, "AT_RECURSIVE" },
	XEND
};

static const struct sl_xval at_eaccess_flags[] = {
	XV(AT_SYMLINK_NOFOLLOW), XV(AT_EACCESS), XV(AT_NO_AUTOMOUNT),
	XV(AT_EMPTY_PATH), XEND
};

void
put_at_flags(struct dec *d, uint64_t v)
{
	put_flags(d, (uint32_t)v, dec_at_flags, "0");
}

static const struct sl_xval file_types[] = {
	XV(S_IFREG), XV(S_IFSOCK), XV(S_IFIFO), XV(S_IFLNK), XV(S_IFDIR),
	XV(S_IFBLK), XV(S_IFCHR), XEND
};

/* "%#03o" without printf: every stat result prints one */
static void
put_oct03(struct dec *d, unsigned v)
{
	char buf[16], *end = buf + sizeof(buf), *p = end;
	unsigned x = v;

	do {
		*--p = (char)('0' + (x & 7));
		x >>= 3;
	} while (x);
	if (v)
		*--p = '0';
	while (end - p < 3)
		*--p = '0';
	strbuf_add(d->sb, p, (size_t)(end - p));
}

void
put_mode(struct dec *d, unsigned mode)
{
	const char *t = xval_name(file_types, mode & S_IFMT);

	if (t) {
		dec_puts(d, t);
		strbuf_putc(d->sb, '|');
	}
	else if (mode & S_IFMT)
		dec_printf(d, "%#o|", mode & S_IFMT);
	if (mode & S_ISUID)
		dec_puts(d, "S_ISUID|");
	if (mode & S_ISGID)
		dec_puts(d, "S_ISGID|");
	if (mode & S_ISVTX)
		dec_puts(d, "S_ISVTX|");
	put_oct03(d, mode & 0777);
}

static void
arg_mode(struct dec *d, int i)
{
	dec_sep(d);
	dec_printf(d, "%#03o", (unsigned)dec_arg(d, i));
}

static void
put_dev(struct dec *d, uint64_t dev)
{
	unsigned maj = (unsigned)(((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfffu));
	unsigned min = (unsigned)((dev & 0xff) | ((dev >> 12) & ~0xffu));

	dec_printf(d, "makedev(%#x, %#x)", maj, min);
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

/* struct stat, abbreviated as strace prints it without -v */
static void
put_stat(struct dec *d, const unsigned char *p)
{
	unsigned mode = u32at(p, 24);

	dec_puts(d, "{st_mode=");
	put_mode(d, mode);
	if (S_ISCHR(mode) || S_ISBLK(mode)) {
		dec_puts(d, ", st_rdev=");
		put_dev(d, u64at(p, 40));
	} else {
		dec_puts(d, ", st_size=");
		strbuf_put_dec(d->sb, (int64_t)u64at(p, 48));
	}
	dec_puts(d, ", ...}");
}

static void
arg_stat(struct dec *d, int i)
{
	const unsigned char *p = NULL;

	if (d->exited && !d->failed)
		p = arg_struct(d, i, 144, NULL);
	else {
		dec_sep(d);
		put_ptr(d, dec_arg(d, i));
	}
	if (p)
		put_stat(d, p);
}

static void
d_stat(struct dec *d)		/* stat, lstat */
{
	arg_path(d, 0);
	arg_stat(d, 1);
}

static void
d_fstat(struct dec *d)
{
	arg_fd(d, 0);
	arg_stat(d, 1);
}

static void
d_newfstatat(struct dec *d)
{
	arg_dirfd(d, 0);
	arg_path(d, 1);
	arg_stat(d, 2);
	dec_sep(d);
	put_at_flags(d, dec_arg(d, 3));
}

static const struct sl_xval statx_masks[] = {
	{ 0x7ff, "STATX_BASIC_STATS" },
	XV(STATX_TYPE), XV(STATX_MODE), XV(STATX_NLINK), XV(STATX_UID),
	XV(STATX_GID), XV(STATX_ATIME), XV(STATX_MTIME), XV(STATX_CTIME),
	XV(STATX_INO), XV(STATX_SIZE), XV(STATX_BLOCKS), XV(STATX_BTIME),
	{ 0x1000, "STATX_MNT_ID" }, { 0x2000, "STATX_DIOALIGN" }, XEND
};
static const struct sl_xval statx_masks_all[] = {
	{ 0xfff, "STATX_ALL" }, { 0x1000, "STATX_MNT_ID" },
	{ 0x2000, "STATX_DIOALIGN" }, XEND
};
static const struct sl_xval statx_flags[] = {
	{ 0x2000, "AT_STATX_FORCE_SYNC" }, { 0x4000, "AT_STATX_DONT_SYNC" },
	XV(AT_SYMLINK_NOFOLLOW), XV(AT_REMOVEDIR), XV(AT_SYMLINK_FOLLOW),
	XV(AT_NO_AUTOMOUNT), XV(AT_EMPTY_PATH), XEND
};
static const struct sl_xval statx_attrs[] = {
	{ 0x4, "STATX_ATTR_COMPRESSED" }, { 0x10, "STATX_ATTR_IMMUTABLE" },
	{ 0x20, "STATX_ATTR_APPEND" }, { 0x40, "STATX_ATTR_NODUMP" },
	{ 0x800, "STATX_ATTR_ENCRYPTED" }, { 0x1000, "STATX_ATTR_AUTOMOUNT" },
	{ 0x2000, "STATX_ATTR_MOUNT_ROOT" }, { 0x100000, "STATX_ATTR_VERITY" },
	{ 0x200000, "STATX_ATTR_DAX" }, XEND
};

static void
put_statx_mask(struct dec *d, uint32_t m)
{
	if ((m & 0xfff) == 0xfff)
		put_flags(d, m, statx_masks_all, "0");
	else
		put_flags(d, m, statx_masks, "0");
}

static void
d_statx(struct dec *d)
{
	uint32_t fl = (uint32_t)dec_arg(d, 2);
	const unsigned char *p = NULL;

	arg_dirfd(d, 0);
	arg_path(d, 1);
	dec_sep(d);
	if ((fl & 0x6000) == 0)
		dec_puts(d, fl ? "AT_STATX_SYNC_AS_STAT|" : "AT_STATX_SYNC_AS_STAT");
	if (fl)
		put_flags(d, fl, statx_flags, "0");
	dec_sep(d);
	put_statx_mask(d, (uint32_t)dec_arg(d, 3));
	if (d->exited && !d->failed) {
		p = arg_struct(d, 4, 0x90, NULL);
	} else {
		dec_sep(d);
		put_ptr(d, dec_arg(d, 4));
	}
	if (!p)
		return;
	dec_puts(d, "{stx_mask=");
	put_statx_mask(d, u32at(p, 0));
	dec_puts(d, ", stx_attributes=");
	put_flags(d, u64at(p, 8), statx_attrs, "0");
	dec_puts(d, ", stx_mode=");
	{
		uint16_t mode;

		memcpy(&mode, p + 28, 2);
		put_mode(d, mode);
		if (S_ISCHR(mode) || S_ISBLK(mode))
			dec_printf(d, ", stx_rdev_major=%u, stx_rdev_minor=%u",
				   u32at(p, 128), u32at(p, 132));
		else
			dec_printf(d, ", stx_size=%llu", (unsigned long long)u64at(p, 40));
	}
	dec_puts(d, ", ...}");
}

static const struct sl_xval statfs_types[] = {
	{ 0xEF53, "EXT2_SUPER_MAGIC" }, { 0x01021994, "TMPFS_MAGIC" },
	{ 0x9fa0, "PROC_SUPER_MAGIC" }, { 0x62656572, "SYSFS_MAGIC" },
	{ 0x1cd1, "DEVPTS_SUPER_MAGIC" }, { 0x794c7630, "OVERLAYFS_SUPER_MAGIC" },
	{ 0x9123683E, "BTRFS_SUPER_MAGIC" }, { 0x58465342, "XFS_SUPER_MAGIC" },
	{ 0x63677270, "CGROUP2_SUPER_MAGIC" }, { 0x27e0eb, "CGROUP_SUPER_MAGIC" },
	{ 0x6e736673, "NSFS_MAGIC" }, { 0x65735546, "FUSE_SUPER_MAGIC" },
	{ 0x6969, "NFS_SUPER_MAGIC" }, { 0xcafe4a11, "BPF_FS_MAGIC" },
	{ 0x73636673, "SECURITYFS_MAGIC" }, { 0x64626720, "DEBUGFS_MAGIC" },
	{ 0x74726163, "TRACEFS_MAGIC" }, { 0x958458f6, "HUGETLBFS_MAGIC" },
	{ 0x19800202, "MQUEUE_MAGIC" }, { 0x50495045, "PIPEFS_MAGIC" },
	{ 0x534f434b, "SOCKFS_MAGIC" }, { 0x4d44, "MSDOS_SUPER_MAGIC" },
	{ 0x9660, "ISOFS_SUPER_MAGIC" }, { 0x73717368, "SQUASHFS_MAGIC" },
	{ 0xf2f52010, "F2FS_SUPER_MAGIC" }, { 0x858458f6, "RAMFS_MAGIC" },
	{ 0x6165676C, "PSTOREFS_MAGIC" }, { 0x2011BAB0, "EXFAT_SUPER_MAGIC" },
	{ 0x5346544e, "NTFS_SB_MAGIC" }, { 0xde5e81e4, "EFIVARFS_MAGIC" },
	{ 0x42494e4d, "BINFMTFS_MAGIC" }, { 0x1373, "DEVFS_SUPER_MAGIC" },
	{ 0x01021997, "V9FS_MAGIC" }, XEND
};
static const struct sl_xval statfs_flags[] = {
	{ 0x0020, "ST_VALID" }, { 0x0001, "ST_RDONLY" }, { 0x0002, "ST_NOSUID" }, { 0x0004, "ST_NODEV" },
	{ 0x0008, "ST_NOEXEC" }, { 0x0010, "ST_SYNCHRONOUS" },
	{ 0x0040, "ST_MANDLOCK" },
	{ 0x0400, "ST_NOATIME" }, { 0x0800, "ST_NODIRATIME" },
	{ 0x1000, "ST_RELATIME" }, { 0x2000, "ST_NOSYMFOLLOW" }, XEND
};

static void
arg_statfs(struct dec *d, int i)
{
	const unsigned char *p = NULL;

	if (d->exited && !d->failed) {
		p = arg_struct(d, i, 120, NULL);
	} else {
		dec_sep(d);
		put_ptr(d, dec_arg(d, i));
	}
	if (!p)
		return;
	dec_puts(d, "{f_type=");
	put_xval(d, u64at(p, 0), statfs_types, NULL);
	dec_printf(d, ", f_bsize=%lld, f_blocks=%llu, f_bfree=%llu, f_bavail=%llu, "
		   "f_files=%llu, f_ffree=%llu, f_fsid={val=[%#x, %#x]}, "
		   "f_namelen=%lld, f_frsize=%lld, f_flags=",
		   (long long)u64at(p, 8), (unsigned long long)u64at(p, 16),
		   (unsigned long long)u64at(p, 24), (unsigned long long)u64at(p, 32),
		   (unsigned long long)u64at(p, 40), (unsigned long long)u64at(p, 48),
		   u32at(p, 56), u32at(p, 60), (long long)u64at(p, 64),
		   (long long)u64at(p, 72));
	put_flags(d, u64at(p, 80), statfs_flags, "0");
	dec_puts(d, "}");
}

static void
d_statfs(struct dec *d)
{
	arg_path(d, 0);
	arg_statfs(d, 1);
}

static void
d_fstatfs(struct dec *d)
{
	arg_fd(d, 0);
	arg_statfs(d, 1);
}

static void
put_open_mode_args(struct dec *d, int fi)
{
	uint64_t fl = dec_arg(d, fi);

	dec_sep(d);
	put_open_flags(d, fl);
	if (fl & (O_CREAT | K_O_TMPFILE))
		arg_mode(d, fi + 1);
}

static void
d_open(struct dec *d)
{
	arg_path(d, 0);
	put_open_mode_args(d, 1);
}

static void
d_openat(struct dec *d)
{
	arg_dirfd(d, 0);
	arg_path(d, 1);
	put_open_mode_args(d, 2);
}

static const struct sl_xval resolve_flags[] = {
	{ 0x01, "RESOLVE_NO_XDEV" }, { 0x02, "RESOLVE_NO_MAGICLINKS" },
	{ 0x04, "RESOLVE_NO_SYMLINKS" }, { 0x08, "RESOLVE_BENEATH" },
	{ 0x10, "RESOLVE_IN_ROOT" }, { 0x20, "RESOLVE_CACHED" }, XEND
};

static void
d_openat2(struct dec *d)
{
	const unsigned char *p;

	arg_dirfd(d, 0);
	arg_path(d, 1);
	p = arg_struct(d, 2, 24, NULL);
	if (p) {
		uint64_t fl = u64at(p, 0);

		dec_puts(d, "{flags=");
		put_open_flags(d, fl);
		if (fl & (O_CREAT | K_O_TMPFILE))
			dec_printf(d, ", mode=%#03llo", (unsigned long long)u64at(p, 8));
		if (u64at(p, 16)) {
			dec_puts(d, ", resolve=");
			put_flags(d, u64at(p, 16), resolve_flags, "0");
		}
		dec_puts(d, "}");
	}
	arg_ulong(d, 3);
}

static void
d_creat(struct dec *d)
{
	arg_path(d, 0);
	arg_mode(d, 1);
}

static const struct sl_xval access_modes[] = {
	XV(R_OK), XV(W_OK), XV(X_OK), XEND
};

static void
arg_access_mode(struct dec *d, int i)
{
	dec_sep(d);
	put_flags(d, dec_arg(d, i) & 0xffffffff, access_modes, "F_OK");
}

static void
d_access(struct dec *d)
{
	arg_path(d, 0);
	arg_access_mode(d, 1);
}

static void
d_faccessat(struct dec *d)
{
	arg_dirfd(d, 0);
	arg_path(d, 1);
	arg_access_mode(d, 2);
}

static void
d_faccessat2(struct dec *d)
{
	d_faccessat(d);
	dec_sep(d);
	put_flags(d, (uint32_t)dec_arg(d, 3), at_eaccess_flags, "0");
}

/* A buffer filled by the kernel: its first ret bytes, or the pointer. */
static void
arg_outbuf(struct dec *d, int i)
{
	if (d->exited && !d->failed) {
		arg_buf(d, i, (uint64_t)d->ev->ret);
		return;
	}
	arg_ptr(d, i);
}

static void
d_readlink(struct dec *d)
{
	arg_path(d, 0);
	arg_outbuf(d, 1);
	arg_ulong(d, 2);
}

static void
d_readlinkat(struct dec *d)
{
	arg_dirfd(d, 0);
	arg_path(d, 1);
	arg_outbuf(d, 2);
	arg_ulong(d, 3);
}

static void
d_path(struct dec *d)
{
	arg_path(d, 0);
}

static void
d_path2(struct dec *d)
{
	arg_path(d, 0);
	arg_path(d, 1);
}

static void
d_renameat(struct dec *d)
{
	arg_dirfd(d, 0);
	arg_path(d, 1);
	arg_dirfd(d, 2);
	arg_path(d, 3);
}

static const struct sl_xval rename_flags[] = {
	{ 1, "RENAME_NOREPLACE" }, { 2, "RENAME_EXCHANGE" },
	{ 4, "RENAME_WHITEOUT" }, XEND
};

static void
d_renameat2(struct dec *d)
{
	d_renameat(d);
	arg_flags(d, 4, rename_flags, "0");
}

static void
d_linkat(struct dec *d)
{
	d_renameat(d);
	dec_sep(d);
	put_at_flags(d, dec_arg(d, 4));
}

static void
d_symlinkat(struct dec *d)
{
	arg_path(d, 0);
	arg_dirfd(d, 1);
	arg_path(d, 2);
}

static void
d_unlinkat(struct dec *d)
{
	arg_dirfd(d, 0);
	arg_path(d, 1);
	dec_sep(d);
	put_at_flags(d, dec_arg(d, 2));
}

static void
d_path_mode(struct dec *d)	/* mkdir, chmod */
{
	arg_path(d, 0);
	arg_mode(d, 1);
}

static void
d_dirfd_path_mode(struct dec *d)	/* mkdirat, fchmodat */
{
	arg_dirfd(d, 0);
	arg_path(d, 1);
	arg_mode(d, 2);
}

static void
d_fchmod(struct dec *d)
{
	arg_fd(d, 0);
	arg_mode(d, 1);
}

static void
put_mknod(struct dec *d, int mi)
{
	unsigned mode = (unsigned)dec_arg(d, mi);

	dec_sep(d);
	put_mode(d, mode);
	if (S_ISCHR(mode) || S_ISBLK(mode)) {
		dec_sep(d);
		put_dev(d, dec_arg(d, mi + 1));
	}
}

static void
d_mknod(struct dec *d)
{
	arg_path(d, 0);
	put_mknod(d, 1);
}

static void
d_mknodat(struct dec *d)
{
	arg_dirfd(d, 0);
	arg_path(d, 1);
	put_mknod(d, 2);
}

static void
d_chown(struct dec *d)		/* chown, lchown */
{
	arg_path(d, 0);
	arg_int(d, 1);
	arg_int(d, 2);
}

static void
d_fchown(struct dec *d)
{
	arg_fd(d, 0);
	arg_int(d, 1);
	arg_int(d, 2);
}

static void
d_fchownat(struct dec *d)
{
	arg_dirfd(d, 0);
	arg_path(d, 1);
	arg_int(d, 2);
	arg_int(d, 3);
	dec_sep(d);
	put_at_flags(d, dec_arg(d, 4));
}

static void
d_truncate(struct dec *d)
{
	arg_path(d, 0);
	arg_long(d, 1);
}

static void
d_ftruncate(struct dec *d)
{
	arg_fd(d, 0);
	arg_long(d, 1);
}

static void
put_utime_ts(struct dec *d, const unsigned char *p)
{
	int64_t s = (int64_t)u64at(p, 0), ns = (int64_t)u64at(p, 8);

	if (ns == UTIME_NOW || ns == UTIME_OMIT) {
		dec_printf(d, "{tv_sec=%lld, tv_nsec=%s}", (long long)s,
			   ns == UTIME_NOW ? "UTIME_NOW" : "UTIME_OMIT");
		return;
	}
	dec_printf(d, "{tv_sec=%lld, tv_nsec=%lld}", (long long)s, (long long)ns);
	put_time_comment(d, s, ns);
}

static void
d_utimensat(struct dec *d)
{
	const unsigned char *p;

	arg_dirfd(d, 0);
	arg_path(d, 1);
	p = arg_struct(d, 2, 32, NULL);
	if (p) {
		dec_puts(d, "[");
		put_utime_ts(d, p);
		dec_puts(d, ", ");
		put_utime_ts(d, p + 16);
		dec_puts(d, "]");
	}
	dec_sep(d);
	put_at_flags(d, dec_arg(d, 3));
}

static void
put_utimeval(struct dec *d, const unsigned char *p)
{
	int64_t s = (int64_t)u64at(p, 0), us = (int64_t)u64at(p, 8);

	dec_printf(d, "{tv_sec=%lld, tv_usec=%lld}", (long long)s, (long long)us);
	put_time_comment(d, s, us * 1000);
}

static void
d_utimes(struct dec *d)
{
	const unsigned char *p;

	arg_path(d, 0);
	p = arg_struct(d, 1, 32, NULL);
	if (p) {
		dec_puts(d, "[");
		put_utimeval(d, p);
		dec_puts(d, ", ");
		put_utimeval(d, p + 16);
		dec_puts(d, "]");
	}
}

static void
d_getcwd(struct dec *d)
{
	if (d->exited && !d->failed)
		arg_path(d, 0);
	else
		arg_ptr(d, 0);
	arg_ulong(d, 1);
}

/* getxattr's value: a buffer of ret bytes, NULL when size is 0 */
static void
d_getxattr_common(struct dec *d, int vi)
{
	arg_str(d, vi - 1);
	if (d->exited && !d->failed && dec_arg(d, vi))
		arg_buf(d, vi, (uint64_t)d->ev->ret);
	else
		arg_ptr(d, vi);
	arg_ulong(d, vi + 1);
}

static void
d_getxattr(struct dec *d)
{
	arg_path(d, 0);
	d_getxattr_common(d, 2);
}

static void
d_fgetxattr(struct dec *d)
{
	arg_fd(d, 0);
	d_getxattr_common(d, 2);
}

static const struct sl_xval xattr_flags[] = {
	{ 1, "XATTR_CREATE" }, { 2, "XATTR_REPLACE" }, XEND
};

static void
d_setxattr(struct dec *d)
{
	arg_path(d, 0);
	arg_str(d, 1);
	arg_buf(d, 2, dec_arg(d, 3));
	arg_ulong(d, 3);
	arg_flags(d, 4, xattr_flags, "0");
}

static void
d_fsetxattr(struct dec *d)
{
	arg_fd(d, 0);
	arg_str(d, 1);
	arg_buf(d, 2, dec_arg(d, 3));
	arg_ulong(d, 3);
	arg_flags(d, 4, xattr_flags, "0");
}

static void
d_listxattr(struct dec *d)
{
	arg_path(d, 0);
	if (d->exited && !d->failed && dec_arg(d, 1))
		arg_buf(d, 1, (uint64_t)d->ev->ret);
	else
		arg_ptr(d, 1);
	arg_ulong(d, 2);
}

static void
d_flistxattr(struct dec *d)
{
	arg_fd(d, 0);
	if (d->exited && !d->failed && dec_arg(d, 1))
		arg_buf(d, 1, (uint64_t)d->ev->ret);
	else
		arg_ptr(d, 1);
	arg_ulong(d, 2);
}

/* execve's argv: ["ls", "-l"], at most -s elements, then ... */
static void
put_argv(struct dec *d, int i)
{
	const struct sl_payload *pl = dec_payload(d, (unsigned)i, 0);
	unsigned max = d->o->strsize;

	dec_sep(d);
	if (!dec_arg(d, i)) {
		dec_puts(d, "NULL");
		return;
	}
	if (!pl || (pl->flags & SL_PLF_UNREADABLE)) {
		put_ptr(d, dec_arg(d, i));
		return;
	}
	dec_puts(d, "[");
	for (unsigned k = 0; k < 256; k++) {
		pl = dec_payload(d, (unsigned)i, k);
		if (!pl)
			break;
		if (pl->len == 0 && (pl->flags & SL_PLF_TRUNCATED)) {
			dec_puts(d, k ? ", ..." : "...");
			break;
		}
		if (k)
			dec_puts(d, ", ");
		if (k >= max) {
			dec_puts(d, "...");
			break;
		}
		if (pl->flags & SL_PLF_UNREADABLE) {
			dec_puts(d, "???");
			continue;
		}
		{
			const unsigned char *s = event_payload_data(pl);
			size_t n = strnlen((const char *)s, pl->len);

			decode_quote(d->sb, s, n, max,
				     n == pl->len && (pl->flags & SL_PLF_TRUNCATED));
		}
	}
	dec_puts(d, "]");
}

static void
put_envp(struct dec *d, int i)
{
	const struct sl_payload *pl = dec_payload(d, (unsigned)i, 0);

	dec_sep(d);
	put_ptr(d, dec_arg(d, i));
	if (!dec_arg(d, i) || !pl || (pl->flags & SL_PLF_UNREADABLE))
		return;
	if (pl->kind == SL_CAP_STRV_COUNT && pl->len >= 4) {
		uint32_t n;

		memcpy(&n, event_payload_data(pl), 4);
		dec_printf(d, " /* %u var%s%s */", n, n == 1 ? "" : "s",
			   (pl->flags & SL_PLF_TRUNCATED) ? "..." : "");
		return;
	}
	if (pl->kind == SL_CAP_STRV) {
		unsigned n = 0;
		bool more = false;

		for (; (pl = dec_payload(d, (unsigned)i, n)); n++)
			if (pl->len == 0 && (pl->flags & SL_PLF_TRUNCATED)) {
				more = true;
				break;
			}
		dec_printf(d, " /* %u var%s%s */", n, n == 1 ? "" : "s",
			   more ? "..." : "");
	}
}

static void
d_execve(struct dec *d)
{
	arg_path(d, 0);
	put_argv(d, 1);
	put_envp(d, 2);
}

static const struct sl_xval execveat_flags[] = {
	XV(AT_SYMLINK_NOFOLLOW), XV(AT_EMPTY_PATH), XEND
};

static void
d_execveat(struct dec *d)
{
	arg_dirfd(d, 0);
	arg_path(d, 1);
	put_argv(d, 2);
	put_envp(d, 3);
	arg_flags(d, 4, execveat_flags, "0");
}

static const struct sl_xval inotify_masks[] = {
	{ 0x1, "IN_ACCESS" }, { 0x2, "IN_MODIFY" }, { 0x4, "IN_ATTRIB" },
	{ 0x8, "IN_CLOSE_WRITE" }, { 0x10, "IN_CLOSE_NOWRITE" },
	{ 0x20, "IN_OPEN" }, { 0x40, "IN_MOVED_FROM" }, { 0x80, "IN_MOVED_TO" },
	{ 0x100, "IN_CREATE" }, { 0x200, "IN_DELETE" },
	{ 0x400, "IN_DELETE_SELF" }, { 0x800, "IN_MOVE_SELF" },
	{ 0x2000, "IN_UNMOUNT" }, { 0x4000, "IN_Q_OVERFLOW" },
	{ 0x8000, "IN_IGNORED" }, { 0x1000000, "IN_ONLYDIR" },
	{ 0x2000000, "IN_DONT_FOLLOW" }, { 0x4000000, "IN_EXCL_UNLINK" },
	{ 0x10000000, "IN_MASK_CREATE" }, { 0x20000000, "IN_MASK_ADD" },
	{ 0x40000000, "IN_ISDIR" }, { 0x80000000, "IN_ONESHOT" }, XEND
};

static void
d_inotify_add_watch(struct dec *d)
{
	arg_fd(d, 0);
	arg_path(d, 1);
	arg_flags(d, 2, inotify_masks, "0");
}

static const struct sl_xval memfd_flags[] = {
	{ 1, "MFD_CLOEXEC" }, { 2, "MFD_ALLOW_SEALING" }, { 4, "MFD_HUGETLB" },
	{ 8, "MFD_NOEXEC_SEAL" }, { 16, "MFD_EXEC" }, XEND
};

static void
d_memfd_create(struct dec *d)
{
	arg_str(d, 0);
	arg_flags(d, 1, memfd_flags, "0");
}

static const struct sl_xval umount_flags[] = {
	{ 1, "MNT_FORCE" }, { 2, "MNT_DETACH" }, { 4, "MNT_EXPIRE" },
	{ 8, "UMOUNT_NOFOLLOW" }, XEND
};

static void
d_umount2(struct dec *d)
{
	arg_path(d, 0);
	arg_flags(d, 1, umount_flags, "0");
}

static void
d_umask(struct dec *d)
{
	arg_mode(d, 0);
}

static void
d_fd(struct dec *d)
{
	arg_fd(d, 0);
}

const struct dec_sys dec_file_table[] = {
	SYS("open", d_open, RV_FD, NULL),
	SYS("openat", d_openat, RV_FD, NULL),
	SYS("openat2", d_openat2, RV_FD, NULL),
	SYS("creat", d_creat, RV_FD, NULL),
	SYS("stat", d_stat, RV_DEC, NULL),
	SYS("lstat", d_stat, RV_DEC, NULL),
	SYS("fstat", d_fstat, RV_DEC, NULL),
	SYS("newfstatat", d_newfstatat, RV_DEC, NULL),
	SYS("statx", d_statx, RV_DEC, NULL),
	SYS("statfs", d_statfs, RV_DEC, NULL),
	SYS("fstatfs", d_fstatfs, RV_DEC, NULL),
	SYS("access", d_access, RV_DEC, NULL),
	SYS("faccessat", d_faccessat, RV_DEC, NULL),
	SYS("faccessat2", d_faccessat2, RV_DEC, NULL),
	SYS("readlink", d_readlink, RV_DEC, NULL),
	SYS("readlinkat", d_readlinkat, RV_DEC, NULL),
	SYS("rename", d_path2, RV_DEC, NULL),
	SYS("renameat", d_renameat, RV_DEC, NULL),
	SYS("renameat2", d_renameat2, RV_DEC, NULL),
	SYS("link", d_path2, RV_DEC, NULL),
	SYS("linkat", d_linkat, RV_DEC, NULL),
	SYS("symlink", d_path2, RV_DEC, NULL),
	SYS("symlinkat", d_symlinkat, RV_DEC, NULL),
	SYS("unlink", d_path, RV_DEC, NULL),
	SYS("unlinkat", d_unlinkat, RV_DEC, NULL),
	SYS("rmdir", d_path, RV_DEC, NULL),
	SYS("mkdir", d_path_mode, RV_DEC, NULL),
	SYS("mkdirat", d_dirfd_path_mode, RV_DEC, NULL),
	SYS("mknod", d_mknod, RV_DEC, NULL),
	SYS("mknodat", d_mknodat, RV_DEC, NULL),
	SYS("chdir", d_path, RV_DEC, NULL),
	SYS("fchdir", d_fd, RV_DEC, NULL),
	SYS("chroot", d_path, RV_DEC, NULL),
	SYS("acct", d_path, RV_DEC, NULL),
	SYS("swapoff", d_path, RV_DEC, NULL),
	SYS("chmod", d_path_mode, RV_DEC, NULL),
	SYS("fchmod", d_fchmod, RV_DEC, NULL),
	SYS("fchmodat", d_dirfd_path_mode, RV_DEC, NULL),
	SYS("chown", d_chown, RV_DEC, NULL),
	SYS("lchown", d_chown, RV_DEC, NULL),
	SYS("fchown", d_fchown, RV_DEC, NULL),
	SYS("fchownat", d_fchownat, RV_DEC, NULL),
	SYS("truncate", d_truncate, RV_DEC, NULL),
	SYS("ftruncate", d_ftruncate, RV_DEC, NULL),
	SYS("utimensat", d_utimensat, RV_DEC, NULL),
	SYS("utimes", d_utimes, RV_DEC, NULL),
	SYS("getcwd", d_getcwd, RV_DEC, NULL),
	SYS("getxattr", d_getxattr, RV_DEC, NULL),
	SYS("lgetxattr", d_getxattr, RV_DEC, NULL),
	SYS("fgetxattr", d_fgetxattr, RV_DEC, NULL),
	SYS("setxattr", d_setxattr, RV_DEC, NULL),
	SYS("lsetxattr", d_setxattr, RV_DEC, NULL),
	SYS("fsetxattr", d_fsetxattr, RV_DEC, NULL),
	SYS("listxattr", d_listxattr, RV_DEC, NULL),
	SYS("llistxattr", d_listxattr, RV_DEC, NULL),
	SYS("flistxattr", d_flistxattr, RV_DEC, NULL),
	SYS("execve", d_execve, RV_DEC, NULL),
	SYS("execveat", d_execveat, RV_DEC, NULL),
	SYS("inotify_add_watch", d_inotify_add_watch, RV_DEC, NULL),
	SYS("memfd_create", d_memfd_create, RV_FD, NULL),
	SYS("umount2", d_umount2, RV_DEC, NULL),
	SYS("umask", d_umask, RV_OCT, NULL),
	SYS_END
};
