#!/usr/bin/env bash
# test_attach.sh - attach to a running, a sleeping and a stopped process
# with -p, then end syslens with SIGINT, SIGTERM or SIGKILL: the process
# must be left untraced, in the state it was in before, and must then
# finish normally.  Also: a pid that does not exist or may not be traced.
source tests/lib.sh
source tests/integration/ptrace_lib.sh
S="$SYSLENS -B ptrace"

state_is() { [ "$(proc_state "$1")" = "$2" ]; }
not_traced() { ! is_traced "$1"; }
# the process keeps making calls: its syscall count in the output grows
has_lines() { grep -q "$2" "$1" 2>/dev/null; }

i=0
for kind in running sleeping stopped; do
	for sig in INT TERM KILL; do
		i=$((i + 1))
		name="$kind, syslens gets SIG$sig"
		if [ $kind = running ]; then
			"$PROGS/target" spin "$TMP/done.$i" >"$TMP/t.$i" & tpid=$!
			want=R
		else
			mkfifo "$TMP/fifo.$i"
			"$PROGS/target" fifo "$TMP/fifo.$i" >"$TMP/t.$i" & tpid=$!
			want=S
		fi
		track $tpid
		wait_for 20 grep -qs ready "$TMP/t.$i"
		if [ $kind = stopped ]; then
			kill -STOP $tpid
			want=T
		fi
		if ! wait_for 20 state_is $tpid $want; then
			not_ok "$name: target never reached state $want ($(proc_state $tpid))"
			continue
		fi
		$S -p $tpid -o "$TMP/a.$i" & spid=$!
		track $spid
		check "$name: attached" wait_for 20 is_traced $tpid
		[ $kind = running ] && wait_for 20 has_lines "$TMP/a.$i" getppid
		if [ $kind = stopped ]; then
			# held in group-stop while attached: it must not run
			sleep 0.3
			check "$name: stays stopped while attached" bash -c \
				"s=\$(sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' /proc/$tpid/status); [ \"\$s\" = t ] || [ \"\$s\" = T ]"
		fi
		kill -$sig $spid
		wait_exit $spid 30
		if [ $sig = KILL ]; then
			check "$name: syslens died ($rc)" [ "$rc" = 137 ]
		else
			check "$name: syslens exits 0 ($rc)" [ "$rc" = 0 ]
		fi
		check "$name: no longer traced" wait_for 10 not_traced $tpid
		check "$name: state $want as before ($(proc_state $tpid))" wait_for 10 state_is $tpid $want
		case $kind in
		running) touch "$TMP/done.$i" ;;
		sleeping) echo x >"$TMP/fifo.$i" ;;
		stopped) kill -CONT $tpid; echo x >"$TMP/fifo.$i" ;;
		esac
		wait_exit $tpid 20
		check "$name: finishes normally ($rc)" [ "$rc" = 0 ]
		[ $kind = running ] && check "$name: its calls were traced" has_lines "$TMP/a.$i" getppid
	done
done

# SIGSTOP and SIGCONT while attached: the tracee stops, stays stopped,
# and runs again on SIGCONT.
"$PROGS/target" spin "$TMP/scdone" >"$TMP/sc" & tpid=$!
track $tpid
wait_for 20 grep -qs ready "$TMP/sc"
$S -p $tpid -o "$TMP/asc" & spid=$!
track $spid
wait_for 20 is_traced $tpid
wait_for 20 has_lines "$TMP/asc" getppid
kill -STOP $tpid
stopped() { local s; s=$(proc_state "$1"); [ "$s" = t ] || [ "$s" = T ]; }
check "SIGSTOP while attached: the process stops" wait_for 20 stopped $tpid
t1=$(awk '{print $14 + $15}' /proc/$tpid/stat)
sleep 0.5
t2=$(awk '{print $14 + $15}' /proc/$tpid/stat)
check "SIGSTOP while attached: and stays stopped (cpu ticks $t1 -> $t2)" [ "$t1" = "$t2" ]
kill -CONT $tpid
check "SIGCONT while attached: it runs again" wait_for 20 state_is $tpid R
kill -INT $spid
wait_exit $spid 30
check "SIGSTOP/SIGCONT while attached: syslens exits 0 ($rc)" [ "$rc" = 0 ]
touch "$TMP/scdone"
wait_exit $tpid 20
check "SIGSTOP/SIGCONT while attached: the process finishes normally ($rc)" [ "$rc" = 0 ]

# Every thread of a process is attached, and every one detached.
all_traced() {
	local f
	for f in /proc/$1/task/*/status; do
		grep -q "^TracerPid:[[:space:]]*$2\$" "$f" || return 1
	done
}
none_traced() { all_traced "$1" 0; }
"$PROGS/target" threads "$TMP/thdone" >"$TMP/th" & tpid=$!
track $tpid
wait_for 20 grep -qs ready "$TMP/th"
n=$(ls /proc/$tpid/task | wc -l)
$S -p $tpid -o "$TMP/ath" & spid=$!
track $spid
check "threads: all $n threads attached" wait_for 20 all_traced $tpid $spid
wait_for 20 has_lines "$TMP/ath" getppid
kill -INT $spid
wait_exit $spid 30
check "threads: syslens exits 0 ($rc)" [ "$rc" = 0 ]
check "threads: every thread detached" none_traced $tpid
touch "$TMP/thdone"
wait_exit $tpid 20
check "threads: the process finishes normally ($rc)" [ "$rc" = 0 ]


# -e on an attached process (no filter there: chosen in syslens), and a
# sleep interrupted by the attach resumes through restart_syscall.
"$PROGS/target" spin "$TMP/edone" >"$TMP/te" & tpid=$!
track $tpid
wait_for 20 grep -qs ready "$TMP/te"
$S -e trace=access -p $tpid -o "$TMP/ae" & spid=$!
track $spid
wait_for 20 has_lines "$TMP/ae" access
kill -INT $spid
wait_exit $spid 30
check "-e on attach: access calls seen" has_lines "$TMP/ae" ' access('
check "-e on attach: nothing else" bash -c "! grep -vE '^[0-9]+ +(\\+\\+\\+|---)' '$TMP/ae' | grep -qv ' access('"
touch "$TMP/edone"
wait_exit $tpid 20
check "-e on attach: the target finishes normally ($rc)" [ "$rc" = 0 ]

sleep 100 & tpid=$!
track $tpid
wait_for 20 state_is $tpid S
$S -p $tpid -o "$TMP/as" & spid=$!
track $spid
wait_for 20 is_traced $tpid
# 219: restart_syscall, once the interrupted sleep has been resumed
wait_for 20 grep -qs '^219 ' /proc/$tpid/syscall
kill -INT $spid
wait_exit $spid 30
check "sleep: resumed with restart_syscall" grep -q ' restart_syscall(' "$TMP/as"
check "sleep: still sleeping after detach" wait_for 10 state_is $tpid S
kill $tpid

"$PROGS/target" spin "$TMP/tdone" >"$TMP/tt" & tpid=$!
track $tpid
wait_for 20 grep -qs ready "$TMP/tt"

# Bad pids: one line naming the pid, status 1, nothing left attached.
$S -p 1073741800 -o /dev/null 2>"$TMP/err"; rc=$?
check "missing pid: status 1" [ "$rc" = 1 ]
check "missing pid: one line naming it" \
	bash -c "[ \$(wc -l <'$TMP/err') = 1 ] && grep -q 1073741800 '$TMP/err'"
if need_root && command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null &&
	setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$SYSLENS"; then
	setpriv --reuid=65534 --regid=65534 --clear-groups $S -p $tpid -o /dev/null 2>"$TMP/err"; rc=$?
	check "forbidden pid: status 1" [ "$rc" = 1 ]
	check "forbidden pid: names the pid and the reason" grep -q "$tpid.*not permitted" "$TMP/err"
	check "forbidden pid: not left traced" not_traced $tpid
	check "forbidden pid: still running" state_is $tpid R
else
	skip "forbidden pid" "needs root, setpriv and a binary user nobody can run"
fi
touch "$TMP/tdone"
wait_exit $tpid 20
check "forbidden pid: the target finishes normally" [ "$rc" = 0 ]
