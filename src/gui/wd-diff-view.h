/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WD_TYPE_DIFF_VIEW (wd_diff_view_get_type ())
G_DECLARE_FINAL_TYPE (WdDiffView, wd_diff_view, WD, DIFF_VIEW, GtkTextView)

GtkWidget *wd_diff_view_new       (void);
void       wd_diff_view_show_diff (WdDiffView *self,
                                   const char *old_text,
                                   const char *new_text);
void       wd_diff_view_show_text (WdDiffView *self,
                                   const char *text);

G_END_DECLS
