#!/usr/bin/env bash
# test_parity.sh - syslens's text output against strace's on the short list
# of tools/parity.py: the share of identical lines and of lines with the
# same name and result must reach the targets, and a decoder broken on
# purpose (its lines rewritten before the comparison) must fail the check.
source "$(dirname "$0")/../lib.sh"

if ! command -v strace >/dev/null; then
	skip "parity" "strace is not installed"
	exit 0
fi
if ! command -v python3 >/dev/null; then
	skip "parity" "python3 is not installed"
	exit 0
fi
if [ ! -x "$PROGS/parity" ]; then
	not_ok "parity: $PROGS/parity is not built"
	exit 0
fi
if ! strace -f -q -o /dev/null true 2>/dev/null; then
	skip "parity" "ptrace is not permitted here"
	exit 0
fi

py() { python3 tools/parity.py --short --syslens "$SYSLENS" --progs "$PROGS" "$@"; }

py --min-identical 97 --min-name 99 >"$TMP/parity.out" 2>&1
rc=$?
sed 's/^/# /' "$TMP/parity.out"
check "parity: >= 97% identical lines, >= 99% same name and result" test "$rc" = 0
check "parity: every program of the short list ran" \
	test "$(grep -cE '^[a-z -]+ +[0-9]+ +[0-9.]+% ' "$TMP/parity.out")" -ge 9

# openat's flags printed raw, as a broken decoder would
py --min-identical 97 --min-name 99 \
	--mangle 'O_RDONLY\|O_CLOEXEC=0x80000' --mangle 'O_RDONLY=0' \
	--mangle '(mmap\([^)]*), PROT_READ[A-Z_|]*=\1, 0x7' \
	ls threads files >"$TMP/broken.out" 2>&1
rc=$?
sed 's/^/# broken: /' "$TMP/broken.out"
check "parity: a broken decoder fails the check" \
	test "$rc" = 1 -a "$(grep -c 'identical lines, below 97' "$TMP/broken.out")" = 1
