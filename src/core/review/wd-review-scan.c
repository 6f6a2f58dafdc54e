/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-review"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "wd-review-private.h"
#include "text/wd-text.h"

/*
 * Words and numbers as the review checks compare them: a word matches
 * regardless of case and accents ("Jose" is "José"), a number by every value
 * it can mean, so that "three", "3", "1.2 billion" and "1,200 million" meet.
 */

static gboolean
is_mark (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK
         || type == G_UNICODE_ENCLOSING_MARK;
}

char *
wd_review_fold (const char *word,
                gssize      length)
{
  g_autofree char *lower = NULL;
  g_autofree char *decomposed = NULL;
  GString *out;
  gboolean ascii = TRUE;

  if (length < 0)
    length = strlen (word);

  /* Most words are plain ASCII: spare them the Unicode tables. */
  for (gssize i = 0; i < length; i++)
    if ((guchar) word[i] >= 0x80)
      {
        ascii = FALSE;
        break;
      }
  if (ascii)
    return g_ascii_strdown (word, length);

  lower = g_utf8_casefold (word, length);
  decomposed = g_utf8_normalize (lower, -1, G_NORMALIZE_NFKD);
  if (decomposed == NULL)
    return g_steal_pointer (&lower);

  out = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!is_mark (c))
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static void
token_clear (WdReviewToken *token)
{
  g_clear_pointer (&token->folded, g_free);
}

GArray *
wd_review_tokenize (const char *text,
                    gsize       start,
                    gsize       end)
{
  GArray *tokens = g_array_new (FALSE, FALSE, sizeof (WdReviewToken));
  g_autofree char *part = g_strndup (text + start, end - start);
  const char *cursor = part;
  const char *word;
  gsize length;

  g_array_set_clear_func (tokens, (GDestroyNotify) token_clear);
  while (wd_text_next_token (&cursor, &word, &length))
    {
      WdReviewToken token;

      token.start = start + (word - part);
      token.end = token.start + length;
      token.folded = wd_review_fold (word, length);
      g_array_append_val (tokens, token);
    }
  return tokens;
}

void
wd_review_tokens_free (GArray *tokens)
{
  if (tokens != NULL)
    g_array_unref (tokens);
}

char *
wd_review_number_key (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* Nine significant digits: more than any article writes, fewer than the
   * rounding noise of 1.2 * 1e9. */
  g_ascii_formatd (buffer, sizeof buffer, "%.9g", value);
  return g_strdup (buffer);
}

typedef struct {
  const char *word;
  double      value;
  int         kind;   /* 0 unit or tens, 1 hundred, 2 scale */
} NumberWord;

static const NumberWord number_words[] = {
  { "zero", 0, 0 }, { "one", 1, 0 }, { "two", 2, 0 }, { "three", 3, 0 }, { "four", 4, 0 },
  { "five", 5, 0 }, { "six", 6, 0 }, { "seven", 7, 0 }, { "eight", 8, 0 }, { "nine", 9, 0 },
  { "ten", 10, 0 }, { "eleven", 11, 0 }, { "twelve", 12, 0 }, { "thirteen", 13, 0 },
  { "fourteen", 14, 0 }, { "fifteen", 15, 0 }, { "sixteen", 16, 0 }, { "seventeen", 17, 0 },
  { "eighteen", 18, 0 }, { "nineteen", 19, 0 }, { "twenty", 20, 0 }, { "thirty", 30, 0 },
  { "forty", 40, 0 }, { "fifty", 50, 0 }, { "sixty", 60, 0 }, { "seventy", 70, 0 },
  { "eighty", 80, 0 }, { "ninety", 90, 0 }, { "dozen", 12, 0 }, { "hundred", 100, 1 },
  { "thousand", 1e3, 2 }, { "million", 1e6, 2 }, { "billion", 1e9, 2 },
  { "trillion", 1e12, 2 },
};

/* Scale words and abbreviations after a figure: "40 million", "€40m". */
static double
scale_of (const char *word,
          gboolean    attached)
{
  static const struct { const char *word; double scale; gboolean attached_only; } scales[] = {
    { "thousand", 1e3, FALSE }, { "million", 1e6, FALSE }, { "millions", 1e6, FALSE },
    { "billion", 1e9, FALSE }, { "billions", 1e9, FALSE }, { "trillion", 1e12, FALSE },
    { "mn", 1e6, FALSE }, { "bn", 1e9, FALSE }, { "tn", 1e12, FALSE }, { "trn", 1e12, FALSE },
    { "m", 1e6, TRUE }, { "b", 1e9, TRUE }, { "k", 1e3, TRUE },
    /* "three decades" is "thirty years" */
    { "decade", 10, FALSE }, { "decades", 10, FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (scales); i++)
    if (g_ascii_strcasecmp (word, scales[i].word) == 0 && (attached || !scales[i].attached_only))
      return scales[i].scale;
  return 0;
}

static const char * const ordinal_words[] = {
  "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
  "tenth", "eleventh", "twelfth",
};

static const char * const month_names[] = {
  "january", "february", "march", "april", "may", "june", "july", "august", "september",
  "october", "november", "december",
};

/* The month (1-12) a capitalised word names, "Sept" and "Dec." included;
 * 0 for any other word. */
static int
month_of (const char *start,
          const char *end)
{
  g_autofree char *word = NULL;
  gsize length = end - start;

  if (length < 3 || !g_ascii_isupper (*start))
    return 0;
  word = g_ascii_strdown (start, length);
  for (gsize m = 0; m < G_N_ELEMENTS (month_names); m++)
    if (strcmp (word, month_names[m]) == 0
        || (length <= 4 && g_str_has_prefix (month_names[m], word)
            && (length == 3 || strcmp (word, "sept") == 0)))
      return m + 1;
  return 0;
}

/* A month right before @at ("May 18") or right after @after ("18 May"). */
static int
month_around (const char *text,
              const char *at,
              const char *after,
              const char *limit)
{
  const char *p = at;
  const char *word_end;
  int month;

  if (p > text && p[-1] == ' ')
    {
      word_end = p - 1;
      p = word_end;
      if (p > text && p[-1] == '.')
        word_end = --p;
      while (p > text && g_ascii_isalpha (p[-1]))
        p--;
      if ((month = month_of (p, word_end)) > 0)
        return month;
    }
  if (after < limit && *after == ' ')
    {
      p = after + 1;
      word_end = p;
      while (word_end < limit && g_ascii_isalpha (*word_end))
        word_end++;
      if ((month = month_of (p, word_end)) > 0)
        return month;
    }
  return 0;
}

/* @word is lower-case already (word_at() folds it). Every word of a text
 * is looked up: a table made once, never freed. */
static const NumberWord *
find_number_word (const char *word)
{
  static GHashTable *table = NULL;

  if (g_once_init_enter (&table))
    {
      GHashTable *t = g_hash_table_new (g_str_hash, g_str_equal);

      for (gsize i = 0; i < G_N_ELEMENTS (number_words); i++)
        g_hash_table_insert (t, (gpointer) number_words[i].word, (gpointer) &number_words[i]);
      g_once_init_leave (&table, t);
    }
  return g_hash_table_lookup (table, word);
}

static gboolean
is_currency (gunichar c)
{
  return c == '$' || c == 0x20AC || c == 0x00A3 || c == 0x00A5 || c == 0x20B9;
}

static gboolean
is_group_space (gunichar c)
{
  return c == 0x00A0 || c == 0x202F || c == 0x2009 || c == '\'';
}

static void
add_reading (WdReviewNumber *number,
             double          value)
{
  for (guint i = 0; i < number->n_values; i++)
    if (fabs (number->values[i] - value) <= 1e-9 * fabs (value))
      return;
  if (number->n_values < WD_REVIEW_MAX_READINGS)
    number->values[number->n_values++] = value;
}

/* The values the figure from @p to @end can mean, digits and separators
 * only; returns the number of readings written to @values. */
static guint
read_figure (const char *p,
             const char *end,
             double     *values)
{
  char groups[8][32];
  gsize lengths[8] = { 0, };
  gunichar seps[8] = { 0, };
  guint n_groups = 1;
  guint n = 0;
  gboolean same = TRUE;
  gboolean threes = TRUE;
  char whole[300];
  char decimal[300];
  gsize w = 0, d = 0;

  /* groups[i] comes after seps[i]; seps[0] is unused. */
  for (; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_ascii_isdigit (c))
        {
          if (lengths[n_groups - 1] + 1 < sizeof groups[0])
            groups[n_groups - 1][lengths[n_groups - 1]++] = (char) c;
        }
      else if (n_groups < G_N_ELEMENTS (groups))
        {
          seps[n_groups++] = c;
        }
    }

  for (guint i = 1; i < n_groups; i++)
    {
      if (seps[i] != seps[1])
        same = FALSE;
      if (lengths[i] != 3)
        threes = FALSE;
    }

  for (guint i = 0; i < n_groups; i++)
    {
      if (i == n_groups - 1 && n_groups > 1)
        decimal[d++] = '.';
      for (gsize j = 0; j < lengths[i]; j++)
        {
          whole[w++] = groups[i][j];
          decimal[d++] = groups[i][j];
        }
    }
  whole[w] = '\0';
  decimal[d] = '\0';

  if (n_groups == 1)
    {
      values[n++] = g_ascii_strtod (whole, NULL);
      return n;
    }

  if (same && threes && lengths[0] <= 3)
    values[n++] = g_ascii_strtod (whole, NULL);
  /* The last separator as a decimal point: "12,5", "1,234.5", and "1.200"
   * as a second reading. */
  if ((seps[n_groups - 1] == '.' || seps[n_groups - 1] == ',')
      && (!(same && threes) || (n_groups == 2 && seps[1] == '.')))
    values[n++] = g_ascii_strtod (decimal, NULL);
  if (n == 0)
    values[n++] = g_ascii_strtod (whole, NULL);
  return n;
}

/* The word starting at @p (letters only), and where it ends. */
static const char *
word_at (const char *p,
         const char *limit,
         char       *buffer,
         gsize       size)
{
  gsize n = 0;

  while (p < limit && g_ascii_isalpha (*p))
    {
      if (n + 1 < size)
        buffer[n++] = g_ascii_tolower (*p);
      p++;
    }
  buffer[n] = '\0';
  return p;
}

static const char *
skip_spaces (const char *p,
             const char *limit)
{
  while (p < limit)
    {
      gunichar c = g_utf8_get_char (p);

      if (c != ' ' && c != 0x00A0 && c != 0x202F && c != '\t')
        break;
      p = g_utf8_next_char (p);
    }
  return p;
}

/* The unit of time after a number ("18 months", "two-year"), singular,
 * or NULL: a count of years must not be backed by a count of groups. */
static const char *
unit_after (const char *p,
            const char *limit)
{
  static const char * const units[] = { "year", "month", "week", "day", "hour", "minute" };
  char word[16];
  gsize length;

  if (p < limit && *p == '-')
    p++;
  else
    p = skip_spaces (p, limit);
  word_at (p, limit, word, sizeof word);
  length = strlen (word);
  if (length > 1 && word[length - 1] == 's')
    word[length - 1] = '\0';
  for (gsize u = 0; u < G_N_ELEMENTS (units); u++)
    if (strcmp (word, units[u]) == 0)
      return units[u];
  return NULL;
}

/* After a figure or number words: a scale word, "%", "percent" or
 * "per cent". Moves @p past what it takes. */
static double
read_tail (const char **p,
           const char  *limit,
           const char **unit)
{
  const char *q = skip_spaces (*p, limit);
  char word[16];
  const char *after;
  double scale = 1;
  double s;

  after = word_at (q, limit, word, sizeof word);
  if ((s = scale_of (word, FALSE)) > 0 && after > q)
    {
      scale = s;
      /* "three decades" counts years. */
      if (g_str_has_prefix (word, "decade"))
        *unit = "year";
      *p = after;
      q = skip_spaces (after, limit);
      after = word_at (q, limit, word, sizeof word);
    }
  if (q < limit && *q == '%')
    {
      *p = q + 1;
      return scale;
    }
  if (g_strcmp0 (word, "percent") == 0 || g_strcmp0 (word, "pc") == 0)
    {
      *p = after;
    }
  else if (g_strcmp0 (word, "per") == 0)
    {
      const char *r = skip_spaces (after, limit);
      const char *after_cent = word_at (r, limit, word, sizeof word);

      if (g_strcmp0 (word, "cent") == 0)
        *p = after_cent;
    }
  return scale;
}

static gboolean
is_letter_before (const char *text,
                  const char *p)
{
  if (p <= text)
    return FALSE;
  return g_unichar_isalpha (g_utf8_get_char (g_utf8_prev_char (p)));
}

GArray *
wd_review_find_numbers (const char *text,
                        gsize       start,
                        gsize       end)
{
  GArray *numbers = g_array_new (FALSE, TRUE, sizeof (WdReviewNumber));
  const char *p = text + start;
  const char *limit = text + end;

  while (p < limit)
    {
      gunichar c = g_utf8_get_char (p);
      gboolean at_word_start = p == text
                               || !wd_text_is_word_char (g_utf8_get_char (g_utf8_prev_char (p)));

      if (g_ascii_isdigit (c) && at_word_start)
        {
          WdReviewNumber number = { 0 };
          const char *figure_start = p;
          const char *q = p;
          const char *figure_end;
          double readings[WD_REVIEW_MAX_READINGS];
          guint n;
          double scale = 1;
          char suffix[8];
          const char *after_suffix;
          const char *tail_unit = NULL;

          while (q < limit)
            {
              gunichar d = g_utf8_get_char (q);

              if (g_ascii_isdigit (d))
                {
                  q++;
                  continue;
                }
              if ((d == ',' || d == '.' || is_group_space (d))
                  && g_utf8_next_char (q) < limit
                  && g_ascii_isdigit (*g_utf8_next_char (q)))
                {
                  q = g_utf8_next_char (q);
                  continue;
                }
              break;
            }
          figure_end = q;
          n = read_figure (figure_start, figure_end, readings);

          /* Letters stuck to the figure: a scale ("€40m", "$1.2bn"), an
           * ordinal ("3rd") or a unit ("7am", "5G"), all part of it. */
          after_suffix = word_at (q, limit, suffix, sizeof suffix);
          if (after_suffix > q)
            {
              double s = scale_of (suffix, TRUE);

              if (s > 0)
                scale = s;
              q = after_suffix;
              /* Any digits or letters after that are a code ("A320neo"),
               * still one token. */
              while (q < limit && wd_text_is_word_char (g_utf8_get_char (q)))
                q = g_utf8_next_char (q);
            }
          {
            int month = 0;
            double day = n == 1 ? readings[0] : 0;

            if (scale == 1 && day >= 1 && day <= 31 && day == floor (day))
              month = month_around (text, figure_start, q, limit);
            if (month > 0)
              {
                /* A date is its own kind of value: "May 18" must not be
                 * backed by "18 months". */
                n = 1;
                readings[0] = WD_REVIEW_DATE_VALUE (month, day);
              }
            else if (scale == 1)
              {
                scale = read_tail (&q, limit, &tail_unit);
              }
            else
              {
                read_tail (&q, limit, &tail_unit);
              }
            number.date = month > 0;
          }

          number.start = figure_start - text;
          if (figure_start > text + start)
            {
              const char *before = g_utf8_prev_char (figure_start);

              if (is_currency (g_utf8_get_char (before)))
                number.start = before - text;
            }
          number.end = q - text;
          number.unit = number.date ? NULL
                        : tail_unit != NULL ? tail_unit : unit_after (q, limit);
          number.bare = n > 0 ? readings[0] : 0;
          for (guint i = 0; i < n; i++)
            add_reading (&number, readings[i] * scale);
          if (number.n_values > 0)
            g_array_append_val (numbers, number);
          p = q;
          continue;
        }

      if (g_ascii_isalpha (c) && at_word_start && !is_letter_before (text, p))
        {
          char word[16];
          const char *q = word_at (p, limit, word, sizeof word);
          const NumberWord *nw = find_number_word (word);

          gboolean maybe_ordinal = g_str_has_suffix (word, "th") || g_str_has_suffix (word, "st")
                                   || g_str_has_suffix (word, "nd")
                                   || g_str_has_suffix (word, "rd");

          for (gsize o = 0; maybe_ordinal && nw == NULL && o < G_N_ELEMENTS (ordinal_words); o++)
            if (strcmp (word, ordinal_words[o]) == 0
                && !wd_text_is_word_char (g_utf8_get_char (q)))
              {
                WdReviewNumber number = { 0 };

                number.start = p - text;
                number.end = q - text;
                number.in_words = TRUE;
                number.ordinal = TRUE;
                number.bare = o + 1;
                add_reading (&number, o + 1);
                g_array_append_val (numbers, number);
              }

          if (nw != NULL && !wd_text_is_word_char (g_utf8_get_char (q)))
            {
              WdReviewNumber number = { 0 };
              double total = 0, current = 0;
              const char *last_end = q;
              gboolean any_unit = FALSE;

              /* "twenty-five", "two hundred and forty million" */
              for (;;)
                {
                  if (nw->kind == 0)
                    {
                      current += nw->value;
                      any_unit = TRUE;
                    }
                  else if (nw->kind == 1)
                    {
                      current = (current > 0 ? current : 1) * nw->value;
                    }
                  else
                    {
                      total += (current > 0 ? current : 1) * nw->value;
                      current = 0;
                    }
                  last_end = q;

                  {
                    const char *r = q;
                    char next[16];
                    const char *r_end;

                    if (r < limit && *r == '-')
                      r++;
                    else
                      r = skip_spaces (r, limit);
                    r_end = word_at (r, limit, next, sizeof next);
                    if (g_strcmp0 (next, "and") == 0)
                      {
                        r = skip_spaces (r_end, limit);
                        r_end = word_at (r, limit, next, sizeof next);
                      }
                    nw = find_number_word (next);
                    if (nw == NULL || r_end == r || wd_text_is_word_char (g_utf8_get_char (r_end)))
                      break;
                    q = r_end;
                  }
                }

              /* "a thousand" without a unit word is rare and vague: skip
               * scale words standing alone. */
              if (any_unit)
                {
                  const char *tail = last_end;
                  double value = total + current;

                  const char *tail_unit = NULL;

                  value *= read_tail (&tail, limit, &tail_unit);
                  number.start = p - text;
                  number.end = tail - text;
                  number.unit = tail_unit != NULL ? tail_unit : unit_after (tail, limit);
                  number.in_words = TRUE;
                  number.bare = value;
                  add_reading (&number, value);
                  g_array_append_val (numbers, number);
                  p = tail;
                  continue;
                }
              p = last_end;
              continue;
            }
          p = q > p ? q : g_utf8_next_char (p);
          continue;
        }

      p = g_utf8_next_char (p);
    }
  return numbers;
}
