/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "wiredesk-core.h"
#include "import/wd-import-queue.h"
#include "wd-import-dialog.h"
#include "draft/wd-draft-queue.h"

G_BEGIN_DECLS

#define WD_TYPE_WINDOW (wd_window_get_type ())
G_DECLARE_FINAL_TYPE (WdWindow, wd_window, WD, WINDOW, AdwApplicationWindow)

WdWindow  *wd_window_new         (GtkApplication *application,
                                  WdContext      *context);
WdContext *wd_window_get_context (WdWindow       *self);
void       wd_window_show_toast  (WdWindow       *self,
                                  const char     *message);
void       wd_window_show_brief  (WdWindow       *self,
                                  gint64          brief_id);
guint      wd_window_import_value (WdWindow      *self,
                                   const GValue  *value);
WdImportQueue  *wd_window_get_import_queue  (WdWindow *self);
WdImportDialog *wd_window_get_import_dialog (WdWindow *self);
WdDraftQueue   *wd_window_get_draft_queue   (WdWindow *self);
void            wd_window_set_selection_mode (WdWindow *self,
                                              gboolean  selection_mode);

G_END_DECLS
