#!/usr/bin/env bash
# test_ui_trace.sh - the interface over a real tracer (the ptrace backend):
# the tree of a forking program, a thread blocked in read on a pipe, a
# launched command that gets SIGHUP when syslens quits, and an attached
# process left exactly as it was.
source tests/lib.sh

command -v tmux >/dev/null || { skip "interface over ptrace" "tmux is not installed"; exit 0; }
why=$("$SYSLENS" --text -B ptrace -- true 2>&1 >/dev/null)
if [ $? != 0 ]; then
	skip "interface over ptrace" "ptrace backend unavailable: ${why:-no reason given}"
	exit 0
fi

source "$(dirname "$0")/../tmux.sh"
tmux_setup uitrace 20

# --- the demo: a forking program with a thread blocked on a pipe ---
start 120 40 "env LANG=C.UTF-8 $SYSLENS -B ptrace -- $PROGS/demo 30"
check "tree: the demo at the root" wait_for '^demo [0-9]+ '
check "tree: the exec'd child, exited" wait_for '─true [0-9]+ \(exit 0\)'
check "tree: blocked reader thread with its pipe" wait_for '─demo [0-9]+ [0-9.]+s read\([0-9]+<pipe:'
keys e
check "a failing open in the errors-only pane" wait_for "[0-9]+ +openat\\("
s=$(tm capture-pane -p -e -t ui | grep -E '[0-9]+ +openat\(' | sed 's/^.*│//' | head -1)
check "the failing open in the error style" grep -qE $'\e\\[(1;)?91m' <<<"$s"
keys e b
check "b lists the blocked read" wait_for 'read\([0-9]+<pipe:'
keys o
check "the command's own terminal output in the output pane" wait_for 'demo: round 1 of 30'
keys q
check "quit after the demo" wait_for 'SYSLENS-EXIT' 15

# --- calls in flight decoded in the tree and "blocked now", as in the syscall pane ---
start 140 40 "env LANG=C.UTF-8 $SYSLENS -B ptrace --blocked=200ms -- sh -c 'sleep 30; true'"
check "tree: a shell waiting for any child, decoded" wait_for '─?sh [0-9]+ [0-9.]+s wait4\(-1, '
check "tree: sleep's clock decoded" wait_for 'sleep [0-9]+ [0-9.]+s clock_nanosleep\(CLOCK_RE'
keys b
check "blocked now: wait4 decoded" wait_for ' sh +wait4\(-1, '
check "blocked now: clock_nanosleep decoded" wait_for ' sleep +clock_nanosleep\(CLOCK_REALTIME, '
check "blocked now: no raw first argument" bash -c '! grep -qE "0xffffffff|wait4 4294967295" <<<"$1"' _ "$(screen)"
keys q
check "quit while sleep sleeps" wait_for 'SYSLENS-EXIT' 15

# --- a hostile file name opened for real never reaches the terminal raw ---
start 100 30 "env LANG=C.UTF-8 $SYSLENS -B ptrace -- $PROGS/hostile_names"
wait_for 'openat' >/dev/null
keys e
sleep 1
keys k Enter
if wait_for 'Detail'; then
	# the captured payloads come last, below the raw registers: G shows them
	keys G
	check "detail: G shows the captured path" wait_for 'arg 1: string, [0-9]+ bytes'
	check "hostile name: shown escaped in the detail" \
		grep -qF '"/tmp/x\33]0;pwned\7\33[2J"' <<<"$(screen)"
else
	not_ok "hostile name: detail view"
fi
check "hostile comm: shown escaped in the tree" grep -qF '\33[2Jevil' <<<"$(screen)"
check "hostile name: no OSC reaches the terminal" bash -c '! grep -q $'"'"'\e\]0;pwned'"'"' <<<"$1"' _ "$(screen -e)"
check "hostile name: window title untouched" test "$(tm display -p -t ui '#{pane_title}')" != pwned
keys q
wait_for 'SYSLENS-EXIT' 15 >/dev/null

# --- the default backend: however long its note, the status says how the run ended ---
start 120 30 "env LANG=C.UTF-8 $SYSLENS -- true"
check "status line: how the run ended, at 120 columns" wait_for '\| ended: exit 0 +\? help'
keys q
wait_for 'SYSLENS-EXIT' 15 >/dev/null

# --- a ring too small: what it overwrote is counted once ---
start 120 30 "env LANG=C.UTF-8 $SYSLENS -B ptrace --ring=16 -- ls /"
if wait_for 'ended: exit 0'; then
	st=$(screen | grep -E ' ev .* lost ' | tail -1)
	evs=$(sed -nE 's/.* ([0-9]+) ev .*/\1/p' <<<"$st")
	over=$(sed -nE 's/.* lost [0-9]+\+([0-9]+) .*/\1/p' <<<"$st")
	diag "status: $st"
	check "small ring: overwritten counted once (${over:-?} of ${evs:-?} events, 16 kept)" \
		test -n "$evs" -a -n "$over" -a "${over:-0}" -le $((${evs:-0} - 16)) -a "${over:-0}" -gt 0
else
	not_ok "small ring: the run ends"
fi
keys q
wait_for 'SYSLENS-EXIT' 15 >/dev/null

# --- a launched command still running gets SIGHUP on quit ---
cat >"$TMP/hup.sh" <<EOS
trap 'echo hup > $TMP/hup; exit 0' HUP
while :; do sleep 0.2; done
EOS
start 100 30 "$SYSLENS -B ptrace -- sh $TMP/hup.sh"
wait_for 'Processes' >/dev/null
sleep 1
keys q
wait_for 'SYSLENS-EXIT' 15 >/dev/null
for _ in $(seq 50); do [ -e "$TMP/hup" ] && break; sleep 0.1; done
check "launched command got SIGHUP on quit" test -e "$TMP/hup"

# --- an attached process keeps its state ---
sleep 1000 &
victim=$!
track $victim
# wait until it sleeps: a process just started may still be running
for _ in $(seq 50); do
	[ "$(awk '{ print $3 }' /proc/$victim/stat)" = S ] && break
	sleep 0.1
done
state0=$(awk '{ print $3 }' /proc/$victim/stat)
start 100 30 "$SYSLENS -B ptrace -p $victim"
check "attached: the process in the tree" wait_for "sleep $victim"
keys q
wait_for 'SYSLENS-EXIT' 15 >/dev/null
sleep 0.3
check "attached: still alive after quit" kill -0 $victim
check "attached: same state ($state0)" test "$(awk '{ print $3 }' /proc/$victim/stat)" = "$state0"
check "attached: no tracer left" grep -qE '^TracerPid:\s+0$' /proc/$victim/status
kill $victim 2>/dev/null; wait $victim 2>/dev/null

# --- a crash while attached: terminal restored, the process detached and unharmed ---
sleep 1000 &
victim=$!
track $victim
for _ in $(seq 50); do
	[ "$(awk '{ print $3 }' /proc/$victim/stat)" = S ] && break
	sleep 0.1
done
start 100 30 "$SYSLENS -B ptrace -p $victim"
wait_for "sleep $victim" >/dev/null
pid=$(pgrep -P "$(tm display -p -t ui '#{pane_pid}')" -x syslens | head -1)
[ -n "$pid" ] && kill -SEGV "$pid"
wait_for 'SYSLENS-EXIT' 15 >/dev/null
sleep 0.3
check "crash: terminal restored" test "$(tm display -p -t ui '#{alternate_on}')" = 0
check "crash: attached process alive" kill -0 $victim
check "crash: attached process not stopped" test "$(awk '{ print $3 }' /proc/$victim/stat)" = S
check "crash: no tracer left" grep -qE '^TracerPid:\s+0$' /proc/$victim/status
kill $victim 2>/dev/null; wait $victim 2>/dev/null

# --- the terminal goes away (an SSH link drops) while attached ---
sleep 1000 &
victim=$!
track $victim
for _ in $(seq 50); do
	[ "$(awk '{ print $3 }' /proc/$victim/stat)" = S ] && break
	sleep 0.1
done
start 100 30 "$SYSLENS -B ptrace -p $victim"
wait_for "sleep $victim" >/dev/null
pid=$(pgrep -P "$(tm display -p -t ui '#{pane_pid}')" -x syslens | head -1)
tm kill-server
for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
check "hangup: syslens ends" bash -c '! kill -0 "$1" 2>/dev/null' _ "$pid"
check "hangup: attached process alive and sleeping" test "$(awk '{ print $3 }' /proc/$victim/stat)" = S
check "hangup: no tracer left" grep -qE '^TracerPid:\s+0$' /proc/$victim/status
kill $victim 2>/dev/null; wait $victim 2>/dev/null
exit 0
