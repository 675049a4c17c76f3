#!/usr/bin/env bash
# test_ptrace_strace.sh - the same programs traced by strace -f -q and by
# syslens -B ptrace: the syscall names and results must agree, per process
# (and over the whole run for a threaded program, whose lines strace files
# under each thread's id).  Addresses and pids differ between runs and are
# compared as such; calls whose outcome depends on timing (futex waits,
# calls interrupted to be restarted, the value rt_sigreturn restores) are
# left out.
source tests/lib.sh
S="$SYSLENS -B ptrace"

if ! command -v strace >/dev/null; then
	skip "strace comparison" "strace is not installed"
	exit 0
fi

# normalize FILE: one "PID name=result" line per finished syscall.
normalize() {
	sed -E -e '/<unfinished \.\.\.>$/d' -e '/^[0-9]+ +(\+\+\+|---)/d' \
		-e 's/^([0-9]+) +<\.\.\. ([a-z0-9_]+) resumed>.*\) += /\1 \2() = /' "$1" |
	awk '
	{ lines[NR] = $0; pids[$1] = 1 }
	END {
		for (i = 1; i <= NR; i++) {
			l = lines[i]
			split(l, f, " ")
			pid = f[1]
			name = f[2]
			sub(/\(.*/, "", name)
			n = split(l, parts, " = ")
			if (n < 2)
				continue
			ret = parts[n]
			if (ret ~ /ERESTART|errno 51[2-7]/ || name == "futex" ||
			    name == "rt_sigreturn")
				continue
			split(ret, r, " ")
			ret = r[1]
			if (ret ~ /^0x/)
				ret = "BIG"
			else if (ret ~ /^[1-9][0-9]*$/ && ((ret in pids) ||
				 name ~ /^(clone|clone3|fork|vfork|getpid|getppid|gettid|wait4|waitid|set_tid_address)$/))
				ret = "PID"
			else if (ret ~ /^[0-9]+$/ && ret + 0 > 65535)
				ret = "BIG"
			print pid, name "=" ret
		}
	}'
}

# per_process FILE: each process's calls on one line, the lines sorted
per_process() {
	normalize "$1" | awk '{ seq[$1] = seq[$1] " " $2 } END { for (p in seq) print seq[p] }' | sort
}
whole_run() { normalize "$1" | awk '{ print $2 }' | sort; }

# compare NAME per_process|whole_run COMMAND...; $EXPR: an -e for both
compare() {
	local name=$1 how=$2; shift 2
	strace -f -q ${EXPR:+-e "$EXPR"} -o "$TMP/strace.out" "$@" >/dev/null 2>&1
	$S ${EXPR:+-e "$EXPR"} -o "$TMP/syslens.out" -- "$@" >/dev/null 2>&1
	$how "$TMP/strace.out" >"$TMP/a"
	$how "$TMP/syslens.out" >"$TMP/b"
	if [ -s "$TMP/a" ] && cmp -s "$TMP/a" "$TMP/b"; then
		ok "same calls and results as strace: $name ($(wc -w <"$TMP/a") calls)"
	else
		not_ok "same calls and results as strace: $name"
		diff <(tr ' ' '\n' <"$TMP/a") <(tr ' ' '\n' <"$TMP/b") | head -20 | sed 's/^/# /'
	fi
}

compare "fork tree" per_process "$PROGS/forktree" 2
compare "open+close loop" per_process "$PROGS/loop" openclose 20
compare "hostile file names" per_process "$PROGS/hostile"
compare "exec from a thread" whole_run "$PROGS/execthread"
compare "four threads" whole_run "$PROGS/threads" 4
compare "shell pipeline" per_process sh -c 'echo a | cat >/dev/null; exit 0'
EXPR=trace=openat,close compare "-e trace=openat,close, fork loop" per_process "$PROGS/loop" forkopen 5
EXPR='trace=!%memory' compare "-e 'trace=!%memory', fork tree" per_process "$PROGS/forktree" 2
