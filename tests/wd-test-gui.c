/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-test-gui"

#include "wd-test-gui.h"
#include "wd-test-util.h"

gboolean
wd_test_gui_init (int    *argc,
                  char ***argv)
{
  g_auto(GStrv) data_dirs = NULL;
  g_autoptr(GStrvBuilder) mime_dirs = g_strv_builder_new ();
  g_auto(GStrv) mime_dirs_v = NULL;
  const char *env_dirs = g_getenv ("XDG_DATA_DIRS");

  /* The icons are SVG files in the resources, and GdkPixbuf picks its SVG
   * loader by the MIME database, which the isolated XDG directories would
   * hide; so the system's stays in use (as g_content_type_set_mime_dirs()
   * suggests for tests). */
  data_dirs = g_strsplit (env_dirs != NULL && *env_dirs != '\0' ? env_dirs
                                                               : "/usr/local/share:/usr/share",
                          ":", -1);
  for (guint i = 0; data_dirs[i] != NULL; i++)
    {
      g_autofree char *dir = g_build_filename (data_dirs[i], "mime", NULL);

      g_strv_builder_add (mime_dirs, dir);
    }
  mime_dirs_v = g_strv_builder_end (mime_dirs);

  wd_test_init (argc, argv);
  g_content_type_set_mime_dirs ((const char * const *) mime_dirs_v);

  /* gtk_test_init() would call g_test_init() a second time; this keeps the
   * isolated directories and the C locale from wd_test_init(). */
  gtk_disable_setlocale ();
  /* GTK 4 looks for the accessibility bus on the session bus, which
   * xvfb-run does not start, and warns when there is none. */
  g_setenv ("GTK_A11Y", "none", TRUE);
  if (!gtk_init_check ())
    return FALSE;

  /* The icon themes live in the system's data directories, which the
   * isolated ones hide too. */
  {
    GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());

    for (guint i = 0; data_dirs[i] != NULL; i++)
      {
        g_autofree char *icons = g_build_filename (data_dirs[i], "icons", NULL);

        gtk_icon_theme_add_search_path (theme, icons);
      }
  }
  /* Tests look at the end of a transition, not its middle. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  return TRUE;
}

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
wd_test_wait_for (WdTestWaitFunc func,
                  gpointer       data)
{
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  guint tick = g_timeout_add (20, wake_up, NULL);
  gboolean done;

  while (!(done = func (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  return done;
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found,
         gboolean   first_only)
{
  if (first_only && found->len > 0)
    return;
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    collect (c, type, found, first_only);
}

GtkWidget *
wd_test_find_widget (GtkWidget *widget,
                     GType      type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect (widget, type, found, TRUE);
  return found->len > 0 ? found->pdata[0] : NULL;
}

GPtrArray *
wd_test_find_widgets (GtkWidget *widget,
                      GType      type)
{
  GPtrArray *found = g_ptr_array_new ();

  collect (widget, type, found, FALSE);
  return found;
}
