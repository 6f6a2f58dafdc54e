/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-backend-editor"

#include <string.h>

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "draft/wd-draft-error.h"
#include "draft/wd-llm-backend.h"
#include "draft/wd-llm-secret.h"
#include "wd-backend-editor.h"

/* The keys this window edits, in the order of their rows. Others in the
 * group (structured-output, parallel, ...) are kept as they are. */
static const char * const field_keys[] = {
  "base-url", "model", "temperature", "max-tokens",
  "connect-timeout", "first-byte-timeout", "idle-timeout",
};
#define N_FIELDS G_N_ELEMENTS (field_keys)

struct _WdBackendEditor
{
  AdwWindow parent_instance;

  /* owned */
  WdConfig     *config;
  char         *name;        /* NULL while adding */
  char         *saved_name;  /* set once the key file is written */
  GCancellable *cancellable;

  /* unowned: children */
  AdwWindowTitle *title;
  GtkWidget      *save_button;
  AdwEntryRow    *name_row;
  AdwComboRow    *kind_row;
  AdwEntryRow    *field_rows[N_FIELDS];
  GtkLabel       *field_errors[N_FIELDS];
  GtkLabel       *general_error;
  GtkWidget      *server_group;
  GtkWidget      *generation_group;
  GtkWidget      *timeout_group;
  GtkWidget      *key_group;
  AdwPasswordEntryRow *key_row;  /* NULL without a Secret Service */
  GtkLabel       *key_note;
  char           *key_info;       /* what key_note says when all is well */
  WdSecretSource  key_source;
  gboolean        no_service;
};

G_DEFINE_FINAL_TYPE (WdBackendEditor, wd_backend_editor, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkLabel *
new_error_label (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_visible (label, FALSE);
  return GTK_LABEL (label);
}

/* Scrolls the page so that a new error shows whole: the error labels sit
 * below their group's rows and may be out of view. Runs once the label
 * is laid out. */
static gboolean
reveal_tick (GtkWidget     *label,
             GdkFrameClock *frame_clock,
             gpointer       user_data)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (label, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *viewport, *content;
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  double bottom, page, value;

  if (scrolled == NULL || !gtk_widget_get_visible (label))
    return G_SOURCE_REMOVE;
  /* Ticks come before layout: a label just shown has no size yet. */
  if (gtk_widget_get_height (label) == 0)
    return G_SOURCE_CONTINUE;
  viewport = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  content = GTK_IS_VIEWPORT (viewport) ? gtk_viewport_get_child (GTK_VIEWPORT (viewport))
                                       : viewport;
  if (content == NULL || !gtk_widget_compute_bounds (label, content, &bounds))
    return G_SOURCE_REMOVE;
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  bottom = bounds.origin.y + bounds.size.height + 12;
  page = gtk_adjustment_get_page_size (adjustment);
  value = gtk_adjustment_get_value (adjustment);
  if (bottom > value + page)
    gtk_adjustment_set_value (adjustment, bottom - page);
  return G_SOURCE_REMOVE;
}

static void
show_error (GtkLabel   *label,
            GtkWidget  *row,
            const char *message)
{
  gtk_label_set_text (label, message);
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  if (message != NULL)
    gtk_widget_add_tick_callback (GTK_WIDGET (label), reveal_tick, NULL, NULL);
  if (row == NULL)
    return;
  if (message != NULL)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

/* The key's note shows an error, or else what it says about the key. */
static void
show_key_note (WdBackendEditor *self,
               const char      *error)
{
  const char *text = error != NULL ? error : self->key_info;

  gtk_label_set_text (self->key_note, text);
  gtk_widget_set_visible (GTK_WIDGET (self->key_note), text != NULL);
  if (error != NULL)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->key_note), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->key_note), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->key_note), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->key_note), "dim-label");
    }
}

static void
clear_errors (WdBackendEditor *self)
{
  for (guint i = 0; i < N_FIELDS; i++)
    show_error (self->field_errors[i], GTK_WIDGET (self->field_rows[i]), NULL);
  show_error (self->general_error, self->name_row ? GTK_WIDGET (self->name_row) : NULL, NULL);
}

static char *
current_name (WdBackendEditor *self)
{
  if (self->name != NULL)
    return g_strdup (self->name);
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
}

static char *
group_name (const char *name)
{
  return g_strconcat ("backend ", name, NULL);
}

/* Writes the window's values into @key_file's group; an empty field
 * removes its key, so the backend's default applies. */
static void
apply_fields (WdBackendEditor *self,
              GKeyFile        *key_file,
              const char      *group)
{
  guint kind = adw_combo_row_get_selected (self->kind_row);

  g_key_file_set_string (key_file, group, "kind", wd_llm_kind_to_string (kind));
  for (guint i = 0; i < N_FIELDS; i++)
    {
      GtkEditable *row = GTK_EDITABLE (self->field_rows[i]);
      g_autofree char *value = g_strstrip (g_strdup (gtk_editable_get_text (row)));

      if (*value != '\0')
        g_key_file_set_string (key_file, group, field_keys[i], value);
      else
        g_key_file_remove_key (key_file, group, field_keys[i], NULL);
    }
}

/* The field a configuration error is about: its messages quote the
 * offending "key=value"; a missing model is said in words. */
static int
field_of_error (const GError *error)
{
  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_autofree char *needle = g_strconcat (field_keys[i], "=", NULL);

      if (strstr (error->message, needle) != NULL)
        return i;
    }
  if (strstr (error->message, "model") != NULL)
    return 1;
  return -1;
}

static gboolean
check_name (WdBackendEditor  *self,
            const char       *name,
            GError          **error)
{
  g_auto(GStrv) names = NULL;

  if (self->name != NULL)
    return TRUE;
  if (*name == '\0')
    {
      g_set_error_literal (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_INVALID,
                           _("A backend needs a name, like local-qwen; type one."));
      return FALSE;
    }
  if (strpbrk (name, "[]\n\r") != NULL)
    {
      g_set_error (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_INVALID,
                   _("“%s” cannot name a backend; use letters, digits and dashes."), name);
      return FALSE;
    }
  names = wd_config_list_named (self->config, "backend");
  if (names != NULL && g_strv_contains ((const char * const *) names, name))
    {
      g_set_error (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_INVALID,
                   _("There is already a backend named “%s”; choose another name."), name);
      return FALSE;
    }
  return TRUE;
}

static void
on_key_stored (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(WdBackendEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!wd_llm_secret_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_widget_set_sensitive (self->save_button, TRUE);
      show_key_note (self, error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save (WdBackendEditor *self)
{
  g_autoptr(WdConfig) scratch = NULL;
  g_autoptr(WdLlmBackend) backend = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = current_name (self);
  g_autofree char *group = group_name (name);
  g_autofree char *before = NULL;
  GKeyFile *key_file = wd_config_get_key_file (self->config);
  const char *key;
  int field;

  clear_errors (self);
  show_key_note (self, NULL);

  if (!check_name (self, name, &error))
    {
      show_error (self->general_error, GTK_WIDGET (self->name_row), error->message);
      return;
    }

  /* Checked on a copy first, so a bad value writes nothing anywhere. */
  before = g_key_file_to_data (key_file, NULL, NULL);
  scratch = wd_config_new_empty ();
  g_key_file_load_from_data (wd_config_get_key_file (scratch), before, -1,
                             G_KEY_FILE_KEEP_COMMENTS, NULL);
  apply_fields (self, wd_config_get_key_file (scratch), group);
  backend = wd_llm_backend_new_from_config (scratch, name, &error);
  if (backend == NULL)
    {
      field = field_of_error (error);
      if (field >= 0)
        {
          show_error (self->field_errors[field], GTK_WIDGET (self->field_rows[field]),
                      error->message);
          gtk_widget_grab_focus (GTK_WIDGET (self->field_rows[field]));
        }
      else
        show_error (self->general_error, NULL, error->message);
      return;
    }

  /* The running app's own configuration: drafts see the change at once. */
  apply_fields (self, key_file, group);
  if (!wd_config_save (self->config, &error))
    {
      g_key_file_load_from_data (key_file, before, -1, G_KEY_FILE_KEEP_COMMENTS, NULL);
      show_error (self->general_error, NULL, error->message);
      return;
    }

  g_free (self->saved_name);
  self->saved_name = g_strdup (name);
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, name);

  key = self->key_row != NULL ? gtk_editable_get_text (GTK_EDITABLE (self->key_row)) : NULL;
  if (gtk_widget_get_visible (self->key_group) && key != NULL && *key != '\0')
    {
      gtk_widget_set_sensitive (self->save_button, FALSE);
      wd_llm_secret_store_async (name, key, self->cancellable, on_key_stored,
                                 g_object_ref (self));
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
update_sensitivity (WdBackendEditor *self)
{
  guint kind = adw_combo_row_get_selected (self->kind_row);
  gboolean http = kind != WD_LLM_KIND_BUILTIN;
  /* The backend's defaults (docs/cli.md), in the order of WdLlmKind. */
  static const char * const default_urls[] = {
    "https://api.openai.com/v1", "https://api.anthropic.com/v1", "http://127.0.0.1:11434",
  };
  g_autofree char *description = NULL;

  if (kind < G_N_ELEMENTS (default_urls))
    /* Translators: %s is a web address */
    description = g_strdup_printf (_("Leave the base URL empty for %s."), default_urls[kind]);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->server_group),
                                         description);

  gtk_widget_set_sensitive (self->server_group, http);
  gtk_widget_set_sensitive (self->generation_group, http);
  gtk_widget_set_sensitive (self->timeout_group, http);
  gtk_widget_set_visible (self->key_group, http);
}

/* Says where the key comes from, or, without a Secret Service, which
 * variable to set: its name follows the backend's name as it is typed. */
static void
update_key_info (WdBackendEditor *self)
{
  g_autofree char *name = current_name (self);
  g_autofree char *env_name = wd_config_secret_env_name (*name != '\0' ? name : "NAME");

  if (self->key_note == NULL)
    return;
  g_free (self->key_info);
  if (self->no_service)
    self->key_info = g_strdup_printf (_("No Secret Service is running, so Wiredesk cannot keep "
                                        "the API key; set the environment variable %s to the "
                                        "key instead."), env_name);
  else if (self->key_source == WD_SECRET_SOURCE_ENVIRONMENT)
    self->key_info = g_strdup_printf (_("The key comes from the environment variable %s, which "
                                        "wins over a key stored here."), env_name);
  else if (self->key_source == WD_SECRET_SOURCE_SECRET_SERVICE)
    self->key_info = g_strdup (_("A key is stored in the Secret Service; type a new one to "
                                 "replace it."));
  else
    self->key_info = g_strdup (_("The key is kept in the Secret Service, never in the "
                                 "configuration file; local servers need none."));
  if (!gtk_widget_has_css_class (GTK_WIDGET (self->key_note), "error"))
    show_key_note (self, NULL);
}

static void
on_key_looked_up (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(WdBackendEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  char *key;

  key = wd_llm_secret_lookup_finish (result, &self->key_source, &error);
  if (key != NULL)
    secret_password_free (key);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, WD_DRAFT_ERROR, WD_DRAFT_ERROR_NO_SECRET_SERVICE))
    {
      /* Without a keyring the key has nowhere safe to go here; offer no
       * field to type it into. */
      self->no_service = TRUE;
      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->key_group),
                                    GTK_WIDGET (self->key_row));
      self->key_row = NULL;
    }
  update_key_info (self);
}

static GtkWidget *
add_group (AdwPreferencesPage *page,
           const char         *title,
           const char         *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (group));
  return group;
}

static AdwEntryRow *
add_entry (WdBackendEditor *self,
           GtkWidget       *group,
           const char      *widget_name,
           const char      *title)
{
  GtkWidget *row = adw_entry_row_new ();

  gtk_widget_set_name (row, widget_name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  g_signal_connect_swapped (row, "entry-activated", G_CALLBACK (save), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return ADW_ENTRY_ROW (row);
}

static void
add_field (WdBackendEditor *self,
           GtkWidget       *group,
           guint            field,
           const char      *title,
           GtkInputPurpose  purpose)
{
  g_autofree char *error_name = NULL;

  self->field_rows[field] = add_entry (self, group, field_keys[field], title);
  gtk_editable_set_text (GTK_EDITABLE (self->field_rows[field]), "");
  adw_entry_row_set_input_purpose (self->field_rows[field], purpose);
  self->field_errors[field] = new_error_label ();
  error_name = g_strconcat (field_keys[field], "-error", NULL);
  gtk_widget_set_name (GTK_WIDGET (self->field_errors[field]), error_name);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             GTK_WIDGET (self->field_errors[field]));
}

static void
build (WdBackendEditor *self)
{
  GtkWidget *box, *header, *cancel, *page, *group;
  g_autoptr(GtkStringList) kinds = NULL;

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

  group = add_group (ADW_PREFERENCES_PAGE (page), NULL, NULL);
  self->name_row = add_entry (self, group, "name", _("Name"));
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (update_key_info), self);
  self->general_error = new_error_label ();
  gtk_widget_set_name (GTK_WIDGET (self->general_error), "error");
  kinds = gtk_string_list_new (NULL);
  /* In the order of WdLlmKind. */
  gtk_string_list_append (kinds, _("OpenAI-compatible"));
  gtk_string_list_append (kinds, _("Anthropic"));
  gtk_string_list_append (kinds, _("Ollama"));
  gtk_string_list_append (kinds, _("Builtin engine"));
  self->kind_row = ADW_COMBO_ROW (adw_combo_row_new ());
  gtk_widget_set_name (GTK_WIDGET (self->kind_row), "kind");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->kind_row), _("Kind"));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  g_signal_connect_swapped (self->kind_row, "notify::selected",
                            G_CALLBACK (update_sensitivity), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->kind_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->general_error));

  self->server_group = add_group (ADW_PREFERENCES_PAGE (page), _("Server"), NULL);
  add_field (self, self->server_group, 0, _("Base URL"), GTK_INPUT_PURPOSE_URL);
  add_field (self, self->server_group, 1, _("Model"), GTK_INPUT_PURPOSE_FREE_FORM);

  self->key_group = add_group (ADW_PREFERENCES_PAGE (page), _("API Key"), NULL);
  self->key_row = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
  gtk_widget_set_name (GTK_WIDGET (self->key_row), "api-key");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->key_row), _("API Key"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->key_group),
                             GTK_WIDGET (self->key_row));
  self->key_note = new_error_label ();
  gtk_widget_set_name (GTK_WIDGET (self->key_note), "api-key-note");
  /* Mostly it informs; show_key_note() marks the errors. */
  gtk_widget_remove_css_class (GTK_WIDGET (self->key_note), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->key_note), "dim-label");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->key_group),
                             GTK_WIDGET (self->key_note));

  self->generation_group =
    add_group (ADW_PREFERENCES_PAGE (page), _("Generation"),
               _("Leave a field empty for the server’s default."));
  add_field (self, self->generation_group, 2, _("Temperature"), GTK_INPUT_PURPOSE_NUMBER);
  add_field (self, self->generation_group, 3, _("Maximum Tokens"), GTK_INPUT_PURPOSE_DIGITS);

  self->timeout_group =
    add_group (ADW_PREFERENCES_PAGE (page), _("Timeouts"),
               _("In seconds; leave a field empty for the default: 15 to connect, 120 to the "
                 "first byte, 60 between two pieces of the answer."));
  add_field (self, self->timeout_group, 4, _("Connect"), GTK_INPUT_PURPOSE_DIGITS);
  add_field (self, self->timeout_group, 5, _("First Byte"), GTK_INPUT_PURPOSE_DIGITS);
  add_field (self, self->timeout_group, 6, _("Between Pieces"), GTK_INPUT_PURPOSE_DIGITS);
}

static void
load (WdBackendEditor *self)
{
  g_autofree char *kind = NULL;
  WdLlmKind llm_kind = WD_LLM_KIND_OPENAI;

  if (self->name == NULL)
    {
      adw_window_title_set_title (self->title, _("Add Backend"));
      update_sensitivity (self);
      return;
    }

  adw_window_title_set_title (self->title, _("Edit Backend"));
  adw_window_title_set_subtitle (self->title, self->name);
  gtk_widget_set_visible (GTK_WIDGET (self->name_row), FALSE);

  kind = wd_config_dup_named (self->config, "backend", self->name, "kind");
  if (kind != NULL)
    wd_llm_kind_from_string (kind, &llm_kind);
  adw_combo_row_set_selected (self->kind_row, llm_kind);
  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_autofree char *value = wd_config_dup_named (self->config, "backend", self->name,
                                                    field_keys[i]);

      gtk_editable_set_text (GTK_EDITABLE (self->field_rows[i]), value ?: "");
    }
  update_sensitivity (self);
}

static void
wd_backend_editor_dispose (GObject *object)
{
  WdBackendEditor *self = WD_BACKEND_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->config);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->saved_name, g_free);
  g_clear_pointer (&self->key_info, g_free);

  G_OBJECT_CLASS (wd_backend_editor_parent_class)->dispose (object);
}

static void
wd_backend_editor_unrealize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (wd_backend_editor_parent_class)->unrealize (widget);

  /* A pending archive or keyring call may keep this window alive after
   * gtk_window_destroy(), past the preferences it is transient for; GTK 4.8
   * would let go of that parent only then, and warn. Let go now. */
  gtk_window_set_transient_for (GTK_WINDOW (widget), NULL);
}

static void
wd_backend_editor_class_init (WdBackendEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wd_backend_editor_dispose;
  widget_class->unrealize = wd_backend_editor_unrealize;

  /**
   * WdBackendEditor::saved:
   * @name: the backend's name
   *
   * The key file holds the backend now.
   */
  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wd_backend_editor_init (WdBackendEditor *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 540, 720);
  build (self);
}

/**
 * wd_backend_editor_new:
 * @config: the running app's configuration, which the editor changes
 * @name: (nullable): the backend to edit, or %NULL to add one
 *
 * Creates the window; present it transient for the preferences.
 *
 * Returns: (transfer full): a new #WdBackendEditor
 */
WdBackendEditor *
wd_backend_editor_new (WdConfig   *config,
                       const char *name)
{
  WdBackendEditor *self;

  g_return_val_if_fail (WD_IS_CONFIG (config), NULL);

  self = g_object_new (WD_TYPE_BACKEND_EDITOR, NULL);
  self->config = g_object_ref (config);
  self->name = g_strdup (name);
  load (self);
  wd_llm_secret_lookup_async (name != NULL ? name : "", self->cancellable, on_key_looked_up,
                              g_object_ref (self));
  return self;
}
