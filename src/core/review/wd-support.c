/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-review"

#include <math.h>
#include <string.h>

#include "wd-support.h"
#include "text/wd-text.h"

/*
 * Lexical support: each source sentence is a set of folded words; a draft
 * sentence is scored against each by the idf-weighted share of its own
 * words the source sentence has, numbers counting double and capitalised
 * words (names) one and a half times, since those are what a summary must
 * not get wrong. Words of one or two letters are left out.
 */

typedef struct {
  gsize       start;
  gsize       end;
  GHashTable *words;   /* folded word -> GINT_TO_POINTER (1) */
} Sentence;

struct _WdSupportIndex
{
  GArray     *sentences;  /* of Sentence */
  GHashTable *df;         /* folded word -> number of sentences with it */
};

static void
sentence_clear (Sentence *sentence)
{
  g_clear_pointer (&sentence->words, g_hash_table_unref);
}

static char *
fold (const char *word,
      gsize       length)
{
  g_autofree char *utf8 = g_utf8_casefold (word, length);

  return g_utf8_normalize (utf8, -1, G_NORMALIZE_NFKC);
}

/* Words of @text from @start to @end, folded, into @words. */
static void
collect_words (const char *start,
               const char *end,
               GHashTable *words)
{
  g_autofree char *part = g_strndup (start, end - start);
  const char *cursor = part;
  const char *word;
  gsize length;

  while (wd_text_next_token (&cursor, &word, &length))
    {
      if (g_utf8_strlen (word, length) < 3 && !g_ascii_isdigit (*word))
        continue;
      g_hash_table_add (words, fold (word, length));
    }
}

/* Where each sentence of wd_text_split_sentences() starts and ends in
 * @text: its first and last words, found in order. */
static void
locate_sentences (const char *text,
                  GArray     *sentences)
{
  g_autoptr(GPtrArray) split = wd_text_split_sentences (text);
  const char *from = text;

  for (guint i = 0; i < split->len; i++)
    {
      const char *sentence = g_ptr_array_index (split, i);
      const char *cursor = sentence;
      const char *first = NULL, *last = NULL, *word;
      gsize length, first_length = 0, last_length = 0;
      const char *start, *end;
      Sentence entry = { 0 };

      while (wd_text_next_token (&cursor, &word, &length))
        {
          if (first == NULL)
            {
              first = word;
              first_length = length;
            }
          last = word;
          last_length = length;
        }
      if (first == NULL)
        continue;
      {
        g_autofree char *needle = g_strndup (first, first_length);

        start = strstr (from, needle);
      }
      if (start == NULL)
        continue;
      {
        g_autofree char *needle = g_strndup (last, last_length);
        const char *search = start;
        const char *found;
        /* The sentence's last word, at about its length from the start. */
        gsize span = strlen (sentence);

        end = NULL;
        while ((found = strstr (search, needle)) != NULL && found <= start + span + 64)
          {
            end = found + last_length;
            search = found + 1;
            if (found >= start + span - last_length - 8)
              break;
          }
        if (end == NULL)
          end = start + first_length;
      }
      /* Take the sentence's closing punctuation too. */
      while (*end != '\0' && strchr (".!?\"'”’)»", *end) != NULL)
        end++;
      entry.start = start - text;
      entry.end = end - text;
      entry.words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      collect_words (start, end, entry.words);
      g_array_append_val (sentences, entry);
      from = end;
    }
}

/**
 * wd_support_index_new:
 * @source_text: the source's text (Markdown)
 *
 * Returns: (transfer full): an index of @source_text's sentences
 */
WdSupportIndex *
wd_support_index_new (const char *source_text)
{
  WdSupportIndex *index = g_new0 (WdSupportIndex, 1);

  index->sentences = g_array_new (FALSE, TRUE, sizeof (Sentence));
  g_array_set_clear_func (index->sentences, (GDestroyNotify) sentence_clear);
  index->df = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (source_text == NULL)
    return index;

  locate_sentences (source_text, index->sentences);
  for (guint i = 0; i < index->sentences->len; i++)
    {
      Sentence *sentence = &g_array_index (index->sentences, Sentence, i);
      GHashTableIter iter;
      gpointer word;

      g_hash_table_iter_init (&iter, sentence->words);
      while (g_hash_table_iter_next (&iter, &word, NULL))
        g_hash_table_insert (index->df, g_strdup (word),
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (index->df,
                                                                                      word))
                                               + 1));
    }
  return index;
}

void
wd_support_index_free (WdSupportIndex *index)
{
  if (index == NULL)
    return;
  g_array_unref (index->sentences);
  g_hash_table_unref (index->df);
  g_free (index);
}

guint
wd_support_index_get_n_sentences (WdSupportIndex *index)
{
  g_return_val_if_fail (index != NULL, 0);

  return index->sentences->len;
}

static int
by_score (gconstpointer a,
          gconstpointer b)
{
  double da = ((const WdSupportSpan *) a)->score;
  double db = ((const WdSupportSpan *) b)->score;

  return da < db ? 1 : da > db ? -1 : 0;
}

/**
 * wd_support_find:
 * @index: an index of the source
 * @sentence: a sentence of the draft
 * @max_spans: how many source sentences to give at most
 * @floor: the lowest score worth giving, from 0 to 1
 *
 * Returns: (transfer full) (element-type WdSupportSpan): the source
 *   sentences that support @sentence best, best first
 */
GArray *
wd_support_find (WdSupportIndex *index,
                 const char     *sentence,
                 guint           max_spans,
                 double          floor)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (WdSupportSpan));
  const char *cursor = sentence;
  const char *word;
  gsize length;
  double n = index->sentences->len;
  double total = 0;
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) weights = g_array_new (FALSE, FALSE, sizeof (double));

  g_return_val_if_fail (index != NULL, spans);
  if (sentence == NULL || n == 0)
    return spans;

  while (wd_text_next_token (&cursor, &word, &length))
    {
      double df, weight;
      char *folded;

      if (g_utf8_strlen (word, length) < 3 && !g_ascii_isdigit (*word))
        continue;
      folded = fold (word, length);
      df = GPOINTER_TO_UINT (g_hash_table_lookup (index->df, folded));
      weight = log (1.0 + (n + 1) / (df + 0.5));
      if (g_ascii_isdigit (*word))
        weight *= 2;
      else if (g_unichar_isupper (g_utf8_get_char (word)))
        weight *= 1.5;
      g_ptr_array_add (words, folded);
      g_array_append_val (weights, weight);
      total += weight;
    }
  if (total <= 0)
    return spans;

  for (guint i = 0; i < index->sentences->len; i++)
    {
      Sentence *source = &g_array_index (index->sentences, Sentence, i);
      double have = 0;

      for (guint w = 0; w < words->len; w++)
        if (g_hash_table_contains (source->words, g_ptr_array_index (words, w)))
          have += g_array_index (weights, double, w);
      if (have / total >= floor && have > 0)
        {
          WdSupportSpan span = { source->start, source->end, have / total };

          g_array_append_val (spans, span);
        }
    }
  g_array_sort (spans, by_score);
  if (spans->len > max_spans)
    g_array_set_size (spans, max_spans);
  return spans;
}
