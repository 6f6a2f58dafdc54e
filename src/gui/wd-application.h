/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WD_TYPE_APPLICATION (wd_application_get_type ())
G_DECLARE_FINAL_TYPE (WdApplication, wd_application, WD, APPLICATION, AdwApplication)

WdApplication *wd_application_new (GApplicationFlags flags);

G_END_DECLS
