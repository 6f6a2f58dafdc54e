/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-store"

#include <glib/gi18n-lib.h>

#include <math.h>

#include "wd-store.h"
#include "wd-store-private.h"
#include "wd-models-private.h"

#define DEFAULT_SEARCH_LIMIT 50
#define MAX_SEARCH_LIMIT 1000
#define MAX_QUERY_WORDS 32
#define MIN_PREFIX_CHARS 3

/* Search snippets mark matches with guillemets and elide with an ellipsis;
 * both are plain text, so a front end can find and style them. */
#define SNIPPET_OPEN "\xc2\xab"       /* « */
#define SNIPPET_CLOSE "\xc2\xbb"      /* » */
#define SNIPPET_ELLIPSIS "\xe2\x80\xa6" /* … */

/* Search */

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* A word as the index sees it (unicode61 with remove_diacritics 2):
 * case-folded, with its accents dropped. */
static char *
fold_token (const char *start,
            gsize       len)
{
  g_autofree char *folded = NULL;
  g_autofree char *decomposed = NULL;
  GString *out;
  gboolean ascii = TRUE;

  for (gsize i = 0; i < len; i++)
    if ((guchar) start[i] >= 0x80)
      ascii = FALSE;

  if (ascii)
    return g_ascii_strdown (start, len);

  folded = g_utf8_casefold (start, len);
  decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFD);
  out = g_string_sized_new (len);
  for (const char *p = decomposed; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_ismark (c))
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

#define SNIPPET_WORDS 24
#define SNIPPET_CONTEXT 4

typedef struct
{
  gsize start;
  gsize end;
  int term;    /* the query word it matches, or -1 */
} Token;

static int
match_term (GPtrArray  *terms,
            gboolean    last_is_prefix,
            const char *start,
            gsize       len,
            gboolean    ascii)
{
  g_autofree char *folded = NULL;

  /* Most words are ASCII: compare them in place, folding nothing. */
  if (!ascii)
    {
      folded = fold_token (start, len);
      start = folded;
      len = strlen (folded);
    }

  for (guint i = 0; i < terms->len; i++)
    {
      const char *term = g_ptr_array_index (terms, i);
      gsize term_len = strlen (term);
      gboolean prefix = last_is_prefix && i == terms->len - 1;

      if ((prefix ? len >= term_len : len == term_len) &&
          g_ascii_strncasecmp (start, term, term_len) == 0)
        return MIN (i, 63);  /* a bit in the snippet's 64-bit set */
    }

  return -1;
}

/* Finds the next word of @text at or after @p, as is_word_char() sees
 * words, quickly for ASCII. */
static gboolean
next_word (const char  *text,
           const char **p,
           gsize       *start,
           gsize       *end,
           gboolean    *ascii)
{
  const char *q = *p;

  while (*q != '\0')
    {
      if ((guchar) *q < 0x80)
        {
          if (g_ascii_isalnum (*q))
            break;
          q++;
        }
      else if (is_word_char (g_utf8_get_char (q)))
        break;
      else
        q = g_utf8_next_char (q);
    }

  if (*q == '\0')
    {
      *p = q;
      return FALSE;
    }

  *start = q - text;
  *ascii = TRUE;
  while (*q != '\0')
    {
      if ((guchar) *q < 0x80)
        {
          if (!g_ascii_isalnum (*q))
            break;
          q++;
        }
      else if (is_word_char (g_utf8_get_char (q)))
        {
          *ascii = FALSE;
          q = g_utf8_next_char (q);
        }
      else
        break;
    }
  *end = q - text;
  *p = q;

  return TRUE;
}

/* Makes the search snippet of @text: about SNIPPET_WORDS words around the
 * place where most of the query's words occur, matches between « and »,
 * and … where the text was cut. NULL when no query word is in @text.
 * This is done here rather than with FTS5's snippet(), which would run
 * the whole query again for every hit. */
static char *
make_snippet (const char *text,
              GPtrArray  *terms,
              gboolean    last_is_prefix)
{
  g_autoptr(GArray) tokens = NULL;
  g_autoptr(GString) out = NULL;
  guint best_start = 0;
  int best_score = -1;
  guint n_matches = 0;
  guint end;

  if (text == NULL || terms->len == 0)
    return NULL;

  tokens = g_array_sized_new (FALSE, FALSE, sizeof (Token), 1024);
  for (const char *p = text; ; )
    {
      Token token;
      gboolean ascii;

      if (!next_word (text, &p, &token.start, &token.end, &ascii))
        break;
      token.term = match_term (terms, last_is_prefix, text + token.start,
                               token.end - token.start, ascii);
      n_matches += token.term >= 0;
      g_array_append_val (tokens, token);
    }

  if (n_matches == 0)
    return NULL;

  /* Windows start a little before a match; the best holds the most
   * different query words, then the most matches. */
  for (guint i = 0; i < tokens->len; i++)
    {
      guint64 seen = 0;
      guint start;
      int distinct = 0;
      int count = 0;
      int score;

      if (g_array_index (tokens, Token, i).term < 0)
        continue;

      start = i > SNIPPET_CONTEXT ? i - SNIPPET_CONTEXT : 0;
      for (guint j = start; j < tokens->len && j < start + SNIPPET_WORDS; j++)
        {
          int term = g_array_index (tokens, Token, j).term;

          if (term < 0)
            continue;
          count++;
          if ((seen & (G_GUINT64_CONSTANT (1) << term)) == 0)
            distinct++;
          seen |= G_GUINT64_CONSTANT (1) << term;
        }

      score = distinct * 1000 + count;
      if (score > best_score)
        {
          best_score = score;
          best_start = start;
        }
    }

  end = MIN (tokens->len, best_start + SNIPPET_WORDS);
  out = g_string_new (NULL);
  if (best_start > 0)
    g_string_append (out, SNIPPET_ELLIPSIS);

  for (guint j = best_start; j < end; j++)
    {
      const Token *token = &g_array_index (tokens, Token, j);

      /* What lies between two words (spaces, punctuation) is kept, with
       * line breaks made spaces so the snippet is one line. */
      if (j > best_start)
        {
          const Token *prev = &g_array_index (tokens, Token, j - 1);

          for (gsize k = prev->end; k < token->start; k++)
            g_string_append_c (out, text[k] == '\n' || text[k] == '\r' || text[k] == '\t'
                                    ? ' ' : text[k]);
        }

      if (token->term >= 0)
        g_string_append (out, SNIPPET_OPEN);
      g_string_append_len (out, text + token->start, token->end - token->start);
      if (token->term >= 0)
        g_string_append (out, SNIPPET_CLOSE);
    }

  if (end < tokens->len)
    g_string_append (out, SNIPPET_ELLIPSIS);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Makes an FTS5 query from what the user typed, so that no input is ever
 * an FTS5 syntax error: each white-space separated word becomes a quoted
 * phrase of its letter-and-digit runs (so "U.S." is the phrase "U S" and
 * operators and quotes are plain punctuation), and the words are ANDed.
 * Each phrase is added to @phrases, and each run, folded as the index
 * folds it, to @terms. NULL when nothing searchable is left. */
static char *
build_fts_query (const char *text,
                 GPtrArray  *phrases,
                 GPtrArray  *terms)
{
  g_autoptr(GString) query = g_string_new (NULL);
  GString *phrase = g_string_new (NULL);
  guint n_words = 0;
  const char *p = text;

  while (*p != '\0' && n_words < MAX_QUERY_WORDS)
    {
      gboolean in_run = FALSE;

      g_string_truncate (phrase, 0);

      while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);

      while (*p != '\0' && !g_unichar_isspace (g_utf8_get_char (p)))
        {
          gunichar c = g_utf8_get_char (p);

          if (is_word_char (c))
            {
              if (!in_run)
                {
                  const char *end = p;

                  while (*end != '\0' && is_word_char (g_utf8_get_char (end)))
                    end = g_utf8_next_char (end);
                  g_ptr_array_add (terms, fold_token (p, end - p));
                }
              if (!in_run && phrase->len > 0)
                g_string_append_c (phrase, ' ');
              g_string_append_unichar (phrase, c);
              in_run = TRUE;
            }
          else
            {
              in_run = FALSE;
            }
          p = g_utf8_next_char (p);
        }

      if (phrase->len > 0)
        {
          if (query->len > 0)
            g_string_append_c (query, ' ');
          /* No '"' can be in the phrase: only letters, marks, digits and
           * spaces are. */
          g_string_append_printf (query, "\"%s\"", phrase->str);
          g_ptr_array_add (phrases, g_strdup_printf ("\"%s\"", phrase->str));
          n_words++;
        }
    }

  g_string_free (phrase, TRUE);

  if (query->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&query), FALSE);
}

typedef enum
{
  FROM_SOURCE,
  FROM_BRIEF,
} HitPart;

typedef struct
{
  gint64 brief_id;
  double rank;
  /* Where the snippet comes from: the part that matched best. */
  HitPart best_part;
  gint64 best_rowid;
  double best_rank;
} Hit;

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const Hit *ha = *(Hit * const *) a;
  const Hit *hb = *(Hit * const *) b;

  if (ha->rank < hb->rank)
    return -1;
  if (ha->rank > hb->rank)
    return 1;
  /* Ties: the newer brief first. */
  return ha->brief_id < hb->brief_id ? 1 : ha->brief_id > hb->brief_id ? -1 : 0;
}

static void
search_hit_free (gpointer data)
{
  WdSearchHit *hit = data;

  g_clear_object (&hit->brief);
  g_free (hit);
}

/*
 * Ranking. FTS5's bm25() counts, on its first call in a query, every
 * row that holds each query word, to weigh rare words above common ones:
 * for a word found in most of a 100 000-brief archive that count alone
 * takes several milliseconds per word and index, and ORDER BY rank LIMIT n
 * scores every match as well. So the store ranks with wd_rank(), bm25 with
 * the same formula and parameters (k1 = 1.2, b = 0.75, column weights),
 * whose document frequencies are estimated from the newest
 * SEARCH_CANDIDATES rows of each word (exact below that), and each index
 * is read newest first, scoring at most SEARCH_CANDIDATES matches: a query
 * with fewer matches (nearly every precise one) is ranked over all of
 * them, a vaguer one over its newest matches. The two lists are merged per
 * brief; snippets are made for the results only.
 */
#define SEARCH_CANDIDATES 500
#define SEARCH_CANDIDATES_SQL "500"

/* Shared with wd-store-related.c (wd-store-private.h). */
typedef WdRankArgs RankArgs;
G_STATIC_ASSERT (MAX_QUERY_WORDS == WD_RANK_MAX_PHRASES);

#define RANK_ARGS_TYPE WD_RANK_ARGS_TYPE

static void
rank_function (const Fts5ExtensionApi  *api,
               Fts5Context             *fts,
               sqlite3_context         *context,
               int                      n_values,
               sqlite3_value          **values)
{
  const double k1 = 1.2;
  const double b = 0.75;
  const RankArgs *args;
  double freq[MAX_QUERY_WORDS] = { 0 };
  sqlite3_int64 n_rows = 0;
  sqlite3_int64 total = 0;
  int n_tokens = 0;
  int n_columns;
  int n_inst = 0;
  double avg;
  double score = 0;
  int rc;

  args = n_values == 1 ? sqlite3_value_pointer (values[0], RANK_ARGS_TYPE) : NULL;
  if (args == NULL)
    {
      sqlite3_result_error (context, "wd_rank() needs its arguments", -1);
      return;
    }

  n_columns = MIN (api->xColumnCount (fts), 2);
  rc = api->xRowCount (fts, &n_rows);
  for (int c = 0; rc == SQLITE_OK && c < n_columns; c++)
    {
      sqlite3_int64 column_total = 0;

      rc = api->xColumnTotalSize (fts, c, &column_total);
      total += column_total;
    }
  if (rc == SQLITE_OK)
    rc = api->xColumnSize (fts, -1, &n_tokens);
  if (rc == SQLITE_OK)
    rc = api->xInstCount (fts, &n_inst);

  for (int i = 0; rc == SQLITE_OK && i < n_inst; i++)
    {
      int phrase, column, offset;

      rc = api->xInst (fts, i, &phrase, &column, &offset);
      if (rc == SQLITE_OK && phrase >= 0 && (guint) phrase < args->n_phrases &&
          column >= 0 && column < n_columns)
        freq[phrase] += args->weights[column];
    }

  if (rc != SQLITE_OK)
    {
      sqlite3_result_error_code (context, rc);
      return;
    }

  avg = n_rows > 0 ? (double) total / n_rows : 1.0;
  if (avg <= 0)
    avg = 1.0;

  for (guint p = 0; p < args->n_phrases; p++)
    score += args->idf[p] * (freq[p] * (k1 + 1.0)) /
             (freq[p] + k1 * (1.0 - b + b * n_tokens / avg));

  /* Like bm25(): lower is better. */
  sqlite3_result_double (context, -score);
}

gboolean
_wd_register_rank_function (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  fts5_api *api = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5 (?1)", -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_pointer (stmt, 1, (void *) &api, "fts5_api_ptr", NULL);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  return api != NULL &&
         api->xCreateFunction (api, "wd_rank", NULL, rank_function, NULL) == SQLITE_OK;
}

static const char sql_search_sources[] =
  "SELECT b.id, f.source_id, f.score"
  " FROM (SELECT rowid AS source_id, wd_rank (sources_fts, ?2) AS score"
  "       FROM sources_fts WHERE sources_fts MATCH ?1"
  "       ORDER BY rowid DESC LIMIT " SEARCH_CANDIDATES_SQL ") f"
  " JOIN briefs b ON b.source_id = f.source_id";

static const char sql_search_briefs[] =
  "SELECT rowid, rowid, wd_rank (briefs_fts, ?2)"
  " FROM briefs_fts WHERE briefs_fts MATCH ?1"
  " ORDER BY rowid DESC LIMIT " SEARCH_CANDIDATES_SQL;

static const char sql_phrase_sources[] =
  "SELECT rowid FROM sources_fts WHERE sources_fts MATCH ?1"
  " ORDER BY rowid DESC LIMIT " SEARCH_CANDIDATES_SQL;

static const char sql_phrase_briefs[] =
  "SELECT rowid FROM briefs_fts WHERE briefs_fts MATCH ?1"
  " ORDER BY rowid DESC LIMIT " SEARCH_CANDIDATES_SQL;

static const char sql_max_source[] = "SELECT max (id) FROM sources";
static const char sql_max_brief[] = "SELECT max (id) FROM briefs";

static int
query_int64 (WdConn     *conn,
             const char *sql,
             gint64     *value)
{
  g_autoptr(WdStmt) stmt = NULL;
  int rc;

  rc = _wd_conn_prepare (conn, sql, &stmt);
  if (rc != SQLITE_OK)
    return rc;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *value = sqlite3_column_int64 (stmt, 0);
      return SQLITE_OK;
    }
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* How many rows hold @phrase: counted when there are few, else estimated
 * from how densely the newest ones sit among the ids. */
static int
estimate_frequency (WdConn     *conn,
                    const char *sql,
                    const char *phrase,
                    gint64      max_id,
                    double     *frequency)
{
  g_autoptr(WdStmt) stmt = NULL;
  gint64 last = max_id;
  guint n = 0;
  int rc;

  rc = _wd_conn_prepare (conn, sql, &stmt);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_text (stmt, 1, phrase, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      last = sqlite3_column_int64 (stmt, 0);
      n++;
    }
  if (rc != SQLITE_DONE)
    return rc;

  if (n < SEARCH_CANDIDATES)
    *frequency = n;
  else
    *frequency = MIN ((double) max_id, (double) n * max_id / MAX (1, max_id - last + 1));

  return SQLITE_OK;
}

static int
fill_rank_args (WdConn     *conn,
                HitPart     part,
                GPtrArray  *phrases,
                gboolean    last_is_prefix,
                RankArgs   *args)
{
  gint64 max_id = 0;
  int rc;

  args->n_phrases = MIN (phrases->len, MAX_QUERY_WORDS);
  args->weights[0] = part == FROM_SOURCE ? 10.0 : 5.0;
  args->weights[1] = 1.0;

  rc = query_int64 (conn, part == FROM_SOURCE ? sql_max_source : sql_max_brief, &max_id);
  if (rc != SQLITE_OK)
    return rc;

  for (guint i = 0; i < args->n_phrases; i++)
    {
      g_autofree char *phrase = NULL;
      double frequency = 0;
      double idf;

      phrase = last_is_prefix && i == phrases->len - 1
               ? g_strconcat (g_ptr_array_index (phrases, i), "*", NULL)
               : g_strdup (g_ptr_array_index (phrases, i));
      rc = estimate_frequency (conn,
                               part == FROM_SOURCE ? sql_phrase_sources : sql_phrase_briefs,
                               phrase, max_id, &frequency);
      if (rc != SQLITE_OK)
        return rc;

      /* As bm25() does, a word in more than half the rows still counts a
       * little. */
      idf = log ((max_id - frequency + 0.5) / (frequency + 0.5));
      args->idf[i] = idf > 1e-6 ? idf : 1e-6;
    }

  return SQLITE_OK;
}

static const char sql_snippet_source[] =
  "SELECT text, title FROM sources WHERE id = ?1";

static const char sql_snippet_brief[] =
  "SELECT body, headline FROM briefs_fts WHERE rowid = ?1";

static int
collect_hits (WdConn     *conn,
              HitPart     part,
              GPtrArray  *phrases,
              gboolean    last_is_prefix,
              GHashTable *hits)
{
  g_autoptr(WdStmt) stmt = NULL;
  g_autofree char *fts_query = NULL;
  RankArgs args;
  int rc;

  rc = fill_rank_args (conn, part, phrases, last_is_prefix, &args);
  if (rc != SQLITE_OK)
    return rc;

  rc = _wd_conn_prepare (conn, part == FROM_SOURCE ? sql_search_sources : sql_search_briefs,
                         &stmt);
  if (rc != SQLITE_OK)
    return rc;

  fts_query = g_strjoinv (" ", (char **) phrases->pdata);
  if (last_is_prefix)
    {
      char *with_prefix = g_strconcat (fts_query, "*", NULL);

      g_free (fts_query);
      fts_query = with_prefix;
    }

  sqlite3_bind_text (stmt, 1, fts_query, -1, SQLITE_STATIC);
  sqlite3_bind_pointer (stmt, 2, &args, RANK_ARGS_TYPE, NULL);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 brief_id = sqlite3_column_int64 (stmt, 0);
      gint64 rowid = sqlite3_column_int64 (stmt, 1);
      double rank = sqlite3_column_double (stmt, 2);
      Hit *hit = g_hash_table_lookup (hits, &brief_id);

      if (hit == NULL)
        {
          hit = g_new0 (Hit, 1);
          hit->brief_id = brief_id;
          hit->rank = rank;
          hit->best_part = part;
          hit->best_rowid = rowid;
          hit->best_rank = rank;
          g_hash_table_insert (hits, &hit->brief_id, hit);
        }
      else
        {
          /* bm25 is negative, better when lower: a brief that matches in
           * both its source and its own text ranks above one that matches
           * in only one of them. */
          hit->rank += rank;
          if (rank < hit->best_rank)
            {
              hit->best_part = part;
              hit->best_rowid = rowid;
              hit->best_rank = rank;
            }
        }
    }

  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The snippet comes from the body of the part that matched best, or
 * from its title when only that matched. */
static int
read_snippet (WdConn      *conn,
              const Hit   *hit,
              GPtrArray   *terms,
              gboolean     last_is_prefix,
              char       **snippet)
{
  g_autoptr(WdStmt) stmt = NULL;
  int rc;

  *snippet = NULL;
  rc = _wd_conn_prepare (conn, hit->best_part == FROM_SOURCE ? sql_snippet_source
                                                             : sql_snippet_brief, &stmt);
  if (rc != SQLITE_OK)
    return rc;

  sqlite3_bind_int64 (stmt, 1, hit->best_rowid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *snippet = make_snippet (_wd_column_text (stmt, 0), terms, last_is_prefix);
      if (*snippet == NULL)
        *snippet = make_snippet (_wd_column_text (stmt, 1), terms, last_is_prefix);
      rc = SQLITE_DONE;
    }

  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

GPtrArray *
_wd_store_search (WdStore       *self,
                  const char    *query,
                  guint          limit,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (search_hit_free);
  g_autoptr(GHashTable) hits = NULL;
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) phrases = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  g_autofree char *fts_query = NULL;
  gboolean last_is_prefix = FALSE;
  glong last_chars;
  GHashTableIter iter;
  gpointer value;
  WdConn *conn;
  int rc;

  /* Translators: a text's name, put into "The %s is not valid UTF-8 text". */
  if (!_wd_check_utf8 (query, _("search text"), error))
    return NULL;

  if (limit == 0)
    limit = DEFAULT_SEARCH_LIMIT;
  limit = MIN (limit, MAX_SEARCH_LIMIT);

  fts_query = build_fts_query (query, phrases, terms);
  if (fts_query == NULL)
    return g_steal_pointer (&results);

  conn = _wd_store_begin_read (self, cancellable, error);
  if (conn == NULL)
    return NULL;

  hits = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);

  rc = collect_hits (conn, FROM_SOURCE, phrases, FALSE, hits);
  if (rc == SQLITE_OK)
    rc = collect_hits (conn, FROM_BRIEF, phrases, FALSE, hits);
  if (rc != SQLITE_OK)
    goto failed;

  /* Search as you type: the last word may be cut short. FTS5 reads every
   * word a prefix stands for in full, whatever the LIMIT, so the prefix
   * is only tried when the whole words found too little, and only for a
   * prefix of some length (one or two letters stand for half the
   * dictionary). */
  last_chars = g_utf8_strlen (g_ptr_array_index (terms, terms->len - 1), -1);
  if (g_hash_table_size (hits) < limit && last_chars >= MIN_PREFIX_CHARS)
    {
      last_is_prefix = TRUE;
      g_hash_table_remove_all (hits);
      rc = collect_hits (conn, FROM_SOURCE, phrases, TRUE, hits);
      if (rc == SQLITE_OK)
        rc = collect_hits (conn, FROM_BRIEF, phrases, TRUE, hits);
      if (rc != SQLITE_OK)
        goto failed;
    }

  sorted = g_ptr_array_sized_new (g_hash_table_size (hits));
  g_hash_table_iter_init (&iter, hits);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (sorted, value);
  g_ptr_array_sort (sorted, compare_hits);

  for (guint i = 0; i < sorted->len && results->len < limit; i++)
    {
      Hit *hit = g_ptr_array_index (sorted, i);
      g_autoptr(GError) local_error = NULL;
      g_autofree char *snippet = NULL;
      WdBrief *brief;
      WdSearchHit *result;

      brief = _wd_store_read_brief_row (self, conn, hit->brief_id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          _wd_store_end_read (self, conn);
          return NULL;
        }
      if (brief == NULL)
        continue;

      rc = read_snippet (conn, hit, terms, last_is_prefix, &snippet);
      if (rc != SQLITE_OK)
        {
          g_object_unref (brief);
          goto failed;
        }

      wd_brief_set_snippet (brief, snippet);
      result = g_new0 (WdSearchHit, 1);
      result->brief = brief;
      result->rank = hit->rank;
      g_ptr_array_add (results, result);
    }

  _wd_store_end_read (self, conn);

  return g_steal_pointer (&results);

failed:
  /* Translators: an action, put into "Wiredesk could not %s". */
  _wd_store_fail (self, conn, rc, _("search"), error);
  _wd_store_end_read (self, conn);
  return NULL;
}

/**
 * wd_store_search:
 * @self: a #WdStore
 * @query: what the user typed
 * @limit: the most results wanted; 0 for the default (50)
 * @error: return location for a #WD_STORE_ERROR
 *
 * Full-text search over the sources' titles and text and the briefs'
 * headlines and sections. Every word of @query must match; for search as
 * you type, the last word also matches as a prefix ("volc" finds
 * "volcano") when it has at least three letters and the whole words find
 * fewer than @limit briefs. Punctuation, quotes and FTS5 operators in
 * @query are plain text, so no input is a syntax error, and one with no
 * letters or digits gives no results. Accents and case are ignored.
 * Results are ranked by bm25, a word in a title counting more; a brief
 * that matches through both its source and its own text counts both. When
 * a query matches more than 500 sources or briefs, only the newest 500 of
 * each are ranked, so that a vague query stays as fast as a precise one.
 * Each hit's brief is a list row whose "snippet" is a short excerpt with
 * the matches between « and » and cuts marked with …
 *
 * Returns: (transfer container) (element-type WdSearchHit): the hits, best
 *   first (freeing the array frees them), or %NULL with @error set
 */
GPtrArray *
wd_store_search (WdStore     *self,
                 const char  *query,
                 guint        limit,
                 GError     **error)
{
  g_return_val_if_fail (WD_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  return _wd_store_search (self, query, limit, NULL, error);
}
