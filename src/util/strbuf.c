/*
 * strbuf.c - a growable string for building output lines.
 *
 * The headless writers print millions of lines, most of them integers,
 * hex values and names, so strbuf_printf formats the conversions it
 * knows itself (%d %i %u %x %X %o %c %s %% with the flags - 0 #, a
 * width and the l/ll/z sizes), byte for byte as printf would, and hands
 * anything else (precision, floats, '+', ' ', '*') to vsnprintf.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "syslens/util.h"

void
strbuf_reserve(struct sl_strbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;

	if (need <= sb->cap)
		return;
	sb->cap = sb->cap ? sb->cap : 64;
	while (sb->cap < need)
		sb->cap *= 2;
	sb->s = xrealloc(sb->s, sb->cap);
}

/* n copies of c */
static void
put_fill(struct sl_strbuf *sb, char c, size_t n)
{
	strbuf_reserve(sb, n);
	memset(sb->s + sb->len, c, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
}

/* Digits of v in base 8, 10 or 16, written backwards from end; returns the start. */
static char *
put_digits(char *end, unsigned long long v, unsigned base, bool upper)
{
	const char *dig = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char *p = end;

	if (base == 10) {
		static const char pairs[] = "00010203040506070809101112131415161718192021222324"
					    "25262728293031323334353637383940414243444546474849"
					    "50515253545556575859606162636465666768697071727374"
					    "75767778798081828384858687888990919293949596979899";

		/* two digits per division */
		while (v >= 100) {
			unsigned r = (unsigned)(v % 100);

			v /= 100;
			*--p = pairs[2 * r + 1];
			*--p = pairs[2 * r];
		}
		if (v >= 10) {
			*--p = pairs[2 * v + 1];
			*--p = pairs[2 * v];
		} else {
			*--p = (char)('0' + v);
		}
	} else {
		unsigned shift = base == 16 ? 4 : 3;

		do {
			*--p = dig[v & (base - 1)];
			v >>= shift;
		} while (v);
	}
	return p;
}

void
strbuf_put_udec(struct sl_strbuf *sb, uint64_t v)
{
	char buf[24], *end = buf + sizeof(buf), *p = put_digits(end, v, 10, false);

	strbuf_add(sb, p, (size_t)(end - p));
}

void
strbuf_put_dec(struct sl_strbuf *sb, int64_t v)
{
	char buf[24], *end = buf + sizeof(buf), *p;

	p = put_digits(end, v < 0 ? 0ull - (uint64_t)v : (uint64_t)v, 10, false);
	if (v < 0)
		*--p = '-';
	strbuf_add(sb, p, (size_t)(end - p));
}

void
strbuf_put_hex(struct sl_strbuf *sb, uint64_t v)
{
	char buf[24], *end = buf + sizeof(buf), *p = put_digits(end, v, 16, false);

	if (v) {
		*--p = 'x';
		*--p = '0';
	}
	strbuf_add(sb, p, (size_t)(end - p));
}

struct fmt_spec {
	bool left;	/* '-' */
	bool zero;	/* '0' */
	bool alt;	/* '#' */
	size_t width;
};

/* One integer conversion, padded as printf pads it. */
static void
put_int(struct sl_strbuf *sb, const struct fmt_spec *fs, unsigned long long mag, bool neg,
	char conv)
{
	char buf[32], *end = buf + sizeof(buf), *p;
	const char *prefix = "";
	size_t plen = 0, dlen, total;
	unsigned base = conv == 'o' ? 8 : (conv == 'x' || conv == 'X') ? 16 : 10;

	p = put_digits(end, mag, base, conv == 'X');
	if (fs->alt && base == 8 && *p != '0')
		*--p = '0';
	dlen = (size_t)(end - p);
	if (neg) {
		prefix = "-";
		plen = 1;
	} else if (fs->alt && base == 16 && mag) {
		prefix = conv == 'X' ? "0X" : "0x";
		plen = 2;
	}
	total = plen + dlen;
	if (fs->width <= total) {
		strbuf_reserve(sb, total);
		memcpy(sb->s + sb->len, prefix, plen);
		memcpy(sb->s + sb->len + plen, p, dlen);
		sb->len += total;
		sb->s[sb->len] = '\0';
		return;
	}
	if (fs->left) {
		strbuf_add(sb, prefix, plen);
		strbuf_add(sb, p, dlen);
		put_fill(sb, ' ', fs->width - total);
	} else if (fs->zero) {
		strbuf_add(sb, prefix, plen);
		put_fill(sb, '0', fs->width - total);
		strbuf_add(sb, p, dlen);
	} else {
		put_fill(sb, ' ', fs->width - total);
		strbuf_add(sb, prefix, plen);
		strbuf_add(sb, p, dlen);
	}
}

static void
put_padded(struct sl_strbuf *sb, const struct fmt_spec *fs, const char *s, size_t n)
{
	if (fs->width > n && !fs->left)
		put_fill(sb, ' ', fs->width - n);
	strbuf_add(sb, s, n);
	if (fs->width > n && fs->left)
		put_fill(sb, ' ', fs->width - n);
}

/*
 * Format fmt into sb by itself.  Returns false at the first conversion it
 * does not handle; the caller then discards what was appended and uses
 * vsnprintf with a fresh copy of the arguments.
 */
static bool
fast_vprintf(struct sl_strbuf *sb, const char *fmt, va_list ap)
{
	const char *f = fmt;

	for (;;) {
		const char *pct = f;
		struct fmt_spec fs = { false, false, false, 0 };
		int size = 0; /* 0 int, 1 long, 2 long long, 3 size_t */
		char conv;

		while (*pct && *pct != '%')
			pct++;
		if (pct > f)
			strbuf_add(sb, f, (size_t)(pct - f));
		if (!*pct)
			return true;
		f = pct + 1;
		if (*f == '%') {
			strbuf_putc(sb, '%');
			f++;
			continue;
		}
		for (;; f++) {
			if (*f == '-')
				fs.left = true;
			else if (*f == '0')
				fs.zero = true;
			else if (*f == '#')
				fs.alt = true;
			else
				break;
		}
		while (*f >= '0' && *f <= '9') {
			fs.width = fs.width * 10 + (size_t)(*f - '0');
			if (fs.width > 4096)
				return false;
			f++;
		}
		if (*f == 'l') {
			size = 1;
			if (*++f == 'l') {
				size = 2;
				f++;
			}
		} else if (*f == 'z') {
			size = 3;
			f++;
		}
		conv = *f++;
		switch (conv) {
		case 'd':
		case 'i': {
			long long v;

			if (fs.alt)
				return false;
			if (size == 0)
				v = va_arg(ap, int);
			else if (size == 1)
				v = va_arg(ap, long);
			else if (size == 2)
				v = va_arg(ap, long long);
			else
				v = va_arg(ap, ssize_t);
			put_int(sb, &fs, v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v,
				v < 0, 'd');
			break;
		}
		case 'u':
		case 'x':
		case 'X':
		case 'o': {
			unsigned long long v;

			if (fs.alt && conv == 'u')
				return false;
			if (size == 0)
				v = va_arg(ap, unsigned);
			else if (size == 1)
				v = va_arg(ap, unsigned long);
			else if (size == 2)
				v = va_arg(ap, unsigned long long);
			else
				v = va_arg(ap, size_t);
			put_int(sb, &fs, v, false, conv);
			break;
		}
		case 'c': {
			char c;

			if (size || fs.zero || fs.alt)
				return false;
			c = (char)va_arg(ap, int);
			put_padded(sb, &fs, &c, 1);
			break;
		}
		case 's': {
			const char *s;

			if (size || fs.zero || fs.alt)
				return false;
			s = va_arg(ap, const char *);
			if (!s)
				return false;
			put_padded(sb, &fs, s, strlen(s));
			break;
		}
		default:
			return false;
		}
	}
}

void
strbuf_vprintf(struct sl_strbuf *sb, const char *fmt, va_list ap)
{
	size_t start = sb->len, room;
	va_list ap2;
	bool done;
	int n;

	va_copy(ap2, ap);
	done = fast_vprintf(sb, fmt, ap2);
	va_end(ap2);
	if (done) {
		strbuf_reserve(sb, 0);
		return;
	}
	sb->len = start;
	if (sb->s)
		sb->s[start] = '\0';

	/* one formatting pass when the result fits */
	strbuf_reserve(sb, 32);
	room = sb->cap - sb->len;
	va_copy(ap2, ap);
	n = vsnprintf(sb->s + sb->len, room, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		sb->s[sb->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		strbuf_reserve(sb, (size_t)n);
		vsnprintf(sb->s + sb->len, (size_t)n + 1, fmt, ap);
	}
	sb->len += (size_t)n;
}

void
strbuf_printf(struct sl_strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vprintf(sb, fmt, ap);
	va_end(ap);
}

void
strbuf_reset(struct sl_strbuf *sb)
{
	sb->len = 0;
	if (sb->s)
		sb->s[0] = '\0';
}

void
strbuf_free(struct sl_strbuf *sb)
{
	free(sb->s);
	sb->s = NULL;
	sb->len = sb->cap = 0;
}
