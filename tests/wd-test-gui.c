/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-test-gui"

#include "wd-test-gui.h"
#include "wd-test-util.h"

static gboolean
is_gtk_tooltip_critical (const char *log_domain,
                         const char *message)
{
  return message != NULL &&
         ((g_strcmp0 (log_domain, "Gdk") == 0 &&
           g_str_has_prefix (message, "gdk_surface_get_device_position: assertion "
                                      "'GDK_IS_SURFACE (surface)'")) ||
          (g_strcmp0 (log_domain, "Gtk") == 0 &&
           g_str_has_prefix (message, "_gtk_widget_find_at_coords: assertion "
                                      "'GDK_IS_SURFACE (surface)'")));
}

static gboolean
ignore_gtk_tooltip_critical (const char     *log_domain,
                             GLogLevelFlags  log_level,
                             const char     *message,
                             gpointer        user_data)
{
  return !is_gtk_tooltip_critical (log_domain, message);
}

static void
log_gtk (const char     *log_domain,
         GLogLevelFlags  log_level,
         const char     *message,
         gpointer        user_data)
{
  if (is_gtk_tooltip_critical (log_domain, message))
    {
      /* GLib resets the fatal handler for each test case; it is asked
       * right after this handler returns. */
      g_test_log_set_fatal_handler (ignore_gtk_tooltip_critical, NULL);
      g_test_message ("ignored GTK 4.8 tooltip critical: %s", message);
    }
  else
    g_log_default_handler (log_domain, log_level, message, user_data);
}

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
  /* GTK 4.8's tooltip can fire its popup timer after the window it
   * belongs to was destroyed (a busy machine, a test closing a dialog)
   * and positions itself on no surface: those two criticals are GTK's,
   * not ours; every other stays fatal. */
  g_log_set_handler ("Gdk", G_LOG_LEVEL_CRITICAL | G_LOG_FLAG_FATAL, log_gtk, NULL);
  g_log_set_handler ("Gtk", G_LOG_LEVEL_CRITICAL | G_LOG_FLAG_FATAL, log_gtk, NULL);
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

gboolean
wd_test_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

GtkWidget *
wd_test_find_named (GtkWidget  *root,
                    const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = wd_test_find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
wd_test_click (GtkWidget  *root,
               const char *name)
{
  GtkWidget *button = wd_test_find_named (root, name);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

void
wd_test_type_into (GtkWidget  *root,
                   const char *name,
                   const char *text)
{
  GtkWidget *row = wd_test_find_named (root, name);

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_visible (row));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}
