#!/usr/bin/env bash
# test_container.sh - --container and --cgroup: resolving ids and paths,
# and tracing only the processes inside.  The "container" is a cgroup v2
# directory named like a docker scope plus a pid namespace from unshare;
# everything created is removed at exit.
source "$(dirname "$0")/../lib.sh"

if ! need_root; then
	skip "containers" "needs root to create cgroups"
	exit 0
fi
# the cgroup2 mount: the field after " - " is the filesystem type
ROOT=$(awk '{ for (i = 7; i < NF; i++) if ($i == "-") { if ($(i + 1) == "cgroup2") { print $5; exit } break } }' /proc/self/mountinfo)
if [ -z "$ROOT" ] || [ ! -w "$ROOT" ]; then
	skip "containers" "no writable cgroup v2 hierarchy"
	exit 0
fi

# ids unique to this run: "5ec", the pid, then a1 or a2
ID1=$(printf '5ec%08xa1%051d' $$ 0)
ID2=$(printf '5ec%08xa2%051d' $$ 0)
P=${ID1:0:12}
PARENT="$ROOT/syslens-test-$$.slice"
CG1="$PARENT/docker-$ID1.scope"
CG2="$PARENT/docker-$ID2.scope"

cg_cleanup() {
	local d
	for d in "$CG1" "$CG2"; do
		[ -d "$d" ] && echo 1 >"$d/cgroup.kill" 2>/dev/null
	done
	cleanup
	wait 2>/dev/null	# reap: a cgroup with unreaped tasks cannot go
	for d in "$CG1" "$CG2" "$PARENT"; do
		for _ in $(seq 50); do
			[ -d "$d" ] || break
			rmdir "$d" 2>/dev/null && break
			sleep 0.1
		done
	done
}
trap cg_cleanup EXIT

if ! mkdir -p "$CG1" "$CG2" 2>/dev/null; then
	skip "containers" "cannot create a cgroup under $ROOT"
	exit 0
fi

# --- resolving --------------------------------------------------------
out=$($SYSLENS --container "${P}" -B ptrace --text 2>&1); rc=$?
check "an ambiguous id prefix is refused" test "$rc" = 1
check "... saying it is ambiguous" grep -q "ambiguous" <<<"$out"
out=$($SYSLENS --container "${P}f" -B ptrace --text 2>&1); rc=$?
check "an unknown container id is refused" test "$rc" = 1
check "... saying no container matches" grep -q "no container with that id" <<<"$out"
out=$($SYSLENS --container not-hex --text 2>&1); rc=$?
check "a non-hex id is refused" test "$rc" = 1
out=$($SYSLENS --cgroup "syslens-test-$$.slice/nothing" --text 2>&1); rc=$?
check "a missing cgroup is refused" test "$rc" = 1
check "... naming the directory" grep -q "no cgroup directory $PARENT/nothing" <<<"$out"

if $SYSLENS --text -- true 2>&1 | grep -q "not built yet"; then
	skip "tracing a container" "the ptrace collector is not built yet"
	exit 0
fi
out=$($SYSLENS -B ptrace --container "${ID1:0:13}" --text 2>&1); rc=$?
check "an empty container is refused" test "$rc" = 1
check "... saying it holds no process" grep -q "no process in cgroup" <<<"$out"

# --- tracing ----------------------------------------------------------
# inside: a shell that moves itself into the cgroup, then a pid namespace
bash -c "echo \$\$ >'$CG1/cgroup.procs' && exec unshare --pid --fork --mount-proc '$PROGS/sec_loop' /etc/hostname" &
track $!
"$PROGS/sec_loop" /etc/hostname &
outside=$!
track "$outside"
inner=
for _ in $(seq 100); do
	inner=$(pgrep -P "$(head -n1 "$CG1/cgroup.procs" 2>/dev/null)" 2>/dev/null | head -n1)
	[ -n "$inner" ] && break
	sleep 0.1
done
if [ -z "$inner" ]; then
	not_ok "the container process started"
	exit 0
fi
check "the process inside sees itself as pid 1" \
	grep -qE '^NSpid:\s+[0-9]+\s+1$' "/proc/$inner/status"

# trace OUT BACKEND SEL...: trace the container until it has shown
# syscalls, then end syslens
trace() {
	local out=$1 backend=$2; shift 2
	$SYSLENS -B "$backend" "$@" -o "$out" 2>"$out.err" &
	local sl=$!
	track "$sl"
	for _ in $(seq 150); do
		grep -q "^$inner " "$out" 2>/dev/null && break
		sleep 0.2
	done
	kill -TERM "$sl" 2>/dev/null
	wait "$sl" 2>/dev/null
}

backends=ptrace
if $SYSLENS -B ebpf --text -- true >/dev/null 2>&1; then
	backends+=" ebpf"
else
	skip "--container with the ebpf backend" "the ebpf backend does not load here"
fi
inside=$(sort -u "$CG1/cgroup.procs" | tr '\n' ' ')
for b in $backends; do
	trace "$TMP/by-id-$b.txt" "$b" --container "${ID1:0:13}"
	check "$b: --container traces the process inside" grep -q "^$inner " "$TMP/by-id-$b.txt"
	check "$b: --container traces nothing outside" \
		bash -c "! awk '{print \$1}' '$TMP/by-id-$b.txt' | grep -qx '$outside'"
	bad=
	for p in $(awk '/^[0-9]/ {print $1}' "$TMP/by-id-$b.txt" | sort -u); do
		grep -qw "$p" <<<"$inside" || bad+="$p "
	done
	check "$b: --container traces only pids of the cgroup" test -z "$bad"

	trace "$TMP/by-path-$b.txt" "$b" --cgroup "syslens-test-$$.slice/docker-$ID1.scope"
	check "$b: --cgroup traces the process inside" grep -q "^$inner " "$TMP/by-path-$b.txt"
	check "$b: --cgroup traces nothing outside" \
		bash -c "! awk '{print \$1}' '$TMP/by-path-$b.txt' | grep -qx '$outside'"
	check "$b: the traced processes kept running" kill -0 "$inner"
done

# a process the runtime puts into the cgroup later (docker exec) is traced
# from then on: started outside, moved in while syslens runs
for b in $backends; do
	$SYSLENS -B "$b" --cgroup "syslens-test-$$.slice/docker-$ID1.scope" \
		-o "$TMP/late-$b.txt" 2>"$TMP/late-$b.err" &
	sl=$!
	track "$sl"
	eventually grep -qs "^$inner " "$TMP/late-$b.txt"
	"$PROGS/sec_loop" /etc/hostname &
	late=$!
	track "$late"
	echo "$late" >"$CG1/cgroup.procs"
	check "$b: a process moved into the cgroup later is traced" \
		eventually grep -q "^$late .*open.*/etc/hostname" "$TMP/late-$b.txt"
	kill -TERM "$sl" 2>/dev/null
	wait "$sl" 2>/dev/null
	check "$b: the late process kept running" kill -0 "$late"
	kill "$late" 2>/dev/null
	wait "$late" 2>/dev/null
done

# the interface tags each process with its container and namespaced pid
if command -v tmux >/dev/null; then
	TS="syslens-ctr-$$"
	tmux -L "$TS" -f /dev/null new-session -d -s ui -x 140 -y 30 -c "$PWD" \
		"env LANG=C.UTF-8 $SYSLENS -B ptrace --container ${ID1:0:13}; sleep 600"
	track "$(tmux -L "$TS" display -p -t ui '#{pid}')"
	track "$(tmux -L "$TS" display -p -t ui '#{pane_pid}')"
	tag=no
	for _ in $(seq 100); do
		if tmux -L "$TS" capture-pane -p -t ui | grep -qE "^(.*─)?sec_loop $inner \[${ID1:0:12} pid 1\]"; then
			tag=yes
			break
		fi
		sleep 0.2
	done
	[ "$tag" = yes ] || tmux -L "$TS" capture-pane -p -t ui | head -8 | sed 's/^/# | /'
	check "tree: the process shows its container and its pid inside" test "$tag" = yes
	tmux -L "$TS" send-keys -t ui q
	sleep 0.5
	tmux -L "$TS" kill-server 2>/dev/null
	check "the container process kept running after the interface quit" kill -0 "$inner"
else
	skip "tree: container and namespaced pid" "tmux is not installed"
fi

# a shell started inside a container is the critical alert, with the id
bash -c "echo \$\$ >'$CG2/cgroup.procs' && exec sh -c 'i=0; while [ \$i -lt 300 ]; do sh -c :; sleep 0.2; i=\$((i + 1)); done'" &
track $!
for _ in $(seq 100); do [ -s "$CG2/cgroup.procs" ] && break; sleep 0.1; done
$SYSLENS -B ptrace --alerts --json --container "${ID2:0:13}" -o "$TMP/alerts.json" 2>"$TMP/alerts.err" &
sl=$!
track "$sl"
for _ in $(seq 150); do
	grep -q '"alert"' "$TMP/alerts.json" 2>/dev/null && break
	sleep 0.2
done
kill -TERM "$sl" 2>/dev/null
wait "$sl" 2>/dev/null
if ! grep -q '"alert"' "$TMP/alerts.json"; then
	diag "no alert; syslens said:"
	sed 's/^/# | /' "$TMP/alerts.err"
fi
check "a shell in the container raises shell-exec-in-container" \
	grep -q '"alert":{"rule":"shell-exec-in-container","severity":"critical"' "$TMP/alerts.json"
check "the alert names the container" grep -q "\"container\":\"$ID2\"" "$TMP/alerts.json"
check "no host-level shell alert for it" bash -c "! grep -q '\"rule\":\"shell-exec\"' '$TMP/alerts.json'"
