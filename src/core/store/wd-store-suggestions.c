/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-store"

#include <glib/gi18n-lib.h>

#include "wd-store.h"
#include "wd-store-private.h"

/*
 * Mentions a draft suggests. A name the catalog knows (as a name or an
 * alias, whatever the case and punctuation: "Technology Review." finds
 * the entry with the alias "Technology Review") becomes a suggested brief
 * mention of that catalog entry; a new
 * name waits in mention_suggestions for the editor, so nothing enters the
 * catalog unasked. A suggestion the brief already has — attached,
 * suggested or dismissed — is left as it is.
 */

static const char sql_find_catalog[] =
  "SELECT id FROM mentions WHERE name = ?1 COLLATE NOCASE"
  " UNION ALL SELECT mention_id FROM mention_aliases WHERE alias = ?1"
  " LIMIT 1";

static const char sql_find_slug[] = "SELECT id FROM mentions WHERE slug = ?1";

static const char sql_all_aliases[] = "SELECT mention_id, alias FROM mention_aliases";

/* The catalog entry whose name or alias is @name up to case and
 * punctuation ("Technology Review." = "technology review"), by slug. */
static int
find_by_slug (WdConn     *conn,
              const char *name,
              gint64     *out_id)
{
  g_autofree char *slug = wd_mention_slugify (name);
  int rc;

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = _wd_conn_prepare (conn, sql_find_slug, &stmt);
    if (rc != SQLITE_OK)
      return rc;
    _wd_bind_text (stmt, 1, slug);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_ROW)
      {
        *out_id = sqlite3_column_int64 (stmt, 0);
        return SQLITE_OK;
      }
    if (rc != SQLITE_DONE)
      return rc;
  }

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = _wd_conn_prepare (conn, sql_all_aliases, &stmt);
    if (rc != SQLITE_OK)
      return rc;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        g_autofree char *alias_slug = wd_mention_slugify (_wd_column_text (stmt, 1));

        if (g_str_equal (alias_slug, slug))
          {
            *out_id = sqlite3_column_int64 (stmt, 0);
            return SQLITE_OK;
          }
      }
  }
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static const char sql_suggest_known[] =
  "INSERT OR IGNORE INTO brief_mentions (brief_id, mention_id, origin, state)"
  " VALUES (?1, ?2, 'ai', 'suggested')";

static const char sql_suggest_new[] =
  "INSERT OR IGNORE INTO mention_suggestions (brief_id, name, kind, reason)"
  " VALUES (?1, ?2, ?3, ?4)";

static const char sql_brief_exists[] = "SELECT 1 FROM briefs WHERE id = ?1";

static const char sql_list_suggestions[] =
  "SELECT 0, m.id, m.name, m.kind, NULL FROM brief_mentions bm"
  "  JOIN mentions m ON m.id = bm.mention_id"
  " WHERE bm.brief_id = ?1 AND bm.state = 'suggested'"
  " UNION ALL"
  " SELECT s.id, 0, s.name, s.kind, s.reason FROM mention_suggestions s"
  " WHERE s.brief_id = ?1 AND s.state = 'suggested'"
  "   AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.name = s.name COLLATE NOCASE)"
  " ORDER BY 3 COLLATE NOCASE";

void
wd_mention_suggestion_free (WdMentionSuggestion *suggestion)
{
  if (suggestion == NULL)
    return;
  g_free (suggestion->name);
  g_free (suggestion->reason);
  g_free (suggestion);
}

static int
step_one (WdConn     *conn,
          const char *sql,
          gint64      brief_id,
          gint64     *out_id)
{
  g_autoptr(WdStmt) stmt = NULL;
  int rc = _wd_conn_prepare (conn, sql, &stmt);

  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_int64 (stmt, 1, brief_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (out_id != NULL)
        *out_id = sqlite3_column_int64 (stmt, 0);
      return SQLITE_OK;
    }
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/**
 * wd_store_suggest_mention:
 * @self: a #WdStore
 * @brief_id: the brief
 * @name: the name as the draft gave it
 * @kind: what the name is
 * @reason: (nullable): why it was suggested, for the editor
 * @out_known: (out) (optional): whether the catalog knows the name
 * @error: return location for a #WD_STORE_ERROR
 *
 * Records a suggested mention for @brief_id without touching the catalog.
 *
 * Returns: %TRUE on success
 */
gboolean
wd_store_suggest_mention (WdStore        *self,
                          gint64          brief_id,
                          const char     *name,
                          WdMentionKind   kind,
                          const char     *reason,
                          gboolean       *out_known,
                          GError        **error)
{
  g_autofree char *clean = NULL;
  gint64 mention_id = 0;
  gint64 exists = 0;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  /* Translators: a text's name, put into "The %s is not valid UTF-8 text". */
  if (!_wd_check_utf8 (name, _("mention name"), error) ||
      !_wd_check_utf8 (reason, _("mention reason"), error))
    return FALSE;
  clean = g_strstrip (g_strdup (name));
  if (*clean == '\0')
    return _wd_invalid (error, _("A mention needs a name."));
  if ((guint) kind > WD_MENTION_PLACE)
    return _wd_invalid (error, _("%d is not a kind of mention; use one of publication, "
                          "organization, person, product, topic or place."), kind);

  /* Translators: an action, put into "Wiredesk could not %s". */
  conn = _wd_store_begin_write (self, _("save the suggested mention"), error);
  if (conn == NULL)
    return FALSE;

  rc = step_one (conn, sql_brief_exists, brief_id, &exists);
  if (rc == SQLITE_OK && exists == 0)
    {
      _wd_store_rollback_write (self);
      return _wd_store_not_found_brief (self, brief_id, error);
    }

  if (rc == SQLITE_OK)
    {
      g_autoptr(WdStmt) stmt = NULL;

      rc = _wd_conn_prepare (conn, sql_find_catalog, &stmt);
      if (rc == SQLITE_OK)
        {
          _wd_bind_text (stmt, 1, clean);
          rc = sqlite3_step (stmt);
          if (rc == SQLITE_ROW)
            mention_id = sqlite3_column_int64 (stmt, 0);
          rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
        }
    }
  if (rc == SQLITE_OK && mention_id == 0)
    rc = find_by_slug (conn, clean, &mention_id);

  if (rc == SQLITE_OK)
    {
      g_autoptr(WdStmt) stmt = NULL;

      rc = _wd_conn_prepare (conn, mention_id != 0 ? sql_suggest_known : sql_suggest_new,
                             &stmt);
      if (rc == SQLITE_OK)
        {
          sqlite3_bind_int64 (stmt, 1, brief_id);
          if (mention_id != 0)
            sqlite3_bind_int64 (stmt, 2, mention_id);
          else
            {
              _wd_bind_text (stmt, 2, clean);
              sqlite3_bind_text (stmt, 3, wd_mention_kind_to_string (kind), -1, SQLITE_STATIC);
              _wd_bind_text (stmt, 4, reason);
            }
          rc = sqlite3_step (stmt);
          rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
        }
    }

  if (rc != SQLITE_OK)
    {
      _wd_store_fail (self, conn, rc, _("save the suggested mention"), error);
      _wd_store_rollback_write (self);
      return FALSE;
    }
  if (!_wd_store_commit_write (self, _("save the suggested mention"), error))
    return FALSE;
  _wd_store_queue_changed (self, brief_id);

  if (out_known != NULL)
    *out_known = mention_id != 0;
  return TRUE;
}

/**
 * wd_store_list_mention_suggestions:
 * @self: a #WdStore
 * @brief_id: the brief
 * @error: return location for a #WD_STORE_ERROR
 *
 * Lists the brief's open suggestions, by name: catalog entries suggested
 * for it (@mention_id set) and names new to the catalog (@id set).
 *
 * Returns: (transfer container) (element-type WdMentionSuggestion): the
 *   suggestions, or %NULL with @error set
 */
GPtrArray *
wd_store_list_mention_suggestions (WdStore  *self,
                                   gint64    brief_id,
                                   GError  **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(WdStmt) stmt = NULL;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), NULL);

  conn = _wd_store_acquire_reader (self, NULL, error);
  if (conn == NULL)
    return NULL;

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) wd_mention_suggestion_free);
  rc = _wd_conn_prepare (conn, sql_list_suggestions, &stmt);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, brief_id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          WdMentionSuggestion *s = g_new0 (WdMentionSuggestion, 1);

          s->id = sqlite3_column_int64 (stmt, 0);
          s->mention_id = sqlite3_column_int64 (stmt, 1);
          s->name = g_strdup (_wd_column_text (stmt, 2));
          s->kind = WD_MENTION_TOPIC;
          wd_mention_kind_from_string (_wd_column_text (stmt, 3), &s->kind);
          s->reason = g_strdup (_wd_column_text (stmt, 4));
          g_ptr_array_add (list, s);
        }
    }
  g_clear_pointer (&stmt, _wd_stmt_release);

  if (rc != SQLITE_DONE)
    {
      /* Translators: an action, put into "Wiredesk could not %s". */
      _wd_store_fail (self, conn, rc, _("read the suggested mentions"), error);
      _wd_store_release_reader (self, conn);
      return NULL;
    }
  _wd_store_release_reader (self, conn);
  return g_steal_pointer (&list);
}
