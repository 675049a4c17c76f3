/* process.c - decoders of process syscalls: clone, execve, wait4, exit, limits. */
#include "dec.h"

static void
d_int1(struct dec *d)
{
	arg_int(d, 0);
}

const struct dec_sys dec_process_table[] = {
	{ "exit_group", d_int1, RV_NONE, NULL },
	{ "exit", d_int1, RV_NONE, NULL },
	{ NULL, NULL, RV_DEC, NULL }
};
