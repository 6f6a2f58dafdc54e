/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "wd-types.h"
#include "wd-source.h"
#include "wd-section.h"
#include "wd-mention.h"

G_BEGIN_DECLS

#define WD_TYPE_BRIEF (wd_brief_get_type ())
G_DECLARE_FINAL_TYPE (WdBrief, wd_brief, WD, BRIEF, GObject)

/*
 * A brief: one per primary source. Properties: "id", "uuid", "headline",
 * "status", "created-at", "updated-at", "source-id", and for list rows
 * "source-title", "publisher", "source-published-at", and "title" (the
 * headline, or the source's title while the headline is empty), "snippet"
 * (set by search), and "loaded" (FALSE while a lazily paged list row is a
 * placeholder whose fields have not arrived yet; every property notifies
 * when they do).
 *
 * A brief loaded with wd_store_load_brief() also carries its source,
 * sections (in position order) and mentions; a list row does not.
 */
gint64         wd_brief_get_id (WdBrief *self);
const char    *wd_brief_get_uuid (WdBrief *self);
const char    *wd_brief_get_headline (WdBrief *self);
WdBriefStatus  wd_brief_get_status (WdBrief *self);
GDateTime     *wd_brief_get_created_at (WdBrief *self);
GDateTime     *wd_brief_get_updated_at (WdBrief *self);
gint64         wd_brief_get_source_id (WdBrief *self);
const char    *wd_brief_get_source_title (WdBrief *self);
const char    *wd_brief_get_publisher (WdBrief *self);
GDateTime     *wd_brief_get_source_published_at (WdBrief *self);
const char    *wd_brief_get_title (WdBrief *self);
const char    *wd_brief_get_snippet (WdBrief *self);
gboolean       wd_brief_get_loaded (WdBrief *self);

/* Only on a brief from wd_store_load_brief(); NULL / empty otherwise. */
WdSource      *wd_brief_get_source (WdBrief *self);
GListModel    *wd_brief_get_sections (WdBrief *self);  /* of WdSection */
GListModel    *wd_brief_get_mentions (WdBrief *self);  /* of WdMention */
WdSection     *wd_brief_get_section (WdBrief *self, WdSectionKind kind);

/* Publication, on a brief loaded in full (wd_store_load_brief()). */
GDateTime     *wd_brief_get_published_at (WdBrief *self);
const char    *wd_brief_get_public_url (WdBrief *self);
gboolean       wd_brief_get_changed_since_publish (WdBrief *self);

G_END_DECLS
