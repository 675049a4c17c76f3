/*
 * event.h - the one record layout shared by every part of syslens.
 *
 * The BPF program, the ptrace collector, the in-memory store and the
 * recording file all carry this exact layout: fixed-size integer fields,
 * fixed arrays, sizes pinned below.  A record is a struct sl_event header
 * followed by payload_len bytes of payloads; each payload is a struct
 * sl_payload header followed by its data, padded to 8 bytes.
 *
 * Collectors capture raw bytes only; decoding to text happens lazily in
 * src/decode/ when something needs it.
 */
#ifndef SYSLENS_EVENT_H
#define SYSLENS_EVENT_H

#ifdef __BPF__
/* vmlinux.h already provides the __u* types */
#else
#include <linux/types.h>
#include <stddef.h>
#endif

#define SL_NARGS		6
#define SL_COMM_LEN		16
/* bytes captured per string or buffer at the least (-s may ask for more) */
#define SL_CAPTURE_MIN		256
/* bytes captured per string or buffer at the most */
#define SL_CAPTURE_MAX		4096
/* payload bytes one event may carry (strings, buffers, structs) */
#define SL_PAYLOAD_MAX		16384
/* elements captured of an argv/envp, iovec or other array at the most */
#define SL_ARRAY_MAX		64

/* audit arch values (as in <linux/audit.h>), kept here for the BPF side */
#define SL_ARCH_X86_64		0xc000003eU
#define SL_ARCH_I386		0x40000003U

enum sl_event_type {
	SL_EV_SYSCALL = 1,	/* one syscall: entry, or entry and exit.
				 * restart_syscall (no arguments of its own):
				 * args[0] = 1 + the number of the call it
				 * resumes, 0 when the collector did not see it */
	SL_EV_FORK = 2,		/* args[0] child pid, args[1] child tid,
				 * args[2] clone flags; pid/tid = parent */
	SL_EV_EXEC = 3,		/* payloads: path (arg 0), argv (arg 1, SL_CAP_STRV);
				 * args[0] = former tid when a non-leader exec'd */
	SL_EV_EXIT = 4,		/* a thread or process ended: ret = wait status
				 * (as waitpid gives it); args[0] = 1 when the whole
				 * process (thread group) ended */
	SL_EV_SIGNAL = 5,	/* signal delivered: args[0] signo, args[1] si_code,
				 * args[2] si_pid, args[3] si_uid, args[4] si_status,
				 * args[5] si_addr or si_value; ret = si_errno.
				 * Optionally a payload (arg 0, part 0,
				 * SL_CAP_STRUCT): the raw 128-byte siginfo_t
				 * as PTRACE_GETSIGINFO gives it, which the
				 * decoder prefers (si_utime, si_timerid...) */
	SL_EV_LOST = 6,		/* args[0] events the kernel side could not deliver */
	SL_EV_STOP = 7,		/* group-stop: args[0] stop signal */
	SL_EV_DETACH = 8,	/* a tracee was detached (still running) */
};

enum sl_event_flags {
	SL_EVF_INFLIGHT = 1 << 0,	/* entered, exit not seen yet */
	SL_EVF_TRUNCATED = 1 << 1,	/* some payload was cut */
	SL_EVF_UNREADABLE = 1 << 2,	/* some payload could not be read */
	SL_EVF_INTERRUPTED = 1 << 3,	/* returned ERESTART* / was restarted */
	SL_EVF_NOEXIT = 1 << 4,		/* will never exit (exit, exit_group,
					 * tracee gone): ret is unknown, "= ?" */
	SL_EVF_ALERT = 1 << 5,		/* matched a security rule */
	SL_EVF_DETACHED = 1 << 6,	/* with NOEXIT: the tracer left while the
					 * call was in flight; it goes on untraced
					 * ("= ? <detached ...>") */
};

/*
 * A payload: captured bytes of one argument.  `arg` is 0..5 for an
 * argument, SL_PL_RET for data tied to the return value; `part` numbers
 * the pieces of one argument (argv strings, iovec buffers, the parts of a
 * msghdr).  Data follows the header, padded to 8 bytes.
 */
#define SL_PL_RET		6
#define SL_PL_FDPATH_BASE	8	/* arg + SL_PL_FDPATH_BASE: path of the fd in that arg */
#define SL_PL_FDPATH_RET	(SL_PL_FDPATH_BASE + SL_PL_RET)

enum sl_payload_flags {
	SL_PLF_TRUNCATED = 1 << 0,	/* more bytes existed than were kept */
	SL_PLF_UNREADABLE = 1 << 1,	/* the address could not be read: data empty */
	SL_PLF_EXIT = 1 << 2,		/* read at syscall exit */
};

struct sl_payload {
	__u8 arg;
	__u8 kind;	/* enum sl_cap_kind (capture.h) */
	__u8 flags;	/* enum sl_payload_flags */
	__u8 part;
	__u32 len;	/* data bytes following, before padding */
};

struct sl_event {
	__u32 size;		/* bytes of the whole record, header included */
	__u16 type;		/* enum sl_event_type */
	__u16 flags;		/* enum sl_event_flags */
	__u32 pid;		/* thread group id (host namespace) */
	__u32 tid;		/* thread id (host namespace) */
	__u32 nr;		/* syscall number, in `arch` numbering */
	__u32 arch;		/* SL_ARCH_* */
	__u64 args[SL_NARGS];
	__s64 ret;		/* return value, -errno on failure */
	__u64 ts_enter;		/* CLOCK_MONOTONIC ns */
	__u64 ts_exit;		/* CLOCK_MONOTONIC ns, 0 while in flight */
	__u64 seq;		/* collector's sequence number */
	__u64 cgroup_id;	/* cgroup v2 id of the task (0: unknown) */
	__u32 ns_pid;		/* pid as seen in its own pid namespace (0: same) */
	__u32 payload_len;	/* bytes of payloads after the header */
	__u16 npayload;
	__u16 reserved;
	__u32 reserved2;
	char comm[SL_COMM_LEN];
};

_Static_assert(sizeof(struct sl_payload) == 8, "sl_payload layout");
_Static_assert(sizeof(struct sl_event) == 144, "sl_event layout");

#define SL_EVENT_MAX		(sizeof(struct sl_event) + SL_PAYLOAD_MAX)
#define SL_ALIGN8(n)		(((n) + 7u) & ~7u)

#ifndef __BPF__
/* A buffer big enough for any event; collectors build events in one. */
struct sl_event_buf {
	struct sl_event ev;
	unsigned char data[SL_PAYLOAD_MAX];
};

/* Iterate over payloads: first returns NULL when there are none. */
const struct sl_payload *event_payload_first(const struct sl_event *ev);
const struct sl_payload *event_payload_next(const struct sl_event *ev,
					    const struct sl_payload *pl);
/* The payload for (arg, part), or NULL. */
const struct sl_payload *event_payload_find(const struct sl_event *ev,
					    unsigned arg, unsigned part);
static inline const unsigned char *
event_payload_data(const struct sl_payload *pl)
{
	return (const unsigned char *)(pl + 1);
}

/* Reset buf to an empty event of the given type. */
void event_init(struct sl_event_buf *buf, unsigned type);
/*
 * Append a payload.  Data beyond what fits is cut and the payload marked
 * truncated.  Returns a pointer to the payload's data area (so a caller can
 * fill it in place when data is NULL), or NULL when not even the header fit
 * (the event is then marked truncated).
 */
unsigned char *event_add_payload(struct sl_event_buf *buf, unsigned arg,
				 unsigned kind, unsigned flags, unsigned part,
				 const void *data, size_t len);
/* Room left for payload data in buf, after one more payload header. */
size_t event_room(const struct sl_event_buf *buf);
#endif

#endif /* SYSLENS_EVENT_H */
