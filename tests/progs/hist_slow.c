/*
 * hist_slow.c - known latencies for the histogram tests: three nanosleeps
 * of 50 ms (the 32ms-64ms bucket) among many fast getpids (sub-microsecond
 * to microseconds), and two closes of fd -1 that fail (EBADF).  Then it waits on stdin, so the interface keeps it
 * alive until the test is done; with an argument "exit" it just exits.
 */
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	char c;

	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 200; i++)
			syscall(SYS_getpid);
		syscall(SYS_nanosleep, &ts, NULL);
	}
	close(-1);
	close(-1);
	if (argc > 1 && strcmp(argv[1], "exit") == 0)
		return 0;
	(void)!read(0, &c, 1);
	return 0;
}
