#!/usr/bin/env bash
# The eBPF collector launching a command: every syscall from its execve on,
# fork trees and threads followed, exit_group from many threads, a
# non-leader execve, hostile strings, the exit status, and lost events
# counted when the ring buffer is too small.
source tests/lib.sh
source tests/integration/ebpf_lib.sh

checks=(launch-first-execve launch-exit-status launch-signal-status launch-missing-command
	launch-same-as-strace tree-all-processes tree-exits threads-all exitgroup-noexit
	exitgroup-status nonleader-execve nonleader-gettid hostile-no-raw-bytes
	hostile-openat-results flood-lost-counted flood-nothing-silent flood-lost-in-output ns-pid
	nonroot-refused caps-suffice auto-falls-back
	"parity-with-ptrace (tree)" "parity-with-ptrace (threads)"
	"parity-with-ptrace (nonleader)" "parity-with-ptrace (execargs)"
	"parity-with-ptrace (int80)" "parity-with-ptrace (io)"
	"parity-with-ptrace (forkexec)" compat-syscalls prctl-name
	trace-none-no-calls stop-line-as-ptrace)
[ -n "$EBPF_WHY" ] && ebpf_skip_all "${checks[@]}"

# result_of LINE: what follows the last " = "
sl() { "$SYSLENS" -B ebpf "$@"; }

# launch: the first line is the command's execve, nothing of syslens before
sl --text -- "$TRACEE" getppid 5 >"$TMP/l.out" 2>"$TMP/l.err"
check launch-first-execve bash -c "head -1 '$TMP/l.out' | grep -qE '^[0-9]+ +execve\(.*\) += 0$' &&
	[ \$(grep -cE ' getppid\(.*\) += [0-9]+$' '$TMP/l.out') = 5 ]"

sl --text -- /bin/sh -c 'exit 3' >/dev/null 2>&1
check launch-exit-status [ $? = 3 ]
sl --text -- /bin/sh -c 'kill -TERM $$' >/dev/null 2>&1
check launch-signal-status [ $? = 143 ]
sl --text -- /nonexistent/command >/dev/null 2>"$TMP/m.err"
rc=$?
check launch-missing-command bash -c "[ $rc = 1 ] && [ \$(wc -l <'$TMP/m.err') = 1 ] &&
	grep -q 'No such file' '$TMP/m.err'"

# the same syscalls (names, and whether each failed) as strace sees
if command -v strace >/dev/null; then
	strace -f -qq -o "$TMP/st.out" "$TRACEE" tree 2
	sl -o "$TMP/sl.out" -- "$TRACEE" tree 2
	# strace splits calls of concurrent processes: keep the resumed half;
	# a call restarted because a signal came depends on timing
	key() {
		sed -nE -e '/unfinished \.\.\.>$/d' -e '/ERESTART/d' \
			-e 's/^[0-9]+ +<\.\.\. ([a-z_0-9]+) resumed>.* = (-1|\?)?.*/\1 \2/p' \
			-e 's/^[0-9]+ +([a-z_0-9]+)\(.* = (-1|\?)?.*/\1 \2/p' "$1" | sort
	}
	if diff <(key "$TMP/st.out") <(key "$TMP/sl.out") >"$TMP/diff"; then
		ok launch-same-as-strace
	else
		not_ok launch-same-as-strace; head -20 "$TMP/diff" | sed 's/^/# /'
	fi
else
	skip launch-same-as-strace "strace not installed"
fi

# a fork tree of 15 processes: each one's gettid, each one's exit
sl --text -- "$TRACEE" tree 3 >"$TMP/t.out"
n=$(sed -nE 's/^([0-9]+) +gettid\(.*\) += ([0-9]+)$/\1 \2/p' "$TMP/t.out" |
	awk '$1 == $2' | sort -u | wc -l)
check tree-all-processes [ "$n" = 15 ]
check tree-exits [ "$(grep -c '+++ exited with 0 +++' "$TMP/t.out")" = 15 ]

# 8 threads: 8 distinct gettid results besides the main thread
sl --text -- "$TRACEE" threads 8 >"$TMP/th.out"
n=$(sed -nE 's/.* gettid\(.*\) += ([0-9]+)$/\1/p' "$TMP/th.out" | sort -u | wc -l)
check threads-all [ "$n" = 8 ]

# exit_group from one of 17 threads: complete at entry, the others die
sl --text -- "$TRACEE" exitgroup 16 >"$TMP/eg.out"
rc=$?
check exitgroup-noexit bash -c "[ \$(grep -cE 'exit_group\((0x)?7(, .*)?\) += \?$' '$TMP/eg.out') = 1 ] &&
	grep -qE '^[0-9]+ +pause\(' '$TMP/eg.out' &&
	! grep -E '^[0-9]+ +pause\(' '$TMP/eg.out' | grep -vq ' = ?$' &&
	grep -q '+++ exited with 7 +++' '$TMP/eg.out'"
check exitgroup-status [ "$rc" = 7 ]

# execve from a thread: the call pairs with its result although the
# thread's tid changed to the leader's; the new image is the leader
sl --text -- "$TRACEE" nonleader >"$TMP/nl.out"
tgid=$(head -1 "$TMP/nl.out" | awk '{print $1}')
check nonleader-execve bash -c "[ \$(grep -cE ' execve\(.*\) += 0$' '$TMP/nl.out') = 2 ] &&
	! grep -E ' execve\(' '$TMP/nl.out' | grep -vq ' = 0$'"
check nonleader-gettid grep -qE "^$tgid +gettid\(.*\) += $tgid\$" "$TMP/nl.out"

# a thread that renames itself (prctl PR_SET_NAME) is shown by its new name
# from then on, as /proc and the ptrace backend show it
sl --json -- "$PROGS/parity" misc >"$TMP/pn.json" 2>/dev/null
# after the prctl line, no event of that thread carries the old name
renamed_after() {
	awk -v tid="\"tid\":$(head -1 "$1" | grep -o '"tid":[0-9]*' | cut -d: -f2)," '
		index($0, "\"syscall\":\"prctl\"") && index($0, "\"comm\":\"parity\"") { seen = 1; next }
		seen && index($0, tid) { n++; if (index($0, "\"comm\":\"parity\"")) bad++ }
		END { exit !(seen && n >= 10 && !bad) }' "$1"
}
check prctl-name renamed_after "$TMP/pn.json"

# hostile strings never reach the output raw; an untouched page is
# read as nothing rather than stale bytes
sl --text -- "$TRACEE" hostile >"$TMP/h.out"
check hostile-no-raw-bytes bash -c "! LC_ALL=C grep -q \$'[\x01-\x08\x0b-\x1f\x7f-\xff]' '$TMP/h.out'"
check hostile-openat-results [ "$(grep -cE ' openat\(.* = -1 (errno 2|ENOENT)' "$TMP/h.out")" -ge 4 ]

# a flood into a 4 KiB ring buffer: what could not be delivered is counted
N=200000
SYSLENS_EBPF_RINGBUF_KB=4 SYSLENS_EBPF_STATS="$TMP/stats" \
	sl -o "$TMP/f.out" -- "$TRACEE" getppid $N
got=$(grep -cE ' getppid\(.*\) += ' "$TMP/f.out")
lost=$(awk '$1 == "lost" {print $2}' "$TMP/stats" 2>/dev/null)
diag "flood: $got of $N delivered, lost ${lost:-?}"
check flood-lost-counted [ "${lost:-0}" -gt 0 ]
check flood-nothing-silent [ $((got + ${lost:-0})) -ge $N ]
check flood-lost-in-output grep -q "events lost" "$TMP/f.out"

# not root: refused in one line, unless CAP_BPF and CAP_PERFMON are there;
# -B auto then falls back to ptrace
if command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups \
	test -x "$TRACEE"; then
	asnobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	asnobody "$SYSLENS" -B ebpf --text -- "$TRACEE" getppid 2 >/dev/null 2>"$TMP/nr.err"
	rc=$?
	check nonroot-refused bash -c "[ $rc = 1 ] && [ \$(wc -l <'$TMP/nr.err') = 1 ] &&
		grep -q 'CAP_BPF' '$TMP/nr.err'"
	asnobody --inh-caps=+bpf,+perfmon --ambient-caps=+bpf,+perfmon \
		"$SYSLENS" -B ebpf --text -- "$TRACEE" getppid 2 >"$TMP/cap.out" 2>&1
	check caps-suffice [ "$(grep -cE ' getppid\(\) += [0-9]+$' "$TMP/cap.out")" = 2 ]
	asnobody "$SYSLENS" --text -- "$TRACEE" getppid 2 >"$TMP/auto.out" 2>&1
	check auto-falls-back [ "$(grep -cE ' getppid\(\) += [0-9]+$' "$TMP/auto.out")" = 2 ]
else
	for n in nonroot-refused caps-suffice auto-falls-back; do
		skip $n "setpriv missing, or the build is not readable by nobody"
	done
fi

# 32-bit syscalls of a 64-bit program (int 0x80): i386 numbering
no32=
if [ "$(uname -m)" != x86_64 ]; then
	no32="not x86_64"
elif ! bash -c '"$0" int80; exit $?' "$TRACEE" >/dev/null 2>&1; then
	no32="this kernel runs no 32-bit syscalls (int 0x80 kills the caller)"
fi
if [ -n "$no32" ]; then
	skip compat-syscalls "$no32"
else
	sl --json -- "$TRACEE" int80 >"$TMP/i.out"
	check compat-syscalls bash -c "grep '\"syscall\":\"getpid\"' '$TMP/i.out' | grep -q '\"arch\":\"i386\"' &&
		grep '\"syscall\":\"getppid\"' '$TMP/i.out' | grep -q '\"nr\":64,'"
fi

# host pids, and the pid inside its own pid namespace
if command -v unshare >/dev/null; then
	sl --json -- unshare -pf "$TRACEE" getppid 2 >"$TMP/ns.out"
	n=$(grep '"syscall":"getppid"' "$TMP/ns.out" | grep -c '"ns_pid":1[,}]')
	hostpid=$(grep '"syscall":"getppid"' "$TMP/ns.out" | grep -o '"pid":[0-9]*' | sort -u)
	check ns-pid bash -c "[ $n = 2 ] && [ '$hostpid' != '\"pid\":1' ]"
else
	skip ns-pid "unshare not installed"
fi

# the same lines as the ptrace backend prints (numbers aside: pids,
# addresses, counts; futex waits, restarted calls, coalesced SIGCHLDs and
# random bytes depend on timing or chance), for the same programs
key() {
	sed -E '/ futex\(|ERESTART|--- SIGCHLD| getrandom\(/d; s/^[0-9]+ +//;
		s/0x[0-9a-f]+/X/g; s/[0-9]+/N/g; s/ +/ /g' "$1" | sort
}
for mode in "tree 2" "threads 4" "nonleader" "execargs" "int80" "io" "forkexec"; do
	name="parity-with-ptrace (${mode%% *})"
	if [ "$mode" = int80 ] && [ -n "$no32" ]; then
		skip "$name" "$no32"
		continue
	fi
	if ! "$SYSLENS" -B ptrace --text -- "$TRACEE" $mode >"$TMP/pt.out" 2>"$TMP/pt.err"; then
		skip "$name" "ptrace backend: $(head -1 "$TMP/pt.err")"
		continue
	fi
	sl --text -- "$TRACEE" $mode >"$TMP/eb.out"
	if diff <(key "$TMP/pt.out") <(key "$TMP/eb.out") >"$TMP/pdiff"; then
		ok "$name"
	else
		not_ok "$name"; head -10 "$TMP/pdiff" | sed 's/^/# /'
	fi
done

# -e trace=none: signals and process events only, not one syscall, even a
# call found blocked (it is taken from the thread's registers)
STOPSH='sleep 0.5 & p=$!; kill -STOP $p; sleep 0.2; kill -CONT $p; wait'
"$SYSLENS" -B ebpf -e trace=none --text -- sh -c "$STOPSH" >"$TMP/none.out" 2>&1
check trace-none-no-calls bash -c "! grep -qE '^[0-9]+ +[a-z_0-9]+\(' '$TMP/none.out'"
# a stop signal stops the group: both backends say so, as strace does
"$SYSLENS" -B ptrace -e trace=none --text -- sh -c "$STOPSH" >"$TMP/stop-p.out" 2>&1
check stop-line-as-ptrace bash -c "grep -q -- '--- stopped by SIGSTOP ---' '$TMP/none.out' &&
	grep -q -- '--- stopped by SIGSTOP ---' '$TMP/stop-p.out'"
