/*
 * loop.c - syscall-heavy loops for benchmarks and the -e tests.
 *   loop getppid N      N getppid calls
 *   loop openclose N    N open+close of /dev/null
 *   loop fork N         N fork+wait, each child calls getppid and exits
 *   loop forkopen N     N fork+wait, each child opens /dev/null once
 *   loop forkcheck N    N fork+wait; each child makes 200 getppid calls and
 *                       one open, then counts its own voluntary context
 *                       switches: a child stopped by a tracer at every call
 *                       has hundreds.  Exits with the number of children
 *                       that had more than 50 (0: no child was stopped).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static long
voluntary_switches(void)
{
	char line[256];
	long v = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "voluntary_ctxt_switches:", 24))
			v = atol(line + 24);
	fclose(f);
	return v;
}

static int
forkcheck(long n)
{
	int stopped = 0;

	for (long i = 0; i < n; i++) {
		pid_t pid = fork();
		int status;

		if (pid == 0) {
			for (int j = 0; j < 200; j++)
				syscall(SYS_getppid);
			close(open("/dev/null", O_RDONLY));
			_exit(voluntary_switches() > 50);
		}
		if (pid < 0 || waitpid(pid, &status, 0) < 0)
			return 255;
		stopped += WIFEXITED(status) && WEXITSTATUS(status) == 1;
	}
	return stopped;
}

int
main(int argc, char **argv)
{
	long n;

	if (argc < 3) {
		fprintf(stderr, "usage: loop getppid|openclose|fork|forkopen N\n");
		return 2;
	}
	n = atol(argv[2]);
	if (!strcmp(argv[1], "getppid")) {
		for (long i = 0; i < n; i++)
			syscall(SYS_getppid);
	} else if (!strcmp(argv[1], "openclose")) {
		for (long i = 0; i < n; i++) {
			int fd = open("/dev/null", O_RDONLY);

			if (fd < 0)
				return 1;
			close(fd);
		}
	} else if (!strcmp(argv[1], "fork") || !strcmp(argv[1], "forkopen")) {
		int opens = !strcmp(argv[1], "forkopen");

		for (long i = 0; i < n; i++) {
			pid_t pid = fork();
			int status;

			if (pid == 0) {
				if (opens)
					close(open("/dev/null", O_RDONLY));
				for (int j = 0; j < 100; j++)
					syscall(SYS_getppid);
				_exit(0);
			}
			if (pid < 0 || waitpid(pid, &status, 0) < 0)
				return 1;
		}
	} else if (!strcmp(argv[1], "forkcheck")) {
		return forkcheck(n);
	} else {
		return 2;
	}
	return 0;
}
