/*
 * rules.c - the rule file parser and compiler, the rule set, and the
 * --dump-rules / --check-rules entry point.
 *
 * The format is line based so that an error can name its line and
 * column: a block starts with "rule NAME" and holds "KEY VALUE" lines;
 * "disable NAME" switches a rule off.  Compiling turns syscall lists into
 * per-arch bitmaps and regexes into JIT-compiled PCRE2 code, so matching
 * an event costs one bit test for most syscalls.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rules_int.h"
#include "syslens/util.h"

#define RULES_FILE_MAX	(1 << 20)

static const char *const sev_names[] = {
	[SL_SEV_DEBUG] = "debug",
	[SL_SEV_INFO] = "info",
	[SL_SEV_NOTICE] = "notice",
	[SL_SEV_WARNING] = "warning",
	[SL_SEV_ERROR] = "error",
	[SL_SEV_CRITICAL] = "critical",
	[SL_SEV_ALERT] = "alert",
	[SL_SEV_EMERGENCY] = "emergency",
};

const char *
rules_severity_name(enum sl_severity sev)
{
	if ((unsigned)sev >= ARRAY_SIZE(sev_names))
		return "?";
	return sev_names[sev];
}

int
rules_severity_parse(const char *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(sev_names); i++)
		if (strcasecmp(s, sev_names[i]) == 0)
			return (int)i;
	if (strcasecmp(s, "informational") == 0)
		return SL_SEV_INFO;
	if (strcasecmp(s, "warn") == 0)
		return SL_SEV_WARNING;
	return -1;
}

#define E(x) { #x, x }
static const struct {
	const char *name;
	int val;
} errnos[] = {
	E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG),
	E(ENOEXEC), E(EBADF), E(ECHILD), E(EAGAIN), E(ENOMEM), E(EACCES),
	E(EFAULT), E(EBUSY), E(EEXIST), E(EXDEV), E(ENODEV), E(ENOTDIR),
	E(EISDIR), E(EINVAL), E(ENFILE), E(EMFILE), E(ENOTTY), E(ETXTBSY),
	E(EFBIG), E(ENOSPC), E(ESPIPE), E(EROFS), E(EMLINK), E(EPIPE),
	E(ERANGE), E(ENAMETOOLONG), E(ENOSYS), E(ENOTEMPTY), E(ELOOP),
	E(ENOTSOCK), E(EOPNOTSUPP), E(EAFNOSUPPORT), E(EADDRINUSE),
	E(EADDRNOTAVAIL), E(ENETDOWN), E(ENETUNREACH), E(ECONNABORTED),
	E(ECONNRESET), E(EISCONN), E(ENOTCONN), E(ETIMEDOUT),
	E(ECONNREFUSED), E(EHOSTUNREACH), E(EALREADY), E(EINPROGRESS),
	E(EDQUOT), E(EPROTONOSUPPORT), E(ENOTSUP), E(EWOULDBLOCK),
};
#undef E

int
rules_errno_parse(const char *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(errnos); i++)
		if (strcmp(s, errnos[i].name) == 0)
			return errnos[i].val;
	return -1;
}

const char *
rules_errno_name(int e)
{
	for (size_t i = 0; i < ARRAY_SIZE(errnos); i++)
		if (errnos[i].val == e)
			return errnos[i].name;
	return NULL;
}

static const struct {
	const char *name;
	int val;
} families[] = {
	{ "unix", AF_UNIX }, { "local", AF_UNIX }, { "inet", AF_INET },
	{ "inet6", AF_INET6 }, { "netlink", AF_NETLINK },
	{ "packet", AF_PACKET }, { "vsock", AF_VSOCK },
};

static const struct {
	const char *name;
	int field;
	bool regex;
} keys[] = {
	{ "path", F_PATH, true },
	{ "access", F_ACCESS, false },
	{ "family", F_FAMILY, false },
	{ "addr", F_ADDR, false },
	{ "port", F_PORT, false },
	{ "exec", F_EXEC, true },
	{ "argv", F_ARGV, true },
	{ "comm", F_COMM, true },
	{ "exe", F_EXE, true },
	{ "container", F_CONTAINER, false },
	{ "container-id", F_CONTAINER_ID, true },
	{ "result", F_RESULT, false },
	{ "mode", F_MODE, false },
	{ "arg0", F_ARG0, false }, { "arg1", F_ARG0 + 1, false },
	{ "arg2", F_ARG0 + 2, false }, { "arg3", F_ARG0 + 3, false },
	{ "arg4", F_ARG0 + 4, false }, { "arg5", F_ARG0 + 5, false },
};

/* The parser's state for one text. */
struct parser {
	const char *file;
	int line;
	char *err;
	size_t errlen;
	struct rule **rule;	/* parsed from this text */
	int n, cap;
	char **disable;		/* "disable" names, with their positions */
	int *disable_line, *disable_col;
	int ndisable;
	struct sl_strbuf pending;	/* comment lines before the next rule */
	bool blank;		/* the last line was blank */
};

static int
perr(struct parser *p, int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
perr(struct parser *p, int col, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(p->err, p->errlen, "%s:%d:%d: ", p->file, p->line, col);
	if (n < 0 || (size_t)n >= p->errlen)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static void
cond_free(struct rule_cond *c)
{
	if (c->re)
		pcre2_code_free(c->re);
	free(c->num);
	free(c->net);
}

static void
rule_free(struct rule *r)
{
	if (!r)
		return;
	for (int i = 0; i < r->ncond; i++)
		cond_free(&r->cond[i]);
	free(r->cond);
	free(r->name);
	free(r->message);
	free(r->src);
	free(r->file);
	free(r);
}

/* One whitespace- or comma-separated item of a list value. */
struct item {
	char s[128];
	int col;
};

/* Split `v` (starting at column `col`) into items.  Returns the count. */
static int
split_items(const char *v, int col, struct item *it, int max)
{
	int n = 0;
	const char *p = v;

	while (*p && n < max) {
		size_t len;

		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!*p)
			break;
		len = strcspn(p, " \t,");
		if (len >= sizeof(it[n].s))
			len = sizeof(it[n].s) - 1;
		memcpy(it[n].s, p, len);
		it[n].s[len] = '\0';
		it[n].col = col + (int)(p - v);
		n++;
		p += strcspn(p, " \t,");
	}
	return n;
}

static void
num_add(struct rule_cond *c, int64_t v)
{
	c->num = xrealloc(c->num, (size_t)(c->nnum + 1) * sizeof(*c->num));
	c->num[c->nnum++] = v;
}

static int
parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (!isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || *end ? -1 : 0;
}

static int
parse_net(const char *s, struct net_range *nr)
{
	char buf[128];
	char *slash;
	int max;

	size_t l = strnlen(s, sizeof(buf) - 1);

	memcpy(buf, s, l);
	buf[l] = '\0';
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = '\0';
	memset(nr, 0, sizeof(*nr));
	if (inet_pton(AF_INET, buf, nr->addr) == 1) {
		nr->v6 = 0;
		max = 32;
	} else if (inet_pton(AF_INET6, buf, nr->addr) == 1) {
		nr->v6 = 1;
		max = 128;
	} else {
		return -1;
	}
	nr->bits = (uint8_t)max;
	if (slash) {
		uint64_t b;

		if (parse_u64(slash, &b) < 0 || b > (uint64_t)max)
			return -1;
		nr->bits = (uint8_t)b;
	}
	return 0;
}

/* Add the syscalls of one item (a name or %class) to r's bitmaps. */
static int
syscall_add(struct parser *p, struct rule *r, const struct item *it)
{
	static const uint32_t arches[SL_ARCH_COUNT] = { SL_ARCH_X86_64, SL_ARCH_I386 };
	static const struct {
		const char *name;
		unsigned cls;
	} classes[] = {
		{ "%file", SL_TF }, { "%network", SL_TN }, { "%net", SL_TN },
		{ "%process", SL_TP }, { "%signal", SL_TS }, { "%memory", SL_TM },
		{ "%desc", SL_TD }, { "%ipc", SL_TI }, { "%creds", SL_TC },
		{ "%clock", SL_TCLOCK }, { "%stat", SL_TST },
	};
	bool found = false;

	if (it->s[0] == '%') {
		unsigned cls = 0;

		for (size_t i = 0; i < ARRAY_SIZE(classes); i++)
			if (strcmp(it->s, classes[i].name) == 0)
				cls = classes[i].cls;
		if (!cls)
			return perr(p, it->col, "unknown syscall class '%s'", it->s);
		for (int a = 0; a < SL_ARCH_COUNT; a++)
			for (uint32_t nr = 0; nr < SL_NR_MAX; nr++)
				if (syscall_classes(arches[a], nr) & cls)
					r->sys[a][nr / 64] |= 1ULL << (nr % 64);
		return 0;
	}
	for (int a = 0; a < SL_ARCH_COUNT; a++) {
		int nr = syscall_lookup(arches[a], it->s);

		if (nr >= 0 && nr < SL_NR_MAX) {
			r->sys[a][nr / 64] |= 1ULL << (nr % 64);
			found = true;
		}
	}
	if (!found)
		return perr(p, it->col, "unknown syscall '%s'", it->s);
	return 0;
}

static int
regex_compile(struct parser *p, struct rule_cond *c, const char *v, int col)
{
	int errcode;
	PCRE2_SIZE off;

	c->re = pcre2_compile((PCRE2_SPTR)v, PCRE2_ZERO_TERMINATED, 0,
			      &errcode, &off, NULL);
	if (!c->re) {
		PCRE2_UCHAR msg[160];

		pcre2_get_error_message(errcode, msg, sizeof(msg));
		return perr(p, col + (int)off, "bad regex: %s", (char *)msg);
	}
	pcre2_jit_compile(c->re, PCRE2_JIT_COMPLETE);	/* slower without, still right */
	return 0;
}

/* Parse the value of a condition key into c. */
static int
cond_parse(struct parser *p, struct rule *r, struct rule_cond *c,
	   const char *key, const char *v, int col)
{
	struct item it[64];
	int n, rc;

	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		if (strcmp(key, keys[i].name) != 0)
			continue;
		c->field = keys[i].field;
		if (keys[i].regex)
			return regex_compile(p, c, v, col);
		break;
	}
	n = split_items(v, col, it, (int)ARRAY_SIZE(it));
	if (n == (int)ARRAY_SIZE(it))
		return perr(p, it[n - 1].col, "too many values (at most %d)", n - 1);
	for (int i = 0; i < n; i++) {
		const char *s = it[i].s;
		uint64_t u;

		switch (c->field) {
		case F_ACCESS:
			if (strcmp(s, "read") == 0)
				c->mask |= ACC_READ;
			else if (strcmp(s, "write") == 0)
				c->mask |= ACC_WRITE;
			else
				return perr(p, it[i].col, "access is 'read' or 'write', not '%s'", s);
			break;
		case F_FAMILY:
			rc = -1;
			for (size_t k = 0; k < ARRAY_SIZE(families); k++)
				if (strcmp(s, families[k].name) == 0)
					rc = families[k].val;
			if (rc < 0)
				return perr(p, it[i].col, "unknown address family '%s'", s);
			num_add(c, rc);
			break;
		case F_ADDR:
			c->net = xrealloc(c->net, (size_t)(c->nnet + 1) * sizeof(*c->net));
			if (parse_net(s, &c->net[c->nnet]) < 0)
				return perr(p, it[i].col, "not an IP address or CIDR range: '%s'", s);
			c->nnet++;
			break;
		case F_PORT: {
			uint64_t lo, hi;
			char *dash = strchr(s, '-');

			if (dash) {
				*dash = '\0';
				if (parse_u64(s, &lo) < 0 || parse_u64(dash + 1, &hi) < 0 ||
				    lo > hi || hi > 65535)
					return perr(p, it[i].col, "bad port range '%s-%s'", s, dash + 1);
			} else {
				if (parse_u64(s, &lo) < 0 || lo > 65535)
					return perr(p, it[i].col, "bad port '%s'", s);
				hi = lo;
			}
			num_add(c, (int64_t)lo);
			num_add(c, (int64_t)hi);
			break;
		}
		case F_CONTAINER:
			if (strcmp(s, "yes") == 0)
				c->mask |= 1;
			else if (strcmp(s, "no") == 0)
				c->mask |= 2;
			else
				return perr(p, it[i].col, "container is 'yes' or 'no', not '%s'", s);
			break;
		case F_RESULT:
			if (strcmp(s, "success") == 0) {
				c->mask |= RES_SUCCESS;
			} else if (strcmp(s, "failure") == 0) {
				c->mask |= RES_FAILURE;
			} else {
				rc = rules_errno_parse(s);
				if (rc < 0)
					return perr(p, it[i].col, "result is success, failure or an errno name, not '%s'", s);
				num_add(c, rc);
			}
			r->wants_result = true;
			break;
		case F_MODE:
			if (strcmp(s, "setuid") == 0)
				c->mask |= S_ISUID;
			else if (strcmp(s, "setgid") == 0)
				c->mask |= S_ISGID;
			else if (strcmp(s, "sticky") == 0)
				c->mask |= S_ISVTX;
			else
				return perr(p, it[i].col, "mode is setuid, setgid or sticky, not '%s'", s);
			break;
		default:	/* arg0..arg5 */
			if (parse_u64(s, &u) < 0)
				return perr(p, it[i].col, "not a number: '%s'", s);
			num_add(c, (int64_t)u);
			break;
		}
	}
	if (n == 0)
		return perr(p, col, "'%s' needs a value", key);
	return 0;
}

static bool
name_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("-_.:", *s))
			return false;
	return true;
}

/* Check a finished block. */
static int
rule_finish(struct parser *p, struct rule *r)
{
	int save = p->line;
	int rc = 0;

	p->line = r->line;
	if (!r->message)
		rc = perr(p, 1, "rule '%s' has no message", r->name);
	else if ((int)r->info.severity < 0)
		rc = perr(p, 1, "rule '%s' has no severity", r->name);
	else if (r->ncond == 0 && r->any_syscall)
		rc = perr(p, 1, "rule '%s' has no condition: it would match everything", r->name);
	p->line = save;
	/* cheap tests first: a regex runs only when the rest held */
	for (int i = 1; i < r->ncond; i++) {
		struct rule_cond c = r->cond[i];
		int k = i;

		if (c.re)
			continue;
		while (k > 0 && r->cond[k - 1].re) {
			r->cond[k] = r->cond[k - 1];
			k--;
		}
		r->cond[k] = c;
	}
	/* trim the blank lines that ended the block */
	while (r->src && *r->src) {
		size_t l = strlen(r->src);

		if (l >= 2 && r->src[l - 1] == '\n' && r->src[l - 2] == '\n')
			r->src[l - 1] = '\0';
		else
			break;
	}
	return rc;
}

static void
src_append(struct rule *r, const char *line, size_t len)
{
	size_t old = r->src ? strlen(r->src) : 0;

	r->src = xrealloc(r->src, old + len + 2);
	memcpy(r->src + old, line, len);
	r->src[old + len] = '\n';
	r->src[old + len + 1] = '\0';
}

static struct rule *
rule_start(struct parser *p, const char *name)
{
	struct rule *r = xcalloc(1, sizeof(*r));

	r->name = xstrdup(name);
	r->file = xstrdup(p->file);
	r->line = p->line;
	r->info.severity = (enum sl_severity)-1;
	r->any_syscall = true;
	if (p->pending.len)
		r->src = xstrdup(strbuf_str(&p->pending));
	strbuf_reset(&p->pending);
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->rule = xrealloc(p->rule, (size_t)p->cap * sizeof(*p->rule));
	}
	p->rule[p->n++] = r;
	return r;
}

/*
 * Parse one line (NUL-terminated, no newline, trailing blanks cut) of the
 * text; `orig` is an untouched copy of it, `line` is cut up in place.
 */
static int
parse_line(struct parser *p, char *line, const char *orig, struct rule **cur)
{
	char *s = line, *key, *v;
	int kcol, vcol;
	bool neg = false;
	size_t len = strlen(line);
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s) {
		if (*cur)
			src_append(*cur, "", 0);
		strbuf_reset(&p->pending);
		p->blank = true;
		return 0;
	}
	if (*s == '#') {
		/* a comment inside a block stays there; one right before a
		 * rule travels with that rule in --dump-rules */
		if (*cur && !p->blank) {
			src_append(*cur, orig, len);
		} else {
			strbuf_add(&p->pending, orig, len);
			strbuf_putc(&p->pending, '\n');
		}
		return 0;
	}
	p->blank = false;
	key = s;
	kcol = (int)(s - line) + 1;
	s += strcspn(s, " \t");
	if (*s)
		*s++ = '\0';
	while (*s == ' ' || *s == '\t')
		s++;
	v = s;
	vcol = (int)(v - line) + 1;

	if (strcmp(key, "rule") == 0) {
		size_t nl = strcspn(v, " \t");

		if (*cur) {
			int rc = rule_finish(p, *cur);

			if (rc)
				return rc;
		}
		if (!*v)
			return perr(p, vcol, "'rule' needs a name");
		if (v[nl])
			return perr(p, vcol + (int)nl + 1, "a rule name is one word");
		if (!name_ok(v))
			return perr(p, vcol, "bad rule name '%s' (letters, digits, - _ . :)", v);
		for (int i = 0; i < p->n; i++)
			if (strcmp(p->rule[i]->name, v) == 0)
				return perr(p, vcol, "rule '%s' already defined at line %d",
					    v, p->rule[i]->line);
		*cur = rule_start(p, v);
		src_append(*cur, orig, len);
		return 0;
	}
	if (strcmp(key, "disable") == 0) {
		struct item it[32];
		int n = split_items(v, vcol, it, (int)ARRAY_SIZE(it));

		if (*cur) {
			int rc = rule_finish(p, *cur);

			*cur = NULL;
			if (rc)
				return rc;
		}
		strbuf_reset(&p->pending);
		if (n == 0)
			return perr(p, vcol, "'disable' needs a rule name");
		for (int i = 0; i < n; i++) {
			int k = p->ndisable++;

			p->disable = xrealloc(p->disable, (size_t)p->ndisable * sizeof(char *));
			p->disable_line = xrealloc(p->disable_line, (size_t)p->ndisable * sizeof(int));
			p->disable_col = xrealloc(p->disable_col, (size_t)p->ndisable * sizeof(int));
			p->disable[k] = xstrdup(it[i].s);
			p->disable_line[k] = p->line;
			p->disable_col[k] = it[i].col;
		}
		return 0;
	}
	if (!*cur)
		return perr(p, kcol, "'%s' outside a rule (start one with 'rule NAME')", key);
	src_append(*cur, orig, len);

	if (strcmp(key, "not") == 0) {
		neg = true;
		key = v;
		kcol = vcol;
		s = v + strcspn(v, " \t");
		if (*s)
			*s++ = '\0';
		while (*s == ' ' || *s == '\t')
			s++;
		v = s;
		vcol = (int)(v - line) + 1;
		if (!*key)
			return perr(p, kcol, "'not' needs a condition");
	}
	if (strcmp(key, "severity") == 0 || strcmp(key, "message") == 0 ||
	    strcmp(key, "syscall") == 0) {
		if (neg)
			return perr(p, kcol, "'%s' cannot be negated", key);
		if (!*v)
			return perr(p, vcol, "'%s' needs a value", key);
	}
	if (strcmp(key, "severity") == 0) {
		int sev = rules_severity_parse(v);

		if (sev < 0)
			return perr(p, vcol, "unknown severity '%s' (debug, info, notice, warning, error, critical, alert, emergency)", v);
		(*cur)->info.severity = (enum sl_severity)sev;
		return 0;
	}
	if (strcmp(key, "message") == 0) {
		free((*cur)->message);
		(*cur)->message = xstrdup(v);
		return 0;
	}
	if (strcmp(key, "syscall") == 0) {
		struct item it[128];
		int n = split_items(v, vcol, it, (int)ARRAY_SIZE(it));

		(*cur)->any_syscall = false;
		for (int i = 0; i < n; i++) {
			int rc = syscall_add(p, *cur, &it[i]);

			if (rc)
				return rc;
		}
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		struct rule *r = *cur;
		struct rule_cond *c;

		if (strcmp(key, keys[i].name) != 0)
			continue;
		if (!*v)
			return perr(p, vcol, "'%s' needs a value", key);
		r->cond = xrealloc(r->cond, (size_t)(r->ncond + 1) * sizeof(*r->cond));
		c = &r->cond[r->ncond++];
		memset(c, 0, sizeof(*c));
		c->neg = neg;
		if (keys[i].field == F_EXE)
			r->needs |= SL_RULE_NEEDS_EXE;
		if (keys[i].field == F_CONTAINER || keys[i].field == F_CONTAINER_ID)
			r->needs |= SL_RULE_NEEDS_CONTAINER;
		return cond_parse(p, r, c, key, v, vcol);
	}
	return perr(p, kcol, "unknown key '%s'", key);
}

static void
parser_free(struct parser *p, bool rules_too)
{
	if (rules_too)
		for (int i = 0; i < p->n; i++)
			rule_free(p->rule[i]);
	free(p->rule);
	for (int i = 0; i < p->ndisable; i++)
		free(p->disable[i]);
	free(p->disable);
	free(p->disable_line);
	free(p->disable_col);
	strbuf_free(&p->pending);
}

static int
ruleset_find(const struct sl_ruleset *rs, const char *name)
{
	for (int i = 0; i < rs->n; i++)
		if (strcmp(rs->rule[i]->name, name) == 0)
			return i;
	return -1;
}

/* Recompute what the set derives from its rules. */
static void
ruleset_index(struct sl_ruleset *rs)
{
	memset(rs->any, 0, sizeof(rs->any));
	memset(rs->needs, 0, sizeof(rs->needs));
	rs->all_needs = 0;
	for (int i = 0; i < rs->n; i++) {
		struct rule *r = rs->rule[i];

		r->info.index = i;
		r->info.name = r->name;
		r->info.message = r->message;
		if (r->disabled)
			continue;
		rs->all_needs |= r->needs;
		for (int a = 0; a < SL_ARCH_COUNT; a++)
			for (uint32_t nr = 0; nr < SL_NR_MAX; nr++) {
				if (!r->any_syscall &&
				    !((r->sys[a][nr / 64] >> (nr % 64)) & 1))
					continue;
				rs->any[a][nr / 64] |= 1ULL << (nr % 64);
				rs->needs[a][nr] |= (uint8_t)r->needs;
			}
	}
}

int
ruleset_parse(struct sl_ruleset *rs, const char *file, const char *text,
	      char *err, size_t errlen)
{
	struct parser p = { .file = file, .err = err, .errlen = errlen };
	struct rule *cur = NULL;
	const char *s = text;
	int rc = 0;

	while (*s) {
		const char *e = strchrnul(s, '\n');
		size_t len = (size_t)(e - s);
		char *line = xmalloc(len + 1), *orig;

		p.line++;
		memcpy(line, s, len);
		while (len && isspace((unsigned char)line[len - 1]))
			len--;
		line[len] = '\0';
		orig = xstrdup(line);
		rc = parse_line(&p, line, orig, &cur);
		free(line);
		free(orig);
		if (rc)
			goto fail;
		s = *e ? e + 1 : e;
	}
	if (cur && (rc = rule_finish(&p, cur)))
		goto fail;
	for (int i = 0; i < p.ndisable; i++) {
		bool known = ruleset_find(rs, p.disable[i]) >= 0;

		for (int k = 0; k < p.n && !known; k++)
			known = strcmp(p.rule[k]->name, p.disable[i]) == 0;
		if (!known) {
			p.line = p.disable_line[i];
			rc = perr(&p, p.disable_col[i], "no rule named '%s' to disable",
				  p.disable[i]);
			goto fail;
		}
	}
	/* all good: merge, a rule of the same name replacing the older one */
	for (int i = 0; i < p.n; i++) {
		int k = ruleset_find(rs, p.rule[i]->name);

		if (k >= 0) {
			rule_free(rs->rule[k]);
			rs->rule[k] = p.rule[i];
			continue;
		}
		if (rs->n == rs->cap) {
			rs->cap = rs->cap ? rs->cap * 2 : 16;
			rs->rule = xrealloc(rs->rule, (size_t)rs->cap * sizeof(*rs->rule));
		}
		rs->rule[rs->n++] = p.rule[i];
	}
	for (int i = 0; i < p.ndisable; i++)
		rs->rule[ruleset_find(rs, p.disable[i])]->disabled = true;
	ruleset_index(rs);
	parser_free(&p, false);
	return 0;
fail:
	parser_free(&p, true);
	return rc;
}

int
ruleset_load(struct sl_ruleset *rs, const char *path, char *err, size_t errlen)
{
	struct sl_strbuf sb = SL_STRBUF_INIT;
	char buf[8192];
	ssize_t n;
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return rc;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		strbuf_add(&sb, buf, (size_t)n);
		if (sb.len > RULES_FILE_MAX) {
			snprintf(err, errlen, "%s: too big for a rule file", path);
			rc = -EFBIG;
			goto out;
		}
	}
	if (n < 0) {
		rc = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	rc = ruleset_parse(rs, path, strbuf_str(&sb), err, errlen);
out:
	close(fd);
	strbuf_free(&sb);
	return rc;
}

struct sl_ruleset *
ruleset_new(void)
{
	struct sl_ruleset *rs = xcalloc(1, sizeof(*rs));

	rs->md = pcre2_match_data_create(1, NULL);
	if (!rs->md) {
		fprintf(stderr, "syslens: out of memory\n");
		abort();
	}
	rs->fields = rule_fields_new();
	return rs;
}

struct sl_ruleset *
ruleset_new_default(void)
{
	struct sl_ruleset *rs = ruleset_new();
	char err[256];

	if (ruleset_parse(rs, "<default>", rules_default_text(), err, sizeof(err))) {
		fprintf(stderr, "syslens: built-in rules: %s\n", err);
		abort();
	}
	return rs;
}

void
ruleset_free(struct sl_ruleset *rs)
{
	if (!rs)
		return;
	for (int i = 0; i < rs->n; i++)
		rule_free(rs->rule[i]);
	free(rs->rule);
	pcre2_match_data_free(rs->md);
	free(rs->fields);
	free(rs);
}

int
ruleset_size(const struct sl_ruleset *rs)
{
	return rs->n;
}

const struct sl_rule_info *
ruleset_info(const struct sl_ruleset *rs, int i)
{
	return i >= 0 && i < rs->n ? &rs->rule[i]->info : NULL;
}

bool
ruleset_enabled(const struct sl_ruleset *rs, int i)
{
	return i >= 0 && i < rs->n && !rs->rule[i]->disabled;
}

unsigned
ruleset_needs(const struct sl_ruleset *rs)
{
	return rs->all_needs;
}

unsigned
ruleset_wants(const struct sl_ruleset *rs, const struct sl_event *ev)
{
	int a;

	if (ev->type != SL_EV_SYSCALL || ev->nr >= SL_NR_MAX)
		return 0;
	a = syscall_arch_index(ev->arch);
	if (a < 0 || !((rs->any[a][ev->nr / 64] >> (ev->nr % 64)) & 1))
		return 0;
	return SL_RULE_CANDIDATE | rs->needs[a][ev->nr];
}

const struct sl_rule_info *
ruleset_match(const struct sl_ruleset *rs, const struct sl_event *ev,
	      const struct sl_rule_proc *proc)
{
	const struct rule *best = NULL;
	int a;

	if (!ruleset_wants(rs, ev))
		return NULL;
	a = syscall_arch_index(ev->arch);
	rule_fields_reset(rs->fields, ev);
	for (int i = 0; i < rs->n; i++) {
		const struct rule *r = rs->rule[i];

		if (r->disabled || (best && r->info.severity <= best->info.severity))
			continue;
		if (!r->any_syscall && !((r->sys[a][ev->nr / 64] >> (ev->nr % 64)) & 1))
			continue;
		if ((ev->flags & SL_EVF_INFLIGHT) && r->wants_result)
			continue;
		if (rule_match(rs, r, ev, proc, rs->fields))
			best = r;
	}
	return best ? &best->info : NULL;
}

void
ruleset_dump(const struct sl_ruleset *rs, FILE *f)
{
	const char *t = rules_default_text();

	/* the format's own description: the default text's opening comment */
	while (*t == '#') {
		const char *e = strchrnul(t, '\n');

		fprintf(f, "%.*s\n", (int)(e - t), t);
		t = *e ? e + 1 : e;
	}
	for (int i = 0; i < rs->n; i++) {
		if (rs->rule[i]->disabled)
			continue;
		fprintf(f, "\n%s", rs->rule[i]->src);
	}
}

struct sl_ruleset *
rules_from_options(const struct sl_options *o, char *err, size_t errlen)
{
	struct sl_ruleset *rs = ruleset_new_default();

	if (o->rules_path && ruleset_load(rs, o->rules_path, err, errlen) < 0) {
		ruleset_free(rs);
		return NULL;
	}
	return rs;
}

int
rules_main(const struct sl_options *o)
{
	struct sl_ruleset *rs;
	char err[512];
	int n = 0;

	if (o->check_rules) {
		rs = ruleset_new_default();
		if (ruleset_load(rs, o->check_rules, err, sizeof(err)) < 0) {
			fprintf(stderr, "syslens: %s\n", err);
			ruleset_free(rs);
			return 1;
		}
		for (int i = 0; i < rs->n; i++)
			n += !rs->rule[i]->disabled;
		printf("%s: ok, %d rules enabled\n", o->check_rules, n);
		ruleset_free(rs);
		return 0;
	}
	rs = rules_from_options(o, err, sizeof(err));
	if (!rs) {
		fprintf(stderr, "syslens: %s\n", err);
		return 1;
	}
	ruleset_dump(rs, stdout);
	ruleset_free(rs);
	return fflush(stdout) == 0 ? 0 : 1;
}
