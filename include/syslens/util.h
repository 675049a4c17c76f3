/*
 * util.h - allocation that aborts on failure, a growable string, small
 * helpers shared by every module.
 */
#ifndef SYSLENS_UTIL_H
#define SYSLENS_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define SL_MIN(a, b)	((a) < (b) ? (a) : (b))
#define SL_MAX(a, b)	((a) > (b) ? (a) : (b))

/* Allocation failure prints one line and aborts: callers never see NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/*
 * A growable NUL-terminated string.  Zero-initialise it (or use
 * SL_STRBUF_INIT); free with strbuf_free.  The caller owns sb->s.
 */
struct sl_strbuf {
	char *s;
	size_t len;
	size_t cap;
};
#define SL_STRBUF_INIT	{ NULL, 0, 0 }

/* Make room for n more bytes and the NUL (the slow path of the appenders). */
void strbuf_reserve(struct sl_strbuf *sb, size_t n);

/* Appending is inline: output lines are built from many short pieces. */
static inline void
strbuf_add(struct sl_strbuf *sb, const char *s, size_t n)
{
	if (sb->len + n + 1 > sb->cap)
		strbuf_reserve(sb, n);
	memcpy(sb->s + sb->len, s, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
}

static inline void
strbuf_puts(struct sl_strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

static inline void
strbuf_putc(struct sl_strbuf *sb, char c)
{
	if (sb->len + 2 > sb->cap)
		strbuf_reserve(sb, 1);
	sb->s[sb->len++] = c;
	sb->s[sb->len] = '\0';
}
void strbuf_printf(struct sl_strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vprintf(struct sl_strbuf *sb, const char *fmt, va_list ap);
/* Fast equivalents of "%lld", "%llu" and "%#llx" (0 prints as "0"). */
void strbuf_put_dec(struct sl_strbuf *sb, int64_t v);
void strbuf_put_udec(struct sl_strbuf *sb, uint64_t v);
void strbuf_put_hex(struct sl_strbuf *sb, uint64_t v);
void strbuf_reset(struct sl_strbuf *sb);
void strbuf_free(struct sl_strbuf *sb);
/* Always a valid string, "" when empty. */
static inline const char *
strbuf_str(const struct sl_strbuf *sb)
{
	return sb->s ? sb->s : "";
}

/* A clock_gettime clock (CLOCK_*) in ns. */
uint64_t clock_ns(int clock);
/* CLOCK_MONOTONIC in ns. */
uint64_t now_ns(void);
/* CLOCK_REALTIME minus CLOCK_MONOTONIC in ns, measured once. */
int64_t realtime_offset_ns(void);
/*
 * Make realtime_offset_ns() return `off` from now on: a replayed recording
 * installs the offset it was recorded with, before any event flows.
 */
void realtime_offset_set(int64_t off);

/*
 * Parse a duration such as "1s", "250ms", "2.5s", "1m", "500us", "100ns";
 * a bare number is seconds.  Returns 0, or -EINVAL.
 */
int parse_duration(const char *s, uint64_t *ns);

#endif /* SYSLENS_UTIL_H */
