/*
 * regex.c - the PCRE2 filter stack (see filter.h) and the --filter sink
 * for headless outputs.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syslens/filter.h"
#include "syslens/util.h"

struct filter {
	char *pattern;
	bool exclude;
	bool jit;
	pcre2_code *re;
};

struct sl_filters {
	struct filter *v;
	int n;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jstack;
	pcre2_match_data *md;
	uint64_t limit_hits;
};

struct sl_filters *
filters_new(void)
{
	struct sl_filters *f = xcalloc(1, sizeof(*f));

	f->mctx = pcre2_match_context_create(NULL);
	f->jstack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
	f->md = pcre2_match_data_create(1, NULL);
	if (!f->mctx || !f->md) {
		fprintf(stderr, "syslens: out of memory (pcre2)\n");
		abort();
	}
	if (f->jstack)
		pcre2_jit_stack_assign(f->mctx, NULL, f->jstack);
	filters_set_limits(f, SL_FILTER_MATCH_LIMIT, SL_FILTER_DEPTH_LIMIT);
	return f;
}

void
filters_free(struct sl_filters *f)
{
	if (!f)
		return;
	for (int i = 0; i < f->n; i++) {
		pcre2_code_free(f->v[i].re);
		free(f->v[i].pattern);
	}
	free(f->v);
	pcre2_match_data_free(f->md);
	pcre2_jit_stack_free(f->jstack);
	pcre2_match_context_free(f->mctx);
	free(f);
}

void
filters_set_limits(struct sl_filters *f, uint32_t match_limit, uint32_t depth_limit)
{
	pcre2_set_match_limit(f->mctx, match_limit);
	pcre2_set_depth_limit(f->mctx, depth_limit);
}

int
filters_add(struct sl_filters *f, const char *spec, char *err, size_t errlen)
{
	struct filter nf = {0};
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	int code;

	if (spec[0] == '!') {
		nf.exclude = true;
		spec++;
	}
	nf.re = pcre2_compile((PCRE2_SPTR)spec, PCRE2_ZERO_TERMINATED, 0, &code, &off, NULL);
	if (!nf.re) {
		pcre2_get_error_message(code, msg, sizeof(msg));
		snprintf(err, errlen, "regex '%s': %s at offset %zu", spec, (const char *)msg,
			 (size_t)off);
		return -EINVAL;
	}
	nf.jit = pcre2_jit_compile(nf.re, PCRE2_JIT_COMPLETE) == 0;
	nf.pattern = xstrdup(spec);
	f->v = xrealloc(f->v, sizeof(*f->v) * (size_t)(f->n + 1));
	f->v[f->n++] = nf;
	return 0;
}

int
filters_remove(struct sl_filters *f, int i)
{
	if (i < 0 || i >= f->n)
		return -ENOENT;
	pcre2_code_free(f->v[i].re);
	free(f->v[i].pattern);
	memmove(&f->v[i], &f->v[i + 1], sizeof(*f->v) * (size_t)(f->n - i - 1));
	f->n--;
	return 0;
}

int
filters_count(const struct sl_filters *f)
{
	return f->n;
}

const char *
filters_pattern(const struct sl_filters *f, int i, bool *exclude)
{
	if (i < 0 || i >= f->n)
		return NULL;
	if (exclude)
		*exclude = f->v[i].exclude;
	return f->v[i].pattern;
}

bool
filters_jit(const struct sl_filters *f, int i)
{
	return i >= 0 && i < f->n && f->v[i].jit;
}

uint64_t
filters_limit_hits(const struct sl_filters *f)
{
	return f->limit_hits;
}

/* 1 match, 0 no match, -1 a limit (or another matching error) was hit. */
static int
match_one(struct sl_filters *f, const struct filter *r, const char *line, size_t len, size_t start)
{
	int rc = pcre2_match(r->re, (PCRE2_SPTR)line, len, start, 0, f->md, f->mctx);

	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	return -1;
}

bool
filters_match(struct sl_filters *f, const char *line, size_t len, bool *limited)
{
	bool shown = true, lim = false;

	for (int i = 0; i < f->n && shown; i++) {
		int m = match_one(f, &f->v[i], line, len, 0);

		if (m < 0)
			lim = true; /* undecided: keep the line */
		else if (f->v[i].exclude ? m == 1 : m == 0)
			shown = false;
	}
	if (lim) {
		f->limit_hits++;
		shown = true;
	}
	if (limited)
		*limited = lim;
	return shown;
}

int
filters_spans(struct sl_filters *f, const char *line, size_t len, struct sl_span *out, int max)
{
	int n = 0;

	for (int i = 0; i < f->n && n < max; i++) {
		size_t start = 0;

		if (f->v[i].exclude)
			continue;
		while (start <= len && n < max) {
			PCRE2_SIZE *ov;

			if (match_one(f, &f->v[i], line, len, start) != 1)
				break;
			ov = pcre2_get_ovector_pointer(f->md);
			if (ov[1] > ov[0])
				out[n++] = (struct sl_span){ov[0], ov[1]};
			start = ov[1] > start ? ov[1] : start + 1;
		}
	}
	/* insertion sort by start: few spans */
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && out[j].start < out[j - 1].start; j--) {
			struct sl_span t = out[j];

			out[j] = out[j - 1];
			out[j - 1] = t;
		}
	return n;
}

void
filter_line(struct sl_strbuf *sb, const struct sl_event *ev, const struct sl_decode_opts *o)
{
	strbuf_printf(sb, "%-5u ", ev->tid ? ev->tid : ev->pid);
	decode_call(sb, ev, o);
	decode_retval(sb, ev, o);
}

struct filter_sink {
	struct sl_sink sink;
	struct sl_sink *inner;
	struct sl_filters *filters;
	struct sl_decode_opts dopts;
	struct sl_strbuf line;
	bool told;
};

static int
fsink_event(struct sl_sink *s, const struct sl_event *ev)
{
	struct filter_sink *fs = (struct filter_sink *)s;

	/* finished calls, and calls that never will (the ones outputs show) */
	if (ev->type == SL_EV_SYSCALL &&
	    (!(ev->flags & SL_EVF_INFLIGHT) || (ev->flags & SL_EVF_NOEXIT))) {
		strbuf_reset(&fs->line);
		filter_line(&fs->line, ev, &fs->dopts);
		if (!filters_match(fs->filters, strbuf_str(&fs->line), fs->line.len, NULL))
			return 0;
	}
	return fs->inner->event(fs->inner, ev);
}

static void
fsink_finish(struct sl_sink *s, const struct sl_collect_stats *st)
{
	struct filter_sink *fs = (struct filter_sink *)s;
	uint64_t hits = filters_limit_hits(fs->filters);

	if (fs->inner->finish)
		fs->inner->finish(fs->inner, st);
	if (hits && !fs->told) {
		fs->told = true;
		fprintf(stderr,
			"syslens: --filter: %llu line%s hit the regex "
			"match limit and %s kept\n",
			(unsigned long long)hits, hits == 1 ? "" : "s", hits == 1 ? "was" : "were");
	}
}

static void
fsink_destroy(struct sl_sink *s)
{
	struct filter_sink *fs = (struct filter_sink *)s;

	if (fs->inner->destroy)
		fs->inner->destroy(fs->inner);
	filters_free(fs->filters);
	strbuf_free(&fs->line);
	free(fs);
}

struct sl_sink *
filter_sink_new(struct sl_sink *inner, struct sl_filters *filters, const struct sl_decode_opts *o)
{
	struct filter_sink *fs = xcalloc(1, sizeof(*fs));

	fs->sink.event = fsink_event;
	fs->sink.finish = fsink_finish;
	fs->sink.destroy = fsink_destroy;
	fs->inner = inner;
	fs->filters = filters;
	fs->dopts = *o;
	return &fs->sink;
}
