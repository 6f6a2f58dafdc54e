/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-test-gui-screenshots"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "draft/wd-draft-job.h"
#include "wd-brief-view.h"
#include "wd-test-gui.h"
#include "wd-test-util.h"
#include "wd-window.h"

/* The main states of the window, rendered to PNGs in the build folder
 * (tests/screenshots/LANGUAGE/) for a person to look at: the empty
 * archive, a drafted brief, the narrow layout, dark mode and text at
 * 200 %. Run once per
 * language (meson runs it with LANGUAGE=de and zh_CN too). The test checks
 * that each picture was drawn; looking at them is the point. */

#define ARTICLE \
  "The city council approved a plan on Tuesday to plant twelve thousand trees along the " \
  "northern boulevards over the next four years, after a summer of record heat.\n\n" \
  "The plan costs forty million euros, paid from the climate fund, and the first trees go " \
  "into the ground in November, the council said in a statement.\n\n" \
  "Residents have asked for more shade for years, and a survey found that half of the " \
  "streets in the northern districts have no trees at all.\n\n" \
  "Maria Costa, who leads the parks department, said the city would water the young trees " \
  "for three summers. Maria Costa added that schools would help to care for them."

static char *out_dir;

static gboolean
wake_up (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets the window settle: layout, pages loaded, a few frames drawn. */
static void
settle (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, wake_up, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
save_png (GtkWidget  *window,
          const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (out_dir, name, NULL);
  GskRenderer *renderer;
  int width = 0;
  int height = 0;
  GStatBuf info;

  /* On a busy machine the window may not have its first frame yet, or a
   * layout may be pending, when a snapshot draws nothing. */
  for (guint i = 0; i < 100 && node == NULL; i++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      if (i > 0)
        settle (100);
      width = gtk_widget_get_width (window);
      height = gtk_widget_get_height (window);
      if (gtk_widget_get_mapped (window) && width > 0)
        gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  /* A picture of something, not of an empty window. */
  g_assert_cmpint (info.st_size, >, 20000);
  g_test_message ("wrote %s", path);
}

static WdWindow *
open_window (WdStore *store,
             int      width)
{
  g_autoptr(WdConfig) config = wd_config_new_empty ();
  g_autoptr(WdContext) context = wd_context_new (store, config);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  WdWindow *window;

  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", 800);
  g_settings_set_string (settings, "sidebar-filter", "all");
  window = wd_window_new (NULL, context);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
on_drafted (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (wd_draft_job_run_finish (WD_DRAFT_JOB (object), result, &error));
  *(gboolean *) user_data = TRUE;
}

/* An archive with a few briefs, the first drafted by the builtin engine. */
static WdStore *
drafted_archive (gint64 *out_brief)
{
  WdStore *store = wd_test_open_store (NULL);
  g_autoptr(WdConfig) config = wd_config_new_empty ();
  g_autoptr(WdContext) context = wd_context_new (store, config);
  g_autoptr(WdDraftJob) job = NULL;
  gboolean done = FALSE;

  *out_brief = wd_test_add_source (store, "Twelve thousand trees for the boulevards",
                                   "https://city.example/trees", "City Gazette", ARTICLE);
  wd_test_add_source (store, "Fountains to run all summer", "https://city.example/f",
                      "City Gazette", "The fountains of the old town will run until September, "
                      "the council said, after a summer of complaints about the heat.");
  wd_test_add_source (store, "Night buses return", "https://harbour.example/bus",
                      "Harbour Post", "Night buses return to the harbour district on Friday, "
                      "the transport authority said, after a year without them.");
  job = wd_draft_job_new (context, *out_brief);
  wd_draft_job_run_async (job, NULL, on_drafted, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  return store;
}

static void
close_window (WdWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  settle (100);
}

static void
test_screenshots (void)
{
  g_autoptr(WdStore) empty = wd_test_open_store (NULL);
  g_autoptr(WdStore) store = NULL;
  AdwStyleManager *style = adw_style_manager_get_default ();
  WdWindow *window;
  gint64 brief;

  window = open_window (empty, 1280);
  settle (600);
  save_png (GTK_WIDGET (window), "empty.png");
  close_window (window);

  store = drafted_archive (&brief);
  window = open_window (store, 1280);
  wd_window_show_brief (window, brief);
  settle (3000);
  save_png (GTK_WIDGET (window), "drafted.png");

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  settle (400);
  save_png (GTK_WIDGET (window), "dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  close_window (window);

  window = open_window (store, 800);
  wd_window_show_brief (window, brief);
  settle (2000);
  save_png (GTK_WIDGET (window), "narrow.png");
  close_window (window);

  /* Text at 200 % (Accessibility › Large Text and beyond): the same
   * brief, nothing clipped or overlapping. */
  {
    GtkSettings *gtk_settings = gtk_settings_get_default ();
    int dpi = 0;

    g_object_get (gtk_settings, "gtk-xft-dpi", &dpi, NULL);
    g_object_set (gtk_settings, "gtk-xft-dpi", 2 * 96 * 1024, NULL);
    window = open_window (store, 1600);
    wd_window_show_brief (window, brief);
    settle (2000);
    save_png (GTK_WIDGET (window), "large-text.png");
    close_window (window);
    g_object_set (gtk_settings, "gtk-xft-dpi", dpi, NULL);
  }
}

int
main (int    argc,
      char **argv)
{
  const char *localedir = g_getenv ("WIREDESK_LOCALEDIR");
  const char *language = NULL;
  g_autoptr(AdwApplication) app = NULL;
  gboolean display;

  /* --language=LL: which translation to picture (meson runs en, de and
   * zh_CN); taken out before GLib sees the options. */
  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--language="))
      {
        language = argv[i] + strlen ("--language=");
        for (int j = i; j < argc; j++)
          argv[j] = argv[j + 1];
        argc--;
        break;
      }
  if (language != NULL)
    g_setenv ("LANGUAGE", language, TRUE);

  display = wd_test_gui_init (&argc, &argv);
  if (localedir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  out_dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") != NULL ? g_getenv ("G_TEST_BUILDDIR")
                                                                   : ".",
                              "screenshots", language != NULL ? language : "en", NULL);
  g_mkdir_with_parents (out_dir, 0755);

  if (!display)
    {
      g_test_skip ("no display; run under xvfb-run");
      return g_test_run ();
    }
  /* The application loads the style sheets (style.css, style-dark.css)
   * from the resources as the real one does, so the pictures show the
   * app as editors see it. */
  app = adw_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  g_test_add_func ("/gui/screenshots", test_screenshots);
  return g_test_run ();
}
