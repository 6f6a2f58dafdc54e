/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-text"

#include <string.h>

#include "wd-text.h"

/* Words that end in a period without ending the sentence. Titles and
 * Latin short forms usually come before more of the same sentence. */
static const char * const never_final[] = {
  "mr", "mrs", "ms", "mx", "dr", "prof", "st", "sr", "jr", "sen", "rep", "gov", "gen",
  "col", "lt", "sgt", "capt", "cmdr", "rev", "hon", "pres", "supt", "no", "nos", "fig",
  "figs", "vs", "v", "cf", "e.g", "i.e", "eg", "ie", "approx", "est", "dept", "vol",
  "pp", "p", "ch", "sec", "art", "op", "ed", "eds", "mt", "ft", "ave", "blvd", "rd",
  "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
  "u.s", "u.k", "u.n", "e.u", "d.c", "ph.d", "b.a", "m.a",
};

/* These end a sentence only when a capital letter follows. */
static const char * const maybe_final[] = {
  "etc", "inc", "ltd", "co", "corp", "llc", "plc", "a.m", "p.m", "al",
};

/**
 * wd_text_is_word_char:
 * @c: a character
 *
 * Whether @c belongs in a word as the corpus metric counts them: letters,
 * combining marks, digits and connector punctuation such as "_".
 *
 * Returns: %TRUE for a word character
 */
gboolean
wd_text_is_word_char (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum (c) || c == '_';

  switch (g_unichar_type (c))
    {
    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_CONNECT_PUNCTUATION:
      return TRUE;
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_UNASSIGNED:
    case G_UNICODE_PRIVATE_USE:
    case G_UNICODE_SURROGATE:
    case G_UNICODE_OTHER_NUMBER:
    case G_UNICODE_DASH_PUNCTUATION:
    case G_UNICODE_CLOSE_PUNCTUATION:
    case G_UNICODE_FINAL_PUNCTUATION:
    case G_UNICODE_INITIAL_PUNCTUATION:
    case G_UNICODE_OTHER_PUNCTUATION:
    case G_UNICODE_OPEN_PUNCTUATION:
    case G_UNICODE_CURRENCY_SYMBOL:
    case G_UNICODE_MODIFIER_SYMBOL:
    case G_UNICODE_MATH_SYMBOL:
    case G_UNICODE_OTHER_SYMBOL:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
    case G_UNICODE_SPACE_SEPARATOR:
    default:
      return FALSE;
    }
}

/**
 * wd_text_next_token:
 * @cursor: (inout): where to go on reading; moved past the token found
 * @start: (out): the token's first byte
 * @length: (out): the token's length in bytes
 *
 * Finds the next word: a maximal run of word characters (see
 * wd_text_is_word_char()). Does not allocate, so counting the words of a
 * long text stays cheap.
 *
 * Returns: %TRUE if a token was found, %FALSE at the end of the text
 */
gboolean
wd_text_next_token (const char **cursor,
                    const char **start,
                    gsize       *length)
{
  const char *p = *cursor;
  const char *begin = NULL;

  while (*p != '\0')
    {
      gunichar c;
      const char *next;

      if ((guchar) *p < 0x80)
        {
          c = (guchar) *p;
          next = p + 1;
        }
      else
        {
          c = g_utf8_get_char (p);
          next = g_utf8_next_char (p);
        }

      if (wd_text_is_word_char (c))
        {
          if (begin == NULL)
            begin = p;
        }
      else if (begin != NULL)
        {
          break;
        }
      p = next;
    }

  *cursor = p;
  if (begin == NULL)
    return FALSE;

  *start = begin;
  *length = (gsize) (p - begin);
  return TRUE;
}

/**
 * wd_text_tokenize:
 * @text: UTF-8 text
 *
 * Splits @text into words, case kept and punctuation dropped.
 *
 * Returns: (transfer full) (element-type utf8): the words in order
 */
GPtrArray *
wd_text_tokenize (const char *text)
{
  GPtrArray *tokens = g_ptr_array_new_with_free_func (g_free);
  const char *cursor = text;
  const char *start;
  gsize length;

  g_return_val_if_fail (text != NULL, tokens);

  while (wd_text_next_token (&cursor, &start, &length))
    g_ptr_array_add (tokens, g_strndup (start, length));

  return tokens;
}

/**
 * wd_text_count_words:
 * @text: UTF-8 text
 *
 * Counts the words of @text the way wd_text_tokenize() splits them.
 *
 * Returns: the number of words
 */
guint
wd_text_count_words (const char *text)
{
  const char *cursor = text;
  const char *start;
  gsize length;
  guint n = 0;

  g_return_val_if_fail (text != NULL, 0);

  while (wd_text_next_token (&cursor, &start, &length))
    n++;
  return n;
}

/**
 * wd_text_normalize_whitespace:
 * @text: UTF-8 text
 *
 * Turns every run of white space (Unicode spaces, tabs, line breaks, no-break
 * spaces) into one ASCII space and trims both ends.
 *
 * Returns: (transfer full): the normalised text
 */
char *
wd_text_normalize_whitespace (const char *text)
{
  GString *out;
  gboolean pending_space = FALSE;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = (guchar) *p < 0x80 ? (gunichar) *p : g_utf8_get_char (p);

      /* Zero-width spaces and the BOM hide inside words; they are not gaps. */
      if (c == 0x200B || c == 0xFEFF)
        continue;

      if (g_unichar_isspace (c) || c == 0x00A0 || c == 0x202F || c == 0x2007)
        {
          pending_space = out->len > 0;
          continue;
        }

      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static gboolean
is_closing (gunichar c)
{
  switch (c)
    {
    case '"': case '\'': case ')': case ']': case '}':
    case 0x2019: case 0x201D: case 0x00BB: case 0x203A:
    case 0x300D: case 0x300F: case 0x3011: case 0x3009: case 0x300B: case 0xFF09:
    case 0xFF3D: case 0x3015:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
is_cjk_terminator (gunichar c)
{
  return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF0E;
}

static gboolean
is_terminator (gunichar c)
{
  return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x203C || c == 0x2047
         || c == 0x2048 || c == 0x2049 || is_cjk_terminator (c);
}

static gboolean
in_list (const char         *word,
         const char * const *list,
         gsize               n)
{
  for (gsize i = 0; i < n; i++)
    if (strcmp (word, list[i]) == 0)
      return TRUE;
  return FALSE;
}

/* The word right before the period at @dot, lower-cased, with inner
 * periods kept ("U.S" for "U.S."). */
static char *
word_before (const char *text,
             const char *dot)
{
  const char *p = dot;

  while (p > text)
    {
      const char *prev = g_utf8_prev_char (p);
      gunichar c = g_utf8_get_char (prev);

      if (!wd_text_is_word_char (c) && c != '.')
        break;
      p = prev;
    }
  while (p < dot && *p == '.')
    p++;

  return g_utf8_strdown (p, dot - p);
}

static void
add_sentence (GPtrArray  *sentences,
              const char *start,
              const char *end)
{
  g_autofree char *raw = g_strndup (start, end - start);
  char *sentence = wd_text_normalize_whitespace (raw);

  if (*sentence != '\0')
    g_ptr_array_add (sentences, sentence);
  else
    g_free (sentence);
}

/* Whether a period at @dot followed by @next (the first character after
 * the white space) ends the sentence. */
static gboolean
period_ends_sentence (const char *text,
                      const char *dot,
                      gunichar    next)
{
  g_autofree char *word = word_before (text, dot);
  glong n_chars = g_utf8_strlen (word, -1);

  if (next == 0)
    return TRUE;
  if (in_list (word, never_final, G_N_ELEMENTS (never_final)))
    return FALSE;
  /* An initial such as "J. Smith" or one letter of "U. S. A." */
  if (n_chars == 1 && g_unichar_isalpha (g_utf8_get_char (word)))
    return FALSE;
  /* Dotted short forms ("e.g.", "U.S.A.") that the lists above miss */
  if (strchr (word, '.') != NULL && n_chars <= 6)
    return g_unichar_isupper (next) && !g_unichar_isupper (g_utf8_get_char (word))
           ? TRUE : FALSE;
  if (in_list (word, maybe_final, G_N_ELEMENTS (maybe_final)))
    return g_unichar_isupper (next);
  /* A lower-case word after the period continues the sentence. */
  if (g_unichar_islower (next))
    return FALSE;
  return TRUE;
}

/**
 * wd_text_split_sentences:
 * @text: UTF-8 text
 *
 * Splits @text into sentences. A sentence ends at ".", "!", "?" or "…"
 * followed by white space, or at a CJK full stop (。！？), and takes the
 * closing quotes and brackets after its end with it. Periods in short forms
 * ("Dr.", "U.S.", "e.g."), initials, decimals ("3.5") and an ellipsis
 * followed by a lower-case word do not end a sentence. Line breaks that
 * separate paragraphs always do.
 *
 * Returns: (transfer full) (element-type utf8): the sentences, white space
 *   normalised
 */
GPtrArray *
wd_text_split_sentences (const char *text)
{
  GPtrArray *sentences = g_ptr_array_new_with_free_func (g_free);
  const char *start = text;
  const char *p = text;

  g_return_val_if_fail (text != NULL, sentences);

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);
      const char *term_start = p;
      const char *end;
      const char *after;
      gboolean cjk;
      gboolean only_periods = TRUE;

      /* A blank line is a paragraph break. */
      if (c == '\n')
        {
          const char *q = p + 1;

          while (*q == ' ' || *q == '\t' || *q == '\r')
            q++;
          if (*q == '\n')
            {
              add_sentence (sentences, start, p);
              while (*q == '\n' || *q == ' ' || *q == '\t' || *q == '\r')
                q++;
              start = p = q;
              continue;
            }
        }

      if (!is_terminator (c))
        {
          p = g_utf8_next_char (p);
          continue;
        }

      /* Take the whole run of terminators ("?!", "...", "。") */
      cjk = FALSE;
      end = p;
      while (*end != '\0' && is_terminator (g_utf8_get_char (end)))
        {
          gunichar t = g_utf8_get_char (end);

          cjk |= is_cjk_terminator (t);
          if (t != '.')
            only_periods = FALSE;
          end = g_utf8_next_char (end);
        }
      while (*end != '\0' && is_closing (g_utf8_get_char (end)))
        end = g_utf8_next_char (end);

      if (cjk)
        {
          add_sentence (sentences, start, end);
          start = p = end;
          continue;
        }

      /* A Latin terminator needs white space (or the end) after it:
       * "3.5", "example.com" and "a.m." stay whole. */
      after = end;
      if (*after != '\0' && !g_unichar_isspace (g_utf8_get_char (after)))
        {
          p = end;
          continue;
        }
      while (*after != '\0' && g_unichar_isspace (g_utf8_get_char (after)))
        after = g_utf8_next_char (after);

      {
        gunichar next = g_utf8_get_char (after);
        gboolean ends;

        if (only_periods && end - term_start == 1)
          ends = period_ends_sentence (text, term_start, next);
        else if (only_periods || g_utf8_get_char (term_start) == 0x2026)
          /* An ellipsis ends a sentence only before a new one. */
          ends = next == 0 || !g_unichar_islower (next);
        else
          ends = TRUE;

        if (ends)
          {
            add_sentence (sentences, start, end);
            start = end;
          }
        p = end;
      }
    }

  add_sentence (sentences, start, p);
  return sentences;
}

/**
 * wd_text_shingles:
 * @text: UTF-8 text
 * @size: words per shingle, at least 1
 *
 * Every run of @size consecutive words of @text, words joined by one space.
 * A text of fewer than @size words (but at least one) is one shingle.
 *
 * Returns: (transfer full) (element-type utf8): the shingles in order
 */
GPtrArray *
wd_text_shingles (const char *text,
                  guint       size)
{
  g_autoptr(GPtrArray) tokens = NULL;
  GPtrArray *shingles = g_ptr_array_new_with_free_func (g_free);
  guint n;

  g_return_val_if_fail (text != NULL, shingles);
  g_return_val_if_fail (size > 0, shingles);

  tokens = wd_text_tokenize (text);
  if (tokens->len == 0)
    return shingles;

  n = tokens->len < size ? 1 : tokens->len - size + 1;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GString) s = g_string_new (NULL);

      for (guint j = i; j < i + size && j < tokens->len; j++)
        {
          if (j > i)
            g_string_append_c (s, ' ');
          g_string_append (s, g_ptr_array_index (tokens, j));
        }
      g_ptr_array_add (shingles, g_string_free (g_steal_pointer (&s), FALSE));
    }
  return shingles;
}

/**
 * wd_text_shingle_counts:
 * @text: UTF-8 text
 * @size: words per shingle
 * @n_shingles: (out) (optional): the number of shingles, repeats counted
 *
 * The shingles of @text (see wd_text_shingles()) as a multiset.
 *
 * Returns: (transfer full) (element-type utf8 guint): each shingle mapped
 *   to how often it occurs (GUINT_TO_POINTER)
 */
GHashTable *
wd_text_shingle_counts (const char *text,
                        guint       size,
                        guint      *n_shingles)
{
  g_autoptr(GPtrArray) shingles = wd_text_shingles (text, size);
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < shingles->len; i++)
    {
      char *s = g_ptr_array_index (shingles, i);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, s));

      if (count == 0)
        {
          /* The table takes the string over. */
          shingles->pdata[i] = NULL;
          g_hash_table_insert (counts, s, GUINT_TO_POINTER (1));
        }
      else
        {
          g_hash_table_insert (counts, g_strdup (s), GUINT_TO_POINTER (count + 1));
        }
    }

  if (n_shingles != NULL)
    *n_shingles = shingles->len;
  return counts;
}

/**
 * wd_text_shingle_overlap:
 * @a: shingle counts from wd_text_shingle_counts()
 * @b: shingle counts from wd_text_shingle_counts()
 *
 * The size of the multiset intersection of @a and @b: each shingle counts
 * as often as it occurs in both.
 *
 * Returns: the number of shared shingles
 */
guint
wd_text_shingle_overlap (GHashTable *a,
                         GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;
  guint overlap = 0;

  g_return_val_if_fail (a != NULL && b != NULL, 0);

  if (g_hash_table_size (a) > g_hash_table_size (b))
    {
      GHashTable *tmp = a;

      a = b;
      b = tmp;
    }

  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint other = GPOINTER_TO_UINT (g_hash_table_lookup (b, key));

      overlap += MIN (GPOINTER_TO_UINT (value), other);
    }
  return overlap;
}
