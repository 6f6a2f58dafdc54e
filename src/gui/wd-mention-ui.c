/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-mention-ui"

#include <glib/gi18n.h>

#include "wd-mention-ui.h"

/**
 * wd_mention_kind_icon_name:
 * @kind: a #WdMentionKind
 *
 * Gets a symbolic icon that exists in the Adwaita theme of GNOME 43 for
 * @kind: a document for a publication, people for an organization, a
 * person, a package for a product, a bookmark for a topic, a pin for a
 * place.
 *
 * Returns: an icon name
 */
const char *
wd_mention_kind_icon_name (WdMentionKind kind)
{
  switch (kind)
    {
    case WD_MENTION_PUBLICATION:
      return "x-office-document-symbolic";
    case WD_MENTION_ORGANIZATION:
      return "system-users-symbolic";
    case WD_MENTION_PERSON:
      return "avatar-default-symbolic";
    case WD_MENTION_PRODUCT:
      return "package-x-generic-symbolic";
    case WD_MENTION_PLACE:
      return "mark-location-symbolic";
    case WD_MENTION_TOPIC:
    default:
      return "user-bookmarks-symbolic";
    }
}

/**
 * wd_mention_kind_label:
 * @kind: a #WdMentionKind
 *
 * Gets the name of @kind as the editor reads it.
 *
 * Returns: a translated string
 */
const char *
wd_mention_kind_label (WdMentionKind kind)
{
  switch (kind)
    {
    case WD_MENTION_PUBLICATION:
      return C_("mention kind", "Publication");
    case WD_MENTION_ORGANIZATION:
      return C_("mention kind", "Organization");
    case WD_MENTION_PERSON:
      return C_("mention kind", "Person");
    case WD_MENTION_PRODUCT:
      return C_("mention kind", "Product");
    case WD_MENTION_PLACE:
      return C_("mention kind", "Place");
    case WD_MENTION_TOPIC:
    default:
      return C_("mention kind", "Topic");
    }
}

/**
 * wd_mention_ui_add_toast:
 * @widget: a widget inside an #AdwToastOverlay, or not
 * @toast: (transfer full): the toast
 *
 * Shows @toast in the nearest #AdwToastOverlay around @widget.
 *
 * Returns: %FALSE when @widget has no such ancestor; @toast is then still
 *   the caller's
 */
gboolean
wd_mention_ui_add_toast (GtkWidget *widget,
                         AdwToast  *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (overlay == NULL)
    return FALSE;
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  return TRUE;
}

typedef struct
{
  WdStoreCall    call;
  gpointer       data;
  GDestroyNotify data_free;
  GDestroyNotify result_free;
} CallData;

static void
call_data_free (gpointer p)
{
  CallData *cd = p;

  if (cd->data_free != NULL && cd->data != NULL)
    cd->data_free (cd->data);
  g_free (cd);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  CallData *cd = task_data;
  GError *error = NULL;
  gpointer result;

  result = cd->call (source_object, cd->data, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, cd->result_free);
}

/**
 * wd_mention_ui_run_async:
 * @store: a #WdStore
 * @call: the blocking work, given @store and @data
 * @data: (transfer full) (nullable): its argument
 * @data_free: (nullable): frees @data after the call
 * @result_free: (nullable): frees a result nobody finished
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's thread-default main context
 * @user_data: data for @callback
 *
 * Runs one blocking store call on a worker thread, so the window keeps
 * drawing while SQLite waits for the writer lock.
 */
void
wd_mention_ui_run_async (WdStore             *store,
                         WdStoreCall          call,
                         gpointer             data,
                         GDestroyNotify       data_free,
                         GDestroyNotify       result_free,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CallData *cd;

  g_return_if_fail (WD_IS_STORE (store));
  g_return_if_fail (call != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, wd_mention_ui_run_async);
  cd = g_new0 (CallData, 1);
  cd->call = call;
  cd->data = data;
  cd->data_free = data_free;
  cd->result_free = result_free;
  g_task_set_task_data (task, cd, call_data_free);
  g_task_run_in_thread (task, run_thread);
}

/**
 * wd_mention_ui_run_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes wd_mention_ui_run_async().
 *
 * Returns: (transfer full) (nullable): the call's result
 */
gpointer
wd_mention_ui_run_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
