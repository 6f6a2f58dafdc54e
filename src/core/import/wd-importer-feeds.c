/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-importer"

#include "wd-importer.h"
#include "wd-feed.h"
#include "wd-import-error.h"

/*
 * The HTTP requests run on the caller's main context (libsoup's async API);
 * everything that touches the archive or parses a feed runs in a GTask
 * thread, so a feed of 10 000 items never holds up the caller's thread.
 * The state of a refresh (Refresh) is only touched on the caller's thread;
 * the worker threads get copies of what they need and hand back results.
 */

/* At most this many articles are fetched at once, across all feeds. */
#define MAX_RUNNING 4

static WdStore *
store_of (WdImporter *self)
{
  return wd_context_get_store (wd_importer_get_context (self));
}

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

/* Listing and removing */

static void
list_feeds_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GPtrArray *feeds;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  feeds = wd_store_list_feeds (store_of (source_object), &error);
  if (feeds == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, feeds, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * wd_importer_list_feeds_async:
 * @self: a #WdImporter
 * @cancellable: (nullable): a #GCancellable, honoured until the work starts
 * @callback: called with the subscriptions
 * @user_data: data for @callback
 *
 * Lists the subscribed feeds as wd_store_list_feeds() does (each with its
 * refresh state, last error and number of items seen), reading the archive
 * in a worker thread.
 */
void
wd_importer_list_feeds_async (WdImporter          *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (WD_IS_IMPORTER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wd_importer_list_feeds_async);
  g_task_run_in_thread (task, list_feeds_thread);
}

/**
 * wd_importer_list_feeds_finish:
 * @self: a #WdImporter
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #WD_STORE_ERROR
 *
 * Returns: (transfer container) (element-type WdFeedSubscription) (nullable):
 *   the feeds in the order they were added (the array frees them), or
 *   %NULL with @error set
 */
GPtrArray *
wd_importer_list_feeds_finish (WdImporter    *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
remove_feed_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  const gint64 *feed_id = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (wd_store_remove_feed (store_of (source_object), *feed_id, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * wd_importer_remove_feed_async:
 * @self: a #WdImporter
 * @feed_id: the feed's id, from wd_importer_list_feeds_finish()
 * @cancellable: (nullable): a #GCancellable, honoured until the work starts
 * @callback: called once the feed is removed
 * @user_data: data for @callback
 *
 * Unsubscribes from a feed in a worker thread, as wd_store_remove_feed()
 * does: the sources already imported from it stay in the archive. Removing
 * a feed that is not there (any more) changes nothing and is no error.
 */
void
wd_importer_remove_feed_async (WdImporter          *self,
                               gint64               feed_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (WD_IS_IMPORTER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wd_importer_remove_feed_async);
  g_task_set_task_data (task, g_memdup2 (&feed_id, sizeof feed_id), g_free);
  g_task_run_in_thread (task, remove_feed_thread);
}

/**
 * wd_importer_remove_feed_finish:
 * @self: a #WdImporter
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #WD_STORE_ERROR
 *
 * Returns: %TRUE when the feed is no longer subscribed to
 */
gboolean
wd_importer_remove_feed_finish (WdImporter    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Adding a feed */

typedef struct {
  char          *url;
  WdFetchResult *fetch;
} AddData;

static void
add_data_free (AddData *data)
{
  g_free (data->url);
  g_clear_pointer (&data->fetch, wd_fetch_result_free);
  g_free (data);
}

static void
add_feed_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  AddData *data = task_data;
  g_autoptr(WdFeed) feed = NULL;
  WdFeedSubscription *subscription;
  GError *error = NULL;
  gint64 feed_id;

  if (g_task_return_error_if_cancelled (task))
    return;
  feed = parse_body (data->fetch, &error);
  if (feed == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  feed_id = wd_store_add_feed (store_of (source_object), data->url, feed->title, NULL, &error);
  if (feed_id == 0)
    {
      g_task_return_error (task, error);
      return;
    }

  subscription = g_new0 (WdFeedSubscription, 1);
  subscription->id = feed_id;
  subscription->url = g_strdup (data->url);
  subscription->title = g_strdup (feed->title);
  subscription->n_items = feed->items->len;
  g_task_return_pointer (task, subscription, (GDestroyNotify) wd_feed_subscription_free);
}

static void
on_feed_fetched_for_add (GObject      *object,
                         GAsyncResult *res,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AddData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->fetch = wd_fetcher_fetch_finish (WD_FETCHER (object), res, &error);
  if (data->fetch == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_run_in_thread (task, add_feed_thread);
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
 * to, and stores it with its title; the parsing and the store call run in
 * a worker thread. Its items are imported by the next refresh.
 */
void
wd_importer_add_feed_async (WdImporter          *self,
                            const char          *url,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;
  AddData *data;

  g_return_if_fail (WD_IS_IMPORTER (self));
  g_return_if_fail (url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wd_importer_add_feed_async);
  data = g_new0 (AddData, 1);
  data->url = g_strdup (url);
  g_task_set_task_data (task, data, (GDestroyNotify) add_data_free);
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

/* One feed during a refresh. The validators (ETag, Last-Modified) the
 * server sent are stored only once every new item was imported: a 304 on
 * the next refresh would otherwise hide the items that failed, and they
 * would never be tried again. */
typedef struct {
  WdFeedSubscription *subscription;   /* borrowed from the Refresh */
  WdFeedOutcome      *outcome;        /* borrowed from the Refresh */
  char               *etag;           /* the validators to store at the end */
  char               *last_modified;
  gint64              checked_at;
  guint               jobs_left;      /* new items not yet imported or given up */
  gboolean            incomplete;     /* an item failed or was dropped */
} FeedState;

/* An item whose article is to be imported. */
typedef struct {
  FeedState *feed;                    /* borrowed from the Refresh */
  char      *guid;
  char      *url;
} ItemJob;

typedef struct {
  GPtrArray *subscriptions;           /* WdFeedSubscription */
  GPtrArray *outcomes;                /* WdFeedOutcome, same order */
  GPtrArray *feeds;                   /* FeedState, same order */
  GQueue     jobs;                    /* ItemJob waiting to start */
  guint      pending;                 /* listing, feed fetches, worker-thread calls */
  guint      running;                 /* article imports under way */
} Refresh;

/* A call about one feed: holds the refresh until it returns. */
typedef struct {
  GTask     *task;
  FeedState *feed;
} FeedCall;

static void
feed_state_free (FeedState *feed)
{
  g_free (feed->etag);
  g_free (feed->last_modified);
  g_free (feed);
}

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
  g_clear_pointer (&refresh->feeds, g_ptr_array_unref);
  g_queue_clear_full (&refresh->jobs, (GDestroyNotify) item_job_free);
  g_free (refresh);
}

static FeedCall *
feed_call_new (GTask     *task,
               FeedState *feed)
{
  FeedCall *call = g_new0 (FeedCall, 1);

  call->task = g_object_ref (task);
  call->feed = feed;
  return call;
}

/* Returns the result once every feed was read and every article tried. */
static void
maybe_finish (GTask *task)
{
  Refresh *refresh = g_task_get_task_data (task);
  WdFeedRefresh *result;

  if (refresh->pending > 0 || refresh->running > 0 || refresh->jobs.length > 0)
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

/* What a worker thread writes about a feed: copies, as the Refresh
 * belongs to the caller's thread. */
typedef struct {
  gint64         feed_id;
  char          *url;
  char          *etag;
  char          *last_modified;
  gint64         checked_at;
  WdFetchResult *fetch;               /* reading: NULL when the fetch failed */
  GError        *fetch_error;
} FeedData;

static void
feed_data_free (FeedData *data)
{
  g_free (data->url);
  g_free (data->etag);
  g_free (data->last_modified);
  g_clear_pointer (&data->fetch, wd_fetch_result_free);
  g_clear_error (&data->fetch_error);
  g_free (data);
}

/* Storing the validators once a feed's items are in */

static void
save_validators_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  FeedData *data = task_data;
  GError *error = NULL;

  if (wd_store_update_feed (store_of (source_object), data->feed_id, NULL, data->etag,
                            data->last_modified, data->checked_at, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_validators_saved (GObject      *object,
                     GAsyncResult *res,
                     gpointer      user_data)
{
  g_autofree FeedCall *call = user_data;
  g_autoptr(GTask) task = call->task;
  Refresh *refresh = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (res), &error) && call->feed->outcome->error == NULL)
    call->feed->outcome->error = g_strdup (error->message);
  refresh->pending--;
  maybe_finish (task);
}

/* Called as each new item of @feed is imported, fails or is dropped. */
static void
item_finished (GTask     *task,
               FeedState *feed,
               gboolean   imported)
{
  Refresh *refresh = g_task_get_task_data (task);
  g_autoptr(GTask) save = NULL;
  FeedData *data;

  g_assert (feed->jobs_left > 0);
  feed->jobs_left--;
  if (!imported)
    feed->incomplete = TRUE;
  if (feed->jobs_left > 0 || feed->incomplete)
    return;

  data = g_new0 (FeedData, 1);
  data->feed_id = feed->subscription->id;
  data->url = g_strdup (feed->subscription->url);
  data->etag = g_strdup (feed->etag);
  data->last_modified = g_strdup (feed->last_modified);
  data->checked_at = feed->checked_at;
  save = g_task_new (g_task_get_source_object (task), NULL, on_validators_saved,
                     feed_call_new (task, feed));
  g_task_set_source_tag (save, item_finished);
  g_task_set_task_data (save, data, (GDestroyNotify) feed_data_free);
  refresh->pending++;
  g_task_run_in_thread (save, save_validators_thread);
}

/* Recording an imported item, in a worker thread */

typedef struct {
  gint64  feed_id;
  char   *guid;
  char   *url;
  gint64  brief_id;
} RecordData;

static void
record_data_free (RecordData *data)
{
  g_free (data->guid);
  g_free (data->url);
  g_free (data);
}

static void
record_item_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  RecordData *data = task_data;
  GError *error = NULL;

  if (wd_store_add_feed_item (store_of (source_object), data->feed_id, data->guid, data->url,
                              data->brief_id, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_item_recorded (GObject      *object,
                  GAsyncResult *res,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Refresh *refresh = g_task_get_task_data (task);
  RecordData *data = g_task_get_task_data (G_TASK (res));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (res), &error))
    g_debug ("Feed item %s not recorded: %s", data->url, error->message);
  refresh->pending--;
  maybe_finish (task);
}

/* Importing the articles */

static void start_jobs (GTask *task);

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
  WdFeedOutcome *outcome = job->feed->outcome;
  g_autoptr(WdImportResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = wd_importer_import_url_finish (WD_IMPORTER (object), res, &error);
  if (result == NULL)
    {
      /* Not recorded as seen, so the next refresh tries it again. */
      g_debug ("Feed item %s: %s", job->url, error->message);
      outcome->n_failed++;
    }
  else
    {
      /* Recorded even when the refresh was cancelled meanwhile: the
       * article is in the archive now. */
      g_autoptr(GTask) record = g_task_new (object, NULL, on_item_recorded,
                                            g_object_ref (task));
      RecordData *data = g_new0 (RecordData, 1);

      if (result->existed)
        outcome->n_existing++;
      else
        outcome->n_new++;
      data->feed_id = outcome->feed_id;
      data->guid = g_strdup (job->guid);
      data->url = g_strdup (job->url);
      data->brief_id = result->brief_id;
      g_task_set_source_tag (record, on_item_imported);
      g_task_set_task_data (record, data, (GDestroyNotify) record_data_free);
      refresh->pending++;
      g_task_run_in_thread (record, record_item_thread);
    }

  refresh->running--;
  item_finished (task, job->feed, result != NULL);
  item_job_free (job);
  start_jobs (task);
  maybe_finish (task);
}

static void
start_jobs (GTask *task)
{
  Refresh *refresh = g_task_get_task_data (task);
  WdImporter *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  /* A cancelled refresh starts no more articles; the task reports the
   * cancellation once those under way have ended. */
  if (g_cancellable_is_cancelled (cancellable))
    {
      ItemJob *job;

      while ((job = g_queue_pop_head (&refresh->jobs)) != NULL)
        {
          item_finished (task, job->feed, FALSE);
          item_job_free (job);
        }
    }

  while (refresh->running < MAX_RUNNING && refresh->jobs.length > 0)
    {
      JobCall *call = g_new0 (JobCall, 1);

      call->task = g_object_ref (task);
      call->job = g_queue_pop_head (&refresh->jobs);
      refresh->running++;
      wd_importer_import_url_async (self, call->job->url, cancellable, on_item_imported,
                                    call);
    }
}

/* Reading one feed, in a worker thread */

/* What the reading found. */
typedef struct {
  gboolean   not_modified;
  char      *title;                   /* the feed's title now, or NULL */
  GPtrArray *items;                   /* new items: guid, url, guid, url ... */
  char      *etag;                    /* the server's validators, to store at the end */
  char      *last_modified;
  char      *error;                   /* why the feed failed, or NULL */
} FeedRead;

static void
feed_read_free (FeedRead *read)
{
  g_free (read->title);
  g_clear_pointer (&read->items, g_ptr_array_unref);
  g_free (read->etag);
  g_free (read->last_modified);
  g_free (read->error);
  g_free (read);
}

/* Records a feed's failure as its own error; the others go on. A
 * cancelled refresh is no fault of the feed's and is not recorded. */
static void
record_failure (WdStore  *store,
                FeedData *data,
                FeedRead *read,
                GError   *failure)
{
  g_autoptr(GError) error = NULL;

  read->error = g_strdup (failure->message);
  if (g_error_matches (failure, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (!wd_store_update_feed (store, data->feed_id, NULL, data->etag, data->last_modified,
                             data->checked_at, failure->message, &error))
    g_debug ("Feed %s: %s", data->url, error->message);
}

static void
read_feed_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  WdStore *store = store_of (source_object);
  FeedData *data = task_data;
  FeedRead *read = g_new0 (FeedRead, 1);
  g_autoptr(WdFeed) feed = NULL;
  g_autoptr(GError) error = NULL;

  read->items = g_ptr_array_new_with_free_func (g_free);

  if (data->fetch == NULL)
    record_failure (store, data, read, data->fetch_error);
  else if (data->fetch->not_modified)
    {
      read->not_modified = TRUE;
      if (!wd_store_update_feed (store, data->feed_id, NULL, data->etag, data->last_modified,
                                 data->checked_at, NULL, &error))
        read->error = g_strdup (error->message);
    }
  else if ((feed = parse_body (data->fetch, &error)) == NULL)
    record_failure (store, data, read, error);
  else
    {
      gboolean failed = FALSE;

      read->title = g_strdup (feed->title);
      for (guint i = 0; i < feed->items->len && !failed; i++)
        {
          WdFeedItem *item = g_ptr_array_index (feed->items, i);
          gboolean seen = FALSE;

          /* The parser leaves out links that are not http(s): javascript:,
           * file: and the like are never fetched. */
          if (item->url == NULL || item->id == NULL)
            continue;
          if (!wd_store_find_feed_item (store, data->feed_id, item->id, &seen, &error))
            {
              record_failure (store, data, read, error);
              failed = TRUE;
            }
          else if (!seen)
            {
              g_ptr_array_add (read->items, g_strdup (item->id));
              g_ptr_array_add (read->items, g_strdup (item->url));
            }
        }

      /* With new items to import, the old validators stay until they are
       * all in (see FeedState). */
      if (read->items->len > 0)
        {
          read->etag = g_strdup (data->fetch->etag);
          read->last_modified = g_strdup (data->fetch->last_modified);
        }
      if (!failed &&
          !wd_store_update_feed (store, data->feed_id, feed->title,
                                 read->items->len > 0 ? data->etag : data->fetch->etag,
                                 read->items->len > 0 ? data->last_modified
                                                      : data->fetch->last_modified,
                                 data->checked_at, NULL, &error))
        read->error = g_strdup (error->message);
    }

  g_task_return_pointer (task, read, (GDestroyNotify) feed_read_free);
}

static void
on_feed_read (GObject      *object,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autofree FeedCall *call = user_data;
  g_autoptr(GTask) task = call->task;
  Refresh *refresh = g_task_get_task_data (task);
  FeedState *feed = call->feed;
  WdFeedOutcome *outcome = feed->outcome;
  FeedData *data = g_task_get_task_data (G_TASK (res));
  FeedRead *read;
  g_autoptr(GError) error = NULL;

  refresh->pending--;
  read = g_task_propagate_pointer (G_TASK (res), &error);
  if (read == NULL)
    outcome->error = g_strdup (error->message);
  else
    {
      outcome->not_modified = read->not_modified;
      if (read->title != NULL)
        {
          g_free (outcome->title);
          outcome->title = g_steal_pointer (&read->title);
        }
      outcome->error = g_steal_pointer (&read->error);
      /* The error stays the feed's last one: no validators over it. */
      feed->incomplete = outcome->error != NULL;
      feed->etag = g_steal_pointer (&read->etag);
      feed->last_modified = g_steal_pointer (&read->last_modified);
      feed->checked_at = data->checked_at;
      for (guint i = 0; i + 1 < read->items->len; i += 2)
        {
          ItemJob *job = g_new0 (ItemJob, 1);

          job->feed = feed;
          job->guid = g_steal_pointer (&read->items->pdata[i]);
          job->url = g_steal_pointer (&read->items->pdata[i + 1]);
          g_queue_push_tail (&refresh->jobs, job);
          feed->jobs_left++;
        }
      feed_read_free (read);
    }

  start_jobs (task);
  maybe_finish (task);
}

static void
on_feed_fetched (GObject      *object,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  FeedCall *call = user_data;
  WdFeedSubscription *subscription = call->feed->subscription;
  g_autoptr(GTask) read = NULL;
  FeedData *data = g_new0 (FeedData, 1);

  data->fetch = wd_fetcher_fetch_finish (WD_FETCHER (object), res, &data->fetch_error);
  data->feed_id = subscription->id;
  data->url = g_strdup (subscription->url);
  data->etag = g_strdup (subscription->etag);
  data->last_modified = g_strdup (subscription->last_modified);
  data->checked_at = g_get_real_time () / G_USEC_PER_SEC;

  /* The feed stays pending (counted once) until its reading ends. */
  read = g_task_new (g_task_get_source_object (call->task), NULL, on_feed_read, call);
  g_task_set_source_tag (read, on_feed_fetched);
  g_task_set_task_data (read, data, (GDestroyNotify) feed_data_free);
  g_task_run_in_thread (read, read_feed_thread);
}

static void
on_feeds_listed (GObject      *object,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WdImporter *self = WD_IMPORTER (object);
  Refresh *refresh = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  refresh->pending--;
  refresh->subscriptions = wd_importer_list_feeds_finish (self, res, &error);
  if (refresh->subscriptions == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  refresh->outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify) feed_outcome_free);
  refresh->feeds = g_ptr_array_new_with_free_func ((GDestroyNotify) feed_state_free);

  for (guint i = 0; i < refresh->subscriptions->len; i++)
    {
      WdFeedSubscription *subscription = g_ptr_array_index (refresh->subscriptions, i);
      WdFeedOutcome *outcome = g_new0 (WdFeedOutcome, 1);
      FeedState *feed = g_new0 (FeedState, 1);

      outcome->feed_id = subscription->id;
      outcome->url = g_strdup (subscription->url);
      outcome->title = g_strdup (subscription->title);
      g_ptr_array_add (refresh->outcomes, outcome);
      feed->subscription = subscription;
      feed->outcome = outcome;
      g_ptr_array_add (refresh->feeds, feed);

      refresh->pending++;
      wd_fetcher_fetch_conditional_async (wd_importer_get_fetcher (self), subscription->url,
                                          subscription->etag, subscription->last_modified,
                                          cancellable, on_feed_fetched,
                                          feed_call_new (task, feed));
    }

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
 * error and never stops the others. The requests run on the calling
 * thread's main context; parsing, dedupe and every archive call run in
 * worker threads.
 */
void
wd_importer_refresh_feeds_async (WdImporter          *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Refresh *refresh;

  g_return_if_fail (WD_IS_IMPORTER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wd_importer_refresh_feeds_async);

  refresh = g_new0 (Refresh, 1);
  g_queue_init (&refresh->jobs);
  g_task_set_task_data (task, refresh, (GDestroyNotify) refresh_free);
  refresh->pending++;
  wd_importer_list_feeds_async (self, cancellable, on_feeds_listed, g_object_ref (task));
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
