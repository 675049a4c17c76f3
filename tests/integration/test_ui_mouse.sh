#!/usr/bin/env bash
# test_ui_mouse.sh - the mouse in a real terminal (tmux): xterm mouse
# reports typed into the pane select and focus with a click and scroll
# with the wheel, fed by the made-up-events collector.
source tests/lib.sh

command -v tmux >/dev/null || { skip "mouse in tmux" "tmux is not installed"; exit 0; }

source "$(dirname "$0")/../tmux.sh"
tmux_setup mouse 15
# SGR (1006) reports, 1-based column X and row Y
click() { keys -l $'\e'"[<0;$1;$2M"; keys -l $'\e'"[<0;$1;$2m"; }
wheel_up() { keys -l $'\e'"[<64;$1;$2M"; }
wheel_down() { keys -l $'\e'"[<65;$1;$2M"; }
# X10 reports: ESC [ M, then button, column and row, each + 32 (1-based)
x10_click() {
	keys -H 1b 5b 4d 20 "$(printf %x $(($1 + 32)))" "$(printf %x $(($2 + 32)))"
	keys -H 1b 5b 4d 23 "$(printf %x $(($1 + 32)))" "$(printf %x $(($2 + 32)))"
}
# row REGEX: the 1-based screen row where REGEX first shows
row() { screen | grep -nE -- "$1" | head -1 | cut -d: -f1; }

# xterm-256color: kmous is \E[<, so ncurses asks for SGR reports
FAKE="env TERM=xterm-256color SYSLENS_FAKE_COLLECTOR=1 LANG=C.UTF-8 $SYSLENS"

start 120 40 "$FAKE -- true"
if wait_for 'true 4001 \(exit 3\)' && wait_for 'Syscalls .*following'; then
	# a click on a process row selects it and focuses the tree: Enter
	# there narrows to the selected process
	y=$(row 'true 4001 \(exit 3\)')
	click 5 "$y"
	sleep 0.3
	keys Enter
	check "click on a tree row selects it and focuses the tree" wait_for '\| pid 4001 \|' 5
	keys Escape
	wait_for 'Syscalls .*following' 5 >/dev/null

	# the wheel over the syscall pane scrolls it (the tree keeps focus)
	wheel_up 80 20
	check "wheel up over the syscall pane stops following" wait_for 'Syscalls .*scrolled' 5
	keys Enter
	check "the wheel leaves the focus where it was" wait_for '\| pid 4001 \|' 5
	keys Escape

	# from the tree (t focuses it), a click in the syscall pane focuses
	# that: Enter there opens the detail
	keys t
	click 80 10
	check "click on a syscall row selects it (stops following)" wait_for 'Syscalls .*scrolled' 5
	keys Enter
	if wait_for 'Detail' 5; then
		check "click focuses the syscall pane: Enter shows the detail" \
			grep -qE 'process   pid [0-9]+' <<<"$(screen)"
		keys Escape
	else
		not_ok "click focuses the syscall pane: Enter shows the detail"
	fi
	wait_for '^ Processes' 5 >/dev/null

	# wheel down moves the selection (and the rows, at the edge)
	keys f
	wait_for 'Syscalls .*following' 5 >/dev/null
	keys Space
	wait_for 'Syscalls .*PAUSED' 5 >/dev/null
	for _ in 1 2 3 4; do wheel_up 80 20; done
	sleep 0.5
	before=$(screen -e | sed -n '3,24p' | sed 's/^.*│//')
	wheel_down 80 20
	sleep 0.5
	after=$(screen -e | sed -n '3,24p' | sed 's/^.*│//')
	check "wheel down moves through the rows" test -n "$before" -a "$before" != "$after"
else
	not_ok "interface starts for the mouse"
fi
keys q
wait_for 'SYSLENS-EXIT' 10 >/dev/null

# tmux's own terminal type: kmous is \E[M, so ncurses asks for X10 reports
start 120 40 "env TERM=tmux-256color SYSLENS_FAKE_COLLECTOR=1 LANG=C.UTF-8 $SYSLENS -- true"
if wait_for 'true 4001 \(exit 3\)' && wait_for 'Syscalls .*following'; then
	y=$(row 'true 4001 \(exit 3\)')
	x10_click 5 "$y"
	sleep 0.3
	keys Enter
	check "X10 click selects a tree row" wait_for '\| pid 4001 \|' 5
else
	not_ok "interface starts with TERM=tmux-256color"
fi
keys q
wait_for 'SYSLENS-EXIT' 10 >/dev/null
exit 0
