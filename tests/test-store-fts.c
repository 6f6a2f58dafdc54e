/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store-fts"

#include <sqlite3.h>

#include "wd-test-util.h"

static GPtrArray *
search (WdStore    *store,
        const char *query)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *hits;

  hits = wd_store_search (store, query, 20, &error);
  g_assert_no_error (error);
  g_assert_nonnull (hits);

  return hits;
}

static WdBrief *
hit_brief (GPtrArray *hits,
           guint      i)
{
  return ((WdSearchHit *) g_ptr_array_index (hits, i))->brief;
}

static gboolean
hits_contain (GPtrArray *hits,
              gint64     brief_id)
{
  for (guint i = 0; i < hits->len; i++)
    if (wd_brief_get_id (hit_brief (hits, i)) == brief_id)
      return TRUE;
  return FALSE;
}

static char *
long_text (const char *middle)
{
  GString *text = g_string_new ("The committee met on Thursday to discuss the agenda. ");

  for (guint i = 0; i < 8; i++)
    g_string_append (text, "Members reviewed the minutes, the accounts and the plans "
                           "for the coming season before a short break. ");
  g_string_append (text, middle);
  for (guint i = 0; i < 8; i++)
    g_string_append (text, " Afterwards the chair thanked the staff and closed the "
                           "meeting with a note about next month.");

  return g_string_free (text, FALSE);
}

static void
test_ranking_and_snippets (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *body_a = long_text ("Nothing else happened.");
  g_autofree char *body_b = long_text ("Someone mentioned a volcano in passing.");
  WdSearchHit *first, *second;
  const char *snippet;
  gint64 a, b;

  wd_test_seed (store, 20);
  /* B is added first so that "newest first" cannot explain the order. */
  b = wd_test_add_source (store, "Committee meets", "https://x.example/b", "X", body_b);
  a = wd_test_add_source (store, "Volcano erupts near the coast", "https://x.example/a",
                          "X", body_a);

  hits = search (store, "volcano");
  g_assert_cmpuint (hits->len, ==, 2);
  first = g_ptr_array_index (hits, 0);
  second = g_ptr_array_index (hits, 1);
  g_assert_cmpint (wd_brief_get_id (first->brief), ==, a);
  g_assert_cmpint (wd_brief_get_id (second->brief), ==, b);
  g_assert_cmpfloat (first->rank, <, second->rank);

  /* A hit is a list row with a snippet that marks the match. */
  g_assert_cmpstr (wd_brief_get_source_title (first->brief), ==,
                   "Volcano erupts near the coast");
  g_assert_true (wd_brief_get_loaded (first->brief));
  snippet = wd_brief_get_snippet (first->brief);
  g_assert_nonnull (snippet);
  g_assert_nonnull (strstr (snippet, "«Volcano»"));
  snippet = wd_brief_get_snippet (second->brief);
  g_assert_nonnull (strstr (snippet, "«volcano»"));
  /* Cut from a long text, with the cuts marked. */
  g_assert_nonnull (strstr (snippet, "…"));
  g_assert_cmpuint (strlen (snippet), <, strlen (body_b) / 4);
}

static void
test_prefix_and_words (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  g_autoptr(GPtrArray) hits = NULL;
  gint64 a, b;

  a = wd_test_add_source (store, "Kingfishers return to the river", "https://x.example/1",
                          "X", "Birdwatchers counted twelve kingfishers along the banks.");
  b = wd_test_add_source (store, "River festival", "https://x.example/2", "X",
                          "The king opened the festival by the river.");

  /* The last word is a prefix, for search as you type. */
  hits = search (store, "kingf");
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (wd_brief_get_id (hit_brief (hits, 0)), ==, a);
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = search (store, "king");
  g_assert_cmpuint (hits->len, ==, 2);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Earlier words are whole words, and all of them must match. */
  hits = search (store, "king river");
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (wd_brief_get_id (hit_brief (hits, 0)), ==, b);
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = search (store, "king festiv");
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (wd_brief_get_id (hit_brief (hits, 0)), ==, b);
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = search (store, "kingf river");
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = search (store, "elephant");
  g_assert_cmpuint (hits->len, ==, 0);
}

static void
test_hostile_queries (void)
{
  static const char * const queries[] = {
    "\"", "\"\"", "river\"", "\"river", "AND", "OR NOT", "NOT river", "NEAR(", "NEAR(a b, 2)",
    "*", "river*", "-river", "^river", "river:", "title:river", "text : river", "(", ")",
    "(river", "{title text}: river", "'", "\\", "river AND", "a\"b", "...", "!!!", "   ",
    "", "+", "river -", "\"river\" OR \"king\"", "%", "_", "\t\n", "river; DROP TABLE briefs;",
    "«»", "—", "🙂", "\xc2\xa0", "0", "AND OR NOT NEAR",
  };
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  gint64 id;

  id = wd_test_add_source (store, "River news", "https://x.example/r", "X",
                           "The river rose overnight.");

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) hits = wd_store_search (store, queries[i], 10, &error);

      if (error != NULL)
        g_error ("Searching for ‘%s’ failed: %s", queries[i], error->message);
      g_assert_nonnull (hits);
    }

  /* Punctuation around a word does not hide it. */
  {
    const char *wrapped[] = { "\"river\"", "(river)", "river!", "-river", "title:river",
                              "river*", "«river»" };

    for (guint i = 0; i < G_N_ELEMENTS (wrapped); i++)
      {
        g_autoptr(GPtrArray) hits = search (store, wrapped[i]);

        if (!hits_contain (hits, id) && i != 4)
          g_error ("Searching for ‘%s’ did not find the brief", wrapped[i]);
      }
  }

  /* Nothing searchable: no results, no error. */
  {
    g_autoptr(GPtrArray) hits = search (store, "?! -- ...");

    g_assert_cmpuint (hits->len, ==, 0);
  }

  /* The archive is intact afterwards. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_cmpuint (wd_store_count_briefs (store, WD_BRIEF_FILTER_ALL, &error), ==, 1);
    g_assert_no_error (error);
  }
}

static void
check_fts_integrity (const char *path)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  if (sqlite3_exec (db,
                    "INSERT INTO sources_fts (sources_fts) VALUES ('integrity-check');"
                    "INSERT INTO briefs_fts (briefs_fts) VALUES ('integrity-check');",
                    NULL, NULL, &message) != SQLITE_OK)
    g_error ("FTS integrity check failed: %s", message);
  sqlite3_close (db);
}

static void
test_follows_edits (void)
{
  g_autofree char *path = NULL;
  g_autoptr(WdStore) store = wd_test_open_store (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  gint64 id, other;

  id = wd_test_add_source (store, "Budget vote", "https://x.example/v", "X",
                           "The council voted on the budget.");
  other = wd_test_add_source (store, "Weather", "https://x.example/w", "X",
                              "Sunny spells and showers.");

  hits = search (store, "pelican");
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* A new revision's words become findable... */
  wd_store_add_revision (store, id, WD_SECTION_ANALYST_TAKE,
                         "The pelican crossing vote hides the real cost.", NULL, &error);
  g_assert_no_error (error);
  hits = search (store, "pelican");
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (wd_brief_get_id (hit_brief (hits, 0)), ==, id);
  g_assert_nonnull (strstr (wd_brief_get_snippet (hit_brief (hits, 0)), "«pelican»"));
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* ...and replaced ones disappear. */
  wd_store_add_revision (store, id, WD_SECTION_ANALYST_TAKE,
                         "The zebra crossing vote hides the real cost.", NULL, &error);
  g_assert_no_error (error);
  hits = search (store, "pelican");
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = search (store, "zebra");
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Other sections of the same brief stay indexed alongside. */
  wd_store_add_revision (store, id, WD_SECTION_WATCH, "Watch the ombudsman's report.",
                         NULL, &error);
  g_assert_no_error (error);
  hits = search (store, "zebra ombudsman");
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Headlines too. */
  wd_store_set_headline (store, other, "Meteorologists warn of hailstorms", &error);
  g_assert_no_error (error);
  hits = search (store, "hailstorm");
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (wd_brief_get_id (hit_brief (hits, 0)), ==, other);
  g_assert_cmpstr (wd_brief_get_title (hit_brief (hits, 0)), ==,
                   "Meteorologists warn of hailstorms");
  g_clear_pointer (&hits, g_ptr_array_unref);
  wd_store_set_headline (store, other, "Sunny weekend ahead", &error);
  g_assert_no_error (error);
  hits = search (store, "hailstorm");
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* A brief found through both its source and its sections is listed
   * once. */
  wd_store_add_revision (store, id, WD_SECTION_SUMMARY, "The council budget passed.", NULL,
                         &error);
  g_assert_no_error (error);
  hits = search (store, "budget");
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);

  check_fts_integrity (path);
}

static void
test_diacritics_and_case (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  gint64 a, b;

  a = wd_test_add_source (store, "Café culture in Zürich", "https://x.example/z", "X",
                          "A new crème brûlée shop opened in the old town.");
  b = wd_test_add_source (store, "Zurich airport expands", "https://x.example/y", "X",
                          "A second terminal is planned at ZURICH airport.");

  {
    const char *queries[] = { "zurich", "ZÜRICH", "Zürich", "zür" };

    for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
      {
        g_autoptr(GPtrArray) hits = search (store, queries[i]);

        g_assert_cmpuint (hits->len, ==, 2);
        g_assert_true (hits_contain (hits, a));
        g_assert_true (hits_contain (hits, b));
      }
  }

  {
    g_autoptr(GPtrArray) hits = search (store, "creme brulee");

    g_assert_cmpuint (hits->len, ==, 1);
    g_assert_cmpint (wd_brief_get_id (hit_brief (hits, 0)), ==, a);
    g_assert_nonnull (strstr (wd_brief_get_snippet (hit_brief (hits, 0)), "«crème»"));
  }

  {
    g_autoptr(GPtrArray) hits = search (store, "CAFE");

    g_assert_cmpuint (hits->len, ==, 1);
  }
}

static void
test_limit (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) all = NULL;

  wd_test_seed (store, 40);

  /* Every seeded text says "story". */
  hits = wd_store_search (store, "story", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 5);

  all = wd_store_search (store, "story", 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 40);
  for (guint i = 1; i < all->len; i++)
    g_assert_cmpfloat (((WdSearchHit *) g_ptr_array_index (all, i - 1))->rank, <=,
                       ((WdSearchHit *) g_ptr_array_index (all, i))->rank);
}

int
main (int   argc,
      char *argv[])
{
  wd_test_init (&argc, &argv);

  g_test_add_func ("/store/fts/ranking-and-snippets", test_ranking_and_snippets);
  g_test_add_func ("/store/fts/prefix-and-words", test_prefix_and_words);
  g_test_add_func ("/store/fts/hostile-queries", test_hostile_queries);
  g_test_add_func ("/store/fts/follows-edits", test_follows_edits);
  g_test_add_func ("/store/fts/diacritics-and-case", test_diacritics_and_case);
  g_test_add_func ("/store/fts/limit", test_limit);

  return g_test_run ();
}
