/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-render"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <cmark.h>
#include <glib/gi18n-lib.h>

#include "wd-render-private.h"

/*
 * Markdown, made safe. Everything that comes from a source or a model goes
 * through cmark, and before cmark renders anything the document is made
 * harmless: raw HTML blocks and inline HTML become text (shown, neither
 * dropped nor passed through), links and images whose address is not
 * http(s), mailto or relative lose it, and a section's own headings sit
 * below the section's <h2>. The same cleaned document gives the Markdown
 * output, so a static site generator that passes raw HTML through gets
 * none either. The footer templates are Markdown too: their values are
 * escaped into it, and the result is cleaned like a section.
 */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cmark_node, cmark_node_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cmark_iter, cmark_iter_free)

#define CMARK_OPTIONS (CMARK_OPT_DEFAULT | CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8)

/* ---------------------------------------------------------------------- */
/* Addresses and citations */

static gboolean
is_scheme_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '-' || c == '.';
}

/* Whether a link or image may keep @url: http(s), mailto, or an address
 * without a scheme (relative, a fragment). javascript:, data:, vbscript:,
 * file: and the like may not, nor anything with white space or control
 * characters, which browsers strip before they look at the scheme. */
static gboolean
is_safe_url (const char *url)
{
  const char *p;

  if (url == NULL || *url == '\0')
    return FALSE;
  for (p = url; *p != '\0'; p++)
    if ((guchar) *p <= ' ' || *p == 0x7f)
      return FALSE;

  for (p = url; is_scheme_char (*p); p++)
    ;
  if (*p != ':' || !g_ascii_isalpha (*url))
    return TRUE;  /* no scheme: relative */

  return g_ascii_strncasecmp (url, "http:", 5) == 0 ||
         g_ascii_strncasecmp (url, "https:", 6) == 0 ||
         g_ascii_strncasecmp (url, "mailto:", 7) == 0;
}

/* Finds the next [[brief:ID]] in @text: its start and end, and the id. */
static gboolean
next_citation (const char  *text,
               const char **out_start,
               const char **out_end,
               gint64      *out_id)
{
  const char *p = text;

  while ((p = strstr (p, "[[brief:")) != NULL)
    {
      const char *digits = p + strlen ("[[brief:");
      const char *end = digits;

      while (g_ascii_isdigit (*end))
        end++;
      if (end > digits && end - digits <= 18 && end[0] == ']' && end[1] == ']')
        {
          *out_start = p;
          *out_end = end + 2;
          *out_id = g_ascii_strtoll (digits, NULL, 10);
          return TRUE;
        }
      p = digits;
    }
  return FALSE;
}

/* Appends @text to @out with every [[brief:ID]] made "[brief ID]", or,
 * with @drop, left out (with the space before it). */
static void
append_citations_replaced (GString    *out,
                           const char *text,
                           gboolean    drop)
{
  const char *p = text;
  const char *start, *end;
  gint64 id;

  while (next_citation (p, &start, &end, &id))
    {
      g_string_append_len (out, p, start - p);
      if (drop)
        {
          while (out->len > 0 && g_ascii_isspace (out->str[out->len - 1]))
            g_string_truncate (out, out->len - 1);
          if (out->len > 0 && g_ascii_isalnum (*end))
            g_string_append_c (out, ' ');
        }
      else
        {
          g_string_append_printf (out, "[brief %" G_GINT64_FORMAT "]", id);
        }
      p = end;
    }
  g_string_append (out, p);
}

/* ---------------------------------------------------------------------- */
/* Markdown, made safe */

/* Puts @replacement where @node was and frees @node. */
static void
replace_node (cmark_node *node,
              cmark_node *replacement)
{
  cmark_node_insert_before (node, replacement);
  cmark_node_unlink (node);
  cmark_node_free (node);
}

/* A text node for each line of @literal, with soft breaks between. */
static void
append_text_lines (cmark_node *parent,
                   const char *literal)
{
  g_auto(GStrv) lines = g_strsplit (literal, "\n", -1);
  gboolean first = TRUE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      cmark_node *text;

      g_strchomp (lines[i]);
      if (lines[i][0] == '\0' && lines[i + 1] == NULL)
        break;
      if (!first)
        cmark_node_append_child (parent, cmark_node_new (CMARK_NODE_SOFTBREAK));
      text = cmark_node_new (CMARK_NODE_TEXT);
      cmark_node_set_literal (text, lines[i]);
      cmark_node_append_child (parent, text);
      first = FALSE;
    }
}

/* Moves @node's children before it, then frees it. */
static void
unwrap_node (cmark_node *node)
{
  cmark_node *child;

  while ((child = cmark_node_first_child (node)) != NULL)
    {
      cmark_node_unlink (child);
      cmark_node_insert_before (node, child);
    }
  cmark_node_unlink (node);
  cmark_node_free (node);
}

static void
clean_node (cmark_node *node)
{
  switch (cmark_node_get_type (node))
    {
    case CMARK_NODE_HTML_BLOCK:
      {
        cmark_node *paragraph = cmark_node_new (CMARK_NODE_PARAGRAPH);

        append_text_lines (paragraph, cmark_node_get_literal (node));
        replace_node (node, paragraph);
      }
      break;

    case CMARK_NODE_HTML_INLINE:
      {
        cmark_node *text = cmark_node_new (CMARK_NODE_TEXT);

        cmark_node_set_literal (text, cmark_node_get_literal (node));
        replace_node (node, text);
      }
      break;

    case CMARK_NODE_LINK:
    case CMARK_NODE_IMAGE:
      if (!is_safe_url (cmark_node_get_url (node)))
        unwrap_node (node);
      break;

    case CMARK_NODE_HEADING:
      /* The section's own headings go below its <h2>. */
      cmark_node_set_heading_level (node, MIN (cmark_node_get_heading_level (node) + 2, 6));
      break;

    case CMARK_NODE_TEXT:
      {
        const char *literal = cmark_node_get_literal (node);

        if (literal != NULL && strstr (literal, "[[brief:") != NULL)
          {
            g_autoptr(GString) replaced = g_string_new (NULL);

            append_citations_replaced (replaced, literal, FALSE);
            cmark_node_set_literal (node, replaced->str);
          }
      }
      break;

    case CMARK_NODE_NONE:
    case CMARK_NODE_DOCUMENT:
    case CMARK_NODE_BLOCK_QUOTE:
    case CMARK_NODE_LIST:
    case CMARK_NODE_ITEM:
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_CUSTOM_BLOCK:
    case CMARK_NODE_PARAGRAPH:
    case CMARK_NODE_THEMATIC_BREAK:
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
    case CMARK_NODE_CODE:
    case CMARK_NODE_CUSTOM_INLINE:
    case CMARK_NODE_EMPH:
    case CMARK_NODE_STRONG:
    default:
      break;
    }
}

/*
 * Parses @markdown and makes the document safe to render (see the top of
 * the file). The nodes are collected first and changed afterwards: cmark's
 * iterator does not survive a node being replaced under it.
 */
static cmark_node *
parse_clean (const char  *markdown,
             GError     **error)
{
  g_autoptr(cmark_node) document = NULL;
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();
  g_autoptr(cmark_iter) iter = NULL;
  cmark_event_type event;

  document = cmark_parse_document (markdown, strlen (markdown), CMARK_OPTIONS);
  if (document == NULL)
    {
      g_set_error_literal (error, WD_RENDER_ERROR, WD_RENDER_ERROR_MARKDOWN,
                           _("A section could not be read as Markdown; check its text."));
      return NULL;
    }
  /* "[[brief:12]]" arrives as several text nodes, one per bracket. */
  cmark_consolidate_text_nodes (document);

  iter = cmark_iter_new (document);
  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    if (event == CMARK_EVENT_ENTER)
      g_ptr_array_add (nodes, cmark_iter_get_node (iter));
  g_clear_pointer (&iter, cmark_iter_free);

  /* In document order: a link is unwrapped before its children are
   * looked at, and unwrapping keeps the children alive. */
  for (guint i = 0; i < nodes->len; i++)
    clean_node (g_ptr_array_index (nodes, i));

  return g_steal_pointer (&document);
}

gboolean
wd_render_append_html (GString     *out,
                       const char  *markdown,
                       GError     **error)
{
  g_autoptr(cmark_node) document = parse_clean (markdown, error);
  char *html;

  if (document == NULL)
    return FALSE;
  /* Safe mode also blanks what our own check let through, should cmark's
   * idea of a dangerous address ever be wider. */
  html = cmark_render_html (document, CMARK_OPTIONS);
  g_string_append (out, html);
  free (html);
  return TRUE;
}

gboolean
wd_render_append_commonmark (GString     *out,
                             const char  *markdown,
                             GError     **error)
{
  g_autoptr(cmark_node) document = parse_clean (markdown, error);
  char *text;

  if (document == NULL)
    return FALSE;
  text = cmark_render_commonmark (document, CMARK_OPTIONS, 0);
  g_string_append (out, text);
  free (text);
  return TRUE;
}

static gboolean
has_text (GString *out)
{
  for (gsize i = 0; i < out->len; i++)
    if (!g_ascii_isspace (out->str[i]))
      return TRUE;
  return FALSE;
}

/*
 * The prose a reader sees first in @markdown: the text of its opening
 * paragraphs, without markup, raw HTML or citations, each ending with an
 * empty line. Headings are left out, and a list, quote or code block
 * after some prose ends it; a text that starts with one gives its words
 * rather than nothing.
 */
char *
wd_render_plain_text (const char *markdown)
{
  g_autoptr(cmark_node) document = NULL;
  g_autoptr(cmark_iter) iter = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  cmark_node *skipping = NULL;
  cmark_event_type event;

  document = cmark_parse_document (markdown, strlen (markdown), CMARK_OPTIONS);
  if (document == NULL)
    return g_strdup ("");
  cmark_consolidate_text_nodes (document);

  iter = cmark_iter_new (document);
  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);
      cmark_node_type type = cmark_node_get_type (node);

      if (skipping != NULL)
        {
          if (node == skipping && event == CMARK_EVENT_EXIT)
            skipping = NULL;
          continue;
        }
      if (event == CMARK_EVENT_ENTER && cmark_node_parent (node) == document &&
          type != CMARK_NODE_PARAGRAPH)
        {
          if (type == CMARK_NODE_HEADING)
            {
              skipping = node;
              continue;
            }
          if (has_text (out))
            break;
        }

      if (event == CMARK_EVENT_ENTER &&
          (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE))
        append_citations_replaced (out, cmark_node_get_literal (node), TRUE);
      else if (event == CMARK_EVENT_ENTER &&
               (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK))
        g_string_append_c (out, ' ');
      else if (event == CMARK_EVENT_ENTER && type == CMARK_NODE_CODE_BLOCK &&
               cmark_node_get_literal (node) != NULL)
        g_string_append_printf (out, "%s\n\n", cmark_node_get_literal (node));
      else if (event == CMARK_EVENT_EXIT && type == CMARK_NODE_PARAGRAPH)
        g_string_append (out, "\n\n");
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---------------------------------------------------------------------- */
/* Footer templates */

/* A value for a Markdown template: on one line, with every ASCII
 * punctuation character backslash-escaped, so a publisher called
 * "[x](javascript:…)" or "<b>" stays text. */
static void
append_markdown_text (GString    *out,
                      const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    {
      if ((guchar) *p < ' ' || *p == 0x7f)
        g_string_append_c (out, ' ');
      else if (g_ascii_ispunct (*p))
        g_string_append_printf (out, "\\%c", *p);
      else
        g_string_append_c (out, *p);
    }
}

/* An address for a Markdown template: it must work as link text, as a
 * link destination and inside <…>, where backslash escapes do not, so
 * what Markdown would read is percent-encoded instead. */
static void
append_markdown_url (GString    *out,
                     const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c <= ' ' || c == 0x7f || strchr ("<>\"'`\\[]()*_{}|^", c) != NULL)
        g_string_append_printf (out, "%%%02X", c);
      else
        g_string_append_c (out, *p);
    }
}

/* The value of {{@name}} (@length bytes) escaped into @out; FALSE for a
 * name that is not a variable. */
static gboolean
append_variable (GString                  *out,
                 const WdRenderFooterVars *vars,
                 const char               *name,
                 gsize                     length)
{
  const struct {
    const char *name;
    const char *value;
    gboolean    is_url;
  } table[] = {
    { "publisher", vars->publisher, FALSE },
    { "domain", vars->domain, FALSE },
    { "source_url", vars->source_url, TRUE },
    { "source_title", vars->source_title, FALSE },
    { "team", vars->team, FALSE },
    { "site_name", vars->site_name, FALSE },
    { "site_url", vars->site_url, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (strlen (table[i].name) == length && strncmp (table[i].name, name, length) == 0)
      {
        const char *value = table[i].value != NULL ? table[i].value : "";

        if (table[i].is_url)
          append_markdown_url (out, value);
        else
          append_markdown_text (out, value);
        return TRUE;
      }
  return FALSE;
}

/*
 * Fills in the {{variables}} of a footer template. The prompt templates of
 * wd-prompt.c have a different set of variables and put the source text
 * between markers; here every value is escaped for Markdown instead, and
 * the result then goes through the same cleaning as a section. Unknown
 * placeholders stay as they are, so an editor sees the typo.
 */
char *
wd_render_fill_footer (const char               *body,
                       const WdRenderFooterVars *vars)
{
  GString *out = g_string_new (NULL);
  const char *p = body;
  const char *open;

  while ((open = strstr (p, "{{")) != NULL)
    {
      const char *name = open + 2;
      const char *end = name;

      while (g_ascii_isalnum (*end) || *end == '_')
        end++;
      g_string_append_len (out, p, open - p);
      if (end > name && end[0] == '}' && end[1] == '}' &&
          append_variable (out, vars, name, end - name))
        {
          p = end + 2;
        }
      else
        {
          g_string_append (out, "{{");
          p = name;
        }
    }
  g_string_append (out, p);
  return g_string_free (out, FALSE);
}

/* ---------------------------------------------------------------------- */
/* Markdown with YAML front matter */

/* A YAML double-quoted scalar that is also a JSON string: YAML 1.1 and
 * 1.2 parsers (Hugo, Jekyll) and JSON parsers read it the same way. */
static void
append_yaml_string (GString    *out,
                    const char *value)
{
  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", (char) c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      /* Controls, and what YAML 1.1 takes for line breaks (NEL, LS, PS). */
      else if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029 ||
               (c >= 0x80 && c < 0xa0))
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  g_string_append_c (out, '"');
}

static void
append_yaml_member (GString    *out,
                    const char *indent,
                    const char *key,
                    const char *value)
{
  g_string_append_printf (out, "%s%s: ", indent, key);
  append_yaml_string (out, value != NULL ? value : "");
  g_string_append_c (out, '\n');
}

char *
wd_render_markdown (WdRenderState  *state,
                    GError        **error)
{
  g_autoptr(GString) out = g_string_new ("---\n");
  g_autofree char *date = wd_render_format_utc (state->published);
  g_autofree char *lastmod = wd_render_format_utc (state->modified);
  g_autofree char *footer = NULL;
  GListModel *mentions = wd_brief_get_mentions (state->brief);
  guint n_mentions = mentions != NULL ? g_list_model_get_n_items (mentions) : 0;

  append_yaml_member (out, "", "title", state->headline);
  /* Timestamps stay plain scalars so that Hugo and Jekyll read them as
   * dates; they hold nothing that needs quoting. */
  g_string_append_printf (out, "date: %s\n", date);
  g_string_append_printf (out, "lastmod: %s\n", lastmod);
  append_yaml_member (out, "", "slug", state->slug);
  append_yaml_member (out, "", "description", state->excerpt);
  if (n_mentions > 0)
    {
      g_string_append (out, "tags:\n");
      for (guint i = 0; i < n_mentions; i++)
        {
          g_autoptr(WdMention) mention = g_list_model_get_item (mentions, i);

          g_string_append (out, "  - ");
          append_yaml_string (out, wd_mention_get_name (mention));
          g_string_append_c (out, '\n');
        }
    }
  g_string_append (out, "source:\n");
  append_yaml_member (out, "  ", "url", state->source_url);
  append_yaml_member (out, "  ", "publisher", state->publisher);
  append_yaml_member (out, "  ", "title", wd_source_get_title (state->source));
  g_string_append (out, "---\n");

  for (int kind = 0; kind < WD_SECTION_N_KINDS; kind++)
    {
      const char *text = wd_render_section_text (state, kind);

      if (text == NULL)
        continue;
      g_string_append_printf (out, "\n## %s\n\n", wd_render_section_heading (kind));
      if (!wd_render_append_commonmark (out, text, error))
        return NULL;
    }

  footer = wd_render_footer_markdown (state);
  if (footer != NULL)
    {
      g_string_append (out, "\n-----\n\n");
      if (!wd_render_append_commonmark (out, footer, error))
        return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

