#!/usr/bin/env bash
# test_record_ui.sh - a recording opened in the interface (tmux): the
# process tree and the syscalls of the recording show at the recording's
# times, the status line says it is a replay that has ended and how the
# recorded command ended, q quits with the recorded status; a damaged
# recording is said on the status line, then on stderr with status 1.
source "$(dirname "$0")/../lib.sh"
# recorded in 2001 (in UTC): its times cannot be taken for this machine's
REC=tests/fuzz/corpus/tar-300-2001.slrec

command -v tmux >/dev/null || { skip "recording in the interface" "tmux is not installed"; exit 0; }

source tests/tmux.sh
tmux_setup rec
# ui CMD: syslens CMD in a fresh 140x30 window, its stderr kept
ui() { start 140 30 "env LANG=C.UTF-8 $SYSLENS $* 2>$TMP/err"; }

ui -r "$REC"
wait_for 'ended|SYSLENS-EXIT' >/dev/null || true
if grep -q 'not built yet' "$TMP/err"; then
	skip "recording in the interface" "the interface is not built yet"
	exit 0
fi
check "the status line says replay, 300 events, ended" wait_for '^ replay .*300 ev.*ended'
check "the recorded process is in the tree" wait_for '^tar 4242 '
check "its syscalls are in the syscall pane" wait_for '4242 +newfstatat\('
# the times are the recording's (as -tt prints them), not this machine's
last=$("$SYSLENS" -r "$REC" -tt --text 2>/dev/null | tail -n 1 | awk '{ print substr($2, 1, 12) }')
check "times are the recording's ($last)" wait_for "^.*│$last +4242 "
keys q
check "q quits the replay with status 0" wait_for 'SYSLENS-EXIT 0'

# a replay ends as the recorded command did, in the interface too
ui -r tests/fuzz/corpus/real-sh-exit3.slrec
check "a replay's status line says how the command ended" wait_for '\| ended: exit 3 '
keys q
check "q quits the replay with the recorded status" wait_for 'SYSLENS-EXIT 3'

# a damaged recording: on the status line, then one line on stderr and status 1
head -c 1500 tests/fuzz/corpus/real-true-stored.slrec >"$TMP/cut.slrec"
ui -r "$TMP/cut.slrec"
check "a damaged recording: said on the status line" wait_for 'recording damaged'
keys q
check "a damaged recording: exit status 1 after q" wait_for 'SYSLENS-EXIT 1'
check "a damaged recording: one line on stderr after q" \
	grep -q '^syslens: recording damaged at byte [0-9]*: ' "$TMP/err"
