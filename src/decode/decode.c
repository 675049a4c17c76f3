/* decode.c - the entry points of decoding (raw arguments so far). */
#include <stdio.h>
#include <string.h>

#include "syslens/decode.h"
#include "syslens/syscalls.h"

void
decode_quote(struct sl_strbuf *sb, const unsigned char *s, size_t len,
	     size_t maxlen, bool truncated)
{
	size_t n = len < maxlen ? len : maxlen;

	strbuf_putc(sb, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\')
			strbuf_printf(sb, "\\%c", c);
		else if (c >= 0x20 && c < 0x7f)
			strbuf_putc(sb, (char)c);
		else
			strbuf_printf(sb, "\\%o", c);
	}
	strbuf_putc(sb, '"');
	if (truncated || len > maxlen)
		strbuf_puts(sb, "...");
}

void
decode_call(struct sl_strbuf *sb, const struct sl_event *ev,
	    const struct sl_decode_opts *o)
{
	const char *name = syscall_name(ev->arch, ev->nr);
	int n = syscall_nargs(ev->arch, ev->nr);

	(void)o;
	if (name)
		strbuf_printf(sb, "%s(", name);
	else
		strbuf_printf(sb, "syscall_%#x(", ev->nr);
	for (int i = 0; i < n; i++)
		strbuf_printf(sb, "%s%#llx", i ? ", " : "",
			      (unsigned long long)ev->args[i]);
	strbuf_putc(sb, ')');
}

void
decode_retval(struct sl_strbuf *sb, const struct sl_event *ev,
	      const struct sl_decode_opts *o)
{
	(void)o;
	if (ev->flags & SL_EVF_NOEXIT)
		strbuf_puts(sb, " = ?");
	else if (ev->ret < 0 && ev->ret > -4096)
		strbuf_printf(sb, " = -1 errno %lld", (long long)-ev->ret);
	else
		strbuf_printf(sb, " = %lld", (long long)ev->ret);
}

void
decode_syscall(struct sl_strbuf *sb, const struct sl_event *ev,
	       const struct sl_decode_opts *o)
{
	decode_call(sb, ev, o);
	if (!(ev->flags & SL_EVF_INFLIGHT))
		decode_retval(sb, ev, o);
}

void
decode_process_event(struct sl_strbuf *sb, const struct sl_event *ev)
{
	if (ev->type == SL_EV_EXIT && ev->args[0])
		strbuf_printf(sb, "+++ exited with %d +++", (int)((ev->ret >> 8) & 0xff));
}

const char *
decode_errno_name(int err)
{
	(void)err;
	return NULL;
}

const char *
decode_errno_text(int err)
{
	return strerror(err);
}

const char *
decode_signal_name(int sig)
{
	(void)sig;
	return NULL;
}
