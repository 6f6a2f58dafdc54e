/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "wiredesk-core.h"

G_BEGIN_DECLS

#define WD_TYPE_MENTIONS_BAR (wd_mentions_bar_get_type ())
G_DECLARE_FINAL_TYPE (WdMentionsBar, wd_mentions_bar, WD, MENTIONS_BAR, GtkWidget)

/*
 * The mentions of one brief, under it: a chip per attached mention (kind
 * icon, name, remove), the model's suggestions as dashed chips (click to
 * accept, × to dismiss), and an entry that completes from the catalog's
 * names and aliases; a name new to the catalog asks for its kind first.
 * Removing a mention shows a toast with Undo in the AdwToastOverlay
 * around the bar, or hands it to the "toast" signal when there is none.
 * It follows the store's "changed" signal for its brief.
 */
GtkWidget *wd_mentions_bar_new       (void);
void       wd_mentions_bar_set_store (WdMentionsBar *self,
                                      WdStore       *store);
WdStore   *wd_mentions_bar_get_store (WdMentionsBar *self);
void       wd_mentions_bar_set_brief (WdMentionsBar *self,
                                      WdBrief       *brief);
gint64     wd_mentions_bar_get_brief_id (WdMentionsBar *self);
/* Puts the cursor in the entry that adds a mention. */
void       wd_mentions_bar_focus_entry (WdMentionsBar *self);

G_END_DECLS
