# ptrace_lib.sh - helpers shared by the ptrace and attach tests (sourced
# after tests/lib.sh).

# wait_for SECONDS COMMAND...: poll until the command succeeds.
wait_for() {
	local t=$1 i; shift
	for ((i = 0; i < t * 20; i++)); do
		"$@" && return 0
		sleep 0.05
	done
	return 1
}

# The one-letter state of a process ("R", "S", "T", "t", ...), empty when gone.
proc_state() { sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$1/status" 2>/dev/null; }
tracer_of() { sed -n 's/^TracerPid:[[:space:]]*//p' "/proc/$1/status" 2>/dev/null; }
is_traced() { local t; t=$(tracer_of "$1"); [ -n "$t" ] && [ "$t" != 0 ]; }
is_gone() { [ ! -e "/proc/$1" ] || [ "$(proc_state "$1")" = Z ]; }

# The first child of process $1, empty when none yet.
first_child() {
	local f
	for f in /proc/"$1"/task/*/children; do
		c=""; read -r c _ < "$f" 2>/dev/null; [ -n "$c" ] && { echo "$c"; return 0; }
	done
	return 1
}

# wait_exit PID SECONDS: wait for a background job, polling so a hang fails
# the test instead of the run; sets $rc to its status (255 on timeout).
wait_exit() {
	if wait_for "$2" is_gone "$1"; then
		wait "$1" 2>/dev/null; rc=$?
	else
		rc=255
	fi
}
