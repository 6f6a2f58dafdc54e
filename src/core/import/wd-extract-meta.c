/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-extract"

#include <string.h>

#include <json-glib/json-glib.h>

#include "text/wd-text.h"
#include "wd-extract-private.h"

/* Query parameters that only track the reader; a canonical URL drops them. */
static const char * const tracking_params[] = {
  "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid", "mc_eid", "igshid",
  "yclid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "oly_enc_id", "oly_anon_id",
  "vero_id", "vero_conv", "ncid", "cmpid", "ito", "smid", "twclid", "s_cid", "wt_mc",
  "ref_src", "ref_url",
};

/* schema.org types that are articles */
static const char * const article_types[] = {
  "Article", "AdvertiserContentArticle", "NewsArticle", "AnalysisNewsArticle",
  "AskPublicNewsArticle", "BackgroundNewsArticle", "OpinionNewsArticle",
  "ReportageNewsArticle", "ReviewNewsArticle", "Report", "SatiricalArticle",
  "ScholarlyArticle", "MedicalScholarlyArticle", "SocialMediaPosting", "BlogPosting",
  "LiveBlogPosting", "DiscussionForumPosting", "TechArticle", "APIReference",
};

typedef struct {
  char *title;     /* headline */
  char *name;
  char *byline;
  char *published;
  char *site_name;
  char *image;
  char *excerpt;
} JsonLd;

static void
json_ld_clear (JsonLd *ld)
{
  g_clear_pointer (&ld->title, g_free);
  g_clear_pointer (&ld->name, g_free);
  g_clear_pointer (&ld->byline, g_free);
  g_clear_pointer (&ld->published, g_free);
  g_clear_pointer (&ld->site_name, g_free);
  g_clear_pointer (&ld->image, g_free);
  g_clear_pointer (&ld->excerpt, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (JsonLd, json_ld_clear)

const char *
wd_extract_node_name (xmlNode *node)
{
  if (node == NULL || node->type != XML_ELEMENT_NODE || node->name == NULL)
    return "";
  /* libxml2's HTML parser lower-cases element names already. */
  return (const char *) node->name;
}

const char *
wd_extract_peek_attr (xmlNode    *node,
                      const char *name)
{
  if (node == NULL || node->type != XML_ELEMENT_NODE)
    return NULL;
  for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
    {
      if (attr->name == NULL || g_ascii_strcasecmp ((const char *) attr->name, name) != 0)
        continue;
      if (attr->children == NULL)
        return "";
      /* The HTML parser stores a value as one text node. */
      if (attr->children->type == XML_TEXT_NODE && attr->children->next == NULL)
        return attr->children->content != NULL ? (const char *) attr->children->content : "";
      return NULL;
    }
  return NULL;
}

char *
wd_extract_get_attr (xmlNode    *node,
                     const char *name)
{
  xmlChar *value;
  char *copy;

  if (node == NULL || node->type != XML_ELEMENT_NODE)
    return NULL;
  value = xmlGetProp (node, (const xmlChar *) name);
  if (value == NULL)
    return NULL;
  copy = g_strdup ((const char *) value);
  xmlFree (value);
  return copy;
}

xmlNode *
wd_extract_next_node (xmlNode  *node,
                      xmlNode  *root,
                      gboolean  skip_children)
{
  if (!skip_children && node->children != NULL && node->type == XML_ELEMENT_NODE)
    return node->children;
  if (!skip_children && node->children != NULL && node->type == XML_DOCUMENT_NODE)
    return node->children;
  if (!skip_children && node->children != NULL && node->type == XML_HTML_DOCUMENT_NODE)
    return node->children;

  while (node != NULL && node != root)
    {
      if (node->next != NULL)
        return node->next;
      node = node->parent;
    }
  return NULL;
}

char *
wd_extract_node_text (xmlNode *node)
{
  g_autoptr(GString) raw = g_string_new (NULL);

  if (node == NULL)
    return g_strdup ("");

  if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
    {
      if (node->content != NULL)
        g_string_append (raw, (const char *) node->content);
    }
  else
    {
      for (xmlNode *n = node->children; n != NULL; n = wd_extract_next_node (n, node, FALSE))
        {
          if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
              && n->content != NULL)
            g_string_append (raw, (const char *) n->content);
          else if (n->type == XML_ELEMENT_NODE && g_str_equal (wd_extract_node_name (n), "br"))
            g_string_append_c (raw, ' ');
        }
    }

  return wd_text_normalize_whitespace (raw->str);
}

char *
wd_extract_resolve_url (const char *base,
                        const char *href)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(GError) error = NULL;
  char *resolved;

  if (href == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (href));
  if (*trimmed == '\0' || g_ascii_strncasecmp (trimmed, "javascript:", 11) == 0)
    return NULL;

  if (base == NULL)
    return g_uri_is_valid (trimmed, G_URI_FLAGS_PARSE_RELAXED, NULL)
           ? g_steal_pointer (&trimmed) : NULL;

  resolved = g_uri_resolve_relative (base, trimmed, G_URI_FLAGS_PARSE_RELAXED, &error);
  return resolved;
}

static gboolean
is_tracking_param (const char *name,
                   gsize       length)
{
  if (length >= 4 && g_ascii_strncasecmp (name, "utm_", 4) == 0)
    return TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (tracking_params); i++)
    if (strlen (tracking_params[i]) == length
        && g_ascii_strncasecmp (name, tracking_params[i], length) == 0)
      return TRUE;
  return FALSE;
}

char *
wd_extract_clean_url (const char *url)
{
  g_autoptr(GString) out = NULL;
  const char *query;
  const char *fragment;
  gboolean first = TRUE;

  if (url == NULL)
    return NULL;

  fragment = strchr (url, '#');
  query = strchr (url, '?');
  if (query != NULL && fragment != NULL && query > fragment)
    query = NULL;

  out = g_string_new_len (url, query != NULL ? query - url
                          : fragment != NULL ? fragment - url : (gssize) strlen (url));
  if (query != NULL)
    {
      const char *p = query + 1;
      const char *end = fragment != NULL ? fragment : query + strlen (query);

      while (p < end)
        {
          const char *amp = memchr (p, '&', end - p);
          const char *param_end = amp != NULL ? amp : end;
          const char *eq = memchr (p, '=', param_end - p);
          gsize name_len = (eq != NULL ? eq : param_end) - p;

          if (param_end > p && !is_tracking_param (p, name_len))
            {
              g_string_append_c (out, first ? '?' : '&');
              g_string_append_len (out, p, param_end - p);
              first = FALSE;
            }
          p = param_end + 1;
        }
    }
  /* A fragment points inside the page; the page is the same. */
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
wd_extract_normalize_date (const char *value)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) parsed = NULL;
  g_autoptr(GDateTime) in_utc = NULL;
  g_autofree char *s = NULL;
  gsize len;

  if (value == NULL)
    return NULL;
  s = g_strstrip (g_strdup (value));
  len = strlen (s);
  if (len < 10 || !g_ascii_isdigit (s[0]) || s[4] != '-' || s[7] != '-')
    return NULL;

  if (len == 10)
    {
      char *with_time = g_strconcat (s, "T00:00:00", NULL);

      g_free (s);
      s = with_time;
    }
  else if (s[10] == ' ')
    {
      s[10] = 'T';
    }

  parsed = g_date_time_new_from_iso8601 (s, utc);
  if (parsed == NULL && strlen (s) == 16)
    {
      /* "2018-04-05T06:00" without seconds */
      char *with_seconds = g_strconcat (s, ":00", NULL);

      g_free (s);
      s = with_seconds;
      parsed = g_date_time_new_from_iso8601 (s, utc);
    }
  if (parsed == NULL)
    return NULL;

  in_utc = g_date_time_to_utc (parsed);
  return g_date_time_format (in_utc, "%Y-%m-%dT%H:%M:%SZ");
}

/* JSON-LD */

static const char *
json_object_get_string_or_null (JsonObject *object,
                                const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
is_article_type (JsonNode *type)
{
  if (type == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (type) && json_node_get_value_type (type) == G_TYPE_STRING)
    {
      const char *name = json_node_get_string (type);

      for (gsize i = 0; i < G_N_ELEMENTS (article_types); i++)
        if (g_strcmp0 (name, article_types[i]) == 0)
          return TRUE;
      return FALSE;
    }
  if (JSON_NODE_HOLDS_ARRAY (type))
    {
      JsonArray *array = json_node_get_array (type);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (is_article_type (json_array_get_element (array, i)))
          return TRUE;
    }
  return FALSE;
}

/* A person, an organisation, a string, or an array of them: the names. */
static void
append_names (JsonNode *node,
              GString  *names)
{
  if (node == NULL)
    return;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autofree char *name = wd_text_normalize_whitespace (json_node_get_string (node));

      /* A URL is not a name. */
      if (*name != '\0' && !g_str_has_prefix (name, "http"))
        {
          if (names->len > 0)
            g_string_append (names, ", ");
          g_string_append (names, name);
        }
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);

      if (json_object_has_member (object, "name"))
        append_names (json_object_get_member (object, "name"), names);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        append_names (json_array_get_element (array, i), names);
    }
}

static char *
first_url (JsonNode *node)
{
  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      const char *url = json_object_get_string_or_null (json_node_get_object (node), "url");

      return url != NULL ? g_strdup (url) : NULL;
    }
  if (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) > 0)
    return first_url (json_array_get_element (json_node_get_array (node), 0));
  return NULL;
}

static void
read_article_object (JsonObject *object,
                     JsonLd     *ld)
{
  const char *headline = json_object_get_string_or_null (object, "headline");
  const char *name = json_object_get_string_or_null (object, "name");
  const char *date = json_object_get_string_or_null (object, "datePublished");
  const char *description = json_object_get_string_or_null (object, "description");
  JsonNode *publisher = json_object_get_member (object, "publisher");
  g_autoptr(GString) authors = g_string_new (NULL);

  if (ld->title == NULL && ld->name == NULL)
    {
      if (headline != NULL)
        ld->title = wd_text_normalize_whitespace (headline);
      if (name != NULL)
        ld->name = wd_text_normalize_whitespace (name);
    }

  append_names (json_object_get_member (object, "author"), authors);
  if (ld->byline == NULL && authors->len > 0)
    ld->byline = g_strdup (authors->str);

  if (ld->published == NULL && date != NULL)
    ld->published = wd_extract_normalize_date (date);

  if (ld->site_name == NULL && publisher != NULL)
    {
      g_autoptr(GString) publisher_name = g_string_new (NULL);

      append_names (publisher, publisher_name);
      if (publisher_name->len > 0)
        ld->site_name = g_strdup (publisher_name->str);
    }

  if (ld->image == NULL)
    ld->image = first_url (json_object_get_member (object, "image"));

  if (ld->excerpt == NULL && description != NULL)
    ld->excerpt = wd_text_normalize_whitespace (description);
}

/* Looks for the article in a JSON-LD value: an object, an array of them,
 * or an object with an @graph. Iterates with a queue: pages can nest. */
static void
read_json_ld (JsonNode *root,
              JsonLd   *ld)
{
  g_autoptr(GQueue) queue = g_queue_new ();
  guint visited = 0;

  g_queue_push_tail (queue, root);
  while (!g_queue_is_empty (queue) && visited++ < 1000)
    {
      JsonNode *node = g_queue_pop_head (queue);

      if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);

          for (guint i = 0; i < json_array_get_length (array); i++)
            g_queue_push_tail (queue, json_array_get_element (array, i));
        }
      else if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *object = json_node_get_object (node);

          if (is_article_type (json_object_get_member (object, "@type")))
            read_article_object (object, ld);
          if (json_object_has_member (object, "@graph"))
            g_queue_push_tail (queue, json_object_get_member (object, "@graph"));
          if (json_object_has_member (object, "mainEntity"))
            g_queue_push_tail (queue, json_object_get_member (object, "mainEntity"));
        }
    }
}

static void
parse_json_ld (const char *script,
               JsonLd     *ld)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = g_strstrip (g_strdup (script));
  char *start = text;

  /* Some sites wrap the JSON in a CDATA section, some in a commented one. */
  if (g_str_has_prefix (start, "//"))
    start += 2;
  if (g_str_has_prefix (start, "<![CDATA["))
    start += strlen ("<![CDATA[");
  g_strchomp (start);
  if (g_str_has_suffix (start, "]]>"))
    start[strlen (start) - 3] = '\0';
  g_strchomp (start);
  if (g_str_has_suffix (start, "//"))
    start[strlen (start) - 2] = '\0';

  if (!json_parser_load_from_data (parser, start, -1, NULL))
    return;
  if (json_parser_get_root (parser) != NULL)
    read_json_ld (json_parser_get_root (parser), ld);
}

/* Meta tags */

/* "og:title", "dc:title", "twitter:title", "author"… the key Readability
 * and most consumers use: lower case, '.' as ':'. */
static void
add_meta_key (GHashTable *meta,
              const char *key,
              const char *content)
{
  g_autofree char *normal = g_ascii_strdown (key, -1);

  g_strstrip (normal);
  g_strdelimit (normal, ".", ':');
  if (*normal == '\0')
    return;
  /* "og:article:author" is "article:author" by another name. */
  if (g_str_has_prefix (normal, "og:article:"))
    add_meta_key (meta, normal + 3, content);
  /* The later tag wins, as in browsers' reader modes. */
  g_hash_table_replace (meta, g_steal_pointer (&normal), wd_text_normalize_whitespace (content));
}

static const char *
meta_value (GHashTable *meta,
            const char *key)
{
  const char *value = g_hash_table_lookup (meta, key);

  return value != NULL && *value != '\0' ? value : NULL;
}

static gboolean
is_separator_word (const char *word)
{
  return g_str_equal (word, "|") || g_str_equal (word, "-") || g_str_equal (word, "\xe2\x80\x93")
         || g_str_equal (word, "\xe2\x80\x94") || g_str_equal (word, "\\")
         || g_str_equal (word, "/") || g_str_equal (word, ">") || g_str_equal (word, "\xc2\xbb")
         || g_str_equal (word, "\xc2\xb7") || g_str_equal (word, "::");
}

static guint
count_words (const char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  guint n = 0;

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      n++;
  return n;
}

/* <title> loses its site part: "Story - Site", "Site | Story". */
static char *
title_from_document (const char *doc_title,
                     GPtrArray  *headings)
{
  g_auto(GStrv) words = NULL;
  g_autofree char *title = NULL;
  gint first_sep = -1, last_sep = -1;
  guint n;
  gboolean hierarchical = FALSE;

  if (doc_title == NULL || *doc_title == '\0')
    return headings->len == 1 ? g_strdup (g_ptr_array_index (headings, 0)) : NULL;

  words = g_strsplit (doc_title, " ", -1);
  n = g_strv_length (words);
  for (guint i = 1; i + 1 < n; i++)
    if (is_separator_word (words[i]))
      {
        if (first_sep < 0)
          first_sep = i;
        last_sep = i;
      }

  if (last_sep > 0)
    {
      g_autofree char *before = NULL;

      hierarchical = !g_str_equal (words[last_sep], "|") && !g_str_equal (words[last_sep], "-")
                     && !g_str_equal (words[last_sep], "\xe2\x80\x93")
                     && !g_str_equal (words[last_sep], "\xe2\x80\x94");
      /* The words before the last separator */
      char *separator = words[last_sep];

      words[last_sep] = NULL;
      before = g_strjoinv (" ", words);
      words[last_sep] = separator;
      title = g_steal_pointer (&before);
      if (count_words (title) < 3)
        {
          g_free (title);
          title = g_strjoinv (" ", words + first_sep + 1);
        }
    }
  else if (strstr (doc_title, ": ") != NULL)
    {
      gboolean heading_matches = FALSE;

      for (guint i = 0; i < headings->len; i++)
        if (g_str_equal (g_ptr_array_index (headings, i), doc_title))
          heading_matches = TRUE;

      if (heading_matches)
        title = g_strdup (doc_title);
      else
        {
          const char *after_last = g_strrstr (doc_title, ": ") + 2;
          const char *after_first = strstr (doc_title, ": ") + 2;

          title = g_strdup (after_last);
          if (count_words (title) < 3)
            {
              g_free (title);
              title = g_strdup (after_first);
            }
          else if (count_words (doc_title) - count_words (after_first) > 5)
            {
              g_free (title);
              title = g_strdup (doc_title);
            }
        }
    }
  else if ((strlen (doc_title) > 150 || strlen (doc_title) < 15) && headings->len == 1)
    {
      title = g_strdup (g_ptr_array_index (headings, 0));
    }
  else
    {
      title = g_strdup (doc_title);
    }

  {
    guint title_words = count_words (title);
    guint doc_words = count_words (doc_title);

    /* A title of four words or fewer was probably cut too much. */
    if (title_words <= 4 && (!hierarchical || title_words != doc_words - 1))
      {
        g_free (title);
        title = g_strdup (doc_title);
      }
  }
  return g_steal_pointer (&title);
}

/* The share of @b's text (by length of its words) that @a also has. */
double
wd_extract_text_similarity (const char *a,
                            const char *b)
{
  g_autofree char *lower_a = g_utf8_strdown (a, -1);
  g_autofree char *lower_b = g_utf8_strdown (b, -1);
  g_autoptr(GPtrArray) words_a = wd_text_tokenize (lower_a);
  g_autoptr(GPtrArray) words_b = wd_text_tokenize (lower_b);
  gsize total = 0, missing = 0;

  if (words_a->len == 0 || words_b->len == 0)
    return 0;
  for (guint i = 0; i < words_b->len; i++)
    {
      const char *w = g_ptr_array_index (words_b, i);
      gboolean found = FALSE;

      for (guint j = 0; j < words_a->len && !found; j++)
        found = g_str_equal (w, g_ptr_array_index (words_a, j));
      total += strlen (w) + 1;
      if (!found)
        missing += strlen (w) + 1;
    }
  return 1.0 - (double) missing / total;
}

static gboolean
looks_like_url (const char *value)
{
  return g_str_has_prefix (value, "http://") || g_str_has_prefix (value, "https://")
         || g_str_has_prefix (value, "//");
}

static gboolean
class_has_word (const char *classes,
                const char *word)
{
  gsize n = strlen (word);

  if (classes == NULL)
    return FALSE;
  /* ASCII case is ignored; @word is lower case. */
  for (const char *h = classes; *h != '\0'; h++)
    if (g_ascii_tolower (*h) == word[0] && g_ascii_strncasecmp (h, word, n) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_byline_markup (xmlNode *node)
{
  const char * const hints[] = { "byline", "author", "dateline", "writtenby", "p-author" };
  const char *rel;
  const char *itemprop;
  const char *klass;
  const char *id;

  if (node->properties == NULL)
    return FALSE;
  rel = wd_extract_peek_attr (node, "rel");
  itemprop = wd_extract_peek_attr (node, "itemprop");
  klass = wd_extract_peek_attr (node, "class");
  id = wd_extract_peek_attr (node, "id");
  if (g_strcmp0 (rel, "author") == 0 || (itemprop != NULL && strstr (itemprop, "author")))
    return TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (hints); i++)
    if (class_has_word (klass, hints[i]) || class_has_word (id, hints[i]))
      return TRUE;
  return FALSE;
}

static xmlNode *
find_itemprop_name (xmlNode *node)
{
  for (xmlNode *n = node->children; n != NULL; n = wd_extract_next_node (n, node, FALSE))
    {
      g_autofree char *itemprop = wd_extract_get_attr (n, "itemprop");

      if (itemprop != NULL && strstr (itemprop, "name") != NULL)
        return n;
    }
  return NULL;
}

/* "By Jo Smith —", "Jo Smith - Apr 16, 2015", "Jo Smith • 8h": the name. */
static char *
clean_byline (const char *byline)
{
  static const char * const separators[] = { " - ", " | ", " \xe2\x80\xa2 ", " \xc2\xb7 ",
                                             " \xe2\x80\x94 ", " \xe2\x80\x93 " };
  g_autofree char *copy = NULL;
  gsize len;

  if (byline == NULL)
    return NULL;
  copy = wd_text_normalize_whitespace (byline);
  for (gsize i = 0; i < G_N_ELEMENTS (separators); i++)
    {
      char *hit = strstr (copy, separators[i]);

      if (hit != NULL && hit > copy)
        *hit = '\0';
    }
  /* Trailing dashes, bullets and commas */
  len = strlen (copy);
  while (len > 0)
    {
      const char *last = g_utf8_find_prev_char (copy, copy + len);
      gunichar c = g_utf8_get_char (last);

      if (!g_unichar_isspace (c) && !g_unichar_ispunct (c))
        break;
      if (c == ')' || c == '.')
        break;
      len = last - copy;
    }
  copy[len] = '\0';
  return *copy != '\0' ? g_steal_pointer (&copy) : NULL;
}

static char *
locale_to_lang (const char *locale)
{
  char *lang = g_strdup (locale);

  g_strdelimit (lang, "_", '-');
  return lang;
}

char *
wd_extract_collect_meta (htmlDocPtr    doc,
                         const char   *base_url,
                         WdExtraction *out)
{
  g_autoptr(GHashTable) meta = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) headings = g_ptr_array_new_with_free_func (g_free);
  g_auto(JsonLd) ld = { NULL, };
  g_autofree char *doc_title = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *base_href = NULL;
  g_autofree char *markup_byline = NULL;
  g_autofree char *time_datetime = NULL;
  g_autofree char *itemprop_date = NULL;
  g_autofree char *effective_base = NULL;
  xmlNode *root = xmlDocGetRootElement (doc);
  const char *value;

  for (xmlNode *node = root; node != NULL; )
    {
      const char *name = wd_extract_node_name (node);
      gboolean skip = FALSE;

      if (node->type != XML_ELEMENT_NODE)
        {
          node = wd_extract_next_node (node, root, TRUE);
          continue;
        }

      if (g_str_equal (name, "html"))
        {
          g_autofree char *lang = wd_extract_get_attr (node, "lang");
          g_autofree char *dir = wd_extract_get_attr (node, "dir");

          if (lang != NULL && *g_strstrip (lang) != '\0' && out->lang == NULL)
            out->lang = g_steal_pointer (&lang);
          if (dir != NULL && out->dir == NULL)
            out->dir = g_ascii_strdown (g_strstrip (dir), -1);
        }
      else if (g_str_equal (name, "meta"))
        {
          g_autofree char *content = wd_extract_get_attr (node, "content");
          g_autofree char *property = wd_extract_get_attr (node, "property");
          g_autofree char *meta_name = wd_extract_get_attr (node, "name");
          g_autofree char *itemprop = wd_extract_get_attr (node, "itemprop");

          if (content != NULL)
            {
              /* A property may list several names: "og:title twitter:title" */
              if (property != NULL)
                {
                  g_auto(GStrv) keys = g_strsplit_set (property, " \t\n", -1);

                  for (guint i = 0; keys[i] != NULL; i++)
                    add_meta_key (meta, keys[i], content);
                }
              if (meta_name != NULL)
                add_meta_key (meta, meta_name, content);
              if (itemprop != NULL && g_str_equal (itemprop, "datePublished")
                  && itemprop_date == NULL)
                itemprop_date = g_strdup (content);
            }
        }
      else if (g_str_equal (name, "link"))
        {
          g_autofree char *rel = wd_extract_get_attr (node, "rel");
          g_autofree char *href = wd_extract_get_attr (node, "href");

          if (rel != NULL && href != NULL && g_ascii_strcasecmp (rel, "canonical") == 0
              && canonical == NULL)
            canonical = g_steal_pointer (&href);
        }
      else if (g_str_equal (name, "base"))
        {
          if (base_href == NULL)
            base_href = wd_extract_get_attr (node, "href");
        }
      else if (g_str_equal (name, "title"))
        {
          if (doc_title == NULL && node->parent != NULL
              && !g_str_equal (wd_extract_node_name (node->parent), "svg"))
            doc_title = wd_extract_node_text (node);
          skip = TRUE;
        }
      else if (g_str_equal (name, "script"))
        {
          g_autofree char *type = wd_extract_get_attr (node, "type");

          if (type != NULL && g_ascii_strcasecmp (g_strstrip (type), "application/ld+json") == 0)
            {
              xmlChar *content = xmlNodeGetContent (node);

              if (content != NULL)
                parse_json_ld ((const char *) content, &ld);
              xmlFree (content);
            }
          skip = TRUE;
        }
      else if (g_str_equal (name, "style"))
        {
          skip = TRUE;
        }
      else if (g_str_equal (name, "h1") || g_str_equal (name, "h2"))
        {
          g_ptr_array_add (headings, wd_extract_node_text (node));
        }
      else if (g_str_equal (name, "time"))
        {
          if (time_datetime == NULL)
            time_datetime = wd_extract_get_attr (node, "datetime");
        }

      /* Byline markup: rel=author, itemprop=author, class or id naming the
       * author; a child with itemprop=name is the name itself. */
      if (markup_byline == NULL && !skip && !g_str_equal (name, "meta")
          && !g_str_equal (name, "link") && !g_str_equal (name, "html")
          && !g_str_equal (name, "body") && is_byline_markup (node))
        {
          g_autofree char *text = wd_extract_node_text (node);
          glong len = g_utf8_strlen (text, -1);

          if (len > 0 && len < 100)
            {
              xmlNode *name_node = find_itemprop_name (node);

              markup_byline = name_node != NULL ? wd_extract_node_text (name_node)
                                                : g_steal_pointer (&text);
            }
        }

      node = wd_extract_next_node (node, root, skip);
    }

  effective_base = base_href != NULL ? wd_extract_resolve_url (base_url, base_href) : NULL;
  if (effective_base == NULL)
    effective_base = g_strdup (base_url);

  /* Title. JSON-LD may give a headline and a name that differ (on
   * encyclopedias the "headline" is a description): the headline only when
   * it agrees with the page's <title> and the name does not. */
  if (ld.title != NULL && ld.name != NULL && !g_str_equal (ld.title, ld.name))
    {
      g_autofree char *from_doc = title_from_document (doc_title, headings);
      gboolean headline_matches = from_doc != NULL
                                  && wd_extract_text_similarity (ld.title, from_doc) > 0.75;
      gboolean name_matches = from_doc != NULL
                              && wd_extract_text_similarity (ld.name, from_doc) > 0.75;

      out->title = g_strdup (headline_matches && !name_matches ? ld.title : ld.name);
    }
  else if (ld.title != NULL || ld.name != NULL)
    out->title = g_strdup (ld.title != NULL ? ld.title : ld.name);
  else if ((value = meta_value (meta, "dc:title")) || (value = meta_value (meta, "dcterm:title"))
           || (value = meta_value (meta, "og:title"))
           || (value = meta_value (meta, "weibo:article:title"))
           || (value = meta_value (meta, "weibo:webpage:title"))
           || (value = meta_value (meta, "title"))
           || (value = meta_value (meta, "twitter:title"))
           || (value = meta_value (meta, "parsely-title")))
    out->title = g_strdup (value);
  else
    out->title = title_from_document (doc_title, headings);

  /* Byline */
  if (ld.byline != NULL)
    out->byline = g_strdup (ld.byline);
  else if ((value = meta_value (meta, "dc:creator"))
           || (value = meta_value (meta, "dcterm:creator"))
           || (value = meta_value (meta, "author"))
           || (value = meta_value (meta, "parsely-author")))
    out->byline = g_strdup (value);
  else if ((value = meta_value (meta, "article:author")) && !looks_like_url (value))
    out->byline = g_strdup (value);
  else if (markup_byline != NULL)
    out->byline = g_strdup (markup_byline);
  {
    char *cleaned = clean_byline (out->byline);

    g_free (out->byline);
    out->byline = cleaned;
  }

  /* Published */
  if (ld.published != NULL)
    out->published = g_strdup (ld.published);
  if (out->published == NULL)
    out->published = wd_extract_normalize_date (meta_value (meta, "article:published_time"));
  if (out->published == NULL)
    out->published = wd_extract_normalize_date (meta_value (meta, "parsely-pub-date"));
  if (out->published == NULL)
    out->published = wd_extract_normalize_date (meta_value (meta, "datepublished"));
  if (out->published == NULL)
    out->published = wd_extract_normalize_date (itemprop_date);
  if (out->published == NULL)
    out->published = wd_extract_normalize_date (time_datetime);

  /* Site name */
  if (ld.site_name != NULL)
    out->site_name = g_strdup (ld.site_name);
  else if ((value = meta_value (meta, "og:site_name")))
    out->site_name = g_strdup (value);

  /* Excerpt */
  if (ld.excerpt != NULL)
    out->excerpt = g_strdup (ld.excerpt);
  else if ((value = meta_value (meta, "dc:description"))
           || (value = meta_value (meta, "dcterm:description"))
           || (value = meta_value (meta, "og:description"))
           || (value = meta_value (meta, "weibo:article:description"))
           || (value = meta_value (meta, "weibo:webpage:description"))
           || (value = meta_value (meta, "description"))
           || (value = meta_value (meta, "twitter:description")))
    out->excerpt = g_strdup (value);

  /* Lead image */
  if ((value = meta_value (meta, "og:image")) || (value = meta_value (meta, "og:image:url"))
      || (value = meta_value (meta, "twitter:image"))
      || (value = meta_value (meta, "twitter:image:src")))
    out->image = wd_extract_resolve_url (effective_base, value);
  else if (ld.image != NULL)
    out->image = wd_extract_resolve_url (effective_base, ld.image);

  /* Canonical URL */
  {
    g_autofree char *resolved = NULL;

    if (canonical != NULL)
      resolved = wd_extract_resolve_url (effective_base, canonical);
    if (resolved == NULL && (value = meta_value (meta, "og:url")))
      resolved = wd_extract_resolve_url (effective_base, value);
    if (resolved == NULL && base_url != NULL)
      resolved = g_strdup (base_url);
    out->canonical_url = wd_extract_clean_url (resolved);
  }

  /* Language */
  if (out->lang == NULL && (value = meta_value (meta, "og:locale")))
    out->lang = locale_to_lang (value);
  if (out->lang == NULL && (value = meta_value (meta, "content-language")))
    out->lang = locale_to_lang (value);

  return g_steal_pointer (&effective_base);
}
