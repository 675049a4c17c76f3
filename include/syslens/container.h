/*
 * container.h - which cgroup and which container a process belongs to,
 * and its pid as seen inside its own pid namespace.
 *
 * A "container" here is what the cgroup path names: docker, containerd,
 * cri-o, podman and kubepods (with the pod uid) all put the container id
 * in the last components of the cgroup path.  Works on cgroup v2 and on
 * hybrid hosts (v1 controllers plus a v2 hierarchy mounted elsewhere).
 */
#ifndef SYSLENS_CONTAINER_H
#define SYSLENS_CONTAINER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define SL_CGROUP_PATH_MAX	512
#define SL_CONTAINER_ID_MAX	65	/* 64 hex digits and a NUL */
#define SL_POD_UID_MAX		40

struct sl_container_info {
	char cgroup[SL_CGROUP_PATH_MAX];	/* v2 path, "/user.slice/..." ("" unknown) */
	char id[SL_CONTAINER_ID_MAX];		/* container id, "" when none */
	char pod[SL_POD_UID_MAX];		/* kubepods pod uid, "" when none */
	const char *runtime;			/* "docker", "containerd", "cri-o",
						 * "podman", "kubepods" or NULL */
	pid_t ns_pid;				/* pid in its own namespace (0 unknown) */
};

/* What --cgroup / --container resolve to. */
struct sl_cgroup_target {
	char dir[SL_CGROUP_PATH_MAX + 64];	/* absolute path of the cgroup directory */
	uint64_t id;				/* cgroup id: inode of that directory */
};

/*
 * Where the cgroup v2 hierarchy is mounted ("/sys/fs/cgroup" or, on hybrid
 * hosts, "/sys/fs/cgroup/unified").  Never NULL; static storage.
 */
const char *container_cgroup_root(void);

/*
 * Parse a cgroup path for a container id.  Fills id, pod and runtime of
 * `ci` (cgroup and ns_pid are left alone).  Returns true when a container
 * or pod was recognised.
 */
bool container_parse_cgroup(const char *path, struct sl_container_info *ci);

/*
 * The cgroup path, container id and namespaced pid of a live process
 * (from /proc/PID/cgroup and /proc/PID/status).  Returns 0 or -errno
 * (-ESRCH when the process is gone).
 */
int container_of_pid(pid_t pid, struct sl_container_info *ci);

/*
 * The cgroup path and container of a cgroup id (the inode of its
 * directory), for a process already gone when its event is looked at.
 * Walks the cgroup tree: callers cache the answer.  Returns 0 or -ENOENT.
 */
int container_of_cgroup_id(uint64_t id, struct sl_container_info *ci);

/* A live process's pid in its own pid namespace.  Returns 0 or -errno. */
int container_ns_pid(pid_t pid, pid_t *ns_pid);

/*
 * Resolve --cgroup PATH (absolute under the v2 root, or relative to it)
 * or --container ID (a unique prefix of a container id found in the
 * cgroup tree).  Returns 0, or -errno with one line for the user in why.
 */
int container_resolve(const char *cgroup, const char *container,
		      struct sl_cgroup_target *t, char *why, size_t whylen);

/*
 * Every process in the cgroup directory `dir` and its descendants.  On
 * success *pids is malloc'd (the caller frees it) and *n set.  Returns 0
 * or -errno.
 */
int container_pids(const char *dir, pid_t **pids, int *n);

struct sl_options;

/*
 * Resolve o->cgroup / o->container and store the result in
 * o->cgroup_dir (static storage) and o->cgroup_id, for the collectors:
 * the eBPF one filters on the id in the kernel.  Returns 0, or -errno
 * with one line in why.
 */
int container_apply_options(struct sl_options *o, char *why, size_t whylen);

/*
 * For a collector that cannot filter by cgroup (ptrace): turn "every
 * process of the container" into attaching to the processes it holds
 * now (their children are followed).  Returns 0, or -errno with one line
 * in why (-ESRCH when the cgroup holds no process).
 */
int container_attach_pids(struct sl_options *o, char *why, size_t whylen);

#endif /* SYSLENS_CONTAINER_H */
