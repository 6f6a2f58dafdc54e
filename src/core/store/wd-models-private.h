/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * Inside the store only. The model classes' read-only properties are
 * G_PARAM_CONSTRUCT_ONLY, so the store builds them with g_object_new()
 * ("id", "headline", "status", ...; "source", "sections", "mentions" for a
 * fully loaded brief). These few calls change an existing object.
 */

#include "wd-brief.h"

G_BEGIN_DECLS

/* A list row that has not arrived yet: loaded = FALSE, id 0. */
WdBrief *wd_brief_new_placeholder (void);
/* Copies every list-row field of @loaded into @self, sets loaded = TRUE and
 * notifies each property that changed. */
void     wd_brief_update_from (WdBrief *self, WdBrief *loaded);
void     wd_brief_set_snippet (WdBrief *self, const char *snippet);
void     wd_brief_set_publication (WdBrief *self, GDateTime *published_at,
                                   const char *public_url, gboolean changed_since_publish);
/* Set by the store after an insert / from a row. */
void     wd_source_set_id (WdSource *self, gint64 id);
void     wd_source_set_content_hash (WdSource *self, const char *content_hash);

G_END_DECLS
