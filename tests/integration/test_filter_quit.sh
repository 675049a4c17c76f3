#!/usr/bin/env bash
# A command launched under ptrace with -e runs under a seccomp filter that
# cannot be taken back: left untraced, its calls in the set would fail with
# ENOSYS.  Asked to stop (Ctrl-C, q), syslens follows it quietly until it
# ends, so it keeps working; asked twice, it leaves it.
source tests/lib.sh
source tests/tmux.sh
tmux_setup filterquit 20

# the command: sleeps, then opens a file (a call in the -e set)
cmd() { echo "trap '' HUP; sleep $1; cat /etc/hostname >$TMP/$2.out; echo \$? >$TMP/$2.rc"; }

# headless, one SIGINT: the command finishes its work
"$SYSLENS" -B ptrace -e trace=openat -o "$TMP/h.txt" -- sh -c "$(cmd 1 h)" 2>"$TMP/h.err" &
tp=$!
track "$tp"
eventually grep -qs . "$TMP/h.txt"
kill -INT "$tp"
wait "$tp"
check headless-command-unharmed bash -c "[ \"\$(cat '$TMP/h.rc')\" = 0 ] && [ -s '$TMP/h.out' ]"
check headless-says-why grep -q "following it quietly" "$TMP/h.err"

# headless, two SIGINTs: syslens leaves at once and says what that costs
"$SYSLENS" -B ptrace -e trace=openat -o "$TMP/t.txt" -- sh -c "$(cmd 3 t)" 2>"$TMP/t.err" &
tp=$!
track "$tp"
eventually grep -qs . "$TMP/t.txt"
kill -INT "$tp"
eventually grep -q "following it quietly" "$TMP/t.err"
kill -INT "$tp"
eventually bash -c "! kill -0 $tp 2>/dev/null"
check headless-second-interrupt-leaves bash -c "! kill -0 $tp 2>/dev/null && [ ! -e '$TMP/t.rc' ] &&
	grep -q 'now fail with ENOSYS' '$TMP/t.err'"

# the interface: q gives the terminal back, says why it waits, and the
# command (which ignores the SIGHUP of its closed terminal) finishes its work
start 100 30 "$SYSLENS -B ptrace -e trace=openat -- sh -c \"$(cmd 2 u)\""
wait_for 'openat'
keys q
wait_for 'following it'
wait_for 'SYSLENS-EXIT' 20
check ui-command-unharmed bash -c "[ \"\$(cat '$TMP/u.rc' 2>/dev/null)\" = 0 ] && [ -s '$TMP/u.out' ]"

# a command that ends on the SIGHUP of its closed terminal needs no word:
# nothing is said about following it
start 100 30 "$SYSLENS -B ptrace -e trace=openat -- sh -c 'cat /etc/hostname; sleep 5'"
wait_for 'openat'
keys q
wait_for 'SYSLENS-EXIT' 20
check ui-hup-ends-it-quietly bash -c "! tmux -L '$S' capture-pane -p -t ui | grep -q 'following it'"
