/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-render"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "wd-render-private.h"

/* The brief as data: a schema.org NewsArticle in JSON-LD for the page's
 * <head> and search engines, and an IPTC ninjs 2.1 object for news
 * systems. */

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_time (JsonBuilder *builder,
          const char  *name,
          GDateTime   *time)
{
  g_autofree char *text = wd_render_format_utc (time);

  add_string (builder, name, text);
}

static void
add_organization (JsonBuilder *builder,
                  const char  *member,
                  const char  *name,
                  const char  *url)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  add_string (builder, "@type", "Organization");
  add_string (builder, "name", name);
  add_string (builder, "url", url);
  json_builder_end_object (builder);
}

static const char *
schema_type (WdMentionKind kind)
{
  switch (kind)
    {
    case WD_MENTION_PUBLICATION:
      return "NewsMediaOrganization";
    case WD_MENTION_ORGANIZATION:
      return "Organization";
    case WD_MENTION_PERSON:
      return "Person";
    case WD_MENTION_PRODUCT:
      return "Product";
    case WD_MENTION_PLACE:
      return "Place";
    case WD_MENTION_TOPIC:
    default:
      return "Thing";
    }
}

/* The mentions whose kind is (@topics) or is not (!@topics) a topic, as
 * schema.org things, under @member; nothing when there are none. */
static void
add_things (JsonBuilder *builder,
            const char  *member,
            GListModel  *mentions,
            gboolean     topics)
{
  guint n = mentions != NULL ? g_list_model_get_n_items (mentions) : 0;
  gboolean begun = FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WdMention) mention = g_list_model_get_item (mentions, i);
      WdMentionKind kind = wd_mention_get_kind (mention);

      if ((kind == WD_MENTION_TOPIC) != topics)
        continue;
      if (!begun)
        {
          json_builder_set_member_name (builder, member);
          json_builder_begin_array (builder);
          begun = TRUE;
        }
      json_builder_begin_object (builder);
      add_string (builder, "@type", schema_type (kind));
      add_string (builder, "name", wd_mention_get_name (mention));
      json_builder_end_object (builder);
    }
  if (begun)
    json_builder_end_array (builder);
}

static char *
generate_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

char *
wd_render_jsonld (WdRenderState *state)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GListModel *mentions = wd_brief_get_mentions (state->brief);
  const WdRenderOptions *options = state->options;

  json_builder_begin_object (builder);
  add_string (builder, "@context", "https://schema.org");
  add_string (builder, "@type", "NewsArticle");
  add_string (builder, "headline", state->headline);
  add_string (builder, "description", wd_render_nonblank (state->excerpt));
  add_time (builder, "datePublished", state->published);
  add_time (builder, "dateModified", state->modified);
  add_string (builder, "inLanguage", state->language);
  add_string (builder, "url", state->public_url);
  add_string (builder, "identifier", state->uuid_urn);
  add_organization (builder, "author", options->team, options->site_url);
  add_organization (builder, "publisher", options->site_name, options->site_url);
  add_string (builder, "isBasedOn", state->source_url);
  add_things (builder, "about", mentions, TRUE);
  add_things (builder, "mentions", mentions, FALSE);
  json_builder_end_object (builder);

  return generate_json (builder);
}

/* What the publisher's policy allows, for ninjs usageterms. */
static char *
usage_terms (WdRenderState *state)
{
  const char *publisher = state->publisher != NULL ? state->publisher
                                                   : _("the original publisher");

  switch (state->policy)
    {
    case WD_POLICY_EXCLUDED:
      /* Translators: usage terms sent with a brief; %s is the source's publisher */
      return g_strdup_printf (_("The publisher of the original article, %s, has asked not "
                                "to be covered: do not use this item."), publisher);
    case WD_POLICY_LINK_ONLY:
      /* Translators: usage terms sent with a brief; %s is the source's publisher */
      return g_strdup_printf (_("The publisher of the original article, %s, allows a link "
                                "only: this item holds no summary of it; keep the link to "
                                "the original."), publisher);
    case WD_POLICY_SUMMARIZE:
    default:
      if (state->max_quote_words == 0)
        /* Translators: usage terms sent with a brief; %s is the source's publisher */
        return g_strdup_printf (_("A summary in our own words of an article by %s, quoting "
                                  "none of it; keep the link to the original."), publisher);
      /* Translators: usage terms sent with a brief; %s is the source's
       * publisher, %d the longest quotation allowed, in words */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "A summary in our own words of an article by %s, "
                                           "quoting at most %d word of it; keep the link to "
                                           "the original.",
                                           "A summary in our own words of an article by %s, "
                                           "quoting at most %d words of it; keep the link to "
                                           "the original.",
                                           state->max_quote_words),
                              publisher, state->max_quote_words);
    }
}

static void
add_value_array (JsonBuilder *builder,
                 const char  *member,
                 const char  *role,
                 const char  *content_type,
                 const char  *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string (builder, "role", role);
  add_string (builder, "contenttype", content_type);
  add_string (builder, "value", value);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
}

/* The ninjs array a mention kind goes to. */
static const char *
ninjs_member (WdMentionKind kind)
{
  switch (kind)
    {
    case WD_MENTION_PERSON:
      return "people";
    case WD_MENTION_PUBLICATION:
    case WD_MENTION_ORGANIZATION:
      return "organisations";
    case WD_MENTION_PLACE:
      return "places";
    case WD_MENTION_PRODUCT:
    case WD_MENTION_TOPIC:
    default:
      return "subjects";
    }
}

static void
add_ninjs_entities (JsonBuilder *builder,
                    GListModel  *mentions)
{
  static const char * const members[] = { "subjects", "people", "organisations", "places" };
  guint n = mentions != NULL ? g_list_model_get_n_items (mentions) : 0;

  for (guint m = 0; m < G_N_ELEMENTS (members); m++)
    {
      gboolean begun = FALSE;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(WdMention) mention = g_list_model_get_item (mentions, i);

          if (!g_str_equal (ninjs_member (wd_mention_get_kind (mention)), members[m]))
            continue;
          if (!begun)
            {
              json_builder_set_member_name (builder, members[m]);
              json_builder_begin_array (builder);
              begun = TRUE;
            }
          json_builder_begin_object (builder);
          add_string (builder, "name", wd_mention_get_name (mention));
          add_string (builder, "literal", wd_mention_get_slug (mention));
          json_builder_end_object (builder);
        }
      if (begun)
        json_builder_end_array (builder);
    }
}

char *
wd_render_ninjs (WdRenderState  *state,
                 GError        **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *body = wd_render_body_html (state, error);
  g_autofree char *terms = NULL;
  g_autofree char *version = NULL;
  GDateTime *updated = wd_brief_get_updated_at (state->brief);
  const char *pubstatus = "usable";

  if (body == NULL)
    return NULL;
  if (wd_brief_get_status (state->brief) == WD_BRIEF_STATUS_WITHDRAWN)
    pubstatus = "canceled";
  else if (state->policy == WD_POLICY_EXCLUDED)
    pubstatus = "withheld";
  /* Every change of the brief moves updated_at on, so its time is a
   * version that only grows. */
  version = g_strdup_printf ("%" G_GINT64_FORMAT,
                             updated != NULL ? g_date_time_to_unix (updated) : 1);
  terms = usage_terms (state);

  json_builder_begin_object (builder);
  add_string (builder, "uri", state->public_url != NULL ? state->public_url
                                                         : state->uuid_urn);
  json_builder_set_member_name (builder, "standard");
  json_builder_begin_object (builder);
  add_string (builder, "name", "ninjs");
  add_string (builder, "version", "2.1");
  add_string (builder, "schema", "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json");
  json_builder_end_object (builder);
  add_string (builder, "type", "text");
  add_string (builder, "representationtype", "full");
  add_string (builder, "version", version);
  add_time (builder, "firstcreated", state->created);
  add_time (builder, "versioncreated", state->modified);
  add_string (builder, "pubstatus", pubstatus);
  add_string (builder, "language", state->language);
  add_string (builder, "slugline", state->slug);
  add_value_array (builder, "headlines", "main", "text/plain", state->headline);
  if (wd_render_nonblank (state->excerpt) != NULL)
    add_value_array (builder, "descriptions", "summary", "text/plain", state->excerpt);
  add_value_array (builder, "bodies", "main", "text/html", body);
  add_string (builder, "by", state->options->team);
  add_string (builder, "copyrightholder", state->options->site_name);
  add_string (builder, "usageterms", terms);
  add_ninjs_entities (builder, wd_brief_get_mentions (state->brief));

  json_builder_set_member_name (builder, "infosources");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string (builder, "name", state->publisher);
  add_string (builder, "uri", state->source_url);
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "altids");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string (builder, "role", "uuid");
  add_string (builder, "value", wd_brief_get_uuid (state->brief));
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return generate_json (builder);
}

