/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-extract"

/* Finding the article in a page: DOM cleanup, candidate scoring, gathering
 * the top candidate and its siblings, and cleaning the result. */

#include <math.h>
#include <string.h>

#include "text/wd-text.h"
#include "wd-extract-private.h"

/* Ancestors that share a paragraph's score */
#define SCORE_ANCESTORS 5
/* Ancestor walks stop here so a hostile page cannot make them quadratic. */
#define MAX_ANCESTOR_WALK 64
/* Nodes looked at to decide whether a <div> holds only inline content */
#define MAX_DIV_SCAN 2000

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

gboolean
wd_extract_is_block (const char *name)
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
  if (!(ctx->flags & WD_EXTRACT_FLAG_WEIGHT_CLASSES) || node->properties == NULL)
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
        if (c->type == XML_ELEMENT_NODE && wd_extract_is_block (wd_extract_node_name (c)))
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

/* Removes junk, hidden and (with WD_EXTRACT_FLAG_STRIP_UNLIKELY) layout nodes, turns
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
              || ((ctx->flags & WD_EXTRACT_FLAG_STRIP_UNLIKELY) && is_unlikely (node, name))))
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
gboolean
wd_extract_is_real_link (xmlNode *node)
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

                  if (g_str_equal (name, "a") && wd_extract_is_real_link (node))
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
  if (ctx->flags & WD_EXTRACT_FLAG_WEIGHT_CLASSES)
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

  if (ctx->flags & WD_EXTRACT_FLAG_CLEAN_CONDITIONALLY)
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

              if (wd_extract_text_similarity (ctx->title, text) > 0.75
                  && wd_extract_text_similarity (text, ctx->title) > 0.75)
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

/* One extraction attempt on a fresh parse; returns the Markdown. */
char *
wd_extract_body (htmlDocPtr  doc,
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
  text = wd_extract_render_markdown (article, out_link_density);

  /* The NodeInfos hang off nodes that are about to be freed. */
  xmlFreeNode (article);
  xmlFreeDoc (doc);
  return text;
}

