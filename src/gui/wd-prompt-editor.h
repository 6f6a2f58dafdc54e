/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "wiredesk-core.h"
#include "draft/wd-prompt.h"

G_BEGIN_DECLS

#define WD_TYPE_PROMPT_EDITOR (wd_prompt_editor_get_type ())
G_DECLARE_FINAL_TYPE (WdPromptEditor, wd_prompt_editor, WD, PROMPT_EDITOR, AdwWindow)

/*
 * Edits one prompt template of the archive: the text (GtkSourceView, word
 * wrap), the {{variables}} it may use, and its version. Save stores a new
 * version (an unknown variable shows the error and saves nothing); Reset
 * to Default saves the shipped template as a new version. Archive calls run
 * in worker threads. Signal "saved" (version) after each save; widget names
 * "save", "reset", "error" for tests.
 */
WdPromptEditor *wd_prompt_editor_new         (WdStore        *store,
                                              WdPromptKind    kind);
const char     *wd_prompt_editor_kind_title  (WdPromptKind    kind);
GtkTextBuffer  *wd_prompt_editor_get_buffer  (WdPromptEditor *self);
int             wd_prompt_editor_get_version (WdPromptEditor *self);

G_END_DECLS
