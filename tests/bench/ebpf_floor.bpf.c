// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * ebpf_floor.bpf.c - the least a program on the syscall tracepoints can
 * cost (tests/bench/ebpf_floor.c attaches them in turn, a pair at a time):
 * an empty program at entry, empty ones at entry and exit, one clock read
 * at each, then the least a recorder of every call with its duration does
 * (the clock at both ends, one ring-buffer record per call), and that plus
 * one read of user memory, as a string or a struct argument costs.  The
 * recorder keeps its entry state per CPU, which holds for the one-thread
 * loop measured and is cheaper than any per-thread store.  What syslens
 * costs above these is its own; what these cost is the kernel's and the
 * CPU's (the tracepoint's call into BPF, helper calls through the
 * mitigations, the user-memory access checks).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* the clock reads land here, so that they are not left out */
__u64 sink_ts = 0;

/* as big as syslens's record header */
struct rec {
	__u64 ts_enter;
	__u64 ts_exit;
	__u64 args[6];
	__s64 ret;
	__u64 nr;
	__u8 rest[64];
};

struct user_rec {
	struct rec r;
	__u8 data[64];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20);
} rb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct rec);
} entry SEC(".maps");

SEC("tp_btf/sys_enter")
int BPF_PROG(empty_enter, struct pt_regs *regs, long id)
{
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(empty_exit, struct pt_regs *regs, long ret)
{
	return 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(clock_enter, struct pt_regs *regs, long id)
{
	sink_ts = bpf_ktime_get_ns();
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(clock_exit, struct pt_regs *regs, long ret)
{
	sink_ts = bpf_ktime_get_ns();
	return 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(rec_enter, struct pt_regs *regs, long id)
{
	__u32 zero = 0;
	struct rec *e = bpf_map_lookup_elem(&entry, &zero);

	if (!e)
		return 0;
	e->nr = id;
	e->args[0] = regs->di;
	e->args[1] = regs->si;
	e->args[2] = regs->dx;
	e->args[3] = regs->r10;
	e->args[4] = regs->r8;
	e->args[5] = regs->r9;
	e->ts_enter = bpf_ktime_get_ns();
	return 0;
}

static __always_inline void
record(struct pt_regs *regs, long ret, int read_user)
{
	__u32 zero = 0;
	struct rec *e = bpf_map_lookup_elem(&entry, &zero);
	struct user_rec *r;

	if (!e)
		return;
	r = bpf_ringbuf_reserve(&rb, read_user ? sizeof(*r) : sizeof(r->r), 0);
	if (!r)
		return;
	__builtin_memcpy(&r->r, e, sizeof(*e));
	r->r.ret = ret;
	r->r.ts_exit = bpf_ktime_get_ns();
	if (read_user)
		bpf_probe_read_user(r->data, sizeof(r->data), (void *)regs->sp);
	bpf_ringbuf_submit(r, BPF_RB_NO_WAKEUP);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(rec_exit, struct pt_regs *regs, long ret)
{
	record(regs, ret, 0);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(read_exit, struct pt_regs *regs, long ret)
{
	record(regs, ret, 1);
	return 0;
}
