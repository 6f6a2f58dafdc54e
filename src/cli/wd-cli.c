/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-cli"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "wd-cli-private.h"

/* Keeps every error on the single line scripts and users expect. */
static char *
flatten_message (const char *message)
{
  g_autoptr(GString) str = g_string_new (message);

  g_strstrip (str->str);
  str->len = strlen (str->str);
  for (gsize i = 0; i < str->len; i++)
    if (str->str[i] == '\n' || str->str[i] == '\r' || str->str[i] == '\t')
      str->str[i] = ' ';

  return g_string_free (g_steal_pointer (&str), FALSE);
}

/**
 * wd_cli_clear:
 * @cli: the CLI state
 *
 * Frees what @cli holds, closing the archive.
 */
void
wd_cli_clear (WdCli *cli)
{
  g_clear_pointer (&cli->db_path, g_free);
  g_clear_pointer (&cli->config_path, g_free);
  g_clear_object (&cli->context);
}

/**
 * wd_cli_fail:
 * @status: the exit status to hand back
 * @format: a printf-style format for one sentence
 *
 * Prints `wiredesk-cli: MESSAGE` as one line on stderr.
 *
 * Returns: @status
 */
int
wd_cli_fail (int         status,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  g_autofree char *flat = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  flat = flatten_message (message);
  g_printerr ("wiredesk-cli: %s\n", flat);

  return status;
}

/**
 * wd_cli_fail_error:
 * @status: the exit status to hand back
 * @error: the error to report
 *
 * Prints @error's message as wd_cli_fail() does.
 *
 * Returns: @status
 */
int
wd_cli_fail_error (int           status,
                   const GError *error)
{
  return wd_cli_fail (status, "%s", error->message);
}

/**
 * wd_cli_open_context:
 * @cli: the CLI state
 * @error: return location for a #GError
 *
 * Loads the configuration (the --config file, or the default one) and
 * opens the archive (--db, $WIREDESK_DB, or the default), once.
 *
 * Returns: (transfer none): the context, or %NULL on error
 */
WdContext *
wd_cli_open_context (WdCli   *cli,
                     GError **error)
{
  g_autoptr(WdConfig) config = NULL;
  g_autoptr(WdStore) store = NULL;
  g_autofree char *default_db = NULL;
  const char *db_path = cli->db_path;

  if (cli->context != NULL)
    return cli->context;

  /* The configuration first: a broken --config should not create an
   * archive as a side effect. */
  config = wd_config_load (cli->config_path, error);
  if (config == NULL)
    return NULL;

  if (db_path == NULL)
    db_path = default_db = wd_store_default_path ();

  store = wd_store_open (db_path, error);
  if (store == NULL)
    return NULL;

  cli->context = wd_context_new (store, config);
  return cli->context;
}

static GOptionContext *
make_global_context (char     **db_path,
                     char     **config_path,
                     gboolean  *want_help,
                     gboolean  *want_version)
{
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, db_path,
      N_("The archive to use instead of $WIREDESK_DB or the default one"), N_("FILE") },
    { "config", 0, 0, G_OPTION_ARG_FILENAME, config_path,
      N_("The configuration file to use instead of the default one"), N_("FILE") },
    { "help", 'h', 0, G_OPTION_ARG_NONE, want_help, N_("Show this help"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, want_version, N_("Show the version"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GString) description = g_string_new (NULL);
  g_autofree char *default_db = wd_store_default_path ();
  g_autofree char *default_config = wd_config_default_path ();
  const WdCliCommand *commands;
  GOptionContext *context;
  guint n_commands;
  int width = 0;

  context = g_option_context_new (N_("COMMAND [ARGUMENT…]"));
  g_option_context_set_help_enabled (context, FALSE);
  /* Options after the command belong to the command. */
  g_option_context_set_strict_posix (context, TRUE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* GOption translates the summary itself through the domain. */
  g_option_context_set_summary (context,
                                N_("Works with the Wiredesk archive from the command line."));

  commands = wd_cli_get_commands (&n_commands);
  for (guint i = 0; i < n_commands; i++)
    width = MAX (width, (int) strlen (commands[i].name));

  g_string_append_printf (description, "%s\n", _("Commands:"));
  for (guint i = 0; i < n_commands; i++)
    g_string_append_printf (description, "  %-*s  %s\n",
                            width, commands[i].name, _(commands[i].summary));
  g_string_append_c (description, '\n');
  g_string_append_printf (description,
                          _("Without --db the archive is %s; without --config the "
                            "configuration is %s."),
                          default_db, default_config);
  g_string_append_c (description, '\n');
  g_string_append (description,
                   _("Run “wiredesk-cli COMMAND --help” to see a command's options."));
  g_option_context_set_description (context, description->str);

  return context;
}

/**
 * wd_cli_print_global_help:
 *
 * Prints the usage of wiredesk-cli with its commands to stdout.
 */
void
wd_cli_print_global_help (void)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *db = NULL;
  g_autofree char *config = NULL;
  g_autofree char *help = NULL;
  gboolean want_help = FALSE;
  gboolean want_version = FALSE;

  g_set_prgname ("wiredesk-cli");
  context = make_global_context (&db, &config, &want_help, &want_version);
  help = g_option_context_get_help (context, TRUE, NULL);
  g_print ("%s", help);
}

static int
run (int    argc,
     char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(WdCli) cli = { NULL, };
  const WdCliCommand *command;
  gboolean want_help = FALSE;
  gboolean want_version = FALSE;

  g_set_prgname ("wiredesk-cli");
  context = make_global_context (&cli.db_path, &cli.config_path,
                                 &want_help, &want_version);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        _("%s; run “wiredesk-cli --help” to see the options."),
                        error->message);

  if (want_help)
    {
      wd_cli_print_global_help ();
      return WD_CLI_EXIT_OK;
    }

  if (want_version)
    {
      g_print ("wiredesk-cli %s\n", PACKAGE_VERSION);
      return WD_CLI_EXIT_OK;
    }

  if (cli.db_path != NULL && *cli.db_path == '\0')
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        _("--db needs the path of an archive file."));
  if (cli.config_path != NULL && *cli.config_path == '\0')
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        _("--config needs the path of a configuration file."));

  /* GOption leaves a "--" that ends the global options in place. */
  if (argc > 1 && g_strcmp0 (argv[1], "--") == 0)
    {
      argv++;
      argc--;
    }

  if (argc < 2)
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        _("No command given; run “wiredesk-cli --help” to see the commands."));

  command = wd_cli_find_command (argv[1]);
  if (command == NULL)
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        _("“%s” is not a command; run “wiredesk-cli --help” to see "
                          "the commands."),
                        argv[1]);

  return command->run (&cli, argc - 1, argv + 1);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  return run (argc, argv);
}
