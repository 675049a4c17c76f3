/*
 * ptrace_start.c - how tracing begins: a launched command is forked,
 * seized and held at a stop of its own before execve (so the execve itself
 * is traced and the filter for -e is in place first); an attached process
 * has each of its threads seized and interrupted, rescanning until no new
 * thread appears.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ptrace_int.h"
#include "syslens/util.h"

extern char **environ;

/*
 * The file execvp would run for name.  Returns 0 with the path in out, or
 * -errno (ENOENT, EACCES) as execvp would fail.
 */
/*
 * 1 + the syscall tid is blocked in (/proc/TID/syscall), 0 when running or
 * unknown: attaching interrupts it, and a call cut with
 * ERESTART_RESTARTBLOCK goes on as restart_syscall, which names it.  A
 * thread already in restart_syscall (cut before, when nobody watched)
 * resumes a call nobody knows.
 */
static uint32_t
proc_blocked_nr(pid_t tid, int restart_nr)
{
	char path[64], line[64];
	ssize_t n;
	int fd;
	long nr;

	snprintf(path, sizeof(path), "/proc/%d/syscall", tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, line, sizeof(line) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	line[n] = '\0';
	if (line[0] < '0' || line[0] > '9')
		return 0;	/* "running", or -1 (not in a syscall) */
	nr = strtol(line, NULL, 10);
	return nr >= 0 && nr < 4096 && nr != restart_nr ? (uint32_t)nr + 1 : 0;
}

static int
resolve_command(const char *name, char *out, size_t outlen)
{
	const char *path = getenv("PATH");
	struct stat st;
	int err = -ENOENT;

	if (!*name)
		return -ENOENT;
	if (strchr(name, '/')) {
		if (stat(name, &st) < 0)
			return -errno;
		if (!S_ISREG(st.st_mode) || access(name, X_OK) < 0)
			return -EACCES;
		snprintf(out, outlen, "%s", name);
		return 0;
	}
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		const char *end = strchrnul(path, ':');
		int len = (int)(end - path);

		snprintf(out, outlen, "%.*s%s%s", len, path, len ? "/" : "", name);
		if (stat(out, &st) == 0) {
			if (S_ISREG(st.st_mode) && access(out, X_OK) == 0)
				return 0;
			err = -EACCES;
		}
		path = *end ? end + 1 : end;
	}
	return err;
}

/*
 * Pinning.  A ptrace stop is two context switches; when tracer and tracee
 * sit on different CPUs each one is a cross-CPU wake-up (an IPI and a
 * sleeping vCPU to rouse), which on small VMs costs far more than the stop
 * itself.  Measured on the 2-vCPU test VM (make bench, 200k getppid):
 * pinned 5.2 s, unpinned 6.8 s, strace 6.0 s; with only syslens pinned and
 * the tracee free it was no better than unpinned (the scheduler puts the
 * woken tracee on the idle CPU).  The issue's own figures on an idle VM
 * are starker (strace: 104 us per call unpinned, 6.2 us pinned).  The
 * tracer now spins briefly before sleeping in waitpid (ptrace.c), which
 * takes most of that cost away; pinning still halves what is left, but
 * its price is the traced command's behaviour: it sees one allowed CPU
 * (nproc says 1, so make -j and thread pools shrink) and runs its threads
 * on one CPU.  Watching must not change the program, so pinning is asked
 * for: SYSLENS_PIN=1 puts a launched command and syslens on the CPU
 * syslens runs on.  Attached processes are never re-pinned.
 */
static bool
pin_wanted(void)
{
	const char *e = getenv("SYSLENS_PIN");

	return e && strcmp(e, "1") == 0;
}

static void
pin_self(struct ptrace_collector *pt)
{
	cpu_set_t set;
	int cpu = sched_getcpu();

	if (cpu < 0 || !pin_wanted())
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	/* best effort; pinned, the tracer must not spin (ptrace.c) */
	pt->pinned = sched_setaffinity(0, sizeof(set), &set) == 0;
}

static void
child_fail(const char *what, int err)
{
	char msg[256];
	int n = snprintf(msg, sizeof(msg), "syslens: %s: %s\n", what, strerror(err));

	if (n > 0 && write(STDERR_FILENO, msg, (size_t)n) < 0)
		_exit(127);
	_exit(127);
}

/* Runs in the child between fork and exec: async-signal-safe calls only. */
static void
child_run(struct ptrace_collector *pt, const char *path, int syncfd)
{
	const struct sl_options *o = pt->o;
	sigset_t none;
	char c;

	signal(SIGPIPE, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (o->launch_tty_fd >= 0) {
		setsid();
		ioctl(o->launch_tty_fd, TIOCSCTTY, 0);
		dup2(o->launch_tty_fd, 0);
		dup2(o->launch_tty_fd, 1);
		dup2(o->launch_tty_fd, 2);
		if (o->launch_tty_fd > 2)
			close(o->launch_tty_fd);
	}
	/* wait until the parent has seized us */
	if (read(syncfd, &c, 1) != 1)
		_exit(127);
	close(syncfd);
	if (pt->filter.prog) {
		int rc = ptrace_filter_load(&pt->filter);

		if (rc < 0)
			child_fail("cannot install the seccomp filter", -rc);
	}
	/* stop so the tracer can start stepping syscalls before execve */
	syscall(SYS_kill, getpid(), SIGSTOP);
	execve(path, o->argv, environ);
	child_fail(o->argv[0], errno);
}

int
ptrace_launch(struct ptrace_collector *pt, char *why, size_t whylen)
{
	const struct sl_options *o = pt->o;
	char path[PATH_MAX];
	int sync[2], rc, status;
	long opts = PT_OPTIONS;
	pid_t pid;
	struct tracee *t;

	rc = resolve_command(o->argv[0], path, sizeof(path));
	if (rc < 0) {
		snprintf(why, whylen, "cannot run '%s': %s", o->argv[0], strerror(-rc));
		return rc;
	}
	if (o->trace) {
		rc = ptrace_filter_build(&pt->filter, o->trace, why, whylen);
		if (rc < 0)
			return rc;
		pt->seccomp = true;
		opts |= PTRACE_O_TRACESECCOMP;
	}
	if (o->kill_on_quit)
		opts |= PTRACE_O_EXITKILL;
	if (pipe2(sync, O_CLOEXEC) < 0) {
		rc = -errno;
		snprintf(why, whylen, "pipe: %s", strerror(errno));
		return rc;
	}
	pin_self(pt);
	pid = fork();
	if (pid < 0) {
		rc = -errno;
		snprintf(why, whylen, "fork: %s", strerror(errno));
		close(sync[0]);
		close(sync[1]);
		return rc;
	}
	if (pid == 0) {
		close(sync[1]);
		child_run(pt, path, sync[0]);
	}
	close(sync[0]);
	if (ptrace(PTRACE_SEIZE, pid, 0, (void *)opts) < 0) {
		rc = -errno;
		snprintf(why, whylen, "cannot trace '%s': %s", o->argv[0], strerror(errno));
		close(sync[1]);
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		return rc;
	}
	pt->launched = pid;
	t = ptrace_tracee_add(pt, pid, pid);
	t->flags |= T_HIDE;
	snprintf(t->comm, sizeof(t->comm), "%s", "syslens");
	if (write(sync[1], "g", 1) != 1) {
		rc = -errno;
		close(sync[1]);
		kill(pid, SIGKILL);
		waitpid(pid, &status, __WALL);
		ptrace_tracee_del(pt, t);
		snprintf(why, whylen, "cannot start '%s': %s", o->argv[0], strerror(-rc));
		return rc;
	}
	close(sync[1]);
	return 0;
}

/* Seize every thread of pid; new ones keep appearing until all are held. */
int
ptrace_attach(struct ptrace_collector *pt, pid_t pid, char *why, size_t whylen)
{
	long tgid = ptrace_proc_status_field(pid, "Tgid:", NULL);
	char dir[64];
	bool added;

	if (tgid <= 0) {
		snprintf(why, whylen, "cannot attach to pid %d: %s", pid, strerror(ESRCH));
		return -ESRCH;
	}
	if (tgid == getpid()) {
		snprintf(why, whylen, "cannot attach to pid %d: it is syslens itself", pid);
		return -EPERM;
	}
	snprintf(dir, sizeof(dir), "/proc/%ld/task", tgid);
	do {
		DIR *d = opendir(dir);
		struct dirent *de;

		added = false;
		if (!d) {
			snprintf(why, whylen, "cannot attach to pid %d: %s", pid, strerror(errno));
			return -ESRCH;
		}
		while ((de = readdir(d))) {
			pid_t tid = (pid_t)atoi(de->d_name);
			struct tracee *t;

			if (tid <= 0 || ptrace_tracee_find(pt, tid))
				continue;
			if (ptrace(PTRACE_SEIZE, tid, 0, (void *)(long)PT_OPTIONS) < 0) {
				int err = errno;

				if (err == ESRCH && tid != tgid)
					continue;	/* a thread that just ended */
				closedir(d);
				snprintf(why, whylen, "cannot attach to pid %d: %s", pid,
					 strerror(err));
				return -err;
			}
			t = ptrace_tracee_add(pt, tid, (pid_t)tgid);
			ptrace_proc_comm(tid, t->comm);
			t->resume_nr = proc_blocked_nr(tid, pt->nrs[0].restart);
			ptrace(PTRACE_INTERRUPT, tid, 0, 0);
			added = true;
		}
		closedir(d);
	} while (added);
	return 0;
}
