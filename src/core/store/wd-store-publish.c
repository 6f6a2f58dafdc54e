/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "wd-store-private.h"

/*
 * The outbox's rows: publish_jobs and brief_remotes (schema version 1).
 * publish_jobs.next_attempt_at is in Unix milliseconds, so that a retry a
 * fraction of a second away is not rounded to the next second; every other
 * time in the archive is in seconds.
 */

static const char * const action_names[] = { "create", "update", "unpublish" };
static const char * const state_names[] = { "pending", "sending", "done", "failed" };

const char *
wd_job_action_to_string (WdJobAction action)
{
  g_return_val_if_fail ((guint) action < G_N_ELEMENTS (action_names), NULL);
  return action_names[action];
}

const char *
wd_job_state_to_string (WdJobState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (state_names), NULL);
  return state_names[state];
}

static guint
index_of (const char * const *names,
          guint               n_names,
          const char         *name)
{
  for (guint i = 0; name != NULL && i < n_names; i++)
    if (g_str_equal (names[i], name))
      return i;
  return 0;
}

void
wd_publish_job_free (WdPublishJob *job)
{
  if (job == NULL)
    return;
  g_free (job->brief_uuid);
  g_free (job->headline);
  g_free (job->target);
  g_free (job->key);
  g_free (job->last_error);
  g_free (job->previous_status);
  g_clear_pointer (&job->next_attempt_at, g_date_time_unref);
  g_clear_pointer (&job->publish_at, g_date_time_unref);
  g_clear_pointer (&job->created_at, g_date_time_unref);
  g_clear_pointer (&job->updated_at, g_date_time_unref);
  g_free (job);
}

void
wd_brief_remote_free (WdBriefRemote *remote)
{
  if (remote == NULL)
    return;
  g_free (remote->target);
  g_free (remote->remote_id);
  g_free (remote->url);
  g_clear_pointer (&remote->published_at, g_date_time_unref);
  g_clear_pointer (&remote->updated_at, g_date_time_unref);
  g_free (remote);
}

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

/* GLib 2.74 has no g_date_time_new_from_unix_utc_usec(). */
static GDateTime *
time_from_ms (gint64 ms)
{
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (ms / 1000);

  return g_date_time_add (seconds, (ms % 1000) * G_TIME_SPAN_MILLISECOND);
}

static gint64
time_to_ms (GDateTime *time)
{
  return g_date_time_to_unix (time) * 1000 + g_date_time_get_microsecond (time) / 1000;
}

/* The payload column: what the job needs besides its row. */
static char *
build_payload (GDateTime  *publish_at,
               const char *previous_status)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  if (publish_at != NULL)
    {
      json_builder_set_member_name (builder, "publish_at");
      json_builder_add_int_value (builder, g_date_time_to_unix (publish_at));
    }
  json_builder_set_member_name (builder, "previous_status");
  json_builder_add_string_value (builder, previous_status);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static void
read_payload (WdPublishJob *job,
              const char   *payload)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  if (payload == NULL)
    return;
  root = json_from_string (payload, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  object = json_node_get_object (root);
  if (json_object_has_member (object, "publish_at"))
    job->publish_at = g_date_time_new_from_unix_utc (json_object_get_int_member (object,
                                                                                 "publish_at"));
  if (json_object_has_member (object, "previous_status"))
    job->previous_status = g_strdup (json_object_get_string_member (object,
                                                                    "previous_status"));
}

#define JOB_COLUMNS \
  "j.id, j.brief_id, b.uuid, coalesce (nullif (b.headline, ''), s.title, ''), j.target, " \
  "j.action, j.idempotency_key, j.state, j.attempts, j.next_attempt_at, j.last_error, " \
  "j.payload, j.created_at, j.updated_at"
#define JOB_FROM \
  " FROM publish_jobs j JOIN briefs b ON b.id = j.brief_id JOIN sources s ON s.id = b.source_id"

static WdPublishJob *
job_from_row (sqlite3_stmt *stmt)
{
  WdPublishJob *job = g_new0 (WdPublishJob, 1);

  job->id = sqlite3_column_int64 (stmt, 0);
  job->brief_id = sqlite3_column_int64 (stmt, 1);
  job->brief_uuid = g_strdup (_wd_column_text (stmt, 2));
  job->headline = g_strdup (_wd_column_text (stmt, 3));
  job->target = g_strdup (_wd_column_text (stmt, 4));
  job->action = index_of (action_names, G_N_ELEMENTS (action_names), _wd_column_text (stmt, 5));
  job->key = g_strdup (_wd_column_text (stmt, 6));
  job->state = index_of (state_names, G_N_ELEMENTS (state_names), _wd_column_text (stmt, 7));
  job->attempts = sqlite3_column_int (stmt, 8);
  job->maybe_sent = job->state == WD_JOB_SENDING ? job->attempts > 1 : job->attempts > 0;
  if (sqlite3_column_type (stmt, 9) != SQLITE_NULL)
    job->next_attempt_at = time_from_ms (sqlite3_column_int64 (stmt, 9));
  job->last_error = g_strdup (_wd_column_text (stmt, 10));
  read_payload (job, _wd_column_text (stmt, 11));
  job->created_at = _wd_column_time (stmt, 12);
  job->updated_at = _wd_column_time (stmt, 13);
  return job;
}

/* Runs @sql with ?1 = @a, ?2 = @b (when non-zero) on the writer; returns
 * the SQLite result code of the step. */
static int
exec_ids (WdConn     *conn,
          const char *sql,
          gint64      a,
          gint64      b)
{
  g_autoptr(WdStmt) stmt = NULL;
  int rc;

  rc = _wd_conn_prepare (conn, sql, &stmt);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_int64 (stmt, 1, a);
  if (b != 0)
    sqlite3_bind_int64 (stmt, 2, b);
  return sqlite3_step (stmt);
}

/* Queueing */

static const char sql_brief_state[] =
  "SELECT b.status, b.deleted_at, b.uuid, s.publisher_domain"
  "  FROM briefs b JOIN sources s ON s.id = b.source_id WHERE b.id = ?1";

static const char sql_unfinished_job[] =
  "SELECT id, state, action FROM publish_jobs"
  " WHERE brief_id = ?1 AND target = ?2 AND state IN ('pending', 'sending')";

static const char sql_remote_id[] =
  "SELECT remote_id, published_at FROM brief_remotes WHERE brief_id = ?1 AND target = ?2";

static const char sql_insert_job[] =
  "INSERT INTO publish_jobs (brief_id, target, action, idempotency_key, state, attempts,"
  "                          payload, created_at, updated_at)"
  " VALUES (?1, ?2, ?3, ?4, 'pending', 0, ?5, ?6, ?6)";

static const char sql_update_job_payload[] =
  "UPDATE publish_jobs SET payload = ?2, updated_at = ?3 WHERE id = ?1";

static const char sql_set_published[] =
  "UPDATE briefs SET status = ?2, changed_since_publish = 0,"
  "       preflight_override = coalesce (?3, preflight_override)"
  " WHERE id = ?1";

static const char sql_set_withdrawn[] =
  "UPDATE briefs SET status = 'withdrawn' WHERE id = ?1";

/**
 * wd_store_queue_publish:
 * @self: a #WdStore
 * @brief_id: the brief
 * @target: the publish target's name
 * @unpublish: %TRUE to take the brief off @target instead
 * @publish_at: (nullable): a later time to publish at, or %NULL for now
 * @override_reason: (nullable): why the brief goes out despite a failed
 *   preflight; recorded on the brief
 * @error: return location for a #WD_STORE_ERROR
 *
 * Writes the brief's new status (published, or withdrawn) and an outbox
 * job for @target in one transaction, so that a crash after this never
 * leaves one without the other. Publishing a brief that @target already
 * has becomes an update. While a job of the same kind for the brief and
 * target waits, this changes that job's schedule instead of adding one.
 *
 * Returns: the job's id, or 0 with @error set
 */
gint64
wd_store_queue_publish (WdStore     *self,
                        gint64       brief_id,
                        const char  *target,
                        gboolean     unpublish,
                        GDateTime   *publish_at,
                        const char  *override_reason,
                        GError     **error)
{
  /* Translators: an action, put into "Wiredesk could not %s". */
  const char *doing = unpublish ? _("queue the brief for unpublishing")
                                : _("queue the brief for publishing");
  g_autoptr(WdStmt) stmt = NULL;
  g_autofree char *status = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *remote_id = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *key = NULL;
  gboolean deleted = FALSE;
  gboolean was_public = FALSE;
  gint64 existing = 0;
  gboolean existing_sending = FALSE;
  WdJobAction existing_action = WD_JOB_CREATE;
  WdJobAction action;
  gint64 job_id;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), 0);
  g_return_val_if_fail (target != NULL && *target != '\0', 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!_wd_check_utf8 (override_reason, _("reason"), error))
    return 0;

  conn = _wd_store_begin_write (self, doing, error);
  if (conn == NULL)
    return 0;

  rc = _wd_conn_prepare (conn, sql_brief_state, &stmt);
  if (rc != SQLITE_OK)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, brief_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      _wd_store_rollback_write (self);
      _wd_store_not_found_brief (self, brief_id, error);
      return 0;
    }
  if (rc != SQLITE_ROW)
    goto failed;
  status = g_strdup (_wd_column_text (stmt, 0));
  deleted = sqlite3_column_int64 (stmt, 1) != 0;
  uuid = g_strdup (_wd_column_text (stmt, 2));
  g_clear_pointer (&stmt, _wd_stmt_release);

  if (deleted)
    {
      _wd_store_rollback_write (self);
      _wd_invalid (error, _("Brief %lld is deleted; restore it before publishing it."),
                   (long long) brief_id);
      return 0;
    }

  rc = _wd_conn_prepare (conn, sql_remote_id, &stmt);
  if (rc != SQLITE_OK)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, brief_id);
  _wd_bind_text (stmt, 2, target);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      remote_id = g_strdup (_wd_column_text (stmt, 0));
      was_public = sqlite3_column_type (stmt, 1) != SQLITE_NULL;
    }
  else if (rc != SQLITE_DONE)
    goto failed;
  g_clear_pointer (&stmt, _wd_stmt_release);

  if (unpublish)
    {
      if (remote_id == NULL)
        {
          _wd_store_rollback_write (self);
          _wd_invalid (error, _("Brief %lld was never published to “%s”; there is nothing "
                                "to unpublish there."), (long long) brief_id, target);
          return 0;
        }
      action = WD_JOB_UNPUBLISH;
    }
  else
    action = remote_id != NULL ? WD_JOB_UPDATE : WD_JOB_CREATE;

  rc = _wd_conn_prepare (conn, sql_unfinished_job, &stmt);
  if (rc != SQLITE_OK)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, brief_id);
  _wd_bind_text (stmt, 2, target);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      existing = sqlite3_column_int64 (stmt, 0);
      existing_sending = g_strcmp0 (_wd_column_text (stmt, 1), "sending") == 0;
      existing_action = index_of (action_names, G_N_ELEMENTS (action_names),
                                  _wd_column_text (stmt, 2));
    }
  else if (rc != SQLITE_DONE)
    goto failed;
  g_clear_pointer (&stmt, _wd_stmt_release);

  if (existing != 0
      && (existing_sending || (existing_action == WD_JOB_UNPUBLISH) != (action == WD_JOB_UNPUBLISH)))
    {
      _wd_store_rollback_write (self);
      _wd_invalid (error, _("Brief %lld is already on its way to “%s”; wait for that to "
                            "finish (“wiredesk-cli jobs” shows it)."),
                   (long long) brief_id, target);
      return 0;
    }

  /* What a failure gives back: the status before the first of the queued
   * jobs, so a retried publish does not remember "published". */
  if (action == WD_JOB_UNPUBLISH)
    payload = build_payload (NULL, status);
  else
    payload = build_payload (publish_at,
                             g_str_equal (status, "published") && !was_public
                               ? "approved" : status);

  if (existing != 0)
    {
      rc = _wd_conn_prepare (conn, sql_update_job_payload, &stmt);
      if (rc != SQLITE_OK)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, existing);
      _wd_bind_text (stmt, 2, payload);
      sqlite3_bind_int64 (stmt, 3, _wd_now_unix ());
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        goto failed;
      g_clear_pointer (&stmt, _wd_stmt_release);
      job_id = existing;
    }
  else
    {
      g_autofree char *random = g_uuid_string_random ();

      key = g_strdup_printf ("wiredesk-%s-%s", uuid, random);
      rc = _wd_conn_prepare (conn, sql_insert_job, &stmt);
      if (rc != SQLITE_OK)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, brief_id);
      _wd_bind_text (stmt, 2, target);
      _wd_bind_text (stmt, 3, action_names[action]);
      _wd_bind_text (stmt, 4, key);
      _wd_bind_text (stmt, 5, payload);
      sqlite3_bind_int64 (stmt, 6, _wd_now_unix ());
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        goto failed;
      g_clear_pointer (&stmt, _wd_stmt_release);
      job_id = sqlite3_last_insert_rowid (conn->db);
    }

  if (action == WD_JOB_UNPUBLISH)
    rc = exec_ids (conn, sql_set_withdrawn, brief_id, 0);
  else
    {
      rc = _wd_conn_prepare (conn, sql_set_published, &stmt);
      if (rc != SQLITE_OK)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, brief_id);
      _wd_bind_text (stmt, 2, "published");
      _wd_bind_text (stmt, 3, override_reason);
      rc = sqlite3_step (stmt);
      g_clear_pointer (&stmt, _wd_stmt_release);
    }
  if (rc != SQLITE_DONE)
    goto failed;

  if (!_wd_store_commit_write (self, doing, error))
    return 0;
  _wd_store_queue_changed (self, brief_id);
  return job_id;

failed:
  g_clear_pointer (&stmt, _wd_stmt_release);
  _wd_store_fail (self, conn, rc, doing, error);
  _wd_store_rollback_write (self);
  return 0;
}

static const char sql_takedown_remotes[] =
  "SELECT r.brief_id, r.target FROM brief_remotes r"
  "  JOIN briefs b ON b.id = r.brief_id JOIN sources s ON s.id = b.source_id"
  " WHERE (s.publisher_domain = ?1 OR s.publisher_domain LIKE '%.' || ?1)"
  "   AND r.published_at IS NOT NULL"
  " ORDER BY r.brief_id";

/**
 * wd_store_queue_takedown:
 * @self: a #WdStore
 * @domain: a publisher's domain
 * @error: return location for a #WD_STORE_ERROR
 *
 * Queues the unpublishing of every brief from @domain (and its
 * subdomains) that is on a publish target. A brief already on its way
 * somewhere is skipped with a warning in the log; it is listed again by
 * the next takedown.
 *
 * Returns: how many unpublish jobs were queued; 0 with @error on failure
 */
guint
wd_store_queue_takedown (WdStore     *self,
                         const char  *domain,
                         GError     **error)
{
  g_autoptr(GArray) briefs = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(WdStmt) stmt = NULL;
  guint queued = 0;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), 0);
  g_return_val_if_fail (domain != NULL, 0);

  conn = _wd_store_begin_read (self, NULL, error);
  if (conn == NULL)
    return 0;
  rc = _wd_conn_prepare (conn, sql_takedown_remotes, &stmt);
  if (rc == SQLITE_OK)
    {
      _wd_bind_text (stmt, 1, domain);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (briefs, id);
          g_ptr_array_add (targets, g_strdup (_wd_column_text (stmt, 1)));
        }
    }
  g_clear_pointer (&stmt, _wd_stmt_release);
  if (rc != SQLITE_DONE)
    {
      /* Translators: an action, put into "Wiredesk could not %s". */
      _wd_store_fail (self, conn, rc, _("list the publisher's published briefs"), error);
      _wd_store_end_read (self, conn);
      return 0;
    }
  _wd_store_end_read (self, conn);

  for (guint i = 0; i < briefs->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      gint64 id = g_array_index (briefs, gint64, i);

      if (wd_store_queue_publish (self, id, targets->pdata[i], TRUE, NULL, NULL,
                                  &local_error) != 0)
        queued++;
      else if (g_error_matches (local_error, WD_STORE_ERROR, WD_STORE_ERROR_INVALID))
        g_warning ("%s", local_error->message);
      else
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return 0;
        }
    }
  return queued;
}

/* The worker's side */

static const char sql_next_job[] =
  "SELECT j.id FROM publish_jobs j"
  " WHERE j.state = 'pending' AND coalesce (j.next_attempt_at, 0) <= ?1"
  " ORDER BY coalesce (j.next_attempt_at, 0), j.id LIMIT 1";

static const char sql_job_pending[] =
  "SELECT id FROM publish_jobs WHERE id = ?1 AND state = 'pending'";

static const char sql_claim_job[] =
  "UPDATE publish_jobs SET state = 'sending', attempts = attempts + 1, updated_at = ?2"
  " WHERE id = ?1";

static const char sql_get_job[] =
  "SELECT " JOB_COLUMNS JOB_FROM " WHERE j.id = ?1";

static WdPublishJob *
read_job (WdConn  *conn,
          gint64   job_id,
          int     *rc)
{
  g_autoptr(WdStmt) stmt = NULL;
  WdPublishJob *job = NULL;

  *rc = _wd_conn_prepare (conn, sql_get_job, &stmt);
  if (*rc != SQLITE_OK)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, job_id);
  *rc = sqlite3_step (stmt);
  if (*rc == SQLITE_ROW)
    {
      job = job_from_row (stmt);
      *rc = SQLITE_OK;
    }
  else if (*rc == SQLITE_DONE)
    *rc = SQLITE_OK;
  return job;
}

/**
 * wd_store_claim_job:
 * @self: a #WdStore
 * @job_id: a job to claim, or 0 for the next one that is due
 * @error: return location for a #WD_STORE_ERROR
 *
 * Marks a pending job as being sent and counts the attempt. The job's
 * maybe_sent says whether an earlier attempt may have reached the target,
 * in which case a create must look for the post before making one.
 *
 * Returns: (transfer full) (nullable): the job; %NULL without @error when
 *   nothing is due (or @job_id is not pending)
 */
WdPublishJob *
wd_store_claim_job (WdStore  *self,
                    gint64    job_id,
                    GError  **error)
{
  /* Translators: an action, put into "Wiredesk could not %s". */
  const char *doing = _("start sending a publish job");
  g_autoptr(WdStmt) stmt = NULL;
  WdPublishJob *job;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), NULL);

  conn = _wd_store_begin_write (self, doing, error);
  if (conn == NULL)
    return NULL;

  rc = _wd_conn_prepare (conn, job_id != 0 ? sql_job_pending : sql_next_job, &stmt);
  if (rc != SQLITE_OK)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, job_id != 0 ? job_id : now_ms ());
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      _wd_store_rollback_write (self);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    goto failed;
  job_id = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, _wd_stmt_release);

  rc = exec_ids (conn, sql_claim_job, job_id, _wd_now_unix ());
  if (rc != SQLITE_DONE)
    goto failed;
  job = read_job (conn, job_id, &rc);
  if (rc != SQLITE_OK)
    goto failed;

  if (!_wd_store_commit_write (self, doing, error))
    {
      wd_publish_job_free (job);
      return NULL;
    }
  _wd_store_queue_changed (self, job->brief_id);
  return job;

failed:
  g_clear_pointer (&stmt, _wd_stmt_release);
  _wd_store_fail (self, conn, rc, doing, error);
  _wd_store_rollback_write (self);
  return NULL;
}

static const char sql_job_done[] =
  "UPDATE publish_jobs SET state = 'done', last_error = NULL, next_attempt_at = NULL,"
  "       updated_at = ?2"
  " WHERE id = ?1";

static const char sql_upsert_remote[] =
  "INSERT INTO brief_remotes (brief_id, target, remote_id, remote_url, published_at,"
  "                           updated_at)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
  " ON CONFLICT (brief_id, target) DO UPDATE SET"
  "   remote_id = excluded.remote_id, remote_url = excluded.remote_url,"
  "   published_at = coalesce (brief_remotes.published_at, excluded.published_at),"
  "   updated_at = excluded.updated_at";

static const char sql_remote_withdrawn[] =
  "UPDATE brief_remotes SET published_at = NULL, updated_at = ?3"
  " WHERE brief_id = ?1 AND target = ?2";

/**
 * wd_store_finish_job:
 * @self: a #WdStore
 * @job_id: a job being sent
 * @remote_id: (nullable): the target's id of the post
 * @url: (nullable): its public URL
 * @error: return location for a #WD_STORE_ERROR
 *
 * Records a job as done and, in the same transaction, where the brief now
 * is on the job's target.
 *
 * Returns: %TRUE on success
 */
gboolean
wd_store_finish_job (WdStore     *self,
                     gint64       job_id,
                     const char  *remote_id,
                     const char  *url,
                     GError     **error)
{
  /* Translators: an action, put into "Wiredesk could not %s". */
  const char *doing = _("record the published brief");
  g_autoptr(WdPublishJob) job = NULL;
  g_autoptr(WdStmt) stmt = NULL;
  gint64 now = _wd_now_unix ();
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), FALSE);

  conn = _wd_store_begin_write (self, doing, error);
  if (conn == NULL)
    return FALSE;

  job = read_job (conn, job_id, &rc);
  if (rc != SQLITE_OK)
    goto failed;
  if (job == NULL)
    {
      _wd_store_rollback_write (self);
      return _wd_invalid (error, _("There is no publish job %lld in the archive."),
                          (long long) job_id);
    }

  rc = exec_ids (conn, sql_job_done, job_id, now);
  if (rc != SQLITE_DONE)
    goto failed;

  if (job->action == WD_JOB_UNPUBLISH)
    {
      rc = _wd_conn_prepare (conn, sql_remote_withdrawn, &stmt);
      if (rc != SQLITE_OK)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, job->brief_id);
      _wd_bind_text (stmt, 2, job->target);
      sqlite3_bind_int64 (stmt, 3, now);
    }
  else
    {
      rc = _wd_conn_prepare (conn, sql_upsert_remote, &stmt);
      if (rc != SQLITE_OK)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, job->brief_id);
      _wd_bind_text (stmt, 2, job->target);
      _wd_bind_text (stmt, 3, remote_id);
      _wd_bind_text (stmt, 4, url);
      if (job->publish_at != NULL)
        _wd_bind_time (stmt, 5, job->publish_at);
      else
        sqlite3_bind_int64 (stmt, 5, now);
      sqlite3_bind_int64 (stmt, 6, now);
    }
  rc = sqlite3_step (stmt);
  g_clear_pointer (&stmt, _wd_stmt_release);
  if (rc != SQLITE_DONE)
    goto failed;

  if (!_wd_store_commit_write (self, doing, error))
    return FALSE;
  _wd_store_queue_changed (self, job->brief_id);
  return TRUE;

failed:
  g_clear_pointer (&stmt, _wd_stmt_release);
  _wd_store_fail (self, conn, rc, doing, error);
  _wd_store_rollback_write (self);
  return FALSE;
}

static const char sql_job_retry[] =
  "UPDATE publish_jobs SET state = 'pending', last_error = ?2, next_attempt_at = ?3,"
  "       updated_at = ?4"
  " WHERE id = ?1";

static const char sql_job_failed[] =
  "UPDATE publish_jobs SET state = 'failed', last_error = ?2, next_attempt_at = ?3,"
  "       updated_at = ?4"
  " WHERE id = ?1";

/* A failed publish gives the brief back its status before it was queued,
 * unless the brief is on the target already (a failed update leaves it
 * published, marked as changed since). */
static const char sql_restore_status[] =
  "UPDATE briefs SET status = ?2,"
  "       changed_since_publish = (?2 = 'published')"
  " WHERE id = ?1 AND status = ?3";

static gboolean
set_job_outcome (WdStore     *self,
                 gint64       job_id,
                 const char  *sql,
                 const char  *message,
                 GDateTime   *next_attempt_at,
                 gboolean     failed,
                 GError     **error)
{
  /* Translators: an action, put into "Wiredesk could not %s". */
  const char *doing = _("record the outcome of a publish job");
  g_autoptr(WdPublishJob) job = NULL;
  g_autoptr(WdStmt) stmt = NULL;
  WdConn *conn;
  int rc;

  conn = _wd_store_begin_write (self, doing, error);
  if (conn == NULL)
    return FALSE;

  job = read_job (conn, job_id, &rc);
  if (rc != SQLITE_OK)
    goto failed;
  if (job == NULL)
    {
      _wd_store_rollback_write (self);
      return _wd_invalid (error, _("There is no publish job %lld in the archive."),
                          (long long) job_id);
    }

  rc = _wd_conn_prepare (conn, sql, &stmt);
  if (rc != SQLITE_OK)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, job_id);
  _wd_bind_text (stmt, 2, message);
  if (next_attempt_at != NULL)
    sqlite3_bind_int64 (stmt, 3, time_to_ms (next_attempt_at));
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_int64 (stmt, 4, _wd_now_unix ());
  rc = sqlite3_step (stmt);
  g_clear_pointer (&stmt, _wd_stmt_release);
  if (rc != SQLITE_DONE)
    goto failed;

  if (failed && job->previous_status != NULL)
    {
      const char *queued_status = job->action == WD_JOB_UNPUBLISH ? "withdrawn" : "published";
      const char *back = job->action == WD_JOB_CREATE ? job->previous_status : "published";

      rc = _wd_conn_prepare (conn, sql_restore_status, &stmt);
      if (rc != SQLITE_OK)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, job->brief_id);
      _wd_bind_text (stmt, 2, back);
      _wd_bind_text (stmt, 3, queued_status);
      rc = sqlite3_step (stmt);
      g_clear_pointer (&stmt, _wd_stmt_release);
      if (rc != SQLITE_DONE)
        goto failed;
    }

  if (!_wd_store_commit_write (self, doing, error))
    return FALSE;
  _wd_store_queue_changed (self, job->brief_id);
  return TRUE;

failed:
  g_clear_pointer (&stmt, _wd_stmt_release);
  _wd_store_fail (self, conn, rc, doing, error);
  _wd_store_rollback_write (self);
  return FALSE;
}

/**
 * wd_store_retry_job:
 * @self: a #WdStore
 * @job_id: a job being sent
 * @message: why this attempt failed
 * @next_attempt_at: when to try again
 * @error: return location for a #WD_STORE_ERROR
 *
 * Puts a job back in the queue after a failure that may pass.
 *
 * Returns: %TRUE on success
 */
gboolean
wd_store_retry_job (WdStore     *self,
                    gint64       job_id,
                    const char  *message,
                    GDateTime   *next_attempt_at,
                    GError     **error)
{
  g_return_val_if_fail (WD_IS_STORE (self), FALSE);
  g_return_val_if_fail (next_attempt_at != NULL, FALSE);

  return set_job_outcome (self, job_id, sql_job_retry, message, next_attempt_at, FALSE, error);
}

/**
 * wd_store_fail_job:
 * @self: a #WdStore
 * @job_id: a job being sent
 * @message: why it failed, for the editor
 * @error: return location for a #WD_STORE_ERROR
 *
 * Gives up on a job, and gives the brief back the status it had before it
 * was queued (a failed update leaves it published, changed since).
 * wd_store_requeue_job() tries it again.
 *
 * Returns: %TRUE on success
 */
gboolean
wd_store_fail_job (WdStore     *self,
                   gint64       job_id,
                   const char  *message,
                   GError     **error)
{
  g_return_val_if_fail (WD_IS_STORE (self), FALSE);

  return set_job_outcome (self, job_id, sql_job_failed, message, NULL, TRUE, error);
}

static const char sql_requeue[] =
  "UPDATE publish_jobs SET state = 'pending', next_attempt_at = NULL, updated_at = ?2"
  " WHERE id = ?1 AND state = 'failed'";

static const char sql_requeue_status[] =
  "UPDATE briefs SET status = ?2 WHERE id = ?1";

/**
 * wd_store_requeue_job:
 * @self: a #WdStore
 * @job_id: a failed job
 * @error: return location for a #WD_STORE_ERROR
 *
 * Queues a failed job again (Retry), with the brief's status set as when
 * it was first queued.
 *
 * Returns: %TRUE on success
 */
gboolean
wd_store_requeue_job (WdStore  *self,
                      gint64    job_id,
                      GError  **error)
{
  /* Translators: an action, put into "Wiredesk could not %s". */
  const char *doing = _("queue the publish job again");
  g_autoptr(WdPublishJob) job = NULL;
  g_autoptr(WdStmt) stmt = NULL;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), FALSE);

  conn = _wd_store_begin_write (self, doing, error);
  if (conn == NULL)
    return FALSE;
  job = read_job (conn, job_id, &rc);
  if (rc != SQLITE_OK)
    goto failed;
  if (job == NULL || job->state != WD_JOB_FAILED)
    {
      _wd_store_rollback_write (self);
      return _wd_invalid (error, _("Publish job %lld has not failed; only a failed job can "
                                   "be tried again."), (long long) job_id);
    }
  rc = exec_ids (conn, sql_requeue, job_id, _wd_now_unix ());
  if (rc != SQLITE_DONE)
    goto failed;
  rc = _wd_conn_prepare (conn, sql_requeue_status, &stmt);
  if (rc != SQLITE_OK)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, job->brief_id);
  _wd_bind_text (stmt, 2, job->action == WD_JOB_UNPUBLISH ? "withdrawn" : "published");
  rc = sqlite3_step (stmt);
  g_clear_pointer (&stmt, _wd_stmt_release);
  if (rc != SQLITE_DONE)
    goto failed;
  if (!_wd_store_commit_write (self, doing, error))
    return FALSE;
  _wd_store_queue_changed (self, job->brief_id);
  return TRUE;

failed:
  g_clear_pointer (&stmt, _wd_stmt_release);
  _wd_store_fail (self, conn, rc, doing, error);
  _wd_store_rollback_write (self);
  return FALSE;
}

static const char sql_release_sending[] =
  "UPDATE publish_jobs SET state = 'pending', updated_at = ?1 WHERE state = 'sending'";

/**
 * wd_store_release_sending_jobs:
 * @self: a #WdStore
 * @error: return location for a #WD_STORE_ERROR
 *
 * Puts back in the queue the jobs a process stopped sending when it
 * crashed or was killed; their attempts count, so the next send looks for
 * the post before creating one. Call once when a publish worker starts.
 *
 * Returns: how many jobs were released; 0 with @error on failure
 */
guint
wd_store_release_sending_jobs (WdStore  *self,
                               GError  **error)
{
  /* Translators: an action, put into "Wiredesk could not %s". */
  const char *doing = _("resume the interrupted publish jobs");
  g_autoptr(WdStmt) stmt = NULL;
  guint released;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), 0);

  conn = _wd_store_begin_write (self, doing, error);
  if (conn == NULL)
    return 0;
  rc = _wd_conn_prepare (conn, sql_release_sending, &stmt);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, _wd_now_unix ());
      rc = sqlite3_step (stmt);
    }
  g_clear_pointer (&stmt, _wd_stmt_release);
  if (rc != SQLITE_DONE)
    {
      _wd_store_fail (self, conn, rc, doing, error);
      _wd_store_rollback_write (self);
      return 0;
    }
  released = sqlite3_changes (conn->db);
  if (!_wd_store_commit_write (self, doing, error))
    return 0;
  return released;
}

/* Reading */

/**
 * wd_store_get_job:
 * @self: a #WdStore
 * @job_id: a job's id
 * @error: return location for a #WD_STORE_ERROR
 *
 * Returns: (transfer full): the job, or %NULL with @error
 */
WdPublishJob *
wd_store_get_job (WdStore  *self,
                  gint64    job_id,
                  GError  **error)
{
  WdPublishJob *job;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), NULL);

  conn = _wd_store_begin_read (self, NULL, error);
  if (conn == NULL)
    return NULL;
  job = read_job (conn, job_id, &rc);
  if (rc != SQLITE_OK)
    /* Translators: an action, put into "Wiredesk could not %s". */
    _wd_store_fail (self, conn, rc, _("read the publish job"), error);
  else if (job == NULL)
    _wd_invalid (error, _("There is no publish job %lld in the archive."), (long long) job_id);
  _wd_store_end_read (self, conn);
  return job;
}

static const char sql_list_jobs[] =
  "SELECT " JOB_COLUMNS JOB_FROM " ORDER BY j.id DESC LIMIT 500";

static const char sql_list_unfinished_jobs[] =
  "SELECT " JOB_COLUMNS JOB_FROM
  " WHERE j.state IN ('pending', 'sending', 'failed') ORDER BY j.id";

/**
 * wd_store_list_jobs:
 * @self: a #WdStore
 * @unfinished_only: only the jobs pending, being sent, or failed
 * @error: return location for a #WD_STORE_ERROR
 *
 * Returns: (transfer container) (element-type WdPublishJob): the outbox,
 *   oldest unfinished job first, or the 500 newest jobs newest first
 */
GPtrArray *
wd_store_list_jobs (WdStore   *self,
                    gboolean   unfinished_only,
                    GError   **error)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) wd_publish_job_free);
  g_autoptr(WdStmt) stmt = NULL;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), NULL);

  conn = _wd_store_begin_read (self, NULL, error);
  if (conn == NULL)
    return NULL;
  rc = _wd_conn_prepare (conn, unfinished_only ? sql_list_unfinished_jobs : sql_list_jobs,
                         &stmt);
  if (rc == SQLITE_OK)
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      g_ptr_array_add (jobs, job_from_row (stmt));
  g_clear_pointer (&stmt, _wd_stmt_release);
  if (rc != SQLITE_DONE)
    {
      /* Translators: an action, put into "Wiredesk could not %s". */
      _wd_store_fail (self, conn, rc, _("read the outbox"), error);
      _wd_store_end_read (self, conn);
      return NULL;
    }
  _wd_store_end_read (self, conn);
  return g_steal_pointer (&jobs);
}

static const char sql_next_job_time[] =
  "SELECT min (coalesce (next_attempt_at, 0)) FROM publish_jobs WHERE state = 'pending'";

/**
 * wd_store_next_job_time:
 * @self: a #WdStore
 * @error: return location for a #WD_STORE_ERROR
 *
 * Returns: (transfer full) (nullable): when the next pending job is due
 *   (possibly in the past), or %NULL without @error when none is pending
 */
GDateTime *
wd_store_next_job_time (WdStore  *self,
                        GError  **error)
{
  g_autoptr(WdStmt) stmt = NULL;
  GDateTime *when = NULL;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), NULL);

  conn = _wd_store_begin_read (self, NULL, error);
  if (conn == NULL)
    return NULL;
  rc = _wd_conn_prepare (conn, sql_next_job_time, &stmt);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        when = time_from_ms (sqlite3_column_int64 (stmt, 0));
      if (rc == SQLITE_ROW)
        rc = SQLITE_DONE;
    }
  g_clear_pointer (&stmt, _wd_stmt_release);
  if (rc != SQLITE_DONE)
    /* Translators: an action, put into "Wiredesk could not %s". */
    _wd_store_fail (self, conn, rc, _("read the outbox"), error);
  _wd_store_end_read (self, conn);
  return when;
}

static const char sql_brief_remotes[] =
  "SELECT target, remote_id, remote_url, published_at, updated_at FROM brief_remotes"
  " WHERE brief_id = ?1 AND (?2 IS NULL OR target = ?2) ORDER BY target";

static GPtrArray *
read_remotes (WdStore     *self,
              gint64       brief_id,
              const char  *target,
              GError     **error)
{
  g_autoptr(GPtrArray) remotes = g_ptr_array_new_with_free_func ((GDestroyNotify) wd_brief_remote_free);
  g_autoptr(WdStmt) stmt = NULL;
  WdConn *conn;
  int rc;

  conn = _wd_store_begin_read (self, NULL, error);
  if (conn == NULL)
    return NULL;
  rc = _wd_conn_prepare (conn, sql_brief_remotes, &stmt);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, brief_id);
      _wd_bind_text (stmt, 2, target);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          WdBriefRemote *remote = g_new0 (WdBriefRemote, 1);

          remote->target = g_strdup (_wd_column_text (stmt, 0));
          remote->remote_id = g_strdup (_wd_column_text (stmt, 1));
          remote->url = g_strdup (_wd_column_text (stmt, 2));
          remote->published_at = _wd_column_time (stmt, 3);
          remote->updated_at = _wd_column_time (stmt, 4);
          g_ptr_array_add (remotes, remote);
        }
    }
  g_clear_pointer (&stmt, _wd_stmt_release);
  if (rc != SQLITE_DONE)
    {
      /* Translators: an action, put into "Wiredesk could not %s". */
      _wd_store_fail (self, conn, rc, _("read where the brief is published"), error);
      _wd_store_end_read (self, conn);
      return NULL;
    }
  _wd_store_end_read (self, conn);
  return g_steal_pointer (&remotes);
}

/**
 * wd_store_get_brief_remote:
 * @self: a #WdStore
 * @brief_id: a brief
 * @target: a target's name
 * @error: return location for a #WD_STORE_ERROR
 *
 * Returns: (transfer full) (nullable): where the brief is on @target, or
 *   %NULL (without @error) when it never went there
 */
WdBriefRemote *
wd_store_get_brief_remote (WdStore     *self,
                           gint64       brief_id,
                           const char  *target,
                           GError     **error)
{
  g_autoptr(GPtrArray) remotes = NULL;

  g_return_val_if_fail (WD_IS_STORE (self), NULL);
  g_return_val_if_fail (target != NULL, NULL);

  remotes = read_remotes (self, brief_id, target, error);
  if (remotes == NULL || remotes->len == 0)
    return NULL;
  return g_ptr_array_steal_index (remotes, 0);
}

/**
 * wd_store_list_brief_remotes:
 * @self: a #WdStore
 * @brief_id: a brief
 * @error: return location for a #WD_STORE_ERROR
 *
 * Returns: (transfer container) (element-type WdBriefRemote): where the
 *   brief went, by target name
 */
GPtrArray *
wd_store_list_brief_remotes (WdStore  *self,
                             gint64    brief_id,
                             GError  **error)
{
  g_return_val_if_fail (WD_IS_STORE (self), NULL);

  return read_remotes (self, brief_id, NULL, error);
}

static const char sql_get_override[] =
  "SELECT preflight_override FROM briefs WHERE id = ?1";

/**
 * wd_store_get_preflight_override:
 * @self: a #WdStore
 * @brief_id: a brief
 * @error: return location for a #WD_STORE_ERROR
 *
 * Returns: (transfer full) (nullable): the reason an editor gave for
 *   publishing the brief despite a failed preflight, or %NULL
 */
char *
wd_store_get_preflight_override (WdStore  *self,
                                 gint64    brief_id,
                                 GError  **error)
{
  g_autoptr(WdStmt) stmt = NULL;
  char *reason = NULL;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), NULL);

  conn = _wd_store_begin_read (self, NULL, error);
  if (conn == NULL)
    return NULL;
  rc = _wd_conn_prepare (conn, sql_get_override, &stmt);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, brief_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          reason = g_strdup (_wd_column_text (stmt, 0));
          rc = SQLITE_DONE;
        }
      else if (rc == SQLITE_DONE)
        _wd_store_not_found_brief (self, brief_id, error);
    }
  g_clear_pointer (&stmt, _wd_stmt_release);
  if (rc != SQLITE_DONE)
    /* Translators: an action, put into "Wiredesk could not %s". */
    _wd_store_fail (self, conn, rc, _("read the brief"), error);
  _wd_store_end_read (self, conn);
  return reason;
}
