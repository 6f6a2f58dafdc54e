/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-import"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "import/wd-importer.h"
#include "import/wd-import-error.h"
#include "wd-test-util.h"

/* A SoupServer on 127.0.0.1 in this process serves the pages; a real
 * archive in a temporary directory receives them. */

#define PARAGRAPHS \
  "<p>The city council voted on Tuesday to expand the network of protected bicycle lanes " \
  "across the northern districts, after a long debate about parking, deliveries and the " \
  "safety of children who cycle to school every morning in heavy traffic.</p>" \
  "<p>Supporters said the plan would cut injuries and encourage more residents to leave " \
  "their cars at home, while opponents warned that shop owners on the main streets could " \
  "lose customers who depend on short stops in front of their doors.</p>" \
  "<p>The first section of the new lanes is expected to open next spring, and the council " \
  "promised to publish monthly figures on accidents, traffic volumes and the number of " \
  "cyclists counted at twelve points along the route during the whole trial.</p>" \
  "<p>Engineers will also study how buses share the road with bicycles at the busiest " \
  "junctions, and a report with recommendations is due before the summer recess of the " \
  "council, when the members decide whether the lanes become permanent.</p>"

typedef struct {
  SoupServer *server;
  char       *base;
  WdStore    *store;
  WdContext  *context;
  WdImporter *importer;
  guint       rss_requests;
  guint       rss_not_modified;
} Fixture;

#define RSS_ETAG "\"rss-1\""

static char *
article_page (const char *title,
              const char *canonical,
              const char *site_name,
              const char *extra)
{
  return g_strdup_printf ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                          "<title>%s</title>"
                          "<link rel=\"canonical\" href=\"%s\">"
                          "<meta property=\"og:site_name\" content=\"%s\">"
                          "</head><body><nav><a href=\"/\">Home</a></nav><article>"
                          "<h1>%s</h1>%s%s</article></body></html>",
                          title, canonical, site_name, title, PARAGRAPHS, extra);
}

static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  Fixture *f = user_data;
  g_autofree char *body = NULL;
  const char *type = "text/html; charset=utf-8";

  if (g_str_equal (path, "/rss.xml"))
    {
      SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

      f->rss_requests++;
      if (g_strcmp0 (soup_message_headers_get_one (headers, "If-None-Match"), RSS_ETAG) == 0)
        {
          f->rss_not_modified++;
          soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
          return;
        }
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag",
                                    RSS_ETAG);
      body = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                              "<rss version=\"2.0\"><channel><title>Example News</title>"
                              "<link>https://news.example/</link>"
                              "<item><title>Bike lanes</title><link>%s/article</link>"
                              "<guid isPermaLink=\"false\">rss-1</guid>"
                              "<pubDate>Tue, 03 Nov 2026 09:00:00 GMT</pubDate></item>"
                              "<item><title>Notes</title><link>%s/notes.txt</link>"
                              "<guid isPermaLink=\"false\">rss-2</guid></item>"
                              "<item><title>Trap</title><link>javascript:alert(1)</link>"
                              "<guid isPermaLink=\"false\">rss-3</guid></item>"
                              "</channel></rss>", f->base, f->base);
      type = "application/rss+xml";
    }
  else if (g_str_equal (path, "/atom.xml"))
    {
      body = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                              "<feed xmlns=\"http://www.w3.org/2005/Atom\">"
                              "<title>Atom Times</title><id>urn:atom-times</id>"
                              "<updated>2026-11-03T09:00:00Z</updated>"
                              "<entry><title>Copy</title><link href=\"%s/article-copy\"/>"
                              "<id>urn:atom:1</id><updated>2026-11-03T09:00:00Z</updated></entry>"
                              "<entry><title>Link only</title><link href=\"%s/link-only\"/>"
                              "<id>urn:atom:2</id><updated>2026-11-03T09:00:00Z</updated></entry>"
                              "<entry><title>Gone</title><link href=\"%s/missing\"/>"
                              "<id>urn:atom:3</id><updated>2026-11-03T09:00:00Z</updated></entry>"
                              "</feed>", f->base, f->base, f->base);
      type = "application/atom+xml";
    }
  else if (g_str_equal (path, "/broken.xml"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "oops", 4);
      return;
    }
  else if (g_str_equal (path, "/article"))
    body = article_page ("Council expands bicycle lanes",
                         "https://news.example/2026/bike-lanes?utm_source=feed",
                         "Example News", "");
  else if (g_str_equal (path, "/article-copy"))
    body = article_page ("Council expands bicycle lanes (copy)",
                         "https://news.example/2026/bike-lanes", "Example News",
                         "<p>A different closing paragraph makes the text differ.</p>");
  else if (g_str_equal (path, "/excluded"))
    body = article_page ("Excluded story", "https://www.excluded.example/story",
                         "Excluded Daily", "");
  else if (g_str_equal (path, "/link-only"))
    body = article_page ("Link-only story", "https://linkonly.example/story",
                         "Link Only Times", "<p>Only the link may be shown.</p>");
  else if (g_str_equal (path, "/notes.txt"))
    {
      body = g_strdup ("Plain notes from the meeting\n\nThe council met at nine.\n");
      type = "text/plain; charset=utf-8";
    }
  else if (g_str_equal (path, "/image.png"))
    {
      static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_STATIC, png,
                                        sizeof png - 1);
      return;
    }
  else
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "no", 2);
      return;
    }

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdConfig) config = wd_config_new_empty ();
  GSList *uris;

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, handle_request, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  f->store = wd_test_open_store (NULL);
  f->context = wd_context_new (f->store, config);
  f->importer = wd_importer_new (f->context);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* A GTask thread drops its reference to the importer only after the
   * callback ran; let it. */
  while (g_atomic_int_get (&G_OBJECT (f->importer)->ref_count) > 1)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_finalize_object (f->importer);
  g_clear_object (&f->context);
  g_clear_object (&f->store);
  soup_server_disconnect (f->server);
  g_assert_finalize_object (f->server);
  g_free (f->base);
}

typedef struct {
  WdImportResult *result;
  GError         *error;
  gboolean        done;
} Outcome;

static void
on_imported (GObject      *object,
             GAsyncResult *res,
             gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->result = wd_importer_import_url_finish (WD_IMPORTER (object), res,
                                                   &outcome->error);
  outcome->done = TRUE;
}

/* Imports BASE + @path and waits; exactly one of the two is set. */
static WdImportResult *
import_path (Fixture     *f,
             const char  *path,
             GError     **error)
{
  g_autofree char *url = g_strconcat (f->base, path, NULL);
  Outcome outcome = { 0 };

  wd_importer_import_url_async (f->importer, url, NULL, on_imported, &outcome);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true ((outcome.result == NULL) != (outcome.error == NULL));
  if (outcome.error != NULL)
    g_propagate_error (error, outcome.error);
  return outcome.result;
}

static guint
count_inbox (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  guint n = wd_store_count_briefs (f->store, WD_BRIEF_FILTER_ALL, &error);

  g_assert_no_error (error);
  return n;
}

static void
test_url_article (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(WdImportResult) result = NULL;
  g_autoptr(WdImportResult) again = NULL;
  g_autoptr(WdImportResult) copy = NULL;
  g_autoptr(WdSource) source = NULL;
  g_autoptr(WdBrief) brief = NULL;
  g_autoptr(GError) error = NULL;

  result = import_path (f, "/article", &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->brief_id, >, 0);
  g_assert_false (result->existed);
  g_assert_cmpint (result->policy, ==, WD_POLICY_SUMMARIZE);
  g_assert_cmpstr (result->title, ==, "Council expands bicycle lanes");
  g_assert_cmpuint (count_inbox (f), ==, 1);

  brief = wd_store_load_brief (f->store, result->brief_id, &error);
  g_assert_no_error (error);
  source = g_object_ref (wd_brief_get_source (brief));
  g_assert_cmpstr (wd_source_get_canonical_url (source), ==,
                   "https://news.example/2026/bike-lanes");
  g_assert_cmpstr (wd_source_get_publisher_name (source), ==, "Example News");
  g_assert_cmpstr (wd_source_get_publisher_domain (source), ==, "news.example");
  g_assert_nonnull (strstr (wd_source_get_text (source), "protected bicycle lanes"));
  g_assert_null (strstr (wd_source_get_text (source), "Home"));

  /* The same page again, and another page with the same canonical URL:
   * the brief already there, nothing new. */
  again = import_path (f, "/article", &error);
  g_assert_no_error (error);
  g_assert_true (again->existed);
  g_assert_cmpint (again->brief_id, ==, result->brief_id);
  copy = import_path (f, "/article-copy", &error);
  g_assert_no_error (error);
  g_assert_true (copy->existed);
  g_assert_cmpint (copy->brief_id, ==, result->brief_id);
  g_assert_cmpuint (count_inbox (f), ==, 1);
}

static void
test_url_policy (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(WdImportResult) excluded = NULL;
  g_autoptr(WdImportResult) link_only = NULL;
  g_autoptr(GError) error = NULL;

  wd_store_set_policy (f->store, "excluded.example", WD_POLICY_EXCLUDED, -1, NULL, &error);
  g_assert_no_error (error);
  wd_store_set_policy (f->store, "linkonly.example", WD_POLICY_LINK_ONLY, -1, NULL, &error);
  g_assert_no_error (error);

  excluded = import_path (f, "/excluded", &error);
  g_assert_null (excluded);
  g_assert_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_EXCLUDED);
  g_assert_cmpstr (error->message, ==, "excluded.example asked not to be summarized "
                   "(policy: excluded); the source was not imported.");
  g_clear_error (&error);
  g_assert_cmpuint (count_inbox (f), ==, 0);

  link_only = import_path (f, "/link-only", &error);
  g_assert_no_error (error);
  g_assert_false (link_only->existed);
  g_assert_cmpint (link_only->policy, ==, WD_POLICY_LINK_ONLY);
  g_assert_cmpuint (count_inbox (f), ==, 1);
}

static void
test_url_failures (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdImportResult) text = NULL;
  WdImportResult *result;

  result = import_path (f, "/missing", &error);
  g_assert_null (result);
  g_assert_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_HTTP);
  g_assert_nonnull (strstr (error->message, "404"));
  g_clear_error (&error);

  result = import_path (f, "/image.png", &error);
  g_assert_null (result);
  g_assert_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "image/png"));
  g_clear_error (&error);
  g_assert_cmpuint (count_inbox (f), ==, 0);

  /* Plain text is imported as it is. */
  text = import_path (f, "/notes.txt", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text->title, ==, "Plain notes from the meeting");
  g_assert_cmpuint (count_inbox (f), ==, 1);
}

static void
on_refreshed (GObject      *object,
              GAsyncResult *res,
              gpointer      user_data)
{
  WdFeedRefresh **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = wd_importer_refresh_feeds_finish (WD_IMPORTER (object), res, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*out);
}

static WdFeedRefresh *
refresh_feeds (Fixture *f)
{
  WdFeedRefresh *refresh = NULL;

  wd_importer_refresh_feeds_async (f->importer, NULL, on_refreshed, &refresh);
  while (refresh == NULL)
    g_main_context_iteration (NULL, TRUE);
  return refresh;
}

static void
add_feed (Fixture    *f,
          const char *path)
{
  g_autofree char *url = g_strconcat (f->base, path, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (wd_store_add_feed (f->store, url, NULL, NULL, &error), >, 0);
  g_assert_no_error (error);
}

static void
test_feeds (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(WdFeedRefresh) first = NULL;
  g_autoptr(WdFeedRefresh) second = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GError) error = NULL;
  WdFeedOutcome *rss, *atom, *broken;
  WdFeedSubscription *subscription;
  g_autofree char *rss_url = g_strconcat (f->base, "/rss.xml", NULL);
  gboolean existed = FALSE;

  add_feed (f, "/rss.xml");
  add_feed (f, "/broken.xml");
  add_feed (f, "/atom.xml");
  /* A feed is there once. */
  g_assert_cmpint (wd_store_add_feed (f->store, rss_url, NULL, &existed, &error), >, 0);
  g_assert_true (existed);

  first = refresh_feeds (f);
  g_assert_cmpuint (first->feeds->len, ==, 3);
  rss = g_ptr_array_index (first->feeds, 0);
  broken = g_ptr_array_index (first->feeds, 1);
  atom = g_ptr_array_index (first->feeds, 2);

  /* The article and its copy (the same canonical URL) arrive through the
   * two feeds at once: either one is stored, the other found existing. */
  g_assert_null (rss->error);
  g_assert_cmpstr (rss->title, ==, "Example News");
  g_assert_cmpuint (rss->n_new + rss->n_existing, ==, 2);
  g_assert_cmpuint (rss->n_failed, ==, 0);
  g_assert_null (atom->error);
  g_assert_cmpstr (atom->title, ==, "Atom Times");
  g_assert_cmpuint (atom->n_new + atom->n_existing, ==, 2);
  g_assert_cmpuint (atom->n_failed, ==, 1);
  g_assert_nonnull (broken->error);
  g_assert_nonnull (strstr (broken->error, "500"));
  g_assert_cmpuint (first->n_new, ==, 3);
  g_assert_cmpuint (first->n_existing, ==, 1);
  g_assert_cmpuint (first->n_failed, ==, 1);
  g_assert_cmpuint (first->n_broken, ==, 1);
  /* article, notes, link-only; the javascript: item was never fetched */
  g_assert_cmpuint (count_inbox (f), ==, 3);
  g_assert_cmpuint (f->rss_requests, ==, 1);

  /* Again: the RSS server answers 304; the Atom items seen are skipped and
   * the failed one is tried again. */
  second = refresh_feeds (f);
  rss = g_ptr_array_index (second->feeds, 0);
  atom = g_ptr_array_index (second->feeds, 2);
  g_assert_cmpuint (f->rss_requests, ==, 2);
  g_assert_cmpuint (f->rss_not_modified, ==, 1);
  g_assert_true (rss->not_modified);
  g_assert_cmpuint (rss->n_new + rss->n_existing + rss->n_failed, ==, 0);
  g_assert_cmpuint (atom->n_new + atom->n_existing, ==, 0);
  g_assert_cmpuint (atom->n_failed, ==, 1);
  g_assert_cmpuint (count_inbox (f), ==, 3);

  feeds = wd_store_list_feeds (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (feeds->len, ==, 3);
  subscription = g_ptr_array_index (feeds, 0);
  g_assert_cmpstr (subscription->title, ==, "Example News");
  g_assert_cmpstr (subscription->etag, ==, RSS_ETAG);
  g_assert_cmpint (subscription->checked_at, >, 0);
  g_assert_null (subscription->last_error);
  g_assert_cmpuint (subscription->n_items, ==, 2);
  subscription = g_ptr_array_index (feeds, 1);
  g_assert_nonnull (subscription->last_error);
  g_assert_cmpuint (subscription->n_items, ==, 0);
  subscription = g_ptr_array_index (feeds, 2);
  g_assert_cmpuint (subscription->n_items, ==, 2);

  g_assert_true (wd_store_remove_feed (f->store, subscription->id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&feeds, g_ptr_array_unref);
  feeds = wd_store_list_feeds (f->store, &error);
  g_assert_cmpuint (feeds->len, ==, 2);
}

static char *
write_file (const char *dir,
            const char *name,
            const char *contents,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_files (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *dir = wd_test_make_tmpdir ();
  g_autofree char *html = article_page ("A page saved to disk",
                                        "https://saved.example/page", "Saved", "");
  g_autofree char *html_path = write_file (dir, "page.html", html, -1);
  g_autofree char *md_path = write_file (dir, "notes.md",
                                         "Intro line\n\n# Budget talks resume\n\nText.\n", -1);
  g_autofree char *txt_path = write_file (dir, "memo.txt",
                                          "\n  Memo about the budget  \nMore text.\n", -1);
  g_autofree char *empty_path = write_file (dir, "empty.txt", "", 0);
  static const char garbage[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\x03\0>\0\x01\0\0\0\x10";
  g_autofree char *bin_path = write_file (dir, "garbage.txt", garbage, sizeof garbage - 1);
  g_autoptr(GError) error = NULL;
  WdImportResult *result;

  result = wd_importer_import_file (f->importer, html_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result->title, ==, "A page saved to disk");
  g_assert_cmpstr (result->url, ==, "https://saved.example/page");
  wd_import_result_free (result);

  result = wd_importer_import_file (f->importer, md_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result->title, ==, "Budget talks resume");
  wd_import_result_free (result);

  result = wd_importer_import_file (f->importer, txt_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result->title, ==, "Memo about the budget");
  g_assert_false (result->existed);
  wd_import_result_free (result);
  result = wd_importer_import_file (f->importer, txt_path, &error);
  g_assert_no_error (error);
  g_assert_true (result->existed);
  wd_import_result_free (result);
  g_assert_cmpuint (count_inbox (f), ==, 3);

  result = wd_importer_import_file (f->importer, empty_path, &error);
  g_assert_null (result);
  g_assert_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_EMPTY);
  g_assert_nonnull (strstr (error->message, "is empty"));
  g_clear_error (&error);

  result = wd_importer_import_file (f->importer, bin_path, &error);
  g_assert_null (result);
  g_assert_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "does not look like text or a web page"));
  g_clear_error (&error);
  g_assert_cmpuint (count_inbox (f), ==, 3);

  g_remove (html_path);
  g_remove (md_path);
  g_remove (txt_path);
  g_remove (empty_path);
  g_remove (bin_path);
  g_rmdir (dir);
}

static void
test_text (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  WdImportResult *result;
  gint64 first;

  result = wd_importer_import_text (f->importer, "Storm closes the harbour\nBoats stay in.",
                                    &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result->title, ==, "Storm closes the harbour");
  first = result->brief_id;
  wd_import_result_free (result);

  result = wd_importer_import_text (f->importer, "Storm closes the harbour\nBoats stay in.",
                                    &error);
  g_assert_no_error (error);
  g_assert_true (result->existed);
  g_assert_cmpint (result->brief_id, ==, first);
  wd_import_result_free (result);

  result = wd_importer_import_text (f->importer, "A second note\nabout something else",
                                    &error);
  g_assert_no_error (error);
  g_assert_false (result->existed);
  wd_import_result_free (result);

  result = wd_importer_import_text (f->importer, "  \n\t ", &error);
  g_assert_null (result);
  g_assert_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_EMPTY);
  g_assert_cmpuint (count_inbox (f), ==, 2);
}

typedef struct {
  char     *out;
  char     *err;
  int       status;
  gboolean  done;
} CliRun;

static void
on_communicated (GObject      *object,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  CliRun *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), res, &run->out, &run->err,
                                        &error);
  g_assert_no_error (error);
  run->done = TRUE;
}

/* Runs wiredesk-cli on the archive at @db while this process's main
 * context keeps serving the pages it fetches. */
static void
run_cli (CliRun             *run,
         const char         *db,
         const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("WIREDESK_CLI");

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, (gpointer) db);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", g_get_home_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                          &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_communicated, run);
  while (!run->done)
    g_main_context_iteration (NULL, TRUE);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  g_test_message ("status %d\nstdout: %s\nstderr: %s", run->status, run->out, run->err);
}

static void
cli_run_clear (CliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
  run->done = FALSE;
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *db = NULL;
  g_autofree char *dir = wd_test_make_tmpdir ();
  g_autofree char *md = write_file (dir, "notes.md", "# Harbour reopens\n\nShips sail.\n", -1);
  g_autofree char *empty = write_file (dir, "empty.txt", "", 0);
  g_autofree char *article = g_strconcat (f->base, "/article", NULL);
  g_autofree char *copy = g_strconcat (f->base, "/article-copy", NULL);
  g_autofree char *excluded = g_strconcat (f->base, "/excluded", NULL);
  g_autofree char *missing = g_strconcat (f->base, "/missing", NULL);
  g_autofree char *expected = NULL;
  g_autoptr(WdStore) store = wd_test_open_store (&db);
  g_auto(GStrv) lines = NULL;
  CliRun run = { NULL, };

  g_clear_object (&store);

  /* A line per input, in the order given; existing ones marked. (The
   * page and its copy go in separate runs: imported at once, either
   * could be the one stored.) */
  run_cli (&run, db, (const char * const[]) { "import", article, md, NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  lines = g_strsplit (run.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_cmpint (g_ascii_strtoll (lines[0], NULL, 10), >, 0);
  g_assert_cmpint (g_ascii_strtoll (lines[1], NULL, 10), >, 0);
  g_assert_cmpstr (lines[1], !=, lines[0]);
  g_assert_cmpstr (lines[2], ==, "");
  expected = g_strdup_printf ("%s (existing)", lines[0]);
  cli_run_clear (&run);
  run_cli (&run, db, (const char * const[]) { "import", copy, NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, expected));
  g_assert_cmpstr (run.out + strlen (expected), ==, "\n");
  cli_run_clear (&run);

  /* Failures: a line each on stderr, prefixed by the input; exit 1; the
   * good input still imported. */
  run_cli (&run, db, (const char * const[]) { "policy", "set", "excluded.example",
                                              "excluded", NULL });
  g_assert_cmpint (run.status, ==, 0);
  cli_run_clear (&run);
  run_cli (&run, db, (const char * const[]) { "import", missing, excluded, empty, article,
                                              NULL });
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.out, expected));
  g_assert_cmpstr (run.out + strlen (expected), ==, "\n");
  g_strfreev (lines);
  lines = g_strsplit (run.err, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_true (g_str_has_prefix (lines[0], "wiredesk-cli: "));
  g_assert_nonnull (strstr (lines[0], missing));
  g_assert_nonnull (strstr (lines[0], "404"));
  g_assert_nonnull (strstr (lines[1], "excluded.example asked not to be summarized "
                                      "(policy: excluded); the source was not imported."));
  g_assert_nonnull (strstr (lines[2], empty));
  cli_run_clear (&run);

  run_cli (&run, db, (const char * const[]) { "policy", "set", "www.Quotes.example",
                                              "link-only", "--max-quote-words", "25", NULL });
  g_assert_cmpint (run.status, ==, 0);
  cli_run_clear (&run);
  run_cli (&run, db, (const char * const[]) { "policy", "list", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "excluded.example\texcluded\nquotes.example\tlink-only\t25\n");
  cli_run_clear (&run);

  /* Bad usage */
  run_cli (&run, db, (const char * const[]) { "policy", "set", "x.example", "maybe", NULL });
  g_assert_cmpint (run.status, ==, 2);
  cli_run_clear (&run);
  run_cli (&run, db, (const char * const[]) { "import", NULL });
  g_assert_cmpint (run.status, ==, 2);
  cli_run_clear (&run);

  /* extract fetches an address and writes nothing. */
  run_cli (&run, db, (const char * const[]) { "extract", article, "--json", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"canonical_url\" : "
                             "\"https://news.example/2026/bike-lanes\""));
  g_assert_nonnull (strstr (run.out, "protected bicycle lanes"));
  cli_run_clear (&run);

  store = wd_store_open (db, NULL);
  g_assert_nonnull (store);
  g_assert_cmpuint (wd_store_count_briefs (store, WD_BRIEF_FILTER_ALL, NULL), ==, 2);

  g_remove (md);
  g_remove (empty);
}

static void
test_cli_feeds (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *db = NULL;
  g_autofree char *rss = g_strconcat (f->base, "/rss.xml", NULL);
  g_autofree char *broken = g_strconcat (f->base, "/broken.xml", NULL);
  g_autofree char *page = g_strconcat (f->base, "/article", NULL);
  g_autoptr(WdStore) store = wd_test_open_store (&db);
  CliRun run = { NULL, };

  g_clear_object (&store);

  run_cli (&run, db, (const char * const[]) { "feed", "add", rss, NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "1\tExample News\n");
  cli_run_clear (&run);

  /* A feed that does not work is not subscribed to. */
  run_cli (&run, db, (const char * const[]) { "feed", "add", broken, NULL });
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.err, "wiredesk-cli: "));
  g_assert_nonnull (strstr (run.err, "500"));
  cli_run_clear (&run);
  run_cli (&run, db, (const char * const[]) { "feed", "add", page, NULL });
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  cli_run_clear (&run);

  run_cli (&run, db, (const char * const[]) { "feed", "list", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "1\tExample News\t"));
  g_assert_nonnull (strstr (run.out, "\t0 items\tnever checked\n"));
  cli_run_clear (&run);

  run_cli (&run, db, (const char * const[]) { "feed", "refresh", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "Example News: 2 new, 0 existing, 0 failed\n");
  cli_run_clear (&run);
  run_cli (&run, db, (const char * const[]) { "feed", "refresh", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "Example News: not modified\n");
  cli_run_clear (&run);

  run_cli (&run, db, (const char * const[]) { "feed", "list", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\t2 items\t"));
  g_assert_null (strstr (run.out, "never checked"));
  cli_run_clear (&run);

  run_cli (&run, db, (const char * const[]) { "feed", "subscribe", NULL });
  g_assert_cmpint (run.status, ==, 2);
  cli_run_clear (&run);
}

int
main (int   argc,
      char *argv[])
{
  /* The proxy module must not look at the desktop's settings. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  wd_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/import/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("url/article", test_url_article);
  ADD ("url/policy", test_url_policy);
  ADD ("url/failures", test_url_failures);
  ADD ("files", test_files);
  ADD ("text", test_text);
  ADD ("cli", test_cli);
  ADD ("feeds", test_feeds);
  ADD ("cli/feeds", test_cli_feeds);
#undef ADD

  return g_test_run ();
}
