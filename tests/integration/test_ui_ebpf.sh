#!/usr/bin/env bash
# test_ui_ebpf.sh - the interface over the eBPF collector: a call that
# blocks is shown while it waits with what it was given (the path of an
# open on a FIFO), in the tree and in "blocked now".  The kernel side keeps
# a call's entry record back until the call returns, and sends it when the
# thread stops running: without that, the path would only come with the
# call's return.  Needs root and kernel BTF.
source tests/lib.sh

command -v tmux >/dev/null || { skip "interface over eBPF" "tmux is not installed"; exit 0; }
if ! need_root; then
	skip "interface over eBPF" "needs root"; exit 0
elif [ ! -r /sys/kernel/btf/vmlinux ]; then
	skip "interface over eBPF" "no kernel BTF"; exit 0
elif ! why=$("$SYSLENS" -B ebpf --text -- /bin/true 2>&1 >/dev/null); then
	skip "interface over eBPF" "ebpf backend unavailable: ${why:-no reason given}"; exit 0
fi

source "$(dirname "$0")/../tmux.sh"
tmux_setup uiebpf 20

mkfifo "$TMP/f"
start 200 40 "env LANG=C.UTF-8 $SYSLENS -B ebpf --blocked=200ms -- cat $TMP/f"
check "tree: cat blocked in openat" wait_for "cat [0-9]+ [0-9.]+s openat\\("
keys b
check "blocked now: the open with its path" \
	wait_for " cat +openat\\(AT_FDCWD(<[^>]*>)?, \"$TMP/f\", O_RDONLY\\)"
# a writer lets the open return; cat reads what was written
echo hello >"$TMP/f"
keys b
check "cat's read of what was written" wait_for "read\\(3<$TMP/f>, \"hello\\\\n\", [0-9]+\\) += 6"
check "cat ends" wait_for 'exit_group\(0\)'
keys q
check "quit after cat" wait_for 'SYSLENS-EXIT' 15
