#!/usr/bin/env bash
# test_record_live.sh - record real programs with -w and replay them with
# -r: the text, JSON and -c output and the exit status of the replay equal
# the live run's, on every backend available here.  Also: the file is
# created safely, and a recording cut by killing syslens replays up to its
# last whole block.
source "$(dirname "$0")/../lib.sh"

if "$SYSLENS" --text -- true 2>&1 | grep -q "not built yet"; then
	skip "record and replay real programs" "the live collector is not built yet"
	exit 0
fi

backends=(ptrace)
if need_root && [ -r /sys/kernel/btf/vmlinux ]; then
	if "$SYSLENS" -B ebpf --text -- true >/dev/null 2>"$TMP/err"; then
		backends+=(ebpf)
	else
		skip "record and replay with -B ebpf" "ebpf backend does not run here: $(head -n 1 "$TMP/err")"
	fi
else
	skip "record and replay with -B ebpf" "needs root and kernel BTF"
fi

# programs to record: tracee programs (when built) and everyday commands
progs=()
for p in "forktree 2" "threads" "execthread" "hostile" "signals" "signals segv" \
	 "loop forkopen 20" "out_fdread /etc/hostname" "out_thread"; do
	[ -x "$PROGS/${p%% *}" ] && progs+=("$PROGS/$p")
done
progs+=("/bin/ls -la /etc" "/bin/sh -c 'exit 3'" "/bin/cat /nonexistent")

# round_trip BACKEND NAME OPTS -- CMD...: live vs replay with the same
# OPTS, output in files (the command's own output stays apart)
round_trip() {
	local b=$1 name=$2 opts=$3; shift 4
	local f="$TMP/rec.slrec" lrc rrc
	rm -f "$f" "$TMP/live" "$TMP/replay"
	# shellcheck disable=SC2086
	timeout 60 "$SYSLENS" -B "$b" $opts -o "$TMP/live" -w "$f" -- "$@" \
		>/dev/null 2>"$TMP/live.err" </dev/null
	lrc=$?
	# shellcheck disable=SC2086
	timeout 60 "$SYSLENS" -r "$f" $opts -o "$TMP/replay" >/dev/null 2>"$TMP/replay.err"
	rrc=$?
	if [ ! -s "$TMP/live" ]; then
		not_ok "$b: $name: $opts: live run wrote nothing"
		diag "stderr: $(head -n 3 "$TMP/live.err")"
	elif ! cmp -s "$TMP/live" "$TMP/replay"; then
		not_ok "$b: $name: $opts: replay equals live"
		diff "$TMP/live" "$TMP/replay" | head -n 10 | sed 's/^/# /'
		diag "replay stderr: $(head -n 3 "$TMP/replay.err")"
	elif [ "$lrc" != "$rrc" ]; then
		not_ok "$b: $name: $opts: replay exits as the live run ($lrc), not $rrc"
	else
		ok "$b: $name: $opts: replay equals live (exit $lrc)"
	fi
}

for b in "${backends[@]}"; do
	for p in "${progs[@]}"; do
		eval "set -- $p"
		name=$(basename "$1")
		[ $# -gt 1 ] && name+=" ${*:2}"
		round_trip "$b" "$name" "--text" -- "$@"
	done
	round_trip "$b" "ls" "--text -ttt -T -y -s 64" -- /bin/ls -la /etc
	round_trip "$b" "ls" "--text -tt" -- /bin/ls -la /etc
	round_trip "$b" "ls" "--json" -- /bin/ls -la /etc
	round_trip "$b" "ls" "-c" -- /bin/ls -la /etc
done

# -e: the recording holds the traced set; -e at replay narrows it further
round_trip ptrace "ls" "--text -e trace=openat,close,newfstatat" -- /bin/ls -la /etc
"$SYSLENS" -B ptrace -w "$TMP/all.slrec" -o /dev/null -- /bin/ls -la /etc >/dev/null 2>&1 </dev/null
"$SYSLENS" -r "$TMP/all.slrec" -e trace=openat,close -o "$TMP/narrow" 2>/dev/null
if [ -s "$TMP/narrow" ] && ! grep -qvE '^[0-9]+ +(openat|close)\(|^[0-9]+ +\+\+\+ ' "$TMP/narrow"; then
	ok "-e at replay keeps only those syscalls"
else
	not_ok "-e at replay keeps only those syscalls"
	grep -vE '^[0-9]+ +(openat|close)\(' "$TMP/narrow" | head -n 5 | sed 's/^/# /'
fi

# -tt prints local time: a replay in another zone prints the recording's
TZ=Asia/Kolkata "$SYSLENS" -B ptrace -tt -w "$TMP/tz.slrec" -o "$TMP/live" -- /bin/true \
	>/dev/null 2>&1 </dev/null
TZ=America/New_York "$SYSLENS" -r "$TMP/tz.slrec" -tt -o "$TMP/replay" 2>/dev/null
if [ -s "$TMP/live" ] && cmp -s "$TMP/live" "$TMP/replay"; then
	ok "-tt in another time zone prints the recording's local times"
else
	not_ok "-tt in another time zone prints the recording's local times"
	diff "$TMP/live" "$TMP/replay" | head -n 4 | sed 's/^/# /'
fi

# the file: mode 0600, never through a symbolic link
"$SYSLENS" -w "$TMP/mode.slrec" -- true >/dev/null 2>&1
check "recording is created mode 0600" [ "$(stat -c %a "$TMP/mode.slrec")" = 600 ]
echo keep >"$TMP/target"
ln -s "$TMP/target" "$TMP/link.slrec"
"$SYSLENS" -w "$TMP/link.slrec" -- true >/dev/null 2>"$TMP/err"
rc=$?
if [ "$rc" != 0 ] && grep -q "symbolic link" "$TMP/err" && [ "$(cat "$TMP/target")" = keep ]; then
	ok "a symbolic link is not followed"
else
	not_ok "a symbolic link is not followed"
	diag "exit $rc, stderr: $(cat "$TMP/err")"
fi
"$SYSLENS" -w "$TMP/no/such/dir.slrec" -- true >/dev/null 2>"$TMP/err"
rc=$?
if [ "$rc" != 0 ] && grep -q "cannot write recording" "$TMP/err"; then
	ok "unwritable path: one clear line"
else
	not_ok "unwritable path: one clear line"
	diag "exit $rc, stderr: $(cat "$TMP/err")"
fi

# killed while recording: the file replays up to its last whole block
f="$TMP/killed.slrec"
"$SYSLENS" -B ptrace -w "$f" -- sh -c 'while :; do cat /etc/hostname >/dev/null; done' \
	>/dev/null 2>&1 </dev/null &
sl=$!
child=
track "$sl"
for _ in $(seq 1 200); do
	child=$(pgrep -P "$sl" | head -n 1)
	[ -n "$child" ] && track "$child"
	[ "$(stat -c %s "$f" 2>/dev/null || echo 0)" -gt 20000 ] && break
	sleep 0.1
done
kill -KILL "$sl"
wait "$sl" 2>/dev/null
for c in ${child:+$(pgrep -P "$child") $child}; do kill -KILL "$c" 2>/dev/null; done
"$SYSLENS" -r "$f" --text >"$TMP/out" 2>"$TMP/err"
rc=$?
n=$(wc -l <"$TMP/out")
if [ "$rc" = 1 ] && [ "$n" -gt 0 ] &&
   grep -q "recording damaged at byte [0-9]*: .*; replayed [0-9]* events" "$TMP/err"; then
	ok "a recording cut by SIGKILL replays its $n whole lines"
else
	not_ok "a recording cut by SIGKILL replays up to the cut"
	diag "exit $rc, $n lines, stderr: $(cat "$TMP/err")"
fi

# the disk fills (a file size limit here): syslens stops with one line, and
# the file replays up to its last whole block
if [ -x "$PROGS/loop" ]; then
	f="$TMP/full.slrec"
	( ulimit -f 40; trap '' XFSZ
	  exec "$SYSLENS" -B ptrace -w "$f" -o /dev/null -- "$PROGS/loop" openclose 300000 ) \
		>/dev/null 2>"$TMP/full.err" </dev/null &
	sl=$!
	track "$sl"
	for _ in $(seq 1 600); do
		for c in $(pgrep -P "$sl"); do track "$c"; done
		kill -0 "$sl" 2>/dev/null || break
		sleep 0.1
	done
	wait "$sl"
	rc=$?
	"$SYSLENS" -r "$f" --text >"$TMP/out" 2>"$TMP/err"
	if [ "$rc" != 0 ] && grep -q "writing recording '$f': File too large" "$TMP/full.err" &&
	   [ -s "$TMP/out" ] && grep -q "recording damaged at byte [0-9]*: cut short" "$TMP/err"; then
		ok "disk full: one line, and the file replays up to the last whole block"
	else
		not_ok "disk full: one line, and the file replays up to the last whole block"
		diag "exit $rc, stderr: $(cat "$TMP/full.err") / replay: $(cat "$TMP/err")"
	fi
else
	skip "disk full while recording" "tracee program loop not built"
fi
