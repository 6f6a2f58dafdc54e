/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-policy-editor"

#include <glib/gi18n.h>

#include "wd-policy-editor.h"

struct _WdPolicyEditor
{
  AdwWindow parent_instance;

  /* owned */
  WdStore      *store;
  GCancellable *cancellable;

  /* unowned: children */
  AdwWindowTitle *title;
  GtkWidget      *save_button;
  AdwEntryRow    *domain_row;
  AdwComboRow    *kind_row;
  AdwEntryRow    *words_row;
  AdwEntryRow    *run_row;
  AdwEntryRow    *share_row;
  AdwEntryRow    *note_row;
  GtkLabel       *error_label;
};

G_DEFINE_FINAL_TYPE (WdPolicyEditor, wd_policy_editor, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  char         *domain;
  WdPolicyKind  kind;
  int           max_quote_words;
  int           max_run_words;
  int           max_copied_percent;
  char         *note;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->domain);
  g_free (job->note);
  g_free (job);
}

/**
 * wd_policy_editor_kind_title:
 * @kind: a policy
 *
 * Returns: the policy's name for people, translated
 */
const char *
wd_policy_editor_kind_title (WdPolicyKind kind)
{
  switch (kind)
    {
    case WD_POLICY_SUMMARIZE: return _("Summarize");
    case WD_POLICY_LINK_ONLY: return _("Link Only");
    case WD_POLICY_EXCLUDED: return _("Excluded");
    default: break;
    }
  g_return_val_if_reached (NULL);
}

static void
show_error (WdPolicyEditor *self,
            GtkWidget      *row,
            const char     *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (row != NULL)
    gtk_widget_add_css_class (row, "error");
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;

  if (!wd_store_set_policy_full (source_object, job->domain, job->kind, job->max_quote_words,
                                 job->max_run_words, job->max_copied_percent, job->note,
                                 &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_saved (GObject      *source_object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(WdPolicyEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  Job *job = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_widget_set_sensitive (self->save_button, TRUE);
      show_error (self, NULL, error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, job->domain);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* An optional whole number from @row: -1 when empty; FALSE, with
 * @message shown at the row, when it is not a number from @min to @max. */
static gboolean
read_number (WdPolicyEditor *self,
             AdwEntryRow    *row,
             guint           min,
             guint           max,
             int            *out,
             const char     *message)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  guint64 value;

  *out = -1;
  if (*text == '\0')
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, min, max, &value, NULL))
    {
      show_error (self, GTK_WIDGET (row), message);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

static void
save (WdPolicyEditor *self)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  gtk_widget_remove_css_class (GTK_WIDGET (self->words_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->run_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->share_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->domain_row), "error");
  show_error (self, NULL, NULL);

  job = g_new0 (Job, 1);
  job->domain = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->domain_row))));
  job->kind = adw_combo_row_get_selected (self->kind_row);
  job->note = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->note_row))));
  if (!read_number (self, self->words_row, 0, 10000, &job->max_quote_words,
                    _("The longest quote must be a whole number of words from 0 to 10000; "
                      "leave it empty for the default.")) ||
      !read_number (self, self->run_row, 1, 10000, &job->max_run_words,
                    _("The longest shared run must be a whole number of words from 1 to "
                      "10000; leave it empty for the default of 12.")) ||
      !read_number (self, self->share_row, 1, 100, &job->max_copied_percent,
                    _("The copied share must be a whole percentage from 1 to 100; leave it "
                      "empty for the default of 10.")))
    {
      job_free (job);
      return;
    }
  if (*job->domain == '\0')
    {
      show_error (self, GTK_WIDGET (self->domain_row),
                  _("A publisher policy needs a domain, like example.org."));
      job_free (job);
      return;
    }

  gtk_widget_set_sensitive (self->save_button, FALSE);
  task = g_task_new (self->store, self->cancellable, on_saved, g_object_ref (self));
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, save_thread);
}

static AdwEntryRow *
add_entry (WdPolicyEditor *self,
           GtkWidget      *group,
           const char     *widget_name,
           const char     *title)
{
  GtkWidget *row = adw_entry_row_new ();

  gtk_widget_set_name (row, widget_name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  g_signal_connect_swapped (row, "entry-activated", G_CALLBACK (save), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return ADW_ENTRY_ROW (row);
}

static void
build (WdPolicyEditor *self)
{
  GtkWidget *box, *header, *cancel, *page, *group;
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  self->title = ADW_WINDOW_TITLE (adw_window_title_new (NULL, NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->save_button = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_set_name (self->save_button, "save");
  gtk_widget_add_css_class (self->save_button, "suggested-action");
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (save), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->save_button);
  gtk_box_append (GTK_BOX (box), header);

  page = adw_preferences_page_new ();
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (self), box);

  group = adw_preferences_group_new ();
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Each change is kept as a new version; drafts of "
                                           "this publisher’s articles follow the newest."));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  self->domain_row = add_entry (self, group, "domain", _("Domain"));

  /* In the order of WdPolicyKind. */
  for (guint i = WD_POLICY_SUMMARIZE; i <= WD_POLICY_EXCLUDED; i++)
    gtk_string_list_append (kinds, wd_policy_editor_kind_title (i));
  self->kind_row = ADW_COMBO_ROW (adw_combo_row_new ());
  gtk_widget_set_name (GTK_WIDGET (self->kind_row), "policy");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->kind_row), _("Policy"));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->kind_row));

  self->words_row = add_entry (self, group, "max-quote-words", _("Longest Quote, in Words"));
  adw_entry_row_set_input_purpose (self->words_row, GTK_INPUT_PURPOSE_DIGITS);
  /* The copy guard's limits; empty keeps the defaults (12 words, 10 %). */
  self->run_row = add_entry (self, group, "max-run-words",
                             _("Longest Shared Run, in Words"));
  adw_entry_row_set_input_purpose (self->run_row, GTK_INPUT_PURPOSE_DIGITS);
  self->share_row = add_entry (self, group, "max-copied-percent",
                               _("Most Copied, in Percent"));
  adw_entry_row_set_input_purpose (self->share_row, GTK_INPUT_PURPOSE_DIGITS);
  self->note_row = add_entry (self, group, "note", _("Note"));

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->error_label), "error");
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_set_margin_top (GTK_WIDGET (self->error_label), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->error_label));
}

static void
wd_policy_editor_dispose (GObject *object)
{
  WdPolicyEditor *self = WD_POLICY_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (wd_policy_editor_parent_class)->dispose (object);
}

static void
wd_policy_editor_unrealize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (wd_policy_editor_parent_class)->unrealize (widget);

  /* A pending archive or keyring call may keep this window alive after
   * gtk_window_destroy(), past the preferences it is transient for; GTK 4.8
   * would let go of that parent only then, and warn. Let go now. */
  gtk_window_set_transient_for (GTK_WINDOW (widget), NULL);
}

static void
wd_policy_editor_class_init (WdPolicyEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wd_policy_editor_dispose;
  widget_class->unrealize = wd_policy_editor_unrealize;

  /**
   * WdPolicyEditor::saved:
   * @domain: the publisher's domain as typed
   *
   * A new version of the policy is in the archive.
   */
  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wd_policy_editor_init (WdPolicyEditor *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 480, 420);
  build (self);
}

/**
 * wd_policy_editor_new:
 * @store: the archive
 * @policy: (nullable): the policy to change, or %NULL to add one
 *
 * Returns: (transfer full): a new #WdPolicyEditor
 */
WdPolicyEditor *
wd_policy_editor_new (WdStore        *store,
                      const WdPolicy *policy)
{
  WdPolicyEditor *self;

  g_return_val_if_fail (WD_IS_STORE (store), NULL);

  self = g_object_new (WD_TYPE_POLICY_EDITOR, NULL);
  self->store = g_object_ref (store);
  if (policy == NULL)
    {
      adw_window_title_set_title (self->title, _("Add Publisher"));
      return self;
    }

  adw_window_title_set_title (self->title, _("Edit Publisher"));
  adw_window_title_set_subtitle (self->title, policy->domain);
  gtk_editable_set_text (GTK_EDITABLE (self->domain_row), policy->domain);
  /* The domain is the policy's key: a new domain is a new publisher. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->domain_row), FALSE);
  adw_combo_row_set_selected (self->kind_row, policy->kind);
  if (policy->max_quote_words >= 0)
    {
      g_autofree char *words = g_strdup_printf ("%d", policy->max_quote_words);

      gtk_editable_set_text (GTK_EDITABLE (self->words_row), words);
    }
  if (policy->max_run_words > 0)
    {
      g_autofree char *words = g_strdup_printf ("%d", policy->max_run_words);

      gtk_editable_set_text (GTK_EDITABLE (self->run_row), words);
    }
  if (policy->max_copied_percent > 0)
    {
      g_autofree char *percent = g_strdup_printf ("%d", policy->max_copied_percent);

      gtk_editable_set_text (GTK_EDITABLE (self->share_row), percent);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->note_row), policy->note ?: "");
  return self;
}
