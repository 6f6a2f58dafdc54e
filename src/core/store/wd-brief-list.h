/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "wd-store.h"

G_BEGIN_DECLS

#define WD_TYPE_BRIEF_LIST (wd_brief_list_get_type ())
G_DECLARE_FINAL_TYPE (WdBriefList, wd_brief_list, WD, BRIEF_LIST, GObject)

/*
 * A GListModel of WdBrief list rows that never blocks its thread on disk.
 *
 * With no search query it shows the briefs of @filter, newest first, and
 * pages lazily: the count and each page of rows are read off-thread;
 * get_item() on a row whose page has not arrived returns a placeholder
 * (loaded = FALSE) that is filled in place, with notifications, when the
 * page comes. With a query it shows the bm25-ranked search hits (at most
 * a few hundred). Properties: "store", "filter", "query", "loading".
 * The model follows the store's "changed" signal.
 */
WdBriefList  *wd_brief_list_new (WdStore *store, WdBriefFilter filter);
WdBriefFilter wd_brief_list_get_filter (WdBriefList *self);
void          wd_brief_list_set_filter (WdBriefList *self, WdBriefFilter filter);
const char   *wd_brief_list_get_query (WdBriefList *self);
void          wd_brief_list_set_query (WdBriefList *self, const char *query);
gboolean      wd_brief_list_get_loading (WdBriefList *self);
void          wd_brief_list_reload (WdBriefList *self);

G_END_DECLS
