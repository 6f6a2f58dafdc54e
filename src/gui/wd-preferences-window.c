/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-preferences-window"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "draft/wd-draft-error.h"
#include "draft/wd-llm-backend.h"
#include "draft/wd-llm-secret.h"
#include "wd-preferences-window-private.h"

static const char * const part_names[N_PARTS] = {
  "summary", "analyst_take", "context", "watch", "headline", "mentions",
};

G_DEFINE_FINAL_TYPE (WdPreferencesWindow, wd_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void refresh_backends (WdPreferencesWindow *self);

static WdConfig *
get_config (WdPreferencesWindow *self)
{
  return wd_context_get_config (self->context);
}

/**
 * wd_preferences_window_toast:
 * @self: a #WdPreferencesWindow
 * @message: one sentence
 *
 * Shows @message in a toast that stays until dismissed: it says what
 * went wrong, and the user needs time to read it.
 */
void
wd_preferences_window_toast (WdPreferencesWindow *self,
                             const char          *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 0);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

static gboolean
save_config (WdPreferencesWindow *self,
             const char          *before)
{
  g_autoptr(GError) error = NULL;

  if (wd_config_save (get_config (self), &error))
    return TRUE;
  /* What the file does not hold, the running app must not use either. */
  g_key_file_load_from_data (wd_config_get_key_file (get_config (self)), before, -1,
                             G_KEY_FILE_KEEP_COMMENTS, NULL);
  wd_preferences_window_toast (self, error->message);
  return FALSE;
}

/* Backends */

typedef struct {
  char *name;
  char *details;
  char *key;
  char *result;
  GtkWidget *test_button;
  GtkWidget *spinner;
} BackendRow;

static void
backend_row_free (gpointer data)
{
  BackendRow *row = data;

  g_free (row->name);
  g_free (row->details);
  g_free (row->key);
  g_free (row->result);
  g_free (row);
}

static BackendRow *
get_backend_row (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "wd-backend-row");
}

static void
update_subtitle (GtkWidget *widget)
{
  BackendRow *row = get_backend_row (widget);
  g_autoptr(GString) subtitle = g_string_new (row->details);

  if (row->key != NULL)
    g_string_append_printf (subtitle, "\n%s", row->key);
  if (row->result != NULL)
    g_string_append_printf (subtitle, "\n%s", row->result);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (widget), subtitle->str);
}

static void
on_row_key_looked_up (GObject      *source_object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GtkWidget) widget = user_data;
  g_autoptr(GError) error = NULL;
  BackendRow *row = get_backend_row (widget);
  g_autofree char *env_name = wd_config_secret_env_name (row->name);
  WdSecretSource source;
  char *key;

  key = wd_llm_secret_lookup_finish (result, &source, &error);
  if (key != NULL)
    secret_password_free (key);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_free (row->key);
  if (error != NULL)
    row->key = g_strdup_printf (_("No API key: no Secret Service is running and %s is not "
                                  "set."), env_name);
  else if (source == WD_SECRET_SOURCE_ENVIRONMENT)
    row->key = g_strdup_printf (_("API key from %s"), env_name);
  else if (source == WD_SECRET_SOURCE_SECRET_SERVICE)
    row->key = g_strdup (_("API key in the Secret Service"));
  else
    row->key = g_strdup (_("No API key"));
  update_subtitle (widget);
}

typedef struct {
  GtkWidget    *row;
  WdLlmBackend *backend;
  WdLlmRequest *request;
} TestCall;

static void
test_call_free (TestCall *call)
{
  g_object_unref (call->row);
  g_object_unref (call->backend);
  wd_llm_request_free (call->request);
  g_free (call);
}

static void
finish_test (GtkWidget  *widget,
             const char *result)
{
  BackendRow *row = get_backend_row (widget);

  g_free (row->result);
  row->result = g_strdup (result);
  gtk_spinner_stop (GTK_SPINNER (row->spinner));
  gtk_widget_set_visible (row->spinner, FALSE);
  gtk_widget_set_sensitive (row->test_button, TRUE);
  update_subtitle (widget);
}

static void
on_test_done (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  TestCall *call = user_data;
  g_autoptr(WdLlmResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!wd_llm_backend_chat_finish (call->backend, result, &response, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        finish_test (call->row, error->message);
      test_call_free (call);
      return;
    }
  if (response->time_to_first_token >= 0)
    /* Translators: the time a language model took to start answering */
    text = g_strdup_printf (_("First token after %.2f s"), response->time_to_first_token / 1e6);
  else
    text = g_strdup (_("The server answered, but with no text."));
  finish_test (call->row, text);
  test_call_free (call);
}

static void
on_test_clicked (GtkWidget *button,
                 GtkWidget *widget)
{
  WdPreferencesWindow *self =
    WD_PREFERENCES_WINDOW (gtk_widget_get_ancestor (widget, WD_TYPE_PREFERENCES_WINDOW));
  BackendRow *row = get_backend_row (widget);
  g_autoptr(WdLlmBackend) backend = NULL;
  g_autoptr(GError) error = NULL;
  TestCall *call;

  backend = wd_llm_backend_new_from_config (get_config (self), row->name, &error);
  if (backend == NULL)
    {
      finish_test (widget, error->message);
      return;
    }
  if (!wd_llm_backend_is_http (backend))
    {
      finish_test (widget, _("The builtin engine runs inside Wiredesk; there is no connection "
                             "to test."));
      return;
    }

  gtk_widget_set_sensitive (row->test_button, FALSE);
  gtk_widget_set_visible (row->spinner, TRUE);
  gtk_spinner_start (GTK_SPINNER (row->spinner));

  /* The same one-line chat as "wiredesk-cli backend test". */
  call = g_new0 (TestCall, 1);
  call->row = g_object_ref (widget);
  call->backend = g_steal_pointer (&backend);
  call->request = wd_llm_request_new ("You check that a connection works. Answer in one "
                                      "short line.");
  wd_llm_request_add_message (call->request, WD_LLM_ROLE_USER,
                              "Say hello to the newsroom in five words or fewer.");
  wd_llm_backend_chat_async (call->backend, call->request, NULL, NULL, self->cancellable,
                             on_test_done, call);
}

static void
on_backend_saved (WdPreferencesWindow *self,
                  const char          *name)
{
  refresh_backends (self);
}

static void
on_edit_clicked (GtkWidget *button,
                 GtkWidget *widget)
{
  WdPreferencesWindow *self =
    WD_PREFERENCES_WINDOW (gtk_widget_get_ancestor (widget, WD_TYPE_PREFERENCES_WINDOW));

  wd_preferences_window_edit_backend (self, get_backend_row (widget)->name);
}

static void
on_secret_cleared (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Without a Secret Service there was no key to remove. */
  if (!wd_llm_secret_clear_finish (result, &error))
    g_debug ("Could not remove the key: %s", error->message);
}

static void
remove_backend (WdPreferencesWindow *self,
                const char          *name)
{
  GKeyFile *key_file = wd_config_get_key_file (get_config (self));
  g_autofree char *before = g_key_file_to_data (key_file, NULL, NULL);
  g_autofree char *group = g_strconcat ("backend ", name, NULL);
  g_auto(GStrv) keys = NULL;

  g_key_file_remove_group (key_file, group, NULL);
  /* Parts drafted by the removed backend fall back to the default, and the
   * default to the builtin engine. */
  keys = g_key_file_get_keys (key_file, "defaults", NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      g_autofree char *value = NULL;

      if (!g_str_has_prefix (keys[i], "backend"))
        continue;
      value = g_key_file_get_string (key_file, "defaults", keys[i], NULL);
      if (g_strcmp0 (value, name) == 0)
        g_key_file_remove_key (key_file, "defaults", keys[i], NULL);
    }
  if (!save_config (self, before))
    return;
  wd_llm_secret_clear_async (name, NULL, on_secret_cleared, NULL);
  refresh_backends (self);
}

static void
on_remove_response (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  WdPreferencesWindow *self = user_data;

  if (g_str_equal (response, "remove"))
    remove_backend (self, g_object_get_data (G_OBJECT (dialog), "wd-name"));
}

static void
on_remove_clicked (GtkWidget *button,
                   GtkWidget *widget)
{
  WdPreferencesWindow *self =
    WD_PREFERENCES_WINDOW (gtk_widget_get_ancestor (widget, WD_TYPE_PREFERENCES_WINDOW));
  const char *name = get_backend_row (widget)->name;
  GtkWidget *dialog;
  g_autofree char *heading = NULL;

  /* Translators: %s is the name of a language-model backend */
  heading = g_strdup_printf (_("Remove “%s”?"), name);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("Its settings leave the configuration and its API key "
                                     "leaves the Secret Service; the parts it drafted use the "
                                     "default backend."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "wd-name", g_strdup (name), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
new_icon_button (const char *icon_name,
                 const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip, -1);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static GtkWidget *
new_backend_row (WdPreferencesWindow *self,
                 const char          *name)
{
  WdConfig *config = get_config (self);
  GtkWidget *widget, *edit, *remove;
  g_autofree char *kind = wd_config_dup_named (config, "backend", name, "kind");
  g_autofree char *model = wd_config_dup_named (config, "backend", name, "model");
  g_autofree char *base_url = wd_config_dup_named (config, "backend", name, "base-url");
  WdLlmKind llm_kind = WD_LLM_KIND_OPENAI;
  gboolean builtin;
  g_autoptr(GString) details = g_string_new (kind ?: _("no kind"));
  BackendRow *row;

  builtin = kind != NULL && wd_llm_kind_from_string (kind, &llm_kind)
            && llm_kind == WD_LLM_KIND_BUILTIN;
  if (model != NULL && *model != '\0')
    g_string_append_printf (details, " · %s", model);
  if (!builtin && base_url != NULL && *base_url != '\0')
    g_string_append_printf (details, " · %s", base_url);

  row = g_new0 (BackendRow, 1);
  row->name = g_strdup (name);
  row->details = g_string_free (g_steal_pointer (&details), FALSE);

  widget = adw_action_row_new ();
  g_object_set_data_full (G_OBJECT (widget), "wd-backend-row", row, backend_row_free);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (widget), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (widget), name);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (widget), 0);

  row->spinner = gtk_spinner_new ();
  gtk_widget_set_visible (row->spinner, FALSE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (widget), row->spinner);
  row->test_button = gtk_button_new_with_mnemonic (_("_Test"));
  gtk_widget_set_valign (row->test_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (row->test_button, _("Send a one-line request and time the "
                                                   "first token"));
  g_signal_connect (row->test_button, "clicked", G_CALLBACK (on_test_clicked), widget);
  adw_action_row_add_suffix (ADW_ACTION_ROW (widget), row->test_button);
  /* The builtin engine has no server to reach. */
  gtk_widget_set_visible (row->test_button, !builtin);

  edit = new_icon_button ("document-edit-symbolic", _("Edit"));
  g_signal_connect (edit, "clicked", G_CALLBACK (on_edit_clicked), widget);
  adw_action_row_add_suffix (ADW_ACTION_ROW (widget), edit);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (widget), edit);
  remove = new_icon_button ("user-trash-symbolic", _("Remove"));
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_clicked), widget);
  adw_action_row_add_suffix (ADW_ACTION_ROW (widget), remove);

  if (!builtin)
    wd_llm_secret_lookup_async (name, self->cancellable, on_row_key_looked_up,
                                g_object_ref (widget));
  update_subtitle (widget);
  return widget;
}

/* Drafting: which backend for which part */

static void
fill_backend_model (WdPreferencesWindow *self,
                    guint                index,
                    const char * const  *names)
{
  GtkStringList *model = self->backend_models[index];
  g_autofree char *key = index == 0 ? g_strdup ("backend")
                                    : g_strconcat ("backend-", part_names[index - 1], NULL);
  g_autofree char *value = g_key_file_get_string (wd_config_get_key_file (get_config (self)),
                                                  "defaults", key, NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));
  guint selected = 0;
  g_autoptr(GPtrArray) items = g_ptr_array_new ();

  g_ptr_array_add (items, (char *) (index == 0 ? _("Builtin Engine") : _("Default Backend")));
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      if (g_strcmp0 (value, names[i]) == 0)
        selected = items->len;
      g_ptr_array_add (items, (char *) names[i]);
    }
  /* A name the file holds but no group defines stays visible, so that
   * looking at the row does not change the file. */
  if (value != NULL && *value != '\0' && selected == 0
      && !(index == 0 && g_str_equal (value, "builtin")))
    {
      selected = items->len;
      g_ptr_array_add (items, value);
    }
  g_ptr_array_add (items, NULL);
  gtk_string_list_splice (model, 0, n, (const char * const *) items->pdata);
  adw_combo_row_set_selected (self->backend_combos[index], selected);
}

static void
refresh_drafting (WdPreferencesWindow *self,
                  const char * const  *names)
{
  self->updating_combos = TRUE;
  for (guint i = 0; i < 1 + N_PARTS; i++)
    fill_backend_model (self, i, names);
  self->updating_combos = FALSE;
}

static void
on_backend_combo_changed (AdwComboRow         *combo,
                          GParamSpec          *pspec,
                          WdPreferencesWindow *self)
{
  GKeyFile *key_file = wd_config_get_key_file (get_config (self));
  g_autofree char *before = NULL;
  g_autofree char *key = NULL;
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (combo), "wd-index"));
  guint selected = adw_combo_row_get_selected (combo);
  g_autofree char *old = NULL;

  if (self->updating_combos || selected == GTK_INVALID_LIST_POSITION)
    return;

  key = index == 0 ? g_strdup ("backend") : g_strconcat ("backend-", part_names[index - 1], NULL);
  before = g_key_file_to_data (key_file, NULL, NULL);
  old = g_key_file_get_string (key_file, "defaults", key, NULL);
  if (selected == 0)
    {
      if (old == NULL)
        return;
      g_key_file_remove_key (key_file, "defaults", key, NULL);
    }
  else
    {
      const char *name = gtk_string_list_get_string (self->backend_models[index], selected);

      if (g_strcmp0 (old, name) == 0)
        return;
      g_key_file_set_string (key_file, "defaults", key, name);
    }
  if (!save_config (self, before))
    refresh_backends (self);
}

static void
build_drafting (WdPreferencesWindow *self)
{
  const char *titles[1 + N_PARTS] = {
    _("Default Backend"), _("Summary"), _("Analyst’s Take"), _("Context"),
    _("What to Watch"), _("Headline"), _("Mentions"),
  };

  for (guint i = 0; i < 1 + N_PARTS; i++)
    {
      GtkWidget *combo = adw_combo_row_new ();

      self->backend_models[i] = gtk_string_list_new (NULL);
      adw_combo_row_set_model (ADW_COMBO_ROW (combo), G_LIST_MODEL (self->backend_models[i]));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (combo), titles[i]);
      if (i == 0)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (combo),
                                     _("Drafts every part not chosen below"));
      g_object_set_data (G_OBJECT (combo), "wd-index", GUINT_TO_POINTER (i));
      g_signal_connect (combo, "notify::selected", G_CALLBACK (on_backend_combo_changed), self);
      self->backend_combos[i] = ADW_COMBO_ROW (combo);
      adw_preferences_group_add (self->drafting_group, combo);
    }
}

static void
refresh_backends (WdPreferencesWindow *self)
{
  g_auto(GStrv) names = wd_config_list_named (get_config (self), "backend");

  for (guint i = 0; i < self->backend_rows->len; i++)
    adw_preferences_group_remove (self->backends_group, self->backend_rows->pdata[i]);
  g_ptr_array_set_size (self->backend_rows, 0);

  if (names == NULL || names[0] == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No backends yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("The builtin engine drafts; add a backend to draft with a "
                                     "language model."));
      g_ptr_array_add (self->backend_rows, row);
      adw_preferences_group_add (self->backends_group, row);
    }
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      GtkWidget *row = new_backend_row (self, names[i]);

      g_ptr_array_add (self->backend_rows, row);
      adw_preferences_group_add (self->backends_group, row);
    }
  refresh_drafting (self, (const char * const *) names);
}

/* Appearance */

static const char * const scheme_names[] = { "system", "light", "dark" };

static gboolean
scheme_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char *scheme = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (scheme_names); i++)
    if (g_str_equal (scheme, scheme_names[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
scheme_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (scheme_names))
    return NULL;
  return g_variant_new_string (scheme_names[selected]);
}

static void
apply_color_scheme (GSettings  *settings,
                    const char *key,
                    gpointer    user_data)
{
  g_autofree char *scheme = g_settings_get_string (settings, "color-scheme");
  AdwColorScheme color_scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (g_str_equal (scheme, "light"))
    color_scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (scheme, "dark"))
    color_scheme = ADW_COLOR_SCHEME_FORCE_DARK;
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), color_scheme);
}

/* The CSS that gives the section editors @desc; numbers in the C locale
 * whatever the editor's (a German "12,5pt" is no CSS). */
static char *
editor_font_css (const PangoFontDescription *desc)
{
  PangoFontMask set = pango_font_description_get_set_fields (desc);
  GString *css = g_string_new ("textview.section-editor {");
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  if (set & PANGO_FONT_MASK_FAMILY)
    {
      g_autoptr(GString) family = g_string_new (pango_font_description_get_family (desc));

      g_string_replace (family, "\\", "", 0);
      g_string_replace (family, "\"", "", 0);
      g_string_append_printf (css, " font-family: \"%s\";", family->str);
    }
  if ((set & PANGO_FONT_MASK_SIZE) && pango_font_description_get_size (desc) > 0)
    {
      g_ascii_dtostr (number, sizeof number,
                      (double) pango_font_description_get_size (desc) / PANGO_SCALE);
      g_string_append_printf (css, " font-size: %s%s;", number,
                              pango_font_description_get_size_is_absolute (desc) ? "px" : "pt");
    }
  if (set & PANGO_FONT_MASK_WEIGHT)
    g_string_append_printf (css, " font-weight: %d;", pango_font_description_get_weight (desc));
  if (set & PANGO_FONT_MASK_STYLE)
    g_string_append_printf (css, " font-style: %s;",
                            pango_font_description_get_style (desc) == PANGO_STYLE_ITALIC
                            ? "italic"
                            : pango_font_description_get_style (desc) == PANGO_STYLE_OBLIQUE
                            ? "oblique" : "normal");
  g_string_append (css, " }");
  return g_string_free (css, FALSE);
}

static void
apply_editor_font (GSettings      *settings,
                   const char     *key,
                   GtkCssProvider *provider)
{
  g_autofree char *font = g_settings_get_string (settings, "editor-font");
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font);
  g_autofree char *css = editor_font_css (desc);

  gtk_css_provider_load_from_data (provider, css, -1);
}

/**
 * wd_preferences_apply_style:
 * @settings: the application's settings (schema org.wiredesk.Wiredesk)
 *
 * Applies the "color-scheme" key to the default #AdwStyleManager and the
 * "editor-font" key to the section editors, now and on every change. The
 * style manager keeps a reference to @settings, so the caller need not:
 * both live as long as the display.
 */
void
wd_preferences_apply_style (GSettings *settings)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  g_return_if_fail (G_IS_SETTINGS (settings));

  g_object_set_data_full (G_OBJECT (style), "wd-style-settings", g_object_ref (settings),
                          g_object_unref);
  g_signal_connect (settings, "changed::color-scheme", G_CALLBACK (apply_color_scheme), NULL);
  apply_color_scheme (settings, "color-scheme", NULL);

  /* Above the app's own style sheet, which sets no font there. */
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
  g_signal_connect_object (settings, "changed::editor-font", G_CALLBACK (apply_editor_font),
                           provider, 0);
  apply_editor_font (settings, "editor-font", provider);
}

/* Actions */

static void
add_backend_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  wd_preferences_window_edit_backend (WD_PREFERENCES_WINDOW (widget), NULL);
}

static void
add_policy_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  wd_preferences_window_edit_policy (WD_PREFERENCES_WINDOW (widget), NULL);
}

static void
add_target_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  wd_preferences_window_edit_target (WD_PREFERENCES_WINDOW (widget), NULL);
}

static void
wd_preferences_window_dispose (GObject *object)
{
  WdPreferencesWindow *self = WD_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->backend_rows, g_ptr_array_unref);
  g_clear_pointer (&self->policy_rows, g_ptr_array_unref);
  g_clear_pointer (&self->policies, g_ptr_array_unref);
  g_clear_pointer (&self->target_rows, g_ptr_array_unref);
  wd_preferences_window_dispose_site (self);
  for (guint i = 0; i < 1 + N_PARTS; i++)
    g_clear_object (&self->backend_models[i]);

  G_OBJECT_CLASS (wd_preferences_window_parent_class)->dispose (object);
}

static void
wd_preferences_window_unrealize (GtkWidget *widget)
{
  GList *toplevels = gtk_window_list_toplevels ();

  /* GTK 4.8 lets go of a transient parent only in dispose, which a pending
   * frame can delay until after the parent is finalized (quitting destroys
   * every window at once), and then warns. gtk_window_destroy() unrealizes
   * at once, so the ties are cut here: the editors open over this window
   * close with it, and this window lets go of the main window. */
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (gtk_window_get_transient_for (l->data) == GTK_WINDOW (widget))
      {
        gtk_window_set_transient_for (l->data, NULL);
        gtk_window_destroy (l->data);
      }
  g_list_free (toplevels);

  GTK_WIDGET_CLASS (wd_preferences_window_parent_class)->unrealize (widget);
  gtk_window_set_transient_for (GTK_WINDOW (widget), NULL);
}

static void
wd_preferences_window_class_init (WdPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wd_preferences_window_dispose;
  widget_class->unrealize = wd_preferences_window_unrealize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/wiredesk/Wiredesk/ui/"
                                               "wd-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WdPreferencesWindow, backends_group);
  gtk_widget_class_bind_template_child (widget_class, WdPreferencesWindow, drafting_group);
  gtk_widget_class_bind_template_child (widget_class, WdPreferencesWindow, prompts_group);
  gtk_widget_class_bind_template_child (widget_class, WdPreferencesWindow, policies_group);
  gtk_widget_class_bind_template_child (widget_class, WdPreferencesWindow, targets_group);
  gtk_widget_class_bind_template_child (widget_class, WdPreferencesWindow, footer_group);
  gtk_widget_class_bind_template_child (widget_class, WdPreferencesWindow, site_group);
  gtk_widget_class_bind_template_child (widget_class, WdPreferencesWindow, font_button);
  gtk_widget_class_bind_template_child (widget_class, WdPreferencesWindow, scheme_row);

  gtk_widget_class_install_action (widget_class, "prefs.add-backend", NULL,
                                   add_backend_activated);
  gtk_widget_class_install_action (widget_class, "prefs.add-policy", NULL,
                                   add_policy_activated);
  gtk_widget_class_install_action (widget_class, "prefs.add-target", NULL,
                                   add_target_activated);
}

static void
wd_preferences_window_init (WdPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Closed with the window it belongs to: GTK 4.8 warns when a transient
   * window outlives its parent. */
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);

  self->cancellable = g_cancellable_new ();
  self->backend_rows = g_ptr_array_new ();
  self->policy_rows = g_ptr_array_new ();
  self->target_rows = g_ptr_array_new ();
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "editor-font", self->font_button, "font",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "color-scheme", self->scheme_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, scheme_get_mapping,
                                scheme_set_mapping, NULL, NULL);
  build_drafting (self);
}

/**
 * wd_preferences_window_new:
 * @context: the running app's context; its configuration is edited in place
 *
 * Returns: (transfer full): a new #WdPreferencesWindow
 */
WdPreferencesWindow *
wd_preferences_window_new (WdContext *context)
{
  WdPreferencesWindow *self;

  g_return_val_if_fail (WD_IS_CONTEXT (context), NULL);

  self = g_object_new (WD_TYPE_PREFERENCES_WINDOW, NULL);
  self->context = g_object_ref (context);
  refresh_backends (self);
  wd_preferences_window_build_prompts (self);
  wd_preferences_window_refresh_policies (self);
  wd_preferences_window_refresh_targets (self);
  wd_preferences_window_build_site (self);
  return self;
}

/**
 * wd_preferences_window_edit_backend:
 * @self: a #WdPreferencesWindow
 * @name: (nullable): the backend to edit, or %NULL to add one
 *
 * Presents the backend editor over the preferences.
 *
 * Returns: (transfer none): the editor
 */
WdBackendEditor *
wd_preferences_window_edit_backend (WdPreferencesWindow *self,
                                    const char          *name)
{
  WdBackendEditor *editor;

  g_return_val_if_fail (WD_IS_PREFERENCES_WINDOW (self), NULL);

  editor = wd_backend_editor_new (get_config (self), name);
  gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (self));
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_backend_saved), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
  return editor;
}

/**
 * wd_preferences_window_get_backend_row:
 * @self: a #WdPreferencesWindow
 * @index: 0 for the default backend, 1 + the part otherwise
 *
 * Returns: (transfer none): the combo row
 */
AdwComboRow *
wd_preferences_window_get_backend_row (WdPreferencesWindow *self,
                                       guint                index)
{
  g_return_val_if_fail (WD_IS_PREFERENCES_WINDOW (self), NULL);
  g_return_val_if_fail (index < 1 + N_PARTS, NULL);

  return self->backend_combos[index];
}
