/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-store"

#include <glib/gi18n-lib.h>

#include "wd-store-private.h"

/*
 * The archive's schema, as numbered migrations. A migration is never
 * edited once released: a change is a new migration at the end, so an
 * archive of any age upgrades step by step. Timestamps are INTEGER unix
 * seconds in UTC; enumerations are stored as their lower-case names with a
 * CHECK so a bad value can never be saved.
 */

static const char migration_1[] =
  "PRAGMA application_id = " WD_STORE_APPLICATION_ID_SQL ";"
  /* The text column comes last: SQLite stores a row's columns in order and
   * spills long values to overflow pages, so list queries that read only
   * the first columns never touch the article text. */
  "CREATE TABLE sources ("
  "  id               INTEGER PRIMARY KEY,"
  "  url              TEXT NOT NULL,"
  "  canonical_url    TEXT,"
  "  publisher_name   TEXT,"
  "  publisher_domain TEXT,"
  "  title            TEXT NOT NULL DEFAULT '',"
  "  byline           TEXT,"
  "  published_at     INTEGER,"
  "  language         TEXT,"
  "  excerpt          TEXT,"
  "  image_url        TEXT,"
  "  content_hash     TEXT NOT NULL,"
  "  fetched_at       INTEGER,"
  "  text             TEXT NOT NULL DEFAULT ''"
  ");"
  /* Dedupe looks a source up by the URL it is known under and by the hash
   * of its text. */
  "CREATE INDEX sources_url_key ON sources (coalesce (canonical_url, url));"
  "CREATE INDEX sources_content_hash ON sources (content_hash);"
  "CREATE INDEX sources_publisher_domain ON sources (publisher_domain);"

  "CREATE TABLE briefs ("
  "  id                    INTEGER PRIMARY KEY,"
  "  source_id             INTEGER NOT NULL UNIQUE"
  "                        REFERENCES sources (id) ON DELETE CASCADE,"
  "  uuid                  TEXT NOT NULL UNIQUE,"
  "  headline              TEXT NOT NULL DEFAULT '',"
  "  status                TEXT NOT NULL DEFAULT 'inbox'"
  "                        CHECK (status IN ('inbox', 'draft', 'review', 'approved',"
  "                                          'published', 'withdrawn')),"
  "  created_at            INTEGER NOT NULL,"
  "  updated_at            INTEGER NOT NULL,"
  "  edit_share            REAL,"
  "  changed_since_publish INTEGER NOT NULL DEFAULT 0,"
  "  preflight_override    TEXT"
  ");"
  "CREATE INDEX briefs_status ON briefs (status, id);"

  /* Where a brief went, per publish target. */
  "CREATE TABLE brief_remotes ("
  "  brief_id     INTEGER NOT NULL REFERENCES briefs (id) ON DELETE CASCADE,"
  "  target       TEXT NOT NULL,"
  "  remote_id    TEXT,"
  "  remote_url   TEXT,"
  "  published_at INTEGER,"
  "  updated_at   INTEGER,"
  "  PRIMARY KEY (brief_id, target)"
  ") WITHOUT ROWID;"

  /* revision_id points at the revision the current text comes from; it is
   * a plain integer rather than a foreign key because revisions point back
   * at their section, and the pair is always written in one transaction. */
  "CREATE TABLE sections ("
  "  id          INTEGER PRIMARY KEY,"
  "  brief_id    INTEGER NOT NULL REFERENCES briefs (id) ON DELETE CASCADE,"
  "  kind        TEXT NOT NULL"
  "              CHECK (kind IN ('summary', 'analyst_take', 'context', 'watch')),"
  "  position    INTEGER NOT NULL,"
  "  text        TEXT NOT NULL DEFAULT '',"
  "  revision_id INTEGER,"
  "  approved    INTEGER NOT NULL DEFAULT 0,"
  "  edit_share  REAL,"
  "  UNIQUE (brief_id, kind)"
  ");"

  "CREATE TABLE section_revisions ("
  "  id                INTEGER PRIMARY KEY,"
  "  section_id        INTEGER NOT NULL REFERENCES sections (id) ON DELETE CASCADE,"
  "  text              TEXT NOT NULL,"
  "  origin            TEXT NOT NULL CHECK (origin IN ('ai', 'editor')),"
  "  backend           TEXT,"
  "  model             TEXT,"
  "  template_version  INTEGER,"
  "  prompt_tokens     INTEGER,"
  "  completion_tokens INTEGER,"
  "  ttft_ms           INTEGER,"
  "  duration_ms       INTEGER,"
  "  created_at        INTEGER NOT NULL"
  ");"
  "CREATE INDEX section_revisions_section ON section_revisions (section_id, id);"

  "CREATE TABLE mentions ("
  "  id   INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('publication', 'organization', 'person',"
  "                                     'product', 'topic', 'place')),"
  "  slug TEXT NOT NULL UNIQUE"
  ");"
  "CREATE INDEX mentions_name ON mentions (name COLLATE NOCASE);"

  "CREATE TABLE mention_aliases ("
  "  mention_id INTEGER NOT NULL REFERENCES mentions (id) ON DELETE CASCADE,"
  "  alias      TEXT NOT NULL COLLATE NOCASE UNIQUE"
  ");"
  "CREATE INDEX mention_aliases_mention ON mention_aliases (mention_id);"

  "CREATE TABLE brief_mentions ("
  "  brief_id   INTEGER NOT NULL REFERENCES briefs (id) ON DELETE CASCADE,"
  "  mention_id INTEGER NOT NULL REFERENCES mentions (id) ON DELETE CASCADE,"
  "  origin     TEXT NOT NULL CHECK (origin IN ('ai', 'editor')),"
  "  state      TEXT NOT NULL DEFAULT 'attached'"
  "             CHECK (state IN ('suggested', 'attached', 'dismissed')),"
  "  PRIMARY KEY (brief_id, mention_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX brief_mentions_mention ON brief_mentions (mention_id, state);"

  /* Versioned: a change adds a row, so what a brief was checked against
   * stays known. */
  "CREATE TABLE publisher_policies ("
  "  domain          TEXT NOT NULL,"
  "  version         INTEGER NOT NULL,"
  "  policy          TEXT NOT NULL"
  "                  CHECK (policy IN ('summarize', 'link-only', 'excluded')),"
  "  max_quote_words INTEGER,"
  "  note            TEXT,"
  "  created_at      INTEGER NOT NULL,"
  "  PRIMARY KEY (domain, version)"
  ") WITHOUT ROWID;"

  "CREATE TABLE prompt_templates ("
  "  kind       TEXT NOT NULL,"
  "  version    INTEGER NOT NULL,"
  "  body       TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  PRIMARY KEY (kind, version)"
  ") WITHOUT ROWID;"

  /* The outbox. No cascade from briefs: a brief with jobs cannot vanish
   * under a job that may already have reached the remote side. */
  "CREATE TABLE publish_jobs ("
  "  id              INTEGER PRIMARY KEY,"
  "  brief_id        INTEGER NOT NULL REFERENCES briefs (id),"
  "  target          TEXT NOT NULL,"
  "  action          TEXT NOT NULL CHECK (action IN ('create', 'update', 'unpublish')),"
  "  idempotency_key TEXT NOT NULL UNIQUE,"
  "  state           TEXT NOT NULL DEFAULT 'pending'"
  "                  CHECK (state IN ('pending', 'sending', 'done', 'failed')),"
  "  attempts        INTEGER NOT NULL DEFAULT 0,"
  "  next_attempt_at INTEGER,"
  "  last_error      TEXT,"
  "  payload         TEXT,"
  "  created_at      INTEGER NOT NULL,"
  "  updated_at      INTEGER NOT NULL"
  ");"
  "CREATE INDEX publish_jobs_state ON publish_jobs (state, next_attempt_at);"
  "CREATE INDEX publish_jobs_brief ON publish_jobs (brief_id);"

  "CREATE TABLE feeds ("
  "  id            INTEGER PRIMARY KEY,"
  "  url           TEXT NOT NULL UNIQUE,"
  "  title         TEXT,"
  "  etag          TEXT,"
  "  last_modified TEXT,"
  "  checked_at    INTEGER,"
  "  last_error    TEXT"
  ");";

static const char migration_2[] =
  /* Source text is large: the index reads it from sources (external
   * content) instead of keeping a second copy. */
  "CREATE VIRTUAL TABLE sources_fts USING fts5 ("
  "  title, text,"
  "  content = 'sources', content_rowid = 'id',"
  "  tokenize = 'unicode61 remove_diacritics 2'"
  ");"
  /* A word in the title says more than one in a 700-word body. */
  "INSERT INTO sources_fts (sources_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0)');"
  "CREATE TRIGGER sources_fts_ai AFTER INSERT ON sources BEGIN"
  "  INSERT INTO sources_fts (rowid, title, text) VALUES (new.id, new.title, new.text);"
  "END;"
  "CREATE TRIGGER sources_fts_ad AFTER DELETE ON sources BEGIN"
  "  INSERT INTO sources_fts (sources_fts, rowid, title, text)"
  "    VALUES ('delete', old.id, old.title, old.text);"
  "END;"
  "CREATE TRIGGER sources_fts_au AFTER UPDATE OF title, text ON sources BEGIN"
  "  INSERT INTO sources_fts (sources_fts, rowid, title, text)"
  "    VALUES ('delete', old.id, old.title, old.text);"
  "  INSERT INTO sources_fts (rowid, title, text) VALUES (new.id, new.title, new.text);"
  "END;"
  "INSERT INTO sources_fts (sources_fts) VALUES ('rebuild');"

  /* A brief's body is the text of its sections in position order; it is
   * small, so this index keeps its own copy (snippet() needs the text). */
  "CREATE VIRTUAL TABLE briefs_fts USING fts5 ("
  "  headline, body,"
  "  tokenize = 'unicode61 remove_diacritics 2'"
  ");"
  "INSERT INTO briefs_fts (briefs_fts, rank) VALUES ('rank', 'bm25(5.0, 1.0)');"
  "CREATE TRIGGER briefs_fts_ai AFTER INSERT ON briefs BEGIN"
  "  INSERT INTO briefs_fts (rowid, headline, body) VALUES (new.id, new.headline, '');"
  "END;"
  "CREATE TRIGGER briefs_fts_ad AFTER DELETE ON briefs BEGIN"
  "  DELETE FROM briefs_fts WHERE rowid = old.id;"
  "END;"
  "CREATE TRIGGER briefs_fts_au AFTER UPDATE OF headline ON briefs BEGIN"
  "  UPDATE briefs_fts SET headline = new.headline WHERE rowid = new.id;"
  "END;"
  /* A new brief's sections start empty: nothing to index yet. */
  "CREATE TRIGGER sections_fts_ai AFTER INSERT ON sections WHEN new.text <> '' BEGIN"
  "  UPDATE briefs_fts SET body = (SELECT group_concat (text, char (10)) FROM"
  "    (SELECT text FROM sections WHERE brief_id = new.brief_id ORDER BY position))"
  "  WHERE rowid = new.brief_id;"
  "END;"
  "CREATE TRIGGER sections_fts_au AFTER UPDATE OF text, position ON sections BEGIN"
  "  UPDATE briefs_fts SET body = (SELECT group_concat (text, char (10)) FROM"
  "    (SELECT text FROM sections WHERE brief_id = new.brief_id ORDER BY position))"
  "  WHERE rowid = new.brief_id;"
  "END;"
  "CREATE TRIGGER sections_fts_ad AFTER DELETE ON sections BEGIN"
  "  UPDATE briefs_fts SET body = coalesce ((SELECT group_concat (text, char (10)) FROM"
  "    (SELECT text FROM sections WHERE brief_id = old.brief_id ORDER BY position)), '')"
  "  WHERE rowid = old.brief_id;"
  "END;"
  /* An archive upgraded from version 1 keeps its data searchable. */
  "INSERT INTO briefs_fts (rowid, headline, body)"
  "  SELECT b.id, b.headline,"
  "         coalesce ((SELECT group_concat (text, char (10)) FROM"
  "                     (SELECT text FROM sections WHERE brief_id = b.id"
  "                      ORDER BY position)), '')"
  "  FROM briefs b;";

/* The items a feed has shown, so a refresh imports only new ones. */
static const char migration_3[] =
  "CREATE TABLE feed_items ("
  "  id         INTEGER PRIMARY KEY,"
  "  feed_id    INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,"
  "  guid       TEXT NOT NULL,"
  "  url        TEXT,"
  "  brief_id   INTEGER REFERENCES briefs (id) ON DELETE SET NULL,"
  "  first_seen INTEGER NOT NULL,"
  "  UNIQUE (feed_id, guid)"
  ");";

/* Drafting: a revision cut off before the model finished says so, and
 * names a model suggests for a brief that the catalog does not know wait
 * here for the editor, rather than entering the catalog unasked. */
static const char migration_4[] =
  "ALTER TABLE section_revisions ADD COLUMN incomplete INTEGER NOT NULL DEFAULT 0;"
  "CREATE TABLE mention_suggestions ("
  "  id       INTEGER PRIMARY KEY,"
  "  brief_id INTEGER NOT NULL REFERENCES briefs (id) ON DELETE CASCADE,"
  "  name     TEXT NOT NULL,"
  "  kind     TEXT NOT NULL CHECK (kind IN ('publication', 'organization', 'person',"
  "                                        'product', 'topic', 'place')),"
  "  reason   TEXT,"
  "  state    TEXT NOT NULL DEFAULT 'suggested'"
  "           CHECK (state IN ('suggested', 'dismissed')),"
  "  UNIQUE (brief_id, name COLLATE NOCASE)"
  ");";

/* Deleting a brief: it leaves every list, count and search at once
 * (deleted_at, Unix time) and the archive once its Undo has passed, or at
 * an open an hour later. */
static const char migration_5[] =
  "ALTER TABLE briefs ADD COLUMN deleted_at INTEGER NOT NULL DEFAULT 0;";

/* Lists and counts skip deleted briefs: indexes that hold deleted_at keep
 * them to the index alone, as briefs_status did before (a count at 100 000
 * briefs went from 0.1 ms to 19 ms without them). */
static const char migration_6[] =
  "CREATE INDEX briefs_live_status ON briefs (status, deleted_at, id);"
  "CREATE INDEX briefs_live ON briefs (deleted_at, id);"
  "DROP INDEX briefs_status;";

/* The copy guard's limits per publisher: the longest run of words shared
 * with the source, and the share of the brief in such runs (percent);
 * NULL keeps the defaults. */
static const char migration_7[] =
  "ALTER TABLE publisher_policies ADD COLUMN max_run_words INTEGER;"
  "ALTER TABLE publisher_policies ADD COLUMN max_copied_percent INTEGER;";

static const WdStoreMigration migrations[] = {
  { 1, migration_1 },
  { 2, migration_2 },
  { 3, migration_3 },
  { 4, migration_4 },
  { 5, migration_5 },
  { 6, migration_6 },
  { 7, migration_7 },
};

/**
 * wd_store_schema_version:
 *
 * Gets the newest schema version this build knows: the number of its last
 * migration, as stored in the archive's PRAGMA user_version.
 *
 * Returns: the schema version
 */
int
wd_store_schema_version (void)
{
  return migrations[G_N_ELEMENTS (migrations) - 1].version;
}

const WdStoreMigration *
wd_store_schema_migrations (guint *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}

static int
read_user_version (sqlite3 *db,
                   int     *version)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *version = sqlite3_column_int (stmt, 0);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);

  return rc;
}

gboolean
wd_store_schema_migrate (sqlite3     *db,
                         const char  *path,
                         GError     **error)
{
  int version = 0;
  int rc;

  rc = read_user_version (db, &version);
  if (rc != SQLITE_OK)
    {
      /* Translators: an action, put into "Wiredesk could not %s". */
      wd_store_set_sqlite_error (error, rc, db, path, _("read the schema version"));
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    {
      const WdStoreMigration *m = &migrations[i];
      g_autofree char *set_version = NULL;

      if (m->version <= version)
        continue;

      rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        {
          /* Translators: an action, put into "Wiredesk could not %s". */
          wd_store_set_sqlite_error (error, rc, db, path, _("upgrade the archive"));
          return FALSE;
        }

      /* Another process may have upgraded the archive while this one was
       * waiting for the write lock. */
      rc = read_user_version (db, &version);
      if (rc == SQLITE_OK && m->version <= version)
        {
          sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
          continue;
        }

      /* PRAGMA takes no bound parameters; the number is our own constant,
       * never a value from outside. */
      set_version = g_strdup_printf ("PRAGMA user_version = %d", m->version);

      if (rc == SQLITE_OK)
        rc = sqlite3_exec (db, m->sql, NULL, NULL, NULL);
      if (rc == SQLITE_OK)
        rc = sqlite3_exec (db, set_version, NULL, NULL, NULL);
      if (rc == SQLITE_OK)
        rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);

      if (rc != SQLITE_OK)
        {
          /* Translators: what Wiredesk was doing when it failed, put into
           * messages like "Wiredesk could not %s in the archive %s"; %d is
           * the schema version. */
          g_autofree char *doing = g_strdup_printf (_("upgrade the archive to schema %d"),
                                                    m->version);

          wd_store_set_sqlite_error (error, rc, db, path, doing);
          if (!sqlite3_get_autocommit (db))
            sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }

      version = m->version;
      g_debug ("Archive %s upgraded to schema %d", path, version);
    }

  return TRUE;
}
