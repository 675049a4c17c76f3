/*
 * ptrace_seccomp.c - the seccomp-bpf filter behind -e trace=SET: syscalls
 * in the set stop the tracer (SECCOMP_RET_TRACE), the rest run without a
 * stop.  The filter is installed in the launched child just before it
 * execs, so every descendant inherits it and none of them stops for an
 * untraced call.
 *
 * A filter cannot be taken back: a launched process that syslens detached
 * from would keep it, and the kernel would then fail the calls of the set
 * with ENOSYS (as under strace --seccomp-bpf).  So a stop request does not
 * detach such a command: syslens follows it quietly until it ends
 * (follow_quietly in ptrace.c), and only a second request leaves it.
 * Attached processes never get one; -e is applied in syslens for them.
 *
 * libseccomp builds the program (one sub-filter per arch, checked by
 * seccomp_data.arch); we export it to memory in the parent, because the
 * child, between fork and exec, may only make async-signal-safe calls.
 */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "ptrace_int.h"
#include "syslens/syscalls.h"
#include "syslens/util.h"

/*
 * Rules for one arch.  libseccomp takes syscall numbers in the native
 * numbering (with its own negative numbers for calls the native arch lacks)
 * and translates them per arch by name, so we go through the name.
 */
static int
filter_arch_rules(scmp_filter_ctx ctx, const struct sl_traceset *ts, int idx,
		  uint32_t arch)
{
	for (uint32_t nr = 0; nr < SL_NR_MAX; nr++) {
		const char *name;
		int num, rc;

		if (!traceset_has(ts, idx, nr))
			continue;
		name = syscall_name(arch, nr);
		if (!name)
			continue;
		num = seccomp_syscall_resolve_name(name);
		if (num == __NR_SCMP_ERROR)
			continue;	/* libseccomp does not know it: not filtered */
		rc = seccomp_rule_add(ctx, SCMP_ACT_TRACE(0), num, 0);
		if (rc < 0 && rc != -EEXIST)
			return rc;
	}
	return 0;
}

static scmp_filter_ctx
filter_ctx(const struct sl_traceset *ts, int idx, uint32_t arch,
	   uint32_t scmp_arch, int *rc)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);

	if (!ctx) {
		*rc = -ENOMEM;
		return NULL;
	}
	/* never let the filter kill the tracee for an arch it does not cover */
	*rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_ALLOW);
	if (!*rc && scmp_arch != SCMP_ARCH_NATIVE && scmp_arch != seccomp_arch_native()) {
		*rc = seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE);
		if (!*rc)
			*rc = seccomp_arch_add(ctx, scmp_arch);
	}
	if (!*rc)
		*rc = filter_arch_rules(ctx, ts, idx, arch);
	if (*rc) {
		seccomp_release(ctx);
		return NULL;
	}
	return ctx;
}

int
ptrace_filter_build(struct ptrace_filter *f, const struct sl_traceset *ts,
		    char *why, size_t whylen)
{
	scmp_filter_ctx ctx = NULL, ctx32 = NULL;
	int rc, fd = -1;
	off_t size;

	memset(f, 0, sizeof(*f));
	ctx = filter_ctx(ts, SL_ARCH_IDX_X86_64, SL_ARCH_X86_64, SCMP_ARCH_X86_64, &rc);
	if (!ctx)
		goto out;
	ctx32 = filter_ctx(ts, SL_ARCH_IDX_I386, SL_ARCH_I386, SCMP_ARCH_X86, &rc);
	if (!ctx32)
		goto out;
	rc = seccomp_merge(ctx, ctx32);
	if (rc)
		goto out;
	ctx32 = NULL;	/* merged: released with ctx */
	fd = memfd_create("syslens-filter", MFD_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		goto out;
	}
	rc = seccomp_export_bpf(ctx, fd);
	if (rc)
		goto out;
	size = lseek(fd, 0, SEEK_END);
	if (size <= 0 || size % sizeof(struct sock_filter) ||
	    size / sizeof(struct sock_filter) > BPF_MAXINSNS) {
		rc = -E2BIG;
		goto out;
	}
	f->prog = xmalloc((size_t)size);
	if (pread(fd, f->prog, (size_t)size, 0) != size) {
		rc = -EIO;
		free(f->prog);
		f->prog = NULL;
		goto out;
	}
	f->len = (unsigned short)(size / sizeof(struct sock_filter));
	rc = 0;
out:
	if (rc)
		snprintf(why, whylen, "cannot build the seccomp filter for -e: %s",
			 strerror(-rc));
	if (fd >= 0)
		close(fd);
	if (ctx32)
		seccomp_release(ctx32);
	if (ctx)
		seccomp_release(ctx);
	return rc;
}

int
ptrace_filter_load(const struct ptrace_filter *f)
{
	struct sock_fprog prog = { .len = f->len, .filter = f->prog };

	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0)
		return 0;
	if (errno != EACCES)
		return -errno;
	/* without CAP_SYS_ADMIN a filter needs no_new_privs */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		return -errno;
	return 0;
}

void
ptrace_filter_free(struct ptrace_filter *f)
{
	free(f->prog);
	f->prog = NULL;
	f->len = 0;
}
