#!/usr/bin/env bash
# test_ui_hist.sh - the histogram pane and the regex filters in a real
# terminal (tmux), on a real program traced with ptrace: hist_slow makes
# three 50 ms nanosleeps among 600 getpids and two failing closes.
# Buckets, p50, sorting, drill-down, include and exclude filters with
# highlighting, n / N, removing filters, an invalid regex, --filter.
source tests/lib.sh

command -v tmux >/dev/null || { skip "histograms in tmux" "tmux is not installed"; exit 0; }
if ! "$SYSLENS" -B ptrace --text -- true >/dev/null 2>"$TMP/err"; then
	skip "histograms in tmux" "the ptrace backend does not run here: $(head -1 "$TMP/err")"
	exit 0
fi

source "$(dirname "$0")/../tmux.sh"
tmux_setup hist 20
wait_gone() {
	local i
	for ((i = 0; i < ${2:-20} * 10; i++)); do
		screen | grep -qE -- "$1" || return 0
		sleep 0.1
	done
	diag "still there: $1"
	screen | sed 's/^/# | /'
	return 1
}
# checks poll with eventually (tests/lib.sh): the last events may reach the
# panes a frame after the status says the command ended
nrows() { grep -c -- "$1" <(syspane); }
is3() { [ "$(nrows 'nanosleep(')" = 3 ]; }
# the syscall pane: right of the tree's border, above the histograms
syspane() { screen | sed -n '2,26p' | sed 's/^.*│//'; }
# the histogram list's first row (under its header)
first_row() { screen | grep -A1 '^syscall ' | sed -n 2p; }

SL="env LANG=C.UTF-8 $SYSLENS -B ptrace"
PROG="build/progs/hist_slow exit"

# --- the histogram pane below the others at 120x40 ---
start 120 40 "$SL -- $PROG"
if wait_for 'ended: exit 0' && wait_for '^getpid +600 '; then
	ok "histograms: getpid counted 600 times"
	keys h C g
	if wait_for 'getpid  p50 [0-9]+(ns|us)  p99'; then
		ok "histograms: getpid's median in the sub-us / us buckets"
		check "histograms: getpid buckets drawn with ranges, counts, bars" \
			grep -qE '^ +syscall.*|  [0-9]+(ns|us)-[0-9]+(ns|us) +[1-9][0-9]* █' <(screen)
	else
		not_ok "histograms: getpid's median in the sub-us / us buckets"
	fi
	# by total time: nanosleep (150 ms) on top, its calls in 32ms-64ms
	keys T g
	if wait_for 'sort total' && wait_for 'nanosleep  p50 '; then
		check "sort by total: nanosleep first" grep -qE '^nanosleep +3 ' <(first_row)
		check "nanosleep's 3 calls in the 32ms-64ms bucket" grep -qE ' 32ms-64ms +3 █' <(screen)
		check "nanosleep's p50 shown in ms" grep -qE 'nanosleep  p50 (4[0-9]|5[0-9]|6[0-4])ms' <(screen)
	else
		not_ok "sort by total"
	fi
	keys E g
	if wait_for 'sort errors'; then
		check "sort by errors: the failing close first" grep -qE '^close +[0-9]+ +2 ' <(first_row)
	else
		not_ok "sort by errors"
	fi
	keys C g
	if wait_for 'sort calls'; then
		check "sort by calls: getpid first" grep -qE '^getpid +600 ' <(first_row)
	else
		not_ok "sort by calls"
	fi
	keys w
	check "window toggle: the last 10 s" wait_for 'last 10s'
	keys w
	wait_for 'since start' >/dev/null

	# --- drill-down: nanosleep's slowest bucket, Enter ---
	keys T g
	wait_for 'nanosleep  p50 ' >/dev/null
	keys Enter
	if wait_for '\| nanosleep 32ms-64ms \|'; then
		check "drill-down: the pane shows the 3 nanosleeps" eventually is3
		p=$(syspane)
		check "drill-down: and nothing else" bash -c '! grep -qE "getpid\(|close\(|\+\+\+" <<<"$1"' _ "$p"
		keys Escape
		if wait_gone 'nanosleep 32ms-64ms'; then
			check "Esc ends the drill-down" grep -q 'getpid(' <(syspane)
		else
			not_ok "Esc ends the drill-down"
		fi
	else
		not_ok "drill-down into the 32ms-64ms bucket"
	fi

	# --- include filter, highlighted; n / N ---
	keys / 'nanosleep|close' Enter
	if wait_for '\| /nanosleep\|close/ \|' && wait_gone 'getpid\(' 10; then
		p=$(syspane)
		check "include filter: only matching rows" \
			test "$(grep -cE 'nanosleep\(|close\(' <<<"$p")" -ge 5
		e=$(screen -e)
		check "include filter: matches in the match style" \
			grep -qE $'\e\\[(30;43|43)m(\e\\[30m)?nanosleep|\e\\[30m\e\\[43mnanosleep' <<<"$e"
		keys n
		if wait_for 'Syscalls +scrolled'; then
			# the selected row: its screen line, and its text
			sel() { screen -e | grep -nE $'\e\\[46m[0-9]{2}:' | cut -d: -f1 | head -1; }
			seltext() { screen -e | grep -E $'\e\\[46m[0-9]{2}:' | sed 's/\x1b\[[0-9;]*m//g'; }
			# sel_change OLD: the selected row once it is no longer OLD (polled)
			sel_change() {
				local i v
				for ((i = 0; i < 100; i++)); do
					v=$(sel)
					[ -n "$v" ] && [ "$v" != "$1" ] && break
					sleep 0.1
				done
				echo "$v"
			}
			s1=$(sel) t1=$(seltext)
			keys n
			s2=$(sel_change "$s1")
			keys N
			s3=$(sel_change "$s2")
			diag "selected row: n $s1, n $s2, N $s3 ($t1)"
			check "n selects the first match" grep -qE 'nanosleep|close' <<<"$t1"
			check "n moves to the next match" test -n "$s2" -a "$s1" != "$s2"
			check "N moves back" test -n "$s3" -a "$s1" = "$s3"
		else
			not_ok "n jumps to a match"
		fi
		keys f
		# --- a second, exclude filter stacks ---
		keys '\' 'close' Enter
		if wait_for '/nanosleep\|close/ !/close/' && wait_gone 'close\(' 10; then
			check "exclude filter: stacked, excluded rows gone" grep -q 'nanosleep(' <(syspane)
		else
			not_ok "exclude filter stacks"
		fi
		# --- an invalid regex: PCRE2's message and offset, the view stays ---
		keys / 'open(at' Enter
		if wait_for "regex 'open\\(at': missing closing parenthesis at offset 7"; then
			ok "invalid regex: message and offset in the status line"
			check "invalid regex: the previous view stays" grep -q 'nanosleep(' <(syspane)
		else
			not_ok "invalid regex: message and offset in the status line"
		fi
		wait_gone 'missing closing' 15 >/dev/null
		keys - -
		if wait_gone '/nanosleep' 10; then
			check "filters removed one by one: all rows back" wait_for 'getpid\(' 10
		else
			not_ok "filters removed one by one"
		fi
	else
		not_ok "include filter"
	fi
	# --- scoped to the process selected in the tree ---
	keys t Enter
	if wait_for 'Histograms +pid [0-9]+  since start'; then
		check "scope: the process's histograms" grep -qE '^getpid +600 ' <(screen)
		keys Escape
		check "Esc: all processes again" wait_for 'Histograms +all processes'
	else
		not_ok "scope: the process's histograms"
	fi
	keys q
	wait_for 'SYSLENS-EXIT' >/dev/null
else
	not_ok "histograms of hist_slow"
fi

# --- exclude filter alone, and --filter at start ---
start 120 40 "$SL --filter=nanosleep --filter='!getpid' -- $PROG"
if wait_for 'ended: exit 0' && wait_for '/nanosleep/ !/getpid/'; then
	check "--filter at start: only the matching rows" eventually is3
	p=$(syspane)
	check "--filter at start: nothing else" bash -c '! grep -qE "getpid\(|close\(" <<<"$1"' _ "$p"
	check "--filter does not narrow the histograms" wait_for '^getpid +600 '
	keys q
else
	not_ok "--filter at start"
fi

start 120 40 "$SL --filter='!getpid|nanosleep' -- $PROG"
if wait_for 'ended: exit 0' && wait_for '!/getpid\|nanosleep/' && wait_for 'close\('; then
	p=$(syspane)
	check "exclude filter: excluded calls gone" bash -c '! grep -qE "getpid\(|nanosleep\(" <<<"$1"' _ "$p"
	check "exclude filter: the rest stays" grep -q 'close(' <<<"$p"
	keys q
else
	not_ok "exclude filter at start"
fi

# --- a smaller terminal: no pane below, h puts the histograms on the right ---
start 90 24 "$SL -- $PROG"
if wait_for 'ended: exit 0'; then
	keys h
	check "small terminal: h shows the histograms in the right pane" wait_for '│ Histograms'
	check "small terminal: the selected syscall's buckets below the list" wait_for 'getpid  p50 '
	keys q
else
	not_ok "histograms on a small terminal"
fi

# --- a ring far smaller than the run: the counts still take every call ---
# (the interface takes events from the ring once a frame; the counts and
# histograms come from every call as it is stored, so 16 slots lose none).
# The text output of the same run says how many calls and failures to expect.
"$SYSLENS" -B ptrace --text -- $PROG >"$TMP/text" 2>&1
ncalls=$(grep -cE '^[0-9]+ +[a-z_0-9]+\(' "$TMP/text")
nfail=$(grep -E '^[0-9]+ +[a-z_0-9]+\(' "$TMP/text" | grep -cE '= -1 E')
start 120 40 "$SL --ring 16 -- $PROG"
if wait_for 'ended: exit 0' && wait_for 'lost [0-9]+\+[1-9]'; then
	check "--ring 16: histograms count the calls the ring overwrote" wait_for '^getpid +600 '
	check "--ring 16: so do the errors" wait_for '^close +[0-9]+ +2 '
	check "--ring 16: the tree counts every call ($ncalls, $nfail failed)" \
		wait_for "^hist_slow [0-9]+ .* $ncalls +$nfail│"
	keys q
else
	not_ok "--ring 16"
fi
