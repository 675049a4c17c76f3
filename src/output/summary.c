/*
 * summary.c - the -c table: at the end of the run, one row per syscall
 * (time share, total seconds, average, p50, p99 and max in microseconds,
 * calls, errors), sorted by total time, then a total row.  The columns
 * strace -c prints come first, in its layout; times are wall-clock
 * durations from entry to exit (as strace -c -w measures them).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syslens/hist.h"
#include "syslens/output.h"
#include "syslens/syscalls.h"
#include "syslens/util.h"

struct summary_sink {
	struct sl_sink sink;
	FILE *f;
	struct sl_hist_set *set;
	bool written;
};

static int
summary_event(struct sl_sink *s, const struct sl_event *ev)
{
	struct summary_sink *m = (struct summary_sink *)s;

	hist_set_add(m->set, ev);
	return 0;
}

static const char *
row_name(const struct sl_hist_entry *e, char *buf, size_t len)
{
	static const uint32_t arches[SL_ARCH_COUNT] = {SL_ARCH_X86_64, SL_ARCH_I386};
	const char *name = NULL;

	if (e->arch_idx >= 0 && e->arch_idx < SL_ARCH_COUNT)
		name = syscall_name(arches[e->arch_idx], e->nr);
	if (!name) {
		snprintf(buf, len, "syscall_%#x", e->nr);
		return buf;
	}
	if (e->arch_idx == SL_ARCH_IDX_I386) {
		snprintf(buf, len, "%s/i386", name);
		return buf;
	}
	return name;
}

static int
cmp_rows(const void *a, const void *b)
{
	const struct sl_hist_entry *x = a, *y = b;

	if (x->h->total_ns != y->h->total_ns)
		return x->h->total_ns < y->h->total_ns ? 1 : -1;
	if (x->h->count != y->h->count)
		return x->h->count < y->h->count ? 1 : -1;
	return x->nr < y->nr ? -1 : x->nr > y->nr;
}

static void
put_row(struct sl_strbuf *sb, const struct sl_hist *h, uint64_t all_ns, const char *name)
{
	double pct = all_ns ? 100.0 * (double)h->total_ns / (double)all_ns : 0;

	strbuf_printf(sb, "%6.2f %11.6f %11llu %11llu %11llu %11llu %9llu ", pct,
		      (double)h->total_ns / 1e9, (unsigned long long)(hist_avg(h) / 1000),
		      (unsigned long long)(hist_percentile(h, 50) / 1000),
		      (unsigned long long)(hist_percentile(h, 99) / 1000),
		      (unsigned long long)(h->max_ns / 1000), (unsigned long long)h->count);
	if (h->errors)
		strbuf_printf(sb, "%9llu", (unsigned long long)h->errors);
	else
		strbuf_puts(sb, "         ");
	strbuf_printf(sb, " %s\n", name);
}

void
summary_format(struct sl_strbuf *sb, const struct sl_hist_set *set, uint64_t lost)
{
	static const char rule[] = "------ ----------- ----------- ----------- "
				   "----------- ----------- --------- --------- ----------------\n";
	struct sl_hist_entry *rows;
	struct sl_hist total;
	int n = hist_set_list(set, NULL, 0);
	char buf[64];

	rows = xcalloc((size_t)n + 1, sizeof(*rows));
	hist_set_list(set, rows, n);
	qsort(rows, (size_t)n, sizeof(*rows), cmp_rows);
	hist_set_total(set, &total);
	strbuf_puts(sb, "% time     seconds  usecs/call   p50 usecs   p99 usecs"
			"   max usecs     calls    errors syscall\n");
	strbuf_puts(sb, rule);
	for (int i = 0; i < n; i++)
		put_row(sb, rows[i].h, total.total_ns, row_name(&rows[i], buf, sizeof(buf)));
	strbuf_puts(sb, rule);
	put_row(sb, &total, total.total_ns, "total");
	if (lost)
		strbuf_printf(sb, "%llu events lost (not counted above)\n",
			      (unsigned long long)lost);
	free(rows);
}

static void
summary_finish(struct sl_sink *s, const struct sl_collect_stats *st)
{
	struct summary_sink *m = (struct summary_sink *)s;
	struct sl_strbuf sb = SL_STRBUF_INIT;

	if (m->written)
		return;
	m->written = true;
	summary_format(&sb, m->set, st ? st->lost : 0);
	fwrite(sb.s, 1, sb.len, m->f);
	fflush(m->f);
	strbuf_free(&sb);
}

static void
summary_destroy(struct sl_sink *s)
{
	struct summary_sink *m = (struct summary_sink *)s;

	hist_set_free(m->set);
	free(m);
}

struct sl_sink *
summary_sink_new(FILE *f, const struct sl_options *o)
{
	struct summary_sink *m = xcalloc(1, sizeof(*m));

	(void)o;
	m->sink.event = summary_event;
	m->sink.finish = summary_finish;
	m->sink.destroy = summary_destroy;
	m->f = f;
	m->set = hist_set_new(false);
	return &m->sink;
}
