/* net.c - decoders of the net syscalls. */
#include "dec.h"

const struct dec_sys dec_net_table[] = {
	{ NULL, NULL, RV_DEC, NULL }
};
