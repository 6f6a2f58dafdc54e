/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-fetch"

#include <string.h>

#include <libsoup/soup.h>

#include "import/wd-fetcher.h"
#include "import/wd-import-error.h"
#include "wd-test-util.h"

/* Everything here talks to a SoupServer on 127.0.0.1 in this process,
 * speaking real HTTP; nothing leaves the machine. */

#if defined(__SANITIZE_ADDRESS__)
# define BUILT_WITH_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define BUILT_WITH_ASAN 1
# endif
#endif

#define RUSSIAN "Новости: исследователи представили новую языковую модель."
#define PAGE_ETAG "\"v1\""
#define PAGE_LAST_MODIFIED "Mon, 02 Nov 2026 10:00:00 GMT"

typedef struct {
  WdTestServer *server;
  const char   *base;           /* http://127.0.0.1:PORT */
  WdFetcher    *fetcher;

  /* What the server saw last. */
  char         *user_agent;
  char         *cookie;         /* the Cookie header of /echo-cookie, if any */
  char         *accept_encoding;

  /* Cancelled by the server when /cancel-me arrives. */
  GCancellable *cancel_on_request;

  /* /huge: one 64 KB chunk sent over and over, and how much went out. */
  GBytes       *huge_chunk;
  guint64       huge_sent;
} Fixture;

typedef struct {
  WdFetchResult *result;
  GError        *error;
  gboolean       done;
} Outcome;

static void
redirect_to (SoupServerMessage *msg,
             guint              status,
             const char        *location)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Location", location);
}

static GBytes *
compress_text (const char              *text,
               GZlibCompressorFormat    format)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (format, -1);
  g_autoptr(GInputStream) plain = g_memory_input_stream_new_from_data (text, strlen (text),
                                                                       NULL);
  g_autoptr(GInputStream) zipped = g_converter_input_stream_new (plain,
                                                                 G_CONVERTER (compressor));
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_output_stream_splice (out, zipped, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE
                          | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static char *
gzip_text (void)
{
  GString *s = g_string_new ("<html><body>");

  for (guint i = 0; i < 200; i++)
    g_string_append_printf (s, "<p>Paragraph %u of a compressed article.</p>", i);
  g_string_append (s, "</body></html>");
  return g_string_free (s, FALSE);
}

#define HUGE_SIZE (50 * 1024 * 1024)

static void
on_huge_wrote_chunk (SoupServerMessage *msg,
                     gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  f->huge_sent += g_bytes_get_size (f->huge_chunk);
  if (f->huge_sent < HUGE_SIZE)
    soup_message_body_append_bytes (body, f->huge_chunk);
  else
    soup_message_body_complete (body);
}

/* Every request: who is asking, and what it accepts. */
static void
record_request (WdTestServer      *server,
                SoupServerMessage *msg,
                const char        *path,
                gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);

  g_free (f->user_agent);
  f->user_agent = g_strdup (soup_message_headers_get_one (req, "User-Agent"));
  g_free (f->accept_encoding);
  f->accept_encoding = g_strdup (soup_message_headers_get_one (req, "Accept-Encoding"));
}

/* A windows-1251 page with validators, answering conditional requests. */
static void
handle_page (WdTestServer      *server,
             SoupServerMessage *msg,
             const char        *path,
             gpointer           user_data)
{
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);
  g_autofree char *body = g_strdup_printf ("<html><body><p>%s</p></body></html>", RUSSIAN);
  g_autofree char *encoded = NULL;
  const char *inm = soup_message_headers_get_one (req, "If-None-Match");
  const char *ims = soup_message_headers_get_one (req, "If-Modified-Since");
  gsize len = 0;

  soup_message_headers_replace (resp, "ETag", PAGE_ETAG);
  soup_message_headers_replace (resp, "Last-Modified", PAGE_LAST_MODIFIED);
  if (g_strcmp0 (inm, PAGE_ETAG) == 0 || g_strcmp0 (ims, PAGE_LAST_MODIFIED) == 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }
  encoded = g_convert (body, -1, "WINDOWS-1251", "UTF-8", NULL, &len, NULL);
  g_assert_nonnull (encoded);
  wd_test_server_respond (msg, 200, "text/html; charset=windows-1251", encoded, len);
}

/* /redirect/N: N more hops to /redirect/0. */
static void
handle_redirect_chain (WdTestServer      *server,
                       SoupServerMessage *msg,
                       const char        *path,
                       gpointer           user_data)
{
  guint64 n = g_ascii_strtoull (path + strlen ("/redirect/"), NULL, 10);

  if (n == 0)
    wd_test_server_respond (msg, 200, "text/plain", "arrived", 7);
  else
    {
      g_autofree char *next = g_strdup_printf ("/redirect/%" G_GUINT64_FORMAT, n - 1);

      /* Mix the redirect kinds a real chain has. */
      redirect_to (msg, n % 2 ? SOUP_STATUS_FOUND : SOUP_STATUS_MOVED_PERMANENTLY, next);
    }
}

static void
handle_set_cookie (WdTestServer      *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   gpointer           user_data)
{
  soup_message_headers_append (soup_server_message_get_response_headers (msg), "Set-Cookie",
                               "session=secret123; Path=/");
  redirect_to (msg, SOUP_STATUS_FOUND, "/echo-cookie");
}

static void
handle_echo_cookie (WdTestServer      *server,
                    SoupServerMessage *msg,
                    const char        *path,
                    gpointer           user_data)
{
  Fixture *f = user_data;
  const char *cookie = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Cookie");

  g_free (f->cookie);
  f->cookie = g_strdup (cookie);
  soup_message_headers_append (soup_server_message_get_response_headers (msg), "Set-Cookie",
                               "other=value; Path=/");
  wd_test_server_respond (msg, 200, "text/plain", cookie != NULL ? cookie : "none", -1);
}

/* /gzip and /deflate */
static void
handle_compressed (WdTestServer      *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   gpointer           user_data)
{
  gboolean gzip = g_str_equal (path, "/gzip");
  g_autofree char *text = gzip_text ();
  g_autoptr(GBytes) zipped = compress_text (text, gzip ? G_ZLIB_COMPRESSOR_FORMAT_GZIP
                                                       : G_ZLIB_COMPRESSOR_FORMAT_ZLIB);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Content-Encoding", gzip ? "gzip" : "deflate");
  wd_test_server_respond (msg, 200, "text/html; charset=utf-8", g_bytes_get_data (zipped, NULL),
                          g_bytes_get_size (zipped));
}

/* /size/N: N bytes of text, streamed in chunks with no length given, so
 * only counting the bytes can stop it. */
static void
handle_size (WdTestServer      *server,
             SoupServerMessage *msg,
             const char        *path,
             gpointer           user_data)
{
  guint64 n = g_ascii_strtoull (path + strlen ("/size/"), NULL, 10);
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  char block[4096];

  memset (block, 'x', sizeof block);
  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_content_type (resp, "text/plain", NULL);
  soup_message_headers_set_encoding (resp, SOUP_ENCODING_CHUNKED);
  for (guint64 sent = 0; sent < n; sent += sizeof block)
    soup_message_body_append (body, SOUP_MEMORY_COPY, block, MIN (sizeof block, n - sent));
  soup_message_body_complete (body);
}

/* 50 MB made as it is sent: each written chunk queues the next. */
static void
handle_huge (WdTestServer      *server,
             SoupServerMessage *msg,
             const char        *path,
             gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_content_type (resp, "text/html", NULL);
  soup_message_headers_set_encoding (resp, SOUP_ENCODING_CHUNKED);
  f->huge_sent = 0;
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (on_huge_wrote_chunk), f);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), f->huge_chunk);
}

/* /declared/N: N bytes with their Content-Length. */
static void
handle_declared (WdTestServer      *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 gpointer           user_data)
{
  guint64 n = g_ascii_strtoull (path + strlen ("/declared/"), NULL, 10);
  g_autofree char *body = g_malloc (n);

  memset (body, 'y', n);
  wd_test_server_respond (msg, 200, "text/plain", body, n);
}

/* /stall and /cancel-me: headers and a first piece, then nothing; a
 * chunked body that is never completed makes the server wait for more
 * forever. */
static void
handle_stall (WdTestServer      *server,
              SoupServerMessage *msg,
              const char        *path,
              gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  if (g_str_equal (path, "/cancel-me"))
    g_cancellable_cancel (f->cancel_on_request);
  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_content_type (resp, "text/html", NULL);
  soup_message_headers_set_encoding (resp, SOUP_ENCODING_CHUNKED);
  soup_message_body_append (body, SOUP_MEMORY_STATIC, "<html><body><p>", 15);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char broken[] = "<p>Caf\xC3 cr\xE8me \xFF</p>";
  static const struct {
    const char          *path;
    WdTestServerHandler  handler;
  } handlers[] = {
    { "/page", handle_page },
    { "/redirect/*", handle_redirect_chain },
    { "/set-cookie", handle_set_cookie },
    { "/echo-cookie", handle_echo_cookie },
    { "/gzip", handle_compressed },
    { "/deflate", handle_compressed },
    { "/size/*", handle_size },
    { "/huge", handle_huge },
    { "/declared/*", handle_declared },
    { "/stall", handle_stall },
    { "/cancel-me", handle_stall },
  };

  f->server = wd_test_server_new (NULL);
  f->base = wd_test_server_get_base (f->server);
  wd_test_server_set_watch (f->server, record_request, f);
  for (guint i = 0; i < G_N_ELEMENTS (handlers); i++)
    wd_test_server_add_handler (f->server, handlers[i].path, handlers[i].handler, f);
  wd_test_server_add_redirect (f->server, "/loop/a", SOUP_STATUS_FOUND, "/loop/b");
  wd_test_server_add_redirect (f->server, "/loop/b", SOUP_STATUS_TEMPORARY_REDIRECT, "a");
  wd_test_server_add_redirect (f->server, "/to-file", SOUP_STATUS_FOUND, "file:///etc/passwd");
  wd_test_server_add (f->server, "/broken-utf8", 200, "text/html; charset=UTF-8", broken,
                      sizeof broken - 1);
  wd_test_server_add (f->server, "/teapot", 500, "text/plain", "oops", -1);

  f->fetcher = wd_fetcher_new ();
  f->cancel_on_request = g_cancellable_new ();
  f->huge_chunk = g_bytes_new_take (g_strnfill (64 * 1024, 'z'), 64 * 1024);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->fetcher);
  g_clear_pointer (&f->server, wd_test_server_free);
  g_clear_object (&f->cancel_on_request);
  g_clear_pointer (&f->huge_chunk, g_bytes_unref);
  g_free (f->user_agent);
  g_free (f->cookie);
  g_free (f->accept_encoding);
}

static void
on_fetched (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->result = wd_fetcher_fetch_finish (WD_FETCHER (source), res, &outcome->error);
  outcome->done = TRUE;
}

/* Runs one fetch to its end. @target is a path on the test server or, if
 * it has a scheme, a whole URL. */
static WdFetchResult *
fetch_full (Fixture       *f,
            const char    *target,
            const char    *etag,
            const char    *last_modified,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autofree char *url = target[0] == '/'
                         ? g_strconcat (f->base, target, NULL) : g_strdup (target);
  Outcome outcome = { 0 };

  wd_fetcher_fetch_conditional_async (f->fetcher, url, etag, last_modified, cancellable,
                                      on_fetched, &outcome);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true ((outcome.result == NULL) != (outcome.error == NULL));
  if (outcome.error != NULL)
    {
      g_test_message ("%s: %s", url, outcome.error->message);
      g_propagate_error (error, outcome.error);
    }
  return outcome.result;
}

static WdFetchResult *
fetch (Fixture     *f,
       const char  *target,
       GError     **error)
{
  return fetch_full (f, target, NULL, NULL, NULL, error);
}

static void
test_defaults (void)
{
  g_autoptr(WdFetcher) fetcher = wd_fetcher_new ();
  g_autofree char *ua = NULL;

  g_assert_cmpuint (wd_fetcher_get_max_body_size (fetcher), ==, 10 * 1024 * 1024);
  g_assert_cmpuint (wd_fetcher_get_connect_timeout (fetcher), ==, 15);
  g_assert_cmpuint (wd_fetcher_get_idle_timeout (fetcher), ==, 30);
  g_assert_cmpuint (wd_fetcher_get_max_redirects (fetcher), ==, 10);
  g_object_get (fetcher, "user-agent", &ua, NULL);
  g_assert_cmpstr (ua, ==, "Wiredesk/" PACKAGE_VERSION);
}

static void
test_page (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdFetchResult) result = fetch (f, "/page", &error);
  g_autofree char *url = g_strconcat (f->base, "/page", NULL);

  g_assert_no_error (error);
  g_assert_cmpuint (result->status, ==, 200);
  g_assert_false (result->not_modified);
  g_assert_cmpstr (result->final_url, ==, url);
  g_assert_cmpstr (result->content_type, ==, "text/html");
  g_assert_cmpstr (result->charset, ==, "WINDOWS-1251");
  g_assert_cmpstr (result->text, ==, "<html><body><p>" RUSSIAN "</p></body></html>");
  g_assert_cmpuint (result->text_length, ==, strlen (result->text));
  /* The raw bytes are the windows-1251 ones: one byte a letter. */
  g_assert_cmpuint (result->raw_size, ==, g_bytes_get_size (result->body));
  g_assert_cmpuint (result->raw_size, <, result->text_length);
  g_assert_cmpstr (result->etag, ==, PAGE_ETAG);
  g_assert_cmpstr (result->last_modified, ==, PAGE_LAST_MODIFIED);

  /* The server was told who is asking. */
  g_assert_cmpstr (f->user_agent, ==, "Wiredesk/" PACKAGE_VERSION);
}

static void
test_conditional (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdFetchResult) by_etag = fetch_full (f, "/page", PAGE_ETAG, NULL, NULL, &error);
  g_autoptr(WdFetchResult) by_date = NULL;
  g_autoptr(WdFetchResult) changed = NULL;

  g_assert_no_error (error);
  g_assert_true (by_etag->not_modified);
  g_assert_cmpuint (by_etag->status, ==, 304);
  g_assert_cmpstr (by_etag->text, ==, "");
  g_assert_cmpuint (by_etag->raw_size, ==, 0);

  by_date = fetch_full (f, "/page", NULL, PAGE_LAST_MODIFIED, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (by_date->not_modified);

  /* An old ETag gets the full page. */
  changed = fetch_full (f, "/page", "\"v0\"", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (changed->not_modified);
  g_assert_cmpuint (changed->status, ==, 200);
  g_assert_nonnull (strstr (changed->text, RUSSIAN));
}

/* A page that declares UTF-8 but is not: the broken bytes become U+FFFD
 * and the page still comes through. */
static void
test_broken_utf8 (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdFetchResult) result = fetch (f, "/broken-utf8", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (result->charset, ==, "UTF-8");
  g_assert_cmpstr (result->text, ==, "<p>Caf\xEF\xBF\xBD cr\xEF\xBF\xBDme \xEF\xBF\xBD</p>");
  g_assert_cmpuint (result->raw_size, ==, 19);
}

static void
test_redirects (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdFetchResult) three = fetch (f, "/redirect/3", &error);
  g_autoptr(WdFetchResult) ten = NULL;
  g_autoptr(WdFetchResult) eleven = NULL;
  g_autofree char *arrived = g_strconcat (f->base, "/redirect/0", NULL);
  g_autofree char *asked = g_strconcat (f->base, "/redirect/3", NULL);

  g_assert_no_error (error);
  g_assert_cmpstr (three->text, ==, "arrived");
  g_assert_cmpstr (three->url, ==, asked);
  g_assert_cmpstr (three->final_url, ==, arrived);

  /* Ten hops is the most allowed. */
  ten = fetch (f, "/redirect/10", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ten->final_url, ==, arrived);

  eleven = fetch (f, "/redirect/11", &error);
  g_assert_null (eleven);
  g_assert_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_REDIRECT);
  g_assert_nonnull (strstr (error->message, "more than 10"));
  g_assert_nonnull (strstr (error->message, "/redirect/11"));
}

static void
test_redirect_loop (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdFetchResult) result = fetch (f, "/loop/a", &error);

  g_assert_null (result);
  g_assert_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_REDIRECT);
  g_assert_nonnull (strstr (error->message, "loop"));
  /* Caught on the way back to /loop/a, not after ten hops. */
  g_assert_cmpuint (wd_test_server_get_hits (f->server, NULL), ==, 2);
}

static void
test_redirect_to_file (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdFetchResult) result = fetch (f, "/to-file", &error);

  g_assert_null (result);
  g_assert_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_REDIRECT);
  g_assert_nonnull (strstr (error->message, "“file:”"));
}

static void
test_http_errors (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdFetchResult) missing = fetch (f, "/missing", &error);
  g_autofree char *expected = g_strdup_printf ("The server answered 404 Not Found for %s/missing.",
                                               f->base);
  g_autoptr(WdFetchResult) broken = NULL;

  g_assert_null (missing);
  g_assert_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_HTTP);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  broken = fetch (f, "/teapot", &error);
  g_assert_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_HTTP);
  g_assert_nonnull (strstr (error->message, "500 Internal Server Error"));
}

static void
test_connection_refused (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(WdFetchResult) result = NULL;
  g_autofree char *url = NULL;
  guint16 port;

  /* A port that was free a moment ago and has nobody listening now. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  url = g_strdup_printf ("http://127.0.0.1:%u/page", port);

  result = fetch (f, url, &error);
  g_assert_null (result);
  g_assert_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_NETWORK);
  g_assert_true (g_str_has_prefix (error->message, "Could not reach 127.0.0.1: "));
}

/* A listening socket whose accept queue is full: the kernel drops further
 * connection attempts, so a connect hangs the way it does towards a host
 * that has gone away. */
static void
test_connect_timeout (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GSocket) filler = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(WdFetchResult) result = NULL;
  g_autofree char *url = NULL;

  listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                           G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (listener, any_port, TRUE, &error);
  g_assert_no_error (error);
  g_socket_set_listen_backlog (listener, 0);
  g_socket_listen (listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (listener, &error);
  g_assert_no_error (error);

  /* This one fills the queue; nobody ever accepts it. */
  filler = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_connect (filler, bound, NULL, &error);
  g_assert_no_error (error);

  url = g_strdup_printf ("http://127.0.0.1:%u/page",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  wd_fetcher_set_connect_timeout (f->fetcher, 1);
  result = fetch (f, url, &error);
  g_assert_null (result);
  g_assert_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_TIMEOUT);
  g_assert_true (g_str_has_prefix (error->message,
                                   "Could not reach 127.0.0.1: no connection within 1 second;"));
}

static void
test_compressed (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdFetchResult) result = fetch (f, data, &error);
  g_autofree char *text = gzip_text ();

  g_assert_no_error (error);
  g_assert_nonnull (f->accept_encoding);
  g_assert_nonnull (strstr (f->accept_encoding, "gzip"));
  g_assert_nonnull (strstr (f->accept_encoding, "deflate"));
  g_assert_cmpstr (result->text, ==, text);
  /* The size kept is that of the decoded page. */
  g_assert_cmpuint (result->raw_size, ==, strlen (text));
}

static void
test_body_limit (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdFetchResult) fits = NULL;
  g_autoptr(WdFetchResult) streamed = NULL;
  g_autoptr(WdFetchResult) declared = NULL;

  wd_fetcher_set_max_body_size (f->fetcher, 64 * 1024);

  fits = fetch (f, "/size/65536", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fits->raw_size, ==, 65536);

  streamed = fetch (f, "/size/100000", &error);
  g_assert_null (streamed);
  g_assert_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_TOO_LARGE);
  /* GLib writes sizes with a no-break space before the unit. */
  g_assert_nonnull (strstr (error->message, "larger than 64.0\xC2\xA0KiB"));
  g_clear_error (&error);

  declared = fetch (f, "/declared/100000", &error);
  g_assert_null (declared);
  g_assert_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_TOO_LARGE);
}

/* The default limit, against a 50 MB page: reading stops soon after
 * 10 MB, long before the server is done. */
static void
test_huge_page (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdFetchResult) result = fetch (f, "/huge", &error);

  g_assert_null (result);
  g_assert_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "larger than 10.0\xC2\xA0MiB"));
  g_assert_cmpuint (f->huge_sent, <, HUGE_SIZE);
}

static void
test_idle_timeout (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdFetchResult) result = NULL;

  wd_fetcher_set_idle_timeout (f->fetcher, 1);
  result = fetch (f, "/stall", &error);
  g_assert_null (result);
  g_assert_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "sent nothing for 1 second while answering"));
}

static void
test_no_cookies (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdFetchResult) first = fetch (f, "/set-cookie", &error);
  g_autoptr(WdFetchResult) again = NULL;

  /* Not within the redirect that set it ... */
  g_assert_no_error (error);
  g_assert_cmpstr (first->text, ==, "none");
  g_assert_null (f->cookie);

  /* ... nor in a later fetch. */
  again = fetch (f, "/echo-cookie", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->text, ==, "none");
  g_assert_null (f->cookie);
}

static void
test_unsupported (Fixture       *f,
                  gconstpointer  data)
{
  const char * const urls[] = {
    "file:///etc/passwd", "javascript:alert(1)", "data:text/html,<p>hi</p>",
    "ftp://example.org/a.html", "not a url", "http://",
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WdFetchResult) result = fetch (f, urls[i], &error);

      g_assert_null (result);
      g_assert_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_UNSUPPORTED);
    }
  g_assert_cmpuint (wd_test_server_get_hits (f->server, NULL), ==, 0);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdFetchResult) result = NULL;
  g_autoptr(GCancellable) already = g_cancellable_new ();
  guint hits;

  /* Cancelled by the server's handler, mid-request. */
  result = fetch_full (f, "/cancel-me", NULL, NULL, f->cancel_on_request, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Cancelled before it starts: no request at all. */
  g_cancellable_cancel (already);
  hits = wd_test_server_get_hits (f->server, NULL);
  result = fetch_full (f, "/page", NULL, NULL, already, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (wd_test_server_get_hits (f->server, NULL), ==, hits);
}

static void
test_tls_untrusted (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) cert = NULL;
  g_autoptr(WdTestServer) server = NULL;
  g_autoptr(WdFetchResult) result = NULL;
  g_autofree char *url = NULL;
  g_autofree char *cert_file = g_test_build_filename (G_TEST_DIST, "data", "tls",
                                                      "self-signed-cert.pem", NULL);
  g_autofree char *key_file = g_test_build_filename (G_TEST_DIST, "data", "tls",
                                                     "self-signed-key.pem", NULL);

#ifdef BUILT_WITH_ASAN
  /* GCC 12's LeakSanitizer crashes at exit on the dynamic TLS block of the
   * dlopen()ed GnuTLS module (glib-networking), so with leak checking on
   * this case cannot run; with ASAN_OPTIONS=detect_leaks=0 it does. */
  if (strstr (g_getenv ("ASAN_OPTIONS") ? g_getenv ("ASAN_OPTIONS") : "",
              "detect_leaks=0") == NULL)
    {
      g_test_skip ("LeakSanitizer cannot scan GnuTLS's thread-local storage");
      return;
    }
#endif

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("no TLS backend (glib-networking) installed");
      return;
    }

  cert = g_tls_certificate_new_from_files (cert_file, key_file, &error);
  g_assert_no_error (error);
  server = wd_test_server_new (cert);
  wd_test_server_add_handler (server, "/page", handle_page, f);
  g_assert_true (g_str_has_prefix (wd_test_server_get_base (server), "https://"));
  url = wd_test_server_url (server, "/page");

  result = fetch (f, url, &error);
  g_assert_null (result);
  g_assert_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_TLS);
  g_assert_true (g_str_has_prefix (error->message,
                                   "The certificate of 127.0.0.1 could not be verified ("));
  g_assert_nonnull (strstr (error->message, "unknown authority"));
  g_assert_true (g_str_has_suffix (error->message,
                                   "Wiredesk does not open pages over an untrusted "
                                   "connection."));
  /* The page was never asked for. */
  g_assert_cmpuint (wd_test_server_get_hits (server, NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  /* The desktop's proxy settings (read through GSettings) must not route
   * the requests to 127.0.0.1 anywhere else. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  wd_test_init (&argc, &argv);

  g_test_add_func ("/fetch/defaults", test_defaults);
#define ADD(path, func) \
  g_test_add ("/fetch/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("page", test_page);
  ADD ("conditional", test_conditional);
  ADD ("broken-utf8", test_broken_utf8);
  ADD ("redirects", test_redirects);
  ADD ("redirect-loop", test_redirect_loop);
  ADD ("redirect-to-file", test_redirect_to_file);
  ADD ("http-errors", test_http_errors);
  ADD ("connection-refused", test_connection_refused);
  ADD ("connect-timeout", test_connect_timeout);
  g_test_add ("/fetch/gzip", Fixture, "/gzip", fixture_set_up, test_compressed,
              fixture_tear_down);
  g_test_add ("/fetch/deflate", Fixture, "/deflate", fixture_set_up, test_compressed,
              fixture_tear_down);
  ADD ("body-limit", test_body_limit);
  ADD ("huge-page", test_huge_page);
  ADD ("idle-timeout", test_idle_timeout);
  ADD ("no-cookies", test_no_cookies);
  ADD ("unsupported", test_unsupported);
  ADD ("cancel", test_cancel);
  ADD ("tls-untrusted", test_tls_untrusted);
#undef ADD

  return g_test_run ();
}
