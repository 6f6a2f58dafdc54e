/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-store"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "wd-store.h"
#include "wd-store-private.h"
#include "text/wd-text.h"

/*
 * Related coverage: the earlier briefs whose sources share a story's key
 * words, for the context section. The caller (src/core/draft/wd-related.c)
 * picks the phrases and their weights; this file holds the SQL.
 *
 * bm25 is a sum over the query's phrases, and an OR of a story's words
 * matches most of a large archive: ranking every match, as ORDER BY
 * bm25() would, takes hundreds of milliseconds at 100 000 briefs. So, like
 * wd_store_search(), this reads each index newest first and scores few
 * rows: for each phrase, its RELATED_PER_PHRASE newest earlier matches
 * with wd_rank() (bm25, k1 = 1.2, b = 0.75, the title counting ten times)
 * for that phrase alone, added up per brief, over the source and, at half
 * weight, over the brief's own headline and sections. A story's rare words
 * and names, which carry the weight, have short lists that are read
 * whole, so earlier coverage is found however old it is. Phrases weighing
 * less than SCORED_WEIGHT of the heaviest (common words, in most rows) are
 * left out: they add little to bm25, and their newest matches are merely
 * the newest stories.
 *
 * A score is that bm25 divided by the bm25 of the story's own source for
 * the same query: 1.0 means "matches the query as well as the story
 * itself", whatever the length of the query or the size of the archive,
 * which is what lets the caller use one fixed relevance floor.
 */

#define RELATED_PER_PHRASE 200
#define RELATED_PER_PHRASE_SQL "200"
#define RELATED_MAX_LIMIT 50
#define FREQUENCY_SAMPLE 500
#define FREQUENCY_SAMPLE_SQL "500"
#define BRIEF_SHARE 0.5
#define SCORED_WEIGHT 0.25
#define SNIPPET_MAX_WORDS 30
#define SNIPPET_MAX_BYTES_SQL "1500"

/**
 * wd_related_hit_free:
 * @hit: (nullable): a #WdRelatedHit
 *
 * Frees @hit and its fields.
 */
void
wd_related_hit_free (WdRelatedHit *hit)
{
  if (hit == NULL)
    return;

  g_free (hit->title);
  g_free (hit->publisher);
  g_clear_pointer (&hit->date, g_date_time_unref);
  g_free (hit->snippet);
  g_free (hit);
}

/* Each phrase as an FTS5 string; a '"' inside is doubled, as FTS5 quotes
 * it, so no phrase can end the string early. */
static char *
quote_phrase (const char *phrase)
{
  GString *out = g_string_new ("\"");

  for (const char *p = phrase; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');

  return g_string_free (out, FALSE);
}

static gboolean
check_phrases (const char * const  *phrases,
               guint               *n_phrases,
               GError             **error)
{
  guint n = 0;

  for (; phrases[n] != NULL; n++)
    {
      /* Translators: a text's name, put into "The %s is not valid UTF-8 text". */
      if (!_wd_check_utf8 (phrases[n], _("related-coverage query"), error))
        return FALSE;
    }

  *n_phrases = n;
  return TRUE;
}

static const char sql_count_sources[] = "SELECT max (id) FROM sources";

static const char sql_phrase_rows[] =
  "SELECT rowid FROM sources_fts WHERE sources_fts MATCH ?1"
  " ORDER BY rowid DESC LIMIT " FREQUENCY_SAMPLE_SQL;

/* How many sources hold @phrase: counted when there are few, else
 * estimated from how densely the newest ones sit among the ids (as the
 * search does). */
static int
estimate_sources (WdConn     *conn,
                  const char *phrase,
                  gint64      max_id,
                  double     *count)
{
  g_autoptr(WdStmt) stmt = NULL;
  g_autofree char *quoted = quote_phrase (phrase);
  gint64 last = max_id;
  guint n = 0;
  int rc;

  rc = _wd_conn_prepare (conn, sql_phrase_rows, &stmt);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_text (stmt, 1, quoted, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      last = sqlite3_column_int64 (stmt, 0);
      n++;
    }
  if (rc != SQLITE_DONE)
    return rc;

  if (n < FREQUENCY_SAMPLE)
    *count = n;
  else
    *count = MIN ((double) max_id, (double) n * max_id / MAX (1, max_id - last + 1));

  return SQLITE_OK;
}

static int
read_max_source (WdConn *conn,
                 gint64 *max_id)
{
  g_autoptr(WdStmt) stmt = NULL;
  int rc;

  *max_id = 0;
  rc = _wd_conn_prepare (conn, sql_count_sources, &stmt);
  if (rc != SQLITE_OK)
    return rc;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *max_id = sqlite3_column_int64 (stmt, 0);
      rc = SQLITE_DONE;
    }

  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/**
 * wd_store_count_phrase_sources:
 * @self: a #WdStore
 * @phrases: (array zero-terminated=1): words or runs of words, as the
 *   tokenizer splits them
 * @counts: (out caller-allocates) (array): for each phrase, about how many
 *   sources hold it
 * @n_sources: (out) (optional): about how many sources the archive holds
 * @error: return location for a #WD_STORE_ERROR
 *
 * Document frequencies for tf-idf, from the full-text index of the
 * sources' titles and text (case and accents ignored). A count below 500
 * is exact; above, it is estimated from the ids of the newest 500 sources
 * that hold the phrase, so that a common word costs no more than a rare
 * one.
 *
 * Returns: %TRUE on success
 */
gboolean
wd_store_count_phrase_sources (WdStore             *self,
                               const char * const  *phrases,
                               double              *counts,
                               double              *n_sources,
                               GError             **error)
{
  gint64 max_id = 0;
  guint n_phrases = 0;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), FALSE);
  g_return_val_if_fail (phrases != NULL, FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  if (!check_phrases (phrases, &n_phrases, error))
    return FALSE;

  conn = _wd_store_begin_read (self, NULL, error);
  if (conn == NULL)
    return FALSE;

  rc = read_max_source (conn, &max_id);
  for (guint i = 0; rc == SQLITE_OK && i < n_phrases; i++)
    rc = estimate_sources (conn, phrases[i], max_id, &counts[i]);

  if (rc != SQLITE_OK)
    {
      /* Translators: an action, put into "Wiredesk could not %s". */
      _wd_store_fail (self, conn, rc, _("look up related coverage"), error);
      _wd_store_end_read (self, conn);
      return FALSE;
    }

  if (n_sources != NULL)
    *n_sources = max_id;
  _wd_store_end_read (self, conn);
  return TRUE;
}

static const char sql_related_self[] =
  "SELECT source_id, created_at FROM briefs WHERE id = ?1";

/* Per phrase, its newest earlier matches with their bm25 for it. The
 * planner reads the index newest first (FTS5 serves ORDER BY rowid
 * itself) and looks each brief up by its unique key; earlier means created
 * before, or in the same second with a smaller id. */
static const char sql_related_sources[] =
  "SELECT b.id, wd_rank (sources_fts, ?4) FROM sources_fts"
  " JOIN briefs b ON b.source_id = sources_fts.rowid"
  " WHERE sources_fts MATCH ?1 AND b.id <> ?2 AND b.deleted_at = 0"
  "   AND (b.created_at < ?3 OR (b.created_at = ?3 AND b.id < ?2))"
  " ORDER BY sources_fts.rowid DESC LIMIT " RELATED_PER_PHRASE_SQL;

static const char sql_related_briefs[] =
  "SELECT b.id, wd_rank (briefs_fts, ?4) FROM briefs_fts"
  " JOIN briefs b ON b.id = briefs_fts.rowid"
  " WHERE briefs_fts MATCH ?1 AND b.id <> ?2 AND b.deleted_at = 0"
  "   AND (b.created_at < ?3 OR (b.created_at = ?3 AND b.id < ?2))"
  " ORDER BY briefs_fts.rowid DESC LIMIT " RELATED_PER_PHRASE_SQL;

static const char sql_related_rank_self[] =
  "SELECT wd_rank (sources_fts, ?2) FROM sources_fts"
  " WHERE sources_fts MATCH ?1 AND rowid = ?3";

static const char sql_related_row[] =
  "SELECT b.headline, s.title, coalesce (s.publisher_name, s.publisher_domain),"
  "       coalesce (s.published_at, b.created_at), b.source_id,"
  "       (SELECT text FROM sections WHERE brief_id = b.id AND kind = 'summary'),"
  "       s.excerpt, substr (s.text, 1, " SNIPPET_MAX_BYTES_SQL ")"
  " FROM briefs b JOIN sources s ON s.id = b.source_id WHERE b.id = ?1";

typedef struct
{
  gint64 brief_id;
  double score;
} Candidate;

static int
compare_by_score (gconstpointer a,
                  gconstpointer b)
{
  const Candidate *ca = *(Candidate * const *) a;
  const Candidate *cb = *(Candidate * const *) b;

  if (ca->score != cb->score)
    return ca->score > cb->score ? -1 : 1;
  /* Ties: the newer brief first. */
  return ca->brief_id < cb->brief_id ? 1 : ca->brief_id > cb->brief_id ? -1 : 0;
}

/* Adds @share of each earlier match's bm25 for @phrase to its brief. */
static int
score_phrase (WdConn      *conn,
              const char  *sql,
              const char  *phrase,
              double       weight,
              double       share,
              gint64       brief_id,
              gint64       created_at,
              GHashTable  *candidates)
{
  g_autoptr(WdStmt) stmt = NULL;
  g_autofree char *quoted = quote_phrase (phrase);
  WdRankArgs args = { 0 };
  int rc;

  args.n_phrases = 1;
  args.idf[0] = weight;
  args.weights[0] = sql == sql_related_sources ? 10.0 : 5.0;
  args.weights[1] = 1.0;

  rc = _wd_conn_prepare (conn, sql, &stmt);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_text (stmt, 1, quoted, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, brief_id);
  sqlite3_bind_int64 (stmt, 3, created_at);
  sqlite3_bind_pointer (stmt, 4, &args, WD_RANK_ARGS_TYPE, NULL);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      Candidate *candidate = g_hash_table_lookup (candidates, &id);

      if (candidate == NULL)
        {
          candidate = g_new0 (Candidate, 1);
          candidate->brief_id = id;
          g_hash_table_insert (candidates, &candidate->brief_id, candidate);
        }
      /* wd_rank() is negative, like bm25(). */
      candidate->score -= share * sqlite3_column_double (stmt, 1);
    }

  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* bm25 of the story's own source for the whole query, higher is better. */
static int
score_self (WdConn            *conn,
            const char * const *phrases,
            const double       *weights,
            guint               n_phrases,
            gint64              source_id,
            double             *score)
{
  g_autoptr(WdStmt) stmt = NULL;
  g_autoptr(GString) query = g_string_new (NULL);
  WdRankArgs args = { 0 };
  int rc;

  args.n_phrases = n_phrases;
  args.weights[0] = 10.0;
  args.weights[1] = 1.0;
  for (guint i = 0; i < n_phrases; i++)
    {
      g_autofree char *quoted = quote_phrase (phrases[i]);

      args.idf[i] = weights[i];
      if (i > 0)
        g_string_append (query, " OR ");
      g_string_append (query, quoted);
    }

  *score = 0;
  rc = _wd_conn_prepare (conn, sql_related_rank_self, &stmt);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_text (stmt, 1, query->str, -1, SQLITE_STATIC);
  sqlite3_bind_pointer (stmt, 2, &args, WD_RANK_ARGS_TYPE, NULL);
  sqlite3_bind_int64 (stmt, 3, source_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *score = -sqlite3_column_double (stmt, 0);
      rc = SQLITE_DONE;
    }

  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* A short excerpt to show with a hit: the opening of the brief's summary
 * (what we wrote about it), else of the source's excerpt or text, whole
 * sentences up to SNIPPET_MAX_WORDS words, cut with "…" when even the
 * first is longer. Lines wrapped in underscores (the builtin engine's
 * "extractive draft" marker) are no content. */
static char *
make_snippet (const char *summary,
              const char *excerpt,
              const char *text)
{
  const char *from = NULL;
  g_autoptr(GPtrArray) sentences = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  guint n_words = 0;

  if (summary != NULL && *summary != '\0')
    from = summary;
  else if (excerpt != NULL && *excerpt != '\0')
    from = excerpt;
  else if (text != NULL && *text != '\0')
    from = text;
  if (from == NULL)
    return NULL;

  sentences = wd_text_split_sentences (from);
  for (guint i = 0; i < sentences->len; i++)
    {
      const char *sentence = g_ptr_array_index (sentences, i);
      gsize length = strlen (sentence);
      guint words;

      if (length >= 2 && sentence[0] == '_' && sentence[length - 1] == '_')
        continue;

      words = wd_text_count_words (sentence);
      if (out->len > 0 && n_words + words > SNIPPET_MAX_WORDS)
        break;

      if (out->len == 0 && words > SNIPPET_MAX_WORDS)
        {
          const char *cursor = sentence;
          const char *start = NULL;
          gsize token_length = 0;

          for (guint w = 0; w < SNIPPET_MAX_WORDS; w++)
            wd_text_next_token (&cursor, &start, &token_length);
          g_string_append_len (out, sentence, start + token_length - sentence);
          g_string_append (out, "\xe2\x80\xa6");
          break;
        }

      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, sentence);
      n_words += words;
    }

  if (out->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static int
read_hit (WdConn        *conn,
          Candidate     *candidate,
          WdRelatedHit **out)
{
  g_autoptr(WdStmt) stmt = NULL;
  WdRelatedHit *hit;
  const char *headline;
  int rc;

  *out = NULL;
  rc = _wd_conn_prepare (conn, sql_related_row, &stmt);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_int64 (stmt, 1, candidate->brief_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return rc == SQLITE_DONE ? SQLITE_OK : rc;

  hit = g_new0 (WdRelatedHit, 1);
  hit->brief_id = candidate->brief_id;
  headline = _wd_column_text (stmt, 0);
  hit->title = g_strdup (headline != NULL && *headline != '\0' ? headline
                                                               : _wd_column_text (stmt, 1));
  hit->publisher = g_strdup (_wd_column_text (stmt, 2));
  hit->date = _wd_column_time (stmt, 3);
  hit->source_id = sqlite3_column_int64 (stmt, 4);
  hit->score = candidate->score;
  hit->snippet = make_snippet (_wd_column_text (stmt, 5), _wd_column_text (stmt, 6),
                               _wd_column_text (stmt, 7));
  *out = hit;

  return SQLITE_OK;
}

/**
 * wd_store_find_related:
 * @self: a #WdStore
 * @brief_id: the story's brief
 * @phrases: (array zero-terminated=1): the query: words or runs of words
 *   (a name), as the tokenizer splits them; at most 32 are used
 * @weights: (array): a positive weight per phrase (its idf, say)
 * @limit: the most hits wanted (at most 50)
 * @floor: the lowest score kept
 * @error: return location for a #WD_STORE_ERROR
 *
 * Finds the briefs created before @brief_id (never itself or its source)
 * whose sources match @phrases, ranked by bm25 over the source's title and
 * text plus half of it over the brief's own headline and sections. A
 * hit's score is that bm25 relative to the one of @brief_id's own source
 * (1.0: as close as the story itself); hits below @floor are left out, so
 * the result may be empty. Phrases weighing less than a quarter of the
 * heaviest are left out of the ranking, and each phrase counts for its 200
 * newest earlier matches only (see wd-store-related.c).
 *
 * Returns: (transfer container) (element-type WdRelatedHit): the hits,
 *   best first (freeing the array frees them), or %NULL with @error set
 */
GPtrArray *
wd_store_find_related (WdStore             *self,
                       gint64               brief_id,
                       const char * const  *phrases,
                       const double        *weights,
                       guint                limit,
                       double               floor,
                       GError             **error)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GHashTable) candidates = NULL;
  g_autoptr(GPtrArray) scored = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  g_autoptr(GArray) kept_weights = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 self_source = 0;
  gint64 created_at = 0;
  double self_score = 0;
  double max_weight = 0;
  guint n_phrases = 0;
  GHashTableIter iter;
  gpointer value;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), NULL);
  g_return_val_if_fail (phrases != NULL, NULL);
  g_return_val_if_fail (weights != NULL, NULL);

  if (!check_phrases (phrases, &n_phrases, error))
    return NULL;
  limit = CLAMP (limit, 1, RELATED_MAX_LIMIT);

  /* A light phrase is a common word: it adds little to bm25, and its
   * newest matches are merely the newest stories. */
  for (guint i = 0; i < n_phrases; i++)
    max_weight = MAX (max_weight, weights[i]);
  for (guint i = 0; i < n_phrases && kept->len < WD_RANK_MAX_PHRASES; i++)
    if (weights[i] > 0 && weights[i] >= SCORED_WEIGHT * max_weight)
      {
        g_ptr_array_add (kept, (gpointer) phrases[i]);
        g_array_append_val (kept_weights, weights[i]);
      }

  conn = _wd_store_begin_read (self, NULL, error);
  if (conn == NULL)
    return NULL;

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = _wd_conn_prepare (conn, sql_related_self, &stmt);
    if (rc != SQLITE_OK)
      goto failed;
    sqlite3_bind_int64 (stmt, 1, brief_id);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_DONE)
      {
        g_clear_pointer (&stmt, _wd_stmt_release);
        _wd_store_end_read (self, conn);
        _wd_store_not_found_brief (self, brief_id, error);
        return NULL;
      }
    if (rc != SQLITE_ROW)
      goto failed;
    self_source = sqlite3_column_int64 (stmt, 0);
    created_at = sqlite3_column_int64 (stmt, 1);
  }

  results = g_ptr_array_new_with_free_func ((GDestroyNotify) wd_related_hit_free);
  if (kept->len == 0)
    {
      _wd_store_end_read (self, conn);
      return g_steal_pointer (&results);
    }

  /* The yardstick: the story's own source for the same query. */
  rc = score_self (conn, (const char * const *) kept->pdata, (double *) kept_weights->data,
                   kept->len, self_source, &self_score);
  if (rc != SQLITE_OK)
    goto failed;
  if (self_score <= 0)
    {
      /* The query is not even in the story: nothing is related by it. */
      _wd_store_end_read (self, conn);
      return g_steal_pointer (&results);
    }

  /* bm25 is a sum over the query's phrases: each phrase's matches add
   * their part. */
  candidates = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  for (guint i = 0; i < kept->len; i++)
    {
      const char *phrase = g_ptr_array_index (kept, i);
      double weight = g_array_index (kept_weights, double, i);

      rc = score_phrase (conn, sql_related_sources, phrase, weight, 1.0, brief_id,
                         created_at, candidates);
      if (rc == SQLITE_OK)
        rc = score_phrase (conn, sql_related_briefs, phrase, weight, BRIEF_SHARE, brief_id,
                           created_at, candidates);
      if (rc != SQLITE_OK)
        goto failed;
    }

  scored = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, candidates);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Candidate *candidate = value;

      candidate->score /= self_score;
      if (candidate->score >= floor)
        g_ptr_array_add (scored, candidate);
    }
  g_ptr_array_sort (scored, compare_by_score);

  for (guint i = 0; i < scored->len && results->len < limit; i++)
    {
      WdRelatedHit *hit = NULL;

      rc = read_hit (conn, g_ptr_array_index (scored, i), &hit);
      if (rc != SQLITE_OK)
        goto failed;
      if (hit != NULL)
        g_ptr_array_add (results, hit);
    }

  _wd_store_end_read (self, conn);
  return g_steal_pointer (&results);

failed:
  /* Translators: an action, put into "Wiredesk could not %s". */
  _wd_store_fail (self, conn, rc, _("look up related coverage"), error);
  _wd_store_end_read (self, conn);
  return NULL;
}
