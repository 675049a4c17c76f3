/*
 * json.c - JSON lines: one object per finished syscall and per process
 * event, then one "stats" object at the end.  Every field is listed in
 * README.md.  Output is valid UTF-8 JSON whatever bytes the tracee used
 * (see json_quote).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json_proc.h"
#include "syslens/decode.h"
#include "syslens/output.h"
#include "syslens/syscalls.h"
#include "syslens/util.h"

/* objects gathered before one fwrite, when nobody watches them one by one */
#define JSON_BLOCK 65536

struct json_sink {
	struct sl_sink sink;
	FILE *f;
	struct sl_decode_opts dopts;
	struct sl_strbuf line;
	struct sl_strbuf tmp;
	/* ",\"time\":\"YYYY-MM-DDTHH:MM:SS." of time_sec, time_len bytes (0: none) */
	char time_prefix[64];
	size_t time_len;
	time_t time_sec;
	bool finished;
	bool flush;
	struct json_procs *procs;	/* cgroup, container, ns_pid per process */
};

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid. */
static size_t
utf8_valid(const unsigned char *s, size_t len)
{
	unsigned c = s[0];
	size_t n;
	unsigned cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0; /* overlong, out of range, or a surrogate */
	return n;
}

/* Bytes that stand for themselves in a JSON string: printable ASCII but " and \\ */
static const bool json_plain[256] = {
	[0x20 ... 0x21] = true, [0x23 ... 0x5b] = true, [0x5d ... 0x7e] = true,
};

void
json_quote(struct sl_strbuf *sb, const unsigned char *s, size_t len)
{
	size_t i = 0, n;

	strbuf_putc(sb, '"');
	while (i < len) {
		unsigned char c = s[i];

		if (json_plain[c]) {
			/* a run that needs no escape, in one copy */
			size_t j = i + 1;

			while (j < len && json_plain[s[j]])
				j++;
			strbuf_add(sb, (const char *)s + i, j - i);
			i = j;
			continue;
		}
		if (c == '"' || c == '\\') {
			strbuf_putc(sb, '\\');
			strbuf_putc(sb, (char)c);
			i++;
			continue;
		}
		if (c >= 0x20 && c < 0x7f) {
			strbuf_putc(sb, (char)c);
			i++;
			continue;
		}
		switch (c) {
		case '\n':
			strbuf_puts(sb, "\\n");
			i++;
			continue;
		case '\t':
			strbuf_puts(sb, "\\t");
			i++;
			continue;
		case '\r':
			strbuf_puts(sb, "\\r");
			i++;
			continue;
		}
		n = c < 0x80 ? 0 : utf8_valid(s + i, len - i);
		if (n == 2 && c == 0xc2 && s[i + 1] < 0xa0) {
			/* C1 control (U+0080..U+009F): a terminal may act on it */
			strbuf_printf(sb, "\\u%04x", s[i + 1]);
			i += 2;
		} else if (n) {
			strbuf_add(sb, (const char *)s + i, n);
			i += n;
		} else {
			/* C0 control, DEL, or a byte of invalid UTF-8 */
			strbuf_printf(sb, "\\u%04x", c);
			i++;
		}
	}
	strbuf_putc(sb, '"');
}

static void
put_key(struct sl_strbuf *sb, const char *key)
{
	strbuf_add(sb, ",\"", 2);
	strbuf_puts(sb, key);
	strbuf_add(sb, "\":", 2);
}

/* "0x%llx" in quotes: always the 0x, even for 0 */
static void
put_hex_quoted(struct sl_strbuf *sb, uint64_t v)
{
	char buf[24], *end = buf + sizeof(buf), *p = end;

	*--p = '"';
	do {
		*--p = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	*--p = 'x';
	*--p = '0';
	*--p = '"';
	strbuf_add(sb, p, (size_t)(end - p));
}

static void
put_str(struct sl_strbuf *sb, const char *key, const char *s)
{
	put_key(sb, key);
	if (s)
		json_quote(sb, (const unsigned char *)s, strlen(s));
	else
		strbuf_puts(sb, "null");
}

static void
put_bytes(struct sl_strbuf *sb, const char *key, const void *s, size_t len)
{
	put_key(sb, key);
	json_quote(sb, s, len);
}

static void
put_u64(struct sl_strbuf *sb, const char *key, uint64_t v)
{
	put_key(sb, key);
	strbuf_put_udec(sb, v);
}

static void
put_s64(struct sl_strbuf *sb, const char *key, int64_t v)
{
	put_key(sb, key);
	strbuf_put_dec(sb, v);
}

static void
put_hex(struct sl_strbuf *sb, const char *key, uint64_t v)
{
	put_key(sb, key);
	put_hex_quoted(sb, v);
}

static const char *
type_name(unsigned type)
{
	switch (type) {
	case SL_EV_SYSCALL:
		return "syscall";
	case SL_EV_FORK:
		return "fork";
	case SL_EV_EXEC:
		return "exec";
	case SL_EV_EXIT:
		return "exit";
	case SL_EV_SIGNAL:
		return "signal";
	case SL_EV_LOST:
		return "lost";
	case SL_EV_STOP:
		return "stop";
	case SL_EV_DETACH:
		return "detach";
	}
	return "unknown";
}

static const char *
arch_name(uint32_t arch)
{
	switch (arch) {
	case SL_ARCH_X86_64:
		return "x86_64";
	case SL_ARCH_I386:
		return "i386";
	}
	return NULL;
}

static void
signal_value(struct sl_strbuf *sb, int sig)
{
	const char *name = decode_signal_name(sig);

	if (name)
		json_quote(sb, (const unsigned char *)name, strlen(name));
	else
		strbuf_printf(sb, "\"%d\"", sig);
}

static void
put_signal(struct sl_strbuf *sb, const char *key, int sig)
{
	put_key(sb, key);
	signal_value(sb, sig);
}

/* The fields every object has: type, times, who. */
static void
put_common(struct json_sink *j, const struct sl_event *ev)
{
	struct sl_strbuf *sb = &j->line;
	uint64_t ts = ev->ts_enter ? ev->ts_enter : ev->ts_exit;
	int64_t wall = (int64_t)ts + realtime_offset_ns();
	time_t sec = (time_t)(wall / 1000000000);
	struct tm tm;
	size_t comm_len = strnlen(ev->comm, SL_COMM_LEN);

	strbuf_add(sb, "{\"type\":\"", 9);
	strbuf_puts(sb, type_name(ev->type));
	strbuf_putc(sb, '"');
	put_u64(sb, "seq", ev->seq);
	put_u64(sb, "ts_ns", ts);
	if (wall < 0 || sec != j->time_sec || !j->time_len) {
		/* the date and time change once a second: formatted once a second */
		gmtime_r(&sec, &tm);
		j->time_len = (size_t)snprintf(j->time_prefix, sizeof(j->time_prefix),
					       ",\"time\":\"%04d-%02d-%02dT%02d:%02d:%02d.",
					       tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
					       tm.tm_hour, tm.tm_min, tm.tm_sec);
		j->time_sec = sec;
		if (j->time_len >= sizeof(j->time_prefix) || wall < 0)
			j->time_len = 0;
	}
	if (j->time_len) {
		char ns[11];
		long v = (long)(wall % 1000000000);

		for (int k = 8; k >= 0; k--, v /= 10)
			ns[k] = (char)('0' + v % 10);
		ns[9] = 'Z';
		ns[10] = '"';
		strbuf_add(sb, j->time_prefix, j->time_len);
		strbuf_add(sb, ns, sizeof(ns));
	} else {
		strbuf_printf(sb, ",\"time\":\"%04d-%02d-%02dT%02d:%02d:%02d.%09lldZ\"",
			      tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
			      tm.tm_sec, (long long)(wall % 1000000000));
	}
	put_s64(sb, "epoch_ns", wall);
	put_u64(sb, "pid", ev->pid);
	put_u64(sb, "tid", ev->tid);
	json_procs_put(j->procs, sb, ev);	/* ns_pid, cgroup, container */
	put_bytes(sb, "comm", ev->comm, comm_len);
}

static void
put_flags(struct sl_strbuf *sb, unsigned flags)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = {
		{SL_EVF_INFLIGHT, "inflight"},	   {SL_EVF_TRUNCATED, "truncated"},
		{SL_EVF_UNREADABLE, "unreadable"}, {SL_EVF_INTERRUPTED, "interrupted"},
		{SL_EVF_NOEXIT, "noexit"},	   {SL_EVF_ALERT, "alert"},
		{SL_EVF_DETACHED, "detached"},
	};
	int n = 0;

	strbuf_puts(sb, ",\"flags\":[");
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (flags & names[i].bit) {
			if (n++)
				strbuf_putc(sb, ',');
			strbuf_putc(sb, '"');
			strbuf_puts(sb, names[i].name);
			strbuf_putc(sb, '"');
		}
	strbuf_putc(sb, ']');
}

static void
put_syscall(struct json_sink *j, const struct sl_event *ev)
{
	struct sl_strbuf *sb = &j->line, *t = &j->tmp;
	const char *name = syscall_name(ev->arch, ev->nr);
	const char *open, *close;
	int nargs = syscall_nargs(ev->arch, ev->nr);
	bool done = !(ev->flags & (SL_EVF_INFLIGHT | SL_EVF_NOEXIT));

	/* 0 for a call that never returned while traced */
	put_u64(sb, "ts_exit_ns", done && !(ev->flags & SL_EVF_DETACHED) ? ev->ts_exit : 0);
	if (name) {
		put_str(sb, "syscall", name);
	} else {
		put_key(sb, "syscall");
		strbuf_printf(sb, "\"syscall_%#x\"", ev->nr);
	}
	put_u64(sb, "nr", ev->nr);
	put_key(sb, "arch");
	if (arch_name(ev->arch)) {
		strbuf_putc(sb, '"');
		strbuf_puts(sb, arch_name(ev->arch));
		strbuf_putc(sb, '"');
	}
	else
		strbuf_printf(sb, "\"%#x\"", ev->arch);

	/* decoded arguments: what strace prints between the parentheses */
	strbuf_reset(t);
	decode_call(t, ev, &j->dopts);
	open = strchr(strbuf_str(t), '(');
	close = strrchr(strbuf_str(t), ')');
	if (open && close && close > open)
		put_bytes(sb, "args", open + 1, (size_t)(close - open - 1));
	else
		put_bytes(sb, "args", strbuf_str(t), t->len);
	strbuf_puts(sb, ",\"raw_args\":[");
	for (int i = 0; i < nargs && i < SL_NARGS; i++) {
		if (i)
			strbuf_putc(sb, ',');
		put_hex_quoted(sb, ev->args[i]);
	}
	strbuf_putc(sb, ']');

	/* the result as strace prints it after " = " */
	strbuf_reset(t);
	decode_retval(t, ev, &j->dopts);
	{
		const char *r = strbuf_str(t);

		if (!strncmp(r, " = ", 3))
			r += 3;
		put_str(sb, "result", r);
	}
	put_key(sb, "ret");
	if (done)
		strbuf_put_dec(sb, ev->ret);
	else
		strbuf_puts(sb, "null");
	put_key(sb, "errno");
	if (done && ev->ret < 0 && ev->ret >= -4095) {
		const char *e = decode_errno_name((int)-ev->ret);

		if (e) {
			strbuf_putc(sb, '"');
			strbuf_puts(sb, e);
			strbuf_putc(sb, '"');
		}
		else
			strbuf_printf(sb, "\"%lld\"", (long long)-ev->ret);
	} else {
		strbuf_puts(sb, "null");
	}
	put_key(sb, "duration_ns");
	if (done && ev->ts_exit >= ev->ts_enter)
		strbuf_put_udec(sb, ev->ts_exit - ev->ts_enter);
	else
		strbuf_puts(sb, "null");
	put_flags(sb, ev->flags);
}

static void
put_exec(struct json_sink *j, const struct sl_event *ev)
{
	struct sl_strbuf *sb = &j->line;
	const struct sl_payload *pl = event_payload_find(ev, 0, 0);
	int n = 0;

	put_key(sb, "path");
	if (pl)
		json_quote(sb, event_payload_data(pl),
			   strnlen((const char *)event_payload_data(pl), pl->len));
	else
		strbuf_puts(sb, "null");
	strbuf_puts(sb, ",\"argv\":[");
	for (pl = event_payload_first(ev); pl; pl = event_payload_next(ev, pl)) {
		if (pl->arg != 1 || (!pl->len && (pl->flags & SL_PLF_TRUNCATED)))
			continue;
		if (n++)
			strbuf_putc(sb, ',');
		json_quote(sb, event_payload_data(pl),
			   strnlen((const char *)event_payload_data(pl), pl->len));
	}
	strbuf_putc(sb, ']');
	put_u64(sb, "former_tid", ev->args[0]);
	put_flags(sb, ev->flags);
}

static void
put_process(struct json_sink *j, const struct sl_event *ev)
{
	struct sl_strbuf *sb = &j->line;
	int st = (int)ev->ret;

	switch (ev->type) {
	case SL_EV_FORK:
		put_u64(sb, "child_pid", ev->args[0]);
		put_u64(sb, "child_tid", ev->args[1]);
		put_hex(sb, "clone_flags", ev->args[2]);
		break;
	case SL_EV_EXEC:
		put_exec(j, ev);
		break;
	case SL_EV_EXIT:
		strbuf_printf(sb, ",\"process\":%s", ev->args[0] ? "true" : "false");
		put_s64(sb, "status", st);
		put_key(sb, "exit_code");
		if ((st & 0x7f) == 0)
			strbuf_printf(sb, "%d", (st >> 8) & 0xff);
		else
			strbuf_puts(sb, "null");
		put_key(sb, "signal");
		if ((st & 0x7f) != 0 && (st & 0x7f) != 0x7f)
			signal_value(sb, st & 0x7f);
		else
			strbuf_puts(sb, "null");
		strbuf_printf(sb, ",\"core_dumped\":%s", (st & 0x80) ? "true" : "false");
		break;
	case SL_EV_SIGNAL:
		put_signal(sb, "signal", (int)ev->args[0]);
		put_u64(sb, "signo", ev->args[0]);
		put_s64(sb, "si_code", (int32_t)ev->args[1]);
		put_u64(sb, "si_pid", ev->args[2]);
		put_u64(sb, "si_uid", ev->args[3]);
		put_s64(sb, "si_status", (int32_t)ev->args[4]);
		put_hex(sb, "si_addr", ev->args[5]);
		put_s64(sb, "si_errno", ev->ret);
		break;
	case SL_EV_LOST:
		put_u64(sb, "count", ev->args[0]);
		break;
	case SL_EV_STOP:
		put_signal(sb, "signal", (int)ev->args[0]);
		break;
	}
	strbuf_reset(&j->tmp);
	decode_process_event(&j->tmp, ev);
	if (j->tmp.len)
		put_bytes(sb, "text", j->tmp.s, j->tmp.len);
}

/* Write the objects gathered so far. */
static int
json_drain(struct json_sink *j)
{
	size_t n = j->line.len;
	bool ok = !n || fwrite(j->line.s, 1, n, j->f) == n;

	strbuf_reset(&j->line);
	if (!ok)
		return errno ? -errno : -EIO;
	return 0;
}

/* End the object; write it now, or with the next block when nobody watches. */
static int
json_write(struct json_sink *j)
{
	int rc;

	strbuf_add(&j->line, "}\n", 2);
	if (!j->flush && j->line.len < JSON_BLOCK)
		return 0;
	rc = json_drain(j);
	if (rc < 0)
		return rc;
	if (j->flush && fflush(j->f) != 0)
		return errno ? -errno : -EIO;
	return 0;
}

static int
json_event(struct sl_sink *s, const struct sl_event *ev)
{
	struct json_sink *j = (struct json_sink *)s;

	if (!text_event_shown(ev))
		return 0;
	put_common(j, ev);
	if (ev->type == SL_EV_SYSCALL)
		put_syscall(j, ev);
	else
		put_process(j, ev);
	return json_write(j);
}

static void
json_finish(struct sl_sink *s, const struct sl_collect_stats *st)
{
	struct json_sink *j = (struct json_sink *)s;

	if (j->finished)
		return;
	j->finished = true;
	json_drain(j);
	if (st) {
		strbuf_puts(&j->line, "{\"type\":\"stats\"");
		put_u64(&j->line, "events", st->events);
		put_u64(&j->line, "lost", st->lost);
		put_u64(&j->line, "truncated", st->truncated);
		json_write(j);
		json_drain(j);
	}
	fflush(j->f);
}

static void
json_destroy(struct sl_sink *s)
{
	struct json_sink *j = (struct json_sink *)s;

	json_drain(j);
	fflush(j->f);
	strbuf_free(&j->line);
	strbuf_free(&j->tmp);
	json_procs_free(j->procs);
	free(j);
}

struct sl_sink *
json_sink_new(FILE *f, const struct sl_options *o)
{
	struct json_sink *j = xcalloc(1, sizeof(*j));

	j->sink.event = json_event;
	j->sink.finish = json_finish;
	j->sink.destroy = json_destroy;
	j->f = f;
	j->flush = output_flushes(f);
	j->dopts.strsize = o->strsize;
	j->dopts.fdpaths = o->fdpaths;
	j->procs = json_procs_new(o->mode != SL_MODE_REPLAY);
	return &j->sink;
}
