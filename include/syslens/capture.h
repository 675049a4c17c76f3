/*
 * capture.h - which argument of which syscall carries data worth reading.
 *
 * One table, followed by every collector (ptrace reads with
 * process_vm_readv, the BPF program with bpf_probe_read_user), says for
 * each syscall argument what it points to and when to read it.  Decoders
 * then find the bytes as payloads of the event (event.h).
 */
#ifndef SYSLENS_CAPTURE_H
#define SYSLENS_CAPTURE_H

#include <stdint.h>
#include "syslens/event.h"

enum sl_cap_kind {
	SL_CAP_NONE = 0,
	SL_CAP_STR,		/* NUL-terminated string (path, name) */
	SL_CAP_BUF,		/* bytes; count from arg len_arg, or the return
				 * value when len_arg == SL_LEN_RET */
	SL_CAP_STRUCT,		/* `size` bytes */
	SL_CAP_ARRAY,		/* elements of `size` bytes, count from arg
				 * len_arg or the return value (SL_LEN_RET) */
	SL_CAP_SOCKADDR,	/* socket address, length in arg len_arg */
	SL_CAP_SOCKADDR_P,	/* socket address, length behind pointer arg
				 * len_arg (socklen_t *), read at exit */
	SL_CAP_STRV,		/* NULL-terminated array of strings: one payload
				 * per string, part = index; a last empty payload
				 * with SL_PLF_TRUNCATED when more were left */
	SL_CAP_IOV,		/* struct iovec array, count in arg len_arg: part 0
				 * the iovec array, part i+1 buffer i (for reads,
				 * at exit, no more than the return value in all) */
	SL_CAP_MSGHDR,		/* struct msghdr: part 0 the msghdr, part 1 the
				 * name, part 2 the iovec array, part 3 the
				 * control data, part 4+i iovec buffer i */
	SL_CAP_FD,		/* a file descriptor: its path (readlink of
				 * /proc/PID/fd/N, or /proc/PID/cwd for
				 * AT_FDCWD) is captured as payload arg
				 * SL_PL_FDPATH_BASE + arg when paths are asked */
	SL_CAP_INTP,		/* pointer to an int / socklen_t, `size` bytes */
	SL_CAP_STRV_COUNT,	/* NULL-terminated array of pointers of which
				 * only the count is wanted (execve's envp):
				 * one payload, a __u32 count; SL_PLF_TRUNCATED
				 * when the walk stopped before the NULL */
	SL_CAP_SIGMASK_SP,	/* rt_sigreturn: the 8-byte signal mask saved in
				 * the ucontext at the stack pointer plus `size`
				 * (x86_64: 296); the argument itself is unused */
	SL_CAP_FDPAIR,		/* int[2] of new fds filled at exit (pipe2,
				 * socketpair): the 8 bytes as part 0 and, when
				 * fd paths are asked, each fd's path as payload
				 * arg SL_PL_FDPATH_BASE + arg, parts 0 and 1 */
	SL_CAP_KIND_MAX
};

enum sl_cap_when {
	SL_AT_ENTRY = 1,
	SL_AT_EXIT = 2,		/* only read when the call succeeded... */
	SL_AT_CUT = 4,		/* ...or, with SL_AT_EXIT, was cut by a signal
				 * (ERESTART_RESTARTBLOCK, EINTR): what the
				 * kernel fills for a retry (nanosleep's
				 * remaining time) */
	SL_AT_BOTH = 3,		/* value-result: read at entry and at exit
				 * (two payloads with the same arg and part;
				 * the exit one carries SL_PLF_EXIT) */
};

/*
 * Flags in sl_cap_arg.reserved.  With fd paths asked (-y), the collector
 * also captures the path of every fd the argument holds, as payloads of
 * arg SL_PL_FDPATH_BASE + arg, part k for the k-th fd (at entry only):
 */
#define SL_CAPF_FDS	0x01	/* ARRAY whose elements start with an int fd (pollfd) */
#define SL_CAPF_FDSET	0x02	/* STRUCT that is an fd_set: k-th set bit */

#define SL_LEN_RET	0xff	/* len_arg: the length is the return value */
#define SL_LEN_NONE	0xfe	/* len_arg: no length argument */

struct sl_cap_arg {
	uint8_t kind;		/* enum sl_cap_kind */
	uint8_t when;		/* enum sl_cap_when */
	uint8_t len_arg;	/* argument giving the length, or SL_LEN_* */
	uint8_t reserved;	/* SL_CAPF_* flags */
	uint16_t size;		/* struct or element size in bytes; for
				 * SL_CAP_BUF, when non-zero, the bytes to
				 * capture instead of capture_size(-s)
				 * (getdents64 wants whole arrays, to count
				 * their entries) */
};

struct sl_cap_entry {
	struct sl_cap_arg arg[SL_NARGS];
	uint8_t ret_fd;		/* the return value is a new fd (path wanted with -y) */
};

/*
 * What to capture for syscall `nr` of `arch`.  Never NULL: a syscall with
 * nothing to capture gets an all-empty entry.
 */
const struct sl_cap_entry *capture_lookup(uint32_t arch, uint32_t nr);

/* Bytes to capture of one string or buffer for a given -s value. */
static inline unsigned
capture_size(unsigned strsize)
{
	unsigned n = strsize < SL_CAPTURE_MIN ? SL_CAPTURE_MIN : strsize + 1;

	return n > SL_CAPTURE_MAX ? SL_CAPTURE_MAX : n;
}

#endif /* SYSLENS_CAPTURE_H */
