/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-test-gui-kill"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "wd-test-gui.h"
#include "wd-test-util.h"

/* Nothing typed is lost: the real app, on a real archive, is typed into
 * through the X server (xdotool) as an editor would, then killed — with
 * SIGKILL one second after the last key, and with SIGTERM at once. The
 * archive must hold the text. */

#define SOURCE_TEXT \
  "The city council approved a plan on Tuesday to plant twelve thousand trees along the " \
  "northern boulevards over the next four years, after a summer of record heat."

/* The system's data directories, before the test isolates its own: the
 * app needs the MIME database in them to load its SVG icons. */
static char *system_data_dirs;

typedef struct {
  char    *db;
  gint64   brief_id;
  GPid     pid;
  char    *window;
} Fixture;

static gboolean
run (const char * const *argv,
     char              **out)
{
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out, NULL,
                     &status, &error))
    g_error ("%s: %s", argv[0], error->message);
  return g_spawn_check_wait_status (status, NULL);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(WdStore) store = wd_test_open_store (&f->db);

  f->brief_id = wd_test_add_source (store, "Twelve thousand trees", "https://city.example/t",
                                    "City Gazette", SOURCE_TEXT);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->pid != 0)
    {
      kill (f->pid, SIGKILL);
      waitpid (f->pid, NULL, 0);
      g_spawn_close_pid (f->pid);
    }
  g_free (f->window);
  g_free (f->db);
}

/* Starts the app on the archive and waits for its window. */
static void
start_app (Fixture *f)
{
  const char *app = g_getenv ("WIREDESK_APP");
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *argv[] = { app, NULL };
  g_autofree char *pid = NULL;
  /* By the app's process: meson runs the other GUI tests on the same X
   * server at the same time, with windows of the same name. */
  const char *search[] = { "timeout", "30", "xdotool", "search", "--sync", "--onlyvisible",
                           "--pid", NULL, "--name", "^Wiredesk$", NULL };

  g_assert_nonnull (app);
  env = g_environ_setenv (env, "WIREDESK_DB", f->db, TRUE);
  /* Its own temporary XDG homes: GLib isolated ours without exporting. */
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  env = g_environ_setenv (env, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  env = g_environ_setenv (env, "XDG_DATA_DIRS", system_data_dirs, TRUE);
  env = g_environ_setenv (env, "GTK_A11Y", "none", TRUE);
  /* Without a session bus (xvfb-run starts none) GTK warns once; in this
   * test that is the environment's, not the app's. */
  env = g_environ_unsetenv (env, "G_DEBUG");
  if (!g_spawn_async (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &f->pid,
                      &error))
    g_error ("%s: %s", app, error->message);

  pid = g_strdup_printf ("%d", (int) f->pid);
  search[7] = pid;
  if (!run (search, &out))
    g_error ("the app's window did not appear");
  /* The archive opens and the list loads its first page off the main
   * thread, after the window shows; then the window is looked up again,
   * as a window seen while the app starts may be gone by then. */
  g_usleep (G_USEC_PER_SEC * 3 / 2);
  g_clear_pointer (&out, g_free);
  if (!run (search, &out))
    g_error ("the app's window went away");
  f->window = g_strdup (g_strstrip (out));
  /* xdotool prints one window per line; the first is the main window. */
  if (strchr (f->window, '\n') != NULL)
    *strchr (f->window, '\n') = '\0';
}

/* Opens the brief (a click on the first row of the list, under the seven
 * rows of the sidebar's filters) and types @text into what to watch
 * (Alt+4). */
static void
type_into_watch (Fixture    *f,
                 const char *text)
{
  const char *activate[] = { "xdotool", "windowactivate", "--sync", f->window, NULL };
  const char *click[] = { "xdotool", "mousemove", "--window", f->window, "150", "395",
                          "click", "1", NULL };
  const char *focus[] = { "xdotool", "key", "--window", f->window, "alt+4", NULL };
  const char *type[] = { "xdotool", "type", "--delay", "20", text, NULL };

  run (activate, NULL);
  g_assert_true (run (click, NULL));
  g_usleep (G_USEC_PER_SEC);
  g_assert_true (run (focus, NULL));
  g_usleep (G_USEC_PER_SEC / 4);
  g_assert_true (run (type, NULL));
}

static char *
stored_watch (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdStore) store = wd_store_open (f->db, &error);
  g_autoptr(WdBrief) brief = NULL;

  g_assert_no_error (error);
  brief = wd_store_load_brief (store, f->brief_id, &error);
  g_assert_no_error (error);
  return g_strdup (wd_section_get_text (wd_brief_get_section (brief, WD_SECTION_WATCH)));
}

static gboolean
have_xdotool (void)
{
  g_autofree char *path = g_find_program_in_path ("xdotool");

  if (path != NULL && g_getenv ("DISPLAY") != NULL)
    return TRUE;
  g_test_skip ("needs xdotool and an X display (build-aux/dev installs xdotool; run under "
               "xvfb-run)");
  return FALSE;
}

/* The AddressSanitizer build runs everything a few times slower, the app
 * reading its X events among them; tests/meson.build says how much slower
 * in WIREDESK_TEST_TIME_SCALE, so that "one second after typing" means the
 * same there as in a normal build. */
static gulong
scaled (gulong usec)
{
  const char *scale = g_getenv ("WIREDESK_TEST_TIME_SCALE");
  guint64 factor = scale != NULL ? g_ascii_strtoull (scale, NULL, 10) : 1;

  return usec * MAX (factor, 1);
}

static void
test_sigkill (Fixture       *f,
              gconstpointer  data)
{
  const char *text = "Watch the November planting";
  g_autofree char *stored = NULL;
  int status = 0;

  if (!have_xdotool ())
    return;
  start_app (f);
  type_into_watch (f, text);
  g_usleep (scaled (G_USEC_PER_SEC));
  kill (f->pid, SIGKILL);
  waitpid (f->pid, &status, 0);
  g_spawn_close_pid (f->pid);
  f->pid = 0;
  g_assert_true (WIFSIGNALED (status));

  stored = stored_watch (f);
  g_assert_cmpstr (stored, ==, text);
}

static void
test_sigterm (Fixture       *f,
              gconstpointer  data)
{
  const char *text = "Watch the watering";
  g_autofree char *stored = NULL;
  int status = 0;

  if (!have_xdotool ())
    return;
  start_app (f);
  type_into_watch (f, text);
  /* Before the pause that would save it has passed (0.4 s), but after
   * the X server has handed the app the last key. */
  g_usleep (scaled (G_USEC_PER_SEC / 10));
  kill (f->pid, SIGTERM);
  waitpid (f->pid, &status, 0);
  g_spawn_close_pid (f->pid);
  f->pid = 0;
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  stored = stored_watch (f);
  g_assert_cmpstr (stored, ==, text);
}

int
main (int    argc,
      char **argv)
{
  const char *data_dirs = g_getenv ("XDG_DATA_DIRS");

  system_data_dirs = g_strdup (data_dirs != NULL && *data_dirs != '\0'
                               ? data_dirs : "/usr/local/share:/usr/share");
  wd_test_init (&argc, &argv);

  g_test_add ("/gui/kill/sigkill-after-typing", Fixture, NULL, fixture_set_up, test_sigkill,
              fixture_tear_down);
  g_test_add ("/gui/kill/sigterm-while-typing", Fixture, NULL, fixture_set_up, test_sigterm,
              fixture_tear_down);

  return g_test_run ();
}
