/*
 * syslens_bpf.h - what the BPF program (syslens.bpf.c) and its loader
 * (src/collect/ebpf.c) agree on beyond event.h: record kinds, the capture
 * table as the kernel side reads it, loss causes, in-flight records.
 *
 * Fixed-size __u* fields only: this header is compiled for both sides.
 */
#ifndef SYSLENS_BPF_H
#define SYSLENS_BPF_H

#include "syslens/event.h"

/*
 * What a ring-buffer record is, in sl_event.reserved (the loader zeroes it
 * before an event reaches a sink).  Most calls send one FULL record at exit.
 * One with entry payloads builds an ENTRY record (arguments, entry payloads)
 * that its exit completes into a FULL record when the thread kept its CPU
 * meanwhile; when it did not (it blocked, or was preempted), or when the
 * call is an exec, has to read something again at exit or could not read
 * something at entry, the ENTRY record goes on its own and the exit sends
 * an EXIT record (return value, exit payloads), which the loader joins to
 * it by thread.
 */
#define SLB_REC_FULL		0
#define SLB_REC_ENTRY		1
#define SLB_REC_EXIT		2

/* sl_event.reserved2 bits on EXIT records */
#define SLB_R2_HAD_ENTRY	1	/* an ENTRY record was sent for this call */

/* An exec record carries argv as one blob of NUL-separated strings in a
 * payload of this kind; the loader splits it into SL_CAP_STRV parts. */
#define SLB_KIND_ARGBLOB	0x80

/* enum sl_cap_kind and sl_cap_when of capture.h, which the BPF side
 * cannot include (it pulls libc headers); ebpf.c asserts they agree. */
#define SLB_K_STR		1
#define SLB_K_BUF		2
#define SLB_K_STRUCT		3
#define SLB_K_ARRAY		4
#define SLB_K_SOCKADDR		5
#define SLB_K_SOCKADDR_P	6
#define SLB_K_STRV		7
#define SLB_K_IOV		8
#define SLB_K_MSGHDR		9
#define SLB_K_FD		10
#define SLB_K_INTP		11
#define SLB_K_STRV_COUNT	12
#define SLB_K_SIGMASK_SP	13
#define SLB_K_FDPAIR		14
#define SLB_AT_ENTRY		1
#define SLB_AT_EXIT		2
#define SLB_LEN_RET		0xff
#define SLB_LEN_NONE		0xfe

/* The capture table as the BPF side reads it (mirrors struct sl_cap_entry). */
struct slb_cap_arg {
	__u8 kind;
	__u8 when;
	__u8 len_arg;
	__u8 flags;		/* SLB_CAPF_* (capture.h's SL_CAPF_*) */
	__u16 size;
};

#define SLB_CAPF_FDS		0x01
#define SLB_CAPF_FDSET		0x02

#define SLB_CAP_NOEXIT		1	/* exit, exit_group: never return */
#define SLB_CAP_EXEC		2	/* execve, execveat */

struct slb_cap {
	struct slb_cap_arg arg[SL_NARGS];
	__u8 at_exit;		/* some argument is read at exit */
	__u8 special;		/* SLB_CAP_* */
	__u8 fd_ret;		/* -y: the return value is an fd to name at exit */
	/* bit per argument, so that only those are walked: */
	__u8 entry_mask;	/* read (or, -y, named) at entry */
	__u8 exit_mask;		/* read at exit */
	__u8 cut_mask;		/* read at exit when the call failed */
	__u8 pad[2];
};

#define SLB_NR_MAX		512
#define SLB_ARCHES		2	/* SL_ARCH_IDX_X86_64, SL_ARCH_IDX_I386 */

/*
 * -y: fd paths read in the kernel (payload SL_PL_FDPATH_BASE + arg at
 * entry, SL_PL_FDPATH_RET at exit), before close or a reuse can change
 * what the number names.  Built in a per-CPU buffer backwards from its
 * middle: SLB_PATHBUF_HALF bytes of path at the most.
 */
#define SLB_PATH_DEPTH		40	/* components walked, mount hops included */
#define SLB_PATHBUF_HALF	4096

/* filter bits (rodata) */
#define SLB_F_PIDS		1	/* only tgids in the pids map */
#define SLB_F_CGROUP		2	/* only tasks under the cgroup in cgmap */

/* values in the pids map */
#define SLB_PID_TRACED		0
#define SLB_PID_AWAIT_EXEC	1	/* launched child: trace from its execve on */

/* causes of loss, per CPU, in the lost map */
enum slb_lost_cause {
	SLB_LOST_RINGBUF = 0,	/* the ring buffer was full */
	SLB_LOST_BUSY,		/* the per-CPU scratch buffer was in use */
	SLB_LOST_NOSTATE,	/* no task storage for the entry state */
	SLB_LOST_PIDMAP,	/* the traced-pid map was full at fork */
	SLB_LOST_CAUSES
};

/* One record of the in-flight iterator: a call entered and not returned. */
struct slb_inflight {
	__u32 pid;
	__u32 tid;
	__u32 nr;
	__u32 arch;
	__u64 args[SL_NARGS];
	__u64 ts_enter;
	__u64 cgroup_id;
	char comm[SL_COMM_LEN];
};

/* Scratch room for one record: header, payloads, and slack for one read
 * that starts at the very end of the payload area (the verifier knows a
 * read's length as below 2 * SL_CAPTURE_MAX). */
#define SLB_SCRATCH_SIZE	(sizeof(struct sl_event) + SL_PAYLOAD_MAX + \
				 sizeof(struct sl_payload) + 2 * SL_CAPTURE_MAX + 64)

#endif /* SYSLENS_BPF_H */
