/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-test-gui-preferences"

#include <string.h>

#include <adwaita.h>

#include "draft/wd-draft-error.h"
#include "draft/wd-llm-secret.h"
#include "draft/wd-llm-types.h"
#include "draft/wd-prompt.h"
#include "wd-preferences-window.h"
#include "wd-section-card.h"
#include "wd-test-gui.h"
#include "wd-test-util.h"

/* Preferences driven through their widgets, as an editor would: the
 * configuration is a real key file in a temporary directory, templates and
 * policies go into a real archive. */

typedef struct {
  char                *dir;
  char                *config_path;
  WdStore             *store;
  WdConfig            *config;
  WdContext           *context;
  WdPreferencesWindow *window;
} Fixture;

#define TWO_BACKENDS \
  "[backend alpha]\nkind=openai\nbase-url=http://127.0.0.1:9/v1\nmodel=a\n\n" \
  "[backend beta]\nkind=ollama\nbase-url=http://127.0.0.1:9\nmodel=b\n"

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *contents = data != NULL ? data : "";

  f->dir = wd_test_make_tmpdir ();
  f->config_path = g_build_filename (f->dir, "wiredesk.conf", NULL);
  g_file_set_contents (f->config_path, contents, -1, &error);
  g_assert_no_error (error);
  f->config = wd_config_load (f->config_path, &error);
  g_assert_no_error (error);

  f->store = wd_test_open_store (NULL);
  f->context = wd_context_new (f->store, f->config);
  f->window = wd_preferences_window_new (f->context);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  WdPreferencesWindow *window = f->window;
  WdStore *store = f->store;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_true (wd_test_wait_for (wd_test_is_null, &window));

  g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &store);
  g_clear_object (&f->context);
  g_clear_object (&f->config);
  g_clear_object (&f->store);
  g_assert_true (wd_test_wait_for (wd_test_is_null, &store));

  g_free (f->config_path);
  g_free (f->dir);
}

static char *
read_config (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (f->config_path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static GKeyFile *
load_config_from_disk (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GKeyFile *key_file = g_key_file_new ();

  g_key_file_load_from_file (key_file, f->config_path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  return key_file;
}

/* Whether a row titled @title shows under @root. */
static gboolean
has_row (GtkWidget  *root,
         const char *title)
{
  g_autoptr(GPtrArray) rows = wd_test_find_widgets (root, ADW_TYPE_PREFERENCES_ROW);

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (rows->pdata[i]), title) == 0)
      return TRUE;
  return FALSE;
}

typedef struct {
  GtkWidget  *root;
  const char *title;
} RowWait;

static gboolean
row_shows (gpointer data)
{
  RowWait *wait = data;

  return has_row (wait->root, wait->title);
}

static void
on_saved_string (GtkWidget  *editor,
                 const char *name,
                 char      **out)
{
  g_free (*out);
  *out = g_strdup (name);
}

static void
test_add_backend (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *saved = NULL;
  g_autoptr(GKeyFile) key_file = NULL;
  g_autofree char *model = NULL;
  WdBackendEditor *editor = wd_preferences_window_edit_backend (f->window, NULL);
  GtkWidget *root = GTK_WIDGET (editor);
  RowWait wait = { GTK_WIDGET (f->window), "local-qwen" };

  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  g_signal_connect (editor, "saved", G_CALLBACK (on_saved_string), &saved);
  wd_test_type_into (root, "name", "local-qwen");
  adw_combo_row_set_selected (ADW_COMBO_ROW (wd_test_find_named (root, "kind")), WD_LLM_KIND_OLLAMA);
  wd_test_type_into (root, "base-url", "http://127.0.0.1:11434");
  wd_test_type_into (root, "model", "qwen3:8b");
  wd_test_type_into (root, "temperature", "0.3");
  wd_test_type_into (root, "connect-timeout", "20");
  wd_test_click (root, "save");

  g_assert_cmpstr (saved, ==, "local-qwen");
  /* No key typed: nothing to store, the window closes. */
  g_assert_true (wd_test_wait_for (wd_test_is_null, &editor));

  key_file = load_config_from_disk (f);
  g_assert_true (g_key_file_has_group (key_file, "backend local-qwen"));
  model = g_key_file_get_string (key_file, "backend local-qwen", "model", NULL);
  g_assert_cmpstr (model, ==, "qwen3:8b");
  g_assert_cmpint (g_key_file_get_integer (key_file, "backend local-qwen", "connect-timeout",
                                           NULL), ==, 20);
  g_assert_false (g_key_file_has_key (key_file, "backend local-qwen", "idle-timeout", NULL));
  g_free (model);
  model = g_key_file_get_string (key_file, "backend local-qwen", "kind", NULL);
  g_assert_cmpstr (model, ==, "ollama");

  /* The running app's configuration has it too, and the list shows it. */
  g_free (model);
  model = wd_config_dup_named (f->config, "backend", "local-qwen", "model");
  g_assert_cmpstr (model, ==, "qwen3:8b");
  g_assert_true (wd_test_wait_for (row_shows, &wait));
}

static void
test_invalid_timeout (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *before = read_config (f);
  g_autofree char *after = NULL;
  g_autofree char *saved = NULL;
  WdBackendEditor *editor = wd_preferences_window_edit_backend (f->window, "alpha");
  GtkWidget *root = GTK_WIDGET (editor);
  GtkWidget *row, *label;

  g_signal_connect (editor, "saved", G_CALLBACK (on_saved_string), &saved);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (wd_test_find_named (root, "model"))), ==, "a");
  wd_test_type_into (root, "model", "changed");
  wd_test_type_into (root, "idle-timeout", "soon");
  wd_test_click (root, "save");

  /* The field says what is wrong, in the configuration's own sentence. */
  row = wd_test_find_named (root, "idle-timeout");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  label = wd_test_find_named (root, "idle-timeout-error");
  g_assert_true (GTK_IS_LABEL (label));
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "idle-timeout=soon"));

  /* Nothing was saved: not the file, not the running configuration. */
  g_assert_null (saved);
  after = read_config (f);
  g_assert_cmpstr (after, ==, before);
  g_free (after);
  after = wd_config_dup_named (f->config, "backend", "alpha", "model");
  g_assert_cmpstr (after, ==, "a");
  g_assert_true (gtk_widget_get_visible (root));

  /* Fixed, it saves. */
  wd_test_type_into (root, "idle-timeout", "45");
  wd_test_click (root, "save");
  g_assert_cmpstr (saved, ==, "alpha");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_free (after);
  after = wd_config_dup_named (f->config, "backend", "alpha", "idle-timeout");
  g_assert_cmpstr (after, ==, "45");
}

static void
test_section_backend (Fixture       *f,
                      gconstpointer  data)
{
  AdwComboRow *summary = wd_preferences_window_get_backend_row (f->window, 1);
  AdwComboRow *fallback = wd_preferences_window_get_backend_row (f->window, 0);
  GListModel *model = adw_combo_row_get_model (summary);
  g_autoptr(GKeyFile) key_file = NULL;
  g_autofree char *value = NULL;

  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (summary)), ==,
                   "Summary");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 2), ==, "beta");
  g_assert_cmpuint (adw_combo_row_get_selected (summary), ==, 0);

  adw_combo_row_set_selected (summary, 2);
  adw_combo_row_set_selected (fallback, 1);
  key_file = load_config_from_disk (f);
  value = g_key_file_get_string (key_file, "defaults", "backend-summary", NULL);
  g_assert_cmpstr (value, ==, "beta");
  g_free (value);
  value = g_key_file_get_string (key_file, "defaults", "backend", NULL);
  g_assert_cmpstr (value, ==, "alpha");
  g_assert_false (g_key_file_has_key (key_file, "defaults", "backend-headline", NULL));
  g_free (value);
  value = wd_config_dup_default (f->config, "backend");
  g_assert_cmpstr (value, ==, "alpha");

  /* Back to "Default Backend": the key goes. */
  adw_combo_row_set_selected (summary, 0);
  g_key_file_unref (key_file);
  key_file = load_config_from_disk (f);
  g_assert_false (g_key_file_has_key (key_file, "defaults", "backend-summary", NULL));
}

static gboolean
version_loaded (gpointer data)
{
  return wd_prompt_editor_get_version (data) > 0;
}

static void
on_version_saved (WdPromptEditor *editor,
                  int             version,
                  int            *out)
{
  *out = version;
}

static gboolean
int_set (gpointer data)
{
  return *(int *) data != 0;
}

static void
test_prompt_template (Fixture       *f,
                      gconstpointer  data)
{
  WdPromptEditor *editor = wd_preferences_window_edit_prompt (f->window, WD_PROMPT_SUMMARY);
  GtkWidget *root = GTK_WIDGET (editor);
  GtkTextBuffer *buffer = wd_prompt_editor_get_buffer (editor);
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;
  GtkWidget *error_label = wd_test_find_named (root, "error");
  int first, saved = 0, version = 0;

  g_signal_connect (editor, "saved", G_CALLBACK (on_version_saved), &saved);
  g_assert_true (wd_test_wait_for (version_loaded, editor));
  first = wd_prompt_editor_get_version (editor);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (text, ==, wd_prompt_get_default (WD_PROMPT_SUMMARY));

  gtk_text_buffer_set_text (buffer, "Summarize {{title}} by {{publisher}} in {{target_words}} "
                                    "words.", -1);
  wd_test_click (root, "save");
  g_assert_true (wd_test_wait_for (int_set, &saved));
  g_assert_cmpint (saved, ==, first + 1);
  body = wd_prompt_load (f->store, WD_PROMPT_SUMMARY, &version, &error);
  g_assert_no_error (error);
  g_assert_cmpint (version, ==, first + 1);
  g_assert_cmpstr (body, ==, "Summarize {{title}} by {{publisher}} in {{target_words}} words.");

  /* An unknown variable is refused with the reason, and nothing is saved. */
  saved = 0;
  gtk_text_buffer_set_text (buffer, "Summarize {{headline_of_tomorrow}}.", -1);
  wd_test_click (root, "save");
  g_assert_true (wd_test_wait_for ((WdTestWaitFunc) gtk_widget_get_visible, error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)),
                            "{{headline_of_tomorrow}}"));
  g_assert_cmpint (saved, ==, 0);
  g_clear_pointer (&body, g_free);
  body = wd_prompt_load (f->store, WD_PROMPT_SUMMARY, &version, &error);
  g_assert_no_error (error);
  g_assert_cmpint (version, ==, first + 1);

  /* Reset to Default saves the default as one more version. */
  wd_test_click (root, "reset");
  g_assert_true (wd_test_wait_for (int_set, &saved));
  g_assert_cmpint (saved, ==, first + 2);
  g_clear_pointer (&body, g_free);
  body = wd_prompt_load (f->store, WD_PROMPT_SUMMARY, &version, &error);
  g_assert_cmpstr (body, ==, wd_prompt_get_default (WD_PROMPT_SUMMARY));
  g_clear_pointer (&text, g_free);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (text, ==, wd_prompt_get_default (WD_PROMPT_SUMMARY));

  gtk_window_destroy (GTK_WINDOW (editor));
}

static gboolean
string_set (gpointer data)
{
  return *(char **) data != NULL;
}

static void
test_policy_round_trip (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *saved = NULL;
  g_autoptr(WdPolicy) policy = NULL;
  g_autoptr(GError) error = NULL;
  WdPolicyEditor *editor = wd_preferences_window_edit_policy (f->window, NULL);
  GtkWidget *root = GTK_WIDGET (editor);
  RowWait wait = { GTK_WIDGET (f->window), "example.org" };

  g_signal_connect (editor, "saved", G_CALLBACK (on_saved_string), &saved);
  wd_test_type_into (root, "domain", "example.org");
  adw_combo_row_set_selected (ADW_COMBO_ROW (wd_test_find_named (root, "policy")), WD_POLICY_LINK_ONLY);
  wd_test_type_into (root, "max-quote-words", "many");
  wd_test_click (root, "save");
  /* A bad number stays in the window. */
  g_assert_true (gtk_widget_get_visible (wd_test_find_named (root, "error")));
  g_assert_null (saved);

  /* The copy guard's limits: a share is a percentage. */
  wd_test_type_into (root, "max-quote-words", "10");
  wd_test_type_into (root, "max-copied-percent", "101");
  wd_test_click (root, "save");
  g_assert_true (gtk_widget_get_visible (wd_test_find_named (root, "error")));
  g_assert_null (saved);

  wd_test_type_into (root, "max-run-words", "20");
  wd_test_type_into (root, "max-copied-percent", "15");
  wd_test_type_into (root, "note", "Paywalled; link only.");
  wd_test_click (root, "save");
  g_assert_true (wd_test_wait_for (string_set, &saved));

  policy = wd_store_get_policy (f->store, "example.org", &error);
  g_assert_no_error (error);
  g_assert_cmpint (policy->kind, ==, WD_POLICY_LINK_ONLY);
  g_assert_cmpint (policy->max_quote_words, ==, 10);
  g_assert_cmpint (policy->max_run_words, ==, 20);
  g_assert_cmpint (policy->max_copied_percent, ==, 15);
  g_assert_cmpstr (policy->note, ==, "Paywalled; link only.");
  g_assert_true (wd_test_wait_for (row_shows, &wait));

  /* Changing it makes a new version. */
  g_clear_pointer (&saved, g_free);
  editor = wd_preferences_window_edit_policy (f->window, policy);
  root = GTK_WIDGET (editor);
  g_signal_connect (editor, "saved", G_CALLBACK (on_saved_string), &saved);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (wd_test_find_named (root, "note"))), ==,
                   "Paywalled; link only.");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (wd_test_find_named (root, "max-run-words"))),
                   ==, "20");
  adw_combo_row_set_selected (ADW_COMBO_ROW (wd_test_find_named (root, "policy")), WD_POLICY_EXCLUDED);
  wd_test_type_into (root, "max-quote-words", "");
  wd_test_click (root, "save");
  g_assert_true (wd_test_wait_for (string_set, &saved));
  g_clear_pointer (&policy, wd_policy_free);
  policy = wd_store_get_policy (f->store, "example.org", &error);
  g_assert_no_error (error);
  g_assert_cmpint (policy->kind, ==, WD_POLICY_EXCLUDED);
  g_assert_cmpint (policy->max_quote_words, ==, -1);
  g_assert_cmpint (policy->version, ==, 2);
}

typedef struct {
  gboolean        done;
  char           *key;
  WdSecretSource  source;
  GError         *error;
} Lookup;

static void
on_looked_up (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Lookup *lookup = user_data;

  lookup->key = wd_llm_secret_lookup_finish (result, &lookup->source, &lookup->error);
  lookup->done = TRUE;
}

static gboolean
lookup_done (gpointer data)
{
  return ((Lookup *) data)->done;
}

static gboolean
secret_service_answers (void)
{
  Lookup lookup = { FALSE };
  gboolean answers;

  wd_llm_secret_lookup_async ("probe", NULL, on_looked_up, &lookup);
  g_assert_true (wd_test_wait_for (lookup_done, &lookup));
  answers = lookup.error == NULL;
  g_clear_error (&lookup.error);
  g_free (lookup.key);
  return answers;
}

static void
test_api_key_stored (Fixture       *f,
                     gconstpointer  data)
{
  WdBackendEditor *editor;
  g_autofree char *contents = NULL;
  Lookup lookup = { FALSE };

  if (!secret_service_answers ())
    {
      g_test_skip ("no Secret Service is reachable (gnome-keyring-daemon is not installed or "
                   "did not start), so the key cannot be stored");
      return;
    }

  editor = wd_preferences_window_edit_backend (f->window, "alpha");
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  wd_test_type_into (GTK_WIDGET (editor), "api-key", "sk-test-not-a-real-key");
  wd_test_click (GTK_WIDGET (editor), "save");
  /* The window closes once the keyring holds the key. */
  g_assert_true (wd_test_wait_for (wd_test_is_null, &editor));

  wd_llm_secret_lookup_async ("alpha", NULL, on_looked_up, &lookup);
  g_assert_true (wd_test_wait_for (lookup_done, &lookup));
  g_assert_no_error (lookup.error);
  g_assert_cmpint (lookup.source, ==, WD_SECRET_SOURCE_SECRET_SERVICE);
  g_assert_cmpstr (lookup.key, ==, "sk-test-not-a-real-key");
  g_free (lookup.key);

  contents = read_config (f);
  g_assert_null (strstr (contents, "sk-test"));
}

static gboolean
label_shown (gpointer data)
{
  return gtk_widget_get_visible (data) && *gtk_label_get_text (data) != '\0';
}

static void
test_api_key_no_service (Fixture       *f,
                         gconstpointer  data)
{
  WdBackendEditor *editor;
  GtkWidget *note;
  g_autofree char *contents = NULL;

  if (secret_service_answers ())
    {
      g_test_skip ("a Secret Service is running; this checks the message without one");
      return;
    }

  editor = wd_preferences_window_edit_backend (f->window, "alpha");
  note = wd_test_find_named (GTK_WIDGET (editor), "api-key-note");
  g_assert_true (wd_test_wait_for (label_shown, note));
  /* One sentence, naming the variable to set instead; no field to type a
   * key into that could not be kept. */
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (note)), "No Secret Service"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (note)), "WIREDESK_SECRET_ALPHA"));
  g_assert_null (wd_test_find_named (GTK_WIDGET (editor), "api-key"));
  gtk_window_destroy (GTK_WINDOW (editor));

  contents = read_config (f);
  g_assert_cmpstr (contents, ==, TWO_BACKENDS);
}

static void
test_remove_backend (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GKeyFile) key_file = NULL;
  AdwComboRow *summary = wd_preferences_window_get_backend_row (f->window, 1);
  g_autoptr(GPtrArray) dialogs = NULL;
  GtkWidget *trash = NULL;
  g_autoptr(GPtrArray) buttons = NULL;
  RowWait wait = { GTK_WIDGET (f->window), "beta" };
  GList *toplevels;

  adw_combo_row_set_selected (summary, 2);

  buttons = wd_test_find_widgets (GTK_WIDGET (f->window), GTK_TYPE_BUTTON);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *row = gtk_widget_get_ancestor (buttons->pdata[i], ADW_TYPE_ACTION_ROW);

      if (row != NULL && g_strcmp0 (gtk_button_get_icon_name (buttons->pdata[i]),
                                    "user-trash-symbolic") == 0
          && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "beta") == 0)
        trash = buttons->pdata[i];
    }
  g_assert_nonnull (trash);
  g_signal_emit_by_name (trash, "clicked");

  /* It asks first. */
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data))
      {
        adw_message_dialog_response (l->data, "remove");
        gtk_window_destroy (l->data);
      }
  g_list_free (toplevels);

  key_file = load_config_from_disk (f);
  g_assert_false (g_key_file_has_group (key_file, "backend beta"));
  g_assert_true (g_key_file_has_group (key_file, "backend alpha"));
  g_assert_false (g_key_file_has_key (key_file, "defaults", "backend-summary", NULL));
  g_assert_false (has_row (GTK_WIDGET (f->window), wait.title));
}

#define CHUNK(delta, finish) \
  "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\"," \
  "\"choices\":[{\"index\":0,\"delta\":" delta ",\"finish_reason\":" finish "}]}\n\n"

static const char hello_stream[] =
  CHUNK ("{\"role\":\"assistant\",\"content\":\"Hello, \"}", "null")
  CHUNK ("{\"content\":\"newsroom.\"}", "\"stop\"")
  "data: [DONE]\n\n";

static GtkWidget *
find_row_button (GtkWidget  *root,
                 const char *row_title,
                 const char *label)
{
  g_autoptr(GPtrArray) buttons = wd_test_find_widgets (root, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *row = gtk_widget_get_ancestor (buttons->pdata[i], ADW_TYPE_ACTION_ROW);

      if (row != NULL
          && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), row_title) == 0
          && g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), label) == 0)
        return buttons->pdata[i];
    }
  return NULL;
}

typedef struct {
  GtkWidget  *row;
  const char *needle;
} SubtitleWait;

static gboolean
subtitle_has (gpointer data)
{
  SubtitleWait *wait = data;
  const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (wait->row));

  return subtitle != NULL && strstr (subtitle, wait->needle) != NULL;
}

static void
test_connection (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(WdTestServer) server = wd_test_server_new (NULL);
  g_autofree char *base = NULL;
  g_autofree char *saved = NULL;
  WdBackendEditor *editor;
  GtkWidget *button, *row;
  SubtitleWait wait;

  wd_test_server_add (server, "/v1/chat/completions", 200, "text/event-stream", hello_stream,
                      -1);
  base = wd_test_server_url (server, "/v1");

  /* Point alpha at the server, through the editor. */
  editor = wd_preferences_window_edit_backend (f->window, "alpha");
  g_signal_connect (editor, "saved", G_CALLBACK (on_saved_string), &saved);
  wd_test_type_into (GTK_WIDGET (editor), "base-url", base);
  wd_test_click (GTK_WIDGET (editor), "save");
  g_assert_cmpstr (saved, ==, "alpha");
  gtk_window_destroy (GTK_WINDOW (editor));

  button = find_row_button (GTK_WIDGET (f->window), "alpha", "_Test");
  g_assert_nonnull (button);
  row = gtk_widget_get_ancestor (button, ADW_TYPE_ACTION_ROW);
  g_signal_emit_by_name (button, "clicked");
  wait = (SubtitleWait) { row, "First token after " };
  g_assert_true (wd_test_wait_for (subtitle_has, &wait));
  g_assert_cmpuint (wd_test_server_get_hits (server, "/v1/chat/completions"), ==, 1);
  g_assert_true (gtk_widget_is_sensitive (button));

  /* A server that is not there: the one-sentence error, in the row. */
  button = find_row_button (GTK_WIDGET (f->window), "beta", "_Test");
  row = gtk_widget_get_ancestor (button, ADW_TYPE_ACTION_ROW);
  g_signal_emit_by_name (button, "clicked");
  wait = (SubtitleWait) { row, "http://127.0.0.1:9" };
  g_assert_true (wd_test_wait_for (subtitle_has, &wait));
  g_assert_null (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                         "First token"));
}

static gboolean
editor_in_monospace (gpointer data)
{
  const PangoFontDescription *desc =
    pango_context_get_font_description (gtk_widget_get_pango_context (data));

  return g_strcmp0 (pango_font_description_get_family (desc), "Monospace") == 0;
}

static void
test_appearance (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GPtrArray) combos = wd_test_find_widgets (GTK_WIDGET (f->window),
                                                      ADW_TYPE_COMBO_ROW);
  AdwComboRow *scheme = NULL;
  GtkFontChooser *font = GTK_FONT_CHOOSER (wd_test_find_widget (GTK_WIDGET (f->window),
                                                                GTK_TYPE_FONT_BUTTON));
  g_autofree char *value = NULL;

  for (guint i = 0; i < combos->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (combos->pdata[i]), "Style") == 0)
      scheme = combos->pdata[i];
  g_assert_nonnull (scheme);

  wd_preferences_apply_style (settings);
  adw_combo_row_set_selected (scheme, 2);
  value = g_settings_get_string (settings, "color-scheme");
  g_assert_cmpstr (value, ==, "dark");
  g_assert_cmpint (adw_style_manager_get_color_scheme (adw_style_manager_get_default ()), ==,
                   ADW_COLOR_SCHEME_FORCE_DARK);
  adw_combo_row_set_selected (scheme, 0);
  g_assert_cmpint (adw_style_manager_get_color_scheme (adw_style_manager_get_default ()), ==,
                   ADW_COLOR_SCHEME_DEFAULT);

  gtk_font_chooser_set_font (font, "Serif Bold 14");
  g_free (value);
  value = g_settings_get_string (settings, "editor-font");
  g_assert_cmpstr (value, ==, "Serif Bold 14");

  /* The section editors take the font at once. */
  {
    GtkWidget *window = gtk_window_new ();
    GtkWidget *card = wd_section_card_new (WD_SECTION_SUMMARY);
    GtkWidget *editor;
    const PangoFontDescription *desc;

    gtk_window_set_child (GTK_WINDOW (window), card);
    gtk_window_present (GTK_WINDOW (window));
    editor = wd_test_find_widget (card, GTK_TYPE_TEXT_VIEW);
    g_assert_nonnull (editor);
    g_assert_true (gtk_widget_has_css_class (editor, "section-editor"));
    desc = pango_context_get_font_description (gtk_widget_get_pango_context (editor));
    g_assert_cmpstr (pango_font_description_get_family (desc), ==, "Serif");
    /* GTK hands Pango pixels: 14 pt at 96 dpi */
    g_assert_cmpfloat_with_epsilon ((double) pango_font_description_get_size (desc) / PANGO_SCALE,
                                    14 * 96.0 / 72, 0.05);
    g_assert_cmpint (pango_font_description_get_weight (desc), ==, PANGO_WEIGHT_BOLD);

    g_settings_set_string (settings, "editor-font", "Monospace 9.5");
    g_assert_true (wd_test_wait_for (editor_in_monospace, editor));
    desc = pango_context_get_font_description (gtk_widget_get_pango_context (editor));
    g_assert_cmpstr (pango_font_description_get_family (desc), ==, "Monospace");
    g_assert_cmpfloat_with_epsilon ((double) pango_font_description_get_size (desc) / PANGO_SCALE,
                                    9.5 * 96.0 / 72, 0.05);
    gtk_window_destroy (GTK_WINDOW (window));
  }
}

/* A keyring of the test's own, on a private session bus, when
 * gnome-keyring is installed: the API-key test then stores a real key
 * through libsecret. Started before anything connects to the bus. */
static GTestDBus *
start_keyring (void)
{
  g_autofree char *daemon = g_find_program_in_path ("gnome-keyring-daemon");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *keyring_dir = NULL;
  GTestDBus *bus;

  if (daemon == NULL)
    {
      g_test_message ("gnome-keyring-daemon is not installed; the API-key test skips");
      return NULL;
    }
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  /* Outside a test case GLib points the XDG directories at /dev/null;
   * the daemon gets a runtime directory (its control socket) and a home
   * (the keyring files) of its own. */
  /* The daemon outlives this process a moment: it must not hold the
   * test's output open, or meson waits for it. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  keyring_dir = g_dir_make_tmp ("wd-keyring-XXXXXX", &error);
  g_assert_no_error (error);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", keyring_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", keyring_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", keyring_dir, TRUE);
  /* --unlock reads the new login keyring's password from stdin (an empty
   * one leaves no login keyring); the daemon then forks and claims
   * org.freedesktop.secrets. */
  process = g_subprocess_launcher_spawn (launcher, &error, daemon, "--unlock",
                                         "--components=secrets", NULL);
  if (process == NULL ||
      !g_subprocess_communicate_utf8 (process, "wiredesk-test", NULL, NULL, NULL, &error))
    g_test_message ("gnome-keyring-daemon did not start: %s", error->message);
  return bus;
}

int
main (int    argc,
      char **argv)
{
  gboolean display;
  gboolean keyring = TRUE;
  GTestDBus *bus = NULL;
  int status;

  /* --no-keyring: the run that checks what the editor is told when no
   * Secret Service answers (meson runs the file both ways). */
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--no-keyring"))
      {
        keyring = FALSE;
        for (int j = i; j < argc; j++)
          argv[j] = argv[j + 1];
        argc--;
        break;
      }
  display = wd_test_gui_init (&argc, &argv);

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  if (!display)
    {
      g_test_skip ("no display; run under xvfb-run");
      return g_test_run ();
    }
  if (keyring)
    bus = start_keyring ();
  adw_init ();

#define ADD(path, config, func) \
  g_test_add ("/gui/preferences/" path, Fixture, config, fixture_set_up, func, \
              fixture_tear_down)
  ADD ("add-backend", NULL, test_add_backend);
  ADD ("invalid-timeout", TWO_BACKENDS, test_invalid_timeout);
  ADD ("section-backend", TWO_BACKENDS, test_section_backend);
  ADD ("remove-backend", TWO_BACKENDS, test_remove_backend);
  ADD ("test-connection", TWO_BACKENDS, test_connection);
  ADD ("prompt-template", NULL, test_prompt_template);
  ADD ("policy-round-trip", NULL, test_policy_round_trip);
  ADD ("api-key-stored", TWO_BACKENDS, test_api_key_stored);
  ADD ("api-key-no-service", TWO_BACKENDS, test_api_key_no_service);
  ADD ("appearance", NULL, test_appearance);
#undef ADD

  status = g_test_run ();
  /* GTK and libsecret keep the bus connection to the end; stopping the
   * bus does not wait for them to let go, which g_test_dbus_down() and so
   * the last unref would (and then warn), so @bus is left to the exit. */
  if (bus != NULL)
    g_test_dbus_stop (bus);
  return status;
}
