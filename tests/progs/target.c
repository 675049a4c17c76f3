/*
 * target.c - a process to attach to, that can be told to finish.
 *   target spin FILE    busy loop of getppid until FILE exists; exit 0
 *   target fifo FIFO    block in read(2) on FIFO until a byte comes; exit 0
 *   target block        block in read(2) on a pipe forever (to be killed)
 *   target threads FILE three threads and main spin on getppid until FILE
 *                       exists; exit 0
 * Prints its pid and "ready" on stdout once set up.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void *
spin(void *file)
{
	for (unsigned long i = 0;; i++) {
		syscall(SYS_getppid);
		if (i % 1000 == 0 && access(file, F_OK) == 0)
			return NULL;
	}
}

int
main(int argc, char **argv)
{
	char c;
	int fd, p[2];

	if (argc > 2 && !strcmp(argv[1], "spin")) {
		printf("%d ready\n", getpid());
		fflush(stdout);
		for (unsigned long i = 0;; i++) {
			syscall(SYS_getppid);
			if (i % 1000 == 0 && access(argv[2], F_OK) == 0)
				return 0;
		}
	}
	if (argc > 2 && !strcmp(argv[1], "threads")) {
		pthread_t th[3];

		for (int i = 0; i < 3; i++)
			pthread_create(&th[i], NULL, spin, argv[2]);
		printf("%d ready\n", getpid());
		fflush(stdout);
		spin(argv[2]);
		for (int i = 0; i < 3; i++)
			pthread_join(th[i], NULL);
		return 0;
	}
	if (argc > 2 && !strcmp(argv[1], "fifo")) {
		fd = open(argv[2], O_RDWR);
		if (fd < 0)
			return 2;
		printf("%d ready\n", getpid());
		fflush(stdout);
		return read(fd, &c, 1) == 1 ? 0 : 3;
	}
	if (argc > 1 && !strcmp(argv[1], "block")) {
		if (pipe(p) < 0)
			return 2;
		printf("%d ready\n", getpid());
		fflush(stdout);
		return read(p[0], &c, 1) == 1 ? 0 : 3;
	}
	fprintf(stderr, "usage: target spin FILE | fifo FIFO | block\n");
	return 2;
}
