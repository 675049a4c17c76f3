/*
 * syscalls.h - the syscall tables: numbers, names, argument counts and
 * strace's classes (%file, %network, ...).
 *
 * Number-to-name tables are generated at build time from the kernel's
 * <asm/unistd_64.h> and <asm/unistd_32.h>; the rest comes from
 * src/decode/syscalls.def, one syscall a line.
 */
#ifndef SYSLENS_SYSCALLS_H
#define SYSLENS_SYSCALLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SL_NR_MAX	512	/* syscall numbers are below this on every arch */

/* strace's syscall classes, as in -e trace=%class */
enum sl_sys_class {
	SL_TF = 1 << 0,		/* %file: takes a file name */
	SL_TN = 1 << 1,		/* %network */
	SL_TP = 1 << 2,		/* %process */
	SL_TS = 1 << 3,		/* %signal */
	SL_TM = 1 << 4,		/* %memory */
	SL_TD = 1 << 5,		/* %desc: takes or returns an fd */
	SL_TI = 1 << 6,		/* %ipc */
	SL_TC = 1 << 7,		/* %creds */
	SL_TCLOCK = 1 << 8,	/* %clock */
	SL_TST = 1 << 9,	/* %stat, %fstat, %lstat, %statfs... (any stat) */
	SL_TPURE = 1 << 10,	/* %pure: always succeeds, no args */
};

enum sl_arch_idx {
	SL_ARCH_IDX_X86_64 = 0,
	SL_ARCH_IDX_I386 = 1,
	SL_ARCH_COUNT
};

/* Index of an audit arch value, or -1 when unknown. */
int syscall_arch_index(uint32_t arch);

/* The syscall's name, or NULL when the number is unknown for that arch. */
const char *syscall_name(uint32_t arch, uint32_t nr);
/* The number for a name, or -1. */
int syscall_lookup(uint32_t arch, const char *name);
/* Argument count as strace prints it (6 when unknown). */
int syscall_nargs(uint32_t arch, uint32_t nr);
/* Bitmask of enum sl_sys_class. */
unsigned syscall_classes(uint32_t arch, uint32_t nr);
/* What the call does, in one line, or NULL when not written down. */
const char *syscall_what(uint32_t arch, uint32_t nr);
/*
 * The name of parameter i as the kernel calls it ("count" for read's
 * third) into out; false when unknown (out then empty).
 */
bool syscall_param(uint32_t arch, uint32_t nr, int i, char *out, size_t outlen);

#endif /* SYSLENS_SYSCALLS_H */
