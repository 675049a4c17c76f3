/*
 * rules_int.h - the compiled form of rules, shared by the parser
 * (rules.c), the matcher (match.c) and the evaluator (eval.c).
 */
#ifndef SYSLENS_RULES_INT_H
#define SYSLENS_RULES_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdint.h>

#include "syslens/rules.h"
#include "syslens/syscalls.h"

enum rule_field {
	F_PATH,
	F_ACCESS,
	F_FAMILY,
	F_ADDR,
	F_PORT,
	F_EXEC,
	F_ARGV,
	F_COMM,
	F_EXE,
	F_CONTAINER,
	F_CONTAINER_ID,
	F_RESULT,
	F_MODE,
	F_ARG0,		/* F_ARG0 + i for arg i */
	F_ARG5 = F_ARG0 + 5,
};

enum { ACC_READ = 1, ACC_WRITE = 2 };
enum { RES_SUCCESS = 1, RES_FAILURE = 2 };

struct net_range {
	uint8_t v6;		/* 0: IPv4 (addr[0..3]), 1: IPv6 */
	uint8_t bits;		/* prefix length */
	uint8_t addr[16];
};

struct rule_cond {
	int field;		/* enum rule_field */
	bool neg;		/* "not KEY ..." */
	unsigned mask;		/* access, result, mode, container bits */
	pcre2_code *re;
	int64_t *num;		/* errnos, families, arg values; ports as lo,hi pairs */
	int nnum;
	struct net_range *net;
	int nnet;
};

struct rule {
	struct sl_rule_info info;
	char *name;
	char *message;
	char *src;		/* the block as written, for --dump-rules */
	char *file;
	int line;
	bool disabled;
	unsigned needs;		/* enum sl_rule_needs */
	bool any_syscall;	/* no syscall condition */
	bool wants_result;	/* some condition looks at the return value */
	uint64_t sys[SL_ARCH_COUNT][SL_NR_MAX / 64];
	struct rule_cond *cond;
	int ncond;
};

struct sl_ruleset {
	struct rule **rule;
	int n, cap;
	uint64_t any[SL_ARCH_COUNT][SL_NR_MAX / 64];
	uint8_t needs[SL_ARCH_COUNT][SL_NR_MAX];
	unsigned all_needs;	/* of every enabled rule */
	pcre2_match_data *md;
	void *fields;		/* scratch for ruleset_match */
};

/* Does rule r match ev?  (match.c) */
bool rule_match(const struct sl_ruleset *rs, const struct rule *r,
		const struct sl_event *ev, const struct sl_rule_proc *proc,
		void *fields);
/* Room for the lazily decoded fields of one event (match.c). */
void *rule_fields_new(void);
void rule_fields_reset(void *fields, const struct sl_event *ev);
/*
 * The executable path of an execve/execveat event, or NULL (match.c).
 * *len gets its length.
 */
const char *rule_exec_path(const struct sl_event *ev, size_t *len);
/* Is ev an execve or execveat call? */
bool rule_is_exec(const struct sl_event *ev);

/* Errno by name ("EACCES") or -1; name by value or NULL. */
int rules_errno_parse(const char *s);
const char *rules_errno_name(int e);

#endif /* SYSLENS_RULES_INT_H */
