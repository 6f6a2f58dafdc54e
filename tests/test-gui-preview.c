/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-test-gui-preview"

#include <string.h>

#include <adwaita.h>
#include <webkit/webkit.h>

#include "wd-preview-window.h"
#include "wd-test-gui.h"
#include "wd-test-util.h"

/* The preview shows the rendered page in WebKit: the headline as the
 * page's title, a section's raw HTML as text (no script element, nothing
 * run), and it follows the brief's changes while open. */

typedef struct {
  WdStore         *store;
  WdContext       *context;
  WdPreviewWindow *preview;
  gint64           brief_id;
  char            *config_dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(WdConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *config_path = NULL;
  WdRevisionInfo info = WD_REVISION_INFO_EDITOR;

  f->store = wd_test_open_store (NULL);
  f->brief_id = wd_test_add_port_brief (f->store, "https://port.example.com/q3",
                                        WD_TEST_PORT_SUMMARY);
  wd_store_add_revision (f->store, f->brief_id, WD_SECTION_WATCH,
                         "Watch the terminal. <script>document.title = 'owned'</script>",
                         &info, &error);
  g_assert_no_error (error);

  f->config_dir = wd_test_make_tmpdir ();
  config_path = g_build_filename (f->config_dir, "wiredesk.conf", NULL);
  g_file_set_contents (config_path, "[site]\nname=Port Desk\n", -1, &error);
  g_assert_no_error (error);
  config = wd_config_load (config_path, &error);
  g_assert_no_error (error);
  f->context = wd_context_new (f->store, config);
  f->preview = wd_preview_window_new (NULL, f->context, f->brief_id);
  gtk_window_present (GTK_WINDOW (f->preview));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  WdPreviewWindow *preview = f->preview;

  g_object_add_weak_pointer (G_OBJECT (preview), (gpointer *) &preview);
  gtk_window_destroy (GTK_WINDOW (f->preview));
  g_assert_true (wd_test_wait_for (wd_test_is_null, &preview));
  g_clear_object (&f->context);
  g_clear_object (&f->store);
  g_free (f->config_dir);
}

typedef struct {
  Fixture *f;
  guint    loads;
} Wait;

static gboolean
has_loaded (gpointer data)
{
  Wait *wait = data;

  return wd_preview_window_get_loads (wait->f->preview) >= wait->loads;
}

typedef struct {
  Fixture    *f;
  const char *text;
} TitleWait;

/* The page's <title> names @text, and no load is under way. */
static gboolean
title_has (gpointer data)
{
  TitleWait *wait = data;
  WebKitWebView *view = WEBKIT_WEB_VIEW (wd_preview_window_get_view (wait->f->preview));
  const char *title = webkit_web_view_get_title (view);

  return !webkit_web_view_is_loading (view) && title != NULL
         && strstr (title, wait->text) != NULL;
}

typedef struct {
  guint    matches;
  gboolean done;
} Count;

static void
on_counted (WebKitFindController *finder,
            guint                 matches,
            Count                *count)
{
  count->matches = matches;
  count->done = TRUE;
}

static void
on_not_found (WebKitFindController *finder,
              Count                *count)
{
  count->matches = 0;
  count->done = TRUE;
}

static gboolean
is_counted (gpointer data)
{
  return ((Count *) data)->done;
}

/* How often @text shows on the page, as the editor would find it with
 * Ctrl+F: rendered text, not markup. */
static guint
count_on_page (Fixture    *f,
               const char *text)
{
  WebKitWebView *view = WEBKIT_WEB_VIEW (wd_preview_window_get_view (f->preview));
  WebKitFindController *finder = webkit_web_view_get_find_controller (view);
  Count count = { 0, FALSE };
  gulong counted = g_signal_connect (finder, "counted-matches", G_CALLBACK (on_counted), &count);
  gulong failed = g_signal_connect (finder, "failed-to-find-text", G_CALLBACK (on_not_found),
                                    &count);

  webkit_find_controller_count_matches (finder, text, WEBKIT_FIND_OPTIONS_NONE, 100);
  g_assert_true (wd_test_wait_for (is_counted, &count));
  g_signal_handler_disconnect (finder, counted);
  g_signal_handler_disconnect (finder, failed);
  return count.matches;
}

static void
test_page (Fixture       *f,
           gconstpointer  data)
{
  Wait wait = { f, 1 };
  TitleWait title = { f, "Port traffic up 12 percent" };

  g_assert_true (wd_test_wait_for (has_loaded, &wait));
  g_assert_true (wd_test_wait_for (title_has, &title));

  /* The section's raw HTML shows as text; the summary is there. */
  g_assert_cmpuint (count_on_page (f, "<script>document.title = 'owned'</script>"), ==, 1);
  g_assert_cmpuint (count_on_page (f, "Container traffic at the port rose 12 percent"), ==, 1);
  g_assert_cmpuint (count_on_page (f, "We summarize, we don't republish"), ==, 1);
}

static void
test_follows_changes (Fixture       *f,
                      gconstpointer  data)
{
  TitleWait first = { f, "Port traffic up 12 percent" };
  TitleWait changed = { f, "Port traffic hits a record" };
  g_autoptr(GError) error = NULL;

  g_assert_true (wd_test_wait_for (title_has, &first));
  wd_store_set_headline (f->store, f->brief_id, "Port traffic hits a record", &error);
  g_assert_no_error (error);
  g_assert_true (wd_test_wait_for (title_has, &changed));
}

int
main (int    argc,
      char **argv)
{
  if (!wd_test_gui_init (&argc, &argv))
    return 77;
  /* WebKit's web process inherits the environment, and warns that it
   * finds no accessibility bus under Xvfb; fatal there, it would die
   * before showing anything. This process keeps its fatal warnings. */
  g_setenv ("G_DEBUG", "gc-friendly", TRUE);

  g_test_add ("/gui/preview/page", Fixture, NULL, fixture_set_up, test_page,
              fixture_tear_down);
  g_test_add ("/gui/preview/follows-changes", Fixture, NULL, fixture_set_up,
              test_follows_changes, fixture_tear_down);

  return g_test_run ();
}
