/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "wiredesk-core.h"

G_BEGIN_DECLS

#define WD_TYPE_BRIEF_ROW (wd_brief_row_get_type ())
G_DECLARE_FINAL_TYPE (WdBriefRow, wd_brief_row, WD, BRIEF_ROW, GtkWidget)

GtkWidget *wd_brief_row_new       (void);
WdBrief   *wd_brief_row_get_brief (WdBriefRow *self);
void       wd_brief_row_set_brief (WdBriefRow *self,
                                   WdBrief    *brief);
void       wd_brief_row_set_selection_mode (WdBriefRow *self,
                                            gboolean    selection_mode,
                                            gboolean    checked);

G_END_DECLS
