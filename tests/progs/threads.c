/*
 * threads.c - threads that each make recognisable syscalls.
 *   threads [N]        N threads each call getppid 3 times, then join; exit 0
 *   threads exitgroup  N threads block in read(2) on a pipe while the main
 *                      thread calls exit_group(7)
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int pfd[2];
static volatile int blocked;

static void *
worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < 3; i++)
		syscall(SYS_getppid);
	return NULL;
}

static void *
reader(void *arg)
{
	char c;

	(void)arg;
	__sync_fetch_and_add(&blocked, 1);
	if (read(pfd[0], &c, 1) < 0)
		return NULL;
	return NULL;
}

int
main(int argc, char **argv)
{
	pthread_t th[16];
	int n = 4;

	if (argc > 1 && !strcmp(argv[1], "exitgroup")) {
		struct timespec ts = { 0, 50 * 1000000L };

		if (pipe(pfd) < 0)
			return 1;
		for (int i = 0; i < n; i++)
			pthread_create(&th[i], NULL, reader, NULL);
		while (blocked < n)
			nanosleep(&ts, NULL);
		nanosleep(&ts, NULL);	/* let them reach read() */
		syscall(SYS_exit_group, 7);
	}
	if (argc > 1)
		n = atoi(argv[1]);
	if (n > 16)
		n = 16;
	for (int i = 0; i < n; i++)
		pthread_create(&th[i], NULL, worker, NULL);
	for (int i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	return 0;
}
