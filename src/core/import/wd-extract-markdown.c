/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-extract"

/* Renders the chosen article nodes as Markdown. */

#include <string.h>

#include "wd-extract-private.h"

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
  if (g_str_equal (name, "a") && wd_extract_is_real_link (node))
    r->link_depth++;
  if (g_str_equal (name, "td") || g_str_equal (name, "th"))
    r->pending_space = TRUE;

  if (!wd_extract_is_block (name))
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
  if (g_str_equal (name, "a") && r->link_depth > 0 && wd_extract_is_real_link (node))
    r->link_depth--;
  if (!wd_extract_is_block (name))
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
char *
wd_extract_render_markdown (xmlNode *root,
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
