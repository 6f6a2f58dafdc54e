/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "wiredesk-core.h"

G_BEGIN_DECLS

#define WD_TYPE_HISTORY_DIALOG (wd_history_dialog_get_type ())
G_DECLARE_FINAL_TYPE (WdHistoryDialog, wd_history_dialog, WD, HISTORY_DIALOG, AdwWindow)

WdHistoryDialog *wd_history_dialog_new (GtkWindow     *parent,
                                        WdStore       *store,
                                        gint64         brief_id,
                                        WdSectionKind  kind);

G_END_DECLS
