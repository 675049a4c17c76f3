/*
 * memory.c - decoders of the memory syscalls: mmap, mprotect, munmap,
 * brk, madvise, mremap, msync, mlock.
 */
#include "dec.h"

static const struct sl_xval prots[] = {
	{ 1, "PROT_READ" }, { 2, "PROT_WRITE" }, { 4, "PROT_EXEC" },
	{ 8, "PROT_SEM" }, { 0x1000000, "PROT_GROWSDOWN" },
	{ 0x2000000, "PROT_GROWSUP" }, XEND
};
static const struct sl_xval map_types[] = {
	{ 1, "MAP_SHARED" }, { 2, "MAP_PRIVATE" }, { 3, "MAP_SHARED_VALIDATE" },
	XEND
};
static const struct sl_xval map_flags[] = {
	{ 0x10, "MAP_FIXED" }, { 0x20, "MAP_ANONYMOUS" }, { 0x40, "MAP_32BIT" },
	{ 0x100, "MAP_GROWSDOWN" }, { 0x800, "MAP_DENYWRITE" },
	{ 0x1000, "MAP_EXECUTABLE" }, { 0x2000, "MAP_LOCKED" },
	{ 0x4000, "MAP_NORESERVE" }, { 0x8000, "MAP_POPULATE" },
	{ 0x10000, "MAP_NONBLOCK" }, { 0x20000, "MAP_STACK" },
	{ 0x40000, "MAP_HUGETLB" }, { 0x80000, "MAP_SYNC" },
	{ 0x100000, "MAP_FIXED_NOREPLACE" }, { 0x4000000, "MAP_UNINITIALIZED" },
	XEND
};

static void
arg_prot(struct dec *d, int i)
{
	arg_flags(d, i, prots, "PROT_NONE");
}

static void
d_mmap(struct dec *d)
{
	uint64_t fl = dec_arg(d, 3) & 0xffffffff;
	uint64_t type = fl & 0xf;

	arg_ptr(d, 0);
	arg_ulong(d, 1);
	arg_prot(d, 2);
	dec_sep(d);
	put_xval(d, type, map_types, NULL);
	fl &= ~0xfull;
	if (fl >> 26) {
		dec_printf(d, "|%llu<<MAP_HUGE_SHIFT", (unsigned long long)(fl >> 26));
		fl &= (1ull << 26) - 1;
	}
	if (fl) {
		dec_puts(d, "|");
		put_flags(d, fl, map_flags, "0");
	}
	arg_fd(d, 4);
	arg_hex(d, 5);
}

static void
d_mprotect(struct dec *d)
{
	arg_ptr(d, 0);
	arg_ulong(d, 1);
	arg_prot(d, 2);
}

static void
d_munmap(struct dec *d)
{
	arg_ptr(d, 0);
	arg_ulong(d, 1);
}

static void
d_brk(struct dec *d)
{
	arg_ptr(d, 0);
}

static const struct sl_xval madvs[] = {
	{ 0, "MADV_NORMAL" }, { 1, "MADV_RANDOM" }, { 2, "MADV_SEQUENTIAL" },
	{ 3, "MADV_WILLNEED" }, { 4, "MADV_DONTNEED" }, { 8, "MADV_FREE" },
	{ 9, "MADV_REMOVE" }, { 10, "MADV_DONTFORK" }, { 11, "MADV_DOFORK" },
	{ 12, "MADV_MERGEABLE" }, { 13, "MADV_UNMERGEABLE" },
	{ 14, "MADV_HUGEPAGE" }, { 15, "MADV_NOHUGEPAGE" },
	{ 16, "MADV_DONTDUMP" }, { 17, "MADV_DODUMP" }, { 18, "MADV_WIPEONFORK" },
	{ 19, "MADV_KEEPONFORK" }, { 20, "MADV_COLD" }, { 21, "MADV_PAGEOUT" },
	{ 22, "MADV_POPULATE_READ" }, { 23, "MADV_POPULATE_WRITE" },
	{ 24, "MADV_DONTNEED_LOCKED" }, { 25, "MADV_COLLAPSE" },
	{ 100, "MADV_HWPOISON" }, { 101, "MADV_SOFT_OFFLINE" }, XEND
};

static void
d_madvise(struct dec *d)
{
	arg_ptr(d, 0);
	arg_ulong(d, 1);
	arg_xval(d, 2, madvs, "MADV_???");
}

static const struct sl_xval mremap_flags[] = {
	{ 1, "MREMAP_MAYMOVE" }, { 2, "MREMAP_FIXED" }, { 4, "MREMAP_DONTUNMAP" },
	XEND
};

static void
d_mremap(struct dec *d)
{
	arg_ptr(d, 0);
	arg_ulong(d, 1);
	arg_ulong(d, 2);
	arg_flags(d, 3, mremap_flags, "0");
	if (dec_arg(d, 3) & 2)
		arg_ptr(d, 4);
}

static const struct sl_xval ms_flags[] = {
	{ 4, "MS_SYNC" }, { 1, "MS_ASYNC" }, { 2, "MS_INVALIDATE" }, XEND
};

static void
d_msync(struct dec *d)
{
	arg_ptr(d, 0);
	arg_ulong(d, 1);
	arg_flags(d, 2, ms_flags, "0");
}

static const struct sl_xval mcl_flags[] = {
	{ 1, "MCL_CURRENT" }, { 2, "MCL_FUTURE" }, { 4, "MCL_ONFAULT" }, XEND
};

static void
d_mlockall(struct dec *d)
{
	arg_flags(d, 0, mcl_flags, "0");
}

static const struct sl_xval mlock2_flags[] = { { 1, "MLOCK_ONFAULT" }, XEND };

static void
d_mlock2(struct dec *d)
{
	d_munmap(d);
	arg_flags(d, 2, mlock2_flags, "0");
}

static void
d_mincore(struct dec *d)
{
	arg_ptr(d, 0);
	arg_ulong(d, 1);
	arg_ptr(d, 2);
}

static void
d_pkey_mprotect(struct dec *d)
{
	d_mprotect(d);
	arg_int(d, 3);
}

const struct dec_sys dec_memory_table[] = {
	SYS("mmap", d_mmap, RV_HEX, NULL),
	SYS("mprotect", d_mprotect, RV_DEC, NULL),
	SYS("pkey_mprotect", d_pkey_mprotect, RV_DEC, NULL),
	SYS("munmap", d_munmap, RV_DEC, NULL),
	SYS("mlock", d_munmap, RV_DEC, NULL),
	SYS("munlock", d_munmap, RV_DEC, NULL),
	SYS("mlock2", d_mlock2, RV_DEC, NULL),
	SYS("mlockall", d_mlockall, RV_DEC, NULL),
	SYS("brk", d_brk, RV_HEX, NULL),
	SYS("madvise", d_madvise, RV_DEC, NULL),
	SYS("mremap", d_mremap, RV_HEX, NULL),
	SYS("msync", d_msync, RV_DEC, NULL),
	SYS("mincore", d_mincore, RV_DEC, NULL),
	SYS_END
};
