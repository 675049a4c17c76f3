#!/usr/bin/env bash
# tests/bench/hist.sh - the histogram and filter numbers (issue 6):
#  - nanoseconds per event to keep the interface's histograms (target < 50)
#  - milliseconds to filter 1M stored events with a typical regex, as the
#    interface does when a filter is added (target < 300)
# Builds tests/bench/hist_bench.c against the objects of the last build.
# Figures are the thread CPU time (the machine may be shared), best of 5.
# Prints measured figures only; not a test.
set -u
cd "$(dirname "$0")/../.."
SYSLENS=${SYSLENS:-build/syslens}
BUILD=${BUILD:-$(dirname "$SYSLENS")}
T=$(mktemp -d "${TMPDIR:-/tmp}/syslens-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT

objs=$(find "$BUILD/obj" -name '*.o' ! -name main.o)
${CC:-cc} -O2 -std=gnu11 -D_GNU_SOURCE -Iinclude -I"$BUILD/gen" -o "$T/hist_bench" \
	tests/bench/hist_bench.c $objs \
	-lbpf -lelf -lz -lpcre2-8 -lncursesw -ltinfo -lseccomp -lpthread -lm \
	$(nm -u $objs | grep -q libdeflate_ && echo -ldeflate) || exit 1
echo "hist/filter benchmark: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$T/hist_bench" "${BENCH_FILTER_EVENTS:-1000000}" "${BENCH_HIST_EVENTS:-4000000}"
