/*
 * rules.h - the security lens: rules that flag secrets read, shells
 * spawned and forbidden connections.
 *
 * A rule set is parsed from text (the built-in default set, then the
 * files given with --rules), compiled once (syscall bitmaps, PCRE2 with
 * JIT, address ranges) and matched against raw events: the fields a rule
 * looks at are decoded from the event's payloads, never from rendered
 * text.  The rule file format is described in README.md and printed by
 * --dump-rules.
 */
#ifndef SYSLENS_RULES_H
#define SYSLENS_RULES_H

#include <stdbool.h>
#include <stdio.h>
#include "syslens/event.h"
#include "syslens/options.h"
#include "syslens/sink.h"

/* Falco's priorities, lowest first. */
enum sl_severity {
	SL_SEV_DEBUG,
	SL_SEV_INFO,
	SL_SEV_NOTICE,
	SL_SEV_WARNING,
	SL_SEV_ERROR,
	SL_SEV_CRITICAL,
	SL_SEV_ALERT,
	SL_SEV_EMERGENCY,
};

/* What a view or a writer shows about a matching rule. */
struct sl_rule_info {
	const char *name;
	const char *message;
	enum sl_severity severity;
	int index;		/* position in the set (0..ruleset_size-1) */
};

/* Facts about the process that the event header does not carry. */
struct sl_rule_proc {
	const char *exe;	/* executable path, NULL when unknown */
	const char *container;	/* container id, "" or NULL: not in one */
	/*
	 * The directory a relative path of the event is relative to, when
	 * the event carries no path for it: dirfd is the *at syscall's
	 * directory fd, or AT_FDCWD (the working directory).  NULL when
	 * unknown; the string need only last until the next call.  The
	 * callback may be NULL.
	 */
	const char *(*dirpath)(void *ctx, __u32 tid, int dirfd);
	void *ctx;
};

/* What ruleset_needs() reports, so callers skip work no rule wants. */
enum sl_rule_needs {
	SL_RULE_NEEDS_EXE = 1 << 0,
	SL_RULE_NEEDS_CONTAINER = 1 << 1,
	SL_RULE_CANDIDATE = 1 << 2,	/* some rule looks at this syscall */
};

struct sl_ruleset;

/* An empty set.  Never fails. */
struct sl_ruleset *ruleset_new(void);
/* The built-in default set (parsed from rules_default_text()). */
struct sl_ruleset *ruleset_new_default(void);
/* The default set as a rule file. Static storage. */
const char *rules_default_text(void);

/*
 * Add the rules of `text` (named `file` in messages).  A rule named like
 * an existing one replaces it; "disable NAME" switches one off.  Returns
 * 0, or -EINVAL with "file:line:column: problem" in err (the set is then
 * left as it was before the call).
 */
int ruleset_parse(struct sl_ruleset *rs, const char *file, const char *text,
		  char *err, size_t errlen);
/* ruleset_parse on a file's contents.  -errno with the reason in err. */
int ruleset_load(struct sl_ruleset *rs, const char *path, char *err,
		 size_t errlen);

/* Number of rules (disabled ones included) and their descriptions. */
int ruleset_size(const struct sl_ruleset *rs);
const struct sl_rule_info *ruleset_info(const struct sl_ruleset *rs, int i);
/* Is rule i switched on? */
bool ruleset_enabled(const struct sl_ruleset *rs, int i);
/* enum sl_rule_needs of the enabled rules. */
unsigned ruleset_needs(const struct sl_ruleset *rs);

/*
 * Could any rule match this event?  One bit test on the syscall number:
 * 0 when no rule looks at it, else SL_RULE_CANDIDATE and the
 * enum sl_rule_needs of the rules that do (so a caller gathers process
 * facts for ruleset_match() only when they can matter).
 */
unsigned ruleset_wants(const struct sl_ruleset *rs, const struct sl_event *ev);

/*
 * The most severe enabled rule matching the event (the first one among
 * equals), or NULL.  Only syscall events match; an in-flight call matches
 * no rule that looks at the result.  `proc` may be NULL (no exe known,
 * not in a container).  Not thread-safe for one set: give each thread
 * its own.
 */
const struct sl_rule_info *ruleset_match(const struct sl_ruleset *rs,
					 const struct sl_event *ev,
					 const struct sl_rule_proc *proc);

/* Print the enabled rules in the file format. */
void ruleset_dump(const struct sl_ruleset *rs, FILE *f);
void ruleset_free(struct sl_ruleset *rs);

/* "warning" etc.; parse returns -1 for an unknown name. */
const char *rules_severity_name(enum sl_severity sev);
int rules_severity_parse(const char *s);

/*
 * The set the options ask for: the default set plus --rules.  Returns
 * NULL with "file:line:column: problem" in err when a file is broken.
 */
struct sl_ruleset *rules_from_options(const struct sl_options *o, char *err,
				      size_t errlen);

/*
 * An evaluator: a rule set plus what it tracks about processes (exe from
 * their execve, container from /proc/PID/cgroup when `live`).  Feed it
 * every event in order; it returns the matching rule of syscall events.
 * Does not own rs.
 */
struct sl_rules_eval;
struct sl_rules_eval *rules_eval_new(const struct sl_ruleset *rs, bool live);
const struct sl_rule_info *rules_eval_event(struct sl_rules_eval *e,
					    const struct sl_event *ev);
/*
 * The container id of pid (looked up once when live), "" when none.
 * Owned by the evaluator, valid until the process exits.
 */
const char *rules_eval_container(struct sl_rules_eval *e, __u32 pid);
/*
 * The container id ("" when none) and namespaced pid (0 unknown) of a
 * process, looked up once; *first is true the first time it is asked
 * about that process (since it last exited).
 */
const char *rules_eval_proc(struct sl_rules_eval *e, __u32 pid, __u64 cgroup_id,
			    pid_t *ns_pid, bool *first);
void rules_eval_free(struct sl_rules_eval *e);

/*
 * --alerts: a sink that keeps only syscalls matching a rule and writes
 * them as text ("RULE SEVERITY PID  line") or JSON (each line with an
 * "alert" object), as the options say, to `out`; with -c it prints a
 * table of alerts per rule at the end.  Takes ownership of rs.
 */
struct sl_sink *alert_sink_new(FILE *out, const struct sl_options *o,
			       struct sl_ruleset *rs);

/*
 * For the interface: a sink in front of its store that marks matching
 * syscalls with SL_EVF_ALERT (the copy it forwards to `inner`) and logs
 * every alert.  Takes ownership of inner and rs; *log is valid until the
 * sink is destroyed.  `live`: look processes up in /proc.  The log may be
 * read from another thread than the one feeding the sink.
 */
struct sl_alert {
	__u64 seq;		/* the syscall's seq */
	__u64 ts;		/* its ts_enter */
	__u32 pid, tid;
	int rule;		/* index in the rule set */
	__u64 index;		/* position in the stream the sink passed on
				 * (0 first): the ring index when `inner`
				 * is the ring's sink, which keeps every event */
};
struct sl_alert_log;
struct sl_sink *alert_mark_sink_new(struct sl_sink *inner, struct sl_ruleset *rs,
				    bool live, struct sl_alert_log **log);
/* Alerts so far. */
size_t alert_log_count(struct sl_alert_log *l);
/* The i-th alert, newest (highest seq) first.  0, or -ENOENT. */
int alert_log_get(struct sl_alert_log *l, size_t i, struct sl_alert *out);
/* The rule an alerted syscall matched, by its seq; NULL when none. */
const struct sl_rule_info *alert_log_find(struct sl_alert_log *l, __u64 seq);
/* The rule with that index. */
const struct sl_rule_info *alert_log_rule(struct sl_alert_log *l, int rule);
/* Alerts raised by a process (for the tree's flag). */
unsigned alert_log_pid_count(struct sl_alert_log *l, __u32 pid);
/*
 * The container a process runs in (copied to id, "" when none) and its
 * pid inside its pid namespace (0 unknown), as the sink saw it when the
 * process first showed up.  Returns false when the process is unknown.
 */
bool alert_log_proc(struct sl_alert_log *l, __u32 pid, char *id, size_t idlen,
		    pid_t *ns_pid);

/* --dump-rules and --check-rules: prints, returns the exit status. */
int rules_main(const struct sl_options *o);

#endif /* SYSLENS_RULES_H */
