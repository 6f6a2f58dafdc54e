/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-publish"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "wd-target-site.h"

#define USER_AGENT "Wiredesk/" PACKAGE_VERSION
#define MAX_TIMEOUT 86400
/* The longest piece of a server's own message that goes into ours. */
#define MAX_SERVER_MESSAGE 300

/* What a request was for: says what the site refused. */
typedef enum {
  ACTION_PUT,
  ACTION_FIND,
  ACTION_UNPUBLISH,
  ACTION_TEST,
} Action;

struct _WdTargetSite
{
  WdPublishTarget  parent_instance;

  /* owned */
  char            *url;      /* the base URL, without a trailing slash */
  char            *host;     /* host[:port] of @url, for messages */
  char            *token;
  guint            timeout;
  SoupSession     *session;  /* made by the first call, on the outbox's worker thread */
};

G_DEFINE_FINAL_TYPE (WdTargetSite, wd_target_site, WD_TYPE_PUBLISH_TARGET)

static const char *
target_name (WdTargetSite *self)
{
  return wd_publish_target_get_name (WD_PUBLISH_TARGET (self));
}

static SoupSession *
ensure_session (WdTargetSite *self)
{
  /* libsoup's "timeout" covers connecting and every wait for the server,
   * which is what timeout= promises. A session has no cookie jar unless
   * one is added: nothing a server sets is sent back. */
  if (self->session == NULL)
    self->session = soup_session_new_with_options ("user-agent", USER_AGENT,
                                                   "timeout", self->timeout,
                                                   NULL);
  return self->session;
}

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *member,
                    const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_provenance (JsonBuilder               *builder,
                const WdSectionProvenance *provenance)
{
  json_builder_set_member_name (builder, "provenance");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "origin");
  json_builder_add_string_value (builder, wd_origin_to_string (provenance->origin));
  add_string_or_null (builder, "backend", provenance->backend);
  add_string_or_null (builder, "model", provenance->model);
  json_builder_set_member_name (builder, "template_version");
  if (provenance->template_version > 0)
    json_builder_add_int_value (builder, provenance->template_version);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "edit_share");
  if (provenance->edit_share >= 0)
    json_builder_add_double_value (builder, CLAMP (provenance->edit_share, 0.0, 1.0));
  else
    json_builder_add_null_value (builder);
}

static void
add_sections (JsonBuilder         *builder,
              const WdPublishItem *item)
{
  GListModel *sections = item->brief != NULL ? wd_brief_get_sections (item->brief) : NULL;
  guint n = sections != NULL ? g_list_model_get_n_items (sections) : 0;

  json_builder_set_member_name (builder, "sections");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WdSection) section = g_list_model_get_item (sections, i);
      WdSectionKind kind = wd_section_get_kind (section);
      const char *text = wd_section_get_text (section);

      g_assert ((guint) kind < WD_SECTION_N_KINDS);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, wd_section_kind_to_string (kind));
      json_builder_set_member_name (builder, "markdown");
      json_builder_add_string_value (builder, text != NULL ? text : "");
      add_provenance (builder, &item->provenance[kind]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_mentions (JsonBuilder         *builder,
              const WdPublishItem *item)
{
  GListModel *mentions = item->brief != NULL ? wd_brief_get_mentions (item->brief) : NULL;
  guint n = mentions != NULL ? g_list_model_get_n_items (mentions) : 0;

  json_builder_set_member_name (builder, "mentions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WdMention) mention = g_list_model_get_item (mentions, i);
      const char *name = wd_mention_get_name (mention);
      const char *slug = wd_mention_get_slug (mention);
      g_autofree char *made_slug = NULL;

      if (name == NULL)
        continue;
      if (slug == NULL)
        slug = made_slug = wd_mention_slugify (name);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder,
                                     wd_mention_kind_to_string (wd_mention_get_kind (mention)));
      json_builder_set_member_name (builder, "slug");
      json_builder_add_string_value (builder, slug);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_source (JsonBuilder         *builder,
            const WdPublishItem *item)
{
  WdSource *source = item->brief != NULL ? wd_brief_get_source (item->brief) : NULL;
  const char *url = NULL;

  json_builder_set_member_name (builder, "source");
  json_builder_begin_object (builder);
  if (source != NULL)
    {
      url = wd_source_get_canonical_url (source);
      if (url == NULL || *url == '\0')
        url = wd_source_get_url (source);
    }
  add_string_or_null (builder, "url", url);
  add_string_or_null (builder, "title", source != NULL ? wd_source_get_title (source) : NULL);
  add_string_or_null (builder, "publisher",
                      source != NULL ? wd_source_get_publisher_name (source) : NULL);
  add_string_or_null (builder, "domain",
                      source != NULL ? wd_source_get_publisher_domain (source) : NULL);
  json_builder_end_object (builder);
}

static void
add_policy (JsonBuilder         *builder,
            const WdPublishItem *item)
{
  WdPolicyKind kind = item->policy != NULL ? item->policy->kind : WD_POLICY_SUMMARIZE;
  int max_quote_words = item->policy != NULL ? item->policy->max_quote_words : -1;

  json_builder_set_member_name (builder, "policy");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, wd_policy_kind_to_string (kind));
  json_builder_set_member_name (builder, "max_quote_words");
  json_builder_add_int_value (builder, max_quote_words >= 0 ? max_quote_words
                                                            : WD_POLICY_DEFAULT_MAX_QUOTE_WORDS);
  json_builder_end_object (builder);
}

/**
 * wd_target_site_build_document:
 * @item: what to publish
 *
 * Builds the brief document of docs/site-backend-api.md that put() sends:
 * the rendered forms of @item, its sections with their provenance, its
 * mentions, source and policy.
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *
wd_target_site_build_document (const WdPublishItem *item)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *modified_at = NULL;

  g_return_val_if_fail (item != NULL, NULL);

  if (item->modified_at != NULL)
    modified_at = format_time (item->modified_at);
  else
    {
      now = g_date_time_new_now_utc ();
      modified_at = format_time (now);
    }

  json_builder_begin_object (builder);
  add_string_or_null (builder, "uuid", item->uuid);
  add_string_or_null (builder, "headline", item->headline);
  add_string_or_null (builder, "slug", item->slug);
  add_string_or_null (builder, "excerpt", item->excerpt);
  add_string_or_null (builder, "html", item->html);
  add_string_or_null (builder, "markdown", item->markdown);
  add_string_or_null (builder, "lang", item->lang);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, item->publish_at != NULL ? "future" : "publish");
  json_builder_set_member_name (builder, "publish_at");
  if (item->publish_at != NULL)
    {
      g_autofree char *publish_at = format_time (item->publish_at);

      json_builder_add_string_value (builder, publish_at);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "modified_at");
  json_builder_add_string_value (builder, modified_at);
  add_sections (builder, item);
  add_mentions (builder, item);
  add_source (builder, item);
  add_policy (builder, item);

  /* The renderer's JSON-LD goes along as an object when it is one; the
   * site can embed it in the page as it is. */
  if (item->jsonld != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, item->jsonld, -1, NULL)
          && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          json_builder_set_member_name (builder, "jsonld");
          json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
        }
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* The server's own words about an error, on one line and not too long:
 * {"error": {"message": …}} of the contract, a few other common shapes,
 * the first line of a short text answer, else the status line. */
static char *
dup_server_message (SoupMessage *msg,
                    GBytes      *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *data = NULL;
  gsize length = 0;
  g_autofree char *message = NULL;
  GString *clean;

  if (body != NULL)
    data = g_bytes_get_data (body, &length);

  if (data != NULL && length > 0
      && json_parser_load_from_data (parser, data, (gssize) length, NULL)
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *root = json_node_get_object (json_parser_get_root (parser));
      JsonNode *error = json_object_get_member (root, "error");
      JsonNode *node = NULL;

      if (error != NULL && JSON_NODE_HOLDS_OBJECT (error))
        node = json_object_get_member (json_node_get_object (error), "message");
      else if (error != NULL && JSON_NODE_HOLDS_VALUE (error))
        node = error;
      else
        node = json_object_get_member (root, "message");
      if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
          && json_node_get_value_type (node) == G_TYPE_STRING)
        message = g_strdup (json_node_get_string (node));
    }

  if (message == NULL && data != NULL && length > 0 && length < 4096
      && g_utf8_validate (data, (gssize) length, NULL))
    {
      const char *type = soup_message_headers_get_content_type (
        soup_message_get_response_headers (msg), NULL);

      if (type != NULL && g_str_has_prefix (type, "text/plain"))
        {
          g_autofree char *text = g_strndup (data, length);
          char *newline = strchr (text, '\n');

          if (newline != NULL)
            *newline = '\0';
          message = g_steal_pointer (&text);
        }
    }

  if (message != NULL)
    g_strstrip (message);
  if (message == NULL || *message == '\0')
    {
      const char *phrase = soup_message_get_reason_phrase (msg);

      g_free (message);
      if (phrase != NULL && *phrase != '\0')
        message = g_strdup_printf ("HTTP %u %s", soup_message_get_status (msg), phrase);
      else
        message = g_strdup_printf ("HTTP %u", soup_message_get_status (msg));
    }

  /* One line, not too long, and no final full stop: ours follows. */
  if (!g_utf8_validate (message, -1, NULL))
    {
      char *valid = g_utf8_make_valid (message, -1);

      g_free (message);
      message = valid;
    }
  if (g_utf8_strlen (message, -1) > MAX_SERVER_MESSAGE)
    {
      char *cut = g_utf8_substring (message, 0, MAX_SERVER_MESSAGE);

      g_free (message);
      message = g_strconcat (cut, "…", NULL);
      g_free (cut);
    }
  clean = g_string_new (NULL);
  for (const char *p = message; *p != '\0'; p++)
    g_string_append_c (clean, g_ascii_iscntrl (*p) ? ' ' : *p);
  while (clean->len > 0 && (clean->str[clean->len - 1] == '.'
                            || g_ascii_isspace (clean->str[clean->len - 1])))
    g_string_truncate (clean, clean->len - 1);
  if (clean->len == 0)
    g_string_append_printf (clean, "HTTP %u", soup_message_get_status (msg));

  return g_string_free (clean, FALSE);
}

/* A failure before any answer arrived (or in the middle of one). */
static void
set_transport_error (WdTargetSite  *self,
                     GError        *local_error,
                     GError       **error)
{
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, local_error);
      return;
    }

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_NETWORK,
                 g_dngettext (GETTEXT_PACKAGE,
                              "The site at %s did not answer within %u second; try again "
                              "later, or raise timeout= in [target %s].",
                              "The site at %s did not answer within %u seconds; try again "
                              "later, or raise timeout= in [target %s].", self->timeout),
                 self->host, self->timeout, target_name (self));
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT)
           || g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED)
           || g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_NETWORK,
                 _("The connection to the site at %s broke before its answer arrived (%s); "
                   "try again later."),
                 self->host, local_error->message);
  else if (local_error->domain == G_TLS_ERROR && local_error->code != G_TLS_ERROR_EOF)
    g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_PROTOCOL,
                 _("Could not talk securely with the site at %s (%s); check its certificate "
                   "and url= in [target %s]."),
                 self->host, local_error->message, target_name (self));
  else if (local_error->domain == SOUP_SESSION_ERROR)
    g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_PROTOCOL,
                 _("The site at %s sent an answer that is not valid HTTP (%s); check url= "
                   "in [target %s]."),
                 self->host, local_error->message, target_name (self));
  else
    g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_NETWORK,
                 _("Could not reach the site at %s (%s); check that it is running and that "
                   "url= in [target %s] is right."),
                 self->host, local_error->message, target_name (self));
  g_error_free (local_error);
}

/* An answer whose status is not the success we wanted. */
static void
set_status_error (WdTargetSite  *self,
                  SoupMessage   *msg,
                  GBytes        *body,
                  Action         action,
                  GError       **error)
{
  guint status = soup_message_get_status (msg);
  g_autofree char *message = dup_server_message (msg, body);

  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      g_autofree char *variable = wd_config_secret_env_name (target_name (self));

      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_AUTH,
                   _("The site at %s refused the token: %s; check the token stored for "
                     "[target %s] in the keyring or in %s."),
                   self->host, message, target_name (self), variable);
    }
  else if (status == 429)
    g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_SERVER,
                 _("The site at %s is limiting requests: %s; try again later."),
                 self->host, message);
  else if (SOUP_STATUS_IS_SERVER_ERROR (status))
    g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_SERVER,
                 _("The site at %s failed (HTTP %u): %s; try again later."),
                 self->host, status, message);
  else if (status == SOUP_STATUS_REQUEST_TIMEOUT)
    g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_NETWORK,
                 _("The site at %s gave up waiting for the request: %s; try again later."),
                 self->host, message);
  else if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      const char *location = soup_message_headers_get_one (
        soup_message_get_response_headers (msg), "Location");

      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_CONFIG,
                   _("The site at %s sent Wiredesk to %s; set url= in [target %s] to the "
                     "address of the site backend."),
                   self->host, location != NULL ? location : _("another address"),
                   target_name (self));
    }
  else if (SOUP_STATUS_IS_CLIENT_ERROR (status))
    {
      switch (action)
        {
        case ACTION_PUT:
          g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_REJECTED,
                       _("The site at %s refused the brief: %s."), self->host, message);
          break;
        case ACTION_UNPUBLISH:
          g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_REJECTED,
                       _("The site at %s refused to take the brief off: %s."),
                       self->host, message);
          break;
        case ACTION_FIND:
        case ACTION_TEST:
        default:
          g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_REJECTED,
                       _("The site at %s refused the request: %s; check url= in [target %s]."),
                       self->host, message, target_name (self));
          break;
        }
    }
  else
    g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_PROTOCOL,
                 _("The site at %s answered with HTTP %u, which the site backend API does "
                   "not use; check url= in [target %s]."),
                 self->host, status, target_name (self));
}

/* Sends one request and reads the whole answer; NULL with @error set when
 * no complete answer arrived. The status is left to the caller. */
static GBytes *
send_request (WdTargetSite  *self,
              const char    *method,
              const char    *path,
              GBytes        *body,
              const char    *idempotency_key,
              SoupMessage  **out_msg,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autofree char *uri = g_strconcat (self->url, path, NULL);
  g_autofree char *authorization = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  SoupMessageHeaders *headers;
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

  /* A redirect of a PUT or DELETE must not be followed blindly (libsoup
   * would turn some into a GET): it means url= is not the backend. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (msg);
  authorization = g_strconcat ("Bearer ", self->token, NULL);
  soup_message_headers_replace (headers, "Authorization", authorization);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (idempotency_key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", idempotency_key);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", body);

  /* libsoup itself sends an idempotent request (PUT, GET, DELETE) once
   * more when a kept-alive connection turns out to be closed before any
   * answer came: safe here, as every call of the contract is idempotent. */
  answer = soup_session_send_and_read (ensure_session (self), msg, cancellable, &local_error);
  memset (authorization, 0, strlen (authorization));
  if (answer == NULL)
    {
      set_transport_error (self, local_error, error);
      return NULL;
    }

  *out_msg = g_steal_pointer (&msg);
  return answer;
}

static JsonObject *
parse_object (WdTargetSite  *self,
              GBytes        *body,
              GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (body, &length);

  if (data == NULL || length == 0)
    {
      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_PROTOCOL,
                   _("The site at %s sent an empty answer where the site backend API has "
                     "a JSON object; check url= in [target %s]."),
                   self->host, target_name (self));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_PROTOCOL,
                   _("The site at %s sent an answer that is not JSON (%s); check url= in "
                     "[target %s]."),
                   self->host, local_error->message, target_name (self));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_PROTOCOL,
                   _("The site at %s sent JSON that is not an object; check url= in "
                     "[target %s]."),
                   self->host, target_name (self));
      return NULL;
    }

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static const char *
get_string_member (JsonObject *object,
                   const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* A post answer: {"uuid", "url", "status", "version"}; url is required. */
static WdRemotePost *
parse_post (WdTargetSite  *self,
            GBytes        *body,
            const char    *uuid,
            GError       **error)
{
  g_autoptr(JsonObject) object = parse_object (self, body, error);
  const char *url;
  const char *remote_uuid;

  if (object == NULL)
    return NULL;

  url = get_string_member (object, "url");
  if (url == NULL || *url == '\0')
    {
      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_PROTOCOL,
                   _("The site at %s answered without the brief’s URL; its backend does not "
                     "follow the site backend API."),
                   self->host);
      return NULL;
    }
  remote_uuid = get_string_member (object, "uuid");

  return wd_remote_post_new (remote_uuid != NULL && *remote_uuid != '\0' ? remote_uuid : uuid,
                             url, get_string_member (object, "status"));
}

static char *
brief_path (const char *uuid)
{
  g_autofree char *escaped = g_uri_escape_string (uuid, NULL, FALSE);

  return g_strconcat ("/briefs/", escaped, NULL);
}

static gboolean
wd_target_site_find (WdPublishTarget      *target,
                     const WdPublishItem  *item,
                     WdRemotePost        **out,
                     GCancellable         *cancellable,
                     GError              **error)
{
  WdTargetSite *self = WD_TARGET_SITE (target);
  g_autofree char *path = brief_path (item->uuid);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  guint status;

  answer = send_request (self, SOUP_METHOD_GET, path, NULL, NULL, &msg, cancellable, error);
  if (answer == NULL)
    return FALSE;

  status = soup_message_get_status (msg);
  if (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_GONE)
    {
      *out = NULL;
      return TRUE;
    }
  if (status != SOUP_STATUS_OK)
    {
      set_status_error (self, msg, answer, ACTION_FIND, error);
      return FALSE;
    }

  *out = parse_post (self, answer, item->uuid, error);
  return *out != NULL;
}

static WdRemotePost *
wd_target_site_put (WdPublishTarget      *target,
                    const WdPublishItem  *item,
                    const char           *remote_id,
                    GCancellable         *cancellable,
                    GError              **error)
{
  WdTargetSite *self = WD_TARGET_SITE (target);
  g_autoptr(JsonNode) document = wd_target_site_build_document (item);
  g_autofree char *path = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  gsize length = 0;
  guint status;

  /* The uuid is the remote id: create and update are the same call. */
  if (remote_id != NULL && g_strcmp0 (remote_id, item->uuid) != 0)
    g_debug ("Site target %s: remote id %s is not the brief's uuid %s; using the uuid",
             target_name (self), remote_id, item->uuid);

  path = brief_path (item->uuid);
  json = json_to_string (document, FALSE);
  length = strlen (json);
  body = g_bytes_new_take (g_steal_pointer (&json), length);

  answer = send_request (self, SOUP_METHOD_PUT, path, body, item->key, &msg,
                         cancellable, error);
  if (answer == NULL)
    return NULL;

  status = soup_message_get_status (msg);
  if (status != SOUP_STATUS_OK && status != SOUP_STATUS_CREATED)
    {
      set_status_error (self, msg, answer, ACTION_PUT, error);
      return NULL;
    }

  return parse_post (self, answer, item->uuid, error);
}

static gboolean
wd_target_site_unpublish (WdPublishTarget      *target,
                          const WdPublishItem  *item,
                          const char           *remote_id,
                          GCancellable         *cancellable,
                          GError              **error)
{
  WdTargetSite *self = WD_TARGET_SITE (target);
  const char *uuid = remote_id != NULL && *remote_id != '\0' ? remote_id : item->uuid;
  g_autofree char *path = brief_path (uuid);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  guint status;

  answer = send_request (self, SOUP_METHOD_DELETE, path, NULL, item->key, &msg,
                         cancellable, error);
  if (answer == NULL)
    return FALSE;

  status = soup_message_get_status (msg);
  if (SOUP_STATUS_IS_SUCCESSFUL (status) || status == SOUP_STATUS_NOT_FOUND
      || status == SOUP_STATUS_GONE)
    return TRUE;

  set_status_error (self, msg, answer, ACTION_UNPUBLISH, error);
  return FALSE;
}

static char *
wd_target_site_test (WdPublishTarget  *target,
                     GCancellable     *cancellable,
                     GError          **error)
{
  WdTargetSite *self = WD_TARGET_SITE (target);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *version = NULL;
  const char *name;
  JsonNode *node;

  answer = send_request (self, SOUP_METHOD_GET, "/health", NULL, NULL, &msg,
                         cancellable, error);
  if (answer == NULL)
    return NULL;
  if (soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      set_status_error (self, msg, answer, ACTION_TEST, error);
      return NULL;
    }

  object = parse_object (self, answer, error);
  if (object == NULL)
    return NULL;
  name = get_string_member (object, "name");
  if (name == NULL || *name == '\0')
    {
      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_PROTOCOL,
                   _("The site at %s answered the health check without its name; check "
                     "url= in [target %s]."),
                   self->host, target_name (self));
      return NULL;
    }

  node = json_object_get_member (object, "version");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    {
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        version = g_strdup (json_node_get_string (node));
      else if (json_node_get_value_type (node) == G_TYPE_INT64)
        version = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    }

  if (version != NULL && *version != '\0')
    /* Translators: “Site “Example News” at https://example.org/api (1.4.2)”. */
    return g_strdup_printf (_("Site “%s” at %s (%s)"), name, self->url, version);
  return g_strdup_printf (_("Site “%s” at %s"), name, self->url);
}

/* url= as a base URL without a trailing slash, or NULL with @error set. */
static char *
read_url (WdConfig    *config,
          const char  *name,
          char       **out_host,
          GError     **error)
{
  g_autofree char *value = wd_config_dup_named (config, "target", name, "url");
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  gsize length;

  if (value == NULL || *g_strstrip (value) == '\0')
    {
      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_CONFIG,
                   _("The target “%s” has no url=; set it to the address of the site "
                     "backend, such as https://example.org/api."),
                   name);
      return NULL;
    }

  uri = g_uri_parse (value, SOUP_HTTP_URI_FLAGS, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || scheme == NULL
      || (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
      || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0'
      || g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_CONFIG,
                   _("In [target %s], url=%s is not an http or https address without a "
                     "query; write one such as https://example.org/api."),
                   name, value);
      return NULL;
    }

  if (g_uri_get_port (uri) > 0)
    *out_host = g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  else
    *out_host = g_strdup (g_uri_get_host (uri));

  length = strlen (value);
  while (length > 0 && value[length - 1] == '/')
    value[--length] = '\0';
  return g_steal_pointer (&value);
}

static gboolean
read_timeout (WdConfig    *config,
              const char  *name,
              guint       *out_timeout,
              GError     **error)
{
  g_autofree char *value = wd_config_dup_named (config, "target", name, "timeout");
  guint64 number = 0;

  if (value == NULL || *g_strstrip (value) == '\0')
    {
      *out_timeout = WD_TARGET_SITE_DEFAULT_TIMEOUT;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (value, 10, 1, MAX_TIMEOUT, &number, NULL))
    {
      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_CONFIG,
                   /* Translators: timeout= is a key of the configuration file. */
                   _("In [target %s], timeout=%s is not a whole number of seconds from 1 to "
                     "86400; write one such as timeout=%u."),
                   name, value, WD_TARGET_SITE_DEFAULT_TIMEOUT);
      return FALSE;
    }

  *out_timeout = (guint) number;
  return TRUE;
}

static gboolean
token_is_usable (const char *token)
{
  if (*token == '\0')
    return FALSE;
  for (const char *p = token; *p != '\0'; p++)
    if (g_ascii_iscntrl (*p) || *p == ' ')
      return FALSE;
  return TRUE;
}

/**
 * wd_target_site_new:
 * @config: the configuration
 * @name: the name of a [target] group with kind=site-json
 * @secret: (nullable): the bearer token
 * @error: return location for a #WD_PUBLISH_ERROR_CONFIG error
 *
 * Makes the client of the site backend that [target @name] names. It
 * connects to nothing until its first call.
 *
 * Returns: (transfer full) (nullable): the target, or %NULL with @error set
 */
WdPublishTarget *
wd_target_site_new (WdConfig    *config,
                    const char  *name,
                    const char  *secret,
                    GError     **error)
{
  g_autoptr(WdTargetSite) self = NULL;
  g_autofree char *url = NULL;
  g_autofree char *host = NULL;
  guint timeout = 0;

  g_return_val_if_fail (WD_IS_CONFIG (config), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  url = read_url (config, name, &host, error);
  if (url == NULL || !read_timeout (config, name, &timeout, error))
    return NULL;

  if (secret == NULL || *secret == '\0')
    {
      g_autofree char *variable = wd_config_secret_env_name (name);

      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_CONFIG,
                   _("The target “%s” has no token; store the site backend’s token for it in "
                     "Preferences, or set %s."),
                   name, variable);
      return NULL;
    }
  if (!token_is_usable (secret))
    {
      g_autofree char *variable = wd_config_secret_env_name (name);

      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_CONFIG,
                   _("The token of the target “%s” contains spaces or control characters; "
                     "store it again as the site gave it, or correct %s."),
                   name, variable);
      return NULL;
    }

  self = g_object_new (WD_TYPE_TARGET_SITE,
                       "name", name,
                       "kind", "site-json",
                       NULL);
  self->url = g_steal_pointer (&url);
  self->host = g_steal_pointer (&host);
  self->token = g_strdup (secret);
  self->timeout = timeout;

  return WD_PUBLISH_TARGET (g_steal_pointer (&self));
}

/**
 * wd_target_site_get_url:
 * @self: a #WdTargetSite
 *
 * Gets the base URL, url= without a trailing slash.
 *
 * Returns: the URL
 */
const char *
wd_target_site_get_url (WdTargetSite *self)
{
  g_return_val_if_fail (WD_IS_TARGET_SITE (self), NULL);

  return self->url;
}

/**
 * wd_target_site_get_timeout:
 * @self: a #WdTargetSite
 *
 * Gets how long a call waits for the site, timeout=.
 *
 * Returns: the timeout in seconds
 */
guint
wd_target_site_get_timeout (WdTargetSite *self)
{
  g_return_val_if_fail (WD_IS_TARGET_SITE (self), 0);

  return self->timeout;
}

static void
wd_target_site_finalize (GObject *object)
{
  WdTargetSite *self = WD_TARGET_SITE (object);

  g_clear_object (&self->session);
  g_free (self->url);
  g_free (self->host);
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);

  G_OBJECT_CLASS (wd_target_site_parent_class)->finalize (object);
}

static void
wd_target_site_class_init (WdTargetSiteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  WdPublishTargetClass *target_class = WD_PUBLISH_TARGET_CLASS (klass);

  object_class->finalize = wd_target_site_finalize;

  target_class->find = wd_target_site_find;
  target_class->put = wd_target_site_put;
  target_class->unpublish = wd_target_site_unpublish;
  target_class->test = wd_target_site_test;
}

static void
wd_target_site_init (WdTargetSite *self)
{
}
