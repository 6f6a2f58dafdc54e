/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-preferences-window"

#include <glib/gi18n.h>

#include "publish/wd-outbox.h"
#include "wd-preferences-window-private.h"

/* The publish targets of the configuration: one row each, the default
 * marked, and the editor (wd-target-editor.c) that adds, changes, tests
 * and removes them. */

static const char *
kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "wordpress") == 0)
    return _("WordPress");
  if (g_strcmp0 (kind, "site-json") == 0)
    return _("Site backend");
  if (g_strcmp0 (kind, "static") == 0)
    return _("Static directory");
  return kind != NULL ? kind : _("no kind");
}

static void
on_target_changed (WdPreferencesWindow *self,
                   const char          *name)
{
  wd_preferences_window_refresh_targets (self);
}

static void
on_edit_clicked (GtkWidget *button,
                 GtkWidget *row)
{
  WdPreferencesWindow *self =
    WD_PREFERENCES_WINDOW (gtk_widget_get_ancestor (row, WD_TYPE_PREFERENCES_WINDOW));

  wd_preferences_window_edit_target (self, g_object_get_data (G_OBJECT (row), "wd-target"));
}

static GtkWidget *
new_target_row (WdPreferencesWindow *self,
                const char          *name,
                gboolean             is_default)
{
  WdConfig *config = wd_context_get_config (self->context);
  g_autofree char *kind = wd_config_dup_named (config, "target", name, "kind");
  g_autofree char *url = wd_config_dup_named (config, "target", name, "url");
  g_autofree char *dir = wd_config_dup_named (config, "target", name, "dir");
  const char *address = g_strcmp0 (kind, "static") == 0 ? dir : url;
  g_autoptr(GString) subtitle = g_string_new (kind_label (kind));
  g_autofree char *edit_label = NULL;
  GtkWidget *row, *edit;

  if (address != NULL && *address != '\0')
    g_string_append_printf (subtitle, " · %s", address);

  row = adw_action_row_new ();
  g_object_set_data_full (G_OBJECT (row), "wd-target", g_strdup (name), g_free);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);

  if (is_default)
    {
      GtkWidget *label = gtk_label_new (_("Default"));

      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_tooltip_text (label, _("Briefs go here unless another target is chosen"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }

  edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (edit, "flat");
  /* Translators: %s is the name of a publish target */
  edit_label = g_strdup_printf (_("Edit “%s”"), name);
  gtk_widget_set_tooltip_text (edit, edit_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (edit), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  edit_label, -1);
  g_signal_connect (edit, "clicked", G_CALLBACK (on_edit_clicked), row);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), edit);
  return row;
}

/**
 * wd_preferences_window_refresh_targets:
 * @self: a #WdPreferencesWindow
 *
 * Rebuilds the rows of the publish targets from the configuration.
 */
void
wd_preferences_window_refresh_targets (WdPreferencesWindow *self)
{
  WdConfig *config = wd_context_get_config (self->context);
  g_auto(GStrv) names = wd_config_list_named (config, "target");
  g_autofree char *fallback = wd_outbox_default_target (config);

  for (guint i = 0; i < self->target_rows->len; i++)
    adw_preferences_group_remove (self->targets_group, self->target_rows->pdata[i]);
  g_ptr_array_set_size (self->target_rows, 0);

  if (names == NULL || names[0] == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No publish targets yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Add a WordPress site, a site backend or a static "
                                     "directory to publish briefs to."));
      g_ptr_array_add (self->target_rows, row);
      adw_preferences_group_add (self->targets_group, row);
    }
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      GtkWidget *row = new_target_row (self, names[i], g_strcmp0 (fallback, names[i]) == 0);

      g_ptr_array_add (self->target_rows, row);
      adw_preferences_group_add (self->targets_group, row);
    }
}

/**
 * wd_preferences_window_edit_target:
 * @self: a #WdPreferencesWindow
 * @name: (nullable): the target to edit, or %NULL to add one
 *
 * Presents the target editor over the preferences; the rows follow what
 * it saves or removes.
 *
 * Returns: (transfer none): the editor
 */
WdTargetEditor *
wd_preferences_window_edit_target (WdPreferencesWindow *self,
                                   const char          *name)
{
  WdTargetEditor *editor;

  g_return_val_if_fail (WD_IS_PREFERENCES_WINDOW (self), NULL);

  editor = wd_target_editor_new (wd_context_get_config (self->context), name);
  gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (self));
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_target_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "removed", G_CALLBACK (on_target_changed), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
  return editor;
}
