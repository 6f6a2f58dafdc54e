/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-draft"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

#include "wd-builtin.h"
#include "wd-related.h"
#include "wd-terms.h"
#include "text/wd-text.h"

/* Summary: which sentences can be taken, and how the ranking walks. */
#define MIN_SENTENCE_WORDS 6
#define MAX_SENTENCE_WORDS 60
#define MAX_SENTENCES 400      /* the ranking is quadratic: a book is cut here */
#define MIN_PICKED 3
#define MAX_PICKED 5
#define DAMPING 0.8
#define MAX_ITERATIONS 100
#define CONVERGED 1e-7
#define REDUNDANT 0.6          /* cosine above which two sentences say the same */

/* Mentions */
#define MAX_NAME_WORDS 6
#define MIN_REPEATS 2

/* ---------------------------------------------------------------------- */
/* Markdown */

/* Copied text must not turn into Markdown it never was: a "*" or "_" in a
 * source sentence would start emphasis, "[" a link, "<" HTML. */
static void
append_escaped (GString    *out,
                const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (strchr ("\\`*_[]<", *p) != NULL)
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
}

/* ---------------------------------------------------------------------- */
/* Summary: LexRank with a lead prior */

typedef struct
{
  guint term;
  double weight;
} Entry;

typedef struct
{
  guint index;      /* in the split of the whole text */
  guint n_words;
  GArray *entries;  /* of Entry, by term: the sentence's tf-idf vector */
  double norm;
} Sentence;

static void
sentence_clear (Sentence *sentence)
{
  g_clear_pointer (&sentence->entries, g_array_unref);
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint ua = *(const guint *) a;
  guint ub = *(const guint *) b;

  return ua < ub ? -1 : ua > ub;
}

/* The sentence's content words as term ids, sorted, then counted into
 * entries (weights are the counts until idf is known). */
static void
read_terms (Sentence   *sentence,
            const char *text,
            GHashTable *vocabulary,
            GArray     *df)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint));
  const char *cursor = text;
  const char *start;
  gsize length;

  sentence->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  while (wd_text_next_token (&cursor, &start, &length))
    {
      g_autofree char *folded = wd_terms_fold (start, length);
      gpointer id;

      if (!wd_terms_is_content (folded))
        continue;
      if (!g_hash_table_lookup_extended (vocabulary, folded, NULL, &id))
        {
          guint zero = 0;

          id = GUINT_TO_POINTER (g_hash_table_size (vocabulary));
          g_hash_table_insert (vocabulary, g_steal_pointer (&folded), id);
          g_array_append_val (df, zero);
        }
      {
        guint value = GPOINTER_TO_UINT (id);

        g_array_append_val (ids, value);
      }
    }

  g_array_sort (ids, compare_uint);
  for (guint i = 0; i < ids->len; i++)
    {
      guint id = g_array_index (ids, guint, i);

      if (i > 0 && g_array_index (ids, guint, i - 1) == id)
        {
          g_array_index (sentence->entries, Entry, sentence->entries->len - 1).weight += 1.0;
          continue;
        }
      g_array_append_val (sentence->entries, ((Entry) { id, 1.0 }));
      g_array_index (df, guint, id)++;
    }
}

static double
cosine (const Sentence *a,
        const Sentence *b)
{
  double dot = 0;
  guint i = 0, j = 0;

  if (a->norm == 0 || b->norm == 0)
    return 0;

  while (i < a->entries->len && j < b->entries->len)
    {
      const Entry *ea = &g_array_index (a->entries, Entry, i);
      const Entry *eb = &g_array_index (b->entries, Entry, j);

      if (ea->term == eb->term)
        {
          dot += ea->weight * eb->weight;
          i++;
          j++;
        }
      else if (ea->term < eb->term)
        i++;
      else
        j++;
    }

  return dot / (a->norm * b->norm);
}

/* Personalised PageRank over the similarity graph: a sentence is central
 * when sentences like many others are like it (LexRank), and the walk
 * restarts at the lead with more probability than at the end, since news
 * puts what matters first. */
static double *
rank_sentences (GArray *sentences,
                double *similarity)
{
  guint n = sentences->len;
  g_autofree double *prior = g_new (double, n);
  g_autofree double *row_sum = g_new0 (double, n);
  g_autofree double *next = g_new (double, n);
  double *rank = g_new (double, n);
  double total = 0;

  for (guint i = 0; i < n; i++)
    {
      prior[i] = 1.0 / sqrt (1.0 + i);
      total += prior[i];
    }
  for (guint i = 0; i < n; i++)
    {
      prior[i] /= total;
      rank[i] = prior[i];
      for (guint j = 0; j < n; j++)
        row_sum[i] += similarity[i * n + j];
    }

  for (guint iteration = 0; iteration < MAX_ITERATIONS; iteration++)
    {
      double dangling = 0;
      double change = 0;

      /* A sentence like no other gives its share back to the prior. */
      for (guint i = 0; i < n; i++)
        if (row_sum[i] == 0)
          dangling += rank[i];

      for (guint i = 0; i < n; i++)
        next[i] = (1.0 - DAMPING + DAMPING * dangling) * prior[i];
      for (guint j = 0; j < n; j++)
        {
          if (row_sum[j] == 0)
            continue;
          for (guint i = 0; i < n; i++)
            next[i] += DAMPING * rank[j] * similarity[j * n + i] / row_sum[j];
        }

      for (guint i = 0; i < n; i++)
        {
          change += fabs (next[i] - rank[i]);
          rank[i] = next[i];
        }
      if (change < CONVERGED)
        break;
    }

  return rank;
}

typedef struct
{
  guint position;  /* in the sentences array */
  double rank;
} Ranked;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *ra = a;
  const Ranked *rb = b;

  if (ra->rank != rb->rank)
    return ra->rank > rb->rank ? -1 : 1;
  return ra->position < rb->position ? -1 : ra->position > rb->position;
}

/**
 * wd_builtin_summary_free:
 * @summary: (nullable): a #WdBuiltinSummary
 *
 * Frees @summary.
 */
void
wd_builtin_summary_free (WdBuiltinSummary *summary)
{
  if (summary == NULL)
    return;

  g_free (summary->text);
  g_clear_pointer (&summary->sentences, g_array_unref);
  g_free (summary);
}

/* Whether @text reads as prose rather than code, a table row or Markdown
 * structure: the extractor keeps code blocks and tables, and a summary
 * made of them says nothing. */
static gboolean
looks_like_prose (const char *text)
{
  gsize letters = 0;
  gsize code = 0;

  while (*text == ' ')
    text++;
  if (*text == '>' || *text == '|' || *text == '#' || strstr (text, "```") != NULL)
    return FALSE;
  /* A list item is a fragment more often than a sentence. */
  if ((*text == '-' || *text == '*' || *text == '+') && text[1] == ' ')
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalpha (c))
        letters++;
      else if (strchr ("{}();=<>[]|\\`$", (int) c) != NULL && c < 0x80)
        code++;
    }
  return letters > 0 && code * 25 <= letters;
}

static GArray *
eligible_sentences (GPtrArray *all,
                    guint      min_words)
{
  GArray *sentences = g_array_new (FALSE, TRUE, sizeof (Sentence));

  g_array_set_clear_func (sentences, (GDestroyNotify) sentence_clear);
  for (guint i = 0; i < all->len && sentences->len < MAX_SENTENCES; i++)
    {
      const char *text = g_ptr_array_index (all, i);
      guint n_words = wd_text_count_words (text);
      Sentence sentence = { i, n_words, NULL, 0 };

      /* Headings, datelines and captions are short; a run-on list of
       * figures is long: neither makes a summary sentence. */
      if (n_words < min_words || n_words > MAX_SENTENCE_WORDS || !looks_like_prose (text))
        continue;
      g_array_append_val (sentences, sentence);
    }

  return sentences;
}

/**
 * wd_builtin_summarize:
 * @text: the source's text
 * @min_words: the shortest summary wanted; 0 for 80
 * @max_words: the longest; 0 for 150
 *
 * Drafts an extractive summary: the source's sentences (split by
 * wd_text_split_sentences()) are ranked by centrality — LexRank: cosine
 * similarity of their tf-idf vectors over content words, PageRank by power
 * iteration — with a restart distribution that favours the lead; the best
 * are taken, skipping one that repeats a sentence already taken, until
 * there are five, or three or more reaching @min_words, never going over
 * @max_words. They are given in source order, as one Markdown paragraph
 * followed by the line WD_BUILTIN_MARKER. The same text always gives the
 * same summary.
 *
 * Returns: (transfer full): the summary; its text is %NULL when @text has
 *   no sentence to take
 */
WdBuiltinSummary *
wd_builtin_summarize (const char *text,
                      guint       min_words,
                      guint       max_words)
{
  g_autoptr(WdBuiltinSummary) summary = g_new0 (WdBuiltinSummary, 1);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GArray) sentences = NULL;
  g_autoptr(GHashTable) vocabulary = NULL;
  g_autoptr(GArray) df = NULL;
  g_autoptr(GArray) ranked = NULL;
  g_autoptr(GArray) picked = NULL;
  g_autoptr(GString) out = NULL;
  g_autofree double *similarity = NULL;
  g_autofree double *rank = NULL;
  guint n;

  g_return_val_if_fail (text != NULL, NULL);

  if (min_words == 0)
    min_words = WD_BUILTIN_MIN_WORDS;
  if (max_words == 0)
    max_words = WD_BUILTIN_MAX_WORDS;
  max_words = MAX (max_words, min_words);

  summary->sentences = g_array_new (FALSE, FALSE, sizeof (guint));

  all = wd_text_split_sentences (text);
  sentences = eligible_sentences (all, MIN_SENTENCE_WORDS);
  if (sentences->len == 0)
    {
      /* A text of short lines only: take what there is. */
      g_clear_pointer (&sentences, g_array_unref);
      sentences = eligible_sentences (all, 1);
    }
  n = sentences->len;
  if (n == 0)
    return g_steal_pointer (&summary);

  /* tf-idf vectors, idf over the sentences of this text */
  vocabulary = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  df = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < n; i++)
    {
      Sentence *sentence = &g_array_index (sentences, Sentence, i);

      read_terms (sentence, g_ptr_array_index (all, sentence->index), vocabulary, df);
    }
  for (guint i = 0; i < n; i++)
    {
      Sentence *sentence = &g_array_index (sentences, Sentence, i);
      double squares = 0;

      for (guint e = 0; e < sentence->entries->len; e++)
        {
          Entry *entry = &g_array_index (sentence->entries, Entry, e);
          double idf = log (1.0 + (double) n / g_array_index (df, guint, entry->term));

          entry->weight *= idf;
          squares += entry->weight * entry->weight;
        }
      sentence->norm = sqrt (squares);
    }

  similarity = g_new0 (double, (gsize) n * n);
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      {
        double s = cosine (&g_array_index (sentences, Sentence, i),
                           &g_array_index (sentences, Sentence, j));

        similarity[i * n + j] = similarity[j * n + i] = s;
      }

  rank = rank_sentences (sentences, similarity);

  ranked = g_array_sized_new (FALSE, FALSE, sizeof (Ranked), n);
  for (guint i = 0; i < n; i++)
    g_array_append_val (ranked, ((Ranked) { i, rank[i] }));
  g_array_sort (ranked, compare_ranked);

  /* The best that fit, none repeating another */
  picked = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint r = 0; r < n && picked->len < MAX_PICKED; r++)
    {
      guint position = g_array_index (ranked, Ranked, r).position;
      Sentence *sentence = &g_array_index (sentences, Sentence, position);
      gboolean redundant = FALSE;

      if (summary->n_words + sentence->n_words > max_words)
        continue;
      for (guint p = 0; p < picked->len && !redundant; p++)
        redundant = similarity[position * n + g_array_index (picked, guint, p)] > REDUNDANT;
      if (redundant)
        continue;

      g_array_append_val (picked, position);
      summary->n_words += sentence->n_words;
      if (picked->len >= MIN_PICKED && summary->n_words >= min_words)
        break;
    }

  if (picked->len == 0)
    return g_steal_pointer (&summary);

  g_array_sort (picked, compare_uint);
  out = g_string_new (NULL);
  for (guint p = 0; p < picked->len; p++)
    {
      Sentence *sentence = &g_array_index (sentences, Sentence, g_array_index (picked, guint, p));

      if (p > 0)
        g_string_append_c (out, ' ');
      append_escaped (out, g_ptr_array_index (all, sentence->index));
      g_array_append_val (summary->sentences, sentence->index);
    }
  g_string_append (out, "\n\n" WD_BUILTIN_MARKER "\n");
  summary->text = g_string_free (g_steal_pointer (&out), FALSE);

  return g_steal_pointer (&summary);
}

/* ---------------------------------------------------------------------- */
/* Context */

/**
 * wd_builtin_format_context:
 * @hits: (nullable) (element-type WdRelatedHit): related coverage, best
 *   first, as wd_related_find() gives it
 *
 * Writes the context section from related coverage: a line per earlier
 * brief with its date, publisher, title, its citation `[[brief:ID]]` and
 * its snippet; with no hit, the plain sentence that the archive has no
 * earlier coverage of the story (which is what the site publishes then).
 *
 * Returns: (transfer full): Markdown
 */
char *
wd_builtin_format_context (GPtrArray *hits)
{
  g_autoptr(GString) out = NULL;

  if (hits == NULL || hits->len == 0)
    return g_strdup (_("The archive has no earlier coverage of this story."));

  out = g_string_new (_("Earlier coverage in our archive:"));
  g_string_append (out, "\n\n");
  for (guint i = 0; i < hits->len; i++)
    {
      WdRelatedHit *hit = g_ptr_array_index (hits, i);
      g_autofree char *date = hit->date != NULL ? g_date_time_format (hit->date, "%Y-%m-%d")
                                                : NULL;

      g_string_append (out, "- ");
      if (date != NULL)
        g_string_append_printf (out, "%s, ", date);
      if (hit->publisher != NULL)
        {
          append_escaped (out, hit->publisher);
          g_string_append (out, ": ");
        }
      g_string_append_c (out, '*');
      append_escaped (out, hit->title != NULL ? hit->title : "");
      g_string_append_printf (out, "* [[brief:%" G_GINT64_FORMAT "]]", hit->brief_id);
      if (hit->snippet != NULL)
        {
          g_string_append (out, " \xe2\x80\x94 ");
          append_escaped (out, hit->snippet);
        }
      g_string_append_c (out, '\n');
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * wd_builtin_context:
 * @store: the archive
 * @brief_id: the story's brief
 * @out_hits: (out) (optional) (transfer container) (element-type WdRelatedHit):
 *   the earlier briefs cited
 * @error: return location for a #WD_STORE_ERROR
 *
 * Drafts the context section of @brief_id from the related coverage the
 * archive holds (wd_related_find() with its defaults), formatted by
 * wd_builtin_format_context().
 *
 * Returns: (transfer full): Markdown, or %NULL with @error set
 */
char *
wd_builtin_context (WdStore    *store,
                    gint64      brief_id,
                    GPtrArray **out_hits,
                    GError    **error)
{
  g_autoptr(GPtrArray) hits = NULL;
  char *context;

  g_return_val_if_fail (WD_IS_STORE (store), NULL);

  hits = wd_related_find (store, brief_id, 0, -1, error);
  if (hits == NULL)
    return NULL;

  context = wd_builtin_format_context (hits);
  if (out_hits != NULL)
    *out_hits = g_steal_pointer (&hits);

  return context;
}

/* ---------------------------------------------------------------------- */
/* Mentions */

typedef struct
{
  const char *start;
  gsize length;
  char *folded;
  gboolean capitalised;
  gboolean sentence_start;  /* the first word of a sentence */
  gboolean joined;          /* follows the word before it within a name: a space or a hyphen */
  gboolean possessive;      /* the "s" of "’s" */
  gboolean taken;           /* part of a catalog match */
} Token;

typedef struct
{
  WdMention *mention;
  char **words;   /* folded */
  guint n_words;
  gboolean capitalised;
} Pattern;

static void
pattern_free (gpointer data)
{
  Pattern *pattern = data;

  g_strfreev (pattern->words);
  g_free (pattern);
}

static void
token_clear (Token *token)
{
  g_free (token->folded);
}

static gboolean
is_sentence_end (gunichar c)
{
  return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x3002 || c == 0xff01 ||
         c == 0xff1f || c == '\n' || c == ':';
}

/* Looks back over the white space, quotes and brackets before @start. */
static gboolean
starts_sentence (const char *text,
                 const char *start)
{
  const char *p = start;

  while (p > text)
    {
      const char *prev = g_utf8_prev_char (p);
      gunichar c = g_utf8_get_char (prev);

      if (c == '\n')
        return TRUE;
      if (g_unichar_isspace (c) || c == '"' || c == '\'' || c == '(' || c == '[' ||
          c == 0x201c || c == 0x2018 || c == 0x00ab)
        {
          p = prev;
          continue;
        }
      return is_sentence_end (c);
    }

  return TRUE;
}

static GArray *
read_tokens (const char *text)
{
  GArray *tokens = g_array_new (FALSE, TRUE, sizeof (Token));
  const char *cursor = text;
  const char *start;
  gsize length;
  const char *previous_end = NULL;

  g_array_set_clear_func (tokens, (GDestroyNotify) token_clear);
  while (wd_text_next_token (&cursor, &start, &length))
    {
      Token token = { start, length, wd_terms_fold (start, length), FALSE, FALSE, FALSE,
                      FALSE, FALSE };
      gunichar first = g_utf8_get_char (start);

      token.capitalised = g_unichar_isupper (first) || g_unichar_istitle (first);
      token.sentence_start = starts_sentence (text, start);
      if (previous_end != NULL)
        {
          gsize gap = start - previous_end;

          token.joined = (gap == 1 && (*previous_end == ' ' || *previous_end == '-'));
          /* "OpenAI's", "OpenAI’s" */
          token.possessive = length == 1 && (*start == 's' || *start == 'S') &&
                             ((gap == 1 && *previous_end == '\'') ||
                              (gap == 3 && memcmp (previous_end, "\xe2\x80\x99", 3) == 0));
        }
      previous_end = start + length;
      g_array_append_val (tokens, token);
    }

  return tokens;
}

static void
add_patterns (GHashTable *patterns,
              WdMention  *mention,
              const char *name)
{
  g_autoptr(GPtrArray) words = wd_text_tokenize (name);
  Pattern *pattern;
  GPtrArray *list;
  gunichar first;

  if (words->len == 0)
    return;

  pattern = g_new0 (Pattern, 1);
  pattern->mention = mention;
  pattern->n_words = words->len;
  first = g_utf8_get_char (g_ptr_array_index (words, 0));
  pattern->capitalised = g_unichar_isupper (first) || g_unichar_istitle (first);
  pattern->words = g_new0 (char *, words->len + 1);
  for (guint i = 0; i < words->len; i++)
    {
      const char *word = g_ptr_array_index (words, i);

      pattern->words[i] = wd_terms_fold (word, strlen (word));
    }

  list = g_hash_table_lookup (patterns, pattern->words[0]);
  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func (pattern_free);
      g_hash_table_insert (patterns, g_strdup (pattern->words[0]), list);
    }
  g_ptr_array_add (list, pattern);
}

/* Whether @pattern's words are the tokens from @at on, as one name. */
static gboolean
pattern_matches (const Pattern *pattern,
                 GArray        *tokens,
                 guint          at)
{
  if (at + pattern->n_words > tokens->len)
    return FALSE;

  for (guint w = 0; w < pattern->n_words; w++)
    {
      const Token *token = &g_array_index (tokens, Token, at + w);

      if (strcmp (token->folded, pattern->words[w]) != 0)
        return FALSE;
      if (w > 0 && (token->sentence_start || token->possessive))
        return FALSE;
    }

  /* Case is ignored, except that a one-word name written with a capital
   * needs one in the text: "Meta" is not the "meta" of "meta-analysis". */
  return !(pattern->n_words == 1 && pattern->capitalised &&
           !g_array_index (tokens, Token, at).capitalised);
}

static char *
span_text (const Token *first,
           const Token *last)
{
  g_autofree char *raw = g_strndup (first->start, last->start + last->length - first->start);

  return wd_text_normalize_whitespace (raw);
}

static gboolean
is_connector (const char *folded)
{
  static const char * const connectors[] = {
    "of", "de", "du", "da", "del", "della", "der", "den", "van", "von", "la", "le", "for",
    "y", "al", "bin",
  };

  for (guint i = 0; i < G_N_ELEMENTS (connectors); i++)
    if (strcmp (folded, connectors[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_honorific (const char *folded)
{
  static const char * const honorifics[] = {
    "mr", "mrs", "ms", "dr", "prof", "professor", "sir", "dame", "president", "senator",
    "minister", "judge", "governor", "mayor", "chancellor", "king", "queen", "prince",
    "princess", "pope", "rep", "sen", "gen", "general", "chief", "ceo", "st",
  };

  for (guint i = 0; i < G_N_ELEMENTS (honorifics); i++)
    if (strcmp (folded, honorifics[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
word_in (const char         *folded,
         const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (strcmp (folded, words[i]) == 0)
      return TRUE;
  return FALSE;
}

/* A guess from the words a name is made of; a repeated name of two or
 * three words with none of them is most often a person's. */
static WdMentionKind
guess_kind (GArray *tokens,
            guint   first,
            guint   last)
{
  static const char * const publication_words[] = {
    "times", "post", "journal", "review", "news", "herald", "tribune", "gazette",
    "guardian", "magazine", "chronicle", "courier", "observer", "telegraph", "wire",
    "press", "daily", "weekly", "insider", "ledger", NULL,
  };
  static const char * const organization_words[] = {
    "inc", "corp", "corporation", "ltd", "llc", "plc", "gmbh", "ag", "sa", "co",
    "company", "group", "bank", "university", "institute", "agency", "ministry",
    "council", "commission", "committee", "foundation", "association", "party",
    "court", "department", "authority", "office", "lab", "labs", "laboratory",
    "center", "centre", "museum", "school", "college", "hospital", "union", "board",
    "society", "service", "systems", "technologies", "motors", "airlines",
    "industries", "partners", "capital", "holdings", "fund", "federation",
    "organisation", "organization", "parliament", "senate", "congress", "police",
    "army", "navy", "club", "team", "network", "studio", "studios", "ai", "energy",
    "power", "media", "health", "pharma", "robotics", "electric", "airways", "logistics",
    "software", "games", "foods", "bancorp", "securities", "ventures", "rovers", "united",
    NULL,
  };
  static const char * const place_words[] = {
    "city", "county", "province", "state", "island", "islands", "river", "lake",
    "valley", "street", "avenue", "bay", "port", "mountains", "mount", "coast",
    "region", "district", "republic", "kingdom", "square", "park", "airport",
    "station", "harbour", "harbor", "bridge", NULL,
  };
  static const char * const place_heads[] = {
    "lake", "mount", "river", "cape", "port", "saint", "san", "santa", "fort", "isle", NULL,
  };
  static const char * const organization_heads[] = {
    "university", "bank", "ministry", "department", "institute", "office", "museum",
    "council", "court", "school", "college", "church", "house", NULL,
  };
  static const char * const product_words[] = {
    "pro", "max", "mini", "ultra", "plus", "edition", "model", "version", NULL,
  };
  const char *head = g_array_index (tokens, Token, first).folded;
  const char *tail = g_array_index (tokens, Token, last).folded;

  if (word_in (tail, publication_words))
    return WD_MENTION_PUBLICATION;
  if (word_in (tail, organization_words) || word_in (head, organization_heads))
    return WD_MENTION_ORGANIZATION;
  if (word_in (tail, place_words) || word_in (head, place_heads))
    return WD_MENTION_PLACE;
  for (guint i = first; i <= last; i++)
    {
      const char *folded = g_array_index (tokens, Token, i).folded;

      if (g_ascii_isdigit (folded[0]) || word_in (folded, product_words))
        return WD_MENTION_PRODUCT;
    }
  for (guint i = first; i <= last; i++)
    if (is_connector (g_array_index (tokens, Token, i).folded))
      return WD_MENTION_ORGANIZATION;
  /* People's names have no acronyms ("Fetch API", "BBC World"). */
  for (guint i = first; i <= last; i++)
    {
      const Token *token = &g_array_index (tokens, Token, i);
      gboolean upper = token->length >= 2;

      for (gsize c = 0; c < token->length && upper; c++)
        upper = !g_ascii_islower (token->start[c]);
      if (upper)
        return WD_MENTION_PRODUCT;
    }
  if (last - first <= 2)
    return WD_MENTION_PERSON;
  return WD_MENTION_ORGANIZATION;
}

typedef struct
{
  char *display;
  guint count;
  guint first;  /* token index of the first occurrence */
  WdMentionKind kind;
} Name;

static void
name_free (gpointer data)
{
  Name *name = data;

  g_free (name->display);
  g_free (name);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  const Name *na = *(Name * const *) a;
  const Name *nb = *(Name * const *) b;

  if (na->count != nb->count)
    return na->count > nb->count ? -1 : 1;
  return na->first < nb->first ? -1 : na->first > nb->first;
}

/* Whether a sentence's first word is a common word with a capital only
 * because it starts the sentence: a function word, or a word the text
 * also writes in lower case. */
static gboolean
is_common_word (GHashTable  *lower_case,
                const Token *token)
{
  return wd_terms_is_stopword (token->folded) ||
         g_hash_table_contains (lower_case, token->folded);
}

static char *
run_key (GArray *tokens,
         guint   first,
         guint   last)
{
  GString *key = g_string_new (NULL);

  for (guint k = first; k <= last; k++)
    {
      if (k > first)
        g_string_append_c (key, ' ');
      g_string_append (key, g_array_index (tokens, Token, k).folded);
    }
  return g_string_free (key, FALSE);
}

typedef struct
{
  guint first;
  guint last;
  gboolean doubtful;  /* starts with a sentence's first word, never capitalised elsewhere */
} Run;

/* Capitalised runs of words ("Maria Lopez", "Bank of England",
 * "Rolls-Royce Holdings"), counted by their folded words. */
static void
collect_names (GArray     *tokens,
               GHashTable *names)
{
  g_autoptr(GHashTable) lower_case = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) capitalised = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) run_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            NULL);
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (Run));
  guint i = 0;

  for (guint t = 0; t < tokens->len; t++)
    {
      Token *token = &g_array_index (tokens, Token, t);

      if (!token->capitalised)
        g_hash_table_add (lower_case, token->folded);
      else if (!token->sentence_start)
        g_hash_table_add (capitalised, token->folded);
    }

  while (i < tokens->len)
    {
      Token *token = &g_array_index (tokens, Token, i);
      Run run = { i, i, FALSE };

      if (!token->capitalised || token->taken || token->possessive)
        {
          i++;
          continue;
        }

      /* Extend over capitalised words, and lower-case connectors between
       * two of them, in the same sentence. */
      while (run.last + 1 < tokens->len)
        {
          Token *next = &g_array_index (tokens, Token, run.last + 1);

          if (!next->joined || next->sentence_start || next->taken || next->possessive)
            break;
          if (next->capitalised)
            {
              run.last++;
              continue;
            }
          if (is_connector (next->folded) && run.last + 2 < tokens->len)
            {
              Token *after = &g_array_index (tokens, Token, run.last + 2);

              if (after->joined && after->capitalised && !after->taken && !after->possessive)
                {
                  run.last += 2;
                  continue;
                }
            }
          break;
        }
      i = run.last + 1;

      /* Drop what only looks like part of a name: a sentence's common
       * first word ("After", "Officials"), honorifics, a leading "The". */
      while (run.first <= run.last)
        {
          Token *head = &g_array_index (tokens, Token, run.first);

          if ((head->sentence_start && is_common_word (lower_case, head)) ||
              is_honorific (head->folded) || strcmp (head->folded, "the") == 0)
            run.first++;
          else
            break;
        }
      if (run.first > run.last || run.last - run.first + 1 < 2)
        continue;

      {
        Token *head = &g_array_index (tokens, Token, run.first);
        char *key = run_key (tokens, run.first, run.last);

        run.doubtful = head->sentence_start &&
                       !g_hash_table_contains (capitalised, head->folded);
        g_hash_table_insert (run_counts, key,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (
                               run_counts, key)) + 1));
        g_array_append_val (runs, run);
      }
    }

  for (guint r = 0; r < runs->len; r++)
    {
      Run *run = &g_array_index (runs, Run, r);
      g_autofree char *key = run_key (tokens, run->first, run->last);
      Name *name;

      /* A first word never written with a capital elsewhere belongs to
       * the name only when the whole run comes back ("Nordkraft Energy
       * said ... Nordkraft Energy began"), not in "Yesterday Ingrid
       * Halvorsen said". */
      if (run->doubtful && GPOINTER_TO_UINT (g_hash_table_lookup (run_counts, key)) < 2)
        {
          run->first++;
          g_clear_pointer (&key, g_free);
          key = run_key (tokens, run->first, run->last);
        }
      while (run->first <= run->last &&
             is_connector (g_array_index (tokens, Token, run->last).folded))
        run->last--;
      if (run->first > run->last || run->last - run->first + 1 < 2 ||
          run->last - run->first + 1 > MAX_NAME_WORDS)
        continue;
      g_clear_pointer (&key, g_free);
      key = run_key (tokens, run->first, run->last);

      /* "Content-Type" or "X-Custom-Header" is one hyphenated word, a
       * term of the trade rather than a name. */
      {
        g_autofree char *display = span_text (&g_array_index (tokens, Token, run->first),
                                              &g_array_index (tokens, Token, run->last));

        if (strchr (display, ' ') == NULL)
          continue;
      }

      name = g_hash_table_lookup (names, key);
      if (name == NULL)
        {
          name = g_new0 (Name, 1);
          name->display = span_text (&g_array_index (tokens, Token, run->first),
                                     &g_array_index (tokens, Token, run->last));
          name->first = run->first;
          name->kind = guess_kind (tokens, run->first, run->last);
          g_hash_table_insert (names, g_steal_pointer (&key), name);
        }
      name->count++;
    }
}

static char *
folded_name (const char *name)
{
  g_autoptr(GPtrArray) words = wd_text_tokenize (name);
  g_autoptr(GString) key = g_string_new (NULL);

  for (guint i = 0; i < words->len; i++)
    {
      const char *word = g_ptr_array_index (words, i);
      g_autofree char *folded = wd_terms_fold (word, strlen (word));

      if (i > 0)
        g_string_append_c (key, ' ');
      g_string_append (key, folded);
    }

  return g_string_free (g_steal_pointer (&key), FALSE);
}

static WdMentionSuggestion *
suggestion_new (gint64         mention_id,
                const char    *name,
                WdMentionKind  kind,
                char          *reason)
{
  WdMentionSuggestion *suggestion = g_new0 (WdMentionSuggestion, 1);

  suggestion->mention_id = mention_id;
  suggestion->name = g_strdup (name);
  suggestion->kind = kind;
  suggestion->reason = reason;

  return suggestion;
}

/* The catalog by its names and aliases, folded (case and punctuation
 * ignored): folded name -> WdMention (borrowed). */
static GHashTable *
index_catalog (GPtrArray *catalog)
{
  GHashTable *index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; catalog != NULL && i < catalog->len; i++)
    {
      WdMention *mention = g_ptr_array_index (catalog, i);
      const char * const *aliases = wd_mention_get_aliases (mention);
      char *key = folded_name (wd_mention_get_name (mention));

      /* The first entry of a name wins, as the catalog lists them. */
      if (*key == '\0' || g_hash_table_contains (index, key))
        g_free (key);
      else
        g_hash_table_insert (index, key, mention);
      for (guint a = 0; aliases != NULL && aliases[a] != NULL; a++)
        {
          key = folded_name (aliases[a]);
          if (*key == '\0' || g_hash_table_contains (index, key))
            g_free (key);
          else
            g_hash_table_insert (index, key, mention);
        }
    }

  return index;
}

static WdMention *
find_in_catalog (GHashTable *index,
                 const char *name)
{
  g_autofree char *key = folded_name (name);

  return g_hash_table_lookup (index, key);
}

/**
 * wd_builtin_suggest_mentions_for:
 * @source: the source
 * @catalog: (nullable) (element-type WdMention): the mention catalog, as
 *   wd_store_list_mentions() gives it
 *
 * Suggests the mentions of @source: first its publisher (always; from the
 * catalog when it is there, else as a new publication), then the catalog's
 * mentions whose name or an alias the title or text contains (case and
 * punctuation ignored, except that a one-word name written with a capital
 * needs one in the text), then names new to the catalog: runs of two to
 * six capitalised words ("Maria Lopez", "Bank of England") seen at least
 * twice, a sentence's common first word, honorifics and a possessive "’s"
 * not counted, with a guess at their kind. Suggestions are never added to
 * the catalog here.
 *
 * Returns: (transfer container) (element-type WdMentionSuggestion): the
 *   suggestions, each with its reason; mention_id is the catalog's id, or
 *   0 for a name new to it
 */
GPtrArray *
wd_builtin_suggest_mentions_for (WdSource  *source,
                                 GPtrArray *catalog)
{
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GHashTable) patterns = NULL;
  g_autoptr(GHashTable) catalog_index = NULL;
  g_autoptr(GHashTable) suggested = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GArray) tokens = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *text = NULL;
  const char *publisher;

  g_return_val_if_fail (WD_IS_SOURCE (source), NULL);

  suggestions = g_ptr_array_new_with_free_func ((GDestroyNotify) wd_mention_suggestion_free);
  suggested = g_hash_table_new (g_direct_hash, g_direct_equal);  /* of WdMention */
  catalog_index = index_catalog (catalog);

  publisher = wd_source_get_publisher_name (source);
  if (publisher == NULL || *publisher == '\0')
    publisher = wd_source_get_publisher_domain (source);
  if (publisher != NULL && *publisher != '\0')
    {
      WdMention *known = find_in_catalog (catalog_index, publisher);

      if (known != NULL)
        g_hash_table_add (suggested, known);
      g_ptr_array_add (suggestions,
                       suggestion_new (known != NULL ? wd_mention_get_id (known) : 0,
                                       known != NULL ? wd_mention_get_name (known) : publisher,
                                       known != NULL ? wd_mention_get_kind (known)
                                                     : WD_MENTION_PUBLICATION,
                                       g_strdup (_("The source’s publisher"))));
    }

  /* The title and the text as one, a paragraph apart */
  text = g_strconcat (wd_source_get_title (source) != NULL ? wd_source_get_title (source) : "",
                      "\n\n",
                      wd_source_get_text (source) != NULL ? wd_source_get_text (source) : "",
                      NULL);
  tokens = read_tokens (text);

  /* Catalog matches, the longest name at each place */
  patterns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                    (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; catalog != NULL && i < catalog->len; i++)
    {
      WdMention *mention = g_ptr_array_index (catalog, i);
      const char * const *aliases = wd_mention_get_aliases (mention);

      add_patterns (patterns, mention, wd_mention_get_name (mention));
      for (guint a = 0; aliases != NULL && aliases[a] != NULL; a++)
        add_patterns (patterns, mention, aliases[a]);
    }

  found = g_ptr_array_new_with_free_func (g_free);
  for (guint t = 0; t < tokens->len; )
    {
      GPtrArray *list = g_hash_table_lookup (patterns, g_array_index (tokens, Token, t).folded);
      const Pattern *best = NULL;

      for (guint p = 0; list != NULL && p < list->len; p++)
        {
          const Pattern *pattern = g_ptr_array_index (list, p);

          if ((best == NULL || pattern->n_words > best->n_words) &&
              pattern_matches (pattern, tokens, t))
            best = pattern;
        }

      if (best == NULL)
        {
          t++;
          continue;
        }

      for (guint w = 0; w < best->n_words; w++)
        g_array_index (tokens, Token, t + w).taken = TRUE;

      if (!g_hash_table_contains (suggested, best->mention))
        {
          g_autofree char *as = span_text (&g_array_index (tokens, Token, t),
                                           &g_array_index (tokens, Token,
                                                           t + best->n_words - 1));
          g_autofree char *as_key = folded_name (as);
          g_autofree char *own_key = folded_name (wd_mention_get_name (best->mention));
          char *reason;

          g_hash_table_add (suggested, best->mention);
          if (strcmp (as_key, own_key) == 0)
            reason = g_strdup (_("Named in the source"));
          else
            /* Translators: %s is the name as the source writes it. */
            reason = g_strdup_printf (_("Named in the source as “%s”"), as);
          g_ptr_array_add (suggestions,
                           suggestion_new (wd_mention_get_id (best->mention),
                                           wd_mention_get_name (best->mention),
                                           wd_mention_get_kind (best->mention), reason));
        }
      t += best->n_words;
    }

  /* Names new to the catalog */
  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, name_free);
  collect_names (tokens, names);
  {
    g_autoptr(GPtrArray) repeated = g_ptr_array_new ();
    g_autofree char *publisher_key = publisher != NULL ? folded_name (publisher) : NULL;
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, names);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        Name *name = value;

        if (name->count < MIN_REPEATS)
          continue;
        if (publisher_key != NULL && strcmp (key, publisher_key) == 0)
          continue;
        if (find_in_catalog (catalog_index, name->display) != NULL)
          continue;
        g_ptr_array_add (repeated, name);
      }
    g_ptr_array_sort (repeated, compare_names);

    for (guint i = 0; i < repeated->len; i++)
      {
        Name *name = g_ptr_array_index (repeated, i);

        g_ptr_array_add (suggestions,
                         suggestion_new (0, name->display, name->kind,
                                         /* Translators: %u is how often, at least 2. */
                                         g_strdup_printf (ngettext ("Named %u time in the "
                                                                    "source, new to the catalog",
                                                                    "Named %u times in the "
                                                                    "source, new to the catalog",
                                                                    name->count),
                                                          name->count)));
      }
  }

  return g_steal_pointer (&suggestions);
}

/**
 * wd_builtin_suggest_mentions:
 * @store: the archive
 * @brief_id: the brief
 * @error: return location for a #WD_STORE_ERROR
 *
 * wd_builtin_suggest_mentions_for() for the source of @brief_id, with the
 * archive's mention catalog. Nothing is written to the archive.
 *
 * Returns: (transfer container) (element-type WdMentionSuggestion): the
 *   suggestions, or %NULL with @error set
 */
GPtrArray *
wd_builtin_suggest_mentions (WdStore  *store,
                             gint64    brief_id,
                             GError  **error)
{
  g_autoptr(WdBrief) brief = NULL;
  g_autoptr(GPtrArray) catalog = NULL;

  g_return_val_if_fail (WD_IS_STORE (store), NULL);

  brief = wd_store_load_brief (store, brief_id, error);
  if (brief == NULL)
    return NULL;
  catalog = wd_store_list_mentions (store, error);
  if (catalog == NULL)
    return NULL;

  return wd_builtin_suggest_mentions_for (wd_brief_get_source (brief), catalog);
}

/* ---------------------------------------------------------------------- */
/* The sections it leaves to others */

/**
 * wd_builtin_section_note:
 * @kind: a section
 *
 * What to tell the editor about a section the builtin engine leaves
 * empty: the analyst's take and what to watch need judgement, which a
 * language model or the editor must bring.
 *
 * Returns: (nullable): a translated sentence, or %NULL for a section the
 *   engine drafts
 */
const char *
wd_builtin_section_note (WdSectionKind kind)
{
  switch (kind)
    {
    case WD_SECTION_ANALYST_TAKE:
      return _("The builtin engine does not write the analyst’s take; write it yourself, "
               "or choose a language-model backend in Preferences and draft again.");
    case WD_SECTION_WATCH:
      return _("The builtin engine does not say what to watch; write it yourself, "
               "or choose a language-model backend in Preferences and draft again.");
    case WD_SECTION_SUMMARY:
    case WD_SECTION_CONTEXT:
    default:
      return NULL;
    }
}

/* ---------------------------------------------------------------------- */
/* Everything at once */

/**
 * wd_builtin_draft_free:
 * @draft: (nullable): a #WdBuiltinDraft
 *
 * Frees @draft and what it holds.
 */
void
wd_builtin_draft_free (WdBuiltinDraft *draft)
{
  if (draft == NULL)
    return;

  g_clear_pointer (&draft->summary, wd_builtin_summary_free);
  g_free (draft->context);
  g_clear_pointer (&draft->related, g_ptr_array_unref);
  g_clear_pointer (&draft->mentions, g_ptr_array_unref);
  g_free (draft);
}

/**
 * wd_builtin_draft:
 * @store: the archive
 * @brief_id: the brief
 * @error: return location for a #WD_STORE_ERROR
 *
 * Drafts what the builtin engine drafts for @brief_id: the extractive
 * summary of its source (default length), the context from related
 * coverage, and mention suggestions. It reads the archive and writes
 * nothing: the caller saves the sections as revisions. Blocking, CPU and
 * reads only: call it from a GTask thread in the app. The caller decides
 * what a publisher's policy allows (a link-only source gets no summary).
 *
 * Returns: (transfer full): the draft, or %NULL with @error set
 */
WdBuiltinDraft *
wd_builtin_draft (WdStore  *store,
                  gint64    brief_id,
                  GError  **error)
{
  g_autoptr(WdBuiltinDraft) draft = g_new0 (WdBuiltinDraft, 1);
  g_autoptr(WdBrief) brief = NULL;
  g_autoptr(GPtrArray) catalog = NULL;
  WdSource *source;
  const char *text;

  g_return_val_if_fail (WD_IS_STORE (store), NULL);

  brief = wd_store_load_brief (store, brief_id, error);
  if (brief == NULL)
    return NULL;
  source = wd_brief_get_source (brief);
  text = source != NULL ? wd_source_get_text (source) : NULL;

  if (text != NULL && *text != '\0')
    draft->summary = wd_builtin_summarize (text, 0, 0);

  draft->context = wd_builtin_context (store, brief_id, &draft->related, error);
  if (draft->context == NULL)
    return NULL;

  catalog = wd_store_list_mentions (store, error);
  if (catalog == NULL)
    return NULL;
  if (source != NULL)
    draft->mentions = wd_builtin_suggest_mentions_for (source, catalog);
  else
    draft->mentions = g_ptr_array_new_with_free_func (
        (GDestroyNotify) wd_mention_suggestion_free);

  return g_steal_pointer (&draft);
}
