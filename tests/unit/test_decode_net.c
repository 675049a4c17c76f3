/* test_decode_net.c - sockets, socket addresses, msghdr, socket options. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/un.h>

#include "decode_test.h"

static void
test_socket(void **state)
{
	(void)state;
	sys("socket", 3, 1, 1 | 02000000 | 04000, 0, 0, 0, 0);
	expect("socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, 0) = 3");
	sys("socket", 7, 10, 2, 17, 0, 0, 0);
	expect("socket(AF_INET6, SOCK_DGRAM, IPPROTO_UDP) = 7");
	sys("socket", 9, 16, 3, 15, 0, 0, 0);
	expect("socket(AF_NETLINK, SOCK_RAW, NETLINK_KOBJECT_UEVENT) = 9");
	sys("socket", -97, 99, 3, 0, 0, 0, 0);
	expect("socket(0x63 /* AF_??? */, SOCK_RAW, 0) = -1 EAFNOSUPPORT (Address family not supported by protocol)");
}

static void
test_sockaddr(void **state)
{
	struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons(22) };
	struct sockaddr_in6 in6 = { .sin6_family = AF_INET6, .sin6_port = htons(8080) };
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	unsigned char nl[12] = { 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	int32_t l16 = 16, l128 = 128;

	(void)state;
	in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sys("connect", -111, 3, 0x1000, 16, 0, 0, 0);
	pl(1, SL_CAP_SOCKADDR, &in, sizeof(in));
	expect("connect(3, {sa_family=AF_INET, sin_port=htons(22), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = -1 ECONNREFUSED (Connection refused)");

	in6.sin6_addr = in6addr_loopback;
	sys("bind", 0, 3, 0x1000, 28, 0, 0, 0);
	pl(1, SL_CAP_SOCKADDR, &in6, sizeof(in6));
	expect("bind(3, {sa_family=AF_INET6, sin6_port=htons(8080), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, \"::1\", &sin6_addr), sin6_scope_id=0}, 28) = 0");

	strcpy(un.sun_path, "/var/run/nscd/socket");
	sys("connect", -2, 3, 0x1000, 110, 0, 0, 0);
	pl(1, SL_CAP_SOCKADDR, &un, sizeof(un));
	expect("connect(3, {sa_family=AF_UNIX, sun_path=\"/var/run/nscd/socket\"}, 110) = -1 ENOENT (No such file or directory)");
	/* abstract unix names start with @ */
	memset(un.sun_path, 0, sizeof(un.sun_path));
	memcpy(un.sun_path + 1, "x11", 3);
	sys("connect", 0, 3, 0x1000, 6, 0, 0, 0);
	pl(1, SL_CAP_SOCKADDR, &un, 6);
	expect("connect(3, {sa_family=AF_UNIX, sun_path=@\"x11\"}, 6) = 0");

	sys("bind", 0, 4, 0x1000, 12, 0, 0, 0);
	pl(1, SL_CAP_SOCKADDR, nl, sizeof(nl));
	expect("bind(4, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12) = 0");

	/* accept: address and value-result length at exit */
	in.sin_port = htons(45678);
	sys("accept4", 4, 3, 0x1000, 0x2000, 02000000, 0, 0);
	pl_part(1, SL_CAP_SOCKADDR_P, 0, SL_PLF_EXIT, &in, sizeof(in));
	pl_part(2, SL_CAP_INTP, 0, 0, &l128, 4);
	pl_part(2, SL_CAP_INTP, 0, SL_PLF_EXIT, &l16, 4);
	expect("accept4(3, {sa_family=AF_INET, sin_port=htons(45678), sin_addr=inet_addr(\"127.0.0.1\")}, [128 => 16], SOCK_CLOEXEC) = 4");
	sys("accept", 5, 3, 0, 0, 0, 0, 0);
	expect("accept(3, NULL, NULL) = 5");
	/* unreadable address */
	sys("connect", -14, 3, 0xbad, 16, 0, 0, 0);
	pl_part(1, SL_CAP_SOCKADDR, 0, SL_PLF_UNREADABLE, NULL, 0);
	expect("connect(3, 0xbad, 16) = -1 EFAULT (Bad address)");
}

static void
test_send_recv(void **state)
{
	int32_t one = 1, four = 4, zero = 0;
	struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons(47614) };
	uint64_t m[7] = { 0, 0, 0x3000, 2, 0, 0, 0 };
	uint64_t iov[4] = { 0x1000, 3, 0x2000, 4 };

	(void)state;
	in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sys("sendto", 6, 4, 0x1000, 6, 0x4040, 0x2000, 16);
	pl(1, SL_CAP_BUF, "hello\n", 6);
	pl(4, SL_CAP_SOCKADDR, &in, sizeof(in));
	expect("sendto(4, \"hello\\n\", 6, MSG_DONTWAIT|MSG_NOSIGNAL, {sa_family=AF_INET, sin_port=htons(47614), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 6");
	sys("recvfrom", 6, 3, 0x1000, 64, 0, 0, 0);
	pl_part(1, SL_CAP_BUF, 0, SL_PLF_EXIT, "hello\n", 6);
	expect("recvfrom(3, \"hello\\n\", 64, 0, NULL, NULL) = 6");

	sys("setsockopt", 0, 3, 1, 2, 0x1000, 4, 0);
	pl(3, SL_CAP_BUF, &one, 4);
	expect("setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0");
	sys("getsockopt", 0, 3, 1, 4, 0x1000, 0x2000, 0);
	pl_part(3, SL_CAP_BUF, 0, SL_PLF_EXIT, &zero, 4);
	pl_part(4, SL_CAP_INTP, 0, 0, &four, 4);
	pl_part(4, SL_CAP_INTP, 0, SL_PLF_EXIT, &four, 4);
	expect("getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0");
	sys("setsockopt", -9, 99, 6, 1, 0, 0, 0);
	expect("setsockopt(99, SOL_TCP, TCP_NODELAY, NULL, 0) = -1 EBADF (Bad file descriptor)");

	sys("sendmsg", 7, 3, 0x4000, 0, 0, 0, 0);
	pl_part(1, SL_CAP_MSGHDR, 0, 0, m, 56);
	pl_part(1, SL_CAP_MSGHDR, 2, 0, iov, sizeof(iov));
	pl_part(1, SL_CAP_MSGHDR, 4, 0, "abc", 3);
	pl_part(1, SL_CAP_MSGHDR, 5, 0, "defg", 4);
	expect("sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"abc\", iov_len=3}, {iov_base=\"defg\", iov_len=4}], "
	       "msg_iovlen=2, msg_controllen=0, msg_flags=0}, 0) = 7");
	sys("shutdown", 0, 3, 2, 0, 0, 0, 0);
	expect("shutdown(3, SHUT_RDWR) = 0");
	{
		int32_t sv[2] = { 3, 4 };

		sys("socketpair", 0, 1, 1, 0, 0x1000, 0, 0);
		pl_part(3, SL_CAP_FDPAIR, 0, SL_PLF_EXIT, sv, 8);
		expect("socketpair(AF_UNIX, SOCK_STREAM, 0, [3, 4]) = 0");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_socket),
		cmocka_unit_test(test_sockaddr),
		cmocka_unit_test(test_send_recv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
