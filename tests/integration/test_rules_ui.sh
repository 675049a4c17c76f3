#!/usr/bin/env bash
# test_rules_ui.sh - security alerts in the interface (tmux): the seed
# program's three calls drawn in the alert style with their rule, its
# process flagged in the tree, 'a' listing the alerts newest first and
# Enter jumping to the call.
source tests/lib.sh

command -v tmux >/dev/null || { skip "alerts in the interface" "tmux is not installed"; exit 0; }
if $SYSLENS --text -- true 2>&1 | grep -q "not built yet"; then
	skip "alerts in the interface" "the collector is not built yet"
	exit 0
fi

source tests/tmux.sh
tmux_setup rules-ui 20
start 160 100 "env LANG=C.UTF-8 $SYSLENS -- $PROGS/sec_seed"

secret=secret-read
[ "$(id -u)" = 0 ] || secret=secret-open-failed
if ! wait_for 'ended' || ! wait_for '3 alerts'; then
	not_ok "the seed program's alerts in the interface"
	exit 0
fi
s=$(screen)
check "status line counts the alerts" grep -q '| 3 alerts (a)' <<<"$s"
for r in "$secret" remote-admin-connect shell-exec; do
	check "syscall pane: the call matching $r carries its name" grep -q "\[$r\] " <<<"$s"
done
check "syscall pane: nothing else is flagged" \
	test "$(grep -oE '\[[a-z-]+\] [a-z]' <<<"$s" | wc -l)" = 3
# the alert style: bright white on red in the default theme
e=$(screen -e)
styled=$(grep -F "[$secret]" <<<"$e" | grep -cE $'\e\\[41m|;41m|\e\\[41;')
check "syscall pane: alert rows drawn in the alert style" test "$styled" -ge 1
check "tree: the process with alerts is flagged" grep -qE '(^|─)! (sec_seed|sh) ' <<<"$s"

keys a
if wait_for 'Alerts +3  Enter: go to the call'; then
	s=$(screen)
	order=$(grep -oE "(notice|warning|error|critical) +($secret|remote-admin-connect|shell-exec)" <<<"$s" |
		awk '{print $2}' | tr '\n' ' ')
	check "alert list: newest first" test "$order" = "shell-exec remote-admin-connect $secret "
	keys Down Down Enter
	if wait_for 'Syscalls .*scrolled'; then
		e=$(screen -e)
		# the selected row (black on cyan) is the secret's call
		sel=$(grep -F "[$secret]" <<<"$e" | grep -cE $'\e\\[(30;46|46;30)m|\e\\[30m\e\\[46m|\e\\[46m')
		check "Enter jumps to the call in the syscall pane" test "$sel" -ge 1
		keys Enter
		if wait_for "alert +$secret \\((warning|notice)\\): "; then
			ok "detail view names the rule, its severity and message"
		else
			not_ok "detail view names the rule, its severity and message"
		fi
	else
		not_ok "Enter jumps to the call in the syscall pane"
	fi
else
	not_ok "alert list"
fi
keys q
wait_for 'SYSLENS-EXIT 0' 10 >/dev/null
check "quits cleanly" grep -q 'SYSLENS-EXIT 0' <<<"$(screen)"
