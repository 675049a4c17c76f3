/* test_ring.c - the live ring: order, wraparound, overwrite counting, a
 * writer and a reader running at once. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "syslens/store.h"

static void
make_event(struct sl_event_buf *b, uint64_t seq, size_t plen)
{
	unsigned char data[SL_PAYLOAD_MAX];

	event_init(b, SL_EV_SYSCALL);
	b->ev.seq = seq;
	b->ev.pid = b->ev.tid = 100;
	b->ev.args[0] = seq * 3;
	if (plen) {
		if (plen > SL_PAYLOAD_MAX - 8)
			plen = SL_PAYLOAD_MAX - 8;
		for (size_t i = 0; i < plen; i++)
			data[i] = (unsigned char)(seq + i);
		event_add_payload(b, 0, 1, 0, 0, data, plen);
	}
}

/* The payload of a read-back event matches what make_event wrote. */
static int
event_intact(const struct sl_event *ev)
{
	const struct sl_payload *pl = event_payload_first(ev);

	if (ev->args[0] != ev->seq * 3)
		return 0;
	if (!pl)
		return ev->npayload == 0;
	for (size_t i = 0; i < pl->len; i++)
		if (event_payload_data(pl)[i] != (unsigned char)(ev->seq + i))
			return 0;
	return 1;
}

static void
test_push_read(void **state)
{
	struct sl_ring *r = ring_new(8, 0);
	static struct sl_event_buf b, out;

	(void)state;
	assert_int_equal(ring_head(r), 0);
	assert_int_equal(ring_read(r, 0, &out), -ENOENT);
	for (int i = 0; i < 5; i++) {
		make_event(&b, (uint64_t)i, (size_t)i * 10);
		assert_int_equal(ring_push(r, &b.ev), (uint64_t)i);
	}
	assert_int_equal(ring_head(r), 5);
	assert_int_equal(ring_tail(r), 0);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(ring_read(r, (uint64_t)i, &out), 0);
		assert_int_equal(out.ev.seq, (uint64_t)i);
		assert_true(event_intact(&out.ev));
		assert_int_equal(out.ev.npayload, i ? 1 : 0);
	}
	assert_int_equal(ring_read_header(r, 3, &out.ev), 0);
	assert_int_equal(out.ev.seq, 3);
	assert_int_equal(out.ev.payload_len, 0);
	assert_int_equal(ring_overwritten(r), 0);
	ring_free(r);
}

static void
test_wraparound(void **state)
{
	struct sl_ring *r = ring_new(8, 0);
	static struct sl_event_buf b, out;

	(void)state;
	for (int i = 0; i < 21; i++) {
		make_event(&b, (uint64_t)i, 0);
		ring_push(r, &b.ev);
	}
	assert_int_equal(ring_head(r), 21);
	assert_int_equal(ring_tail(r), 13);
	assert_int_equal(ring_overwritten(r), 13);
	assert_int_equal(ring_read(r, 12, &out), -ESTALE);
	assert_int_equal(ring_read(r, 0, &out), -ESTALE);
	for (uint64_t i = 13; i < 21; i++) {
		assert_int_equal(ring_read(r, i, &out), 0);
		assert_int_equal(out.ev.seq, i);
	}
	ring_free(r);
}

/* The arena fills before the slots do: big payloads push out old events. */
static void
test_arena_overwrite(void **state)
{
	struct sl_ring *r = ring_new(1000, SL_PAYLOAD_MAX * 2);
	static struct sl_event_buf b, out;
	uint64_t ok = 0;

	(void)state;
	for (int i = 0; i < 100; i++) {
		make_event(&b, (uint64_t)i, 3000);
		ring_push(r, &b.ev);
	}
	assert_int_equal(ring_head(r), 100);
	assert_true(ring_tail(r) > 80);
	assert_int_equal(ring_overwritten(r), ring_tail(r));
	for (uint64_t i = ring_tail(r); i < 100; i++) {
		assert_int_equal(ring_read(r, i, &out), 0);
		assert_true(event_intact(&out.ev));
		ok++;
	}
	assert_true(ok >= 5);
	/* a payload bigger than the whole arena is dropped, the event kept */
	struct sl_ring *small = ring_new(4, 1);
	make_event(&b, 7, SL_PAYLOAD_MAX);
	ring_push(small, &b.ev);
	assert_int_equal(ring_read(small, 0, &out), 0);
	assert_int_equal(out.ev.seq, 7);
	ring_free(small);
	ring_free(r);
}

static void
test_sink(void **state)
{
	struct sl_ring *r = ring_new(16, 0);
	struct sl_sink *s = ring_sink_new(r);
	struct sl_collect_stats st = {.events = 5, .lost = 2}, got;
	static struct sl_event_buf b;

	(void)state;
	make_event(&b, 1, 4);
	assert_int_equal(sink_event(s, &b.ev), 0);
	assert_int_equal(ring_head(r), 1);
	s->finish(s, &st);
	ring_stats(r, &got);
	assert_int_equal(got.lost, 2);
	s->destroy(s);
	assert_true(ring_memory(r) >= 16 * sizeof(struct sl_event));
	ring_free(r);
}

#define NPUSH 200000

struct reader_state {
	struct sl_ring *r;
	uint64_t read, stale, bad;
};

static void *
writer_main(void *arg)
{
	struct sl_ring *r = arg;
	static struct sl_event_buf b;

	for (uint64_t i = 0; i < NPUSH; i++) {
		make_event(&b, i, i % 97);
		ring_push(r, &b.ev);
	}
	return NULL;
}

static void
test_concurrent(void **state)
{
	struct reader_state rs = {0};
	static struct sl_event_buf out;
	pthread_t w;
	uint64_t next = 0;

	(void)state;
	rs.r = ring_new(64, 64 * 32);
	assert_int_equal(pthread_create(&w, NULL, writer_main, rs.r), 0);
	while (next < NPUSH) {
		uint64_t head = ring_head(rs.r);
		int rc;

		if (next >= head)
			continue;
		rc = ring_read(rs.r, next, &out);
		if (rc == -ESTALE) {
			rs.stale++;
			next = ring_tail(rs.r) > next ? ring_tail(rs.r) : next + 1;
			continue;
		}
		assert_int_equal(rc, 0);
		if (out.ev.seq != next || !event_intact(&out.ev))
			rs.bad++;
		rs.read++;
		next++;
	}
	pthread_join(w, NULL);
	assert_int_equal(rs.bad, 0);
	assert_true(rs.read > 0);
	assert_int_equal(ring_head(rs.r), NPUSH);
	assert_int_equal(ring_overwritten(rs.r), ring_tail(rs.r));
	ring_free(rs.r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_push_read),	cmocka_unit_test(test_wraparound),
		cmocka_unit_test(test_arena_overwrite), cmocka_unit_test(test_sink),
		cmocka_unit_test(test_concurrent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
