/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "wd-types.h"

G_BEGIN_DECLS

#define WD_TYPE_MENTION (wd_mention_get_type ())
G_DECLARE_FINAL_TYPE (WdMention, wd_mention, WD, MENTION, GObject)

/*
 * A tag from the mention catalog: publication, organization, person,
 * product, topic or place. Properties: "id", "name", "kind", "slug",
 * "aliases" (GStrv), "origin" and "brief-count" (filled when listed for a
 * brief, resp. for the catalog).
 */
gint64              wd_mention_get_id (WdMention *self);
const char         *wd_mention_get_name (WdMention *self);
WdMentionKind       wd_mention_get_kind (WdMention *self);
const char         *wd_mention_get_slug (WdMention *self);
const char * const *wd_mention_get_aliases (WdMention *self);
WdOrigin            wd_mention_get_origin (WdMention *self);
guint               wd_mention_get_brief_count (WdMention *self);

/* The URL-safe slug of a name: lower-case ASCII letters, digits and '-',
 * accents folded ("Zürich AG" -> "zurich-ag"). Never empty. */
char               *wd_mention_slugify (const char *name);

G_END_DECLS
