/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-feed"

/* JSON Feed 1.0 and 1.1, with json-glib. */

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "wd-date.h"
#include "wd-feed-private.h"
#include "wd-import-error.h"

/* JSON Feed needs four levels; json-glib's parser recurses per level, so
 * a hostile "[[[[…" must be refused before it reaches it. */
#define MAX_JSON_DEPTH 64

static const char *
json_string (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
json_object_member (JsonObject *object,
                    const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

static JsonArray *
json_array_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

/* JSON Feed 1.1 "authors": [{"name"}], 1.0 "author": {"name"}. */
static char *
json_authors (JsonObject *object)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array = json_array_member (object, "authors");
  JsonObject *single = json_object_member (object, "author");

  if (array != NULL)
    {
      guint n = json_array_get_length (array);

      for (guint i = 0; i < n; i++)
        {
          JsonNode *node = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_OBJECT (node))
            {
              const char *name = json_string (json_node_get_object (node), "name");

              _wd_feed_add_name (names, _wd_feed_clean_text (name, TRUE));
            }
        }
    }
  if (names->len == 0 && single != NULL)
    _wd_feed_add_name (names, _wd_feed_clean_text (json_string (single, "name"), TRUE));

  return _wd_feed_join_names (names);
}

/* Ids are strings by the spec; feeds also write numbers. */
static char *
json_id (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "id");
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return _wd_feed_clean_text (json_node_get_string (node), TRUE);
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_DOUBLE)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
    }
  return NULL;
}

static void
parse_json_item (FeedParser *ps,
                 JsonObject *object)
{
  WdFeedItem *item = g_new0 (WdFeedItem, 1);
  const char *html = json_string (object, "content_html");

  item->id = json_id (object);
  item->url = _wd_feed_http_url (ps->base_url, json_string (object, "url"));
  if (item->url == NULL)
    item->url = _wd_feed_http_url (ps->base_url, json_string (object, "external_url"));
  item->title = _wd_feed_clean_text (json_string (object, "title"), TRUE);
  item->summary = _wd_feed_clean_text (json_string (object, "summary"), FALSE);
  if (html != NULL)
    item->content = _wd_feed_html_to_text (ps, html, FALSE);
  else
    item->content = _wd_feed_clean_text (json_string (object, "content_text"), FALSE);
  item->published = wd_date_parse (json_string (object, "date_published"));
  item->updated = wd_date_parse (json_string (object, "date_modified"));
  item->author = json_authors (object);
  if (item->author == NULL)
    item->author = g_strdup (ps->feed_authors);
  _wd_feed_add_item (ps, item);
}

/* The deepest nesting of arrays and objects, counted without parsing. */
static guint
json_depth (const char *data,
            gsize       length)
{
  guint depth = 0;
  guint deepest = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        deepest = MAX (deepest, ++depth);
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return deepest;
}

gboolean
_wd_feed_parse_json (FeedParser  *ps,
                     const char  *data,
                     gsize        length,
                     const char  *where,
                     GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonArray *items;
  const char *version;

  if (json_depth (data, length) > MAX_JSON_DEPTH)
    {
      g_set_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_PARSE,
                   _("%s is JSON nested too deeply to be a JSON Feed; check the feed address."),
                   where);
      return FALSE;
    }

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_PARSE,
                   _("%s is not valid JSON (%s); ask the publisher to fix the feed or use "
                     "another one."),
                   where, local_error->message);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  version = object != NULL ? json_string (object, "version") : NULL;
  items = object != NULL ? json_array_member (object, "items") : NULL;
  if (items == NULL
      || (version != NULL && strstr (version, "jsonfeed.org/version/") == NULL))
    {
      g_set_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_PARSE,
                   _("%s is JSON but not a JSON Feed; check the feed address."), where);
      return FALSE;
    }

  ps->feed->format = WD_FEED_FORMAT_JSON;
  ps->feed->title = _wd_feed_clean_text (json_string (object, "title"), TRUE);
  ps->feed->link = _wd_feed_http_url (ps->base_url, json_string (object, "home_page_url"));
  ps->feed->description = _wd_feed_clean_text (json_string (object, "description"), FALSE);
  ps->feed_authors = json_authors (object);

  for (guint i = 0, n = json_array_get_length (items); i < n; i++)
    {
      JsonNode *node = json_array_get_element (items, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        parse_json_item (ps, json_node_get_object (node));
    }
  return TRUE;
}

