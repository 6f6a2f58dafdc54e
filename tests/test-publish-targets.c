/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-publish-targets"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "publish/wd-publish-target.h"
#include "publish/wd-target-site.h"
#include "publish/wd-target-static.h"
#include "publish/wd-target-wordpress.h"
#include "wd-site-server.h"
#include "wd-test-util.h"

/*
 * The site-json target against the reference server of the contract
 * (tests/wd-site-server.c, real HTTP on 127.0.0.1, on its own thread), and
 * the static target in a temporary directory. The items are built by hand
 * from a real brief in a temporary archive; their html, markdown and
 * JSON-LD are simple stand-ins for what the renderer makes.
 */

#define TOKEN "s3cret-token"

static const char *source_text =
  "The port authority said on Monday that container traffic rose 12 percent in the third "
  "quarter, to 410,000 boxes, its busiest quarter on record.\n\n"
  "Director Anna Lindqvist said new cranes delivered in June had cut waiting times for "
  "ships from two days to nine hours.";

typedef struct {
  char          *db;
  WdStore       *store;
  WdPublishItem *item;
} Fixture;

/* A brief with every section (the summary drafted by a model, the rest
 * typed by the editor), two mentions and a publisher policy. */
static gint64
add_brief (WdStore    *store,
           const char *url,
           const char *headline)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("%s\n\nReported at %s.", source_text, url);
  const char *sections[WD_SECTION_N_KINDS] = {
    "Container traffic at the port rose 12 percent in the third quarter.",
    "Faster turnarounds matter more than raw volume.",
    "Our archive has no earlier coverage of this port.",
    "Watch whether the second terminal keeps to its 2028 date.",
  };
  const char *mentions[][2] = { { "Port authority", "organization" }, { "Zürich", "place" } };
  gint64 id = wd_test_add_source (store, "Port traffic rises", url, "Port News", text);

  wd_store_set_headline (store, id, headline, &error);
  g_assert_no_error (error);
  for (int k = 0; k < WD_SECTION_N_KINDS; k++)
    {
      WdRevisionInfo info = WD_REVISION_INFO_EDITOR;

      if (k == WD_SECTION_SUMMARY)
        {
          info.origin = WD_ORIGIN_AI;
          info.backend = "local-qwen";
          info.model = "qwen3:8b";
          info.template_version = 3;
        }
      wd_store_add_revision (store, id, k, sections[k], &info, &error);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (mentions); i++)
    {
      g_autoptr(WdMention) mention = NULL;
      WdMentionKind kind;

      g_assert_true (wd_mention_kind_from_string (mentions[i][1], &kind));
      mention = wd_store_ensure_mention (store, mentions[i][0], kind, &error);
      g_assert_no_error (error);
      wd_store_attach_mention (store, id, wd_mention_get_id (mention), WD_ORIGIN_EDITOR,
                               &error);
      g_assert_no_error (error);
    }
  return id;
}

static void
set_headline (WdPublishItem *item,
              const char    *headline)
{
  g_autofree char *slug = wd_mention_slugify (headline);
  g_autofree char *escaped = g_markup_escape_text (headline, -1);

  g_free (item->headline);
  item->headline = g_strdup (headline);
  g_free (item->slug);
  item->slug = g_strdup_printf ("%s-%.8s", slug, item->uuid);
  g_free (item->markdown);
  item->markdown = g_strdup_printf ("---\ntitle: \"%s\"\n---\n\n%s\n", headline,
                                    item->excerpt);
  g_free (item->jsonld);
  /* A "</script>" in a string must not end the page's script element. */
  item->jsonld = g_strdup_printf ("{\"@context\": \"https://schema.org\", \"@type\": "
                                  "\"NewsArticle\", \"headline\": \"%s\", "
                                  "\"description\": \"a </script> inside\"}", headline);
  g_free (item->html);
  item->html = g_strdup_printf ("<section class=\"summary\"><p>%s</p></section>\n"
                                "<footer>About: %s</footer>", item->excerpt, escaped);
}

/* What the outbox builds with wd_publish_item_new(), by hand. */
static WdPublishItem *
make_item (WdStore    *store,
           gint64      brief_id,
           const char *domain)
{
  g_autoptr(GError) error = NULL;
  WdPublishItem *item = g_new0 (WdPublishItem, 1);
  WdBrief *brief = wd_store_load_brief (store, brief_id, &error);
  GListModel *mentions;
  GStrvBuilder *tags = g_strv_builder_new ();

  g_assert_no_error (error);
  g_assert_nonnull (brief);
  item->brief = brief;
  item->uuid = g_strdup (wd_brief_get_uuid (brief));
  item->key = g_strconcat ("wiredesk-", item->uuid, NULL);
  item->excerpt = g_strdup ("Container traffic at the port rose 12 percent.");
  item->lang = g_strdup ("en");
  set_headline (item, wd_brief_get_headline (brief));
  mentions = wd_brief_get_mentions (brief);
  for (guint i = 0; i < g_list_model_get_n_items (mentions); i++)
    {
      g_autoptr(WdMention) mention = g_list_model_get_item (mentions, i);

      g_strv_builder_add (tags, wd_mention_get_name (mention));
    }
  item->tags = g_strv_builder_end (tags);
  g_strv_builder_unref (tags);
  item->policy = wd_store_get_policy (store, domain, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < WD_SECTION_N_KINDS; k++)
    {
      item->provenance[k].origin = WD_ORIGIN_EDITOR;
      item->provenance[k].edit_share = -1;
    }
  item->provenance[WD_SECTION_SUMMARY].origin = WD_ORIGIN_AI;
  item->provenance[WD_SECTION_SUMMARY].backend = g_strdup ("local-qwen");
  item->provenance[WD_SECTION_SUMMARY].model = g_strdup ("qwen3:8b");
  item->provenance[WD_SECTION_SUMMARY].template_version = 3;
  item->provenance[WD_SECTION_SUMMARY].edit_share = 0.25;
  item->modified_at = g_date_time_ref (wd_brief_get_updated_at (brief));

  return item;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  fixture->store = wd_test_open_store (&fixture->db);
  wd_store_set_policy (fixture->store, "port.example.com", WD_POLICY_SUMMARIZE, 12,
                       "Short quotes only", &error);
  g_assert_no_error (error);
  id = add_brief (fixture->store, "https://port.example.com/q3", "Port traffic up 12 percent");
  fixture->item = make_item (fixture->store, id, "port.example.com");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->item, wd_publish_item_free);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->db, g_free);
}

static WdPublishItem *
add_other_item (Fixture *fixture)
{
  gint64 id = add_brief (fixture->store, "https://port.example.com/q4",
                         "Port expands second terminal");

  return make_item (fixture->store, id, "port.example.com");
}

static WdConfig *
make_config (const char *name,
             const char *first_key,
             ...)
{
  WdConfig *config = wd_config_new_empty ();
  g_autofree char *group = g_strdup_printf ("target %s", name);
  GKeyFile *key_file = wd_config_get_key_file (config);
  va_list args;

  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    g_key_file_set_string (key_file, group, key, va_arg (args, const char *));
  va_end (args);

  return config;
}

static WdPublishTarget *
make_site_target (const char *url,
                  const char *token)
{
  g_autoptr(WdConfig) config = make_config ("site", "kind", "site-json", "url", url, NULL);
  g_autoptr(GError) error = NULL;
  WdPublishTarget *target = wd_target_site_new (config, "site", token, &error);

  g_assert_no_error (error);
  g_assert_true (WD_IS_TARGET_SITE (target));
  return target;
}

static const char *
member_string (JsonObject *object,
               const char *member)
{
  g_assert_true (json_object_has_member (object, member));
  return json_object_get_string_member (object, member);
}

/* Site target */

static void
check_document (Fixture  *fixture,
                JsonNode *document)
{
  WdPublishItem *item = fixture->item;
  JsonObject *root = json_node_get_object (document);
  JsonArray *sections = json_object_get_array_member (root, "sections");
  JsonArray *mentions = json_object_get_array_member (root, "mentions");
  JsonObject *source = json_object_get_object_member (root, "source");
  JsonObject *policy = json_object_get_object_member (root, "policy");
  JsonObject *section;
  JsonObject *provenance;
  gboolean saw_place = FALSE;

  g_assert_cmpstr (member_string (root, "uuid"), ==, item->uuid);
  g_assert_cmpstr (member_string (root, "headline"), ==, item->headline);
  g_assert_cmpstr (member_string (root, "slug"), ==, item->slug);
  g_assert_cmpstr (member_string (root, "excerpt"), ==, item->excerpt);
  g_assert_cmpstr (member_string (root, "html"), ==, item->html);
  g_assert_cmpstr (member_string (root, "markdown"), ==, item->markdown);
  g_assert_cmpstr (member_string (root, "lang"), ==, "en");
  g_assert_cmpstr (member_string (root, "status"), ==, "publish");
  g_assert_true (json_object_get_null_member (root, "publish_at"));
  g_assert_true (g_str_has_suffix (member_string (root, "modified_at"), "Z"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root,
                                                                                 "jsonld"),
                                                  "@type"), ==, "NewsArticle");

  /* Every section, in order, with who wrote it. */
  g_assert_cmpuint (json_array_get_length (sections), ==, WD_SECTION_N_KINDS);
  section = json_array_get_object_element (sections, 0);
  g_assert_cmpstr (member_string (section, "kind"), ==, "summary");
  g_assert_true (g_str_has_prefix (member_string (section, "markdown"), "Container traffic"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (section, "edit_share"), 0.25,
                                  1e-9);
  provenance = json_object_get_object_member (section, "provenance");
  g_assert_cmpstr (member_string (provenance, "origin"), ==, "ai");
  g_assert_cmpstr (member_string (provenance, "backend"), ==, "local-qwen");
  g_assert_cmpstr (member_string (provenance, "model"), ==, "qwen3:8b");
  g_assert_cmpint (json_object_get_int_member (provenance, "template_version"), ==, 3);
  section = json_array_get_object_element (sections, 3);
  g_assert_cmpstr (member_string (section, "kind"), ==, "watch");
  g_assert_true (json_object_get_null_member (section, "edit_share"));
  provenance = json_object_get_object_member (section, "provenance");
  g_assert_cmpstr (member_string (provenance, "origin"), ==, "editor");
  g_assert_true (json_object_get_null_member (provenance, "backend"));
  g_assert_true (json_object_get_null_member (provenance, "template_version"));

  g_assert_cmpuint (json_array_get_length (mentions), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *mention = json_array_get_object_element (mentions, i);

      if (g_str_equal (member_string (mention, "name"), "Zürich"))
        {
          g_assert_cmpstr (member_string (mention, "kind"), ==, "place");
          g_assert_cmpstr (member_string (mention, "slug"), ==, "zurich");
          saw_place = TRUE;
        }
      else
        {
          g_assert_cmpstr (member_string (mention, "name"), ==, "Port authority");
          g_assert_cmpstr (member_string (mention, "kind"), ==, "organization");
          g_assert_cmpstr (member_string (mention, "slug"), ==, "port-authority");
        }
    }
  g_assert_true (saw_place);

  g_assert_cmpstr (member_string (source, "url"), ==, "https://port.example.com/q3");
  g_assert_cmpstr (member_string (source, "title"), ==, "Port traffic rises");
  g_assert_cmpstr (member_string (source, "publisher"), ==, "Port News");
  g_assert_cmpstr (member_string (source, "domain"), ==, "port.example.com");

  g_assert_cmpstr (member_string (policy, "kind"), ==, "summarize");
  g_assert_cmpint (json_object_get_int_member (policy, "max_quote_words"), ==, 12);
}

static void
test_site_round_trip (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(WdSiteServer) server = wd_site_server_new (TOKEN);
  g_autoptr(WdPublishTarget) target = make_site_target (wd_site_server_get_url (server), TOKEN);
  g_autoptr(WdPublishItem) unknown = add_other_item (fixture);
  g_autoptr(WdRemotePost) post = NULL;
  g_autoptr(WdRemotePost) again = NULL;
  g_autoptr(WdRemotePost) changed = NULL;
  g_autoptr(WdRemotePost) found = NULL;
  g_autoptr(WdRemotePost) missing = NULL;
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) keys = NULL;
  g_autofree char *expected_url = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *key = NULL;
  g_autofree char *agent = NULL;
  g_autofree char *description = NULL;
  g_autofree char *expected_description = NULL;

  g_assert_cmpstr (wd_publish_target_get_kind (target), ==, "site-json");
  g_assert_cmpstr (wd_publish_target_get_name (target), ==, "site");

  /* Create. */
  post = wd_publish_target_put (target, fixture->item, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (post);
  expected_url = g_strdup_printf ("%s/briefs/%s/", wd_site_server_get_url (server),
                                  fixture->item->slug);
  g_assert_cmpstr (post->remote_id, ==, fixture->item->uuid);
  g_assert_cmpstr (post->url, ==, expected_url);
  g_assert_cmpstr (post->status, ==, "publish");
  g_assert_cmpuint (wd_site_server_count_posts (server), ==, 1);
  g_assert_cmpuint (wd_site_server_get_version (server, fixture->item->uuid), ==, 1);

  document = wd_site_server_get_post (server, fixture->item->uuid);
  g_assert_nonnull (document);
  check_document (fixture, document);

  authorization = wd_site_server_dup_last_header (server, "Authorization");
  g_assert_cmpstr (authorization, ==, "Bearer " TOKEN);
  key = wd_site_server_dup_last_header (server, "Idempotency-Key");
  g_assert_cmpstr (key, ==, fixture->item->key);
  agent = wd_site_server_dup_last_header (server, "User-Agent");
  g_assert_true (g_str_has_prefix (agent, "Wiredesk/"));

  /* The same again (a retry): still one brief, nothing changed. */
  again = wd_publish_target_put (target, fixture->item, post->remote_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->remote_id, ==, post->remote_id);
  g_assert_cmpuint (wd_site_server_count_posts (server), ==, 1);
  g_assert_cmpuint (wd_site_server_count_requests (server, "PUT"), ==, 2);
  g_assert_cmpuint (wd_site_server_get_version (server, fixture->item->uuid), ==, 1);

  /* An update: one brief, a new version and URL. */
  set_headline (fixture->item, "Port traffic up 12 percent on new cranes");
  changed = wd_publish_target_put (target, fixture->item, post->remote_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (changed->remote_id, ==, fixture->item->uuid);
  g_assert_nonnull (strstr (changed->url, fixture->item->slug));
  g_assert_cmpuint (wd_site_server_count_posts (server), ==, 1);
  g_assert_cmpuint (wd_site_server_get_version (server, fixture->item->uuid), ==, 2);

  keys = wd_site_server_dup_idempotency_keys (server);
  g_assert_cmpuint (g_strv_length (keys), ==, 3);
  for (guint i = 0; keys[i] != NULL; i++)
    g_assert_cmpstr (keys[i], ==, fixture->item->key);

  /* find() finds it, and nothing for a brief never sent. */
  g_assert_true (wd_publish_target_find (target, fixture->item, &found, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpstr (found->remote_id, ==, fixture->item->uuid);
  g_assert_cmpstr (found->url, ==, changed->url);
  g_assert_true (wd_publish_target_find (target, unknown, &missing, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (missing);

  /* Unpublish, twice. */
  g_assert_true (wd_publish_target_unpublish (target, fixture->item, post->remote_id, NULL,
                                              &error));
  g_assert_no_error (error);
  g_assert_cmpuint (wd_site_server_count_posts (server), ==, 0);
  g_assert_true (wd_publish_target_unpublish (target, fixture->item, post->remote_id, NULL,
                                              &error));
  g_assert_no_error (error);
  g_clear_pointer (&found, wd_remote_post_free);
  g_assert_true (wd_publish_target_find (target, fixture->item, &found, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (found);

  description = wd_publish_target_test (target, NULL, &error);
  g_assert_no_error (error);
  expected_description = g_strdup_printf ("Site “%s” at %s (%s)", WD_SITE_SERVER_NAME,
                                          wd_site_server_get_url (server),
                                          WD_SITE_SERVER_VERSION);
  g_assert_cmpstr (description, ==, expected_description);
}

static void
test_site_wrong_token (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(WdSiteServer) server = wd_site_server_new (TOKEN);
  g_autoptr(WdPublishTarget) target = make_site_target (wd_site_server_get_url (server),
                                                        "not-the-token");
  g_autoptr(WdRemotePost) post = NULL;
  g_autoptr(WdRemotePost) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;

  post = wd_publish_target_put (target, fixture->item, NULL, NULL, &error);
  g_assert_null (post);
  g_assert_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_AUTH);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "The token is not valid for this site"));
  g_assert_nonnull (strstr (error->message, "WIREDESK_SECRET_SITE"));
  g_assert_null (strstr (error->message, "not-the-token"));
  g_assert_false (wd_publish_error_is_transient (error));
  g_assert_cmpuint (wd_site_server_count_posts (server), ==, 0);
  g_clear_error (&error);

  g_assert_false (wd_publish_target_find (target, fixture->item, &found, NULL, &error));
  g_assert_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_AUTH);
  g_clear_error (&error);

  description = wd_publish_target_test (target, NULL, &error);
  g_assert_null (description);
  g_assert_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_AUTH);
}

static void
test_site_server_errors (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(WdSiteServer) server = wd_site_server_new (TOKEN);
  g_autoptr(WdPublishTarget) target = make_site_target (wd_site_server_get_url (server), TOKEN);
  g_autoptr(WdRemotePost) post = NULL;
  g_autoptr(GError) error = NULL;

  /* 500 and 429: retried later, nothing stored. */
  wd_site_server_fail_next (server, 1, 500);
  post = wd_publish_target_put (target, fixture->item, NULL, NULL, &error);
  g_assert_null (post);
  g_assert_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_SERVER);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "HTTP 500"));
  g_assert_nonnull (strstr (error->message, "Failure injected by the test"));
  g_assert_true (wd_publish_error_is_transient (error));
  g_assert_cmpuint (wd_site_server_count_posts (server), ==, 0);
  g_clear_error (&error);

  wd_site_server_fail_next (server, 1, 429);
  post = wd_publish_target_put (target, fixture->item, NULL, NULL, &error);
  g_assert_null (post);
  g_assert_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_SERVER);
  g_assert_true (wd_publish_error_is_transient (error));
  g_clear_error (&error);

  /* The retry works. */
  post = wd_publish_target_put (target, fixture->item, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (post);
  g_assert_cmpuint (wd_site_server_count_posts (server), ==, 1);
}

static void
test_site_rejected (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(WdSiteServer) server = wd_site_server_new (TOKEN);
  g_autoptr(WdPublishTarget) target = make_site_target (wd_site_server_get_url (server), TOKEN);
  g_autoptr(WdPublishItem) other = add_other_item (fixture);
  g_autoptr(WdRemotePost) post = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *slug = NULL;

  wd_site_server_fail_next (server, 1, 422);
  post = wd_publish_target_put (target, fixture->item, NULL, NULL, &error);
  g_assert_null (post);
  g_assert_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_REJECTED);
  expected = g_strdup_printf ("The site at %s refused the brief: Failure injected by the test "
                              "(HTTP 422).",
                              wd_site_server_get_url (server) + strlen ("http://"));
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_false (wd_publish_error_is_transient (error));
  g_assert_cmpuint (wd_site_server_count_posts (server), ==, 0);
  g_clear_error (&error);

  /* The server's own checks: a slug it cannot use, one that is taken. */
  slug = g_steal_pointer (&fixture->item->slug);
  fixture->item->slug = g_strdup ("Not A Slug");
  post = wd_publish_target_put (target, fixture->item, NULL, NULL, &error);
  g_assert_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "“slug”"));
  g_clear_error (&error);
  g_free (fixture->item->slug);
  fixture->item->slug = g_steal_pointer (&slug);

  post = wd_publish_target_put (target, fixture->item, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&post, wd_remote_post_free);
  g_free (other->slug);
  other->slug = g_strdup (fixture->item->slug);
  post = wd_publish_target_put (target, other, NULL, NULL, &error);
  g_assert_null (post);
  g_assert_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "The slug is used by another brief"));
  g_assert_cmpuint (wd_site_server_count_posts (server), ==, 1);
}

static void
test_site_dropped (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(WdSiteServer) server = wd_site_server_new (TOKEN);
  g_autoptr(WdPublishTarget) target = make_site_target (wd_site_server_get_url (server), TOKEN);
  g_autoptr(WdRemotePost) post = NULL;
  g_autoptr(WdRemotePost) found = NULL;
  g_autoptr(GError) error = NULL;

  /* A first call, so that the PUT goes over a reused connection: the case
   * where libsoup may send a request again by itself. */
  g_assert_true (wd_publish_target_find (target, fixture->item, &found, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (found);

  wd_site_server_drop_after_store_next (server);
  post = wd_publish_target_put (target, fixture->item, NULL, NULL, &error);
  g_assert_null (post);
  g_assert_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_NETWORK);
  g_test_message ("%s", error->message);
  g_assert_true (wd_publish_error_is_transient (error));
  g_clear_error (&error);

  /* The server did store it: the outbox's find before the retry sees it. */
  g_assert_cmpuint (wd_site_server_count_posts (server), ==, 1);
  g_assert_cmpuint (wd_site_server_count_requests (server, "PUT"), ==, 1);
  g_assert_true (wd_publish_target_find (target, fixture->item, &found, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpstr (found->remote_id, ==, fixture->item->uuid);

  /* And a retried PUT keeps it one. */
  post = wd_publish_target_put (target, fixture->item, found->remote_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wd_site_server_count_posts (server), ==, 1);
  g_assert_cmpuint (wd_site_server_get_version (server, fixture->item->uuid), ==, 1);
}

static void
test_site_slow (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(WdSiteServer) server = wd_site_server_new (TOKEN);
  g_autoptr(WdConfig) config = make_config ("site", "kind", "site-json",
                                            "url", wd_site_server_get_url (server),
                                            "timeout", "1", NULL);
  g_autoptr(WdPublishTarget) target = NULL;
  g_autoptr(WdRemotePost) post = NULL;
  g_autoptr(WdRemotePost) found = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  target = wd_target_site_new (config, "site", TOKEN, &error);
  g_assert_no_error (error);

  /* An answer slower than timeout=: a network error to retry, and the
   * brief stored all the same. */
  wd_site_server_set_delay_ms (server, 3000);
  start = g_get_monotonic_time ();
  post = wd_publish_target_put (target, fixture->item, NULL, NULL, &error);
  g_assert_null (post);
  g_assert_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_NETWORK);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "1 second"));
  g_assert_true (wd_publish_error_is_transient (error));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2900 * 1000);
  g_assert_cmpuint (wd_site_server_count_posts (server), ==, 1);
  g_clear_error (&error);

  /* A slow answer within the timeout is just slow. */
  wd_site_server_set_delay_ms (server, 300);
  start = g_get_monotonic_time ();
  g_assert_true (wd_publish_target_find (target, fixture->item, &found, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
}

/* A port on 127.0.0.1 where nothing listens. */
static guint
find_closed_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  return port;
}

static void
test_site_unreachable (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", find_closed_port ());
  g_autoptr(WdPublishTarget) target = make_site_target (url, TOKEN);
  g_autoptr(WdRemotePost) post = NULL;
  g_autoptr(WdRemotePost) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;

  post = wd_publish_target_put (target, fixture->item, NULL, NULL, &error);
  g_assert_null (post);
  g_assert_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_NETWORK);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, url + strlen ("http://")));
  g_assert_true (wd_publish_error_is_transient (error));
  g_clear_error (&error);

  g_assert_false (wd_publish_target_find (target, fixture->item, &found, NULL, &error));
  g_assert_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_false (wd_publish_target_unpublish (target, fixture->item, NULL, NULL, &error));
  g_assert_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_NETWORK);
  g_clear_error (&error);
  description = wd_publish_target_test (target, NULL, &error);
  g_assert_null (description);
  g_assert_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_NETWORK);
}

static void
test_site_garbage (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(WdSiteServer) server = wd_site_server_new (TOKEN);
  g_autoptr(WdPublishTarget) target = make_site_target (wd_site_server_get_url (server), TOKEN);
  g_autoptr(WdRemotePost) post = NULL;
  g_autoptr(WdRemotePost) found = NULL;
  g_autoptr(GError) error = NULL;

  wd_site_server_garble_next (server);
  post = wd_publish_target_put (target, fixture->item, NULL, NULL, &error);
  g_assert_null (post);
  g_assert_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_PROTOCOL);
  g_test_message ("%s", error->message);
  g_assert_false (wd_publish_error_is_transient (error));
  g_clear_error (&error);

  wd_site_server_garble_next (server);
  g_assert_false (wd_publish_target_find (target, fixture->item, &found, NULL, &error));
  g_assert_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_PROTOCOL);
}

static void
test_site_config (void)
{
  struct {
    const char *url;
    const char *timeout;
    const char *secret;
    const char *expected;
  } cases[] = {
    { "https://example.org/api", NULL, NULL, "WIREDESK_SECRET_MY_SITE" },
    { "https://example.org/api", NULL, "", "WIREDESK_SECRET_MY_SITE" },
    { NULL, NULL, TOKEN, "has no url=" },
    { "ftp://example.org/", NULL, TOKEN, "url=ftp://example.org/" },
    { "https://example.org/api", "soon", TOKEN, "timeout=soon" },
    { "https://example.org/api", NULL, "two words", "spaces" },
  };
  g_autoptr(WdConfig) good = make_config ("my-site", "kind", "site-json",
                                          "url", "https://example.org/api/", "timeout", "7",
                                          NULL);
  g_autoptr(WdPublishTarget) target = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(WdConfig) config = make_config ("my-site", "kind", "site-json", NULL);
      GKeyFile *key_file = wd_config_get_key_file (config);
      g_autoptr(WdPublishTarget) bad = NULL;

      if (cases[i].url != NULL)
        g_key_file_set_string (key_file, "target my-site", "url", cases[i].url);
      if (cases[i].timeout != NULL)
        g_key_file_set_string (key_file, "target my-site", "timeout", cases[i].timeout);
      bad = wd_target_site_new (config, "my-site", cases[i].secret, &error);
      g_assert_null (bad);
      g_assert_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_CONFIG);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].expected));
      g_clear_error (&error);
    }

  target = wd_target_site_new (good, "my-site", TOKEN, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wd_target_site_get_url (WD_TARGET_SITE (target)), ==,
                   "https://example.org/api");
  g_assert_cmpuint (wd_target_site_get_timeout (WD_TARGET_SITE (target)), ==, 7);
}

/* Static target */

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static JsonArray *
read_index (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "index.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  return json_array_ref (json_node_get_array (json_parser_get_root (parser)));
}

static char *
page_path (const char *dir,
           const char *slug)
{
  return g_build_filename (dir, slug, "index.html", NULL);
}

static char *
markdown_path (const char *dir,
               const char *slug)
{
  g_autofree char *name = g_strconcat (slug, ".md", NULL);

  return g_build_filename (dir, name, NULL);
}

static WdPublishTarget *
make_static_target (const char *dir,
                    const char *base_url)
{
  g_autoptr(WdConfig) config = make_config ("files", "kind", "static", "dir", dir, NULL);
  g_autoptr(GError) error = NULL;
  WdPublishTarget *target;

  if (base_url != NULL)
    g_key_file_set_string (wd_config_get_key_file (config), "target files", "base-url",
                           base_url);
  target = wd_target_static_new (config, "files", &error);
  g_assert_no_error (error);
  g_assert_true (WD_IS_TARGET_STATIC (target));
  return target;
}

static void
test_static_round_trip (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *tmp = wd_test_make_tmpdir ();
  g_autofree char *dir = g_build_filename (tmp, "out", "briefs", NULL);
  g_autoptr(WdPublishTarget) target = make_static_target (dir, NULL);
  g_autoptr(WdPublishItem) other = add_other_item (fixture);
  g_autoptr(WdRemotePost) post = NULL;
  g_autoptr(WdRemotePost) changed = NULL;
  g_autoptr(WdRemotePost) second = NULL;
  g_autoptr(WdRemotePost) found = NULL;
  g_autoptr(JsonArray) index = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_slug = NULL;
  g_autofree char *old_page = NULL;
  g_autofree char *old_markdown = NULL;
  g_autofree char *page = NULL;
  g_autofree char *markdown = NULL;
  g_autofree char *html = NULL;
  g_autofree char *text = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *published_at = NULL;
  g_autofree char *description = NULL;
  g_autofree char *entry_url = NULL;
  g_autofree char *page_dir = NULL;
  JsonObject *entry;
  const char *script;

  g_assert_cmpstr (wd_publish_target_get_kind (target), ==, "static");
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));

  post = wd_publish_target_put (target, fixture->item, NULL, NULL, &error);
  g_assert_no_error (error);
  old_slug = g_strdup (fixture->item->slug);
  old_page = page_path (dir, old_slug);
  old_markdown = markdown_path (dir, old_slug);
  uri = g_filename_to_uri (old_page, NULL, NULL);
  g_assert_cmpstr (post->remote_id, ==, old_slug);
  g_assert_cmpstr (post->url, ==, uri);
  g_assert_cmpstr (post->status, ==, "publish");

  /* A whole page: headline, body, JSON-LD that cannot close its script. */
  html = read_text (old_page);
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>\n<html lang=\"en\">"));
  g_assert_nonnull (strstr (html, "<title>Port traffic up 12 percent</title>"));
  g_assert_nonnull (strstr (html, "<h1>Port traffic up 12 percent</h1>"));
  g_assert_nonnull (strstr (html, fixture->item->html));
  script = strstr (html, "<script type=\"application/ld+json\">");
  g_assert_nonnull (script);
  g_assert_nonnull (strstr (script, "a \\u003c/script> inside"));
  g_assert_true (strstr (script, "</script>") > strstr (script, "inside"));
  g_assert_true (g_str_has_suffix (html, "</html>\n"));
  text = read_text (old_markdown);
  g_assert_cmpstr (text, ==, fixture->item->markdown);

  index = read_index (dir);
  g_assert_cmpuint (json_array_get_length (index), ==, 1);
  entry = json_array_get_object_element (index, 0);
  entry_url = g_strconcat (old_slug, "/", NULL);
  g_assert_cmpstr (member_string (entry, "uuid"), ==, fixture->item->uuid);
  g_assert_cmpstr (member_string (entry, "slug"), ==, old_slug);
  g_assert_cmpstr (member_string (entry, "headline"), ==, "Port traffic up 12 percent");
  g_assert_cmpstr (member_string (entry, "excerpt"), ==, fixture->item->excerpt);
  g_assert_cmpstr (member_string (entry, "url"), ==, entry_url);
  g_assert_true (g_str_has_suffix (member_string (entry, "modified_at"), "Z"));
  published_at = g_strdup (member_string (entry, "published_at"));
  g_clear_pointer (&index, json_array_unref);

  /* An update with a new headline, so a new slug: one entry, the old
   * files gone, the first publication time kept. */
  set_headline (fixture->item, "Port traffic & cranes");
  changed = wd_publish_target_put (target, fixture->item, post->remote_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (changed->remote_id, ==, fixture->item->slug);
  g_assert_cmpstr (changed->remote_id, !=, old_slug);
  page = page_path (dir, fixture->item->slug);
  markdown = markdown_path (dir, fixture->item->slug);
  g_assert_true (g_file_test (page, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (markdown, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (old_page, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (old_markdown, G_FILE_TEST_EXISTS));
  g_clear_pointer (&html, g_free);
  html = read_text (page);
  g_assert_nonnull (strstr (html, "<h1>Port traffic &amp; cranes</h1>"));
  index = read_index (dir);
  g_assert_cmpuint (json_array_get_length (index), ==, 1);
  entry = json_array_get_object_element (index, 0);
  g_assert_cmpstr (member_string (entry, "headline"), ==, "Port traffic & cranes");
  g_assert_cmpstr (member_string (entry, "slug"), ==, fixture->item->slug);
  g_assert_cmpstr (member_string (entry, "published_at"), ==, published_at);
  g_clear_pointer (&index, json_array_unref);

  second = wd_publish_target_put (target, other, NULL, NULL, &error);
  g_assert_no_error (error);
  index = read_index (dir);
  g_assert_cmpuint (json_array_get_length (index), ==, 2);
  g_clear_pointer (&index, json_array_unref);

  g_assert_true (wd_publish_target_find (target, fixture->item, &found, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpstr (found->remote_id, ==, fixture->item->slug);
  g_assert_cmpstr (found->url, ==, changed->url);
  g_clear_pointer (&found, wd_remote_post_free);

  /* Unpublish: its files and its entry go, the other brief stays. */
  g_assert_true (wd_publish_target_unpublish (target, fixture->item, changed->remote_id, NULL,
                                              &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (page, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (markdown, G_FILE_TEST_EXISTS));
  page_dir = g_path_get_dirname (page);
  g_assert_false (g_file_test (page_dir, G_FILE_TEST_EXISTS));
  index = read_index (dir);
  g_assert_cmpuint (json_array_get_length (index), ==, 1);
  g_assert_cmpstr (member_string (json_array_get_object_element (index, 0), "uuid"), ==,
                   other->uuid);
  g_assert_true (wd_publish_target_unpublish (target, fixture->item, changed->remote_id, NULL,
                                              &error));
  g_assert_no_error (error);
  g_assert_true (wd_publish_target_find (target, fixture->item, &found, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (found);

  description = wd_publish_target_test (target, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (description, dir));
  g_assert_nonnull (strstr (description, "writable"));
}

static void
test_static_base_url (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(WdPublishTarget) target = make_static_target ("~/site/briefs",
                                                          "https://example.org/briefs");
  g_autoptr(WdRemotePost) post = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (g_get_home_dir (), "site", "briefs", NULL);
  g_autofree char *expected = g_strdup_printf ("https://example.org/briefs/%s/",
                                               fixture->item->slug);
  g_autofree char *canonical = g_strdup_printf ("<link rel=\"canonical\" href=\"%s\">",
                                                expected);
  g_autofree char *page = page_path (dir, fixture->item->slug);
  g_autofree char *html = NULL;

  g_assert_cmpstr (wd_target_static_get_dir (WD_TARGET_STATIC (target)), ==, dir);
  post = wd_publish_target_put (target, fixture->item, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (post->url, ==, expected);
  html = read_text (page);
  g_assert_nonnull (strstr (html, canonical));
}

static void
test_static_errors (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *tmp = wd_test_make_tmpdir ();
  g_autofree char *file = g_build_filename (tmp, "a-file", NULL);
  g_autofree char *dir = g_build_filename (file, "briefs", NULL);
  g_autofree char *good_dir = g_build_filename (tmp, "good", NULL);
  g_autofree char *index = g_build_filename (good_dir, "index.json", NULL);
  g_autoptr(WdPublishTarget) target = NULL;
  g_autoptr(WdPublishTarget) good = NULL;
  g_autoptr(WdRemotePost) post = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WdConfig) config = NULL;
  g_autofree char *description = NULL;
  g_autofree char *page = NULL;

  /* A directory that cannot be made (its parent is a file; permissions
   * would not stop a test running as root). */
  g_file_set_contents (file, "not a directory", -1, &error);
  g_assert_no_error (error);
  target = make_static_target (dir, NULL);
  post = wd_publish_target_put (target, fixture->item, NULL, NULL, &error);
  g_assert_null (post);
  g_assert_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_IO);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, dir));
  g_assert_false (wd_publish_error_is_transient (error));
  g_clear_error (&error);
  description = wd_publish_target_test (target, NULL, &error);
  g_assert_null (description);
  g_assert_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_IO);
  g_clear_error (&error);

  /* A broken index.json is reported, not overwritten. */
  good = make_static_target (good_dir, NULL);
  g_assert_cmpint (g_mkdir_with_parents (good_dir, 0755), ==, 0);
  g_file_set_contents (index, "[{\"uuid\": ", -1, &error);
  g_assert_no_error (error);
  post = wd_publish_target_put (good, fixture->item, NULL, NULL, &error);
  g_assert_null (post);
  g_assert_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_IO);
  g_assert_nonnull (strstr (error->message, index));
  g_clear_error (&error);
  page = page_path (good_dir, fixture->item->slug);
  g_assert_false (g_file_test (page, G_FILE_TEST_EXISTS));
  g_clear_pointer (&description, g_free);
  description = read_text (index);
  g_assert_cmpstr (description, ==, "[{\"uuid\": ");

  /* Configuration. */
  config = make_config ("files", "kind", "static", NULL);
  g_clear_object (&target);
  target = wd_target_static_new (config, "files", &error);
  g_assert_null (target);
  g_assert_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "dir="));
  g_clear_error (&error);
  g_key_file_set_string (wd_config_get_key_file (config), "target files", "dir", "relative");
  target = wd_target_static_new (config, "files", &error);
  g_assert_null (target);
  g_assert_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_CONFIG);
}

/* Factory */

static void
test_factory (void)
{
  g_autofree char *tmp = wd_test_make_tmpdir ();
  g_autofree char *dir = g_build_filename (tmp, "static", NULL);
  g_autoptr(WdConfig) config = wd_config_new_empty ();
  GKeyFile *key_file = wd_config_get_key_file (config);
  g_autoptr(WdPublishTarget) wordpress = NULL;
  g_autoptr(WdPublishTarget) site = NULL;
  g_autoptr(WdPublishTarget) files = NULL;
  g_autoptr(WdPublishTarget) none = NULL;
  g_autoptr(GError) error = NULL;
  struct {
    const char *name;
    const char *expected;
  } bad[] = {
    { "elsewhere", "no publish target “elsewhere”" },
    { "kindless", "has no kind" },
    { "odd", "unknown kind “ftp”" },
    { "site", "WIREDESK_SECRET_SITE" },  /* site-json without its token */
  };

  g_key_file_set_string (key_file, "target wp", "kind", "wordpress");
  g_key_file_set_string (key_file, "target wp", "url", "https://example.org");
  g_key_file_set_string (key_file, "target wp", "user", "editor");
  g_key_file_set_string (key_file, "target site", "kind", "site-json");
  g_key_file_set_string (key_file, "target site", "url", "https://example.org/api");
  g_key_file_set_string (key_file, "target files", "kind", "static");
  g_key_file_set_string (key_file, "target files", "dir", dir);
  g_key_file_set_string (key_file, "target kindless", "url", "https://example.org");
  g_key_file_set_string (key_file, "target odd", "kind", "ftp");

  wordpress = wd_publish_target_new_from_config (config, "wp", "abcd efgh ijkl mnop", &error);
  g_assert_no_error (error);
  g_assert_true (WD_IS_TARGET_WORDPRESS (wordpress));
  g_assert_cmpstr (wd_publish_target_get_kind (wordpress), ==, "wordpress");
  g_assert_cmpstr (wd_publish_target_get_name (wordpress), ==, "wp");

  site = wd_publish_target_new_from_config (config, "site", TOKEN, &error);
  g_assert_no_error (error);
  g_assert_true (WD_IS_TARGET_SITE (site));
  g_assert_cmpstr (wd_publish_target_get_kind (site), ==, "site-json");
  g_assert_cmpstr (wd_publish_target_get_name (site), ==, "site");

  /* A static directory needs no secret, and is not made yet. */
  files = wd_publish_target_new_from_config (config, "files", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (WD_IS_TARGET_STATIC (files));
  g_assert_cmpstr (wd_publish_target_get_kind (files), ==, "static");
  g_assert_cmpstr (wd_target_static_get_dir (WD_TARGET_STATIC (files)), ==, dir);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      none = wd_publish_target_new_from_config (config, bad[i].name, NULL, &error);
      g_assert_null (none);
      g_assert_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_CONFIG);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, bad[i].expected));
      g_clear_error (&error);
    }
}

int
main (int    argc,
      char **argv)
{
  /* The desktop's proxy settings (read through GSettings) must not route
   * the requests to 127.0.0.1 anywhere else. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  wd_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/publish/site/round-trip", test_site_round_trip);
  ADD ("/publish/site/wrong-token", test_site_wrong_token);
  ADD ("/publish/site/server-errors", test_site_server_errors);
  ADD ("/publish/site/rejected", test_site_rejected);
  ADD ("/publish/site/dropped", test_site_dropped);
  ADD ("/publish/site/slow", test_site_slow);
  ADD ("/publish/site/unreachable", test_site_unreachable);
  ADD ("/publish/site/garbage", test_site_garbage);
  g_test_add_func ("/publish/site/config", test_site_config);
  ADD ("/publish/static/round-trip", test_static_round_trip);
  ADD ("/publish/static/base-url", test_static_base_url);
  ADD ("/publish/static/errors", test_static_errors);
  g_test_add_func ("/publish/factory", test_factory);

#undef ADD

  return g_test_run ();
}
