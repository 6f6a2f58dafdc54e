/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-text"

#include <string.h>

#include "wd-diff.h"
#include "wd-text.h"

/* Texts longer than this many words on both sides are compared as wholly
 * different: the table would take too much memory, and sections are far
 * shorter. */
#define MAX_CELLS (4000u * 4000u)

typedef struct {
  const char *start;   /* the token */
  gsize       length;
  gsize       span;    /* with the spaces after it */
} Token;

/* Words (runs of word characters) and single other characters, each with
 * the spaces that follow it. */
static GArray *
tokens_of (const char *text)
{
  GArray *tokens = g_array_new (FALSE, FALSE, sizeof (Token));
  const char *p = text != NULL ? text : "";

  while (g_ascii_isspace (*p))
    p++;
  while (*p != '\0')
    {
      Token token = { p, 0, 0 };
      const char *q = p;

      if (wd_text_is_word_char (g_utf8_get_char (q)))
        while (*q != '\0' && wd_text_is_word_char (g_utf8_get_char (q)))
          q = g_utf8_next_char (q);
      else
        q = g_utf8_next_char (q);
      token.length = q - p;
      while (*q != '\0' && g_unichar_isspace (g_utf8_get_char (q)))
        q = g_utf8_next_char (q);
      token.span = q - p;
      g_array_append_val (tokens, token);
      p = q;
    }
  return tokens;
}

static gboolean
same (const Token *a,
      const Token *b)
{
  return a->length == b->length && memcmp (a->start, b->start, a->length) == 0;
}

void
wd_diff_chunk_free (WdDiffChunk *chunk)
{
  if (chunk == NULL)
    return;
  g_free (chunk->text);
  g_free (chunk);
}

static void
add_chunk (GPtrArray   *chunks,
           WdDiffOp     op,
           const Token *token)
{
  WdDiffChunk *last = chunks->len > 0 ? g_ptr_array_index (chunks, chunks->len - 1) : NULL;

  if (last != NULL && last->op == op)
    {
      char *joined = g_strdup_printf ("%s%.*s", last->text, (int) token->span, token->start);

      g_free (last->text);
      last->text = joined;
      return;
    }
  last = g_new0 (WdDiffChunk, 1);
  last->op = op;
  last->text = g_strndup (token->start, token->span);
  g_ptr_array_add (chunks, last);
}

/* The longest common subsequence table, from the ends: cell (i, j) is the
 * LCS of a[i..] and b[j..]. NULL when too large. */
static guint32 *
lcs_table (GArray *a,
           GArray *b)
{
  guint n = a->len, m = b->len;
  guint32 *table;

  if ((guint64) (n + 1) * (m + 1) > MAX_CELLS)
    return NULL;
  table = g_new0 (guint32, (gsize) (n + 1) * (m + 1));
  for (guint i = n; i-- > 0;)
    for (guint j = m; j-- > 0;)
      {
        guint32 *cell = &table[(gsize) i * (m + 1) + j];

        if (same (&g_array_index (a, Token, i), &g_array_index (b, Token, j)))
          *cell = table[(gsize) (i + 1) * (m + 1) + j + 1] + 1;
        else
          *cell = MAX (table[(gsize) (i + 1) * (m + 1) + j], table[(gsize) i * (m + 1) + j + 1]);
      }
  return table;
}

/**
 * wd_text_diff_words:
 * @old_text: (nullable): the earlier version
 * @new_text: (nullable): the later version
 *
 * Compares the two word by word (punctuation marks count as words), as
 * the fewest deletions and insertions that turn @old_text into
 * @new_text, neighbouring chunks of one kind joined.
 *
 * Returns: (transfer container) (element-type WdDiffChunk): the chunks in
 *   reading order
 */
GPtrArray *
wd_text_diff_words (const char *old_text,
                    const char *new_text)
{
  g_autoptr(GArray) a = tokens_of (old_text);
  g_autoptr(GArray) b = tokens_of (new_text);
  g_autofree guint32 *table = lcs_table (a, b);
  GPtrArray *chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) wd_diff_chunk_free);
  guint i = 0, j = 0, m = b->len;

  if (table == NULL)
    {
      for (; i < a->len; i++)
        add_chunk (chunks, WD_DIFF_DELETE, &g_array_index (a, Token, i));
      for (; j < b->len; j++)
        add_chunk (chunks, WD_DIFF_INSERT, &g_array_index (b, Token, j));
      return chunks;
    }

  while (i < a->len && j < b->len)
    {
      if (same (&g_array_index (a, Token, i), &g_array_index (b, Token, j)))
        {
          /* The new text's spacing: it is what the reader sees now. */
          add_chunk (chunks, WD_DIFF_EQUAL, &g_array_index (b, Token, j));
          i++;
          j++;
        }
      else if (table[(gsize) (i + 1) * (m + 1) + j] >= table[(gsize) i * (m + 1) + j + 1])
        add_chunk (chunks, WD_DIFF_DELETE, &g_array_index (a, Token, i++));
      else
        add_chunk (chunks, WD_DIFF_INSERT, &g_array_index (b, Token, j++));
    }
  for (; i < a->len; i++)
    add_chunk (chunks, WD_DIFF_DELETE, &g_array_index (a, Token, i));
  for (; j < b->len; j++)
    add_chunk (chunks, WD_DIFF_INSERT, &g_array_index (b, Token, j));
  return chunks;
}

/**
 * wd_text_edit_share:
 * @draft: (nullable): the AI draft
 * @current: (nullable): the text as the editor left it
 *
 * How much of @draft the editor rewrote: 1 minus the words (and marks)
 * kept in order over the longer of the two, so deleting a third of a
 * draft is 0.33 and writing as much again as it had is 0.5.
 *
 * Returns: the share, from 0 (untouched) to 1 (all new); 0 for no draft
 */
double
wd_text_edit_share (const char *draft,
                    const char *current)
{
  g_autoptr(GArray) a = tokens_of (draft);
  g_autoptr(GArray) b = tokens_of (current);
  g_autofree guint32 *table = NULL;
  guint longer = MAX (a->len, b->len);

  if (a->len == 0)
    return 0;
  table = lcs_table (a, b);
  if (table == NULL)
    return 1;
  return 1.0 - (double) table[0] / longer;
}
