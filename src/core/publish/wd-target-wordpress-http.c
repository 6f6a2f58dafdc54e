/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-publish"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "wd-target-wordpress-private.h"

/*
 * The WordPress target's HTTP: each request with the application password
 * and the two timeouts, and what an answer or a failure means for the
 * editor (WD_PUBLISH_ERROR codes and sentences).
 */

#define USER_AGENT "Wiredesk/" PACKAGE_VERSION
/* The longest piece of WordPress's own message that goes into ours. */
#define MAX_SERVER_MESSAGE 300

/* One request on its way: which timeout applies, for the socket and for
 * the message when it runs out. */
typedef struct {
  WdTargetWordpress *self;
  gboolean           connecting;
} Request;

static SoupSession *
ensure_session (WdTargetWordpress *self)
{
  /* libsoup's "timeout" is the longest silence of the server once the
   * connection is up; on_network_event() gives the connecting socket its
   * own. No cookie jar: a login cookie never replaces the password. */
  if (self->session == NULL)
    self->session = soup_session_new_with_options ("user-agent", USER_AGENT,
                                                   "timeout", self->idle_timeout,
                                                   NULL);
  return self->session;
}

static GSocket *
socket_of (GIOStream *stream)
{
  GSocket *socket = NULL;

  if (G_IS_SOCKET_CONNECTION (stream))
    return g_socket_connection_get_socket (G_SOCKET_CONNECTION (stream));
  if (G_IS_TLS_CONNECTION (stream))
    {
      GIOStream *base = NULL;

      /* The TLS connection keeps its base stream, and so the socket. */
      g_object_get (stream, "base-io-stream", &base, NULL);
      if (base != NULL)
        {
          socket = socket_of (base);
          g_object_unref (base);
        }
    }
  return socket;
}

static void
on_network_event (SoupMessage        *msg,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  gpointer            user_data)
{
  Request *request = user_data;
  GSocket *socket = connection != NULL ? socket_of (connection) : NULL;

  /* A blocking socket waits at most its timeout for each step, the
   * connect() included. libsoup gives the socket its own timeout (ours,
   * the idle one) once TCP is connected, so the TLS handshake gets the
   * connect timeout back. A reused keep-alive connection sends no events
   * and keeps the idle timeout. */
  if (event == G_SOCKET_CLIENT_CONNECTING || event == G_SOCKET_CLIENT_TLS_HANDSHAKING)
    {
      request->connecting = TRUE;
      if (socket != NULL)
        g_socket_set_timeout (socket, request->self->connect_timeout);
    }
  else if (event == G_SOCKET_CLIENT_COMPLETE)
    {
      request->connecting = FALSE;
      if (socket != NULL)
        g_socket_set_timeout (socket, request->self->idle_timeout);
    }
}

/* Drops tags and the common entities from WordPress's messages (some
 * carry <strong>Error:</strong>), and makes them one line. */
char *
wd_wordpress_dup_plain_text (const char *html)
{
  static const struct { const char *entity; const char *text; } entities[] = {
    { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" },
    { "&#039;", "'" }, { "&#39;", "'" }, { "&nbsp;", " " }, { "&#8217;", "’" },
    { "&#8220;", "“" }, { "&#8221;", "”" }, { "&hellip;", "…" },
  };
  GString *text = g_string_new (NULL);
  gboolean in_tag = FALSE;

  for (const char *p = html; *p != '\0'; p++)
    {
      gboolean replaced = FALSE;

      if (in_tag)
        {
          in_tag = *p != '>';
          continue;
        }
      if (*p == '<')
        {
          in_tag = TRUE;
          continue;
        }
      if (*p == '&')
        for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
          if (g_str_has_prefix (p, entities[i].entity))
            {
              g_string_append (text, entities[i].text);
              p += strlen (entities[i].entity) - 1;
              replaced = TRUE;
              break;
            }
      if (replaced)
        continue;
      if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
        {
          if (text->len > 0 && text->str[text->len - 1] != ' ')
            g_string_append_c (text, ' ');
        }
      else
        g_string_append_c (text, *p);
    }
  return g_string_free (text, FALSE);
}

const char *
wd_wordpress_get_string (JsonObject *object,
                         const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* A positive id, given as a JSON number or as a string of digits. */
gint64
wd_wordpress_get_id (JsonObject *object,
                     const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;
  guint64 id = 0;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return MAX (json_node_get_int (node), 0);
  if (json_node_get_value_type (node) == G_TYPE_STRING
      && g_ascii_string_to_unsigned (json_node_get_string (node), 10, 1, G_MAXINT64, &id, NULL))
    return (gint64) id;
  return 0;
}

JsonNode *
wd_wordpress_parse_json (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &length) : NULL;
  JsonNode *root;

  if (data == NULL || length == 0
      || !json_parser_load_from_data (parser, data, (gssize) length, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return root != NULL ? json_node_copy (root) : NULL;
}

/* WordPress's error answer, {"code", "message", "data": {"status"}}: its
 * code (NULL when the answer is not one) and its message on one line,
 * without a final full stop (ours follows), or the status line. */
static char *
dup_server_message (SoupMessage  *msg,
                    GBytes       *body,
                    char        **out_code)
{
  g_autoptr(JsonNode) root = wd_wordpress_parse_json (body);
  JsonObject *object = root != NULL && JSON_NODE_HOLDS_OBJECT (root)
                       ? json_node_get_object (root) : NULL;
  const char *message = wd_wordpress_get_string (object, "message");
  const char *code = wd_wordpress_get_string (object, "code");
  g_autofree char *text = NULL;
  gsize len;

  if (out_code != NULL)
    *out_code = g_strdup (code);

  if (message != NULL)
    text = wd_wordpress_dup_plain_text (message);
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    {
      char *valid = g_utf8_make_valid (text, -1);

      g_free (text);
      text = valid;
    }
  if (text != NULL && g_utf8_strlen (text, -1) > MAX_SERVER_MESSAGE)
    {
      g_autofree char *cut = g_utf8_substring (text, 0, MAX_SERVER_MESSAGE);

      g_free (text);
      text = g_strconcat (cut, "…", NULL);
    }
  if (text != NULL)
    {
      g_strstrip (text);
      len = strlen (text);
      while (len > 0 && text[len - 1] == '.')
        text[--len] = '\0';
    }
  if (text == NULL || *text == '\0')
    {
      const char *phrase = soup_status_get_phrase (soup_message_get_status (msg));

      g_free (text);
      if (phrase != NULL && *phrase != '\0' && !g_str_equal (phrase, "Unknown Error"))
        text = g_strdup_printf ("HTTP %u %s", soup_message_get_status (msg), phrase);
      else
        text = g_strdup_printf ("HTTP %u", soup_message_get_status (msg));
    }
  return g_steal_pointer (&text);
}

/* A failure before a whole answer arrived. */
static void
set_transport_error (WdTargetWordpress  *self,
                     const Request      *request,
                     GError             *local_error,
                     GError            **error)
{
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, local_error);
      return;
    }

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) && request->connecting)
    g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_NETWORK,
                 g_dngettext (GETTEXT_PACKAGE,
                              "Could not reach WordPress at %s: no connection within %u second; "
                              "check the address and your network connection, then try again.",
                              "Could not reach WordPress at %s: no connection within %u seconds; "
                              "check the address and your network connection, then try again.",
                              self->connect_timeout),
                 self->host, self->connect_timeout);
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_NETWORK,
                 g_dngettext (GETTEXT_PACKAGE,
                              "WordPress at %s sent nothing for %u second; the site may be "
                              "overloaded, so try again later, or raise idle-timeout= in "
                              "[target %s].",
                              "WordPress at %s sent nothing for %u seconds; the site may be "
                              "overloaded, so try again later, or raise idle-timeout= in "
                              "[target %s].",
                              self->idle_timeout),
                 self->host, self->idle_timeout, target_name (self));
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_NETWORK,
                 _("Could not reach WordPress at %s: the connection was refused; check url= in "
                   "[target %s], or try again later."),
                 self->host, target_name (self));
  else if (local_error->domain == G_RESOLVER_ERROR)
    g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_NETWORK,
                 _("Could not reach WordPress at %s: the name could not be looked up (%s); "
                   "check url= in [target %s] and your network connection."),
                 self->host, local_error->message, target_name (self));
  else if (local_error->domain == G_TLS_ERROR && local_error->code != G_TLS_ERROR_EOF)
    g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_NETWORK,
                 _("Could not set up a secure connection to WordPress at %s (%s); Wiredesk "
                   "sends the password only over a trusted connection, so check the site’s "
                   "certificate."),
                 self->host, local_error->message);
  else if (local_error->domain == SOUP_SESSION_ERROR)
    g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_PROTOCOL,
                 _("WordPress at %s sent an answer that is not valid HTTP (%s); check url= in "
                   "[target %s]."),
                 self->host, local_error->message, target_name (self));
  else
    g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_NETWORK,
                 _("Could not reach WordPress at %s (%s); try again later."),
                 self->host, local_error->message);
  g_error_free (local_error);
}

/* Codes with which WordPress says it read the credentials and refused
 * them; any other 401 may also mean it never saw them. */
static gboolean
is_credentials_code (const char *code)
{
  static const char * const codes[] = {
    "incorrect_password", "invalid_username", "invalid_email",
    "application_passwords_disabled", "application_passwords_disabled_for_user",
    NULL,
  };

  return code != NULL && g_strv_contains (codes, code);
}

static void
set_auth_error (WdTargetWordpress  *self,
                guint               status,
                const char         *code,
                const char         *message,
                WdWordpressAction   action,
                const char         *detail,
                GError            **error)
{
  g_autofree char *variable = wd_config_secret_env_name (target_name (self));

  if (status == SOUP_STATUS_FORBIDDEN && action == WD_WORDPRESS_TAG)
    g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_AUTH,
                 _("WordPress at %s does not let “%s” create the tag “%s”: %s; create the tag "
                   "in WordPress, or give the user the Editor role."),
                 self->host, self->user, detail, message);
  else if (status == SOUP_STATUS_FORBIDDEN)
    g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_AUTH,
                 _("WordPress at %s does not let “%s” do this: %s; give the user a role that "
                   "may publish posts, such as Author or Editor."),
                 self->host, self->user, message);
  else if (is_credentials_code (code))
    g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_AUTH,
                 _("WordPress at %s refused the application password of “%s”: %s; check "
                   "user= in [target %s] and the password stored for it in the keyring or "
                   "in %s."),
                 self->host, self->user, message, target_name (self), variable);
  else if (!self->https)
    g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_AUTH,
                 _("WordPress at %s did not accept the login of “%s”: %s; check the user name "
                   "and the password in the keyring or in %s, and make url= in [target %s] "
                   "an https address, as WordPress takes application passwords over plain "
                   "http only on a local site."),
                 self->host, self->user, message, variable, target_name (self));
  else
    /* WordPress answers a password it never saw just as a wrong one. */
    g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_AUTH,
                 _("WordPress at %s did not accept the login of “%s”: %s; check the user name "
                   "and the password in the keyring or in %s, and if both are right, the web "
                   "server drops the Authorization header before WordPress sees it (some "
                   "Apache and CGI setups do)."),
                 self->host, self->user, message, variable);
}

/* An answer whose status is not the success the caller wanted; @detail
 * is the tag's name for WD_WORDPRESS_TAG. */
void
wd_target_wordpress_set_status_error (WdTargetWordpress  *self,
                                      SoupMessage        *msg,
                                      GBytes             *body,
                                      WdWordpressAction   action,
                                      const char         *detail,
                                      GError            **error)
{
  guint status = soup_message_get_status (msg);
  g_autofree char *code = NULL;
  g_autofree char *message = dup_server_message (msg, body, &code);

  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    set_auth_error (self, status, code, message, action, detail, error);
  else if (status == 429 /* Too Many Requests */)
    g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_SERVER,
                 _("WordPress at %s is limiting requests: %s; try again later."),
                 self->host, message);
  else if (SOUP_STATUS_IS_SERVER_ERROR (status))
    g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_SERVER,
                 _("WordPress at %s failed (HTTP %u): %s; try again later."),
                 self->host, status, message);
  else if (status == SOUP_STATUS_REQUEST_TIMEOUT)
    g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_NETWORK,
                 _("WordPress at %s gave up waiting for the request: %s; try again later."),
                 self->host, message);
  else if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      const char *location = soup_message_headers_get_one (
        soup_message_get_response_headers (msg), "Location");

      /* Not followed: libsoup would turn a redirected POST into a GET,
       * and the password would go wherever the redirect points. */
      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_CONFIG,
                   _("WordPress at %s sent Wiredesk to %s; set url= in [target %s] to the "
                     "site’s own address."),
                   self->host, location != NULL ? location : _("another address"),
                   target_name (self));
    }
  else if (code == NULL && SOUP_STATUS_IS_CLIENT_ERROR (status))
    /* Not WordPress's JSON: something else answered. */
    g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_PROTOCOL,
                 _("The server at %s answered %s, not as WordPress would; check url= in "
                   "[target %s]."),
                 self->host, message, target_name (self));
  else if (g_strcmp0 (code, "rest_no_route") == 0)
    g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_CONFIG,
                 _("WordPress at %s has no REST API route for this: %s; check url= in "
                   "[target %s], and that no plugin switches the REST API off."),
                 self->host, message, target_name (self));
  else if (g_strcmp0 (code, "rest_post_invalid_id") == 0)
    g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_NOT_FOUND,
                 _("WordPress at %s no longer has the post: %s."),
                 self->host, message);
  else if (SOUP_STATUS_IS_CLIENT_ERROR (status))
    {
      switch (action)
        {
        case WD_WORDPRESS_PUT:
          g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_REJECTED,
                       _("WordPress at %s refused the post: %s."), self->host, message);
          break;
        case WD_WORDPRESS_TAG:
          g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_REJECTED,
                       _("WordPress at %s refused the tag “%s”: %s."),
                       self->host, detail, message);
          break;
        case WD_WORDPRESS_UNPUBLISH:
          g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_REJECTED,
                       _("WordPress at %s refused to withdraw the post: %s."),
                       self->host, message);
          break;
        case WD_WORDPRESS_FIND:
          g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_REJECTED,
                       _("WordPress at %s refused to look for the post: %s."),
                       self->host, message);
          break;
        case WD_WORDPRESS_TEST:
        default:
          g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_REJECTED,
                       _("WordPress at %s refused the request: %s; check url= in [target %s]."),
                       self->host, message, target_name (self));
          break;
        }
    }
  else
    g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_PROTOCOL,
                 _("WordPress at %s answered with HTTP %u, which its REST API does not use "
                   "here; check url= in [target %s]."),
                 self->host, status, target_name (self));
}

/* Appends "&NAME=VALUE" with VALUE escaped; the list ends with NULL. */
void
wd_target_wordpress_append_query (GString    *uri,
                                  const char *first_name,
                                  ...)
{
  va_list args;

  va_start (args, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);
      g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

      g_string_append_printf (uri, "&%s=%s", name, escaped);
    }
  va_end (args);
}

GString *
wd_target_wordpress_route_uri (WdTargetWordpress *self,
                               const char        *route)
{
  GString *uri = g_string_new (self->url);

  /* "?rest_route=" reaches the REST API with and without pretty
   * permalinks, where "/wp-json/" needs the web server's rewrite rules. */
  g_string_append (uri, "/?rest_route=");
  g_string_append (uri, route);
  return uri;
}

/* Sends one request with the password and reads the whole answer; NULL
 * with @error set when no complete answer arrived. The status is left to
 * the caller. */
GBytes *
wd_target_wordpress_send (WdTargetWordpress  *self,
                          const char         *method,
                          const char         *uri,
                          JsonNode           *body,
                          SoupMessage       **out_msg,
                          GCancellable       *cancellable,
                          GError            **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *credentials = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *authorization = NULL;
  SoupMessageHeaders *headers;
  Request request = { self, FALSE };
  GError *local_error = NULL;
  GBytes *answer;

  msg = soup_message_new (method, uri);
  if (msg == NULL)
    {
      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_CONFIG,
                   _("The address %s made from url= in [target %s] cannot be used; correct "
                     "url=."),
                   uri, target_name (self));
      return NULL;
    }
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);

  headers = soup_message_get_request_headers (msg);
  credentials = g_strconcat (self->user, ":", self->password, NULL);
  encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  authorization = g_strconcat ("Basic ", encoded, NULL);
  soup_message_headers_replace (headers, "Authorization", authorization);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (body != NULL)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      gsize length = 0;
      char *data;

      json_generator_set_root (generator, body);
      data = json_generator_to_data (generator, &length);
      soup_message_set_request_body_from_bytes (msg, "application/json",
                                                g_bytes_new_take (data, length));
    }
  g_signal_connect (msg, "network-event", G_CALLBACK (on_network_event), &request);

  g_debug ("%s %s", method, uri);
  answer = soup_session_send_and_read (ensure_session (self), msg, cancellable, &local_error);
  g_signal_handlers_disconnect_by_func (msg, on_network_event, &request);

  /* The password stays in as few places as it can. */
  memset (credentials, 0, strlen (credentials));
  memset (encoded, 0, strlen (encoded));
  memset (authorization, 0, strlen (authorization));

  if (answer == NULL)
    {
      set_transport_error (self, &request, local_error, error);
      return NULL;
    }
  g_debug ("%s %s: HTTP %u", method, uri, soup_message_get_status (msg));
  *out_msg = g_steal_pointer (&msg);
  return answer;
}

/* The answer's JSON, of @type (JSON_NODE_OBJECT or JSON_NODE_ARRAY). */
JsonNode *
wd_target_wordpress_parse_answer (WdTargetWordpress  *self,
                                  GBytes             *body,
                                  JsonNodeType        type,
                                  GError            **error)
{
  g_autoptr(JsonNode) root = wd_wordpress_parse_json (body);

  if (root == NULL || JSON_NODE_TYPE (root) != type)
    {
      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_PROTOCOL,
                   _("WordPress at %s sent an answer that its REST API does not give; check "
                     "url= in [target %s]."),
                   self->host, target_name (self));
      return NULL;
    }
  return g_steal_pointer (&root);
}
