/*
 * compat32.c - i386 syscalls made by a 64-bit program through int $0x80:
 * getpid (20) and write (4) of a buffer below 4 GiB, so a tracer must use
 * the arch PTRACE_GET_SYSCALL_INFO reports, and its numbering.
 */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static long
int80(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(nr), "b"(a), "c"(b), "d"(c)
			 : "memory");
	return ret;
}

int
main(void)
{
	char *buf = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);

	if (buf == MAP_FAILED)
		return 2;
	memcpy(buf, "compat32\n", 9);
	if (int80(20, 0, 0, 0) != getpid())
		return 3;
	if (int80(4, 1, (long)buf, 9) != 9)
		return 4;
	return 0;
}
