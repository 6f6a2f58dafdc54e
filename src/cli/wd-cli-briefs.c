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
  gboolean terminal = wd_cli_stdout_is_terminal ();
  int id_width = 2;
  int status_width = 0;
  int publisher_width = 0;
  int date_width = 10;
  int title_width = G_MAXINT;

  for (guint i = 0; i < briefs->len; i++)
    {
      WdBrief *brief = g_ptr_array_index (briefs, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, wd_brief_get_id (brief));
      const char *publisher = wd_cli_brief_publisher (brief);
      g_autofree char *flat = wd_cli_single_line (publisher != NULL ? publisher : "-");

      id_width = MAX (id_width, (int) strlen (id));
      status_width = MAX (status_width,
                          (int) strlen (wd_brief_status_to_string (wd_brief_get_status (brief))));
      publisher_width = MAX (publisher_width, wd_cli_display_width (flat));
    }

  if (terminal)
    {
      int fixed;

      publisher_width = MIN (publisher_width, PUBLISHER_MAX_WIDTH);
      status_width = MAX (status_width, wd_cli_display_width (_("STATUS")));
      publisher_width = MAX (publisher_width, wd_cli_display_width (_("PUBLISHER")));
      date_width = MAX (date_width, wd_cli_display_width (_("DATE")));
      fixed = id_width + 2 + status_width + 2 + date_width + 2 + publisher_width + 2;
      /* Never squeeze the title to nothing: a wrapped line beats no title. */
      title_width = MAX (wd_cli_terminal_width () - fixed, 20);
    }

  if (terminal)
    {
      g_autoptr(GString) header = g_string_new (NULL);

      for (int pad = id_width - wd_cli_display_width (_("ID")); pad > 0; pad--)
        g_string_append_c (header, ' ');
      g_string_append (header, _("ID"));
      g_string_append (header, "  ");
      wd_cli_append_padded (header, _("STATUS"), status_width + 2);
      wd_cli_append_padded (header, _("DATE"), date_width + 2);
      wd_cli_append_padded (header, _("PUBLISHER"), publisher_width + 2);
      g_string_append (header, _("TITLE"));
      g_print ("%s\n", header->str);
    }

  for (guint i = 0; i < briefs->len; i++)
    {
      WdBrief *brief = g_ptr_array_index (briefs, i);
      g_autoptr(GString) line = g_string_new (NULL);
      const char *publisher = wd_cli_brief_publisher (brief);
      g_autofree char *date = wd_cli_format_date (wd_cli_brief_date (brief));
      g_autofree char *flat_publisher = wd_cli_single_line (publisher != NULL ? publisher : "-");
      g_autofree char *flat_title = wd_cli_single_line (wd_cli_brief_title (brief));
      g_autofree char *shown_publisher = NULL;
      g_autofree char *shown_title = NULL;

      if (terminal)
        {
          shown_publisher = wd_cli_truncate_to_width (flat_publisher, publisher_width);
          shown_title = wd_cli_truncate_to_width (flat_title, title_width);
        }
      else
        {
          shown_publisher = g_steal_pointer (&flat_publisher);
          shown_title = g_steal_pointer (&flat_title);
        }

      g_string_append_printf (line, "%*" G_GINT64_FORMAT "  ", id_width, wd_brief_get_id (brief));
      wd_cli_append_padded (line, wd_brief_status_to_string (wd_brief_get_status (brief)),
                            status_width + 2);
      wd_cli_append_padded (line, date != NULL ? date : "-", date_width + 2);
      wd_cli_append_padded (line, shown_publisher, publisher_width + 2);
      g_string_append (line, shown_title);
      g_print ("%s\n", line->str);
    }
}

int
wd_cli_run_list (WdCli  *cli,
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

  if (!wd_cli_parse_command_line (cli, NULL,
                                  N_("Lists the briefs in the archive, one a line: id, status, "
                                     "date, publisher and title."),
                                  NULL, entries, &argc, &argv, &exit_status))
    return exit_status;
  if (!wd_cli_check_arguments ("list", argc, argv, 0, NULL, &exit_status))
    return exit_status;

  if (!parse_status (status, &filter, &only_withdrawn))
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        _("“%s” is not a status; use one of %s."),
                        status, valid_statuses);

  if ((exit_status = wd_cli_require_context (cli, &context)) != WD_CLI_EXIT_OK)
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
          wd_cli_add_brief_members (builder, g_ptr_array_index (briefs, i));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      wd_cli_print_json (builder);
    }
  else
    {
      print_brief_table (briefs);
    }

  return WD_CLI_EXIT_OK;
}

/* search */

int
wd_cli_run_search (WdCli  *cli,
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

  if (!wd_cli_parse_command_line (cli, N_("QUERY"),
                                  N_("Searches the briefs and their sources; prints the best "
                                     "matches first, each with a snippet."),
                                  N_("Every word of QUERY must occur, the last one perhaps as "
                                     "the start of a longer word; punctuation is ignored."),
                                  entries, &argc, &argv, &exit_status))
    return exit_status;
  if (!wd_cli_check_arguments ("search", argc, argv, 1, _("a query"), &exit_status))
    return exit_status;

  query = g_strstrip (g_strdup (argv[1]));
  if (*query == '\0')
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        _("The search query is empty; give at least one word."));
  if (limit < 1)
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        _("--limit must be a positive number of hits, not %d."), limit);

  if ((exit_status = wd_cli_require_context (cli, &context)) != WD_CLI_EXIT_OK)
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
          wd_cli_add_brief_members (builder, hit->brief);
          wd_cli_add_string_member (builder, "snippet", wd_brief_get_snippet (hit->brief));
          json_builder_set_member_name (builder, "rank");
          json_builder_add_double_value (builder, hit->rank);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      wd_cli_print_json (builder);
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
      g_autofree char *title = wd_cli_single_line (wd_cli_brief_title (hit->brief));
      g_autofree char *snippet = wd_cli_single_line (wd_brief_get_snippet (hit->brief));

      g_print ("%*" G_GINT64_FORMAT "  %s\n", id_width, wd_brief_get_id (hit->brief), title);
      if (*snippet != '\0')
        g_print ("%*s  %s\n", id_width, "", snippet);
    }

  return WD_CLI_EXIT_OK;
}

/* show */

gboolean
wd_cli_parse_brief_id (const char *text,
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

  wd_cli_append_padded (line, label, label_width + 2);
  g_string_append (line, value);
  g_print ("%s\n", line->str);
}

static void
print_heading (const char *heading)
{
  int width = wd_cli_display_width (heading);

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
  const char *headline = wd_cli_nonempty (wd_brief_get_headline (brief));
  g_autofree char *published = NULL;
  g_autofree char *publisher = NULL;
  g_autofree char *source_title = NULL;
  const char *name = NULL;
  const char *domain = NULL;
  int label_width = 0;
  guint n_mentions;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    label_width = MAX (label_width, wd_cli_display_width (labels[i]));

  if (source != NULL)
    {
      name = wd_cli_nonempty (wd_source_get_publisher_name (source));
      domain = wd_cli_nonempty (wd_source_get_publisher_domain (source));
      published = wd_cli_format_date (wd_source_get_published_at (source));
      source_title = wd_cli_single_line (wd_source_get_title (source));
    }
  if (name != NULL && domain != NULL)
    publisher = g_strdup_printf ("%s (%s)", name, domain);
  else
    publisher = g_strdup (name != NULL ? name : domain != NULL ? domain : _("unknown"));

  print_field (labels[0], label_width, headline != NULL ? headline : _("(none yet)"));
  print_field (labels[1], label_width,
               source_title != NULL && *source_title != '\0' ? source_title : _("(untitled)"));
  print_field (labels[2], label_width,
               source != NULL && wd_cli_nonempty (wd_source_get_url (source)) != NULL
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

      print_heading (wd_cli_section_heading (wd_section_get_kind (section)));
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

int
wd_cli_run_show (WdCli  *cli,
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

  if (!wd_cli_parse_command_line (cli, N_("ID"),
                                  N_("Shows a brief: its headline, source, status, sections "
                                     "and mentions."),
                                  NULL, entries, &argc, &argv, &exit_status))
    return exit_status;
  if (!wd_cli_check_arguments ("show", argc, argv, 1, _("a brief id"), &exit_status))
    return exit_status;
  if (!wd_cli_parse_brief_id (argv[1], &id, &exit_status))
    return exit_status;

  if ((exit_status = wd_cli_require_context (cli, &context)) != WD_CLI_EXIT_OK)
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
      wd_cli_add_brief_members (builder, brief);
      wd_cli_add_sections_and_mentions (builder, brief);
      json_builder_end_object (builder);
      wd_cli_print_json (builder);
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

int
wd_cli_run_add_source (WdCli  *cli,
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

  if (!wd_cli_parse_command_line (cli, NULL,
                                  N_("Adds a source article and its brief to the Inbox, and prints "
                                     "the brief's id (with “(existing)” after it when the archive "
                                     "already had that source)."),
                                  NULL, entries, &argc, &argv, &exit_status))
    return exit_status;
  if (!wd_cli_check_arguments ("add-source", argc, argv, 0, NULL, &exit_status))
    return exit_status;

  if (title == NULL || url == NULL || text_file == NULL)
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        _("“add-source” needs --title, --url and --text-file; run "
                          "“wiredesk-cli add-source --help” to see how to call it."));

  clean_title = wd_cli_single_line (title);
  if (*clean_title == '\0')
    return wd_cli_fail (WD_CLI_EXIT_USAGE, _("The --title is empty; give the article's title."));

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "https") != 0) ||
      wd_cli_nonempty (g_uri_get_host (uri)) == NULL)
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

  if ((exit_status = wd_cli_require_context (cli, &context)) != WD_CLI_EXIT_OK)
    return exit_status;

  domain = publisher_domain_from_url (uri);
  now = g_date_time_new_now_utc ();

  source = wd_source_new ();
  wd_source_set_title (source, clean_title);
  wd_source_set_url (source, url);
  wd_source_set_publisher_domain (source, domain);
  if (publisher != NULL && wd_cli_nonempty (g_strstrip (publisher)) != NULL)
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
