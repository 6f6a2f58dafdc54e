/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-preferences-window"

#include <string.h>

#include <glib/gi18n.h>

#include "publish/wd-render.h"
#include "wd-preferences-window-private.h"

/* The "Footer" and "Site" groups of the Publishing page: the footer
 * templates of the archive (edited in wd-footer-editor.c) and the [site]
 * group of the configuration (name=, url=, team=, template=). A change to
 * [site] is checked the way rendering reads it (wd_render_options_new), so
 * what the file holds can always be rendered. */

#define N_FOOTERS G_N_ELEMENTS (((WdPreferencesWindow *) NULL)->footer_rows)

/* Footer rows */

static void
set_footer_subtitle (WdPreferencesWindow *self,
                     guint                index,
                     const char          *body)
{
  g_autofree char *line = NULL;
  const char *end;

  body = body != NULL ? body : "";
  while (*body == '\n' || *body == '\r')
    body++;
  end = strpbrk (body, "\r\n");
  line = end != NULL ? g_strndup (body, end - body) : g_strdup (body);
  adw_action_row_set_subtitle (self->footer_rows[index],
                               *line != '\0' ? line : _("Empty: left out of the footer"));
}

static void
load_footers_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  const char * const *kinds = wd_render_list_footer_kinds ();
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  GError *error = NULL;

  for (guint i = 0; kinds[i] != NULL; i++)
    {
      char *body = wd_store_get_template (source_object, kinds[i], 0, NULL, &error);

      if (error != NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      if (body == NULL)
        body = g_strdup (wd_render_footer_default (kinds[i]));
      g_ptr_array_add (bodies, body);
    }
  g_task_return_pointer (task, g_steal_pointer (&bodies), (GDestroyNotify) g_ptr_array_unref);
}

static void
on_footers_loaded (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(WdPreferencesWindow) self = user_data;
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GError) error = NULL;

  bodies = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (bodies == NULL)
    {
      wd_preferences_window_toast (self, error->message);
      return;
    }
  for (guint i = 0; i < bodies->len && i < N_FOOTERS; i++)
    set_footer_subtitle (self, i, bodies->pdata[i]);
}

static void
refresh_footers (WdPreferencesWindow *self)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (wd_context_get_store (self->context), self->cancellable,
                     on_footers_loaded, g_object_ref (self));
  g_task_set_source_tag (task, refresh_footers);
  g_task_run_in_thread (task, load_footers_thread);
}

static void
on_footer_saved (WdPreferencesWindow *self,
                 int                  version)
{
  refresh_footers (self);
}

static void
on_footer_row_activated (AdwActionRow        *row,
                         WdPreferencesWindow *self)
{
  wd_preferences_window_edit_footer (self, g_object_get_data (G_OBJECT (row), "wd-kind"));
}

static void
build_footers (WdPreferencesWindow *self)
{
  const char * const *kinds = wd_render_list_footer_kinds ();

  for (guint i = 0; kinds[i] != NULL && i < N_FOOTERS; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *name = g_strdup_printf ("footer-%s", kinds[i] + strlen ("footer_"));

      gtk_widget_set_name (row, name);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     wd_footer_editor_kind_title (kinds[i]));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "wd-kind", (gpointer) kinds[i]);
      g_signal_connect (row, "activated", G_CALLBACK (on_footer_row_activated), self);
      self->footer_rows[i] = ADW_ACTION_ROW (row);
      adw_preferences_group_add (self->footer_group, row);
    }
  refresh_footers (self);
}

/* Site */

static char *
dup_site_key (WdPreferencesWindow *self,
              const char          *key)
{
  GKeyFile *key_file = wd_config_get_key_file (wd_context_get_config (self->context));
  char *value = g_key_file_get_string (key_file, "site", key, NULL);

  if (value != NULL)
    g_strstrip (value);
  return value;
}

static void
show_site_error (WdPreferencesWindow *self,
                 const char          *message)
{
  gtk_label_set_text (self->site_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->site_error_label), message != NULL);
}

static void
update_stylesheet_row (WdPreferencesWindow *self)
{
  g_autofree char *path = dup_site_key (self, "template");
  gboolean custom = path != NULL && *path != '\0';

  adw_action_row_set_subtitle (self->stylesheet_row, custom ? path : _("Built-in"));
  gtk_widget_set_sensitive (self->stylesheet_clear_button, custom);
}

static void
update_site_rows (WdPreferencesWindow *self)
{
  struct {
    AdwEntryRow *row;
    const char  *key;
  } rows[] = {
    { self->site_name_row, "name" },
    { self->site_url_row, "url" },
    { self->site_team_row, "team" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *value = dup_site_key (self, rows[i].key);

      gtk_editable_set_text (GTK_EDITABLE (rows[i].row), value != NULL ? value : "");
      gtk_widget_remove_css_class (GTK_WIDGET (rows[i].row), "error");
    }
  update_stylesheet_row (self);
}

/* Sets (or, for an empty @value, removes) [site] @key, checks the result
 * as rendering would read it and saves it. On failure the configuration
 * is as it was, the file untouched, and the sentence shows in the group. */
static gboolean
change_site_key (WdPreferencesWindow *self,
                 const char          *key,
                 const char          *value)
{
  WdConfig *config = wd_context_get_config (self->context);
  GKeyFile *key_file = wd_config_get_key_file (config);
  g_autofree char *before = g_key_file_to_data (key_file, NULL, NULL);
  g_autoptr(WdRenderOptions) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (value != NULL ? value : ""));

  if (*stripped != '\0')
    g_key_file_set_string (key_file, "site", key, stripped);
  else if (g_key_file_has_group (key_file, "site"))
    {
      gsize n_keys = 0;
      g_auto(GStrv) keys = NULL;

      g_key_file_remove_key (key_file, "site", key, NULL);
      keys = g_key_file_get_keys (key_file, "site", &n_keys, NULL);
      if (n_keys == 0)
        g_key_file_remove_group (key_file, "site", NULL);
    }

  options = wd_render_options_new (NULL, config, &error);
  if (options == NULL || !wd_config_save (config, &error))
    {
      /* What the file does not hold, the running app must not use either. */
      g_key_file_load_from_data (key_file, before, -1, G_KEY_FILE_KEEP_COMMENTS, NULL);
      show_site_error (self, error->message);
      return FALSE;
    }
  show_site_error (self, NULL);
  return TRUE;
}

static void
on_site_row_apply (AdwEntryRow         *row,
                   WdPreferencesWindow *self)
{
  const char *key = g_object_get_data (G_OBJECT (row), "wd-key");

  if (change_site_key (self, key, gtk_editable_get_text (GTK_EDITABLE (row))))
    update_site_rows (self);
  else
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
}

static void
on_site_row_changed (AdwEntryRow *row)
{
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static AdwEntryRow *
new_site_row (WdPreferencesWindow *self,
              const char          *key,
              const char          *title)
{
  GtkWidget *row = adw_entry_row_new ();
  g_autofree char *name = g_strdup_printf ("site-%s", key);

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "wd-key", (gpointer) key);
  g_signal_connect (row, "apply", G_CALLBACK (on_site_row_apply), self);
  g_signal_connect (row, "changed", G_CALLBACK (on_site_row_changed), NULL);
  adw_preferences_group_add (self->site_group, row);
  return ADW_ENTRY_ROW (row);
}

/**
 * wd_preferences_window_set_stylesheet:
 * @self: a #WdPreferencesWindow
 * @file: (nullable): the chosen CSS file, or %NULL for the built-in one
 *
 * Writes [site] template= (relative to the configuration's folder when
 * the file is inside it), or removes it for %NULL, once rendering can read
 * the stylesheet.
 *
 * Returns: %TRUE when the configuration was saved
 */
gboolean
wd_preferences_window_set_stylesheet (WdPreferencesWindow *self,
                                      GFile               *file)
{
  const char *config_path;
  g_autofree char *value = NULL;
  gboolean saved;

  g_return_val_if_fail (WD_IS_PREFERENCES_WINDOW (self), FALSE);
  g_return_val_if_fail (file == NULL || G_IS_FILE (file), FALSE);

  config_path = wd_config_get_path (wd_context_get_config (self->context));
  if (file != NULL && config_path != NULL)
    {
      g_autofree char *folder_path = g_path_get_dirname (config_path);
      g_autoptr(GFile) folder = g_file_new_for_path (folder_path);

      value = g_file_get_relative_path (folder, file);
    }
  if (file != NULL && value == NULL)
    value = g_file_get_path (file);
  if (file != NULL && value == NULL)
    {
      show_site_error (self, _("The chosen stylesheet is not a local file; choose a CSS file "
                               "on this computer."));
      return FALSE;
    }

  saved = change_site_key (self, "template", value);
  update_stylesheet_row (self);
  return saved;
}

static void
on_stylesheet_chooser_response (GtkNativeDialog     *chooser,
                                int                  response,
                                WdPreferencesWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        wd_preferences_window_set_stylesheet (self, file);
    }
  g_clear_object (&self->stylesheet_chooser);
}

static void
on_choose_stylesheet_clicked (WdPreferencesWindow *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->stylesheet_chooser != NULL)
    return;
  self->stylesheet_chooser = gtk_file_chooser_native_new (_("Choose a Site Stylesheet"),
                                                          GTK_WINDOW (self),
                                                          GTK_FILE_CHOOSER_ACTION_OPEN,
                                                          _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("CSS stylesheets"));
  gtk_file_filter_add_mime_type (filter, "text/css");
  gtk_file_filter_add_suffix (filter, "css");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->stylesheet_chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->stylesheet_chooser), TRUE);
  g_signal_connect (self->stylesheet_chooser, "response",
                    G_CALLBACK (on_stylesheet_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->stylesheet_chooser));
}

static void
on_clear_stylesheet_clicked (WdPreferencesWindow *self)
{
  wd_preferences_window_set_stylesheet (self, NULL);
}

static void
build_site (WdPreferencesWindow *self)
{
  GtkWidget *row, *choose, *clear, *label;

  self->site_name_row = new_site_row (self, "name", _("Site _Name"));
  self->site_url_row = new_site_row (self, "url", _("Site _Address"));
  self->site_team_row = new_site_row (self, "team", _("Editorial _Team"));

  row = adw_action_row_new ();
  gtk_widget_set_name (row, "stylesheet");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("_Stylesheet"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);

  clear = gtk_button_new_from_icon_name ("edit-undo-symbolic");
  gtk_widget_set_name (clear, "stylesheet-clear");
  gtk_widget_set_valign (clear, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (clear, "flat");
  gtk_widget_set_tooltip_text (clear, _("Use the Built-in Stylesheet"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (clear), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Use the Built-in Stylesheet"), -1);
  g_signal_connect_swapped (clear, "clicked", G_CALLBACK (on_clear_stylesheet_clicked), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), clear);
  self->stylesheet_clear_button = clear;

  choose = gtk_button_new_with_mnemonic (_("C_hoose…"));
  gtk_widget_set_name (choose, "stylesheet-choose");
  gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (choose, _("Choose a CSS file for the preview and pages"));
  g_signal_connect_swapped (choose, "clicked", G_CALLBACK (on_choose_stylesheet_clicked), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), choose);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), choose);
  self->stylesheet_row = ADW_ACTION_ROW (row);
  adw_preferences_group_add (self->site_group, row);

  label = gtk_label_new (NULL);
  gtk_widget_set_name (label, "site-error");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_visible (label, FALSE);
  self->site_error_label = GTK_LABEL (label);
  adw_preferences_group_add (self->site_group, label);

  update_site_rows (self);
}

/**
 * wd_preferences_window_build_site:
 * @self: a #WdPreferencesWindow
 *
 * Adds the rows of the footer templates (their texts load in a worker
 * thread) and of the [site] group.
 */
void
wd_preferences_window_build_site (WdPreferencesWindow *self)
{
  build_footers (self);
  build_site (self);
}

/**
 * wd_preferences_window_dispose_site:
 * @self: a #WdPreferencesWindow
 *
 * Lets go of a stylesheet chooser still shown.
 */
void
wd_preferences_window_dispose_site (WdPreferencesWindow *self)
{
  if (self->stylesheet_chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->stylesheet_chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->stylesheet_chooser));
      g_clear_object (&self->stylesheet_chooser);
    }
}

/**
 * wd_preferences_window_edit_footer:
 * @self: a #WdPreferencesWindow
 * @kind: the footer template, such as "footer_attribution"
 *
 * Presents the footer template editor over the preferences; the row
 * follows what it saves.
 *
 * Returns: (transfer none): the editor
 */
WdFooterEditor *
wd_preferences_window_edit_footer (WdPreferencesWindow *self,
                                   const char          *kind)
{
  WdFooterEditor *editor;

  g_return_val_if_fail (WD_IS_PREFERENCES_WINDOW (self), NULL);

  editor = wd_footer_editor_new (wd_context_get_store (self->context), kind);
  gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (self));
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_footer_saved), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
  return editor;
}
