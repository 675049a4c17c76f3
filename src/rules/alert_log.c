/*
 * alert_log.c - rules in front of the interface's store: a sink that
 * marks matching syscalls with SL_EVF_ALERT on their way to the sink
 * behind it (the ring) and keeps a log of every alert, so that views can
 * style an alert line with its rule, flag processes with alerts and list
 * alerts newest first.  The collector thread writes the log, the
 * interface thread reads it: one mutex guards it.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "syslens/container.h"
#include "syslens/rules.h"
#include "syslens/util.h"

#define PID_BUCKETS	256

struct pid_count {
	struct pid_count *next;
	__u32 pid;
	unsigned n;		/* alerts */
	pid_t ns_pid;
	char container[SL_CONTAINER_ID_MAX];
};

struct sl_alert_log {
	pthread_mutex_t lock;
	struct sl_alert *v;		/* seq ascending */
	size_t n, cap;
	struct pid_count *pids[PID_BUCKETS];
	struct sl_ruleset *rs;
};

struct mark_sink {
	struct sl_sink sink;
	struct sl_sink *inner;
	struct sl_rules_eval *eval;
	struct sl_alert_log log;
	struct sl_event_buf *copy;
	__u64 forwarded;	/* events passed on so far */
};

/* The entry of pid, created when missing.  Called with the lock held. */
static struct pid_count *
pid_entry(struct sl_alert_log *l, __u32 pid)
{
	struct pid_count **pp;

	for (pp = &l->pids[pid % PID_BUCKETS]; *pp; pp = &(*pp)->next)
		if ((*pp)->pid == pid)
			return *pp;
	*pp = xcalloc(1, sizeof(**pp));
	(*pp)->pid = pid;
	return *pp;
}

/* A process seen for the first time: publish its container for views. */
static void
log_proc(struct sl_alert_log *l, __u32 pid, const char *container, pid_t ns_pid)
{
	struct pid_count *p;

	pthread_mutex_lock(&l->lock);
	p = pid_entry(l, pid);
	p->ns_pid = ns_pid;
	snprintf(p->container, sizeof(p->container), "%s", container ? container : "");
	pthread_mutex_unlock(&l->lock);
}

static void
log_add(struct sl_alert_log *l, const struct sl_event *ev, int rule,
	__u64 index)
{
	size_t k;

	pthread_mutex_lock(&l->lock);
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	/* calls finish out of order across threads: keep seq order */
	k = l->n;
	while (k > 0 && l->v[k - 1].seq > ev->seq) {
		l->v[k] = l->v[k - 1];
		k--;
	}
	l->v[k].seq = ev->seq;
	l->v[k].ts = ev->ts_enter;
	l->v[k].pid = ev->pid;
	l->v[k].tid = ev->tid;
	l->v[k].rule = rule;
	l->v[k].index = index;
	l->n++;
	pid_entry(l, ev->pid)->n++;
	pthread_mutex_unlock(&l->lock);
}

static int
mark_event(struct sl_sink *s, const struct sl_event *ev)
{
	struct mark_sink *m = (struct mark_sink *)s;
	const struct sl_rule_info *r;
	size_t size;

	m->forwarded++;
	if (ev->type != SL_EV_EXIT && ev->type != SL_EV_LOST) {
		pid_t ns_pid;
		bool first;
		const char *ctr = rules_eval_proc(m->eval, ev->pid, ev->cgroup_id,
						  &ns_pid, &first);

		if (first)
			log_proc(&m->log, ev->pid, ctr, ns_pid);
	}
	if (ev->type == SL_EV_SYSCALL && (ev->flags & SL_EVF_INFLIGHT))
		return m->inner->event(m->inner, ev);
	r = rules_eval_event(m->eval, ev);
	if (!r)
		return m->inner->event(m->inner, ev);
	log_add(&m->log, ev, r->index, m->forwarded - 1);
	size = SL_MIN((size_t)ev->size, sizeof(*m->copy));
	memcpy(m->copy, ev, size);
	m->copy->ev.size = (__u32)size;
	m->copy->ev.flags |= SL_EVF_ALERT;
	return m->inner->event(m->inner, &m->copy->ev);
}

static void
mark_finish(struct sl_sink *s, const struct sl_collect_stats *st)
{
	struct mark_sink *m = (struct mark_sink *)s;

	if (m->inner->finish)
		m->inner->finish(m->inner, st);
}

static void
mark_destroy(struct sl_sink *s)
{
	struct mark_sink *m = (struct mark_sink *)s;
	struct sl_alert_log *l = &m->log;

	m->inner->destroy(m->inner);
	rules_eval_free(m->eval);
	for (int i = 0; i < PID_BUCKETS; i++) {
		struct pid_count *p = l->pids[i], *n;

		for (; p; p = n) {
			n = p->next;
			free(p);
		}
	}
	free(l->v);
	ruleset_free(l->rs);
	pthread_mutex_destroy(&l->lock);
	free(m->copy);
	free(m);
}

struct sl_sink *
alert_mark_sink_new(struct sl_sink *inner, struct sl_ruleset *rs, bool live,
		    struct sl_alert_log **log)
{
	struct mark_sink *m = xcalloc(1, sizeof(*m));

	m->sink.event = mark_event;
	m->sink.finish = mark_finish;
	m->sink.destroy = mark_destroy;
	m->inner = inner;
	m->eval = rules_eval_new(rs, live);
	m->copy = xmalloc(sizeof(*m->copy));
	pthread_mutex_init(&m->log.lock, NULL);
	m->log.rs = rs;
	*log = &m->log;
	return &m->sink;
}

size_t
alert_log_count(struct sl_alert_log *l)
{
	size_t n;

	pthread_mutex_lock(&l->lock);
	n = l->n;
	pthread_mutex_unlock(&l->lock);
	return n;
}

int
alert_log_get(struct sl_alert_log *l, size_t i, struct sl_alert *out)
{
	int rc = -ENOENT;

	pthread_mutex_lock(&l->lock);
	if (i < l->n) {
		*out = l->v[l->n - 1 - i];
		rc = 0;
	}
	pthread_mutex_unlock(&l->lock);
	return rc;
}

const struct sl_rule_info *
alert_log_find(struct sl_alert_log *l, __u64 seq)
{
	const struct sl_rule_info *r = NULL;
	size_t lo = 0, hi;

	pthread_mutex_lock(&l->lock);
	hi = l->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->v[mid].seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < l->n && l->v[lo].seq == seq)
		r = ruleset_info(l->rs, l->v[lo].rule);
	pthread_mutex_unlock(&l->lock);
	return r;
}

unsigned
alert_log_pid_count(struct sl_alert_log *l, __u32 pid)
{
	struct pid_count *p;
	unsigned n = 0;

	pthread_mutex_lock(&l->lock);
	for (p = l->pids[pid % PID_BUCKETS]; p; p = p->next)
		if (p->pid == pid) {
			n = p->n;
			break;
		}
	pthread_mutex_unlock(&l->lock);
	return n;
}

bool
alert_log_proc(struct sl_alert_log *l, __u32 pid, char *id, size_t idlen,
	       pid_t *ns_pid)
{
	struct pid_count *p;
	bool found = false;

	pthread_mutex_lock(&l->lock);
	for (p = l->pids[pid % PID_BUCKETS]; p; p = p->next)
		if (p->pid == pid) {
			snprintf(id, idlen, "%s", p->container);
			*ns_pid = p->ns_pid;
			found = true;
			break;
		}
	pthread_mutex_unlock(&l->lock);
	return found;
}

const struct sl_rule_info *
alert_log_rule(struct sl_alert_log *l, int rule)
{
	return ruleset_info(l->rs, rule);
}
