/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-store"

#include <glib/gi18n-lib.h>

#include "wd-store.h"
#include "wd-store-private.h"

/* Mentions */

/* Columns: id, name, kind, slug, origin (or NULL), aliases joined by
 * U+001F (or NULL), brief count. */
WdMention *
_wd_mention_from_row (sqlite3_stmt *stmt)
{
  g_auto(GStrv) aliases = NULL;
  WdMentionKind kind = WD_MENTION_TOPIC;

  wd_mention_kind_from_string (_wd_column_text (stmt, 2), &kind);
  if (sqlite3_column_type (stmt, 5) != SQLITE_NULL)
    aliases = g_strsplit (_wd_column_text (stmt, 5), "\x1f", -1);

  return g_object_new (WD_TYPE_MENTION,
                       "id", sqlite3_column_int64 (stmt, 0),
                       "name", _wd_column_text (stmt, 1),
                       "kind", kind,
                       "slug", _wd_column_text (stmt, 3),
                       "aliases", aliases,
                       "origin", _wd_column_origin (stmt, 4),
                       "brief-count", (guint) sqlite3_column_int (stmt, 6),
                       NULL);
}

static const char sql_find_mention[] =
  "SELECT id FROM mentions WHERE name = ?1 COLLATE NOCASE"
  " UNION ALL SELECT mention_id FROM mention_aliases WHERE alias = ?1"
  " UNION ALL SELECT id FROM mentions WHERE ?3 AND slug = ?2"
  " LIMIT 1";

static const char sql_get_mention[] =
  "SELECT m.id, m.name, m.kind, m.slug, NULL,"
  "       (SELECT group_concat (alias, char (31)) FROM mention_aliases a"
  "         WHERE a.mention_id = m.id),"
  "       (SELECT count(*) FROM brief_mentions bm"
  "         WHERE bm.mention_id = m.id AND bm.state = 'attached')"
  " FROM mentions m WHERE m.id = ?1";

static const char sql_slug_taken[] = "SELECT 1 FROM mentions WHERE slug = ?1";

static const char sql_insert_mention[] =
  "INSERT INTO mentions (name, kind, slug) VALUES (?1, ?2, ?3)";

static int
read_mention (WdConn     *conn,
              gint64      mention_id,
              WdMention **out)
{
  g_autoptr(WdStmt) stmt = NULL;
  int rc;

  *out = NULL;
  rc = _wd_conn_prepare (conn, sql_get_mention, &stmt);
  if (rc != SQLITE_OK)
    return rc;

  sqlite3_bind_int64 (stmt, 1, mention_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out = _wd_mention_from_row (stmt);
      return SQLITE_OK;
    }

  return rc == SQLITE_DONE ? SQLITE_NOTFOUND : rc;
}

/* A name with nothing that folds to ASCII (in Chinese, say) would get the
 * catch-all slug; it gets one of its own, from a hash of the name. */
static char *
mention_slug (const char *name,
              gboolean   *from_name)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");

  *from_name = FALSE;
  for (const char *p = ascii; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      *from_name = TRUE;

  if (*from_name)
    return wd_mention_slugify (name);
  else
    {
      g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA1, name, -1);

      return g_strdup_printf ("mention-%.10s", hash);
    }
}

/**
 * wd_store_ensure_mention:
 * @self: a #WdStore
 * @name: the mention's name
 * @kind: its kind, used when a new mention is made
 * @error: return location for a #WD_STORE_ERROR
 *
 * Finds the mention that @name refers to — by name or alias, ignoring
 * case, or by slug (which also ignores accents: "Zurich" finds "Zürich") —
 * or adds it to the catalog as a new mention of @kind. A mention found
 * keeps its own kind.
 *
 * Returns: (transfer full): the mention, or %NULL with @error set
 */
WdMention *
wd_store_ensure_mention (WdStore        *self,
                         const char     *name,
                         WdMentionKind   kind,
                         GError        **error)
{
  g_autofree char *clean = NULL;
  g_autofree char *slug = NULL;
  gboolean slug_from_name;
  gint64 mention_id = 0;
  WdMention *mention = NULL;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  /* Translators: a text's name, put into "The %s is not valid UTF-8 text". */
  if (!_wd_check_utf8 (name, _("mention's name"), error))
    return NULL;
  if ((guint) kind > WD_MENTION_PLACE)
    return (_wd_invalid (error, _("%d is not a mention kind; use one of publication, "
                           "organization, person, product, topic or place."), kind), NULL);

  clean = g_strstrip (g_strdup (name));
  if (*clean == '\0')
    return (_wd_invalid (error, _("A mention needs a name; give one that is not empty.")), NULL);

  slug = mention_slug (clean, &slug_from_name);

  /* Translators: an action, put into "Wiredesk could not %s". */
  conn = _wd_store_begin_write (self, _("save the mention"), error);
  if (conn == NULL)
    return NULL;

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = _wd_conn_prepare (conn, sql_find_mention, &stmt);
    if (rc != SQLITE_OK)
      goto failed;
    _wd_bind_text (stmt, 1, clean);
    _wd_bind_text (stmt, 2, slug);
    sqlite3_bind_int (stmt, 3, slug_from_name);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_ROW)
      mention_id = sqlite3_column_int64 (stmt, 0);
    else if (rc != SQLITE_DONE)
      goto failed;
  }

  if (mention_id != 0)
    {
      rc = read_mention (conn, mention_id, &mention);
      if (rc != SQLITE_OK)
        goto failed;
      _wd_store_rollback_write (self);
      return mention;
    }

  {
    g_autoptr(WdStmt) stmt = NULL;
    g_autofree char *candidate = g_strdup (slug);

    /* A slug from the name that is taken was found above; only a hashed
     * one can collide here, with a name that happens to slug the same. */
    for (guint n = 2; ; n++)
      {
        rc = _wd_conn_prepare (conn, sql_slug_taken, &stmt);
        if (rc != SQLITE_OK)
          goto failed;
        _wd_bind_text (stmt, 1, candidate);
        rc = sqlite3_step (stmt);
        g_clear_pointer (&stmt, _wd_stmt_release);
        if (rc == SQLITE_DONE)
          break;
        if (rc != SQLITE_ROW)
          goto failed;
        g_free (candidate);
        candidate = g_strdup_printf ("%s-%u", slug, n);
      }

    rc = _wd_conn_prepare (conn, sql_insert_mention, &stmt);
    if (rc != SQLITE_OK)
      goto failed;
    _wd_bind_text (stmt, 1, clean);
    sqlite3_bind_text (stmt, 2, wd_mention_kind_to_string (kind), -1, SQLITE_STATIC);
    _wd_bind_text (stmt, 3, candidate);
    rc = sqlite3_step (stmt);
    if (rc != SQLITE_DONE)
      goto failed;
    mention_id = sqlite3_last_insert_rowid (conn->db);
  }

  rc = read_mention (conn, mention_id, &mention);
  if (rc != SQLITE_OK)
    goto failed;

  if (!_wd_store_commit_write (self, _("save the mention"), error))
    {
      g_clear_object (&mention);
      return NULL;
    }

  return mention;

failed:
  _wd_store_fail (self, conn, rc, _("save the mention"), error);
  _wd_store_rollback_write (self);
  return NULL;
}

static const char sql_list_mentions[] =
  "SELECT m.id, m.name, m.kind, m.slug, NULL,"
  "       (SELECT group_concat (alias, char (31)) FROM mention_aliases a"
  "         WHERE a.mention_id = m.id),"
  "       (SELECT count(*) FROM brief_mentions bm"
  "         WHERE bm.mention_id = m.id AND bm.state = 'attached')"
  " FROM mentions m ORDER BY m.name COLLATE NOCASE, m.id";

/**
 * wd_store_list_mentions:
 * @self: a #WdStore
 * @error: return location for a #WD_STORE_ERROR
 *
 * Lists the mention catalog by name, each with its aliases and
 * "brief-count", the number of briefs it is attached to.
 *
 * Returns: (transfer container) (element-type WdMention): the mentions, or
 *   %NULL with @error set
 */
GPtrArray *
wd_store_list_mentions (WdStore  *self,
                        GError  **error)
{
  g_autoptr(GPtrArray) mentions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(WdStmt) stmt = NULL;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), NULL);

  conn = _wd_store_begin_read (self, NULL, error);
  if (conn == NULL)
    return NULL;

  rc = _wd_conn_prepare (conn, sql_list_mentions, &stmt);
  if (rc == SQLITE_OK)
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      g_ptr_array_add (mentions, _wd_mention_from_row (stmt));
  g_clear_pointer (&stmt, _wd_stmt_release);

  if (rc != SQLITE_DONE)
    {
      /* Translators: an action, put into "Wiredesk could not %s". */
      _wd_store_fail (self, conn, rc, _("read the mentions"), error);
      _wd_store_end_read (self, conn);
      return NULL;
    }

  _wd_store_end_read (self, conn);
  return g_steal_pointer (&mentions);
}

static const char sql_brief_exists[] = "SELECT 1 FROM briefs WHERE id = ?1";
static const char sql_mention_exists[] = "SELECT 1 FROM mentions WHERE id = ?1";

/* An editor's attachment is not turned into the model's by a later
 * suggestion of the same mention. */
static const char sql_attach_mention[] =
  "INSERT INTO brief_mentions (brief_id, mention_id, origin, state)"
  " VALUES (?1, ?2, ?3, 'attached')"
  " ON CONFLICT (brief_id, mention_id) DO UPDATE SET"
  "   origin = CASE WHEN state = 'attached' THEN origin ELSE excluded.origin END,"
  "   state = 'attached'";

static int
row_exists (WdConn     *conn,
            const char *sql,
            gint64      id,
            gboolean   *exists)
{
  g_autoptr(WdStmt) stmt = NULL;
  int rc;

  rc = _wd_conn_prepare (conn, sql, &stmt);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  *exists = rc == SQLITE_ROW;

  return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/**
 * wd_store_attach_mention:
 * @self: a #WdStore
 * @brief_id: the brief's id
 * @mention_id: the mention's id
 * @origin: who attached it
 * @error: return location for a #WD_STORE_ERROR
 *
 * Attaches a mention to a brief (again, if it was dismissed). Attaching
 * one already attached changes nothing, except that an editor's
 * attachment of a model's suggestion makes it the editor's.
 *
 * Returns: %TRUE on success
 */
gboolean
wd_store_attach_mention (WdStore   *self,
                         gint64     brief_id,
                         gint64     mention_id,
                         WdOrigin   origin,
                         GError   **error)
{
  gboolean exists = FALSE;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), FALSE);

  if ((guint) origin > WD_ORIGIN_EDITOR)
    return _wd_invalid (error, _("%d is not an origin; use ai or editor."), origin);

  /* Translators: an action, put into "Wiredesk could not %s". */
  conn = _wd_store_begin_write (self, _("attach the mention"), error);
  if (conn == NULL)
    return FALSE;

  rc = row_exists (conn, sql_brief_exists, brief_id, &exists);
  if (rc != SQLITE_OK)
    goto failed;
  if (!exists)
    {
      _wd_store_rollback_write (self);
      return _wd_store_not_found_brief (self, brief_id, error);
    }

  rc = row_exists (conn, sql_mention_exists, mention_id, &exists);
  if (rc != SQLITE_OK)
    goto failed;
  if (!exists)
    {
      _wd_store_rollback_write (self);
      g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND,
                   /* Translators: %lld is the mention's id, %s the archive's path;
                    * keep the command "wiredesk-cli mention list" as it is. */
                   _("There is no mention %lld in the archive %s; check the id "
                     "(\"wiredesk-cli mention list\" shows them)."),
                   (long long) mention_id, self->path);
      return FALSE;
    }

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = _wd_conn_prepare (conn, sql_attach_mention, &stmt);
    if (rc != SQLITE_OK)
      goto failed;
    sqlite3_bind_int64 (stmt, 1, brief_id);
    sqlite3_bind_int64 (stmt, 2, mention_id);
    sqlite3_bind_text (stmt, 3, wd_origin_to_string (origin), -1, SQLITE_STATIC);
    rc = sqlite3_step (stmt);
    if (rc != SQLITE_DONE)
      goto failed;
  }

  rc = _wd_conn_touch_brief (conn, brief_id, _wd_now_unix ());
  if (rc != SQLITE_OK)
    goto failed;

  if (!_wd_store_commit_write (self, _("attach the mention"), error))
    return FALSE;

  _wd_store_queue_changed (self, brief_id);
  return TRUE;

failed:
  _wd_store_fail (self, conn, rc, _("attach the mention"), error);
  _wd_store_rollback_write (self);
  return FALSE;
}

/* Publisher policies */

/**
 * wd_policy_free:
 * @policy: (nullable): a #WdPolicy
 *
 * Frees @policy and its strings.
 */
void
wd_policy_free (WdPolicy *policy)
{
  if (policy == NULL)
    return;

  g_free (policy->domain);
  g_free (policy->note);
  g_free (policy);
}

static const char sql_insert_policy[] =
  "INSERT INTO publisher_policies (domain, version, policy, max_quote_words, note,"
  "                                created_at, max_run_words, max_copied_percent)"
  " SELECT ?1, coalesce (max (version), 0) + 1, ?2, ?3, ?4, ?5, ?6, ?7"
  " FROM publisher_policies WHERE domain = ?1";

static const char sql_get_policy[] =
  "SELECT domain, version, policy, max_quote_words, note, max_run_words,"
  "       max_copied_percent FROM publisher_policies"
  " WHERE domain = ?1 ORDER BY version DESC LIMIT 1";

static char *
normalize_domain (const char *domain)
{
  g_autofree char *stripped = g_strstrip (g_strdup (domain));

  return g_ascii_strdown (stripped, -1);
}

static const char sql_alias_taken[] =
  "SELECT mention_id FROM mention_aliases WHERE alias = ?1"
  " UNION ALL SELECT id FROM mentions WHERE name = ?1 COLLATE NOCASE LIMIT 1";

static const char sql_insert_alias[] =
  "INSERT INTO mention_aliases (mention_id, alias) VALUES (?1, ?2)";

/**
 * wd_store_add_mention_alias:
 * @self: a #WdStore
 * @mention_id: the catalog entry
 * @alias: another name for it ("MIT" for "Massachusetts Institute of
 *   Technology")
 * @error: return location for a #WD_STORE_ERROR
 *
 * Adds @alias to a mention, so drafts and the catalog entry find it. An
 * alias is unique across the catalog: one already used by another mention
 * (as a name or an alias) is refused.
 *
 * Returns: %TRUE on success (also when @mention_id has @alias already)
 */
gboolean
wd_store_add_mention_alias (WdStore     *self,
                            gint64       mention_id,
                            const char  *alias,
                            GError     **error)
{
  g_autofree char *clean = NULL;
  gboolean exists = FALSE;
  gint64 owner = 0;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), FALSE);
  g_return_val_if_fail (alias != NULL, FALSE);

  /* Translators: a text's name, put into "The %s is not valid UTF-8 text". */
  if (!_wd_check_utf8 (alias, _("alias"), error))
    return FALSE;
  clean = g_strstrip (g_strdup (alias));
  if (*clean == '\0')
    return _wd_invalid (error, _("An alias needs a name."));

  /* Translators: an action, put into "Wiredesk could not %s". */
  conn = _wd_store_begin_write (self, _("add the alias"), error);
  if (conn == NULL)
    return FALSE;

  rc = row_exists (conn, sql_mention_exists, mention_id, &exists);
  if (rc != SQLITE_OK)
    goto failed;
  if (!exists)
    {
      _wd_store_rollback_write (self);
      g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND,
                   _("There is no mention %lld in the archive %s; check the id "
                     "(\"wiredesk-cli mention list\" shows them)."),
                   (long long) mention_id, self->path);
      return FALSE;
    }

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = _wd_conn_prepare (conn, sql_alias_taken, &stmt);
    if (rc != SQLITE_OK)
      goto failed;
    _wd_bind_text (stmt, 1, clean);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_ROW)
      owner = sqlite3_column_int64 (stmt, 0);
    else if (rc != SQLITE_DONE)
      goto failed;
  }
  if (owner == mention_id)
    {
      _wd_store_rollback_write (self);
      return TRUE;
    }
  if (owner != 0)
    {
      _wd_store_rollback_write (self);
      return _wd_invalid (error, _("“%s” already names another mention; merge the two "
                            "mentions instead."), clean);
    }

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = _wd_conn_prepare (conn, sql_insert_alias, &stmt);
    if (rc != SQLITE_OK)
      goto failed;
    sqlite3_bind_int64 (stmt, 1, mention_id);
    _wd_bind_text (stmt, 2, clean);
    rc = sqlite3_step (stmt);
    if (rc != SQLITE_DONE)
      goto failed;
  }

  if (!_wd_store_commit_write (self, _("add the alias"), error))
    return FALSE;
  _wd_store_queue_changed (self, 0);
  return TRUE;

failed:
  _wd_store_fail (self, conn, rc, _("add the alias"), error);
  _wd_store_rollback_write (self);
  return FALSE;
}

/**
 * wd_store_set_policy:
 * @self: a #WdStore
 * @domain: the publisher's domain (case does not matter)
 * @kind: what the publisher allows
 * @max_quote_words: the longest quote allowed, or -1 for the default
 * @note: (nullable): why, for the record (a takedown request, say)
 * @error: return location for a #WD_STORE_ERROR
 *
 * Records a publisher's policy as a new version; earlier versions stay.
 *
 * Returns: %TRUE on success
 */
gboolean
wd_store_set_policy (WdStore       *self,
                     const char    *domain,
                     WdPolicyKind   kind,
                     int            max_quote_words,
                     const char    *note,
                     GError       **error)
{
  return wd_store_set_policy_full (self, domain, kind, max_quote_words, -1, -1, note, error);
}

/**
 * wd_store_set_policy_full:
 * @self: a #WdStore
 * @domain: the publisher's domain (case does not matter)
 * @kind: what the publisher allows
 * @max_quote_words: the longest quote allowed, or -1 for the default
 * @max_run_words: the longest run of words a brief may share with the
 *   source outside quotations (1 or more), or -1 for the default (12)
 * @max_copied_percent: the most of a brief that may sit in such runs of 8
 *   words or more, in percent (1 to 100), or -1 for the default (10)
 * @note: (nullable): why, for the record (a takedown request, say)
 * @error: return location for a #WD_STORE_ERROR
 *
 * wd_store_set_policy() with the copy guard's limits for this publisher.
 *
 * Returns: %TRUE on success
 */
gboolean
wd_store_set_policy_full (WdStore       *self,
                          const char    *domain,
                          WdPolicyKind   kind,
                          int            max_quote_words,
                          int            max_run_words,
                          int            max_copied_percent,
                          const char    *note,
                          GError       **error)
{
  g_autoptr(WdStmt) stmt = NULL;
  g_autofree char *clean = NULL;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), FALSE);
  g_return_val_if_fail (domain != NULL, FALSE);

  /* Translators: a text's name, put into "The %s is not valid UTF-8 text". */
  if (!_wd_check_utf8 (domain, _("domain"), error) || !_wd_check_utf8 (note, _("note"), error))
    return FALSE;

  clean = normalize_domain (domain);
  if (*clean == '\0')
    return _wd_invalid (error, _("A publisher policy needs a domain, like example.org."));
  if ((guint) kind > WD_POLICY_EXCLUDED)
    return _wd_invalid (error, _("%d is not a policy; use one of summarize, link-only or "
                          "excluded."), kind);
  if (max_quote_words < -1)
    return _wd_invalid (error, _("The longest quote allowed cannot be %d words; give 0 or "
                          "more, or leave it out for the default."), max_quote_words);
  if (max_run_words == 0 || max_run_words < -1)
    return _wd_invalid (error, _("The longest shared run allowed cannot be %d words; give 1 "
                                 "or more, or leave it out for the default."), max_run_words);
  if (max_copied_percent == 0 || max_copied_percent < -1 || max_copied_percent > 100)
    return _wd_invalid (error, _("The copied share allowed cannot be %d %%; give 1 to 100, "
                                 "or leave it out for the default."), max_copied_percent);

  /* Translators: an action, put into "Wiredesk could not %s". */
  conn = _wd_store_begin_write (self, _("save the publisher policy"), error);
  if (conn == NULL)
    return FALSE;

  rc = _wd_conn_prepare (conn, sql_insert_policy, &stmt);
  if (rc == SQLITE_OK)
    {
      _wd_bind_text (stmt, 1, clean);
      sqlite3_bind_text (stmt, 2, wd_policy_kind_to_string (kind), -1, SQLITE_STATIC);
      _wd_bind_opt_int (stmt, 3, max_quote_words);
      _wd_bind_text (stmt, 4, note);
      sqlite3_bind_int64 (stmt, 5, _wd_now_unix ());
      _wd_bind_opt_int (stmt, 6, max_run_words);
      _wd_bind_opt_int (stmt, 7, max_copied_percent);
      rc = sqlite3_step (stmt);
    }
  g_clear_pointer (&stmt, _wd_stmt_release);

  if (rc != SQLITE_DONE)
    {
      _wd_store_fail (self, conn, rc, _("save the publisher policy"), error);
      _wd_store_rollback_write (self);
      return FALSE;
    }

  return _wd_store_commit_write (self, _("save the publisher policy"), error);
}

/**
 * wd_store_get_policy:
 * @self: a #WdStore
 * @domain: the publisher's domain (case does not matter; no parent domain
 *   is tried)
 * @error: return location for a #WD_STORE_ERROR
 *
 * Reads the newest policy recorded for @domain. A domain with no policy
 * is not an error: the result is %NULL and @error stays unset, so a
 * caller tells the two apart by @error.
 *
 * Returns: (transfer full) (nullable): the policy, or %NULL
 */
WdPolicy *
wd_store_get_policy (WdStore     *self,
                     const char  *domain,
                     GError     **error)
{
  g_autoptr(WdStmt) stmt = NULL;
  g_autofree char *clean = NULL;
  WdPolicy *policy = NULL;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), NULL);
  g_return_val_if_fail (domain != NULL, NULL);

  clean = normalize_domain (domain);

  conn = _wd_store_acquire_reader (self, NULL, error);
  if (conn == NULL)
    return NULL;

  rc = _wd_conn_prepare (conn, sql_get_policy, &stmt);
  if (rc == SQLITE_OK)
    {
      _wd_bind_text (stmt, 1, clean);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          WdPolicyKind kind = WD_POLICY_SUMMARIZE;

          wd_policy_kind_from_string (_wd_column_text (stmt, 2), &kind);
          policy = g_new0 (WdPolicy, 1);
          policy->domain = g_strdup (_wd_column_text (stmt, 0));
          policy->version = sqlite3_column_int (stmt, 1);
          policy->kind = kind;
          policy->max_quote_words = sqlite3_column_type (stmt, 3) == SQLITE_NULL
                                    ? -1 : sqlite3_column_int (stmt, 3);
          policy->note = g_strdup (_wd_column_text (stmt, 4));
          policy->max_run_words = sqlite3_column_type (stmt, 5) == SQLITE_NULL
                                  ? -1 : sqlite3_column_int (stmt, 5);
          policy->max_copied_percent = sqlite3_column_type (stmt, 6) == SQLITE_NULL
                                       ? -1 : sqlite3_column_int (stmt, 6);
          rc = SQLITE_DONE;
        }
    }
  g_clear_pointer (&stmt, _wd_stmt_release);

  if (rc != SQLITE_DONE)
    /* Translators: an action, put into "Wiredesk could not %s". */
    _wd_store_fail (self, conn, rc, _("read the publisher policy"), error);
  _wd_store_release_reader (self, conn);

  return policy;
}

static const char sql_list_policies[] =
  "SELECT p.domain, p.version, p.policy, p.max_quote_words, p.note, p.max_run_words,"
  "       p.max_copied_percent"
  "  FROM publisher_policies p"
  " WHERE p.version = (SELECT max(version) FROM publisher_policies q"
  "                     WHERE q.domain = p.domain)"
  " ORDER BY p.domain";

/**
 * wd_store_list_policies:
 * @self: a #WdStore
 * @error: return location for a #WD_STORE_ERROR
 *
 * Lists the newest policy of every domain that has one, by domain.
 *
 * Returns: (transfer container) (element-type WdPolicy): the policies, or
 *   %NULL with @error set
 */
GPtrArray *
wd_store_list_policies (WdStore  *self,
                        GError  **error)
{
  g_autoptr(GPtrArray) policies = NULL;
  g_autoptr(WdStmt) stmt = NULL;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), NULL);

  conn = _wd_store_acquire_reader (self, NULL, error);
  if (conn == NULL)
    return NULL;

  policies = g_ptr_array_new_with_free_func ((GDestroyNotify) wd_policy_free);
  rc = _wd_conn_prepare (conn, sql_list_policies, &stmt);
  while (rc == SQLITE_OK || rc == SQLITE_ROW)
    {
      WdPolicyKind kind = WD_POLICY_SUMMARIZE;
      WdPolicy *policy;

      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        break;
      wd_policy_kind_from_string (_wd_column_text (stmt, 2), &kind);
      policy = g_new0 (WdPolicy, 1);
      policy->domain = g_strdup (_wd_column_text (stmt, 0));
      policy->version = sqlite3_column_int (stmt, 1);
      policy->kind = kind;
      policy->max_quote_words = sqlite3_column_type (stmt, 3) == SQLITE_NULL
                                ? -1 : sqlite3_column_int (stmt, 3);
      policy->note = g_strdup (_wd_column_text (stmt, 4));
      policy->max_run_words = sqlite3_column_type (stmt, 5) == SQLITE_NULL
                              ? -1 : sqlite3_column_int (stmt, 5);
      policy->max_copied_percent = sqlite3_column_type (stmt, 6) == SQLITE_NULL
                                   ? -1 : sqlite3_column_int (stmt, 6);
      g_ptr_array_add (policies, policy);
    }
  g_clear_pointer (&stmt, _wd_stmt_release);

  if (rc != SQLITE_DONE)
    {
      /* Translators: an action, put into "Wiredesk could not %s". */
      _wd_store_fail (self, conn, rc, _("list the publisher policies"), error);
      _wd_store_release_reader (self, conn);
      return NULL;
    }
  _wd_store_release_reader (self, conn);

  return g_steal_pointer (&policies);
}
