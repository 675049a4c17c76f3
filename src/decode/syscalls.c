/* syscalls.c - lookups in the generated syscall tables. */
#include <string.h>

#include "syslens/event.h"
#include "syslens/syscalls.h"
#include "syscalltab.h"

int
syscall_arch_index(uint32_t arch)
{
	switch (arch) {
	case SL_ARCH_X86_64:
		return SL_ARCH_IDX_X86_64;
	case SL_ARCH_I386:
		return SL_ARCH_IDX_I386;
	}
	return -1;
}

static const struct sl_sysent *
sysent(uint32_t arch, uint32_t nr)
{
	int idx = syscall_arch_index(arch);

	if (idx < 0 || nr >= SL_NR_MAX)
		return NULL;
	if (idx == SL_ARCH_IDX_X86_64)
		return sl_sysent_x86_64[nr].name ? &sl_sysent_x86_64[nr] : NULL;
	return sl_sysent_i386[nr].name ? &sl_sysent_i386[nr] : NULL;
}

const char *
syscall_name(uint32_t arch, uint32_t nr)
{
	const struct sl_sysent *e = sysent(arch, nr);

	return e ? e->name : NULL;
}

int
syscall_lookup(uint32_t arch, const char *name)
{
	for (uint32_t nr = 0; nr < SL_NR_MAX; nr++) {
		const struct sl_sysent *e = sysent(arch, nr);

		if (e && strcmp(e->name, name) == 0)
			return (int)nr;
	}
	return -1;
}

int
syscall_nargs(uint32_t arch, uint32_t nr)
{
	const struct sl_sysent *e = sysent(arch, nr);

	return e ? e->nargs : 6;
}

unsigned
syscall_classes(uint32_t arch, uint32_t nr)
{
	const struct sl_sysent *e = sysent(arch, nr);

	return e ? e->classes : 0;
}

const char *
syscall_what(uint32_t arch, uint32_t nr)
{
	const struct sl_sysent *e = sysent(arch, nr);

	return e ? e->what : NULL;
}

bool
syscall_param(uint32_t arch, uint32_t nr, int i, char *out, size_t outlen)
{
	const struct sl_sysent *e = sysent(arch, nr);
	const char *p = e ? e->params : NULL;
	size_t n;

	if (outlen)
		out[0] = '\0';
	if (!p || i < 0 || i >= e->nargs)
		return false;
	for (; i > 0 && p; i--) {
		p = strchr(p, ',');
		if (p)
			p++;
	}
	if (!p || !*p || *p == ',')
		return false;
	n = strcspn(p, ",");
	if (n >= outlen)
		return false;
	memcpy(out, p, n);
	out[n] = '\0';
	return true;
}
