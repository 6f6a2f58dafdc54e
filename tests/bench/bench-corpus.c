/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-bench"

#include <math.h>

#include "bench-corpus.h"
#include "wd-draft-articles.h"
#include "text/wd-text.h"

guint64
prng_next (Prng *prng)
{
  guint64 z = (prng->state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

guint
prng_below (Prng  *prng,
            guint  n)
{
  return (guint) (prng_next (prng) % n);
}

static const char * const syllables[N_SYLLABLES] = {
  "ka", "lo", "ven", "dar", "mi", "sto", "ra", "bel", "tor", "ne", "qua", "sil",
  "fen", "gro", "hal", "ix", "jun", "mer", "pol", "ru", "sen", "tam", "ul", "vor",
  "wen", "zal", "bri", "cor", "dun", "el", "fal", "gan", "hor", "is", "jal", "kel",
  "lan", "mor", "nor", "ost", "pra", "rin", "sul", "tre", "ur", "val", "wil", "yor",
};

/* The most frequent words of English news take the top ranks. */
static const char * const common[] = {
  "the", "of", "to", "and", "a", "in", "that", "for", "is", "on", "said", "with", "was",
  "it", "as", "at", "by", "he", "from", "his", "be", "has", "have", "are", "an", "but",
  "not", "this", "who", "they", "will", "were", "had", "its", "would", "their", "which",
  "been", "more", "after", "about", "one", "also", "year", "new", "or", "than", "up",
  "two", "people", "when", "first", "over", "into", "could", "some", "last", "there",
  "government", "percent", "city", "company", "report", "week", "council", "police",
  "court", "market", "energy", "water", "school", "health", "vote", "budget", "plan",
  "prices", "bank", "workers", "project", "dam", "crack", "reservoir", "engineers",
  "residents", "village", "model", "language", "authors", "books", "training", "data",
};


static char *
made_up_word (Prng  *prng,
              guint  n_syllables)
{
  GString *word = g_string_new (NULL);

  for (guint i = 0; i < n_syllables; i++)
    g_string_append (word, syllables[prng_below (prng, N_SYLLABLES)]);
  return g_string_free (word, FALSE);
}

void
corpus_init (Corpus *corpus)
{
  Prng prng = { 0x0b17b17b };
  double total = 0;

  corpus->words = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (common); i++)
    g_ptr_array_add (corpus->words, g_strdup (common[i]));
  while (corpus->words->len < VOCABULARY)
    g_ptr_array_add (corpus->words, made_up_word (&prng, 2 + prng_below (&prng, 2)));

  /* Zipf: weight 1 / (rank + 2.7) */
  corpus->cdf = g_new (double, VOCABULARY);
  for (guint i = 0; i < VOCABULARY; i++)
    {
      total += 1.0 / (i + 2.7);
      corpus->cdf[i] = total;
    }
  for (guint i = 0; i < VOCABULARY; i++)
    corpus->cdf[i] /= total;

  corpus->names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < N_NAMES; i++)
    {
      g_autofree char *first = made_up_word (&prng, 2);
      g_autofree char *last = made_up_word (&prng, 2 + prng_below (&prng, 2));

      first[0] = g_ascii_toupper (first[0]);
      last[0] = g_ascii_toupper (last[0]);
      g_ptr_array_add (corpus->names,
                       g_strdup_printf (i % 3 == 0 ? "%s %s Group" : "%s %s", first, last));
    }
}

void
corpus_clear (Corpus *corpus)
{
  g_ptr_array_unref (corpus->words);
  g_ptr_array_unref (corpus->names);
  g_free (corpus->cdf);
}

const char *
corpus_word (const Corpus *corpus,
             Prng         *prng)
{
  double x = (prng_next (prng) >> 11) * (1.0 / 9007199254740992.0);
  guint lo = 0, hi = VOCABULARY - 1;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (corpus->cdf[mid] < x)
        lo = mid + 1;
      else
        hi = mid;
    }
  return g_ptr_array_index (corpus->words, lo);
}

/* Paragraphs of sentences of 8-28 words, with names now and then. */
void
append_text (GString      *out,
             const Corpus *corpus,
             Prng         *prng,
             guint         n_words)
{
  guint written = 0;

  while (written < n_words)
    {
      guint n_sentences = 2 + prng_below (prng, 4);

      for (guint s = 0; s < n_sentences && written < n_words; s++)
        {
          guint length = 8 + prng_below (prng, 21);

          for (guint w = 0; w < length; w++)
            {
              if (w > 0)
                g_string_append_c (out, ' ');
              if (prng_below (prng, 25) == 0)
                g_string_append (out, g_ptr_array_index (corpus->names,
                                                         prng_below (prng, N_NAMES)));
              else
                {
                  const char *word = corpus_word (corpus, prng);

                  if (w == 0)
                    {
                      g_string_append_c (out, g_ascii_toupper (word[0]));
                      g_string_append (out, word + 1);
                    }
                  else
                    g_string_append (out, word);
                }
            }
          g_string_append (out, ". ");
          written += length;
        }
      g_string_truncate (out, out->len - 1);
      g_string_append (out, "\n\n");
    }
}


/* The dam story's three reports, and as much again of generated news
 * around them, up to ARTICLE_WORDS words. */
char *
long_article (const Corpus *corpus)
{
  Prng prng = { 0xa871c1e };
  GString *out = g_string_new (NULL);
  const WdTestArticle *parts[] = { &DAM_3, &DAM_1, &DAM_2 };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_string_append (out, parts[i]->text);
      g_string_append (out, "\n\n");
      append_text (out, corpus, &prng, (ARTICLE_WORDS - wd_text_count_words (out->str)) / 3);
    }
  append_text (out, corpus, &prng, ARTICLE_WORDS - wd_text_count_words (out->str));

  return g_string_free (out, FALSE);
}
