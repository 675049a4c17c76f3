#!/usr/bin/env bash
# tests/bench/record.sh - the recording benchmark:
#  1. bytes per event recording `tar c /usr/include > /dev/null` live
#     (target: at most 40), on each backend that runs here; and the same
#     measured on generated tar-shaped events (real struct stat bytes)
#  2. replay speed of a 1M-event recording to `--text` into /dev/null
#     (target: at least 2M events/s); the file is generated from the live
#     tar recording when there is one, else from generated events.
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
for out in --text --json -c; do
	t0=$(now)
	"$SYSLENS" -r "$T/big.slrec" $out >/dev/null 2>&1
	t1=$(now)
	echo "replay$out: $(awk -v n="$N" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2fM events/s (%.2fs)", n / (b - a) / 1e6, b - a }')"
done
