/*
 * options.h - the command line, parsed once into one struct that every
 * part reads.  See DESIGN.md for what each option means.
 */
#ifndef SYSLENS_OPTIONS_H
#define SYSLENS_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum sl_backend { SL_BACKEND_AUTO, SL_BACKEND_EBPF, SL_BACKEND_PTRACE };
enum sl_mode { SL_MODE_LAUNCH, SL_MODE_ATTACH, SL_MODE_ALL, SL_MODE_REPLAY };

struct sl_traceset;

struct sl_options {
	enum sl_mode mode;
	enum sl_backend backend;

	char **argv;			/* launch: the command */
	pid_t *pids;			/* attach: -p list */
	int npids;
	const char *replay_path;	/* -r */
	const char *record_path;	/* -w */
	const char *output_path;	/* -o */

	bool text;			/* --text (or -o, or stdout not a tty) */
	bool json;			/* --json */
	bool summary;			/* -c */
	bool durations;			/* -T */
	int timestamps;			/* -t 1, -tt 2, -ttt 3 */
	bool fdpaths;			/* -y */
	unsigned strsize;		/* -s, default 32 */

	const char *trace_expr;		/* -e trace=... as given, or NULL */
	struct sl_traceset *trace;	/* parsed -e, NULL for everything */

	const char **filters;		/* --filter, in order; "!re" excludes */
	int nfilters;
	uint64_t blocked_ns;		/* --blocked, default 1s */
	const char *theme;		/* --theme */
	bool no_color;			/* --no-color or NO_COLOR */
	size_t ring_size;		/* --ring: events kept */

	const char *rules_path;		/* --rules */
	bool alerts;			/* --alerts */
	bool dump_rules;		/* --dump-rules */
	const char *check_rules;	/* --check-rules FILE */
	const char *cgroup;		/* --cgroup */
	const char *container;		/* --container */
	/* --cgroup/--container resolved (container_apply_options): */
	const char *cgroup_dir;		/* the cgroup directory, or NULL */
	uint64_t cgroup_id;		/* its cgroup id (inode), 0: none */

	int launch_tty_fd;		/* >= 0: the launched command's terminal */
	bool kill_on_quit;		/* launched commands are killed on quit */
};

/*
 * Parse argv into o.  Returns 0; on a usage error prints one line on
 * stderr and returns 2; on another bad input 1.  Handles --help and
 * --version itself (prints, returns -1: exit 0).
 */
int options_parse(struct sl_options *o, int argc, char **argv);
void options_free(struct sl_options *o);

#endif /* SYSLENS_OPTIONS_H */
