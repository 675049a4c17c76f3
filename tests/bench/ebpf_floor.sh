#!/usr/bin/env bash
# tests/bench/ebpf_floor.sh - the floor under the eBPF collector's figures
# (tests/bench/ebpf.sh): a getppid loop and the tar of ebpf.sh with nothing
# attached, with an empty program on syscall entry, on entry and exit, with
# a clock read in both, with a ring-buffer record per call, and with that
# and one read of user memory, as ratios to the first.  Needs root and
# kernel BTF.
#
#   BUILD=build bash tests/bench/ebpf_floor.sh
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
FLOOR=$BUILD/bench/ebpf_floor

if [ "$(id -u)" != 0 ] || [ ! -r /sys/kernel/btf/vmlinux ]; then
	echo "ebpf_floor bench: skipped (needs root and kernel BTF)"
	exit 0
fi
if [ ! -x "$FLOOR" ]; then
	echo "ebpf_floor bench: skipped ($FLOOR not built: make bench builds it)"
	exit 0
fi
echo "eBPF floor ($(nproc) CPUs, best of ${REPS:-5} runs of ${N:-2000000} calls; ratios to nothing attached)"
"$FLOOR" "${N:-2000000}" "${REPS:-5}"
