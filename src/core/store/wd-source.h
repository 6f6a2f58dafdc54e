/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define WD_TYPE_SOURCE (wd_source_get_type ())
G_DECLARE_FINAL_TYPE (WdSource, wd_source, WD, SOURCE, GObject)

/*
 * A source article as it sits in the archive. Every field is a GObject
 * property of the same name with '-' for '_' ("canonical-url",
 * "publisher-name", "published-at", ...). Times are GDateTime in UTC;
 * strings may be NULL where unknown. "id" is 0 until stored.
 */
WdSource   *wd_source_new (void);
gint64      wd_source_get_id (WdSource *self);
const char *wd_source_get_url (WdSource *self);
void        wd_source_set_url (WdSource *self, const char *url);
const char *wd_source_get_canonical_url (WdSource *self);
void        wd_source_set_canonical_url (WdSource *self, const char *canonical_url);
const char *wd_source_get_publisher_name (WdSource *self);
void        wd_source_set_publisher_name (WdSource *self, const char *publisher_name);
const char *wd_source_get_publisher_domain (WdSource *self);
void        wd_source_set_publisher_domain (WdSource *self, const char *publisher_domain);
const char *wd_source_get_title (WdSource *self);
void        wd_source_set_title (WdSource *self, const char *title);
const char *wd_source_get_byline (WdSource *self);
void        wd_source_set_byline (WdSource *self, const char *byline);
GDateTime  *wd_source_get_published_at (WdSource *self);
void        wd_source_set_published_at (WdSource *self, GDateTime *published_at);
const char *wd_source_get_language (WdSource *self);
void        wd_source_set_language (WdSource *self, const char *language);
const char *wd_source_get_text (WdSource *self);
void        wd_source_set_text (WdSource *self, const char *text);
/* SHA-256 hex of the normalised text; computed by the store on insert. */
const char *wd_source_get_content_hash (WdSource *self);
GDateTime  *wd_source_get_fetched_at (WdSource *self);
void        wd_source_set_fetched_at (WdSource *self, GDateTime *fetched_at);

G_END_DECLS
