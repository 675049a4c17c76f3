/*
 * out_slow.c - known fast and slow calls for the output tests: 100
 * getpid, then two 50 ms sleeps, one failing open, then exit(0).
 */
#include <fcntl.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

int
main(void)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };

	for (int i = 0; i < 100; i++)
		syscall(SYS_getpid);
	nanosleep(&ts, NULL);
	nanosleep(&ts, NULL);
	open("/nonexistent/syslens-test", O_RDONLY);
	return 0;
}
