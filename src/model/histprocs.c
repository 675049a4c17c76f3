/*
 * histprocs.c - per-process and overall syscall latency histograms for
 * the interface (see histprocs.h): a hash of pid -> struct sl_hist_set
 * beside one set for everything.
 */
#include <stdlib.h>

#include "syslens/histprocs.h"
#include "syslens/util.h"

struct proc_hist {
	int pid;
	struct proc_hist *next;
	struct sl_hist_set *set;
};

struct sl_hist_procs {
	struct sl_hist_set *all;
	struct proc_hist **tab;
	unsigned nbuckets; /* a power of two */
	int n;
	struct proc_hist *last; /* calls come in runs from one process */
};

static unsigned
pid_hash(int pid, unsigned nbuckets)
{
	return ((unsigned)pid * 2654435761u) & (nbuckets - 1);
}

struct sl_hist_procs *
hist_procs_new(void)
{
	struct sl_hist_procs *m = xcalloc(1, sizeof(*m));

	m->all = hist_set_new(true);
	m->nbuckets = 256;
	m->tab = xcalloc(m->nbuckets, sizeof(*m->tab));
	return m;
}

void
hist_procs_free(struct sl_hist_procs *m)
{
	if (!m)
		return;
	for (unsigned i = 0; i < m->nbuckets; i++) {
		struct proc_hist *p = m->tab[i], *next;

		for (; p; p = next) {
			next = p->next;
			hist_set_free(p->set);
			free(p);
		}
	}
	free(m->tab);
	hist_set_free(m->all);
	free(m);
}

static struct proc_hist *
find(const struct sl_hist_procs *m, int pid)
{
	struct proc_hist *p = m->tab[pid_hash(pid, m->nbuckets)];

	while (p && p->pid != pid)
		p = p->next;
	return p;
}

static void
grow(struct sl_hist_procs *m)
{
	unsigned nb = m->nbuckets * 2;
	struct proc_hist **tab = xcalloc(nb, sizeof(*tab));

	for (unsigned i = 0; i < m->nbuckets; i++) {
		struct proc_hist *p = m->tab[i], *next;

		for (; p; p = next) {
			unsigned h = pid_hash(p->pid, nb);

			next = p->next;
			p->next = tab[h];
			tab[h] = p;
		}
	}
	free(m->tab);
	m->tab = tab;
	m->nbuckets = nb;
}

bool
hist_procs_add(struct sl_hist_procs *m, const struct sl_event *ev)
{
	struct proc_hist *p = m->last;
	int pid = (int)ev->pid;

	if (!hist_set_add(m->all, ev))
		return false;
	if (!p || p->pid != pid) {
		p = find(m, pid);
		if (!p) {
			unsigned h;

			if ((unsigned)m->n >= m->nbuckets)
				grow(m);
			p = xcalloc(1, sizeof(*p));
			p->pid = pid;
			p->set = hist_set_new(false);
			h = pid_hash(pid, m->nbuckets);
			p->next = m->tab[h];
			m->tab[h] = p;
			m->n++;
		}
		m->last = p;
	}
	hist_set_add(p->set, ev);
	return true;
}

const struct sl_hist_set *
hist_procs_all(const struct sl_hist_procs *m)
{
	return m->all;
}

const struct sl_hist_set *
hist_procs_pid(const struct sl_hist_procs *m, int pid)
{
	struct proc_hist *p = find(m, pid);

	return p ? p->set : NULL;
}

int
hist_procs_count(const struct sl_hist_procs *m)
{
	return m->n;
}
