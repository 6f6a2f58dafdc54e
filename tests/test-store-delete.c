/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store-delete"

#include <sqlite3.h>

#include "wd-test-util.h"

/* Deleting a brief, on a real archive: it leaves the lists, counts and
 * search at once, Undo brings it back whole, and once purged (the Undo
 * passed, or an open an hour later) the archive no longer holds it. */

typedef struct {
  WdStore *store;
  char    *path;
  gint64   kept;
  gint64   doomed;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->store = wd_test_open_store (&f->path);
  f->kept = wd_test_add_source (f->store, "Harbour cranes", "https://port.example/cranes",
                                "Port Post", "The harbour ordered four electric cranes.");
  f->doomed = wd_test_add_source (f->store, "Glacier survey", "https://ice.example/survey",
                                  "Ice Times", "A survey measured the glacier retreating.");
  wd_store_add_revision (f->store, f->doomed, WD_SECTION_SUMMARY, "The glacier retreats.",
                         NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_free (f->path);
}

static guint
count_all (WdStore *store)
{
  g_autoptr(GError) error = NULL;
  guint n = wd_store_count_briefs (store, WD_BRIEF_FILTER_ALL, &error);

  g_assert_no_error (error);
  return n;
}

static gboolean
listed (WdStore *store,
        gint64   brief_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) briefs = wd_store_list_briefs (store, WD_BRIEF_FILTER_INBOX, 0, 50,
                                                      &error);

  g_assert_no_error (error);
  for (guint i = 0; i < briefs->len; i++)
    if (wd_brief_get_id (briefs->pdata[i]) == brief_id)
      return TRUE;
  return FALSE;
}

static guint
search_hits (WdStore    *store,
             const char *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = wd_store_search (store, query, 10, &error);

  g_assert_no_error (error);
  return hits->len;
}

static void
test_delete_and_undo (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdBrief) back = NULL;

  g_assert_cmpuint (search_hits (f->store, "glacier"), ==, 1);
  g_assert_true (wd_store_delete_brief (f->store, f->doomed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_all (f->store), ==, 1);
  g_assert_false (listed (f->store, f->doomed));
  g_assert_true (listed (f->store, f->kept));
  g_assert_cmpuint (search_hits (f->store, "glacier"), ==, 0);

  g_assert_true (wd_store_restore_brief (f->store, f->doomed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_all (f->store), ==, 2);
  g_assert_true (listed (f->store, f->doomed));
  g_assert_cmpuint (search_hits (f->store, "glacier"), ==, 1);
  back = wd_store_load_brief (f->store, f->doomed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wd_section_get_text (wd_brief_get_section (back, WD_SECTION_SUMMARY)), ==,
                   "The glacier retreats.");
}

static void
test_purge (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdBrief) gone = NULL;

  /* Purging a brief that is not deleted keeps it. */
  g_assert_true (wd_store_purge_brief (f->store, f->kept, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_all (f->store), ==, 2);

  g_assert_true (wd_store_delete_brief (f->store, f->doomed, &error));
  g_assert_true (wd_store_purge_brief (f->store, f->doomed, &error));
  g_assert_no_error (error);
  gone = wd_store_load_brief (f->store, f->doomed, &error);
  g_assert_null (gone);
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (wd_store_restore_brief (f->store, f->doomed, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "deleted for good"));
  g_clear_error (&error);

  /* The same article can come in again, as a new brief. */
  {
    gint64 again = wd_test_add_source (f->store, "Glacier survey", "https://ice.example/survey",
                                       "Ice Times", "A survey measured the glacier retreating.");

    g_assert_true (listed (f->store, again));
    g_assert_cmpuint (count_all (f->store), ==, 2);
  }
}

static void
test_reimport_while_deleted (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdSource) source = wd_source_new ();
  gboolean existed = TRUE;
  gint64 again;

  g_assert_true (wd_store_delete_brief (f->store, f->doomed, &error));
  wd_source_set_title (source, "Glacier survey");
  wd_source_set_url (source, "https://ice.example/survey");
  wd_source_set_text (source, "A survey measured the glacier retreating.");
  again = wd_store_add_source (f->store, source, &existed, &error);
  g_assert_no_error (error);
  /* Not the deleted one handed back as "existing". */
  g_assert_false (existed);
  g_assert_cmpint (again, !=, f->doomed);
  g_assert_true (listed (f->store, again));
}

static void
test_published_refused (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (wd_store_set_status (f->store, f->doomed, WD_BRIEF_STATUS_PUBLISHED, &error));
  g_assert_no_error (error);
  g_assert_false (wd_store_delete_brief (f->store, f->doomed, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "unpublish"));
  g_assert_cmpuint (count_all (f->store), ==, 2);
}

static void
test_missing (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (wd_store_delete_brief (f->store, 999, &error));
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND);
}

/* A brief deleted over an hour ago (its Undo lost to a crash) goes when
 * the archive next opens; one deleted a moment ago stays restorable. */
static void
test_purged_at_open (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdBrief) gone = NULL;
  sqlite3 *db = NULL;

  g_assert_true (wd_store_delete_brief (f->store, f->doomed, &error));
  g_assert_true (wd_store_delete_brief (f->store, f->kept, &error));
  g_assert_no_error (error);
  wd_store_wait_for_writes (f->store);
  g_clear_object (&f->store);

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE briefs SET deleted_at = deleted_at - 7200"
                                     " WHERE source_id = (SELECT id FROM sources"
                                     "                    WHERE title = 'Glacier survey')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  f->store = wd_store_open (f->path, &error);
  g_assert_no_error (error);
  gone = wd_store_load_brief (f->store, f->doomed, &error);
  g_assert_null (gone);
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (wd_store_restore_brief (f->store, f->kept, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_all (f->store), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  wd_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/store/delete/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("delete-and-undo", test_delete_and_undo);
  ADD ("purge", test_purge);
  ADD ("reimport-while-deleted", test_reimport_while_deleted);
  ADD ("published-refused", test_published_refused);
  ADD ("missing", test_missing);
  ADD ("purged-at-open", test_purged_at_open);
#undef ADD

  return g_test_run ();
}
