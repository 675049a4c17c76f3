/*
 * decode_test.h - building events by hand for the decoder tests, and
 * checking the line against the one strace prints (written in the test).
 */
#ifndef SYSLENS_DECODE_TEST_H
#define SYSLENS_DECODE_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "syslens/capture.h"
#include "syslens/decode.h"
#include "syslens/event.h"
#include "syslens/syscalls.h"
#include "syslens/util.h"

static struct sl_event_buf tb;

/* Start a syscall event: name, return value, then its six arguments. */
static inline struct sl_event_buf *
sys(const char *name, int64_t ret, uint64_t a0, uint64_t a1, uint64_t a2,
    uint64_t a3, uint64_t a4, uint64_t a5)
{
	int nr = syscall_lookup(SL_ARCH_X86_64, name);

	assert_true(nr >= 0);
	event_init(&tb, SL_EV_SYSCALL);
	tb.ev.arch = SL_ARCH_X86_64;
	tb.ev.nr = (uint32_t)nr;
	tb.ev.ret = ret;
	tb.ev.args[0] = a0; tb.ev.args[1] = a1; tb.ev.args[2] = a2;
	tb.ev.args[3] = a3; tb.ev.args[4] = a4; tb.ev.args[5] = a5;
	tb.ev.pid = tb.ev.tid = 42;
	return &tb;
}

/* Attach captured bytes to argument `arg`. */
static inline void
pl(unsigned arg, unsigned kind, const void *data, size_t len)
{
	assert_non_null(event_add_payload(&tb, arg, kind, 0, 0, data, len));
}

static inline void
pl_part(unsigned arg, unsigned kind, unsigned part, unsigned flags,
	const void *data, size_t len)
{
	event_add_payload(&tb, arg, kind, flags, part, data, len);
}

static inline void
pl_str(unsigned arg, const char *s)
{
	pl(arg, SL_CAP_STR, s, strlen(s));
}

static inline void
expect_opts(const char *want, const struct sl_decode_opts *o)
{
	struct sl_strbuf sb = SL_STRBUF_INIT;

	decode_syscall(&sb, &tb.ev, o);
	if (strcmp(strbuf_str(&sb), want) != 0)
		print_error("want: %s\n got: %s\n", want, strbuf_str(&sb));
	assert_string_equal(strbuf_str(&sb), want);
	strbuf_free(&sb);
}

static inline void
expect(const char *want)
{
	struct sl_decode_opts o = SL_DECODE_OPTS_DEFAULT;

	expect_opts(want, &o);
}

#endif
