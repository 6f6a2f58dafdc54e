/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-import"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

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
  WdTestServer *server;
  const char   *base;              /* http://127.0.0.1:PORT */
  WdStore      *store;
  WdContext    *context;
  WdImporter   *importer;
  guint         rss_not_modified;
  guint         json_version;      /* the JSON Feed's ETag; 2 adds an item */
  guint         json_not_modified;
  char         *secret_path;       /* a file on disk a feed item points at */
  guint         bad_not_modified;
  const char   *cancel_path;       /* a request for it cancels @cancellable */
  GCancellable *cancellable;
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

/* Answers 304 when the request names @etag (counting it in @not_modified),
 * else sends @etag with the answer the caller makes. */
static gboolean
answer_not_modified (SoupServerMessage *msg,
                     const char        *etag,
                     guint             *not_modified)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (g_strcmp0 (soup_message_headers_get_one (headers, "If-None-Match"), etag) == 0)
    {
      (*not_modified)++;
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return TRUE;
    }
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", etag);
  return FALSE;
}

static void
cancel_on_path (WdTestServer      *server,
                SoupServerMessage *msg,
                const char        *path,
                gpointer           user_data)
{
  Fixture *f = user_data;

  if (g_strcmp0 (path, f->cancel_path) == 0)
    g_cancellable_cancel (f->cancellable);
}

static void
handle_rss (WdTestServer      *server,
            SoupServerMessage *msg,
            const char        *path,
            gpointer           user_data)
{
  Fixture *f = user_data;
  g_autofree char *body = NULL;

  if (answer_not_modified (msg, RSS_ETAG, &f->rss_not_modified))
    return;
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
  wd_test_server_respond (msg, 200, "application/rss+xml", body, -1);
}

static void
handle_atom (WdTestServer      *server,
             SoupServerMessage *msg,
             const char        *path,
             gpointer           user_data)
{
  Fixture *f = user_data;
  g_autofree char *body = NULL;

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
  wd_test_server_respond (msg, 200, "application/atom+xml", body, -1);
}

static void
handle_json_feed (WdTestServer      *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  gpointer           user_data)
{
  Fixture *f = user_data;
  g_autofree char *etag = g_strdup_printf ("\"json-%u\"", f->json_version);
  g_autoptr(GString) json = NULL;

  if (answer_not_modified (msg, etag, &f->json_not_modified))
    return;
  json = g_string_new (NULL);
  g_string_append_printf (json,
                          "{\"version\": \"https://jsonfeed.org/version/1.1\","
                          " \"title\": \"Council Watch\","
                          " \"home_page_url\": \"https://news.example/\","
                          " \"feed_url\": \"%s/feed.json\", \"items\": [",
                          f->base);
  /* The newest item first, as feeds list them; only in version 2. */
  if (f->json_version >= 2)
    g_string_append_printf (json, "{\"id\": \"cw-5\", \"url\": \"%s/link-only\","
                            " \"content_text\": \"Link.\"},", f->base);
  g_string_append_printf (json,
                          "{\"id\": \"cw-1\", \"url\": \"%s/article\","
                          " \"title\": \"Bike lanes\", \"content_text\": \"Lanes.\","
                          " \"date_published\": \"2026-11-03T09:00:00Z\","
                          " \"authors\": [{\"name\": \"A. Writer\"}]},"
                          "{\"id\": \"cw-2\", \"url\": \"%s/notes.txt\","
                          " \"content_text\": \"Notes.\"},"
                          "{\"id\": \"cw-3\", \"url\": \"%s/article-copy\","
                          " \"content_html\": \"<p>Copy.</p>\"},"
                          "{\"id\": \"cw-4\", \"url\": \"file:///etc/passwd\","
                          " \"content_text\": \"Trap.\"}]}",
                          f->base, f->base, f->base);
  wd_test_server_respond (msg, 200, "application/feed+json", json->str, json->len);
}

static void
handle_bad_links (WdTestServer      *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  gpointer           user_data)
{
  Fixture *f = user_data;
  g_autofree char *body = NULL;

  if (answer_not_modified (msg, "\"bad-1\"", &f->bad_not_modified))
    return;
  body = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                          "<rss version=\"2.0\"><channel><title>Link Traps</title>"
                          "<item><title>Good</title><link>%s/article</link>"
                          "<guid isPermaLink=\"false\">bl-1</guid></item>"
                          "<item><title>Passwords</title><link>file:///etc/passwd</link>"
                          "<guid isPermaLink=\"false\">bl-2</guid></item>"
                          "<item><title>Script</title><link>javascript:alert(1)</link>"
                          "<guid isPermaLink=\"false\">bl-3</guid></item>"
                          "<item><title>Local page</title><link>file://%s</link>"
                          "<guid isPermaLink=\"false\">bl-4</guid></item>"
                          "<item><title>Permalink</title>"
                          "<guid isPermaLink=\"true\">file:///etc/passwd</guid></item>"
                          "<item><title>Detour</title><link>%s/to-file</link>"
                          "<guid isPermaLink=\"false\">bl-5</guid></item>"
                          "</channel></rss>", f->base, f->secret_path, f->base);
  wd_test_server_respond (msg, 200, "application/rss+xml", body, -1);
}

static void
add_page (WdTestServer *server,
          const char   *path,
          char         *page)
{
  wd_test_server_add (server, path, 200, "text/html; charset=utf-8", page, -1);
  g_free (page);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
  g_autoptr(WdConfig) config = wd_config_new_empty ();

  f->server = wd_test_server_new (NULL);
  f->base = wd_test_server_get_base (f->server);
  wd_test_server_set_watch (f->server, cancel_on_path, f);
  wd_test_server_add_handler (f->server, "/rss.xml", handle_rss, f);
  wd_test_server_add_handler (f->server, "/atom.xml", handle_atom, f);
  wd_test_server_add_handler (f->server, "/feed.json", handle_json_feed, f);
  wd_test_server_add_handler (f->server, "/bad-links.xml", handle_bad_links, f);
  wd_test_server_add (f->server, "/broken.xml", SOUP_STATUS_INTERNAL_SERVER_ERROR,
                      "text/plain", "oops", -1);
  wd_test_server_add_redirect (f->server, "/to-file", SOUP_STATUS_FOUND, "file:///etc/passwd");
  add_page (f->server, "/article",
            article_page ("Council expands bicycle lanes",
                          "https://news.example/2026/bike-lanes?utm_source=feed",
                          "Example News", ""));
  add_page (f->server, "/article-copy",
            article_page ("Council expands bicycle lanes (copy)",
                          "https://news.example/2026/bike-lanes", "Example News",
                          "<p>A different closing paragraph makes the text differ.</p>"));
  add_page (f->server, "/excluded",
            article_page ("Excluded story", "https://www.excluded.example/story",
                          "Excluded Daily", ""));
  add_page (f->server, "/link-only",
            article_page ("Link-only story", "https://linkonly.example/story",
                          "Link Only Times", "<p>Only the link may be shown.</p>"));
  wd_test_server_add (f->server, "/notes.txt", 200, "text/plain; charset=utf-8",
                      "Plain notes from the meeting\n\nThe council met at nine.\n", -1);
  wd_test_server_add (f->server, "/image.png", 200, "image/png", png, sizeof png - 1);

  f->json_version = 1;
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
  g_clear_pointer (&f->server, wd_test_server_free);
  g_free (f->secret_path);
  g_clear_object (&f->cancellable);
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
  g_assert_cmpuint (wd_test_server_get_hits (f->server, "/rss.xml"), ==, 1);

  /* Again: the RSS server answers 304; the Atom items seen are skipped and
   * the failed one is tried again. */
  second = refresh_feeds (f);
  rss = g_ptr_array_index (second->feeds, 0);
  atom = g_ptr_array_index (second->feeds, 2);
  g_assert_cmpuint (wd_test_server_get_hits (f->server, "/rss.xml"), ==, 2);
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

/* A finished call's result, for the helpers below to wait on. */
static void
on_done (GObject      *object,
         GAsyncResult *res,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (res);
}

static GAsyncResult *
wait_for (GAsyncResult **res)
{
  while (*res == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *res;
}

static GPtrArray *
list_feeds (Fixture       *f,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GAsyncResult) res = NULL;

  wd_importer_list_feeds_async (f->importer, cancellable, on_done, &res);
  return wd_importer_list_feeds_finish (f->importer, wait_for (&res), error);
}

static WdFeedSubscription *
subscribe (Fixture     *f,
           const char  *path,
           GError     **error)
{
  g_autofree char *url = g_strconcat (f->base, path, NULL);
  g_autoptr(GAsyncResult) res = NULL;

  wd_importer_add_feed_async (f->importer, url, NULL, on_done, &res);
  return wd_importer_add_feed_finish (f->importer, wait_for (&res), error);
}

static gboolean
unsubscribe (Fixture  *f,
             gint64    feed_id,
             GError  **error)
{
  g_autoptr(GAsyncResult) res = NULL;

  wd_importer_remove_feed_async (f->importer, feed_id, NULL, on_done, &res);
  return wd_importer_remove_feed_finish (f->importer, wait_for (&res), error);
}

/* The Feeds page's calls: subscribe, list, unsubscribe, all without the
 * archive on the calling thread. */
static void
test_feeds_async (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(WdFeedSubscription) rss = NULL;
  g_autoptr(WdFeedSubscription) json = NULL;
  g_autoptr(WdFeedSubscription) broken = NULL;
  g_autoptr(WdFeedRefresh) refresh = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  WdFeedSubscription *feed;

  rss = subscribe (f, "/rss.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rss->title, ==, "Example News");
  g_assert_cmpuint (rss->n_items, ==, 3);
  json = subscribe (f, "/feed.json", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json->title, ==, "Council Watch");
  g_assert_cmpint (json->id, !=, rss->id);
  /* A feed that does not answer is not subscribed to. */
  broken = subscribe (f, "/broken.xml", &error);
  g_assert_null (broken);
  g_assert_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_HTTP);
  g_clear_error (&error);

  feeds = list_feeds (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (feeds->len, ==, 2);
  feed = g_ptr_array_index (feeds, 0);
  g_assert_cmpint (feed->id, ==, rss->id);
  g_assert_cmpstr (feed->title, ==, "Example News");
  g_assert_cmpint (feed->checked_at, ==, 0);
  g_assert_cmpuint (feed->n_items, ==, 0);
  feed = g_ptr_array_index (feeds, 1);
  g_assert_cmpint (feed->id, ==, json->id);
  g_clear_pointer (&feeds, g_ptr_array_unref);

  /* After a refresh the list shows what each feed gave. */
  refresh = refresh_feeds (f);
  g_assert_cmpuint (refresh->n_broken, ==, 0);
  /* Both feeds carry the article and the notes. */
  g_assert_cmpuint (count_inbox (f), ==, 2);
  feeds = list_feeds (f, NULL, &error);
  g_assert_no_error (error);
  feed = g_ptr_array_index (feeds, 0);
  g_assert_cmpint (feed->checked_at, >, 0);
  g_assert_cmpuint (feed->n_items, ==, 2);
  g_assert_null (feed->last_error);
  feed = g_ptr_array_index (feeds, 1);
  g_assert_cmpuint (feed->n_items, ==, 3);
  g_clear_pointer (&feeds, g_ptr_array_unref);

  /* Unsubscribing keeps the articles it brought. */
  g_assert_true (unsubscribe (f, rss->id, &error));
  g_assert_no_error (error);
  feeds = list_feeds (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (feeds->len, ==, 1);
  g_assert_cmpint (((WdFeedSubscription *) g_ptr_array_index (feeds, 0))->id, ==, json->id);
  g_clear_pointer (&feeds, g_ptr_array_unref);
  g_assert_cmpuint (count_inbox (f), ==, 2);
  /* A feed already gone is no error. */
  g_assert_true (unsubscribe (f, rss->id, &error));
  g_assert_no_error (error);

  g_cancellable_cancel (cancellable);
  feeds = list_feeds (f, cancellable, &error);
  g_assert_null (feeds);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* JSON Feed 1.1 end to end: items imported, a 304 the second time,
 * only the new item the third time. */
static void
test_feeds_json (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(WdFeedRefresh) first = NULL;
  g_autoptr(WdFeedRefresh) second = NULL;
  g_autoptr(WdFeedRefresh) third = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GError) error = NULL;
  WdFeedSubscription *subscription;
  WdFeedOutcome *outcome;

  add_feed (f, "/feed.json");

  first = refresh_feeds (f);
  g_assert_cmpuint (first->feeds->len, ==, 1);
  outcome = g_ptr_array_index (first->feeds, 0);
  g_assert_null (outcome->error);
  g_assert_false (outcome->not_modified);
  g_assert_cmpstr (outcome->title, ==, "Council Watch");
  /* The article and its copy share a canonical URL: one brief. The file:
   * item is never fetched. */
  g_assert_cmpuint (outcome->n_new, ==, 2);
  g_assert_cmpuint (outcome->n_existing, ==, 1);
  g_assert_cmpuint (outcome->n_failed, ==, 0);
  g_assert_cmpuint (count_inbox (f), ==, 2);

  second = refresh_feeds (f);
  outcome = g_ptr_array_index (second->feeds, 0);
  g_assert_cmpuint (f->json_not_modified, ==, 1);
  g_assert_true (outcome->not_modified);
  g_assert_null (outcome->error);
  g_assert_cmpuint (outcome->n_new + outcome->n_existing + outcome->n_failed, ==, 0);
  g_assert_cmpuint (count_inbox (f), ==, 2);

  /* The feed changes: a new ETag, one new item; the items seen before are
   * not imported again. */
  f->json_version = 2;
  third = refresh_feeds (f);
  outcome = g_ptr_array_index (third->feeds, 0);
  g_assert_false (outcome->not_modified);
  g_assert_cmpuint (outcome->n_new, ==, 1);
  g_assert_cmpuint (outcome->n_existing + outcome->n_failed, ==, 0);
  g_assert_cmpuint (count_inbox (f), ==, 3);

  feeds = wd_store_list_feeds (f->store, &error);
  g_assert_no_error (error);
  subscription = g_ptr_array_index (feeds, 0);
  g_assert_cmpstr (subscription->title, ==, "Council Watch");
  g_assert_cmpstr (subscription->etag, ==, "\"json-2\"");
  g_assert_cmpuint (subscription->n_items, ==, 4);
  g_assert_null (subscription->last_error);
}

/* A refresh cancelled while its articles are fetched reports the
 * cancellation; the next one picks up what was left. */
static void
test_feeds_cancel (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GAsyncResult) res = NULL;
  g_autoptr(WdFeedRefresh) refresh = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GError) error = NULL;
  WdFeedOutcome *outcome;

  add_feed (f, "/feed.json");
  f->cancellable = g_cancellable_new ();
  f->cancel_path = "/article";

  wd_importer_refresh_feeds_async (f->importer, f->cancellable, on_done, &res);
  refresh = wd_importer_refresh_feeds_finish (f->importer, wait_for (&res), &error);
  g_assert_null (refresh);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (count_inbox (f), <=, 2);

  /* The feed's ETag was not kept: it is read again, not a 304, and the
   * items not imported before are. */
  f->cancel_path = NULL;
  refresh = refresh_feeds (f);
  outcome = g_ptr_array_index (refresh->feeds, 0);
  g_assert_cmpuint (f->json_not_modified, ==, 0);
  g_assert_null (outcome->error);
  g_assert_cmpuint (outcome->n_failed, ==, 0);
  g_assert_cmpuint (count_inbox (f), ==, 2);
  feeds = wd_store_list_feeds (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (((WdFeedSubscription *) g_ptr_array_index (feeds, 0))->n_items, ==, 3);
  g_assert_null (((WdFeedSubscription *) g_ptr_array_index (feeds, 0))->last_error);

  /* Everything is in now: the third refresh is a 304. */
  g_clear_pointer (&refresh, wd_feed_refresh_free);
  refresh = refresh_feeds (f);
  g_assert_cmpuint (f->json_not_modified, ==, 1);
}

static gboolean
release_lock_cb (gpointer user_data)
{
  sqlite3 **db = user_data;

  g_assert_cmpint (sqlite3_exec (*db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_pointer (db, sqlite3_close);
  return G_SOURCE_REMOVE;
}

/* Another program holds the archive's write lock while a feed is read.
 * The refresh's writes wait for it in worker threads, so this thread's
 * main loop keeps running and lets the lock go; the refresh then ends
 * with nothing lost. (Writes made on this thread would block the loop
 * until the store gave up, and the feed would fail.) */
static void
test_feeds_busy_archive (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GAsyncResult) res = NULL;
  g_autoptr(WdFeedRefresh) refresh = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GError) error = NULL;
  WdFeedSubscription *subscription;
  WdFeedOutcome *outcome;
  sqlite3 *db = NULL;

  add_feed (f, "/feed.json");
  g_assert_cmpint (sqlite3_open (wd_store_get_path (f->store), &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  wd_importer_refresh_feeds_async (f->importer, NULL, on_done, &res);
  while (wd_test_server_get_hits (f->server, "/feed.json") == 0)
    g_main_context_iteration (NULL, TRUE);
  /* Long enough for the feed to arrive and its reading to reach a write,
   * far less than the store waits for a lock. */
  g_timeout_add (300, release_lock_cb, &db);
  while (db != NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (res);

  refresh = wd_importer_refresh_feeds_finish (f->importer, wait_for (&res), &error);
  g_assert_no_error (error);
  outcome = g_ptr_array_index (refresh->feeds, 0);
  g_assert_null (outcome->error);
  g_assert_cmpuint (outcome->n_new, ==, 2);
  g_assert_cmpuint (outcome->n_existing, ==, 1);
  g_assert_cmpuint (count_inbox (f), ==, 2);
  feeds = wd_store_list_feeds (f->store, &error);
  g_assert_no_error (error);
  subscription = g_ptr_array_index (feeds, 0);
  g_assert_null (subscription->last_error);
  g_assert_cmpstr (subscription->etag, ==, "\"json-1\"");
  g_assert_cmpuint (subscription->n_items, ==, 3);
}

static guint
count_hits (Fixture    *f,
            const char *query)
{
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;

  hits = wd_store_search (f->store, query, 10, &error);
  g_assert_no_error (error);
  return hits->len;
}

/* Items that link to the disk or to script are ignored by a refresh;
 * nothing is read from disk, the good item still lands. */
static void
test_feeds_bad_links (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *dir = wd_test_make_tmpdir ();
  g_autofree char *page = article_page ("Quokka marmalade secrets",
                                        "https://private.example/quokka", "Private",
                                        "<p>The zeppelinquokka password is hunter2.</p>");
  g_autoptr(WdFeedRefresh) refresh = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  WdFeedOutcome *outcome;

  f->secret_path = write_file (dir, "secret.html", page, -1);
  add_feed (f, "/bad-links.xml");

  refresh = refresh_feeds (f);
  outcome = g_ptr_array_index (refresh->feeds, 0);
  g_assert_null (outcome->error);
  g_assert_cmpuint (outcome->n_new, ==, 1);
  g_assert_cmpuint (outcome->n_existing, ==, 0);
  /* Only the http link that redirects to file: was tried, and refused. */
  g_assert_cmpuint (outcome->n_failed, ==, 1);
  g_assert_cmpuint (count_inbox (f), ==, 1);

  g_assert_cmpuint (count_hits (f, "zeppelinquokka"), ==, 0);
  g_assert_cmpuint (count_hits (f, "quokka"), ==, 0);
  g_assert_cmpuint (count_hits (f, "nologin"), ==, 0);
  g_assert_cmpuint (count_hits (f, "bicycle"), ==, 1);

  rows = wd_store_list_briefs (f->store, WD_BRIEF_FILTER_ALL, 0, 10, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      gint64 id = wd_brief_get_id (g_ptr_array_index (rows, i));
      g_autoptr(WdBrief) brief = wd_store_load_brief (f->store, id, &error);
      const char *url;

      g_assert_no_error (error);
      url = wd_source_get_url (wd_brief_get_source (brief));
      g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
    }

  /* Only the good item is remembered as seen. */
  feeds = wd_store_list_feeds (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (((WdFeedSubscription *) g_ptr_array_index (feeds, 0))->n_items, ==, 1);

  /* An item failed, so the feed's ETag was not kept: the next refresh
   * reads the feed again (no 304) and tries that item again. */
  g_clear_pointer (&refresh, wd_feed_refresh_free);
  refresh = refresh_feeds (f);
  outcome = g_ptr_array_index (refresh->feeds, 0);
  g_assert_cmpuint (f->bad_not_modified, ==, 0);
  g_assert_false (outcome->not_modified);
  g_assert_null (outcome->error);
  g_assert_cmpuint (outcome->n_new + outcome->n_existing, ==, 0);
  g_assert_cmpuint (outcome->n_failed, ==, 1);
  g_assert_cmpuint (count_inbox (f), ==, 1);
  g_assert_cmpuint (count_hits (f, "quokka"), ==, 0);

  g_remove (f->secret_path);
  g_rmdir (dir);
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
  g_autofree char *link_only = g_strconcat (f->base, "/link-only", NULL);
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

  /* The copy guard's limits, per publisher; "-" for a limit not set. */
  run_cli (&run, db, (const char * const[]) { "policy", "set", "runs.example", "summarize",
                                              "--max-copied-percent", "20", NULL });
  g_assert_cmpint (run.status, ==, 0);
  cli_run_clear (&run);
  run_cli (&run, db, (const char * const[]) { "policy", "set", "runs.example", "summarize",
                                              "--max-run-words", "0", NULL });
  g_assert_cmpint (run.status, ==, 2);
  cli_run_clear (&run);
  run_cli (&run, db, (const char * const[]) { "policy", "list", NULL });
  g_assert_nonnull (strstr (run.out, "\nruns.example\tsummarize\t-\t-\t20\n"));
  cli_run_clear (&run);

  /* A link-only publisher's source is imported and the line says so. */
  run_cli (&run, db, (const char * const[]) { "policy", "set", "linkonly.example",
                                              "link-only", NULL });
  g_assert_cmpint (run.status, ==, 0);
  cli_run_clear (&run);
  run_cli (&run, db, (const char * const[]) { "import", link_only, NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (g_ascii_strtoll (run.out, NULL, 10), >, 0);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("%" G_GINT64_FORMAT " (link-only)\n",
                              g_ascii_strtoll (run.out, NULL, 10));
  g_assert_cmpstr (run.out, ==, expected);
  cli_run_clear (&run);
  run_cli (&run, db, (const char * const[]) { "import", link_only, NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_suffix (run.out, " (existing) (link-only)\n"));
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("%" G_GINT64_FORMAT "\tinbox\t",
                              g_ascii_strtoll (run.out, NULL, 10));
  cli_run_clear (&run);

  /* A takedown: excluding the publisher lists its briefs already here. */
  run_cli (&run, db, (const char * const[]) { "policy", "set", "linkonly.example",
                                              "excluded", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, expected));
  /* one line: the link-only brief, with its title */
  g_assert_cmpstr (strchr (run.out, '\n') + 1, ==, "");
  g_assert_cmpuint (strlen (run.out), >, strlen (expected) + 1);
  g_assert_cmpstr (run.err, ==, "1 brief in the archive comes from linkonly.example:\n");
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
  g_assert_cmpuint (wd_store_count_briefs (store, WD_BRIEF_FILTER_ALL, NULL), ==, 3);

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
  g_autofree char *json = g_strconcat (f->base, "/feed.json", NULL);
  g_autofree char *expected = NULL;
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

  /* Unsubscribing, by address or by id: the articles stay. */
  run_cli (&run, db, (const char * const[]) { "feed", "add", json, NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "2\tCouncil Watch\n");
  cli_run_clear (&run);
  run_cli (&run, db, (const char * const[]) { "feed", "remove", rss, NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  cli_run_clear (&run);
  run_cli (&run, db, (const char * const[]) { "feed", "list", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "2\tCouncil Watch\t"));
  g_assert_null (strstr (run.out, "Example News"));
  cli_run_clear (&run);
  run_cli (&run, db, (const char * const[]) { "feed", "remove", "2", NULL });
  g_assert_cmpint (run.status, ==, 0);
  cli_run_clear (&run);
  run_cli (&run, db, (const char * const[]) { "feed", "list", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  cli_run_clear (&run);

  /* A feed that is not there: one sentence, status 1. */
  run_cli (&run, db, (const char * const[]) { "feed", "remove", rss, NULL });
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  expected = g_strdup_printf ("wiredesk-cli: There is no feed “%s”; run “wiredesk-cli feed "
                              "list” to see the feeds with their ids and addresses.\n", rss);
  g_assert_cmpstr (run.err, ==, expected);
  cli_run_clear (&run);
  run_cli (&run, db, (const char * const[]) { "feed", "remove", "7", NULL });
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "There is no feed “7”"));
  cli_run_clear (&run);
  run_cli (&run, db, (const char * const[]) { "feed", "remove", NULL });
  g_assert_cmpint (run.status, ==, 2);
  cli_run_clear (&run);

  store = wd_store_open (db, NULL);
  g_assert_nonnull (store);
  g_assert_cmpuint (wd_store_count_briefs (store, WD_BRIEF_FILTER_ALL, NULL), ==, 2);
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
  ADD ("feeds/async", test_feeds_async);
  ADD ("feeds/json", test_feeds_json);
  ADD ("feeds/bad-links", test_feeds_bad_links);
  ADD ("feeds/cancel", test_feeds_cancel);
  ADD ("feeds/busy-archive", test_feeds_busy_archive);
  ADD ("cli/feeds", test_cli_feeds);
#undef ADD

  return g_test_run ();
}
