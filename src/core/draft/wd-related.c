/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-draft"

#include <math.h>
#include <string.h>

#include "wd-related.h"
#include "wd-terms.h"
#include "text/wd-text.h"

/*
 * The query for a story is what a reader would use to find earlier
 * coverage of it:
 *
 *  - its key terms: the content words of the title and text (the title's
 *    counting three times), the TERM_CANDIDATES most frequent of them
 *    weighed by tf-idf, (1 + ln tf) * ln (1 + (N - df + 0.5) / (df + 0.5)),
 *    with df from the archive's index of sources; the KEY_TERMS best;
 *  - the content words of its title (the headline while the source has no
 *    title), up to TITLE_TERMS, even when rarer in the text;
 *  - the names of the mentions attached to its brief, as phrases, except
 *    the source's own publisher: every brief of a publisher has that one,
 *    and it would find the publisher's other stories, not this story's
 *    earlier coverage.
 *
 * Each phrase weighs its idf, so rare words and names count most. A word
 * or name in more than 1 % of the archive's sources (and more than 200)
 * is left out: it tells no story apart.
 *
 * The relevance floor. A hit's score is its bm25 for the query relative to
 * the story's own source (wd_store_find_related()), so one floor means the
 * same for a short and a long query, a small and a large archive. It was
 * chosen on real text: in an archive of the 114 articles of the
 * readability corpus (../shared/corpora, unrelated pages of many sites),
 * the best earlier match of a page scores 0.12 at the median, and of the
 * 22 pages with one at 0.25 or more, 14 are the corpus's near-identical
 * test pages, 4 non-English pages matched by language, and 4 pages on the
 * same subject (two Firefox pages, two game consoles); below 0.25 lie
 * pages that merely share vocabulary ("Facebook is tracking me" and a
 * page on JavaScript's fetch(), 0.13). In the tests, later reports of the
 * same event by other publishers score 0.33-0.57, and a story of another
 * kind 0.03. WD_RELATED_DEFAULT_FLOOR, 0.25, keeps the first and drops the
 * rest: an honest "no earlier coverage" is better than citing a brief that
 * only shares words. (The benchmark's generated archive is no guide here:
 * its articles are random draws from one small vocabulary, about nothing,
 * and match each other at 0.3-0.5.)
 */

#define TITLE_BOOST 3
#define TERM_CANDIDATES 30
#define KEY_TERMS 10
#define TITLE_TERMS 12
#define MAX_MENTIONS 8
#define MAX_PHRASES 32  /* what the store uses of a query */
#define COMMON_SHARE 0.01
#define COMMON_MIN_SOURCES 200

typedef struct
{
  char *word;    /* folded */
  guint count;
  guint first;   /* position of the first occurrence */
  double sources; /* how many sources hold it */
  double idf;
  double score;
} Term;

static void
term_free (gpointer data)
{
  Term *term = data;

  g_free (term->word);
  g_free (term);
}

static int
compare_by_count (gconstpointer a,
                  gconstpointer b)
{
  const Term *ta = *(Term * const *) a;
  const Term *tb = *(Term * const *) b;

  if (ta->count != tb->count)
    return ta->count > tb->count ? -1 : 1;
  return ta->first < tb->first ? -1 : ta->first > tb->first;
}

static int
compare_by_score (gconstpointer a,
                  gconstpointer b)
{
  const Term *ta = *(Term * const *) a;
  const Term *tb = *(Term * const *) b;

  if (ta->score != tb->score)
    return ta->score > tb->score ? -1 : 1;
  return ta->first < tb->first ? -1 : ta->first > tb->first;
}

static void
count_words (GHashTable *terms,
             const char *text,
             guint       weight,
             guint      *position)
{
  const char *cursor = text;
  const char *start;
  gsize length;

  if (text == NULL)
    return;

  while (wd_text_next_token (&cursor, &start, &length))
    {
      g_autofree char *folded = wd_terms_fold (start, length);
      Term *term;

      (*position)++;
      if (!wd_terms_is_content (folded))
        continue;

      term = g_hash_table_lookup (terms, folded);
      if (term == NULL)
        {
          term = g_new0 (Term, 1);
          term->word = g_steal_pointer (&folded);
          term->first = *position;
          g_hash_table_insert (terms, term->word, term);
        }
      term->count += weight;
    }
}

/* A name as a phrase of its words, so that punctuation in it ("A.I.",
 * "Rolls-Royce") reads as the index reads it. NULL when it has no word. */
static char *
name_phrase (const char *name)
{
  g_autoptr(GPtrArray) words = wd_text_tokenize (name);

  if (words->len == 0)
    return NULL;
  g_ptr_array_add (words, NULL);
  return g_strjoinv (" ", (char **) words->pdata);
}

static gboolean
same_name (const char *a,
           const char *b)
{
  g_autofree char *pa = NULL;
  g_autofree char *pb = NULL;
  g_autofree char *fa = NULL;
  g_autofree char *fb = NULL;

  if (a == NULL || b == NULL)
    return FALSE;
  pa = name_phrase (a);
  pb = name_phrase (b);
  if (pa == NULL || pb == NULL)
    return FALSE;
  fa = g_utf8_casefold (pa, -1);
  fb = g_utf8_casefold (pb, -1);
  return strcmp (fa, fb) == 0;
}

static void
add_phrase (GPtrArray  *phrases,
            GArray     *weights,
            GHashTable *seen,
            const char *phrase,
            double      weight)
{
  g_autofree char *key = g_utf8_casefold (phrase, -1);

  if (phrases->len >= MAX_PHRASES || g_hash_table_contains (seen, key))
    return;
  g_hash_table_add (seen, g_steal_pointer (&key));
  g_ptr_array_add (phrases, g_strdup (phrase));
  g_array_append_val (weights, weight);
}

static double
idf_of (double count,
        double n_sources)
{
  /* bm25's idf plus one inside the logarithm (as Lucene has it): never
   * negative, and a word in half of a young archive of a few stories,
   * which is what a story's own words are then, still counts. */
  count = CLAMP (count, 0, n_sources);
  return log (1.0 + (n_sources - count + 0.5) / (count + 0.5));
}

/**
 * wd_related_query:
 * @store: the archive
 * @brief: a brief loaded with wd_store_load_brief() (its source and
 *   mentions are used)
 * @out_weights: (out) (transfer full): the weight of each phrase
 * @error: return location for a #WD_STORE_ERROR
 *
 * Builds the related-coverage query of @brief's story: its key terms by
 * tf-idf against the archive, its title's words and its mentions' names
 * (not the publisher's), each weighed by its idf. See wd-related.c.
 *
 * Returns: (transfer full): the phrases (possibly none), or %NULL with
 *   @error set
 */
GStrv
wd_related_query (WdStore  *store,
                  WdBrief  *brief,
                  double  **out_weights,
                  GError  **error)
{
  g_autoptr(GHashTable) terms = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                       term_free);
  g_autoptr(GHashTable) title_terms = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                             term_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) phrases = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) lookup = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ranked = g_ptr_array_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) weights = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree double *counts = NULL;
  WdSource *source;
  GListModel *mentions;
  const char *title;
  const char *publisher = NULL;
  double n_sources = 0;
  double common;
  guint position = 0;
  guint title_position = 0;
  guint n_title = 0;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (WD_IS_STORE (store), NULL);
  g_return_val_if_fail (WD_IS_BRIEF (brief), NULL);
  g_return_val_if_fail (out_weights != NULL, NULL);

  source = wd_brief_get_source (brief);
  title = source != NULL ? wd_source_get_title (source) : NULL;
  if (title == NULL || *title == '\0')
    title = wd_brief_get_headline (brief);
  if (source != NULL)
    {
      publisher = wd_source_get_publisher_name (source);
      if (publisher == NULL)
        publisher = wd_source_get_publisher_domain (source);
    }

  count_words (terms, title, TITLE_BOOST, &position);
  if (source != NULL)
    count_words (terms, wd_source_get_text (source), 1, &position);
  count_words (title_terms, title, 1, &title_position);

  g_hash_table_iter_init (&iter, terms);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (ranked, value);
  g_ptr_array_sort (ranked, compare_by_count);
  if (ranked->len > TERM_CANDIDATES)
    g_ptr_array_set_size (ranked, TERM_CANDIDATES);

  /* One round trip for every document frequency: the candidates, the
   * title's words (often among them) and the mentions' names. */
  for (guint i = 0; i < ranked->len; i++)
    g_ptr_array_add (lookup, g_strdup (((Term *) g_ptr_array_index (ranked, i))->word));

  mentions = wd_brief_get_mentions (brief);
  for (guint i = 0; mentions != NULL && i < g_list_model_get_n_items (mentions); i++)
    {
      g_autoptr(WdMention) mention = g_list_model_get_item (mentions, i);
      const char *name = wd_mention_get_name (mention);
      char *phrase;

      if (names->len >= MAX_MENTIONS || same_name (name, publisher))
        continue;
      phrase = name_phrase (name);
      if (phrase != NULL)
        g_ptr_array_add (names, phrase);
    }
  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (lookup, g_strdup (g_ptr_array_index (names, i)));

  g_hash_table_iter_init (&iter, title_terms);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Term *term = value;

      if (!g_ptr_array_find_with_equal_func (lookup, term->word, g_str_equal, NULL))
        g_ptr_array_add (lookup, g_strdup (term->word));
    }

  if (lookup->len == 0)
    {
      *out_weights = NULL;
      return g_new0 (char *, 1);
    }

  g_ptr_array_add (lookup, NULL);
  counts = g_new0 (double, lookup->len);
  if (!wd_store_count_phrase_sources (store, (const char * const *) lookup->pdata, counts,
                                      &n_sources, error))
    return NULL;
  g_ptr_array_set_size (lookup, lookup->len - 1);

  /* A word in more than COMMON_SHARE of a large archive tells no story
   * apart ("government", "market"); it would only bring the newest
   * stories, and reading its long list is what makes a query slow. */
  common = MAX (COMMON_MIN_SOURCES, COMMON_SHARE * n_sources);

  /* Key terms by tf-idf */
  for (guint i = 0; i < ranked->len; i++)
    {
      Term *term = g_ptr_array_index (ranked, i);

      term->sources = counts[i];
      term->idf = idf_of (counts[i], n_sources);
      term->score = (1.0 + log (term->count)) * term->idf;
    }
  g_ptr_array_sort (ranked, compare_by_score);
  for (guint i = 0, n = 0; i < ranked->len && n < KEY_TERMS; i++)
    {
      Term *term = g_ptr_array_index (ranked, i);

      if (term->sources > common)
        continue;
      add_phrase (phrases, weights, seen, term->word, term->idf);
      n++;
    }

  /* The title's words, in title order */
  {
    g_autoptr(GPtrArray) in_title = g_ptr_array_new ();

    g_hash_table_iter_init (&iter, title_terms);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      g_ptr_array_add (in_title, value);
    g_ptr_array_sort (in_title, compare_by_score);  /* all 0: by position */
    for (guint i = 0; i < in_title->len && n_title < TITLE_TERMS; i++)
      {
        Term *term = g_ptr_array_index (in_title, i);
        guint index = 0;

        if (g_ptr_array_find_with_equal_func (lookup, term->word, g_str_equal, &index) &&
            counts[index] <= common)
          {
            add_phrase (phrases, weights, seen, term->word, idf_of (counts[index], n_sources));
            n_title++;
          }
      }
  }

  /* The mentions' names */
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      guint index = 0;

      if (g_ptr_array_find_with_equal_func (lookup, name, g_str_equal, &index) &&
          counts[index] <= common)
        add_phrase (phrases, weights, seen, name, idf_of (counts[index], n_sources));
    }

  *out_weights = (double *) (gpointer) g_array_free (g_steal_pointer (&weights), FALSE);
  g_ptr_array_add (phrases, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&phrases), FALSE);
}

/**
 * wd_related_find:
 * @store: the archive
 * @brief_id: the story's brief
 * @limit: the most hits wanted; 0 for WD_RELATED_DEFAULT_LIMIT (5)
 * @floor: the lowest score kept; negative for WD_RELATED_DEFAULT_FLOOR
 * @error: return location for a #WD_STORE_ERROR
 *
 * Finds the earlier briefs of other sources that cover the story of
 * @brief_id: by bm25 over the archive's full-text indexes for a query made
 * of the story's key terms, title and mentions (wd_related_query()),
 * scored relative to the story's own source and kept above @floor (see
 * wd-related.c for why 0.25). An empty result means the archive has no
 * earlier coverage of the story. Blocking: call it from a worker thread in
 * the app.
 *
 * Returns: (transfer container) (element-type WdRelatedHit): the hits,
 *   best first, or %NULL with @error set
 */
GPtrArray *
wd_related_find (WdStore  *store,
                 gint64    brief_id,
                 guint     limit,
                 double    floor,
                 GError  **error)
{
  g_autoptr(WdBrief) brief = NULL;
  g_auto(GStrv) phrases = NULL;
  g_autofree double *weights = NULL;

  g_return_val_if_fail (WD_IS_STORE (store), NULL);

  if (limit == 0)
    limit = WD_RELATED_DEFAULT_LIMIT;
  if (floor < 0)
    floor = WD_RELATED_DEFAULT_FLOOR;

  brief = wd_store_load_brief (store, brief_id, error);
  if (brief == NULL)
    return NULL;

  phrases = wd_related_query (store, brief, &weights, error);
  if (phrases == NULL)
    return NULL;
  if (phrases[0] == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) wd_related_hit_free);

  return wd_store_find_related (store, brief_id, (const char * const *) phrases, weights,
                                limit, floor, error);
}
