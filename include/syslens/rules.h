/*
 * rules.h - the security lens: rules that flag secrets read, shells
 * spawned and forbidden connections.
 */
#ifndef SYSLENS_RULES_H
#define SYSLENS_RULES_H

#include "syslens/options.h"

/* --dump-rules and --check-rules: prints, returns the exit status. */
int rules_main(const struct sl_options *o);

#endif /* SYSLENS_RULES_H */
