/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-store"

#include <glib/gi18n-lib.h>

#include "wd-store.h"
#include "wd-store-private.h"

/* Feed subscriptions and the items each has shown. */

static const char sql_find_feed[] =
  "SELECT id FROM feeds WHERE url = ?1";

static const char sql_insert_feed[] =
  "INSERT INTO feeds (url, title) VALUES (?1, ?2)";

static const char sql_list_feeds[] =
  "SELECT f.id, f.url, f.title, f.etag, f.last_modified, f.checked_at, f.last_error,"
  "       (SELECT count(*) FROM feed_items i WHERE i.feed_id = f.id)"
  "  FROM feeds f ORDER BY f.id";

static const char sql_delete_feed_items[] =
  "DELETE FROM feed_items WHERE feed_id = ?1";

static const char sql_delete_feed[] =
  "DELETE FROM feeds WHERE id = ?1";

static const char sql_update_feed[] =
  "UPDATE feeds SET title = coalesce (?2, title), etag = ?3, last_modified = ?4,"
  "                 checked_at = ?5, last_error = ?6"
  "  WHERE id = ?1";

static const char sql_find_item[] =
  "SELECT 1 FROM feed_items WHERE feed_id = ?1 AND guid = ?2";

static const char sql_insert_item[] =
  "INSERT OR IGNORE INTO feed_items (feed_id, guid, url, brief_id, first_seen)"
  "  VALUES (?1, ?2, ?3, ?4, ?5)";

void
wd_feed_subscription_free (WdFeedSubscription *feed)
{
  if (feed == NULL)
    return;
  g_free (feed->url);
  g_free (feed->title);
  g_free (feed->etag);
  g_free (feed->last_modified);
  g_free (feed->last_error);
  g_free (feed);
}

/* Runs one statement that changes rows, binding @feed_id as ?1; for the
 * steps of a write already begun. */
static int
exec_with_id (WdConn     *conn,
              const char *sql,
              gint64      feed_id)
{
  g_autoptr(WdStmt) stmt = NULL;
  int rc;

  rc = _wd_conn_prepare (conn, sql, &stmt);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, feed_id);
      rc = sqlite3_step (stmt);
    }
  return rc;
}

/**
 * wd_store_add_feed:
 * @self: a #WdStore
 * @url: the feed's address
 * @title: (nullable): the feed's title, when known
 * @existed: (out) (optional): set to %TRUE when the feed was already there
 * @error: return location for a #WD_STORE_ERROR
 *
 * Subscribes to the feed at @url; a feed is there once, by its address.
 *
 * Returns: the feed's id, or 0 with @error set
 */
gint64
wd_store_add_feed (WdStore     *self,
                   const char  *url,
                   const char  *title,
                   gboolean    *existed,
                   GError     **error)
{
  WdConn *conn;
  gint64 feed_id = 0;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), 0);
  g_return_val_if_fail (url != NULL, 0);

  if (existed != NULL)
    *existed = FALSE;
  /* Translators: a text's name, put into "The %s is not valid UTF-8 text". */
  if (!_wd_check_utf8 (url, _("feed's address"), error) ||
      /* Translators: a text's name, put into "The %s is not valid UTF-8 text". */
      !_wd_check_utf8 (title, _("feed's title"), error))
    return 0;
  if (*url == '\0')
    return (_wd_invalid (error, _("A feed needs an address, like "
                                  "https://example.org/feed.xml.")), 0);

  /* Translators: an action, put into "Wiredesk could not %s". */
  conn = _wd_store_begin_write (self, _("save the feed"), error);
  if (conn == NULL)
    return 0;

  {
    g_autoptr(WdStmt) find = NULL;

    rc = _wd_conn_prepare (conn, sql_find_feed, &find);
    if (rc == SQLITE_OK)
      {
        _wd_bind_text (find, 1, url);
        rc = sqlite3_step (find);
        if (rc == SQLITE_ROW)
          {
            feed_id = sqlite3_column_int64 (find, 0);
            rc = SQLITE_DONE;
          }
      }
  }
  if (rc == SQLITE_DONE && feed_id != 0)
    {
      _wd_store_rollback_write (self);
      if (existed != NULL)
        *existed = TRUE;
      return feed_id;
    }
  if (rc == SQLITE_DONE)
    {
      g_autoptr(WdStmt) insert = NULL;

      rc = _wd_conn_prepare (conn, sql_insert_feed, &insert);
      if (rc == SQLITE_OK)
        {
          _wd_bind_text (insert, 1, url);
          _wd_bind_text (insert, 2, title);
          rc = sqlite3_step (insert);
        }
    }
  if (rc != SQLITE_DONE)
    {
      _wd_store_fail (self, conn, rc, _("save the feed"), error);
      _wd_store_rollback_write (self);
      return 0;
    }
  feed_id = sqlite3_last_insert_rowid (conn->db);

  if (!_wd_store_commit_write (self, _("save the feed"), error))
    return 0;
  return feed_id;
}

/**
 * wd_store_list_feeds:
 * @self: a #WdStore
 * @error: return location for a #WD_STORE_ERROR
 *
 * Lists the subscribed feeds in the order they were added, each with its
 * refresh state and the number of items seen.
 *
 * Returns: (transfer container) (element-type WdFeedSubscription): the
 *   feeds, or %NULL with @error set
 */
GPtrArray *
wd_store_list_feeds (WdStore  *self,
                     GError  **error)
{
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(WdStmt) stmt = NULL;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), NULL);

  conn = _wd_store_acquire_reader (self, NULL, error);
  if (conn == NULL)
    return NULL;

  feeds = g_ptr_array_new_with_free_func ((GDestroyNotify) wd_feed_subscription_free);
  rc = _wd_conn_prepare (conn, sql_list_feeds, &stmt);
  while (rc == SQLITE_OK || rc == SQLITE_ROW)
    {
      WdFeedSubscription *feed;

      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        break;
      feed = g_new0 (WdFeedSubscription, 1);
      feed->id = sqlite3_column_int64 (stmt, 0);
      feed->url = g_strdup (_wd_column_text (stmt, 1));
      feed->title = g_strdup (_wd_column_text (stmt, 2));
      feed->etag = g_strdup (_wd_column_text (stmt, 3));
      feed->last_modified = g_strdup (_wd_column_text (stmt, 4));
      feed->checked_at = sqlite3_column_int64 (stmt, 5);
      feed->last_error = g_strdup (_wd_column_text (stmt, 6));
      feed->n_items = (guint) sqlite3_column_int (stmt, 7);
      g_ptr_array_add (feeds, feed);
    }
  g_clear_pointer (&stmt, _wd_stmt_release);

  if (rc != SQLITE_DONE)
    {
      /* Translators: an action, put into "Wiredesk could not %s". */
      _wd_store_fail (self, conn, rc, _("list the feeds"), error);
      _wd_store_release_reader (self, conn);
      return NULL;
    }
  _wd_store_release_reader (self, conn);

  return g_steal_pointer (&feeds);
}

/**
 * wd_store_remove_feed:
 * @self: a #WdStore
 * @feed_id: the feed's id
 * @error: return location for a #WD_STORE_ERROR
 *
 * Unsubscribes from a feed and forgets the items it showed; the sources
 * imported from it stay in the archive.
 *
 * Returns: %TRUE on success
 */
gboolean
wd_store_remove_feed (WdStore  *self,
                      gint64    feed_id,
                      GError  **error)
{
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), FALSE);

  /* Translators: an action, put into "Wiredesk could not %s". */
  conn = _wd_store_begin_write (self, _("remove the feed"), error);
  if (conn == NULL)
    return FALSE;

  rc = exec_with_id (conn, sql_delete_feed_items, feed_id);
  if (rc == SQLITE_DONE)
    rc = exec_with_id (conn, sql_delete_feed, feed_id);
  if (rc != SQLITE_DONE)
    {
      _wd_store_fail (self, conn, rc, _("remove the feed"), error);
      _wd_store_rollback_write (self);
      return FALSE;
    }

  return _wd_store_commit_write (self, _("remove the feed"), error);
}

/**
 * wd_store_update_feed:
 * @self: a #WdStore
 * @feed_id: the feed's id
 * @title: (nullable): the feed's title; %NULL keeps the one stored
 * @etag: (nullable): the ETag for the next conditional request
 * @last_modified: (nullable): the Last-Modified for the next request
 * @checked_at: when the feed was refreshed, Unix time
 * @last_error: (nullable): what went wrong, %NULL when the refresh worked
 * @error: return location for a #WD_STORE_ERROR
 *
 * Records the outcome of a refresh.
 *
 * Returns: %TRUE on success
 */
gboolean
wd_store_update_feed (WdStore     *self,
                      gint64       feed_id,
                      const char  *title,
                      const char  *etag,
                      const char  *last_modified,
                      gint64       checked_at,
                      const char  *last_error,
                      GError     **error)
{
  g_autoptr(WdStmt) stmt = NULL;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), FALSE);

  /* Translators: a text's name, put into "The %s is not valid UTF-8 text". */
  if (!_wd_check_utf8 (title, _("feed's title"), error) ||
      /* Translators: a text's name, put into "The %s is not valid UTF-8 text". */
      !_wd_check_utf8 (last_error, _("feed's error"), error) ||
      /* Translators: a text's name, put into "The %s is not valid UTF-8 text". */
      !_wd_check_utf8 (etag, _("feed's ETag"), error) ||
      /* Translators: a text's name, put into "The %s is not valid UTF-8 text". */
      !_wd_check_utf8 (last_modified, _("feed's Last-Modified date"), error))
    return FALSE;

  /* Translators: an action, put into "Wiredesk could not %s". */
  conn = _wd_store_begin_write (self, _("save the feed's state"), error);
  if (conn == NULL)
    return FALSE;

  rc = _wd_conn_prepare (conn, sql_update_feed, &stmt);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, feed_id);
      _wd_bind_text (stmt, 2, title);
      _wd_bind_text (stmt, 3, etag);
      _wd_bind_text (stmt, 4, last_modified);
      sqlite3_bind_int64 (stmt, 5, checked_at);
      _wd_bind_text (stmt, 6, last_error);
      rc = sqlite3_step (stmt);
    }
  g_clear_pointer (&stmt, _wd_stmt_release);

  if (rc != SQLITE_DONE)
    {
      _wd_store_fail (self, conn, rc, _("save the feed's state"), error);
      _wd_store_rollback_write (self);
      return FALSE;
    }

  return _wd_store_commit_write (self, _("save the feed's state"), error);
}

/**
 * wd_store_find_feed_item:
 * @self: a #WdStore
 * @feed_id: the feed's id
 * @guid: the item's guid / id
 * @seen: (out): set to whether the feed showed this item before
 * @error: return location for a #WD_STORE_ERROR
 *
 * Returns: %TRUE on success (@seen is then set)
 */
gboolean
wd_store_find_feed_item (WdStore     *self,
                         gint64       feed_id,
                         const char  *guid,
                         gboolean    *seen,
                         GError     **error)
{
  g_autoptr(WdStmt) stmt = NULL;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), FALSE);
  g_return_val_if_fail (guid != NULL, FALSE);
  g_return_val_if_fail (seen != NULL, FALSE);

  *seen = FALSE;
  conn = _wd_store_acquire_reader (self, NULL, error);
  if (conn == NULL)
    return FALSE;

  rc = _wd_conn_prepare (conn, sql_find_item, &stmt);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, feed_id);
      _wd_bind_text (stmt, 2, guid);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *seen = TRUE;
          rc = SQLITE_DONE;
        }
    }
  g_clear_pointer (&stmt, _wd_stmt_release);

  if (rc != SQLITE_DONE)
    /* Translators: an action, put into "Wiredesk could not %s". */
    _wd_store_fail (self, conn, rc, _("read the feed's items"), error);
  _wd_store_release_reader (self, conn);

  return rc == SQLITE_DONE;
}

/**
 * wd_store_add_feed_item:
 * @self: a #WdStore
 * @feed_id: the feed's id
 * @guid: the item's guid / id
 * @url: (nullable): the item's link
 * @brief_id: the brief its article landed in, or 0 when none
 * @error: return location for a #WD_STORE_ERROR
 *
 * Records that the feed showed an item; recording it again changes nothing.
 *
 * Returns: %TRUE on success
 */
gboolean
wd_store_add_feed_item (WdStore     *self,
                        gint64       feed_id,
                        const char  *guid,
                        const char  *url,
                        gint64       brief_id,
                        GError     **error)
{
  g_autoptr(WdStmt) stmt = NULL;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), FALSE);
  g_return_val_if_fail (guid != NULL, FALSE);

  /* Translators: a text's name, put into "The %s is not valid UTF-8 text". */
  if (!_wd_check_utf8 (guid, _("feed item's id"), error) ||
      /* Translators: a text's name, put into "The %s is not valid UTF-8 text". */
      !_wd_check_utf8 (url, _("feed item's address"), error))
    return FALSE;

  /* Translators: an action, put into "Wiredesk could not %s". */
  conn = _wd_store_begin_write (self, _("record the feed's item"), error);
  if (conn == NULL)
    return FALSE;

  rc = _wd_conn_prepare (conn, sql_insert_item, &stmt);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, feed_id);
      _wd_bind_text (stmt, 2, guid);
      _wd_bind_text (stmt, 3, url);
      if (brief_id > 0)
        sqlite3_bind_int64 (stmt, 4, brief_id);
      else
        sqlite3_bind_null (stmt, 4);
      sqlite3_bind_int64 (stmt, 5, _wd_now_unix ());
      rc = sqlite3_step (stmt);
    }
  g_clear_pointer (&stmt, _wd_stmt_release);

  if (rc != SQLITE_DONE)
    {
      _wd_store_fail (self, conn, rc, _("record the feed's item"), error);
      _wd_store_rollback_write (self);
      return FALSE;
    }

  return _wd_store_commit_write (self, _("record the feed's item"), error);
}
