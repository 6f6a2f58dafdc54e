/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-store"

#include <glib/gi18n-lib.h>

#include "wd-store.h"
#include "wd-store-private.h"

/* Prompt templates: every save adds a version, so a drafted revision can
 * name the exact template it came from. */

static const char sql_insert_template[] =
  "INSERT INTO prompt_templates (kind, version, body, created_at)"
  " SELECT ?1, coalesce (max (version), 0) + 1, ?2, ?3"
  "   FROM prompt_templates WHERE kind = ?1"
  " RETURNING version";

static const char sql_latest_template[] =
  "SELECT version, body FROM prompt_templates WHERE kind = ?1"
  " ORDER BY version DESC LIMIT 1";

static const char sql_template_version[] =
  "SELECT version, body FROM prompt_templates WHERE kind = ?1 AND version = ?2";

/**
 * wd_store_save_template:
 * @self: a #WdStore
 * @kind: the template's kind, such as "summary"
 * @body: the template text
 * @out_version: (out) (optional): the version the body was saved as
 * @error: return location for a #WD_STORE_ERROR
 *
 * Saves @body as the newest version of the @kind template; earlier
 * versions stay.
 *
 * Returns: %TRUE on success
 */
gboolean
wd_store_save_template (WdStore     *self,
                        const char  *kind,
                        const char  *body,
                        int         *out_version,
                        GError     **error)
{
  g_autoptr(WdStmt) stmt = NULL;
  WdConn *conn;
  int version = 0;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind != NULL && *kind != '\0', FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  /* Translators: a text's name, put into "The %s is not valid UTF-8 text". */
  if (!_wd_check_utf8 (body, _("prompt template"), error))
    return FALSE;

  /* Translators: an action, put into "Wiredesk could not %s". */
  conn = _wd_store_begin_write (self, _("save the prompt template"), error);
  if (conn == NULL)
    return FALSE;

  rc = _wd_conn_prepare (conn, sql_insert_template, &stmt);
  if (rc == SQLITE_OK)
    {
      _wd_bind_text (stmt, 1, kind);
      _wd_bind_text (stmt, 2, body);
      sqlite3_bind_int64 (stmt, 3, _wd_now_unix ());
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          version = sqlite3_column_int (stmt, 0);
          rc = sqlite3_step (stmt);
        }
    }
  g_clear_pointer (&stmt, _wd_stmt_release);

  if (rc != SQLITE_DONE)
    {
      _wd_store_fail (self, conn, rc, _("save the prompt template"), error);
      _wd_store_rollback_write (self);
      return FALSE;
    }
  if (!_wd_store_commit_write (self, _("save the prompt template"), error))
    return FALSE;

  if (out_version != NULL)
    *out_version = version;
  return TRUE;
}

/**
 * wd_store_get_template:
 * @self: a #WdStore
 * @kind: the template's kind, such as "summary"
 * @version: the version to read, or 0 for the newest
 * @out_version: (out) (optional): the version read, 0 when there is none
 * @error: return location for a #WD_STORE_ERROR
 *
 * Returns: (transfer full) (nullable): the template's body; %NULL without
 *   @error set when the archive holds no such template
 */
char *
wd_store_get_template (WdStore     *self,
                       const char  *kind,
                       int          version,
                       int         *out_version,
                       GError     **error)
{
  g_autoptr(WdStmt) stmt = NULL;
  char *body = NULL;
  int found = 0;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  if (out_version != NULL)
    *out_version = 0;
  conn = _wd_store_acquire_reader (self, NULL, error);
  if (conn == NULL)
    return NULL;

  rc = _wd_conn_prepare (conn, version > 0 ? sql_template_version : sql_latest_template,
                         &stmt);
  if (rc == SQLITE_OK)
    {
      _wd_bind_text (stmt, 1, kind);
      if (version > 0)
        sqlite3_bind_int (stmt, 2, version);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          found = sqlite3_column_int (stmt, 0);
          body = g_strdup (_wd_column_text (stmt, 1));
          rc = SQLITE_DONE;
        }
    }
  g_clear_pointer (&stmt, _wd_stmt_release);

  if (rc != SQLITE_DONE)
    /* Translators: an action, put into "Wiredesk could not %s". */
    _wd_store_fail (self, conn, rc, _("read the prompt template"), error);
  _wd_store_release_reader (self, conn);

  if (out_version != NULL)
    *out_version = found;
  return body;
}
