/*
 * fake.c - a collector that makes up events, for testing the interface
 * without tracing anything (SYSLENS_FAKE_COLLECTOR in the environment).
 *
 * It plays a fixed scene: a process that reads a file, a thread blocked
 * in read on a fifo, a child that execs and exits 3, a child with a
 * hostile name opening a file whose name holds escape sequences, and a
 * steady trickle of calls, some failing.  SYSLENS_FAKE_COLLECTOR=exit
 * ends the scene as a command would; =flood pushes events at
 * SYSLENS_FAKE_RATE per second (default 100000), =fill pushes
 * SYSLENS_FAKE_EVENTS at once, for benchmarks.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "syslens/capture.h"
#include "syslens/collector.h"
#include "syslens/util.h"

#define NR_READ 0
#define NR_WRITE 1
#define NR_CLOSE 3
#define NR_GETPID 39
#define NR_OPENAT 257

struct fake {
	struct sl_collector c;
	struct sl_sink *sink;
	atomic_bool stop;
	uint64_t seq;
	const char *mode;
	int tty; /* the launched command's terminal, or -1 */
	struct sl_event_buf b;
};

static const char hostile_comm[] = "\033[2Jevil";
static const char hostile_path[] = "/tmp/\033[2J\033]0;pwned\007x";

static void
ev_begin(struct fake *f, unsigned type, int pid, int tid, const char *comm)
{
	event_init(&f->b, type);
	f->b.ev.pid = (__u32)pid;
	f->b.ev.tid = (__u32)tid;
	f->b.ev.arch = SL_ARCH_X86_64;
	f->b.ev.ts_enter = now_ns();
	f->b.ev.seq = ++f->seq;
	snprintf(f->b.ev.comm, SL_COMM_LEN, "%s", comm);
}

static void
ev_push(struct fake *f)
{
	collect_stats_count(&f->c.stats, &f->b.ev);
	f->sink->event(f->sink, &f->b.ev);
}

static void
sys_begin(struct fake *f, int pid, int tid, const char *comm, unsigned nr, long long ret,
	  uint64_t dur)
{
	ev_begin(f, SL_EV_SYSCALL, pid, tid, comm);
	f->b.ev.nr = nr;
	f->b.ev.ret = ret;
	f->b.ev.ts_exit = f->b.ev.ts_enter + dur;
}

static void
do_openat(struct fake *f, int pid, const char *comm, const char *path, long long ret)
{
	sys_begin(f, pid, pid, comm, NR_OPENAT, ret, 4200);
	f->b.ev.args[0] = (__u64)-100; /* AT_FDCWD */
	f->b.ev.args[1] = 0x7ffd1000;
	event_add_payload(&f->b, 1, SL_CAP_STR, 0, 0, path, strlen(path) + 1);
	if (ret >= 0)
		event_add_payload(&f->b, SL_PL_FDPATH_RET, SL_CAP_FD, SL_PLF_EXIT, 0, path,
				  strlen(path));
	ev_push(f);
}

static void
do_simple(struct fake *f, int pid, int tid, const char *comm, unsigned nr, long long ret,
	  uint64_t a0)
{
	sys_begin(f, pid, tid, comm, nr, ret, 900);
	f->b.ev.args[0] = a0;
	ev_push(f);
}

static void
do_fork(struct fake *f, int pid, const char *comm, int cpid, int ctid)
{
	ev_begin(f, SL_EV_FORK, pid, pid, comm);
	f->b.ev.args[0] = (__u64)cpid;
	f->b.ev.args[1] = (__u64)ctid;
	ev_push(f);
}

static void
do_exec(struct fake *f, int pid, const char *comm, const char *path)
{
	ev_begin(f, SL_EV_EXEC, pid, pid, comm);
	event_add_payload(&f->b, 0, SL_CAP_STR, 0, 0, path, strlen(path) + 1);
	ev_push(f);
}

static void
do_exit(struct fake *f, int pid, int tid, const char *comm, int status)
{
	ev_begin(f, SL_EV_EXIT, pid, tid, comm);
	f->b.ev.args[0] = pid == tid;
	f->b.ev.ret = status;
	ev_push(f);
}

static void
nap_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

static void
one_round(struct fake *f, unsigned i)
{
	static const char host[] = "syslens-host\n";

	switch (i % 4) {
	case 0:
		do_openat(f, 4000, "demo", "/etc/hostname", 3);
		sys_begin(f, 4000, 4000, "demo", NR_READ, 13, 2100);
		f->b.ev.args[0] = 3;
		f->b.ev.args[2] = 64;
		event_add_payload(&f->b, 1, SL_CAP_BUF, SL_PLF_EXIT, 0, host, sizeof(host) - 1);
		event_add_payload(&f->b, SL_PL_FDPATH_BASE, SL_CAP_FD, 0, 0, "/etc/hostname", 13);
		ev_push(f);
		break;
	case 1:
		do_simple(f, 4000, 4000, "demo", NR_CLOSE, 0, 3);
		break;
	case 2:
		do_openat(f, 4000, "demo", "/nonexistent/demo.conf", -ENOENT);
		break;
	default:
		do_simple(f, 4000, 4000, "demo", NR_GETPID, 4000, 0);
		break;
	}
}

static int
fake_start(struct sl_collector *c, const struct sl_options *o, struct sl_sink *sink, char *why,
	   size_t whylen)
{
	struct fake *f = (struct fake *)c;

	(void)o;
	(void)why;
	(void)whylen;
	f->sink = sink;
	f->tty = -1;
	if (o->launch_tty_fd >= 0) {
		/* play the command's side of its terminal: greet, then echo lines */
		static const char hello[] = "demo: hello \033[31mfrom\033[0m the command\r\n"
					    "\033]0;title\007demo: type a line\r\n";

		f->tty = fcntl(o->launch_tty_fd, F_DUPFD_CLOEXEC, 0);
		if (f->tty >= 0) {
			fcntl(f->tty, F_SETFL, fcntl(f->tty, F_GETFL) | O_NONBLOCK);
			(void)!write(f->tty, hello, sizeof(hello) - 1);
		}
	}
	return 0;
}

static void
tty_echo(struct fake *f)
{
	char buf[256], out[300];
	ssize_t n;

	if (f->tty < 0)
		return;
	n = read(f->tty, buf, sizeof(buf) - 1);
	if (n <= 0)
		return;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		n--;
	buf[n] = '\0';
	snprintf(out, sizeof(out), "demo: got '%s'\r\n", buf);
	(void)!write(f->tty, out, strlen(out));
}

static int
fake_flood(struct fake *f)
{
	long rate = getenv("SYSLENS_FAKE_RATE") ? atol(getenv("SYSLENS_FAKE_RATE")) : 100000;
	uint64_t t0 = now_ns(), n = 0;

	if (rate <= 0)
		rate = 100000;
	do_exec(f, 4000, "flood", "/usr/bin/flood");
	while (!atomic_load(&f->stop)) {
		uint64_t due = (now_ns() - t0) * (uint64_t)rate / 1000000000ull;

		while (n < due && !atomic_load(&f->stop))
			one_round(f, (unsigned)n++);
		nap_ms(1);
	}
	return 0;
}

static int
fake_run(struct sl_collector *c)
{
	struct fake *f = (struct fake *)c;
	long burst = getenv("SYSLENS_FAKE_EVENTS") ? atol(getenv("SYSLENS_FAKE_EVENTS")) : 300;
	unsigned i = 0;

	if (strcmp(f->mode, "flood") == 0)
		return fake_flood(f);
	if (strcmp(f->mode, "fill") == 0) {
		/* SYSLENS_FAKE_EVENTS at once (a full ring), then quiet */
		do_exec(f, 4000, "fill", "/usr/bin/fill");
		for (long k = 0; k < burst && !atomic_load(&f->stop); k++)
			one_round(f, (unsigned)k);
		while (!atomic_load(&f->stop))
			nap_ms(50);
		return 0;
	}
	do_exec(f, 4000, "demo", "/usr/bin/demo");
	for (; i < 8; i++)
		one_round(f, i);
	/* a thread that blocks in read on a fifo, and stays there */
	do_fork(f, 4000, "demo", 4000, 4002);
	ev_begin(f, SL_EV_SYSCALL, 4000, 4002, "reader");
	f->b.ev.nr = NR_READ;
	f->b.ev.args[0] = 5;
	f->b.ev.args[2] = 64;
	f->b.ev.flags = SL_EVF_INFLIGHT;
	event_add_payload(&f->b, SL_PL_FDPATH_BASE, SL_CAP_FD, 0, 0, "/tmp/fifo", 9);
	ev_push(f);
	/* a child that execs and fails */
	do_fork(f, 4000, "demo", 4001, 4001);
	do_exec(f, 4001, "true", "/usr/bin/true");
	do_openat(f, 4001, "true", "/nonexistent/true.conf", -ENOENT);
	do_simple(f, 4001, 4001, "true", NR_WRITE, 6, 1);
	do_exit(f, 4001, 4001, "true", 3 << 8);
	/* a child with a hostile name opening a hostile file name */
	do_fork(f, 4000, "demo", 4003, 4003);
	do_openat(f, 4003, hostile_comm, hostile_path, -ENOENT);
	for (; i < (unsigned)burst && !atomic_load(&f->stop); i++)
		one_round(f, i);
	if (strcmp(f->mode, "exit") == 0) {
		/* a module that writes stderr must not garble the screen */
		fprintf(stderr, "fake: a warning on stderr \033[2J\n");
		do_exit(f, 4000, 4002, "reader", 0);
		do_exit(f, 4003, 4003, hostile_comm, 0);
		do_exit(f, 4000, 4000, "demo", 0);
		c->exit_status = 0;
		return 0;
	}
	while (!atomic_load(&f->stop)) {
		nap_ms(250);
		tty_echo(f);
		one_round(f, i++);
	}
	return 0;
}

static void
fake_stop(struct sl_collector *c)
{
	atomic_store(&((struct fake *)c)->stop, true);
}

static void
fake_destroy(struct sl_collector *c)
{
	struct fake *f = (struct fake *)c;

	if (f->tty >= 0)
		close(f->tty);
	free(c);
}

struct sl_collector *
fake_collector_new(char *why, size_t whylen)
{
	struct fake *f = xcalloc(1, sizeof(*f));

	(void)why;
	(void)whylen;
	f->c.name = "fake";
	f->c.start = fake_start;
	f->c.run = fake_run;
	f->c.stop = fake_stop;
	f->c.destroy = fake_destroy;
	f->c.exit_status = -1;
	f->tty = -1;
	f->mode = getenv("SYSLENS_FAKE_COLLECTOR");
	if (!f->mode)
		f->mode = "";
	snprintf(f->c.note, sizeof(f->c.note), "made-up events for tests");
	return &f->c;
}
