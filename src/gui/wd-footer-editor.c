/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-footer-editor"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "publish/wd-render.h"
#include "wd-footer-editor.h"

/* The prompt editor (wd-prompt-editor.c) is tied to the drafting prompts:
 * their kinds, variables and the check of a body before it is saved. A
 * footer template has none of that, so this is its own small window. */

struct _WdFooterEditor
{
  AdwWindow parent_instance;

  /* owned */
  WdStore      *store;
  GCancellable *cancellable;
  char         *kind;
  int           version;

  /* unowned: children */
  AdwWindowTitle  *title;
  GtkWidget       *save_button;
  GtkWidget       *reset_button;
  GtkSourceView   *view;
  GtkSourceBuffer *buffer;
  GtkLabel        *error_label;
};

G_DEFINE_FINAL_TYPE (WdFooterEditor, wd_footer_editor, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  char *kind;
  char *body;     /* to save; NULL to load */
  int   version;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->kind);
  g_free (job->body);
  g_free (job);
}

/**
 * wd_footer_editor_kind_title:
 * @kind: a footer template kind
 *
 * Returns: the kind's name for people, translated
 */
const char *
wd_footer_editor_kind_title (const char *kind)
{
  if (g_strcmp0 (kind, "footer_attribution") == 0)
    return _("Attribution");
  if (g_strcmp0 (kind, "footer_disclosure") == 0)
    return _("AI Disclosure");
  if (g_strcmp0 (kind, "footer_byline") == 0)
    return _("Byline");
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
      if (!wd_store_save_template (store, job->kind, job->body, &job->version, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }
  else
    {
      job->body = wd_store_get_template (store, job->kind, 0, &job->version, &error);
      if (error != NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      /* None saved yet: rendering uses the shipped text, so show that. */
      if (job->body == NULL)
        job->body = g_strdup (wd_render_footer_default (job->kind));
    }
  g_task_return_boolean (task, TRUE);
}

static void
set_busy (WdFooterEditor *self,
          gboolean        busy)
{
  gtk_widget_set_sensitive (self->save_button, !busy);
  gtk_widget_set_sensitive (self->reset_button, !busy);
}

static void
show_version (WdFooterEditor *self)
{
  g_autofree char *subtitle = NULL;

  if (self->version == 0)
    {
      adw_window_title_set_subtitle (self->title, _("Shipped text"));
      return;
    }
  /* Translators: the version of a footer template */
  subtitle = g_strdup_printf (_("Version %d"), self->version);
  adw_window_title_set_subtitle (self->title, subtitle);
}

static void
on_job_done (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(WdFooterEditor) self = user_data;
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
  /* A load shows the stored text, a reset the shipped one it saved; a save
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
run_job (WdFooterEditor *self,
         const char     *body)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_busy (self, TRUE);
  job = g_new0 (Job, 1);
  job->kind = g_strdup (self->kind);
  job->body = g_strdup (body);
  task = g_task_new (self->store, self->cancellable, on_job_done, g_object_ref (self));
  g_task_set_source_tag (task, run_job);
  g_task_set_task_data (task, job, job_free);
  g_object_set_data (G_OBJECT (task), "saving", GINT_TO_POINTER (body != NULL));
  g_task_run_in_thread (task, job_thread);
}

static void
save (WdFooterEditor *self)
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
  WdFooterEditor *self = WD_FOOTER_EDITOR (widget);

  if (gtk_widget_is_sensitive (self->save_button))
    save (self);
  return TRUE;
}

static void
reset (WdFooterEditor *self)
{
  run_job (self, wd_render_footer_default (self->kind));
}

static gboolean
on_variable_activated (GtkLabel       *label,
                       const char     *uri,
                       WdFooterEditor *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  g_autofree char *text = g_strdup_printf ("{{%s}}", uri);

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete_selection (buffer, TRUE, TRUE);
  gtk_text_buffer_insert_at_cursor (buffer, text, -1);
  gtk_text_buffer_end_user_action (buffer);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
  return TRUE;  /* a variable, not an address to open */
}

static void
update_scheme (WdFooterEditor *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  GtkSourceStyleScheme *scheme;

  scheme = gtk_source_style_scheme_manager_get_scheme (schemes, adw_style_manager_get_dark (style)
                                                                ? "Adwaita-dark" : "Adwaita");
  gtk_source_buffer_set_style_scheme (self->buffer, scheme);
}

/* The variables as links in one wrapping label: compact, and each one
 * reachable with the keyboard; activating one inserts it. */
static GtkWidget *
new_variables_label (WdFooterEditor *self)
{
  const char * const *vars = wd_render_list_footer_variables ();
  g_autoptr(GString) links = g_string_new (NULL);
  g_autofree char *markup = NULL;
  GtkWidget *label;

  for (guint i = 0; vars[i] != NULL; i++)
    g_string_append_printf (links, "%s<a href=\"%s\">{{%s}}</a>", i > 0 ? "  " : "",
                            vars[i], vars[i]);
  /* Translators: %s is a list like {{publisher}}  {{domain}}, each a link */
  markup = g_strdup_printf (_("Variables: %s"), links->str);
  label = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_widget_set_name (label, "variables");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_tooltip_text (label, _("Click a variable to insert it at the cursor"));
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 8);
  gtk_widget_set_margin_bottom (label, 8);
  g_signal_connect (label, "activate-link", G_CALLBACK (on_variable_activated), self);
  return label;
}

static void
build (WdFooterEditor *self)
{
  GtkWidget *box, *header, *scrolled, *view, *hint;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  self->title = ADW_WINDOW_TITLE (adw_window_title_new (NULL, NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  self->reset_button = gtk_button_new_with_mnemonic (_("_Reset to Default"));
  gtk_widget_set_name (self->reset_button, "reset");
  gtk_widget_set_tooltip_text (self->reset_button,
                               _("Save the shipped text as a new version"));
  g_signal_connect_swapped (self->reset_button, "clicked", G_CALLBACK (reset), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->reset_button);
  self->save_button = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_set_name (self->save_button, "save");
  gtk_widget_add_css_class (self->save_button, "suggested-action");
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (save), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->save_button);
  gtk_box_append (GTK_BOX (box), header);

  hint = gtk_label_new (_("Markdown, shown under every published brief. Every save keeps the "
                          "earlier versions in the archive; an empty template leaves its "
                          "part out."));
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_widget_set_margin_start (hint, 12);
  gtk_widget_set_margin_end (hint, 12);
  gtk_widget_set_margin_top (hint, 8);
  gtk_box_append (GTK_BOX (box), hint);
  gtk_box_append (GTK_BOX (box), new_variables_label (self));

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

/**
 * wd_footer_editor_new:
 * @store: the archive
 * @kind: the footer template to edit, such as "footer_byline"
 *
 * Creates the editor and loads the template's newest version, or the
 * shipped text while the archive has none.
 *
 * Returns: (transfer full): a new #WdFooterEditor
 */
WdFooterEditor *
wd_footer_editor_new (WdStore    *store,
                      const char *kind)
{
  WdFooterEditor *self;

  g_return_val_if_fail (WD_IS_STORE (store), NULL);
  g_return_val_if_fail (wd_render_footer_default (kind) != NULL, NULL);

  self = g_object_new (WD_TYPE_FOOTER_EDITOR, NULL);
  self->store = g_object_ref (store);
  self->kind = g_strdup (kind);
  adw_window_title_set_title (self->title, wd_footer_editor_kind_title (kind));
  run_job (self, NULL);
  return self;
}

/**
 * wd_footer_editor_get_buffer:
 * @self: a #WdFooterEditor
 *
 * Returns: (transfer none): the template's text
 */
GtkTextBuffer *
wd_footer_editor_get_buffer (WdFooterEditor *self)
{
  g_return_val_if_fail (WD_IS_FOOTER_EDITOR (self), NULL);

  return GTK_TEXT_BUFFER (self->buffer);
}

/**
 * wd_footer_editor_get_version:
 * @self: a #WdFooterEditor
 *
 * Returns: the version shown; 0 while it loads or when the archive has
 *   none and the shipped text is shown
 */
int
wd_footer_editor_get_version (WdFooterEditor *self)
{
  g_return_val_if_fail (WD_IS_FOOTER_EDITOR (self), 0);

  return self->version;
}

static void
wd_footer_editor_dispose (GObject *object)
{
  WdFooterEditor *self = WD_FOOTER_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (wd_footer_editor_parent_class)->dispose (object);
}

static void
wd_footer_editor_finalize (GObject *object)
{
  WdFooterEditor *self = WD_FOOTER_EDITOR (object);

  g_free (self->kind);

  G_OBJECT_CLASS (wd_footer_editor_parent_class)->finalize (object);
}

static void
wd_footer_editor_unrealize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (wd_footer_editor_parent_class)->unrealize (widget);

  /* A pending archive call may keep this window alive after
   * gtk_window_destroy(), past the preferences it is transient for; GTK 4.8
   * would let go of that parent only then, and warn. Let go now. */
  gtk_window_set_transient_for (GTK_WINDOW (widget), NULL);
}

static void
wd_footer_editor_class_init (WdFooterEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wd_footer_editor_dispose;
  object_class->finalize = wd_footer_editor_finalize;
  widget_class->unrealize = wd_footer_editor_unrealize;

  /**
   * WdFooterEditor::saved:
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
wd_footer_editor_init (WdFooterEditor *self)
{
  gtk_source_init ();
  self->cancellable = g_cancellable_new ();
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 420);
  build (self);
}
