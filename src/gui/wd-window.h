/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "wiredesk-core.h"

G_BEGIN_DECLS

#define WD_TYPE_WINDOW (wd_window_get_type ())
G_DECLARE_FINAL_TYPE (WdWindow, wd_window, WD, WINDOW, AdwApplicationWindow)

WdWindow  *wd_window_new         (GtkApplication *application,
                                  WdContext      *context);
WdContext *wd_window_get_context (WdWindow       *self);
void       wd_window_show_toast  (WdWindow       *self,
                                  const char     *message);

G_END_DECLS
