/*
 * hostile.c - file names a terminal must never see raw: escape sequences,
 * control characters and invalid UTF-8.  Each open fails with ENOENT.
 */
#include <fcntl.h>
#include <unistd.h>

int
main(void)
{
	static const char *names[] = {
		"/nonexistent/\033[31mred\033[0m\033]0;title\007",
		"/nonexistent/\xff\xfe\xc3(\xe2\x82",
		"/nonexistent/tab\there\r\nnewline\b",
		"/nonexistent/\xc3\xa9t\xc3\xa9",
	};

	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (open(names[i], O_RDONLY) >= 0)
			return 1;
	if (write(1, "\033[2J\xff\n", 6) < 0)
		return 1;
	return 0;
}
