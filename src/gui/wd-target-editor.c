/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-target-editor"

#include <string.h>

#include <glib/gi18n.h>

#include "publish/wd-outbox.h"
#include "publish/wd-publish-secret.h"
#include "publish/wd-publish-target.h"
#include "publish/wd-target-site.h"
#include "publish/wd-target-wordpress.h"
#include "wd-target-editor.h"

/* The kinds, in the order of the kind row. */
typedef enum {
  KIND_WORDPRESS,
  KIND_SITE,
  KIND_STATIC,
  N_KINDS
} Kind;

static const char * const kind_names[N_KINDS] = { "wordpress", "site-json", "static" };

#define ONLY(kind) (1u << (kind))

/* The keys typed into entry rows, each shown for the kinds of its mask.
 * Other keys of the group are kept as they are. */
typedef struct {
  const char *key;
  guint       kinds;
  gboolean    timeout;   /* in the Timeouts group, else in the first */
  const char *title;
  GtkInputPurpose purpose;
} Field;

static const Field fields[] = {
  { "url", ONLY (KIND_WORDPRESS) | ONLY (KIND_SITE), FALSE, N_("_Address"),
    GTK_INPUT_PURPOSE_URL },
  { "user", ONLY (KIND_WORDPRESS), FALSE, N_("_User Name"), GTK_INPUT_PURPOSE_FREE_FORM },
  { "dir", ONLY (KIND_STATIC), FALSE, N_("_Directory"), GTK_INPUT_PURPOSE_FREE_FORM },
  { "base-url", ONLY (KIND_STATIC), FALSE, N_("_Public Address"), GTK_INPUT_PURPOSE_URL },
  { "timeout", ONLY (KIND_SITE), TRUE, N_("_Waiting for the Site"), GTK_INPUT_PURPOSE_DIGITS },
  { "connect-timeout", ONLY (KIND_WORDPRESS), TRUE, N_("_Connecting"),
    GTK_INPUT_PURPOSE_DIGITS },
  { "idle-timeout", ONLY (KIND_WORDPRESS), TRUE, N_("_Between Pieces of an Answer"),
    GTK_INPUT_PURPOSE_DIGITS },
};
#define N_FIELDS G_N_ELEMENTS (fields)
/* The index of the status row among the error targets: after the fields. */
#define STATUS_FIELD N_FIELDS

/* WordPress's statuses for a new post, in the order of the status row. */
static const char * const statuses[] = { "publish", "draft", "pending", "private" };

/* Stands in for a secret not typed while the values are checked: the
 * secret may come later from the environment or is already stored. */
#define PLACEHOLDER_SECRET "placeholder"

struct _WdTargetEditor
{
  AdwWindow parent_instance;

  /* owned */
  WdConfig     *config;
  char         *name;        /* NULL while adding */
  GCancellable *cancellable;
  GCancellable *test_cancellable;
  char         *secret_info; /* what the secret's note says when all is well */
  WdSecretSource secret_source;
  gboolean      no_service;

  /* unowned: children */
  AdwWindowTitle *title;
  GtkWidget      *save_button;
  AdwEntryRow    *name_row;
  AdwComboRow    *kind_row;
  GtkSwitch      *default_switch;
  GtkLabel       *general_error;
  GtkWidget      *site_group;
  GtkWidget      *timeout_group;
  AdwEntryRow    *field_rows[N_FIELDS];
  GtkLabel       *field_errors[N_FIELDS + 1];
  AdwComboRow    *status_row;
  GtkWidget      *secret_group;
  AdwPasswordEntryRow *secret_row;  /* NULL without a Secret Service */
  GtkLabel       *secret_note;
  GtkWidget      *test_button;
  GtkWidget      *test_spinner;
  GtkLabel       *test_result;
  GtkWidget      *remove_group;
};

G_DEFINE_FINAL_TYPE (WdTargetEditor, wd_target_editor, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SAVED,
  SIGNAL_REMOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkLabel *
new_note_label (const char *widget_name,
                const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_name (label, widget_name);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_add_css_class (label, css_class);
  gtk_widget_set_visible (label, FALSE);
  return GTK_LABEL (label);
}

static Kind
get_kind (WdTargetEditor *self)
{
  guint kind = adw_combo_row_get_selected (self->kind_row);

  return kind < N_KINDS ? (Kind) kind : KIND_WORDPRESS;
}

static void
show_error (GtkLabel   *label,
            GtkWidget  *row,
            const char *message)
{
  gtk_label_set_text (label, message);
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  if (row == NULL)
    return;
  if (message != NULL)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

/* The secret's note shows an error, or else what it says about the secret. */
static void
show_secret_note (WdTargetEditor *self,
                  const char     *error)
{
  const char *text = error != NULL ? error : self->secret_info;

  gtk_label_set_text (self->secret_note, text);
  gtk_widget_set_visible (GTK_WIDGET (self->secret_note), text != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->secret_note),
                               error != NULL ? "dim-label" : "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->secret_note),
                            error != NULL ? "error" : "dim-label");
}

static GtkWidget *
row_of_field (WdTargetEditor *self,
              guint           field)
{
  return field == STATUS_FIELD ? GTK_WIDGET (self->status_row)
                               : GTK_WIDGET (self->field_rows[field]);
}

static void
clear_errors (WdTargetEditor *self)
{
  for (guint i = 0; i <= N_FIELDS; i++)
    show_error (self->field_errors[i], row_of_field (self, i), NULL);
  show_error (self->general_error, GTK_WIDGET (self->name_row), NULL);
  show_secret_note (self, NULL);
}

static char *
current_name (WdTargetEditor *self)
{
  if (self->name != NULL)
    return g_strdup (self->name);
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
}

static char *
group_name (const char *name)
{
  return g_strconcat ("target ", name, NULL);
}

static const char *
typed_secret (WdTargetEditor *self)
{
  if (self->secret_row == NULL || get_kind (self) == KIND_STATIC)
    return NULL;
  return gtk_editable_get_text (GTK_EDITABLE (self->secret_row));
}

/* Writes the window's values into @key_file's group: an empty field
 * removes its key (the kind's default applies), and so does every key of
 * this window the chosen kind does not read. */
static void
apply_fields (WdTargetEditor *self,
              GKeyFile       *key_file,
              const char     *group)
{
  Kind kind = get_kind (self);
  guint status = adw_combo_row_get_selected (self->status_row);

  g_key_file_set_string (key_file, group, "kind", kind_names[kind]);
  for (guint i = 0; i < N_FIELDS; i++)
    {
      GtkEditable *row = GTK_EDITABLE (self->field_rows[i]);
      g_autofree char *value = g_strstrip (g_strdup (gtk_editable_get_text (row)));

      if ((fields[i].kinds & ONLY (kind)) && *value != '\0')
        g_key_file_set_string (key_file, group, fields[i].key, value);
      else
        g_key_file_remove_key (key_file, group, fields[i].key, NULL);
    }
  /* publish is WordPress's own default: no key for it. */
  if (kind == KIND_WORDPRESS && status > 0 && status < G_N_ELEMENTS (statuses))
    g_key_file_set_string (key_file, group, "status", statuses[status]);
  else
    g_key_file_remove_key (key_file, group, "status", NULL);
}

static void
apply_default (WdTargetEditor *self,
               GKeyFile       *key_file,
               const char     *name)
{
  g_autofree char *old = g_key_file_get_string (key_file, "defaults", "target", NULL);

  if (gtk_switch_get_active (self->default_switch))
    g_key_file_set_string (key_file, "defaults", "target", name);
  else if (g_strcmp0 (old, name) == 0)
    g_key_file_remove_key (key_file, "defaults", "target", NULL);
}

/* The field a target's error is about: its sentences quote "key=". The
 * longer keys come first, since "url=" is in "base-url=". */
static int
field_of_error (const GError *error)
{
  static const char * const order[] = {
    "base-url", "connect-timeout", "idle-timeout", "url", "user", "dir", "timeout", "status",
  };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_autofree char *needle = g_strconcat (order[i], "=", NULL);

      if (strstr (error->message, needle) == NULL)
        continue;
      if (g_str_equal (order[i], "status"))
        return STATUS_FIELD;
      for (guint j = 0; j < N_FIELDS; j++)
        if (g_str_equal (fields[j].key, order[i]))
          return j;
    }
  return -1;
}

/* Shows a target's error where it belongs: at its field, at the secret
 * (the sentences about a secret name its environment variable), or under
 * the kind. */
static void
show_target_error (WdTargetEditor *self,
                   const char     *name,
                   const GError   *error)
{
  g_autofree char *env_name = wd_config_secret_env_name (name);
  int field = field_of_error (error);

  if (field >= 0)
    {
      show_error (self->field_errors[field], row_of_field (self, field), error->message);
      gtk_widget_grab_focus (row_of_field (self, field));
    }
  else if (strstr (error->message, env_name) != NULL)
    show_secret_note (self, error->message);
  else
    show_error (self->general_error, NULL, error->message);
}

/* The name a target being added may take: typed, without brackets, and
 * not yet taken. */
static gboolean
check_name (WdTargetEditor  *self,
            const char      *name,
            GError         **error)
{
  g_auto(GStrv) names = NULL;

  if (self->name != NULL)
    return TRUE;
  if (*name == '\0')
    {
      g_set_error_literal (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_INVALID,
                           _("A target needs a name, like blog; type one."));
      return FALSE;
    }
  if (strpbrk (name, "[]\n\r") != NULL)
    {
      g_set_error (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_INVALID,
                   _("“%s” cannot name a target: brackets are not allowed; use letters, digits "
                     "and dashes."), name);
      return FALSE;
    }
  names = wd_config_list_named (self->config, "target");
  if (names != NULL && g_strv_contains ((const char * const *) names, name))
    {
      g_set_error (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_INVALID,
                   _("There is already a target named “%s”; choose another name."), name);
      return FALSE;
    }
  return TRUE;
}

/* A copy of the configuration with the window's values in it: what Save
 * checks before it changes anything, and what Test tries. */
static WdConfig *
new_scratch_config (WdTargetEditor *self,
                    const char     *name)
{
  WdConfig *scratch = wd_config_new_empty ();
  g_autofree char *data = g_key_file_to_data (wd_config_get_key_file (self->config), NULL,
                                              NULL);
  g_autofree char *group = group_name (name);

  g_key_file_load_from_data (wd_config_get_key_file (scratch), data, -1,
                             G_KEY_FILE_KEEP_COMMENTS, NULL);
  apply_fields (self, wd_config_get_key_file (scratch), group);
  return scratch;
}

/* Builds the target from @scratch as the outbox would, so the window
 * refuses exactly what publishing would refuse. */
static gboolean
validate (WdTargetEditor  *self,
          WdConfig        *scratch,
          const char      *name,
          GError         **error)
{
  const char *secret = typed_secret (self);
  g_autoptr(WdPublishTarget) target = NULL;

  if (secret == NULL || *secret == '\0')
    secret = PLACEHOLDER_SECRET;
  target = wd_publish_target_new_from_config (scratch, name, secret, error);
  return target != NULL;
}

static void update_secret_info (WdTargetEditor *self);

/* Without a keyring the secret has nowhere safe to go here: no field to
 * type it into, and the note says which variable to set. */
static void
drop_secret_row (WdTargetEditor *self)
{
  self->no_service = TRUE;
  if (self->secret_row == NULL)
    return;
  adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->secret_group),
                                GTK_WIDGET (self->secret_row));
  self->secret_row = NULL;
}

static void
on_secret_stored (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(WdTargetEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!wd_publish_secret_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_widget_set_sensitive (self->save_button, TRUE);
      if (g_error_matches (error, WD_PUBLISH_SECRET_ERROR, WD_PUBLISH_SECRET_ERROR_NO_SERVICE))
        drop_secret_row (self);
      show_secret_note (self, error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

/* After the first save the window edits the target it made: saving again
 * must not find the name taken. */
static void
become_editor (WdTargetEditor *self,
               const char     *name)
{
  self->name = g_strdup (name);
  adw_window_title_set_title (self->title, _("Edit Target"));
  adw_window_title_set_subtitle (self->title, name);
  gtk_widget_set_visible (GTK_WIDGET (self->name_row), FALSE);
  gtk_widget_set_visible (self->remove_group, TRUE);
}

static void
save (WdTargetEditor *self)
{
  g_autoptr(WdConfig) scratch = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = current_name (self);
  g_autofree char *group = group_name (name);
  g_autofree char *before = NULL;
  GKeyFile *key_file = wd_config_get_key_file (self->config);
  const char *secret;

  clear_errors (self);
  if (!check_name (self, name, &error))
    {
      show_error (self->general_error, GTK_WIDGET (self->name_row), error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return;
    }

  /* Checked on a copy first, so a bad value writes nothing anywhere. */
  scratch = new_scratch_config (self, name);
  if (!validate (self, scratch, name, &error))
    {
      show_target_error (self, name, error);
      return;
    }

  /* The running app's own configuration: publishing sees it at once. */
  before = g_key_file_to_data (key_file, NULL, NULL);
  apply_fields (self, key_file, group);
  apply_default (self, key_file, name);
  if (!wd_config_save (self->config, &error))
    {
      g_key_file_load_from_data (key_file, before, -1, G_KEY_FILE_KEEP_COMMENTS, NULL);
      show_error (self->general_error, NULL, error->message);
      return;
    }

  if (self->name == NULL)
    become_editor (self, name);
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, name);

  secret = typed_secret (self);
  if (secret != NULL && *secret != '\0')
    {
      gtk_widget_set_sensitive (self->save_button, FALSE);
      wd_publish_secret_store_async (name, secret, self->cancellable, on_secret_stored,
                                     g_object_ref (self));
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Test */

typedef struct {
  WdConfig *config;
  char     *name;
  char     *secret;  /* typed, or NULL: looked up */
} TestCall;

static void
test_call_free (gpointer data)
{
  TestCall *call = data;

  g_object_unref (call->config);
  g_free (call->name);
  if (call->secret != NULL)
    memset (call->secret, 0, strlen (call->secret));
  g_free (call->secret);
  g_free (call);
}

static void
test_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TestCall *call = task_data;
  g_autoptr(WdPublishTarget) target = NULL;
  g_autofree char *looked_up = NULL;
  GError *error = NULL;
  char *answer;

  /* The target is made and called on this thread, as the outbox does:
   * its HTTP session belongs to the thread that first uses it. */
  if (call->secret == NULL)
    looked_up = wd_publish_secret_lookup (call->name, cancellable);
  target = wd_publish_target_new_from_config (call->config, call->name,
                                              call->secret != NULL ? call->secret : looked_up,
                                              &error);
  if (looked_up != NULL)
    memset (looked_up, 0, strlen (looked_up));
  if (target == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  answer = wd_publish_target_test (target, cancellable, &error);
  if (answer == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, answer, g_free);
}

static void
on_test_done (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(WdTargetEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->test_cancellable);
  gtk_spinner_stop (GTK_SPINNER (self->test_spinner));
  gtk_widget_set_visible (self->test_spinner, FALSE);
  gtk_widget_set_sensitive (self->test_button, TRUE);
  gtk_label_set_text (self->test_result, answer != NULL ? answer : error->message);
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_result), answer != NULL ? "error"
                                                                              : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->test_result), answer != NULL ? "success"
                                                                           : "error");
  gtk_widget_set_visible (GTK_WIDGET (self->test_result), TRUE);
}

static void
run_test (WdTargetEditor *self)
{
  g_autoptr(WdConfig) scratch = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = current_name (self);
  const char *secret = typed_secret (self);
  TestCall *call;

  clear_errors (self);
  gtk_widget_set_visible (GTK_WIDGET (self->test_result), FALSE);
  /* A target not yet named is tried under a stand-in name. */
  if (*name == '\0' || strpbrk (name, "[]\n\r") != NULL)
    {
      g_free (name);
      name = g_strdup ("new-target");
    }
  scratch = new_scratch_config (self, name);
  if (!validate (self, scratch, name, &error))
    {
      show_target_error (self, name, error);
      return;
    }

  gtk_widget_set_sensitive (self->test_button, FALSE);
  gtk_widget_set_visible (self->test_spinner, TRUE);
  gtk_spinner_start (GTK_SPINNER (self->test_spinner));

  call = g_new0 (TestCall, 1);
  call->config = g_steal_pointer (&scratch);
  call->name = g_steal_pointer (&name);
  call->secret = secret != NULL && *secret != '\0' ? g_strdup (secret) : NULL;
  self->test_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->test_cancellable, on_test_done, g_object_ref (self));
  g_task_set_source_tag (task, run_test);
  g_task_set_task_data (task, call, test_call_free);
  g_task_run_in_thread (task, test_thread);
}

/* Remove */

static void
on_secret_cleared (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Without a Secret Service there was no secret to remove. */
  if (!wd_publish_secret_clear_finish (result, &error))
    g_debug ("Could not remove the target’s secret: %s", error->message);
}

static void
remove_target (WdTargetEditor *self)
{
  GKeyFile *key_file = wd_config_get_key_file (self->config);
  g_autofree char *before = g_key_file_to_data (key_file, NULL, NULL);
  g_autofree char *group = group_name (self->name);
  g_autofree char *name = g_strdup (self->name);
  g_autofree char *fallback = g_key_file_get_string (key_file, "defaults", "target", NULL);
  g_autoptr(GError) error = NULL;

  g_key_file_remove_group (key_file, group, NULL);
  if (g_strcmp0 (fallback, name) == 0)
    g_key_file_remove_key (key_file, "defaults", "target", NULL);
  if (!wd_config_save (self->config, &error))
    {
      g_key_file_load_from_data (key_file, before, -1, G_KEY_FILE_KEEP_COMMENTS, NULL);
      show_error (self->general_error, NULL, error->message);
      return;
    }
  /* Not tied to this window, which closes now. */
  wd_publish_secret_clear_async (name, NULL, on_secret_cleared, NULL);
  g_signal_emit (self, signals[SIGNAL_REMOVED], 0, name);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_remove_response (AdwMessageDialog *dialog,
                    const char       *response,
                    WdTargetEditor   *self)
{
  if (g_str_equal (response, "remove"))
    remove_target (self);
}

static void
ask_remove (WdTargetEditor *self)
{
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  g_return_if_fail (self->name != NULL);

  /* Translators: %s is the name of a publish target */
  heading = g_strdup_printf (_("Remove “%s”?"), self->name);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("Its settings leave the configuration and its secret "
                                     "leaves the Secret Service. Briefs published there stay "
                                     "where they are."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The secret */

/* Says where the secret comes from, or, without a Secret Service, which
 * variable to set: its name follows the target's name as it is typed. */
static void
update_secret_info (WdTargetEditor *self)
{
  g_autofree char *name = current_name (self);
  g_autofree char *env_name = wd_config_secret_env_name (*name != '\0' ? name : "NAME");

  g_free (self->secret_info);
  if (self->no_service)
    self->secret_info = g_strdup_printf (_("No Secret Service is running, so Wiredesk cannot "
                                           "keep the secret; set the environment variable %s "
                                           "to it instead."), env_name);
  else if (self->secret_source == WD_SECRET_SOURCE_ENVIRONMENT)
    self->secret_info = g_strdup_printf (_("The secret comes from the environment variable %s, "
                                           "which wins over one stored here."), env_name);
  else if (self->secret_source == WD_SECRET_SOURCE_SECRET_SERVICE)
    self->secret_info = g_strdup (_("A secret is stored in the Secret Service; type a new one "
                                    "to replace it."));
  else
    self->secret_info = g_strdup (_("The secret is kept in the Secret Service, never in the "
                                    "configuration file."));
  if (!gtk_widget_has_css_class (GTK_WIDGET (self->secret_note), "error"))
    show_secret_note (self, NULL);
}

static void
on_secret_looked_up (GObject      *source_object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(WdTargetEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = wd_publish_secret_lookup_finish (result, &self->secret_source, &error);
  if (secret != NULL)
    {
      memset (secret, 0, strlen (secret));
      g_free (secret);
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (g_error_matches (error, WD_PUBLISH_SECRET_ERROR, WD_PUBLISH_SECRET_ERROR_NO_SERVICE))
    drop_secret_row (self);
  update_secret_info (self);
}

/* Building */

static void
update_kind (WdTargetEditor *self)
{
  Kind kind = get_kind (self);
  g_autofree char *timeouts = NULL;
  static const char *site_titles[N_KINDS] = {
    N_("WordPress Site"), N_("Site Backend"), N_("Static Directory"),
  };
  static const char *site_descriptions[N_KINDS] = {
    N_("The site’s address and the user who publishes, through the WordPress REST API."),
    N_("The address of a server speaking the site backend API (docs/site-backend-api.md)."),
    N_("Briefs become HTML, Markdown and JSON files in this folder, such as ~/site/briefs; "
       "the public address is where the folder appears on the web."),
  };

  clear_errors (self);
  gtk_widget_set_visible (GTK_WIDGET (self->test_result), FALSE);
  for (guint i = 0; i < N_FIELDS; i++)
    gtk_widget_set_visible (GTK_WIDGET (self->field_rows[i]), fields[i].kinds & ONLY (kind));
  gtk_widget_set_visible (GTK_WIDGET (self->status_row), kind == KIND_WORDPRESS);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->site_group),
                                   _(site_titles[kind]));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->site_group),
                                         _(site_descriptions[kind]));

  gtk_widget_set_visible (self->timeout_group, kind != KIND_STATIC);
  if (kind == KIND_SITE)
    timeouts = g_strdup_printf (_("In seconds; leave it empty for %u."),
                                WD_TARGET_SITE_DEFAULT_TIMEOUT);
  else if (kind == KIND_WORDPRESS)
    timeouts = g_strdup_printf (_("In seconds; leave a field empty for the default: %u to "
                                  "connect, %u between two pieces of an answer."),
                                WD_TARGET_WORDPRESS_DEFAULT_CONNECT_TIMEOUT,
                                WD_TARGET_WORDPRESS_DEFAULT_IDLE_TIMEOUT);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->timeout_group), timeouts);

  gtk_widget_set_visible (self->secret_group, kind != KIND_STATIC);
  if (kind == KIND_WORDPRESS)
    {
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->secret_group),
                                       _("Application Password"));
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->secret_group),
                                             _("Made in WordPress under Users → Profile → "
                                               "Application Passwords; not the login "
                                               "password."));
    }
  else
    {
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->secret_group), _("Token"));
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->secret_group),
                                             _("The bearer token the site backend gave for "
                                               "Wiredesk."));
    }
}

static GtkWidget *
add_group (AdwPreferencesPage *page,
           const char         *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (group));
  return group;
}

static AdwEntryRow *
add_entry (WdTargetEditor *self,
           GtkWidget      *group,
           const char     *widget_name,
           const char     *title)
{
  GtkWidget *row = adw_entry_row_new ();

  gtk_widget_set_name (row, widget_name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  g_signal_connect_swapped (row, "entry-activated", G_CALLBACK (save), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return ADW_ENTRY_ROW (row);
}

static void
add_error_label (WdTargetEditor *self,
                 GtkWidget      *group,
                 guint           field,
                 const char     *key)
{
  g_autofree char *error_name = g_strconcat (key, "-error", NULL);

  self->field_errors[field] = new_note_label (error_name, "error");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             GTK_WIDGET (self->field_errors[field]));
}

static void
add_field (WdTargetEditor *self,
           guint           field)
{
  GtkWidget *group = fields[field].timeout ? self->timeout_group : self->site_group;

  self->field_rows[field] = add_entry (self, group, fields[field].key, _(fields[field].title));
  adw_entry_row_set_input_purpose (self->field_rows[field], fields[field].purpose);
}

static void
build (WdTargetEditor *self)
{
  GtkWidget *box, *header, *cancel, *page, *group, *row, *remove;
  g_autoptr(GtkStringList) kinds = NULL;
  g_autoptr(GtkStringList) status_names = NULL;

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

  /* Name, kind, default */
  group = add_group (ADW_PREFERENCES_PAGE (page), NULL);
  self->name_row = add_entry (self, group, "name", _("_Name"));
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (update_secret_info), self);
  kinds = gtk_string_list_new (NULL);
  /* In the order of Kind. */
  gtk_string_list_append (kinds, _("WordPress"));
  gtk_string_list_append (kinds, _("Site backend (JSON)"));
  gtk_string_list_append (kinds, _("Static directory"));
  self->kind_row = ADW_COMBO_ROW (adw_combo_row_new ());
  gtk_widget_set_name (GTK_WIDGET (self->kind_row), "kind");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->kind_row), _("_Kind"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->kind_row), TRUE);
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->kind_row));

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Use as _Default"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Briefs go here unless another target is chosen"));
  self->default_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_name (GTK_WIDGET (self->default_switch), "default");
  gtk_widget_set_valign (GTK_WIDGET (self->default_switch), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->default_switch));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row),
                                         GTK_WIDGET (self->default_switch));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  self->general_error = new_note_label ("error", "error");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->general_error));

  /* The kind's keys: rows first, then their error labels below the list. */
  self->site_group = add_group (ADW_PREFERENCES_PAGE (page), NULL);
  self->timeout_group = add_group (ADW_PREFERENCES_PAGE (page), _("Timeouts"));
  add_field (self, 0);
  add_field (self, 1);
  status_names = gtk_string_list_new (NULL);
  /* In the order of statuses[]. */
  gtk_string_list_append (status_names, _("Published"));
  gtk_string_list_append (status_names, _("Draft"));
  gtk_string_list_append (status_names, _("Pending review"));
  gtk_string_list_append (status_names, _("Private"));
  self->status_row = ADW_COMBO_ROW (adw_combo_row_new ());
  gtk_widget_set_name (GTK_WIDGET (self->status_row), "status");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), _("New _Posts Are"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->status_row), TRUE);
  adw_combo_row_set_model (self->status_row, G_LIST_MODEL (status_names));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->site_group),
                             GTK_WIDGET (self->status_row));
  for (guint i = 2; i < N_FIELDS; i++)
    add_field (self, i);
  for (guint i = 0; i < N_FIELDS; i++)
    add_error_label (self, fields[i].timeout ? self->timeout_group : self->site_group, i,
                     fields[i].key);
  add_error_label (self, self->site_group, STATUS_FIELD, "status");

  /* The secret */
  self->secret_group = add_group (ADW_PREFERENCES_PAGE (page), NULL);
  self->secret_row = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
  gtk_widget_set_name (GTK_WIDGET (self->secret_row), "secret");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->secret_row), _("S_ecret"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->secret_row), TRUE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->secret_group),
                             GTK_WIDGET (self->secret_row));
  /* Mostly it informs; show_secret_note() marks the errors. */
  self->secret_note = new_note_label ("secret-note", "dim-label");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->secret_group),
                             GTK_WIDGET (self->secret_note));

  /* Test */
  group = add_group (ADW_PREFERENCES_PAGE (page), _("Connection"));
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Test the Target"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Tries the values above without publishing anything"));
  self->test_spinner = gtk_spinner_new ();
  gtk_widget_set_visible (self->test_spinner, FALSE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), self->test_spinner);
  self->test_button = gtk_button_new_with_mnemonic (_("_Test"));
  gtk_widget_set_name (self->test_button, "test");
  gtk_widget_set_valign (self->test_button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (self->test_button, "clicked", G_CALLBACK (run_test), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), self->test_button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  self->test_result = new_note_label ("test-result", "success");
  gtk_label_set_selectable (self->test_result, TRUE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->test_result));

  /* Remove, for a target that exists */
  self->remove_group = add_group (ADW_PREFERENCES_PAGE (page), NULL);
  remove = gtk_button_new_with_mnemonic (_("_Remove Target…"));
  gtk_widget_set_name (remove, "remove");
  gtk_widget_set_halign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "destructive-action");
  g_signal_connect_swapped (remove, "clicked", G_CALLBACK (ask_remove), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->remove_group), remove);

  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (update_kind), self);
}

static void
load (WdTargetEditor *self)
{
  g_autofree char *kind = NULL;
  g_autofree char *status = NULL;
  g_autofree char *fallback = NULL;

  if (self->name == NULL)
    {
      adw_window_title_set_title (self->title, _("Add Target"));
      gtk_widget_set_visible (self->remove_group, FALSE);
      update_kind (self);
      return;
    }

  adw_window_title_set_title (self->title, _("Edit Target"));
  adw_window_title_set_subtitle (self->title, self->name);
  gtk_widget_set_visible (GTK_WIDGET (self->name_row), FALSE);

  kind = wd_config_dup_named (self->config, "target", self->name, "kind");
  for (guint i = 0; i < N_KINDS; i++)
    if (g_strcmp0 (kind, kind_names[i]) == 0)
      adw_combo_row_set_selected (self->kind_row, i);
  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_autofree char *value = wd_config_dup_named (self->config, "target", self->name,
                                                    fields[i].key);

      gtk_editable_set_text (GTK_EDITABLE (self->field_rows[i]), value ?: "");
    }
  status = wd_config_dup_named (self->config, "target", self->name, "status");
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (status != NULL && g_str_equal (g_strstrip (status), statuses[i]))
      adw_combo_row_set_selected (self->status_row, i);
  fallback = wd_outbox_default_target (self->config);
  gtk_switch_set_active (self->default_switch, g_strcmp0 (fallback, self->name) == 0);
  update_kind (self);
}

static void
wd_target_editor_dispose (GObject *object)
{
  WdTargetEditor *self = WD_TARGET_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->test_cancellable);
  g_clear_object (&self->config);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->secret_info, g_free);

  G_OBJECT_CLASS (wd_target_editor_parent_class)->dispose (object);
}

static void
wd_target_editor_unrealize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (wd_target_editor_parent_class)->unrealize (widget);

  /* A pending keyring call or test may keep this window alive after
   * gtk_window_destroy(), past the preferences it is transient for; GTK 4.8
   * would let go of that parent only then, and warn. Let go now. */
  gtk_window_set_transient_for (GTK_WINDOW (widget), NULL);
}

static void
wd_target_editor_class_init (WdTargetEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wd_target_editor_dispose;
  widget_class->unrealize = wd_target_editor_unrealize;

  /**
   * WdTargetEditor::saved:
   * @name: the target's name
   *
   * The key file holds the target now.
   */
  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * WdTargetEditor::removed:
   * @name: the target's name
   *
   * The key file no longer holds the target.
   */
  signals[SIGNAL_REMOVED] = g_signal_new ("removed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                          1, G_TYPE_STRING);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wd_target_editor_init (WdTargetEditor *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 720);
  build (self);
}

/**
 * wd_target_editor_new:
 * @config: the running app's configuration, which the editor changes
 * @name: (nullable): the target to edit, or %NULL to add one
 *
 * Creates the window; present it transient for the preferences.
 *
 * Returns: (transfer full): a new #WdTargetEditor
 */
WdTargetEditor *
wd_target_editor_new (WdConfig   *config,
                      const char *name)
{
  WdTargetEditor *self;

  g_return_val_if_fail (WD_IS_CONFIG (config), NULL);

  self = g_object_new (WD_TYPE_TARGET_EDITOR, NULL);
  self->config = g_object_ref (config);
  self->name = g_strdup (name);
  load (self);
  update_secret_info (self);
  wd_publish_secret_lookup_async (name != NULL ? name : "", self->cancellable,
                                  on_secret_looked_up, g_object_ref (self));
  return self;
}
