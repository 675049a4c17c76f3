/*
 * ui.h - the interactive interface.
 */
#ifndef SYSLENS_UI_H
#define SYSLENS_UI_H

#include "syslens/collector.h"
#include "syslens/options.h"

/*
 * Whether the interface can run here; when not, one line in why
 * (TERM=dumb, unknown terminal, not a terminal).
 */
int ui_available(char *why, size_t whylen);
/* Whether --theme names a theme that loads; -1 with one line in why. */
int ui_theme_check(const char *spec, char *why, size_t whylen);

/*
 * Run the interface over collector `c` (not yet started): it starts the
 * collector on its own thread, feeding the live store and `extra` (a
 * recording writer, or NULL), and returns when the user quits, with the
 * exit status syslens should exit with.  The terminal is restored and
 * tracees detached before it returns, whatever happened.
 */
int ui_run(struct sl_collector *c, const struct sl_options *o,
	   struct sl_sink *extra);

#endif /* SYSLENS_UI_H */
