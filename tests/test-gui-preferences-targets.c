/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-test-gui-preferences-targets"

#include <string.h>

#include <adwaita.h>

#include "wd-preferences-window-private.h"
#include "wd-test-gui.h"
#include "wd-test-util.h"

/* The publish targets of Preferences, driven through their widgets: the
 * configuration is a real key file in a temporary directory, a static
 * target writes into a real directory there, and the session bus is a
 * private one on which no Secret Service runs. */

typedef struct {
  char                *dir;
  char                *config_path;
  WdStore             *store;
  WdConfig            *config;
  WdContext           *context;
  WdPreferencesWindow *window;
} Fixture;

#define BLOG_DEFAULT \
  "[defaults]\ntarget=blog\n\n" \
  "[target blog]\nkind=wordpress\nurl=https://blog.example.org\nuser=editor\n"

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

static void
choose_kind (GtkWidget *root,
             guint      kind)
{
  adw_combo_row_set_selected (ADW_COMBO_ROW (wd_test_find_named (root, "kind")), kind);
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

/* The row titled @title in the preferences, or NULL. */
static GtkWidget *
find_row (Fixture    *f,
          const char *title)
{
  g_autoptr(GPtrArray) rows = wd_test_find_widgets (GTK_WIDGET (f->window),
                                                    ADW_TYPE_ACTION_ROW);

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (rows->pdata[i]), title) == 0)
      return rows->pdata[i];
  return NULL;
}

/* Whether the row of @title carries the "Default" mark. */
static gboolean
row_is_default (Fixture    *f,
                const char *title)
{
  GtkWidget *row = find_row (f, title);
  g_autoptr(GPtrArray) labels = NULL;

  g_assert_nonnull (row);
  labels = wd_test_find_widgets (row, GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_text (labels->pdata[i]), "Default") == 0)
      return TRUE;
  return FALSE;
}

static gboolean
label_shown (gpointer data)
{
  return gtk_widget_get_visible (data) && *gtk_label_get_text (data) != '\0';
}

typedef struct {
  GtkWidget  *label;
  const char *needle;
} LabelWait;

static gboolean
label_has (gpointer data)
{
  LabelWait *wait = data;

  return gtk_widget_get_visible (wait->label)
         && strstr (gtk_label_get_text (GTK_LABEL (wait->label)), wait->needle) != NULL;
}

static void
on_saved_string (GtkWidget  *editor,
                 const char *name,
                 char      **out)
{
  g_free (*out);
  *out = g_strdup (name);
}

/* The editor the Add button opens. */
static WdTargetEditor *
add_through_button (Fixture *f)
{
  WdTargetEditor *editor = NULL;
  GList *toplevels;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "prefs.add-target",
                                             NULL));
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (WD_IS_TARGET_EDITOR (l->data))
      editor = l->data;
  g_list_free (toplevels);
  g_assert_nonnull (editor);
  return editor;
}

static void
test_static_target (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *site = g_build_filename (f->dir, "site", "briefs", NULL);
  g_autofree char *before = read_config (f);
  g_autofree char *after = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *value = NULL;
  g_autoptr(GKeyFile) key_file = NULL;
  WdTargetEditor *editor = add_through_button (f);
  GtkWidget *root = GTK_WIDGET (editor);
  GtkWidget *result = wd_test_find_named (root, "test-result");
  LabelWait wait = { result, "writable" };

  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  g_signal_connect (editor, "saved", G_CALLBACK (on_saved_string), &saved);
  g_assert_true (row_is_default (f, "blog"));

  wd_test_type_into (root, "name", "files");
  choose_kind (root, 2);
  /* A static target has no secret and no address to reach. */
  g_assert_false (gtk_widget_get_visible (wd_test_find_named (root, "url")));
  g_assert_false (gtk_widget_is_visible (wd_test_find_named (root, "secret-note")));
  wd_test_type_into (root, "dir", site);
  wd_test_type_into (root, "base-url", "https://example.org/briefs/");

  /* Test tries the values as typed: the static target makes its directory
   * and checks that it can write there; nothing is saved yet. */
  wd_test_click (root, "test");
  g_assert_true (wd_test_wait_for (label_has, &wait));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (result)), site));
  g_assert_true (gtk_widget_has_css_class (result, "success"));
  g_assert_true (g_file_test (site, G_FILE_TEST_IS_DIR));
  after = read_config (f);
  g_assert_cmpstr (after, ==, before);
  g_assert_null (saved);

  wd_test_click (root, "save");
  g_assert_cmpstr (saved, ==, "files");
  /* No secret to store: the window closes. */
  g_assert_true (wd_test_wait_for (wd_test_is_null, &editor));

  key_file = load_config_from_disk (f);
  value = g_key_file_get_string (key_file, "target files", "kind", NULL);
  g_assert_cmpstr (value, ==, "static");
  g_free (value);
  value = g_key_file_get_string (key_file, "target files", "dir", NULL);
  g_assert_cmpstr (value, ==, site);
  g_free (value);
  value = g_key_file_get_string (key_file, "target files", "base-url", NULL);
  g_assert_cmpstr (value, ==, "https://example.org/briefs/");
  g_assert_false (g_key_file_has_key (key_file, "target files", "url", NULL));
  g_free (value);
  value = g_key_file_get_string (key_file, "defaults", "target", NULL);
  g_assert_cmpstr (value, ==, "blog");
  g_assert_nonnull (find_row (f, "files"));
  g_assert_false (row_is_default (f, "files"));

  /* Opened again: Test answers for the saved target too; then it becomes
   * the default. */
  editor = wd_preferences_window_edit_target (f->window, "files");
  root = GTK_WIDGET (editor);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  g_assert_false (gtk_widget_get_visible (wd_test_find_named (root, "name")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (wd_test_find_named (root, "dir"))), ==, site);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (wd_test_find_named (root, "default"))));
  wait.label = wd_test_find_named (root, "test-result");
  wd_test_click (root, "test");
  g_assert_true (wd_test_wait_for (label_has, &wait));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (wait.label)), "0 briefs"));

  gtk_switch_set_active (GTK_SWITCH (wd_test_find_named (root, "default")), TRUE);
  wd_test_click (root, "save");
  g_assert_true (wd_test_wait_for (wd_test_is_null, &editor));
  g_key_file_unref (key_file);
  key_file = load_config_from_disk (f);
  g_free (value);
  value = g_key_file_get_string (key_file, "defaults", "target", NULL);
  g_assert_cmpstr (value, ==, "files");
  g_free (value);
  value = wd_config_dup_default (f->config, "target");
  g_assert_cmpstr (value, ==, "files");
  g_assert_true (row_is_default (f, "files"));
  g_assert_false (row_is_default (f, "blog"));
}

static void
test_site_no_secret_service (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *saved = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *value = NULL;
  g_autoptr(GKeyFile) key_file = NULL;
  WdTargetEditor *editor = wd_preferences_window_edit_target (f->window, NULL);
  GtkWidget *root = GTK_WIDGET (editor);
  GtkWidget *note = wd_test_find_named (root, "secret-note");
  LabelWait wait = { note, "WIREDESK_SECRET_NEWS_SITE" };

  g_signal_connect (editor, "saved", G_CALLBACK (on_saved_string), &saved);
  wd_test_type_into (root, "name", "news-site");
  choose_kind (root, 1);
  g_assert_false (gtk_widget_get_visible (wd_test_find_named (root, "user")));
  wd_test_type_into (root, "url", "http://127.0.0.1:9/api");
  wd_test_type_into (root, "timeout", "20");
  /* Typed before the editor has heard that no keyring answers. */
  wd_test_type_into (root, "secret", "tok-not-a-real-token");
  wd_test_click (root, "save");

  /* The group is saved; the token has nowhere to go, and the window says
   * which variable to set instead. */
  g_assert_cmpstr (saved, ==, "news-site");
  g_assert_true (wd_test_wait_for (label_has, &wait));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (note)), "No Secret Service"));
  g_assert_null (wd_test_find_named (root, "secret"));
  g_assert_true (gtk_widget_get_visible (root));

  contents = read_config (f);
  g_assert_null (strstr (contents, "tok-not"));
  key_file = load_config_from_disk (f);
  value = g_key_file_get_string (key_file, "target news-site", "kind", NULL);
  g_assert_cmpstr (value, ==, "site-json");
  g_free (value);
  value = g_key_file_get_string (key_file, "target news-site", "url", NULL);
  g_assert_cmpstr (value, ==, "http://127.0.0.1:9/api");
  g_assert_cmpint (g_key_file_get_integer (key_file, "target news-site", "timeout", NULL), ==,
                   20);
  gtk_window_destroy (GTK_WINDOW (editor));

  /* Opened again, it offers no field for a token it could not keep. */
  editor = wd_preferences_window_edit_target (f->window, "news-site");
  root = GTK_WIDGET (editor);
  wait.label = wd_test_find_named (root, "secret-note");
  g_assert_true (wd_test_wait_for (label_has, &wait));
  g_assert_null (wd_test_find_named (root, "secret"));
  g_assert_true (gtk_widget_has_css_class (wait.label, "dim-label"));
  gtk_window_destroy (GTK_WINDOW (editor));
  g_assert_nonnull (find_row (f, "news-site"));
}

static void
test_bad_values (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *before = read_config (f);
  g_autofree char *after = NULL;
  g_autofree char *saved = NULL;
  WdTargetEditor *editor = wd_preferences_window_edit_target (f->window, NULL);
  GtkWidget *root = GTK_WIDGET (editor);
  GtkWidget *label = wd_test_find_named (root, "url-error");
  GtkWidget *general = wd_test_find_named (root, "error");

  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  g_signal_connect (editor, "saved", G_CALLBACK (on_saved_string), &saved);

  /* The name first: missing, with a bracket, or taken. */
  choose_kind (root, 1);
  wd_test_type_into (root, "url", "https://example.org/api");
  wd_test_click (root, "save");
  g_assert_true (label_shown (general));
  wd_test_type_into (root, "name", "a]b");
  wd_test_click (root, "save");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (general)), "a]b"));
  wd_test_type_into (root, "name", "blog");
  wd_test_click (root, "save");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (general)), "already"));

  /* An ftp:// address: the target's own sentence, at the field. */
  wd_test_type_into (root, "name", "mirror");
  wd_test_type_into (root, "url", "ftp://example.org/briefs");
  wd_test_click (root, "save");
  g_assert_false (gtk_widget_get_visible (general));
  g_assert_true (label_shown (label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "ftp://example.org"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "http or https"));
  g_assert_true (gtk_widget_has_css_class (wd_test_find_named (root, "url"), "error"));
  /* Test refuses it the same way, before reaching anything. */
  gtk_widget_set_visible (label, FALSE);
  wd_test_click (root, "test");
  g_assert_true (label_shown (label));
  g_assert_false (gtk_widget_get_visible (wd_test_find_named (root, "test-result")));

  /* A WordPress target: the same address, its own sentence. */
  choose_kind (root, 0);
  wd_test_type_into (root, "url", "ftp://example.org");
  wd_test_type_into (root, "user", "editor");
  wd_test_click (root, "save");
  g_assert_true (label_shown (label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "url="));
  wd_test_type_into (root, "url", "https://example.org");
  wd_test_type_into (root, "idle-timeout", "soon");
  wd_test_click (root, "save");
  g_assert_false (gtk_widget_get_visible (label));
  g_assert_true (label_shown (wd_test_find_named (root, "idle-timeout-error")));

  /* Nothing was saved: not the file, not the running configuration. */
  g_assert_null (saved);
  after = read_config (f);
  g_assert_cmpstr (after, ==, before);
  g_free (after);
  after = wd_config_dup_named (f->config, "target", "mirror", "url");
  g_assert_null (after);
  g_assert_null (find_row (f, "mirror"));
  g_assert_true (gtk_widget_get_visible (root));

  /* Fixed, it saves; the status goes in as chosen. */
  wd_test_type_into (root, "idle-timeout", "");
  adw_combo_row_set_selected (ADW_COMBO_ROW (wd_test_find_named (root, "status")), 1);
  wd_test_click (root, "save");
  g_assert_cmpstr (saved, ==, "mirror");
  after = wd_config_dup_named (f->config, "target", "mirror", "status");
  g_assert_cmpstr (after, ==, "draft");
  g_assert_true (wd_test_wait_for (wd_test_is_null, &editor));
  g_assert_nonnull (find_row (f, "mirror"));
}

static void
test_remove_target (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GKeyFile) key_file = NULL;
  WdTargetEditor *editor;
  GtkWidget *row = find_row (f, "blog");
  GtkWidget *edit;
  gboolean asked = FALSE;
  GList *toplevels;

  /* The row's edit button opens the editor. */
  g_assert_nonnull (row);
  edit = wd_test_find_widget (row, GTK_TYPE_BUTTON);
  g_assert_nonnull (edit);
  g_signal_emit_by_name (edit, "clicked");
  toplevels = gtk_window_list_toplevels ();
  editor = NULL;
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (WD_IS_TARGET_EDITOR (l->data))
      editor = l->data;
  g_list_free (toplevels);
  g_assert_nonnull (editor);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (wd_test_find_named (GTK_WIDGET (editor),
                                                                 "default"))));

  wd_test_click (GTK_WIDGET (editor), "remove");
  /* It asks first. */
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data))
      {
        asked = TRUE;
        adw_message_dialog_response (l->data, "remove");
        gtk_window_destroy (l->data);
      }
  g_list_free (toplevels);
  g_assert_true (asked);
  g_assert_true (wd_test_wait_for (wd_test_is_null, &editor));

  key_file = load_config_from_disk (f);
  g_assert_false (g_key_file_has_group (key_file, "target blog"));
  g_assert_false (g_key_file_has_key (key_file, "defaults", "target", NULL));
  g_assert_null (find_row (f, "blog"));
  g_assert_nonnull (find_row (f, "No publish targets yet"));
}

int
main (int    argc,
      char **argv)
{
  GTestDBus *bus;
  int status;

  if (!wd_test_gui_init (&argc, &argv))
    {
      g_test_skip ("no display; run under xvfb-run");
      return g_test_run ();
    }
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_unsetenv ("WIREDESK_SECRET_NEWS_SITE");
  g_unsetenv ("WIREDESK_SECRET_FILES");
  g_unsetenv ("WIREDESK_SECRET_BLOG");
  /* A session bus of the test's own, with no Secret Service on it,
   * whatever runs on the developer's desktop. */
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  adw_init ();

#define ADD(path, config, func) \
  g_test_add ("/gui/preferences-targets/" path, Fixture, config, fixture_set_up, func, \
              fixture_tear_down)
  ADD ("static", BLOG_DEFAULT, test_static_target);
  ADD ("site-no-secret-service", NULL, test_site_no_secret_service);
  ADD ("bad-values", BLOG_DEFAULT, test_bad_values);
  ADD ("remove", BLOG_DEFAULT, test_remove_target);
#undef ADD

  status = g_test_run ();
  /* As in test-gui-preferences.c: GTK and libsecret keep the connection
   * to the end, so the bus is stopped, not torn down. */
  g_test_dbus_stop (bus);
  return status;
}
