/*
 * forktree.c - a tree of processes: each level forks two children (the
 * second with vfork at the last level), every process calls getppid once
 * so it shows in the trace, and the root exits with the number of
 * processes it reaped.  Usage: forktree [DEPTH]
 */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int
grow(int depth)
{
	int reaped = 0, status;

	syscall(110 /* getppid */);
	if (depth == 0)
		return 0;
	for (int i = 0; i < 2; i++) {
		pid_t pid = (depth == 1 && i == 1) ? vfork() : fork();

		if (pid == 0)
			_exit(grow(depth - 1) & 0x7f);
		if (pid < 0)
			return reaped;
	}
	while (wait(&status) > 0)
		reaped += 1 + WEXITSTATUS(status);
	return reaped;
}

int
main(int argc, char **argv)
{
	int depth = argc > 1 ? atoi(argv[1]) : 2;

	return grow(depth);
}
