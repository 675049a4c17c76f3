/* out_thread.c - a second thread calls getpid and gettid, then exits. */
#include <pthread.h>
#include <unistd.h>
#include <sys/syscall.h>

static void *
run(void *arg)
{
	syscall(SYS_getpid);
	syscall(SYS_gettid);
	return arg;
}

int
main(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, run, NULL))
		return 1;
	pthread_join(t, NULL);
	return 0;
}
