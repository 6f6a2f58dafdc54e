/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-cli"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "wd-cli-private.h"
#include "import/wd-extract.h"
#include "import/wd-importer.h"



/* Options every command accepts after its name as well as before it. */
typedef struct {
  char *db_path;
  char *config_path;
} LateGlobals;

static void
late_globals_clear (LateGlobals *globals)
{
  g_clear_pointer (&globals->db_path, g_free);
  g_clear_pointer (&globals->config_path, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LateGlobals, late_globals_clear)

/*
 * Parses a command's options. Returns TRUE when the command should run;
 * otherwise the help was printed or a usage error reported, and
 * @exit_status says which.
 */
gboolean
wd_cli_parse_command_line (WdCli              *cli,
                           const char         *parameters,
                           const char         *summary,
                           const char         *description,
                           const GOptionEntry *entries,
                           int                *argc,
                           char             ***argv,
                           int                *exit_status)
{
  g_auto(LateGlobals) globals = { NULL, };
  gboolean want_help = FALSE;
  const GOptionEntry common_entries[] = {
    { "help", 'h', 0, G_OPTION_ARG_NONE, &want_help, N_("Show this help"), NULL },
    { "db", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &globals.db_path,
      NULL, NULL },
    { "config", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &globals.config_path,
      NULL, NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = NULL;
  const char *name = (*argv)[0];

  /* GOption prints the program name in "Usage:"; make it the command. */
  prgname = g_strdup_printf ("wiredesk-cli %s", name);
  g_set_prgname (prgname);

  context = g_option_context_new (parameters);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, common_entries, GETTEXT_PACKAGE);
  /* GOption translates the parameters, summary and description itself,
   * through the translation domain. */
  g_option_context_set_summary (context, summary);
  if (description != NULL)
    g_option_context_set_description (context, description);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *exit_status = wd_cli_fail (WD_CLI_EXIT_USAGE,
                                  _("%s; run “wiredesk-cli %s --help” to see its options."),
                                  error->message, name);
      return FALSE;
    }

  if (want_help)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_print ("%s", help);
      *exit_status = WD_CLI_EXIT_OK;
      return FALSE;
    }

  if (globals.db_path != NULL)
    {
      g_free (cli->db_path);
      cli->db_path = g_steal_pointer (&globals.db_path);
      if (*cli->db_path == '\0')
        {
          *exit_status = wd_cli_fail (WD_CLI_EXIT_USAGE,
                                      _("--db needs the path of an archive file."));
          return FALSE;
        }
    }
  if (globals.config_path != NULL)
    {
      g_free (cli->config_path);
      cli->config_path = g_steal_pointer (&globals.config_path);
      if (*cli->config_path == '\0')
        {
          *exit_status = wd_cli_fail (WD_CLI_EXIT_USAGE,
                                      _("--config needs the path of a configuration file."));
          return FALSE;
        }
    }

  /* A "--" before arguments that start with '-' stays in argv. */
  if (*argc > 1 && g_strcmp0 ((*argv)[1], "--") == 0)
    {
      memmove (&(*argv)[1], &(*argv)[2], sizeof (char *) * (*argc - 1));
      (*argc)--;
    }

  return TRUE;
}

gboolean
wd_cli_check_arguments (const char  *command,
                        int          argc,
                        char       **argv,
                        int          wanted,
                        const char  *what,
                        int         *exit_status)
{
  if (argc - 1 < wanted)
    {
      *exit_status = wd_cli_fail (WD_CLI_EXIT_USAGE,
                                  _("“%s” needs %s; run “wiredesk-cli %s --help” to see "
                                    "how to call it."),
                                  command, what, command);
      return FALSE;
    }
  if (argc - 1 > wanted)
    {
      *exit_status = wd_cli_fail (WD_CLI_EXIT_USAGE,
                                  _("“%s” does not take the argument “%s”; run "
                                    "“wiredesk-cli %s --help” to see how to call it."),
                                  command, argv[wanted + 1], command);
      return FALSE;
    }
  return TRUE;
}

int
wd_cli_require_context (WdCli      *cli,
                        WdContext **out_context)
{
  g_autoptr(GError) error = NULL;

  *out_context = wd_cli_open_context (cli, &error);
  if (*out_context == NULL)
    return wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);
  return WD_CLI_EXIT_OK;
}

/* Display helpers */

gboolean
wd_cli_stdout_is_terminal (void)
{
  return isatty (STDOUT_FILENO);
}

int
wd_cli_terminal_width (void)
{
  struct winsize size;
  const char *columns;

  if (ioctl (STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return size.ws_col;

  columns = g_getenv ("COLUMNS");
  if (columns != NULL && atoi (columns) > 0)
    return atoi (columns);

  return 80;
}

/* Cells a character takes on a terminal: CJK and emoji take two. */
static int
unichar_width (gunichar c)
{
  if (g_unichar_iszerowidth (c))
    return 0;
  if (g_unichar_iswide (c))
    return 2;
  return 1;
}

int
wd_cli_display_width (const char *str)
{
  int width = 0;

  for (const char *p = str; *p != '\0'; p = g_utf8_next_char (p))
    width += unichar_width (g_utf8_get_char (p));

  return width;
}

/* Cuts @str to at most @max cells, ending in "…" when something was cut. */
char *
wd_cli_truncate_to_width (const char *str,
                          int         max)
{
  GString *out;
  int width = 0;

  if (wd_cli_display_width (str) <= max)
    return g_strdup (str);
  if (max <= 0)
    return g_strdup ("");

  out = g_string_new (NULL);
  for (const char *p = str; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      int w = unichar_width (c);

      if (width + w > max - 1)
        break;
      g_string_append_unichar (out, c);
      width += w;
    }
  g_string_append (out, "…");

  return g_string_free (out, FALSE);
}

void
wd_cli_append_padded (GString    *line,
                      const char *str,
                      int         width)
{
  g_string_append (line, str);
  for (int pad = width - wd_cli_display_width (str); pad > 0; pad--)
    g_string_append_c (line, ' ');
}

/* Text from the archive may hold line breaks or tabs; a table cell and a
 * snippet line must not. */
char *
wd_cli_single_line (const char *str)
{
  g_auto(GStrv) words = NULL;

  if (str == NULL)
    return g_strdup ("");

  words = g_strsplit_set (str, " \t\r\n", -1);
  {
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_auto(GStrv) kept = NULL;

    for (guint i = 0; words[i] != NULL; i++)
      if (*words[i] != '\0')
        g_strv_builder_add (builder, words[i]);
    kept = g_strv_builder_end (builder);
    return g_strjoinv (" ", kept);
  }
}

char *
wd_cli_format_date (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return NULL;

  local = g_date_time_to_local (time);
  return g_date_time_format (local, "%Y-%m-%d");
}

static char *
format_iso8601 (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;

  if (time == NULL)
    return NULL;

  utc = g_date_time_to_utc (time);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

const char *
wd_cli_nonempty (const char *str)
{
  return (str != NULL && *str != '\0') ? str : NULL;
}

/* The headline, or the source's title while there is no headline. */
const char *
wd_cli_brief_title (WdBrief *brief)
{
  const char *title = wd_cli_nonempty (wd_brief_get_headline (brief));
  WdSource *source;

  if (title == NULL)
    title = wd_cli_nonempty (wd_brief_get_title (brief));
  if (title == NULL)
    title = wd_cli_nonempty (wd_brief_get_source_title (brief));
  if (title == NULL && (source = wd_brief_get_source (brief)) != NULL)
    title = wd_cli_nonempty (wd_source_get_title (source));

  return title != NULL ? title : "";
}

const char *
wd_cli_brief_publisher (WdBrief *brief)
{
  const char *publisher = wd_cli_nonempty (wd_brief_get_publisher (brief));
  WdSource *source;

  if (publisher == NULL && (source = wd_brief_get_source (brief)) != NULL)
    {
      publisher = wd_cli_nonempty (wd_source_get_publisher_name (source));
      if (publisher == NULL)
        publisher = wd_cli_nonempty (wd_source_get_publisher_domain (source));
    }

  return publisher;
}

/* The date a reader cares about: when the source appeared, else when the
 * brief was made. */
GDateTime *
wd_cli_brief_date (WdBrief *brief)
{
  GDateTime *date = wd_brief_get_source_published_at (brief);
  WdSource *source;

  if (date == NULL && (source = wd_brief_get_source (brief)) != NULL)
    date = wd_source_get_published_at (source);
  if (date == NULL)
    date = wd_brief_get_created_at (brief);

  return date;
}

const char *
wd_cli_section_heading (WdSectionKind kind)
{
  switch (kind)
    {
    case WD_SECTION_SUMMARY:
      return _("Summary");
    case WD_SECTION_ANALYST_TAKE:
      return _("Analyst take");
    case WD_SECTION_CONTEXT:
      return _("Context");
    case WD_SECTION_WATCH:
      return _("What to watch");
    default:
      g_assert_not_reached ();
    }
}

/* JSON */

void
wd_cli_add_string_member (JsonBuilder *builder,
                          const char  *name,
                          const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_time_member (JsonBuilder *builder,
                 const char  *name,
                 GDateTime   *value)
{
  g_autofree char *text = format_iso8601 (value);

  wd_cli_add_string_member (builder, name, text);
}

static void
add_source_object (JsonBuilder *builder,
                   WdBrief     *brief)
{
  WdSource *source = wd_brief_get_source (brief);

  json_builder_set_member_name (builder, "source");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, wd_brief_get_source_id (brief));
  if (source != NULL)
    {
      wd_cli_add_string_member (builder, "title", wd_source_get_title (source));
      wd_cli_add_string_member (builder, "url", wd_source_get_url (source));
      wd_cli_add_string_member (builder, "canonical_url", wd_source_get_canonical_url (source));
      wd_cli_add_string_member (builder, "publisher", wd_source_get_publisher_name (source));
      wd_cli_add_string_member (builder, "publisher_domain",
                                wd_source_get_publisher_domain (source));
      wd_cli_add_string_member (builder, "byline", wd_source_get_byline (source));
      wd_cli_add_string_member (builder, "language", wd_source_get_language (source));
      add_time_member (builder, "published_at", wd_source_get_published_at (source));
      add_time_member (builder, "fetched_at", wd_source_get_fetched_at (source));
      wd_cli_add_string_member (builder, "content_hash", wd_source_get_content_hash (source));
      wd_cli_add_string_member (builder, "text", wd_source_get_text (source));
    }
  else
    {
      wd_cli_add_string_member (builder, "title", wd_brief_get_source_title (brief));
      wd_cli_add_string_member (builder, "publisher", wd_brief_get_publisher (brief));
      add_time_member (builder, "published_at", wd_brief_get_source_published_at (brief));
    }
  json_builder_end_object (builder);
}

/* The members every brief object has, in list, search and show output. */
void
wd_cli_add_brief_members (JsonBuilder *builder,
                          WdBrief     *brief)
{
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, wd_brief_get_id (brief));
  wd_cli_add_string_member (builder, "uuid", wd_brief_get_uuid (brief));
  wd_cli_add_string_member (builder, "status",
                            wd_brief_status_to_string (wd_brief_get_status (brief)));
  wd_cli_add_string_member (builder, "headline", wd_cli_nonempty (wd_brief_get_headline (brief)));
  wd_cli_add_string_member (builder, "title", wd_cli_brief_title (brief));
  wd_cli_add_string_member (builder, "publisher", wd_cli_brief_publisher (brief));
  add_time_member (builder, "created_at", wd_brief_get_created_at (brief));
  add_time_member (builder, "updated_at", wd_brief_get_updated_at (brief));
  add_source_object (builder, brief);
}

void
wd_cli_add_sections_and_mentions (JsonBuilder *builder,
                                  WdBrief     *brief)
{
  GListModel *sections = wd_brief_get_sections (brief);
  GListModel *mentions = wd_brief_get_mentions (brief);
  guint n;

  json_builder_set_member_name (builder, "sections");
  json_builder_begin_array (builder);
  n = sections != NULL ? g_list_model_get_n_items (sections) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WdSection) section = g_list_model_get_item (sections, i);

      json_builder_begin_object (builder);
      wd_cli_add_string_member (builder, "kind",
                                wd_section_kind_to_string (wd_section_get_kind (section)));
      wd_cli_add_string_member (builder, "text", wd_section_get_text (section));
      wd_cli_add_string_member (builder, "origin",
                                wd_section_get_revision_id (section) != 0
                                ? wd_origin_to_string (wd_section_get_origin (section))
                                : NULL);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "mentions");
  json_builder_begin_array (builder);
  n = mentions != NULL ? g_list_model_get_n_items (mentions) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WdMention) mention = g_list_model_get_item (mentions, i);

      json_builder_begin_object (builder);
      wd_cli_add_string_member (builder, "name", wd_mention_get_name (mention));
      wd_cli_add_string_member (builder, "kind",
                                wd_mention_kind_to_string (wd_mention_get_kind (mention)));
      wd_cli_add_string_member (builder, "slug", wd_mention_get_slug (mention));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* JSON is always UTF-8, whatever the locale, so it bypasses g_print(). */
void
wd_cli_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *data = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, NULL);
  fputs (data, stdout);
  fputc ('\n', stdout);
}

/* help */

static int
run_help (WdCli  *cli,
          int     argc,
          char  **argv)
{
  const WdCliCommand *command;
  int exit_status;
  char *help_argv[3];

  if (!wd_cli_parse_command_line (cli, N_("[COMMAND]"),
                                  N_("Shows the commands, or the options of one command."),
                                  NULL, NULL, &argc, &argv, &exit_status))
    return exit_status;

  if (argc < 2)
    {
      wd_cli_print_global_help ();
      return WD_CLI_EXIT_OK;
    }
  if (!wd_cli_check_arguments ("help", argc, argv, 1, NULL, &exit_status))
    return exit_status;

  command = wd_cli_find_command (argv[1]);
  if (command == NULL)
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        _("“%s” is not a command; run “wiredesk-cli --help” to see "
                          "the commands."),
                        argv[1]);

  /* The command prints its own help, so both ways to ask agree. */
  help_argv[0] = (char *) command->name;
  help_argv[1] = (char *) "--help";
  help_argv[2] = NULL;
  return command->run (cli, 2, help_argv);
}

static const WdCliCommand commands[] = {
  { "add-source", N_("Add a source article and its brief to the Inbox"), wd_cli_run_add_source },
  { "backend", N_("List the language-model backends, or test one"), wd_cli_run_backend },
  { "check", N_("Run the review checks on a brief and print its preflight"), wd_cli_run_check },
  { "draft", N_("Draft a brief with a language model or the builtin engine"),
    wd_cli_run_draft },
  { "extract", N_("Extract the article from a saved web page or an address, writing nothing"),
    wd_cli_run_extract },
  { "feed", N_("Subscribe to feeds, unsubscribe, list them, or refresh them"), wd_cli_run_feed },
  { "help", N_("Show the commands, or the options of one command"), run_help },
  { "import", N_("Import web pages and files, each with its brief in the Inbox"),
    wd_cli_run_import },
  { "jobs", N_("List the outbox: publish jobs waiting, being sent, or failed"), wd_cli_run_jobs },
  { "list", N_("List the briefs, optionally those with one status"), wd_cli_run_list },
  { "policy", N_("Set or list publishers' policies: summarize, link-only or excluded"),
    wd_cli_run_policy },
  { "publish", N_("Publish a brief to a target, or resume the outbox"), wd_cli_run_publish },
  { "render", N_("Print a brief as it would be published: HTML, Markdown, JSON-LD or ninjs"),
    wd_cli_run_render },
  { "search", N_("Search the briefs and their sources"), wd_cli_run_search },
  { "show", N_("Show a brief with its source, sections and mentions"), wd_cli_run_show },
  { "target", N_("List the publish targets, or test one"), wd_cli_run_target },
  { "unpublish", N_("Take a published brief off its target"), wd_cli_run_unpublish },
};

/**
 * wd_cli_get_commands:
 * @n_commands: (out): return location for the number of commands
 *
 * Returns: (array length=n_commands): every command, sorted by name
 */
const WdCliCommand *
wd_cli_get_commands (guint *n_commands)
{
  *n_commands = G_N_ELEMENTS (commands);
  return commands;
}

/**
 * wd_cli_find_command:
 * @name: a command's name
 *
 * Returns: (nullable): the command called @name, or %NULL
 */
const WdCliCommand *
wd_cli_find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}
