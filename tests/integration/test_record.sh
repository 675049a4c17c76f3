#!/usr/bin/env bash
# test_record.sh - -r on recordings from the seed corpus: replays them, and
# turns missing, foreign, newer, cut and damaged files into one clear line
# and a non-zero exit, never a crash.
source "$(dirname "$0")/../lib.sh"
CORPUS=tests/fuzz/corpus

# one stderr line naming the problem, a non-zero exit, no crash
one_line_error() {
	local name=$1 pattern=$2; shift 2
	"$SYSLENS" "$@" >"$TMP/out" 2>"$TMP/err"
	local rc=$?
	if [ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] && [ "$(wc -l <"$TMP/err")" = 1 ] &&
	   grep -q "$pattern" "$TMP/err"; then
		ok "$name"
	else
		not_ok "$name"
		diag "exit $rc, stderr: $(cat "$TMP/err")"
	fi
}

hdrlen() { od -An -tu2 -j10 -N2 "$1" | tr -d ' '; }
poke() { printf "\\x$2" | dd of="$1" bs=1 seek="$3" conv=notrunc status=none; }

one_line_error "missing file" "cannot read recording '$TMP/nope': No such file or directory" \
	-r "$TMP/nope" --text
one_line_error "not a recording" "not a syslens recording" -r /etc/passwd --text
one_line_error "a directory" "Is a directory" -r "$TMP" --text
: >"$TMP/empty"
one_line_error "empty file" "empty file" -r "$TMP/empty" --text

cp "$CORPUS/tar-20.slrec" "$TMP/newer.slrec"
poke "$TMP/newer.slrec" 09 8
one_line_error "newer format version" "recording format version 9 is newer than this syslens reads" \
	-r "$TMP/newer.slrec" --text

cp "$CORPUS/tar-20.slrec" "$TMP/hdr.slrec"
poke "$TMP/hdr.slrec" 41 60
one_line_error "damaged file header" "file header checksum mismatch" -r "$TMP/hdr.slrec" --text

# a sound recording replays every event, and the same way twice
"$SYSLENS" -r "$CORPUS/tar-20.slrec" --text >"$TMP/a" 2>"$TMP/err"
rc=$?
check "replay exits 0" [ "$rc" = 0 ]
check "replay writes one line per syscall" [ "$(wc -l <"$TMP/a")" = 20 ]
check "replay is quiet on stderr" [ ! -s "$TMP/err" ]
"$SYSLENS" -r "$CORPUS/tar-20.slrec" --text >"$TMP/b" 2>/dev/null
check "replay is repeatable" cmp -s "$TMP/a" "$TMP/b"
"$SYSLENS" -r "$CORPUS/tar-20-stored.slrec" --text >"$TMP/b" 2>/dev/null
check "stored blocks replay like compressed ones" cmp -s "$TMP/a" "$TMP/b"

# cut short: replays what is whole, then says where it stopped
"$SYSLENS" -r "$CORPUS/tar-cut.slrec" --text >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ "$rc" = 1 ] && grep -q "^syslens: recording damaged at byte [0-9]*: .*; replayed [0-9]* events$" "$TMP/err" &&
   [ "$(wc -l <"$TMP/err")" = 1 ]; then
	ok "cut recording: one line saying where it stopped"
else
	not_ok "cut recording: one line saying where it stopped"
	diag "exit $rc, stderr: $(cat "$TMP/err")"
fi

# a damaged block: everything before it, then the line
cp "$CORPUS/tar-300.slrec" "$TMP/bad.slrec"
off=$(( $(hdrlen "$TMP/bad.slrec") + 28 + 10 ))
poke "$TMP/bad.slrec" 00 "$off"
poke "$TMP/bad.slrec" ff $((off + 1))
"$SYSLENS" -r "$TMP/bad.slrec" --text >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ "$rc" = 1 ] && grep -q "recording damaged at byte $(hdrlen "$TMP/bad.slrec"): block 1 data checksum mismatch; replayed 0 events" "$TMP/err"; then
	ok "damaged block is named with its byte offset"
else
	not_ok "damaged block is named with its byte offset"
	diag "exit $rc, stderr: $(cat "$TMP/err")"
fi

# garbage of every size never crashes the reader
bad=
for n in 1 7 8 12 47 48 200 5000; do
	head -c "$n" /dev/urandom >"$TMP/junk"
	printf '\x89SLREC\r\n' | dd of="$TMP/junk" conv=notrunc status=none
	"$SYSLENS" -r "$TMP/junk" --text >/dev/null 2>"$TMP/err"
	rc=$?
	if [ "$rc" -ge 128 ] || [ ! -s "$TMP/err" ]; then
		bad+=" $n"
		diag "$n bytes: exit $rc"
	fi
done
check "random bytes behind the magic" [ -z "$bad" ]

# replay needs no privilege: an unprivileged user replays a readable copy
if need_root && id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null; then
	cp "$CORPUS/real-sh-exit3.slrec" "$TMP/pub.slrec"
	chmod 755 "$TMP"
	chmod 644 "$TMP/pub.slrec"
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$SYSLENS" -r "$TMP/pub.slrec" --text >"$TMP/nobody" 2>"$TMP/err"
	rc=$?
	"$SYSLENS" -r "$TMP/pub.slrec" --text >"$TMP/root" 2>/dev/null
	if [ "$rc" = 3 ] && [ -s "$TMP/nobody" ] && cmp -s "$TMP/nobody" "$TMP/root"; then
		ok "an unprivileged user replays a recording (exit 3 as recorded)"
	else
		not_ok "an unprivileged user replays a recording"
		diag "exit $rc, stderr: $(cat "$TMP/err")"
	fi
else
	skip "an unprivileged user replays a recording" "needs root, a nobody user and setpriv"
fi

# a replay written again (-r with -w) replays the same, exit status too;
# writing over the recording being replayed is refused before it is lost
cp "$CORPUS/real-sh-exit3.slrec" "$TMP/in.slrec"
"$SYSLENS" -r "$TMP/in.slrec" -w "$TMP/again.slrec" -o /dev/null 2>/dev/null
"$SYSLENS" -r "$TMP/in.slrec" -o "$TMP/a" 2>/dev/null
"$SYSLENS" -r "$TMP/again.slrec" -o "$TMP/b" 2>/dev/null
rc=$?
if [ -s "$TMP/a" ] && cmp -s "$TMP/a" "$TMP/b" && [ "$rc" = 3 ]; then
	ok "a replay recorded again replays the same, exit 3"
else
	not_ok "a replay recorded again replays the same, exit 3"
	diag "exit $rc"
fi
size=$(stat -c %s "$TMP/in.slrec")
one_line_error "-w onto the file -r reads is refused" "it is the recording being replayed" \
	-r "$TMP/in.slrec" -w "$TMP/in.slrec" --text
check "... and the recording is intact" [ "$(stat -c %s "$TMP/in.slrec")" = "$size" ]
one_line_error "-o onto the file -r reads is refused" "it is the recording being replayed" \
	-r "$TMP/in.slrec" -o "$TMP/in.slrec"
check "... and the recording is intact" [ "$(stat -c %s "$TMP/in.slrec")" = "$size" ]
one_line_error "-o onto the file -w writes is refused" "it is the recording -w writes" \
	-w "$TMP/both" -o "$TMP/both" -- true
check "... and nothing was written" [ ! -e "$TMP/both" ]
