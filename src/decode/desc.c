/* desc.c - decoders of the fd syscalls: read, write, close, dup, fcntl, pipes, polling. */
#include "dec.h"

static void
d_fd(struct dec *d)
{
	arg_fd(d, 0);
}

const struct dec_sys dec_desc_table[] = {
	{ "close", d_fd, RV_DEC, NULL },
	{ NULL, NULL, RV_DEC, NULL }
};
