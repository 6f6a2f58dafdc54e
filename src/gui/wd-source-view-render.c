/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-source-view"

/*
 * The source's text into the view's buffer. The extractor stores it as a
 * small Markdown dialect (blank-line paragraphs, "#" headings, "- " and
 * "1. " lists, "> " quotes, ``` fences); imported .md files may add
 * **strong**, _emphasis_, `code` and [links](…). The marks are not shown:
 * each block becomes one or more buffer lines styled with tags.
 *
 * The buffer keeps the source's words as they are, so a later stage can
 * find and highlight source sentences. Every run of text copied from the
 * source is a WdSourceSegment: its place in the buffer (characters, as
 * GtkTextIter offsets count) and in wd_source_get_text() (bytes). What the
 * view adds (bullets, the newline between blocks) belongs to no segment;
 * what it drops (the marks) has no place in the buffer.
 * wd_source_view_source_to_buffer() and wd_source_view_buffer_to_source()
 * translate through the segments.
 */

#include <string.h>

#include "wd-source-view-private.h"

/* The longest link text or address looked for: a stray '[' must not send
 * every later one to the end of a long line. */
#define MAX_LINK_BYTES 2048
/* The most marks rendered in one block; the rest show as they are. Every
 * tag toggle splits the buffer line, and GtkTextBuffer walks a line's
 * pieces to apply the next tag: a megabyte paragraph full of marks would
 * take minutes. No real paragraph comes near. */
#define MAX_INLINE_TAGS 500

typedef enum
{
  BLOCK_NONE,
  BLOCK_PARAGRAPH,
  BLOCK_HEADING,
  BLOCK_ITEM,
  BLOCK_CODE,
} BlockKind;

typedef struct
{
  GtkTextTag *tag;
  int         start;
  int         end;
} TagRange;

typedef struct
{
  WdSourceView *self;
  const char   *text;         /* the source text; segments point into it */
  const char   *title;        /* to leave out a first heading that repeats it */
  GString      *out;
  int           n_chars;      /* characters in out */
  GArray       *segments;
  GArray       *ranges;       /* TagRange, applied once the text is in */
  PangoDirection direction;   /* the view's, for paragraphs without a strong letter */

  /* the block being built */
  BlockKind     kind;
  guint         level;        /* heading level, or list depth from 0 */
  guint         quote_depth;
  int           block_start;
  gsize         block_out_start;
  int           first_line_end;  /* -1 until the block has a second line */
  guint         inline_tags;     /* marks rendered in the block so far */
  int           undo_chars;      /* to drop the separator of a block left empty */
  gsize         undo_out;
  guint         undo_segments;

  BlockKind     last_kind;
  guint         n_blocks;
} Render;

static void
emit_source (Render     *r,
             const char *p,
             gsize       len)
{
  int n;
  gsize source_offset;
  WdSourceSegment *last;

  if (len == 0)
    return;

  n = (int) g_utf8_strlen (p, (gssize) len);
  source_offset = (gsize) (p - r->text);
  last = r->segments->len > 0
    ? &g_array_index (r->segments, WdSourceSegment, r->segments->len - 1) : NULL;

  if (last != NULL &&
      last->buffer_offset + last->n_chars == r->n_chars &&
      last->source_offset + last->n_bytes == source_offset)
    {
      last->n_chars += n;
      last->n_bytes += len;
    }
  else
    {
      WdSourceSegment segment = { r->n_chars, n, source_offset, len };

      g_array_append_val (r->segments, segment);
    }

  g_string_append_len (r->out, p, (gssize) len);
  r->n_chars += n;
}

static void
emit_added (Render     *r,
            const char *text)
{
  g_string_append (r->out, text);
  r->n_chars += (int) g_utf8_strlen (text, -1);
}

static void
add_range (Render     *r,
           GtkTextTag *tag,
           int         start,
           int         end)
{
  TagRange range = { tag, start, end };

  if (end > start)
    g_array_append_val (r->ranges, range);
}

/* Inline marks */

static gboolean
is_word_char (const char *p,
              const char *start)
{
  gunichar c;

  if (p == NULL || p < start)
    return FALSE;
  c = g_utf8_get_char_validated (p, -1);
  return c != (gunichar) -1 && c != (gunichar) -2 && g_unichar_isalnum (c);
}

static gboolean
is_space_at (const char *p,
             const char *end)
{
  return p >= end || *p == ' ' || *p == '\t' || *p == '\n';
}

/* The closing delimiter @delim for an opening one ending at @from, or NULL:
 * it must follow a non-space, and an underscore must not sit inside a word
 * (snake_case, addresses). */
static const char *
find_closing (const char *from,
              const char *end,
              const char *delim,
              const char *line_start)
{
  gsize len = strlen (delim);

  for (const char *p = from + 1; p + len <= end; p++)
    {
      if (*p == '\\' && p + 1 < end)
        {
          p++;
          continue;
        }
      if (*p == '`' && delim[0] != '`')
        {
          const char *close = memchr (p + 1, '`', (gsize) (end - p - 1));

          if (close != NULL)
            p = close;
          continue;
        }
      if (strncmp (p, delim, len) != 0 || p[-1] == ' ')
        continue;
      if (len == 1 && p + 1 < end && p[1] == delim[0])
        {
          p++;
          continue;
        }
      if (delim[0] == '_' && p + len < end && is_word_char (p + len, line_start))
        continue;
      return p;
    }

  return NULL;
}

static gboolean
is_link_scheme (const char *uri)
{
  const char *scheme = g_uri_peek_scheme (uri);

  return scheme != NULL &&
         (g_str_equal (scheme, "http") || g_str_equal (scheme, "https") ||
          g_str_equal (scheme, "mailto"));
}

static void render_inline (Render *r, const char *p, const char *end, guint depth);

static GtkTextTag *
lookup_tag (Render     *r,
            const char *name)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (r->self->text_view);
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);

  return gtk_text_tag_table_lookup (table, name);
}

/* A [text](url) at @p: renders it and returns where it ends, or NULL when
 * @p does not start a link. */
static const char *
render_link (Render     *r,
             const char *p,
             const char *end,
             guint       depth)
{
  const char *close;
  const char *url_end;
  const char *url;
  int start;

  close = memchr (p + 1, ']', (gsize) MIN (end - p - 1, MAX_LINK_BYTES));
  if (close == NULL || close + 1 >= end || close[1] != '(')
    return NULL;
  url = close + 2;
  url_end = memchr (url, ')', (gsize) MIN (end - url, MAX_LINK_BYTES));
  if (url_end == NULL)
    return NULL;

  start = r->n_chars;
  render_inline (r, p + 1, close, depth + 1);

  {
    g_autofree char *uri = g_strndup (url, (gsize) (url_end - url));
    char *space = strchr (uri, ' ');

    /* [text](url "title"): the title is not shown. */
    if (space != NULL)
      *space = '\0';
    if (is_link_scheme (uri) && r->n_chars > start)
      {
        GtkTextBuffer *buffer = gtk_text_view_get_buffer (r->self->text_view);
        GtkTextTag *tag = gtk_text_tag_new (NULL);

        g_object_set_data_full (G_OBJECT (tag), "wd-uri", g_steal_pointer (&uri), g_free);
        gtk_text_tag_table_add (gtk_text_buffer_get_tag_table (buffer), tag);
        g_ptr_array_add (r->self->link_tags, tag);
        add_range (r, r->self->link_tag, start, r->n_chars);
        r->inline_tags++;
        add_range (r, tag, start, r->n_chars);
      }
  }

  return url_end + 1;
}

/* Copies [@p, @end) to the buffer without its inline marks, recording the
 * tags for what they marked. @depth bounds the nesting of marks. */
static void
render_inline (Render     *r,
               const char *p,
               const char *end,
               guint       depth)
{
  const char *line_start = p;
  const char *run = p;
  /* A delimiter with no closing one after some place has none after any
   * later place either: looking again would make a line full of stray
   * asterisks quadratic. Bit 0–3: "*", "**", "_", "__". */
  guint unclosed = 0;

  while (p < end)
    {
      const char *close = NULL;
      const char *inner = NULL;
      const char *after = NULL;
      const char *tag_name = NULL;
      gsize delim_len = 0;

      if (r->inline_tags >= MAX_INLINE_TAGS)
        break;

      switch (*p)
        {
        case '\\':
          if (p + 1 < end && g_ascii_ispunct (p[1]))
            {
              emit_source (r, run, (gsize) (p - run));
              run = p + 1;
              p += 2;
              continue;
            }
          break;

        case '`':
          close = memchr (p + 1, '`', (gsize) (end - p - 1));
          if (close != NULL && close > p + 1)
            {
              int start;

              emit_source (r, run, (gsize) (p - run));
              start = r->n_chars;
              emit_source (r, p + 1, (gsize) (close - p - 1));
              add_range (r, lookup_tag (r, "code"), start, r->n_chars);
              r->inline_tags++;
              p = run = close + 1;
              continue;
            }
          break;

        case '*':
        case '_':
          if (depth >= 4)
            break;
          delim_len = p + 1 < end && p[1] == *p ? 2 : 1;
          /* An opening mark is followed by a non-space, and an underscore
           * does not open inside a word. */
          if (is_space_at (p + delim_len, end) ||
              (*p == '_' && is_word_char (g_utf8_find_prev_char (line_start, p), line_start)))
            break;
          {
            char delim[3] = { *p, delim_len == 2 ? *p : '\0', '\0' };
            guint bit = 1u << ((*p == '_' ? 2 : 0) + (delim_len - 1));

            if (unclosed & bit)
              break;
            close = find_closing (p + delim_len - 1, end, delim, line_start);
            if (close == NULL)
              unclosed |= bit;
          }
          if (close == NULL || close == p + delim_len)
            break;
          inner = p + delim_len;
          after = close + delim_len;
          tag_name = delim_len == 2 ? "strong" : "emphasis";
          break;

        case '[':
          if (depth >= 4)
            break;
          {
            const char *link_end;

            emit_source (r, run, (gsize) (p - run));
            link_end = render_link (r, p, end, depth);
            if (link_end != NULL)
              {
                p = run = link_end;
                continue;
              }
            run = p;
          }
          break;

        case '!':
          /* An image has no place in the text; its description does not
           * stand in for it either, as it would read as part of the article. */
          if (p + 1 < end && p[1] == '[')
            {
              const char *close_bracket = memchr (p + 2, ']',
                                                  (gsize) MIN (end - p - 2, MAX_LINK_BYTES));
              const char *url_end = NULL;

              if (close_bracket != NULL && close_bracket + 1 < end && close_bracket[1] == '(')
                url_end = memchr (close_bracket, ')',
                                  (gsize) MIN (end - close_bracket, MAX_LINK_BYTES));
              if (url_end != NULL)
                {
                  emit_source (r, run, (gsize) (p - run));
                  p = run = url_end + 1;
                  continue;
                }
            }
          break;

        default:
          break;
        }

      if (tag_name != NULL)
        {
          int start;

          emit_source (r, run, (gsize) (p - run));
          start = r->n_chars;
          render_inline (r, inner, close, depth + 1);
          add_range (r, lookup_tag (r, tag_name), start, r->n_chars);
          r->inline_tags++;
          p = run = after;
          continue;
        }

      p++;
    }

  emit_source (r, run, (gsize) (end - run));
}

/* Blocks */

static GtkTextTag *
ensure_indent_tag (Render    *r,
                   gboolean   rtl,
                   int        margin,
                   gboolean   hanging)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (r->self->text_view);
  g_autofree char *name = g_strdup_printf ("%s-%s-%d", hanging ? "hang" : "indent",
                                           rtl ? "rtl" : "ltr", margin);
  GtkTextTag *tag = lookup_tag (r, name);

  if (tag != NULL)
    return tag;

  /* Margins are physical sides: a right-to-left paragraph indents from
   * the right. */
  tag = gtk_text_buffer_create_tag (buffer, name,
                                    rtl ? "right-margin" : "left-margin", margin,
                                    NULL);
  if (hanging)
    {
      g_autoptr(PangoTabArray) tabs = pango_tab_array_new_with_positions (1, TRUE,
                                                                          PANGO_TAB_LEFT,
                                                                          MARKER_WIDTH);

      /* The marker sits in the margin and the text after its tab lines up
       * with the item's wrapped lines. */
      g_object_set (tag, "indent", -MARKER_WIDTH, "tabs", tabs, NULL);
    }

  return tag;
}

/* The direction of the first strong letter, as GtkTextView finds it for a
 * paragraph. Pango deprecated this for calling fribidi directly, which
 * would be one more dependency for the same answer. */
PangoDirection
_wd_source_view_find_base_dir (const char *text,
                               int         length)
{
  PangoDirection direction;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  direction = pango_find_base_dir (text, length);
  G_GNUC_END_IGNORE_DEPRECATIONS

  return direction;
}

static void
start_block (Render    *r,
             BlockKind  kind,
             guint      level,
             guint      quote_depth)
{
  r->undo_chars = r->n_chars;
  r->undo_out = r->out->len;
  r->undo_segments = r->segments->len;

  if (r->n_blocks > 0)
    emit_added (r, "\n");

  r->kind = kind;
  r->level = level;
  r->quote_depth = quote_depth;
  r->block_start = r->n_chars;
  r->block_out_start = r->out->len;
  r->first_line_end = -1;
  r->inline_tags = 0;
}

/* A new line inside the block: the source's own newline, kept. */
static void
break_line (Render     *r,
            const char *newline)
{
  if (r->first_line_end < 0)
    r->first_line_end = r->n_chars;
  emit_source (r, newline, 1);
}

static void
end_block (Render *r)
{
  PangoDirection direction;
  const char *gap = NULL;
  gboolean rtl;
  int first_line_end;
  int margin;

  if (r->kind == BLOCK_NONE)
    return;

  if (r->n_chars == r->block_start)
    {
      /* Nothing to show (an empty heading, a repeated title): no trace. */
      g_string_truncate (r->out, r->undo_out);
      r->n_chars = r->undo_chars;
      g_array_set_size (r->segments, r->undo_segments);
      r->kind = BLOCK_NONE;
      return;
    }

  /* Each paragraph takes its direction from its first strong letter, as
   * GtkTextView lays it out; its indents must go on that side. */
  direction = _wd_source_view_find_base_dir (r->out->str + r->block_out_start,
                                             (int) (r->out->len - r->block_out_start));
  if (direction == PANGO_DIRECTION_NEUTRAL)
    direction = r->direction;
  rtl = direction == PANGO_DIRECTION_RTL;

  first_line_end = r->first_line_end >= 0 ? r->first_line_end : r->n_chars;

  if (r->n_blocks > 0)
    {
      if (r->kind == BLOCK_HEADING)
        gap = "gap-heading";
      else if (r->last_kind == BLOCK_HEADING)
        gap = "gap-after-heading";
      else if (r->kind == BLOCK_ITEM && r->last_kind == BLOCK_ITEM)
        gap = "gap-item";
      else
        gap = "gap-block";
      add_range (r, lookup_tag (r, gap), r->block_start, first_line_end);
    }

  margin = (int) MIN (r->quote_depth, MAX_DEPTH) * QUOTE_INDENT;
  if (r->quote_depth > 0)
    add_range (r, r->self->quote_tag, r->block_start, r->n_chars);

  switch (r->kind)
    {
    case BLOCK_HEADING:
      {
        g_autofree char *name = g_strdup_printf ("heading-%u", MIN (r->level, 4));

        add_range (r, lookup_tag (r, name), r->block_start, r->n_chars);
      }
      break;

    case BLOCK_ITEM:
      margin += (int) MIN (r->level, MAX_DEPTH) * LIST_INDENT;
      add_range (r, lookup_tag (r, "list-item"), r->block_start, r->n_chars);
      add_range (r, ensure_indent_tag (r, rtl, margin, TRUE), r->block_start, first_line_end);
      /* Lines after a line break inside the item hang with its text. */
      if (first_line_end < r->n_chars)
        add_range (r, ensure_indent_tag (r, rtl, margin + MARKER_WIDTH, FALSE),
                   first_line_end, r->n_chars);
      margin = 0;
      break;

    case BLOCK_CODE:
      margin += QUOTE_INDENT / 2;
      add_range (r, lookup_tag (r, "code-block"), r->block_start, r->n_chars);
      break;

    case BLOCK_PARAGRAPH:
    case BLOCK_NONE:
    default:
      break;
    }

  if (margin > 0)
    add_range (r, ensure_indent_tag (r, rtl, margin, FALSE), r->block_start, r->n_chars);

  r->last_kind = r->kind;
  r->kind = BLOCK_NONE;
  r->n_blocks++;
}

static const char *
skip_spaces (const char *p,
             const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  return p;
}

static gboolean
is_thematic_break (const char *p,
                   const char *end)
{
  char mark = *p;
  guint n = 0;

  if (mark != '-' && mark != '*' && mark != '_')
    return FALSE;
  for (; p < end; p++)
    {
      if (*p == mark)
        n++;
      else if (*p != ' ' && *p != '\t')
        return FALSE;
    }
  return n >= 3;
}

/* The list marker at @p ("- ", "* ", "+ ", "12. ", "3) "): where the item's
 * text starts, or NULL. */
static const char *
list_marker_end (const char *p,
                 const char *end,
                 gboolean   *ordered)
{
  const char *q = p;

  if (q < end && (*q == '-' || *q == '*' || *q == '+'))
    {
      *ordered = FALSE;
      q++;
    }
  else
    {
      while (q < end && g_ascii_isdigit (*q) && q - p < 9)
        q++;
      if (q == p || q >= end || (*q != '.' && *q != ')'))
        return NULL;
      *ordered = TRUE;
      q++;
    }

  if (q < end && *q != ' ' && *q != '\t')
    return NULL;
  return skip_spaces (q, end);
}

static gboolean
repeats_title (Render     *r,
               const char *p,
               const char *end)
{
  g_autofree char *heading = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (r->title == NULL || r->n_blocks > 0)
    return FALSE;
  heading = g_strstrip (g_strndup (p, (gsize) (end - p)));
  a = g_utf8_casefold (heading, -1);
  b = g_utf8_casefold (r->title, -1);
  return g_str_equal (g_strstrip (a), g_strstrip (b));
}

static void
render_line (Render     *r,
             const char *line,
             const char *end,
             gboolean   *in_code)
{
  const char *p = skip_spaces (line, end);
  const char *content;
  guint quote_depth = 0;
  guint indent;
  gboolean ordered = FALSE;

  /* Trailing spaces and a carriage return are not part of the text. */
  while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
    end--;

  if (p - line <= 3)
    {
      while (p < end && *p == '>')
        {
          quote_depth++;
          p++;
          if (p < end && *p == ' ')
            p++;
        }
    }
  if (quote_depth == 0)
    p = line;

  if (*in_code)
    {
      const char *fence = skip_spaces (p, end);

      if (end - fence >= 3 && (strncmp (fence, "```", 3) == 0 || strncmp (fence, "~~~", 3) == 0))
        {
          *in_code = FALSE;
          end_block (r);
          return;
        }
      if (r->kind != BLOCK_CODE)
        start_block (r, BLOCK_CODE, 0, quote_depth);
      else
        break_line (r, line - 1);
      emit_source (r, p, (gsize) (end - p));
      return;
    }

  indent = (guint) (skip_spaces (p, end) - p);
  p = skip_spaces (p, end);

  if (p >= end)
    {
      end_block (r);
      return;
    }

  if (end - p >= 3 && (strncmp (p, "```", 3) == 0 || strncmp (p, "~~~", 3) == 0))
    {
      end_block (r);
      *in_code = TRUE;
      return;
    }

  if (*p == '#' && indent <= 3)
    {
      guint level = 0;

      while (p + level < end && p[level] == '#')
        level++;
      if (level <= 6 && (p + level == end || p[level] == ' ' || p[level] == '\t'))
        {
          const char *text = skip_spaces (p + level, end);
          const char *text_end = end;

          /* An optional closing run of '#'. */
          while (text_end > text && text_end[-1] == '#')
            text_end--;
          if (text_end < end && text_end > text && text_end[-1] != ' ')
            text_end = end;
          while (text_end > text && text_end[-1] == ' ')
            text_end--;

          end_block (r);
          if (repeats_title (r, text, text_end))
            return;
          start_block (r, BLOCK_HEADING, level, quote_depth);
          render_inline (r, text, text_end, 0);
          end_block (r);
          return;
        }
    }

  if (is_thematic_break (p, end))
    {
      end_block (r);
      return;
    }

  content = list_marker_end (p, end, &ordered);
  if (content != NULL)
    {
      end_block (r);
      start_block (r, BLOCK_ITEM, indent / 2, quote_depth);
      if (ordered)
        {
          int start = r->n_chars;

          /* The number is the source's own; the tab is ours. */
          emit_source (r, p, (gsize) (strpbrk (p, ".)") - p + 1));
          emit_added (r, "\t");
          add_range (r, r->self->marker_tag, start, r->n_chars);
        }
      else
        {
          emit_added (r, "•\t");
          add_range (r, r->self->marker_tag, r->n_chars - 2, r->n_chars);
        }
      render_inline (r, content, end, 0);
      return;
    }

  if ((r->kind == BLOCK_PARAGRAPH || r->kind == BLOCK_ITEM) && r->quote_depth == quote_depth)
    {
      /* The extractor writes a <br> as a single newline: a line break, not
       * a new paragraph. */
      break_line (r, line - 1);
      render_inline (r, p, end, 0);
      return;
    }

  end_block (r);
  start_block (r, BLOCK_PARAGRAPH, 0, quote_depth);
  render_inline (r, p, end, 0);
}

static void
clear_links (WdSourceView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);

  for (guint i = 0; i < self->link_tags->len; i++)
    gtk_text_tag_table_remove (table, self->link_tags->pdata[i]);
  g_ptr_array_set_size (self->link_tags, 0);
}

/* Renders @text into the buffer, replacing what it held; @direction is the
 * article's, for paragraphs without a strong letter. */
void
_wd_source_view_render (WdSourceView   *self,
                        const char     *text,
                        PangoDirection  direction)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (TagRange));
  g_autoptr(GString) out = g_string_sized_new (strlen (text) + 64);
  g_autofree char *valid = NULL;
  gint64 begin = g_get_monotonic_time ();
  GtkTextIter start, end;
  gboolean in_code = FALSE;
  Render r = { 0, };
  const char *line = text;

  clear_links (self);
  g_array_set_size (self->segments, 0);

  /* The importer stores UTF-8 only; an archive written by something else
   * still shows, without offsets to map. */
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  r.self = self;
  r.text = text;
  r.title = self->source != NULL ? wd_source_get_title (self->source) : NULL;
  r.out = out;
  r.segments = self->segments;
  r.ranges = ranges;
  r.direction = direction;

  for (;;)
    {
      const char *newline = strchr (line, '\n');
      const char *line_end = newline != NULL ? newline : line + strlen (line);

      render_line (&r, line, line_end, &in_code);
      if (newline == NULL)
        break;
      line = newline + 1;
    }
  end_block (&r);

  /* One insertion, then the tags: far cheaper than inserting piece by piece
   * with tags, which splits the buffer's segments again and again. */
  gtk_text_buffer_set_text (buffer, out->str, (int) out->len);
  for (guint i = 0; i < ranges->len; i++)
    {
      TagRange *range = &g_array_index (ranges, TagRange, i);

      gtk_text_buffer_get_iter_at_offset (buffer, &start, range->start);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, range->end);
      gtk_text_buffer_apply_tag (buffer, range->tag, &start, &end);
    }
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_apply_tag (buffer, self->body_tag, &start, &end);
  if (valid != NULL)
    g_array_set_size (self->segments, 0);

  g_debug ("Rendered %d characters in %u blocks, %u tags, in %.1f ms",
           r.n_chars, r.n_blocks, ranges->len,
           (g_get_monotonic_time () - begin) / 1000.0);
}

/* Empties the buffer and forgets the segments and links. */
void
_wd_source_view_clear_text (WdSourceView *self)
{
  clear_links (self);
  g_array_set_size (self->segments, 0);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), "", 0);
}
