#!/usr/bin/env bash
# tests/bench/record.sh - the recording benchmark:
#  1. bytes per event recording `tar c /usr/include > /dev/null` live
#     (target: at most 40), on each backend that runs here; and the same
#     measured on generated tar-shaped events (real struct stat bytes)
#  2. replay speed of a 1M-event recording to `--text` into /dev/null
#     (target: at least 2M events/s), to `--json` and `-c`, each the best
#     of BENCH_RUNS (3) runs with every run shown; the file is generated
#     from the live tar recording when there is one, else from generated
#     events.
# Prints one "name: value" line per number.  Not a test: no pass/fail.
set -u
cd "$(dirname "$0")/../.."
SYSLENS=${SYSLENS:-build/syslens}
BUILD=${BUILD:-$(dirname "$SYSLENS")}
N=${BENCH_EVENTS:-1000000}
T=$(mktemp -d "${TMPDIR:-/tmp}/syslens-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT

gen="$T/gen_recording"
objs=$(find "$BUILD/obj" -name '*.o' ! -name main.o)
${CC:-cc} -O2 -std=gnu11 -D_GNU_SOURCE -Iinclude -I"$BUILD/gen" -o "$gen" \
	tests/bench/gen_recording.c $objs \
	-lbpf -lelf -lz -lpcre2-8 -lncursesw -ltinfo -lseccomp -lpthread -lm \
	$(nm -u $objs | grep -q libdeflate_ && echo -ldeflate) || exit 1

now() { date +%s.%N; }

src=""
if "$SYSLENS" --text -- true 2>&1 | grep -q "not built yet"; then
	echo "record-tar-live: skipped (the live collector is not built yet)"
else
	for b in ptrace ebpf; do
		f="$T/tar-$b.slrec"
		if ! "$SYSLENS" -B "$b" -w "$f" -- tar c /usr/include >/dev/null 2>"$T/err" </dev/null; then
			if [ ! -s "$f" ]; then
				echo "record-tar-live-$b: skipped ($(head -n 1 "$T/err"))"
				continue
			fi
		fi
		echo "record-tar-live-$b: $("$gen" --count "$f")"
		[ -z "$src" ] && src=$f
	done
fi
"$gen" "$T/tar-gen.slrec" 30000 >/dev/null
echo "record-tar-generated: $("$gen" --count "$T/tar-gen.slrec")"
[ -z "$src" ] && src="$T/tar-gen.slrec"

"$gen" "$T/big.slrec" "$N" "$src" >/dev/null || exit 1
echo "replay-file: $("$gen" --count "$T/big.slrec") (from $(basename "$src"))"
t0=$(now)
"$gen" --count "$T/big.slrec" >/dev/null
t1=$(now)
echo "replay-read-only: $(awk -v n="$N" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2fM events/s (%.2fs)", n / (b - a) / 1e6, b - a }')"
# replay runs on two threads (reading, and the output); the machine's load
# moves single runs, so each is timed RUNS times: the best, then every run
runs=${BENCH_RUNS:-3}
echo "replay-inflate: $(nm -u $objs | grep -q libdeflate_ && echo libdeflate || echo zlib)"
for out in --text --json -c; do
	all=""
	for i in $(seq "$runs"); do
		t0=$(now)
		"$SYSLENS" -r "$T/big.slrec" $out >/dev/null 2>&1
		t1=$(now)
		all="$all $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')"
	done
	echo "replay$out: $(echo "$all" | awk -v n="$N" '{ b = $1; for (i = 2; i <= NF; i++) if ($i < b) b = $i
		printf "%.2fM events/s (best of %d: %.2fs; runs:", n / b / 1e6, NF, b
		for (i = 1; i <= NF; i++) printf " %.2fM", n / $i / 1e6; printf ")" }')"
done
