/*
 * container.c - cgroup path, container id and namespaced pid of a
 * process; resolving --cgroup and --container to a cgroup directory.
 *
 * Container runtimes name their cgroups after the container id:
 *   /system.slice/docker-<64 hex>.scope           docker, systemd driver
 *   /docker/<64 hex>                              docker, cgroupfs driver
 *   /kubepods.slice/kubepods-besteffort.slice/
 *     kubepods-besteffort-pod<uid>.slice/cri-containerd-<64 hex>.scope
 *   /kubepods/burstable/pod<uid>/<64 hex>         kubelet, cgroupfs driver
 *   crio-<64 hex>.scope, libpod-<64 hex>.scope     cri-o, podman
 * so reading the id back needs no runtime socket.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "syslens/container.h"
#include "syslens/options.h"
#include "syslens/util.h"

#define ID_LEN		64
#define WALK_DEPTH	32

static const struct {
	const char *prefix;
	const char *runtime;
} id_prefixes[] = {
	{ "docker-", "docker" },
	{ "cri-containerd-", "containerd" },
	{ "containerd-", "containerd" },
	{ "crio-", "cri-o" },
	{ "libpod-", "podman" },
};

const char *
container_cgroup_root(void)
{
	static char root[256];
	char line[1024];
	FILE *f;

	if (root[0])
		return root;
	snprintf(root, sizeof(root), "/sys/fs/cgroup");
	f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return root;
	while (fgets(line, sizeof(line), f)) {
		char mnt[256], fstype[64];
		const char *sep = strstr(line, " - ");

		if (!sep || sscanf(sep + 3, "%63s", fstype) != 1 ||
		    strcmp(fstype, "cgroup2") != 0)
			continue;
		if (sscanf(line, "%*s %*s %*s %*s %255s", mnt) != 1)
			continue;
		snprintf(root, sizeof(root), "%s", mnt);
		if (strcmp(mnt, "/sys/fs/cgroup") == 0)
			break;	/* the unified layout: look no further */
	}
	fclose(f);
	return root;
}

static bool
is_hex_id(const char *s, size_t n)
{
	if (n != ID_LEN)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/*
 * Does one path component name a container?  On success copies the id
 * (lower case) and sets *runtime (NULL for a bare id, whose runtime the
 * caller infers from the rest of the path).
 */
static bool
component_id(const char *c, size_t n, char *id, const char **runtime)
{
	const char *rt = NULL;

	if (n > 6 && memcmp(c + n - 6, ".scope", 6) == 0)
		n -= 6;
	for (size_t i = 0; i < ARRAY_SIZE(id_prefixes); i++) {
		size_t pl = strlen(id_prefixes[i].prefix);

		if (n > pl && memcmp(c, id_prefixes[i].prefix, pl) == 0) {
			c += pl;
			n -= pl;
			rt = id_prefixes[i].runtime;
			break;
		}
	}
	if (!is_hex_id(c, n))
		return false;
	for (size_t i = 0; i < n; i++)
		id[i] = (char)tolower((unsigned char)c[i]);
	id[n] = '\0';
	*runtime = rt;
	return true;
}

/* "pod<uid>" or "kubepods-besteffort-pod<uid>.slice": the uid, dashed. */
static bool
component_pod(const char *c, size_t n, char *pod, size_t podlen)
{
	const char *p = NULL;
	size_t k = 0;

	for (size_t i = 0; i + 3 <= n; i++)
		if (memcmp(c + i, "pod", 3) == 0 && (i == 0 || c[i - 1] == '-'))
			p = c + i + 3;
	if (!p)
		return false;
	n -= (size_t)(p - c);
	if (n > 6 && memcmp(p + n - 6, ".slice", 6) == 0)
		n -= 6;
	if (n < 32 || n >= podlen)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = p[i] == '_' ? '-' : p[i];

		if (!isxdigit((unsigned char)ch) && ch != '-')
			return false;
		pod[k++] = ch;
	}
	pod[k] = '\0';
	return true;
}

bool
container_parse_cgroup(const char *path, struct sl_container_info *ci)
{
	const char *comp[WALK_DEPTH * 2];
	size_t len[WALK_DEPTH * 2];
	int n = 0;
	bool kube = false, docker = false;

	ci->id[0] = '\0';
	ci->pod[0] = '\0';
	ci->runtime = NULL;
	for (const char *p = path; *p && n < (int)ARRAY_SIZE(comp);) {
		const char *e;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		e = strchrnul(p, '/');
		comp[n] = p;
		len[n++] = (size_t)(e - p);
		p = e;
	}
	for (int i = 0; i < n; i++) {
		if (len[i] >= 8 && memcmp(comp[i], "kubepods", 8) == 0)
			kube = true;
		if (len[i] == 6 && memcmp(comp[i], "docker", 6) == 0)
			docker = true;
		if (kube && !ci->pod[0])
			component_pod(comp[i], len[i], ci->pod, sizeof(ci->pod));
	}
	/* the deepest id wins: a container nested in another is the inner one */
	for (int i = n - 1; i >= 0; i--) {
		const char *rt;

		if (component_id(comp[i], len[i], ci->id, &rt)) {
			ci->runtime = rt ? rt : docker ? "docker" :
				      kube ? "kubepods" : "container";
			return true;
		}
	}
	if (ci->pod[0]) {
		ci->runtime = "kubepods";
		return true;
	}
	return false;
}

static int
read_ns_pid(pid_t pid, pid_t *ns_pid)
{
	char path[64], line[256];
	FILE *f;
	int rc = -ENOENT;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char *last, *p;

		if (strncmp(line, "NSpid:", 6) != 0)
			continue;
		/* the last field is the pid in the innermost namespace */
		last = NULL;
		for (p = strtok(line + 6, " \t\n"); p; p = strtok(NULL, " \t\n"))
			last = p;
		if (last) {
			*ns_pid = (pid_t)atoi(last);
			rc = 0;
		}
		break;
	}
	fclose(f);
	return rc;
}

int
container_ns_pid(pid_t pid, pid_t *ns_pid)
{
	return read_ns_pid(pid, ns_pid);
}

int
container_of_pid(pid_t pid, struct sl_container_info *ci)
{
	char path[64], line[SL_CGROUP_PATH_MAX + 64];
	char v1[SL_CGROUP_PATH_MAX] = "";
	FILE *f;

	memset(ci, 0, sizeof(*ci));
	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? -ESRCH : -errno;
	while (fgets(line, sizeof(line), f)) {
		char *p = strchr(line, ':');

		line[strcspn(line, "\n")] = '\0';
		if (!p || !(p = strchr(p + 1, ':')))
			continue;
		p++;
		if (strncmp(line, "0::", 3) == 0)
			snprintf(ci->cgroup, sizeof(ci->cgroup), "%s", p);
		else if (!v1[0] && strcmp(p, "/") != 0) {
			struct sl_container_info tmp;

			/* v1 hierarchies on hybrid hosts may name the container */
			if (container_parse_cgroup(p, &tmp))
				snprintf(v1, sizeof(v1), "%s", p);
		}
	}
	fclose(f);
	if (!container_parse_cgroup(ci->cgroup, ci) && v1[0])
		container_parse_cgroup(v1, ci);
	read_ns_pid(pid, &ci->ns_pid);
	return 0;
}

struct walk {
	const char *prefix;
	size_t prefix_len;
	char found_id[SL_CONTAINER_ID_MAX];
	char found_dir[SL_CGROUP_PATH_MAX + 64];
	int found_depth;
	char other_id[SL_CONTAINER_ID_MAX];
};

/* Depth-first over cgroup directories, calling back on each. */
static void
walk_dirs(char *path, size_t cap, int depth,
	  void (*fn)(const char *path, const char *name, int depth, void *arg),
	  void *arg)
{
	DIR *d;
	struct dirent *de;
	size_t len = strlen(path);

	if (depth > WALK_DEPTH || !(d = opendir(path)))
		return;
	while ((de = readdir(d))) {
		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		if (len + 1 + strlen(de->d_name) + 1 > cap)
			continue;
		path[len] = '/';
		strcpy(path + len + 1, de->d_name);
		fn(path, de->d_name, depth, arg);
		walk_dirs(path, cap, depth + 1, fn, arg);
		path[len] = '\0';
	}
	closedir(d);
}

static void
walk_match(const char *path, const char *name, int depth, void *arg)
{
	struct walk *w = arg;
	char id[SL_CONTAINER_ID_MAX];
	const char *rt;

	if (!component_id(name, strlen(name), id, &rt) ||
	    strncmp(id, w->prefix, w->prefix_len) != 0)
		return;
	if (!w->found_id[0]) {
		snprintf(w->found_id, sizeof(w->found_id), "%s", id);
		snprintf(w->found_dir, sizeof(w->found_dir), "%s", path);
		w->found_depth = depth;
	} else if (strcmp(w->found_id, id) != 0) {
		snprintf(w->other_id, sizeof(w->other_id), "%s", id);
	} else if (depth < w->found_depth) {
		snprintf(w->found_dir, sizeof(w->found_dir), "%s", path);
		w->found_depth = depth;
	}
}

static int
target_stat(struct sl_cgroup_target *t, char *why, size_t whylen,
	    const char *what)
{
	struct stat st;
	char procs[sizeof(t->dir) + 16];

	snprintf(procs, sizeof(procs), "%s/cgroup.procs", t->dir);
	if (stat(t->dir, &st) < 0 || !S_ISDIR(st.st_mode) ||
	    access(procs, R_OK) < 0) {
		snprintf(why, whylen, "%s: no cgroup directory %s", what, t->dir);
		return -ENOENT;
	}
	t->id = (uint64_t)st.st_ino;
	return 0;
}

int
container_resolve(const char *cgroup, const char *container,
		  struct sl_cgroup_target *t, char *why, size_t whylen)
{
	const char *root = container_cgroup_root();
	char what[160];
	size_t rl = strlen(root);

	memset(t, 0, sizeof(*t));
	if (cgroup) {
		snprintf(what, sizeof(what), "--cgroup '%.120s'", cgroup);
		if (strncmp(cgroup, root, rl) == 0 &&
		    (cgroup[rl] == '/' || cgroup[rl] == '\0'))
			snprintf(t->dir, sizeof(t->dir), "%s", cgroup);
		else {
			while (*cgroup == '/')
				cgroup++;
			snprintf(t->dir, sizeof(t->dir), "%s/%s", root, cgroup);
		}
		/* the root itself would be "every process": say -a for that */
		return target_stat(t, why, whylen, what);
	}

	struct walk w = { 0 };
	char path[sizeof(t->dir)];
	char lower[SL_CONTAINER_ID_MAX];
	size_t n = strlen(container);

	snprintf(what, sizeof(what), "--container '%.70s'", container);
	if (n == 0 || n > ID_LEN) {
		snprintf(why, whylen, "%s: not a container id", what);
		return -EINVAL;
	}
	for (size_t i = 0; i < n; i++) {
		if (!isxdigit((unsigned char)container[i])) {
			snprintf(why, whylen, "%s: not a container id (hex digits)", what);
			return -EINVAL;
		}
		lower[i] = (char)tolower((unsigned char)container[i]);
	}
	lower[n] = '\0';
	w.prefix = lower;
	w.prefix_len = n;
	snprintf(path, sizeof(path), "%s", root);
	walk_dirs(path, sizeof(path), 0, walk_match, &w);
	if (!w.found_id[0]) {
		snprintf(why, whylen, "%s: no container with that id under %s",
			 what, root);
		return -ENOENT;
	}
	if (w.other_id[0]) {
		snprintf(why, whylen, "%s: ambiguous, matches %.12s and %.12s",
			 what, w.found_id, w.other_id);
		return -EINVAL;
	}
	snprintf(t->dir, sizeof(t->dir), "%s", w.found_dir);
	return target_stat(t, why, whylen, what);
}

struct by_id {
	uint64_t id;
	char found[SL_CGROUP_PATH_MAX + 64];
};

static void
walk_by_id(const char *path, const char *name, int depth, void *arg)
{
	struct by_id *b = arg;
	struct stat st;

	(void)name;
	(void)depth;
	if (!b->found[0] && stat(path, &st) == 0 && (uint64_t)st.st_ino == b->id)
		snprintf(b->found, sizeof(b->found), "%s", path);
}

int
container_of_cgroup_id(uint64_t id, struct sl_container_info *ci)
{
	const char *root = container_cgroup_root();
	char path[SL_CGROUP_PATH_MAX + 64];
	struct by_id b = { .id = id };

	memset(ci, 0, sizeof(*ci));
	snprintf(path, sizeof(path), "%s", root);
	walk_dirs(path, sizeof(path), 0, walk_by_id, &b);
	if (!b.found[0])
		return -ENOENT;
	snprintf(ci->cgroup, sizeof(ci->cgroup), "%s", b.found + strlen(root));
	container_parse_cgroup(ci->cgroup, ci);
	return 0;
}

struct pidlist {
	pid_t *v;
	int n, cap;
};

static void
pids_read(const char *dir, struct pidlist *pl)
{
	char path[SL_CGROUP_PATH_MAX + 96];
	FILE *f;
	long v;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	f = fopen(path, "re");
	if (!f)
		return;
	while (fscanf(f, "%ld", &v) == 1) {
		if (pl->n == pl->cap) {
			pl->cap = pl->cap ? pl->cap * 2 : 16;
			pl->v = xrealloc(pl->v, (size_t)pl->cap * sizeof(*pl->v));
		}
		pl->v[pl->n++] = (pid_t)v;
	}
	fclose(f);
}

static void
walk_pids(const char *path, const char *name, int depth, void *arg)
{
	(void)name;
	(void)depth;
	pids_read(path, arg);
}

int
container_pids(const char *dir, pid_t **pids, int *n)
{
	struct pidlist pl = { 0 };
	char path[SL_CGROUP_PATH_MAX + 64];
	struct stat st;

	if (stat(dir, &st) < 0)
		return -errno;
	snprintf(path, sizeof(path), "%s", dir);
	pids_read(path, &pl);
	walk_dirs(path, sizeof(path), 0, walk_pids, &pl);
	*pids = pl.v;
	*n = pl.n;
	return 0;
}

int
container_apply_options(struct sl_options *o, char *why, size_t whylen)
{
	static struct sl_cgroup_target t;
	int rc;

	if (!o->cgroup && !o->container)
		return 0;
	rc = container_resolve(o->cgroup, o->container, &t, why, whylen);
	if (rc < 0)
		return rc;
	o->cgroup_dir = t.dir;
	o->cgroup_id = t.id;
	return 0;
}

int
container_attach_pids(struct sl_options *o, char *why, size_t whylen)
{
	pid_t *pids;
	int n, rc;

	if (o->mode != SL_MODE_ALL || !o->cgroup_dir)
		return 0;
	rc = container_pids(o->cgroup_dir, &pids, &n);
	if (rc < 0) {
		snprintf(why, whylen, "%s: %s", o->cgroup_dir, strerror(-rc));
		return rc;
	}
	if (n == 0) {
		free(pids);
		snprintf(why, whylen, "no process in cgroup %s", o->cgroup_dir);
		return -ESRCH;
	}
	free(o->pids);
	o->pids = pids;
	o->npids = n;
	o->mode = SL_MODE_ATTACH;
	return 0;
}
