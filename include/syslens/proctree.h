/*
 * proctree.h - the process tree model: processes, their threads, what
 * each thread is doing in the kernel right now, and counts.
 *
 * Kept incrementally, one event at a time (proctree_event), never rebuilt
 * from the store.  It only reads events; it knows nothing of views.
 */
#ifndef SYSLENS_PROCTREE_H
#define SYSLENS_PROCTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "syslens/event.h"

#define SL_ARG0_MAX 96 /* bytes kept of an in-flight call's first argument */

enum sl_arg0_kind {
	SL_ARG0_NONE = 0,
	SL_ARG0_FDPATH, /* args[0] is an fd whose path is in arg0 */
	SL_ARG0_STR,	/* args[0] points to the string in arg0 */
};

struct sl_proc;

struct sl_thread {
	int tid;
	struct sl_proc *proc;
	struct sl_thread *next;	 /* next thread of the same process */
	struct sl_thread *hnext; /* hash chain */
	char comm[SL_COMM_LEN];
	uint64_t nsys, nerr;
	bool exited;
	bool stopped;
	int exit_status; /* wait status */

	/* the syscall the thread is in right now */
	bool inflight;
	struct sl_event call; /* its entry header: nr, args, ts_enter, seq */
	uint64_t call_ref;    /* what proctree_event_ref was given with it */
	uint8_t arg0_kind;    /* enum sl_arg0_kind */
	bool arg0_trunc;
	uint16_t arg0_len;
	unsigned char arg0[SL_ARG0_MAX]; /* raw tracee bytes: escape before showing */
};

struct sl_proc {
	int pid;
	int ppid; /* 0: parent unknown */
	struct sl_proc *parent;
	struct sl_proc *child, *child_last, *sibling;
	struct sl_thread *threads; /* leader first when known */
	struct sl_proc *hnext;
	char comm[SL_COMM_LEN];
	uint64_t nsys, nerr;
	int nthreads; /* threads not exited */
	bool exited;
	int exit_status; /* wait status of the whole process */
	uint64_t first_ts;
};

struct sl_proctree;

/* An empty tree.  Never fails; free with proctree_free. */
struct sl_proctree *proctree_new(void);
void proctree_free(struct sl_proctree *pt);

/* Apply one event (any type). */
void proctree_event(struct sl_proctree *pt, const struct sl_event *ev);
/* The same, remembering `ref` (a store index) with an in-flight call. */
void proctree_event_ref(struct sl_proctree *pt, const struct sl_event *ev, uint64_t ref);

/*
 * Count finished calls apart from the rest: from now on proctree_event
 * keeps the tree's shape and what each thread is in, but its finished
 * calls add nothing to nsys / nerr; proctree_count does.  For a caller
 * that sees every finished call but not every event (the interface
 * counts from struct sl_callq and shapes the tree from the ring).
 */
void proctree_count_apart(struct sl_proctree *pt);
/*
 * Add one finished syscall to its thread's and process's nsys / nerr
 * (creating them, named after ev->comm, when the tree never saw them).
 * Other events are ignored.
 */
void proctree_count(struct sl_proctree *pt, const struct sl_event *ev);

/* The process with pid / the thread with tid, or NULL.  Owned by the tree. */
struct sl_proc *proctree_find(const struct sl_proctree *pt, int pid);
struct sl_thread *proctree_thread(const struct sl_proctree *pt, int tid);
/* The first root process (parent not traced); the rest via ->sibling. */
struct sl_proc *proctree_roots(const struct sl_proctree *pt);
/* Processes and threads ever seen, and still alive. */
size_t proctree_nprocs(const struct sl_proctree *pt);
size_t proctree_nalive(const struct sl_proctree *pt);
/* Whether pid is ancestor or one of its descendants. */
bool proctree_in_subtree(const struct sl_proctree *pt, int pid, int ancestor);

/*
 * Threads in a syscall for at least min_ns at time now (CLOCK_MONOTONIC),
 * longest first, at most max into out.  Returns how many.
 */
size_t proctree_blocked(const struct sl_proctree *pt, uint64_t now, uint64_t min_ns,
			struct sl_thread **out, size_t max);

/*
 * Depth-first walk in display order: parent, its threads, its children.
 * fn gets each process with its depth; returning false stops the walk.
 */
void proctree_walk(const struct sl_proctree *pt,
		   bool (*fn)(struct sl_proc *p, int depth, void *arg), void *arg);

#endif /* SYSLENS_PROCTREE_H */
