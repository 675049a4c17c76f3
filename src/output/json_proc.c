/*
 * json_proc.c - the cgroup, container and namespaced pid of each event's
 * process, for JSON lines.
 *
 * Looked up in /proc once per process and kept as the ready-escaped JSON
 * text, so that an event costs one hash lookup and one copy.  A process
 * is looked up again after an exec (runtimes move a process into the
 * container's cgroup and then exec the container's program) and
 * forgotten when it ends (its pid may come back).  When events carry a
 * cgroup id (both collectors fill it), the cgroup is named from that id,
 * so that a replayed recording says what the live run said and a gone
 * process still has its cgroup; /proc is the fallback.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "json_proc.h"
#include "syslens/container.h"
#include "syslens/output.h"

#define NBUCKET		1024

struct proc_ent {
	struct proc_ent *next;
	__u32 pid;
	__u32 ns_pid;		/* 0: same as pid, or unknown */
	__u64 cgroup_id;	/* what frag was made from (0: /proc) */
	char *frag;		/* ,"cgroup":...,"container":... */
	size_t fraglen;
};

struct cg_ent {
	__u64 id;
	char *frag;
	size_t fraglen;
};

struct json_procs {
	bool live;
	struct proc_ent *bucket[NBUCKET];
	struct cg_ent *cg;	/* cgroup id -> fragment, for gone processes */
	int ncg;
	struct sl_strbuf tmp;
};

static const char no_info[] = ",\"cgroup\":null,\"container\":null";

struct json_procs *
json_procs_new(bool live)
{
	struct json_procs *jp = xcalloc(1, sizeof(*jp));

	/* the made-up events of the fake collector name no real process */
	jp->live = live && !getenv("SYSLENS_FAKE_COLLECTOR");
	return jp;
}

static void
ent_free(struct proc_ent *p)
{
	free(p->frag);
	free(p);
}

void
json_procs_free(struct json_procs *jp)
{
	if (!jp)
		return;
	for (int i = 0; i < NBUCKET; i++)
		while (jp->bucket[i]) {
			struct proc_ent *p = jp->bucket[i];

			jp->bucket[i] = p->next;
			ent_free(p);
		}
	for (int i = 0; i < jp->ncg; i++)
		free(jp->cg[i].frag);
	free(jp->cg);
	strbuf_free(&jp->tmp);
	free(jp);
}

/* The JSON text for ci (cgroup "" and id "" are null), malloc'd. */
static char *
make_frag(struct json_procs *jp, const struct sl_container_info *ci, size_t *len)
{
	struct sl_strbuf *sb = &jp->tmp;
	char *s;

	strbuf_reset(sb);
	strbuf_puts(sb, ",\"cgroup\":");
	if (ci && ci->cgroup[0])
		json_quote(sb, (const unsigned char *)ci->cgroup, strlen(ci->cgroup));
	else
		strbuf_puts(sb, "null");
	strbuf_puts(sb, ",\"container\":");
	if (ci && ci->id[0])
		json_quote(sb, (const unsigned char *)ci->id, strlen(ci->id));
	else
		strbuf_puts(sb, "null");
	*len = sb->len;
	s = xmalloc(sb->len + 1);
	memcpy(s, strbuf_str(sb), sb->len + 1);
	return s;
}

/* The cgroup of a gone process, from its cgroup id (walks the tree once per id). */
static const struct cg_ent *
by_cgroup_id(struct json_procs *jp, __u64 id)
{
	struct sl_container_info ci;
	struct cg_ent *c;
	struct stat st;

	for (int i = 0; i < jp->ncg; i++)
		if (jp->cg[i].id == id)
			return &jp->cg[i];
	jp->cg = xrealloc(jp->cg, (size_t)(jp->ncg + 1) * sizeof(*jp->cg));
	c = &jp->cg[jp->ncg++];
	c->id = id;
	if (stat(container_cgroup_root(), &st) == 0 && (uint64_t)st.st_ino == id) {
		/* the root: container_of_cgroup_id looks below it only */
		memset(&ci, 0, sizeof(ci));
		snprintf(ci.cgroup, sizeof(ci.cgroup), "/");
		c->frag = make_frag(jp, &ci, &c->fraglen);
	} else {
		c->frag = make_frag(jp, container_of_cgroup_id(id, &ci) == 0 ? &ci : NULL,
				    &c->fraglen);
	}
	return c;
}

static struct proc_ent **
slot(struct json_procs *jp, __u32 pid)
{
	struct proc_ent **pp = &jp->bucket[pid % NBUCKET];

	while (*pp && (*pp)->pid != pid)
		pp = &(*pp)->next;
	return pp;
}

static struct proc_ent *
lookup(struct json_procs *jp, const struct sl_event *ev)
{
	struct sl_container_info ci;
	struct proc_ent *p = xcalloc(1, sizeof(*p));
	pid_t ns;

	p->pid = ev->pid;
	p->cgroup_id = ev->cgroup_id;
	if (ev->cgroup_id) {
		const struct cg_ent *c = by_cgroup_id(jp, ev->cgroup_id);

		p->frag = xstrdup(c->frag);
		p->fraglen = c->fraglen;
		if (jp->live && container_ns_pid((pid_t)ev->pid, &ns) == 0 &&
		    ns > 0 && (__u32)ns != ev->pid)
			p->ns_pid = (__u32)ns;
	} else if (jp->live && container_of_pid((pid_t)ev->pid, &ci) == 0) {
		if (ci.ns_pid > 0 && (__u32)ci.ns_pid != ev->pid)
			p->ns_pid = (__u32)ci.ns_pid;
		p->frag = make_frag(jp, &ci, &p->fraglen);
	} else {
		p->frag = make_frag(jp, NULL, &p->fraglen);
	}
	return p;
}

void
json_procs_put(struct json_procs *jp, struct sl_strbuf *sb, const struct sl_event *ev)
{
	struct proc_ent **pp, *p;
	bool ends = ev->type == SL_EV_EXIT && ev->args[0];

	if (!ev->pid || ev->type == SL_EV_LOST || (!jp->live && !ev->cgroup_id)) {
		strbuf_printf(sb, ",\"ns_pid\":%u", ev->ns_pid);
		strbuf_add(sb, no_info, sizeof(no_info) - 1);
		return;
	}
	pp = slot(jp, ev->pid);
	if (*pp && (ev->type == SL_EV_EXEC ||
		    (ev->cgroup_id && ev->cgroup_id != (*pp)->cgroup_id))) {
		/* an exec, or the process moved: look again */
		p = *pp;
		*pp = p->next;
		ent_free(p);
		pp = slot(jp, ev->pid);
	}
	if (!*pp)
		*pp = lookup(jp, ev);
	p = *pp;
	strbuf_printf(sb, ",\"ns_pid\":%u", ev->ns_pid ? ev->ns_pid : p->ns_pid);
	strbuf_add(sb, p->frag, p->fraglen);
	if (ends) {
		*pp = p->next;
		ent_free(p);
	}
}
