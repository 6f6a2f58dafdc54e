/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-window"

#include <glib/gi18n.h>

#include "wd-brief-row.h"
#include "wd-window-private.h"

G_DEFINE_FINAL_TYPE (WdWindow, wd_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Which page the list area shows: the list itself, or a status page that
 * says why it is empty. While the first page is loading it stays on the
 * (still empty) list rather than flashing a status page. */
static void
update_list_page (WdWindow *self)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  const char *query = wd_brief_list_get_query (self->brief_list);
  const char *page;

  if (self->showing_mentions)
    page = "mentions";
  else if (n_items > 0 || wd_brief_list_get_loading (self->brief_list))
    page = "list";
  else if (query != NULL && *query != '\0')
    page = "no-results";
  else if (self->archive_count_known && self->archive_count == 0)
    page = "empty-archive";
  else if (self->archive_count_known)
    page = "empty-filter";
  else
    page = "list";

  gtk_stack_set_visible_child_name (self->list_stack, page);
}

static void
update_content_page (WdWindow *self)
{
  WdBrief *item = gtk_single_selection_get_selected_item (self->selection);

  /* A brief opened from an import toast or row is shown without being
   * selected: the list may not hold it (another filter, a later page). */
  if (item != NULL || wd_brief_view_get_brief_id (self->brief_view) != 0)
    gtk_stack_set_visible_child_name (self->content_stack, "brief");
  else if (self->archive_count_known && self->archive_count == 0)
    gtk_stack_set_visible_child_name (self->content_stack, "empty-archive");
  else
    gtk_stack_set_visible_child_name (self->content_stack, "none");
}

/* Follows the selected row; a placeholder row is shown once its page has
 * arrived and it knows its id. */
static void
update_selection (WdWindow *self)
{
  WdBrief *item = gtk_single_selection_get_selected_item (self->selection);

  if (item == NULL)
    {
      wd_brief_view_set_brief_id (self->brief_view, 0);
      adw_window_title_set_title (self->content_title, "");
      adw_window_title_set_subtitle (self->content_title, "");
    }
  else if (wd_brief_get_loaded (item))
    {
      wd_brief_view_set_brief_id (self->brief_view, wd_brief_get_id (item));
    }

  update_content_page (self);
}

static void
on_selected_item_changed (WdWindow           *self,
                          GParamSpec         *pspec,
                          GtkSingleSelection *selection)
{
  WdBrief *item = gtk_single_selection_get_selected_item (selection);

  g_signal_group_set_target (self->selected_signals, item);

  /* The brief left the list under the editor's eyes (drafting moved it
   * out of the Inbox, say): it stays on screen until another is chosen. */
  if (item == NULL && self->list_changing &&
      wd_brief_view_get_brief_id (self->brief_view) != 0)
    return;

  update_selection (self);

  /* Folded, the list and the brief take turns: choosing a brief shows it. */
  if (item != NULL)
    adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
on_selected_brief_loaded (WdWindow   *self,
                          GParamSpec *pspec,
                          WdBrief    *brief)
{
  update_selection (self);
}

static void
on_brief_activated (WdWindow    *self,
                    guint        position,
                    GtkListView *list_view)
{
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
on_leaflet_visible_child_changed (WdWindow   *self,
                                  GParamSpec *pspec,
                                  AdwLeaflet *leaflet)
{
  /* Folded, going back to the list lets go of the brief, so that tapping
   * the same row again opens it again (a list view emits nothing for a
   * click on the row that is already selected). */
  if (adw_leaflet_get_folded (leaflet) &&
      adw_leaflet_get_visible_child (leaflet) == self->sidebar)
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

static void
on_brief_view_brief_changed (WdWindow    *self,
                             GParamSpec  *pspec,
                             WdBriefView *view)
{
  WdBrief *brief = wd_brief_view_get_brief (view);
  WdSource *source;
  const char *title = NULL;
  const char *publisher = NULL;

  if (brief != NULL)
    {
      title = wd_brief_get_headline (brief);
      source = wd_brief_get_source (brief);
      if ((title == NULL || *title == '\0') && source != NULL)
        title = wd_source_get_title (source);
      if (source != NULL)
        publisher = wd_source_get_publisher_name (source);
    }

  adw_window_title_set_title (self->content_title, title != NULL ? title : "");
  adw_window_title_set_subtitle (self->content_title, publisher != NULL ? publisher : "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-brief", brief != NULL);
  if (self->outbox != NULL)
    _wd_window_update_publish_action (self);
}

static void
on_factory_setup (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  WdWindow                 *self)
{
  GtkWidget *row = wd_brief_row_new ();

  gtk_list_item_set_child (list_item, row);
  _wd_window_row_setup (self, row);
}

static void
on_factory_bind (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 WdWindow                 *self)
{
  WdBriefRow *row = WD_BRIEF_ROW (gtk_list_item_get_child (list_item));

  wd_brief_row_set_brief (row, gtk_list_item_get_item (list_item));
  _wd_window_row_bound (self, GTK_WIDGET (row));
}

static void
on_factory_unbind (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   WdWindow                 *self)
{
  WdBriefRow *row = WD_BRIEF_ROW (gtk_list_item_get_child (list_item));

  _wd_window_row_unbound (self, GTK_WIDGET (row));
  wd_brief_row_set_brief (row, NULL);
}

static void
on_search_changed (WdWindow       *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *query = g_strstrip (g_strdup (text));

  wd_brief_list_set_query (self->brief_list, *query != '\0' ? query : NULL);
  /* A search looks through every brief, whatever the filter; greying the
   * filters out says so. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->filters_list), *query == '\0');
  update_list_page (self);
}

static void
on_search_stopped (WdWindow       *self,
                   GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
on_filter_row_selected (WdWindow      *self,
                        GtkListBoxRow *row,
                        GtkListBox    *list)
{
  g_autofree char *current = NULL;
  const char *nick;

  if (row == NULL)
    return;

  nick = gtk_widget_get_name (GTK_WIDGET (row));
  current = g_settings_get_string (self->settings, "sidebar-filter");
  if (g_strcmp0 (nick, current) != 0)
    g_settings_set_string (self->settings, "sidebar-filter", nick);
}

/* The setting is the one truth for the filter: the sidebar row, Alt+N and
 * the win.sidebar-filter action all go through it. */
static void
apply_filter (WdWindow *self)
{
  g_autofree char *nick = g_settings_get_string (self->settings, "sidebar-filter");
  WdBriefFilter filter;
  GtkListBoxRow *row;

  /* "mentions" shows the catalog in place of the list, which keeps its
   * filter for when the editor comes back. */
  self->showing_mentions = g_strcmp0 (nick, "mentions") == 0;
  gtk_widget_set_visible (GTK_WIDGET (self->search_entry), !self->showing_mentions);
  gtk_widget_set_sensitive (GTK_WIDGET (self->select_button), !self->showing_mentions);
  if (self->showing_mentions)
    filter = wd_brief_list_get_filter (self->brief_list);
  else if (!wd_brief_filter_from_string (nick, &filter))
    filter = WD_BRIEF_FILTER_INBOX;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->filters_list, i)) != NULL; i++)
    {
      if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (row)), nick) == 0)
        {
          if (gtk_list_box_get_selected_row (self->filters_list) != row)
            gtk_list_box_select_row (self->filters_list, row);
          break;
        }
    }

  if (wd_brief_list_get_filter (self->brief_list) != filter)
    wd_brief_list_set_filter (self->brief_list, filter);
  update_list_page (self);
}

static void
on_sidebar_filter_changed (WdWindow   *self,
                           const char *key,
                           GSettings  *settings)
{
  /* Choosing a filter (Alt+1…6) ends a search, or it would seem to do
   * nothing while the search results stay. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      wd_brief_list_set_query (self->brief_list, NULL);
      gtk_widget_set_sensitive (GTK_WIDGET (self->filters_list), TRUE);
    }

  apply_filter (self);
}

typedef struct
{
  WdWindow      *self;
  WdBriefFilter  filter;
  guint          serial;
} CountData;

static void
count_data_free (CountData *data)
{
  g_clear_object (&data->self);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CountData, count_data_free)

static void
on_count_loaded (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CountData) data = user_data;
  WdWindow *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint count;

  count = wd_store_count_briefs_finish (WD_STORE (source_object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      data->serial != self->counts_serial)
    return;

  if (error != NULL)
    {
      /* Only the All count reports, so one failure makes one toast. */
      if (data->filter == WD_BRIEF_FILTER_ALL)
        wd_window_show_toast (self, error->message);
      return;
    }

  if (count > 0)
    text = g_strdup_printf ("%u", count);
  gtk_label_set_label (self->count_labels[data->filter], text);

  if (data->filter == WD_BRIEF_FILTER_ALL)
    {
      self->archive_count = count;
      self->archive_count_known = TRUE;
      update_list_page (self);
      update_content_page (self);
    }
}

static void
refresh_counts (WdWindow *self)
{
  WdStore *store = wd_context_get_store (self->context);

  g_clear_handle_id (&self->counts_source, g_source_remove);
  g_cancellable_cancel (self->counts_cancellable);
  g_clear_object (&self->counts_cancellable);
  self->counts_cancellable = g_cancellable_new ();
  self->counts_serial++;

  for (guint filter = 0; filter < N_FILTERS; filter++)
    {
      CountData *data = g_new0 (CountData, 1);

      data->self = g_object_ref (self);
      data->filter = filter;
      data->serial = self->counts_serial;
      wd_store_count_briefs_async (store, filter, self->counts_cancellable,
                                   on_count_loaded, data);
    }
}

static void
refresh_counts_later (gpointer data)
{
  WdWindow *self = data;

  self->counts_source = 0;
  refresh_counts (self);
}

static void
on_store_changed (WdWindow *self,
                  gint64    brief_id,
                  WdStore  *store)
{
  /* Typing saves the brief at every pause: seven counts for each save
   * would compete with the list for the archive's readers. */
  if (self->counts_source == 0)
    self->counts_source = g_timeout_add_once (200, refresh_counts_later, self);
}

static void
on_list_items_changed (WdWindow   *self,
                       guint       position,
                       guint       removed,
                       guint       added,
                       GListModel *model)
{
  /* Runs before the selection follows the change (it connected later). */
  self->list_changing = TRUE;
  update_list_page (self);
}

static void
on_list_items_changed_after (WdWindow   *self,
                             guint       position,
                             guint       removed,
                             guint       added,
                             GListModel *model)
{
  self->list_changing = FALSE;
}

static void
on_list_loading_changed (WdWindow    *self,
                         GParamSpec  *pspec,
                         WdBriefList *list)
{
  update_list_page (self);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WdWindow *self = WD_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  /* Over the catalog, Ctrl+F finds mentions. */
  if (self->showing_mentions)
    gtk_widget_grab_focus (GTK_WIDGET (self->mentions_page));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
focus_section_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  WdWindow *self = WD_WINDOW (widget);
  int kind = g_variant_get_int32 (parameter);

  if (kind < 0 || kind >= WD_SECTION_N_KINDS || wd_brief_view_get_brief_id (self->brief_view) == 0)
    return;
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  wd_brief_view_focus_section (self->brief_view, kind);
}

static void
approve_section_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  WdWindow *self = WD_WINDOW (widget);

  if (!wd_brief_view_toggle_approved (self->brief_view))
    wd_window_show_toast (self, _("Put the cursor in a section to approve it."));
}

static void
section_history_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  WdWindow *self = WD_WINDOW (widget);

  if (!wd_brief_view_show_history (self->brief_view))
    wd_window_show_toast (self, _("Put the cursor in a section to see its history."));
}

/* Deleting a brief: it leaves the lists at once; the toast's Undo brings
 * it back, and once the toast is gone it leaves the archive too. */

typedef struct {
  GWeakRef  window;
  WdStore  *store;
  gint64    brief_id;
  gboolean  undone;
} DeletedBrief;

static void
deleted_brief_free (gpointer data)
{
  DeletedBrief *deleted = data;

  g_weak_ref_clear (&deleted->window);
  g_clear_object (&deleted->store);
  g_free (deleted);
}

static void
on_delete_undone (AdwToast     *toast,
                  DeletedBrief *deleted)
{
  g_autoptr(WdWindow) self = g_weak_ref_get (&deleted->window);
  g_autoptr(GError) error = NULL;

  deleted->undone = TRUE;
  if (!wd_store_restore_brief (deleted->store, deleted->brief_id, &error))
    {
      if (self != NULL)
        wd_window_show_toast (self, error->message);
      return;
    }
  if (self != NULL)
    wd_window_show_brief (self, deleted->brief_id);
}

static void
on_delete_dismissed (AdwToast     *toast,
                     DeletedBrief *deleted)
{
  g_autoptr(GError) error = NULL;

  /* Should this fail, the brief stays hidden and goes at an open of the
   * archive an hour later (wd_store_open()). */
  if (!deleted->undone && !wd_store_purge_brief (deleted->store, deleted->brief_id, &error))
    g_debug ("Brief %" G_GINT64_FORMAT " stays deleted until a later open: %s",
             deleted->brief_id, error->message);
}

static void
delete_brief_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  WdWindow *self = WD_WINDOW (widget);
  WdStore *store = wd_context_get_store (self->context);
  WdBrief *brief = wd_brief_view_get_brief (self->brief_view);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  DeletedBrief *deleted;
  AdwToast *toast;
  gint64 brief_id;

  if (brief == NULL)
    return;
  brief_id = wd_brief_get_id (brief);
  title = g_strdup (wd_source_get_title (wd_brief_get_source (brief)));

  /* Leaving the brief saves what was typed in it first. */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  wd_brief_view_set_brief_id (self->brief_view, 0);
  update_content_page (self);
  if (!wd_store_delete_brief (store, brief_id, &error))
    {
      wd_window_show_toast (self, error->message);
      wd_window_show_brief (self, brief_id);
      return;
    }

  deleted = g_new0 (DeletedBrief, 1);
  g_weak_ref_init (&deleted->window, self);
  deleted->store = g_object_ref (store);
  deleted->brief_id = brief_id;
  /* Translators: %s is the source article's title. */
  toast = adw_toast_new_format (_("“%s” deleted"), title != NULL ? title : "");
  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data_full (G_OBJECT (toast), "wd-deleted-brief", deleted, deleted_brief_free);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (on_delete_undone), deleted);
  g_signal_connect (toast, "dismissed", G_CALLBACK (on_delete_dismissed), deleted);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_brief_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  wd_window_show_brief (WD_WINDOW (widget), g_variant_get_int64 (parameter));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WdWindow *self = WD_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/**
 * wd_window_new:
 * @application: the application the window belongs to
 * @context: the archive and configuration to show
 *
 * Creates a main window over @context: the filters, the search and the
 * list of briefs in the sidebar, the selected brief beside its source in
 * the content area.
 *
 * Returns: (transfer none): a new #WdWindow, owned by GTK until destroyed
 */
WdWindow *
wd_window_new (GtkApplication *application,
               WdContext      *context)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (WD_IS_CONTEXT (context), NULL);

  return g_object_new (WD_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
}

/**
 * wd_window_get_context:
 * @self: a #WdWindow
 *
 * Returns: (transfer none): the context the window shows
 */
WdContext *
wd_window_get_context (WdWindow *self)
{
  g_return_val_if_fail (WD_IS_WINDOW (self), NULL);

  return self->context;
}

/**
 * wd_window_show_toast:
 * @self: a #WdWindow
 * @message: one sentence for the user
 *
 * Shows @message in a toast over the window, for failures that leave the
 * window usable.
 */
void
wd_window_show_toast (WdWindow   *self,
                      const char *message)
{
  g_return_if_fail (WD_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/**
 * wd_window_show_brief:
 * @self: a #WdWindow
 * @brief_id: the brief to show
 *
 * Shows the brief @brief_id beside its source, whether or not the list
 * (with its filter and search) holds it; the list selection is cleared.
 */
void
wd_window_show_brief (WdWindow *self,
                      gint64    brief_id)
{
  g_return_if_fail (WD_IS_WINDOW (self));
  g_return_if_fail (brief_id > 0);

  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  wd_brief_view_set_brief_id (self->brief_view, brief_id);
  update_content_page (self);
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  gtk_window_present (GTK_WINDOW (self));
}

static void
wd_window_constructed (GObject *object)
{
  WdWindow *self = WD_WINDOW (object);
  WdStore *store;
  g_autoptr(GAction) filter_action = NULL;

  G_OBJECT_CLASS (wd_window_parent_class)->constructed (object);

  g_assert (WD_IS_CONTEXT (self->context));
  store = wd_context_get_store (self->context);

  self->brief_list = wd_brief_list_new (store, WD_BRIEF_FILTER_INBOX);
  g_signal_connect_object (self->brief_list, "items-changed",
                           G_CALLBACK (on_list_items_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->brief_list, "items-changed",
                           G_CALLBACK (on_list_items_changed_after), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->brief_list, "notify::loading",
                           G_CALLBACK (on_list_loading_changed), self, G_CONNECT_SWAPPED);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->brief_list));

  wd_brief_view_set_store (self->brief_view, store);
  wd_mentions_page_set_store (self->mentions_page, store);
  g_signal_connect_object (store, "changed",
                           G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);

  filter_action = g_settings_create_action (self->settings, "sidebar-filter");
  g_action_map_add_action (G_ACTION_MAP (self), filter_action);
  g_signal_connect_object (self->settings, "changed::sidebar-filter",
                           G_CALLBACK (on_sidebar_filter_changed), self, G_CONNECT_SWAPPED);
  apply_filter (self);

  _wd_window_init_import (self);
  _wd_window_init_draft (self);
  _wd_window_init_publish (self);

  refresh_counts (self);
  update_content_page (self);
}

static void
wd_window_dispose (GObject *object)
{
  WdWindow *self = WD_WINDOW (object);

  /* Nothing typed is lost with the window. */
  if (self->brief_view != NULL)
    wd_brief_view_save_now (self->brief_view);

  _wd_window_dispose_import (self);
  _wd_window_dispose_draft (self);
  _wd_window_dispose_publish (self);

  self->counts_serial++;
  g_clear_handle_id (&self->counts_source, g_source_remove);
  g_cancellable_cancel (self->counts_cancellable);
  g_clear_object (&self->counts_cancellable);

  if (self->selected_signals != NULL)
    g_signal_group_set_target (self->selected_signals, NULL);

  /* GTK 4.8 can keep the window's action group alive past the window, and
   * the settings action would then forward "sidebar-filter" changes to a
   * window that is gone; taken out here, it dies with us. */
  g_action_map_remove_action (G_ACTION_MAP (self), "sidebar-filter");
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), WD_TYPE_WINDOW);

  g_clear_object (&self->selected_signals);
  g_clear_object (&self->brief_list);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (wd_window_parent_class)->dispose (object);
}

static void
wd_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  WdWindow *self = WD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  WdWindow *self = WD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_window_class_init (WdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = wd_window_constructed;
  object_class->dispose = wd_window_dispose;
  object_class->get_property = wd_window_get_property;
  object_class->set_property = wd_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         WD_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (WD_TYPE_BRIEF_VIEW);
  g_type_ensure (WD_TYPE_MENTIONS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/wd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, WdWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, WdWindow, content);
  gtk_widget_class_bind_template_child (widget_class, WdWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, WdWindow, filters_list);
  gtk_widget_class_bind_template_child (widget_class, WdWindow, inbox_count_label);
  gtk_widget_class_bind_template_child (widget_class, WdWindow, drafts_count_label);
  gtk_widget_class_bind_template_child (widget_class, WdWindow, review_count_label);
  gtk_widget_class_bind_template_child (widget_class, WdWindow, approved_count_label);
  gtk_widget_class_bind_template_child (widget_class, WdWindow, published_count_label);
  gtk_widget_class_bind_template_child (widget_class, WdWindow, all_count_label);
  gtk_widget_class_bind_template_child (widget_class, WdWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, WdWindow, brief_list_view);
  gtk_widget_class_bind_template_child (widget_class, WdWindow, selection);
  gtk_widget_class_bind_template_child (widget_class, WdWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, WdWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, WdWindow, brief_view);
  gtk_widget_class_bind_template_child (widget_class, WdWindow, draft_button);
  gtk_widget_class_bind_template_child (widget_class, WdWindow, publish_button);
  gtk_widget_class_bind_template_child (widget_class, WdWindow, source_toggle);
  gtk_widget_class_bind_template_child (widget_class, WdWindow, select_button);
  gtk_widget_class_bind_template_child (widget_class, WdWindow, mentions_page);
  gtk_widget_class_bind_template_child (widget_class, WdWindow, selection_bar);
  gtk_widget_class_bind_template_child (widget_class, WdWindow, selection_label);
  gtk_widget_class_bind_template_child (widget_class, WdWindow, drafts_button);
  gtk_widget_class_bind_template_child (widget_class, WdWindow, drafts_icon_stack);
  gtk_widget_class_bind_template_child (widget_class, WdWindow, drafts_spinner);
  gtk_widget_class_bind_template_child (widget_class, WdWindow, drafts_list);
  gtk_widget_class_bind_template_callback (widget_class, on_selected_item_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_brief_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_visible_child_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_brief_view_brief_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_factory_setup);
  gtk_widget_class_bind_template_callback (widget_class, on_factory_bind);
  gtk_widget_class_bind_template_callback (widget_class, on_factory_unbind);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stopped);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_row_selected);

  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.show-brief", "x", show_brief_action);
  gtk_widget_class_install_action (widget_class, "win.focus-section", "i",
                                   focus_section_action);
  gtk_widget_class_install_action (widget_class, "win.approve-section", NULL,
                                   approve_section_action);
  gtk_widget_class_install_action (widget_class, "win.section-history", NULL,
                                   section_history_action);
  gtk_widget_class_install_action (widget_class, "win.delete-brief", NULL,
                                   delete_brief_action);
  _wd_window_class_init_import (widget_class);
  _wd_window_class_init_draft (widget_class);
  _wd_window_class_init_publish (widget_class);
}

static void
wd_window_init (WdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->count_labels[WD_BRIEF_FILTER_ALL] = self->all_count_label;
  self->count_labels[WD_BRIEF_FILTER_INBOX] = self->inbox_count_label;
  self->count_labels[WD_BRIEF_FILTER_DRAFTS] = self->drafts_count_label;
  self->count_labels[WD_BRIEF_FILTER_REVIEW] = self->review_count_label;
  self->count_labels[WD_BRIEF_FILTER_APPROVED] = self->approved_count_label;
  self->count_labels[WD_BRIEF_FILTER_PUBLISHED] = self->published_count_label;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-brief", FALSE);

  /* Delete in the list deletes the brief shown (Undo in the toast). */
  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                            gtk_named_action_new ("win.delete-brief")));
    gtk_widget_add_controller (GTK_WIDGET (self->brief_list_view), shortcuts);
  }

  self->selected_signals = g_signal_group_new (WD_TYPE_BRIEF);
  g_signal_group_connect_object (self->selected_signals, "notify::loaded",
                                 G_CALLBACK (on_selected_brief_loaded), self,
                                 G_CONNECT_SWAPPED);

  /* Size and state are the user's: they come back on the next start. */
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized",
                   G_SETTINGS_BIND_DEFAULT);
}
