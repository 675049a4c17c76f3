#!/usr/bin/env bash
# tests/bench/rules.sh - what matching the default rule set costs per
# event (target: under 200 ns), on hand-built read, openat, connect and
# execve events that match no rule, so every rule gets looked at.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
bin=$BUILD/tests/test_rules
[ -x "$bin" ] || { echo "bench: $bin missing (make tests-build)" >&2; exit 1; }
"$bin" --bench 2>&1 | sed -n 's/^# default rules: /rules: /p'
