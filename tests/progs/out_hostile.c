/*
 * out_hostile.c - file names and data no terminal should see raw:
 * escape sequences, C1 controls, invalid UTF-8, newlines.  Every open
 * fails (the directory does not exist) and writes go to /dev/null.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static const char *const names[] = {
	"/nonexistent/\033[2J\033]0;pwned\a",
	"/nonexistent/\xff\xfe\xc3(\xc0\xaf",
	"/nonexistent/\xc2\x9b" "31mred",
	"/nonexistent/line\nbreak\ttab\rcr",
	"/nonexistent/caf\xc3\xa9",
};

int
main(void)
{
	int fd = open("/dev/null", O_WRONLY);

	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		open(names[i], O_RDONLY);
		if (fd >= 0)
			write(fd, names[i], strlen(names[i]));
	}
	return 0;
}
