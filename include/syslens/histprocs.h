/*
 * histprocs.h - the interface's latency histograms: one per-syscall set
 * (struct sl_hist_set, see hist.h) for every traced process, and one for
 * all of them with its rolling 10 s windows, kept one event at a time as
 * the store hands events over (never recomputed from the store).
 *
 * Per-process sets keep no windows (about 50 KB per process and syscall
 * would outweigh the store).  A subtree's histograms are the merge of its
 * processes' sets; the view that needs one merges once and then keeps it
 * up to date itself.
 */
#ifndef SYSLENS_HISTPROCS_H
#define SYSLENS_HISTPROCS_H

#include <stdbool.h>

#include "syslens/event.h"
#include "syslens/hist.h"

struct sl_hist_procs;

/* An empty model.  Never NULL; free with hist_procs_free. */
struct sl_hist_procs *hist_procs_new(void);
void hist_procs_free(struct sl_hist_procs *m);
/*
 * Account one event (any type: only finished syscalls count) in the set
 * of all processes and in the set of its process.  Returns whether it
 * was counted.  O(1); allocates only for a new process or syscall.
 */
bool hist_procs_add(struct sl_hist_procs *m, const struct sl_event *ev);
/* The set of every process (never NULL), owned by the model. */
const struct sl_hist_set *hist_procs_all(const struct sl_hist_procs *m);
/* The set of one process, or NULL when it made no finished syscall. */
const struct sl_hist_set *hist_procs_pid(const struct sl_hist_procs *m, int pid);
/* Processes with a set. */
int hist_procs_count(const struct sl_hist_procs *m);

#endif /* SYSLENS_HISTPROCS_H */
