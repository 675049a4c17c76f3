#!/usr/bin/env bash
# tests/bench/ebpf.sh - the eBPF collector's benchmark (issue 4): a getppid
# loop and tar, each untraced and under syslens -B ebpf (full capture),
# strace -f, perf trace and a bpftrace one-liner that only counts syscalls
# and keeps a latency histogram; then events per second delivered to user
# space, and what was lost.  Every figure is a ratio to the untraced run
# of the same script run (best of $REPS), so the machine's load cancels
# out as far as it can.  Needs root and kernel BTF.
#
#   SYSLENS=build/syslens bash tests/bench/ebpf.sh
set -u
cd "$(dirname "$0")/../.."
SYSLENS=${SYSLENS:-build/syslens}
TRACEE=build/progs/ebpf_tracee
REPS=${REPS:-3}
N=${N:-1000000}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/syslens-bench.XXXXXX")
bg=
trap '[ -n "$bg" ] && kill $bg 2>/dev/null; rm -rf "$TMP"' EXIT

if [ "$(id -u)" != 0 ] || [ ! -r /sys/kernel/btf/vmlinux ]; then
	echo "ebpf bench: skipped (needs root and kernel BTF)"
	exit 0
fi
if ! "$SYSLENS" -B ebpf --text -- /bin/true >/dev/null 2>"$TMP/err"; then
	echo "ebpf bench: skipped ($(cat "$TMP/err"))"
	exit 0
fi
have() { command -v "$1" >/dev/null; }
# stop a background tracer: SIGINT (again, in case it came before the
# tracer set its handler), then SIGKILL after 10 s
stop_bg() {
	kill -INT "$1" 2>/dev/null
	for _ in $(seq 100); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
		kill -INT "$1" 2>/dev/null
	done
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}
if [ "${BENCH_INSTALL:-1}" = 1 ] && ! have bpftrace && have apt-get; then
	apt-get install -y bpftrace >/dev/null 2>&1
fi
if [ "${BENCH_INSTALL:-1}" = 1 ] && ! have perf && have apt-get; then
	apt-get install -y linux-perf >/dev/null 2>&1
fi

# The workloads time themselves, so a tracer's start-up is not counted.
cat >"$TMP/tar.sh" <<'SH'
s=$(date +%s%N)
tar -cf - -C /usr include | cat >/dev/null
e=$(date +%s%N)
echo $((e - s)) >"$1"
SH
work_getppid() { EBPF_TRACEE_TIME="$1" "$TRACEE" getppid "$N"; }
work_tar() { sh "$TMP/tar.sh" "$1"; }

BT='tracepoint:raw_syscalls:sys_enter { @start[tid] = nsecs; @calls[args->id] = count(); }
tracepoint:raw_syscalls:sys_exit /@start[tid]/ { @lat = hist(nsecs - @start[tid]); delete(@start[tid]); }'

# run_under TRACER WORK OUTFILE: one timed run, ns in OUTFILE
run_under() {
	local tracer=$1 work=$2 out=$3
	rm -f "$out"
	case $tracer in
	none) $work "$out" ;;
	syslens) SYSLENS_EBPF_STATS="$TMP/stats.$work" \
		"$SYSLENS" -B ebpf -c -s 256 -- bash -c "$(declare -f $work work_getppid work_tar); \
			TRACEE=$TRACEE N=$N TMP=$TMP $work $out" >/dev/null 2>&1 ;;
	syslens-text) "$SYSLENS" -B ebpf -o /dev/null -- bash -c "$(declare -f $work); \
			TRACEE=$TRACEE N=$N TMP=$TMP $work $out" >/dev/null 2>&1 ;;
	strace) strace -f -o /dev/null bash -c "$(declare -f $work); \
			TRACEE=$TRACEE N=$N TMP=$TMP $work $out" >/dev/null 2>&1 ;;
	perf) perf trace -o /dev/null -- bash -c "$(declare -f $work); \
			TRACEE=$TRACEE N=$N TMP=$TMP $work $out" >/dev/null 2>&1 ;;
	bpftrace)
		bpftrace -e "$BT" >"$TMP/bt.out" 2>&1 &
		bg=$!
		for _ in $(seq 100); do grep -q Attaching "$TMP/bt.out" && break; sleep 0.1; done
		$work "$out"
		stop_bg $bg; bg= ;;
	esac
}

# best TRACER WORK: the best of REPS runs, in ns ("" when it failed)
best() {
	local b= t
	for _ in $(seq "$REPS"); do
		run_under "$1" "$2" "$TMP/t"
		t=$(cat "$TMP/t" 2>/dev/null) || continue
		[ -z "$b" ] || [ "$t" -lt "$b" ] && b=$t
	done
	echo "$b"
}

ratio() { [ -n "$2" ] && [ -n "$1" ] && awk -v a="$2" -v b="$1" 'BEGIN { printf "%.2fx", a / b }' || echo "n/a"; }

echo "eBPF collector benchmark ($(nproc) CPUs, best of $REPS; ratios to the untraced run)"
tracers=(syslens syslens-text strace perf bpftrace)
have strace || tracers=("${tracers[@]/strace}")
have perf || tracers=("${tracers[@]/perf}")
have bpftrace || tracers=("${tracers[@]/bpftrace}")
for work in work_getppid work_tar; do
	run_under none $work "$TMP/warm"	# page cache, CPU frequency
	base=$(best none $work)
	line=$(printf '%-14s' "${work#work_}")
	for t in "${tracers[@]}"; do
		[ -n "$t" ] || continue
		[ "$t" = strace ] && [ $work = work_getppid ] && N_SAVE=$N && N=$((N / 20))
		r=$(best "$t" $work)
		if [ "$t" = strace ] && [ $work = work_getppid ]; then
			# strace on 1/20 of the loop, scaled back up
			b20=$(N=$((N_SAVE / 20)) best none $work)
			line+=$(printf ' %s %s' "$t" "$(ratio "$b20" "$r")")
			N=$N_SAVE
			continue
		fi
		line+=$(printf ' %s %s' "$t" "$(ratio "$base" "$r")")
	done
	echo "$line"
	if [ -r "$TMP/stats.$work" ]; then
		echo "  syslens -c on ${work#work_}: $(tr '\n' ' ' <"$TMP/stats.$work")"
	fi
done

# What an untraced process pays while syslens traces another one.
best_side() {
	local b= t
	for _ in $(seq "$REPS"); do
		"$SYSLENS" -B ebpf -c -- sleep 30 >/dev/null 2>&1 &
		bg=$!
		sleep 1
		work_getppid "$TMP/side"
		stop_bg $bg; bg=
		t=$(cat "$TMP/side")
		[ -z "$b" ] || [ "$t" -lt "$b" ] && b=$t
	done
	echo "$b"
}
base=$(best none work_getppid)
echo "getppid, untraced, while syslens traces another process: $(ratio "$base" "$(best_side)")"

# Delivery: a 5M-call flood into the default ring buffer, counted by -c,
# from one getppid loop per CPU at once (one loop alone cannot make calls
# as fast as the reader takes them where syscalls are slow).
M=${M:-5000000}
P=$(nproc)
cat >"$TMP/flood.sh" <<SH
s=\$(date +%s%N)
for i in \$(seq $P); do "$TRACEE" getppid $((M / P)) & done
wait
e=\$(date +%s%N)
echo \$((e - s)) >"$TMP/flood.t"
SH
SYSLENS_EBPF_STATS="$TMP/flood.stats" "$SYSLENS" -B ebpf -c -- sh "$TMP/flood.sh" >/dev/null 2>&1
ev=$(awk '$1 == "events" {print $2}' "$TMP/flood.stats")
lost=$(awk '$1 == "lost" {print $2}' "$TMP/flood.stats")
cpu=$(awk '$1 == "reader_cpu_ns" {print $2}' "$TMP/flood.stats")
ns=$(cat "$TMP/flood.t")
awk -v e="$ev" -v l="$lost" -v ns="$ns" -v p="$P" 'BEGIN {
	printf "delivery: %d events from %d loops in %.2fs: %.2fM events/s delivered, %d lost\n",
		e, p, ns / 1e9, e / (ns / 1e9) / 1e6, l }'
# what the reader could take: events per second of its own CPU time
awk -v e="$ev" -v cpu="$cpu" 'BEGIN { if (cpu > 0)
	printf "reader: %.0f ns of CPU per event (-c): %.1fM events/s per CPU\n",
		cpu / e, e / (cpu / 1e9) / 1e6 }'
