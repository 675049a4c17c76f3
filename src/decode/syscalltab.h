/* syscalltab.h - the generated per-arch tables (see tools/gen-syscalls.sh). */
#ifndef SYSLENS_SYSCALLTAB_H
#define SYSLENS_SYSCALLTAB_H

#include "syslens/syscalls.h"

struct sl_sysent {
	const char *name;
	int nargs;
	unsigned classes;
	const char *params;	/* the kernel's parameter names, "fd,buf,count" */
	const char *what;	/* what the call does, one line */
};

extern const struct sl_sysent sl_sysent_x86_64[SL_NR_MAX];
extern const struct sl_sysent sl_sysent_i386[SL_NR_MAX];

#endif
