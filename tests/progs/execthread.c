/*
 * execthread.c - a non-leader thread calls execve, so the exec'ing thread
 * takes over the leader's tid.  The main thread blocks in pause(); the
 * thread gives it 200 ms to get there, so every run makes the same calls.
 *   execthread [PROGRAM [ARGS]]   default: /bin/true
 */
#include <pthread.h>
#include <time.h>
#include <unistd.h>

static char **target;

static void *
doexec(void *arg)
{
	static char *def[] = { "/bin/true", NULL };
	char **av = target && target[0] ? target : def;

	struct timespec ts = { 0, 200 * 1000000L };

	(void)arg;
	nanosleep(&ts, NULL);
	execv(av[0], av);
	_exit(126);
}

int
main(int argc, char **argv)
{
	pthread_t th;

	(void)argc;
	target = argv + 1;
	pthread_create(&th, NULL, doexec, NULL);
	for (;;)
		pause();
}
