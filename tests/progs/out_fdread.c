/*
 * out_fdread.c - opens the file named by argv[1], reads it and closes
 * it, so -y has an fd path to show.
 */
#include <fcntl.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	char buf[64];
	int fd;

	if (argc < 2)
		return 2;
	fd = open(argv[1], O_RDONLY);
	if (fd < 0)
		return 1;
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	close(fd);
	return 0;
}
