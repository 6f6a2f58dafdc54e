/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-feed"

/* The entry point: what the document is, and the web-page case. The
 * formats live in wd-feed-xml.c and wd-feed-json.c, text and links in
 * wd-feed-text.c. */

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "wd-feed-private.h"
#include "wd-import-error.h"

typedef enum {
  SNIFF_XML,
  SNIFF_JSON,
  SNIFF_HTML,
  SNIFF_EMPTY,
  SNIFF_OTHER,
} Sniff;

static gpointer
init_libxml (gpointer data)
{
  /* xmlInitParser() is not safe to race in libxml2 2.9; feeds are parsed
   * in worker threads, so make the first call happen once. */
  xmlInitParser ();
  return NULL;
}

static void
ensure_libxml (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, init_libxml, NULL);
}

static void
ignore_libxml_error (void       *ctx,
                     const char *message,
                     ...)
{
}

/*
 * libxml2's encoding layer prints to stderr even with XML_PARSE_NOERROR;
 * a broken feed is reported through GError instead. The handler is
 * per-thread state in libxml2, so this touches no other thread's.
 */
typedef struct
{
  xmlGenericErrorFunc func;
  void               *ctx;
} SavedErrorFunc;

static SavedErrorFunc
silence_libxml (void)
{
  SavedErrorFunc saved = { xmlGenericError, xmlGenericErrorContext };

  xmlSetGenericErrorFunc (NULL, ignore_libxml_error);
  return saved;
}

static void
restore_libxml (SavedErrorFunc saved)
{
  xmlSetGenericErrorFunc (saved.ctx, saved.func);
}

void
wd_feed_item_free (WdFeedItem *item)
{
  if (item == NULL)
    return;
  g_free (item->id);
  g_free (item->url);
  g_free (item->title);
  g_free (item->author);
  g_free (item->summary);
  g_free (item->content);
  g_clear_pointer (&item->published, g_date_time_unref);
  g_clear_pointer (&item->updated, g_date_time_unref);
  g_free (item);
}

void
wd_feed_free (WdFeed *feed)
{
  if (feed == NULL)
    return;
  g_free (feed->title);
  g_free (feed->link);
  g_free (feed->description);
  g_clear_pointer (&feed->items, g_ptr_array_unref);
  g_free (feed);
}

void
_wd_feed_add_name (GPtrArray  *names,
                   char       *name)
{
  if (name == NULL)
    return;
  for (guint i = 0; i < names->len; i++)
    {
      if (strcmp (g_ptr_array_index (names, i), name) == 0)
        {
          g_free (name);
          return;
        }
    }
  g_ptr_array_add (names, name);
}

char *
_wd_feed_join_names (GPtrArray *names)
{
  if (names->len == 0)
    return NULL;
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

/* Items */

void
_wd_feed_add_item (FeedParser *ps,
                   WdFeedItem *item)
{
  if (item->id == NULL && item->url != NULL)
    item->id = g_strdup (item->url);

  if (item->id != NULL)
    {
      if (g_hash_table_contains (ps->seen_ids, item->id))
        {
          wd_feed_item_free (item);
          return;
        }
      g_hash_table_add (ps->seen_ids, item->id);
    }
  g_ptr_array_add (ps->feed->items, item);
}

/* Sniffing */

static gboolean
has_prefix_ci (const char *p,
               const char *end,
               const char *prefix)
{
  size_t len = strlen (prefix);

  return (size_t) (end - p) >= len && g_ascii_strncasecmp (p, prefix, len) == 0;
}

/* Just past the first @needle in [@p, @end), or NULL. */
const char *
_wd_feed_skip_past (const char *p,
                    const char *end,
                    const char *needle)
{
  size_t len = strlen (needle);

  for (; (size_t) (end - p) >= len; p++)
    {
      if (memcmp (p, needle, len) == 0)
        return p + len;
    }
  return NULL;
}

/*
 * What the document is, from its first element (after the XML
 * declaration, comments and the doctype) or its first character. An
 * XML feed that this cannot tell (UTF-16, say) is left to libxml2.
 */
static Sniff
sniff (const char *data,
       gsize       length,
       char      **first_element)
{
  const char *p = data;
  const char *end = data + length;

  if (length >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  for (;;)
    {
      while (p < end && g_ascii_isspace (*p))
        p++;
      if (p == end)
        return SNIFF_EMPTY;
      if (*p == '{')
        return SNIFF_JSON;
      if (*p != '<')
        return (guchar) *p >= 0x80 || *p == '\0' ? SNIFF_XML : SNIFF_OTHER;

      if (has_prefix_ci (p, end, "<?"))
        p = _wd_feed_skip_past (p, end, "?>");
      else if (has_prefix_ci (p, end, "<!--"))
        p = _wd_feed_skip_past (p + 4, end, "-->");
      else if (has_prefix_ci (p, end, "<!doctype"))
        {
          const char *q = p + 9;

          while (q < end && g_ascii_isspace (*q))
            q++;
          if (has_prefix_ci (q, end, "html") && (q + 4 == end || !g_ascii_isalnum (q[4])))
            return SNIFF_HTML;
          /* Skip an internal subset too: "<!DOCTYPE rss [ … ]>". */
          while (q < end && *q != '>' && *q != '[')
            q++;
          p = q < end && *q == '[' ? _wd_feed_skip_past (q, end, "]") : q;
          if (p != NULL)
            p = _wd_feed_skip_past (p, end, ">");
        }
      else
        {
          const char *name = p + 1;
          const char *q = name;

          while (q < end && (g_ascii_isalnum (*q) || *q == ':' || *q == '_' || *q == '-'
                             || *q == '.'))
            q++;
          *first_element = g_strndup (name, q - name);
          if (g_ascii_strcasecmp (*first_element, "html") == 0
              || g_ascii_strcasecmp (*first_element, "head") == 0
              || g_ascii_strcasecmp (*first_element, "body") == 0)
            return SNIFF_HTML;
          return SNIFF_XML;
        }

      if (p == NULL)
        return SNIFF_XML;
    }
}

gboolean
wd_feed_is_html (const char *data,
                 gsize       length)
{
  g_autofree char *first = NULL;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  return sniff (data, length, &first) == SNIFF_HTML;
}

static gboolean
is_feed_type (const char *type)
{
  static const char * const types[] = {
    "application/rss+xml", "application/atom+xml", "application/feed+json",
    "application/json", "application/rdf+xml", "application/x.atom+xml",
    "application/x-atom+xml",
  };
  g_autofree char *bare = NULL;
  const char *semicolon;

  if (type == NULL)
    return FALSE;
  semicolon = strchr (type, ';');
  bare = g_strstrip (semicolon != NULL ? g_strndup (type, semicolon - type) : g_strdup (type));
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      if (g_ascii_strcasecmp (bare, types[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
rel_has (const char *rel,
         const char *token)
{
  g_auto(GStrv) tokens = NULL;

  if (rel == NULL)
    return FALSE;
  tokens = g_strsplit_set (rel, " \t\r\n", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (tokens[i], token) == 0)
        return TRUE;
    }
  return FALSE;
}

GStrv
wd_feed_find_links (const char *data,
                    gsize       length,
                    const char *base_url)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *base = g_strdup (base_url);
  SavedErrorFunc saved;
  htmlDocPtr doc;
  xmlNode *node;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length == 0 || length > G_MAXINT)
    return g_strv_builder_end (builder);

  ensure_libxml ();
  saved = silence_libxml ();
  doc = htmlReadMemory (data, (int) length, NULL, NULL, HTML_OPTIONS);
  restore_libxml (saved);
  if (doc == NULL)
    return g_strv_builder_end (builder);

  /* Document order, without recursion. */
  node = xmlDocGetRootElement (doc);
  while (node != NULL)
    {
      if (node->type == XML_ELEMENT_NODE
          && g_ascii_strcasecmp ((const char *) node->name, "base") == 0
          && base_url != NULL)
        {
          g_autofree char *href = _wd_feed_get_attr (node, "href");
          char *resolved = href != NULL ? _wd_feed_resolve_uri (base_url, href) : NULL;

          if (resolved != NULL)
            {
              g_free (base);
              base = resolved;
            }
        }
      else if (node->type == XML_ELEMENT_NODE
               && g_ascii_strcasecmp ((const char *) node->name, "link") == 0)
        {
          g_autofree char *rel = _wd_feed_get_attr (node, "rel");
          g_autofree char *type = _wd_feed_get_attr (node, "type");
          g_autofree char *href = _wd_feed_get_attr (node, "href");
          char *url;

          if (rel_has (rel, "alternate") && is_feed_type (type)
              && (url = _wd_feed_http_url (base, href)) != NULL)
            {
              if (g_hash_table_add (seen, url))
                g_strv_builder_add (builder, url);
            }
        }

      if (node->children != NULL)
        {
          node = node->children;
          continue;
        }
      while (node != NULL && node->next == NULL)
        node = node->parent;
      if (node != NULL)
        node = node->next;
    }

  xmlFreeDoc (doc);
  return g_strv_builder_end (builder);
}

void
_wd_feed_set_web_page_error (const char  *data,
                             gsize        length,
                             const char  *base_url,
                             const char  *where,
                             GError     **error)
{
  g_auto(GStrv) links = wd_feed_find_links (data, length, base_url);

  if (links[0] != NULL)
    g_set_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_PARSE,
                 _("%s is a web page, not a feed; use its feed address, %s."),
                 where, links[0]);
  else
    g_set_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_PARSE,
                 _("%s is a web page, not a feed; use its feed address, often linked as "
                   "“RSS” or “Feed” on the page."),
                 where);
}

WdFeed *
wd_feed_parse (const char  *data,
               gsize        length,
               const char  *base_url,
               GError     **error)
{
  g_autoptr(WdFeed) feed = NULL;
  g_autofree char *where = NULL;
  g_autofree char *first_element = NULL;
  FeedParser ps = { 0, };
  SavedErrorFunc saved;
  gboolean ok = FALSE;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  where = base_url != NULL ? g_strdup (base_url) : g_strdup (_("The document"));

  if (length > G_MAXINT)
    {
      g_set_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_TOO_LARGE,
                   _("%s is too large to be a feed; check the feed address."), where);
      return NULL;
    }

  ensure_libxml ();
  saved = silence_libxml ();

  feed = g_new0 (WdFeed, 1);
  feed->items = g_ptr_array_new_with_free_func ((GDestroyNotify) wd_feed_item_free);
  ps.base_url = base_url;
  ps.feed = feed;
  ps.seen_ids = g_hash_table_new (g_str_hash, g_str_equal);

  switch (sniff (data, length, &first_element))
    {
    case SNIFF_EMPTY:
      g_set_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_PARSE,
                   _("%s is empty, not a feed; check the feed address."), where);
      break;
    case SNIFF_OTHER:
      g_set_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_PARSE,
                   _("%s is neither RSS, Atom nor JSON Feed; check the feed address."), where);
      break;
    case SNIFF_HTML:
      _wd_feed_set_web_page_error (data, length, base_url, where, error);
      break;
    case SNIFF_JSON:
      ok = _wd_feed_parse_json (&ps, data, length, where, error);
      break;
    case SNIFF_XML:
    default:
      ok = _wd_feed_parse_xml (&ps, data, length, where, first_element, error);
      break;
    }

  g_hash_table_unref (ps.seen_ids);
  g_free (ps.feed_authors);
  if (ps.html != NULL)
    htmlFreeParserCtxt (ps.html);
  restore_libxml (saved);

  if (!ok)
    return NULL;
  return g_steal_pointer (&feed);
}
