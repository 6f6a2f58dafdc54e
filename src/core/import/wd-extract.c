/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-extract"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "text/wd-text.h"
#include "wd-extract-private.h"

/* A page shorter than this after extraction is tried again with fewer
 * filters: the filters may have thrown the article away. */
#define RETRY_CHAR_THRESHOLD 500

static htmlDocPtr
parse_html (const char *html,
            gsize       length)
{
  static gsize initialized = 0;

  /* Imports extract in worker threads; libxml2 must set itself up once,
   * before any two of them parse at the same time. */
  if (g_once_init_enter (&initialized))
    {
      xmlInitParser ();
      g_once_init_leave (&initialized, 1);
    }

  return htmlReadMemory (html, (int) MIN (length, (gsize) G_MAXINT), NULL, "UTF-8",
                         HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING
                         | HTML_PARSE_NONET | HTML_PARSE_COMPACT
                         /* Past 256 levels libxml2 would stop reading and lose the rest
                          * of the page; every walk here iterates, so depth is safe. */
                         | XML_PARSE_HUGE);
}

static gboolean
looks_binary (const char *data,
              gsize       length)
{
  gsize controls = 0;
  gsize n = MIN (length, 4096);

  for (gsize i = 0; i < n; i++)
    {
      guchar c = data[i];

      if (c == 0)
        return TRUE;
      if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')
        controls++;
    }
  return controls * 10 > n;
}

static char *
first_paragraph (const char *text)
{
  g_auto(GStrv) blocks = g_strsplit (text, "\n\n", -1);

  for (guint i = 0; blocks[i] != NULL; i++)
    if (blocks[i][0] != '#' && blocks[i][0] != '>' && blocks[i][0] != '-'
        && blocks[i][0] != '`' && *blocks[i] != '\0')
      return wd_text_normalize_whitespace (blocks[i]);
  return NULL;
}

/**
 * wd_extract_html:
 * @html: the page, UTF-8 (invalid bytes are replaced)
 * @length: the length of @html in bytes, or -1 if nul-terminated
 * @base_url: (nullable): the page's address, for relative links
 * @error: return location for a #GError
 *
 * Finds the article in a web page: its body as Markdown (paragraphs,
 * headings, lists, block quotes; no navigation, ads, share bars, comments,
 * headline, captions or bylines) and its metadata. A page that holds no
 * article gets an empty text and a reason rather than an error.
 *
 * Returns: (transfer full): the extraction, or %NULL if @html is empty or
 *   not HTML (%WD_IMPORT_ERROR_PARSE)
 */
WdExtraction *
wd_extract_html (const char  *html,
                 gssize       length,
                 const char  *base_url,
                 GError     **error)
{
  static const guint attempts[] = {
    WD_EXTRACT_FLAG_STRIP_UNLIKELY | WD_EXTRACT_FLAG_WEIGHT_CLASSES
    | WD_EXTRACT_FLAG_CLEAN_CONDITIONALLY,
    WD_EXTRACT_FLAG_WEIGHT_CLASSES | WD_EXTRACT_FLAG_CLEAN_CONDITIONALLY,
    WD_EXTRACT_FLAG_CLEAN_CONDITIONALLY,
    0,
  };
  g_autoptr(WdExtraction) result = g_new0 (WdExtraction, 1);
  g_autofree char *valid = NULL;
  g_autofree char *best = NULL;
  g_autofree char *effective_base = NULL;
  double best_density = 0;
  gsize best_len = 0;
  gsize valid_len;
  htmlDocPtr doc;

  g_return_val_if_fail (html != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = strlen (html);

  {
    gsize i = 0;

    while (i < (gsize) length && g_ascii_isspace (html[i]))
      i++;
    if (i == (gsize) length)
      {
        g_set_error_literal (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_PARSE,
                             _("The page is empty; check that you chose the right file or address."));
        return NULL;
      }
  }
  if (looks_binary (html, length))
    {
      g_set_error_literal (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_PARSE,
                           _("The file is not a web page (it holds binary data); "
                             "open an HTML, Markdown or text file instead."));
      return NULL;
    }

  /* libxml2 stops at bytes that are not UTF-8; replace them instead. A NUL
   * inside is not text either. */
  if (g_utf8_validate_len (html, length, NULL))
    valid = g_strndup (html, length);
  else
    valid = g_utf8_make_valid (html, length);
  valid_len = strlen (valid);

  doc = parse_html (valid, valid_len);
  if (doc == NULL || xmlDocGetRootElement (doc) == NULL)
    {
      if (doc != NULL)
        xmlFreeDoc (doc);
      g_set_error_literal (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_PARSE,
                           _("The page could not be read as HTML; check that it is a web page."));
      return NULL;
    }
  effective_base = wd_extract_collect_meta (doc, base_url, result);

  for (gsize i = 0; i < G_N_ELEMENTS (attempts); i++)
    {
      double density = 0;
      char *text;

      /* Each attempt changes the tree; the first uses the parse the
       * metadata came from, the others parse again. */
      if (i > 0)
        doc = parse_html (valid, valid_len);
      text = wd_extract_body (doc, attempts[i], result->title, &density);
      gsize len = g_utf8_strlen (text, -1);
      g_debug ("attempt %" G_GSIZE_FORMAT ": %" G_GSIZE_FORMAT " characters", i, len);

      if (best == NULL || len > best_len)
        {
          g_free (best);
          best = text;
          best_len = len;
          best_density = density;
        }
      else
        {
          g_free (text);
        }
      if (best_len >= RETRY_CHAR_THRESHOLD)
        break;
    }

  if (best_len == 0)
    {
      result->text = g_strdup ("");
      result->reason = g_strdup (_("The page has no article text."));
    }
  else if (best_density > 0.5)
    {
      /* Mostly links: a front page, a listing or a menu. */
      result->text = g_strdup ("");
      result->reason = g_strdup (_("The page is a list of links (a front page, a section "
                                   "or a menu), not an article."));
    }
  else
    {
      result->text = g_steal_pointer (&best);
    }

  if (result->excerpt == NULL && *result->text != '\0')
    result->excerpt = first_paragraph (result->text);

  return g_steal_pointer (&result);
}

/**
 * wd_extract_html_to_text:
 * @html: a page or fragment, UTF-8
 * @length: its length in bytes, or -1 if nul-terminated
 *
 * Renders the whole of @html as Markdown with the same text walk
 * wd_extract_html() uses for the article, without choosing anything:
 * for comparing an extraction with a reference.
 *
 * Returns: (transfer full): the text, possibly empty
 */
char *
wd_extract_html_to_text (const char *html,
                         gssize      length)
{
  g_autofree char *valid = NULL;
  htmlDocPtr doc;
  xmlNode *root;
  char *text;

  g_return_val_if_fail (html != NULL || length == 0, NULL);

  if (length < 0)
    length = strlen (html);
  valid = g_utf8_make_valid (html, length);
  doc = parse_html (valid, strlen (valid));
  if (doc == NULL)
    return g_strdup ("");
  root = xmlDocGetRootElement (doc);
  text = root != NULL ? wd_extract_render_markdown (root, NULL) : g_strdup ("");
  xmlFreeDoc (doc);
  return text;
}

/**
 * wd_extraction_to_json:
 * @extraction: an extraction
 * @pretty: whether to indent
 *
 * The extraction as a JSON object with the members title, byline,
 * published, site_name, canonical_url, lang, excerpt, image and text (null
 * where unknown), plus reason when the page is not an article.
 *
 * Returns: (transfer full): the JSON text
 */
char *
wd_extraction_to_json (const WdExtraction *extraction,
                       gboolean            pretty)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  const struct { const char *name; const char *value; } members[] = {
    { "title", extraction->title },
    { "byline", extraction->byline },
    { "published", extraction->published },
    { "site_name", extraction->site_name },
    { "canonical_url", extraction->canonical_url },
    { "lang", extraction->lang },
    { "dir", extraction->dir },
    { "excerpt", extraction->excerpt },
    { "image", extraction->image },
    { "text", extraction->text },
  };

  json_builder_begin_object (builder);
  for (gsize i = 0; i < G_N_ELEMENTS (members); i++)
    {
      json_builder_set_member_name (builder, members[i].name);
      if (members[i].value != NULL)
        json_builder_add_string_value (builder, members[i].value);
      else
        json_builder_add_null_value (builder);
    }
  if (extraction->reason != NULL)
    {
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, extraction->reason);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, pretty);
  return json_generator_to_data (generator, NULL);
}

/**
 * wd_extraction_free:
 * @extraction: (nullable): an extraction
 *
 * Frees @extraction and its strings.
 */
void
wd_extraction_free (WdExtraction *extraction)
{
  if (extraction == NULL)
    return;
  g_free (extraction->title);
  g_free (extraction->byline);
  g_free (extraction->published);
  g_free (extraction->site_name);
  g_free (extraction->canonical_url);
  g_free (extraction->lang);
  g_free (extraction->dir);
  g_free (extraction->excerpt);
  g_free (extraction->image);
  g_free (extraction->text);
  g_free (extraction->reason);
  g_free (extraction);
}
