#!/usr/bin/env bash
# test_nspid.sh - JSON lines of the ptrace backend carry the pid as the
# process's own pid namespace numbers it, and its cgroup and container.
# The "container" is a cgroup v2 directory named like a docker scope and
# a pid namespace from unshare; everything created is removed at exit.
source "$(dirname "$0")/../lib.sh"

if ! need_root; then
	skip "namespaced pids" "needs root to create cgroups and pid namespaces"
	exit 0
fi
if ! command -v unshare >/dev/null || ! command -v python3 >/dev/null; then
	skip "namespaced pids" "needs unshare and python3"
	exit 0
fi
ROOT=$(awk '{ for (i = 7; i < NF; i++) if ($i == "-") { if ($(i + 1) == "cgroup2") { print $5; exit } break } }' /proc/self/mountinfo)
if [ -z "$ROOT" ] || [ ! -w "$ROOT" ]; then
	skip "namespaced pids" "no writable cgroup v2 hierarchy"
	exit 0
fi
if $SYSLENS -B ptrace --text -- true 2>&1 | grep -q "not built yet"; then
	skip "namespaced pids" "the ptrace collector is not built yet"
	exit 0
fi

ID=$(printf '45d%08xb1%051d' $$ 0)
PARENT="$ROOT/syslens-nspid-$$.slice"
CG="$PARENT/docker-$ID.scope"

cg_cleanup() {
	[ -d "$CG" ] && echo 1 >"$CG/cgroup.kill" 2>/dev/null
	cleanup
	wait 2>/dev/null
	for d in "$CG" "$PARENT"; do
		for _ in $(seq 50); do
			[ -d "$d" ] || break
			rmdir "$d" 2>/dev/null && break
			sleep 0.1
		done
	done
}
trap cg_cleanup EXIT

if ! mkdir -p "$CG" 2>/dev/null; then
	skip "namespaced pids" "cannot create a cgroup under $ROOT"
	exit 0
fi

# inside: bash moves itself into the cgroup, then a new pid namespace in
# which sh is pid 1 and its cat pid 2
timeout 60 $SYSLENS -B ptrace --json -o "$TMP/in.json" -w "$TMP/in.slrec" -- bash -c \
	"echo \$\$ >'$CG/cgroup.procs' && exec unshare --pid --fork --mount-proc sh -c 'cat /etc/hostname >/dev/null; echo done'" \
	>/dev/null 2>"$TMP/in.err" &
track $!
wait $!
rc=$?
check "the traced container command ran" test "$rc" = 0
timeout 60 $SYSLENS -B ptrace --json -o "$TMP/out.json" -- sh -c 'cat /etc/hostname >/dev/null; echo done' \
	>/dev/null 2>"$TMP/out.err" &
track $!
wait $!

# facts COMM FILE: "pid ns_pid container" of COMM's lines after its exec, one
# line per distinct triple
facts() {
	python3 - "$1" "$2" <<'PY'
import json, sys
seen = set()
for line in open(sys.argv[2]):
    o = json.loads(line)
    if o.get("type") == "stats" or o.get("comm") != sys.argv[1]:
        continue
    seen.add("%s %s %s %s" % (o["pid"], o["ns_pid"], o.get("container"),
                              "cgroup" in o))
for s in sorted(seen):
    print(s)
PY
}

cat_in=$(facts cat "$TMP/in.json")
sh_in=$(facts sh "$TMP/in.json")
unshare_in=$(facts unshare "$TMP/in.json")
cat_out=$(facts cat "$TMP/out.json")
for v in cat_in sh_in unshare_in cat_out; do
	sed "s/^/# $v: /" <<<"${!v}"
done

cat_host=$(awk '{print $1}' <<<"$cat_in" | head -n1)
check "cat inside the namespace was traced" test -n "$cat_in"
check "cat inside shows ns_pid 2 on every line" \
	test "$(awk '{print $2}' <<<"$cat_in" | sort -u)" = 2
check "... and one host pid, which is not 2" \
	test -n "$cat_host" -a "$cat_host" != 2 -a "$(wc -l <<<"$cat_in")" = 1
check "sh inside shows ns_pid 1" grep -q "^[0-9]* 1 $ID True$" <<<"$sh_in"
check "cat inside carries the container id" \
	test "$(awk '{print $3}' <<<"$cat_in" | sort -u)" = "$ID"
check "its lines name the cgroup" \
	grep -q "\"ns_pid\":2,\"cgroup\":\"[^\"]*/syslens-nspid-$$.slice/docker-$ID.scope\",\"container\":\"$ID\"" "$TMP/in.json"
check "unshare, in the cgroup but not the namespace, keeps ns_pid 0" \
	grep -q "^[0-9]* 0 $ID True$" <<<"$unshare_in"
check "the fork event names the child's host pid" \
	grep -q "\"type\":\"fork\".*\"child_pid\":$cat_host," "$TMP/in.json"

check "cat outside was traced" test -n "$cat_out"
check "outside, ns_pid stays 0" test "$(awk '{print $2}' <<<"$cat_out" | sort -u)" = 0
check "outside, not in the test's container" \
	bash -c "[ -n '$cat_out' ] && ! grep -q '$ID' <<<'$cat_out'"
check "every object has cgroup and container fields" \
	python3 -c '
import json, sys
for f in sys.argv[1:]:
    for l in open(f):
        o = json.loads(l)
        if o["type"] != "stats":
            assert "cgroup" in o and "container" in o and "ns_pid" in o, l
' "$TMP/in.json" "$TMP/out.json"

# a replay names the same cgroup and container (from the recorded cgroup id)
timeout 60 $SYSLENS -r "$TMP/in.slrec" --json -o "$TMP/replay.json" >/dev/null 2>"$TMP/replay.err"
check "replayed, the lines equal the live ones (cgroup, container, ns_pid)" \
	cmp -s "$TMP/in.json" "$TMP/replay.json"
