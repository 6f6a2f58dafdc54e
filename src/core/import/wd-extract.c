/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-extract"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "text/wd-text.h"
#include "wd-extract-private.h"

G_DEFINE_QUARK (wd-import-error-quark, wd_import_error)

/* A page shorter than this after extraction is tried again with fewer
 * filters: the filters may have thrown the article away. */
#define RETRY_CHAR_THRESHOLD 500
/* Ancestors that share a paragraph's score */
#define SCORE_ANCESTORS 5
/* Ancestor walks stop here so a hostile page cannot make them quadratic. */
#define MAX_ANCESTOR_WALK 64
/* Nodes looked at to decide whether a <div> holds only inline content */
#define MAX_DIV_SCAN 2000

enum {
  FLAG_STRIP_UNLIKELY = 1 << 0,
  FLAG_WEIGHT_CLASSES = 1 << 1,
  FLAG_CLEAN_CONDITIONALLY = 1 << 2,
};

typedef struct {
  double score;
  gboolean scored;
  guint text_len;     /* characters, runs of white space counting as one */
  guint link_len;     /* of which inside <a> */
  guint heading_len;  /* of which inside <h1>…<h6> */
  guint list_len;     /* of which inside <ul>/<ol> */
  guint commas;
  guint n_p;
  guint n_img;
  guint n_li;
  guint n_input;
  guint n_embed;
} NodeInfo;

#define INFO_BLOCK 1024

typedef struct {
  GPtrArray *infos;   /* blocks of INFO_BLOCK NodeInfos hung on xmlNode._private */
  guint infos_used;   /* in the last block */
  GPtrArray *to_score;
  GPtrArray *candidates;
  guint flags;
  const char *title;
} Ctx;

/* Class and id words: substrings that mark layout around an article */
static const char * const unlikely_words[] = {
  "-ad-", "ai2html", "banner", "breadcrumb", "combx", "comment", "community", "cover-wrap",
  "disqus", "extra", "footer", "gdpr", "header", "legends", "menu", "related", "remark",
  "replies", "rss", "shoutbox", "sidebar", "skyscraper", "social", "sponsor", "supplemental",
  "ad-break", "agegate", "pagination", "pager", "popup", "yom-remote", "cookie", "consent",
  "newsletter", "modal",
};
static const char * const maybe_words[] = {
  "and", "article", "body", "column", "content", "main", "mathjax", "shadow",
};
static const char * const negative_words[] = {
  "-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "footer", "gdpr",
  "masthead", "media", "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox",
  "sidebar", "skyscraper", "sponsor", "shopping", "tags", "widget", "cookie", "subscribe",
  "newsletter", "social", "byline", "caption", "nav", "modal",
};
static const char * const positive_words[] = {
  "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "pagination",
  "post", "text", "blog", "story",
};
static const char * const unlikely_roles[] = {
  "menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog",
};
/* Removed everywhere before scoring */
static const char * const junk_elements[] = {
  "script", "style", "noscript", "template", "iframe", "svg", "object", "embed", "canvas",
  "button", "input", "select", "textarea", "link", "meta", "head", "dialog", "map", "audio",
  "video", "source", "track", "picture", "form",
};
static const char * const block_elements[] = {
  "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog",
  "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
  "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li", "main", "menu", "nav", "ol",
  "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul", "caption",
  "legend", "option", "frameset", "noframes",
};
/* Children that stop a <div> from being read as a paragraph */
static const char * const div_to_p_blockers[] = {
  "blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul", "section", "article",
  "h1", "h2", "h3", "h4", "h5", "h6", "figure", "header", "footer", "aside", "nav", "main",
};
static const char * const phrasing_elements[] = {
  "abbr", "audio", "b", "bdi", "bdo", "br", "button", "cite", "code", "data", "datalist",
  "dfn", "em", "embed", "i", "img", "input", "kbd", "label", "mark", "math", "meter",
  "noscript", "object", "output", "progress", "q", "ruby", "samp", "script", "select",
  "small", "span", "strong", "sub", "sup", "textarea", "time", "var", "wbr", "font", "u",
  "s", "strike", "tt", "big", "a", "del", "ins",
};

static gboolean
name_in (const char         *name,
         const char * const *list,
         gsize               n)
{
  for (gsize i = 0; i < n; i++)
    if (strcmp (name, list[i]) == 0)
      return TRUE;
  return FALSE;
}

#define NAME_IN(name, list) name_in ((name), (list), G_N_ELEMENTS (list))

static gboolean
is_block (const char *name)
{
  return NAME_IN (name, block_elements);
}

static NodeInfo *
get_info (Ctx     *ctx,
          xmlNode *node)
{
  /* One allocation per thousand nodes rather than one per node */
  if (node->_private == NULL)
    {
      if (ctx->infos->len == 0 || ctx->infos_used == INFO_BLOCK)
        {
          g_ptr_array_add (ctx->infos, g_new0 (NodeInfo, INFO_BLOCK));
          ctx->infos_used = 0;
        }
      node->_private = (NodeInfo *) g_ptr_array_index (ctx->infos, ctx->infos->len - 1)
                       + ctx->infos_used++;
    }
  return node->_private;
}

static void
ctx_clear (Ctx *ctx)
{
  g_clear_pointer (&ctx->infos, g_ptr_array_unref);
  g_clear_pointer (&ctx->to_score, g_ptr_array_unref);
  g_clear_pointer (&ctx->candidates, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Ctx, ctx_clear)

/* strstr() ignoring ASCII case; @needle is lower case. */
static gboolean
contains_ci (const char *haystack,
             const char *needle)
{
  gsize n = strlen (needle);

  for (const char *h = haystack; *h != '\0'; h++)
    if (g_ascii_tolower (*h) == needle[0] && g_ascii_strncasecmp (h, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
has_any (const char         *haystack,
         const char * const *words,
         gsize               n)
{
  if (haystack == NULL)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (contains_ci (haystack, words[i]))
      return TRUE;
  return FALSE;
}

/* Whole-word checks for short hints that substrings would over-match:
 * "ad" must not hit "header" or "read". */
static gboolean
has_word (const char *haystack,
          const char *word)
{
  gsize n = strlen (word);

  if (haystack == NULL)
    return FALSE;
  for (const char *h = haystack; *h != '\0'; )
    {
      const char *end = h;

      while (*end != '\0' && *end != ' ' && *end != '-' && *end != '_')
        end++;
      if ((gsize) (end - h) == n && g_ascii_strncasecmp (h, word, n) == 0)
        return TRUE;
      h = *end != '\0' ? end + 1 : end;
    }
  return FALSE;
}

static gboolean
is_ad (const char *match)
{
  return has_word (match, "ad") || has_word (match, "ads") || has_word (match, "advert")
         || has_word (match, "advertisement") || has_word (match, "dfp");
}

static int
class_weight_of (const char *value)
{
  int weight = 0;

  if (value == NULL || *value == '\0')
    return 0;
  if (has_any (value, negative_words, G_N_ELEMENTS (negative_words)) || is_ad (value))
    weight -= 25;
  if (has_any (value, positive_words, G_N_ELEMENTS (positive_words)))
    weight += 25;
  return weight;
}

static int
class_weight (Ctx     *ctx,
              xmlNode *node)
{
  if (!(ctx->flags & FLAG_WEIGHT_CLASSES) || node->properties == NULL)
    return 0;
  return class_weight_of (wd_extract_peek_attr (node, "class"))
         + class_weight_of (wd_extract_peek_attr (node, "id"));
}

static gboolean
is_hidden (xmlNode *node)
{
  const char *style;
  const char *aria;

  if (node->properties == NULL)
    return FALSE;
  if (wd_extract_peek_attr (node, "hidden") != NULL)
    return TRUE;
  aria = wd_extract_peek_attr (node, "aria-hidden");
  if (aria != NULL && g_ascii_strcasecmp (aria, "true") == 0)
    return TRUE;
  style = wd_extract_peek_attr (node, "style");
  if (style != NULL)
    {
      g_autoptr(GString) compact = g_string_new (NULL);

      for (const char *p = style; *p != '\0'; p++)
        if (!g_ascii_isspace (*p))
          g_string_append_c (compact, g_ascii_tolower (*p));
      if (strstr (compact->str, "display:none") != NULL
          || strstr (compact->str, "visibility:hidden") != NULL)
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_ancestor (xmlNode    *node,
              const char *name,
              guint       max_depth)
{
  guint depth = 0;

  for (xmlNode *p = node->parent; p != NULL && depth < max_depth; p = p->parent, depth++)
    if (g_str_equal (wd_extract_node_name (p), name))
      return TRUE;
  return FALSE;
}

static gboolean
is_unlikely (xmlNode    *node,
             const char *name)
{
  const char *role;
  const char *itemprop;
  const char *klass;
  const char *id;

  if (g_str_equal (name, "body") || g_str_equal (name, "a") || g_str_equal (name, "html")
      || g_str_equal (name, "article") || g_str_equal (name, "main"))
    return FALSE;

  if (g_str_equal (name, "nav") || g_str_equal (name, "aside") || g_str_equal (name, "footer"))
    return TRUE;

  if (node->properties == NULL)
    return FALSE;

  role = wd_extract_peek_attr (node, "role");
  if (role != NULL && NAME_IN (role, unlikely_roles))
    return TRUE;

  /* Whatever a page calls it, the marked-up article body stays. */
  itemprop = wd_extract_peek_attr (node, "itemprop");
  if (itemprop != NULL && strstr (itemprop, "articleBody") != NULL)
    return FALSE;

  klass = wd_extract_peek_attr (node, "class");
  id = wd_extract_peek_attr (node, "id");
  if (!has_any (klass, unlikely_words, G_N_ELEMENTS (unlikely_words)) && !is_ad (klass)
      && !has_any (id, unlikely_words, G_N_ELEMENTS (unlikely_words)) && !is_ad (id))
    return FALSE;
  if (has_any (klass, maybe_words, G_N_ELEMENTS (maybe_words))
      || has_any (id, maybe_words, G_N_ELEMENTS (maybe_words)))
    return FALSE;
  if (has_ancestor (node, "table", MAX_ANCESTOR_WALK) || has_ancestor (node, "code",
                                                                        MAX_ANCESTOR_WALK))
    return FALSE;
  return TRUE;
}

static void
remove_node (xmlNode *node)
{
  xmlUnlinkNode (node);
  xmlFreeNode (node);
}

static gboolean
is_whitespace_text (xmlNode *node)
{
  if (node->type != XML_TEXT_NODE)
    return FALSE;
  for (const xmlChar *p = node->content; p != NULL && *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

static gboolean
is_phrasing (xmlNode *node)
{
  const char *name;

  if (node->type == XML_TEXT_NODE)
    return TRUE;
  if (node->type != XML_ELEMENT_NODE)
    return FALSE;
  name = wd_extract_node_name (node);
  if (!NAME_IN (name, phrasing_elements))
    return FALSE;
  if (g_str_equal (name, "a") || g_str_equal (name, "del") || g_str_equal (name, "ins")
      || g_str_equal (name, "span") || g_str_equal (name, "font"))
    {
      for (xmlNode *c = node->children; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE && is_block (wd_extract_node_name (c)))
          return FALSE;
    }
  return TRUE;
}

/* Whether @div holds no block content, so it reads as a paragraph. */
static gboolean
div_is_paragraph (xmlNode *div)
{
  guint seen = 0;

  for (xmlNode *n = div->children; n != NULL; n = wd_extract_next_node (n, div, FALSE))
    {
      if (++seen > MAX_DIV_SCAN)
        return FALSE;
      if (n->type == XML_ELEMENT_NODE && NAME_IN (wd_extract_node_name (n), div_to_p_blockers))
        return FALSE;
    }
  return TRUE;
}

/* Puts each run of inline content directly inside @div into a <p> of its
 * own, as a browser would lay it out as a paragraph. */
static void
wrap_inline_runs (xmlNode *div)
{
  xmlNode *p = NULL;
  xmlNode *child = div->children;

  while (child != NULL)
    {
      xmlNode *next = child->next;

      if (is_phrasing (child))
        {
          if (p == NULL)
            {
              if (!is_whitespace_text (child) && !(child->type == XML_ELEMENT_NODE
                                                   && g_str_equal (wd_extract_node_name (child),
                                                                   "br")))
                {
                  p = xmlNewDocNode (div->doc, NULL, (const xmlChar *) "p", NULL);
                  xmlAddPrevSibling (child, p);
                  xmlUnlinkNode (child);
                  xmlAddChild (p, child);
                }
            }
          else
            {
              xmlUnlinkNode (child);
              xmlAddChild (p, child);
            }
        }
      else if (child->type == XML_ELEMENT_NODE)
        {
          p = NULL;
        }
      child = next;
    }
}

/* Removes junk, hidden and (with FLAG_STRIP_UNLIKELY) layout nodes, turns
 * inline-only divs into paragraphs and lists what to score. */
static void
prepare (Ctx     *ctx,
         xmlNode *root)
{
  xmlNode *node = root;

  while (node != NULL)
    {
      const char *name;
      xmlNode *next;

      if (node->type == XML_COMMENT_NODE || node->type == XML_PI_NODE)
        {
          next = wd_extract_next_node (node, root, TRUE);
          remove_node (node);
          node = next;
          continue;
        }
      if (node->type != XML_ELEMENT_NODE)
        {
          node = wd_extract_next_node (node, root, TRUE);
          continue;
        }

      name = wd_extract_node_name (node);
      if (node != root
          && (NAME_IN (name, junk_elements) || is_hidden (node)
              || ((ctx->flags & FLAG_STRIP_UNLIKELY) && is_unlikely (node, name))))
        {
          next = wd_extract_next_node (node, root, TRUE);
          remove_node (node);
          node = next;
          continue;
        }

      if (g_str_equal (name, "div"))
        {
          if (div_is_paragraph (node))
            {
              xmlNodeSetName (node, (const xmlChar *) "p");
              name = "p";
            }
          else
            {
              wrap_inline_runs (node);
            }
        }

      if (g_str_equal (name, "p") || g_str_equal (name, "pre") || g_str_equal (name, "td")
          || g_str_equal (name, "section") || (name[0] == 'h' && name[1] >= '2'
                                                && name[1] <= '6' && name[2] == '\0'))
        g_ptr_array_add (ctx->to_score, node);

      node = wd_extract_next_node (node, root, FALSE);
    }
}

/* A link that goes somewhere: "javascript:" and missing targets are
 * buttons in disguise, and their text is text. */
static gboolean
is_real_link (xmlNode *node)
{
  const char *href = wd_extract_peek_attr (node, "href");

  return href != NULL && g_ascii_strncasecmp (href, "javascript:", 11) != 0;
}

static void
count_text (const char *text,
            guint      *chars,
            guint      *commas)
{
  gboolean in_space = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = (guchar) *p < 0x80 ? (gunichar) *p : g_utf8_get_char (p);

      if (c < 0x80 ? g_ascii_isspace (c) : (g_unichar_isspace (c) || c == 0xA0))
        {
          if (!in_space)
            (*chars)++;
          in_space = TRUE;
          continue;
        }
      in_space = FALSE;
      (*chars)++;
      if (c == ',' || c == 0x060C || c == 0xFE50 || c == 0xFE10 || c == 0xFE11 || c == 0x2E41
          || c == 0x2E34 || c == 0x2E32 || c == 0xFF0C)
        (*commas)++;
    }
}

/* Fills every element's NodeInfo below @root in one pass, bottom up. */
static void
compute_stats (Ctx     *ctx,
               xmlNode *root)
{
  xmlNode *node = root;

  for (;;)
    {
      gboolean descend = node->type == XML_ELEMENT_NODE && node->children != NULL;

      if (node->type == XML_ELEMENT_NODE)
        {
          NodeInfo *info = get_info (ctx, node);
          double score = info->score;
          gboolean scored = info->scored;

          memset (info, 0, sizeof *info);
          info->score = score;
          info->scored = scored;
        }

      if (descend)
        {
          node = node->children;
          continue;
        }

      for (;;)
        {
          xmlNode *parent = node->parent;

          /* Leaving @node: hand its figures to its parent. */
          if (node != root && parent != NULL && parent->type == XML_ELEMENT_NODE)
            {
              NodeInfo *pi = get_info (ctx, parent);

              if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
                {
                  guint chars = 0, commas = 0;

                  if (node->content != NULL)
                    count_text ((const char *) node->content, &chars, &commas);
                  pi->text_len += chars;
                  pi->commas += commas;
                }
              else if (node->type == XML_ELEMENT_NODE)
                {
                  NodeInfo *ci = get_info (ctx, node);
                  const char *name = wd_extract_node_name (node);

                  if (g_str_equal (name, "a") && is_real_link (node))
                    ci->link_len = ci->text_len;
                  if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && name[2] == '\0')
                    ci->heading_len = ci->text_len;
                  if (g_str_equal (name, "ul") || g_str_equal (name, "ol"))
                    ci->list_len = ci->text_len;
                  pi->text_len += ci->text_len;
                  pi->link_len += ci->link_len;
                  pi->heading_len += ci->heading_len;
                  pi->list_len += ci->list_len;
                  pi->commas += ci->commas;
                  pi->n_p += ci->n_p + g_str_equal (name, "p");
                  pi->n_img += ci->n_img + g_str_equal (name, "img");
                  pi->n_li += ci->n_li + g_str_equal (name, "li");
                  pi->n_input += ci->n_input + (g_str_equal (name, "input")
                                                || g_str_equal (name, "select")
                                                || g_str_equal (name, "textarea"));
                  pi->n_embed += ci->n_embed + (g_str_equal (name, "object")
                                                || g_str_equal (name, "embed")
                                                || g_str_equal (name, "iframe"));
                }
            }

          if (node == root)
            return;
          if (node->next != NULL)
            {
              node = node->next;
              break;
            }
          node = parent;
        }
    }
}

static double
link_density (Ctx     *ctx,
              xmlNode *node)
{
  NodeInfo *info = get_info (ctx, node);

  return info->text_len == 0 ? 0.0 : (double) info->link_len / info->text_len;
}

static void
init_candidate (Ctx     *ctx,
                xmlNode *node)
{
  NodeInfo *info = get_info (ctx, node);
  const char *name = wd_extract_node_name (node);
  g_autofree char *itemprop = NULL;

  if (info->scored)
    return;
  info->scored = TRUE;
  info->score = 0;
  g_ptr_array_add (ctx->candidates, node);

  if (g_str_equal (name, "div"))
    info->score += 5;
  else if (g_str_equal (name, "pre") || g_str_equal (name, "td")
           || g_str_equal (name, "blockquote"))
    info->score += 3;
  else if (g_str_equal (name, "address") || g_str_equal (name, "ol") || g_str_equal (name, "ul")
           || g_str_equal (name, "dl") || g_str_equal (name, "dd") || g_str_equal (name, "dt")
           || g_str_equal (name, "li") || g_str_equal (name, "form"))
    info->score -= 3;
  else if ((name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && name[2] == '\0')
           || g_str_equal (name, "th"))
    info->score -= 5;

  /* Semantic markup says where the article is. */
  if (ctx->flags & FLAG_WEIGHT_CLASSES)
    {
      itemprop = wd_extract_get_attr (node, "itemprop");
      if (g_str_equal (name, "article") || (itemprop != NULL && strstr (itemprop, "articleBody")))
        info->score += 10;
    }

  info->score += class_weight (ctx, node);
}

static void
score_paragraphs (Ctx *ctx)
{
  for (guint i = 0; i < ctx->to_score->len; i++)
    {
      xmlNode *node = g_ptr_array_index (ctx->to_score, i);
      NodeInfo *info = get_info (ctx, node);
      xmlNode *ancestor = node->parent;
      double content_score;

      if (ancestor == NULL || ancestor->type != XML_ELEMENT_NODE)
        continue;
      if (info->text_len < 25)
        continue;

      content_score = 1 + info->commas + MIN (floor (info->text_len / 100.0), 3);
      for (guint level = 0; level < SCORE_ANCESTORS && ancestor != NULL
           && ancestor->type == XML_ELEMENT_NODE; level++, ancestor = ancestor->parent)
        {
          double divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;

          if (ancestor->parent == NULL || ancestor->parent->type != XML_ELEMENT_NODE)
            {
              /* <html> itself is never the article */
              if (level > 0)
                break;
            }
          init_candidate (ctx, ancestor);
          get_info (ctx, ancestor)->score += content_score / divider;
        }
    }

  for (guint i = 0; i < ctx->candidates->len; i++)
    {
      xmlNode *node = g_ptr_array_index (ctx->candidates, i);
      NodeInfo *info = get_info (ctx, node);

      info->score *= 1 - link_density (ctx, node);
    }
}

static gboolean
is_ancestor_of (xmlNode *ancestor,
                xmlNode *node)
{
  guint depth = 0;

  for (xmlNode *p = node; p != NULL && depth < 16 * MAX_ANCESTOR_WALK; p = p->parent, depth++)
    if (p == ancestor)
      return TRUE;
  return FALSE;
}

static xmlNode *
find_body (xmlNode *root)
{
  for (xmlNode *n = root; n != NULL; n = wd_extract_next_node (n, root, FALSE))
    if (g_str_equal (wd_extract_node_name (n), "body"))
      return n;
  return root;
}

static xmlNode *
pick_top_candidate (Ctx     *ctx,
                    xmlNode *body)
{
  xmlNode *top = NULL;
  double top_score = 0;
  g_autoptr(GPtrArray) alternatives = g_ptr_array_new ();
  xmlNode *parent;
  double last_score;

  for (guint i = 0; i < ctx->candidates->len; i++)
    {
      xmlNode *node = g_ptr_array_index (ctx->candidates, i);
      NodeInfo *info = get_info (ctx, node);

      if (top == NULL || info->score > top_score)
        {
          top = node;
          top_score = info->score;
        }
    }

  if (top == NULL || top == body)
    return body;

  /* Several strong candidates under one ancestor: the article is split
   * into parts, and the ancestor holds them all. */
  for (guint i = 0; i < ctx->candidates->len; i++)
    {
      xmlNode *node = g_ptr_array_index (ctx->candidates, i);

      if (node != top && get_info (ctx, node)->score / top_score >= 0.75)
        g_ptr_array_add (alternatives, node);
    }
  if (alternatives->len >= 3)
    {
      guint depth = 0;

      for (parent = top->parent; parent != NULL && parent != body
           && parent->type == XML_ELEMENT_NODE && depth < MAX_ANCESTOR_WALK;
           parent = parent->parent, depth++)
        {
          guint containing = 0;

          for (guint i = 0; i < alternatives->len && containing < 3; i++)
            if (is_ancestor_of (parent, g_ptr_array_index (alternatives, i)))
              containing++;
          if (containing >= 3)
            {
              top = parent;
              break;
            }
        }
      init_candidate (ctx, top);
    }

  /* Climb while the parent scores better: the article may be split across
   * children of a node that gathered more points. */
  last_score = get_info (ctx, top)->score;
  for (parent = top->parent; parent != NULL && parent != body
       && parent->type == XML_ELEMENT_NODE; parent = parent->parent)
    {
      NodeInfo *pi = get_info (ctx, parent);

      if (!pi->scored)
        continue;
      if (pi->score < last_score / 3)
        break;
      if (pi->score > last_score)
        {
          top = parent;
          break;
        }
      last_score = pi->score;
    }

  /* An only child says nothing its parent does not. */
  for (parent = top->parent; parent != NULL && parent != body
       && parent->type == XML_ELEMENT_NODE; parent = top->parent)
    {
      guint n_elements = 0;

      for (xmlNode *c = parent->children; c != NULL && n_elements < 2; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
          n_elements++;
      if (n_elements != 1)
        break;
      top = parent;
    }
  init_candidate (ctx, top);
  return top;
}

static gboolean
ends_like_sentence (const char *text)
{
  const char *dot = strrchr (text, '.');

  return dot != NULL && (dot[1] == '\0' || dot[1] == ' ');
}

/* The top candidate and those of its siblings that belong to the article,
 * moved into a new container. */
static xmlNode *
gather_article (Ctx     *ctx,
                xmlNode *top,
                xmlNode *body)
{
  xmlNode *container = xmlNewDocNode (top->doc, NULL, (const xmlChar *) "div", NULL);
  NodeInfo *top_info = get_info (ctx, top);
  double threshold = MAX (10, top_info->score * 0.2);
  g_autofree char *top_class = wd_extract_get_attr (top, "class");
  xmlNode *parent = top->parent;
  xmlNode *sibling;

  if (top == body || parent == NULL || parent->type != XML_ELEMENT_NODE)
    {
      /* The whole body is the article. */
      xmlNode *child = top->children;

      while (child != NULL)
        {
          xmlNode *next = child->next;

          xmlUnlinkNode (child);
          xmlAddChild (container, child);
          child = next;
        }
      return container;
    }

  sibling = parent->children;
  while (sibling != NULL)
    {
      xmlNode *next = sibling->next;
      gboolean append = FALSE;

      if (sibling == top)
        {
          append = TRUE;
        }
      else if (sibling->type == XML_ELEMENT_NODE)
        {
          NodeInfo *info = get_info (ctx, sibling);
          g_autofree char *klass = wd_extract_get_attr (sibling, "class");
          double bonus = 0;

          if (top_class != NULL && *top_class != '\0' && g_strcmp0 (klass, top_class) == 0)
            bonus += top_info->score * 0.2;

          if (info->scored && info->score + bonus >= threshold)
            {
              append = TRUE;
            }
          else if (g_str_equal (wd_extract_node_name (sibling), "p"))
            {
              double density = link_density (ctx, sibling);

              if (info->text_len > 80 && density < 0.25)
                append = TRUE;
              else if (info->text_len < 80 && info->text_len > 0 && density == 0)
                {
                  g_autofree char *text = wd_extract_node_text (sibling);

                  append = ends_like_sentence (text);
                }
            }
        }

      if (append)
        {
          xmlUnlinkNode (sibling);
          xmlAddChild (container, sibling);
        }
      sibling = next;
    }
  return container;
}

static gboolean
is_data_table (xmlNode *table)
{
  g_autofree char *role = wd_extract_get_attr (table, "role");
  g_autofree char *datatable = wd_extract_get_attr (table, "datatable");
  g_autofree char *summary = NULL;
  guint rows = 0, columns = 0, seen = 0;

  if (g_strcmp0 (role, "presentation") == 0 || g_strcmp0 (datatable, "0") == 0)
    return FALSE;
  summary = wd_extract_get_attr (table, "summary");
  if (summary != NULL && *summary != '\0')
    return TRUE;

  for (xmlNode *n = table->children; n != NULL; n = wd_extract_next_node (n, table, FALSE))
    {
      const char *name = wd_extract_node_name (n);

      if (++seen > MAX_DIV_SCAN)
        break;
      if (g_str_equal (name, "caption") || g_str_equal (name, "thead")
          || g_str_equal (name, "tfoot") || g_str_equal (name, "th") || g_str_equal (name, "col")
          || g_str_equal (name, "colgroup"))
        return TRUE;
      if (g_str_equal (name, "table"))
        return FALSE;
      if (g_str_equal (name, "tr"))
        {
          guint cells = 0;

          rows++;
          for (xmlNode *c = n->children; c != NULL; c = c->next)
            if (g_str_equal (wd_extract_node_name (c), "td"))
              cells++;
          columns = MAX (columns, cells);
        }
    }
  if (rows == 1 || columns == 1)
    return FALSE;
  if (rows >= 10 || columns > 4)
    return TRUE;
  return rows * columns > 10;
}

/* Whether a block inside the article is layout or junk rather than text:
 * Readability's "clean conditionally". */
static gboolean
should_drop (Ctx        *ctx,
             xmlNode    *node,
             const char *name)
{
  NodeInfo *info = get_info (ctx, node);
  gboolean is_list = g_str_equal (name, "ul") || g_str_equal (name, "ol");
  int weight;
  double density, heading_density;
  gint li;

  if (!is_list && info->text_len > 0 && (double) info->list_len / info->text_len > 0.9)
    is_list = TRUE;
  if (g_str_equal (name, "table") && is_data_table (node))
    return FALSE;
  if (has_ancestor (node, "code", MAX_ANCESTOR_WALK))
    return FALSE;

  weight = class_weight (ctx, node);
  if (weight < 0)
    return TRUE;
  if (info->commas >= 10)
    return FALSE;

  density = link_density (ctx, node);
  heading_density = info->text_len == 0 ? 0 : (double) info->heading_len / info->text_len;
  li = (gint) info->n_li - 100;

  if (info->n_img > 1 && (double) info->n_p / info->n_img < 0.5
      && !has_ancestor (node, "figure", MAX_ANCESTOR_WALK))
    return TRUE;
  if (!is_list && li > (gint) info->n_p)
    return TRUE;
  if (info->n_input > info->n_p / 3)
    return TRUE;
  if (!is_list && heading_density < 0.9 && info->text_len < 25
      && (info->n_img == 0 || info->n_img > 2)
      && !has_ancestor (node, "figure", MAX_ANCESTOR_WALK))
    return TRUE;
  if (!is_list && weight < 25 && density > 0.2)
    return TRUE;
  /* A list of nothing but links is navigation or "related" teasers. */
  if (is_list && weight < 25 && density > 0.8)
    return TRUE;
  if (weight >= 25 && density > 0.5)
    return TRUE;
  if ((info->n_embed == 1 && info->text_len < 75) || info->n_embed > 1)
    return TRUE;
  return FALSE;
}

/* Returns whether it removed anything, so the caller knows the figures
 * went stale. */
static gboolean
clean_conditionally (Ctx        *ctx,
                     xmlNode    *article,
                     const char *tag)
{
  xmlNode *node = article->children;
  gboolean removed = FALSE;

  while (node != NULL)
    {
      if (node->type == XML_ELEMENT_NODE && g_str_equal (wd_extract_node_name (node), tag)
          && should_drop (ctx, node, tag))
        {
          xmlNode *next = wd_extract_next_node (node, article, TRUE);

          remove_node (node);
          removed = TRUE;
          node = next;
          continue;
        }
      node = wd_extract_next_node (node, article, FALSE);
    }
  return removed;
}

/* How alike two short texts are: the share of @b's words found in @a. */
static double
text_similarity (const char *a,
                 const char *b)
{
  g_autoptr(GPtrArray) words_a = NULL;
  g_autoptr(GPtrArray) words_b = NULL;
  g_autofree char *lower_a = g_utf8_strdown (a, -1);
  g_autofree char *lower_b = g_utf8_strdown (b, -1);
  gsize total = 0, missing = 0;

  words_a = wd_text_tokenize (lower_a);
  words_b = wd_text_tokenize (lower_b);
  if (words_a->len == 0 || words_b->len == 0)
    return 0;

  for (guint i = 0; i < words_b->len; i++)
    {
      const char *w = g_ptr_array_index (words_b, i);
      gboolean found = FALSE;

      for (guint j = 0; j < words_a->len && !found; j++)
        found = g_str_equal (w, g_ptr_array_index (words_a, j));
      total += strlen (w) + 1;
      if (!found)
        missing += strlen (w) + 1;
    }
  return 1.0 - (double) missing / total;
}

static gboolean
is_byline_node (xmlNode *node)
{
  static const char * const hints[] = { "byline", "author", "dateline", "writtenby" };
  const char *rel;
  const char *itemprop;

  if (node->properties == NULL)
    return FALSE;
  rel = wd_extract_peek_attr (node, "rel");
  itemprop = wd_extract_peek_attr (node, "itemprop");
  return g_strcmp0 (rel, "author") == 0 || (itemprop != NULL && strstr (itemprop, "author"))
         || has_any (wd_extract_peek_attr (node, "class"), hints, G_N_ELEMENTS (hints))
         || has_any (wd_extract_peek_attr (node, "id"), hints, G_N_ELEMENTS (hints));
}

/* Drops what is metadata rather than body (headline, bylines, captions)
 * and leftovers of layout (share bars, empty blocks). */
static void
clean_article (Ctx     *ctx,
               xmlNode *article)
{
  xmlNode *node;
  gboolean headline_seen = FALSE;

  if (ctx->flags & FLAG_CLEAN_CONDITIONALLY)
    {
      static const char * const tags[] = { "form", "fieldset", "table", "ul", "div" };
      gboolean stale = TRUE;

      /* Each pass judges blocks by the figures left after the last one. */
      for (gsize i = 0; i < G_N_ELEMENTS (tags); i++)
        {
          if (stale)
            compute_stats (ctx, article);
          stale = clean_conditionally (ctx, article, tags[i]);
        }
    }

  node = article->children;
  while (node != NULL)
    {
      const char *name = wd_extract_node_name (node);
      gboolean drop = FALSE;

      if (node->type == XML_ELEMENT_NODE)
        {
          if (g_str_equal (name, "figcaption") || g_str_equal (name, "footer")
              || g_str_equal (name, "aside") || g_str_equal (name, "nav"))
            drop = TRUE;
          else if ((g_str_equal (name, "h1") || g_str_equal (name, "h2")) && !headline_seen
                   && ctx->title != NULL)
            {
              g_autofree char *text = wd_extract_node_text (node);

              if (text_similarity (ctx->title, text) > 0.75
                  && text_similarity (text, ctx->title) > 0.75)
                {
                  drop = TRUE;
                  headline_seen = TRUE;
                }
            }
          else if ((name[0] == 'h' && name[1] >= '1' && name[1] <= '3' && name[2] == '\0')
                   && class_weight (ctx, node) < 0)
            drop = TRUE;

          if (!drop && is_byline_node (node))
            {
              g_autofree char *text = wd_extract_node_text (node);

              drop = g_utf8_strlen (text, -1) < 100;
            }
          if (!drop && (g_str_equal (name, "div") || g_str_equal (name, "span")
                        || g_str_equal (name, "p") || g_str_equal (name, "figure")))
            {
              static const char * const hints[] = { "caption", "share", "social" };

              /* Captions under their usual names, and share bars */
              if (has_any (wd_extract_peek_attr (node, "class"), hints, G_N_ELEMENTS (hints))
                  || has_any (wd_extract_peek_attr (node, "id"), hints, G_N_ELEMENTS (hints)))
                {
                  g_autofree char *text = wd_extract_node_text (node);

                  drop = g_utf8_strlen (text, -1) < 200;
                }
            }
        }

      if (drop)
        {
          xmlNode *next = wd_extract_next_node (node, article, TRUE);

          remove_node (node);
          node = next;
          continue;
        }
      node = wd_extract_next_node (node, article, FALSE);
    }
}

/* Markdown rendering */

typedef struct {
  gboolean ordered;
  guint counter;
} ListLevel;

typedef struct {
  GString *out;
  GString *para;
  gboolean pending_space;
  guint heading;       /* 1–6 inside a heading */
  guint quote_depth;
  guint pre_depth;
  GArray *lists;       /* ListLevel */
  gboolean marker_pending;
  gboolean last_was_item;
  guint link_chars;    /* inside <a>, to tell link lists from articles */
  guint link_depth;
  guint all_chars;
} Render;

static void
flush_block (Render *r)
{
  g_autoptr(GString) block = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  g_autofree char *prefix = NULL;
  gboolean is_item = FALSE;
  char *text = r->para->str;
  gsize len;

  r->pending_space = FALSE;

  /* Trim */
  while (*text == ' ' || *text == '\n')
    text++;
  len = strlen (text);
  while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\n'))
    len--;
  if (len == 0)
    {
      g_string_truncate (r->para, 0);
      return;
    }

  {
    GString *p = g_string_new (NULL);

    for (guint i = 0; i < r->quote_depth; i++)
      g_string_append (p, "> ");
    prefix = g_string_free (p, FALSE);
  }

  if (r->pre_depth > 0)
    {
      g_string_append_printf (block, "```\n%.*s\n```", (int) len, text);
    }
  else
    {
      if (r->heading > 0)
        {
          guint level = r->heading <= 2 ? 2 : r->heading == 3 ? 3 : 4;

          for (guint i = 0; i < level; i++)
            g_string_append_c (block, '#');
          g_string_append_c (block, ' ');
        }
      else if (r->lists->len > 0 && r->marker_pending)
        {
          ListLevel *level = &g_array_index (r->lists, ListLevel, r->lists->len - 1);

          for (guint i = 1; i < r->lists->len; i++)
            g_string_append (block, "  ");
          if (level->ordered)
            g_string_append_printf (block, "%u. ", level->counter);
          else
            g_string_append (block, "- ");
          is_item = TRUE;
          r->marker_pending = FALSE;
        }
      g_string_append_len (block, text, len);
    }

  lines = g_strsplit (block->str, "\n", -1);
  if (r->out->len > 0)
    g_string_append (r->out, is_item && r->last_was_item ? "\n" : "\n\n");
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (r->out, '\n');
      g_string_append (r->out, prefix);
      if (i > 0 && is_item)
        g_string_append (r->out, "   ");
      g_string_append (r->out, g_strchomp (lines[i]));
    }
  r->last_was_item = is_item;
  g_string_truncate (r->para, 0);
}

static void
append_text (Render     *r,
             const char *text)
{
  if (r->pre_depth > 0)
    {
      g_string_append (r->para, text);
      return;
    }

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = (guchar) *p < 0x80 ? (gunichar) *p : g_utf8_get_char (p);

      if (c == 0x200B || c == 0xFEFF)
        continue;
      if (c < 0x80 ? g_ascii_isspace (c) : (g_unichar_isspace (c) || c == 0xA0))
        {
          r->pending_space = TRUE;
          continue;
        }
      if (r->pending_space && r->para->len > 0
          && r->para->str[r->para->len - 1] != '\n')
        {
          g_string_append_c (r->para, ' ');
          r->all_chars++;
        }
      r->pending_space = FALSE;
      g_string_append_unichar (r->para, c);
      r->all_chars++;
      if (r->link_depth > 0)
        r->link_chars++;
    }
}

static gboolean
render_enter (Render  *r,
              xmlNode *node)
{
  const char *name;

  if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
    {
      if (node->content != NULL)
        append_text (r, (const char *) node->content);
      return FALSE;
    }
  if (node->type != XML_ELEMENT_NODE)
    return node->type == XML_HTML_DOCUMENT_NODE || node->type == XML_DOCUMENT_NODE;

  name = wd_extract_node_name (node);
  if (g_str_equal (name, "script") || g_str_equal (name, "style")
      || g_str_equal (name, "noscript") || g_str_equal (name, "template")
      || g_str_equal (name, "head") || g_str_equal (name, "title") || g_str_equal (name, "svg")
      || g_str_equal (name, "select") || g_str_equal (name, "textarea")
      || g_str_equal (name, "button") || g_str_equal (name, "iframe")
      || g_str_equal (name, "object"))
    return FALSE;

  if (g_str_equal (name, "br"))
    {
      /* One <br> breaks the line; two or more break the paragraph. */
      if (r->para->len > 0 && r->para->str[r->para->len - 1] == '\n' && r->pre_depth == 0)
        {
          g_string_truncate (r->para, r->para->len - 1);
          flush_block (r);
        }
      else if (r->para->len > 0)
        {
          g_string_append_c (r->para, '\n');
        }
      r->pending_space = FALSE;
      return FALSE;
    }
  if (g_str_equal (name, "a") && is_real_link (node))
    r->link_depth++;
  if (g_str_equal (name, "td") || g_str_equal (name, "th"))
    r->pending_space = TRUE;

  if (!is_block (name))
    return TRUE;

  flush_block (r);
  if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && name[2] == '\0')
    r->heading = name[1] - '0';
  else if (g_str_equal (name, "ul") || g_str_equal (name, "ol") || g_str_equal (name, "menu")
           || g_str_equal (name, "dir"))
    {
      ListLevel level = { g_str_equal (name, "ol"), 0 };
      g_autofree char *start = wd_extract_get_attr (node, "start");

      if (start != NULL && level.ordered)
        level.counter = (guint) CLAMP (g_ascii_strtoll (start, NULL, 10) - 1, 0, 100000);
      g_array_append_val (r->lists, level);
    }
  else if (g_str_equal (name, "li"))
    {
      if (r->lists->len > 0)
        {
          g_array_index (r->lists, ListLevel, r->lists->len - 1).counter++;
          r->marker_pending = TRUE;
        }
    }
  else if (g_str_equal (name, "blockquote"))
    r->quote_depth++;
  else if (g_str_equal (name, "pre"))
    r->pre_depth++;
  return TRUE;
}

static void
render_leave (Render  *r,
              xmlNode *node)
{
  const char *name = wd_extract_node_name (node);

  if (node->type != XML_ELEMENT_NODE)
    return;
  if (g_str_equal (name, "a") && r->link_depth > 0 && is_real_link (node))
    r->link_depth--;
  if (!is_block (name))
    return;

  flush_block (r);
  if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && name[2] == '\0')
    r->heading = 0;
  else if ((g_str_equal (name, "ul") || g_str_equal (name, "ol") || g_str_equal (name, "menu")
            || g_str_equal (name, "dir")) && r->lists->len > 0)
    {
      g_array_set_size (r->lists, r->lists->len - 1);
      r->marker_pending = FALSE;
      if (r->lists->len == 0)
        r->last_was_item = FALSE;
    }
  else if (g_str_equal (name, "li"))
    r->marker_pending = FALSE;
  else if (g_str_equal (name, "blockquote") && r->quote_depth > 0)
    r->quote_depth--;
  else if (g_str_equal (name, "pre") && r->pre_depth > 0)
    r->pre_depth--;
}

/* Renders @root as Markdown. Iterates: no recursion, any depth. */
static char *
render_markdown (xmlNode *root,
                 double  *out_link_density)
{
  Render r = { 0, };
  xmlNode *node = root;

  r.out = g_string_new (NULL);
  r.para = g_string_new (NULL);
  r.lists = g_array_new (FALSE, TRUE, sizeof (ListLevel));

  for (;;)
    {
      gboolean descend = render_enter (&r, node);

      if (descend && node->children != NULL)
        {
          node = node->children;
          continue;
        }
      render_leave (&r, node);
      while (node != root && node->next == NULL)
        {
          node = node->parent;
          render_leave (&r, node);
        }
      if (node == root)
        break;
      node = node->next;
    }
  flush_block (&r);

  if (out_link_density != NULL)
    *out_link_density = r.all_chars == 0 ? 0 : (double) r.link_chars / r.all_chars;

  g_string_free (r.para, TRUE);
  g_array_unref (r.lists);
  return g_string_free (r.out, FALSE);
}

static htmlDocPtr
parse_html (const char *html,
            gsize       length)
{
  static gsize initialized = 0;

  /* Imports extract in worker threads; libxml2 must set itself up once,
   * before any two of them parse at the same time. */
  if (g_once_init_enter (&initialized))
    {
      xmlInitParser ();
      g_once_init_leave (&initialized, 1);
    }

  return htmlReadMemory (html, (int) MIN (length, (gsize) G_MAXINT), NULL, "UTF-8",
                         HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING
                         | HTML_PARSE_NONET | HTML_PARSE_COMPACT
                         /* Past 256 levels libxml2 would stop reading and lose the rest
                          * of the page; every walk here iterates, so depth is safe. */
                         | XML_PARSE_HUGE);
}

/* One extraction attempt on a fresh parse; returns the Markdown. */
static char *
extract_body (htmlDocPtr  doc,
              guint       flags,
              const char *title,
              double     *out_link_density)
{
  g_auto(Ctx) ctx = { NULL, };
  xmlNode *root;
  xmlNode *body;
  xmlNode *top;
  xmlNode *article;
  char *text;

  if (doc == NULL)
    return g_strdup ("");
  root = xmlDocGetRootElement (doc);
  if (root == NULL)
    {
      xmlFreeDoc (doc);
      return g_strdup ("");
    }

  ctx.infos = g_ptr_array_new_with_free_func (g_free);
  ctx.to_score = g_ptr_array_new ();
  ctx.candidates = g_ptr_array_new ();
  ctx.flags = flags;
  ctx.title = title;

  body = find_body (root);
  prepare (&ctx, body);
  compute_stats (&ctx, body);
  score_paragraphs (&ctx);
  top = pick_top_candidate (&ctx, body);
  article = gather_article (&ctx, top, body);
  clean_article (&ctx, article);
  text = render_markdown (article, out_link_density);

  /* The NodeInfos hang off nodes that are about to be freed. */
  xmlFreeNode (article);
  xmlFreeDoc (doc);
  return text;
}

static gboolean
looks_binary (const char *data,
              gsize       length)
{
  gsize controls = 0;
  gsize n = MIN (length, 4096);

  for (gsize i = 0; i < n; i++)
    {
      guchar c = data[i];

      if (c == 0)
        return TRUE;
      if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')
        controls++;
    }
  return controls * 10 > n;
}

static char *
first_paragraph (const char *text)
{
  g_auto(GStrv) blocks = g_strsplit (text, "\n\n", -1);

  for (guint i = 0; blocks[i] != NULL; i++)
    if (blocks[i][0] != '#' && blocks[i][0] != '>' && blocks[i][0] != '-'
        && blocks[i][0] != '`' && *blocks[i] != '\0')
      return wd_text_normalize_whitespace (blocks[i]);
  return NULL;
}

/**
 * wd_extract_html:
 * @html: the page, UTF-8 (invalid bytes are replaced)
 * @length: the length of @html in bytes, or -1 if nul-terminated
 * @base_url: (nullable): the page's address, for relative links
 * @error: return location for a #GError
 *
 * Finds the article in a web page: its body as Markdown (paragraphs,
 * headings, lists, block quotes; no navigation, ads, share bars, comments,
 * headline, captions or bylines) and its metadata. A page that holds no
 * article gets an empty text and a reason rather than an error.
 *
 * Returns: (transfer full): the extraction, or %NULL if @html is empty or
 *   not HTML (%WD_IMPORT_ERROR_PARSE)
 */
WdExtraction *
wd_extract_html (const char  *html,
                 gssize       length,
                 const char  *base_url,
                 GError     **error)
{
  static const guint attempts[] = {
    FLAG_STRIP_UNLIKELY | FLAG_WEIGHT_CLASSES | FLAG_CLEAN_CONDITIONALLY,
    FLAG_WEIGHT_CLASSES | FLAG_CLEAN_CONDITIONALLY,
    FLAG_CLEAN_CONDITIONALLY,
    0,
  };
  g_autoptr(WdExtraction) result = g_new0 (WdExtraction, 1);
  g_autofree char *valid = NULL;
  g_autofree char *best = NULL;
  g_autofree char *effective_base = NULL;
  double best_density = 0;
  gsize best_len = 0;
  gsize valid_len;
  htmlDocPtr doc;

  g_return_val_if_fail (html != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = strlen (html);

  {
    gsize i = 0;

    while (i < (gsize) length && g_ascii_isspace (html[i]))
      i++;
    if (i == (gsize) length)
      {
        g_set_error_literal (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_PARSE,
                             _("The page is empty; check that you chose the right file or address."));
        return NULL;
      }
  }
  if (looks_binary (html, length))
    {
      g_set_error_literal (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_PARSE,
                           _("The file is not a web page (it holds binary data); "
                             "open an HTML, Markdown or text file instead."));
      return NULL;
    }

  /* libxml2 stops at bytes that are not UTF-8; replace them instead. A NUL
   * inside is not text either. */
  if (g_utf8_validate_len (html, length, NULL))
    valid = g_strndup (html, length);
  else
    valid = g_utf8_make_valid (html, length);
  valid_len = strlen (valid);

  doc = parse_html (valid, valid_len);
  if (doc == NULL || xmlDocGetRootElement (doc) == NULL)
    {
      if (doc != NULL)
        xmlFreeDoc (doc);
      g_set_error_literal (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_PARSE,
                           _("The page could not be read as HTML; check that it is a web page."));
      return NULL;
    }
  effective_base = wd_extract_collect_meta (doc, base_url, result);

  for (gsize i = 0; i < G_N_ELEMENTS (attempts); i++)
    {
      double density = 0;
      char *text;

      /* Each attempt changes the tree; the first uses the parse the
       * metadata came from, the others parse again. */
      if (i > 0)
        doc = parse_html (valid, valid_len);
      text = extract_body (doc, attempts[i], result->title, &density);
      gsize len = g_utf8_strlen (text, -1);
      g_debug ("attempt %" G_GSIZE_FORMAT ": %" G_GSIZE_FORMAT " characters", i, len);

      if (best == NULL || len > best_len)
        {
          g_free (best);
          best = text;
          best_len = len;
          best_density = density;
        }
      else
        {
          g_free (text);
        }
      if (best_len >= RETRY_CHAR_THRESHOLD)
        break;
    }

  if (best_len == 0)
    {
      result->text = g_strdup ("");
      result->reason = g_strdup (_("The page has no article text."));
    }
  else if (best_density > 0.5)
    {
      /* Mostly links: a front page, a listing or a menu. */
      result->text = g_strdup ("");
      result->reason = g_strdup (_("The page is a list of links (a front page, a section "
                                   "or a menu), not an article."));
    }
  else
    {
      result->text = g_steal_pointer (&best);
    }

  if (result->excerpt == NULL && *result->text != '\0')
    result->excerpt = first_paragraph (result->text);

  return g_steal_pointer (&result);
}

/**
 * wd_extract_html_to_text:
 * @html: a page or fragment, UTF-8
 * @length: its length in bytes, or -1 if nul-terminated
 *
 * Renders the whole of @html as Markdown with the same text walk
 * wd_extract_html() uses for the article, without choosing anything:
 * for comparing an extraction with a reference.
 *
 * Returns: (transfer full): the text, possibly empty
 */
char *
wd_extract_html_to_text (const char *html,
                         gssize      length)
{
  g_autofree char *valid = NULL;
  htmlDocPtr doc;
  xmlNode *root;
  char *text;

  g_return_val_if_fail (html != NULL || length == 0, NULL);

  if (length < 0)
    length = strlen (html);
  valid = g_utf8_make_valid (html, length);
  doc = parse_html (valid, strlen (valid));
  if (doc == NULL)
    return g_strdup ("");
  root = xmlDocGetRootElement (doc);
  text = root != NULL ? render_markdown (root, NULL) : g_strdup ("");
  xmlFreeDoc (doc);
  return text;
}

/**
 * wd_extraction_to_json:
 * @extraction: an extraction
 * @pretty: whether to indent
 *
 * The extraction as a JSON object with the members title, byline,
 * published, site_name, canonical_url, lang, excerpt, image and text (null
 * where unknown), plus reason when the page is not an article.
 *
 * Returns: (transfer full): the JSON text
 */
char *
wd_extraction_to_json (const WdExtraction *extraction,
                       gboolean            pretty)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  const struct { const char *name; const char *value; } members[] = {
    { "title", extraction->title },
    { "byline", extraction->byline },
    { "published", extraction->published },
    { "site_name", extraction->site_name },
    { "canonical_url", extraction->canonical_url },
    { "lang", extraction->lang },
    { "dir", extraction->dir },
    { "excerpt", extraction->excerpt },
    { "image", extraction->image },
    { "text", extraction->text },
  };

  json_builder_begin_object (builder);
  for (gsize i = 0; i < G_N_ELEMENTS (members); i++)
    {
      json_builder_set_member_name (builder, members[i].name);
      if (members[i].value != NULL)
        json_builder_add_string_value (builder, members[i].value);
      else
        json_builder_add_null_value (builder);
    }
  if (extraction->reason != NULL)
    {
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, extraction->reason);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, pretty);
  return json_generator_to_data (generator, NULL);
}

/**
 * wd_extraction_free:
 * @extraction: (nullable): an extraction
 *
 * Frees @extraction and its strings.
 */
void
wd_extraction_free (WdExtraction *extraction)
{
  if (extraction == NULL)
    return;
  g_free (extraction->title);
  g_free (extraction->byline);
  g_free (extraction->published);
  g_free (extraction->site_name);
  g_free (extraction->canonical_url);
  g_free (extraction->lang);
  g_free (extraction->dir);
  g_free (extraction->excerpt);
  g_free (extraction->image);
  g_free (extraction->text);
  g_free (extraction->reason);
  g_free (extraction);
}
