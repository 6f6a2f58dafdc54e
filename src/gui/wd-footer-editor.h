/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "wiredesk-core.h"

G_BEGIN_DECLS

#define WD_TYPE_FOOTER_EDITOR (wd_footer_editor_get_type ())
G_DECLARE_FINAL_TYPE (WdFooterEditor, wd_footer_editor, WD, FOOTER_EDITOR, AdwWindow)

/*
 * Edits one footer template of the archive (wd-render.h: the kinds
 * "footer_attribution", "footer_disclosure", "footer_byline"): the
 * Markdown text, the {{variables}} it may use (a click inserts one at the
 * cursor) and its version. Save stores a new version; Reset to Default
 * saves the shipped text as a new version. Archive calls run in worker
 * threads. Signal "saved" (version) after each save; widget names "save",
 * "reset", "error" and "variables" (a label whose links are the variable
 * names) for tests.
 */
WdFooterEditor *wd_footer_editor_new         (WdStore        *store,
                                              const char     *kind);
const char     *wd_footer_editor_kind_title  (const char     *kind);
GtkTextBuffer  *wd_footer_editor_get_buffer  (WdFooterEditor *self);
int             wd_footer_editor_get_version (WdFooterEditor *self);

G_END_DECLS
