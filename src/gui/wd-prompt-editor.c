/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-prompt-editor"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "wd-prompt-editor.h"

struct _WdPromptEditor
{
  AdwWindow parent_instance;

  /* owned */
  WdStore      *store;
  GCancellable *cancellable;
  WdPromptKind  kind;
  int           version;

  /* unowned: children */
  AdwWindowTitle *title;
  GtkWidget      *save_button;
  GtkWidget      *reset_button;
  GtkSourceView  *view;
  GtkSourceBuffer *buffer;
  GtkLabel       *error_label;
};

G_DEFINE_FINAL_TYPE (WdPromptEditor, wd_prompt_editor, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  WdPromptKind  kind;
  char         *body;   /* to save; NULL to load */
  int           version;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->body);
  g_free (job);
}

/**
 * wd_prompt_editor_kind_title:
 * @kind: a template kind
 *
 * Returns: the kind's name for people, translated
 */
const char *
wd_prompt_editor_kind_title (WdPromptKind kind)
{
  switch (kind)
    {
    case WD_PROMPT_SYSTEM: return _("System");
    case WD_PROMPT_HEADLINE: return _("Headline");
    case WD_PROMPT_SUMMARY: return _("Summary");
    case WD_PROMPT_ANALYST_TAKE: return _("Analyst’s Take");
    case WD_PROMPT_CONTEXT: return _("Context");
    case WD_PROMPT_WATCH: return _("What to Watch");
    case WD_PROMPT_MENTIONS: return _("Mentions");
    case WD_N_PROMPTS:
    default: break;
    }
  g_return_val_if_reached (NULL);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  WdStore *store = source_object;
  Job *job = task_data;
  GError *error = NULL;

  if (job->body != NULL)
    {
      if (!wd_prompt_save (store, job->kind, job->body, &job->version, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }
  else
    {
      job->body = wd_prompt_load (store, job->kind, &job->version, &error);
      if (job->body == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }
  g_task_return_boolean (task, TRUE);
}

static void
set_busy (WdPromptEditor *self,
          gboolean        busy)
{
  gtk_widget_set_sensitive (self->save_button, !busy);
  gtk_widget_set_sensitive (self->reset_button, !busy);
}

static void
show_version (WdPromptEditor *self)
{
  g_autofree char *subtitle = NULL;

  /* Translators: the version of a prompt template */
  subtitle = g_strdup_printf (_("Version %d"), self->version);
  adw_window_title_set_subtitle (self->title, subtitle);
}

static void
on_job_done (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(WdPromptEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  Job *job = g_task_get_task_data (G_TASK (result));
  gboolean saving = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (result), "saving"));
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  set_busy (self, FALSE);
  self->version = job->version;
  show_version (self);
  /* A load shows the stored text, a reset the default it saved; a save
   * leaves the text (and its undo history) alone. */
  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  text = gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->buffer), &start, &end, FALSE);
  if (!g_str_equal (text, job->body))
    {
      gtk_text_buffer_begin_irreversible_action (GTK_TEXT_BUFFER (self->buffer));
      gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->buffer), job->body, -1);
      gtk_text_buffer_end_irreversible_action (GTK_TEXT_BUFFER (self->buffer));
    }
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->buffer), FALSE);
  if (saving)
    g_signal_emit (self, signals[SIGNAL_SAVED], 0, self->version);
}

static void
run_job (WdPromptEditor *self,
         const char     *body)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_busy (self, TRUE);
  job = g_new0 (Job, 1);
  job->kind = self->kind;
  job->body = g_strdup (body);
  task = g_task_new (self->store, self->cancellable, on_job_done, g_object_ref (self));
  g_task_set_task_data (task, job, job_free);
  g_object_set_data (G_OBJECT (task), "saving", GINT_TO_POINTER (body != NULL));
  g_task_run_in_thread (task, job_thread);
}

static void
save (WdPromptEditor *self)
{
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  text = gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->buffer), &start, &end, FALSE);
  run_job (self, text);
}

static gboolean
save_shortcut (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  WdPromptEditor *self = WD_PROMPT_EDITOR (widget);

  if (gtk_widget_is_sensitive (self->save_button))
    save (self);
  return TRUE;
}

static void
reset (WdPromptEditor *self)
{
  run_job (self, wd_prompt_get_default (self->kind));
}

static void
update_scheme (WdPromptEditor *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  GtkSourceStyleScheme *scheme;

  scheme = gtk_source_style_scheme_manager_get_scheme (schemes, adw_style_manager_get_dark (style)
                                                                ? "Adwaita-dark" : "Adwaita");
  gtk_source_buffer_set_style_scheme (self->buffer, scheme);
}

static void
build (WdPromptEditor *self)
{
  GtkWidget *box, *header, *scrolled, *view, *variables;
  g_autoptr(GString) names = g_string_new (NULL);
  const char * const *vars = wd_prompt_list_variables ();
  g_autofree char *variables_text = NULL;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  self->title = ADW_WINDOW_TITLE (adw_window_title_new (NULL, NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  self->reset_button = gtk_button_new_with_mnemonic (_("_Reset to Default"));
  gtk_widget_set_name (self->reset_button, "reset");
  g_signal_connect_swapped (self->reset_button, "clicked", G_CALLBACK (reset), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->reset_button);
  self->save_button = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_set_name (self->save_button, "save");
  gtk_widget_add_css_class (self->save_button, "suggested-action");
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (save), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->save_button);
  gtk_box_append (GTK_BOX (box), header);

  for (guint i = 0; vars[i] != NULL; i++)
    g_string_append_printf (names, "%s{{%s}}", i > 0 ? "  " : "", vars[i]);
  /* Translators: %s is a list like {{title}}  {{summary}} */
  variables_text = g_strdup_printf (_("Variables: %s"), names->str);
  variables = gtk_label_new (variables_text);
  gtk_label_set_wrap (GTK_LABEL (variables), TRUE);
  gtk_label_set_xalign (GTK_LABEL (variables), 0);
  gtk_widget_add_css_class (variables, "dim-label");
  gtk_widget_set_margin_start (variables, 12);
  gtk_widget_set_margin_end (variables, 12);
  gtk_widget_set_margin_top (variables, 8);
  gtk_widget_set_margin_bottom (variables, 8);
  gtk_box_append (GTK_BOX (box), variables);

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->error_label), "error");
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_margin_start (GTK_WIDGET (self->error_label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->error_label), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->error_label), 8);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));

  self->buffer = gtk_source_buffer_new (NULL);
  view = gtk_source_view_new_with_buffer (self->buffer);
  g_object_unref (self->buffer);  /* the view holds it */
  self->view = GTK_SOURCE_VIEW (view);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 12);
  gtk_source_view_set_highlight_current_line (self->view, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Template"), -1);
  scrolled = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_box_append (GTK_BOX (box), scrolled);

  adw_window_set_content (ADW_WINDOW (self), box);
  update_scheme (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_scheme), self, G_CONNECT_SWAPPED);
}

static void
wd_prompt_editor_dispose (GObject *object)
{
  WdPromptEditor *self = WD_PROMPT_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (wd_prompt_editor_parent_class)->dispose (object);
}

static void
wd_prompt_editor_unrealize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (wd_prompt_editor_parent_class)->unrealize (widget);

  /* A pending archive or keyring call may keep this window alive after
   * gtk_window_destroy(), past the preferences it is transient for; GTK 4.8
   * would let go of that parent only then, and warn. Let go now. */
  gtk_window_set_transient_for (GTK_WINDOW (widget), NULL);
}

static void
wd_prompt_editor_class_init (WdPromptEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wd_prompt_editor_dispose;
  widget_class->unrealize = wd_prompt_editor_unrealize;

  /**
   * WdPromptEditor::saved:
   * @version: the new version
   *
   * A new version of the template is in the archive.
   */
  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, save_shortcut, NULL);
}

static void
wd_prompt_editor_init (WdPromptEditor *self)
{
  gtk_source_init ();
  self->cancellable = g_cancellable_new ();
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 720, 560);
  build (self);
}

/**
 * wd_prompt_editor_new:
 * @store: the archive
 * @kind: the template to edit
 *
 * Creates the editor and loads the template's newest version.
 *
 * Returns: (transfer full): a new #WdPromptEditor
 */
WdPromptEditor *
wd_prompt_editor_new (WdStore      *store,
                      WdPromptKind  kind)
{
  WdPromptEditor *self;

  g_return_val_if_fail (WD_IS_STORE (store), NULL);
  g_return_val_if_fail (kind < WD_N_PROMPTS, NULL);

  self = g_object_new (WD_TYPE_PROMPT_EDITOR, NULL);
  self->store = g_object_ref (store);
  self->kind = kind;
  adw_window_title_set_title (self->title, wd_prompt_editor_kind_title (kind));
  run_job (self, NULL);
  return self;
}

/**
 * wd_prompt_editor_get_buffer:
 * @self: a #WdPromptEditor
 *
 * Returns: (transfer none): the template's text
 */
GtkTextBuffer *
wd_prompt_editor_get_buffer (WdPromptEditor *self)
{
  g_return_val_if_fail (WD_IS_PROMPT_EDITOR (self), NULL);

  return GTK_TEXT_BUFFER (self->buffer);
}

/**
 * wd_prompt_editor_get_version:
 * @self: a #WdPromptEditor
 *
 * Returns: the version shown, 0 until it is loaded
 */
int
wd_prompt_editor_get_version (WdPromptEditor *self)
{
  g_return_val_if_fail (WD_IS_PROMPT_EDITOR (self), 0);

  return self->version;
}
