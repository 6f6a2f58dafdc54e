/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-draft"

#include <glib/gi18n-lib.h>

#include "wd-draft-queue.h"

/* Each job remembers the backend it was queued for and its cancellable. */
#define JOB_BACKEND     "wd-draft-queue-backend"
#define JOB_CANCELLABLE "wd-draft-queue-cancellable"

struct _WdDraftQueue
{
  GObject     parent_instance;

  WdContext  *context;
  GPtrArray  *jobs;         /* WdDraftJob, the model */
  GHashTable *running;      /* backend name -> number of jobs running */
  guint       batch_start;
  guint       n_running;
  guint       busy : 1;
};

static void wd_draft_queue_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WdDraftQueue, wd_draft_queue, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      wd_draft_queue_list_model_init))

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  BATCH_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void pump (WdDraftQueue *self);

static GType
wd_draft_queue_get_item_type (GListModel *model)
{
  return WD_TYPE_DRAFT_JOB;
}

static guint
wd_draft_queue_get_n_items (GListModel *model)
{
  return WD_DRAFT_QUEUE (model)->jobs->len;
}

static gpointer
wd_draft_queue_get_item (GListModel *model,
                         guint       position)
{
  WdDraftQueue *self = WD_DRAFT_QUEUE (model);

  if (position >= self->jobs->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->jobs, position));
}

static void
wd_draft_queue_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = wd_draft_queue_get_item_type;
  iface->get_n_items = wd_draft_queue_get_n_items;
  iface->get_item = wd_draft_queue_get_item;
}

static void
wd_draft_queue_dispose (GObject *object)
{
  WdDraftQueue *self = WD_DRAFT_QUEUE (object);

  /* Running jobs hold a reference to the queue until they end; by now
   * none runs, so only waiting ones are left. */
  g_ptr_array_set_size (self->jobs, 0);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (wd_draft_queue_parent_class)->dispose (object);
}

static void
wd_draft_queue_finalize (GObject *object)
{
  WdDraftQueue *self = WD_DRAFT_QUEUE (object);

  g_ptr_array_unref (self->jobs);
  g_hash_table_unref (self->running);

  G_OBJECT_CLASS (wd_draft_queue_parent_class)->finalize (object);
}

static void
wd_draft_queue_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  WdDraftQueue *self = WD_DRAFT_QUEUE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_draft_queue_class_init (WdDraftQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wd_draft_queue_dispose;
  object_class->finalize = wd_draft_queue_finalize;
  object_class->get_property = wd_draft_queue_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * WdDraftQueue::batch-finished:
   *
   * Every job of the batch has ended; the counts describe it.
   */
  signals[BATCH_FINISHED] =
    g_signal_new ("batch-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
wd_draft_queue_init (WdDraftQueue *self)
{
  self->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  self->running = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * wd_draft_queue_new:
 * @context: the archive and the configuration
 *
 * Returns: (transfer full): a new, empty queue
 */
WdDraftQueue *
wd_draft_queue_new (WdContext *context)
{
  WdDraftQueue *self;

  g_return_val_if_fail (WD_IS_CONTEXT (context), NULL);

  self = g_object_new (WD_TYPE_DRAFT_QUEUE, NULL);
  self->context = g_object_ref (context);
  return self;
}

/**
 * wd_draft_queue_get_parallel:
 * @self: a #WdDraftQueue
 * @backend: a backend's name
 *
 * Returns: how many drafts @backend runs at once: its group's parallel=
 *   key, else %WD_DRAFT_QUEUE_DEFAULT_PARALLEL
 */
guint
wd_draft_queue_get_parallel (WdDraftQueue *self,
                             const char   *backend)
{
  g_autofree char *value = NULL;
  guint64 parallel = 0;

  g_return_val_if_fail (WD_IS_DRAFT_QUEUE (self), WD_DRAFT_QUEUE_DEFAULT_PARALLEL);

  value = wd_config_dup_named (wd_context_get_config (self->context), "backend", backend,
                               "parallel");
  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, 64, &parallel, NULL))
    return WD_DRAFT_QUEUE_DEFAULT_PARALLEL;
  return (guint) parallel;
}

gboolean
wd_draft_queue_get_busy (WdDraftQueue *self)
{
  g_return_val_if_fail (WD_IS_DRAFT_QUEUE (self), FALSE);

  return self->busy;
}

static void
set_busy (WdDraftQueue *self,
          gboolean      busy)
{
  if (self->busy == !!busy)
    return;
  self->busy = !!busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static guint
running_for (WdDraftQueue *self,
             const char   *backend)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->running, backend));
}

static void
on_job_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(WdDraftQueue) self = user_data;
  WdDraftJob *job = WD_DRAFT_JOB (object);
  const char *backend = g_object_get_data (object, JOB_BACKEND);

  /* The job keeps its state and message; the error itself is not needed. */
  wd_draft_job_run_finish (job, result, NULL);
  g_hash_table_insert (self->running, g_strdup (backend),
                       GUINT_TO_POINTER (running_for (self, backend) - 1));
  self->n_running--;
  pump (self);
}

/* Starts waiting jobs whose backend has room; ends the batch when none
 * waits or runs. */
static void
pump (WdDraftQueue *self)
{
  gboolean waiting = FALSE;

  for (guint i = self->batch_start; i < self->jobs->len; i++)
    {
      WdDraftJob *job = g_ptr_array_index (self->jobs, i);
      const char *backend = g_object_get_data (G_OBJECT (job), JOB_BACKEND);
      guint running;

      if (wd_draft_job_get_state (job) != WD_DRAFT_JOB_WAITING)
        continue;
      running = running_for (self, backend);
      if (running >= wd_draft_queue_get_parallel (self, backend))
        {
          waiting = TRUE;
          continue;
        }
      g_hash_table_insert (self->running, g_strdup (backend), GUINT_TO_POINTER (running + 1));
      self->n_running++;
      wd_draft_job_run_async (job, g_object_get_data (G_OBJECT (job), JOB_CANCELLABLE),
                              on_job_done, g_object_ref (self));
    }

  if (!waiting && self->n_running == 0 && self->busy)
    {
      g_object_ref (self);
      set_busy (self, FALSE);
      g_signal_emit (self, signals[BATCH_FINISHED], 0);
      g_object_unref (self);
    }
}

/**
 * wd_draft_queue_add:
 * @self: a #WdDraftQueue
 * @brief_id: the brief to draft
 * @backend: (nullable): the backend, or %NULL for the default
 * @parts: the parts, as WD_DRAFT_PART_MASK() bits; 0 for all
 * @flags: empty parts only, or force
 * @instruction: (nullable): the editor's request for this draft
 *
 * Queues a draft of @brief_id; it starts at once when its backend has
 * room.
 *
 * Returns: (transfer none): the job, owned by the queue
 */
WdDraftJob *
wd_draft_queue_add (WdDraftQueue *self,
                    gint64        brief_id,
                    const char   *backend,
                    guint         parts,
                    WdDraftFlags  flags,
                    const char   *instruction)
{
  WdDraftJob *job;

  g_return_val_if_fail (WD_IS_DRAFT_QUEUE (self), NULL);

  job = wd_draft_job_new (self->context, brief_id);
  wd_draft_job_set_backend (job, backend);
  if (parts != 0)
    wd_draft_job_set_parts (job, parts);
  wd_draft_job_set_empty_only (job, (flags & WD_DRAFT_FLAGS_EMPTY_ONLY) != 0);
  wd_draft_job_set_force (job, (flags & WD_DRAFT_FLAGS_FORCE) != 0);
  wd_draft_job_set_instruction (job, instruction);
  g_object_set_data_full (G_OBJECT (job), JOB_BACKEND,
                          wd_draft_resolve_backend (wd_context_get_config (self->context),
                                                    backend),
                          g_free);
  g_object_set_data_full (G_OBJECT (job), JOB_CANCELLABLE, g_cancellable_new (),
                          g_object_unref);

  if (!self->busy)
    {
      self->batch_start = self->jobs->len;
      set_busy (self, TRUE);
    }
  g_ptr_array_add (self->jobs, job);
  g_list_model_items_changed (G_LIST_MODEL (self), self->jobs->len - 1, 0, 1);
  pump (self);
  return job;
}

/**
 * wd_draft_queue_find:
 * @self: a #WdDraftQueue
 * @brief_id: a brief
 *
 * Returns: (transfer none) (nullable): the job drafting @brief_id or
 *   waiting to, or %NULL when none is
 */
WdDraftJob *
wd_draft_queue_find (WdDraftQueue *self,
                     gint64        brief_id)
{
  g_return_val_if_fail (WD_IS_DRAFT_QUEUE (self), NULL);

  for (guint i = self->jobs->len; i > self->batch_start; i--)
    {
      WdDraftJob *job = g_ptr_array_index (self->jobs, i - 1);
      WdDraftJobState state = wd_draft_job_get_state (job);

      if (wd_draft_job_get_brief_id (job) == brief_id &&
          (state == WD_DRAFT_JOB_WAITING || state == WD_DRAFT_JOB_RUNNING))
        return job;
    }
  return NULL;
}

/**
 * wd_draft_queue_cancel:
 * @self: a #WdDraftQueue
 * @job: a job of the queue
 *
 * Cancels @job: a waiting one at once, a running one as soon as its
 * stream notices (its partial text is kept, marked incomplete).
 */
void
wd_draft_queue_cancel (WdDraftQueue *self,
                       WdDraftJob   *job)
{
  g_return_if_fail (WD_IS_DRAFT_QUEUE (self));
  g_return_if_fail (WD_IS_DRAFT_JOB (job));

  if (wd_draft_job_cancel_unstarted (job))
    pump (self);
  else
    g_cancellable_cancel (g_object_get_data (G_OBJECT (job), JOB_CANCELLABLE));
}

/**
 * wd_draft_queue_cancel_all:
 * @self: a #WdDraftQueue
 *
 * Cancels every waiting and running job.
 */
void
wd_draft_queue_cancel_all (WdDraftQueue *self)
{
  g_autoptr(GPtrArray) jobs = NULL;

  g_return_if_fail (WD_IS_DRAFT_QUEUE (self));

  jobs = g_ptr_array_copy (self->jobs, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  g_ptr_array_set_free_func (jobs, g_object_unref);
  for (guint i = 0; i < jobs->len; i++)
    if (wd_draft_job_get_state (g_ptr_array_index (jobs, i)) == WD_DRAFT_JOB_RUNNING)
      g_cancellable_cancel (g_object_get_data (g_ptr_array_index (jobs, i), JOB_CANCELLABLE));
  for (guint i = 0; i < jobs->len; i++)
    wd_draft_job_cancel_unstarted (g_ptr_array_index (jobs, i));
  pump (self);
}

/**
 * wd_draft_queue_clear_finished:
 * @self: a #WdDraftQueue
 *
 * Drops the jobs of finished batches: all of them when idle, else those
 * before the batch under way.
 */
void
wd_draft_queue_clear_finished (WdDraftQueue *self)
{
  guint n;

  g_return_if_fail (WD_IS_DRAFT_QUEUE (self));

  n = self->busy ? self->batch_start : self->jobs->len;
  if (n == 0)
    return;
  g_ptr_array_remove_range (self->jobs, 0, n);
  self->batch_start = 0;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
}

/**
 * wd_draft_queue_count:
 * @self: a #WdDraftQueue
 * @state: the state to count
 *
 * Returns: how many jobs of the current (or, when idle, the last) batch
 *   are in @state
 */
guint
wd_draft_queue_count (WdDraftQueue    *self,
                      WdDraftJobState  state)
{
  guint n = 0;

  g_return_val_if_fail (WD_IS_DRAFT_QUEUE (self), 0);

  for (guint i = self->batch_start; i < self->jobs->len; i++)
    if (wd_draft_job_get_state (g_ptr_array_index (self->jobs, i)) == state)
      n++;
  return n;
}

/**
 * wd_draft_queue_dup_summary:
 * @self: a #WdDraftQueue
 *
 * Sums up the current (or last) batch, such as "3 drafted, 1 failed".
 *
 * Returns: (transfer full): the summary, "" for an empty batch
 */
char *
wd_draft_queue_dup_summary (WdDraftQueue *self)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  guint done, failed, cancelled;

  g_return_val_if_fail (WD_IS_DRAFT_QUEUE (self), NULL);

  done = wd_draft_queue_count (self, WD_DRAFT_JOB_DONE);
  failed = wd_draft_queue_count (self, WD_DRAFT_JOB_FAILED);
  cancelled = wd_draft_queue_count (self, WD_DRAFT_JOB_CANCELLED);
  if (done > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u drafted", "%u drafted", done), done));
  if (failed > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u failed", "%u failed", failed),
                                             failed));
  if (cancelled > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u cancelled", "%u cancelled",
                                                       cancelled), cancelled));
  g_ptr_array_add (parts, NULL);
  /* Translators: the separator between the counts of a summary */
  return g_strjoinv (_(", "), (char **) parts->pdata);
}
