#!/usr/bin/env bash
# tests/bench/all.sh - `make bench`: every benchmark script there is, one
# after the other, each printing its own measured figures.  A script that
# is missing is left out; one that needs what this machine lacks (root,
# kernel BTF, tmux) says so itself and skips.  Each script keeps its own
# default sizes, chosen so that the whole run stays within minutes.
#
#   SYSLENS=build/syslens BUILD=build bash tests/bench/all.sh [NAME...]
#
# NAMEs (run, ebpf, record, ui, rules, hist, ...) pick scripts by name.
set -u
cd "$(dirname "$0")/../.."
export SYSLENS=${SYSLENS:-build/syslens}
export BUILD=${BUILD:-$(dirname "$SYSLENS")}

# the ptrace and eBPF collectors first, then recordings, the interface,
# the rules and the histograms; scripts added later run after these
order="run ebpf record ui rules hist"
scripts=""
for n in $order; do
	for f in tests/bench/"$n".sh tests/bench/"$n"[-_]*.sh; do
		[ -f "$f" ] && scripts="$scripts $f"
	done
done
for f in tests/bench/*.sh; do
	case " $scripts " in *" $f "*) continue ;; esac
	[ "$f" = tests/bench/all.sh ] && continue
	scripts="$scripts $f"
done
if [ $# -gt 0 ]; then
	picked=""
	for f in $scripts; do
		b=$(basename "$f" .sh)
		for want in "$@"; do
			[ "$b" = "$want" ] && picked="$picked $f"
		done
	done
	scripts=$picked
fi

echo "bench: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $(uname -r)"
t_all=$(date +%s)
rc=0
for f in $scripts; do
	echo "== $(basename "$f" .sh) ($f)"
	t0=$(date +%s)
	bash "$f"
	st=$?
	t1=$(date +%s)
	if [ "$st" -ne 0 ]; then
		echo "$(basename "$f" .sh): failed (exit $st)"
		rc=1
	fi
	echo "-- $(basename "$f" .sh): $((t1 - t0))s"
done
echo "bench: all done in $(($(date +%s) - t_all))s"
exit $rc
