/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wiredesk"

#include <locale.h>

#include <glib/gi18n.h>

#include "wd-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(WdApplication) app = NULL;

  /* Before the options are parsed, so --help speaks the user's language. */
  setlocale (LC_ALL, "");
  /* WIREDESK_LOCALEDIR: `build-aux/dev run` points it at the build's .mo files. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("WIREDESK_LOCALEDIR") != NULL
                                   ? g_getenv ("WIREDESK_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Wiredesk"));

  app = wd_application_new (G_APPLICATION_DEFAULT_FLAGS);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
