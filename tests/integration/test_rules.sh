#!/usr/bin/env bash
# test_rules.sh - rule files (--dump-rules, --check-rules, --rules) and
# --alerts on real programs: the three seed scenarios raise exactly their
# alerts, ordinary programs raise none.
source "$(dirname "$0")/../lib.sh"

# --- rule files -------------------------------------------------------
$SYSLENS --dump-rules >"$TMP/default.rules" 2>"$TMP/err"
check "--dump-rules exits 0" test $? = 0
check "--dump-rules prints the default set" \
	grep -qx 'rule secret-read' "$TMP/default.rules"
out=$($SYSLENS --check-rules "$TMP/default.rules" 2>&1)
check "--check-rules accepts the dumped set" test $? = 0
check "--check-rules says how many rules" grep -q 'ok, 13 rules enabled' <<<"$out"

cat >"$TMP/user.rules" <<'EOF'
disable listen-socket

rule nc-listens
	severity error
	message netcat opened a listening port
	syscall listen
	comm ^(nc|ncat|netcat)$
EOF
out=$($SYSLENS --check-rules "$TMP/user.rules" 2>&1)
check "--check-rules accepts a user file" test $? = 0
check "a user file adds one and disables one" grep -q 'ok, 13 rules enabled' <<<"$out"
$SYSLENS --rules "$TMP/user.rules" --dump-rules >"$TMP/merged"
check "--dump-rules with --rules shows the added rule" grep -qx 'rule nc-listens' "$TMP/merged"
check "--dump-rules leaves the disabled rule out" \
	bash -c "! grep -qx 'rule listen-socket' '$TMP/merged'"

# broken files: file:line:column and the problem, exit 1
bad() {
	local name=$1 want=$2 out rc
	printf '%b' "$3" >"$TMP/bad.rules"
	out=$($SYSLENS --check-rules "$TMP/bad.rules" 2>&1); rc=$?
	if [ "$rc" = 1 ] && grep -qF "$TMP/bad.rules:$want" <<<"$out"; then
		ok "broken file: $name"
	else
		not_ok "broken file: $name (rc=$rc: $out)"
	fi
}
head='rule r\n\tseverity warning\n\tmessage m\n'
bad "unknown key" "4:2: unknown key 'pth'" "$head\tpth ^/etc\n"
bad "bad regex" "4:13: bad regex: missing closing parenthesis" "$head\tpath ^(/etc\n"
bad "unknown syscall" "4:17: unknown syscall 'opn'" "$head\tsyscall openat opn\n"
bad "bad port" "5:7: bad port '99999'" "$head\tsyscall connect\n\tport 99999\n"
bad "no severity" "1:1: rule 'r' has no severity" 'rule r\n\tmessage m\n\tsyscall read\n'
bad "unknown rule disabled" "1:9: no rule named 'no-such' to disable" 'disable no-such\n'
out=$($SYSLENS --check-rules "$TMP/none.rules" 2>&1)
check "a missing rule file is an error" test $? = 1
check "a missing rule file is named" grep -q "none.rules: No such file" <<<"$out"

# syslens does not start with a broken rule file
printf 'rule r\n\tseverity loud\n' >"$TMP/bad.rules"
out=$($SYSLENS --rules "$TMP/bad.rules" --text -- touch "$TMP/ran" 2>&1); rc=$?
check "a broken --rules file stops syslens" test "$rc" = 1
check "the error names file:line:column" grep -q "bad.rules:2:11: unknown severity 'loud'" <<<"$out"
check "the command never ran" test ! -e "$TMP/ran"

# --- alerts on real programs -----------------------------------------
if $SYSLENS --text -- true 2>&1 | grep -q "not built yet"; then
	skip "alerts on real programs" "the collector is not built yet"
	exit 0
fi

# alerts NAME COMMAND...: the JSON alert lines of COMMAND, one rule name a line
alerts() {
	local name=$1; shift
	$SYSLENS --alerts --json -o "$TMP/$name.json" -- "$@" >/dev/null 2>"$TMP/$name.err"
	python3 - "$TMP/$name.json" <<'EOF'
import json, sys
for line in open(sys.argv[1]):
    line = line.strip()
    if not line:
        continue
    o = json.loads(line)
    if o.get("type") == "stats":
        continue    # the writer's closing counters pass through
    a = o.get("alert")
    if a is None:
        print("line-without-alert")
        continue
    print(a["rule"], a["severity"], "message" in a)
EOF
}

secret=secret-read
[ "$(id -u)" = 0 ] || secret=secret-open-failed
got=$(alerts seed "$PROGS/sec_seed" | sort)
want=$(printf '%s\n' "remote-admin-connect warning True" \
	"$secret $( [ $secret = secret-read ] && echo warning || echo notice) True" \
	"shell-exec notice True" | sort)
if [ "$got" = "$want" ]; then
	ok "seed program raises exactly its three alerts in --alerts --json"
else
	not_ok "seed program raises exactly its three alerts (got: $got)"
	sed 's/^/# /' "$TMP/seed.json" "$TMP/seed.err"
fi
check "alert lines are the decoded syscalls" grep -q '"alert":{"rule":"shell-exec"' "$TMP/seed.json"

for step in shadow connect shell; do
	n=$(alerts "seed-$step" "$PROGS/sec_seed" "$step" | wc -l)
	check "seed step '$step' alone raises one alert" test "$n" = 1
done
got=$(alerts seed-more "$PROGS/sec_seed" listen chmod | awk '{print $1}' | sort | tr '\n' ' ')
check "a listening socket and a setuid chmod raise theirs" test "$got" = "listen-socket setuid-chmod "

# text: rule, severity, then the strace line
$SYSLENS --alerts -o "$TMP/seed.txt" -- "$PROGS/sec_seed" shell >/dev/null 2>&1
check "text alert: rule and severity first" \
	grep -qE '^shell-exec notice [0-9]+ +execve\(' "$TMP/seed.txt"
check "text alert: only the matching line" test "$(wc -l <"$TMP/seed.txt")" = 1

# -c: alerts per rule
$SYSLENS --alerts -c -- "$PROGS/sec_seed" >"$TMP/count.out" 2>&1
check "-c counts alerts per rule" grep -qE '^ +1 remote-admin-connect +warning' "$TMP/count.out"
check "-c totals them" grep -qE '^ +3 total' "$TMP/count.out"

# a disabled rule stays quiet
printf 'disable shell-exec\n' >"$TMP/quiet.rules"
$SYSLENS --rules "$TMP/quiet.rules" --alerts --json -o "$TMP/quiet.json" -- "$PROGS/sec_seed" shell >/dev/null 2>&1
check "a disabled rule raises nothing" bash -c "! grep -q '\"alert\"' '$TMP/quiet.json'"

# ordinary programs raise nothing
n=$(alerts ls ls -l /etc | wc -l)
check "ls -l /etc raises nothing (stat is not reading)" test "$n" = 0
printf 'int main(void) { return 0; }\n' >"$TMP/c.c"
if command -v cc >/dev/null; then
	n=$(alerts cc cc -o "$TMP/c" "$TMP/c.c" | wc -l)
	check "a compile raises nothing" test "$n" = 0
else
	skip "a compile raises nothing" "no C compiler"
fi
n=$(alerts tar tar -C "$TMP" -cf "$TMP/a.tar" c.c | wc -l)
check "tar raises nothing" test "$n" = 0
# the interpreter itself: a wrapper script (a pyenv shim) does start a shell
py=/usr/bin/python3
if [ -x "$py" ]; then
	n=$(alerts py "$py" -c 'import json' | wc -l)
	check "python3 -c 'import json' raises nothing" test "$n" = 0
else
	skip "python3 raises nothing" "no /usr/bin/python3"
fi

# a recording explored later raises the same alerts
$SYSLENS -w "$TMP/seed.rec" -o /dev/null -- "$PROGS/sec_seed" >/dev/null 2>&1
if [ -s "$TMP/seed.rec" ]; then
	$SYSLENS -r "$TMP/seed.rec" --alerts -c >"$TMP/replay.out" 2>&1
	check "replayed recording: the same three alerts" grep -qE '^ +3 total' "$TMP/replay.out"
else
	skip "replayed recording: the same three alerts" "no recording was written"
fi

# a rule with no result condition raises once per call on each backend:
# the eBPF side's early record of an execve (its strings, sent at entry)
# is one call with its result, not a second match
cat >"$TMP/any.rules" <<'EOF2'
rule any-exec
	severity notice
	message a program was started
	syscall execve
EOF2
source "$(dirname "$0")/ebpf_lib.sh"
for b in ptrace ebpf; do
	if [ "$b" = ebpf ] && [ -n "$EBPF_WHY" ]; then
		skip "rule without a result, $b: one alert per execve" "$EBPF_WHY"
		continue
	fi
	$SYSLENS -B "$b" --rules "$TMP/any.rules" --alerts -o "$TMP/any.$b" -- \
		sh -c '/bin/true; /bin/true' >/dev/null 2>&1
	n=$(grep -c '^any-exec ' "$TMP/any.$b")
	check "rule without a result, $b: one alert per execve ($n of 2)" test "$n" = 2
done
