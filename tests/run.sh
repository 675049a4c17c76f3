#!/usr/bin/env bash
# tests/run.sh - runs every unit test and shell test, counts TAP lines, and
# ends with one line "N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export SYSLENS=${SYSLENS:-$BUILD/syslens} BUILD
pass=0 fail=0 skipped=0
log=$(mktemp)

run_one() {
	local name=$1; shift
	local out rc
	out=$(timeout 300 "$@" 2>&1); rc=$?
	local p f s
	# a skipped test is "ok ... # SKIP", or in cmocka's TAP "not ok N # SKIP"
	p=$(grep -E '^ok ' <<<"$out" | grep -cvE '# ?(SKIP|skip)')
	f=$(grep -E '^not ok ' <<<"$out" | grep -cvE '# ?(SKIP|skip)')
	s=$(grep -cE '^(not )?ok .*# ?(SKIP|skip)' <<<"$out")
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		f=1
		out+=$'\n'"not ok - $name exited with status $rc"
	fi
	if [ $((p + f + s)) = 0 ]; then
		f=1
		out+=$'\n'"not ok - $name ran no test"
	fi
	pass=$((pass + p)); fail=$((fail + f)); skipped=$((skipped + s))
	printf '%-40s %3d passed %3d failed %3d skipped\n' "$name" "$p" "$f" "$s"
	grep -E '^not ok|# ?SKIP' <<<"$out" | sed 's/^/    /'
	if [ "$f" != 0 ]; then
		grep -vE '^(ok|not ok) ' <<<"$out" | tail -n 40 | sed 's/^/    | /'
	fi
	printf '=== %s\n%s\n' "$name" "$out" >>"$log"
}

for src in tests/unit/test_*.c; do
	t=$BUILD/tests/$(basename "$src" .c)
	[ -x "$t" ] || { run_one "unit/$(basename "$t")" false; continue; }
	CMOCKA_MESSAGE_OUTPUT=TAP run_one "unit/$(basename "$t")" "$t"
done
for t in tests/integration/test_*.sh; do
	[ -f "$t" ] || continue
	run_one "integration/$(basename "$t" .sh)" bash "$t"
done
mv "$log" "$BUILD/test.log"
echo "full log: $BUILD/test.log"
echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" = 0 ]
