/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-test"

#include <string.h>

#include <sqlite3.h>

#include "wd-test-util.h"
#include "wd-draft-articles.h"
#include "draft/wd-builtin.h"
#include "draft/wd-related.h"
#include "text/wd-text.h"

static gint64
add_article (WdStore             *store,
             const WdTestArticle *article)
{
  return wd_test_add_source (store, article->title, article->url, article->publisher,
                             article->text);
}

static WdSource *
article_source (const WdTestArticle *article)
{
  WdSource *source = wd_source_new ();

  wd_source_set_title (source, article->title);
  wd_source_set_url (source, article->url);
  wd_source_set_publisher_name (source, article->publisher);
  wd_source_set_text (source, article->text);
  return source;
}

static void
exec_sql (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

/* The text of the summary without its marker and Markdown escapes. */
static char *
summary_body (const char *text)
{
  const char *marker = strstr (text, "\n\n" WD_BUILTIN_MARKER);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_nonnull (marker);
  for (const char *p = text; p < marker; p++)
    {
      if (*p == '\\' && p + 1 < marker)
        p++;
      g_string_append_c (out, *p);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Summary */

static void
check_summary (const WdTestArticle *article,
               const char          *must_have,
               const char          *must_not_have)
{
  g_autoptr(WdBuiltinSummary) summary = NULL;
  g_autoptr(GPtrArray) sentences = wd_text_split_sentences (article->text);
  g_autofree char *body = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);

  summary = wd_builtin_summarize (article->text, 0, 0);
  g_assert_nonnull (summary->text);
  g_test_message ("%s", summary->text);

  /* The marker ends it, on a line of its own */
  g_assert_true (g_str_has_suffix (summary->text, "\n\n" WD_BUILTIN_MARKER "\n"));

  /* 3-5 sentences of the source, in source order, within the budget */
  g_assert_cmpuint (summary->sentences->len, >=, 3);
  g_assert_cmpuint (summary->sentences->len, <=, 5);
  g_assert_cmpuint (summary->n_words, <=, WD_BUILTIN_MAX_WORDS);
  for (guint i = 0; i < summary->sentences->len; i++)
    {
      guint index = g_array_index (summary->sentences, guint, i);

      g_assert_cmpuint (index, <, sentences->len);
      if (i > 0)
        g_assert_cmpuint (index, >, g_array_index (summary->sentences, guint, i - 1));
      if (i > 0)
        g_string_append_c (expected, ' ');
      g_string_append (expected, g_ptr_array_index (sentences, index));
    }
  body = summary_body (summary->text);
  g_assert_cmpstr (body, ==, expected->str);
  g_assert_cmpuint (wd_text_count_words (body), ==, summary->n_words);

  /* Central sentences, not the aside */
  g_assert_nonnull (strstr (body, must_have));
  if (must_not_have != NULL)
    g_assert_null (strstr (body, must_not_have));
}

static void
test_summary_central (void)
{
  /* The lead carries the story; the folk festival is an aside. */
  check_summary (&DAM_3, "frost damage caused the crack in the Lake Vorn dam", "fiddlers");
  check_summary (&DAM_1, "crack in the concrete wall of the Lake Vorn hydropower dam",
                 NULL);
  check_summary (&MODEL_1, "released a language model called Osprey-7", NULL);
}

static void
test_summary_budget (void)
{
  g_autoptr(WdBuiltinSummary) summary = NULL;
  g_autoptr(WdBuiltinSummary) longer = NULL;
  g_autoptr(WdBuiltinSummary) none = NULL;
  g_autoptr(WdBuiltinSummary) blank = NULL;

  /* The default target: 80-150 words when the text allows it */
  summary = wd_builtin_summarize (DAM_3.text, 0, 0);
  g_assert_cmpuint (summary->n_words, >=, WD_BUILTIN_MIN_WORDS);
  g_assert_cmpuint (summary->n_words, <=, WD_BUILTIN_MAX_WORDS);

  /* A tighter budget is kept */
  longer = wd_builtin_summarize (DAM_3.text, 30, 60);
  g_assert_cmpuint (longer->n_words, <=, 60);
  g_assert_cmpuint (longer->sentences->len, >=, 1);

  /* Nothing to summarize */
  none = wd_builtin_summarize ("", 0, 0);
  g_assert_null (none->text);
  g_assert_cmpuint (none->sentences->len, ==, 0);
  blank = wd_builtin_summarize ("   \n\n  ", 0, 0);
  g_assert_null (blank->text);
}

static void
test_summary_markdown (void)
{
  g_autoptr(WdBuiltinSummary) summary = NULL;
  const char *text =
    "The *new* [budget] plan for the harbour_district was approved by the council today. "
    "The council said the harbour plan would cost forty million over five years. "
    "Harbour residents said the plan ignored the ferry terminal and the fish market. "
    "The council will vote on the ferry terminal plan again in the spring session.";

  summary = wd_builtin_summarize (text, 100, 150);  /* all four sentences */
  g_assert_nonnull (summary->text);
  g_assert_nonnull (strstr (summary->text, "The \\*new\\* \\[budget\\] plan for the "
                                           "harbour\\_district"));
}

static void
test_summary_deterministic (void)
{
  const WdTestArticle *articles[] = { &DAM_1, &DAM_2, &DAM_3, &MODEL_1, &MODEL_2, &BEES };

  for (guint i = 0; i < G_N_ELEMENTS (articles); i++)
    {
      g_autoptr(WdBuiltinSummary) a = wd_builtin_summarize (articles[i]->text, 0, 0);
      g_autoptr(WdBuiltinSummary) b = wd_builtin_summarize (articles[i]->text, 0, 0);

      g_assert_cmpstr (a->text, ==, b->text);
      g_assert_cmpuint (a->sentences->len, ==, b->sentences->len);
      g_assert_cmpmem (a->sentences->data, a->sentences->len * sizeof (guint),
                       b->sentences->data, b->sentences->len * sizeof (guint));
    }
}

/* Context */

typedef struct {
  WdStore *store;
  char *path;
  gint64 dam_1, model_1, dam_2, glass, dam_3, bees;
} Archive;

static void
archive_setup (Archive *archive)
{
  archive->store = wd_test_open_store (&archive->path);
  archive->dam_1 = add_article (archive->store, &DAM_1);
  archive->model_1 = add_article (archive->store, &MODEL_1);
  archive->dam_2 = add_article (archive->store, &DAM_2);
  archive->glass = add_article (archive->store, &GLASS);
  archive->dam_3 = add_article (archive->store, &DAM_3);
  archive->bees = add_article (archive->store, &BEES);
}

static void
archive_teardown (Archive *archive)
{
  g_assert_finalize_object (archive->store);
  g_free (archive->path);
}

/* The ids cited as [[brief:ID]], in order. */
static GArray *
citations (const char *text)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (const char *p = strstr (text, "[[brief:"); p != NULL; p = strstr (p + 1, "[[brief:"))
    {
      char *end = NULL;
      gint64 id = g_ascii_strtoll (p + 8, &end, 10);

      g_assert_true (g_str_has_prefix (end, "]]"));
      g_array_append_val (ids, id);
    }
  return ids;
}

static void
test_context_cites_earlier (void)
{
  Archive archive;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *context = NULL;
  g_autoptr(GArray) cited = NULL;

  archive_setup (&archive);

  context = wd_builtin_context (archive.store, archive.dam_3, &hits, &error);
  g_assert_no_error (error);
  g_test_message ("%s", context);

  /* The two earlier dam reports, each once, with title and date */
  cited = citations (context);
  g_assert_cmpuint (cited->len, ==, 2);
  g_assert_cmpuint (hits->len, ==, 2);
  for (guint i = 0; i < cited->len; i++)
    {
      gint64 id = g_array_index (cited, gint64, i);

      g_assert_true (id == archive.dam_1 || id == archive.dam_2);
      g_assert_cmpint (id, ==, ((WdRelatedHit *) hits->pdata[i])->brief_id);
    }
  g_assert_cmpint (g_array_index (cited, gint64, 0), !=, g_array_index (cited, gint64, 1));
  g_assert_nonnull (strstr (context, DAM_1.title));
  g_assert_nonnull (strstr (context, DAM_2.title));
  g_assert_nonnull (strstr (context, "Northern Courier"));
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
    g_autoptr(GDateTime) then = g_date_time_add_minutes (now, -5);
    g_autofree char *before = g_date_time_format (then, "%Y-%m-%d");

    g_assert_true (strstr (context, today) != NULL || strstr (context, before) != NULL);
  }
  g_assert_null (strstr (context, "no earlier coverage"));

  archive_teardown (&archive);
}

static void
test_context_no_coverage (void)
{
  Archive archive;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *bees = NULL;
  g_autofree char *first = NULL;
  g_autofree char *empty = NULL;

  archive_setup (&archive);

  /* An unrelated story, and the first report of the dam story */
  bees = wd_builtin_context (archive.store, archive.bees, &hits, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bees, ==, "The archive has no earlier coverage of this story.");
  g_assert_cmpuint (hits->len, ==, 0);

  first = wd_builtin_context (archive.store, archive.dam_1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, "The archive has no earlier coverage of this story.");

  empty = wd_builtin_format_context (NULL);
  g_assert_cmpstr (empty, ==, "The archive has no earlier coverage of this story.");

  archive_teardown (&archive);
}

/* Mentions */

static const WdMentionSuggestion *
find_suggestion (GPtrArray  *suggestions,
                 const char *name)
{
  for (guint i = 0; i < suggestions->len; i++)
    {
      const WdMentionSuggestion *suggestion = g_ptr_array_index (suggestions, i);

      if (g_strcmp0 (suggestion->name, name) == 0)
        return suggestion;
    }
  return NULL;
}

static void
log_suggestions (GPtrArray *suggestions)
{
  for (guint i = 0; i < suggestions->len; i++)
    {
      const WdMentionSuggestion *suggestion = g_ptr_array_index (suggestions, i);

      g_test_message ("%s (%s, %" G_GINT64_FORMAT "): %s", suggestion->name,
                      wd_mention_kind_to_string (suggestion->kind), suggestion->mention_id,
                      suggestion->reason);
    }
}

static void
test_mentions_suggested (void)
{
  Archive archive;
  g_autoptr(GError) error = NULL;
  g_autoptr(WdMention) review = NULL;
  g_autoptr(WdMention) authority = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autofree char *sql = NULL;
  const WdMentionSuggestion *suggestion;

  archive_setup (&archive);

  review = wd_store_ensure_mention (archive.store, "MIT Technology Review",
                                    WD_MENTION_PUBLICATION, &error);
  g_assert_no_error (error);
  sql = g_strdup_printf ("INSERT INTO mention_aliases (mention_id, alias)"
                         " VALUES (%" G_GINT64_FORMAT ", 'Technology Review')",
                         wd_mention_get_id (review));
  exec_sql (archive.path, sql);
  authority = wd_store_ensure_mention (archive.store, "National Water Authority",
                                       WD_MENTION_ORGANIZATION, &error);
  g_assert_no_error (error);
  before = wd_store_list_mentions (archive.store, &error);
  g_assert_no_error (error);

  suggestions = wd_builtin_suggest_mentions (archive.store, archive.dam_3, &error);
  g_assert_no_error (error);
  log_suggestions (suggestions);

  /* The publisher, always, first */
  suggestion = g_ptr_array_index (suggestions, 0);
  g_assert_cmpstr (suggestion->name, ==, "Metro Wire");
  g_assert_cmpint (suggestion->kind, ==, WD_MENTION_PUBLICATION);
  g_assert_cmpint (suggestion->mention_id, ==, 0);

  /* A catalog entry named by its alias, and one in lower case */
  suggestion = find_suggestion (suggestions, "MIT Technology Review");
  g_assert_nonnull (suggestion);
  g_assert_cmpint (suggestion->mention_id, ==, wd_mention_get_id (review));
  g_assert_cmpint (suggestion->kind, ==, WD_MENTION_PUBLICATION);
  g_assert_nonnull (strstr (suggestion->reason, "Technology Review"));
  suggestion = find_suggestion (suggestions, "National Water Authority");
  g_assert_nonnull (suggestion);
  g_assert_cmpint (suggestion->mention_id, ==, wd_mention_get_id (authority));

  /* Names seen twice or more, new to the catalog, one with a possessive
   * and after a sentence's first word */
  suggestion = find_suggestion (suggestions, "Ingrid Halvorsen");
  g_assert_nonnull (suggestion);
  g_assert_cmpint (suggestion->mention_id, ==, 0);
  g_assert_cmpint (suggestion->kind, ==, WD_MENTION_PERSON);
  suggestion = find_suggestion (suggestions, "Nordkraft Energy");
  g_assert_nonnull (suggestion);
  g_assert_cmpint (suggestion->mention_id, ==, 0);
  g_assert_nonnull (find_suggestion (suggestions, "Lake Vorn"));

  /* Not a name seen once ("Per Lund" is in another article; "Friday"
   * alone is no multi-word name), and no sentence's first word */
  for (guint i = 0; i < suggestions->len; i++)
    {
      const char *name = ((WdMentionSuggestion *) suggestions->pdata[i])->name;

      g_assert_false (g_str_has_prefix (name, "Yesterday"));
      g_assert_false (g_str_has_prefix (name, "Meanwhile"));
      g_assert_false (g_str_has_prefix (name, "According"));
      g_assert_false (g_str_has_prefix (name, "Inspectors"));
      g_assert_null (strstr (name, "’s"));
      g_assert_null (strstr (name, "Energy’"));
    }
  g_assert_null (find_suggestion (suggestions, "Technology Review"));
  g_assert_null (find_suggestion (suggestions, "Eskfjord"));

  /* Nothing was added to the catalog */
  after = wd_store_list_mentions (archive.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, before->len);

  archive_teardown (&archive);
}

static void
test_mentions_once_and_publisher (void)
{
  g_autoptr(WdSource) source = article_source (&DAM_2);
  g_autoptr(WdSource) bees = article_source (&BEES);
  g_autoptr(GPtrArray) catalog = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GPtrArray) bee_suggestions = NULL;
  WdMention *courier;

  courier = g_object_new (WD_TYPE_MENTION, "id", (gint64) 41, "name", "Northern Courier",
                          "kind", WD_MENTION_PUBLICATION, NULL);
  g_ptr_array_add (catalog, courier);

  suggestions = wd_builtin_suggest_mentions_for (source, catalog);
  log_suggestions (suggestions);
  /* "Per Lund" is named once: no suggestion; "Ingrid Halvorsen" twice */
  g_assert_null (find_suggestion (suggestions, "Per Lund"));
  g_assert_nonnull (find_suggestion (suggestions, "Ingrid Halvorsen"));
  g_assert_cmpstr (((WdMentionSuggestion *) suggestions->pdata[0])->name, ==,
                   "Harbour Times");

  /* A publisher in the catalog is that mention */
  bee_suggestions = wd_builtin_suggest_mentions_for (bees, catalog);
  log_suggestions (bee_suggestions);
  g_assert_cmpuint (bee_suggestions->len, >=, 1);
  g_assert_cmpstr (((WdMentionSuggestion *) bee_suggestions->pdata[0])->name, ==,
                   "Northern Courier");
  g_assert_cmpint (((WdMentionSuggestion *) bee_suggestions->pdata[0])->mention_id, ==, 41);
}

/* Everything */

static void
test_draft_deterministic (void)
{
  Archive archive;
  g_autoptr(GError) error = NULL;
  g_autoptr(WdBuiltinDraft) a = NULL;
  g_autoptr(WdBuiltinDraft) b = NULL;

  archive_setup (&archive);

  a = wd_builtin_draft (archive.store, archive.dam_3, &error);
  g_assert_no_error (error);
  b = wd_builtin_draft (archive.store, archive.dam_3, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (a->summary->text, ==, b->summary->text);
  g_assert_cmpstr (a->context, ==, b->context);
  g_assert_cmpuint (a->related->len, ==, 2);
  g_assert_cmpuint (a->mentions->len, ==, b->mentions->len);
  for (guint i = 0; i < a->mentions->len; i++)
    {
      WdMentionSuggestion *ma = a->mentions->pdata[i];
      WdMentionSuggestion *mb = b->mentions->pdata[i];

      g_assert_cmpstr (ma->name, ==, mb->name);
      g_assert_cmpint (ma->kind, ==, mb->kind);
      g_assert_cmpstr (ma->reason, ==, mb->reason);
    }

  /* The sections it leaves alone say why */
  g_assert_nonnull (wd_builtin_section_note (WD_SECTION_ANALYST_TAKE));
  g_assert_nonnull (strstr (wd_builtin_section_note (WD_SECTION_WATCH), "language-model"));
  g_assert_null (wd_builtin_section_note (WD_SECTION_SUMMARY));
  g_assert_null (wd_builtin_section_note (WD_SECTION_CONTEXT));

  archive_teardown (&archive);
}

int
main (int    argc,
      char **argv)
{
  wd_test_init (&argc, &argv);

  g_test_add_func ("/builtin/summary/central", test_summary_central);
  g_test_add_func ("/builtin/summary/budget", test_summary_budget);
  g_test_add_func ("/builtin/summary/markdown", test_summary_markdown);
  g_test_add_func ("/builtin/summary/deterministic", test_summary_deterministic);
  g_test_add_func ("/builtin/context/cites-earlier", test_context_cites_earlier);
  g_test_add_func ("/builtin/context/no-coverage", test_context_no_coverage);
  g_test_add_func ("/builtin/mentions/suggested", test_mentions_suggested);
  g_test_add_func ("/builtin/mentions/once-and-publisher", test_mentions_once_and_publisher);
  g_test_add_func ("/builtin/draft/deterministic", test_draft_deterministic);

  return g_test_run ();
}
