/* event.c - walking and building the payloads of an event record. */
#include <string.h>

#include "syslens/event.h"

const struct sl_payload *
event_payload_first(const struct sl_event *ev)
{
	if (ev->npayload == 0 || ev->payload_len < sizeof(struct sl_payload))
		return NULL;
	return (const struct sl_payload *)(ev + 1);
}

const struct sl_payload *
event_payload_next(const struct sl_event *ev, const struct sl_payload *pl)
{
	const unsigned char *base = (const unsigned char *)(ev + 1);
	size_t off = (size_t)((const unsigned char *)pl - base);

	off += sizeof(*pl) + SL_ALIGN8(pl->len);
	if (off + sizeof(*pl) > ev->payload_len)
		return NULL;
	pl = (const struct sl_payload *)(base + off);
	if (off + sizeof(*pl) + pl->len > ev->payload_len)
		return NULL;	/* damaged: stop rather than read past */
	return pl;
}

const struct sl_payload *
event_payload_find(const struct sl_event *ev, unsigned arg, unsigned part)
{
	const struct sl_payload *pl;

	for (pl = event_payload_first(ev); pl; pl = event_payload_next(ev, pl))
		if (pl->arg == arg && pl->part == part)
			return pl;
	return NULL;
}

void
event_init(struct sl_event_buf *buf, unsigned type)
{
	memset(&buf->ev, 0, sizeof(buf->ev));
	buf->ev.type = (__u16)type;
	buf->ev.size = sizeof(buf->ev);
}

size_t
event_room(const struct sl_event_buf *buf)
{
	size_t used = buf->ev.payload_len + sizeof(struct sl_payload);

	return used >= SL_PAYLOAD_MAX ? 0 : SL_PAYLOAD_MAX - used;
}

unsigned char *
event_add_payload(struct sl_event_buf *buf, unsigned arg, unsigned kind,
		  unsigned flags, unsigned part, const void *data, size_t len)
{
	struct sl_payload *pl;
	size_t room = event_room(buf);

	if (buf->ev.payload_len + sizeof(*pl) > SL_PAYLOAD_MAX) {
		buf->ev.flags |= SL_EVF_TRUNCATED;
		return NULL;
	}
	if (len > room) {
		len = room;
		flags |= SL_PLF_TRUNCATED;
	}
	if (flags & SL_PLF_TRUNCATED)
		buf->ev.flags |= SL_EVF_TRUNCATED;
	if (flags & SL_PLF_UNREADABLE)
		buf->ev.flags |= SL_EVF_UNREADABLE;
	pl = (struct sl_payload *)(buf->data + buf->ev.payload_len);
	pl->arg = (__u8)arg;
	pl->kind = (__u8)kind;
	pl->flags = (__u8)flags;
	pl->part = (__u8)part;
	pl->len = (__u32)len;
	if (data && len)
		memcpy(pl + 1, data, len);
	if (SL_ALIGN8(len) > len)
		memset((unsigned char *)(pl + 1) + len, 0, SL_ALIGN8(len) - len);
	buf->ev.payload_len += (__u32)(sizeof(*pl) + SL_ALIGN8(len));
	if (buf->ev.payload_len > SL_PAYLOAD_MAX)
		buf->ev.payload_len = SL_PAYLOAD_MAX;
	buf->ev.npayload++;
	buf->ev.size = (__u32)(sizeof(buf->ev) + buf->ev.payload_len);
	return (unsigned char *)(pl + 1);
}
