/*
 * match.c - matching one compiled rule against one event.
 *
 * The fields a rule looks at (paths, open flags, the socket address, the
 * exec path and argv) are decoded from the event's raw arguments and
 * payloads, only when a condition asks for them, and kept for the other
 * rules that look at the same event.
 */
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "rules_int.h"
#include "syslens/capture.h"
#include "syslens/util.h"

#ifndef O_PATH
#define O_PATH 010000000
#endif

#define MAX_PATHS	8
#define JOIN_MAX	(SL_CAPTURE_MAX + 256)
#define ARGV_MAX	4096

/* Syscalls whose arguments the matcher reads by position. */
enum sys_kind {
	K_OTHER,
	K_OPEN,		/* open(path, flags) */
	K_OPENAT,	/* openat(dirfd, path, flags) */
	K_OPENAT2,	/* openat2(dirfd, path, how) */
	K_CREAT,
	K_EXECVE,
	K_EXECVEAT,
	K_CHMOD,	/* chmod(path, mode), fchmod(fd, mode) */
	K_FCHMODAT,	/* fchmodat(dirfd, path, mode) */
	K_SYMLINK,	/* symlink(target, linkpath): the target is no path here */
	K_SYMLINKAT,
};

static uint8_t sys_kind[SL_ARCH_COUNT][SL_NR_MAX];
/* *at syscalls: a path argument is relative to the fd argument before it */
static uint8_t sys_at[SL_ARCH_COUNT][SL_NR_MAX];
static pthread_once_t sys_kind_once = PTHREAD_ONCE_INIT;

static void
sys_kind_build(void)
{
	static const uint32_t arches[SL_ARCH_COUNT] = { SL_ARCH_X86_64, SL_ARCH_I386 };
	static const struct {
		const char *name;
		uint8_t kind;
	} tab[] = {
		{ "open", K_OPEN }, { "openat", K_OPENAT }, { "openat2", K_OPENAT2 },
		{ "creat", K_CREAT }, { "execve", K_EXECVE },
		{ "execveat", K_EXECVEAT }, { "chmod", K_CHMOD },
		{ "fchmod", K_CHMOD }, { "fchmodat", K_FCHMODAT },
		{ "fchmodat2", K_FCHMODAT }, { "symlink", K_SYMLINK },
		{ "symlinkat", K_SYMLINKAT },
	};

	for (int a = 0; a < SL_ARCH_COUNT; a++) {
		for (size_t i = 0; i < ARRAY_SIZE(tab); i++) {
			int nr = syscall_lookup(arches[a], tab[i].name);

			if (nr >= 0 && nr < SL_NR_MAX)
				sys_kind[a][nr] = tab[i].kind;
		}
		for (uint32_t nr = 0; nr < SL_NR_MAX; nr++) {
			const char *n = syscall_name(arches[a], nr);
			size_t l = n ? strlen(n) : 0;

			if (!n || strcmp(n, "creat") == 0)
				continue;
			if ((l > 2 && strcmp(n + l - 2, "at") == 0) ||
			    (l > 3 && strcmp(n + l - 3, "at2") == 0) ||
			    strcmp(n, "statx") == 0)
				sys_at[a][nr] = 1;
		}
	}
}

/* The directory fd a path in argument `arg` is relative to. */
static int
dirfd_of(const struct sl_event *ev, unsigned arg)
{
	int a = syscall_arch_index(ev->arch);

	if (arg == 0 || a < 0 || ev->nr >= SL_NR_MAX || !sys_at[a][ev->nr])
		return AT_FDCWD;
	return (int)ev->args[arg - 1];
}

static int
kind_of(const struct sl_event *ev)
{
	int a = syscall_arch_index(ev->arch);

	pthread_once(&sys_kind_once, sys_kind_build);
	if (a < 0 || ev->nr >= SL_NR_MAX)
		return K_OTHER;
	return sys_kind[a][ev->nr];
}

enum {
	HAVE_PATHS = 1 << 0,
	HAVE_SOCK = 1 << 1,
	HAVE_EXEC = 1 << 2,
	HAVE_ARGV = 1 << 3,
};

struct fields {
	const struct sl_event *ev;
	const struct sl_rule_proc *proc;
	int kind;
	unsigned have;
	int npath;
	const char *path[MAX_PATHS];
	size_t plen[MAX_PATHS];
	char join[2][JOIN_MAX];
	int njoin;
	int family;		/* -1: no socket address */
	int alen;		/* 4 or 16 bytes of addr, 0 none */
	uint8_t addr[16];
	int port;		/* -1: none */
	char sun_path[sizeof(((struct sockaddr_un *)0)->sun_path) + 1];
	const char *exec;
	size_t execlen;
	char argv[ARGV_MAX];
	size_t argvlen;
};

void *
rule_fields_new(void)
{
	return xcalloc(1, sizeof(struct fields));
}

void
rule_fields_reset(void *fp, const struct sl_event *ev)
{
	struct fields *f = fp;

	f->ev = ev;
	f->kind = -1;
	f->have = 0;
}

static int
fields_kind(struct fields *f)
{
	if (f->kind < 0)
		f->kind = kind_of(f->ev);
	return f->kind;
}

/* A string payload's length without its NUL. */
static size_t
str_len(const struct sl_payload *pl)
{
	const char *s = (const char *)event_payload_data(pl);
	const char *z = memchr(s, '\0', pl->len);

	return z ? (size_t)(z - s) : pl->len;
}

static void
path_add(struct fields *f, const char *s, size_t len)
{
	if (f->npath < MAX_PATHS && len) {
		f->path[f->npath] = s;
		f->plen[f->npath++] = len;
	}
}

static void
sock_decode(struct fields *f, const unsigned char *d, size_t len)
{
	sa_family_t fam;

	if (len < sizeof(fam))
		return;
	memcpy(&fam, d, sizeof(fam));
	f->family = fam;
	if (fam == AF_INET && len >= sizeof(struct sockaddr_in)) {
		struct sockaddr_in in;

		memcpy(&in, d, sizeof(in));
		f->port = ntohs(in.sin_port);
		memcpy(f->addr, &in.sin_addr, 4);
		f->alen = 4;
	} else if (fam == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
		struct sockaddr_in6 in6;
		static const uint8_t mapped[12] = { [10] = 0xff, [11] = 0xff };

		memcpy(&in6, d, sizeof(in6));
		f->port = ntohs(in6.sin6_port);
		if (memcmp(&in6.sin6_addr, mapped, 12) == 0) {
			/* ::ffff:a.b.c.d is IPv4 on the wire */
			memcpy(f->addr, (uint8_t *)&in6.sin6_addr + 12, 4);
			f->alen = 4;
		} else {
			memcpy(f->addr, &in6.sin6_addr, 16);
			f->alen = 16;
		}
	} else if (fam == AF_UNIX && len > sizeof(fam)) {
		size_t n = SL_MIN(len - sizeof(fam), sizeof(f->sun_path) - 1);

		/* an abstract socket starts with a NUL: no path */
		memcpy(f->sun_path, d + sizeof(fam), n);
		f->sun_path[n] = '\0';
	}
}

static void
need_sock(struct fields *f)
{
	const struct sl_event *ev = f->ev;
	const struct sl_payload *pl;

	if (f->have & HAVE_SOCK)
		return;
	f->have |= HAVE_SOCK;
	f->family = -1;
	f->alen = 0;
	f->port = -1;
	f->sun_path[0] = '\0';
	for (pl = event_payload_first(ev); pl; pl = event_payload_next(ev, pl)) {
		if (pl->arg >= SL_NARGS || (pl->flags & SL_PLF_UNREADABLE))
			continue;
		if (pl->kind == SL_CAP_SOCKADDR || pl->kind == SL_CAP_SOCKADDR_P ||
		    (pl->kind == SL_CAP_MSGHDR && pl->part == 1)) {
			sock_decode(f, event_payload_data(pl), pl->len);
			return;
		}
	}
}

/*
 * Candidate paths: every string argument (a relative one joined to the
 * path of its directory fd when the collector captured it), the path of
 * a returned fd, the paths of fd arguments, a unix socket's path.
 */
static void
need_paths(struct fields *f)
{
	const struct sl_event *ev = f->ev;
	const struct sl_payload *pl;
	int kind = fields_kind(f);
	unsigned str_args = 0;

	if (f->have & HAVE_PATHS)
		return;
	f->have |= HAVE_PATHS;
	f->npath = 0;
	f->njoin = 0;
	for (pl = event_payload_first(ev); pl; pl = event_payload_next(ev, pl))
		if (pl->arg < SL_NARGS && pl->kind == SL_CAP_STR)
			str_args |= 1u << pl->arg;
	for (pl = event_payload_first(ev); pl; pl = event_payload_next(ev, pl)) {
		const char *s = (const char *)event_payload_data(pl);
		size_t len;

		if (pl->flags & SL_PLF_UNREADABLE)
			continue;
		if (pl->arg >= SL_PL_FDPATH_BASE) {
			unsigned a = pl->arg - SL_PL_FDPATH_BASE;

			/* a directory fd only counts joined to its path */
			if (a < SL_NARGS && (str_args >> (a + 1)) & 1)
				continue;
			path_add(f, s, str_len(pl));
			continue;
		}
		if (pl->arg >= SL_NARGS || pl->kind != SL_CAP_STR)
			continue;
		if ((kind == K_SYMLINK || kind == K_SYMLINKAT) && pl->arg == 0)
			continue;
		len = str_len(pl);
		if (len && s[0] != '/' && f->njoin < 2) {
			const struct sl_payload *dir = NULL;
			const char *d = NULL;
			size_t dl = 0;
			int dfd = dirfd_of(ev, pl->arg);

			if (dfd != AT_FDCWD)
				dir = event_payload_find(ev, SL_PL_FDPATH_BASE + pl->arg - 1, 0);
			if (dir && !(dir->flags & SL_PLF_UNREADABLE)) {
				d = (const char *)event_payload_data(dir);
				dl = str_len(dir);
			} else if (f->proc && f->proc->dirpath &&
				   (d = f->proc->dirpath(f->proc->ctx, ev->tid, dfd))) {
				dl = strlen(d);
			}
			if (d && dl && d[0] == '/') {
				char *j = f->join[f->njoin++];
				size_t sl = SL_MIN(len, JOIN_MAX / 2 - 2);

				dl = SL_MIN(dl, JOIN_MAX / 2);
				memcpy(j, d, dl);
				if (d[dl - 1] != '/')
					j[dl++] = '/';
				memcpy(j + dl, s, sl);
				path_add(f, j, dl + sl);
				continue;
			}
		}
		path_add(f, s, len);
	}
	need_sock(f);
	if (f->sun_path[0])
		path_add(f, f->sun_path, strlen(f->sun_path));
}

bool
rule_is_exec(const struct sl_event *ev)
{
	int kind = kind_of(ev);

	return ev->type == SL_EV_SYSCALL && (kind == K_EXECVE || kind == K_EXECVEAT);
}

const char *
rule_exec_path(const struct sl_event *ev, size_t *len)
{
	const struct sl_payload *pl;
	int kind = kind_of(ev);

	if (kind != K_EXECVE && kind != K_EXECVEAT)
		return NULL;
	pl = event_payload_find(ev, kind == K_EXECVE ? 0 : 1, 0);
	if (!pl || pl->kind != SL_CAP_STR || (pl->flags & SL_PLF_UNREADABLE))
		return NULL;
	*len = str_len(pl);
	return (const char *)event_payload_data(pl);
}

static void
need_exec(struct fields *f)
{
	if (f->have & HAVE_EXEC)
		return;
	f->have |= HAVE_EXEC;
	f->exec = rule_exec_path(f->ev, &f->execlen);
}

/* argv joined with single spaces. */
static void
need_argv(struct fields *f)
{
	const struct sl_event *ev = f->ev;
	const struct sl_payload *pl;
	int kind = fields_kind(f);
	unsigned arg = kind == K_EXECVEAT ? 2 : 1;

	if (f->have & HAVE_ARGV)
		return;
	f->have |= HAVE_ARGV;
	f->argvlen = 0;
	if (kind != K_EXECVE && kind != K_EXECVEAT)
		return;
	/* parts come in order; a gap or the closing marker ends argv */
	for (unsigned part = 0; part < SL_ARRAY_MAX; part++) {
		size_t len;

		pl = event_payload_find(ev, arg, part);
		if (!pl || pl->kind != SL_CAP_STRV ||
		    (pl->len == 0 && (pl->flags & SL_PLF_TRUNCATED)))
			break;
		len = str_len(pl);
		if (f->argvlen + len + 1 >= sizeof(f->argv))
			break;
		if (part)
			f->argv[f->argvlen++] = ' ';
		memcpy(f->argv + f->argvlen, event_payload_data(pl), len);
		f->argvlen += len;
	}
}

static bool
re_match(const struct sl_ruleset *rs, const pcre2_code *re, const char *s,
	 size_t len)
{
	return pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, rs->md, NULL) >= 0;
}

static bool
net_contains(const struct net_range *nr, const uint8_t *addr, int alen)
{
	unsigned bits = nr->bits, full;

	if ((alen == 16) != nr->v6)
		return false;
	full = bits / 8;
	if (memcmp(nr->addr, addr, full) != 0)
		return false;
	if (bits % 8) {
		uint8_t m = (uint8_t)(0xff << (8 - bits % 8));

		return (nr->addr[full] & m) == (addr[full] & m);
	}
	return true;
}

/* The open flags of an open-family call, or -1 when not one. */
static int64_t
open_flags(struct fields *f)
{
	const struct sl_event *ev = f->ev;
	const struct sl_payload *pl;
	uint64_t v;

	switch (fields_kind(f)) {
	case K_OPEN:
		return (int64_t)(uint32_t)ev->args[1];
	case K_OPENAT:
		return (int64_t)(uint32_t)ev->args[2];
	case K_CREAT:
		return O_WRONLY | O_CREAT | O_TRUNC;
	case K_OPENAT2:
		/* struct open_how starts with the u64 flags */
		pl = event_payload_find(ev, 2, 0);
		if (!pl || pl->len < sizeof(v) || (pl->flags & SL_PLF_UNREADABLE))
			return -1;
		memcpy(&v, event_payload_data(pl), sizeof(v));
		return (int64_t)(uint32_t)v;
	}
	return -1;
}

static int64_t
chmod_mode(struct fields *f)
{
	switch (fields_kind(f)) {
	case K_CHMOD:
		return (int64_t)f->ev->args[1];
	case K_FCHMODAT:
		return (int64_t)f->ev->args[2];
	}
	return -1;
}

static bool
cond_eval(const struct sl_ruleset *rs, const struct rule_cond *c,
	  struct fields *f, const struct sl_rule_proc *proc)
{
	const struct sl_event *ev = f->ev;
	int64_t v;

	switch (c->field) {
	case F_PATH:
		need_paths(f);
		for (int i = 0; i < f->npath; i++)
			if (re_match(rs, c->re, f->path[i], f->plen[i]))
				return true;
		return false;
	case F_ACCESS: {
		unsigned acc = 0;

		v = open_flags(f);
		if (v < 0 || (v & O_PATH))
			return false;
		if ((v & O_ACCMODE) != O_WRONLY)
			acc |= ACC_READ;
		if ((v & O_ACCMODE) != O_RDONLY || (v & (O_CREAT | O_TRUNC)))
			acc |= ACC_WRITE;
		return (acc & c->mask) != 0;
	}
	case F_FAMILY:
		need_sock(f);
		for (int i = 0; i < c->nnum; i++)
			if (f->family == c->num[i])
				return true;
		return false;
	case F_ADDR:
		need_sock(f);
		if (!f->alen)
			return false;
		for (int i = 0; i < c->nnet; i++)
			if (net_contains(&c->net[i], f->addr, f->alen))
				return true;
		return false;
	case F_PORT:
		need_sock(f);
		if (f->port < 0)
			return false;
		for (int i = 0; i + 1 < c->nnum; i += 2)
			if (f->port >= c->num[i] && f->port <= c->num[i + 1])
				return true;
		return false;
	case F_EXEC:
		need_exec(f);
		return f->exec && re_match(rs, c->re, f->exec, f->execlen);
	case F_ARGV:
		need_argv(f);
		return re_match(rs, c->re, f->argv, f->argvlen);
	case F_COMM:
		return re_match(rs, c->re, ev->comm, strnlen(ev->comm, SL_COMM_LEN));
	case F_EXE:
		return proc && proc->exe && re_match(rs, c->re, proc->exe, strlen(proc->exe));
	case F_CONTAINER: {
		bool in = proc && proc->container && proc->container[0];

		return (c->mask & (in ? 1 : 2)) != 0;
	}
	case F_CONTAINER_ID:
		return proc && proc->container && proc->container[0] &&
		       re_match(rs, c->re, proc->container, strlen(proc->container));
	case F_RESULT:
		if (ev->flags & (SL_EVF_INFLIGHT | SL_EVF_NOEXIT))
			return false;
		if (ev->ret >= 0 || ev->ret <= -4096)
			return (c->mask & RES_SUCCESS) != 0;
		if (c->mask & RES_FAILURE)
			return true;
		for (int i = 0; i < c->nnum; i++)
			if (-ev->ret == c->num[i])
				return true;
		return false;
	case F_MODE:
		v = chmod_mode(f);
		return v >= 0 && (v & c->mask) != 0;
	default:
		if (c->field >= F_ARG0 && c->field <= F_ARG5) {
			uint64_t a = ev->args[c->field - F_ARG0];

			for (int i = 0; i < c->nnum; i++)
				if (a == (uint64_t)c->num[i])
					return true;
		}
		return false;
	}
}

bool
rule_match(const struct sl_ruleset *rs, const struct rule *r,
	   const struct sl_event *ev, const struct sl_rule_proc *proc,
	   void *fields)
{
	struct fields *f = fields;

	(void)ev;
	f->proc = proc;
	for (int i = 0; i < r->ncond; i++)
		if (cond_eval(rs, &r->cond[i], f, proc) == r->cond[i].neg)
			return false;
	return true;
}
