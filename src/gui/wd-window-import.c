/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-window"

#include <glib/gi18n.h>

#include "wd-window-private.h"

/* The window's doors for sources: the Import dialog (Ctrl+L) with its
 * Feeds page, files, links and text dropped on the window, Ctrl+V on the
 * list, and a toast when a batch of imports ends. Every door feeds the
 * one WdImportQueue, so they all report the same way. */

static WdImportDialog *
ensure_dialog (WdWindow *self)
{
  if (self->import_dialog == NULL)
    self->import_dialog = g_object_ref_sink (wd_import_dialog_new (GTK_WINDOW (self),
                                                                   self->import_queue));
  return self->import_dialog;
}

static void
present_dialog (WdWindow   *self,
                const char *page)
{
  WdImportDialog *dialog = ensure_dialog (self);

  gtk_window_present (GTK_WINDOW (dialog));
  wd_import_dialog_show_page (dialog, page);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  present_dialog (WD_WINDOW (widget), "articles");
}

static void
feeds_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  present_dialog (WD_WINDOW (widget), "feeds");
}

static void
import_details_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  WdWindow *self = WD_WINDOW (widget);
  WdImportDialog *dialog = ensure_dialog (self);

  gtk_window_present (GTK_WINDOW (dialog));
  wd_import_dialog_show_page (dialog, "articles");
}

static void
show_toast_with_button (WdWindow   *self,
                        const char *title,
                        const char *button_label,
                        const char *detailed_action)
{
  AdwToast *toast = adw_toast_new (title);
  g_autofree char *action_name = NULL;
  g_autoptr(GVariant) target = NULL;
  g_autoptr(GError) error = NULL;

  if (button_label != NULL &&
      g_action_parse_detailed_name (detailed_action, &action_name, &target, &error))
    {
      adw_toast_set_button_label (toast, button_label);
      adw_toast_set_action_name (toast, action_name);
      if (target != NULL)
        adw_toast_set_action_target_value (toast, target);
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* One source brought in says which; anything else gets the counts and
 * the way to the details. */
static void
on_batch_finished (WdWindow      *self,
                   WdImportQueue *queue)
{
  guint imported = wd_import_queue_count (queue, WD_IMPORT_ITEM_IMPORTED);
  guint existed = wd_import_queue_count (queue, WD_IMPORT_ITEM_EXISTED);
  guint failed = wd_import_queue_count (queue, WD_IMPORT_ITEM_FAILED);
  guint cancelled = wd_import_queue_count (queue, WD_IMPORT_ITEM_CANCELLED);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (queue));

  if (imported + existed == 1 && failed == 0 && cancelled == 0 && n_items > 0)
    {
      g_autoptr(WdImportItem) item = g_list_model_get_item (G_LIST_MODEL (queue), n_items - 1);
      g_autofree char *title = NULL;
      g_autofree char *action = NULL;

      if (imported == 1)
        /* Translators: %s is an article's title */
        title = g_strdup_printf (_("“%s” imported"), wd_import_item_get_message (item));
      else
        /* Translators: %s is an article's title */
        title = g_strdup_printf (_("“%s” is already in the archive"),
                                 wd_import_item_get_message (item));
      action = g_strdup_printf ("win.show-brief(int64 %" G_GINT64_FORMAT ")",
                                wd_import_item_get_brief_id (item));
      show_toast_with_button (self, title, _("_Open"), action);
    }
  else
    {
      g_autofree char *summary = wd_import_queue_dup_summary (queue);

      if (*summary != '\0')
        show_toast_with_button (self, summary, _("_Details"), "win.import-details");
    }
}

/**
 * wd_window_import_value:
 * @self: a #WdWindow
 * @value: a #GdkFileList or a string, as dropped or pasted
 *
 * Queues what @value holds for import: local files as files, http(s)
 * links as addresses, a string as addresses or as pasted text. Drop and
 * Ctrl+V on the list come here.
 *
 * Returns: how many imports were queued
 */
guint
wd_window_import_value (WdWindow     *self,
                        const GValue *value)
{
  guint n = 0;
  guint n_skipped = 0;

  g_return_val_if_fail (WD_IS_WINDOW (self), 0);
  g_return_val_if_fail (G_IS_VALUE (value), 0);

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = gdk_file_list_get_files (g_value_get_boxed (value));

      for (GSList *l = files; l != NULL; l = l->next)
        {
          g_autofree char *path = g_file_get_path (l->data);
          g_autofree char *uri = g_file_get_uri (l->data);
          g_auto(GStrv) urls = NULL;

          if (path != NULL)
            {
              wd_import_queue_add_file (self->import_queue, path);
              n++;
            }
          else if ((urls = wd_import_split_urls (uri)) != NULL)
            {
              wd_import_queue_add_url (self->import_queue, urls[0]);
              n++;
            }
          else
            n_skipped++;
        }
      g_slist_free (files);
    }
  else if (G_VALUE_HOLDS_STRING (value) && g_value_get_string (value) != NULL)
    n = wd_import_queue_add_input (self->import_queue, g_value_get_string (value));

  if (n_skipped > 0)
    wd_window_show_toast (self, _("Only files on this computer and web addresses can be "
                                  "imported; copy the other items here first."));
  else if (n > 0)
    {
      g_autofree char *title = g_strdup_printf (ngettext ("Importing %u item…",
                                                          "Importing %u items…", n), n);

      show_toast_with_button (self, title, _("_Details"), "win.import-details");
    }
  return n;
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         WdWindow      *self)
{
  return wd_window_import_value (self, value) > 0;
}

static void
on_clipboard_files (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(WdWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  const GValue *value;

  value = gdk_clipboard_read_value_finish (GDK_CLIPBOARD (object), result, &error);
  if (value == NULL)
    {
      wd_window_show_toast (self, _("The clipboard could not be read; copy the link or "
                                    "text again and paste once more."));
      return;
    }
  wd_window_import_value (self, value);
}

static void
on_clipboard_text (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(WdWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GValue) value = G_VALUE_INIT;

  text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  if (text == NULL)
    {
      wd_window_show_toast (self, _("The clipboard holds no text or files to import; copy "
                                    "a link, a file or an article’s text first."));
      return;
    }
  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, text);
  if (wd_window_import_value (self, &value) == 0)
    wd_window_show_toast (self, _("The clipboard holds only blank text; copy a link, a file "
                                  "or an article’s text first."));
}

static void
paste_import_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  WdWindow *self = WD_WINDOW (widget);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  GdkContentFormats *formats = gdk_clipboard_get_formats (clipboard);

  if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_FILE_LIST))
    gdk_clipboard_read_value_async (clipboard, GDK_TYPE_FILE_LIST, G_PRIORITY_DEFAULT, NULL,
                                    on_clipboard_files, g_object_ref (self));
  else
    gdk_clipboard_read_text_async (clipboard, NULL, on_clipboard_text, g_object_ref (self));
}

static void
on_samples_imported (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(WdWindow) self = user_data;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  guint n_new = 0;

  results = wd_importer_import_samples_finish (WD_IMPORTER (object), result, &error);
  if (results == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        wd_window_show_toast (self, error->message);
      return;
    }
  for (guint i = 0; i < results->len; i++)
    n_new += !((WdImportResult *) g_ptr_array_index (results, i))->existed;
  title = g_strdup_printf (ngettext ("%u sample article imported into the Inbox",
                                     "%u sample articles imported into the Inbox", n_new),
                           n_new);
  wd_window_show_toast (self, title);
}

/* The invented articles of data/samples, so a first start has a desk to
 * try the builtin engine on. */
static void
import_samples_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  WdWindow *self = WD_WINDOW (widget);
  g_autoptr(GFile) folder = g_file_new_for_uri ("resource://" RESOURCE_PATH "/samples");

  wd_importer_import_samples_async (self->importer, folder, NULL, on_samples_imported,
                                    g_object_ref (self));
}

void
_wd_window_class_init_import (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.import-samples", NULL,
                                   import_samples_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.feeds", NULL, feeds_action);
  gtk_widget_class_install_action (widget_class, "win.import-details", NULL,
                                   import_details_action);
  gtk_widget_class_install_action (widget_class, "win.paste-import", NULL,
                                   paste_import_action);
}

void
_wd_window_init_import (WdWindow *self)
{
  GtkDropTarget *drop;
  GtkEventController *shortcuts;
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_STRING };

  self->importer = wd_importer_new (self->context);
  self->import_queue = wd_import_queue_new (self->importer);
  g_signal_connect_object (self->import_queue, "batch-finished",
                           G_CALLBACK (on_batch_finished), self, G_CONNECT_SWAPPED);

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, types, G_N_ELEMENTS (types));
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self->toast_overlay), GTK_EVENT_CONTROLLER (drop));

  /* On the list only: Ctrl+V in the search entry pastes into the entry. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>v"),
                                                          gtk_named_action_new ("win.paste-import")));
  gtk_widget_add_controller (GTK_WIDGET (self->brief_list_view), shortcuts);
}

void
_wd_window_dispose_import (WdWindow *self)
{
  if (self->import_dialog != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (self->import_dialog));
      g_clear_object (&self->import_dialog);
    }
  if (self->import_queue != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->import_queue, self);
      wd_import_queue_cancel_all (self->import_queue);
    }
  g_clear_object (&self->import_queue);
  g_clear_object (&self->importer);
}

/**
 * wd_window_get_import_queue:
 * @self: a #WdWindow
 *
 * Returns: (transfer none): the queue every import door of the window feeds
 */
WdImportQueue *
wd_window_get_import_queue (WdWindow *self)
{
  g_return_val_if_fail (WD_IS_WINDOW (self), NULL);

  return self->import_queue;
}

/**
 * wd_window_get_import_dialog:
 * @self: a #WdWindow
 *
 * Returns: (transfer none) (nullable): the Import dialog once it was opened
 */
WdImportDialog *
wd_window_get_import_dialog (WdWindow *self)
{
  g_return_val_if_fail (WD_IS_WINDOW (self), NULL);

  return self->import_dialog;
}
