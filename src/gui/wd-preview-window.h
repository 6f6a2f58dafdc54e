/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "wiredesk-core.h"

G_BEGIN_DECLS

#define WD_TYPE_PREVIEW_WINDOW (wd_preview_window_get_type ())
G_DECLARE_FINAL_TYPE (WdPreviewWindow, wd_preview_window, WD, PREVIEW_WINDOW, AdwWindow)

/* The brief as the site will show it: the rendered page (wd_render_page())
 * in a WebKit view with JavaScript off and nothing fetched from the
 * network, following the brief's changes while it is open. */
WdPreviewWindow *wd_preview_window_new        (GtkWindow *parent, WdContext *context,
                                               gint64 brief_id);
/* The number of pages shown so far (a test waits for it). */
guint            wd_preview_window_get_loads  (WdPreviewWindow *self);
GtkWidget       *wd_preview_window_get_view   (WdPreviewWindow *self);

G_END_DECLS
