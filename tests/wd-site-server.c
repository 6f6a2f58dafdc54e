/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-site-server"

#include <string.h>

#include <libsoup/soup.h>

#include "wd-site-server.h"

/* One stored brief. */
typedef struct {
  JsonNode *document;
  char     *slug;
  char     *status;
  guint     version;
} Post;

struct _WdSiteServer {
  /* set before the thread starts, then only read */
  char         *token;
  guint         port;
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;

  /* set by the thread before it says it is ready, then only read */
  char         *url;
  GError       *start_error;

  /* under @lock */
  GMutex        lock;
  GCond         cond;
  gboolean      ready;
  GHashTable   *posts;         /* uuid -> Post */
  GHashTable   *requests;      /* method -> count */
  guint         n_requests;
  GPtrArray    *keys;          /* Idempotency-Key values */
  GHashTable   *last_headers;  /* lower-case name -> value */
  guint         fail_count;
  guint         fail_status;
  gboolean      drop_next;
  gboolean      garble_next;
  guint         delay_ms;
};

/* An answer waiting out the delay. */
typedef struct {
  SoupServerMessage *msg;
  gboolean           gone;
} Delayed;

static void
post_free (Post *post)
{
  json_node_unref (post->document);
  g_free (post->slug);
  g_free (post->status);
  g_free (post);
}

static void
delayed_free (Delayed *delayed)
{
  g_signal_handlers_disconnect_by_data (delayed->msg, delayed);
  g_object_unref (delayed->msg);
  g_free (delayed);
}

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              JsonNode          *node)
{
  char *data = json_to_string (node, FALSE);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, data,
                                    strlen (data));
}

static void
respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *code,
               const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  respond_json (msg, status, root);
}

static const char *
code_of_status (guint status)
{
  switch (status)
    {
    case 400: return "bad_request";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 409: return "slug_taken";
    case 413: return "too_large";
    case 422: return "invalid";
    case 429: return "rate_limited";
    default:  return status >= 500 ? "internal" : "error";
    }
}

/* The post answer; call with the lock held. */
static JsonNode *
build_post_answer (WdSiteServer *self,
                   const char   *uuid,
                   Post         *post)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *url = g_strdup_printf ("%s/briefs/%s/", self->url, post->slug);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "uuid");
  json_builder_add_string_value (builder, uuid);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, url);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, post->status);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, post->version);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
is_one_of (const char         *value,
           const char * const *choices)
{
  return value != NULL && g_strv_contains (choices, value);
}

static gboolean
is_slug (const char *slug)
{
  gsize length = slug != NULL ? strlen (slug) : 0;

  if (length == 0 || length > 200)
    return FALSE;
  for (const char *p = slug; *p != '\0'; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
      return FALSE;
  return TRUE;
}

static gboolean
is_time (const char *value)
{
  g_autoptr(GDateTime) time = NULL;

  if (value == NULL)
    return FALSE;
  time = g_date_time_new_from_iso8601 (value, NULL);
  return time != NULL;
}

static gboolean
check_member_type (JsonObject  *object,
                   const char  *member,
                   JsonNodeType type,
                   gboolean     nullable)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return FALSE;
  if (nullable && JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  return JSON_NODE_TYPE (node) == type;
}

/* NULL when @document follows the contract, else what is wrong with it. */
static char *
validate_document (JsonNode   *document,
                   const char *uuid)
{
  static const char * const statuses[] = { "publish", "future", NULL };
  static const char * const kinds[] = { "summary", "analyst_take", "context", "watch", NULL };
  static const char * const origins[] = { "ai", "editor", NULL };
  static const char * const mention_kinds[] = {
    "publication", "organization", "person", "product", "topic", "place", NULL
  };
  static const char * const policies[] = { "summarize", "link-only", "excluded", NULL };
  static const char * const strings[] = { "headline", "excerpt", "html", "markdown", NULL };
  JsonObject *root = json_node_get_object (document);
  JsonObject *object;
  JsonArray *array;

  if (g_strcmp0 (get_string (root, "uuid"), uuid) != 0)
    return g_strdup_printf ("The field “uuid” must be %s, the uuid of the path.", uuid);
  for (guint i = 0; strings[i] != NULL; i++)
    if (get_string (root, strings[i]) == NULL)
      return g_strdup_printf ("The field “%s” must be a string.", strings[i]);
  if (*get_string (root, "headline") == '\0')
    return g_strdup ("The field “headline” must not be empty.");
  if (!is_slug (get_string (root, "slug")))
    return g_strdup ("The field “slug” must be 1 to 200 lower-case letters, digits and “-”.");
  if (!check_member_type (root, "lang", JSON_NODE_VALUE, TRUE))
    return g_strdup ("The field “lang” must be a string or null.");
  if (!is_one_of (get_string (root, "status"), statuses))
    return g_strdup ("The field “status” must be “publish” or “future”.");
  if (g_str_equal (get_string (root, "status"), "future")
      && !is_time (get_string (root, "publish_at")))
    return g_strdup ("A brief with status “future” needs “publish_at”, an RFC 3339 time.");
  if (!is_time (get_string (root, "modified_at")))
    return g_strdup ("The field “modified_at” must be an RFC 3339 time.");

  if (!check_member_type (root, "sections", JSON_NODE_ARRAY, FALSE))
    return g_strdup ("The field “sections” must be an array.");
  array = json_object_get_array_member (root, "sections");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *provenance;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return g_strdup ("Every section must be an object.");
      object = json_node_get_object (node);
      if (!is_one_of (get_string (object, "kind"), kinds))
        return g_strdup_printf ("Section %u has an unknown “kind”.", i + 1);
      if (get_string (object, "markdown") == NULL)
        return g_strdup_printf ("Section %u has no “markdown”.", i + 1);
      if (!check_member_type (object, "provenance", JSON_NODE_OBJECT, FALSE))
        return g_strdup_printf ("Section %u has no “provenance” object.", i + 1);
      provenance = json_object_get_object_member (object, "provenance");
      if (!is_one_of (get_string (provenance, "origin"), origins))
        return g_strdup_printf ("The provenance of section %u needs “origin”: “ai” or "
                                "“editor”.", i + 1);
      if (!check_member_type (object, "edit_share", JSON_NODE_VALUE, TRUE))
        return g_strdup_printf ("Section %u needs “edit_share”, a number or null.", i + 1);
    }

  if (!check_member_type (root, "mentions", JSON_NODE_ARRAY, FALSE))
    return g_strdup ("The field “mentions” must be an array.");
  array = json_object_get_array_member (root, "mentions");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return g_strdup ("Every mention must be an object.");
      object = json_node_get_object (node);
      if (get_string (object, "name") == NULL || get_string (object, "slug") == NULL
          || !is_one_of (get_string (object, "kind"), mention_kinds))
        return g_strdup_printf ("Mention %u needs “name”, “slug” and a known “kind”.", i + 1);
    }

  if (!check_member_type (root, "source", JSON_NODE_OBJECT, FALSE))
    return g_strdup ("The field “source” must be an object.");
  object = json_object_get_object_member (root, "source");
  if (get_string (object, "url") == NULL)
    return g_strdup ("The source needs its “url”.");

  if (!check_member_type (root, "policy", JSON_NODE_OBJECT, FALSE))
    return g_strdup ("The field “policy” must be an object.");
  object = json_object_get_object_member (root, "policy");
  if (!is_one_of (get_string (object, "kind"), policies)
      || !check_member_type (object, "max_quote_words", JSON_NODE_VALUE, FALSE))
    return g_strdup ("The policy needs a known “kind” and “max_quote_words”.");

  return NULL;
}

static void
cut_after_headers_cb (SoupServerMessage *msg,
                      gpointer           user_data)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}

static void
handle_put (WdSiteServer      *self,
            SoupServerMessage *msg,
            const char        *uuid)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *problem = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const char *data;
  gsize length = 0;
  JsonNode *document;
  JsonObject *root;
  const char *slug;
  const char *status = "publish";
  GHashTableIter iter;
  gpointer key, value;
  Post *post;
  gboolean created = FALSE;
  gboolean drop;

  g_mutex_lock (&self->lock);
  if (self->fail_count > 0)
    {
      guint fail_status = self->fail_status;
      g_autofree char *message = g_strdup_printf ("Failure injected by the test (HTTP %u).",
                                                  fail_status);

      self->fail_count--;
      g_mutex_unlock (&self->lock);
      respond_error (msg, fail_status, code_of_status (fail_status), message);
      if (fail_status == 429)
        soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                      "Retry-After", "1");
      return;
    }
  g_mutex_unlock (&self->lock);

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  data = g_bytes_get_data (body, &length);
  if (length > WD_SITE_SERVER_MAX_BODY)
    {
      respond_error (msg, 413, "too_large", "The brief is larger than 8 MiB.");
      return;
    }
  if (data == NULL || length == 0
      || !json_parser_load_from_data (parser, data, (gssize) length, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      respond_error (msg, 400, "bad_request", "The body is not a JSON object.");
      return;
    }
  document = json_parser_get_root (parser);
  problem = validate_document (document, uuid);
  if (problem != NULL)
    {
      respond_error (msg, 422, "invalid", problem);
      return;
    }

  root = json_node_get_object (document);
  slug = get_string (root, "slug");
  if (g_str_equal (get_string (root, "status"), "future"))
    {
      g_autoptr(GDateTime) publish_at =
        g_date_time_new_from_iso8601 (get_string (root, "publish_at"), NULL);

      if (g_date_time_compare (publish_at, now) > 0)
        status = "future";
    }

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->posts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Post *other = value;

      if (!g_str_equal (key, uuid) && g_str_equal (other->slug, slug))
        {
          g_mutex_unlock (&self->lock);
          respond_error (msg, 409, "slug_taken", "The slug is used by another brief.");
          return;
        }
    }

  post = g_hash_table_lookup (self->posts, uuid);
  if (post == NULL)
    {
      post = g_new0 (Post, 1);
      post->document = json_node_copy (document);
      post->version = 1;
      g_hash_table_insert (self->posts, g_strdup (uuid), post);
      created = TRUE;
    }
  else if (!json_node_equal (post->document, document))
    {
      json_node_unref (post->document);
      post->document = json_node_copy (document);
      post->version++;
    }
  g_free (post->slug);
  post->slug = g_strdup (slug);
  g_free (post->status);
  post->status = g_strdup (status);
  answer = build_post_answer (self, uuid, post);
  drop = self->drop_next;
  self->drop_next = FALSE;
  g_mutex_unlock (&self->lock);

  respond_json (msg, created ? SOUP_STATUS_CREATED : SOUP_STATUS_OK, answer);
  if (created)
    {
      g_autofree char *location = g_strdup_printf ("%s/briefs/%s", self->url, uuid);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Location", location);
    }
  if (drop)
    g_signal_connect (msg, "wrote-headers", G_CALLBACK (cut_after_headers_cb), NULL);
}

static void
handle_brief (WdSiteServer      *self,
              SoupServerMessage *msg,
              const char        *uuid)
{
  const char *method = soup_server_message_get_method (msg);

  if (method == SOUP_METHOD_PUT)
    handle_put (self, msg, uuid);
  else if (method == SOUP_METHOD_GET)
    {
      g_autoptr(JsonNode) answer = NULL;
      Post *post;

      g_mutex_lock (&self->lock);
      post = g_hash_table_lookup (self->posts, uuid);
      if (post != NULL)
        answer = build_post_answer (self, uuid, post);
      g_mutex_unlock (&self->lock);

      if (answer != NULL)
        respond_json (msg, SOUP_STATUS_OK, answer);
      else
        respond_error (msg, 404, "not_found", "There is no brief with this uuid.");
    }
  else if (method == SOUP_METHOD_DELETE)
    {
      gboolean removed;

      g_mutex_lock (&self->lock);
      removed = g_hash_table_remove (self->posts, uuid);
      g_mutex_unlock (&self->lock);

      if (removed)
        soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
      else
        respond_error (msg, 404, "not_found", "There is no brief with this uuid.");
    }
  else
    {
      respond_error (msg, 405, "method_not_allowed", "Use PUT, GET or DELETE here.");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", "PUT, GET, DELETE");
    }
}

static void
handle_health (WdSiteServer      *self,
               SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_GET)
    {
      respond_error (msg, 405, "method_not_allowed", "Use GET here.");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", "GET");
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, WD_SITE_SERVER_NAME);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, WD_SITE_SERVER_VERSION);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  respond_json (msg, SOUP_STATUS_OK, root);
}

static gboolean
is_authorized (WdSiteServer      *self,
               SoupServerMessage *msg)
{
  const char *authorization =
    soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                  "Authorization");
  g_autofree char *expected = g_strconcat ("Bearer ", self->token, NULL);

  return g_strcmp0 (authorization, expected) == 0;
}

static void
process_request (WdSiteServer      *self,
                 SoupServerMessage *msg,
                 const char        *path)
{
  gboolean garble;

  if (!is_authorized (self, msg))
    {
      respond_error (msg, 401, "unauthorized", "The token is not valid for this site.");
      return;
    }

  g_mutex_lock (&self->lock);
  garble = self->garble_next;
  self->garble_next = FALSE;
  g_mutex_unlock (&self->lock);
  if (garble)
    {
      static const char page[] = "<html><body>Service temporarily fine</body></html>";

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, page,
                                        strlen (page));
      return;
    }

  if (g_str_equal (path, "/health"))
    handle_health (self, msg);
  else if (g_str_has_prefix (path, "/briefs/") && path[strlen ("/briefs/")] != '\0'
           && strchr (path + strlen ("/briefs/"), '/') == NULL)
    {
      g_autofree char *uuid = g_uri_unescape_string (path + strlen ("/briefs/"), NULL);

      if (uuid == NULL)
        respond_error (msg, 404, "not_found", "There is no such path.");
      else
        handle_brief (self, msg, uuid);
    }
  else
    respond_error (msg, 404, "not_found", "There is no such path.");
}

static void
delayed_gone_cb (SoupServerMessage *msg,
                 gpointer           user_data)
{
  Delayed *delayed = user_data;

  delayed->gone = TRUE;
}

static gboolean
send_delayed_cb (gpointer user_data)
{
  Delayed *delayed = user_data;

  /* A client that went away meanwhile left nothing to answer. */
  if (!delayed->gone)
    soup_server_message_unpause (delayed->msg);
  return G_SOURCE_REMOVE;
}

static void
record_request (WdSiteServer      *self,
                SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  const char *key = soup_message_headers_get_one (headers, "Idempotency-Key");
  SoupMessageHeadersIter iter;
  const char *name, *value;

  g_mutex_lock (&self->lock);
  self->n_requests++;
  g_hash_table_insert (self->requests, g_strdup (method),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->requests,
                                                                                method)) + 1));
  if (key != NULL && (method == SOUP_METHOD_PUT || method == SOUP_METHOD_DELETE))
    g_ptr_array_add (self->keys, g_strdup (key));
  g_hash_table_remove_all (self->last_headers);
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    g_hash_table_insert (self->last_headers, g_ascii_strdown (name, -1), g_strdup (value));
  g_mutex_unlock (&self->lock);
}

static void
handle_request_cb (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  WdSiteServer *self = user_data;
  guint delay_ms;

  record_request (self, msg);
  /* Handled at once (a PUT is stored), only the answer waits: like a
   * server that commits, then is slow to say so. */
  process_request (self, msg, path);

  g_mutex_lock (&self->lock);
  delay_ms = self->delay_ms;
  g_mutex_unlock (&self->lock);

  if (delay_ms > 0)
    {
      Delayed *delayed = g_new0 (Delayed, 1);
      g_autoptr(GSource) source = g_timeout_source_new (delay_ms);

      delayed->msg = g_object_ref (msg);
      g_signal_connect (msg, "finished", G_CALLBACK (delayed_gone_cb), delayed);
      g_signal_connect (msg, "disconnected", G_CALLBACK (delayed_gone_cb), delayed);
      soup_server_message_pause (msg);
      g_source_set_callback (source, send_delayed_cb, delayed, (GDestroyNotify) delayed_free);
      g_source_attach (source, self->context);
    }
}

static gboolean
quit_loop_cb (gpointer user_data)
{
  WdSiteServer *self = user_data;

  g_main_loop_quit (self->loop);
  return G_SOURCE_REMOVE;
}

static gpointer
run_server_thread (gpointer user_data)
{
  WdSiteServer *self = user_data;
  g_autoptr(SoupServer) server = NULL;
  GError *error = NULL;
  GSList *uris;

  /* The server's sources go to this thread's own context. */
  g_main_context_push_thread_default (self->context);

  server = soup_server_new ("server-header", "wd-site-server ", NULL);
  soup_server_add_handler (server, NULL, handle_request_cb, self, NULL);
  if (soup_server_listen_local (server, self->port, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      uris = soup_server_get_uris (server);
      g_assert (uris != NULL);
      self->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
      g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
    }

  g_mutex_lock (&self->lock);
  self->start_error = error;
  self->ready = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);

  if (error == NULL)
    g_main_loop_run (self->loop);

  soup_server_disconnect (server);
  g_clear_object (&server);
  /* Let the closed connections finish before the context goes. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

WdSiteServer *
wd_site_server_new_full (const char  *token,
                         guint        port,
                         GError     **error)
{
  WdSiteServer *self = g_new0 (WdSiteServer, 1);

  g_return_val_if_fail (token != NULL, NULL);
  g_return_val_if_fail (port <= 65535, NULL);

  self->token = g_strdup (token);
  self->port = port;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->posts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) post_free);
  self->requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->keys = g_ptr_array_new_with_free_func (g_free);
  self->last_headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  self->thread = g_thread_new ("wd-site-server", run_server_thread, self);
  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  if (self->start_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      wd_site_server_free (self);
      return NULL;
    }

  return self;
}

WdSiteServer *
wd_site_server_new (const char *token)
{
  g_autoptr(GError) error = NULL;
  WdSiteServer *self = wd_site_server_new_full (token, 0, &error);

  g_assert_no_error (error);
  return self;
}

void
wd_site_server_free (WdSiteServer *self)
{
  if (self == NULL)
    return;

  /* A source rather than g_main_loop_quit() here: the thread may not
   * have entered the loop yet, and a quit before the run would be lost. */
  {
    g_autoptr(GSource) source = g_idle_source_new ();

    g_source_set_callback (source, quit_loop_cb, self, NULL);
    g_source_attach (source, self->context);
  }
  g_thread_join (self->thread);

  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_hash_table_unref (self->posts);
  g_hash_table_unref (self->requests);
  g_ptr_array_unref (self->keys);
  g_hash_table_unref (self->last_headers);
  g_clear_error (&self->start_error);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self->url);
  g_free (self->token);
  g_free (self);
}

const char *
wd_site_server_get_url (WdSiteServer *self)
{
  return self->url;
}

guint
wd_site_server_count_posts (WdSiteServer *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = g_hash_table_size (self->posts);
  g_mutex_unlock (&self->lock);
  return n;
}

guint
wd_site_server_count_requests (WdSiteServer *self,
                               const char   *method)
{
  guint n;

  g_mutex_lock (&self->lock);
  if (method == NULL)
    n = self->n_requests;
  else
    n = GPOINTER_TO_UINT (g_hash_table_lookup (self->requests, method));
  g_mutex_unlock (&self->lock);
  return n;
}

JsonNode *
wd_site_server_get_post (WdSiteServer *self,
                         const char   *uuid)
{
  JsonNode *copy = NULL;
  Post *post;

  g_mutex_lock (&self->lock);
  post = g_hash_table_lookup (self->posts, uuid);
  if (post != NULL)
    copy = json_node_copy (post->document);
  g_mutex_unlock (&self->lock);
  return copy;
}

guint
wd_site_server_get_version (WdSiteServer *self,
                            const char   *uuid)
{
  guint version = 0;
  Post *post;

  g_mutex_lock (&self->lock);
  post = g_hash_table_lookup (self->posts, uuid);
  if (post != NULL)
    version = post->version;
  g_mutex_unlock (&self->lock);
  return version;
}

GStrv
wd_site_server_dup_idempotency_keys (WdSiteServer *self)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv keys;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->keys->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->keys, i));
  g_mutex_unlock (&self->lock);
  keys = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return keys;
}

char *
wd_site_server_dup_last_header (WdSiteServer *self,
                                const char   *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  char *value;

  g_mutex_lock (&self->lock);
  value = g_strdup (g_hash_table_lookup (self->last_headers, lower));
  g_mutex_unlock (&self->lock);
  return value;
}

void
wd_site_server_fail_next (WdSiteServer *self,
                          guint         n,
                          guint         status)
{
  g_return_if_fail (status >= 400 && status <= 599);

  g_mutex_lock (&self->lock);
  self->fail_count = n;
  self->fail_status = status;
  g_mutex_unlock (&self->lock);
}

void
wd_site_server_drop_after_store_next (WdSiteServer *self)
{
  g_mutex_lock (&self->lock);
  self->drop_next = TRUE;
  g_mutex_unlock (&self->lock);
}

void
wd_site_server_garble_next (WdSiteServer *self)
{
  g_mutex_lock (&self->lock);
  self->garble_next = TRUE;
  g_mutex_unlock (&self->lock);
}

void
wd_site_server_set_delay_ms (WdSiteServer *self,
                             guint         delay_ms)
{
  g_mutex_lock (&self->lock);
  self->delay_ms = delay_ms;
  g_mutex_unlock (&self->lock);
}
