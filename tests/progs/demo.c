/*
 * demo.c - the bundled demo: a small program that does a little of
 * everything worth seeing (files, a failing open, a pipe between two
 * processes, a thread that blocks, a socket), slowly enough to watch.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <time.h>
#include <unistd.h>

static int pipefd[2];

static void
nap(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void *
reader(void *arg)
{
	char buf[64];

	(void)arg;
	/* blocks until the writer speaks: shows as a blocked read */
	while (read(pipefd[0], buf, sizeof(buf)) > 0)
		;
	return NULL;
}

int
main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 5;
	pthread_t t;

	if (pipe(pipefd) < 0)
		return 1;
	pthread_create(&t, NULL, reader, NULL);
	for (int i = 0; i < rounds; i++) {
		char line[64];
		int fd = open("/etc/hostname", O_RDONLY);
		int s;
		struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(9) };
		pid_t pid;

		if (fd >= 0) {
			(void)!read(fd, line, sizeof(line));
			close(fd);
		}
		open("/nonexistent/demo.conf", O_RDONLY);	/* fails: ENOENT */
		s = socket(AF_INET, SOCK_STREAM, 0);
		inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
		connect(s, (struct sockaddr *)&sin, sizeof(sin));	/* ECONNREFUSED */
		close(s);
		pid = fork();
		if (pid == 0) {
			execlp("true", "true", (char *)NULL);
			_exit(127);
		}
		waitpid(pid, NULL, 0);
		nap(3000);	/* the reader stays blocked meanwhile */
		/* on its own terminal under syslens: press o to see this */
		printf("demo: round %d of %d\n", i + 1, rounds);
		fflush(stdout);
		snprintf(line, sizeof(line), "round %d\n", i);
		(void)!write(pipefd[1], line, strlen(line));
		nap(300);
	}
	close(pipefd[1]);
	pthread_join(t, NULL);
	return 0;
}
