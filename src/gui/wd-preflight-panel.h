/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "review/wd-review.h"

G_BEGIN_DECLS

#define WD_TYPE_PREFLIGHT_PANEL (wd_preflight_panel_get_type ())
G_DECLARE_FINAL_TYPE (WdPreflightPanel, wd_preflight_panel, WD, PREFLIGHT_PANEL, GtkWidget)

/*
 * The preflight: a summary line ("2 failures · 1 warning", or "Ready to
 * publish") that opens the list of what the review checks found, failures
 * first. Activating an item emits "item-activated" with its place: the
 * section (a WdSectionKind or WD_REVIEW_SECTION_*), the byte span in that
 * section's text and the byte span in the source (-1 where none).
 */
GtkWidget  *wd_preflight_panel_new         (void);
void        wd_preflight_panel_set_report  (WdPreflightPanel     *self,
                                            const WdReviewReport *report);
const char *wd_preflight_panel_get_summary (WdPreflightPanel     *self);
guint       wd_preflight_panel_get_n_items (WdPreflightPanel     *self);
void        wd_preflight_panel_activate_item (WdPreflightPanel   *self,
                                              guint               index);
gboolean    wd_preflight_panel_get_expanded (WdPreflightPanel    *self);
void        wd_preflight_panel_set_expanded (WdPreflightPanel    *self,
                                             gboolean             expanded);

G_END_DECLS
