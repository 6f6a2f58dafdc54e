/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-wordpress"

#include <string.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "publish/wd-target-wordpress.h"
#include "wd-test-util.h"

/*
 * The WordPress target against a real WordPress: Debian's wordpress
 * package on MariaDB and PHP's built-in server, set up once for the whole
 * run by tests/wordpress/wp-env in a temporary directory. Every check goes
 * through the REST API as a client would, and reads back what WordPress
 * stored with requests of its own. Without the packages the tests skip,
 * saying which one is missing.
 */

typedef struct {
  char   *dir;       /* wp-env's directory */
  char   *url;
  char   *user;
  char   *password;
  char   *skip;      /* why the tests cannot run here */
  char   *failure;   /* why wp-env failed where it should have worked */
  double  seconds;   /* how long wp-env start took */
  SoupSession *session;  /* the test's own, for reading back */
} WordpressEnv;

static WordpressEnv wp;

static char *
wp_env_script (void)
{
  const char *root = g_getenv ("WIREDESK_SOURCE_ROOT");

  if (g_getenv ("G_TEST_SRCDIR") != NULL)
    return g_test_build_filename (G_TEST_DIST, "wordpress", "wp-env", NULL);
  if (root != NULL)
    return g_build_filename (root, "tests", "wordpress", "wp-env", NULL);
  return g_build_filename ("tests", "wordpress", "wp-env", NULL);
}

/* Runs wp-env VERB DIR; its exit status, stdout and stderr. */
static int
run_wp_env (const char  *verb,
            char       **out,
            char       **err)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *script = wp_env_script ();
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* Should this process die on a failed assertion, the servers stop. */
  g_subprocess_launcher_setenv (launcher, "WP_ENV_WATCH_PID", pid, TRUE);
  g_subprocess_launcher_setenv (launcher, "WP_ENV_WATCH_REMOVE", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "WP_ENV_VERBOSE", "1", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, "bash", script, verb, wp.dir, NULL);
  if (process == NULL)
    {
      *out = g_strdup ("");
      *err = g_strdup_printf ("cannot run %s: %s", script, error->message);
      return 1;
    }
  if (!g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error))
    {
      *err = g_strdup_printf ("%s %s: %s", script, verb, error->message);
      return 1;
    }
  return g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : 1;
}

static void
start_wordpress (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 started;
  int status;

  /* Outside the per-test homes, which GLib removes after each test; a
   * short path, as MariaDB's socket lives there. */
  wp.dir = g_dir_make_tmp ("wd-wordpress-XXXXXX", &error);
  if (wp.dir == NULL)
    {
      wp.failure = g_strdup_printf ("no temporary directory: %s", error->message);
      return;
    }

  started = g_get_monotonic_time ();
  status = run_wp_env ("start", &out, &err);
  wp.seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  g_strstrip (err);

  if (status == 77)
    {
      wp.skip = g_strdup_printf ("no WordPress to test against: %s", err);
      return;
    }
  if (status != 0)
    {
      wp.failure = g_strdup_printf ("wp-env start failed (exit status %d): %s", status, err);
      return;
    }
  g_test_message ("wp-env start took %.1f s:\n%s", wp.seconds, err);

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *eq = strchr (lines[i], '=');
      g_autofree char *value = NULL;

      if (eq == NULL)
        continue;
      value = g_shell_unquote (eq + 1, NULL);
      if (g_str_has_prefix (lines[i], "WP_URL="))
        wp.url = g_steal_pointer (&value);
      else if (g_str_has_prefix (lines[i], "WP_USER="))
        wp.user = g_steal_pointer (&value);
      else if (g_str_has_prefix (lines[i], "WP_APP_PASSWORD="))
        wp.password = g_steal_pointer (&value);
    }
  if (wp.url == NULL || wp.user == NULL || wp.password == NULL)
    wp.failure = g_strdup_printf ("wp-env start printed no WP_URL, WP_USER and "
                                  "WP_APP_PASSWORD: %s", out);
}

static void
stop_wordpress (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *rm[] = { "rm", "-rf", wp.dir, NULL };
  gint64 started = g_get_monotonic_time ();

  if (wp.dir == NULL)
    return;
  if (run_wp_env ("stop", &out, &err) != 0)
    g_printerr ("# wp-env stop: %s\n", err);
  else
    g_test_message ("wp-env stop took %.1f s",
                    (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  if (!g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     NULL, NULL, NULL, &error))
    g_printerr ("# cannot remove %s: %s\n", wp.dir, error->message);
}

/* Whether this test can run; marks it skipped or failed when not. The
 * tests that need no WordPress ask too: without the packages the whole
 * program is then skipped (meson counts a test with a passed subtest as
 * passed), never passed. */
static gboolean
have_wordpress (void)
{
  if (wp.skip != NULL)
    {
      g_test_skip (wp.skip);
      return FALSE;
    }
  if (wp.failure != NULL)
    {
      g_test_fail_printf ("%s", wp.failure);
      return FALSE;
    }
  return TRUE;
}

/* The test's own REST client, to see what WordPress stored. */
static JsonNode *
wp_request (const char *method,
            const char *route_and_query,
            const char *json_body,
            guint      *out_status)
{
  g_autofree char *uri = g_strconcat (wp.url, "/?rest_route=", route_and_query, NULL);
  g_autofree char *credentials = g_strconcat (wp.user, ":", wp.password, NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *) credentials,
                                              strlen (credentials));
  g_autofree char *authorization = g_strconcat ("Basic ", encoded, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *data;

  if (wp.session == NULL)
    wp.session = soup_session_new ();
  g_assert_nonnull (msg);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  if (json_body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (json_body, strlen (json_body));

      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }
  body = soup_session_send_and_read (wp.session, msg, NULL, &error);
  g_assert_no_error (error);
  if (out_status != NULL)
    *out_status = soup_message_get_status (msg);
  else
    g_assert_cmpuint (soup_message_get_status (msg), <, 300);
  data = g_bytes_get_data (body, &length);
  json_parser_load_from_data (parser, data, (gssize) length, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonObject *
wp_get_post (const char *id)
{
  g_autofree char *route = g_strdup_printf ("/wp/v2/posts/%s&context=edit", id);
  g_autoptr(JsonNode) node = wp_request ("GET", route, NULL, NULL);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* The names of the post's tags, sorted, joined with "|". */
static char *
wp_post_tag_names (JsonObject *post)
{
  JsonArray *ids = json_object_get_array_member (post, "tags");
  g_autoptr(GString) include = g_string_new (NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *route = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *tags;

  for (guint i = 0; i < json_array_get_length (ids); i++)
    g_string_append_printf (include, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            json_array_get_int_element (ids, i));
  if (include->len == 0)
    return g_strdup ("");
  route = g_strdup_printf ("/wp/v2/tags&include=%s", include->str);
  node = wp_request ("GET", route, NULL, NULL);
  tags = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (tags), ==, json_array_get_length (ids));
  for (guint i = 0; i < json_array_get_length (tags); i++)
    g_ptr_array_add (names, g_strdup (json_object_get_string_member (
                                        json_array_get_object_element (tags, i), "name")));
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  return g_strjoinv ("|", (char **) names->pdata);
}

static const char *
title_of (JsonObject *post)
{
  return json_object_get_string_member (json_object_get_object_member (post, "title"), "raw");
}

static const char *
content_of (JsonObject *post)
{
  return json_object_get_string_member (json_object_get_object_member (post, "content"), "raw");
}

static WdPublishTarget *
make_target (const char *password)
{
  g_autoptr(WdConfig) config = wd_config_new_empty ();
  GKeyFile *key_file = wd_config_get_key_file (config);
  g_autoptr(GError) error = NULL;
  WdPublishTarget *target;

  g_key_file_set_string (key_file, "target wp", "kind", "wordpress");
  g_key_file_set_string (key_file, "target wp", "url", wp.url);
  g_key_file_set_string (key_file, "target wp", "user", wp.user);
  g_key_file_set_string (key_file, "target wp", "idle-timeout", "30");
  target = wd_publish_target_new_from_config (config, "wp", password, &error);
  g_assert_no_error (error);
  g_assert_true (WD_IS_TARGET_WORDPRESS (target));
  return target;
}

/* A brief in a real archive, with its sections and two mentions, made
 * into the item the outbox would hand the target. */
static WdPublishItem *
make_item (WdStore    *store,
           const char *url,
           const char *headline,
           const char *summary)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdBrief) brief = NULL;
  g_autofree char *text = g_strdup_printf (
    "The port authority said on Monday that container traffic rose 12 percent in the third "
    "quarter. Director Anna Lindqvist said new cranes cut waiting times. (%s)", url);
  const char *names[] = { "Port Authority", "Anna Lindqvist" };
  const WdMentionKind kinds[] = { WD_MENTION_ORGANIZATION, WD_MENTION_PERSON };
  gint64 id = wd_test_add_source (store, "Port traffic rises", url, "Port News", text);
  WdPublishItem *item = g_new0 (WdPublishItem, 1);
  g_autofree char *base_slug = NULL;
  GListModel *mentions;
  GPtrArray *tags = g_ptr_array_new ();

  wd_store_set_headline (store, id, headline, &error);
  g_assert_no_error (error);
  for (int k = 0; k < WD_SECTION_N_KINDS; k++)
    {
      WdRevisionInfo info = WD_REVISION_INFO_EDITOR;
      const char *section = k == 0 ? summary : "Faster turnarounds matter for the port.";

      wd_store_add_revision (store, id, k, section, &info, &error);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(WdMention) mention = wd_store_ensure_mention (store, names[i], kinds[i], &error);

      g_assert_no_error (error);
      wd_store_attach_mention (store, id, wd_mention_get_id (mention), WD_ORIGIN_EDITOR, &error);
      g_assert_no_error (error);
    }

  brief = wd_store_load_brief (store, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (wd_brief_get_uuid (brief));
  mentions = wd_brief_get_mentions (brief);
  g_assert_cmpuint (g_list_model_get_n_items (mentions), ==, 2);
  for (guint i = 0; i < g_list_model_get_n_items (mentions); i++)
    {
      g_autoptr(WdMention) mention = g_list_model_get_item (mentions, i);

      g_ptr_array_add (tags, g_strdup (wd_mention_get_name (mention)));
    }
  g_ptr_array_add (tags, NULL);

  base_slug = wd_mention_slugify (wd_brief_get_headline (brief));
  item->uuid = g_strdup (wd_brief_get_uuid (brief));
  item->key = g_strconcat ("wiredesk-", item->uuid, NULL);
  item->slug = g_strdup_printf ("%s-%.8s", base_slug, item->uuid);
  item->headline = g_strdup (wd_brief_get_headline (brief));
  item->excerpt = g_strdup (summary);
  item->html = g_strdup_printf ("<h2>Summary</h2>\n<p>%s</p>\n"
                                "<p class=\"source\">Source: <a href=\"%s\">Port News</a></p>",
                                summary, url);
  item->markdown = g_strdup_printf ("# %s\n\n%s\n", headline, summary);
  item->jsonld = g_strdup ("{\"@type\": \"NewsArticle\"}");
  item->lang = g_strdup ("en");
  item->tags = (GStrv) g_ptr_array_free (tags, FALSE);
  item->brief = g_steal_pointer (&brief);
  for (guint k = 0; k < WD_SECTION_N_KINDS; k++)
    item->provenance[k].edit_share = -1;
  item->modified_at = g_date_time_new_now_utc ();
  return item;
}

/* A tag WordPress already has under another slug than the one the
 * target guesses: found only through the create's term_exists answer. */
static gint64
ensure_port_authority_tag (void)
{
  static gint64 id;
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  if (id == 0)
    {
      node = wp_request ("POST", "/wp/v2/tags",
                         "{\"name\": \"Port Authority\", \"slug\": \"pa-existing\"}", &status);
      g_assert_cmpuint (status, ==, 201);
      id = json_object_get_int_member (json_node_get_object (node), "id");
    }
  return id;
}

static void
test_publish_find_update (void)
{
  g_autoptr(WdStore) store = NULL;
  g_autoptr(WdPublishTarget) target = NULL;
  g_autoptr(WdPublishItem) item = NULL;
  g_autoptr(WdRemotePost) post = NULL;
  g_autoptr(WdRemotePost) found = NULL;
  g_autoptr(WdRemotePost) updated = NULL;
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(JsonObject) stored_again = NULL;
  g_autoptr(JsonNode) same_name = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tag_names = NULL;
  g_autofree char *link_prefix = NULL;
  gint64 existing_tag;
  gboolean has_existing = FALSE;

  if (!have_wordpress ())
    return;

  existing_tag = ensure_port_authority_tag ();
  store = wd_test_open_store (NULL);
  item = make_item (store, "https://port.example.com/q3", "Port traffic up 12 percent",
                    "Container traffic at the port rose 12 percent in the third quarter.");
  target = make_target (wp.password);

  /* Nothing yet under the brief's slug. */
  g_assert_true (wd_publish_target_find (target, item, &found, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (found);

  post = wd_publish_target_put (target, item, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (post);
  g_assert_cmpstr (post->status, ==, "publish");
  link_prefix = g_strconcat (wp.url, "/", NULL);
  g_assert_true (g_str_has_prefix (post->url, link_prefix));

  stored = wp_get_post (post->remote_id);
  g_assert_cmpstr (title_of (stored), ==, "Port traffic up 12 percent");
  g_assert_nonnull (strstr (content_of (stored), "rose 12 percent in the third quarter"));
  g_assert_cmpstr (json_object_get_string_member (stored, "status"), ==, "publish");
  g_assert_cmpstr (json_object_get_string_member (stored, "slug"), ==, item->slug);
  tag_names = wp_post_tag_names (stored);
  g_assert_cmpstr (tag_names, ==, "Anna Lindqvist|Port Authority");
  /* The existing tag was used, not a second one made. */
  for (guint i = 0; i < json_array_get_length (json_object_get_array_member (stored, "tags")); i++)
    has_existing = has_existing
                   || json_array_get_int_element (json_object_get_array_member (stored, "tags"),
                                                  i) == existing_tag;
  g_assert_true (has_existing);
  same_name = wp_request ("GET", "/wp/v2/tags&search=Port%20Authority", NULL, NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (same_name)), ==, 1);

  /* The outbox's look before a retried create finds it. */
  g_assert_true (wd_publish_target_find (target, item, &found, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpstr (found->remote_id, ==, post->remote_id);
  g_assert_cmpstr (found->status, ==, "publish");
  g_assert_cmpstr (found->url, ==, post->url);

  /* An editor's correction goes to the same post. */
  g_free (item->headline);
  item->headline = g_strdup ("Port traffic up 12 percent, a record");
  updated = wd_publish_target_put (target, item, post->remote_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (updated->remote_id, ==, post->remote_id);
  g_assert_cmpstr (updated->status, ==, "publish");
  stored_again = wp_get_post (post->remote_id);
  g_assert_cmpstr (title_of (stored_again), ==, "Port traffic up 12 percent, a record");
}

static void
test_schedule (void)
{
  g_autoptr(WdStore) store = NULL;
  g_autoptr(WdPublishTarget) target = NULL;
  g_autoptr(WdPublishItem) item = NULL;
  g_autoptr(WdRemotePost) post = NULL;
  g_autoptr(WdRemotePost) found = NULL;
  g_autoptr(WdRemotePost) now = NULL;
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(JsonObject) published = NULL;
  g_autoptr(GDateTime) later = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_date = NULL;
  g_autofree char *tag_names = NULL;

  if (!have_wordpress ())
    return;

  store = wd_test_open_store (NULL);
  item = make_item (store, "https://port.example.com/q3-later", "Port terminal plans",
                    "The port authority plans a second terminal by 2028.");
  /* Whole seconds, as WordPress keeps them. */
  later = g_date_time_new_utc (2031, 5, 4, 3, 2, 1);
  item->publish_at = g_date_time_ref (later);
  target = make_target (wp.password);

  post = wd_publish_target_put (target, item, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (post->status, ==, "future");

  stored = wp_get_post (post->remote_id);
  g_assert_cmpstr (json_object_get_string_member (stored, "status"), ==, "future");
  expected_date = g_date_time_format (later, "%Y-%m-%dT%H:%M:%S");
  g_assert_cmpstr (json_object_get_string_member (stored, "date_gmt"), ==, expected_date);
  /* Both tags exist by now: found by their slugs. */
  tag_names = wp_post_tag_names (stored);
  g_assert_cmpstr (tag_names, ==, "Anna Lindqvist|Port Authority");

  /* find() sees scheduled posts too. */
  g_assert_true (wd_publish_target_find (target, item, &found, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpstr (found->remote_id, ==, post->remote_id);
  g_assert_cmpstr (found->status, ==, "future");

  /* Published now after all: not left scheduled by its old date. */
  g_clear_pointer (&item->publish_at, g_date_time_unref);
  now = wd_publish_target_put (target, item, post->remote_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (now->remote_id, ==, post->remote_id);
  g_assert_cmpstr (now->status, ==, "publish");
  published = wp_get_post (post->remote_id);
  g_assert_cmpstr (json_object_get_string_member (published, "status"), ==, "publish");
}

static void
test_unpublish (void)
{
  g_autoptr(WdStore) store = NULL;
  g_autoptr(WdPublishTarget) target = NULL;
  g_autoptr(WdPublishItem) item = NULL;
  g_autoptr(WdPublishItem) gone_item = NULL;
  g_autoptr(WdRemotePost) post = NULL;
  g_autoptr(WdRemotePost) gone = NULL;
  g_autoptr(WdRemotePost) again = NULL;
  g_autoptr(WdRemotePost) found = NULL;
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(JsonNode) deleted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *route = NULL;

  if (!have_wordpress ())
    return;

  store = wd_test_open_store (NULL);
  item = make_item (store, "https://port.example.com/q3-withdrawn", "Port cranes delivered",
                    "New cranes delivered in June cut ship waiting times to nine hours.");
  target = make_target (wp.password);

  post = wd_publish_target_put (target, item, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (wd_publish_target_unpublish (target, item, post->remote_id, NULL, &error));
  g_assert_no_error (error);
  stored = wp_get_post (post->remote_id);
  g_assert_cmpstr (json_object_get_string_member (stored, "status"), ==, "draft");
  /* Withdrawn but kept: find() still knows it, so a new publish reuses it. */
  g_assert_true (wd_publish_target_find (target, item, &found, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpstr (found->remote_id, ==, post->remote_id);
  g_assert_cmpstr (found->status, ==, "draft");

  /* A post someone deleted in WordPress is already off the site. */
  gone_item = make_item (store, "https://port.example.com/q3-deleted", "Port budget set",
                         "The authority plans to spend 85 million euros on a second terminal.");
  gone = wd_publish_target_put (target, gone_item, NULL, NULL, &error);
  g_assert_no_error (error);
  route = g_strdup_printf ("/wp/v2/posts/%s&force=true", gone->remote_id);
  deleted = wp_request ("DELETE", route, NULL, NULL);
  g_assert_true (wd_publish_target_unpublish (target, gone_item, gone->remote_id, NULL, &error));
  g_assert_no_error (error);
  /* An update of it says so, so that the outbox can make a new one. */
  again = wd_publish_target_put (target, gone_item, gone->remote_id, NULL, &error);
  g_assert_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_NOT_FOUND);
  g_assert_null (again);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  /* And one never recorded and not there is nothing to do. */
  g_assert_true (wd_publish_target_unpublish (target, gone_item, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_describe_user (void)
{
  g_autoptr(WdPublishTarget) target = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  g_autofree char *expected = NULL;

  if (!have_wordpress ())
    return;

  target = make_target (wp.password);
  description = wd_publish_target_test (target, NULL, &error);
  g_assert_no_error (error);
  expected = g_strdup_printf ("WordPress at %s as %s (administrator)", wp.url, wp.user);
  g_assert_cmpstr (description, ==, expected);
}

static void
test_wrong_password (void)
{
  g_autoptr(WdStore) store = NULL;
  g_autoptr(WdPublishTarget) target = NULL;
  g_autoptr(WdPublishItem) item = NULL;
  g_autoptr(WdRemotePost) post = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;

  if (!have_wordpress ())
    return;

  target = make_target ("abcd EFGH ijkl MNOP qrst UVWX");
  description = wd_publish_target_test (target, NULL, &error);
  g_assert_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_AUTH);
  g_assert_null (description);
  g_test_message ("test(): %s", error->message);
  g_assert_nonnull (strstr (error->message, "did not accept the login of “admin”"));
  /* The password is never in a message. */
  g_assert_null (strstr (error->message, "EFGH"));
  g_assert_false (wd_publish_error_is_transient (error));
  g_clear_error (&error);

  store = wd_test_open_store (NULL);
  item = make_item (store, "https://port.example.com/q3-refused", "Port refused",
                    "Container traffic rose, but this brief never reaches the site.");
  post = wd_publish_target_put (target, item, NULL, NULL, &error);
  g_assert_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_AUTH);
  g_assert_null (post);
  g_test_message ("put(): %s", error->message);
}

static void
test_unreachable (void)
{
  g_autoptr(WdConfig) config = wd_config_new_empty ();
  GKeyFile *key_file = wd_config_get_key_file (config);
  g_autoptr(WdPublishTarget) target = NULL;
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *description = NULL;
  guint16 port;

  if (!have_wordpress ())
    return;

  /* A port nobody listens on: taken, then let go. */
  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  url = g_strdup_printf ("http://127.0.0.1:%u", port);

  g_key_file_set_string (key_file, "target down", "kind", "wordpress");
  g_key_file_set_string (key_file, "target down", "url", url);
  g_key_file_set_string (key_file, "target down", "user", "editor");
  g_key_file_set_string (key_file, "target down", "connect-timeout", "5");
  target = wd_publish_target_new_from_config (config, "down", "abcd efgh", &error);
  g_assert_no_error (error);

  description = wd_publish_target_test (target, NULL, &error);
  g_assert_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_NETWORK);
  g_assert_true (wd_publish_error_is_transient (error));
  g_test_message ("%s", error->message);
}

static void
test_config_errors (void)
{
  static const struct {
    const char *url;
    const char *user;
    const char *status;
    const char *secret;
    const char *timeout;
  } cases[] = {
    { NULL, "editor", NULL, "pw", NULL },
    { "ftp://example.org", "editor", NULL, "pw", NULL },
    { "https://example.org/?p=1", "editor", NULL, "pw", NULL },
    { "https://example.org", NULL, NULL, "pw", NULL },
    { "https://example.org", "editor", "future", "pw", NULL },
    { "https://example.org", "editor", NULL, NULL, NULL },
    { "https://example.org", "editor", NULL, "pw", "0" },
  };

  if (!have_wordpress ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(WdConfig) config = wd_config_new_empty ();
      GKeyFile *key_file = wd_config_get_key_file (config);
      g_autoptr(WdPublishTarget) target = NULL;
      g_autoptr(GError) error = NULL;

      g_key_file_set_string (key_file, "target wp", "kind", "wordpress");
      if (cases[i].url != NULL)
        g_key_file_set_string (key_file, "target wp", "url", cases[i].url);
      if (cases[i].user != NULL)
        g_key_file_set_string (key_file, "target wp", "user", cases[i].user);
      if (cases[i].status != NULL)
        g_key_file_set_string (key_file, "target wp", "status", cases[i].status);
      if (cases[i].timeout != NULL)
        g_key_file_set_string (key_file, "target wp", "connect-timeout", cases[i].timeout);
      target = wd_publish_target_new_from_config (config, "wp", cases[i].secret, &error);
      g_assert_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_CONFIG);
      g_assert_null (target);
      g_test_message ("%s", error->message);
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* The desktop's proxy settings (read through GSettings) must not route
   * the requests to 127.0.0.1 anywhere else. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  wd_test_init (&argc, &argv);

  g_test_add_func ("/wordpress/config-errors", test_config_errors);
  g_test_add_func ("/wordpress/unreachable", test_unreachable);
  g_test_add_func ("/wordpress/publish-find-update", test_publish_find_update);
  g_test_add_func ("/wordpress/schedule", test_schedule);
  g_test_add_func ("/wordpress/unpublish", test_unpublish);
  g_test_add_func ("/wordpress/describe-user", test_describe_user);
  g_test_add_func ("/wordpress/wrong-password", test_wrong_password);

  start_wordpress ();
  status = g_test_run ();
  stop_wordpress ();

  g_clear_object (&wp.session);
  g_free (wp.dir);
  g_free (wp.url);
  g_free (wp.user);
  g_free (wp.password);
  g_free (wp.skip);
  g_free (wp.failure);
  return status;
}
