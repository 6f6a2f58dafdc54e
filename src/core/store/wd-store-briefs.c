/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-store"

#include <glib/gi18n-lib.h>

#include "wd-store.h"
#include "wd-models-private.h"
#include "wd-store-private.h"
#include "text/wd-diff.h"

/* Helpers */

static WdBriefStatus
column_status (sqlite3_stmt *stmt,
               int           column)
{
  WdBriefStatus status = WD_BRIEF_STATUS_INBOX;

  wd_brief_status_from_string (_wd_column_text (stmt, column), &status);
  return status;
}

static gboolean
filter_status (WdBriefFilter  filter,
               const char   **status)
{
  switch (filter)
    {
    case WD_BRIEF_FILTER_ALL:
      *status = NULL;
      return TRUE;
    case WD_BRIEF_FILTER_INBOX:
      *status = "inbox";
      return TRUE;
    case WD_BRIEF_FILTER_DRAFTS:
      *status = "draft";
      return TRUE;
    case WD_BRIEF_FILTER_REVIEW:
      *status = "review";
      return TRUE;
    case WD_BRIEF_FILTER_APPROVED:
      *status = "approved";
      return TRUE;
    case WD_BRIEF_FILTER_PUBLISHED:
      *status = "published";
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
_wd_store_not_found_brief (WdStore  *self,
                           gint64    brief_id,
                           GError  **error)
{
  g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND,
               /* Translators: %lld is the brief's id, %s the archive's path; keep the
                * command "wiredesk-cli list" as it is. */
               _("There is no brief %lld in the archive %s; check the id "
                 "(\"wiredesk-cli list\" shows them)."),
               (long long) brief_id, self->path);
  return FALSE;
}

/* List rows */

#define LIST_ROW_COLUMNS \
  "b.id, b.uuid, b.headline, b.status, b.created_at, b.updated_at, b.source_id, " \
  "s.title, coalesce (s.publisher_name, s.publisher_domain), s.published_at"
#define LIST_ROW_FROM " FROM briefs b JOIN sources s ON s.id = b.source_id"

static WdBrief *
brief_from_row (sqlite3_stmt *stmt,
                WdSource     *source,
                GListModel   *sections,
                GListModel   *mentions)
{
  g_autoptr(GDateTime) created_at = _wd_column_time (stmt, 4);
  g_autoptr(GDateTime) updated_at = _wd_column_time (stmt, 5);
  g_autoptr(GDateTime) published_at = _wd_column_time (stmt, 9);

  return g_object_new (WD_TYPE_BRIEF,
                       "id", sqlite3_column_int64 (stmt, 0),
                       "uuid", _wd_column_text (stmt, 1),
                       "headline", _wd_column_text (stmt, 2),
                       "status", column_status (stmt, 3),
                       "created-at", created_at,
                       "updated-at", updated_at,
                       "source-id", sqlite3_column_int64 (stmt, 6),
                       "source-title", _wd_column_text (stmt, 7),
                       "publisher", _wd_column_text (stmt, 8),
                       "source-published-at", published_at,
                       "source", source,
                       "sections", sections,
                       "mentions", mentions,
                       NULL);
}

/* The list row, then where the brief went: whether it changed since, and
 * its first target's time and address (columns 10-12). */
static const char sql_brief_row[] =
  "SELECT " LIST_ROW_COLUMNS ", b.changed_since_publish,"
  "       (SELECT min (r.published_at) FROM brief_remotes r"
  "         WHERE r.brief_id = b.id AND r.published_at IS NOT NULL),"
  "       (SELECT r.remote_url FROM brief_remotes r"
  "         WHERE r.brief_id = b.id AND r.published_at IS NOT NULL"
  "         ORDER BY r.published_at LIMIT 1)"
  LIST_ROW_FROM " WHERE b.id = ?1";

static const char sql_live_brief_row[] =
  "SELECT " LIST_ROW_COLUMNS LIST_ROW_FROM " WHERE b.id = ?1 AND b.deleted_at = 0";

/* Reads one list row; NULL with no error when there is no such brief, or
 * it was deleted. */
WdBrief *
_wd_store_read_brief_row (WdStore     *self,
                          WdConn      *conn,
                          gint64       brief_id,
                          GError     **error)
{
  g_autoptr(WdStmt) stmt = NULL;
  int rc;

  rc = _wd_conn_prepare (conn, sql_live_brief_row, &stmt);
  if (rc != SQLITE_OK)
    /* Translators: an action, put into "Wiredesk could not %s". */
    return (_wd_store_fail (self, conn, rc, _("read a brief"), error), NULL);

  sqlite3_bind_int64 (stmt, 1, brief_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return brief_from_row (stmt, NULL, NULL, NULL);
  if (rc != SQLITE_DONE)
    _wd_store_fail (self, conn, rc, _("read a brief"), error);

  return NULL;
}

/* Briefs */

static const char sql_brief_sections[] =
  "SELECT s.id, s.kind, s.position, s.text, s.revision_id, r.origin, s.approved,"
  "       coalesce (r.incomplete, 0), coalesce (s.edit_share, -1)"
  " FROM sections s LEFT JOIN section_revisions r ON r.id = s.revision_id"
  " WHERE s.brief_id = ?1 ORDER BY s.position";

static const char sql_brief_mentions[] =
  "SELECT m.id, m.name, m.kind, m.slug, bm.origin,"
  "       (SELECT group_concat (alias, char (31)) FROM mention_aliases a"
  "         WHERE a.mention_id = m.id),"
  "       0"
  " FROM brief_mentions bm JOIN mentions m ON m.id = bm.mention_id"
  " WHERE bm.brief_id = ?1 AND bm.state = 'attached'"
  " ORDER BY m.name COLLATE NOCASE, m.id";

WdBrief *
_wd_store_load_brief (WdStore       *self,
                      gint64         brief_id,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(WdSource) source = NULL;
  g_autoptr(GListStore) sections = g_list_store_new (WD_TYPE_SECTION);
  g_autoptr(GListStore) mentions = g_list_store_new (WD_TYPE_MENTION);
  g_autoptr(WdStmt) row = NULL;
  WdBrief *brief = NULL;
  WdConn *conn;
  int rc;

  conn = _wd_store_begin_read (self, cancellable, error);
  if (conn == NULL)
    return NULL;

  rc = _wd_conn_prepare (conn, sql_brief_row, &row);
  if (rc != SQLITE_OK)
    goto failed;
  sqlite3_bind_int64 (row, 1, brief_id);
  rc = sqlite3_step (row);
  if (rc == SQLITE_DONE)
    {
      _wd_store_not_found_brief (self, brief_id, error);
      _wd_store_end_read (self, conn);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    goto failed;

  source = _wd_store_read_source (self, conn, sqlite3_column_int64 (row, 6), error);
  if (source == NULL)
    {
      _wd_store_end_read (self, conn);
      return NULL;
    }

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = _wd_conn_prepare (conn, sql_brief_sections, &stmt);
    if (rc != SQLITE_OK)
      goto failed;
    sqlite3_bind_int64 (stmt, 1, brief_id);

    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        g_autoptr(WdSection) section = NULL;
        WdSectionKind kind = WD_SECTION_SUMMARY;

        wd_section_kind_from_string (_wd_column_text (stmt, 1), &kind);
        section = g_object_new (WD_TYPE_SECTION,
                                "id", sqlite3_column_int64 (stmt, 0),
                                "brief-id", brief_id,
                                "kind", kind,
                                "position", (guint) sqlite3_column_int (stmt, 2),
                                "text", _wd_column_text (stmt, 3),
                                "revision-id", sqlite3_column_int64 (stmt, 4),
                                "origin", _wd_column_origin (stmt, 5),
                                "approved", sqlite3_column_int (stmt, 6) != 0,
                                "incomplete", sqlite3_column_int (stmt, 7) != 0,
                                "edit-share", sqlite3_column_double (stmt, 8),
                                NULL);
        g_list_store_append (sections, section);
      }
    if (rc != SQLITE_DONE)
      goto failed;
  }

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = _wd_conn_prepare (conn, sql_brief_mentions, &stmt);
    if (rc != SQLITE_OK)
      goto failed;
    sqlite3_bind_int64 (stmt, 1, brief_id);

    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        g_autoptr(WdMention) mention = _wd_mention_from_row (stmt);

        g_list_store_append (mentions, mention);
      }
    if (rc != SQLITE_DONE)
      goto failed;
  }

  brief = brief_from_row (row, source, G_LIST_MODEL (sections), G_LIST_MODEL (mentions));
  {
    g_autoptr(GDateTime) published_at = _wd_column_time (row, 11);

    wd_brief_set_publication (brief, published_at, _wd_column_text (row, 12),
                              sqlite3_column_int (row, 10) != 0);
  }
  g_clear_pointer (&row, _wd_stmt_release);
  _wd_store_end_read (self, conn);

  return brief;

failed:
  /* Translators: an action, put into "Wiredesk could not %s". */
  _wd_store_fail (self, conn, rc, _("read the brief"), error);
  g_clear_pointer (&row, _wd_stmt_release);
  _wd_store_end_read (self, conn);
  return NULL;
}

/**
 * wd_store_load_brief:
 * @self: a #WdStore
 * @brief_id: the brief's id
 * @error: return location for a #WD_STORE_ERROR
 *
 * Reads a brief in full, from one consistent snapshot: its list-row
 * fields, its source (with text), its sections in position order and its
 * attached mentions.
 *
 * Returns: (transfer full): the brief, or %NULL with @error set
 *   (%WD_STORE_ERROR_NOT_FOUND when there is none with that id)
 */
WdBrief *
wd_store_load_brief (WdStore  *self,
                     gint64    brief_id,
                     GError  **error)
{
  g_return_val_if_fail (WD_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _wd_store_load_brief (self, brief_id, NULL, error);
}

/* All of them less the deleted: SQLite counts a whole table from its
 * smallest index at once, and the deleted are few (briefs_live). */
static const char sql_count_all[] =
  "SELECT (SELECT count(*) FROM briefs)"
  "     - (SELECT count(*) FROM briefs WHERE deleted_at > 0)";
static const char sql_count_status[] =
  "SELECT count(*) FROM briefs WHERE status = ?1 AND deleted_at = 0";

gboolean
_wd_store_count_briefs (WdStore        *self,
                        WdBriefFilter   filter,
                        guint          *count,
                        GCancellable   *cancellable,
                        GError        **error)
{
  g_autoptr(WdStmt) stmt = NULL;
  const char *status;
  WdConn *conn;
  int rc;

  if (!filter_status (filter, &status))
    return _wd_invalid (error, _("%d is not a brief filter; use one of all, inbox, drafts, "
                          "review, approved or published."), filter);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  conn = _wd_store_acquire_reader (self, cancellable, error);
  if (conn == NULL)
    return FALSE;

  rc = _wd_conn_prepare (conn, status != NULL ? sql_count_status : sql_count_all, &stmt);
  if (rc == SQLITE_OK)
    {
      if (status != NULL)
        sqlite3_bind_text (stmt, 1, status, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *count = (guint) sqlite3_column_int64 (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  g_clear_pointer (&stmt, _wd_stmt_release);

  if (rc != SQLITE_OK)
    /* Translators: an action, put into "Wiredesk could not %s". */
    _wd_store_fail (self, conn, rc, _("count the briefs"), error);
  _wd_store_release_reader (self, conn);

  return rc == SQLITE_OK;
}

/**
 * wd_store_count_briefs:
 * @self: a #WdStore
 * @filter: which briefs
 * @error: return location for a #WD_STORE_ERROR
 *
 * Counts the briefs that @filter shows.
 *
 * Returns: the count; 0 with @error set on failure
 */
guint
wd_store_count_briefs (WdStore        *self,
                       WdBriefFilter   filter,
                       GError        **error)
{
  guint count = 0;

  g_return_val_if_fail (WD_IS_STORE (self), 0);

  if (!_wd_store_count_briefs (self, filter, &count, NULL, error))
    return 0;

  return count;
}

/* The page's ids are picked from the briefs table (or its status index)
 * alone, so skipping a deep offset never reads the sources. */
static const char sql_list_all[] =
  "SELECT " LIST_ROW_COLUMNS LIST_ROW_FROM
  " WHERE b.id IN (SELECT id FROM briefs WHERE deleted_at = 0"
  "                ORDER BY id DESC LIMIT ?1 OFFSET ?2)"
  " ORDER BY b.id DESC";

static const char sql_list_status[] =
  "SELECT " LIST_ROW_COLUMNS LIST_ROW_FROM
  " WHERE b.id IN (SELECT id FROM briefs WHERE status = ?3 AND deleted_at = 0"
  "                ORDER BY id DESC LIMIT ?1 OFFSET ?2)"
  " ORDER BY b.id DESC";

GPtrArray *
_wd_store_list_briefs (WdStore        *self,
                       WdBriefFilter   filter,
                       guint           offset,
                       guint           limit,
                       GCancellable   *cancellable,
                       GError        **error)
{
  g_autoptr(GPtrArray) briefs = NULL;
  g_autoptr(WdStmt) stmt = NULL;
  const char *status;
  WdConn *conn;
  int rc;

  if (!filter_status (filter, &status))
    return (_wd_invalid (error, _("%d is not a brief filter; use one of all, inbox, drafts, "
                           "review, approved or published."), filter), NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  conn = _wd_store_acquire_reader (self, cancellable, error);
  if (conn == NULL)
    return NULL;

  briefs = g_ptr_array_new_full (limit, g_object_unref);

  rc = _wd_conn_prepare (conn, status != NULL ? sql_list_status : sql_list_all, &stmt);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, limit);
      sqlite3_bind_int64 (stmt, 2, offset);
      if (status != NULL)
        sqlite3_bind_text (stmt, 3, status, -1, SQLITE_STATIC);

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (briefs, brief_from_row (stmt, NULL, NULL, NULL));
    }
  g_clear_pointer (&stmt, _wd_stmt_release);

  if (rc != SQLITE_DONE)
    {
      /* Translators: an action, put into "Wiredesk could not %s". */
      _wd_store_fail (self, conn, rc, _("read the list of briefs"), error);
      _wd_store_release_reader (self, conn);
      return NULL;
    }

  _wd_store_release_reader (self, conn);
  return g_steal_pointer (&briefs);
}

/**
 * wd_store_list_briefs:
 * @self: a #WdStore
 * @filter: which briefs
 * @offset: how many of the newest to skip
 * @limit: how many at most
 * @error: return location for a #WD_STORE_ERROR
 *
 * Reads one page of list rows (no source text, sections or mentions),
 * newest brief first.
 *
 * Returns: (transfer container) (element-type WdBrief): the rows, or %NULL
 *   with @error set
 */
GPtrArray *
wd_store_list_briefs (WdStore        *self,
                      WdBriefFilter   filter,
                      guint           offset,
                      guint           limit,
                      GError        **error)
{
  g_return_val_if_fail (WD_IS_STORE (self), NULL);

  return _wd_store_list_briefs (self, filter, offset, limit, NULL, error);
}

static gboolean
set_brief_column (WdStore     *self,
                  const char  *sql,
                  gint64       brief_id,
                  const char  *value,
                  const char  *doing,
                  GError     **error)
{
  g_autoptr(WdStmt) stmt = NULL;
  WdConn *conn;
  int rc;

  conn = _wd_store_begin_write (self, doing, error);
  if (conn == NULL)
    return FALSE;

  rc = _wd_conn_prepare (conn, sql, &stmt);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, brief_id);
      _wd_bind_text (stmt, 2, value);
      sqlite3_bind_int64 (stmt, 3, _wd_now_unix ());
      rc = sqlite3_step (stmt);
    }
  g_clear_pointer (&stmt, _wd_stmt_release);

  if (rc != SQLITE_DONE)
    {
      _wd_store_fail (self, conn, rc, doing, error);
      _wd_store_rollback_write (self);
      return FALSE;
    }

  if (sqlite3_changes (conn->db) == 0)
    {
      _wd_store_rollback_write (self);
      return _wd_store_not_found_brief (self, brief_id, error);
    }

  if (!_wd_store_commit_write (self, doing, error))
    return FALSE;

  _wd_store_queue_changed (self, brief_id);
  return TRUE;
}

/* An edit to a published brief is remembered, so it can be republished. */
static const char sql_set_headline[] =
  "UPDATE briefs SET headline = ?2, updated_at = ?3,"
  "       changed_since_publish = changed_since_publish OR status = 'published'"
  " WHERE id = ?1";

/**
 * wd_store_set_headline:
 * @self: a #WdStore
 * @brief_id: the brief's id
 * @headline: (nullable): the new headline; %NULL or "" clears it
 * @error: return location for a #WD_STORE_ERROR
 *
 * Sets a brief's headline (one line: surrounding white space is dropped).
 *
 * Returns: %TRUE on success
 */
gboolean
wd_store_set_headline (WdStore     *self,
                       gint64       brief_id,
                       const char  *headline,
                       GError     **error)
{
  g_autofree char *line = NULL;

  g_return_val_if_fail (WD_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Translators: a text's name, put into "The %s is not valid UTF-8 text". */
  if (!_wd_check_utf8 (headline, _("headline"), error))
    return FALSE;

  line = g_strstrip (g_strdup (headline != NULL ? headline : ""));
  if (strchr (line, '\n') != NULL)
    return _wd_invalid (error, _("A headline is one line; remove the line breaks from it."));

  return set_brief_column (self, sql_set_headline, brief_id, line,
                           /* Translators: an action, put into "Wiredesk could not %s". */
                           _("save the headline"), error);
}

static const char sql_set_status[] =
  "UPDATE briefs SET status = ?2, updated_at = ?3 WHERE id = ?1";

/**
 * wd_store_set_status:
 * @self: a #WdStore
 * @brief_id: the brief's id
 * @status: the new status
 * @error: return location for a #WD_STORE_ERROR
 *
 * Moves a brief to @status. An unknown status fails with
 * %WD_STORE_ERROR_INVALID.
 *
 * Returns: %TRUE on success
 */
gboolean
wd_store_set_status (WdStore        *self,
                     gint64          brief_id,
                     WdBriefStatus   status,
                     GError        **error)
{
  const char *name;

  g_return_val_if_fail (WD_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((guint) status > WD_BRIEF_STATUS_WITHDRAWN)
    return _wd_invalid (error, _("%d is not a brief status; use one of inbox, draft, review, "
                          "approved, published or withdrawn."), status);
  name = wd_brief_status_to_string (status);

  return set_brief_column (self, sql_set_status, brief_id, name,
                           /* Translators: an action, put into "Wiredesk could not %s". */
                           _("change the brief's status"), error);
}

/* Sections and revisions */

static const char sql_find_section[] =
  "SELECT id FROM sections WHERE brief_id = ?1 AND kind = ?2";

/* The id of a brief's section of @kind in *section_id, 0 when the brief has
 * none; returns an SQLite result code. */
static int
find_section (WdConn        *conn,
              gint64         brief_id,
              WdSectionKind  kind,
              gint64        *section_id)
{
  g_autoptr(WdStmt) stmt = NULL;
  int rc;

  *section_id = 0;
  rc = _wd_conn_prepare (conn, sql_find_section, &stmt);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_int64 (stmt, 1, brief_id);
  sqlite3_bind_text (stmt, 2, wd_section_kind_to_string (kind), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *section_id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    return rc;
  return SQLITE_OK;
}

static const char sql_insert_revision[] =
  "INSERT INTO section_revisions (section_id, text, origin, backend, model,"
  "                               template_version, prompt_tokens, completion_tokens,"
  "                               ttft_ms, duration_ms, created_at, incomplete)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";

/* A section whose text changed needs approving again. */
static const char sql_update_section[] =
  "UPDATE sections SET text = ?2, revision_id = ?3, approved = 0 WHERE id = ?1";

static const char sql_touch_brief[] =
  "UPDATE briefs SET updated_at = ?2,"
  "       changed_since_publish = changed_since_publish OR status = 'published'"
  " WHERE id = ?1";

int
_wd_conn_touch_brief (WdConn *conn,
                      gint64  brief_id,
                      gint64  now)
{
  g_autoptr(WdStmt) stmt = NULL;
  int rc;

  rc = _wd_conn_prepare (conn, sql_touch_brief, &stmt);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_int64 (stmt, 1, brief_id);
  sqlite3_bind_int64 (stmt, 2, now);
  rc = sqlite3_step (stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static gboolean
check_section_kind (WdSectionKind   kind,
                    GError        **error)
{
  if ((guint) kind >= WD_SECTION_N_KINDS)
    return _wd_invalid (error, _("%d is not a section; use one of summary, analyst_take, "
                          "context or watch."), kind);
  return TRUE;
}

static const char sql_latest_ai_text[] =
  "SELECT r.text FROM section_revisions r JOIN sections s ON s.id = r.section_id"
  " WHERE s.brief_id = ?1 AND s.kind = ?2 AND r.origin = 'ai'"
  " ORDER BY r.id DESC LIMIT 1";

static const char sql_set_section_share[] =
  "UPDATE sections SET edit_share = ?3 WHERE brief_id = ?1 AND kind = ?2";

static const char sql_set_brief_share[] =
  "UPDATE briefs SET edit_share = (SELECT avg (edit_share) FROM sections"
  "                                 WHERE brief_id = ?1 AND edit_share IS NOT NULL)"
  " WHERE id = ?1";

/* How much of the section's latest AI draft @text rewrote, on the
 * section and, averaged over its drafted sections, on the brief. */
static int
update_edit_share (WdConn        *conn,
                   gint64         brief_id,
                   WdSectionKind  kind,
                   const char    *text)
{
  g_autofree char *draft = NULL;
  gboolean drafted = FALSE;
  int rc;

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = _wd_conn_prepare (conn, sql_latest_ai_text, &stmt);
    if (rc != SQLITE_OK)
      return rc;
    sqlite3_bind_int64 (stmt, 1, brief_id);
    sqlite3_bind_text (stmt, 2, wd_section_kind_to_string (kind), -1, SQLITE_STATIC);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_ROW)
      {
        drafted = TRUE;
        draft = g_strdup (_wd_column_text (stmt, 0));
      }
    else if (rc != SQLITE_DONE)
      return rc;
  }

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = _wd_conn_prepare (conn, sql_set_section_share, &stmt);
    if (rc != SQLITE_OK)
      return rc;
    sqlite3_bind_int64 (stmt, 1, brief_id);
    sqlite3_bind_text (stmt, 2, wd_section_kind_to_string (kind), -1, SQLITE_STATIC);
    if (drafted)
      sqlite3_bind_double (stmt, 3, wd_text_edit_share (draft, text));
    else
      sqlite3_bind_null (stmt, 3);
    rc = sqlite3_step (stmt);
    if (rc != SQLITE_DONE)
      return rc;
  }

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = _wd_conn_prepare (conn, sql_set_brief_share, &stmt);
    if (rc != SQLITE_OK)
      return rc;
    sqlite3_bind_int64 (stmt, 1, brief_id);
    rc = sqlite3_step (stmt);
  }
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

gint64
_wd_store_add_revision (WdStore               *self,
                        gint64                 brief_id,
                        WdSectionKind          kind,
                        const char            *text,
                        const WdRevisionInfo  *info,
                        GError               **error)
{
  const WdRevisionInfo editor = WD_REVISION_INFO_EDITOR;
  gint64 section_id = 0;
  gint64 revision_id = 0;
  gint64 now = _wd_now_unix ();
  WdConn *conn;
  int rc;

  if (info == NULL)
    info = &editor;

  /* Translators: a text's name, put into "The %s is not valid UTF-8 text". */
  if (!check_section_kind (kind, error) || !_wd_check_utf8 (text, _("section text"), error))
    return 0;
  if ((guint) info->origin > WD_ORIGIN_EDITOR)
    return (_wd_invalid (error, _("%d is not a revision origin; use ai or editor."),
                         info->origin), 0);

  /* Translators: an action, put into "Wiredesk could not %s". */
  conn = _wd_store_begin_write (self, _("save the section"), error);
  if (conn == NULL)
    return 0;

  rc = find_section (conn, brief_id, kind, &section_id);
  if (rc != SQLITE_OK)
    goto failed;

  if (section_id == 0)
    {
      _wd_store_rollback_write (self);
      return (_wd_store_not_found_brief (self, brief_id, error), 0);
    }

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = _wd_conn_prepare (conn, sql_insert_revision, &stmt);
    if (rc != SQLITE_OK)
      goto failed;
    sqlite3_bind_int64 (stmt, 1, section_id);
    sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, wd_origin_to_string (info->origin), -1, SQLITE_STATIC);
    _wd_bind_text (stmt, 4, info->backend);
    _wd_bind_text (stmt, 5, info->model);
    if (info->template_version > 0)
      sqlite3_bind_int (stmt, 6, info->template_version);
    else
      sqlite3_bind_null (stmt, 6);
    _wd_bind_opt_int (stmt, 7, info->prompt_tokens);
    _wd_bind_opt_int (stmt, 8, info->completion_tokens);
    _wd_bind_opt_int (stmt, 9, info->ttft_ms);
    _wd_bind_opt_int (stmt, 10, info->duration_ms);
    sqlite3_bind_int64 (stmt, 11, now);
    sqlite3_bind_int (stmt, 12, info->incomplete ? 1 : 0);
    rc = sqlite3_step (stmt);
    if (rc != SQLITE_DONE)
      goto failed;
    revision_id = sqlite3_last_insert_rowid (conn->db);
  }

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = _wd_conn_prepare (conn, sql_update_section, &stmt);
    if (rc != SQLITE_OK)
      goto failed;
    sqlite3_bind_int64 (stmt, 1, section_id);
    sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, revision_id);
    rc = sqlite3_step (stmt);
    if (rc != SQLITE_DONE)
      goto failed;
  }

  rc = update_edit_share (conn, brief_id, kind, text);
  if (rc != SQLITE_OK)
    goto failed;

  rc = _wd_conn_touch_brief (conn, brief_id, now);
  if (rc != SQLITE_OK)
    goto failed;

  if (!_wd_store_commit_write (self, _("save the section"), error))
    return 0;

  _wd_store_queue_changed (self, brief_id);
  return revision_id;

failed:
  _wd_store_fail (self, conn, rc, _("save the section"), error);
  _wd_store_rollback_write (self);
  return 0;
}

/**
 * wd_store_add_revision:
 * @self: a #WdStore
 * @brief_id: the brief's id
 * @kind: which section
 * @text: the section's new text
 * @info: (nullable): who wrote it and how; %NULL for an editor
 * @error: return location for a #WD_STORE_ERROR
 *
 * Saves @text as a new revision of a section and makes it the section's
 * current text, in one transaction; earlier revisions stay. The section
 * needs approving again afterwards.
 *
 * Returns: the revision id, or 0 with @error set
 */
gint64
wd_store_add_revision (WdStore               *self,
                       gint64                 brief_id,
                       WdSectionKind          kind,
                       const char            *text,
                       const WdRevisionInfo  *info,
                       GError               **error)
{
  g_return_val_if_fail (WD_IS_STORE (self), 0);
  g_return_val_if_fail (text != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  return _wd_store_add_revision (self, brief_id, kind, text, info, error);
}

static const char sql_current_editor_revision[] =
  "SELECT 1 FROM sections s JOIN section_revisions r ON r.id = s.revision_id"
  " WHERE s.brief_id = ?1 AND s.kind = ?2 AND s.revision_id = ?3 AND r.origin = 'editor'";

static const char sql_update_revision_text[] =
  "UPDATE section_revisions SET text = ?2, created_at = ?3 WHERE id = ?1";

static const char sql_update_section_text[] =
  "UPDATE sections SET text = ?3, approved = 0 WHERE brief_id = ?1 AND kind = ?2";

gint64
_wd_store_save_edit (WdStore        *self,
                     gint64          brief_id,
                     WdSectionKind   kind,
                     const char     *text,
                     gint64          burst_revision,
                     GError        **error)
{
  gint64 now = _wd_now_unix ();
  gboolean current = FALSE;
  WdConn *conn;
  int rc;

  if (burst_revision <= 0)
    return _wd_store_add_revision (self, brief_id, kind, text, NULL, error);

  /* Translators: a text's name, put into "The %s is not valid UTF-8 text". */
  if (!check_section_kind (kind, error) || !_wd_check_utf8 (text, _("section text"), error))
    return 0;

  /* Translators: an action, put into "Wiredesk could not %s". */
  conn = _wd_store_begin_write (self, _("save the section"), error);
  if (conn == NULL)
    return 0;

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = _wd_conn_prepare (conn, sql_current_editor_revision, &stmt);
    if (rc != SQLITE_OK)
      goto failed;
    sqlite3_bind_int64 (stmt, 1, brief_id);
    sqlite3_bind_text (stmt, 2, wd_section_kind_to_string (kind), -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, burst_revision);
    rc = sqlite3_step (stmt);
    current = rc == SQLITE_ROW;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
      goto failed;
  }

  /* Someone else (a draft, a restore) wrote since: a new revision. */
  if (!current)
    {
      _wd_store_rollback_write (self);
      return _wd_store_add_revision (self, brief_id, kind, text, NULL, error);
    }

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = _wd_conn_prepare (conn, sql_update_revision_text, &stmt);
    if (rc != SQLITE_OK)
      goto failed;
    sqlite3_bind_int64 (stmt, 1, burst_revision);
    sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, now);
    rc = sqlite3_step (stmt);
    if (rc != SQLITE_DONE)
      goto failed;
  }
  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = _wd_conn_prepare (conn, sql_update_section_text, &stmt);
    if (rc != SQLITE_OK)
      goto failed;
    sqlite3_bind_int64 (stmt, 1, brief_id);
    sqlite3_bind_text (stmt, 2, wd_section_kind_to_string (kind), -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, text, -1, SQLITE_STATIC);
    rc = sqlite3_step (stmt);
    if (rc != SQLITE_DONE)
      goto failed;
  }
  rc = update_edit_share (conn, brief_id, kind, text);
  if (rc != SQLITE_OK)
    goto failed;
  rc = _wd_conn_touch_brief (conn, brief_id, now);
  if (rc != SQLITE_OK)
    goto failed;

  if (!_wd_store_commit_write (self, _("save the section"), error))
    return 0;
  _wd_store_queue_changed (self, brief_id);
  return burst_revision;

failed:
  _wd_store_fail (self, conn, rc, _("save the section"), error);
  _wd_store_rollback_write (self);
  return 0;
}

/**
 * wd_store_save_edit:
 * @self: a #WdStore
 * @brief_id: the brief's id
 * @kind: which section
 * @text: the section's text as the editor left it
 * @burst_revision: the revision this burst of typing saved before, or 0
 * @error: return location for a #WD_STORE_ERROR
 *
 * Saves what the editor typed: a new editor revision for the first save
 * of a burst of typing, then, while that revision is still the section's
 * current one, its text updated in place, so a history holds a revision
 * per burst rather than per keystroke. When something else wrote the
 * section meanwhile (a draft, a restore), a new revision starts.
 *
 * Returns: the revision the text is in (pass it as @burst_revision next
 *   time), or 0 with @error set
 */
gint64
wd_store_save_edit (WdStore        *self,
                    gint64          brief_id,
                    WdSectionKind   kind,
                    const char     *text,
                    gint64          burst_revision,
                    GError        **error)
{
  g_return_val_if_fail (WD_IS_STORE (self), 0);
  g_return_val_if_fail (text != NULL, 0);

  return _wd_store_save_edit (self, brief_id, kind, text, burst_revision, error);
}

static const char sql_list_revisions[] =
  "SELECT r.id, r.section_id, r.text, r.origin, r.backend, r.model,"
  "       r.template_version, r.created_at, r.incomplete"
  " FROM section_revisions r"
  " WHERE r.section_id = ?1 ORDER BY r.id DESC";

/**
 * wd_store_list_revisions:
 * @self: a #WdStore
 * @brief_id: the brief's id
 * @kind: which section
 * @error: return location for a #WD_STORE_ERROR
 *
 * Lists every saved revision of a section, newest first.
 *
 * Returns: (transfer container) (element-type WdRevision): the revisions
 *   (empty for a section never written), or %NULL with @error set
 *   (%WD_STORE_ERROR_NOT_FOUND when there is no such brief)
 */
GPtrArray *
wd_store_list_revisions (WdStore        *self,
                         gint64          brief_id,
                         WdSectionKind   kind,
                         GError        **error)
{
  g_autoptr(GPtrArray) revisions = NULL;
  gint64 section_id = 0;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), NULL);

  if (!check_section_kind (kind, error))
    return NULL;

  conn = _wd_store_begin_read (self, NULL, error);
  if (conn == NULL)
    return NULL;

  rc = find_section (conn, brief_id, kind, &section_id);
  if (rc != SQLITE_OK)
    goto failed;

  if (section_id == 0)
    {
      _wd_store_end_read (self, conn);
      return (_wd_store_not_found_brief (self, brief_id, error), NULL);
    }

  revisions = g_ptr_array_new_with_free_func (g_object_unref);

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = _wd_conn_prepare (conn, sql_list_revisions, &stmt);
    if (rc != SQLITE_OK)
      goto failed;
    sqlite3_bind_int64 (stmt, 1, section_id);

    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        g_autoptr(GDateTime) created_at = _wd_column_time (stmt, 7);

        g_ptr_array_add (revisions,
                         g_object_new (WD_TYPE_REVISION,
                                       "id", sqlite3_column_int64 (stmt, 0),
                                       "section-id", sqlite3_column_int64 (stmt, 1),
                                       "text", _wd_column_text (stmt, 2),
                                       "origin", _wd_column_origin (stmt, 3),
                                       "backend", _wd_column_text (stmt, 4),
                                       "model", _wd_column_text (stmt, 5),
                                       "template-version", sqlite3_column_int (stmt, 6),
                                       "created-at", created_at,
                                       "incomplete", sqlite3_column_int (stmt, 8) != 0,
                                       NULL));
      }
    if (rc != SQLITE_DONE)
      goto failed;
  }

  _wd_store_end_read (self, conn);
  return g_steal_pointer (&revisions);

failed:
  /* Translators: an action, put into "Wiredesk could not %s". */
  _wd_store_fail (self, conn, rc, _("read the revisions"), error);
  _wd_store_end_read (self, conn);
  return NULL;
}

static const char sql_set_approved[] =
  "UPDATE sections SET approved = ?3 WHERE brief_id = ?1 AND kind = ?2";

/**
 * wd_store_set_section_approved:
 * @self: a #WdStore
 * @brief_id: the brief
 * @kind: which section
 * @approved: whether the editor approves the section's current text
 * @error: return location for a #WD_STORE_ERROR
 *
 * Marks a section approved (or not). Any new text takes the approval
 * away again.
 *
 * Returns: %TRUE on success
 */
gboolean
wd_store_set_section_approved (WdStore        *self,
                               gint64          brief_id,
                               WdSectionKind   kind,
                               gboolean        approved,
                               GError        **error)
{
  g_autoptr(WdStmt) stmt = NULL;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), FALSE);

  if (!check_section_kind (kind, error))
    return FALSE;
  /* Translators: an action, put into "Wiredesk could not %s". */
  conn = _wd_store_begin_write (self, _("approve the section"), error);
  if (conn == NULL)
    return FALSE;
  rc = _wd_conn_prepare (conn, sql_set_approved, &stmt);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, brief_id);
      sqlite3_bind_text (stmt, 2, wd_section_kind_to_string (kind), -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, approved ? 1 : 0);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_DONE && sqlite3_changes (conn->db) == 0)
    {
      g_clear_pointer (&stmt, _wd_stmt_release);
      _wd_store_rollback_write (self);
      return _wd_store_not_found_brief (self, brief_id, error);
    }
  g_clear_pointer (&stmt, _wd_stmt_release);
  if (rc != SQLITE_DONE)
    {
      _wd_store_fail (self, conn, rc, _("approve the section"), error);
      _wd_store_rollback_write (self);
      return FALSE;
    }
  if (!_wd_store_commit_write (self, _("approve the section"), error))
    return FALSE;
  _wd_store_queue_changed (self, brief_id);
  return TRUE;
}

/**
 * wd_store_revert_to_draft:
 * @self: a #WdStore
 * @brief_id: the brief
 * @kind: which section
 * @error: return location for a #WD_STORE_ERROR
 *
 * Makes the section's latest AI draft its current text again, as a new
 * revision with the draft's provenance; the editor's text stays in the
 * history.
 *
 * Returns: the new revision's id, or 0 with @error set
 *   (%WD_STORE_ERROR_NOT_FOUND when the section was never drafted)
 */
gint64
wd_store_revert_to_draft (WdStore        *self,
                          gint64          brief_id,
                          WdSectionKind   kind,
                          GError        **error)
{
  g_autoptr(GPtrArray) revisions = NULL;

  g_return_val_if_fail (WD_IS_STORE (self), 0);

  revisions = wd_store_list_revisions (self, brief_id, kind, error);
  if (revisions == NULL)
    return 0;
  for (guint i = 0; i < revisions->len; i++)
    {
      WdRevision *revision = g_ptr_array_index (revisions, i);
      WdRevisionInfo info = { WD_ORIGIN_AI, NULL, NULL, 0, -1, -1, -1, -1, FALSE };

      if (wd_revision_get_origin (revision) != WD_ORIGIN_AI)
        continue;
      info.backend = wd_revision_get_backend (revision);
      info.model = wd_revision_get_model (revision);
      info.template_version = wd_revision_get_template_version (revision);
      info.incomplete = wd_revision_get_incomplete (revision);
      return _wd_store_add_revision (self, brief_id, kind, wd_revision_get_text (revision),
                                     &info, error);
    }
  g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND,
               /* Translators: %s is a section, such as "summary" */
               _("The %s of this brief was never drafted, so there is no draft to go back "
                 "to."), wd_section_kind_to_string (kind));
  return 0;
}

/* Deleting */

static const char sql_brief_status[] =
  "SELECT status, deleted_at FROM briefs WHERE id = ?1";

static const char sql_set_deleted[] =
  "UPDATE briefs SET deleted_at = ?2 WHERE id = ?1";

/* The source goes, and with it (ON DELETE CASCADE) the brief, its
 * sections, revisions, mentions and the search index's rows. */
static const char sql_purge_brief[] =
  "DELETE FROM sources WHERE id = (SELECT source_id FROM briefs"
  "                                WHERE id = ?1 AND deleted_at > 0)";

static const char sql_purge_older[] =
  "DELETE FROM sources WHERE id IN (SELECT source_id FROM briefs"
  "                                 WHERE deleted_at > 0 AND deleted_at < ?1)";

static gboolean
set_deleted (WdStore     *self,
             gint64       brief_id,
             gboolean     deleted,
             const char  *doing,
             GError     **error)
{
  g_autoptr(WdStmt) stmt = NULL;
  WdConn *conn;
  gboolean was_deleted;
  int rc;

  conn = _wd_store_begin_write (self, doing, error);
  if (conn == NULL)
    return FALSE;

  rc = _wd_conn_prepare (conn, sql_brief_status, &stmt);
  if (rc != SQLITE_OK)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, brief_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      _wd_store_rollback_write (self);
      if (!deleted)
        return _wd_invalid (error, _("Brief %lld was deleted for good and cannot come back; "
                              "import its source again."), (long long) brief_id);
      return _wd_store_not_found_brief (self, brief_id, error);
    }
  if (rc != SQLITE_ROW)
    goto failed;
  if (deleted && g_strcmp0 (_wd_column_text (stmt, 0), "published") == 0)
    {
      _wd_store_rollback_write (self);
      return _wd_invalid (error, _("Brief %lld is published; unpublish it before deleting "
                            "it."), (long long) brief_id);
    }
  was_deleted = sqlite3_column_int64 (stmt, 1) > 0;
  g_clear_pointer (&stmt, _wd_stmt_release);
  if (was_deleted == deleted)
    {
      _wd_store_rollback_write (self);
      return TRUE;
    }

  rc = _wd_conn_prepare (conn, sql_set_deleted, &stmt);
  if (rc != SQLITE_OK)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, brief_id);
  sqlite3_bind_int64 (stmt, 2, deleted ? _wd_now_unix () : 0);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    goto failed;
  g_clear_pointer (&stmt, _wd_stmt_release);

  if (!_wd_store_commit_write (self, doing, error))
    return FALSE;
  _wd_store_queue_changed (self, brief_id);
  return TRUE;

failed:
  g_clear_pointer (&stmt, _wd_stmt_release);
  _wd_store_fail (self, conn, rc, doing, error);
  _wd_store_rollback_write (self);
  return FALSE;
}

/**
 * wd_store_delete_brief:
 * @self: a #WdStore
 * @brief_id: the brief's id
 * @error: return location for a #WD_STORE_ERROR
 *
 * Deletes a brief with its source. It leaves every list, count and search
 * at once but stays in the archive until wd_store_purge_brief() (when its
 * Undo has passed) or an open of the archive an hour later, so that
 * wd_store_restore_brief() can bring it back. A published brief is
 * refused: it has to be unpublished first.
 *
 * Returns: %TRUE on success
 */
gboolean
wd_store_delete_brief (WdStore  *self,
                       gint64    brief_id,
                       GError  **error)
{
  g_return_val_if_fail (WD_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Translators: an action, put into "Wiredesk could not %s". */
  return set_deleted (self, brief_id, TRUE, _("delete the brief"), error);
}

/**
 * wd_store_restore_brief:
 * @self: a #WdStore
 * @brief_id: the brief's id
 * @error: return location for a #WD_STORE_ERROR
 *
 * Brings back a brief deleted with wd_store_delete_brief() and not yet
 * purged (an Undo); restoring one that was not deleted changes nothing.
 *
 * Returns: %TRUE on success
 */
gboolean
wd_store_restore_brief (WdStore  *self,
                        gint64    brief_id,
                        GError  **error)
{
  g_return_val_if_fail (WD_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Translators: an action, put into "Wiredesk could not %s". */
  return set_deleted (self, brief_id, FALSE, _("restore the brief"), error);
}

static gboolean
purge (WdStore     *self,
       const char  *sql,
       gint64       value,
       GError     **error)
{
  g_autoptr(WdStmt) stmt = NULL;
  WdConn *conn;
  int rc;

  /* Translators: an action, put into "Wiredesk could not %s". */
  conn = _wd_store_begin_write (self, _("delete the brief"), error);
  if (conn == NULL)
    return FALSE;
  rc = _wd_conn_prepare (conn, sql, &stmt);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, value);
      rc = sqlite3_step (stmt);
    }
  g_clear_pointer (&stmt, _wd_stmt_release);
  if (rc != SQLITE_DONE)
    {
      _wd_store_fail (self, conn, rc, _("delete the brief"), error);
      _wd_store_rollback_write (self);
      return FALSE;
    }
  return _wd_store_commit_write (self, _("delete the brief"), error);
}

/**
 * wd_store_purge_brief:
 * @self: a #WdStore
 * @brief_id: a brief deleted with wd_store_delete_brief()
 * @error: return location for a #WD_STORE_ERROR
 *
 * Removes a deleted brief and its source from the archive for good. A
 * brief that is not deleted (restored meanwhile) stays.
 *
 * Returns: %TRUE on success
 */
gboolean
wd_store_purge_brief (WdStore  *self,
                      gint64    brief_id,
                      GError  **error)
{
  g_return_val_if_fail (WD_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return purge (self, sql_purge_brief, brief_id, error);
}

/**
 * wd_store_purge_deleted:
 * @self: a #WdStore
 * @before: Unix time; briefs deleted before it go
 * @error: return location for a #WD_STORE_ERROR
 *
 * Removes the briefs deleted before @before, with their sources, for
 * good: those whose Undo is long past (a crash, another process).
 *
 * Returns: %TRUE on success
 */
gboolean
wd_store_purge_deleted (WdStore  *self,
                        gint64    before,
                        GError  **error)
{
  g_return_val_if_fail (WD_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return purge (self, sql_purge_older, before, error);
}

/* A publisher's briefs */

static const char sql_list_domain[] =
  "SELECT " LIST_ROW_COLUMNS LIST_ROW_FROM
  " WHERE (s.publisher_domain = ?1 OR s.publisher_domain LIKE '%.' || ?1)"
  "   AND b.deleted_at = 0"
  " ORDER BY b.id DESC";

/**
 * wd_store_list_publisher_briefs:
 * @self: a #WdStore
 * @domain: a publisher's domain, such as example.org (its subdomains count)
 * @error: return location for a #WD_STORE_ERROR
 *
 * Lists every brief whose source comes from @domain, newest first, as list
 * rows: what a takedown (the policy set to excluded) concerns.
 *
 * Returns: (transfer container) (element-type WdBrief): the briefs
 */
GPtrArray *
wd_store_list_publisher_briefs (WdStore     *self,
                                const char  *domain,
                                GError     **error)
{
  g_autoptr(GPtrArray) briefs = NULL;
  g_autoptr(WdStmt) stmt = NULL;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), NULL);
  g_return_val_if_fail (domain != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  conn = _wd_store_acquire_reader (self, NULL, error);
  if (conn == NULL)
    return NULL;

  briefs = g_ptr_array_new_with_free_func (g_object_unref);
  rc = _wd_conn_prepare (conn, sql_list_domain, &stmt);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, domain, -1, SQLITE_TRANSIENT);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (briefs, brief_from_row (stmt, NULL, NULL, NULL));
    }
  g_clear_pointer (&stmt, _wd_stmt_release);

  if (rc != SQLITE_DONE)
    {
      /* Translators: an action, put into "Wiredesk could not %s". */
      _wd_store_fail (self, conn, rc, _("read the list of briefs"), error);
      _wd_store_release_reader (self, conn);
      return NULL;
    }

  _wd_store_release_reader (self, conn);
  return g_steal_pointer (&briefs);
}
