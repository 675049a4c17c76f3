/*
 * test_ptrace.c - the ptrace collector, driven directly: real tracee
 * programs from tests/progs/, every event kept by a capturing sink and
 * checked field by field (tids, flags, seq pairing, payload bytes), which
 * the text output cannot show until the decoders print them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>
#include <linux/sched.h>
#include <cmocka.h>

#include "syslens/capture.h"
#include "syslens/collector.h"
#include "syslens/event.h"
#include "syslens/options.h"
#include "syslens/syscalls.h"
#include "syslens/traceset.h"
#include "syslens/util.h"

#define PROGS "build/progs/"

struct capture {
	struct sl_sink sink;
	struct sl_event **ev;
	size_t n, cap;
};

static int
cap_event(struct sl_sink *s, const struct sl_event *ev)
{
	struct capture *c = (struct capture *)s;
	struct sl_event *copy = xmalloc(ev->size);

	memcpy(copy, ev, ev->size);
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		c->ev = xrealloc(c->ev, c->cap * sizeof(*c->ev));
	}
	c->ev[c->n++] = copy;
	return 0;
}

static void
cap_free(struct capture *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->ev[i]);
	free(c->ev);
	memset(c, 0, sizeof(*c));
}

/* Trace argv to the end; returns the exit status syslens would give. */
static int
trace_set(struct capture *c, char **argv, const char *expr, bool fdpaths,
	  const struct sl_traceset *set)
{
	struct sl_options o;
	struct sl_collector *col;
	char why[256];
	int rc, saved, devnull;

	memset(&o, 0, sizeof(o));
	memset(c, 0, sizeof(*c));
	c->sink.event = cap_event;
	o.mode = SL_MODE_LAUNCH;
	o.argv = argv;
	o.strsize = 32;
	o.launch_tty_fd = -1;
	o.fdpaths = fdpaths;
	if (expr) {
		o.trace = xcalloc(1, sizeof(*o.trace));
		assert_int_equal(traceset_parse(o.trace, expr, why, sizeof(why)), 0);
	}
	if (set) {
		o.trace = xcalloc(1, sizeof(*o.trace));
		*o.trace = *set;
	}
	col = ptrace_collector_new(why, sizeof(why));
	assert_non_null(col);
	/* the tracee's output must not mix with the TAP lines */
	saved = dup(1);
	devnull = open("/dev/null", O_WRONLY);
	dup2(devnull, 1);
	rc = col->start(col, &o, &c->sink, why, sizeof(why));
	dup2(saved, 1);
	close(saved);
	close(devnull);
	if (rc < 0)
		fail_msg("start: %s", why);
	assert_int_equal(col->run(col), 0);
	rc = col->exit_status;
	col->destroy(col);
	free(o.trace);
	return rc;
}

static int
trace(struct capture *c, char **argv, const char *expr, bool fdpaths)
{
	return trace_set(c, argv, expr, fdpaths, NULL);
}

static int
nr_of(const char *name)
{
	return syscall_lookup(SL_ARCH_X86_64, name);
}

/* Finished (not in-flight) syscall events named `name`. */
static size_t
count_calls(const struct capture *c, const char *name, pid_t pid)
{
	size_t n = 0;
	int nr = nr_of(name);

	for (size_t i = 0; i < c->n; i++) {
		const struct sl_event *e = c->ev[i];

		if (e->type == SL_EV_SYSCALL && !(e->flags & SL_EVF_INFLIGHT) &&
		    (int)e->nr == nr && (!pid || e->pid == (__u32)pid))
			n++;
	}
	return n;
}

static size_t
count_type(const struct capture *c, unsigned type)
{
	size_t n = 0;

	for (size_t i = 0; i < c->n; i++)
		n += c->ev[i]->type == type;
	return n;
}

/* Every finished call has its in-flight entry earlier, same seq and tid. */
static void
check_pairing(const struct capture *c)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct sl_event *e = c->ev[i];
		bool found = false;

		if (e->type != SL_EV_SYSCALL || (e->flags & SL_EVF_INFLIGHT))
			continue;
		if ((int)e->nr == nr_of("exit") || (int)e->nr == nr_of("exit_group"))
			continue;	/* emitted once, at entry */
		for (size_t j = 0; j < i && !found; j++)
			found = c->ev[j]->seq == e->seq &&
				(c->ev[j]->flags & SL_EVF_INFLIGHT) &&
				c->ev[j]->nr == e->nr;
		if (!found)
			fail_msg("call seq %llu nr %u has no in-flight entry",
				 (unsigned long long)e->seq, e->nr);
	}
}

static void
test_forktree(void **state)
{
	char *argv[] = { PROGS "forktree", "2", NULL };
	struct capture c;
	size_t vforks = 0, leaders = 0;

	(void)state;
	/* 1 + 2 + 4 processes; the root reaps 2 children that reaped 2 each */
	assert_int_equal(trace(&c, argv, NULL, false), 6);
	assert_int_equal(count_type(&c, SL_EV_FORK), 6);
	assert_int_equal(count_calls(&c, "getppid", 0), 7);
	for (size_t i = 0; i < c.n; i++) {
		const struct sl_event *e = c.ev[i];

		if (e->type == SL_EV_FORK && (e->args[2] & CLONE_VFORK))
			vforks++;
		if (e->type == SL_EV_EXIT && e->args[0] == 1)
			leaders++;
		if (e->type == SL_EV_FORK) {
			/* the child's pid shows up in later events */
			bool seen = false;

			for (size_t j = 0; j < c.n && !seen; j++)
				seen = c.ev[j]->pid == e->args[0] && c.ev[j]->type == SL_EV_EXIT;
			assert_true(seen);
			assert_int_equal(e->args[0], e->args[1]);
		}
	}
	assert_int_equal(vforks, 2);
	assert_int_equal(leaders, 7);
	check_pairing(&c);
	cap_free(&c);
}

static void
test_threads(void **state)
{
	char *argv[] = { PROGS "threads", "4", NULL };
	struct capture c;
	pid_t tgid = 0, tids[8];
	size_t ntids = 0, thread_exits = 0, clones = 0;
	int getppid = nr_of("getppid");

	(void)state;
	assert_int_equal(trace(&c, argv, NULL, false), 0);
	for (size_t i = 0; i < c.n; i++) {
		const struct sl_event *e = c.ev[i];

		if (e->type == SL_EV_EXEC)
			tgid = (pid_t)e->pid;
		if (e->type == SL_EV_FORK) {
			assert_true(e->args[2] & CLONE_THREAD);
			assert_int_equal(e->args[0], e->pid);	/* same thread group */
			assert_int_not_equal(e->args[1], e->pid);
			clones++;
		}
		if (e->type == SL_EV_EXIT && e->args[0] == 0)
			thread_exits++;
		if (e->type == SL_EV_SYSCALL && !(e->flags & SL_EVF_INFLIGHT) &&
		    (int)e->nr == getppid) {
			bool known = false;

			assert_int_equal(e->pid, tgid);
			assert_int_not_equal(e->tid, tgid);
			for (size_t k = 0; k < ntids; k++)
				known |= tids[k] == (pid_t)e->tid;
			if (!known && ntids < 8)
				tids[ntids++] = (pid_t)e->tid;
		}
	}
	assert_int_equal(clones, 4);
	assert_int_equal(ntids, 4);
	assert_int_equal(thread_exits, 4);
	assert_int_equal(count_calls(&c, "getppid", tgid), 12);
	check_pairing(&c);
	cap_free(&c);
}

static void
test_exit_group_threads(void **state)
{
	char *argv[] = { PROGS "threads", "exitgroup", NULL };
	struct capture c;
	size_t noexit_reads = 0, eg = 0;
	int nr_read = nr_of("read"), nr_eg = nr_of("exit_group");

	(void)state;
	assert_int_equal(trace(&c, argv, NULL, false), 7);
	for (size_t i = 0; i < c.n; i++) {
		const struct sl_event *e = c.ev[i];

		if (e->type != SL_EV_SYSCALL)
			continue;
		if ((int)e->nr == nr_read && (e->flags & SL_EVF_NOEXIT) && e->tid != e->pid)
			noexit_reads++;
		if ((int)e->nr == nr_eg) {
			assert_true(e->flags & SL_EVF_NOEXIT);
			assert_false(e->flags & SL_EVF_INFLIGHT);
			assert_int_equal(e->args[0], 7);
			eg++;
		}
	}
	assert_int_equal(eg, 1);
	assert_int_equal(noexit_reads, 4);
	cap_free(&c);
}

static void
test_exec_from_thread(void **state)
{
	char *argv[] = { PROGS "execthread", NULL };
	struct capture c;
	const struct sl_event *exec2 = NULL;
	size_t nexec = 0, i, after = 0;

	(void)state;
	assert_int_equal(trace(&c, argv, NULL, false), 0);
	for (i = 0; i < c.n; i++)
		if (c.ev[i]->type == SL_EV_EXEC && ++nexec == 2) {
			exec2 = c.ev[i];
			break;
		}
	assert_non_null(exec2);
	/* the exec'ing thread now has the leader's tid; its old tid is in args[0] */
	assert_int_equal(exec2->tid, exec2->pid);
	assert_int_not_equal(exec2->args[0], 0);
	assert_int_not_equal(exec2->args[0], exec2->pid);
	const struct sl_payload *pl = event_payload_find(exec2, 0, 0);
	assert_non_null(pl);
	assert_int_equal(pl->len, strlen("/bin/true"));
	assert_memory_equal(event_payload_data(pl), "/bin/true", pl->len);
	pl = event_payload_find(exec2, 1, 0);
	assert_non_null(pl);
	assert_memory_equal(event_payload_data(pl), "/bin/true", pl->len);
	/* the execve call finishes under the leader's tid, and so does the rest */
	for (i++; i < c.n; i++) {
		const struct sl_event *e = c.ev[i];

		if (e->type == SL_EV_SYSCALL && e->pid == exec2->pid) {
			assert_int_equal(e->tid, exec2->pid);
			after++;
		}
	}
	assert_true(after > 5);
	cap_free(&c);
}

static const struct sl_event *
find_signal(const struct capture *c, int sig)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->ev[i]->type == SL_EV_SIGNAL && c->ev[i]->args[0] == (uint64_t)sig)
			return c->ev[i];
	return NULL;
}

static void
test_signals(void **state)
{
	char *argv[] = { PROGS "signals", NULL };
	char *segv[] = { PROGS "signals", "segv", NULL };
	const struct sl_event *e;
	struct capture c;

	(void)state;
	/* both signals reach their handler: delivered unchanged */
	assert_int_equal(trace(&c, argv, NULL, false), 2);
	e = find_signal(&c, SIGUSR1);
	assert_non_null(e);
	assert_int_equal(e->args[2], e->pid);	/* si_pid: it sent it itself */
	assert_int_equal((int)e->args[1], SI_USER);
	e = find_signal(&c, SIGCHLD);
	assert_non_null(e);
	assert_int_equal((int)e->args[1], CLD_EXITED);
	assert_int_equal(e->args[4], 0);	/* si_status */
	assert_int_not_equal(e->args[2], e->pid);
	cap_free(&c);

	assert_int_equal(trace(&c, segv, NULL, false), 128 + SIGSEGV);
	e = find_signal(&c, SIGSEGV);
	assert_non_null(e);
	assert_int_equal(e->args[5], 8);	/* si_addr */
	cap_free(&c);
}

static void
test_seccomp_children(void **state)
{
	char *argv[] = { PROGS "loop", "forkcheck", "5", NULL };
	struct capture c;
	int openat = nr_of("openat");

	(void)state;
	/* traced fully, every child is stopped at each of its calls ... */
	assert_int_equal(trace(&c, argv, NULL, false), 5);
	cap_free(&c);
	/* ... with -e trace=openat and the filter, no child is */
	assert_int_equal(trace(&c, argv, "trace=openat", false), 0);
	for (size_t i = 0; i < c.n; i++)
		if (c.ev[i]->type == SL_EV_SYSCALL)
			assert_int_equal(c.ev[i]->nr, openat);
	/* each child's open of /dev/null and its /proc read are still seen */
	assert_true(count_calls(&c, "openat", 0) >= 10);
	assert_int_equal(count_type(&c, SL_EV_FORK), 5);
	check_pairing(&c);
	cap_free(&c);
}

static const struct sl_event *
find_call_with(const struct capture *c, const char *name, unsigned arg,
	       const char *bytes, size_t len)
{
	int nr = nr_of(name);

	for (size_t i = 0; i < c->n; i++) {
		const struct sl_event *e = c->ev[i];
		const struct sl_payload *pl;

		if (e->type != SL_EV_SYSCALL || (e->flags & SL_EVF_INFLIGHT) ||
		    (int)e->nr != nr)
			continue;
		pl = event_payload_find(e, arg, 0);
		if (pl && pl->len == len && !memcmp(event_payload_data(pl), bytes, len))
			return e;
	}
	return NULL;
}

static void
test_payloads_hostile(void **state)
{
	char *argv[] = { PROGS "hostile", NULL };
	static const char red[] = "/nonexistent/\033[31mred\033[0m\033]0;title\007";
	static const char bad[] = "/nonexistent/\xff\xfe\xc3(\xe2\x82";
	const struct sl_event *e;
	struct capture c;

	(void)state;
	assert_int_equal(trace(&c, argv, NULL, false), 0);
	/* strings are kept byte for byte: escaping is the decoder's job */
	e = find_call_with(&c, "openat", 1, red, sizeof(red) - 1);
	assert_non_null(e);
	assert_int_equal(e->ret, -2);
	assert_non_null(find_call_with(&c, "openat", 1, bad, sizeof(bad) - 1));
	/* a write's buffer, read at entry */
	assert_non_null(find_call_with(&c, "write", 1, "\033[2J\xff\n", 6));
	cap_free(&c);
}

static void
test_payloads_fdpaths(void **state)
{
	char *argv[] = { PROGS "loop", "openclose", "3", NULL };
	struct capture c;
	size_t opens = 0, closes = 0;

	(void)state;
	assert_int_equal(trace(&c, argv, NULL, true), 0);
	for (size_t i = 0; i < c.n; i++) {
		const struct sl_event *e = c.ev[i];
		const struct sl_payload *pl;

		if (e->type != SL_EV_SYSCALL || (e->flags & SL_EVF_INFLIGHT))
			continue;
		if ((int)e->nr == nr_of("openat") && e->ret >= 0) {
			pl = event_payload_find(e, 1, 0);
			if (!pl || pl->len != 9 || memcmp(event_payload_data(pl), "/dev/null", 9))
				continue;
			pl = event_payload_find(e, SL_PL_FDPATH_RET, 0);
			assert_non_null(pl);
			assert_true(pl->flags & SL_PLF_EXIT);
			assert_memory_equal(event_payload_data(pl), "/dev/null", 9);
			opens++;
		}
		if ((int)e->nr == nr_of("close")) {
			pl = event_payload_find(e, SL_PL_FDPATH_BASE + 0, 0);
			assert_non_null(pl);
			closes += pl->len == 9 && !memcmp(event_payload_data(pl), "/dev/null", 9);
		}
		if ((int)e->nr == nr_of("read") && e->ret > 0) {
			pl = event_payload_find(e, 1, 0);
			assert_non_null(pl);
			assert_true(pl->flags & SL_PLF_EXIT);
			assert_true(pl->len <= (size_t)e->ret);
		}
	}
	assert_int_equal(opens, 3);
	assert_int_equal(closes, 3);
	cap_free(&c);
}

static void
check_compat(const struct capture *c, bool only)
{
	size_t getpid = 0, write = 0;

	for (size_t i = 0; i < c->n; i++) {
		const struct sl_event *e = c->ev[i];
		const struct sl_payload *pl;

		if (e->type != SL_EV_SYSCALL || (e->flags & SL_EVF_INFLIGHT))
			continue;
		if (only)
			assert_int_equal(e->arch, SL_ARCH_I386);
		if (e->arch != SL_ARCH_I386)
			continue;
		if (e->nr == 20) {
			assert_int_equal(e->ret, e->pid);
			getpid++;
		} else if (e->nr == 4) {
			assert_int_equal(e->ret, 9);
			pl = event_payload_find(e, 1, 0);
			assert_non_null(pl);
			assert_int_equal(pl->len, 9);
			assert_memory_equal(event_payload_data(pl), "compat32\n", 9);
			write++;
		}
	}
	assert_int_equal(getpid, 1);
	assert_int_equal(write, 1);
}

/* Whether this kernel runs 32-bit syscalls: some turn int 0x80 off (a
 * confidential guest, ia32_emulation=0), and the caller gets SIGSEGV. */
static bool
runs_int80(char *const argv[])
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       WEXITSTATUS(status) == 0;
}

static void
test_compat32(void **state)
{
	char *argv[] = { PROGS "compat32", NULL };
	struct sl_traceset set;
	struct capture c;

	(void)state;
	if (!runs_int80(argv)) {
		print_message("# SKIP compat32: this kernel runs no 32-bit syscalls "
			      "(int 0x80 kills the caller)\n");
		skip();
	}
	assert_int_equal(trace(&c, argv, NULL, false), 0);
	check_compat(&c, false);
	cap_free(&c);
	/* the filter traps i386 numbers on their own, and lets the rest run */
	memset(&set, 0, sizeof(set));
	set.bits[SL_ARCH_IDX_I386][0] |= 1ull << 20 | 1ull << 4;
	set.bits[SL_ARCH_IDX_X86_64][0] |= 1ull << 4;	/* x86_64 stat: never made */
	assert_int_equal(trace_set(&c, argv, NULL, false, &set), 0);
	check_compat(&c, true);
	cap_free(&c);
}

static void
test_bad_start(void **state)
{
	struct sl_options o;
	struct sl_collector *col;
	struct capture c;
	char why[256] = "";
	char *argv[] = { "/nonexistent/program", NULL };
	pid_t pids[] = { 0x3ffffff0 };

	(void)state;
	memset(&o, 0, sizeof(o));
	memset(&c, 0, sizeof(c));
	c.sink.event = cap_event;
	o.mode = SL_MODE_LAUNCH;
	o.argv = argv;
	o.strsize = 32;
	o.launch_tty_fd = -1;
	col = ptrace_collector_new(why, sizeof(why));
	assert_true(col->start(col, &o, &c.sink, why, sizeof(why)) < 0);
	assert_non_null(strstr(why, "/nonexistent/program"));
	col->destroy(col);

	o.mode = SL_MODE_ATTACH;
	o.argv = NULL;
	o.pids = pids;
	o.npids = 1;
	col = ptrace_collector_new(why, sizeof(why));
	assert_true(col->start(col, &o, &c.sink, why, sizeof(why)) < 0);
	assert_non_null(strstr(why, "1073741808"));
	col->destroy(col);
	assert_int_equal(c.n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forktree),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_exit_group_threads),
		cmocka_unit_test(test_exec_from_thread),
		cmocka_unit_test(test_signals),
		cmocka_unit_test(test_seccomp_children),
		cmocka_unit_test(test_payloads_hostile),
		cmocka_unit_test(test_payloads_fdpaths),
		cmocka_unit_test(test_compat32),
		cmocka_unit_test(test_bad_start),
	};

	/* the collector's stop() timer signal must not end the test */
	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
