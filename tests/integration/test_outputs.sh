#!/usr/bin/env bash
# test_outputs.sh - the headless outputs with the real binary: --text
# (strace's layout, -T, -t/-tt/-ttt, -y, -o), --json (valid whatever
# bytes the tracee used), -c (the table), --filter, and exit statuses.
source "$(dirname "$0")/../lib.sh"

B=(-B ptrace)
RUN=(timeout -k 5 60 "$SYSLENS" "${B[@]}")

probe=$("${RUN[@]}" --text -- true 2>&1 >/dev/null)
if grep -q 'not built yet' <<<"$probe"; then
	skip "outputs" "the ptrace collector is not built yet ($probe)"
	exit 0
fi

# sl NAME ARGS...: run syslens, stdout to $TMP/NAME.out, stderr to
# $TMP/NAME.err, status in $TMP/NAME.rc
sl() {
	local name=$1; shift
	"${RUN[@]}" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"
	echo $? >"$TMP/$name.rc"
}
rc_of() { cat "$TMP/$1.rc"; }
# Checks that need a syscall decoded (paths, fd paths, strings) skip while
# the decoder still prints that syscall's arguments as raw numbers, as
# its first version does for every call ("read(0x3, 0x7ffd..., 0x40)").
# raw NAME: a line of syscall NAME with nothing but numbers as arguments,
# at least one in hex
raw() { echo "^[0-9]+ +$1\\((0|0x[0-9a-f]+|[0-9]+)(, (0|0x[0-9a-f]+|[0-9]+))*\\) += "; }
# dcheck NAME SYSCALL FILE COMMAND...: check, unless SYSCALL is raw in FILE
dcheck() {
	local name=$1 sc=$2 file=$3; shift 3
	if grep -E "$(raw "$sc")" "$file" | grep -q 0x; then
		skip "$name" "the decoder prints ${sc//[()?]/}'s arguments raw still"
	else
		check "$name" "$@"
	fi
}
# the pid of the process that exited last, from the "+++ exited" line
exit_pid() { awk '/\+\+\+ exited with/ { p = $1 } END { print p }' "$1"; }
# syscall lines only
calls() { grep -vE '^[0-9]+ +(\S+ )?(\+\+\+|---)' "$1"; }

# --- text -------------------------------------------------------------
sl text --text -- "$PROGS/out_slow"
check "text: exit status 0" test "$(rc_of text)" = 0
check "text: last line is the exit" \
	grep -qE '^[0-9]+ +\+\+\+ exited with 0 \+\+\+$' <(tail -n 1 "$TMP/text.out")
pid=$(exit_pid "$TMP/text.out")
check "text: 100 getpid lines returning the pid" \
	test "$(grep -cE "^$pid +getpid\(.*\) += $pid\$" "$TMP/text.out")" = 100
check "text: pid column as strace -f writes it (%-5d then a space)" \
	test "$(calls "$TMP/text.out" | grep -cvE "^$(printf '%-5d ' "$pid")[a-z_0-9]+\(")" = 0
# strace: ") " then spaces to column 40, then "= "
check "text: return values at strace's column" awk -v pid="$pid" '
	$0 ~ "getpid\\(" {
		eq = index($0, ") ") + 1
		while (substr($0, eq, 1) == " ") eq++
		col = eq - 1
		close_at = index($0, ") ")
		want = close_at + 1 > 40 ? close_at + 1 : 40
		if (col != want || substr($0, eq, 2) != "= ") bad++
		n++
	}
	END { exit !(n == 100 && bad == 0) }' "$TMP/text.out"
check "text: one line per syscall, never unfinished/resumed" \
	test "$(grep -cE 'unfinished|resumed' "$TMP/text.out")" = 0
check "text: exit_group never returns" grep -qE '^[0-9]+ +exit_group\(.*\) += \?$' "$TMP/text.out"
dcheck "text: a failing open shows -1" 'open(at)?' "$TMP/text.out" grep -qE 'open(at)?\(.*"/nonexistent/syslens-test".* = -1 ' "$TMP/text.out"
check "text: nothing on stderr" test ! -s "$TMP/text.err"

# threads: strace -f prints the thread's id on its lines
sl thread --text -- "$PROGS/out_thread"
check "text: a thread's line carries its tid" awk '
	/gettid\(/ { n++; if ($1 != $NF) bad++ }
	/getpid\(/ { m++; if ($1 == $NF) bad++ }
	END { exit !(n == 1 && m == 1 && !bad) }' "$TMP/thread.out"

sl durations --text -T -- "$PROGS/out_slow"
check "-T: every returning call ends with <s.us>" \
	test "$(calls "$TMP/durations.out" | grep -v '= ?$' | grep -cvE ' <[0-9]+\.[0-9]{6}>$')" = 0
check "-T: the 50 ms sleeps take 0.05 s or more" \
	test "$(grep -cE 'nanosleep\(.* <0\.0[5-9][0-9]{4}>$|nanosleep\(.* <0\.[1-9][0-9]{5}>$' "$TMP/durations.out")" = 2

sl t1 --text -t -- "$PROGS/out_slow"
sl t2 --text -tt -- "$PROGS/out_slow"
sl t3 --text -ttt -- "$PROGS/out_slow"
check "-t: HH:MM:SS" test "$(grep -cvE '^[0-9]+ +[0-2][0-9]:[0-5][0-9]:[0-6][0-9] [^ ]' "$TMP/t1.out")" = 0
check "-tt: HH:MM:SS.us" test "$(grep -cvE '^[0-9]+ +[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\.[0-9]{6} [^ ]' "$TMP/t2.out")" = 0
check "-ttt: epoch.us" test "$(grep -cvE '^[0-9]+ +[0-9]{10}\.[0-9]{6} [^ ]' "$TMP/t3.out")" = 0
now=$(date +%s)
first=$(awk 'NR == 1 { split($2, a, "."); print a[1] }' "$TMP/t3.out")
check "-ttt: the wall clock of now" test $((now - first)) -ge 0 -a $((now - first)) -lt 120
check "-tt: timestamps never go backwards within a process" awk '
	{ split($2, a, /[:.]/); t = ((a[1] * 60 + a[2]) * 60 + a[3]) * 1000000 + a[4]
	  if (t < last && last - t < 3600000000) bad++; last = t }
	END { exit bad != 0 }' "$TMP/t2.out"

printf 'hello world\n' >"$TMP/data"
sl fdpaths --text -y -- "$PROGS/out_fdread" "$TMP/data"
dcheck "-y: read shows the fd's path" read "$TMP/fdpaths.out" grep -qE "read\(3<$TMP/data>, " "$TMP/fdpaths.out"
dcheck "-y: close shows the fd's path" close "$TMP/fdpaths.out" grep -qE "close\(3<$TMP/data>\) += 0" "$TMP/fdpaths.out"
sl nofdpaths --text -- "$PROGS/out_fdread" "$TMP/data"
dcheck "without -y: plain fds" read "$TMP/nofdpaths.out" grep -qE "read\(3, " "$TMP/nofdpaths.out"

# -o FILE: text to the file, the command's own output untouched
sl ofile -o "$TMP/o.txt" -- sh -c 'echo to-stdout; exit 0'
check "-o: the command's stdout is its own" test "$(cat "$TMP/ofile.out")" = to-stdout
check "-o: lines in the file" grep -qE '^[0-9]+ +\+\+\+ exited with 0 \+\+\+$' "$TMP/o.txt"
dcheck "-o: the write is in the file" write "$TMP/o.txt" grep -qE 'write\(1, "to-stdout\\n", 10\) += 10' "$TMP/o.txt"

# lines reach the file as they happen: while the tracee sleeps, the
# calls it made before are already written
"$SYSLENS" "${B[@]}" -o "$TMP/live.txt" -- "$PROGS/out_block" "$TMP/live.pid" \
	>/dev/null 2>&1 &
live=$!
track "$live"
for _ in $(seq 100); do
	[ -s "$TMP/live.pid" ] && [ "$(grep -c 'getppid(' "$TMP/live.txt")" = 3 ] && break
	sleep 0.2
done
[ -s "$TMP/live.pid" ] && track "$(cat "$TMP/live.pid")"
check "-o: each line is written when its call returns" \
	test "$(grep -c 'getppid(' "$TMP/live.txt")" = 3
kill -TERM "$live" 2>/dev/null
wait "$live" 2>/dev/null
[ -s "$TMP/live.pid" ] && kill -KILL "$(cat "$TMP/live.pid")" 2>/dev/null

# parity with strace for what basic decoding covers (fd paths, strings,
# errno, timespecs): the lines after the program's startup, pids made equal
if command -v strace >/dev/null; then
	# norm FILE FIRST: from the first line matching FIRST, the pid as PID
	norm() {
		local p
		p=$(exit_pid "$1")
		sed -E "s/^[0-9]+ +//; s/\\b$p\\b/PID/g; s/\\) +=/) =/" "$1" | sed -nE "/$2/,\$p" |
			grep -v nanosleep	# struct decoding is its own issue
		return 0
	}
	strace -f -q -y -s 5 -o "$TMP/strace1.txt" "$PROGS/out_fdread" "$TMP/data"
	sl parity1 --text -y -s 5 -- "$PROGS/out_fdread" "$TMP/data"
	strace -f -q -o "$TMP/strace2.txt" "$PROGS/out_slow"
	sl parity2 --text -- "$PROGS/out_slow"
	for n in 1 2; do
		case $n in
		1) what="-y -s 5 (read, close)"; first='read\(3<[^>]*\/data>' ;;
		2) what="(getpid, openat, exit)"; first='getpid\(' ;;
		esac
		if norm "$TMP/strace$n.txt" "$first" >"$TMP/want$n" &&
			norm "$TMP/parity$n.out" "$first" >"$TMP/got$n" &&
			[ "$(wc -l <"$TMP/want$n")" -ge 3 ] &&
			diff "$TMP/want$n" "$TMP/got$n" >"$TMP/parity.diff"; then
			ok "text: same lines as strace $what"
		elif ! grep '^>' "$TMP/parity.diff" | sed 's/^> /0 /' | grep -qvE "$(raw '[a-z_0-9]+')" ||
			! grep -q '^>' "$TMP/parity.diff"; then
			# every line that differs is one the decoder does not decode yet
			if grep -q '^>' "$TMP/parity.diff"; then
				why="the decoder prints $(grep '^>' "$TMP/parity.diff" |
					sed -E 's/^> ([a-z_0-9]+).*/\1/' | sort -u | tr '\n' ' ')raw still"
			else
				why="no line like strace's first one ($first) yet"
			fi
			skip "text: same lines as strace $what" "$why"
		else
			not_ok "text: same lines as strace $what"
			sed 's/^/# /' "$TMP/parity.diff" | head -20
		fi
	done
else
	skip "text: same lines as strace" "strace is not installed"
fi

# --- -e trace= -------------------------------------------------------------
names() { calls "$1" | sed -E 's/^[0-9]+ +//; s/\(.*//' | sort -u | tr '\n' ' '; }
sl e1 --text -e trace=getpid -- "$PROGS/out_slow"
check "-e trace=getpid: getpid alone" test "$(names "$TMP/e1.out")" = "getpid "
check "-e trace=getpid: all 100 of them, and the exit" \
	test "$(grep -c 'getpid(' "$TMP/e1.out")" = 100 -a "$(grep -c '+++ exited with 0 +++' "$TMP/e1.out")" = 1
sl e2 --text -e '!getpid,%memory' -- "$PROGS/out_slow"
check "-e !getpid,%memory: neither getpid nor mmap, the rest stays" \
	test "$(grep -cE ' (getpid|mmap|mprotect|brk)\(' "$TMP/e2.out")" = 0 -a "$(grep -c 'nanosleep(' "$TMP/e2.out")" = 2
sl e3 --text -e trace=%file -- "$PROGS/out_slow"
check "-e %file: calls that take a path only" \
	test -z "$(names "$TMP/e3.out" | tr ' ' '\n' | grep -vE '^(|execve|open|openat|access|faccessat2?|stat|lstat|newfstatat|statx|readlink|readlinkat)$')"
check "-e %file: the failing open is there" grep -qE 'open(at)?\(' "$TMP/e3.out"

# --- exit statuses -------------------------------------------------------
sl exit3 --text -- sh -c 'exit 3'
check "exit status: the command's (3)" test "$(rc_of exit3)" = 3
sl killed --text -- sh -c 'kill -KILL $$'
check "exit status: 128+9 when SIGKILL ended it" test "$(rc_of killed)" = 137
sl killed_json --json -- sh -c 'kill -KILL $$'
if grep -q '"signal":"9"' "$TMP/killed_json.out"; then
	skip "text: killed by SIGKILL" "the decoder has no signal names yet"
else
	check "text: killed by SIGKILL" grep -qE '^[0-9]+ +\+\+\+ killed by SIGKILL \+\+\+$' "$TMP/killed.out"
fi

# --- hostile bytes ----------------------------------------------------------
evil="$TMP/"$'\e[31mev\xffil\x9b'
ln -s "$(pwd)/$PROGS/out_hostile" "$evil"
sl hostile_text --text -- "$evil" $'\e]0;title\a' $'\xc3(\xff'
check "hostile: exit status 0" test "$(rc_of hostile_text)" = 0
check "hostile: no ESC, BEL or other control byte in text" \
	test "$(LC_ALL=C grep -c $'[\x01-\x08\x0b-\x1f\x7f]' "$TMP/hostile_text.out")" = 0
check "hostile: no byte above 0x7e in text" \
	test "$(LC_ALL=C grep -c $'[\x80-\xff]' "$TMP/hostile_text.out")" = 0
dcheck "hostile: five failing opens" 'open(at)?' "$TMP/hostile_text.out" \
	test "$(grep -cE 'open(at)?\(.*"/nonexistent/.* = -1 ' "$TMP/hostile_text.out")" = 5

sl hostile_json --json -- "$evil" $'\e]0;title\a' $'\xc3(\xff'
check "hostile: json exit status 0" test "$(rc_of hostile_json)" = 0
check "hostile: no control byte in JSON" \
	test "$(LC_ALL=C grep -c $'[\x01-\x08\x0b-\x1f\x7f]' "$TMP/hostile_json.out")" = 0
if python3 - "$TMP/hostile_json.out" >"$TMP/py.out" 2>&1 <<'PY'
import json, os, sys
raw = open(sys.argv[1], 'rb').read()
text = raw.decode('utf-8')          # strict: the output is valid UTF-8
objs = [json.loads(l) for l in text.splitlines()]
assert objs, "no objects"
types = {o['type'] for o in objs}
assert 'syscall' in types and 'exit' in types and objs[-1]['type'] == 'stats', types
sc = [o for o in objs if o['type'] == 'syscall']
for o in sc:
    for k in ('seq', 'ts_ns', 'time', 'epoch_ns', 'pid', 'tid', 'ns_pid', 'comm',
              'syscall', 'nr', 'arch', 'args', 'raw_args', 'result', 'ret',
              'errno', 'duration_ns', 'flags'):
        assert k in o, (k, o)
    assert o['arch'] == 'x86_64'
    assert all(a.startswith('0x') for a in o['raw_args'])
opens = [o for o in sc if o['syscall'] in ('open', 'openat') and o['ret'] == -2]
assert len(opens) >= 5, len(opens)
# (the first decoder had no errno names: "2")
assert all(o['errno'] in ('ENOENT', '2') for o in opens), opens[0]
if not any(o['args'].startswith('0x') for o in opens):    # open decoded
    assert len([o for o in opens if '/nonexistent/' in o['args']]) == 5
assert any('\x1b' in o['comm'] for o in objs if 'comm' in o), "comm lost its ESC"
ex = [o for o in objs if o['type'] == 'exit' and o['process']]
assert ex and ex[-1]['exit_code'] == 0
st = objs[-1]
assert st['events'] > 0 and st['lost'] == 0
print(len(objs), "objects")
PY
then ok "json: every line parses, fields present, hostile bytes escaped"
else not_ok "json: every line parses, fields present, hostile bytes escaped"; sed 's/^/# /' "$TMP/py.out"; fi

sl json_o --json -o "$TMP/o.json" -- "$PROGS/out_slow"
check "json -o: nothing on stdout" test ! -s "$TMP/json_o.out"
check "json -o: 100 getpid objects" \
	test "$(python3 -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) if json.loads(l).get("syscall") == "getpid"))' "$TMP/o.json")" = 100

# --- -c -----------------------------------------------------------------
# row NAME FILE: the table row of a syscall
row() { awk -v n="$1" '$NF == n && NF >= 8' "$2"; }
sl sum -c -- "$PROGS/out_slow"
check "-c: status 0 and nothing on stdout" test "$(rc_of sum)" = 0 -a ! -s "$TMP/sum.out"
check "-c: the header on stderr" grep -q '^% time     seconds  usecs/call   p50 usecs   p99 usecs   max usecs     calls    errors syscall$' "$TMP/sum.err"
check "-c: getpid called 100 times" test "$(row getpid "$TMP/sum.err" | awk '{ print $7 }')" = 100
check "-c: the sleeps come first (sorted by total time)" \
	grep -qE 'nanosleep$' <(sed -n 3p "$TMP/sum.err")
check "-c: sleep p50 is about 50 ms" awk '$NF ~ /nanosleep$/ { ok = $4 >= 45000 && $4 < 200000 && $7 == 2 } END { exit !ok }' "$TMP/sum.err"
check "-c: the failing open counted as an error" awk '$NF ~ /^open(at)?$/ && NF == 9 && $8 >= 1 { ok = 1 } END { exit !ok }' "$TMP/sum.err"
check "-c: a total row" grep -qE '^100\.00 .* total$' "$TMP/sum.err"
check "-c: exit_group is not a row (it never returns)" test -z "$(row exit_group "$TMP/sum.err")"

sl sum_o -c -o "$TMP/sum.txt" -- "$PROGS/out_slow"
check "-c -o: the table alone goes to the file" \
	test "$(grep -c 'getpid$' "$TMP/sum.txt")" = 1 -a "$(grep -c '+++' "$TMP/sum.txt")" = 0
sl sum_text -c --text -- "$PROGS/out_slow"
check "-c --text: lines on stdout, table on stderr" \
	test "$(grep -c 'getpid(' "$TMP/sum_text.out")" = 100 -a "$(grep -c 'getpid$' "$TMP/sum_text.err")" = 1

# --- --filter ---------------------------------------------------------------
sl filt --text --filter 'getpid\(' -- "$PROGS/out_slow"
check "--filter: only matching calls" test "$(calls "$TMP/filt.out" | grep -vc 'getpid(')" = 0
check "--filter: all matching calls" test "$(grep -c 'getpid(' "$TMP/filt.out")" = 100
check "--filter: process events pass" grep -q '+++ exited with 0 +++' "$TMP/filt.out"
sl filt_ex --text --filter '!getpid' -- "$PROGS/out_slow"
check "--filter !: excluded calls gone, others stay" \
	test "$(grep -c 'getpid(' "$TMP/filt_ex.out")" = 0 -a "$(grep -c 'nanosleep(' "$TMP/filt_ex.out")" = 2
sl filt_two --text --filter 'nanosleep|getpid' --filter '!getpid' -- "$PROGS/out_slow"
check "--filter: filters stack" test "$(calls "$TMP/filt_two.out" | wc -l)" = 2
sl filt_c -c --filter '= -1 ' -- "$PROGS/out_slow"
check "--filter with -c: only failing calls counted" \
	test -z "$(row getpid "$TMP/filt_c.err")" -a -n "$(row openat "$TMP/filt_c.err")$(row open "$TMP/filt_c.err")"
sl filt_j --json --filter 'getpid' -- "$PROGS/out_slow"
check "--filter with --json" \
	test "$(python3 -c 'import json,sys; print(sorted({json.loads(l).get("syscall","-") for l in open(sys.argv[1])}))' "$TMP/filt_j.out")" = "['-', 'getpid']"

# the stats object counts what the run wrote, the same on each backend
# (a call in flight counted once, when it returns), and exit_group, which
# never returns, has no exit time
source "$(dirname "$0")/ebpf_lib.sh"
for b in ptrace ebpf; do
	if [ "$b" = ebpf ] && [ -n "$EBPF_WHY" ]; then
		skip "json stats, $b" "$EBPF_WHY"
		continue
	fi
	"$SYSLENS" -B "$b" --json -o "$TMP/stats_$b.json" -- sh -c 'cat /etc/hostname >/dev/null'
	check "json stats, $b: events is the number of objects before it" python3 - "$TMP/stats_$b.json" <<'PY'
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1])]
st = objs[-1]
ex = [o for o in objs if o.get("syscall") == "exit_group"]
sys.exit(not (st["type"] == "stats" and st["events"] == len(objs) - 1 and ex and
              all(o["ts_exit_ns"] == 0 for o in ex)))
PY
done

# the reader of the output goes away (| head): no message, and not a
# success, the same on each backend
for b in ptrace ebpf; do
	if [ "$b" = ebpf ] && [ -n "$EBPF_WHY" ]; then
		skip "output reader gone, $b" "$EBPF_WHY"
		continue
	fi
	"$SYSLENS" -B "$b" --text -- sh -c 'for i in $(seq 30); do cat /etc/hostname; done >/dev/null' \
		2>"$TMP/pipe_$b.err" | head -n 2 >/dev/null
	rc=${PIPESTATUS[0]}
	check "output reader gone, $b: exit 1 ($rc), nothing said" \
		bash -c "[ '$rc' = 1 ] && [ ! -s '$TMP/pipe_$b.err' ]"
done
