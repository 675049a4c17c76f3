#!/bin/sh
# Print each syscall's parameter names as the running kernel's syscall
# tracepoints list them, "name<TAB>a,b,c" a line (- when it takes none):
# the second column of src/decode/syscalls.doc.  Needs tracefs (root).
# usage: gen-syscall-args.sh [TRACEFS]
set -eu
t=${1:-/sys/kernel/tracing}/events/syscalls
[ -d "$t" ] || { echo "gen-syscall-args.sh: no $t (mount tracefs, run as root)" >&2; exit 1; }
for d in "$t"/sys_enter_*; do
	n=${d##*/sys_enter_}
	a=$(awk -F'[;\t]' '/field:/ && !/common_|__syscall_nr/ {
		k = split($2, w, " "); printf "%s%s", sep, w[k]; sep = "," }' "$d/format" | tr -d '*')
	printf '%s\t%s\n' "$n" "${a:--}"
done
