/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  WD_FEED_FORMAT_RSS,  /* RSS 0.9x and 2.0 */
  WD_FEED_FORMAT_RDF,  /* RSS 0.90 and 1.0 (RDF) */
  WD_FEED_FORMAT_ATOM, /* Atom 1.0 (and 0.3) */
  WD_FEED_FORMAT_JSON, /* JSON Feed 1.0 and 1.1 */
} WdFeedFormat;

/*
 * One entry of a feed. Text fields are valid UTF-8 with HTML turned into
 * plain text (paragraphs separated by a blank line); any of them may be
 * NULL when the feed leaves it out. @url is absolute and http or https: a
 * link with any other scheme (file:, javascript:, data: ...) is dropped,
 * leaving @url NULL. @id is the item's guid / id, else its URL; items
 * with the same @id are collapsed into the first.
 */
typedef struct
{
  char      *id;
  char      *url;
  char      *title;
  char      *author;    /* names, ", "-separated */
  char      *summary;   /* description / summary */
  char      *content;   /* content:encoded / content, when the feed has it */
  GDateTime *published; /* UTC */
  GDateTime *updated;   /* UTC */
} WdFeedItem;

typedef struct
{
  WdFeedFormat format;
  char        *title;
  char        *link;        /* the site's home page, http(s) only */
  char        *description;
  GPtrArray   *items;       /* of WdFeedItem, in feed order */
} WdFeed;

/*
 * Parses an RSS, RDF, Atom or JSON feed held in @data (raw bytes as
 * served; an XML feed's own encoding declaration is honoured). The format
 * is found from the content, never from a file name or a MIME type.
 * Relative links are resolved against xml:base and then @base_url, the
 * address the feed was fetched from (may be NULL). No network access, no
 * external entities, no DTD.
 *
 * On failure returns NULL with a WD_IMPORT_ERROR_PARSE error whose message
 * a user can act on (WD_IMPORT_ERROR_TOO_LARGE past 2 GB); a web page given
 * as a feed is such an error, naming the first feed the page advertises,
 * and wd_feed_is_html() / wd_feed_find_links() let a caller offer them.
 * A slightly broken XML feed yields the items libxml2 can recover.
 */
WdFeed  *wd_feed_parse      (const char  *data,
                             gsize        length,
                             const char  *base_url,
                             GError     **error);
void     wd_feed_free       (WdFeed      *feed);
void     wd_feed_item_free  (WdFeedItem  *item);

/* Whether @data looks like an HTML page rather than a feed. */
gboolean wd_feed_is_html    (const char  *data,
                             gsize        length);
/*
 * The feed addresses an HTML page advertises with <link rel="alternate"
 * type="application/rss+xml|atom+xml|feed+json" href>, resolved against
 * @base_url, http(s) only, in page order without duplicates. Returns a
 * NULL-terminated array, empty when there are none.
 */
GStrv    wd_feed_find_links (const char  *data,
                             gsize        length,
                             const char  *base_url);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WdFeed, wd_feed_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WdFeedItem, wd_feed_item_free)

G_END_DECLS
