/* strbuf.c - a growable string for building output lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syslens/util.h"

static void
strbuf_grow(struct sl_strbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;

	if (need <= sb->cap)
		return;
	sb->cap = sb->cap ? sb->cap : 64;
	while (sb->cap < need)
		sb->cap *= 2;
	sb->s = xrealloc(sb->s, sb->cap);
}

void
strbuf_add(struct sl_strbuf *sb, const char *s, size_t n)
{
	char *d;

	if (sb->len + n + 1 > sb->cap)
		strbuf_grow(sb, n);
	d = sb->s + sb->len;
	/* decoders add a character or two at a time: no memcpy call for those */
	if (n <= 8) {
		for (size_t i = 0; i < n; i++)
			d[i] = s[i];
	} else {
		memcpy(d, s, n);
	}
	sb->len += n;
	sb->s[sb->len] = '\0';
}

void
strbuf_puts(struct sl_strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void
strbuf_putc(struct sl_strbuf *sb, char c)
{
	if (sb->len + 2 > sb->cap)
		strbuf_grow(sb, 1);
	sb->s[sb->len++] = c;
	sb->s[sb->len] = '\0';
}

void
strbuf_vprintf(struct sl_strbuf *sb, const char *fmt, va_list ap)
{
	va_list ap2;
	size_t room;
	int n;

	/* one formatting pass when the line fits (decoding calls this a lot) */
	strbuf_grow(sb, 32);
	room = sb->cap - sb->len;
	va_copy(ap2, ap);
	n = vsnprintf(sb->s + sb->len, room, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		sb->s[sb->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		strbuf_grow(sb, (size_t)n);
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
