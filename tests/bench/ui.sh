#!/usr/bin/env bash
# tests/bench/ui.sh - the interface's numbers: frame render time at 200x50
# with a full ring of 1M events, memory per stored event, and the
# interface thread's CPU while 100k events per second flow in.  The
# events come from the test collector (SYSLENS_FAKE_COLLECTOR), so only
# the store, the models and the views are measured, not a tracer.
# Targets (issue 5): frame < 5 ms, < 30% of a core at 100k/s.
set -u
cd "$(dirname "$0")/../.."
SYSLENS=${SYSLENS:-build/syslens}
TMP=$(mktemp -d)
S="syslens-bench-$$"
trap 'tmux -L "$S" kill-server 2>/dev/null; rm -rf "$TMP"' EXIT
command -v tmux >/dev/null || { echo "ui bench: tmux is not installed"; exit 0; }

start() {	# start NAME ENV...: syslens in a 200x50 tmux window
	local name=$1
	shift
	tmux -L "$S" kill-server 2>/dev/null
	S="syslens-bench-$$-$name"
	tmux -L "$S" -f /dev/null new-session -d -s b -x 200 -y 50 -c "$PWD" \
		"env LANG=C.UTF-8 SYSLENS_UI_STATS=$TMP/$name.stats $* $SYSLENS -- true; sleep 60"
}
syslens_pid() {
	pgrep -P "$(tmux -L "$S" display -p -t b '#{pane_pid}')" -x syslens | head -1
}
screen() { tmux -L "$S" capture-pane -p -t b; }
stat_of() { awk -v k="$2" '$1 == k { print $2 }' "$TMP/$1.stats"; }
quit() {
	tmux -L "$S" send-keys -t b q
	for _ in $(seq 100); do [ -s "$TMP/$1.stats" ] && break; sleep 0.1; done
}

# 1. a full ring of 1M events, then frames while moving through it
start fill SYSLENS_FAKE_COLLECTOR=fill SYSLENS_FAKE_EVENTS=1000000
for _ in $(seq 300); do screen | grep -q 'ring 100%' && break; sleep 0.1; done
sleep 1
pid=$(syslens_pid)
rss_kb=$(awk '/^VmRSS/ { print $2 }' /proc/"$pid"/status)
for _ in $(seq 20); do
	tmux -L "$S" send-keys -t b k PageUp
	sleep 0.1
done
tmux -L "$S" send-keys -t b G
sleep 0.5
quit fill
kept=$(stat_of fill kept)
printf 'ui: frame at 200x50 with %s events stored: avg %s us, max %s us over %s frames\n' \
	"$kept" "$(stat_of fill frame_avg_us)" "$(stat_of fill frame_max_us)" "$(stat_of fill frames)"
awk -v rss="$rss_kb" -v n="$kept" -v rb="$(stat_of fill ring_bytes)" -v cap="$(stat_of fill ring_capacity)" \
	'BEGIN { printf "ui: memory: %.0f bytes per stored event (RSS %.0f MiB for %d events); ring bound %.0f bytes per event, %.0f MiB at --ring=%d\n",
		rss * 1024 / n, rss / 1024, n, rb / cap, rb / 1048576, cap }'

# 2. 100k events/s for 5 s: CPU of the interface thread (the main thread)
start flood SYSLENS_FAKE_COLLECTOR=flood SYSLENS_FAKE_RATE=100000
sleep 2
pid=$(syslens_pid)
hz=$(getconf CLK_TCK)
ticks() { awk '{ print $14 + $15 }' "/proc/$pid/task/$1/stat"; }
proc_ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
t0=$(ticks "$pid"); p0=$(proc_ticks); e0=$(date +%s.%N)
sleep 5
t1=$(ticks "$pid"); p1=$(proc_ticks); e1=$(date +%s.%N)
quit flood
awk -v a="$t0" -v b="$t1" -v pa="$p0" -v pb="$p1" -v s="$e0" -v e="$e1" -v hz="$hz" \
	-v n="$(stat_of flood events)" -v m="$(stat_of flood missed)" \
	'BEGIN { printf "ui: at 100k events/s: interface thread %.1f%% of a core (whole process with the test collector %.1f%%); %d events, %d missed by the interface\n",
		(b - a) / hz / (e - s) * 100, (pb - pa) / hz / (e - s) * 100, n, m }'
