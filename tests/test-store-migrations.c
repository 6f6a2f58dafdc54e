/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store-migrations"

#include <sqlite3.h>

#include "store/wd-store-private.h"
#include "wd-test-util.h"

/*
 * This test keeps its own copy of schema version 1, exactly as released,
 * so an archive made by the first Wiredesk is built here independently of
 * the migration code, and an accidental edit of migration 1 shows up as an
 * upgrade that no longer works.
 */
static const char schema_v1[] =
  "PRAGMA application_id = 1464093489;"
  "CREATE TABLE sources (id INTEGER PRIMARY KEY, url TEXT NOT NULL, canonical_url TEXT,"
  "  publisher_name TEXT, publisher_domain TEXT, title TEXT NOT NULL DEFAULT '',"
  "  byline TEXT, published_at INTEGER, language TEXT, excerpt TEXT, image_url TEXT,"
  "  content_hash TEXT NOT NULL, fetched_at INTEGER, text TEXT NOT NULL DEFAULT '');"
  "CREATE INDEX sources_url_key ON sources (coalesce (canonical_url, url));"
  "CREATE INDEX sources_content_hash ON sources (content_hash);"
  "CREATE INDEX sources_publisher_domain ON sources (publisher_domain);"
  "CREATE TABLE briefs (id INTEGER PRIMARY KEY,"
  "  source_id INTEGER NOT NULL UNIQUE REFERENCES sources (id) ON DELETE CASCADE,"
  "  uuid TEXT NOT NULL UNIQUE, headline TEXT NOT NULL DEFAULT '',"
  "  status TEXT NOT NULL DEFAULT 'inbox' CHECK (status IN ('inbox', 'draft', 'review',"
  "    'approved', 'published', 'withdrawn')),"
  "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, edit_share REAL,"
  "  changed_since_publish INTEGER NOT NULL DEFAULT 0, preflight_override TEXT);"
  "CREATE INDEX briefs_status ON briefs (status, id);"
  "CREATE TABLE brief_remotes (brief_id INTEGER NOT NULL REFERENCES briefs (id)"
  "  ON DELETE CASCADE, target TEXT NOT NULL, remote_id TEXT, remote_url TEXT,"
  "  published_at INTEGER, updated_at INTEGER, PRIMARY KEY (brief_id, target))"
  "  WITHOUT ROWID;"
  "CREATE TABLE sections (id INTEGER PRIMARY KEY, brief_id INTEGER NOT NULL"
  "  REFERENCES briefs (id) ON DELETE CASCADE, kind TEXT NOT NULL CHECK (kind IN"
  "  ('summary', 'analyst_take', 'context', 'watch')), position INTEGER NOT NULL,"
  "  text TEXT NOT NULL DEFAULT '', revision_id INTEGER,"
  "  approved INTEGER NOT NULL DEFAULT 0, edit_share REAL, UNIQUE (brief_id, kind));"
  "CREATE TABLE section_revisions (id INTEGER PRIMARY KEY, section_id INTEGER NOT NULL"
  "  REFERENCES sections (id) ON DELETE CASCADE, text TEXT NOT NULL,"
  "  origin TEXT NOT NULL CHECK (origin IN ('ai', 'editor')), backend TEXT, model TEXT,"
  "  template_version INTEGER, prompt_tokens INTEGER, completion_tokens INTEGER,"
  "  ttft_ms INTEGER, duration_ms INTEGER, created_at INTEGER NOT NULL);"
  "CREATE INDEX section_revisions_section ON section_revisions (section_id, id);"
  "CREATE TABLE mentions (id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('publication', 'organization', 'person',"
  "  'product', 'topic', 'place')), slug TEXT NOT NULL UNIQUE);"
  "CREATE INDEX mentions_name ON mentions (name COLLATE NOCASE);"
  "CREATE TABLE mention_aliases (mention_id INTEGER NOT NULL REFERENCES mentions (id)"
  "  ON DELETE CASCADE, alias TEXT NOT NULL COLLATE NOCASE UNIQUE);"
  "CREATE INDEX mention_aliases_mention ON mention_aliases (mention_id);"
  "CREATE TABLE brief_mentions (brief_id INTEGER NOT NULL REFERENCES briefs (id)"
  "  ON DELETE CASCADE, mention_id INTEGER NOT NULL REFERENCES mentions (id)"
  "  ON DELETE CASCADE, origin TEXT NOT NULL CHECK (origin IN ('ai', 'editor')),"
  "  state TEXT NOT NULL DEFAULT 'attached' CHECK (state IN ('suggested', 'attached',"
  "  'dismissed')), PRIMARY KEY (brief_id, mention_id)) WITHOUT ROWID;"
  "CREATE INDEX brief_mentions_mention ON brief_mentions (mention_id, state);"
  "CREATE TABLE publisher_policies (domain TEXT NOT NULL, version INTEGER NOT NULL,"
  "  policy TEXT NOT NULL CHECK (policy IN ('summarize', 'link-only', 'excluded')),"
  "  max_quote_words INTEGER, note TEXT, created_at INTEGER NOT NULL,"
  "  PRIMARY KEY (domain, version)) WITHOUT ROWID;"
  "CREATE TABLE prompt_templates (kind TEXT NOT NULL, version INTEGER NOT NULL,"
  "  body TEXT NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (kind, version))"
  "  WITHOUT ROWID;"
  "CREATE TABLE publish_jobs (id INTEGER PRIMARY KEY, brief_id INTEGER NOT NULL"
  "  REFERENCES briefs (id), target TEXT NOT NULL, action TEXT NOT NULL CHECK (action IN"
  "  ('create', 'update', 'unpublish')), idempotency_key TEXT NOT NULL UNIQUE,"
  "  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'done',"
  "  'failed')), attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER,"
  "  last_error TEXT, payload TEXT, created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL);"
  "CREATE INDEX publish_jobs_state ON publish_jobs (state, next_attempt_at);"
  "CREATE INDEX publish_jobs_brief ON publish_jobs (brief_id);"
  "CREATE TABLE feeds (id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, title TEXT,"
  "  etag TEXT, last_modified TEXT, checked_at INTEGER, last_error TEXT);"
  "PRAGMA user_version = 1;";

/* What a first-version Wiredesk had saved: two sources with their briefs,
 * one with an edited summary, a mention and a policy. */
static const char data_v1[] =
  "INSERT INTO sources (id, url, publisher_name, publisher_domain, title, published_at,"
  "  content_hash, fetched_at, text) VALUES"
  "  (1, 'https://ledger.example/a', 'The Daily Ledger', 'ledger.example',"
  "   'Glacier retreat measured', 1700000000, 'h1', 1700000100,"
  "   'Surveyors in the Alps measured the glacier retreat with drones.'),"
  "  (2, 'https://courier.example/b', 'Northern Courier', 'courier.example',"
  "   'Harbour budget approved', 1700001000, 'h2', 1700001100,"
  "   'The council approved the harbour budget after a long debate.');"
  "INSERT INTO briefs (id, source_id, uuid, headline, status, created_at, updated_at)"
  "  VALUES (1, 1, 'uuid-1', 'Drones track a shrinking glacier', 'draft', 1700000200,"
  "          1700000300),"
  "         (2, 2, 'uuid-2', '', 'inbox', 1700001200, 1700001200);"
  "INSERT INTO sections (id, brief_id, kind, position, text, revision_id) VALUES"
  "  (1, 1, 'summary', 0, 'Researchers flew quadcopters over the moraine.', 1),"
  "  (2, 1, 'analyst_take', 1, '', NULL), (3, 1, 'context', 2, '', NULL),"
  "  (4, 1, 'watch', 3, '', NULL), (5, 2, 'summary', 0, '', NULL),"
  "  (6, 2, 'analyst_take', 1, '', NULL), (7, 2, 'context', 2, '', NULL),"
  "  (8, 2, 'watch', 3, '', NULL);"
  "INSERT INTO section_revisions (id, section_id, text, origin, created_at) VALUES"
  "  (1, 1, 'Researchers flew quadcopters over the moraine.', 'editor', 1700000300);"
  "INSERT INTO mentions (id, name, kind, slug) VALUES (1, 'Alps', 'place', 'alps');"
  "INSERT INTO brief_mentions (brief_id, mention_id, origin, state)"
  "  VALUES (1, 1, 'editor', 'attached');"
  "INSERT INTO publisher_policies (domain, version, policy, max_quote_words, created_at)"
  "  VALUES ('ledger.example', 1, 'link-only', 20, 1700000000);";

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    g_error ("SQL failed: %s", message);
}

static int
query_int (const char *path,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

static char *
make_v1_archive (void)
{
  g_autofree char *dir = wd_test_make_tmpdir ();
  char *path = g_build_filename (dir, "old.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_sql (db, "BEGIN");
  exec_sql (db, schema_v1);
  exec_sql (db, data_v1);
  exec_sql (db, "COMMIT");
  sqlite3_close (db);

  g_assert_cmpint (query_int (path, "PRAGMA user_version"), ==, 1);

  return path;
}

/* The text of the first column of the first row (NULL for none). */
static char *
query_text (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

/* An archive as a Wiredesk of schema 2 left it: version 1 (this test's
 * own copy) with this build's migration 2 on top, and a feed subscribed
 * to, as schema 2 kept feeds without their items. */
static char *
make_v2_archive (void)
{
  char *path = make_v1_archive ();
  const WdStoreMigration *migrations;
  guint n_migrations = 0;
  sqlite3 *db = NULL;

  migrations = wd_store_schema_migrations (&n_migrations);
  g_assert_cmpuint (n_migrations, >=, 3);
  g_assert_cmpint (migrations[1].version, ==, 2);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_sql (db, "BEGIN");
  exec_sql (db, migrations[1].sql);
  exec_sql (db, "INSERT INTO feeds (id, url, title, etag, checked_at)"
                "  VALUES (1, 'https://ledger.example/feed.xml', 'The Daily Ledger',"
                "          '\"ledger-7\"', 1700002000);"
                "PRAGMA user_version = 2;");
  exec_sql (db, "COMMIT");
  sqlite3_close (db);

  g_assert_cmpint (query_int (path, "PRAGMA user_version"), ==, 2);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM sqlite_schema"
                                    " WHERE name = 'feed_items'"), ==, 0);

  return path;
}

static void
test_fresh_archive (void)
{
  static const char * const tables[] = {
    "sources", "briefs", "brief_remotes", "sections", "section_revisions", "mentions",
    "mention_aliases", "brief_mentions", "publisher_policies", "prompt_templates",
    "publish_jobs", "feeds", "feed_items", "sources_fts", "briefs_fts",
  };
  g_autofree char *path = NULL;
  g_autoptr(WdStore) store = wd_test_open_store (&path);

  g_assert_cmpint (WD_STORE_SCHEMA_VERSION, >=, 2);
  g_assert_cmpint (query_int (path, "PRAGMA user_version"), ==, WD_STORE_SCHEMA_VERSION);
  g_assert_cmpint (query_int (path, "PRAGMA application_id"), ==, 0x57444B31);
  /* WAL is recorded in the file header (version 2 in bytes 18 and 19). */
  g_assert_cmpint (query_int (path, "SELECT journal_mode = 'wal' FROM pragma_journal_mode"),
                   ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sqlite_schema"
                                              " WHERE type = 'table' AND name = '%s'",
                                              tables[i]);

      if (query_int (path, sql) != 1)
        g_error ("Table %s is missing from a new archive", tables[i]);
    }
}

static void
test_upgrade_from_v1 (void)
{
  g_autofree char *path = make_v1_archive ();
  g_autoptr(GError) error = NULL;
  g_autoptr(WdStore) store = NULL;
  g_autoptr(WdBrief) brief = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(WdPolicy) policy = NULL;
  WdSearchHit *hit;

  store = wd_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  g_assert_cmpint (query_int (path, "PRAGMA user_version"), ==, WD_STORE_SCHEMA_VERSION);

  /* The old rows are all there. */
  g_assert_cmpuint (wd_store_count_briefs (store, WD_BRIEF_FILTER_ALL, &error), ==, 2);
  g_assert_no_error (error);
  rows = wd_store_list_briefs (store, WD_BRIEF_FILTER_ALL, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (wd_brief_get_source_title (g_ptr_array_index (rows, 0)), ==,
                   "Harbour budget approved");

  brief = wd_store_load_brief (store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wd_brief_get_headline (brief), ==, "Drones track a shrinking glacier");
  g_assert_cmpint (wd_brief_get_status (brief), ==, WD_BRIEF_STATUS_DRAFT);
  g_assert_cmpstr (wd_section_get_text (wd_brief_get_section (brief, WD_SECTION_SUMMARY)),
                   ==, "Researchers flew quadcopters over the moraine.");
  g_assert_cmpint (wd_section_get_origin (wd_brief_get_section (brief, WD_SECTION_SUMMARY)),
                   ==, WD_ORIGIN_EDITOR);
  g_assert_cmpuint (g_list_model_get_n_items (wd_brief_get_mentions (brief)), ==, 1);
  g_assert_cmpstr (wd_source_get_text (wd_brief_get_source (brief)), ==,
                   "Surveyors in the Alps measured the glacier retreat with drones.");

  policy = wd_store_get_policy (store, "ledger.example", &error);
  g_assert_no_error (error);
  g_assert_nonnull (policy);
  g_assert_cmpint (policy->kind, ==, WD_POLICY_LINK_ONLY);
  g_assert_cmpint (policy->max_quote_words, ==, 20);

  /* The upgrade indexed what was already there: a word only in a source's
   * text, and one only in a brief's section. */
  hits = wd_store_search (store, "surveyors", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  hit = g_ptr_array_index (hits, 0);
  g_assert_cmpint (wd_brief_get_id (hit->brief), ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = wd_store_search (store, "quadcopters", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  hit = g_ptr_array_index (hits, 0);
  g_assert_cmpint (wd_brief_get_id (hit->brief), ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = wd_store_search (store, "harbour", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  hit = g_ptr_array_index (hits, 0);
  g_assert_cmpint (wd_brief_get_id (hit->brief), ==, 2);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* New writes after the upgrade work and are indexed too. */
  wd_store_add_revision (store, 2, WD_SECTION_SUMMARY, "Dockworkers cheered the vote.",
                         NULL, &error);
  g_assert_no_error (error);
  hits = wd_store_search (store, "dockworkers", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);

  g_clear_object (&store);

  /* Opening again finds nothing left to do. */
  store = wd_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wd_store_count_briefs (store, WD_BRIEF_FILTER_ALL, &error), ==, 2);
}

/* Migration 3 adds the items each feed has shown: an archive from
 * schema 2 gains the table as the schema defines it, keeps its feeds, and
 * a refresh can record items in it. */
static void
test_upgrade_from_v2 (void)
{
  g_autofree char *path = make_v2_archive ();
  g_autofree char *columns = NULL;
  g_autofree char *unique = NULL;
  g_autofree char *references = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WdStore) store = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  WdFeedSubscription *feed;
  gboolean seen = FALSE;
  sqlite3 *db = NULL;
  int rc;

  store = wd_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (query_int (path, "PRAGMA user_version"), ==, WD_STORE_SCHEMA_VERSION);

  /* The columns in order, with their types, NOT NULL and the key. */
  columns = query_text (path, "SELECT group_concat (c, ' ') FROM"
                              " (SELECT name || ':' || type || ':' || \"notnull\" || ':' || pk"
                              "    AS c FROM pragma_table_info ('feed_items') ORDER BY cid)");
  g_assert_cmpstr (columns, ==, "id:INTEGER:0:1 feed_id:INTEGER:1:0 guid:TEXT:1:0 "
                                "url:TEXT:0:0 brief_id:INTEGER:0:0 first_seen:INTEGER:1:0");
  /* One UNIQUE (feed_id, guid) constraint. */
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM pragma_index_list ('feed_items')"
                                    " WHERE \"unique\" AND origin = 'u'"), ==, 1);
  unique = query_text (path, "SELECT group_concat (name, ',') FROM"
                             " (SELECT ii.name FROM pragma_index_list ('feed_items') il,"
                             "   pragma_index_info (il.name) ii"
                             "  WHERE il.origin = 'u' ORDER BY ii.seqno)");
  g_assert_cmpstr (unique, ==, "feed_id,guid");
  references = query_text (path, "SELECT group_concat (r, ' ') FROM"
                                 " (SELECT \"from\" || '>' || \"table\" || '.' || \"to\""
                                 "    || ':' || on_delete AS r"
                                 "  FROM pragma_foreign_key_list ('feed_items')"
                                 "  ORDER BY \"from\")");
  g_assert_cmpstr (references, ==, "brief_id>briefs.id:SET NULL feed_id>feeds.id:CASCADE");
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM feed_items"), ==, 0);

  /* The feed subscribed to before is there, with its state. */
  feeds = wd_store_list_feeds (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (feeds->len, ==, 1);
  feed = g_ptr_array_index (feeds, 0);
  g_assert_cmpstr (feed->title, ==, "The Daily Ledger");
  g_assert_cmpstr (feed->etag, ==, "\"ledger-7\"");
  g_assert_cmpint (feed->checked_at, ==, 1700002000);
  g_assert_cmpuint (feed->n_items, ==, 0);

  /* Items are recorded once per feed and guid. */
  g_assert_true (wd_store_add_feed_item (store, feed->id, "ledger-a", "https://ledger.example/a",
                                         1, &error));
  g_assert_no_error (error);
  g_assert_true (wd_store_add_feed_item (store, feed->id, "ledger-a", "https://ledger.example/a",
                                         1, &error));
  g_assert_no_error (error);
  g_assert_true (wd_store_find_feed_item (store, feed->id, "ledger-a", &seen, &error));
  g_assert_true (seen);
  g_clear_pointer (&feeds, g_ptr_array_unref);
  feeds = wd_store_list_feeds (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (((WdFeedSubscription *) g_ptr_array_index (feeds, 0))->n_items, ==, 1);
  g_clear_object (&store);

  /* The constraint itself refuses a second row for the same guid. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  rc = sqlite3_exec (db, "INSERT INTO feed_items (feed_id, guid, first_seen)"
                         "  VALUES (1, 'ledger-a', 1700003000)", NULL, NULL, NULL);
  g_assert_cmpint (rc, ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sqlite3_extended_errcode (db), ==, SQLITE_CONSTRAINT_UNIQUE);
  sqlite3_close (db);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM feed_items"), ==, 1);

  /* Opening again finds nothing left to do. */
  store = wd_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (path, "PRAGMA user_version"), ==, WD_STORE_SCHEMA_VERSION);
}

/* A migration that fails is rolled back as a whole: the archive stays at
 * the version before, with its data. */
static void
test_failed_migration_rolls_back (void)
{
  g_autofree char *path = make_v1_archive ();
  g_autoptr(GError) error = NULL;
  g_autoptr(WdStore) store = NULL;
  sqlite3 *db = NULL;

  /* Something in the way of migration 2. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_sql (db, "CREATE TABLE briefs_fts (x)");
  sqlite3_close (db);

  store = wd_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, path));

  g_assert_cmpint (query_int (path, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM sqlite_schema"
                                    " WHERE name = 'sources_fts'"), ==, 0);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM briefs"), ==, 2);
  g_assert_cmpint (query_int (path, "SELECT integrity_check = 'ok'"
                                    " FROM pragma_integrity_check"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  wd_test_init (&argc, &argv);

  g_test_add_func ("/store/migrations/fresh", test_fresh_archive);
  g_test_add_func ("/store/migrations/upgrade-from-v1", test_upgrade_from_v1);
  g_test_add_func ("/store/migrations/upgrade-from-v2", test_upgrade_from_v2);
  g_test_add_func ("/store/migrations/failed-rolls-back", test_failed_migration_rolls_back);

  return g_test_run ();
}
