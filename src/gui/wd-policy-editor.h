/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "wiredesk-core.h"

G_BEGIN_DECLS

#define WD_TYPE_POLICY_EDITOR (wd_policy_editor_get_type ())
G_DECLARE_FINAL_TYPE (WdPolicyEditor, wd_policy_editor, WD, POLICY_EDITOR, AdwWindow)

/*
 * Adds (@policy %NULL) or changes a publisher's policy: domain, policy
 * (summarize, link only, excluded), the longest quote in words, a note.
 * Saving stores a new version in a worker thread; the archive's error shows
 * in the window and nothing is saved. Signal "saved" (domain). Widget names
 * "domain", "policy", "max-quote-words", "note", "save", "error" for tests.
 */
WdPolicyEditor *wd_policy_editor_new        (WdStore        *store,
                                             const WdPolicy *policy);
const char     *wd_policy_editor_kind_title (WdPolicyKind    kind);

G_END_DECLS
