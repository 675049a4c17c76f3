/*
 * alert_sink.c - --alerts: only the syscalls that matched a rule.
 *
 * The matching call is rendered by the ordinary text or JSON writer (into
 * memory, so that alert lines look exactly like the other lines) and
 * then marked: text lines get the rule and severity in front, JSON lines
 * an "alert" object.  With -c, a table of alerts per rule at the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syslens/decode.h"
#include "syslens/output.h"
#include "syslens/rules.h"
#include "syslens/syscalls.h"
#include "syslens/util.h"

struct alert_sink {
	struct sl_sink sink;
	FILE *out;
	FILE *sumout;
	bool json, lines, summary;
	struct sl_ruleset *rs;
	struct sl_rules_eval *eval;
	struct sl_sink *inner;		/* the writer, on `mem` */
	FILE *mem;
	char *membuf;
	size_t memlen;
	struct sl_event_buf *copy;
	struct sl_strbuf line;
	uint64_t *count;
	struct sl_decode_opts dopts;
};

static void
json_str(struct sl_strbuf *sb, const char *s)
{
	strbuf_putc(sb, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			strbuf_printf(sb, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			strbuf_printf(sb, "\\u%04x", c);
		else
			strbuf_putc(sb, (char)c);
	}
	strbuf_putc(sb, '"');
}

/* "alert":{...}, with the container id when the process is in one. */
static void
alert_object(struct sl_strbuf *sb, const struct sl_rule_info *r,
	     const char *container)
{
	strbuf_puts(sb, "\"alert\":{\"rule\":");
	json_str(sb, r->name);
	strbuf_puts(sb, ",\"severity\":");
	json_str(sb, rules_severity_name(r->severity));
	strbuf_puts(sb, ",\"message\":");
	json_str(sb, r->message);
	if (container && container[0]) {
		strbuf_puts(sb, ",\"container\":");
		json_str(sb, container);
	}
	strbuf_putc(sb, '}');
}

/* A JSON line of our own, for a writer that did not produce one. */
static void
json_fallback(struct alert_sink *a, const struct sl_event *ev,
	      const struct sl_rule_info *r, const char *text, size_t len)
{
	struct sl_strbuf sb = SL_STRBUF_INIT;
	const char *name = syscall_name(ev->arch, ev->nr);

	(void)text;
	(void)len;
	strbuf_printf(&a->line, "{\"seq\":%llu,\"pid\":%u,\"tid\":%u,\"syscall\":",
		      (unsigned long long)ev->seq, ev->pid, ev->tid);
	json_str(&a->line, name ? name : "?");
	strbuf_printf(&a->line, ",\"ret\":%lld,\"line\":", (long long)ev->ret);
	decode_syscall(&sb, ev, &a->dopts);
	json_str(&a->line, strbuf_str(&sb));
	strbuf_putc(&a->line, ',');
	alert_object(&a->line, r, rules_eval_container(a->eval, ev->pid));
	strbuf_puts(&a->line, "}\n");
	strbuf_free(&sb);
}

/* Mark what the writer produced for one event and append it to a->line. */
static void
mark(struct alert_sink *a, const struct sl_event *ev,
     const struct sl_rule_info *r, const char *s, size_t len)
{
	while (len && s[len - 1] == '\n')
		len--;
	if (!a->json) {
		strbuf_printf(&a->line, "%s %s ", r->name,
			      rules_severity_name(r->severity));
		if (len) {
			strbuf_add(&a->line, s, len);
		} else {
			struct sl_strbuf sb = SL_STRBUF_INIT;

			decode_syscall(&sb, ev, &a->dopts);
			strbuf_printf(&a->line, "%-5u %s", ev->pid, strbuf_str(&sb));
			strbuf_free(&sb);
		}
		strbuf_putc(&a->line, '\n');
		return;
	}
	if (len >= 2 && s[0] == '{' && s[len - 1] == '}' && !memchr(s, '\n', len)) {
		strbuf_add(&a->line, s, len - 1);
		strbuf_puts(&a->line, len > 2 ? "," : "");
		alert_object(&a->line, r, rules_eval_container(a->eval, ev->pid));
		strbuf_puts(&a->line, "}\n");
		return;
	}
	json_fallback(a, ev, r, s, len);
}

static int
alert_event(struct sl_sink *s, const struct sl_event *ev)
{
	struct alert_sink *a = (struct alert_sink *)s;
	const struct sl_rule_info *r;
	size_t size;
	int rc;

	if (ev->type == SL_EV_SYSCALL && (ev->flags & SL_EVF_INFLIGHT))
		return 0;	/* decided when the call finishes */
	r = rules_eval_event(a->eval, ev);
	if (!r)
		return 0;
	a->count[r->index]++;
	if (!a->lines)
		return 0;
	size = SL_MIN((size_t)ev->size, sizeof(*a->copy));
	memcpy(a->copy, ev, size);
	a->copy->ev.size = (__u32)size;
	a->copy->ev.flags |= SL_EVF_ALERT;
	rewind(a->mem);
	rc = a->inner->event(a->inner, &a->copy->ev);
	if (rc < 0)
		return rc;
	fflush(a->mem);
	strbuf_reset(&a->line);
	mark(a, &a->copy->ev, r, a->membuf ? a->membuf : "", a->memlen);
	/* alerts are rare and wanted at once (a log collector tails them) */
	if (fwrite(a->line.s, 1, a->line.len, a->out) != a->line.len ||
	    fflush(a->out) != 0)
		return -1;
	return 0;
}

static void
print_summary(struct alert_sink *a)
{
	uint64_t total = 0;
	int n = ruleset_size(a->rs);

	fprintf(a->sumout, "%8s %-28s %s\n", "alerts", "rule", "severity");
	fprintf(a->sumout, "%8s %-28s %s\n", "--------",
		"----------------------------", "--------");
	for (int i = 0; i < n; i++) {
		const struct sl_rule_info *r = ruleset_info(a->rs, i);

		if (!a->count[i])
			continue;
		fprintf(a->sumout, "%8llu %-28s %s\n",
			(unsigned long long)a->count[i], r->name,
			rules_severity_name(r->severity));
		total += a->count[i];
	}
	fprintf(a->sumout, "%8s %-28s\n", "--------", "----------------------------");
	fprintf(a->sumout, "%8llu %s\n", (unsigned long long)total, "total");
}

static void
alert_finish(struct sl_sink *s, const struct sl_collect_stats *st)
{
	struct alert_sink *a = (struct alert_sink *)s;

	if (a->inner && a->inner->finish) {
		/* whatever the writer says at the end passes through as is */
		rewind(a->mem);
		a->inner->finish(a->inner, st);
		fflush(a->mem);
		if (a->memlen)
			fwrite(a->membuf, 1, a->memlen, a->out);
		rewind(a->mem);
	}
	if (a->summary)
		print_summary(a);
	fflush(a->out);
}

static void
alert_destroy(struct sl_sink *s)
{
	struct alert_sink *a = (struct alert_sink *)s;

	if (a->inner) {
		rewind(a->mem);
		a->inner->destroy(a->inner);
		fflush(a->mem);
		if (a->memlen)
			fwrite(a->membuf, 1, a->memlen, a->out);
		fclose(a->mem);
		free(a->membuf);
	}
	fflush(a->out);
	rules_eval_free(a->eval);
	ruleset_free(a->rs);
	strbuf_free(&a->line);
	free(a->copy);
	free(a->count);
	free(a);
}

struct sl_sink *
alert_sink_new(FILE *out, const struct sl_options *o, struct sl_ruleset *rs)
{
	struct alert_sink *a = xcalloc(1, sizeof(*a));

	a->sink.event = alert_event;
	a->sink.finish = alert_finish;
	a->sink.destroy = alert_destroy;
	a->out = out;
	a->json = o->json;
	a->lines = o->json || o->text || !o->summary;
	a->summary = o->summary;
	a->sumout = a->lines ? stderr : out;
	a->rs = rs;
	a->eval = rules_eval_new(rs, o->mode != SL_MODE_REPLAY);
	a->count = xcalloc((size_t)ruleset_size(rs) + 1, sizeof(*a->count));
	a->dopts.strsize = o->strsize;
	a->dopts.fdpaths = o->fdpaths;
	if (a->lines) {
		a->mem = open_memstream(&a->membuf, &a->memlen);
		if (!a->mem) {
			fprintf(stderr, "syslens: out of memory\n");
			abort();
		}
		a->inner = a->json ? json_sink_new(a->mem, o) : text_sink_new(a->mem, o);
		a->copy = xmalloc(sizeof(*a->copy));
	}
	return &a->sink;
}
