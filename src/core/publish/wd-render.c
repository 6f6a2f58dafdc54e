/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-render"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "wd-render.h"
#include "wd-render-private.h"
#include "publish/wd-render-paths.h"
#include "text/wd-text.h"

/*
 * What a brief becomes on the site: the site settings and footer
 * templates (WdRenderOptions), what every format needs of a brief
 * (WdRenderState), the HTML body, the preview page, excerpts and slugs.
 * The Markdown side (cmark, made safe; footer templates; front matter) is
 * in wd-render-markdown.c, JSON-LD and ninjs in wd-render-json.c.
 *
 * Rendering reads nothing but the brief and the options, so it runs on
 * any thread. Citations of earlier briefs, [[brief:ID]], therefore become
 * the text "[brief ID]": the public address of another brief is not known
 * here (the outbox knows it once that brief is published).
 */

G_DEFINE_QUARK (wd-render-error-quark, wd_render_error)

#define EXCERPT_MAX_CHARS 200
#define SLUG_MAX_CHARS 60
#define DEFAULT_SITE_NAME "Wiredesk"
#define STYLESHEET_NAME "site-template.css"

/* NULL-terminated for wd_render_list_footer_kinds(). */
static const char * const footer_kinds[WD_RENDER_N_FOOTERS + 1] = {
  [WD_RENDER_FOOTER_ATTRIBUTION] = "footer_attribution",
  [WD_RENDER_FOOTER_DISCLOSURE] = "footer_disclosure",
  [WD_RENDER_FOOTER_BYLINE] = "footer_byline",
};

/* The shipped footer templates, Markdown with {{variables}}; an archive
 * without a saved version of a kind uses these. */
static const char * const footer_defaults[WD_RENDER_N_FOOTERS] = {
  [WD_RENDER_FOOTER_ATTRIBUTION] =
    /* Translators: the default attribution under every published brief, in
     * Markdown. Keep the {{names}} and the link syntax [text](address) as
     * they are; an editor can change this text in the archive. */
    N_("We summarize, we don't republish: the full article from {{publisher}} is on "
       "[{{domain}}]({{source_url}})."),
  [WD_RENDER_FOOTER_DISCLOSURE] =
    /* Translators: the default AI disclosure under every published brief, in
     * Markdown. Keep {{site_name}} as it is. */
    N_("{{site_name}} drafts its briefs with the help of AI; an editor checks each one "
       "against the original article before it is published."),
  /* Translators: the default byline under every published brief, in
   * Markdown. Keep {{team}} as it is. */
  [WD_RENDER_FOOTER_BYLINE] = N_("By {{team}}."),
};

/* What wd_render_fill_footer() (wd-render-markdown.c) fills in. */
static const char * const footer_variables[] = {
  "publisher", "domain", "source_url", "source_title", "team", "site_name", "site_url", NULL,
};

/**
 * wd_render_list_footer_kinds:
 *
 * Returns: (transfer none): the archive kinds of the footer templates,
 *   %NULL-terminated, in the order the footer shows them
 */
const char * const *
wd_render_list_footer_kinds (void)
{
  return footer_kinds;
}

/**
 * wd_render_list_footer_variables:
 *
 * Returns: (transfer none): the names of the {{variables}} a footer
 *   template may use, %NULL-terminated
 */
const char * const *
wd_render_list_footer_variables (void)
{
  return footer_variables;
}

/**
 * wd_render_footer_default:
 * @kind: a footer template kind, such as "footer_byline"
 *
 * Returns: (nullable): the shipped template of @kind, translated, which an
 *   archive without a saved version uses; %NULL for an unknown kind
 */
const char *
wd_render_footer_default (const char *kind)
{
  g_return_val_if_fail (kind != NULL, NULL);

  for (guint i = 0; i < WD_RENDER_N_FOOTERS; i++)
    if (g_str_equal (kind, footer_kinds[i]))
      return _(footer_defaults[i]);
  return NULL;
}

/* ---------------------------------------------------------------------- */
/* Small helpers */

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

const char *
wd_render_nonblank (const char *text)
{
  return is_blank (text) ? NULL : text;
}

/* "2024-05-01T09:30:00Z" */
char *
wd_render_format_utc (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
is_web_url (const char *url)
{
  return url != NULL &&
         (g_ascii_strncasecmp (url, "http://", 7) == 0 ||
          g_ascii_strncasecmp (url, "https://", 8) == 0);
}

/* ---------------------------------------------------------------------- */
/* Options */

/**
 * wd_render_format_from_string:
 * @str: (nullable): a format's name: "html", "markdown", "jsonld" or "ninjs"
 * @out: (out) (optional): the format
 *
 * Returns: %TRUE when @str names a format
 */
gboolean
wd_render_format_from_string (const char     *str,
                              WdRenderFormat *out)
{
  static const struct {
    const char     *name;
    WdRenderFormat  format;
  } formats[] = {
    { "html", WD_RENDER_HTML },
    { "markdown", WD_RENDER_MARKDOWN },
    { "jsonld", WD_RENDER_JSONLD },
    { "ninjs", WD_RENDER_NINJS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_strcmp0 (str, formats[i].name) == 0)
      {
        if (out != NULL)
          *out = formats[i].format;
        return TRUE;
      }
  return FALSE;
}

static char *
dup_site_key (GKeyFile   *key_file,
              const char *key)
{
  g_autofree char *value = NULL;

  if (key_file == NULL)
    return NULL;
  value = g_key_file_get_string (key_file, "site", key, NULL);
  if (value == NULL)
    return NULL;
  g_strstrip (value);
  return *value != '\0' ? g_steal_pointer (&value) : NULL;
}

/* The template= path: "~/" is the home folder, a relative path is
 * relative to the configuration file's folder. */
static char *
resolve_stylesheet_path (WdConfig   *config,
                         const char *path)
{
  const char *config_path;
  g_autofree char *folder = NULL;

  if (g_str_has_prefix (path, "~/"))
    return g_build_filename (g_get_home_dir (), path + 2, NULL);
  if (g_path_is_absolute (path))
    return g_strdup (path);
  config_path = config != NULL ? wd_config_get_path (config) : NULL;
  folder = config_path != NULL ? g_path_get_dirname (config_path) : g_get_current_dir ();
  return g_build_filename (folder, path, NULL);
}

/* The shipped stylesheet: in the source tree for the tests and
 * `build-aux/dev run`, else where it was installed. */
static char *
find_default_stylesheet (void)
{
  const char *root = g_getenv ("WIREDESK_SOURCE_ROOT");
  const char * const *system_dirs = g_get_system_data_dirs ();
  g_autofree char *path = NULL;

  if (root != NULL && *root != '\0')
    {
      path = g_build_filename (root, "data", STYLESHEET_NAME, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
      g_clear_pointer (&path, g_free);
    }

  path = g_build_filename (WD_RENDER_PKGDATADIR, STYLESHEET_NAME, NULL);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&path);
  g_clear_pointer (&path, g_free);

  /* A relocated installation. */
  for (guint i = 0; system_dirs[i] != NULL; i++)
    {
      path = g_build_filename (system_dirs[i], "wiredesk", STYLESHEET_NAME, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
      g_clear_pointer (&path, g_free);
    }
  return NULL;
}

static gboolean
load_stylesheet (WdRenderOptions  *options,
                 WdConfig         *config,
                 GKeyFile         *key_file,
                 GError          **error)
{
  g_autofree char *configured = dup_site_key (key_file, "template");
  g_autofree char *path = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;

  if (configured != NULL)
    path = resolve_stylesheet_path (config, configured);
  else
    path = find_default_stylesheet ();

  if (path == NULL)
    {
      /* The preview still shows the brief, in the browser's own style. */
      g_debug ("No %s found; pages are rendered without a stylesheet", STYLESHEET_NAME);
      options->css = g_strdup ("");
      return TRUE;
    }

  if (!g_file_get_contents (path, &options->css, &length, &local_error))
    {
      g_set_error (error, WD_RENDER_ERROR, WD_RENDER_ERROR_STYLESHEET,
                   /* Translators: the first %s is a file, the second why it cannot be read */
                   _("The site stylesheet %s cannot be read (%s); fix template= in the "
                     "[site] group of the configuration, or remove it to use the shipped "
                     "one."),
                   path, local_error->message);
      return FALSE;
    }
  if (!g_utf8_validate (options->css, length, NULL))
    {
      g_set_error (error, WD_RENDER_ERROR, WD_RENDER_ERROR_STYLESHEET,
                   _("The site stylesheet %s is not UTF-8 text; save it as UTF-8."), path);
      return FALSE;
    }
  return TRUE;
}

/**
 * wd_render_options_new:
 * @store: (nullable): the archive, for the footer templates
 * @config: (nullable): the configuration, for the [site] group
 * @error: return location for a #GError
 *
 * Reads what rendering needs besides the brief: the [site] group of
 * @config (name=, url=, team=, language=, template=, each optional; the
 * name defaults to "Wiredesk" and the team to "The editors"), the site
 * stylesheet (template=, else the shipped data/site-template.css), and
 * the newest footer templates of @store ("footer_attribution",
 * "footer_disclosure", "footer_byline"; the shipped ones for a kind the
 * archive has none of). Nothing is written. The options never change
 * afterwards and may be shared between threads.
 *
 * Returns: (transfer full) (nullable): the options, or %NULL with @error
 *   set: %WD_RENDER_ERROR_CONFIG for a site url= that is not an http(s)
 *   address, %WD_RENDER_ERROR_STYLESHEET for an unreadable template=,
 *   or a %WD_STORE_ERROR
 */
WdRenderOptions *
wd_render_options_new (WdStore   *store,
                       WdConfig  *config,
                       GError   **error)
{
  g_autoptr(WdRenderOptions) options = g_new0 (WdRenderOptions, 1);
  GKeyFile *key_file = NULL;

  g_return_val_if_fail (store == NULL || WD_IS_STORE (store), NULL);
  g_return_val_if_fail (config == NULL || WD_IS_CONFIG (config), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (config != NULL)
    key_file = wd_config_get_key_file (config);

  options->site_name = dup_site_key (key_file, "name");
  if (options->site_name == NULL)
    options->site_name = g_strdup (DEFAULT_SITE_NAME);
  options->team = dup_site_key (key_file, "team");
  if (options->team == NULL)
    /* Translators: the default name of the site's editorial team, for bylines */
    options->team = g_strdup (_("The editors"));
  options->language = dup_site_key (key_file, "language");
  options->site_url = dup_site_key (key_file, "url");
  if (options->site_url != NULL && !is_web_url (options->site_url))
    {
      g_set_error (error, WD_RENDER_ERROR, WD_RENDER_ERROR_CONFIG,
                   _("The site address “%s” in the [site] group of the configuration is not "
                     "an http or https address; fix url=, such as "
                     "url=https://news.example.org."),
                   options->site_url);
      return NULL;
    }

  if (!load_stylesheet (options, config, key_file, error))
    return NULL;

  for (guint i = 0; i < WD_RENDER_N_FOOTERS; i++)
    {
      GError *local_error = NULL;
      char *body = NULL;

      if (store != NULL)
        body = wd_store_get_template (store, footer_kinds[i], 0, NULL, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
      options->footers[i] = body != NULL ? body : g_strdup (_(footer_defaults[i]));
    }

  return g_steal_pointer (&options);
}

/**
 * wd_render_options_free:
 * @options: (nullable): options from wd_render_options_new()
 *
 * Frees @options.
 */
void
wd_render_options_free (WdRenderOptions *options)
{
  if (options == NULL)
    return;
  g_free (options->site_name);
  g_free (options->site_url);
  g_free (options->team);
  g_free (options->language);
  g_free (options->css);
  for (guint i = 0; i < WD_RENDER_N_FOOTERS; i++)
    g_free (options->footers[i]);
  g_free (options);
}

/* ---------------------------------------------------------------------- */
/* What every format needs of a brief */

static void
state_clear (WdRenderState *state)
{
  g_clear_pointer (&state->domain, g_free);
  g_clear_pointer (&state->uuid_urn, g_free);
  g_clear_pointer (&state->slug, g_free);
  g_clear_pointer (&state->excerpt, g_free);
  g_clear_pointer (&state->created, g_date_time_unref);
  g_clear_pointer (&state->published, g_date_time_unref);
  g_clear_pointer (&state->modified, g_date_time_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (WdRenderState, state_clear)

static const char *
brief_headline (WdBrief *brief)
{
  WdSource *source = wd_brief_get_source (brief);
  const char *headline = wd_render_nonblank (wd_brief_get_headline (brief));

  if (headline == NULL)
    headline = wd_render_nonblank (wd_brief_get_title (brief));
  if (headline == NULL && source != NULL)
    headline = wd_render_nonblank (wd_source_get_title (source));
  return headline != NULL ? headline : "";
}

static char *
url_host (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *host;

  if (url == NULL)
    return NULL;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  host = uri != NULL ? g_uri_get_host (uri) : NULL;
  if (host == NULL || *host == '\0')
    return NULL;
  return g_str_has_prefix (host, "www.") ? g_strdup (host + 4) : g_strdup (host);
}

/* The text of a section, unless it is empty or the policy keeps it out:
 * a link-only publisher gets no summary, whatever the review said. */
const char *
wd_render_section_text (WdRenderState *state,
                        WdSectionKind  kind)
{
  WdSection *section = wd_brief_get_section (state->brief, kind);

  if (section == NULL)
    return NULL;
  if (kind == WD_SECTION_SUMMARY && state->policy == WD_POLICY_LINK_ONLY)
    return NULL;
  return wd_render_nonblank (wd_section_get_text (section));
}

static char *excerpt_of (WdBrief *brief, gboolean skip_summary);

static gboolean
state_init (WdRenderState          *state,
            WdBrief                *brief,
            const WdRenderOptions  *options,
            const WdRenderMeta     *meta,
            GError                **error)
{
  GDateTime *modified;
  const char *uuid = wd_brief_get_uuid (brief);
  const char *url;

  state->brief = brief;
  state->options = options;
  state->source = wd_brief_get_source (brief);
  if (state->source == NULL)
    {
      g_set_error_literal (error, WD_RENDER_ERROR, WD_RENDER_ERROR_NO_SOURCE,
                           _("The brief has no source to attribute, so it cannot be "
                             "rendered; load it from the archive with its source."));
      return FALSE;
    }

  state->policy = WD_POLICY_SUMMARIZE;
  state->max_quote_words = WD_POLICY_DEFAULT_MAX_QUOTE_WORDS;
  if (meta != NULL && meta->policy != NULL)
    {
      state->policy = meta->policy->kind;
      if (meta->policy->max_quote_words >= 0)
        state->max_quote_words = meta->policy->max_quote_words;
    }
  state->public_url = meta != NULL ? wd_render_nonblank (meta->public_url) : NULL;

  state->headline = brief_headline (brief);
  url = wd_render_nonblank (wd_source_get_canonical_url (state->source));
  if (url == NULL || !is_web_url (url))
    url = wd_render_nonblank (wd_source_get_url (state->source));
  state->source_url = is_web_url (url) ? url : NULL;
  state->domain = g_strdup (wd_render_nonblank (wd_source_get_publisher_domain (state->source)));
  if (state->domain == NULL)
    state->domain = url_host (state->source_url);
  state->publisher = wd_render_nonblank (wd_source_get_publisher_name (state->source));
  if (state->publisher == NULL)
    state->publisher = state->domain;
  /* A source without a web address (a file, pasted text) still names
   * where it came from in the attribution. */
  if (state->domain == NULL && state->publisher != NULL)
    state->domain = g_strdup (state->publisher);
  state->language = wd_render_nonblank (wd_source_get_language (state->source));
  if (state->language == NULL)
    state->language = options->language;

  state->uuid_urn = g_strdup_printf ("urn:uuid:%s", uuid != NULL ? uuid : "");
  state->slug = wd_render_slug (brief);
  state->excerpt = excerpt_of (brief, state->policy == WD_POLICY_LINK_ONLY);

  state->published = meta != NULL && meta->published_at != NULL
                     ? g_date_time_to_utc (meta->published_at)
                     : g_date_time_new_now_utc ();
  modified = meta != NULL && meta->modified_at != NULL ? meta->modified_at
                                                       : wd_brief_get_updated_at (brief);
  /* A brief is never modified before it is published, as readers see it. */
  if (modified == NULL || g_date_time_compare (modified, state->published) < 0)
    state->modified = g_date_time_ref (state->published);
  else
    state->modified = g_date_time_to_utc (modified);
  state->created = wd_brief_get_created_at (brief) != NULL
                   ? g_date_time_to_utc (wd_brief_get_created_at (brief))
                   : g_date_time_ref (state->published);
  return TRUE;
}

static WdRenderFooterVars
footer_vars (WdRenderState *state)
{
  WdRenderFooterVars vars = {
    .publisher = state->publisher,
    .domain = state->domain,
    .source_url = state->source_url,
    .source_title = wd_render_nonblank (wd_source_get_title (state->source)),
    .team = state->options->team,
    .site_name = state->options->site_name,
    .site_url = state->options->site_url,
  };

  return vars;
}

/* The footer as Markdown, its parts as separate paragraphs; NULL when
 * every template is empty. */
char *
wd_render_footer_markdown (WdRenderState *state)
{
  WdRenderFooterVars vars = footer_vars (state);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < WD_RENDER_N_FOOTERS; i++)
    {
      g_autofree char *filled = NULL;

      if (is_blank (state->options->footers[i]))
        continue;
      filled = wd_render_fill_footer (state->options->footers[i], &vars);
      if (out->len > 0)
        g_string_append (out, "\n\n");
      g_string_append (out, filled);
    }
  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

/* ---------------------------------------------------------------------- */
/* HTML */

const char *
wd_render_section_heading (WdSectionKind kind)
{
  switch (kind)
    {
    case WD_SECTION_SUMMARY:
      return _("Summary");
    case WD_SECTION_ANALYST_TAKE:
      return _("Analyst take");
    case WD_SECTION_CONTEXT:
      return _("Context");
    case WD_SECTION_WATCH:
      return _("What to watch");
    default:
      g_assert_not_reached ();
    }
}

char *
wd_render_body_html (WdRenderState  *state,
                     GError        **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *footer = NULL;

  for (int kind = 0; kind < WD_SECTION_N_KINDS; kind++)
    {
      const char *text = wd_render_section_text (state, kind);
      g_autofree char *heading = NULL;

      if (text == NULL)
        continue;
      heading = g_markup_escape_text (wd_render_section_heading (kind), -1);
      g_string_append_printf (out, "<h2>%s</h2>\n", heading);
      if (!wd_render_append_html (out, text, error))
        return NULL;
    }

  footer = wd_render_footer_markdown (state);
  if (footer != NULL)
    {
      g_string_append (out, "<footer class=\"wd-brief-footer\">\n");
      if (!wd_render_append_html (out, footer, error))
        return NULL;
      g_string_append (out, "</footer>\n");
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---------------------------------------------------------------------- */
/* Public API */

/**
 * wd_render_brief:
 * @brief: a brief loaded with wd_store_load_brief() (source, sections,
 *   mentions)
 * @format: what to make of it
 * @options: the site settings and footer templates
 * @meta: (nullable): what is known of the publication
 * @error: return location for a #WD_RENDER_ERROR
 *
 * Renders @brief for publishing. %WD_RENDER_HTML gives the body: each
 * non-empty section under an <h2>, then the footer; the headline is not
 * in it (targets send it as the title). Raw HTML in a section appears as
 * text, unsafe links lose their address, and [[brief:ID]] citations
 * become "[brief ID]". %WD_RENDER_MARKDOWN gives the same as CommonMark
 * after YAML front matter (title, date, lastmod, slug, description, tags,
 * source), %WD_RENDER_JSONLD a schema.org NewsArticle and
 * %WD_RENDER_NINJS an IPTC ninjs 2.1 object. A link-only policy in @meta
 * keeps the summary out of every format.
 *
 * Returns: (transfer full) (nullable): UTF-8 text, or %NULL with @error set
 */
char *
wd_render_brief (WdBrief                *brief,
                 WdRenderFormat          format,
                 const WdRenderOptions  *options,
                 const WdRenderMeta     *meta,
                 GError                **error)
{
  g_auto(WdRenderState) state = { NULL, };

  g_return_val_if_fail (WD_IS_BRIEF (brief), NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!state_init (&state, brief, options, meta, error))
    return NULL;

  switch (format)
    {
    case WD_RENDER_HTML:
      return wd_render_body_html (&state, error);
    case WD_RENDER_MARKDOWN:
      return wd_render_markdown (&state, error);
    case WD_RENDER_JSONLD:
      return wd_render_jsonld (&state);
    case WD_RENDER_NINJS:
      return wd_render_ninjs (&state, error);
    default:
      g_return_val_if_reached (NULL);
    }
}

/* JSON inside <script>: a "<" only occurs in strings, where \u003c means
 * the same, and no "</script>" or "<!--" is left to end the element. */
static void
append_script_json (GString    *out,
                    const char *json)
{
  for (const char *p = json; *p != '\0'; p++)
    {
      if (*p == '<')
        g_string_append (out, "\\u003c");
      else
        g_string_append_c (out, *p);
    }
}

/* CSS inside <style>: "</" cannot end the element once it is "<\/". */
static void
append_style_css (GString    *out,
                  const char *css)
{
  for (const char *p = css; *p != '\0'; p++)
    {
      g_string_append_c (out, *p);
      if (p[0] == '<' && p[1] == '/')
        g_string_append_c (out, '\\');
    }
}

/**
 * wd_render_page:
 * @brief: a brief loaded with wd_store_load_brief()
 * @options: the site settings, stylesheet and footer templates
 * @meta: (nullable): what is known of the publication
 * @error: return location for a #WD_RENDER_ERROR
 *
 * Renders @brief as a whole HTML5 document, for the preview: a <head>
 * with the site stylesheet inline, the JSON-LD NewsArticle and a content
 * security policy that runs no script, and an <article> with the headline
 * as <h1>, the publication date, and the body of wd_render_brief().
 *
 * Returns: (transfer full) (nullable): the page, or %NULL with @error set
 */
char *
wd_render_page (WdBrief                *brief,
                const WdRenderOptions  *options,
                const WdRenderMeta     *meta,
                GError                **error)
{
  g_auto(WdRenderState) state = { NULL, };
  g_autoptr(GString) out = NULL;
  g_autofree char *body = NULL;
  g_autofree char *jsonld = NULL;
  g_autofree char *headline = NULL;
  g_autofree char *site_name = NULL;
  g_autofree char *date = NULL;
  g_autofree char *date_text = NULL;

  g_return_val_if_fail (WD_IS_BRIEF (brief), NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!state_init (&state, brief, options, meta, error))
    return NULL;
  body = wd_render_body_html (&state, error);
  if (body == NULL)
    return NULL;
  jsonld = wd_render_jsonld (&state);

  headline = g_markup_escape_text (state.headline, -1);
  site_name = g_markup_escape_text (options->site_name, -1);
  date = wd_render_format_utc (state.published);
  date_text = g_date_time_format (state.published, "%Y-%m-%d");

  out = g_string_new ("<!DOCTYPE html>\n");
  if (state.language != NULL)
    {
      g_autofree char *lang = g_markup_escape_text (state.language, -1);

      g_string_append_printf (out, "<html lang=\"%s\">\n", lang);
    }
  else
    {
      g_string_append (out, "<html>\n");
    }
  g_string_append (out,
                   "<head>\n"
                   "<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   /* The preview runs nothing, whatever a section holds. */
                   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                   "style-src 'unsafe-inline'; img-src http: https: data:\">\n");
  g_string_append_printf (out, "<title>%s — %s</title>\n", headline, site_name);
  if (wd_render_nonblank (state.excerpt) != NULL)
    {
      g_autofree char *description = g_markup_escape_text (state.excerpt, -1);

      g_string_append_printf (out, "<meta name=\"description\" content=\"%s\">\n",
                              description);
    }
  if (state.public_url != NULL && is_web_url (state.public_url))
    {
      g_autofree char *canonical = g_markup_escape_text (state.public_url, -1);

      g_string_append_printf (out, "<link rel=\"canonical\" href=\"%s\">\n", canonical);
    }
  g_string_append (out, "<style>\n");
  append_style_css (out, options->css);
  g_string_append (out, "</style>\n<script type=\"application/ld+json\">\n");
  append_script_json (out, jsonld);
  g_string_append (out, "\n</script>\n</head>\n<body>\n<article class=\"wd-brief\">\n");
  g_string_append_printf (out,
                          "<header>\n<h1>%s</h1>\n"
                          "<p class=\"wd-brief-meta\"><span class=\"wd-brief-site\">%s</span> "
                          "· <time datetime=\"%s\">%s</time></p>\n</header>\n",
                          headline, site_name, date, date_text);
  g_string_append (out, body);
  g_string_append (out, "</article>\n</body>\n</html>\n");

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Cuts @text to at most @max characters at a word boundary, with "…". */
static char *
cut_at_word (const char *text,
             glong       max)
{
  const char *limit = g_utf8_offset_to_pointer (text, max - 1);
  const char *cut = limit;

  while (cut > text && !g_unichar_isspace (g_utf8_get_char (cut)))
    cut = g_utf8_prev_char (cut);
  /* One long word (or a script without spaces): cut inside it. */
  if (cut == text)
    cut = limit;
  while (cut > text && g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (cut))))
    cut = g_utf8_prev_char (cut);
  return g_strdup_printf ("%.*s…", (int) (cut - text), text);
}

static char *
excerpt_of (WdBrief  *brief,
            gboolean  skip_summary)
{
  g_autoptr(GPtrArray) sentences = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *plain = NULL;
  const char *text = NULL;

  /* The summary; the first other section written when it is empty (or
   * kept out by a link-only policy). */
  for (int kind = skip_summary ? WD_SECTION_ANALYST_TAKE : WD_SECTION_SUMMARY;
       kind < WD_SECTION_N_KINDS && text == NULL; kind++)
    {
      WdSection *section = wd_brief_get_section (brief, kind);

      if (section != NULL)
        text = wd_render_nonblank (wd_section_get_text (section));
    }
  if (text == NULL)
    return g_strdup ("");

  plain = wd_render_plain_text (text);
  sentences = wd_text_split_sentences (plain);
  for (guint i = 0; i < sentences->len; i++)
    {
      const char *sentence = g_ptr_array_index (sentences, i);
      glong length = g_utf8_strlen (out->str, -1);
      glong extra = g_utf8_strlen (sentence, -1) + (out->len > 0 ? 1 : 0);

      if (length + extra > EXCERPT_MAX_CHARS)
        {
          if (out->len == 0)
            return cut_at_word (sentence, EXCERPT_MAX_CHARS);
          break;
        }
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, sentence);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * wd_render_excerpt:
 * @brief: a brief loaded with wd_store_load_brief()
 *
 * The excerpt for a listing or a description: the first sentences of the
 * summary (of the first written section when the summary is empty) as
 * plain text, without Markdown, raw HTML or citations, as many whole
 * sentences as fit in 200 characters; a longer first sentence is cut at a
 * word boundary and ends in "…".
 *
 * Returns: (transfer full): the excerpt, "" when the brief has no text
 */
char *
wd_render_excerpt (WdBrief *brief)
{
  g_return_val_if_fail (WD_IS_BRIEF (brief), NULL);

  return excerpt_of (brief, FALSE);
}

/**
 * wd_render_slug:
 * @brief: a brief
 *
 * The brief's URL slug: its headline folded to ASCII, lower-cased, with
 * runs of other characters turned into '-' (at most 60 characters, cut at
 * a '-'), then "-" and the first 8 characters of the brief's UUID, so two
 * briefs never share one. A headline with nothing foldable to ASCII (in
 * Chinese, say) gives "brief-" and the UUID part.
 *
 * Returns: (transfer full): the slug
 */
char *
wd_render_slug (WdBrief *brief)
{
  const char *headline;
  const char *uuid;
  g_autofree char *ascii = NULL;
  g_autofree char *base = NULL;
  g_autofree char *suffix = NULL;
  gboolean foldable = FALSE;
  gsize length;

  g_return_val_if_fail (WD_IS_BRIEF (brief), NULL);

  headline = brief_headline (brief);
  /* wd_mention_slugify() says "mention" for a name it cannot fold; a
   * brief's slug says "brief" then. */
  ascii = g_str_to_ascii (headline, "C");
  for (const char *p = ascii; *p != '\0' && !foldable; p++)
    foldable = g_ascii_isalnum (*p);
  base = foldable ? wd_mention_slugify (headline) : g_strdup ("brief");

  length = strlen (base);
  if (length > SLUG_MAX_CHARS)
    {
      length = SLUG_MAX_CHARS;
      /* Cut between words when the cut falls inside one. */
      if (base[length] != '-')
        {
          const char *dash = g_strrstr_len (base, length, "-");

          if (dash != NULL && dash > base)
            length = dash - base;
        }
      while (length > 0 && base[length - 1] == '-')
        length--;
      base[length] = '\0';
    }

  uuid = wd_brief_get_uuid (brief);
  if (uuid != NULL && strlen (uuid) >= 8)
    suffix = g_ascii_strdown (uuid, 8);
  else
    suffix = g_strdup_printf ("%" G_GINT64_FORMAT, wd_brief_get_id (brief));

  return g_strdup_printf ("%s-%s", base, suffix);
}

