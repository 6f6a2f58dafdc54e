/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "store/wd-store.h"
#include "wd-config.h"

G_BEGIN_DECLS

#define WD_TYPE_CONTEXT (wd_context_get_type ())
G_DECLARE_FINAL_TYPE (WdContext, wd_context, WD, CONTEXT, GObject)

/*
 * What every part of Wiredesk is handed instead of globals: the archive
 * and the configuration (later also the language-model backends and the
 * publish targets built from it). A test builds one over a temporary
 * archive. Properties: "store", "config" (construct-only).
 */
WdContext *wd_context_new (WdStore *store, WdConfig *config);
WdStore   *wd_context_get_store (WdContext *self);
WdConfig  *wd_context_get_config (WdContext *self);

G_END_DECLS
