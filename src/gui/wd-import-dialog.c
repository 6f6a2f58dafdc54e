/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-import-dialog"

#include <glib/gi18n.h>

#include "wd-format.h"
#include "wd-import-dialog.h"
#include "wd-import-row.h"
#include "wd-window.h"

/* The Import dialog (Ctrl+L): addresses or text to import, Open File, the
 * progress of every import of the session, and the feed subscriptions.
 * It hides on close, so imports keep running and their rows stay; the
 * window shows a toast when a batch ends. */
struct _WdImportDialog
{
  AdwWindow       parent_instance;

  /* template widgets */
  AdwToastOverlay *toast_overlay;
  AdwViewStack    *view_stack;
  GtkTextView     *input_view;
  AdwPreferencesGroup *progress_group;
  GtkStack        *progress_action_stack;
  GtkLabel        *summary_label;
  GtkListBox      *progress_list;
  AdwEntryRow     *feed_entry;
  GtkSpinner      *feeds_spinner;
  GtkLabel        *feeds_status_label;
  GtkListBox      *feeds_list;

  /* owned */
  WdImportQueue   *queue;
  GCancellable    *cancellable;
  GtkFileChooserNative *chooser;
  guint            refreshing : 1;
  guint            subscribing : 1;
  guint            feeds_serial;
};

G_DEFINE_FINAL_TYPE (WdImportDialog, wd_import_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_QUEUE,
  PROP_REFRESHING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reload_feeds (WdImportDialog *self);

static WdImporter *
importer (WdImportDialog *self)
{
  return wd_import_queue_get_importer (self->queue);
}

static char *
dup_input (WdImportDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->input_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
update_actions (WdImportDialog *self)
{
  g_autofree char *input = dup_input (self);
  gboolean busy = wd_import_queue_get_busy (self->queue);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->queue));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.import",
                                 *g_strstrip (input) != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.cancel-all", busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.clear", !busy && n_items > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.refresh-feeds",
                                 !self->refreshing && !self->subscribing);
}

/* The progress group shows once there is something to show; its header
 * offers Cancel All while busy, Clear afterwards, with the summary. */
static void
update_progress (WdImportDialog *self)
{
  gboolean busy = wd_import_queue_get_busy (self->queue);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->queue));

  gtk_widget_set_visible (GTK_WIDGET (self->progress_group), n_items > 0);
  gtk_stack_set_visible_child_name (self->progress_action_stack, busy ? "busy" : "idle");
  if (!busy && n_items > 0)
    {
      g_autofree char *summary = wd_import_queue_dup_summary (self->queue);

      gtk_label_set_label (self->summary_label, summary);
      gtk_widget_set_visible (GTK_WIDGET (self->summary_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->summary_label), FALSE);
  update_actions (self);
}

static GtkWidget *
create_import_row (gpointer item,
                   gpointer user_data)
{
  return wd_import_row_new (item);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WdImportDialog *self = WD_IMPORT_DIALOG (widget);
  g_autofree char *input = dup_input (self);

  if (wd_import_queue_add_input (self->queue, input) == 0)
    return;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->input_view), "", 0);
}

static void
on_chooser_response (WdImportDialog       *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GListModel) files = NULL;
  guint n_remote = 0;

  if (response == GTK_RESPONSE_ACCEPT)
    files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (files == NULL)
    return;

  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        wd_import_queue_add_file (self->queue, path);
      else
        n_remote++;
    }
  if (n_remote > 0)
    adw_toast_overlay_add_toast (self->toast_overlay,
                                 adw_toast_new (_("Only files on this computer can be "
                                                  "imported; copy the others here first.")));
}

static void
open_file_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  WdImportDialog *self = WD_IMPORT_DIALOG (widget);
  g_autoptr(GtkFileFilter) articles = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  gtk_file_filter_set_name (articles, _("Articles (.html, .htm, .md, .txt)"));
  gtk_file_filter_add_mime_type (articles, "text/html");
  gtk_file_filter_add_mime_type (articles, "application/xhtml+xml");
  gtk_file_filter_add_mime_type (articles, "text/markdown");
  gtk_file_filter_add_mime_type (articles, "text/plain");
  gtk_file_filter_add_suffix (articles, "html");
  gtk_file_filter_add_suffix (articles, "htm");
  gtk_file_filter_add_suffix (articles, "md");
  gtk_file_filter_add_suffix (articles, "txt");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");

  self->chooser = gtk_file_chooser_native_new (_("Import Files"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), articles);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Open on a row: the dialog steps aside for the brief. */
static void
show_brief_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (widget));

  if (!WD_IS_WINDOW (parent))
    return;
  gtk_widget_set_visible (widget, FALSE);
  wd_window_show_brief (WD_WINDOW (parent), g_variant_get_int64 (parameter));
}

static void
cancel_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  wd_import_queue_cancel_all (WD_IMPORT_DIALOG (widget)->queue);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  WdImportDialog *self = WD_IMPORT_DIALOG (widget);

  wd_import_queue_clear_finished (self->queue);
  update_progress (self);
}

/* Feeds */

static void
set_feeds_status (WdImportDialog *self,
                  const char     *message,
                  gboolean        is_error)
{
  gtk_label_set_label (self->feeds_status_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->feeds_status_label), message != NULL);
  if (is_error)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->feeds_status_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->feeds_status_label), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->feeds_status_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->feeds_status_label), "dim-label");
    }
}

static void
set_refreshing (WdImportDialog *self,
                gboolean        refreshing)
{
  if (self->refreshing == !!refreshing)
    return;
  self->refreshing = !!refreshing;
  gtk_spinner_set_spinning (self->feeds_spinner, self->refreshing || self->subscribing);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESHING]);
}

static void
set_subscribing (WdImportDialog *self,
                 gboolean        subscribing)
{
  self->subscribing = !!subscribing;
  gtk_spinner_set_spinning (self->feeds_spinner, self->refreshing || self->subscribing);
  gtk_widget_set_sensitive (GTK_WIDGET (self->feed_entry), !self->subscribing);
  update_actions (self);
}

static void
on_remove_feed_done (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  WdImportDialog *self = user_data;

  if (!wd_importer_remove_feed_finish (WD_IMPORTER (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_feeds_status (self, error->message, TRUE);
    }
  reload_feeds (self);
}

static void
on_remove_feed_clicked (GtkButton      *button,
                        WdImportDialog *self)
{
  gint64 feed_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "feed-id"));
  const char *name = g_object_get_data (G_OBJECT (button), "feed-name");
  g_autofree char *message = NULL;

  /* Articles already imported stay: only the subscription goes. */
  message = g_strdup_printf (_("Unsubscribed from %s; its imported articles stay in the "
                               "archive."), name);
  set_feeds_status (self, message, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  wd_importer_remove_feed_async (importer (self), feed_id, self->cancellable,
                                 on_remove_feed_done, self);
}

static char *
feed_subtitle (WdFeedSubscription *feed)
{
  g_autoptr(GString) subtitle = g_string_new (feed->title != NULL ? feed->url : NULL);

  if (feed->last_error != NULL)
    {
      if (subtitle->len > 0)
        g_string_append_c (subtitle, '\n');
      g_string_append (subtitle, feed->last_error);
    }
  else if (feed->checked_at > 0)
    {
      g_autoptr(GDateTime) checked = g_date_time_new_from_unix_utc (feed->checked_at);
      g_autofree char *when = wd_format_date_short (checked);

      if (subtitle->len > 0)
        g_string_append_c (subtitle, '\n');
      g_string_append_printf (subtitle,
                              /* Translators: %s is a time or a date; %u a number */
                              ngettext ("Checked %s · %u article", "Checked %s · %u articles",
                                        feed->n_items),
                              when, feed->n_items);
    }
  else
    {
      if (subtitle->len > 0)
        g_string_append_c (subtitle, '\n');
      g_string_append (subtitle, _("Not refreshed yet"));
    }
  return g_string_free (g_steal_pointer (&subtitle), FALSE);
}

static GtkWidget *
create_feed_row (WdImportDialog     *self,
                 WdFeedSubscription *feed)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;
  GtkWidget *remove;
  g_autofree char *subtitle = feed_subtitle (feed);
  const char *name = feed->title != NULL && feed->title[0] != '\0' ? feed->title : feed->url;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  icon = gtk_image_new_from_icon_name (feed->last_error != NULL ? "dialog-warning-symbolic"
                                                                : "application-rss+xml-symbolic");
  if (feed->last_error != NULL)
    {
      gtk_widget_add_css_class (icon, "warning");
      gtk_widget_set_tooltip_text (icon, _("The last refresh of this feed failed"));
    }
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Unsubscribe"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Unsubscribe"), -1);
  g_object_set_data (G_OBJECT (remove), "feed-id", GSIZE_TO_POINTER ((gsize) feed->id));
  g_object_set_data_full (G_OBJECT (remove), "feed-name", g_strdup (name), g_free);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_feed_clicked), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

typedef struct {
  WdImportDialog *self;
  guint           serial;
} FeedsLoad;

static void
on_feeds_listed (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autofree FeedsLoad *load = user_data;
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GError) error = NULL;
  WdImportDialog *self = load->self;
  GtkWidget *child;

  feeds = wd_importer_list_feeds_finish (WD_IMPORTER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* A later reload is on its way; it has the newer list. */
  if (load->serial != self->feeds_serial)
    return;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->feeds_list))) != NULL)
    gtk_list_box_remove (self->feeds_list, child);

  if (feeds == NULL)
    {
      set_feeds_status (self, error->message, TRUE);
      return;
    }
  for (guint i = 0; i < feeds->len; i++)
    gtk_list_box_append (self->feeds_list, create_feed_row (self, g_ptr_array_index (feeds, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->feeds_list), feeds->len > 0);
  if (feeds->len == 0 && !gtk_widget_get_visible (GTK_WIDGET (self->feeds_status_label)))
    set_feeds_status (self, _("No subscriptions yet. Enter a feed’s address above."), FALSE);
}

static void
reload_feeds (WdImportDialog *self)
{
  FeedsLoad *load = g_new0 (FeedsLoad, 1);

  load->self = self;
  load->serial = ++self->feeds_serial;
  wd_importer_list_feeds_async (importer (self), self->cancellable, on_feeds_listed, load);
}

static char *
refresh_summary (WdFeedRefresh *refresh)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (refresh->n_new == 0 && refresh->n_failed == 0)
    g_string_append (text, _("No new articles"));
  else
    g_string_append_printf (text, ngettext ("%u new article imported",
                                            "%u new articles imported", refresh->n_new),
                            refresh->n_new);
  if (refresh->n_failed > 0)
    {
      g_string_append (text, _(", "));
      g_string_append_printf (text, ngettext ("%u article failed (tried again next time)",
                                              "%u articles failed (tried again next time)",
                                              refresh->n_failed),
                              refresh->n_failed);
    }
  if (refresh->n_broken > 0)
    {
      g_string_append (text, _(", "));
      g_string_append_printf (text, ngettext ("%u feed could not be read; see below",
                                              "%u feeds could not be read; see below",
                                              refresh->n_broken),
                              refresh->n_broken);
    }
  g_string_append_c (text, '.');
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
on_feeds_refreshed (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  WdImportDialog *self = user_data;
  g_autoptr(WdFeedRefresh) refresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  GtkWindow *parent;

  refresh = wd_importer_refresh_feeds_finish (WD_IMPORTER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_refreshing (self, FALSE);
  if (refresh == NULL)
    {
      set_feeds_status (self, error->message, TRUE);
      return;
    }

  summary = refresh_summary (refresh);
  set_feeds_status (self, summary, refresh->n_broken > 0);
  reload_feeds (self);

  /* Closed meanwhile: the editor learns the result from the window. */
  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (!gtk_widget_get_visible (GTK_WIDGET (self)) && WD_IS_WINDOW (parent))
    wd_window_show_toast (WD_WINDOW (parent), summary);
}

static void
refresh_feeds_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  WdImportDialog *self = WD_IMPORT_DIALOG (widget);

  if (self->refreshing)
    return;
  set_refreshing (self, TRUE);
  set_feeds_status (self, _("Refreshing the feeds…"), FALSE);
  wd_importer_refresh_feeds_async (importer (self), self->cancellable, on_feeds_refreshed, self);
}

static void
on_feed_added (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  WdImportDialog *self = user_data;
  g_autoptr(WdFeedSubscription) feed = NULL;
  g_autoptr(GError) error = NULL;

  feed = wd_importer_add_feed_finish (WD_IMPORTER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_subscribing (self, FALSE);
  if (feed == NULL)
    {
      set_feeds_status (self, error->message, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->feed_entry));
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->feed_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->feed_entry));
  reload_feeds (self);
  /* An editor who subscribes wants the articles: bring them in now. */
  gtk_widget_activate_action (GTK_WIDGET (self), "import.refresh-feeds", NULL);
}

static void
on_feed_entry_apply (WdImportDialog *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->feed_entry))));
  g_auto(GStrv) urls = NULL;

  if (self->subscribing || *url == '\0')
    return;
  urls = wd_import_split_urls (url);
  if (urls == NULL || g_strv_length (urls) != 1)
    {
      set_feeds_status (self, _("A feed address starts with http:// or https://; copy it "
                                "from the site’s feed link."), TRUE);
      return;
    }
  set_subscribing (self, TRUE);
  set_feeds_status (self, _("Reading the feed…"), FALSE);
  wd_importer_add_feed_async (importer (self), urls[0], self->cancellable, on_feed_added, self);
}

/* GObject */

static void
on_queue_items_changed (WdImportDialog *self)
{
  update_progress (self);
}

static void
on_input_changed (WdImportDialog *self)
{
  update_actions (self);
}

static void
on_visible_page_changed (WdImportDialog *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  if (g_strcmp0 (name, "feeds") == 0)
    reload_feeds (self);
}

static void
wd_import_dialog_constructed (GObject *object)
{
  WdImportDialog *self = WD_IMPORT_DIALOG (object);

  G_OBJECT_CLASS (wd_import_dialog_parent_class)->constructed (object);

  gtk_list_box_bind_model (self->progress_list, G_LIST_MODEL (self->queue),
                           create_import_row, NULL, NULL);
  g_signal_connect_object (self->queue, "items-changed",
                           G_CALLBACK (on_queue_items_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->queue, "notify::busy",
                           G_CALLBACK (on_queue_items_changed), self, G_CONNECT_SWAPPED);
  update_progress (self);
}

static void
wd_import_dialog_dispose (GObject *object)
{
  WdImportDialog *self = WD_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  if (self->progress_list != NULL)
    gtk_list_box_bind_model (self->progress_list, NULL, NULL, NULL, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), WD_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (wd_import_dialog_parent_class)->dispose (object);
}

static void
wd_import_dialog_finalize (GObject *object)
{
  WdImportDialog *self = WD_IMPORT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->queue);

  G_OBJECT_CLASS (wd_import_dialog_parent_class)->finalize (object);
}

static void
wd_import_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  WdImportDialog *self = WD_IMPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_QUEUE:
      g_value_set_object (value, self->queue);
      break;

    case PROP_REFRESHING:
      g_value_set_boolean (value, self->refreshing);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_import_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  WdImportDialog *self = WD_IMPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_QUEUE:
      self->queue = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_import_dialog_class_init (WdImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = wd_import_dialog_constructed;
  object_class->dispose = wd_import_dialog_dispose;
  object_class->finalize = wd_import_dialog_finalize;
  object_class->get_property = wd_import_dialog_get_property;
  object_class->set_property = wd_import_dialog_set_property;

  properties[PROP_QUEUE] =
    g_param_spec_object ("queue", NULL, NULL, WD_TYPE_IMPORT_QUEUE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REFRESHING] =
    g_param_spec_boolean ("refreshing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/wiredesk/Wiredesk/ui/wd-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, WdImportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WdImportDialog, view_stack);
  gtk_widget_class_bind_template_child (widget_class, WdImportDialog, input_view);
  gtk_widget_class_bind_template_child (widget_class, WdImportDialog, progress_group);
  gtk_widget_class_bind_template_child (widget_class, WdImportDialog, progress_action_stack);
  gtk_widget_class_bind_template_child (widget_class, WdImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, WdImportDialog, progress_list);
  gtk_widget_class_bind_template_child (widget_class, WdImportDialog, feed_entry);
  gtk_widget_class_bind_template_child (widget_class, WdImportDialog, feeds_spinner);
  gtk_widget_class_bind_template_child (widget_class, WdImportDialog, feeds_status_label);
  gtk_widget_class_bind_template_child (widget_class, WdImportDialog, feeds_list);
  gtk_widget_class_bind_template_callback (widget_class, on_feed_entry_apply);

  gtk_widget_class_install_action (widget_class, "import.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "import.open-file", NULL, open_file_action);
  gtk_widget_class_install_action (widget_class, "import.cancel-all", NULL, cancel_all_action);
  gtk_widget_class_install_action (widget_class, "import.show-brief", "x", show_brief_action);
  gtk_widget_class_install_action (widget_class, "import.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "import.refresh-feeds", NULL,
                                   refresh_feeds_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "import.open-file", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "import.refresh-feeds", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wd_import_dialog_init (WdImportDialog *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Ctrl+Enter imports; in the capture phase, before the text view takes
   * the Enter for a new line. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return|<Control>KP_Enter"),
                                                          gtk_named_action_new ("import.import")));
  gtk_widget_add_controller (GTK_WIDGET (self->input_view), shortcuts);

  self->cancellable = g_cancellable_new ();
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->input_view), "changed",
                            G_CALLBACK (on_input_changed), self);
  g_signal_connect_swapped (self->view_stack, "notify::visible-child-name",
                            G_CALLBACK (on_visible_page_changed), self);
}

/**
 * wd_import_dialog_new:
 * @parent: the window the dialog belongs to
 * @queue: the queue the imports go to
 *
 * Returns: (transfer full): a new, hidden Import dialog
 */
WdImportDialog *
wd_import_dialog_new (GtkWindow     *parent,
                      WdImportQueue *queue)
{
  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (WD_IS_IMPORT_QUEUE (queue), NULL);

  return g_object_new (WD_TYPE_IMPORT_DIALOG,
                       "transient-for", parent,
                       "queue", queue,
                       NULL);
}

/**
 * wd_import_dialog_show_page:
 * @self: a #WdImportDialog
 * @name: "articles" or "feeds"
 *
 * Shows the page @name; the Feeds page reloads its subscriptions, and the
 * Articles page puts the focus in the input.
 */
void
wd_import_dialog_show_page (WdImportDialog *self,
                            const char     *name)
{
  g_return_if_fail (WD_IS_IMPORT_DIALOG (self));

  adw_view_stack_set_visible_child_name (self->view_stack, name);
  if (g_strcmp0 (name, "feeds") == 0)
    {
      reload_feeds (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->feed_entry));
    }
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->input_view));
}

/**
 * wd_import_dialog_set_input:
 * @self: a #WdImportDialog
 * @text: addresses or text to offer for import
 *
 * Fills the input; the editor still presses Import.
 */
void
wd_import_dialog_set_input (WdImportDialog *self,
                            const char     *text)
{
  g_return_if_fail (WD_IS_IMPORT_DIALOG (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->input_view), text, -1);
}

/**
 * wd_import_dialog_get_refreshing:
 * @self: a #WdImportDialog
 *
 * Returns: whether a refresh of the feeds is under way
 */
gboolean
wd_import_dialog_get_refreshing (WdImportDialog *self)
{
  g_return_val_if_fail (WD_IS_IMPORT_DIALOG (self), FALSE);

  return self->refreshing;
}
