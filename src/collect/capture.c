/*
 * capture.c - the capture table: what each syscall argument points to and
 * when collectors read it.  Indexed by syscall name so that one table
 * serves every arch.
 */
#include <string.h>

#include "syslens/capture.h"
#include "syslens/syscalls.h"

#define STR_IN		{ SL_CAP_STR, SL_AT_ENTRY, SL_LEN_NONE, 0, 0 }
#define FD		{ SL_CAP_FD, SL_AT_ENTRY, SL_LEN_NONE, 0, 0 }
#define BUF_IN(n)	{ SL_CAP_BUF, SL_AT_ENTRY, (n), 0, 0 }
#define STRV_IN		{ SL_CAP_STRV, SL_AT_ENTRY, SL_LEN_NONE, 0, 0 }
#define BUF_OUT		{ SL_CAP_BUF, SL_AT_EXIT, SL_LEN_RET, 0, 0 }

struct cap_named {
	const char *name;
	struct sl_cap_entry e;
};

static const struct cap_named cap_table[] = {
	{ "read", { { FD, BUF_OUT }, 0 } },
	{ "write", { { FD, BUF_IN(2) }, 0 } },
	{ "openat", { { FD, STR_IN }, 1 } },
	{ "open", { { STR_IN }, 1 } },
	{ "close", { { FD }, 0 } },
	{ "execve", { { STR_IN, STRV_IN, STRV_IN }, 0 } },
	{ "execveat", { { FD, STR_IN, STRV_IN, STRV_IN }, 0 } },
};

static struct sl_cap_entry by_nr[SL_ARCH_COUNT][SL_NR_MAX];
static int built;

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
	built = 1;
}

const struct sl_cap_entry *
capture_lookup(uint32_t arch, uint32_t nr)
{
	static const struct sl_cap_entry none;
	int a = syscall_arch_index(arch);

	if (!built)
		capture_build();
	if (a < 0 || nr >= SL_NR_MAX)
		return &none;
	return &by_nr[a][nr];
}
