/*
 * fdpaths.c - a tracee for -y: opens, reads and closes files, a directory,
 * a deleted file, pipes, sockets, an epoll and an eventfd, and reuses fd
 * numbers at once, so each fd's path must be taken at the call itself.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	char buf[64], tmp[4096];
	int fd, dfd, p[2], sv[2], s, ep, ev;

	if (argc < 2)
		return 2;
	/* a file, then the same number for another file */
	fd = open("/etc/passwd", O_RDONLY);
	if (fd < 0)
		return 1;
	if (read(fd, buf, sizeof(buf)) < 0)
		return 1;
	close(fd);
	fd = open("/etc/hostname", O_RDONLY);
	if (fd >= 0) {
		if (read(fd, buf, sizeof(buf)) < 0)
			return 1;
		close(fd);
	}
	/* a directory, and a file opened relative to it */
	dfd = open("/etc", O_RDONLY | O_DIRECTORY);
	fd = openat(dfd, "passwd", O_RDONLY);
	close(fd);
	close(dfd);
	/* a deleted file */
	snprintf(tmp, sizeof(tmp), "%s/fdpaths.tmp", argv[1]);
	fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return 1;
	unlink(tmp);
	if (write(fd, "x", 1) != 1)
		return 1;
	close(fd);
	/* pipes and sockets */
	if (pipe(p) < 0)
		return 1;
	if (write(p[1], "y", 1) != 1 || read(p[0], buf, 1) != 1)
		return 1;
	close(p[0]);
	close(p[1]);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		return 1;
	if (write(sv[0], "z", 1) != 1 || read(sv[1], buf, 1) != 1)
		return 1;
	close(sv[0]);
	close(sv[1]);
	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s >= 0)
		close(s);
	/* anonymous inodes */
	ep = epoll_create1(0);
	ev = eventfd(0, 0);
	if (ep >= 0)
		close(ep);
	if (ev >= 0)
		close(ev);
	/* a memfd: a shmem file with no directory, always "(deleted)" */
	ev = memfd_create("fdpaths-mem", MFD_CLOEXEC);
	if (ev >= 0)
		close(ev);
	/* not open: no path */
	close(77);
	return 0;
}
