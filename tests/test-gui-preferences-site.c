/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-test-gui-preferences-site"

#include <string.h>

#include <adwaita.h>

#include "publish/wd-render.h"
#include "wd-preferences-window-private.h"
#include "wd-test-gui.h"
#include "wd-test-util.h"

/* The Footer and Site groups of Preferences → Publishing, driven through
 * their widgets: the footer templates go into a real temporary archive
 * and a brief is rendered with them; the configuration is a real key file
 * in a temporary directory. */

typedef struct {
  char                *dir;
  char                *config_path;
  WdStore             *store;
  WdConfig            *config;
  WdContext           *context;
  WdPreferencesWindow *window;
} Fixture;

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
apply_text (GtkWidget  *root,
            const char *name,
            const char *text)
{
  GtkWidget *row = wd_test_find_named (root, name);

  g_assert_nonnull (row);
  g_assert_true (ADW_IS_ENTRY_ROW (row));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
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

static char *
buffer_text (WdFooterEditor *editor)
{
  GtkTextBuffer *buffer = wd_footer_editor_get_buffer (editor);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
has_text (gpointer data)
{
  g_autofree char *text = buffer_text (data);

  return *text != '\0';
}

typedef struct {
  WdFooterEditor *editor;
  int             version;
} VersionWait;

static gboolean
has_version (gpointer data)
{
  VersionWait *wait = data;

  return wd_footer_editor_get_version (wait->editor) == wait->version;
}

typedef struct {
  AdwActionRow *row;
  const char   *text;
} SubtitleWait;

static gboolean
subtitle_is (gpointer data)
{
  SubtitleWait *wait = data;

  return g_strcmp0 (adw_action_row_get_subtitle (wait->row), wait->text) == 0;
}

static char *
render_brief (Fixture *f,
              gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdBrief) brief = wd_store_load_brief (f->store, id, &error);
  g_autoptr(WdRenderOptions) options = NULL;
  char *html;

  g_assert_no_error (error);
  options = wd_render_options_new (f->store, f->config, &error);
  g_assert_no_error (error);
  html = wd_render_brief (brief, WD_RENDER_HTML, options, NULL, &error);
  g_assert_no_error (error);
  return html;
}

/* Saving the attribution keeps a new version that rendering then uses;
 * Reset saves the shipped text again, as one more version. */
static void
test_footer_edit_and_reset (Fixture       *f,
                            gconstpointer  data)
{
  const char *shipped = wd_render_footer_default ("footer_attribution");
  const char *edited = "Condensed from {{publisher}}: read it all on [{{domain}}]({{source_url}}).";
  gint64 id = wd_test_add_port_brief (f->store, "https://port.example.com/traffic",
                                      WD_TEST_PORT_SUMMARY);
  SubtitleWait subtitle = { f->window->footer_rows[0], NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *html = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *text = NULL;
  WdFooterEditor *editor;
  VersionWait wait;
  int version = 0;
  gboolean handled = FALSE;

  g_assert_nonnull (shipped);
  /* The row shows the text in use: the shipped one, none being saved. */
  subtitle.text = shipped;
  g_assert_true (wd_test_wait_for (subtitle_is, &subtitle));

  editor = wd_preferences_window_edit_footer (f->window, "footer_attribution");
  g_assert_true (wd_test_wait_for (has_text, editor));
  text = buffer_text (editor);
  g_assert_cmpstr (text, ==, shipped);
  g_assert_cmpint (wd_footer_editor_get_version (editor), ==, 0);

  /* A click on a variable inserts it at the cursor. */
  gtk_text_buffer_set_text (wd_footer_editor_get_buffer (editor), "", -1);
  g_assert_nonnull (wd_test_find_named (GTK_WIDGET (editor), "variables"));
  g_signal_emit_by_name (wd_test_find_named (GTK_WIDGET (editor), "variables"), "activate-link", "team",
                         &handled);
  g_assert_true (handled);
  g_clear_pointer (&text, g_free);
  text = buffer_text (editor);
  g_assert_cmpstr (text, ==, "{{team}}");

  gtk_text_buffer_set_text (wd_footer_editor_get_buffer (editor), edited, -1);
  wd_test_click (GTK_WIDGET (editor), "save");
  wait = (VersionWait) { editor, 1 };
  g_assert_true (wd_test_wait_for (has_version, &wait));

  stored = wd_store_get_template (f->store, "footer_attribution", 0, &version, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, edited);
  g_assert_cmpint (version, ==, 1);
  subtitle.text = edited;
  g_assert_true (wd_test_wait_for (subtitle_is, &subtitle));

  html = render_brief (f, id);
  g_assert_nonnull (strstr (html, "Condensed from "));
  g_assert_nonnull (strstr (html, "https://port.example.com/traffic"));
  g_assert_null (strstr (html, "we don't republish"));
  g_assert_null (strstr (html, "{{"));

  wd_test_click (GTK_WIDGET (editor), "reset");
  wait.version = 2;
  g_assert_true (wd_test_wait_for (has_version, &wait));
  g_clear_pointer (&text, g_free);
  text = buffer_text (editor);
  g_assert_cmpstr (text, ==, shipped);
  g_clear_pointer (&stored, g_free);
  stored = wd_store_get_template (f->store, "footer_attribution", 0, &version, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, shipped);
  g_assert_cmpint (version, ==, 2);
  subtitle.text = shipped;
  g_assert_true (wd_test_wait_for (subtitle_is, &subtitle));

  g_clear_pointer (&html, g_free);
  html = render_brief (f, id);
  g_assert_null (strstr (html, "Condensed from "));

  gtk_window_destroy (GTK_WINDOW (editor));
}

/* Name and team are written to [site]; an address that is not http(s)
 * shows rendering's own sentence in the group and writes nothing. */
static void
test_site_values (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (f->window);
  GtkWidget *error_label = wd_test_find_named (root, "site-error");
  g_autoptr(GKeyFile) key_file = NULL;
  g_autofree char *name = NULL;
  g_autofree char *team = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_nonnull (error_label);
  g_assert_false (gtk_widget_get_visible (error_label));

  apply_text (root, "site-name", "Harbour Desk");
  apply_text (root, "site-team", "  The Harbour Desk editors ");
  key_file = load_config_from_disk (f);
  name = g_key_file_get_string (key_file, "site", "name", NULL);
  team = g_key_file_get_string (key_file, "site", "team", NULL);
  g_assert_cmpstr (name, ==, "Harbour Desk");
  g_assert_cmpstr (team, ==, "The Harbour Desk editors");
  g_assert_false (gtk_widget_get_visible (error_label));

  before = read_config (f);
  apply_text (root, "site-url", "ftp://news.example.org");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)),
                            "ftp://news.example.org"));
  g_assert_true (gtk_widget_has_css_class (wd_test_find_named (root, "site-url"), "error"));
  after = read_config (f);
  g_assert_cmpstr (after, ==, before);
  /* Nor does the running app use it. */
  g_assert_false (g_key_file_has_key (wd_config_get_key_file (f->config), "site", "url", NULL));

  apply_text (root, "site-url", "https://news.example.org");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_clear_pointer (&key_file, g_key_file_unref);
  key_file = load_config_from_disk (f);
  g_clear_pointer (&name, g_free);
  name = g_key_file_get_string (key_file, "site", "url", NULL);
  g_assert_cmpstr (name, ==, "https://news.example.org");

  /* Emptying a value removes the key: rendering falls back to its default. */
  apply_text (root, "site-team", "");
  g_clear_pointer (&key_file, g_key_file_unref);
  key_file = load_config_from_disk (f);
  g_assert_false (g_key_file_has_key (key_file, "site", "team", NULL));
}

/* What the chooser's response does with a chosen file writes template=,
 * relative to the configuration; the other button removes it. */
static void
test_stylesheet (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (f->window);
  g_autofree char *css_path = g_build_filename (f->dir, "harbour.css", NULL);
  g_autoptr(GFile) css = g_file_new_for_path (css_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GKeyFile) key_file = NULL;
  g_autofree char *value = NULL;
  AdwActionRow *row = ADW_ACTION_ROW (wd_test_find_named (root, "stylesheet"));

  g_file_set_contents (css_path, "body { color: #123; }\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "Built-in");
  g_assert_false (gtk_widget_is_sensitive (wd_test_find_named (root, "stylesheet-clear")));

  g_assert_true (wd_preferences_window_set_stylesheet (f->window, css));
  key_file = load_config_from_disk (f);
  value = g_key_file_get_string (key_file, "site", "template", NULL);
  g_assert_cmpstr (value, ==, "harbour.css");
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "harbour.css");

  wd_test_click (root, "stylesheet-clear");
  g_clear_pointer (&key_file, g_key_file_unref);
  key_file = load_config_from_disk (f);
  g_assert_false (g_key_file_has_key (key_file, "site", "template", NULL));
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "Built-in");
}

/* A stylesheet rendering cannot read is refused with its sentence. */
static void
test_stylesheet_unreadable (Fixture       *f,
                            gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (f->window);
  g_autofree char *css_path = g_build_filename (f->dir, "missing.css", NULL);
  g_autoptr(GFile) css = g_file_new_for_path (css_path);
  g_autofree char *before = read_config (f);
  g_autofree char *after = NULL;

  g_assert_false (wd_preferences_window_set_stylesheet (f->window, css));
  g_assert_true (gtk_widget_get_visible (wd_test_find_named (root, "site-error")));
  after = read_config (f);
  g_assert_cmpstr (after, ==, before);
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
  /* A session bus of the test's own, with no Secret Service on it. */
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  adw_init ();

#define ADD(path, config, func) \
  g_test_add ("/gui/preferences-site/" path, Fixture, config, fixture_set_up, func, \
              fixture_tear_down)
  ADD ("footer-edit-reset", NULL, test_footer_edit_and_reset);
  ADD ("site-values", "[site]\nname=Wiredesk\n", test_site_values);
  ADD ("stylesheet", NULL, test_stylesheet);
  ADD ("stylesheet-unreadable", NULL, test_stylesheet_unreadable);
#undef ADD

  status = g_test_run ();
  /* As in test-gui-preferences.c: GTK and libsecret keep the connection
   * to the end, so the bus is stopped, not torn down. */
  g_test_dbus_stop (bus);
  return status;
}
