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

/* Rows fetched per query while listing: big enough to be quick, small
 * enough that no single query holds much. */
#define LIST_PAGE_SIZE 500
#define SEARCH_DEFAULT_LIMIT 20
/* On a terminal the publisher column is cut to this many cells. */
#define PUBLISHER_MAX_WIDTH 24

static const char *valid_statuses = "inbox, draft, review, approved, published, withdrawn, all";

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
static gboolean
parse_command_line (WdCli              *cli,
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

static gboolean
check_arguments (const char  *command,
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

static int
open_context (WdCli      *cli,
              WdContext **out_context)
{
  g_autoptr(GError) error = NULL;

  *out_context = wd_cli_open_context (cli, &error);
  if (*out_context == NULL)
    return wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);
  return WD_CLI_EXIT_OK;
}

/* Display helpers */

static gboolean
stdout_is_terminal (void)
{
  return isatty (STDOUT_FILENO);
}

static int
terminal_width (void)
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

static int
display_width (const char *str)
{
  int width = 0;

  for (const char *p = str; *p != '\0'; p = g_utf8_next_char (p))
    width += unichar_width (g_utf8_get_char (p));

  return width;
}

/* Cuts @str to at most @max cells, ending in "…" when something was cut. */
static char *
truncate_to_width (const char *str,
                   int         max)
{
  GString *out;
  int width = 0;

  if (display_width (str) <= max)
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

static void
append_padded (GString    *line,
               const char *str,
               int         width)
{
  g_string_append (line, str);
  for (int pad = width - display_width (str); pad > 0; pad--)
    g_string_append_c (line, ' ');
}

/* Text from the archive may hold line breaks or tabs; a table cell and a
 * snippet line must not. */
static char *
single_line (const char *str)
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

static char *
format_date (GDateTime *time)
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

static const char *
nonempty (const char *str)
{
  return (str != NULL && *str != '\0') ? str : NULL;
}

/* The headline, or the source's title while there is no headline. */
static const char *
brief_title (WdBrief *brief)
{
  const char *title = nonempty (wd_brief_get_headline (brief));
  WdSource *source;

  if (title == NULL)
    title = nonempty (wd_brief_get_title (brief));
  if (title == NULL)
    title = nonempty (wd_brief_get_source_title (brief));
  if (title == NULL && (source = wd_brief_get_source (brief)) != NULL)
    title = nonempty (wd_source_get_title (source));

  return title != NULL ? title : "";
}

static const char *
brief_publisher (WdBrief *brief)
{
  const char *publisher = nonempty (wd_brief_get_publisher (brief));
  WdSource *source;

  if (publisher == NULL && (source = wd_brief_get_source (brief)) != NULL)
    {
      publisher = nonempty (wd_source_get_publisher_name (source));
      if (publisher == NULL)
        publisher = nonempty (wd_source_get_publisher_domain (source));
    }

  return publisher;
}

/* The date a reader cares about: when the source appeared, else when the
 * brief was made. */
static GDateTime *
brief_date (WdBrief *brief)
{
  GDateTime *date = wd_brief_get_source_published_at (brief);
  WdSource *source;

  if (date == NULL && (source = wd_brief_get_source (brief)) != NULL)
    date = wd_source_get_published_at (source);
  if (date == NULL)
    date = wd_brief_get_created_at (brief);

  return date;
}

static const char *
section_heading (WdSectionKind kind)
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

static void
add_string_member (JsonBuilder *builder,
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

  add_string_member (builder, name, text);
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
      add_string_member (builder, "title", wd_source_get_title (source));
      add_string_member (builder, "url", wd_source_get_url (source));
      add_string_member (builder, "canonical_url", wd_source_get_canonical_url (source));
      add_string_member (builder, "publisher", wd_source_get_publisher_name (source));
      add_string_member (builder, "publisher_domain",
                         wd_source_get_publisher_domain (source));
      add_string_member (builder, "byline", wd_source_get_byline (source));
      add_string_member (builder, "language", wd_source_get_language (source));
      add_time_member (builder, "published_at", wd_source_get_published_at (source));
      add_time_member (builder, "fetched_at", wd_source_get_fetched_at (source));
      add_string_member (builder, "content_hash", wd_source_get_content_hash (source));
      add_string_member (builder, "text", wd_source_get_text (source));
    }
  else
    {
      add_string_member (builder, "title", wd_brief_get_source_title (brief));
      add_string_member (builder, "publisher", wd_brief_get_publisher (brief));
      add_time_member (builder, "published_at", wd_brief_get_source_published_at (brief));
    }
  json_builder_end_object (builder);
}

/* The members every brief object has, in list, search and show output. */
static void
add_brief_members (JsonBuilder *builder,
                   WdBrief     *brief)
{
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, wd_brief_get_id (brief));
  add_string_member (builder, "uuid", wd_brief_get_uuid (brief));
  add_string_member (builder, "status", wd_brief_status_to_string (wd_brief_get_status (brief)));
  add_string_member (builder, "headline", nonempty (wd_brief_get_headline (brief)));
  add_string_member (builder, "title", brief_title (brief));
  add_string_member (builder, "publisher", brief_publisher (brief));
  add_time_member (builder, "created_at", wd_brief_get_created_at (brief));
  add_time_member (builder, "updated_at", wd_brief_get_updated_at (brief));
  add_source_object (builder, brief);
}

static void
add_sections_and_mentions (JsonBuilder *builder,
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
      add_string_member (builder, "kind",
                         wd_section_kind_to_string (wd_section_get_kind (section)));
      add_string_member (builder, "text", wd_section_get_text (section));
      add_string_member (builder, "origin",
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
      add_string_member (builder, "name", wd_mention_get_name (mention));
      add_string_member (builder, "kind",
                         wd_mention_kind_to_string (wd_mention_get_kind (mention)));
      add_string_member (builder, "slug", wd_mention_get_slug (mention));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* JSON is always UTF-8, whatever the locale, so it bypasses g_print(). */
static void
print_json (JsonBuilder *builder)
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

/* list */

static gboolean
parse_status (const char    *value,
              WdBriefFilter *out_filter,
              gboolean      *out_withdrawn)
{
  WdBriefStatus status;

  *out_withdrawn = FALSE;

  if (value == NULL || g_strcmp0 (value, "all") == 0)
    {
      *out_filter = WD_BRIEF_FILTER_ALL;
      return TRUE;
    }

  /* "drafts" is how the sidebar says it; take it too. */
  if (g_strcmp0 (value, "drafts") == 0)
    value = "draft";

  if (!wd_brief_status_from_string (value, &status))
    return FALSE;

  switch (status)
    {
    case WD_BRIEF_STATUS_INBOX:
      *out_filter = WD_BRIEF_FILTER_INBOX;
      break;
    case WD_BRIEF_STATUS_DRAFT:
      *out_filter = WD_BRIEF_FILTER_DRAFTS;
      break;
    case WD_BRIEF_STATUS_REVIEW:
      *out_filter = WD_BRIEF_FILTER_REVIEW;
      break;
    case WD_BRIEF_STATUS_APPROVED:
      *out_filter = WD_BRIEF_FILTER_APPROVED;
      break;
    case WD_BRIEF_STATUS_PUBLISHED:
      *out_filter = WD_BRIEF_FILTER_PUBLISHED;
      break;
    case WD_BRIEF_STATUS_WITHDRAWN:
      /* No sidebar filter shows withdrawn briefs alone; pick them from all. */
      *out_filter = WD_BRIEF_FILTER_ALL;
      *out_withdrawn = TRUE;
      break;
    default:
      return FALSE;
    }

  return TRUE;
}

static GPtrArray *
collect_briefs (WdStore        *store,
                WdBriefFilter   filter,
                gboolean        only_withdrawn,
                GError        **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint offset = 0;; offset += LIST_PAGE_SIZE)
    {
      g_autoptr(GPtrArray) page = NULL;
      guint n;

      page = wd_store_list_briefs (store, filter, offset, LIST_PAGE_SIZE, error);
      if (page == NULL)
        return NULL;

      n = page->len;
      for (guint i = 0; i < n; i++)
        {
          WdBrief *brief = g_ptr_array_index (page, i);

          if (!only_withdrawn || wd_brief_get_status (brief) == WD_BRIEF_STATUS_WITHDRAWN)
            g_ptr_array_add (all, g_object_ref (brief));
        }

      if (n < LIST_PAGE_SIZE)
        break;
    }

  return g_steal_pointer (&all);
}

static void
print_brief_table (GPtrArray *briefs)
{
  gboolean terminal = stdout_is_terminal ();
  int id_width = 2;
  int status_width = 0;
  int publisher_width = 0;
  int date_width = 10;
  int title_width = G_MAXINT;

  for (guint i = 0; i < briefs->len; i++)
    {
      WdBrief *brief = g_ptr_array_index (briefs, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, wd_brief_get_id (brief));
      const char *publisher = brief_publisher (brief);
      g_autofree char *flat = single_line (publisher != NULL ? publisher : "-");

      id_width = MAX (id_width, (int) strlen (id));
      status_width = MAX (status_width,
                          (int) strlen (wd_brief_status_to_string (wd_brief_get_status (brief))));
      publisher_width = MAX (publisher_width, display_width (flat));
    }

  if (terminal)
    {
      int fixed;

      publisher_width = MIN (publisher_width, PUBLISHER_MAX_WIDTH);
      status_width = MAX (status_width, display_width (_("STATUS")));
      publisher_width = MAX (publisher_width, display_width (_("PUBLISHER")));
      date_width = MAX (date_width, display_width (_("DATE")));
      fixed = id_width + 2 + status_width + 2 + date_width + 2 + publisher_width + 2;
      /* Never squeeze the title to nothing: a wrapped line beats no title. */
      title_width = MAX (terminal_width () - fixed, 20);
    }

  if (terminal)
    {
      g_autoptr(GString) header = g_string_new (NULL);

      for (int pad = id_width - display_width (_("ID")); pad > 0; pad--)
        g_string_append_c (header, ' ');
      g_string_append (header, _("ID"));
      g_string_append (header, "  ");
      append_padded (header, _("STATUS"), status_width + 2);
      append_padded (header, _("DATE"), date_width + 2);
      append_padded (header, _("PUBLISHER"), publisher_width + 2);
      g_string_append (header, _("TITLE"));
      g_print ("%s\n", header->str);
    }

  for (guint i = 0; i < briefs->len; i++)
    {
      WdBrief *brief = g_ptr_array_index (briefs, i);
      g_autoptr(GString) line = g_string_new (NULL);
      const char *publisher = brief_publisher (brief);
      g_autofree char *date = format_date (brief_date (brief));
      g_autofree char *flat_publisher = single_line (publisher != NULL ? publisher : "-");
      g_autofree char *flat_title = single_line (brief_title (brief));
      g_autofree char *shown_publisher = NULL;
      g_autofree char *shown_title = NULL;

      if (terminal)
        {
          shown_publisher = truncate_to_width (flat_publisher, publisher_width);
          shown_title = truncate_to_width (flat_title, title_width);
        }
      else
        {
          shown_publisher = g_steal_pointer (&flat_publisher);
          shown_title = g_steal_pointer (&flat_title);
        }

      g_string_append_printf (line, "%*" G_GINT64_FORMAT "  ", id_width, wd_brief_get_id (brief));
      append_padded (line, wd_brief_status_to_string (wd_brief_get_status (brief)),
                     status_width + 2);
      append_padded (line, date != NULL ? date : "-", date_width + 2);
      append_padded (line, shown_publisher, publisher_width + 2);
      g_string_append (line, shown_title);
      g_print ("%s\n", line->str);
    }
}

static int
run_list (WdCli  *cli,
          int     argc,
          char  **argv)
{
  g_autofree char *status = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_STRING, &status,
      N_("Only briefs with this status: inbox, draft, review, approved, published, "
         "withdrawn, or all (the default)"), N_("STATUS") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print a JSON array of briefs instead of a table"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GPtrArray) briefs = NULL;
  g_autoptr(GError) error = NULL;
  WdContext *context;
  WdBriefFilter filter;
  gboolean only_withdrawn;
  int exit_status;

  if (!parse_command_line (cli, NULL,
                           N_("Lists the briefs in the archive, one a line: id, status, "
                              "date, publisher and title."),
                           NULL, entries, &argc, &argv, &exit_status))
    return exit_status;
  if (!check_arguments ("list", argc, argv, 0, NULL, &exit_status))
    return exit_status;

  if (!parse_status (status, &filter, &only_withdrawn))
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        _("“%s” is not a status; use one of %s."),
                        status, valid_statuses);

  if ((exit_status = open_context (cli, &context)) != WD_CLI_EXIT_OK)
    return exit_status;

  briefs = collect_briefs (wd_context_get_store (context), filter, only_withdrawn, &error);
  if (briefs == NULL)
    return wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < briefs->len; i++)
        {
          json_builder_begin_object (builder);
          add_brief_members (builder, g_ptr_array_index (briefs, i));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      print_json (builder);
    }
  else
    {
      print_brief_table (briefs);
    }

  return WD_CLI_EXIT_OK;
}

/* search */

static int
run_search (WdCli  *cli,
            int     argc,
            char  **argv)
{
  int limit = SEARCH_DEFAULT_LIMIT;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit,
      N_("Show at most N hits (default 20)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print a JSON array of hits instead of text"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *query = NULL;
  WdContext *context;
  int exit_status;
  int id_width = 1;

  if (!parse_command_line (cli, N_("QUERY"),
                           N_("Searches the briefs and their sources; prints the best "
                              "matches first, each with a snippet."),
                           N_("Every word of QUERY must occur, the last one perhaps as "
                              "the start of a longer word; punctuation is ignored."),
                           entries, &argc, &argv, &exit_status))
    return exit_status;
  if (!check_arguments ("search", argc, argv, 1, _("a query"), &exit_status))
    return exit_status;

  query = g_strstrip (g_strdup (argv[1]));
  if (*query == '\0')
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        _("The search query is empty; give at least one word."));
  if (limit < 1)
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        _("--limit must be a positive number of hits, not %d."), limit);

  if ((exit_status = open_context (cli, &context)) != WD_CLI_EXIT_OK)
    return exit_status;

  hits = wd_store_search (wd_context_get_store (context), query, limit, &error);
  if (hits == NULL)
    return wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < hits->len; i++)
        {
          const WdSearchHit *hit = g_ptr_array_index (hits, i);

          json_builder_begin_object (builder);
          add_brief_members (builder, hit->brief);
          add_string_member (builder, "snippet", wd_brief_get_snippet (hit->brief));
          json_builder_set_member_name (builder, "rank");
          json_builder_add_double_value (builder, hit->rank);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      print_json (builder);
      return WD_CLI_EXIT_OK;
    }

  for (guint i = 0; i < hits->len; i++)
    {
      const WdSearchHit *hit = g_ptr_array_index (hits, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, wd_brief_get_id (hit->brief));

      id_width = MAX (id_width, (int) strlen (id));
    }

  for (guint i = 0; i < hits->len; i++)
    {
      const WdSearchHit *hit = g_ptr_array_index (hits, i);
      g_autofree char *title = single_line (brief_title (hit->brief));
      g_autofree char *snippet = single_line (wd_brief_get_snippet (hit->brief));

      g_print ("%*" G_GINT64_FORMAT "  %s\n", id_width, wd_brief_get_id (hit->brief), title);
      if (*snippet != '\0')
        g_print ("%*s  %s\n", id_width, "", snippet);
    }

  return WD_CLI_EXIT_OK;
}

/* show */

static gboolean
parse_brief_id (const char *text,
                gint64     *out_id,
                int        *exit_status)
{
  guint64 id = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &id, NULL))
    {
      *exit_status = wd_cli_fail (WD_CLI_EXIT_USAGE,
                                  _("“%s” is not a brief id; ids are positive whole numbers, "
                                    "as “wiredesk-cli list” shows them."),
                                  text);
      return FALSE;
    }

  *out_id = (gint64) id;
  return TRUE;
}

static void
print_field (const char *label,
             int         label_width,
             const char *value)
{
  g_autoptr(GString) line = g_string_new (NULL);

  append_padded (line, label, label_width + 2);
  g_string_append (line, value);
  g_print ("%s\n", line->str);
}

static void
print_heading (const char *heading)
{
  int width = display_width (heading);

  g_print ("\n%s\n", heading);
  for (int i = 0; i < width; i++)
    g_print ("-");
  g_print ("\n");
}

static void
print_brief (WdBrief *brief)
{
  WdSource *source = wd_brief_get_source (brief);
  GListModel *sections = wd_brief_get_sections (brief);
  GListModel *mentions = wd_brief_get_mentions (brief);
  const char *labels[] = {
    _("Headline:"), _("Source:"), _("URL:"), _("Publisher:"), _("Published:"),
    _("Status:"),
  };
  const char *headline = nonempty (wd_brief_get_headline (brief));
  g_autofree char *published = NULL;
  g_autofree char *publisher = NULL;
  g_autofree char *source_title = NULL;
  const char *name = NULL;
  const char *domain = NULL;
  int label_width = 0;
  guint n_mentions;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    label_width = MAX (label_width, display_width (labels[i]));

  if (source != NULL)
    {
      name = nonempty (wd_source_get_publisher_name (source));
      domain = nonempty (wd_source_get_publisher_domain (source));
      published = format_date (wd_source_get_published_at (source));
      source_title = single_line (wd_source_get_title (source));
    }
  if (name != NULL && domain != NULL)
    publisher = g_strdup_printf ("%s (%s)", name, domain);
  else
    publisher = g_strdup (name != NULL ? name : domain != NULL ? domain : _("unknown"));

  print_field (labels[0], label_width, headline != NULL ? headline : _("(none yet)"));
  print_field (labels[1], label_width,
               source_title != NULL && *source_title != '\0' ? source_title : _("(untitled)"));
  print_field (labels[2], label_width,
               source != NULL && nonempty (wd_source_get_url (source)) != NULL
               ? wd_source_get_url (source) : _("unknown"));
  print_field (labels[3], label_width, publisher);
  print_field (labels[4], label_width, published != NULL ? published : _("unknown"));
  print_field (labels[5], label_width, wd_brief_status_to_string (wd_brief_get_status (brief)));

  for (guint i = 0; sections != NULL && i < g_list_model_get_n_items (sections); i++)
    {
      g_autoptr(WdSection) section = g_list_model_get_item (sections, i);
      g_autofree char *text = g_strdup (wd_section_get_text (section));

      if (text == NULL || *g_strstrip (text) == '\0')
        continue;

      print_heading (section_heading (wd_section_get_kind (section)));
      g_print ("%s\n", text);
    }

  n_mentions = mentions != NULL ? g_list_model_get_n_items (mentions) : 0;
  if (n_mentions > 0)
    {
      print_heading (_("Mentions"));
      for (guint i = 0; i < n_mentions; i++)
        {
          g_autoptr(WdMention) mention = g_list_model_get_item (mentions, i);

          g_print ("%s (%s)\n", wd_mention_get_name (mention),
                   wd_mention_kind_to_string (wd_mention_get_kind (mention)));
        }
    }
}

static int
run_show (WdCli  *cli,
          int     argc,
          char  **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print the brief as a JSON object instead of text"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(WdBrief) brief = NULL;
  g_autoptr(GError) error = NULL;
  WdContext *context;
  gint64 id = 0;
  int exit_status;

  if (!parse_command_line (cli, N_("ID"),
                           N_("Shows a brief: its headline, source, status, sections "
                              "and mentions."),
                           NULL, entries, &argc, &argv, &exit_status))
    return exit_status;
  if (!check_arguments ("show", argc, argv, 1, _("a brief id"), &exit_status))
    return exit_status;
  if (!parse_brief_id (argv[1], &id, &exit_status))
    return exit_status;

  if ((exit_status = open_context (cli, &context)) != WD_CLI_EXIT_OK)
    return exit_status;

  brief = wd_store_load_brief (wd_context_get_store (context), id, &error);
  if (brief == NULL)
    {
      if (g_error_matches (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND))
        {
          g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

          return wd_cli_fail (WD_CLI_EXIT_FAILED,
                              _("There is no brief %s in %s; run “wiredesk-cli list” to "
                                "see the ids."),
                              id_text, wd_store_get_path (wd_context_get_store (context)));
        }
      return wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      add_brief_members (builder, brief);
      add_sections_and_mentions (builder, brief);
      json_builder_end_object (builder);
      print_json (builder);
    }
  else
    {
      print_brief (brief);
    }

  return WD_CLI_EXIT_OK;
}

/* add-source */

/* "https://www.Example.org/a" gives "example.org". */
static char *
publisher_domain_from_url (GUri *uri)
{
  g_autofree char *host = g_ascii_strdown (g_uri_get_host (uri), -1);

  if (g_str_has_prefix (host, "www."))
    return g_strdup (host + 4);
  return g_steal_pointer (&host);
}

static int
run_add_source (WdCli  *cli,
                int     argc,
                char  **argv)
{
  g_autofree char *title = NULL;
  g_autofree char *url = NULL;
  g_autofree char *text_file = NULL;
  g_autofree char *publisher = NULL;
  const GOptionEntry entries[] = {
    { "title", 0, 0, G_OPTION_ARG_STRING, &title,
      N_("The article's title (required)"), N_("TITLE") },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url,
      N_("The article's http or https address (required)"), N_("URL") },
    { "text-file", 0, 0, G_OPTION_ARG_FILENAME, &text_file,
      N_("A UTF-8 text file with the article's text (required)"), N_("FILE") },
    { "publisher", 0, 0, G_OPTION_ARG_STRING, &publisher,
      N_("The publisher's name (default: none, the URL's domain is kept)"), N_("NAME") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(WdSource) source = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *text = NULL;
  g_autofree char *clean_title = NULL;
  WdContext *context;
  gboolean existed = FALSE;
  gsize length = 0;
  gint64 brief_id;
  int exit_status;

  if (!parse_command_line (cli, NULL,
                           N_("Adds a source article and its brief to the Inbox, and prints "
                              "the brief's id (with “(existing)” after it when the archive "
                              "already had that source)."),
                           NULL, entries, &argc, &argv, &exit_status))
    return exit_status;
  if (!check_arguments ("add-source", argc, argv, 0, NULL, &exit_status))
    return exit_status;

  if (title == NULL || url == NULL || text_file == NULL)
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        _("“add-source” needs --title, --url and --text-file; run "
                          "“wiredesk-cli add-source --help” to see how to call it."));

  clean_title = single_line (title);
  if (*clean_title == '\0')
    return wd_cli_fail (WD_CLI_EXIT_USAGE, _("The --title is empty; give the article's title."));

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "https") != 0) ||
      nonempty (g_uri_get_host (uri)) == NULL)
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        _("“%s” is not an http or https address; give the article's URL, "
                          "such as https://example.org/story."),
                        url);

  if (!g_file_get_contents (text_file, &text, &length, &error))
    return wd_cli_fail (WD_CLI_EXIT_FAILED,
                        _("The text file cannot be read (%s); check the path given with "
                          "--text-file."),
                        error->message);
  if (!g_utf8_validate_len (text, length, NULL))
    return wd_cli_fail (WD_CLI_EXIT_FAILED,
                        _("The text file %s is not UTF-8 text; convert it, for example "
                          "with iconv, and try again."),
                        text_file);
  if (*g_strstrip (text) == '\0')
    return wd_cli_fail (WD_CLI_EXIT_FAILED,
                        _("The text file %s is empty; give a file with the article's text."),
                        text_file);

  if ((exit_status = open_context (cli, &context)) != WD_CLI_EXIT_OK)
    return exit_status;

  domain = publisher_domain_from_url (uri);
  now = g_date_time_new_now_utc ();

  source = wd_source_new ();
  wd_source_set_title (source, clean_title);
  wd_source_set_url (source, url);
  wd_source_set_publisher_domain (source, domain);
  if (publisher != NULL && nonempty (g_strstrip (publisher)) != NULL)
    wd_source_set_publisher_name (source, publisher);
  wd_source_set_text (source, text);
  wd_source_set_fetched_at (source, now);

  brief_id = wd_store_add_source (wd_context_get_store (context), source, &existed, &error);
  if (brief_id <= 0)
    return wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);

  /* Not translated: scripts read this line, as they read `import`'s. */
  g_print ("%" G_GINT64_FORMAT "%s\n", brief_id, existed ? " (existing)" : "");

  return WD_CLI_EXIT_OK;
}

/* extract */

static gboolean
looks_like_address (const char *argument)
{
  const char *colon = strstr (argument, "://");

  if (colon == NULL || colon == argument)
    return FALSE;
  for (const char *p = argument; p < colon; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '-' && *p != '.')
      return FALSE;
  return TRUE;
}

static void
print_extract_field (const char *label,
             const char *value)
{
  if (value != NULL && *value != '\0')
    g_print ("%s: %s\n", label, value);
}

/* A fetch waited for on the default main context. */
typedef struct {
  WdFetchResult *result;
  GError        *error;
  gboolean       done;
} FetchWait;

static void
on_extract_fetched (GObject      *object,
                    GAsyncResult *res,
                    gpointer      user_data)
{
  FetchWait *wait = user_data;

  wait->result = wd_fetcher_fetch_finish (WD_FETCHER (object), res, &wait->error);
  wait->done = TRUE;
}

static int
run_extract (WdCli  *cli,
             int     argc,
             char  **argv)
{
  g_autofree char *base = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &base,
      N_("The page's http or https address, for its relative links and canonical URL"),
      N_("BASE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print one JSON object instead of text"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(WdExtraction) extraction = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *html = NULL;
  const char *file;
  gsize length = 0;
  int exit_status;

  if (!parse_command_line (cli, N_("FILE|URL"),
                           N_("Extracts the article from a saved web page, or from the page "
                              "at an http or https address, and prints its metadata and its "
                              "text as Markdown; writes nothing to the archive."),
                           NULL, entries, &argc, &argv, &exit_status))
    return exit_status;
  if (!check_arguments ("extract", argc, argv, 1, _("the HTML file or the address to read"),
                        &exit_status))
    return exit_status;
  file = argv[1];

  if (base != NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (base, G_URI_FLAGS_NONE, NULL);

      if (uri == NULL ||
          (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
           g_strcmp0 (g_uri_get_scheme (uri), "https") != 0) ||
          nonempty (g_uri_get_host (uri)) == NULL)
        return wd_cli_fail (WD_CLI_EXIT_USAGE,
                            _("“%s” is not an http or https address; give the page's URL, "
                              "such as https://example.org/story."),
                            base);
    }

  if (looks_like_address (file))
    {
      g_autoptr(WdFetcher) fetcher = wd_fetcher_new ();
      g_autoptr(WdFetchResult) fetched = NULL;
      FetchWait wait = { NULL, };

      wd_fetcher_fetch_async (fetcher, file, NULL, on_extract_fetched, &wait);
      while (!wait.done)
        g_main_context_iteration (NULL, TRUE);
      fetched = g_steal_pointer (&wait.result);
      if (fetched == NULL)
        return wd_cli_fail (WD_CLI_EXIT_FAILED, "%s: %s", file, wait.error->message);
      g_clear_error (&wait.error);
      if (base == NULL)
        base = g_strdup (fetched->final_url);
      html = g_strndup (fetched->text, fetched->text_length);
      length = fetched->text_length;
    }
  else if (!g_file_get_contents (file, &html, &length, &error))
    return wd_cli_fail (WD_CLI_EXIT_FAILED,
                        _("The file cannot be read (%s); check the path."),
                        error->message);

  extraction = wd_extract_html (html, length, base, &error);
  if (extraction == NULL)
    return wd_cli_fail (WD_CLI_EXIT_FAILED, "%s: %s", file, error->message);

  if (json)
    {
      g_autofree char *text = wd_extraction_to_json (extraction, TRUE);

      g_print ("%s\n", text);
      return WD_CLI_EXIT_OK;
    }

  /* Not translated: the labels are a format scripts may read. */
  print_extract_field ("Title", extraction->title);
  print_extract_field ("Byline", extraction->byline);
  print_extract_field ("Published", extraction->published);
  print_extract_field ("Site", extraction->site_name);
  print_extract_field ("URL", extraction->canonical_url);
  print_extract_field ("Language", extraction->lang);
  print_extract_field ("Image", extraction->image);
  print_extract_field ("Excerpt", extraction->excerpt);
  if (extraction->reason != NULL)
    print_extract_field ("Not an article", extraction->reason);
  else
    g_print ("\n%s\n", extraction->text);

  return WD_CLI_EXIT_OK;
}

/* import */

/* One input of `import` and, once known, its outcome. */
typedef struct {
  const char     *input;
  gboolean        is_address;
  gboolean        done;
  WdImportResult *result;
  GError         *error;
} ImportItem;

typedef struct {
  WdImporter *importer;
  ImportItem *items;
  guint       n_items;
  guint       next_to_start;
  guint       next_to_print;
  guint       running;
  guint       failed;
} ImportRun;

/* At most this many pages are fetched at once. */
#define IMPORT_MAX_RUNNING 4

/* Prints the outcomes that are known, in the order of the inputs. */
static void
import_flush (ImportRun *run)
{
  while (run->next_to_print < run->n_items && run->items[run->next_to_print].done)
    {
      ImportItem *item = &run->items[run->next_to_print++];

      if (item->result != NULL)
        /* Not translated: scripts read this line. */
        g_print ("%" G_GINT64_FORMAT "%s\n", item->result->brief_id,
                 item->result->existed ? " (existing)" : "");
      else
        {
          run->failed++;
          wd_cli_fail (WD_CLI_EXIT_FAILED, "%s: %s", item->input, item->error->message);
        }
      g_clear_pointer (&item->result, wd_import_result_free);
      g_clear_error (&item->error);
    }
}

static void import_start_more (ImportRun *run);

typedef struct {
  ImportRun  *run;
  ImportItem *item;
} ImportCall;

static void
on_url_imported (GObject      *object,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  g_autofree ImportCall *call = user_data;

  call->item->result = wd_importer_import_url_finish (WD_IMPORTER (object), res,
                                                      &call->item->error);
  call->item->done = TRUE;
  call->run->running--;
  import_flush (call->run);
  import_start_more (call->run);
}

static void
import_start_more (ImportRun *run)
{
  while (run->next_to_start < run->n_items && run->running < IMPORT_MAX_RUNNING)
    {
      ImportItem *item = &run->items[run->next_to_start++];

      if (item->is_address)
        {
          ImportCall *call = g_new0 (ImportCall, 1);

          call->run = run;
          call->item = item;
          run->running++;
          wd_importer_import_url_async (run->importer, item->input, NULL, on_url_imported,
                                        call);
        }
      else
        {
          item->result = wd_importer_import_file (run->importer, item->input, &item->error);
          item->done = TRUE;
          import_flush (run);
        }
    }
}

static int
run_import (WdCli  *cli,
            int     argc,
            char  **argv)
{
  g_autoptr(WdImporter) importer = NULL;
  g_autofree ImportItem *items = NULL;
  ImportRun run = { NULL, };
  WdContext *context;
  int exit_status;

  if (!parse_command_line (cli, N_("URL|FILE…"),
                           N_("Imports web pages (http or https addresses) and files (.html, "
                              ".htm, .md, .txt) into the archive, each with its brief in the "
                              "Inbox, and prints a line per input: its brief id, with "
                              "“(existing)” after it when the source was already there."),
                           NULL, NULL, &argc, &argv, &exit_status))
    return exit_status;
  if (argc < 2)
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        _("“import” needs an address or a file; run “wiredesk-cli import "
                          "--help” to see how to call it."));

  exit_status = open_context (cli, &context);
  if (exit_status != WD_CLI_EXIT_OK)
    return exit_status;

  importer = wd_importer_new (context);
  items = g_new0 (ImportItem, argc - 1);
  for (int i = 1; i < argc; i++)
    {
      items[i - 1].input = argv[i];
      items[i - 1].is_address = looks_like_address (argv[i]);
    }
  run.importer = importer;
  run.items = items;
  run.n_items = argc - 1;

  import_start_more (&run);
  while (run.next_to_print < run.n_items)
    g_main_context_iteration (NULL, TRUE);

  return run.failed > 0 ? WD_CLI_EXIT_FAILED : WD_CLI_EXIT_OK;
}

/* policy */

static int
run_policy (WdCli  *cli,
            int     argc,
            char  **argv)
{
  int max_quote_words = -1;
  const GOptionEntry entries[] = {
    { "max-quote-words", 0, 0, G_OPTION_ARG_INT, &max_quote_words,
      N_("The longest quotation allowed from this publisher, in words"), N_("N") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  const char *domain;
  WdContext *context;
  WdPolicyKind kind;
  int exit_status;

  if (!parse_command_line (cli, N_("set DOMAIN summarize|link-only|excluded | list"),
                           N_("Sets a publisher's policy: “summarize” allows briefs, "
                              "“link-only” imports its sources marked so, “excluded” refuses "
                              "them at import; or lists the policies."),
                           NULL, entries, &argc, &argv, &exit_status))
    return exit_status;
  if (argc == 2 && g_strcmp0 (argv[1], "list") == 0)
    {
      g_autoptr(GPtrArray) policies = NULL;

      exit_status = open_context (cli, &context);
      if (exit_status != WD_CLI_EXIT_OK)
        return exit_status;
      policies = wd_store_list_policies (wd_context_get_store (context), &error);
      if (policies == NULL)
        return wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);
      for (guint i = 0; i < policies->len; i++)
        {
          WdPolicy *policy = g_ptr_array_index (policies, i);

          /* Not translated: scripts read these lines. */
          if (policy->max_quote_words >= 0)
            g_print ("%s\t%s\t%d\n", policy->domain, wd_policy_kind_to_string (policy->kind),
                     policy->max_quote_words);
          else
            g_print ("%s\t%s\n", policy->domain, wd_policy_kind_to_string (policy->kind));
        }
      return WD_CLI_EXIT_OK;
    }
  if (argc < 2 || g_strcmp0 (argv[1], "set") != 0)
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        _("“policy” needs “set DOMAIN KIND” or “list”; run “wiredesk-cli "
                          "policy --help” to see how to call it."));
  if (argc != 4)
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        _("“policy set” needs a domain and a policy; run “wiredesk-cli "
                          "policy --help” to see how to call it."));
  if (!wd_policy_kind_from_string (argv[3], &kind))
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        _("“%s” is not a policy; use summarize, link-only or excluded."),
                        argv[3]);
  if (max_quote_words < -1)
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        _("--max-quote-words needs a number of words, 0 or more."));
  if (*argv[2] == '\0' || strchr (argv[2], '/') != NULL || strchr (argv[2], ' ') != NULL)
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        _("“%s” is not a domain; give one such as example.org."), argv[2]);

  exit_status = open_context (cli, &context);
  if (exit_status != WD_CLI_EXIT_OK)
    return exit_status;

  /* Imports match the domain without "www.", so store it that way. */
  domain = g_str_has_prefix (argv[2], "www.") ? argv[2] + 4 : argv[2];
  if (!wd_store_set_policy (wd_context_get_store (context), domain, kind, max_quote_words,
                            NULL, &error))
    return wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);

  return WD_CLI_EXIT_OK;
}

/* feed */

typedef struct {
  gpointer  result;
  GError   *error;
  gboolean  done;
} FeedWait;

static void
on_feed_added (GObject      *object,
               GAsyncResult *res,
               gpointer      user_data)
{
  FeedWait *wait = user_data;

  wait->result = wd_importer_add_feed_finish (WD_IMPORTER (object), res, &wait->error);
  wait->done = TRUE;
}

static void
on_feeds_refreshed (GObject      *object,
                    GAsyncResult *res,
                    gpointer      user_data)
{
  FeedWait *wait = user_data;

  wait->result = wd_importer_refresh_feeds_finish (WD_IMPORTER (object), res, &wait->error);
  wait->done = TRUE;
}

static int
feed_add (WdContext  *context,
          const char *url)
{
  g_autoptr(WdImporter) importer = wd_importer_new (context);
  g_autoptr(WdFeedSubscription) feed = NULL;
  FeedWait wait = { NULL, };

  wd_importer_add_feed_async (importer, url, NULL, on_feed_added, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  feed = wait.result;
  if (feed == NULL)
    {
      int status = wd_cli_fail (WD_CLI_EXIT_FAILED, "%s: %s", url, wait.error->message);

      g_clear_error (&wait.error);
      return status;
    }
  /* Not translated: scripts read this line. */
  g_print ("%" G_GINT64_FORMAT "\t%s\n", feed->id, feed->title != NULL ? feed->title : url);
  return WD_CLI_EXIT_OK;
}

static int
feed_list (WdContext *context)
{
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GError) error = NULL;

  feeds = wd_store_list_feeds (wd_context_get_store (context), &error);
  if (feeds == NULL)
    return wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);

  for (guint i = 0; i < feeds->len; i++)
    {
      WdFeedSubscription *feed = g_ptr_array_index (feeds, i);
      g_autoptr(GDateTime) checked = NULL;
      g_autofree char *when = NULL;

      if (feed->checked_at > 0)
        {
          checked = g_date_time_new_from_unix_utc (feed->checked_at);
          when = g_date_time_format_iso8601 (checked);
        }
      /* Not translated: scripts read these lines. */
      g_print ("%" G_GINT64_FORMAT "\t%s\t%s\t%u items\t%s%s%s\n", feed->id,
               feed->title != NULL ? feed->title : "-", feed->url, feed->n_items,
               when != NULL ? when : "never checked",
               feed->last_error != NULL ? "\terror: " : "",
               feed->last_error != NULL ? feed->last_error : "");
    }
  return WD_CLI_EXIT_OK;
}

static int
feed_refresh (WdContext *context)
{
  g_autoptr(WdImporter) importer = wd_importer_new (context);
  g_autoptr(WdFeedRefresh) refresh = NULL;
  FeedWait wait = { NULL, };

  wd_importer_refresh_feeds_async (importer, NULL, on_feeds_refreshed, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  refresh = wait.result;
  if (refresh == NULL)
    {
      int status = wd_cli_fail (WD_CLI_EXIT_FAILED, "%s", wait.error->message);

      g_clear_error (&wait.error);
      return status;
    }

  for (guint i = 0; i < refresh->feeds->len; i++)
    {
      WdFeedOutcome *feed = g_ptr_array_index (refresh->feeds, i);
      const char *name = feed->title != NULL ? feed->title : feed->url;

      if (feed->error != NULL)
        wd_cli_fail (WD_CLI_EXIT_FAILED, "%s: %s", name, feed->error);
      else if (feed->not_modified)
        g_print (_("%s: not modified\n"), name);
      else
        g_print (_("%s: %u new, %u existing, %u failed\n"), name, feed->n_new,
                 feed->n_existing, feed->n_failed);
    }
  return refresh->n_broken > 0 || refresh->n_failed > 0 ? WD_CLI_EXIT_FAILED
                                                        : WD_CLI_EXIT_OK;
}

static int
run_feed (WdCli  *cli,
          int     argc,
          char  **argv)
{
  WdContext *context;
  const char *action;
  int exit_status;

  if (!parse_command_line (cli, N_("add URL | list | refresh"),
                           N_("Subscribes to a feed (RSS, Atom or JSON Feed; it is read once "
                              "to check it), lists the feeds with their last error, or "
                              "refreshes them all, importing each new item's article."),
                           NULL, NULL, &argc, &argv, &exit_status))
    return exit_status;
  action = argc > 1 ? argv[1] : NULL;
  if (g_strcmp0 (action, "add") == 0 ? argc != 3
      : (g_strcmp0 (action, "list") == 0 || g_strcmp0 (action, "refresh") == 0) ? argc != 2
      : TRUE)
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        _("“feed” needs “add URL”, “list” or “refresh”; run “wiredesk-cli "
                          "feed --help” to see how to call it."));

  exit_status = open_context (cli, &context);
  if (exit_status != WD_CLI_EXIT_OK)
    return exit_status;

  if (g_str_equal (action, "add"))
    return feed_add (context, argv[2]);
  if (g_str_equal (action, "list"))
    return feed_list (context);
  return feed_refresh (context);
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

  if (!parse_command_line (cli, N_("[COMMAND]"),
                           N_("Shows the commands, or the options of one command."),
                           NULL, NULL, &argc, &argv, &exit_status))
    return exit_status;

  if (argc < 2)
    {
      wd_cli_print_global_help ();
      return WD_CLI_EXIT_OK;
    }
  if (!check_arguments ("help", argc, argv, 1, NULL, &exit_status))
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
  { "add-source", N_("Add a source article and its brief to the Inbox"), run_add_source },
  { "extract", N_("Extract the article from a saved web page or an address, writing nothing"),
    run_extract },
  { "feed", N_("Subscribe to feeds, list them, or refresh them"), run_feed },
  { "help", N_("Show the commands, or the options of one command"), run_help },
  { "import", N_("Import web pages and files, each with its brief in the Inbox"),
    run_import },
  { "list", N_("List the briefs, optionally those with one status"), run_list },
  { "policy", N_("Set or list publishers' policies: summarize, link-only or excluded"),
    run_policy },
  { "search", N_("Search the briefs and their sources"), run_search },
  { "show", N_("Show a brief with its source, sections and mentions"), run_show },
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
