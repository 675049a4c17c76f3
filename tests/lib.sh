# tests/lib.sh - helpers for the shell tests.  Each test script prints TAP
# lines ("ok - name", "not ok - name", "ok - name # SKIP why") which
# tests/run.sh counts.  Source it first thing.
set -u
SYSLENS=${SYSLENS:-build/syslens}
BUILD=${BUILD:-build}
PROGS=build/progs
TMP=$(mktemp -d "${TMPDIR:-/tmp}/syslens-test.XXXXXX")
_pids=()

ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; }
skip() { echo "ok - $1 # SKIP $2"; }
# check NAME COMMAND...: ok when the command succeeds
check() {
	local name=$1; shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}
diag() { echo "# $*"; }

# Remember a process this test started, so cleanup ends it even on failure.
track() { _pids+=("$1"); }
cleanup() {
	local p
	for p in "${_pids[@]}"; do
		kill -CONT "$p" 2>/dev/null
		kill -KILL "$p" 2>/dev/null
	done
	rm -rf "$TMP"
}
trap cleanup EXIT

need_root() { [ "$(id -u)" = 0 ]; }

# eventually COMMAND...: poll COMMAND until it succeeds, for up to 15 s
eventually() {
	local i
	for ((i = 0; i < 150; i++)); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}
