/* misc.c - decoders of the misc syscalls. */
#include "dec.h"

const struct dec_sys dec_misc_table[] = {
	{ NULL, NULL, RV_DEC, NULL }
};
