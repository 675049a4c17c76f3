// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * ebpf_floor.bpf.c - the least a program on the syscall tracepoints can
 * cost (tests/bench/ebpf_floor.c attaches them in turn): an empty program
 * at entry, empty ones at entry and exit, and one clock read at each, the
 * least syslens's collector does for a call it records.  What syslens
 * costs above these is its own; what these cost is the kernel's and the
 * CPU's (the tracepoint's call into BPF, its mitigations).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* the clock reads land here, so that they are not left out */
__u64 sink_ts = 0;

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
