/*
 * ioctl.c - the ioctl decoder: request names, terminal structs (termios,
 * winsize) and int arguments, _IOC(...) for requests it does not know.
 */
#include <string.h>

#include "dec.h"

static bool
ok(const struct dec *d)
{
	return d->exited && !d->failed;
}

static uint32_t
u32at(const unsigned char *p, size_t off)
{
	uint32_t v;

	memcpy(&v, p + off, 4);
	return v;
}

enum ioarg {
	IA_PTR = 0,	/* an address */
	IA_NONE,	/* no third argument */
	IA_INT,		/* an int value */
	IA_INTP_IN,	/* int * read by the kernel: [1] */
	IA_INTP_OUT,	/* int * filled by the kernel */
	IA_TERMIOS_IN,
	IA_TERMIOS_OUT,
	IA_WINSZ_IN,
	IA_WINSZ_OUT,
};

struct ioent {
	uint32_t code;
	const char *name;
	enum ioarg arg;
};

static const struct ioent ioents[] = {
	{ 0x5401, "TCGETS", IA_TERMIOS_OUT },
	{ 0x5402, "SNDCTL_TMR_START or TCSETS", IA_TERMIOS_IN },
	{ 0x5403, "SNDCTL_TMR_STOP or TCSETSW", IA_TERMIOS_IN },
	{ 0x5404, "SNDCTL_TMR_CONTINUE or TCSETSF", IA_TERMIOS_IN },
	{ 0x5405, "TCGETA", IA_PTR }, { 0x5406, "TCSETA", IA_PTR },
	{ 0x5407, "TCSETAW", IA_PTR }, { 0x5408, "TCSETAF", IA_PTR },
	{ 0x5409, "TCSBRK", IA_INT }, { 0x540A, "TCXONC", IA_INT },
	{ 0x540B, "TCFLSH", IA_INT }, { 0x540C, "TIOCEXCL", IA_NONE },
	{ 0x540D, "TIOCNXCL", IA_NONE }, { 0x540E, "TIOCSCTTY", IA_INT },
	{ 0x540F, "TIOCGPGRP", IA_INTP_OUT }, { 0x5410, "TIOCSPGRP", IA_INTP_IN },
	{ 0x5411, "TIOCOUTQ", IA_INTP_OUT }, { 0x5412, "TIOCSTI", IA_PTR },
	{ 0x5413, "TIOCGWINSZ", IA_WINSZ_OUT }, { 0x5414, "TIOCSWINSZ", IA_WINSZ_IN },
	{ 0x5415, "TIOCMGET", IA_PTR }, { 0x5416, "TIOCMBIS", IA_PTR },
	{ 0x5417, "TIOCMBIC", IA_PTR }, { 0x5418, "TIOCMSET", IA_PTR },
	{ 0x5419, "TIOCGSOFTCAR", IA_INTP_OUT }, { 0x541A, "TIOCSSOFTCAR", IA_INTP_IN },
	{ 0x541B, "FIONREAD", IA_INTP_OUT }, { 0x541C, "TIOCLINUX", IA_PTR },
	{ 0x541D, "TIOCCONS", IA_NONE }, { 0x541E, "TIOCGSERIAL", IA_PTR },
	{ 0x541F, "TIOCSSERIAL", IA_PTR }, { 0x5420, "TIOCPKT", IA_INTP_IN },
	{ 0x5421, "FIONBIO", IA_INTP_IN }, { 0x5422, "TIOCNOTTY", IA_NONE },
	{ 0x5423, "TIOCSETD", IA_INTP_IN }, { 0x5424, "TIOCGETD", IA_INTP_OUT },
	{ 0x5425, "TCSBRKP", IA_INT }, { 0x5427, "TIOCSBRK", IA_NONE },
	{ 0x5428, "TIOCCBRK", IA_NONE }, { 0x5429, "TIOCGSID", IA_INTP_OUT },
	{ 0x80045430, "TIOCGPTN", IA_INTP_OUT }, { 0x40045431, "TIOCSPTLCK", IA_INTP_IN },
	{ 0x80045432, "TIOCGDEV", IA_INTP_OUT }, { 0x5441, "TIOCGPTPEER", IA_INT },
	{ 0x5450, "FIONCLEX", IA_NONE }, { 0x5451, "FIOCLEX", IA_NONE },
	{ 0x5452, "FIOASYNC", IA_INTP_IN }, { 0x5456, "TIOCGLCKTRMIOS", IA_PTR },
	{ 0x5460, "FIOQSIZE", IA_PTR },
	{ 0x80086601, "FS_IOC_GETFLAGS", IA_PTR }, { 0x40086602, "FS_IOC_SETFLAGS", IA_PTR },
	{ 0x80087601, "FS_IOC_GETVERSION", IA_PTR }, { 0x40049409, "FICLONE", IA_INT },
	{ 0xc020660b, "FS_IOC_FIEMAP", IA_PTR }, { 0x2, "FIGETBSZ", IA_PTR },
	{ 0x80081272, "BLKGETSIZE64", IA_PTR }, { 0x80045200, "RNDGETENTCNT", IA_PTR },
	{ 0x8912, "SIOCGIFCONF", IA_PTR }, { 0x8913, "SIOCGIFFLAGS", IA_PTR },
	{ 0x8927, "SIOCGIFHWADDR", IA_PTR }, { 0x8933, "SIOCGIFINDEX", IA_PTR },
	{ 0x400454ca, "TUNSETIFF", IA_PTR },
	{ 0, NULL, IA_PTR }
};

static const struct sl_xval iflags[] = {
	{ 01, "IGNBRK" }, { 02, "BRKINT" }, { 04, "IGNPAR" }, { 010, "PARMRK" },
	{ 020, "INPCK" }, { 040, "ISTRIP" }, { 0100, "INLCR" }, { 0200, "IGNCR" },
	{ 0400, "ICRNL" }, { 01000, "IUCLC" }, { 02000, "IXON" }, { 04000, "IXANY" },
	{ 010000, "IXOFF" }, { 020000, "IMAXBEL" }, { 040000, "IUTF8" }, XEND
};
static const struct sl_xval oflags[] = {
	{ 01, "OPOST" }, { 02, "OLCUC" }, { 04, "ONLCR" }, { 010, "OCRNL" },
	{ 020, "ONOCR" }, { 040, "ONLRET" }, { 0100, "OFILL" }, { 0200, "OFDEL" },
	XEND
};
static const struct sl_xval cflags[] = {
	{ 0100, "CSTOPB" }, { 0200, "CREAD" }, { 0400, "PARENB" },
	{ 01000, "PARODD" }, { 02000, "HUPCL" }, { 04000, "CLOCAL" },
	{ 010000000000, "CMSPAR" }, { 020000000000, "CRTSCTS" }, XEND
};
static const struct sl_xval lflags[] = {
	{ 01, "ISIG" }, { 02, "ICANON" }, { 04, "XCASE" }, { 010, "ECHO" },
	{ 020, "ECHOE" }, { 040, "ECHOK" }, { 0100, "ECHONL" }, { 0200, "NOFLSH" },
	{ 0400, "TOSTOP" }, { 0100000, "IEXTEN" }, { 01000, "ECHOCTL" },
	{ 02000, "ECHOPRT" }, { 04000, "ECHOKE" }, { 010000, "FLUSHO" },
	{ 040000, "PENDIN" }, { 0200000, "EXTPROC" }, XEND
};
static const struct sl_xval bauds[] = {
	{ 0, "B0" }, { 1, "B50" }, { 2, "B75" }, { 3, "B110" }, { 4, "B134" },
	{ 5, "B150" }, { 6, "B200" }, { 7, "B300" }, { 010, "B600" },
	{ 011, "B1200" }, { 012, "B1800" }, { 013, "B2400" }, { 014, "B4800" },
	{ 015, "B9600" }, { 016, "B19200" }, { 017, "B38400" },
	{ 010001, "B57600" }, { 010002, "B115200" }, { 010003, "B230400" },
	{ 010004, "B460800" }, { 010005, "B500000" }, { 010006, "B576000" },
	{ 010007, "B921600" }, { 010010, "B1000000" }, { 010011, "B1152000" },
	{ 010012, "B1500000" }, { 010013, "B2000000" }, { 010014, "B2500000" },
	{ 010015, "B3000000" }, { 010016, "B3500000" }, { 010017, "B4000000" },
	XEND
};

static void
put_termios(struct dec *d, const unsigned char *p)
{
	uint32_t i = u32at(p, 0), o = u32at(p, 4), c = u32at(p, 8), l = u32at(p, 12);
	static const char *const csz[] = { "CS5", "CS6", "CS7", "CS8" };

	dec_puts(d, "{c_iflag=");
	put_flags(d, i, iflags, "0");
	dec_printf(d, ", c_oflag=NL%u|CR%u|TAB%u|BS%u|VT%u|FF%u",
		   (o >> 6) & 1, (o >> 9) & 3, (o >> 11) & 3, (o >> 13) & 1,
		   (o >> 14) & 1, (o >> 15) & 1);
	o &= ~(0100u | 03000u | 014000u | 020000u | 040000u | 0100000u);
	if (o) {
		dec_puts(d, "|");
		put_flags(d, o, oflags, "0");
	}
	dec_puts(d, ", c_cflag=");
	put_xval(d, c & 010017, bauds, NULL);
	dec_printf(d, "|%s", csz[(c >> 4) & 3]);
	c &= ~(010017u | 060u);
	if (c & 02003600000u) {
		/* input speed, when it differs, is kept in CIBAUD */
		dec_puts(d, "|");
		put_xval(d, (c & 02003600000u) >> 16, bauds, NULL);
		dec_puts(d, "<<IBSHIFT");
		c &= ~02003600000u;
	}
	if (c) {
		dec_puts(d, "|");
		put_flags(d, c, cflags, "0");
	}
	dec_puts(d, ", c_lflag=");
	put_flags(d, l, lflags, "0");
	dec_puts(d, ", ...}");
}

static void
put_winsize(struct dec *d, const unsigned char *p)
{
	uint16_t w[4];

	memcpy(w, p, 8);
	dec_printf(d, "{ws_row=%u, ws_col=%u, ws_xpixel=%u, ws_ypixel=%u}",
		   w[0], w[1], w[2], w[3]);
}

static void
put_ioc(struct dec *d, uint32_t code)
{
	static const char *const dirs[] = {
		"_IOC_NONE", "_IOC_WRITE", "_IOC_READ", "_IOC_READ|_IOC_WRITE"
	};
	unsigned dir = code >> 30, size = (code >> 16) & 0x3fff;
	unsigned type = (code >> 8) & 0xff, nr = code & 0xff;

	dec_printf(d, "_IOC(%s, %#x, %#x, %#x)", dirs[dir], type, nr, size);
}

static void
d_ioctl(struct dec *d)
{
	uint32_t code = (uint32_t)dec_arg(d, 1);
	const struct ioent *e = ioents;
	const unsigned char *p;
	bool entry_side;

	arg_fd(d, 0);
	dec_sep(d);
	for (; e->name; e++)
		if (e->code == code)
			break;
	if (!e->name) {
		put_ioc(d, code);
		arg_hex(d, 2);
		return;
	}
	dec_puts(d, e->name);
	switch (e->arg) {
	case IA_NONE:
		return;
	case IA_INT:
		arg_int(d, 2);
		return;
	case IA_PTR:
		arg_ptr(d, 2);
		return;
	default:
		break;
	}
	entry_side = e->arg == IA_INTP_IN || e->arg == IA_TERMIOS_IN ||
		     e->arg == IA_WINSZ_IN;
	dec_sep(d);
	p = NULL;
	if (dec_arg(d, 2) && (entry_side || ok(d)))
		p = dec_data_at(d, 2, 0, !entry_side,
				e->arg == IA_TERMIOS_IN || e->arg == IA_TERMIOS_OUT ? 36 :
				e->arg == IA_WINSZ_IN || e->arg == IA_WINSZ_OUT ? 8 : 4,
				NULL);
	if (!p) {
		put_ptr(d, dec_arg(d, 2));
		return;
	}
	switch (e->arg) {
	case IA_INTP_IN: case IA_INTP_OUT:
		dec_printf(d, "[%d]", (int32_t)u32at(p, 0));
		break;
	case IA_TERMIOS_IN: case IA_TERMIOS_OUT:
		put_termios(d, p);
		break;
	case IA_WINSZ_IN: case IA_WINSZ_OUT:
		put_winsize(d, p);
		break;
	default:
		break;
	}
}

const struct dec_sys dec_ioctl_table[] = {
	SYS("ioctl", d_ioctl, RV_DEC, NULL),
	SYS_END
};
