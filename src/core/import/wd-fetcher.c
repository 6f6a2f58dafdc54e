/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-fetcher"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "wd-fetcher-private.h"
#include "wd-import-error.h"

#define USER_AGENT "Wiredesk/" PACKAGE_VERSION

struct _WdFetcher
{
  GObject      parent_instance;

  /* owned */
  SoupSession *session;

  guint        connect_timeout;
  guint        idle_timeout;
  guint64      max_body_size;
  guint        max_redirects;
};

G_DEFINE_FINAL_TYPE (WdFetcher, wd_fetcher, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (WdFetchResult, wd_fetch_result, wd_fetch_result_copy, wd_fetch_result_free)

enum {
  PROP_0,
  PROP_USER_AGENT,
  PROP_CONNECT_TIMEOUT,
  PROP_IDLE_TIMEOUT,
  PROP_MAX_BODY_SIZE,
  PROP_MAX_REDIRECTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * wd_fetch_result_copy:
 * @result: a #WdFetchResult
 *
 * Copies a fetch result; the body bytes are shared.
 *
 * Returns: (transfer full): a new #WdFetchResult
 */
WdFetchResult *
wd_fetch_result_copy (const WdFetchResult *result)
{
  WdFetchResult *copy;

  g_return_val_if_fail (result != NULL, NULL);

  copy = g_new0 (WdFetchResult, 1);
  copy->url = g_strdup (result->url);
  copy->final_url = g_strdup (result->final_url);
  copy->status = result->status;
  copy->not_modified = result->not_modified;
  copy->content_type = g_strdup (result->content_type);
  copy->charset = g_strdup (result->charset);
  copy->body = result->body != NULL ? g_bytes_ref (result->body) : NULL;
  copy->raw_size = result->raw_size;
  copy->text = g_strdup (result->text);
  copy->text_length = result->text_length;
  copy->etag = g_strdup (result->etag);
  copy->last_modified = g_strdup (result->last_modified);

  return copy;
}

/**
 * wd_fetch_result_free:
 * @result: (nullable): a #WdFetchResult
 *
 * Frees a fetch result.
 */
void
wd_fetch_result_free (WdFetchResult *result)
{
  if (result == NULL)
    return;

  g_free (result->url);
  g_free (result->final_url);
  g_free (result->content_type);
  g_free (result->charset);
  g_clear_pointer (&result->body, g_bytes_unref);
  g_free (result->text);
  g_free (result->etag);
  g_free (result->last_modified);
  g_free (result);
}

SoupSession *
wd_fetcher_get_session (WdFetcher *self)
{
  g_assert (WD_IS_FETCHER (self));

  return self->session;
}

static void
on_user_cancelled (GCancellable *user_cancellable,
                   gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/**
 * wd_fetcher_new:
 *
 * Creates a fetcher with the default limits. It keeps no cookies, verifies
 * TLS certificates and names itself as Wiredesk in the User-Agent. Like the
 * #SoupSession inside it, it is used from the thread that created it.
 *
 * Returns: (transfer full): a new #WdFetcher
 */
WdFetcher *
wd_fetcher_new (void)
{
  return g_object_new (WD_TYPE_FETCHER, NULL);
}

/**
 * wd_fetcher_get_user_agent:
 * @self: a #WdFetcher
 *
 * Gets the User-Agent sent with every request, "Wiredesk/VERSION".
 *
 * Returns: the User-Agent string
 */
const char *
wd_fetcher_get_user_agent (WdFetcher *self)
{
  g_return_val_if_fail (WD_IS_FETCHER (self), NULL);

  return soup_session_get_user_agent (self->session);
}

/**
 * wd_fetcher_get_connect_timeout:
 * @self: a #WdFetcher
 *
 * Gets how long a fetch waits for a connection to the server.
 *
 * Returns: the timeout in seconds, 0 for none
 */
guint
wd_fetcher_get_connect_timeout (WdFetcher *self)
{
  g_return_val_if_fail (WD_IS_FETCHER (self), 0);

  return self->connect_timeout;
}

/**
 * wd_fetcher_set_connect_timeout:
 * @self: a #WdFetcher
 * @seconds: the timeout in seconds, 0 for none
 *
 * Sets how long a fetch waits for the connection to a server (including
 * the TLS handshake) before giving up. Fetches already running keep the
 * value they started with.
 */
void
wd_fetcher_set_connect_timeout (WdFetcher *self,
                                guint      seconds)
{
  g_return_if_fail (WD_IS_FETCHER (self));

  if (self->connect_timeout == seconds)
    return;
  self->connect_timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECT_TIMEOUT]);
}

/**
 * wd_fetcher_get_idle_timeout:
 * @self: a #WdFetcher
 *
 * Gets how long a connected server may stay silent.
 *
 * Returns: the timeout in seconds, 0 for none
 */
guint
wd_fetcher_get_idle_timeout (WdFetcher *self)
{
  g_return_val_if_fail (WD_IS_FETCHER (self), 0);

  return self->idle_timeout;
}

/**
 * wd_fetcher_set_idle_timeout:
 * @self: a #WdFetcher
 * @seconds: the timeout in seconds, 0 for none
 *
 * Sets how long a connected server may send nothing (no headers, no body
 * data) before the fetch fails. A slow but steady download never hits
 * it. Fetches already running keep the value they started with.
 */
void
wd_fetcher_set_idle_timeout (WdFetcher *self,
                             guint      seconds)
{
  g_return_if_fail (WD_IS_FETCHER (self));

  if (self->idle_timeout == seconds)
    return;
  self->idle_timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE_TIMEOUT]);
}

/**
 * wd_fetcher_get_max_body_size:
 * @self: a #WdFetcher
 *
 * Gets the largest body a fetch accepts.
 *
 * Returns: the limit in bytes
 */
guint64
wd_fetcher_get_max_body_size (WdFetcher *self)
{
  g_return_val_if_fail (WD_IS_FETCHER (self), 0);

  return self->max_body_size;
}

/**
 * wd_fetcher_set_max_body_size:
 * @self: a #WdFetcher
 * @bytes: the limit in bytes, after any gzip or deflate coding is undone
 *
 * Sets the largest body a fetch accepts; reading stops as soon as a body
 * passes it and nothing of that body is kept.
 */
void
wd_fetcher_set_max_body_size (WdFetcher *self,
                              guint64    bytes)
{
  g_return_if_fail (WD_IS_FETCHER (self));

  if (self->max_body_size == bytes)
    return;
  self->max_body_size = bytes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_BODY_SIZE]);
}

/**
 * wd_fetcher_get_max_redirects:
 * @self: a #WdFetcher
 *
 * Gets how many redirects a fetch follows.
 *
 * Returns: the number of redirects
 */
guint
wd_fetcher_get_max_redirects (WdFetcher *self)
{
  g_return_val_if_fail (WD_IS_FETCHER (self), 0);

  return self->max_redirects;
}

/**
 * wd_fetcher_set_max_redirects:
 * @self: a #WdFetcher
 * @max_redirects: the number of redirects to follow
 *
 * Sets how many redirects a fetch follows before it fails.
 */
void
wd_fetcher_set_max_redirects (WdFetcher *self,
                              guint      max_redirects)
{
  g_return_if_fail (WD_IS_FETCHER (self));

  if (self->max_redirects == max_redirects)
    return;
  self->max_redirects = max_redirects;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_REDIRECTS]);
}

/**
 * wd_fetcher_fetch_async:
 * @self: a #WdFetcher
 * @url: an http or https address
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the fetch is done
 * @user_data: data for @callback
 *
 * Fetches @url, following redirects, and decodes the body to UTF-8 (see
 * wd_charset_decode()). Finish with wd_fetcher_fetch_finish().
 */
void
wd_fetcher_fetch_async (WdFetcher           *self,
                        const char          *url,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  wd_fetcher_fetch_conditional_async (self, url, NULL, NULL, cancellable, callback, user_data);
}

/**
 * wd_fetcher_fetch_conditional_async:
 * @self: a #WdFetcher
 * @url: an http or https address
 * @etag: (nullable): the ETag of the copy the caller has
 * @last_modified: (nullable): the Last-Modified value of that copy
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the fetch is done
 * @user_data: data for @callback
 *
 * Like wd_fetcher_fetch_async(), but sends If-None-Match and
 * If-Modified-Since so an unchanged resource (a feed, usually) comes back
 * as a 304 with #WdFetchResult.not_modified set and no body.
 */
void
wd_fetcher_fetch_conditional_async (WdFetcher           *self,
                                    const char          *url,
                                    const char          *etag,
                                    const char          *last_modified,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  WdFetchJob *job;
  GUri *uri;

  g_return_if_fail (WD_IS_FETCHER (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wd_fetcher_fetch_conditional_async);
  g_task_set_name (task, "[wd-fetcher] fetch");

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, &error);
  if (uri == NULL)
    {
      g_task_return_new_error (task, WD_IMPORT_ERROR, WD_IMPORT_ERROR_UNSUPPORTED,
                               _("“%s” is not a web address; give a full address such as "
                                 "https://example.org/news/story."), url);
      return;
    }
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "file") == 0)
    {
      g_task_return_new_error (task, WD_IMPORT_ERROR, WD_IMPORT_ERROR_UNSUPPORTED,
                               _("Wiredesk fetches only http and https addresses, not %s; "
                                 "open local files with Open File instead."), url);
      g_uri_unref (uri);
      return;
    }
  if (!wd_fetch_job_is_web_scheme (g_uri_get_scheme (uri)))
    {
      g_task_return_new_error (task, WD_IMPORT_ERROR, WD_IMPORT_ERROR_UNSUPPORTED,
                               _("Wiredesk fetches only http and https addresses, not “%s:” "
                                 "ones; give the article’s web address instead."),
                               g_uri_get_scheme (uri));
      g_uri_unref (uri);
      return;
    }
  if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_task_return_new_error (task, WD_IMPORT_ERROR, WD_IMPORT_ERROR_UNSUPPORTED,
                               _("“%s” names no server; give a full address such as "
                                 "https://example.org/news/story."), url);
      g_uri_unref (uri);
      return;
    }

  job = g_new0 (WdFetchJob, 1);
  job->url = g_strdup (url);
  job->uri = uri;
  job->etag = g_strdup (etag);
  job->last_modified = g_strdup (last_modified);
  job->visited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (job->visited, wd_fetch_job_hop_key (uri));
  job->cancellable = g_cancellable_new ();
  job->context = g_main_context_ref_thread_default ();
  job->connect_timeout = self->connect_timeout;
  job->idle_timeout = self->idle_timeout;
  job->max_body_size = self->max_body_size;
  job->max_redirects = self->max_redirects;
  g_task_set_task_data (task, job, (GDestroyNotify) wd_fetch_job_free);

  if (cancellable != NULL)
    {
      job->user_cancellable = g_object_ref (cancellable);
      job->user_cancelled_id = g_cancellable_connect (cancellable,
                                                      G_CALLBACK (on_user_cancelled),
                                                      g_object_ref (job->cancellable),
                                                      g_object_unref);
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  /* The hops and the body read hold this reference until the end. */
  wd_fetch_job_start (g_steal_pointer (&task));
}

/**
 * wd_fetcher_fetch_finish:
 * @self: a #WdFetcher
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes a fetch. Errors are in %WD_IMPORT_ERROR with a sentence meant
 * for the user, or %G_IO_ERROR_CANCELLED when the caller cancelled.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
WdFetchResult *
wd_fetcher_fetch_finish (WdFetcher     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (WD_IS_FETCHER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
wd_fetcher_dispose (GObject *object)
{
  WdFetcher *self = WD_FETCHER (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (wd_fetcher_parent_class)->dispose (object);
}

static void
wd_fetcher_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  WdFetcher *self = WD_FETCHER (object);

  switch (prop_id)
    {
    case PROP_USER_AGENT:
      g_value_set_string (value, wd_fetcher_get_user_agent (self));
      break;

    case PROP_CONNECT_TIMEOUT:
      g_value_set_uint (value, self->connect_timeout);
      break;

    case PROP_IDLE_TIMEOUT:
      g_value_set_uint (value, self->idle_timeout);
      break;

    case PROP_MAX_BODY_SIZE:
      g_value_set_uint64 (value, self->max_body_size);
      break;

    case PROP_MAX_REDIRECTS:
      g_value_set_uint (value, self->max_redirects);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_fetcher_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  WdFetcher *self = WD_FETCHER (object);

  switch (prop_id)
    {
    case PROP_CONNECT_TIMEOUT:
      wd_fetcher_set_connect_timeout (self, g_value_get_uint (value));
      break;

    case PROP_IDLE_TIMEOUT:
      wd_fetcher_set_idle_timeout (self, g_value_get_uint (value));
      break;

    case PROP_MAX_BODY_SIZE:
      wd_fetcher_set_max_body_size (self, g_value_get_uint64 (value));
      break;

    case PROP_MAX_REDIRECTS:
      wd_fetcher_set_max_redirects (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_fetcher_class_init (WdFetcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wd_fetcher_dispose;
  object_class->get_property = wd_fetcher_get_property;
  object_class->set_property = wd_fetcher_set_property;

  properties[PROP_USER_AGENT] =
    g_param_spec_string ("user-agent", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CONNECT_TIMEOUT] =
    g_param_spec_uint ("connect-timeout", NULL, NULL,
                       0, G_MAXUINT, WD_FETCHER_DEFAULT_CONNECT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_IDLE_TIMEOUT] =
    g_param_spec_uint ("idle-timeout", NULL, NULL,
                       0, G_MAXUINT, WD_FETCHER_DEFAULT_IDLE_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_MAX_BODY_SIZE] =
    g_param_spec_uint64 ("max-body-size", NULL, NULL,
                         1, G_MAXUINT32, WD_FETCHER_DEFAULT_MAX_BODY_SIZE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_MAX_REDIRECTS] =
    g_param_spec_uint ("max-redirects", NULL, NULL,
                       0, 100, WD_FETCHER_DEFAULT_MAX_REDIRECTS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wd_fetcher_init (WdFetcher *self)
{
  self->connect_timeout = WD_FETCHER_DEFAULT_CONNECT_TIMEOUT;
  self->idle_timeout = WD_FETCHER_DEFAULT_IDLE_TIMEOUT;
  self->max_body_size = WD_FETCHER_DEFAULT_MAX_BODY_SIZE;
  self->max_redirects = WD_FETCHER_DEFAULT_MAX_REDIRECTS;

  /* libsoup's own I/O timeout is off: the watchdogs above time the
   * connection and the silences separately. A libsoup 3 session decodes
   * gzip and deflate by default (SoupContentDecoder) and has no cookie
   * jar, so nothing a server sets is ever sent back. */
  /* libsoup allows 2 connections per host; an import of several pages
   * of one site (or a feed's articles) would queue the rest inside libsoup
   * where our connect watchdog counts the wait as a failed connection. */
  self->session = soup_session_new_with_options ("user-agent", USER_AGENT,
                                                 "timeout", 0,
                                                 "max-conns-per-host",
                                                 WD_FETCHER_MAX_CONNS_PER_HOST,
                                                 "max-conns", 4 * WD_FETCHER_MAX_CONNS_PER_HOST,
                                                 NULL);
  g_assert (soup_session_has_feature (self->session, SOUP_TYPE_CONTENT_DECODER));
  g_assert (!soup_session_has_feature (self->session, SOUP_TYPE_COOKIE_JAR));
}
