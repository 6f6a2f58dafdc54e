/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "wiredesk-core.h"

G_BEGIN_DECLS

#define WD_TYPE_SOURCE_VIEW (wd_source_view_get_type ())
G_DECLARE_FINAL_TYPE (WdSourceView, wd_source_view, WD, SOURCE_VIEW, GtkWidget)

GtkWidget     *wd_source_view_new              (void);
WdSource      *wd_source_view_get_source       (WdSourceView *self);
void           wd_source_view_set_source       (WdSourceView *self,
                                                WdSource     *source);
int            wd_source_view_get_column_width (WdSourceView *self);
GtkTextView   *wd_source_view_get_text_view    (WdSourceView *self);
GtkTextBuffer *wd_source_view_get_buffer       (WdSourceView *self);
int            wd_source_view_source_to_buffer (WdSourceView *self,
                                                gsize         source_offset);
gssize         wd_source_view_buffer_to_source (WdSourceView *self,
                                                int           buffer_offset);
int            wd_source_view_highlight        (WdSourceView *self,
                                                const gsize  *starts,
                                                const gsize  *ends,
                                                guint         n_spans);
int            wd_source_view_mark_copied      (WdSourceView *self,
                                                const gsize  *starts,
                                                const gsize  *ends,
                                                guint         n_spans);
gboolean       wd_source_view_has_copied_at    (WdSourceView *self,
                                                gsize         source_offset);

G_END_DECLS
