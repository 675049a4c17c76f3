#!/usr/bin/env bash
# test_ptrace.sh - the ptrace collector end to end: the real binary traces
# the tracee programs of tests/progs/ and --text/-o output is checked for
# syscall names, pids, results, process events and exit statuses.
source tests/lib.sh
source tests/integration/ptrace_lib.sh
S="$SYSLENS -B ptrace"

# Fork tree: every process is followed, the root's status is passed on.
$S -o "$TMP/tree" -- "$PROGS/forktree" 2; rc=$?
check "fork tree: exit status of the command" [ "$rc" = 6 ]
n=$(grep ' getppid(' "$TMP/tree" | awk '{print $1}' | sort -u | wc -l)
check "fork tree: 7 processes call getppid ($n)" [ "$n" = 7 ]
n=$(grep -c '+++ exited with' "$TMP/tree")
check "fork tree: 7 processes exit ($n)" [ "$n" = 7 ]
n=$(grep -cE ' (vfork|clone|clone3)\(.*\) += [0-9]+$' "$TMP/tree")
check "fork tree: 6 forks and vforks seen ($n)" [ "$n" = 6 ]

# Threads: each makes its calls, the process exits once.
$S -o "$TMP/thr" -- "$PROGS/threads" 4; rc=$?
check "threads: exit 0" [ "$rc" = 0 ]
n=$(grep -cE ' getppid\(.*\) += [0-9]' "$TMP/thr")
check "threads: 12 getppid calls ($n)" [ "$n" = 12 ]
n=$(grep -cE ' exit\(.*\) += \?$' "$TMP/thr")
check "threads: 4 thread exits ($n)" [ "$n" = 4 ]

# exit_group from many threads: the blocked reads end with "= ?".
$S -o "$TMP/eg" -- "$PROGS/threads" exitgroup; rc=$?
check "exit_group: status 7" [ "$rc" = 7 ]
n=$(grep -cE ' read\(.*\) += \?$' "$TMP/eg")
check "exit_group: 4 reads never return ($n)" [ "$n" = 4 ]
check "exit_group: the call itself is '= ?'" grep -qE ' exit_group\(.*\) += \?$' "$TMP/eg"

# execve from a non-leader thread.
$S -o "$TMP/ex" -- "$PROGS/execthread"; rc=$?
check "exec from thread: exit 0" [ "$rc" = 0 ]
n=$(grep -cE ' execve\(.*\) += 0$' "$TMP/ex")
check "exec from thread: two execve calls succeed ($n)" [ "$n" = 2 ]
# after the exec, every line is the leader's: the thread took its tid
n=$(awk 'NR == 1 { leader = $1 } / execve\(/ { ex++ } ex == 2 && $1 != leader { bad++ } END { print bad + 0 }' "$TMP/ex")
check "exec from thread: the new program runs as the leader ($n stray lines)" [ "$n" = 0 ]

# Signals reach the tracee unchanged (the handler count is the exit status).
$S -o "$TMP/sig" -- "$PROGS/signals"; rc=$?
check "signals: delivered to the handlers" [ "$rc" = 2 ]
check "signals: rt_sigreturn seen" grep -q ' rt_sigreturn(' "$TMP/sig"

# Exit statuses: the code, and 128+N for a signal.
$S -o /dev/null -- sh -c 'exit 3'; rc=$?
check "exit status 3 passed on" [ "$rc" = 3 ]
$S -o /dev/null -- sh -c 'kill -TERM $$'; rc=$?
check "killed by SIGTERM: 143" [ "$rc" = 143 ]
$S -o /dev/null -- "$PROGS/signals" segv; rc=$?
check "killed by SIGSEGV: 139" [ "$rc" = 139 ]

# Bad commands: one line, status 1, nothing left behind.
$S -o "$TMP/none" -- /nonexistent/cmd 2>"$TMP/err"; rc=$?
check "missing command: status 1" [ "$rc" = 1 ]
check "missing command: one line naming it" \
	bash -c "[ \$(wc -l <'$TMP/err') = 1 ] && grep -q /nonexistent/cmd '$TMP/err'"
printf '#!/bin/sh\n' >"$TMP/noexec"; chmod 644 "$TMP/noexec"
$S -o /dev/null -- "$TMP/noexec" 2>"$TMP/err"; rc=$?
check "non-executable command: status 1" [ "$rc" = 1 ]
check "non-executable command: says why" grep -q 'Permission denied' "$TMP/err"
$S -o /dev/null -- no-such-command-xyz 2>"$TMP/err"; rc=$?
check "command not in PATH: status 1" [ "$rc" = 1 ]

# -e with the seccomp filter: only the set is shown, and forked children
# are not stopped for other calls (each child counts its own context
# switches; the status is how many children were stopped).
$S -o "$TMP/all" -- "$PROGS/loop" forkcheck 5; rc=$?
check "full tracing stops every child (control: $rc)" [ "$rc" = 5 ]
$S -e trace=openat -o "$TMP/eo" -- "$PROGS/loop" forkcheck 10; rc=$?
check "-e trace=openat: no forked child stopped ($rc)" [ "$rc" = 0 ]
check "-e trace=openat: only openat lines" \
	bash -c "! grep -vE '^[0-9]+ +(\\+\\+\\+|---)' '$TMP/eo' | grep -qv ' openat('"
n=$(grep -cE 'openat\(.*\) += 3$' "$TMP/eo")
check "-e trace=openat: the children's opens are there ($n)" [ "$n" -ge 20 ]
$S -e trace=getppid -o "$TMP/eg2" -- "$PROGS/loop" getppid 500; rc=$?
n=$(grep -c ' getppid(' "$TMP/eg2")
check "-e trace=getppid: 500 calls, no more ($n)" [ "$rc.$n" = 0.500 ]
# the old class name without '%' is the class, as in strace (i386 has a
# syscall named signal, which it does not mean)
$S -e signal -o "$TMP/esig" -- sh -c 'sleep 0.1 & wait'
check "-e signal: the signal class" grep -q ' rt_sigaction(' "$TMP/esig"

# Hostile strings never reach the output raw.
$S -o "$TMP/host" -- "$PROGS/hostile" >/dev/null; rc=$?
check "hostile: runs" [ "$rc" = 0 ]
check "hostile: opens fail" grep -qE ' openat\(.*\) += -1' "$TMP/host"
check "hostile: no escape byte in the output" bash -c "! LC_ALL=C grep -q \$'\\x1b' '$TMP/host'"
check "hostile: no invalid UTF-8 in the output" bash -c "! LC_ALL=C grep -q \$'\\xff' '$TMP/host'"

# SIGKILL in the middle of a blocking call.
$S -o "$TMP/kill" -- "$PROGS/target" block >"$TMP/kout" & spid=$!
track $spid
wait_for 20 grep -qs ready "$TMP/kout"
tpid=$(awk '{print $1; exit}' "$TMP/kout")
[ -n "$tpid" ] && track "$tpid"
check "kill mid-call: tracee blocked in read" wait_for 20 grep -q '^0 ' "/proc/$tpid/syscall"
kill -KILL "$tpid"
wait_exit $spid 20
check "kill mid-call: status 137 ($rc)" [ "$rc" = 137 ]
check "kill mid-call: the read ends with '= ?'" grep -qE ' read\(.*\) += \?$' "$TMP/kill"

# SIGSTOP / SIGCONT: a stopped tracee stays stopped until SIGCONT.
$S -o "$TMP/stop" -- "$PROGS/signals" stop & spid=$!
track $spid
tpid=""
wait_for 20 first_child $spid >/dev/null && tpid=$(first_child $spid)
[ -n "$tpid" ] && track "$tpid"
stopped() { local s; s=$(proc_state "$1"); [ "$s" = t ] || [ "$s" = T ]; }
check "SIGSTOP: the tracee stops" wait_for 20 stopped "$tpid"
sleep 0.5
check "SIGSTOP: still stopped, not exited" stopped "$tpid"
check "SIGSTOP: syslens still waiting" [ -e /proc/$spid ]
kill -CONT "$tpid"
wait_exit $spid 20
check "SIGCONT: resumes and exits 0 ($rc)" [ "$rc" = 0 ]

# syslens told to quit: the launched command is detached and goes on.
$S -o "$TMP/quit" -- "$PROGS/target" spin "$TMP/quitdone" >"$TMP/qout" & spid=$!
track $spid
wait_for 20 grep -qs ready "$TMP/qout"
tpid=$(awk '{print $1; exit}' "$TMP/qout")
[ -n "$tpid" ] && track "$tpid"
kill -TERM $spid
wait_exit $spid 20
check "quit: syslens exits" [ "$rc" != 255 ]
untraced() { [ "$(tracer_of "$1")" = 0 ]; }
check "quit: the command is detached" wait_for 10 untraced "$tpid"
running() { [ "$(proc_state "$1")" = R ]; }
check "quit: and still running" wait_for 10 running "$tpid"
touch "$TMP/quitdone"
check "quit: then finishes on its own" wait_for 20 is_gone "$tpid"

# Tracees killed at any moment, while forking: syslens follows each end
# and finishes with the command's status; nothing is left stopped.
$S -o "$TMP/storm" -- "$PROGS/loop" fork 100000 & spid=$!
track $spid
root=""
wait_for 20 first_child $spid >/dev/null && root=$(first_child $spid)
[ -n "$root" ] && track "$root"
seen=()
for ((k = 0; k < 30; k++)); do
	kids=$(cat /proc/"$root"/task/*/children 2>/dev/null)
	for c in $kids; do seen+=("$c"); kill -KILL "$c" 2>/dev/null; done
	sleep 0.03
done
kill -KILL "$root"
wait_exit $spid 30
check "kill storm: syslens ends with the command's 137 ($rc)" [ "$rc" = 137 ]
left=0
for c in "${seen[@]}"; do is_gone "$c" || left=$((left + 1)); done
check "kill storm: no child left behind ($left of ${#seen[@]})" [ "$left" = 0 ]
check "kill storm: children's deaths seen" grep -q 'killed by SIGKILL' "$TMP/storm"

# syslens told to quit in the middle of a fork storm: every process,
# the ones being born included, is let go and runs to its end.
$S -o "$TMP/storm2" -- "$PROGS/loop" fork 150 & spid=$!
track $spid
root=""
wait_for 20 first_child $spid >/dev/null && root=$(first_child $spid)
[ -n "$root" ] && track "$root"
wait_for 5 grep -qs 'clone' "$TMP/storm2"
kill -INT $spid
wait_exit $spid 30
check "quit in a fork storm: syslens exits 0 ($rc)" [ "$rc" = 0 ]
check "quit in a fork storm: the command runs to its end" wait_for 60 is_gone "$root"

# -y: the path of each fd argument is read from /proc while the call stops.
$S -y -o "$TMP/fdp" -- "$PROGS/loop" openclose 3; rc=$?
n=$(grep -c ' close(3</dev/null>)' "$TMP/fdp")
check "-y: fd paths captured ($n closes of /dev/null)" [ "$rc.$n" = 0.3 ]

# watching does not change the program: a launched command sees the CPUs
# it would see untraced (pinning is only on with SYSLENS_PIN=1)
want=$(nproc)
got=$($S -o /dev/null -- nproc)
check "a launched command sees every CPU ($got of $want)" [ "$got" = "$want" ]
