/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-review"

#include "config.h"

#include <string.h>

#include "wd-review.h"
#include "wd-review-private.h"
#include "draft/wd-builtin.h"
#include "text/wd-text.h"

/*
 * What the checks read: the source (and cited briefs) as references of
 * folded words, numbers and initials; each section of the brief as a
 * "clean" copy of its text, the same bytes with Markdown markup, citation
 * markers and the builtin engine's marker line blanked to spaces, so every
 * offset found in it is an offset into the text the editor sees, with its
 * sentences, quotations and words.
 */

/* Capitalised words that are not names. */
static const char * const common_words[] = {
  "a", "an", "the", "it", "its", "this", "that", "these", "those", "in", "on", "at", "for",
  "but", "and", "or", "nor", "if", "when", "while", "as", "after", "before", "he", "she",
  "they", "we", "i", "his", "her", "their", "our", "you", "your", "there", "here", "what",
  "who", "why", "how", "where", "which", "with", "without", "by", "from", "to", "of", "not",
  "no", "yes", "so", "then", "than", "also", "however", "meanwhile", "still", "yet",
  "although", "though", "because", "since", "until", "under", "over", "more", "most",
  "some", "many", "much", "all", "any", "each", "every", "both", "either", "neither",
  "mr", "mrs", "ms", "dr", "prof", "sir", "st", "is", "are", "was", "were", "will", "would",
  "can", "could", "should", "may", "might", "must", "do", "does", "did", "has", "have",
  "had", "be", "been", "let", "now", "just", "only", "even", "other", "another", "such",
  "january", "february", "march", "april", "may", "june", "july", "august", "september",
  "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
  "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
  "saturday", "sunday", "today", "tomorrow", "yesterday", "watch", "note", "update",
  "several", "few", "ceo", "cfo", "cto", "coo", "utc", "gmt",
};

/* Lower-case words that may sit inside a name: "Bank of England". */
static const char * const name_connectors[] = {
  "of", "de", "du", "van", "von", "der", "den", "del", "della", "da", "di", "la", "le",
  "al", "bin", "y", "and", "for", "the",
};

gboolean
wd_review_in_list (const char         *word,
                   const char * const *list,
                   gsize               n)
{
  for (gsize i = 0; i < n; i++)
    if (strcmp (word, list[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Looked up for every word of the source and the draft: a hash set, made
 * once and never freed. */
GHashTable *
wd_review_word_set (const char * const *list,
                    gsize               n)
{
  GHashTable *set = g_hash_table_new (g_str_hash, g_str_equal);

  for (gsize i = 0; i < n; i++)
    g_hash_table_add (set, (gpointer) list[i]);
  return set;
}

gboolean
wd_review_is_common_word (const char *folded)
{
  static GHashTable *set = NULL;

  if (g_once_init_enter (&set))
    g_once_init_leave (&set, wd_review_word_set (common_words, G_N_ELEMENTS (common_words)));
  return g_hash_table_contains (set, folded);
}

gboolean
wd_review_is_name_connector (const char *folded)
{
  return wd_review_in_list (folded, name_connectors, G_N_ELEMENTS (name_connectors));
}

gboolean
wd_review_is_upper_at (const char *text,
                       gsize       offset)
{
  return g_unichar_isupper (g_utf8_get_char (text + offset));
}

/* References */

void
wd_review_reference_init (Reference *ref)
{
  ref->tokens = g_array_new (FALSE, FALSE, sizeof (WdReviewToken));
  ref->positions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify) g_array_unref);
  ref->numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ref->acronyms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

void
wd_review_reference_clear (Reference *ref)
{
  /* The positions table borrows its keys from the tokens. */
  g_clear_pointer (&ref->positions, g_hash_table_unref);
  for (guint i = 0; ref->tokens != NULL && i < ref->tokens->len; i++)
    g_free (g_array_index (ref->tokens, WdReviewToken, i).folded);
  g_clear_pointer (&ref->tokens, g_array_unref);
  g_clear_pointer (&ref->numbers, g_hash_table_unref);
  g_clear_pointer (&ref->acronyms, g_hash_table_unref);
}

char *
wd_review_number_unit_key (double      value,
                           const char *unit)
{
  g_autofree char *key = wd_review_number_key (value);

  return g_strconcat (key, " ", unit, NULL);
}

/* Adds @text to @ref: its words in order (a break between texts, so no run
 * spans two), its numbers and the initials of its capitalised runs. */
void
wd_review_reference_add (Reference  *ref,
                         const char *text)
{
  gsize length;
  g_autoptr(GArray) tokens = NULL;
  g_autoptr(GArray) numbers = NULL;
  GString *initials;

  if (text == NULL)
    return;
  length = strlen (text);
  tokens = wd_review_tokenize (text, 0, length);
  /* The table keeps the folded strings, owned by ref->tokens. */
  g_array_set_clear_func (tokens, NULL);

  initials = g_string_new (NULL);
  for (guint i = 0; i < tokens->len; i++)
    {
      WdReviewToken *token = &g_array_index (tokens, WdReviewToken, i);
      guint index = ref->tokens->len;
      GArray *list;
      gboolean joined;

      g_array_append_val (ref->tokens, *token);
      list = g_hash_table_lookup (ref->positions, token->folded);
      if (list == NULL)
        {
          list = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (ref->positions, token->folded, list);
        }
      g_array_append_val (list, index);

      /* "European Central Bank" gives "ecb", also the letters of a
       * hyphenated name. Connectors count only inside the run. */
      joined = i > 0 && token->start - g_array_index (tokens, WdReviewToken, i - 1).end <= 2;
      if (wd_review_is_upper_at (text, token->start) && joined)
        {
          g_string_append_c (initials, token->folded[0]);
        }
      else if (wd_review_is_upper_at (text, token->start))
        {
          if (initials->len >= 2)
            g_hash_table_add (ref->acronyms, g_strdup (initials->str));
          g_string_assign (initials, "");
          g_string_append_c (initials, token->folded[0]);
        }
      else if (!(joined && wd_review_is_name_connector (token->folded)))
        {
          if (initials->len >= 2)
            g_hash_table_add (ref->acronyms, g_strdup (initials->str));
          g_string_assign (initials, "");
        }
    }
  if (initials->len >= 2)
    g_hash_table_add (ref->acronyms, g_strdup (initials->str));
  g_string_free (initials, TRUE);

  numbers = wd_review_find_numbers (text, 0, length);
  for (guint i = 0; i < numbers->len; i++)
    {
      WdReviewNumber *number = &g_array_index (numbers, WdReviewNumber, i);

      for (guint v = 0; v < number->n_values; v++)
        {
          g_hash_table_add (ref->numbers, wd_review_number_key (number->values[v]));
          if (number->unit != NULL)
            g_hash_table_add (ref->numbers,
                              wd_review_number_unit_key (number->values[v], number->unit));
        }
      /* "£14 million" also backs a draft's "14". */
      g_hash_table_add (ref->numbers, wd_review_number_key (number->bare));
    }

  /* A break token, so that copy runs and quotations never join texts. */
  {
    WdReviewToken gap = { 0, 0, NULL };

    g_array_append_val (ref->tokens, gap);
  }
}

gboolean
wd_review_reference_has_word (const Reference *ref,
                              const char      *folded)
{
  gsize length = strlen (folded);

  if (g_hash_table_contains (ref->positions, folded)
      || g_hash_table_contains (ref->acronyms, folded))
    return TRUE;
  /* Plurals and possessives written without an apostrophe: "Americans". */
  if (length > 3 && folded[length - 1] == 's')
    {
      g_autofree char *stem = g_strndup (folded, length - 1);

      return g_hash_table_contains (ref->positions, stem);
    }
  return FALSE;
}

/* Whether a name the source writes in another form is there: "Saharan"
 * for "Sahara", "European" for "Europe", "PC" for "personal computer". */
gboolean
wd_review_reference_has_variant (const Reference *ref,
                                 const char      *folded)
{
  gsize bytes = strlen (folded);

  /* A longer form of a source word: the draft adds at most three letters. */
  for (gsize cut = 1; cut <= 3 && bytes - cut >= 5; cut++)
    {
      g_autofree char *stem = g_strndup (folded, bytes - cut);

      if (g_utf8_validate (stem, -1, NULL) && g_hash_table_contains (ref->positions, stem))
        return TRUE;
    }

  /* Initials of consecutive source words. */
  if (bytes >= 2 && bytes <= 5)
    {
      for (guint i = 0; i + bytes <= ref->tokens->len; i++)
        {
          gsize k;

          for (k = 0; k < bytes; k++)
            {
              const char *word = g_array_index (ref->tokens, WdReviewToken, i + k).folded;

              if (word == NULL || word[0] != folded[k])
                break;
            }
          if (k == bytes)
            return TRUE;
        }
    }
  return FALSE;
}

/* Whether the words @words[0..n) occur in this order, next to each other,
 * in @ref; @found_at gets the first one's index. */
gboolean
wd_review_reference_has_sequence (const Reference  *ref,
                                  char            **words,
                                  guint             n,
                                  guint            *found_at)
{
  GArray *starts;

  if (n == 0)
    return TRUE;
  starts = g_hash_table_lookup (ref->positions, words[0]);
  if (starts == NULL)
    return FALSE;
  for (guint s = 0; s < starts->len; s++)
    {
      guint at = g_array_index (starts, guint, s);
      guint k;

      for (k = 1; k < n; k++)
        {
          const WdReviewToken *token;

          if (at + k >= ref->tokens->len)
            break;
          token = &g_array_index (ref->tokens, WdReviewToken, at + k);
          if (token->folded == NULL || strcmp (token->folded, words[k]) != 0)
            break;
        }
      if (k == n)
        {
          if (found_at != NULL)
            *found_at = at;
          return TRUE;
        }
    }
  return FALSE;
}

/* Sections */

static void
blank (char  *clean,
       gsize  from,
       gsize  to)
{
  for (gsize i = from; i < to; i++)
    if (clean[i] != '\n')
      clean[i] = ' ';
}

static gboolean
is_word_byte (const char *text,
              gsize       length,
              gssize      at)
{
  if (at < 0 || (gsize) at >= length)
    return FALSE;
  return g_ascii_isalnum (text[at]) || (guchar) text[at] >= 0x80;
}

/* Blanks the Markdown of a section and records its citation markers. */
static void
clean_section (Section *section)
{
  char *clean = section->clean;
  gsize length = section->length;
  gsize line = 0;

  while (line < length)
    {
      gsize eol = line;
      gsize p = line;
      g_autofree char *stripped = NULL;

      while (eol < length && clean[eol] != '\n')
        eol++;

      stripped = g_strstrip (g_strndup (clean + line, eol - line));
      if (strcmp (stripped, WD_BUILTIN_MARKER) == 0)
        {
          blank (clean, line, eol);
          line = eol + 1;
          continue;
        }

      while (p < eol && (clean[p] == ' ' || clean[p] == '\t'))
        p++;
      /* Headings, quotes and list bullets: "#", ">", "-", "*", "+", "1." */
      if (p < eol && (clean[p] == '#' || clean[p] == '>'))
        {
          while (p < eol && (clean[p] == '#' || clean[p] == '>'))
            clean[p++] = ' ';
        }
      else if (p + 1 < eol && strchr ("-*+", clean[p]) != NULL && clean[p + 1] == ' ')
        {
          clean[p] = ' ';
        }
      else if (p < eol && g_ascii_isdigit (clean[p]))
        {
          gsize q = p;

          while (q < eol && g_ascii_isdigit (clean[q]))
            q++;
          if (q + 1 < eol && (clean[q] == '.' || clean[q] == ')') && clean[q + 1] == ' '
              && q - p <= 2)
            blank (clean, p, q + 1);
        }
      line = eol + 1;
    }

  for (gsize i = 0; i < length; i++)
    {
      if (clean[i] == '[' && strncmp (clean + i, "[[brief:", 8) == 0)
        {
          gsize q = i + 8;
          Marker marker;

          while (q < length && g_ascii_isdigit (clean[q]))
            q++;
          if (q > i + 8 && q + 1 < length && clean[q] == ']' && clean[q + 1] == ']')
            {
              marker.id = g_ascii_strtoll (clean + i + 8, NULL, 10);
              marker.start = i;
              marker.end = q + 2;
              g_array_append_val (section->markers, marker);
              blank (clean, i, q + 2);
              i = q + 1;
            }
          continue;
        }
      if (clean[i] == '*' || clean[i] == '`')
        {
          clean[i] = ' ';
        }
      else if (clean[i] == '_'
               && !(is_word_byte (clean, length, (gssize) i - 1)
                    && is_word_byte (clean, length, (gssize) i + 1)))
        {
          clean[i] = ' ';
        }
      else if (clean[i] == ']' && i + 1 < length && clean[i + 1] == '(')
        {
          /* A link keeps its words and loses its address. */
          gsize q = i + 2;

          while (q < length && clean[q] != ')' && clean[q] != '\n')
            q++;
          if (q < length && clean[q] == ')')
            {
              for (gssize b = (gssize) i - 1; b >= 0 && clean[b] != '\n'; b--)
                if (clean[b] == '[')
                  {
                    clean[b] = ' ';
                    break;
                  }
              blank (clean, i, q + 1);
              i = q;
            }
        }
    }
}

gboolean
wd_review_is_space_char (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x00A0 || c == 0x202F || c == 0x2007;
}

/* Finds where each sentence of the shared splitter lies in @text, by
 * walking both with white space runs equal to one space. */
void
wd_review_locate_sentences (const char *text,
                            gsize       length,
                            GArray     *ranges)
{
  g_autoptr(GPtrArray) split = wd_text_split_sentences (text);
  const char *p = text;
  const char *limit = text + length;

  for (guint i = 0; i < split->len; i++)
    {
      const char *s = g_ptr_array_index (split, i);
      const char *q;
      const char *begin;
      gboolean ok = TRUE;
      Range range;

      while (p < limit && (wd_review_is_space_char (g_utf8_get_char (p))
                           || g_utf8_get_char (p) == 0x200B || g_utf8_get_char (p) == 0xFEFF))
        p = g_utf8_next_char (p);
      begin = p;
      q = p;
      while (*s != '\0')
        {
          gunichar sc = g_utf8_get_char (s);
          gunichar tc;

          if (q >= limit)
            {
              ok = FALSE;
              break;
            }
          tc = g_utf8_get_char (q);
          if (tc == 0x200B || tc == 0xFEFF)
            {
              q = g_utf8_next_char (q);
              continue;
            }
          if (sc == ' ')
            {
              if (!wd_review_is_space_char (tc))
                {
                  ok = FALSE;
                  break;
                }
              while (q < limit && wd_review_is_space_char (g_utf8_get_char (q)))
                q = g_utf8_next_char (q);
              s++;
              continue;
            }
          if (sc != tc)
            {
              ok = FALSE;
              break;
            }
          s = g_utf8_next_char (s);
          q = g_utf8_next_char (q);
        }
      if (!ok)
        {
          g_debug ("Could not place sentence %u in the text", i);
          continue;
        }
      range.start = begin - text;
      range.end = q - text;
      g_array_append_val (ranges, range);
      p = q;
    }
}

/* The closing mark that ends a quotation opened with @open, searched
 * within the paragraph. */
static gboolean
find_quote_end (const char  *text,
                gsize        length,
                gunichar     open,
                gsize        from,
                gsize       *close_at,
                gsize       *close_end)
{
  const char *p = text + from;
  const char *limit = text + length;

  while (p < limit)
    {
      gunichar c = g_utf8_get_char (p);
      gboolean closes;

      if (c == '\n' && p + 1 < limit && p[1] == '\n')
        return FALSE;
      switch (open)
        {
        case 0x201C: /* “ … ” (or a second “ from a careless keyboard) */
          closes = c == 0x201D || c == 0x201C;
          break;
        case 0x201E: /* „ … “ */
          closes = c == 0x201C || c == 0x201D;
          break;
        case 0x00AB:
          closes = c == 0x00BB;
          break;
        default:
          closes = c == '"';
          break;
        }
      if (closes)
        {
          *close_at = p - text;
          *close_end = g_utf8_next_char (p) - text;
          return TRUE;
        }
      p = g_utf8_next_char (p);
    }
  return FALSE;
}

static void
find_quotes (Section *section)
{
  const char *text = section->clean;
  gsize i = 0;

  while (i < section->length)
    {
      gunichar c = g_utf8_get_char (text + i);
      gsize next = g_utf8_next_char (text + i) - text;
      gsize close_at, close_end;

      if ((c == 0x201C || c == 0x201E || c == 0x00AB || c == '"')
          && find_quote_end (text, section->length, c, next, &close_at, &close_end))
        {
          Quote quote = { i, close_end, next, close_at };

          g_array_append_val (section->quotes, quote);
          i = close_end;
          continue;
        }
      i = next;
    }
}

void
wd_review_section_init (Section    *section,
                        int         kind,
                        const char *text)
{
  section->kind = kind;
  section->text = text != NULL ? text : "";
  section->length = strlen (section->text);
  section->clean = g_strdup (section->text);
  section->sentences = g_array_new (FALSE, FALSE, sizeof (Range));
  section->quotes = g_array_new (FALSE, FALSE, sizeof (Quote));
  section->markers = g_array_new (FALSE, FALSE, sizeof (Marker));

  if (kind != WD_REVIEW_SECTION_HEADLINE)
    clean_section (section);
  wd_review_locate_sentences (section->clean, section->length, section->sentences);
  find_quotes (section);
  section->tokens = wd_review_tokenize (section->clean, 0, section->length);
}

void
wd_review_section_clear (Section *section)
{
  g_clear_pointer (&section->clean, g_free);
  g_clear_pointer (&section->sentences, g_array_unref);
  g_clear_pointer (&section->quotes, g_array_unref);
  g_clear_pointer (&section->markers, g_array_unref);
  g_clear_pointer (&section->tokens, wd_review_tokens_free);
}

gboolean
wd_review_section_is_empty (const Section *section)
{
  return section->tokens->len == 0;
}

const Quote *
wd_review_quote_at (const Section *section,
                    gsize          offset)
{
  for (guint i = 0; i < section->quotes->len; i++)
    {
      const Quote *quote = &g_array_index (section->quotes, Quote, i);

      if (offset >= quote->start && offset < quote->end)
        return quote;
    }
  return NULL;
}

const Range *
wd_review_sentence_at (const Section *section,
                       gsize          offset)
{
  for (guint i = 0; i < section->sentences->len; i++)
    {
      const Range *range = &g_array_index (section->sentences, Range, i);

      if (offset >= range->start && offset < range->end)
        return range;
    }
  return NULL;
}

/* Whether the text may be checked against the briefs it cites too. */
gboolean
wd_review_uses_citations (const Section *section)
{
  return section->kind == WD_SECTION_CONTEXT;
}

