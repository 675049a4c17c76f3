#!/usr/bin/env bash
# The eBPF collector attached to running processes (-p), watching the whole
# machine (-a), and limited to one cgroup v2 (--cgroup).
source tests/lib.sh
source tests/integration/ebpf_lib.sh

checks=(attach-sees-calls attach-first-call-in-flight attach-ends-with-process attach-missing-pid
	all-sees-other-process all-not-itself all-stops-on-sigint
	cgroup-sees-member cgroup-not-outsider container-resolves container-missing
	attach-blocked-returns attach-leaves-detached attach-left-running)
[ -n "$EBPF_WHY" ] && ebpf_skip_all "${checks[@]}"

has_getppid() { grep -qE "^$2 +getppid\(" "$1" 2>/dev/null; }

# -p: an already running process; syslens ends when it does
"$TRACEE" loop "$TMP/stop1" &
tp=$!; track $tp
"$SYSLENS" -B ebpf --text -p $tp >"$TMP/a.out" 2>"$TMP/a.err" &
sp=$!; track $sp
if wait_for 20 has_getppid "$TMP/a.out" $tp; then ok attach-sees-calls; else not_ok attach-sees-calls; fi
# the 10 ms sleep it was in at attach comes first, though it returns
# before the first sweep for calls in flight (100 ms)
check attach-first-call-in-flight bash -c "grep -m1 -E '^$tp +[a-z_0-9]+\(' '$TMP/a.out' |
	grep -qE '^$tp +(clock_)?nanosleep\('"
touch "$TMP/stop1"
if wait_for 20 bash -c "! kill -0 $sp 2>/dev/null"; then
	wait $sp; rc=$?
	check attach-ends-with-process bash -c "[ $rc = 0 ] && grep -q '^$tp *+++ exited with 0 +++' '$TMP/a.out'"
else
	not_ok attach-ends-with-process
fi

"$SYSLENS" -B ebpf --text -p 999999999 >/dev/null 2>"$TMP/np.err"
rc=$?
check attach-missing-pid bash -c "[ $rc = 1 ] && grep -q 999999999 '$TMP/np.err'"

# -a: another process's calls are seen, never syslens's own
"$TRACEE" loop "$TMP/stop2" &
tp=$!; track $tp
"$SYSLENS" -B ebpf --text -a >"$TMP/all.out" 2>"$TMP/all.err" &
sp=$!; track $sp
if wait_for 20 has_getppid "$TMP/all.out" $tp; then ok all-sees-other-process; else not_ok all-sees-other-process; fi
kill -INT $sp
if wait_for 20 bash -c "! kill -0 $sp 2>/dev/null"; then
	wait $sp; rc=$?
	check all-stops-on-sigint [ $rc = 0 ]
else
	not_ok all-stops-on-sigint
fi
check all-not-itself bash -c "! grep -qE '^$sp ' '$TMP/all.out'"
touch "$TMP/stop2"

# --cgroup: only the member of a fresh cgroup v2 directory
mnt=$(awk '$3 == "cgroup2" {print $2; exit}' /proc/self/mounts)
if [ -z "$mnt" ]; then
	for n in cgroup-sees-member cgroup-not-outsider container-resolves container-missing; do
		skip $n "no cgroup v2 hierarchy mounted"
	done
	exit 0
fi
# named as docker names its scopes: docker-<64 hex digits>.scope
cid=$(printf '%08x%08x%048x' $$ $RANDOM 0)
cg="$mnt/docker-$cid.scope"
mkdir "$cg" || { not_ok cgroup-sees-member; not_ok cgroup-not-outsider; exit 0; }
trap 'cleanup; for p in $(cat "$cg/cgroup.procs" 2>/dev/null); do kill -KILL $p; done;
	sleep 0.2; rmdir "$cg" 2>/dev/null' EXIT
"$TRACEE" loop "$TMP/stop3" &
member=$!; track $member
echo $member >"$cg/cgroup.procs"
"$TRACEE" loop "$TMP/stop3" &
outsider=$!; track $outsider
"$SYSLENS" -B ebpf --text --cgroup "$cg" >"$TMP/cg.out" 2>"$TMP/cg.err" &
sp=$!; track $sp
if wait_for 20 has_getppid "$TMP/cg.out" $member; then ok cgroup-sees-member; else not_ok cgroup-sees-member; cat "$TMP/cg.err"; fi
# the outsider makes calls all along; give it time to be (wrongly) seen
n=0
wait_for 10 bash -c "[ \$(grep -cE '^$member +getppid\(' '$TMP/cg.out') -ge 20 ]"
kill -INT $sp
wait_for 20 bash -c "! kill -0 $sp 2>/dev/null"

# a call already blocked when -p attaches: no entry was seen, yet it is
# the thread's call (from its saved registers), shown blocked in flight,
# finished when it returns, and "? <detached ...>" when syslens leaves first
sleep 3 &
bp=$!; track $bp
wait_for 10 bash -c "read -r nr _ </proc/$bp/syscall && [ \"\$nr\" = 230 ]"
"$SYSLENS" -B ebpf --json -p $bp >"$TMP/b.json" 2>"$TMP/b.err" &
sp=$!; track $sp
wait $sp
check attach-blocked-returns grep -q '"syscall":"clock_nanosleep".*"result":"0"' "$TMP/b.json"
sleep 30 &
bp=$!; track $bp
wait_for 10 bash -c "read -r nr _ </proc/$bp/syscall && [ \"\$nr\" = 230 ]"
"$SYSLENS" -B ebpf --text -p $bp >"$TMP/d.out" 2>"$TMP/d.err" &
sp=$!; track $sp
sleep 1.5
kill -INT $sp
wait $sp
check attach-leaves-detached grep -qE "^$bp +clock_nanosleep\(CLOCK_REALTIME, 0, .*\) += \? <detached \.\.\.>\$" "$TMP/d.out"
check attach-left-running bash -c "kill -0 $bp && ! grep -q 'TracerPid:[[:space:]]*[1-9]' /proc/$bp/status"
kill $bp
check cgroup-not-outsider bash -c "! grep -qE '^$outsider ' '$TMP/cg.out'"

# --container ID: the same cgroup, found by the id in its name
"$SYSLENS" -B ebpf --text --container "$cid" >"$TMP/ct.out" 2>"$TMP/ct.err" &
sp=$!; track $sp
if wait_for 20 has_getppid "$TMP/ct.out" $member; then ok container-resolves; else not_ok container-resolves; cat "$TMP/ct.err"; fi
kill -INT $sp
wait_for 20 bash -c "! kill -0 $sp 2>/dev/null"
"$SYSLENS" -B ebpf --text --container "fedcba9876543210fedc" >/dev/null 2>"$TMP/cm.err"
rc=$?
check container-missing bash -c "[ $rc = 1 ] && grep -q 'fedcba9876543210fedc' '$TMP/cm.err'"

touch "$TMP/stop3"
wait $member $outsider 2>/dev/null
