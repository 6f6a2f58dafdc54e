/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "import/wd-import-queue.h"

G_BEGIN_DECLS

#define WD_TYPE_IMPORT_DIALOG (wd_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (WdImportDialog, wd_import_dialog, WD, IMPORT_DIALOG, AdwWindow)

WdImportDialog *wd_import_dialog_new       (GtkWindow      *parent,
                                            WdImportQueue  *queue);
void            wd_import_dialog_show_page (WdImportDialog *self,
                                            const char     *name);
void            wd_import_dialog_set_input (WdImportDialog *self,
                                            const char     *text);
gboolean        wd_import_dialog_get_refreshing (WdImportDialog *self);

G_END_DECLS
