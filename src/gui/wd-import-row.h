/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "import/wd-import-queue.h"

G_BEGIN_DECLS

#define WD_TYPE_IMPORT_ROW (wd_import_row_get_type ())
G_DECLARE_FINAL_TYPE (WdImportRow, wd_import_row, WD, IMPORT_ROW, AdwActionRow)

GtkWidget    *wd_import_row_new      (WdImportItem *item);
WdImportItem *wd_import_row_get_item (WdImportRow  *self);

G_END_DECLS
