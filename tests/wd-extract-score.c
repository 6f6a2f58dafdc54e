/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-test"

#include <string.h>

#include <json-glib/json-glib.h>

#include "import/wd-extract-private.h"
#include "text/wd-text.h"
#include "wd-extract-score.h"

#define SHINGLE_SIZE 4

/**
 * wd_score_corpus_dir:
 * @explicit_dir: (nullable): a directory given on the command line
 *
 * Where the corpus is: @explicit_dir, else $WIREDESK_CORPUS, else
 * ../shared/corpora/readability next to $WIREDESK_SOURCE_ROOT.
 *
 * Returns: (transfer full) (nullable): the directory
 */
char *
wd_score_corpus_dir (const char *explicit_dir)
{
  const char *env = g_getenv ("WIREDESK_CORPUS");
  const char *root = g_getenv ("WIREDESK_SOURCE_ROOT");

  if (explicit_dir != NULL)
    return g_strdup (explicit_dir);
  if (env != NULL && *env != '\0')
    return g_strdup (env);
  if (root == NULL)
    return NULL;
  return g_build_filename (root, "..", "shared", "corpora", "readability", NULL);
}

void
wd_score_page_free (WdScorePage *page)
{
  g_free (page->name);
  g_free (page->html);
  g_free (page->expected_text);
  g_free (page->title);
  g_free (page->byline);
  g_free (page->site_name);
  g_free (page->published);
  g_free (page);
}

void
wd_score_result_clear (WdScoreResult *result)
{
  g_clear_pointer (&result->name, g_free);
}

static char *
dup_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * wd_score_load_corpus:
 * @dir: the corpus directory (with pages/ inside)
 * @error: return location for a #GError
 *
 * Reads every page of the corpus, sorted by name.
 *
 * Returns: (transfer full) (element-type WdScorePage): the pages, or %NULL
 */
GPtrArray *
wd_score_load_corpus (const char  *dir,
                      GError     **error)
{
  g_autofree char *pages_dir = g_build_filename (dir, "pages", NULL);
  g_autoptr(GDir) listing = g_dir_open (pages_dir, 0, error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) pages = NULL;
  const char *entry;

  if (listing == NULL)
    return NULL;
  while ((entry = g_dir_read_name (listing)) != NULL)
    g_ptr_array_add (names, g_strdup (entry));
  g_ptr_array_sort (names, compare_names);

  pages = g_ptr_array_new_with_free_func ((GDestroyNotify) wd_score_page_free);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *source = g_build_filename (pages_dir, name, "source.html", NULL);
      g_autofree char *expected = g_build_filename (pages_dir, name, "expected.html", NULL);
      g_autofree char *meta = g_build_filename (pages_dir, name, "expected-metadata.json", NULL);
      g_autofree char *expected_html = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      WdScorePage *page;
      JsonObject *object;
      JsonNode *readerable;

      if (!g_file_test (source, G_FILE_TEST_EXISTS))
        continue;

      page = g_new0 (WdScorePage, 1);
      page->name = g_strdup (name);
      g_ptr_array_add (pages, page);
      if (!g_file_get_contents (source, &page->html, &page->html_len, error)
          || !g_file_get_contents (expected, &expected_html, NULL, error)
          || !json_parser_load_from_file (parser, meta, error))
        return NULL;

      page->expected_text = wd_extract_html_to_text (expected_html, -1);
      object = json_node_get_object (json_parser_get_root (parser));
      page->title = dup_member (object, "title");
      page->byline = dup_member (object, "byline");
      page->site_name = dup_member (object, "siteName");
      page->published = dup_member (object, "publishedTime");
      readerable = json_object_get_member (object, "readerable");
      page->readerable = readerable == NULL || !JSON_NODE_HOLDS_VALUE (readerable)
                         || json_node_get_boolean (readerable);
    }
  return g_steal_pointer (&pages);
}

/* Case-folded, white space collapsed, a leading "By" dropped: the corpus
 * keeps "By " on some bylines and not on others. */
static char *
normalize_field (const char *value)
{
  g_autofree char *folded = NULL;
  char *normal;

  if (value == NULL)
    return NULL;
  folded = g_utf8_casefold (value, -1);
  normal = wd_text_normalize_whitespace (folded);
  if (g_str_has_prefix (normal, "by "))
    memmove (normal, normal + 3, strlen (normal + 3) + 1);
  return normal;
}

static int
field_matches (const char *expected,
               const char *actual)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (expected == NULL || *expected == '\0')
    return -1;
  a = normalize_field (expected);
  b = normalize_field (actual);
  return b != NULL && g_str_equal (a, b);
}

static int
date_matches (const char *expected,
              const char *actual)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (expected == NULL || *expected == '\0')
    return -1;
  a = wd_extract_normalize_date (expected);
  b = wd_extract_normalize_date (actual);
  return a != NULL && b != NULL && g_str_equal (a, b);
}

/**
 * wd_score_page:
 * @page: a corpus page
 * @extraction: (nullable): what the extractor made of it
 * @result: (out caller-allocates): the page's figures
 *
 * Shingle precision and recall of the body, and the metadata matches.
 */
void
wd_score_page (const WdScorePage  *page,
               const WdExtraction *extraction,
               WdScoreResult      *result)
{
  const char *text = extraction != NULL && extraction->text != NULL ? extraction->text : "";
  g_autoptr(GHashTable) got = NULL;
  g_autoptr(GHashTable) want = NULL;
  guint n_got, n_want, matched;

  memset (result, 0, sizeof *result);
  result->name = g_strdup (page->name);

  got = wd_text_shingle_counts (text, SHINGLE_SIZE, &n_got);
  want = wd_text_shingle_counts (page->expected_text, SHINGLE_SIZE, &n_want);
  matched = wd_text_shingle_overlap (got, want);

  result->empty = n_got == 0;
  result->precision = n_got == 0 ? 0 : (double) matched / n_got;
  result->recall = n_want == 0 ? (n_got == 0 ? 1 : 0) : (double) matched / n_want;
  result->f1 = result->precision + result->recall == 0 ? 0
               : 2 * result->precision * result->recall
                 / (result->precision + result->recall);

  result->title_ok = field_matches (page->title, extraction ? extraction->title : NULL);
  result->byline_ok = field_matches (page->byline, extraction ? extraction->byline : NULL);
  result->site_name_ok = field_matches (page->site_name,
                                        extraction ? extraction->site_name : NULL);
  result->published_ok = date_matches (page->published,
                                       extraction ? extraction->published : NULL);
}

static void
add_rate (int     ok,
          double *sum,
          guint  *n)
{
  if (ok < 0)
    return;
  *sum += ok;
  (*n)++;
}

/**
 * wd_score_summarize:
 *
 * The corpus figures: mean precision over pages with output, mean recall
 * over all pages, F1 of those two means, empty readerable pages, and the
 * metadata match rates where a value is expected.
 */
void
wd_score_summarize (const WdScorePage   *pages,
                    const WdScoreResult *results,
                    guint                n,
                    WdScoreSummary      *summary)
{
  double precision = 0, recall = 0;
  guint with_output = 0;

  memset (summary, 0, sizeof *summary);
  summary->pages = n;
  for (guint i = 0; i < n; i++)
    {
      const WdScoreResult *r = &results[i];

      if (!r->empty)
        {
          precision += r->precision;
          with_output++;
        }
      else if (pages[i].readerable)
        {
          summary->empty++;
        }
      recall += r->recall;
      add_rate (r->title_ok, &summary->title_match, &summary->title_n);
      add_rate (r->byline_ok, &summary->byline_match, &summary->byline_n);
      add_rate (r->site_name_ok, &summary->site_name_match, &summary->site_name_n);
      add_rate (r->published_ok, &summary->published_match, &summary->published_n);
    }

  summary->precision = with_output == 0 ? 0 : precision / with_output;
  summary->recall = n == 0 ? 0 : recall / n;
  summary->f1 = summary->precision + summary->recall == 0 ? 0
                : 2 * summary->precision * summary->recall
                  / (summary->precision + summary->recall);
  if (summary->title_n > 0)
    summary->title_match /= summary->title_n;
  if (summary->byline_n > 0)
    summary->byline_match /= summary->byline_n;
  if (summary->site_name_n > 0)
    summary->site_name_match /= summary->site_name_n;
  if (summary->published_n > 0)
    summary->published_match /= summary->published_n;
}

/**
 * wd_score_run:
 * @pages: (element-type WdScorePage): the corpus
 * @summary: (out caller-allocates): the corpus figures
 *
 * Extracts every page once and scores it.
 *
 * Returns: (transfer full) (array length=pages->len): per-page results;
 *   free each with wd_score_result_clear() and the array with g_free()
 */
WdScoreResult *
wd_score_run (GPtrArray      *pages,
              WdScoreSummary *summary)
{
  WdScoreResult *results = g_new0 (WdScoreResult, MAX (pages->len, 1));
  g_autofree WdScorePage *flat = g_new0 (WdScorePage, MAX (pages->len, 1));

  for (guint i = 0; i < pages->len; i++)
    {
      WdScorePage *page = g_ptr_array_index (pages, i);
      g_autoptr(WdExtraction) extraction = NULL;

      extraction = wd_extract_html (page->html, page->html_len, WD_SCORE_BASE_URL, NULL);
      wd_score_page (page, extraction, &results[i]);
      flat[i] = *page;
    }
  wd_score_summarize (flat, results, pages->len, summary);
  return results;
}
