/* signal.c - decoders of the signal syscalls. */
#include "dec.h"

const struct dec_sys dec_signal_table[] = {
	{ NULL, NULL, RV_DEC, NULL }
};
