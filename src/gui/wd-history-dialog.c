/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-history-dialog"

#include <glib/gi18n.h>

#include "wd-diff-view.h"
#include "wd-format.h"
#include "wd-history-dialog.h"

/* A section's history: its revisions, newest first, on the left; the
 * selected one compared word by word with the current text (or shown as
 * it was saved) on the right; Restore saves it as a new editor revision.
 * The store's "changed" signal reloads the list, so the dialog follows
 * autosaves and drafts that land while it is open, and it is how the
 * brief view learns of a restore. */
struct _WdHistoryDialog
{
  AdwWindow        parent_instance;

  /* template widgets */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkWidget       *restore_button;
  GtkStack        *main_stack;
  GtkSpinner      *spinner;
  AdwStatusPage   *error_page;
  GtkListBox      *revision_list;
  GtkLabel        *revision_title;
  GtkLabel        *legend_label;
  GtkToggleButton *changes_button;
  WdDiffView      *diff_view;

  /* owned */
  WdStore         *store;
  GCancellable    *cancellable;
  GPtrArray       *revisions;       /* of WdRevision, newest first */
  char            *current_text;
  gint64           brief_id;
  gint64           current_id;      /* the revision the section's text comes from */
  gint64           selected_id;
  guint            load_serial;
  WdSectionKind    kind;
  guint            restoring : 1;
  guint            loaded : 1;
};

G_DEFINE_FINAL_TYPE (WdHistoryDialog, wd_history_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_BRIEF_ID,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Loading, in a thread */

typedef struct {
  WdStore       *store;
  gint64         brief_id;
  WdSectionKind  kind;
  guint          serial;
} LoadRequest;

typedef struct {
  GPtrArray *revisions;
  char      *current_text;
  gint64     current_id;
} LoadResult;

static void
load_request_free (LoadRequest *request)
{
  g_clear_object (&request->store);
  g_free (request);
}

static void
load_result_free (LoadResult *result)
{
  g_clear_pointer (&result->revisions, g_ptr_array_unref);
  g_free (result->current_text);
  g_free (result);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadRequest *request = task_data;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(WdBrief) brief = NULL;
  GError *error = NULL;
  LoadResult *result;
  WdSection *section;

  revisions = wd_store_list_revisions (request->store, request->brief_id, request->kind,
                                       &error);
  if (revisions == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  brief = wd_store_load_brief (request->store, request->brief_id, &error);
  if (brief == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  result = g_new0 (LoadResult, 1);
  result->revisions = g_steal_pointer (&revisions);
  section = wd_brief_get_section (brief, request->kind);
  if (section != NULL)
    {
      result->current_id = wd_section_get_revision_id (section);
      result->current_text = g_strdup (wd_section_get_text (section));
    }
  g_task_return_pointer (task, result, (GDestroyNotify) load_result_free);
}

/* Labels */

static char *
format_time (GDateTime *date)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (date == NULL)
    return g_strdup ("");
  local = g_date_time_to_local (date);
  now = g_date_time_new_now_local ();
  if (g_date_time_get_year (local) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    /* Translators: the time of a revision saved today; see g_date_time_format() */
    return g_date_time_format (local, _("%H:%M"));
  if (g_date_time_get_year (local) == g_date_time_get_year (now))
    /* Translators: the date and time of a revision saved this year;
     * see g_date_time_format() */
    return g_date_time_format (local, _("%b %-e, %H:%M"));
  /* Translators: the date and time of a revision saved in an earlier
   * year; see g_date_time_format() */
  return g_date_time_format (local, _("%b %-e %Y, %H:%M"));
}

/* Who wrote a revision: "AI draft · qwen3:8b", "AI draft" or "Your edit". */
static char *
dup_revision_source (WdRevision *revision)
{
  const char *model = wd_revision_get_model (revision);

  if (wd_revision_get_origin (revision) == WD_ORIGIN_EDITOR)
    /* Translators: a revision of a section the editor typed */
    return g_strdup (_("Your edit"));
  if (model != NULL && *model != '\0')
    /* Translators: a revision a language model drafted; %s is the model */
    return g_strdup_printf (_("AI draft · %s"), model);
  /* Translators: a revision drafted by an unknown model */
  return g_strdup (_("AI draft"));
}

/* "AI draft · qwen3:8b · November 24, 2026, 14:02" */
static char *
dup_revision_title (WdRevision *revision)
{
  g_autofree char *source = dup_revision_source (revision);
  g_autofree char *time = wd_format_date_long (wd_revision_get_created_at (revision));

  if (time == NULL)
    return g_steal_pointer (&source);
  /* Translators: who wrote a revision, then when */
  return g_strdup_printf (_("%s · %s"), source, time);
}

static GtkWidget *
create_badge (const char *label,
              const char *css_class)
{
  GtkWidget *badge = gtk_label_new (label);

  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "section-badge");
  if (css_class != NULL)
    gtk_widget_add_css_class (badge, css_class);
  return badge;
}

/* Two lines, so a long model name and the time both fit: who wrote it,
 * then when; the badges to the right. */
static GtkWidget *
create_row (WdHistoryDialog *self,
            WdRevision      *revision)
{
  g_autofree char *source = dup_revision_source (revision);
  g_autofree char *time = format_time (wd_revision_get_created_at (revision));
  g_autofree char *title = dup_revision_title (revision);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *lines = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *source_label = gtk_label_new (source);
  GtkWidget *time_label = gtk_label_new (time);
  GtkWidget *icon;

  icon = gtk_image_new_from_icon_name (wd_revision_get_origin (revision) == WD_ORIGIN_AI
                                       ? "applications-science-symbolic"
                                       : "document-edit-symbolic");
  gtk_widget_add_css_class (icon, "dim-label");
  gtk_box_append (GTK_BOX (box), icon);

  gtk_label_set_xalign (GTK_LABEL (source_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (source_label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (lines), source_label);
  gtk_label_set_xalign (GTK_LABEL (time_label), 0);
  gtk_widget_add_css_class (time_label, "caption");
  gtk_widget_add_css_class (time_label, "dim-label");
  gtk_box_append (GTK_BOX (lines), time_label);
  gtk_widget_set_hexpand (lines, TRUE);
  gtk_widget_set_margin_top (lines, 4);
  gtk_widget_set_margin_bottom (lines, 4);
  gtk_box_append (GTK_BOX (box), lines);

  if (wd_revision_get_incomplete (revision))
    {
      GtkWidget *badge = create_badge (C_("revision", "Incomplete"), "incomplete");

      gtk_widget_set_tooltip_text (badge, _("The model was stopped or cut off before it "
                                            "finished this draft."));
      gtk_box_append (GTK_BOX (box), badge);
    }
  if (wd_revision_get_id (revision) == self->current_id)
    gtk_box_append (GTK_BOX (box), create_badge (C_("revision", "Current"), NULL));

  gtk_widget_set_tooltip_text (row, title);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "wd-revision", g_object_ref (revision),
                          g_object_unref);
  return row;
}

static WdRevision *
find_revision (WdHistoryDialog *self,
               gint64           id)
{
  for (guint i = 0; self->revisions != NULL && i < self->revisions->len; i++)
    {
      WdRevision *revision = g_ptr_array_index (self->revisions, i);

      if (wd_revision_get_id (revision) == id)
        return revision;
    }
  return NULL;
}

/* The selected revision */

static void
show_revision (WdHistoryDialog *self)
{
  WdRevision *revision = find_revision (self, self->selected_id);
  gboolean show_changes = gtk_toggle_button_get_active (self->changes_button);
  g_autofree char *title = NULL;

  if (revision == NULL)
    {
      gtk_label_set_label (self->revision_title, "");
      gtk_label_set_label (self->legend_label, "");
      wd_diff_view_show_text (self->diff_view, "");
      return;
    }

  title = dup_revision_title (revision);
  gtk_label_set_label (self->revision_title, title);

  if (wd_revision_get_id (revision) == self->current_id)
    {
      gtk_label_set_label (self->legend_label, _("This revision is the section’s current text."));
      wd_diff_view_show_text (self->diff_view, wd_revision_get_text (revision));
    }
  else if (!show_changes)
    {
      gtk_label_set_label (self->legend_label, _("The text as this revision saved it."));
      wd_diff_view_show_text (self->diff_view, wd_revision_get_text (revision));
    }
  else
    {
      /* Translators: keep the <s> marks (struck through) around the word
       * that shows what it describes */
      gtk_label_set_label (self->legend_label,
                           _("<s>Struck-through</s> words are only in this revision, "
                             "highlighted ones only in the current text."));
      wd_diff_view_show_diff (self->diff_view, wd_revision_get_text (revision),
                              self->current_text);
    }
}

static void
update_actions (WdHistoryDialog *self)
{
  WdRevision *revision = find_revision (self, self->selected_id);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.restore",
                                 revision != NULL &&
                                 wd_revision_get_id (revision) != self->current_id &&
                                 !self->restoring);
}

static void
on_revision_list_row_selected (WdHistoryDialog *self,
                               GtkListBoxRow   *row,
                               GtkListBox      *list)
{
  WdRevision *revision = row != NULL ? g_object_get_data (G_OBJECT (row), "wd-revision") : NULL;

  self->selected_id = revision != NULL ? wd_revision_get_id (revision) : 0;
  show_revision (self);
  update_actions (self);
}

static void
on_mode_button_toggled (WdHistoryDialog *self,
                        GtkToggleButton *button)
{
  /* Both buttons of the group toggle on a switch; show once. */
  if (gtk_toggle_button_get_active (button))
    show_revision (self);
}

static void
show_result (WdHistoryDialog *self,
             LoadResult      *result)
{
  GtkListBoxRow *select = NULL;
  GtkWidget *child;

  g_clear_pointer (&self->revisions, g_ptr_array_unref);
  self->revisions = g_steal_pointer (&result->revisions);
  g_free (self->current_text);
  self->current_text = g_steal_pointer (&result->current_text);
  self->current_id = result->current_id;
  /* A section whose text no revision holds any more has no current one;
   * the newest is then the closest, as the store always adds on top. */
  if (find_revision (self, self->current_id) == NULL && self->revisions->len > 0)
    self->current_id = wd_revision_get_id (g_ptr_array_index (self->revisions, 0));

  /* Rebuilding selects rows on the way; the kept selection goes last. */
  g_signal_handlers_block_by_func (self->revision_list, on_revision_list_row_selected, self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->revision_list))) != NULL)
    gtk_list_box_remove (self->revision_list, child);
  for (guint i = 0; i < self->revisions->len; i++)
    {
      WdRevision *revision = g_ptr_array_index (self->revisions, i);
      GtkWidget *row = create_row (self, revision);

      gtk_list_box_append (self->revision_list, row);
      if (wd_revision_get_id (revision) == self->selected_id)
        select = GTK_LIST_BOX_ROW (row);
    }
  /* First open: the newest revision that is not the current text, which
   * is what an editor looking back most likely wants. */
  if (select == NULL)
    select = gtk_list_box_get_row_at_index (self->revision_list,
                                            self->revisions->len > 1 ? 1 : 0);
  gtk_list_box_select_row (self->revision_list, select);
  g_signal_handlers_unblock_by_func (self->revision_list, on_revision_list_row_selected, self);
  on_revision_list_row_selected (self, select, self->revision_list);

  gtk_stack_set_visible_child_name (self->main_stack,
                                    self->revisions->len > 0 ? "history" : "empty");
  gtk_widget_set_visible (self->restore_button, self->revisions->len > 0);
}

static void
on_loaded (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(WdHistoryDialog) self = user_data;
  LoadRequest *request = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  LoadResult *loaded;

  loaded = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      request->serial != self->load_serial)
    {
      g_clear_pointer (&loaded, load_result_free);
      return;
    }
  gtk_spinner_stop (self->spinner);
  if (loaded == NULL)
    {
      /* After a first load, a failed reload keeps what is shown. */
      if (self->loaded)
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      else
        {
          adw_status_page_set_description (self->error_page, error->message);
          gtk_stack_set_visible_child_name (self->main_stack, "error");
        }
      return;
    }
  show_result (self, loaded);
  load_result_free (loaded);
  /* Up and down walk the revisions from the start. */
  if (!self->loaded)
    {
      GtkListBoxRow *row = gtk_list_box_get_selected_row (self->revision_list);

      if (row != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (row));
    }
  self->loaded = TRUE;
}

static void
reload (WdHistoryDialog *self)
{
  g_autoptr(GTask) task = NULL;
  LoadRequest *request;

  request = g_new0 (LoadRequest, 1);
  request->store = g_object_ref (self->store);
  request->brief_id = self->brief_id;
  request->kind = self->kind;
  request->serial = ++self->load_serial;
  if (!self->loaded)
    {
      gtk_spinner_start (self->spinner);
      gtk_stack_set_visible_child_name (self->main_stack, "loading");
    }
  task = g_task_new (NULL, self->cancellable, on_loaded, g_object_ref (self));
  g_task_set_source_tag (task, reload);
  g_task_set_task_data (task, request, (GDestroyNotify) load_request_free);
  g_task_run_in_thread (task, load_thread);
}

static void
on_store_changed (WdHistoryDialog *self,
                  gint64           brief_id,
                  WdStore         *store)
{
  if (brief_id == 0 || brief_id == self->brief_id)
    reload (self);
}

/* Restore */

static void
on_restored (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(WdHistoryDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (wd_store_add_revision_finish (WD_STORE (object), result, &error) == 0)
    {
      self->restoring = FALSE;
      if (self->store == NULL)
        g_warning ("Could not restore a revision: %s", error->message);
      else
        {
          adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
          update_actions (self);
        }
      return;
    }
  /* Done: the store's "changed" shows the text in the brief view. */
  if (self->store != NULL)
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  WdHistoryDialog *self = WD_HISTORY_DIALOG (widget);
  WdRevision *revision = find_revision (self, self->selected_id);

  if (revision == NULL || wd_revision_get_id (revision) == self->current_id || self->restoring)
    return;
  self->restoring = TRUE;
  update_actions (self);
  /* Not cancelled on close: a restore the editor asked for still lands. */
  wd_store_add_revision_async (self->store, self->brief_id, self->kind,
                               wd_revision_get_text (revision), NULL, NULL,
                               on_restored, g_object_ref (self));
}

/* Public API */

/**
 * wd_history_dialog_new:
 * @parent: (nullable): the window to stay above
 * @store: the archive
 * @brief_id: the brief
 * @kind: which of its sections
 *
 * Creates the history of one section of a brief, modal over @parent,
 * and starts loading its revisions in a thread; present it to show it.
 * Restore adds the chosen revision as a new editor revision and closes
 * the dialog; the brief view sees the new text through @store's
 * "changed" signal.
 *
 * Returns: (transfer none): the dialog, owned by GTK's list of toplevels
 */
WdHistoryDialog *
wd_history_dialog_new (GtkWindow     *parent,
                       WdStore       *store,
                       gint64         brief_id,
                       WdSectionKind  kind)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (WD_IS_STORE (store), NULL);
  g_return_val_if_fail (brief_id > 0, NULL);
  g_return_val_if_fail ((guint) kind < WD_SECTION_N_KINDS, NULL);

  return g_object_new (WD_TYPE_HISTORY_DIALOG,
                       "transient-for", parent,
                       "store", store,
                       "brief-id", brief_id,
                       "kind", kind,
                       NULL);
}

static void
wd_history_dialog_constructed (GObject *object)
{
  WdHistoryDialog *self = WD_HISTORY_DIALOG (object);
  g_autofree char *title = NULL;

  G_OBJECT_CLASS (wd_history_dialog_parent_class)->constructed (object);

  g_assert (self->store != NULL);
  /* Translators: the window title of a section's history; %s is the
   * section's heading */
  title = g_strdup_printf (_("%s History"), wd_format_section_heading (self->kind));
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, _("History"));
  adw_window_title_set_subtitle (self->window_title, wd_format_section_heading (self->kind));

  g_signal_connect_object (self->store, "changed", G_CALLBACK (on_store_changed), self,
                           G_CONNECT_SWAPPED);
  update_actions (self);
  reload (self);
}

static void
wd_history_dialog_dispose (GObject *object)
{
  WdHistoryDialog *self = WD_HISTORY_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  /* Emptying the list selects nothing, which would show nothing in a
   * text view already gone. */
  if (self->revision_list != NULL)
    g_signal_handlers_disconnect_by_func (self->revision_list, on_revision_list_row_selected,
                                          self);

  gtk_widget_dispose_template (GTK_WIDGET (self), WD_TYPE_HISTORY_DIALOG);

  G_OBJECT_CLASS (wd_history_dialog_parent_class)->dispose (object);
}

static void
wd_history_dialog_finalize (GObject *object)
{
  WdHistoryDialog *self = WD_HISTORY_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->revisions, g_ptr_array_unref);
  g_free (self->current_text);

  G_OBJECT_CLASS (wd_history_dialog_parent_class)->finalize (object);
}

static void
wd_history_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  WdHistoryDialog *self = WD_HISTORY_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_BRIEF_ID:
      g_value_set_int64 (value, self->brief_id);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_history_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  WdHistoryDialog *self = WD_HISTORY_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_BRIEF_ID:
      self->brief_id = g_value_get_int64 (value);
      break;
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_history_dialog_class_init (WdHistoryDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = wd_history_dialog_constructed;
  object_class->dispose = wd_history_dialog_dispose;
  object_class->finalize = wd_history_dialog_finalize;
  object_class->get_property = wd_history_dialog_get_property;
  object_class->set_property = wd_history_dialog_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, WD_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BRIEF_ID] =
    g_param_spec_int64 ("brief-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, WD_TYPE_SECTION_KIND, WD_SECTION_SUMMARY,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                       G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (WD_TYPE_DIFF_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/wiredesk/Wiredesk/ui/wd-history-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, WdHistoryDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WdHistoryDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, WdHistoryDialog, restore_button);
  gtk_widget_class_bind_template_child (widget_class, WdHistoryDialog, main_stack);
  gtk_widget_class_bind_template_child (widget_class, WdHistoryDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, WdHistoryDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, WdHistoryDialog, revision_list);
  gtk_widget_class_bind_template_child (widget_class, WdHistoryDialog, revision_title);
  gtk_widget_class_bind_template_child (widget_class, WdHistoryDialog, legend_label);
  gtk_widget_class_bind_template_child (widget_class, WdHistoryDialog, changes_button);
  gtk_widget_class_bind_template_child (widget_class, WdHistoryDialog, diff_view);
  gtk_widget_class_bind_template_callback (widget_class, on_revision_list_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_mode_button_toggled);

  gtk_widget_class_install_action (widget_class, "history.restore", NULL, restore_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wd_history_dialog_init (WdHistoryDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}
