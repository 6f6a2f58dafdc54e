/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-fetcher"

#include <glib/gi18n-lib.h>

#include "wd-charset.h"
#include "wd-fetcher-private.h"
#include "wd-import-error.h"

/* Bodies are read in pieces of this size, so the limit is checked as the
 * bytes arrive and never more than one piece past it is held. */
#define READ_CHUNK_SIZE (64 * 1024)

static void start_hop (GTask *task);

static void
clear_watchdog (WdFetchJob *job)
{
  if (job->watchdog != NULL)
    {
      g_source_destroy (job->watchdog);
      g_clear_pointer (&job->watchdog, g_source_unref);
    }
  job->phase = WD_FETCH_PHASE_NONE;
}

void
wd_fetch_job_free (WdFetchJob *job)
{
  clear_watchdog (job);

  if (job->msg != NULL)
    g_signal_handlers_disconnect_matched (job->msg, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, job);
  if (job->user_cancelled_id != 0)
    g_cancellable_disconnect (job->user_cancellable, job->user_cancelled_id);

  /* Closing an unfinished body stream drops the connection without
   * reading the rest, so this never waits on a stalled server. */
  g_clear_object (&job->stream);
  g_clear_object (&job->msg);
  g_clear_object (&job->user_cancellable);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->body, g_byte_array_unref);
  g_clear_pointer (&job->visited, g_hash_table_unref);
  g_clear_pointer (&job->uri, g_uri_unref);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_free (job->url);
  g_free (job->etag);
  g_free (job->last_modified);
  g_free (job);
}

static gboolean
on_watchdog_fired (gpointer user_data)
{
  WdFetchJob *job = user_data;

  job->timed_out = job->phase;
  g_clear_pointer (&job->watchdog, g_source_unref);
  job->phase = WD_FETCH_PHASE_NONE;
  g_cancellable_cancel (job->cancellable);

  return G_SOURCE_REMOVE;
}

/* (Re)starts the timer for @phase. Every sign of progress calls this, so
 * the idle timeout measures silence, not the length of a download. */
static void
arm_watchdog (WdFetchJob   *job,
              WdFetchPhase  phase)
{
  guint seconds = phase == WD_FETCH_PHASE_CONNECT ? job->connect_timeout : job->idle_timeout;

  clear_watchdog (job);
  job->phase = phase;
  if (seconds == 0)
    return;

  /* Not g_timeout_source_new_seconds(): its timers are grouped on whole
   * seconds and may fire up to a second early. */
  job->watchdog = g_timeout_source_new (MIN (seconds, G_MAXUINT / 1000) * 1000);
  g_source_set_callback (job->watchdog, on_watchdog_fired, job, NULL);
  g_source_set_static_name (job->watchdog, "[wd-fetcher] watchdog");
  g_source_attach (job->watchdog, job->context);
}

static void
on_msg_network_event (SoupMessage        *msg,
                      GSocketClientEvent  event,
                      GIOStream          *connection,
                      gpointer            user_data)
{
  WdFetchJob *job = user_data;

  /* COMPLETE comes after the TCP connection, any proxy and the TLS
   * handshake: from here on the server is only slow, not unreachable. */
  if (event == G_SOCKET_CLIENT_COMPLETE)
    arm_watchdog (job, WD_FETCH_PHASE_IDLE);
}

static void
on_msg_progress (SoupMessage *msg,
                 gpointer     user_data)
{
  WdFetchJob *job = user_data;

  /* A reused keep-alive connection gives no network events; the request
   * having been written shows the connection works just as well. */
  arm_watchdog (job, WD_FETCH_PHASE_IDLE);
}

static const char *
status_phrase (SoupMessage *msg)
{
  guint status = soup_message_get_status (msg);
  const char *phrase = soup_status_get_phrase (status);

  /* The standard phrase reads better than whatever a server made up; a
   * status libsoup does not know keeps the server's own words. */
  if (phrase != NULL && *phrase != '\0' && !g_str_equal (phrase, "Unknown Error"))
    return phrase;
  phrase = soup_message_get_reason_phrase (msg);
  return phrase != NULL ? phrase : "";
}

static const char *
host_of (WdFetchJob *job)
{
  const char *host = g_uri_get_host (job->uri);

  return host != NULL ? host : job->url;
}

static char *
describe_certificate_errors (GTlsCertificateFlags flags)
{
  GPtrArray *parts = g_ptr_array_new ();
  char *joined;

  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    g_ptr_array_add (parts, (gpointer) _("it is self-signed or signed by an unknown authority"));
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    g_ptr_array_add (parts, (gpointer) _("it was issued for another site"));
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    g_ptr_array_add (parts, (gpointer) _("it is not valid yet"));
  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    g_ptr_array_add (parts, (gpointer) _("it has expired"));
  if (flags & G_TLS_CERTIFICATE_REVOKED)
    g_ptr_array_add (parts, (gpointer) _("it has been revoked"));
  if (flags & G_TLS_CERTIFICATE_INSECURE)
    g_ptr_array_add (parts, (gpointer) _("its algorithm is insecure"));
  if (parts->len == 0)
    g_ptr_array_add (parts, (gpointer) _("it is not valid"));
  g_ptr_array_add (parts, NULL);

  joined = g_strjoinv ("; ", (char **) parts->pdata);
  g_ptr_array_unref (parts);

  return joined;
}

/* Turns what libsoup or GIO reported into one sentence for the user. */
static GError *
map_error (WdFetchJob *job,
           GError   *error)
{
  const char *host = host_of (job);
  g_autofree char *url = g_uri_to_string (job->uri);

  if (job->timed_out == WD_FETCH_PHASE_CONNECT)
    return g_error_new (WD_IMPORT_ERROR, WD_IMPORT_ERROR_TIMEOUT,
                        g_dngettext (GETTEXT_PACKAGE,
                                     "Could not reach %s: no connection within %u second; "
                                     "check the address and your network connection, "
                                     "then try again.",
                                     "Could not reach %s: no connection within %u seconds; "
                                     "check the address and your network connection, "
                                     "then try again.",
                                     job->connect_timeout),
                        host, job->connect_timeout);
  if (job->timed_out == WD_FETCH_PHASE_IDLE)
    return g_error_new (WD_IMPORT_ERROR, WD_IMPORT_ERROR_TIMEOUT,
                        g_dngettext (GETTEXT_PACKAGE,
                                     "%s sent nothing for %u second while answering for %s; "
                                     "the server may be overloaded, so try again later.",
                                     "%s sent nothing for %u seconds while answering for %s; "
                                     "the server may be overloaded, so try again later.",
                                     job->idle_timeout),
                        host, job->idle_timeout, url);

  if (error->domain == G_TLS_ERROR)
    {
      GTlsCertificateFlags flags = 0;

      if (job->msg != NULL)
        flags = soup_message_get_tls_peer_certificate_errors (job->msg);
      if (error->code == G_TLS_ERROR_BAD_CERTIFICATE || flags != 0)
        {
          g_autofree char *why = describe_certificate_errors (flags);

          return g_error_new (WD_IMPORT_ERROR, WD_IMPORT_ERROR_TLS,
                              _("The certificate of %s could not be verified (%s); "
                                "Wiredesk does not open pages over an untrusted connection."),
                              host, why);
        }
      return g_error_new (WD_IMPORT_ERROR, WD_IMPORT_ERROR_TLS,
                          _("A secure connection to %s could not be set up (%s); "
                            "Wiredesk does not open pages over an untrusted connection."),
                          host, error->message);
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (WD_IMPORT_ERROR, WD_IMPORT_ERROR_TIMEOUT,
                        _("Could not reach %s: the connection timed out; try again later."),
                        host);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_error_new (WD_IMPORT_ERROR, WD_IMPORT_ERROR_NETWORK,
                        _("Could not reach %s: the connection was refused; "
                          "check the address, or try again later."),
                        host);

  if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
    return g_error_new (WD_IMPORT_ERROR, WD_IMPORT_ERROR_NETWORK,
                        _("Could not reach %s: there is no such host; check the address."),
                        host);

  if (error->domain == G_RESOLVER_ERROR
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
    return g_error_new (WD_IMPORT_ERROR, WD_IMPORT_ERROR_NETWORK,
                        _("Could not reach %s: %s; check your network connection."),
                        host, error->message);

  return g_error_new (WD_IMPORT_ERROR, WD_IMPORT_ERROR_NETWORK,
                      _("Could not reach %s: %s; try again later."),
                      host, error->message);
}

/* Ends the fetch with @error (taken). The caller's cancellation wins over
 * everything else; GTask then reports G_IO_ERROR_CANCELLED itself. */
static void
fail_with (GTask  *task,
           GError *error)
{
  WdFetchJob *job = g_task_get_task_data (task);

  clear_watchdog (job);

  if (job->user_cancellable != NULL && g_cancellable_is_cancelled (job->user_cancellable))
    {
      g_error_free (error);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("Fetching %s was cancelled."), job->url);
    }
  else if (error->domain == WD_IMPORT_ERROR && job->timed_out == WD_FETCH_PHASE_NONE)
    g_task_return_error (task, error);
  else
    {
      g_task_return_error (task, map_error (job, error));
      g_error_free (error);
    }

  g_object_unref (task);
}

static char *
header_or_null (SoupMessageHeaders *headers,
                const char         *name)
{
  const char *value = soup_message_headers_get_one (headers, name);

  return value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

static void
finish_with_result (GTask    *task,
                    gboolean  not_modified)
{
  WdFetchJob *job = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (job->msg);
  g_autoptr(WdFetchResult) result = g_new0 (WdFetchResult, 1);
  const char *content_type_header = soup_message_headers_get_one (headers, "Content-Type");
  const char *media_type;

  clear_watchdog (job);

  result->url = g_strdup (job->url);
  result->final_url = g_uri_to_string (job->uri);
  result->status = soup_message_get_status (job->msg);
  result->not_modified = not_modified;
  media_type = soup_message_headers_get_content_type (headers, NULL);
  result->content_type = media_type != NULL ? g_ascii_strdown (media_type, -1) : NULL;
  result->etag = header_or_null (headers, "ETag");
  result->last_modified = header_or_null (headers, "Last-Modified");

  if (job->body != NULL)
    {
      const char *charset = NULL;

      result->raw_size = job->body->len;
      result->body = g_byte_array_free_to_bytes (g_steal_pointer (&job->body));
      result->text = wd_charset_decode (g_bytes_get_data (result->body, NULL),
                                        g_bytes_get_size (result->body),
                                        content_type_header, &charset,
                                        &result->text_length);
      result->charset = g_strdup (charset);
    }
  else
    {
      result->body = g_bytes_new (NULL, 0);
      result->text = g_strdup ("");
    }

  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) wd_fetch_result_free);
  g_object_unref (task);
}

static GError *
too_large_error (WdFetchJob *job)
{
  g_autofree char *size = g_format_size_full (job->max_body_size, G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *url = g_uri_to_string (job->uri);

  return g_error_new (WD_IMPORT_ERROR, WD_IMPORT_ERROR_TOO_LARGE,
                      _("The page %s is larger than %s, more than Wiredesk takes from one "
                        "address; save the article’s text and import it as a file instead."),
                      url, size);
}

static void
on_body_read (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  GTask *task = user_data;
  WdFetchJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = NULL;
  gsize size;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), res, &error);
  if (chunk == NULL)
    {
      fail_with (task, g_steal_pointer (&error));
      return;
    }

  size = g_bytes_get_size (chunk);
  if (size == 0)
    {
      finish_with_result (task, FALSE);
      return;
    }

  if ((guint64) job->body->len + size > job->max_body_size)
    {
      /* Nothing of an oversized page is kept. */
      g_clear_pointer (&job->body, g_byte_array_unref);
      fail_with (task, too_large_error (job));
      return;
    }

  g_byte_array_append (job->body, g_bytes_get_data (chunk, NULL), size);

  arm_watchdog (job, WD_FETCH_PHASE_IDLE);
  g_input_stream_read_bytes_async (job->stream, READ_CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   job->cancellable, on_body_read, task);
}

static void
read_body (GTask *task)
{
  WdFetchJob *job = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (job->msg);
  goffset declared = -1;

  /* A declared length over the limit fails before a byte is read. With a
   * content coding the length is the compressed size, which is smaller
   * than what would be kept, so the check still holds. */
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    declared = soup_message_headers_get_content_length (headers);
  if (declared > 0 && (guint64) declared > job->max_body_size)
    {
      fail_with (task, too_large_error (job));
      return;
    }

  job->body = g_byte_array_sized_new (declared > 0 ? (guint) declared : READ_CHUNK_SIZE);
  arm_watchdog (job, WD_FETCH_PHASE_IDLE);
  g_input_stream_read_bytes_async (job->stream, READ_CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   job->cancellable, on_body_read, task);
}

static gboolean
is_redirect (guint status)
{
  return status == SOUP_STATUS_MOVED_PERMANENTLY
         || status == SOUP_STATUS_FOUND
         || status == SOUP_STATUS_SEE_OTHER
         || status == SOUP_STATUS_TEMPORARY_REDIRECT
         || status == SOUP_STATUS_PERMANENT_REDIRECT;
}

gboolean
wd_fetch_job_is_web_scheme (const char *scheme)
{
  return g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0;
}

/* The key under which a hop is remembered: the URL without its fragment,
 * which never reaches the server. */
char *
wd_fetch_job_hop_key (GUri *uri)
{
  return g_uri_to_string_partial (uri, G_URI_HIDE_FRAGMENT);
}

/* Follows a 3xx answer to its Location. Done here rather than by libsoup
 * so that the number of hops and loops can be reported clearly. */
static void
follow_redirect (GTask *task)
{
  WdFetchJob *job = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (job->msg);
  const char *location = soup_message_headers_get_one (headers, "Location");
  g_autofree char *from = g_uri_to_string (job->uri);
  g_autoptr(GUri) target = NULL;
  g_autofree char *key = NULL;

  if (location == NULL || *location == '\0'
      || (target = g_uri_parse_relative (job->uri, location, SOUP_HTTP_URI_FLAGS, NULL)) == NULL)
    {
      fail_with (task, g_error_new (WD_IMPORT_ERROR, WD_IMPORT_ERROR_REDIRECT,
                                    _("The server answered %u %s for %s but gave no valid "
                                      "address to go to; try the address in a browser."),
                                    soup_message_get_status (job->msg),
                                    status_phrase (job->msg), from));
      return;
    }

  if (!wd_fetch_job_is_web_scheme (g_uri_get_scheme (target)))
    {
      fail_with (task, g_error_new (WD_IMPORT_ERROR, WD_IMPORT_ERROR_REDIRECT,
                                    _("%s redirects to a “%s:” address, which Wiredesk does "
                                      "not follow; only web pages can be imported."),
                                    from, g_uri_get_scheme (target)));
      return;
    }

  job->hops++;
  if (job->hops > job->max_redirects)
    {
      fail_with (task, g_error_new (WD_IMPORT_ERROR, WD_IMPORT_ERROR_REDIRECT,
                                    _("%s redirects more than %u times; the site is "
                                      "misconfigured, so try another address for the article."),
                                    job->url, job->max_redirects));
      return;
    }

  key = wd_fetch_job_hop_key (target);
  if (g_hash_table_contains (job->visited, key))
    {
      fail_with (task, g_error_new (WD_IMPORT_ERROR, WD_IMPORT_ERROR_REDIRECT,
                                    _("%s redirects in a loop (back to %s); the site is "
                                      "misconfigured, so try another address for the article."),
                                    job->url, key));
      return;
    }
  g_hash_table_add (job->visited, g_steal_pointer (&key));

  g_clear_pointer (&job->uri, g_uri_unref);
  job->uri = g_steal_pointer (&target);
  start_hop (task);
}

static void
on_send_finished (GObject      *source,
                  GAsyncResult *res,
                  gpointer      user_data)
{
  GTask *task = user_data;
  WdFetchJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  guint status;

  job->stream = soup_session_send_finish (SOUP_SESSION (source), res, &error);
  if (job->stream == NULL)
    {
      fail_with (task, g_steal_pointer (&error));
      return;
    }

  status = soup_message_get_status (job->msg);

  if (is_redirect (status))
    follow_redirect (task);
  else if (status == SOUP_STATUS_NOT_MODIFIED)
    finish_with_result (task, TRUE);
  else if (SOUP_STATUS_IS_SUCCESSFUL (status))
    read_body (task);
  else
    {
      g_autofree char *url = g_uri_to_string (job->uri);

      fail_with (task, g_error_new (WD_IMPORT_ERROR, WD_IMPORT_ERROR_HTTP,
                                    _("The server answered %u %s for %s."),
                                    status, status_phrase (job->msg), url));
    }
}

static void
start_hop (GTask *task)
{
  WdFetchJob *job = g_task_get_task_data (task);
  SoupSession *session = wd_fetcher_get_session (g_task_get_source_object (task));
  SoupMessageHeaders *headers;

  if (job->msg != NULL)
    g_signal_handlers_disconnect_matched (job->msg, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, job);
  g_clear_object (&job->stream);
  g_clear_object (&job->msg);

  job->msg = soup_message_new_from_uri (SOUP_METHOD_GET, job->uri);
  soup_message_add_flags (job->msg, SOUP_MESSAGE_NO_REDIRECT);

  headers = soup_message_get_request_headers (job->msg);
  soup_message_headers_replace (headers, "Accept",
                                "text/html,application/xhtml+xml,application/xml;q=0.9,"
                                "*/*;q=0.8");
  if (job->etag != NULL)
    soup_message_headers_replace (headers, "If-None-Match", job->etag);
  if (job->last_modified != NULL)
    soup_message_headers_replace (headers, "If-Modified-Since", job->last_modified);

  g_signal_connect (job->msg, "network-event", G_CALLBACK (on_msg_network_event), job);
  g_signal_connect (job->msg, "wrote-headers", G_CALLBACK (on_msg_progress), job);
  g_signal_connect (job->msg, "got-headers", G_CALLBACK (on_msg_progress), job);

  arm_watchdog (job, WD_FETCH_PHASE_CONNECT);
  soup_session_send_async (session, job->msg, G_PRIORITY_DEFAULT, job->cancellable,
                           on_send_finished, task);
}

/* Starts the fetch that @task carries as its #WdFetchJob; the task's
 * reference is handed over and dropped when the fetch ends. */
void
wd_fetch_job_start (GTask *task)
{
  start_hop (task);
}
