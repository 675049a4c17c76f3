#!/usr/bin/env bash
# tests/bench/run.sh - syslens -B ptrace against strace and the untraced
# run, all measured in this one run (`make bench`).
#
# Workloads: a getppid loop, an open+close loop, a fork loop whose children
# make 100 calls each, a fork tree, and tar of /usr/include to /dev/null.
# Each runs untraced, under `strace -f -o /dev/null`, under
# `syslens -B ptrace -o /dev/null` (pinned, its default, and with
# SYSLENS_PIN=0), and with `-e trace=openat` under both (strace with
# --seccomp-bpf, its fastest way).  Every figure is the best of $REPS runs.
#
# The full sizes are those of the issue (1M getppid, 200k open+close); on a
# loaded 2-CPU VM that takes well over 5 minutes, so the default scale is
# 1/5 (BENCH_SCALE=5).  BENCH_SCALE=1 runs the full sizes.
set -u
cd "$(dirname "$0")/../.."
SYSLENS=${SYSLENS:-build/syslens}
PROGS=build/progs
SCALE=${BENCH_SCALE:-5}
REPS=${BENCH_REPS:-2}
CPU=$(awk '{print $39}' /proc/self/stat 2>/dev/null || echo 0)

for p in loop forktree; do
	[ -x "$PROGS/$p" ] || { echo "bench: $PROGS/$p missing (make tests-build)" >&2; exit 1; }
done
HAVE_STRACE=1
command -v strace >/dev/null || HAVE_STRACE=0

# best_of CMD...: the least wall time of $REPS runs, in seconds
best_of() {
	local best="" i s e t
	for ((i = 0; i < REPS; i++)); do
		s=$(date +%s%N)
		"$@" >/dev/null 2>&1 </dev/null
		e=$(date +%s%N)
		t=$(( (e - s) / 1000 ))
		if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
	done
	awk -v us="$best" 'BEGIN { printf "%.3f", us / 1e6 }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

N_GETPPID=$((1000000 / SCALE))
N_OPEN=$((200000 / SCALE))
N_FORK=$((1000 / SCALE))
WORKLOADS=(
	"getppid x$N_GETPPID|$PROGS/loop getppid $N_GETPPID"
	"open+close x$N_OPEN|$PROGS/loop openclose $N_OPEN"
	"fork x$N_FORK (100 calls each)|$PROGS/loop fork $N_FORK"
	"fork tree depth 7|$PROGS/forktree 7"
	"tar /usr/include|tar cf /dev/null -C /usr include"
)

echo "syslens ptrace benchmark: scale 1/$SCALE, best of $REPS, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "syslens pins itself and the launched command to one CPU by default (SYSLENS_PIN=0: off)"
echo
printf '%-28s %9s | %14s %14s %14s %14s | %14s %14s | %8s %8s %8s\n' \
	workload untraced "strace" "strace pinned" "syslens" "syslens unpin" \
	"strace -e" "syslens -e" "sl/st" "sl/st -e" "unpin/pin"
total_start=$(date +%s)
for w in "${WORKLOADS[@]}"; do
	name=${w%%|*}
	cmd=${w#*|}
	# shellcheck disable=SC2086
	base=$(best_of $cmd)
	if [ $HAVE_STRACE = 1 ]; then
		st=$(best_of strace -f -o /dev/null $cmd)
		stp=$(best_of taskset -c "$CPU" strace -f -o /dev/null $cmd)
		ste=$(best_of strace -f --seccomp-bpf -e trace=openat -o /dev/null $cmd)
	else
		st=0 stp=0 ste=0
	fi
	sl=$(best_of "$SYSLENS" -B ptrace -o /dev/null -- $cmd)
	slu=$(SYSLENS_PIN=0 best_of "$SYSLENS" -B ptrace -o /dev/null -- $cmd)
	sle=$(best_of "$SYSLENS" -B ptrace -e trace=openat -o /dev/null -- $cmd)
	cell() { printf '%6.2fs %6sx' "$1" "$(ratio "$1" "$base")"; }
	printf '%-28s %8.3fs | %s %s %s %s | %s %s | %8s %8s %8s\n' "$name" "$base" \
		"$(cell "$st")" "$(cell "$stp")" "$(cell "$sl")" "$(cell "$slu")" \
		"$(cell "$ste")" "$(cell "$sle")" \
		"$(ratio "$sl" "$st")" "$(ratio "$sle" "$ste")" "$(ratio "$slu" "$sl")"
done
echo
echo "Nx = time / untraced time; sl/st = syslens / strace (lower is better);"
echo "unpin/pin = syslens with SYSLENS_PIN=0 / syslens pinned (> 1: pinning helps)."
echo "strace pinned = strace and its tracee under taskset -c $CPU, for reference."
echo "total bench time: $(( $(date +%s) - total_start ))s"
