# tests/integration/ebpf_lib.sh - shared by the eBPF collector's tests
# (sourced after tests/lib.sh).  Sets EBPF_WHY when the backend cannot run
# here, so every check can skip with that reason.
EBPF_WHY=
TRACEE=$PROGS/ebpf_tracee
if ! need_root; then
	EBPF_WHY="needs root"
elif [ ! -r /sys/kernel/btf/vmlinux ]; then
	EBPF_WHY="no kernel BTF"
elif ! _out=$("$SYSLENS" -B ebpf --text -- /bin/true 2>&1 >/dev/null); then
	EBPF_WHY="ebpf backend unavailable: ${_out:-unknown}"
fi

# ebpf_skip_all N...: print a SKIP line for each check name
ebpf_skip_all() {
	local n
	for n in "$@"; do skip "$n" "$EBPF_WHY"; done
	exit 0
}

# wait_for TIMEOUT_S COMMAND...: poll until COMMAND succeeds
wait_for() {
	local t=$(($1 * 10)); shift
	while [ $t -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		t=$((t - 1))
	done
	return 1
}

# names_of FILE: the syscall names of "PID name(...) = ..." lines, one a line
names_of() {
	sed -nE 's/^\[?(pid +)?[0-9]+\]? +([a-z_0-9]+)\(.*/\2/p' "$1"
}

# ret_is_error LINE: the result is -1 (strace's errno form or the raw one)
