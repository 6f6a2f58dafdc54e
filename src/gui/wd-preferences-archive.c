/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-preferences-window"

#include <glib/gi18n.h>

#include "wd-preferences-window-private.h"

/* Prompts */

typedef struct {
  int versions[WD_N_PROMPTS];
} Versions;

static void
load_versions_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  Versions *versions = g_new0 (Versions, 1);

  for (guint i = 0; i < WD_N_PROMPTS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *body = wd_prompt_load (source_object, i, &versions->versions[i], &error);

      if (body == NULL)
        {
          g_free (versions);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  g_task_return_pointer (task, versions, g_free);
}

static void
set_prompt_version (WdPreferencesWindow *self,
                    guint                kind,
                    int                  version)
{
  g_autofree char *subtitle = g_strdup_printf (_("Version %d"), version);

  adw_action_row_set_subtitle (self->prompt_rows[kind], subtitle);
}

static void
on_versions_loaded (GObject      *source_object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(WdPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree Versions *versions = g_task_propagate_pointer (G_TASK (result), &error);

  if (versions == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        wd_preferences_window_toast (self, error->message);
      return;
    }
  for (guint i = 0; i < WD_N_PROMPTS; i++)
    set_prompt_version (self, i, versions->versions[i]);
}

static void
on_prompt_saved (WdPromptEditor      *editor,
                 int                  version,
                 WdPreferencesWindow *self)
{
  guint kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (editor), "wd-kind"));

  set_prompt_version (self, kind, version);
}

static void
on_prompt_row_activated (AdwActionRow        *row,
                         WdPreferencesWindow *self)
{
  guint kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "wd-kind"));

  wd_preferences_window_edit_prompt (self, kind);
}

/**
 * wd_preferences_window_build_prompts:
 * @self: a #WdPreferencesWindow
 *
 * Adds a row per prompt template and loads their versions in a worker
 * thread.
 */
void
wd_preferences_window_build_prompts (WdPreferencesWindow *self)
{
  g_autoptr(GTask) task = NULL;

  for (guint i = 0; i < WD_N_PROMPTS; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), wd_prompt_editor_kind_title (i));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "wd-kind", GUINT_TO_POINTER (i));
      g_signal_connect (row, "activated", G_CALLBACK (on_prompt_row_activated), self);
      self->prompt_rows[i] = ADW_ACTION_ROW (row);
      adw_preferences_group_add (self->prompts_group, row);
    }

  task = g_task_new (wd_context_get_store (self->context), self->cancellable,
                     on_versions_loaded, g_object_ref (self));
  g_task_run_in_thread (task, load_versions_thread);
}

/* Publishers */

static void
list_policies_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *policies = wd_store_list_policies (source_object, &error);

  if (policies == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, policies, (GDestroyNotify) g_ptr_array_unref);
}

static void
on_policy_row_activated (AdwActionRow        *row,
                         WdPreferencesWindow *self)
{
  wd_preferences_window_edit_policy (self, g_object_get_data (G_OBJECT (row), "wd-policy"));
}

static GtkWidget *
new_policy_row (WdPreferencesWindow *self,
                const WdPolicy      *policy)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GString) subtitle = g_string_new (wd_policy_editor_kind_title (policy->kind));
  int words = policy->max_quote_words >= 0 ? policy->max_quote_words
                                           : WD_POLICY_DEFAULT_MAX_QUOTE_WORDS;

  /* An excluded publisher is never quoted, whatever the number says. */
  if (policy->kind != WD_POLICY_EXCLUDED)
    {
      g_string_append (subtitle, " · ");
      g_string_append_printf (subtitle,
                              /* Translators: the longest quote a brief may take from a
                               * publisher */
                              g_dngettext (GETTEXT_PACKAGE, "quotes up to %d word",
                                           "quotes up to %d words", words),
                              words);
    }
  if (policy->note != NULL && *policy->note != '\0')
    g_string_append_printf (subtitle, "\n%s", policy->note);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), policy->domain);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("document-edit-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "wd-policy", (gpointer) policy);
  g_signal_connect (row, "activated", G_CALLBACK (on_policy_row_activated), self);
  return row;
}

static void
on_policies_listed (GObject      *source_object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(WdPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) policies = g_task_propagate_pointer (G_TASK (result), &error);

  if (policies == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        wd_preferences_window_toast (self, error->message);
      return;
    }

  for (guint i = 0; i < self->policy_rows->len; i++)
    adw_preferences_group_remove (self->policies_group, self->policy_rows->pdata[i]);
  g_ptr_array_set_size (self->policy_rows, 0);
  g_clear_pointer (&self->policies, g_ptr_array_unref);
  self->policies = g_steal_pointer (&policies);

  if (self->policies->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = NULL;

      subtitle = g_strdup_printf (_("Articles of publishers without a policy are summarized, "
                                    "quoting at most %d words."),
                                  WD_POLICY_DEFAULT_MAX_QUOTE_WORDS);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No publisher policies yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      g_ptr_array_add (self->policy_rows, row);
      adw_preferences_group_add (self->policies_group, row);
    }
  for (guint i = 0; i < self->policies->len; i++)
    {
      GtkWidget *row = new_policy_row (self, self->policies->pdata[i]);

      g_ptr_array_add (self->policy_rows, row);
      adw_preferences_group_add (self->policies_group, row);
    }
}

/**
 * wd_preferences_window_refresh_policies:
 * @self: a #WdPreferencesWindow
 *
 * Lists the publisher policies again, reading the archive in a worker
 * thread.
 */
void
wd_preferences_window_refresh_policies (WdPreferencesWindow *self)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (wd_context_get_store (self->context), self->cancellable,
                     on_policies_listed, g_object_ref (self));
  g_task_run_in_thread (task, list_policies_thread);
}

/**
 * wd_preferences_window_edit_prompt:
 * @self: a #WdPreferencesWindow
 * @kind: the template
 *
 * Presents the template editor over the preferences.
 *
 * Returns: (transfer none): the editor
 */
WdPromptEditor *
wd_preferences_window_edit_prompt (WdPreferencesWindow *self,
                                   WdPromptKind         kind)
{
  WdPromptEditor *editor;

  g_return_val_if_fail (WD_IS_PREFERENCES_WINDOW (self), NULL);

  editor = wd_prompt_editor_new (wd_context_get_store (self->context), kind);
  g_object_set_data (G_OBJECT (editor), "wd-kind", GUINT_TO_POINTER (kind));
  gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (self));
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_prompt_saved), self, 0);
  gtk_window_present (GTK_WINDOW (editor));
  return editor;
}

/**
 * wd_preferences_window_edit_policy:
 * @self: a #WdPreferencesWindow
 * @policy: (nullable): the policy to change, or %NULL to add one
 *
 * Presents the policy editor over the preferences.
 *
 * Returns: (transfer none): the editor
 */
WdPolicyEditor *
wd_preferences_window_edit_policy (WdPreferencesWindow *self,
                                   const WdPolicy      *policy)
{
  WdPolicyEditor *editor;

  g_return_val_if_fail (WD_IS_PREFERENCES_WINDOW (self), NULL);

  editor = wd_policy_editor_new (wd_context_get_store (self->context), policy);
  gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (self));
  g_signal_connect_object (editor, "saved",
                           G_CALLBACK (wd_preferences_window_refresh_policies), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
  return editor;
}
