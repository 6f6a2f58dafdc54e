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

int
wd_cli_run_extract (WdCli  *cli,
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

  if (!wd_cli_parse_command_line (cli, N_("FILE|URL"),
                                  N_("Extracts the article from a saved web page, or from the page "
                                     "at an http or https address, and prints its metadata and its "
                                     "text as Markdown; writes nothing to the archive."),
                                  NULL, entries, &argc, &argv, &exit_status))
    return exit_status;
  if (!wd_cli_check_arguments ("extract", argc, argv, 1, _("the HTML file or the address to read"),
                               &exit_status))
    return exit_status;
  file = argv[1];

  if (base != NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (base, G_URI_FLAGS_NONE, NULL);

      if (uri == NULL ||
          (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
           g_strcmp0 (g_uri_get_scheme (uri), "https") != 0) ||
          wd_cli_nonempty (g_uri_get_host (uri)) == NULL)
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
        /* Not translated: scripts read this line. A link-only publisher
         * allows a link and a short note, no summary: say so. */
        g_print ("%" G_GINT64_FORMAT "%s%s\n", item->result->brief_id,
                 item->result->existed ? " (existing)" : "",
                 item->result->policy == WD_POLICY_LINK_ONLY ? " (link-only)" : "");
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

int
wd_cli_run_import (WdCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autoptr(WdImporter) importer = NULL;
  g_autofree ImportItem *items = NULL;
  ImportRun run = { NULL, };
  WdContext *context;
  int exit_status;

  if (!wd_cli_parse_command_line (cli, N_("URL|FILE…"),
                                  N_("Imports web pages (http or https addresses) and files "
                                     "(.html, .htm, .md, .txt) into the archive, each with its "
                                     "brief in the Inbox, and prints a line per input: its brief "
                                     "id, with “(existing)” after it when the source was already "
                                     "there and “(link-only)” when its publisher allows only a "
                                     "link."),
                                  NULL, NULL, &argc, &argv, &exit_status))
    return exit_status;
  if (argc < 2)
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        _("“import” needs an address or a file; run “wiredesk-cli import "
                          "--help” to see how to call it."));

  exit_status = wd_cli_require_context (cli, &context);
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

int
wd_cli_run_policy (WdCli  *cli,
                   int     argc,
                   char  **argv)
{
  int max_quote_words = -1;
  int max_run_words = -1;
  int max_copied_percent = -1;
  const GOptionEntry entries[] = {
    { "max-quote-words", 0, 0, G_OPTION_ARG_INT, &max_quote_words,
      N_("The longest quotation allowed from this publisher, in words"), N_("N") },
    { "max-run-words", 0, 0, G_OPTION_ARG_INT, &max_run_words,
      N_("The longest run of words a brief may share with the source outside quotations "
         "(default 12)"), N_("N") },
    { "max-copied-percent", 0, 0, G_OPTION_ARG_INT, &max_copied_percent,
      N_("The most of a brief that may sit in runs of 8 or more shared words, in percent "
         "(default 10)"), N_("N") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  const char *domain;
  WdContext *context;
  WdPolicyKind kind;
  int exit_status;

  if (!wd_cli_parse_command_line (cli, N_("set DOMAIN summarize|link-only|excluded | list"),
                                  N_("Sets a publisher's policy: “summarize” allows briefs, "
                                     "“link-only” imports its sources marked so, “excluded” "
                                     "refuses them at import; or lists the policies."),
                                  NULL, entries, &argc, &argv, &exit_status))
    return exit_status;
  if (argc == 2 && g_strcmp0 (argv[1], "list") == 0)
    {
      g_autoptr(GPtrArray) policies = NULL;

      exit_status = wd_cli_require_context (cli, &context);
      if (exit_status != WD_CLI_EXIT_OK)
        return exit_status;
      policies = wd_store_list_policies (wd_context_get_store (context), &error);
      if (policies == NULL)
        return wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);
      for (guint i = 0; i < policies->len; i++)
        {
          WdPolicy *policy = g_ptr_array_index (policies, i);

          int limits[] = { policy->max_quote_words, policy->max_run_words,
                           policy->max_copied_percent };
          g_autoptr(GString) line = g_string_new (policy->domain);
          int last = -1;

          /* Not translated: scripts read these lines. The limits follow
           * up to the last one set, "-" for one not set before it. */
          g_string_append_printf (line, "\t%s", wd_policy_kind_to_string (policy->kind));
          for (int l = 0; l < (int) G_N_ELEMENTS (limits); l++)
            if (limits[l] >= 0)
              last = l;
          for (int l = 0; l <= last; l++)
            if (limits[l] >= 0)
              g_string_append_printf (line, "\t%d", limits[l]);
            else
              g_string_append (line, "\t-");
          g_print ("%s\n", line->str);
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
  if (max_run_words == 0 || max_run_words < -1)
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        _("--max-run-words needs a number of words, 1 or more."));
  if (max_copied_percent == 0 || max_copied_percent < -1 || max_copied_percent > 100)
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        _("--max-copied-percent needs a share from 1 to 100."));
  if (*argv[2] == '\0' || strchr (argv[2], '/') != NULL || strchr (argv[2], ' ') != NULL)
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        _("“%s” is not a domain; give one such as example.org."), argv[2]);

  exit_status = wd_cli_require_context (cli, &context);
  if (exit_status != WD_CLI_EXIT_OK)
    return exit_status;

  /* Imports match the domain without "www.", so store it that way. */
  domain = g_str_has_prefix (argv[2], "www.") ? argv[2] + 4 : argv[2];
  if (!wd_store_set_policy_full (wd_context_get_store (context), domain, kind, max_quote_words,
                                 max_run_words, max_copied_percent, NULL, &error))
    return wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);

  /* A takedown: the briefs already in the archive from this publisher are
   * listed for the editor to delete, and the published ones are queued
   * for unpublishing. */
  if (kind == WD_POLICY_EXCLUDED)
    {
      g_autoptr(GPtrArray) briefs = NULL;
      guint queued;

      briefs = wd_store_list_publisher_briefs (wd_context_get_store (context), domain, &error);
      if (briefs == NULL)
        return wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);
      if (briefs->len > 0)
        g_printerr (g_dngettext (GETTEXT_PACKAGE,
                                 "%u brief in the archive comes from %s:\n",
                                 "%u briefs in the archive come from %s:\n", briefs->len),
                    briefs->len, domain);
      for (guint i = 0; i < briefs->len; i++)
        {
          WdBrief *brief = g_ptr_array_index (briefs, i);
          g_autofree char *title = wd_cli_single_line (wd_cli_brief_title (brief));

          /* Not translated: scripts read these lines. */
          g_print ("%" G_GINT64_FORMAT "\t%s\t%s\n", wd_brief_get_id (brief),
                   wd_brief_status_to_string (wd_brief_get_status (brief)), title);
        }

      queued = wd_store_queue_takedown (wd_context_get_store (context), domain, &error);
      if (error != NULL)
        return wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);
      if (queued > 0)
        g_printerr (g_dngettext (GETTEXT_PACKAGE,
                                 "%u published brief is queued for unpublishing; "
                                 "“wiredesk-cli publish --resume” sends it.\n",
                                 "%u published briefs are queued for unpublishing; "
                                 "“wiredesk-cli publish --resume” sends them.\n", queued),
                    queued);
    }

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

/* The subscription @argument names: its id, else its address. */
static WdFeedSubscription *
find_feed (GPtrArray  *feeds,
           const char *argument)
{
  gint64 id = 0;
  char *end = NULL;

  if (g_ascii_isdigit (*argument))
    {
      id = g_ascii_strtoll (argument, &end, 10);
      if (*end != '\0')
        id = 0;
    }
  for (guint i = 0; i < feeds->len; i++)
    {
      WdFeedSubscription *feed = g_ptr_array_index (feeds, i);

      if ((id > 0 && feed->id == id) || g_strcmp0 (feed->url, argument) == 0)
        return feed;
    }
  return NULL;
}

static int
feed_remove (WdContext  *context,
             const char *argument)
{
  WdStore *store = wd_context_get_store (context);
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GError) error = NULL;
  WdFeedSubscription *feed;

  feeds = wd_store_list_feeds (store, &error);
  if (feeds == NULL)
    return wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);
  feed = find_feed (feeds, argument);
  if (feed == NULL)
    return wd_cli_fail (WD_CLI_EXIT_FAILED,
                        _("There is no feed “%s”; run “wiredesk-cli feed list” to see the "
                          "feeds with their ids and addresses."),
                        argument);
  if (!wd_store_remove_feed (store, feed->id, &error))
    return wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);
  return WD_CLI_EXIT_OK;
}

int
wd_cli_run_feed (WdCli  *cli,
                 int     argc,
                 char  **argv)
{
  WdContext *context;
  const char *action;
  int exit_status;

  if (!wd_cli_parse_command_line (cli, N_("add URL | remove ID|URL | list | refresh"),
                                  N_("Subscribes to a feed (RSS, Atom or JSON Feed; it is read "
                                     "once to check it), unsubscribes from one (the articles it "
                                     "brought stay in the archive), lists the feeds with their "
                                     "last error, or refreshes them all, importing each new item's "
                                     "article."),
                                  NULL, NULL, &argc, &argv, &exit_status))
    return exit_status;
  action = argc > 1 ? argv[1] : NULL;
  if ((g_strcmp0 (action, "add") == 0 || g_strcmp0 (action, "remove") == 0) ? argc != 3
      : (g_strcmp0 (action, "list") == 0 || g_strcmp0 (action, "refresh") == 0) ? argc != 2
      : TRUE)
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        _("“feed” needs “add URL”, “remove ID|URL”, “list” or “refresh”; run "
                          "“wiredesk-cli feed --help” to see how to call it."));

  exit_status = wd_cli_require_context (cli, &context);
  if (exit_status != WD_CLI_EXIT_OK)
    return exit_status;

  if (g_str_equal (action, "add"))
    return feed_add (context, argv[2]);
  if (g_str_equal (action, "remove"))
    return feed_remove (context, argv[2]);
  if (g_str_equal (action, "list"))
    return feed_list (context);
  return feed_refresh (context);
}
