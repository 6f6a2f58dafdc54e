/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-draft"

#include <string.h>

#include "wd-terms.h"

/* English function words and the verbs of attribution every news story
 * repeats: they say nothing about what a story is about. Sorted, for
 * bsearch(). */
static const char * const stopwords[] = {
  "a", "about", "above", "according", "across", "after", "again", "against", "ago",
  "all", "almost", "along", "already", "also", "although", "always", "am", "among",
  "an", "and", "another", "any", "are", "around", "as", "asked", "at", "back", "be",
  "because", "been", "before", "being", "below", "between", "both", "but", "by",
  "came", "can", "cannot", "could", "did", "do", "does", "doing", "done", "down",
  "during", "each", "either", "else", "even", "ever", "every", "few", "first", "for",
  "from", "further", "get", "gets", "got", "had", "has", "have", "having", "he",
  "her", "here", "hers", "herself", "him", "himself", "his", "how", "however", "i",
  "if", "in", "including", "into", "is", "it", "its", "itself", "just", "last",
  "less", "like", "made", "make", "makes", "many", "may", "me", "might", "more",
  "most", "mr", "mrs", "ms", "much", "must", "my", "near", "nearly", "neither",
  "never", "new", "next", "no", "nor", "not", "now", "of", "off", "often", "on",
  "once", "one", "only", "or", "other", "others", "our", "ours", "out", "over",
  "own", "per", "put", "rather", "really", "said", "same", "say", "saying", "says",
  "see", "seen", "several", "she", "should", "since", "so", "some", "still", "such",
  "take", "than", "that", "the", "their", "theirs", "them", "themselves", "then",
  "there", "these", "they", "this", "those", "though", "three", "through", "thus",
  "to", "told", "too", "toward", "towards", "two", "under", "until", "up", "upon",
  "us", "use", "used", "very", "was", "way", "we", "well", "were", "what", "when",
  "where", "whether", "which", "while", "who", "whom", "whose", "why", "will",
  "with", "within", "without", "would", "year", "years", "yet", "you", "your",
  "yours",
};

static int
compare_words (const void *a,
               const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * wd_terms_fold:
 * @start: a word's first byte
 * @length: its length in bytes
 *
 * The word in lower case, for counting (ASCII without allocating twice).
 *
 * Returns: (transfer full): the folded word
 */
char *
wd_terms_fold (const char *start,
               gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if ((guchar) start[i] >= 0x80)
      return g_utf8_strdown (start, length);

  return g_ascii_strdown (start, length);
}

/**
 * wd_terms_is_stopword:
 * @folded: a word in lower case
 *
 * Whether @folded is an English function word or a verb of attribution.
 *
 * Returns: %TRUE for a stop word
 */
gboolean
wd_terms_is_stopword (const char *folded)
{
  return bsearch (&folded, stopwords, G_N_ELEMENTS (stopwords), sizeof (char *),
                  compare_words) != NULL;
}

/**
 * wd_terms_is_content:
 * @folded: a word in lower case
 *
 * Whether @folded can tell what a text is about (see the header).
 *
 * Returns: %TRUE for a content word
 */
gboolean
wd_terms_is_content (const char *folded)
{
  gboolean has_letter = FALSE;
  gboolean wide = FALSE;
  glong n_chars = 0;

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      n_chars++;
      if (g_unichar_isalpha (c))
        has_letter = TRUE;
      if (g_unichar_iswide (c))
        wide = TRUE;
    }

  if (!has_letter)
    return FALSE;
  if (n_chars < 3 && !wide)
    return FALSE;

  return !wd_terms_is_stopword (folded);
}
