/*
 * hostile_names.c - a tracee with hostile names: its thread name and the file
 * it keeps trying to open hold terminal escape sequences (clear the
 * screen, set the window title).  Nothing of it may reach a terminal raw.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 1000;
	struct timespec ts = { 0, 300 * 1000000L };

	prctl(PR_SET_NAME, "\033[2Jevil", 0, 0, 0);
	for (int i = 0; i < rounds; i++) {
		int fd = open("/tmp/x\033]0;pwned\007\033[2J", O_RDONLY);	/* fails: ENOENT */

		if (fd >= 0)
			close(fd);
		nanosleep(&ts, NULL);
	}
	return 0;
}
