/*
 * decode.h - turning an event into the text strace would print.
 *
 * Decoding is a pure function of an event and its payloads: no /proc, no
 * tracee memory.  One file per syscall family under src/decode/, a table
 * indexed by syscall number, flag tables as data.
 */
#ifndef SYSLENS_DECODE_H
#define SYSLENS_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include "syslens/event.h"
#include "syslens/util.h"

struct sl_decode_opts {
	unsigned strsize;	/* -s: bytes of a string printed (default 32) */
	bool fdpaths;		/* -y: print fds as 3</path> from FDPATH payloads */
};

#define SL_DECODE_OPTS_DEFAULT	{ .strsize = 32, .fdpaths = false }

/*
 * Append "name(args) = ret" for a syscall event, exactly as strace -f
 * prints it after the pid (no timestamps, no duration, no newline).  An
 * in-flight event renders its arguments known so far and no " = ".  An
 * unknown syscall prints as strace does: syscall_0x1ff(0x1, ...) with raw
 * hex arguments.
 */
void decode_syscall(struct sl_strbuf *sb, const struct sl_event *ev,
		    const struct sl_decode_opts *o);

/* Just "name(args" part and the " = ret" part, for views that split them. */
void decode_call(struct sl_strbuf *sb, const struct sl_event *ev,
		 const struct sl_decode_opts *o);
void decode_retval(struct sl_strbuf *sb, const struct sl_event *ev,
		   const struct sl_decode_opts *o);

/*
 * Append a process event as strace prints it: "+++ exited with 0 +++",
 * "+++ killed by SIGKILL +++", "--- SIGCHLD {si_signo=SIGCHLD, ...} ---".
 * Fork and exec events append nothing (strace shows them as syscalls),
 * except an exec by a thread other than the leader, which strace reports
 * on the leader's pid as "+++ superseded by execve in pid 1235 +++".
 */
void decode_process_event(struct sl_strbuf *sb, const struct sl_event *ev);

/*
 * Quote `len` bytes as strace quotes a string: "..." with \n, \t, \",
 * \\, octal/hex escapes for the rest of the non-printables (so no byte
 * reaches a terminal raw).  `maxlen` bytes are printed at most and a cut
 * is marked with "..." after the closing quote, as is `truncated`.
 */
void decode_quote(struct sl_strbuf *sb, const unsigned char *s, size_t len,
		  size_t maxlen, bool truncated);

/* "ENOENT", or NULL for an unknown errno. */
const char *decode_errno_name(int err);
/* "No such file or directory" (strerror text, as strace prints it). */
const char *decode_errno_text(int err);
/* "SIGKILL", or NULL. */
const char *decode_signal_name(int sig);

#endif /* SYSLENS_DECODE_H */
