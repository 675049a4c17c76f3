/*
 * net.c - decoders of the socket syscalls and of socket addresses
 * (AF_INET, AF_INET6, AF_UNIX, AF_NETLINK), msghdr and socket options.
 */
#include <arpa/inet.h>
#include <string.h>

#include "dec.h"

static bool
ok(const struct dec *d)
{
	return d->exited && !d->failed;
}

static uint64_t
u64at(const unsigned char *p, size_t off)
{
	uint64_t v;

	memcpy(&v, p + off, 8);
	return v;
}

static uint32_t
u32at(const unsigned char *p, size_t off)
{
	uint32_t v;

	memcpy(&v, p + off, 4);
	return v;
}

static const struct sl_xval families[] = {
	{ 0, "AF_UNSPEC" }, { 1, "AF_UNIX" }, { 2, "AF_INET" }, { 3, "AF_AX25" },
	{ 4, "AF_IPX" }, { 5, "AF_APPLETALK" }, { 10, "AF_INET6" },
	{ 15, "AF_KEY" }, { 16, "AF_NETLINK" }, { 17, "AF_PACKET" },
	{ 29, "AF_CAN" }, { 30, "AF_TIPC" }, { 31, "AF_BLUETOOTH" },
	{ 38, "AF_ALG" }, { 40, "AF_VSOCK" }, { 44, "AF_XDP" }, XEND
};
static const struct sl_xval sock_types[] = {
	{ 1, "SOCK_STREAM" }, { 2, "SOCK_DGRAM" }, { 3, "SOCK_RAW" },
	{ 4, "SOCK_RDM" }, { 5, "SOCK_SEQPACKET" }, { 6, "SOCK_DCCP" },
	{ 10, "SOCK_PACKET" }, XEND
};
static const struct sl_xval sock_flags[] = {
	{ 02000000, "SOCK_CLOEXEC" }, { 04000, "SOCK_NONBLOCK" }, XEND
};
static const struct sl_xval inet_protos[] = {
	{ 0, "IPPROTO_IP" }, { 1, "IPPROTO_ICMP" }, { 2, "IPPROTO_IGMP" },
	{ 6, "IPPROTO_TCP" }, { 17, "IPPROTO_UDP" }, { 41, "IPPROTO_IPV6" },
	{ 47, "IPPROTO_GRE" }, { 58, "IPPROTO_ICMPV6" }, { 132, "IPPROTO_SCTP" },
	{ 136, "IPPROTO_UDPLITE" }, { 255, "IPPROTO_RAW" }, { 262, "IPPROTO_MPTCP" },
	XEND
};
static const struct sl_xval netlink_protos[] = {
	{ 0, "NETLINK_ROUTE" }, { 2, "NETLINK_USERSOCK" }, { 4, "NETLINK_SOCK_DIAG" },
	{ 5, "NETLINK_NFLOG" }, { 6, "NETLINK_XFRM" }, { 7, "NETLINK_SELINUX" },
	{ 8, "NETLINK_ISCSI" }, { 9, "NETLINK_AUDIT" },
	{ 10, "NETLINK_FIB_LOOKUP" }, { 11, "NETLINK_CONNECTOR" },
	{ 12, "NETLINK_NETFILTER" }, { 13, "NETLINK_IP6_FW" },
	{ 14, "NETLINK_DNRTMSG" }, { 15, "NETLINK_KOBJECT_UEVENT" },
	{ 16, "NETLINK_GENERIC" }, { 18, "NETLINK_SCSITRANSPORT" },
	{ 19, "NETLINK_ECRYPTFS" }, { 20, "NETLINK_RDMA" }, { 21, "NETLINK_CRYPTO" },
	{ 22, "NETLINK_SMC" }, XEND
};
static const struct sl_xval msg_flags[] = {
	{ 0x1, "MSG_OOB" }, { 0x2, "MSG_PEEK" }, { 0x4, "MSG_DONTROUTE" },
	{ 0x8, "MSG_CTRUNC" }, { 0x10, "MSG_PROXY" }, { 0x20, "MSG_TRUNC" },
	{ 0x40, "MSG_DONTWAIT" }, { 0x80, "MSG_EOR" }, { 0x100, "MSG_WAITALL" },
	{ 0x200, "MSG_FIN" }, { 0x400, "MSG_SYN" }, { 0x800, "MSG_CONFIRM" },
	{ 0x1000, "MSG_RST" }, { 0x2000, "MSG_ERRQUEUE" },
	{ 0x4000, "MSG_NOSIGNAL" }, { 0x8000, "MSG_MORE" },
	{ 0x10000, "MSG_WAITFORONE" }, { 0x40000, "MSG_BATCH" },
	{ 0x4000000, "MSG_ZEROCOPY" }, { 0x20000000, "MSG_FASTOPEN" },
	{ 0x40000000, "MSG_CMSG_CLOEXEC" }, XEND
};

void
put_sockaddr(struct dec *d, const unsigned char *p, size_t len)
{
	uint16_t fam;

	if (len < 2) {
		dec_puts(d, "{}");
		return;
	}
	memcpy(&fam, p, 2);
	dec_puts(d, "{sa_family=");
	put_xval(d, fam, families, "AF_???");
	switch (fam) {
	case 2:
		if (len >= 8) {
			uint16_t port;
			char a[INET_ADDRSTRLEN];

			memcpy(&port, p + 2, 2);
			inet_ntop(AF_INET, p + 4, a, sizeof(a));
			dec_printf(d, ", sin_port=htons(%u), sin_addr=inet_addr(\"%s\")",
				   ntohs(port), a);
		}
		break;
	case 10:
		if (len >= 24) {
			uint16_t port;
			char a[INET6_ADDRSTRLEN];

			memcpy(&port, p + 2, 2);
			inet_ntop(AF_INET6, p + 8, a, sizeof(a));
			dec_printf(d, ", sin6_port=htons(%u), sin6_flowinfo=htonl(%u), "
				   "inet_pton(AF_INET6, \"%s\", &sin6_addr)",
				   ntohs(port), ntohl(u32at(p, 4)), a);
			if (len >= 28)
				dec_printf(d, ", sin6_scope_id=%u", u32at(p, 24));
		}
		break;
	case 1:
		if (len > 2) {
			const unsigned char *s = p + 2;
			size_t n = len - 2;

			dec_puts(d, ", sun_path=");
			if (s[0] == 0 && n > 1) {
				dec_puts(d, "@");
				put_quoted(d, s + 1, n - 1, n - 1, false);
			} else {
				n = strnlen((const char *)s, n);
				put_quoted(d, s, n, n, false);
			}
		}
		break;
	case 16:
		if (len >= 12)
			dec_printf(d, ", nl_pid=%d, nl_groups=%08x", (int32_t)u32at(p, 4),
				   u32at(p, 8));
		break;
	default:
		if (len > 2) {
			dec_puts(d, ", sa_data=");
			put_quoted(d, p + 2, len - 2, len - 2, false);
		}
	}
	dec_puts(d, "}");
}

/* A sockaddr argument of known length (connect, bind, sendto). */
static void
arg_sockaddr_in(struct dec *d, int i, uint64_t len)
{
	size_t have;
	const unsigned char *p = dec_arg(d, i) ? dec_data(d, (unsigned)i, 0, 2, &have) : NULL;

	dec_sep(d);
	if (!p) {
		put_ptr(d, dec_arg(d, i));
		return;
	}
	put_sockaddr(d, p, have < len ? have : (size_t)len);
}

/* A sockaddr the kernel fills, its length behind argument li. */
static void
arg_sockaddr_out(struct dec *d, int i, int li)
{
	size_t have;
	const unsigned char *p;
	const unsigned char *lp;
	uint32_t len;

	dec_sep(d);
	p = ok(d) && dec_arg(d, i) ? dec_data(d, (unsigned)i, 0, 0, &have) : NULL;
	if (!p) {
		put_ptr(d, dec_arg(d, i));
		return;
	}
	lp = dec_data_at(d, (unsigned)li, 0, true, 4, NULL);
	len = lp ? u32at(lp, 0) : (uint32_t)have;
	put_sockaddr(d, p, have < len ? have : len);
}

static void
d_socket(struct dec *d)
{
	unsigned fam = (unsigned)dec_arg(d, 0);
	unsigned type = (unsigned)dec_arg(d, 1);
	int proto = (int)dec_arg(d, 2);

	arg_xval(d, 0, families, "AF_???");
	dec_sep(d);
	put_xval(d, type & 0xf, sock_types, NULL);
	if (type & ~0xfu) {
		dec_puts(d, "|");
		put_flags(d, type & ~0xfu, sock_flags, "0");
	}
	dec_sep(d);
	if (fam == 2 || fam == 10)
		put_xval_dec(d, proto, inet_protos, "IPPROTO_???");
	else if (fam == 16)
		put_xval_dec(d, proto, netlink_protos, "NETLINK_???");
	else
		dec_printf(d, "%d", proto);
}

static void
d_socketpair(struct dec *d)
{
	const unsigned char *p;

	d_socket(d);
	if (!ok(d)) {
		arg_ptr(d, 3);
		return;
	}
	p = arg_struct(d, 3, 8, NULL);
	if (p) {
		dec_puts(d, "[");
		put_fd_part(d, (int32_t)u32at(p, 0), SL_PL_FDPATH_BASE + 3, 0);
		dec_puts(d, ", ");
		put_fd_part(d, (int32_t)u32at(p, 4), SL_PL_FDPATH_BASE + 3, 1);
		dec_puts(d, "]");
	}
}

static void
d_connect(struct dec *d)	/* connect, bind */
{
	arg_fd(d, 0);
	arg_sockaddr_in(d, 1, dec_arg(d, 2));
	arg_uint(d, 2);
}

static void
d_listen(struct dec *d)
{
	arg_fd(d, 0);
	arg_int(d, 1);
}

static void
d_accept(struct dec *d)		/* accept, getsockname, getpeername */
{
	arg_fd(d, 0);
	arg_sockaddr_out(d, 1, 2);
	arg_intp_vr(d, 2);
}

static void
d_accept4(struct dec *d)
{
	d_accept(d);
	arg_flags(d, 3, sock_flags, "0");
}

static void
d_sendto(struct dec *d)
{
	arg_fd(d, 0);
	arg_buf(d, 1, dec_arg(d, 2));
	arg_ulong(d, 2);
	arg_flags(d, 3, msg_flags, "0");
	arg_sockaddr_in(d, 4, dec_arg(d, 5));
	arg_uint(d, 5);
}

static void
d_recvfrom(struct dec *d)
{
	arg_fd(d, 0);
	if (ok(d))
		arg_buf(d, 1, (uint64_t)d->ev->ret);
	else
		arg_ptr(d, 1);
	arg_ulong(d, 2);
	arg_flags(d, 3, msg_flags, "0");
	arg_sockaddr_out(d, 4, 5);
	if (dec_arg(d, 5))
		arg_intp_vr(d, 5);
	else
		arg_ptr(d, 5);
}

static const struct sl_xval sol_levels[] = {
	{ 0, "SOL_IP" }, { 1, "SOL_SOCKET" }, { 6, "SOL_TCP" }, { 17, "SOL_UDP" },
	{ 41, "SOL_IPV6" }, { 58, "SOL_ICMPV6" }, { 255, "SOL_RAW" },
	{ 263, "SOL_PACKET" }, { 270, "SOL_NETLINK" }, { 274, "SOL_ALG" },
	{ 282, "SOL_TLS" }, { 283, "SOL_XDP" }, XEND
};
static const struct sl_xval so_opts[] = {
	{ 1, "SO_DEBUG" }, { 2, "SO_REUSEADDR" }, { 3, "SO_TYPE" },
	{ 4, "SO_ERROR" }, { 5, "SO_DONTROUTE" }, { 6, "SO_BROADCAST" },
	{ 7, "SO_SNDBUF" }, { 8, "SO_RCVBUF" }, { 9, "SO_KEEPALIVE" },
	{ 10, "SO_OOBINLINE" }, { 11, "SO_NO_CHECK" }, { 12, "SO_PRIORITY" },
	{ 13, "SO_LINGER" }, { 14, "SO_BSDCOMPAT" }, { 15, "SO_REUSEPORT" },
	{ 16, "SO_PASSCRED" }, { 17, "SO_PEERCRED" }, { 18, "SO_RCVLOWAT" },
	{ 19, "SO_SNDLOWAT" }, { 20, "SO_RCVTIMEO_OLD" }, { 21, "SO_SNDTIMEO_OLD" },
	{ 25, "SO_BINDTODEVICE" }, { 26, "SO_ATTACH_FILTER" },
	{ 29, "SO_TIMESTAMP_OLD" }, { 30, "SO_ACCEPTCONN" }, { 31, "SO_PEERSEC" },
	{ 32, "SO_SNDBUFFORCE" }, { 33, "SO_RCVBUFFORCE" }, { 34, "SO_PASSSEC" },
	{ 36, "SO_MARK" }, { 38, "SO_PROTOCOL" }, { 39, "SO_DOMAIN" },
	{ 40, "SO_RXQ_OVFL" }, { 46, "SO_BUSY_POLL" }, { 49, "SO_INCOMING_CPU" },
	{ 50, "SO_ATTACH_BPF" }, { 60, "SO_ZEROCOPY" }, XEND
};
static const struct sl_xval tcp_opts[] = {
	{ 1, "TCP_NODELAY" }, { 2, "TCP_MAXSEG" }, { 3, "TCP_CORK" },
	{ 4, "TCP_KEEPIDLE" }, { 5, "TCP_KEEPINTVL" }, { 6, "TCP_KEEPCNT" },
	{ 7, "TCP_SYNCNT" }, { 8, "TCP_LINGER2" }, { 9, "TCP_DEFER_ACCEPT" },
	{ 10, "TCP_WINDOW_CLAMP" }, { 11, "TCP_INFO" }, { 12, "TCP_QUICKACK" },
	{ 13, "TCP_CONGESTION" }, { 14, "TCP_MD5SIG" }, { 18, "TCP_USER_TIMEOUT" },
	{ 23, "TCP_FASTOPEN" }, { 25, "TCP_NOTSENT_LOWAT" }, { 30, "TCP_FASTOPEN_CONNECT" },
	XEND
};
static const struct sl_xval ip_opts[] = {
	{ 1, "IP_TOS" }, { 2, "IP_TTL" }, { 3, "IP_HDRINCL" }, { 4, "IP_OPTIONS" },
	{ 6, "IP_RECVOPTS" }, { 8, "IP_PKTINFO" }, { 10, "IP_MTU_DISCOVER" },
	{ 11, "IP_RECVERR" }, { 12, "IP_RECVTTL" }, { 13, "IP_RECVTOS" },
	{ 14, "IP_MTU" }, { 15, "IP_FREEBIND" }, { 19, "IP_TRANSPARENT" },
	{ 32, "IP_MULTICAST_IF" }, { 33, "IP_MULTICAST_TTL" },
	{ 34, "IP_MULTICAST_LOOP" }, { 35, "IP_ADD_MEMBERSHIP" },
	{ 36, "IP_DROP_MEMBERSHIP" }, { 49, "IP_BIND_ADDRESS_NO_PORT" }, XEND
};
static const struct sl_xval ipv6_opts[] = {
	{ 16, "IPV6_UNICAST_HOPS" }, { 17, "IPV6_MULTICAST_IF" },
	{ 18, "IPV6_MULTICAST_HOPS" }, { 19, "IPV6_MULTICAST_LOOP" },
	{ 20, "IPV6_ADD_MEMBERSHIP" }, { 23, "IPV6_MTU_DISCOVER" },
	{ 24, "IPV6_MTU" }, { 25, "IPV6_RECVERR" }, { 26, "IPV6_V6ONLY" },
	{ 49, "IPV6_RECVPKTINFO" }, { 67, "IPV6_TCLASS" }, XEND
};
static const struct sl_xval netlink_opts[] = {
	{ 1, "NETLINK_ADD_MEMBERSHIP" }, { 2, "NETLINK_DROP_MEMBERSHIP" },
	{ 3, "NETLINK_PKTINFO" }, { 4, "NETLINK_BROADCAST_ERROR" },
	{ 5, "NETLINK_NO_ENOBUFS" }, { 8, "NETLINK_LISTEN_ALL_NSID" },
	{ 10, "NETLINK_CAP_ACK" }, { 11, "NETLINK_EXT_ACK" },
	{ 12, "NETLINK_GET_STRICT_CHK" }, XEND
};

static void
put_sockopt_name(struct dec *d, unsigned level, unsigned name)
{
	const struct sl_xval *t = NULL;
	const char *unk = NULL;

	switch (level) {
	case 1: t = so_opts; unk = "SO_???"; break;
	case 6: t = tcp_opts; unk = "TCP_???"; break;
	case 0: t = ip_opts; unk = "IP_???"; break;
	case 41: t = ipv6_opts; unk = "IPV6_???"; break;
	case 270: t = netlink_opts; unk = "NETLINK_???"; break;
	}
	if (t)
		put_xval_dec(d, name, t, unk);
	else
		dec_printf(d, "%u", name);
}

static void
put_sockopt_val(struct dec *d, unsigned level, unsigned name,
		const unsigned char *p, size_t len)
{
	if (level == 1 && name == 13 && len >= 8) {
		dec_printf(d, "{l_onoff=%d, l_linger=%d}", (int32_t)u32at(p, 0),
			   (int32_t)u32at(p, 4));
		return;
	}
	if (level == 1 && name == 17 && len >= 12) {
		dec_printf(d, "{pid=%d, uid=%u, gid=%u}", (int32_t)u32at(p, 0),
			   u32at(p, 4), u32at(p, 8));
		return;
	}
	if (len == 4) {
		dec_printf(d, "[%d]", (int32_t)u32at(p, 0));
		return;
	}
	put_quoted(d, p, len < d->o->strsize ? len : d->o->strsize,
		   len < d->o->strsize ? len : d->o->strsize, len > d->o->strsize);
}

static void
d_setsockopt(struct dec *d)
{
	size_t have;
	const unsigned char *p;
	uint64_t len = dec_arg(d, 4);

	arg_fd(d, 0);
	arg_xval(d, 1, sol_levels, "SOL_???");
	dec_sep(d);
	put_sockopt_name(d, (unsigned)dec_arg(d, 1), (unsigned)dec_arg(d, 2));
	dec_sep(d);
	p = dec_arg(d, 3) ? dec_data(d, 3, 0, 0, &have) : NULL;
	if (p && len <= have)
		put_sockopt_val(d, (unsigned)dec_arg(d, 1), (unsigned)dec_arg(d, 2),
				p, (size_t)len);
	else
		put_ptr(d, dec_arg(d, 3));
	arg_int(d, 4);
}

static void
d_getsockopt(struct dec *d)
{
	size_t have;
	const unsigned char *p, *lp;

	arg_fd(d, 0);
	arg_xval(d, 1, sol_levels, "SOL_???");
	dec_sep(d);
	put_sockopt_name(d, (unsigned)dec_arg(d, 1), (unsigned)dec_arg(d, 2));
	dec_sep(d);
	p = ok(d) && dec_arg(d, 3) ? dec_data(d, 3, 0, 0, &have) : NULL;
	lp = ok(d) ? dec_data_at(d, 4, 0, true, 4, NULL) : NULL;
	if (p && lp) {
		uint32_t len = u32at(lp, 0);

		put_sockopt_val(d, (unsigned)dec_arg(d, 1), (unsigned)dec_arg(d, 2),
				p, len < have ? len : have);
	} else {
		put_ptr(d, dec_arg(d, 3));
	}
	arg_intp_vr(d, 4);
}

static const struct sl_xval shut_hows[] = {
	{ 0, "SHUT_RD" }, { 1, "SHUT_WR" }, { 2, "SHUT_RDWR" }, XEND
};

static void
d_shutdown(struct dec *d)
{
	arg_fd(d, 0);
	arg_xval(d, 1, shut_hows, "SHUT_???");
}

static const struct sl_xval scm_types[] = {
	{ 1, "SCM_RIGHTS" }, { 2, "SCM_CREDENTIALS" }, { 3, "SCM_SECURITY" },
	{ 29, "SCM_TIMESTAMP_OLD" }, XEND
};

static void
put_cmsgs(struct dec *d, const unsigned char *p, size_t len)
{
	size_t off = 0;
	bool first = true;

	dec_puts(d, "[");
	while (off + 16 <= len) {
		uint64_t clen = u64at(p, off);
		uint32_t level = u32at(p, off + 8), type = u32at(p, off + 12);

		if (clen < 16)
			break;
		if (!first)
			dec_puts(d, ", ");
		first = false;
		dec_printf(d, "{cmsg_len=%llu, cmsg_level=", (unsigned long long)clen);
		put_xval(d, level, sol_levels, "SOL_???");
		dec_puts(d, ", cmsg_type=");
		if (level == 1)
			put_xval(d, type, scm_types, "SCM_???");
		else
			dec_printf(d, "%#x", type);
		if (level == 1 && type == 1) {
			dec_puts(d, ", cmsg_data=[");
			for (size_t k = 16; k + 4 <= clen && off + k + 4 <= len; k += 4)
				dec_printf(d, "%s%d", k > 16 ? ", " : "",
					   (int32_t)u32at(p, off + k));
			dec_puts(d, "]");
		} else if (level == 1 && type == 2 && off + 28 <= len) {
			dec_printf(d, ", cmsg_data={pid=%d, uid=%u, gid=%u}",
				   (int32_t)u32at(p, off + 16), u32at(p, off + 20),
				   u32at(p, off + 24));
		}
		dec_puts(d, "}");
		off += (clen + 7) & ~7ull;
	}
	dec_puts(d, "]");
}

static void
put_msghdr(struct dec *d, int i, int64_t total)
{
	size_t len;
	const unsigned char *m = dec_data(d, (unsigned)i, 0, 56, &len);
	uint64_t name = u64at(m, 0), iov = u64at(m, 16), iovlen = u64at(m, 24);
	uint64_t ctl = u64at(m, 32), ctllen = u64at(m, 40);
	uint32_t namelen = u32at(m, 8), flags = u32at(m, 48);
	const unsigned char *p;

	dec_puts(d, "{msg_name=");
	p = name ? dec_data(d, (unsigned)i, 1, 2, &len) : NULL;
	if (p)
		put_sockaddr(d, p, len < namelen ? len : namelen);
	else
		put_ptr(d, name);
	dec_printf(d, ", msg_namelen=%u, msg_iov=", namelen);
	if (iov)
		put_iov_parts(d, i, 2, 4, iovlen, total);
	else
		dec_puts(d, "NULL");
	dec_printf(d, ", msg_iovlen=%llu", (unsigned long long)iovlen);
	if (ctllen) {
		dec_puts(d, ", msg_control=");
		p = ctl ? dec_data(d, (unsigned)i, 3, 16, &len) : NULL;
		if (p)
			put_cmsgs(d, p, len < ctllen ? len : (size_t)ctllen);
		else
			put_ptr(d, ctl);
	}
	dec_printf(d, ", msg_controllen=%llu, msg_flags=", (unsigned long long)ctllen);
	put_flags(d, flags, msg_flags, "0");
	dec_puts(d, "}");
}

static void
d_sendmsg(struct dec *d)
{
	arg_fd(d, 0);
	dec_sep(d);
	if (dec_arg(d, 1) && dec_data(d, 1, 0, 56, NULL))
		put_msghdr(d, 1, -1);
	else
		put_ptr(d, dec_arg(d, 1));
	arg_flags(d, 2, msg_flags, "0");
}

static void
d_recvmsg(struct dec *d)
{
	arg_fd(d, 0);
	dec_sep(d);
	if (ok(d) && dec_arg(d, 1) && dec_data(d, 1, 0, 56, NULL))
		put_msghdr(d, 1, d->ev->ret);
	else
		put_ptr(d, dec_arg(d, 1));
	arg_flags(d, 2, msg_flags, "0");
}

const struct dec_sys dec_net_table[] = {
	SYS("socket", d_socket, RV_FD, NULL),
	SYS("socketpair", d_socketpair, RV_DEC, NULL),
	SYS("connect", d_connect, RV_DEC, NULL),
	SYS("bind", d_connect, RV_DEC, NULL),
	SYS("listen", d_listen, RV_DEC, NULL),
	SYS("accept", d_accept, RV_FD, NULL),
	SYS("accept4", d_accept4, RV_FD, NULL),
	SYS("getsockname", d_accept, RV_DEC, NULL),
	SYS("getpeername", d_accept, RV_DEC, NULL),
	SYS("sendto", d_sendto, RV_DEC, NULL),
	SYS("recvfrom", d_recvfrom, RV_DEC, NULL),
	SYS("sendmsg", d_sendmsg, RV_DEC, NULL),
	SYS("recvmsg", d_recvmsg, RV_DEC, NULL),
	SYS("setsockopt", d_setsockopt, RV_DEC, NULL),
	SYS("getsockopt", d_getsockopt, RV_DEC, NULL),
	SYS("shutdown", d_shutdown, RV_DEC, NULL),
	SYS_END
};
