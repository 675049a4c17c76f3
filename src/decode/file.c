/* file.c - decoders of the file syscalls. */
#include "dec.h"

const struct dec_sys dec_file_table[] = {
	{ NULL, NULL, RV_DEC, NULL }
};
