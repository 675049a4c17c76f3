/*
 * parity.c - a tracee that makes, deterministically, the syscalls issue 3
 * lists, one group per mode, so the parity check can compare syslens's
 * lines with strace's for each.
 *
 *   parity threads | net | poll | fds | files | misc | signals
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static void *
worker(void *arg)
{
	char buf[16];
	int fd = open("/dev/null", O_WRONLY);

	snprintf(buf, sizeof(buf), "t%ld\n", (long)arg);
	write(fd, buf, strlen(buf));
	close(fd);
	return NULL;
}

static int
do_threads(void)
{
	pthread_t t[3];

	for (long i = 0; i < 3; i++) {
		pthread_create(&t[i], NULL, worker, (void *)i);
		pthread_join(t[i], NULL);
	}
	return 0;
}

static int
do_net(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(47613) };
	socklen_t al = sizeof(a);
	int one = 1, ls, c, s, u1, u2;
	char buf[64];
	pid_t p;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(ls, (struct sockaddr *)&a, sizeof(a)) < 0)
		return 1;
	listen(ls, 4);
	getsockname(ls, (struct sockaddr *)&a, &al);
	p = fork();
	if (p == 0) {
		c = socket(AF_INET, SOCK_STREAM, 0);
		connect(c, (struct sockaddr *)&a, sizeof(a));
		setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		write(c, "ping", 4);
		read(c, buf, sizeof(buf));
		close(c);
		_exit(0);
	}
	s = accept(ls, NULL, NULL);
	read(s, buf, sizeof(buf));
	write(s, "pong", 4);
	{
		int err = 0;
		socklen_t el = sizeof(err);

		getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &el);
	}
	waitpid(p, NULL, 0);
	close(s);
	close(ls);

	/* a refused connection */
	c = socket(AF_INET, SOCK_STREAM, 0);
	a.sin_port = htons(1);
	connect(c, (struct sockaddr *)&a, sizeof(a));
	close(c);

	/* UDP */
	u1 = socket(AF_INET, SOCK_DGRAM, 0);
	a.sin_port = htons(47614);
	bind(u1, (struct sockaddr *)&a, sizeof(a));
	u2 = socket(AF_INET, SOCK_DGRAM, 0);
	sendto(u2, "hello\n", 6, 0, (struct sockaddr *)&a, sizeof(a));
	recvfrom(u1, buf, sizeof(buf), 0, NULL, NULL);
	close(u1);
	close(u2);

	/* IPv6 and unix */
	c = socket(AF_INET6, SOCK_DGRAM, 0);
	{
		struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_port = htons(47615) };

		a6.sin6_addr = in6addr_loopback;
		bind(c, (struct sockaddr *)&a6, sizeof(a6));
	}
	close(c);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	{
		struct sockaddr_un un = { .sun_family = AF_UNIX };

		strcpy(un.sun_path, "/nonexistent/parity.sock");
		connect(c, (struct sockaddr *)&un, sizeof(un));
	}
	close(c);

	/* socketpair, sendmsg, recvmsg */
	{
		int sv[2];
		struct iovec iov[2] = { { "abc", 3 }, { "defg", 4 } };
		struct msghdr m = { .msg_iov = iov, .msg_iovlen = 2 };
		char rb[32];
		struct iovec riov = { rb, sizeof(rb) };
		struct msghdr rm = { .msg_iov = &riov, .msg_iovlen = 1 };

		socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
		sendmsg(sv[0], &m, 0);
		recvmsg(sv[1], &rm, 0);
		shutdown(sv[0], SHUT_RDWR);
		close(sv[0]);
		close(sv[1]);
	}
	return 0;
}

static int
do_poll(void)
{
	int p[2], ep;
	struct pollfd pf[2];
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = 0 }, out[4];
	fd_set rs;
	struct timeval tv = { 0, 1000 };

	pipe(p);
	pf[0].fd = p[0];
	pf[0].events = POLLIN;
	pf[1].fd = p[1];
	pf[1].events = POLLOUT;
	poll(pf, 2, 0);
	write(p[1], "x", 1);
	poll(pf, 1, 100);
	FD_ZERO(&rs);
	FD_SET(p[0], &rs);
	select(p[0] + 1, &rs, NULL, NULL, &tv);
	ep = epoll_create1(EPOLL_CLOEXEC);
	ev.data.fd = p[0];
	epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
	epoll_wait(ep, out, 4, 100);
	read(p[0], out, 1);
	epoll_wait(ep, out, 4, 0);
	epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL);
	close(ep);
	close(p[0]);
	close(p[1]);
	return 0;
}

static int
do_fds(void)
{
	int p[2], m, s, fl;
	struct termios t;
	struct winsize ws = { 24, 80, 0, 0 };

	pipe2(p, O_CLOEXEC);
	dup2(p[1], 10);
	fl = fcntl(10, F_GETFL);
	fcntl(10, F_SETFL, fl | O_NONBLOCK);
	fcntl(10, F_GETFD);
	fcntl(10, F_SETFD, FD_CLOEXEC);
	fcntl(10, F_DUPFD_CLOEXEC, 20);
	write(10, "through a pipe\n", 15);
	{
		char b[32];

		read(p[0], b, sizeof(b));
	}
	close(10);
	dup3(p[0], p[1], O_CLOEXEC);	/* onto an open fd: -y names both */
	m = posix_openpt(O_RDWR | O_NOCTTY);
	grantpt(m);
	unlockpt(m);
	s = open(ptsname(m), O_RDWR | O_NOCTTY);
	ioctl(s, TIOCSWINSZ, &ws);
	ioctl(s, TIOCGWINSZ, &ws);
	tcgetattr(s, &t);
	t.c_lflag &= ~ECHO;
	tcsetattr(s, TCSANOW, &t);
	ioctl(p[0], TCGETS, &t);
	{
		int n = 0;

		ioctl(p[0], FIONREAD, &n);
	}
	close(s);
	close(m);
	close(p[0]);
	close(p[1]);
	return 0;
}

static int
do_files(void)
{
	char dir[] = "/tmp/parity-files";
	char buf[256];
	struct stat st;
	struct statx sx;
	struct timespec ts[2] = { { 1600000000, 0 }, { 1600000000, 500 } };
	int fd, d;

	mkdir(dir, 0755);
	chdir(dir);
	fd = open("a.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	write(fd, "hello, parity\n", 14);
	fstat(fd, &st);
	close(fd);
	stat("a.txt", &st);
	lstat("/nonexistent", &st);
	statx(AT_FDCWD, "a.txt", AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &sx);
	symlink("a.txt", "b.lnk");
	readlink("b.lnk", buf, sizeof(buf));
	rename("a.txt", "c.txt");
	chmod("c.txt", 0600);
	chown("c.txt", getuid(), getgid());
	utimensat(AT_FDCWD, "c.txt", ts, 0);
	utimensat(AT_FDCWD, "c.txt", NULL, 0);
	access("c.txt", R_OK | W_OK);
	mkdir("sub", 0700);
	d = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	syscall(SYS_getdents64, d, buf, sizeof(buf));
	close(d);
	fd = open("c.txt", O_RDONLY);
	d = open("d.txt", O_WRONLY | O_CREAT, 0600);
	sendfile(d, fd, NULL, 100);
	{
		loff_t off = 0;

		copy_file_range(fd, &off, d, NULL, 5, 0);
	}
	lseek(fd, 0, SEEK_SET);
	pread(fd, buf, 5, 2);
	close(fd);
	unlink("b.lnk");
	unlink("c.txt");
	unlink("d.txt");
	write(d, "!", 1);	/* -y: an unlinked file is "(deleted)" */
	close(d);
	rmdir("sub");
	unlink("/nonexistent/x");
	chdir("/");
	rmdir(dir);
	return 0;
}

static void
on_usr1(int sig)
{
	(void)sig;
}

/*
 * Interval timers, each set to a time already past (or to nothing), so
 * that the values read back are the same on every run.
 */
static void
timers(void)
{
	struct itimerval iv = { { 0, 0 }, { 0, 0 } }, old;
	struct itimerspec is = { { 0, 0 }, { 1, 0 } }, ois;
	struct sigevent sev;
	timer_t t;
	int fd;

	setitimer(ITIMER_VIRTUAL, &iv, &old);
	getitimer(ITIMER_PROF, &old);
	fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	timerfd_settime(fd, TFD_TIMER_ABSTIME, &is, &ois);
	timerfd_gettime(fd, &ois);
	timerfd_gettime(-1, &ois);
	close(fd);
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_NONE;
	if (syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &t) == 0) {
		syscall(SYS_timer_settime, t, TIMER_ABSTIME, &is, &ois);
		syscall(SYS_timer_gettime, t, &ois);
		syscall(SYS_timer_delete, t);
	}
	syscall(SYS_timer_gettime, (long)-1, &ois);
	/* a signal with a value; and SIGEV_THREAD, which only the C
	 * library implements (the kernel refuses it) */
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = SIGUSR2;
	sev.sigev_value.sival_int = 42;
	if (syscall(SYS_timer_create, CLOCK_REALTIME, &sev, &t) == 0)
		syscall(SYS_timer_delete, t);
	sev.sigev_notify = SIGEV_THREAD;
	if (syscall(SYS_timer_create, CLOCK_REALTIME, &sev, &t) == 0)
		syscall(SYS_timer_delete, t);
}

static int
do_misc(void)
{
	void *p;
	struct utsname u;
	struct sysinfo si;
	struct rlimit rl;
	struct timespec ts = { 0, 1000000 };
	unsigned char rnd[8];
	struct sigaction sa;
	sigset_t set;
	pid_t c;
	int st;

	p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(p, 4096, PROT_READ);
	madvise(p, 8192, MADV_DONTNEED);
	munmap(p, 8192);
	sbrk(0);
	uname(&u);
	sysinfo(&si);
	getrlimit(RLIMIT_NOFILE, &rl);
	prlimit(0, RLIMIT_CORE, NULL, &rl);
	nanosleep(&ts, NULL);
	clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
	getrandom(rnd, sizeof(rnd), 0);
	timers();
	prctl(PR_SET_NAME, "parity-misc");
	prctl(PR_GET_DUMPABLE);
	{
		struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
		struct __user_cap_data_struct dd[2];

		syscall(SYS_capget, &h, dd);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGTERM);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	kill(getpid(), SIGUSR1);
	syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1);
	c = fork();
	if (c == 0) {
		execl("/bin/true", "true", "--version-not", (char *)NULL);
		_exit(127);
	}
	wait4(c, &st, 0, NULL);
	c = fork();
	if (c == 0)
		_exit(7);
	waitpid(c, &st, 0);
	c = fork();
	if (c == 0) {
		pause();
		_exit(0);
	}
	/* let the child reach pause(), so both tracers see the same calls */
	ts.tv_nsec = 50000000;
	nanosleep(&ts, NULL);
	kill(c, SIGKILL);
	waitpid(c, &st, 0);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *m = argc > 1 ? argv[1] : "";

	if (!strcmp(m, "threads"))
		return do_threads();
	if (!strcmp(m, "net"))
		return do_net();
	if (!strcmp(m, "poll"))
		return do_poll();
	if (!strcmp(m, "fds"))
		return do_fds();
	if (!strcmp(m, "files"))
		return do_files();
	if (!strcmp(m, "misc"))
		return do_misc();
	fprintf(stderr, "usage: parity threads|net|poll|fds|files|misc\n");
	return 2;
}
