/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-publish"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "wd-target-wordpress-private.h"

#define MAX_TIMEOUT 86400
/* What a post answer needs to carry; the rest would only be read. */
#define POST_FIELDS "id,link,status,slug"
/* Every status a post of ours can have but "trash": a trashed post is
 * gone from the site, and its slug has changed anyway. */
#define FIND_STATUSES "publish,future,draft,pending,private"

G_DEFINE_FINAL_TYPE (WdTargetWordpress, wd_target_wordpress, WD_TYPE_PUBLISH_TARGET)

static char *
format_date_gmt (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  /* WordPress's date_gmt: RFC 3339 without an offset, always UTC. */
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");
}

/* A post of the REST API: {"id", "link", "status", …}. */
static WdRemotePost *
remote_post_from_object (WdTargetWordpress  *self,
                         JsonObject         *post,
                         GError            **error)
{
  gint64 id = wd_wordpress_get_id (post, "id");
  g_autofree char *remote_id = NULL;

  if (id <= 0)
    {
      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_PROTOCOL,
                   _("WordPress at %s answered without the post’s id; check url= in "
                     "[target %s]."),
                   self->host, target_name (self));
      return NULL;
    }
  remote_id = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  return wd_remote_post_new (remote_id, wd_wordpress_get_string (post, "link"),
                             wd_wordpress_get_string (post, "status"));
}

/* WordPress's own slug of a term name (sanitize_title), for the names
 * that fold to ASCII; NULL for the others, whose slug WordPress
 * percent-encodes. A wrong guess costs only a lookup: the tag is then
 * created, or found by its name. */
static char *
guess_term_slug (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  GString *slug = g_string_new (NULL);

  if (strchr (ascii, '?') != NULL && strchr (name, '?') == NULL)
    {
      g_string_free (slug, TRUE);
      return NULL;
    }
  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '_')
        g_string_append_c (slug, g_ascii_tolower (*p));
      else if ((g_ascii_isspace (*p) || *p == '-' || *p == '.')
               && slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  if (slug->len == 0)
    {
      g_string_free (slug, TRUE);
      return NULL;
    }
  return g_string_free (slug, FALSE);
}

static gboolean
term_names_match (const char *ours,
                  const char *theirs)
{
  g_autofree char *plain = wd_wordpress_dup_plain_text (theirs);
  g_autofree char *a = g_utf8_casefold (ours, -1);
  g_autofree char *b = g_utf8_casefold (plain, -1);

  g_strstrip (a);
  g_strstrip (b);
  return g_str_equal (a, b);
}

/* Looks the tag @name up by its slug: @out_id is its id, or 0 when the
 * site has none; FALSE with @error when WordPress could not be asked. */
static gboolean
lookup_tag (WdTargetWordpress  *self,
            const char         *name,
            gint64             *out_id,
            GCancellable       *cancellable,
            GError            **error)
{
  g_autofree char *slug = guess_term_slug (name);
  g_autoptr(GString) uri = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *tags;

  *out_id = 0;
  if (slug == NULL)
    return TRUE;

  uri = wd_target_wordpress_route_uri (self, "/wp/v2/tags");
  wd_target_wordpress_append_query (uri, "slug", slug, "_fields", "id,name,slug", NULL);
  answer = wd_target_wordpress_send (self, SOUP_METHOD_GET, uri->str, NULL, &msg,
                                     cancellable, error);
  if (answer == NULL)
    return FALSE;
  if (soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      wd_target_wordpress_set_status_error (self, msg, answer, WD_WORDPRESS_TAG, name, error);
      return FALSE;
    }
  root = wd_target_wordpress_parse_answer (self, answer, JSON_NODE_ARRAY, error);
  if (root == NULL)
    return FALSE;

  tags = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (tags); i++)
    {
      JsonNode *node = json_array_get_element (tags, i);
      JsonObject *tag = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *tag_name = wd_wordpress_get_string (tag, "name");

      /* Another name with the same slug ("C" and "C++") is another tag. */
      if (tag_name != NULL && term_names_match (name, tag_name))
        {
          *out_id = wd_wordpress_get_id (tag, "id");
          break;
        }
    }
  return TRUE;
}

static gint64
create_tag (WdTargetWordpress  *self,
            const char         *name,
            GCancellable       *cancellable,
            GError            **error)
{
  g_autoptr(GString) uri = wd_target_wordpress_route_uri (self, "/wp/v2/tags");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint status;
  gint64 id;

  wd_target_wordpress_append_query (uri, "_fields", "id,name", NULL);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  answer = wd_target_wordpress_send (self, SOUP_METHOD_POST, uri->str, body, &msg,
                                     cancellable, error);
  if (answer == NULL)
    return 0;
  status = soup_message_get_status (msg);

  if (status == SOUP_STATUS_BAD_REQUEST)
    {
      /* The tag was there after all (a name WordPress slugs otherwise,
       * or made meanwhile): {"code": "term_exists", "data": {"term_id"}}. */
      g_autoptr(JsonNode) error_root = wd_wordpress_parse_json (answer);
      JsonObject *object = error_root != NULL && JSON_NODE_HOLDS_OBJECT (error_root)
                           ? json_node_get_object (error_root) : NULL;
      JsonNode *data = object != NULL ? json_object_get_member (object, "data") : NULL;

      if (g_strcmp0 (wd_wordpress_get_string (object, "code"), "term_exists") == 0
          && data != NULL && JSON_NODE_HOLDS_OBJECT (data))
        {
          id = wd_wordpress_get_id (json_node_get_object (data), "term_id");
          if (id > 0)
            return id;
        }
    }
  if (status != SOUP_STATUS_CREATED && status != SOUP_STATUS_OK)
    {
      wd_target_wordpress_set_status_error (self, msg, answer, WD_WORDPRESS_TAG, name, error);
      return 0;
    }

  root = wd_target_wordpress_parse_answer (self, answer, JSON_NODE_OBJECT, error);
  if (root == NULL)
    return 0;
  id = wd_wordpress_get_id (json_node_get_object (root), "id");
  if (id <= 0)
    g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_PROTOCOL,
                 _("WordPress at %s made the tag “%s” but did not say its id; check url= in "
                   "[target %s]."),
                 self->host, name, target_name (self));
  return id;
}

/* The ids of @tags on the site, each made when missing, in order and
 * without repeats. */
static GArray *
resolve_tags (WdTargetWordpress  *self,
              const char * const *tags,
              GCancellable       *cancellable,
              GError            **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      g_autofree char *name = g_strstrip (g_strdup (tags[i]));
      gint64 id = 0;
      gboolean seen = FALSE;

      if (*name == '\0')
        continue;
      if (!lookup_tag (self, name, &id, cancellable, error))
        return NULL;
      if (id <= 0)
        {
          id = create_tag (self, name, cancellable, error);
          if (id <= 0)
            return NULL;
        }
      for (guint j = 0; j < ids->len; j++)
        seen = seen || g_array_index (ids, gint64, j) == id;
      if (!seen)
        g_array_append_val (ids, id);
    }
  return g_steal_pointer (&ids);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value != NULL ? value : "");
}

/* What a brief becomes: the configured status, or "future" for a
 * scheduled brief that would be published. */
static const char *
wanted_status (WdTargetWordpress   *self,
               const WdPublishItem *item)
{
  if (item->publish_at != NULL && g_str_equal (self->status, "publish"))
    return "future";
  return self->status;
}

static JsonNode *
build_post (WdTargetWordpress   *self,
            const WdPublishItem *item,
            GArray              *tag_ids)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string (builder, "title", item->headline);
  add_string (builder, "content", item->html);
  add_string (builder, "excerpt", item->excerpt);
  add_string (builder, "slug", item->slug);
  add_string (builder, "status", wanted_status (self, item));
  if (item->publish_at != NULL)
    {
      g_autofree char *date_gmt = format_date_gmt (item->publish_at);

      add_string (builder, "date_gmt", date_gmt);
    }
  /* Always sent, so that an update also drops a detached mention. */
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; i < tag_ids->len; i++)
    json_builder_add_int_value (builder, g_array_index (tag_ids, gint64, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
is_post_id (const char *remote_id)
{
  return remote_id != NULL
         && g_ascii_string_to_unsigned (remote_id, 10, 1, G_MAXINT64, NULL, NULL);
}

static gboolean
check_post_id (WdTargetWordpress  *self,
               const char         *remote_id,
               GError            **error)
{
  if (is_post_id (remote_id))
    return TRUE;
  g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_REJECTED,
               _("“%s” is not a post id of WordPress at %s."), remote_id, self->host);
  return FALSE;
}

/* POSTs @body to the post @remote_id (NULL: a new post) and reads the
 * post back; @out_slug, when not NULL, gets the slug WordPress kept. */
static WdRemotePost *
write_post (WdTargetWordpress  *self,
            const char         *remote_id,
            JsonNode           *body,
            WdWordpressAction   action,
            SoupMessage       **out_msg,
            GCancellable       *cancellable,
            char              **out_slug,
            GError            **error)
{
  g_autofree char *route = NULL;
  g_autoptr(GString) uri = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint status;

  route = remote_id != NULL ? g_strconcat ("/wp/v2/posts/", remote_id, NULL)
                            : g_strdup ("/wp/v2/posts");
  uri = wd_target_wordpress_route_uri (self, route);
  wd_target_wordpress_append_query (uri, "_fields", POST_FIELDS, NULL);

  answer = wd_target_wordpress_send (self, SOUP_METHOD_POST, uri->str, body, &msg,
                                     cancellable, error);
  if (answer == NULL)
    return NULL;
  status = soup_message_get_status (msg);
  if (status != SOUP_STATUS_OK && status != SOUP_STATUS_CREATED)
    {
      wd_target_wordpress_set_status_error (self, msg, answer, action, NULL, error);
      if (out_msg != NULL)
        *out_msg = g_steal_pointer (&msg);
      return NULL;
    }
  root = wd_target_wordpress_parse_answer (self, answer, JSON_NODE_OBJECT, error);
  if (root == NULL)
    return NULL;
  if (out_msg != NULL)
    *out_msg = g_steal_pointer (&msg);
  if (out_slug != NULL)
    *out_slug = g_strdup (wd_wordpress_get_string (json_node_get_object (root), "slug"));
  return remote_post_from_object (self, json_node_get_object (root), error);
}

static WdRemotePost *
wd_target_wordpress_put (WdPublishTarget      *target,
                         const WdPublishItem  *item,
                         const char           *remote_id,
                         GCancellable         *cancellable,
                         GError              **error)
{
  WdTargetWordpress *self = WD_TARGET_WORDPRESS (target);
  g_autoptr(GArray) tag_ids = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(WdRemotePost) post = NULL;
  g_autofree char *slug = NULL;
  const char *status = wanted_status (self, item);

  if (remote_id != NULL && !check_post_id (self, remote_id, error))
    return NULL;

  tag_ids = resolve_tags (self, (const char * const *) item->tags, cancellable, error);
  if (tag_ids == NULL)
    return NULL;

  body = build_post (self, item, tag_ids);
  post = write_post (self, remote_id, body, WD_WORDPRESS_PUT, &msg, cancellable, &slug,
                     error);
  if (post == NULL)
    return NULL;
  /* The slug holds 8 characters of the uuid: another post with it can
   * only be one of ours that find() did not see (in the trash, say). */
  if (remote_id == NULL && slug != NULL && g_strcmp0 (slug, item->slug) != 0)
    g_debug ("WordPress at %s gave post %s the slug %s instead of %s",
             self->host, post->remote_id, slug, item->slug);

  /* A post once scheduled keeps its date when it is updated, and
   * WordPress schedules a "publish" with a future date: published now
   * means now by the server's clock. */
  if (item->publish_at == NULL && g_str_equal (status, "publish")
      && g_strcmp0 (post->status, "future") == 0)
    {
      const char *date = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                       "Date");
      g_autoptr(GDateTime) now = date != NULL ? soup_date_time_new_from_http_string (date)
                                              : NULL;
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) now_body = NULL;
      g_autofree char *date_gmt = NULL;
      g_autofree char *id = g_strdup (post->remote_id);

      if (now == NULL)
        now = g_date_time_new_now_utc ();
      date_gmt = format_date_gmt (now);
      json_builder_begin_object (builder);
      add_string (builder, "status", "publish");
      add_string (builder, "date_gmt", date_gmt);
      json_builder_end_object (builder);
      now_body = json_builder_get_root (builder);

      g_clear_pointer (&post, wd_remote_post_free);
      post = write_post (self, id, now_body, WD_WORDPRESS_PUT, NULL, cancellable, NULL, error);
      if (post == NULL)
        return NULL;
    }

  return g_steal_pointer (&post);
}

static gboolean
wd_target_wordpress_find (WdPublishTarget      *target,
                          const WdPublishItem  *item,
                          WdRemotePost        **out,
                          GCancellable         *cancellable,
                          GError              **error)
{
  WdTargetWordpress *self = WD_TARGET_WORDPRESS (target);
  g_autoptr(GString) uri = wd_target_wordpress_route_uri (self, "/wp/v2/posts");
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *posts;

  g_return_val_if_fail (item->slug != NULL && *item->slug != '\0', FALSE);

  /* The slug holds 8 characters of the brief's uuid: a post with it is
   * ours. context=edit, so that drafts and scheduled posts count too. */
  wd_target_wordpress_append_query (uri,
                                    "slug", item->slug,
                                    "status", FIND_STATUSES,
                                    "context", "edit",
                                    "_fields", POST_FIELDS,
                                    NULL);
  answer = wd_target_wordpress_send (self, SOUP_METHOD_GET, uri->str, NULL, &msg,
                                     cancellable, error);
  if (answer == NULL)
    return FALSE;
  if (soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      wd_target_wordpress_set_status_error (self, msg, answer, WD_WORDPRESS_FIND, NULL, error);
      return FALSE;
    }
  root = wd_target_wordpress_parse_answer (self, answer, JSON_NODE_ARRAY, error);
  if (root == NULL)
    return FALSE;

  posts = json_node_get_array (root);
  if (json_array_get_length (posts) > 1)
    g_debug ("%u posts of WordPress at %s have the slug %s; taking the first",
             json_array_get_length (posts), self->host, item->slug);
  for (guint i = 0; i < json_array_get_length (posts); i++)
    {
      JsonNode *node = json_array_get_element (posts, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      *out = remote_post_from_object (self, json_node_get_object (node), error);
      return *out != NULL;
    }
  return TRUE;
}

static gboolean
wd_target_wordpress_unpublish (WdPublishTarget      *target,
                               const WdPublishItem  *item,
                               const char           *remote_id,
                               GCancellable         *cancellable,
                               GError              **error)
{
  WdTargetWordpress *self = WD_TARGET_WORDPRESS (target);
  g_autoptr(WdRemotePost) found = NULL;
  g_autoptr(WdRemotePost) post = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) local_error = NULL;

  if (remote_id == NULL)
    {
      /* Never recorded (a crash right after the create): by its slug. */
      if (!wd_target_wordpress_find (target, item, &found, cancellable, error))
        return FALSE;
      if (found == NULL)
        return TRUE;
      remote_id = found->remote_id;
    }
  if (!check_post_id (self, remote_id, error))
    return FALSE;

  /* A draft: off the site, but kept, as the editor may want it back. */
  json_builder_begin_object (builder);
  add_string (builder, "status", "draft");
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  post = write_post (self, remote_id, body, WD_WORDPRESS_UNPUBLISH, NULL, cancellable, NULL,
                     &local_error);
  if (post != NULL)
    return TRUE;
  if (g_error_matches (local_error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_NOT_FOUND))
    {
      g_debug ("post %s is already gone from WordPress at %s", remote_id, self->host);
      return TRUE;
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static char *
wd_target_wordpress_test (WdPublishTarget  *target,
                          GCancellable     *cancellable,
                          GError          **error)
{
  WdTargetWordpress *self = WD_TARGET_WORDPRESS (target);
  g_autoptr(GString) uri = wd_target_wordpress_route_uri (self, "/wp/v2/users/me");
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) roles = g_ptr_array_new ();
  g_autofree char *joined = NULL;
  JsonObject *me;
  JsonNode *node;
  const char *capability;
  gboolean allowed = FALSE;

  wd_target_wordpress_append_query (uri,
                                    "context", "edit",
                                    "_fields", "id,username,roles,capabilities",
                                    NULL);
  answer = wd_target_wordpress_send (self, SOUP_METHOD_GET, uri->str, NULL, &msg,
                                     cancellable, error);
  if (answer == NULL)
    return NULL;
  if (soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      wd_target_wordpress_set_status_error (self, msg, answer, WD_WORDPRESS_TEST, NULL, error);
      return NULL;
    }
  root = wd_target_wordpress_parse_answer (self, answer, JSON_NODE_OBJECT, error);
  if (root == NULL)
    return NULL;
  me = json_node_get_object (root);

  node = json_object_get_member (me, "roles");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *role = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (role) && json_node_get_value_type (role) == G_TYPE_STRING)
            g_ptr_array_add (roles, (gpointer) json_node_get_string (role));
        }
    }
  g_ptr_array_add (roles, NULL);
  joined = g_strjoinv (", ", (char **) roles->pdata);

  /* A draft or pending post needs only edit_posts. */
  capability = g_str_equal (self->status, "publish") || g_str_equal (self->status, "private")
               ? "publish_posts" : "edit_posts";
  node = json_object_get_member (me, "capabilities");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonNode *value = json_object_get_member (json_node_get_object (node), capability);

      allowed = value != NULL && JSON_NODE_HOLDS_VALUE (value)
                && json_node_get_value_type (value) == G_TYPE_BOOLEAN
                && json_node_get_boolean (value);
    }
  if (!allowed)
    {
      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_AUTH,
                   _("WordPress at %s lets “%s” log in, but not publish posts (role: %s); "
                     "give the user the Author or Editor role."),
                   self->host, self->user, *joined != '\0' ? joined : _("none"));
      return NULL;
    }

  return g_strdup_printf (_("WordPress at %s as %s (%s)"), self->url, self->user, joined);
}

static char *
read_url (WdConfig    *config,
          const char  *name,
          char       **out_host,
          gboolean    *out_https,
          GError     **error)
{
  g_autofree char *value = wd_config_dup_named (config, "target", name, "url");
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  gsize len;

  if (value != NULL)
    g_strstrip (value);
  if (value == NULL || *value == '\0')
    {
      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_CONFIG,
                   _("The target “%s” has no url=; set it to the WordPress site’s address, "
                     "such as https://example.org."),
                   name);
      return NULL;
    }
  uri = g_uri_parse (value, SOUP_HTTP_URI_FLAGS, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || scheme == NULL
      || (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
      || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0'
      || g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL
      || g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_CONFIG,
                   _("The url= of the target “%s”, “%s”, is not the address of a site; give "
                     "an http or https address such as https://example.org, without ?, # or "
                     "a user name."),
                   name, value);
      return NULL;
    }

  *out_https = g_ascii_strcasecmp (scheme, "https") == 0;
  if (g_uri_get_port (uri) > 0)
    *out_host = g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  else
    *out_host = g_strdup (g_uri_get_host (uri));

  len = strlen (value);
  while (len > 0 && value[len - 1] == '/')
    value[--len] = '\0';
  return g_steal_pointer (&value);
}

static gboolean
read_timeout (WdConfig    *config,
              const char  *name,
              const char  *key,
              guint        fallback,
              guint       *out,
              GError     **error)
{
  g_autofree char *value = wd_config_dup_named (config, "target", name, key);
  guint64 seconds = 0;

  if (value == NULL || *g_strstrip (value) == '\0')
    {
      *out = fallback;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (value, 10, 1, MAX_TIMEOUT, &seconds, NULL))
    {
      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_CONFIG,
                   _("%s=%s of the target “%s” is not a number of seconds from 1 to %u; "
                     "correct it or remove it."),
                   key, value, name, MAX_TIMEOUT);
      return FALSE;
    }
  *out = (guint) seconds;
  return TRUE;
}

/**
 * wd_target_wordpress_new:
 * @config: the configuration
 * @name: the name of a [target] group with kind=wordpress
 * @secret: (nullable): the user's application password
 * @error: return location for a %WD_PUBLISH_ERROR_CONFIG error
 *
 * Makes the client of the WordPress site that [target @name] names. It
 * connects to nothing until its first call, which must come from the
 * thread that makes all the calls.
 *
 * Returns: (transfer full) (nullable): the target, or %NULL with @error set
 */
WdPublishTarget *
wd_target_wordpress_new (WdConfig    *config,
                         const char  *name,
                         const char  *secret,
                         GError     **error)
{
  g_autoptr(WdTargetWordpress) self = NULL;
  g_autofree char *url = NULL;
  g_autofree char *host = NULL;
  g_autofree char *user = NULL;
  g_autofree char *status = NULL;
  gboolean https = FALSE;
  guint connect_timeout = 0;
  guint idle_timeout = 0;

  g_return_val_if_fail (WD_IS_CONFIG (config), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  url = read_url (config, name, &host, &https, error);
  if (url == NULL)
    return NULL;

  user = wd_config_dup_named (config, "target", name, "user");
  if (user == NULL || *g_strstrip (user) == '\0')
    {
      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_CONFIG,
                   _("The target “%s” has no user=; set it to the WordPress user name that "
                     "publishes."),
                   name);
      return NULL;
    }
  if (strchr (user, ':') != NULL)
    {
      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_CONFIG,
                   _("The user= of the target “%s” contains “:”, which no WordPress user name "
                     "does; give the user name alone."),
                   name);
      return NULL;
    }

  status = wd_config_dup_named (config, "target", name, "status");
  if (status == NULL || *g_strstrip (status) == '\0')
    {
      g_free (status);
      status = g_strdup ("publish");
    }
  if (!g_str_equal (status, "publish") && !g_str_equal (status, "draft")
      && !g_str_equal (status, "pending") && !g_str_equal (status, "private"))
    {
      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_CONFIG,
                   _("status=%s of the target “%s” is not one WordPress gives a new post; use "
                     "publish, draft, pending or private."),
                   status, name);
      return NULL;
    }

  if (!read_timeout (config, name, "connect-timeout",
                     WD_TARGET_WORDPRESS_DEFAULT_CONNECT_TIMEOUT, &connect_timeout, error)
      || !read_timeout (config, name, "idle-timeout",
                        WD_TARGET_WORDPRESS_DEFAULT_IDLE_TIMEOUT, &idle_timeout, error))
    return NULL;

  if (secret == NULL || *secret == '\0')
    {
      g_autofree char *variable = wd_config_secret_env_name (name);

      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_CONFIG,
                   _("The target “%s” has no application password; make one in WordPress "
                     "(Users → Profile → Application Passwords) and store it for the target "
                     "in Preferences, or set %s."),
                   name, variable);
      return NULL;
    }

  self = g_object_new (WD_TYPE_TARGET_WORDPRESS,
                       "name", name,
                       "kind", "wordpress",
                       NULL);
  self->url = g_steal_pointer (&url);
  self->host = g_steal_pointer (&host);
  self->https = https;
  self->user = g_steal_pointer (&user);
  self->password = g_strdup (secret);
  self->status = g_steal_pointer (&status);
  self->connect_timeout = connect_timeout;
  self->idle_timeout = idle_timeout;

  return WD_PUBLISH_TARGET (g_steal_pointer (&self));
}

/**
 * wd_target_wordpress_get_url:
 * @self: a #WdTargetWordpress
 *
 * Gets the site's address, url= without a trailing slash.
 *
 * Returns: the URL
 */
const char *
wd_target_wordpress_get_url (WdTargetWordpress *self)
{
  g_return_val_if_fail (WD_IS_TARGET_WORDPRESS (self), NULL);

  return self->url;
}

/**
 * wd_target_wordpress_get_user:
 * @self: a #WdTargetWordpress
 *
 * Gets the WordPress user name the target publishes as, user=.
 *
 * Returns: the user name
 */
const char *
wd_target_wordpress_get_user (WdTargetWordpress *self)
{
  g_return_val_if_fail (WD_IS_TARGET_WORDPRESS (self), NULL);

  return self->user;
}

static void
wd_target_wordpress_dispose (GObject *object)
{
  WdTargetWordpress *self = WD_TARGET_WORDPRESS (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (wd_target_wordpress_parent_class)->dispose (object);
}

static void
wd_target_wordpress_finalize (GObject *object)
{
  WdTargetWordpress *self = WD_TARGET_WORDPRESS (object);

  g_free (self->url);
  g_free (self->host);
  g_free (self->user);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self->status);

  G_OBJECT_CLASS (wd_target_wordpress_parent_class)->finalize (object);
}

static void
wd_target_wordpress_class_init (WdTargetWordpressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  WdPublishTargetClass *target_class = WD_PUBLISH_TARGET_CLASS (klass);

  object_class->dispose = wd_target_wordpress_dispose;
  object_class->finalize = wd_target_wordpress_finalize;

  target_class->find = wd_target_wordpress_find;
  target_class->put = wd_target_wordpress_put;
  target_class->unpublish = wd_target_wordpress_unpublish;
  target_class->test = wd_target_wordpress_test;
}

static void
wd_target_wordpress_init (WdTargetWordpress *self)
{
}
