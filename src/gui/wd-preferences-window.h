/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "wiredesk-core.h"
#include "wd-backend-editor.h"
#include "wd-policy-editor.h"
#include "wd-prompt-editor.h"

G_BEGIN_DECLS

#define WD_TYPE_PREFERENCES_WINDOW (wd_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (WdPreferencesWindow, wd_preferences_window, WD, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/*
 * Preferences: the language-model backends of the configuration (add,
 * edit, remove, test), which backend drafts each part, the prompt
 * templates and publisher policies of the archive, the editor font and the
 * colour scheme. Changes go into the context's own WdConfig and are saved
 * at once, so drafting uses them immediately.
 */
WdPreferencesWindow *wd_preferences_window_new          (WdContext           *context);
WdBackendEditor     *wd_preferences_window_edit_backend (WdPreferencesWindow *self,
                                                         const char          *name);
WdPromptEditor      *wd_preferences_window_edit_prompt  (WdPreferencesWindow *self,
                                                         WdPromptKind         kind);
WdPolicyEditor      *wd_preferences_window_edit_policy  (WdPreferencesWindow *self,
                                                         const WdPolicy      *policy);
/* The rows of the drafting group: [0] the default backend, then one per
 * part (summary, analyst_take, context, watch, headline, mentions). */
AdwComboRow         *wd_preferences_window_get_backend_row (WdPreferencesWindow *self,
                                                            guint                index);

/* Applies the "color-scheme" key of @settings now and whenever it changes,
 * for as long as the application runs. */
void                 wd_preferences_apply_style          (GSettings          *settings);

G_END_DECLS
