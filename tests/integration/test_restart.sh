#!/usr/bin/env bash
# restart_syscall names the call it resumes, as strace does: a sleep stopped
# and continued in its nanosleep, launched under each backend and attached
# to with ptrace (where the attach itself cuts the call).  A call left in
# flight when syslens detaches says so ("<detached ...>").
source tests/lib.sh
source tests/integration/ebpf_lib.sh	# wait_for, EBPF_WHY

LINE='restart_syscall(<... resuming interrupted clock_nanosleep ...>) = 0'

# in_sleep PID: blocked in clock_nanosleep (230), nanosleep (35) or, once
# cut, restart_syscall (219)
in_sleep() {
	local nr
	read -r nr _ 2>/dev/null <"/proc/$1/syscall" &&
		{ [ "$nr" = 230 ] || [ "$nr" = 35 ] || [ "$nr" = 219 ]; }
}

# stop_cont PID: SIGSTOP it in its sleep, then SIGCONT
stop_cont() {
	wait_for 10 in_sleep "$1" || return 1
	kill -STOP "$1"
	wait_for 5 bash -c "grep -q '^State:.*T' /proc/$1/status"
	kill -CONT "$1"
}

# launched OUT TRACER...: TRACER -o OUT -- sleep 1.5, stopped and continued
launched() {
	local out=$1 tp sp=; shift
	"$@" -o "$out" -- sleep 1.5 &
	tp=$!
	track "$tp"
	wait_for 10 pgrep -P "$tp" -x sleep >/dev/null && sp=$(pgrep -P "$tp" -x sleep)
	[ -n "$sp" ] && stop_cont "$sp"
	wait "$tp"
}

if command -v strace >/dev/null; then
	launched "$TMP/st.out" strace -f -q
	check strace-reference grep -qF "$LINE" "$TMP/st.out"
else
	skip strace-reference "strace not installed"
fi

launched "$TMP/pt.out" "$SYSLENS" -B ptrace
check ptrace-launch grep -qF "$LINE" "$TMP/pt.out"
# the cut sleep with the remaining time the kernel wrote back, as strace
cut_line() {
	grep -m1 ' clock_nanosleep(.*ERESTART_RESTARTBLOCK' "$1" |
		sed -E 's/^[0-9]+ +//; s/\{tv_sec=[0-9]+, tv_nsec=[0-9]+\}\) +=/{REM}) =/'
}
if [ -s "$TMP/st.out" ]; then
	a=$(cut_line "$TMP/pt.out")
	b=$(cut_line "$TMP/st.out")
	check ptrace-remaining-time bash -c "[ -n \"\$1\" ] && [ \"\$1\" = \"\$2\" ]" _ "$a" "$b"
else
	skip ptrace-remaining-time "no strace reference"
fi

# attached while sleeping: the attach cuts the call; the collector learns
# which one from /proc/PID/syscall
sleep 4 &
sp=$!
track "$sp"
wait_for 10 in_sleep "$sp"
"$SYSLENS" -B ptrace -o "$TMP/at.out" -p "$sp" &
tp=$!
track "$tp"
wait_for 10 bash -c "grep -q '^TracerPid:[[:space:]]*[1-9]' /proc/$sp/status"
stop_cont "$sp"
wait "$sp"
wait "$tp"	# ends with the process it attached to
# (the attach and the stop may land as one cut or two: at least one line)
check ptrace-attach bash -c "grep -q 'resuming interrupted clock_nanosleep' '$TMP/at.out' &&
	! grep -q 'resuming interrupted call' '$TMP/at.out'"

if [ -n "$EBPF_WHY" ]; then
	skip ebpf-launch "$EBPF_WHY"
	skip ebpf-remaining-time "$EBPF_WHY"
else
	launched "$TMP/eb.out" "$SYSLENS" -B ebpf
	check ebpf-launch grep -qF "$LINE" "$TMP/eb.out"
	if [ -s "$TMP/st.out" ]; then
		a=$(cut_line "$TMP/eb.out")
		check ebpf-remaining-time bash -c "[ -n \"\$1\" ] && [ \"\$1\" = \"\$2\" ]" _ "$a" "$b"
	else
		skip ebpf-remaining-time "no strace reference"
	fi
fi

# leaving a call in flight: "= ? <detached ...>", not the ERESTART our own
# interrupt caused; attached again, the call resumed is not known (the
# thread is in restart_syscall already) and is not made up
sleep 6 &
sp=$!
track "$sp"
wait_for 10 in_sleep "$sp"
for n in 1 2; do
	"$SYSLENS" -B ptrace -o "$TMP/d$n.out" -p "$sp" &
	tp=$!
	track "$tp"
	wait_for 10 bash -c "grep -q '^TracerPid:[[:space:]]*[1-9]' /proc/$sp/status"
	sleep 0.3
	kill -INT "$tp"
	wait "$tp"
	wait_for 10 bash -c "grep -q '^TracerPid:[[:space:]]*0' /proc/$sp/status"
done
check detach-in-flight bash -c "grep -q '= ? <detached \.\.\.>\$' '$TMP/d1.out' &&
	! grep -q ERESTART '$TMP/d1.out'"
check reattach-resumes-unknown grep -qF 'restart_syscall(<... resuming interrupted call ...>) = ? <detached ...>' "$TMP/d2.out"
kill "$sp"
