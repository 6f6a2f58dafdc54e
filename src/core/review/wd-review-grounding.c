/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-review"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "wd-review.h"
#include "wd-review-private.h"
#include "text/wd-text.h"

/*
 * Grounding: how well the source supports each sentence of the summary,
 * the analyst take and what to watch. A summary sentence usually fuses two
 * or three sentences of the source, so its support is the share of its
 * idf-weighted words (numbers double, capitalised words one and a half)
 * that the best three source sentences have together. Words are compared
 * by their first five letters, which is enough to match "charged" with
 * "charge" and cheap.
 *
 * The floors were set on the labelled set in tests/data/review (see
 * docs/benchmarks.md): faithful summary sentences that paraphrase hard
 * score down to about 0.3, invented ones mostly below.
 */

/* Below this support, a summary sentence fails and an opinion is noted. */
#define GROUNDING_FLOOR 0.29
/* A sentence with a ranking word its supporting source sentences lack
 * needs this much. */
#define GROUNDING_SUPERLATIVE_FLOOR 0.75
#define GROUNDING_TOP 3

typedef struct {
  GArray     *ranges;    /* of Range, the source's sentences */
  GHashTable *postings;  /* stem -> GArray of guint sentence indexes (ascending, unique) */
} SourceIndex;

/* Besides the common words: attribution, and the words a summary uses to
 * speak of the article itself ("the piece argues"), which no source
 * sentence needs to contain. */
static const char * const extra_stop_words[] = {
  "said", "says", "say", "into", "about", "out", "up", "being", "also", "per", "cent",
  "told", "according", "added", "adds", "noted", "notes", "writes", "wrote", "piece",
  "article", "writer", "author", "columnist", "essay", "argues", "argue", "argued",
  "contends", "acknowledges", "acknowledged", "report", "reported", "reports",
};

static char *
stem_of (const char *folded)
{
  gboolean digits = g_ascii_isdigit (folded[0]);

  if (digits || g_utf8_strlen (folded, -1) <= 5)
    return g_strdup (folded);
  return g_utf8_substring (folded, 0, 5);
}

static gboolean
is_content_word (const char *folded)
{
  static GHashTable *extra = NULL;

  if (g_ascii_isdigit (folded[0]))
    return TRUE;
  if (folded[0] == '\0' || folded[1] == '\0' || folded[2] == '\0')
    return FALSE;
  if (g_once_init_enter (&extra))
    g_once_init_leave (&extra, wd_review_word_set (extra_stop_words,
                                                   G_N_ELEMENTS (extra_stop_words)));
  return !wd_review_is_common_word (folded) && !g_hash_table_contains (extra, folded);
}

static void
source_index_init (SourceIndex *index,
                   const char  *text)
{
  gsize length = strlen (text);

  index->ranges = g_array_new (FALSE, FALSE, sizeof (Range));
  index->postings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_array_unref);
  wd_review_locate_sentences (text, length, index->ranges);
  for (guint i = 0; i < index->ranges->len; i++)
    {
      const Range *range = &g_array_index (index->ranges, Range, i);
      g_autoptr(GArray) tokens = wd_review_tokenize (text, range->start, range->end);

      for (guint t = 0; t < tokens->len; t++)
        {
          const char *folded = g_array_index (tokens, WdReviewToken, t).folded;
          char *stem;
          GArray *list;

          if (!is_content_word (folded))
            continue;
          stem = stem_of (folded);
          list = g_hash_table_lookup (index->postings, stem);
          if (list == NULL)
            {
              list = g_array_new (FALSE, FALSE, sizeof (guint));
              g_hash_table_insert (index->postings, stem, list);
            }
          else
            {
              g_free (stem);
            }
          if (list->len == 0 || g_array_index (list, guint, list->len - 1) != i)
            g_array_append_val (list, i);
        }
    }
}

static void
source_index_clear (SourceIndex *index)
{
  g_clear_pointer (&index->ranges, g_array_unref);
  g_clear_pointer (&index->postings, g_hash_table_unref);
}

static gboolean
posting_has (GArray *list,
             guint   sentence)
{
  for (guint i = 0; i < list->len; i++)
    if (g_array_index (list, guint, i) == sentence)
      return TRUE;
  return FALSE;
}

/* The support of the draft's words from @start to @end; the best source
 * sentences in @top, best first (-1 when none). */
static double
score_support (const SourceIndex *index,
               const char        *text,
               gsize              start,
               gsize              end,
               int               *top)
{
  g_autoptr(GArray) tokens = wd_review_tokenize (text, start, end);
  g_autoptr(GPtrArray) lists = g_ptr_array_new ();
  g_autoptr(GArray) weights = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = index->ranges->len;
  g_autofree double *scores = g_new0 (double, n + 1);
  double total = 0, covered = 0;

  for (guint k = 0; k < GROUNDING_TOP; k++)
    top[k] = -1;
  for (guint t = 0; t < tokens->len; t++)
    {
      const WdReviewToken *token = &g_array_index (tokens, WdReviewToken, t);
      char *stem;
      GArray *list;
      double weight;
      guint df;

      if (!is_content_word (token->folded))
        continue;
      stem = stem_of (token->folded);
      if (!g_hash_table_add (seen, stem))
        continue;
      list = g_hash_table_lookup (index->postings, stem);
      df = list != NULL ? list->len : 0;
      weight = log (1.0 + (n + 1) / (df + 0.5));
      if (g_ascii_isdigit (token->folded[0]))
        weight *= 2;
      else if (wd_review_is_upper_at (text, token->start))
        weight *= 1.5;
      total += weight;
      g_ptr_array_add (lists, list);
      g_array_append_val (weights, weight);
      for (guint p = 0; list != NULL && p < list->len; p++)
        scores[g_array_index (list, guint, p)] += weight;
    }
  if (total <= 0)
    return 1.0;

  for (guint k = 0; k < GROUNDING_TOP; k++)
    {
      top[k] = -1;
      for (guint i = 0; i < n; i++)
        {
          gboolean taken = FALSE;

          for (guint q = 0; q < k; q++)
            taken |= top[q] == (int) i;
          if (!taken && scores[i] > 0 && (top[k] < 0 || scores[i] > scores[top[k]]))
            top[k] = i;
        }
    }
  for (guint w = 0; w < lists->len; w++)
    {
      GArray *list = g_ptr_array_index (lists, w);

      if (list == NULL)
        continue;
      for (guint k = 0; k < GROUNDING_TOP; k++)
        if (top[k] >= 0 && posting_has (list, top[k]))
          {
            covered += g_array_index (weights, double, w);
            break;
          }
    }
  return covered / total;
}

/* Ranking words ("the largest", "the first") claim more than a summary
 * may add; when the source has no such word, the sentence needs stronger
 * support. */
static gboolean
is_ranking_word (const char *folded)
{
  static const char * const not_superlatives[] = {
    "interest", "protest", "request", "suggest", "forest", "contest", "invest", "arrest",
    "harvest", "honest", "modest", "latest", "manifest", "digest", "earnest", "conquest",
    "bequest", "inquest", "behest", "southwest", "northwest", "midwest",
  };
  static const char * const superlatives[] = { "first", "best", "worst", "record" };
  gsize length = strlen (folded);

  return wd_review_in_list (folded, superlatives, G_N_ELEMENTS (superlatives))
         || (length >= 6 && g_str_has_suffix (folded, "est")
             && !wd_review_in_list (folded, not_superlatives, G_N_ELEMENTS (not_superlatives)));
}

/* Whether one of the supporting source sentences @top has @word, or any
 * ranking word when @word is NULL. */
static gboolean
top_has_ranking (const Check       *check,
                 const SourceIndex *index,
                 const int         *top,
                 const char        *word)
{
  for (guint t = 0; t < check->source.tokens->len; t++)
    {
      const WdReviewToken *token = &g_array_index (check->source.tokens, WdReviewToken, t);

      if (token->folded == NULL
          || (word != NULL ? strcmp (token->folded, word) != 0
                           : !is_ranking_word (token->folded)))
        continue;
      for (guint k = 0; k < GROUNDING_TOP; k++)
        {
          const Range *source;

          if (top[k] < 0)
            continue;
          source = &g_array_index (index->ranges, Range, top[k]);
          if (token->start >= source->start && token->end <= source->end)
            return TRUE;
        }
    }
  return FALSE;
}

/* A ranking claim ("the largest", "the first") is what a summary most
 * easily adds: each ranking word of the sentence must be in the source
 * sentences that support it, or, when the source never uses that word, a
 * ranking word must be ("weakest" for "lowest" is a paraphrase). */
static gboolean
has_unsupported_ranking (const Check       *check,
                         const Section     *section,
                         const Range       *range,
                         const SourceIndex *index,
                         const int         *top)
{
  for (guint t = 0; t < section->tokens->len; t++)
    {
      const WdReviewToken *token = &g_array_index (section->tokens, WdReviewToken, t);
      gboolean in_source;

      if (token->start < range->start || token->end > range->end
          || !is_ranking_word (token->folded))
        continue;
      in_source = g_hash_table_contains (check->source.positions, token->folded);
      if (!top_has_ranking (check, index, top, in_source ? token->folded : NULL))
        return TRUE;
    }
  return FALSE;
}

void
wd_review_check_grounding (Check      *check,
                           const char *source_text)
{
  static const int kinds[] = { WD_SECTION_SUMMARY, WD_SECTION_ANALYST_TAKE, WD_SECTION_WATCH };
  SourceIndex source_index;
  SourceIndex *index = &source_index;

  source_index_init (index, source_text);

  for (gsize k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      Section *section = &check->sections[kinds[k]];

      for (guint i = 0; i < section->sentences->len; i++)
        {
          const Range *range = &g_array_index (section->sentences, Range, i);
          WdReviewGrounding grounding = { kinds[k], range->start, range->end, 0, -1, -1 };
          gboolean supported;
          int top[GROUNDING_TOP];

          if (range->end <= range->start)
            continue;
          grounding.score = score_support (index, section->clean, range->start, range->end,
                                           top);
          if (top[0] >= 0)
            {
              grounding.source_start = g_array_index (index->ranges, Range, top[0]).start;
              grounding.source_end = g_array_index (index->ranges, Range, top[0]).end;
            }
          g_array_append_val (check->report->grounding, grounding);

          supported = grounding.score >= GROUNDING_FLOOR
                      && !(grounding.score < GROUNDING_SUPERLATIVE_FLOOR
                           && has_unsupported_ranking (check, section, range, index, top));
          if (supported)
            continue;
          if (kinds[k] == WD_SECTION_SUMMARY)
            wd_review_add_item (check, "grounding", WD_REVIEW_FAILURE, kinds[k],
                                range->start, range->end,
                                grounding.source_start, grounding.source_end,
                                g_strdup (_("Unsupported: no sentence of the source says this; "
                                            "rewrite it from the source or remove it.")));
          else
            wd_review_add_item (check, "grounding", WD_REVIEW_INFO, kinds[k],
                                range->start, range->end,
                                grounding.source_start, grounding.source_end,
                                g_strdup (_("Opinion, no anchor in the source.")));
        }
    }

  source_index_clear (index);
}

