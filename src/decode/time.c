/* time.c - decoders of the time syscalls. */
#include "dec.h"

const struct dec_sys dec_time_table[] = {
	{ NULL, NULL, RV_DEC, NULL }
};
