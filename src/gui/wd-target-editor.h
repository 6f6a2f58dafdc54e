/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "wiredesk-core.h"

G_BEGIN_DECLS

#define WD_TYPE_TARGET_EDITOR (wd_target_editor_get_type ())
G_DECLARE_FINAL_TYPE (WdTargetEditor, wd_target_editor, WD, TARGET_EDITOR, AdwWindow)

/*
 * Adds (@name %NULL) or edits a `[target NAME]` publish target of @config:
 * kind (WordPress, site backend, static directory), the kind's keys,
 * whether it is the default ([defaults] target=), and its secret, which
 * goes to the Secret Service only. A bad value shows the target's own
 * one-sentence error at its field and nothing is saved. Test checks the
 * values as typed without publishing anything; Remove asks first.
 *
 * Signals "saved" (NAME) once the key file is written and "removed" (NAME)
 * once the group is gone; the window closes after a save when the secret is
 * stored too. Widgets carry names for tests: "name", "kind", "url", "user",
 * "status", "dir", "base-url", "timeout", "connect-timeout",
 * "idle-timeout", "default", "secret", "save", "test", "remove"; a field's
 * error label is "FIELD-error", the secret's note "secret-note", the test's
 * answer "test-result", any other error "error".
 */
WdTargetEditor *wd_target_editor_new (WdConfig   *config,
                                      const char *name);

G_END_DECLS
