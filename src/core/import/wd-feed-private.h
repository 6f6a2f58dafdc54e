/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by wd-feed.c, wd-feed-xml.c, wd-feed-json.c and wd-feed-text.c. */

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "wd-feed.h"

G_BEGIN_DECLS

#define HTML_OPTIONS (HTML_PARSE_NONET | HTML_PARSE_RECOVER | HTML_PARSE_NOERROR \
                      | HTML_PARSE_NOWARNING)

/* The state of one wd_feed_parse() call. */
typedef struct
{
  const char       *base_url;
  WdFeed           *feed;
  GHashTable       *seen_ids;     /* borrowed from the items */
  char             *feed_authors; /* entries without an author inherit these */
  htmlParserCtxtPtr html;         /* reused for every HTML fragment */
} FeedParser;

/* wd-feed.c */
void        _wd_feed_add_item           (FeedParser *ps, WdFeedItem *item);
void        _wd_feed_add_name           (GPtrArray *names, char *name);
char       *_wd_feed_join_names         (GPtrArray *names);
const char *_wd_feed_skip_past          (const char *p, const char *end, const char *needle);
void        _wd_feed_set_web_page_error (const char *data, gsize length, const char *base_url,
                                         const char *where, GError **error);

/* wd-feed-text.c */
char       *_wd_feed_raw_text           (xmlNode *top);
char       *_wd_feed_clean_text         (const char *text, gboolean single_line);
char       *_wd_feed_html_to_text       (FeedParser *ps, const char *html, gboolean single_line);
char       *_wd_feed_markup_text        (xmlNode *top, gboolean single_line);
char       *_wd_feed_resolve_uri        (const char *base, const char *ref);
char       *_wd_feed_http_url           (const char *base, const char *ref);

/* wd-feed-xml.c */
char       *_wd_feed_get_attr           (xmlNode *node, const char *name);

/* wd-feed-xml.c, wd-feed-json.c: FALSE with @error set when @data is not
 * a feed of that kind. */
gboolean    _wd_feed_parse_xml          (FeedParser *ps, const char *data, gsize length,
                                         const char *where, const char *first_element,
                                         GError **error);
gboolean    _wd_feed_parse_json         (FeedParser *ps, const char *data, gsize length,
                                         const char *where, GError **error);

G_END_DECLS
