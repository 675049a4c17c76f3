#!/usr/bin/env bash
# -y under the eBPF collector: fd paths named in the kernel at the call
# itself, as the ptrace backend reads them (readlink of /proc/PID/fd/N):
# files, a directory, a deleted file, pipes, sockets, anonymous inodes, a
# memfd, an
# fd closed by the call it is an argument of, fds returned and filled in.
source tests/lib.sh
source tests/integration/ebpf_lib.sh

checks=(fdpaths-close-named fdpaths-returned-named fdpaths-pseudo-files fdpaths-deleted
	fdpaths-not-open fdpaths-same-as-ptrace fdpaths-off-without-y)
[ -n "$EBPF_WHY" ] && ebpf_skip_all "${checks[@]}"

mkdir -p "$TMP/d"
"$SYSLENS" -B ebpf -y --text -o "$TMP/e.out" -- "$PROGS/fdpaths" "$TMP/d" 2>"$TMP/e.err"
"$SYSLENS" -B ptrace -y --text -o "$TMP/p.out" -- "$PROGS/fdpaths" "$TMP/d" 2>"$TMP/p.err"

check fdpaths-close-named grep -qE ' close\(3</etc/passwd>\) += 0$' "$TMP/e.out"
check fdpaths-returned-named bash -c "grep -qE ' openat\(AT_FDCWD<[^>]+>, \"/etc/hostname\", O_RDONLY\) += 3</etc/hostname>$' '$TMP/e.out' &&
	grep -qE ' openat\(3</etc>, \"passwd\", O_RDONLY\) += 4</etc/passwd>$' '$TMP/e.out'"
check fdpaths-pseudo-files bash -c "grep -qE ' pipe2?\(\[3<pipe:\[[0-9]+\]>, 4<pipe:\[[0-9]+\]>\]' '$TMP/e.out' &&
	grep -qE ' socketpair\(.*\[3<socket:\[[0-9]+\]>, 4<socket:\[[0-9]+\]>\]\) += 0$' '$TMP/e.out' &&
	grep -qE ' close\(3<anon_inode:\[eventpoll\]>\) += 0$' '$TMP/e.out' &&
	grep -qE ' = 4<anon_inode:\[eventfd\]>$' '$TMP/e.out' &&
	grep -qE ' close\(3</memfd:fdpaths-mem>\(deleted\)\) += 0$' '$TMP/e.out'"
check fdpaths-deleted grep -qF "close(3<$TMP/d/fdpaths.tmp>(deleted))" "$TMP/e.out"
check fdpaths-not-open grep -qE ' close\(77\) += -1 EBADF' "$TMP/e.out"

# the tracee's own calls (from its first open on), pids and inode
# numbers aside, line for line as the ptrace backend shows them
own() {
	sed -nE '/openat\(AT_FDCWD<[^>]*>, "\/etc\/passwd"/,$p' "$1" |
		sed -E 's/^[0-9]+ +//; s/:\[[0-9]+\]/:[N]/g; s/ +=/ =/'
}
if [ -s "$TMP/e.out" ] && diff <(own "$TMP/p.out") <(own "$TMP/e.out") >"$TMP/diff"; then
	ok fdpaths-same-as-ptrace
else
	not_ok fdpaths-same-as-ptrace; head -20 "$TMP/diff" | sed 's/^/# /'
fi

"$SYSLENS" -B ebpf --text -o "$TMP/n.out" -- "$PROGS/fdpaths" "$TMP/d" 2>/dev/null
check fdpaths-off-without-y bash -c "grep -qE ' close\(3\) += 0$' '$TMP/n.out' &&
	! grep -q '</etc/passwd>' '$TMP/n.out'"
