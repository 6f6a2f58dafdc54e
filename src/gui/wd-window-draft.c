/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-window"

#include <glib/gi18n.h>

#include "wd-window-private.h"

/* Drafting from the window: Draft (Ctrl+Enter) fills the empty parts of
 * the brief shown, and the brief view streams what the queue drafts for
 * it; in selection mode, Draft on the action bar queues every checked
 * brief. The Drafts popover lists the queue with each draft's progress
 * and Cancel; a batch of several ends with a toast. */

#include "wd-brief-row.h"

/* A draft in the Drafts popover */

static const char *
job_title (WdDraftJob *job)
{
  const char *title = wd_draft_job_get_title (job);

  if (title != NULL && *title != '\0')
    return title;
  /* Until the job has read the brief. */
  return _("Brief");
}

static void
update_draft_row (GtkWidget *row)
{
  WdDraftJob *job = g_object_get_data (G_OBJECT (row), "wd-job");
  GtkWidget *spinner = g_object_get_data (G_OBJECT (row), "wd-spinner");
  GtkWidget *icon = g_object_get_data (G_OBJECT (row), "wd-icon");
  GtkWidget *cancel = g_object_get_data (G_OBJECT (row), "wd-cancel");
  WdDraftJobState state = wd_draft_job_get_state (job);
  g_autofree char *subtitle = NULL;
  const char *icon_name = NULL;
  gboolean active = state == WD_DRAFT_JOB_WAITING || state == WD_DRAFT_JOB_RUNNING;

  switch (state)
    {
    case WD_DRAFT_JOB_WAITING:
      subtitle = g_strdup (_("Waiting…"));
      break;

    case WD_DRAFT_JOB_RUNNING:
      /* Translators: %s is a model's name */
      subtitle = g_strdup_printf (_("Drafting with %s…"),
                                  wd_draft_job_get_model (job) != NULL
                                  ? wd_draft_job_get_model (job) : _("the model"));
      break;

    case WD_DRAFT_JOB_DONE:
      subtitle = g_strdup (_("Drafted"));
      icon_name = "emblem-ok-symbolic";
      break;

    case WD_DRAFT_JOB_FAILED:
      subtitle = g_strdup (wd_draft_job_get_error_message (job));
      icon_name = "dialog-error-symbolic";
      break;

    case WD_DRAFT_JOB_CANCELLED:
    default:
      subtitle = g_strdup (_("Cancelled"));
      icon_name = "process-stop-symbolic";
      break;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), job_title (job));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_visible (spinner, active);
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), active);
  gtk_widget_set_visible (icon, !active);
  if (icon_name != NULL)
    gtk_image_set_from_icon_name (GTK_IMAGE (icon), icon_name);
  gtk_widget_set_visible (cancel, active);
}

static void
on_draft_row_cancel (GtkButton *button,
                     WdWindow  *self)
{
  WdDraftJob *job = g_object_get_data (G_OBJECT (button), "wd-job");

  wd_draft_queue_cancel (self->draft_queue, job);
}

static void
on_draft_row_activated (AdwActionRow *row,
                        WdWindow     *self)
{
  WdDraftJob *job = g_object_get_data (G_OBJECT (row), "wd-job");

  gtk_menu_button_popdown (self->drafts_button);
  wd_window_show_brief (self, wd_draft_job_get_brief_id (job));
}

static GtkWidget *
create_draft_row (gpointer item,
                  gpointer user_data)
{
  WdWindow *self = user_data;
  WdDraftJob *job = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *cancel = gtk_button_new_from_icon_name ("process-stop-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), job_title (job));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), spinner);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_widget_set_valign (cancel, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (cancel, "flat");
  gtk_widget_set_tooltip_text (cancel, _("Cancel This Draft"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (cancel), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Cancel This Draft"), -1);
  g_object_set_data_full (G_OBJECT (cancel), "wd-job", g_object_ref (job), g_object_unref);
  g_signal_connect (cancel, "clicked", G_CALLBACK (on_draft_row_cancel), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), cancel);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_signal_connect (row, "activated", G_CALLBACK (on_draft_row_activated), self);

  g_object_set_data_full (G_OBJECT (row), "wd-job", g_object_ref (job), g_object_unref);
  g_object_set_data (G_OBJECT (row), "wd-spinner", spinner);
  g_object_set_data (G_OBJECT (row), "wd-icon", icon);
  g_object_set_data (G_OBJECT (row), "wd-cancel", cancel);
  g_signal_connect_object (job, "notify::state", G_CALLBACK (update_draft_row), row,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (job, "part-started", G_CALLBACK (update_draft_row), row,
                           G_CONNECT_SWAPPED);
  update_draft_row (row);
  return row;
}

static void
update_drafts_button (WdWindow *self)
{
  gboolean busy = wd_draft_queue_get_busy (self->draft_queue);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->draft_queue));

  gtk_widget_set_visible (GTK_WIDGET (self->drafts_button), n_items > 0);
  gtk_stack_set_visible_child_name (self->drafts_icon_stack, busy ? "busy" : "idle");
  gtk_spinner_set_spinning (self->drafts_spinner, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-drafts", busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.clear-drafts", !busy && n_items > 0);
}

static void
on_drafts_batch_finished (WdWindow     *self,
                          WdDraftQueue *queue)
{
  g_autofree char *summary = wd_draft_queue_dup_summary (queue);
  guint n = wd_draft_queue_count (queue, WD_DRAFT_JOB_DONE) +
            wd_draft_queue_count (queue, WD_DRAFT_JOB_FAILED) +
            wd_draft_queue_count (queue, WD_DRAFT_JOB_CANCELLED);
  AdwToast *toast;

  /* One draft speaks for itself in the brief view. */
  if (n < 2 || *summary == '\0')
    return;
  toast = adw_toast_new (summary);
  adw_toast_set_button_label (toast, _("_Details"));
  adw_toast_set_action_name (toast, "win.show-drafts");
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_drafts_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  WdWindow *self = WD_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  gtk_menu_button_popup (self->drafts_button);
}

static void
cancel_drafts_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  wd_draft_queue_cancel_all (WD_WINDOW (widget)->draft_queue);
}

static void
clear_drafts_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  WdWindow *self = WD_WINDOW (widget);

  wd_draft_queue_clear_finished (self->draft_queue);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->draft_queue)) == 0)
    gtk_menu_button_popdown (self->drafts_button);
}

/* Selection mode */

static void
update_selection_bar (WdWindow *self)
{
  guint n = g_hash_table_size (self->checked);
  g_autofree char *label = NULL;

  if (n == 0)
    label = g_strdup (_("Check the briefs to draft"));
  else
    label = g_strdup_printf (ngettext ("%u brief selected", "%u briefs selected", n), n);
  gtk_label_set_label (self->selection_label, label);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.draft-selected", n > 0);
}

static gint64
row_brief_id (GtkWidget *row)
{
  WdBrief *brief = wd_brief_row_get_brief (WD_BRIEF_ROW (row));

  return brief != NULL && wd_brief_get_loaded (brief) ? wd_brief_get_id (brief) : 0;
}

static void
sync_row (WdWindow  *self,
          GtkWidget *row)
{
  gint64 id = row_brief_id (row);

  wd_brief_row_set_selection_mode (WD_BRIEF_ROW (row), self->selection_mode && id > 0,
                                   id > 0 && g_hash_table_contains (self->checked, &id));
}

/**
 * wd_window_set_selection_mode:
 * @self: a #WdWindow
 * @selection_mode: whether the list offers check buttons to draft several
 *   briefs at once
 */
void
wd_window_set_selection_mode (WdWindow *self,
                              gboolean  selection_mode)
{
  GHashTableIter iter;
  gpointer row;

  g_return_if_fail (WD_IS_WINDOW (self));

  selection_mode = !!selection_mode;
  if (self->selection_mode == selection_mode)
    return;
  self->selection_mode = selection_mode;
  if (!selection_mode)
    g_hash_table_remove_all (self->checked);
  gtk_toggle_button_set_active (self->select_button, selection_mode);
  gtk_action_bar_set_revealed (self->selection_bar, selection_mode);
  g_hash_table_iter_init (&iter, self->bound_rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    sync_row (self, row);
  update_selection_bar (self);
}

static void
on_select_toggled (WdWindow        *self,
                   GtkToggleButton *button)
{
  wd_window_set_selection_mode (self, gtk_toggle_button_get_active (button));
}

static void
on_row_toggled (WdBriefRow *row,
                gboolean    checked,
                WdWindow   *self)
{
  gint64 id = row_brief_id (GTK_WIDGET (row));

  if (id <= 0 || self->checked == NULL)
    return;
  if (checked)
    g_hash_table_add (self->checked, g_memdup2 (&id, sizeof id));
  else
    g_hash_table_remove (self->checked, &id);
  update_selection_bar (self);
}

void
_wd_window_row_setup (WdWindow  *self,
                      GtkWidget *row)
{
  g_signal_connect_object (row, "toggled", G_CALLBACK (on_row_toggled), self, 0);
}

void
_wd_window_row_bound (WdWindow  *self,
                      GtkWidget *row)
{
  /* The list unbinds and rebinds while the window goes away too. */
  if (self->bound_rows == NULL)
    return;
  g_hash_table_add (self->bound_rows, row);
  sync_row (self, row);
}

void
_wd_window_row_unbound (WdWindow  *self,
                        GtkWidget *row)
{
  if (self->bound_rows == NULL)
    return;
  g_hash_table_remove (self->bound_rows, row);
}

static void
draft_selected_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  WdWindow *self = WD_WINDOW (widget);
  GHashTableIter iter;
  gpointer key;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_hash_table_iter_init (&iter, self->checked);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (wd_draft_queue_find (self->draft_queue, *(gint64 *) key) != NULL)
        continue;
      wd_draft_queue_add (self->draft_queue, *(gint64 *) key, NULL, 0,
                          WD_DRAFT_FLAGS_EMPTY_ONLY, NULL);
    }
  wd_window_set_selection_mode (self, FALSE);
  gtk_menu_button_popup (self->drafts_button);
}


static void
on_job_state (WdDraftJob *job,
              GParamSpec *pspec,
              WdWindow   *self)
{
  gboolean drafted = FALSE;

  if (wd_draft_job_get_state (job) != WD_DRAFT_JOB_DONE)
    return;
  g_signal_handlers_disconnect_by_func (job, on_job_state, self);

  for (guint part = 0; part < WD_N_DRAFT_PARTS; part++)
    drafted |= wd_draft_job_get_part_state (job, part) == WD_DRAFT_PART_DONE;
  if (!drafted)
    wd_window_show_toast (self, _("Nothing to draft: every part of this brief holds text; use "
                                  "Regenerate on a section to draft it again."));
}

static void
draft_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  WdWindow *self = WD_WINDOW (widget);
  WdDraftJob *job;

  job = wd_brief_view_draft (self->brief_view);
  if (job == NULL)
    return;
  g_signal_connect_object (job, "notify::state", G_CALLBACK (on_job_state), self, 0);
}

static void
cancel_selection_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  wd_window_set_selection_mode (WD_WINDOW (widget), FALSE);
}

static void
update_draft_action (WdWindow *self)
{
  gboolean shown = wd_brief_view_get_brief_id (self->brief_view) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.draft", shown);
  gtk_widget_set_visible (self->draft_button, shown);
}

void
_wd_window_class_init_draft (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.draft", NULL, draft_action);
  gtk_widget_class_install_action (widget_class, "win.draft-selected", NULL,
                                   draft_selected_action);
  gtk_widget_class_install_action (widget_class, "win.show-drafts", NULL, show_drafts_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-drafts", NULL,
                                   cancel_drafts_action);
  gtk_widget_class_install_action (widget_class, "win.clear-drafts", NULL, clear_drafts_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-selection", NULL,
                                   cancel_selection_action);
  gtk_widget_class_bind_template_callback (widget_class, on_select_toggled);
}

void
_wd_window_init_draft (WdWindow *self)
{
  GtkEventController *shortcuts;

  self->draft_queue = wd_draft_queue_new (self->context);
  wd_brief_view_set_draft_queue (self->brief_view, self->draft_queue);
  self->checked = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->bound_rows = g_hash_table_new (NULL, NULL);
  gtk_list_box_bind_model (self->drafts_list, G_LIST_MODEL (self->draft_queue),
                           create_draft_row, self, NULL);
  g_signal_connect_object (self->draft_queue, "items-changed",
                           G_CALLBACK (update_drafts_button), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->draft_queue, "notify::busy",
                           G_CALLBACK (update_drafts_button), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->draft_queue, "batch-finished",
                           G_CALLBACK (on_drafts_batch_finished), self, G_CONNECT_SWAPPED);
  update_drafts_button (self);
  update_selection_bar (self);

  /* Escape leaves selection mode, from the list. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("win.cancel-selection")));
  gtk_widget_add_controller (GTK_WIDGET (self->sidebar), shortcuts);

  g_signal_connect_object (self->brief_view, "notify::brief-id",
                           G_CALLBACK (update_draft_action), self, G_CONNECT_SWAPPED);
  update_draft_action (self);
}

void
_wd_window_dispose_draft (WdWindow *self)
{
  if (self->drafts_list != NULL)
    gtk_list_box_bind_model (self->drafts_list, NULL, NULL, NULL, NULL);
  if (self->draft_queue != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->draft_queue, self);
      wd_draft_queue_cancel_all (self->draft_queue);
    }
  g_clear_object (&self->draft_queue);
  g_clear_pointer (&self->checked, g_hash_table_unref);
  g_clear_pointer (&self->bound_rows, g_hash_table_unref);
}

/**
 * wd_window_get_draft_queue:
 * @self: a #WdWindow
 *
 * Returns: (transfer none): the queue the window drafts with
 */
WdDraftQueue *
wd_window_get_draft_queue (WdWindow *self)
{
  g_return_val_if_fail (WD_IS_WINDOW (self), NULL);

  return self->draft_queue;
}
