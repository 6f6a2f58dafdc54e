/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-test"

#include <sqlite3.h>

#include "wd-test-util.h"
#include "wd-draft-articles.h"
#include "draft/wd-related.h"

/* An archive with two stories told over time and unrelated ones; each
 * brief created a day after the one before, in this order. */
typedef struct {
  WdStore *store;
  char *path;
  gint64 dam_1, model_1, football, dam_2, glass, model_2, dam_3, bees;
} Archive;

static gint64
add_article (WdStore             *store,
             const WdTestArticle *article)
{
  return wd_test_add_source (store, article->title, article->url, article->publisher,
                             article->text);
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

static void
set_created (Archive *archive,
             gint64   brief_id,
             gint64   created_at)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE briefs SET created_at = %" G_GINT64_FORMAT
                                          " WHERE id = %" G_GINT64_FORMAT,
                                          created_at, brief_id);

  exec_sql (archive->path, sql);
}

static void
archive_setup (Archive *archive)
{
  const gint64 day = 24 * 3600;
  const gint64 start = 1767225600;  /* 2026-01-01 */
  g_autoptr(GError) error = NULL;
  gint64 *order[] = {
    &archive->dam_1, &archive->model_1, &archive->football, &archive->dam_2,
    &archive->glass, &archive->model_2, &archive->dam_3, &archive->bees,
  };
  const WdTestArticle *articles[] = {
    &DAM_1, &MODEL_1, &FOOTBALL, &DAM_2, &GLASS, &MODEL_2, &DAM_3, &BEES,
  };
  WdRevisionInfo info = { WD_ORIGIN_EDITOR, NULL, NULL, 0, -1, -1, -1, -1 };

  archive->store = wd_test_open_store (&archive->path);
  for (guint i = 0; i < G_N_ELEMENTS (articles); i++)
    {
      *order[i] = add_article (archive->store, articles[i]);
      set_created (archive, *order[i], start + i * day);
    }

  /* An earlier brief that was written up: its snippet comes from it. */
  wd_store_set_headline (archive->store, archive->dam_1,
                         "Eskfjord evacuated after crack found in Lake Vorn dam", &error);
  g_assert_no_error (error);
  wd_store_add_revision (archive->store, archive->dam_1, WD_SECTION_SUMMARY,
                         "Engineers found a crack in the Lake Vorn dam, and 400 people left "
                         "Eskfjord as a precaution. The operator is lowering the reservoir.",
                         &info, &error);
  g_assert_no_error (error);
}

static void
archive_teardown (Archive *archive)
{
  g_assert_finalize_object (archive->store);
  g_free (archive->path);
}

static WdRelatedHit *
find_hit (GPtrArray *hits,
          gint64     brief_id)
{
  for (guint i = 0; i < hits->len; i++)
    if (((WdRelatedHit *) g_ptr_array_index (hits, i))->brief_id == brief_id)
      return g_ptr_array_index (hits, i);
  return NULL;
}

static gboolean
has_hit (GPtrArray *hits,
         gint64     brief_id)
{
  return find_hit (hits, brief_id) != NULL;
}

static void
log_hits (const char *what,
          GPtrArray  *hits)
{
  for (guint i = 0; i < hits->len; i++)
    {
      WdRelatedHit *hit = g_ptr_array_index (hits, i);

      g_test_message ("%s: brief %" G_GINT64_FORMAT " %.3f %s", what, hit->brief_id,
                      hit->score, hit->title);
    }
}

static void
test_related_earlier_coverage (void)
{
  Archive archive;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  WdRelatedHit *hit;

  archive_setup (&archive);

  hits = wd_related_find (archive.store, archive.dam_3, 0, -1, &error);
  g_assert_no_error (error);
  log_hits ("dam 3", hits);

  /* Both earlier reports of the dam story, and nothing else */
  g_assert_cmpuint (hits->len, ==, 2);
  g_assert_true (has_hit (hits, archive.dam_1));
  g_assert_true (has_hit (hits, archive.dam_2));
  g_assert_false (has_hit (hits, archive.dam_3));

  for (guint i = 0; i < hits->len; i++)
    {
      WdRelatedHit *each = g_ptr_array_index (hits, i);

      g_assert_cmpfloat (each->score, >=, WD_RELATED_DEFAULT_FLOOR);
      if (i > 0)
        g_assert_cmpfloat (each->score, <=,
                           ((WdRelatedHit *) g_ptr_array_index (hits, i - 1))->score);
      g_assert_nonnull (each->title);
      g_assert_nonnull (each->publisher);
      g_assert_nonnull (each->date);
      g_assert_nonnull (each->snippet);
      g_assert_cmpint (each->source_id, >, 0);
    }

  /* The written-up brief shows under its headline and summary */
  hit = find_hit (hits, archive.dam_1);
  g_assert_cmpstr (hit->title, ==, "Eskfjord evacuated after crack found in Lake Vorn dam");
  g_assert_cmpstr (hit->publisher, ==, "Northern Courier");
  g_assert_cmpstr (hit->snippet, ==,
                   "Engineers found a crack in the Lake Vorn dam, and 400 people left "
                   "Eskfjord as a precaution. The operator is lowering the reservoir.");
  /* No publication time is known: the brief's creation */
  g_assert_cmpint (g_date_time_to_unix (hit->date), ==, 1767225600);

  /* The other one has no headline: its source's title and opening */
  hit = find_hit (hits, archive.dam_2);
  g_assert_cmpstr (hit->title, ==, DAM_2.title);
  g_assert_true (g_str_has_prefix (hit->snippet, "Nordkraft Energy began draining"));

  archive_teardown (&archive);
}

static void
test_related_excludes_later (void)
{
  Archive archive;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) middle = NULL;
  g_autoptr(GPtrArray) moved = NULL;

  archive_setup (&archive);

  /* The first report has nothing before it */
  first = wd_related_find (archive.store, archive.dam_1, 0, 0.0, &error);
  g_assert_no_error (error);
  log_hits ("dam 1", first);
  g_assert_false (has_hit (first, archive.dam_2));
  g_assert_false (has_hit (first, archive.dam_3));
  g_assert_false (has_hit (first, archive.dam_1));

  /* The follow-up sees the first report, not the later one */
  middle = wd_related_find (archive.store, archive.dam_2, 0, -1, &error);
  g_assert_no_error (error);
  log_hits ("dam 2", middle);
  g_assert_cmpuint (middle->len, ==, 1);
  g_assert_true (has_hit (middle, archive.dam_1));

  /* Earlier is by creation time, not by id: once the latest report is
   * dated before the follow-up, the follow-up sees it. */
  set_created (&archive, archive.dam_3, 1767225600 + 3600);
  moved = wd_related_find (archive.store, archive.dam_2, 0, -1, &error);
  g_assert_no_error (error);
  g_assert_true (has_hit (moved, archive.dam_1));
  g_assert_true (has_hit (moved, archive.dam_3));
  g_assert_cmpuint (moved->len, ==, 2);

  archive_teardown (&archive);
}

static void
test_related_floor (void)
{
  Archive archive;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) bees = NULL;
  g_autoptr(GPtrArray) bees_all = NULL;
  g_autoptr(GPtrArray) model = NULL;
  g_autoptr(GPtrArray) high = NULL;
  g_autoptr(GPtrArray) one = NULL;

  archive_setup (&archive);

  /* A story the archive never covered: nothing above the floor */
  bees = wd_related_find (archive.store, archive.bees, 0, -1, &error);
  g_assert_no_error (error);
  log_hits ("bees", bees);
  g_assert_cmpuint (bees->len, ==, 0);

  /* Without the floor, whatever shares a word comes back, all of it
   * below the floor: the floor is what keeps it out. */
  bees_all = wd_related_find (archive.store, archive.bees, 50, 0.0, &error);
  g_assert_no_error (error);
  log_hits ("bees, no floor", bees_all);
  for (guint i = 0; i < bees_all->len; i++)
    g_assert_cmpfloat (((WdRelatedHit *) bees_all->pdata[i])->score, <,
                       WD_RELATED_DEFAULT_FLOOR);

  /* The second model story finds the first, not the dam story */
  model = wd_related_find (archive.store, archive.model_2, 0, -1, &error);
  g_assert_no_error (error);
  log_hits ("model 2", model);
  g_assert_cmpuint (model->len, ==, 1);
  g_assert_true (has_hit (model, archive.model_1));

  /* A floor above every score, and a limit */
  high = wd_related_find (archive.store, archive.dam_3, 0, 5.0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (high->len, ==, 0);
  one = wd_related_find (archive.store, archive.dam_3, 1, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (one->len, ==, 1);

  archive_teardown (&archive);
}

static void
test_related_mentions_in_query (void)
{
  Archive archive;
  g_autoptr(GError) error = NULL;
  g_autoptr(WdBrief) brief = NULL;
  g_autoptr(WdMention) mention = NULL;
  g_autoptr(WdMention) publisher = NULL;
  g_auto(GStrv) phrases = NULL;
  g_autofree double *weights = NULL;

  archive_setup (&archive);

  mention = wd_store_ensure_mention (archive.store, "Ingrid Halvorsen", WD_MENTION_PERSON,
                                     &error);
  g_assert_no_error (error);
  wd_store_attach_mention (archive.store, archive.dam_3, wd_mention_get_id (mention),
                           WD_ORIGIN_EDITOR, &error);
  g_assert_no_error (error);
  publisher = wd_store_ensure_mention (archive.store, "Metro Wire", WD_MENTION_PUBLICATION,
                                       &error);
  g_assert_no_error (error);
  wd_store_attach_mention (archive.store, archive.dam_3, wd_mention_get_id (publisher),
                           WD_ORIGIN_EDITOR, &error);
  g_assert_no_error (error);

  brief = wd_store_load_brief (archive.store, archive.dam_3, &error);
  g_assert_no_error (error);
  phrases = wd_related_query (archive.store, brief, &weights, &error);
  g_assert_no_error (error);

  /* Key terms, the title's words and the attached names; not the
   * publisher's, which every brief of Metro Wire has; no function word. */
  g_assert_true (g_strv_contains ((const char * const *) phrases, "Ingrid Halvorsen"));
  g_assert_false (g_strv_contains ((const char * const *) phrases, "Metro Wire"));
  g_assert_true (g_strv_contains ((const char * const *) phrases, "vorn"));
  g_assert_true (g_strv_contains ((const char * const *) phrases, "eskfjord"));
  g_assert_true (g_strv_contains ((const char * const *) phrases, "frost"));
  g_assert_false (g_strv_contains ((const char * const *) phrases, "the"));
  g_assert_false (g_strv_contains ((const char * const *) phrases, "said"));
  g_assert_cmpuint (g_strv_length (phrases), <=, 32);
  for (guint i = 0; phrases[i] != NULL; i++)
    g_assert_cmpfloat (weights[i], >, 0);

  archive_teardown (&archive);
}

static void
test_related_not_found (void)
{
  Archive archive;
  g_autoptr(GError) error = NULL;
  GPtrArray *hits;

  archive_setup (&archive);

  hits = wd_related_find (archive.store, 9999, 0, -1, &error);
  g_assert_null (hits);
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND);

  archive_teardown (&archive);
}

int
main (int    argc,
      char **argv)
{
  wd_test_init (&argc, &argv);

  g_test_add_func ("/related/earlier-coverage", test_related_earlier_coverage);
  g_test_add_func ("/related/excludes-later", test_related_excludes_later);
  g_test_add_func ("/related/floor", test_related_floor);
  g_test_add_func ("/related/mentions-in-query", test_related_mentions_in_query);
  g_test_add_func ("/related/not-found", test_related_not_found);

  return g_test_run ();
}
