/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "wiredesk-core.h"

G_BEGIN_DECLS

#define WD_TYPE_BACKEND_EDITOR (wd_backend_editor_get_type ())
G_DECLARE_FINAL_TYPE (WdBackendEditor, wd_backend_editor, WD, BACKEND_EDITOR, AdwWindow)

/*
 * Adds (@name %NULL) or edits a `[backend NAME]` group of @config: kind,
 * base URL, model, temperature, max tokens, the three timeouts, and the API
 * key, which goes to the Secret Service only. A bad value shows the
 * configuration's one-sentence error at its field and nothing is saved.
 * Signal "saved" (NAME) once the key file is written; the window closes
 * when the key is stored too. Rows carry widget names ("name", "kind",
 * "base-url", "model", "temperature", "max-tokens", "connect-timeout",
 * "first-byte-timeout", "idle-timeout", "api-key", "save"; a field's error
 * label is "FIELD-error", the key's note "api-key-note", any other error
 * "error") for tests.
 */
WdBackendEditor *wd_backend_editor_new (WdConfig   *config,
                                        const char *name);

G_END_DECLS
