/*
 * sec_loop.c - a process to find by its cgroup: opens the file named by
 * argv[1] ten times a second, for at most a minute (so a failed test
 * never leaves it behind for long).
 */
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	const struct timespec tick = { 0, 100 * 1000 * 1000 };

	for (int i = 0; i < 600; i++) {
		int fd = open(argc > 1 ? argv[1] : "/dev/null", O_RDONLY);

		if (fd >= 0)
			close(fd);
		getppid();
		nanosleep(&tick, NULL);
	}
	return 0;
}
