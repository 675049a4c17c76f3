/*
 * view_hist.c - the histogram pane's place in the layout.  It shows where
 * per-syscall latency histograms go; the histogram module fills it.
 */
#include <stdlib.h>

#include "ui_int.h"

static void
hist_render(struct sl_view *v, struct sl_ui_ctx *ctx, struct sl_grid *g, struct sl_rect r,
	    bool focus)
{
	(void)v;
	(void)ctx;
	r = ui_title(g, r, focus, "Histograms", NULL);
	grid_fill(g, r, SL_ROLE_NORMAL);
	grid_put(g, r.x + 1, r.y, r.w - 1, SL_ROLE_DIM, "(latency histograms: not built yet)");
}

static void
hist_destroy(struct sl_view *v)
{
	free(v);
}

static const struct sl_view_ops hist_ops = {
	.name = "histograms",
	.render = hist_render,
	.destroy = hist_destroy,
};

struct sl_view *
hist_view_new(struct sl_ui_ctx *ctx)
{
	struct sl_view *v = xcalloc(1, sizeof(*v));

	(void)ctx;
	v->ops = &hist_ops;
	return v;
}
