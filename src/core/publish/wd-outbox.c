/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-publish"

#include "config.h"

#include <glib/gi18n-lib.h>
#include "wd-outbox.h"
#include "wd-publish-secret.h"
#include "wd-render.h"

/* Six sends in all: 1 s, 2 s, 4 s, 8 s and 16 s apart (give or take a
 * quarter), about half a minute of a server's bad patch. */
#define DEFAULT_FIRST_DELAY_MS 1000
#define DEFAULT_MAX_ATTEMPTS   6
#define MAX_DELAY_MS           60000

struct _WdOutbox
{
  GObject parent_instance;

  WdStore *store;
  WdConfig *config;

  GMutex lock;                 /* guards targets */
  GHashTable *targets;         /* name -> WdPublishTarget, for one drain */

  guint first_delay_ms;
  guint max_attempts;
};

G_DEFINE_FINAL_TYPE (WdOutbox, wd_outbox, G_TYPE_OBJECT)

/* Queueing */

char *
wd_outbox_default_target (WdConfig *config)
{
  g_auto(GStrv) names = NULL;
  char *name;

  g_return_val_if_fail (config != NULL, NULL);

  name = wd_config_dup_default (config, "target");
  if (name != NULL && *name != '\0')
    return name;
  g_free (name);
  names = wd_config_list_named (config, "target");
  if (names != NULL && g_strv_length (names) == 1)
    return g_strdup (names[0]);
  return NULL;
}

/**
 * wd_outbox_queue_publish:
 * @self: a #WdOutbox
 * @brief_id: the brief
 * @target: the target's name
 * @publish_at: (nullable): a later time to publish at, or %NULL for now
 * @override_reason: (nullable): the editor's written reason for publishing
 *   despite a failed preflight
 * @out_report: (out) (optional) (transfer full): the preflight
 * @error: return location for a #GError
 *
 * Runs the preflight and, when it passes or @override_reason says why the
 * brief goes out anyway, queues it (wd_store_queue_publish()). A brief of
 * a publisher that asked not to be covered is refused whatever the
 * reason. Blocking.
 *
 * Returns: the job's id, or 0 with @error (%WD_PUBLISH_ERROR_PREFLIGHT,
 *   %WD_PUBLISH_ERROR_EXCLUDED, or the store's)
 */
gint64
wd_outbox_queue_publish (WdOutbox        *self,
                         gint64           brief_id,
                         const char      *target,
                         GDateTime       *publish_at,
                         const char      *override_reason,
                         WdReviewReport **out_report,
                         GError         **error)
{
  g_autoptr(WdReviewReport) report = NULL;
  g_autoptr(WdBrief) brief = NULL;
  g_autoptr(WdPolicy) policy = NULL;
  g_autofree char *reason = NULL;
  WdSource *source;
  gint64 job_id;

  g_return_val_if_fail (WD_IS_OUTBOX (self), 0);
  g_return_val_if_fail (target != NULL, 0);

  brief = wd_store_load_brief (self->store, brief_id, error);
  if (brief == NULL)
    return 0;
  source = wd_brief_get_source (brief);
  if (source != NULL && wd_source_get_publisher_domain (source) != NULL)
    {
      GError *policy_error = NULL;

      policy = wd_store_get_policy (self->store, wd_source_get_publisher_domain (source),
                                    &policy_error);
      if (policy_error != NULL)
        {
          g_propagate_error (error, policy_error);
          return 0;
        }
    }
  if (policy != NULL && policy->kind == WD_POLICY_EXCLUDED)
    {
      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_EXCLUDED,
                   _("%s has asked not to be covered, so this brief cannot be published; "
                     "delete it or set the policy back first."),
                   policy->domain);
      return 0;
    }

  report = wd_review_check_brief (self->store, brief_id, error);
  if (report == NULL)
    return 0;

  reason = g_strstrip (g_strdup (override_reason != NULL ? override_reason : ""));
  if (!wd_review_report_ok (report) && *reason == '\0')
    {
      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_PREFLIGHT,
                   ngettext ("The preflight found %u failure; fix it, or publish anyway "
                             "with a written reason.",
                             "The preflight found %u failures; fix them, or publish anyway "
                             "with a written reason.",
                             report->n_failures),
                   report->n_failures);
      if (out_report != NULL)
        *out_report = g_steal_pointer (&report);
      return 0;
    }

  job_id = wd_store_queue_publish (self->store, brief_id, target, FALSE, publish_at,
                                   wd_review_report_ok (report) ? NULL : reason, error);
  if (out_report != NULL)
    *out_report = g_steal_pointer (&report);
  return job_id;
}

/* Items */

static void
fill_provenance (WdSectionProvenance *provenance,
                 WdSection           *section,
                 GPtrArray           *revisions)
{
  provenance->origin = WD_ORIGIN_EDITOR;
  provenance->edit_share = -1;
  if (section == NULL)
    return;

  provenance->origin = wd_section_get_origin (section);
  provenance->edit_share = wd_section_get_edit_share (section);
  /* The model behind the text: the newest AI revision, even when an
   * editor has changed it since. */
  for (guint i = 0; revisions != NULL && i < revisions->len; i++)
    {
      WdRevision *revision = revisions->pdata[i];

      if (wd_revision_get_origin (revision) != WD_ORIGIN_AI)
        continue;
      provenance->backend = g_strdup (wd_revision_get_backend (revision));
      provenance->model = g_strdup (wd_revision_get_model (revision));
      provenance->template_version = wd_revision_get_template_version (revision);
      break;
    }
}

/**
 * wd_outbox_build_item:
 * @self: a #WdOutbox
 * @brief_id: the brief to send
 * @publish_at: (nullable): a scheduled time, or %NULL for now
 * @error: return location for a #GError
 *
 * Loads the brief and renders everything a target may send. Blocking.
 *
 * Returns: (transfer full): the item, or %NULL with @error
 */
WdPublishItem *
wd_outbox_build_item (WdOutbox   *self,
                      gint64      brief_id,
                      GDateTime  *publish_at,
                      GError    **error)
{
  g_autoptr(WdPublishItem) item = g_new0 (WdPublishItem, 1);
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);
  WdRenderMeta meta = { NULL, };
  g_autoptr(WdRenderOptions) options = NULL;
  GListModel *mentions;
  WdSource *source;
  const char *domain;

  g_return_val_if_fail (WD_IS_OUTBOX (self), NULL);

  /* Read for each item: the footer templates and the [site] group may
   * have changed in Preferences since the last one. */
  options = wd_render_options_new (self->store, self->config, error);
  if (options == NULL)
    return NULL;

  item->brief = wd_store_load_brief (self->store, brief_id, error);
  if (item->brief == NULL)
    return NULL;
  source = wd_brief_get_source (item->brief);
  domain = source != NULL ? wd_source_get_publisher_domain (source) : NULL;
  if (domain != NULL)
    {
      g_autoptr(GError) policy_error = NULL;

      item->policy = wd_store_get_policy (self->store, domain, &policy_error);
      if (policy_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&policy_error));
          return NULL;
        }
    }

  for (guint kind = 0; kind < WD_SECTION_N_KINDS; kind++)
    {
      g_autoptr(GPtrArray) revisions = wd_store_list_revisions (self->store, brief_id,
                                                                kind, NULL);

      fill_provenance (&item->provenance[kind], wd_brief_get_section (item->brief, kind),
                       revisions);
    }

  mentions = wd_brief_get_mentions (item->brief);
  for (guint i = 0; mentions != NULL && i < g_list_model_get_n_items (mentions); i++)
    {
      g_autoptr(WdMention) mention = g_list_model_get_item (mentions, i);

      g_ptr_array_add (tags, g_strdup (wd_mention_get_name (mention)));
    }
  g_ptr_array_add (tags, NULL);

  item->uuid = g_strdup (wd_brief_get_uuid (item->brief));
  item->key = g_strdup_printf ("wiredesk-%s", item->uuid);
  item->slug = wd_render_slug (item->brief);
  item->headline = g_strdup (wd_brief_get_headline (item->brief));
  if (item->headline == NULL || *item->headline == '\0')
    {
      g_free (item->headline);
      item->headline = g_strdup (wd_brief_get_title (item->brief));
    }
  item->excerpt = wd_render_excerpt (item->brief);
  item->lang = source != NULL ? g_strdup (wd_source_get_language (source)) : NULL;
  item->tags = (GStrv) g_ptr_array_free (g_steal_pointer (&tags), FALSE);
  item->publish_at = publish_at != NULL ? g_date_time_ref (publish_at) : NULL;
  item->modified_at = g_date_time_ref (wd_brief_get_updated_at (item->brief));

  meta.published_at = item->publish_at;
  meta.modified_at = item->modified_at;
  meta.policy = item->policy;
  item->html = wd_render_brief (item->brief, WD_RENDER_HTML, options, &meta, error);
  if (item->html == NULL)
    return NULL;
  item->markdown = wd_render_brief (item->brief, WD_RENDER_MARKDOWN, options, &meta, error);
  if (item->markdown == NULL)
    return NULL;
  item->jsonld = wd_render_brief (item->brief, WD_RENDER_JSONLD, options, &meta, error);
  if (item->jsonld == NULL)
    return NULL;

  return g_steal_pointer (&item);
}

/* Targets */

static WdPublishTarget *
get_target (WdOutbox      *self,
            const char    *name,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  WdPublishTarget *target = g_hash_table_lookup (self->targets, name);
  g_autofree char *secret = NULL;

  if (target != NULL)
    return g_object_ref (target);

  secret = wd_publish_secret_lookup (name, cancellable);
  target = wd_publish_target_new_from_config (self->config, name, secret, error);
  if (target == NULL)
    return NULL;
  g_hash_table_insert (self->targets, g_strdup (name), g_object_ref (target));
  return target;
}

/* Sending */

static GDateTime *
next_attempt_time (WdOutbox *self,
                   guint     attempts)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  double delay = self->first_delay_ms;

  for (guint i = 1; i < attempts && delay < MAX_DELAY_MS; i++)
    delay *= 2;
  delay = MIN (delay, MAX_DELAY_MS);
  /* ±25 %, so that clients failed by one outage do not return in step. */
  delay *= g_random_double_range (0.75, 1.25);
  return g_date_time_add (now, (GTimeSpan) (delay * G_TIME_SPAN_MILLISECOND));
}

static WdRemotePost *
perform (WdOutbox         *self,
         WdPublishTarget  *target,
         WdPublishJob     *job,
         WdPublishItem    *item,
         GCancellable     *cancellable,
         GError          **error)
{
  g_autoptr(WdBriefRemote) remote = NULL;
  g_autoptr(WdRemotePost) found = NULL;

  remote = wd_store_get_brief_remote (self->store, job->brief_id, job->target, error);
  if (remote == NULL && error != NULL && *error != NULL)
    return NULL;

  switch (job->action)
    {
    case WD_JOB_CREATE:
      /* An earlier send may have made the post and lost the answer. */
      if (job->maybe_sent)
        {
          if (!wd_publish_target_find (target, item, &found, cancellable, error))
            return NULL;
          if (found != NULL)
            g_debug ("job %" G_GINT64_FORMAT ": the target already has post %s",
                     job->id, found->remote_id);
        }
      return wd_publish_target_put (target, item, found != NULL ? found->remote_id : NULL,
                                    cancellable, error);

    case WD_JOB_UPDATE:
      return wd_publish_target_put (target, item,
                                    remote != NULL ? remote->remote_id : NULL,
                                    cancellable, error);

    case WD_JOB_UNPUBLISH:
      if (!wd_publish_target_unpublish (target, item,
                                        remote != NULL ? remote->remote_id : NULL,
                                        cancellable, error))
        return NULL;
      return wd_remote_post_new (remote != NULL ? remote->remote_id : NULL,
                                 remote != NULL ? remote->url : NULL, NULL);

    default:
      g_assert_not_reached ();
    }
}

/**
 * wd_outbox_send:
 * @self: a #WdOutbox
 * @job: a job claimed with wd_store_claim_job()
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Makes one attempt at @job and records its outcome in the archive: done,
 * queued again for later, or failed. Blocking.
 *
 * Returns: %TRUE when the job is done; %FALSE with @error otherwise (the
 *   job is then queued again when the error may pass)
 */
gboolean
wd_outbox_send (WdOutbox      *self,
                WdPublishJob  *job,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(WdPublishTarget) target = NULL;
  g_autoptr(WdPublishItem) item = NULL;
  g_autoptr(WdRemotePost) post = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (WD_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (job != NULL, FALSE);

  target = get_target (self, job->target, cancellable, &local_error);
  if (target != NULL)
    item = wd_outbox_build_item (self, job->brief_id, job->publish_at, &local_error);
  if (item != NULL)
    post = perform (self, target, job, item, cancellable, &local_error);

  if (post != NULL)
    {
      return wd_store_finish_job (self->store, job->id, post->remote_id, post->url, error);
    }

  g_assert (local_error != NULL);
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      /* Stopped by the user or by quitting: it may have gone out. */
      wd_store_retry_job (self->store, job->id, local_error->message, now, NULL);
    }
  else if (wd_publish_error_is_transient (local_error) && job->attempts < self->max_attempts)
    {
      g_autoptr(GDateTime) when = next_attempt_time (self, job->attempts);

      g_debug ("job %" G_GINT64_FORMAT ", attempt %u: %s; trying again", job->id,
               job->attempts, local_error->message);
      if (!wd_store_retry_job (self->store, job->id, local_error->message, when, error))
        return FALSE;
    }
  else
    {
      if (!wd_store_fail_job (self->store, job->id, local_error->message, error))
        return FALSE;
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* Sleeps until @when, or until @cancellable is cancelled. */
static gboolean
wait_until (GDateTime    *when,
            GCancellable *cancellable)
{
  for (;;)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      GTimeSpan left = g_date_time_difference (when, now);

      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      if (left <= 0)
        return TRUE;
      g_usleep (MIN (left, 50 * G_TIME_SPAN_MILLISECOND));
    }
}

/**
 * wd_outbox_drain:
 * @self: a #WdOutbox
 * @job_id: one job to see through, or 0 for every pending job
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Sends jobs until @job_id (or every job) is done or failed, waiting out
 * the retry delays. With @job_id 0 it first resumes the jobs an earlier
 * process left half-sent. Blocking.
 *
 * Returns: %TRUE when every job it saw through is done; %FALSE with the
 *   error of the (last) failed one
 */
gboolean
wd_outbox_drain (WdOutbox      *self,
                 gint64         job_id,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GError) failure = NULL;

  g_return_val_if_fail (WD_IS_OUTBOX (self), FALSE);

  /* Targets are made again from the configuration, which Preferences may
   * have changed since the last drain; one still sending keeps its own
   * reference. */
  {
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

    g_hash_table_remove_all (self->targets);
  }

  if (job_id == 0)
    {
      g_autoptr(GError) local_error = NULL;

      wd_store_release_sending_jobs (self->store, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  for (;;)
    {
      g_autoptr(WdPublishJob) job = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GDateTime) next = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      job = wd_store_claim_job (self->store, job_id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      if (job != NULL)
        {
          if (wd_outbox_send (self, job, cancellable, &local_error))
            {
              if (job_id != 0)
                return TRUE;
              continue;
            }
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          /* Failed for good: report it; queued again: wait below. */
          {
            g_autoptr(WdPublishJob) now = wd_store_get_job (self->store, job->id, NULL);

            if (now != NULL && now->state == WD_JOB_FAILED)
              {
                g_clear_error (&failure);
                failure = g_steal_pointer (&local_error);
                if (job_id != 0)
                  break;
                continue;
              }
          }
          /* Queued again for later: wait for it below. */
          g_clear_error (&local_error);
        }
      else if (job_id != 0)
        {
          g_autoptr(WdPublishJob) state = wd_store_get_job (self->store, job_id, &local_error);

          if (state == NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          if (state->state == WD_JOB_DONE)
            return TRUE;
          if (state->state == WD_JOB_FAILED)
            {
              g_set_error_literal (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_REJECTED,
                                   state->last_error != NULL ? state->last_error : "");
              return FALSE;
            }
          /* Pending, not due yet; or another process is sending it. */
          if (state->state == WD_JOB_PENDING && state->next_attempt_at != NULL)
            next = g_date_time_ref (state->next_attempt_at);
          else
            {
              g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

              next = g_date_time_add (now, 100 * G_TIME_SPAN_MILLISECOND);
            }
          wait_until (next, cancellable);
          continue;
        }

      /* Nothing due now: wait for the next retry, or stop when none is
       * pending. */
      next = wd_store_next_job_time (self->store, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (next == NULL)
        break;
      wait_until (next, cancellable);
    }

  if (failure != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&failure));
      return FALSE;
    }
  return TRUE;
}

static void
drain_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WdOutbox *self = source_object;
  gint64 *job_id = task_data;
  GError *error = NULL;

  if (wd_outbox_drain (self, *job_id, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
wd_outbox_drain_async (WdOutbox            *self,
                       gint64               job_id,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (WD_IS_OUTBOX (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wd_outbox_drain_async);
  g_task_set_task_data (task, g_memdup2 (&job_id, sizeof job_id), g_free);
  g_task_run_in_thread (task, drain_thread);
}

gboolean
wd_outbox_drain_finish (WdOutbox      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Construction */

WdOutbox *
wd_outbox_new (WdStore  *store,
               WdConfig *config)
{
  WdOutbox *self;

  g_return_val_if_fail (WD_IS_STORE (store), NULL);
  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (WD_TYPE_OUTBOX, NULL);
  self->store = g_object_ref (store);
  self->config = g_object_ref (config);
  return self;
}

WdStore *
wd_outbox_get_store (WdOutbox *self)
{
  g_return_val_if_fail (WD_IS_OUTBOX (self), NULL);
  return self->store;
}

void
wd_outbox_set_retry_policy (WdOutbox *self,
                            guint     first_delay_ms,
                            guint     max_attempts)
{
  g_return_if_fail (WD_IS_OUTBOX (self));
  g_return_if_fail (max_attempts >= 1);

  self->first_delay_ms = first_delay_ms;
  self->max_attempts = max_attempts;
}

static void
wd_outbox_finalize (GObject *object)
{
  WdOutbox *self = WD_OUTBOX (object);

  g_clear_object (&self->store);
  g_clear_object (&self->config);
  g_clear_pointer (&self->targets, g_hash_table_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (wd_outbox_parent_class)->finalize (object);
}

static void
wd_outbox_class_init (WdOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wd_outbox_finalize;

}

static void
wd_outbox_init (WdOutbox *self)
{
  g_mutex_init (&self->lock);
  self->targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->first_delay_ms = DEFAULT_FIRST_DELAY_MS;
  self->max_attempts = DEFAULT_MAX_ATTEMPTS;
}
