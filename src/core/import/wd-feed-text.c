/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-feed"

/* What feed text and links become: HTML and plain text turned into clean
 * paragraphs, links resolved and restricted to http(s). */

#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/entities.h>

#include "wd-feed-private.h"

#define URI_FLAGS (G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED)

typedef enum {
  BREAK_NONE,
  BREAK_SPACE,
  BREAK_LINE,
  BREAK_PARAGRAPH,
} Break;

typedef struct
{
  GString  *out;
  Break     pending;
  gboolean  single_line;
} TextSink;

static const char * const skipped_elements[] = {
  "script", "style", "noscript", "template", "head", "title", "iframe", "object",
  "embed", "svg", "math", "select", "textarea", "button",
};

static const char * const block_elements[] = {
  "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt",
  "dd", "blockquote", "pre", "table", "tr", "section", "article", "header",
  "footer", "aside", "nav", "figure", "figcaption", "hr", "address", "main",
  "details", "summary", "body", "caption",
};

/* Text sinks: whitespace collapsed, block elements as paragraph breaks. */

static void
sink_break (TextSink *sink,
            Break     level)
{
  sink->pending = MAX (sink->pending, level);
}

/* Whitespace and control characters are dropped here; the caller turns
 * whitespace into breaks. */
static void
sink_byte (TextSink *sink,
           guchar    byte)
{
  if (byte < 0x20 || byte == 0x7F)
    return;

  if (sink->pending != BREAK_NONE && sink->out->len > 0)
    {
      if (sink->single_line || sink->pending == BREAK_SPACE)
        g_string_append_c (sink->out, ' ');
      else if (sink->pending == BREAK_LINE)
        g_string_append_c (sink->out, '\n');
      else
        g_string_append (sink->out, "\n\n");
    }
  sink->pending = BREAK_NONE;
  g_string_append_c (sink->out, byte);
}

/* Text from markup: any run of whitespace is one space. */
static void
sink_text (TextSink   *sink,
           const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        sink_break (sink, BREAK_SPACE);
      /* No-break spaces are how HTML indents; they are spacing here. */
      else if (p[0] == 0xC2 && p[1] == 0xA0)
        {
          sink_break (sink, BREAK_SPACE);
          p++;
        }
      else
        sink_byte (sink, *p);
    }
}

/* Plain text: a blank line stays a paragraph break, other whitespace
 * runs become one space. */
static void
sink_plain_text (TextSink   *sink,
                 const char *text)
{
  guint newlines = 0;

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          if (*p == '\n')
            newlines++;
          sink_break (sink, newlines >= 2 ? BREAK_PARAGRAPH : BREAK_SPACE);
          continue;
        }
      newlines = 0;
      sink_byte (sink, *p);
    }
}

/* The text, or NULL when nothing but whitespace was written. */
static char *
sink_finish (TextSink *sink)
{
  char *text;

  if (sink->out->len == 0)
    {
      g_string_free (sink->out, TRUE);
      return NULL;
    }
  text = g_string_free (sink->out, FALSE);
  if (!g_utf8_validate (text, -1, NULL))
    {
      char *valid = g_utf8_make_valid (text, -1);

      g_free (text);
      text = valid;
    }
  return text;
}

static void
sink_init (TextSink *sink,
           gboolean  single_line)
{
  sink->out = g_string_new (NULL);
  sink->pending = BREAK_NONE;
  sink->single_line = single_line;
}

static gboolean
name_in (const xmlChar      *name,
         const char * const *names,
         guint               n_names)
{
  for (guint i = 0; i < n_names; i++)
    {
      if (g_ascii_strcasecmp ((const char *) name, names[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_block (xmlNode *node)
{
  return node->type == XML_ELEMENT_NODE
         && name_in (node->name, block_elements, G_N_ELEMENTS (block_elements));
}

/*
 * The text an entity reference stands for, when that is plain and short:
 * HTML's named entities (see get_entity) and simple declared ones. Nested,
 * external and long entities give nothing; expanding them is how
 * billion-laughs and external-entity attacks work.
 */
static const char *
entity_text (xmlNode *ref)
{
  xmlEntity *entity = (xmlEntity *) ref->children;
  const char *content;

  if (entity == NULL || entity->type != XML_ENTITY_DECL
      || entity->etype != XML_INTERNAL_GENERAL_ENTITY || entity->content == NULL)
    return NULL;
  content = (const char *) entity->content;
  if (strpbrk (content, "&<") != NULL || strlen (content) > 256)
    return NULL;
  return content;
}

/*
 * The readable text below @top (an HTML document, or the XHTML of an Atom
 * text construct). Walked without recursion: pages nest deeper than the
 * stack should.
 */
static void
sink_markup (TextSink *sink,
             xmlNode  *top)
{
  xmlNode *node = top->children;

  while (node != NULL)
    {
      gboolean descend = FALSE;

      switch (node->type)
        {
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
          if (node->content != NULL)
            sink_text (sink, (const char *) node->content);
          break;
        case XML_ELEMENT_NODE:
          if (name_in (node->name, skipped_elements, G_N_ELEMENTS (skipped_elements)))
            break;
          if (g_ascii_strcasecmp ((const char *) node->name, "br") == 0)
            sink_break (sink, BREAK_LINE);
          else if (g_ascii_strcasecmp ((const char *) node->name, "td") == 0
                   || g_ascii_strcasecmp ((const char *) node->name, "th") == 0)
            sink_break (sink, BREAK_SPACE);
          else if (is_block (node))
            sink_break (sink, BREAK_PARAGRAPH);
          descend = node->children != NULL;
          break;
        case XML_ENTITY_REF_NODE:
          if (entity_text (node) != NULL)
            sink_text (sink, entity_text (node));
          break;
        case XML_ENTITY_NODE:
        case XML_ATTRIBUTE_NODE:
        case XML_PI_NODE:
        case XML_COMMENT_NODE:
        case XML_DOCUMENT_NODE:
        case XML_DOCUMENT_TYPE_NODE:
        case XML_DOCUMENT_FRAG_NODE:
        case XML_NOTATION_NODE:
        case XML_HTML_DOCUMENT_NODE:
        case XML_DTD_NODE:
        case XML_ELEMENT_DECL:
        case XML_ATTRIBUTE_DECL:
        case XML_ENTITY_DECL:
        case XML_NAMESPACE_DECL:
        case XML_XINCLUDE_START:
        case XML_XINCLUDE_END:
#ifdef LIBXML_DOCB_ENABLED
        case XML_DOCB_DOCUMENT_NODE:
#endif
        default:
          break;
        }

      if (descend)
        {
          node = node->children;
          continue;
        }

      /* Leave @node and every ancestor that has no next sibling. */
      for (;;)
        {
          if (is_block (node))
            sink_break (sink, BREAK_PARAGRAPH);
          if (node->next != NULL)
            {
              node = node->next;
              break;
            }
          node = node->parent;
          if (node == NULL || node == top)
            return;
        }
    }
}

/* The character data below an XML element, CDATA included. */
char *
_wd_feed_raw_text (xmlNode *top)
{
  g_autoptr(GString) out = g_string_new (NULL);
  xmlNode *node = top->children;

  while (node != NULL)
    {
      if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
        {
          if (node->content != NULL)
            g_string_append (out, (const char *) node->content);
        }
      else if (node->type == XML_ENTITY_REF_NODE)
        {
          if (entity_text (node) != NULL)
            g_string_append (out, entity_text (node));
        }
      else if (node->type == XML_ELEMENT_NODE && node->children != NULL)
        {
          node = node->children;
          continue;
        }

      while (node->next == NULL)
        {
          node = node->parent;
          if (node == NULL || node == top)
            return g_string_free (g_steal_pointer (&out), FALSE);
        }
      node = node->next;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Plain text with whitespace collapsed; NULL when empty. */
char *
_wd_feed_clean_text (const char *text,
                     gboolean    single_line)
{
  TextSink sink;

  if (text == NULL)
    return NULL;
  sink_init (&sink, single_line);
  sink_plain_text (&sink, text);
  return sink_finish (&sink);
}

char *
_wd_feed_html_to_text (FeedParser *ps,
                       const char *html,
                       gboolean    single_line)
{
  TextSink sink;
  htmlDocPtr doc;
  size_t len;

  if (html == NULL)
    return NULL;
  /* Most titles and many summaries have no markup at all. */
  if (strpbrk (html, "<&") == NULL)
    return _wd_feed_clean_text (html, single_line);

  len = strlen (html);
  if (len > G_MAXINT)
    return NULL;

  if (ps->html == NULL)
    ps->html = htmlNewParserCtxt ();
  else
    htmlCtxtReset (ps->html);
  if (ps->html == NULL)
    return NULL;

  doc = htmlCtxtReadMemory (ps->html, html, (int) len, NULL, "UTF-8", HTML_OPTIONS);
  if (doc == NULL)
    return _wd_feed_clean_text (html, single_line);

  sink_init (&sink, single_line);
  sink_markup (&sink, (xmlNode *) doc);
  xmlFreeDoc (doc);
  return sink_finish (&sink);
}

/* The readable text of the XHTML below @top. */
char *
_wd_feed_markup_text (xmlNode  *top,
                      gboolean  single_line)
{
  TextSink sink;

  sink_init (&sink, single_line);
  sink_markup (&sink, top);
  return sink_finish (&sink);
}

/* URLs */

/* GUri refuses (with a critical) to write out a URI whose path does not
 * fit its authority; relaxed parsing of hostile input can produce one. */
static gboolean
is_writable_uri (GUri *uri)
{
  const char *path = g_uri_get_path (uri);

  if (g_uri_get_host (uri) != NULL)
    return path[0] == '\0' || path[0] == '/';
  return path[0] != '/' || path[1] != '/';
}

/* @ref resolved against @base (which may be NULL), any scheme; NULL when
 * it cannot be made absolute. */
static GUri *
resolve_guri (const char *base,
              const char *ref)
{
  g_autoptr(GUri) base_uri = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (ref));
  GUri *uri;

  if (base != NULL)
    {
      base_uri = g_uri_parse (base, URI_FLAGS, NULL);
      if (base_uri != NULL && !is_writable_uri (base_uri))
        g_clear_pointer (&base_uri, g_uri_unref);
    }
  uri = g_uri_parse_relative (base_uri, trimmed, URI_FLAGS, NULL);
  if (uri != NULL && !is_writable_uri (uri))
    g_clear_pointer (&uri, g_uri_unref);
  return uri;
}

char *
_wd_feed_resolve_uri (const char *base,
                      const char *ref)
{
  g_autoptr(GUri) uri = resolve_guri (base, ref);

  return uri != NULL ? g_uri_to_string (uri) : NULL;
}

/* An absolute http(s) URL with a host, or NULL. */
char *
_wd_feed_http_url (const char *base,
                   const char *ref)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *lower_scheme = NULL;
  g_autofree char *lower_host = NULL;
  const char *scheme;
  const char *host;

  if (ref == NULL || *ref == '\0')
    return NULL;
  uri = resolve_guri (base, ref);
  if (uri == NULL)
    return NULL;

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (scheme == NULL || host == NULL || *host == '\0'
      || (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    return NULL;

  /* Host names are case-insensitive; lower case makes equal URLs equal
   * strings, which deduplication relies on. */
  lower_scheme = g_ascii_strdown (scheme, -1);
  lower_host = g_ascii_strdown (host, -1);
  if (strcmp (lower_scheme, scheme) != 0 || strcmp (lower_host, host) != 0)
    {
      g_autoptr(GUri) normal = g_uri_build (g_uri_get_flags (uri), lower_scheme,
                                            g_uri_get_userinfo (uri), lower_host,
                                            g_uri_get_port (uri), g_uri_get_path (uri),
                                            g_uri_get_query (uri), g_uri_get_fragment (uri));

      return g_uri_to_string (normal);
    }
  return g_uri_to_string (uri);
}

