/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-site-server"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib-unix.h>

#include "wd-site-server.h"

/*
 * wd-site-server --port N --token T [--delay-ms MS]
 *
 * The reference server of docs/site-backend-api.md as a program, for the
 * benchmarks and for trying a site-json target by hand. It prints its URL
 * on the first line of stdout and serves until SIGINT or SIGTERM.
 */

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WdSiteServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *token = NULL;
  int port = 0;
  int delay_ms = 0;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Port on 127.0.0.1 (0: a free one)", "N" },
    { "token", 't', 0, G_OPTION_ARG_STRING, &token, "The bearer token to accept", "T" },
    { "delay-ms", 'd', 0, G_OPTION_ARG_INT, &delay_ms,
      "Time each request takes on the server", "MS" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("- the site backend API's reference server");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "wd-site-server: %s\n", error->message);
      return 2;
    }
  if (token == NULL || *token == '\0' || port < 0 || port > 65535 || delay_ms < 0)
    {
      fprintf (stderr, "wd-site-server: usage: wd-site-server --port N --token T "
                       "[--delay-ms MS]\n");
      return 2;
    }

  server = wd_site_server_new_full (token, (guint) port, &error);
  if (server == NULL)
    {
      fprintf (stderr, "wd-site-server: cannot listen on port %d: %s\n", port, error->message);
      return 1;
    }
  wd_site_server_set_delay_ms (server, (guint) delay_ms);

  printf ("%s\n", wd_site_server_get_url (server));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  return 0;
}
