/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "wd-store.h"

G_BEGIN_DECLS

/* Earlier coverage of a story in the archive, for the context section:
 * the hits are WdRelatedHit (wd-store.h). */

#define WD_RELATED_DEFAULT_LIMIT 5
/* See wd-related.c for how the floor was chosen. */
#define WD_RELATED_DEFAULT_FLOOR 0.25

GStrv      wd_related_query (WdStore     *store,
                             WdBrief     *brief,
                             double     **out_weights,
                             GError     **error);
GPtrArray *wd_related_find  (WdStore     *store,
                             gint64       brief_id,
                             guint        limit,
                             double       floor,
                             GError     **error);

G_END_DECLS
