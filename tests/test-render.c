/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-render"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "wd-test-util.h"
#include "publish/wd-render.h"

/*
 * Rendering a brief for publishing, checked as an editor or a site owner
 * would: what the HTML shows (and never runs), the footer, the JSON-LD and
 * ninjs a consumer parses, the front matter a static site reads, slugs,
 * excerpts, the preview page and `wiredesk-cli render`. Every brief lives
 * in a real archive in a temporary directory.
 */

#define SOURCE_URL "https://port.example.com/q3"

static const char *hostile_summary =
  "Container traffic at the **port** rose 12 percent in the third quarter, to 410,000 "
  "boxes. New cranes cut waiting times.\n"
  "\n"
  "<script>alert(1)</script>\n"
  "\n"
  "A picture: <img src=x onerror=alert(2)> and a [trap](javascript:alert(3)).\n"
  "\n"
  "- first point\n"
  "- second point\n"
  "\n"
  "# Inner heading\n";

static const char *source_text =
  "The port authority said on Monday that container traffic rose 12 percent in the third "
  "quarter, to 410,000 boxes, its busiest quarter on record.";

/* A brief from @url (its publisher @publisher) with @headline, the given
 * summary, the other sections fixed (context citing brief 1), and a
 * mention of each of three kinds. */
static gint64
add_brief (WdStore    *store,
           const char *url,
           const char *publisher,
           const char *headline,
           const char *summary)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("%s\n\nThis report came from %s.", source_text, url);
  const char *sections[WD_SECTION_N_KINDS] = {
    summary,
    "Faster turnarounds matter more than raw volume.",
    "We covered the cranes before [[brief:1]].",
    "Watch whether the second terminal keeps to its 2028 date.",
  };
  const struct {
    const char    *name;
    WdMentionKind  kind;
  } mentions[] = {
    { "Port authority", WD_MENTION_ORGANIZATION },
    { "Anna Lindqvist", WD_MENTION_PERSON },
    { "Shipping", WD_MENTION_TOPIC },
  };
  gint64 id = wd_test_add_source (store, "Port traffic rises", url, publisher, text);

  wd_store_set_headline (store, id, headline, &error);
  g_assert_no_error (error);
  for (int k = 0; k < WD_SECTION_N_KINDS; k++)
    {
      WdRevisionInfo info = WD_REVISION_INFO_EDITOR;

      if (sections[k] == NULL)
        continue;
      wd_store_add_revision (store, id, k, sections[k], &info, &error);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (mentions); i++)
    {
      g_autoptr(WdMention) mention = wd_store_ensure_mention (store, mentions[i].name,
                                                              mentions[i].kind, &error);

      g_assert_no_error (error);
      wd_store_attach_mention (store, id, wd_mention_get_id (mention), WD_ORIGIN_EDITOR,
                               &error);
      g_assert_no_error (error);
    }
  return id;
}

static WdBrief *
load_brief (WdStore *store,
            gint64   id)
{
  g_autoptr(GError) error = NULL;
  WdBrief *brief = wd_store_load_brief (store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (brief);
  return brief;
}

static WdRenderOptions *
new_options (WdStore  *store,
             WdConfig *config)
{
  g_autoptr(GError) error = NULL;
  WdRenderOptions *options = wd_render_options_new (store, config, &error);

  g_assert_no_error (error);
  g_assert_nonnull (options);
  return options;
}

static char *
render (WdBrief               *brief,
        WdRenderFormat         format,
        const WdRenderOptions *options,
        const WdRenderMeta    *meta)
{
  g_autoptr(GError) error = NULL;
  char *out = wd_render_brief (brief, format, options, meta, &error);

  g_assert_no_error (error);
  g_assert_nonnull (out);
  g_assert_true (g_utf8_validate (out, -1, NULL));
  return out;
}

static WdConfig *
config_from_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = wd_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "wiredesk.conf", NULL);
  WdConfig *config;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  config = wd_config_load (path, &error);
  g_assert_no_error (error);
  return config;
}

static JsonObject *
parse_object (JsonParser *parser,
              const char *json)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_format_names (void)
{
  WdRenderFormat format = WD_RENDER_HTML;

  g_assert_true (wd_render_format_from_string ("markdown", &format));
  g_assert_cmpint (format, ==, WD_RENDER_MARKDOWN);
  g_assert_true (wd_render_format_from_string ("jsonld", &format));
  g_assert_cmpint (format, ==, WD_RENDER_JSONLD);
  g_assert_true (wd_render_format_from_string ("ninjs", &format));
  g_assert_cmpint (format, ==, WD_RENDER_NINJS);
  g_assert_true (wd_render_format_from_string ("html", &format));
  g_assert_cmpint (format, ==, WD_RENDER_HTML);
  g_assert_false (wd_render_format_from_string ("xml", &format));
  g_assert_false (wd_render_format_from_string ("HTML", &format));
  g_assert_false (wd_render_format_from_string (NULL, &format));
}

static void
test_html_escapes_markup (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  gint64 id = add_brief (store, SOURCE_URL, "Port News", "Port traffic up 12 percent",
                         hostile_summary);
  g_autoptr(WdBrief) brief = load_brief (store, id);
  g_autoptr(WdRenderOptions) options = new_options (store, NULL);
  g_autofree char *html = render (brief, WD_RENDER_HTML, options, NULL);

  g_test_message ("%s", html);

  /* Nothing from a section becomes markup that runs or loads... */
  g_assert_null (strstr (html, "<script"));
  g_assert_null (strstr (html, "<img"));
  g_assert_null (strstr (html, "javascript:"));
  /* ...but a reader sees what was written. */
  g_assert_nonnull (strstr (html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  g_assert_nonnull (strstr (html, "&lt;img src=x onerror=alert(2)&gt;"));
  g_assert_nonnull (strstr (html, "a trap."));

  /* Sections under their headings, Markdown rendered; the empty headline
   * of the body is the target's title, not part of it. */
  g_assert_null (strstr (html, "Port traffic up 12 percent"));
  g_assert_true (g_str_has_prefix (html, "<h2>Summary</h2>\n<p>Container traffic"));
  g_assert_nonnull (strstr (html, "<strong>port</strong>"));
  g_assert_nonnull (strstr (html, "<ul>\n<li>first point</li>\n<li>second point</li>\n</ul>"));
  g_assert_nonnull (strstr (html, "<h3>Inner heading</h3>"));
  g_assert_nonnull (strstr (html, "<h2>Analyst take</h2>\n<p>Faster turnarounds"));
  g_assert_nonnull (strstr (html, "<h2>Context</h2>\n<p>We covered the cranes before "
                                  "[brief 1].</p>"));
  g_assert_nonnull (strstr (html, "<h2>What to watch</h2>"));
  g_assert_true (strstr (html, "<h2>Summary</h2>") < strstr (html, "<h2>Analyst take</h2>"));
  g_assert_true (strstr (html, "<h2>Context</h2>") < strstr (html, "<h2>What to watch</h2>"));

  /* The footer: attribution linking the original, disclosure, byline. */
  g_assert_nonnull (strstr (html, "<footer class=\"wd-brief-footer\">"));
  g_assert_nonnull (strstr (html, "We summarize, we don't republish: the full article from "
                                  "Port News is on <a href=\"" SOURCE_URL "\">"
                                  "port.example.com</a>."));
  g_assert_nonnull (strstr (html, "Wiredesk drafts its briefs with the help of AI"));
  g_assert_nonnull (strstr (html, "<p>By The editors.</p>"));
  g_assert_true (strstr (html, "<h2>What to watch</h2>") < strstr (html, "<footer"));
}

static void
test_empty_sections_left_out (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  g_autoptr(GError) error = NULL;
  gint64 id = add_brief (store, SOURCE_URL, "Port News", "Port traffic up", "Traffic rose.");
  g_autoptr(WdBrief) brief = NULL;
  g_autoptr(WdRenderOptions) options = new_options (store, NULL);
  g_autofree char *html = NULL;
  WdRevisionInfo info = WD_REVISION_INFO_EDITOR;

  wd_store_add_revision (store, id, WD_SECTION_CONTEXT, "  \n", &info, &error);
  g_assert_no_error (error);
  brief = load_brief (store, id);
  html = render (brief, WD_RENDER_HTML, options, NULL);
  g_assert_null (strstr (html, "<h2>Context</h2>"));
  g_assert_nonnull (strstr (html, "<h2>Summary</h2>"));
  g_assert_nonnull (strstr (html, "<h2>What to watch</h2>"));
}

static void
test_footer_template_edited (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  g_autoptr(GError) error = NULL;
  gint64 id = add_brief (store, "https://evil.example.org/story", "<b>Evil</b> & [Co](x)",
                         "Port traffic up", "Traffic rose by a lot.");
  g_autoptr(WdBrief) brief = load_brief (store, id);
  g_autoptr(WdConfig) config = config_from_text ("[site]\n"
                                                 "name=Harbour Brief\n"
                                                 "url=https://brief.example.net\n"
                                                 "team=Harbour Desk\n");
  g_autoptr(WdRenderOptions) before = new_options (store, config);
  g_autoptr(WdRenderOptions) after = NULL;
  g_autofree char *old_html = NULL;
  g_autofree char *new_html = NULL;
  g_autofree char *saved = NULL;
  int version = 0;

  /* Nothing saved: the shipped templates, and rendering saves none. */
  old_html = render (brief, WD_RENDER_HTML, before, NULL);
  g_assert_nonnull (strstr (old_html, "we don't republish"));
  g_assert_nonnull (strstr (old_html, "Harbour Brief drafts its briefs"));
  g_assert_nonnull (strstr (old_html, "<p>By Harbour Desk.</p>"));
  saved = wd_store_get_template (store, "footer_attribution", 0, &version, &error);
  g_assert_no_error (error);
  g_assert_null (saved);

  wd_store_save_template (store, "footer_attribution",
                          "Original: [{{source_title}} by {{publisher}}]({{source_url}}) "
                          "on {{site_name}} ({{site_url}}); {{nonsense}}.",
                          &version, &error);
  g_assert_no_error (error);
  g_assert_cmpint (version, ==, 1);
  wd_store_save_template (store, "footer_byline", "Written by *{{team}}*.", &version, &error);
  g_assert_no_error (error);

  /* Options are read once: the old ones keep the old footer. */
  g_clear_pointer (&old_html, g_free);
  old_html = render (brief, WD_RENDER_HTML, before, NULL);
  g_assert_nonnull (strstr (old_html, "we don't republish"));

  after = new_options (store, config);
  new_html = render (brief, WD_RENDER_HTML, after, NULL);
  g_test_message ("%s", new_html);
  g_assert_null (strstr (new_html, "we don't republish"));
  /* The publisher's name is text, escaped, inside the link. */
  g_assert_nonnull (strstr (new_html, "<p>Original: <a href=\"https://evil.example.org/story\">"
                                      "Port traffic rises by &lt;b&gt;Evil&lt;/b&gt; &amp; "
                                      "[Co](x)</a> on Harbour Brief "
                                      "(https://brief.example.net); {{nonsense}}.</p>"));
  g_assert_null (strstr (new_html, "<b>"));
  g_assert_nonnull (strstr (new_html, "<p>Written by <em>Harbour Desk</em>.</p>"));
  /* The disclosure was not edited: still the shipped one. */
  g_assert_nonnull (strstr (new_html, "Harbour Brief drafts its briefs with the help of AI"));
}

static void
test_jsonld (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  gint64 id = add_brief (store, SOURCE_URL, "Port News", "Port traffic up 12 percent",
                         "Container traffic rose 12 percent. Cranes helped.");
  g_autoptr(WdBrief) brief = load_brief (store, id);
  g_autoptr(WdConfig) config = config_from_text ("[site]\n"
                                                 "name=Harbour Brief\n"
                                                 "url=https://brief.example.net\n"
                                                 "team=Harbour Desk\n");
  g_autoptr(WdRenderOptions) options = new_options (store, config);
  g_autoptr(GDateTime) published = g_date_time_new_utc (2024, 5, 1, 9, 30, 0);
  g_autoptr(GDateTime) modified = g_date_time_new_utc (2024, 5, 2, 8, 0, 0);
  WdRenderMeta meta = { "https://brief.example.net/port-traffic", published, modified, NULL };
  g_autofree char *json = render (brief, WD_RENDER_JSONLD, options, &meta);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = parse_object (parser, json);
  JsonObject *author, *publisher, *thing;
  JsonArray *mentions, *about;
  gboolean saw_organization = FALSE, saw_person = FALSE;

  g_test_message ("%s", json);
  g_assert_cmpstr (json_object_get_string_member (root, "@context"), ==, "https://schema.org");
  g_assert_cmpstr (json_object_get_string_member (root, "@type"), ==, "NewsArticle");
  g_assert_cmpstr (json_object_get_string_member (root, "headline"), ==,
                   "Port traffic up 12 percent");
  g_assert_cmpstr (json_object_get_string_member (root, "isBasedOn"), ==, SOURCE_URL);
  g_assert_cmpstr (json_object_get_string_member (root, "datePublished"), ==,
                   "2024-05-01T09:30:00Z");
  g_assert_cmpstr (json_object_get_string_member (root, "dateModified"), ==,
                   "2024-05-02T08:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (root, "url"), ==,
                   "https://brief.example.net/port-traffic");
  g_assert_cmpstr (json_object_get_string_member (root, "inLanguage"), ==, "en");
  g_assert_cmpstr (json_object_get_string_member (root, "description"), ==,
                   "Container traffic rose 12 percent. Cranes helped.");

  author = json_object_get_object_member (root, "author");
  g_assert_cmpstr (json_object_get_string_member (author, "@type"), ==, "Organization");
  g_assert_cmpstr (json_object_get_string_member (author, "name"), ==, "Harbour Desk");
  publisher = json_object_get_object_member (root, "publisher");
  g_assert_cmpstr (json_object_get_string_member (publisher, "@type"), ==, "Organization");
  g_assert_cmpstr (json_object_get_string_member (publisher, "name"), ==, "Harbour Brief");
  g_assert_cmpstr (json_object_get_string_member (publisher, "url"), ==,
                   "https://brief.example.net");

  mentions = json_object_get_array_member (root, "mentions");
  g_assert_cmpuint (json_array_get_length (mentions), ==, 2);
  for (guint i = 0; i < json_array_get_length (mentions); i++)
    {
      const char *name, *type;

      thing = json_array_get_object_element (mentions, i);
      name = json_object_get_string_member (thing, "name");
      type = json_object_get_string_member (thing, "@type");
      if (g_str_equal (name, "Port authority"))
        saw_organization = g_str_equal (type, "Organization");
      else if (g_str_equal (name, "Anna Lindqvist"))
        saw_person = g_str_equal (type, "Person");
    }
  g_assert_true (saw_organization);
  g_assert_true (saw_person);
  about = json_object_get_array_member (root, "about");
  g_assert_cmpuint (json_array_get_length (about), ==, 1);
  thing = json_array_get_object_element (about, 0);
  g_assert_cmpstr (json_object_get_string_member (thing, "@type"), ==, "Thing");
  g_assert_cmpstr (json_object_get_string_member (thing, "name"), ==, "Shipping");
}

static void
test_jsonld_dates_default (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  gint64 id = add_brief (store, SOURCE_URL, "Port News", "Port traffic up", "Traffic rose.");
  g_autoptr(WdBrief) brief = load_brief (store, id);
  g_autoptr(WdRenderOptions) options = new_options (store, NULL);
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autofree char *json = render (brief, WD_RENDER_JSONLD, options, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = parse_object (parser, json);
  g_autoptr(GDateTime) published = NULL;
  g_autoptr(GDateTime) modified = NULL;

  /* Not yet published: now; never modified before it was published. */
  published = g_date_time_new_from_iso8601 (json_object_get_string_member (root,
                                                                           "datePublished"),
                                            NULL);
  modified = g_date_time_new_from_iso8601 (json_object_get_string_member (root,
                                                                          "dateModified"),
                                           NULL);
  g_assert_nonnull (published);
  g_assert_nonnull (modified);
  g_assert_cmpint (g_date_time_to_unix (published), >=, g_date_time_to_unix (before));
  g_assert_cmpint (g_date_time_compare (modified, published), >=, 0);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (root, "datePublished"),
                                   "Z"));
  /* Unknown: no url, and the site's defaults. */
  g_assert_false (json_object_has_member (root, "url"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root,
                                                                                 "publisher"),
                                                  "name"), ==, "Wiredesk");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root,
                                                                                 "author"),
                                                  "name"), ==, "The editors");
}

static const char *
first_value (JsonObject *root,
             const char *member,
             const char *key)
{
  JsonArray *array = json_object_get_array_member (root, member);

  g_assert_nonnull (array);
  g_assert_cmpuint (json_array_get_length (array), >=, 1);
  return json_object_get_string_member (json_array_get_object_element (array, 0), key);
}

static void
test_ninjs (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  g_autoptr(GError) error = NULL;
  gint64 id = add_brief (store, SOURCE_URL, "Port News", "Port traffic up 12 percent",
                         "Container traffic rose 12 percent.");
  g_autoptr(WdBrief) brief = load_brief (store, id);
  g_autoptr(WdBrief) withdrawn = NULL;
  g_autoptr(WdRenderOptions) options = new_options (store, NULL);
  g_autofree char *json = render (brief, WD_RENDER_NINJS, options, NULL);
  g_autofree char *urn = g_strdup_printf ("urn:uuid:%s", wd_brief_get_uuid (brief));
  g_autofree char *public_json = NULL;
  g_autofree char *withdrawn_json = NULL;
  g_autofree char *link_only_json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = parse_object (parser, json);
  WdPolicy link_only = { (char *) "port.example.com", WD_POLICY_LINK_ONLY, -1, NULL, 1, -1, -1 };
  WdRenderMeta meta = { "https://brief.example.net/p", NULL, NULL, NULL };

  g_test_message ("%s", json);
  g_assert_cmpstr (json_object_get_string_member (root, "uri"), ==, urn);
  g_assert_cmpstr (json_object_get_string_member (root, "type"), ==, "text");
  g_assert_cmpstr (json_object_get_string_member (root, "pubstatus"), ==, "usable");
  g_assert_cmpstr (json_object_get_string_member (root, "language"), ==, "en");
  g_assert_true (json_object_has_member (root, "version"));
  g_assert_true (json_object_has_member (root, "firstcreated"));
  g_assert_true (json_object_has_member (root, "versioncreated"));
  g_assert_cmpstr (first_value (root, "headlines", "role"), ==, "main");
  g_assert_cmpstr (first_value (root, "headlines", "contenttype"), ==, "text/plain");
  g_assert_cmpstr (first_value (root, "headlines", "value"), ==, "Port traffic up 12 percent");
  g_assert_cmpstr (first_value (root, "bodies", "contenttype"), ==, "text/html");
  g_assert_true (g_str_has_prefix (first_value (root, "bodies", "value"),
                                   "<h2>Summary</h2>\n<p>Container traffic rose"));
  g_assert_nonnull (strstr (first_value (root, "bodies", "value"), "<footer"));
  g_assert_cmpstr (first_value (root, "descriptions", "value"), ==,
                   "Container traffic rose 12 percent.");
  g_assert_cmpstr (json_object_get_string_member (root, "by"), ==, "The editors");
  g_assert_cmpstr (first_value (root, "infosources", "name"), ==, "Port News");
  g_assert_cmpstr (first_value (root, "infosources", "uri"), ==, SOURCE_URL);
  g_assert_cmpstr (first_value (root, "organisations", "name"), ==, "Port authority");
  g_assert_cmpstr (first_value (root, "people", "name"), ==, "Anna Lindqvist");
  g_assert_cmpstr (first_value (root, "subjects", "name"), ==, "Shipping");
  g_assert_false (json_object_has_member (root, "places"));
  g_assert_nonnull (strstr (json_object_get_string_member (root, "usageterms"),
                            "at most 25 words"));

  /* Published: its address is its uri. */
  public_json = render (brief, WD_RENDER_NINJS, options, &meta);
  root = parse_object (parser, public_json);
  g_assert_cmpstr (json_object_get_string_member (root, "uri"), ==,
                   "https://brief.example.net/p");

  /* A link-only publisher: no summary in the body, and the terms say why. */
  meta.policy = &link_only;
  link_only_json = render (brief, WD_RENDER_NINJS, options, &meta);
  root = parse_object (parser, link_only_json);
  g_assert_null (strstr (first_value (root, "bodies", "value"), "Container traffic"));
  g_assert_nonnull (strstr (first_value (root, "bodies", "value"), "<h2>Analyst take</h2>"));
  g_assert_nonnull (strstr (json_object_get_string_member (root, "usageterms"), "link"));

  wd_store_set_status (store, id, WD_BRIEF_STATUS_WITHDRAWN, &error);
  g_assert_no_error (error);
  withdrawn = load_brief (store, id);
  withdrawn_json = render (withdrawn, WD_RENDER_NINJS, options, NULL);
  root = parse_object (parser, withdrawn_json);
  g_assert_cmpstr (json_object_get_string_member (root, "pubstatus"), ==, "canceled");
}

/* The value of "@key: " in the YAML between the first two "---" lines, as
 * a JSON parser reads the double-quoted scalar. */
static char *
front_matter_string (const char *markdown,
                     const char *key)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = g_strsplit (markdown, "\n", -1);
  g_autofree char *prefix = g_strdup_printf ("%s: ", key);

  g_assert_cmpstr (lines[0], ==, "---");
  for (guint i = 1; lines[i] != NULL && !g_str_equal (lines[i], "---"); i++)
    if (g_str_has_prefix (lines[i], prefix))
      {
        json_parser_load_from_data (parser, lines[i] + strlen (prefix), -1, &error);
        g_assert_no_error (error);
        return g_strdup (json_node_get_string (json_parser_get_root (parser)));
      }
  return NULL;
}

static void
test_markdown (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  const char *headline = "Port: \"traffic\" up 12% \\ # [new] record\u2028";
  gint64 id = add_brief (store, SOURCE_URL, "Port \"News\"", headline, hostile_summary);
  g_autoptr(WdBrief) brief = load_brief (store, id);
  g_autoptr(WdRenderOptions) options = new_options (store, NULL);
  g_autoptr(GDateTime) published = g_date_time_new_utc (2024, 5, 1, 9, 30, 0);
  g_autoptr(GDateTime) modified = g_date_time_new_utc (2024, 5, 3, 10, 0, 0);
  WdRenderMeta meta = { NULL, published, modified, NULL };
  g_autofree char *markdown = render (brief, WD_RENDER_MARKDOWN, options, &meta);
  g_autofree char *title = front_matter_string (markdown, "title");
  g_autofree char *slug = front_matter_string (markdown, "slug");
  g_autofree char *description = front_matter_string (markdown, "description");
  g_autofree char *expected_slug = wd_render_slug (brief);
  const char *end;

  g_test_message ("%s", markdown);
  g_assert_true (g_str_has_prefix (markdown, "---\ntitle: \""));
  end = strstr (markdown + 4, "\n---\n");
  g_assert_nonnull (end);
  /* Each front matter line is one key; nothing broke a line. */
  g_assert_cmpstr (title, ==, wd_brief_get_headline (brief));
  g_assert_nonnull (strstr (title, "Port: \"traffic\" up 12% \\ # [new] record"));
  g_assert_cmpstr (slug, ==, expected_slug);
  /* The opening prose only: the raw HTML after it ends the excerpt. */
  g_assert_cmpstr (description, ==, "Container traffic at the port rose 12 percent in the "
                                    "third quarter, to 410,000 boxes. New cranes cut waiting "
                                    "times.");
  g_assert_nonnull (strstr (markdown, "\ndate: 2024-05-01T09:30:00Z\n"));
  g_assert_nonnull (strstr (markdown, "\nlastmod: 2024-05-03T10:00:00Z\n"));
  g_assert_nonnull (strstr (markdown, "\ntags:\n  - \""));
  g_assert_nonnull (strstr (markdown, "\n  - \"Port authority\"\n"));
  g_assert_nonnull (strstr (markdown, "\n  - \"Anna Lindqvist\"\n"));
  g_assert_nonnull (strstr (markdown, "\nsource:\n  url: \"" SOURCE_URL "\"\n"
                                      "  publisher: \"Port \\\"News\\\"\"\n"));

  /* The body: sections under "##", raw HTML escaped, no unsafe link. */
  g_assert_nonnull (strstr (end, "\n## Summary\n\nContainer traffic at the **port** rose"));
  g_assert_nonnull (strstr (end, "\n## Analyst take\n"));
  g_assert_nonnull (strstr (end, "\\<script\\>alert(1)\\</script\\>"));
  /* Every "<" is escaped: no raw HTML for a generator to pass through. */
  for (const char *p = strchr (end, '<'); p != NULL; p = strchr (p + 1, '<'))
    g_assert_cmpint (p[-1], ==, '\\');
  g_assert_null (strstr (end, "javascript:"));
  g_assert_nonnull (strstr (end, "### Inner heading"));
  g_assert_nonnull (strstr (end, "\\[brief 1\\]"));
  /* The footer, as Markdown. */
  g_assert_nonnull (strstr (end, "[port.example.com](" SOURCE_URL ")"));
  g_assert_nonnull (strstr (end, "By The editors."));
}

static gboolean
is_slug (const char *slug)
{
  for (const char *p = slug; *p != '\0'; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
      return FALSE;
  return *slug != '\0' && slug[0] != '-' && !g_str_has_suffix (slug, "-");
}

static void
test_slug (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  gint64 accents = add_brief (store, "https://a.example.com/1", "A",
                              "Zürich café “opens” — naïve Ærø plan", "One.");
  gint64 twin = add_brief (store, "https://a.example.com/2", "A",
                           "Zürich café “opens” — naïve Ærø plan", "Two.");
  gint64 cjk = add_brief (store, "https://a.example.com/3", "A", "东京港集装箱吞吐量创新高",
                          "Three.");
  gint64 mixed = add_brief (store, "https://a.example.com/4", "A", "东京 2024 Olympics",
                            "Four.");
  gint64 long_id = add_brief (store, "https://a.example.com/5", "A",
                              "A very long headline about the harbour authority and its "
                              "container terminal expansion plans for the coming decade",
                              "Five.");
  g_autoptr(WdBrief) a = load_brief (store, accents);
  g_autoptr(WdBrief) b = load_brief (store, twin);
  g_autoptr(WdBrief) c = load_brief (store, cjk);
  g_autoptr(WdBrief) m = load_brief (store, mixed);
  g_autoptr(WdBrief) l = load_brief (store, long_id);
  g_autofree char *slug_a = wd_render_slug (a);
  g_autofree char *slug_b = wd_render_slug (b);
  g_autofree char *slug_c = wd_render_slug (c);
  g_autofree char *slug_m = wd_render_slug (m);
  g_autofree char *slug_l = wd_render_slug (l);
  g_autofree char *suffix_a = g_ascii_strdown (wd_brief_get_uuid (a), 8);
  g_autofree char *suffix_c = g_ascii_strdown (wd_brief_get_uuid (c), 8);
  g_autofree char *expected_a = g_strdup_printf ("zurich-cafe-opens-naive-aeroe-plan-%s",
                                                 suffix_a);
  g_autofree char *expected_c = g_strdup_printf ("brief-%s", suffix_c);
  const char *slugs[] = { slug_a, slug_b, slug_c, slug_m, slug_l };

  g_assert_cmpstr (slug_a, ==, expected_a);
  g_assert_cmpstr (slug_a, !=, slug_b);
  g_assert_cmpstr (slug_c, ==, expected_c);
  g_assert_true (g_str_has_prefix (slug_m, "2024-olympics-"));
  for (guint i = 0; i < G_N_ELEMENTS (slugs); i++)
    {
      g_test_message ("%s", slugs[i]);
      g_assert_true (is_slug (slugs[i]));
      g_assert_cmpuint (strlen (slugs[i]), <=, 60 + 1 + 8);
    }
  /* Cut between words, not inside one. */
  g_assert_true (g_str_has_prefix (slug_l, "a-very-long-headline-about-the-harbour-"
                                           "authority-and-its-"));
  g_assert_cmpuint (strlen (slug_l), ==, strlen ("a-very-long-headline-about-the-harbour-"
                                                 "authority-and-its") + 9);
}

static void
test_excerpt (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  gint64 short_id = add_brief (store, "https://b.example.com/1", "B", "Short",
                               "**Container traffic** rose 12 percent [[brief:3]]. The "
                               "<em>cranes</em> helped a [lot](https://x.example.com).\n\n"
                               "Dr. Lindqvist said waiting times fell from two days to nine "
                               "hours. The authority will spend 85 million euros on a second "
                               "terminal by 2028, it said in a statement on Monday morning.");
  GString *long_text = g_string_new (NULL);
  g_autofree char *long_summary = NULL;
  gint64 long_id, empty_id;
  g_autoptr(WdBrief) brief = NULL;
  g_autoptr(WdBrief) long_brief = NULL;
  g_autoptr(WdBrief) empty_brief = NULL;
  g_autofree char *excerpt = NULL;
  g_autofree char *long_excerpt = NULL;
  g_autofree char *empty_excerpt = NULL;

  for (int i = 0; i < 40; i++)
    g_string_append (long_text, "word ");
  g_string_append (long_text, "end. Next sentence.");
  long_summary = g_string_free (long_text, FALSE);
  long_id = add_brief (store, "https://b.example.com/2", "B", "Long", long_summary);
  empty_id = add_brief (store, "https://b.example.com/3", "B", "Empty", NULL);

  brief = load_brief (store, short_id);
  excerpt = wd_render_excerpt (brief);
  g_test_message ("%s", excerpt);
  /* Whole sentences while they fit: the fourth would not. */
  g_assert_cmpstr (excerpt, ==, "Container traffic rose 12 percent. The cranes helped a lot. "
                                "Dr. Lindqvist said waiting times fell from two days to nine "
                                "hours.");

  long_brief = load_brief (store, long_id);
  long_excerpt = wd_render_excerpt (long_brief);
  g_test_message ("%s", long_excerpt);
  g_assert_cmpint (g_utf8_strlen (long_excerpt, -1), <=, 200);
  g_assert_cmpint (g_utf8_strlen (long_excerpt, -1), >=, 150);
  g_assert_true (g_str_has_suffix (long_excerpt, "word…"));

  /* No summary: the next written section. */
  empty_brief = load_brief (store, empty_id);
  empty_excerpt = wd_render_excerpt (empty_brief);
  g_assert_cmpstr (empty_excerpt, ==, "Faster turnarounds matter more than raw volume.");
}

static void
test_page (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  g_autoptr(GError) error = NULL;
  gint64 id = add_brief (store, SOURCE_URL, "Port News", "Port </script> traffic & more",
                         hostile_summary);
  g_autoptr(WdBrief) brief = load_brief (store, id);
  g_autoptr(WdRenderOptions) options = new_options (store, NULL);
  g_autofree char *page = wd_render_page (brief, options, NULL, &error);
  const char *script, *script_end;

  g_assert_no_error (error);
  g_test_message ("%s", page);
  g_assert_true (g_str_has_prefix (page, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>"));
  /* The shipped style, inline, light and dark. */
  g_assert_nonnull (strstr (page, "<style>\n"));
  g_assert_nonnull (strstr (page, "prefers-color-scheme: dark"));
  g_assert_nonnull (strstr (page, "<h1>Port &lt;/script&gt; traffic &amp; more</h1>"));
  g_assert_nonnull (strstr (page, "<article class=\"wd-brief\">"));
  g_assert_nonnull (strstr (page, "<h2>Summary</h2>"));

  /* One script element: the JSON-LD, which the headline cannot end. */
  script = strstr (page, "<script type=\"application/ld+json\">");
  g_assert_nonnull (script);
  script_end = strstr (script, "</script>");
  g_assert_nonnull (script_end);
  g_assert_null (strstr (script_end + 1, "<script"));
  g_assert_null (strstr (page, "alert(1)</script>"));
  {
    g_autofree char *json = g_strndup (script + strlen ("<script type=\"application/ld+json\">"),
                                       script_end - script -
                                       strlen ("<script type=\"application/ld+json\">"));
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *root = parse_object (parser, json);

    g_assert_cmpstr (json_object_get_string_member (root, "headline"), ==,
                     "Port </script> traffic & more");
  }
}

static void
test_site_config (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WdConfig) bad_url = config_from_text ("[site]\nurl=ftp://brief.example.net\n");
  g_autoptr(WdConfig) missing_css = config_from_text ("[site]\ntemplate=nowhere.css\n");
  g_autoptr(WdConfig) custom = NULL;
  g_autoptr(WdRenderOptions) options = NULL;
  g_autoptr(WdBrief) brief = NULL;
  g_autofree char *dir = wd_test_make_tmpdir ();
  g_autofree char *css_path = g_build_filename (dir, "mine.css", NULL);
  g_autofree char *config_text = NULL;
  g_autofree char *page = NULL;
  gint64 id;

  options = wd_render_options_new (store, bad_url, &error);
  g_assert_error (error, WD_RENDER_ERROR, WD_RENDER_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "ftp://brief.example.net"));
  g_assert_null (options);
  g_clear_error (&error);

  options = wd_render_options_new (store, missing_css, &error);
  g_assert_error (error, WD_RENDER_ERROR, WD_RENDER_ERROR_STYLESHEET);
  g_assert_nonnull (strstr (error->message, "nowhere.css"));
  g_assert_null (options);
  g_clear_error (&error);

  g_file_set_contents (css_path, "body { color: teal; } /* </style><script>x</script> */",
                       -1, &error);
  g_assert_no_error (error);
  config_text = g_strdup_printf ("[site]\nname=Harbour Brief\nlanguage=en-GB\ntemplate=%s\n",
                                 css_path);
  custom = config_from_text (config_text);
  options = new_options (store, custom);
  id = add_brief (store, SOURCE_URL, "Port News", "Port traffic up", "Traffic rose.");
  brief = load_brief (store, id);
  page = wd_render_page (brief, options, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (page, "body { color: teal; }"));
  g_assert_null (strstr (page, "prefers-color-scheme"));
  /* The stylesheet cannot end its element either. */
  g_assert_null (strstr (page, "</style><script>"));
  g_assert_nonnull (strstr (page, "<title>Port traffic up — Harbour Brief</title>"));
}

typedef struct {
  WdBrief               *brief;
  const WdRenderOptions *options;
  char                  *results[4];
} ThreadData;

static gpointer
render_in_thread (gpointer user_data)
{
  ThreadData *data = user_data;
  g_autoptr(GDateTime) published = g_date_time_new_utc (2024, 5, 1, 9, 30, 0);
  WdRenderMeta meta = { NULL, published, NULL, NULL };

  for (int f = 0; f < 4; f++)
    data->results[f] = wd_render_brief (data->brief, f, data->options, &meta, NULL);
  return NULL;
}

static void
test_threads (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  gint64 id = add_brief (store, SOURCE_URL, "Port News", "Port traffic up", hostile_summary);
  g_autoptr(WdBrief) brief = load_brief (store, id);
  g_autoptr(WdRenderOptions) options = new_options (store, NULL);
  ThreadData data[4];
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      data[i] = (ThreadData) { brief, options, { NULL, } };
      threads[i] = g_thread_new ("render", render_in_thread, &data[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    for (int f = 0; f < 4; f++)
      {
        g_assert_nonnull (data[i].results[f]);
        /* The ninjs version and JSON-LD dates are fixed here, so all agree. */
        g_assert_cmpstr (data[i].results[f], ==, data[0].results[f]);
      }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    for (int f = 0; f < 4; f++)
      g_free (data[i].results[f]);
}

/* wiredesk-cli render, run as a user would */


static gboolean
is_one_line (const char *text)
{
  const char *newline = strchr (text, '\n');

  return newline != NULL && newline[1] == '\0';
}

static void
test_cli_render (void)
{
  g_autofree char *db = NULL;
  g_autoptr(WdStore) store = wd_test_open_store (&db);
  g_autoptr(GError) error = NULL;
  gint64 id = add_brief (store, SOURCE_URL, "Port News", "Port traffic up 12 percent",
                         hostile_summary);
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_auto(WdTestCli) html = { 0, };
  g_auto(WdTestCli) page = { 0, };
  g_auto(WdTestCli) markdown = { 0, };
  g_auto(WdTestCli) jsonld = { 0, };
  g_auto(WdTestCli) ninjs = { 0, };
  g_auto(WdTestCli) bad_format = { 0, };
  g_auto(WdTestCli) missing = { 0, };
  g_auto(WdTestCli) not_number = { 0, };
  g_auto(WdTestCli) unknown = { 0, };
  g_auto(WdTestCli) page_markdown = { 0, };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *template = NULL;
  JsonObject *root;

  wd_test_cli (&html, db, "render", id_text);
  g_assert_cmpint (html.status, ==, 0);
  g_assert_cmpstr (html.err, ==, "");
  g_assert_true (g_str_has_prefix (html.out, "<h2>Summary</h2>"));
  g_assert_nonnull (strstr (html.out, "&lt;script&gt;"));
  g_assert_null (strstr (html.out, "<script"));
  g_assert_nonnull (strstr (html.out, "<a href=\"" SOURCE_URL "\">"));

  wd_test_cli (&page, db, "render", id_text, "--page");
  g_assert_cmpint (page.status, ==, 0);
  g_assert_true (g_str_has_prefix (page.out, "<!DOCTYPE html>"));
  g_assert_nonnull (strstr (page.out, "<h1>Port traffic up 12 percent</h1>"));

  wd_test_cli (&markdown, db, "render", id_text, "--format", "markdown");
  g_assert_cmpint (markdown.status, ==, 0);
  g_assert_true (g_str_has_prefix (markdown.out, "---\ntitle: \"Port traffic up 12 percent\"\n"));

  wd_test_cli (&jsonld, db, "render", id_text, "--format=jsonld");
  g_assert_cmpint (jsonld.status, ==, 0);
  root = parse_object (parser, jsonld.out);
  g_assert_cmpstr (json_object_get_string_member (root, "@type"), ==, "NewsArticle");
  g_assert_cmpstr (json_object_get_string_member (root, "isBasedOn"), ==, SOURCE_URL);

  wd_test_cli (&ninjs, db, "render", id_text, "-f", "ninjs", "--url", "https://b.example.net/x");
  g_assert_cmpint (ninjs.status, ==, 0);
  root = parse_object (parser, ninjs.out);
  g_assert_cmpstr (json_object_get_string_member (root, "uri"), ==, "https://b.example.net/x");
  g_assert_cmpstr (json_object_get_string_member (root, "pubstatus"), ==, "usable");

  /* Usage errors: 2, one line on stderr, nothing on stdout. */
  wd_test_cli (&bad_format, db, "render", id_text, "--format", "xml");
  g_assert_cmpint (bad_format.status, ==, 2);
  g_assert_cmpstr (bad_format.out, ==, "");
  g_assert_true (is_one_line (bad_format.err));
  g_assert_nonnull (strstr (bad_format.err, "xml"));
  wd_test_cli (&page_markdown, db, "render", id_text, "--page", "--format", "markdown");
  g_assert_cmpint (page_markdown.status, ==, 2);
  wd_test_cli (&missing, db, "render");
  g_assert_cmpint (missing.status, ==, 2);
  wd_test_cli (&not_number, db, "render", "abc");
  g_assert_cmpint (not_number.status, ==, 2);

  /* Not found: 1. */
  wd_test_cli (&unknown, db, "render", "777");
  g_assert_cmpint (unknown.status, ==, 1);
  g_assert_cmpstr (unknown.out, ==, "");
  g_assert_true (is_one_line (unknown.err));
  g_assert_nonnull (strstr (unknown.err, "777"));

  /* Rendering wrote no template into the archive. */
  template = wd_store_get_template (store, "footer_attribution", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (template);
}

static void
test_cli_link_only_policy (void)
{
  g_autofree char *db = NULL;
  g_autoptr(WdStore) store = wd_test_open_store (&db);
  g_autoptr(GError) error = NULL;
  gint64 id = add_brief (store, SOURCE_URL, "Port News", "Port traffic up",
                         "Container traffic rose 12 percent.");
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_auto(WdTestCli) html = { 0, };

  wd_store_set_policy (store, "port.example.com", WD_POLICY_LINK_ONLY, -1, NULL, &error);
  g_assert_no_error (error);
  wd_test_cli (&html, db, "render", id_text);
  g_assert_cmpint (html.status, ==, 0);
  g_assert_null (strstr (html.out, "Container traffic"));
  g_assert_null (strstr (html.out, "<h2>Summary</h2>"));
  g_assert_nonnull (strstr (html.out, "<h2>Analyst take</h2>"));
  g_assert_nonnull (strstr (html.out, "<a href=\"" SOURCE_URL "\">"));
}

int
main (int    argc,
      char **argv)
{
  wd_test_init (&argc, &argv);

  g_test_add_func ("/render/format-names", test_format_names);
  g_test_add_func ("/render/html/escapes-markup", test_html_escapes_markup);
  g_test_add_func ("/render/html/empty-sections", test_empty_sections_left_out);
  g_test_add_func ("/render/footer/edited-template", test_footer_template_edited);
  g_test_add_func ("/render/jsonld", test_jsonld);
  g_test_add_func ("/render/jsonld/default-dates", test_jsonld_dates_default);
  g_test_add_func ("/render/ninjs", test_ninjs);
  g_test_add_func ("/render/markdown", test_markdown);
  g_test_add_func ("/render/slug", test_slug);
  g_test_add_func ("/render/excerpt", test_excerpt);
  g_test_add_func ("/render/page", test_page);
  g_test_add_func ("/render/site-config", test_site_config);
  g_test_add_func ("/render/threads", test_threads);
  g_test_add_func ("/render/cli", test_cli_render);
  g_test_add_func ("/render/cli/link-only", test_cli_link_only_policy);

  return g_test_run ();
}
