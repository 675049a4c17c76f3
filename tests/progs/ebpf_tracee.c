/*
 * ebpf_tracee.c - a tracee for the eBPF collector's tests: each mode makes
 * syscalls whose names and results the tests look for.
 *
 *   getppid N        N getppid calls
 *   tree DEPTH       a binary fork tree; every process calls gettid once
 *   threads N        N threads, each calls gettid once
 *   exitgroup N      N threads block, then one of them calls exit_group(7)
 *   nonleader        a non-leader thread execve's this program ("after")
 *   after            what nonleader becomes: gettid, exit 0
 *   hostile          openat of hostile and unreadable paths
 *   execargs         execve of /bin/true with odd argv strings
 *   forkexec         a forked child execs /bin/true with string literals
 *                    (pages the child has not mapped yet), one past -s
 *   int80            getpid and getppid through the 32-bit entry (int 0x80)
 *   io               writev/readv, sendmsg/recvmsg, connect, getsockname,
 *                    pipe2: each capture kind once
 *   loop FILE        getppid every 10 ms until FILE exists
 *
 * With EBPF_TRACEE_TIME=FILE set, the run's own elapsed ns are written to
 * FILE (what benchmarks compare, without the tracer's start-up).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char self[4096];

static void
tree(int depth)
{
	syscall(SYS_gettid);
	if (depth <= 0)
		return;
	for (int i = 0; i < 2; i++) {
		pid_t p = fork();

		if (p == 0) {
			tree(depth - 1);
			_exit(0);
		}
	}
	while (wait(NULL) > 0)
		;
}

static void *
thread_gettid(void *arg)
{
	(void)arg;
	syscall(SYS_gettid);
	return NULL;
}

static void *
thread_block(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static void *
thread_exitgroup(void *arg)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };

	(void)arg;
	nanosleep(&ts, NULL);
	syscall(SYS_exit_group, 7);
	return NULL;
}

static void *
thread_exec(void *arg)
{
	char *argv[] = { self, "after", NULL };
	struct timespec ts = { 0, 500 * 1000 * 1000 };

	(void)arg;
	/* let the leader get into pause() first (a fixed number of calls,
	 * so both backends see the same ones) */
	nanosleep(&ts, NULL);
	execv(self, argv);
	return NULL;
}

static void
hostile(void)
{
	static const char *paths[] = {
		"/nonexistent/\x1b[31mred\x1b[0m",
		"/nonexistent/\xff\xfe invalid utf-8",
		"/nonexistent/quote\"back\\slash\nnewline",
	};
	char *untouched;

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		syscall(SYS_openat, AT_FDCWD, paths[i], O_RDONLY);
	/* pages never touched: not resident when the call enters.  The
	 * first openat reads its path (faulting the page in); the second
	 * fails on its flags before it reads anything. */
	untouched = mmap(NULL, 2 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (untouched != MAP_FAILED) {
		syscall(SYS_openat, AT_FDCWD, untouched, O_RDONLY);
		syscall(SYS_openat, AT_FDCWD, untouched + 4096, O_TMPFILE & ~O_DIRECTORY);
	}
}

static void
io(void)
{
	char a[] = "hello, ", b[] = "vectored\x01world", ra[8], rb[64];
	struct iovec wv[2] = { { a, sizeof(a) - 1 }, { b, sizeof(b) - 1 } };
	struct iovec rv[2] = { { ra, sizeof(ra) }, { rb, sizeof(rb) } };
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(1) };
	struct msghdr m = { 0 };
	socklen_t sl = sizeof(sin);
	int p[2], sv[2], s;

	if (pipe2(p, O_CLOEXEC) == 0) {
		writev(p[1], wv, 2);
		readv(p[0], rv, 2);
	}
	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0) {
		m.msg_iov = wv;
		m.msg_iovlen = 2;
		sendmsg(sv[0], &m, 0);
		m.msg_iov = rv;
		recvmsg(sv[1], &m, 0);
	}
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s = socket(AF_INET, SOCK_STREAM, 0);
	connect(s, (struct sockaddr *)&sin, sizeof(sin));
	/* an unnamed socket's name: the same bytes in every run */
	getsockname(sv[0], (struct sockaddr *)&sin, &sl);
}

int
main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	long n = argc > 2 ? atol(argv[2]) : 0;
	pthread_t t[256];

	struct timespec t0, t1;
	const char *timefile = getenv("EBPF_TRACEE_TIME");

	if (readlink("/proc/self/exe", self, sizeof(self) - 1) < 0)
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (!strcmp(mode, "getppid")) {
		for (long i = 0; i < n; i++)
			syscall(SYS_getppid);
	} else if (!strcmp(mode, "tree")) {
		tree((int)n);
	} else if (!strcmp(mode, "threads")) {
		if (n > 256)
			n = 256;
		for (long i = 0; i < n; i++)
			pthread_create(&t[i], NULL, thread_gettid, NULL);
		for (long i = 0; i < n; i++)
			pthread_join(t[i], NULL);
	} else if (!strcmp(mode, "exitgroup")) {
		if (n > 255)
			n = 255;
		for (long i = 0; i < n; i++)
			pthread_create(&t[i], NULL, thread_block, NULL);
		pthread_create(&t[n], NULL, thread_exitgroup, NULL);
		for (;;)
			pause();
	} else if (!strcmp(mode, "nonleader")) {
		pthread_create(&t[0], NULL, thread_exec, NULL);
		for (;;)
			pause();
	} else if (!strcmp(mode, "after")) {
		syscall(SYS_gettid);
	} else if (!strcmp(mode, "hostile")) {
		hostile();
	} else if (!strcmp(mode, "int80")) {
#ifdef __x86_64__
		long r;

		/* i386 numbers: getpid 20, getppid 64 */
		__asm__ volatile("int $0x80" : "=a"(r) : "a"(20L) : "memory");
		__asm__ volatile("int $0x80" : "=a"(r) : "a"(64L) : "memory");
		(void)r;
#endif
	} else if (!strcmp(mode, "io")) {
		io();
	} else if (!strcmp(mode, "execargs")) {
		char *av[] = { "true", "plain", "\x1b]0;title\a", "tab\there",
			       "\xc3\x28", "", NULL };

		execv("/bin/true", av);
		return 2;
	} else if (!strcmp(mode, "forkexec")) {
		pid_t pid = fork();

		if (pid == 0) {
			execl("/bin/true", "true", "--an-argument-longer-than-thirty-two-bytes",
			      (char *)NULL);
			_exit(2);
		}
		if (pid < 0 || waitpid(pid, NULL, 0) < 0)
			return 2;
	} else if (!strcmp(mode, "loop")) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		while (argc > 2 && access(argv[2], F_OK) != 0) {
			syscall(SYS_getppid);
			nanosleep(&ts, NULL);
		}
	} else {
		fprintf(stderr, "usage: ebpf_tracee MODE [N]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (timefile) {
		FILE *f = fopen(timefile, "w");

		if (f) {
			fprintf(f, "%lld\n", (t1.tv_sec - t0.tv_sec) * 1000000000LL +
					       (t1.tv_nsec - t0.tv_nsec));
			fclose(f);
		}
	}
	return 0;
}
