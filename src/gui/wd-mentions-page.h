/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "wiredesk-core.h"

G_BEGIN_DECLS

#define WD_TYPE_MENTIONS_PAGE (wd_mentions_page_get_type ())
G_DECLARE_FINAL_TYPE (WdMentionsPage, wd_mentions_page, WD, MENTIONS_PAGE, GtkWidget)

/*
 * The mention catalog: every mention with its kind, the number of briefs
 * it is attached to and its aliases, a search entry, and per mention
 * Rename, Add Alias and Merge (asked in an AdwMessageDialog that says
 * what becomes of the two). Results and errors go to toasts in the
 * AdwToastOverlay around the page, or to the "toast" signal when there is
 * none; errors also show in the popover that caused them.
 */
GtkWidget *wd_mentions_page_new       (void);
void       wd_mentions_page_set_store (WdMentionsPage *self,
                                       WdStore        *store);
WdStore   *wd_mentions_page_get_store (WdMentionsPage *self);

G_END_DECLS
