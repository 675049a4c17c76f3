/*
 * out_block.c - three getppid calls, then its pid into the file argv[1],
 * then blocks in a 30 s sleep: the lines before the sleep must be
 * readable while it blocks.
 */
#include <stdio.h>
#include <unistd.h>
#include <sys/syscall.h>

int
main(int argc, char **argv)
{
	FILE *f;

	for (int i = 0; i < 3; i++)
		syscall(SYS_getppid);
	if (argc > 1 && (f = fopen(argv[1], "w"))) {
		fprintf(f, "%d\n", (int)getpid());
		fclose(f);
	}
	sleep(30);
	return 0;
}
