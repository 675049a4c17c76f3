/*
 * json_proc.h - what JSON lines say about an event's process beyond the
 * event itself: its cgroup, its container and its namespaced pid, looked
 * up once per process.  Private to src/output/.
 */
#ifndef SYSLENS_JSON_PROC_H
#define SYSLENS_JSON_PROC_H

#include <stdbool.h>

#include "syslens/event.h"
#include "syslens/util.h"

struct json_procs;

/*
 * A cache of per-process facts.  live: the events come from processes
 * running now (not a replayed recording), so /proc may be asked.  Never
 * NULL; free with json_procs_free.
 */
struct json_procs *json_procs_new(bool live);
void json_procs_free(struct json_procs *jp);

/*
 * Append ,"ns_pid":N,"cgroup":...,"container":... for ev's process to sb
 * (cgroup and container null when unknown or none).  Reads /proc only the
 * first time a process is seen and after it execs; forgets a process when
 * it ends.
 */
void json_procs_put(struct json_procs *jp, struct sl_strbuf *sb,
		    const struct sl_event *ev);

#endif /* SYSLENS_JSON_PROC_H */
