/*
 * sec_seed.c - the three things a security rule must catch: reading
 * /etc/shadow, connecting to an ssh port, starting a shell.  With
 * arguments, only the named steps run (shadow, connect, shell, listen,
 * chmod).
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

static int
want(int argc, char **argv, const char *step)
{
	if (argc < 2)
		return strcmp(step, "listen") != 0 && strcmp(step, "chmod") != 0;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], step) == 0)
			return 1;
	return 0;
}

int
main(int argc, char **argv)
{
	if (want(argc, argv, "shadow")) {
		int fd = open("/etc/shadow", O_RDONLY);

		if (fd >= 0)
			close(fd);
	}
	if (want(argc, argv, "connect")) {
		struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons(22) };
		int s = socket(AF_INET, SOCK_STREAM, 0);

		inet_pton(AF_INET, "127.0.0.1", &in.sin_addr);
		connect(s, (struct sockaddr *)&in, sizeof(in));
		close(s);
	}
	if (want(argc, argv, "listen")) {
		struct sockaddr_in in = { .sin_family = AF_INET };
		int s = socket(AF_INET, SOCK_STREAM, 0);

		inet_pton(AF_INET, "127.0.0.1", &in.sin_addr);
		bind(s, (struct sockaddr *)&in, sizeof(in));
		listen(s, 1);
		close(s);
	}
	if (want(argc, argv, "chmod")) {
		char path[] = "/tmp/sec_seed.XXXXXX";
		int fd = mkstemp(path);

		if (fd >= 0) {
			fchmod(fd, 04755);
			close(fd);
			unlink(path);
		}
	}
	if (want(argc, argv, "shell")) {
		fflush(stdout);
		execl("/bin/sh", "sh", "-c", "exit 0", (char *)NULL);
		return 127;
	}
	return 0;
}
