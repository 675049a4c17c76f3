/*
 * traceset.c - parsing -e trace=SET with strace's syntax: names, %classes
 * (and the old spellings without %), /regex, ?name, all, none, and
 * leading '!' to invert.  Sets bits for every arch a tracee may use.
 */
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syslens/event.h"
#include "syslens/traceset.h"
#include "syslens/util.h"

static const uint32_t arches[SL_ARCH_COUNT] = {
	[SL_ARCH_IDX_X86_64] = SL_ARCH_X86_64,
	[SL_ARCH_IDX_I386] = SL_ARCH_I386,
};

/* Classes kept as bits in the syscall table. */
static const struct {
	const char *name;
	unsigned mask;
} classes[] = {
	{"file", SL_TF},   {"network", SL_TN},	 {"net", SL_TN},     {"process", SL_TP},
	{"signal", SL_TS}, {"memory", SL_TM},	 {"desc", SL_TD},    {"ipc", SL_TI},
	{"creds", SL_TC},  {"clock", SL_TCLOCK}, {"pure", SL_TPURE},
};

/* Old spellings strace still accepts without the '%'. */
static const char *const old_classes[] = {
	"file", "network", "process", "signal", "memory", "desc", "ipc",
};

/* strace's stat and statfs families, by name (as its classes list them). */
static const char *const cls_stat[] = {"stat", "stat64", "oldstat", NULL};
static const char *const cls_lstat[] = {"lstat", "lstat64", "oldlstat", NULL};
static const char *const cls_fstat[] = {"fstat",     "fstat64", "oldfstat", "newfstatat",
					"fstatat64", "statx",	NULL};
static const char *const cls_statfs[] = {"statfs", "statfs64", "ustat", NULL};
static const char *const cls_fstatfs[] = {"fstatfs", "fstatfs64", NULL};

static const struct {
	const char *name;
	const char *const *lists[3];
} name_classes[] = {
	{"stat", {cls_stat}},
	{"lstat", {cls_lstat}},
	{"fstat", {cls_fstat}},
	{"%stat", {cls_stat, cls_lstat, cls_fstat}},
	{"statfs", {cls_statfs}},
	{"fstatfs", {cls_fstatfs}},
	{"%statfs", {cls_statfs, cls_fstatfs}},
};

static void
set_bit(struct sl_traceset *ts, int a, int nr)
{
	if (nr >= 0 && nr < SL_NR_MAX)
		ts->bits[a][nr / 64] |= 1ull << (nr % 64);
}

void
traceset_all(struct sl_traceset *ts)
{
	memset(ts->bits, 0xff, sizeof(ts->bits));
}

/* Add every syscall with one of the class bits in mask. */
static void
add_mask(struct sl_traceset *ts, unsigned mask)
{
	for (int a = 0; a < SL_ARCH_COUNT; a++)
		for (uint32_t nr = 0; nr < SL_NR_MAX; nr++)
			if (syscall_classes(arches[a], nr) & mask)
				set_bit(ts, a, (int)nr);
}

/* Add a syscall by name on every arch that has it.  Returns hits. */
static int
add_name(struct sl_traceset *ts, const char *name)
{
	int hits = 0;

	for (int a = 0; a < SL_ARCH_COUNT; a++) {
		int nr = syscall_lookup(arches[a], name);

		if (nr >= 0) {
			set_bit(ts, a, nr);
			hits++;
		}
	}
	return hits;
}

/* A %class (cls without the '%').  Returns 0 or -ENOENT. */
static int
add_class(struct sl_traceset *ts, const char *cls)
{
	for (size_t i = 0; i < ARRAY_SIZE(classes); i++)
		if (!strcmp(cls, classes[i].name)) {
			add_mask(ts, classes[i].mask);
			return 0;
		}
	for (size_t i = 0; i < ARRAY_SIZE(name_classes); i++) {
		if (strcmp(cls, name_classes[i].name))
			continue;
		for (int l = 0; l < 3 && name_classes[i].lists[l]; l++)
			for (const char *const *n = name_classes[i].lists[l]; *n; n++)
				add_name(ts, *n);
		return 0;
	}
	return -ENOENT;
}

/* Syscall names matching a POSIX extended regex, as strace's /regex. */
static int
add_regex(struct sl_traceset *ts, const char *pat, char *err, size_t errlen)
{
	regex_t re;
	int rc = regcomp(&re, pat, REG_EXTENDED | REG_NOSUB);

	if (rc) {
		char msg[128];

		regerror(rc, &re, msg, sizeof(msg));
		snprintf(err, errlen, "invalid regex '/%s': %s", pat, msg);
		return -EINVAL;
	}
	for (int a = 0; a < SL_ARCH_COUNT; a++)
		for (uint32_t nr = 0; nr < SL_NR_MAX; nr++) {
			const char *name = syscall_name(arches[a], nr);

			if (name && regexec(&re, name, 0, NULL, 0) == 0)
				set_bit(ts, a, (int)nr);
		}
	regfree(&re);
	return 0;
}

static int
add_token(struct sl_traceset *ts, const char *tok, char *err, size_t errlen)
{
	bool ignore = false;

	while (*tok == '?') {
		ignore = true;
		tok++;
	}
	if (*tok == '/')
		return add_regex(ts, tok + 1, err, errlen);
	if (!strcmp(tok, "all")) {
		traceset_all(ts);
		return 0;
	}
	if (!strcmp(tok, "none"))
		return 0;
	if (*tok == '%') {
		if (add_class(ts, tok + 1) == 0 || ignore)
			return 0;
		snprintf(err, errlen, "unknown syscall class '%s'", tok);
		return -EINVAL;
	}
	/* an old class name before a syscall name, as strace has it: i386
	 * has a syscall named signal, which strace's "signal" does not mean */
	for (size_t i = 0; i < ARRAY_SIZE(old_classes); i++)
		if (!strcmp(tok, old_classes[i]))
			return add_class(ts, tok);
	if (add_name(ts, tok) || ignore)
		return 0;
	snprintf(err, errlen, "unknown syscall '%s'", tok);
	return -EINVAL;
}

int
traceset_parse(struct sl_traceset *ts, const char *expr, char *err, size_t errlen)
{
	static const char *const other_quals[] = {
		"abbrev", "a",	     "verbose", "v",	 "raw",	       "x",
		"signal", "signals", "s",	"read",	 "reads",      "r",
		"write",  "writes",  "w",	"fault", "inject",     "status",
		"quiet",  "silent",  "silence", "q",	 "decode-fds", "kvm",
	};
	const char *eq = strchr(expr, '=');
	char *dup, *tok, *save = NULL;
	bool invert = false;
	int rc = 0;

	if (!strncmp(expr, "trace=", 6))
		expr += 6;
	else if (!strncmp(expr, "t=", 2))
		expr += 2;
	else if (eq) {
		for (size_t i = 0; i < ARRAY_SIZE(other_quals); i++)
			if (strlen(other_quals[i]) == (size_t)(eq - expr) &&
			    !strncmp(expr, other_quals[i], (size_t)(eq - expr))) {
				snprintf(err, errlen,
					 "'%.*s=' is not supported, only trace=", (int)(eq - expr),
					 expr);
				return -EINVAL;
			}
	}
	memset(ts->bits, 0, sizeof(ts->bits));
	while (*expr == '!') {
		invert = !invert;
		expr++;
	}
	if (!*expr) {
		snprintf(err, errlen, "empty syscall set");
		return -EINVAL;
	}
	dup = xstrdup(expr);
	for (tok = strtok_r(dup, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		rc = add_token(ts, tok, err, errlen);
		if (rc < 0)
			break;
	}
	free(dup);
	if (invert)
		for (int a = 0; a < SL_ARCH_COUNT; a++)
			for (size_t i = 0; i < ARRAY_SIZE(ts->bits[a]); i++)
				ts->bits[a][i] = ~ts->bits[a][i];
	return rc;
}
