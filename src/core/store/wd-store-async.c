/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-store"

#include "wd-store.h"
#include "wd-store-private.h"

/* Asynchronous calls */

typedef struct
{
  gint64 brief_id;
  WdBriefFilter filter;
  guint offset;
  guint limit;
  char *text;
  WdSectionKind kind;
  WdRevisionInfo info;
  char *backend;
  char *model;
  gint64 burst_revision;
} CallData;

static void
call_data_free (gpointer data)
{
  CallData *cd = data;

  g_free (cd->text);
  g_free (cd->backend);
  g_free (cd->model);
  g_free (cd);
}

static GTask *
new_task (WdStore             *self,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          CallData           **out_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  *out_data = g_new0 (CallData, 1);
  g_task_set_task_data (task, *out_data, call_data_free);

  return task;
}

static void
load_brief_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  CallData *cd = task_data;
  GError *error = NULL;
  WdBrief *brief;

  brief = _wd_store_load_brief (source_object, cd->brief_id, cancellable, &error);
  if (brief == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, brief, g_object_unref);
}

/**
 * wd_store_load_brief_async:
 * @self: a #WdStore
 * @brief_id: the brief's id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's thread-default main context when done
 * @user_data: data for @callback
 *
 * Reads a brief in full, as wd_store_load_brief() does, off the calling
 * thread.
 */
void
wd_store_load_brief_async (WdStore             *self,
                           gint64               brief_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CallData *cd;

  g_return_if_fail (WD_IS_STORE (self));

  task = new_task (self, wd_store_load_brief_async, cancellable, callback, user_data, &cd);
  cd->brief_id = brief_id;
  g_task_run_in_thread (task, load_brief_thread);
}

/**
 * wd_store_load_brief_finish:
 * @self: a #WdStore
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Finishes wd_store_load_brief_async().
 *
 * Returns: (transfer full): the brief, or %NULL with @error set
 */
WdBrief *
wd_store_load_brief_finish (WdStore       *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == wd_store_load_brief_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
count_briefs_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  CallData *cd = task_data;
  GError *error = NULL;
  guint count = 0;

  if (!_wd_store_count_briefs (source_object, cd->filter, &count, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, count);
}

/**
 * wd_store_count_briefs_async:
 * @self: a #WdStore
 * @filter: which briefs
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's thread-default main context when done
 * @user_data: data for @callback
 *
 * Counts briefs as wd_store_count_briefs() does, off the calling thread.
 */
void
wd_store_count_briefs_async (WdStore             *self,
                             WdBriefFilter        filter,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CallData *cd;

  g_return_if_fail (WD_IS_STORE (self));

  task = new_task (self, wd_store_count_briefs_async, cancellable, callback, user_data,
                   &cd);
  cd->filter = filter;
  g_task_run_in_thread (task, count_briefs_thread);
}

/**
 * wd_store_count_briefs_finish:
 * @self: a #WdStore
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Finishes wd_store_count_briefs_async().
 *
 * Returns: the count; 0 with @error set on failure
 */
guint
wd_store_count_briefs_finish (WdStore       *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  gssize count;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        wd_store_count_briefs_async, 0);

  count = g_task_propagate_int (G_TASK (result), error);
  return count < 0 ? 0 : (guint) count;
}

static void
list_briefs_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  CallData *cd = task_data;
  GError *error = NULL;
  GPtrArray *briefs;

  briefs = _wd_store_list_briefs (source_object, cd->filter, cd->offset, cd->limit, cancellable,
                                  &error);
  if (briefs == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, briefs, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * wd_store_list_briefs_async:
 * @self: a #WdStore
 * @filter: which briefs
 * @offset: how many of the newest to skip
 * @limit: how many at most
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's thread-default main context when done
 * @user_data: data for @callback
 *
 * Reads a page of list rows as wd_store_list_briefs() does, off the
 * calling thread.
 */
void
wd_store_list_briefs_async (WdStore             *self,
                            WdBriefFilter        filter,
                            guint                offset,
                            guint                limit,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CallData *cd;

  g_return_if_fail (WD_IS_STORE (self));

  task = new_task (self, wd_store_list_briefs_async, cancellable, callback, user_data,
                   &cd);
  cd->filter = filter;
  cd->offset = offset;
  cd->limit = limit;
  g_task_run_in_thread (task, list_briefs_thread);
}

/**
 * wd_store_list_briefs_finish:
 * @self: a #WdStore
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Finishes wd_store_list_briefs_async().
 *
 * Returns: (transfer container) (element-type WdBrief): the rows, or %NULL
 *   with @error set
 */
GPtrArray *
wd_store_list_briefs_finish (WdStore       *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        wd_store_list_briefs_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CallData *cd = task_data;
  GError *error = NULL;
  GPtrArray *hits;

  hits = _wd_store_search (source_object, cd->text, cd->limit, cancellable, &error);
  if (hits == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, hits, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * wd_store_search_async:
 * @self: a #WdStore
 * @query: what the user typed
 * @limit: the most results wanted; 0 for the default
 * @cancellable: (nullable): a #GCancellable; cancelling stops a running
 *   search early
 * @callback: called on the caller's thread-default main context when done
 * @user_data: data for @callback
 *
 * Searches as wd_store_search() does, off the calling thread.
 */
void
wd_store_search_async (WdStore             *self,
                       const char          *query,
                       guint                limit,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CallData *cd;

  g_return_if_fail (WD_IS_STORE (self));
  g_return_if_fail (query != NULL);

  task = new_task (self, wd_store_search_async, cancellable, callback, user_data, &cd);
  cd->text = g_strdup (query);
  cd->limit = limit;
  g_task_run_in_thread (task, search_thread);
}

/**
 * wd_store_search_finish:
 * @self: a #WdStore
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Finishes wd_store_search_async().
 *
 * Returns: (transfer container) (element-type WdSearchHit): the hits, or
 *   %NULL with @error set
 */
GPtrArray *
wd_store_search_finish (WdStore       *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == wd_store_search_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
add_revision_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  CallData *cd = task_data;
  GError *error = NULL;
  gint64 revision_id;

  revision_id = _wd_store_add_revision (source_object, cd->brief_id, cd->kind, cd->text, &cd->info,
                                        &error);
  if (revision_id == 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, revision_id);
}

/**
 * wd_store_add_revision_async:
 * @self: a #WdStore
 * @brief_id: the brief's id
 * @kind: which section
 * @text: the section's new text
 * @info: (nullable): who wrote it and how; %NULL for an editor
 * @cancellable: (nullable): a #GCancellable; a write that has started is
 *   finished, cancelled or not, so what was typed is never half saved
 * @callback: called on the caller's thread-default main context when done
 * @user_data: data for @callback
 *
 * Saves a revision as wd_store_add_revision() does, on the store's writer
 * thread: writes queued this way are done in the order they were asked
 * for.
 */
void
wd_store_add_revision_async (WdStore               *self,
                             gint64                 brief_id,
                             WdSectionKind          kind,
                             const char            *text,
                             const WdRevisionInfo  *info,
                             GCancellable          *cancellable,
                             GAsyncReadyCallback    callback,
                             gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  CallData *cd;

  g_return_if_fail (WD_IS_STORE (self));
  g_return_if_fail (text != NULL);

  task = new_task (self, wd_store_add_revision_async, cancellable, callback, user_data,
                   &cd);
  cd->brief_id = brief_id;
  cd->kind = kind;
  cd->text = g_strdup (text);
  cd->info = info != NULL ? *info : WD_REVISION_INFO_EDITOR;
  cd->backend = g_strdup (cd->info.backend);
  cd->model = g_strdup (cd->info.model);
  cd->info.backend = cd->backend;
  cd->info.model = cd->model;

  _wd_store_queue_write (self, task, add_revision_thread);
}

/**
 * wd_store_add_revision_finish:
 * @self: a #WdStore
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Finishes wd_store_add_revision_async().
 *
 * Returns: the revision id, or 0 with @error set
 */
gint64
wd_store_add_revision_finish (WdStore       *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  gssize revision_id;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        wd_store_add_revision_async, 0);

  revision_id = g_task_propagate_int (G_TASK (result), error);
  return revision_id < 0 ? 0 : revision_id;
}

static void
save_edit_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  CallData *cd = task_data;
  GError *error = NULL;
  gint64 revision_id;

  revision_id = _wd_store_save_edit (source_object, cd->brief_id, cd->kind, cd->text,
                                     cd->burst_revision, &error);
  if (revision_id == 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, revision_id);
}

/**
 * wd_store_save_edit_async:
 * @self: a #WdStore
 * @brief_id: the brief's id
 * @kind: which section
 * @text: the section's text as the editor left it
 * @burst_revision: the revision this burst of typing saved before, or 0
 * @cancellable: (nullable): a #GCancellable; a write that has started is
 *   finished, cancelled or not
 * @callback: called on the caller's thread-default main context when done
 * @user_data: data for @callback
 *
 * wd_store_save_edit() on the store's writer thread, in the order asked.
 */
void
wd_store_save_edit_async (WdStore             *self,
                          gint64               brief_id,
                          WdSectionKind        kind,
                          const char          *text,
                          gint64               burst_revision,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CallData *cd;

  g_return_if_fail (WD_IS_STORE (self));
  g_return_if_fail (text != NULL);

  task = new_task (self, wd_store_save_edit_async, cancellable, callback, user_data, &cd);
  cd->brief_id = brief_id;
  cd->kind = kind;
  cd->text = g_strdup (text);
  cd->burst_revision = burst_revision;
  _wd_store_queue_write (self, task, save_edit_thread);
}

/**
 * wd_store_save_edit_finish:
 * @self: a #WdStore
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Returns: the revision the text is in, or 0 with @error set
 */
gint64
wd_store_save_edit_finish (WdStore       *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  gssize revision_id;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == wd_store_save_edit_async, 0);

  revision_id = g_task_propagate_int (G_TASK (result), error);
  return revision_id < 0 ? 0 : revision_id;
}
