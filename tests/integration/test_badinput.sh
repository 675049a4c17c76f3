#!/usr/bin/env bash
# test_badinput.sh - every bad input gets one line on stderr naming the
# problem, exit status 1 (2 for usage errors), nothing on stdout, and no
# process left behind.
source "$(dirname "$0")/../lib.sh"

RUN=(timeout -k 5 30 "$SYSLENS")

# bad NAME STATUS PATTERN ARGS...: syslens ARGS exits with STATUS, prints
# exactly one line on stderr matching PATTERN, and nothing on stdout
bad() {
	local name=$1 want=$2 pat=$3; shift 3
	local rc lines
	"${RUN[@]}" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
	rc=$?
	lines=$(wc -l <"$TMP/err")
	if [ "$rc" = "$want" ] && [ "$lines" = 1 ] && [ ! -s "$TMP/out" ] &&
	   grep -qE "^syslens: .*$pat" "$TMP/err"; then
		ok "$name"
	else
		not_ok "$name"
		diag "status $rc (want $want), $lines line(s) on stderr:"
		sed 's/^/#   /' "$TMP/err" "$TMP/out" | head -5
	fi
}

# usage errors: 2
bad "unknown long option" 2 "unknown option '--bogus'" --bogus -- true
bad "unknown short option" 2 "unknown option '-Z'" -Z -- true
bad "option missing its argument" 2 "'-s' needs an argument" --text -s
bad "nothing to trace" 2 "nothing to trace" --text
bad "two modes at once" 2 "only one of" -p 1 -- true
bad "unknown backend" 2 "unknown backend 'bpf'" -B bpf -- true
bad "-ff, which would need a file per process" 2 "-ff \\(a file per process\\) is not supported" -ff -o /dev/null -- true
bad "flag given an argument" 2 "'--text=yes' takes no argument" --text=yes -- true

# other bad input: 1
bad "unknown syscall in -e" 1 "unknown syscall 'nosuchcall'" -e trace=open,nosuchcall -- true
bad "unknown class in -e" 1 "unknown syscall class '%nosuchclass'" -e trace=%nosuchclass -- true
bad "bad regex in -e" 1 "invalid regex '/\('" -e 'trace=/(' -- true
bad "unsupported -e qualifier" 1 "'signal=' is not supported" -e signal=SIGCHLD -- true
bad "-s -1" 1 "-s: '-1' is not a string size" -s -1 -- true
bad "-s not a number" 1 "-s: 'lots' is not a string size" -s lots -- true
bad "-s too large, naming the range" 1 "-s: '1048577' is not a string size \(0 to 1048576\)" -s 1048577 -- true
bad "unknown theme without the interface" 1 "no theme 'nosuch'" --theme nosuch -o /dev/null -- true
bad "bad pid list" 1 "-p: 'abc' is not a process id" -p abc
bad "bad --blocked" 1 "--blocked: 'soon' is not a duration" --blocked=soon -- true
bad "bad --ring" 1 "--ring: '0' is not a number" --ring=0 -- true
bad "regex that does not compile" 1 "--filter: regex 'open\(at': missing closing parenthesis at offset 7" \
	--text --filter 'open(at' -- true
bad "exclude regex that does not compile" 1 "--filter: regex '\[': missing terminating \] .* at offset 1" \
	--text --filter '![' -- true
bad "missing command" 1 "cannot run 'syslens-no-such-command': command not found" \
	--text -- syslens-no-such-command
bad "missing command path" 1 "cannot run '/nonexistent/cmd': No such file or directory" \
	--text -- /nonexistent/cmd
printf '#!/bin/sh\nexit 0\n' >"$TMP/noexec"
chmod 644 "$TMP/noexec"
bad "command that is not executable" 1 "cannot run '$TMP/noexec': Permission denied" \
	--text -- "$TMP/noexec"
bad "command that is a directory" 1 "cannot run '$TMP': Is a directory" --text -- "$TMP"
bad "unwritable -o file" 1 "cannot write '/nonexistent/dir/out.txt': No such file or directory" \
	-o /nonexistent/dir/out.txt -- true
bad "-o file that is a directory" 1 "cannot write '$TMP': Is a directory" -o "$TMP" -- true

# nothing was started by those: the marker command never ran
marker="$TMP/marker"
printf '#!/bin/sh\ntouch %s.ran\nexec sleep 1000\n' "$marker" >"$marker"
chmod 755 "$marker"
"${RUN[@]}" -o /nonexistent/dir/out.txt -- "$marker" >/dev/null 2>&1
"${RUN[@]}" -e trace=nosuchcall --text -- "$marker" >/dev/null 2>&1
"${RUN[@]}" --filter '(' --text -- "$marker" >/dev/null 2>&1
check "bad input starts nothing" test ! -e "$marker.ran"

# the collector's own checks: dead and forbidden pids
probe=$("${RUN[@]}" -B ptrace --text -- true 2>&1 >/dev/null)
if grep -q 'not built yet' <<<"$probe"; then
	skip "dead pid" "the ptrace collector is not built yet"
	skip "forbidden pid" "the ptrace collector is not built yet"
	skip "launch failure leaves nothing behind" "the ptrace collector is not built yet"
	exit 0
fi
sh -c 'exit 0' &
dead=$!
wait "$dead"
if kill -0 "$dead" 2>/dev/null; then
	skip "dead pid" "pid $dead was reused"
else
	bad "dead pid" 1 "$dead" -B ptrace --text -p "$dead"
fi
# a kernel thread can never be traced, even by root
kthread=$(ps -eo pid=,comm= | awk '$2 == "kthreadd" { print $1; exit }')
if [ -n "$kthread" ]; then
	bad "forbidden pid" 1 "$kthread" -B ptrace --text -p "$kthread"
	# the eBPF backend never stops anything, so it must refuse up front
	# (it once waited for ever for a syscall that never comes)
	if "$SYSLENS" -B ebpf --text -- true >/dev/null 2>&1; then
		bad "a kernel thread under ebpf" 1 "pid $kthread: a kernel thread" -B ebpf --text -p "$kthread"
	else
		skip "a kernel thread under ebpf" "the ebpf backend does not load here"
	fi
else
	skip "forbidden pid" "no kthreadd here"
	skip "a kernel thread under ebpf" "no kthreadd here"
fi
# a live pid next to the forbidden one: left running, not stopped
if [ -n "$kthread" ]; then
	sleep 1000 &
	live=$!
	track "$live"
	"${RUN[@]}" -B ptrace --text -p "$live,$kthread" >/dev/null 2>"$TMP/err"
	rc=$?
	state=$(awk '/^State:/ { print $2 }' "/proc/$live/status" 2>/dev/null)
	tracer=$(awk '/^TracerPid:/ { print $2 }' "/proc/$live/status" 2>/dev/null)
	if [ "$rc" = 1 ] && [ "$state" = S ] && [ "$tracer" = 0 ]; then
		ok "launch failure leaves nothing behind"
	else
		not_ok "launch failure leaves nothing behind"
		diag "status $rc, state '$state', tracer '$tracer'"
	fi
	kill "$live" 2>/dev/null
	wait "$live" 2>/dev/null || true
fi
