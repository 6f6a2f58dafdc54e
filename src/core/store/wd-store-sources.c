/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-store"

#include <glib/gi18n-lib.h>

#include "wd-store.h"
#include "wd-store-private.h"
#include "wd-models-private.h"

/* Sources */

/* SHA-256 over the text with every run of white space made one space and
 * none at either end, so a re-fetch that only reflowed the text is known
 * as the same article. */
static char *
content_hash (const char *text)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  GString *normal = g_string_sized_new (strlen (text));
  gboolean pending_space = FALSE;
  g_autofree char *normal_text = NULL;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          pending_space = TRUE;
          continue;
        }
      if (pending_space && normal->len > 0)
        g_string_append_c (normal, ' ');
      pending_space = FALSE;
      g_string_append_unichar (normal, c);
    }

  normal_text = g_string_free (normal, FALSE);
  g_checksum_update (checksum, (const guchar *) normal_text, strlen (normal_text));

  return g_strdup (g_checksum_get_string (checksum));
}

static const char sql_find_source[] =
  "SELECT s.id, b.id FROM sources s JOIN briefs b ON b.source_id = s.id"
  " WHERE coalesce (s.canonical_url, s.url) = ?1 AND b.deleted_at = 0"
  " UNION ALL "
  "SELECT s.id, b.id FROM sources s JOIN briefs b ON b.source_id = s.id"
  " WHERE ?3 AND s.content_hash = ?2 AND b.deleted_at = 0"
  " LIMIT 1";

static const char sql_insert_source[] =
  "INSERT INTO sources (url, canonical_url, publisher_name, publisher_domain, title,"
  "                     byline, published_at, language, content_hash, fetched_at, text)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

static const char sql_insert_brief[] =
  "INSERT INTO briefs (source_id, uuid, headline, status, created_at, updated_at)"
  " VALUES (?1, ?2, '', 'inbox', ?3, ?3)";

static const char sql_insert_section[] =
  "INSERT INTO sections (brief_id, kind, position, text) VALUES (?1, ?2, ?3, '')";

/**
 * wd_store_add_source:
 * @self: a #WdStore
 * @source: the source to store; its "url" must be set
 * @existed: (out) (optional): set to %TRUE when the source was already there
 * @error: return location for a #WD_STORE_ERROR
 *
 * Stores @source with its Inbox brief and the brief's four empty sections,
 * in one transaction, and sets the source's "id" and "content-hash". A
 * source already in the archive — the same canonical URL (or URL when it
 * has none), or the same non-empty text — is not stored again: the call
 * writes nothing, sets @existed and returns the existing brief (and sets
 * "id" to the existing source's).
 *
 * Returns: the brief id, or 0 with @error set
 */
gint64
wd_store_add_source (WdStore   *self,
                     WdSource  *source,
                     gboolean  *existed,
                     GError   **error)
{
  const char *text;
  const char *url;
  const char *key;
  g_autofree char *hash = NULL;
  g_autofree char *uuid = NULL;
  WdConn *conn;
  gint64 source_id = 0;
  gint64 brief_id = 0;
  gint64 now;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), 0);
  g_return_val_if_fail (WD_IS_SOURCE (source), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (existed != NULL)
    *existed = FALSE;

  url = wd_source_get_url (source);
  if (url == NULL || *url == '\0')
    return (_wd_invalid (error, _("A source needs a URL to be stored in the archive %s; give "
                           "the address the article came from."), self->path), 0);

  text = wd_source_get_text (source) != NULL ? wd_source_get_text (source) : "";
  /* Translators: a text's name, put into "The %s is not valid UTF-8 text". */
  if (!_wd_check_utf8 (text, _("source's text"), error) ||
      /* Translators: a text's name, put into "The %s is not valid UTF-8 text". */
      !_wd_check_utf8 (wd_source_get_title (source), _("source's title"), error))
    return 0;

  key = wd_source_get_canonical_url (source) != NULL ? wd_source_get_canonical_url (source)
                                                     : url;
  hash = content_hash (text);
  now = _wd_now_unix ();

  /* Translators: an action, put into "Wiredesk could not %s". */
  conn = _wd_store_begin_write (self, _("store the source"), error);
  if (conn == NULL)
    return 0;

  {
    g_autoptr(WdStmt) find = NULL;

    rc = _wd_conn_prepare (conn, sql_find_source, &find);
    if (rc == SQLITE_OK)
      {
        _wd_bind_text (find, 1, key);
        _wd_bind_text (find, 2, hash);
        /* Every empty text has the same hash; it says nothing. */
        sqlite3_bind_int (find, 3, *text != '\0');
        rc = sqlite3_step (find);
        if (rc == SQLITE_ROW)
          {
            source_id = sqlite3_column_int64 (find, 0);
            brief_id = sqlite3_column_int64 (find, 1);
            rc = SQLITE_DONE;
          }
      }
    if (rc != SQLITE_DONE)
      goto failed;
  }

  if (brief_id != 0)
    {
      _wd_store_rollback_write (self);
      if (existed != NULL)
        *existed = TRUE;
      wd_source_set_id (source, source_id);
      wd_source_set_content_hash (source, hash);
      return brief_id;
    }

  {
    g_autoptr(WdStmt) insert = NULL;

    rc = _wd_conn_prepare (conn, sql_insert_source, &insert);
    if (rc != SQLITE_OK)
      goto failed;

    _wd_bind_text (insert, 1, url);
    _wd_bind_text (insert, 2, wd_source_get_canonical_url (source));
    _wd_bind_text (insert, 3, wd_source_get_publisher_name (source));
    _wd_bind_text (insert, 4, wd_source_get_publisher_domain (source));
    _wd_bind_text (insert, 5, wd_source_get_title (source) != NULL ? wd_source_get_title (source)
                                                                   : "");
    _wd_bind_text (insert, 6, wd_source_get_byline (source));
    _wd_bind_time (insert, 7, wd_source_get_published_at (source));
    _wd_bind_text (insert, 8, wd_source_get_language (source));
    _wd_bind_text (insert, 9, hash);
    _wd_bind_time (insert, 10, wd_source_get_fetched_at (source));
    sqlite3_bind_text (insert, 11, text, -1, SQLITE_STATIC);
    rc = sqlite3_step (insert);
    if (rc != SQLITE_DONE)
      goto failed;
    source_id = sqlite3_last_insert_rowid (conn->db);
  }

  {
    g_autoptr(WdStmt) insert = NULL;

    rc = _wd_conn_prepare (conn, sql_insert_brief, &insert);
    if (rc != SQLITE_OK)
      goto failed;

    uuid = g_uuid_string_random ();
    sqlite3_bind_int64 (insert, 1, source_id);
    _wd_bind_text (insert, 2, uuid);
    sqlite3_bind_int64 (insert, 3, now);
    rc = sqlite3_step (insert);
    if (rc != SQLITE_DONE)
      goto failed;
    brief_id = sqlite3_last_insert_rowid (conn->db);
  }

  for (guint i = 0; i < WD_SECTION_N_KINDS; i++)
    {
      g_autoptr(WdStmt) insert = NULL;

      rc = _wd_conn_prepare (conn, sql_insert_section, &insert);
      if (rc != SQLITE_OK)
        goto failed;

      sqlite3_bind_int64 (insert, 1, brief_id);
      sqlite3_bind_text (insert, 2, wd_section_kind_to_string (i), -1, SQLITE_STATIC);
      sqlite3_bind_int (insert, 3, i);
      rc = sqlite3_step (insert);
      if (rc != SQLITE_DONE)
        goto failed;
    }

  if (!_wd_store_commit_write (self, _("store the source"), error))
    return 0;

  wd_source_set_id (source, source_id);
  wd_source_set_content_hash (source, hash);
  _wd_store_queue_changed (self, brief_id);

  return brief_id;

failed:
  _wd_store_fail (self, conn, rc, _("store the source"), error);
  _wd_store_rollback_write (self);
  return 0;
}

static const char sql_get_source[] =
  "SELECT id, url, canonical_url, publisher_name, publisher_domain, title, byline,"
  "       published_at, language, content_hash, fetched_at, text"
  " FROM sources WHERE id = ?1";

WdSource *
_wd_store_read_source (WdStore  *self,
                       WdConn   *conn,
                       gint64    source_id,
                       GError  **error)
{
  g_autoptr(WdStmt) stmt = NULL;
  g_autoptr(GDateTime) published_at = NULL;
  g_autoptr(GDateTime) fetched_at = NULL;
  WdSource *source;
  int rc;

  rc = _wd_conn_prepare (conn, sql_get_source, &stmt);
  if (rc != SQLITE_OK)
    /* Translators: an action, put into "Wiredesk could not %s". */
    return (_wd_store_fail (self, conn, rc, _("read the source"), error), NULL);

  sqlite3_bind_int64 (stmt, 1, source_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND,
                   /* Translators: %lld is the source's id, %s the archive's path. */
                   _("There is no source %lld in the archive %s; check the id."),
                   (long long) source_id, self->path);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    return (_wd_store_fail (self, conn, rc, _("read the source"), error), NULL);

  published_at = _wd_column_time (stmt, 7);
  fetched_at = _wd_column_time (stmt, 10);

  source = wd_source_new ();
  wd_source_set_id (source, sqlite3_column_int64 (stmt, 0));
  wd_source_set_url (source, _wd_column_text (stmt, 1));
  wd_source_set_canonical_url (source, _wd_column_text (stmt, 2));
  wd_source_set_publisher_name (source, _wd_column_text (stmt, 3));
  wd_source_set_publisher_domain (source, _wd_column_text (stmt, 4));
  wd_source_set_title (source, _wd_column_text (stmt, 5));
  wd_source_set_byline (source, _wd_column_text (stmt, 6));
  wd_source_set_published_at (source, published_at);
  wd_source_set_language (source, _wd_column_text (stmt, 8));
  wd_source_set_content_hash (source, _wd_column_text (stmt, 9));
  wd_source_set_fetched_at (source, fetched_at);
  wd_source_set_text (source, _wd_column_text (stmt, 11));

  return source;
}

/**
 * wd_store_get_source:
 * @self: a #WdStore
 * @source_id: the source's id
 * @error: return location for a #WD_STORE_ERROR
 *
 * Reads a source with all its fields, text included.
 *
 * Returns: (transfer full): the source, or %NULL with @error set
 *   (%WD_STORE_ERROR_NOT_FOUND when there is none with that id)
 */
WdSource *
wd_store_get_source (WdStore  *self,
                     gint64    source_id,
                     GError  **error)
{
  WdConn *conn;
  WdSource *source;

  g_return_val_if_fail (WD_IS_STORE (self), NULL);

  conn = _wd_store_begin_read (self, NULL, error);
  if (conn == NULL)
    return NULL;

  source = _wd_store_read_source (self, conn, source_id, error);
  _wd_store_end_read (self, conn);

  return source;
}
