/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-feed"

/* RSS 0.9x, 1.0 (RDF) and 2.0, and Atom 1.0 (and 0.3), with libxml2. */

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/entities.h>
#include <libxml/parser.h>

#include "wd-date.h"
#include "wd-feed-private.h"
#include "wd-import-error.h"

#define NS_RSS10      "http://purl.org/rss/1.0/"
#define NS_RSS090     "http://my.netscape.com/rdf/simple/0.9/"
#define NS_USERLAND   "http://backend.userland.com/rss"
#define NS_RDF        "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_ATOM       "http://www.w3.org/2005/Atom"
#define NS_ATOM03     "http://purl.org/atom/ns#"
#define NS_DC         "http://purl.org/dc/elements/1.1/"
#define NS_DCTERMS    "http://purl.org/dc/terms/"
#define NS_CONTENT    "http://purl.org/rss/1.0/modules/content/"
#define NS_FEEDBURNER "http://rssnamespace.org/feedburner/ext/1.0"

/*
 * Never XML_PARSE_NOENT (external entities would be loaded and internal
 * ones expanded), never XML_PARSE_DTDLOAD, never XML_PARSE_HUGE (which
 * lifts libxml2's depth and size limits). RECOVER keeps the items of a
 * feed with a stray "&" or an unclosed tag.
 */
#define XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_RECOVER | XML_PARSE_NOERROR \
                     | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA)

/* The base URL in force at @node: every xml:base from the root down,
 * applied to the feed's own address. */
static char *
node_base (FeedParser *ps,
           xmlNode    *node)
{
  g_autoptr(GPtrArray) bases = NULL;
  char *base = g_strdup (ps->base_url);
  xmlNode *n;

  /* Most feeds have no xml:base at all; look before allocating. */
  for (n = node; n != NULL && n->type == XML_ELEMENT_NODE; n = n->parent)
    {
      if (xmlHasNsProp (n, (const xmlChar *) "base", XML_XML_NAMESPACE) != NULL)
        break;
    }
  if (n == NULL || n->type != XML_ELEMENT_NODE)
    return base;

  bases = g_ptr_array_new_with_free_func (xmlFree);
  for (n = node; n != NULL && n->type == XML_ELEMENT_NODE; n = n->parent)
    {
      xmlChar *value = xmlGetNsProp (n, (const xmlChar *) "base", XML_XML_NAMESPACE);

      if (value != NULL)
        g_ptr_array_add (bases, value);
    }

  for (guint i = bases->len; i > 0; i--)
    {
      char *next = _wd_feed_resolve_uri (base, g_ptr_array_index (bases, i - 1));

      if (next != NULL)
        {
          g_free (base);
          base = next;
        }
    }
  return base;
}

static char *
node_http_url (FeedParser *ps,
               xmlNode    *node,
               const char *ref)
{
  g_autofree char *base = NULL;

  if (ref == NULL)
    return NULL;
  base = node_base (ps, node);
  return _wd_feed_http_url (base, ref);
}

/* XML helpers */

static gboolean
ns_is (xmlNode    *node,
       const char *uri)
{
  if (uri == NULL)
    return node->ns == NULL || node->ns->href == NULL;
  return node->ns != NULL && node->ns->href != NULL
         && strcmp ((const char *) node->ns->href, uri) == 0;
}

/* RSS's own elements: no namespace in 0.9x/2.0 (or UserLand's, which a
 * few 2.0 feeds declare), the RSS 1.0 or 0.90 one in RDF feeds. */
static gboolean
is_rss (xmlNode    *node,
        const char *name)
{
  return node->type == XML_ELEMENT_NODE && strcmp ((const char *) node->name, name) == 0
         && (ns_is (node, NULL) || ns_is (node, NS_RSS10) || ns_is (node, NS_RSS090)
             || g_str_has_prefix ((const char *) node->ns->href, NS_USERLAND));
}

static gboolean
is_elem (xmlNode    *node,
         const char *ns,
         const char *name)
{
  return node->type == XML_ELEMENT_NODE && strcmp ((const char *) node->name, name) == 0
         && ns_is (node, ns);
}

static gboolean
is_atom (xmlNode    *node,
         const char *name)
{
  return is_elem (node, NS_ATOM, name) || is_elem (node, NS_ATOM03, name);
}

char *
_wd_feed_get_attr (xmlNode    *node,
                   const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *copy;

  if (value == NULL)
    return NULL;
  copy = g_strdup ((const char *) value);
  xmlFree (value);
  return copy;
}

static char *
element_line (xmlNode *node)
{
  g_autofree char *raw = _wd_feed_raw_text (node);

  return _wd_feed_clean_text (raw, TRUE);
}

/* RSS titles are meant to be plain text, but feeds put entities and inline
 * markup in them; decode only when there is something to decode. */
static char *
rss_title (FeedParser *ps,
           xmlNode    *node)
{
  g_autofree char *raw = _wd_feed_raw_text (node);

  return _wd_feed_html_to_text (ps, raw, TRUE);
}

static GDateTime *
element_date (xmlNode *node)
{
  g_autofree char *raw = _wd_feed_raw_text (node);

  return wd_date_parse (raw);
}

/* RSS <author> holds an e-mail address, usually "jane@example.org (Jane
 * Doe)"; the name is what an editor wants. */
static char *
rss_author_name (xmlNode *node)
{
  g_autofree char *text = element_line (node);
  const char *open;
  const char *close;

  if (text == NULL)
    return NULL;
  open = strchr (text, '(');
  close = strrchr (text, ')');
  if (open != NULL && close != NULL && close > open + 1 && memchr (text, '@', open - text))
    {
      g_autofree char *inner = g_strndup (open + 1, close - open - 1);

      return _wd_feed_clean_text (inner, TRUE);
    }
  return g_steal_pointer (&text);
}

static void
parse_rss_item (FeedParser *ps,
                xmlNode    *item_node)
{
  WdFeedItem *item = g_new0 (WdFeedItem, 1);
  g_autoptr(GPtrArray) authors = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *guid_url = NULL;
  g_autofree char *orig_url = NULL;
  char *about;

  for (xmlNode *node = item_node->children; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;

      if (is_rss (node, "title") && item->title == NULL)
        item->title = rss_title (ps, node);
      else if (is_rss (node, "link") && item->url == NULL)
        {
          g_autofree char *href = _wd_feed_raw_text (node);

          item->url = node_http_url (ps, node, href);
        }
      else if (is_rss (node, "guid") && item->id == NULL)
        {
          g_autofree char *perma = _wd_feed_get_attr (node, "isPermaLink");

          item->id = element_line (node);
          if (perma == NULL || g_ascii_strcasecmp (perma, "false") != 0)
            guid_url = node_http_url (ps, node, item->id);
        }
      else if (is_rss (node, "description") && item->summary == NULL)
        {
          g_autofree char *raw = _wd_feed_raw_text (node);

          item->summary = _wd_feed_html_to_text (ps, raw, FALSE);
        }
      else if (is_elem (node, NS_CONTENT, "encoded") && item->content == NULL)
        {
          g_autofree char *raw = _wd_feed_raw_text (node);

          item->content = _wd_feed_html_to_text (ps, raw, FALSE);
        }
      else if ((is_rss (node, "pubDate") || is_elem (node, NS_DC, "date")
                || is_elem (node, NS_ATOM, "published") || is_elem (node, NS_DCTERMS, "issued"))
               && item->published == NULL)
        item->published = element_date (node);
      else if ((is_elem (node, NS_DCTERMS, "modified") || is_elem (node, NS_ATOM, "updated"))
               && item->updated == NULL)
        item->updated = element_date (node);
      else if (is_rss (node, "author"))
        _wd_feed_add_name (authors, rss_author_name (node));
      else if (is_elem (node, NS_DC, "creator"))
        _wd_feed_add_name (authors, element_line (node));
      else if (is_elem (node, NS_FEEDBURNER, "origLink") && orig_url == NULL)
        {
          g_autofree char *href = _wd_feed_raw_text (node);

          orig_url = node_http_url (ps, node, href);
        }
    }

  /* FeedBurner's <link> is its own redirector; origLink is the article. */
  if (orig_url != NULL)
    {
      g_free (item->url);
      item->url = g_steal_pointer (&orig_url);
    }
  if (item->url == NULL)
    item->url = g_steal_pointer (&guid_url);

  /* RSS 1.0 names each item by its rdf:about. */
  about = item->id == NULL ? (char *) xmlGetNsProp (item_node, (const xmlChar *) "about",
                                                     (const xmlChar *) NS_RDF) : NULL;
  if (about != NULL)
    {
      item->id = _wd_feed_clean_text (about, TRUE);
      xmlFree (about);
    }

  item->author = _wd_feed_join_names (authors);
  _wd_feed_add_item (ps, item);
}

static void
parse_rss (FeedParser *ps,
           xmlNode    *root)
{
  xmlNode *channel = NULL;

  for (xmlNode *node = root->children; node != NULL; node = node->next)
    {
      if (is_rss (node, "channel"))
        {
          channel = node;
          break;
        }
    }

  if (channel != NULL)
    {
      for (xmlNode *node = channel->children; node != NULL; node = node->next)
        {
          if (is_rss (node, "title") && ps->feed->title == NULL)
            ps->feed->title = rss_title (ps, node);
          else if (is_rss (node, "link") && ps->feed->link == NULL)
            {
              g_autofree char *href = _wd_feed_raw_text (node);

              ps->feed->link = node_http_url (ps, node, href);
            }
          else if (is_rss (node, "description") && ps->feed->description == NULL)
            {
              g_autofree char *raw = _wd_feed_raw_text (node);

              ps->feed->description = _wd_feed_html_to_text (ps, raw, FALSE);
            }
          else if (is_rss (node, "item"))
            parse_rss_item (ps, node);
        }
    }

  /* RSS 0.90 and 1.0 put the items beside the channel. */
  for (xmlNode *node = root->children; node != NULL; node = node->next)
    {
      if (is_rss (node, "item"))
        parse_rss_item (ps, node);
    }
}

/* Atom */

/*
 * An Atom text construct: type "text" (or none) is plain text, "html" is
 * escaped HTML, "xhtml" is a <div> of XHTML elements. Atom 0.3 spelled
 * these as MIME types and mode="escaped".
 */
static char *
atom_text (FeedParser *ps,
           xmlNode    *node,
           gboolean    single_line)
{
  g_autofree char *type = _wd_feed_get_attr (node, "type");
  g_autofree char *mode = _wd_feed_get_attr (node, "mode");

  if (type != NULL && strstr (type, "xhtml") != NULL)
    return _wd_feed_markup_text (node, single_line);
  else if ((type != NULL && strstr (type, "html") != NULL)
           || (mode != NULL && strcmp (mode, "escaped") == 0))
    {
      g_autofree char *raw = _wd_feed_raw_text (node);

      return _wd_feed_html_to_text (ps, raw, single_line);
    }
  else if (type == NULL || strcmp (type, "text") == 0 || g_str_has_prefix (type, "text/"))
    {
      g_autofree char *raw = _wd_feed_raw_text (node);

      return _wd_feed_clean_text (raw, single_line);
    }

  /* Base64 images and other media are not text. */
  return NULL;
}

static void
add_atom_authors (GPtrArray *names,
                  xmlNode   *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (is_atom (child, "name"))
        _wd_feed_add_name (names, element_line (child));
    }
}

/* The alternate link: rel "alternate" or none, an HTML type preferred. */
static char *
atom_link (FeedParser *ps,
           xmlNode    *parent)
{
  char *fallback = NULL;

  for (xmlNode *node = parent->children; node != NULL; node = node->next)
    {
      g_autofree char *rel = NULL;
      g_autofree char *type = NULL;
      g_autofree char *href = NULL;
      char *url;

      if (!is_atom (node, "link"))
        continue;
      rel = _wd_feed_get_attr (node, "rel");
      if (rel != NULL && strcmp (rel, "alternate") != 0
          && strcmp (rel, "http://www.iana.org/assignments/relation/alternate") != 0)
        continue;

      href = _wd_feed_get_attr (node, "href");
      url = node_http_url (ps, node, href);
      if (url == NULL)
        continue;

      type = _wd_feed_get_attr (node, "type");
      if (type == NULL || strstr (type, "html") != NULL)
        {
          g_free (fallback);
          return url;
        }
      if (fallback == NULL)
        fallback = url;
      else
        g_free (url);
    }
  return fallback;
}

static void
parse_atom_entry (FeedParser *ps,
                  xmlNode    *entry)
{
  WdFeedItem *item = g_new0 (WdFeedItem, 1);
  g_autoptr(GPtrArray) authors = g_ptr_array_new_with_free_func (g_free);

  for (xmlNode *node = entry->children; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;

      if (is_atom (node, "id") && item->id == NULL)
        item->id = element_line (node);
      else if (is_atom (node, "title") && item->title == NULL)
        item->title = atom_text (ps, node, TRUE);
      else if (is_atom (node, "summary") && item->summary == NULL)
        item->summary = atom_text (ps, node, FALSE);
      else if (is_atom (node, "content") && item->content == NULL)
        {
          g_autofree char *src = _wd_feed_get_attr (node, "src");

          /* Out-of-line content lives elsewhere; the article fetch gets it. */
          if (src == NULL)
            item->content = atom_text (ps, node, FALSE);
        }
      else if ((is_atom (node, "published") || is_atom (node, "issued"))
               && item->published == NULL)
        item->published = element_date (node);
      else if ((is_atom (node, "updated") || is_atom (node, "modified"))
               && item->updated == NULL)
        item->updated = element_date (node);
      else if (is_atom (node, "author"))
        add_atom_authors (authors, node);
    }

  item->url = atom_link (ps, entry);
  item->author = _wd_feed_join_names (authors);
  if (item->author == NULL)
    item->author = g_strdup (ps->feed_authors);
  _wd_feed_add_item (ps, item);
}

static void
parse_atom (FeedParser *ps,
            xmlNode    *root)
{
  g_autoptr(GPtrArray) authors = g_ptr_array_new_with_free_func (g_free);

  /* Feed-level data first: entries inherit the feed's author. */
  for (xmlNode *node = root->children; node != NULL; node = node->next)
    {
      if (is_atom (node, "title") && ps->feed->title == NULL)
        ps->feed->title = atom_text (ps, node, TRUE);
      else if ((is_atom (node, "subtitle") || is_atom (node, "tagline"))
               && ps->feed->description == NULL)
        ps->feed->description = atom_text (ps, node, FALSE);
      else if (is_atom (node, "author"))
        add_atom_authors (authors, node);
    }
  ps->feed->link = atom_link (ps, root);
  ps->feed_authors = _wd_feed_join_names (authors);

  for (xmlNode *node = root->children; node != NULL; node = node->next)
    {
      if (is_atom (node, "entry"))
        parse_atom_entry (ps, node);
    }
}

/*
 * Feeds use HTML's named entities (&nbsp; &eacute; &mdash;) without
 * declaring them. That is an error, and libxml2's recovery then drops
 * them and every entity after, &amp; included. Entities the document does
 * not declare are looked up in HTML's table and declared on the fly, in
 * the document's own internal subset, so they go when the document goes.
 */
static xmlEntityPtr
get_entity (void          *user_data,
            const xmlChar *name)
{
  xmlParserCtxtPtr ctxt = user_data;
  xmlEntityPtr entity = xmlSAX2GetEntity (user_data, name);
  const htmlEntityDesc *html;
  char utf8[8];
  int len;

  if (entity != NULL || ctxt->myDoc == NULL || ctxt->inSubset != 0)
    return entity;
  html = htmlEntityLookup (name);
  if (html == NULL)
    return NULL;
  if (ctxt->myDoc->intSubset == NULL
      && xmlCreateIntSubset (ctxt->myDoc, NULL, NULL, NULL) == NULL)
    return NULL;

  len = g_unichar_to_utf8 (html->value, utf8);
  utf8[len] = '\0';
  return xmlAddDocEntity (ctxt->myDoc, name, XML_INTERNAL_GENERAL_ENTITY, NULL, NULL,
                          (const xmlChar *) utf8);
}

/* Whether @p (just after an "&") starts a character or entity reference. */
static gboolean
is_reference (const char *p,
              const char *end)
{
  const char *start;

  if (p < end && *p == '#')
    {
      gboolean hex = p + 1 < end && (p[1] == 'x' || p[1] == 'X');

      p += hex ? 2 : 1;
      start = p;
      while (p < end && (hex ? g_ascii_isxdigit (*p) : g_ascii_isdigit (*p)))
        p++;
      return p > start && p < end && *p == ';';
    }

  start = p;
  if (p >= end || !(g_ascii_isalpha (*p) || *p == '_' || *p == ':' || (guchar) *p >= 0x80))
    return FALSE;
  while (p < end && p - start < 64
         && (g_ascii_isalnum (*p) || strchr ("._:-", *p) != NULL || (guchar) *p >= 0x80))
    p++;
  return p < end && *p == ';';
}

/*
 * A bare "&" ("Q&A", "AT&T") is the commonest way feeds break XML, and
 * libxml2's recovery loses text around it. Returns a copy with those
 * escaped (CDATA sections and comments left alone), or NULL when there is
 * none or the encoding is not ASCII-compatible.
 */
static char *
escape_bare_ampersands (const char *data,
                        gsize       length,
                        gsize      *out_length)
{
  const char *end = data + length;
  const char *p = data;
  const char *copied = data;
  GString *out = NULL;

  if (length >= 2 && (((guchar) data[0] == 0xFE && (guchar) data[1] == 0xFF)
                      || ((guchar) data[0] == 0xFF && (guchar) data[1] == 0xFE)))
    return NULL;
  if (memchr (data, '\0', MIN (length, 4)) != NULL)
    return NULL;

  while (p < end)
    {
      if (*p == '<' && end - p >= 9 && memcmp (p, "<![CDATA[", 9) == 0)
        p = _wd_feed_skip_past (p + 9, end, "]]>");
      else if (*p == '<' && end - p >= 4 && memcmp (p, "<!--", 4) == 0)
        p = _wd_feed_skip_past (p + 4, end, "-->");
      else
        {
          if (*p == '&' && !is_reference (p + 1, end))
            {
              if (out == NULL)
                out = g_string_sized_new (length + 64);
              g_string_append_len (out, copied, p - copied);
              g_string_append (out, "&amp;");
              copied = p + 1;
            }
          p++;
        }
      if (p == NULL)
        break;
    }

  if (out == NULL)
    return NULL;
  g_string_append_len (out, copied, end - copied);
  *out_length = out->len;
  return g_string_free (out, FALSE);
}

static void
set_unreadable_error (xmlParserCtxtPtr   ctxt,
                      const char        *where,
                      GError           **error)
{
  const xmlError *xml_error = xmlCtxtGetLastError (ctxt);
  g_autofree char *message = NULL;

  if (xml_error == NULL || xml_error->message == NULL)
    {
      g_set_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_PARSE,
                   _("%s is not a readable feed; ask the publisher to fix it or use another "
                     "feed."),
                   where);
      return;
    }

  message = g_strchomp (g_utf8_make_valid (xml_error->message, -1));
  g_set_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_PARSE,
               _("%s is not a readable feed (line %d: %s); ask the publisher to fix it or use "
                 "another feed."),
               where, xml_error->line, message);
}

/* Pages without <html> and a doctype still start with one of these. */
static gboolean
is_html_element (const char *name)
{
  static const char * const names[] = {
    "html", "head", "body", "meta", "title", "link", "script", "style", "div", "p",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (g_ascii_strcasecmp (name, names[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

gboolean
_wd_feed_parse_xml (FeedParser  *ps,
                    const char  *data,
                    gsize        length,
                    const char  *where,
                    const char  *first_element,
                    GError     **error)
{
  g_autofree char *escaped = NULL;
  gsize escaped_length = 0;
  xmlParserCtxtPtr ctxt;
  xmlDocPtr doc;
  xmlNode *root;
  gboolean ok = TRUE;

  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      g_set_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_FAILED,
                   _("Could not start the XML parser for %s; try again."), where);
      return FALSE;
    }

  escaped = escape_bare_ampersands (data, length, &escaped_length);
  if (escaped != NULL)
    {
      data = escaped;
      length = escaped_length;
    }

  ctxt->sax->getEntity = get_entity;
  doc = xmlCtxtReadMemory (ctxt, data, (int) length, NULL, NULL, XML_OPTIONS);
  root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;

  if (root == NULL)
    {
      if (first_element != NULL && is_html_element (first_element))
        _wd_feed_set_web_page_error (data, length, ps->base_url, where, error);
      else
        set_unreadable_error (ctxt, where, error);
      ok = FALSE;
    }
  else if (g_ascii_strcasecmp ((const char *) root->name, "rss") == 0)
    {
      ps->feed->format = WD_FEED_FORMAT_RSS;
      parse_rss (ps, root);
    }
  else if (strcmp ((const char *) root->name, "RDF") == 0)
    {
      ps->feed->format = WD_FEED_FORMAT_RDF;
      parse_rss (ps, root);
    }
  else if (strcmp ((const char *) root->name, "feed") == 0
           && (ns_is (root, NS_ATOM) || ns_is (root, NS_ATOM03)))
    {
      ps->feed->format = WD_FEED_FORMAT_ATOM;
      parse_atom (ps, root);
    }
  else if (is_html_element ((const char *) root->name))
    {
      _wd_feed_set_web_page_error (data, length, ps->base_url, where, error);
      ok = FALSE;
    }
  else
    {
      g_set_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_PARSE,
                   _("%s is an XML document <%s>, not an RSS or Atom feed; check the feed "
                     "address."),
                   where, (const char *) root->name);
      ok = FALSE;
    }

  /* RECOVER salvages the items of a slightly broken feed; a broken one
   * that yields nothing at all is reported as broken, not as empty. */
  if (ok && !ctxt->wellFormed && ps->feed->items->len == 0)
    {
      set_unreadable_error (ctxt, where, error);
      ok = FALSE;
    }

  if (doc != NULL)
    xmlFreeDoc (doc);
  xmlFreeParserCtxt (ctxt);
  return ok;
}

