/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-review"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "wd-review.h"
#include "wd-review-private.h"
#include "text/wd-text.h"

/*
 * Unsupported specifics: numbers, names and quotations of the brief that
 * its source does not have (nor, for the context section, the briefs it
 * cites), each reported with its exact span.
 */

/* The context section tells of earlier coverage, not of the source: what
 * it says can only be checked against the briefs it cites. Without a
 * citation, a specific the source lacks is worth a look, not a block. */
static WdReviewSeverity
specifics_severity (const Section *section)
{
  if (section->kind == WD_SECTION_CONTEXT && section->markers->len == 0)
    return WD_REVIEW_WARNING;
  return WD_REVIEW_FAILURE;
}

static gboolean
number_supported (const Check          *check,
                  const Section        *section,
                  const WdReviewNumber *number)
{
  for (guint v = 0; v < number->n_values; v++)
    {
      /* "over two years" needs two years in the source, not two groups. */
      g_autofree char *key = number->unit != NULL
                             ? wd_review_number_unit_key (number->values[v], number->unit)
                             : wd_review_number_key (number->values[v]);

      if (g_hash_table_contains (check->source.numbers, key))
        return TRUE;
      if (wd_review_uses_citations (section) && g_hash_table_contains (check->cited.numbers, key))
        return TRUE;
    }
  return FALSE;
}

void
wd_review_check_numbers (Check   *check,
                         Section *section)
{
  g_autoptr(GArray) numbers = wd_review_find_numbers (section->clean, 0, section->length);

  for (guint i = 0; i < numbers->len; i++)
    {
      WdReviewNumber *number = &g_array_index (numbers, WdReviewNumber, i);
      g_autofree char *written = NULL;

      /* "one" is more often a pronoun than a count, and "first" an order
       * of events. */
      if (number->ordinal || (number->in_words && number->values[0] < 2))
        continue;
      if (number_supported (check, section, number))
        continue;
      written = g_strndup (section->text + number->start, number->end - number->start);
      wd_review_add_item (check, "unsupported-number", specifics_severity (section),
                          section->kind, number->start, number->end, -1, -1,
                          /* Translators: %s is a number as the brief writes it */
                          g_strdup_printf (_("The number “%s” is not in the source; check it "
                                             "against the article."), written));
    }
}

static gboolean
word_supported (const Check   *check,
                const Section *section,
                const char    *folded)
{
  return wd_review_reference_has_word (&check->source, folded)
         || (wd_review_uses_citations (section)
             && wd_review_reference_has_word (&check->cited, folded));
}

static gboolean
name_word_supported (const Check   *check,
                     const Section *section,
                     const char    *folded)
{
  return word_supported (check, section, folded)
         || wd_review_reference_has_variant (&check->source, folded)
         || (wd_review_uses_citations (section)
             && wd_review_reference_has_variant (&check->cited, folded));
}

/* Whether the token at @index starts a sentence, a quotation or a clause
 * after a colon or dash, where a capital letter says nothing. */
static gboolean
starts_clause (const Section *section,
               guint          index)
{
  const WdReviewToken *token = &g_array_index (section->tokens, WdReviewToken, index);
  const char *p = section->clean + token->start;
  const Range *sentence = wd_review_sentence_at (section, token->start);

  if (sentence == NULL)
    return TRUE;
  if (index == 0)
    return TRUE;
  if (g_array_index (section->tokens, WdReviewToken, index - 1).end <= sentence->start)
    return TRUE;
  while (p > section->clean + sentence->start)
    {
      gunichar c;

      p = g_utf8_prev_char (p);
      c = g_utf8_get_char (p);
      /* A line of its own (a list item) starts afresh. */
      if (c == '\n')
        return TRUE;
      if (wd_review_is_space_char (c) || c == '(')
        continue;
      return c == ':' || c == 0x201C || c == 0x201E || c == '"' || c == 0x00AB
             || c == 0x2014 || c == 0x2013 || c == 0x2018 || c == '\'';
    }
  return TRUE;
}

/* Whether only a name's own glue lies between two tokens: "J. Smith",
 * "Procter & Gamble", "Rolls-Royce". */
static gboolean
joins_name (const char *text,
            gsize       word_start,
            gsize       from,
            gsize       to)
{
  if (to - from > 3)
    return FALSE;
  for (gsize i = from; i < to; i++)
    {
      /* A period joins only after an initial ("J. Smith"), else it may
       * end the sentence. */
      if (text[i] == '.' && from - word_start == 1)
        continue;
      if (text[i] != ' ' && text[i] != '-' && text[i] != '&')
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_name_token (const Section       *section,
               const WdReviewToken *token)
{
  return wd_review_is_upper_at (section->clean, token->start)
         && !g_ascii_isdigit (section->clean[token->start]);
}

void
wd_review_check_names (Check   *check,
                       Section *section)
{
  GArray *tokens = section->tokens;
  guint i = 0;

  while (i < tokens->len)
    {
      const WdReviewToken *token = &g_array_index (tokens, WdReviewToken, i);
      guint first, last, n_checked = 0;
      gboolean missing = FALSE;
      GString *initials;
      guint j;

      if (!is_name_token (section, token))
        {
          i++;
          continue;
        }

      /* The run of capitalised words, with connectors inside it. */
      last = i;
      j = i + 1;
      while (j < tokens->len)
        {
          const WdReviewToken *prev = &g_array_index (tokens, WdReviewToken, j - 1);
          const WdReviewToken *next = &g_array_index (tokens, WdReviewToken, j);

          if (!joins_name (section->clean, prev->start, prev->end, next->start))
            break;
          if (is_name_token (section, next))
            {
              last = j++;
              continue;
            }
          if (wd_review_is_name_connector (next->folded)
              && j + 1 < tokens->len
              && is_name_token (section, &g_array_index (tokens, WdReviewToken, j + 1))
              && joins_name (section->clean, next->start, next->end,
                             g_array_index (tokens, WdReviewToken, j + 1).start))
            {
              j++;
              continue;
            }
          break;
        }

      /* Leading common words ("The", "In") are not part of the name. */
      first = i;
      while (first <= last
             && wd_review_is_common_word (g_array_index (tokens, WdReviewToken, first).folded))
        first++;

      /* A capital at the start of a sentence says nothing: an unknown first
       * word there ("Departing Brussels") is taken for an ordinary one. */
      if (first == i && first <= last && starts_clause (section, i)
          && (first == last
              || !name_word_supported (check, section,
                                       g_array_index (tokens, WdReviewToken, first).folded)))
        {
          first++;
          while (first <= last
                 && !is_name_token (section, &g_array_index (tokens, WdReviewToken, first)))
            first++;
        }
      if (first > last)
        {
          i = last + 1;
          continue;
        }

      initials = g_string_new (NULL);
      for (guint k = first; k <= last; k++)
        {
          const WdReviewToken *t = &g_array_index (tokens, WdReviewToken, k);

          if (!is_name_token (section, t))
            continue;
          g_string_append_c (initials, t->folded[0]);
          if (wd_review_is_common_word (t->folded) || g_utf8_strlen (t->folded, -1) < 2)
            continue;
          n_checked++;
          if (!name_word_supported (check, section, t->folded))
            missing = TRUE;
        }
      /* "European Union" where the source only says "EU". */
      if (missing && initials->len >= 2 && word_supported (check, section, initials->str))
        missing = FALSE;
      g_string_free (initials, TRUE);

      if (missing && n_checked > 0)
        {
          gsize start = g_array_index (tokens, WdReviewToken, first).start;
          gsize end = g_array_index (tokens, WdReviewToken, last).end;
          g_autofree char *name = g_strndup (section->text + start, end - start);

          wd_review_add_item (check, "unsupported-name", specifics_severity (section),
                              section->kind, start, end, -1, -1,
                              /* Translators: %s is a name as the brief writes it */
                              g_strdup_printf (_("“%s” does not appear in the source; check "
                                                 "the name or remove it."), name));
        }
      i = last + 1;
    }
}

/* Whether every part of a quotation (parts split at an ellipsis) is in
 * the reference word for word. */
static gboolean
quote_found (const Reference *ref,
             const char      *text,
             const Quote     *quote,
             gssize          *source_start,
             gssize          *source_end)
{
  gsize from = quote->text_start;
  gboolean first_part = TRUE;

  while (from < quote->text_end)
    {
      gsize to = from;
      gsize next;
      g_autoptr(GArray) tokens = NULL;
      g_autofree char **words = NULL;
      guint at = 0;

      /* The next ellipsis: "…", "...", "[…]" */
      while (to < quote->text_end && !(strncmp (text + to, "\xe2\x80\xa6", 3) == 0
                                       || strncmp (text + to, "...", 3) == 0))
        to++;
      next = MIN (to + 3, quote->text_end);

      tokens = wd_review_tokenize (text, from, to);
      words = g_new0 (char *, tokens->len + 1);
      for (guint k = 0; k < tokens->len; k++)
        words[k] = g_array_index (tokens, WdReviewToken, k).folded;
      if (tokens->len > 0 && !wd_review_reference_has_sequence (ref, words, tokens->len, &at))
        return FALSE;
      if (tokens->len > 0 && first_part && source_start != NULL)
        {
          *source_start = g_array_index (ref->tokens, WdReviewToken, at).start;
          *source_end = g_array_index (ref->tokens, WdReviewToken, at + tokens->len - 1).end;
          first_part = FALSE;
        }
      from = next;
    }
  return TRUE;
}

void
wd_review_check_quotes (Check   *check,
                        Section *section)
{
  for (guint i = 0; i < section->quotes->len; i++)
    {
      const Quote *quote = &g_array_index (section->quotes, Quote, i);
      g_autofree char *inside = g_strndup (section->clean + quote->text_start,
                                           quote->text_end - quote->text_start);
      guint n_words = wd_text_count_words (inside);
      gssize source_start = -1, source_end = -1;

      if (n_words == 0)
        continue;

      if (!quote_found (&check->source, section->clean, quote, &source_start, &source_end)
          && !(wd_review_uses_citations (section)
               && quote_found (&check->cited, section->clean, quote, NULL, NULL)))
        wd_review_add_item (check, "unsupported-quote", specifics_severity (section),
                            section->kind, quote->start, quote->end, -1, -1,
                            g_strdup (_("This quotation is not in the source word for word; "
                                        "quote exactly or paraphrase without quotation "
                                        "marks.")));

      if ((int) n_words > check->max_quote_words)
        wd_review_add_item (check, "quote-length", WD_REVIEW_FAILURE, section->kind,
                            quote->start, quote->end, source_start, source_end,
                            /* Translators: the first %u is a number of words, the
                             * second the limit */
                            g_strdup_printf (ngettext ("This quotation has %u word; the "
                                                       "publisher allows at most %u.",
                                                       "This quotation has %u words; the "
                                                       "publisher allows at most %u.",
                                                       n_words),
                                             n_words, (guint) check->max_quote_words));
    }
}

