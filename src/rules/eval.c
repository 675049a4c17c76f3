/*
 * eval.c - a rule set applied to a stream of events, with what rules
 * need to know about each process and the event does not carry: its
 * executable (from its execve, or /proc/PID/exe) and its container (from
 * /proc/PID/cgroup).  Facts are looked up once per process, and only
 * when a rule that could match the event needs them.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules_int.h"
#include "syslens/container.h"
#include "syslens/util.h"

#define NBUCKET		1024

struct proc_ent {
	struct proc_ent *next;
	__u32 pid;
	bool have_exe, have_container, have_ns, published;
	pid_t ns_pid;			/* 0: unknown */
	char *exe;
	struct sl_event *pend_exec;	/* an unfinished execve's record */
	char container[SL_CONTAINER_ID_MAX];
};

struct sl_rules_eval {
	const struct sl_ruleset *rs;
	bool live;
	struct proc_ent *bucket[NBUCKET];
	char dirbuf[4096];
	struct {
		__u64 id;
		char container[SL_CONTAINER_ID_MAX];
	} *cg;			/* cgroup id -> container, for gone processes */
	int ncg;
	struct sl_event_buf *merged;
};

struct sl_rules_eval *
rules_eval_new(const struct sl_ruleset *rs, bool live)
{
	struct sl_rules_eval *e = xcalloc(1, sizeof(*e));

	e->rs = rs;
	e->live = live;
	return e;
}

static struct proc_ent **
slot(struct sl_rules_eval *e, __u32 pid)
{
	struct proc_ent **pp = &e->bucket[pid % NBUCKET];

	while (*pp && (*pp)->pid != pid)
		pp = &(*pp)->next;
	return pp;
}

static struct proc_ent *
proc_get(struct sl_rules_eval *e, __u32 pid)
{
	struct proc_ent **pp = slot(e, pid);

	if (!*pp) {
		*pp = xcalloc(1, sizeof(**pp));
		(*pp)->pid = pid;
	}
	return *pp;
}

static void
proc_drop(struct sl_rules_eval *e, __u32 pid)
{
	struct proc_ent **pp = slot(e, pid), *p = *pp;

	if (!p)
		return;
	*pp = p->next;
	free(p->exe);
	free(p->pend_exec);
	free(p);
}

static void
set_exe(struct proc_ent *p, const char *s, size_t len)
{
	char *exe = xmalloc(len + 1);

	/* s may be p->exe itself: copy before freeing */
	memcpy(exe, s, len);
	exe[len] = '\0';
	free(p->exe);
	p->exe = exe;
	p->have_exe = true;
}

static void
fill_exe(struct sl_rules_eval *e, struct proc_ent *p)
{
	char path[64], buf[4096];
	ssize_t n;

	if (p->have_exe || !e->live)
		return;
	p->have_exe = true;
	snprintf(path, sizeof(path), "/proc/%u/exe", p->pid);
	n = readlink(path, buf, sizeof(buf) - 1);
	if (n > 0)
		set_exe(p, buf, (size_t)n);
}

/*
 * The container of a process: from /proc while it lives, else from the
 * cgroup id its events carry (cached: walking the cgroup tree is slow).
 */
static void
fill_container(struct sl_rules_eval *e, struct proc_ent *p, __u64 cgroup_id)
{
	struct sl_container_info ci;

	if (p->have_container || !e->live)
		return;
	p->have_container = true;
	if (container_of_pid((pid_t)p->pid, &ci) == 0) {
		snprintf(p->container, sizeof(p->container), "%s", ci.id);
		p->ns_pid = ci.ns_pid;
		p->have_ns = true;
		return;
	}
	if (!cgroup_id)
		return;
	for (int i = 0; i < e->ncg; i++)
		if (e->cg[i].id == cgroup_id) {
			snprintf(p->container, sizeof(p->container), "%s", e->cg[i].container);
			return;
		}
	if (container_of_cgroup_id(cgroup_id, &ci) < 0)
		ci.id[0] = '\0';
	e->cg = xrealloc(e->cg, (size_t)(e->ncg + 1) * sizeof(*e->cg));
	e->cg[e->ncg].id = cgroup_id;
	snprintf(e->cg[e->ncg].container, sizeof(e->cg[0].container), "%s", ci.id);
	e->ncg++;
	snprintf(p->container, sizeof(p->container), "%s", ci.id);
}

/* The cwd or a directory fd of a live thread (relative paths). */
static const char *
eval_dirpath(void *ctx, __u32 tid, int dirfd)
{
	struct sl_rules_eval *e = ctx;
	char path[64];
	ssize_t n;

	if (!e->live || (dirfd < 0 && dirfd != AT_FDCWD))
		return NULL;
	if (dirfd == AT_FDCWD)
		snprintf(path, sizeof(path), "/proc/%u/cwd", tid);
	else
		snprintf(path, sizeof(path), "/proc/%u/fd/%d", tid, dirfd);
	n = readlink(path, e->dirbuf, sizeof(e->dirbuf) - 1);
	if (n <= 0)
		return NULL;
	e->dirbuf[n] = '\0';
	return e->dirbuf;
}

/*
 * A collector may report an execve's path and argv with an unfinished
 * record of the call ("= ?") and the finished one without them: carry
 * them over, so that exec rules still see what was run.
 */
static const struct sl_event *
exec_complete(struct sl_rules_eval *e, const struct sl_event *ev)
{
	struct proc_ent *p;
	size_t len;

	if (!rule_is_exec(ev))
		return ev;
	if (ev->flags & SL_EVF_NOEXIT) {
		if (rule_exec_path(ev, &len)) {
			p = proc_get(e, ev->pid);
			free(p->pend_exec);
			p->pend_exec = xmalloc(ev->size);
			memcpy(p->pend_exec, ev, ev->size);
		}
		return ev;
	}
	if (ev->flags & SL_EVF_INFLIGHT)
		return ev;
	p = *slot(e, ev->pid);
	if (!p || !p->pend_exec)
		return ev;
	if (!rule_exec_path(ev, &len) && p->pend_exec->ts_enter == ev->ts_enter) {
		if (!e->merged)
			e->merged = xmalloc(sizeof(*e->merged));
		memcpy(&e->merged->ev, ev, sizeof(*ev));
		memcpy(e->merged->data, p->pend_exec + 1, p->pend_exec->payload_len);
		e->merged->ev.payload_len = p->pend_exec->payload_len;
		e->merged->ev.npayload = p->pend_exec->npayload;
		e->merged->ev.size = (__u32)(sizeof(*ev) + p->pend_exec->payload_len);
		ev = &e->merged->ev;
	}
	free(p->pend_exec);
	p->pend_exec = NULL;
	return ev;
}

const struct sl_rule_info *
rules_eval_event(struct sl_rules_eval *e, const struct sl_event *ev)
{
	const struct sl_payload *pl;
	struct proc_ent *p, *c;
	struct sl_rule_proc proc = { NULL, NULL, eval_dirpath, e };
	unsigned wants;
	size_t len;
	const char *s;

	switch (ev->type) {
	case SL_EV_FORK:
		/* a new process starts with its parent's exe and container */
		if ((ev->args[2] & CLONE_THREAD) || (__u32)ev->args[0] == ev->pid)
			return NULL;
		p = *slot(e, ev->pid);
		if (!p)
			return NULL;
		c = proc_get(e, (__u32)ev->args[0]);
		if (p->exe)
			set_exe(c, p->exe, strlen(p->exe));
		c->have_exe = p->have_exe;
		c->have_container = p->have_container;
		memcpy(c->container, p->container, sizeof(c->container));
		return NULL;
	case SL_EV_EXEC:
		pl = event_payload_find(ev, 0, 0);
		if (pl && pl->len && !(pl->flags & SL_PLF_UNREADABLE)) {
			s = (const char *)event_payload_data(pl);
			len = strnlen(s, pl->len);
			if (len && s[0] == '/')
				set_exe(proc_get(e, ev->pid), s, len);
		}
		return NULL;
	case SL_EV_EXIT:
		if (ev->args[0])
			proc_drop(e, ev->pid);
		return NULL;
	case SL_EV_SYSCALL:
		break;
	default:
		return NULL;
	}
	ev = exec_complete(e, ev);
	if ((ruleset_needs(e->rs) & SL_RULE_NEEDS_EXE) &&
	    !(ev->flags & SL_EVF_INFLIGHT) && ev->ret == 0 &&
	    (s = rule_exec_path(ev, &len)) && len) {
		/* after a successful execve the process runs the new program */
		p = proc_get(e, ev->pid);
		if (s[0] == '/')
			set_exe(p, s, len);
		else {
			free(p->exe);
			p->exe = NULL;
			p->have_exe = false;
		}
	}
	wants = ruleset_wants(e->rs, ev);
	if (!wants)
		return NULL;
	if (wants & (SL_RULE_NEEDS_EXE | SL_RULE_NEEDS_CONTAINER)) {
		p = proc_get(e, ev->pid);
		if (wants & SL_RULE_NEEDS_EXE)
			fill_exe(e, p);
		if (wants & SL_RULE_NEEDS_CONTAINER)
			fill_container(e, p, ev->cgroup_id);
		proc.exe = p->exe;
		proc.container = p->container;
	}
	return ruleset_match(e->rs, ev, &proc);
}

const char *
rules_eval_proc(struct sl_rules_eval *e, __u32 pid, __u64 cgroup_id,
		pid_t *ns_pid, bool *first)
{
	struct proc_ent *p = proc_get(e, pid);

	fill_container(e, p, cgroup_id);
	if (!p->have_ns && e->live) {
		p->have_ns = true;
		container_ns_pid((pid_t)pid, &p->ns_pid);
	}
	*ns_pid = p->ns_pid;
	*first = !p->published;
	p->published = true;
	return p->container;
}

const char *
rules_eval_container(struct sl_rules_eval *e, __u32 pid)
{
	struct proc_ent *p = proc_get(e, pid);

	fill_container(e, p, 0);
	return p->container;
}

void
rules_eval_free(struct sl_rules_eval *e)
{
	if (!e)
		return;
	for (int i = 0; i < NBUCKET; i++) {
		struct proc_ent *p = e->bucket[i], *n;

		for (; p; p = n) {
			n = p->next;
			free(p->exe);
			free(p->pend_exec);
			free(p);
		}
	}
	free(e->cg);
	free(e->merged);
	free(e);
}
