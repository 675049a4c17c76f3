#!/usr/bin/env bash
# tests/check.sh - what CI runs: the tests on the plain build, then on the
# AddressSanitizer + UBSan build; one closing line adds both up.
set -u
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
total_p=0 total_f=0 total_s=0
for san in 0 1; do
	echo "== make test SAN=$san"
	make -s -j"$jobs" tests-build SAN=$san || { echo "build failed (SAN=$san)"; total_f=$((total_f + 1)); continue; }
	out=$(make -s test SAN=$san 2>&1 | tee /dev/stderr | tail -n 1)
	read -r p _ f _ s _ <<<"$(sed 's/,//g' <<<"$out")"
	total_p=$((total_p + ${p:-0})); total_f=$((total_f + ${f:-1})); total_s=$((total_s + ${s:-0}))
done
echo "$total_p passed, $total_f failed, $total_s skipped"
[ "$total_f" = 0 ]
