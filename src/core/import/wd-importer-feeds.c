/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-importer"

#include "wd-importer.h"
#include "wd-feed.h"
#include "wd-import-error.h"

/* At most this many articles are fetched at once, across all feeds. */
#define MAX_RUNNING 4

static void
feed_outcome_free (WdFeedOutcome *outcome)
{
  if (outcome == NULL)
    return;
  g_free (outcome->url);
  g_free (outcome->title);
  g_free (outcome->error);
  g_free (outcome);
}

void
wd_feed_refresh_free (WdFeedRefresh *refresh)
{
  if (refresh == NULL)
    return;
  g_clear_pointer (&refresh->feeds, g_ptr_array_unref);
  g_free (refresh);
}

static WdFeed *
parse_body (WdFetchResult  *fetch,
            GError        **error)
{
  gsize length = 0;
  const char *data = "";

  if (fetch->body != NULL)
    data = g_bytes_get_data (fetch->body, &length);
  return wd_feed_parse (data != NULL ? data : "", length, fetch->final_url, error);
}

/* Adding a feed */

static void
on_feed_fetched_for_add (GObject      *object,
                         GAsyncResult *res,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WdImporter *self = g_task_get_source_object (task);
  WdStore *store = wd_context_get_store (wd_importer_get_context (self));
  g_autoptr(WdFetchResult) fetch = NULL;
  g_autoptr(WdFeed) feed = NULL;
  WdFeedSubscription *subscription;
  GError *error = NULL;
  const char *url = g_task_get_task_data (task);
  gint64 feed_id;

  fetch = wd_fetcher_fetch_finish (WD_FETCHER (object), res, &error);
  if (fetch == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  feed = parse_body (fetch, &error);
  if (feed == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  feed_id = wd_store_add_feed (store, url, feed->title, NULL, &error);
  if (feed_id == 0)
    {
      g_task_return_error (task, error);
      return;
    }

  subscription = g_new0 (WdFeedSubscription, 1);
  subscription->id = feed_id;
  subscription->url = g_strdup (url);
  subscription->title = g_strdup (feed->title);
  subscription->n_items = feed->items->len;
  g_task_return_pointer (task, subscription, (GDestroyNotify) wd_feed_subscription_free);
}

/**
 * wd_importer_add_feed_async:
 * @self: a #WdImporter
 * @url: the feed's http or https address
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the feed is stored or could not be
 * @user_data: data for @callback
 *
 * Fetches and parses the feed once, so only a working feed is subscribed
 * to, and stores it with its title. Its items are imported by the next
 * refresh.
 */
void
wd_importer_add_feed_async (WdImporter          *self,
                            const char          *url,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (WD_IS_IMPORTER (self));
  g_return_if_fail (url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wd_importer_add_feed_async);
  g_task_set_task_data (task, g_strdup (url), g_free);
  wd_fetcher_fetch_async (wd_importer_get_fetcher (self), url, cancellable,
                          on_feed_fetched_for_add, task);
}

/**
 * wd_importer_add_feed_finish:
 * @self: a #WdImporter
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the stored feed (with the number
 *   of items it shows now), or %NULL with @error set
 */
WdFeedSubscription *
wd_importer_add_feed_finish (WdImporter    *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Refreshing */

typedef struct {
  WdFeedOutcome *outcome;
  char          *guid;
  char          *url;
} ItemJob;

typedef struct {
  GPtrArray *subscriptions;   /* WdFeedSubscription */
  GPtrArray *outcomes;        /* WdFeedOutcome, same order */
  GQueue     jobs;            /* ItemJob waiting to start */
  guint      feeds_pending;
  guint      running;
} Refresh;

static void
item_job_free (ItemJob *job)
{
  g_free (job->guid);
  g_free (job->url);
  g_free (job);
}

static void
refresh_free (Refresh *refresh)
{
  g_clear_pointer (&refresh->subscriptions, g_ptr_array_unref);
  g_clear_pointer (&refresh->outcomes, g_ptr_array_unref);
  g_queue_clear_full (&refresh->jobs, (GDestroyNotify) item_job_free);
  g_free (refresh);
}

static void start_jobs (GTask *task);

/* Returns the result once every feed was read and every article tried. */
static void
maybe_finish (GTask *task)
{
  Refresh *refresh = g_task_get_task_data (task);
  WdFeedRefresh *result;

  if (refresh->feeds_pending > 0 || refresh->running > 0 || refresh->jobs.length > 0)
    return;

  result = g_new0 (WdFeedRefresh, 1);
  result->feeds = g_steal_pointer (&refresh->outcomes);
  for (guint i = 0; i < result->feeds->len; i++)
    {
      WdFeedOutcome *outcome = g_ptr_array_index (result->feeds, i);

      result->n_new += outcome->n_new;
      result->n_existing += outcome->n_existing;
      result->n_failed += outcome->n_failed;
      if (outcome->error != NULL)
        result->n_broken++;
    }
  g_task_return_pointer (task, result, (GDestroyNotify) wd_feed_refresh_free);
}

typedef struct {
  GTask   *task;
  ItemJob *job;
} JobCall;

static void
on_item_imported (GObject      *object,
                  GAsyncResult *res,
                  gpointer      user_data)
{
  g_autofree JobCall *call = user_data;
  g_autoptr(GTask) task = call->task;
  Refresh *refresh = g_task_get_task_data (task);
  ItemJob *job = call->job;
  WdStore *store = wd_context_get_store (wd_importer_get_context (WD_IMPORTER (object)));
  g_autoptr(WdImportResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = wd_importer_import_url_finish (WD_IMPORTER (object), res, &error);
  if (result == NULL)
    {
      /* Not recorded as seen, so the next refresh tries it again. */
      g_debug ("Feed item %s: %s", job->url, error->message);
      job->outcome->n_failed++;
    }
  else
    {
      if (result->existed)
        job->outcome->n_existing++;
      else
        job->outcome->n_new++;
      if (!wd_store_add_feed_item (store, job->outcome->feed_id, job->guid, job->url,
                                   result->brief_id, &error))
        g_debug ("Feed item %s not recorded: %s", job->url, error->message);
    }

  item_job_free (job);
  refresh->running--;
  start_jobs (task);
  maybe_finish (task);
}

static void
start_jobs (GTask *task)
{
  Refresh *refresh = g_task_get_task_data (task);
  WdImporter *self = g_task_get_source_object (task);

  while (refresh->running < MAX_RUNNING && refresh->jobs.length > 0)
    {
      JobCall *call = g_new0 (JobCall, 1);

      call->task = g_object_ref (task);
      call->job = g_queue_pop_head (&refresh->jobs);
      refresh->running++;
      wd_importer_import_url_async (self, call->job->url, g_task_get_cancellable (task),
                                    on_item_imported, call);
    }
}

typedef struct {
  GTask              *task;
  WdFeedSubscription *subscription;
  WdFeedOutcome      *outcome;
} FeedCall;

/* Records a feed's failure as its own error; the others go on. */
static void
feed_failed (WdStore            *store,
             WdFeedSubscription *subscription,
             WdFeedOutcome      *outcome,
             const char         *message)
{
  g_autoptr(GError) error = NULL;

  outcome->error = g_strdup (message);
  if (!wd_store_update_feed (store, subscription->id, NULL, subscription->etag,
                             subscription->last_modified, g_get_real_time () / G_USEC_PER_SEC,
                             message, &error))
    g_debug ("Feed %s: %s", subscription->url, error->message);
}

static void
on_feed_fetched (GObject      *object,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  g_autofree FeedCall *call = user_data;
  g_autoptr(GTask) task = call->task;
  Refresh *refresh = g_task_get_task_data (task);
  WdImporter *self = g_task_get_source_object (task);
  WdStore *store = wd_context_get_store (wd_importer_get_context (self));
  WdFeedSubscription *subscription = call->subscription;
  WdFeedOutcome *outcome = call->outcome;
  g_autoptr(WdFetchResult) fetch = NULL;
  g_autoptr(WdFeed) feed = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  refresh->feeds_pending--;

  fetch = wd_fetcher_fetch_finish (WD_FETCHER (object), res, &error);
  if (fetch == NULL)
    {
      feed_failed (store, subscription, outcome, error->message);
      maybe_finish (task);
      return;
    }
  if (fetch->not_modified)
    {
      outcome->not_modified = TRUE;
      if (!wd_store_update_feed (store, subscription->id, NULL, subscription->etag,
                                 subscription->last_modified, now, NULL, &error))
        outcome->error = g_strdup (error->message);
      maybe_finish (task);
      return;
    }

  feed = parse_body (fetch, &error);
  if (feed == NULL)
    {
      feed_failed (store, subscription, outcome, error->message);
      maybe_finish (task);
      return;
    }

  if (feed->title != NULL)
    {
      g_free (outcome->title);
      outcome->title = g_strdup (feed->title);
    }
  for (guint i = 0; i < feed->items->len; i++)
    {
      WdFeedItem *item = g_ptr_array_index (feed->items, i);
      ItemJob *job;
      gboolean seen = FALSE;

      /* The parser leaves out links that are not http(s): javascript:,
       * file: and the like are never fetched. */
      if (item->url == NULL || item->id == NULL)
        continue;
      if (!wd_store_find_feed_item (store, subscription->id, item->id, &seen, &error))
        {
          feed_failed (store, subscription, outcome, error->message);
          maybe_finish (task);
          return;
        }
      if (seen)
        continue;
      job = g_new0 (ItemJob, 1);
      job->outcome = outcome;
      job->guid = g_strdup (item->id);
      job->url = g_strdup (item->url);
      g_queue_push_tail (&refresh->jobs, job);
    }

  if (!wd_store_update_feed (store, subscription->id, feed->title, fetch->etag,
                             fetch->last_modified, now, NULL, &error))
    outcome->error = g_strdup (error->message);

  start_jobs (task);
  maybe_finish (task);
}

/**
 * wd_importer_refresh_feeds_async:
 * @self: a #WdImporter
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when every feed was read
 * @user_data: data for @callback
 *
 * Refreshes every subscribed feed: a conditional request (a 304 answer
 * means nothing new), then the article of each item not seen before is
 * imported (at most four at a time across all feeds; an article already
 * in the archive counts as existing). A feed that fails records its own
 * error and never stops the others.
 */
void
wd_importer_refresh_feeds_async (WdImporter          *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WdStore *store;
  Refresh *refresh;
  GError *error = NULL;

  g_return_if_fail (WD_IS_IMPORTER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wd_importer_refresh_feeds_async);
  store = wd_context_get_store (wd_importer_get_context (self));

  refresh = g_new0 (Refresh, 1);
  g_queue_init (&refresh->jobs);
  g_task_set_task_data (task, refresh, (GDestroyNotify) refresh_free);
  refresh->subscriptions = wd_store_list_feeds (store, &error);
  if (refresh->subscriptions == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  refresh->outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify) feed_outcome_free);

  for (guint i = 0; i < refresh->subscriptions->len; i++)
    {
      WdFeedSubscription *subscription = g_ptr_array_index (refresh->subscriptions, i);
      WdFeedOutcome *outcome = g_new0 (WdFeedOutcome, 1);
      FeedCall *call = g_new0 (FeedCall, 1);

      outcome->feed_id = subscription->id;
      outcome->url = g_strdup (subscription->url);
      outcome->title = g_strdup (subscription->title);
      g_ptr_array_add (refresh->outcomes, outcome);

      call->task = g_object_ref (task);
      call->subscription = subscription;
      call->outcome = outcome;
      refresh->feeds_pending++;
      wd_fetcher_fetch_conditional_async (wd_importer_get_fetcher (self), subscription->url,
                                          subscription->etag, subscription->last_modified,
                                          cancellable, on_feed_fetched, call);
    }

  maybe_finish (task);
}

/**
 * wd_importer_refresh_feeds_finish:
 * @self: a #WdImporter
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #WD_STORE_ERROR (only when the feeds
 *   could not be listed; a broken feed is in its outcome)
 *
 * Returns: (transfer full) (nullable): what each feed gave, or %NULL
 */
WdFeedRefresh *
wd_importer_refresh_feeds_finish (WdImporter    *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
