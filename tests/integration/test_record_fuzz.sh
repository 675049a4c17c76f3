#!/usr/bin/env bash
# test_record_fuzz.sh - a brief libFuzzer run over the recording reader
# (make fuzz, a few seconds): any crash, leak or hang fails the test.
source "$(dirname "$0")/../lib.sh"
CLANG=${CLANG:-clang}
SECONDS_FUZZ=${FUZZ_TEST_SECONDS:-5}

cat >"$TMP/probe.c" <<'EOC'
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }
EOC
if ! command -v "$CLANG" >/dev/null; then
	skip "fuzz the recording reader" "clang not installed"
	exit 0
fi
if ! "$CLANG" -fsanitize=fuzzer,address -o "$TMP/probe" "$TMP/probe.c" 2>"$TMP/err"; then
	skip "fuzz the recording reader" "clang cannot link libFuzzer ($(head -n 1 "$TMP/err"))"
	exit 0
fi
if make -s -j2 fuzz FUZZ_SECONDS="$SECONDS_FUZZ" >"$TMP/out" 2>&1 &&
   grep -q '^Done [0-9]* runs' "$TMP/out"; then
	ok "fuzz the recording reader for ${SECONDS_FUZZ}s ($(grep -o '^Done [0-9]* runs' "$TMP/out"))"
else
	not_ok "fuzz the recording reader for ${SECONDS_FUZZ}s"
	grep -E 'ERROR|SUMMARY|Test unit written|^#|error' "$TMP/out" | head -n 30 | sed 's/^/# /'
fi
