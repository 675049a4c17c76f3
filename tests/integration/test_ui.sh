#!/usr/bin/env bash
# test_ui.sh - the interface in a real terminal (tmux), fed by the
# made-up-events collector (SYSLENS_FAKE_COLLECTOR), so it runs anywhere:
# the tree, failing calls in the error style, a blocked read with a
# growing wait, scrolling/pause/follow, the detail view, resizing,
# hostile names, themes, quitting.
source tests/lib.sh

command -v tmux >/dev/null || { skip "interface in tmux" "tmux is not installed"; exit 0; }

source "$(dirname "$0")/../tmux.sh"
tmux_setup ui 15

FAKE="env SYSLENS_FAKE_COLLECTOR=1 LANG=C.UTF-8 $SYSLENS"

# --- the tree of a forking program ---
start 120 40 "$FAKE -- true"
if wait_for 'Processes' && wait_for 'true 4001 \(exit 3\)'; then
	s=$(screen)
	check "tree: parent at the root" grep -qE '^demo 4000 ' <<<"$s"
	check "tree: exited child dimmed with its status" grep -qE '(├|└)─true 4001 \(exit 3\)' <<<"$s"
	check "tree: thread listed under its process" grep -qE '├─reader 4002' <<<"$s"
	check "status line: backend, events, ring" grep -qE '^ fake .*[0-9]+ ev .*ring [0-9]+%.*following' <<<"$s"
	check "layout: histogram pane below at 120x40" grep -q 'Histograms' <<<"$s"
else
	not_ok "tree of a forking program"
fi

# --- a failing open in the error style (bright red, bold in the default theme) ---
keys e
if wait_for 'errors only'; then
	s=$(screen -e)
	# every row of the pane now fails: each is drawn with the error SGR
	rows=$(grep -c 'openat(' <<<"$s")
	red=$(grep 'openat(' <<<"$s" | sed 's/^.*│//' | grep -cE $'\e\\[(1;)?91m|\e\\[1m\e\\[91m')
	diag "failing rows $rows, in the error style $red"
	check "failing calls drawn in the error style" test "$rows" -gt 0 -a "$rows" = "$red"
	keys e
	wait_for 'getpid\(' >/dev/null	# a row, not the histogram list
	s=$(screen -e)
	# (only the syscall pane's side of each line: the tree's error counts are red too)
	check "successful calls not in the error style" \
		bash -c '! grep "getpid(" <<<"$1" | sed "s/^.*│//" | grep -qE $'"'"'\e\\[(1;)?91m'"'"'' _ "$s"
else
	not_ok "errors only"
fi

# --- a thread blocked in read on a pipe, with a growing wait ---
if wait_for 'reader 4002 [0-9.]+s read\(5<'; then
	t1=$(screen | grep -oE 'reader 4002 [0-9.]+s read' | grep -oE '[0-9.]+s')
	sleep 1.5
	t2=$(screen | grep -oE 'reader 4002 [0-9.]+s read' | grep -oE '[0-9.]+s')
	diag "blocked for $t1, then $t2"
	check "blocked wait grows live" awk -v a="${t1%s}" -v b="${t2%s}" 'BEGIN { exit !(b > a) }'
	check "blocked call sits below the syscall rows" bash -c 'grep -qE "4000/4002 +read\\(.*blocked [0-9.]+s" <<<"$1"' _ "$(screen)"
	keys b
	if wait_for 'Blocked now'; then
		check "b lists the blocked thread" bash -c 'grep -qE "[0-9.]+s +4002 +reader +read\\(5</tmp/fifo>" <<<"$1"' _ "$(screen)"
	else
		not_ok "b lists the blocked thread"
	fi
	keys Escape
else
	not_ok "blocked thread shown"
fi

# --- scroll, pause, follow ---
wait_for 'following' >/dev/null
keys k k k
check "scrolling up stops following" wait_for 'Syscalls .*scrolled'
keys Space
check "space pauses the view" wait_for 'Syscalls .*PAUSED'
ev1=$(screen | grep -oE '[0-9]+ ev' | head -1)
sleep 1
ev2=$(screen | grep -oE '[0-9]+ ev' | head -1)
diag "events while paused: $ev1 -> $ev2"
check "collection goes on while paused" test "${ev1% ev}" -lt "${ev2% ev}"
keys f
check "f follows again" wait_for 'Syscalls .*following'

# --- the detail view ---
keys k Enter
if wait_for 'Detail'; then
	s=$(screen)
	check "detail: process and timestamps" bash -c 'grep -q "process   pid 4000" <<<"$1" && grep -q "entered   " <<<"$1"' _ "$s"
	check "detail: arguments" grep -q 'arg 0     ' <<<"$s"
	keys Escape
	check "Esc goes back to the syscall pane" wait_for 'Syscalls'
else
	not_ok "detail view"
fi

# --- help ---
keys '?'
if wait_for 'syslens keys'; then
	check "? shows every key" grep -q 'errors only (toggle)' <<<"$(screen)"
else
	not_ok "? shows every key"
fi
keys x

# --- resize to 40x10 and back ---
tm resize-window -t ui -x 40 -y 10
if wait_for 'Syscalls'; then
	s=$(screen)
	check "40x10: one pane and the status line" bash -c '! grep -q Processes <<<"$1" && grep -q "fake" <<<"$1"' _ "$s"
	# Tab reaches every pane the layout hides, in the full layout's order
	# (tree, syscalls, histograms), the histograms too
	keys Tab
	check "40x10: Tab from the syscalls shows the histograms" wait_for '^ Histograms'
	keys Tab
	check "40x10: Tab again shows the process tree" wait_for '^ Processes'
	keys Tab
	check "40x10: and then the syscalls" wait_for '^ Syscalls'
	keys BTab
	check "40x10: Shift-Tab goes back to the tree" wait_for '^ Processes'
	keys BTab
	check "40x10: Shift-Tab again, the histograms" wait_for '^ Histograms'
	keys BTab
	check "40x10: Shift-Tab once more, the syscalls" wait_for '^ Syscalls'
	# the help is taller than the screen: it scrolls, and says where it is
	keys '?'
	check "40x10: the help says which of its lines show" wait_for 'lines 1-5 of [0-9]+'
	keys PgDn
	check "40x10: PgDn scrolls the help" wait_for 'lines 5-9 of [0-9]+'
	# a resize keeps it open, drawn at the new size
	tm resize-window -t ui -x 70 -y 20
	check "70x20: the help stays open through a resize" wait_for 'syslens keys.*arrows scroll'
	keys End
	check "70x20: another key closes the help" eventually bash -c '! grep -q "syslens keys" <<<"$(tmux -L "$1" capture-pane -p -t ui)"' _ "$S"
	# 70x20: one pane at a time; the histograms are one Tab away too
	keys Tab
	check "70x20: Tab reaches the histograms" wait_for '^ Histograms'
	keys Tab
	check "70x20: Tab again shows the process tree" wait_for '^ Processes'
	keys Tab
	check "70x20: and then the syscalls" wait_for '^ Syscalls'
else
	not_ok "40x10 usable"
fi
tm resize-window -t ui -x 36 -y 8
check "smaller: terminal too small" wait_for 'terminal too small'
tm resize-window -t ui -x 120 -y 40
check "back to 120x40: the full layout" wait_for 'Processes.*Syscalls'

# --- hostile names never reach the terminal raw ---
s=$(screen -e)
check "hostile comm shown escaped" grep -q '\\33\[2Jevil 4003' <<<"$(screen)"
check "no OSC from the tracee reaches the terminal" bash -c '! grep -q $'"'"'\e\]0;pwned'"'"' <<<"$1"' _ "$s"
title=$(tm display -p -t ui '#{pane_title}')
check "window title untouched" test "$title" != "pwned"
# narrow to the hostile process (the tree's last row), then its failing open
keys t G Enter Tab
if wait_for 'pid 4003' 5; then
	keys G Enter
	if wait_for 'Detail'; then
		s=$(screen)
		check "detail: hostile file name escaped" grep -qF '\33[2J\33]0;pwned\7x' <<<"$s"
		check "screen not cleared by the name" grep -q 'process   pid 4003' <<<"$s"
	else
		not_ok "detail of the hostile open"
	fi
	keys Escape Escape
else
	not_ok "narrowing to a process from the tree"
fi

# --- the launched command's terminal: its output, typing to it ---
keys o
if wait_for 'Output'; then
	s=$(screen)
	check "output pane: the command's output" grep -q 'demo: hello from the command' <<<"$s"
	check "output pane: its escape sequences stripped" bash -c '! grep -q $'"'"'\e\]0;title'"'"' <<<"$1"' _ "$(screen -e)"
	keys i
	check "input mode shows how to leave it" wait_for 'INPUT \(Ctrl-\] leaves\)'
	keys -l 'hello there'
	keys Enter
	check "typed line reaches the command" wait_for "demo: got 'hello there'"
	keys C-]
	check "Ctrl-] leaves input mode" wait_for '\| following \| running'
	keys o
else
	not_ok "output pane"
fi

# --- quitting restores the terminal ---
keys q
if wait_for 'SYSLENS-EXIT' 10; then
	check "quit: alternate screen left" test "$(tm display -p -t ui '#{alternate_on}')" = 0
	check "quit: exit status 0" grep -q 'SYSLENS-EXIT 0' <<<"$(screen)"
else
	not_ok "q quits"
fi

# --- a command that ends: the interface stays, saying how it ended ---
start 100 30 "env SYSLENS_FAKE_COLLECTOR=exit LANG=C.UTF-8 $SYSLENS -- true"
check "stderr shows in the status line, escaped" wait_for '^ fake: a warning on stderr \?\[2J'
check "ended command: status line says so" wait_for 'ended: exit 0'
check "ended command: what was captured stays" bash -c 'grep -q "demo 4000 (exit 0)" <<<"$1"' _ "$(screen)"
# nothing moves once the command ended: nothing is written to the terminal
sleep 2
tm pipe-pane -o -t ui "cat >> $TMP/idle.out"
sleep 3
tm pipe-pane -t ui
check "idle: no bytes sent to the terminal" test ! -s "$TMP/idle.out"
keys j
sleep 1
tm pipe-pane -o -t ui "cat >> $TMP/moved.out"
keys k
sleep 1
tm pipe-pane -t ui
bytes=$(stat -c %s "$TMP/moved.out" 2>/dev/null || echo 0)
diag "bytes sent for one move of the selection: $bytes"
check "a key redraws only what changed (< 2000 bytes)" test "$bytes" -gt 0 -a "$bytes" -lt 2000
keys q
wait_for 'SYSLENS-EXIT' 10 >/dev/null

# --- SIGTERM restores the terminal ---
start 100 30 "$FAKE -- true"
wait_for 'Processes' >/dev/null
pid=$(pgrep -P "$(tm display -p -t ui '#{pane_pid}')" -x syslens | head -1)
[ -n "$pid" ] && kill -TERM "$pid"
if wait_for 'SYSLENS-EXIT' 10; then
	check "SIGTERM: terminal restored" test "$(tm display -p -t ui '#{alternate_on}')" = 0
	check "SIGTERM: exit status 143" grep -q 'SYSLENS-EXIT 143' <<<"$(screen)"
else
	not_ok "SIGTERM ends the interface"
fi

# --- Ctrl-C and a crash restore the terminal too ---
start 100 30 "$FAKE -- true"
wait_for 'Processes' >/dev/null
keys C-c
if wait_for 'SYSLENS-EXIT' 10; then
	check "Ctrl-C: terminal restored, status 130" \
		test "$(tm display -p -t ui '#{alternate_on}')" = 0 -a -n "$(screen | grep 'SYSLENS-EXIT 130')"
else
	not_ok "Ctrl-C ends the interface"
fi
start 100 30 "$FAKE -- true"
wait_for 'Processes' >/dev/null
pid=$(pgrep -P "$(tm display -p -t ui '#{pane_pid}')" -x syslens | head -1)
[ -n "$pid" ] && kill -SEGV "$pid"
if wait_for 'SYSLENS-EXIT' 10; then
	check "crash (SIGSEGV): terminal restored" test "$(tm display -p -t ui '#{alternate_on}')" = 0
	check "crash (SIGSEGV): dies of the signal" grep -q 'SYSLENS-EXIT 139' <<<"$(screen)"
else
	not_ok "crash ends the interface"
fi

# --- narrowing to a process and its children ---
start 120 40 "$FAKE -- true"
wait_for 'true 4001' >/dev/null
keys t g c
check "c narrows to the process and its children" wait_for '\| pid 4000\+children \|'
keys Escape
check "Esc widens to everything again" bash -c 'sleep 0.5; ! grep -q "pid 4000+children" <<<"$1"' _ "$(sleep 0.5; screen)"
keys q
wait_for 'SYSLENS-EXIT' 10 >/dev/null

# --- ASCII outside UTF-8, and monochrome ---
start 100 30 "env SYSLENS_FAKE_COLLECTOR=1 LANG=C LC_ALL=C NO_COLOR=1 $SYSLENS -- true"
if wait_for 'true 4001'; then
	s=$(screen)
	check "ASCII tree lines outside UTF-8" grep -qE '^\|-true 4001' <<<"$s"
	check "no line drawing characters outside UTF-8" bash -c '! grep -q "─" <<<"$1"' _ "$s"
	check "NO_COLOR: no colours" bash -c '! grep -qE $'"'"'\e\\[[0-9;]*(3[0-7]|9[0-7]|4[0-7])m'"'"' <<<"$1"' _ "$(screen -e)"
else
	not_ok "ASCII and monochrome"
fi
keys q
wait_for 'SYSLENS-EXIT' 10 >/dev/null

# --- a theme file with an error, before any screen is drawn ---
printf 'error = fg=red\nblocked = fg=rouge\n' >"$TMP/bad.theme"
out=$(SYSLENS_FAKE_COLLECTOR=1 script -qec "$SYSLENS --theme $TMP/bad.theme -- true" /dev/null 2>&1 </dev/null)
check "bad theme: file, line and problem" grep -qF "bad.theme:2: unknown colour 'rouge'" <<<"$out"
check "bad theme: no screen drawn" bash -c '! grep -q "Processes" <<<"$1"' _ "$out"

# --- TERM=dumb: text instead, one line saying why ---
out=$(TERM=dumb SYSLENS_FAKE_COLLECTOR=exit script -qec "$SYSLENS -- true" /dev/null 2>&1 </dev/null)
check "TERM=dumb: one line saying why" grep -q 'TERM is dumb' <<<"$out"
out=$(TERM=no-such-terminal SYSLENS_FAKE_COLLECTOR=exit script -qec "$SYSLENS -- true" /dev/null 2>&1 </dev/null)
check "unknown terminal: one line saying why" grep -q "unknown terminal type 'no-such-terminal'" <<<"$out"
exit 0
