/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-store"

#include <glib/gi18n-lib.h>

#include "wd-store.h"
#include "wd-store-private.h"

/*
 * Editing mentions: taking one off a brief, answering the model's
 * suggestions, and keeping the catalog tidy (rename, merge, completion).
 * Each call is one write transaction; a refused change leaves the archive
 * as it was.
 */

static const char sql_brief_exists[] = "SELECT 1 FROM briefs WHERE id = ?1";
static const char sql_mention_name[] = "SELECT name FROM mentions WHERE id = ?1";

static const char sql_get_mention[] =
  "SELECT m.id, m.name, m.kind, m.slug, bm.origin,"
  "       (SELECT group_concat (alias, char (31)) FROM mention_aliases a"
  "         WHERE a.mention_id = m.id),"
  "       (SELECT count(*) FROM brief_mentions c"
  "         WHERE c.mention_id = m.id AND c.state = 'attached')"
  " FROM mentions m LEFT JOIN brief_mentions bm"
  "   ON bm.mention_id = m.id AND bm.brief_id = ?2"
  " WHERE m.id = ?1";

static gboolean
not_found_mention (WdStore  *self,
                   gint64    mention_id,
                   GError  **error)
{
  g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND,
               /* Translators: %lld is the mention's id, %s the archive's path;
                * keep the command "wiredesk-cli mention list" as it is. */
               _("There is no mention %lld in the archive %s; check the id "
                 "(\"wiredesk-cli mention list\" shows them)."),
               (long long) mention_id, wd_store_get_path (self));
  return FALSE;
}

/* Steps a statement with one integer parameter; @out_found tells whether
 * it gave a row, whose first column goes to @out_id and @out_text. */
static int
step_int (WdConn      *conn,
          const char  *sql,
          gint64       param,
          gboolean    *out_found,
          gint64      *out_id,
          char       **out_text)
{
  g_autoptr(WdStmt) stmt = NULL;
  int rc = _wd_conn_prepare (conn, sql, &stmt);

  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_int64 (stmt, 1, param);
  rc = sqlite3_step (stmt);
  if (out_found != NULL)
    *out_found = rc == SQLITE_ROW;
  if (rc == SQLITE_ROW)
    {
      if (out_id != NULL)
        *out_id = sqlite3_column_int64 (stmt, 0);
      if (out_text != NULL)
        *out_text = g_strdup (_wd_column_text (stmt, 0));
    }
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Runs a statement with up to two integer parameters and one text. */
static int
run (WdConn     *conn,
     const char *sql,
     gint64      a,
     gint64      b,
     const char *text)
{
  g_autoptr(WdStmt) stmt = NULL;
  int rc = _wd_conn_prepare (conn, sql, &stmt);

  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_int64 (stmt, 1, a);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_int64 (stmt, 2, b);
  if (sqlite3_bind_parameter_count (stmt) >= 3)
    _wd_bind_text (stmt, 3, text);
  rc = sqlite3_step (stmt);
  return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

static int
read_mention (WdConn     *conn,
              gint64      mention_id,
              gint64      brief_id,
              WdMention **out)
{
  g_autoptr(WdStmt) stmt = NULL;
  int rc;

  *out = NULL;
  rc = _wd_conn_prepare (conn, sql_get_mention, &stmt);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_int64 (stmt, 1, mention_id);
  sqlite3_bind_int64 (stmt, 2, brief_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out = _wd_mention_from_row (stmt);
      return SQLITE_OK;
    }
  return rc == SQLITE_DONE ? SQLITE_NOTFOUND : rc;
}

/* The slug a new mention gets, as wd_store_ensure_mention() makes it: a
 * name with nothing that folds to ASCII gets one from a hash of itself. */
static char *
new_slug (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");

  for (const char *p = ascii; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      return wd_mention_slugify (name);

  {
    g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA1, name, -1);

    return g_strdup_printf ("mention-%.10s", hash);
  }
}

/* Detaching */

static const char sql_brief_mention_state[] =
  "SELECT state FROM brief_mentions WHERE brief_id = ?1 AND mention_id = ?2";

/* Kept as a dismissed row rather than deleted, so a later draft does not
 * suggest again what the editor took off. */
static const char sql_detach[] =
  "UPDATE brief_mentions SET state = 'dismissed'"
  " WHERE brief_id = ?1 AND mention_id = ?2 AND state = 'attached'";

/**
 * wd_store_detach_mention:
 * @self: a #WdStore
 * @brief_id: the brief
 * @mention_id: the mention attached to it
 * @out_was_attached: (out) (optional): whether it was attached
 * @error: return location for a #WD_STORE_ERROR
 *
 * Takes a mention off a brief. It stays known as dismissed for the brief,
 * so drafting does not suggest it again; wd_store_attach_mention() puts it
 * back (an Undo). Detaching one that is not attached changes nothing.
 *
 * Returns: %TRUE on success
 */
gboolean
wd_store_detach_mention (WdStore   *self,
                         gint64     brief_id,
                         gint64     mention_id,
                         gboolean  *out_was_attached,
                         GError   **error)
{
  gboolean attached = FALSE;
  gboolean exists = FALSE;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), FALSE);

  if (out_was_attached != NULL)
    *out_was_attached = FALSE;

  /* Translators: an action, put into "Wiredesk could not %s". */
  conn = _wd_store_begin_write (self, _("remove the mention"), error);
  if (conn == NULL)
    return FALSE;

  rc = step_int (conn, sql_brief_exists, brief_id, &exists, NULL, NULL);
  if (rc != SQLITE_OK)
    goto failed;
  if (!exists)
    {
      _wd_store_rollback_write (self);
      return _wd_store_not_found_brief (self, brief_id, error);
    }

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = _wd_conn_prepare (conn, sql_brief_mention_state, &stmt);
    if (rc != SQLITE_OK)
      goto failed;
    sqlite3_bind_int64 (stmt, 1, brief_id);
    sqlite3_bind_int64 (stmt, 2, mention_id);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_ROW)
      attached = g_strcmp0 (_wd_column_text (stmt, 0), "attached") == 0;
    else if (rc != SQLITE_DONE)
      goto failed;
  }

  if (!attached)
    {
      _wd_store_rollback_write (self);
      return TRUE;
    }

  rc = run (conn, sql_detach, brief_id, mention_id, NULL);
  if (rc == SQLITE_OK)
    rc = _wd_conn_touch_brief (conn, brief_id, _wd_now_unix ());
  if (rc != SQLITE_OK)
    goto failed;

  if (!_wd_store_commit_write (self, _("remove the mention"), error))
    return FALSE;
  _wd_store_queue_changed (self, brief_id);

  if (out_was_attached != NULL)
    *out_was_attached = TRUE;
  return TRUE;

failed:
  _wd_store_fail (self, conn, rc, _("remove the mention"), error);
  _wd_store_rollback_write (self);
  return FALSE;
}

/* Suggestions */

static const char sql_suggestion_row[] =
  "SELECT name, state FROM mention_suggestions WHERE id = ?1 AND brief_id = ?2";

static const char sql_find_catalog[] =
  "SELECT id FROM mentions WHERE name = ?1 COLLATE NOCASE"
  " UNION ALL SELECT mention_id FROM mention_aliases WHERE alias = ?1"
  " UNION ALL SELECT id FROM mentions WHERE slug = ?2"
  " LIMIT 1";

static const char sql_slug_taken[] = "SELECT 1 FROM mentions WHERE slug = ?1";

static const char sql_insert_mention[] =
  "INSERT INTO mentions (name, kind, slug) VALUES (?1, ?2, ?3)";

static const char sql_attach_ai[] =
  "INSERT INTO brief_mentions (brief_id, mention_id, origin, state)"
  " VALUES (?1, ?2, 'ai', 'attached')"
  " ON CONFLICT (brief_id, mention_id) DO UPDATE SET"
  "   origin = CASE WHEN state = 'attached' THEN origin ELSE 'ai' END,"
  "   state = 'attached'";

static const char sql_delete_suggestion[] = "DELETE FROM mention_suggestions WHERE id = ?1";

static const char sql_dismiss_known[] =
  "UPDATE brief_mentions SET state = 'dismissed'"
  " WHERE brief_id = ?1 AND mention_id = ?2 AND state = 'suggested'";

static const char sql_dismiss_new[] =
  "UPDATE mention_suggestions SET state = 'dismissed' WHERE id = ?1 AND brief_id = ?2";

static gboolean
check_suggestion (const WdMentionSuggestion  *suggestion,
                  GError                    **error)
{
  if ((suggestion->id == 0) == (suggestion->mention_id == 0))
    return _wd_invalid (error, _("A suggestion names either a catalog mention or a new "
                                 "name; give exactly one of the two."));
  if ((guint) suggestion->kind > WD_MENTION_PLACE)
    return _wd_invalid (error, _("%d is not a kind of mention; use one of publication, "
                                 "organization, person, product, topic or place."),
                        suggestion->kind);
  return TRUE;
}

static gboolean
not_found_suggestion (WdStore  *self,
                      gint64    suggestion_id,
                      gint64    brief_id,
                      GError  **error)
{
  g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND,
               /* Translators: %lld are ids, %s is the archive's path. */
               _("There is no suggested mention %lld for brief %lld in the archive %s; "
                 "reload the brief to see its suggestions."),
               (long long) suggestion_id, (long long) brief_id, wd_store_get_path (self));
  return FALSE;
}

/* Finds the catalog entry @name refers to, or adds it with @kind. */
static int
ensure_in_transaction (WdConn        *conn,
                       const char    *name,
                       WdMentionKind  kind,
                       gint64        *out_id)
{
  g_autofree char *slug = new_slug (name);
  g_autofree char *candidate = NULL;
  int rc;

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = _wd_conn_prepare (conn, sql_find_catalog, &stmt);
    if (rc != SQLITE_OK)
      return rc;
    _wd_bind_text (stmt, 1, name);
    _wd_bind_text (stmt, 2, slug);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_ROW)
      {
        *out_id = sqlite3_column_int64 (stmt, 0);
        return SQLITE_OK;
      }
    if (rc != SQLITE_DONE)
      return rc;
  }

  candidate = g_strdup (slug);
  for (guint n = 2; ; n++)
    {
      gboolean taken = FALSE;
      g_autoptr(WdStmt) stmt = NULL;

      rc = _wd_conn_prepare (conn, sql_slug_taken, &stmt);
      if (rc != SQLITE_OK)
        return rc;
      _wd_bind_text (stmt, 1, candidate);
      rc = sqlite3_step (stmt);
      taken = rc == SQLITE_ROW;
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return rc;
      if (!taken)
        break;
      g_free (candidate);
      candidate = g_strdup_printf ("%s-%u", slug, n);
    }

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = _wd_conn_prepare (conn, sql_insert_mention, &stmt);
    if (rc != SQLITE_OK)
      return rc;
    _wd_bind_text (stmt, 1, name);
    sqlite3_bind_text (stmt, 2, wd_mention_kind_to_string (kind), -1, SQLITE_STATIC);
    _wd_bind_text (stmt, 3, candidate);
    rc = sqlite3_step (stmt);
    if (rc != SQLITE_DONE)
      return rc;
    *out_id = sqlite3_last_insert_rowid (conn->db);
  }
  return SQLITE_OK;
}

/**
 * wd_store_accept_suggestion:
 * @self: a #WdStore
 * @brief_id: the brief
 * @suggestion: one of wd_store_list_mention_suggestions() for @brief_id;
 *   its @kind may have been corrected by the editor
 * @error: return location for a #WD_STORE_ERROR
 *
 * Attaches a suggested mention to the brief, as the model's. A catalog
 * entry (@mention_id) is attached as it is; a name new to the catalog
 * (@id) is added to it with @kind (unless the catalog learned the name
 * meanwhile) and attached, and its suggestion is gone.
 *
 * Returns: (transfer full): the mention now attached, or %NULL with @error
 *   set
 */
WdMention *
wd_store_accept_suggestion (WdStore                    *self,
                            gint64                      brief_id,
                            const WdMentionSuggestion  *suggestion,
                            GError                    **error)
{
  g_autoptr(WdMention) mention = NULL;
  gint64 mention_id;
  gboolean exists = FALSE;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), NULL);
  g_return_val_if_fail (suggestion != NULL, NULL);

  if (!check_suggestion (suggestion, error))
    return NULL;

  /* Translators: an action, put into "Wiredesk could not %s". */
  conn = _wd_store_begin_write (self, _("accept the suggested mention"), error);
  if (conn == NULL)
    return NULL;

  rc = step_int (conn, sql_brief_exists, brief_id, &exists, NULL, NULL);
  if (rc != SQLITE_OK)
    goto failed;
  if (!exists)
    {
      _wd_store_rollback_write (self);
      return (_wd_store_not_found_brief (self, brief_id, error), NULL);
    }

  mention_id = suggestion->mention_id;
  if (mention_id != 0)
    {
      rc = step_int (conn, sql_mention_name, mention_id, &exists, NULL, NULL);
      if (rc != SQLITE_OK)
        goto failed;
      if (!exists)
        {
          _wd_store_rollback_write (self);
          return (not_found_mention (self, mention_id, error), NULL);
        }
    }
  else
    {
      g_autoptr(WdStmt) stmt = NULL;
      g_autofree char *name = NULL;

      rc = _wd_conn_prepare (conn, sql_suggestion_row, &stmt);
      if (rc != SQLITE_OK)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, suggestion->id);
      sqlite3_bind_int64 (stmt, 2, brief_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        name = g_strdup (_wd_column_text (stmt, 0));
      else if (rc != SQLITE_DONE)
        goto failed;
      g_clear_pointer (&stmt, _wd_stmt_release);
      if (name == NULL)
        {
          _wd_store_rollback_write (self);
          return (not_found_suggestion (self, suggestion->id, brief_id, error), NULL);
        }

      rc = ensure_in_transaction (conn, name, suggestion->kind, &mention_id);
      if (rc == SQLITE_OK)
        rc = run (conn, sql_delete_suggestion, suggestion->id, 0, NULL);
      if (rc != SQLITE_OK)
        goto failed;
    }

  rc = run (conn, sql_attach_ai, brief_id, mention_id, NULL);
  if (rc == SQLITE_OK)
    rc = _wd_conn_touch_brief (conn, brief_id, _wd_now_unix ());
  if (rc == SQLITE_OK)
    rc = read_mention (conn, mention_id, brief_id, &mention);
  if (rc != SQLITE_OK)
    goto failed;

  if (!_wd_store_commit_write (self, _("accept the suggested mention"), error))
    return NULL;
  _wd_store_queue_changed (self, brief_id);
  return g_steal_pointer (&mention);

failed:
  _wd_store_fail (self, conn, rc, _("accept the suggested mention"), error);
  _wd_store_rollback_write (self);
  return NULL;
}

/**
 * wd_store_dismiss_suggestion:
 * @self: a #WdStore
 * @brief_id: the brief
 * @suggestion: one of wd_store_list_mention_suggestions() for @brief_id
 * @error: return location for a #WD_STORE_ERROR
 *
 * Turns a suggestion down for good: drafting the brief again does not
 * suggest it again. A catalog entry the editor attached meanwhile stays
 * attached.
 *
 * Returns: %TRUE on success
 */
gboolean
wd_store_dismiss_suggestion (WdStore                    *self,
                             gint64                      brief_id,
                             const WdMentionSuggestion  *suggestion,
                             GError                    **error)
{
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), FALSE);
  g_return_val_if_fail (suggestion != NULL, FALSE);

  if (!check_suggestion (suggestion, error))
    return FALSE;

  /* Translators: an action, put into "Wiredesk could not %s". */
  conn = _wd_store_begin_write (self, _("dismiss the suggested mention"), error);
  if (conn == NULL)
    return FALSE;

  if (suggestion->mention_id != 0)
    rc = run (conn, sql_dismiss_known, brief_id, suggestion->mention_id, NULL);
  else
    rc = run (conn, sql_dismiss_new, suggestion->id, brief_id, NULL);
  if (rc != SQLITE_OK)
    {
      _wd_store_fail (self, conn, rc, _("dismiss the suggested mention"), error);
      _wd_store_rollback_write (self);
      return FALSE;
    }
  if (sqlite3_changes (conn->db) == 0)
    {
      gboolean exists = FALSE;

      rc = step_int (conn, sql_brief_exists, brief_id, &exists, NULL, NULL);
      _wd_store_rollback_write (self);
      if (rc == SQLITE_OK && !exists)
        return _wd_store_not_found_brief (self, brief_id, error);
      if (suggestion->id != 0)
        return not_found_suggestion (self, suggestion->id, brief_id, error);
      /* A catalog entry no longer suggested (attached or dismissed
       * already) is left as it is. */
      return TRUE;
    }

  if (!_wd_store_commit_write (self, _("dismiss the suggested mention"), error))
    return FALSE;
  _wd_store_queue_changed (self, brief_id);
  return TRUE;
}

/* The catalog */

/* Another mention than ?3 that is called ?1 (name or alias, any case) or
 * whose slug is ?2. */
static const char sql_name_owner[] =
  "SELECT id FROM mentions WHERE id != ?3 AND name = ?1 COLLATE NOCASE"
  " UNION ALL SELECT mention_id FROM mention_aliases WHERE mention_id != ?3 AND alias = ?1"
  " UNION ALL SELECT id FROM mentions WHERE id != ?3 AND slug = ?2"
  " LIMIT 1";

static const char sql_rename[] =
  "UPDATE mentions SET name = ?3, slug = ?2 WHERE id = ?1";

static const char sql_drop_alias[] =
  "DELETE FROM mention_aliases WHERE mention_id = ?1 AND alias = ?3";

static const char sql_add_alias[] =
  "INSERT OR IGNORE INTO mention_aliases (mention_id, alias) VALUES (?1, ?3)";

/**
 * wd_store_rename_mention:
 * @self: a #WdStore
 * @mention_id: the catalog entry
 * @name: its new name
 * @error: return location for a #WD_STORE_ERROR
 *
 * Renames a mention and its slug. The old name stays as an alias, so
 * drafts that use it still find the mention. A name another mention has
 * (as its name or an alias) is refused: such two mentions are merged
 * instead.
 *
 * Returns: (transfer full): the renamed mention, or %NULL with @error set
 */
WdMention *
wd_store_rename_mention (WdStore     *self,
                         gint64       mention_id,
                         const char  *name,
                         GError     **error)
{
  g_autoptr(WdMention) mention = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *old_name = NULL;
  g_autofree char *slug = NULL;
  gint64 owner = 0;
  gboolean exists = FALSE;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  /* Translators: a text's name, put into "The %s is not valid UTF-8 text". */
  if (!_wd_check_utf8 (name, _("mention name"), error))
    return NULL;
  clean = g_strstrip (g_strdup (name));
  if (*clean == '\0')
    return (_wd_invalid (error, _("A mention needs a name; give one that is not empty.")),
            NULL);

  /* Translators: an action, put into "Wiredesk could not %s". */
  conn = _wd_store_begin_write (self, _("rename the mention"), error);
  if (conn == NULL)
    return NULL;

  rc = step_int (conn, sql_mention_name, mention_id, &exists, NULL, &old_name);
  if (rc != SQLITE_OK)
    goto failed;
  if (!exists)
    {
      _wd_store_rollback_write (self);
      return (not_found_mention (self, mention_id, error), NULL);
    }

  /* A change of case or punctuation only gives the same slug again. */
  slug = new_slug (clean);

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = _wd_conn_prepare (conn, sql_name_owner, &stmt);
    if (rc != SQLITE_OK)
      goto failed;
    _wd_bind_text (stmt, 1, clean);
    _wd_bind_text (stmt, 2, slug);
    sqlite3_bind_int64 (stmt, 3, mention_id);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_ROW)
      owner = sqlite3_column_int64 (stmt, 0);
    else if (rc != SQLITE_DONE)
      goto failed;
  }
  if (owner != 0)
    {
      g_autofree char *other = NULL;

      rc = step_int (conn, sql_mention_name, owner, NULL, NULL, &other);
      _wd_store_rollback_write (self);
      return (_wd_invalid (error, _("“%s” is already taken by the mention “%s”; merge the "
                                    "two mentions instead of renaming."),
                           clean, other != NULL ? other : clean), NULL);
    }

  if (g_str_equal (clean, old_name))
    {
      rc = read_mention (conn, mention_id, 0, &mention);
      _wd_store_rollback_write (self);
      if (rc != SQLITE_OK)
        return (_wd_store_fail (self, conn, rc, _("rename the mention"), error), NULL);
      return g_steal_pointer (&mention);
    }

  rc = run (conn, sql_drop_alias, mention_id, 0, clean);
  if (rc == SQLITE_OK)
    {
      g_autoptr(WdStmt) stmt = NULL;

      rc = _wd_conn_prepare (conn, sql_rename, &stmt);
      if (rc == SQLITE_OK)
        {
          sqlite3_bind_int64 (stmt, 1, mention_id);
          _wd_bind_text (stmt, 2, slug);
          _wd_bind_text (stmt, 3, clean);
          rc = sqlite3_step (stmt);
          rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
        }
    }
  /* "OpenAI" for "Openai" would be an alias equal to the name. */
  if (rc == SQLITE_OK && g_ascii_strcasecmp (old_name, clean) != 0)
    rc = run (conn, sql_add_alias, mention_id, 0, old_name);
  if (rc == SQLITE_OK)
    rc = read_mention (conn, mention_id, 0, &mention);
  if (rc != SQLITE_OK)
    goto failed;

  if (!_wd_store_commit_write (self, _("rename the mention"), error))
    return NULL;
  _wd_store_queue_changed (self, 0);
  return g_steal_pointer (&mention);

failed:
  _wd_store_fail (self, conn, rc, _("rename the mention"), error);
  _wd_store_rollback_write (self);
  return NULL;
}

/* Rank of a brief mention's state when two meet in a merge: what the
 * editor decided (attached, then dismissed) wins over a suggestion. */
#define STATE_RANK(s) \
  "(CASE " s " WHEN 'attached' THEN 3 WHEN 'dismissed' THEN 2 ELSE 1 END)"

/* ?1 keep, ?2 drop. "WHERE true" keeps the upsert's ON from being read as
 * a join constraint. In SET, "state" and "origin" are the old row's. */
static const char sql_merge_brief_mentions[] =
  "INSERT INTO brief_mentions (brief_id, mention_id, origin, state)"
  " SELECT brief_id, ?1, origin, state FROM brief_mentions WHERE mention_id = ?2 AND true"
  " ON CONFLICT (brief_id, mention_id) DO UPDATE SET"
  "   origin = CASE"
  "     WHEN " STATE_RANK ("excluded.state") " > " STATE_RANK ("state")
  "       THEN excluded.origin"
  "     WHEN excluded.state = state AND excluded.origin = 'editor' THEN 'editor'"
  "     ELSE origin END,"
  "   state = CASE"
  "     WHEN " STATE_RANK ("excluded.state") " > " STATE_RANK ("state")
  "       THEN excluded.state ELSE state END";

static const char sql_drop_brief_mentions[] =
  "DELETE FROM brief_mentions WHERE mention_id = ?2 AND ?1 IS NOT NULL";

/* An alias of drop that is keep's name (any case) would be redundant. */
static const char sql_drop_alias_of_name[] =
  "DELETE FROM mention_aliases WHERE mention_id = ?2"
  "   AND alias = (SELECT name FROM mentions WHERE id = ?1)";

static const char sql_move_aliases[] =
  "UPDATE OR IGNORE mention_aliases SET mention_id = ?1 WHERE mention_id = ?2";

static const char sql_delete_mention[] = "DELETE FROM mentions WHERE id = ?2 AND ?1 IS NOT NULL";

static const char sql_kept_name_is[] =
  "SELECT 1 FROM mentions WHERE id = ?1 AND name = ?3 COLLATE NOCASE AND ?2 IS NOT NULL";

/**
 * wd_store_merge_mentions:
 * @self: a #WdStore
 * @keep_id: the mention that remains
 * @drop_id: the mention merged into it
 * @error: return location for a #WD_STORE_ERROR
 *
 * Makes two catalog entries one: every brief of @drop_id gets @keep_id
 * instead (where a brief had both, an attached one wins over a dismissed
 * one, and that over a suggestion), @drop_id's aliases and name become
 * aliases of @keep_id, and @drop_id is deleted.
 *
 * Returns: (transfer full): the merged mention, or %NULL with @error set
 */
WdMention *
wd_store_merge_mentions (WdStore  *self,
                         gint64    keep_id,
                         gint64    drop_id,
                         GError  **error)
{
  g_autoptr(WdMention) mention = NULL;
  g_autofree char *drop_name = NULL;
  gboolean exists = FALSE;
  gboolean same_name = FALSE;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), NULL);

  if (keep_id == drop_id)
    return (_wd_invalid (error, _("A mention cannot be merged into itself; choose two "
                                  "different mentions.")), NULL);

  /* Translators: an action, put into "Wiredesk could not %s". */
  conn = _wd_store_begin_write (self, _("merge the mentions"), error);
  if (conn == NULL)
    return NULL;

  rc = step_int (conn, sql_mention_name, keep_id, &exists, NULL, NULL);
  if (rc != SQLITE_OK)
    goto failed;
  if (!exists)
    {
      _wd_store_rollback_write (self);
      return (not_found_mention (self, keep_id, error), NULL);
    }
  rc = step_int (conn, sql_mention_name, drop_id, &exists, NULL, &drop_name);
  if (rc != SQLITE_OK)
    goto failed;
  if (!exists)
    {
      _wd_store_rollback_write (self);
      return (not_found_mention (self, drop_id, error), NULL);
    }

  rc = run (conn, sql_merge_brief_mentions, keep_id, drop_id, NULL);
  if (rc == SQLITE_OK)
    rc = run (conn, sql_drop_brief_mentions, keep_id, drop_id, NULL);
  if (rc == SQLITE_OK)
    rc = run (conn, sql_drop_alias_of_name, keep_id, drop_id, NULL);
  if (rc == SQLITE_OK)
    rc = run (conn, sql_move_aliases, keep_id, drop_id, NULL);
  if (rc == SQLITE_OK)
    rc = run (conn, sql_delete_mention, keep_id, drop_id, NULL);
  if (rc == SQLITE_OK)
    {
      g_autoptr(WdStmt) stmt = NULL;

      rc = _wd_conn_prepare (conn, sql_kept_name_is, &stmt);
      if (rc == SQLITE_OK)
        {
          sqlite3_bind_int64 (stmt, 1, keep_id);
          sqlite3_bind_int64 (stmt, 2, drop_id);
          _wd_bind_text (stmt, 3, drop_name);
          rc = sqlite3_step (stmt);
          same_name = rc == SQLITE_ROW;
          rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
        }
    }
  if (rc == SQLITE_OK && !same_name)
    rc = run (conn, sql_add_alias, keep_id, 0, drop_name);
  if (rc == SQLITE_OK)
    rc = read_mention (conn, keep_id, 0, &mention);
  if (rc != SQLITE_OK)
    goto failed;

  if (!_wd_store_commit_write (self, _("merge the mentions"), error))
    return NULL;
  _wd_store_queue_changed (self, 0);
  return g_steal_pointer (&mention);

failed:
  _wd_store_fail (self, conn, rc, _("merge the mentions"), error);
  _wd_store_rollback_write (self);
  return NULL;
}

static const char sql_catalog_by_use[] =
  "SELECT m.id, m.name, m.kind, m.slug, NULL,"
  "       (SELECT group_concat (alias, char (31)) FROM mention_aliases a"
  "         WHERE a.mention_id = m.id),"
  "       (SELECT count(*) FROM brief_mentions bm"
  "         WHERE bm.mention_id = m.id AND bm.state = 'attached') AS n"
  " FROM mentions m ORDER BY n DESC, m.name COLLATE NOCASE, m.id";

/* Folded for comparison: case and compatibility forms ("ﬁ" = "fi"). */
static char *
fold (const char *text)
{
  g_autofree char *normal = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);

  return g_utf8_casefold (normal != NULL ? normal : text, -1);
}

/**
 * wd_store_find_mentions:
 * @self: a #WdStore
 * @prefix: what the editor typed
 * @limit: the most mentions to return; 0 for all
 * @error: return location for a #WD_STORE_ERROR
 *
 * Finds the catalog entries whose name or an alias starts with @prefix,
 * ignoring case, for completion: the most used first, then by name. A
 * mention found by an alias only has just the aliases that matched in
 * its "aliases" property (so a completion can show "MIT → Massachusetts
 * Institute of Technology"); one found by its name has no aliases set.
 *
 * Returns: (transfer container) (element-type WdMention): the mentions,
 *   or %NULL with @error set
 */
GPtrArray *
wd_store_find_mentions (WdStore     *self,
                        const char  *prefix,
                        guint        limit,
                        GError     **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(WdStmt) stmt = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *clean = NULL;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), NULL);
  g_return_val_if_fail (prefix != NULL, NULL);

  /* Translators: a text's name, put into "The %s is not valid UTF-8 text". */
  if (!_wd_check_utf8 (prefix, _("mention name"), error))
    return NULL;
  clean = g_strstrip (g_strdup (prefix));
  folded = fold (clean);

  conn = _wd_store_acquire_reader (self, NULL, error);
  if (conn == NULL)
    return NULL;

  rc = _wd_conn_prepare (conn, sql_catalog_by_use, &stmt);
  while (rc == SQLITE_OK || rc == SQLITE_ROW)
    {
      g_autoptr(GPtrArray) matched = NULL;
      g_auto(GStrv) aliases = NULL;
      g_autofree char *name = NULL;
      WdMentionKind kind = WD_MENTION_TOPIC;

      if (limit > 0 && found->len >= limit)
        {
          rc = SQLITE_DONE;
          break;
        }
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        break;

      name = fold (_wd_column_text (stmt, 1));
      if (!g_str_has_prefix (name, folded))
        {
          if (sqlite3_column_type (stmt, 5) == SQLITE_NULL)
            continue;
          aliases = g_strsplit (_wd_column_text (stmt, 5), "\x1f", -1);
          matched = g_ptr_array_new ();
          for (guint i = 0; aliases[i] != NULL; i++)
            {
              g_autofree char *alias = fold (aliases[i]);

              if (g_str_has_prefix (alias, folded))
                g_ptr_array_add (matched, aliases[i]);
            }
          if (matched->len == 0)
            continue;
          g_ptr_array_add (matched, NULL);
        }

      wd_mention_kind_from_string (_wd_column_text (stmt, 2), &kind);
      g_ptr_array_add (found,
                       g_object_new (WD_TYPE_MENTION,
                                     "id", sqlite3_column_int64 (stmt, 0),
                                     "name", _wd_column_text (stmt, 1),
                                     "kind", kind,
                                     "slug", _wd_column_text (stmt, 3),
                                     "aliases", matched != NULL ? matched->pdata : NULL,
                                     "brief-count", (guint) sqlite3_column_int (stmt, 6),
                                     NULL));
    }
  g_clear_pointer (&stmt, _wd_stmt_release);

  if (rc != SQLITE_DONE)
    {
      /* Translators: an action, put into "Wiredesk could not %s". */
      _wd_store_fail (self, conn, rc, _("look up the mentions"), error);
      _wd_store_release_reader (self, conn);
      return NULL;
    }
  _wd_store_release_reader (self, conn);
  return g_steal_pointer (&found);
}
