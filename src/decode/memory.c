/* memory.c - decoders of the memory syscalls. */
#include "dec.h"

const struct dec_sys dec_memory_table[] = {
	{ NULL, NULL, RV_DEC, NULL }
};
